//! Rules on a change of an existing object (Hedgehog's `ValidateUpdate` in `pkg/ctrl/*_wh.go`
//! beyond re-validating the new object): fields that may not change once the object exists.
//! Blocked deletes (an object still referred to) are checked by write-back with the fabric's
//! references.

use serde_json::Value;

use crate::error::Problem;

/// Connection types (the one key a Connection's spec holds).
const CONNECTION_TYPES: [&str; 11] = [
    "unbundled",
    "bundled",
    "mclag",
    "eslag",
    "mclagDomain",
    "fabric",
    "mesh",
    "gateway",
    "vpcLoopback",
    "external",
    "staticExternal",
];

/// Problems of changing an object of `kind` from `old` to `new` (specs as written; an absent
/// spec is `Null`).
pub fn check_update(kind: &str, old: &Value, new: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    match kind {
        "Connection" => {
            let (was, is) = (connection_type(old), connection_type(new));
            if was.is_some() && is.is_some() && was != is {
                problems.push(Problem::new(
                    "spec",
                    format!(
                        "the connection type is immutable: it is {} and cannot become {}",
                        was.unwrap_or_default(),
                        is.unwrap_or_default()
                    ),
                ));
            }
            let within = |spec: &Value| {
                spec.get("staticExternal")
                    .map(|s| s.get("withinVPC").cloned().unwrap_or(Value::Null))
            };
            if let (Some(before), Some(after)) = (within(old), within(new))
                && empty_as_null(&before) != empty_as_null(&after)
            {
                problems.push(Problem::new(
                    "spec.staticExternal.withinVPC",
                    "is immutable",
                ));
            }
        }
        "Switch" => {
            let roce = |spec: &Value| spec.get("roce").and_then(Value::as_bool) == Some(true);
            let breakouts = |spec: &Value| {
                empty_as_null(&spec.get("portBreakouts").cloned().unwrap_or(Value::Null))
            };
            if (roce(old) || roce(new)) && breakouts(old) != breakouts(new) {
                problems.push(Problem::new(
                    "spec.portBreakouts",
                    "cannot be changed when RoCEv2 is enabled (spec.roce)",
                ));
            }
        }
        _ => {}
    }
    problems
}

/// The type of a Connection spec: its one known type key.
fn connection_type(spec: &Value) -> Option<&'static str> {
    let map = spec.as_object()?;
    CONNECTION_TYPES
        .into_iter()
        .find(|t| map.get(*t).is_some_and(|v| !v.is_null()))
}

/// `""`, `{}` and `[]` compare as absent (Go's zero values are omitted on the wire).
fn empty_as_null(value: &Value) -> Value {
    match value {
        Value::String(s) if s.is_empty() => Value::Null,
        Value::Object(m) if m.is_empty() => Value::Null,
        Value::Array(a) if a.is_empty() => Value::Null,
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn connection_type_is_immutable() {
        let unbundled = json!({"unbundled": {"link": {"server": {"port": "s/e0"}, "switch": {"port": "l/E1/1"}}}});
        let bundled = json!({"bundled": {"links": []}});
        let problems = check_update("Connection", &unbundled, &bundled);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "spec");
        assert!(problems[0].message.contains("unbundled"), "{problems:?}");
        // A change within the same type is allowed.
        let other = json!({"unbundled": {"link": {"server": {"port": "s/e1"}, "switch": {"port": "l/E1/2"}}}});
        assert!(check_update("Connection", &unbundled, &other).is_empty());
    }

    #[test]
    fn static_external_within_vpc_is_immutable() {
        let old = json!({"staticExternal": {"withinVPC": "vpc-1", "link": {}}});
        let new = json!({"staticExternal": {"withinVPC": "vpc-2", "link": {}}});
        let problems = check_update("Connection", &old, &new);
        assert_eq!(problems[0].path, "spec.staticExternal.withinVPC");
        let none = json!({"staticExternal": {"link": {}}});
        assert!(!check_update("Connection", &old, &none).is_empty());
        let empty = json!({"staticExternal": {"withinVPC": "", "link": {}}});
        assert!(check_update("Connection", &none, &empty).is_empty());
        assert!(check_update("Connection", &old, &old).is_empty());
    }

    #[test]
    fn switch_breakouts_are_frozen_with_roce() {
        let old = json!({"roce": true, "portBreakouts": {"E1/1": "4x25G"}});
        let new = json!({"roce": true, "portBreakouts": {"E1/1": "1x100G"}});
        let problems = check_update("Switch", &old, &new);
        assert_eq!(problems[0].path, "spec.portBreakouts");
        // Turning RoCE on in the same change counts too (Hedgehog checks old or new).
        let plain = json!({"portBreakouts": {"E1/1": "4x25G"}});
        assert!(!check_update("Switch", &plain, &new).is_empty());
        // Without RoCE breakouts may change; with RoCE other fields may.
        let plain_new = json!({"portBreakouts": {"E1/1": "1x100G"}});
        assert!(check_update("Switch", &plain, &plain_new).is_empty());
        let described =
            json!({"roce": true, "portBreakouts": {"E1/1": "4x25G"}, "description": "x"});
        assert!(check_update("Switch", &old, &described).is_empty());
    }
}
