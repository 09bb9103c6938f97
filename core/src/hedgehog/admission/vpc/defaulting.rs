//! `VPC.Default()`: namespaces, gateway, DHCP range and options, static lease MAC keys.

use serde_json::{Map, Value, json};

use super::{DEFAULT_LEASE_SECONDS, DEFAULT_MTU, MAX_PREFIX_BITS, Order};
use crate::hedgehog::admission::ip::{Prefix, canonical_mac};

fn is_empty_str(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        _ => false,
    }
}

fn is_unset(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Bool(b)) => !b,
        Some(Value::Number(n)) => n.as_f64() == Some(0.0),
        _ => false,
    }
}

/// `VPC.Default()`: `ipv4Namespace`/`vlanNamespace` default to `default`; per subnet with a
/// valid CIDR: the gateway defaults to the first address (not for hostBGP subnets); for
/// prefixes up to /30, DHCP `range` and `options` are dropped when DHCP is disabled, otherwise
/// the range defaults to the third address … the last address, options that are all empty are
/// dropped and set options get MTU 9036, lease 3600 s, sorted server lists and routes; static
/// lease MAC keys are normalized (lowercase, colons).
pub(in crate::hedgehog::admission) fn default(spec: &mut Value, order: Order) {
    let Some(spec) = spec.as_object_mut() else {
        return;
    };
    for field in ["ipv4Namespace", "vlanNamespace"] {
        if is_empty_str(spec.get(field)) {
            spec.insert(field.into(), json!("default"));
        }
    }
    let Some(Value::Object(subnets)) = spec.get_mut("subnets") else {
        return;
    };
    for subnet in subnets.values_mut() {
        let Some(subnet) = subnet.as_object_mut() else {
            continue;
        };
        let Some(cidr) = subnet
            .get("subnet")
            .and_then(Value::as_str)
            .and_then(Prefix::parse)
        else {
            continue;
        };
        let host_bgp = subnet.get("hostBGP") == Some(&Value::Bool(true));
        if is_empty_str(subnet.get("gateway")) && !host_bgp {
            subnet.insert("gateway".into(), json!(cidr.network().next().to_string()));
        }
        if cidr.bits() > MAX_PREFIX_BITS {
            continue;
        }
        let Some(Value::Object(dhcp)) = subnet.get_mut("dhcp") else {
            continue;
        };
        if dhcp.get("enable") != Some(&Value::Bool(true)) {
            dhcp.remove("range");
            dhcp.remove("options");
            continue;
        }
        default_range(dhcp, cidr);
        if let Some(Value::Object(options)) = dhcp.get_mut("options") {
            let empty = [
                "pxeURL",
                "dnsServers",
                "timeServers",
                "interfaceMTU",
                "leaseTimeSeconds",
                "disableDefaultRoute",
                "advertisedRoutes",
            ]
            .iter()
            .all(|field| is_unset(options.get(*field)));
            if empty {
                dhcp.remove("options");
                // Hedgehog leaves the static leases of this subnet as they are.
                continue;
            }
            default_options(options, order);
        }
        if let Some(Value::Object(statics)) = dhcp.get_mut("static") {
            let renamed: Vec<(String, String)> = statics
                .keys()
                .filter_map(|mac| Some((mac.clone(), canonical_mac(mac)?)))
                .filter(|(mac, canonical)| mac != canonical)
                .collect();
            for (mac, canonical) in renamed {
                if let Some(lease) = statics.remove(&mac) {
                    statics.insert(canonical, lease);
                }
            }
        }
    }
}

fn default_range(dhcp: &mut Map<String, Value>, cidr: Prefix) {
    if !matches!(dhcp.get("range"), Some(Value::Object(_))) {
        dhcp.insert("range".into(), json!({}));
    }
    if let Some(Value::Object(range)) = dhcp.get_mut("range") {
        if is_empty_str(range.get("start")) {
            let start = cidr.network().next().next();
            range.insert("start".into(), json!(start.to_string()));
        }
        if is_empty_str(range.get("end")) {
            range.insert("end".into(), json!(cidr.last().to_string()));
        }
    }
}

fn default_options(options: &mut Map<String, Value>, order: Order) {
    if is_unset(options.get("interfaceMTU")) {
        options.insert("interfaceMTU".into(), json!(DEFAULT_MTU));
    }
    if is_unset(options.get("leaseTimeSeconds")) {
        options.insert("leaseTimeSeconds".into(), json!(DEFAULT_LEASE_SECONDS));
    }
    for field in ["dnsServers", "timeServers"] {
        match options.get_mut(field) {
            Some(Value::Array(list))
                if order == Order::Sort && list.iter().all(Value::is_string) =>
            {
                list.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            }
            None | Some(Value::Null) => {
                options.insert(field.into(), json!([]));
            }
            _ => {}
        }
    }
    match options.get_mut("advertisedRoutes") {
        None | Some(Value::Null) => {
            options.insert("advertisedRoutes".into(), json!([]));
        }
        Some(Value::Array(routes)) if order == Order::Sort => {
            let field =
                |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
            routes.sort_by_key(|r| (field(r, "destination"), field(r, "gateway")));
        }
        _ => {}
    }
}
