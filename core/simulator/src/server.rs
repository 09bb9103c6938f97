//! The server handle: [`KubeApiServer`] (start on its own thread and runtime, the stored objects,
//! faults, the request log), its shared state and the tokens it accepts.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use poem::listener::{Acceptor, Listener, RustlsCertificate, RustlsConfig, TcpListener};
use poem::{EndpointExt, Server};
use serde_json::{Value, json};

use crate::kinds::{ServedKind, hedgehog_kinds};
use crate::routes::routes;
use crate::tls::certificates;

/// How the lists of one kind misbehave (see [`KubeApiServer::set_list_fault`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFault {
    /// 200 `application/json` whose body is not JSON (a truncated list, then binary noise).
    Garbage,
    /// 200 with the headers and the first half of the real body, then nothing for ten minutes.
    Stall,
}

type Key = (String, String, String); // (plural, namespace, name)

pub(crate) struct State {
    pub(crate) token: String,
    /// A token that authenticates but may list nothing (403).
    pub(crate) forbidden_token: String,
    pub(crate) kinds: Mutex<Vec<ServedKind>>,
    pub(crate) objects: Mutex<BTreeMap<Key, Value>>,
    pub(crate) resource_version: AtomicU64,
    /// List pages served so far.
    pub(crate) pages: AtomicUsize,
    /// After this many list pages, every request fails with 503 (the server "goes down").
    pub(crate) fail_after_pages: AtomicUsize,
    /// Request lines (`GET /path?query`) in arrival order.
    pub(crate) requests: Mutex<Vec<String>>,
    /// Faults of the lists of a kind, by plural.
    pub(crate) faults: Mutex<BTreeMap<String, ListFault>>,
    /// List responses answered with a fault so far.
    pub(crate) faulted: AtomicUsize,
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
