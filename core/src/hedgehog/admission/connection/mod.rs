//! Connection: admission (exactly one connection type; MCLAG ones are deprecated and only
//! warned about, as Hedgehog does; per type the number of switches and servers and unique
//! ports; `<device>/<port>` port names; static external addresses, next hop and subnets;
//! against the fabric: the switches, servers and `withinVPC` VPC exist, the ports exist on the
//! switch's profile given its breakouts, ESLAG switches share one ESLAG redundancy group;
//! between connections: a switch port used by two connections (a port and its first breakout
//! lane count as one), fabric, mesh and gateway link addresses /31, paired and unique). The
//! fabric configuration's MTU, fabric subnet, reserved subnets and fabric mode are not checked.

use std::collections::HashMap;

use serde::Deserialize;

use super::{Fabric, Sink, Typed};

mod eslag;
mod fabric;
mod static_external;

use eslag::check_eslag;
pub(super) use fabric::check_fabric;
use static_external::check_static_external;

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
