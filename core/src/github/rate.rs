//! GitHub rate limits: the `x-ratelimit-*` headers of every response, the wait before a
//! request when the remaining budget is (nearly) spent, and secondary rate limits.
//!
//! Primary limit: each response says how many requests are left until `reset` (unix seconds).
//! When `remaining` is at or below [`RESERVE`], the next request waits until the reset instead
//! of spending the last ones (other users of the same token keep a little room). Secondary
//! limit: a 403 or 429 with `retry-after`, or a 403 whose message mentions a secondary rate
//! limit, is retried after the advised delay (`retry-after`, else until `x-ratelimit-reset`,
//! else one minute). Waits longer than the client's bound become [`crate::Error::RateLimited`]
//! so a job retries later instead of holding a worker.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// Requests kept in reserve: at or below this many remaining, wait for the reset.
pub const RESERVE: u64 = 5;
/// Default of the longest wait a request may block for (longer → `RateLimited`).
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(60);
/// Delay of a secondary rate limit that advises none (GitHub: "wait at least one minute").
pub const SECONDARY_DEFAULT_DELAY: Duration = Duration::from_secs(60);

/// The rate-limit headers of one response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimit {
    pub remaining: u64,
    pub limit: u64,
    #[serde(default)]
    pub used: Option<u64>,
    /// When the window resets (unix seconds).
    pub reset: i64,
    /// `core`, `search`, `graphql`, … when the server says.
    #[serde(default)]
    pub resource: Option<String>,
    /// When we saw it.
    pub observed_at: DateTime<Utc>,
}

impl RateLimit {
    /// Reads `x-ratelimit-remaining/limit/reset/used/resource`; `None` when the response has
    /// no (complete) rate-limit headers.
    pub fn from_headers(headers: &http::HeaderMap) -> Option<RateLimit> {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let number = |name: &str| text(name).and_then(|v| v.trim().parse::<i64>().ok());
        let remaining = number("x-ratelimit-remaining")?;
        let limit = number("x-ratelimit-limit")?;
        let reset = number("x-ratelimit-reset")?;
        Some(RateLimit {
            remaining: remaining.max(0) as u64,
            limit: limit.max(0) as u64,
            used: number("x-ratelimit-used").map(|u| u.max(0) as u64),
            reset,
            resource: text("x-ratelimit-resource").map(str::to_owned),
            observed_at: Utc::now(),
        })
    }

    /// The reset instant.
    pub fn reset_at(&self) -> Option<DateTime<Utc>> {
        Utc.timestamp_opt(self.reset, 0).single()
    }

    /// How long to wait before the next request: until the reset when the remaining budget is
    /// at or below `reserve` and the reset is still ahead; zero otherwise.
    pub fn wait_before_next(&self, reserve: u64, now: DateTime<Utc>) -> Duration {
        if self.remaining > reserve {
            return Duration::ZERO;
        }
        let Some(reset) = self.reset_at() else {
            return Duration::ZERO;
        };
        (reset - now).to_std().unwrap_or(Duration::ZERO)
    }
}

/// The delay a secondary-rate-limit response advises, or `None` when the response is not one.
/// `status` 403/429 with `retry-after` (seconds), or 403/429 whose body message mentions a
/// secondary rate limit / abuse detection (delay: until `x-ratelimit-reset` when remaining is
/// 0, else [`SECONDARY_DEFAULT_DELAY`]).
pub fn secondary_delay(
    status: u16,
    headers: &http::HeaderMap,
    message: &str,
    now: DateTime<Utc>,
) -> Option<Duration> {
    if status != 403 && status != 429 {
        return None;
    }
    if let Some(seconds) = headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return Some(Duration::from_secs(seconds));
    }
    let lower = message.to_ascii_lowercase();
    let secondary = lower.contains("secondary rate limit") || lower.contains("abuse detection");
    let primary_spent = RateLimit::from_headers(headers).filter(|r| r.remaining == 0);
    match (secondary, primary_spent) {
        (_, Some(limit)) if status == 429 || secondary || lower.contains("rate limit") => {
            Some(limit.wait_before_next(0, now).max(Duration::from_secs(1)))
        }
        (true, None) => Some(SECONDARY_DEFAULT_DELAY),
        _ if status == 429 => Some(SECONDARY_DEFAULT_DELAY),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, v.parse().unwrap());
        }
        map
    }

    #[test]
    fn reads_headers_and_waits_only_near_exhaustion() {
        let now = Utc.timestamp_opt(1_000_000, 0).unwrap();
        let h = headers(&[
            ("x-ratelimit-remaining", "3"),
            ("x-ratelimit-limit", "5000"),
            ("x-ratelimit-reset", "1000010"),
            ("x-ratelimit-used", "4997"),
            ("x-ratelimit-resource", "core"),
        ]);
        let limit = RateLimit::from_headers(&h).unwrap();
        assert_eq!(
            (limit.remaining, limit.limit, limit.used),
            (3, 5000, Some(4997))
        );
        assert_eq!(
            limit.wait_before_next(RESERVE, now),
            Duration::from_secs(10)
        );
        assert_eq!(limit.wait_before_next(2, now), Duration::ZERO);
        // A reset in the past never waits.
        let later = Utc.timestamp_opt(1_000_020, 0).unwrap();
        assert_eq!(limit.wait_before_next(RESERVE, later), Duration::ZERO);
        assert!(RateLimit::from_headers(&headers(&[("x-ratelimit-limit", "1")])).is_none());
    }

    #[test]
    fn secondary_limits_are_recognised() {
        let now = Utc.timestamp_opt(1_000_000, 0).unwrap();
        assert_eq!(
            secondary_delay(403, &headers(&[("retry-after", "7")]), "", now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            secondary_delay(
                403,
                &headers(&[]),
                "You have exceeded a secondary rate limit. Please wait a few minutes.",
                now
            ),
            Some(SECONDARY_DEFAULT_DELAY)
        );
        assert_eq!(
            secondary_delay(
                403,
                &headers(&[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-limit", "5000"),
                    ("x-ratelimit-reset", "1000030"),
                ]),
                "API rate limit exceeded for user ID 1.",
                now
            ),
            Some(Duration::from_secs(30))
        );
        // A plain permission error is not a rate limit.
        assert_eq!(
            secondary_delay(
                403,
                &headers(&[]),
                "Resource not accessible by integration",
                now
            ),
            None
        );
        assert_eq!(
            secondary_delay(404, &headers(&[("retry-after", "1")]), "", now),
            None
        );
    }
}
