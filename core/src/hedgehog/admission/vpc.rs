//! VPC: defaulting (namespaces, gateway, DHCP range and options, MAC keys) and admission
//! (names, mode, subnets, gateways, VLANs, DHCP relay/server/range/options/static leases,
//! permit policies, static routes; against the fabric: IPv4Namespace and VLANNamespace
//! membership, DHCP relay VPC, subnet overlap and VLAN reuse between VPCs).

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::ip::{Addr, Prefix, canonical_mac, overlapping_pairs};
use super::{Fabric, Order, Sink, key};

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
pub(super) fn default(spec: &mut Value, order: Order) {
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

fn check_dhcp_server(
    i: usize,
    base: &str,
    subnet: &Subnet,
    cidr: Prefix,
    gateway: Option<Addr>,
    sink: &mut Sink<'_>,
) {
    let dhcp = &subnet.dhcp;
    let network = cidr.network();
    // Default() fills a missing range, start or end.
    match &dhcp.range {
        None => {}
        Some(range) => {
            let mut bounds = [None, None];
            for (slot, (field, text)) in [("start", &range.start), ("end", &range.end)]
                .into_iter()
                .enumerate()
            {
                let path = format!("{base}.dhcp.range.{field}");
                let Some(addr) = Addr::parse(text) else {
                    sink.error(i, path, format!("{text:?} is not a valid IP address"));
                    continue;
                };
                if addr == network {
                    sink.error(i, path, format!("{text} is the subnet address"));
                } else if Some(addr) == gateway {
                    sink.error(i, path, format!("{text} is the gateway"));
                } else if !cidr.contains(addr) {
                    sink.error(
                        i,
                        path,
                        format!("{text} is not in the subnet {}", subnet.subnet),
                    );
                } else {
                    bounds[slot] = Some(addr);
                }
            }
            if let [Some(start), Some(end)] = bounds
                && !start.less(end)
            {
                sink.error(
                    i,
                    format!("{base}.dhcp.range.start"),
                    format!(
                        "{} does not come before the range end {}",
                        range.start, range.end
                    ),
                );
            }
        }
    }
    if let Some(options) = &dhcp.options {
        let path = |field: &str| format!("{base}.dhcp.options.{field}");
        for (field, list) in [
            ("dnsServers", &options.dns_servers),
            ("timeServers", &options.time_servers),
        ] {
            for (j, server) in list.iter().enumerate() {
                if Addr::parse(server).is_none() {
                    sink.error(
                        i,
                        format!("{}[{j}]", path(field)),
                        format!("{server:?} is not a valid IP address"),
                    );
                }
            }
        }
        if !(96..=9036).contains(&options.interface_mtu) {
            sink.error(
                i,
                path("interfaceMTU"),
                format!("MTU {} must be between 96 and 9036", options.interface_mtu),
            );
        }
        // A lease time of 0 was defaulted to 3600 s: Hedgehog's "at least 1" cannot fire.
        for (j, route) in options.advertised_routes.iter().enumerate() {
            let route_path = format!("{}[{j}]", path("advertisedRoutes"));
            if route.destination.is_empty() {
                sink.error(
                    i,
                    format!("{route_path}.destination"),
                    "destination is required",
                );
            } else if Prefix::parse(&route.destination).is_none() {
                sink.error(
                    i,
                    format!("{route_path}.destination"),
                    format!("{:?} is not a valid prefix", route.destination),
                );
            }
            if route.gateway.is_empty() {
                sink.error(i, format!("{route_path}.gateway"), "gateway is required");
            } else {
                match Addr::parse(&route.gateway) {
                    None => sink.error(
                        i,
                        format!("{route_path}.gateway"),
                        format!("{:?} is not a valid IP address", route.gateway),
                    ),
                    Some(addr) if !cidr.contains(addr) => sink.error(
                        i,
                        format!("{route_path}.gateway"),
                        format!("{} is not in the subnet {}", route.gateway, subnet.subnet),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
    let broadcast = cidr.last();
    let mut assigned: HashMap<&str, &str> = HashMap::new();
    for (mac, lease) in &dhcp.statics {
        let path = format!("{base}.dhcp.static{}", key(mac));
        if lease.ip.is_empty() {
            sink.error(
                i,
                format!("{path}.ip"),
                format!("empty static IP for MAC {mac}"),
            );
            continue;
        }
        if mac.is_empty() || canonical_mac(mac).is_none() {
            sink.error(i, &path, format!("{mac:?} is not a valid MAC address"));
        }
        let Some(ip) = Addr::parse(&lease.ip) else {
            sink.error(
                i,
                format!("{path}.ip"),
                format!("{:?} is not a valid IP address", lease.ip),
            );
            continue;
        };
        let problem = if !cidr.contains(ip) {
            Some(format!(
                "{} is not in the subnet {}",
                lease.ip, subnet.subnet
            ))
        } else if ip == network {
            Some(format!("{} is the subnet address", lease.ip))
        } else if lease.ip == subnet.gateway {
            Some(format!("{} is the gateway", lease.ip))
        } else if ip == broadcast {
            Some(format!("{} is the broadcast address", lease.ip))
        } else {
            assigned
                .get(lease.ip.as_str())
                .map(|other| format!("{} is already assigned to MAC {other}", lease.ip))
        };
        match problem {
            Some(message) => sink.error(i, format!("{path}.ip"), message),
            None => {
                assigned.insert(&lease.ip, mac);
            }
        }
    }
}

/// IPv4Namespace and VLANNamespace membership and the DHCP relay VPCs.
fn check_references(
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
            if let super::Typed::Ipv4Namespace(ns_spec) = &fabric.typed[ns] {
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
            if let super::Typed::VlanNamespace(ns_spec) = &fabric.typed[ns] {
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
pub(super) fn missing_namespace(i: usize, kind: &str, path: &str, name: &str, sink: &mut Sink<'_>) {
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
pub(super) fn check_fabric(fabric: &Fabric<'_>, sink: &mut Sink<'_>) {
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
