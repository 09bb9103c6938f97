//! HNP Sync distributed over processes: one `hnp serve --no-workers` and two `hnp worker`s on a
//! real PostgreSQL database and a real Redis (a namespace of its own), on real git remotes; and
//! `hnp serve` through a Redis outage (a private `redis-server` stopped and restarted).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use hnp_tests::{TestDatabase, free_port, vpc_repository};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const PASSWORD: &str = "correct-horse-battery-staple-42";
/// base64 of the 32 bytes `0123456789abcdef0123456789abcdef`: shared by every process.
const SECRET_KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
const SHARED_REDIS: &str = "redis://127.0.0.1:6379";

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

/// The environment shared by every process of one deployment.
#[derive(Clone)]
struct Deployment {
    database_url: String,
    redis_url: String,
    namespace: String,
    listen: String,
    root: PathBuf,
}

impl Deployment {
    /// `hnp` with a clean environment; `data` names this process' data directory.
    fn hnp(&self, data: &str) -> Command {
        let dir = self.root.join(data);
        std::fs::create_dir_all(&dir).unwrap();
        let mut command = hnp_tests::server::hnp_command(
            std::path::Path::new(env!("CARGO_BIN_EXE_hnp")),
            &dir,
            &self.database_url,
            &self.listen,
            &[],
        );
        command
            .env("HNP_REDIS_URL", &self.redis_url)
            .env("HNP_JOBS_NAMESPACE", &self.namespace)
            .env("HNP_SECRET_KEY", SECRET_KEY)
            .env("HNP_JOBS_LOCK_TTL_MS", "3000")
            .env("HNP_JOBS_REAP_INTERVAL_MS", "500")
            .env("HNP_JOBS_POLL_INTERVAL_MS", "100")
            .env("HNP_LOG", "info");
        command
    }

    /// Starts `hnp args…` in the background, logging to `<root>/<name>.log`.
    fn spawn(&self, name: &str, args: &[&str]) -> Proc {
        let log = self.root.join(format!("{name}.log"));
        let mut command = self.hnp(name);
        command
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap());
        Proc {
            child: command.spawn().expect("hnp starts"),
            log,
        }
    }

    /// Runs `hnp args…` with `stdin`; returns stdout, panicking on failure.
    fn run(&self, args: &[&str], stdin: &str) -> String {
        let mut command = self.hnp("cli");
        command
            .env("HNP_LOG", "warn")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("hnp starts");
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.as_bytes()).unwrap();
        drop(input);
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "hnp {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// An admin's API token.
    fn admin(&self) -> String {
        self.run(
            &[
                "user",
                "create",
                "--username",
                "admin",
                "--role",
                "admin",
                "--password-stdin",
            ],
            &format!("{PASSWORD}\n"),
        );
        let out = self.run(&["token", "create", "--username", "admin"], "");
        out.lines().last().unwrap().trim().to_owned()
    }
}

/// A background process, killed on drop.
struct Proc {
    child: Child,
    log: PathBuf,
}

impl Proc {
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn pid(&self) -> String {
        self.child.id().to_string()
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([signal, &self.pid()])
            .status()
            .unwrap();
        assert!(status.success(), "kill {signal} {}", self.pid());
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client of the API process.
struct Api {
    base: String,
    client: reqwest::Client,
}

impl Api {
    fn new(listen: &str) -> Api {
        Api {
            base: format!("http://{listen}"),
            client: reqwest::Client::new(),
        }
    }

    async fn wait_healthy(&self, server: &Proc) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match self
                .client
                .get(format!("{}/healthz", self.base))
                .send()
                .await
            {
                Ok(r) if r.status() == 200 => return,
                _ if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                _ => panic!("server did not come up; log:\n{}", server.log()),
            }
        }
    }

    async fn gql(&self, token: &str, query: &str, variables: Value) -> Value {
        let response = self
            .client
            .post(format!("{}/graphql", self.base))
            .bearer_auth(token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("POST /graphql");
        let status = response.status();
        let text = response.text().await.unwrap();
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("POST /graphql answered {status} {text:?}: {e}"))
    }

    async fn ok(&self, token: &str, query: &str, variables: Value) -> Value {
        let response = self.gql(token, query, variables).await;
        assert!(response.get("errors").is_none(), "{query}\n→ {response:#}");
        response["data"].clone()
    }

    /// Adds a repository for `url` and a fabric `name` on `fabrics/dc1`; returns the fabric id.
    async fn fabric(&self, admin: &str, name: &str, url: &str) -> String {
        let data = self
            .ok(
                admin,
                "mutation($n: String!, $url: String!) { createGitRepository(input: {name: $n, url: $url}) { id } }",
                json!({ "n": name, "url": url }),
            )
            .await;
        let repo = id_of(&data["createGitRepository"]);
        let data = self
            .ok(
                admin,
                "mutation($n: String!, $repo: ID!) { createFabric(input: {name: $n, \
                 gitRepositoryId: $repo, gitopsDirectory: \"fabrics/dc1\"}) { id } }",
                json!({ "n": name, "repo": repo }),
            )
            .await;
        id_of(&data["createFabric"])
    }

    async fn trigger(&self, token: &str, fabric: &str, direction: &str) -> String {
        let data = self
            .ok(
                token,
                &format!(
                    "mutation($f: ID!) {{ triggerSync(fabricId: $f, direction: {direction}) {{ id }} }}"
                ),
                json!({ "f": fabric }),
            )
            .await;
        id_of(&data["triggerSync"])
    }

    async fn draft(&self, token: &str, fabric: &str, name: &str, i: usize) {
        self.ok(
            token,
            "mutation($f: ID!, $n: String!, $s: JSON!) { createResourceDraft(fabricId: $f, kind: \"VPC\", name: $n, spec: $s) { operation } }",
            json!({
                "f": fabric,
                "n": name,
                // VLANs below the 1001.. of `vpc_repository` (its 4,000-VPC fabric uses every VLAN up
                // to 4094): a reused VLAN is refused by admission at write-back.
                "s": {"subnets": {"default": {"subnet": format!("10.200.{i}.0/24"), "vlan": 500 + i}}},
            }),
        )
        .await;
    }

    async fn operation(&self, token: &str, id: &str) -> Value {
        self.ok(
            token,
            "query($id: ID!) { syncOperation(id: $id) { id status phase message startedAt finishedAt } }",
            json!({ "id": id }),
        )
        .await["syncOperation"]
            .clone()
    }

    /// Polls an operation until it has a terminal status; returns it.
    async fn wait_op(&self, token: &str, id: &str, within: Duration) -> Value {
        let deadline = Instant::now() + within;
        loop {
            let op = self.operation(token, id).await;
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

    /// The operations of a fabric.
    async fn operations(&self, token: &str, fabric: &str) -> Vec<Value> {
        self.ok(
            token,
            "query($f: ID) { syncOperations(fabricId: $f, first: 500) { nodes { id status direction startedAt finishedAt } } }",
            json!({ "f": fabric }),
        )
        .await["syncOperations"]["nodes"]
            .as_array()
            .unwrap()
            .clone()
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

fn time_of(v: &Value) -> chrono::DateTime<chrono::Utc> {
    v.as_str()
        .unwrap_or_else(|| panic!("not a time: {v}"))
        .parse()
        .unwrap()
}

/// How many commits of the remote's `main` carry `HNP-Operation: <id>`, per id.
fn operation_trailers(remote: &Path) -> BTreeMap<String, usize> {
    let out = hnp_tests::git(
        remote,
        &[
            "log",
            "--format=%(trailers:key=HNP-Operation,valueonly)",
            "main",
        ],
    )
    .unwrap();
    let mut counts = BTreeMap::new();
    for line in out.lines().map(str::trim).filter(|l| !l.is_empty()) {
        *counts.entry(line.to_owned()).or_default() += 1;
    }
    counts
}

// ---------------------------------------------------------------------------------------------
// graphql-transport-ws subscriber: one connection, one subscription per operation
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Streams {
    /// Events per operation id.
    events: HashMap<String, Vec<Value>>,
    /// Operation ids whose subscription completed.
    completed: BTreeSet<String>,
    /// Error messages received.
    errors: Vec<Value>,
}

struct Subscriber {
    tx: tokio::sync::mpsc::UnboundedSender<String>,
    streams: Arc<Mutex<Streams>>,
    task: tokio::task::JoinHandle<()>,
}

type WebSocket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A graphql-transport-ws connection to the API at `listen`, initialised with `token`.
async fn ws_connect(listen: &str, token: &str) -> WebSocket {
    let mut request = format!("ws://{listen}/graphql/ws")
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("websocket connects");
    ws.send(Message::Text(
        json!({"type": "connection_init", "payload": {"Authorization": format!("Bearer {token}")}})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) => {
                let v: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(v["type"], "connection_ack", "{v}");
                return ws;
            }
            Some(Ok(_)) => continue,
            other => panic!("no connection_ack: {other:?}"),
        }
    }
}

impl Subscriber {
    async fn connect(listen: &str, token: &str) -> Subscriber {
        let mut ws = ws_connect(listen, token).await;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
        let streams = Arc::new(Mutex::new(Streams::default()));
        let shared = streams.clone();
        let task = tokio::spawn(async move {
            loop {
                tokio::select! {
                    id = rx.recv() => {
                        let Some(id) = id else { return };
                        let message = json!({
                            "id": id,
                            "type": "subscribe",
                            "payload": {
                                "query": "subscription($id: ID!) { syncProgress(operationId: $id) { operationId status phase percent } }",
                                "variables": { "id": id },
                            },
                        });
                        if ws.send(Message::Text(message.to_string().into())).await.is_err() {
                            return;
                        }
                    }
                    message = ws.next() => {
                        let text = match message {
                            Some(Ok(Message::Text(text))) => text,
                            Some(Ok(_)) => continue,
                            _ => return,
                        };
                        let v: Value = serde_json::from_str(&text).unwrap();
                        let mut s = shared.lock().unwrap();
                        match v["type"].as_str().unwrap_or_default() {
                            "ping" => {
                                drop(s);
                                let _ = ws.send(Message::Text(json!({"type": "pong"}).to_string().into())).await;
                            }
                            "next" => {
                                let id = v["id"].as_str().unwrap().to_owned();
                                if v["payload"].get("errors").is_some() {
                                    s.errors.push(v.clone());
                                }
                                s.events.entry(id).or_default().push(v["payload"]["data"]["syncProgress"].clone());
                            }
                            "complete" => {
                                s.completed.insert(v["id"].as_str().unwrap().to_owned());
                            }
                            _ => s.errors.push(v.clone()),
                        }
                    }
                }
            }
        });
        Subscriber { tx, streams, task }
    }

    /// Subscribes to an operation's progress (once per id).
    fn subscribe(&self, id: &str, subscribed: &mut BTreeSet<String>) {
        if subscribed.insert(id.to_owned()) {
            self.tx.send(id.to_owned()).unwrap();
        }
    }

    /// Waits until every subscription in `ids` completed.
    async fn wait_completed(&self, ids: &BTreeSet<String>, within: Duration) {
        let deadline = Instant::now() + within;
        loop {
            {
                let s = self.streams.lock().unwrap();
                if ids.iter().all(|id| s.completed.contains(id)) {
                    return;
                }
                assert!(
                    Instant::now() < deadline,
                    "subscriptions not completed: {:?}",
                    ids.iter()
                        .filter(|id| !s.completed.contains(*id))
                        .collect::<Vec<_>>()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Subscriber {
    fn drop(&mut self) {
        self.task.abort();
    }
}

// ---------------------------------------------------------------------------------------------
// 1. One API, two workers, five fabrics; a worker killed in the middle of an operation
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn distributed() {
    let started = Instant::now();
    let db = TestDatabase::postgres()
        .await
        .expect("PostgreSQL test database");
    let root = tempfile::tempdir().unwrap();
    let listen = format!("127.0.0.1:{}", free_port());
    let deployment = Deployment {
        database_url: db.url.clone(),
        redis_url: SHARED_REDIS.to_owned(),
        namespace: unique("hnp-dist"),
        listen: listen.clone(),
        root: root.path().to_owned(),
    };
    let server = deployment.spawn("serve", &["serve", "--no-workers"]);
    let api = Api::new(&listen);
    api.wait_healthy(&server).await;
    let worker1 = deployment.spawn("worker1", &["worker", "--concurrency", "2"]);
    let worker2 = deployment.spawn("worker2", &["worker", "--concurrency", "2"]);
    let admin = deployment.admin();
    let dump_logs = |what: &str| -> String {
        format!(
            "{what}\n--- serve:\n{}\n--- worker1:\n{}\n--- worker2:\n{}",
            tail(&server.log()),
            tail(&worker1.log()),
            tail(&worker2.log())
        )
    };

    // Five fabrics on five remotes.
    let mut fabrics = Vec::new();
    for f in 0..5 {
        let git = vpc_repository(3, 10);
        let id = api.fabric(&admin, &format!("dc{f}"), &git.url()).await;
        fabrics.push((id, git));
    }

    let subscriber = Subscriber::connect(&listen, &admin).await;
    let mut subscribed = BTreeSet::new();
    // Four triggers per fabric, interleaved across fabrics: GIT_TO_GUI twice, then a draft and
    // BIDIRECTIONAL twice. A trigger while one of its direction is queued returns that one.
    let mut ops: BTreeMap<String, String> = BTreeMap::new(); // operation → fabric
    for round in 0..4 {
        for (f, (fabric, _)) in fabrics.iter().enumerate() {
            let direction = if round < 2 {
                "GIT_TO_GUI"
            } else {
                if round == 2 {
                    api.draft(&admin, fabric, &format!("vpc-new-{f}"), f).await;
                }
                "BIDIRECTIONAL"
            };
            let id = api.trigger(&admin, fabric, direction).await;
            subscriber.subscribe(&id, &mut subscribed);
            ops.insert(id, fabric.clone());
        }
    }
    eprintln!(
        "{} distinct operations from 20 triggers ({:?})",
        ops.len(),
        started.elapsed()
    );
    assert!(ops.len() >= 10, "at least two per fabric: {ops:?}");

    for id in ops.keys() {
        let op = api.wait_op(&admin, id, Duration::from_secs(40)).await;
        assert_eq!(
            op["status"],
            "SUCCEEDED",
            "{}",
            dump_logs(&format!("{op:#}"))
        );
    }
    subscriber
        .wait_completed(&subscribed, Duration::from_secs(10))
        .await;
    eprintln!("all operations done ({:?})", started.elapsed());

    // Each operation's stream: non-terminal events, then exactly one terminal one (SUCCEEDED).
    {
        let s = subscriber.streams.lock().unwrap();
        assert!(s.errors.is_empty(), "subscription errors: {:?}", s.errors);
        for id in ops.keys() {
            let events = s.events.get(id).cloned().unwrap_or_default();
            assert!(!events.is_empty(), "no progress of {id}");
            assert!(events.iter().all(|e| e["operationId"] == id.as_str()));
            let terminal: Vec<_> = events
                .iter()
                .filter(|e| is_terminal(e["status"].as_str().unwrap_or_default()))
                .collect();
            assert_eq!(terminal.len(), 1, "{id}: {events:#?}");
            let last = events.last().unwrap();
            assert_eq!(last["status"], "SUCCEEDED", "{id}: {events:#?}");
            assert_eq!(last["percent"], 100, "{id}: {events:#?}");
        }
    }

    // No two operations of a fabric overlapped; every one ran exactly once to SUCCEEDED.
    for (fabric, git) in &fabrics {
        let mut rows = api.operations(&admin, fabric).await;
        let listed: BTreeSet<String> = rows.iter().map(id_of).collect();
        let mine: BTreeSet<String> = ops
            .iter()
            .filter(|(_, f)| *f == fabric)
            .map(|(id, _)| id.clone())
            .collect();
        assert_eq!(
            listed, mine,
            "fabric {fabric}: the triggered operations only"
        );
        assert!(rows.iter().all(|r| r["status"] == "SUCCEEDED"), "{rows:#?}");
        rows.sort_by_key(|r| time_of(&r["startedAt"]));
        for pair in rows.windows(2) {
            assert!(
                time_of(&pair[0]["finishedAt"]) <= time_of(&pair[1]["startedAt"]),
                "fabric {fabric}: operations overlap: {pair:#?}"
            );
        }
        let trailers = operation_trailers(&git.remote_path());
        assert!(
            trailers.values().all(|n| *n == 1),
            "duplicate HNP commits: {trailers:?}"
        );
        // The draft reached git through a bidirectional operation.
        let drafted = (0..5)
            .map(|f| format!("vpc-new-{f}"))
            .filter(|n| hnp_tests::git(&git.remote_path(), &["grep", "-q", n, "main"]).is_ok())
            .count();
        assert_eq!(drafted, 1, "fabric {fabric}: its draft was committed once");
    }
    eprintln!("phase 1 checked ({:?})", started.elapsed());

    // Kill -9 a worker in the middle of an operation. Worker 2 is frozen so that worker 1
    // takes it; once it runs, worker 1 dies and worker 2 (thawed) must reap and finish it.
    let big = vpc_repository(40, 100);
    let big_fabric = api.fabric(&admin, "big", &big.url()).await;
    api.draft(&admin, &big_fabric, "vpc-victim", 99).await;
    worker2.signal("-STOP");
    let victim = api.trigger(&admin, &big_fabric, "BIDIRECTIONAL").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let op = api.operation(&admin, &victim).await;
        match op["status"].as_str().unwrap() {
            "RUNNING" => break,
            "QUEUED" if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(10)).await
            }
            _ => {
                worker2.signal("-CONT");
                panic!(
                    "{}",
                    dump_logs(&format!("victim never seen running: {op:#}"))
                );
            }
        }
    }
    // Let it get into the work (past the preflight), then kill: soon, so that an idle machine
    // has not finished it yet.
    tokio::time::sleep(Duration::from_millis(50)).await;
    worker1.signal("-KILL");
    worker2.signal("-CONT");
    let at_kill = api.operation(&admin, &victim).await;
    eprintln!("worker 1 killed during {at_kill} ({:?})", started.elapsed());
    assert_eq!(
        at_kill["status"], "RUNNING",
        "the victim must still run when its worker dies (make it slower)"
    );
    let op = api.wait_op(&admin, &victim, Duration::from_secs(40)).await;
    assert_eq!(
        op["status"],
        "SUCCEEDED",
        "{}",
        dump_logs(&format!("recovered operation: {op:#}"))
    );
    let resources = api
        .ok(
            &admin,
            "query($f: ID) { resources(fabricId: $f, first: 1) { totalCount } }",
            json!({ "f": big_fabric }),
        )
        .await;
    assert_eq!(resources["resources"]["totalCount"], 4001);
    let trailers = operation_trailers(&big.remote_path());
    assert!(
        trailers.values().all(|n| *n == 1),
        "duplicate HNP commits after recovery: {trailers:?}"
    );
    assert_eq!(
        trailers.get(&victim),
        Some(&1),
        "the recovered operation committed its draft once: {trailers:?}"
    );
    eprintln!("recovery checked ({:?})", started.elapsed());
    drop(subscriber);
    drop(worker2);
    drop(worker1);
    drop(server);
    cleanup_namespace(SHARED_REDIS, &deployment.namespace).await;
}

fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(60)..].join("\n")
}

/// Deletes the keys of a test namespace.
async fn cleanup_namespace(url: &str, namespace: &str) {
    let Ok(client) = redis::Client::open(url) else {
        return;
    };
    let Ok(mut conn) = client.get_multiplexed_async_connection().await else {
        return;
    };
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{namespace}*"))
        .query_async(&mut conn)
        .await
        .unwrap_or_default();
    if !keys.is_empty() {
        let _: redis::RedisResult<()> = redis::cmd("DEL").arg(keys).query_async(&mut conn).await;
    }
}

// ---------------------------------------------------------------------------------------------
// 2. A Redis outage: reads keep working, triggers say jobs are unavailable, jobs resume after
// ---------------------------------------------------------------------------------------------

/// A private `redis-server` on `port` (no persistence); killed on drop.
struct PrivateRedis {
    child: Option<Child>,
    port: u16,
}

impl PrivateRedis {
    fn start(port: u16) -> PrivateRedis {
        let child = Command::new("redis-server")
            .args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts (Debian package redis-server)");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not listen");
            std::thread::sleep(Duration::from_millis(20));
        }
        PrivateRedis {
            child: Some(child),
            port,
        }
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
            assert!(Instant::now() < deadline, "redis-server did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `triggerSync` while Redis is down: an error saying that background jobs are unavailable.
async fn assert_jobs_unavailable(api: &Api, admin: &str, fabric: &str, _server: &Proc) {
    let response = api
        .gql(
            admin,
            "mutation($f: ID!) { triggerSync(fabricId: $f, direction: GIT_TO_GUI) { id } }",
            json!({ "f": fabric }),
        )
        .await;
    let error = &response["errors"][0];
    assert!(error.is_object(), "triggerSync must fail: {response}");
    let message = error["message"].as_str().unwrap_or_default();
    assert_eq!(
        error["extensions"]["code"], "JOBS_UNAVAILABLE",
        "{response}"
    );
    assert!(
        message.contains("background jobs are unavailable"),
        "{response}"
    );
}

async fn readyz(api: &Api) -> (u16, Value) {
    let response = api
        .client
        .get(format!("{}/readyz", api.base))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// Triggers until one is accepted (the jobs layer reconnects on use) and waits for it.
async fn sync_after_recovery(api: &Api, admin: &str, fabric: &str, server: &Proc) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let id = loop {
        let response = api
            .gql(
                admin,
                "mutation($f: ID!) { triggerSync(fabricId: $f, direction: GIT_TO_GUI) { id } }",
                json!({ "f": fabric }),
            )
            .await;
        if response.get("errors").is_none() {
            break id_of(&response["data"]["triggerSync"]);
        }
        assert!(
            Instant::now() < deadline,
            "triggers still refused: {response}\n{}",
            tail(&server.log())
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let op = api.wait_op(admin, &id, Duration::from_secs(30)).await;
    assert_eq!(op["status"], "SUCCEEDED", "{op:#}\n{}", tail(&server.log()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn redis_outage() {
    let db = TestDatabase::sqlite().unwrap();
    let root = tempfile::tempdir().unwrap();
    let port = free_port();
    let listen = format!("127.0.0.1:{}", free_port());
    let deployment = Deployment {
        database_url: db.url.clone(),
        redis_url: format!("redis://127.0.0.1:{port}"),
        namespace: unique("hnp-outage"),
        listen: listen.clone(),
        root: root.path().to_owned(),
    };
    // Redis is down when the server starts: it comes up degraded.
    let server = deployment.spawn("serve", &["serve"]);
    let api = Api::new(&listen);
    api.wait_healthy(&server).await;
    let admin = deployment.admin();
    let git = vpc_repository(2, 5);
    let fabric = api.fabric(&admin, "dc1", &git.url()).await;
    let (status, body) = readyz(&api).await;
    assert_eq!(status, 503, "{body}");
    assert_ne!(body["checks"]["redis"], "ok", "{body}");
    assert_jobs_unavailable(&api, &admin, &fabric, &server).await;

    // Redis comes up: jobs run without restarting hnp.
    let mut redis = PrivateRedis::start(port);
    sync_after_recovery(&api, &admin, &fabric, &server).await;
    let (status, body) = readyz(&api).await;
    assert_eq!(status, 200, "{body}");

    // Redis goes away: reads keep working, triggers are refused, not ready.
    redis.stop();
    let data = api
        .ok(
            &admin,
            "query($f: ID) { fabrics { id name } resources(fabricId: $f, first: 5) { totalCount nodes { name } } }",
            json!({ "f": fabric }),
        )
        .await;
    assert_eq!(data["fabrics"].as_array().unwrap().len(), 1, "{data}");
    assert_eq!(data["resources"]["totalCount"], 10, "{data}");
    assert_jobs_unavailable(&api, &admin, &fabric, &server).await;
    let (status, body) = readyz(&api).await;
    assert_eq!(status, 503, "{body}");
    assert_ne!(body["checks"]["redis"], "ok", "{body}");

    // Back on the same port: jobs resume.
    let _redis = PrivateRedis::start(port);
    sync_after_recovery(&api, &admin, &fabric, &server).await;
    let (status, body) = readyz(&api).await;
    assert_eq!(status, 200, "{body}");
    drop(server);
}

// ---------------------------------------------------------------------------------------------
// 3. Fabric events cross processes
// ---------------------------------------------------------------------------------------------

/// Two API processes and a worker on one Redis: a `fabricEvents` subscriber on API A sees a
/// draft saved through API B, and the end of an operation run by the worker, each within a
/// second.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fabric_events_reach_every_api_process() {
    let db = TestDatabase::postgres()
        .await
        .expect("PostgreSQL test database");
    let root = tempfile::tempdir().unwrap();
    let listen_a = format!("127.0.0.1:{}", free_port());
    let listen_b = format!("127.0.0.1:{}", free_port());
    let a = Deployment {
        database_url: db.url.clone(),
        redis_url: SHARED_REDIS.to_owned(),
        namespace: unique("hnp-events"),
        listen: listen_a.clone(),
        root: root.path().to_owned(),
    };
    let b = Deployment {
        listen: listen_b.clone(),
        ..a.clone()
    };
    let serve_a = a.spawn("serve-a", &["serve", "--no-workers"]);
    let api_a = Api::new(&listen_a);
    api_a.wait_healthy(&serve_a).await;
    let serve_b = b.spawn("serve-b", &["serve", "--no-workers"]);
    let api_b = Api::new(&listen_b);
    api_b.wait_healthy(&serve_b).await;
    let worker = a.spawn("worker", &["worker", "--concurrency", "1"]);
    let admin = a.admin();
    let git = vpc_repository(1, 3);
    let fabric = api_a.fabric(&admin, "dc1", &git.url()).await;

    // A subscriber on API A.
    let mut ws = ws_connect(&listen_a, &admin).await;
    ws.send(Message::Text(
        json!({
            "id": "events",
            "type": "subscribe",
            "payload": {
                "query": "subscription($f: ID!) { fabricEvents(fabricId: $f) { kind operationId message } }",
                "variables": { "f": fabric },
            },
        })
        .to_string()
        .into(),
    ))
    .await
    .unwrap();
    let events: Arc<Events> = Arc::default();
    let collected = events.clone();
    let reader = tokio::spawn(async move {
        while let Some(Ok(message)) = ws.next().await {
            let Message::Text(text) = message else {
                continue;
            };
            let v: Value = serde_json::from_str(&text).unwrap();
            match v["type"].as_str() {
                Some("ping") => {
                    let _ = ws
                        .send(Message::Text(json!({"type": "pong"}).to_string().into()))
                        .await;
                }
                Some("next") => collected
                    .lock()
                    .unwrap()
                    .push((Instant::now(), v["payload"]["data"]["fabricEvents"].clone())),
                _ => {}
            }
        }
    });
    // Let the subscription start on the server before anything happens.
    tokio::time::sleep(Duration::from_millis(300)).await;
    // A draft saved through API B.
    let saved = Instant::now();
    api_b.draft(&admin, &fabric, "vpc-events", 7).await;
    let latency = wait_event(&events, "draft_changed", None, saved).await;
    eprintln!("draft_changed from API B seen on API A after {latency:?}");

    // An operation queued through API B and run by the worker.
    let op = api_b.trigger(&admin, &fabric, "GIT_TO_GUI").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let finished = loop {
        let row = api_b.operation(&admin, &op).await;
        if is_terminal(row["status"].as_str().unwrap_or_default()) {
            break Instant::now();
        }
        assert!(
            Instant::now() < deadline,
            "operation did not finish: {row}\n{}",
            tail(&worker.log())
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let latency = wait_event(&events, "operation_finished", Some(&op), finished).await;
    eprintln!("operation_finished from the worker seen on API A after {latency:?} (after the row)");
    assert!(
        seen(&events, "operation_queued", Some(&op)).is_some(),
        "queued through B"
    );
    reader.abort();
    drop(serve_b);
    cleanup_namespace(SHARED_REDIS, &a.namespace).await;
}

type Events = Mutex<Vec<(Instant, Value)>>;

/// When the first event of `kind` (for `operation`) arrived.
fn seen(events: &Events, kind: &str, operation: Option<&str>) -> Option<Instant> {
    events
        .lock()
        .unwrap()
        .iter()
        .find(|(_, e)| e["kind"] == kind && operation.is_none_or(|id| e["operationId"] == id))
        .map(|(at, _)| *at)
}

/// How long after `since` the event arrived; fails when it did not within a second.
async fn wait_event(
    events: &Events,
    kind: &str,
    operation: Option<&str>,
    since: Instant,
) -> Duration {
    let deadline = since + Duration::from_secs(1);
    loop {
        if let Some(at) = seen(events, kind, operation) {
            return at.saturating_duration_since(since);
        }
        assert!(
            Instant::now() < deadline,
            "no {kind} event within a second: {:?}",
            events.lock().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
