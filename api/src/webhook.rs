//! `POST /webhooks/github`: GitHub push (and ping) webhooks.
//!
//! No signature header → 401. `ping` → 200. The repositories matching the payload's URLs are
//! looked up; none → 202 and nothing happens. The body must verify (HMAC-SHA256, constant time)
//! against one of their webhook secrets, else 401 and nothing is enqueued. A push to the branch a
//! fabric follows starts that fabric's sync at once (Git → GUI, or bidirectional when the flag
//! is on and drafts are pending), through the job queue's detection; a branch deletion or a tag
//! push starts nothing. A `pull_request` `closed` event for a write-back pull request
//! (pull-request mode; matched by number and head branch, opened from the repository itself —
//! never a fork's) restores its drafts when it was not merged, and starts the fabric's sync
//! when it was (the ingestion settles the merged drafts).

use std::sync::Arc;

use hnp_core::queries;
use hnp_core::webhooks::{self, Event};
use hnp_entity::git_repository;
use poem::http::{HeaderMap, StatusCode};
use poem::web::{Data, Json};
use poem::{IntoResponse, Response, handler};
use serde_json::json;

use crate::state::AppState;

fn reply(status: StatusCode, message: &str, extra: serde_json::Value) -> Response {
    let mut body = json!({ "message": message });
    if let (Some(object), serde_json::Value::Object(more)) = (body.as_object_mut(), extra) {
        object.extend(more);
    }
    Json(body).with_status(status).into_response()
}

#[handler]
pub async fn github(
    state: Data<&Arc<AppState>>,
    headers: &HeaderMap,
    body: poem::Body,
) -> Response {
    let body = match body.into_bytes_limit(crate::auth::MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return reply(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload too large",
                json!({}),
            );
        }
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let Some(signature) = header("x-hub-signature-256") else {
        return reply(
            StatusCode::UNAUTHORIZED,
            "missing X-Hub-Signature-256",
            json!({}),
        );
    };
    let event = match webhooks::parse_event(header("x-github-event").unwrap_or(""), &body) {
        Ok(event) => event,
        Err(e) => return reply(StatusCode::BAD_REQUEST, &e, json!({})),
    };
    let urls = match &event {
        Event::Ping { .. } => return reply(StatusCode::OK, "pong", json!({})),
        Event::Push {
            repository_urls, ..
        } => repository_urls.clone(),
        Event::PullRequest {
            repository_urls, ..
        } => repository_urls.clone(),
        Event::Other(name) => {
            return reply(
                StatusCode::ACCEPTED,
                "event ignored",
                json!({ "event": name }),
            );
        }
    };
    let core = &state.core;
    let matching = match queries::webhook_targets::matching_repositories(core, &urls).await {
        Ok(rows) => rows,
        Err(e) => {
            tracing::error!(error = %e, "webhook: cannot list repositories");
            return reply(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error",
                json!({}),
            );
        }
    };
    if matching.is_empty() {
        return reply(
            StatusCode::ACCEPTED,
            "unknown repository; nothing to do",
            json!({}),
        );
    }
    let verified = queries::webhook_targets::verified(core, matching, &body, signature);
    if verified.is_empty() {
        return reply(
            StatusCode::UNAUTHORIZED,
            "signature does not verify",
            json!({}),
        );
    }
    if let Event::PullRequest {
        action,
        number,
        merged,
        head_ref,
        html_url,
        head_repository,
        repository,
        ..
    } = &event
    {
        if action != "closed" {
            return reply(StatusCode::ACCEPTED, "nothing to sync", json!({}));
        }
        let pr = hnp_core::github::pulls::ClosedPullRequest {
            number: i64::try_from(*number).unwrap_or(i64::MAX),
            head_ref,
            head_repository: head_repository.as_deref(),
            repository: repository.as_deref(),
            url: html_url,
            merged: *merged,
        };
        return pull_request_closed(&state, &verified, &pr).await;
    }
    let Event::Push {
        branch: Some(branch),
        deleted: false,
        ..
    } = event
    else {
        return reply(StatusCode::ACCEPTED, "nothing to sync", json!({}));
    };
    let fabric_ids =
        match queries::webhook_targets::fabrics_following(core, &verified, &branch).await {
            Ok(ids) => ids,
            Err(e) => {
                tracing::error!(error = %e, "webhook: cannot list fabrics");
                return reply(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error",
                    json!({}),
                );
            }
        };
    let queued = match state.jobs.detect_now(&fabric_ids).await {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "webhook: detection failed");
            return reply(StatusCode::SERVICE_UNAVAILABLE, &e.to_string(), json!({}));
        }
    };
    reply(
        StatusCode::ACCEPTED,
        "accepted",
        json!({ "fabrics": fabric_ids, "syncs_queued": queued }),
    )
}

/// A write-back pull request was closed: unmerged → its drafts are restored; merged → the
/// fabric's branch is read at once (its ingestion settles the drafts).
async fn pull_request_closed(
    state: &AppState,
    repositories: &[git_repository::Model],
    pr: &hnp_core::github::pulls::ClosedPullRequest<'_>,
) -> Response {
    let core = &state.core;
    let merged = pr.merged;
    let mut outcomes = Vec::new();
    for repo in repositories {
        match hnp_core::github::pulls::handle_closed(core, repo.id, pr).await {
            Ok(found) => outcomes.extend(found),
            Err(e) => {
                tracing::error!(error = %e, "webhook: cannot handle the closed pull request");
                return reply(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error",
                    json!({}),
                );
            }
        }
    }
    let fabric_ids: Vec<i32> = outcomes.iter().map(|o| o.fabric_id).collect();
    let restored: u32 = outcomes.iter().map(|o| o.restored).sum();
    let queued = if merged && !fabric_ids.is_empty() {
        match state.jobs.detect_now(&fabric_ids).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, "webhook: detection failed");
                return reply(StatusCode::SERVICE_UNAVAILABLE, &e.to_string(), json!({}));
            }
        }
    } else {
        0
    };
    reply(
        StatusCode::ACCEPTED,
        "accepted",
        json!({ "fabrics": fabric_ids, "merged": merged, "drafts_restored": restored, "syncs_queued": queued }),
    )
}
