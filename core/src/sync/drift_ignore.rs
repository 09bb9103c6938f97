//! Drift ignore rules: per fabric, a kind and a dotted path pattern whose differences between
//! Git and the cluster never count as drift (like Argo CD's `ignoreDifferences`, but listed,
//! counted and audited). `*` in a pattern matches exactly one segment: `spec.subnets.*.vlan`
//! matches `spec.subnets.default.vlan`, not `spec.subnets.default.dhcp.vlan`. A list index is a
//! segment of its own (`spec.ports[0].name` is `spec`, `ports`, `[0]`, `name`).
//!
//! Drift recomputation ([`crate::sync::resource_drift::recompute`]) moves the differences a
//! rule matches to the resource's `drift_details.ignored`; adding or removing a rule recomputes
//! the fabric's drift at once when its cluster has been read.

use chrono::Utc;
use hnp_entity::{drift_ignore_rule, fabric, resource};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::audit::{self, Actor};
use crate::context::Core;
use crate::error::{Error, Result};
use crate::hedgehog::kinds;

/// A rule with how many differences it hides right now.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub id: i32,
    pub kind: String,
    pub path: String,
    pub reason: String,
    pub created_by: Option<String>,
    pub created_at: chrono::DateTime<Utc>,
    /// Differences this rule hides in the fabric's current drift (resource × path).
    pub ignored_paths: u32,
}

/// A fabric's rules, for matching during drift computation.
#[derive(Debug, Clone, Default)]
pub struct Rules(Vec<(String, Vec<String>)>);

impl Rules {
    /// Loads the rules of `fabric_id`.
    pub async fn load(db: &impl ConnectionTrait, fabric_id: i32) -> Result<Self> {
        let rows = drift_ignore_rule::Entity::find()
            .filter(drift_ignore_rule::Column::FabricId.eq(fabric_id))
            .all(db)
            .await?;
        Ok(Rules(
            rows.into_iter()
                .filter_map(|r| Some((r.kind, segments(&r.path)?)))
                .collect(),
        ))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether a difference of `kind` at `path` is ignored.
    pub fn ignores(&self, kind: &str, path: &str) -> bool {
        if self.0.is_empty() {
            return false;
        }
        let Some(segments) = segments(path) else {
            return false;
        };
        self.0
            .iter()
            .any(|(k, pattern)| k == kind && matches(pattern, &segments))
    }
}

/// Splits a path into segments: keys at `.`, `[index]` and `["quoted key"]` as segments of
/// their own (the brackets kept, so `[0]` never equals a key `0`). `None` when malformed.
pub fn segments(path: &str) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if current.is_empty() && !matches!(out.last(), Some(s) if s.starts_with('[')) {
                    return None;
                }
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            '[' => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                let mut segment = String::from("[");
                let mut quoted = false;
                let mut escaped = false;
                loop {
                    let c = chars.next()?;
                    segment.push(c);
                    match c {
                        '\\' if quoted && !escaped => {
                            escaped = true;
                            continue;
                        }
                        '"' if !escaped => quoted = !quoted,
                        ']' if !quoted => break,
                        _ => {}
                    }
                    escaped = false;
                }
                if segment == "[]" {
                    return None;
                }
                out.push(segment);
                if chars.peek().is_some_and(|c| *c != '.' && *c != '[') {
                    return None;
                }
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    } else if path.ends_with('.') {
        return None;
    }
    (!out.is_empty()).then_some(out)
}

fn matches(pattern: &[String], path: &[String]) -> bool {
    pattern.len() == path.len() && pattern.iter().zip(path).all(|(p, s)| p == "*" || p == s)
}

/// Checks a rule's kind and pattern; names the field at fault.
fn check(kind: &str, path: &str) -> Result<()> {
    if !kinds::all().iter().any(|k| k.kind == kind) {
        return Err(Error::validation(
            "kind",
            format!("{kind} is not a kind HNP manages"),
        ));
    }
    let Some(parts) = segments(path) else {
        return Err(Error::validation(
            "path",
            format!("{path:?} is not a dotted path (e.g. spec.subnets.*.vlan)"),
        ));
    };
    let root_ok = match parts.first().map(String::as_str) {
        Some("spec") => parts.len() >= 2,
        Some("metadata") => {
            matches!(
                parts.get(1).map(String::as_str),
                Some("labels" | "annotations")
            ) && parts.len() >= 3
        }
        _ => false,
    };
    if !root_ok {
        return Err(Error::validation(
            "path",
            format!(
                "{path} must name a field under spec, metadata.labels or metadata.annotations \
                 (drift compares nothing else)"
            ),
        ));
    }
    if path.len() > 512 {
        return Err(Error::validation("path", "longer than 512 characters"));
    }
    Ok(())
}

/// Adds a rule (operator); recomputes the fabric's drift when its cluster has been read.
pub async fn add(
    core: &Core,
    fabric: &fabric::Model,
    kind: &str,
    path: &str,
    reason: &str,
    actor: &Actor,
) -> Result<Rule> {
    check(kind, path)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::validation(
            "reason",
            "say why the difference is expected (it is shown with the rule)",
        ));
    }
    let txn = crate::db::begin_write(&core.db).await?;
    let exists = drift_ignore_rule::Entity::find()
        .filter(drift_ignore_rule::Column::FabricId.eq(fabric.id))
        .filter(drift_ignore_rule::Column::Kind.eq(kind))
        .filter(drift_ignore_rule::Column::Path.eq(path))
        .one(&txn)
        .await?;
    if exists.is_some() {
        return Err(Error::AlreadyExists(format!(
            "fabric {} already ignores {kind} {path}",
            fabric.name
        )));
    }
    let row = drift_ignore_rule::ActiveModel {
        fabric_id: Set(fabric.id),
        kind: Set(kind.to_owned()),
        path: Set(path.to_owned()),
        reason: Set(reason.to_owned()),
        created_by: Set(Some(actor.name.clone())),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        audit::Entry {
            action: "drift.ignore.add".into(),
            target_type: "fabric".into(),
            target_id: Some(fabric.id.to_string()),
            fabric_id: Some(fabric.id),
            summary: Some(format!("ignore drift of {kind} {path}: {reason}")),
            after: Some(json!({"kind": kind, "path": path, "reason": reason})),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    refresh(core, fabric).await?;
    let counted = list(core, fabric).await?;
    Ok(counted
        .into_iter()
        .find(|r| r.id == row.id)
        .unwrap_or(Rule {
            id: row.id,
            kind: row.kind,
            path: row.path,
            reason: row.reason,
            created_by: row.created_by,
            created_at: row.created_at,
            ignored_paths: 0,
        }))
}

/// Removes a rule (operator); recomputes the fabric's drift when its cluster has been read.
pub async fn remove(
    core: &Core,
    fabric: &fabric::Model,
    kind: &str,
    path: &str,
    actor: &Actor,
) -> Result<()> {
    let txn = crate::db::begin_write(&core.db).await?;
    let Some(row) = drift_ignore_rule::Entity::find()
        .filter(drift_ignore_rule::Column::FabricId.eq(fabric.id))
        .filter(drift_ignore_rule::Column::Kind.eq(kind))
        .filter(drift_ignore_rule::Column::Path.eq(path))
        .one(&txn)
        .await?
    else {
        return Err(Error::not_found(format!(
            "drift ignore rule {kind} {path} of fabric {}",
            fabric.name
        )));
    };
    drift_ignore_rule::Entity::delete_by_id(row.id)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        audit::Entry {
            action: "drift.ignore.remove".into(),
            target_type: "fabric".into(),
            target_id: Some(fabric.id.to_string()),
            fabric_id: Some(fabric.id),
            summary: Some(format!("stopped ignoring drift of {kind} {path}")),
            before: Some(json!({"kind": row.kind, "path": row.path, "reason": row.reason})),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    refresh(core, fabric).await
}

/// The rules of a fabric (kind, then path), each with the differences it hides now.
pub async fn list(core: &Core, fabric: &fabric::Model) -> Result<Vec<Rule>> {
    let rows = drift_ignore_rule::Entity::find()
        .filter(drift_ignore_rule::Column::FabricId.eq(fabric.id))
        .order_by_asc(drift_ignore_rule::Column::Kind)
        .order_by_asc(drift_ignore_rule::Column::Path)
        .all(&core.db)
        .await?;
    // The ignored differences of the fabric, from the stored drift details.
    let ignored: Vec<(String, Value)> = resource::Entity::find()
        .filter(resource::Column::FabricId.eq(fabric.id))
        .filter(resource::Column::DriftDetails.is_not_null())
        .all(&core.db)
        .await?
        .into_iter()
        .filter_map(|r| Some((r.kind, r.drift_details?.get("ignored")?.clone())))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let pattern = segments(&r.path).unwrap_or_default();
            let ignored_paths = ignored
                .iter()
                .filter(|(kind, _)| *kind == r.kind)
                .flat_map(|(_, list)| list.as_array().into_iter().flatten())
                .filter_map(|d| d.get("path").and_then(Value::as_str))
                .filter(|p| segments(p).is_some_and(|s| matches(&pattern, &s)))
                .count();
            Rule {
                id: r.id,
                kind: r.kind,
                path: r.path,
                reason: r.reason,
                created_by: r.created_by,
                created_at: r.created_at,
                ignored_paths: u32::try_from(ignored_paths).unwrap_or(u32::MAX),
            }
        })
        .collect())
}

/// Recomputes the fabric's drift with its current rules, when its cluster has been read.
async fn refresh(core: &Core, fabric: &fabric::Model) -> Result<()> {
    if crate::cluster::has_been_read(&core.db, fabric.id).await? {
        let txn = crate::db::begin_write(&core.db).await?;
        crate::sync::resource_drift::recompute(
            &txn,
            fabric.id,
            Some(&fabric.kubernetes_namespace),
            Default::default(),
        )
        .await?;
        txn.commit().await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(path: &str) -> Vec<String> {
        segments(path).unwrap_or_else(|| panic!("{path}"))
    }

    #[test]
    fn paths_split_into_segments() {
        assert_eq!(
            seg("spec.subnets.default.vlan"),
            ["spec", "subnets", "default", "vlan"]
        );
        assert_eq!(seg("spec.ports[0].name"), ["spec", "ports", "[0]", "name"]);
        assert_eq!(
            seg(r#"metadata.labels["a.b/c]"]"#),
            ["metadata", "labels", r#"["a.b/c]"]"#]
        );
        for bad in [
            "", ".spec", "spec..x", "spec.", "spec[]", "spec[0", "spec[0]x",
        ] {
            assert_eq!(segments(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_star_matches_exactly_one_segment() {
        let rule = seg("spec.subnets.*.vlan");
        assert!(matches(&rule, &seg("spec.subnets.default.vlan")));
        assert!(matches(&rule, &seg(r#"spec.subnets["a.b"].vlan"#)));
        assert!(!matches(&rule, &seg("spec.subnets.default.dhcp.vlan")));
        assert!(!matches(&rule, &seg("spec.subnets.vlan")));
        assert!(!matches(&rule, &seg("spec.subnets.default.subnet")));
        assert!(matches(
            &seg("spec.ports.*.name"),
            &seg("spec.ports[3].name")
        ));
        let rules = Rules(vec![("VPC".into(), rule)]);
        assert!(rules.ignores("VPC", "spec.subnets.x.vlan"));
        assert!(!rules.ignores("Connection", "spec.subnets.x.vlan"));
    }

    #[test]
    fn rules_name_the_field_at_fault() {
        let field = |kind: &str, path: &str| match check(kind, path) {
            Err(Error::Validation { field, .. }) => field,
            other => panic!("{kind} {path}: {other:?}"),
        };
        assert_eq!(field("Vpc", "spec.x"), "kind");
        assert_eq!(field("VPC", "status.x"), "path");
        assert_eq!(field("VPC", "spec"), "path");
        assert_eq!(field("VPC", "metadata.name"), "path");
        assert_eq!(field("VPC", "spec..x"), "path");
        assert!(check("VPC", "spec.subnets.*.vlan").is_ok());
        assert!(check("Switch", "metadata.labels.*").is_ok());
    }
}
