//! A fabric's cluster connection: stored settings (secrets vault-encrypted), the kube-rs client
//! built from them, and the connection test.
//!
//! Two shapes: an API server URL with an optional CA certificate and a bearer token, or a whole
//! kubeconfig (with an optional context). TLS verification is on unless the fabric turns it off
//! explicitly; that, and a plain `http://` server, are reported as warnings wherever the
//! connection is shown. Tokens and kubeconfigs are never returned or logged.

use chrono::Utc;
use hnp_entity::fabric;
use kube::config::{KubeConfigOptions, Kubeconfig};
use sea_orm::{ActiveModelTrait, Set};
use serde::Serialize;

use crate::audit::{self, Actor};
use crate::context::Core;
use crate::error::{Error, Result};
use crate::kinds;

/// Vault purpose of `fabrics.encrypted_kubernetes_token` (see `secrets::SECRET_COLUMNS`).
pub const TOKEN_PURPOSE: &str = "fabric.kubernetes_token";
/// Vault purpose of `fabrics.encrypted_kubeconfig`.
pub const KUBECONFIG_PURPOSE: &str = "fabric.kubeconfig";
/// Namespace read when none is configured.
pub const DEFAULT_NAMESPACE: &str = "default";

/// Largest kubeconfig accepted (a real one with embedded certificates is a few KiB).
const MAX_KUBECONFIG_BYTES: usize = 256 * 1024;

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
        }
    }
}

/// Whether the fabric has a cluster connection.
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

fn validate_server(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/').to_owned();
    let uri: http::Uri = url.parse().map_err(|e| {
        Error::validation("kubernetes.apiServer", format!("{url:?} is not a URL: {e}"))
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
    if uri.host().is_none_or(str::is_empty) {
        return Err(Error::validation(
            "kubernetes.apiServer",
            format!("{url:?} has no host"),
        ));
    }
    Ok(url)
}

/// DER bodies of every certificate in a PEM bundle.
fn pem_certificates(pem: &str, field: &str) -> Result<Vec<Vec<u8>>> {
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

fn parse_kubeconfig(content: &str, context: Option<&str>) -> Result<(Kubeconfig, String)> {
    if content.len() > MAX_KUBECONFIG_BYTES {
        return Err(Error::validation(
            "kubeconfig",
            format!("larger than {MAX_KUBECONFIG_BYTES} bytes"),
        ));
    }
    let config = Kubeconfig::from_yaml(content)
        .map_err(|e| Error::validation("kubeconfig", format!("not a kubeconfig: {e}")))?;
    let context = match context.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => c.to_owned(),
        None => config.current_context.clone().ok_or_else(|| {
            Error::validation(
                "kubeconfig",
                "has no current-context; name the context to use",
            )
        })?,
    };
    let Some(named) = config.contexts.iter().find(|c| c.name == context) else {
        let known: Vec<&str> = config.contexts.iter().map(|c| c.name.as_str()).collect();
        return Err(Error::validation(
            "context",
            format!(
                "context {context:?} is not in the kubeconfig (it has: {})",
                known.join(", ")
            ),
        ));
    };
    let cluster = named.context.as_ref().map(|c| c.cluster.clone());
    if let Some(cluster) = cluster
        && !config.clusters.iter().any(|c| c.name == cluster)
    {
        return Err(Error::validation(
            "kubeconfig",
            format!("context {context:?} names cluster {cluster:?}, which is not defined"),
        ));
    }
    Ok((config, context))
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
                None if fabric.kubernetes_server.is_some() => {
                    fabric.encrypted_kubernetes_token.clone()
                }
                None => None,
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
            let (config, context) = parse_kubeconfig(&content, context.as_deref())?;
            let context_ns = config
                .contexts
                .iter()
                .find(|c| c.name == context)
                .and_then(|c| c.context.as_ref())
                .and_then(|c| c.namespace.clone());
            let namespace = validate_namespace(namespace.as_deref().or(context_ns.as_deref()))?;
            summary = format!(
                "cluster connection set from a kubeconfig (context {context}, namespace {namespace})"
            );
            active.kubernetes_server = Set(None);
            active.kubernetes_ca_cert = Set(None);
            active.encrypted_kubernetes_token = Set(None);
            active.encrypted_kubeconfig =
                Set(Some(core.vault.encrypt_str(KUBECONFIG_PURPOSE, &content)?));
            active.kubeconfig_context = Set(Some(context));
            active.kubernetes_namespace = Set(namespace);
            active.kubernetes_insecure_skip_tls_verify = Set(false);
        }
    }
    let updated = save(core, active, actor, "fabric.set_cluster", summary).await?;
    let warnings = warnings(&updated);
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
        let (kubeconfig, context) =
            parse_kubeconfig(&content, fabric.kubeconfig_context.as_deref())?;
        let options = KubeConfigOptions {
            context: Some(context),
            ..Default::default()
        };
        kube::Config::from_custom_kubeconfig(kubeconfig, &options)
            .await
            .map_err(|e| cluster_error(format!("kubeconfig: {e}")))?
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
        _ => Error::Cluster(ClusterError::Api(format!("{context}: {err}"))),
    }
}

/// The HTTP status of a kube API error response, when it was one.
pub(crate) fn api_status(err: &kube::Error) -> Option<u16> {
    match err {
        kube::Error::Api(status) => Some(status.code),
        _ => None,
    }
}

/// One managed kind as seen by the connection test.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct KindAvailability {
    pub kind: String,
    pub api_version: String,
    pub installed: bool,
}

/// What [`test_connection`] found.
#[derive(Debug, Clone, Serialize)]
pub struct ConnectionTest {
    pub ok: bool,
    pub server: Option<String>,
    pub namespace: String,
    /// `major.minor` and git version of the API server, e.g. `v1.31.2`.
    pub server_version: Option<String>,
    pub kinds: Vec<KindAvailability>,
    pub warnings: Vec<String>,
    /// Why the test failed (never contains credentials).
    pub error: Option<String>,
}

/// Contacts the API server: its version, then which Hedgehog CRDs are installed (discovery of
/// each managed group/version). Never fails on a cluster error: the report says what failed.
pub async fn test_connection(core: &Core, fabric: &fabric::Model) -> Result<ConnectionTest> {
    let mut report = ConnectionTest {
        ok: false,
        server: fabric.kubernetes_server.clone(),
        namespace: fabric.kubernetes_namespace.clone(),
        server_version: None,
        kinds: Vec::new(),
        warnings: warnings(fabric),
        error: None,
    };
    let (client, _) = match client(core, fabric).await {
        Ok(c) => c,
        Err(Error::Cluster(e)) => {
            report.error = Some(e.to_string());
            return Ok(report);
        }
        Err(e) => return Err(e),
    };
    match client.apiserver_version().await {
        Ok(info) => report.server_version = Some(info.git_version),
        Err(e) => {
            report.error = Some(from_kube("server version", e).to_string());
            return Ok(report);
        }
    }
    let mut groups: Vec<String> = kinds::all().iter().map(|k| k.api_version()).collect();
    groups.dedup();
    for group_version in groups {
        let served: Vec<String> = match client.list_api_group_resources(&group_version).await {
            Ok(list) => list.resources.into_iter().map(|r| r.name).collect(),
            Err(e) if api_status(&e) == Some(404) => Vec::new(),
            Err(e) => {
                report.error = Some(from_kube(&group_version, e).to_string());
                return Ok(report);
            }
        };
        for info in kinds::all()
            .iter()
            .filter(|k| k.api_version() == group_version)
        {
            report.kinds.push(KindAvailability {
                kind: info.kind.to_owned(),
                api_version: group_version.clone(),
                installed: served.iter().any(|name| name == info.plural),
            });
        }
    }
    if !report.kinds.iter().any(|k| k.installed) {
        report
            .warnings
            .push("no Hedgehog CRD is installed on this cluster".to_owned());
    }
    report.ok = true;
    Ok(report)
}

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
    fn kubeconfig_context_must_exist() {
        let yaml = r#"
apiVersion: v1
kind: Config
clusters:
- name: c1
  cluster: {server: "https://127.0.0.1:6443"}
users:
- name: u1
  user: {token: abc}
contexts:
- name: ctx1
  context: {cluster: c1, user: u1, namespace: fab}
current-context: ctx1
"#;
        let (_, ctx) = parse_kubeconfig(yaml, None).unwrap();
        assert_eq!(ctx, "ctx1");
        let err = parse_kubeconfig(yaml, Some("other"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("context \"other\" is not in the kubeconfig"),
            "{err}"
        );
        let err = parse_kubeconfig("{{{", None).unwrap_err().to_string();
        assert!(err.starts_with("kubeconfig:"), "{err}");
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
