//! The `hnp` binary end to end: conventions (stdout/stderr, `--json`, `--…-stdin`, exit codes),
//! users and tokens, migrations on empty SQLite and PostgreSQL databases, and `serve`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hnp_tests::{Backend, TestDatabase, free_port};
use serde_json::Value;

mod support;
use support::cli::{hnp, last_json, run, stderr, stdout};
fn database_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("hnp.sqlite")
        {
            bytes.extend(std::fs::read(path).unwrap());
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn users_and_tokens_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let password = "Tr0ub4dor&3-unique-password";

    let mut create = hnp(data, &[]);
    create.args([
        "user",
        "create",
        "--username",
        "admin",
        "--role",
        "admin",
        "--password-stdin",
        "--json",
    ]);
    let output = run(create, Some(&format!("{password}\n")));
    assert!(output.status.success(), "{}", stderr(&output));
    let created = last_json(&output);
    assert_eq!(created["username"], "admin");
    assert_eq!(created["role"], "admin");
    assert_eq!(
        stdout(&output).lines().count(),
        1,
        "only the JSON object on stdout"
    );

    // Bad input fails clearly with exit code != 0.
    let mut again = hnp(data, &[]);
    again.args([
        "user",
        "create",
        "--username",
        "admin",
        "--role",
        "viewer",
        "--password-stdin",
    ]);
    let output = run(again, Some("whatever-password\n"));
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("already exists"),
        "{}",
        stderr(&output)
    );

    let mut empty = hnp(data, &[]);
    empty.args([
        "user",
        "create",
        "--username",
        "bob",
        "--role",
        "viewer",
        "--password-stdin",
    ]);
    let output = run(empty, Some("\n"));
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("password: must not be empty"),
        "{}",
        stderr(&output)
    );

    let mut bad_role = hnp(data, &[]);
    bad_role.args([
        "user",
        "create",
        "--username",
        "bob",
        "--role",
        "root",
        "--password-stdin",
        "--json",
    ]);
    let output = run(bad_role, Some("long enough password\n"));
    assert_eq!(output.status.code(), Some(3), "an invalid value: exit 3");
    assert!(
        stderr(&output).contains("possible values: viewer, operator, admin"),
        "{}",
        stderr(&output)
    );
    let error = &last_json(&output)["error"];
    assert_eq!(error["code"], "VALIDATION_FAILED");
    assert_eq!(error["problems"][0]["path"], "role", "{error}");

    let mut token = hnp(data, &[]);
    token.args(["token", "create", "--username", "admin", "--name", "ci"]);
    let output = run(token, None);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    let bare = out.lines().last().unwrap().to_owned();
    assert!(bare.starts_with("hnp_") && bare.len() > 40, "{bare:?}");
    assert!(
        !stderr(&output).contains(&bare),
        "the token goes to stdout only"
    );

    let mut list = hnp(data, &[]);
    list.args(["token", "list", "--username", "admin", "--json"]);
    let output = run(list, None);
    let tokens = last_json(&output);
    assert_eq!(tokens["tokens"][0]["name"], "ci");
    let prefix = tokens["tokens"][0]["prefix"].as_str().unwrap();
    assert!(bare.starts_with(prefix));
    assert!(
        !stdout(&output).contains(&bare),
        "listing never shows the token"
    );

    let mut missing = hnp(data, &[]);
    missing.args(["token", "create", "--username", "nobody"]);
    let output = run(missing, None);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("not found"), "{}", stderr(&output));

    let bytes = database_bytes(data);
    assert!(contains(&bytes, "admin"), "sanity: the database was found");
    assert!(
        !contains(&bytes, password),
        "password in clear in the database"
    );
    assert!(!contains(&bytes, &bare), "token in clear in the database");
    assert!(
        !contains(&bytes, &bare[4..]),
        "token secret part in the database"
    );
}

#[tokio::test]
async fn migrate_works_on_empty_sqlite_and_postgres() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let test_db = TestDatabase::new(backend).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut migrate = hnp(dir.path(), &[("HNP_DATABASE_URL", &test_db.url)]);
        migrate.args(["migrate", "--json"]);
        let output = run(migrate, None);
        assert!(output.status.success(), "{backend:?}: {}", stderr(&output));
        let status = last_json(&output);
        assert_eq!(status["pending"], serde_json::json!([]));
        let applied = status["applied"].as_array().unwrap();
        assert!(applied.len() >= 3, "{status}");
        assert_eq!(applied[0], "m0001_create_original_schema");

        // Idempotent, and --down/--status report the change.
        let mut down = hnp(dir.path(), &[("HNP_DATABASE_URL", &test_db.url)]);
        down.args(["migrate", "--down", "1", "--json"]);
        let status = last_json(&run(down, None));
        assert_eq!(status["pending"].as_array().unwrap().len(), 1);
        let mut up = hnp(dir.path(), &[("HNP_DATABASE_URL", &test_db.url)]);
        up.args(["migrate", "--json"]);
        assert_eq!(last_json(&run(up, None))["pending"], serde_json::json!([]));
    }
}

#[test]
fn configuration_problems_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut typo = hnp(dir.path(), &[("HNP_LISTN", "127.0.0.1:1")]);
    typo.args(["migrate", "--status"]);
    let output = run(typo, None);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("HNP_LISTN"), "{}", stderr(&output));

    let mut bad = hnp(dir.path(), &[("HNP_LOG_FORMAT", "xml")]);
    bad.args(["migrate", "--json"]);
    let output = run(bad, None);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("HNP_LOG_FORMAT"),
        "{}",
        stderr(&output)
    );
    assert_eq!(last_json(&output)["error"]["code"], "CONFIGURATION_ERROR");

    let key_file = dir.path().join("missing.key");
    let mut missing_key = hnp(
        dir.path(),
        &[("HNP_SECRET_KEY_FILE", key_file.to_str().unwrap())],
    );
    missing_key.args(["secrets", "rotate"]);
    let output = run(missing_key, None);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("missing.key"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test]
async fn serve_answers_health_and_readiness() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let mut serve = hnp(
        dir.path(),
        &[("HNP_LISTEN", &listen), ("HNP_LOG_FORMAT", "json")],
    );
    serve
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = serve.spawn().unwrap();

    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    let health = loop {
        match client.get(format!("http://{listen}/healthz")).send().await {
            Ok(response) => break response,
            Err(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => {
                let _ = child.kill();
                panic!("server did not come up: {e}");
            }
        }
    };
    assert_eq!(health.status(), 200);
    let ready = client
        .get(format!("http://{listen}/readyz"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["checks"]["database"], "ok");

    // First start created the database, the vault key (0600) and the global feature flags.
    assert!(dir.path().join("hnp.sqlite").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("secret.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // Graceful stop on SIGTERM; logs were JSON lines on stderr.
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let logs = stderr(&output);
    let first = logs.lines().find(|l| l.contains("listening")).unwrap();
    let parsed: Value = serde_json::from_str(first).unwrap();
    assert_eq!(parsed["level"], "INFO");
}

#[test]
fn fabric_create_and_sync_git_to_gui() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let git = hnp_tests::GitFixture::new().unwrap();
    git.write(
        "fabrics/dc1/vpcs.yaml",
        "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: vpc-1\nspec: {}\n---\napiVersion: vpc.githedgehog.com/v1alpha2\nkind: VPC\nmetadata:\n  name: legacy\n",
    )
    .unwrap();
    git.write("fabrics/dc1/broken.yaml", "kind: [\n").unwrap();
    let head = git.commit("initial").unwrap();

    let mut create = hnp(&data, &[("HNP_DIRECTORY_MANAGEMENT_ENABLED", "false")]);
    create.args([
        "fabric",
        "create",
        "--name",
        "dc1",
        "--repo-url",
        &git.url(),
        "--directory",
        "fabrics/dc1",
        "--json",
    ]);
    let output = run(create, None);
    assert!(output.status.success(), "{}", stderr(&output));
    let created = last_json(&output);
    assert_eq!(created["branch"], "main");
    assert_eq!(created["directory"], "fabrics/dc1");

    let mut duplicate = hnp(&data, &[]);
    duplicate.args([
        "fabric",
        "create",
        "--name",
        "dc1",
        "--repo-url",
        &git.url(),
        "--directory",
        "x",
    ]);
    let output = run(duplicate, None);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("already exists"),
        "{}",
        stderr(&output)
    );

    let mut sync = hnp(&data, &[("HNP_DIRECTORY_MANAGEMENT_ENABLED", "false")]);
    sync.args([
        "sync",
        "--fabric",
        "dc1",
        "--direction",
        "git-to-gui",
        "--json",
    ]);
    let output = run(sync, None);
    // Partially succeeded (one broken file): exit code 0, the error listed by path.
    assert!(output.status.success(), "{}", stderr(&output));
    let report = last_json(&output);
    assert_eq!(report["status"], "partially_succeeded");
    assert_eq!(report["files_processed"], 2);
    assert_eq!(report["created"], 1);
    assert_eq!(report["commit"], head.as_str());
    assert_eq!(report["errors"][0]["path"], "fabrics/dc1/broken.yaml");
    assert_eq!(report["unmanaged"][0]["name"], "legacy");
    assert_eq!(
        report["unmanaged"][0]["api_version"],
        "vpc.githedgehog.com/v1alpha2"
    );
    assert!(report["operation_id"].as_str().unwrap().len() == 36);
    assert_eq!(stdout(&output).lines().count(), 1);

    // A failed run (remote gone) exits non-zero with the report as the one JSON line.
    std::fs::remove_dir_all(git.remote_path()).unwrap();
    let mut sync = hnp(&data, &[]);
    sync.args([
        "sync",
        "--fabric",
        "dc1",
        "--direction",
        "git-to-gui",
        "--json",
    ]);
    let output = run(sync, None);
    assert!(!output.status.success());
    let report = last_json(&output);
    assert_eq!(report["status"], "failed");
    assert_eq!(stdout(&output).lines().count(), 1);
}

/// `hnp draft set` → `hnp sync --direction gui-to-git --json` → external change on the same
/// field → `bidirectional` opens a conflict → `hnp conflict resolve` → pushed.
#[test]
fn drafts_write_back_and_conflicts_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let git = hnp_tests::GitFixture::new().unwrap();
    git.write(
        "fabrics/dc1/vpc-1.yaml",
        "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: vpc-1\nspec:\n  subnets:\n    default:\n      subnet: 10.0.1.0/24\n      vlan: 1001\n",
    )
    .unwrap();
    git.commit("initial").unwrap();
    let vars = [
        ("HNP_DIRECTORY_MANAGEMENT_ENABLED", "false"),
        ("USER", "carol"),
    ];
    let hnp_run = |args: &[&str], stdin: Option<&str>| {
        let mut command = hnp(&data, &vars);
        command.args(args);
        run(command, stdin)
    };
    let output = hnp_run(
        &[
            "fabric",
            "create",
            "--name",
            "dc1",
            "--repo-url",
            &git.url(),
            "--directory",
            "fabrics/dc1",
            "--commit-author",
            "Fabric Bot <bot@example.com>",
        ],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let output = hnp_run(
        &["sync", "--fabric", "dc1", "--direction", "git-to-gui"],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));

    // An invalid spec names the field; nothing is saved.
    let spec = dir.path().join("bad.yaml");
    std::fs::write(&spec, "subnets:\n  default:\n    vlan: nope\n").unwrap();
    let output = hnp_run(
        &[
            "draft",
            "set",
            "--fabric",
            "dc1",
            "--kind",
            "VPC",
            "--name",
            "vpc-1",
            "--spec-file",
            spec.to_str().unwrap(),
            "--json",
        ],
        None,
    );
    assert!(!output.status.success());
    let error = last_json(&output);
    assert_eq!(error["error"]["code"], "VALIDATION_FAILED");
    assert_eq!(
        error["error"]["problems"][0]["path"],
        "spec.subnets.default.vlan"
    );

    // A JSON spec from stdin.
    let output = hnp_run(
        &[
            "draft",
            "set",
            "--fabric",
            "dc1",
            "--kind",
            "VPC",
            "--name",
            "vpc-1",
            "--spec-file",
            "-",
            "--json",
        ],
        Some(r#"{"subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1500}}}"#),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(last_json(&output)["operation"], "update");
    let output = hnp_run(
        &[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "gui-to-git",
            "--dry-run",
            "--json",
        ],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let dry = last_json(&output);
    assert_eq!(dry["pushed"], false);
    assert!(
        dry["files"][0]["diff"]
            .as_str()
            .unwrap()
            .contains("+      vlan: 1500")
    );
    let output = hnp_run(
        &[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "gui-to-git",
            "--json",
        ],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report = last_json(&output);
    assert_eq!(report["status"], "succeeded");
    assert_eq!(report["updated"], 1);
    assert_eq!(report["commit"], git.remote_log().unwrap()[0].as_str());
    let meta = hnp_tests::git(
        &git.remote_path(),
        &["log", "-1", "--format=%an <%ae>|%B", "main"],
    )
    .unwrap();
    assert!(
        meta.starts_with("Fabric Bot <bot@example.com>|HNP: update 1 VPC"),
        "{meta}"
    );
    assert!(meta.contains("HNP-User: cli:carol"), "{meta}");

    // Same field changed on both sides → a conflict, nothing pushed.
    git.pull().unwrap();
    git.write(
        "fabrics/dc1/vpc-1.yaml",
        git.remote_file("fabrics/dc1/vpc-1.yaml")
            .unwrap()
            .unwrap()
            .replace("vlan: 1500", "vlan: 1600"),
    )
    .unwrap();
    git.commit("by hand").unwrap();
    std::fs::write(
        &spec,
        "subnets:\n  default:\n    subnet: 10.0.1.0/24\n    vlan: 1700\n",
    )
    .unwrap();
    let output = hnp_run(
        &[
            "draft",
            "set",
            "--fabric",
            "dc1",
            "--kind",
            "VPC",
            "--name",
            "vpc-1",
            "--spec-file",
            spec.to_str().unwrap(),
        ],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let output = hnp_run(
        &[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "bidirectional",
            "--json",
        ],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report = last_json(&output);
    assert_eq!(report["pushed"], false);
    assert_eq!(report["conflicts"][0]["type"], "concurrent_modification");
    assert_eq!(
        report["conflicts"][0]["paths"][0],
        "spec.subnets.default.vlan"
    );
    let output = hnp_run(&["conflict", "list", "--fabric", "dc1", "--json"], None);
    let listed = last_json(&output);
    let id = listed["conflicts"][0]["id"].as_i64().unwrap().to_string();
    assert_eq!(
        listed["conflicts"][0]["git"]["subnets"]["default"]["vlan"],
        1600
    );
    let output = hnp_run(
        &[
            "conflict",
            "resolve",
            "--id",
            &id,
            "--strategy",
            "gui-wins",
            "--json",
        ],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let output = hnp_run(
        &[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "bidirectional",
            "--json",
        ],
        None,
    );
    let report = last_json(&output);
    assert_eq!(report["pushed"], true, "{report}");
    assert!(
        git.remote_file("fabrics/dc1/vpc-1.yaml")
            .unwrap()
            .unwrap()
            .contains("vlan: 1700")
    );

    // Flags: bidirectional sync off → FEATURE_DISABLED.
    let output = hnp_run(
        &[
            "flag",
            "set",
            "bidirectional_sync",
            "off",
            "--fabric",
            "dc1",
        ],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let output = hnp_run(
        &[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "gui-to-git",
            "--json",
        ],
        None,
    );
    assert_eq!(last_json(&output)["error"]["code"], "FEATURE_DISABLED");
    assert_eq!(output.status.code(), Some(7), "refused: exit 7");
    // Exit codes by class: not found 4, validation 3 (README, "Command line").
    let output = hnp_run(
        &[
            "sync",
            "--fabric",
            "nope",
            "--direction",
            "git-to-gui",
            "--json",
        ],
        None,
    );
    assert_eq!(last_json(&output)["error"]["code"], "NOT_FOUND");
    assert_eq!(output.status.code(), Some(4));
    let output = hnp_run(
        &[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "git-to-gui",
            "--dry-run",
            "--json",
        ],
        None,
    );
    assert_eq!(last_json(&output)["error"]["code"], "VALIDATION_FAILED");
    assert_eq!(output.status.code(), Some(3));
    let output = hnp_run(&["flag", "list", "--fabric", "dc1", "--json"], None);
    let flags = last_json(&output);
    assert_eq!(flags["flags"][0]["name"], "bidirectional_sync");
    assert_eq!(flags["flags"][0]["enabled"], false);
    assert_eq!(flags["flags"][0]["source"], "fabric");
}

/// `hnp fabric set-cluster` / `test-cluster` / `sync --direction cluster --json` against the
/// Kubernetes test API server; the token never shows on stdout or stderr.
#[test]
fn cluster_connection_and_read_from_the_command_line() {
    use hnp_tests::kube_server::{
        KubeApiServer, TEST_TOKEN, hedgehog_cluster_copy, hedgehog_kinds,
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let git = hnp_tests::GitFixture::new().unwrap();
    let vpc = |name: &str, i: u32, vlan: u32| -> Value {
        serde_json::json!({
            "apiVersion": "vpc.githedgehog.com/v1beta1",
            "kind": "VPC",
            "metadata": {"name": name},
            "spec": {"subnets": {"default": {"subnet": format!("10.0.{i}.0/24"), "vlan": vlan}}}
        })
    };
    let yaml = |doc: Value| format!("{doc}\n");
    git.write(
        "fabrics/dc1/vpcs.yaml",
        format!(
            "{}---\n{}",
            yaml(vpc("vpc-1", 1, 1001)),
            yaml(vpc("vpc-2", 2, 1002))
        ),
    )
    .unwrap();
    git.commit("initial").unwrap();
    let vars = [("HNP_DIRECTORY_MANAGEMENT_ENABLED", "false")];
    let mut create = hnp(&data, &vars);
    create.args([
        "fabric",
        "create",
        "--name",
        "dc1",
        "--repo-url",
        &git.url(),
        "--directory",
        "fabrics/dc1",
    ]);
    assert!(run(create, None).status.success());
    let mut sync = hnp(&data, &vars);
    sync.args(["sync", "--fabric", "dc1", "--direction", "git-to-gui"]);
    assert!(run(sync, None).status.success());

    // vpc-1 as in Git, vpc-2 on another VLAN, vpc-9 only in the cluster.
    let server = KubeApiServer::start(hedgehog_kinds()).unwrap();
    server.put(hedgehog_cluster_copy(&vpc("vpc-1", 1, 1001)));
    server.put(hedgehog_cluster_copy(&vpc("vpc-2", 2, 1099)));
    server.put(hedgehog_cluster_copy(&vpc("vpc-9", 9, 1009)));
    let ca = dir.path().join("ca.crt");
    std::fs::write(&ca, server.ca_pem()).unwrap();

    // Missing token: a clear error naming the field.
    let mut set = hnp(&data, &vars);
    set.args([
        "fabric",
        "set-cluster",
        "--fabric",
        "dc1",
        "--server",
        server.url(),
    ]);
    let output = run(set, None);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("kubernetes.token"),
        "{}",
        stderr(&output)
    );

    let mut set = hnp(&data, &vars);
    set.args([
        "fabric",
        "set-cluster",
        "--fabric",
        "dc1",
        "--server",
        server.url(),
        "--token-stdin",
        "--json",
    ])
    .arg("--ca-file")
    .arg(&ca);
    let output = run(set, Some(&format!("{TEST_TOKEN}\n")));
    assert!(output.status.success(), "{}", stderr(&output));
    let saved = last_json(&output);
    assert_eq!(saved["namespace"], "default");
    assert_eq!(saved["warnings"], serde_json::json!([]));

    let mut test = hnp(&data, &vars);
    test.args(["fabric", "test-cluster", "--fabric", "dc1", "--json"]);
    let output = run(test, None);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = last_json(&output);
    assert_eq!(report["ok"], true);
    assert_eq!(report["server_version"], "v1.31.4+k3s1");
    assert!(
        report["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k["installed"] == true)
    );

    let mut read = hnp(&data, &vars);
    read.args([
        "sync",
        "--fabric",
        "dc1",
        "--direction",
        "cluster",
        "--json",
    ]);
    let output = run(read, None);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = last_json(&output);
    assert_eq!(report["status"], "succeeded");
    assert_eq!(report["operation_id"].as_str().unwrap().len(), 36);
    assert_eq!(report["actual_updated"], 3);
    assert_eq!(
        report["actual_only"],
        serde_json::json!([{"kind": "VPC", "name": "vpc-9"}])
    );
    assert_eq!(report["desired_only"], serde_json::json!([]));
    let drifted = &report["drifted"];
    assert_eq!(drifted.as_array().unwrap().len(), 1, "{drifted}");
    assert_eq!(
        (
            &drifted[0]["kind"],
            &drifted[0]["name"],
            &drifted[0]["paths"]
        ),
        (
            &serde_json::json!("VPC"),
            &serde_json::json!("vpc-2"),
            &serde_json::json!(["spec.subnets.default.vlan"])
        )
    );
    // Each path explained, in snake_case: values, since, and the field manager (none owns the
    // field in this cluster copy).
    let difference = &drifted[0]["differences"][0];
    assert_eq!(difference["path"], "spec.subnets.default.vlan");
    assert_eq!(
        (&difference["desired"], &difference["actual"]),
        (&serde_json::json!(1002), &serde_json::json!(1099))
    );
    assert!(
        difference["since"]
            .as_str()
            .is_some_and(|s| s.starts_with("20")),
        "{difference}"
    );
    assert!(
        difference.get("manager").is_some() && difference.get("operation").is_some(),
        "{difference}"
    );
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(stdout(&output).lines().count(), 1);

    // `hnp drift adopt`: the drifted VLAN into vpc-2's draft, the orphan as a new resource;
    // vpc-1 has nothing to adopt.
    let adopt = |name: &str, paths: &[&str]| {
        let mut adopt = hnp(&data, &vars);
        adopt.args([
            "drift", "adopt", "--fabric", "dc1", "--kind", "VPC", "--name", name, "--json",
        ]);
        for path in paths {
            adopt.args(["--path", path]);
        }
        run(adopt, None)
    };
    let output = adopt("vpc-2", &["spec.subnets.default.vlan"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let adopted = last_json(&output);
    assert_eq!(adopted["operation"], "update");
    assert_eq!(adopted["orphan"], false);
    assert_eq!(
        adopted["paths"],
        serde_json::json!(["spec.subnets.default.vlan"])
    );
    let output = adopt("vpc-9", &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let adopted = last_json(&output);
    assert_eq!(
        (adopted["operation"].as_str(), adopted["orphan"].as_bool()),
        (Some("create"), Some(true))
    );
    let output = adopt("vpc-1", &[]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(last_json(&output)["error"]["code"], "VALIDATION_FAILED");
    let output = adopt("vpc-2", &["spec.subnets.default.subnet"]);
    assert_eq!(last_json(&output)["error"]["code"], "VALIDATION_FAILED");
    assert!(stderr(&output).contains("paths[0]"), "{}", stderr(&output));

    // `hnp drift ignore`: add (counted), list, remove; a bad path names the field.
    let ignore = |args: &[&str]| {
        let mut ignore = hnp(&data, &vars);
        ignore
            .args(["drift", "ignore"])
            .args(args)
            .args(["--fabric", "dc1", "--json"]);
        run(ignore, None)
    };
    let output = ignore(&[
        "add",
        "--kind",
        "VPC",
        "--path",
        "spec.subnets.*.vlan",
        "--reason",
        "NOC",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let added = last_json(&output);
    assert_eq!(added["rule"]["ignored_paths"], 1, "{added}");
    let output = ignore(&["list"]);
    let listed = last_json(&output);
    assert_eq!(
        listed["rules"][0]["path"], "spec.subnets.*.vlan",
        "{listed}"
    );
    assert_eq!(listed["rules"][0]["reason"], "NOC");
    let output = ignore(&["add", "--kind", "VPC", "--path", "status", "--reason", "x"]);
    assert_eq!(last_json(&output)["error"]["code"], "VALIDATION_FAILED");
    assert!(stderr(&output).contains("path"), "{}", stderr(&output));
    let output = ignore(&["remove", "--kind", "VPC", "--path", "spec.subnets.*.vlan"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        last_json(&ignore(&["list"]))["rules"],
        serde_json::json!([])
    );

    // A refused token: exit code != 0, the failure reported, the token never printed.
    let mut set = hnp(&data, &vars);
    set.args([
        "fabric",
        "set-cluster",
        "--fabric",
        "dc1",
        "--server",
        server.url(),
        "--token-stdin",
    ])
    .arg("--ca-file")
    .arg(&ca);
    assert!(run(set, Some("not-the-token-4242\n")).status.success());
    let mut read = hnp(&data, &vars);
    read.args([
        "sync",
        "--fabric",
        "dc1",
        "--direction",
        "cluster",
        "--json",
    ]);
    let output = run(read, None);
    assert!(!output.status.success());
    let report = last_json(&output);
    assert_eq!(report["status"], "failed");
    assert!(
        report["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("401")
    );
    for text in [stdout(&output), stderr(&output)] {
        assert!(!text.contains("not-the-token-4242") && !text.contains(TEST_TOKEN));
    }
    assert!(!contains(&database_bytes(&data), TEST_TOKEN));
    assert!(!contains(&database_bytes(&data), "not-the-token-4242"));
}

/// `hnp fabric create --provider github --github-api-url … --write-mode pull-request`, the
/// GitHub part of `fabric test-connection --json`, and `sync --json` reporting the
/// `pull_request_url` it opened (against the GitHub API test server over the real remote).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_pull_request_mode_from_the_command_line() {
    const TOKEN: &str = "ghp_cli_test_token_0123456789";
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let git = hnp_tests::GitFixture::new().unwrap();
    git.write("fabrics/dc1/vpcs.yaml", hnp_tests::vpc_doc("vpc-1", 1))
        .unwrap();
    git.commit("initial").unwrap();
    let path = hnp_core::github::repository_path(&git.url()).unwrap();
    let gh = hnp_tests::github_server::FakeGitHub::start(
        &git.remote_path(),
        &path.owner,
        &path.name,
        TOKEN,
    )
    .await
    .unwrap();
    let vars = [
        ("HNP_DIRECTORY_MANAGEMENT_ENABLED", "false"),
        ("USER", "dora"),
    ];
    let hnp_run = |args: &[&str], stdin: Option<&str>| {
        let mut command = hnp(&data, &vars);
        command.args(args);
        run(command, stdin)
    };
    let url = git.url();
    let create = |extra: &[&str]| {
        let mut args = vec![
            "fabric",
            "create",
            "--name",
            "dc1",
            "--repo-url",
            &url,
            "--directory",
            "fabrics/dc1",
            "--branch",
            "main",
            "--auth",
            "token",
            "--credentials-stdin",
            "--json",
        ];
        args.extend_from_slice(extra);
        hnp_run(&args, Some(&format!("{TOKEN}\n")))
    };

    // Bad input names the field.
    let output = create(&["--provider", "gitlab-ish"]);
    assert!(!output.status.success());
    let message = last_json(&output)["error"]["message"].to_string();
    assert!(message.contains("provider"), "{message}");
    let output = create(&["--provider", "github", "--github-api-url", "ftp://x"]);
    assert!(!output.status.success());
    let message = last_json(&output)["error"]["message"].to_string();
    assert!(message.contains("github_api_url"), "{message}");
    let output = create(&["--write-mode", "pull-request", "--provider", "generic"]);
    assert!(!output.status.success());
    let message = last_json(&output)["error"]["message"].to_string();
    assert!(message.contains("write_mode"), "{message}");

    let output = create(&[
        "--provider",
        "github",
        "--github-api-url",
        &gh.api_url,
        "--write-mode",
        "pull-request",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let created = last_json(&output);
    assert_eq!(created["provider"], "github", "{created}");
    assert_eq!(created["write_mode"], "pull_request", "{created}");
    assert_eq!(created["github_api_url"], Value::String(gh.api_url.clone()));

    let output = hnp_run(
        &["fabric", "test-connection", "--fabric", "dc1", "--json"],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report = last_json(&output);
    assert_eq!(report["github"]["can_push"], true, "{report}");
    assert_eq!(report["github"]["branch_protected"], false, "{report}");

    let output = hnp_run(
        &["sync", "--fabric", "dc1", "--direction", "git-to-gui"],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let spec = dir.path().join("vpc.yaml");
    std::fs::write(
        &spec,
        "subnets:\n  default:\n    subnet: 10.0.42.0/24\n    vlan: 1042\n",
    )
    .unwrap();
    let output = hnp_run(
        &[
            "draft",
            "set",
            "--fabric",
            "dc1",
            "--kind",
            "VPC",
            "--name",
            "vpc-1",
            "--spec-file",
            spec.to_str().unwrap(),
        ],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let output = hnp_run(
        &[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "gui-to-git",
            "--json",
        ],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report = last_json(&output);
    assert_eq!(report["status"], "succeeded", "{report}");
    let pr_url = report["pull_request_url"].as_str().unwrap_or_default();
    assert!(pr_url.ends_with("/pull/1"), "{report}");
    let pulls = gh.pulls();
    assert_eq!(pulls.len(), 1);
    assert_eq!(
        pulls[0].head,
        format!("hnp/sync-{}", report["operation_id"].as_str().unwrap())
    );
    assert!(
        pulls[0].body.contains("| updated | VPC | vpc-1 |"),
        "{}",
        pulls[0].body
    );
    // main is untouched; the token appears nowhere.
    assert!(
        git.remote_file("fabrics/dc1/vpcs.yaml")
            .unwrap()
            .unwrap()
            .contains("10.0.1.0/24")
    );
    assert!(!stdout(&output).contains(TOKEN) && !stderr(&output).contains(TOKEN));
    // Again while it is open: the same pull request, nothing new to push.
    let output = hnp_run(
        &[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "gui-to-git",
            "--json",
        ],
        None,
    );
    let again = last_json(&output);
    assert_eq!(again["pull_request_url"].as_str(), Some(pr_url), "{again}");
    assert_eq!(again["pushed"], false, "{again}");
    assert_eq!(gh.pulls().len(), 1);
}

/// `hnp notify add|list|test|remove`: the secret read from stdin never comes back (nor is it in
/// the database in clear), URLs are checked, a test against a real receiver is delivered and
/// one against a closed port fails with exit 1. (Multi-threaded: the receiver answers while a
/// test thread waits for the `hnp` process.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notification_targets_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let git = hnp_tests::GitFixture::new().unwrap();
    git.write("fabrics/dc1/README.md", "dc1\n").unwrap();
    git.commit("initial").unwrap();
    let vars = [("USER", "carol")];
    let hnp_run = |args: &[&str], stdin: Option<&str>| {
        let mut command = hnp(&data, &vars);
        command.args(args);
        run(command, stdin)
    };
    let output = hnp_run(
        &[
            "fabric",
            "create",
            "--name",
            "dc1",
            "--repo-url",
            &git.url(),
            "--directory",
            "fabrics/dc1",
        ],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let receiver = hnp_tests::receiver::Receiver::start(&[]).await.unwrap();
    let secret = "cli-secret-6f1d2c";
    let url = format!("{}/hook", receiver.url);
    let output = hnp_run(
        &[
            "notify",
            "add",
            "--fabric",
            "dc1",
            "--type",
            "webhook",
            "--url",
            &url,
            "--secret-stdin",
            "--events",
            "drift_started,sync_failed",
            "--json",
        ],
        Some(&format!("{secret}\n")),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let added = last_json(&output);
    let id = added["target"]["id"].as_i64().unwrap().to_string();
    assert_eq!(added["target"]["has_secret"], true);
    assert_eq!(
        added["target"]["events"],
        serde_json::json!(["sync_failed", "drift_started"])
    );

    let output = hnp_run(
        &[
            "notify",
            "add",
            "--fabric",
            "dc1",
            "--type",
            "slack",
            "--url",
            "ftp://x/y",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(stderr(&output).contains("url"), "{}", stderr(&output));

    let output = hnp_run(&["notify", "list", "--fabric", "dc1", "--json"], None);
    assert!(output.status.success(), "{}", stderr(&output));
    // The path (a webhook's credential, often) is never shown.
    let shown = url.strip_suffix("hook").unwrap().to_owned() + "…";
    assert_eq!(last_json(&output)["targets"][0]["url"], shown.as_str());

    let output = hnp_run(&["notify", "test", "--fabric", "dc1", &id, "--json"], None);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(last_json(&output)["delivery"]["status"], "delivered");
    let got = receiver.received();
    assert_eq!(got.len(), 1);
    assert!(got[0].headers["x-hnp-signature"].starts_with("sha256="));
    assert_eq!(got[0].json()["event"], "test");

    assert!(!contains(&output.stdout, secret) && !contains(&output.stderr, secret));
    assert!(
        !contains(&database_bytes(&data), secret),
        "secret stored in clear"
    );

    let output = hnp_run(
        &[
            "notify",
            "add",
            "--fabric",
            "dc1",
            "--type",
            "webhook",
            "--url",
            "http://127.0.0.1:9/closed",
        ],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let output = hnp_run(&["notify", "list", "--fabric", "dc1", "--json"], None);
    let closed = last_json(&output)["targets"][1]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let output = hnp_run(&["notify", "test", "--fabric", "dc1", &closed], None);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("connection failed"),
        "{}",
        stderr(&output)
    );

    let output = hnp_run(
        &["notify", "remove", "--fabric", "dc1", &id, "--json"],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(last_json(&output)["removed"], true);
    let output = hnp_run(&["notify", "list", "--fabric", "dc1", "--json"], None);
    assert_eq!(last_json(&output)["targets"].as_array().unwrap().len(), 1);
}
