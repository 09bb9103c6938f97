//! Adopting the cluster's state into drafts: a drifted resource's live values (at chosen paths,
//! or every differing path) become its draft, and an orphan (in the cluster, not in Git) becomes
//! a new resource's draft. Either is then admission-checked and saved like any draft
//! ([`drafts::set`]) and reaches Git through the usual write-back.
//!
//! Only `spec` is adopted: labels, annotations and status of the cluster's copy belong to the
//! cluster (the fabric controller and webhooks set them). An orphan's spec is stripped of what
//! Hedgehog's defaulting adds ([`without_defaults`]), so Git gets what an operator would have
//! written, not the webhook's expansion of it.

use hnp_entity::resource;
use sea_orm::EntityTrait;
use serde_json::{Map, Value, json};

use crate::audit::Actor;
use crate::context::Core;
use crate::error::{Error, Result};
use crate::hedgehog::admission::default_spec;
use crate::hedgehog::drift::{DriftOptions, compare};
use crate::sync::drafts::{self, Saved};
use crate::sync::ingest::parse::ResourceKey;
use crate::sync::resource_drift::desired_view;

/// What [`adopt`] did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Adoption {
    pub saved: Saved,
    /// The spec paths whose cluster values the draft took (empty for an orphan: all of it).
    pub paths: Vec<String>,
    /// True when the resource was only in the cluster and is now a draft to create.
    pub orphan: bool,
}

/// Adopts the cluster's values of resource `resource_id` into its draft: at `paths` (dotted,
/// as drift names them: `spec.subnets.default.vlan`), or at every differing spec path when
/// `paths` is empty. An orphan (no desired state) becomes a draft that creates it; `paths` must
/// then be empty. Fails naming the field when there is nothing to adopt.
pub async fn adopt(
    core: &Core,
    resource_id: i32,
    paths: &[String],
    actor: &Actor,
) -> Result<Adoption> {
    let row = resource::Entity::find_by_id(resource_id)
        .one(&core.db)
        .await?
        .ok_or_else(|| Error::not_found(format!("resource {resource_id}")))?;
    let fabric = hnp_entity::fabric::Entity::find_by_id(row.fabric_id)
        .one(&core.db)
        .await?
        .ok_or_else(|| Error::not_found(format!("fabric {}", row.fabric_id)))?;
    let key = ResourceKey {
        kind: row.kind.clone(),
        namespace: row.namespace.clone(),
        name: row.name.clone(),
    };
    let Some(actual) = row.actual_spec.clone() else {
        return Err(Error::validation(
            "resourceId",
            format!(
                "{key} has no cluster copy: read the cluster first, or it is not in the cluster"
            ),
        ));
    };
    let Some(desired) = row.desired_spec.clone() else {
        if !paths.is_empty() {
            return Err(Error::validation(
                "paths",
                format!("{key} is only in the cluster: it is adopted whole, without paths"),
            ));
        }
        let spec = without_defaults(&row.kind, &actual);
        let saved = drafts::set(core, &fabric, &key, spec, actor).await?;
        return Ok(Adoption {
            saved,
            paths: Vec::new(),
            orphan: true,
        });
    };

    // Paths an ignore rule hides are not drift: adopting "everything" leaves them alone.
    let rules = crate::sync::drift_ignore::Rules::load(&core.db, row.fabric_id).await?;
    let differing: Vec<String> = spec_differences(&row.kind, &desired, &row, &actual)
        .into_iter()
        .filter(|p| !rules.ignores(&row.kind, p))
        .collect();
    let chosen: Vec<String> = if paths.is_empty() {
        differing.clone()
    } else {
        for (i, path) in paths.iter().enumerate() {
            if !differing.contains(path) {
                return Err(Error::validation(
                    format!("paths[{i}]"),
                    format!(
                        "{path} does not differ between Git and the cluster for {key} (differing: {})",
                        if differing.is_empty() {
                            "none".to_owned()
                        } else {
                            differing.join(", ")
                        }
                    ),
                ));
            }
        }
        paths.to_vec()
    };
    if chosen.is_empty() {
        return Err(Error::validation(
            "resourceId",
            format!("{key} has no spec drift to adopt"),
        ));
    }
    // Start from the pending draft when there is one, so adopting keeps other edits.
    let mut spec = match (&row.draft_operation, &row.draft_spec) {
        (Some(hnp_entity::enums::DraftOperation::Update), Some(draft)) => draft.clone(),
        _ => desired,
    };
    for path in &chosen {
        let segments = parse_spec_path(path)
            .ok_or_else(|| Error::validation("paths", format!("cannot adopt at {path}")))?;
        let value = value_at(&actual, &segments).cloned();
        set_at(&mut spec, &segments, value)
            .map_err(|why| Error::validation("paths", format!("cannot adopt at {path}: {why}")))?;
    }
    let saved = drafts::set(core, &fabric, &key, spec, actor).await?;
    Ok(Adoption {
        saved,
        paths: chosen,
        orphan: false,
    })
}

/// The `spec.…` paths where the desired spec (defaulted as the cluster would) and the cluster's
/// spec differ, as drift computes them.
fn spec_differences(
    kind: &str,
    desired: &Value,
    row: &resource::Model,
    actual: &Value,
) -> Vec<String> {
    let desired = desired_view(kind, desired, &row.labels, &row.annotations);
    let actual = json!({
        "spec": actual,
        "labels": row.actual_labels.clone().unwrap_or(Value::Null),
        "annotations": row.actual_annotations.clone().unwrap_or(Value::Null),
    });
    compare(&desired, &actual, DriftOptions::default())
        .differences
        .into_iter()
        .map(|d| d.path)
        .filter(|p| p.starts_with("spec.") || p.starts_with("spec["))
        .collect()
}

/// One step of a spec path.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// Parses a path of the form drift reports (`spec.a.b`, `spec.list[0]`, `spec["a.b"]`) into
/// the segments below `spec`; `None` for anything else (keyed-list identities included).
fn parse_spec_path(path: &str) -> Option<Vec<Segment>> {
    let rest = path.strip_prefix("spec")?;
    let mut out = Vec::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '.' => {
                let start = i + 1;
                let mut end = rest.len();
                while let Some(&(j, c)) = chars.peek() {
                    if c == '.' || c == '[' {
                        end = j;
                        break;
                    }
                    chars.next();
                }
                let key = &rest[start..end];
                if key.is_empty() {
                    return None;
                }
                out.push(Segment::Key(key.to_owned()));
            }
            '[' => {
                let close = rest[i..].find(']').map(|j| i + j)?;
                let inner = &rest[i + 1..close];
                if inner.starts_with('"') {
                    // A JSON-quoted key; it may itself contain `]`.
                    let mut end = None;
                    let mut escaped = false;
                    for (j, c) in rest[i + 2..].char_indices() {
                        match c {
                            '\\' if !escaped => escaped = true,
                            '"' if !escaped => {
                                end = Some(i + 2 + j);
                                break;
                            }
                            _ => escaped = false,
                        }
                    }
                    let end = end?;
                    let key: String = serde_json::from_str(&rest[i + 1..=end]).ok()?;
                    if rest.as_bytes().get(end + 1) != Some(&b']') {
                        return None;
                    }
                    out.push(Segment::Key(key));
                    while chars.peek().is_some_and(|&(j, _)| j <= end + 1) {
                        chars.next();
                    }
                } else {
                    out.push(Segment::Index(inner.parse().ok()?));
                    while chars.peek().is_some_and(|&(j, _)| j <= close) {
                        chars.next();
                    }
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

fn value_at<'a>(mut value: &'a Value, segments: &[Segment]) -> Option<&'a Value> {
    for segment in segments {
        value = match segment {
            Segment::Key(k) => value.get(k)?,
            Segment::Index(i) => value.get(*i)?,
        };
    }
    Some(value)
}

/// Sets (or, with `None`, removes) the value at `segments`, creating maps on the way.
fn set_at(
    spec: &mut Value,
    segments: &[Segment],
    value: Option<Value>,
) -> std::result::Result<(), String> {
    let Some((last, parents)) = segments.split_last() else {
        *spec = value.unwrap_or_else(|| Value::Object(Map::new()));
        return Ok(());
    };
    let mut node = spec;
    for segment in parents {
        node = match segment {
            Segment::Key(k) => {
                if node.is_null() {
                    *node = Value::Object(Map::new());
                }
                let map = node.as_object_mut().ok_or("a parent is not a mapping")?;
                map.entry(k.clone()).or_insert(Value::Null)
            }
            Segment::Index(i) => node
                .as_array_mut()
                .and_then(|a| a.get_mut(*i))
                .ok_or("a list item is missing in the draft")?,
        };
    }
    match (last, value) {
        (Segment::Key(k), Some(v)) => {
            if node.is_null() {
                *node = Value::Object(Map::new());
            }
            node.as_object_mut()
                .ok_or("the parent is not a mapping")?
                .insert(k.clone(), v);
        }
        (Segment::Key(k), None) => {
            if let Some(map) = node.as_object_mut() {
                map.remove(k);
            }
        }
        (Segment::Index(i), Some(v)) => {
            let list = node.as_array_mut().ok_or("the parent is not a list")?;
            let len = list.len();
            if *i < len {
                list[*i] = v;
            } else if *i == len {
                list.push(v);
            } else {
                return Err("the list is shorter in the draft".into());
            }
        }
        (Segment::Index(i), None) => {
            let list = node.as_array_mut().ok_or("the parent is not a list")?;
            if *i < list.len() {
                list.remove(*i);
            }
        }
    }
    Ok(())
}

/// `spec` without what Hedgehog's defaulting of `kind` would add back: every map entry whose
/// removal leaves the defaulted spec unchanged is dropped (leaves first, then emptied maps).
pub fn without_defaults(kind: &str, spec: &Value) -> Value {
    let target = default_spec(kind, spec);
    let mut current = spec.clone();
    let mut paths = Vec::new();
    collect_key_paths(&current, &mut Vec::new(), &mut paths);
    // Deepest first, so a map is tried after its entries.
    paths.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for path in paths {
        let mut candidate = current.clone();
        if set_at(&mut candidate, &path, None).is_err() || value_at(&current, &path).is_none() {
            continue;
        }
        if default_spec(kind, &candidate) == target {
            current = candidate;
        }
    }
    current
}

fn collect_key_paths(value: &Value, prefix: &mut Vec<Segment>, out: &mut Vec<Vec<Segment>>) {
    if let Value::Object(map) = value {
        for (k, v) in map {
            prefix.push(Segment::Key(k.clone()));
            out.push(prefix.clone());
            collect_key_paths(v, prefix, out);
            prefix.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_paths_parse_like_drift_renders_them() {
        assert_eq!(
            parse_spec_path("spec.subnets.default.vlan"),
            Some(vec![
                Segment::Key("subnets".into()),
                Segment::Key("default".into()),
                Segment::Key("vlan".into())
            ])
        );
        assert_eq!(
            parse_spec_path("spec.ports[2].name"),
            Some(vec![
                Segment::Key("ports".into()),
                Segment::Index(2),
                Segment::Key("name".into())
            ])
        );
        assert_eq!(
            parse_spec_path(r#"spec.labels["a.b/c]"].x"#),
            Some(vec![
                Segment::Key("labels".into()),
                Segment::Key("a.b/c]".into()),
                Segment::Key("x".into())
            ])
        );
        assert_eq!(parse_spec_path("spec"), Some(vec![]));
        for bad in [
            "metadata.labels.x",
            "spec..a",
            "spec.permit[vpc-1+vpc-2]",
            "specx",
            "spec[x",
        ] {
            assert_eq!(parse_spec_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn set_at_replaces_adds_and_removes() {
        let mut spec = json!({"subnets": {"default": {"vlan": 1000, "subnet": "10.0.0.0/24"}}});
        let vlan = parse_spec_path("spec.subnets.default.vlan").unwrap();
        set_at(&mut spec, &vlan, Some(json!(1001))).unwrap();
        assert_eq!(spec["subnets"]["default"]["vlan"], 1001);
        let extra = parse_spec_path("spec.subnets.extra.vlan").unwrap();
        set_at(&mut spec, &extra, Some(json!(7))).unwrap();
        assert_eq!(spec["subnets"]["extra"], json!({"vlan": 7}));
        set_at(&mut spec, &vlan, None).unwrap();
        assert_eq!(spec["subnets"]["default"], json!({"subnet": "10.0.0.0/24"}));
        let list = parse_spec_path("spec.items[0]").unwrap();
        assert!(set_at(&mut spec, &list, Some(json!(1))).is_err());
    }

    #[test]
    fn an_orphan_loses_what_defaulting_adds_and_keeps_what_it_does_not() {
        // A VPC as written, and as the webhook stores it.
        let written = json!({"subnets": {"default": {"subnet": "10.0.5.0/24", "vlan": 1005}}});
        let stored = default_spec("VPC", &written);
        assert_ne!(stored, written, "VPC defaulting adds fields: {stored}");
        let adopted = without_defaults("VPC", &stored);
        assert_eq!(default_spec("VPC", &adopted), stored);
        assert_eq!(adopted["subnets"]["default"]["vlan"], 1005);
        assert_eq!(adopted["subnets"]["default"]["subnet"], "10.0.5.0/24");
        assert!(
            adopted.to_string().len() < stored.to_string().len(),
            "defaults dropped: {adopted}"
        );
    }
}
