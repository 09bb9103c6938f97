//! A local HTTP receiver for notification tests and the notification benchmark: a real poem
//! server on a loopback port that records every POST (headers, body, when) and answers with
//! the statuses it was told, in order (200 once they are used up), optionally after a delay.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use poem::http::StatusCode;
use poem::listener::{Acceptor, Listener, TcpListener};
use poem::web::Data;
use poem::{Body, EndpointExt, Request, Route, Server, handler, post};

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    /// Header names lower-case.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Received {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

#[derive(Default)]
struct State {
    answers: VecDeque<u16>,
    delay: Duration,
    log: Vec<Received>,
}

/// The running receiver. Dropping it stops it.
pub struct Receiver {
    /// Base URL (`http://127.0.0.1:<port>`); any path is accepted.
    pub url: String,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[handler]
async fn receive(req: &Request, body: Body, state: Data<&Arc<Mutex<State>>>) -> StatusCode {
    let bytes = body.into_vec().await.unwrap_or_default();
    let headers = req
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                v.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let (status, delay) = {
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        s.log.push(Received {
            path: req.uri().path().to_owned(),
            headers,
            body: bytes,
            at: Instant::now(),
        });
        (s.answers.pop_front().unwrap_or(200), s.delay)
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    StatusCode::from_u16(status).unwrap_or(StatusCode::OK)
}

impl Receiver {
    /// Starts a receiver answering `answers` in order, then 200.
    pub async fn start(answers: &[u16]) -> anyhow::Result<Self> {
        let acceptor = TcpListener::bind("127.0.0.1:0").into_acceptor().await?;
        let addr = acceptor
            .local_addr()
            .first()
            .and_then(|a| a.as_socket_addr().copied())
            .ok_or_else(|| anyhow::anyhow!("no local address"))?;
        let state = Arc::new(Mutex::new(State {
            answers: answers.iter().copied().collect(),
            ..State::default()
        }));
        let app = Route::new().at("/*path", post(receive)).data(state.clone());
        let task = tokio::spawn(async move {
            let _ = Server::new_with_acceptor(acceptor).run(app).await;
        });
        Ok(Receiver {
            url: format!("http://{addr}"),
            state,
            task,
        })
    }

    /// Answers every request after `delay` (a slow receiver).
    pub fn set_delay(&self, delay: Duration) {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).delay = delay;
    }

    /// The requests so far, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .log
            .clone()
    }

    /// Waits until at least `n` requests arrived (panics after `within`).
    pub async fn wait_for(&self, n: usize, within: Duration) -> Vec<Received> {
        let until = Instant::now() + within;
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            assert!(
                Instant::now() < until,
                "{} of {n} notification requests within {within:?}",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
