//! Hedgehog admission (issue 16, phase 2) on real git repositories and real databases: drafts
//! refused at the field, the pending change set checked as a whole at write-back, resources
//! flagged at ingestion.

use hnp_core::Error;
use hnp_core::audit::Actor;
use hnp_core::operations::Requester;
use hnp_core::progress::NoProgress;
use hnp_core::sync::drafts;
use hnp_core::sync::ingest::parse::ResourceKey;
use hnp_core::sync::writeback::{self, Direction, Options, SyncReport};
use hnp_entity::enums::{DraftOperation, OperationStatus};
use hnp_entity::{fabric, resource};
use hnp_tests::Backend;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};

use crate::ingest::{Env, create_fabric, env, sync};

const DIR: &str = "fabrics/dc1";

/// The namespaces and the VPC of the demo fabric: IPv4Namespace default 10.0.0.0/8,
/// VLANNamespace default 1000–2999, vpc-0 10.0.0.0/13 with VLAN 1000.
const NAMESPACES: &str = "apiVersion: vpc.githedgehog.com/v1beta1
kind: IPv4Namespace
metadata:
  name: default
spec:
  subnets: [10.0.0.0/8]
---
apiVersion: wiring.githedgehog.com/v1beta1
kind: VLANNamespace
metadata:
  name: default
spec:
  ranges:
  - {from: 1000, to: 2999}
";

fn vpc_doc(name: &str, subnet: &str, vlan: u32) -> String {
    format!(
        "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: {name}\nspec:\n  subnets:\n    default:\n      subnet: {subnet}\n      vlan: {vlan}\n"
    )
}

fn vpc_spec(subnet: &str, vlan: u32) -> Value {
    json!({ "subnets": { "default": { "subnet": subnet, "vlan": vlan } } })
}

fn key(kind: &str, name: &str) -> ResourceKey {
    ResourceKey {
        kind: kind.into(),
        namespace: "default".into(),
        name: name.into(),
    }
}

fn user() -> Actor {
    Actor::system("alice")
}

async fn reload(env: &Env, id: i32) -> fabric::Model {
    fabric::Entity::find_by_id(id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap()
}

async fn row(env: &Env, fabric_id: i32, kind: &str, name: &str) -> Option<resource::Model> {
    drafts::find(&env.core.db, fabric_id, &key(kind, name))
        .await
        .unwrap()
}

async fn set(env: &Env, fabric_id: i32, kind: &str, name: &str, spec: Value) -> Result<(), Error> {
    let fabric = reload(env, fabric_id).await;
    drafts::set(&env.core, &fabric, &key(kind, name), spec, &user())
        .await
        .map(|_| ())
}

/// The `{path: message}` problems of a refused draft.
fn problems(error: Error) -> Vec<(String, String)> {
    assert_eq!(error.code(), "VALIDATION_FAILED", "{error}");
    match error {
        Error::Invalid(problems) => problems.into_iter().map(|p| (p.path, p.message)).collect(),
        other => panic!("not a field-level refusal: {other}"),
    }
}

async fn write_back(env: &Env, fabric_id: i32) -> SyncReport {
    let fabric = reload(env, fabric_id).await;
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

/// A fabric in Git with the namespaces and `vpcs` (name, subnet, VLAN), ingested.
async fn demo_fabric(env: &Env, vpcs: &[(&str, &str, u32)]) -> fabric::Model {
    env.git
        .write(&format!("{DIR}/namespaces.yaml"), NAMESPACES)
        .unwrap();
    for (name, subnet, vlan) in vpcs {
        env.git
            .write(
                &format!("{DIR}/vpcs/{name}.yaml"),
                vpc_doc(name, subnet, *vlan),
            )
            .unwrap();
    }
    env.git.commit("fabric").unwrap();
    let fabric = create_fabric(env, "dc1", DIR).await;
    let report = sync(env, fabric.id).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:?}");
    fabric
}

/// The case, then the fabric the check sees: desired state with the other pending
/// drafts applied (creates, updates, deletes).
async fn drafts_are_refused_at_the_field(backend: Backend) {
    let env = env(backend, false).await;
    let fabric = demo_fabric(&env, &[("vpc-0", "10.0.0.0/13", 1000)]).await;

    // Overlapping vpc-0, its VLAN, a gateway outside its own subnet: refused three times over.
    let mut spec = vpc_spec("10.0.4.0/24", 1000);
    spec["subnets"]["default"]["gateway"] = json!("10.9.9.1");
    let found = problems(
        set(&env, fabric.id, "VPC", "vpc-overlap", spec)
            .await
            .unwrap_err(),
    );
    let at = |path: &str| -> Vec<&str> {
        found
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, m)| m.as_str())
            .collect()
    };
    assert_eq!(
        at("spec.subnets.default.gateway"),
        vec!["10.9.9.1 is not in the subnet 10.0.4.0/24"],
        "{found:?}"
    );
    let subnet = at("spec.subnets.default.subnet");
    assert!(
        subnet.len() == 1 && subnet[0].contains("overlaps") && subnet[0].contains("VPC vpc-0"),
        "{found:?}"
    );
    let vlan = at("spec.subnets.default.vlan");
    assert!(
        vlan.len() == 1 && vlan[0].contains("VLAN 1000") && vlan[0].contains("VPC vpc-0"),
        "{found:?}"
    );
    assert!(row(&env, fabric.id, "VPC", "vpc-overlap").await.is_none());

    // Within the namespaces and free: saved.
    set(
        &env,
        fabric.id,
        "VPC",
        "vpc-a",
        vpc_spec("10.10.0.0/24", 1001),
    )
    .await
    .unwrap();
    // A pending create counts: another VPC on its subnet is refused, naming it.
    let found = problems(
        set(
            &env,
            fabric.id,
            "VPC",
            "vpc-b",
            vpc_spec("10.10.0.128/25", 1002),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "spec.subnets.default.subnet");
    assert!(found[0].1.contains("VPC vpc-a"), "{found:?}");
    // Outside the IPv4Namespace, and a VLAN outside the VLANNamespace.
    let found = problems(
        set(
            &env,
            fabric.id,
            "VPC",
            "vpc-b",
            vpc_spec("192.168.0.0/24", 3500),
        )
        .await
        .unwrap_err(),
    );
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        vec!["spec.subnets.default.subnet", "spec.subnets.default.vlan"],
        "{found:?}"
    );
    assert!(found[0].1.contains("IPv4Namespace default"), "{found:?}");
    assert!(found[1].1.contains("VLANNamespace default"), "{found:?}");

    // A pending update counts with its new spec: vpc-a moves away, vpc-b may take its place.
    set(
        &env,
        fabric.id,
        "VPC",
        "vpc-a",
        vpc_spec("10.20.0.0/24", 1001),
    )
    .await
    .unwrap();
    set(
        &env,
        fabric.id,
        "VPC",
        "vpc-b",
        vpc_spec("10.10.0.128/25", 1002),
    )
    .await
    .unwrap();
    // A pending delete counts: once vpc-0 is marked for deletion, its VLAN is free.
    let taken = problems(
        set(
            &env,
            fabric.id,
            "VPC",
            "vpc-c",
            vpc_spec("10.30.0.0/24", 1000),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!(taken[0].0, "spec.subnets.default.vlan", "{taken:?}");
    drafts::delete(
        &env.core,
        &reload(&env, fabric.id).await,
        &key("VPC", "vpc-0"),
        &user(),
    )
    .await
    .unwrap();
    set(
        &env,
        fabric.id,
        "VPC",
        "vpc-c",
        vpc_spec("10.30.0.0/24", 1000),
    )
    .await
    .unwrap();

    // An attachment to a subnet its VPC does not have is an error (the VPC is known) ...
    let found = problems(
        set(
            &env,
            fabric.id,
            "VPCAttachment",
            "att-1",
            json!({"connection": "server-01--unbundled--leaf-01", "subnet": "vpc-c/nope"}),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "spec.subnet");
    assert!(found[0].1.contains("not found in VPC vpc-c"), "{found:?}");
    // ... a connection HNP does not know is only a warning (the cluster may hold it).
    let saved = drafts::set(
        &env.core,
        &reload(&env, fabric.id).await,
        &key("VPCAttachment", "att-1"),
        json!({"connection": "server-01--unbundled--leaf-01", "subnet": "vpc-c/default"}),
        &user(),
    )
    .await
    .unwrap();
    assert_eq!(saved.operation, "create");
    assert_eq!(saved.warnings.len(), 1, "{:?}", saved.warnings);
    assert_eq!(saved.warnings[0].path, "spec.connection");

    // Schema problems still come first, as before.
    let found = problems(
        set(
            &env,
            fabric.id,
            "VPC",
            "vpc-d",
            json!({"subnets": {"default": {"subnet": "10.40.0.0/24", "vlan": "x"}}}),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!(found[0].0, "spec.subnets.default.vlan", "{found:?}");
}

#[tokio::test]
async fn sqlite_drafts_are_refused_at_the_field() {
    drafts_are_refused_at_the_field(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_drafts_are_refused_at_the_field() {
    drafts_are_refused_at_the_field(Backend::Postgres).await;
}

/// Warnings (a fabric whose files lack the `default` namespaces) refuse nothing: the draft is
/// saved and written back.
#[tokio::test]
async fn warnings_do_not_refuse_drafts_or_write_back() {
    let env = env(Backend::Sqlite, false).await;
    env.git
        .write(
            &format!("{DIR}/vpcs/vpc-1.yaml"),
            vpc_doc("vpc-1", "10.0.1.0/24", 1001),
        )
        .unwrap();
    env.git.commit("vpc").unwrap();
    let fabric = create_fabric(&env, "dc1", DIR).await;
    sync(&env, fabric.id).await;
    set(
        &env,
        fabric.id,
        "VPC",
        "vpc-2",
        vpc_spec("10.0.2.0/24", 1002),
    )
    .await
    .unwrap();
    let report = write_back(&env, fabric.id).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:#?}");
    assert_eq!(report.counters.created, 1);
    assert!(report.skipped.is_empty());
    // Without the namespaces in Git, overlaps between VPCs are still errors.
    let found = problems(
        set(
            &env,
            fabric.id,
            "VPC",
            "vpc-3",
            vpc_spec("10.0.2.0/25", 1003),
        )
        .await
        .unwrap_err(),
    );
    assert!(found[0].1.contains("VPC vpc-2"), "{found:?}");
}

/// Two drafts that each passed (saved concurrently, each before the other existed) but overlap
/// together: both are reported and nothing is committed for them, nor for an attachment that
/// needs one of them; the other drafts go in one commit.
async fn write_back_checks_the_change_set_as_a_whole(backend: Backend) {
    let env = env(backend, false).await;
    let fabric = demo_fabric(&env, &[("vpc-0", "10.0.0.0/16", 1000)]).await;
    for (name, subnet, vlan) in [
        ("vpc-a", "10.1.0.0/24", 1001),
        ("vpc-b", "10.2.0.0/24", 1002),
        ("vpc-c", "10.3.0.0/24", 1003),
    ] {
        set(&env, fabric.id, "VPC", name, vpc_spec(subnet, vlan))
            .await
            .unwrap();
    }
    set(
        &env,
        fabric.id,
        "VPCAttachment",
        "att-a",
        json!({"connection": "server-01--unbundled--leaf-01", "subnet": "vpc-a/default"}),
    )
    .await
    .unwrap();
    set(
        &env,
        fabric.id,
        "VPCAttachment",
        "att-c",
        json!({"connection": "server-01--unbundled--leaf-01", "subnet": "vpc-c/default"}),
    )
    .await
    .unwrap();
    // vpc-b's draft as another process saved it at the same moment as vpc-a's: on vpc-a's
    // subnet. (Through drafts::set it would be refused now that vpc-a exists.)
    let b = row(&env, fabric.id, "VPC", "vpc-b").await.unwrap();
    let mut active: resource::ActiveModel = b.into();
    active.draft_spec = Set(Some(vpc_spec("10.1.0.128/25", 1002)));
    active.update(&env.core.db).await.unwrap();

    let log = env.git.remote_log().unwrap();
    let report = write_back(&env, fabric.id).await;
    assert!(report.pushed, "{report:#?}");
    assert_eq!(report.status, OperationStatus::PartiallySucceeded);
    assert_eq!(env.git.remote_log().unwrap().len(), log.len() + 1);
    let mut skipped: Vec<(&str, &str)> = report
        .skipped
        .iter()
        .map(|s| (s.name.as_str(), s.reason.as_str()))
        .collect();
    skipped.sort();
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert_eq!(skipped[0].0, "att-a");
    assert!(
        skipped[0].1.contains("VPC vpc-a") && skipped[0].1.contains("refused"),
        "{skipped:?}"
    );
    assert_eq!(skipped[1].0, "vpc-a");
    assert!(
        skipped[1]
            .1
            .starts_with("refused by Hedgehog admission rules: spec.subnets.default.subnet: ")
            && skipped[1].1.contains("VPC vpc-b"),
        "{skipped:?}"
    );
    assert_eq!(skipped[2].0, "vpc-b");
    assert!(skipped[2].1.contains("VPC vpc-a"), "{skipped:?}");
    // The operation names them in its errors, as for any skipped draft.
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.path == "VPC default/vpc-a" && e.message.contains("vpc-b")),
        "{:?}",
        report.errors
    );
    // Committed: vpc-c and its attachment; the refused drafts are still drafts.
    assert_eq!(report.counters.created, 2, "{report:#?}");
    assert!(
        env.git
            .remote_file(&format!("{DIR}/managed/vpcs/vpc-c.yaml"))
            .unwrap()
            .is_some()
    );
    for name in ["vpc-a", "vpc-b"] {
        assert!(
            env.git
                .remote_file(&format!("{DIR}/managed/vpcs/{name}.yaml"))
                .unwrap()
                .is_none(),
            "{name} committed"
        );
        let r = row(&env, fabric.id, "VPC", name).await.unwrap();
        assert_eq!(r.draft_operation, Some(DraftOperation::Create), "{name}");
        assert!(r.desired_spec.is_none(), "{name}");
    }
    let c = row(&env, fabric.id, "VPC", "vpc-c").await.unwrap();
    assert!(c.draft_operation.is_none() && c.desired_spec.is_some());
    assert!(
        row(&env, fabric.id, "VPCAttachment", "att-a")
            .await
            .unwrap()
            .draft_operation
            .is_some()
    );

    // Fixing one of them lets both go (and the attachment with them).
    set(
        &env,
        fabric.id,
        "VPC",
        "vpc-b",
        vpc_spec("10.2.0.0/24", 1002),
    )
    .await
    .unwrap();
    let report = write_back(&env, fabric.id).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:#?}");
    assert_eq!(report.counters.created, 3, "{report:#?}");
}

#[tokio::test]
async fn sqlite_write_back_checks_the_change_set_as_a_whole() {
    write_back_checks_the_change_set_as_a_whole(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_write_back_checks_the_change_set_as_a_whole() {
    write_back_checks_the_change_set_as_a_whole(Backend::Postgres).await;
}

fn errors_of(row: &resource::Model) -> Vec<(String, String)> {
    row.admission_errors
        .as_ref()
        .map(|e| {
            e.as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        p["path"].as_str().unwrap().to_owned(),
                        p["message"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// An external commit that breaks rules is ingested as it is (Git is the source of truth), and
/// every resource the cluster will refuse is flagged with its problems; the operation says how
/// many. Fixing one file clears the flags of the other object of a conflict too (the fabric is
/// checked as a whole on every ingestion).
/// Writes (without committing) the namespaces and four VPCs of which three break rules:
/// `vpc-bad` (gateway outside its subnet), `vpc-x` and `vpc-y` (overlapping subnets).
fn write_invalid_vpcs(env: &Env) {
    env.git
        .write(&format!("{DIR}/namespaces.yaml"), NAMESPACES)
        .unwrap();
    let mut gateway_outside = vpc_doc("vpc-bad", "10.0.4.0/24", 1004);
    gateway_outside.push_str("      gateway: 10.9.9.1\n");
    for (name, text) in [
        ("vpc-0", vpc_doc("vpc-0", "10.0.0.0/24", 1000)),
        ("vpc-bad", gateway_outside),
        ("vpc-x", vpc_doc("vpc-x", "10.1.0.0/24", 1010)),
        ("vpc-y", vpc_doc("vpc-y", "10.1.0.128/25", 1011)),
    ] {
        env.git
            .write(&format!("{DIR}/vpcs/{name}.yaml"), text)
            .unwrap();
    }
}

async fn ingest_flags_what_the_cluster_will_refuse(backend: Backend) {
    let env = env(backend, false).await;
    write_invalid_vpcs(&env);
    // A connection HNP does not know: a warning only, not flagged.
    env.git
        .write(
            &format!("{DIR}/attachments.yaml"),
            "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPCAttachment\nmetadata:\n  name: att-0\nspec:\n  connection: server-01--unbundled--leaf-01\n  subnet: vpc-0\n",
        )
        .unwrap();
    env.git.commit("fabric with problems").unwrap();
    let fabric = create_fabric(&env, "dc1", DIR).await;
    let report = sync(&env, fabric.id).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:?}");
    assert_eq!(report.counters.created, 7);
    assert_eq!(report.invalid_resources, Some(3));
    assert!(
        report
            .timings_ms
            .iter()
            .any(|(phase, _)| phase == "admission"),
        "{:?}",
        report.timings_ms
    );
    let operation = hnp_entity::sync_operation::Entity::find_by_id(report.operation_id.clone())
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        operation.message.as_deref(),
        Some("3 resources break Hedgehog admission rules: the cluster will refuse them")
    );

    // The desired state is stored as written, invalid or not.
    let bad = row(&env, fabric.id, "VPC", "vpc-bad").await.unwrap();
    assert_eq!(
        bad.desired_spec.as_ref().unwrap()["subnets"]["default"]["gateway"],
        "10.9.9.1"
    );
    assert_eq!(
        errors_of(&bad),
        vec![(
            "spec.subnets.default.gateway".to_owned(),
            "10.9.9.1 is not in the subnet 10.0.4.0/24".to_owned()
        )]
    );
    let x = errors_of(&row(&env, fabric.id, "VPC", "vpc-x").await.unwrap());
    let y = errors_of(&row(&env, fabric.id, "VPC", "vpc-y").await.unwrap());
    assert!(
        x.len() == 1 && x[0].0 == "spec.subnets.default.subnet" && x[0].1.contains("VPC vpc-y"),
        "{x:?}"
    );
    assert!(
        y.len() == 1 && y[0].0 == "spec.subnets.default.subnet" && y[0].1.contains("VPC vpc-x"),
        "{y:?}"
    );
    for (kind, name) in [
        ("VPC", "vpc-0"),
        ("VPCAttachment", "att-0"),
        ("IPv4Namespace", "default"),
        ("VLANNamespace", "default"),
    ] {
        let r = row(&env, fabric.id, kind, name).await.unwrap();
        assert!(
            r.admission_errors.is_none(),
            "{kind} {name}: {:?}",
            r.admission_errors
        );
    }
    assert_eq!(
        hnp_core::sync::ingest::admission::invalid_count(&env.core.db, fabric.id)
            .await
            .unwrap(),
        3
    );

    // A label-only edit changes nothing admission reads: the flags stay as they are.
    let labelled = vpc_doc("vpc-y", "10.1.0.128/25", 1011)
        .replace("  name: vpc-y\n", "  name: vpc-y\n  labels: {team: blue}\n");
    env.git
        .write(&format!("{DIR}/vpcs/vpc-y.yaml"), labelled)
        .unwrap();
    env.git.commit("label vpc-y").unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!(report.counters.updated, 1, "{report:?}");
    assert_eq!(report.invalid_resources, Some(3));
    assert_eq!(
        errors_of(&row(&env, fabric.id, "VPC", "vpc-y").await.unwrap()),
        y
    );
    assert_eq!(
        errors_of(&row(&env, fabric.id, "VPC", "vpc-x").await.unwrap()),
        x
    );

    // vpc-y moves away: only its file changes, and vpc-x is admitted again as well.
    env.git
        .write(
            &format!("{DIR}/vpcs/vpc-y.yaml"),
            vpc_doc("vpc-y", "10.2.0.0/24", 1011),
        )
        .unwrap();
    env.git.commit("move vpc-y").unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!(report.counters.updated, 1, "{report:?}");
    assert_eq!(report.invalid_resources, Some(1));
    for name in ["vpc-x", "vpc-y"] {
        let r = row(&env, fabric.id, "VPC", name).await.unwrap();
        assert!(
            r.admission_errors.is_none(),
            "{name}: {:?}",
            r.admission_errors
        );
    }
    let operation = hnp_entity::sync_operation::Entity::find_by_id(report.operation_id.clone())
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        operation.message.as_deref(),
        Some("1 resource breaks Hedgehog admission rules: the cluster will refuse it")
    );

    // Deleted from Git: the flag goes with the desired state.
    env.git.remove(&format!("{DIR}/vpcs/vpc-bad.yaml")).unwrap();
    env.git.commit("drop vpc-bad").unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!(report.invalid_resources, Some(0));
    assert!(row(&env, fabric.id, "VPC", "vpc-bad").await.is_none());
    let operation = hnp_entity::sync_operation::Entity::find_by_id(report.operation_id.clone())
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(operation.message, None);
    // Head unchanged: nothing checked, nothing said.
    let report = sync(&env, fabric.id).await;
    assert!(report.noop);
    assert_eq!(report.invalid_resources, None);

    // A schema error in a new Server is flagged, and cleared again when fixed.
    let server = |spec: &str| {
        format!(
            "apiVersion: wiring.githedgehog.com/v1beta1\nkind: Server\nmetadata:\n  name: server-01\nspec:\n{spec}"
        )
    };
    env.git
        .write(
            &format!("{DIR}/servers.yaml"),
            server("  description: s1\n  color: blue\n"),
        )
        .unwrap();
    env.git.commit("server with a typo").unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!(report.counters.created, 1, "{report:?}");
    assert_eq!(report.invalid_resources, Some(1));
    let errors = errors_of(&row(&env, fabric.id, "Server", "server-01").await.unwrap());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].0.starts_with("spec"), "{errors:?}");
    env.git
        .write(
            &format!("{DIR}/servers.yaml"),
            server("  description: s1\n"),
        )
        .unwrap();
    env.git.commit("server fixed").unwrap();
    let report = sync(&env, fabric.id).await;
    assert_eq!(report.invalid_resources, Some(0));
    let r = row(&env, fabric.id, "Server", "server-01").await.unwrap();
    assert!(r.admission_errors.is_none(), "{:?}", r.admission_errors);
}

#[tokio::test]
async fn sqlite_ingest_flags_what_the_cluster_will_refuse() {
    ingest_flags_what_the_cluster_will_refuse(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_ingest_flags_what_the_cluster_will_refuse() {
    ingest_flags_what_the_cluster_will_refuse(Backend::Postgres).await;
}

/// Hedgehog's update rules: a Connection in Git keeps its type (the draft is refused at
/// `spec`), while a change within the type is saved.
#[tokio::test]
async fn connection_type_is_immutable_once_in_git() {
    let env = env(Backend::Sqlite, false).await;
    let link = |server_port: &str, switch_port: &str| json!({"server": {"port": server_port}, "switch": {"port": switch_port}});
    let unbundled = json!({"unbundled": {"link": link("server-1/enp2s1", "leaf-1/E1/1")}});
    env.git
        .write(
            &format!("{DIR}/connections/c1.yaml"),
            format!(
                "apiVersion: wiring.githedgehog.com/v1beta1\nkind: Connection\nmetadata:\n  name: c1\nspec: {unbundled}\n"
            ),
        )
        .unwrap();
    env.git.commit("connection").unwrap();
    let fabric = create_fabric(&env, "dc1", DIR).await;
    sync(&env, fabric.id).await;

    let bundled = json!({"bundled": {"links": [link("server-1/enp2s1", "leaf-1/E1/1")]}});
    let found = problems(
        set(&env, fabric.id, "Connection", "c1", bundled)
            .await
            .unwrap_err(),
    );
    assert!(
        found
            .iter()
            .any(|(path, message)| path == "spec" && message.contains("immutable")),
        "{found:?}"
    );
    let moved = json!({"unbundled": {"link": link("server-1/enp2s1", "leaf-1/E1/2")}});
    set(&env, fabric.id, "Connection", "c1", moved)
        .await
        .unwrap();
}

/// Write-back records its own commit with the admission errors it found while checking the
/// change set (no second check of the whole fabric): the flags it leaves are those a full
/// check of the same commit finds — a fixed conflict clears both objects' flags, an untouched
/// invalid object keeps its own.
async fn write_back_leaves_the_flags_a_full_check_finds(backend: Backend) {
    let env = env(backend, false).await;
    write_invalid_vpcs(&env);
    env.git.commit("fabric with problems").unwrap();
    let fabric = create_fabric(&env, "dc1", DIR).await;
    let report = sync(&env, fabric.id).await;
    assert_eq!(report.invalid_resources, Some(3), "{report:?}");

    set(
        &env,
        fabric.id,
        "VPC",
        "vpc-y",
        vpc_spec("10.2.0.0/24", 1011),
    )
    .await
    .unwrap();
    set(
        &env,
        fabric.id,
        "VPC",
        "vpc-new",
        vpc_spec("10.3.0.0/24", 1012),
    )
    .await
    .unwrap();
    let report = write_back(&env, fabric.id).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:#?}");
    assert!(report.pushed);
    for name in ["vpc-0", "vpc-x", "vpc-y", "vpc-new"] {
        let r = row(&env, fabric.id, "VPC", name).await.unwrap();
        assert!(
            r.desired_spec.is_some() && r.draft_operation.is_none(),
            "{name}"
        );
        assert_eq!(errors_of(&r), [], "{name}");
    }
    let bad = row(&env, fabric.id, "VPC", "vpc-bad").await.unwrap();
    assert_eq!(errors_of(&bad).len(), 1, "{bad:?}");
    let operation = hnp_entity::sync_operation::Entity::find_by_id(report.operation_id.clone())
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        operation.message.as_deref().is_some_and(|m| m
            .ends_with("1 resource breaks Hedgehog admission rules: the cluster will refuse it")),
        "{operation:?}"
    );

    // A second fabric on a copy of the repository, ingested from scratch (every object
    // checked).
    let copy_dir = tempfile::tempdir().unwrap();
    let copy_path = copy_dir.path().join("copy.git");
    let remote = env.git.url();
    let status = std::process::Command::new("git")
        .args(["clone", "--quiet", "--bare", &remote])
        .arg(&copy_path)
        .status()
        .unwrap();
    assert!(status.success());
    let copy = hnp_core::repositories::create_fabric(
        &env.core,
        hnp_core::repositories::NewFabric {
            name: "dc1-copy".into(),
            repo_url: format!("file://{}", copy_path.display()),
            directory: DIR.into(),
            branch: None,
            auth: hnp_entity::enums::AuthType::None,
            credentials: None,
            ssh_host_keys: vec![],
            commit_author: None,
        },
        &user(),
    )
    .await
    .unwrap()
    .0;
    let full = sync(&env, copy.id).await;
    assert_eq!(full.invalid_resources, Some(1), "{full:?}");
    let flags = |fabric_id: i32| {
        let db = env.core.db.clone();
        async move {
            use sea_orm::{ColumnTrait, QueryFilter};
            let mut rows: Vec<(String, String, Option<Value>)> = resource::Entity::find()
                .filter(resource::Column::FabricId.eq(fabric_id))
                .all(&db)
                .await
                .unwrap()
                .into_iter()
                .map(|r| (r.kind, r.name, r.admission_errors))
                .collect();
            rows.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
            rows
        }
    };
    let written = flags(fabric.id).await;
    assert_eq!(written.len(), 7, "{written:?}");
    assert_eq!(written, flags(copy.id).await);
}

#[tokio::test]
async fn sqlite_write_back_leaves_the_flags_a_full_check_finds() {
    write_back_leaves_the_flags_a_full_check_finds(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_write_back_leaves_the_flags_a_full_check_finds() {
    write_back_leaves_the_flags_a_full_check_finds(Backend::Postgres).await;
}
