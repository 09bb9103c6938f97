//! What a change set touches: the switches, switch ports, servers, gateways, VPCs and
//! externals whose configuration a change of some objects may alter, and the connections and
//! attachments involved. Evaluated on the graph before the change and on the graph after it,
//! and united, so that a delete shows what depended on the object and a move (an attachment
//! to another connection) shows both places.
//!
//! Per changed kind (on each graph that has the object, or references to it):
//! - VPC: the VPC and its whole reach ([`Graph::vpc_reach`]); deleted, its attachments too;
//! - VPCAttachment: the attachment, its VPC, its connection with the connection's switches,
//!   switch ports and servers;
//! - VPCPeering: both VPCs and the switches of their reach, and the switches of the `remote`
//!   switch group when set;
//! - IPv4Namespace: every VPC in it with its reach, every External in it as for an External;
//!   VLANNamespace: every VPC in it with its reach;
//! - Connection: the connection, its switches, switch ports, servers and gateways, and what is
//!   attached to it (VPCAttachments and their VPCs, ExternalAttachments and their Externals,
//!   the `withinVPC` VPC of a static external): a connection's change moves their config;
//! - Switch, Server, Gateway: the device, and the switch ports (with their switches) of every
//!   link it has; deleted, also the connections of those links, their servers and gateways
//!   and what is attached to those connections;
//! - External: the External, the switch ports of its ExternalAttachments' connections and the
//!   VPCs it is peered with; deleted, its attachments too; ExternalAttachment: the attachment,
//!   its External, its connection's switch ports and the VPCs the External is peered with;
//!   ExternalPeering: the External with its switch ports, and the VPC with its switches;
//! - GatewayPeering: its VPCs and Externals; SwitchGroup: the switches in it;
//! - other kinds (SwitchProfile, GatewayGroup, …): nothing.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{AttachmentKind, Graph, NodeKind, PeeringKind, VpcReach, build};
use crate::hedgehog::admission::Object;
use crate::hedgehog::kinds::ResourceKey;

/// What a change touches (names; ports as `(switch, E1/9)`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Impact {
    pub switches: BTreeSet<String>,
    pub ports: BTreeSet<(String, String)>,
    pub servers: BTreeSet<String>,
    pub gateways: BTreeSet<String>,
    pub vpcs: BTreeSet<String>,
    pub externals: BTreeSet<String>,
    /// Connections whose links or attachments are involved.
    pub connections: BTreeSet<String>,
    /// VPCAttachments changed or depending on what changed.
    pub vpc_attachments: BTreeSet<String>,
    /// ExternalAttachments changed or depending on what changed.
    pub external_attachments: BTreeSet<String>,
}

impl Impact {
    /// Whether nothing is touched.
    pub fn is_empty(&self) -> bool {
        self.switches.is_empty()
            && self.ports.is_empty()
            && self.servers.is_empty()
            && self.gateways.is_empty()
            && self.vpcs.is_empty()
            && self.externals.is_empty()
            && self.connections.is_empty()
            && self.vpc_attachments.is_empty()
            && self.external_attachments.is_empty()
    }

    /// Adds everything of `other`.
    pub fn extend(&mut self, other: Impact) {
        self.switches.extend(other.switches);
        self.ports.extend(other.ports);
        self.servers.extend(other.servers);
        self.gateways.extend(other.gateways);
        self.vpcs.extend(other.vpcs);
        self.externals.extend(other.externals);
        self.connections.extend(other.connections);
        self.vpc_attachments.extend(other.vpc_attachments);
        self.external_attachments.extend(other.external_attachments);
    }

    fn add_reach(&mut self, reach: VpcReach, servers: bool) {
        self.switches.extend(reach.switches);
        self.ports.extend(reach.ports);
        if servers {
            self.servers.extend(reach.servers);
        }
    }
}

/// One draft: an object created or updated, or the object of a key deleted.
#[derive(Debug, Clone, Copy)]
pub enum Draft<'a> {
    Put(&'a Object),
    Delete(&'a ResourceKey),
}

/// What changing the objects `changed` (created, updated or deleted) from `before` to `after`
/// touches. Builds both graphs; see [`impact_between`] to reuse them.
pub fn impact(before: &[Object], after: &[Object], changed: &[ResourceKey]) -> Impact {
    impact_between(&build(before), &build(after), changed)
}

/// [`impact`] over graphs already built.
pub fn impact_between(before: &Graph, after: &Graph, changed: &[ResourceKey]) -> Impact {
    let mut out = Impact::default();
    for key in changed {
        let deleted =
            before.contains(&key.kind, &key.name) && !after.contains(&key.kind, &key.name);
        touch(before, key, deleted, &mut out);
        touch(after, key, false, &mut out);
    }
    out
}

/// What applying one draft to the fabric `current` touches.
pub fn impact_of_draft(current: &[Object], draft: Draft<'_>) -> Impact {
    let (kind, name) = match draft {
        Draft::Put(object) => (object.kind.as_str(), object.name.as_str()),
        Draft::Delete(key) => (key.kind.as_str(), key.name.as_str()),
    };
    let mut after: Vec<Object> = current
        .iter()
        .filter(|o| !(o.kind == kind && o.name == name))
        .cloned()
        .collect();
    if let Draft::Put(object) = draft {
        after.push(object.clone());
    }
    let key = ResourceKey {
        kind: kind.to_owned(),
        namespace: match draft {
            Draft::Put(object) => object.namespace.clone(),
            Draft::Delete(key) => key.namespace.clone(),
        },
        name: name.to_owned(),
    };
    impact(current, &after, std::slice::from_ref(&key))
}

/// What a change of the object `key` touches in `graph`; `deleted` when the change removes it.
fn touch(graph: &Graph, key: &ResourceKey, deleted: bool, out: &mut Impact) {
    let name = key.name.as_str();
    match key.kind.as_str() {
        "VPC" => {
            out.vpcs.insert(name.to_owned());
            out.add_reach(graph.vpc_reach(name), true);
            if deleted {
                for a in graph.attachments_of(AttachmentKind::Vpc, name) {
                    out.vpc_attachments.insert(a.name.clone());
                    out.connections.insert(a.connection.clone());
                }
            }
        }
        "VPCAttachment" => {
            if let Some(a) = graph.attachment(AttachmentKind::Vpc, name) {
                out.vpc_attachments.insert(a.name.clone());
                if !a.target.is_empty() {
                    out.vpcs.insert(a.target.clone());
                }
                connection_ports(graph, &a.connection, out);
            }
        }
        "VPCPeering" => {
            if let Some(p) = graph.peering(PeeringKind::Vpc, name) {
                for vpc in &p.vpcs {
                    out.vpcs.insert(vpc.clone());
                    out.switches.extend(graph.vpc_reach(vpc).switches);
                }
                if let Some(group) = &p.remote {
                    out.switches
                        .extend(graph.group_switches(group).iter().cloned());
                }
            }
        }
        "IPv4Namespace" => {
            for vpc in graph.ipv4_namespace_vpcs(name) {
                out.vpcs.insert(vpc.clone());
                out.add_reach(graph.vpc_reach(vpc), true);
            }
            for external in graph.ipv4_namespace_externals(name) {
                external_reach(graph, external, false, out);
            }
        }
        "VLANNamespace" => {
            for vpc in graph.vlan_namespace_vpcs(name) {
                out.vpcs.insert(vpc.clone());
                out.add_reach(graph.vpc_reach(vpc), true);
            }
        }
        "Connection" => {
            connection_ports(graph, name, out);
            connection_dependents(graph, name, out);
        }
        "Switch" => device(graph, NodeKind::Switch, name, deleted, out),
        "Server" => device(graph, NodeKind::Server, name, deleted, out),
        "Gateway" => device(graph, NodeKind::Gateway, name, deleted, out),
        "External" => external_reach(graph, name, deleted, out),
        "ExternalAttachment" => {
            if let Some(a) = graph.attachment(AttachmentKind::External, name) {
                out.external_attachments.insert(a.name.clone());
                connection_ports(graph, &a.connection, out);
                if !a.target.is_empty() {
                    out.externals.insert(a.target.clone());
                    peered_vpcs(graph, &a.target, out);
                }
            }
        }
        "ExternalPeering" => {
            if let Some(p) = graph.peering(PeeringKind::External, name) {
                for external in &p.externals {
                    out.externals.insert(external.clone());
                    for a in graph.attachments_of(AttachmentKind::External, external) {
                        out.add_reach(graph.connection_reach(&a.connection), false);
                    }
                }
                for vpc in &p.vpcs {
                    out.vpcs.insert(vpc.clone());
                    out.switches.extend(graph.vpc_reach(vpc).switches);
                }
            }
        }
        "GatewayPeering" => {
            if let Some(p) = graph.peering(PeeringKind::Gateway, name) {
                out.vpcs.extend(p.vpcs.iter().cloned());
                out.externals.extend(p.externals.iter().cloned());
            }
        }
        "SwitchGroup" => {
            out.switches
                .extend(graph.group_switches(name).iter().cloned());
        }
        _ => {}
    }
}

/// The connection, its switches, switch ports, servers and gateways.
fn connection_ports(graph: &Graph, connection: &str, out: &mut Impact) {
    if connection.is_empty() {
        return;
    }
    out.connections.insert(connection.to_owned());
    for link in graph.connection_links(connection) {
        if let Some(gateway) = link.to.strip_prefix("gateway/") {
            out.gateways.insert(gateway.to_owned());
        }
    }
    out.add_reach(graph.connection_reach(connection), true);
}

/// What is attached to the connection: attachments with their VPCs and Externals, and the
/// `withinVPC` VPC of a static external.
fn connection_dependents(graph: &Graph, connection: &str, out: &mut Impact) {
    for a in graph.connection_attachments(connection) {
        match a.kind {
            AttachmentKind::Vpc => {
                out.vpc_attachments.insert(a.name.clone());
                if !a.target.is_empty() {
                    out.vpcs.insert(a.target.clone());
                }
            }
            AttachmentKind::External => {
                out.external_attachments.insert(a.name.clone());
                if !a.target.is_empty() {
                    out.externals.insert(a.target.clone());
                }
            }
        }
    }
    if let Some(vpc) = graph.static_external_vpc(connection) {
        out.vpcs.insert(vpc.to_owned());
    }
}

/// A switch, server or gateway: itself and the switch ports of its links; deleted, also the
/// connections of those links, their devices and what is attached to them.
fn device(graph: &Graph, kind: NodeKind, name: &str, deleted: bool, out: &mut Impact) {
    match kind {
        NodeKind::Switch => out.switches.insert(name.to_owned()),
        NodeKind::Server => out.servers.insert(name.to_owned()),
        _ => out.gateways.insert(name.to_owned()),
    };
    let mut connections = BTreeSet::new();
    for link in graph.node_links(&kind.id(name)) {
        connections.insert(link.connection.as_str());
        for (id, port) in [
            (&link.from, Some(&link.from_port)),
            (&link.to, link.to_port.as_ref()),
        ] {
            if let (Some(switch), Some(port)) = (id.strip_prefix("switch/"), port) {
                out.switches.insert(switch.to_owned());
                out.ports.insert((switch.to_owned(), port.clone()));
            }
        }
    }
    if deleted {
        for connection in connections {
            connection_ports(graph, connection, out);
            connection_dependents(graph, connection, out);
        }
    }
}

/// An External: itself, the switch ports of its attachments' connections, the VPCs it is
/// peered with; deleted, its attachments too.
fn external_reach(graph: &Graph, external: &str, deleted: bool, out: &mut Impact) {
    out.externals.insert(external.to_owned());
    for a in graph.attachments_of(AttachmentKind::External, external) {
        out.add_reach(graph.connection_reach(&a.connection), false);
        if deleted {
            out.external_attachments.insert(a.name.clone());
            out.connections.insert(a.connection.clone());
        }
    }
    peered_vpcs(graph, external, out);
}

/// The VPCs peered with the External (ExternalPeerings and GatewayPeerings).
fn peered_vpcs(graph: &Graph, external: &str, out: &mut Impact) {
    for p in graph.external_peerings(external) {
        out.vpcs.extend(p.vpcs.iter().cloned());
    }
}
