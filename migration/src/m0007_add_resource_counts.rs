//! Resources per fabric, kept by the database itself: `resource_counts(fabric_id, total)` is
//! maintained by triggers on every insert and delete of `resources` (row triggers on SQLite,
//! statement triggers with transition tables on PostgreSQL), in the same transaction as the
//! change. A page of resources filtered only by fabric reads its `totalCount` from here instead
//! of counting the fabric's rows on every request. Existing rows are counted when migrating.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &[&str] = &[
    "CREATE TABLE resource_counts (fabric_id INTEGER PRIMARY KEY NOT NULL, total INTEGER NOT NULL DEFAULT 0)",
    "CREATE TRIGGER resource_counts_insert AFTER INSERT ON resources BEGIN \
       INSERT INTO resource_counts (fabric_id, total) VALUES (NEW.fabric_id, 1) \
       ON CONFLICT (fabric_id) DO UPDATE SET total = total + 1; END",
    "CREATE TRIGGER resource_counts_delete AFTER DELETE ON resources BEGIN \
       UPDATE resource_counts SET total = total - 1 WHERE fabric_id = OLD.fabric_id; END",
    "INSERT INTO resource_counts (fabric_id, total) \
       SELECT fabric_id, COUNT(*) FROM resources GROUP BY fabric_id",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS resource_counts_insert",
    "DROP TRIGGER IF EXISTS resource_counts_delete",
    "DROP TABLE IF EXISTS resource_counts",
];

const POSTGRES_UP: &[&str] = &[
    "CREATE TABLE resource_counts (fabric_id INTEGER PRIMARY KEY NOT NULL, total BIGINT NOT NULL DEFAULT 0)",
    "CREATE FUNCTION hnp_resource_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
       INSERT INTO resource_counts (fabric_id, total) \
         SELECT fabric_id, COUNT(*) FROM hnp_new_rows GROUP BY fabric_id \
       ON CONFLICT (fabric_id) DO UPDATE SET total = resource_counts.total + EXCLUDED.total; \
       RETURN NULL; END $$",
    "CREATE FUNCTION hnp_resource_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
       UPDATE resource_counts c SET total = c.total - d.n \
         FROM (SELECT fabric_id, COUNT(*) AS n FROM hnp_old_rows GROUP BY fabric_id) d \
         WHERE c.fabric_id = d.fabric_id; \
       RETURN NULL; END $$",
    "CREATE TRIGGER resource_counts_insert AFTER INSERT ON resources \
       REFERENCING NEW TABLE AS hnp_new_rows FOR EACH STATEMENT \
       EXECUTE FUNCTION hnp_resource_counts_insert()",
    "CREATE TRIGGER resource_counts_delete AFTER DELETE ON resources \
       REFERENCING OLD TABLE AS hnp_old_rows FOR EACH STATEMENT \
       EXECUTE FUNCTION hnp_resource_counts_delete()",
    "INSERT INTO resource_counts (fabric_id, total) \
       SELECT fabric_id, COUNT(*) FROM resources GROUP BY fabric_id",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS resource_counts_insert ON resources",
    "DROP TRIGGER IF EXISTS resource_counts_delete ON resources",
    "DROP FUNCTION IF EXISTS hnp_resource_counts_insert()",
    "DROP FUNCTION IF EXISTS hnp_resource_counts_delete()",
    "DROP TABLE IF EXISTS resource_counts",
];

async fn run(manager: &SchemaManager<'_>, sqlite: &[&str], postgres: &[&str]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let statements = match db.get_database_backend() {
        DbBackend::Postgres => postgres,
        _ => sqlite,
    };
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, SQLITE_UP, POSTGRES_UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, SQLITE_DOWN, POSTGRES_DOWN).await
    }
}
