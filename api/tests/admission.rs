//! Hedgehog admission through the real `hnp` (issue 16, phase 2): a refused draft over GraphQL
//! and the CLI (`VALIDATION_FAILED` with field problems), and what ingestion flags —
//! `Fabric.invalidResources`, `resources(admission: …)`, `Resource.admissionErrors` and the
//! operation's warning — on SQLite and PostgreSQL.

use hnp_tests::server::{HnpServer, NEVER};
use hnp_tests::{Backend, GitFixture};
use serde_json::{Value, json};

const DIR: &str = "fabrics/dc1";

const FABRIC: &str = "apiVersion: vpc.githedgehog.com/v1beta1
kind: IPv4Namespace
metadata:
  name: default
spec:
  subnets: [10.0.0.0/8]
---
apiVersion: wiring.githedgehog.com/v1beta1
kind: VLANNamespace
metadata:
  name: default
spec:
  ranges:
  - {from: 1000, to: 2999}
---
apiVersion: vpc.githedgehog.com/v1beta1
kind: VPC
metadata:
  name: vpc-0
spec:
  subnets:
    default: {subnet: 10.0.0.0/16, vlan: 1000}
---
apiVersion: vpc.githedgehog.com/v1beta1
kind: VPC
metadata:
  name: vpc-x
spec:
  subnets:
    default: {subnet: 10.1.0.0/24, vlan: 1010}
---
apiVersion: vpc.githedgehog.com/v1beta1
kind: VPC
metadata:
  name: vpc-y
spec:
  subnets:
    default: {subnet: 10.1.0.128/25, vlan: 1011}
";

async fn gql(server: &HnpServer, token: &str, query: &str, variables: Value) -> Value {
    reqwest::Client::new()
        .post(format!("{}/graphql", server.base))
        .bearer_auth(token)
        .json(&json!({"query": query, "variables": variables}))
        .send()
        .await
        .expect("POST /graphql")
        .json()
        .await
        .expect("a JSON response")
}

async fn data(server: &HnpServer, token: &str, query: &str, variables: Value) -> Value {
    let response = gql(server, token, query, variables).await;
    assert!(response.get("errors").is_none(), "{query}\n→ {response}");
    response["data"].clone()
}

async fn admission_through_the_api(backend: Backend) {
    let server = HnpServer::start(
        env!("CARGO_BIN_EXE_hnp"),
        backend,
        &[
            ("HNP_DETECT_SCHEDULE", NEVER),
            ("HNP_CLUSTER_SCHEDULE", NEVER),
            ("HNP_CLEANUP_SCHEDULE", NEVER),
            ("HNP_DIRECTORY_MANAGEMENT_ENABLED", "false"),
        ],
    )
    .await
    .expect("hnp serve");
    let git = GitFixture::new().unwrap();
    git.write(&format!("{DIR}/fabric.yaml"), FABRIC).unwrap();
    git.commit("fabric").unwrap();
    server.run_ok(
        &[
            "fabric",
            "create",
            "--name",
            "dc1",
            "--repo-url",
            &git.url(),
            "--directory",
            DIR,
        ],
        b"",
    );
    let sync = server
        .run_ok(
            &[
                "sync",
                "--fabric",
                "dc1",
                "--direction",
                "git-to-gui",
                "--json",
            ],
            b"",
        )
        .json();
    assert_eq!(sync["created"], 5, "{sync}");
    let token = server.user("admin", "admin");

    // The fabric: two VPCs overlap; the count, the filter, the problems and the warning.
    let fabrics = data(
        &server,
        &token,
        "{ fabrics { id name invalidResources } }",
        json!({}),
    )
    .await;
    let fabric = &fabrics["fabrics"][0];
    assert_eq!(fabric["invalidResources"], 2, "{fabrics}");
    let id = fabric["id"].clone();
    let page = |filter: &str| {
        format!(
            "query($f: ID!) {{ resources(fabricId: $f, admission: {filter}) {{ totalCount nodes {{ kind name admissionErrors {{ path message }} }} }} }}"
        )
    };
    let invalid = data(&server, &token, &page("INVALID"), json!({"f": id})).await;
    assert_eq!(invalid["resources"]["totalCount"], 2, "{invalid}");
    let nodes = invalid["resources"]["nodes"].as_array().unwrap();
    let names: Vec<&str> = nodes.iter().map(|n| n["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["vpc-x", "vpc-y"]);
    for (node, other) in nodes.iter().zip(["vpc-y", "vpc-x"]) {
        let errors = node["admissionErrors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{node}");
        assert_eq!(errors[0]["path"], "spec.subnets.default.subnet");
        assert!(
            errors[0]["message"]
                .as_str()
                .unwrap()
                .contains(&format!("VPC {other}")),
            "{node}"
        );
    }
    let valid = data(&server, &token, &page("VALID"), json!({"f": id})).await;
    assert_eq!(valid["resources"]["totalCount"], 3, "{valid}");
    assert!(
        valid["resources"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["admissionErrors"] == json!([])),
        "{valid}"
    );
    let all = data(
        &server,
        &token,
        "query($f: ID!) { resources(fabricId: $f) { totalCount } syncOperations(fabricId: $f) { nodes { direction message } } }",
        json!({"f": id}),
    )
    .await;
    assert_eq!(all["resources"]["totalCount"], 5);
    assert_eq!(
        all["syncOperations"]["nodes"][0]["message"],
        "2 resources break Hedgehog admission rules: the cluster will refuse them",
        "{all}"
    );

    // GraphQL: the issue's draft is refused at its fields, nothing is saved.
    let refused = gql(
        &server,
        &token,
        "mutation($f: ID!, $spec: JSON!) { createResourceDraft(fabricId: $f, kind: \"VPC\", name: \"vpc-overlap\", spec: $spec) { operation } }",
        json!({"f": id, "spec": {"subnets": {"default": {"subnet": "10.0.4.0/24", "vlan": 1000, "gateway": "10.9.9.1"}}}}),
    )
    .await;
    let error = &refused["errors"][0];
    assert_eq!(
        error["extensions"]["code"], "VALIDATION_FAILED",
        "{refused}"
    );
    let problems = error["extensions"]["problems"].as_array().unwrap();
    let paths: Vec<&str> = problems
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        vec![
            "spec.subnets.default.gateway",
            "spec.subnets.default.subnet",
            "spec.subnets.default.vlan"
        ],
        "{refused}"
    );
    assert!(
        problems[1]["message"]
            .as_str()
            .unwrap()
            .contains("VPC vpc-0")
    );
    let count = data(
        &server,
        &token,
        "query($f: ID!) { resources(fabricId: $f) { totalCount } }",
        json!({"f": id}),
    )
    .await;
    assert_eq!(count["resources"]["totalCount"], 5);

    // updateResourceDraft: vpc-0 onto vpc-x's subnet is refused too, naming vpc-x.
    let vpc0 = data(
        &server,
        &token,
        "query($f: ID!) { resources(fabricId: $f, search: \"vpc-0\") { nodes { id } } }",
        json!({"f": id}),
    )
    .await["resources"]["nodes"][0]["id"]
        .clone();
    let refused = gql(
        &server,
        &token,
        "mutation($r: ID!, $spec: JSON!) { updateResourceDraft(resourceId: $r, spec: $spec) { operation } }",
        json!({"r": vpc0, "spec": {"subnets": {"default": {"subnet": "10.1.0.0/16", "vlan": 1000}}}}),
    )
    .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"],
        "VALIDATION_FAILED"
    );
    let problems = refused["errors"][0]["extensions"]["problems"]
        .as_array()
        .unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p["path"] == "spec.subnets.default.subnet"
                && p["message"].as_str().unwrap().contains("VPC vpc-x")),
        "{refused}"
    );

    // The CLI: exit code 3 (validation), the problem named in the JSON error.
    let spec = "subnets:\n  default: {subnet: 10.0.4.0/24, vlan: 1000, gateway: 10.9.9.1}\n";
    let out = server.run(
        &[
            "draft",
            "set",
            "--fabric",
            "dc1",
            "--kind",
            "VPC",
            "--name",
            "vpc-overlap",
            "--spec-file",
            "-",
            "--json",
        ],
        spec.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(3), "{}\n{}", out.stdout, out.stderr);
    let error = out.json();
    assert_eq!(error["error"]["code"], "VALIDATION_FAILED", "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("spec.subnets.default.gateway: 10.9.9.1 is not in the subnet 10.0.4.0/24"),
        "{error}"
    );
}

#[tokio::test]
async fn sqlite_admission_through_the_api() {
    admission_through_the_api(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_admission_through_the_api() {
    admission_through_the_api(Backend::Postgres).await;
}
