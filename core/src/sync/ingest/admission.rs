//! Hedgehog admission at ingestion: after a commit is applied, the fabric's desired state is
//! checked once as a whole ([`crate::hedgehog::admission::check`], linear in the number of
//! resources) and each resource's errors are stored in `admission_errors` (`[{path, message}]`,
//! null when admitted or without desired state). Nothing is refused: Git is the source of
//! truth; the flags show what the cluster will refuse before the GitOps agent applies it.
//!
//! The check is the API server's and the webhooks' (schema and name rules, then Hedgehog's
//! rules), with references to objects HNP does not know reported as warnings only (the cluster
//! may hold them; see [`crate::hedgehog::admission::Options::known_fabric`]); warnings are not
//! stored.

use hnp_entity::resource;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QuerySelect, Set,
};
use std::collections::HashSet;

use serde_json::Value;

use super::parse::{DesiredDoc, ResourceKey};
use crate::error::Result;
use crate::hedgehog::admission::{self, Object, Options};

#[derive(Debug, FromQueryResult)]
struct Row {
    id: i32,
    kind: String,
    api_version: String,
    namespace: String,
    name: String,
    desired_spec: Option<Value>,
    annotations: Option<Value>,
    admission_errors: Option<Value>,
}

/// The resources an incremental ingestion changed: ids of rewritten and deleted rows, keys of
/// created ones, and whether any of them is of a kind the cross-object rules read.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    pub ids: Vec<i32>,
    pub keys: Vec<ResourceKey>,
    pub context: bool,
}

impl Touched {
    /// What `plan` is about to change. A rewritten document whose admission inputs (apiVersion,
    /// spec, annotations) are what the database holds already — a comment or formatting edit, a
    /// move to another file — changes nobody's admission and is left out.
    pub(crate) async fn of(
        db: &impl ConnectionTrait,
        fabric_id: i32,
        plan: &super::plan::Plan,
    ) -> Result<Self> {
        let mut touched = Touched::default();
        let note = |kind: &str| admission::CONTEXT_KINDS.contains(&kind);
        let mut context = false;
        for doc in &plan.creates {
            context |= note(&doc.kind);
            touched.keys.push(doc.key());
        }
        let mut stored = std::collections::HashMap::new();
        let ids: Vec<i32> = plan.rewrites.iter().map(|(id, _)| *id).collect();
        for chunk in ids.chunks(500) {
            let rows = load(db, fabric_id, Some(C::Id.is_in(chunk.iter().copied()))).await?;
            stored.extend(rows.into_iter().map(|row| (row.id, row)));
        }
        for (id, doc) in &plan.rewrites {
            let same = stored.get(id).is_some_and(|row| {
                row.api_version == doc.api_version
                    && row.desired_spec.as_ref() == Some(&doc.spec)
                    && row.annotations == doc.annotations
            });
            if same {
                continue;
            }
            context |= note(&doc.kind);
            touched.ids.push(*id);
        }
        for existing in &plan.deletes {
            context |= note(&existing.key.kind);
            touched.ids.push(existing.id);
        }
        touched.context = context;
        Ok(touched)
    }

    /// Nothing admission reads changed.
    pub(crate) fn is_empty(&self) -> bool {
        self.ids.is_empty() && self.keys.is_empty()
    }
}

/// Checks the fabric's desired state and stores each resource's errors; returns how many
/// resources of the fabric have errors. Only rows whose errors changed are written.
///
/// With `touched` (an incremental ingestion) and no touched resource of a kind the rules read
/// across objects ([`admission::CONTEXT_KINDS`]), only the touched resources are checked: the
/// problems of such a resource depend on itself alone (schema and name rules), and nobody
/// else's depend on it. Otherwise the whole fabric is checked, once.
pub(crate) async fn flag(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    touched: Option<&Touched>,
) -> Result<u32> {
    if touched.is_some_and(Touched::is_empty) {
        return Ok(invalid_count(db, fabric_id).await? as u32);
    }
    if let Some(touched) = touched.filter(|t| !t.context) {
        let mut rows = load(
            db,
            fabric_id,
            Some(C::Id.is_in(touched.ids.iter().copied())),
        )
        .await?;
        for keys in touched.keys.chunks(100) {
            let any = crate::db::resource_keys(fabric_id, keys);
            rows.extend(load(db, fabric_id, Some(any)).await?);
        }
        let recheck = vec![true; rows.len()];
        store(db, fabric_id, &mut rows, &recheck).await?;
        return Ok(invalid_count(db, fabric_id).await? as u32);
    }
    let mut rows = load(db, fabric_id, None::<sea_orm::Condition>).await?;
    // A resource this run did not touch and that had no error passes the schema and name rules
    // still (they read the object alone): only the cross-object rules must see it again.
    let recheck: Vec<bool> = match touched {
        None => vec![true; rows.len()],
        Some(touched) => {
            let ids: HashSet<i32> = touched.ids.iter().copied().collect();
            let keys: HashSet<&ResourceKey> = touched.keys.iter().collect();
            rows.iter()
                .map(|row| {
                    row.admission_errors.is_some()
                        || ids.contains(&row.id)
                        || keys.contains(&ResourceKey {
                            kind: row.kind.clone(),
                            namespace: row.namespace.clone(),
                            name: row.name.clone(),
                        })
                })
                .collect()
        }
    };
    store(db, fabric_id, &mut rows, &recheck).await
}

use resource::Column as C;

async fn load(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    filter: Option<impl sea_orm::sea_query::IntoCondition>,
) -> Result<Vec<Row>> {
    let mut query = resource::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::Kind,
            C::ApiVersion,
            C::Namespace,
            C::Name,
            C::DesiredSpec,
            C::Annotations,
            C::AdmissionErrors,
        ])
        .filter(C::FabricId.eq(fabric_id));
    if let Some(filter) = filter {
        query = query.filter(filter);
    }
    Ok(query.into_model::<Row>().all(db).await?)
}

/// The errors of each object checked as one set (`None` when admitted), as stored in
/// `admission_errors`; the schema and name rules only on the objects `recheck` selects
/// (`None`: all).
pub(crate) fn errors_of(objects: &[Object], recheck: Option<&[bool]>) -> Vec<Option<Value>> {
    let options = Options::known_fabric(true);
    match recheck {
        None => admission::check(objects, &options),
        Some(recheck) => admission::check_selected(objects, &options, &|i| recheck[i]),
    }
    .iter()
    .map(|problems| stored_form(problems))
    .collect()
}

/// An object's errors among `problems` as stored in `admission_errors` (`None`: admitted).
pub(crate) fn stored_form(problems: &[admission::Problem]) -> Option<Value> {
    let found = admission::field_errors(problems);
    (!found.is_empty()).then(|| serde_json::to_value(found).unwrap_or_default())
}

/// Records the `admission_errors` notification of an ingestion of `commit` that left
/// `invalid` resources failing admission (the first 20 named), in the ingestion's transaction.
pub(crate) async fn notify(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    commit: &str,
    invalid: u32,
) -> Result<()> {
    use sea_orm::{QueryOrder, QuerySelect};
    let named: Vec<(String, String, String)> = resource::Entity::find()
        .select_only()
        .columns([C::Kind, C::Namespace, C::Name])
        .filter(C::FabricId.eq(fabric_id))
        .filter(C::AdmissionErrors.is_not_null())
        .order_by_asc(C::Kind)
        .order_by_asc(C::Name)
        .limit(20)
        .into_tuple()
        .all(db)
        .await?;
    crate::notify::record(
        db,
        fabric_id,
        crate::notify::Event::AdmissionErrors,
        &format!("admission_errors:{fabric_id}:{commit}"),
        serde_json::json!({
            "commit": commit,
            "invalid": invalid,
            "resources": named
                .into_iter()
                .map(|(kind, namespace, name)| serde_json::json!({"kind": kind, "namespace": namespace, "name": name}))
                .collect::<Vec<_>>(),
        }),
    )
    .await
}

/// Writes the errors of freshly inserted resources (whose `admission_errors` is null), found by
/// key; returns how many have errors.
pub(crate) async fn store_new(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    keys: &[ResourceKey],
    errors: Vec<Option<Value>>,
) -> Result<u32> {
    let found: Vec<(Target<'_>, Value)> = keys
        .iter()
        .zip(errors)
        .filter_map(|(key, errors)| Some((Target::Key(key), errors?)))
        .collect();
    set_errors(db, fabric_id, &found).await?;
    Ok(found.len() as u32)
}

/// Sets `admission_errors` of the resources of a fabric named by key.
pub(super) async fn set_errors_by_key(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    rows: impl IntoIterator<Item = (&ResourceKey, &Value)>,
) -> Result<()> {
    let rows: Vec<(Target<'_>, Value)> = rows
        .into_iter()
        .map(|(key, errors)| (Target::Key(key), errors.clone()))
        .collect();
    set_errors(db, fabric_id, &rows).await
}

/// A row to set errors on: by id, or by key within the fabric.
enum Target<'a> {
    Id(i32),
    Key(&'a ResourceKey),
}

/// Rows per statement of [`set_errors`] (at most 4 parameters a row, far below every
/// backend's limit).
const SET_CHUNK: usize = 200;

/// Sets `admission_errors` of many rows, [`SET_CHUNK`] rows a statement
/// (`UPDATE resources SET … FROM (VALUES …) AS v WHERE <row is v's>`, one index lookup per
/// row; SQLite ≥ 3.33 and PostgreSQL): a statement per row costs a driver round trip each (620
/// rows took about 60 ms on SQLite), and `CASE`/`OR` chains scan the fabric's rows.
async fn set_errors(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    rows: &[(Target<'_>, Value)],
) -> Result<()> {
    let backend = db.get_database_backend();
    let postgres = backend == sea_orm::DbBackend::Postgres;
    for (by_id, chunk) in [
        (
            true,
            rows.iter()
                .filter(|(t, _)| matches!(t, Target::Id(_)))
                .collect::<Vec<_>>(),
        ),
        (
            false,
            rows.iter()
                .filter(|(t, _)| matches!(t, Target::Key(_)))
                .collect(),
        ),
    ] {
        for chunk in chunk.chunks(SET_CHUNK) {
            let mut values: Vec<sea_orm::Value> = Vec::with_capacity(chunk.len() * 4 + 1);
            let mut param = |value: sea_orm::Value| {
                values.push(value);
                if postgres {
                    format!("${}", values.len())
                } else {
                    format!("?{}", values.len())
                }
            };
            let mut tuples = Vec::with_capacity(chunk.len());
            for (target, errors) in chunk {
                let mut cells = match target {
                    Target::Id(id) => vec![param((*id).into())],
                    Target::Key(key) => vec![
                        param(key.kind.as_str().into()),
                        param(key.namespace.as_str().into()),
                        param(key.name.as_str().into()),
                    ],
                };
                let errors = param(errors.clone().into());
                cells.push(if postgres {
                    format!("CAST({errors} AS jsonb)")
                } else {
                    errors
                });
                tuples.push(format!("({})", cells.join(", ")));
            }
            let fabric = param(fabric_id.into());
            let (errors, matches) = if by_id {
                ("v.column2", "resources.id = v.column1".to_owned())
            } else {
                (
                    "v.column4",
                    "resources.kind = v.column1 AND resources.namespace = v.column2 \
                     AND resources.name = v.column3"
                        .to_owned(),
                )
            };
            let sql = format!(
                "UPDATE resources SET admission_errors = {errors} FROM (VALUES {}) AS v \
                 WHERE resources.fabric_id = {fabric} AND {matches}",
                tuples.join(", ")
            );
            db.execute_raw(sea_orm::Statement::from_sql_and_values(
                backend, sql, values,
            ))
            .await?;
        }
    }
    Ok(())
}

/// Checks `rows` as one set (the schema and name rules on those `recheck` selects) and writes
/// the errors that changed; returns how many have errors.
async fn store(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    rows: &mut [Row],
    recheck: &[bool],
) -> Result<u32> {
    let mut objects = Vec::with_capacity(rows.len());
    let mut of_object = Vec::with_capacity(rows.len());
    let mut selected = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter_mut().enumerate() {
        // Moved out: only ids and stored errors are read afterwards.
        let Some(spec) = row.desired_spec.take() else {
            continue;
        };
        selected.push(recheck[index]);
        objects.push(Object {
            kind: row.kind.clone(),
            api_version: row.api_version.clone(),
            namespace: row.namespace.clone(),
            name: row.name.clone(),
            spec,
            annotations: Object::annotations_of(row.annotations.as_ref()),
            source: None,
        });
        of_object.push(index);
    }
    let mut errors: Vec<Option<Value>> = vec![None; rows.len()];
    for (found, &index) in errors_of(&objects, Some(&selected))
        .into_iter()
        .zip(&of_object)
    {
        errors[index] = found;
    }
    let invalid = errors.iter().filter(|e| e.is_some()).count() as u32;
    let changed = rows
        .iter()
        .zip(errors)
        .filter(|(row, errors)| &row.admission_errors != errors)
        .map(|(row, errors)| (row.id, errors))
        .collect();
    write_changed(db, fabric_id, changed).await?;
    Ok(invalid)
}

/// Writes `admission_errors` of rows by id (`None` clears them).
pub(super) async fn write_changed(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    rows: Vec<(i32, Option<Value>)>,
) -> Result<()> {
    let mut cleared = Vec::new();
    let mut changed = Vec::new();
    for (id, errors) in rows {
        match errors {
            None => cleared.push(id),
            Some(errors) => changed.push((Target::Id(id), errors)),
        }
    }
    set_errors(db, fabric_id, &changed).await?;
    for chunk in cleared.chunks(500) {
        resource::Entity::update_many()
            .set(resource::ActiveModel {
                admission_errors: Set(None),
                ..Default::default()
            })
            .filter(C::Id.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The object a parsed document stands for (moved, not copied).
pub(crate) fn object_of(doc: DesiredDoc) -> Object {
    Object {
        annotations: Object::annotations_of(doc.annotations.as_ref()),
        kind: doc.kind,
        api_version: doc.api_version,
        namespace: doc.namespace,
        name: doc.name,
        spec: doc.spec,
        source: None,
    }
}

/// Resources of a fabric whose desired state has admission errors (one indexed count).
pub async fn invalid_count(db: &impl ConnectionTrait, fabric_id: i32) -> Result<u64> {
    Ok(resource::Entity::find()
        .filter(resource::Column::FabricId.eq(fabric_id))
        .filter(resource::Column::AdmissionErrors.is_not_null())
        .count(db)
        .await?)
}

/// The operation's warning for `invalid` resources the cluster will refuse.
pub fn warning(invalid: u32) -> Option<String> {
    match invalid {
        0 => None,
        1 => Some(
            "1 resource breaks Hedgehog admission rules: the cluster will refuse it".to_owned(),
        ),
        n => Some(format!(
            "{n} resources break Hedgehog admission rules: the cluster will refuse them"
        )),
    }
}
