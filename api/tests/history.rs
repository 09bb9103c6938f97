//! `Resource.history` and `Resource.blame` over GraphQL, and the JSON of `hnp history`,
//! `hnp blame` and `hnp fabric backfill-history`.

mod support;

use std::path::Path;
use std::process::Command;

use hnp_tests::{Backend, GitFixture};
use serde_json::{Value, json};
use support::Synced;

const QUERY: &str = "query($f: ID!, $first: Int, $after: String) { resources(fabricId: $f, kind: \"VPC\") { edges { node { name history(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { kind at actor commit operationId message paths } } } blame { path commit author at source } } } } }";

async fn vpc_node(synced: &Synced, first: i32, after: Option<&str>) -> Value {
    let data = synced
        .server
        .ok(
            &synced.admin,
            QUERY,
            json!({ "f": synced.fabric, "first": first, "after": after }),
        )
        .await;
    data["resources"]["edges"][0]["node"].clone()
}

#[tokio::test]
async fn history_and_blame_fields() {
    let synced = Synced::start(Backend::Sqlite).await;
    let node = vpc_node(&synced, 10, None).await;
    assert_eq!(node["name"], "vpc-1");
    let history = &node["history"];
    assert_eq!(history["totalCount"], 1, "{node:#}");
    let created = &history["edges"][0]["node"];
    assert_eq!(created["kind"], "CREATED");
    assert_eq!(created["actor"], "Test <test@example.com>");
    assert_eq!(created["message"], "vpcs");
    assert_eq!(created["paths"], json!([]));
    assert!(created["operationId"].is_null());
    let first_commit = created["commit"].as_str().unwrap().to_owned();

    // An external change of the VLAN.
    synced
        .git
        .write(
            "fabrics/dc1/vpcs.yaml",
            hnp_tests::vpc_doc("vpc-1", 1).replace("vlan: 1002", "vlan: 1900"),
        )
        .unwrap();
    let second_commit = synced.git.commit("vlan 1900").unwrap();
    let data = synced
        .server
        .ok(
            &synced.admin,
            "mutation($f: ID!) { triggerSync(fabricId: $f, direction: GIT_TO_GUI) { id } }",
            json!({ "f": synced.fabric }),
        )
        .await;
    let op = data["triggerSync"]["id"].as_str().unwrap().to_owned();
    synced.server.wait_op(&synced.admin, &op, "id").await;

    let node = vpc_node(&synced, 1, None).await;
    let history = &node["history"];
    assert_eq!(history["totalCount"], 2);
    assert_eq!(history["pageInfo"]["hasNextPage"], true);
    let newest = &history["edges"][0]["node"];
    assert_eq!(newest["kind"], "GIT_COMMIT");
    assert_eq!(newest["commit"], second_commit.as_str());
    assert_eq!(newest["paths"], json!(["spec.subnets.default.vlan"]));
    let cursor = history["pageInfo"]["endCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let next = vpc_node(&synced, 1, Some(&cursor)).await;
    assert_eq!(next["history"]["edges"][0]["node"]["kind"], "CREATED");
    assert_eq!(next["history"]["pageInfo"]["hasNextPage"], false);

    let blame = node["blame"].as_array().unwrap();
    let by_path = |path: &str| {
        blame
            .iter()
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("{path} in {blame:?}"))
            .clone()
    };
    let vlan = by_path("spec.subnets.default.vlan");
    assert_eq!(vlan["commit"], second_commit.as_str());
    assert_eq!(vlan["author"], "Test <test@example.com>");
    assert_eq!(vlan["source"], "GIT");
    assert!(vlan["at"].is_string());
    assert_eq!(
        by_path("spec.subnets.default.subnet")["commit"],
        first_commit.as_str()
    );

    // A bad cursor names its argument.
    let body = synced
        .server
        .gql(
            &synced.admin,
            QUERY,
            json!({ "f": synced.fabric, "first": 1, "after": "nope" }),
        )
        .await;
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("after:"), "{body:#}");
}

const DIFF: &str = "query($f: ID!, $c: String!) { resources(fabricId: $f, kind: \"VPC\") { nodes { name history(first: 10) { nodes { kind commit } } commitDiff(commit: $c) { path before after } } } }";

/// `Resource.commitDiff`: the values behind an event's paths, read from the commit's blobs.
async fn commit_diff_values(backend: Backend) {
    let synced = Synced::start(backend).await;
    let diff = |commit: String| {
        let synced = &synced;
        async move {
            synced
                .server
                .gql(
                    &synced.admin,
                    DIFF,
                    json!({ "f": synced.fabric, "c": commit }),
                )
                .await
        }
    };
    synced
        .git
        .write(
            "fabrics/dc1/vpcs.yaml",
            hnp_tests::vpc_doc("vpc-1", 1).replace("vlan: 1002", "vlan: 1900"),
        )
        .unwrap();
    let second = synced.git.commit("vlan 1900").unwrap();
    let data = synced
        .server
        .ok(
            &synced.admin,
            "mutation($f: ID!) { triggerSync(fabricId: $f, direction: GIT_TO_GUI) { id } }",
            json!({ "f": synced.fabric }),
        )
        .await;
    let op = data["triggerSync"]["id"].as_str().unwrap().to_owned();
    synced.server.wait_op(&synced.admin, &op, "id").await;

    // The external commit: the one changed path of its event, with both values.
    let body = diff(second.clone()).await;
    let node = &body["data"]["resources"]["nodes"][0];
    assert_eq!(
        node["history"]["nodes"][0]["kind"], "GIT_COMMIT",
        "{body:#}"
    );
    assert_eq!(
        node["commitDiff"],
        json!([{ "path": "spec.subnets.default.vlan", "before": 1002, "after": 1900 }]),
        "{body:#}"
    );

    // The creating commit: the whole spec from nothing.
    let first = node["history"]["nodes"][1]["commit"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = diff(first).await;
    let created = &body["data"]["resources"]["nodes"][0]["commitDiff"];
    assert_eq!(created[0]["path"], "spec", "{body:#}");
    assert!(created[0]["before"].is_null());
    assert_eq!(created[0]["after"]["subnets"]["default"]["vlan"], 1002);

    // A commit the cache does not hold: null; not a commit id: an error naming the argument.
    let body = diff("0123456789abcdef0123456789abcdef01234567".into()).await;
    assert!(
        body["data"]["resources"]["nodes"][0]["commitDiff"].is_null(),
        "{body:#}"
    );
    let body = diff("HEAD~1".into()).await;
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("commit:"), "{body:#}");
}

#[tokio::test]
async fn commit_diff_sqlite() {
    commit_diff_values(Backend::Sqlite).await;
}

#[tokio::test]
async fn commit_diff_postgres() {
    commit_diff_values(Backend::Postgres).await;
}

fn hnp(data: &Path, args: &[&str]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hnp"));
    command.env_clear();
    for name in ["PATH", "HOME"] {
        if let Ok(value) = std::env::var(name) {
            command.env(name, value);
        }
    }
    command
        .env("HNP_DATA_DIR", data)
        .env("HNP_LOG", "warn")
        .args(args)
        .output()
        .unwrap()
}

fn json_of(output: &std::process::Output) -> Value {
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().last().unwrap_or_default();
    serde_json::from_str(line).unwrap_or_else(|e| {
        panic!(
            "{line:?}: {e}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn cli_json_shapes() {
    let data = tempfile::tempdir().unwrap();
    let git = GitFixture::new().unwrap();
    git.write("fabrics/dc1/vpcs.yaml", hnp_tests::vpc_doc("vpc-1", 1))
        .unwrap();
    let commit = git.commit("vpcs").unwrap();
    let url = git.url();
    let out = hnp(
        data.path(),
        &[
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
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = hnp(
        data.path(),
        &[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "git-to-gui",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let target = [
        "--fabric", "dc1", "--kind", "VPC", "--name", "vpc-1", "--json",
    ];
    let out = hnp(data.path(), &[&["history"][..], &target].concat());
    assert!(out.status.success());
    let history = json_of(&out);
    let event = &history["events"][0];
    assert_eq!(history["events"].as_array().unwrap().len(), 1);
    assert_eq!(event["kind"], "created");
    assert_eq!(event["commit"], commit.as_str());
    assert_eq!(event["actor"], "Test <test@example.com>");
    for field in ["at", "operation_id", "message", "paths"] {
        assert!(event.get(field).is_some(), "{field} in {event}");
    }

    let out = hnp(data.path(), &[&["blame"][..], &target].concat());
    assert!(out.status.success());
    let blame = json_of(&out);
    let fields = blame["fields"].as_array().unwrap();
    let paths: Vec<&str> = fields.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        ["spec.subnets.default.subnet", "spec.subnets.default.vlan"]
    );
    assert_eq!(fields[0]["source"], "GIT");
    assert_eq!(fields[0]["commit"], commit.as_str());
    assert_eq!(fields[0]["author"], "Test <test@example.com>");
    assert!(fields[0]["at"].is_string());

    let out = hnp(
        data.path(),
        &["fabric", "backfill-history", "--fabric", "dc1", "--json"],
    );
    assert!(out.status.success());
    let report = json_of(&out);
    assert_eq!(report["commits"], 1);
    assert_eq!(report["events_written"], 0);

    // Bad input: the field at fault is named, the exit code is not 0.
    let out = hnp(
        data.path(),
        &[
            "history", "--fabric", "dc1", "--kind", "Nope", "--name", "x", "--json",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("kind:"));
    let out = hnp(
        data.path(),
        &[
            "blame", "--fabric", "dc1", "--kind", "VPC", "--name", "missing",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not found"));
    let out = hnp(
        data.path(),
        &[
            "fabric",
            "backfill-history",
            "--fabric",
            "dc1",
            "--max-commits",
            "0",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("max_commits"));
}

const REVERT_FIELDS: &str = "id status dryRun direction commitSha message details commitMessage";

/// `revertCommit` (dry run, then for real), `revertOperation` of that revert (back again) and
/// a bad operation id, over GraphQL.
#[tokio::test]
async fn revert_mutations() {
    let synced = Synced::start(Backend::Sqlite).await;
    synced
        .git
        .write(
            "fabrics/dc1/vpcs.yaml",
            hnp_tests::vpc_doc("vpc-1", 1).replace("vlan: 1002", "vlan: 1900"),
        )
        .unwrap();
    let commit = synced.git.commit("vlan 1900").unwrap();
    let data = synced
        .server
        .ok(
            &synced.admin,
            "mutation($f: ID!) { triggerSync(fabricId: $f, direction: GIT_TO_GUI) { id } }",
            json!({ "f": synced.fabric }),
        )
        .await;
    let op = data["triggerSync"]["id"].as_str().unwrap().to_owned();
    synced.server.wait_op(&synced.admin, &op, "id").await;

    let revert_commit = format!(
        "mutation($f: ID!, $c: String!, $d: Boolean!) {{ revertCommit(fabricId: $f, commit: $c, dryRun: $d) {{ {REVERT_FIELDS} }} }}"
    );
    let data = synced
        .server
        .ok(
            &synced.admin,
            &revert_commit,
            json!({ "f": synced.fabric, "c": commit, "d": true }),
        )
        .await;
    let dry = &data["revertCommit"];
    assert_eq!(dry["status"], "SUCCEEDED", "{dry:#}");
    assert_eq!(dry["dryRun"], true);
    assert_eq!(dry["direction"], "GUI_TO_GIT");
    assert!(dry["commitSha"].is_null());
    let diff = dry["details"]["files"][0]["diff"].as_str().unwrap();
    assert!(
        diff.contains("-      vlan: 1900\n+      vlan: 1002\n"),
        "{diff}"
    );
    assert_eq!(dry["details"]["revert"]["commit"], commit.as_str());
    assert_eq!(dry["details"]["conflicts"], json!([]));
    let message = dry["commitMessage"].as_str().unwrap();
    assert!(message.starts_with("Revert \"vlan 1900\"\n"), "{message}");

    let data = synced
        .server
        .ok(
            &synced.admin,
            &revert_commit,
            json!({ "f": synced.fabric, "c": commit, "d": false }),
        )
        .await;
    let done = &data["revertCommit"];
    assert_eq!(done["status"], "SUCCEEDED", "{done:#}");
    assert_eq!(done["dryRun"], false);
    let reverting = done["commitSha"].as_str().unwrap().to_owned();
    let node = vpc_node(&synced, 1, None).await;
    let newest = &node["history"]["edges"][0]["node"];
    assert_eq!(newest["kind"], "REVERTED", "{node:#}");
    assert_eq!(newest["commit"], reverting.as_str());
    assert_eq!(newest["paths"], json!(["spec.subnets.default.vlan"]));

    // The revert is a write-back operation like any: reverting it brings the VLAN back.
    let data = synced
        .server
        .ok(
            &synced.admin,
            &format!(
                "mutation($o: ID!) {{ revertOperation(operationId: $o) {{ {REVERT_FIELDS} }} }}"
            ),
            json!({ "o": done["id"] }),
        )
        .await;
    let back = &data["revertOperation"];
    assert_eq!(back["status"], "SUCCEEDED", "{back:#}");
    assert_eq!(back["details"]["revert"]["operation"], done["id"]);
    let message = back["commitMessage"].as_str().unwrap();
    assert!(
        message.starts_with("Revert \"Revert \"vlan 1900\"\"")
            || message.starts_with("Revert \"Revert 'vlan 1900'\""),
        "{message}"
    );
    assert!(
        synced
            .git
            .remote_file("fabrics/dc1/vpcs.yaml")
            .unwrap()
            .unwrap()
            .contains("vlan: 1900")
    );

    // Bad arguments name themselves.
    let body = synced
        .server
        .gql(
            &synced.admin,
            "mutation { revertOperation(operationId: \"no-such-operation\") { id } }",
            json!({}),
        )
        .await;
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("operationId:"), "{body:#}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_FOUND");
    let body = synced
        .server
        .gql(
            &synced.admin,
            &revert_commit,
            json!({ "f": synced.fabric, "c": "feedfacefeedface", "d": true }),
        )
        .await;
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("commit:"), "{body:#}");
}

/// `hnp revert --fabric F --commit SHA [--dry-run] --json` and `hnp revert --operation ID`.
#[test]
fn cli_revert_json() {
    let data = tempfile::tempdir().unwrap();
    let git = GitFixture::new().unwrap();
    git.write("fabrics/dc1/vpcs.yaml", hnp_tests::vpc_doc("vpc-1", 1))
        .unwrap();
    git.commit("vpcs").unwrap();
    let url = git.url();
    let ok = |out: &std::process::Output| {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    ok(&hnp(
        data.path(),
        &[
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
        ],
    ));
    git.write(
        "fabrics/dc1/vpcs.yaml",
        hnp_tests::vpc_doc("vpc-1", 1).replace("vlan: 1002", "vlan: 1900"),
    )
    .unwrap();
    let commit = git.commit("vlan 1900").unwrap();
    let sync = [
        "sync",
        "--fabric",
        "dc1",
        "--direction",
        "git-to-gui",
        "--json",
    ];
    ok(&hnp(data.path(), &sync));

    let revert = ["revert", "--fabric", "dc1", "--commit", &commit, "--json"];
    let out = hnp(data.path(), &[&revert[..], &["--dry-run"]].concat());
    ok(&out);
    let dry = json_of(&out);
    assert_eq!(dry["status"], "succeeded", "{dry}");
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["pushed"], false);
    assert_eq!(dry["revert"]["commit"], commit.as_str());
    assert_eq!(dry["files"][0]["path"], "fabrics/dc1/vpcs.yaml");
    assert!(
        dry["files"][0]["diff"]
            .as_str()
            .unwrap()
            .contains("+      vlan: 1002")
    );

    let out = hnp(data.path(), &revert);
    ok(&out);
    let done = json_of(&out);
    assert_eq!(done["pushed"], true, "{done}");
    assert_eq!(done["updated"], 1);
    let operation = done["operation_id"].as_str().unwrap().to_owned();
    assert!(
        git.remote_file("fabrics/dc1/vpcs.yaml")
            .unwrap()
            .unwrap()
            .contains("vlan: 1002")
    );

    // The same revert again: nothing committed.
    let out = hnp(data.path(), &revert);
    ok(&out);
    let again = json_of(&out);
    assert_eq!(again["pushed"], false);
    assert!(again["commit"].is_null());
    assert!(
        again["message"]
            .as_str()
            .unwrap()
            .starts_with("nothing to revert"),
        "{again}"
    );

    // Reverting the revert operation.
    let out = hnp(
        data.path(),
        &["revert", "--operation", &operation, "--json"],
    );
    ok(&out);
    assert_eq!(json_of(&out)["revert"]["operation"], operation.as_str());

    let out = hnp(data.path(), &["revert", "--operation", "nope"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("operationId:"));
}
