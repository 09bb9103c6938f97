//! HTTP server: health and readiness now; GraphQL, REST and the SPA are mounted by later work.

use std::sync::Arc;

use hnp_core::config::Config;
use poem::http::StatusCode;
use poem::listener::TcpListener;
use poem::web::{Data, Json};
use poem::{EndpointExt, IntoResponse, Route, get, handler};
use sea_orm::DatabaseConnection;
use serde_json::json;

/// Shared state of request handlers.
pub struct AppState {
    pub db: DatabaseConnection,
}

#[handler]
fn healthz() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

#[handler]
async fn readyz(state: Data<&Arc<AppState>>) -> poem::Response {
    match hnp_core::db::ping(&state.db).await {
        Ok(()) => {
            Json(json!({ "status": "ready", "checks": { "database": "ok" } })).into_response()
        }
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            Json(json!({ "status": "not_ready", "checks": { "database": e.to_string() } }))
                .with_status(StatusCode::SERVICE_UNAVAILABLE)
                .into_response()
        }
    }
}

pub fn routes(state: Arc<AppState>) -> impl poem::Endpoint {
    Route::new()
        .at("/healthz", get(healthz))
        .at("/readyz", get(readyz))
        .data(state)
}

/// Serves until SIGINT/SIGTERM.
pub async fn run(config: Config, db: DatabaseConnection) -> anyhow::Result<()> {
    let state = Arc::new(AppState { db });
    let listener = TcpListener::bind(config.listen);
    tracing::info!(listen = %config.listen, "HNP Sync listening");
    poem::Server::new(listener)
        .run_with_graceful_shutdown(
            routes(state),
            shutdown_signal(),
            Some(std::time::Duration::from_secs(10)),
        )
        .await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
