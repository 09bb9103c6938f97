//! `GatewayPeering.Default()`: NAT idle timeouts, the gateway group, the ACL's default action
//! and rule scopes.

use serde_json::{Value, json};

use super::DEFAULT_IDLE_TIMEOUT;

/// Whether a Go duration (`2m0s`, `0s`, `0`) is zero or absent.
fn zero_duration(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.chars().filter(|c| c.is_ascii_digit()).all(|c| c == '0'),
        Some(Value::Number(n)) => n.as_f64() == Some(0.0),
        _ => false,
    }
}

/// `GatewayPeering.Default()`: nothing unless there are exactly two peers; then NAT idle
/// timeouts, the gateway group and the ACL's default action and rule scopes.
pub(in crate::hedgehog::admission) fn default(spec: &mut Value) {
    let Some(spec) = spec.as_object_mut() else {
        return;
    };
    let Some(Value::Object(peers)) = spec.get_mut("peering") else {
        return;
    };
    if peers.len() != 2 {
        return;
    }
    for peer in peers.values_mut() {
        let Some(Value::Array(exposes)) = peer.get_mut("expose") else {
            continue;
        };
        for expose in exposes {
            let Some(Value::Object(nat)) = expose.get_mut("nat") else {
                continue;
            };
            for mode in ["masquerade", "portForward"] {
                if let Some(Value::Object(mode)) = nat.get_mut(mode)
                    && zero_duration(mode.get("idleTimeout"))
                {
                    mode.insert("idleTimeout".into(), json!(DEFAULT_IDLE_TIMEOUT));
                }
            }
        }
    }
    let empty_group = match spec.get("gatewayGroup") {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        _ => false,
    };
    if empty_group {
        spec.insert(
            "gatewayGroup".into(),
            json!(crate::hedgehog::admission::gateway::DEFAULT_GROUP),
        );
    }
    if let Some(Value::Object(acl)) = spec.get_mut("acl") {
        if acl
            .get("default")
            .and_then(Value::as_str)
            .unwrap_or("")
            .is_empty()
        {
            acl.insert("default".into(), json!("deny-unless-exposed"));
        }
        if let Some(Value::Array(rules)) = acl.get_mut("rules") {
            for rule in rules.iter_mut().filter_map(Value::as_object_mut) {
                if rule
                    .get("scope")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .is_empty()
                {
                    rule.insert("scope".into(), json!("flow"));
                }
            }
        }
    }
}
