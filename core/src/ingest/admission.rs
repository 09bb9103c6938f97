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
use serde_json::Value;

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

/// Checks the desired state of every resource of the fabric and stores each one's errors;
/// returns how many resources have errors. Only rows whose errors changed are written.
pub(crate) async fn flag(db: &impl ConnectionTrait, fabric_id: i32) -> Result<u32> {
    use resource::Column as C;
    let rows = resource::Entity::find()
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
        .filter(C::FabricId.eq(fabric_id))
        .into_model::<Row>()
        .all(db)
        .await?;
    let mut objects = Vec::with_capacity(rows.len());
    let mut of_object = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        let Some(spec) = &row.desired_spec else {
            continue;
        };
        objects.push(object(row, spec.clone()));
        of_object.push(index);
    }
    let problems = admission::check(&objects, &Options::known_fabric(true));
    let mut errors: Vec<Option<Value>> = vec![None; rows.len()];
    for (problems, &index) in problems.iter().zip(&of_object) {
        let found = admission::field_errors(problems);
        if !found.is_empty() {
            errors[index] = Some(serde_json::to_value(found).unwrap_or_default());
        }
    }
    let invalid = errors.iter().filter(|e| e.is_some()).count() as u32;
    let mut cleared = Vec::new();
    for (row, errors) in rows.iter().zip(errors) {
        if row.admission_errors == errors {
            continue;
        }
        match errors {
            None => cleared.push(row.id),
            Some(errors) => {
                resource::Entity::update_many()
                    .set(resource::ActiveModel {
                        admission_errors: Set(Some(errors)),
                        ..Default::default()
                    })
                    .filter(C::Id.eq(row.id))
                    .exec(db)
                    .await?;
            }
        }
    }
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
    Ok(invalid)
}

fn object(row: &Row, spec: Value) -> Object {
    let annotations = row
        .annotations
        .as_ref()
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    Object {
        kind: row.kind.clone(),
        api_version: row.api_version.clone(),
        namespace: row.namespace.clone(),
        name: row.name.clone(),
        spec,
        annotations,
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
pub(crate) fn warning(invalid: u32) -> Option<String> {
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
