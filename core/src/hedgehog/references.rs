//! References one Hedgehog object makes to others (target kind + name + path of the field
//! holding the reference). Re-exported from [`super::validate`].

use std::collections::HashSet;

use serde_json::Value;

use super::validate::{array, key_segment};

/// A reference from one object to another: the target's kind and name, and the path of the
/// field holding the reference (same path syntax as
/// [`Problem::path`](super::validate::Problem::path)).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference {
    pub kind: &'static str,
    pub name: String,
    pub path: String,
}

/// Other resources an object refers to (target kind + name + path of the field holding the
/// reference), in field order, each target at most once (first path wins). Only references
/// written in the spec are returned: a VPC without `ipv4Namespace` implicitly uses `default`,
/// but that is not reported. Empty names are skipped. Profile names (`Switch.spec.profile`,
/// `Server.spec.profile`) are not returned: profiles are built into the fabric, not user
/// objects.
pub fn references(kind: &str, spec: &Value) -> Vec<Reference> {
    let mut refs = Refs::default();
    let s = |path: &[&str]| get_str(spec, path);
    match kind {
        "VPCAttachment" => {
            refs.add("Connection", s(&["connection"]), "spec.connection");
            if let Some((vpc, _subnet)) = s(&["subnet"]).and_then(|v| v.split_once('/')) {
                refs.add("VPC", Some(vpc), "spec.subnet");
            }
        }
        "VPCPeering" => {
            for (i, item) in array(spec.get("permit")).iter().enumerate() {
                for vpc in object_keys(item) {
                    let path = format!("spec.permit[{i}]{}", key_segment(vpc));
                    refs.add("VPC", Some(vpc), path);
                }
            }
        }
        "ExternalPeering" => {
            refs.add("VPC", s(&["permit", "vpc", "name"]), "spec.permit.vpc.name");
            refs.add(
                "External",
                s(&["permit", "external", "name"]),
                "spec.permit.external.name",
            );
        }
        "ExternalAttachment" => {
            refs.add("Connection", s(&["connection"]), "spec.connection");
            refs.add("External", s(&["external"]), "spec.external");
        }
        "VPC" => {
            refs.add("IPv4Namespace", s(&["ipv4Namespace"]), "spec.ipv4Namespace");
            refs.add("VLANNamespace", s(&["vlanNamespace"]), "spec.vlanNamespace");
            if let Some(subnets) = spec.get("subnets").and_then(Value::as_object) {
                for (name, subnet) in subnets {
                    let path = format!("spec.subnets{}.dhcp.relayVPC", key_segment(name));
                    refs.add("VPC", get_str(subnet, &["dhcp", "relayVPC"]), path);
                }
            }
        }
        "External" => {
            refs.add("IPv4Namespace", s(&["ipv4Namespace"]), "spec.ipv4Namespace");
        }
        "Switch" => {
            for (i, ns) in array(spec.get("vlanNamespaces")).iter().enumerate() {
                refs.add(
                    "VLANNamespace",
                    ns.as_str(),
                    format!("spec.vlanNamespaces[{i}]"),
                );
            }
            for (i, group) in array(spec.get("groups")).iter().enumerate() {
                refs.add("SwitchGroup", group.as_str(), format!("spec.groups[{i}]"));
            }
            refs.add(
                "SwitchGroup",
                s(&["redundancy", "group"]),
                "spec.redundancy.group",
            );
        }
        "Connection" => {
            if let Some(map) = spec.as_object() {
                for (field, value) in map {
                    let path = format!("spec{}", key_segment(field));
                    if field == "staticExternal" {
                        let within = get_str(value, &["withinVPC"]);
                        refs.add("VPC", within, format!("{path}.withinVPC"));
                    }
                    connection_ports(value, None, &path, &mut refs);
                }
            }
        }
        "Gateway" => {
            for (i, group) in array(spec.get("groups")).iter().enumerate() {
                let name = get_str(group, &["name"]);
                refs.add("GatewayGroup", name, format!("spec.groups[{i}].name"));
            }
        }
        "GatewayPeering" => {
            refs.add("GatewayGroup", s(&["gatewayGroup"]), "spec.gatewayGroup");
            for key in object_keys(spec.get("peering").unwrap_or(&Value::Null)) {
                let path = format!("spec.peering{}", key_segment(key));
                // Externals are named `ext.<name>` in a gateway peering (Hedgehog docs,
                // user-guide/gateway.md: "the name of the external is prefixed with ext.").
                match key.strip_prefix("ext.") {
                    Some(external) => refs.add("External", Some(external), path),
                    None => refs.add("VPC", Some(key), path),
                }
            }
        }
        _ => {}
    }
    refs.list
}

// ---------------------------------------------------------------------------------------------
// Helpers

#[derive(Default)]
struct Refs {
    seen: HashSet<(&'static str, String)>,
    list: Vec<Reference>,
}

impl Refs {
    fn add(&mut self, kind: &'static str, name: Option<&str>, path: impl Into<String>) {
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            return;
        };
        if self.seen.insert((kind, name.to_owned())) {
            self.list.push(Reference {
                kind,
                name: name.to_owned(),
                path: path.into(),
            });
        }
    }
}

/// Walks a Connection's link structures: every object with a string `port` (`device/port`)
/// refers to the device; the field holding the object says which kind the device is.
fn connection_ports(value: &Value, side: Option<&str>, path: &str, refs: &mut Refs) {
    match value {
        Value::Object(map) => {
            if let (Some(side), Some(port)) = (side, map.get("port").and_then(Value::as_str))
                && let Some((device, _)) = port.split_once('/')
            {
                let kind = match side {
                    "server" => "Server",
                    "gateway" => "Gateway",
                    _ => "Switch", // switch, spine, leaf, leaf1/2, switch1/2
                };
                refs.add(kind, Some(device), format!("{path}.port"));
            }
            for (key, child) in map {
                let child_path = format!("{path}{}", key_segment(key));
                connection_ports(child, Some(key), &child_path, refs);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                connection_ports(item, side, &format!("{path}[{i}]"), refs);
            }
        }
        _ => {}
    }
}

fn get_str<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(value, |v, key| v.get(key))
        .and_then(Value::as_str)
}

fn object_keys(value: &Value) -> impl Iterator<Item = &str> {
    value
        .as_object()
        .into_iter()
        .flat_map(|m| m.keys().map(String::as_str))
}
