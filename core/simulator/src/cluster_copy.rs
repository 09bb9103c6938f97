//! [`hedgehog_cluster_copy`]: a Git document as Hedgehog's admission webhooks and the API
//! server would store it (labels, defaults, last-applied annotation).

use std::collections::BTreeMap;

use serde_json::{Value, json};

/// What Hedgehog's admission webhooks and the API server make of a Git document: labels
/// (`fabric.githedgehog.com/…`, `<x>.fabric.githedgehog.com/<name>: "true"`), defaults (VPC
/// namespaces, subnet gateway, DHCP range and options, Switch `vlanNamespaces`, VPCAttachment
/// subnet `/default`), empty structs serialized as `{}`, the last-applied annotation of
/// `kubectl apply` and an empty `status`. `doc` is a whole object as written in Git.
pub fn hedgehog_cluster_copy(doc: &Value) -> Value {
    let mut object = doc.clone();
    let applied = doc.to_string();
    let kind = doc["kind"].as_str().unwrap_or_default().to_owned();
    if !object["metadata"].is_object() {
        object["metadata"] = json!({});
    }
    if !object["spec"].is_object() {
        object["spec"] = json!({});
    }
    let name = object["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut labels: BTreeMap<String, Value> = object["metadata"]["labels"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    let spec = object["spec"].as_object_mut().expect("spec is an object");
    match kind.as_str() {
        "VPC" => {
            let ipv4 = spec
                .entry("ipv4Namespace")
                .or_insert_with(|| json!("default"))
                .clone();
            let vlan = spec
                .entry("vlanNamespace")
                .or_insert_with(|| json!("default"))
                .clone();
            labels.insert("fabric.githedgehog.com/ipv4ns".into(), ipv4);
            labels.insert("fabric.githedgehog.com/vlanns".into(), vlan);
            if let Some(Value::Object(subnets)) = spec.get_mut("subnets") {
                for subnet in subnets.values_mut() {
                    let Some(subnet) = subnet.as_object_mut() else {
                        continue;
                    };
                    let cidr = subnet
                        .get("subnet")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned();
                    if let Some((first, tenth, last)) = ipv4_hosts(&cidr) {
                        subnet.entry("gateway").or_insert_with(|| json!(first));
                        let dhcp = subnet.entry("dhcp").or_insert_with(|| json!({}));
                        if dhcp["enable"] == json!(true) {
                            let range = dhcp
                                .as_object_mut()
                                .unwrap()
                                .entry("range")
                                .or_insert_with(|| json!({}));
                            let range = range.as_object_mut().unwrap();
                            range.entry("start").or_insert_with(|| json!(tenth));
                            range.entry("end").or_insert_with(|| json!(last));
                            let options = dhcp
                                .as_object_mut()
                                .unwrap()
                                .entry("options")
                                .or_insert_with(|| json!({}));
                            let options = options.as_object_mut().unwrap();
                            options
                                .entry("leaseTimeSeconds")
                                .or_insert_with(|| json!(3600));
                            options.entry("interfaceMTU").or_insert_with(|| json!(9036));
                        }
                    }
                }
            }
        }
        "VPCAttachment" => {
            if let Some(Value::String(subnet)) = spec.get_mut("subnet") {
                if !subnet.contains('/') {
                    subnet.push_str("/default");
                }
                let vpc = subnet.split('/').next().unwrap_or_default().to_owned();
                labels.insert(format!("vpc.fabric.githedgehog.com/{vpc}"), json!("true"));
            }
            if let Some(Value::String(conn)) = spec.get("connection") {
                labels.insert(
                    format!("connection.fabric.githedgehog.com/{conn}"),
                    json!("true"),
                );
            }
        }
        "VPCPeering" => {
            if let Some(Value::Array(permit)) = spec.get("permit") {
                for entry in permit {
                    if let Some(map) = entry.as_object() {
                        for vpc in map.keys() {
                            labels
                                .insert(format!("vpc.fabric.githedgehog.com/{vpc}"), json!("true"));
                        }
                    }
                }
            }
        }
        "Switch" => {
            spec.entry("vlanNamespaces")
                .or_insert_with(|| json!(["default"]));
            spec.entry("ecmp").or_insert_with(|| json!({}));
            spec.entry("boot").or_insert_with(|| json!({}));
            // Hedgehog's Switch.Default(): the redundancy group joins `groups`, sorted.
            let redundancy = spec
                .get("redundancy")
                .and_then(|r| r.get("group"))
                .and_then(Value::as_str)
                .filter(|g| !g.is_empty())
                .map(str::to_owned);
            if let Some(group) = redundancy {
                let groups = spec.entry("groups").or_insert_with(|| json!([]));
                if let Value::Array(list) = groups
                    && !list.iter().any(|g| g.as_str() == Some(group.as_str()))
                {
                    list.push(json!(group));
                }
            }
            if let Some(Value::Array(list)) = spec.get_mut("groups") {
                list.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            }
            if let Some(Value::Array(groups)) = spec.get("groups") {
                for group in groups.iter().filter_map(Value::as_str) {
                    labels.insert(
                        format!("group.fabric.githedgehog.com/{group}"),
                        json!("true"),
                    );
                }
            }
            if let Some(Value::String(role)) = spec.get("role") {
                labels.insert("fabric.githedgehog.com/role".into(), json!(role));
            }
        }
        // Hedgehog's Gateway.Default(): log level and tags, workers, groups (sorted, or the
        // `default` group).
        "Gateway" => {
            let logs = spec.entry("logs").or_insert_with(|| json!({}));
            if let Some(logs) = logs.as_object_mut() {
                logs.entry("default").or_insert_with(|| json!("info"));
                if logs
                    .get("tags")
                    .and_then(Value::as_object)
                    .is_none_or(|t| t.is_empty())
                {
                    logs.insert("tags".into(), json!({"all": "info"}));
                }
            }
            if spec.get("workers").and_then(Value::as_u64).unwrap_or(0) == 0 {
                spec.insert("workers".into(), json!(4));
            }
            match spec.get_mut("groups") {
                Some(Value::Array(groups)) if !groups.is_empty() => {
                    groups.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()))
                }
                _ => {
                    spec.insert("groups".into(), json!([{"name": "default"}]));
                }
            }
        }
        // Hedgehog's GatewayPeering.Default(), which only acts on a peering of two VPCs: NAT
        // idle timeouts (2m0s), the `default` gateway group, ACL default action and scopes.
        "GatewayPeering" => {
            let two = spec
                .get("peering")
                .and_then(Value::as_object)
                .is_some_and(|p| p.len() == 2);
            if two {
                if let Some(Value::Object(peering)) = spec.get_mut("peering") {
                    for peer in peering.values_mut() {
                        let Some(Value::Array(exposes)) = peer.get_mut("expose") else {
                            continue;
                        };
                        for expose in exposes {
                            let Some(Value::Object(nat)) = expose.get_mut("nat") else {
                                continue;
                            };
                            for mode in ["masquerade", "portForward"] {
                                if let Some(Value::Object(m)) = nat.get_mut(mode) {
                                    let unset = m.get("idleTimeout").is_none_or(|t| {
                                        t.is_null() || t.as_str() == Some("") || t == "0s"
                                    });
                                    if unset {
                                        m.insert("idleTimeout".into(), json!("2m0s"));
                                    }
                                }
                            }
                        }
                    }
                }
                if spec
                    .get("gatewayGroup")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
                {
                    spec.insert("gatewayGroup".into(), json!("default"));
                }
                if let Some(Value::Object(acl)) = spec.get_mut("acl") {
                    acl.entry("default")
                        .or_insert_with(|| json!("deny-unless-exposed"));
                    if let Some(Value::Array(rules)) = acl.get_mut("rules") {
                        for rule in rules.iter_mut().filter_map(Value::as_object_mut) {
                            rule.entry("scope").or_insert_with(|| json!("flow"));
                        }
                    }
                }
            }
        }
        "Connection" => {
            for (_, value) in spec.iter() {
                collect_devices(value, &mut labels);
            }
            if let Some(kind) = spec.keys().next() {
                labels.insert("fabric.githedgehog.com/connection-type".into(), json!(kind));
            }
        }
        "External" | "ExternalAttachment" | "ExternalPeering" | "IPv4Namespace"
        | "VLANNamespace" | "Server" | "SwitchGroup" => {
            labels.insert(
                format!("fabric.githedgehog.com/{}", kind.to_lowercase()),
                json!(name),
            );
        }
        _ => {}
    }
    let meta = object["metadata"].as_object_mut().unwrap();
    meta.entry("namespace").or_insert_with(|| json!("default"));
    meta.insert("labels".into(), Value::Object(labels.into_iter().collect()));
    let annotations = meta
        .entry("annotations")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .unwrap();
    annotations.insert(
        "kubectl.kubernetes.io/last-applied-configuration".into(),
        json!(format!("{applied}\n")),
    );
    object["status"] = json!({});
    object
}

/// Labels `switch.fabric.githedgehog.com/<switch>` / `server.fabric.githedgehog.com/<server>`
/// for every `device/port` string under a Connection spec.
fn collect_devices(value: &Value, labels: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key == "port"
                    && let Some((device, _)) = v.as_str().and_then(|p| p.split_once('/'))
                {
                    let role = if device.starts_with("server") {
                        "server"
                    } else {
                        "switch"
                    };
                    labels.insert(
                        format!("{role}.fabric.githedgehog.com/{device}"),
                        json!("true"),
                    );
                } else {
                    collect_devices(v, labels);
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| collect_devices(v, labels)),
        _ => {}
    }
}

/// First host, tenth host and last host of an IPv4 CIDR.
fn ipv4_hosts(cidr: &str) -> Option<(String, String, String)> {
    let (addr, len) = cidr.split_once('/')?;
    let addr: std::net::Ipv4Addr = addr.parse().ok()?;
    let len: u32 = len.parse().ok()?;
    if !(1..=30).contains(&len) {
        return None;
    }
    let base = u32::from(addr) & (u32::MAX << (32 - len));
    let broadcast = base | !(u32::MAX << (32 - len));
    let ip = |v: u32| std::net::Ipv4Addr::from(v).to_string();
    Some((
        ip(base + 1),
        ip((base + 10).min(broadcast - 1)),
        ip(broadcast - 1),
    ))
}
