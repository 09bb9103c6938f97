//! `hnp demo`'s seed and its simulated cluster (issue 19): the demo fabric connected to a
//! simulator that holds its Git objects as a cluster would, and whose first read finds exactly
//! one drifted resource (a field edited by `kubectl-edit`) and one orphan; the topology fabric's
//! cluster is in sync with an Agent per switch; a second start reconnects to the new simulator;
//! a fabric connected to another cluster keeps its connection.

use hnp_core::audit::Actor;
use hnp_core::cluster::{self, ClusterInput, KindName};
use hnp_core::demo::{self, cluster as sim};
use hnp_core::operations::Requester;
use hnp_core::progress::NoProgress;
use hnp_core::repositories;
use hnp_entity::enums::{DriftStatus, OperationStatus};
use hnp_tests::Backend;
use hnp_tests::kube_server::{KubeApiServer, TEST_TOKEN, hedgehog_kinds};
use serde_json::json;

use crate::ingest::{env, resources};

async fn read(env: &crate::ingest::Env, name: &str) -> cluster::ClusterReadReport {
    let fabric = repositories::find_fabric(&env.core, name).await.unwrap();
    cluster::read(&env.core, &fabric, &Requester::cli(), &NoProgress, None)
        .await
        .unwrap()
}

async fn demo_has_a_simulated_cluster(backend: Backend) {
    let env = env(backend, true).await;
    demo::seed(&env.core).await.unwrap();
    let sims = sim::start(&env.core).await.unwrap();
    let names: Vec<&str> = sims.iter().map(|s| s.fabric.as_str()).collect();
    assert_eq!(names, [demo::FABRIC, demo::TOPOLOGY_FABRIC]);
    let (demo_sim, topology_sim) = (&sims[0], &sims[1]);

    // Connected (URL and CA of this start), labelled simulated by the process, never read.
    let fabric = repositories::find_fabric(&env.core, demo::FABRIC)
        .await
        .unwrap();
    assert_eq!(fabric.kubernetes_server.as_deref(), Some(demo_sim.url()));
    assert_eq!(
        fabric.kubernetes_ca_cert.as_deref(),
        Some(demo_sim.server.ca_pem().trim())
    );
    assert!(fabric.encrypted_kubernetes_token.is_some());
    assert!(sim::is_simulated(demo_sim.url()));
    assert!(!sim::is_simulated("https://127.0.0.1:6443"));
    assert!(
        !cluster::has_been_read(&env.core.db, fabric.id)
            .await
            .unwrap()
    );
    assert!(
        resources(&env, fabric.id)
            .await
            .values()
            .all(|r| r.drift_status == DriftStatus::Unknown)
    );

    // The drifted field is the simulator's record of a `kubectl edit`.
    let (drifted, path) = demo_sim.drifted.clone().expect("a drifted field");
    let object = demo_sim
        .server
        .get("vpcs", "default", &drifted.name)
        .unwrap();
    let managed = object["metadata"]["managedFields"].as_array().unwrap();
    let edit = managed.last().unwrap();
    assert_eq!(edit["manager"], sim::EDIT_MANAGER);
    assert_eq!(edit["operation"], "Update");
    assert_eq!(
        edit["fieldsV1"],
        json!({"f:spec": {"f:subnets": {"f:default": {"f:vlan": {}}}}})
    );
    assert_eq!(object["metadata"]["generation"], 2, "a spec edit: {object}");

    let report = read(&env, demo::FABRIC).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:?}");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.drifted.len(), 1, "{:?}", report.drifted);
    assert_eq!(report.drifted[0].kind, drifted.kind);
    assert_eq!(report.drifted[0].name, drifted.name);
    assert_eq!(report.drifted[0].paths, vec![path.clone()]);
    assert_eq!(
        report.actual_only,
        vec![KindName {
            kind: "VPC".into(),
            name: sim::ORPHAN.into()
        }]
    );
    assert_eq!(demo_sim.orphan.as_ref(), report.actual_only.first());
    assert!(report.desired_only.is_empty(), "{:?}", report.desired_only);
    let rows = resources(&env, fabric.id).await;
    let by_status = |status| rows.values().filter(|r| r.drift_status == status).count();
    assert_eq!(by_status(DriftStatus::SpecDrift), 1);
    assert_eq!(by_status(DriftStatus::ActualOnly), 1);
    assert_eq!(by_status(DriftStatus::InSync), rows.len() - 2, "{rows:#?}");
    // The fabric's counters tell the orphan apart (the Cluster indicator's "1 drifted · 1 only
    // in cluster").
    let counters = hnp_core::queries::fabrics::counters(&env.core.db, &[fabric.id])
        .await
        .unwrap()[&fabric.id]
        .clone();
    assert_eq!((counters.drifted, counters.actual_only), (2, 1));

    // The topology fabric: in sync, an Agent per switch that applied its generation.
    assert_eq!(topology_sim.agents, 6);
    assert!(topology_sim.drifted.is_none() && topology_sim.orphan.is_none());
    let report = read(&env, demo::TOPOLOGY_FABRIC).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:?}");
    assert!(report.drifted.is_empty(), "{:?}", report.drifted);
    assert!(report.actual_only.is_empty() && report.desired_only.is_empty());
    assert!(report.in_sync > 20, "{report:?}");
    let switches: Vec<_> = resources(
        &env,
        repositories::find_fabric(&env.core, demo::TOPOLOGY_FABRIC)
            .await
            .unwrap()
            .id,
    )
    .await
    .into_values()
    .filter(|r| r.kind == "Switch")
    .collect();
    assert_eq!(switches.len(), 6);
    for switch in &switches {
        let agent = topology_sim
            .server
            .get("agents", &switch.namespace, &switch.name)
            .unwrap_or_else(|| panic!("no Agent {}", switch.name));
        assert_eq!(agent["kind"], "Agent");
        assert_eq!(agent["apiVersion"], "agent.githedgehog.com/v1beta1");
        assert_eq!(
            agent["status"]["lastAppliedGen"],
            agent["metadata"]["generation"]
        );
        assert!(agent["status"]["lastHeartbeat"].is_string());
    }
    // Read with the cluster: every switch APPLIED.
    let topology_id = repositories::find_fabric(&env.core, demo::TOPOLOGY_FABRIC)
        .await
        .unwrap()
        .id;
    let converged = cluster::agents::switches(&env.core.db, topology_id)
        .await
        .unwrap();
    assert_eq!(converged.len(), 6);
    assert!(
        converged
            .iter()
            .all(|s| s.agent.state == cluster::agents::AgentState::Applied),
        "{converged:?}"
    );
    // A switch that went quiet is brought back by the simulator's heartbeat.
    let first = &switches[0];
    topology_sim.server.put_status(
        "agents",
        &first.namespace,
        &first.name,
        serde_json::json!({"lastAppliedGen": 0, "lastHeartbeat": "2020-01-01T00:00:00Z"}),
    );
    topology_sim.heartbeat();
    let agent = topology_sim
        .server
        .get("agents", &first.namespace, &first.name)
        .unwrap();
    assert_eq!(
        agent["status"]["lastAppliedGen"],
        agent["metadata"]["generation"]
    );
    assert_ne!(agent["status"]["lastHeartbeat"], "2020-01-01T00:00:00Z");

    // The simulated fabric follows Git: the first step takes note of Git's state; a write-back
    // is applied to the cluster by the next step and rolled out to the Agents, which apply it at
    // the step after — and the write-back's convergence follows all of it.
    assert_eq!(topology_sim.tick(&env.core).await.unwrap(), 0);
    let topology = repositories::find_fabric(&env.core, demo::TOPOLOGY_FABRIC)
        .await
        .unwrap();
    let server_key = hnp_core::sync::ingest::parse::ResourceKey {
        kind: "Server".into(),
        namespace: "default".into(),
        name: "server-01".into(),
    };
    hnp_core::sync::drafts::set(
        &env.core,
        &topology,
        &server_key,
        json!({"description": "moved to rack 9"}),
        &Actor::system("alice"),
    )
    .await
    .unwrap();
    let written = hnp_core::sync::writeback::run(
        &env.core,
        &topology,
        hnp_core::sync::writeback::Direction::GuiToGit,
        Default::default(),
        &Requester::cli(),
        &NoProgress,
    )
    .await
    .unwrap();
    assert!(written.pushed, "{written:?}");
    let convergence = || async {
        cluster::convergence::of_operation(&env.core.db, &written.operation_id)
            .await
            .unwrap()
            .expect("followed")
    };
    read(&env, demo::TOPOLOGY_FABRIC).await;
    let c = convergence().await;
    assert!(c.in_cluster_at.is_none() && !c.switches.is_empty(), "{c:?}");
    assert_eq!(topology_sim.tick(&env.core).await.unwrap(), 1);
    assert_eq!(
        topology_sim
            .server
            .get("servers", "default", "server-01")
            .unwrap()["spec"]["description"],
        "moved to rack 9"
    );
    read(&env, demo::TOPOLOGY_FABRIC).await;
    let c = convergence().await;
    assert!(c.in_cluster_at.is_some(), "{c:?}");
    assert_eq!(
        c.pending_switches, c.switches,
        "rolled out, not applied yet"
    );
    assert_eq!(topology_sim.tick(&env.core).await.unwrap(), 0);
    read(&env, demo::TOPOLOGY_FABRIC).await;
    let c = convergence().await;
    assert!(
        c.pending_switches.is_empty() && c.applied_at.is_some(),
        "{c:?}"
    );

    // A second start: new simulators, the fabric reconnected to its new one.
    let old = demo_sim.url().to_owned();
    drop(sims);
    assert!(!sim::is_simulated(&old));
    let again = sim::start(&env.core).await.unwrap();
    assert_eq!(again.len(), 2);
    assert_ne!(again[0].url(), old);
    let report = read(&env, demo::FABRIC).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:?}");
    assert_eq!(report.drifted.len(), 1);
    assert_eq!(report.actual_only.len(), 1);

    // Connected by the user to another cluster: the next start leaves it alone.
    let other = KubeApiServer::start(hedgehog_kinds()).unwrap();
    assert!(
        !sim::is_simulated(other.url()),
        "only the demo's simulators are"
    );
    let fabric = repositories::find_fabric(&env.core, demo::FABRIC)
        .await
        .unwrap();
    cluster::set_cluster(
        &env.core,
        &fabric,
        ClusterInput::Server {
            api_server: other.url().to_owned(),
            ca_cert: Some(other.ca_pem().to_owned()),
            token: Some(TEST_TOKEN.to_owned()),
            namespace: None,
            insecure_skip_tls_verify: false,
        },
        &Actor::system("test"),
    )
    .await
    .unwrap();
    drop(again);
    let third = sim::start(&env.core).await.unwrap();
    let names: Vec<&str> = third.iter().map(|s| s.fabric.as_str()).collect();
    assert_eq!(names, [demo::TOPOLOGY_FABRIC]);
    let fabric = repositories::find_fabric(&env.core, demo::FABRIC)
        .await
        .unwrap();
    assert_eq!(fabric.kubernetes_server.as_deref(), Some(other.url()));
}

#[tokio::test]
async fn demo_has_a_simulated_cluster_sqlite() {
    demo_has_a_simulated_cluster(Backend::Sqlite).await;
}

#[tokio::test]
async fn demo_has_a_simulated_cluster_postgres() {
    demo_has_a_simulated_cluster(Backend::Postgres).await;
}
