//! Adopting the cluster's state into drafts (`sync::adopt`), against the Kubernetes test API
//! server, then written to Git by the usual write-back: one path, every path, an orphan; on
//! SQLite and PostgreSQL.

use hnp_core::Error;
use hnp_core::audit::Actor;
use hnp_core::operations::Requester;
use hnp_core::progress::NoProgress;
use hnp_core::sync::ingest::parse::ResourceKey;
use hnp_core::sync::writeback::{self, Direction, Options};
use hnp_core::sync::{adopt, directories, drafts};
use hnp_entity::enums::{DraftOperation, DriftStatus, OperationStatus};
use hnp_entity::{fabric, resource};
use hnp_tests::Backend;
use hnp_tests::kube_server::{KubeApiServer, TEST_TOKEN, hedgehog_cluster_copy, hedgehog_kinds};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::cluster::{connect, read};
use crate::ingest::{Env, create_fabric, env, sync};

const DIR: &str = "fabrics/dc1";

fn vpc(name: &str, subnet: &str, vlan: u32) -> Value {
    json!({
        "apiVersion": "vpc.githedgehog.com/v1beta1",
        "kind": "VPC",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"subnets": {"default": {"subnet": subnet, "vlan": vlan}}},
    })
}

fn vpc_yaml(name: &str, subnet: &str, vlan: u32) -> String {
    format!(
        "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: {name}\nspec:\n  subnets:\n    default:\n      subnet: {subnet}\n      vlan: {vlan}\n"
    )
}

async fn row(env: &Env, fabric_id: i32, name: &str) -> resource::Model {
    drafts::find(
        &env.core.db,
        fabric_id,
        &ResourceKey {
            kind: "VPC".into(),
            namespace: "default".into(),
            name: name.into(),
        },
    )
    .await
    .unwrap()
    .unwrap_or_else(|| panic!("VPC {name}"))
}

/// A fabric on `dc1` holding `yaml` in one file, created and synced.
async fn synced_fabric(env: &Env, yaml: String) -> fabric::Model {
    env.git.write(&format!("{DIR}/objects.yaml"), yaml).unwrap();
    env.git.commit("objects").unwrap();
    let fabric = create_fabric(env, "dc1", DIR).await;
    sync(env, fabric.id).await;
    fabric
}

async fn write_back(env: &Env, fabric_id: i32) -> writeback::SyncReport {
    let fabric = fabric::Entity::find_by_id(fabric_id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    writeback::run(
        &env.core,
        &fabric,
        Direction::GuiToGit,
        Options::default(),
        &Requester::cli(),
        &NoProgress,
    )
    .await
    .unwrap()
}

/// The changed lines (`+`/`-`, headers left out) of the remote's last commit.
fn last_commit_changes(env: &Env) -> Vec<String> {
    let diff = hnp_tests::git(
        &env.git.remote_path(),
        &["show", "--format=", "--unified=0", "HEAD"],
    )
    .unwrap();
    diff.lines()
        .filter(|l| {
            (l.starts_with('+') && !l.starts_with("+++"))
                || (l.starts_with('-') && !l.starts_with("---"))
        })
        .map(str::to_owned)
        .collect()
}

async fn adopt_then_write_back(backend: Backend) {
    let env = env(backend, true).await;
    env.git.write("README.md", "fabric repo\n").unwrap();
    env.git.commit("initial").unwrap();
    let fabric = create_fabric(&env, "dc1", DIR).await;
    directories::initialize(&env.core, &fabric, &Requester::cli(), &NoProgress)
        .await
        .unwrap();
    sync(&env, fabric.id).await;
    env.git.pull().unwrap();
    env.git
        .write(
            &format!("{DIR}/managed/vpcs/vpc-1.yaml"),
            vpc_yaml("vpc-1", "10.0.1.0/24", 1001),
        )
        .unwrap();
    env.git.commit("vpc-1").unwrap();
    sync(&env, fabric.id).await;

    // The cluster: vpc-1 edited by hand at two fields, and an orphan nobody put in Git.
    let server = KubeApiServer::start(hedgehog_kinds()).unwrap();
    server.put(hedgehog_cluster_copy(&vpc("vpc-1", "10.0.9.0/24", 1999)));
    server.put(hedgehog_cluster_copy(&vpc("orphan-1", "10.0.7.0/24", 1077)));
    connect(&env, fabric.id, &server, TEST_TOKEN).await;
    read(&env, fabric.id, 500).await;
    let drifted = row(&env, fabric.id, "vpc-1").await;
    assert_eq!(drifted.drift_status, DriftStatus::SpecDrift);
    let actor = Actor::system("alice");

    // A path that does not differ is refused, naming it; nothing is saved.
    let err = adopt::adopt(
        &env.core,
        drifted.id,
        &["spec.subnets.default.dhcp".to_owned()],
        &actor,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, .. } if field == "paths[0]"),
        "{err:?}"
    );
    assert!(
        row(&env, fabric.id, "vpc-1")
            .await
            .draft_operation
            .is_none()
    );

    // One path: only the VLAN is taken from the cluster.
    let adopted = adopt::adopt(
        &env.core,
        drifted.id,
        &["spec.subnets.default.vlan".to_owned()],
        &actor,
    )
    .await
    .unwrap();
    assert_eq!(adopted.paths, vec!["spec.subnets.default.vlan"]);
    let draft = row(&env, fabric.id, "vpc-1").await;
    assert_eq!(draft.draft_operation, Some(DraftOperation::Update));
    assert_eq!(
        draft.draft_spec.clone().unwrap(),
        json!({"subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1999}}})
    );
    let report = write_back(&env, fabric.id).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:#?}");
    assert_eq!(
        last_commit_changes(&env),
        vec!["-      vlan: 1001", "+      vlan: 1999"],
        "the commit changes exactly the adopted line"
    );

    // Every path (only the subnet differs now).
    read(&env, fabric.id, 500).await;
    let drifted = row(&env, fabric.id, "vpc-1").await;
    let adopted = adopt::adopt(&env.core, drifted.id, &[], &actor)
        .await
        .unwrap();
    assert_eq!(adopted.paths, vec!["spec.subnets.default.subnet"]);
    assert_eq!(
        row(&env, fabric.id, "vpc-1").await.draft_spec.unwrap(),
        json!({"subnets": {"default": {"subnet": "10.0.9.0/24", "vlan": 1999}}})
    );
    write_back(&env, fabric.id).await;
    read(&env, fabric.id, 500).await;
    let in_sync = row(&env, fabric.id, "vpc-1").await;
    assert_eq!(in_sync.drift_status, DriftStatus::InSync);
    let err = adopt::adopt(&env.core, in_sync.id, &[], &actor)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no spec drift"), "{err}");

    // The orphan becomes a new managed file, without the webhook's defaults.
    let orphan = row(&env, fabric.id, "orphan-1").await;
    assert_eq!(orphan.drift_status, DriftStatus::ActualOnly);
    let err = adopt::adopt(&env.core, orphan.id, &["spec.subnets".to_owned()], &actor)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, .. } if field == "paths"),
        "{err:?}"
    );
    let adopted = adopt::adopt(&env.core, orphan.id, &[], &actor)
        .await
        .unwrap();
    assert!(adopted.orphan);
    assert_eq!(adopted.saved.operation, "create");
    let report = write_back(&env, fabric.id).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:#?}");
    let file = env
        .git
        .remote_file(&format!("{DIR}/managed/vpcs/orphan-1.yaml"))
        .unwrap()
        .expect("the orphan's managed file");
    assert!(
        file.contains("vlan: 1077") && file.contains("10.0.7.0/24"),
        "{file}"
    );
    let stored = hedgehog_cluster_copy(&vpc("orphan-1", "10.0.7.0/24", 1077));
    for (key, _) in stored["spec"].as_object().unwrap() {
        if key != "subnets" {
            assert!(!file.contains(key.as_str()), "default {key} copied: {file}");
        }
    }
    assert!(
        !file.contains("gateway"),
        "the defaulted gateway copied: {file}"
    );
    assert!(
        !file.contains("status") && !file.contains("labels"),
        "{file}"
    );
    read(&env, fabric.id, 500).await;
    assert_eq!(
        row(&env, fabric.id, "orphan-1").await.drift_status,
        DriftStatus::InSync
    );
}

#[tokio::test]
async fn adopt_one_path_every_path_and_an_orphan_sqlite() {
    adopt_then_write_back(Backend::Sqlite).await;
}

#[tokio::test]
async fn adopt_one_path_every_path_and_an_orphan_postgres() {
    adopt_then_write_back(Backend::Postgres).await;
}

/// Ignore rules: an ignored path is not drift (status, adopt-all), is listed with its count,
/// is kept in the details as ignored, and adding/removing a rule is audited.
async fn ignore_rules(backend: Backend) {
    use hnp_core::sync::drift_ignore;
    use hnp_entity::audit_event;
    use sea_orm::{ColumnTrait, QueryFilter};

    let env = env(backend, false).await;
    let fabric = synced_fabric(
        &env,
        format!(
            "{}---\n{}",
            vpc_yaml("vpc-1", "10.0.1.0/24", 1001),
            vpc_yaml("vpc-2", "10.0.2.0/24", 1002)
        ),
    )
    .await;
    let server = KubeApiServer::start(hedgehog_kinds()).unwrap();
    server.put(hedgehog_cluster_copy(&vpc("vpc-1", "10.0.1.0/24", 1991)));
    server.put(hedgehog_cluster_copy(&vpc("vpc-2", "10.0.9.0/24", 1992)));
    connect(&env, fabric.id, &server, TEST_TOKEN).await;
    read(&env, fabric.id, 500).await;
    assert_eq!(
        row(&env, fabric.id, "vpc-1").await.drift_status,
        DriftStatus::SpecDrift
    );
    let actor = Actor::system("alice");

    // Bad rules name their field; nothing is stored.
    for (kind, path, reason, field) in [
        ("Vpc", "spec.subnets.*.vlan", "r", "kind"),
        ("VPC", "status.ready", "r", "path"),
        ("VPC", "spec..vlan", "r", "path"),
        ("VPC", "spec.subnets.*.vlan", " ", "reason"),
    ] {
        let err = drift_ignore::add(&env.core, &fabric, kind, path, reason, &actor)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Validation { field: f, .. } if f == field),
            "{kind} {path}: {err:?}"
        );
    }
    assert!(
        drift_ignore::list(&env.core, &fabric)
            .await
            .unwrap()
            .is_empty()
    );

    let rule = drift_ignore::add(
        &env.core,
        &fabric,
        "VPC",
        "spec.subnets.*.vlan",
        "VLANs are renumbered by the NOC",
        &actor,
    )
    .await
    .unwrap();
    assert_eq!(rule.ignored_paths, 2, "{rule:?}");
    let dup = drift_ignore::add(
        &env.core,
        &fabric,
        "VPC",
        "spec.subnets.*.vlan",
        "again",
        &actor,
    )
    .await
    .unwrap_err();
    assert!(matches!(dup, Error::AlreadyExists(_)), "{dup:?}");

    // vpc-1 differed only at the VLAN: in sync now, the difference kept as ignored.
    let one = row(&env, fabric.id, "vpc-1").await;
    assert_eq!(one.drift_status, DriftStatus::InSync);
    let details = one.drift_details.clone().unwrap();
    assert_eq!(details["differences"], json!([]));
    assert_eq!(details["ignored"][0]["path"], "spec.subnets.default.vlan");
    let err = adopt::adopt(&env.core, one.id, &[], &actor)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no spec drift"), "{err}");
    // vpc-2 still drifts at its subnet; adopting everything leaves the ignored VLAN alone.
    let two = row(&env, fabric.id, "vpc-2").await;
    assert_eq!(two.drift_status, DriftStatus::SpecDrift);
    let adopted = adopt::adopt(&env.core, two.id, &[], &actor).await.unwrap();
    assert_eq!(adopted.paths, vec!["spec.subnets.default.subnet"]);
    assert_eq!(
        row(&env, fabric.id, "vpc-2").await.draft_spec.unwrap()["subnets"]["default"]["vlan"],
        1002
    );

    let listed = drift_ignore::list(&env.core, &fabric).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (
            listed[0].kind.as_str(),
            listed[0].path.as_str(),
            listed[0].ignored_paths
        ),
        ("VPC", "spec.subnets.*.vlan", 2)
    );
    assert_eq!(listed[0].created_by.as_deref(), Some("alice"));

    drift_ignore::remove(&env.core, &fabric, "VPC", "spec.subnets.*.vlan", &actor)
        .await
        .unwrap();
    assert_eq!(
        row(&env, fabric.id, "vpc-1").await.drift_status,
        DriftStatus::SpecDrift
    );
    let err = drift_ignore::remove(&env.core, &fabric, "VPC", "spec.subnets.*.vlan", &actor)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");

    let audited: Vec<String> = audit_event::Entity::find()
        .filter(audit_event::Column::Action.starts_with("drift.ignore."))
        .all(&env.core.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(audited, vec!["drift.ignore.add", "drift.ignore.remove"]);
}

#[tokio::test]
async fn ignore_rules_sqlite() {
    ignore_rules(Backend::Sqlite).await;
}

#[tokio::test]
async fn ignore_rules_postgres() {
    ignore_rules(Backend::Postgres).await;
}

/// Drift explained by the cluster's field managers: two managers edit two fields; each drifted
/// path names its own manager and operation, and `since` stays when the drift is seen again.
async fn drift_explained_by_field_managers(backend: Backend) {
    use hnp_core::sync::resource_drift::explained_differences;

    let env = env(backend, false).await;
    let fabric = synced_fabric(&env, vpc_yaml("vpc-1", "10.0.1.0/24", 1001)).await;
    let server = KubeApiServer::start(hedgehog_kinds()).unwrap();
    server.put(hedgehog_cluster_copy(&vpc("vpc-1", "10.0.1.0/24", 1001)));
    server
        .edit(
            "vpcs",
            "default",
            "vpc-1",
            "kubectl-edit",
            json!({"f:spec": {"f:subnets": {"f:default": {"f:vlan": {}}}}}),
            |o| o["spec"]["subnets"]["default"]["vlan"] = json!(1999),
        )
        .unwrap();
    server
        .edit(
            "vpcs",
            "default",
            "vpc-1",
            "noc-script",
            json!({"f:spec": {"f:subnets": {"f:default": {"f:subnet": {}}}}}),
            |o| o["spec"]["subnets"]["default"]["subnet"] = json!("10.0.9.0/24"),
        )
        .unwrap();
    connect(&env, fabric.id, &server, TEST_TOKEN).await;
    let report = read(&env, fabric.id, 500).await;
    let drifted = &report.drifted;
    assert_eq!(drifted.len(), 1, "{drifted:?}");
    let by_path = |list: &[hnp_core::sync::resource_drift::ExplainedDifference], p: &str| {
        list.iter()
            .find(|d| d.path == p)
            .cloned()
            .unwrap_or_else(|| panic!("{p}: {list:?}"))
    };
    let vlan = by_path(&drifted[0].differences, "spec.subnets.default.vlan");
    assert_eq!(
        (vlan.manager.as_deref(), vlan.operation.as_deref()),
        (Some("kubectl-edit"), Some("Update"))
    );
    assert_eq!(
        (vlan.desired, vlan.actual),
        (Some(json!(1001)), Some(json!(1999)))
    );
    let subnet = by_path(&drifted[0].differences, "spec.subnets.default.subnet");
    assert_eq!(subnet.manager.as_deref(), Some("noc-script"));
    let since = vlan.since.expect("since");

    // Seen again later: the same since.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    server
        .edit(
            "vpcs",
            "default",
            "vpc-1",
            "kubectl-edit",
            json!({"f:spec": {"f:subnets": {"f:default": {"f:vlan": {}}}}}),
            |o| o["spec"]["subnets"]["default"]["vlan"] = json!(1998),
        )
        .unwrap();
    read(&env, fabric.id, 500).await;
    let stored = explained_differences(row(&env, fabric.id, "vpc-1").await.drift_details.as_ref());
    let vlan = by_path(&stored, "spec.subnets.default.vlan");
    assert_eq!(vlan.since, Some(since));
    assert_eq!(vlan.actual, Some(json!(1998)));
}

#[tokio::test]
async fn drift_explained_by_field_managers_sqlite() {
    drift_explained_by_field_managers(Backend::Sqlite).await;
}

#[tokio::test]
async fn drift_explained_by_field_managers_postgres() {
    drift_explained_by_field_managers(Backend::Postgres).await;
}

/// Switch convergence from Agents: applied, pending (an older generation applied), stale (an
/// old heartbeat), unknown (no Agent); and pending → applied when the Agent catches up.
async fn switch_convergence(backend: Backend) {
    use hnp_core::cluster::agents::{AgentState, switches};
    use hnp_tests::kube_server::agent_kind;

    let env = env(backend, false).await;
    let names = ["leaf-01", "leaf-02", "leaf-03", "leaf-04"];
    let switch = |name: &str| {
        json!({
            "apiVersion": "wiring.githedgehog.com/v1beta1",
            "kind": "Switch",
            "metadata": {"name": name, "namespace": "default"},
            "spec": {"role": "server-leaf", "description": name},
        })
    };
    let yaml: Vec<String> = names
        .iter()
        .map(|n| serde_json::to_string(&switch(n)).unwrap())
        .collect();
    let fabric = synced_fabric(&env, yaml.join("\n---\n")).await;
    let mut kinds = hedgehog_kinds();
    kinds.push(agent_kind());
    let server = KubeApiServer::start(kinds).unwrap();
    let old = (chrono::Utc::now() - chrono::Duration::minutes(30)).to_rfc3339();
    for (name, applied_behind, heartbeat) in [
        ("leaf-01", 0, hnp_tests::kube_server::now()),
        ("leaf-02", 1, hnp_tests::kube_server::now()),
        ("leaf-03", 0, old.clone()),
    ] {
        server.put(hedgehog_cluster_copy(&switch(name)));
        let agent = server.put(json!({
            "apiVersion": "agent.githedgehog.com/v1beta1",
            "kind": "Agent",
            "metadata": {"name": name, "namespace": "default"},
            "spec": {"switch": {"role": "server-leaf"}},
        }));
        let generation = agent["metadata"]["generation"].as_i64().unwrap();
        server.put_status(
            "agents",
            "default",
            name,
            json!({"lastAppliedGen": generation - applied_behind, "lastHeartbeat": heartbeat}),
        );
    }
    server.put(hedgehog_cluster_copy(&switch("leaf-04")));
    connect(&env, fabric.id, &server, TEST_TOKEN).await;
    read(&env, fabric.id, 500).await;
    let states = |list: Vec<hnp_core::cluster::agents::SwitchConvergence>| {
        list.into_iter()
            .map(|s| (s.name, s.agent.state))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        states(switches(&env.core.db, fabric.id).await.unwrap()),
        vec![
            ("leaf-01".to_owned(), AgentState::Applied),
            ("leaf-02".to_owned(), AgentState::Pending),
            ("leaf-03".to_owned(), AgentState::Stale),
            ("leaf-04".to_owned(), AgentState::Unknown),
        ]
    );
    let pending = switches(&env.core.db, fabric.id).await.unwrap()[1]
        .agent
        .clone();
    assert_eq!(
        pending.applied_generation.map(|a| a + 1),
        pending.generation,
        "{pending:?}"
    );

    // The switch catches up: applied at the next read.
    let generation = server.get("agents", "default", "leaf-02").unwrap()["metadata"]["generation"]
        .as_i64()
        .unwrap();
    server.put_status(
        "agents",
        "default",
        "leaf-02",
        json!({"lastAppliedGen": generation, "lastHeartbeat": hnp_tests::kube_server::now()}),
    );
    read(&env, fabric.id, 500).await;
    assert_eq!(
        switches(&env.core.db, fabric.id).await.unwrap()[1]
            .agent
            .state,
        AgentState::Applied
    );
}

#[tokio::test]
async fn switch_convergence_sqlite() {
    switch_convergence(Backend::Sqlite).await;
}

#[tokio::test]
async fn switch_convergence_postgres() {
    switch_convergence(Backend::Postgres).await;
}
