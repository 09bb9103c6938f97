//! One HTTP attempt of a delivery: a POST with a timeout, no redirects followed and a bounded
//! read of the answer. Errors never carry the URL (a Slack URL is a credential) nor the secret.

use std::sync::OnceLock;
use std::time::Duration;

use super::render::{self, SIGNATURE_HEADER};

/// Time limit of one attempt (connect, send, answer).
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// At most this much of a receiver's answer is read (the start of it goes into the log).
pub const MAX_ANSWER_BYTES: usize = 4096;

/// The result of one HTTP attempt.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub(crate) http_status: Option<i32>,
    pub(crate) error: Option<String>,
}

impl Outcome {
    pub(crate) fn ok(&self) -> bool {
        self.error.is_none()
    }
}

fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!("hnp-sync/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new())
    })
}

/// Printable start of a receiver's answer for the log.
fn excerpt(bytes: &[u8]) -> String {
    let text: String = String::from_utf8_lossy(bytes)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect();
    text.trim().to_owned()
}

/// One POST of `body` to `url` (signed when `secret` is given). Errors never carry the URL
/// (a Slack URL is a credential) nor the secret.
pub(crate) async fn send(url: &str, body: Vec<u8>, secret: Option<&[u8]>) -> Outcome {
    let mut request = client()
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json");
    if let Some(secret) = secret {
        request = request.header(SIGNATURE_HEADER, render::signature(secret, &body));
    }
    let mut response = match request.body(body).send().await {
        Ok(r) => r,
        Err(e) => {
            let kind = if e.is_timeout() {
                "timed out"
            } else if e.is_connect() {
                "connection failed"
            } else {
                "request failed"
            };
            return Outcome {
                http_status: None,
                error: Some(format!("{kind}: {}", e.without_url())),
            };
        }
    };
    let status = response.status();
    let mut answer = Vec::new();
    while answer.len() < MAX_ANSWER_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => answer.extend_from_slice(&chunk),
            _ => break,
        }
    }
    answer.truncate(MAX_ANSWER_BYTES);
    let http_status = Some(i32::from(status.as_u16()));
    if status.is_success() {
        Outcome {
            http_status,
            error: None,
        }
    } else if status.is_redirection() {
        Outcome {
            http_status,
            error: Some(format!("HTTP {status}: redirects are not followed")),
        }
    } else {
        let text = excerpt(&answer);
        Outcome {
            http_status,
            error: Some(if text.is_empty() {
                format!("HTTP {status}")
            } else {
                format!("HTTP {status}: {text}")
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_and_printable() {
        let text = excerpt(format!("bad\n\u{1b}[31m{}", "x".repeat(500)).as_bytes());
        assert!(text.len() <= 200);
        assert!(!text.chars().any(char::is_control));
    }
}
