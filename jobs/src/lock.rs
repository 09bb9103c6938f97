//! Leases with expiry and renewal: per-fabric operation locks, detection check locks, cron tick
//! claims and small shared values (attempt counters).
//!
//! Redis: `SET key token NX PX ttl`, renewed by a task every `ttl / 3` with a compare-and-expire
//! script and released with compare-and-delete, so a worker never releases or extends a lease it
//! lost. Chosen over PostgreSQL advisory locks because advisory locks are tied to one database
//! session (a pooled connection would have to be pinned for the whole run, and SQLite has none)
//! while Redis leases expire by themselves when a worker dies, which is what reaping relies on.
//!
//! Embedded: the same semantics in a process-local map (a single process owns all work).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::aio::ConnectionManager;

const RENEW_SCRIPT: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0";

const RELEASE_SCRIPT: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0";

type LocalMap = Arc<Mutex<HashMap<String, (String, Instant)>>>;

/// Where leases live.
#[derive(Clone)]
pub(crate) enum Leases {
    Redis(ConnectionManager),
    Local(LocalMap),
}

/// A held lease; renewed in the background until released or dropped.
pub(crate) struct Lease {
    leases: Leases,
    key: String,
    token: String,
    renew: Option<tokio::task::JoinHandle<()>>,
    released: bool,
}

impl Leases {
    pub(crate) fn local() -> Self {
        Leases::Local(Arc::default())
    }

    /// Takes `key` for `ttl` if nobody holds it. `renew`: keep extending it until released.
    pub(crate) async fn try_acquire(
        &self,
        key: &str,
        ttl: Duration,
        renew: bool,
    ) -> Result<Option<Lease>, String> {
        let token = uuid::Uuid::new_v4().to_string();
        let ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let acquired = match self {
            Leases::Redis(conn) => {
                let mut conn = conn.clone();
                let reply: Option<String> = redis::cmd("SET")
                    .arg(key)
                    .arg(&token)
                    .arg("NX")
                    .arg("PX")
                    .arg(ms)
                    .query_async(&mut conn)
                    .await
                    .map_err(|e| e.to_string())?;
                reply.is_some()
            }
            Leases::Local(map) => {
                let mut map = map.lock().unwrap_or_else(|p| p.into_inner());
                let now = Instant::now();
                match map.get(key) {
                    Some((_, expires)) if *expires > now => false,
                    _ => {
                        map.insert(key.to_owned(), (token.clone(), now + ttl));
                        true
                    }
                }
            }
        };
        if !acquired {
            return Ok(None);
        }
        let renew = renew.then(|| {
            let leases = self.clone();
            let key = key.to_owned();
            let token = token.clone();
            tokio::spawn(async move {
                let period = (ttl / 3).max(Duration::from_millis(50));
                loop {
                    tokio::time::sleep(period).await;
                    match leases.renew(&key, &token, ttl).await {
                        Ok(true) => {}
                        Ok(false) => {
                            tracing::warn!(key, "lease lost before it was released");
                            return;
                        }
                        Err(e) => tracing::warn!(key, error = %e, "lease renewal failed"),
                    }
                }
            })
        });
        Ok(Some(Lease {
            leases: self.clone(),
            key: key.to_owned(),
            token,
            renew,
            released: false,
        }))
    }

    async fn renew(&self, key: &str, token: &str, ttl: Duration) -> Result<bool, String> {
        match self {
            Leases::Redis(conn) => {
                let mut conn = conn.clone();
                let ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX);
                let n: i64 = redis::Script::new(RENEW_SCRIPT)
                    .key(key)
                    .arg(token)
                    .arg(ms)
                    .invoke_async(&mut conn)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(n == 1)
            }
            Leases::Local(map) => {
                let mut map = map.lock().unwrap_or_else(|p| p.into_inner());
                match map.get_mut(key) {
                    Some((t, expires)) if t == token => {
                        *expires = Instant::now() + ttl;
                        Ok(true)
                    }
                    _ => Ok(false),
                }
            }
        }
    }

    async fn release_token(&self, key: &str, token: &str) -> Result<(), String> {
        match self {
            Leases::Redis(conn) => {
                let mut conn = conn.clone();
                let _: i64 = redis::Script::new(RELEASE_SCRIPT)
                    .key(key)
                    .arg(token)
                    .invoke_async(&mut conn)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(())
            }
            Leases::Local(map) => {
                let mut map = map.lock().unwrap_or_else(|p| p.into_inner());
                if map.get(key).is_some_and(|(t, _)| t == token) {
                    map.remove(key);
                }
                Ok(())
            }
        }
    }

    /// Whether someone holds `key` now (an expired lease is not held).
    pub(crate) async fn is_held(&self, key: &str) -> Result<bool, String> {
        match self {
            Leases::Redis(conn) => {
                let mut conn = conn.clone();
                let n: i64 = redis::cmd("EXISTS")
                    .arg(key)
                    .query_async(&mut conn)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(n == 1)
            }
            Leases::Local(map) => {
                let map = map.lock().unwrap_or_else(|p| p.into_inner());
                Ok(map.get(key).is_some_and(|(_, e)| *e > Instant::now()))
            }
        }
    }
}

impl Lease {
    /// Gives the lease back (only if still ours).
    pub(crate) async fn release(mut self) {
        self.released = true;
        if let Some(renew) = self.renew.take() {
            renew.abort();
        }
        if let Err(e) = self.leases.release_token(&self.key, &self.token).await {
            tracing::warn!(key = self.key, error = %e, "lease release failed; it will expire");
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(renew) = self.renew.take() {
            renew.abort();
        }
        if !self.released {
            let leases = self.leases.clone();
            let key = std::mem::take(&mut self.key);
            let token = std::mem::take(&mut self.token);
            if let Ok(handle) = tokio::runtime::Handle::try_current() {
                handle.spawn(async move {
                    let _ = leases.release_token(&key, &token).await;
                });
            }
        }
    }
}
