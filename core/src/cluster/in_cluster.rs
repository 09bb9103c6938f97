//! The pod's own ServiceAccount as a fabric's cluster connection ("in cluster").
//!
//! When HNP runs inside the fabric's Kubernetes cluster (`docker/kubernetes/`), a fabric can
//! read the cluster with the credentials Kubernetes mounts into every pod instead of a stored
//! token or kubeconfig: the API server from `KUBERNETES_SERVICE_HOST` / `KUBERNETES_SERVICE_PORT`,
//! and from the service-account directory (`/var/run/secrets/kubernetes.io/serviceaccount`, or
//! `HNP_SERVICEACCOUNT_DIR`) the bearer token (`token`), the cluster CA (`ca.crt`) and the pod's
//! namespace (`namespace`). Nothing secret is stored: the fabric keeps the marker
//! [`IN_CLUSTER`] as its API server, and the token file is read again for every client (the
//! kubelet rotates projected tokens). TLS verification against `ca.crt` is always on.
//!
//! The files are limited in size and the variables checked before use; errors name the variable
//! or file at fault and never contain the token.

use std::path::{Path, PathBuf};

use hnp_entity::fabric;

use crate::error::{Error, Result};

use super::connection::{pem_certificates, validate_server};

/// Stored as `fabrics.kubernetes_server` for an in-cluster connection (not a URL: it can never
/// be given as `--server`/`apiServer`, which must start with `https://` or `http://`).
pub const IN_CLUSTER: &str = "in-cluster";
/// Where Kubernetes mounts a pod's service account.
pub const DEFAULT_DIR: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
/// Overrides [`DEFAULT_DIR`] (tests, or a token mounted elsewhere).
pub const DIR_VARIABLE: &str = "HNP_SERVICEACCOUNT_DIR";
const HOST_VARIABLE: &str = "KUBERNETES_SERVICE_HOST";
const PORT_VARIABLE: &str = "KUBERNETES_SERVICE_PORT";
/// Largest token file read (projected tokens are ~1 KiB).
const TOKEN_LIMIT: u64 = 64 * 1024;
/// Largest `ca.crt` read.
const CA_LIMIT: u64 = 1024 * 1024;
/// Largest `namespace` file read.
const NAMESPACE_LIMIT: u64 = 253;

/// Whether the fabric reads its cluster with the pod's service account.
pub fn is_in_cluster(fabric: &fabric::Model) -> bool {
    fabric.kubernetes_server.as_deref() == Some(IN_CLUSTER)
}

/// The service-account directory: `HNP_SERVICEACCOUNT_DIR` when set and not empty, else
/// [`DEFAULT_DIR`].
pub fn service_account_dir() -> PathBuf {
    std::env::var_os(DIR_VARIABLE)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DIR))
}

/// Whether this process looks like it runs in a pod (the API server variable is set).
pub fn available() -> bool {
    std::env::var_os(HOST_VARIABLE).is_some_and(|v| !v.is_empty())
}

/// The API server URL from `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT`.
pub fn server_url() -> Result<String> {
    let host = std::env::var(HOST_VARIABLE)
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .ok_or_else(|| {
            Error::validation(
                HOST_VARIABLE,
                "not set: an in-cluster connection works only in a process running in a \
                 Kubernetes pod",
            )
        })?;
    let port = std::env::var(PORT_VARIABLE)
        .ok()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "443".to_owned());
    port.parse::<u16>()
        .ok()
        .filter(|p| *p != 0)
        .ok_or_else(|| {
            Error::validation(PORT_VARIABLE, format!("{port:?} is not a port number"))
        })?;
    if host.contains(['/', '@', '?', '#', ' ']) {
        return Err(Error::validation(
            HOST_VARIABLE,
            format!("{host:?} is not a host name or address"),
        ));
    }
    // An IPv6 address goes in brackets.
    let host = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host
    };
    validate_server(&format!("https://{host}:{port}"))
        .map_err(|e| Error::validation(HOST_VARIABLE, e.to_string()))
}

/// Reads `dir/name` (at most `limit` bytes, UTF-8); the error names the file.
fn read_limited(dir: &Path, name: &str, limit: u64) -> Result<String> {
    use std::io::Read as _;
    let path = dir.join(name);
    let shown = path.display().to_string();
    let file = std::fs::File::open(&path).map_err(|e| {
        Error::validation(
            &shown,
            format!("cannot be read ({e}); is the pod's service account token mounted?"),
        )
    })?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::validation(&shown, format!("cannot be read ({e})")))?;
    if bytes.len() as u64 > limit {
        return Err(Error::validation(
            &shown,
            format!("is larger than {limit} bytes"),
        ));
    }
    String::from_utf8(bytes).map_err(|_| Error::validation(&shown, "is not UTF-8"))
}

/// The pod's namespace (`namespace` in the service-account directory), when readable.
pub fn pod_namespace() -> Option<String> {
    read_limited(&service_account_dir(), "namespace", NAMESPACE_LIMIT)
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// A kube-rs configuration for the pod's service account: API server from the environment,
/// `ca.crt` as the only trusted root, the token file's content as bearer token.
pub fn config() -> Result<kube::Config> {
    let server = server_url()?;
    let dir = service_account_dir();
    let token = read_limited(&dir, "token", TOKEN_LIMIT)?;
    let token = token.trim();
    let token_file = dir.join("token").display().to_string();
    if token.is_empty() {
        return Err(Error::validation(&token_file, "is empty"));
    }
    if token.chars().any(|c| c.is_control() || c == ' ') {
        return Err(Error::validation(
            &token_file,
            "contains spaces or control characters",
        ));
    }
    let ca_file = dir.join("ca.crt").display().to_string();
    let ca = read_limited(&dir, "ca.crt", CA_LIMIT)?;
    let roots = pem_certificates(&ca, &ca_file)?;
    let uri: http::Uri = server
        .parse()
        .map_err(|e| Error::validation(HOST_VARIABLE, format!("{e}")))?;
    let mut config = kube::Config::new(uri);
    config.root_cert = Some(roots);
    config.accept_invalid_certs = false;
    config.auth_info.token = Some(token.to_owned().into());
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_limited_and_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_limited(dir.path(), "token", 10)
            .unwrap_err()
            .to_string();
        assert!(err.contains("token"), "{err}");
        std::fs::write(dir.path().join("token"), "x".repeat(11)).unwrap();
        let err = read_limited(dir.path(), "token", 10)
            .unwrap_err()
            .to_string();
        assert!(err.contains("larger than 10 bytes"), "{err}");
        assert!(!err.contains("xxxxxxxxxxx"), "{err}");
        std::fs::write(dir.path().join("token"), "abc\n").unwrap();
        assert_eq!(read_limited(dir.path(), "token", 10).unwrap(), "abc\n");
    }

    #[test]
    fn the_marker_is_not_a_server_url() {
        assert!(validate_server(IN_CLUSTER).is_err());
    }
}
