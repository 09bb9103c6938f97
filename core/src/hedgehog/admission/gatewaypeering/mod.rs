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

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

use super::ip::Prefix;
use super::{Fabric, Sink, Typed, key};

mod acl;
mod defaulting;
mod fabric;

use acl::check_acl;
pub(super) use defaulting::default;
pub(super) use fabric::check_fabric;
use fabric::check_peers;

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
