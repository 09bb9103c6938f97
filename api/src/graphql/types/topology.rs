//! The fabric topology and its pending changes: plain mappings of
//! [`hnp_core::queries::topology`] (the queries and the states are computed there).

use async_graphql::{Enum, ID, SimpleObject};
use hnp_core::hedgehog::graph::NodeKind;
use hnp_core::queries::topology as core;

use super::super::enums;
use super::Problem;

/// The state of a node or link: the worst of the resources behind it, in this order.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum TopologyState {
    /// The desired state breaks Hedgehog admission rules.
    AdmissionError,
    /// A conflict between a draft and Git is open.
    Conflict,
    /// The cluster's copy differs from the desired spec.
    Drift,
    /// A draft is pending.
    Pending,
    InSync,
    /// Never read from a cluster, not in the cluster, or no object defines it.
    Unknown,
}

impl From<core::State> for TopologyState {
    fn from(s: core::State) -> Self {
        match s {
            core::State::AdmissionError => TopologyState::AdmissionError,
            core::State::Conflict => TopologyState::Conflict,
            core::State::Drift => TopologyState::Drift,
            core::State::Pending => TopologyState::Pending,
            core::State::InSync => TopologyState::InSync,
            core::State::Unknown => TopologyState::Unknown,
        }
    }
}

#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum TopologyNodeKind {
    Switch,
    Server,
    Gateway,
    External,
    /// The device at the far end of an external connection (named after the connection).
    ExternalPeer,
}

impl From<NodeKind> for TopologyNodeKind {
    fn from(k: NodeKind) -> Self {
        match k {
            NodeKind::Switch => TopologyNodeKind::Switch,
            NodeKind::Server => TopologyNodeKind::Server,
            NodeKind::Gateway => TopologyNodeKind::Gateway,
            NodeKind::External => TopologyNodeKind::External,
            NodeKind::ExternalPeer => TopologyNodeKind::ExternalPeer,
        }
    }
}

/// A switch's redundancy group (`spec.redundancy`).
#[derive(SimpleObject)]
pub struct RedundancyGroup {
    /// `eslag` or `mclag`.
    #[graphql(name = "type")]
    pub kind: String,
    pub group: String,
}

#[derive(SimpleObject)]
pub struct TopologyNode {
    /// `<kind>/<name>` (`switch/leaf-01`).
    pub id: String,
    pub kind: TopologyNodeKind,
    pub name: String,
    /// A switch's role (`spine`, `server-leaf`, `border-leaf`, `mixed-leaf`).
    pub role: Option<String>,
    /// A switch's SwitchGroups.
    pub groups: Vec<String>,
    pub redundancy_group: Option<RedundancyGroup>,
    /// The resource defining the node (open it at `/resources/<id>`); null for a device only
    /// links name.
    pub resource_id: Option<ID>,
    pub state: TopologyState,
}

#[derive(SimpleObject)]
pub struct TopologyLink {
    /// `<connection>/<index>`.
    pub id: String,
    /// Node id of the switch side, when the link has one.
    pub from: String,
    pub to: String,
    /// The device-local port (`E1/9`).
    pub from_port: String,
    /// Null when the far port is unknown (an external peer).
    pub to_port: Option<String>,
    /// The Connection's name.
    pub connection: String,
    /// The connection type (`unbundled`, `bundled`, `eslag`, `fabric`, `mclagDomain`, …).
    pub kind: String,
    /// The Connection's resource.
    pub resource_id: Option<ID>,
    pub state: TopologyState,
}

/// The fabric as it will be (desired state with pending drafts applied).
#[derive(SimpleObject)]
pub struct Topology {
    pub nodes: Vec<TopologyNode>,
    pub links: Vec<TopologyLink>,
}

fn id(resource_id: Option<i32>) -> Option<ID> {
    resource_id.map(|i| ID(i.to_string()))
}

impl From<core::Topology> for Topology {
    fn from(t: core::Topology) -> Self {
        Topology {
            nodes: t
                .nodes
                .into_iter()
                .map(|n| TopologyNode {
                    id: n.id,
                    kind: n.kind.into(),
                    name: n.name,
                    role: n.role,
                    groups: n.groups,
                    redundancy_group: n.redundancy_group.map(|r| RedundancyGroup {
                        kind: r.kind,
                        group: r.group,
                    }),
                    resource_id: id(n.resource_id),
                    state: n.state.into(),
                })
                .collect(),
            links: t
                .links
                .into_iter()
                .map(|l| TopologyLink {
                    id: l.id,
                    from: l.from,
                    to: l.to,
                    from_port: l.from_port,
                    to_port: l.to_port,
                    connection: l.connection,
                    kind: l.kind,
                    resource_id: id(l.resource_id),
                    state: l.state.into(),
                })
                .collect(),
        }
    }
}

/// A switch port.
#[derive(SimpleObject)]
pub struct SwitchPort {
    pub switch: String,
    /// The switch-local name (`E1/9`).
    pub port: String,
}

/// What a change set touches (names).
#[derive(SimpleObject)]
pub struct Impact {
    pub switches: Vec<String>,
    pub ports: Vec<SwitchPort>,
    pub servers: Vec<String>,
    pub vpcs: Vec<String>,
    pub externals: Vec<String>,
    pub gateways: Vec<String>,
    /// Connections whose links or attachments are involved.
    pub connections: Vec<String>,
}

impl From<core::ImpactSummary> for Impact {
    fn from(i: core::ImpactSummary) -> Self {
        Impact {
            switches: i.switches,
            ports: i
                .ports
                .into_iter()
                .map(|p| SwitchPort {
                    switch: p.switch,
                    port: p.port,
                })
                .collect(),
            servers: i.servers,
            vpcs: i.vpcs,
            externals: i.externals,
            gateways: i.gateways,
            connections: i.connections,
        }
    }
}

/// One pending draft.
#[derive(SimpleObject)]
pub struct PendingResource {
    pub resource_id: ID,
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub operation: enums::DraftOperation,
    /// Unified diff of the desired object's YAML to the draft's.
    pub diff: String,
    /// Hedgehog admission errors of the draft, against the fabric with every draft applied.
    pub problems: Vec<Problem>,
}

/// Every pending draft of a fabric and what they touch together.
#[derive(SimpleObject)]
pub struct PendingChanges {
    pub resources: Vec<PendingResource>,
    pub impact: Impact,
}

impl From<core::PendingChanges> for PendingChanges {
    fn from(p: core::PendingChanges) -> Self {
        PendingChanges {
            resources: p
                .resources
                .into_iter()
                .map(|r| PendingResource {
                    resource_id: ID(r.resource_id.to_string()),
                    kind: r.kind,
                    namespace: r.namespace,
                    name: r.name,
                    operation: r.operation.into(),
                    diff: r.diff,
                    problems: r.problems.into_iter().map(Problem::from).collect(),
                })
                .collect(),
            impact: p.impact.into(),
        }
    }
}
