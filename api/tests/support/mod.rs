//! The harness of the API tests: `hnp serve` on loopback with its own database, a GraphQL
//! client, a synced fabric, waiting for operations; [`cli`] runs the binary itself.
#![allow(dead_code)]

pub mod cli;

use std::time::{Duration, Instant};

use hnp_tests::server::HnpServer;
use hnp_tests::{Backend, GitFixture};
use serde_json::{Value, json};

pub const PASSWORD: &str = hnp_tests::server::TEST_PASSWORD;

pub struct Server {
    pub inner: HnpServer,
    pub client: reqwest::Client,
}

/// A server with an admin, a repository holding `vpc-1` in `fabrics/dc1` and a fabric on it,
/// synced: what most cockpit tests start from.
pub struct Synced {
    pub server: Server,
    /// The admin's token.
    pub admin: String,
    pub git: GitFixture,
    /// The fabric's id.
    pub fabric: String,
}

impl Synced {
    pub async fn start(backend: Backend) -> Synced {
        let server = Server::start(backend).await;
        let admin = server.inner.user("admin", "admin");
        let git = GitFixture::new().unwrap();
        git.write("fabrics/dc1/vpcs.yaml", hnp_tests::vpc_doc("vpc-1", 1))
            .unwrap();
        git.commit("vpcs").unwrap();
        let fabric = server.fabric(&admin, &git).await;
        Synced {
            server,
            admin,
            git,
            fabric,
        }
    }
}

impl Server {
    pub async fn start(backend: Backend) -> Server {
        let inner = HnpServer::start(env!("CARGO_BIN_EXE_hnp"), backend, &[("HNP_LOG", "warn")])
            .await
            .expect("hnp serve starts");
        Server {
            inner,
            client: reqwest::Client::new(),
        }
    }

    pub fn url(&self) -> String {
        format!("{}/graphql", self.inner.base)
    }

    pub async fn gql(&self, token: &str, query: &str, variables: Value) -> Value {
        let response = self
            .client
            .post(self.url())
            .bearer_auth(token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("POST /graphql");
        response.json().await.unwrap()
    }

    pub async fn ok(&self, token: &str, query: &str, variables: Value) -> Value {
        let body = self.gql(token, query, variables).await;
        assert!(
            body.get("errors").is_none(),
            "{query}\n→ {body:#}\nlog:\n{}",
            self.inner.log()
        );
        body["data"].clone()
    }

    /// POST /graphql with a `Cookie` header and this content type, no bearer header.
    pub async fn with_cookie(&self, cookie: &str, content_type: &str, query: &str) -> Value {
        let response = self
            .client
            .post(self.url())
            .header("cookie", cookie)
            .header("content-type", content_type)
            .body(json!({ "query": query }).to_string())
            .send()
            .await
            .unwrap();
        response.json().await.unwrap()
    }

    /// A repository on `git` and a fabric on `fabrics/dc1`, synced from Git; the fabric id.
    pub async fn fabric(&self, admin: &str, git: &GitFixture) -> String {
        let data = self
            .ok(
                admin,
                "mutation($url: String!) { createGitRepository(input: {name: \"main\", url: $url}) { id } }",
                json!({ "url": git.url() }),
            )
            .await;
        let repo = data["createGitRepository"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let data = self
            .ok(
                admin,
                "mutation($r: ID!) { createFabric(input: {name: \"dc1\", gitRepositoryId: $r, gitopsDirectory: \"fabrics/dc1\"}) { id } }",
                json!({ "r": repo }),
            )
            .await;
        let fabric = data["createFabric"]["id"].as_str().unwrap().to_owned();
        let data = self
            .ok(
                admin,
                "mutation($f: ID!) { triggerSync(fabricId: $f, direction: GIT_TO_GUI) { id } }",
                json!({ "f": fabric }),
            )
            .await;
        let op = data["triggerSync"]["id"].as_str().unwrap().to_owned();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let data = self
                .ok(
                    admin,
                    "query($id: ID!) { syncOperation(id: $id) { status } }",
                    json!({ "id": op }),
                )
                .await;
            let status = data["syncOperation"]["status"].as_str().unwrap().to_owned();
            if ["SUCCEEDED", "PARTIALLY_SUCCEEDED", "FAILED"].contains(&status.as_str()) {
                // A dangling reference is an admission error, not a failure.
                assert_ne!(status, "FAILED", "{}", self.inner.log());
                break;
            }
            assert!(Instant::now() < deadline, "sync did not finish");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        fabric
    }
}

impl Server {
    /// Polls operation `id` until it has a terminal status; returns `fields` of it.
    pub async fn wait_op(&self, token: &str, id: &str, fields: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let data = self
                .ok(
                    token,
                    &format!("query($id: ID!) {{ syncOperation(id: $id) {{ status {fields} }} }}"),
                    json!({ "id": id }),
                )
                .await;
            let op = data["syncOperation"].clone();
            if ["SUCCEEDED", "PARTIALLY_SUCCEEDED", "FAILED", "CANCELLED"]
                .contains(&op["status"].as_str().unwrap_or_default())
            {
                return op;
            }
            assert!(Instant::now() < deadline, "operation {id} did not finish");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

pub fn code(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["code"].as_str()
}
