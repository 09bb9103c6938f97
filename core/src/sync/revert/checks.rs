//! What a revert is checked against: Hedgehog's rules over the fabric's desired state with the
//! revert applied (as a draft is; other users' drafts are not part of it).

use std::collections::HashMap;

use hnp_entity::enums::DraftOperation;

use crate::error::{Problem, Result};
use crate::sync::ingest::parse::ResourceKey;
use crate::sync::writeback::render;

/// Hedgehog's schema, admission and update rules over the fabric's desired state with the
/// revert's changes applied (pending drafts are not part of it): `kind namespace/name: path:
/// message` for each problem of a changed resource.
pub(super) async fn admission_problems(
    db: &sea_orm::DatabaseConnection,
    fabric_id: i32,
    items: &[render::Item],
) -> Result<Vec<String>> {
    use crate::hedgehog::{admission, validate};
    use crate::sync::drafts::{FabricRow, fabric_rows};
    let writes: Vec<&render::Item> = items
        .iter()
        .filter(|i| i.operation != DraftOperation::Delete)
        .collect();
    if writes.is_empty() {
        return Ok(Vec::new());
    }
    let mut out: Vec<String> = Vec::new();
    let mut push = |key: &ResourceKey, problems: Vec<Problem>| {
        out.extend(problems.into_iter().map(|p| format!("{key}: {p}")));
    };
    for item in &writes {
        push(
            &item.key,
            validate::validate(
                &item.key.kind,
                &item.key.name,
                &item.key.namespace,
                &item.spec,
            ),
        );
    }
    let rows = fabric_rows(db, fabric_id, &admission::CONTEXT_KINDS).await?;
    let by_key: HashMap<ResourceKey, &render::Item> =
        items.iter().map(|i| (i.key.clone(), i)).collect();
    let mut objects = Vec::with_capacity(rows.len() + writes.len());
    let mut checked: Vec<(usize, ResourceKey)> = Vec::new();
    let mut seen: std::collections::HashSet<ResourceKey> = Default::default();
    for row in &rows {
        let key = row.key();
        let spec = match by_key.get(&key) {
            Some(item) if item.operation == DraftOperation::Delete => None,
            Some(item) => {
                if let Some(old) = &row.desired_spec {
                    push(&key, admission::check_update(&key.kind, old, &item.spec));
                }
                checked.push((objects.len(), key.clone()));
                Some(item.spec.clone())
            }
            None => row.desired_spec.clone(),
        };
        seen.insert(key);
        if let Some(spec) = spec {
            objects.push(row.object(spec));
        }
    }
    for item in &writes {
        if seen.contains(&item.key) || !admission::CONTEXT_KINDS.contains(&item.key.kind.as_str()) {
            continue;
        }
        let row = FabricRow {
            kind: item.key.kind.clone(),
            api_version: item.api_version.clone(),
            namespace: item.key.namespace.clone(),
            name: item.key.name.clone(),
            desired_spec: None,
            draft_spec: None,
            draft_operation: None,
            annotations: item.annotations.clone(),
            admission_errors: None,
        };
        checked.push((objects.len(), item.key.clone()));
        objects.push(row.object(item.spec.clone()));
    }
    let problems = admission::check(&objects, &admission::Options::known_fabric(false));
    for (index, key) in checked {
        if admission::COVERED_KINDS.contains(&key.kind.as_str()) {
            push(&key, admission::field_errors(&problems[index]));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}
