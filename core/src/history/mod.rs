//! Resource history: events recorded when things happen to a resource, in the same transaction
//! as the change (`resource_events`). Ingestion records what Git commits did ([`git`]: one
//! event per resource per commit, with the changed field paths), a backfill walks older history
//! ([`backfill`]), drafts, conflicts and cluster reads record their own events through
//! [`record`]. Reads are in `crate::queries::history`.
//!
//! Events derived from Git are recorded once per (resource, commit, event kind): an ingestion
//! only walks commits newer than the ones it ingested before, and a backfill ([`record_new`])
//! skips the events already there.

pub mod backfill;
pub mod git;
pub mod paths;

use chrono::{DateTime, SubsecRound, Utc};
use hnp_entity::enums::ResourceEventKind;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::Value;

use crate::error::Result;
use crate::hedgehog::kinds::ResourceKey;

/// Longest message kept with an event (commit messages are hostile input).
pub const MAX_MESSAGE: usize = 4096;

/// An event to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub key: ResourceKey,
    pub kind: ResourceEventKind,
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub commit: Option<String>,
    pub operation_id: Option<String>,
    pub message: Option<String>,
    pub paths: Vec<String>,
}

impl NewEvent {
    /// An event happening now, done by `actor` (an HNP user or `system`). The time is kept in
    /// whole seconds, like Git's dates: events of the same second are then ordered as recorded
    /// (a write-back's commit after the draft saved in the same second).
    pub fn now(key: ResourceKey, kind: ResourceEventKind, actor: &str) -> Self {
        NewEvent {
            key,
            kind,
            at: Utc::now().trunc_subsecs(0),
            actor: Some(actor.to_owned()),
            commit: None,
            operation_id: None,
            message: None,
            paths: Vec::new(),
        }
    }

    pub fn with_paths(mut self, paths: Vec<String>) -> Self {
        self.paths = paths::bounded(paths);
        self
    }

    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(truncate(message.into()));
        self
    }
}

/// `text` cut to [`MAX_MESSAGE`] bytes on a character boundary.
pub fn truncate(mut text: String) -> String {
    if text.len() > MAX_MESSAGE {
        let mut end = MAX_MESSAGE;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

const COLUMNS: [&str; 11] = [
    "fabric_id",
    "resource_kind",
    "namespace",
    "name",
    "event_kind",
    "at",
    "actor",
    "commit_sha",
    "operation_id",
    "message",
    "paths",
];

/// Rows per INSERT: 11 values a row stays well under SQLite's 32766 bound values.
const CHUNK: usize = 1000;

fn insert_sql(backend: DbBackend, rows: usize) -> String {
    let width = COLUMNS.len();
    let mut sql = String::with_capacity(64 + rows * width * 5);
    sql.push_str("INSERT INTO resource_events (");
    sql.push_str(&COLUMNS.join(", "));
    sql.push_str(") VALUES ");
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..width {
            if column > 0 {
                sql.push_str(", ");
            }
            placeholder(&mut sql, backend, row * width + column + 1);
        }
        sql.push(')');
    }
    sql
}

/// Records `events` of a fabric with multi-row INSERTs. Returns how many rows were written.
///
/// Runs of consecutive events that differ only in their resource (the `CREATED` events of a
/// commit that adds many resources: one a resource on a first ingestion) are inserted with the
/// shared values bound once a statement and three values a row, the rest eleven a row.
pub async fn record(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    events: Vec<NewEvent>,
) -> Result<u64> {
    let backend = db.get_database_backend();
    let mut written = 0;
    let mut wide: Vec<NewEvent> = Vec::new();
    let mut events = events.into_iter().peekable();
    while let Some(first) = events.next() {
        let mut run = vec![first];
        while let Some(next) = events.next_if(|e| same_but_resource(&run[0], e)) {
            run.push(next);
        }
        if run.len() >= MIN_RUN {
            written += record_wide(db, backend, fabric_id, std::mem::take(&mut wide)).await?;
            written += record_run(db, backend, fabric_id, run).await?;
        } else {
            wide.extend(run);
        }
    }
    written += record_wide(db, backend, fabric_id, wide).await?;
    Ok(written)
}

/// Shortest run of events worth a statement of its own.
const MIN_RUN: usize = 64;

/// Rows per INSERT of a run: three values a row.
const RUN_CHUNK: usize = 5000;

fn same_but_resource(a: &NewEvent, b: &NewEvent) -> bool {
    a.kind == b.kind
        && a.at == b.at
        && a.actor == b.actor
        && a.commit == b.commit
        && a.operation_id == b.operation_id
        && a.message == b.message
        && a.paths == b.paths
}

/// Placeholder number `n` (1-based) in the backend's syntax.
fn placeholder(sql: &mut String, backend: DbBackend, n: usize) {
    match backend {
        DbBackend::Postgres => {
            sql.push('$');
            sql.push_str(&n.to_string());
        }
        _ => sql.push('?'),
    }
}

/// `INSERT … SELECT <shared values>, v.column1, v.column2, v.column3 FROM (VALUES …) AS v`.
fn run_sql(backend: DbBackend, rows: usize) -> String {
    let mut sql = String::with_capacity(256 + rows * 16);
    sql.push_str("INSERT INTO resource_events (");
    sql.push_str(&COLUMNS.join(", "));
    sql.push_str(") SELECT ");
    // fabric_id, then the key from VALUES, then the seven shared values.
    placeholder(&mut sql, backend, 1);
    sql.push_str(", v.column1, v.column2, v.column3");
    for n in 2..=8 {
        sql.push_str(", ");
        placeholder(&mut sql, backend, n);
    }
    sql.push_str(" FROM (VALUES ");
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..3 {
            if column > 0 {
                sql.push_str(", ");
            }
            placeholder(&mut sql, backend, 9 + row * 3 + column);
        }
        sql.push(')');
    }
    sql.push_str(") AS v");
    sql
}

/// Records a run of events sharing all but their resource.
async fn record_run(
    db: &impl ConnectionTrait,
    backend: DbBackend,
    fabric_id: i32,
    run: Vec<NewEvent>,
) -> Result<u64> {
    let Some(shared) = run.first().cloned() else {
        return Ok(0);
    };
    let shared_values = vec![
        fabric_id.into(),
        shared.kind.as_str().into(),
        shared.at.into(),
        shared.actor.into(),
        shared.commit.into(),
        shared.operation_id.into(),
        shared.message.into(),
        (!shared.paths.is_empty())
            .then(|| Value::from(shared.paths))
            .into(),
    ];
    insert_chunked(
        db,
        run,
        RUN_CHUNK,
        &shared_values,
        |rows| run_sql(backend, rows),
        |event, values| {
            values.push(event.key.kind.into());
            values.push(event.key.namespace.into());
            values.push(event.key.name.into());
        },
    )
    .await
}

/// Records events eleven values a row.
async fn record_wide(
    db: &impl ConnectionTrait,
    backend: DbBackend,
    fabric_id: i32,
    events: Vec<NewEvent>,
) -> Result<u64> {
    insert_chunked(
        db,
        events,
        CHUNK,
        &[],
        |rows| insert_sql(backend, rows),
        |event, values| {
            values.push(fabric_id.into());
            values.push(event.key.kind.into());
            values.push(event.key.namespace.into());
            values.push(event.key.name.into());
            values.push(event.kind.as_str().into());
            values.push(event.at.into());
            values.push(event.actor.into());
            values.push(event.commit.into());
            values.push(event.operation_id.into());
            values.push(event.message.into());
            values.push(
                (!event.paths.is_empty())
                    .then(|| Value::from(event.paths))
                    .into(),
            );
        },
    )
    .await
}

/// Inserts `events` `chunk` rows a statement: `sql_for(rows)` is the statement (built once a
/// size), bound to `shared` and then each event's values. Returns how many rows were written.
async fn insert_chunked(
    db: &impl ConnectionTrait,
    events: Vec<NewEvent>,
    chunk: usize,
    shared: &[sea_orm::Value],
    sql_for: impl Fn(usize) -> String,
    values_of: impl Fn(NewEvent, &mut Vec<sea_orm::Value>),
) -> Result<u64> {
    let backend = db.get_database_backend();
    let mut written = 0;
    let mut cached: Option<(usize, String)> = None;
    let mut events = events.into_iter().peekable();
    while events.peek().is_some() {
        let rows: Vec<NewEvent> = events.by_ref().take(chunk).collect();
        let n = rows.len();
        let sql = match &cached {
            Some((size, sql)) if *size == n => sql.clone(),
            _ => {
                let sql = sql_for(n);
                cached = Some((n, sql.clone()));
                sql
            }
        };
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(shared.len() + n * 11);
        values.extend(shared.iter().cloned());
        for event in rows {
            values_of(event, &mut values);
        }
        written += db
            .execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?
            .rows_affected();
    }
    Ok(written)
}

/// Identity of an event derived from Git.
type GitIdentity = (String, String, String, String, String);

/// Records the events from Git among `events` that are not recorded yet (same resource, commit
/// and event kind); other events are recorded as they are. Returns how many rows were written.
pub async fn record_new(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    events: Vec<NewEvent>,
) -> Result<u64> {
    use hnp_entity::resource_event::Column as C;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let existing: Vec<GitIdentity> = hnp_entity::resource_event::Entity::find()
        .select_only()
        .columns([
            C::ResourceKind,
            C::Namespace,
            C::Name,
            C::CommitSha,
            C::EventKind,
        ])
        .filter(C::FabricId.eq(fabric_id))
        .filter(C::CommitSha.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    let mut seen: std::collections::HashSet<GitIdentity> = existing.into_iter().collect();
    let fresh: Vec<NewEvent> = events
        .into_iter()
        .filter(|e| match &e.commit {
            Some(commit) => seen.insert((
                e.key.kind.clone(),
                e.key.namespace.clone(),
                e.key.name.clone(),
                commit.clone(),
                e.kind.as_str(),
            )),
            None => true,
        })
        .collect();
    record(db, fabric_id, fresh).await
}

/// Records one event.
pub async fn record_one(db: &impl ConnectionTrait, fabric_id: i32, event: NewEvent) -> Result<()> {
    record(db, fabric_id, vec![event]).await.map(|_| ())
}
