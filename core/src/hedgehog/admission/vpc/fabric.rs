//! VPC rules against the fabric: IPv4Namespace and VLANNamespace membership, DHCP relay VPCs,
//! and between VPCs subnet overlap and VLAN reuse.

use std::collections::HashMap;

use super::{Fabric, Sink, Spec, key};
use crate::hedgehog::admission::Typed;
use crate::hedgehog::admission::ip::{Prefix, overlapping_pairs};

/// IPv4Namespace and VLANNamespace membership and the DHCP relay VPCs.
pub(super) fn check_references(
    fabric: &Fabric<'_>,
    i: usize,
    spec: &Spec,
    cidrs: &[(&str, Prefix)],
    sink: &mut Sink<'_>,
) {
    let vpc_name = &fabric.objects[i].name;
    match fabric.find(i, "IPv4Namespace", &spec.ipv4_namespace) {
        None => missing_namespace(
            i,
            "IPv4Namespace",
            "spec.ipv4Namespace",
            &spec.ipv4_namespace,
            sink,
        ),
        Some(ns) => {
            if let Typed::Ipv4Namespace(ns_spec) = &fabric.typed[ns] {
                let ns_prefixes: Vec<Prefix> = ns_spec
                    .subnets
                    .iter()
                    .filter_map(|s| Prefix::parse(s))
                    .collect();
                for (subnet_name, cidr) in cidrs {
                    if !ns_prefixes.iter().any(|outer| cidr.is_subset_of(*outer)) {
                        sink.error_related(
                            i,
                            format!("spec.subnets{}.subnet", key(subnet_name)),
                            format!(
                                "{cidr} is not within IPv4Namespace {} ({})",
                                spec.ipv4_namespace,
                                ns_spec.subnets.join(", ")
                            ),
                            ns,
                        );
                        sink.error_related(
                            ns,
                            "spec.subnets",
                            format!(
                                "VPC {vpc_name} subnet {subnet_name} ({cidr}) is not within this namespace"
                            ),
                            i,
                        );
                    }
                }
            }
        }
    }
    match fabric.find(i, "VLANNamespace", &spec.vlan_namespace) {
        None => missing_namespace(
            i,
            "VLANNamespace",
            "spec.vlanNamespace",
            &spec.vlan_namespace,
            sink,
        ),
        Some(ns) => {
            if let Typed::VlanNamespace(ns_spec) = &fabric.typed[ns] {
                for (subnet_name, subnet) in &spec.subnets {
                    if subnet.host_bgp || subnet.vlan == 0 || ns_spec.contains(subnet.vlan) {
                        continue;
                    }
                    sink.error_related(
                        i,
                        format!("spec.subnets{}.vlan", key(subnet_name)),
                        format!(
                            "VLAN {} is not within VLANNamespace {} ({})",
                            subnet.vlan,
                            spec.vlan_namespace,
                            ns_spec.describe()
                        ),
                        ns,
                    );
                    sink.error_related(
                        ns,
                        "spec.ranges",
                        format!(
                            "VPC {vpc_name} subnet {subnet_name} uses VLAN {}, outside these ranges",
                            subnet.vlan
                        ),
                        i,
                    );
                }
            }
        }
    }
    for (subnet_name, subnet) in &spec.subnets {
        let relay = &subnet.dhcp.relay_vpc;
        if !relay.is_empty() && fabric.find(i, "VPC", relay).is_none() {
            sink.missing(
                i,
                format!("spec.subnets{}.dhcp.relayVPC", key(subnet_name)),
                format!("DHCP relay VPC {relay} not found"),
            );
        }
    }
}

/// A namespace the fabric lacks: `default` is created at install time (a warning: its subnets
/// or ranges are unknown here), any other name is an error.
pub(in crate::hedgehog::admission) fn missing_namespace(
    i: usize,
    kind: &str,
    path: &str,
    name: &str,
    sink: &mut Sink<'_>,
) {
    if name == "default" {
        sink.warning(
            i,
            path,
            format!("{kind} default is not among the files (created at install time); membership not checked"),
        );
    } else {
        sink.missing(i, path, format!("{kind} {name} not found"));
    }
}

/// Between VPCs: subnets overlapping within one IPv4Namespace (sorted sweep, not pairwise) and
/// a VLAN used by two VPCs of one VLANNamespace; both VPCs get the problem.
pub(in crate::hedgehog::admission) fn check_fabric(fabric: &Fabric<'_>, sink: &mut Sink<'_>) {
    let mut by_ipv4ns: HashMap<&str, Vec<(usize, &str, Prefix)>> = HashMap::new();
    let mut by_vlan: HashMap<(&str, u16), Vec<(usize, &str)>> = HashMap::new();
    for i in 0..fabric.objects.len() {
        let Some(spec) = fabric.vpc(i) else {
            continue;
        };
        for (subnet_name, subnet) in &spec.subnets {
            if let Some(cidr) = Prefix::parse(&subnet.subnet) {
                by_ipv4ns
                    .entry(spec.ipv4_namespace.as_str())
                    .or_default()
                    .push((i, subnet_name, cidr.masked()));
            }
            if subnet.vlan != 0 && !subnet.host_bgp {
                let users = by_vlan
                    .entry((spec.vlan_namespace.as_str(), subnet.vlan))
                    .or_default();
                // One entry per VPC: duplicates inside a VPC are a per-object rule.
                if !users.iter().any(|(vpc, _)| *vpc == i) {
                    users.push((i, subnet_name));
                }
            }
        }
    }
    for (namespace, subnets) in &by_ipv4ns {
        let prefixes: Vec<Prefix> = subnets.iter().map(|(_, _, p)| *p).collect();
        for (a, b) in overlapping_pairs(&prefixes) {
            let (vpc_a, name_a, cidr_a) = subnets[a];
            let (vpc_b, name_b, cidr_b) = subnets[b];
            if vpc_a == vpc_b {
                continue;
            }
            for ((me, my_name, my_cidr), (other, other_name, other_cidr)) in [
                ((vpc_a, name_a, cidr_a), (vpc_b, name_b, cidr_b)),
                ((vpc_b, name_b, cidr_b), (vpc_a, name_a, cidr_a)),
            ] {
                sink.error_related(
                    me,
                    format!("spec.subnets{}.subnet", key(my_name)),
                    format!(
                        "{my_cidr} overlaps subnet {other_name} ({other_cidr}) of VPC {} in IPv4Namespace {namespace}",
                        fabric.objects[other].name
                    ),
                    other,
                );
            }
        }
    }
    for ((namespace, vlan), users) in &by_vlan {
        if users.len() < 2 {
            continue;
        }
        // Each VPC names one other user (and how many more): linear in the number of users.
        for (position, &(me, my_subnet)) in users.iter().enumerate() {
            let (other, other_subnet) = users[if position == 0 { 1 } else { 0 }];
            let more = match users.len() - 2 {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            sink.error_related(
                me,
                format!("spec.subnets{}.vlan", key(my_subnet)),
                format!(
                    "VLAN {vlan} is also used by VPC {} subnet {other_subnet}{more} in VLANNamespace {namespace}",
                    fabric.objects[other].name
                ),
                other,
            );
        }
    }
}
