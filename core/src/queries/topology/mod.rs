//! The fabric as it will be (desired state with every pending draft applied) as a graph of
//! devices and links ([`topology`]), each with the worst [`State`] of the resources behind
//! it, and what the pending drafts change ([`pending_changes`]: per-resource diffs and
//! admission problems, and their [`Impact`] over the fabric). One statement each; the rest is
//! [`crate::hedgehog::graph`] over the rows. [`render`] draws a topology as Graphviz DOT or
//! Mermaid.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::Instant;

use hnp_entity::enums::{ConflictStatus, DraftOperation, DriftStatus};
use hnp_entity::resource;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::{Error, Problem, Result};
use crate::hedgehog::admission::{self, Object};
use crate::hedgehog::graph::{self, Graph, Impact, NodeKind, Redundancy, ResourceRef};
use crate::hedgehog::kinds::ResourceKey;
use crate::sync::drafts::FabricRow;

pub mod render;
#[cfg(test)]
mod tests;

/// The state of a node or link: the worst of the resources behind it. Variants are declared
/// from the worst to the best (`Ord`: the smaller, the worse).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// The desired state breaks Hedgehog admission rules (the cluster will refuse it).
    AdmissionError,
    /// A conflict between a draft and Git is detected or being resolved.
    Conflict,
    /// The cluster's copy differs from the desired spec.
    Drift,
    /// A draft is pending (not yet written to Git).
    Pending,
    /// Desired and cluster agree.
    InSync,
    /// Never read from a cluster, not in the cluster, or no object defines it.
    Unknown,
}

impl State {
    /// The state of one resource row.
    fn of(row: &Row) -> State {
        let invalid = match &row.admission_errors {
            None | Some(Value::Null) => false,
            Some(Value::Array(errors)) => !errors.is_empty(),
            Some(_) => true,
        };
        if invalid {
            State::AdmissionError
        } else if matches!(
            row.conflict_status,
            ConflictStatus::Detected | ConflictStatus::Resolving
        ) {
            State::Conflict
        } else if row.drift_status == DriftStatus::SpecDrift {
            State::Drift
        } else if row.draft_operation.is_some() {
            State::Pending
        } else if row.drift_status == DriftStatus::InSync {
            State::InSync
        } else {
            State::Unknown
        }
    }

    /// The snake_case name (`admission_error`).
    pub fn as_str(self) -> &'static str {
        match self {
            State::AdmissionError => "admission_error",
            State::Conflict => "conflict",
            State::Drift => "drift",
            State::Pending => "pending",
            State::InSync => "in_sync",
            State::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopologyNode {
    /// `<kind>/<name>` (`switch/leaf-01`).
    pub id: String,
    pub kind: NodeKind,
    pub name: String,
    /// A switch's role (`spine`, `server-leaf`, …).
    pub role: Option<String>,
    pub groups: Vec<String>,
    pub redundancy_group: Option<Redundancy>,
    /// The object defining the node; none for a device only links name.
    pub resource: Option<ResourceRef>,
    /// The id of that object's resource row.
    pub resource_id: Option<i32>,
    pub state: State,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopologyLink {
    /// `<connection>/<index>`.
    pub id: String,
    pub from: String,
    pub to: String,
    pub from_port: String,
    pub to_port: Option<String>,
    /// The Connection's name.
    pub connection: String,
    /// The connection type (`unbundled`, `fabric`, `mclagDomain`, …).
    pub kind: String,
    /// The id of the Connection's resource row.
    pub resource_id: Option<i32>,
    pub state: State,
}

/// Devices and links of a fabric (or of one VPC's reach). Serializes as `{nodes, links}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Topology {
    /// Sorted by id.
    pub nodes: Vec<TopologyNode>,
    /// In the order of the Connections, then of their links.
    pub links: Vec<TopologyLink>,
}

/// A switch port (`leaf-01`, `E1/9`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct Port {
    pub switch: String,
    pub port: String,
}

/// What a change set touches, by name: the shape the API layers show
/// (`{switches, ports: [{switch, port}], servers, vpcs, externals, …}`), sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ImpactSummary {
    pub switches: Vec<String>,
    pub ports: Vec<Port>,
    pub servers: Vec<String>,
    pub vpcs: Vec<String>,
    pub externals: Vec<String>,
    pub gateways: Vec<String>,
    pub connections: Vec<String>,
}

impl From<&Impact> for ImpactSummary {
    fn from(i: &Impact) -> Self {
        let list = |set: &BTreeSet<String>| set.iter().cloned().collect();
        Self {
            switches: list(&i.switches),
            ports: i
                .ports
                .iter()
                .map(|(switch, port)| Port {
                    switch: switch.clone(),
                    port: port.clone(),
                })
                .collect(),
            servers: list(&i.servers),
            vpcs: list(&i.vpcs),
            externals: list(&i.externals),
            gateways: list(&i.gateways),
            connections: list(&i.connections),
        }
    }
}

impl ImpactSummary {
    pub fn is_empty(&self) -> bool {
        self.switches.is_empty()
            && self.ports.is_empty()
            && self.servers.is_empty()
            && self.vpcs.is_empty()
            && self.externals.is_empty()
            && self.gateways.is_empty()
            && self.connections.is_empty()
    }
}

/// One pending draft: what it does, its diff and its admission problems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingResource {
    pub resource_id: i32,
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub operation: DraftOperation,
    /// Unified diff of the desired object's YAML to the draft's (`kind/namespace/name` as the
    /// file name; an empty side for a create or delete).
    pub diff: String,
    /// Hedgehog admission errors of the draft against the fabric with every draft applied.
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PendingChanges {
    /// Ordered by kind, namespace, name.
    pub resources: Vec<PendingResource>,
    pub impact: ImpactSummary,
}

/// A resource row with what topology and pending changes need.
#[derive(Debug, Clone, FromQueryResult)]
struct Row {
    id: i32,
    kind: String,
    api_version: String,
    namespace: String,
    name: String,
    desired_spec: Option<Value>,
    draft_spec: Option<Value>,
    draft_operation: Option<DraftOperation>,
    annotations: Option<Value>,
    admission_errors: Option<Value>,
    conflict_status: ConflictStatus,
    drift_status: DriftStatus,
}

impl Row {
    fn fabric_row(&self) -> FabricRow {
        FabricRow {
            kind: self.kind.clone(),
            api_version: self.api_version.clone(),
            namespace: self.namespace.clone(),
            name: self.name.clone(),
            desired_spec: None,
            draft_spec: None,
            draft_operation: None,
            annotations: self.annotations.clone(),
            admission_errors: None,
        }
    }

    /// The spec once the pending draft is written (none for a delete, or without desired
    /// state nor draft).
    fn pending_spec(&self) -> Option<Value> {
        match self.draft_operation {
            Some(DraftOperation::Delete) => None,
            Some(_) => Some(self.draft_spec.clone().unwrap_or_else(|| json!({}))),
            None => self.desired_spec.clone(),
        }
    }

    fn object(&self, spec: Value) -> Object {
        self.fabric_row().object(spec)
    }

    fn key(&self) -> ResourceKey {
        ResourceKey {
            kind: self.kind.clone(),
            namespace: self.namespace.clone(),
            name: self.name.clone(),
        }
    }
}

/// The rows of the kinds the graph reads (and, with `drafted`, every drafted row).
async fn rows(db: &impl ConnectionTrait, fabric_id: i32, drafted: bool) -> Result<Vec<Row>> {
    use resource::Column as C;
    let mut kinds = Condition::any().add(C::Kind.is_in(admission::CONTEXT_KINDS));
    if drafted {
        kinds = kinds.add(C::DraftOperation.is_not_null());
    }
    Ok(resource::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::Kind,
            C::ApiVersion,
            C::Namespace,
            C::Name,
            C::DesiredSpec,
            C::DraftSpec,
            C::DraftOperation,
            C::Annotations,
            C::AdmissionErrors,
            C::ConflictStatus,
            C::DriftStatus,
        ])
        .filter(C::FabricId.eq(fabric_id))
        .filter(kinds)
        .into_model::<Row>()
        .all(db)
        .await?)
}

/// The topology of the fabric as it will be, of the whole fabric or (with `vpc`) of the
/// switches, servers and links the VPC is configured on (NOT_FOUND when the VPC is not in it).
pub async fn topology(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    vpc: Option<&str>,
) -> Result<Topology> {
    let rows = rows(db, fabric_id, false).await?;
    topology_of(&rows, vpc)
}

fn topology_of(rows: &[Row], vpc: Option<&str>) -> Result<Topology> {
    let after: Vec<Object> = rows
        .iter()
        .filter_map(|r| r.pending_spec().map(|s| r.object(s)))
        .collect();
    let graph = graph::build(&after);
    let states: HashMap<(&str, &str, &str), (i32, State)> = rows
        .iter()
        .map(|r| {
            let key = (r.kind.as_str(), r.namespace.as_str(), r.name.as_str());
            (key, (r.id, State::of(r)))
        })
        .collect();
    let of = |r: &ResourceRef| {
        states
            .get(&(r.kind.as_str(), r.namespace.as_str(), r.name.as_str()))
            .copied()
    };
    let reach = match vpc {
        Some(name) => {
            if graph.vpc(name).is_none() {
                return Err(Error::not_found(format!("VPC {name:?} in this fabric")));
            }
            Some(graph.vpc_reach(name))
        }
        None => None,
    };
    let links: Vec<TopologyLink> = graph
        .links
        .iter()
        .filter(|l| reach.as_ref().is_none_or(|r| r.links.contains(&l.id)))
        .map(|l| {
            let found = connection_ref(&graph, &l.connection).and_then(|r| of(&r));
            TopologyLink {
                id: l.id.clone(),
                from: l.from.clone(),
                to: l.to.clone(),
                from_port: l.from_port.clone(),
                to_port: l.to_port.clone(),
                connection: l.connection.clone(),
                kind: l.kind.clone(),
                resource_id: found.map(|(id, _)| id),
                state: found.map_or(State::Unknown, |(_, s)| s),
            }
        })
        .collect();
    let ends: HashSet<&str> = links
        .iter()
        .flat_map(|l| [l.from.as_str(), l.to.as_str()])
        .collect();
    let nodes = graph
        .nodes
        .iter()
        .filter(|n| reach.is_none() || ends.contains(n.id.as_str()))
        .map(|n| {
            let found = n.resource.as_ref().and_then(&of);
            TopologyNode {
                id: n.id.clone(),
                kind: n.kind,
                name: n.name.clone(),
                role: n.role.clone(),
                groups: n.groups.clone(),
                redundancy_group: n.redundancy_group.clone(),
                resource: n.resource.clone(),
                resource_id: found.map(|(id, _)| id),
                state: found.map_or(State::Unknown, |(_, s)| s),
            }
        })
        .collect();
    Ok(Topology { nodes, links })
}

/// The Connection object of the graph named `name` (its namespace as the graph saw it).
fn connection_ref(graph: &Graph, name: &str) -> Option<ResourceRef> {
    // An external peer node is defined by its Connection: it carries the namespace.
    if let Some(node) = graph.node(&NodeKind::ExternalPeer.id(name))
        && let Some(r) = &node.resource
    {
        return Some(r.clone());
    }
    Some(ResourceRef {
        kind: "Connection".into(),
        namespace: "default".into(),
        name: name.to_owned(),
    })
}

/// Every pending draft of the fabric with its diff and problems, and what they touch
/// together (the impact between desired state and desired state with the drafts applied).
pub async fn pending_changes(db: &impl ConnectionTrait, fabric_id: i32) -> Result<PendingChanges> {
    let rows = rows(db, fabric_id, true).await?;
    Ok(pending_of(&rows, true).0)
}

/// Timings of [`pending_changes`]' steps (ms).
struct Laps {
    graphs_ms: f64,
    impact_ms: f64,
}

fn pending_of(rows: &[Row], problems: bool) -> (PendingChanges, Laps) {
    let context = |r: &&Row| admission::CONTEXT_KINDS.contains(&r.kind.as_str());
    let before: Vec<Object> = rows
        .iter()
        .filter(context)
        .filter_map(|r| r.desired_spec.clone().map(|s| r.object(s)))
        .collect();
    let mut after: Vec<Object> = Vec::with_capacity(before.len());
    let mut drafted_at: HashMap<usize, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if !context(&row) {
            continue;
        }
        if let Some(spec) = row.pending_spec() {
            if row.draft_operation.is_some() {
                drafted_at.insert(i, after.len());
            }
            after.push(row.object(spec));
        }
    }
    let mut drafted: Vec<&Row> = rows
        .iter()
        .filter(|r| r.draft_operation.is_some())
        .collect();
    drafted.sort_by(|a, b| (&a.kind, &a.namespace, &a.name).cmp(&(&b.kind, &b.namespace, &b.name)));
    let keys: Vec<ResourceKey> = drafted.iter().map(|r| r.key()).collect();

    let start = Instant::now();
    let (g_before, g_after) = (graph::build(&before), graph::build(&after));
    let graphs_ms = start.elapsed().as_secs_f64() * 1000.0;
    let start = Instant::now();
    let impact = graph::impact_between(&g_before, &g_after, &keys);
    let impact_ms = start.elapsed().as_secs_f64() * 1000.0;

    // Admission over the fabric as it will be: schema rules on the drafted objects only.
    let checked = if problems && !drafted_at.is_empty() {
        let selected: HashSet<usize> = drafted_at.values().copied().collect();
        admission::check_selected(&after, &admission::Options::known_fabric(true), &|i| {
            selected.contains(&i)
        })
    } else {
        Vec::new()
    };
    let index_of: HashMap<i32, usize> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let resources = drafted
        .iter()
        .map(|row| {
            let problems = index_of
                .get(&row.id)
                .and_then(|i| drafted_at.get(i))
                .and_then(|&at| checked.get(at))
                .map(|p| admission::field_errors(p))
                .unwrap_or_default();
            PendingResource {
                resource_id: row.id,
                kind: row.kind.clone(),
                namespace: row.namespace.clone(),
                name: row.name.clone(),
                operation: row.draft_operation.unwrap_or(DraftOperation::Update),
                diff: diff(row),
                problems,
            }
        })
        .collect();
    (
        PendingChanges {
            resources,
            impact: ImpactSummary::from(&impact),
        },
        Laps {
            graphs_ms,
            impact_ms,
        },
    )
}

/// The unified diff of the desired object's canonical YAML to the draft's.
fn diff(row: &Row) -> String {
    let text = |spec: Option<&Value>| {
        spec.map(|spec| {
            crate::yaml::canonicalize(&json!({
                "apiVersion": row.api_version,
                "kind": row.kind,
                "metadata": {"name": row.name, "namespace": row.namespace},
                "spec": spec,
            }))
        })
        .unwrap_or_default()
    };
    let old = text(row.desired_spec.as_ref());
    let new = match row.draft_operation {
        Some(DraftOperation::Delete) => String::new(),
        _ => text(Some(row.draft_spec.as_ref().unwrap_or(&json!({})))),
    };
    let path = format!("{}/{}/{}", row.kind, row.namespace, row.name);
    crate::sync::writeback::unified_diff(&path, &old, &new)
}

/// Measurements of [`topology`] and [`pending_changes`] on one fabric (`hnp bench graph`).
#[derive(Debug, Clone, Serialize)]
pub struct GraphTimings {
    /// Rows read (graph kinds and drafted rows).
    pub resources: usize,
    pub drafts: usize,
    pub nodes: usize,
    pub links: usize,
    /// Reading the rows (one statement).
    pub load_ms: f64,
    /// The topology from the rows: graph of the fabric as it will be, states.
    pub topology_ms: f64,
    /// Building the graphs before and after the drafts.
    pub graphs_ms: f64,
    /// The impact of the drafts over those graphs.
    pub impact_ms: f64,
    /// Pending changes from the rows without admission problems: graphs, impact, diffs.
    pub pending_ms: f64,
    /// Pending changes with the drafts' admission problems (a whole-fabric check).
    pub pending_with_problems_ms: f64,
    /// `topology()` and `pending_changes()` end to end, as the API runs them.
    pub topology_total_ms: f64,
    pub pending_total_ms: f64,
    pub impact: ImpactSummary,
}

/// Times topology and pending changes (with impact) of a fabric, best of `runs`.
pub async fn measure(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    runs: usize,
) -> Result<GraphTimings> {
    let ms = |start: Instant| start.elapsed().as_secs_f64() * 1000.0;
    let best = |a: f64, b: f64| if a == 0.0 { b } else { a.min(b) };
    let mut t = GraphTimings {
        resources: 0,
        drafts: 0,
        nodes: 0,
        links: 0,
        load_ms: 0.0,
        topology_ms: 0.0,
        graphs_ms: 0.0,
        impact_ms: 0.0,
        pending_ms: 0.0,
        pending_with_problems_ms: 0.0,
        topology_total_ms: 0.0,
        pending_total_ms: 0.0,
        impact: ImpactSummary::default(),
    };
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let rows = rows(db, fabric_id, true).await?;
        t.load_ms = best(t.load_ms, ms(start));
        let start = Instant::now();
        let drawn = topology_of(&rows, None)?;
        t.topology_ms = best(t.topology_ms, ms(start));
        let start = Instant::now();
        let (pending, laps) = pending_of(&rows, false);
        t.pending_ms = best(t.pending_ms, ms(start));
        t.graphs_ms = best(t.graphs_ms, laps.graphs_ms);
        t.impact_ms = best(t.impact_ms, laps.impact_ms);
        let start = Instant::now();
        pending_of(&rows, true);
        t.pending_with_problems_ms = best(t.pending_with_problems_ms, ms(start));
        let start = Instant::now();
        topology(db, fabric_id, None).await?;
        t.topology_total_ms = best(t.topology_total_ms, ms(start));
        let start = Instant::now();
        pending_changes(db, fabric_id).await?;
        t.pending_total_ms = best(t.pending_total_ms, ms(start));
        t.resources = rows.len();
        t.drafts = pending.resources.len();
        t.nodes = drawn.nodes.len();
        t.links = drawn.links.len();
        t.impact = pending.impact;
    }
    Ok(t)
}
