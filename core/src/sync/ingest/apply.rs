//! Writing a [`Plan`] to the database in one transaction.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use hnp_entity::enums::{DriftStatus, ResourceState};
use hnp_entity::{fabric, resource};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, Set,
};
use serde_json::Value;

use crate::error::Result;
use crate::progress::Counters;

use super::parse::{DesiredDoc, ResourceKey};
use super::plan::{Existing, Plan, Scope};

/// Rows per multi-row INSERT: at most 16 bound values per row, SQLite allows 32766 per
/// statement and PostgreSQL 65535.
const INSERT_CHUNK: usize = 500;
const SELECT_CHUNK: usize = 500;

#[derive(Debug, FromQueryResult)]
struct ExistingRow {
    id: i32,
    kind: String,
    namespace: String,
    name: String,
    managed_file_path: Option<String>,
    file_hash: Option<String>,
    has_desired: bool,
    has_actual: bool,
    has_draft: bool,
}

/// Whether the fabric has any resource at all (one indexed row lookup).
pub async fn has_resources(db: &impl ConnectionTrait, fabric_id: i32) -> Result<bool> {
    use resource::Column as C;
    let first: Option<i32> = resource::Entity::find()
        .select_only()
        .column(C::Id)
        .filter(C::FabricId.eq(fabric_id))
        .into_tuple()
        .one(db)
        .await?;
    Ok(first.is_some())
}

/// Above this many paths + keys, an incremental run loads the whole fabric instead.
const NARROW_LIMIT: usize = 400;

/// Which resources [`load_existing`] must return.
pub enum Selection<'a> {
    /// Every resource of the fabric.
    All,
    /// Resources mapped to one of `paths` or having one of `keys` (what an incremental run can
    /// touch: documents of changed files and duplicates of their keys).
    Touching {
        paths: &'a [String],
        keys: &'a [ResourceKey],
    },
}

/// The identity, file mapping and state presence of the selected resources of a fabric.
pub async fn load_existing(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    selection: Selection<'_>,
) -> Result<Vec<Existing>> {
    use resource::Column as C;
    let query = || {
        resource::Entity::find()
            .select_only()
            .columns([
                C::Id,
                C::Kind,
                C::Namespace,
                C::Name,
                C::ManagedFilePath,
                C::FileHash,
            ])
            .column_as(Expr::col(C::DesiredSpec).is_not_null(), "has_desired")
            .column_as(Expr::col(C::ActualSpec).is_not_null(), "has_actual")
            .column_as(Expr::col(C::DraftSpec).is_not_null(), "has_draft")
    };
    let rows: Vec<ExistingRow> = match selection {
        Selection::Touching { paths, keys } if paths.len() + keys.len() <= NARROW_LIMIT => {
            // Paths and keys apart: each query is then index lookups (an `OR` of both kinds
            // makes SQLite scan the fabric).
            let mut rows: Vec<ExistingRow> = Vec::new();
            if !paths.is_empty() {
                rows = query()
                    .filter(C::FabricId.eq(fabric_id))
                    .filter(C::ManagedFilePath.is_in(paths.iter().cloned()))
                    .into_model()
                    .all(db)
                    .await?;
            }
            let mut seen: std::collections::HashSet<i32> = rows.iter().map(|r| r.id).collect();
            for chunk in keys.chunks(200) {
                let found: Vec<ExistingRow> = query()
                    .filter(crate::db::resource_keys(fabric_id, chunk))
                    .into_model()
                    .all(db)
                    .await?;
                rows.extend(found.into_iter().filter(|r| seen.insert(r.id)));
            }
            rows
        }
        _ => {
            query()
                .filter(C::FabricId.eq(fabric_id))
                .into_model()
                .all(db)
                .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|r| Existing {
            id: r.id,
            key: ResourceKey {
                kind: r.kind,
                namespace: r.namespace,
                name: r.name,
            },
            path: r.managed_file_path,
            hash: r.file_hash,
            has_desired: r.has_desired,
            has_actual: r.has_actual,
            has_draft: r.has_draft,
        })
        .collect())
}

#[derive(Debug, FromQueryResult)]
struct DesiredRow {
    id: i32,
    desired_spec: Option<Value>,
    labels: Option<Value>,
    annotations: Option<Value>,
}

/// Columns written for a new resource; the others take their database defaults (NULL states,
/// default sync direction, conflict and drift status).
const INSERT_COLUMNS: [&str; 16] = [
    "fabric_id",
    "kind",
    "api_version",
    "namespace",
    "name",
    "desired_spec",
    "labels",
    "annotations",
    "managed_file_path",
    "file_hash",
    "last_file_sync",
    "desired_commit",
    "desired_updated",
    "resource_state",
    "created_at",
    "updated_at",
];

/// Inserts new resources with multi-row INSERT statements built once per chunk size. This is
/// the bulk path of a first ingest; going through per-row ActiveModels cost about twice as much.
pub(super) async fn insert_new(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    rows: Vec<NewRow>,
    commit: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let backend = db.get_database_backend();
    let mut rows = rows.into_iter().peekable();
    let mut sql_cache: Option<(usize, String)> = None;
    while rows.peek().is_some() {
        let chunk: Vec<NewRow> = rows.by_ref().take(INSERT_CHUNK).collect();
        let rows = chunk.len();
        let sql = match &sql_cache {
            Some((cached_rows, sql)) if *cached_rows == rows => sql.clone(),
            _ => {
                let sql = insert_sql(backend, rows);
                sql_cache = Some((rows, sql.clone()));
                sql
            }
        };
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(rows * INSERT_COLUMNS.len());
        for row in chunk {
            values.push(fabric_id.into());
            values.push(row.key.kind.into());
            values.push(row.api_version.into());
            values.push(row.key.namespace.into());
            values.push(row.key.name.into());
            values.push(row.spec.into());
            values.push(row.labels.into());
            values.push(row.annotations.into());
            values.push(row.path.into());
            values.push(row.hash.into());
            values.push(now.into());
            values.push(commit.to_owned().into());
            values.push(now.into());
            values.push(ResourceState::Committed.as_str().into());
            values.push(now.into());
            values.push(now.into());
        }
        db.execute_raw(sea_orm::Statement::from_sql_and_values(
            backend, sql, values,
        ))
        .await?;
    }
    Ok(())
}

/// A new resource row as [`insert_new`] binds it: the JSON columns already serialized (which
/// the first ingest does on its parse threads), so that nothing is cloned or serialized on the
/// way into the database.
#[derive(Debug)]
pub(super) struct NewRow {
    /// Kind, namespace and name.
    pub key: ResourceKey,
    api_version: String,
    spec: String,
    labels: Option<String>,
    annotations: Option<String>,
    path: String,
    hash: String,
}

impl NewRow {
    pub fn of(doc: &DesiredDoc) -> Self {
        let json = |value: &serde_json::Value| value.to_string();
        NewRow {
            key: doc.key(),
            api_version: doc.api_version.clone(),
            spec: json(&doc.spec),
            labels: doc.labels.as_ref().map(json),
            annotations: doc.annotations.as_ref().map(json),
            path: doc.path.clone(),
            hash: doc.hash.clone(),
        }
    }
}

/// The INSERT of `rows` new resources. Parameters are positional: SQLite looks a numbered
/// one (`?5`) up in a list of all of them, which made statements of thousands of parameters
/// slower to bind than to run.
fn insert_sql(backend: sea_orm::DbBackend, rows: usize) -> String {
    let postgres = backend == sea_orm::DbBackend::Postgres;
    let width = INSERT_COLUMNS.len();
    let mut sql = format!(
        "INSERT INTO resources ({}) VALUES ",
        INSERT_COLUMNS.join(", ")
    );
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for (column, name) in INSERT_COLUMNS.iter().enumerate() {
            if column > 0 {
                sql.push_str(", ");
            }
            if postgres {
                sql.push_str(&format!("${}", row * width + column + 1));
                // Spec, labels and annotations arrive as JSON text.
                if matches!(*name, "desired_spec" | "labels" | "annotations") {
                    sql.push_str("::jsonb");
                }
            } else {
                sql.push('?');
            }
        }
        sql.push(')');
    }
    sql
}

/// Applies `plan` (computed against `commit`) and records the fabric's new commit and per-file
/// status. Returns the resource counters.
pub async fn apply(
    db: &impl ConnectionTrait,
    fabric: &fabric::Model,
    commit: &str,
    plan: &mut Plan,
    scope: &Scope,
) -> Result<Counters> {
    let now = Utc::now();
    let mut counters = Counters {
        created: plan.creates.len() as u32,
        unchanged: plan.unchanged,
        deleted: plan.deletes.len() as u32,
        ..Counters::default()
    };

    let creates = std::mem::take(&mut plan.creates);
    insert_new(
        db,
        fabric.id,
        creates.iter().map(NewRow::of).collect(),
        commit,
        now,
    )
    .await?;

    let rewrites = std::mem::take(&mut plan.rewrites);
    let mut current: HashMap<i32, DesiredRow> = HashMap::new();
    for ids in rewrites.chunks(SELECT_CHUNK) {
        use resource::Column as C;
        let rows = resource::Entity::find()
            .select_only()
            .columns([C::Id, C::DesiredSpec, C::Labels, C::Annotations])
            .filter(C::Id.is_in(ids.iter().map(|(id, _)| *id)))
            .into_model::<DesiredRow>()
            .all(db)
            .await?;
        current.extend(rows.into_iter().map(|r| (r.id, r)));
    }
    for (id, doc) in rewrites {
        let changed = current.get(&id).is_none_or(|row| {
            row.desired_spec.as_ref() != Some(&doc.spec)
                || row.labels != doc.labels
                || row.annotations != doc.annotations
        });
        if changed {
            counters.updated += 1;
        } else {
            counters.unchanged += 1;
        }
        let mut update = resource::ActiveModel {
            id: sea_orm::ActiveValue::Unchanged(id),
            api_version: Set(doc.api_version),
            desired_spec: Set(Some(doc.spec)),
            labels: Set(doc.labels),
            annotations: Set(doc.annotations),
            desired_commit: Set(Some(commit.to_owned())),
            managed_file_path: Set(Some(doc.path)),
            file_hash: Set(Some(doc.hash)),
            last_file_sync: Set(Some(now)),
            updated_at: Set(now),
            ..Default::default()
        };
        if changed {
            update.desired_updated = Set(Some(now));
        }
        resource::Entity::update_many()
            .set(update)
            .filter(resource::Column::Id.eq(id))
            .exec(db)
            .await?;
    }

    let deletes = std::mem::take(&mut plan.deletes);
    let (keep, remove): (Vec<_>, Vec<_>) = deletes
        .into_iter()
        .partition(|e| e.has_actual || e.has_draft);
    for ids in remove.chunks(SELECT_CHUNK) {
        resource::Entity::delete_many()
            .filter(resource::Column::Id.is_in(ids.iter().map(|e| e.id)))
            .exec(db)
            .await?;
    }
    for existing in keep {
        let (state, drift) = if existing.has_actual {
            (ResourceState::Orphaned, DriftStatus::ActualOnly)
        } else {
            (ResourceState::Draft, DriftStatus::Unknown)
        };
        resource::Entity::update_many()
            .set(resource::ActiveModel {
                desired_spec: Set(None),
                desired_commit: Set(Some(commit.to_owned())),
                desired_updated: Set(Some(now)),
                managed_file_path: Set(None),
                file_hash: Set(None),
                last_file_sync: Set(Some(now)),
                resource_state: Set(state),
                drift_status: Set(drift),
                updated_at: Set(now),
                ..Default::default()
            })
            .filter(resource::Column::Id.eq(existing.id))
            .exec(db)
            .await?;
    }

    let mut status: BTreeMap<String, Value> = match (scope, &fabric.file_status) {
        (Scope::Incremental { .. }, Some(Value::Object(map))) => {
            map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
        }
        _ => BTreeMap::new(),
    };
    for path in &plan.cleared_files {
        status.remove(path);
    }
    for error in &plan.errors {
        let blob = plan
            .failed_files
            .get(&error.path)
            .map(|(blob, _)| blob.clone());
        status.insert(
            error.path.clone(),
            serde_json::json!({ "error": error.message, "blob": blob }),
        );
    }
    let mut fabric_update: fabric::ActiveModel = fabric.clone().into();
    fabric_update.desired_state_commit = Set(Some(commit.to_owned()));
    fabric_update.file_status = Set(if status.is_empty() {
        None
    } else {
        Some(Value::Object(status.into_iter().collect()))
    });
    fabric_update.updated_at = Set(now);
    fabric_update.update(db).await?;
    Ok(counters)
}
