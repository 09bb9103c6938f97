//! HTTP server: GraphQL (+ GraphiQL, websocket subscriptions), REST compatibility, health,
//! readiness, metrics, and the SPA.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use async_graphql::http::{ALL_WEBSOCKET_PROTOCOLS, GraphiQLSource};
use async_graphql_poem::{GraphQLProtocol, GraphQLRequest, GraphQLResponse, GraphQLWebSocket};
use hnp_core::config::Config;
use hnp_core::context::Core;
use poem::endpoint::StaticFilesEndpoint;
use poem::http::{HeaderMap, StatusCode};
use poem::listener::TcpListener;
use poem::middleware::SizeLimit;
use poem::web::websocket::WebSocket;
use poem::web::{Data, Html, Json, RemoteAddr};
use poem::{EndpointExt, IntoResponse, Route, get, handler};
use serde_json::json;

use crate::graphql::{self, ApiSchema};
use crate::state::AppState;

use crate::auth::MAX_BODY_BYTES;
use crate::auth::{bearer, is_json, over_tls, principal, same_origin, session_cookie};

#[handler]
fn healthz() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// PING to Redis within 2 s.
async fn redis_ping(url: &str) -> Result<(), String> {
    let client = redis::Client::open(url).map_err(|e| format!("invalid Redis URL: {e}"))?;
    let check = async {
        let mut connection = client
            .get_multiplexed_async_connection()
            .await
            .map_err(|e| e.to_string())?;
        redis::cmd("PING")
            .query_async::<String>(&mut connection)
            .await
            .map_err(|e| e.to_string())
    };
    match tokio::time::timeout(std::time::Duration::from_secs(2), check).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(e),
        Err(_) => Err("no answer within 2 s".to_owned()),
    }
}

#[handler]
async fn readyz(state: Data<&Arc<AppState>>) -> poem::Response {
    let mut checks = serde_json::Map::new();
    let mut ready = true;
    match hnp_core::db::ping(&state.core.db).await {
        Ok(()) => {
            checks.insert("database".into(), json!("ok"));
        }
        Err(e) => {
            ready = false;
            checks.insert("database".into(), json!(e.to_string()));
        }
    }
    if let Some(url) = &state.core.config.redis_url {
        match redis_ping(url).await {
            Ok(()) => {
                checks.insert("redis".into(), json!("ok"));
            }
            Err(e) => {
                ready = false;
                checks.insert("redis".into(), json!(e));
            }
        }
    }
    if ready {
        Json(json!({ "status": "ready", "checks": checks })).into_response()
    } else {
        tracing::warn!(?checks, "readiness check failed");
        Json(json!({ "status": "not_ready", "checks": checks }))
            .with_status(StatusCode::SERVICE_UNAVAILABLE)
            .into_response()
    }
}

#[handler]
async fn metrics(state: Data<&Arc<AppState>>) -> poem::Response {
    match state
        .metrics
        .render(&state.core, state.jobs.metrics())
        .await
    {
        Ok(text) => text
            .with_content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot render metrics");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[handler]
async fn graphql_post(
    state: Data<&Arc<AppState>>,
    schema: Data<&ApiSchema>,
    headers: &HeaderMap,
    remote: &RemoteAddr,
    request: GraphQLRequest,
) -> GraphQLResponse {
    let started = Instant::now();
    let mut request = request.0;
    let operation = request.operation_name.clone();
    let addr = remote.as_socket_addr().map(|a| a.ip());
    request = request.data(graphql::ClientAddr(addr)).data(
        async_graphql::dataloader::DataLoader::with_cache(
            graphql::FabricCountersLoader {
                db: state.core.db.clone(),
            },
            tokio::spawn,
            async_graphql::dataloader::HashMapCache::default(),
        ),
    );
    // The bearer header, else the SPA's session cookie — the latter only on a JSON body (see
    // `crate::auth`: a cross-site form cannot send one).
    let token = bearer(headers).or_else(|| session_cookie(headers).filter(|_| is_json(headers)));
    request = request.data(graphql::SecureCookie(over_tls(headers)));
    let principal = principal(&state, token.as_deref()).await;
    let authenticated = principal.is_some();
    if let (Some(p), Some(token)) = (principal, token) {
        request = request.data(p).data(graphql::RequestToken(token));
    }
    let response = match graphql::several_logins(&mut request) {
        Some(refused) => refused,
        None => schema.execute(request).await,
    };
    state
        .metrics
        .observe_request(operation.as_deref(), authenticated, started.elapsed());
    response.into()
}

#[handler]
fn graphiql() -> Html<String> {
    Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .subscription_endpoint("/graphql/ws")
            .finish(),
    )
}

/// The schema of the websocket transport (see [`graphql::build_websocket`]).
#[derive(Clone)]
struct WebSocketSchema(ApiSchema);

#[handler]
async fn graphql_ws(
    state: Data<&Arc<AppState>>,
    schema: Data<&WebSocketSchema>,
    headers: &HeaderMap,
    protocol: GraphQLProtocol,
    websocket: WebSocket,
) -> impl IntoResponse {
    let schema = schema.0.0.clone();
    let state = state.0.clone();
    // The SPA's session cookie, from a handshake of a page of this server only.
    let cookie = session_cookie(headers).filter(|_| same_origin(headers));
    websocket
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| {
            GraphQLWebSocket::new(stream, schema, protocol)
                .on_connection_init(move |payload: serde_json::Value| async move {
                    let from_payload =
payload
                        .get("Authorization")
                        .or_else(|| payload.get("authorization"))
                        .and_then(|v| v.as_str())
                        .and_then(|v| {
                            let (scheme, token) = v.trim().split_once(' ')?;
                            scheme
                                .eq_ignore_ascii_case("bearer")
                                .then(|| token.trim().to_owned())
                        });
                    let token = from_payload.or(cookie);
                    let mut data = async_graphql::Data::default();
                    match principal(&state, token.as_deref()).await {
                        Some(p) => {
                            data.insert(p);
                            data.insert(graphql::RequestToken(token.unwrap_or_default()));
                        }
                        None => {
                            return Err(async_graphql::Error::new(
                                "authentication required: send {\"Authorization\": \"Bearer <token>\"} in connection_init (or log in: the session cookie)",
                            ));
                        }
                    }
                    Ok(data)
                })
                .serve()
        })
}

/// `/` without built assets: how to build the UI.
#[handler]
fn no_frontend() -> Html<&'static str> {
    Html(
        "<!doctype html><title>HNP Sync</title><h1>HNP Sync</h1>\
         <p>The web UI is not built. Run <code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code> \
         (or <code>make demo</code>), or set <code>HNP_FRONTEND_DIR</code>.</p>\
         <p>The GraphQL API is at <a href=\"/graphql\">/graphql</a>.</p>",
    )
}

fn frontend_dir(config: &Config) -> PathBuf {
    config
        .frontend_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("frontend/dist"))
}

pub fn routes(state: Arc<AppState>) -> impl poem::Endpoint {
    let schema = graphql::build(state.clone());
    let websocket_schema = WebSocketSchema(graphql::build_websocket(state.clone()));
    let dist = frontend_dir(&state.core.config);
    let mut app = Route::new()
        .at("/healthz", get(healthz))
        .at("/readyz", get(readyz))
        .at("/metrics", get(metrics))
        .at(
            "/graphql",
            get(graphiql).post(graphql_post.with(SizeLimit::new(MAX_BODY_BYTES))),
        )
        .at("/graphql/ws", get(graphql_ws))
        .nest("/api/plugins/hedgehog", crate::rest::routes())
        .nest("/api/v1", crate::rest::v1_routes())
        .at("/webhooks/github", poem::post(crate::webhook::github));
    app = if dist.join("index.html").is_file() {
        app.nest(
            "/",
            StaticFilesEndpoint::new(&dist)
                .index_file("index.html")
                .fallback_to_index(),
        )
    } else {
        app.at("/", get(no_frontend))
    };
    app.data(schema).data(websocket_schema).data(state)
}

/// A future that completes when `stop` turns true.
async fn stopped(mut stop: tokio::sync::watch::Receiver<bool>) {
    let _ = stop.wait_for(|v| *v).await;
}

/// A stop flag set on SIGINT/SIGTERM.
fn stop_on_signal() -> tokio::sync::watch::Receiver<bool> {
    let (tx, rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down");
        let _ = tx.send(true);
    });
    rx
}

/// Serves HTTP until SIGINT/SIGTERM; with `workers`, also runs that many job workers (and the
/// schedules) in this process. Without Redis the queue is in-process, so workers must run here.
pub async fn run(config: Config, core: Core, workers: Option<usize>) -> anyhow::Result<()> {
    let listen = config.listen;
    let jobs = hnp_jobs::Jobs::connect(core.clone()).await?;
    let workers = match workers {
        None if !jobs.is_redis() => {
            tracing::warn!(
                "--no-workers without HNP_REDIS_URL: the in-process queue needs workers here; starting 2"
            );
            Some(2)
        }
        other => other,
    };
    let state = AppState::new(core, jobs.clone());
    let stop = stop_on_signal();
    let worker_task = workers.map(|n| {
        let jobs = jobs.clone();
        let stop = stop.clone();
        tracing::info!(
            concurrency = n,
            redis = jobs.is_redis(),
            "job workers starting"
        );
        tokio::spawn(async move { jobs.run_workers(n, true, stopped(stop)).await })
    });
    let listener = TcpListener::bind(listen);
    tracing::info!(listen = %listen, "HNP Sync listening");
    poem::Server::new(listener)
        .run_with_graceful_shutdown(
            routes(state),
            stopped(stop),
            Some(std::time::Duration::from_secs(10)),
        )
        .await?;
    if let Some(task) = worker_task {
        task.await??;
    }
    tracing::info!("stopped");
    Ok(())
}

/// `hnp worker`: job workers only; an HTTP listener for `/healthz` and `/readyz` only when
/// `listen` is given.
pub async fn run_worker(
    core: Core,
    concurrency: usize,
    listen: Option<std::net::SocketAddr>,
) -> anyhow::Result<()> {
    let jobs = hnp_jobs::Jobs::connect(core.clone()).await?;
    if !jobs.is_redis() {
        tracing::warn!(
            "no HNP_REDIS_URL: this worker only serves its own in-process queue (nothing else can enqueue to it)"
        );
    }
    let stop = stop_on_signal();
    let http = listen.map(|addr| {
        let state = AppState::new(core.clone(), jobs.clone());
        let app = Route::new()
            .at("/healthz", get(healthz))
            .at("/readyz", get(readyz))
            .data(state);
        let stop = stop.clone();
        tracing::info!(listen = %addr, "worker health endpoint listening");
        tokio::spawn(async move {
            poem::Server::new(TcpListener::bind(addr))
                .run_with_graceful_shutdown(app, stopped(stop), None)
                .await
        })
    });
    tracing::info!(
        concurrency,
        redis = jobs.is_redis(),
        "HNP Sync worker started"
    );
    jobs.run_workers(concurrency.max(1), true, stopped(stop))
        .await?;
    if let Some(task) = http {
        task.await??;
    }
    tracing::info!("worker stopped");
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
