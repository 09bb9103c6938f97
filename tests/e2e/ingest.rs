//! Git → GUI ingestion on real git repositories (file://) and real databases.

use std::collections::BTreeMap;

use hnp_core::config::Config;
use hnp_core::context::Core;
use hnp_core::operations::Requester;
use hnp_core::progress::NoProgress;
use hnp_core::repositories::{self, NewFabric};
use hnp_core::sync::ingest::{self, IngestReport};
use hnp_core::{audit::Actor, flags, sync::directories};
use hnp_entity::enums::{AuthType, DirectoryStatus, OperationStatus};
use hnp_entity::{fabric, resource, sync_operation};
use hnp_tests::{Backend, GitFixture, TestDatabase};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

pub struct Env {
    pub core: Core,
    pub git: GitFixture,
    _db: TestDatabase,
    _data: tempfile::TempDir,
}

pub async fn env(backend: Backend, directory_management: bool) -> Env {
    let test_db = TestDatabase::migrated(backend).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let config = Config {
        database_url: Some(test_db.url.clone()),
        data_dir: data.path().to_owned(),
        directory_management_enabled: directory_management,
        ..Config::default()
    };
    let db = hnp_core::db::connect(&test_db.url).await.unwrap();
    hnp_core::db::migrate(&db).await.unwrap();
    flags::ensure_defaults(&db, &config).await.unwrap();
    Env {
        core: Core::new(config, db).unwrap(),
        git: GitFixture::new().unwrap(),
        _db: test_db,
        _data: data,
    }
}

pub async fn create_fabric(env: &Env, name: &str, directory: &str) -> fabric::Model {
    repositories::create_fabric(
        &env.core,
        NewFabric {
            name: name.into(),
            repo_url: env.git.url(),
            directory: directory.into(),
            branch: None,
            auth: AuthType::None,
            credentials: None,
            ssh_host_keys: vec![],
            commit_author: None,
        },
        &Actor::system("test"),
    )
    .await
    .unwrap()
    .0
}

pub async fn sync(env: &Env, fabric_id: i32) -> IngestReport {
    let fabric = fabric::Entity::find_by_id(fabric_id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    ingest::git_to_gui(&env.core, &fabric, &Requester::cli(), &NoProgress)
        .await
        .unwrap()
}

pub async fn resources(env: &Env, fabric_id: i32) -> BTreeMap<String, resource::Model> {
    resource::Entity::find()
        .filter(resource::Column::FabricId.eq(fabric_id))
        .order_by_asc(resource::Column::Id)
        .all(&env.core.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (format!("{}/{}/{}", r.kind, r.namespace, r.name), r))
        .collect()
}

fn vpc(name: &str, subnet: &str) -> String {
    format!(
        "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: {name}\nspec:\n  subnets:\n    default:\n      subnet: {subnet}\n      vlan: 1001\n"
    )
}

fn switch(name: &str, mac: &str) -> String {
    format!(
        "# a leaf\napiVersion: wiring.githedgehog.com/v1beta1\nkind: Switch\nmetadata:\n  name: {name}\n  labels:\n    fabric.githedgehog.com/rack: r1\nspec:\n  role: server-leaf\n  boot: {{mac: {mac}}}\n"
    )
}

async fn incremental_lifecycle(backend: Backend) {
    let env = env(backend, false).await;
    let git = &env.git;
    git.write(
        "fabrics/dc1/a.yaml",
        format!(
            "{}---\n{}",
            vpc("vpc-1", "10.0.1.0/24"),
            switch("leaf-01", "0c:20:12:fe:01:00")
        ),
    )
    .unwrap();
    git.write("fabrics/dc1/sub/b.yml", vpc("vpc-2", "10.0.2.0/24"))
        .unwrap();
    git.write("fabrics/dc1/README.md", "not yaml").unwrap();
    git.write(
        "fabrics/dc1/unmanaged/skip.yaml",
        vpc("vpc-skip", "10.9.0.0/24"),
    )
    .unwrap();
    git.write("fabrics/other/x.yaml", vpc("vpc-other", "10.8.0.0/24"))
        .unwrap();
    git.write("fabrics/dc1/installer.yaml", "apiVersion: fabricator.githedgehog.com/v1beta1\nkind: Fabricator\nmetadata:\n  name: default\n---\napiVersion: vpc.githedgehog.com/v1alpha2\nkind: VPC\nmetadata:\n  name: old\n").unwrap();
    let c1 = git.commit("initial").unwrap();
    let fabric = create_fabric(&env, "dc1", "fabrics/dc1").await;
    assert_eq!(fabric.git_branch.as_deref(), Some("main"));

    let report = sync(&env, fabric.id).await;
    assert_eq!(
        report.status,
        OperationStatus::Succeeded,
        "{:?}",
        report.errors
    );
    assert_eq!(report.commit.as_deref(), Some(c1.as_str()));
    assert_eq!(
        (report.counters.files_processed, report.counters.created),
        (3, 3)
    );
    assert_eq!(report.unmanaged.len(), 2);
    assert!(report.unmanaged.iter().any(|u| u.kind == "Fabricator"));
    assert!(
        report
            .unmanaged
            .iter()
            .any(|u| u.api_version == "vpc.githedgehog.com/v1alpha2")
    );
    let all = resources(&env, fabric.id).await;
    assert_eq!(all.len(), 3);
    let leaf = &all["Switch/default/leaf-01"];
    assert_eq!(
        leaf.desired_spec,
        Some(json!({"role": "server-leaf", "boot": {"mac": "0c:20:12:fe:01:00"}}))
    );
    assert_eq!(
        leaf.labels,
        Some(json!({"fabric.githedgehog.com/rack": "r1"}))
    );
    assert_eq!(
        leaf.managed_file_path.as_deref(),
        Some("fabrics/dc1/a.yaml")
    );
    assert_eq!(leaf.desired_commit.as_deref(), Some(c1.as_str()));
    assert_eq!(leaf.file_hash.as_ref().map(String::len), Some(64));
    assert!(leaf.last_file_sync.is_some());

    // Same head: nothing parsed, nothing written.
    let report = sync(&env, fabric.id).await;
    assert!(report.noop);
    assert_eq!(report.counters.files_processed, 0);

    // One changed file: only it is parsed.
    git.write("fabrics/dc1/sub/b.yml", vpc("vpc-2", "10.0.22.0/24"))
        .unwrap();
    git.commit("change b").unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!(
        (
            report.counters.files_processed,
            report.counters.updated,
            report.counters.created
        ),
        (1, 1, 0)
    );
    let all = resources(&env, fabric.id).await;
    assert_eq!(
        all["VPC/default/vpc-2"].desired_spec.as_ref().unwrap()["subnets"]["default"]["subnet"],
        "10.0.22.0/24"
    );

    // A comment-only change rewrites the hash but counts as unchanged.
    git.write(
        "fabrics/dc1/a.yaml",
        format!(
            "# comment\n{}---\n{}",
            vpc("vpc-1", "10.0.1.0/24"),
            switch("leaf-01", "0c:20:12:fe:01:00")
        ),
    )
    .unwrap();
    git.commit("comment").unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!((report.counters.updated, report.counters.unchanged), (0, 2));

    // Broken YAML: error reported by path, nothing deleted, previous state kept.
    git.write("fabrics/dc1/a.yaml", "apiVersion: [unclosed\n")
        .unwrap();
    git.commit("break a").unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!(report.status, OperationStatus::PartiallySucceeded);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].path, "fabrics/dc1/a.yaml");
    let all = resources(&env, fabric.id).await;
    assert_eq!(all.len(), 3);
    assert!(all["VPC/default/vpc-1"].desired_spec.is_some());
    let stored = fabric::Entity::find_by_id(fabric.id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        stored
            .file_status
            .as_ref()
            .unwrap()
            .get("fabrics/dc1/a.yaml")
            .is_some()
    );

    // An unrelated change keeps the per-file error visible on the fabric.
    git.write("fabrics/dc1/sub/b.yml", vpc("vpc-2", "10.0.23.0/24"))
        .unwrap();
    git.commit("change b again").unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!(report.status, OperationStatus::Succeeded);
    let stored = fabric::Entity::find_by_id(fabric.id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        stored.file_status.is_some(),
        "error of a.yaml must stay until it is fixed"
    );

    // Fixed: back to normal, error cleared.
    git.write(
        "fabrics/dc1/a.yaml",
        format!(
            "{}---\n{}",
            vpc("vpc-1", "10.0.11.0/24"),
            switch("leaf-01", "0c:20:12:fe:01:00")
        ),
    )
    .unwrap();
    git.commit("fix a").unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!(
        report.status,
        OperationStatus::Succeeded,
        "{:?}",
        report.errors
    );
    assert_eq!(report.counters.updated, 1);
    let stored = fabric::Entity::find_by_id(fabric.id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.file_status, None);

    // Duplicates: a second file defining vpc-1 is an error naming both; neither wins.
    git.write("fabrics/dc1/dup.yaml", vpc("vpc-1", "10.99.0.0/24"))
        .unwrap();
    git.commit("duplicate").unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!(report.status, OperationStatus::PartiallySucceeded);
    let message = &report.errors[0].message;
    assert!(
        report.errors[0].path.ends_with("dup.yaml") && message.contains("a.yaml"),
        "{message}"
    );
    let all = resources(&env, fabric.id).await;
    assert_eq!(
        all["VPC/default/vpc-1"].desired_spec.as_ref().unwrap()["subnets"]["default"]["subnet"],
        "10.0.11.0/24"
    );
    git.remove("fabrics/dc1/dup.yaml").unwrap();

    // Deleted file: its resources are desired-deleted.
    git.remove("fabrics/dc1/sub/b.yml").unwrap();
    git.commit("delete b").unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!(report.counters.deleted, 1);
    assert!(
        !resources(&env, fabric.id)
            .await
            .contains_key("VPC/default/vpc-2")
    );

    // Every run is an operation row with counters.
    let operations = sync_operation::Entity::find()
        .filter(sync_operation::Column::FabricId.eq(fabric.id))
        .all(&env.core.db)
        .await
        .unwrap();
    assert_eq!(operations.len(), 9);
    assert!(
        operations
            .iter()
            .all(|o| o.finished_at.is_some() && o.started_at.is_some())
    );
}

#[tokio::test]
async fn sqlite_incremental_lifecycle() {
    incremental_lifecycle(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_incremental_lifecycle() {
    incremental_lifecycle(Backend::Postgres).await;
}

#[tokio::test]
async fn directory_init_is_one_commit_and_raw_documents_move_to_managed() {
    let env = env(Backend::Sqlite, true).await;
    let git = &env.git;
    git.write(
        "fabrics/dc1/hand/written.yaml",
        vpc("vpc-hand", "10.1.0.0/24"),
    )
    .unwrap();
    git.write("fabrics/dc1/README.md", "# mine\n").unwrap();
    git.commit("initial").unwrap();
    let fabric = create_fabric(&env, "dc1", "fabrics/dc1").await;

    let first = directories::initialize(&env.core, &fabric, &Requester::cli(), &NoProgress)
        .await
        .unwrap();
    assert_eq!(
        first.status,
        OperationStatus::Succeeded,
        "{:?}",
        first.error
    );
    assert!(first.commit.is_some());
    assert_eq!(
        first.directory_status,
        DirectoryStatus::Initialized,
        "{:?}",
        first.reasons
    );
    let commits = git.remote_log().unwrap().len();
    let second = directories::initialize(&env.core, &fabric, &Requester::cli(), &NoProgress)
        .await
        .unwrap();
    assert_eq!(second.commit, None);
    assert_eq!(
        git.remote_log().unwrap().len(),
        commits,
        "second init must not commit"
    );
    assert_eq!(
        git.remote_file("fabrics/dc1/README.md").unwrap().as_deref(),
        Some("# mine\n")
    );
    assert!(
        git.remote_file("fabrics/dc1/.hnp/manifest.yaml")
            .unwrap()
            .is_some()
    );
    assert!(
        git.remote_file("fabrics/dc1/managed/vpcs/.gitkeep")
            .unwrap()
            .is_some()
    );

    git.pull().unwrap();
    let raw = format!(
        "{}---\n{}---\napiVersion: example.com/v1\nkind: Other\nmetadata:\n  name: keep-me\n",
        vpc("vpc-a", "10.2.0.0/24"),
        vpc("vpc-b", "10.3.0.0/24")
    );
    git.write("fabrics/dc1/raw/drop.yaml", &raw).unwrap();
    git.commit("drop").unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!(
        report.status,
        OperationStatus::Succeeded,
        "{:?}",
        report.errors
    );
    let moved = report.normalize_commit.clone().expect("a normalize commit");
    assert_eq!(report.commit.as_deref(), Some(moved.as_str()));
    assert_eq!(report.counters.created, 3);
    let managed = git
        .remote_file("fabrics/dc1/managed/vpcs/vpc-a.yaml")
        .unwrap()
        .unwrap();
    assert!(
        managed.starts_with("apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\n"),
        "{managed}"
    );
    let left = git
        .remote_file("fabrics/dc1/raw/drop.yaml")
        .unwrap()
        .unwrap();
    assert!(
        left.contains("keep-me") && !left.contains("vpc-a"),
        "{left}"
    );
    let all = resources(&env, fabric.id).await;
    assert_eq!(
        all["VPC/default/vpc-a"].managed_file_path.as_deref(),
        Some("fabrics/dc1/managed/vpcs/vpc-a.yaml")
    );
    assert_eq!(
        all["VPC/default/vpc-hand"].managed_file_path.as_deref(),
        Some("fabrics/dc1/hand/written.yaml")
    );

    // Dropping the same resource again updates its managed file in place.
    git.pull().unwrap();
    git.write("fabrics/dc1/raw/again.yaml", vpc("vpc-a", "10.4.0.0/24"))
        .unwrap();
    git.commit("drop again").unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!(
        report.status,
        OperationStatus::Succeeded,
        "{:?}",
        report.errors
    );
    assert_eq!((report.counters.created, report.counters.updated), (0, 1));
    assert!(
        git.remote_file("fabrics/dc1/raw/again.yaml")
            .unwrap()
            .is_none()
    );
    assert!(
        git.remote_file("fabrics/dc1/managed/vpcs/vpc-a-1.yaml")
            .unwrap()
            .is_none()
    );
    let managed = git
        .remote_file("fabrics/dc1/managed/vpcs/vpc-a.yaml")
        .unwrap()
        .unwrap();
    assert!(managed.contains("10.4.0.0/24"), "{managed}");

    // The managed form is canonical: a re-ingest of it changes nothing.
    let report = sync(&env, fabric.id).await;
    assert!(report.noop);
}

#[tokio::test]
async fn hostile_inputs_are_per_file_errors() {
    let env = env(Backend::Sqlite, false).await;
    let git = &env.git;
    git.write("d/good.yaml", vpc("vpc-good", "10.0.0.0/24"))
        .unwrap();
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for level in 1..10 {
        let prev = (b'a' + level - 1) as char;
        let name = (b'a' + level) as char;
        bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    git.write("d/bomb.yaml", bomb).unwrap();
    git.write("d/huge.yaml", vec![b'#'; 50 * 1024 * 1024])
        .unwrap();
    git.write(
        "d/deep.yaml",
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
    )
    .unwrap();
    git.write(
        "d/latin1.yaml",
        b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("good.yaml", git.work_path().join("d/link.yaml")).unwrap();
    git.write(
        "d/.hnp/manifest.yaml",
        "layoutVersion: 1\nkinds:\n  VPC:\n    folder: ../../etc\n",
    )
    .unwrap();
    git.commit("hostile").unwrap();
    let fabric = create_fabric(&env, "h", "d").await;
    let started = std::time::Instant::now();
    let report = sync(&env, fabric.id).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(report.status, OperationStatus::PartiallySucceeded);
    let errors: BTreeMap<&str, &str> = report
        .errors
        .iter()
        .map(|e| (e.path.as_str(), e.message.as_str()))
        .collect();
    assert!(errors["d/bomb.yaml"].contains("alias"), "{errors:?}");
    assert!(errors["d/huge.yaml"].contains("too large"), "{errors:?}");
    assert!(errors["d/deep.yaml"].contains("deep"), "{errors:?}");
    assert!(errors["d/latin1.yaml"].contains("UTF-8"), "{errors:?}");
    assert!(
        errors["d/link.yaml"].contains("symbolic link"),
        "{errors:?}"
    );
    assert!(
        errors["d/.hnp/manifest.yaml"].contains("unsafe path"),
        "{errors:?}"
    );
    assert_eq!(errors.len(), 6, "{errors:?}");
    assert_eq!(report.counters.created, 1);
    let status = directories::status(&env.core, &fabric).await.unwrap();
    assert_eq!(status.status, DirectoryStatus::InvalidStructure);
    assert!(
        status.reasons.iter().any(|r| r.contains("unsafe path")),
        "{:?}",
        status.reasons
    );
}

/// Kubernetes object names (DNS-1123 subdomain), written independently of the code under test.
fn dns1123(name: &str) -> bool {
    let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    !name.is_empty()
        && name.len() <= 253
        && name.chars().all(|c| ok_char(c) || c == '-' || c == '.')
        && name.starts_with(ok_char)
        && name.ends_with(ok_char)
        && !name.contains("..")
}

fn sample_files() -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(path);
            }
        }
    }
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/hedgehog/samples");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files
}

/// Every sample file is ingested as its own fabric directory; each valid v1beta1 document of
/// a managed kind lands with its kind/namespace/name/spec, other kinds and versions are listed
/// as unmanaged, and files that cannot be used are reported by path.
#[tokio::test]
async fn every_hedgehog_sample_is_ingested() {
    use hnp_core::{hedgehog::kinds, yaml};
    let env = env(Backend::Sqlite, false).await;
    let files = sample_files();
    assert!(files.len() > 100, "samples missing: {}", files.len());
    for (i, file) in files.iter().enumerate() {
        let name = file.file_name().unwrap().to_str().unwrap();
        env.git
            .write(&format!("s/{i:03}/{name}"), std::fs::read(file).unwrap())
            .unwrap();
    }
    env.git.commit("samples").unwrap();

    let (mut landed, mut unmanaged, mut failed) = (0, 0, 0);
    for (i, file) in files.iter().enumerate() {
        let name = file.file_name().unwrap().to_str().unwrap();
        let path = format!("s/{i:03}/{name}");
        let fabric = create_fabric(&env, &format!("sample-{i:03}"), &format!("s/{i:03}")).await;
        let report = sync(&env, fabric.id).await;
        let stored = resources(&env, fabric.id).await;
        let content = std::fs::read(file).unwrap();
        // Expected, from the YAML layer directly.
        let docs = match yaml::parse_documents(&content, &yaml::Limits::default()) {
            Ok(docs) => docs,
            Err(_) => {
                assert_eq!(report.errors.len(), 1, "{path}: {:?}", report.errors);
                assert_eq!(report.errors[0].path, path);
                assert!(stored.is_empty());
                failed += 1;
                continue;
            }
        };
        let mut expected = BTreeMap::new();
        let mut expected_unmanaged = 0;
        let mut broken = false;
        for doc in &docs {
            let api_version = doc
                .value
                .get("apiVersion")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let kind = doc
                .value
                .get("kind")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            if kinds::lookup(api_version, kind).is_none() {
                expected_unmanaged += 1;
                continue;
            }
            match yaml::document_identity(&doc.value) {
                Ok(id) if dns1123(&id.name) && dns1123(&id.namespace) => {
                    let spec = doc
                        .value
                        .get("spec")
                        .filter(|s| !s.is_null())
                        .cloned()
                        .unwrap_or(json!({}));
                    if expected
                        .insert(format!("{kind}/{}/{}", id.namespace, id.name), spec)
                        .is_some()
                    {
                        broken = true;
                    }
                }
                _ => broken = true,
            }
        }
        if broken {
            assert_eq!(report.errors.len(), 1, "{path}: {:?}", report.errors);
            assert_eq!(report.errors[0].path, path);
            assert!(
                stored.is_empty(),
                "{path}: nothing may land from a broken file"
            );
            failed += 1;
            continue;
        }
        assert!(report.errors.is_empty(), "{path}: {:?}", report.errors);
        assert_eq!(report.unmanaged.len(), expected_unmanaged, "{path}");
        assert_eq!(stored.len(), expected.len(), "{path}");
        for (key, spec) in &expected {
            let got = stored
                .get(key)
                .unwrap_or_else(|| panic!("{path}: {key} missing"));
            assert_eq!(got.desired_spec.as_ref(), Some(spec), "{path}: {key}");
            assert_eq!(got.managed_file_path.as_deref(), Some(path.as_str()));
        }
        landed += expected.len();
        unmanaged += expected_unmanaged;
    }
    assert!(landed > 100, "only {landed} resources landed");
    assert!(
        unmanaged > 0 && failed > 0,
        "unmanaged {unmanaged}, failed {failed}"
    );
}

/// Over http with basic auth: wrong credentials give a clear authentication error and leave no
/// partial state; the right ones ingest.
#[tokio::test]
async fn http_credentials_are_checked_and_never_leak() {
    use hnp_tests::git_support::HttpGitServer;
    let env = env(Backend::Sqlite, false).await;
    env.git
        .write("d/a.yaml", vpc("vpc-1", "10.0.0.0/24"))
        .unwrap();
    env.git.commit("one").unwrap();
    let root = env.git.remote_path().parent().unwrap().to_owned();
    let server = HttpGitServer::start(&root, "alice", "s3cret-pass").unwrap();
    let url = server.url("remote.git");

    let actor = Actor::system("test");
    let create = |name: &str, credentials: &str, branch: Option<&str>| {
        repositories::create_fabric(
            &env.core,
            NewFabric {
                name: name.into(),
                repo_url: url.clone(),
                directory: "d".into(),
                branch: branch.map(str::to_owned),
                auth: AuthType::Basic,
                credentials: Some(credentials.into()),
                ssh_host_keys: vec![],
                commit_author: None,
            },
            &actor,
        )
    };
    // Without a branch the remote is contacted at creation: the failure is precise and clean.
    let err = create("wrong", "alice:wrong-pass-123", None)
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("authentication"), "{message}");
    assert!(!message.contains("wrong-pass-123"), "{message}");
    assert_eq!(err.code(), "GIT_AUTH_FAILED");

    // A fabric with a wrong password (explicit branch): the sync fails, nothing is written.
    let (fabric, _) = create("wrong", "alice:wrong-pass-123", Some("main"))
        .await
        .unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!(report.status, OperationStatus::Failed);
    let message = &report.errors.last().unwrap().message;
    assert!(message.contains("authentication"), "{message}");
    assert!(!message.contains("wrong-pass-123"), "{message}");
    assert!(resources(&env, fabric.id).await.is_empty());
    let stored = fabric::Entity::find_by_id(fabric.id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.desired_state_commit, None);

    // Same repository record with the right password: the fabric ingests.
    let (ok, repo) = repositories::create_fabric(
        &env.core,
        NewFabric {
            name: "right".into(),
            repo_url: url.clone(),
            directory: "".into(),
            branch: None,
            auth: AuthType::Basic,
            credentials: Some("alice:s3cret-pass".into()),
            ssh_host_keys: vec![],
            commit_author: None,
        },
        &Actor::system("test"),
    )
    .await
    .unwrap();
    assert_eq!(
        repo.id,
        fabric.git_repository_id.unwrap(),
        "repository record reused"
    );
    let report = sync(&env, ok.id).await;
    assert_eq!(
        report.status,
        OperationStatus::Succeeded,
        "{:?}",
        report.errors
    );
    assert_eq!(report.counters.created, 1);
    // No credential in the cache's config.
    let cache_config = std::fs::read_dir(env.core.config.data_dir.join("git"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path().join("config")).unwrap_or_default())
        .collect::<String>();
    assert!(
        !cache_config.contains("s3cret-pass") && !cache_config.contains("alice"),
        "{cache_config}"
    );
}

/// SSH-key auth end to end: fabric created over ssh (branch from the remote's HEAD), the host
/// key pinned, ingest works; a wrong pinned host key is refused before any credential is used.
#[tokio::test]
async fn ssh_key_fabric_ingests_with_a_pinned_host_key() {
    use hnp_tests::git_support::SshGitServer;
    let env = env(Backend::Sqlite, false).await;
    env.git
        .write("d/a.yaml", vpc("vpc-ssh", "10.0.0.0/24"))
        .unwrap();
    env.git.commit("one").unwrap();
    let server = SshGitServer::start().expect("sshd (apt-get install -y openssh-server)");
    let url = server.url(&env.git.remote_path());
    let new_fabric = |name: &str, host_key: &str, directory: &str| NewFabric {
        name: name.into(),
        repo_url: url.clone(),
        directory: directory.into(),
        branch: None,
        auth: AuthType::SshKey,
        credentials: Some(server.client_key().into()),
        ssh_host_keys: vec![host_key.to_owned()],
        commit_author: None,
    };
    let actor = Actor::system("test");

    let wrong = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let err = repositories::create_fabric(&env.core, new_fabric("bad", wrong, "d"), &actor)
        .await
        .unwrap_err();
    assert!(err.to_string().to_lowercase().contains("host key"), "{err}");

    let (fabric, repo) = repositories::create_fabric(
        &env.core,
        new_fabric("ssh", server.host_fingerprint(), "d"),
        &actor,
    )
    .await
    .unwrap();
    assert_eq!(fabric.git_branch.as_deref(), Some("main"));
    let report =
        repositories::test_connection(&env.core, &repo, Some("main"), &Actor::system("test"))
            .await
            .unwrap();
    assert!(report.ok && report.branch_found == Some(true), "{report:?}");
    let report =
        repositories::test_connection(&env.core, &repo, Some("nope"), &Actor::system("test"))
            .await
            .unwrap();
    assert_eq!(report.error_kind.as_deref(), Some("not_found"));

    let report = sync(&env, fabric.id).await;
    assert_eq!(
        report.status,
        OperationStatus::Succeeded,
        "{:?}",
        report.errors
    );
    assert_eq!(report.counters.created, 1);
    // The private key is stored encrypted only.
    let stored = hnp_entity::git_repository::Entity::find_by_id(repo.id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    let encrypted = stored.encrypted_credentials.unwrap();
    assert!(encrypted.starts_with("hnp1:") && !encrypted.contains("PRIVATE KEY"));
}

/// The first ingest of an empty fabric streams inserts while parsing; it must give exactly what
/// the regular path gives: duplicates applied from neither file (even when the first copy was
/// already inserted), broken files reported, everything else created.
#[tokio::test]
async fn first_ingest_of_many_files_handles_duplicates_and_errors() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let env = env(backend, false).await;
        for i in 0..700 {
            env.git
                .write(
                    &format!("d/v/{i:04}.yaml"),
                    vpc(&format!("vpc-{i:04}"), "10.0.0.0/24"),
                )
                .unwrap();
        }
        // vpc-0003 again, in a file parsed in another chunk; and a broken file.
        env.git
            .write("d/z/dup.yaml", vpc("vpc-0003", "10.9.9.0/24"))
            .unwrap();
        env.git.write("d/z/broken.yaml", "kind: [\n").unwrap();
        env.git.commit("many").unwrap();
        let fabric = create_fabric(&env, "many", "d").await;
        let report = sync(&env, fabric.id).await;
        assert_eq!(
            report.status,
            OperationStatus::PartiallySucceeded,
            "{backend:?}"
        );
        assert_eq!(report.counters.files_processed, 702);
        assert_eq!(report.counters.created, 699, "{backend:?}");
        let paths: Vec<&str> = report.errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            ["d/v/0003.yaml", "d/z/broken.yaml", "d/z/dup.yaml"],
            "{backend:?}"
        );
        assert!(report.errors[0].message.contains("d/z/dup.yaml"));
        let all = resources(&env, fabric.id).await;
        assert_eq!(all.len(), 699);
        assert!(!all.contains_key("VPC/default/vpc-0003"));
        assert_eq!(
            all["VPC/default/vpc-0699"].managed_file_path.as_deref(),
            Some("d/v/0699.yaml")
        );
        // Removing the second definition lets the first one land on the next (incremental) run:
        // files with a duplicate error are read again; the broken file keeps its error on the
        // fabric until it changes.
        env.git.remove("d/z/dup.yaml").unwrap();
        env.git.commit("fix dup").unwrap();
        let report = sync(&env, fabric.id).await;
        assert_eq!(
            report.status,
            OperationStatus::Succeeded,
            "{:?}",
            report.errors
        );
        assert_eq!(report.counters.files_processed, 1, "{report:?}");
        assert_eq!(report.counters.created, 1);
        assert!(
            resources(&env, fabric.id)
                .await
                .contains_key("VPC/default/vpc-0003")
        );
        let stored = fabric::Entity::find_by_id(fabric.id)
            .one(&env.core.db)
            .await
            .unwrap()
            .unwrap();
        assert!(stored.file_status.unwrap().get("d/z/broken.yaml").is_some());
    }
}

/// A worker killed after an ingestion committed but before its operation row was finished: the
/// operation, resumed, finds nothing left to ingest and still reports what its first attempt
/// did (the counts are recorded with the ingestion, in its transaction).
#[tokio::test]
async fn a_resumed_operation_keeps_what_its_interrupted_attempt_ingested() {
    use sea_orm::{ActiveModelTrait, Set};
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let env = env(backend, false).await;
        env.git
            .write("d/a.yaml", vpc("vpc-a", "10.0.1.0/24"))
            .unwrap();
        env.git.commit("one").unwrap();
        let fabric = create_fabric(&env, "resumed", "d").await;
        sync(&env, fabric.id).await;
        env.git
            .write("d/b.yaml", vpc("vpc-b", "10.0.2.0/24"))
            .unwrap();
        let head = env.git.commit("two").unwrap();
        let report = sync(&env, fabric.id).await;
        assert_eq!(report.counters.created, 1, "{backend:?}");
        // As the row stands when the process dies right after the ingestion's commit.
        let row = sync_operation::Entity::find_by_id(report.operation_id.clone())
            .one(&env.core.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.commit_sha.as_deref(), Some(head.as_str()));
        let mut active: sync_operation::ActiveModel = row.into();
        active.status = Set(OperationStatus::Running);
        active.phase = Set(Some("upsert".into()));
        active.update(&env.core.db).await.unwrap();
        let fabric = fabric::Entity::find_by_id(fabric.id)
            .one(&env.core.db)
            .await
            .unwrap()
            .unwrap();
        let resumed = ingest::git_to_gui_in(
            &env.core,
            &fabric,
            &Requester::cli(),
            &NoProgress,
            Some(&report.operation_id),
        )
        .await
        .unwrap();
        assert!(resumed.noop, "{backend:?}");
        assert_eq!(resumed.status, OperationStatus::Succeeded);
        assert_eq!(resumed.counters.created, 1, "{backend:?}: {resumed:?}");
        let row = sync_operation::Entity::find_by_id(report.operation_id.clone())
            .one(&env.core.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.resources_created, 1, "{backend:?}");
        assert!(row.message.unwrap().contains("interrupted attempt"));
    }
}
