//! Topology states, the VPC filter, pending changes and the renderings, over rows built here
//! (the real-database paths are in `tests/e2e/topology.rs`).

use serde_json::{Value, json};

use super::*;

fn row(id: i32, kind: &str, name: &str, spec: Value) -> Row {
    let api_version = match kind {
        "VPC" | "VPCAttachment" | "VPCPeering" | "IPv4Namespace" | "External"
        | "ExternalAttachment" | "ExternalPeering" => "vpc.githedgehog.com/v1beta1",
        _ => "wiring.githedgehog.com/v1beta1",
    };
    Row {
        id,
        kind: kind.into(),
        api_version: api_version.into(),
        namespace: "default".into(),
        name: name.into(),
        desired_spec: Some(spec),
        draft_spec: None,
        draft_operation: None,
        annotations: None,
        admission_errors: None,
        conflict_status: ConflictStatus::None,
        drift_status: DriftStatus::InSync,
    }
}

fn unbundled(server: &str, switch_port: &str) -> Value {
    json!({"unbundled": {"link": {
        "server": {"port": format!("{server}/enp2s1")},
        "switch": {"port": switch_port},
    }}})
}

/// leaf-1 and leaf-2 under spine-1; server-1 on leaf-1 E1/1, server-2 on leaf-2 E1/1.
fn fabric() -> Vec<Row> {
    vec![
        row(1, "Switch", "spine-1", json!({"role": "spine"})),
        row(2, "Switch", "leaf-1", json!({"role": "server-leaf"})),
        row(3, "Switch", "leaf-2", json!({"role": "server-leaf"})),
        row(4, "Server", "server-1", json!({})),
        row(5, "Server", "server-2", json!({})),
        row(
            6,
            "Connection",
            "spine-1--fabric--leaf-1",
            json!({"fabric": {"links": [
                {"spine": {"port": "spine-1/E1/1"}, "leaf": {"port": "leaf-1/E1/49"}},
            ]}}),
        ),
        row(
            7,
            "Connection",
            "spine-1--fabric--leaf-2",
            json!({"fabric": {"links": [
                {"spine": {"port": "spine-1/E1/2"}, "leaf": {"port": "leaf-2/E1/49"}},
            ]}}),
        ),
        row(
            8,
            "Connection",
            "server-1--leaf-1",
            unbundled("server-1", "leaf-1/E1/1"),
        ),
        row(
            9,
            "Connection",
            "server-2--leaf-2",
            unbundled("server-2", "leaf-2/E1/1"),
        ),
        row(
            10,
            "VPC",
            "vpc-1",
            json!({"subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1001}}}),
        ),
        row(
            11,
            "VPCAttachment",
            "vpc-1--server-1",
            json!({"connection": "server-1--leaf-1", "subnet": "vpc-1/default"}),
        ),
    ]
}

fn node<'t>(t: &'t Topology, id: &str) -> &'t TopologyNode {
    t.nodes
        .iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("no node {id}: {t:?}"))
}

fn link<'t>(t: &'t Topology, connection: &str) -> &'t TopologyLink {
    t.links
        .iter()
        .find(|l| l.connection == connection)
        .unwrap_or_else(|| panic!("no link of {connection}: {t:?}"))
}

#[test]
fn states_follow_the_severity_order() {
    let mut rows = fabric();
    // spine-1: every condition at once; the admission error wins.
    rows[0].admission_errors = Some(json!([{"path": "spec.asn", "message": "ASN is required"}]));
    rows[0].conflict_status = ConflictStatus::Detected;
    rows[0].drift_status = DriftStatus::SpecDrift;
    // leaf-1: a conflict being resolved and drift: conflict.
    rows[1].conflict_status = ConflictStatus::Resolving;
    rows[1].drift_status = DriftStatus::SpecDrift;
    // leaf-2: drift and a draft: drift.
    rows[2].drift_status = DriftStatus::SpecDrift;
    rows[2].draft_operation = Some(DraftOperation::Update);
    rows[2].draft_spec = Some(json!({"role": "server-leaf"}));
    // server-1: never read from a cluster, with a draft: pending.
    rows[3].drift_status = DriftStatus::Unknown;
    rows[3].draft_operation = Some(DraftOperation::Update);
    rows[3].draft_spec = Some(json!({"description": "new"}));
    // server-2: not in the cluster: unknown; an empty error list is no error.
    rows[4].drift_status = DriftStatus::DesiredOnly;
    rows[4].admission_errors = Some(json!([]));
    // A resolved conflict is no conflict.
    rows[6].conflict_status = ConflictStatus::Resolved;
    rows[7].conflict_status = ConflictStatus::Detected;

    let t = topology_of(&rows, None).unwrap();
    assert_eq!(node(&t, "switch/spine-1").state, State::AdmissionError);
    assert_eq!(node(&t, "switch/leaf-1").state, State::Conflict);
    assert_eq!(node(&t, "switch/leaf-2").state, State::Drift);
    assert_eq!(node(&t, "server/server-1").state, State::Pending);
    assert_eq!(node(&t, "server/server-2").state, State::Unknown);
    assert_eq!(node(&t, "switch/spine-1").resource_id, Some(1));
    assert_eq!(
        node(&t, "switch/leaf-1").role.as_deref(),
        Some("server-leaf")
    );
    // A link's state is its Connection's.
    assert_eq!(link(&t, "spine-1--fabric--leaf-1").state, State::InSync);
    assert_eq!(link(&t, "spine-1--fabric--leaf-2").state, State::InSync);
    assert_eq!(link(&t, "server-1--leaf-1").state, State::Conflict);
    assert_eq!(link(&t, "server-1--leaf-1").resource_id, Some(8));
    let l = link(&t, "spine-1--fabric--leaf-1");
    assert_eq!(
        (l.from.as_str(), l.from_port.as_str(), l.to.as_str()),
        ("switch/spine-1", "E1/1", "switch/leaf-1")
    );
    assert_eq!(l.to_port.as_deref(), Some("E1/49"));
    assert_eq!(l.kind, "fabric");
    assert!(State::AdmissionError < State::Conflict && State::InSync < State::Unknown);
}

#[test]
fn the_topology_is_what_will_be_and_filters_by_vpc() {
    let mut rows = fabric();
    // A drafted new server and connection appear; a deleted connection's link is gone.
    let mut server = row(12, "Server", "server-3", json!({}));
    server.desired_spec = None;
    server.draft_operation = Some(DraftOperation::Create);
    server.draft_spec = Some(json!({}));
    server.drift_status = DriftStatus::Unknown;
    let mut connection = row(13, "Connection", "server-3--leaf-2", json!(null));
    connection.desired_spec = None;
    connection.draft_operation = Some(DraftOperation::Create);
    connection.draft_spec = Some(unbundled("server-3", "leaf-2/E1/2"));
    rows.push(server);
    rows.push(connection);
    rows[8].draft_operation = Some(DraftOperation::Delete);

    let t = topology_of(&rows, None).unwrap();
    assert_eq!(node(&t, "server/server-3").state, State::Pending);
    assert_eq!(link(&t, "server-3--leaf-2").state, State::Pending);
    assert!(
        t.links.iter().all(|l| l.connection != "server-2--leaf-2"),
        "{t:?}"
    );
    assert_eq!(t.nodes.len(), 6);

    let t = topology_of(&rows, Some("vpc-1")).unwrap();
    let ids: Vec<&str> = t.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["server/server-1", "switch/leaf-1"]);
    let links: Vec<&str> = t.links.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(links, ["server-1--leaf-1/0"]);
    let missing = topology_of(&rows, Some("vpc-9")).unwrap_err();
    assert_eq!(missing.code(), "NOT_FOUND", "{missing}");
}

#[test]
fn pending_changes_have_diffs_problems_and_impact() {
    let mut rows = fabric();
    // Attach vpc-1 to server-2 (a create), change vpc-1's VLAN (an update).
    let mut attachment = row(12, "VPCAttachment", "vpc-1--server-2", json!(null));
    attachment.desired_spec = None;
    attachment.draft_operation = Some(DraftOperation::Create);
    attachment.draft_spec =
        Some(json!({"connection": "server-2--leaf-2", "subnet": "vpc-1/default"}));
    rows.push(attachment);
    rows[9].draft_operation = Some(DraftOperation::Update);
    rows[9].draft_spec =
        Some(json!({"subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1002}}}));
    // A drafted attachment to a subnet vpc-1 does not have: an admission error.
    let mut broken = row(13, "VPCAttachment", "vpc-1--broken", json!(null));
    broken.desired_spec = None;
    broken.draft_operation = Some(DraftOperation::Create);
    broken.draft_spec = Some(json!({"connection": "server-1--leaf-1", "subnet": "vpc-1/nope"}));
    rows.push(broken);

    let (changes, _) = pending_of(&rows, true);
    let names: Vec<(&str, &str, DraftOperation)> = changes
        .resources
        .iter()
        .map(|r| (r.kind.as_str(), r.name.as_str(), r.operation))
        .collect();
    assert_eq!(
        names,
        [
            ("VPC", "vpc-1", DraftOperation::Update),
            ("VPCAttachment", "vpc-1--broken", DraftOperation::Create),
            ("VPCAttachment", "vpc-1--server-2", DraftOperation::Create),
        ]
    );
    let vpc = &changes.resources[0];
    assert!(vpc.diff.contains("--- a/VPC/default/vpc-1"), "{}", vpc.diff);
    assert!(
        vpc.diff.contains("-      vlan: 1001\n+      vlan: 1002\n"),
        "{}",
        vpc.diff
    );
    assert!(vpc.problems.is_empty(), "{:?}", vpc.problems);
    let created = &changes.resources[2];
    assert!(
        created.diff.contains("+  connection: server-2--leaf-2\n"),
        "{}",
        created.diff
    );
    assert!(created.problems.is_empty(), "{:?}", created.problems);
    let broken = &changes.resources[1];
    assert!(
        broken.problems.iter().any(|p| p.path == "spec.subnet"),
        "{:?}",
        broken.problems
    );

    let impact = &changes.impact;
    assert_eq!(impact.vpcs, ["vpc-1"]);
    assert_eq!(impact.servers, ["server-1", "server-2"]);
    assert_eq!(impact.switches, ["leaf-1", "leaf-2"]);
    let ports: Vec<(&str, &str)> = impact
        .ports
        .iter()
        .map(|p| (p.switch.as_str(), p.port.as_str()))
        .collect();
    assert_eq!(ports, [("leaf-1", "E1/1"), ("leaf-2", "E1/1")]);
    assert!(!impact.switches.contains(&"spine-1".to_owned()));

    // Without drafts: nothing.
    let (none, _) = pending_of(&fabric(), true);
    assert!(none.resources.is_empty() && none.impact.is_empty());
}

#[test]
fn renderings_escape_hostile_names() {
    let mut rows = fabric();
    let hostile = "x\"];\n}\ngraph evil { a -- b [label=\"%%\\";
    rows[1].name = hostile.into();
    // Rename the references too, so that the hostile switch has links.
    rows[5].desired_spec = Some(json!({"fabric": {"links": [
        {"spine": {"port": "spine-1/E1/1"}, "leaf": {"port": format!("{hostile}/E1/49")}},
    ]}}));
    rows[7].drift_status = DriftStatus::SpecDrift;
    let t = topology_of(&rows, None).unwrap();
    assert!(t.nodes.iter().any(|n| n.name == hostile));

    let dot = render::dot(&t);
    assert!(dot.starts_with("graph fabric {\n"), "{dot}");
    assert!(dot.ends_with("}\n"), "{dot}");
    // The name stays inside its quoted strings: every line has balanced unescaped quotes.
    for line in dot.lines() {
        let quotes = line
            .replace("\\\\", "")
            .replace("\\\"", "")
            .matches('"')
            .count();
        assert_eq!(quotes % 2, 0, "{line}");
    }
    assert_eq!(
        dot.matches('{').count() - dot.matches("evil {").count(),
        1 + 4
    );
    assert!(
        dot.contains(r#"x\"]; } graph evil { a -- b [label=\"%%\\"#),
        "{dot}"
    );
    assert!(dot.contains("label=\"switches: spine\""), "{dot}");
    assert!(dot.contains("label=\"switches: server-leaf\""), "{dot}");
    assert!(dot.contains("[label=\"E1/1 – E1/49\""), "{dot}");
    assert!(dot.contains(render::colour(State::Drift)), "{dot}");
    // Every statement is on its own line: the name added none.
    assert_eq!(
        dot.lines().filter(|l| l.contains(" -- n")).count(),
        t.links.len()
    );

    let mermaid = render::mermaid(&t);
    assert!(mermaid.starts_with("flowchart TB\n"), "{mermaid}");
    assert!(!mermaid.contains("evil {"), "{mermaid}");
    assert!(!mermaid.contains("%%"), "{mermaid}");
    assert!(
        mermaid
            .contains("x#34;#93;#59; #125; graph evil #123; a -- b #91;label#61;#34;#37;#37;#92;"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("subgraph g1[\"switches: server-leaf\"]"),
        "{mermaid}"
    );
    assert!(mermaid.contains(":::in_sync"), "{mermaid}");
    assert!(
        mermaid.contains(&format!("stroke:{}", render::colour(State::Drift))),
        "{mermaid}"
    );
    // Node lines: one per node; link lines: one per link.
    assert_eq!(
        mermaid.lines().filter(|l| l.contains("---|")).count(),
        t.links.len()
    );
    assert_eq!(
        mermaid
            .lines()
            .filter(|l| l.trim_start().starts_with('n') && l.contains("[\""))
            .count(),
        t.nodes.len()
    );
}
