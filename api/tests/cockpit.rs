//! The API behind the web UI's operations cockpit, end to end against the real `hnp serve`:
//! the session cookie (set by `login`, cleared by `logout`, accepted on JSON POSTs and
//! same-origin websocket handshakes only), resource references both ways and search in spec
//! values (SQLite and PostgreSQL), audit log filters, clearing a fabric's flag override, the
//! current token in `apiTokens`, and `fabricEvents` of every fabric.

mod support;

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use hnp_tests::{Backend, GitFixture, vpc_doc};
use serde_json::{Value, json};
use support::{PASSWORD, Server, Synced, code};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A graphql-transport-ws connection with these extra handshake headers.
async fn ws_connect(server: &Server, headers: &[(&'static str, String)]) -> Ws {
    let mut request = format!("ws://{}/graphql/ws", server.inner.listen)
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    for (name, value) in headers {
        request.headers_mut().insert(*name, value.parse().unwrap());
    }
    tokio_tungstenite::connect_async(request)
        .await
        .expect("websocket connects")
        .0
}

/// The next protocol message; `None` when the server closed the connection.
async fn ws_next(ws: &mut Ws) -> Option<Value> {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(30), ws.next())
            .await
            .expect("a websocket message within 30 s");
        match message {
            Some(Ok(Message::Text(text))) => return Some(serde_json::from_str(&text).unwrap()),
            Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return None,
            Some(Ok(_)) => continue,
        }
    }
}

async fn ws_send(ws: &mut Ws, message: Value) {
    ws.send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
}

/// `login` over HTTP; the `Set-Cookie` header and the token.
async fn login(server: &Server, headers: &[(&'static str, &str)]) -> (String, String) {
    let mut request = server.client.post(server.url()).json(&json!({
        "query": "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
        "variables": { "u": "admin", "p": PASSWORD },
    }));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let cookie = response
        .headers()
        .get("set-cookie")
        .expect("login sets a cookie")
        .to_str()
        .unwrap()
        .to_owned();
    let body: Value = response.json().await.unwrap();
    (
        cookie,
        body["data"]["login"]["token"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn session_cookie_authenticates_json_posts_and_same_origin_websockets() {
    let server = Server::start(Backend::Sqlite).await;
    server.inner.user("admin", "admin");
    let (set_cookie, token) = login(&server, &[]).await;
    assert_eq!(
        set_cookie,
        format!("hnp_session={token}; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict"),
    );
    let (secure, _) = login(&server, &[("x-forwarded-proto", "https")]).await;
    assert!(secure.ends_with("; SameSite=Strict; Secure"), "{secure}");

    let cookie = format!("theme=dark; hnp_session={token}");
    let me = "{ me { username } }";
    let body = server.with_cookie(&cookie, "application/json", me).await;
    assert_eq!(body["data"]["me"]["username"], "admin", "{body}");
    // Not JSON (what a cross-site form could send): the cookie is not read.
    let body = server.with_cookie(&cookie, "text/plain", me).await;
    assert_eq!(code(&body), Some("UNAUTHENTICATED"), "{body}");

    // The websocket: the cookie from a page of this server authenticates the connection…
    let host = server.inner.listen.clone();
    let mut ws = ws_connect(
        &server,
        &[
            ("cookie", cookie.clone()),
            ("origin", format!("http://{host}")),
        ],
    )
    .await;
    ws_send(&mut ws, json!({"type": "connection_init", "payload": {}})).await;
    assert_eq!(ws_next(&mut ws).await.unwrap()["type"], "connection_ack");
    // …from another site's page it does not.
    let mut ws = ws_connect(
        &server,
        &[
            ("cookie", cookie.clone()),
            ("origin", "http://evil.example".to_owned()),
        ],
    )
    .await;
    ws_send(&mut ws, json!({"type": "connection_init", "payload": {}})).await;
    let answer = ws_next(&mut ws).await;
    assert!(
        answer
            .as_ref()
            .is_none_or(|m| m["type"] != "connection_ack"),
        "{answer:?}"
    );

    // logout over the cookie ends that session and clears the cookie.
    let response = server
        .client
        .post(server.url())
        .header("cookie", &cookie)
        .json(&json!({ "query": "mutation { logout }" }))
        .send()
        .await
        .unwrap();
    let cleared = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cleared.starts_with("hnp_session=; Path=/; Max-Age=0; HttpOnly"),
        "{cleared}"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["logout"], true, "{body}");
    let body = server.with_cookie(&cookie, "application/json", me).await;
    assert_eq!(code(&body), Some("UNAUTHENTICATED"), "{body}");
    let body = server.gql(&token, me, json!({})).await;
    assert_eq!(code(&body), Some("UNAUTHENTICATED"), "{body}");
}

const REFERENCES: &str = "query($id: ID!) { resource(id: $id) { kind name fabric { name } \
    references { kind name path resourceId } referencedBy { kind name path resourceId } } }";

async fn references_and_search(backend: Backend) {
    let server = Server::start(backend).await;
    let admin = server.inner.user("admin", "admin");
    let git = GitFixture::new().unwrap();
    let attachment = "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPCAttachment\nmetadata:\n  name: vpc-1--server-1\nspec:\n  connection: server-1--unbundled--leaf-1\n  subnet: vpc-1/default\n";
    git.write(
        "fabrics/dc1/vpcs.yaml",
        [
            vpc_doc("vpc-1", 7),
            vpc_doc("vpc-2", 8),
            attachment.to_owned(),
        ]
        .join("---\n"),
    )
    .unwrap();
    git.commit("vpcs").unwrap();
    let fabric = server.fabric(&admin, &git).await;
    let data = server
        .ok(
            &admin,
            "query($f: ID) { resources(fabricId: $f) { nodes { id name } } }",
            json!({ "f": fabric }),
        )
        .await;
    let id = |name: &str| {
        data["resources"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {data}"))["id"]
            .clone()
    };
    let (vpc1, att) = (id("vpc-1"), id("vpc-1--server-1"));

    let data = server.ok(&admin, REFERENCES, json!({ "id": att })).await;
    assert_eq!(data["resource"]["fabric"]["name"], "dc1");
    assert_eq!(
        data["resource"]["references"],
        json!([
            {"kind": "Connection", "name": "server-1--unbundled--leaf-1", "path": "spec.connection", "resourceId": null},
            {"kind": "VPC", "name": "vpc-1", "path": "spec.subnet", "resourceId": vpc1},
        ])
    );
    assert_eq!(data["resource"]["referencedBy"], json!([]));
    let data = server.ok(&admin, REFERENCES, json!({ "id": vpc1 })).await;
    assert_eq!(
        data["resource"]["referencedBy"],
        json!([{"kind": "VPCAttachment", "name": "vpc-1--server-1", "path": "spec.subnet", "resourceId": att}])
    );
    let data = server
        .ok(&admin, REFERENCES, json!({ "id": id("vpc-2") }))
        .await;
    assert_eq!(data["resource"]["referencedBy"], json!([]));

    // Search matches spec values too: vpc-2's subnet 10.0.8.0/24 and VLAN 1009.
    let search = "query($f: ID, $s: String) { resources(fabricId: $f, search: $s) { totalCount nodes { name } } }";
    for (text, expected) in [
        ("10.0.8.0", json!([{"name": "vpc-2"}])),
        ("1009", json!([{"name": "vpc-2"}])),
        ("SERVER-1--unbundled", json!([{"name": "vpc-1--server-1"}])),
        (
            "vpc-1",
            json!([{"name": "vpc-1"}, {"name": "vpc-1--server-1"}]),
        ),
        ("10_0", json!([])),
    ] {
        let data = server
            .ok(&admin, search, json!({ "f": fabric, "s": text }))
            .await;
        assert_eq!(data["resources"]["nodes"], expected, "search {text:?}");
    }
}

#[tokio::test]
async fn references_both_ways_and_search_in_specs_sqlite() {
    references_and_search(Backend::Sqlite).await;
}

#[tokio::test]
async fn references_both_ways_and_search_in_specs_postgres() {
    references_and_search(Backend::Postgres).await;
}

#[tokio::test]
async fn audit_filters_flag_override_cleared_and_current_token() {
    audit_filters(Backend::Sqlite).await;
}

#[tokio::test]
async fn audit_filters_postgres() {
    audit_filters(Backend::Postgres).await;
}

async fn audit_filters(backend: Backend) {
    let Synced {
        server,
        admin,
        git: _git,
        fabric,
    } = Synced::start(backend).await;
    let started = chrono::Utc::now();
    tokio::time::sleep(Duration::from_millis(20)).await;

    // A fabric override, then cleared: the fabric inherits the global value again.
    let set = "mutation($f: ID) { setFeatureFlag(key: BIDIRECTIONAL_SYNC, enabled: false, fabricId: $f, reason: \"maintenance\") { enabled source } }";
    let data = server.ok(&admin, set, json!({ "f": fabric })).await;
    assert_eq!(data["setFeatureFlag"]["source"], "FABRIC");
    let clear = "mutation($f: ID!) { clearFeatureFlag(key: BIDIRECTIONAL_SYNC, fabricId: $f) { enabled source } }";
    let data = server.ok(&admin, clear, json!({ "f": fabric })).await;
    assert_ne!(data["clearFeatureFlag"]["source"], "FABRIC", "{data}");
    let flags = server
        .ok(
            &admin,
            "query($f: ID) { featureFlags(fabricId: $f) { key source } }",
            json!({ "f": fabric }),
        )
        .await;
    assert!(
        flags["featureFlags"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["source"] != "FABRIC"),
        "{flags}"
    );
    // Clearing again is a no-op (no second audit event).
    server.ok(&admin, clear, json!({ "f": fabric })).await;

    let audit = "query($actor: String, $action: String, $tt: String, $ti: String, $since: DateTime, $until: DateTime) { \
        auditEvents(actor: $actor, action: $action, targetType: $tt, targetId: $ti, since: $since, until: $until, first: 50) { \
        totalCount nodes { actor action targetType targetId before after } } }";
    let events = |v: Value| {
        let server = &server;
        let admin = admin.clone();
        async move { server.ok(&admin, audit, v).await["auditEvents"].clone() }
    };
    let flags = events(json!({ "action": "FEATURE_FLAG", "since": started })).await;
    let actions: Vec<&str> = flags["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["feature_flag.clear_override", "feature_flag.set"],
        "{flags}"
    );
    assert_eq!(flags["totalCount"], 2);
    assert_eq!(flags["nodes"][1]["after"], json!({ "enabled": false }));
    let by_target = events(json!({ "tt": "feature_flag", "ti": "bidirectional_sync" })).await;
    assert_eq!(by_target["totalCount"], 2, "{by_target}");
    let before_start = events(json!({ "action": "feature_flag", "until": started })).await;
    assert_eq!(before_start["totalCount"], 0, "{before_start}");
    let nobody = events(json!({ "actor": "nobody" })).await;
    assert_eq!(nobody["totalCount"], 0);
    let all = events(json!({})).await;
    let by_admin = events(json!({ "actor": "admin" })).await;
    assert!(by_admin["totalCount"].as_u64().unwrap() >= 4, "{by_admin}");
    assert!(all["totalCount"].as_u64() >= by_admin["totalCount"].as_u64());

    // apiTokens marks the token the request was made with.
    let tokens = server
        .ok(&admin, "{ apiTokens { name current } }", json!({}))
        .await;
    let current: Vec<_> = tokens["apiTokens"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["current"] == true)
        .collect();
    assert_eq!(current.len(), 1, "{tokens}");
}

#[tokio::test]
async fn fabric_events_without_a_fabric_stream_every_fabric() {
    let Synced {
        server,
        admin,
        git: _git,
        fabric,
    } = Synced::start(Backend::Sqlite).await;
    let mut ws = ws_connect(&server, &[]).await;
    ws_send(
        &mut ws,
        json!({"type": "connection_init", "payload": {"Authorization": format!("Bearer {admin}")}}),
    )
    .await;
    assert_eq!(ws_next(&mut ws).await.unwrap()["type"], "connection_ack");
    ws_send(
        &mut ws,
        json!({"id": "1", "type": "subscribe", "payload": {
            "query": "subscription { fabricEvents { fabricId kind operationId } }"}}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    server
        .ok(
            &admin,
            "mutation($f: ID!) { triggerSync(fabricId: $f, direction: GIT_TO_GUI) { id } }",
            json!({ "f": fabric }),
        )
        .await;
    let message = ws_next(&mut ws).await.expect("an event");
    assert_eq!(message["type"], "next", "{message}");
    let event = &message["payload"]["data"]["fabricEvents"];
    assert_eq!(event["fabricId"], fabric.as_str());
    assert!(
        event["kind"].as_str().unwrap().starts_with("operation_"),
        "{event}"
    );
}

/// The one-login rule holds on the websocket transport too (its messages bypass the HTTP
/// handler, which checks POSTs): a document with two `login` fields is refused there, and a
/// single login runs.
#[tokio::test]
async fn two_logins_over_the_websocket_are_refused() {
    let server = Server::start(Backend::Sqlite).await;
    let admin = server.inner.user("admin", "admin");
    let mut ws = ws_connect(&server, &[]).await;
    ws_send(
        &mut ws,
        json!({"type": "connection_init", "payload": {"Authorization": format!("Bearer {admin}")}}),
    )
    .await;
    assert_eq!(ws_next(&mut ws).await.unwrap()["type"], "connection_ack");
    ws_send(
        &mut ws,
        json!({"id": "1", "type": "subscribe", "payload": {
            "query": "mutation { a: login(username: \"admin\", password: \"wrong-1\") { token } \
                      b: login(username: \"admin\", password: \"wrong-2\") { token } }"}}),
    )
    .await;
    let message = ws_next(&mut ws).await.expect("an answer");
    let text = message.to_string();
    assert!(text.contains("at most one login per request"), "{message}");
    ws_send(
        &mut ws,
        json!({"id": "2", "type": "subscribe", "payload": {
            "query": "mutation { login(username: \"admin\", password: \"wrong\") { token } }"}}),
    )
    .await;
    // The first request's `complete` may come first.
    let message = loop {
        let message = ws_next(&mut ws).await.expect("an answer");
        if message["id"] == "2" {
            break message;
        }
    };
    assert_eq!(message["type"], "next", "{message}");
    let text = message.to_string();
    assert!(
        !text.contains("at most one login") && text.contains("invalid"),
        "{message}"
    );
}
