//! Typed configuration: defaults, then an optional TOML file, then `HNP_*` environment variables.
//!
//! Unknown keys in the file are errors (typos must not be silently ignored); unknown `HNP_*`
//! environment variables are reported as warnings at start (they may belong to a newer version).
//! Secret values are redacted from `Debug` output.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Environment variables read by the config (without the `HNP_` prefix, lower case).
const KEYS: &[&str] = &[
    "database_url",
    "redis_url",
    "listen",
    "data_dir",
    "secret_key",
    "secret_key_file",
    "bidirectional_sync_enabled",
    "directory_management_enabled",
    "conflict_resolution_enabled",
    "log_format",
    "log",
    "frontend_dir",
];

/// `HNP_*` variables that are not config keys but are still ours (CLI-level).
/// Variables read elsewhere: the config file path, and the job settings (read by `hnp-jobs`).
const OTHER_KNOWN_VARIABLES: &[&str] = &[
    "HNP_CONFIG",
    "HNP_DETECT_SCHEDULE",
    "HNP_CLEANUP_SCHEDULE",
    "HNP_CLUSTER_SCHEDULE",
    "HNP_JOBS_NAMESPACE",
    "HNP_JOBS_LOCK_TTL_MS",
    "HNP_JOBS_REAP_INTERVAL_MS",
    "HNP_JOBS_POLL_INTERVAL_MS",
    // The service-account directory of an in-cluster connection (`cluster::in_cluster`).
    "HNP_SERVICEACCOUNT_DIR",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// A string that never shows up in `Debug` output.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct SecretString(String);

impl SecretString {
    pub fn new(value: impl Into<String>) -> Self {
        SecretString(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        SecretString(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        SecretString(value.to_owned())
    }
}

impl std::fmt::Debug for SecretString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `sqlite://…` or `postgres://…`; default: SQLite file `hnp.sqlite` in `data_dir`.
    pub database_url: Option<String>,
    /// Redis for jobs, locks and progress; unset = embedded, in-process.
    pub redis_url: Option<String>,
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    /// Base64 of a 32-byte key for the credentials vault.
    pub secret_key: Option<SecretString>,
    /// File holding the base64 key; generated (mode 0600) in `data_dir` when neither is set.
    pub secret_key_file: Option<PathBuf>,
    pub bidirectional_sync_enabled: bool,
    pub directory_management_enabled: bool,
    pub conflict_resolution_enabled: bool,
    pub log_format: LogFormat,
    /// tracing filter directive, e.g. `info` or `hnp_core=debug,info`.
    pub log: String,
    /// Built SPA assets; default `frontend/dist`.
    pub frontend_dir: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: None,
            redis_url: None,
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./.hnp-data"),
            secret_key: None,
            secret_key_file: None,
            bidirectional_sync_enabled: true,
            directory_management_enabled: true,
            conflict_resolution_enabled: true,
            log_format: LogFormat::Text,
            log: "info,sea_orm_migration=warn".to_owned(),
            frontend_dir: None,
        }
    }
}

/// A loaded configuration plus what was noticed while loading it.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    /// Human-readable warnings (unknown variables, …) to log once logging is set up.
    pub warnings: Vec<String>,
}

impl Config {
    /// Loads defaults → `file` (if given) → the process environment.
    pub fn load(file: Option<&Path>) -> Result<Loaded> {
        Self::load_from(file, std::env::vars())
    }

    /// Like [`Config::load`] with an explicit environment (for tests).
    pub fn load_from(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Loaded> {
        let env: Vec<(String, String)> = env.into_iter().collect();
        let mut warnings = Vec::new();
        for (name, _) in &env {
            if let Some(key) = name.strip_prefix("HNP_")
                && !KEYS.contains(&key.to_ascii_lowercase().as_str())
                && !OTHER_KNOWN_VARIABLES.contains(&name.as_str())
            {
                warnings.push(format!(
                    "unknown environment variable {name} is ignored (known: {})",
                    KEYS.iter()
                        .map(|k| format!("HNP_{}", k.to_ascii_uppercase()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }

        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            if !path.is_file() {
                return Err(Error::Config(format!(
                    "config file {} does not exist",
                    path.display()
                )));
            }
            figment = figment.merge(Toml::file_exact(path));
        }
        let env_map: std::collections::BTreeMap<String, String> = env
            .into_iter()
            .filter_map(|(name, value)| {
                let key = name.strip_prefix("HNP_")?.to_ascii_lowercase();
                KEYS.contains(&key.as_str()).then_some((key, value))
            })
            .collect();
        figment = figment.merge(env_layer(&env_map));
        let config: Config = figment
            .extract()
            .map_err(|e| Error::Config(describe_figment_error(e)))?;
        config.validate()?;
        Ok(Loaded { config, warnings })
    }

    fn validate(&self) -> Result<()> {
        if let Some(url) = &self.database_url
            && !(url.starts_with("sqlite:")
                || url.starts_with("postgres://")
                || url.starts_with("postgresql://"))
        {
            return Err(Error::Config(
                "HNP_DATABASE_URL: must start with sqlite:, postgres:// or postgresql://"
                    .to_owned(),
            ));
        }
        if let Some(url) = &self.redis_url
            && !(url.starts_with("redis://") || url.starts_with("rediss://"))
        {
            return Err(Error::Config(
                "HNP_REDIS_URL: must start with redis:// or rediss://".to_owned(),
            ));
        }
        if self.secret_key.is_some() && self.secret_key_file.is_some() {
            return Err(Error::Config(
                "HNP_SECRET_KEY and HNP_SECRET_KEY_FILE are both set: set only one".to_owned(),
            ));
        }
        if self.log.trim().is_empty() {
            return Err(Error::Config("HNP_LOG: must not be empty".to_owned()));
        }
        Ok(())
    }

    /// The database URL to connect to (explicit, or the SQLite file in the data dir).
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("hnp.sqlite").display()
            ),
        }
    }

    /// Creates the data directory if needed.
    pub fn ensure_data_dir(&self) -> Result<()> {
        std::fs::create_dir_all(&self.data_dir).map_err(|e| Error::io(&self.data_dir, e))
    }
}

/// Turns a figment error into one line naming the key (as an `HNP_` variable) and the problem.
fn describe_figment_error(error: figment::Error) -> String {
    error
        .into_iter()
        .map(|e| {
            let key = e
                .path
                .first()
                .map(|k| format!("HNP_{} / `{k}`", k.to_ascii_uppercase()))
                .unwrap_or_else(|| "config".to_owned());
            format!("{key}: {}", e.kind)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Environment values as a figment layer; values are parsed like figment's `Env` provider does
/// (`true` → bool, `120` → integer, other text → string). Empty variables count as unset.
fn env_layer(map: &std::collections::BTreeMap<String, String>) -> Figment {
    let mut figment = Figment::new();
    for (key, value) in map.iter().filter(|(_, v)| !v.is_empty()) {
        let parsed: figment::value::Value = value
            .parse()
            .unwrap_or_else(|_| figment::value::Value::from(value.clone()));
        figment = figment.merge(Serialized::default(key, parsed));
    }
    figment
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn defaults_when_nothing_is_set() {
        let loaded = Config::load_from(None, env(&[])).unwrap();
        assert_eq!(loaded.config, Config::default());
        assert!(loaded.warnings.is_empty());
        assert!(
            loaded
                .config
                .effective_database_url()
                .ends_with(".hnp-data/hnp.sqlite?mode=rwc")
        );
    }

    #[test]
    fn env_overrides_file_and_types_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("hnp.toml");
        std::fs::write(&file, "listen = \"0.0.0.0:9000\"\nlog_format = \"json\"\n").unwrap();
        let loaded = Config::load_from(
            Some(&file),
            env(&[
                ("HNP_LISTEN", "127.0.0.1:9100"),
                ("HNP_BIDIRECTIONAL_SYNC_ENABLED", "false"),
                ("HNP_UNRELATED", "x"),
                ("PATH", "/bin"),
            ]),
        )
        .unwrap();
        assert_eq!(loaded.config.listen.port(), 9100);
        assert_eq!(loaded.config.log_format, LogFormat::Json);
        assert!(!loaded.config.bidirectional_sync_enabled);
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0].contains("HNP_UNRELATED"));

        let err = Config::load_from(None, env(&[("HNP_LISTEN", "not-an-address")])).unwrap_err();
        assert!(err.to_string().contains("HNP_LISTEN"), "{err}");
        let err = Config::load_from(None, env(&[("HNP_LOG_FORMAT", "xml")])).unwrap_err();
        assert!(err.to_string().contains("HNP_LOG_FORMAT"), "{err}");
    }

    #[test]
    fn unknown_file_keys_and_contradictions_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("hnp.toml");
        std::fs::write(&file, "lissten = \"0.0.0.0:9000\"\n").unwrap();
        let err = Config::load_from(Some(&file), env(&[])).unwrap_err();
        assert!(err.to_string().contains("lissten"), "{err}");

        let err = Config::load_from(
            None,
            env(&[("HNP_SECRET_KEY", "a"), ("HNP_SECRET_KEY_FILE", "/x")]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("both set"), "{err}");
        let err = Config::load_from(None, env(&[("HNP_DATABASE_URL", "mysql://x")])).unwrap_err();
        assert!(err.to_string().contains("HNP_DATABASE_URL"), "{err}");
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let loaded =
            Config::load_from(None, env(&[("HNP_SECRET_KEY", "c3VwZXJzZWNyZXQ=")])).unwrap();
        let shown = format!("{:?}", loaded.config);
        assert!(!shown.contains("c3VwZXJzZWNyZXQ="));
        assert!(shown.contains("redacted"));
    }
}
