//! A fabric's cluster connection: stored settings (secrets vault-encrypted), the kube-rs client
//! built from them, and the connection test.
//!
//! Two shapes: an API server URL with an optional CA certificate and a bearer token, or a whole
//! kubeconfig (with an optional context). TLS verification is on unless the fabric turns it off
//! explicitly; that, and a plain `http://` server, are reported as warnings wherever the
//! connection is shown. Tokens and kubeconfigs are never returned or logged.

use chrono::Utc;
use hnp_entity::fabric;
use sea_orm::{ActiveModelTrait, Set};

use crate::audit::{self, Actor};
use crate::context::Core;
use crate::error::{Error, Result};

use super::in_cluster;
use super::kubeconfig;

/// Vault purpose of `fabrics.encrypted_kubernetes_token` (see `secrets::SECRET_COLUMNS`).
pub const TOKEN_PURPOSE: &str = "fabric.kubernetes_token";
/// Vault purpose of `fabrics.encrypted_kubeconfig`.
pub const KUBECONFIG_PURPOSE: &str = "fabric.kubeconfig";
/// Namespace read when none is configured.
pub const DEFAULT_NAMESPACE: &str = "default";

/// New cluster settings for a fabric.
#[derive(Clone)]
pub enum ClusterInput {
    /// API server URL, optional CA (PEM), bearer token.
    Server {
        api_server: String,
        ca_cert: Option<String>,
        /// `None` keeps the stored token (when the server stays a token-based one).
        token: Option<String>,
        namespace: Option<String>,
        insecure_skip_tls_verify: bool,
    },
    /// A kubeconfig file's content and the context to use (default: its current context).
    Kubeconfig {
        content: String,
        context: Option<String>,
        namespace: Option<String>,
    },
    /// The pod's own service account (see [`in_cluster`]): nothing secret is stored.
    /// `namespace` defaults to the pod's namespace, else `default`.
    InCluster { namespace: Option<String> },
}

impl std::fmt::Debug for ClusterInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClusterInput::Server {
                api_server,
                namespace,
                insecure_skip_tls_verify,
                token,
                ca_cert,
            } => f
                .debug_struct("Server")
                .field("api_server", api_server)
                .field("ca_cert", &ca_cert.as_ref().map(|_| "<pem>"))
                .field("token", &token.as_ref().map(|_| "<redacted>"))
                .field("namespace", namespace)
                .field("insecure_skip_tls_verify", insecure_skip_tls_verify)
                .finish(),
            ClusterInput::Kubeconfig {
                context, namespace, ..
            } => f
                .debug_struct("Kubeconfig")
                .field("content", &"<redacted>")
                .field("context", context)
                .field("namespace", namespace)
                .finish(),
            ClusterInput::InCluster { namespace } => f
                .debug_struct("InCluster")
                .field("namespace", namespace)
                .finish(),
        }
    }
}

/// Whether the fabric has a cluster connection (in-cluster ones included).
pub fn is_configured(fabric: &fabric::Model) -> bool {
    fabric.kubernetes_server.is_some() || fabric.encrypted_kubeconfig.is_some()
}

/// Warnings about how the fabric's connection is secured (shown with the connection).
pub fn warnings(fabric: &fabric::Model) -> Vec<String> {
    let mut out = Vec::new();
    if fabric.kubernetes_insecure_skip_tls_verify {
        out.push(
            "TLS verification of the cluster API server is disabled for this fabric".to_owned(),
        );
    }
    if fabric
        .kubernetes_server
        .as_deref()
        .is_some_and(|s| s.starts_with("http://"))
    {
        out.push(
            "the cluster API server is plain http://: the bearer token travels unencrypted"
                .to_owned(),
        );
    }
    out
}

fn validate_namespace(namespace: Option<&str>) -> Result<String> {
    let ns = namespace
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_NAMESPACE);
    let valid = ns.len() <= 63
        && ns
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !ns.starts_with('-')
        && !ns.ends_with('-');
    if !valid {
        return Err(Error::validation(
            "kubernetes.namespace",
            format!(
                "{ns:?} is not a valid namespace (lowercase letters, digits and '-', at most 63)"
            ),
        ));
    }
    Ok(ns.to_owned())
}

pub(crate) fn validate_server(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/').to_owned();
    let uri: http::Uri = url.parse().map_err(|e| {
        let shown = if url.contains('@') {
            "the value"
        } else {
            url.as_str()
        };
        Error::validation(
            "kubernetes.apiServer",
            format!("{shown:?} is not a URL: {e}"),
        )
    })?;
    match uri.scheme_str() {
        Some("https") | Some("http") => {}
        _ => {
            return Err(Error::validation(
                "kubernetes.apiServer",
                format!("{url:?} must start with https:// (or http://)"),
            ));
        }
    }
    if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
        return Err(Error::validation(
            "kubernetes.apiServer",
            "must not contain credentials (user:password@); give a token instead",
        ));
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(Error::validation(
            "kubernetes.apiServer",
            format!("{url:?} has no host"),
        ));
    }
    Ok(url)
}

/// Whether two URLs have the same scheme, host and port (where a stored credential may go).
pub fn same_origin(a: &str, b: &str) -> bool {
    let origin = |url: &str| {
        let uri: http::Uri = url.trim().parse().ok()?;
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let host = uri.host()?.to_ascii_lowercase();
        let port = uri
            .port_u16()
            .unwrap_or(if scheme == "http" { 80 } else { 443 });
        Some((scheme, host, port))
    };
    matches!((origin(a), origin(b)), (Some(x), Some(y)) if x == y)
}

/// DER bodies of every certificate in a PEM bundle.
pub(crate) fn pem_certificates(pem: &str, field: &str) -> Result<Vec<Vec<u8>>> {
    use base64::Engine as _;
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let mut out = Vec::new();
    let mut rest = pem;
    while let Some(start) = rest.find(BEGIN) {
        let after = &rest[start + BEGIN.len()..];
        let Some(end) = after.find(END) else {
            return Err(Error::validation(field, "unterminated PEM certificate"));
        };
        let body: String = after[..end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let der = base64::engine::general_purpose::STANDARD
            .decode(body)
            .map_err(|e| Error::validation(field, format!("bad PEM certificate: {e}")))?;
        out.push(der);
        rest = &after[end + END.len()..];
    }
    if out.is_empty() {
        return Err(Error::validation(
            field,
            "no PEM certificate (-----BEGIN CERTIFICATE-----) found",
        ));
    }
    Ok(out)
}

/// Stores `input` as the fabric's cluster connection (replacing the other shape's settings).
/// Returns the updated fabric and the connection's warnings. Audited without secrets.
pub async fn set_cluster(
    core: &Core,
    fabric: &fabric::Model,
    input: ClusterInput,
    actor: &Actor,
) -> Result<(fabric::Model, Vec<String>)> {
    let mut active: fabric::ActiveModel = fabric.clone().into();
    let summary;
    let mut extra_warnings = Vec::new();
    match input {
        ClusterInput::Server {
            api_server,
            ca_cert,
            token,
            namespace,
            insecure_skip_tls_verify,
        } => {
            let server = validate_server(&api_server)?;
            let namespace = validate_namespace(namespace.as_deref())?;
            let ca_cert = ca_cert
                .map(|pem| pem.trim().to_owned())
                .filter(|pem| !pem.is_empty());
            if let Some(pem) = &ca_cert {
                pem_certificates(pem, "kubernetes.caCert")?;
            }
            let token = token.map(|t| t.trim().to_owned());
            let encrypted_token = match token {
                Some(t) if t.is_empty() => {
                    return Err(Error::validation("kubernetes.token", "must not be empty"));
                }
                Some(t) => {
                    if t.chars().any(|c| c.is_control() || c == ' ') {
                        return Err(Error::validation(
                            "kubernetes.token",
                            "must not contain spaces or control characters",
                        ));
                    }
                    Some(core.vault.encrypt_str(TOKEN_PURPOSE, &t)?)
                }
                // A stored token is only ever sent to the server it was saved for.
                None => match &fabric.kubernetes_server {
                    Some(stored) if same_origin(stored, &server) => {
                        fabric.encrypted_kubernetes_token.clone()
                    }
                    Some(stored) if fabric.encrypted_kubernetes_token.is_some() => {
                        return Err(Error::validation(
                            "kubernetes.token",
                            format!(
                                "the API server changes from {stored} to {server}: supply the \
                                 token again (a stored token is only sent to the server it was \
                                 saved for)"
                            ),
                        ));
                    }
                    _ => None,
                },
            };
            if encrypted_token.is_none() {
                return Err(Error::validation(
                    "kubernetes.token",
                    "a bearer token is required",
                ));
            }
            summary = format!("cluster connection set to {server} (namespace {namespace})");
            active.kubernetes_server = Set(Some(server));
            active.kubernetes_ca_cert = Set(ca_cert);
            active.encrypted_kubernetes_token = Set(encrypted_token);
            active.encrypted_kubeconfig = Set(None);
            active.kubeconfig_context = Set(None);
            active.kubernetes_namespace = Set(namespace);
            active.kubernetes_insecure_skip_tls_verify = Set(insecure_skip_tls_verify);
        }
        ClusterInput::Kubeconfig {
            content,
            context,
            namespace,
        } => {
            let vetted = kubeconfig::vet(&content, context.as_deref())?;
            let namespace =
                validate_namespace(namespace.as_deref().or(vetted.namespace.as_deref()))?;
            let context = vetted.context.clone();
            summary = format!(
                "cluster connection set from a kubeconfig (context {context}, server {}, namespace {namespace})",
                vetted.server
            );
            active.kubernetes_server = Set(None);
            active.kubernetes_ca_cert = Set(None);
            active.encrypted_kubernetes_token = Set(None);
            active.encrypted_kubeconfig =
                Set(Some(core.vault.encrypt_str(KUBECONFIG_PURPOSE, &content)?));
            active.kubeconfig_context = Set(Some(context));
            active.kubernetes_namespace = Set(namespace);
            active.kubernetes_insecure_skip_tls_verify = Set(vetted.insecure_skip_tls_verify);
            if vetted.server.starts_with("http://") {
                extra_warnings.push(
                    "the kubeconfig's API server is plain http://: its credentials travel unencrypted"
                        .to_owned(),
                );
            }
        }
        ClusterInput::InCluster { namespace } => {
            let namespace = validate_namespace(
                namespace
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned)
                    .or_else(in_cluster::pod_namespace)
                    .as_deref(),
            )?;
            summary = format!(
                "cluster connection set to the pod's service account (in cluster, namespace {namespace})"
            );
            active.kubernetes_server = Set(Some(in_cluster::IN_CLUSTER.to_owned()));
            active.kubernetes_ca_cert = Set(None);
            active.encrypted_kubernetes_token = Set(None);
            active.encrypted_kubeconfig = Set(None);
            active.kubeconfig_context = Set(None);
            active.kubernetes_namespace = Set(namespace);
            active.kubernetes_insecure_skip_tls_verify = Set(false);
            if !in_cluster::available() {
                extra_warnings.push(
                    "this process does not run in a Kubernetes pod (KUBERNETES_SERVICE_HOST is \
                     not set): the in-cluster connection works only where hnp runs in the \
                     cluster with a service account"
                        .to_owned(),
                );
            }
        }
    }
    let updated = save(core, active, actor, "fabric.set_cluster", summary).await?;
    let mut warnings = warnings(&updated);
    warnings.extend(extra_warnings);
    Ok((updated, warnings))
}

/// Removes the fabric's cluster connection (its resources keep their last actual state).
pub async fn clear_cluster(
    core: &Core,
    fabric: &fabric::Model,
    actor: &Actor,
) -> Result<fabric::Model> {
    let mut active: fabric::ActiveModel = fabric.clone().into();
    active.kubernetes_server = Set(None);
    active.kubernetes_ca_cert = Set(None);
    active.encrypted_kubernetes_token = Set(None);
    active.encrypted_kubeconfig = Set(None);
    active.kubeconfig_context = Set(None);
    active.kubernetes_insecure_skip_tls_verify = Set(false);
    save(
        core,
        active,
        actor,
        "fabric.clear_cluster",
        "cluster connection removed".into(),
    )
    .await
}

/// Writes the fabric's changed connection columns and records the audit event.
async fn save(
    core: &Core,
    mut active: fabric::ActiveModel,
    actor: &Actor,
    action: &str,
    summary: String,
) -> Result<fabric::Model> {
    active.updated_at = Set(Utc::now());
    let updated = active.update(&core.db).await?;
    audit::record(
        &core.db,
        actor,
        audit::Entry {
            action: action.into(),
            target_type: "fabric".into(),
            target_id: Some(updated.id.to_string()),
            fabric_id: Some(updated.id),
            summary: Some(summary),
            ..Default::default()
        },
    )
    .await?;
    Ok(updated)
}

/// Seconds before a cluster request gives up.
const TIMEOUT_SECS: u64 = 30;

/// A kube-rs client for the fabric's cluster, and the namespace to read.
pub async fn client(core: &Core, fabric: &fabric::Model) -> Result<(kube::Client, String)> {
    let mut config = if let Some(stored) = &fabric.encrypted_kubeconfig {
        let content = core.vault.decrypt_str(KUBECONFIG_PURPOSE, stored)?;
        // Vetted again at every use: a value stored before the vetting existed fails closed.
        let vetted =
            kubeconfig::vet(&content, fabric.kubeconfig_context.as_deref()).map_err(|e| {
                Error::validation(
                    "kubeconfig",
                    format!(
                        "the stored kubeconfig of fabric {} is refused ({e}); set the cluster \
                         connection again",
                        fabric.name
                    ),
                )
            })?;
        vetted.to_config()?
    } else if in_cluster::is_in_cluster(fabric) {
        // The pod's service account, read now (tokens rotate); nothing stored is used.
        in_cluster::config()?
    } else if let Some(server) = &fabric.kubernetes_server {
        let uri: http::Uri = server
            .parse()
            .map_err(|e| Error::validation("kubernetes.apiServer", format!("{e}")))?;
        let mut config = kube::Config::new(uri);
        if let Some(pem) = &fabric.kubernetes_ca_cert {
            config.root_cert = Some(pem_certificates(pem, "kubernetes.caCert")?);
        }
        config.accept_invalid_certs = fabric.kubernetes_insecure_skip_tls_verify;
        if let Some(stored) = &fabric.encrypted_kubernetes_token {
            let token = core.vault.decrypt_str(TOKEN_PURPOSE, stored)?;
            config.auth_info.token = Some(token.into());
        }
        config
    } else {
        return Err(Error::Cluster(ClusterError::NotConfigured(
            fabric.name.clone(),
        )));
    };
    config.default_namespace = fabric.kubernetes_namespace.clone();
    config.connect_timeout = Some(std::time::Duration::from_secs(TIMEOUT_SECS));
    config.read_timeout = Some(std::time::Duration::from_secs(TIMEOUT_SECS));
    // kube's default retry backs off for minutes on 429/503/504 while the fabric's lease is
    // held; the reader retries a few times itself instead.
    config.default_retry = false;
    crate::tls::ensure_crypto_provider();
    let client = kube::Client::try_from(config).map_err(|e| cluster_error(e.to_string()))?;
    Ok((client, fabric.kubernetes_namespace.clone()))
}

/// Errors talking to a cluster.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// The fabric has no cluster connection.
    #[error("fabric {0} has no cluster connection (set one with `hnp fabric set-cluster`)")]
    NotConfigured(String),
    /// The API server refused the credentials (401) or the permission (403).
    #[error("the cluster API server refused the request ({0})")]
    Auth(String),
    /// Transport or server failure.
    #[error("{0}")]
    Api(String),
}

fn cluster_error(message: String) -> Error {
    Error::Cluster(ClusterError::Api(message))
}

/// Maps a kube-rs error; authentication failures get their own variant (not retried by jobs).
pub(crate) fn from_kube(context: &str, err: kube::Error) -> Error {
    match &err {
        kube::Error::Api(status) if status.code == 401 || status.code == 403 => Error::Cluster(
            ClusterError::Auth(format!("{context}: {} {}", status.code, status.message)),
        ),
        _ => Error::Cluster(ClusterError::Api(format!(
            "{context}: {}",
            with_causes(&err)
        ))),
    }
}

/// An error with its chain of causes (`a: b: c`), so that e.g. a read timeout under kube's
/// "error reading a body from connection" is visible; a cause already contained in the text
/// is not repeated.
pub(crate) fn with_causes(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let part = cause.to_string();
        if !part.is_empty() && !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    text
}

/// The HTTP status of a kube API error response, when it was one.
pub(crate) fn api_status(err: &kube::Error) -> Option<u16> {
    match err {
        kube::Error::Api(status) => Some(status.code),
        _ => None,
    }
}

pub use super::probe::{ConnectionTest, KindAvailability, test_connection};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespace_and_server_validation_name_the_field() {
        assert_eq!(validate_namespace(None).unwrap(), "default");
        assert_eq!(validate_namespace(Some("fab-1")).unwrap(), "fab-1");
        let err = validate_namespace(Some("Bad_NS")).unwrap_err().to_string();
        assert!(err.starts_with("kubernetes.namespace:"), "{err}");
        assert_eq!(
            validate_server("https://k8s.example:6443/").unwrap(),
            "https://k8s.example:6443"
        );
        assert!(validate_server("http://127.0.0.1:8080").is_ok());
        let err = validate_server("ftp://x").unwrap_err().to_string();
        assert!(err.starts_with("kubernetes.apiServer:"), "{err}");
        assert!(validate_server("not a url").is_err());
    }

    #[test]
    fn pem_parsing() {
        let err = pem_certificates("garbage", "kubernetes.caCert")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("kubernetes.caCert:"), "{err}");
        let pem = "-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n";
        assert_eq!(pem_certificates(pem, "f").unwrap(), vec![vec![0u8, 1, 2]]);
    }

    #[test]
    fn origins() {
        assert!(same_origin("https://k8s:6443", "https://K8S:6443/"));
        assert!(same_origin("https://a", "https://a:443"));
        assert!(!same_origin("https://a:6443", "https://b:6443"));
        assert!(!same_origin("https://a", "http://a"));
        assert!(!same_origin("https://a:6443", "https://a:6444"));
        assert!(!same_origin("garbage", "garbage"));
    }

    #[test]
    fn input_debug_redacts_secrets() {
        let input = ClusterInput::Server {
            api_server: "https://x".into(),
            ca_cert: None,
            token: Some("s3cr3t-token".into()),
            namespace: None,
            insecure_skip_tls_verify: false,
        };
        assert!(!format!("{input:?}").contains("s3cr3t"));
    }
}
