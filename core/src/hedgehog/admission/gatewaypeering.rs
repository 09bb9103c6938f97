//! GatewayPeering: defaulting (with exactly two peers: gateway group `default`, NAT idle
//! timeouts 2m0s, ACL default action `deny-unless-exposed` and rule scope `flow`) and
//! admission (a gateway group; exactly two peers; per expose: `default` alone or at least one
//! IP block, each IP block exactly one of `cidr`, `not`, `vpcSubnet` (no `vpcSubnet` for an
//! `ext.` External), each `as` block exactly one of `cidr`, `not`, `as` and `nat` together, one
//! NAT mode, port forwarding rules with valid ports and protocols; stateful NAT on one side
//! only and never with static NAT on the other; the ACL's default action, rule names, actions,
//! `from`/`to` among the peers, endpoints, ports and protocols; against the fabric: the gateway
//! group exists and has a Gateway, each peer is an existing VPC (or `ext.<name>` an existing
//! External), exposed CIDRs lie within a subnet of their VPC, `vpcSubnet`s (in exposes and ACL
//! endpoints) exist; between peerings: CIDRs exposed towards one VPC by different peerings
//! overlap).
//!
//! Differences from the webhook, on purpose: a peer written without a value (`vpc-1:`) is
//! checked to exist like any other (Hedgehog skips nil entries there); `not` and `vpcSubnet`
//! blocks take no part in the overlap check (Hedgehog compares their empty `cidr`, fails to
//! parse it and refuses the peering); Hedgehog's dataplane validator (a WebAssembly module
//! fetched at install time) is not run.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{Value, json};

use super::ip::{Prefix, overlapping_pairs};
use super::{Fabric, Sink, Typed, key};

const EXT_PREFIX: &str = "ext.";
const DEFAULT_IDLE_TIMEOUT: &str = "2m0s";
const NAT_PROTOCOLS: [&str; 3] = ["", "tcp", "udp"];
const ACL_DEFAULTS: [&str; 2] = ["deny", "deny-unless-exposed"];
const ACL_ACTIONS: [&str; 2] = ["allow", "deny"];
const MAX_RULE_NAME: usize = 64;

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Spec {
    pub gateway_group: String,
    pub peering: BTreeMap<String, Entry>,
    pub acl: Option<Acl>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Entry {
    pub expose: Vec<Expose>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Expose {
    pub ips: Vec<Block>,
    #[serde(rename = "as")]
    pub as_blocks: Vec<Block>,
    pub nat: Option<Nat>,
    #[serde(rename = "default")]
    pub default_destination: bool,
}

/// An IP block (`cidr`, `not` or `vpcSubnet`) or an `as` block (`cidr` or `not`).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Block {
    pub cidr: String,
    pub not: String,
    pub vpc_subnet: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Nat {
    pub masquerade: Option<Value>,
    pub port_forward: Option<PortForward>,
    #[serde(rename = "static")]
    pub statics: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PortForward {
    pub ports: Vec<PortForwardEntry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PortForwardEntry {
    pub proto: String,
    pub port: String,
    #[serde(rename = "as")]
    pub as_port: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Acl {
    pub default: String,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Rule {
    pub name: String,
    pub from: String,
    pub to: String,
    pub action: String,
    #[serde(rename = "match")]
    pub matches: Match,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Match {
    pub src: Vec<Endpoint>,
    pub dst: Vec<Endpoint>,
    pub proto: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Endpoint {
    pub cidr: String,
    pub vpc_subnet: String,
    pub ports: Vec<String>,
}

/// `peering: {vpc-1: , vpc-2: }` (peers without a value) means `{vpc-1: {}, vpc-2: {}}`: the
/// keys must survive the removal of null values.
pub(super) fn peers_as_objects(spec: &Value) -> Value {
    let mut spec = spec.clone();
    if let Some(Value::Object(peers)) = spec.get_mut("peering") {
        for peer in peers.values_mut().filter(|peer| peer.is_null()) {
            *peer = json!({});
        }
    }
    spec
}

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
pub(super) fn default(spec: &mut Value) {
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
        spec.insert("gatewayGroup".into(), json!(super::gateway::DEFAULT_GROUP));
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

/// Hedgehog's `validatePort`: one port `1`–`65535` or one range `start-end`, no spaces, no
/// lists.
pub(super) fn port_problem(text: &str) -> Option<String> {
    if text.trim() != text {
        return Some(format!("{text:?} must not have leading or trailing spaces"));
    }
    if text.contains(',') {
        return Some(format!("{text:?} must be a single port or range"));
    }
    if text.is_empty() {
        return Some("the port must not be empty".to_owned());
    }
    let number = |part: &str, what: &str| -> Result<i64, String> {
        match part.parse::<i64>() {
            Err(_) => Err(format!("{what} {part:?} is not a number")),
            Ok(n) if !(1..=65535).contains(&n) => {
                Err(format!("{what} {n} must be between 1 and 65535"))
            }
            Ok(n) => Ok(n),
        }
    };
    if !text.contains('-') {
        return number(text, "port").err();
    }
    let parts: Vec<&str> = text.split('-').collect();
    let [start, end] = parts[..] else {
        return Some(format!("{text:?} must be a range start-end"));
    };
    let (start, end) = (start.trim(), end.trim());
    if start.is_empty() || end.is_empty() {
        return Some(format!(
            "{text:?}: both start and end of the range are needed"
        ));
    }
    let start = match number(start, "start port") {
        Ok(n) => n,
        Err(e) => return Some(e),
    };
    let end = match number(end, "end port") {
        Ok(n) => n,
        Err(e) => return Some(e),
    };
    (start > end).then(|| format!("{text:?}: the start port is greater than the end port"))
}

/// A DNS-1123 subdomain (lowercase letters, digits, `-` inside labels, `.` between labels).
fn is_rule_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b.iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
                && b[0] != b'-'
                && b[b.len() - 1] != b'-'
        })
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits that fit 64 bits.
fn is_go_int(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && text.parse::<i64>().is_ok()
}

pub(super) fn check(fabric: &Fabric<'_>, i: usize, spec: &Spec, sink: &mut Sink<'_>) {
    if spec.gateway_group.is_empty() {
        sink.error(i, "spec.gatewayGroup", "gatewayGroup is required");
    } else if fabric
        .find(i, "GatewayGroup", &spec.gateway_group)
        .is_none()
    {
        super::gateway::missing_group(i, "spec.gatewayGroup", &spec.gateway_group, sink);
    }
    let peers: Vec<&str> = spec.peering.keys().map(String::as_str).collect();
    if peers.len() != 2 {
        sink.error(
            i,
            "spec.peering",
            format!(
                "a GatewayPeering must have exactly 2 peers (found {}{})",
                peers.len(),
                if peers.is_empty() {
                    String::new()
                } else {
                    format!(": {}", peers.join(", "))
                }
            ),
        );
        return;
    }
    // (stateful, stateless) NAT per peer.
    let mut nat_modes = [(false, false); 2];
    for (side, (name, entry)) in spec.peering.iter().enumerate() {
        let base = format!("spec.peering{}", key(name));
        for (j, expose) in entry.expose.iter().enumerate() {
            let modes = check_expose(i, &format!("{base}.expose[{j}]"), name, expose, sink);
            nat_modes[side].0 |= modes.0;
            nat_modes[side].1 |= modes.1;
        }
    }
    let [(stateful_a, stateless_a), (stateful_b, stateless_b)] = nat_modes;
    if stateful_a && stateful_b {
        sink.error(
            i,
            "spec.peering",
            "only one side of a peering can use stateful NAT (masquerade or portForward)",
        );
    }
    if (stateless_a && stateful_b) || (stateless_b && stateful_a) {
        sink.error(
            i,
            "spec.peering",
            "a side using static NAT cannot peer with a side using stateful NAT",
        );
    }
    if let Some(acl) = &spec.acl {
        check_acl(i, acl, &peers, sink);
    }
    check_peers(fabric, i, spec, &peers, sink);
}

/// One expose; returns whether it uses stateful and stateless NAT.
fn check_expose(
    i: usize,
    base: &str,
    peer: &str,
    expose: &Expose,
    sink: &mut Sink<'_>,
) -> (bool, bool) {
    if expose.default_destination
        && (!expose.ips.is_empty() || !expose.as_blocks.is_empty() || expose.nat.is_some())
    {
        sink.error(
            i,
            format!("{base}.default"),
            "default must be the only thing set in an expose",
        );
    }
    if expose.ips.is_empty() && !expose.default_destination {
        sink.error(
            i,
            format!("{base}.ips"),
            "at least one IP block is required (or default)",
        );
    }
    for (k, block) in expose.ips.iter().enumerate() {
        let path = format!("{base}.ips[{k}]");
        if block.vpc_subnet.is_empty() || !peer.starts_with(EXT_PREFIX) {
            check_block(i, &path, block, true, sink);
        } else {
            sink.error(
                i,
                format!("{path}.vpcSubnet"),
                format!(
                    "External {} cannot expose VPC subnets",
                    &peer[EXT_PREFIX.len()..]
                ),
            );
        }
    }
    for (k, block) in expose.as_blocks.iter().enumerate() {
        check_block(i, &format!("{base}.as[{k}]"), block, false, sink);
    }
    if expose.as_blocks.is_empty() != expose.nat.is_none() {
        sink.error(
            i,
            if expose.nat.is_none() {
                format!("{base}.as")
            } else {
                format!("{base}.nat")
            },
            "as and nat must both be set or both be empty",
        );
    }
    let Some(nat) = &expose.nat else {
        return (false, false);
    };
    let set = [
        nat.statics.is_some(),
        nat.masquerade.is_some(),
        nat.port_forward.is_some(),
    ];
    if set.iter().filter(|s| **s).count() != 1 {
        sink.error(
            i,
            format!("{base}.nat"),
            "exactly one of masquerade, static and portForward must be set",
        );
    }
    if let Some(forward) = &nat.port_forward {
        let path = format!("{base}.nat.portForward.ports");
        if forward.ports.is_empty() {
            sink.error(i, &path, "at least one port forwarding rule is required");
        }
        for (k, entry) in forward.ports.iter().enumerate() {
            for (field, value) in [("port", &entry.port), ("as", &entry.as_port)] {
                if let Some(problem) = port_problem(value) {
                    sink.error(i, format!("{path}[{k}].{field}"), problem);
                }
            }
            if !NAT_PROTOCOLS.contains(&entry.proto.as_str()) {
                sink.error(
                    i,
                    format!("{path}[{k}].proto"),
                    format!(
                        "invalid protocol {:?}, must be tcp, udp or empty",
                        entry.proto
                    ),
                );
            }
        }
    }
    (set[1] || set[2], set[0])
}

/// An IP block (`vpc_subnet_allowed`) or an `as` block: exactly one field, CIDRs valid.
fn check_block(i: usize, path: &str, block: &Block, ip_block: bool, sink: &mut Sink<'_>) {
    let mut set = 0;
    for (field, value) in [("cidr", &block.cidr), ("not", &block.not)] {
        if value.is_empty() {
            continue;
        }
        set += 1;
        if Prefix::parse(value).is_none() {
            sink.error(
                i,
                format!("{path}.{field}"),
                format!("{value:?} is not a valid prefix"),
            );
        }
    }
    if ip_block && !block.vpc_subnet.is_empty() {
        set += 1;
    }
    if set != 1 {
        sink.error(
            i,
            path,
            if ip_block {
                "exactly one of cidr, not and vpcSubnet must be set"
            } else {
                "exactly one of cidr and not must be set"
            },
        );
    }
}

fn check_acl(i: usize, acl: &Acl, peers: &[&str], sink: &mut Sink<'_>) {
    if !ACL_DEFAULTS.contains(&acl.default.as_str()) {
        sink.error(
            i,
            "spec.acl.default",
            format!(
                "invalid default action {:?}, must be deny or deny-unless-exposed",
                acl.default
            ),
        );
    }
    for (j, rule) in acl.rules.iter().enumerate() {
        let base = format!("spec.acl.rules[{j}]");
        if !rule.name.is_empty() {
            if !is_rule_name(&rule.name) {
                sink.error(
                    i,
                    format!("{base}.name"),
                    format!(
                        "invalid rule name {:?}: lowercase letters, digits, '-' and '.'",
                        rule.name
                    ),
                );
            }
            if rule.name.len() > MAX_RULE_NAME {
                sink.error(
                    i,
                    format!("{base}.name"),
                    format!("rule name is too long, at most {MAX_RULE_NAME} characters"),
                );
            }
        }
        if !ACL_ACTIONS.contains(&rule.action.as_str()) {
            sink.error(
                i,
                format!("{base}.action"),
                format!("invalid action {:?}, must be allow or deny", rule.action),
            );
        }
        if rule.from.is_empty() && rule.to.is_empty() {
            sink.error(i, &base, "at least one of from and to is required");
        }
        for (field, value) in [("from", &rule.from), ("to", &rule.to)] {
            if !value.is_empty() && !peers.contains(&value.as_str()) {
                sink.error(
                    i,
                    format!("{base}.{field}"),
                    format!(
                        "{value} is not one of the peers of this peering ({})",
                        peers.join(", ")
                    ),
                );
            }
        }
        for (field, endpoints) in [("src", &rule.matches.src), ("dst", &rule.matches.dst)] {
            for (k, endpoint) in endpoints.iter().enumerate() {
                let path = format!("{base}.match.{field}[{k}]");
                if !endpoint.cidr.is_empty() && !endpoint.vpc_subnet.is_empty() {
                    sink.error(i, &path, "at most one of cidr and vpcSubnet can be set");
                }
                if !endpoint.cidr.is_empty() && Prefix::parse(&endpoint.cidr).is_none() {
                    sink.error(
                        i,
                        format!("{path}.cidr"),
                        format!("{:?} is not a valid prefix", endpoint.cidr),
                    );
                }
                for (p, port) in endpoint.ports.iter().enumerate() {
                    if let Some(problem) = port_problem(port) {
                        sink.error(i, format!("{path}.ports[{p}]"), problem);
                    }
                }
            }
        }
        let proto = rule.matches.proto.as_str();
        if !matches!(proto, "" | "tcp" | "udp") && !is_go_int(proto) {
            sink.error(
                i,
                format!("{base}.match.proto"),
                format!("invalid protocol {proto:?}: tcp, udp or a protocol number"),
            );
        }
    }
}

/// The peers as VPCs or Externals, exposed CIDRs within their VPC, `vpcSubnet` references.
fn check_peers(fabric: &Fabric<'_>, i: usize, spec: &Spec, peers: &[&str], sink: &mut Sink<'_>) {
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
pub(super) fn check_fabric(fabric: &Fabric<'_>, sink: &mut Sink<'_>) {
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
