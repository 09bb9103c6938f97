//! Switch: defaulting (`SPEED_` prefixes dropped from port speeds, `vlanNamespaces` default
//! `[default]`, the redundancy group added to `groups`, link-flap error-disable defaults, sorted
//! lists) and admission (ASN, management IP and protocol IP given, VTEP IP not on spines,
//! addresses well formed, redundancy type and group together; against the fabric: the
//! VLANNamespaces exist and do not overlap, the SwitchGroups exist, the profile exists in
//! Hedgehog's catalog or as a SwitchProfile object, and port speeds, group speeds, breakouts,
//! auto-negotiation, FEC, RoCE, ECMP QPN hashing, ESLAG, the port count and pipeline limits
//! suit it; between switches: leaf ASNs, VTEP IPs, protocol IPs and management IPs unique,
//! MCLAG peers excepted where Hedgehog excepts them, and against Gateways' VTEP and protocol
//! IPs). Ranges from the fabric configuration (leaf ASN range, spine ASN, VTEP, protocol and
//! management subnets, DHCP range) are not checked.
//!
//! A switch with none of `asn`, `ip` and `protocolIP` is a wiring diagram before hydration
//! (`hhfab` fills them in): a warning, not three errors.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{Value, json};

use super::ip::Prefix;
use super::switchprofile::{self, Found};
use super::{Fabric, Order, Sink, Typed, key};

mod profile;

use profile::check_against_profile;

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Spec {
    pub role: String,
    pub profile: String,
    pub groups: Vec<String>,
    pub redundancy: Redundancy,
    pub vlan_namespaces: Vec<String>,
    pub asn: u64,
    pub ip: String,
    #[serde(rename = "vtepIP")]
    pub vtep_ip: String,
    #[serde(rename = "protocolIP")]
    pub protocol_ip: String,
    pub port_group_speeds: BTreeMap<String, String>,
    pub port_speeds: BTreeMap<String, String>,
    pub port_breakouts: BTreeMap<String, String>,
    pub port_auto_negs: BTreeMap<String, bool>,
    #[serde(rename = "portFECs")]
    pub port_fecs: BTreeMap<String, String>,
    pub roce: bool,
    pub ecmp: Ecmp,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Redundancy {
    pub group: String,
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Ecmp {
    #[serde(rename = "roceQPN")]
    pub roce_qpn: bool,
}

impl Spec {
    pub fn is_leaf(&self) -> bool {
        matches!(
            self.role.as_str(),
            "server-leaf" | "border-leaf" | "mixed-leaf"
        )
    }

    pub fn is_spine(&self) -> bool {
        self.role == "spine"
    }

    fn is_mclag(&self) -> bool {
        self.redundancy.kind == "mclag"
    }
}

/// `Switch.Default()`.
pub(super) fn default(spec: &mut Value, order: Order) {
    let Some(spec) = spec.as_object_mut() else {
        return;
    };
    for field in ["portGroupSpeeds", "portSpeeds"] {
        if let Some(Value::Object(speeds)) = spec.get_mut(field) {
            for speed in speeds.values_mut() {
                if let Value::String(text) = speed
                    && let Some(rest) = text.strip_prefix("SPEED_")
                {
                    *text = rest.to_owned();
                }
            }
        }
    }
    let empty = |v: Option<&Value>| match v {
        None | Some(Value::Null) => true,
        Some(Value::Array(items)) => items.is_empty(),
        _ => false,
    };
    if empty(spec.get("vlanNamespaces")) {
        spec.insert("vlanNamespaces".into(), json!(["default"]));
    }
    let group = spec
        .get("redundancy")
        .and_then(|r| r.get("group"))
        .and_then(Value::as_str)
        .filter(|g| !g.is_empty())
        .map(str::to_owned);
    if let Some(group) = group {
        if empty(spec.get("groups")) {
            spec.insert("groups".into(), json!([]));
        }
        if let Some(Value::Array(groups)) = spec.get_mut("groups")
            && !groups.iter().any(|g| g.as_str() == Some(&group))
        {
            groups.push(json!(group));
        }
    }
    if let Some(Value::Object(flap)) = spec.get_mut("linkFlapErrDisable") {
        for (field, value) in [
            ("flapThreshold", 3),
            ("samplingInterval", 30),
            ("recoveryInterval", 300),
        ] {
            if flap.get(field).is_none_or(Value::is_null) {
                flap.insert(field.into(), json!(value));
            }
        }
    }
    if order == Order::Sort {
        for field in ["groups", "vlanNamespaces"] {
            if let Some(Value::Array(items)) = spec.get_mut(field)
                && items.iter().all(Value::is_string)
            {
                items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            }
        }
    }
}

fn parse_prefix(
    sink: &mut Sink<'_>,
    i: usize,
    path: &str,
    what: &str,
    text: &str,
) -> Option<Prefix> {
    let prefix = Prefix::parse(text);
    if prefix.is_none() {
        sink.error(
            i,
            path,
            format!("{what} {text:?} is not a valid prefix (address/length)"),
        );
    }
    prefix
}

pub(super) fn check(fabric: &Fabric<'_>, i: usize, spec: &Spec, sink: &mut Sink<'_>) {
    let hydrated = spec.asn != 0 || !spec.ip.is_empty() || !spec.protocol_ip.is_empty();
    if !hydrated {
        sink.warning(
            i,
            "spec",
            "asn, ip and protocolIP are not set: the webhook requires them (hhfab sets them when it hydrates a wiring diagram)",
        );
    } else {
        if spec.asn == 0 {
            sink.error(i, "spec.asn", "ASN is required");
        }
        if spec.ip.is_empty() {
            sink.error(i, "spec.ip", "IP is required");
        }
        if spec.protocol_ip.is_empty() {
            sink.error(i, "spec.protocolIP", "protocol IP is required");
        }
    }
    if !spec.ip.is_empty() {
        parse_prefix(sink, i, "spec.ip", "management IP", &spec.ip);
    }
    if !spec.protocol_ip.is_empty()
        && let Some(p) = parse_prefix(sink, i, "spec.protocolIP", "protocol IP", &spec.protocol_ip)
        && p.bits() != 32
    {
        sink.error(
            i,
            "spec.protocolIP",
            format!("protocol IP {p} must be a /32"),
        );
    }
    if spec.is_spine() && !spec.vtep_ip.is_empty() {
        sink.error(
            i,
            "spec.vtepIP",
            "VTEP IP is not allowed for spine switches",
        );
    }
    if spec.is_leaf()
        && !spec.vtep_ip.is_empty()
        && let Some(p) = parse_prefix(sink, i, "spec.vtepIP", "VTEP IP", &spec.vtep_ip)
        && p.bits() != 32
    {
        sink.error(i, "spec.vtepIP", format!("VTEP IP {p} must be a /32"));
    }
    match spec.redundancy.kind.as_str() {
        "" | "mclag" | "eslag" => {}
        other => sink.error(
            i,
            "spec.redundancy.type",
            format!("invalid redundancy type {other:?} (mclag or eslag)"),
        ),
    }
    if !spec.redundancy.group.is_empty() && spec.redundancy.kind.is_empty() {
        sink.error(
            i,
            "spec.redundancy.type",
            "redundancy group specified without type",
        );
    }
    if spec.redundancy.group.is_empty() && !spec.redundancy.kind.is_empty() {
        sink.error(
            i,
            "spec.redundancy.group",
            "redundancy type specified without group",
        );
    }
    if spec.is_mclag() {
        sink.warning(
            i,
            "spec.redundancy.type",
            "MCLAG is deprecated and no longer supported",
        );
    }

    // VLANNamespaces: exist, and their ranges do not overlap.
    let mut ranges: Vec<(u16, u16, usize)> = Vec::new();
    for (n, name) in spec.vlan_namespaces.iter().enumerate() {
        let path = format!("spec.vlanNamespaces[{n}]");
        match fabric.find(i, "VLANNamespace", name) {
            Some(ns) => {
                if let Typed::VlanNamespace(ns_spec) = &fabric.typed[ns] {
                    ranges.extend(
                        ns_spec
                            .ranges
                            .iter()
                            .map(|r| (r.from, if r.to == 0 { r.from } else { r.to }, ns)),
                    );
                }
            }
            None if name == "default" => sink.warning(
                i,
                path,
                "VLANNamespace default not found (the cluster creates it at install time)",
            ),
            None => sink.missing(i, path, format!("VLANNamespace {name} not found")),
        }
    }
    ranges.sort();
    let mut reach: Option<(u16, usize)> = None;
    for &(from, to, ns) in &ranges {
        if let Some((end, other)) = reach
            && from <= end
            && other != ns
        {
            sink.error_related(
                i,
                "spec.vlanNamespaces",
                format!(
                    "the VLAN ranges of VLANNamespaces {} and {} overlap",
                    fabric.objects[other].name, fabric.objects[ns].name
                ),
                ns,
            );
        }
        if reach.is_none_or(|(end, _)| to > end) {
            reach = Some((to, ns));
        }
    }
    for (n, group) in spec.groups.iter().enumerate() {
        let path = format!("spec.groups[{n}]");
        if group.is_empty() {
            sink.error(i, path, "group name cannot be empty");
        } else if fabric.find(i, "SwitchGroup", group).is_none() {
            sink.missing(i, path, format!("SwitchGroup {group} not found"));
        }
    }

    if spec.profile.is_empty() {
        sink.error(i, "spec.profile", "profile is required");
        return;
    }
    let (profile, related) = match switchprofile::find(fabric, i, &spec.profile) {
        Found::Object(object, profile) => (profile, Some(object)),
        Found::Builtin(profile) => (profile, None),
        Found::Unreadable => return,
        Found::Missing => {
            sink.missing(
                i,
                "spec.profile",
                format!(
                    "switch profile {} not found (neither built in nor a SwitchProfile object)",
                    spec.profile
                ),
            );
            return;
        }
    };
    check_against_profile(i, spec, profile, related, sink);
}

/// Between switches (and gateways): leaf ASNs, VTEP IPs, protocol IPs and management IPs are
/// unique. Grouped by value (linear); each switch involved names one other.
pub(super) fn check_fabric(fabric: &Fabric<'_>, sink: &mut Sink<'_>) {
    let mut asns: HashMap<(&str, u64), Vec<usize>> = HashMap::new();
    let mut vteps: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let mut protocol: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let mut mgmt: HashMap<(&str, String), Vec<usize>> = HashMap::new();
    for (i, object) in fabric.objects.iter().enumerate() {
        let ns = object.namespace();
        if object.kind == "Gateway" {
            // Gateways' addresses count as used (Hedgehog lists them when gateways are on).
            let spec = &fabric.specs[i];
            for (field, map) in [("vtepIP", &mut vteps), ("protocolIP", &mut protocol)] {
                if let Some(ip) = spec
                    .get(field)
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                {
                    map.entry((ns, ip)).or_default().push(i);
                }
            }
            continue;
        }
        let Typed::Switch(spec) = &fabric.typed[i] else {
            continue;
        };
        if spec.is_leaf() && spec.asn != 0 {
            asns.entry((ns, spec.asn)).or_default().push(i);
        }
        if !spec.vtep_ip.is_empty() {
            vteps.entry((ns, &spec.vtep_ip)).or_default().push(i);
        }
        if !spec.protocol_ip.is_empty() {
            protocol.entry((ns, &spec.protocol_ip)).or_default().push(i);
        }
        if let Some(p) = Prefix::parse(&spec.ip) {
            mgmt.entry((ns, p.addr().to_string())).or_default().push(i);
        }
    }
    let is_switch = |i: usize| matches!(fabric.typed[i], Typed::Switch(_));
    let mclag = |i: usize| matches!(&fabric.typed[i], Typed::Switch(s) if s.is_mclag());
    let mut report = |users: &[usize], path: &str, what: String, exempt_mclag: bool| {
        if users.len() < 2 {
            return;
        }
        for (position, &me) in users.iter().enumerate() {
            if !is_switch(me) || (exempt_mclag && mclag(me)) {
                continue;
            }
            let other = users[if position == 0 { 1 } else { 0 }];
            let more = match users.len() - 2 {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            sink.error_related(
                me,
                path,
                format!(
                    "{what} is already used by {} {}{more}",
                    fabric.objects[other].kind, fabric.objects[other].name
                ),
                other,
            );
        }
    };
    for ((_, asn), users) in &asns {
        report(users, "spec.asn", format!("leaf ASN {asn}"), true);
    }
    for ((_, ip), users) in &vteps {
        report(users, "spec.vtepIP", format!("VTEP IP {ip}"), true);
    }
    for ((_, ip), users) in &protocol {
        report(users, "spec.protocolIP", format!("protocol IP {ip}"), false);
    }
    for ((_, ip), users) in &mgmt {
        report(users, "spec.ip", format!("management IP {ip}"), false);
    }
}
