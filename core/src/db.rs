//! Database connection and migrations (SQLite or PostgreSQL, chosen by URL).

use std::time::Duration;

use hnp_migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};

use crate::error::{Error, Result};

/// Connects to `url`. SQLite gets WAL, a busy timeout and foreign keys on.
pub async fn connect(url: &str) -> Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30));
    if url.starts_with("sqlite:") {
        // Each SQLite connection is a worker thread; on small machines a few connections serve
        // more requests per second than many (less thread switching), and SQLite has one writer.
        options.max_connections(4).min_connections(1);
        options.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    } else {
        options.max_connections(20);
    }
    Database::connect(options)
        .await
        .map_err(|e| Error::Config(format!("cannot connect to the database: {e}")))
}

/// Applies all pending migrations.
pub async fn migrate(db: &DatabaseConnection) -> Result<()> {
    Migrator::up(db, None).await?;
    Ok(())
}

/// Names of applied and pending migrations.
pub async fn migration_status(db: &DatabaseConnection) -> Result<(Vec<String>, Vec<String>)> {
    let applied = Migrator::get_applied_migrations(db)
        .await?
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let pending = Migrator::get_pending_migrations(db)
        .await?
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    Ok((applied, pending))
}

/// Rolls back the last `steps` migrations.
pub async fn migrate_down(db: &DatabaseConnection, steps: u32) -> Result<()> {
    Migrator::down(db, Some(steps)).await?;
    Ok(())
}

/// Cheap liveness query for readiness checks.
pub async fn ping(db: &DatabaseConnection) -> Result<()> {
    db.execute_unprepared("SELECT 1").await?;
    Ok(())
}
