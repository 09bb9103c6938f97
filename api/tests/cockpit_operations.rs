//! Sync operations as the web UI shows them, end to end against the real `hnp serve`: phase
//! timings and the last cluster read, the dry run of Initialize Directories, the commit message
//! of a dry run.

mod support;

use std::time::{Duration, Instant};

use hnp_tests::Backend;
use serde_json::{Value, json};
use support::Synced;

#[tokio::test]
async fn operation_phases_and_last_cluster_read() {
    use hnp_tests::kube_server::{KubeApiServer, TEST_TOKEN, hedgehog_kinds};
    let Synced {
        server,
        admin,
        git: _git,
        fabric,
    } = Synced::start(Backend::Sqlite).await;
    let fabric_read = "query($f: ID!) { fabric(id: $f) { lastClusterRead } syncOperations(fabricId: $f, first: 5) { nodes { direction status startedAt finishedAt phases { phase at } } } }";
    let data = server.ok(&admin, fabric_read, json!({ "f": fabric })).await;
    assert_eq!(
        data["fabric"]["lastClusterRead"],
        Value::Null,
        "before the first read"
    );
    let ingest = &data["syncOperations"]["nodes"][0];
    let phases = ingest["phases"].as_array().unwrap();
    assert!(phases.len() >= 2, "a phase before done: {ingest}");
    assert_eq!(
        phases.last().unwrap()["phase"],
        "done",
        "the finished ingestion's phases end with done: {ingest}"
    );
    assert_eq!(phases.last().unwrap()["at"], ingest["finishedAt"]);
    let at: Vec<chrono::DateTime<chrono::Utc>> = phases
        .iter()
        .map(|p| p["at"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(at.windows(2).all(|w| w[0] <= w[1]), "{phases:?}");

    let cluster = KubeApiServer::start(hedgehog_kinds()).unwrap();
    server
        .ok(
            &admin,
            "mutation($id: ID!, $k: KubernetesInput!) { updateFabric(id: $id, input: {kubernetes: $k}) { id } }",
            json!({ "id": fabric, "k": { "apiServer": cluster.url(), "caCert": cluster.ca_pem(), "token": TEST_TOKEN } }),
        )
        .await;
    server
        .ok(
            &admin,
            "mutation($f: ID!) { triggerSync(fabricId: $f, direction: CLUSTER_READ) { id } }",
            json!({ "f": fabric }),
        )
        .await;
    let deadline = Instant::now() + Duration::from_secs(60);
    let data = loop {
        let data = server.ok(&admin, fabric_read, json!({ "f": fabric })).await;
        if !data["fabric"]["lastClusterRead"].is_null() {
            break data;
        }
        assert!(
            Instant::now() < deadline,
            "no cluster read recorded: {data}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let read = data["syncOperations"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["direction"] == "CLUSTER_READ")
        .unwrap()
        .clone();
    assert_eq!(read["status"], "SUCCEEDED", "{read}");
    assert_eq!(data["fabric"]["lastClusterRead"], read["finishedAt"]);
}

#[tokio::test]
async fn initialize_directories_dry_run_lists_the_files_and_commits_nothing() {
    let Synced {
        server,
        admin,
        git,
        fabric,
    } = Synced::start(Backend::Sqlite).await;
    let before = git.remote_log().unwrap();
    let dry = "mutation($f: ID!) { initializeDirectories(fabricId: $f, dryRun: true) { id status dryRun message details } }";
    let data = server.ok(&admin, dry, json!({ "f": fabric })).await;
    let op = &data["initializeDirectories"];
    assert_eq!(op["status"], "SUCCEEDED", "{op}");
    assert_eq!(op["dryRun"], true);
    let files = op["details"]["files"].as_array().unwrap().clone();
    assert!(!files.is_empty(), "{op}");
    for f in &files {
        let path = f["path"].as_str().unwrap();
        assert!(path.starts_with("fabrics/dc1/"), "{path}");
        assert_eq!(f["action"], "create");
        let diff = f["diff"].as_str().unwrap();
        assert!(
            diff.starts_with(&format!("--- /dev/null\n+++ b/{path}\n@@ -0,0 +")),
            "{diff}"
        );
    }
    assert_eq!(
        git.remote_log().unwrap(),
        before,
        "a dry run pushes nothing"
    );

    // The real run creates exactly the planned files; a second dry run plans none.
    let data = server
        .ok(
            &admin,
            "mutation($f: ID!) { initializeDirectories(fabricId: $f) { id dryRun } }",
            json!({ "f": fabric }),
        )
        .await;
    assert_eq!(data["initializeDirectories"]["dryRun"], false);
    let deadline = Instant::now() + Duration::from_secs(60);
    while git.remote_log().unwrap() == before {
        assert!(
            Instant::now() < deadline,
            "the layout commit was not pushed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for f in &files {
        let path = f["path"].as_str().unwrap();
        let content = git
            .remote_file(path)
            .unwrap()
            .unwrap_or_else(|| panic!("{path} pushed"));
        let planned: String = f["diff"]
            .as_str()
            .unwrap()
            .lines()
            .skip(3)
            .map(|l| format!("{}\n", &l[1..]))
            .collect();
        assert_eq!(content, planned, "{path}");
    }
    let data = server.ok(&admin, dry, json!({ "f": fabric })).await;
    assert_eq!(
        data["initializeDirectories"]["details"]["files"],
        json!([]),
        "{data}"
    );
}

#[tokio::test]
async fn a_dry_run_tells_its_commit_message() {
    let Synced {
        server,
        admin,
        git,
        fabric,
    } = Synced::start(Backend::Sqlite).await;
    let data = server
        .ok(
            &admin,
            "query($f: ID) { resources(fabricId: $f) { nodes { id } } }",
            json!({ "f": fabric }),
        )
        .await;
    let id = data["resources"]["nodes"][0]["id"].clone();
    server
        .ok(
            &admin,
            "mutation($id: ID!, $s: JSON!) { updateResourceDraft(resourceId: $id, spec: $s) { operation } }",
            json!({ "id": id, "s": {"subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1999}}} }),
        )
        .await;
    let before = git.remote_log().unwrap();
    let data = server
        .ok(
            &admin,
            "mutation($f: ID!) { triggerSync(fabricId: $f, direction: GUI_TO_GIT, dryRun: true) { id } }",
            json!({ "f": fabric }),
        )
        .await;
    let op_id = data["triggerSync"]["id"].as_str().unwrap().to_owned();
    let op = server
        .wait_op(&admin, &op_id, "dryRun commitSha commitMessage details")
        .await;
    assert_eq!(op["status"], "SUCCEEDED", "{op}");
    assert_eq!(op["dryRun"], true);
    let message = op["commitMessage"]
        .as_str()
        .unwrap_or_else(|| panic!("{op}"));
    assert!(message.starts_with("HNP: update 1 VPC"), "{message}");
    assert!(
        message.contains(&format!("HNP-Operation: {op_id}")),
        "{message}"
    );
    assert!(message.contains("HNP-User: admin"), "{message}");
    assert_eq!(git.remote_log().unwrap(), before, "nothing pushed");
    // An ingestion tells the message of the commit it read.
    let data = server
        .ok(
            &admin,
            "query($f: ID!) { syncOperations(fabricId: $f) { nodes { direction commitMessage } } }",
            json!({ "f": fabric }),
        )
        .await;
    let ingest = data["syncOperations"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["direction"] == "GIT_TO_GUI")
        .unwrap()
        .clone();
    assert!(
        ingest["commitMessage"].is_null() || ingest["commitMessage"] == "vpcs\n",
        "{ingest}"
    );
}
