//! A write-back's convergence (`cluster::convergence`) over the demo topology against the
//! Kubernetes test API server: committed → (cluster still old) → in the cluster → the affected
//! switches' Agents apply it (pending → applied), a stale heartbeat keeping a switch pending;
//! the commit → applied seconds reach the metrics snapshot. SQLite and PostgreSQL.

use hnp_core::audit::Actor;
use hnp_core::cluster::convergence;
use hnp_core::operations::Requester;
use hnp_core::progress::NoProgress;
use hnp_core::sync::drafts;
use hnp_core::sync::ingest::parse::ResourceKey;
use hnp_core::sync::writeback::{self, Direction, Options};
use hnp_entity::enums::OperationStatus;
use hnp_entity::fabric;
use hnp_tests::Backend;
use hnp_tests::kube_server::{
    KubeApiServer, TEST_TOKEN, agent_kind, hedgehog_cluster_copy, hedgehog_kinds,
};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::cluster::{connect, read};
use crate::ingest::{Env, create_fabric, env, sync};

const DIR: &str = "fabrics/demo-topology";
const WIRING: &str = include_str!("../../fixtures/demo-topology/wiring.yaml");
const VPCS: &str = include_str!("../../fixtures/demo-topology/vpcs.yaml");

fn documents() -> Vec<Value> {
    [WIRING, VPCS]
        .iter()
        .flat_map(|text| {
            hnp_core::yaml::parse_documents(text.as_bytes(), &Default::default())
                .unwrap()
                .into_iter()
                .map(|d| d.value)
        })
        .filter(|v| v["kind"].is_string())
        .collect()
}

fn vpc_key(name: &str) -> ResourceKey {
    ResourceKey {
        kind: "VPC".into(),
        namespace: "default".into(),
        name: name.into(),
    }
}

/// Reports the Agent of `switch` alive with `generation - behind` applied at `applied_at`.
fn agent_reports(server: &KubeApiServer, switch: &str, behind: i64, applied_at: &str, beat: &str) {
    let generation = server.get("agents", "default", switch).unwrap()["metadata"]["generation"]
        .as_i64()
        .unwrap();
    server.put_status(
        "agents",
        "default",
        switch,
        json!({"lastAppliedGen": generation - behind, "lastAppliedTime": applied_at,
               "lastHeartbeat": beat}),
    );
}

/// What the fabric controller does after a commit: the cluster copy of the VPC follows Git,
/// and the Agents of `switches` get a new generation (their configuration changed).
fn apply_commit(server: &KubeApiServer, vpc: &Value, switches: &[String]) {
    server.put(hedgehog_cluster_copy(vpc));
    for switch in switches {
        let mut agent = server.get("agents", "default", switch).unwrap();
        agent["spec"]["config"] = json!(vpc["spec"]);
        agent.as_object_mut().unwrap().remove("status");
        server.put(agent);
    }
}

async fn write_back(env: &Env, fabric_id: i32) -> writeback::SyncReport {
    let fabric = fabric::Entity::find_by_id(fabric_id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
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
    assert!(report.pushed, "{report:?}");
    report
}

/// Drafts vpc-ops with `vlan` on its first subnet; returns the document as Git will hold it.
async fn draft_vlan(env: &Env, fabric: &fabric::Model, docs: &[Value], vlan: u32) -> Value {
    let mut doc = docs
        .iter()
        .find(|d| d["kind"] == "VPC" && d["metadata"]["name"] == "vpc-ops")
        .unwrap()
        .clone();
    let subnets = doc["spec"]["subnets"].as_object_mut().unwrap();
    let first = subnets.keys().next().unwrap().clone();
    subnets[&first]["vlan"] = json!(vlan);
    drafts::set(
        &env.core,
        fabric,
        &vpc_key("vpc-ops"),
        doc["spec"].clone(),
        &Actor::system("alice"),
    )
    .await
    .unwrap();
    doc
}

async fn write_back_converges(backend: Backend) {
    let env = env(backend, false).await;
    env.git
        .write(&format!("{DIR}/wiring.yaml"), WIRING)
        .unwrap();
    env.git.write(&format!("{DIR}/vpcs.yaml"), VPCS).unwrap();
    env.git.commit("demo topology").unwrap();
    let fabric = create_fabric(&env, "topo", DIR).await;
    sync(&env, fabric.id).await;

    let docs = documents();
    let mut kinds = hedgehog_kinds();
    kinds.push(agent_kind());
    let server = KubeApiServer::start(kinds).unwrap();
    let long_ago = (chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc3339();
    let now = hnp_tests::kube_server::now;
    for doc in &docs {
        server.put(hedgehog_cluster_copy(doc));
        if doc["kind"] == "Switch" {
            let name = doc["metadata"]["name"].as_str().unwrap();
            server.put(json!({
                "apiVersion": "agent.githedgehog.com/v1beta1",
                "kind": "Agent",
                "metadata": {"name": name, "namespace": "default"},
                "spec": {"switch": doc["spec"]},
            }));
            agent_reports(&server, name, 0, &long_ago, &now());
        }
    }
    let fabric = connect(&env, fabric.id, &server, TEST_TOKEN).await;
    read(&env, fabric.id, 500).await;

    // A write-back: committed; the impact names the switches it affects.
    let written = draft_vlan(&env, &fabric, &docs, 1777).await;
    let report = write_back(&env, fabric.id).await;
    let switches = report.impact.as_ref().expect("impact").switches.clone();
    assert!(!switches.is_empty(), "{report:?}");
    assert!(
        convergence::of_operation(&env.core.db, &report.operation_id)
            .await
            .unwrap()
            .is_none(),
        "not followed before a cluster read"
    );

    // The cluster still holds the old VPC: committed, not in the cluster.
    read(&env, fabric.id, 500).await;
    let c = convergence::of_operation(&env.core.db, &report.operation_id)
        .await
        .unwrap()
        .expect("followed after a read");
    assert_eq!(c.switches, switches);
    assert_eq!(c.pending_switches, switches);
    assert!(c.in_cluster_at.is_none() && c.applied_at.is_none(), "{c:?}");

    // The controller applied the commit to the cluster; the Agents have a new generation that
    // the switches have not applied yet.
    apply_commit(&server, &written, &switches);
    for switch in &switches {
        agent_reports(&server, switch, 1, &long_ago, &now());
    }
    read(&env, fabric.id, 500).await;
    let c = convergence::of_operation(&env.core.db, &report.operation_id)
        .await
        .unwrap()
        .unwrap();
    assert!(c.in_cluster_at.is_some(), "{c:?}");
    assert_eq!(c.pending_switches, switches, "{c:?}");
    assert!(c.applied_at.is_none());

    // One switch applies: the others are still pending.
    let applied_at = now();
    agent_reports(&server, &switches[0], 0, &applied_at, &now());
    read(&env, fabric.id, 500).await;
    let c = convergence::of_operation(&env.core.db, &report.operation_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.pending_switches, switches[1..].to_vec(), "{c:?}");
    assert_eq!(c.applied_at.is_some(), switches.len() == 1, "{c:?}");

    // Every switch applied: converged at the last lastAppliedTime.
    for switch in &switches[1..] {
        agent_reports(&server, switch, 0, &applied_at, &now());
    }
    read(&env, fabric.id, 500).await;
    let c = convergence::of_operation(&env.core.db, &report.operation_id)
        .await
        .unwrap()
        .unwrap();
    assert!(c.pending_switches.is_empty(), "{c:?}");
    let applied = c.applied_at.expect("applied");
    // The Agents' lastAppliedTime (whole seconds), never before the commit.
    let stamp = chrono::DateTime::parse_from_rfc3339(&applied_at)
        .unwrap()
        .with_timezone(&chrono::Utc);
    assert!(
        applied >= stamp && applied - stamp < chrono::Duration::seconds(1),
        "{applied} vs {stamp}"
    );
    assert!(applied >= c.committed_at);
    let snapshot = hnp_core::queries::metrics::snapshot(&env.core.db)
        .await
        .unwrap();
    assert_eq!(snapshot.convergence.len(), 1, "{:?}", snapshot.convergence);
    assert!(snapshot.convergence[0] >= 0.0);

    // A second write-back, applied by switches that then stop reporting: a stale heartbeat
    // keeps them pending although the generation matches.
    let written = draft_vlan(&env, &fabric, &docs, 1778).await;
    let second = write_back(&env, fabric.id).await;
    apply_commit(&server, &written, &switches);
    for switch in &switches {
        agent_reports(&server, switch, 0, &now(), &long_ago);
    }
    read(&env, fabric.id, 500).await;
    let c = convergence::of_operation(&env.core.db, &second.operation_id)
        .await
        .unwrap()
        .unwrap();
    assert!(c.in_cluster_at.is_some(), "{c:?}");
    assert_eq!(
        c.pending_switches, switches,
        "stale Agents are not converged: {c:?}"
    );
    assert!(c.applied_at.is_none());
    // The first write-back keeps what it reached.
    let first = convergence::of_operation(&env.core.db, &report.operation_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.applied_at, Some(applied));
}

#[tokio::test]
async fn write_back_converges_sqlite() {
    write_back_converges(Backend::Sqlite).await;
}

#[tokio::test]
async fn write_back_converges_postgres() {
    write_back_converges(Backend::Postgres).await;
}
