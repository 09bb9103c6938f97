//! Which columns hold vault-encrypted values, and key rotation over all of them.

use std::path::PathBuf;

use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::security::vault::{self, KeyMaterial, KeySource, Vault};

/// A column holding vault values; `purpose` is the associated data they are bound to.
#[derive(Debug, Clone, Copy)]
pub struct SecretColumn {
    pub table: &'static str,
    pub column: &'static str,
    pub purpose: &'static str,
}

/// Every encrypted column in the schema. Adding a secret column means adding it here.
pub const SECRET_COLUMNS: &[SecretColumn] = &[
    SecretColumn {
        table: "git_repositories",
        column: "encrypted_credentials",
        purpose: "git_repository.credentials",
    },
    SecretColumn {
        table: "git_repositories",
        column: "encrypted_webhook_secret",
        purpose: "git_repository.webhook_secret",
    },
    SecretColumn {
        table: "fabrics",
        column: "encrypted_kubernetes_token",
        purpose: "fabric.kubernetes_token",
    },
    SecretColumn {
        table: "fabrics",
        column: "encrypted_kubeconfig",
        purpose: "fabric.kubeconfig",
    },
    SecretColumn {
        table: "notification_targets",
        column: "encrypted_secret",
        purpose: crate::notify::targets::SECRET_PURPOSE,
    },
    SecretColumn {
        table: "notification_targets",
        column: "encrypted_url",
        purpose: crate::notify::targets::URL_PURPOSE,
    },
];

/// What a rotation did.
#[derive(Debug)]
pub struct Rotation {
    pub old_key_id: String,
    pub new_key_id: String,
    pub values_reencrypted: usize,
    /// Where the new key now lives.
    pub key_file: PathBuf,
    /// True when the key came from `HNP_SECRET_KEY`: the operator must switch to the new key.
    pub operator_action_required: bool,
}

/// Re-encrypts every stored secret under a new key in one transaction.
///
/// With a key file, the new key is written to `<file>.next` before the transaction and moved
/// over the key file after it commits; an interrupted rotation is picked up by the next run
/// (which reuses `<file>.next`). With `HNP_SECRET_KEY`, the new key is written to
/// `<data dir>/secret.key.new` and the operator points the configuration at it.
pub async fn rotate(db: &DatabaseConnection, config: &Config) -> Result<Rotation> {
    let vault = Vault::load(config)?;
    let (staging, final_path) = match vault.source() {
        KeySource::File(path) => (vault::pending_key_path(path), Some(path.clone())),
        KeySource::Environment => {
            config.ensure_data_dir()?;
            (config.data_dir.join(vault::ENV_ROTATION_FILE), None)
        }
    };
    // A staged key left by an interrupted rotation is reused (values may already be under it,
    // and running processes may have started to encrypt with it); one equal to the current key
    // is the result of a finished rotation and is replaced.
    let staged = std::fs::read_to_string(&staging)
        .ok()
        .map(|text| KeyMaterial::from_base64(&text, &staging.display().to_string()))
        .transpose()?
        .filter(|material| material.id() != vault.key_id());
    let new_material = match staged {
        Some(material) => material,
        None => {
            let material = KeyMaterial::generate()?;
            vault::write_key_file(&staging, &material, true)?;
            material
        }
    };
    let new_vault = Vault::new(&new_material, KeySource::File(staging.clone()))?;

    let txn = crate::db::begin_write(db).await?;
    let mut count = 0;
    for secret in SECRET_COLUMNS {
        let select = Query::select()
            .column("id")
            .column(secret.column)
            .from(secret.table)
            .and_where(Expr::col(secret.column).is_not_null())
            .to_owned();
        for row in txn.query_all(&select).await? {
            let id: i32 = row.try_get("", "id")?;
            let stored: String = row.try_get("", secret.column)?;
            let plaintext = vault.decrypt(secret.purpose, &stored).map_err(|e| {
                Error::Vault(format!(
                    "{}.{} of row {id}: {e}",
                    secret.table, secret.column
                ))
            })?;
            let reencrypted = new_vault.encrypt(secret.purpose, &plaintext)?;
            let update = Query::update()
                .table(secret.table)
                .value(secret.column, reencrypted)
                .and_where(Expr::col("id").eq(id))
                .to_owned();
            txn.execute(&update).await?;
            count += 1;
        }
    }
    txn.commit().await?;

    let key_file = match final_path {
        Some(path) => {
            std::fs::rename(&staging, &path).map_err(|e| Error::io(&path, e))?;
            path
        }
        None => staging,
    };
    Ok(Rotation {
        old_key_id: vault.key_id().to_owned(),
        new_key_id: new_vault.key_id().to_owned(),
        values_reencrypted: count,
        key_file,
        operator_action_required: matches!(vault.source(), KeySource::Environment),
    })
}
