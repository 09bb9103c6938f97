//! Connection: admission (exactly one connection type; MCLAG ones are deprecated and only
//! warned about, as Hedgehog does; per type the number of switches and servers and unique
//! ports; `<device>/<port>` port names; static external addresses, next hop and subnets;
//! against the fabric: the switches, servers and `withinVPC` VPC exist, the ports exist on the
//! switch's profile given its breakouts, ESLAG switches share one ESLAG redundancy group;
//! between connections: a switch port used by two connections (a port and its first breakout
//! lane count as one), fabric, mesh and gateway link addresses /31, paired and unique). The
//! fabric configuration's MTU, fabric subnet, reserved subnets and fabric mode are not checked.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::ip::{Addr, Prefix, overlapping_pairs};
use super::switchprofile::{self, Found};
use super::{Fabric, Sink, Typed};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PortRef {
    pub port: String,
    pub ip: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ServerLink {
    pub server: PortRef,
    pub switch: PortRef,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Unbundled {
    pub link: ServerLink,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Links<L> {
    pub links: Vec<L>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct FabricLink {
    pub spine: PortRef,
    pub leaf: PortRef,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct MeshLink {
    pub leaf1: PortRef,
    pub leaf2: PortRef,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct GatewayLink {
    pub switch: PortRef,
    pub gateway: PortRef,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct SwitchPair {
    pub switch1: PortRef,
    pub switch2: PortRef,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct External {
    pub link: ExternalLink,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ExternalLink {
    pub switch: PortRef,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct StaticExternal {
    pub link: StaticExternalLink,
    #[serde(rename = "withinVPC")]
    pub within_vpc: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct StaticExternalLink {
    pub switch: StaticExternalSwitch,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct StaticExternalSwitch {
    pub port: String,
    pub ip: String,
    pub next_hop: String,
    pub subnets: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Spec {
    pub unbundled: Option<Unbundled>,
    pub bundled: Option<Links<ServerLink>>,
    pub mclag: Option<serde_json::Value>,
    pub eslag: Option<Links<ServerLink>>,
    pub mclag_domain: Option<serde_json::Value>,
    pub fabric: Option<Links<FabricLink>>,
    pub mesh: Option<Links<MeshLink>>,
    pub gateway: Option<Links<GatewayLink>>,
    pub vpc_loopback: Option<Links<SwitchPair>>,
    pub external: Option<External>,
    pub static_external: Option<StaticExternal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Device {
    Switch,
    Server,
    Gateway,
}

/// Users of one switch port or address: connection, field path, the value as written.
type Users = Vec<(usize, String, String)>;

/// One end of a link: its field path (`spec.fabric.links[0].spine`), the port as written
/// (`spine-01/E1/1`) and what kind of device it is on.
pub(super) struct End<'s> {
    pub path: String,
    pub port: &'s str,
    pub device: Device,
}

impl End<'_> {
    pub fn device_name(&self) -> &str {
        self.port.split_once('/').map_or("", |(d, _)| d)
    }
}

impl Spec {
    /// The connection type (`fabric`), `None` for MCLAG ones; `Err(count)` when not exactly
    /// one type is set.
    fn kind(&self) -> Result<Option<&'static str>, usize> {
        let set = [
            (self.unbundled.is_some(), "unbundled"),
            (self.bundled.is_some(), "bundled"),
            (self.mclag.is_some(), "mclag"),
            (self.eslag.is_some(), "eslag"),
            (self.mclag_domain.is_some(), "mclagDomain"),
            (self.fabric.is_some(), "fabric"),
            (self.mesh.is_some(), "mesh"),
            (self.gateway.is_some(), "gateway"),
            (self.vpc_loopback.is_some(), "vpcLoopback"),
            (self.external.is_some(), "external"),
            (self.static_external.is_some(), "staticExternal"),
        ];
        let present: Vec<&str> = set.iter().filter(|(on, _)| *on).map(|(_, k)| *k).collect();
        match present.as_slice() {
            [one] if *one == "mclag" || *one == "mclagDomain" => Ok(None),
            [one] => Ok(Some(one)),
            _ => Err(present.len()),
        }
    }

    /// Every link end, in field order (empty for MCLAG connections).
    pub fn ends<'s>(&'s self) -> Vec<End<'s>> {
        let mut ends = Vec::new();
        if let Some(c) = &self.static_external {
            ends.push(End {
                path: "spec.staticExternal.link.switch".into(),
                port: &c.link.switch.port,
                device: Device::Switch,
            });
        }
        let mut push = |path: String, r: &'s PortRef, device: Device| {
            ends.push(End {
                path,
                port: &r.port,
                device,
            })
        };
        if let Some(c) = &self.unbundled {
            push(
                "spec.unbundled.link.server".into(),
                &c.link.server,
                Device::Server,
            );
            push(
                "spec.unbundled.link.switch".into(),
                &c.link.switch,
                Device::Switch,
            );
        }
        for (name, c) in [("bundled", &self.bundled), ("eslag", &self.eslag)] {
            for (n, l) in c.iter().flat_map(|c| c.links.iter().enumerate()) {
                push(
                    format!("spec.{name}.links[{n}].server"),
                    &l.server,
                    Device::Server,
                );
                push(
                    format!("spec.{name}.links[{n}].switch"),
                    &l.switch,
                    Device::Switch,
                );
            }
        }
        for (n, l) in self.fabric.iter().flat_map(|c| c.links.iter().enumerate()) {
            push(
                format!("spec.fabric.links[{n}].spine"),
                &l.spine,
                Device::Switch,
            );
            push(
                format!("spec.fabric.links[{n}].leaf"),
                &l.leaf,
                Device::Switch,
            );
        }
        for (n, l) in self.mesh.iter().flat_map(|c| c.links.iter().enumerate()) {
            push(
                format!("spec.mesh.links[{n}].leaf1"),
                &l.leaf1,
                Device::Switch,
            );
            push(
                format!("spec.mesh.links[{n}].leaf2"),
                &l.leaf2,
                Device::Switch,
            );
        }
        for (n, l) in self.gateway.iter().flat_map(|c| c.links.iter().enumerate()) {
            push(
                format!("spec.gateway.links[{n}].switch"),
                &l.switch,
                Device::Switch,
            );
            push(
                format!("spec.gateway.links[{n}].gateway"),
                &l.gateway,
                Device::Gateway,
            );
        }
        for (n, l) in self
            .vpc_loopback
            .iter()
            .flat_map(|c| c.links.iter().enumerate())
        {
            push(
                format!("spec.vpcLoopback.links[{n}].switch1"),
                &l.switch1,
                Device::Switch,
            );
            push(
                format!("spec.vpcLoopback.links[{n}].switch2"),
                &l.switch2,
                Device::Switch,
            );
        }
        if let Some(c) = &self.external {
            push(
                "spec.external.link.switch".into(),
                &c.link.switch,
                Device::Switch,
            );
        }
        ends
    }

    fn link_count(&self) -> Option<usize> {
        [
            self.bundled.as_ref().map(|c| c.links.len()),
            self.eslag.as_ref().map(|c| c.links.len()),
            self.fabric.as_ref().map(|c| c.links.len()),
            self.mesh.as_ref().map(|c| c.links.len()),
            self.gateway.as_ref().map(|c| c.links.len()),
            self.vpc_loopback.as_ref().map(|c| c.links.len()),
        ]
        .into_iter()
        .flatten()
        .next()
    }
}

/// The key under which a switch port is indexed for reuse: `sw/E1/1` and its first breakout
/// lane `sw/E1/1/1` are one port (Hedgehog checks both spellings).
fn port_key(port: &str) -> String {
    if port.matches('/').count() == 2 {
        format!("{port}/1")
    } else {
        port.to_owned()
    }
}

pub(super) fn check(fabric: &Fabric<'_>, i: usize, spec: &Spec, sink: &mut Sink<'_>) {
    let kind = match spec.kind() {
        Ok(Some(kind)) => kind,
        Ok(None) => {
            sink.warning(i, "spec", "MCLAG is deprecated and no longer supported");
            return;
        }
        Err(n) => {
            sink.error(
                i,
                "spec",
                format!("exactly one connection type must be used, found {n}"),
            );
            return;
        }
    };
    if spec.link_count() == Some(0) {
        sink.error(
            i,
            format!("spec.{kind}.links"),
            format!("a {kind} connection needs at least one link"),
        );
        return;
    }
    let ends = spec.ends();
    let mut well_formed = true;
    for end in &ends {
        match end.port.split_once('/') {
            Some((device, port)) if !device.is_empty() && !port.is_empty() => {}
            _ => {
                well_formed = false;
                sink.error(
                    i,
                    format!("{}.port", end.path),
                    format!(
                        "invalid port name {:?}, should be \"<device>/<port>\"",
                        end.port
                    ),
                );
            }
        }
    }
    let distinct = |device: Device| -> Vec<&str> {
        let mut names: Vec<&str> = ends
            .iter()
            .filter(|e| e.device == device)
            .map(End::device_name)
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    };
    let switches = distinct(Device::Switch);
    let servers = distinct(Device::Server);
    if well_formed {
        let at = format!("spec.{kind}");
        let (min, max) = match kind {
            "unbundled" | "bundled" | "gateway" | "vpcLoopback" | "external" | "staticExternal" => {
                (1, 1)
            }
            "eslag" => (1, 4),
            _ => (2, 2), // fabric, mesh
        };
        if switches.len() < min || switches.len() > max {
            let expected = match (min, max) {
                (1, 1) => "one switch".to_owned(),
                (2, 2) => "two switches".to_owned(),
                (a, b) => format!("{a} to {b} switches"),
            };
            sink.error(
                i,
                at.clone(),
                format!(
                    "a {kind} connection must use {expected}, found {}",
                    switches.len()
                ),
            );
        }
        if matches!(kind, "unbundled" | "bundled" | "eslag") && servers.len() != 1 {
            sink.error(
                i,
                at.clone(),
                format!(
                    "a {kind} connection must use one server, found {}",
                    servers.len()
                ),
            );
        }
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for end in &ends {
            if let Some(first) = seen.insert(end.port, &end.path) {
                sink.error(
                    i,
                    format!("{}.port", end.path),
                    format!(
                        "port {} is used twice in this connection (also at {first}.port)",
                        end.port
                    ),
                );
            }
        }
    }
    if let Some(se) = &spec.static_external {
        check_static_external(fabric, i, se, sink);
    }
    if kind == "eslag" {
        check_eslag(fabric, i, &switches, sink);
    }
    for (device, kind_name) in [(Device::Switch, "Switch"), (Device::Server, "Server")] {
        for end in ends.iter().filter(|e| e.device == device) {
            let name = end.device_name();
            if !name.is_empty() && fabric.find(i, kind_name, name).is_none() {
                sink.missing(
                    i,
                    format!("{}.port", end.path),
                    format!("{kind_name} {name} not found"),
                );
            }
        }
    }
}

fn check_static_external(fabric: &Fabric<'_>, i: usize, se: &StaticExternal, sink: &mut Sink<'_>) {
    let at = "spec.staticExternal.link.switch";
    let sw = &se.link.switch;
    let network = Prefix::parse(&sw.ip);
    if network.is_none() {
        sink.error(
            i,
            format!("{at}.ip"),
            format!("{:?} is not a valid prefix (address/length)", sw.ip),
        );
    }
    match Addr::parse(&sw.next_hop) {
        None => sink.error(
            i,
            format!("{at}.nextHop"),
            format!("{:?} is not a valid IP address", sw.next_hop),
        ),
        Some(next_hop) => {
            if let Some(network) = network
                && !network.contains(next_hop)
            {
                sink.error(
                    i,
                    format!("{at}.nextHop"),
                    format!("next hop {next_hop} is not in {}", network.masked()),
                );
            }
        }
    }
    let mut prefixes = Vec::new();
    let mut paths = Vec::new();
    for (n, subnet) in sw.subnets.iter().enumerate() {
        let path = format!("{at}.subnets[{n}]");
        let Some(prefix) = Prefix::parse(subnet) else {
            sink.error(i, path, format!("{subnet:?} is not a valid prefix"));
            continue;
        };
        if subnet == "0.0.0.0/0" {
            if sw.subnets.len() > 1 {
                sink.error(
                    i,
                    path,
                    "the default route 0.0.0.0/0 must be the only subnet",
                );
            }
            continue;
        }
        if prefix.has_host_bits() {
            sink.error(
                i,
                path,
                format!("invalid subnet {subnet}: inconsistent IP address and mask"),
            );
            continue;
        }
        prefixes.push(prefix);
        paths.push(path);
    }
    for (a, b) in overlapping_pairs(&prefixes) {
        sink.error(
            i,
            paths[b].clone(),
            format!(
                "subnet {} overlaps {} ({})",
                prefixes[b], prefixes[a], paths[a]
            ),
        );
    }
    if !se.within_vpc.is_empty() && fabric.find(i, "VPC", &se.within_vpc).is_none() {
        sink.missing(
            i,
            "spec.staticExternal.withinVPC",
            format!("VPC {} not found", se.within_vpc),
        );
    }
}

/// All switches of an ESLAG connection in one redundancy group of type `eslag`.
fn check_eslag(fabric: &Fabric<'_>, i: usize, switches: &[&str], sink: &mut Sink<'_>) {
    let mut group: Option<(&str, usize)> = None;
    let mut kind: Option<(&str, usize)> = None;
    let mut found = 0;
    for name in switches {
        let Some(sw) = fabric.find(i, "Switch", name) else {
            continue;
        };
        let Typed::Switch(spec) = &fabric.typed[sw] else {
            continue;
        };
        found += 1;
        let r = &spec.redundancy;
        if !r.group.is_empty() {
            match group {
                Some((g, other)) if g != r.group => sink.error_related(
                    i,
                    "spec.eslag",
                    format!(
                        "all switches of an ESLAG connection must be in one redundancy group: {name} is in {}, {} in {g}",
                        r.group, fabric.objects[other].name
                    ),
                    sw,
                ),
                Some(_) => {}
                None => group = Some((&r.group, sw)),
            }
        }
        if !r.kind.is_empty() {
            match kind {
                Some((k, other)) if k != r.kind => sink.error_related(
                    i,
                    "spec.eslag",
                    format!(
                        "all switches of an ESLAG connection must have one redundancy type: {name} has {}, {} has {k}",
                        r.kind, fabric.objects[other].name
                    ),
                    sw,
                ),
                Some(_) => {}
                None => kind = Some((&r.kind, sw)),
            }
        }
    }
    if found == 0 {
        return; // missing switches are reported on their own
    }
    if group.is_none() {
        sink.error(
            i,
            "spec.eslag",
            "the switches of an ESLAG connection must have a redundancy group",
        );
    }
    match kind {
        Some(("eslag", _)) => {}
        Some((other, sw)) => sink.error_related(
            i,
            "spec.eslag",
            format!(
                "the switches of an ESLAG connection must have redundancy type eslag, found {other}"
            ),
            sw,
        ),
        None => sink.error(
            i,
            "spec.eslag",
            "the switches of an ESLAG connection must have redundancy type eslag",
        ),
    }
}

/// Between connections: switch ports used twice and link addresses; and each switch port
/// against the profile of its switch. Linear: ports and addresses are indexed, each switch's
/// port set is computed once.
pub(super) fn check_fabric(fabric: &Fabric<'_>, sink: &mut Sink<'_>) {
    let mut ports: HashMap<(&str, String), Users> = HashMap::new();
    let mut addresses: HashMap<(&str, Addr), Users> = HashMap::new();
    let mut switch_ports: HashMap<usize, Option<HashSet<String>>> = HashMap::new();
    for (i, object) in fabric.objects.iter().enumerate() {
        let Typed::Connection(spec) = &fabric.typed[i] else {
            continue;
        };
        let Ok(Some(_)) = spec.kind() else {
            continue;
        };
        let ns = object.namespace();
        let ends = spec.ends();
        let mut own: HashSet<String> = HashSet::new();
        for end in &ends {
            let Some((device, local)) = end.port.split_once('/') else {
                continue;
            };
            if device.is_empty() || local.is_empty() {
                continue;
            }
            if end.device != Device::Gateway {
                let key = port_key(end.port);
                if own.insert(key.clone()) {
                    ports.entry((ns, key)).or_default().push((
                        i,
                        format!("{}.port", end.path),
                        end.port.to_owned(),
                    ));
                }
            }
            if end.device != Device::Switch {
                continue;
            }
            let Some(sw) = fabric.find(i, "Switch", device) else {
                continue;
            };
            let allowed = switch_ports
                .entry(sw)
                .or_insert_with(|| allowed_ports(fabric, sw));
            if let Some(allowed) = allowed
                && !allowed.contains(local)
            {
                let profile = match &fabric.typed[sw] {
                    Typed::Switch(s) => s.profile.as_str(),
                    _ => "",
                };
                sink.error_related(
                    i,
                    format!("{}.port", end.path),
                    format!("port {local} does not exist on switch {device} (profile {profile}, with its breakouts)"),
                    sw,
                );
            }
        }
        check_link_addresses(i, spec, ns, &mut addresses, sink);
    }
    report_shared(fabric, sink, ports, "switch port");
    report_shared(fabric, sink, addresses, "IP");
}

/// The ports a switch can use, `None` when its profile is unknown or its breakouts are
/// invalid (both reported on the switch).
fn allowed_ports(fabric: &Fabric<'_>, sw: usize) -> Option<HashSet<String>> {
    let Typed::Switch(spec) = &fabric.typed[sw] else {
        return None;
    };
    let profile = match switchprofile::find(fabric, sw, &spec.profile) {
        Found::Object(_, p) => p,
        Found::Builtin(p) => p,
        Found::Unreadable | Found::Missing => return None,
    };
    profile.api_ports(&spec.port_breakouts).ok()
}

/// Each user of a shared port or address names another (its path when it is the same
/// connection), quoting the value as it wrote it.
fn report_shared<K: Ord>(
    fabric: &Fabric<'_>,
    sink: &mut Sink<'_>,
    index: HashMap<K, Users>,
    what: &str,
) {
    let mut groups: Vec<_> = index
        .into_iter()
        .filter(|(_, users)| users.len() > 1)
        .collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, users) in groups {
        for (position, (me, path, written)) in users.iter().enumerate() {
            let (other, other_path, _) = &users[if position == 0 { 1 } else { 0 }];
            let more = match users.len() - 2 {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            if other == me {
                sink.error(
                    *me,
                    path.clone(),
                    format!(
                        "{what} {written} is also used by this connection at {other_path}{more}"
                    ),
                );
            } else {
                sink.error_related(
                    *me,
                    path.clone(),
                    format!(
                        "{what} {written} is also used by Connection {}{more}",
                        fabric.objects[*other].name
                    ),
                    *other,
                );
            }
        }
    }
}

/// Fabric, mesh and gateway links: with both addresses set, each a /31 and both in one /31;
/// every parsable address is indexed for uniqueness.
fn check_link_addresses<'a>(
    i: usize,
    spec: &Spec,
    ns: &'a str,
    addresses: &mut HashMap<(&'a str, Addr), Users>,
    sink: &mut Sink<'_>,
) {
    let mut pairs: Vec<(String, &PortRef, String, &PortRef)> = Vec::new();
    for (n, l) in spec.fabric.iter().flat_map(|c| c.links.iter().enumerate()) {
        pairs.push((
            format!("spec.fabric.links[{n}].spine"),
            &l.spine,
            format!("spec.fabric.links[{n}].leaf"),
            &l.leaf,
        ));
    }
    for (n, l) in spec.mesh.iter().flat_map(|c| c.links.iter().enumerate()) {
        pairs.push((
            format!("spec.mesh.links[{n}].leaf1"),
            &l.leaf1,
            format!("spec.mesh.links[{n}].leaf2"),
            &l.leaf2,
        ));
    }
    for (n, l) in spec.gateway.iter().flat_map(|c| c.links.iter().enumerate()) {
        pairs.push((
            format!("spec.gateway.links[{n}].switch"),
            &l.switch,
            format!("spec.gateway.links[{n}].gateway"),
            &l.gateway,
        ));
    }
    for (path_a, a, path_b, b) in pairs {
        let mut parsed = Vec::new();
        for (path, end) in [(path_a, a), (path_b, b)] {
            if end.ip.is_empty() {
                continue;
            }
            let path = format!("{path}.ip");
            match Prefix::parse(&end.ip) {
                None => sink.error(
                    i,
                    path,
                    format!("{:?} is not a valid prefix (address/length)", end.ip),
                ),
                Some(p) => {
                    if p.bits() != 31 {
                        sink.error(i, path.clone(), format!("link IP {p} is not a /31"));
                    }
                    addresses.entry((ns, p.addr())).or_default().push((
                        i,
                        path.clone(),
                        p.addr().to_string(),
                    ));
                    parsed.push((path, p));
                }
            }
        }
        if let [(_, p), (path, q)] = parsed.as_slice()
            && p.bits() == 31
            && q.bits() == 31
            && p.masked() != q.masked()
        {
            sink.error(
                i,
                path.clone(),
                format!(
                    "link IPs {} and {} are not in the same /31",
                    p.addr(),
                    q.addr()
                ),
            );
        }
    }
}
