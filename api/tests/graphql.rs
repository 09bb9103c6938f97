//! The GraphQL API end to end against the real `hnp serve` on loopback: authentication, the
//! role of every mutation (table-driven, checked against introspection), pagination over 1,000
//! resources, `syncProgress` over graphql-transport-ws, the NetBox-compatible REST endpoints,
//! credentials that never leave the server, and snapshots of response shapes.
//!
//! Each test starts its own server on its own database (SQLite, or PostgreSQL where named) and
//! its own git remote (`file://`), so they run in parallel.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use hnp_tests::server::HnpServer;
use hnp_tests::{Backend, GitFixture, free_port, vpc_doc, vpc_repository};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const PASSWORD: &str = hnp_tests::server::TEST_PASSWORD;

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// `hnp serve` on a free loopback port with its own data directory and database (the shared
/// [`HnpServer`]), plus a GraphQL client.
struct Server {
    inner: HnpServer,
    base: String,
    listen: String,
    client: reqwest::Client,
}

impl Server {
    async fn start(backend: Backend) -> Server {
        Server::start_logging(backend, "warn").await
    }

    /// A server whose log (`log()`) is written at `level` (`HNP_LOG`).
    async fn start_logging(backend: Backend, level: &str) -> Server {
        Server::start_with(backend, &[("HNP_LOG", level)]).await
    }

    /// A server with these `HNP_*` settings.
    async fn start_with(backend: Backend, env: &[(&str, &str)]) -> Server {
        let inner = HnpServer::start(env!("CARGO_BIN_EXE_hnp"), backend, env)
            .await
            .expect("hnp serve starts");
        Server {
            base: inner.base.clone(),
            listen: inner.listen.clone(),
            client: reqwest::Client::new(),
            inner,
        }
    }

    fn log(&self) -> String {
        self.inner.log()
    }

    /// Runs `hnp args…` with `stdin`; returns stdout, panicking on failure.
    fn run(&self, args: &[&str], stdin: &str) -> String {
        self.inner.run_ok(args, stdin.as_bytes()).stdout
    }

    /// Creates a user with `role` (username = `username`) and returns an API token of theirs.
    fn user(&self, username: &str, role: &str) -> String {
        self.inner.user(username, role)
    }

    /// A new API token of `username`: its id and secret.
    fn token_with_id(&self, username: &str, name: &str) -> (String, String) {
        let out = self.run(
            &[
                "token",
                "create",
                "--username",
                username,
                "--name",
                name,
                "--json",
            ],
            "",
        );
        let v: Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
        (v["id"].to_string(), v["token"].as_str().unwrap().to_owned())
    }

    /// `(id, revoked)` of every token of `username`.
    fn tokens_of(&self, username: &str) -> Vec<(i64, bool)> {
        let out = self.run(&["token", "list", "--username", username, "--json"], "");
        let v: Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
        let mut rows: Vec<_> = v["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["id"].as_i64().unwrap(), t["revoked"].as_bool().unwrap()))
            .collect();
        rows.sort();
        rows
    }

    /// POST /graphql; the response body (GraphQL answers 200 with `errors` too).
    async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.base))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("POST /graphql");
        let status = response.status();
        let text = response.text().await.unwrap();
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("POST /graphql answered {status} {text:?}: {e}"))
    }

    /// `data` of a query that must succeed.
    async fn ok(&self, token: &str, query: &str, variables: Value) -> Value {
        let response = self.gql(Some(token), query, variables).await;
        assert!(
            response.get("errors").is_none(),
            "{query}\n→ {response:#}\nlog:\n{}",
            self.log()
        );
        response["data"].clone()
    }

    /// Polls an operation until it has a terminal status; returns it.
    async fn wait_op(&self, token: &str, id: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let data = self
                .ok(
                    token,
                    "query($id: ID!) { syncOperation(id: $id) { id status message \
                     errors { path message } counters { created updated deleted unchanged conflicts } } }",
                    json!({ "id": id }),
                )
                .await;
            let op = data["syncOperation"].clone();
            if is_terminal(op["status"].as_str().unwrap_or_default()) {
                return op;
            }
            assert!(
                Instant::now() < deadline,
                "operation {id} did not finish: {op}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until no operation is queued or running.
    async fn settle(&self, admin: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let data = self
                .ok(
                    admin,
                    "{ syncOperations(first: 500) { nodes { status } } }",
                    json!({}),
                )
                .await;
            let busy = data["syncOperations"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|op| !is_terminal(op["status"].as_str().unwrap()));
            if !busy {
                return;
            }
            assert!(Instant::now() < deadline, "operations did not settle");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Adds a repository for `url` and a fabric on `directory`; returns (repository, fabric) ids.
    async fn repo_and_fabric(&self, admin: &str, url: &str, directory: &str) -> (String, String) {
        let data = self
            .ok(
                admin,
                "mutation($url: String!) { createGitRepository(input: {name: \"main\", url: $url}) { id } }",
                json!({ "url": url }),
            )
            .await;
        let repo = id_of(&data["createGitRepository"]);
        let data = self
            .ok(
                admin,
                "mutation($repo: ID!, $dir: String!) { createFabric(input: {name: \"dc1\", \
                 gitRepositoryId: $repo, gitopsDirectory: $dir}) { id } }",
                json!({ "repo": repo, "dir": directory }),
            )
            .await;
        (repo, id_of(&data["createFabric"]))
    }

    /// Triggers a sync and waits for it; returns the finished operation.
    async fn sync(&self, token: &str, fabric: &str) -> Value {
        let data = self
            .ok(
                token,
                "mutation($f: ID!) { triggerSync(fabricId: $f, direction: GIT_TO_GUI) { id } }",
                json!({ "f": fabric }),
            )
            .await;
        let op = self.wait_op(token, &id_of(&data["triggerSync"])).await;
        assert_eq!(op["status"], "SUCCEEDED", "{op:#}");
        op
    }
}

fn is_terminal(status: &str) -> bool {
    matches!(
        status,
        "SUCCEEDED" | "PARTIALLY_SUCCEEDED" | "FAILED" | "CANCELLED"
    )
}

fn id_of(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_owned()
}

/// `errors[0].extensions.code`, if any.
fn code(response: &Value) -> Option<&str> {
    response["errors"][0]["extensions"]["code"].as_str()
}

// ---------------------------------------------------------------------------------------------
// 1. Authentication
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn unauthenticated_requests_are_refused() {
    let server = Server::start(Backend::Sqlite).await;
    for query in [
        "{ me { username } }",
        "{ fabrics { id } }",
        "mutation { createFabric(input: {name: \"x\", gitopsDirectory: \"x\"}) { id } }",
        "mutation { createApiToken(name: \"x\") { token } }",
    ] {
        let response = server.gql(None, query, json!({})).await;
        assert_eq!(
            code(&response),
            Some("UNAUTHENTICATED"),
            "{query}: {response}"
        );
        // An invalid token is the same as none.
        let response = server.gql(Some("hnp_not-a-token"), query, json!({})).await;
        assert_eq!(
            code(&response),
            Some("UNAUTHENTICATED"),
            "{query}: {response}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Permissions of every mutation
// ---------------------------------------------------------------------------------------------

const ROLES: [&str; 3] = ["viewer", "operator", "admin"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    /// Anyone (`login`).
    Public,
    /// Any authenticated user on their own things (tokens).
    Own,
    Operator,
    Admin,
}

impl Level {
    fn allows(self, role: &str) -> bool {
        match self {
            Level::Public | Level::Own => true,
            Level::Operator => role != "viewer",
            Level::Admin => role == "admin",
        }
    }
}

/// Ids the mutations of the table act on (created by the admin before the table runs).
struct Fixture {
    /// Remotes for `createGitRepository` (URLs are unique) by role, and for the spare repository.
    remotes: BTreeMap<&'static str, GitFixture>,
    _spare_remote: GitFixture,
    repo: String,
    spare_repo: String,
    fabric: String,
    spare_fabric: String,
    vpc1: String,
    vpc2: String,
    conflict: String,
    operation: String,
    spare_user: String,
    /// A token of each role's own, for `revokeApiToken` of one's own.
    own_token: BTreeMap<&'static str, String>,
    /// A notification target per role (to test and remove), pointing at a closed port.
    notify_target: BTreeMap<&'static str, String>,
    /// A token of the admin (others may not revoke it) and of the viewer (the admin may).
    admin_token: String,
    viewer_token: String,
    bidirectional_enabled: bool,
}

type Build = fn(&Fixture, &str) -> (&'static str, Value);

struct Row {
    mutation: &'static str,
    level: Level,
    build: Build,
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            mutation: "login",
            level: Level::Public,
            build: |_, role| {
                (
                    "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { role } } }",
                    json!({ "u": role, "p": PASSWORD }),
                )
            },
        },
        Row {
            mutation: "createApiToken",
            level: Level::Own,
            build: |_, role| {
                (
                    "mutation($n: String!) { createApiToken(name: $n) { token apiToken { id } } }",
                    json!({ "n": format!("own-{role}") }),
                )
            },
        },
        // Another user's token: admin only.
        Row {
            mutation: "createApiToken",
            level: Level::Admin,
            build: |_, role| {
                let other = if role == "admin" { "viewer" } else { "admin" };
                (
                    "mutation($n: String!, $u: String) { createApiToken(name: $n, username: $u) { token } }",
                    json!({ "n": format!("for-{other}-by-{role}"), "u": other }),
                )
            },
        },
        Row {
            mutation: "revokeApiToken",
            level: Level::Own,
            build: |fx, role| {
                (
                    "mutation($id: ID!) { revokeApiToken(id: $id) { id revoked } }",
                    json!({ "id": fx.own_token[role] }),
                )
            },
        },
        Row {
            mutation: "revokeApiToken",
            level: Level::Admin,
            build: |fx, role| {
                let id = if role == "admin" {
                    &fx.viewer_token
                } else {
                    &fx.admin_token
                };
                (
                    "mutation($id: ID!) { revokeApiToken(id: $id) { id revoked } }",
                    json!({ "id": id }),
                )
            },
        },
        Row {
            mutation: "createUser",
            level: Level::Admin,
            build: |_, role| {
                (
                    "mutation($u: String!, $p: String!) { createUser(username: $u, password: $p, role: VIEWER) { id } }",
                    json!({ "u": format!("made-by-{role}"), "p": "Another-strong-passw0rd" }),
                )
            },
        },
        // With an API token there is no session to end: refused as VALIDATION_FAILED, not
        // FORBIDDEN (see `sessions_logout_deactivation_and_token_listing` for sessions).
        Row {
            mutation: "logout",
            level: Level::Own,
            build: |_, _| ("mutation { logout }", json!({})),
        },
        Row {
            mutation: "updateUser",
            level: Level::Admin,
            build: |fx, _| {
                (
                    "mutation($id: ID!) { updateUser(id: $id, active: true, role: OPERATOR) { role isActive } }",
                    json!({ "id": fx.spare_user }),
                )
            },
        },
        Row {
            mutation: "updateUserRole",
            level: Level::Admin,
            build: |fx, _| {
                (
                    "mutation($id: ID!) { updateUserRole(id: $id, role: OPERATOR) { role } }",
                    json!({ "id": fx.spare_user }),
                )
            },
        },
        Row {
            mutation: "createGitRepository",
            level: Level::Admin,
            build: |fx, role| {
                (
                    "mutation($n: String, $url: String!) { createGitRepository(input: {name: $n, url: $url}) { id } }",
                    json!({ "n": format!("repo-{role}"), "url": fx.remotes[role].url() }),
                )
            },
        },
        Row {
            mutation: "updateGitRepository",
            level: Level::Admin,
            build: |fx, role| {
                (
                    "mutation($id: ID!, $a: String) { updateGitRepository(id: $id, input: {commitAuthor: $a}) { id commitAuthorName } }",
                    json!({ "id": fx.spare_repo, "a": format!("Bot {role} <bot@example.com>") }),
                )
            },
        },
        Row {
            mutation: "deleteGitRepository",
            level: Level::Admin,
            build: |fx, _| {
                (
                    "mutation($id: ID!) { deleteGitRepository(id: $id) }",
                    json!({ "id": fx.spare_repo }),
                )
            },
        },
        Row {
            mutation: "testGitRepositoryConnection",
            level: Level::Operator,
            build: |fx, _| {
                (
                    "mutation($id: ID!) { testGitRepositoryConnection(id: $id) { ok error } }",
                    json!({ "id": fx.repo }),
                )
            },
        },
        Row {
            mutation: "createFabric",
            level: Level::Admin,
            build: |fx, role| {
                (
                    "mutation($n: String!, $r: ID, $d: String!) { createFabric(input: {name: $n, gitRepositoryId: $r, gitopsDirectory: $d}) { id } }",
                    json!({ "n": format!("fab-{role}"), "r": fx.repo, "d": format!("fabrics/{role}") }),
                )
            },
        },
        Row {
            mutation: "updateFabric",
            level: Level::Admin,
            build: |fx, role| {
                (
                    "mutation($id: ID!, $d: String) { updateFabric(id: $id, input: {description: $d}) { id description } }",
                    json!({ "id": fx.fabric, "d": format!("changed by {role}") }),
                )
            },
        },
        Row {
            mutation: "deleteFabric",
            level: Level::Admin,
            build: |fx, _| {
                (
                    "mutation($id: ID!) { deleteFabric(id: $id) }",
                    json!({ "id": fx.spare_fabric }),
                )
            },
        },
        Row {
            mutation: "createResourceDraft",
            level: Level::Operator,
            build: |fx, role| {
                (
                    "mutation($f: ID!, $n: String!, $s: JSON!) { createResourceDraft(fabricId: $f, kind: \"VPC\", name: $n, spec: $s) { operation resource { id } } }",
                    json!({
                        "f": fx.fabric,
                        "n": format!("vpc-{}", &role[..2]),
                        "s": {"subnets": {"default": {"subnet": "10.0.50.0/24", "vlan": 1050}}},
                    }),
                )
            },
        },
        Row {
            mutation: "updateResourceDraft",
            level: Level::Operator,
            build: |fx, _| {
                (
                    "mutation($id: ID!, $s: JSON!) { updateResourceDraft(resourceId: $id, spec: $s) { operation } }",
                    json!({
                        "id": fx.vpc1,
                        "s": {"subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1201}}},
                    }),
                )
            },
        },
        Row {
            mutation: "deleteResourceDraft",
            level: Level::Operator,
            build: |fx, _| {
                (
                    "mutation($id: ID!) { deleteResourceDraft(resourceId: $id) { operation } }",
                    json!({ "id": fx.vpc2 }),
                )
            },
        },
        Row {
            mutation: "adoptActual",
            level: Level::Operator,
            build: |fx, _| {
                (
                    "mutation($id: ID!) { adoptActual(resourceId: $id) { operation } }",
                    json!({ "id": fx.vpc1 }),
                )
            },
        },
        Row {
            mutation: "keepGit",
            level: Level::Operator,
            build: |fx, _| {
                (
                    "mutation($id: ID!) { keepGit(resourceId: $id) { id } }",
                    json!({ "id": fx.vpc1 }),
                )
            },
        },
        Row {
            mutation: "adoptOrphan",
            level: Level::Operator,
            build: |fx, _| {
                (
                    "mutation($id: ID!) { adoptOrphan(resourceId: $id) { operation } }",
                    json!({ "id": fx.vpc2 }),
                )
            },
        },
        Row {
            mutation: "addDriftIgnoreRule",
            level: Level::Operator,
            build: |fx, role| {
                (
                    "mutation($f: ID!, $p: String!) { addDriftIgnoreRule(fabricId: $f, kind: \"VPC\", path: $p, reason: \"test\") { id ignoredPaths } }",
                    json!({ "f": fx.fabric, "p": format!("spec.subnets.{role}.vlan") }),
                )
            },
        },
        Row {
            mutation: "removeDriftIgnoreRule",
            level: Level::Operator,
            build: |fx, role| {
                (
                    "mutation($f: ID!, $p: String!) { removeDriftIgnoreRule(fabricId: $f, kind: \"VPC\", path: $p) }",
                    json!({ "f": fx.fabric, "p": format!("spec.subnets.{role}.vlan") }),
                )
            },
        },
        Row {
            mutation: "addNotificationTarget",
            level: Level::Operator,
            build: |fx, role| {
                (
                    "mutation($f: ID!, $u: String!) { addNotificationTarget(fabricId: $f, kind: SLACK, url: $u, events: [\"drift_started\"]) { id hasSecret events } }",
                    json!({ "f": fx.fabric, "u": format!("https://hooks.example/{role}") }),
                )
            },
        },
        Row {
            mutation: "testNotificationTarget",
            level: Level::Operator,
            build: |fx, role| {
                (
                    "mutation($f: ID!, $id: ID!) { testNotificationTarget(fabricId: $f, id: $id) { status error } }",
                    json!({ "f": fx.fabric, "id": fx.notify_target[role] }),
                )
            },
        },
        Row {
            mutation: "removeNotificationTarget",
            level: Level::Operator,
            build: |fx, role| {
                (
                    "mutation($f: ID!, $id: ID!) { removeNotificationTarget(fabricId: $f, id: $id) }",
                    json!({ "f": fx.fabric, "id": fx.notify_target[role] }),
                )
            },
        },
        Row {
            mutation: "discardDraft",
            level: Level::Operator,
            build: |fx, _| {
                (
                    "mutation($id: ID!) { discardDraft(resourceId: $id) { id hasDraft } }",
                    json!({ "id": fx.vpc1 }),
                )
            },
        },
        Row {
            mutation: "resolveConflict",
            level: Level::Operator,
            build: |fx, _| {
                (
                    "mutation($id: ID!) { resolveConflict(conflictId: $id, strategy: GIT_WINS) { id status } }",
                    json!({ "id": fx.conflict }),
                )
            },
        },
        Row {
            mutation: "triggerSync",
            level: Level::Operator,
            build: |fx, _| {
                (
                    "mutation($f: ID!) { triggerSync(fabricId: $f, direction: GIT_TO_GUI) { id status } }",
                    json!({ "f": fx.fabric }),
                )
            },
        },
        // Dry runs: an error for those allowed (the operation is an ingestion, which committed
        // nothing; the fixture's remote is gone by then), nothing changed for those refused.
        Row {
            mutation: "revertOperation",
            level: Level::Operator,
            build: |fx, _| {
                (
                    "mutation($id: ID!) { revertOperation(operationId: $id, dryRun: true) { id status } }",
                    json!({ "id": fx.operation }),
                )
            },
        },
        Row {
            mutation: "revertCommit",
            level: Level::Operator,
            build: |fx, _| {
                (
                    "mutation($f: ID!) { revertCommit(fabricId: $f, commit: \"0123456789abcdef\", dryRun: true) { id status } }",
                    json!({ "f": fx.fabric }),
                )
            },
        },
        Row {
            mutation: "testFabricClusterConnection",
            level: Level::Operator,
            build: |fx, _| {
                (
                    "mutation($f: ID!) { testFabricClusterConnection(fabricId: $f) { ok error } }",
                    json!({ "f": fx.fabric }),
                )
            },
        },
        Row {
            mutation: "cancelSyncOperation",
            level: Level::Operator,
            build: |fx, _| {
                (
                    "mutation($id: ID!) { cancelSyncOperation(id: $id) { id status } }",
                    json!({ "id": fx.operation }),
                )
            },
        },
        Row {
            mutation: "initializeDirectories",
            level: Level::Operator,
            build: |fx, _| {
                (
                    "mutation($f: ID!) { initializeDirectories(fabricId: $f) { id status } }",
                    json!({ "f": fx.fabric }),
                )
            },
        },
        Row {
            mutation: "setFeatureFlag",
            level: Level::Admin,
            build: |fx, _| {
                (
                    "mutation($f: ID, $e: Boolean!) { setFeatureFlag(key: BIDIRECTIONAL_SYNC, enabled: $e, fabricId: $f, reason: \"test\") { key enabled source } }",
                    json!({ "f": fx.fabric, "e": !fx.bidirectional_enabled }),
                )
            },
        },
        Row {
            mutation: "clearFeatureFlag",
            level: Level::Admin,
            build: |fx, _| {
                (
                    "mutation($f: ID!) { clearFeatureFlag(key: BIDIRECTIONAL_SYNC, fabricId: $f) { key enabled source } }",
                    json!({ "f": fx.fabric }),
                )
            },
        },
    ]
}

/// Everything a mutation could change, read as the admin.
async fn state_of(server: &Server, admin: &str) -> Value {
    server.settle(admin).await;
    let mut data = server
        .ok(
            admin,
            "{
              fabrics { id name description gitopsDirectory gitBranch gitRepository { id }
                        pendingDrafts openConflicts resourceCount
                        featureFlags { key enabled source reason } }
              gitRepositories { id name url defaultBranch writeMode authType hasCredentials
                                commitAuthorName commitAuthorEmail sshHostKeys hasWebhookSecret }
              users { id username role isActive }
              all: resources { totalCount }
              drafts: resources(hasDraft: true, first: 500) {
                totalCount nodes { id name draftOperation draftSpec } }
              conflicts { id status resolution }
              syncOperations(first: 500) { totalCount nodes { id status } }
              featureFlags { key enabled source }
              auditEvents(first: 1) { totalCount }
            }",
            json!({}),
        )
        .await;
    data["adminTokens"] = json!(server.tokens_of("admin"));
    data["viewerTokens"] = json!(server.tokens_of("viewer"));
    data
}

async fn permission_fixture(server: &Server, admin: &str) -> Fixture {
    let git = GitFixture::new().unwrap();
    git.write(
        "fabrics/dc1/vpcs.yaml",
        [
            vpc_doc("vpc-1", 1),
            vpc_doc("vpc-2", 2),
            vpc_doc("vpc-c", 3),
        ]
        .join("---\n"),
    )
    .unwrap();
    git.commit("vpcs").unwrap();
    let (repo, fabric) = server
        .repo_and_fabric(admin, &git.url(), "fabrics/dc1")
        .await;
    let spare_remote = GitFixture::new().unwrap();
    let data = server
        .ok(
            admin,
            "mutation($url: String!, $r: ID!) {
               repo: createGitRepository(input: {name: \"spare\", url: $url}) { id }
               fabric: createFabric(input: {name: \"spare\", gitRepositoryId: $r, gitopsDirectory: \"fabrics/spare\"}) { id }
             }",
            json!({ "url": spare_remote.url(), "r": repo }),
        )
        .await;
    let spare_repo = id_of(&data["repo"]);
    let _spare_remote = spare_remote;
    let spare_fabric = id_of(&data["fabric"]);
    let operation = id_of(&server.sync(admin, &fabric).await);

    let data = server
        .ok(
            admin,
            "query($f: ID) { resources(fabricId: $f) { nodes { id name } } }",
            json!({ "f": fabric }),
        )
        .await;
    let ids: BTreeMap<String, String> = data["resources"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["name"].as_str().unwrap().to_owned(), id_of(n)))
        .collect();

    // An open conflict: a draft of vpc-c and a different change of it in Git.
    server
        .ok(
            admin,
            "mutation($id: ID!, $s: JSON!) { updateResourceDraft(resourceId: $id, spec: $s) { operation } }",
            json!({
                "id": ids["vpc-c"],
                "s": {"subnets": {"default": {"subnet": "10.0.3.0/24", "vlan": 1999}}},
            }),
        )
        .await;
    git.write(
        "fabrics/dc1/vpcs.yaml",
        [
            vpc_doc("vpc-1", 1),
            vpc_doc("vpc-2", 2),
            vpc_doc("vpc-c", 30),
        ]
        .join("---\n"),
    )
    .unwrap();
    git.commit("change vpc-c").unwrap();
    let data = server
        .ok(
            admin,
            "mutation($f: ID!) { triggerSync(fabricId: $f, direction: GIT_TO_GUI) { id } }",
            json!({ "f": fabric }),
        )
        .await;
    let op = server.wait_op(admin, &id_of(&data["triggerSync"])).await;
    let data = server
        .ok(
            admin,
            "query($f: ID) { conflicts(fabricId: $f, status: OPEN) { id } users { id username } featureFlags { key enabled } }",
            json!({ "f": fabric }),
        )
        .await;
    let conflicts = data["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "one open conflict after {op:#}");
    let conflict = id_of(&conflicts[0]);
    let bidirectional_enabled = data["featureFlags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "BIDIRECTIONAL_SYNC")
        .unwrap()["enabled"]
        .as_bool()
        .unwrap();

    server.user("spare", "viewer");
    let data = server
        .ok(admin, "{ users { id username } }", json!({}))
        .await;
    let spare_user = data["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "spare")
        .map(id_of)
        .unwrap();

    let mut own_token = BTreeMap::new();
    for role in ROLES {
        own_token.insert(role, server.token_with_id(role, "own-spare").0);
    }
    let mut notify_target = BTreeMap::new();
    for role in ROLES {
        let data = server
            .ok(
                admin,
                "mutation($f: ID!, $u: String!) { addNotificationTarget(fabricId: $f, kind: WEBHOOK, url: $u) { id } }",
                json!({ "f": fabric, "u": format!("http://127.0.0.1:9/{role}") }),
            )
            .await;
        notify_target.insert(role, id_of(&data["addNotificationTarget"]));
    }
    Fixture {
        repo,
        spare_repo,
        fabric,
        spare_fabric,
        vpc1: ids["vpc-1"].clone(),
        vpc2: ids["vpc-2"].clone(),
        conflict,
        operation,
        spare_user,
        own_token,
        notify_target,
        admin_token: server.token_with_id("admin", "target").0,
        viewer_token: server.token_with_id("viewer", "target").0,
        bidirectional_enabled,
        remotes: ROLES
            .iter()
            .map(|&role| (role, GitFixture::new().unwrap()))
            .collect(),
        _spare_remote,
    }
}

/// Runs the rows named in `only` (all when `None`) for each role; see [`Level`].
async fn check_permissions(backend: Backend, only: Option<&[&str]>) {
    let server = Server::start(backend).await;
    let mut tokens = BTreeMap::new();
    for role in ROLES {
        tokens.insert(role, server.user(role, role));
    }
    let admin = tokens["admin"].clone();

    let table = rows();
    if only.is_none() {
        let data = server
            .ok(
                &admin,
                "{ __type(name: \"Mutation\") { fields { name } } }",
                json!({}),
            )
            .await;
        let schema: BTreeSet<String> = data["__type"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_owned())
            .collect();
        let covered: BTreeSet<String> = table.iter().map(|r| r.mutation.to_owned()).collect();
        assert_eq!(
            schema, covered,
            "every mutation needs a row in the permission table (and only mutations)"
        );
    }

    let fx = permission_fixture(&server, &admin).await;
    let mut outcomes = Vec::new();
    for row in table
        .iter()
        .filter(|r| only.is_none_or(|names| names.contains(&r.mutation)))
    {
        for role in ROLES {
            let (query, variables) = (row.build)(&fx, role);
            let allowed = row.level.allows(role);
            let before = if allowed {
                None
            } else {
                Some(state_of(&server, &admin).await)
            };
            let response = server
                .gql(Some(&tokens[role]), query, variables.clone())
                .await;
            let got = code(&response);
            if allowed {
                assert!(
                    !matches!(got, Some("FORBIDDEN" | "UNAUTHENTICATED" | "INTERNAL")),
                    "{} ({:?}) as {role} must be allowed: {response:#}",
                    row.mutation,
                    row.level
                );
                outcomes.push(format!(
                    "{} as {role}: {}",
                    row.mutation,
                    got.unwrap_or("ok")
                ));
            } else {
                assert_eq!(
                    got,
                    Some("FORBIDDEN"),
                    "{} ({:?}) as {role} with {variables}: {response:#}",
                    row.mutation,
                    row.level
                );
                assert!(response["data"].is_null(), "{response:#}");
                let after = state_of(&server, &admin).await;
                assert_eq!(
                    before.unwrap(),
                    after,
                    "a refused {} as {role} changed something",
                    row.mutation
                );
            }
            server.settle(&admin).await;
        }
    }
    eprintln!("allowed calls:\n  {}", outcomes.join("\n  "));
}

#[tokio::test]
async fn every_mutation_checks_its_role_sqlite() {
    check_permissions(Backend::Sqlite, None).await;
}

#[tokio::test]
async fn mutation_roles_smoke_postgres() {
    check_permissions(
        Backend::Postgres,
        Some(&[
            "login",
            "createGitRepository",
            "createFabric",
            "createResourceDraft",
            "triggerSync",
        ]),
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// 3. Pagination and filters over 1,000 resources
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn pages_through_a_thousand_resources_with_filters() {
    pages_through_a_thousand_resources(Backend::Sqlite).await;
}

#[tokio::test]
async fn pages_through_a_thousand_resources_with_filters_postgres() {
    pages_through_a_thousand_resources(Backend::Postgres).await;
}

async fn pages_through_a_thousand_resources(backend: Backend) {
    let server = Server::start(backend).await;
    let admin = server.user("admin", "admin");
    let git = vpc_repository(10, 100);
    let (_, fabric) = server
        .repo_and_fabric(&admin, &git.url(), "fabrics/dc1")
        .await;
    let op = server.sync(&admin, &fabric).await;
    assert_eq!(op["counters"]["created"], 1000, "{op:#}");

    let page_query = "query($f: ID, $after: String) {
        resources(fabricId: $f, first: 100, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } nodes { id name kind } } }";
    let mut ids = BTreeSet::new();
    let mut names = Vec::new();
    let mut after = Value::Null;
    let mut pages = 0;
    loop {
        let data = server
            .ok(&admin, page_query, json!({ "f": fabric, "after": after }))
            .await;
        let page = &data["resources"];
        assert_eq!(page["totalCount"], 1000);
        let nodes = page["nodes"].as_array().unwrap();
        pages += 1;
        for node in nodes {
            assert!(ids.insert(id_of(node)), "duplicate {node}");
            names.push(node["name"].as_str().unwrap().to_owned());
        }
        if !page["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        assert_eq!(nodes.len(), 100);
        after = page["pageInfo"]["endCursor"].clone();
        assert!(pages < 20, "pagination does not end");
    }
    assert_eq!(ids.len(), 1000);
    assert_eq!(pages, 10);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "ordered by kind, namespace and name");

    let count = |filters: &'static str| {
        let server = &server;
        let admin = &admin;
        let fabric = &fabric;
        async move {
            let query = format!(
                "query($f: ID) {{ resources(fabricId: $f, {filters}, first: 500) {{ totalCount nodes {{ name hasDraft resourceState driftStatus }} }} }}"
            );
            server.ok(admin, &query, json!({ "f": fabric })).await["resources"].clone()
        }
    };
    assert_eq!(count("kind: \"VPC\"").await["totalCount"], 1000);
    assert_eq!(count("kind: \"Switch\"").await["totalCount"], 0);
    let found = count("search: \"vpc-012\"").await;
    assert_eq!(found["totalCount"], 10);
    assert!(
        found["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["name"].as_str().unwrap().starts_with("vpc-012"))
    );
    assert_eq!(
        count("search: \"VPC-099\"").await["totalCount"],
        10,
        "case-insensitive"
    );
    assert_eq!(count("driftStatus: UNKNOWN").await["totalCount"], 1000);
    assert_eq!(count("hasDraft: true").await["totalCount"], 0);

    // Two drafts.
    for (i, name) in ["vpc-0007", "vpc-0500"].iter().enumerate() {
        let data = server
            .ok(
                &admin,
                "mutation($f: ID!, $n: String!, $s: JSON!) { createResourceDraft(fabricId: $f, kind: \"VPC\", name: $n, spec: $s) { operation } }",
                json!({
                    "f": fabric,
                    "n": name,
                    "s": {"subnets": {"default": {"subnet": format!("10.9.{i}.0/24"), "vlan": 3000 + i}}},
                }),
            )
            .await;
        assert_eq!(data["createResourceDraft"]["operation"], "UPDATE");
    }
    let drafts = count("hasDraft: true").await;
    assert_eq!(drafts["totalCount"], 2);
    let draft_names: Vec<_> = drafts["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(draft_names, ["vpc-0007", "vpc-0500"]);
    assert_eq!(count("hasDraft: false").await["totalCount"], 998);

    // `state`: every resource is in exactly one state, and each filter returns only its own.
    let mut total = 0;
    for state in [
        "DRAFT",
        "COMMITTED",
        "SYNCED",
        "DRIFTED",
        "ORPHANED",
        "PENDING",
    ] {
        let query = format!(
            "query($f: ID) {{ resources(fabricId: $f, state: {state}, first: 500) {{ totalCount nodes {{ resourceState }} }} }}"
        );
        let data = server.ok(&admin, &query, json!({ "f": fabric })).await;
        let n = data["resources"]["totalCount"].as_i64().unwrap();
        assert!(
            data["resources"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["resourceState"] == state)
        );
        total += n;
    }
    assert_eq!(total, 1000);
    // Combined filters.
    let query = "query($f: ID) { resources(fabricId: $f, kind: \"VPC\", search: \"0500\", hasDraft: true) { totalCount } }";
    let data = server.ok(&admin, query, json!({ "f": fabric })).await;
    assert_eq!(data["resources"]["totalCount"], 1);

    // A page without JSON fields (built by the database as one JSON document) carries the same
    // values as the same page read row by row (asked with a JSON field): ids, names, states,
    // timestamps to the stored precision, drafts.
    let scalars = "id fabricId kind apiVersion namespace name desiredCommit desiredUpdated \
        draftOperation draftUpdated draftUpdatedBy hasDraft actualUpdated managedFilePath fileHash \
        lastFileSync syncDirection conflictStatus resourceState draftNote driftStatus createdAt updatedAt";
    for after in [Value::Null, json!("o:4"), json!("o:998")] {
        let light = server
            .ok(
                &admin,
                &format!("query($f: ID, $a: String) {{ resources(fabricId: $f, first: 7, after: $a) {{ totalCount pageInfo {{ hasNextPage hasPreviousPage }} nodes {{ {scalars} }} }} }}"),
                json!({ "f": fabric, "a": after }),
            )
            .await;
        let full = server
            .ok(
                &admin,
                &format!("query($f: ID, $a: String) {{ resources(fabricId: $f, first: 7, after: $a) {{ totalCount pageInfo {{ hasNextPage hasPreviousPage }} nodes {{ {scalars} desiredSpec }} }} }}"),
                json!({ "f": fabric, "a": after }),
            )
            .await;
        let mut full_nodes = full["resources"]["nodes"].as_array().unwrap().clone();
        for node in &mut full_nodes {
            assert!(node["desiredSpec"].is_object(), "{node}");
            node.as_object_mut().unwrap().remove("desiredSpec");
        }
        assert_eq!(
            light["resources"]["nodes"],
            json!(full_nodes),
            "after {after}"
        );
        // A few fields, one through an inline fragment: only their columns are loaded.
        let few = server
            .ok(
                &admin,
                "query($f: ID, $a: String) { resources(fabricId: $f, first: 7, after: $a) { edges { node { name hasDraft lastFileSync ... on Resource { fileHash resourceState } } } } }",
                json!({ "f": fabric, "a": after }),
            )
            .await;
        let projected: Vec<Value> = full_nodes
            .iter()
            .map(|n| {
                json!({ "name": n["name"], "hasDraft": n["hasDraft"], "lastFileSync": n["lastFileSync"],
                        "fileHash": n["fileHash"], "resourceState": n["resourceState"] })
            })
            .collect();
        let few_nodes: Vec<Value> = few["resources"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"].clone())
            .collect();
        assert_eq!(few_nodes, projected, "after {after}");
        assert!(few_nodes.iter().all(|n| n["fileHash"].is_string()), "{few}");
        assert_eq!(light["resources"]["totalCount"], 1000);
        assert_eq!(
            light["resources"]["pageInfo"],
            full["resources"]["pageInfo"]
        );
    }
    let drafted = server
        .ok(
            &admin,
            "query($f: ID) { resources(fabricId: $f, hasDraft: true) { nodes { name draftOperation draftUpdated hasDraft } } }",
            json!({ "f": fabric }),
        )
        .await;
    let nodes = drafted["resources"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 2);
    assert!(
        nodes
            .iter()
            .all(|n| n["draftOperation"] == "UPDATE" && n["draftUpdated"].is_string()),
        "{drafted}"
    );
    let empty = server
        .ok(
            &admin,
            "query($f: ID) { resources(fabricId: $f, kind: \"Switch\") { totalCount pageInfo { hasNextPage } nodes { id } } }",
            json!({ "f": fabric }),
        )
        .await;
    assert_eq!(empty["resources"]["nodes"], json!([]));
    assert_eq!(empty["resources"]["totalCount"], 0);
}

// ---------------------------------------------------------------------------------------------
// 4. Subscriptions over graphql-transport-ws
// ---------------------------------------------------------------------------------------------

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn ws_connect(server: &Server) -> Ws {
    let mut request = format!("ws://{}/graphql/ws", server.listen)
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (ws, response) = tokio_tungstenite::connect_async(request)
        .await
        .expect("websocket connects");
    assert_eq!(
        response.headers()["sec-websocket-protocol"],
        "graphql-transport-ws"
    );
    ws
}

/// The next protocol message (answers pings); `None` when the server closed the connection.
async fn ws_next(ws: &mut Ws) -> Option<Value> {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(30), ws.next())
            .await
            .expect("a websocket message within 30 s");
        match message {
            Some(Ok(Message::Text(text))) => {
                let v: Value = serde_json::from_str(&text).unwrap();
                if v["type"] == "ping" {
                    ws.send(Message::Text(json!({"type": "pong"}).to_string().into()))
                        .await
                        .unwrap();
                    continue;
                }
                return Some(v);
            }
            Some(Ok(Message::Close(frame))) => {
                eprintln!("websocket closed: {frame:?}");
                return None;
            }
            Some(Ok(_)) => continue,
            Some(Err(e)) => {
                eprintln!("websocket error: {e}");
                return None;
            }
            None => return None,
        }
    }
}

async fn ws_send(ws: &mut Ws, message: Value) {
    ws.send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
}

#[tokio::test]
async fn sync_progress_streams_until_a_terminal_status() {
    let server = Server::start(Backend::Sqlite).await;
    let admin = server.user("admin", "admin");
    let operator = server.user("operator", "operator");
    let git = vpc_repository(5, 100);
    let (_, fabric) = server
        .repo_and_fabric(&admin, &git.url(), "fabrics/dc1")
        .await;

    let mut ws = ws_connect(&server).await;
    ws_send(
        &mut ws,
        json!({"type": "connection_init", "payload": {"Authorization": format!("Bearer {operator}")}}),
    )
    .await;
    assert_eq!(ws_next(&mut ws).await.unwrap()["type"], "connection_ack");

    let data = server
        .ok(
            &operator,
            "mutation($f: ID!) { triggerSync(fabricId: $f, direction: GIT_TO_GUI) { id status } }",
            json!({ "f": fabric }),
        )
        .await;
    let op = id_of(&data["triggerSync"]);
    ws_send(
        &mut ws,
        json!({
            "id": "1",
            "type": "subscribe",
            "payload": {
                "query": "subscription($id: ID!) { syncProgress(operationId: $id) { operationId status phase percent message counters { created filesProcessed } at } }",
                "variables": { "id": op },
            },
        }),
    )
    .await;
    let mut events = Vec::new();
    loop {
        let message = ws_next(&mut ws).await.expect("stream ends with complete");
        match message["type"].as_str().unwrap() {
            "next" => {
                assert_eq!(message["id"], "1");
                assert!(message["payload"].get("errors").is_none(), "{message}");
                events.push(message["payload"]["data"]["syncProgress"].clone());
            }
            "complete" => {
                assert_eq!(message["id"], "1");
                break;
            }
            other => panic!("unexpected {other}: {message}"),
        }
    }
    eprintln!(
        "syncProgress events: {:?}",
        events
            .iter()
            .map(|e| format!("{} {} {}%", e["status"], e["phase"], e["percent"]))
            .collect::<Vec<_>>()
    );
    assert!(events.iter().all(|e| e["operationId"] == op.as_str()));
    let first = &events[0];
    let statuses: Vec<&str> = events
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert!(
        ["QUEUED", "RUNNING", "SUCCEEDED"].contains(&statuses[0]),
        "first is the current state: {first}"
    );
    if !is_terminal(statuses[0]) {
        assert!(events.len() >= 2, "events after the first: {events:#?}");
    }
    let last = events.last().unwrap();
    assert_eq!(last["status"], "SUCCEEDED", "{events:#?}");
    assert_eq!(last["counters"]["created"], 500);
    assert_eq!(last["percent"], 100);
    // Only the last one is terminal.
    assert!(
        statuses[..statuses.len() - 1]
            .iter()
            .all(|s| !is_terminal(s))
    );

    // A subscription to a finished operation: its state, then complete.
    ws_send(
        &mut ws,
        json!({
            "id": "2",
            "type": "subscribe",
            "payload": {
                "query": "subscription($id: ID!) { syncProgress(operationId: $id) { status } }",
                "variables": { "id": op },
            },
        }),
    )
    .await;
    let message = ws_next(&mut ws).await.unwrap();
    assert_eq!(message["type"], "next");
    assert_eq!(
        message["payload"]["data"]["syncProgress"]["status"],
        "SUCCEEDED"
    );
    let message = ws_next(&mut ws).await.unwrap();
    assert_eq!(message["type"], "complete");
    assert_eq!(message["id"], "2");
}

#[tokio::test]
async fn websocket_connection_init_without_a_valid_token_is_refused() {
    let server = Server::start(Backend::Sqlite).await;
    let admin = server.user("admin", "admin");
    for payload in [
        json!({}),
        json!({"Authorization": "Bearer hnp_wrong"}),
        json!({"Authorization": admin}),
    ] {
        let mut ws = ws_connect(&server).await;
        ws_send(
            &mut ws,
            json!({"type": "connection_init", "payload": payload}),
        )
        .await;
        let answer = ws_next(&mut ws).await;
        assert!(
            answer
                .as_ref()
                .is_none_or(|m| m["type"] != "connection_ack"),
            "{payload}: {answer:?}"
        );
        // Nothing can be subscribed to on it.
        if answer.is_some() {
            panic!("unexpected message after a refused init: {answer:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 5. REST compatibility
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn rest_compatibility_endpoints() {
    let server = Server::start(Backend::Sqlite).await;
    let admin = server.user("admin", "admin");
    let operator = server.user("operator", "operator");
    let viewer = server.user("viewer", "viewer");
    let git = vpc_repository(1, 3);
    let (repo, fabric) = server
        .repo_and_fabric(&admin, &git.url(), "fabrics/dc1")
        .await;
    let base = &server.base;
    let client = &server.client;

    let list = format!("{base}/api/plugins/hedgehog/fabrics/");
    let response = client
        .get(&list)
        .header("Authorization", format!("Token {viewer}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["count"], 1);
    assert!(
        body["next"].is_null() && body["previous"].is_null(),
        "{body}"
    );
    let result = &body["results"][0];
    assert_eq!(result["id"].to_string(), fabric);
    assert_eq!(result["name"], "dc1");
    assert_eq!(result["gitops_directory"], "fabrics/dc1");
    assert_eq!(result["git_repository"]["id"].to_string(), repo);
    assert_eq!(result["git_repository"]["url"], git.url());
    assert_eq!(result["sync_status"], "never_synced", "{result}");

    let unauthenticated = client.get(&list).send().await.unwrap();
    assert_eq!(unauthenticated.status(), 401);

    let sync = format!("{base}/api/plugins/hedgehog/fabrics/{fabric}/sync/");
    let response = client
        .post(&sync)
        .header("Authorization", format!("Token {operator}"))
        .json(&json!({"direction": "github_to_gui"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    let body: Value = response.json().await.unwrap();
    let op = body["operation_id"]
        .as_str()
        .expect("operation_id")
        .to_owned();
    assert!(body["status"].is_string(), "{body}");
    let finished = server.wait_op(&admin, &op).await;
    assert_eq!(finished["status"], "SUCCEEDED");

    let response = client
        .post(&sync)
        .header("Authorization", format!("Token {operator}"))
        .json(&json!({"direction": "sideways"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "VALIDATION_FAILED");

    let response = client
        .post(&sync)
        .header("Authorization", format!("Token {viewer}"))
        .json(&json!({"direction": "github_to_gui"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);

    let response = client
        .post(&sync)
        .json(&json!({"direction": "github_to_gui"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);

    let response = client
        .post(format!("{base}/api/plugins/hedgehog/fabrics/999999/sync/"))
        .header("Authorization", format!("Bearer {operator}"))
        .json(&json!({"direction": "github_to_gui"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);

    // The list shows the sync now.
    let body: Value = client
        .get(&list)
        .header("Authorization", format!("Bearer {viewer}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["results"][0]["sync_status"], "in_sync", "{body}");
}

// ---------------------------------------------------------------------------------------------
// 6. Credentials never leave the server
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn credentials_never_appear_in_responses() {
    const SECRETS: [&str; 3] = ["SECRET-TOKEN-123", "SECRET-PASS-456", "SECRET-USER-789"];
    // At debug level: what is logged there must not leak either.
    let server = Server::start_logging(Backend::Sqlite, "debug").await;
    let admin = server.user("admin", "admin");
    let git = vpc_repository(1, 2);
    let closed = format!("http://127.0.0.1:{}/nothing.git", free_port());

    let mut bodies = Vec::new();
    let repo_fields = "id name url provider authType hasCredentials hasWebhookSecret defaultBranch \
        writeMode commitAuthorName commitAuthorEmail connectionStatus lastValidated validationError sshHostKeys";
    let created = server
        .gql(
            Some(&admin),
            &format!(
                "mutation($a: String!, $b: String!) {{
                   token: createGitRepository(input: {{name: \"tok\", url: $a, credentials: {{token: \"SECRET-TOKEN-123\"}}}}) {{ {repo_fields} }}
                   basic: createGitRepository(input: {{name: \"basic\", url: $b, credentials: {{username: \"SECRET-USER-789\", password: \"SECRET-PASS-456\"}}}}) {{ {repo_fields} }}
                 }}"
            ),
            json!({ "a": git.url(), "b": closed }),
        )
        .await;
    assert!(created.get("errors").is_none(), "{created:#}");
    bodies.push(created.to_string());
    let token_repo = id_of(&created["data"]["token"]);
    let basic_repo = id_of(&created["data"]["basic"]);
    for kind in ["token", "basic"] {
        assert_eq!(created["data"][kind]["hasCredentials"], true);
    }
    assert_eq!(created["data"]["token"]["authType"], "TOKEN");
    assert_eq!(created["data"]["basic"]["authType"], "BASIC");

    // Fabrics on both, synced (the one on the closed port fails).
    let mut fabrics = Vec::new();
    for (name, repo) in [("tok", &token_repo), ("basic", &basic_repo)] {
        let data = server
            .ok(
                &admin,
                "mutation($n: String!, $r: ID!) { createFabric(input: {name: $n, gitRepositoryId: $r, gitopsDirectory: \"fabrics/dc1\"}) { id } }",
                json!({ "n": name, "r": repo }),
            )
            .await;
        fabrics.push(id_of(&data["createFabric"]));
    }
    for fabric in &fabrics {
        let response = server
            .gql(
                Some(&admin),
                "mutation($f: ID!) { triggerSync(fabricId: $f, direction: GIT_TO_GUI) { id } }",
                json!({ "f": fabric }),
            )
            .await;
        bodies.push(response.to_string());
        let op = server
            .wait_op(&admin, &id_of(&response["data"]["triggerSync"]))
            .await;
        bodies.push(op.to_string());
    }
    for repo in [&token_repo, &basic_repo] {
        let response = server
            .gql(
                Some(&admin),
                &format!("mutation($id: ID!) {{ testGitRepositoryConnection(id: $id) {{ ok url error errorKind repository {{ {repo_fields} }} }} }}"),
                json!({ "id": repo }),
            )
            .await;
        bodies.push(response.to_string());
    }
    // Update with new credentials, too.
    let response = server
        .gql(
            Some(&admin),
            "mutation($id: ID!) { updateGitRepository(id: $id, input: {credentials: {token: \"SECRET-TOKEN-123\"}}) { id hasCredentials authType } }",
            json!({ "id": basic_repo }),
        )
        .await;
    assert_eq!(
        response["data"]["updateGitRepository"]["hasCredentials"],
        true
    );
    bodies.push(response.to_string());

    let everything = format!(
        "{{
          gitRepositories {{ {repo_fields} fabrics {{ id name }} }}
          fabrics {{ id name gitopsDirectory fileErrors {{ path message }} syncStatus
                    gitRepository {{ {repo_fields} }} }}
          auditEvents(first: 500) {{ totalCount nodes {{ id actor action targetType targetId summary before after }} }}
          syncOperations(first: 500) {{ nodes {{ id status message errors {{ path message }} details commitSha }} }}
          me {{ username }}
        }}"
    );
    let response = server.gql(Some(&admin), &everything, json!({})).await;
    assert!(response.get("errors").is_none(), "{response:#}");
    assert!(
        response["data"]["gitRepositories"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["hasCredentials"] == true)
    );
    assert!(
        response["data"]["auditEvents"]["totalCount"]
            .as_i64()
            .unwrap()
            >= 4,
        "repository changes are audited"
    );
    bodies.push(response.to_string());
    for repo in [&token_repo, &basic_repo] {
        let response = server
            .gql(
                Some(&admin),
                &format!("query($id: ID!) {{ gitRepository(id: $id) {{ {repo_fields} }} }}"),
                json!({ "id": repo }),
            )
            .await;
        bodies.push(response.to_string());
    }
    let metrics = server
        .client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(metrics.status(), 200);
    bodies.push(metrics.text().await.unwrap());
    let rest = server
        .client
        .get(format!("{}/api/plugins/hedgehog/fabrics/", server.base))
        .header("Authorization", format!("Token {admin}"))
        .send()
        .await
        .unwrap();
    assert_eq!(rest.status(), 200);
    bodies.push(rest.text().await.unwrap());

    for body in &bodies {
        for secret in SECRETS {
            assert!(!body.contains(secret), "{secret} leaked in {body}");
        }
    }
    // Nor in the server's log.
    let log = server.log();
    for secret in SECRETS {
        assert!(!log.contains(secret), "{secret} leaked in the log:\n{log}");
    }
}

// ---------------------------------------------------------------------------------------------
// 7. Snapshots of response shapes
// ---------------------------------------------------------------------------------------------

/// Replaces the git fixture's temporary path (in URLs) with a stable placeholder.
fn scrub_paths(value: &mut Value, path: &str) {
    match value {
        Value::String(s) if s.contains(path) => *s = s.replace(path, "[git]"),
        Value::Array(items) => items.iter_mut().for_each(|v| scrub_paths(v, path)),
        Value::Object(map) => map.values_mut().for_each(|v| scrub_paths(v, path)),
        _ => {}
    }
}

/// Redacts a field when present (keeps nulls visible as nulls).
fn redact(value: insta::internals::Content, label: &str) -> insta::internals::Content {
    if value.is_nil() {
        value
    } else {
        format!("[{label}]").into()
    }
}

#[tokio::test]
async fn snapshots_of_response_shapes() {
    let server = Server::start(Backend::Sqlite).await;
    let admin = server.user("admin", "admin");
    let git = vpc_repository(1, 4);
    let (_, fabric) = server
        .repo_and_fabric(&admin, &git.url(), "fabrics/dc1")
        .await;
    server.sync(&admin, &fabric).await;
    let git_dir = git.remote_path().display().to_string();

    let mut fabrics = server
        .ok(
            &admin,
            "{ fabrics { id name description gitopsDirectory gitBranch desiredStateCommit
                 remoteHeadCommit directoryStatus syncIntervalSeconds kubernetesServer
                 kubernetesNamespace fileErrors { path message } syncStatus lastSync driftCount
                 openConflicts pendingDrafts resourceCount
                 featureFlags { key enabled source reason updatedBy } createdAt updatedAt
                 gitRepository { id name url provider authType hasCredentials hasWebhookSecret
                   defaultBranch writeMode commitAuthorName commitAuthorEmail connectionStatus
                   lastValidated validationError sshHostKeys } } }",
            json!({}),
        )
        .await;
    scrub_paths(&mut fabrics, &git_dir);
    insta::assert_json_snapshot!("fabrics", fabrics, {
        ".fabrics[].id" => insta::dynamic_redaction(|v, _| redact(v, "id")),
        ".fabrics[].gitRepository.id" => insta::dynamic_redaction(|v, _| redact(v, "id")),
        ".fabrics[].desiredStateCommit" => insta::dynamic_redaction(|v, _| redact(v, "sha")),
        ".fabrics[].remoteHeadCommit" => insta::dynamic_redaction(|v, _| redact(v, "sha")),
        ".fabrics[].lastSync" => insta::dynamic_redaction(|v, _| redact(v, "timestamp")),
        ".fabrics[].createdAt" => "[timestamp]",
        ".fabrics[].updatedAt" => "[timestamp]",
        ".fabrics[].gitRepository.lastValidated" => insta::dynamic_redaction(|v, _| redact(v, "timestamp")),
    });

    let response = server
        .gql(
            Some(&admin),
            "mutation($f: ID!, $s: JSON!) { createResourceDraft(fabricId: $f, kind: \"Switch\", name: \"leaf-01\", spec: $s) { operation } }",
            json!({ "f": fabric, "s": {"role": "bogus"} }),
        )
        .await;
    assert_eq!(code(&response), Some("VALIDATION_FAILED"), "{response:#}");
    assert_eq!(
        response["errors"][0]["extensions"]["problems"][0]["path"],
        "spec.role"
    );
    insta::assert_json_snapshot!("validation_error", response);
}

/// `nodes { desiredSpec … }` must carry the JSON columns like `edges { node { … } } }` does.
#[tokio::test]
async fn snapshot_of_a_resources_page() {
    let server = Server::start(Backend::Sqlite).await;
    let admin = server.user("admin", "admin");
    let git = vpc_repository(1, 4);
    let (_, fabric) = server
        .repo_and_fabric(&admin, &git.url(), "fabrics/dc1")
        .await;
    server.sync(&admin, &fabric).await;
    let git_dir = git.remote_path().display().to_string();
    let mut page = server
        .ok(
            &admin,
            "query($f: ID) { resources(fabricId: $f, first: 3) {
                 totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                 edges { cursor }
                 nodes { id fabricId kind apiVersion namespace name labels annotations desiredSpec
                   desiredCommit desiredUpdated draftSpec draftOperation hasDraft actualSpec
                   managedFilePath fileHash lastFileSync syncDirection conflictStatus
                   resourceState driftStatus drift validationErrors { path message }
                   createdAt updatedAt } } }",
            json!({ "f": fabric }),
        )
        .await;
    scrub_paths(&mut page, &git_dir);
    assert!(
        !page["resources"]["nodes"][0]["desiredSpec"].is_null(),
        "nodes {{ desiredSpec }} is null: {page:#}"
    );
    insta::assert_json_snapshot!("resources_page", page, {
        ".resources.nodes[].id" => "[id]",
        ".resources.nodes[].fabricId" => "[id]",
        ".resources.nodes[].desiredCommit" => insta::dynamic_redaction(|v, _| redact(v, "sha")),
        ".resources.nodes[].desiredUpdated" => insta::dynamic_redaction(|v, _| redact(v, "timestamp")),
        ".resources.nodes[].lastFileSync" => insta::dynamic_redaction(|v, _| redact(v, "timestamp")),
        ".resources.nodes[].createdAt" => "[timestamp]",
        ".resources.nodes[].updatedAt" => "[timestamp]",
    });
}

/// Page nodes whose selection is plain scalar fields are built without the resolvers
/// (`api/src/graphql/types/page_node.rs`); a fragment sends a node through the resolvers.
/// Both must give the same page, for every such field, with drafts of each operation.
#[tokio::test]
async fn page_nodes_resolve_as_the_resolvers_do() {
    let server = Server::start(Backend::Sqlite).await;
    let admin = server.user("admin", "admin");
    let git = vpc_repository(1, 4);
    let (_, fabric) = server
        .repo_and_fabric(&admin, &git.url(), "fabrics/dc1")
        .await;
    server.sync(&admin, &fabric).await;
    let ids: Vec<String> = server
        .ok(
            &admin,
            "query($f: ID) { resources(fabricId: $f) { nodes { id } } }",
            json!({ "f": fabric }),
        )
        .await["resources"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    // A draft of each operation: update, delete, create.
    for (mutation, variables) in [
        (
            "mutation($r: ID!) { updateResourceDraft(resourceId: $r, spec: {subnets: {default: {subnet: \"10.9.1.0/24\", vlan: 1901}}}) { resource { id } } }",
            json!({ "r": ids[0] }),
        ),
        (
            "mutation($r: ID!) { deleteResourceDraft(resourceId: $r) { resource { id } } }",
            json!({ "r": ids[1] }),
        ),
        (
            "mutation($f: ID!) { createResourceDraft(fabricId: $f, kind: \"VPC\", name: \"vpc-new\", spec: {subnets: {default: {subnet: \"10.9.2.0/24\", vlan: 1902}}}) { resource { id } } }",
            json!({ "f": fabric }),
        ),
    ] {
        server.ok(&admin, mutation, variables).await;
    }
    let fields = "__typename id fabricId kind apiVersion namespace name desiredCommit \
        desiredUpdated draftOperation draftUpdated draftUpdatedBy hasDraft actualUpdated \
        managedFilePath fileHash lastFileSync syncDirection conflictStatus resourceState \
        driftStatus draftNote createdAt updatedAt again: name id";
    let page = |last: &'static str| {
        let (server, admin, fabric) = (&server, &admin, &fabric);
        let query = format!(
            "query($f: ID) {{ resources(fabricId: $f) {{ edges {{ node {{ {fields} {last} }} }} }} }}"
        );
        async move { server.ok(admin, &query, json!({ "f": fabric })).await }
    };
    let plain = page("kindAgain: kind").await;
    let resolved = page("... on Resource { kindAgain: kind }").await;
    assert_eq!(plain, resolved);
    let nodes = plain["resources"]["edges"].as_array().unwrap();
    assert_eq!(nodes.len(), 5, "{plain:#}");
    let operations: BTreeSet<String> = nodes
        .iter()
        .map(|e| e["node"]["draftOperation"].to_string())
        .collect();
    assert_eq!(
        operations,
        BTreeSet::from(["\"CREATE\"", "\"DELETE\"", "\"UPDATE\"", "null"].map(String::from)),
        "{plain:#}"
    );
}

/// `X-Hub-Signature-256` of `body` with `secret` (computed with the openssl CLI).
fn github_signature(secret: &str, body: &[u8]) -> String {
    let mut child = Command::new("openssl")
        .args(["dgst", "-sha256", "-hmac", secret, "-hex", "-r"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("openssl runs");
    child.stdin.take().unwrap().write_all(body).unwrap();
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    format!("sha256={}", text.split_whitespace().next().unwrap())
}

/// The real recorded GitHub push payload, pointed at a local remote and branch.
fn push_payload(url: &str, branch: &str) -> Vec<u8> {
    let mut payload: Value =
        serde_json::from_str(include_str!("../../fixtures/github-webhooks/push.json")).unwrap();
    payload["ref"] = json!(format!("refs/heads/{branch}"));
    for field in [
        "clone_url",
        "ssh_url",
        "git_url",
        "html_url",
        "svn_url",
        "url",
    ] {
        payload["repository"][field] = json!(url);
    }
    serde_json::to_vec(&payload).unwrap()
}

/// `POST /webhooks/github`: a bad or missing signature enqueues nothing (401); an unknown
/// repository is accepted and ignored (202); `ping` answers 200; a signed push to the fabric's
/// branch runs detection at once, which queues a sync that completes.
#[tokio::test]
async fn github_webhook_verifies_signatures_and_starts_detection() {
    let server = Server::start(Backend::Sqlite).await;
    let admin = server.user("admin", "admin");
    let git = vpc_repository(1, 3);
    let (repo, fabric) = server
        .repo_and_fabric(&admin, &git.url(), "fabrics/dc1")
        .await;
    server
        .ok(
            &admin,
            "mutation($id: ID!) { updateGitRepository(id: $id, input: {webhookSecret: \"hook-s3cret\"}) { hasWebhookSecret } }",
            json!({ "id": repo }),
        )
        .await;
    let count = || async {
        server
            .ok(
                &admin,
                "query($f: ID!) { syncOperations(fabricId: $f) { totalCount nodes { id status } } }",
                json!({ "f": fabric }),
            )
            .await["syncOperations"]
            .clone()
    };
    let post = |event: &'static str, body: Vec<u8>, signature: Option<String>| {
        let mut request = server
            .client
            .post(format!("{}/webhooks/github", server.base))
            .header("X-GitHub-Event", event)
            .header("Content-Type", "application/json")
            .body(body);
        if let Some(signature) = signature {
            request = request.header("X-Hub-Signature-256", signature);
        }
        async move {
            let response = request.send().await.expect("POST /webhooks/github");
            let status = response.status().as_u16();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };

    let body = push_payload(&git.url(), "main");
    let (status, _) = post("push", body.clone(), None).await;
    assert_eq!(status, 401, "missing signature");
    let (status, _) = post("push", body.clone(), Some(github_signature("wrong", &body))).await;
    assert_eq!(status, 401, "bad signature");
    let mut tampered = body.clone();
    tampered.extend_from_slice(b" ");
    let (status, _) = post(
        "push",
        tampered,
        Some(github_signature("hook-s3cret", &body)),
    )
    .await;
    assert_eq!(status, 401, "body changed after signing");
    let other = push_payload("https://github.com/someone/else.git", "main");
    let (status, _) = post(
        "push",
        other.clone(),
        Some(github_signature("hook-s3cret", &other)),
    )
    .await;
    assert_eq!(status, 202, "unknown repository");
    assert_eq!(count().await["totalCount"], 0, "nothing enqueued");

    let ping: Vec<u8> = include_bytes!("../../fixtures/github-webhooks/ping.json").to_vec();
    let (status, _) = post("ping", ping.clone(), Some(github_signature("x", &ping))).await;
    assert_eq!(status, 200, "ping");

    let (status, reply) = post(
        "push",
        body.clone(),
        Some(github_signature("hook-s3cret", &body)),
    )
    .await;
    assert_eq!(status, 202, "{reply}");
    assert_eq!(reply["syncs_queued"], 1, "{reply}");
    let ops = count().await;
    assert_eq!(ops["totalCount"], 1, "{ops}");
    let op = server
        .wait_op(&admin, ops["nodes"][0]["id"].as_str().unwrap())
        .await;
    assert_eq!(op["status"], "SUCCEEDED", "{op}");
    assert_eq!(op["counters"]["created"], 3, "{op}");

    // A push to another branch starts nothing.
    let other_branch = push_payload(&git.url(), "feature");
    let (status, reply) = post(
        "push",
        other_branch.clone(),
        Some(github_signature("hook-s3cret", &other_branch)),
    )
    .await;
    assert_eq!(status, 202);
    assert_eq!(reply["syncs_queued"], 0, "{reply}");
}

/// `updateFabric(kubernetes: …)`, `testFabricClusterConnection`, `triggerSync(CLUSTER_READ)`
/// and the resources' actual state and drift, against the Kubernetes test API server; the
/// cluster token never appears in any response.
#[tokio::test]
async fn cluster_connection_and_read_through_graphql() {
    use hnp_tests::kube_server::{
        KubeApiServer, TEST_TOKEN, hedgehog_cluster_copy, hedgehog_kinds,
    };
    let server = Server::start(Backend::Sqlite).await;
    let admin = server.user("admin", "admin");
    let git = vpc_repository(1, 3);
    let (_, fabric) = server
        .repo_and_fabric(&admin, &git.url(), "fabrics/dc1")
        .await;
    server.sync(&admin, &fabric).await;

    let cluster = KubeApiServer::start(hedgehog_kinds()).unwrap();
    for i in 0..3 {
        let doc: Value = serde_json::from_str(&serde_json::to_string(&json!({
            "apiVersion": "vpc.githedgehog.com/v1beta1",
            "kind": "VPC",
            "metadata": {"name": format!("vpc-{i:04}")},
            "spec": {"subnets": {"default": {"subnet": format!("10.0.{i}.0/24"), "vlan": if i == 1 { 2999 } else { 1001 + i }}}}
        })).unwrap()).unwrap();
        cluster.put(hedgehog_cluster_copy(&doc));
    }
    let fields = "id kubernetesServer kubernetesNamespace clusterConfigured usesKubeconfig \
        hasKubernetesToken kubernetesInsecureSkipTlsVerify clusterWarnings";
    let mut bodies = Vec::new();

    // Both shapes at once are refused with the field named.
    let both = server
        .gql(
            Some(&admin),
            "mutation($id: ID!) { updateFabric(id: $id, input: {kubeconfig: \"x\", kubernetes: {apiServer: \"https://x\"}}) { id } }",
            json!({ "id": fabric }),
        )
        .await;
    assert_eq!(code(&both), Some("VALIDATION_FAILED"), "{both}");

    let data = server
        .ok(
            &admin,
            &format!(
                "mutation($id: ID!, $k: KubernetesInput!) {{ updateFabric(id: $id, input: {{kubernetes: $k}}) {{ {fields} }} }}"
            ),
            json!({ "id": fabric, "k": { "apiServer": cluster.url(), "caCert": cluster.ca_pem(), "token": TEST_TOKEN } }),
        )
        .await;
    bodies.push(data.to_string());
    let f = &data["updateFabric"];
    assert_eq!(f["kubernetesServer"], cluster.url());
    assert_eq!(f["clusterConfigured"], true);
    assert_eq!(f["hasKubernetesToken"], true);
    assert_eq!(f["clusterWarnings"], json!([]));

    let data = server
        .ok(
            &admin,
            "mutation($f: ID!) { testFabricClusterConnection(fabricId: $f) { ok serverVersion namespace \
             kinds { kind apiVersion installed } warnings error } }",
            json!({ "f": fabric }),
        )
        .await;
    bodies.push(data.to_string());
    let test = &data["testFabricClusterConnection"];
    assert_eq!(test["ok"], true, "{test}");
    assert_eq!(test["serverVersion"], "v1.31.4+k3s1");
    assert_eq!(test["kinds"].as_array().unwrap().len(), 15);

    let data = server
        .ok(
            &admin,
            "mutation($f: ID!) { triggerSync(fabricId: $f, direction: CLUSTER_READ) { id direction } }",
            json!({ "f": fabric }),
        )
        .await;
    assert_eq!(data["triggerSync"]["direction"], "CLUSTER_READ");
    let op = server.wait_op(&admin, &id_of(&data["triggerSync"])).await;
    assert_eq!(op["status"], "SUCCEEDED", "{op}");
    let data = server
        .ok(
            &admin,
            "query($f: ID!) { resources(fabricId: $f, first: 10) { nodes { name driftStatus resourceState \
             actualSpec drift } } }",
            json!({ "f": fabric }),
        )
        .await;
    bodies.push(data.to_string());
    let nodes = data["resources"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 3);
    for node in nodes {
        assert!(node["actualSpec"].is_object(), "{node}");
        if node["name"] == "vpc-0001" {
            assert_eq!(node["driftStatus"], "SPEC_DRIFT");
            assert_eq!(
                node["drift"]["differences"][0]["path"],
                "spec.subnets.default.vlan"
            );
        } else {
            assert_eq!(node["driftStatus"], "IN_SYNC", "{node}");
            assert_eq!(node["resourceState"], "SYNCED");
        }
    }
    // adoptActual takes the drifted VLAN into a draft; adoptOrphan refuses a resource in Git.
    let drifted = nodes.iter().find(|n| n["name"] == "vpc-0001").unwrap();
    let data = server
        .ok(
            &admin,
            "query($f: ID!) { resources(fabricId: $f, first: 10) { nodes { id name } } }",
            json!({ "f": fabric }),
        )
        .await;
    let id = data["resources"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == drifted["name"])
        .unwrap()["id"]
        .clone();
    let adopted = server
        .ok(
            &admin,
            "mutation($r: ID!) { adoptActual(resourceId: $r, paths: [\"spec.subnets.default.vlan\"]) { operation resource { draftSpec } } }",
            json!({ "r": id }),
        )
        .await;
    assert_eq!(adopted["adoptActual"]["operation"], "UPDATE", "{adopted}");
    assert_eq!(
        adopted["adoptActual"]["resource"]["draftSpec"]["subnets"]["default"]["vlan"],
        2999
    );
    let explained = server
        .ok(
            &admin,
            "query($r: ID!) { resource(id: $r) { driftDifferences { path desired actual since manager operation } } }",
            json!({ "r": id }),
        )
        .await;
    let differences = &explained["resource"]["driftDifferences"];
    assert_eq!(differences.as_array().map(Vec::len), Some(1), "{explained}");
    assert_eq!(differences[0]["path"], "spec.subnets.default.vlan");
    assert_eq!(differences[0]["actual"], 2999);
    assert!(differences[0]["since"].is_string(), "{explained}");
    assert!(differences[0]["keptGitBy"].is_null(), "{explained}");
    // Keep Git: still drift, marked with who decided; a path that does not drift is refused.
    let kept = server
        .ok(
            &admin,
            "mutation($r: ID!) { keepGit(resourceId: $r) { driftStatus driftDifferences { path keptGitBy keptGitAt } } }",
            json!({ "r": id }),
        )
        .await;
    assert_eq!(kept["keepGit"]["driftStatus"], "SPEC_DRIFT", "{kept}");
    let marked = &kept["keepGit"]["driftDifferences"][0];
    assert_eq!(marked["path"], "spec.subnets.default.vlan", "{kept}");
    assert_eq!(marked["keptGitBy"], "admin", "{kept}");
    assert!(marked["keptGitAt"].is_string(), "{kept}");
    let refused = server
        .gql(
            Some(&admin),
            "mutation($r: ID!) { keepGit(resourceId: $r, paths: [\"spec.nope\"]) { id } }",
            json!({ "r": id }),
        )
        .await;
    assert_eq!(code(&refused), Some("VALIDATION_FAILED"), "{refused}");
    assert!(refused.to_string().contains("paths[0]"), "{refused}");
    // Per-fabric gauges: the drifted VPC and the adopted draft.
    let metrics = server
        .client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for line in [
        "hnp_fabric_drifted_resources{fabric=\"dc1\"} 1",
        "hnp_fabric_pending_drafts{fabric=\"dc1\"} 1",
        "hnp_fabric_ignored_paths{fabric=\"dc1\"} 0",
        "hnp_fabric_switches_not_converged{fabric=\"dc1\"} 0",
    ] {
        assert!(metrics.contains(line), "{line} missing:\n{metrics}");
    }
    let refused = server
        .gql(
            Some(&admin),
            "mutation($r: ID!) { adoptOrphan(resourceId: $r) { operation } }",
            json!({ "r": id }),
        )
        .await;
    assert_eq!(code(&refused), Some("VALIDATION_FAILED"), "{refused}");

    // The dry-run flag has no meaning for a cluster read.
    let dry = server
        .gql(
            Some(&admin),
            "mutation($f: ID!) { triggerSync(fabricId: $f, direction: CLUSTER_READ, dryRun: true) { id } }",
            json!({ "f": fabric }),
        )
        .await;
    assert_eq!(code(&dry), Some("VALIDATION_FAILED"));

    let data = server
        .ok(&admin, &format!("{{ fabrics {{ {fields} }} }}"), json!({}))
        .await;
    bodies.push(data.to_string());
    for body in &bodies {
        assert!(!body.contains(TEST_TOKEN), "token leaked: {body}");
    }
    assert!(
        !server.log().contains(TEST_TOKEN),
        "token in the server log"
    );
}

/// GitHub pull-request mode through the API: a repository created with provider GITHUB,
/// `githubApiUrl` (the GitHub API test server over the real remote) and PULL_REQUEST mode; the
/// connection test reports the token's permissions and the rate limit; a GUI → Git sync opens a
/// pull request (`pullRequestUrl`, resource PENDING); a signed `pull_request` `closed` webhook
/// (recorded payload, not merged) brings the draft back with a note; `/metrics` shows the rate
/// limit.
#[tokio::test]
async fn github_pull_request_mode_through_graphql_and_webhook() {
    use hnp_tests::github_server::FakeGitHub;
    const TOKEN: &str = "ghp_api_test_token_0123456789";
    let server = Server::start(Backend::Sqlite).await;
    let admin = server.user("admin", "admin");
    let git = vpc_repository(1, 2);
    let path = hnp_core::github::repository_path(&git.url()).unwrap();
    let gh = FakeGitHub::start(&git.remote_path(), &path.owner, &path.name, TOKEN)
        .await
        .unwrap();
    let data = server
        .ok(
            &admin,
            "mutation($url: String!, $api: String!, $token: String!) { createGitRepository(input: {\
             url: $url, provider: GITHUB, githubApiUrl: $api, writeMode: PULL_REQUEST, \
             credentials: {token: $token}, webhookSecret: \"hook-s3cret\"}) { id githubApiUrl writeMode } }",
            json!({ "url": git.url(), "api": gh.api_url, "token": TOKEN }),
        )
        .await;
    assert_eq!(
        data["createGitRepository"]["githubApiUrl"],
        json!(gh.api_url)
    );
    let repo = id_of(&data["createGitRepository"]);
    let data = server
        .ok(
            &admin,
            "mutation($repo: ID!) { createFabric(input: {name: \"dc1\", gitRepositoryId: $repo, \
             gitopsDirectory: \"fabrics/dc1\", branch: \"main\"}) { id } }",
            json!({ "repo": repo }),
        )
        .await;
    let fabric = id_of(&data["createFabric"]);
    server.sync(&admin, &fabric).await;

    let data = server
        .ok(
            &admin,
            "mutation($id: ID!) { testGitRepositoryConnection(id: $id, branch: \"main\") { ok \
             github { fullName canPush permissions branchProtected } \
             repository { githubRateLimit { remaining limit resetAt } } } }",
            json!({ "id": repo }),
        )
        .await;
    let test = &data["testGitRepositoryConnection"];
    assert_eq!(test["ok"], true, "{test}");
    assert_eq!(test["github"]["canPush"], true, "{test}");
    assert_eq!(test["github"]["branchProtected"], false, "{test}");
    assert_eq!(test["github"]["fullName"], json!(path.to_string()));
    assert_eq!(
        test["repository"]["githubRateLimit"]["limit"], 5000,
        "{test}"
    );
    assert!(
        test["repository"]["githubRateLimit"]["remaining"]
            .as_i64()
            .unwrap()
            < 5000
    );
    assert!(!test.to_string().contains(TOKEN));

    let data = server
        .ok(
            &admin,
            "mutation($f: ID!, $s: JSON!) { createResourceDraft(fabricId: $f, kind: \"VPC\", name: \"vpc-new\", spec: $s) { resource { id } } }",
            json!({ "f": fabric, "s": {"subnets": {"default": {"subnet": "10.77.0.0/24", "vlan": 3077}}} }),
        )
        .await;
    let resource = id_of(&data["createResourceDraft"]["resource"]);
    let data = server
        .ok(
            &admin,
            "mutation($f: ID!) { triggerSync(fabricId: $f, direction: GUI_TO_GIT) { id } }",
            json!({ "f": fabric }),
        )
        .await;
    let op_id = id_of(&data["triggerSync"]);
    let op = server.wait_op(&admin, &op_id).await;
    assert_eq!(op["status"], "SUCCEEDED", "{op:#}");
    let resource_state = || async {
        server
            .ok(
                &admin,
                "query($id: ID!, $op: ID!, $fab: ID!) { resource(id: $id) { resourceState draftNote } \
                 syncOperation(id: $op) { pullRequestUrl } \
                 fabric(id: $fab) { openPullRequestUrl } }",
                json!({ "id": resource, "op": op_id, "fab": fabric }),
            )
            .await
    };
    let data = resource_state().await;
    let url = data["syncOperation"]["pullRequestUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(url.ends_with("/pull/1"), "{data}");
    assert_eq!(data["fabric"]["openPullRequestUrl"], json!(url));
    assert_eq!(data["resource"]["resourceState"], "PENDING", "{data}");
    let pulls = gh.pulls();
    assert_eq!(pulls.len(), 1);
    assert_eq!(pulls[0].head, format!("hnp/sync-{op_id}"));

    // The pull request is closed without merging on GitHub: the webhook restores the draft.
    gh.close(1);
    let mut payload: Value = serde_json::from_str(include_str!(
        "../../fixtures/github-api/pull_request.closed.webhook.json"
    ))
    .unwrap();
    payload["number"] = json!(1);
    payload["pull_request"]["number"] = json!(1);
    payload["pull_request"]["html_url"] = json!(url);
    payload["pull_request"]["head"]["ref"] = json!(pulls[0].head);
    payload["pull_request"]["base"]["ref"] = json!("main");
    for field in [
        "clone_url",
        "ssh_url",
        "git_url",
        "html_url",
        "svn_url",
        "url",
    ] {
        payload["repository"][field] = json!(git.url());
    }
    let body = serde_json::to_vec(&payload).unwrap();
    let response = server
        .client
        .post(format!("{}/webhooks/github", server.base))
        .header("X-GitHub-Event", "pull_request")
        .header("Content-Type", "application/json")
        .header(
            "X-Hub-Signature-256",
            github_signature("hook-s3cret", &body),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 202);
    let reply: Value = response.json().await.unwrap();
    assert_eq!(reply["drafts_restored"], 1, "{reply}");
    assert_eq!(reply["merged"], false, "{reply}");
    let data = resource_state().await;
    assert_eq!(data["resource"]["resourceState"], "DRAFT", "{data}");
    let note = data["resource"]["draftNote"].as_str().unwrap_or_default();
    assert!(note.contains("closed without merging"), "{data}");
    assert_eq!(data["fabric"]["openPullRequestUrl"], Value::Null, "{data}");

    let metrics = server
        .client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = format!(
        "hnp_github_rate_limit_limit{{repository=\"{}\"}} 5000",
        git.url()
    );
    assert!(metrics.contains(&line), "{metrics}");
    assert!(
        metrics.contains("hnp_github_rate_limit_remaining{repository="),
        "{metrics}"
    );
}

/// `hnp secrets rotate` while `hnp serve` runs: the server picks up the rotated key without a
/// restart, so a sync that needs the stored (now re-encrypted) credentials succeeds, and a
/// credential saved afterwards is encrypted under the new key.
#[tokio::test]
async fn secrets_rotate_without_restarting_the_server() {
    secrets_rotate_without_restarting_the_server_on(Backend::Sqlite).await;
}

#[tokio::test]
async fn secrets_rotate_without_restarting_the_server_postgres() {
    secrets_rotate_without_restarting_the_server_on(Backend::Postgres).await;
}

async fn secrets_rotate_without_restarting_the_server_on(backend: Backend) {
    use hnp_tests::git_support::HttpGitServer;
    let server = Server::start(backend).await;
    let admin = server.user("admin", "admin");
    let git = vpc_repository(1, 2);
    let root = git.remote_path().parent().unwrap().to_owned();
    let http = HttpGitServer::start(&root, "alice", "rotate-me-pass").unwrap();
    let data = server
        .ok(
            &admin,
            "mutation($url: String!) { createGitRepository(input: {name: \"main\", url: $url, \
             credentials: {username: \"alice\", password: \"rotate-me-pass\"}}) { id } }",
            json!({ "url": http.url("remote.git") }),
        )
        .await;
    let repo = id_of(&data["createGitRepository"]);
    let data = server
        .ok(
            &admin,
            "mutation($repo: ID!) { createFabric(input: {name: \"dc1\", gitRepositoryId: $repo, \
             gitopsDirectory: \"fabrics/dc1\"}) { id } }",
            json!({ "repo": repo }),
        )
        .await;
    let fabric = id_of(&data["createFabric"]);
    server.sync(&admin, &fabric).await;

    let key_file = server.inner.data_dir().join("secret.key");
    let before = std::fs::read_to_string(&key_file).unwrap();
    let out = server.run(&["secrets", "rotate", "--json"], "");
    let rotation: Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert!(
        rotation["values_reencrypted"].as_u64().unwrap() >= 1,
        "{rotation}"
    );
    assert_ne!(std::fs::read_to_string(&key_file).unwrap(), before);

    // A new commit, so the sync must fetch with the stored credentials.
    git.write("fabrics/dc1/more.yaml", vpc_doc("vpc-9000", 90))
        .unwrap();
    git.commit("more").unwrap();
    let op = server.sync(&admin, &fabric).await;
    assert_eq!(op["counters"]["created"], 1, "{op:#}");

    // A secret saved now lands under the new key (a later rotation can read it).
    server
        .ok(
            &admin,
            "mutation($id: ID!) { updateGitRepository(id: $id, input: {webhookSecret: \"hook\"}) { id } }",
            json!({ "id": repo }),
        )
        .await;
    let out = server.run(&["secrets", "rotate", "--json"], "");
    let again: Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(again["old_key_id"], rotation["new_key_id"], "{again}");
    server.sync(&admin, &fabric).await;
}

/// `login` → a session listed by `apiTokens`; `logout` ends it server-side; an admin lists and
/// revokes another user's tokens, deactivates a user (their tokens and sessions stop working,
/// login fails) and reactivates them; nobody deactivates themselves or the last admin; a
/// document with two `login` fields is refused before any runs.
#[tokio::test]
async fn sessions_logout_deactivation_and_token_listing() {
    sessions_logout_deactivation_and_token_listing_on(Backend::Sqlite).await;
}

#[tokio::test]
async fn sessions_logout_deactivation_and_token_listing_postgres() {
    sessions_logout_deactivation_and_token_listing_on(Backend::Postgres).await;
}

async fn sessions_logout_deactivation_and_token_listing_on(backend: Backend) {
    let server = Server::start(backend).await;
    let admin = server.user("admin", "admin");
    let ops_token = server.user("ops", "operator");
    let login = |username: &'static str| {
        let server = &server;
        async move {
            server
                .gql(
                    None,
                    "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
                    json!({ "u": username, "p": PASSWORD }),
                )
                .await
        }
    };
    let session = login("ops").await["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = "{ me { username } }";
    server.ok(&session, me, json!({})).await;

    // Own tokens: the API token and the session.
    let data = server
        .ok(
            &session,
            "{ apiTokens { id name session revoked lastUsedAt } }",
            json!({}),
        )
        .await;
    let tokens = data["apiTokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 2, "{data}");
    assert_eq!(tokens.iter().filter(|t| t["session"] == true).count(), 1);
    // Another user's tokens need admin.
    let response = server
        .gql(
            Some(&ops_token),
            "{ apiTokens(username: \"admin\") { id } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&response), Some("FORBIDDEN"), "{response}");

    // Logout ends the session at once; the API token is not a session.
    let data = server.ok(&session, "mutation { logout }", json!({})).await;
    assert_eq!(data["logout"], true);
    let response = server.gql(Some(&session), me, json!({})).await;
    assert_eq!(code(&response), Some("UNAUTHENTICATED"), "{response}");
    let response = server
        .gql(Some(&ops_token), "mutation { logout }", json!({}))
        .await;
    assert_eq!(code(&response), Some("VALIDATION_FAILED"), "{response}");
    server.ok(&ops_token, me, json!({})).await;

    // The admin lists and revokes ops's API token.
    let data = server
        .ok(
            &admin,
            "{ apiTokens(username: \"ops\") { id session revoked } }",
            json!({}),
        )
        .await;
    let rows = data["apiTokens"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "the ended session is gone: {data}");
    let ops_token_id = rows[0]["id"].as_str().unwrap().to_owned();

    // Deactivation: the API token and a new session stop working, login fails; reactivation.
    let ops_id = server
        .ok(&admin, "{ users { id username } }", json!({}))
        .await["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "ops")
        .map(id_of)
        .unwrap();
    let second = login("ops").await["data"]["login"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let update = "mutation($id: ID!, $a: Boolean) { updateUser(id: $id, active: $a) { isActive } }";
    let data = server
        .ok(&admin, update, json!({ "id": ops_id, "a": false }))
        .await;
    assert_eq!(data["updateUser"]["isActive"], false);
    for token in [&ops_token, &second] {
        let response = server.gql(Some(token), me, json!({})).await;
        assert_eq!(code(&response), Some("UNAUTHENTICATED"), "{response}");
    }
    let response = login("ops").await;
    assert_eq!(code(&response), Some("UNAUTHENTICATED"), "{response}");
    server
        .ok(&admin, update, json!({ "id": ops_id, "a": true }))
        .await;
    server.ok(&ops_token, me, json!({})).await;
    let response = server.gql(Some(&second), me, json!({})).await;
    assert_eq!(
        code(&response),
        Some("UNAUTHENTICATED"),
        "a deactivation ends sessions for good: {response}"
    );
    server
        .ok(
            &admin,
            "mutation($id: ID!) { revokeApiToken(id: $id) { revoked } }",
            json!({ "id": ops_token_id }),
        )
        .await;
    let response = server.gql(Some(&ops_token), me, json!({})).await;
    assert_eq!(code(&response), Some("UNAUTHENTICATED"), "{response}");

    // Not yourself, not the last admin.
    let admin_id = server.ok(&admin, "{ me { id } }", json!({})).await["me"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = server
        .gql(Some(&admin), update, json!({ "id": admin_id, "a": false }))
        .await;
    assert_eq!(code(&response), Some("VALIDATION_FAILED"), "{response}");
    for demote in [
        "mutation($id: ID!) { updateUser(id: $id, role: VIEWER) { role } }",
        "mutation($id: ID!) { updateUserRole(id: $id, role: OPERATOR) { role } }",
    ] {
        let response = server
            .gql(Some(&admin), demote, json!({ "id": admin_id }))
            .await;
        assert_eq!(code(&response), Some("VALIDATION_FAILED"), "{response}");
        assert!(
            response["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("last active admin"),
            "{response}"
        );
    }
    server.ok(&admin, "{ users { id } }", json!({})).await;

    // Two logins in one document: refused before either runs (no failure is counted).
    let response = server
        .gql(
            None,
            "mutation { a: login(username: \"ops\", password: \"wrong-1\") { token } \
             b: login(username: \"ops\", password: \"wrong-2\") { token } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&response), Some("VALIDATION_FAILED"), "{response}");
    assert!(
        response["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("at most one login"),
        "{response}"
    );
    let data = server
        .ok(
            &admin,
            "{ auditEvents(first: 100) { nodes { action } } }",
            json!({}),
        )
        .await;
    let failed = data["auditEvents"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "auth.login_failed")
        .count();
    assert_eq!(failed, 1, "only the deactivated user's attempt: {data}");
}

/// `fabrics { … }` with every per-fabric counter costs the same number of database statements
/// for 50 fabrics as for 5: the counters are batched (DataLoader → one core query), not read
/// per fabric and field. Counted with the server's own `hnp_db_statements` metric.
#[tokio::test]
async fn fabric_counters_are_batched() {
    use hnp_tests::server::NEVER;
    let server = Server::start_with(
        Backend::Sqlite,
        &[
            ("HNP_DETECT_SCHEDULE", NEVER),
            ("HNP_CLUSTER_SCHEDULE", NEVER),
            ("HNP_CLEANUP_SCHEDULE", NEVER),
        ],
    )
    .await;
    let admin = server.user("admin", "admin");
    let git = vpc_repository(1, 3);
    let statements = || async {
        let text = server
            .client
            .get(format!("{}/metrics", server.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        text.lines()
            .find_map(|l| l.strip_prefix("hnp_db_statements "))
            .and_then(|v| v.trim().parse::<u64>().ok())
            .expect("hnp_db_statements in /metrics")
    };
    let query = "{ fabrics { id resourceCount pendingDrafts lastSync syncStatus openConflicts \
                 driftCount invalidResources } }";
    let cost = || async {
        server.ok(&admin, "{ me { id } }", json!({})).await; // token cached
        // A scrape runs statements of its own before it reads the counter: measured apart.
        let first = statements().await;
        let before = statements().await;
        let scrape = before - first;
        let data = server.ok(&admin, query, json!({})).await;
        let after = statements().await;
        (
            after - before - scrape,
            data["fabrics"].as_array().unwrap().clone(),
        )
    };
    let repo = id_of(
        &server
            .ok(
                &admin,
                "mutation($url: String!) { createGitRepository(input: {name: \"main\", url: $url}) { id } }",
                json!({ "url": git.url() }),
            )
            .await["createGitRepository"],
    );
    let add_fabrics = |from: usize, to: usize| {
        let (server, admin, repo) = (&server, &admin, &repo);
        async move {
            for i in from..to {
                server
                    .ok(
                        admin,
                        "mutation($n: String!, $r: ID!, $d: String!) { createFabric(input: {name: $n, gitRepositoryId: $r, gitopsDirectory: $d}) { id } }",
                        json!({ "n": format!("f{i}"), "r": repo, "d": format!("fabrics/dc{}", i + 1) }),
                    )
                    .await;
            }
        }
    };
    add_fabrics(0, 5).await;
    // f0 follows fabrics/dc1, which holds three VPCs: give it resources and an operation.
    let fabrics = server
        .ok(&admin, "{ fabrics { id name } }", json!({}))
        .await;
    let f0 = fabrics["fabrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "f0")
        .map(id_of)
        .unwrap();
    server.sync(&admin, &f0).await;
    let (five, rows) = cost().await;
    assert_eq!(rows.len(), 5);
    let f0_row = rows.iter().find(|f| f["id"] == f0.as_str()).unwrap();
    assert_eq!(f0_row["resourceCount"], 3, "{f0_row}");
    assert_eq!(f0_row["syncStatus"], "IN_SYNC", "{f0_row}");
    assert!(f0_row["lastSync"].is_string(), "{f0_row}");
    assert!(
        rows.iter()
            .filter(|f| f["id"] != f0.as_str())
            .all(|f| f["syncStatus"] == "NEVER_SYNCED" && f["resourceCount"] == 0),
        "{rows:?}"
    );
    add_fabrics(5, 50).await;
    let (fifty, rows) = cost().await;
    assert_eq!(rows.len(), 50);
    eprintln!("statements: {five} for 5 fabrics, {fifty} for 50");
    assert_eq!(
        fifty, five,
        "the cost must not grow with the number of fabrics"
    );
    assert!(fifty <= 20, "{fifty} statements");
}
