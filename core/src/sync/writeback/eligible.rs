//! Which pending drafts go into a write-back's commit: not in conflict, allowed by their
//! resource's sync direction, valid against the schema, Hedgehog's admission and update rules
//! over the change set as a whole, and (for deletes) not referred to by resources that stay.

use std::collections::{BTreeMap, HashMap, HashSet};

use hnp_entity::enums::{ConflictStatus, DraftOperation, SyncDirection};
use hnp_entity::resource;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use super::{Options, RunState, Skipped, Warning, render};
use crate::context::Core;
use crate::error::{Problem, Result};
use crate::hedgehog::validate;
use crate::sync::drafts::FabricRow;
use crate::sync::ingest::{
    self,
    foreseen::{Assumed, Foreseen},
    parse::ResourceKey,
};

pub(super) fn skipped(key: &ResourceKey, reason: String) -> Skipped {
    Skipped {
        kind: key.kind.clone(),
        namespace: key.namespace.clone(),
        name: key.name.clone(),
        reason,
    }
}

pub(super) async fn resource_names(
    core: &Core,
    errors: &[(i32, String)],
) -> Result<HashMap<i32, ResourceKey>> {
    if errors.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = resource::Entity::find()
        .filter(resource::Column::Id.is_in(errors.iter().map(|(id, _)| *id)))
        .all(&core.db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.id, key_of(&r))).collect())
}

fn key_of(row: &resource::Model) -> ResourceKey {
    ResourceKey {
        kind: row.kind.clone(),
        namespace: row.namespace.clone(),
        name: row.name.clone(),
    }
}

/// Which kinds may refer to a kind (for refusing deletes of referenced resources).
fn referrer_kinds(kind: &str) -> &'static [&'static str] {
    match kind {
        "VPC" => &["VPCAttachment", "VPCPeering", "ExternalPeering"],
        "Connection" => &["VPCAttachment", "ExternalAttachment"],
        "Switch" | "Server" => &["Connection"],
        "External" => &["ExternalAttachment", "ExternalPeering"],
        "IPv4Namespace" => &["VPC", "External"],
        "VLANNamespace" => &["Switch", "VPC"],
        "SwitchGroup" => &["Switch"],
        _ => &[],
    }
}

/// Pending drafts that can be written now: not in conflict, allowed by the resource's sync
/// direction, valid against the schema, and (for deletes) not referenced by resources that stay.
pub(super) async fn eligible(
    core: &Core,
    fabric_id: i32,
    options: &Options,
    state: &mut RunState,
) -> Result<Vec<render::Item>> {
    let mut query = resource::Entity::find()
        .filter(resource::Column::FabricId.eq(fabric_id))
        .filter(resource::Column::DraftOperation.is_not_null())
        .order_by_asc(resource::Column::Kind)
        .order_by_asc(resource::Column::Namespace)
        .order_by_asc(resource::Column::Name);
    if let Some(only) = &options.only {
        query = query.filter(resource::Column::Id.is_in(only.iter().copied()));
    }
    let rows = query.all(&core.db).await?;
    let blocked: HashSet<(String, String, String)> = state
        .conflicts
        .iter()
        .map(|c| (c.kind.clone(), c.namespace.clone(), c.name.clone()))
        .collect();
    let mut items = Vec::new();
    let mut deletes: Vec<&resource::Model> = Vec::new();
    for row in &rows {
        let key = key_of(row);
        let reason =
            if matches!(
                row.conflict_status,
                ConflictStatus::Detected | ConflictStatus::Resolving
            ) || blocked.contains(&(key.kind.clone(), key.namespace.clone(), key.name.clone()))
            {
                Some("has an open conflict; resolve it first".to_owned())
            } else if matches!(
                row.sync_direction,
                SyncDirection::GitToGui | SyncDirection::Disabled
            ) {
                Some(format!(
                    "sync direction of this resource is {}; it is not written to Git",
                    row.sync_direction
                ))
            } else {
                None
            };
        if let Some(reason) = reason {
            state.skipped.push(skipped(&key, reason));
            continue;
        }
        let operation = row.draft_operation.unwrap_or(DraftOperation::Update);
        let spec = row.draft_spec.clone().unwrap_or_else(|| json!({}));
        if operation != DraftOperation::Delete {
            let problems = validate::validate(&row.kind, &row.name, &row.namespace, &spec);
            if !problems.is_empty() {
                state.skipped.push(skipped(&key, invalid(&problems)));
                continue;
            }
        } else {
            deletes.push(row);
        }
        items.push(render::Item {
            resource_id: row.id,
            key,
            api_version: row.api_version.clone(),
            operation,
            spec,
            path: row.managed_file_path.clone(),
            labels: row.labels.clone(),
            annotations: row.annotations.clone(),
        });
    }

    // Deleting a referenced resource is refused unless its referrers go in the same commit.
    if !deletes.is_empty() {
        let deleting: HashSet<ResourceKey> = items
            .iter()
            .filter(|i| i.operation == DraftOperation::Delete)
            .map(|i| i.key.clone())
            .collect();
        let writing: HashMap<ResourceKey, &Value> = items
            .iter()
            .filter(|i| i.operation != DraftOperation::Delete)
            .map(|i| (i.key.clone(), &i.spec))
            .collect();
        let mut kinds: Vec<&str> = deletes
            .iter()
            .flat_map(|d| referrer_kinds(&d.kind).iter().copied())
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        let referrers = if kinds.is_empty() {
            Vec::new()
        } else {
            resource::Entity::find()
                .filter(resource::Column::FabricId.eq(fabric_id))
                .filter(resource::Column::Kind.is_in(kinds.iter().map(|k| (*k).to_owned())))
                .all(&core.db)
                .await?
        };
        let mut refused: BTreeMap<ResourceKey, Vec<String>> = BTreeMap::new();
        for referrer in &referrers {
            let key = key_of(referrer);
            if deleting.contains(&key) {
                continue;
            }
            let spec = match writing.get(&key) {
                Some(spec) => Some(*spec),
                None => referrer.desired_spec.as_ref(),
            };
            let Some(spec) = spec else { continue };
            for reference in validate::references(&referrer.kind, spec) {
                let target = ResourceKey {
                    kind: reference.kind.to_owned(),
                    namespace: referrer.namespace.clone(),
                    name: reference.name.clone(),
                };
                if deleting.contains(&target) {
                    refused.entry(target).or_default().push(format!(
                        "{} {} ({})",
                        referrer.kind, referrer.name, reference.path
                    ));
                }
            }
        }
        if !refused.is_empty() {
            items.retain(|item| {
                let Some(users) = refused.get(&item.key) else {
                    return true;
                };
                let mut users = users.clone();
                users.sort();
                users.dedup();
                state.skipped.push(skipped(
                    &item.key,
                    format!(
                        "cannot delete {}: still referenced by {}; delete those in the same commit",
                        item.key,
                        users.join(", ")
                    ),
                ));
                false
            });
        }
    }

    // Hedgehog admission over the change set as a whole (drafts that pass alone may conflict
    // with each other): refused drafts are skipped, the others still go.
    refuse_inadmissible(&core.db, fabric_id, &mut items, state).await?;

    // Dangling references are warnings only (the cluster may hold what Git does not).
    let creating: Vec<ResourceKey> = items
        .iter()
        .filter(|i| i.operation != DraftOperation::Delete)
        .map(|i| i.key.clone())
        .collect();
    let written: Vec<&render::Item> = items
        .iter()
        .filter(|i| i.operation != DraftOperation::Delete)
        .collect();
    let specs: Vec<(&str, &str, &Value)> = written
        .iter()
        .map(|i| (i.key.namespace.as_str(), i.key.kind.as_str(), &i.spec))
        .collect();
    let dangling =
        crate::sync::drafts::dangling_references_of(&core.db, fabric_id, &specs, &creating).await?;
    for (item, problems) in written.iter().zip(dangling) {
        state.warnings.extend(problems.into_iter().map(|p| Warning {
            kind: item.key.kind.clone(),
            namespace: item.key.namespace.clone(),
            name: item.key.name.clone(),
            path: p.path,
            message: p.message,
        }));
    }
    Ok(items)
}

/// Checks the fabric as it will be after this commit — desired state with every item applied
/// (creates, updates, deletes) — against Hedgehog's admission rules, once over the whole fabric.
/// Items of covered kinds with errors are taken out of the commit and reported as skipped; as
/// that changes the fabric (an attachment to a VPC that is no longer created), the check runs
/// again until no further item is refused.
async fn refuse_inadmissible(
    db: &sea_orm::DatabaseConnection,
    fabric_id: i32,
    items: &mut Vec<render::Item>,
    state: &mut RunState,
) -> Result<()> {
    use crate::hedgehog::admission;
    state.foreseen = None;
    let candidates = items.iter().any(|i| {
        i.operation != DraftOperation::Delete
            && admission::COVERED_KINDS.contains(&i.key.kind.as_str())
    });
    if !candidates {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let rows = crate::sync::drafts::fabric_rows(db, fabric_id, &admission::CONTEXT_KINDS).await?;
    tracing::debug!(
        ms = started.elapsed().as_secs_f64() * 1000.0,
        rows = rows.len(),
        "write-back: fabric loaded for admission"
    );
    // Resources Git already has (a refused update leaves them there).
    let existing: HashSet<ResourceKey> = rows
        .iter()
        .filter(|r| r.desired_spec.is_some())
        .map(|r| r.key())
        .collect();
    let mut refused: HashMap<ResourceKey, Vec<Problem>> = HashMap::new();
    // Changes of fields Hedgehog freezes once the object exists (drafts saved before the rule).
    let desired: HashMap<ResourceKey, &Value> = rows
        .iter()
        .filter_map(|r| Some((r.key(), r.desired_spec.as_ref()?)))
        .collect();
    for item in items
        .iter()
        .filter(|i| i.operation == DraftOperation::Update)
    {
        if let Some(old) = desired.get(&item.key) {
            let problems = admission::check_update(&item.key.kind, old, &item.spec);
            if !problems.is_empty() {
                refused.insert(item.key.clone(), problems);
            }
        }
    }
    loop {
        // By (kind, namespace, name): looked up once per row of the fabric, without a key
        // allocated each time.
        let applied: HashMap<(&str, &str, &str), &render::Item> = items
            .iter()
            .filter(|i| !refused.contains_key(&i.key))
            .map(|i| {
                let k = &i.key;
                ((k.kind.as_str(), k.namespace.as_str(), k.name.as_str()), i)
            })
            .collect();
        let mut objects = Vec::with_capacity(rows.len());
        // Which object is which row (by index in `objects`), and which are items.
        let mut of_object: Vec<&FabricRow> = Vec::with_capacity(rows.len());
        let mut checked: Vec<(usize, &ResourceKey)> = Vec::new();
        // Schema and name rules where the ingestion of the commit applies them: on what changes
        // and on what had errors (the others passed them, and their text stays).
        let mut schema: Vec<bool> = Vec::with_capacity(rows.len());
        // The rows of the items, with them.
        let mut changed: Vec<(&FabricRow, &render::Item)> = Vec::with_capacity(applied.len());
        for row in &rows {
            let item = applied.get(&(row.kind.as_str(), row.namespace.as_str(), row.name.as_str()));
            if let Some(item) = item {
                changed.push((row, item));
            }
            let spec = match item {
                Some(item) if item.operation == DraftOperation::Delete => None,
                Some(item) => {
                    if admission::COVERED_KINDS.contains(&item.key.kind.as_str()) {
                        checked.push((objects.len(), &item.key));
                    }
                    Some(item.spec.clone())
                }
                None => row.desired_spec.clone(),
            };
            if let Some(spec) = spec {
                schema.push(item.is_some() || row.admission_errors.is_some());
                objects.push(row.object(spec));
                of_object.push(row);
            }
        }
        let problems =
            admission::check_selected(&objects, &admission::Options::known_fabric(true), &|i| {
                schema[i]
            });
        tracing::debug!(
            ms = started.elapsed().as_secs_f64() * 1000.0,
            objects = objects.len(),
            "write-back: change set checked"
        );
        let mut newly: Vec<(ResourceKey, Vec<Problem>)> = Vec::new();
        for (index, key) in checked {
            let errors = admission::field_errors(&problems[index]);
            if !errors.is_empty() {
                newly.push((key.clone(), errors));
            }
        }
        // A draft that needs a resource only a refused draft would create is refused with it
        // (admission would only warn: HNP cannot tell whether the cluster has it).
        for item in applied.values() {
            if item.operation == DraftOperation::Delete || newly.iter().any(|(k, _)| k == &item.key)
            {
                continue;
            }
            let errors: Vec<Problem> = validate::references(&item.key.kind, &item.spec)
                .into_iter()
                .filter_map(|reference| {
                    let target = ResourceKey {
                        kind: reference.kind.to_owned(),
                        namespace: item.key.namespace.clone(),
                        name: reference.name.clone(),
                    };
                    let refused_create =
                        refused.contains_key(&target) && !existing.contains(&target);
                    refused_create.then(|| Problem {
                        path: reference.path,
                        message: format!(
                            "{} {} is not written: its draft is refused",
                            reference.kind, reference.name
                        ),
                    })
                })
                .collect();
            if !errors.is_empty() {
                newly.push((item.key.clone(), errors));
            }
        }
        if newly.is_empty() {
            // Every item has a row here, or the ingestion checks on its own.
            state.foreseen =
                (changed.len() == applied.len()).then(|| foreseen(&changed, &of_object, &problems));
            break;
        }
        refused.extend(newly);
    }
    tracing::debug!(
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "write-back: admission done"
    );
    if refused.is_empty() {
        return Ok(());
    }
    items.retain(|item| {
        let Some(problems) = refused.get(&item.key) else {
            return true;
        };
        let text: Vec<String> = problems.iter().map(Problem::to_string).collect();
        state.skipped.push(skipped(
            &item.key,
            format!("refused by Hedgehog admission rules: {}", text.join("; ")),
        ));
        false
    });
    Ok(())
}

/// What the ingestion of the commit writing the `changed` items (with their rows) will find:
/// `problems` of each object (in the order of `rows`, one row per object) against the errors
/// each row has now, and the changes they assume.
fn foreseen(
    changed: &[(&FabricRow, &render::Item)],
    rows: &[&FabricRow],
    problems: &[Vec<crate::hedgehog::admission::Problem>],
) -> Foreseen {
    let mut changes = HashMap::with_capacity(changed.len());
    let mut updates = Vec::new();
    for (row, item) in changed {
        let assumed = (item.operation != DraftOperation::Delete).then(|| Assumed {
            // As checked: the stored apiVersion and annotations (a difference in the written
            // document makes the ingestion check again).
            api_version: row.api_version.clone(),
            spec: item.spec.clone(),
            annotations: row.annotations.clone(),
        });
        if assumed.is_none() && row.admission_errors.is_some() {
            updates.push((item.key.clone(), None));
        }
        changes.insert(item.key.clone(), assumed);
    }
    for (row, problems) in rows.iter().zip(problems) {
        let errors = ingest::admission::stored_form(problems);
        if errors != row.admission_errors {
            updates.push((row.key(), errors));
        }
    }
    Foreseen { changes, updates }
}

fn invalid(problems: &[Problem]) -> String {
    let text: Vec<String> = problems.iter().map(Problem::to_string).collect();
    format!("invalid: {}", text.join("; "))
}
