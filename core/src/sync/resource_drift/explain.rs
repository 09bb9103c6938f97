//! Drift explained: per drifted path, since when it is seen (carried from the previous
//! details) and the cluster field manager that owns it in `managedFields`; the stored details
//! read back as typed differences, paths and managers.

use serde::Serialize;
use serde_json::Value;

/// One drifted path, explained: the values on both sides, since when the drift is seen, and the
/// cluster field manager that last wrote it (`hnp sync --direction cluster --json`
/// `drifted[].differences`, GraphQL `Resource.driftDifferences`).
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct ExplainedDifference {
    pub path: String,
    pub desired: Option<Value>,
    pub actual: Option<Value>,
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    pub manager: Option<String>,
    pub operation: Option<String>,
    /// Who chose "keep Git" for this path, and when (see [`crate::sync::keep_git`]).
    pub kept_git_by: Option<String>,
    pub kept_git_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The explained differences of stored drift details (not the ignored ones).
pub fn explained_differences(details: Option<&Value>) -> Vec<ExplainedDifference> {
    details
        .and_then(|d| d.get("differences"))
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|d| {
                    Some(ExplainedDifference {
                        path: d.get("path")?.as_str()?.to_owned(),
                        desired: d.get("desired").filter(|v| !v.is_null()).cloned(),
                        actual: d.get("actual").filter(|v| !v.is_null()).cloned(),
                        since: d
                            .get("since")
                            .and_then(Value::as_str)
                            .and_then(|s| s.parse().ok()),
                        manager: d.get("manager").and_then(Value::as_str).map(str::to_owned),
                        operation: d
                            .get("operation")
                            .and_then(Value::as_str)
                            .filter(|o| !o.is_empty())
                            .map(str::to_owned),
                        kept_git_by: d
                            .get("kept_git_by")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        kept_git_at: d
                            .get("kept_git_at")
                            .and_then(Value::as_str)
                            .and_then(|s| s.parse().ok()),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Adds to each difference (and each ignored one) `since` — when drift at that path was first
/// seen: kept from the previous details, else `observed_at` — and `manager`/`operation`, the
/// cluster field manager that owns the deepest part of the path in `managedFields` (the most
/// recent one on a tie), e.g. `kubectl-edit`/`Update`; null when no entry owns any of it.
pub(super) fn explain(
    mut details: Value,
    previous: Option<&Value>,
    managed: Option<&Value>,
    observed_at: &str,
) -> Value {
    let earlier = |list: &str, path: &str| -> Option<Value> {
        previous_item(previous, list, path)?
            .get("since")
            .filter(|s| s.is_string())
            .cloned()
    };
    for list in ["differences", "ignored"] {
        let Some(Value::Array(items)) = details.get_mut(list) else {
            continue;
        };
        for item in items.iter_mut() {
            let Some(path) = item.get("path").and_then(Value::as_str).map(str::to_owned) else {
                continue;
            };
            let since = earlier("differences", &path)
                .or_else(|| earlier("ignored", &path))
                .unwrap_or_else(|| Value::String(observed_at.to_owned()));
            let (manager, operation) = owner(managed, &path).unzip();
            if list == "differences" {
                crate::sync::keep_git::carry(item, previous_item(previous, "differences", &path));
            }
            if let Value::Object(map) = item {
                map.insert("since".into(), since);
                map.insert("manager".into(), manager.map_or(Value::Null, Value::String));
                map.insert(
                    "operation".into(),
                    operation.map_or(Value::Null, Value::String),
                );
            }
        }
    }
    details
}

/// The entry of `list` at `path` in the previous details.
fn previous_item<'a>(previous: Option<&'a Value>, list: &str, path: &str) -> Option<&'a Value> {
    previous?
        .get(list)?
        .as_array()?
        .iter()
        .find(|d| d.get("path").and_then(Value::as_str) == Some(path))
}

/// The manager (and its operation) owning the deepest prefix of the spec `path` in stored
/// `managedFields` (see [`crate::cluster`]'s reader); the latest `time` wins a tie.
pub(super) fn owner(managed: Option<&Value>, path: &str) -> Option<(String, String)> {
    let segments = crate::sync::drift_ignore::segments(path)?;
    let (root, rest) = segments.split_first()?;
    if root != "spec" {
        return None;
    }
    // fieldsV1 keys of the map keys along the path, up to the first list index.
    let keys: Vec<String> = rest
        .iter()
        .map_while(|s| match s.strip_prefix('[') {
            Some(inner) if inner.starts_with('"') => {
                serde_json::from_str::<String>(inner.strip_suffix(']')?).ok()
            }
            Some(_) => None,
            None => Some(s.clone()),
        })
        .map(|k| format!("f:{k}"))
        .collect();
    let mut best: Option<(usize, &str, &Value)> = None;
    for entry in managed?.as_array()? {
        let mut node = entry.get("fields")?;
        let mut depth = 0;
        for key in &keys {
            match node.get(key) {
                Some(next) => {
                    node = next;
                    depth += 1;
                }
                None => break,
            }
        }
        if depth == 0 {
            continue;
        }
        let time = entry.get("time").and_then(Value::as_str).unwrap_or("");
        let better = match best {
            None => true,
            Some((d, t, _)) => depth > d || (depth == d && time > t),
        };
        if better {
            best = Some((depth, time, entry));
        }
    }
    let (_, _, entry) = best?;
    Some((
        entry.get("manager")?.as_str()?.to_owned(),
        entry
            .get("operation")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
    ))
}

/// The differing paths named by stored drift details.
pub(super) fn drift_paths(details: Option<&Value>) -> Vec<String> {
    details
        .and_then(|d| d.get("differences"))
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|d| d.get("path").and_then(Value::as_str).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The field managers named by drift details' differences, each once, in order.
pub(super) fn drift_managers(details: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for manager in details
        .and_then(|d| d.get("differences"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|d| d.get("manager").and_then(Value::as_str))
    {
        if !out.iter().any(|m| m == manager) {
            out.push(manager.to_owned());
        }
    }
    out
}
