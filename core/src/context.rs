//! The dependencies every service needs, built once at start.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::config::Config;
use crate::error::Result;
use crate::git::GitCache;
use crate::security::vault::Vault;

/// Shared handles: database, configuration, vault and the git cache.
#[derive(Clone)]
pub struct Core {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub vault: Arc<Vault>,
    pub git: Arc<GitCache>,
}

impl Core {
    /// Builds the context from a connected (and migrated) database.
    pub fn new(config: Config, db: DatabaseConnection) -> Result<Self> {
        let vault = Vault::load(&config)?;
        let git = GitCache::new(config.data_dir.join("git"));
        Ok(Core {
            db,
            config: Arc::new(config),
            vault: Arc::new(vault),
            git: Arc::new(git),
        })
    }
}
