//! REST compatibility for existing HNP (NetBox plugin) clients, under `/api/plugins/hedgehog`:
//! `GET fabrics/` (NetBox-style `{count, next, previous, results}`), `POST fabrics/{id}/sync/`
//! (`direction`: `gui_to_github` | `github_to_gui` | `bidirectional`) and
//! `POST fabrics/{id}/initialize-directories/`. Same tokens (`Authorization: Token …` or
//! `Bearer …`) and roles as GraphQL: reading needs any user, the POSTs an operator.

use std::sync::Arc;

use hnp_entity::enums::{OperationTrigger, Role};
use poem::http::{HeaderMap, StatusCode, Uri};
use poem::web::{Data, Json, Path, Query};
use poem::{IntoResponse, Response, Route, get, handler, post};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::{MAX_BODY_BYTES, bearer, principal};
use crate::state::{AppState, Run, trigger};

fn error(status: StatusCode, detail: impl Into<String>, code: &str) -> Response {
    Json(json!({ "detail": detail.into(), "code": code }))
        .with_status(status)
        .into_response()
}

fn core_error(e: hnp_core::Error) -> Response {
    let status = match e.code() {
        "NOT_FOUND" => StatusCode::NOT_FOUND,
        "VALIDATION_FAILED" => StatusCode::BAD_REQUEST,
        "FEATURE_DISABLED" | "FORBIDDEN" => StatusCode::FORBIDDEN,
        "UNAUTHENTICATED" => StatusCode::UNAUTHORIZED,
        "CONFLICT" | "ALREADY_EXISTS" => StatusCode::CONFLICT,
        "JOBS_UNAVAILABLE" => StatusCode::SERVICE_UNAVAILABLE,
        _ => {
            tracing::error!(error = %e, "REST request failed");
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error",
                "INTERNAL",
            );
        }
    };
    error(status, e.to_string(), e.code())
}

/// The caller with at least `role`, or the error response.
async fn authorize(
    state: &AppState,
    headers: &HeaderMap,
    role: Role,
) -> Result<hnp_entity::user::Model, Response> {
    let Some(principal) = principal(state, bearer(headers).as_deref()).await else {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "Authentication credentials were not provided or are invalid.",
            "UNAUTHENTICATED",
        ));
    };
    if principal.0.role < role {
        return Err(error(
            StatusCode::FORBIDDEN,
            format!("You do not have permission to perform this action (requires {role})."),
            "FORBIDDEN",
        ));
    }
    Ok(principal.0)
}

/// `offset` of a page: at most [`crate::graphql::MAX_OFFSET`] (databases bind offsets as
/// signed 64-bit integers), else a 400 naming it.
fn checked_offset(offset: Option<u64>) -> Result<u64, Box<Response>> {
    match offset.unwrap_or(0) {
        n if n < crate::graphql::MAX_OFFSET => Ok(n),
        _ => Err(Box::new(error(
            StatusCode::BAD_REQUEST,
            format!("offset: at most {}", crate::graphql::MAX_OFFSET - 1),
            "VALIDATION_FAILED",
        ))),
    }
}

#[derive(Deserialize)]
struct ListParams {
    limit: Option<u64>,
    offset: Option<u64>,
}

#[handler]
async fn list_fabrics(
    state: Data<&Arc<AppState>>,
    headers: &HeaderMap,
    uri: &Uri,
    Query(params): Query<ListParams>,
) -> Response {
    if let Err(response) = authorize(&state, headers, Role::Viewer).await {
        return response;
    }
    let limit = params.limit.unwrap_or(50).clamp(1, 1000);
    let offset = match checked_offset(params.offset) {
        Ok(offset) => offset,
        Err(response) => return *response,
    };
    let (count, summaries) =
        match hnp_core::queries::fabrics::page(&state.core.db, limit, offset).await {
            Ok(page) => page,
            Err(e) => return core_error(e),
        };
    let results: Vec<Value> = summaries
        .into_iter()
        .map(|s| {
            let row = s.fabric;
            json!({
                "id": row.id,
                "name": row.name,
                "description": row.description,
                "git_repository": s.repository.map(|r| json!({
                    "id": r.id, "name": r.name, "url": r.url, "provider": r.provider,
                })),
                "gitops_directory": row.gitops_directory,
                "git_branch": row.git_branch,
                "sync_status": s.sync_status.as_str(),
                "gitops_directory_status": row.gitops_directory_status,
                "desired_state_commit": row.desired_state_commit,
                "sync_interval": row.sync_interval_seconds,
            })
        })
        .collect();
    let page = |offset: u64| format!("{}?limit={limit}&offset={offset}", uri.path());
    let next = (offset.saturating_add(limit) < count).then(|| page(offset + limit));
    let previous = (offset > 0).then(|| page(offset.saturating_sub(limit)));
    Json(json!({ "count": count, "next": next, "previous": previous, "results": results }))
        .into_response()
}

/// The run a sync request body asks for. The body is required: a malformed or missing
/// `direction` is an error naming the problem, never a default (the default used to be
/// `bidirectional`, the mode that pushes to Git).
fn parse_sync_body(body: &[u8]) -> Result<Run, String> {
    const CHOICES: &str = "gui_to_github, github_to_gui or bidirectional";
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(format!(
            "body: a JSON object with \"direction\" ({CHOICES}) is required"
        ));
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|e| format!("body is not valid JSON: {e}"))?;
    let Some(object) = value.as_object() else {
        return Err("body must be a JSON object".to_owned());
    };
    match object.get("direction") {
        None => Err(format!("direction is required ({CHOICES})")),
        Some(Value::String(direction)) => match direction.as_str() {
            "gui_to_github" | "gui_to_git" => Ok(Run::GuiToGit),
            "github_to_gui" | "git_to_gui" => Ok(Run::GitToGui),
            "bidirectional" => Ok(Run::Bidirectional),
            other => Err(format!("direction: {other:?} is not one of {CHOICES}")),
        },
        Some(other) => Err(format!(
            "direction must be a string ({CHOICES}), not {other}"
        )),
    }
}

async fn queue(
    state: &Arc<AppState>,
    user: hnp_entity::user::Model,
    id: i32,
    run: Run,
) -> Response {
    let fabric = match hnp_core::queries::fabrics::by_id(&state.core.db, id).await {
        Ok(Some(f)) => f,
        Ok(None) => {
            return error(
                StatusCode::NOT_FOUND,
                format!("fabric {id} not found"),
                "NOT_FOUND",
            );
        }
        Err(e) => return core_error(e),
    };
    let requester = hnp_core::operations::Requester {
        user_id: Some(user.id),
        name: user.username.clone(),
        trigger: OperationTrigger::Api,
    };
    match trigger(state, &fabric, run, false, requester, " (REST)").await {
        Ok(op) => {
            Json(json!({ "operation_id": op.id, "status": op.status, "direction": op.direction }))
                .with_status(StatusCode::ACCEPTED)
                .into_response()
        }
        Err(e) => core_error(e),
    }
}

/// `POST fabrics/{id}/sync/`: the caller is authenticated and authorized from the headers
/// before a byte of the body is read; the body is then read up to the GraphQL limit.
#[handler]
async fn sync_fabric(
    state: Data<&Arc<AppState>>,
    headers: &HeaderMap,
    Path(id): Path<i32>,
    body: poem::Body,
) -> Response {
    let user = match authorize(&state, headers, Role::Operator).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let bytes = match body.into_bytes_limit(MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(poem::error::ReadBodyError::PayloadTooLarge) => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("body: larger than {MAX_BODY_BYTES} bytes"),
                "PAYLOAD_TOO_LARGE",
            );
        }
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("body: {e}"),
                "VALIDATION_FAILED",
            );
        }
    };
    match parse_sync_body(&bytes) {
        Ok(run) => queue(&state, user, id, run).await,
        Err(message) => error(StatusCode::BAD_REQUEST, message, "VALIDATION_FAILED"),
    }
}

#[handler]
async fn initialize_directories(
    state: Data<&Arc<AppState>>,
    headers: &HeaderMap,
    Path(id): Path<i32>,
) -> Response {
    match authorize(&state, headers, Role::Operator).await {
        Ok(user) => queue(&state, user, id, Run::DirectoryInit).await,
        Err(response) => response,
    }
}

#[derive(Deserialize)]
struct ResourceParams {
    fabric_id: Option<i32>,
    limit: Option<u64>,
    offset: Option<u64>,
}

/// `GET /api/v1/resources`: a plain JSON page of resources (same authentication), ordered as the
/// GraphQL `resources` connection. Also the peer of the GraphQL benchmark.
#[handler]
async fn list_resources(
    state: Data<&Arc<AppState>>,
    headers: &HeaderMap,
    Query(params): Query<ResourceParams>,
) -> Response {
    if let Err(response) = authorize(&state, headers, Role::Viewer).await {
        return response;
    }
    let offset = match checked_offset(params.offset) {
        Ok(offset) => offset,
        Err(response) => return *response,
    };
    let limit = params.limit.unwrap_or(100).clamp(1, 500);
    let rows =
        hnp_core::queries::resources::page(&state.core.db, params.fabric_id, limit, offset).await;
    match rows {
        Ok(rows) => {
            let results: Vec<Value> = rows
                .into_iter()
                .map(|r| {
                    json!({
                        "id": r.id, "fabric_id": r.fabric_id, "kind": r.kind,
                        "namespace": r.namespace, "name": r.name,
                        "resource_state": r.resource_state, "drift_status": r.drift_status,
                        "conflict_status": r.conflict_status,
                        "has_draft": r.draft_operation.is_some(),
                        "last_file_sync": r.last_file_sync,
                        "managed_file_path": r.managed_file_path,
                    })
                })
                .collect();
            Json(json!({ "results": results })).into_response()
        }
        Err(e) => core_error(e),
    }
}

/// Plain JSON endpoints of this service (not part of the NetBox compatibility set).
pub fn v1_routes() -> Route {
    Route::new().at("/resources", get(list_resources))
}

pub fn routes() -> Route {
    Route::new()
        .at("/fabrics/", get(list_fabrics))
        .at("/fabrics/:id/sync/", post(sync_fabric))
        .at(
            "/fabrics/:id/initialize-directories/",
            post(initialize_directories),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_bodies_are_parsed_strictly() {
        assert!(matches!(
            parse_sync_body(br#"{"direction": "github_to_gui"}"#),
            Ok(Run::GitToGui)
        ));
        assert!(matches!(
            parse_sync_body(br#"{"direction": "gui_to_github"}"#),
            Ok(Run::GuiToGit)
        ));
        for (body, expected) in [
            (&b""[..], "is required"),
            (b"  ", "is required"),
            (br#"{"direction": 42"#, "not valid JSON"),
            (br#"{"direction": 42}"#, "direction must be a string"),
            (br#"[]"#, "must be a JSON object"),
            (br#"{}"#, "direction is required"),
            (br#"{"direction": "sideways"}"#, "is not one of"),
        ] {
            let err = parse_sync_body(body).err().unwrap();
            assert!(err.contains(expected), "{body:?}: {err}");
        }
    }
}
