//! Topology and pending changes (issue 18) on real databases, over the `hnp demo` topology
//! fabric (`fixtures/demo-topology`) ingested from a real git repository: node and link states
//! from the stored columns, drafts applied, the VPC filter, per-resource diffs and problems,
//! the impact of the drafts, the dry-run impact of write-back and the impact section of a
//! pull request opened against the GitHub test server.

use hnp_core::audit::Actor;
use hnp_core::operations::Requester;
use hnp_core::progress::NoProgress;
use hnp_core::queries::topology::{self, ImpactSummary, State, Topology};
use hnp_core::sync::drafts;
use hnp_core::sync::ingest::parse::ResourceKey;
use hnp_core::sync::writeback::{self, Direction, Options};
use hnp_entity::enums::{ConflictStatus, DraftOperation, DriftStatus, OperationStatus, WriteMode};
use hnp_entity::{fabric, resource};
use hnp_tests::Backend;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::json;

use crate::ingest::{Env, create_fabric, env, resources, sync};

const DIR: &str = "fabrics/demo-topology";
const WIRING: &str = include_str!("../../fixtures/demo-topology/wiring.yaml");
const VPCS: &str = include_str!("../../fixtures/demo-topology/vpcs.yaml");

fn key(kind: &str, name: &str) -> ResourceKey {
    ResourceKey {
        kind: kind.into(),
        namespace: "default".into(),
        name: name.into(),
    }
}

fn commit_fixture(env: &Env) {
    env.git
        .write(&format!("{DIR}/wiring.yaml"), WIRING)
        .unwrap();
    env.git.write(&format!("{DIR}/vpcs.yaml"), VPCS).unwrap();
    env.git.commit("demo topology").unwrap();
}

async fn demo(backend: Backend) -> (Env, fabric::Model) {
    let env = env(backend, false).await;
    commit_fixture(&env);
    let fabric = create_fabric(&env, "topo", DIR).await;
    let report = sync(&env, fabric.id).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:?}");
    (env, fabric)
}

/// Sets columns of the resource `kind/name` with `edit`.
async fn edit_row(
    env: &Env,
    fabric_id: i32,
    kind: &str,
    name: &str,
    edit: impl FnOnce(&mut resource::ActiveModel),
) {
    let row = resources(env, fabric_id)
        .await
        .remove(&format!("{kind}/default/{name}"))
        .unwrap_or_else(|| panic!("no {kind} {name}"));
    let mut active = row.into_active_model();
    edit(&mut active);
    active.update(&env.core.db).await.unwrap();
}

async fn draft(env: &Env, fabric: &fabric::Model, kind: &str, name: &str, spec: serde_json::Value) {
    drafts::set(
        &env.core,
        fabric,
        &key(kind, name),
        spec,
        &Actor::system("alice"),
    )
    .await
    .unwrap();
}

fn state(t: &Topology, id: &str) -> State {
    t.nodes
        .iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("no node {id}"))
        .state
}

fn link_state(t: &Topology, connection: &str) -> Vec<State> {
    t.links
        .iter()
        .filter(|l| l.connection == connection)
        .map(|l| l.state)
        .collect()
}

fn ports(impact: &ImpactSummary) -> Vec<(&str, &str)> {
    impact
        .ports
        .iter()
        .map(|p| (p.switch.as_str(), p.port.as_str()))
        .collect()
}

/// The drafts of the pending-changes cases: vpc-ops attached to server-01 (ESLAG on leaf-01
/// and leaf-02), server-03 described anew.
async fn two_drafts(env: &Env, fabric: &fabric::Model) {
    draft(
        env,
        fabric,
        "VPCAttachment",
        "vpc-ops--server-01",
        json!({"connection": "server-01--eslag--leaf-01--leaf-02", "subnet": "vpc-ops/default"}),
    )
    .await;
    draft(
        env,
        fabric,
        "Server",
        "server-03",
        json!({"description": "rack 7"}),
    )
    .await;
}

fn assert_two_drafts_impact(impact: &ImpactSummary) {
    assert_eq!(impact.vpcs, ["vpc-ops"], "{impact:?}");
    assert_eq!(impact.servers, ["server-01", "server-03"], "{impact:?}");
    assert_eq!(impact.switches, ["leaf-01", "leaf-02"], "{impact:?}");
    assert_eq!(
        ports(impact),
        [
            ("leaf-01", "E1/1"),
            ("leaf-01", "E1/3"),
            ("leaf-02", "E1/1")
        ],
        "{impact:?}"
    );
    assert!(impact.externals.is_empty(), "{impact:?}");
}

async fn topology_states_and_drafts(backend: Backend) {
    let (env, fabric) = demo(backend).await;
    let db = &env.core.db;

    // Fresh from Git, never read from a cluster: every device and link is unknown.
    let t = topology::topology(db, fabric.id, None).await.unwrap();
    let count = |kind: &str| t.nodes.iter().filter(|n| n.id.starts_with(kind)).count();
    assert_eq!(count("switch/"), 6);
    assert_eq!(count("server/"), 8);
    assert_eq!(count("external/"), 1);
    assert_eq!(count("external-peer/"), 1);
    assert_eq!(t.links.len(), 16 + 8 + 4 + 2 + 1);
    assert!(
        t.nodes
            .iter()
            .all(|n| n.state == State::Unknown && n.resource_id.is_some()
                || n.id.starts_with("external-peer/"))
    );
    assert!(
        t.links
            .iter()
            .all(|l| l.state == State::Unknown && l.resource_id.is_some())
    );
    let spine = t.nodes.iter().find(|n| n.id == "switch/spine-01").unwrap();
    assert_eq!(spine.role.as_deref(), Some("spine"));
    let leaf = t.nodes.iter().find(|n| n.id == "switch/leaf-03").unwrap();
    assert_eq!(
        leaf.redundancy_group.as_ref().map(|r| r.group.as_str()),
        Some("eslag-2")
    );

    // Stored states: in sync, drift, conflict, admission errors (worst wins), a draft.
    for name in ["leaf-01", "leaf-02", "leaf-03", "leaf-04"] {
        edit_row(&env, fabric.id, "Switch", name, |r| {
            r.drift_status = Set(DriftStatus::InSync)
        })
        .await;
    }
    edit_row(&env, fabric.id, "Switch", "leaf-02", |r| {
        r.drift_status = Set(DriftStatus::SpecDrift)
    })
    .await;
    edit_row(&env, fabric.id, "Switch", "leaf-03", |r| {
        r.conflict_status = Set(ConflictStatus::Detected);
        r.drift_status = Set(DriftStatus::SpecDrift);
    })
    .await;
    edit_row(&env, fabric.id, "Switch", "leaf-04", |r| {
        r.admission_errors = Set(Some(
            json!([{"path": "spec.asn", "message": "ASN is required"}]),
        ));
        r.conflict_status = Set(ConflictStatus::Resolving);
    })
    .await;
    edit_row(
        &env,
        fabric.id,
        "Connection",
        "spine-01--fabric--leaf-01",
        |r| r.drift_status = Set(DriftStatus::InSync),
    )
    .await;
    edit_row(
        &env,
        fabric.id,
        "Connection",
        "server-07--unbundled--leaf-03",
        |r| r.conflict_status = Set(ConflictStatus::Resolving),
    )
    .await;
    let fabric = fabric::Entity::find_by_id(fabric.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    two_drafts(&env, &fabric).await;
    // A new server on a new connection: in the topology as pending (what will be).
    draft(
        &env,
        &fabric,
        "Server",
        "server-09",
        json!({"description": "new"}),
    )
    .await;
    draft(
        &env,
        &fabric,
        "Connection",
        "server-09--unbundled--leaf-02",
        json!({"unbundled": {"link": {"server": {"port": "server-09/enp2s1"}, "switch": {"port": "leaf-02/E1/9"}}}}),
    )
    .await;

    let t = topology::topology(db, fabric.id, None).await.unwrap();
    assert_eq!(state(&t, "switch/leaf-01"), State::InSync);
    assert_eq!(state(&t, "switch/leaf-02"), State::Drift);
    assert_eq!(state(&t, "switch/leaf-03"), State::Conflict);
    assert_eq!(state(&t, "switch/leaf-04"), State::AdmissionError);
    assert_eq!(state(&t, "server/server-03"), State::Pending);
    assert_eq!(state(&t, "server/server-09"), State::Pending);
    assert_eq!(state(&t, "server/server-01"), State::Unknown);
    assert_eq!(
        link_state(&t, "spine-01--fabric--leaf-01"),
        [State::InSync, State::InSync]
    );
    assert_eq!(
        link_state(&t, "server-07--unbundled--leaf-03"),
        [State::Conflict]
    );
    assert_eq!(
        link_state(&t, "server-09--unbundled--leaf-02"),
        [State::Pending]
    );
    let new = t
        .links
        .iter()
        .find(|l| l.connection == "server-09--unbundled--leaf-02")
        .unwrap();
    assert_eq!(
        (new.from.as_str(), new.from_port.as_str()),
        ("switch/leaf-02", "E1/9")
    );

    // One VPC: the switches, servers and links it is configured on (with the drafted
    // attachment of vpc-ops to server-01).
    let t = topology::topology(db, fabric.id, Some("vpc-ops"))
        .await
        .unwrap();
    let ids: Vec<&str> = t.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "server/server-01",
            "server/server-07",
            "server/server-08",
            "switch/leaf-01",
            "switch/leaf-02",
            "switch/leaf-03",
            "switch/leaf-04",
        ]
    );
    assert_eq!(t.links.len(), 2 + 1 + 2);
    let missing = topology::topology(db, fabric.id, Some("vpc-none"))
        .await
        .unwrap_err();
    assert_eq!(missing.code(), "NOT_FOUND");

    // Pending changes: every draft with its diff, and their impact together.
    let changes = topology::pending_changes(db, fabric.id).await.unwrap();
    let names: Vec<(&str, &str, DraftOperation)> = changes
        .resources
        .iter()
        .map(|r| (r.kind.as_str(), r.name.as_str(), r.operation))
        .collect();
    assert_eq!(
        names,
        [
            (
                "Connection",
                "server-09--unbundled--leaf-02",
                DraftOperation::Create
            ),
            ("Server", "server-03", DraftOperation::Update),
            ("Server", "server-09", DraftOperation::Create),
            (
                "VPCAttachment",
                "vpc-ops--server-01",
                DraftOperation::Create
            ),
        ]
    );
    let server = &changes.resources[1];
    assert!(
        server
            .diff
            .contains("-  description: server-03\n+  description: rack 7\n"),
        "{}",
        server.diff
    );
    assert!(
        changes.resources.iter().all(|r| r.problems.is_empty()),
        "{changes:?}"
    );
    let impact = &changes.impact;
    assert_eq!(impact.vpcs, ["vpc-ops"]);
    assert_eq!(impact.servers, ["server-01", "server-03", "server-09"]);
    assert!(ports(impact).contains(&("leaf-02", "E1/9")), "{impact:?}");
}

#[tokio::test]
async fn topology_states_and_drafts_sqlite() {
    topology_states_and_drafts(Backend::Sqlite).await;
}

#[tokio::test]
async fn topology_states_and_drafts_postgres() {
    topology_states_and_drafts(Backend::Postgres).await;
}

async fn pending_changes_and_dry_run_impact(backend: Backend) {
    let (env, fabric) = demo(backend).await;
    let db = &env.core.db;
    let none = topology::pending_changes(db, fabric.id).await.unwrap();
    assert!(
        none.resources.is_empty() && none.impact.is_empty(),
        "{none:?}"
    );

    two_drafts(&env, &fabric).await;
    // A draft deleting the external attachment: the external, its switch port, the VPC
    // peered with it.
    drafts::delete(
        &env.core,
        &fabric,
        &key("ExternalAttachment", "leaf-04--internet"),
        &Actor::system("alice"),
    )
    .await
    .unwrap();
    let changes = topology::pending_changes(db, fabric.id).await.unwrap();
    assert_eq!(changes.resources.len(), 3);
    let deleted = changes
        .resources
        .iter()
        .find(|r| r.kind == "ExternalAttachment")
        .unwrap();
    assert_eq!(deleted.operation, DraftOperation::Delete);
    assert!(
        deleted.diff.contains("-  external: internet\n"),
        "{}",
        deleted.diff
    );
    assert!(!deleted.diff.contains("\n+ "), "{}", deleted.diff);
    let impact = &changes.impact;
    assert_eq!(impact.externals, ["internet"]);
    assert_eq!(impact.vpcs, ["vpc-ops", "vpc-web"]);
    assert!(ports(impact).contains(&("leaf-04", "E1/48")), "{impact:?}");

    // A dry-run write-back reports the impact of exactly what it would write.
    drafts::discard(
        &env.core,
        &fabric,
        &key("ExternalAttachment", "leaf-04--internet"),
        &Actor::system("alice"),
    )
    .await
    .unwrap();
    let report = writeback::run(
        &env.core,
        &fabric,
        Direction::GuiToGit,
        Options {
            dry_run: true,
            ..Options::default()
        },
        &Requester::cli(),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:?}");
    assert!(report.dry_run && !report.pushed);
    assert_two_drafts_impact(
        report
            .impact
            .as_ref()
            .expect("a dry run reports its impact"),
    );
}

#[tokio::test]
async fn pending_changes_and_dry_run_impact_sqlite() {
    pending_changes_and_dry_run_impact(Backend::Sqlite).await;
}

#[tokio::test]
async fn pending_changes_and_dry_run_impact_postgres() {
    pending_changes_and_dry_run_impact(Backend::Postgres).await;
}

/// Pull-request mode against the GitHub test server: the body has an impact section naming
/// the switches, ports, servers and VPCs the drafts touch.
#[tokio::test]
async fn pull_request_body_has_the_impact() {
    let env = env(Backend::Sqlite, false).await;
    commit_fixture(&env);
    let (fabric, _, gh) =
        crate::github::github_fabric(&env, "topo", DIR, WriteMode::PullRequest).await;
    sync(&env, fabric.id).await;
    two_drafts(&env, &fabric).await;
    let report = writeback::run(
        &env.core,
        &fabric,
        Direction::GuiToGit,
        Options::default(),
        &Requester::cli(),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:?}");
    assert_two_drafts_impact(report.impact.as_ref().unwrap());
    let pulls = gh.pulls();
    assert_eq!(pulls.len(), 1);
    let body = &pulls[0].body;
    assert!(body.contains("\n### Impact\n\n"), "{body}");
    assert!(
        body.contains("- **Switches** (2): `leaf-01`, `leaf-02`\n"),
        "{body}"
    );
    assert!(
        body.contains("- **Ports** (3): `leaf-01 E1/1`, `leaf-01 E1/3`, `leaf-02 E1/1`\n"),
        "{body}"
    );
    assert!(
        body.contains("- **Servers** (2): `server-01`, `server-03`\n"),
        "{body}"
    );
    assert!(body.contains("- **VPCs** (1): `vpc-ops`\n"), "{body}");
    assert!(!body.contains("**Externals**"), "{body}");
}
