//! Database connection and migrations (SQLite or PostgreSQL, chosen by URL).

use std::time::Duration;

use hnp_migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use crate::error::{Error, Result};

/// Connects to `url`. SQLite gets WAL, a busy timeout and foreign keys on.
pub async fn connect(url: &str) -> Result<DatabaseConnection> {
    let sqlite = url.starts_with("sqlite:");
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30));
    if sqlite {
        // Each SQLite connection is a worker thread; on small machines a few connections serve
        // more requests per second than many (less thread switching), and SQLite has one writer.
        options.max_connections(4).min_connections(1);
        options.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                // Checkpoints run in the background (`spawn_checkpointer`).
                .pragma("wal_autocheckpoint", "0")
        });
    } else {
        options.max_connections(20);
    }
    let mut db = Database::connect(options)
        .await
        .map_err(|e| Error::Config(format!("cannot connect to the database: {e}")))?;
    db.set_metric_callback(|_| {
        STATEMENTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    });
    if sqlite {
        spawn_checkpointer(db.get_sqlite_connection_pool().clone());
    }
    Ok(db)
}

/// How often [`spawn_checkpointer`] checkpoints.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// SQLite checkpoints (copies the write-ahead log into the database file and syncs it) inside
/// the COMMIT that grows the log past 1,000 pages, so the transaction of a large ingest waited
/// for a checkpoint of its whole log. Connections of [`connect`] turn that off, and this task
/// checkpoints in the background instead, `PASSIVE` (it never waits for readers or writers),
/// once a second (with nothing new in the log that is a few microseconds). It ends when the
/// pool is closed.
fn spawn_checkpointer(pool: sea_orm::sqlx::SqlitePool) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(CHECKPOINT_EVERY);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if pool.is_closed() {
                break;
            }
            let checkpoint = sea_orm::sqlx::query("PRAGMA wal_checkpoint(PASSIVE)");
            if let Err(e) = checkpoint.execute(&pool).await {
                tracing::debug!(error = %e, "background WAL checkpoint failed");
            }
        }
    });
}

/// A JSON column as a partial select (`into_tuple`) reads it: SQLite hands the column back as
/// its text, a JSON string, which is parsed here; other values pass through. Text that is not
/// JSON reads as absent.
pub fn json_column(value: Option<serde_json::Value>) -> Option<serde_json::Value> {
    match value {
        Some(serde_json::Value::String(text)) => serde_json::from_str(&text).ok(),
        other => other,
    }
}

/// Statements executed through connections of [`connect`] in this process.
static STATEMENTS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many database statements this process has executed (`hnp_db_statements` in
/// `/metrics`; tests use it to prove a read is batched).
pub fn statements_executed() -> u64 {
    STATEMENTS.load(std::sync::atomic::Ordering::Relaxed)
}

/// Begins a transaction that will write. On SQLite it is `BEGIN IMMEDIATE`: the write lock is
/// taken (waiting up to the busy timeout) before the first read, so a transaction that reads and
/// then writes cannot fail with `SQLITE_BUSY_SNAPSHOT` ("database is locked", code 517) when
/// another connection committed in between. PostgreSQL ignores the mode.
pub async fn begin_write(
    db: &DatabaseConnection,
) -> std::result::Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// Rows a change must touch before [`refresh_statistics`] looks at the table.
const BULK_ROWS: u64 = 100;

/// After a bulk change of `changed` rows of `table`, refreshes PostgreSQL's planner statistics
/// when they are stale enough to mislead it: never gathered, or the change is more than a fifth
/// of the rows they counted. Autovacuum gets there too, but only on its next round (a minute or
/// more), and until then a fabric's first 10,000 resources look like a few dozen: the resources
/// page was planned as a scan and sort of the whole fabric (about 10 ms a page instead of under
/// 1 ms). SQLite plans without statistics here. A failure is logged, not returned: the change
/// is committed and statistics only speed up reads.
pub async fn refresh_statistics(db: &DatabaseConnection, table: &'static str, changed: u64) {
    if db.get_database_backend() != sea_orm::DbBackend::Postgres || changed < BULK_ROWS {
        return;
    }
    let refresh = async {
        let row = db
            .query_one_raw(sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Postgres,
                "SELECT reltuples::float8 FROM pg_class WHERE oid = to_regclass($1)",
                [table.into()],
            ))
            .await?;
        let counted: f64 = match row {
            Some(row) => row.try_get_by_index(0)?,
            None => return Ok(false),
        };
        if counted >= 0.0 && (changed as f64) * 5.0 <= counted {
            return Ok(false);
        }
        db.execute_unprepared(&format!("ANALYZE {table}")).await?;
        Ok::<_, DbErr>(true)
    };
    match refresh.await {
        Ok(true) => tracing::debug!(table, changed, "planner statistics refreshed"),
        Ok(false) => {}
        Err(e) => tracing::warn!(table, error = %e, "cannot refresh planner statistics"),
    }
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

/// Rows per statement of [`update_by_id`]: well under SQLite's and PostgreSQL's bind limits.
const UPDATE_CHUNK: usize = 400;

/// Updates many rows of `table` by primary key `id`, a few hundred per statement:
/// `WITH v(id, c1, …) AS (VALUES (…), …) UPDATE table SET c1 = v.c1, …, f = <fixed> FROM v
/// WHERE table.id = v.id`. Each of `rows` is an id and one value per column of `columns`;
/// `fixed` are column values shared by every row (timestamps). One statement per chunk instead
/// of one per row (SQLite ≥ 3.33 and PostgreSQL both accept `UPDATE … FROM`).
pub async fn update_by_id(
    db: &impl ConnectionTrait,
    table: &str,
    columns: &[&str],
    rows: Vec<(i32, Vec<sea_orm::Value>)>,
    fixed: &[(&str, sea_orm::Value)],
) -> Result<()> {
    let backend = db.get_database_backend();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<(i32, Vec<sea_orm::Value>)> = rows.by_ref().take(UPDATE_CHUNK).collect();
        let mut values: Vec<sea_orm::Value> =
            Vec::with_capacity(chunk.len() * (columns.len() + 1) + fixed.len());
        let mut placeholder = |value: sea_orm::Value| {
            values.push(value);
            match backend {
                sea_orm::DbBackend::Postgres => format!("${}", values.len()),
                _ => "?".to_owned(),
            }
        };
        let mut sql = format!("WITH v(id, {}) AS (VALUES ", columns.join(", "));
        for (i, (id, row)) in chunk.into_iter().enumerate() {
            debug_assert_eq!(row.len(), columns.len());
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            sql.push_str(&placeholder(id.into()));
            for value in row {
                sql.push_str(", ");
                sql.push_str(&placeholder(value));
            }
            sql.push(')');
        }
        sql.push_str(&format!(") UPDATE {table} SET "));
        let mut sets: Vec<String> = columns.iter().map(|c| format!("{c} = v.{c}")).collect();
        for (column, value) in fixed {
            let p = placeholder(value.clone());
            sets.push(format!("{column} = {p}"));
        }
        sql.push_str(&sets.join(", "));
        sql.push_str(&format!(" FROM v WHERE {table}.id = v.id"));
        db.execute_raw(sea_orm::Statement::from_sql_and_values(
            backend, sql, values,
        ))
        .await?;
    }
    Ok(())
}

/// Rows of `fabric_id` with any of `keys` (kind, namespace, name). The fabric is repeated in
/// every alternative so that each one is a lookup in the resources' identity index (SQLite
/// reads `fabric_id = ? AND (k1 OR k2 …)` as a scan of the fabric's rows, testing every key on
/// each); callers pass a bounded number of keys (some hundreds) a query.
pub(crate) fn resource_keys<'a>(
    fabric_id: i32,
    keys: impl IntoIterator<Item = &'a crate::sync::ingest::parse::ResourceKey>,
) -> sea_orm::Condition {
    use hnp_entity::resource::Column as C;
    use sea_orm::{ColumnTrait, Condition};
    keys.into_iter().fold(Condition::any(), |any, key| {
        any.add(
            Condition::all()
                .add(C::FabricId.eq(fabric_id))
                .add(C::Kind.eq(key.kind.clone()))
                .add(C::Namespace.eq(key.namespace.clone()))
                .add(C::Name.eq(key.name.clone())),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{DbBackend, Statement};

    async fn file_db(dir: &tempfile::TempDir) -> DatabaseConnection {
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("t.sqlite").display()
        );
        let db = connect(&url).await.unwrap();
        db.execute_unprepared(
            "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT, w TEXT, at TEXT)",
        )
        .await
        .unwrap();
        db
    }

    async fn scalar(db: &impl ConnectionTrait, sql: &str) -> String {
        let row = db
            .query_one_raw(Statement::from_string(DbBackend::Sqlite, sql))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<String>(0).unwrap()
    }

    /// A write transaction that reads first, while another connection commits before the
    /// transaction's first write, must not fail with SQLITE_BUSY_SNAPSHOT ("database is locked",
    /// code 517): with `begin_write` the other writer waits for the transaction instead.
    #[tokio::test]
    async fn write_transactions_survive_a_concurrent_commit_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let db = file_db(&dir).await;
        db.execute_unprepared("INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b')")
            .await
            .unwrap();

        let txn = begin_write(&db).await.unwrap();
        assert_eq!(scalar(&txn, "SELECT v FROM t WHERE id = 1").await, "a");
        let other = {
            let db = db.clone();
            tokio::spawn(async move {
                db.execute_unprepared("UPDATE t SET v = 'other' WHERE id = 2")
                    .await
                    .map(|_| ())
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        txn.execute_unprepared("UPDATE t SET v = 'mine' WHERE id = 1")
            .await
            .expect("the transaction's write must not hit a stale snapshot");
        txn.commit().await.unwrap();
        other
            .await
            .unwrap()
            .expect("the other writer waits, then commits");
        assert_eq!(scalar(&db, "SELECT v FROM t WHERE id = 1").await, "mine");
        assert_eq!(scalar(&db, "SELECT v FROM t WHERE id = 2").await, "other");
    }

    /// A commit far past SQLite's automatic checkpoint threshold leaves the database file as
    /// it was (the log holds the change); the background task checkpoints it soon after.
    #[tokio::test]
    async fn large_commits_are_checkpointed_in_the_background() {
        let dir = tempfile::tempdir().unwrap();
        let db = file_db(&dir).await;
        let file = dir.path().join("t.sqlite");
        // Let any checkpoint of the table's creation pass first.
        tokio::time::sleep(CHECKPOINT_EVERY * 2).await;
        let before = std::fs::metadata(&file).unwrap().len();
        let txn = begin_write(&db).await.unwrap();
        txn.execute_unprepared(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
             INSERT INTO t (id, v) SELECT i, printf('%.200c', 'x') FROM n",
        )
        .await
        .unwrap();
        txn.commit().await.unwrap();
        let after_commit = std::fs::metadata(&file).unwrap().len();
        assert!(
            after_commit < before + 1_000_000,
            "the commit checkpointed: {before} -> {after_commit} bytes"
        );
        let deadline = std::time::Instant::now() + CHECKPOINT_EVERY * 10;
        loop {
            let now = std::fs::metadata(&file).unwrap().len();
            if now > before + 4_000_000 {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "not checkpointed: {before} -> {now} bytes"
            );
            tokio::time::sleep(CHECKPOINT_EVERY / 4).await;
        }
        assert_eq!(
            scalar(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM t").await,
            "20000"
        );
    }

    #[tokio::test]
    async fn update_by_id_writes_each_row_its_values_in_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let db = file_db(&dir).await;
        let n = UPDATE_CHUNK as i32 * 2 + 7;
        let values: Vec<String> = (1..=n + 1)
            .map(|i| format!("({i}, 'old', 'old')"))
            .collect();
        db.execute_unprepared(&format!(
            "INSERT INTO t (id, v, w) VALUES {}",
            values.join(", ")
        ))
        .await
        .unwrap();
        let rows = (1..=n)
            .map(|i| {
                let w: Option<String> = (i % 2 == 0).then(|| format!("w{i}"));
                (i, vec![format!("v{i}").into(), w.into()])
            })
            .collect();
        update_by_id(&db, "t", &["v", "w"], rows, &[("at", "now".into())])
            .await
            .unwrap();
        assert_eq!(scalar(&db, "SELECT v FROM t WHERE id = 1").await, "v1");
        assert_eq!(
            scalar(&db, &format!("SELECT v FROM t WHERE id = {n}")).await,
            format!("v{n}")
        );
        assert_eq!(
            scalar(&db, "SELECT COALESCE(w, 'null') FROM t WHERE id = 3").await,
            "null"
        );
        assert_eq!(scalar(&db, "SELECT w FROM t WHERE id = 4").await, "w4");
        assert_eq!(
            scalar(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM t WHERE at = 'now'").await,
            n.to_string()
        );
        // The row not named keeps its values.
        let last = n + 1;
        assert_eq!(
            scalar(
                &db,
                &format!("SELECT v || w || COALESCE(at, '-') FROM t WHERE id = {last}")
            )
            .await,
            "oldold-"
        );
    }
}
