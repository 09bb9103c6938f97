//! Hostile inputs, end to end against the real `hnp` binary: Git content that must become a
//! per-file error (alias bombs, huge or deep files, bad bytes, symlinks, path tricks), abusive
//! GraphQL and REST requests, credentials and URLs that must be refused, kubeconfigs that name
//! programs or local files, cluster and GitHub servers that misbehave, and label floods.
//!
//! Every case asserts both halves: (a) a clear error naming the offending input (file path,
//! field, entry, header…), and (b) that nothing else changed — every fabric's rows (its
//! resources, desired/actual state and `desiredStateCommit`, read back through GraphQL), the git
//! remote's refs, and the server's health (`/healthz` 200, an authenticated query answers).
//!
//! Each test runs its own `hnp serve` on its own database (SQLite, or PostgreSQL where named)
//! with the scheduled jobs parked, so nothing but the hostile input can change a row.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hnp_tests::git_support::base64;
use hnp_tests::kube_server::{
    KubeApiServer, ListFault, TEST_TOKEN, client_certificate, hedgehog_cluster_copy, hedgehog_kinds,
};
use hnp_tests::server::{CliOutput, HnpServer, NEVER};
use hnp_tests::{Backend, GitFixture, vpc_doc, vpc_repository};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// Settings of every server here: no scheduled job runs during a test, and documents are
/// ingested where they are (no `raw/` normalization commit), so the remote only changes when a
/// test pushes.
const QUIET: [(&str, &str); 4] = [
    ("HNP_DETECT_SCHEDULE", NEVER),
    ("HNP_CLUSTER_SCHEDULE", NEVER),
    ("HNP_CLEANUP_SCHEDULE", NEVER),
    ("HNP_DIRECTORY_MANAGEMENT_ENABLED", "false"),
];

const FABRIC_FIELDS: &str = "id name desiredStateCommit gitopsDirectory gitBranch \
    directoryStatus kubernetesServer kubernetesNamespace kubernetesCaCert \
    kubernetesInsecureSkipTlsVerify clusterConfigured usesKubeconfig kubeconfigContext \
    hasKubernetesToken fileErrors { path message }";

const RESOURCE_FIELDS: &str = "kind namespace name desiredSpec desiredCommit fileHash \
    managedFilePath resourceState hasDraft actualSpec actualStatus actualUpdated driftStatus";

/// A server, its admin, and the git remotes whose refs must not move behind a test's back.
struct Env {
    server: HnpServer,
    http: reqwest::Client,
    admin: String,
    remotes: Vec<GitFixture>,
}

impl Env {
    async fn start(backend: Backend) -> Env {
        let server = HnpServer::start(env!("CARGO_BIN_EXE_hnp"), backend, &QUIET)
            .await
            .expect("hnp serve");
        let admin = server.user("admin", "admin");
        Env {
            server,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .unwrap(),
            admin,
            remotes: Vec::new(),
        }
    }

    /// A server with fabric `dc1` on `fabrics/dc1` of a new remote holding `vpcs` VPCs
    /// (`vpc-0000`, …), ingested.
    async fn with_fabric(backend: Backend, vpcs: usize) -> Env {
        let mut env = Env::start(backend).await;
        let git = vpc_repository(1, vpcs);
        env.add_fabric("dc1", &git.url(), "fabrics/dc1", &[], None);
        env.sync_git("dc1");
        env.remotes.push(git);
        env
    }

    /// `hnp args…` (one-minute deadline).
    fn cli(&self, args: &[&str]) -> CliOutput {
        self.server.run(args, b"")
    }

    /// `hnp fabric create --name N --repo-url URL --directory D --branch main --json`, plus
    /// `extra` and credentials on stdin; must succeed.
    fn add_fabric(
        &self,
        name: &str,
        url: &str,
        dir: &str,
        extra: &[&str],
        credentials: Option<&str>,
    ) -> Value {
        let mut args = vec![
            "fabric",
            "create",
            "--name",
            name,
            "--repo-url",
            url,
            "--directory",
            dir,
            "--branch",
            "main",
            "--json",
        ];
        args.extend_from_slice(extra);
        let stdin = credentials.map(|c| format!("{c}\n")).unwrap_or_default();
        if credentials.is_some() {
            args.push("--credentials-stdin");
        }
        self.server.run_ok(&args, stdin.as_bytes()).json()
    }

    /// Git → GUI of `fabric` through the CLI, which must succeed.
    fn sync_git(&self, fabric: &str) -> Value {
        let out = self.server.run_ok(
            &[
                "sync",
                "--fabric",
                fabric,
                "--direction",
                "git-to-gui",
                "--json",
            ],
            b"",
        );
        let report = out.json();
        assert_eq!(report["status"], "succeeded", "{report}");
        report
    }

    /// POST /graphql; `Err` when no HTTP response came back (e.g. the server dropped the
    /// connection).
    async fn post(&self, token: Option<&str>, body: &Value) -> Result<(u16, Value), String> {
        let mut request = self
            .http
            .post(format!("{}/graphql", self.server.base))
            .json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.map_err(|e| format!("{e:?}"))?;
        let status = response.status().as_u16();
        let text = response.text().await.map_err(|e| format!("{e:?}"))?;
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Ok((status, value))
    }

    /// A GraphQL request that must get an HTTP response; returns its body.
    async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let body = json!({ "query": query, "variables": variables });
        match self.post(token, &body).await {
            Ok((_, value)) => value,
            Err(e) => panic!(
                "no response to {:.200}: {e}\nserver log:\n{}",
                query,
                self.server.log()
            ),
        }
    }

    /// `data` of an admin query that must succeed.
    async fn ok(&self, query: &str, variables: Value) -> Value {
        let response = self.gql(Some(&self.admin), query, variables).await;
        assert!(
            response.get("errors").is_none(),
            "{query}\n→ {response}\nlog:\n{}",
            self.server.log()
        );
        response["data"].clone()
    }

    async fn fabric_id(&self, name: &str) -> String {
        let data = self.ok("{ fabrics { id name } }", json!({})).await;
        data["fabrics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .map(|f| f["id"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("no fabric {name}"))
    }

    /// The resources of fabric `id` (all fields the suite compares), by `kind/name`.
    async fn resources(&self, id: &str) -> Value {
        let data = self
            .ok(
                &format!(
                    "query($f: ID!) {{ resources(fabricId: $f, first: 500) {{ totalCount nodes {{ {RESOURCE_FIELDS} }} }} }}"
                ),
                json!({ "f": id }),
            )
            .await;
        let mut by_name = serde_json::Map::new();
        for node in data["resources"]["nodes"].as_array().unwrap() {
            by_name.insert(
                format!(
                    "{}/{}",
                    node["kind"].as_str().unwrap_or_default(),
                    node["name"].as_str().unwrap_or_default()
                ),
                node.clone(),
            );
        }
        by_name.insert("totalCount".into(), data["resources"]["totalCount"].clone());
        Value::Object(by_name)
    }

    /// Everything a hostile input must leave alone: every fabric's row and resources, the
    /// repositories, and the refs of the test's remotes.
    async fn world(&self) -> Value {
        let data = self
            .ok(
                &format!(
                    "{{ fabrics {{ {FABRIC_FIELDS} }} gitRepositories {{ id url authType hasCredentials sshHostKeys provider }} }}"
                ),
                json!({}),
            )
            .await;
        let mut resources = serde_json::Map::new();
        for fabric in data["fabrics"].as_array().unwrap() {
            let id = fabric["id"].as_str().unwrap();
            resources.insert(id.to_owned(), self.resources(id).await);
        }
        let refs: Vec<String> = self
            .remotes
            .iter()
            .map(|r| refs(&r.remote_path()))
            .collect();
        json!({
            "fabrics": data["fabrics"],
            "repositories": data["gitRepositories"],
            "resources": resources,
            "refs": refs,
        })
    }

    /// (b): the world is as `before`, and the server is healthy.
    async fn assert_unchanged(&mut self, before: &Value) {
        let after = self.world().await;
        let diffs = differences(before, &after, "");
        assert!(
            diffs.is_empty(),
            "the hostile input changed other state:\n{}",
            diffs.join("\n")
        );
        self.assert_healthy().await;
    }

    /// `/healthz` answers 200 and an authenticated query still answers.
    async fn assert_healthy(&mut self) {
        assert!(
            self.server.alive(),
            "hnp serve died:\n{}",
            self.server.log()
        );
        let health = self
            .http
            .get(format!("{}/healthz", self.server.base))
            .send()
            .await
            .map(|r| r.status().as_u16());
        assert_eq!(health.ok(), Some(200), "healthz:\n{}", self.server.log());
        let data = self
            .ok("{ me { username role } fabrics { id } }", json!({}))
            .await;
        assert_eq!(data["me"]["username"], "admin");
    }

    /// `syncOperations` totalCount (all fabrics).
    async fn operation_count(&self) -> i64 {
        self.ok("{ syncOperations(first: 1) { totalCount } }", json!({}))
            .await["syncOperations"]["totalCount"]
            .as_i64()
            .unwrap()
    }
}

/// `refname objectid` lines of a bare repository.
fn refs(bare: &Path) -> String {
    hnp_tests::git(bare, &["for-each-ref", "--format=%(refname) %(objectname)"]).unwrap()
}

/// Paths where two JSON values differ (at most 20).
fn differences(a: &Value, b: &Value, path: &str) -> Vec<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .flat_map(|k| {
                    let none = Value::Null;
                    differences(
                        x.get(k).unwrap_or(&none),
                        y.get(k).unwrap_or(&none),
                        &format!("{path}.{k}"),
                    )
                })
                .take(20)
                .collect()
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .flat_map(|(i, (x, y))| differences(x, y, &format!("{path}[{i}]")))
            .take(20)
            .collect(),
        _ if a == b => Vec::new(),
        _ => vec![format!(
            "{path}: {:.300} → {:.300}",
            a.to_string(),
            b.to_string()
        )],
    }
}

/// `errors[0]` of a GraphQL response, which must be there.
fn first_error(response: &Value) -> &Value {
    let error = &response["errors"][0];
    assert!(error.is_object(), "expected an error: {response}");
    error
}

/// Asserts a GraphQL VALIDATION_FAILED whose message or problem paths name `what`.
fn assert_validation(response: &Value, what: &str) {
    let error = first_error(response);
    assert_eq!(
        error["extensions"]["code"], "VALIDATION_FAILED",
        "{response}"
    );
    let paths = error["extensions"]["problems"].to_string();
    let message = error["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(what) || paths.contains(what),
        "the error does not name {what:?}: {response}"
    );
}

/// Asserts a CLI `--json` failure: exit ≠ 0 and `{"error":{"code", "message"}}` on the last
/// line, with `code` and a message naming `what`.
fn assert_cli_refused(out: &CliOutput, code: &str, what: &str) {
    assert!(!out.success(), "accepted:\n{}\n{}", out.stdout, out.stderr);
    let report = out.json();
    assert_eq!(report["error"]["code"], code, "{report}");
    let message = report["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(what), "{what:?} not named in {report}");
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP (bodies the server must refuse before reading them)
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Framing {
    /// `Content-Length`, body sent at once.
    Length,
    /// `Content-Length` with `Expect: 100-continue`: the body is sent only if the server asks.
    ExpectContinue,
    /// `Transfer-Encoding: chunked` (no length announced).
    Chunked,
}

#[derive(Debug)]
struct RawResponse {
    status: u16,
    /// Whether the server asked for the body (`100 Continue`).
    asked_for_body: bool,
    body: String,
}

impl RawResponse {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("{} {:?} is not JSON: {e}", self.status, self.body))
    }
}

/// The status line's code and the headers of the next response head.
fn read_head(reader: &mut impl BufRead) -> std::io::Result<(u16, Vec<(String, String)>)> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            return Ok((status, headers));
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
}

/// POSTs `body` to `path` on a fresh connection, sending the body concurrently with reading
/// the response (a server may answer before it has read it all).
fn raw_post(
    listen: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Vec<u8>,
    framing: Framing,
) -> std::io::Result<RawResponse> {
    let stream = TcpStream::connect(listen)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: {listen}\r\nConnection: close\r\nContent-Type: application/json\r\n"
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    match framing {
        Framing::Chunked => head.push_str("Transfer-Encoding: chunked\r\n"),
        _ => head.push_str(&format!("Content-Length: {}\r\n", body.len())),
    }
    if framing == Framing::ExpectContinue {
        head.push_str("Expect: 100-continue\r\n");
    }
    head.push_str("\r\n");
    (&stream).write_all(head.as_bytes())?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut asked_for_body = false;
    let mut response = None;
    if framing == Framing::ExpectContinue {
        let (status, headers) = read_head(&mut reader)?;
        if status == 100 {
            asked_for_body = true;
        } else {
            response = Some((status, headers));
        }
    }
    let mut writer = stream.try_clone()?;
    let sender = response.is_none().then(|| {
        std::thread::spawn(move || {
            let chunked = framing == Framing::Chunked;
            for chunk in body.chunks(64 * 1024) {
                let sent = if chunked {
                    write!(writer, "{:x}\r\n", chunk.len())
                        .and_then(|_| writer.write_all(chunk))
                        .and_then(|_| writer.write_all(b"\r\n"))
                } else {
                    writer.write_all(chunk)
                };
                if sent.is_err() {
                    return;
                }
            }
            if chunked {
                let _ = writer.write_all(b"0\r\n\r\n");
            }
        })
    });
    let (status, headers) = match response {
        Some(r) => r,
        None => loop {
            let (status, headers) = read_head(&mut reader)?;
            if status != 100 {
                break (status, headers);
            }
            asked_for_body = true;
        },
    };
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let mut bytes = Vec::new();
    match length {
        Some(n) => {
            bytes.resize(n, 0);
            reader.read_exact(&mut bytes)?;
        }
        None => {
            let _ = reader.read_to_end(&mut bytes);
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
    if let Some(sender) = sender {
        let _ = sender.join();
    }
    Ok(RawResponse {
        status,
        asked_for_body,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

/// A syntactically valid JSON body of about `size` bytes.
fn padded_json(size: usize, fields: &str) -> Vec<u8> {
    format!("{{{fields}\"pad\":\"{}\"}}", "x".repeat(size)).into_bytes()
}

const MIB: usize = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// 1. Git content: per-file errors, the rest of the commit still lands
// ---------------------------------------------------------------------------------------------

/// A file a hostile commit puts under `fabrics/dc1`.
enum Plant {
    File(String, Vec<u8>),
    /// A symbolic link `path -> target`.
    Symlink(String, String),
}

impl Plant {
    fn file(name: &str, content: impl Into<Vec<u8>>) -> Plant {
        Plant::File(format!("fabrics/dc1/{name}"), content.into())
    }

    fn path(&self) -> &str {
        match self {
            Plant::File(path, _) | Plant::Symlink(path, _) => path,
        }
    }
}

/// After a hostile commit was ingested into `dc1`: what to compare.
struct Planted {
    env: Env,
    report: Value,
    out: CliOutput,
    head: String,
    dc1: String,
    /// The world without dc1's row and resources, before the ingestion.
    others: Value,
    /// dc1's resource in a file the commit did not touch.
    untouched: Value,
}

/// Removes fabric `id` from a world snapshot.
fn without_fabric(mut world: Value, id: &str) -> Value {
    if let Some(fabrics) = world["fabrics"].as_array_mut() {
        fabrics.retain(|f| f["id"] != id);
    }
    if let Some(resources) = world["resources"].as_object_mut() {
        resources.remove(id);
    }
    world
}

/// Fabrics `dc1` (`vpc-a1`) and `dc2` (`vpc-b1`, `vpc-b2`) in two directories of one remote,
/// both ingested; then one commit with `plants` and a valid `fabrics/dc1/fresh.yaml`
/// (`vpc-new`), ingested into dc1 with `hnp sync --direction git-to-gui --json`.
async fn plant_and_ingest(backend: Backend, plants: Vec<Plant>) -> Planted {
    let mut env = Env::start(backend).await;
    let git = GitFixture::new().unwrap();
    git.write("fabrics/dc1/base.yaml", vpc_doc("vpc-a1", 1))
        .unwrap();
    git.write(
        "fabrics/dc2/vpcs.yaml",
        format!("{}---\n{}", vpc_doc("vpc-b1", 2), vpc_doc("vpc-b2", 3)),
    )
    .unwrap();
    git.commit("two fabrics").unwrap();
    for (name, dir) in [("dc1", "fabrics/dc1"), ("dc2", "fabrics/dc2")] {
        env.add_fabric(name, &git.url(), dir, &[], None);
        env.sync_git(name);
    }
    for plant in &plants {
        match plant {
            Plant::File(path, content) => git.write(path, content).unwrap(),
            Plant::Symlink(path, target) => {
                std::os::unix::fs::symlink(target, git.work_path().join(path)).unwrap();
            }
        }
    }
    git.write("fabrics/dc1/fresh.yaml", vpc_doc("vpc-new", 9))
        .unwrap();
    let head = git.commit("hostile").unwrap();
    env.remotes.push(git);
    let dc1 = env.fabric_id("dc1").await;
    let before = env.world().await;
    let untouched = before["resources"][&dc1]["VPC/vpc-a1"].clone();
    assert!(untouched.is_object(), "{before}");
    let others = without_fabric(before, &dc1);
    let out = env.server.run_within(
        &[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "git-to-gui",
            "--json",
        ],
        b"",
        Duration::from_secs(120),
    );
    let report = out.json();
    Planted {
        env,
        report,
        out,
        head,
        dc1,
        others,
        untouched,
    }
}

impl Planted {
    /// (a): the run partially succeeded; each of `paths` is a per-file error whose message
    /// contains one of `expect` (case-insensitive) and stays short (nothing of the content is
    /// echoed); no other file failed.
    fn assert_file_errors(&self, paths: &[&str], expect: &[&str]) {
        let report = &self.report;
        assert!(self.out.success(), "{}", self.out.stderr);
        assert_eq!(report["status"], "partially_succeeded", "{report}");
        let errors = report["errors"].as_array().expect("errors");
        for path in paths {
            let Some(error) = errors.iter().find(|e| e["path"] == *path) else {
                panic!("no error for {path:?}: {report}");
            };
            let message = error["message"].as_str().unwrap_or_default();
            let lower = message.to_lowercase();
            assert!(
                expect.iter().any(|e| lower.contains(&e.to_lowercase())),
                "{path:?}: the message does not say {expect:?}: {message}"
            );
            assert!(message.len() < 2048, "{path:?}: message too long");
            assert!(!message.contains("root:x:0:0"), "file content leaked");
        }
        for error in errors {
            assert!(
                paths.iter().any(|p| error["path"] == *p),
                "an unrelated file failed: {error}"
            );
        }
        assert_eq!(self.out.stdout.lines().count(), 1, "{}", self.out.stdout);
    }

    /// (b): the valid file of the commit landed; dc1's untouched resource, the other fabric,
    /// the refs and the server are as they were.
    async fn assert_rest_unchanged(mut self) {
        assert_eq!(self.report["commit"], self.head.as_str(), "{}", self.report);
        let dc1 = self.env.resources(&self.dc1).await;
        let fresh = &dc1["VPC/vpc-new"];
        assert_eq!(fresh["desiredCommit"], self.head.as_str(), "{dc1}");
        assert_eq!(fresh["managedFilePath"], "fabrics/dc1/fresh.yaml");
        assert_eq!(
            dc1["VPC/vpc-a1"], self.untouched,
            "untouched resource changed"
        );
        let after = without_fabric(self.env.world().await, &self.dc1);
        let diffs = differences(&self.others, &after, "");
        assert!(
            diffs.is_empty(),
            "other state changed:\n{}",
            diffs.join("\n")
        );
        self.env.assert_healthy().await;
    }
}

/// Plants, ingests, asserts the per-file errors of every planted path and that nothing else
/// changed.
async fn hostile_ingest(backend: Backend, plants: Vec<Plant>, expect: &[&str]) {
    let paths: Vec<String> = plants.iter().map(|p| p.path().to_owned()).collect();
    let planted = plant_and_ingest(backend, plants).await;
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    planted.assert_file_errors(&paths, expect);
    planted.assert_rest_unchanged().await;
}

/// "Billion laughs": nine levels of nine aliases (9^10 nodes expanded).
fn alias_bomb() -> Vec<u8> {
    let mut text = String::from(
        "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: vpc-bomb\nspec:\n  \
         a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(",");
        text.push_str(&format!("  a{i}: &a{i} [{refs}]\n"));
    }
    text.into_bytes()
}

/// A VPC whose spec nests `depth` flow sequences.
fn deep_nesting(depth: usize) -> Vec<u8> {
    format!(
        "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: vpc-deep\nspec:\n  deep: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    )
    .into_bytes()
}

fn symlinks() -> Vec<Plant> {
    vec![
        Plant::Symlink("fabrics/dc1/passwd.yaml".into(), "/etc/passwd".into()),
        // Into the other fabric's directory: following it would import dc2's VPCs into dc1.
        Plant::Symlink("fabrics/dc1/dc2.yaml".into(), "../dc2/vpcs.yaml".into()),
    ]
}

/// A VPC named with a path that climbs into the other fabric's directory.
fn dotdot_name() -> Plant {
    Plant::file(
        "escape.yaml",
        "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: ../../dc2/vpcs\nspec: {}\n",
    )
}

#[tokio::test]
async fn git_alias_bomb_is_a_file_error() {
    hostile_ingest(
        Backend::Sqlite,
        vec![Plant::file("bomb.yaml", alias_bomb())],
        &["alias"],
    )
    .await;
}

#[tokio::test]
async fn git_alias_bomb_is_a_file_error_postgres() {
    hostile_ingest(
        Backend::Postgres,
        vec![Plant::file("bomb.yaml", alias_bomb())],
        &["alias"],
    )
    .await;
}

#[tokio::test]
async fn git_fifty_megabyte_file_is_a_file_error() {
    let mut content = vpc_doc("vpc-huge", 40).into_bytes();
    content.extend_from_slice(b"# ");
    content.resize(50 * MIB, b'x');
    content.push(b'\n');
    hostile_ingest(
        Backend::Sqlite,
        vec![Plant::file("huge.yaml", content)],
        &["too large"],
    )
    .await;
}

#[tokio::test]
async fn git_nesting_ten_thousand_deep_is_a_file_error() {
    hostile_ingest(
        Backend::Sqlite,
        vec![Plant::file("deep.yaml", deep_nesting(10_000))],
        &["nested too deep", "depth"],
    )
    .await;
}

#[tokio::test]
async fn git_nesting_ten_thousand_deep_is_a_file_error_postgres() {
    hostile_ingest(
        Backend::Postgres,
        vec![Plant::file("deep.yaml", deep_nesting(10_000))],
        &["nested too deep", "depth"],
    )
    .await;
}

#[tokio::test]
async fn git_invalid_utf8_is_a_file_error() {
    let mut content = b"apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: vpc-latin1\n  labels:\n    note: \"caf"
        .to_vec();
    content.extend_from_slice(&[0xe9, b'"', b'\n', 0xff, 0xfe, b'\n']);
    content.extend_from_slice(b"spec: {}\n");
    hostile_ingest(
        Backend::Sqlite,
        vec![Plant::file("latin1.yaml", content)],
        &["utf-8", "utf8"],
    )
    .await;
}

#[tokio::test]
async fn git_duplicate_keys_are_a_file_error() {
    hostile_ingest(
        Backend::Sqlite,
        vec![Plant::file(
            "dup.yaml",
            "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: vpc-dup\n  name: vpc-b1\nspec:\n  subnets: {}\n  subnets:\n    default:\n      subnet: 10.9.9.0/24\n",
        )],
        &["duplicate"],
    )
    .await;
}

#[tokio::test]
async fn git_symlinks_out_of_the_directory_are_file_errors() {
    hostile_ingest(Backend::Sqlite, symlinks(), &["symbolic link", "symlink"]).await;
}

#[tokio::test]
async fn git_symlinks_out_of_the_directory_are_file_errors_postgres() {
    hostile_ingest(Backend::Postgres, symlinks(), &["symbolic link", "symlink"]).await;
}

#[tokio::test]
async fn git_dotdot_in_a_document_name_is_a_file_error() {
    hostile_ingest(Backend::Sqlite, vec![dotdot_name()], &["metadata.name"]).await;
}

#[tokio::test]
async fn git_dotdot_in_a_document_name_is_a_file_error_postgres() {
    hostile_ingest(Backend::Postgres, vec![dotdot_name()], &["metadata.name"]).await;
}

#[tokio::test]
async fn git_absolute_path_in_a_document_namespace_is_a_file_error() {
    hostile_ingest(
        Backend::Sqlite,
        vec![Plant::file(
            "absolute.yaml",
            "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: vpc-abs\n  namespace: /etc\nspec: {}\n",
        )],
        &["metadata.namespace"],
    )
    .await;
}

#[tokio::test]
async fn git_manifest_folder_with_dotdot_is_a_file_error() {
    hostile_ingest(
        Backend::Sqlite,
        vec![Plant::file(
            ".hnp/manifest.yaml",
            "layoutVersion: 1\nfabric: dc1\nfolders:\n  raw: raw\n  managed: ../../fabrics/dc2\n  unmanaged: unmanaged\n",
        )],
        &["folders.managed: unsafe path"],
    )
    .await;
}

#[tokio::test]
async fn git_manifest_folder_with_absolute_path_is_a_file_error() {
    hostile_ingest(
        Backend::Sqlite,
        vec![Plant::file(
            ".hnp/manifest.yaml",
            "layoutVersion: 1\nfabric: dc1\nfolders:\n  raw: raw\n  managed: managed\n  unmanaged: unmanaged\nkinds:\n  VPC:\n    apiVersion: vpc.githedgehog.com/v1beta1\n    folder: /etc\n",
        )],
        &["kinds.VPC.folder: unsafe path"],
    )
    .await;
}

#[tokio::test]
async fn git_hundred_thousand_documents_is_a_file_error() {
    let content = "---\na: 1\n".repeat(100_000);
    hostile_ingest(
        Backend::Sqlite,
        vec![Plant::file("many.yaml", content)],
        &["too many documents"],
    )
    .await;
}

/// A file name with a newline: it must not break the one-line `--json` output, and it is
/// either ingested under its exact name or refused naming it exactly.
#[tokio::test]
async fn git_file_name_with_a_newline_stays_one_name() {
    let name = "fabrics/dc1/evil\nname.yaml";
    let planted = plant_and_ingest(
        Backend::Sqlite,
        vec![Plant::File(name.into(), vpc_doc("vpc-nl", 50).into_bytes())],
    )
    .await;
    assert!(planted.out.success(), "{}", planted.out.stderr);
    assert_eq!(
        planted.out.stdout.lines().count(),
        1,
        "the name broke the JSON line: {:?}",
        planted.out.stdout
    );
    let report = &planted.report;
    let refused = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["path"] == name);
    let resources = planted.env.resources(&planted.dc1).await;
    if refused {
        assert_eq!(report["errors"].as_array().unwrap().len(), 1, "{report}");
        assert!(resources["VPC/vpc-nl"].is_null(), "{resources}");
    } else {
        assert_eq!(report["errors"], json!([]), "{report}");
        assert_eq!(
            resources["VPC/vpc-nl"]["managedFilePath"], name,
            "neither refused nor ingested under its exact name: {resources}"
        );
    }
    planted.assert_rest_unchanged().await;
}

// ---------------------------------------------------------------------------------------------
// 2. GraphQL API limits and malformed arguments
// ---------------------------------------------------------------------------------------------

/// A GraphQL request refused before execution: an `errors` entry whose message contains one
/// of `expect`, and no data.
fn assert_refused_document(response: &Value, expect: &[&str]) {
    let message = first_error(response)["message"]
        .as_str()
        .unwrap_or_default()
        .to_lowercase();
    assert!(
        expect.iter().any(|e| message.contains(e)),
        "expected {expect:?}: {response:.500}"
    );
    assert!(
        response["data"].is_null(),
        "data despite the refusal: {response:.500}"
    );
}

#[tokio::test]
async fn api_oversized_body_is_refused_with_413() {
    let mut env = Env::with_fabric(Backend::Sqlite, 3).await;
    let before = env.world().await;
    let auth = [("Authorization", format!("Bearer {}", env.admin))];
    let body = padded_json(3 * MIB, "\"query\":\"{ me { username } }\",");
    let listen = env.server.listen.clone();
    for framing in [Framing::Length, Framing::ExpectContinue] {
        let response = raw_post(&listen, "/graphql", &auth, body.clone(), framing).unwrap();
        assert_eq!(response.status, 413, "{response:?}");
        assert!(!response.asked_for_body, "the body was read: {response:?}");
    }
    // No length announced: refused as well (411 Length Required or 413), never executed.
    let response = raw_post(&listen, "/graphql", &auth, body, Framing::Chunked).unwrap();
    assert!(
        matches!(response.status, 411 | 413),
        "chunked 3 MiB body: {response:?}"
    );
    env.assert_unchanged(&before).await;
}

#[tokio::test]
async fn api_depth_limit_is_enforced() {
    let mut env = Env::with_fabric(Backend::Sqlite, 3).await;
    let before = env.world().await;
    // fabrics → gitRepository → fabrics → … : 16 levels (the limit is 12).
    let mut selection = "id".to_owned();
    for level in (0..16).rev() {
        let field = if level % 2 == 0 {
            "fabrics"
        } else {
            "gitRepository"
        };
        selection = format!("{field} {{ id {selection} }}");
    }
    let deep = format!("{{ {selection} }}");
    let response = env.gql(Some(&env.admin), &deep, json!({})).await;
    assert_refused_document(&response, &["nested too deep", "depth"]);
    env.assert_unchanged(&before).await;
}

#[tokio::test]
async fn api_complexity_limit_is_enforced() {
    let mut env = Env::with_fabric(Backend::Sqlite, 3).await;
    let before = env.world().await;
    // Fragments that each spread the previous one ten times: a 1 KiB document that would
    // select 200,000 fields.
    let mut document = String::from("query { ...L5 }\nfragment L0 on Query { me { id } }\n");
    for level in 1..=5 {
        let spreads = vec![format!("...L{}", level - 1); 10].join(" ");
        document.push_str(&format!("fragment L{level} on Query {{ {spreads} }}\n"));
    }
    let started = Instant::now();
    let response = env.gql(Some(&env.admin), &document, json!({})).await;
    assert_refused_document(&response, &["too complex", "complexity"]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "refusing took {:?}",
        started.elapsed()
    );
    env.assert_unchanged(&before).await;
}

#[tokio::test]
async fn api_alias_flood_is_refused_by_complexity() {
    let mut env = Env::with_fabric(Backend::Sqlite, 3).await;
    let before = env.world().await;
    let fields: Vec<String> = (0..5_000)
        .map(|i| format!("a{i}: me {{ id username role isActive lastLoginAt }}"))
        .collect();
    let document = format!("{{ {} }}", fields.join(" "));
    let response = env.gql(Some(&env.admin), &document, json!({})).await;
    assert_refused_document(&response, &["too complex", "complexity"]);
    env.assert_unchanged(&before).await;
}

#[tokio::test]
async fn api_malformed_ids_name_the_id() {
    let mut env = Env::with_fabric(Backend::Sqlite, 3).await;
    let before = env.world().await;
    for (query, bad) in [
        (r#"{ fabric(id: "abc") { id } }"#, "abc"),
        (
            r#"{ fabric(id: "99999999999999999999") { id } }"#,
            "99999999999999999999",
        ),
        (r#"{ fabric(id: "1 OR 1=1") { id } }"#, "1 OR 1=1"),
        (
            r#"{ resources(fabricId: "1; DROP TABLE resources") { totalCount } }"#,
            "DROP TABLE",
        ),
        (r#"{ gitRepository(id: "-") { id } }"#, "\"-\""),
    ] {
        let response = env.gql(Some(&env.admin), query, json!({})).await;
        assert_validation(&response, bad);
    }
    env.assert_unchanged(&before).await;
}

#[tokio::test]
async fn api_malformed_cursors_name_the_cursor() {
    let mut env = Env::with_fabric(Backend::Sqlite, 3).await;
    let before = env.world().await;
    let mut failures = Vec::new();
    for cursor in [
        "garbage",
        "o:",
        "o:-1",
        "o:1e3",
        "o:18446744073709551615",
        "o:9223372036854775807",
        "\u{0}o:1",
    ] {
        let body = json!({
            "query": "query($c: String) { resources(first: 2, after: $c) { totalCount nodes { name } } }",
            "variables": { "c": cursor },
        });
        match env.post(Some(&env.admin), &body).await {
            Err(e) => failures.push(format!("{cursor:?}: no response ({e})")),
            Ok((status, response)) => {
                let error = &response["errors"][0];
                let message = error["message"].as_str().unwrap_or_default();
                if status != 200
                    || error["extensions"]["code"] != "VALIDATION_FAILED"
                    || !message.contains("after")
                {
                    failures.push(format!("{cursor:?}: {status} {response}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    env.assert_unchanged(&before).await;
}

#[tokio::test]
async fn api_negative_first_is_refused() {
    let mut env = Env::with_fabric(Backend::Sqlite, 3).await;
    let before = env.world().await;
    for first in [-1, i64::from(i32::MIN)] {
        for field in ["resources", "syncOperations", "auditEvents"] {
            let response = env
                .gql(
                    Some(&env.admin),
                    &format!("query($n: Int) {{ {field}(first: $n) {{ totalCount }} }}"),
                    json!({ "n": first }),
                )
                .await;
            assert_validation(&response, "first");
        }
    }
    env.assert_unchanged(&before).await;
}

#[tokio::test]
async fn api_huge_first_is_clamped_or_refused() {
    let mut env = Env::with_fabric(Backend::Sqlite, 600).await;
    let before = env.world().await;
    // Within Int: clamped to the largest page.
    let data = env
        .ok(
            "{ resources(first: 1000000000) { totalCount pageInfo { hasNextPage } nodes { name } } }",
            json!({}),
        )
        .await;
    let page = &data["resources"];
    assert_eq!(page["totalCount"], 600);
    let nodes = page["nodes"].as_array().unwrap().len();
    assert!((1..=500).contains(&nodes), "{nodes} nodes");
    assert_eq!(page["pageInfo"]["hasNextPage"], true);
    // 1e9 written as a float, and beyond Int: a type error naming the argument, not a 500.
    // The error names the argument, or points at the literal (line 1, column 20).
    for literal in ["1e9", "99999999999"] {
        let body =
            json!({ "query": format!("{{ resources(first: {literal}) {{ totalCount }} }}") });
        let (status, response) = env.post(Some(&env.admin), &body).await.unwrap();
        assert_ne!(status, 500, "{response}");
        let error = first_error(&response);
        let message = error["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("first")
                || (message.contains("Int")
                    && error["locations"][0] == json!({"line": 1, "column": 20})),
            "{literal}: {response}"
        );
    }
    env.assert_unchanged(&before).await;
}

/// A `syncOperations` cursor handed to `resources`: refused naming `after`, or read as a plain
/// position of the resources list — never an internal error.
#[tokio::test]
async fn api_cursor_from_another_query() {
    let mut env = Env::with_fabric(Backend::Sqlite, 3).await;
    env.sync_git("dc1");
    let before = env.world().await;
    let data = env
        .ok("{ auditEvents(first: 50) { edges { cursor } } syncOperations(first: 5) { edges { cursor } } }", json!({}))
        .await;
    let mut cursors: Vec<String> = Vec::new();
    for list in ["auditEvents", "syncOperations"] {
        for edge in data[list]["edges"].as_array().unwrap() {
            cursors.push(edge["cursor"].as_str().unwrap().to_owned());
        }
    }
    assert!(cursors.len() > 3, "{data}");
    let all = env
        .ok("{ resources(first: 500) { nodes { name } } }", json!({}))
        .await["resources"]["nodes"]
        .clone();
    for cursor in cursors {
        let response = env
            .gql(
                Some(&env.admin),
                "query($c: String) { resources(first: 10, after: $c) { totalCount nodes { name } } }",
                json!({ "c": cursor }),
            )
            .await;
        if response.get("errors").is_some() {
            assert_validation(&response, "after");
        } else {
            let nodes = response["data"]["resources"]["nodes"].as_array().unwrap();
            assert!(
                nodes.iter().all(|n| all.as_array().unwrap().contains(n)),
                "{cursor}: {response}"
            );
        }
    }
    env.assert_unchanged(&before).await;
}

// ---------------------------------------------------------------------------------------------
// 3. Credentials and URLs
// ---------------------------------------------------------------------------------------------

const SECRET: &str = "S3cret-Pa55-q7Zx";

#[tokio::test]
async fn url_with_credentials_is_refused_without_echoing_them() {
    let mut env = Env::with_fabric(Backend::Sqlite, 3).await;
    let before = env.world().await;
    for url in [
        format!("https://alice:{SECRET}@git.example.com/fabric.git"),
        format!("http://alice:{SECRET}@127.0.0.1:9/fabric.git"),
        format!("ssh://git:{SECRET}@127.0.0.1:22/srv/fabric.git"),
        format!("https://{SECRET}@github.com/o/fabric.git"),
    ] {
        let out = env.cli(&[
            "fabric",
            "create",
            "--name",
            "evil",
            "--repo-url",
            &url,
            "--directory",
            "fabrics/dc1",
            "--branch",
            "main",
            "--json",
        ]);
        assert_cli_refused(&out, "VALIDATION_FAILED", "url");
        assert!(
            !out.stdout.contains(SECRET) && !out.stderr.contains(SECRET),
            "{url}: the password was echoed:\n{}\n{}",
            out.stdout,
            out.stderr
        );
        let response = env
            .gql(
                Some(&env.admin),
                "mutation($u: String!) { createGitRepository(input: {name: \"evil\", url: $u}) { id } }",
                json!({ "u": url }),
            )
            .await;
        assert_validation(&response, "url");
        assert_eq!(
            first_error(&response)["extensions"]["problems"][0]["path"],
            "url"
        );
        assert!(!response.to_string().contains(SECRET), "echoed: {response}");
    }
    assert!(
        !env.server.log().contains(SECRET),
        "the password was logged"
    );
    env.assert_unchanged(&before).await;
}

/// An SSH remote behind a real sshd, its fabric created with the authorized key and the pinned
/// host key `host_key` (the server's own when `None`).
async fn ssh_env(host_key: Option<&str>) -> (Env, hnp_tests::git_support::SshGitServer) {
    let sshd = hnp_tests::git_support::SshGitServer::start()
        .expect("sshd (apt-get install -y openssh-server)");
    let env = Env::start(Backend::Sqlite).await;
    let git = vpc_repository(1, 3);
    let url = sshd.url(&git.remote_path());
    let key = host_key.unwrap_or(sshd.host_fingerprint()).to_owned();
    env.add_fabric(
        "dc1",
        &url,
        "fabrics/dc1",
        &["--auth", "ssh-key", "--ssh-host-key", &key],
        Some(sshd.client_key().trim_end()),
    );
    let mut env = env;
    env.remotes.push(git);
    (env, sshd)
}

#[tokio::test]
async fn garbage_ssh_private_key_is_refused_naming_the_key() {
    const MATERIAL: &str = "garbage-key-material-QX7";
    let (mut env, _sshd) = ssh_env(None).await;
    env.sync_git("dc1");
    let before = env.world().await;
    let repo =
        env.ok("{ gitRepositories { id } }", json!({})).await["gitRepositories"][0]["id"].clone();
    // Not a key at all: refused naming the credentials.
    let response = env
        .gql(
            Some(&env.admin),
            "mutation($id: ID!, $k: String!) { updateGitRepository(id: $id, input: {credentials: {sshPrivateKey: $k}}) { id } }",
            json!({ "id": repo, "k": MATERIAL }),
        )
        .await;
    assert_validation(&response, "credentials");
    assert!(!response.to_string().contains(MATERIAL), "{response}");
    // Shaped like a key, but garbage: refused when saved, or refused by the connection test
    // naming the key — never echoed, and nothing fetched.
    let armored = format!(
        "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----\n",
        base64(MATERIAL.as_bytes())
    );
    let response = env
        .gql(
            Some(&env.admin),
            "mutation($id: ID!, $k: String!) { updateGitRepository(id: $id, input: {credentials: {sshPrivateKey: $k}}) { id } }",
            json!({ "id": repo, "k": armored }),
        )
        .await;
    if response.get("errors").is_some() {
        assert_validation(&response, "credentials");
    } else {
        let out = env.cli(&["fabric", "test-connection", "--fabric", "dc1", "--json"]);
        assert!(
            !out.success(),
            "connected with a garbage key: {}",
            out.stdout
        );
        let report = out.json();
        assert_eq!(report["ok"], false, "{report}");
        let error = report["error"].as_str().unwrap_or_default().to_lowercase();
        assert!(
            error.contains("key"),
            "the error does not name the key: {report}"
        );
        let sync = env.cli(&[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "git-to-gui",
            "--json",
        ]);
        assert!(!sync.success(), "{}", sync.stdout);
        for text in [&out.stdout, &out.stderr, &sync.stdout, &sync.stderr] {
            assert!(
                !text.contains(MATERIAL) && !text.contains(&base64(MATERIAL.as_bytes())),
                "the key material was echoed: {text}"
            );
        }
    }
    assert!(!env.server.log().contains(&base64(MATERIAL.as_bytes())));
    env.assert_unchanged(&before).await;
}

#[tokio::test]
async fn ssh_host_key_mismatch_is_refused_before_fetching() {
    // A well-formed fingerprint that is not the server's.
    let wrong = format!("SHA256:{}", "A".repeat(43));
    let (mut env, sshd) = ssh_env(Some(&wrong)).await;
    let before = env.world().await;
    let out = env.cli(&["fabric", "test-connection", "--fabric", "dc1", "--json"]);
    assert!(!out.success(), "{}", out.stdout);
    let report = out.json();
    assert_eq!(report["ok"], false, "{report}");
    let error = report["error"].as_str().unwrap_or_default();
    assert!(
        error.to_lowercase().contains("host key") && error.contains(sshd.host_fingerprint()),
        "the error does not name the host key: {report}"
    );
    let sync = env.cli(&[
        "sync",
        "--fabric",
        "dc1",
        "--direction",
        "git-to-gui",
        "--json",
    ]);
    assert!(!sync.success(), "{}", sync.stdout);
    let report = sync.json();
    assert_eq!(report["status"], "failed", "{report}");
    assert!(
        report.to_string().to_lowercase().contains("host key"),
        "{report}"
    );
    env.assert_unchanged(&before).await;
}

#[tokio::test]
async fn file_urls_are_refused_where_they_do_not_belong() {
    let mut env = Env::with_fabric(Backend::Sqlite, 3).await;
    let before = env.world().await;
    let id = env.fabric_id("dc1").await;
    let url = env.remotes[0].url();
    let out = env.cli(&[
        "fabric",
        "create",
        "--name",
        "gh",
        "--repo-url",
        &url,
        "--directory",
        "fabrics/gh",
        "--branch",
        "main",
        "--provider",
        "github",
        "--github-api-url",
        "file:///etc/passwd",
        "--json",
    ]);
    assert_cli_refused(&out, "VALIDATION_FAILED", "github_api_url");
    let repo =
        env.ok("{ gitRepositories { id } }", json!({})).await["gitRepositories"][0]["id"].clone();
    let response = env
        .gql(
            Some(&env.admin),
            "mutation($id: ID!) { updateGitRepository(id: $id, input: {githubApiUrl: \"file:///etc/passwd\"}) { id } }",
            json!({ "id": repo }),
        )
        .await;
    assert_validation(&response, "github_api_url");
    let response = env
        .gql(
            Some(&env.admin),
            "mutation($id: ID!) { updateFabric(id: $id, input: {kubernetes: {apiServer: \"file:///var/run/secrets/token\", token: \"t\"}}) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_validation(&response, "kubernetes.apiServer");
    let out = env.server.run(
        &[
            "fabric",
            "set-cluster",
            "--fabric",
            "dc1",
            "--server",
            "file:///etc/passwd",
            "--token-stdin",
            "--json",
        ],
        b"t\n",
    );
    assert_cli_refused(&out, "VALIDATION_FAILED", "kubernetes.apiServer");
    env.assert_unchanged(&before).await;
}

#[tokio::test]
async fn ext_transport_urls_are_refused() {
    let mut env = Env::with_fabric(Backend::Sqlite, 3).await;
    let before = env.world().await;
    let scratch = tempfile::tempdir().unwrap();
    let pwned = scratch.path().join("pwned");
    let mut accepted = Vec::new();
    for (i, url) in [
        format!("ext::sh -c touch% {}", pwned.display()),
        format!("ext::sh -c touch% {}@localhost:fabric.git", pwned.display()),
        "fd::17".to_owned(),
        format!("ext::sh -c touch% {}@127.0.0.1:x", pwned.display()),
    ]
    .into_iter()
    .enumerate()
    {
        let name = format!("evil{i}");
        let out = env.cli(&[
            "fabric",
            "create",
            "--name",
            &name,
            "--repo-url",
            &url,
            "--directory",
            "fabrics/evil",
            "--branch",
            "main",
            "--json",
        ]);
        if out.success() {
            // Accepted: the test must still never run the command.
            env.cli(&["fabric", "test-connection", "--fabric", &name, "--json"]);
            env.cli(&["sync", "--fabric", &name, "--direction", "git-to-gui"]);
            accepted.push(url.clone());
            continue;
        }
        assert_cli_refused(&out, "VALIDATION_FAILED", "url");
        let response = env
            .gql(
                Some(&env.admin),
                "mutation($u: String!) { createGitRepository(input: {name: \"evil\", url: $u}) { id } }",
                json!({ "u": url }),
            )
            .await;
        assert_validation(&response, "url");
    }
    assert!(!pwned.exists(), "an ext:: command ran");
    assert!(
        accepted.is_empty(),
        "accepted as repository URLs: {accepted:?}"
    );
    env.assert_unchanged(&before).await;
}

// ---------------------------------------------------------------------------------------------
// 4. Kubeconfigs are data, never programs or local files
// ---------------------------------------------------------------------------------------------

/// `vpc-000i` as the cluster holds it (`vlan` may differ from Git's `1001 + i`).
fn cluster_vpc(i: usize, vlan: usize) -> Value {
    hedgehog_cluster_copy(&json!({
        "apiVersion": "vpc.githedgehog.com/v1beta1",
        "kind": "VPC",
        "metadata": {"name": format!("vpc-{i:04}")},
        "spec": {"subnets": {"default": {"subnet": format!("10.0.{i}.0/24"), "vlan": vlan}}}
    }))
}

/// Fabric `dc1` (three VPCs) with a working cluster connection (server, CA and token through
/// the CLI) to a test API server holding their copies, read once.
struct ClusterEnv {
    env: Env,
    cluster: KubeApiServer,
    scratch: tempfile::TempDir,
    id: String,
}

async fn cluster_env() -> ClusterEnv {
    let env = Env::with_fabric(Backend::Sqlite, 3).await;
    let cluster = KubeApiServer::start(hedgehog_kinds()).unwrap();
    for i in 0..3 {
        cluster.put(cluster_vpc(i, 1001 + i));
    }
    let scratch = tempfile::tempdir().unwrap();
    let ca = scratch.path().join("ca.crt");
    std::fs::write(&ca, cluster.ca_pem()).unwrap();
    env.server.run_ok(
        &[
            "fabric",
            "set-cluster",
            "--fabric",
            "dc1",
            "--server",
            cluster.url(),
            "--ca-file",
            ca.to_str().unwrap(),
            "--token-stdin",
            "--json",
        ],
        format!("{TEST_TOKEN}\n").as_bytes(),
    );
    let read = env.server.run_ok(
        &[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "cluster",
            "--json",
        ],
        b"",
    );
    assert_eq!(read.json()["status"], "succeeded", "{}", read.stdout);
    let id = env.fabric_id("dc1").await;
    ClusterEnv {
        env,
        cluster,
        scratch,
        id,
    }
}

impl ClusterEnv {
    /// A kubeconfig (JSON is YAML) for the test server: cluster `c1` with `cluster_extra`
    /// merged in, users `u0`, `u1`, … with the given `user` bodies, context `ctx` → c1/u0.
    fn kubeconfig(&self, cluster_extra: Value, users: Vec<Value>) -> String {
        let mut cluster = json!({
            "server": self.cluster.url(),
            "certificate-authority-data": base64(self.cluster.ca_pem().as_bytes()),
        });
        for (k, v) in cluster_extra.as_object().cloned().unwrap_or_default() {
            cluster[k] = v;
        }
        let users: Vec<Value> = users
            .into_iter()
            .enumerate()
            .map(|(i, user)| json!({"name": format!("u{i}"), "user": user}))
            .collect();
        serde_json::to_string_pretty(&json!({
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "c1", "cluster": cluster}],
            "users": users,
            "contexts": [{"name": "ctx", "context": {"cluster": "c1", "user": "u0", "namespace": "default"}}],
            "current-context": "ctx",
        }))
        .unwrap()
    }

    fn pwned(&self) -> PathBuf {
        self.scratch.path().join("pwned")
    }

    /// The vault key file of the server: what a hostile kubeconfig would exfiltrate.
    fn vault_key(&self) -> String {
        self.env
            .server
            .data_dir()
            .join("secret.key")
            .display()
            .to_string()
    }

    /// `hnp fabric test-cluster` and GraphQL `testFabricClusterConnection` both still connect
    /// with the stored connection.
    async fn assert_cluster_still_works(&self) {
        let out = self
            .env
            .cli(&["fabric", "test-cluster", "--fabric", "dc1", "--json"]);
        assert_eq!(out.json()["ok"], true, "{}\n{}", out.stdout, out.stderr);
        let data = self
            .env
            .ok(
                "mutation($f: ID!) { testFabricClusterConnection(fabricId: $f) { ok error } }",
                json!({ "f": self.id }),
            )
            .await;
        assert_eq!(data["testFabricClusterConnection"]["ok"], true, "{data}");
    }
}

/// A kubeconfig naming a program or a local file at `entry` (e.g. `users[0].user.exec`) is
/// refused with VALIDATION_FAILED naming the entry, by the CLI and by GraphQL; the stored
/// connection is unchanged and still works, and no command ran.
async fn kubeconfig_refused(entry: &str, build: impl Fn(&ClusterEnv) -> String) {
    let mut c = cluster_env().await;
    let before = c.env.world().await;
    let config = build(&c);
    let file = c.scratch.path().join("hostile-kubeconfig");
    std::fs::write(&file, &config).unwrap();
    let out = c.env.cli(&[
        "fabric",
        "set-cluster",
        "--fabric",
        "dc1",
        "--kubeconfig",
        file.to_str().unwrap(),
        "--json",
    ]);
    assert_cli_refused(&out, "VALIDATION_FAILED", entry);
    let response = c
        .env
        .gql(
            Some(&c.env.admin),
            "mutation($id: ID!, $k: String!) { updateFabric(id: $id, input: {kubeconfig: $k}) { id usesKubeconfig } }",
            json!({ "id": c.id, "k": config }),
        )
        .await;
    let error = first_error(&response);
    assert_eq!(
        error["extensions"]["code"], "VALIDATION_FAILED",
        "{response}"
    );
    let paths: Vec<&str> = error["extensions"]["problems"]
        .as_array()
        .map(|p| p.iter().filter_map(|p| p["path"].as_str()).collect())
        .unwrap_or_default();
    let want = format!("kubeconfig.{entry}");
    assert!(
        paths.contains(&want.as_str()),
        "problems do not name {want}: {response}"
    );
    c.assert_cluster_still_works().await;
    assert!(!c.pwned().exists(), "a kubeconfig command ran");
    c.env.assert_unchanged(&before).await;
}

#[tokio::test]
async fn kubeconfig_exec_is_refused_and_never_runs() {
    kubeconfig_refused("users[0].user.exec", |c| {
        c.kubeconfig(
            json!({}),
            vec![json!({"exec": {
                "apiVersion": "client.authentication.k8s.io/v1beta1",
                "command": "/bin/sh",
                "args": ["-c", format!("touch {}", c.pwned().display())],
                "interactiveMode": "Never",
            }})],
        )
    })
    .await;
}

#[tokio::test]
async fn kubeconfig_auth_provider_is_refused() {
    kubeconfig_refused("users[0].user.auth-provider", |c| {
        c.kubeconfig(
            json!({}),
            vec![json!({"auth-provider": {"name": "gcp", "config": {
                "cmd-path": "/bin/sh",
                "cmd-args": format!("-c 'touch {}'", c.pwned().display()),
            }}})],
        )
    })
    .await;
}

#[tokio::test]
async fn kubeconfig_token_file_is_refused() {
    kubeconfig_refused("users[0].user.tokenFile", |c| {
        c.kubeconfig(json!({}), vec![json!({"tokenFile": c.vault_key()})])
    })
    .await;
}

#[tokio::test]
async fn kubeconfig_client_certificate_file_is_refused() {
    kubeconfig_refused("users[0].user.client-certificate", |c| {
        c.kubeconfig(
            json!({}),
            vec![json!({"token": TEST_TOKEN, "client-certificate": "/etc/passwd"})],
        )
    })
    .await;
}

#[tokio::test]
async fn kubeconfig_client_key_file_is_refused() {
    kubeconfig_refused("users[0].user.client-key", |c| {
        c.kubeconfig(
            json!({}),
            vec![json!({"token": TEST_TOKEN, "client-key": c.vault_key()})],
        )
    })
    .await;
}

#[tokio::test]
async fn kubeconfig_certificate_authority_file_is_refused() {
    kubeconfig_refused("clusters[0].cluster.certificate-authority", |c| {
        c.kubeconfig(
            json!({"certificate-authority": "/etc/passwd"}),
            vec![json!({"token": TEST_TOKEN})],
        )
    })
    .await;
}

#[tokio::test]
async fn kubeconfig_second_user_entry_is_named_by_index() {
    kubeconfig_refused("users[1].user.tokenFile", |c| {
        c.kubeconfig(
            json!({}),
            vec![
                json!({"token": TEST_TOKEN}),
                json!({"tokenFile": "/etc/passwd"}),
            ],
        )
    })
    .await;
}

/// The `-data` forms and `token` are data: accepted by the CLI and GraphQL, and they connect.
#[tokio::test]
async fn kubeconfig_data_fields_and_token_are_accepted() {
    let mut c = cluster_env().await;
    let before = c.env.world().await;
    let (cert, key) = client_certificate().unwrap();
    let config = c.kubeconfig(
        json!({}),
        vec![json!({
            "token": TEST_TOKEN,
            "client-certificate-data": base64(cert.as_bytes()),
            "client-key-data": base64(key.as_bytes()),
        })],
    );
    let file = c.scratch.path().join("kubeconfig");
    std::fs::write(&file, &config).unwrap();
    let out = c.env.server.run_ok(
        &[
            "fabric",
            "set-cluster",
            "--fabric",
            "dc1",
            "--kubeconfig",
            file.to_str().unwrap(),
            "--json",
        ],
        b"",
    );
    assert_eq!(out.json()["kubeconfig_context"], "ctx", "{}", out.stdout);
    let data = c
        .env
        .ok(
            "mutation($id: ID!, $k: String!) { updateFabric(id: $id, input: {kubeconfig: $k}) { usesKubeconfig kubeconfigContext } }",
            json!({ "id": c.id, "k": config }),
        )
        .await;
    assert_eq!(data["updateFabric"]["usesKubeconfig"], true, "{data}");
    c.assert_cluster_still_works().await;
    let read = c.env.server.run_ok(
        &[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "cluster",
            "--json",
        ],
        b"",
    );
    assert_eq!(read.json()["status"], "succeeded", "{}", read.stdout);
    // Only the connection changed: resources, refs and the server are as before.
    let after = c.env.world().await;
    assert_eq!(after["resources"], before["resources"], "resources changed");
    assert_eq!(after["refs"], before["refs"]);
    assert!(!config.contains(&c.vault_key()));
    c.env.assert_healthy().await;
}

// ---------------------------------------------------------------------------------------------
// 5. A cluster that misbehaves: the read fails, the previous actual state stays
// ---------------------------------------------------------------------------------------------

/// Changes the cluster after the first read (vpc-0000 on another VLAN, a cluster-only
/// VLANNamespace) so that a partial write would show, makes the VPC lists answer with `fault`,
/// reads, and asserts a failed read naming the kind, within `within`, with nothing written.
async fn cluster_read_fails(fault: ListFault, expect: &[&str], within: Duration) {
    let mut c = cluster_env().await;
    let before = c.env.world().await;
    c.cluster.put(cluster_vpc(0, 2999));
    c.cluster.put(hedgehog_cluster_copy(&json!({
        "apiVersion": "wiring.githedgehog.com/v1beta1",
        "kind": "VLANNamespace",
        "metadata": {"name": "vlan-new"},
        "spec": {"ranges": [{"from": 1000, "to": 2999}]}
    })));
    c.cluster.set_list_fault("vpcs", Some(fault));
    let out = c.env.server.run_within(
        &[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "cluster",
            "--json",
        ],
        b"",
        Duration::from_secs(150),
    );
    assert!(out.elapsed < within, "the read took {:?}", out.elapsed);
    assert!(c.cluster.faulted_lists() > 0, "the fault was not served");
    assert!(!out.success(), "{}", out.stdout);
    let report = out.json();
    assert_eq!(report["status"], "failed", "{report}");
    let message = report["errors"].to_string().to_lowercase();
    assert!(message.contains("vpcs"), "the kind is not named: {report}");
    assert!(
        expect.iter().any(|e| message.contains(e)),
        "expected {expect:?}: {report}"
    );
    c.env.assert_unchanged(&before).await;
}

#[tokio::test]
async fn cluster_garbage_json_in_a_list_fails_the_read_without_writes() {
    cluster_read_fails(
        ListFault::Garbage,
        &["decode", "json", "expected", "invalid", "parse"],
        Duration::from_secs(30),
    )
    .await;
}

#[tokio::test]
async fn cluster_stalling_list_times_out_without_writes() {
    cluster_read_fails(
        ListFault::Stall,
        &["timed out", "timeout", "deadline"],
        Duration::from_secs(100),
    )
    .await;
}

/// A 10 MB object (what etcd could never hold: its request limit is 1.5 MiB): the read must not
/// hang or crash; it either refuses the object naming it (nothing written) or stores it intact.
#[tokio::test]
async fn cluster_ten_megabyte_object() {
    let mut c = cluster_env().await;
    let before = c.env.world().await;
    let mut big = cluster_vpc(2, 1003);
    big["spec"]["blob"] = json!("x".repeat(10 * MIB));
    c.cluster.put(big);
    c.cluster.put(cluster_vpc(0, 2999));
    let out = c.env.server.run_within(
        &[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "cluster",
            "--json",
        ],
        b"",
        Duration::from_secs(120),
    );
    let report = out.json();
    assert!(
        out.stdout.len() < 64 * 1024,
        "the object was echoed ({} bytes)",
        out.stdout.len()
    );
    if out.success() {
        assert_eq!(report["status"], "succeeded", "{report}");
        let resources = c.env.resources(&c.id).await;
        let vpc0 = &resources["VPC/vpc-0000"];
        assert_eq!(
            vpc0["actualSpec"]["subnets"]["default"]["vlan"], 2999,
            "{vpc0}"
        );
        let blob = resources["VPC/vpc-0002"]["actualSpec"]["blob"]
            .as_str()
            .map(str::len);
        assert_eq!(blob, Some(10 * MIB), "not stored intact");
        let after = c.env.world().await;
        assert_eq!(after["refs"], before["refs"]);
        c.env.assert_healthy().await;
    } else {
        assert_eq!(report["status"], "failed", "{report}");
        let message = report["errors"].to_string();
        assert!(
            message.contains("vpc-0002") || message.contains("vpcs"),
            "the object is not named: {report}"
        );
        c.env.assert_unchanged(&before).await;
    }
}

// ---------------------------------------------------------------------------------------------
// 6. A GitHub API that misbehaves
// ---------------------------------------------------------------------------------------------

const GH_TOKEN: &str = "ghp_hostile_suite_token_0123456789";

/// Fabric `dc1` on a GitHub repository served by the GitHub API test server (token auth,
/// `write_mode`), ingested; plus fabric `dc2` on a plain remote, the bystander. The GitHub
/// remote is not in `env.remotes` (write-back may add its pull-request branch).
async fn github_env(write_mode: &str) -> (Env, GitFixture, hnp_tests::github_server::FakeGitHub) {
    let mut env = Env::start(Backend::Sqlite).await;
    let git = vpc_repository(1, 3);
    let path = hnp_core::github::repository_path(&git.url()).unwrap();
    let gh = hnp_tests::github_server::FakeGitHub::start(
        &git.remote_path(),
        &path.owner,
        &path.name,
        GH_TOKEN,
    )
    .await
    .unwrap();
    env.add_fabric(
        "dc1",
        &git.url(),
        "fabrics/dc1",
        &[
            "--provider",
            "github",
            "--github-api-url",
            &gh.api_url,
            "--write-mode",
            write_mode,
            "--auth",
            "token",
        ],
        Some(GH_TOKEN),
    );
    env.sync_git("dc1");
    let other = vpc_repository(1, 2);
    env.add_fabric("dc2", &other.url(), "fabrics/dc1", &[], None);
    env.sync_git("dc2");
    env.remotes.push(other);
    (env, git, gh)
}

/// The world without dc1, and dc1's main.
async fn bystanders(env: &Env, git: &GitFixture) -> (Value, Option<String>) {
    let dc1 = env.fabric_id("dc1").await;
    (
        without_fabric(env.world().await, &dc1),
        hnp_tests::git_support::git(&git.remote_path(), &["rev-parse", "main"]).ok(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_malformed_rate_limit_headers_are_survived() {
    let (mut env, git, gh) = github_env("direct-push").await;
    let (before, main) = bystanders(&env, &git).await;
    let variants: [&[(&str, &str)]; 4] = [
        &[
            ("x-ratelimit-remaining", "abc"),
            ("x-ratelimit-limit", "-5"),
            ("x-ratelimit-reset", "99999999999999999999999"),
            ("x-ratelimit-used", "NaN"),
        ],
        &[
            ("x-ratelimit-remaining", "-1"),
            ("x-ratelimit-limit", "5000"),
            ("x-ratelimit-reset", "-99999999999"),
        ],
        &[
            ("x-ratelimit-remaining", "4000"),
            ("x-ratelimit-limit", "5000"),
            ("x-ratelimit-reset", "9223372036854775807"),
        ],
        &[
            ("x-ratelimit-remaining", "1,2"),
            ("x-ratelimit-limit", ""),
            ("x-ratelimit-reset", "soon"),
        ],
    ];
    for headers in variants {
        gh.set_rate_limit_headers(Some(headers));
        let out = env.server.run_within(
            &["fabric", "test-connection", "--fabric", "dc1", "--json"],
            b"",
            Duration::from_secs(30),
        );
        let report = out.json();
        let github = &report["github"];
        match github["error_kind"].as_str() {
            None => assert_eq!(github["can_push"], true, "{headers:?}: {report}"),
            Some("rate_limited") => assert!(
                github["error"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("request"),
                "{headers:?}: {report}"
            ),
            Some(other) => panic!("{headers:?}: unexpected {other}: {report}"),
        }
        if let Some(limit) = github["rate_limit"].as_object() {
            assert!(
                limit["remaining"].as_i64().is_some_and(|r| r >= 0)
                    && limit["limit"].as_i64().is_some_and(|l| l >= 0),
                "{headers:?}: garbage stored as the rate limit: {report}"
            );
        }
        let data = env
            .ok(
                "{ gitRepositories { url githubRateLimit { remaining limit used resetAt } } }",
                json!({}),
            )
            .await;
        for repo in data["gitRepositories"].as_array().unwrap() {
            if let Some(limit) = repo["githubRateLimit"].as_object() {
                assert!(limit["remaining"].as_i64().unwrap() >= 0, "{data}");
            }
        }
        let metrics = env
            .http
            .get(format!("{}/metrics", env.server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(metrics.status(), 200, "{headers:?}");
    }
    let (after, main_after) = bystanders(&env, &git).await;
    assert_eq!(differences(&before, &after, ""), Vec::<String>::new());
    assert_eq!(main, main_after);
    env.assert_healthy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_server_errors_are_reported_not_retried_forever() {
    let (mut env, git, gh) = github_env("direct-push").await;
    let (before, main) = bystanders(&env, &git).await;
    gh.fail_every_request(Some(500));
    let requests = gh.requests().len();
    let out = env.server.run_within(
        &["fabric", "test-connection", "--fabric", "dc1", "--json"],
        b"",
        Duration::from_secs(30),
    );
    assert!(!out.success(), "{}", out.stdout);
    let report = out.json();
    let error = report["github"]["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("500") && error.contains("reading repository"),
        "the failing call is not named: {report}"
    );
    let data = env
        .gql(
            Some(&env.admin),
            "mutation($id: ID!) { testGitRepositoryConnection(id: $id) { ok error github { error } } }",
            json!({ "id": env.ok("{ fabrics { name gitRepository { id } } }", json!({})).await["fabrics"]
                .as_array().unwrap().iter().find(|f| f["name"] == "dc1").unwrap()["gitRepository"]["id"].clone() }),
        )
        .await;
    assert!(data.to_string().contains("500"), "{data}");
    let made = gh.requests().len() - requests;
    assert!(made <= 6, "{made} requests for two connection tests");
    let (after, main_after) = bystanders(&env, &git).await;
    assert_eq!(differences(&before, &after, ""), Vec::<String>::new());
    assert_eq!(main, main_after);
    env.assert_healthy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_endless_next_links_terminate() {
    let (mut env, git, gh) = github_env("pull-request").await;
    let (before, main) = bystanders(&env, &git).await;
    gh.endless_pagination(true);
    let spec = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        spec.path(),
        "subnets:\n  default:\n    subnet: 10.0.1.0/24\n    vlan: 1999\n",
    )
    .unwrap();
    env.server.run_ok(
        &[
            "draft",
            "set",
            "--fabric",
            "dc1",
            "--kind",
            "VPC",
            "--name",
            "vpc-0001",
            "--spec-file",
            spec.path().to_str().unwrap(),
        ],
        b"",
    );
    let out = env.server.run_within(
        &[
            "sync",
            "--fabric",
            "dc1",
            "--direction",
            "gui-to-git",
            "--json",
        ],
        b"",
        Duration::from_secs(90),
    );
    let report = out.json();
    let lists = gh
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.contains("/pulls?"))
        .count();
    assert!(lists <= 20, "followed {lists} pages of an endless list");
    if out.success() {
        let url = report["pull_request_url"].as_str().unwrap_or_default();
        assert!(url.contains("/pull/"), "{report}");
    } else {
        let message = report.to_string().to_lowercase();
        assert!(
            message.contains("page") || message.contains("pagination"),
            "unclear failure: {report}"
        );
    }
    // The fabric's branch is untouched (pull-request mode); only the pull-request branch is new.
    let (after, main_after) = bystanders(&env, &git).await;
    assert_eq!(differences(&before, &after, ""), Vec::<String>::new());
    assert_eq!(main, main_after);
    for line in refs(&git.remote_path()).lines() {
        assert!(
            line.starts_with("refs/heads/main ") || line.starts_with("refs/heads/hnp/sync-"),
            "unexpected ref {line}"
        );
    }
    env.assert_healthy().await;
}

// ---------------------------------------------------------------------------------------------
// 7. REST: credentials first, bodies bounded, parse errors named, nothing queued
// ---------------------------------------------------------------------------------------------

/// `POST /api/plugins/hedgehog/fabrics/<dc1>/sync/` with `body`; returns the response and
/// asserts that no operation was queued and nothing else changed.
async fn rest_sync_refused(
    token: Option<&str>,
    body: Vec<u8>,
    framing: Framing,
    check: impl FnOnce(&RawResponse),
) {
    let mut env = Env::with_fabric(Backend::Sqlite, 3).await;
    let operator = env.server.user("operator", "operator");
    let token = token.map(|t| {
        if t == "operator" {
            operator.clone()
        } else {
            t.to_owned()
        }
    });
    let before = env.world().await;
    let operations = env.operation_count().await;
    let id = env.fabric_id("dc1").await;
    let headers: Vec<(&str, String)> = token
        .iter()
        .map(|t| ("Authorization", format!("Token {t}")))
        .collect();
    let response = raw_post(
        &env.server.listen,
        &format!("/api/plugins/hedgehog/fabrics/{id}/sync/"),
        &headers,
        body,
        framing,
    )
    .unwrap();
    check(&response);
    // Give a wrongly queued operation time to show up.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        env.operation_count().await,
        operations,
        "an operation was queued"
    );
    env.assert_unchanged(&before).await;
}

#[tokio::test]
async fn rest_sync_without_credentials_is_401_before_the_body() {
    let body = padded_json(3 * MIB, "\"direction\":\"bidirectional\",");
    rest_sync_refused(None, body.clone(), Framing::ExpectContinue, |r| {
        assert_eq!(r.status, 401, "{r:?}");
        assert!(
            !r.asked_for_body,
            "the body was requested before authentication"
        );
        assert_eq!(r.json()["code"], "UNAUTHENTICATED");
    })
    .await;
    rest_sync_refused(Some("hnp_not-a-token"), body, Framing::Length, |r| {
        assert_eq!(r.status, 401, "{r:?}");
    })
    .await;
}

#[tokio::test]
async fn rest_sync_large_body_is_413() {
    let body = padded_json(3 * MIB, "\"direction\":\"bidirectional\",");
    rest_sync_refused(Some("operator"), body, Framing::ExpectContinue, |r| {
        assert_eq!(r.status, 413, "{r:?}");
    })
    .await;
}

#[tokio::test]
async fn rest_sync_malformed_json_is_400_naming_the_problem() {
    rest_sync_refused(
        Some("operator"),
        br#"{"direction": 42"#.to_vec(),
        Framing::Length,
        |r| {
            assert_eq!(r.status, 400, "{r:?}");
            let body = r.json();
            assert_eq!(body["code"], "VALIDATION_FAILED", "{body}");
            let detail = body["detail"].as_str().unwrap_or_default();
            assert!(detail.contains("JSON"), "the problem is not named: {body}");
        },
    )
    .await;
}

#[tokio::test]
async fn rest_sync_direction_of_the_wrong_type_is_400_naming_direction() {
    rest_sync_refused(
        Some("operator"),
        br#"{"direction": 42}"#.to_vec(),
        Framing::Length,
        |r| {
            assert_eq!(r.status, 400, "{r:?}");
            let body = r.json();
            assert_eq!(body["code"], "VALIDATION_FAILED", "{body}");
            let detail = body["detail"].as_str().unwrap_or_default();
            assert!(detail.contains("direction"), "direction not named: {body}");
        },
    )
    .await;
}

/// Offsets beyond any table: an empty page or 400 naming `offset` — never a dropped connection.
#[tokio::test]
async fn rest_huge_offsets_are_an_empty_page_or_refused() {
    let mut env = Env::with_fabric(Backend::Sqlite, 3).await;
    let before = env.world().await;
    let mut failures = Vec::new();
    for path in [
        "/api/v1/resources?offset=9223372036854775808",
        "/api/v1/resources?offset=18446744073709551615&limit=500",
        "/api/plugins/hedgehog/fabrics/?offset=9223372036854775808",
        "/api/plugins/hedgehog/fabrics/?offset=18446744073709551615&limit=1000",
    ] {
        let response = env
            .http
            .get(format!("{}{path}", env.server.base))
            .header("Authorization", format!("Token {}", env.admin))
            .send()
            .await;
        let Ok(response) = response else {
            failures.push(format!("{path}: no response"));
            continue;
        };
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let empty = status == 200 && body["results"] == json!([]);
        let refused = status == 400
            && body["code"] == "VALIDATION_FAILED"
            && body["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("offset");
        if !(empty || refused) {
            failures.push(format!("{path}: {status} {body}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    env.assert_unchanged(&before).await;
}

// ---------------------------------------------------------------------------------------------
// 8. Metrics: unauthenticated operation names add no label values
// ---------------------------------------------------------------------------------------------

/// Operation label values of `hnp_graphql_requests`.
fn operation_labels(metrics: &str) -> std::collections::BTreeSet<String> {
    metrics
        .lines()
        .filter(|l| l.starts_with("hnp_graphql_request"))
        .filter_map(|l| l.split("operation=\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn metrics_ignore_made_up_operation_names_of_anonymous_requests() {
    let mut env = Env::with_fabric(Backend::Sqlite, 3).await;
    let before = env.world().await;
    let metrics = async |env: &Env| {
        let request = env.http.get(format!("{}/metrics", env.server.base));
        request.send().await.unwrap().text().await.unwrap()
    };
    let anonymous = async |env: &Env, name: String| {
        let body = json!({
            "query": format!("query {name} {{ me {{ username }} }}"),
            "operationName": name,
        });
        env.post(None, &body).await.unwrap()
    };
    // Warm up: whatever an anonymous made-up name maps to exists from now on.
    anonymous(&env, "WarmUp_MadeUp".to_owned()).await;
    let baseline = metrics(&env).await;
    let names: Vec<String> = (0..60)
        .map(|i| format!("Evil_{i}_{}", uuid_like(i)))
        .collect();
    for name in &names {
        let (status, response) = anonymous(&env, name.clone()).await;
        assert_eq!(status, 200);
        assert_eq!(
            first_error(&response)["extensions"]["code"],
            "UNAUTHENTICATED"
        );
    }
    let after = metrics(&env).await;
    assert_eq!(operation_labels(&after), operation_labels(&baseline));
    assert_eq!(
        after.lines().count(),
        baseline.lines().count(),
        "/metrics grew"
    );
    for name in names
        .iter()
        .chain(std::iter::once(&"WarmUp_MadeUp".to_owned()))
    {
        assert!(!after.contains(name.as_str()), "{name} became a label");
    }
    env.assert_unchanged(&before).await;
}

/// A made-up, unique-looking suffix.
fn uuid_like(i: usize) -> String {
    format!(
        "{:016x}",
        (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    )
}

// ---------------------------------------------------------------------------------------------
// 9. Login: one attempt per request
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn login_twice_in_one_document_is_refused_as_a_whole() {
    let mut env = Env::with_fabric(Backend::Sqlite, 3).await;
    let before = env.world().await;
    let audit = async |env: &Env| {
        let data = env
            .ok("{ auditEvents(first: 1) { totalCount } }", json!({}))
            .await;
        data["auditEvents"]["totalCount"].as_i64().unwrap()
    };
    let events = audit(&env).await;
    for (a, b) in [
        (("x", "y"), ("x", "z")),
        // The right password next to a wrong one: still nothing is attempted.
        (
            ("admin", hnp_tests::server::TEST_PASSWORD),
            ("admin", "wrong-password"),
        ),
    ] {
        let response = env
            .gql(
                None,
                "mutation($u1: String!, $p1: String!, $u2: String!, $p2: String!) { \
                 a: login(username: $u1, password: $p1) { token } \
                 b: login(username: $u2, password: $p2) { token } }",
                json!({ "u1": a.0, "p1": a.1, "u2": b.0, "p2": b.1 }),
            )
            .await;
        let error = first_error(&response);
        assert_eq!(
            error["extensions"]["code"], "VALIDATION_FAILED",
            "{response}"
        );
        let message = error["message"].as_str().unwrap_or_default().to_lowercase();
        assert!(
            message.contains("at most one login") || message.contains("one login per request"),
            "{response}"
        );
        assert!(
            response["data"].is_null() || response["data"]["a"].is_null(),
            "a login ran: {response}"
        );
    }
    assert_eq!(audit(&env).await, events, "login attempts were recorded");
    // One login per request still works (and was not rate-limited by the refused ones).
    let response = env
        .gql(
            None,
            "mutation($p: String!) { login(username: \"admin\", password: $p) { token } }",
            json!({ "p": hnp_tests::server::TEST_PASSWORD }),
        )
        .await;
    assert!(response["data"]["login"]["token"].is_string(), "{response}");
    env.assert_unchanged(&before).await;
}
