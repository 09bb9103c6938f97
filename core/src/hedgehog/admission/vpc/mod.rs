//! VPC: defaulting (namespaces, gateway, DHCP range and options, MAC keys) and admission
//! (names, mode, subnets, gateways, VLANs, DHCP relay/server/range/options/static leases,
//! permit policies, static routes; against the fabric: IPv4Namespace and VLANNamespace
//! membership, DHCP relay VPC, subnet overlap and VLAN reuse between VPCs).

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::ip::{Addr, Prefix, overlapping_pairs};
use super::{Fabric, Order, Sink, key};

mod defaulting;
mod dhcp;
mod fabric;

pub(super) use defaulting::default;
use dhcp::check_dhcp_server;
use fabric::check_references;
pub(super) use fabric::{check_fabric, missing_namespace};

const MAX_SUBNETS: usize = 20;
const MAX_PREFIX_BITS: u8 = 30;
const DEFAULT_MTU: u64 = 9036;
const DEFAULT_LEASE_SECONDS: u64 = 3600;

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Spec {
    pub mode: String,
    pub subnets: BTreeMap<String, Subnet>,
    pub ipv4_namespace: String,
    pub vlan_namespace: String,
    pub permit: Vec<Vec<String>>,
    pub static_routes: Vec<StaticRoute>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Subnet {
    pub subnet: String,
    pub gateway: String,
    pub dhcp: Dhcp,
    pub vlan: u16,
    #[serde(rename = "hostBGP")]
    pub host_bgp: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Dhcp {
    relay: String,
    #[serde(rename = "relayVPC")]
    relay_vpc: String,
    enable: bool,
    range: Option<DhcpRange>,
    options: Option<DhcpOptions>,
    #[serde(rename = "static")]
    statics: BTreeMap<String, DhcpStatic>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DhcpRange {
    start: String,
    end: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct DhcpOptions {
    dns_servers: Vec<String>,
    time_servers: Vec<String>,
    #[serde(rename = "interfaceMTU")]
    interface_mtu: u16,
    advertised_routes: Vec<DhcpRoute>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DhcpRoute {
    destination: String,
    gateway: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DhcpStatic {
    ip: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct StaticRoute {
    prefix: String,
    next_hops: Vec<String>,
}

/// Per-object rules, plus the lookups of this VPC's namespaces and relay VPCs.
pub(super) fn check(fabric: &Fabric<'_>, i: usize, spec: &Spec, sink: &mut Sink<'_>) {
    let name = &fabric.objects[i].name;
    if name.starts_with("ext.") {
        sink.error(i, "metadata.name", "a VPC name cannot start with 'ext.'");
    }
    match spec.mode.as_str() {
        "" | "l3vni" => {}
        "l3flat" => sink.error(i, "spec.mode", "mode l3flat is not supported yet"),
        other => sink.error(
            i,
            "spec.mode",
            format!("invalid mode {other:?}, must be \"\" (l2vni) or \"l3vni\""),
        ),
    }
    if spec.subnets.is_empty() {
        sink.error(i, "spec.subnets", "at least one subnet is required");
    }
    if spec.subnets.len() > MAX_SUBNETS {
        sink.error(
            i,
            "spec.subnets",
            format!(
                "too many subnets ({}), at most {MAX_SUBNETS}",
                spec.subnets.len()
            ),
        );
    }

    let mut cidrs: Vec<(&str, Prefix)> = Vec::new();
    let mut vlans: HashMap<u16, &str> = HashMap::new();
    for (subnet_name, subnet) in &spec.subnets {
        let base = format!("spec.subnets{}", key(subnet_name));
        let Some(cidr) = check_subnet(i, &base, subnet, sink) else {
            continue;
        };
        cidrs.push((subnet_name, cidr));
        if !subnet.host_bgp && subnet.vlan != 0 {
            if let Some(first) = vlans.get(&subnet.vlan) {
                sink.error(
                    i,
                    format!("{base}.vlan"),
                    format!("VLAN {} is also used by subnet {first}", subnet.vlan),
                );
            } else {
                vlans.insert(subnet.vlan, subnet_name);
            }
        }
    }
    let prefixes: Vec<Prefix> = cidrs.iter().map(|(_, p)| *p).collect();
    for (a, b) in overlapping_pairs(&prefixes) {
        let (first, second) = if cidrs[a].0 < cidrs[b].0 {
            (a, b)
        } else {
            (b, a)
        };
        sink.error(
            i,
            format!("spec.subnets{}.subnet", key(cidrs[second].0)),
            format!(
                "{} overlaps subnet {} ({})",
                cidrs[second].1, cidrs[first].0, cidrs[first].1
            ),
        );
    }

    for (index, policy) in spec.permit.iter().enumerate() {
        let base = format!("spec.permit[{index}]");
        if policy.len() < 2 {
            sink.error(i, &base, "a permit policy needs at least 2 subnets");
        }
        let mut seen = Vec::new();
        for (j, subnet) in policy.iter().enumerate() {
            if !spec.subnets.contains_key(subnet) {
                sink.error(
                    i,
                    format!("{base}[{j}]"),
                    format!("subnet {subnet} not found"),
                );
            }
            if seen.contains(&subnet) {
                sink.error(
                    i,
                    format!("{base}[{j}]"),
                    format!("subnet {subnet} is listed twice"),
                );
            }
            seen.push(subnet);
        }
    }

    for (index, route) in spec.static_routes.iter().enumerate() {
        let base = format!("spec.staticRoutes[{index}]");
        if route.prefix.is_empty() {
            sink.error(i, format!("{base}.prefix"), "prefix is required");
        } else {
            match Prefix::parse(&route.prefix) {
                None => sink.error(
                    i,
                    format!("{base}.prefix"),
                    format!("{:?} is not a valid prefix", route.prefix),
                ),
                Some(prefix) if prefix.has_host_bits() => sink.error(
                    i,
                    format!("{base}.prefix"),
                    format!(
                        "{} has host bits set (did you mean {}?)",
                        route.prefix,
                        prefix.masked()
                    ),
                ),
                Some(_) => {}
            }
        }
        if route.next_hops.is_empty() {
            sink.error(
                i,
                format!("{base}.nextHops"),
                "at least one next hop is required",
            );
        }
    }

    check_references(fabric, i, spec, &cidrs, sink);
}

/// The rules of one subnet; returns its CIDR when it is valid enough for the other rules.
fn check_subnet(i: usize, base: &str, subnet: &Subnet, sink: &mut Sink<'_>) -> Option<Prefix> {
    if subnet.subnet.is_empty() {
        sink.error(i, format!("{base}.subnet"), "subnet is required");
        return None;
    }
    let Some(cidr) = Prefix::parse(&subnet.subnet) else {
        sink.error(
            i,
            format!("{base}.subnet"),
            format!("{:?} is not a valid CIDR", subnet.subnet),
        );
        return None;
    };
    if cidr.bits() > MAX_PREFIX_BITS {
        sink.error(
            i,
            format!("{base}.subnet"),
            format!(
                "prefix length {} is too long, at most /{MAX_PREFIX_BITS}",
                cidr.bits()
            ),
        );
        return None;
    }
    let dhcp = &subnet.dhcp;
    let mut gateway = None;
    if subnet.host_bgp {
        if dhcp.enable {
            sink.error(
                i,
                format!("{base}.dhcp.enable"),
                "DHCP must not be enabled on a hostBGP subnet",
            );
        }
    } else {
        // An empty gateway was defaulted to the first address.
        if !subnet.gateway.is_empty() {
            match Addr::parse(&subnet.gateway) {
                None => sink.error(
                    i,
                    format!("{base}.gateway"),
                    format!("{:?} is not a valid IP address", subnet.gateway),
                ),
                Some(addr) if !cidr.contains(addr) => sink.error(
                    i,
                    format!("{base}.gateway"),
                    format!("{} is not in the subnet {}", subnet.gateway, subnet.subnet),
                ),
                Some(addr) => gateway = Some(addr),
            }
        }
        if subnet.vlan == 0 {
            sink.error(i, format!("{base}.vlan"), "vlan is required");
        }
    }

    if !dhcp.relay.is_empty() {
        if dhcp.enable {
            sink.error(
                i,
                format!("{base}.dhcp.relay"),
                "DHCP relay and DHCP server cannot be enabled at the same time",
            );
        }
        if Prefix::parse(&dhcp.relay).is_none() {
            sink.error(
                i,
                format!("{base}.dhcp.relay"),
                format!("{:?} is not a valid prefix (address/length)", dhcp.relay),
            );
        }
    } else if !dhcp.relay_vpc.is_empty() {
        sink.error(
            i,
            format!("{base}.dhcp.relayVPC"),
            "a DHCP relay VPC is set but no DHCP relay",
        );
    }

    if dhcp.enable {
        check_dhcp_server(i, base, subnet, cidr, gateway, sink);
    } else {
        // Options and a range without DHCP are dropped by Default() (Hedgehog's checks for
        // them cannot fire after defaulting); static leases are kept and refused.
        if !dhcp.statics.is_empty() {
            sink.error(
                i,
                format!("{base}.dhcp.static"),
                "static leases need DHCP enabled",
            );
        }
    }
    Some(cidr)
}
