//! GUI → Git write-back, conflicts, races and flags on real git repositories (file://, pushed
//! to and changed with the git CLI) and real databases.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use hnp_core::audit::Actor;
use hnp_core::flags::{self, Flag};
use hnp_core::operations::Requester;
use hnp_core::progress::NoProgress;
use hnp_core::sync::conflicts;
use hnp_core::sync::drafts;
use hnp_core::sync::ingest::parse::ResourceKey;
use hnp_core::sync::writeback::{self, Direction, Hooks, Options, SyncReport};
use hnp_core::sync::{Request, Run};
use hnp_core::{Error, sync::directories, sync::resource_drift};
use hnp_entity::enums::{
    ConflictState, ConflictStatus, DriftStatus, OperationStatus, Resolution, ResourceState,
};
use hnp_entity::{audit_event, fabric, resource, sync_operation};
use hnp_tests::{Backend, git};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

use crate::ingest::{Env, create_fabric, env, resources, sync};

const DIR: &str = "fabrics/dc1";

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

fn requester() -> Requester {
    Requester {
        user_id: None,
        name: "alice".into(),
        trigger: hnp_entity::enums::OperationTrigger::Api,
    }
}

async fn reload(env: &Env, id: i32) -> fabric::Model {
    fabric::Entity::find_by_id(id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap()
}

async fn write_back(
    env: &Env,
    fabric_id: i32,
    direction: Direction,
    options: Options,
) -> SyncReport {
    let fabric = reload(env, fabric_id).await;
    writeback::run(
        &env.core,
        &fabric,
        direction,
        options,
        &requester(),
        &NoProgress,
    )
    .await
    .unwrap()
}

async fn set_draft(env: &Env, fabric_id: i32, kind: &str, name: &str, spec: Value) {
    let fabric = reload(env, fabric_id).await;
    drafts::set(&env.core, &fabric, &key(kind, name), spec, &user())
        .await
        .unwrap();
}

async fn resource(env: &Env, fabric_id: i32, kind: &str, name: &str) -> Option<resource::Model> {
    drafts::find(&env.core.db, fabric_id, &key(kind, name))
        .await
        .unwrap()
}

fn vpc_doc(name: &str, subnet: &str, vlan: u32) -> String {
    format!(
        "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: {name}\nspec:\n  subnets:\n    default:\n      subnet: {subnet}\n      vlan: {vlan}\n"
    )
}

fn vpc_spec(subnet: &str, vlan: u32) -> Value {
    json!({ "subnets": { "default": { "subnet": subnet, "vlan": vlan } } })
}

/// The plan's end-to-end workflow: initialize → draft → write-back → external change → ingest.
async fn workflow(backend: Backend) {
    let env = env(backend, true).await;
    env.git.write("README.md", "fabric repo\n").unwrap();
    env.git.commit("initial").unwrap();
    let fabric = create_fabric(&env, "dc1", DIR).await;
    directories::initialize(&env.core, &fabric, &Requester::cli(), &NoProgress)
        .await
        .unwrap();
    sync(&env, fabric.id).await;

    set_draft(
        &env,
        fabric.id,
        "VPC",
        "vpc-1",
        vpc_spec("10.0.1.0/24", 1001),
    )
    .await;
    let row = resource(&env, fabric.id, "VPC", "vpc-1").await.unwrap();
    assert_eq!(row.resource_state, ResourceState::Draft);
    assert!(row.desired_spec.is_none());

    let log_before = env.git.remote_log().unwrap().len();
    let report = write_back(&env, fabric.id, Direction::GuiToGit, Options::default()).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:#?}");
    assert!(report.pushed);
    assert_eq!(report.counters.created, 1);
    let log = env.git.remote_log().unwrap();
    assert_eq!(log.len(), log_before + 1, "exactly one commit");
    assert_eq!(report.commit.as_deref(), Some(log[0].as_str()));

    // The file is canonical and the resource records it.
    let path = format!("{DIR}/managed/vpcs/vpc-1.yaml");
    let content = env.git.remote_file(&path).unwrap().expect("file written");
    assert_eq!(
        content,
        "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: vpc-1\n  namespace: default\nspec:\n  subnets:\n    default:\n      subnet: 10.0.1.0/24\n      vlan: 1001\n"
    );
    let row = resource(&env, fabric.id, "VPC", "vpc-1").await.unwrap();
    assert_eq!(row.desired_spec, Some(vpc_spec("10.0.1.0/24", 1001)));
    assert!(row.draft_spec.is_none() && row.draft_operation.is_none());
    assert_eq!(row.resource_state, ResourceState::Committed);
    assert_eq!(row.managed_file_path.as_deref(), Some(path.as_str()));
    assert_eq!(
        row.file_hash.as_deref(),
        Some(hnp_core::yaml::sha256_hex(content.as_bytes()).as_str())
    );
    assert_eq!(row.desired_commit.as_deref(), Some(log[0].as_str()));
    assert!(row.last_file_sync.is_some());

    // Commit metadata: author, message, trailers.
    let remote = env.git.remote_path();
    let meta = git(
        &remote,
        &["log", "-1", "--format=%an <%ae>%n%cn <%ce>%n%B", "main"],
    )
    .unwrap();
    assert!(
        meta.starts_with(
            "HNP Sync <hnp-sync@localhost>\nHNP Sync <hnp-sync@localhost>\nHNP: create 1 VPC\n"
        ),
        "{meta}"
    );
    assert!(meta.contains(&format!("HNP-Operation: {}", report.operation_id)));
    assert!(meta.contains("HNP-User: alice"));
    let audits = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("sync.gui_to_git"))
        .all(&env.core.db)
        .await
        .unwrap();
    assert_eq!(audits.len(), 1);

    // An external commit with plain git changes the VLAN; Git → GUI picks it up.
    env.git.pull().unwrap();
    env.git
        .write(&path, content.replace("vlan: 1001", "vlan: 1002"))
        .unwrap();
    env.git.commit("change vlan by hand").unwrap();
    let ingested = sync(&env, fabric.id).await;
    assert_eq!(ingested.counters.updated, 1);
    let row = resource(&env, fabric.id, "VPC", "vpc-1").await.unwrap();
    assert_eq!(row.desired_spec, Some(vpc_spec("10.0.1.0/24", 1002)));

    // Nothing pending: another write-back commits nothing.
    let report = write_back(&env, fabric.id, Direction::GuiToGit, Options::default()).await;
    assert!(report.commit.is_none() && !report.pushed, "{report:#?}");
}

#[tokio::test]
async fn sqlite_workflow_draft_write_back_external_change() {
    workflow(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_workflow_draft_write_back_external_change() {
    workflow(Backend::Postgres).await;
}

/// A fabric with `n` VPCs in one managed file each, ingested.
async fn fabric_with_vpcs(env: &Env, names: &[&str]) -> fabric::Model {
    for (i, name) in names.iter().enumerate() {
        env.git
            .write(
                &format!("{DIR}/vpcs/{name}.yaml"),
                vpc_doc(name, &format!("10.0.{i}.0/24"), 1000 + i as u32),
            )
            .unwrap();
    }
    env.git.commit("vpcs").unwrap();
    let fabric = create_fabric(env, "dc1", DIR).await;
    let report = sync(env, fabric.id).await;
    assert_eq!(report.counters.created as usize, names.len());
    fabric
}

#[tokio::test]
async fn disjoint_changes_merge_into_one_commit() {
    let env = env(Backend::Sqlite, false).await;
    let fabric = fabric_with_vpcs(&env, &["vpc-1"]).await;
    // GUI: a second subnet. Git: the default subnet's VLAN.
    let mut draft = vpc_spec("10.0.0.0/24", 1000);
    draft["subnets"]["extra"] = json!({ "subnet": "10.9.0.0/24", "vlan": 1900 });
    set_draft(&env, fabric.id, "VPC", "vpc-1", draft).await;
    env.git
        .write(
            &format!("{DIR}/vpcs/vpc-1.yaml"),
            vpc_doc("vpc-1", "10.0.0.0/24", 1555),
        )
        .unwrap();
    env.git.commit("vlan by hand").unwrap();
    let log_before = env.git.remote_log().unwrap().len();

    let report = write_back(
        &env,
        fabric.id,
        Direction::Bidirectional,
        Options::default(),
    )
    .await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:#?}");
    assert_eq!(report.conflicts, vec![]);
    assert_eq!(report.auto_merged.len(), 1, "{report:#?}");
    assert_eq!(report.auto_merged[0].name, "vpc-1");
    assert!(
        report.auto_merged[0]
            .paths
            .iter()
            .any(|p| p.starts_with("spec.subnets")),
        "{:?}",
        report.auto_merged
    );
    assert_eq!(env.git.remote_log().unwrap().len(), log_before + 1);
    let content = env
        .git
        .remote_file(&format!("{DIR}/vpcs/vpc-1.yaml"))
        .unwrap()
        .unwrap();
    assert!(content.contains("vlan: 1555"), "{content}");
    assert!(content.contains("10.9.0.0/24"), "{content}");
    let row = resource(&env, fabric.id, "VPC", "vpc-1").await.unwrap();
    assert!(row.draft_operation.is_none());
    assert_eq!(
        row.desired_spec.unwrap()["subnets"]["default"]["vlan"],
        1555
    );
    let op = sync_operation::Entity::find_by_id(report.operation_id.clone())
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hnp_core::operations::auto_merged_count(&op), 1);
    assert_eq!(op.details.unwrap()["auto_merged"][0]["name"], "vpc-1");
}

/// A Sync from Git that merges one draft and puts another in conflict says so on its
/// operation (`details.auto_merged`, `details.conflicts`), as a write-back does.
#[tokio::test]
async fn sync_from_git_records_its_merges_and_conflicts_on_the_operation() {
    let env = env(Backend::Sqlite, false).await;
    let fabric = fabric_with_vpcs(&env, &["vpc-1", "vpc-2"]).await;
    let mut merged = vpc_spec("10.0.0.0/24", 1000);
    merged["subnets"]["extra"] = json!({ "subnet": "10.9.0.0/24", "vlan": 1900 });
    set_draft(&env, fabric.id, "VPC", "vpc-1", merged).await;
    set_draft(
        &env,
        fabric.id,
        "VPC",
        "vpc-2",
        vpc_spec("10.0.1.0/24", 1700),
    )
    .await;
    for (name, subnet, vlan) in [
        ("vpc-1", "10.0.0.0/24", 1555),
        ("vpc-2", "10.0.1.0/24", 1800),
    ] {
        env.git
            .write(
                &format!("{DIR}/vpcs/{name}.yaml"),
                vpc_doc(name, subnet, vlan),
            )
            .unwrap();
    }
    env.git.commit("vlans by hand").unwrap();

    let report = sync(&env, fabric.id).await;
    assert_eq!(report.counters.conflicts, 1, "{report:#?}");
    let op = sync_operation::Entity::find_by_id(report.operation_id.clone())
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hnp_core::operations::auto_merged_count(&op), 1);
    assert_eq!(op.conflicts_detected, 1);
    let details = op.details.unwrap();
    assert_eq!(details["auto_merged"][0]["name"], "vpc-1");
    assert_eq!(details["conflicts"][0]["name"], "vpc-2");
    assert_eq!(details["conflicts"][0]["type"], "concurrent_modification");
    assert!(
        details["conflicts"][0]["conflict_id"].is_number(),
        "{details}"
    );

    // A run that reconciles nothing leaves no details.
    env.git
        .write(
            &format!("{DIR}/vpcs/vpc-3.yaml"),
            vpc_doc("vpc-3", "10.0.2.0/24", 1003),
        )
        .unwrap();
    env.git.commit("one more").unwrap();
    let quiet = sync(&env, fabric.id).await;
    let op = sync_operation::Entity::find_by_id(quiet.operation_id.clone())
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hnp_core::operations::auto_merged_count(&op), 0);
    assert!(op.details.is_none(), "{:?}", op.details);
}

#[tokio::test]
async fn same_field_conflicts_then_each_resolution_works() {
    let env = env(Backend::Sqlite, false).await;
    let names = ["vpc-a", "vpc-b", "vpc-c", "vpc-d"];
    let fabric = fabric_with_vpcs(&env, &names).await;
    for (i, name) in names.iter().enumerate() {
        set_draft(
            &env,
            fabric.id,
            "VPC",
            name,
            vpc_spec(&format!("10.0.{i}.0/24"), 2000 + i as u32),
        )
        .await;
        env.git
            .write(
                &format!("{DIR}/vpcs/{name}.yaml"),
                vpc_doc(name, &format!("10.0.{i}.0/24"), 3000 + i as u32),
            )
            .unwrap();
    }
    env.git.commit("vlans by hand").unwrap();
    let log_before = env.git.remote_log().unwrap();

    let report = write_back(
        &env,
        fabric.id,
        Direction::Bidirectional,
        Options::default(),
    )
    .await;
    assert_eq!(report.conflicts.len(), 4, "{report:#?}");
    for conflict in &report.conflicts {
        assert_eq!(conflict.conflict_type, "concurrent_modification");
        assert_eq!(conflict.paths, vec!["spec.subnets.default.vlan".to_owned()]);
    }
    assert!(!report.pushed && report.commit.is_none(), "nothing pushed");
    assert_eq!(env.git.remote_log().unwrap(), log_before);
    assert_eq!(report.counters.conflicts, 4);
    // Drafts intact; resources marked.
    for (i, name) in names.iter().enumerate() {
        let row = resource(&env, fabric.id, "VPC", name).await.unwrap();
        assert_eq!(
            row.draft_spec,
            Some(vpc_spec(&format!("10.0.{i}.0/24"), 2000 + i as u32))
        );
        assert_eq!(row.conflict_status, ConflictStatus::Detected);
        assert_eq!(
            row.desired_spec.unwrap()["subnets"]["default"]["vlan"],
            3000 + i as u32
        );
    }
    // Still excluded from write-back while open.
    let again = write_back(&env, fabric.id, Direction::GuiToGit, Options::default()).await;
    assert!(!again.pushed);
    assert_eq!(again.skipped.len(), 4, "{again:#?}");

    let open = conflicts::list(&env.core.db, Some(fabric.id), Some(ConflictState::Open))
        .await
        .unwrap();
    assert_eq!(open.len(), 4);
    let id_of = |name: &str| {
        let rows = open.clone();
        let env_db = env.core.db.clone();
        let name = name.to_owned();
        async move {
            for c in rows {
                let r = resource::Entity::find_by_id(c.resource_id)
                    .one(&env_db)
                    .await
                    .unwrap()
                    .unwrap();
                if r.name == name {
                    assert_eq!(
                        c.base_spec.unwrap()["subnets"]["default"]["vlan"]
                            .as_u64()
                            .unwrap()
                            / 1000,
                        1
                    );
                    return c.id;
                }
            }
            panic!("no conflict for {name}")
        }
    };
    let a = id_of("vpc-a").await;
    let b = id_of("vpc-b").await;
    let c = id_of("vpc-c").await;
    let d = id_of("vpc-d").await;
    conflicts::resolve(&env.core, a, Resolution::GuiWins, None, &user())
        .await
        .unwrap();
    conflicts::resolve(&env.core, b, Resolution::GitWins, None, &user())
        .await
        .unwrap();
    let merged = vpc_spec("10.0.2.0/24", 2999);
    // An invalid merged spec is refused with the field path.
    let err = conflicts::resolve(
        &env.core,
        c,
        Resolution::Merge,
        Some(json!({"subnets": {"default": {"vlan": "x"}}})),
        &user(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err}");
    assert!(
        err.to_string().contains("spec.subnets.default.vlan"),
        "{err}"
    );
    conflicts::resolve(
        &env.core,
        c,
        Resolution::Merge,
        Some(merged.clone()),
        &user(),
    )
    .await
    .unwrap();
    conflicts::resolve(&env.core, d, Resolution::Manual, None, &user())
        .await
        .unwrap();
    let resolved_again = conflicts::resolve(&env.core, a, Resolution::GitWins, None, &user()).await;
    assert!(resolved_again.is_err(), "resolving twice is refused");

    let report = write_back(&env, fabric.id, Direction::GuiToGit, Options::default()).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:#?}");
    assert!(report.pushed);
    assert_eq!(report.counters.updated, 3, "{report:#?}");
    let vlan = |name: &str| {
        let content = env
            .git
            .remote_file(&format!("{DIR}/vpcs/{name}.yaml"))
            .unwrap()
            .unwrap();
        content
            .lines()
            .find(|l| l.contains("vlan:"))
            .unwrap()
            .trim()
            .to_owned()
    };
    assert_eq!(vlan("vpc-a"), "vlan: 2000", "gui wins");
    assert_eq!(vlan("vpc-b"), "vlan: 3001", "git wins");
    assert_eq!(vlan("vpc-c"), "vlan: 2999", "merge");
    assert_eq!(
        vlan("vpc-d"),
        "vlan: 2003",
        "manual keeps the draft as it stands"
    );
    for name in names {
        let row = resource(&env, fabric.id, "VPC", name).await.unwrap();
        assert!(row.draft_operation.is_none(), "{name}");
        assert_eq!(row.conflict_status, ConflictStatus::Resolved);
    }
    let audits = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("conflict.resolve"))
        .all(&env.core.db)
        .await
        .unwrap();
    assert_eq!(audits.len(), 4);
    assert!(audits.iter().all(|a| a.actor.as_deref() == Some("alice")));
}

#[tokio::test]
async fn deleted_in_git_but_edited_in_gui_and_discard_resolves_git_wins() {
    let env = env(Backend::Sqlite, false).await;
    let fabric = fabric_with_vpcs(&env, &["vpc-1", "vpc-2"]).await;
    set_draft(
        &env,
        fabric.id,
        "VPC",
        "vpc-1",
        vpc_spec("10.0.0.0/24", 1111),
    )
    .await;
    let fabric_row = reload(&env, fabric.id).await;
    drafts::delete(&env.core, &fabric_row, &key("VPC", "vpc-2"), &user())
        .await
        .unwrap();
    env.git.remove(&format!("{DIR}/vpcs/vpc-1.yaml")).unwrap();
    env.git
        .write(
            &format!("{DIR}/vpcs/vpc-2.yaml"),
            vpc_doc("vpc-2", "10.0.1.0/24", 1234),
        )
        .unwrap();
    env.git.commit("delete vpc-1, edit vpc-2").unwrap();

    let report = write_back(
        &env,
        fabric.id,
        Direction::Bidirectional,
        Options::default(),
    )
    .await;
    let mut types: Vec<(String, String)> = report
        .conflicts
        .iter()
        .map(|c| (c.name.clone(), c.conflict_type.clone()))
        .collect();
    types.sort();
    assert_eq!(
        types,
        vec![
            ("vpc-1".into(), "deleted_in_git".into()),
            ("vpc-2".into(), "deleted_in_gui".into())
        ]
    );
    assert!(!report.pushed);
    // Discarding the draft resolves its conflict as git_wins, audited.
    drafts::discard(&env.core, &fabric_row, &key("VPC", "vpc-1"), &user())
        .await
        .unwrap();
    assert!(
        resource(&env, fabric.id, "VPC", "vpc-1").await.is_none(),
        "gone with Git"
    );
    // The resource (and with it its conflict row) is gone; the resolution is in the audit log.
    let audit = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("conflict.resolve"))
        .one(&env.core.db)
        .await
        .unwrap()
        .expect("resolution audited");
    assert!(
        audit.summary.as_deref().unwrap().contains("as git_wins"),
        "{:?}",
        audit.summary
    );
    let open = conflicts::list(&env.core.db, Some(fabric.id), Some(ConflictState::Open))
        .await
        .unwrap();
    assert_eq!(open.len(), 1, "vpc-2's conflict stays open");
}

/// A hook that, on the first push attempt only, commits `name`'s VLAN with plain git and pushes
/// it, as another writer would between our fetch and our push.
fn racing_commit(
    env: &Env,
    calls: Arc<AtomicUsize>,
    name: &'static str,
    vlan: u32,
    message: &'static str,
) -> Hooks {
    let work = env.git.work_path();
    let remote_url = env.git.url();
    Hooks {
        before_push: Some(Arc::new(move || {
            if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                let _ = git(&work, &["pull", "-q", "--rebase", &remote_url, "main"]);
                std::fs::write(
                    work.join(format!("{DIR}/vpcs/{name}.yaml")),
                    vpc_doc(name, "10.0.1.0/24", vlan),
                )
                .unwrap();
                git(&work, &["add", "-A"]).unwrap();
                let author = ["-c", "user.name=Other", "-c", "user.email=o@x"];
                let mut args = author.to_vec();
                args.extend(["commit", "-qm", message]);
                git(&work, &args).unwrap();
                git(&work, &["push", "-q", &remote_url, "HEAD:main"]).unwrap();
            }
        })),
        after_push: None,
    }
}

#[tokio::test]
async fn push_race_retries_without_losing_anything() {
    let env = env(Backend::Sqlite, false).await;
    let fabric = fabric_with_vpcs(&env, &["vpc-1", "vpc-2"]).await;
    set_draft(
        &env,
        fabric.id,
        "VPC",
        "vpc-1",
        vpc_spec("10.0.0.0/24", 1777),
    )
    .await;
    let calls = Arc::new(AtomicUsize::new(0));
    // Another writer lands a commit between our fetch and our push (first attempt only).
    let hooks = racing_commit(&env, calls.clone(), "vpc-2", 1888, "racing commit");
    let report = write_back(
        &env,
        fabric.id,
        Direction::GuiToGit,
        Options {
            hooks,
            ..Default::default()
        },
    )
    .await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:#?}");
    assert_eq!(report.attempts, 2);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    // Both changes are on the branch, ours on top of theirs (no force push).
    let remote = env.git.remote_path();
    let subjects = git(&remote, &["log", "--format=%s", "-3", "main"]).unwrap();
    let subjects: Vec<&str> = subjects.lines().collect();
    assert_eq!(subjects[0], "HNP: update 1 VPC");
    assert_eq!(subjects[1], "racing commit");
    let file = |n: &str| {
        env.git
            .remote_file(&format!("{DIR}/vpcs/{n}.yaml"))
            .unwrap()
            .unwrap()
    };
    assert!(file("vpc-1").contains("vlan: 1777"));
    assert!(file("vpc-2").contains("vlan: 1888"));
    let row = resource(&env, fabric.id, "VPC", "vpc-2").await.unwrap();
    assert_eq!(
        row.desired_spec.unwrap()["subnets"]["default"]["vlan"],
        1888
    );

    // A race on the same field opens a conflict instead of overwriting.
    set_draft(
        &env,
        fabric.id,
        "VPC",
        "vpc-2",
        vpc_spec("10.0.1.0/24", 1999),
    )
    .await;
    let hooks = racing_commit(
        &env,
        Arc::new(AtomicUsize::new(0)),
        "vpc-2",
        1555,
        "racing vlan",
    );
    let report = write_back(
        &env,
        fabric.id,
        Direction::GuiToGit,
        Options {
            hooks,
            ..Default::default()
        },
    )
    .await;
    assert!(!report.pushed, "{report:#?}");
    assert_eq!(report.conflicts.len(), 1);
    assert!(file("vpc-2").contains("vlan: 1555"), "their commit stays");
    let row = resource(&env, fabric.id, "VPC", "vpc-2").await.unwrap();
    assert_eq!(
        row.draft_spec,
        Some(vpc_spec("10.0.1.0/24", 1999)),
        "our draft is kept"
    );
}

#[tokio::test]
async fn crash_between_push_and_database_update_makes_no_second_commit() {
    let env = env(Backend::Sqlite, false).await;
    let fabric = fabric_with_vpcs(&env, &["vpc-1"]).await;
    set_draft(
        &env,
        fabric.id,
        "VPC",
        "vpc-1",
        vpc_spec("10.0.0.0/24", 1313),
    )
    .await;
    let hooks = Hooks {
        before_push: None,
        after_push: Some(Arc::new(|| Err("worker killed".to_owned()))),
    };
    let fabric_row = reload(&env, fabric.id).await;
    let err = writeback::run(
        &env.core,
        &fabric_row,
        Direction::GuiToGit,
        Options {
            hooks,
            ..Default::default()
        },
        &requester(),
        &NoProgress,
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("simulated crash"), "{err}");
    let log = env.git.remote_log().unwrap();
    let pushed = log[0].clone();
    // The database never heard of the push: the draft is still pending, the operation running.
    let row = resource(&env, fabric.id, "VPC", "vpc-1").await.unwrap();
    assert!(row.draft_operation.is_some());
    let running = sync_operation::Entity::find()
        .filter(sync_operation::Column::Status.eq(OperationStatus::Running))
        .one(&env.core.db)
        .await
        .unwrap()
        .expect("operation left running");

    // The job is retried with the same operation id: it finds its commit by the trailer.
    let report = write_back(
        &env,
        fabric.id,
        Direction::GuiToGit,
        Options {
            operation_id: Some(running.id.clone()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:#?}");
    assert_eq!(report.operation_id, running.id);
    assert_eq!(report.commit.as_deref(), Some(pushed.as_str()));
    assert_eq!(env.git.remote_log().unwrap(), log, "no second commit");
    let row = resource(&env, fabric.id, "VPC", "vpc-1").await.unwrap();
    assert!(row.draft_operation.is_none());
    assert_eq!(row.desired_spec, Some(vpc_spec("10.0.0.0/24", 1313)));
    assert_eq!(row.desired_commit.as_deref(), Some(pushed.as_str()));

    // A fresh run (a new operation) has nothing left to do either.
    let report = write_back(&env, fabric.id, Direction::GuiToGit, Options::default()).await;
    assert!(!report.pushed);
    assert_eq!(env.git.remote_log().unwrap(), log);
}

/// After its push, a write-back records its own commit from the cache: it reads Git once per
/// attempt, not again to learn what it just pushed (the remote is gone by then here).
#[tokio::test]
async fn write_back_records_its_own_commit_without_fetching_again() {
    let env = env(Backend::Sqlite, false).await;
    let fabric = fabric_with_vpcs(&env, &["vpc-1"]).await;
    set_draft(
        &env,
        fabric.id,
        "VPC",
        "vpc-1",
        vpc_spec("10.0.0.0/24", 1414),
    )
    .await;
    let remote = env.git.remote_path();
    let away = remote.with_extension("away");
    let (from, to) = (remote.clone(), away.clone());
    let hooks = Hooks {
        before_push: None,
        after_push: Some(Arc::new(move || {
            std::fs::rename(&from, &to).map_err(|e| e.to_string())
        })),
    };
    let report = write_back(
        &env,
        fabric.id,
        Direction::GuiToGit,
        Options {
            hooks,
            ..Default::default()
        },
    )
    .await;
    std::fs::rename(&away, &remote).unwrap();
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:#?}");
    assert!(report.pushed);
    let pushed = env.git.remote_log().unwrap()[0].clone();
    assert_eq!(report.commit.as_deref(), Some(pushed.as_str()));
    let row = resource(&env, fabric.id, "VPC", "vpc-1").await.unwrap();
    assert!(row.draft_operation.is_none(), "draft settled");
    assert_eq!(row.desired_spec, Some(vpc_spec("10.0.0.0/24", 1414)));
    assert_eq!(row.desired_commit.as_deref(), Some(pushed.as_str()));
    assert_eq!(
        reload(&env, fabric.id)
            .await
            .desired_state_commit
            .as_deref(),
        Some(pushed.as_str())
    );
}

#[tokio::test]
async fn multi_document_file_edit_changes_one_line_and_delete_removes_one_document() {
    let env = env(Backend::Sqlite, false).await;
    let hand = format!(
        "# Hand-written VPCs\n{}---\n# the second one\n{}# trailing note\n---\n{}",
        vpc_doc("vpc-1", "10.0.1.0/24", 1001),
        vpc_doc("vpc-2", "10.0.2.0/24", 1002).replace("vlan: 1002", "vlan: 1002 # keep me"),
        vpc_doc("vpc-3", "10.0.3.0/24", 1003)
            .replace("  subnets:", "  subnets: # flow below\n",)
            .replace("\n\n", "\n"),
    );
    env.git.write(&format!("{DIR}/hand.yaml"), &hand).unwrap();
    env.git.commit("hand-written").unwrap();
    let fabric = create_fabric(&env, "dc1", DIR).await;
    assert_eq!(sync(&env, fabric.id).await.counters.created, 3);

    set_draft(
        &env,
        fabric.id,
        "VPC",
        "vpc-2",
        vpc_spec("10.0.2.0/24", 1092),
    )
    .await;
    let report = write_back(&env, fabric.id, Direction::GuiToGit, Options::default()).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:#?}");
    let remote = env.git.remote_path();
    let diff = git(&remote, &["diff", "--unified=0", "main~1", "main"]).unwrap();
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect();
    assert_eq!(
        changed,
        vec!["-      vlan: 1002 # keep me", "+      vlan: 1092 # keep me"],
        "{diff}"
    );
    let after = env
        .git
        .remote_file(&format!("{DIR}/hand.yaml"))
        .unwrap()
        .unwrap();
    assert_eq!(
        after,
        hand.replace("vlan: 1002 # keep me", "vlan: 1092 # keep me")
    );

    // Deleting the last document keeps the other two byte for byte.
    let fabric_row = reload(&env, fabric.id).await;
    drafts::delete(&env.core, &fabric_row, &key("VPC", "vpc-3"), &user())
        .await
        .unwrap();
    let report = write_back(&env, fabric.id, Direction::GuiToGit, Options::default()).await;
    assert_eq!(report.counters.deleted, 1, "{report:#?}");
    let after_delete = env
        .git
        .remote_file(&format!("{DIR}/hand.yaml"))
        .unwrap()
        .unwrap();
    let keep_end = after
        .find("---\n\napiVersion")
        .or_else(|| after.rfind("---\n"))
        .unwrap();
    assert!(
        after_delete.starts_with(&after[..keep_end]),
        "{after_delete}"
    );
    assert!(!after_delete.contains("vpc-3"));
    assert!(resource(&env, fabric.id, "VPC", "vpc-3").await.is_none());
    let rows = resources(&env, fabric.id).await;
    assert_eq!(rows.len(), 2);
}

#[tokio::test]
async fn validation_rejects_bad_drafts_and_referenced_deletes() {
    let env = env(Backend::Sqlite, false).await;
    let fabric = fabric_with_vpcs(&env, &["vpc-1"]).await;
    let fabric_row = reload(&env, fabric.id).await;
    let err = drafts::set(
        &env.core,
        &fabric_row,
        &key("Switch", "leaf-01"),
        json!({"role": "bogus"}),
        &user(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "VALIDATION_FAILED");
    let text = err.to_string();
    assert!(
        text.contains(
            "spec.role: must be one of spine, server-leaf, border-leaf, mixed-leaf, virtual-edge"
        ),
        "{text}"
    );
    let err = drafts::set(
        &env.core,
        &fabric_row,
        &key("VPC", "Bad_Name"),
        json!({}),
        &user(),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("metadata.name"), "{err}");
    assert!(
        resource(&env, fabric.id, "Switch", "leaf-01")
            .await
            .is_none(),
        "nothing saved"
    );

    // An attachment referring to a connection nobody defines: saved with a warning.
    let saved = drafts::set(
        &env.core,
        &fabric_row,
        &key("VPCAttachment", "att-1"),
        json!({"connection": "server-01--unbundled--leaf-01", "subnet": "vpc-1/default"}),
        &user(),
    )
    .await
    .unwrap();
    assert_eq!(saved.warnings.len(), 1, "{:?}", saved.warnings);
    assert_eq!(saved.warnings[0].path, "spec.connection");
    let report = write_back(&env, fabric.id, Direction::GuiToGit, Options::default()).await;
    assert_eq!(report.counters.created, 1);
    assert_eq!(report.warnings.len(), 1, "{report:#?}");

    // Deleting the VPC alone is refused: the attachment refers to it.
    drafts::delete(&env.core, &fabric_row, &key("VPC", "vpc-1"), &user())
        .await
        .unwrap();
    let log = env.git.remote_log().unwrap();
    let report = write_back(&env, fabric.id, Direction::GuiToGit, Options::default()).await;
    assert!(!report.pushed, "{report:#?}");
    assert_eq!(report.status, OperationStatus::PartiallySucceeded);
    assert!(
        report.skipped[0]
            .reason
            .contains("still referenced by VPCAttachment att-1 (spec.subnet)"),
        "{:?}",
        report.skipped
    );
    assert_eq!(env.git.remote_log().unwrap(), log);
    // Together with the attachment it goes through, in one commit.
    drafts::delete(
        &env.core,
        &fabric_row,
        &key("VPCAttachment", "att-1"),
        &user(),
    )
    .await
    .unwrap();
    let report = write_back(&env, fabric.id, Direction::GuiToGit, Options::default()).await;
    assert_eq!(report.counters.deleted, 2, "{report:#?}");
    assert_eq!(env.git.remote_log().unwrap().len(), log.len() + 1);
    assert!(resources(&env, fabric.id).await.is_empty());
}

#[tokio::test]
async fn dry_run_shows_the_commit_without_pushing() {
    let env = env(Backend::Sqlite, false).await;
    let fabric = fabric_with_vpcs(&env, &["vpc-1"]).await;
    set_draft(
        &env,
        fabric.id,
        "VPC",
        "vpc-1",
        vpc_spec("10.0.0.0/24", 1444),
    )
    .await;
    let log = env.git.remote_log().unwrap();
    let report = write_back(
        &env,
        fabric.id,
        Direction::Bidirectional,
        Options {
            dry_run: true,
            ..Default::default()
        },
    )
    .await;
    assert!(report.dry_run && !report.pushed);
    assert!(report.commit.is_some());
    assert_eq!(report.files.len(), 1);
    assert_eq!(report.files[0].path, format!("{DIR}/vpcs/vpc-1.yaml"));
    assert!(
        report.files[0]
            .diff
            .contains("-      vlan: 1000\n+      vlan: 1444\n"),
        "{}",
        report.files[0].diff
    );
    assert_eq!(env.git.remote_log().unwrap(), log);
    let row = resource(&env, fabric.id, "VPC", "vpc-1").await.unwrap();
    assert!(row.draft_operation.is_some(), "draft untouched");
    let op = sync_operation::Entity::find_by_id(report.operation_id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert!(op.dry_run);
    assert_eq!(op.details.unwrap()["files"][0]["action"], "update");
}

#[tokio::test]
async fn flags_change_behaviour_and_the_breaker_trips() {
    let env = env(Backend::Sqlite, false).await;
    let fabric = fabric_with_vpcs(&env, &["vpc-1"]).await;
    let admin = Actor::system("admin");

    // bidirectional_sync off (for this fabric): write-back refused, drafts still savable.
    flags::set(
        &env.core.db,
        Flag::BidirectionalSync,
        Some(fabric.id),
        false,
        Some("test".into()),
        &admin,
    )
    .await
    .unwrap();
    set_draft(
        &env,
        fabric.id,
        "VPC",
        "vpc-1",
        vpc_spec("10.0.0.0/24", 1200),
    )
    .await;
    let fabric_row = reload(&env, fabric.id).await;
    for run in [Run::GuiToGit, Run::Bidirectional] {
        let err = hnp_core::sync::run(
            &env.core,
            &fabric_row,
            run,
            Request::default(),
            &requester(),
            &NoProgress,
        )
        .await
        .unwrap_err();
        assert_eq!(err.code(), "FEATURE_DISABLED");
    }
    // Git → GUI still works.
    sync(&env, fabric.id).await;
    flags::clear_override(&env.core.db, Flag::BidirectionalSync, fabric.id, &admin)
        .await
        .unwrap();

    // conflict_resolution off: even disjoint changes need a decision.
    flags::set(
        &env.core.db,
        Flag::ConflictResolution,
        None,
        false,
        None,
        &admin,
    )
    .await
    .unwrap();
    let mut draft = vpc_spec("10.0.0.0/24", 1200);
    draft["subnets"]["extra"] = json!({"subnet": "10.8.0.0/24", "vlan": 1800});
    set_draft(&env, fabric.id, "VPC", "vpc-1", draft).await;
    env.git
        .write(
            &format!("{DIR}/vpcs/vpc-1.yaml"),
            vpc_doc("vpc-1", "10.7.0.0/24", 1000),
        )
        .unwrap();
    env.git.commit("subnet by hand").unwrap();
    let report = write_back(
        &env,
        fabric.id,
        Direction::Bidirectional,
        Options::default(),
    )
    .await;
    assert_eq!(report.auto_merged, vec![]);
    assert_eq!(report.conflicts.len(), 1, "{report:#?}");
    flags::set(
        &env.core.db,
        Flag::ConflictResolution,
        None,
        true,
        None,
        &admin,
    )
    .await
    .unwrap();
    let fabric_row = reload(&env, fabric.id).await;
    drafts::discard(&env.core, &fabric_row, &key("VPC", "vpc-1"), &admin)
        .await
        .unwrap();

    // Circuit breaker: 8 good bidirectional syncs, then the remote disappears.
    for _ in 0..8 {
        let r = write_back(
            &env,
            fabric.id,
            Direction::Bidirectional,
            Options::default(),
        )
        .await;
        assert_eq!(r.status, OperationStatus::Succeeded, "{r:#?}");
    }
    let remote = env.git.remote_path();
    let moved = remote.with_extension("moved");
    std::fs::rename(&remote, &moved).unwrap();
    let first = write_back(
        &env,
        fabric.id,
        Direction::Bidirectional,
        Options::default(),
    )
    .await;
    assert_eq!(first.status, OperationStatus::Failed);
    assert!(
        flags::is_enabled(
            &env.core.db,
            &env.core.config,
            Flag::BidirectionalSync,
            Some(fabric.id)
        )
        .await
        .unwrap(),
        "9 of 10... 1 failure out of 9 finished is not enough"
    );
    let second = write_back(
        &env,
        fabric.id,
        Direction::Bidirectional,
        Options::default(),
    )
    .await;
    assert_eq!(second.status, OperationStatus::Failed);
    assert!(
        !flags::is_enabled(
            &env.core.db,
            &env.core.config,
            Flag::BidirectionalSync,
            Some(fabric.id)
        )
        .await
        .unwrap(),
        "2 failures in the last 10 trip the breaker"
    );
    let effective = flags::effective(&env.core.db, &env.core.config, Some(fabric.id))
        .await
        .unwrap();
    let bidi = effective
        .iter()
        .find(|f| f.name == "bidirectional_sync")
        .unwrap();
    assert_eq!(bidi.source, "fabric");
    assert!(
        bidi.reason
            .as_deref()
            .unwrap()
            .contains("circuit breaker: 2 of the last 10"),
        "{:?}",
        bidi.reason
    );
    let audit = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("feature_flag.set"))
        .filter(audit_event::Column::Actor.eq("circuit-breaker"))
        .one(&env.core.db)
        .await
        .unwrap();
    assert!(audit.is_some());
    // The breaker and the failed syncs raised their notifications with the change.
    let raised: Vec<String> = hnp_entity::notification_event::Entity::find()
        .filter(hnp_entity::notification_event::Column::FabricId.eq(fabric.id))
        .all(&env.core.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(
        raised.iter().filter(|e| *e == "breaker_tripped").count(),
        1,
        "{raised:?}"
    );
    assert!(raised.iter().any(|e| e == "sync_failed"), "{raised:?}");
    std::fs::rename(&moved, &remote).unwrap();
    let fabric_row = reload(&env, fabric.id).await;
    let err = hnp_core::sync::run(
        &env.core,
        &fabric_row,
        Run::Bidirectional,
        Request::default(),
        &requester(),
        &NoProgress,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "FEATURE_DISABLED");
}

#[tokio::test]
async fn drift_is_computed_from_actual_state() {
    let env = env(Backend::Sqlite, false).await;
    let fabric = fabric_with_vpcs(&env, &["vpc-1", "vpc-2", "vpc-3"]).await;
    let set_actual = |name: &'static str, spec: Value, labels: Value| {
        let db = env.core.db.clone();
        let fabric_id = fabric.id;
        async move {
            let row = drafts::find(&db, fabric_id, &key("VPC", name))
                .await
                .unwrap()
                .unwrap();
            let mut active: resource::ActiveModel = row.into();
            active.actual_spec = Set(Some(spec));
            active.actual_labels = Set(Some(labels));
            active.update(&db).await.unwrap();
        }
    };
    // vpc-1: the cluster added defaults and fabric labels → in sync.
    let mut defaults = vpc_spec("10.0.0.0/24", 1000);
    defaults["ipv4Namespace"] = json!("default");
    defaults["vlanNamespace"] = json!("default");
    defaults["subnets"]["default"]["gateway"] = json!("10.0.0.1");
    set_actual(
        "vpc-1",
        defaults,
        json!({"fabric.githedgehog.com/ready": "true", "vpc.fabric.githedgehog.com/vpc-1": "true"}),
    )
    .await;
    // vpc-2: a different VLAN → spec drift at the path.
    set_actual("vpc-2", vpc_spec("10.0.1.0/24", 1999), json!({})).await;
    // vpc-3: not in the cluster → desired_only after a cluster read.
    let summary =
        resource_drift::recompute(&env.core.db, fabric.id, Some("default"), Default::default())
            .await
            .unwrap();
    assert_eq!(
        (summary.in_sync, summary.spec_drift, summary.desired_only),
        (1, 1, 1),
        "{summary:?}"
    );
    assert_eq!(
        resource_drift::drift_count(&env.core.db, fabric.id)
            .await
            .unwrap(),
        2
    );
    let rows = resources(&env, fabric.id).await;
    let one = &rows["VPC/default/vpc-1"];
    assert_eq!(
        (one.drift_status, one.resource_state),
        (DriftStatus::InSync, ResourceState::Synced)
    );
    let two = &rows["VPC/default/vpc-2"];
    assert_eq!(
        (two.drift_status, two.resource_state),
        (DriftStatus::SpecDrift, ResourceState::Drifted)
    );
    let details = two.drift_details.as_ref().unwrap();
    assert_eq!(
        details["differences"][0]["path"],
        "spec.subnets.default.vlan"
    );
    assert_eq!(details["differences"][0]["desired"], 1001);
    assert_eq!(details["differences"][0]["actual"], 1999);
    assert!(details["score"].as_f64().unwrap() > 0.0);
    assert_eq!(
        rows["VPC/default/vpc-3"].drift_status,
        DriftStatus::DesiredOnly
    );
    // Unchanged inputs: nothing rewritten.
    let again =
        resource_drift::recompute(&env.core.db, fabric.id, Some("default"), Default::default())
            .await
            .unwrap();
    assert_eq!(again.changed, 0);
}
