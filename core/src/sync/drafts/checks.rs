//! What a draft is checked against besides its schema: references that exist nowhere, and
//! Hedgehog's admission rules over the fabric as it would be.

use std::collections::HashSet;

use hnp_entity::enums::DraftOperation;
use hnp_entity::resource;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};
use serde_json::{Value, json};

use crate::error::{Problem, Result};
use crate::hedgehog::admission;
use crate::hedgehog::kinds;
use crate::hedgehog::validate;
use crate::sync::ingest::parse::ResourceKey;

/// References of `spec` to resources that exist neither in the fabric (desired, actual or a
/// pending non-delete draft) nor among `also_present`.
pub async fn dangling_references(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    namespace: &str,
    kind: &str,
    spec: &Value,
    also_present: &[ResourceKey],
) -> Result<Vec<Problem>> {
    let mut found =
        dangling_references_of(db, fabric_id, &[(namespace, kind, spec)], also_present).await?;
    Ok(found.pop().unwrap_or_default())
}

/// [`dangling_references`] of many specs (`(namespace, kind, spec)`), in their order, with one
/// query per 100 distinct referenced resources instead of one per reference.
pub(crate) async fn dangling_references_of(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    specs: &[(&str, &str, &Value)],
    also_present: &[ResourceKey],
) -> Result<Vec<Vec<Problem>>> {
    use sea_orm::Condition;
    let references: Vec<Vec<(ResourceKey, validate::Reference)>> = specs
        .iter()
        .map(|(namespace, kind, spec)| {
            validate::references(kind, spec)
                .into_iter()
                .map(|reference| {
                    let key = ResourceKey {
                        kind: reference.kind.to_owned(),
                        namespace: (*namespace).to_owned(),
                        name: reference.name.clone(),
                    };
                    (key, reference)
                })
                .collect()
        })
        .collect();
    let also: HashSet<&ResourceKey> = also_present.iter().collect();
    let wanted: Vec<&ResourceKey> = references
        .iter()
        .flatten()
        .map(|(key, _)| key)
        .filter(|key| !also.contains(key))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut present: HashSet<ResourceKey> = HashSet::new();
    for chunk in wanted.chunks(100) {
        let any = crate::db::resource_keys(fabric_id, chunk.iter().copied());
        let exists = Condition::any()
            .add(resource::Column::DesiredSpec.is_not_null())
            .add(resource::Column::ActualSpec.is_not_null())
            .add(
                resource::Column::DraftOperation
                    .is_in([DraftOperation::Create, DraftOperation::Update]),
            );
        let rows: Vec<(String, String, String)> = resource::Entity::find()
            .select_only()
            .columns([
                resource::Column::Kind,
                resource::Column::Namespace,
                resource::Column::Name,
            ])
            .filter(resource::Column::FabricId.eq(fabric_id))
            .filter(any)
            .filter(exists)
            .into_tuple()
            .all(db)
            .await?;
        present.extend(rows.into_iter().map(|(kind, namespace, name)| ResourceKey {
            kind,
            namespace,
            name,
        }));
    }
    Ok(references
        .into_iter()
        .map(|references| {
            references
                .into_iter()
                .filter(|(key, _)| !also.contains(key) && !present.contains(key))
                .map(|(_, reference)| Problem {
                    path: reference.path,
                    message: format!(
                        "{} {:?} does not exist in this fabric (it may exist only in the cluster)",
                        reference.kind, reference.name
                    ),
                })
                .collect()
        })
        .collect())
}

/// One resource of a fabric as admission sees it: its desired state and its pending draft.
#[derive(Debug, Clone, FromQueryResult)]
pub(crate) struct FabricRow {
    pub kind: String,
    pub api_version: String,
    pub namespace: String,
    pub name: String,
    pub desired_spec: Option<Value>,
    pub draft_spec: Option<Value>,
    pub draft_operation: Option<DraftOperation>,
    pub annotations: Option<Value>,
    pub admission_errors: Option<Value>,
}

impl FabricRow {
    pub(crate) fn key(&self) -> ResourceKey {
        ResourceKey {
            kind: self.kind.clone(),
            namespace: self.namespace.clone(),
            name: self.name.clone(),
        }
    }

    /// The spec once its pending draft is written: the draft's (`{}` when it has none), none
    /// for a delete, else the desired spec.
    pub(crate) fn pending_spec(&self) -> Option<Value> {
        match self.draft_operation {
            Some(DraftOperation::Delete) => None,
            Some(_) => Some(self.draft_spec.clone().unwrap_or_else(|| json!({}))),
            None => self.desired_spec.clone(),
        }
    }

    /// This resource as an admission object with `spec`.
    pub(crate) fn object(&self, spec: Value) -> admission::Object {
        let annotations = admission::Object::annotations_of(self.annotations.as_ref());
        admission::Object {
            kind: self.kind.clone(),
            api_version: self.api_version.clone(),
            namespace: self.namespace.clone(),
            name: self.name.clone(),
            spec,
            annotations,
            source: None,
        }
    }
}

/// The resources of a fabric whose kind is one of `kinds`, with desired state and draft.
pub(crate) async fn fabric_rows(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    kinds: &[&str],
) -> Result<Vec<FabricRow>> {
    use resource::Column as C;
    Ok(resource::Entity::find()
        .select_only()
        .columns([
            C::Kind,
            C::ApiVersion,
            C::Namespace,
            C::Name,
            C::DesiredSpec,
            C::DraftSpec,
            C::DraftOperation,
            C::Annotations,
            C::AdmissionErrors,
        ])
        .filter(C::FabricId.eq(fabric_id))
        .filter(C::Kind.is_in(kinds.iter().map(|k| (*k).to_owned())))
        .into_model::<FabricRow>()
        .all(db)
        .await?)
}

/// Hedgehog admission errors of `spec` as the draft of `key`, checked against the fabric with
/// every other pending draft applied (creates, updates, deletes). Kinds without admission rules
/// get none (their schema is checked by [`validate::validate`]).
pub(super) async fn admission_errors(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    key: &ResourceKey,
    info: &kinds::KindInfo,
    spec: &Value,
) -> Result<Vec<Problem>> {
    if !admission::COVERED_KINDS.contains(&info.kind) {
        return Ok(Vec::new());
    }
    let rows = fabric_rows(db, fabric_id, &admission::CONTEXT_KINDS).await?;
    let mut objects = Vec::with_capacity(rows.len() + 1);
    let mut annotations = None;
    for row in &rows {
        if row.kind == key.kind && row.namespace == key.namespace && row.name == key.name {
            annotations = row.annotations.clone();
            continue;
        }
        if let Some(spec) = row.pending_spec() {
            objects.push(row.object(spec));
        }
    }
    let this = FabricRow {
        kind: info.kind.to_owned(),
        api_version: info.api_version(),
        namespace: key.namespace.clone(),
        name: key.name.clone(),
        desired_spec: None,
        draft_spec: None,
        draft_operation: None,
        annotations,
        admission_errors: None,
    };
    objects.push(this.object(spec.clone()));
    // The schema was checked already; the other objects are context only.
    let problems = admission::check(&objects, &admission::Options::known_fabric(false));
    Ok(problems
        .last()
        .map(|p| admission::field_errors(p))
        .unwrap_or_default())
}
