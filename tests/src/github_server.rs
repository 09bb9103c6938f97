//! A GitHub REST API test server on loopback, for the GitHub integration tests.
//!
//! It implements the endpoints HNP uses — `GET /repos/{o}/{r}` (with the token's
//! `permissions`), `GET /repos/{o}/{r}/branches/{branch}/protection`, pulls list / create / get
//! / update — under `/api/v3` (the GitHub Enterprise layout), backed by a **real bare git
//! repository**: a pull request's head must be a branch really pushed there, and
//! [`FakeGitHub::merge`] really merges it into the base branch with the git CLI. Response bodies
//! are recorded GitHub responses (`fixtures/github-api/`, see its NOTICE.md) with only the
//! fields patched that must reflect this server's state. Every response carries rate-limit
//! headers from a budget the test controls ([`FakeGitHub::set_rate_limit`]); a secondary rate
//! limit can be queued for the next matching request ([`FakeGitHub::queue_secondary_limit`]).
//! Every request is logged with its arrival time, so tests can assert that a client waited.
//! Hostile behaviours for robustness tests: malformed rate-limit headers
//! ([`FakeGitHub::set_rate_limit_headers`]), a status for every request
//! ([`FakeGitHub::fail_every_request`]) and an endless `Link: rel="next"` chain on lists
//! ([`FakeGitHub::endless_pagination`]).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use poem::http::{Method, StatusCode};
use poem::listener::{Acceptor, Listener, TcpListener};
use poem::web::Data;
use poem::{EndpointExt, Request, Response, Route, Server, handler};
use serde_json::{Value, json};

use crate::git_support::git;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/github-api");

fn fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{FIXTURES}/{name}"))
        .unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// Unix seconds now.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// One request the server received.
#[derive(Debug, Clone)]
pub struct Logged {
    pub method: String,
    /// Path and query, without the `/api/v3` prefix.
    pub path: String,
    pub at: SystemTime,
    pub status: u16,
    /// The request body (JSON) when there was one.
    pub body: Value,
}

/// A pull request as the server keeps it.
#[derive(Debug, Clone)]
pub struct Pull {
    pub number: i64,
    pub head: String,
    pub base: String,
    pub title: String,
    pub body: String,
    /// `open` or `closed`.
    pub state: String,
    pub merged: bool,
    pub merge_commit_sha: Option<String>,
}

struct RateBudget {
    limit: i64,
    remaining: i64,
    reset: i64,
}

struct State {
    owner: String,
    repo: String,
    bare: PathBuf,
    token: String,
    base_url: String,
    permissions: Value,
    protected: Vec<String>,
    pulls: Vec<Pull>,
    rate: RateBudget,
    /// (method, path substring, retry-after seconds) of queued secondary limits.
    secondary: VecDeque<(String, String, u64)>,
    log: Vec<Logged>,
    /// Sent instead of the budget's `x-ratelimit-*` headers when set.
    rate_headers: Option<Vec<(String, String)>>,
    /// Every request is answered with this status when set.
    forced_status: Option<u16>,
    /// List responses link to a next page, forever.
    endless_pages: bool,
}

/// The running server. Dropping it stops it.
pub struct FakeGitHub {
    /// API base to configure (`http://127.0.0.1:<port>/api/v3`).
    pub api_url: String,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeGitHub {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeGitHub {
    /// Serves repository `owner/repo` backed by the bare repository at `bare`; requests must
    /// carry `Authorization: Bearer <token>`. The token starts with all permissions and a full
    /// rate-limit budget (5000).
    pub async fn start(bare: &Path, owner: &str, repo: &str, token: &str) -> anyhow::Result<Self> {
        let acceptor = TcpListener::bind("127.0.0.1:0").into_acceptor().await?;
        let addr = acceptor
            .local_addr()
            .first()
            .and_then(|a| a.as_socket_addr().copied())
            .ok_or_else(|| anyhow::anyhow!("no local address"))?;
        let base_url = format!("http://{addr}");
        let state = Arc::new(Mutex::new(State {
            owner: owner.to_owned(),
            repo: repo.to_owned(),
            bare: bare.to_owned(),
            token: token.to_owned(),
            base_url: base_url.clone(),
            permissions: json!({"admin": false, "maintain": false, "push": true, "triage": true, "pull": true}),
            protected: Vec::new(),
            pulls: Vec::new(),
            rate: RateBudget {
                limit: 5000,
                remaining: 5000,
                reset: unix_now() + 3600,
            },
            secondary: VecDeque::new(),
            log: Vec::new(),
            rate_headers: None,
            forced_status: None,
            endless_pages: false,
        }));
        let app = Route::new().at("/api/v3/*path", serve).data(state.clone());
        let task = tokio::spawn(async move {
            let _ = Server::new_with_acceptor(acceptor).run(app).await;
        });
        Ok(FakeGitHub {
            api_url: format!("{base_url}/api/v3"),
            state,
            task,
        })
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The token's permissions on the repository (`push: false` makes it read-only).
    pub fn set_push_permission(&self, push: bool) {
        self.with(|s| {
            s.permissions = json!({"admin": false, "maintain": false, "push": push, "triage": push, "pull": true});
        });
    }

    /// Marks `branch` protected.
    pub fn protect(&self, branch: &str) {
        self.with(|s| s.protected.push(branch.to_owned()));
    }

    /// Sets the rate-limit budget: `remaining` requests until `reset` (unix seconds).
    pub fn set_rate_limit(&self, remaining: i64, reset: i64) {
        self.with(|s| {
            s.rate.remaining = remaining;
            s.rate.reset = reset;
        });
    }

    /// The next `method` request whose path contains `path_part` gets a 403 secondary rate
    /// limit with `retry-after: <seconds>`.
    pub fn queue_secondary_limit(&self, method: &str, path_part: &str, retry_after: u64) {
        self.with(|s| {
            s.secondary
                .push_back((method.to_owned(), path_part.to_owned(), retry_after))
        });
    }

    /// Every response carries these headers instead of the budget's `x-ratelimit-*` ones
    /// (`None`: the budget's again), e.g. `[("x-ratelimit-remaining", "abc")]`.
    pub fn set_rate_limit_headers(&self, headers: Option<&[(&str, &str)]>) {
        self.with(|s| {
            s.rate_headers = headers.map(|h| {
                h.iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect()
            });
        });
    }

    /// Every request is answered with `status` (e.g. 500) and GitHub's error body (`None`:
    /// served normally again).
    pub fn fail_every_request(&self, status: Option<u16>) {
        self.with(|s| s.forced_status = status);
    }

    /// List responses (pulls) carry `Link: <…&page=n+1>; rel="next"` however far a client
    /// follows them.
    pub fn endless_pagination(&self, on: bool) {
        self.with(|s| s.endless_pages = on);
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Logged> {
        self.with(|s| s.log.clone())
    }

    pub fn pulls(&self) -> Vec<Pull> {
        self.with(|s| s.pulls.clone())
    }

    /// Closes a pull request without merging (as a user clicking "Close").
    pub fn close(&self, number: i64) {
        self.with(|s| {
            if let Some(p) = s.pulls.iter_mut().find(|p| p.number == number) {
                p.state = "closed".into();
            }
        });
    }

    /// Merges a pull request for real: a merge commit of its head into its base in the bare
    /// repository (through a scratch clone and a push), then marks it merged.
    pub fn merge(&self, number: i64) -> anyhow::Result<String> {
        let (bare, pull) = self.with(|s| {
            (
                s.bare.clone(),
                s.pulls.iter().find(|p| p.number == number).cloned(),
            )
        });
        let pull = pull.ok_or_else(|| anyhow::anyhow!("no pull request #{number}"))?;
        let scratch = tempfile::tempdir()?;
        let work = scratch.path().join("w");
        let work_s = work.to_string_lossy().into_owned();
        git(
            scratch.path(),
            &["clone", "-q", &bare.to_string_lossy(), &work_s],
        )?;
        git(&work, &["checkout", "-q", &pull.base])?;
        git(
            &work,
            &[
                "-c",
                "user.name=GitHub",
                "-c",
                "user.email=noreply@github.com",
                "merge",
                "-q",
                "--no-ff",
                &format!("origin/{}", pull.head),
                "-m",
                &format!("Merge pull request #{number} from {}", pull.head),
            ],
        )?;
        git(
            &work,
            &["push", "-q", "origin", &format!("HEAD:{}", pull.base)],
        )?;
        let sha = git(&work, &["rev-parse", "HEAD"])?;
        self.with(|s| {
            if let Some(p) = s.pulls.iter_mut().find(|p| p.number == number) {
                p.state = "closed".into();
                p.merged = true;
                p.merge_commit_sha = Some(sha.clone());
            }
        });
        Ok(sha)
    }
}

fn branch_sha(bare: &Path, branch: &str) -> Option<String> {
    git(
        bare,
        &[
            "rev-parse",
            "--verify",
            "-q",
            &format!("refs/heads/{branch}"),
        ],
    )
    .ok()
}

fn default_branch(bare: &Path) -> String {
    git(bare, &["symbolic-ref", "--short", "HEAD"]).unwrap_or_else(|_| "main".into())
}

/// The recorded error body with GitHub's message for this case.
fn error_body(message: &str) -> Value {
    let mut body = fixture("error.json");
    body["message"] = json!(message);
    if let Some(object) = body.as_object_mut() {
        object.remove("errors");
    }
    body
}

fn pull_json(s: &State, pull: &Pull) -> Value {
    let mut body = fixture("pull_request.json");
    let api = format!("{}/api/v3/repos/{}/{}", s.base_url, s.owner, s.repo);
    body["number"] = json!(pull.number);
    body["url"] = json!(format!("{api}/pulls/{}", pull.number));
    body["html_url"] = json!(format!(
        "{}/{}/{}/pull/{}",
        s.base_url, s.owner, s.repo, pull.number
    ));
    body["title"] = json!(pull.title);
    body["body"] = json!(pull.body);
    body["state"] = json!(pull.state);
    body["merged"] = json!(pull.merged);
    body["merge_commit_sha"] = json!(pull.merge_commit_sha);
    let closed = (pull.state == "closed").then(|| json!("2026-01-01T00:00:00Z"));
    body["closed_at"] = closed.clone().unwrap_or(Value::Null);
    body["merged_at"] = if pull.merged {
        closed.unwrap_or(Value::Null)
    } else {
        Value::Null
    };
    for (side, branch) in [("head", &pull.head), ("base", &pull.base)] {
        body[side]["ref"] = json!(branch);
        body[side]["label"] = json!(format!("{}:{branch}", s.owner));
        body[side]["sha"] = json!(branch_sha(&s.bare, branch));
        body[side]["repo"]["name"] = json!(s.repo);
        body[side]["repo"]["full_name"] = json!(format!("{}/{}", s.owner, s.repo));
    }
    body
}

fn respond(s: &mut State, status: StatusCode, body: Value, extra: &[(&str, String)]) -> Response {
    let mut builder = Response::builder()
        .status(status)
        .header("content-type", "application/json; charset=utf-8");
    match &s.rate_headers {
        Some(headers) => {
            for (name, value) in headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
        }
        None => {
            builder = builder
                .header("x-ratelimit-limit", s.rate.limit.to_string())
                .header("x-ratelimit-remaining", s.rate.remaining.to_string())
                .header("x-ratelimit-reset", s.rate.reset.to_string())
                .header(
                    "x-ratelimit-used",
                    (s.rate.limit - s.rate.remaining).to_string(),
                )
                .header("x-ratelimit-resource", "core");
        }
    }
    for (name, value) in extra {
        builder = builder.header(*name, value.clone());
    }
    builder.body(if body.is_null() {
        String::new()
    } else {
        body.to_string()
    })
}

#[handler]
async fn serve(req: &Request, body: poem::Body, state: Data<&Arc<Mutex<State>>>) -> Response {
    let body: Value = body
        .into_string()
        .await
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null);
    let method = req.method().clone();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let route = path_and_query
        .strip_prefix("/api/v3")
        .unwrap_or(&path_and_query)
        .to_owned();
    let auth = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
    let (status, response) = handle(&mut s, &method, &route, auth.as_deref(), &body);
    s.log.push(Logged {
        method: method.to_string(),
        path: route,
        at: SystemTime::now(),
        status,
        body,
    });
    response
}

fn handle(
    s: &mut State,
    method: &Method,
    route: &str,
    auth: Option<&str>,
    body: &Value,
) -> (u16, Response) {
    // The budget resets when its window is over.
    let now = unix_now();
    if now >= s.rate.reset {
        s.rate.remaining = s.rate.limit;
        s.rate.reset = now + 3600;
    }
    if let Some(code) = s.forced_status {
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let r = respond(s, status, error_body("Server Error"), &[]);
        return (code, r);
    }
    if auth != Some(&format!("Bearer {}", s.token)) {
        let r = respond(
            s,
            StatusCode::UNAUTHORIZED,
            error_body("Bad credentials"),
            &[],
        );
        return (401, r);
    }
    if s.rate.remaining <= 0 {
        let r = respond(
            s,
            StatusCode::FORBIDDEN,
            error_body("API rate limit exceeded for user ID 1000."),
            &[],
        );
        return (403, r);
    }
    s.rate.remaining -= 1;
    let (path, query) = route.split_once('?').unwrap_or((route, ""));
    if let Some(index) = s
        .secondary
        .iter()
        .position(|(m, part, _)| m == method.as_str() && path.contains(part.as_str()))
    {
        let (_, _, retry_after) = s.secondary.remove(index).unwrap_or_default();
        let r = respond(
            s,
            StatusCode::FORBIDDEN,
            error_body(
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            ),
            &[("retry-after", retry_after.to_string())],
        );
        return (403, r);
    }
    let prefix = format!("/repos/{}/{}", s.owner, s.repo);
    let Some(rest) = path.strip_prefix(&prefix) else {
        return (
            404,
            respond(s, StatusCode::NOT_FOUND, error_body("Not Found"), &[]),
        );
    };
    let not_found = |s: &mut State| {
        (
            404,
            respond(s, StatusCode::NOT_FOUND, error_body("Not Found"), &[]),
        )
    };
    let unprocessable = |s: &mut State, message: &str| {
        (
            422,
            respond(
                s,
                StatusCode::UNPROCESSABLE_ENTITY,
                error_body(message),
                &[],
            ),
        )
    };
    match (method.as_str(), rest) {
        ("GET", "") => {
            let mut repo = fixture("repository.json");
            repo["name"] = json!(s.repo);
            repo["full_name"] = json!(format!("{}/{}", s.owner, s.repo));
            repo["owner"]["login"] = json!(s.owner);
            repo["default_branch"] = json!(default_branch(&s.bare));
            repo["permissions"] = s.permissions.clone();
            repo["url"] = json!(format!("{}/api/v3{prefix}", s.base_url));
            repo["html_url"] = json!(format!("{}/{}/{}", s.base_url, s.owner, s.repo));
            (200, respond(s, StatusCode::OK, repo, &[]))
        }
        ("GET", rest) if rest.starts_with("/branches/") && rest.ends_with("/protection") => {
            let branch = &rest["/branches/".len()..rest.len() - "/protection".len()];
            if branch_sha(&s.bare, branch).is_none() {
                return (
                    404,
                    respond(
                        s,
                        StatusCode::NOT_FOUND,
                        error_body("Branch not found"),
                        &[],
                    ),
                );
            }
            if s.protected.iter().any(|b| b == branch) {
                let mut protection = fixture("branch-protection.json");
                protection["url"] = json!(format!(
                    "{}/api/v3{prefix}/branches/{branch}/protection",
                    s.base_url
                ));
                (200, respond(s, StatusCode::OK, protection, &[]))
            } else {
                let body = fixture("branch-protection.not-protected.json");
                (404, respond(s, StatusCode::NOT_FOUND, body, &[]))
            }
        }
        ("GET", "/pulls") => {
            let param = |name: &str| {
                query
                    .split('&')
                    .filter_map(|kv| kv.split_once('='))
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.replace("%2F", "/"))
            };
            let state_filter = param("state").unwrap_or_else(|| "open".into());
            let head = param("head");
            let base = param("base");
            let owner = s.owner.clone();
            let items: Vec<Value> = s
                .pulls
                .iter()
                .filter(|p| state_filter == "all" || p.state == state_filter)
                .filter(|p| {
                    head.as_ref()
                        .is_none_or(|h| *h == format!("{owner}:{}", p.head))
                })
                .filter(|p| base.as_ref().is_none_or(|b| *b == p.base))
                .map(|p| pull_json(s, p))
                .collect();
            let mut extra = Vec::new();
            if s.endless_pages {
                let page: u64 = param("page").and_then(|p| p.parse().ok()).unwrap_or(1);
                let link = |n: u64| {
                    format!(
                        "{}/api/v3{prefix}/pulls?state={state_filter}&per_page=30&page={n}",
                        s.base_url
                    )
                };
                extra.push((
                    "link",
                    format!(
                        "<{}>; rel=\"next\", <{}>; rel=\"first\"",
                        link(page + 1),
                        link(1)
                    ),
                ));
            }
            (200, respond(s, StatusCode::OK, json!(items), &extra))
        }
        ("POST", "/pulls") => {
            let field = |name: &str| body.get(name).and_then(Value::as_str).map(str::to_owned);
            let (Some(head), Some(base), Some(title)) =
                (field("head"), field("base"), field("title"))
            else {
                return unprocessable(s, "Validation Failed");
            };
            if branch_sha(&s.bare, &head).is_none() || branch_sha(&s.bare, &base).is_none() {
                return unprocessable(s, "Validation Failed");
            }
            if s.pulls
                .iter()
                .any(|p| p.head == head && p.base == base && p.state == "open")
            {
                return unprocessable(
                    s,
                    &format!("A pull request already exists for {}:{head}.", s.owner),
                );
            }
            let pull = Pull {
                number: s.pulls.len() as i64 + 1,
                head,
                base,
                title,
                body: field("body").unwrap_or_default(),
                state: "open".into(),
                merged: false,
                merge_commit_sha: None,
            };
            s.pulls.push(pull.clone());
            let json = pull_json(s, &pull);
            (201, respond(s, StatusCode::CREATED, json, &[]))
        }
        (method, rest) if rest.starts_with("/pulls/") => {
            let Ok(number) = rest["/pulls/".len()..].parse::<i64>() else {
                return not_found(s);
            };
            let Some(index) = s.pulls.iter().position(|p| p.number == number) else {
                return not_found(s);
            };
            match method {
                "GET" => {}
                "PATCH" => {
                    let pull = &mut s.pulls[index];
                    if let Some(title) = body.get("title").and_then(Value::as_str) {
                        pull.title = title.to_owned();
                    }
                    if let Some(text) = body.get("body").and_then(Value::as_str) {
                        pull.body = text.to_owned();
                    }
                    if let Some(state) = body.get("state").and_then(Value::as_str) {
                        pull.state = state.to_owned();
                    }
                }
                _ => return not_found(s),
            }
            let pull = s.pulls[index].clone();
            let json = pull_json(s, &pull);
            (200, respond(s, StatusCode::OK, json, &[]))
        }
        _ => not_found(s),
    }
}

/// Waits until `f` is true or `timeout` passes (for asynchronous effects in tests).
pub async fn eventually(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + timeout;
    while tokio::time::Instant::now() < deadline {
        if f() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    f()
}
