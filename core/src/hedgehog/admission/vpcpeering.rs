//! VPCPeering: admission (no deprecated `remote`, every permit entry names exactly 2 VPCs and
//! all entries the same 2; against the fabric: both VPCs exist, share their IPv4Namespace and
//! VLANNamespace, and the permitted subnets exist). No defaulting of the spec (Hedgehog only
//! sets labels). Whether peering is disabled in the fabric configuration is not checked.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

use super::{Fabric, Sink, key};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Spec {
    pub remote: String,
    pub permit: Vec<BTreeMap<String, Peer>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Peer {
    pub subnets: Vec<String>,
}

/// `permit: [{vpc-1: , vpc-2: }]` (null peers, as Hedgehog's docs write them) means
/// `{vpc-1: {}, vpc-2: {}}`: the keys must survive the removal of null values.
pub(super) fn peers_as_objects(spec: &Value) -> Value {
    let mut spec = spec.clone();
    if let Some(Value::Array(entries)) = spec.get_mut("permit") {
        for entry in entries.iter_mut().filter_map(Value::as_object_mut) {
            for peer in entry.values_mut().filter(|peer| peer.is_null()) {
                *peer = json!({});
            }
        }
    }
    spec
}

pub(super) fn check(fabric: &Fabric<'_>, i: usize, spec: &Spec, sink: &mut Sink<'_>) {
    if !spec.remote.is_empty() {
        sink.error(
            i,
            "spec.remote",
            "remote is deprecated and no longer supported",
        );
    }
    let mut vpcs: Vec<&str> = Vec::new();
    let mut entries_ok = true;
    for (j, entry) in spec.permit.iter().enumerate() {
        if entry.len() != 2 {
            entries_ok = false;
            sink.error(
                i,
                format!("spec.permit[{j}]"),
                format!(
                    "a permit entry must name exactly 2 VPCs (found {})",
                    entry.len()
                ),
            );
        }
        for vpc in entry.keys() {
            if !vpcs.contains(&vpc.as_str()) {
                vpcs.push(vpc);
            }
        }
    }
    if entries_ok && vpcs.len() != 2 {
        sink.error(
            i,
            "spec.permit",
            format!(
                "a VPCPeering must name exactly 2 VPCs (found {}{})",
                vpcs.len(),
                if vpcs.is_empty() {
                    String::new()
                } else {
                    format!(": {}", vpcs.join(", "))
                }
            ),
        );
    }
    if !entries_ok || vpcs.len() != 2 {
        return;
    }

    let mut found = Vec::new();
    for (j, entry) in spec.permit.iter().enumerate() {
        for (vpc_name, peer) in entry {
            let path = format!("spec.permit[{j}]{}", key(vpc_name));
            let Some(vpc) = fabric.find(i, "VPC", vpc_name) else {
                sink.missing(i, &path, format!("VPC {vpc_name} not found"));
                continue;
            };
            if !found.contains(&vpc) {
                found.push(vpc);
            }
            let Some(vpc_spec) = fabric.vpc(vpc) else {
                continue;
            };
            for (k, subnet) in peer.subnets.iter().enumerate() {
                if !vpc_spec.subnets.contains_key(subnet) {
                    sink.error_related(
                        i,
                        format!("{path}.subnets[{k}]"),
                        format!("subnet {subnet} not found in VPC {vpc_name}"),
                        vpc,
                    );
                }
            }
        }
    }
    if let [a, b] = found[..]
        && let (Some(spec_a), Some(spec_b)) = (fabric.vpc(a), fabric.vpc(b))
    {
        let (name_a, name_b) = (&fabric.objects[a].name, &fabric.objects[b].name);
        if spec_a.ipv4_namespace != spec_b.ipv4_namespace {
            sink.error_related(
                i,
                "spec.permit",
                format!(
                    "VPCs must be in the same IPv4Namespace: {name_a} is in {}, {name_b} in {}",
                    spec_a.ipv4_namespace, spec_b.ipv4_namespace
                ),
                b,
            );
        }
        if spec_a.vlan_namespace != spec_b.vlan_namespace {
            sink.error_related(
                i,
                "spec.permit",
                format!(
                    "VPCs must be in the same VLANNamespace: {name_a} is in {}, {name_b} in {}",
                    spec_a.vlan_namespace, spec_b.vlan_namespace
                ),
                b,
            );
        }
    }
}
