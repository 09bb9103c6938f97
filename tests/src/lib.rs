//! Test support shared by the workspace's integration tests: a fresh, empty database per test on
//! SQLite (a temporary file) or PostgreSQL (a new database on the server named by
//! `TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/test`), dropped afterwards.
//! Tests run in parallel, so nothing is shared between them.

use std::path::PathBuf;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};

/// Default server for PostgreSQL tests (`make test` makes sure it is reachable).
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// An empty database that exists for the lifetime of this value.
pub struct TestDatabase {
    pub backend: Backend,
    pub url: String,
    dir: Option<tempfile::TempDir>,
    pg_name: Option<String>,
}

impl TestDatabase {
    pub async fn new(backend: Backend) -> anyhow::Result<Self> {
        match backend {
            Backend::Sqlite => Self::sqlite(),
            Backend::Postgres => Self::postgres().await,
        }
    }

    pub fn sqlite() -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("hnp.sqlite").display()
        );
        Ok(TestDatabase {
            backend: Backend::Sqlite,
            url,
            dir: Some(dir),
            pg_name: None,
        })
    }

    pub async fn postgres() -> anyhow::Result<Self> {
        let admin_url = postgres_admin_url();
        let name = format!("hnp_t_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(&admin_url).await.map_err(|e| {
            anyhow::anyhow!(
                "PostgreSQL test server {admin_url} is not reachable ({e}); run `make test`, \
                 which starts it, or set TEST_POSTGRES_URL"
            )
        })?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
        admin.close().await?;
        let base = admin_url
            .rsplit_once('/')
            .map(|(base, _)| base.to_owned())
            .unwrap_or(admin_url);
        Ok(TestDatabase {
            backend: Backend::Postgres,
            url: format!("{base}/{name}"),
            dir: None,
            pg_name: Some(name),
        })
    }

    /// A plain connection (no HNP pragmas), for schema-level tests.
    pub async fn connect(&self) -> anyhow::Result<DatabaseConnection> {
        Ok(Database::connect(&self.url).await?)
    }

    /// The SQLite file, when this is a SQLite database.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.path().join("hnp.sqlite"))
    }

    /// A scratch directory next to the database (SQLite only has one; others get a new one).
    pub fn dir(&self) -> Option<&std::path::Path> {
        self.dir.as_ref().map(|d| d.path())
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        let admin_url = postgres_admin_url();
        // Drop runs inside async tests; use a separate thread with its own runtime.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let admin = Database::connect(&admin_url).await.ok()?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await
                    .ok()?;
                admin.close().await.ok()
            })
        })
        .join();
    }
}

/// Column names and types of every application table, sorted, for schema comparisons.
pub async fn schema_snapshot(db: &DatabaseConnection) -> anyhow::Result<Vec<String>> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => {
            "SELECT m.name || '.' || p.name || ':' || p.type || ':' || p.\"notnull\" || ':' || \
             COALESCE(p.dflt_value, '') AS c FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY c"
        }
        _ => {
            "SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable || \
             ':' || COALESCE(column_default, '') AS c FROM information_schema.columns \
             WHERE table_schema = 'public' ORDER BY c"
        }
    };
    let rows = db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?;
    let mut columns = Vec::new();
    for row in rows {
        columns.push(row.try_get::<String>("", "c")?);
    }
    let index_sql = match backend {
        DbBackend::Sqlite => {
            "SELECT 'index ' || name || ' ' || COALESCE(sql, '') AS c FROM sqlite_master \
             WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY c"
        }
        _ => {
            "SELECT 'index ' || indexname || ' ' || indexdef AS c FROM pg_indexes \
             WHERE schemaname = 'public' ORDER BY c"
        }
    };
    for row in db
        .query_all_raw(Statement::from_string(backend, index_sql))
        .await?
    {
        columns.push(row.try_get::<String>("", "c")?);
    }
    Ok(columns)
}
