//! Jobs settings: schedules, namespace, lease and polling intervals (environment).

use super::*;

/// Cron schedules (6 fields, seconds first, UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedules {
    pub detect: String,
    pub cleanup: String,
    pub cluster: String,
}

impl Default for Schedules {
    fn default() -> Self {
        Schedules {
            detect: "0 */2 * * * *".to_owned(),
            cleanup: "0 0 2 * * *".to_owned(),
            cluster: "0 */5 * * * *".to_owned(),
        }
    }
}

impl Schedules {
    /// `HNP_DETECT_SCHEDULE` / `HNP_CLEANUP_SCHEDULE`, else the defaults; both are parsed.
    pub fn from_env() -> Result<Self> {
        let mut s = Schedules::default();
        if let Ok(v) = std::env::var("HNP_DETECT_SCHEDULE")
            && !v.trim().is_empty()
        {
            s.detect = v.trim().to_owned();
        }
        if let Ok(v) = std::env::var("HNP_CLEANUP_SCHEDULE")
            && !v.trim().is_empty()
        {
            s.cleanup = v.trim().to_owned();
        }
        if let Ok(v) = std::env::var("HNP_CLUSTER_SCHEDULE")
            && !v.trim().is_empty()
        {
            s.cluster = v.trim().to_owned();
        }
        parse_schedule("HNP_DETECT_SCHEDULE", &s.detect)?;
        parse_schedule("HNP_CLEANUP_SCHEDULE", &s.cleanup)?;
        parse_schedule("HNP_CLUSTER_SCHEDULE", &s.cluster)?;
        Ok(s)
    }
}

/// A positive number of milliseconds from `name`, if set.
pub(crate) fn env_millis(name: &str) -> Result<Option<Duration>> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => match v.trim().parse::<u64>() {
            Ok(ms) if ms > 0 => Ok(Some(Duration::from_millis(ms))),
            _ => Err(JobsError::Config(format!(
                "{name}: expected a positive number of milliseconds, got {v:?}"
            ))),
        },
        _ => Ok(None),
    }
}

pub(crate) fn parse_schedule(name: &str, expr: &str) -> Result<cron::Schedule> {
    expr.parse::<cron::Schedule>()
        .map_err(|e| JobsError::Config(format!("{name}: invalid cron expression {expr:?}: {e}")))
}

/// Settings of a [`Jobs`] instance.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Redis key prefix / queue namespace.
    pub namespace: String,
    pub schedules: Schedules,
    /// How often an idle worker looks for new Redis tasks.
    pub poll_interval: Duration,
    /// Fabric lease time-to-live (renewed every third of it while an operation runs).
    pub lock_ttl: Duration,
    /// How long a sync job waits for its fabric's lease before re-queueing itself.
    pub lock_wait: Duration,
    /// How often `run_workers` reaps operations left running by dead workers.
    pub reap_interval: Duration,
    /// How often an idle notification delivery pass runs (a full one runs again at once).
    pub notify_interval: Duration,
    /// Events dispatched and attempts claimed per delivery pass.
    pub notify_batch: u64,
    /// Attempts in flight at once per pass.
    pub notify_concurrency: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            namespace: "hnp".to_owned(),
            schedules: Schedules::default(),
            poll_interval: Duration::from_millis(500),
            lock_ttl: Duration::from_secs(30),
            lock_wait: Duration::from_secs(120),
            reap_interval: Duration::from_secs(30),
            notify_interval: Duration::from_secs(1),
            notify_batch: 200,
            notify_concurrency: 16,
        }
    }
}

impl Settings {
    /// Defaults with `HNP_JOBS_NAMESPACE` and the schedules from the environment.
    pub fn from_env() -> Result<Self> {
        let mut s = Settings {
            schedules: Schedules::from_env()?,
            ..Settings::default()
        };
        if let Ok(ns) = std::env::var("HNP_JOBS_NAMESPACE")
            && !ns.trim().is_empty()
        {
            s.namespace = ns.trim().to_owned();
        }
        for (name, field) in [
            ("HNP_JOBS_LOCK_TTL_MS", &mut s.lock_ttl),
            ("HNP_JOBS_REAP_INTERVAL_MS", &mut s.reap_interval),
            ("HNP_JOBS_POLL_INTERVAL_MS", &mut s.poll_interval),
            ("HNP_NOTIFY_INTERVAL_MS", &mut s.notify_interval),
        ] {
            if let Some(ms) = env_millis(name)? {
                *field = ms;
            }
        }
        Ok(s)
    }
}
