//! Kubeconfigs are data, never programs.
//!
//! A kubeconfig can make its client run a program (`exec`, `auth-provider`) or read local files
//! (`tokenFile`, `client-certificate`, `client-key`, `certificate-authority`). Uploaded by an
//! admin — or by whoever holds an admin session — either would run on, or read from, the server:
//! a command executed at every cluster read, or the vault key file sent as a bearer token to a
//! server of the uploader's choosing. So a kubeconfig is vetted field by field before it is
//! stored and again before every use (values stored before this check existed fail closed), and
//! the kube client is built only from the vetted fields, never by kube-rs's kubeconfig loader.
//!
//! Accepted: `server`, `certificate-authority-data`, `insecure-skip-tls-verify`,
//! `tls-server-name`, `disable-compression` in clusters; `token`, `username`/`password`,
//! `client-certificate-data`/`client-key-data` and impersonation (`as`, `as-groups`, `as-uid`)
//! in users; `extensions` anywhere (ignored). Anything else in a user or cluster entry is refused
//! with the entry's path, e.g. `kubeconfig.users[0].user.exec`.

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::error::{Error, Problem, Result};

/// Largest kubeconfig accepted (a real one with embedded certificates is a few KiB).
pub const MAX_KUBECONFIG_BYTES: usize = 256 * 1024;

/// User fields that name a program or a local file, with why they are refused.
const REFUSED_USER_FIELDS: &[(&str, &str)] = &[
    (
        "exec",
        "runs a program to obtain credentials; HNP never runs programs from a kubeconfig \
         (use `token`, e.g. a ServiceAccount token, or client-certificate-data/client-key-data)",
    ),
    (
        "auth-provider",
        "runs an auth-provider plugin, which can execute commands or read local files; use \
         `token` or client-certificate-data/client-key-data",
    ),
    (
        "tokenFile",
        "reads a file on the server; put the token itself in `token`",
    ),
    (
        "client-certificate",
        "reads a file on the server; embed the certificate as client-certificate-data",
    ),
    (
        "client-key",
        "reads a file on the server; embed the key as client-key-data",
    ),
];

const ALLOWED_USER_FIELDS: &[&str] = &[
    "token",
    "username",
    "password",
    "client-certificate-data",
    "client-key-data",
    "as",
    "as-groups",
    "as-uid",
    "extensions",
];

const REFUSED_CLUSTER_FIELDS: &[(&str, &str)] = &[
    (
        "certificate-authority",
        "reads a file on the server; embed the CA as certificate-authority-data",
    ),
    (
        "proxy-url",
        "is not supported: HNP connects to the API server directly",
    ),
];

const ALLOWED_CLUSTER_FIELDS: &[&str] = &[
    "server",
    "certificate-authority-data",
    "insecure-skip-tls-verify",
    "tls-server-name",
    "disable-compression",
    "extensions",
];

/// The credentials of the chosen context's user (never printed).
#[derive(Default, Clone)]
pub struct VettedUser {
    pub token: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    /// Base64 as in the kubeconfig (decodes; checked).
    pub client_certificate_data: Option<String>,
    pub client_key_data: Option<String>,
    pub impersonate: Option<String>,
    pub impersonate_groups: Option<Vec<String>>,
    pub impersonate_uid: Option<String>,
}

impl std::fmt::Debug for VettedUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |v: &Option<String>| v.as_ref().map(|_| "<redacted>");
        f.debug_struct("VettedUser")
            .field("token", &shown(&self.token))
            .field("username", &self.username)
            .field("password", &shown(&self.password))
            .field(
                "client_certificate_data",
                &self.client_certificate_data.as_ref().map(|_| "<pem>"),
            )
            .field("client_key_data", &shown(&self.client_key_data))
            .field("impersonate", &self.impersonate)
            .finish()
    }
}

/// What HNP uses of a kubeconfig: the chosen context's cluster and user.
#[derive(Debug, Clone)]
pub struct Vetted {
    pub context: String,
    /// The context's namespace, if it names one.
    pub namespace: Option<String>,
    pub server: String,
    /// PEM text of `certificate-authority-data`.
    pub ca_pem: Option<String>,
    pub insecure_skip_tls_verify: bool,
    pub tls_server_name: Option<String>,
    pub user: VettedUser,
}

fn problem(problems: &mut Vec<Problem>, path: String, message: impl Into<String>) {
    problems.push(Problem {
        path,
        message: message.into(),
    });
}

fn string_field(
    entry: &Map<String, Value>,
    key: &str,
    path: &str,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    match entry.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            problem(problems, format!("{path}.{key}"), "must be a string");
            None
        }
    }
}

fn base64_field(
    entry: &Map<String, Value>,
    key: &str,
    path: &str,
    problems: &mut Vec<Problem>,
) -> Option<(String, Vec<u8>)> {
    let text = string_field(entry, key, path, problems)?;
    match base64::engine::general_purpose::STANDARD.decode(text.trim()) {
        Ok(bytes) => Some((text.trim().to_owned(), bytes)),
        Err(_) => {
            problem(problems, format!("{path}.{key}"), "is not valid base64");
            None
        }
    }
}

/// Checks the keys of one user or cluster entry against the refused and allowed lists.
fn check_keys(
    entry: &Map<String, Value>,
    path: &str,
    refused: &[(&str, &str)],
    allowed: &[&str],
    problems: &mut Vec<Problem>,
) {
    for key in entry.keys() {
        if let Some((_, why)) = refused.iter().find(|(name, _)| name == key) {
            problem(problems, format!("{path}.{key}"), *why);
        } else if !allowed.contains(&key.as_str()) {
            problem(
                problems,
                format!("{path}.{key}"),
                format!("is not supported (allowed: {})", allowed.join(", ")),
            );
        }
    }
}

/// The `list` entries of the top-level sequence `section` as `(name, body)` where `body` is
/// the mapping under `inner` (`user`, `cluster`, `context`).
fn entries<'a>(
    root: &'a Map<String, Value>,
    section: &str,
    inner: &str,
    problems: &mut Vec<Problem>,
) -> Vec<(String, String, &'a Map<String, Value>)> {
    let mut out = Vec::new();
    let list = match root.get(section) {
        None | Some(Value::Null) => return out,
        Some(Value::Array(list)) => list,
        Some(_) => {
            problem(problems, format!("kubeconfig.{section}"), "must be a list");
            return out;
        }
    };
    for (index, item) in list.iter().enumerate() {
        let path = format!("kubeconfig.{section}[{index}]");
        let Some(item) = item.as_object() else {
            problem(problems, path, "must be a mapping");
            continue;
        };
        let name = match item.get("name") {
            Some(Value::String(name)) if !name.is_empty() => name.clone(),
            _ => {
                problem(
                    problems,
                    format!("{path}.name"),
                    "a non-empty name is required",
                );
                continue;
            }
        };
        let body_path = format!("{path}.{inner}");
        match item.get(inner) {
            Some(Value::Object(body)) => out.push((name, body_path, body)),
            None | Some(Value::Null) => {
                static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
                out.push((name, body_path, EMPTY.get_or_init(Map::new)));
            }
            Some(_) => problem(problems, body_path, "must be a mapping"),
        }
    }
    out
}

/// Parses and vets a kubeconfig, and picks `context` (default: its current-context). Every
/// user and cluster entry is checked, not only the chosen one; all problems are reported at
/// once, each with its path (`kubeconfig.users[0].user.exec`).
pub fn vet(content: &str, context: Option<&str>) -> Result<Vetted> {
    if content.len() > MAX_KUBECONFIG_BYTES {
        return Err(Error::validation(
            "kubeconfig",
            format!("larger than {MAX_KUBECONFIG_BYTES} bytes"),
        ));
    }
    let limits = crate::yaml::Limits {
        max_file_bytes: MAX_KUBECONFIG_BYTES,
        max_documents: 2,
        ..Default::default()
    };
    let documents = crate::yaml::parse_documents(content.as_bytes(), &limits)
        .map_err(|e| Error::validation("kubeconfig", format!("not a kubeconfig: {e}")))?;
    let root = match documents.as_slice() {
        [one] => one.value.as_object().ok_or_else(|| {
            Error::validation("kubeconfig", "not a kubeconfig: expected a mapping")
        })?,
        [] => return Err(Error::validation("kubeconfig", "is empty")),
        _ => {
            return Err(Error::validation(
                "kubeconfig",
                "holds several YAML documents; expected one",
            ));
        }
    };
    let mut problems = Vec::new();

    let users = entries(root, "users", "user", &mut problems);
    let mut vetted_users = Vec::new();
    for (name, path, body) in &users {
        check_keys(
            body,
            path,
            REFUSED_USER_FIELDS,
            ALLOWED_USER_FIELDS,
            &mut problems,
        );
        let user = VettedUser {
            token: string_field(body, "token", path, &mut problems),
            username: string_field(body, "username", path, &mut problems),
            password: string_field(body, "password", path, &mut problems),
            client_certificate_data: base64_field(
                body,
                "client-certificate-data",
                path,
                &mut problems,
            )
            .map(|(text, _)| text),
            client_key_data: base64_field(body, "client-key-data", path, &mut problems)
                .map(|(text, _)| text),
            impersonate: string_field(body, "as", path, &mut problems),
            impersonate_groups: match body.get("as-groups") {
                None | Some(Value::Null) => None,
                Some(Value::Array(groups)) if groups.iter().all(Value::is_string) => Some(
                    groups
                        .iter()
                        .filter_map(|g| g.as_str().map(str::to_owned))
                        .collect(),
                ),
                Some(_) => {
                    problem(
                        &mut problems,
                        format!("{path}.as-groups"),
                        "must be a list of strings",
                    );
                    None
                }
            },
            impersonate_uid: string_field(body, "as-uid", path, &mut problems),
        };
        if user.client_certificate_data.is_some() != user.client_key_data.is_some() {
            problem(
                &mut problems,
                path.clone(),
                "client-certificate-data and client-key-data go together",
            );
        }
        vetted_users.push((name.clone(), user));
    }

    struct VettedCluster {
        server: String,
        ca_pem: Option<String>,
        insecure: bool,
        tls_server_name: Option<String>,
    }
    let clusters = entries(root, "clusters", "cluster", &mut problems);
    let mut vetted_clusters = Vec::new();
    for (name, path, body) in &clusters {
        check_keys(
            body,
            path,
            REFUSED_CLUSTER_FIELDS,
            ALLOWED_CLUSTER_FIELDS,
            &mut problems,
        );
        let server = match string_field(body, "server", path, &mut problems) {
            Some(server) => match super::connection::validate_server(&server) {
                Ok(server) => server,
                Err(e) => {
                    let message = match e {
                        Error::Validation { message, .. } => message,
                        other => other.to_string(),
                    };
                    problem(&mut problems, format!("{path}.server"), message);
                    continue;
                }
            },
            None => {
                problem(&mut problems, format!("{path}.server"), "is required");
                continue;
            }
        };
        let ca_pem = base64_field(body, "certificate-authority-data", path, &mut problems)
            .and_then(|(_, bytes)| match String::from_utf8(bytes) {
                Ok(pem) => Some(pem),
                Err(_) => {
                    problem(
                        &mut problems,
                        format!("{path}.certificate-authority-data"),
                        "does not decode to PEM text",
                    );
                    None
                }
            });
        if let Some(pem) = &ca_pem
            && let Err(e) = super::connection::pem_certificates(
                pem,
                &format!("{path}.certificate-authority-data"),
            )
        {
            problems.push(Problem {
                path: format!("{path}.certificate-authority-data"),
                message: match e {
                    Error::Validation { message, .. } => message,
                    other => other.to_string(),
                },
            });
        }
        let insecure = match body.get("insecure-skip-tls-verify") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                problem(
                    &mut problems,
                    format!("{path}.insecure-skip-tls-verify"),
                    "must be true or false",
                );
                false
            }
        };
        let tls_server_name = string_field(body, "tls-server-name", path, &mut problems);
        vetted_clusters.push((
            name.clone(),
            VettedCluster {
                server,
                ca_pem,
                insecure,
                tls_server_name,
            },
        ));
    }

    let contexts = entries(root, "contexts", "context", &mut problems);
    for (_, path, body) in &contexts {
        for key in body.keys() {
            if !matches!(
                key.as_str(),
                "cluster" | "user" | "namespace" | "extensions"
            ) {
                problem(
                    &mut problems,
                    format!("{path}.{key}"),
                    "is not supported (allowed: cluster, user, namespace, extensions)",
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }

    let current = match root.get("current-context") {
        Some(Value::String(c)) if !c.is_empty() => Some(c.clone()),
        _ => None,
    };
    let context = match context.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => c.to_owned(),
        None => current.ok_or_else(|| {
            Error::validation(
                "kubeconfig",
                "has no current-context; name the context to use",
            )
        })?,
    };
    let Some((_, path, body)) = contexts.iter().find(|(name, _, _)| *name == context) else {
        let known: Vec<&str> = contexts.iter().map(|(n, _, _)| n.as_str()).collect();
        return Err(Error::validation(
            "context",
            format!(
                "context {context:?} is not in the kubeconfig (it has: {})",
                known.join(", ")
            ),
        ));
    };
    let mut problems = Vec::new();
    let cluster_name = string_field(body, "cluster", path, &mut problems);
    let user_name = string_field(body, "user", path, &mut problems);
    let namespace = string_field(body, "namespace", path, &mut problems);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let Some(cluster_name) = cluster_name else {
        return Err(Error::validation(
            format!("{path}.cluster"),
            format!("context {context:?} names no cluster"),
        ));
    };
    let Some((_, cluster)) = vetted_clusters
        .into_iter()
        .find(|(name, _)| *name == cluster_name)
    else {
        return Err(Error::validation(
            "kubeconfig",
            format!("context {context:?} names cluster {cluster_name:?}, which is not defined"),
        ));
    };
    let user = match user_name {
        None => VettedUser::default(),
        Some(user_name) => match vetted_users
            .into_iter()
            .find(|(name, _)| *name == user_name)
        {
            Some((_, user)) => user,
            None => {
                return Err(Error::validation(
                    "kubeconfig",
                    format!("context {context:?} names user {user_name:?}, which is not defined"),
                ));
            }
        },
    };
    Ok(Vetted {
        context,
        namespace,
        server: cluster.server,
        ca_pem: cluster.ca_pem,
        insecure_skip_tls_verify: cluster.insecure,
        tls_server_name: cluster.tls_server_name,
        user,
    })
}

impl Vetted {
    /// A kube-rs configuration from the vetted fields only (no file is read, nothing runs).
    pub fn to_config(&self) -> Result<kube::Config> {
        let uri: http::Uri = self
            .server
            .parse()
            .map_err(|e| Error::validation("kubeconfig", format!("server: {e}")))?;
        let mut config = kube::Config::new(uri);
        if let Some(pem) = &self.ca_pem {
            config.root_cert = Some(super::connection::pem_certificates(
                pem,
                "kubeconfig.certificate-authority-data",
            )?);
        }
        config.accept_invalid_certs = self.insecure_skip_tls_verify;
        config.tls_server_name = self.tls_server_name.clone();
        let user = &self.user;
        let auth = &mut config.auth_info;
        auth.token = user.token.clone().map(Into::into);
        auth.username = user.username.clone();
        auth.password = user.password.clone().map(Into::into);
        auth.client_certificate_data = user.client_certificate_data.clone();
        auth.client_key_data = user.client_key_data.clone().map(Into::into);
        auth.impersonate = user.impersonate.clone();
        auth.impersonate_groups = user.impersonate_groups.clone();
        auth.impersonate_uid = user.impersonate_uid.clone();
        Ok(config)
    }
}

#[cfg(test)]
mod tests;
