//! **A simulator, not a cluster.** A Kubernetes API server on loopback HTTPS serving Hedgehog
//! kinds from memory: the "cluster" of `hnp demo` (so a new user sees actual state and drift
//! without a real fabric) and of the tests (re-exported as `hnp_tests::kube_server`). Nothing is
//! reconciled, no controller runs, objects are what [`KubeApiServer::put`] and
//! [`KubeApiServer::edit`] made them. Test-quality code: every port is loopback, the CA and the
//! server certificate are generated per start, and no token is ever logged.
//!
//! It serves what the cluster reader (and `kubectl get`) use: `/version`, discovery (`/api`,
//! `/apis`, `/apis/<group>/<version>`), namespaced list (with `limit`/`continue`) and get of the
//! kinds it is told are installed, 404 `Status` for an uninstalled CRD or a missing object, 401
//! for a bad token and 403 for a token without permission; a kind's lists can be made to fail in
//! hostile ways ([`ListFault`]: a body that is not JSON, or a response that stalls half-way).
//! Responses are shaped like a real API server's (`Status` objects, `<Kind>List` with
//! `metadata.resourceVersion`/`continue`). Objects are given the metadata a real server sets
//! (uid, resourceVersion, generation, creationTimestamp, managedFields);
//! [`hedgehog_cluster_copy`] turns a Git document into what Hedgehog's admission webhooks would
//! have stored.
//!
//! The server runs on its own thread and runtime, so sync tests, CLI tests, benchmarks and the
//! demo can use it alike. Its certificate is signed by a CA generated per server
//! ([`KubeApiServer::ca_pem`]).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use poem::http::StatusCode;
use poem::listener::{Acceptor, Listener, RustlsCertificate, RustlsConfig, TcpListener};
use poem::web::{Path, Query};
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response, Route, Server, get, handler};
use serde_json::{Value, json};

/// How the lists of one kind misbehave (see [`KubeApiServer::set_list_fault`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFault {
    /// 200 `application/json` whose body is not JSON (a truncated list, then binary noise).
    Garbage,
    /// 200 with the headers and the first half of the real body, then nothing for ten minutes.
    Stall,
}

/// A kind the server can serve (its CRD is "installed").
#[derive(Debug, Clone)]
pub struct ServedKind {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub plural: String,
}

impl ServedKind {
    pub fn new(group: &str, version: &str, kind: &str, plural: &str) -> Self {
        ServedKind {
            group: group.into(),
            version: version.into(),
            kind: kind.into(),
            plural: plural.into(),
        }
    }

    fn api_version(&self) -> String {
        format!("{}/{}", self.group, self.version)
    }
}

/// Every Hedgehog kind the product manages (the CRDs of a current fabric).
pub fn hedgehog_kinds() -> Vec<ServedKind> {
    const VPC: &str = "vpc.githedgehog.com";
    const WIRING: &str = "wiring.githedgehog.com";
    const GATEWAY: &str = "gateway.githedgehog.com";
    [
        (VPC, "v1beta1", "VPC", "vpcs"),
        (VPC, "v1beta1", "VPCAttachment", "vpcattachments"),
        (VPC, "v1beta1", "VPCPeering", "vpcpeerings"),
        (VPC, "v1beta1", "IPv4Namespace", "ipv4namespaces"),
        (VPC, "v1beta1", "External", "externals"),
        (VPC, "v1beta1", "ExternalAttachment", "externalattachments"),
        (VPC, "v1beta1", "ExternalPeering", "externalpeerings"),
        (WIRING, "v1beta1", "Connection", "connections"),
        (WIRING, "v1beta1", "Server", "servers"),
        (WIRING, "v1beta1", "Switch", "switches"),
        (WIRING, "v1beta1", "SwitchGroup", "switchgroups"),
        (WIRING, "v1beta1", "VLANNamespace", "vlannamespaces"),
        (GATEWAY, "v1alpha1", "Gateway", "gateways"),
        (GATEWAY, "v1alpha1", "GatewayGroup", "gatewaygroups"),
        (GATEWAY, "v1alpha1", "GatewayPeering", "gatewaypeerings"),
    ]
    .into_iter()
    .map(|(g, v, k, p)| ServedKind::new(g, v, k, p))
    .collect()
}

/// Hedgehog's switch agent (`agent.githedgehog.com/v1beta1` `Agent`, one per switch, named after
/// it): not a kind HNP manages, served so a simulated cluster looks like a running fabric.
pub fn agent_kind() -> ServedKind {
    ServedKind::new("agent.githedgehog.com", "v1beta1", "Agent", "agents")
}

type Key = (String, String, String); // (plural, namespace, name)

struct State {
    token: String,
    /// A token that authenticates but may list nothing (403).
    forbidden_token: String,
    kinds: Mutex<Vec<ServedKind>>,
    objects: Mutex<BTreeMap<Key, Value>>,
    resource_version: AtomicU64,
    /// List pages served so far.
    pages: AtomicUsize,
    /// After this many list pages, every request fails with 503 (the server "goes down").
    fail_after_pages: AtomicUsize,
    /// Request lines (`GET /path?query`) in arrival order.
    requests: Mutex<Vec<String>>,
    /// Faults of the lists of a kind, by plural.
    faults: Mutex<BTreeMap<String, ListFault>>,
    /// List responses answered with a fault so far.
    faulted: AtomicUsize,
}

/// A running test API server. Dropping it stops it.
pub struct KubeApiServer {
    state: Arc<State>,
    url: String,
    ca_pem: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// The bearer token [`KubeApiServer::start`] accepts.
pub const TEST_TOKEN: &str = "hnp-test-token-3b9f1c";
/// A token the server knows but which has no permission (403 on lists).
pub const FORBIDDEN_TOKEN: &str = "hnp-readonly-nothing-77a0";

fn status(code: StatusCode, reason: &str, message: String) -> Response {
    let body = json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code.as_u16(),
    });
    Response::builder()
        .status(code)
        .content_type("application/json")
        .body(body.to_string())
}

fn ok_json(value: Value) -> Response {
    Response::builder()
        .content_type("application/json")
        .body(value.to_string())
}

impl KubeApiServer {
    /// Starts a server serving `kinds` with no objects, accepting [`TEST_TOKEN`].
    pub fn start(kinds: Vec<ServedKind>) -> anyhow::Result<Self> {
        Self::start_with_token(kinds, TEST_TOKEN)
    }

    /// Starts a server serving `kinds` with no objects, accepting the bearer token `token`
    /// (and [`FORBIDDEN_TOKEN`], which may list nothing).
    pub fn start_with_token(kinds: Vec<ServedKind>, token: &str) -> anyhow::Result<Self> {
        anyhow::ensure!(
            !token.is_empty() && token != FORBIDDEN_TOKEN,
            "the simulator's token must be non-empty and not the forbidden one"
        );
        let (ca_pem, cert_pem, key_pem) = certificates()?;
        let state = Arc::new(State {
            token: token.to_owned(),
            forbidden_token: FORBIDDEN_TOKEN.to_owned(),
            kinds: Mutex::new(kinds),
            objects: Mutex::new(BTreeMap::new()),
            resource_version: AtomicU64::new(1000),
            pages: AtomicUsize::new(0),
            fail_after_pages: AtomicUsize::new(usize::MAX),
            requests: Mutex::new(Vec::new()),
            faults: Mutex::new(BTreeMap::new()),
            faulted: AtomicUsize::new(0),
        });
        let (shutdown, signal) = tokio::sync::oneshot::channel::<()>();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<anyhow::Result<u16>>();
        let app_state = state.clone();
        let thread = std::thread::spawn(move || {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = ready_tx.send(Err(e.into()));
                    return;
                }
            };
            runtime.block_on(async move {
                let config = RustlsConfig::new()
                    .fallback(RustlsCertificate::new().cert(cert_pem).key(key_pem));
                // Port 0: the system picks a free port, read back from the bound socket.
                let listener = TcpListener::bind("127.0.0.1:0").rustls(config);
                let acceptor = match listener.into_acceptor().await {
                    Ok(a) => a,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e.into()));
                        return;
                    }
                };
                let port = acceptor
                    .local_addr()
                    .into_iter()
                    .find_map(|a| a.as_socket_addr().map(|s| s.port()));
                let Some(port) = port else {
                    let _ = ready_tx.send(Err(anyhow::anyhow!("no local port")));
                    return;
                };
                let _ = ready_tx.send(Ok(port));
                let app = routes().data(app_state);
                let _ = Server::new_with_acceptor(acceptor)
                    .run_with_graceful_shutdown(
                        app,
                        async move {
                            let _ = signal.await;
                        },
                        Some(std::time::Duration::from_secs(1)),
                    )
                    .await;
            });
        });
        let port = ready_rx.recv()??;
        Ok(KubeApiServer {
            state,
            url: format!("https://127.0.0.1:{port}"),
            ca_pem,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// `https://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// PEM of the CA that signed the server certificate.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// Adds or replaces an object (a whole Kubernetes object with apiVersion, kind, metadata);
    /// the server sets uid/resourceVersion/generation/creationTimestamp/managedFields as a
    /// real API server would. Returns the stored object.
    pub fn put(&self, object: Value) -> Value {
        let kinds = self.state.kinds.lock().unwrap().clone();
        let all = hedgehog_kinds();
        let kind = object["kind"].as_str().unwrap_or_default();
        let plural = kinds
            .iter()
            .chain(all.iter())
            .find(|k| k.kind == kind)
            .map(|k| k.plural.clone())
            .unwrap_or_else(|| format!("{}s", kind.to_lowercase()));
        let namespace = object["metadata"]["namespace"]
            .as_str()
            .unwrap_or("default")
            .to_owned();
        let name = object["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let key = (plural, namespace.clone(), name);
        let mut objects = self.state.objects.lock().unwrap();
        let previous = objects.get(&key).cloned();
        let rv = self.state.resource_version.fetch_add(1, Ordering::SeqCst) + 1;
        let mut object = object;
        let meta = object["metadata"].as_object_mut().expect("metadata");
        meta.insert("namespace".into(), json!(namespace));
        meta.insert("resourceVersion".into(), json!(rv.to_string()));
        let (uid, generation, created) = match &previous {
            Some(p) => (
                p["metadata"]["uid"].clone(),
                p["metadata"]["generation"].as_u64().unwrap_or(1) + 1,
                p["metadata"]["creationTimestamp"].clone(),
            ),
            None => (
                json!(uuid::Uuid::new_v4().to_string()),
                1,
                json!("2026-11-20T08:15:42Z"),
            ),
        };
        meta.insert("uid".into(), uid);
        meta.insert("generation".into(), json!(generation));
        meta.insert("creationTimestamp".into(), created);
        let api_version = object["apiVersion"].clone();
        object["metadata"]["managedFields"] = json!([{
            "apiVersion": api_version,
            "fieldsType": "FieldsV1",
            "fieldsV1": {"f:metadata": {"f:annotations": {".": {}}}, "f:spec": {".": {}}},
            "manager": "kubectl-client-side-apply",
            "operation": "Update",
            "time": "2026-11-20T08:15:42Z"
        }]);
        objects.insert(key, object.clone());
        object
    }

    /// Changes a stored object as `kubectl edit` by `manager` would (`operation: Update`): `change`
    /// edits the object, then the server bumps its resourceVersion, its generation when the
    /// spec changed, and records `manager` in `metadata.managedFields` as owning `fields` (a
    /// `fieldsV1` tree such as `{"f:spec": {"f:subnets": {…}}}`) at the current time. Returns
    /// the stored object, or `None` when there is no such object.
    pub fn edit(
        &self,
        kind_plural: &str,
        namespace: &str,
        name: &str,
        manager: &str,
        fields: Value,
        change: impl FnOnce(&mut Value),
    ) -> Option<Value> {
        let mut objects = self.state.objects.lock().unwrap();
        let object = objects.get_mut(&(kind_plural.into(), namespace.into(), name.into()))?;
        let spec_before = object["spec"].clone();
        change(object);
        let rv = self.state.resource_version.fetch_add(1, Ordering::SeqCst) + 1;
        object["metadata"]["resourceVersion"] = json!(rv.to_string());
        if object["spec"] != spec_before {
            let generation = object["metadata"]["generation"].as_u64().unwrap_or(1) + 1;
            object["metadata"]["generation"] = json!(generation);
        }
        let entry = json!({
            "apiVersion": object["apiVersion"].clone(),
            "fieldsType": "FieldsV1",
            "fieldsV1": fields,
            "manager": manager,
            "operation": "Update",
            "time": now(),
        });
        match object["metadata"]["managedFields"].as_array_mut() {
            Some(list) => list.push(entry),
            None => object["metadata"]["managedFields"] = json!([entry]),
        }
        Some(object.clone())
    }

    /// Replaces an object's `status` as its controller would through the status subresource:
    /// a new resourceVersion, the generation unchanged. Returns the stored object, or `None`
    /// when there is no such object.
    pub fn put_status(
        &self,
        kind_plural: &str,
        namespace: &str,
        name: &str,
        status: Value,
    ) -> Option<Value> {
        let mut objects = self.state.objects.lock().unwrap();
        let object = objects.get_mut(&(kind_plural.into(), namespace.into(), name.into()))?;
        object["status"] = status;
        let rv = self.state.resource_version.fetch_add(1, Ordering::SeqCst) + 1;
        object["metadata"]["resourceVersion"] = json!(rv.to_string());
        Some(object.clone())
    }

    /// A stored object, as a get would answer it.
    pub fn get(&self, kind_plural: &str, namespace: &str, name: &str) -> Option<Value> {
        self.state
            .objects
            .lock()
            .unwrap()
            .get(&(kind_plural.into(), namespace.into(), name.into()))
            .cloned()
    }

    /// Removes an object; true when it existed.
    pub fn delete(&self, kind_plural: &str, namespace: &str, name: &str) -> bool {
        self.state
            .objects
            .lock()
            .unwrap()
            .remove(&(kind_plural.into(), namespace.into(), name.into()))
            .is_some()
    }

    /// Uninstalls a CRD: its group/version no longer lists it and its lists answer 404.
    pub fn uninstall(&self, kind: &str) {
        self.state.kinds.lock().unwrap().retain(|k| k.kind != kind);
    }

    /// After `pages` more list pages, every request answers 503 (`None`: never).
    pub fn fail_after_pages(&self, pages: Option<usize>) {
        let served = self.state.pages.load(Ordering::SeqCst);
        self.state
            .fail_after_pages
            .store(pages.map_or(usize::MAX, |p| served + p), Ordering::SeqCst);
    }

    /// From now on, every list of the kind `plural` (e.g. `vpcs`) answers with `fault`
    /// (`None`: normally again).
    pub fn set_list_fault(&self, plural: &str, fault: Option<ListFault>) {
        let mut faults = self.state.faults.lock().unwrap();
        match fault {
            Some(fault) => faults.insert(plural.to_owned(), fault),
            None => faults.remove(plural),
        };
    }

    /// How many list responses were answered with a fault.
    pub fn faulted_lists(&self) -> usize {
        self.state.faulted.load(Ordering::SeqCst)
    }

    /// Request lines received so far (`GET /path?query`).
    pub fn requests(&self) -> Vec<String> {
        self.state.requests.lock().unwrap().clone()
    }

    /// Number of objects stored.
    pub fn len(&self) -> usize {
        self.state.objects.lock().unwrap().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Drop for KubeApiServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The current time as the API server writes timestamps (`2026-11-20T08:15:42Z`).
pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A self-signed client certificate and its key (PEM), for kubeconfigs with
/// `client-certificate-data`/`client-key-data` (this server authenticates by bearer token and
/// does not ask for a client certificate).
pub fn client_certificate() -> anyhow::Result<(String, String)> {
    use rcgen::{CertificateParams, DnType, KeyPair};
    let key = KeyPair::generate()?;
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    params
        .distinguished_name
        .push(DnType::CommonName, "hnp-test-client");
    let cert = params.self_signed(&key)?;
    Ok((cert.pem(), key.serialize_pem()))
}

/// (CA PEM, server certificate PEM, server key PEM) for 127.0.0.1 and localhost.
fn certificates() -> anyhow::Result<(String, String, String)> {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate()?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "hnp-test-kubernetes-ca");
    let ca_cert = ca_params.self_signed(&ca_key)?;
    let issuer = Issuer::new(ca_params, ca_key);
    let key = KeyPair::generate()?;
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])?;
    params
        .distinguished_name
        .push(DnType::CommonName, "kube-apiserver");
    let cert = params.signed_by(&key, &issuer)?;
    Ok((ca_cert.pem(), cert.pem(), key.serialize_pem()))
}

fn routes() -> impl poem::Endpoint {
    Route::new()
        .at("/version", get(server_version))
        .at("/api", get(core_versions))
        .at("/apis", get(api_groups))
        .at("/apis/:group/:version", get(group_resources))
        .at("/apis/:group/:version/namespaces/:ns/:plural", get(list_objects))
        .at("/apis/:group/:version/namespaces/:ns/:plural/:name", get(get_object))
        .around(|ep, req: Request| async move {
            let state = req.data::<Arc<State>>().cloned().expect("state");
            let line = format!(
                "{} {}",
                req.method(),
                req.uri()
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("")
            );
            state.requests.lock().unwrap().push(line);
            if state.pages.load(Ordering::SeqCst) >= state.fail_after_pages.load(Ordering::SeqCst)
            {
                return Ok(status(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "ServiceUnavailable",
                    "the server is shutting down".into(),
                ));
            }
            let auth = req
                .headers()
                .get("authorization")
                .and_then(|h| h.to_str().ok())
                .and_then(|h| h.strip_prefix("Bearer "))
                .map(str::to_owned);
            match auth.as_deref() {
                Some(t) if t == state.token => Ok(ep.call(req).await?.into_response()),
                Some(t) if t == state.forbidden_token => {
                    let path = req.uri().path().to_owned();
                    Ok(status(
                        StatusCode::FORBIDDEN,
                        "Forbidden",
                        format!(
                            "forbidden: User \"system:serviceaccount:default:nobody\" cannot get path \"{path}\""
                        ),
                    ))
                }
                _ => Ok(status(
                    StatusCode::UNAUTHORIZED,
                    "Unauthorized",
                    "Unauthorized".into(),
                )),
            }
        })
}

fn state_of(req: &Request) -> Arc<State> {
    req.data::<Arc<State>>().cloned().expect("state")
}

#[handler]
fn server_version() -> Response {
    ok_json(json!({
        "major": "1",
        "minor": "31",
        "gitVersion": "v1.31.4+k3s1",
        "gitCommit": "a562d7e2f5d6be1ffb05a3a2bc6e4b1a8b0a6f6d",
        "gitTreeState": "clean",
        "buildDate": "2024-12-11T00:00:00Z",
        "goVersion": "go1.22.9",
        "compiler": "gc",
        "platform": "linux/amd64"
    }))
}

#[handler]
fn core_versions() -> Response {
    ok_json(json!({
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "172.30.0.1:6443"}]
    }))
}

#[handler]
fn api_groups(req: &Request) -> Response {
    let state = state_of(req);
    let kinds = state.kinds.lock().unwrap().clone();
    let mut by_group: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for k in &kinds {
        let versions = by_group.entry(k.group.clone()).or_default();
        if !versions.contains(&k.version) {
            versions.push(k.version.clone());
        }
    }
    let groups: Vec<Value> = by_group
        .into_iter()
        .map(|(group, versions)| {
            let list: Vec<Value> = versions
                .iter()
                .map(|v| json!({"groupVersion": format!("{group}/{v}"), "version": v}))
                .collect();
            json!({"name": group, "versions": list, "preferredVersion": list[0]})
        })
        .collect();
    ok_json(json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}))
}

fn not_found(what: String) -> Response {
    status(StatusCode::NOT_FOUND, "NotFound", what)
}

#[handler]
fn group_resources(req: &Request, Path((group, version)): Path<(String, String)>) -> Response {
    let state = state_of(req);
    let kinds = state.kinds.lock().unwrap().clone();
    let served: Vec<&ServedKind> = kinds
        .iter()
        .filter(|k| k.group == group && k.version == version)
        .collect();
    if served.is_empty() {
        return not_found("the server could not find the requested resource".into());
    }
    let resources: Vec<Value> = served
        .iter()
        .map(|k| {
            json!({
                "name": k.plural,
                "singularName": k.kind.to_lowercase(),
                "namespaced": true,
                "kind": k.kind,
                "verbs": ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"],
                "storageVersionHash": "b0ZHJ3cGe0A="
            })
        })
        .collect();
    ok_json(json!({
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": format!("{group}/{version}"),
        "resources": resources
    }))
}

fn served_kind(state: &State, group: &str, version: &str, plural: &str) -> Option<ServedKind> {
    state
        .kinds
        .lock()
        .unwrap()
        .iter()
        .find(|k| k.group == group && k.version == version && k.plural == plural)
        .cloned()
}

#[derive(serde::Deserialize)]
struct ListQuery {
    limit: Option<usize>,
    #[serde(rename = "continue")]
    continue_token: Option<String>,
}

#[handler]
fn list_objects(
    req: &Request,
    Path((group, version, ns, plural)): Path<(String, String, String, String)>,
    Query(query): Query<ListQuery>,
) -> Response {
    let state = state_of(req);
    let Some(kind) = served_kind(&state, &group, &version, &plural) else {
        return not_found("the server could not find the requested resource".into());
    };
    let offset = match query.continue_token.as_deref().filter(|c| !c.is_empty()) {
        Some(token) => match token.strip_prefix("hnp-test:").and_then(|o| o.parse().ok()) {
            Some(offset) => offset,
            None => {
                return status(
                    StatusCode::BAD_REQUEST,
                    "BadRequest",
                    "continue key is not valid".into(),
                );
            }
        },
        None => 0usize,
    };
    let objects = state.objects.lock().unwrap();
    let all: Vec<&Value> = objects
        .range((plural.clone(), ns.clone(), String::new())..)
        .take_while(|((p, n, _), _)| *p == plural && *n == ns)
        .map(|(_, v)| v)
        .collect();
    let limit = query.limit.filter(|l| *l > 0).unwrap_or(usize::MAX);
    let page: Vec<Value> = all
        .iter()
        .skip(offset)
        .take(limit)
        .map(|v| (*v).clone())
        .collect();
    let next = offset.saturating_add(page.len());
    let mut metadata = json!({
        "resourceVersion": state.resource_version.load(Ordering::SeqCst).to_string()
    });
    if next < all.len() {
        metadata["continue"] = json!(format!("hnp-test:{next}"));
        metadata["remainingItemCount"] = json!(all.len() - next);
    }
    drop(objects);
    state.pages.fetch_add(1, Ordering::SeqCst);
    let list = json!({
        "apiVersion": kind.api_version(),
        "kind": format!("{}List", kind.kind),
        "metadata": metadata,
        "items": page
    });
    let fault = state.faults.lock().unwrap().get(&plural).copied();
    if fault.is_some() {
        state.faulted.fetch_add(1, Ordering::SeqCst);
    }
    match fault {
        None => ok_json(list),
        Some(ListFault::Garbage) => {
            let mut body = format!(
                "{{\"apiVersion\":\"{}\",\"kind\":\"{}List\",\"items\":[{{\"metadata\":{{\"name\":\"x",
                kind.api_version(),
                kind.kind
            )
            .into_bytes();
            body.extend_from_slice(&[0, 159, 146, 150, b'}', b']', b']', b':', 0xff, b'\n']);
            Response::builder()
                .content_type("application/json")
                .body(body)
        }
        Some(ListFault::Stall) => {
            let text = list.to_string().into_bytes();
            let head = text[..text.len() / 2].to_vec();
            Response::builder()
                .content_type("application/json")
                .body(poem::Body::from_async_read(Stalling {
                    head,
                    sleep: Box::pin(tokio::time::sleep(std::time::Duration::from_secs(600))),
                }))
        }
    }
}

/// A body that yields `head`, then nothing until `sleep` ends (then end of file).
struct Stalling {
    head: Vec<u8>,
    sleep: std::pin::Pin<Box<tokio::time::Sleep>>,
}

impl tokio::io::AsyncRead for Stalling {
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let this = self.get_mut();
        if !this.head.is_empty() {
            let n = buf.remaining().min(this.head.len());
            buf.put_slice(&this.head[..n]);
            this.head.drain(..n);
            return std::task::Poll::Ready(Ok(()));
        }
        this.sleep.as_mut().poll(cx).map(Ok)
    }
}

#[handler]
fn get_object(
    req: &Request,
    Path((group, version, ns, plural, name)): Path<(String, String, String, String, String)>,
) -> Response {
    let state = state_of(req);
    if served_kind(&state, &group, &version, &plural).is_none() {
        return not_found("the server could not find the requested resource".into());
    }
    match state
        .objects
        .lock()
        .unwrap()
        .get(&(plural.clone(), ns, name.clone()))
    {
        Some(object) => ok_json(object.clone()),
        None => not_found(format!("{plural}.{group} \"{name}\" not found")),
    }
}

/// What Hedgehog's admission webhooks and the API server make of a Git document: labels
/// (`fabric.githedgehog.com/…`, `<x>.fabric.githedgehog.com/<name>: "true"`), defaults (VPC
/// namespaces, subnet gateway, DHCP range and options, Switch `vlanNamespaces`, VPCAttachment
/// subnet `/default`), empty structs serialized as `{}`, the last-applied annotation of
/// `kubectl apply` and an empty `status`. `doc` is a whole object as written in Git.
pub fn hedgehog_cluster_copy(doc: &Value) -> Value {
    let mut object = doc.clone();
    let applied = doc.to_string();
    let kind = doc["kind"].as_str().unwrap_or_default().to_owned();
    if !object["metadata"].is_object() {
        object["metadata"] = json!({});
    }
    if !object["spec"].is_object() {
        object["spec"] = json!({});
    }
    let name = object["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut labels: BTreeMap<String, Value> = object["metadata"]["labels"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    let spec = object["spec"].as_object_mut().expect("spec is an object");
    match kind.as_str() {
        "VPC" => {
            let ipv4 = spec
                .entry("ipv4Namespace")
                .or_insert_with(|| json!("default"))
                .clone();
            let vlan = spec
                .entry("vlanNamespace")
                .or_insert_with(|| json!("default"))
                .clone();
            labels.insert("fabric.githedgehog.com/ipv4ns".into(), ipv4);
            labels.insert("fabric.githedgehog.com/vlanns".into(), vlan);
            if let Some(Value::Object(subnets)) = spec.get_mut("subnets") {
                for subnet in subnets.values_mut() {
                    let Some(subnet) = subnet.as_object_mut() else {
                        continue;
                    };
                    let cidr = subnet
                        .get("subnet")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned();
                    if let Some((first, tenth, last)) = ipv4_hosts(&cidr) {
                        subnet.entry("gateway").or_insert_with(|| json!(first));
                        let dhcp = subnet.entry("dhcp").or_insert_with(|| json!({}));
                        if dhcp["enable"] == json!(true) {
                            let range = dhcp
                                .as_object_mut()
                                .unwrap()
                                .entry("range")
                                .or_insert_with(|| json!({}));
                            let range = range.as_object_mut().unwrap();
                            range.entry("start").or_insert_with(|| json!(tenth));
                            range.entry("end").or_insert_with(|| json!(last));
                            let options = dhcp
                                .as_object_mut()
                                .unwrap()
                                .entry("options")
                                .or_insert_with(|| json!({}));
                            let options = options.as_object_mut().unwrap();
                            options
                                .entry("leaseTimeSeconds")
                                .or_insert_with(|| json!(3600));
                            options.entry("interfaceMTU").or_insert_with(|| json!(9036));
                        }
                    }
                }
            }
        }
        "VPCAttachment" => {
            if let Some(Value::String(subnet)) = spec.get_mut("subnet") {
                if !subnet.contains('/') {
                    subnet.push_str("/default");
                }
                let vpc = subnet.split('/').next().unwrap_or_default().to_owned();
                labels.insert(format!("vpc.fabric.githedgehog.com/{vpc}"), json!("true"));
            }
            if let Some(Value::String(conn)) = spec.get("connection") {
                labels.insert(
                    format!("connection.fabric.githedgehog.com/{conn}"),
                    json!("true"),
                );
            }
        }
        "VPCPeering" => {
            if let Some(Value::Array(permit)) = spec.get("permit") {
                for entry in permit {
                    if let Some(map) = entry.as_object() {
                        for vpc in map.keys() {
                            labels
                                .insert(format!("vpc.fabric.githedgehog.com/{vpc}"), json!("true"));
                        }
                    }
                }
            }
        }
        "Switch" => {
            spec.entry("vlanNamespaces")
                .or_insert_with(|| json!(["default"]));
            spec.entry("ecmp").or_insert_with(|| json!({}));
            spec.entry("boot").or_insert_with(|| json!({}));
            // Hedgehog's Switch.Default(): the redundancy group joins `groups`, sorted.
            let redundancy = spec
                .get("redundancy")
                .and_then(|r| r.get("group"))
                .and_then(Value::as_str)
                .filter(|g| !g.is_empty())
                .map(str::to_owned);
            if let Some(group) = redundancy {
                let groups = spec.entry("groups").or_insert_with(|| json!([]));
                if let Value::Array(list) = groups
                    && !list.iter().any(|g| g.as_str() == Some(group.as_str()))
                {
                    list.push(json!(group));
                }
            }
            if let Some(Value::Array(list)) = spec.get_mut("groups") {
                list.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            }
            if let Some(Value::Array(groups)) = spec.get("groups") {
                for group in groups.iter().filter_map(Value::as_str) {
                    labels.insert(
                        format!("group.fabric.githedgehog.com/{group}"),
                        json!("true"),
                    );
                }
            }
            if let Some(Value::String(role)) = spec.get("role") {
                labels.insert("fabric.githedgehog.com/role".into(), json!(role));
            }
        }
        // Hedgehog's Gateway.Default(): log level and tags, workers, groups (sorted, or the
        // `default` group).
        "Gateway" => {
            let logs = spec.entry("logs").or_insert_with(|| json!({}));
            if let Some(logs) = logs.as_object_mut() {
                logs.entry("default").or_insert_with(|| json!("info"));
                if logs
                    .get("tags")
                    .and_then(Value::as_object)
                    .is_none_or(|t| t.is_empty())
                {
                    logs.insert("tags".into(), json!({"all": "info"}));
                }
            }
            if spec.get("workers").and_then(Value::as_u64).unwrap_or(0) == 0 {
                spec.insert("workers".into(), json!(4));
            }
            match spec.get_mut("groups") {
                Some(Value::Array(groups)) if !groups.is_empty() => {
                    groups.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()))
                }
                _ => {
                    spec.insert("groups".into(), json!([{"name": "default"}]));
                }
            }
        }
        // Hedgehog's GatewayPeering.Default(), which only acts on a peering of two VPCs: NAT
        // idle timeouts (2m0s), the `default` gateway group, ACL default action and scopes.
        "GatewayPeering" => {
            let two = spec
                .get("peering")
                .and_then(Value::as_object)
                .is_some_and(|p| p.len() == 2);
            if two {
                if let Some(Value::Object(peering)) = spec.get_mut("peering") {
                    for peer in peering.values_mut() {
                        let Some(Value::Array(exposes)) = peer.get_mut("expose") else {
                            continue;
                        };
                        for expose in exposes {
                            let Some(Value::Object(nat)) = expose.get_mut("nat") else {
                                continue;
                            };
                            for mode in ["masquerade", "portForward"] {
                                if let Some(Value::Object(m)) = nat.get_mut(mode) {
                                    let unset = m.get("idleTimeout").is_none_or(|t| {
                                        t.is_null() || t.as_str() == Some("") || t == "0s"
                                    });
                                    if unset {
                                        m.insert("idleTimeout".into(), json!("2m0s"));
                                    }
                                }
                            }
                        }
                    }
                }
                if spec
                    .get("gatewayGroup")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
                {
                    spec.insert("gatewayGroup".into(), json!("default"));
                }
                if let Some(Value::Object(acl)) = spec.get_mut("acl") {
                    acl.entry("default")
                        .or_insert_with(|| json!("deny-unless-exposed"));
                    if let Some(Value::Array(rules)) = acl.get_mut("rules") {
                        for rule in rules.iter_mut().filter_map(Value::as_object_mut) {
                            rule.entry("scope").or_insert_with(|| json!("flow"));
                        }
                    }
                }
            }
        }
        "Connection" => {
            for (_, value) in spec.iter() {
                collect_devices(value, &mut labels);
            }
            if let Some(kind) = spec.keys().next() {
                labels.insert("fabric.githedgehog.com/connection-type".into(), json!(kind));
            }
        }
        "External" | "ExternalAttachment" | "ExternalPeering" | "IPv4Namespace"
        | "VLANNamespace" | "Server" | "SwitchGroup" => {
            labels.insert(
                format!("fabric.githedgehog.com/{}", kind.to_lowercase()),
                json!(name),
            );
        }
        _ => {}
    }
    let meta = object["metadata"].as_object_mut().unwrap();
    meta.entry("namespace").or_insert_with(|| json!("default"));
    meta.insert("labels".into(), Value::Object(labels.into_iter().collect()));
    let annotations = meta
        .entry("annotations")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .unwrap();
    annotations.insert(
        "kubectl.kubernetes.io/last-applied-configuration".into(),
        json!(format!("{applied}\n")),
    );
    object["status"] = json!({});
    object
}

/// Labels `switch.fabric.githedgehog.com/<switch>` / `server.fabric.githedgehog.com/<server>`
/// for every `device/port` string under a Connection spec.
fn collect_devices(value: &Value, labels: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key == "port"
                    && let Some((device, _)) = v.as_str().and_then(|p| p.split_once('/'))
                {
                    let role = if device.starts_with("server") {
                        "server"
                    } else {
                        "switch"
                    };
                    labels.insert(
                        format!("{role}.fabric.githedgehog.com/{device}"),
                        json!("true"),
                    );
                } else {
                    collect_devices(v, labels);
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| collect_devices(v, labels)),
        _ => {}
    }
}

/// First host, tenth host and last host of an IPv4 CIDR.
fn ipv4_hosts(cidr: &str) -> Option<(String, String, String)> {
    let (addr, len) = cidr.split_once('/')?;
    let addr: std::net::Ipv4Addr = addr.parse().ok()?;
    let len: u32 = len.parse().ok()?;
    if !(1..=30).contains(&len) {
        return None;
    }
    let base = u32::from(addr) & (u32::MAX << (32 - len));
    let broadcast = base | !(u32::MAX << (32 - len));
    let ip = |v: u32| std::net::Ipv4Addr::from(v).to_string();
    Some((
        ip(base + 1),
        ip((base + 10).min(broadcast - 1)),
        ip(broadcast - 1),
    ))
}
