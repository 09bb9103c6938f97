//! The HTTP side: routes, authentication and the handlers (version, discovery, list with
//! pages and faults, get), answering as a real API server would.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use poem::http::StatusCode;
use poem::web::{Path, Query};
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response, Route, get, handler};
use serde_json::{Value, json};

use crate::kinds::ServedKind;
use crate::server::{ListFault, State};

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

pub(crate) fn routes() -> impl poem::Endpoint {
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
