//! Test support shared by the workspace's integration tests: a fresh, empty database per test on
//! SQLite (a temporary file) or PostgreSQL (a new database on the server named by
//! `TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/test`), dropped afterwards.
//! Tests run in parallel, so nothing is shared between them. [`TestDatabase::migrated`] gives
//! one with the schema in place; on PostgreSQL it is cloned from a template database migrated
//! once per set of migrations (kept on the server between runs).

use std::path::PathBuf;

pub mod git_support;
pub mod github_server;
pub mod kube_server;
pub mod receiver;
pub mod server;

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
        Self::postgres_from(None).await
    }

    async fn postgres_from(template: Option<&str>) -> anyhow::Result<Self> {
        let admin_url = postgres_admin_url();
        let name = format!("hnp_t_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(&admin_url).await.map_err(|e| {
            anyhow::anyhow!(
                "PostgreSQL test server {admin_url} is not reachable ({e}); run `make test`, \
                 which starts it, or set TEST_POSTGRES_URL"
            )
        })?;
        let sql = match template {
            Some(template) => format!("CREATE DATABASE {name} TEMPLATE {template}"),
            None => format!("CREATE DATABASE {name}"),
        };
        admin.execute_unprepared(&sql).await?;
        admin.close().await?;
        Ok(TestDatabase {
            backend: Backend::Postgres,
            url: postgres_url(&name),
            dir: None,
            pg_name: Some(name),
        })
    }

    /// A database with every migration applied. On PostgreSQL a copy of a template database
    /// migrated once per set of migrations (`CREATE DATABASE … TEMPLATE`, faster than running
    /// the migrations in every test); on SQLite a fresh file migrated here.
    pub async fn migrated(backend: Backend) -> anyhow::Result<Self> {
        match backend {
            Backend::Sqlite => {
                use hnp_migration::MigratorTrait;
                let db = Self::sqlite()?;
                let conn = Database::connect(&db.url).await?;
                hnp_migration::Migrator::up(&conn, None).await?;
                conn.close().await?;
                Ok(db)
            }
            Backend::Postgres => {
                let template = migrated_template().await?;
                Self::postgres_from(Some(&template)).await
            }
        }
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

/// The URL of database `name` on the PostgreSQL test server.
fn postgres_url(name: &str) -> String {
    let admin_url = postgres_admin_url();
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base.to_owned())
        .unwrap_or(admin_url);
    format!("{base}/{name}")
}

/// The name of the template database holding this build's migrations, created (migrated and
/// then renamed into place, under an advisory lock, so that concurrent test processes neither
/// race nor see a half-migrated template) when the server does not have it yet. Templates of
/// other migration sets are dropped on the way.
async fn migrated_template() -> anyhow::Result<String> {
    use hnp_migration::{Migrator, MigratorTrait};
    use std::hash::{Hash, Hasher};
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_try_init(|| async {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            for migration in Migrator::migrations() {
                migration.name().hash(&mut hasher);
            }
            // Their source too: a migration edited in place gets a new template.
            env!("HNP_MIGRATIONS_SOURCE_HASH").hash(&mut hasher);
            let name = format!("hnp_template_{:016x}", hasher.finish());
            // One connection: the advisory lock below belongs to the session that takes it.
            let mut options = sea_orm::ConnectOptions::new(postgres_admin_url());
            options
                .max_connections(1)
                .min_connections(1)
                .sqlx_logging(false);
            let admin = Database::connect(options).await?;
            let exists = |admin: &DatabaseConnection, name: String| {
                let admin = admin.clone();
                async move {
                    let row = admin
                        .query_one_raw(Statement::from_sql_and_values(
                            DbBackend::Postgres,
                            "SELECT 1 AS found FROM pg_database WHERE datname = $1",
                            [name.into()],
                        ))
                        .await?;
                    anyhow::Ok(row.is_some())
                }
            };
            if !exists(&admin, name.clone()).await? {
                admin
                    .execute_unprepared("SELECT pg_advisory_lock(7812026)")
                    .await?;
                let created = async {
                    if exists(&admin, name.clone()).await? {
                        return anyhow::Ok(());
                    }
                    let building = format!("{name}_build_{}", uuid::Uuid::new_v4().simple());
                    admin
                        .execute_unprepared(&format!("CREATE DATABASE {building}"))
                        .await?;
                    let db = Database::connect(&postgres_url(&building)).await?;
                    Migrator::up(&db, None).await?;
                    db.close().await?;
                    admin
                        .execute_unprepared(&format!("ALTER DATABASE {building} RENAME TO {name}"))
                        .await?;
                    let stale = admin
                        .query_all_raw(Statement::from_sql_and_values(
                            DbBackend::Postgres,
                            "SELECT datname FROM pg_database WHERE datname LIKE 'hnp_template_%' \
                             AND datname <> $1",
                            [name.clone().into()],
                        ))
                        .await?;
                    for row in stale {
                        let old: String = row.try_get("", "datname")?;
                        admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS {old} WITH (FORCE)"
                            ))
                            .await?;
                    }
                    Ok(())
                }
                .await;
                admin
                    .execute_unprepared("SELECT pg_advisory_unlock(7812026)")
                    .await?;
                created?;
            }
            admin.close().await?;
            Ok(name)
        })
        .await
        .cloned()
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

/// A real git remote for tests: a bare repository (`git init --bare`, branch `main`) and a work
/// tree that commits and pushes to it with the git CLI.
pub struct GitFixture {
    dir: tempfile::TempDir,
}

impl GitFixture {
    pub fn new() -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        let fixture = GitFixture { dir };
        let remote = fixture.remote_path();
        git(
            dir_of(&fixture),
            &[
                "init",
                "-q",
                "--bare",
                "-b",
                "main",
                remote.to_str().unwrap(),
            ],
        )?;
        let work = fixture.work_path();
        git(
            dir_of(&fixture),
            &["init", "-q", "-b", "main", work.to_str().unwrap()],
        )?;
        git(
            &work,
            &["remote", "add", "origin", remote.to_str().unwrap()],
        )?;
        Ok(fixture)
    }

    pub fn remote_path(&self) -> PathBuf {
        self.dir.path().join("remote.git")
    }

    pub fn work_path(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    /// `file://` URL of the bare remote.
    pub fn url(&self) -> String {
        format!("file://{}", self.remote_path().display())
    }

    /// Writes a file in the work tree (creating directories).
    pub fn write(&self, path: &str, content: impl AsRef<[u8]>) -> anyhow::Result<()> {
        let full = self.work_path().join(path);
        std::fs::create_dir_all(full.parent().unwrap())?;
        std::fs::write(full, content)?;
        Ok(())
    }

    pub fn remove(&self, path: &str) -> anyhow::Result<()> {
        std::fs::remove_file(self.work_path().join(path))?;
        Ok(())
    }

    /// Reads a file of the remote's `main` branch (None when absent).
    pub fn remote_file(&self, path: &str) -> anyhow::Result<Option<String>> {
        let output = std::process::Command::new("git")
            .current_dir(self.remote_path())
            .args(["show", &format!("main:{path}")])
            .output()?;
        Ok(output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned()))
    }

    /// Commits everything and pushes to the remote; returns the commit id.
    pub fn commit(&self, message: &str) -> anyhow::Result<String> {
        let work = self.work_path();
        git(&work, &["add", "-A"])?;
        git(
            &work,
            &[
                "-c",
                "user.name=Test",
                "-c",
                "user.email=test@example.com",
                "commit",
                "-q",
                "--allow-empty",
                "-m",
                message,
            ],
        )?;
        // Follow commits HNP pushed meanwhile.
        let _ = git(&work, &["pull", "-q", "--rebase", "origin", "main"]);
        git(&work, &["push", "-q", "origin", "HEAD:main"])?;
        let head = git(&work, &["rev-parse", "HEAD"])?;
        Ok(head.trim().to_owned())
    }

    /// Brings commits pushed by HNP into the work tree.
    pub fn pull(&self) -> anyhow::Result<()> {
        git(
            &self.work_path(),
            &["pull", "-q", "--rebase", "origin", "main"],
        )?;
        Ok(())
    }

    /// Commit ids of the remote's `main`, newest first.
    pub fn remote_log(&self) -> anyhow::Result<Vec<String>> {
        let out = git(&self.remote_path(), &["log", "--format=%H", "main"])?;
        Ok(out.lines().map(str::to_owned).collect())
    }
}

fn dir_of(fixture: &GitFixture) -> &std::path::Path {
    fixture.dir.path()
}

/// Runs git in `dir`; returns stdout or an error with stderr.
pub fn git(dir: &std::path::Path, args: &[&str]) -> anyhow::Result<String> {
    Ok(git_support::git(dir, args)?)
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A valid VPC document named `name`; `i` makes its subnet and VLAN unique.
pub fn vpc_doc(name: &str, i: usize) -> String {
    format!(
        "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: {name}\nspec:\n  subnets:\n    default:\n      subnet: 10.{}.{}.0/24\n      vlan: {}\n",
        i / 256,
        i % 256,
        1001 + i
    )
}

/// A git remote whose `fabrics/dc1` holds `files` files of `per_file` VPCs each
/// (`vpc-0000`, `vpc-0001`, …).
pub fn vpc_repository(files: usize, per_file: usize) -> GitFixture {
    let git = GitFixture::new().unwrap();
    for f in 0..files {
        let docs: Vec<String> = (0..per_file)
            .map(|d| {
                let i = f * per_file + d;
                vpc_doc(&format!("vpc-{i:04}"), i)
            })
            .collect();
        git.write(&format!("fabrics/dc1/vpcs-{f:02}.yaml"), docs.join("---\n"))
            .unwrap();
    }
    git.commit("vpcs").unwrap();
    git
}
