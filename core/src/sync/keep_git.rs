//! "Keep Git": the other answer to a drifted path. Adopting ([`super::adopt`]) takes the
//! cluster's value into Git; keeping Git records that Git is right and the cluster is to be put
//! back (HNP Sync never writes to the cluster: the fabric's GitOps applier or an operator
//! re-applies the managed file). The path still counts as drift — the cluster is still wrong —
//! but it is marked with who decided and when (`kept_git_by`, `kept_git_at` on the difference)
//! so nobody adopts it by mistake and the team sees it was looked at. The mark lasts while the
//! cluster keeps that same value at that path: a read that finds another value there, or no
//! drift, drops it ([`carry`]). Audited (`drift.keep_git`).

use hnp_entity::resource;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};

use crate::audit::{self, Actor};
use crate::context::Core;
use crate::error::{Error, Result};

/// What [`keep_git`] marked.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Kept {
    pub resource_id: i32,
    /// The drifted paths now marked (all differing paths when none were named).
    pub paths: Vec<String>,
    /// The managed file to re-apply to the cluster, when known.
    pub file: Option<String>,
}

/// Marks the drifted `paths` of resource `resource_id` (all of its drifted paths when empty) as
/// "keep Git" by `actor`. A path that does not drift is refused naming `paths[i]`.
pub async fn keep_git(
    core: &Core,
    resource_id: i32,
    paths: &[String],
    actor: &Actor,
) -> Result<Kept> {
    let txn = crate::db::begin_write(&core.db).await?;
    let row = resource::Entity::find_by_id(resource_id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::not_found(format!("resource {resource_id}")))?;
    let mut details = crate::db::json_column(row.drift_details.clone()).unwrap_or(Value::Null);
    let drifted: Vec<String> = details
        .get("differences")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|d| d.get("path").and_then(Value::as_str).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if drifted.is_empty() {
        return Err(Error::validation(
            "resourceId",
            format!(
                "{} {} has no drift to keep Git for (read the cluster first)",
                row.kind, row.name
            ),
        ));
    }
    for (i, path) in paths.iter().enumerate() {
        if !drifted.contains(path) {
            return Err(Error::validation(
                format!("paths[{i}]"),
                format!(
                    "{path} does not drift on {} {} (drifted: {})",
                    row.kind,
                    row.name,
                    drifted.join(", ")
                ),
            ));
        }
    }
    let chosen: Vec<String> = if paths.is_empty() {
        drifted
    } else {
        paths.to_vec()
    };
    let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    if let Some(Value::Array(items)) = details.get_mut("differences") {
        for item in items.iter_mut() {
            let path = item.get("path").and_then(Value::as_str).unwrap_or_default();
            if chosen.iter().any(|p| p == path)
                && let Value::Object(map) = item
            {
                map.insert("kept_git_by".into(), json!(actor.name));
                map.insert("kept_git_at".into(), json!(at));
            }
        }
    }
    let file = row.managed_file_path.clone();
    let mut active: resource::ActiveModel = row.clone().into();
    active.drift_details = Set(Some(details));
    active.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        audit::Entry {
            action: "drift.keep_git".into(),
            target_type: "resource".into(),
            target_id: Some(row.id.to_string()),
            fabric_id: Some(row.fabric_id),
            summary: Some(format!(
                "keep Git for {} {}: {}",
                row.kind,
                row.name,
                chosen.join(", ")
            )),
            after: Some(json!({"paths": chosen})),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Kept {
        resource_id: row.id,
        paths: chosen,
        file,
    })
}

/// Copies a "keep Git" mark from `previous` (the difference at the same path of the details
/// before a recompute) onto `item` when the cluster still holds the same value there.
pub(crate) fn carry(item: &mut Value, previous: Option<&Value>) {
    let Some(previous) = previous else {
        return;
    };
    let (Some(by), Some(at)) = (previous.get("kept_git_by"), previous.get("kept_git_at")) else {
        return;
    };
    if previous.get("actual") != item.get("actual") {
        return;
    }
    if let Value::Object(map) = item {
        map.insert("kept_git_by".into(), by.clone());
        map.insert("kept_git_at".into(), at.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_lasts_while_the_cluster_keeps_the_same_value() {
        let previous = json!({"path": "spec.x", "actual": 5, "kept_git_by": "alice",
                              "kept_git_at": "2026-12-07T10:00:00Z"});
        let mut same = json!({"path": "spec.x", "actual": 5});
        carry(&mut same, Some(&previous));
        assert_eq!(same["kept_git_by"], "alice");
        assert_eq!(same["kept_git_at"], "2026-12-07T10:00:00Z");
        let mut moved = json!({"path": "spec.x", "actual": 6});
        carry(&mut moved, Some(&previous));
        assert!(
            moved.get("kept_git_by").is_none(),
            "another value: decide again"
        );
        let mut fresh = json!({"path": "spec.x", "actual": 5});
        carry(&mut fresh, Some(&json!({"path": "spec.x", "actual": 5})));
        assert!(fresh.get("kept_git_by").is_none());
        carry(&mut fresh, None);
        assert!(fresh.get("kept_git_by").is_none());
    }
}
