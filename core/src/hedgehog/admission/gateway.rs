//! Gateway: defaulting (log level `info`, log tags `all: info`, a present log rate limit's
//! zero burst 50 and replenish rate 5, 4 workers, groups sorted by name or `default` when
//! none) and admission (1–64 workers; protocol IP and VTEP IP IPv4 /32 prefixes, the VTEP IP
//! unicast and outside 127.0.0.0/8; a unicast, non-zero VTEP MAC; an ASN; interfaces with
//! Linux names, IPv4 prefixes, a PCI address or a kernel name but not both; BGP neighbors with
//! a unicast IPv4 address and an ASN; no group twice; against the fabric: the gateway groups
//! exist; between objects: a protocol IP used by another Gateway or a Switch, a VTEP IP used by
//! another Gateway or a Switch, a VTEP MAC used by another Gateway).
//!
//! GatewayGroup has no rules of its own beyond the namespace (`default` only, checked for every
//! covered kind); it is what gateways and gateway peerings refer to. The `default` group is
//! created by Hedgehog's gateway controller, so a missing `default` group is a warning.
//!
//! Not checked (install-time configuration): whether gateway support is enabled and the
//! maximum number of gateways per group (the number of gateway communities).

use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, Ipv4Addr};

use serde::Deserialize;
use serde_json::{Value, json};

use super::ip::{Addr, Prefix, canonical_mac};
use super::{Fabric, Order, Sink, Typed, key};

pub(super) const DEFAULT_GROUP: &str = "default";
const DEFAULT_WORKERS: u64 = 4;
const MAX_WORKERS: u64 = 64;
const DEFAULT_BURST: u64 = 50;
const DEFAULT_REPLENISH: u64 = 5;

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Spec {
    #[serde(rename = "protocolIP")]
    pub protocol_ip: String,
    #[serde(rename = "vtepIP")]
    pub vtep_ip: String,
    #[serde(rename = "vtepMAC")]
    pub vtep_mac: String,
    pub asn: u32,
    pub interfaces: BTreeMap<String, Interface>,
    pub neighbors: Vec<Neighbor>,
    pub workers: u64,
    pub groups: Vec<Membership>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Interface {
    pub pci: String,
    pub kernel: String,
    pub ips: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Neighbor {
    pub ip: String,
    pub asn: u32,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Membership {
    pub name: String,
}

fn is_zero(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Number(n)) => n.as_f64() == Some(0.0),
        Some(Value::Object(m)) => m.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    }
}

/// `Gateway.Default()`.
pub(super) fn default(spec: &mut Value, order: Order) {
    if spec.is_null() {
        *spec = json!({});
    }
    let Some(spec) = spec.as_object_mut() else {
        return;
    };
    if !matches!(spec.get("logs"), Some(Value::Object(_))) {
        spec.insert("logs".into(), json!({}));
    }
    if let Some(Value::Object(logs)) = spec.get_mut("logs") {
        if is_zero(logs.get("default")) {
            logs.insert("default".into(), json!("info"));
        }
        if is_zero(logs.get("tags")) {
            logs.insert("tags".into(), json!({"all": "info"}));
        }
        if let Some(Value::Object(limit)) = logs.get_mut("rateLimit") {
            if is_zero(limit.get("burst")) {
                limit.insert("burst".into(), json!(DEFAULT_BURST));
            }
            if is_zero(limit.get("replenishPerSecond")) {
                limit.insert("replenishPerSecond".into(), json!(DEFAULT_REPLENISH));
            }
        }
    }
    if is_zero(spec.get("workers")) {
        spec.insert("workers".into(), json!(DEFAULT_WORKERS));
    }
    match spec.get_mut("groups") {
        Some(Value::Array(groups)) if !groups.is_empty() => {
            // Listed groups are kept (sorted by name when defaulting sorts).
            let name = |v: &Value| {
                v.get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned()
            };
            if order == Order::Sort {
                groups.sort_by_key(name);
            }
        }
        None | Some(Value::Null) | Some(Value::Array(_)) => {
            spec.insert("groups".into(), json!([{"name": DEFAULT_GROUP}]));
        }
        _ => {}
    }
}

/// A Linux interface name as Hedgehog accepts it: 2–10 characters, a letter first, letters,
/// digits, `_`, `.` or `-` inside, a letter or digit last.
fn is_linux_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (2..=10).contains(&bytes.len())
        && bytes[0].is_ascii_alphabetic()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
        && bytes[1..bytes.len() - 1]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// The problem with a PCI address `DDDD:BB:DD.F` (hex domain ≤ FFFF, bus ≤ FF, device ≤ 1F,
/// function 0–7), if any.
fn pci_problem(pci: &str) -> Option<String> {
    let invalid = || Some(format!("{pci:?} is not a PCI address like 0000:02:00.0"));
    if pci.len() != 12 {
        return invalid();
    }
    let Some((head, function)) = pci.split_once('.').filter(|(_, f)| !f.contains('.')) else {
        return invalid();
    };
    let field = |text: &str, name: &str, max: i64| match i64::from_str_radix(text, 16) {
        Err(_) => Some(format!("{pci:?}: the {name} is not hexadecimal")),
        Ok(n) if !(0..=max).contains(&n) => {
            Some(format!("{pci:?}: the {name} must be between 0 and {max:X}"))
        }
        Ok(_) => None,
    };
    if let Some(problem) = field(function, "function", 7) {
        return Some(problem);
    }
    let parts: Vec<&str> = head.split(':').collect();
    let [domain, bus, device] = parts[..] else {
        return invalid();
    };
    field(domain, "domain", 0xFFFF)
        .or_else(|| field(bus, "bus", 0xFF))
        .or_else(|| field(device, "device", 0x1F))
}

/// An IPv4 `/32` prefix (Go's `netip.ParsePrefix`), or why not.
fn host_prefix(text: &str) -> Result<Ipv4Addr, String> {
    if Prefix::parse(text).is_none() {
        return Err(format!("{text:?} is not a valid prefix"));
    }
    let (addr, bits) = text.split_once('/').unwrap_or((text, ""));
    match addr.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) if bits == "32" => Ok(v4),
        Ok(IpAddr::V4(_)) => Err(format!("{text} must be a /32 prefix")),
        _ => Err(format!("{text} must be an IPv4 address")),
    }
}

/// A Gateway of a wiring diagram before `hhfab` hydrates it: no protocol IP, VTEP IP, VTEP MAC
/// or ASN (and then often in `hhfab`'s `fab` namespace).
pub(super) fn unhydrated(spec: &Value) -> bool {
    ["protocolIP", "vtepIP", "vtepMAC", "asn"]
        .iter()
        .all(|field| is_zero(spec.get(*field)))
}

pub(super) fn check(fabric: &Fabric<'_>, i: usize, spec: &Spec, sink: &mut Sink<'_>) {
    if unhydrated(&fabric.specs[i]) {
        sink.warning(
            i,
            "spec",
            "a wiring diagram Gateway before hydration (no protocolIP, vtepIP, vtepMAC or asn): not checked",
        );
        return;
    }
    if !(1..=MAX_WORKERS).contains(&spec.workers) {
        sink.error(
            i,
            "spec.workers",
            format!("workers must be between 1 and {MAX_WORKERS}"),
        );
    }
    // Default() fills a present rate limit's zero burst and rate: those checks cannot fire.
    if let Err(problem) = host_prefix(&spec.protocol_ip) {
        sink.error(i, "spec.protocolIP", problem);
    }
    match host_prefix(&spec.vtep_ip) {
        Err(problem) => sink.error(i, "spec.vtepIP", problem),
        Ok(vtep) if vtep.is_multicast() || vtep.is_unspecified() => sink.error(
            i,
            "spec.vtepIP",
            format!("{} must be a unicast IPv4 address", spec.vtep_ip),
        ),
        Ok(vtep) if vtep.is_loopback() => sink.error(
            i,
            "spec.vtepIP",
            format!(
                "{} must not be in the localhost range 127.0.0.0/8",
                spec.vtep_ip
            ),
        ),
        Ok(_) => {}
    }
    if spec.vtep_mac.is_empty() {
        sink.error(i, "spec.vtepMAC", "vtepMAC is required");
    } else {
        match canonical_mac(&spec.vtep_mac) {
            None => sink.error(
                i,
                "spec.vtepMAC",
                format!("{:?} is not a valid MAC address", spec.vtep_mac),
            ),
            Some(mac) if mac == "00:00:00:00:00:00" => {
                sink.error(i, "spec.vtepMAC", "the VTEP MAC must not be all zeros")
            }
            Some(mac) if u8::from_str_radix(&mac[..2], 16).is_ok_and(|b| b & 1 == 1) => sink.error(
                i,
                "spec.vtepMAC",
                format!("{} must be a unicast MAC address", spec.vtep_mac),
            ),
            Some(_) => {}
        }
    }
    if spec.asn == 0 {
        sink.error(i, "spec.asn", "asn is required");
    }
    if spec.interfaces.is_empty() {
        sink.error(i, "spec.interfaces", "at least one interface is required");
    }
    for (name, iface) in &spec.interfaces {
        let base = format!("spec.interfaces{}", key(name));
        if name.len() > 15 {
            sink.error(i, &base, format!("interface name {name} is too long"));
        } else if !is_linux_name(name) {
            sink.error(
                i,
                &base,
                format!(
                    "interface name {name:?} is not a valid Linux interface name (2-10 characters)"
                ),
            );
        }
        if iface.ips.is_empty() {
            sink.error(
                i,
                format!("{base}.ips"),
                format!("interface {name} needs at least one IP address"),
            );
        }
        for (j, text) in iface.ips.iter().enumerate() {
            let path = format!("{base}.ips[{j}]");
            match Prefix::parse(text) {
                None => sink.error(i, path, format!("{text:?} is not a valid prefix")),
                Some(_) if text.contains(':') => {
                    sink.error(i, path, format!("{text} must be an IPv4 prefix"))
                }
                Some(_) => {}
            }
        }
        if !iface.pci.is_empty() && !iface.kernel.is_empty() {
            sink.error(
                i,
                &base,
                format!("interface {name} cannot have both a PCI address and a kernel name"),
            );
        }
        if !iface.pci.is_empty()
            && let Some(problem) = pci_problem(&iface.pci)
        {
            sink.error(i, format!("{base}.pci"), problem);
        }
        if !iface.kernel.is_empty() {
            if !is_linux_name(&iface.kernel) {
                sink.error(
                    i,
                    format!("{base}.kernel"),
                    format!(
                        "kernel name {:?} is not a valid Linux interface name (2-10 characters)",
                        iface.kernel
                    ),
                );
            }
            if *name == iface.kernel {
                sink.error(
                    i,
                    format!("{base}.kernel"),
                    format!("interface {name} cannot have the same name as its kernel interface"),
                );
            }
        }
    }
    if spec.neighbors.is_empty() {
        sink.error(i, "spec.neighbors", "at least one BGP neighbor is required");
    }
    for (j, neighbor) in spec.neighbors.iter().enumerate() {
        let base = format!("spec.neighbors[{j}]");
        if neighbor.ip.is_empty() {
            sink.error(i, format!("{base}.ip"), "ip is required");
        } else {
            match neighbor.ip.parse::<IpAddr>() {
                Err(_) => sink.error(
                    i,
                    format!("{base}.ip"),
                    format!("{:?} is not a valid IP address", neighbor.ip),
                ),
                Ok(IpAddr::V6(_)) => sink.error(
                    i,
                    format!("{base}.ip"),
                    format!("{} must be an IPv4 address", neighbor.ip),
                ),
                Ok(IpAddr::V4(v4)) if v4.is_multicast() || v4.is_unspecified() => sink.error(
                    i,
                    format!("{base}.ip"),
                    format!("{} must be a unicast IPv4 address", neighbor.ip),
                ),
                Ok(_) => {}
            }
        }
        if neighbor.asn == 0 {
            sink.error(i, format!("{base}.asn"), "asn is required");
        }
    }
    // Default() puts a gateway without groups in `default`: "at least one group" cannot fire.
    let mut seen: Vec<&str> = Vec::new();
    for (j, group) in spec.groups.iter().enumerate() {
        let path = format!("spec.groups[{j}].name");
        if seen.contains(&group.name.as_str()) {
            sink.error(i, &path, format!("group {} is listed twice", group.name));
            continue;
        }
        seen.push(&group.name);
        if fabric.find(i, "GatewayGroup", &group.name).is_none() {
            missing_group(i, &path, &group.name, sink);
        }
    }
}

/// A gateway group the fabric lacks: `default` is created by Hedgehog's gateway controller (a
/// warning), any other is missing.
pub(super) fn missing_group(i: usize, path: &str, name: &str, sink: &mut Sink<'_>) {
    if name == DEFAULT_GROUP {
        sink.warning(
            i,
            path,
            "GatewayGroup default is not among the files (created by the gateway controller)",
        );
    } else {
        sink.missing(i, path, format!("GatewayGroup {name} not found"));
    }
}

/// The address of a prefix written in `field` of a spec (any prefix length, as Hedgehog
/// compares addresses).
fn prefix_addr(spec: &Value, field: &str) -> Option<Addr> {
    spec.get(field)
        .and_then(Value::as_str)
        .and_then(Prefix::parse)
        .map(Prefix::addr)
}

/// Between Gateways (and Switches): protocol IPs, VTEP IPs and VTEP MACs used twice. Indexed
/// by address (linear); each Gateway names one other user (and how many more). The Switch side
/// of a conflict with a Gateway is reported by the Switch rules (`switch.rs`).
pub(super) fn check_fabric(fabric: &Fabric<'_>, sink: &mut Sink<'_>) {
    // (gateways, switches) per address or MAC.
    type Users = (Vec<usize>, Vec<usize>);
    let mut protocol: HashMap<Addr, Users> = HashMap::new();
    let mut vtep: HashMap<Addr, Users> = HashMap::new();
    let mut macs: HashMap<String, Users> = HashMap::new();
    for (i, object) in fabric.objects.iter().enumerate() {
        let spec = &fabric.specs[i];
        let gateway = matches!(fabric.typed[i], Typed::Gateway(_));
        let switch = object.kind == "Switch" && object.api_version.starts_with("wiring.");
        if !(gateway || switch) {
            continue;
        }
        let slot = |users: &mut Users| {
            if gateway {
                users.0.push(i);
            } else {
                users.1.push(i);
            }
        };
        if let Some(addr) = prefix_addr(spec, "protocolIP") {
            slot(protocol.entry(addr).or_default());
        }
        if let Some(addr) = prefix_addr(spec, "vtepIP") {
            slot(vtep.entry(addr).or_default());
        }
        if gateway
            && let Some(mac) = spec
                .get("vtepMAC")
                .and_then(Value::as_str)
                .and_then(canonical_mac)
        {
            slot(macs.entry(mac).or_default());
        }
    }
    let mut report = |users: &Users, path: &str, what: &str, value: &str| {
        let (gateways, switches) = users;
        if gateways.is_empty() || gateways.len() + switches.len() < 2 {
            return;
        }
        let all: Vec<usize> = gateways.iter().chain(switches).copied().collect();
        for (position, &me) in gateways.iter().enumerate() {
            let other = all[if position == 0 { 1 } else { 0 }];
            let more = match all.len() - 2 {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            sink.error_related(
                me,
                path,
                format!(
                    "{what} {value} is also used by {} {}{more}",
                    fabric.objects[other].kind, fabric.objects[other].name
                ),
                other,
            );
        }
    };
    for (addr, users) in &protocol {
        report(users, "spec.protocolIP", "protocol IP", &addr.to_string());
    }
    for (addr, users) in &vtep {
        report(users, "spec.vtepIP", "VTEP IP", &addr.to_string());
    }
    for (mac, users) in &macs {
        report(users, "spec.vtepMAC", "VTEP MAC", mac);
    }
}
