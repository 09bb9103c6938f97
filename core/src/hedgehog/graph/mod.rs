//! The fabric as a graph: devices (switches, servers, gateways, externals) as nodes, one link
//! per physical link of every Connection (per connection type of githedgehog/fabric
//! `api/wiring/v1beta1/connection_types.go`, Apache-2.0, see `NOTICE`; the mapping is in
//! [`links`]), and over it the logical layer of the VPC API (`api/vpc/v1beta1`): VPCs, their
//! attachments to connections, ExternalAttachments tying an External to an `external`
//! connection, and VPC, External and Gateway peerings. [`Graph::vpc_reach`] says which
//! switches, ports, servers and links a VPC is configured on; [`impact()`] what a change set
//! touches. Pure functions over [`Object`]s: no database. Building is linear in the objects
//! (`build.rs`, lookups by name in hash maps); queries are linear in what they return.
//!
//! Conventions:
//! - node ids are `<kind>/<name>` (`switch/leaf-01`, `server/server-01`, `gateway/gw-1`,
//!   `external/ext-1`, `external-peer/<connection>`); link ids `<connection>/<index>`
//!   (`<connection>/peer/<index>` and `<connection>/session/<index>` for `mclagDomain`);
//! - a device a link names but no object defines still gets a node, with no `resource`;
//! - objects are matched by kind and name (Hedgehog supports only the `default` namespace for
//!   these kinds; a Gateway may live elsewhere); of two objects of one kind and name the first
//!   one counts;
//! - specs are read as written, with Hedgehog's defaults where they matter (a VPC's or an
//!   External's namespaces default to `default`, an attachment's subnet `vpc` to
//!   `vpc/default`); what is malformed is left out, not reported (admission does that).

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;

use super::admission::Object;

mod build;
mod impact;
pub mod links;

pub use build::build;
pub use impact::{Draft, Impact, impact, impact_between, impact_of_draft};

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Switch,
    Server,
    Gateway,
    External,
    /// The device outside the fabric at the far end of an `external` or `staticExternal`
    /// connection (named after the connection).
    ExternalPeer,
}

impl NodeKind {
    /// The prefix of node ids of this kind.
    pub fn prefix(self) -> &'static str {
        match self {
            NodeKind::Switch => "switch",
            NodeKind::Server => "server",
            NodeKind::Gateway => "gateway",
            NodeKind::External => "external",
            NodeKind::ExternalPeer => "external-peer",
        }
    }

    /// The node id of the device `name` of this kind (`switch/leaf-01`).
    pub fn id(self, name: &str) -> String {
        format!("{}/{name}", self.prefix())
    }
}

/// The object behind a node or VPC.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ResourceRef {
    pub kind: String,
    /// `default` when the object has none.
    pub namespace: String,
    pub name: String,
}

impl ResourceRef {
    fn of(object: &Object) -> Self {
        Self {
            kind: object.kind.clone(),
            namespace: if object.namespace.is_empty() {
                "default".into()
            } else {
                object.namespace.clone()
            },
            name: object.name.clone(),
        }
    }
}

/// A switch's `spec.redundancy` (`{type: eslag, group: eslag-1}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redundancy {
    #[serde(rename = "type")]
    pub kind: String,
    pub group: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    pub id: String,
    pub kind: NodeKind,
    pub name: String,
    /// A switch's `spec.role` (`spine`, `server-leaf`, `border-leaf`, `mixed-leaf`, `virtual`).
    pub role: Option<String>,
    /// A switch's `spec.groups` (SwitchGroup names).
    pub groups: Vec<String>,
    /// A switch's `spec.redundancy`, when it names a group or type.
    pub redundancy_group: Option<Redundancy>,
    /// The object defining the node (the Connection for an external peer); `None` for a
    /// device that links name but no object defines.
    pub resource: Option<ResourceRef>,
}

/// One physical link. `from` is the switch side when the link has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// `<connection>/<index>` (`<connection>/peer/<index>`, `…/session/<index>`).
    pub id: String,
    pub from: String,
    /// The device-local port (`E1/9`).
    pub from_port: String,
    pub to: String,
    /// `None` when the far port is unknown (an external peer).
    pub to_port: Option<String>,
    /// The Connection's name.
    pub connection: String,
    /// The connection type as its key in the spec (`unbundled`, `fabric`, `mclagDomain`).
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vpc {
    pub name: String,
    pub ipv4_namespace: String,
    pub vlan_namespace: String,
    /// Names of `spec.subnets`, sorted.
    pub subnets: Vec<String>,
    pub resource: ResourceRef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    /// A VPCAttachment: a VPC subnet on a (server-facing) connection.
    Vpc,
    /// An ExternalAttachment: an External on an `external` connection.
    External,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub name: String,
    pub kind: AttachmentKind,
    /// The VPC (of `spec.subnet`) or the External (`spec.external`).
    pub target: String,
    /// The VPC subnet name (`default`), for a VPCAttachment.
    pub subnet: Option<String>,
    pub connection: String,
    /// `spec.nativeVLAN` of a VPCAttachment.
    pub native_vlan: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeeringKind {
    /// A VPCPeering (two VPCs, optionally on a remote switch group).
    Vpc,
    /// An ExternalPeering (a VPC and an External).
    External,
    /// A GatewayPeering (VPCs and `ext.`-prefixed Externals through the gateway).
    Gateway,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Peering {
    pub name: String,
    pub kind: PeeringKind,
    /// Peered VPCs, sorted, distinct.
    pub vpcs: Vec<String>,
    /// Peered Externals, sorted, distinct.
    pub externals: Vec<String>,
    /// A VPCPeering's `spec.remote` switch group.
    pub remote: Option<String>,
}

/// Where a VPC (or a connection) is configured: switches, switch ports (`(switch, E1/9)`),
/// servers and link ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VpcReach {
    pub switches: BTreeSet<String>,
    pub ports: BTreeSet<(String, String)>,
    pub servers: BTreeSet<String>,
    pub links: BTreeSet<String>,
}

/// The fabric graph ([`build`]). Serializes as `{nodes, links, vpcs, attachments, peerings}`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Graph {
    /// Sorted by id.
    pub nodes: Vec<Node>,
    /// In the order of the Connections, then of their links.
    pub links: Vec<Link>,
    /// In object order.
    pub vpcs: Vec<Vpc>,
    pub attachments: Vec<Attachment>,
    pub peerings: Vec<Peering>,
    #[serde(skip)]
    index: Index,
}

/// Lookups by name, so that queries stay linear in what they return.
#[derive(Debug, Clone, Default)]
struct Index {
    /// `(kind, name)` of every object of the set.
    objects: HashSet<(String, String)>,
    nodes: HashMap<String, usize>,
    links_by_connection: HashMap<String, Vec<usize>>,
    links_by_node: HashMap<String, Vec<usize>>,
    vpcs: HashMap<String, usize>,
    attachments: HashMap<(AttachmentKind, String), usize>,
    attachments_by_connection: HashMap<String, Vec<usize>>,
    /// Attachments by their VPC or External.
    attachments_by_target: HashMap<(AttachmentKind, String), Vec<usize>>,
    peerings: HashMap<(PeeringKind, String), usize>,
    peerings_by_vpc: HashMap<String, Vec<usize>>,
    peerings_by_external: HashMap<String, Vec<usize>>,
    vpcs_by_ipv4_namespace: HashMap<String, Vec<String>>,
    vpcs_by_vlan_namespace: HashMap<String, Vec<String>>,
    externals_by_ipv4_namespace: HashMap<String, Vec<String>>,
    switches_by_group: HashMap<String, Vec<String>>,
    /// `staticExternal` connections by their `withinVPC`.
    static_externals_by_vpc: HashMap<String, Vec<String>>,
    /// The `withinVPC` of `staticExternal` connections by connection.
    within_vpc: HashMap<String, String>,
}

impl Graph {
    /// The node of id `id` (`switch/leaf-01`).
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.nodes.get(id).map(|&i| &self.nodes[i])
    }

    /// Whether the set the graph was built from has an object of `kind` and `name`.
    pub fn contains(&self, kind: &str, name: &str) -> bool {
        self.index
            .objects
            .contains(&(kind.to_owned(), name.to_owned()))
    }

    /// The links of the Connection `name`, in order.
    pub fn connection_links(&self, name: &str) -> impl Iterator<Item = &Link> {
        self.link_list(self.index.links_by_connection.get(name))
    }

    /// The links with an end at node `id`.
    pub fn node_links(&self, id: &str) -> impl Iterator<Item = &Link> {
        self.link_list(self.index.links_by_node.get(id))
    }

    fn link_list<'g>(&'g self, at: Option<&'g Vec<usize>>) -> impl Iterator<Item = &'g Link> {
        at.into_iter().flatten().map(|&i| &self.links[i])
    }

    /// The VPC `name`, when defined.
    pub fn vpc(&self, name: &str) -> Option<&Vpc> {
        self.index.vpcs.get(name).map(|&i| &self.vpcs[i])
    }

    /// The VPCAttachment or ExternalAttachment `name`.
    pub fn attachment(&self, kind: AttachmentKind, name: &str) -> Option<&Attachment> {
        self.index
            .attachments
            .get(&(kind, name.to_owned()))
            .map(|&i| &self.attachments[i])
    }

    /// The attachments (of both kinds) on the Connection `connection`.
    pub fn connection_attachments(&self, connection: &str) -> impl Iterator<Item = &Attachment> {
        self.attachment_list(self.index.attachments_by_connection.get(connection))
    }

    /// The attachments of the VPC (`AttachmentKind::Vpc`) or External `target`.
    pub fn attachments_of(
        &self,
        kind: AttachmentKind,
        target: &str,
    ) -> impl Iterator<Item = &Attachment> {
        self.attachment_list(
            self.index
                .attachments_by_target
                .get(&(kind, target.to_owned())),
        )
    }

    fn attachment_list<'g>(
        &'g self,
        at: Option<&'g Vec<usize>>,
    ) -> impl Iterator<Item = &'g Attachment> {
        at.into_iter().flatten().map(|&i| &self.attachments[i])
    }

    /// The peering of `kind` named `name`.
    pub fn peering(&self, kind: PeeringKind, name: &str) -> Option<&Peering> {
        self.index
            .peerings
            .get(&(kind, name.to_owned()))
            .map(|&i| &self.peerings[i])
    }

    /// The peerings (of every kind) naming the VPC `vpc`.
    pub fn vpc_peerings(&self, vpc: &str) -> impl Iterator<Item = &Peering> {
        let at = self.index.peerings_by_vpc.get(vpc);
        at.into_iter().flatten().map(|&i| &self.peerings[i])
    }

    /// The peerings (of every kind) naming the External `external`.
    pub fn external_peerings(&self, external: &str) -> impl Iterator<Item = &Peering> {
        let at = self.index.peerings_by_external.get(external);
        at.into_iter().flatten().map(|&i| &self.peerings[i])
    }

    /// The VPCs of the IPv4Namespace `namespace`.
    pub fn ipv4_namespace_vpcs(&self, namespace: &str) -> &[String] {
        names(self.index.vpcs_by_ipv4_namespace.get(namespace))
    }

    /// The VPCs of the VLANNamespace `namespace`.
    pub fn vlan_namespace_vpcs(&self, namespace: &str) -> &[String] {
        names(self.index.vpcs_by_vlan_namespace.get(namespace))
    }

    /// The Externals of the IPv4Namespace `namespace`.
    pub fn ipv4_namespace_externals(&self, namespace: &str) -> &[String] {
        names(self.index.externals_by_ipv4_namespace.get(namespace))
    }

    /// The switches whose `spec.groups` name the SwitchGroup `group`.
    pub fn group_switches(&self, group: &str) -> &[String] {
        names(self.index.switches_by_group.get(group))
    }

    /// The `withinVPC` VPC of the `staticExternal` Connection `connection`.
    pub fn static_external_vpc(&self, connection: &str) -> Option<&str> {
        self.index.within_vpc.get(connection).map(String::as_str)
    }

    /// Where the Connection `connection` is: its links, their switch ports and servers.
    pub fn connection_reach(&self, connection: &str) -> VpcReach {
        let mut reach = VpcReach::default();
        self.add_connection_reach(connection, &mut reach);
        reach
    }

    fn add_connection_reach(&self, connection: &str, reach: &mut VpcReach) {
        for link in self.connection_links(connection) {
            reach.links.insert(link.id.clone());
            let ends = [
                (&link.from, Some(&link.from_port)),
                (&link.to, link.to_port.as_ref()),
            ];
            for (id, port) in ends {
                let Some((prefix, name)) = id.split_once('/') else {
                    continue;
                };
                if prefix == NodeKind::Switch.prefix() {
                    reach.switches.insert(name.to_owned());
                    if let Some(port) = port {
                        reach.ports.insert((name.to_owned(), port.clone()));
                    }
                } else if prefix == NodeKind::Server.prefix() {
                    reach.servers.insert(name.to_owned());
                }
            }
        }
    }

    /// Where the VPC `vpc` is configured: the links of the connections its VPCAttachments
    /// use, with their switch ports and servers, and the switch port of every
    /// `staticExternal` connection `withinVPC` it.
    pub fn vpc_reach(&self, vpc: &str) -> VpcReach {
        let mut reach = VpcReach::default();
        for attachment in self.attachments_of(AttachmentKind::Vpc, vpc) {
            self.add_connection_reach(&attachment.connection, &mut reach);
        }
        for connection in names(self.index.static_externals_by_vpc.get(vpc)) {
            self.add_connection_reach(connection, &mut reach);
        }
        reach
    }
}

fn names(list: Option<&Vec<String>>) -> &[String] {
    list.map(Vec::as_slice).unwrap_or_default()
}

#[cfg(test)]
mod tests;
