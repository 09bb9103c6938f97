//! GatewayPeering rules against the fabric: the peers as VPCs or Externals, exposed CIDRs and
//! `vpcSubnet` references; between peerings, overlapping exposed CIDRs.

use std::collections::HashMap;

use super::{EXT_PREFIX, Fabric, Sink, Spec, Typed, key};
use crate::hedgehog::admission::ip::{Prefix, overlapping_pairs};

/// The peers as VPCs or Externals, exposed CIDRs within their VPC, `vpcSubnet` references.
pub(super) fn check_peers(
    fabric: &Fabric<'_>,
    i: usize,
    spec: &Spec,
    peers: &[&str],
    sink: &mut Sink<'_>,
) {
    // Peer name → the VPC object, for those that are VPCs found in the fabric.
    let mut vpcs: HashMap<&str, usize> = HashMap::new();
    for (name, entry) in &spec.peering {
        let base = format!("spec.peering{}", key(name));
        if let Some(external) = name.strip_prefix(EXT_PREFIX) {
            if fabric.find(i, "External", external).is_none() {
                sink.missing(i, &base, format!("External {external} not found"));
            }
            // Hedgehog does not check what an External's exposes cover.
            continue;
        }
        let Some(vpc) = fabric.find(i, "VPC", name) else {
            sink.missing(i, &base, format!("VPC {name} not found"));
            continue;
        };
        let Some(vpc_spec) = fabric.vpc(vpc) else {
            continue;
        };
        vpcs.insert(name, vpc);
        let subnets: Vec<Prefix> = vpc_spec
            .subnets
            .values()
            .filter_map(|s| Prefix::parse(&s.subnet))
            .collect();
        for (j, expose) in entry.expose.iter().enumerate() {
            if expose.default_destination {
                continue;
            }
            for (k, block) in expose.ips.iter().enumerate() {
                let path = format!("{base}.expose[{j}].ips[{k}]");
                if let Some(cidr) = Prefix::parse(&block.cidr)
                    && !subnets.iter().any(|s| cidr.is_subset_of(*s))
                {
                    sink.error_related(
                        i,
                        format!("{path}.cidr"),
                        format!("{} is not within a subnet of VPC {name}", block.cidr),
                        vpc,
                    );
                }
                if !block.vpc_subnet.is_empty() && !vpc_spec.subnets.contains_key(&block.vpc_subnet)
                {
                    sink.error_related(
                        i,
                        format!("{path}.vpcSubnet"),
                        format!("subnet {} not found in VPC {name}", block.vpc_subnet),
                        vpc,
                    );
                }
            }
        }
    }
    let Some(acl) = &spec.acl else {
        return;
    };
    let other = |peer: &str| {
        if peers[0] == peer { peers[1] } else { peers[0] }
    };
    for (j, rule) in acl.rules.iter().enumerate() {
        let (from, to) = match (rule.from.as_str(), rule.to.as_str()) {
            ("", to) => (other(to), to),
            (from, "") => (from, other(from)),
            (from, to) => (from, to),
        };
        for (field, side, endpoints) in [
            ("src", from, &rule.matches.src),
            ("dst", to, &rule.matches.dst),
        ] {
            for (k, endpoint) in endpoints.iter().enumerate() {
                if endpoint.vpc_subnet.is_empty() {
                    continue;
                }
                let path = format!("spec.acl.rules[{j}].match.{field}[{k}].vpcSubnet");
                if side.starts_with(EXT_PREFIX) {
                    sink.error(
                        i,
                        path,
                        format!("{side} is an External: it has no VPC subnets"),
                    );
                    continue;
                }
                let Some(&vpc) = vpcs.get(side) else {
                    continue; // not a peer (reported) or not found (reported)
                };
                if let Some(vpc_spec) = fabric.vpc(vpc)
                    && !vpc_spec.subnets.contains_key(&endpoint.vpc_subnet)
                {
                    sink.error_related(
                        i,
                        path,
                        format!("subnet {} not found in VPC {side}", endpoint.vpc_subnet),
                        vpc,
                    );
                }
            }
        }
    }
}

/// One exposed CIDR of a peering: (peering index, path of the exposed block, the CIDR).
type Exposed = (usize, String, Prefix);

/// Between peerings and gateways: a gateway group without any Gateway (Hedgehog builds the
/// group's first gateway's configuration to admit a peering), and CIDRs exposed towards one
/// VPC by two peerings that overlap (sorted sweep per target, not pairwise; both peerings get
/// the problem).
pub(in crate::hedgehog::admission) fn check_fabric(fabric: &Fabric<'_>, sink: &mut Sink<'_>) {
    let mut groups_with_gateways: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, object) in fabric.objects.iter().enumerate() {
        if let Typed::Gateway(spec) = &fabric.typed[i] {
            for group in &spec.groups {
                groups_with_gateways
                    .entry((object.namespace(), group.name.as_str()))
                    .or_insert(i);
            }
        }
    }
    // Target peer → (peering, path of the exposed block, its CIDR).
    let mut towards: HashMap<(&str, &str), Vec<Exposed>> = HashMap::new();
    for (i, object) in fabric.objects.iter().enumerate() {
        let Typed::GatewayPeering(spec) = &fabric.typed[i] else {
            continue;
        };
        if !spec.gateway_group.is_empty()
            && fabric
                .find(i, "GatewayGroup", &spec.gateway_group)
                .is_some()
            && !groups_with_gateways
                .contains_key(&(object.namespace(), spec.gateway_group.as_str()))
        {
            sink.missing(
                i,
                "spec.gatewayGroup",
                format!(
                    "no Gateway is in GatewayGroup {} to process this peering",
                    spec.gateway_group
                ),
            );
        }
        let names: Vec<&String> = spec.peering.keys().collect();
        let [a, b] = names[..] else {
            continue;
        };
        for (origin, target) in [(a, b), (b, a)] {
            let exposes = &spec.peering[origin].expose;
            for (j, expose) in exposes.iter().enumerate() {
                if expose.default_destination {
                    continue;
                }
                let (field, blocks) = if expose.as_blocks.is_empty() {
                    ("ips", &expose.ips)
                } else {
                    ("as", &expose.as_blocks)
                };
                for (k, block) in blocks.iter().enumerate() {
                    if let Some(cidr) = Prefix::parse(&block.cidr) {
                        towards
                            .entry((object.namespace(), target.as_str()))
                            .or_default()
                            .push((
                                i,
                                format!(
                                    "spec.peering{}.expose[{j}].{field}[{k}].cidr",
                                    key(origin)
                                ),
                                cidr,
                            ));
                    }
                }
            }
        }
    }
    for ((_, target), exposed) in &towards {
        let prefixes: Vec<Prefix> = exposed.iter().map(|(_, _, p)| p.masked()).collect();
        for (a, b) in overlapping_pairs(&prefixes) {
            let (peering_a, path_a, cidr_a) = &exposed[a];
            let (peering_b, path_b, cidr_b) = &exposed[b];
            if peering_a == peering_b {
                continue;
            }
            for ((me, path, mine), (other, theirs)) in [
                ((*peering_a, path_a, cidr_a), (*peering_b, cidr_b)),
                ((*peering_b, path_b, cidr_b), (*peering_a, cidr_a)),
            ] {
                sink.error_related(
                    me,
                    path.clone(),
                    format!(
                        "{mine} exposed to {target} overlaps {theirs} exposed to it by GatewayPeering {}",
                        fabric.objects[other].name
                    ),
                    other,
                );
            }
        }
    }
}
