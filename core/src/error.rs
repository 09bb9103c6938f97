//! The error type of `core`.
//!
//! Policy: every variant means something to a caller (the API maps each one to an
//! `extensions.code`, the CLI to a message and exit code). Messages name the field, file or
//! setting at fault and never contain secret values.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum Error {
    /// Configuration is missing, malformed or contradictory.
    #[error("configuration error: {0}")]
    Config(String),
    /// Input failed validation; `field` names the offending field.
    #[error("{field}: {message}")]
    Validation { field: String, message: String },
    /// Input failed validation in several places (schema validation of a resource).
    #[error("{}", join_problems(.0))]
    Invalid(Vec<Problem>),
    /// A referenced object does not exist.
    #[error("{what} not found")]
    NotFound { what: String },
    /// A uniqueness rule would be broken.
    #[error("{0}")]
    AlreadyExists(String),
    /// Credentials were wrong or missing.
    #[error("authentication failed")]
    Unauthenticated,
    /// The caller is known but not allowed.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// A feature flag turns this capability off (globally or for the fabric).
    #[error("feature disabled: {0}")]
    FeatureDisabled(String),
    /// A stored secret could not be decrypted (wrong key, corrupted value).
    #[error("vault: {0}")]
    Vault(String),
    /// Database failure.
    #[error("database error: {0}")]
    Database(#[from] sea_orm::DbErr),
    /// A git remote or the local git cache failed (auth, network, not found, …).
    #[error("git: {0}")]
    Git(#[from] crate::git::GitError),
    /// File-system failure; the message names the path.
    #[error("{0}")]
    Io(String),
    /// The fabric's Kubernetes cluster failed (not configured, credentials refused, unreachable).
    #[error("cluster: {0}")]
    Cluster(#[from] crate::cluster::ClusterError),
    /// The background job queue cannot be reached (Redis down); reads keep working.
    #[error("background jobs are unavailable: {0}")]
    JobsUnavailable(String),
    /// The GitHub API refused or failed a request (missing permission, not found, …); the
    /// message names the repository and what is missing.
    #[error("GitHub: {message}")]
    GitHub {
        status: Option<u16>,
        message: String,
    },
    /// GitHub's rate limit (primary or secondary) asks us to wait longer than we may block;
    /// retry after `retry_after_secs`.
    #[error("GitHub rate limit: {message} (retry in {retry_after_secs} s)")]
    RateLimited {
        message: String,
        retry_after_secs: u64,
    },
}

impl Error {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Error::NotFound { what: what.into() }
    }

    /// An I/O error with the path it concerns.
    pub fn io(path: &std::path::Path, err: std::io::Error) -> Self {
        Error::Io(format!("{}: {err}", path.display()))
    }

    /// Stable machine-readable code (used as GraphQL `extensions.code`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Config(_) => "CONFIGURATION_ERROR",
            Error::Validation { .. } | Error::Invalid(_) => "VALIDATION_FAILED",
            Error::NotFound { .. } => "NOT_FOUND",
            Error::AlreadyExists(_) => "ALREADY_EXISTS",
            Error::Unauthenticated => "UNAUTHENTICATED",
            Error::Forbidden(_) => "FORBIDDEN",
            Error::FeatureDisabled(_) => "FEATURE_DISABLED",
            Error::Vault(_) => "VAULT_ERROR",
            Error::Database(_) => "DATABASE_ERROR",
            Error::Git(crate::git::GitError::Auth(_)) => "GIT_AUTH_FAILED",
            Error::Git(crate::git::GitError::NonFastForward { .. }) => "CONFLICT",
            Error::Git(_) => "GIT_ERROR",
            Error::Io(_) => "IO_ERROR",
            Error::JobsUnavailable(_) => "JOBS_UNAVAILABLE",
            Error::Cluster(crate::cluster::ClusterError::NotConfigured(_)) => {
                "CLUSTER_NOT_CONFIGURED"
            }
            Error::Cluster(crate::cluster::ClusterError::Auth(_)) => "CLUSTER_AUTH_FAILED",
            Error::Cluster(crate::cluster::ClusterError::Api(_)) => "CLUSTER_ERROR",
            Error::GitHub { .. } => "GITHUB_ERROR",
            Error::RateLimited { .. } => "RATE_LIMITED",
        }
    }
}

/// One field-level problem: `path` is a dotted field path such as `spec.subnets.default.vlan`.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

fn join_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(Problem::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
