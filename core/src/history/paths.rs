//! Dotted field paths: where two documents differ, the leaves of a document, and whether a
//! path covers a leaf. Object keys are joined with `.`, array items with `[i]`
//! (`spec.subnets.subnet-1.vlan`, `spec.permit[0]`), like drift paths.

use serde_json::Value;

/// At most this many paths are kept for one event; past it the event names its top level
/// (`spec`, `metadata.labels`, …), which covers everything below.
pub const MAX_PATHS: usize = 256;

fn key_path(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Appends to `out` the most specific paths under `prefix` where `old` and `new` differ: a
/// changed scalar, an added or removed key, an array whose length changed (the array's own
/// path), a value whose type changed.
pub fn changed(old: &Value, new: &Value, prefix: &str, out: &mut Vec<String>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let path = key_path(prefix, key);
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => changed(x, y, &path, out),
                    _ => out.push(path),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() && !a.is_empty() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                changed(x, y, &format!("{prefix}[{i}]"), out);
            }
        }
        _ => out.push(prefix.to_owned()),
    }
}

/// Field paths where two resource documents differ: their `spec`, labels and annotations.
pub fn between(
    old: (&Value, Option<&Value>, Option<&Value>),
    new: (&Value, Option<&Value>, Option<&Value>),
) -> Vec<String> {
    let null = Value::Null;
    let mut out = Vec::new();
    changed(old.0, new.0, "spec", &mut out);
    changed(
        old.1.unwrap_or(&null),
        new.1.unwrap_or(&null),
        "metadata.labels",
        &mut out,
    );
    changed(
        old.2.unwrap_or(&null),
        new.2.unwrap_or(&null),
        "metadata.annotations",
        &mut out,
    );
    bounded(out)
}

/// Caps a path list at [`MAX_PATHS`], replacing it by its top-level paths past that.
pub fn bounded(mut paths: Vec<String>) -> Vec<String> {
    if paths.len() <= MAX_PATHS {
        return paths;
    }
    for path in &mut paths {
        *path = if let Some(rest) = path.strip_prefix("metadata.") {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            format!("metadata.{}", &rest[..end])
        } else {
            let end = path.find(['.', '[']).unwrap_or(path.len());
            path[..end].to_owned()
        };
    }
    paths.sort();
    paths.dedup();
    paths
}

/// Every leaf of `value` under `prefix` (scalars, empty objects and empty arrays).
pub fn leaves(value: &Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, item) in map {
                leaves(item, &key_path(prefix, key), out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                leaves(item, &format!("{prefix}[{i}]"), out);
            }
        }
        _ => out.push(prefix.to_owned()),
    }
}

/// Whether `path` names `leaf` or one of its ancestors.
pub fn covers(path: &str, leaf: &str) -> bool {
    match leaf.strip_prefix(path) {
        Some("") => true,
        Some(rest) => rest.starts_with('.') || rest.starts_with('['),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn most_specific_differences() {
        let old = json!({"subnets": {"subnet-1": {"vlan": 1000, "subnet": "10.0.0.0/24"}}, "ports": [1, 2], "gone": true});
        let new = json!({"subnets": {"subnet-1": {"vlan": 1001, "subnet": "10.0.0.0/24"}, "subnet-2": {"vlan": 5}}, "ports": [1, 3], "added": {"a": 1}});
        let mut out = Vec::new();
        changed(&old, &new, "spec", &mut out);
        assert_eq!(
            out,
            vec![
                "spec.added",
                "spec.gone",
                "spec.ports[1]",
                "spec.subnets.subnet-1.vlan",
                "spec.subnets.subnet-2",
            ]
        );
        let mut out = Vec::new();
        changed(&json!({"p": [1]}), &json!({"p": [1, 2]}), "spec", &mut out);
        assert_eq!(out, vec!["spec.p"]);
    }

    #[test]
    fn labels_and_annotations_are_compared_too() {
        let spec = json!({"a": 1});
        let paths = between(
            (&spec, Some(&json!({"team": "a"})), None),
            (
                &spec,
                Some(&json!({"team": "b"})),
                Some(&json!({"note": "x"})),
            ),
        );
        assert_eq!(paths, vec!["metadata.labels.team", "metadata.annotations"]);
    }

    #[test]
    fn leaves_and_coverage() {
        let mut out = Vec::new();
        leaves(
            &json!({"a": {"b": 1, "c": []}, "l": [{"x": 1}, 2]}),
            "spec",
            &mut out,
        );
        assert_eq!(
            out,
            vec!["spec.a.b", "spec.a.c", "spec.l[0].x", "spec.l[1]"]
        );
        assert!(covers("spec.a", "spec.a.b"));
        assert!(covers("spec.l", "spec.l[0].x"));
        assert!(covers("spec.a.b", "spec.a.b"));
        assert!(!covers("spec.a", "spec.ab"));
        assert!(!covers("spec.a.b", "spec.a"));
    }

    #[test]
    fn too_many_paths_collapse_to_the_top_level() {
        let old = json!({});
        let new: serde_json::Map<String, Value> = (0..MAX_PATHS + 1)
            .map(|i| (format!("k{i}"), json!(i)))
            .collect();
        let paths = between(
            (&old, None, None),
            (&Value::Object(new), Some(&json!({"a": 1})), None),
        );
        assert_eq!(paths, vec!["metadata.labels", "spec"]);
    }
}
