//! Every type that holds a plaintext secret is formatted with `{:?}` here, and the secret must
//! not appear. A new credential-holding type belongs in this list.

use crate::cluster::ClusterInput;
use crate::cluster::kubeconfig;
use crate::config::{Config, SecretString};
use crate::git::GitAuth;
use crate::notify::targets::NewTarget;
use crate::repositories::{NewFabric, RepositoryInput, RepositoryUpdate};
use crate::security::auth::NewToken;
use crate::security::vault::{KeyMaterial, KeySource, Vault};
use hnp_entity::enums::{AuthType, NotificationKind};

const SECRET: &str = "s3cr3t-Pa55-ghp_0123456789";

fn secret() -> Option<SecretString> {
    Some(SECRET.into())
}

#[test]
fn no_secret_in_debug_output() {
    let key = KeyMaterial::generate().unwrap();
    let key_text = key.to_base64();
    let b64 = |s: &str| {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(s)
    };
    let kubeconfig_text = format!(
        "clusters:\n- name: c\n  cluster: {{server: 'https://k:6443'}}\nusers:\n- name: u\n  user: {{token: {SECRET}, client-certificate-data: {}, client-key-data: {}}}\ncontexts:\n- name: x\n  context: {{cluster: c, user: u}}\ncurrent-context: x\n",
        b64("cert"),
        b64(SECRET),
    );
    let vetted = kubeconfig::vet(&kubeconfig_text, None).unwrap();
    let basic = kubeconfig::vet(
        &kubeconfig_text.replace(
            &format!(
                "token: {SECRET}, client-certificate-data: {}, client-key-data: {}",
                b64("cert"),
                b64(SECRET)
            ),
            &format!("username: admin, password: {SECRET}"),
        ),
        None,
    )
    .unwrap();
    let outputs = [
        format!(
            "{:?}",
            NewFabric {
                name: "f".into(),
                repo_url: "https://git.example/r.git".into(),
                directory: "d".into(),
                branch: None,
                auth: AuthType::Token,
                credentials: secret(),
                ssh_host_keys: Vec::new(),
                commit_author: None,
            }
        ),
        format!(
            "{:?}",
            RepositoryInput {
                name: None,
                url: "https://git.example/r.git".into(),
                provider: None,
                auth: AuthType::Basic,
                credentials: secret(),
                default_branch: None,
                write_mode: None,
                commit_author: None,
                ssh_host_keys: Vec::new(),
                webhook_secret: secret(),
                github_api_url: None,
            }
        ),
        format!(
            "{:?}",
            RepositoryUpdate {
                credentials: secret(),
                webhook_secret: Some(secret()),
                ..Default::default()
            }
        ),
        format!(
            "{:?}",
            NewToken {
                token: SECRET.into(),
                record: hnp_entity::api_token::Model {
                    id: 1,
                    user_id: 1,
                    name: "cli".into(),
                    token_prefix: "hnp_0000".into(),
                    token_hash: "h".into(),
                    created_at: chrono::Utc::now(),
                    last_used_at: None,
                    expires_at: None,
                    revoked_at: None,
                },
            }
        ),
        format!(
            "{:?}",
            ClusterInput::Server {
                api_server: "https://k".into(),
                ca_cert: None,
                token: Some(SECRET.into()),
                namespace: None,
                insecure_skip_tls_verify: false,
            }
        ),
        format!(
            "{:?}",
            ClusterInput::Kubeconfig {
                content: kubeconfig_text.clone(),
                context: None,
                namespace: None,
            }
        ),
        format!("{vetted:?}"),
        format!("{basic:?}"),
        format!(
            "{:?}",
            GitAuth::Token {
                token: SECRET.into()
            }
        ),
        format!(
            "{:?}",
            GitAuth::Basic {
                username: "u".into(),
                password: SECRET.into()
            }
        ),
        format!(
            "{:?}",
            GitAuth::SshKey {
                username: "git".into(),
                private_key: SECRET.into(),
                passphrase: Some(SECRET.into()),
            }
        ),
        format!(
            "{:?}",
            Config {
                secret_key: secret(),
                ..Config::default()
            }
        ),
        format!("{key:?}"),
        format!("{:?}", Vault::new(&key, KeySource::Environment).unwrap()),
        format!(
            "{:?}",
            NewTarget {
                kind: NotificationKind::Webhook,
                url: "https://hooks.example/x".into(),
                secret: secret(),
                events: Vec::new(),
            }
        ),
    ];
    for output in outputs {
        assert!(!output.contains(SECRET), "secret in {output}");
        assert!(!output.contains(&b64(SECRET)), "encoded secret in {output}");
        assert!(!output.contains(&key_text), "vault key in {output}");
    }
}
