//! Revert (issue 17, item 3) on real git repositories and real databases: a write-back
//! reverted (dry run first, then for real, then again: nothing the second time), an external
//! commit that created, deleted and changed resources, a later conflicting edit (conflict
//! opened, the rest reverted), pull-request mode against the GitHub test server, the flag, the
//! admission check and bad arguments.

use hnp_core::audit::Actor;
use hnp_core::cluster::{self, ClusterInput};
use hnp_core::flags::{self, Flag};
use hnp_core::operations::Requester;
use hnp_core::progress::NoProgress;
use hnp_core::sync::conflicts;
use hnp_core::sync::drafts;
use hnp_core::sync::ingest::parse::ResourceKey;
use hnp_core::sync::revert::{self, Target};
use hnp_core::sync::writeback::{self, Direction, Options, SyncReport};
use hnp_entity::enums::{
    ConflictStatus, DraftOperation, OperationStatus, Resolution, ResourceEventKind, WriteMode,
};
use hnp_entity::{audit_event, fabric, resource, resource_event, sync_operation};
use hnp_tests::{Backend, git, vpc_doc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::ingest::{Env, create_fabric, env, resources, sync};

const DIR: &str = "fabrics/dc1";

fn key(name: &str) -> ResourceKey {
    ResourceKey {
        kind: "VPC".into(),
        namespace: "default".into(),
        name: name.into(),
    }
}

fn requester(name: &str) -> Requester {
    Requester {
        user_id: None,
        name: name.into(),
        trigger: hnp_entity::enums::OperationTrigger::Api,
    }
}

fn spec(subnet: &str, vlan: u32) -> Value {
    json!({"subnets": {"default": {"subnet": subnet, "vlan": vlan}}})
}

async fn reload(env: &Env, id: i32) -> fabric::Model {
    fabric::Entity::find_by_id(id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap()
}

async fn revert(env: &Env, target: Target, dry_run: bool) -> hnp_core::Result<SyncReport> {
    let fabric = revert::fabric_of(&env.core, &target).await?;
    revert::run(
        &env.core,
        &fabric,
        &target,
        dry_run,
        &requester("carol"),
        &NoProgress,
    )
    .await
}

async fn row(env: &Env, fabric_id: i32, name: &str) -> Option<resource::Model> {
    resources(env, fabric_id)
        .await
        .remove(&format!("VPC/default/{name}"))
}

async fn desired(env: &Env, fabric_id: i32, name: &str) -> Option<Value> {
    row(env, fabric_id, name).await.and_then(|r| r.desired_spec)
}

async fn operation(env: &Env, id: &str) -> sync_operation::Model {
    sync_operation::Entity::find_by_id(id.to_owned())
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap()
}

/// The full message of the remote's `main` head.
fn head_message(env: &Env) -> String {
    git(
        &env.git.remote_path(),
        &["log", "-1", "--format=%B", "main"],
    )
    .unwrap()
}

fn head(env: &Env) -> String {
    env.git.remote_log().unwrap()[0].clone()
}

/// A fabric whose `vpcs.yaml` (with a comment) holds vpc-1 and vpc-2, ingested.
async fn fabric_with_two_vpcs(env: &Env) -> fabric::Model {
    env.git
        .write(
            &format!("{DIR}/vpcs.yaml"),
            format!(
                "# the VPCs of dc1\n{}---\n{}",
                vpc_doc("vpc-1", 1),
                vpc_doc("vpc-2", 2)
            ),
        )
        .unwrap();
    env.git.commit("two vpcs").unwrap();
    let fabric = create_fabric(env, "dc1", DIR).await;
    sync(env, fabric.id).await;
    fabric
}

/// Alice writes back a new VLAN for vpc-1 and a new vpc-3; Bob then saves a draft of vpc-2.
/// A dry run of the revert commits nothing and shows the diff; the revert restores the file
/// byte for byte, deletes vpc-3, leaves Bob's draft pending and out of the commit, records
/// `REVERTED` and an audit event; run again, it commits nothing.
async fn revert_of_a_write_back(backend: Backend) {
    let env = env(backend, false).await;
    let fabric = fabric_with_two_vpcs(&env).await;
    let original = env.git.remote_file(&format!("{DIR}/vpcs.yaml")).unwrap();
    let alice = Actor::system("alice");
    drafts::set(
        &env.core,
        &fabric,
        &key("vpc-1"),
        spec("10.0.1.0/24", 1500),
        &alice,
    )
    .await
    .unwrap();
    drafts::set(
        &env.core,
        &fabric,
        &key("vpc-3"),
        spec("10.0.3.0/24", 1004),
        &alice,
    )
    .await
    .unwrap();
    let wb = writeback::run(
        &env.core,
        &reload(&env, fabric.id).await,
        Direction::GuiToGit,
        Options::default(),
        &requester("alice"),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(wb.status, OperationStatus::Succeeded, "{wb:?}");
    let written = wb.commit.clone().unwrap();
    assert_eq!(head(&env), written);
    drafts::set(
        &env.core,
        &fabric,
        &key("vpc-2"),
        spec("10.0.2.0/24", 1600),
        &Actor::system("bob"),
    )
    .await
    .unwrap();

    // Dry run: the diff, nothing committed.
    let target = Target::Operation(wb.operation_id.clone());
    let dry = revert(&env, target.clone(), true).await.unwrap();
    assert_eq!(dry.status, OperationStatus::Succeeded, "{dry:?}");
    assert!(dry.dry_run && !dry.pushed);
    assert!(dry.commit.is_some());
    assert_eq!(head(&env), written, "a dry run pushes nothing");
    let files: Vec<(&str, &str)> = dry
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.action.as_str()))
        .collect();
    assert_eq!(
        files,
        vec![
            ("fabrics/dc1/managed/vpcs/vpc-3.yaml", "delete"),
            ("fabrics/dc1/vpcs.yaml", "update"),
        ],
        "{dry:#?}"
    );
    let diff = &dry.files[1].diff;
    assert!(
        diff.contains("-      vlan: 1500\n+      vlan: 1002\n"),
        "{diff}"
    );
    assert!(!diff.contains("1600"), "Bob's draft is not in it: {diff}");
    let op = operation(&env, &dry.operation_id).await;
    assert!(op.dry_run);
    let details = op.details.unwrap();
    assert_eq!(details["revert"]["operation"], wb.operation_id.as_str());
    assert_eq!(details["revert"]["commit"], written.as_str());
    assert_eq!(
        details["revert"]["subject"],
        "HNP: update 1 VPC, create 1 VPC"
    );
    assert_eq!(details["files"].as_array().unwrap().len(), 2);
    assert_eq!(details["conflicts"], json!([]));
    assert_eq!(
        desired(&env, fabric.id, "vpc-1").await,
        Some(spec("10.0.1.0/24", 1500))
    );

    // The revert.
    let done = revert(&env, target.clone(), false).await.unwrap();
    assert_eq!(done.status, OperationStatus::Succeeded, "{done:?}");
    assert!(done.pushed);
    let commit = done.commit.clone().unwrap();
    assert_eq!(head(&env), commit);
    assert_eq!(
        (
            done.counters.updated,
            done.counters.deleted,
            done.counters.created
        ),
        (1, 1, 0)
    );
    assert_eq!(
        env.git.remote_file(&format!("{DIR}/vpcs.yaml")).unwrap(),
        original,
        "edited in place: comments and the untouched document kept"
    );
    assert!(
        env.git
            .remote_file(&format!("{DIR}/managed/vpcs/vpc-3.yaml"))
            .unwrap()
            .is_none()
    );
    let message = head_message(&env);
    assert!(
        message.starts_with("Revert \"HNP: update 1 VPC, create 1 VPC\"\n"),
        "{message}"
    );
    for trailer in [
        format!("HNP-Reverts-Operation: {}", wb.operation_id),
        format!("HNP-Reverts-Commit: {written}"),
        format!("HNP-Operation: {}", done.operation_id),
        "HNP-User: carol".to_owned(),
    ] {
        assert!(message.contains(&trailer), "{trailer} in {message}");
    }
    let op = operation(&env, &done.operation_id).await;
    assert_eq!(op.commit_sha.as_deref(), Some(commit.as_str()));
    assert_eq!(
        op.direction,
        hnp_entity::enums::OperationDirection::GuiToGit
    );
    assert_eq!(
        desired(&env, fabric.id, "vpc-1").await,
        Some(json!({"subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1002}}}))
    );
    assert_eq!(desired(&env, fabric.id, "vpc-3").await, None);
    // Bob's draft: still pending, not written.
    let vpc2 = row(&env, fabric.id, "vpc-2").await.unwrap();
    assert_eq!(vpc2.draft_operation, Some(DraftOperation::Update));
    assert_eq!(vpc2.draft_spec, Some(spec("10.0.2.0/24", 1600)));
    assert_eq!(
        vpc2.desired_spec,
        Some(json!({"subnets": {"default": {"subnet": "10.0.2.0/24", "vlan": 1003}}}))
    );
    // History and audit.
    let events = resource_event::Entity::find()
        .filter(resource_event::Column::FabricId.eq(fabric.id))
        .filter(resource_event::Column::EventKind.eq(ResourceEventKind::Reverted))
        .all(&env.core.db)
        .await
        .unwrap();
    let mut names: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
    names.sort();
    assert_eq!(names, vec!["vpc-1", "vpc-3"]);
    let vpc1 = events.iter().find(|e| e.name == "vpc-1").unwrap();
    assert_eq!(
        vpc1.operation_id.as_deref(),
        Some(done.operation_id.as_str())
    );
    assert_eq!(vpc1.commit_sha.as_deref(), Some(commit.as_str()));
    assert_eq!(vpc1.actor.as_deref(), Some("carol"));
    assert_eq!(vpc1.paths, Some(json!(["spec.subnets.default.vlan"])));
    // The revert's commit is not recorded a second time as a write-back by its ingestion.
    let doubled = resource_event::Entity::find()
        .filter(resource_event::Column::FabricId.eq(fabric.id))
        .filter(resource_event::Column::CommitSha.eq(commit.as_str()))
        .filter(resource_event::Column::EventKind.eq(ResourceEventKind::WriteBack))
        .count(&env.core.db)
        .await
        .unwrap();
    assert_eq!(doubled, 0);
    let audited = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("sync.revert"))
        .all(&env.core.db)
        .await
        .unwrap();
    assert_eq!(audited.len(), 1);
    assert_eq!(
        audited[0].after.as_ref().unwrap()["commit"],
        commit.as_str()
    );

    // Again: nothing to do, nothing committed.
    let again = revert(&env, target, false).await.unwrap();
    assert_eq!(again.status, OperationStatus::Succeeded, "{again:?}");
    assert!(again.commit.is_none() && !again.pushed);
    assert!(
        again
            .message
            .as_deref()
            .unwrap()
            .starts_with("nothing to revert"),
        "{again:?}"
    );
    assert_eq!(head(&env), commit);
    assert_eq!(operation(&env, &again.operation_id).await.commit_sha, None);
}

#[tokio::test]
async fn sqlite_revert_of_a_write_back() {
    revert_of_a_write_back(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_revert_of_a_write_back() {
    revert_of_a_write_back(Backend::Postgres).await;
}

/// An external commit changes vpc-1, deletes vpc-2 and creates vpc-3: its revert (by an
/// abbreviated id), while the fabric's cluster is unreachable, sets vpc-1's fields back,
/// restores vpc-2 and deletes vpc-3. Bad arguments are errors naming the argument.
async fn revert_of_an_external_commit(backend: Backend) {
    let env = env(backend, false).await;
    let fabric = fabric_with_two_vpcs(&env).await;
    let vpc2 = desired(&env, fabric.id, "vpc-2").await.unwrap();
    env.git
        .write(
            &format!("{DIR}/vpcs.yaml"),
            format!(
                "# the VPCs of dc1\n{}",
                vpc_doc("vpc-1", 1).replace("vlan: 1002", "vlan: 1900")
            ),
        )
        .unwrap();
    env.git
        .write(&format!("{DIR}/vpc-3.yaml"), vpc_doc("vpc-3", 3))
        .unwrap();
    let external = env.git.commit("rework the vpcs\n\nby hand").unwrap();
    sync(&env, fabric.id).await;
    assert_eq!(desired(&env, fabric.id, "vpc-2").await, None);
    // The fabric's cluster cannot be reached: a revert needs only Git.
    let (with_cluster, _) = cluster::set_cluster(
        &env.core,
        &reload(&env, fabric.id).await,
        ClusterInput::Server {
            api_server: "https://127.0.0.1:9".into(),
            ca_cert: None,
            token: Some("not-a-real-token".into()),
            namespace: None,
            insecure_skip_tls_verify: false,
        },
        &Actor::system("test"),
    )
    .await
    .unwrap();
    let probe = cluster::test_connection(&env.core, &with_cluster, &Actor::system("test"))
        .await
        .unwrap();
    assert!(!probe.ok, "{probe:?}");

    let done = revert(
        &env,
        Target::Commit {
            fabric_id: fabric.id,
            commit: external[..10].to_owned(),
        },
        false,
    )
    .await
    .unwrap();
    assert_eq!(done.status, OperationStatus::Succeeded, "{done:?}");
    assert_eq!(
        (
            done.counters.created,
            done.counters.updated,
            done.counters.deleted
        ),
        (1, 1, 1)
    );
    assert_eq!(
        desired(&env, fabric.id, "vpc-1").await,
        Some(json!({"subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1002}}}))
    );
    assert_eq!(desired(&env, fabric.id, "vpc-2").await, Some(vpc2));
    assert_eq!(desired(&env, fabric.id, "vpc-3").await, None);
    assert!(
        env.git
            .remote_file(&format!("{DIR}/vpc-3.yaml"))
            .unwrap()
            .is_none()
    );
    let message = head_message(&env);
    assert!(
        message.starts_with("Revert \"rework the vpcs\"\n"),
        "{message}"
    );
    assert!(message.contains(&format!("HNP-Reverts-Commit: {external}")));
    assert!(!message.contains("HNP-Reverts-Operation"));
    let details = operation(&env, &done.operation_id).await.details.unwrap();
    assert_eq!(details["revert"]["commit"], external.as_str());
    assert!(details["revert"]["operation"].is_null());

    // Bad arguments.
    let unknown = revert(
        &env,
        Target::Commit {
            fabric_id: fabric.id,
            commit: "0123456789abcdef".into(),
        },
        false,
    )
    .await
    .unwrap_err();
    assert!(unknown.to_string().starts_with("commit:"), "{unknown}");
    assert_eq!(unknown.code(), "NOT_FOUND");
    let malformed = revert(
        &env,
        Target::Commit {
            fabric_id: fabric.id,
            commit: "HEAD~1".into(),
        },
        false,
    )
    .await
    .unwrap_err();
    assert!(malformed.to_string().starts_with("commit:"), "{malformed}");
    let missing = revert(&env, Target::Operation("no-such-op".into()), false)
        .await
        .unwrap_err();
    assert!(missing.to_string().starts_with("operationId:"), "{missing}");
    assert_eq!(missing.code(), "NOT_FOUND");
    // An ingestion did not commit anything.
    let ingest = sync(&env, fabric.id).await;
    let err = revert(&env, Target::Operation(ingest.operation_id), false)
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("operationId:"), "{err}");
    let err = revert(
        &env,
        Target::Commit {
            fabric_id: 999_999,
            commit: external.clone(),
        },
        false,
    )
    .await
    .unwrap_err();
    assert!(err.to_string().starts_with("fabricId:"), "{err}");
}

#[tokio::test]
async fn sqlite_revert_of_an_external_commit() {
    revert_of_an_external_commit(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_revert_of_an_external_commit() {
    revert_of_an_external_commit(Backend::Postgres).await;
}

/// A commit changes vpc-1's subnet and VLAN; a later commit changes the VLAN again. The revert
/// sets the subnet back and opens a conflict for the VLAN; `gui_wins` then writes the revert's
/// VLAN with the next write-back. Running the revert again opens nothing new.
async fn revert_with_a_later_conflicting_edit(backend: Backend) {
    let env = env(backend, false).await;
    let fabric = fabric_with_two_vpcs(&env).await;
    let file = format!("{DIR}/vpcs.yaml");
    let text = |subnet: &str, vlan: u32| {
        format!(
            "# the VPCs of dc1\n{}---\n{}",
            vpc_doc("vpc-1", 1)
                .replace("10.0.1.0/24", subnet)
                .replace("vlan: 1002", &format!("vlan: {vlan}")),
            vpc_doc("vpc-2", 2)
        )
    };
    env.git.write(&file, text("10.0.9.0/24", 1500)).unwrap();
    let reverted = env.git.commit("renumber vpc-1").unwrap();
    env.git.write(&file, text("10.0.9.0/24", 1600)).unwrap();
    env.git.commit("vlan 1600").unwrap();
    sync(&env, fabric.id).await;

    // Dry run: the fields that would conflict.
    let target = Target::Commit {
        fabric_id: fabric.id,
        commit: reverted.clone(),
    };
    let dry = revert(&env, target.clone(), true).await.unwrap();
    assert_eq!(dry.conflicts.len(), 1, "{dry:?}");
    assert_eq!(dry.conflicts[0].paths, vec!["spec.subnets.default.vlan"]);
    assert_eq!(dry.conflicts[0].conflict_id, None);
    assert!(
        conflicts::list(&env.core.db, Some(fabric.id), None)
            .await
            .unwrap()
            .is_empty()
    );

    let done = revert(&env, target.clone(), false).await.unwrap();
    assert_eq!(done.status, OperationStatus::Succeeded, "{done:?}");
    assert_eq!(done.counters.conflicts, 1);
    assert_eq!(
        desired(&env, fabric.id, "vpc-1").await,
        Some(spec("10.0.1.0/24", 1600)),
        "the subnet reverted, the later VLAN kept"
    );
    let opened = &done.conflicts[0];
    assert_eq!(opened.paths, vec!["spec.subnets.default.vlan"]);
    assert_eq!(opened.conflict_type, "concurrent_modification");
    let conflict_id = opened.conflict_id.expect("a conflict opened");
    let vpc1 = row(&env, fabric.id, "vpc-1").await.unwrap();
    assert_eq!(vpc1.conflict_status, ConflictStatus::Detected);
    assert_eq!(vpc1.draft_spec, Some(spec("10.0.1.0/24", 1002)));

    // Again: nothing new, the conflict stays the only one.
    let again = revert(&env, target, false).await.unwrap();
    assert_eq!(again.status, OperationStatus::Succeeded, "{again:?}");
    assert!(again.commit.is_none());
    assert_eq!(
        conflicts::list(&env.core.db, Some(fabric.id), None)
            .await
            .unwrap()
            .len(),
        1
    );

    // The usual resolution: the revert's VLAN wins and goes out with the next write-back.
    conflicts::resolve(
        &env.core,
        conflict_id,
        Resolution::GuiWins,
        None,
        &Actor::system("carol"),
    )
    .await
    .unwrap();
    let wb = writeback::run(
        &env.core,
        &reload(&env, fabric.id).await,
        Direction::GuiToGit,
        Options::default(),
        &requester("carol"),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(wb.status, OperationStatus::Succeeded, "{wb:?}");
    assert_eq!(
        desired(&env, fabric.id, "vpc-1").await,
        Some(spec("10.0.1.0/24", 1002))
    );
}

#[tokio::test]
async fn sqlite_revert_with_a_later_conflicting_edit() {
    revert_with_a_later_conflicting_edit(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_revert_with_a_later_conflicting_edit() {
    revert_with_a_later_conflicting_edit(Backend::Postgres).await;
}

/// `bidirectional_sync` off: refused with the write-back's text. A revert that would bring
/// back an overlapping subnet fails with the admission error naming the resource and field.
async fn flag_and_admission(backend: Backend) {
    let env = env(backend, false).await;
    let doc = |name: &str, subnet: &str, vlan: u32| {
        format!(
            "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: {name}\nspec:\n  subnets:\n    default:\n      subnet: {subnet}\n      vlan: {vlan}\n"
        )
    };
    env.git
        .write(
            &format!("{DIR}/namespaces.yaml"),
            "apiVersion: vpc.githedgehog.com/v1beta1\nkind: IPv4Namespace\nmetadata:\n  name: default\nspec:\n  subnets: [10.0.0.0/8]\n---\napiVersion: wiring.githedgehog.com/v1beta1\nkind: VLANNamespace\nmetadata:\n  name: default\nspec:\n  ranges:\n  - {from: 1000, to: 2999}\n",
        )
        .unwrap();
    env.git
        .write(
            &format!("{DIR}/vpc-1.yaml"),
            doc("vpc-1", "10.8.0.0/16", 1001),
        )
        .unwrap();
    env.git.commit("namespaces and vpc-1").unwrap();
    let fabric = create_fabric(&env, "dc1", DIR).await;
    sync(&env, fabric.id).await;
    env.git
        .write(
            &format!("{DIR}/vpc-1.yaml"),
            doc("vpc-1", "10.9.0.0/16", 1001),
        )
        .unwrap();
    let moved = env.git.commit("move vpc-1").unwrap();
    env.git
        .write(
            &format!("{DIR}/vpc-2.yaml"),
            doc("vpc-2", "10.8.0.0/16", 1002),
        )
        .unwrap();
    env.git.commit("vpc-2 where vpc-1 was").unwrap();
    sync(&env, fabric.id).await;
    let before = head(&env);
    let target = Target::Commit {
        fabric_id: fabric.id,
        commit: moved,
    };

    let admin = Actor::system("admin");
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
    let refused = revert(&env, target.clone(), false).await.unwrap_err();
    assert_eq!(refused.code(), "FEATURE_DISABLED");
    assert_eq!(
        refused.to_string(),
        "feature disabled: bidirectional_sync is off for fabric dc1: only Git → GUI sync runs"
    );
    flags::clear_override(&env.core.db, Flag::BidirectionalSync, fabric.id, &admin)
        .await
        .unwrap();

    let failed = revert(&env, target, false).await.unwrap();
    assert_eq!(failed.status, OperationStatus::Failed, "{failed:?}");
    let message = failed.message.clone().unwrap();
    assert!(
        message.starts_with(
            "refused by Hedgehog admission rules: VPC default/vpc-1: spec.subnets.default.subnet:"
        ),
        "{message}"
    );
    assert!(message.contains("vpc-2"), "{message}");
    assert_eq!(head(&env), before, "nothing committed");
    assert_eq!(
        operation(&env, &failed.operation_id).await.status,
        OperationStatus::Failed
    );
}

#[tokio::test]
async fn sqlite_revert_flag_and_admission() {
    flag_and_admission(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_revert_flag_and_admission() {
    flag_and_admission(Backend::Postgres).await;
}

/// Pull-request mode: the revert goes to `hnp/revert-<commit>` with a pull request into main,
/// main untouched; the same revert again adds nothing and opens no second pull request.
async fn revert_in_pull_request_mode(backend: Backend) {
    let env = env(backend, false).await;
    env.git
        .write(
            &format!("{DIR}/vpcs.yaml"),
            format!("{}---\n{}", vpc_doc("vpc-1", 1), vpc_doc("vpc-2", 2)),
        )
        .unwrap();
    env.git.commit("two vpcs").unwrap();
    let (fabric, _repo, gh) =
        crate::github::github_fabric(&env, "dc1", DIR, WriteMode::PullRequest).await;
    sync(&env, fabric.id).await;
    env.git
        .write(
            &format!("{DIR}/vpcs.yaml"),
            format!(
                "{}---\n{}",
                vpc_doc("vpc-1", 1).replace("vlan: 1002", "vlan: 1900"),
                vpc_doc("vpc-2", 2)
            ),
        )
        .unwrap();
    let external = env.git.commit("vlan 1900").unwrap();
    sync(&env, fabric.id).await;
    let main = head(&env);
    let target = Target::Commit {
        fabric_id: fabric.id,
        commit: external.clone(),
    };

    let done = revert(&env, target.clone(), false).await.unwrap();
    assert_eq!(done.status, OperationStatus::Succeeded, "{done:?}");
    let url = done.pull_request_url.clone().expect("a pull request");
    assert_eq!(head(&env), main, "main untouched");
    let pulls = gh.pulls();
    assert_eq!(pulls.len(), 1);
    let branch = format!("hnp/revert-{}", &external[..12]);
    assert_eq!(
        (pulls[0].head.as_str(), pulls[0].base.as_str()),
        (branch.as_str(), "main")
    );
    assert_eq!(pulls[0].title, "Revert \"vlan 1900\" (dc1)");
    assert!(
        pulls[0].body.contains("| updated | VPC | vpc-1 |"),
        "{}",
        pulls[0].body
    );
    let proposed = git(
        &env.git.remote_path(),
        &["show", &format!("{branch}:{DIR}/vpcs.yaml")],
    )
    .unwrap();
    assert!(proposed.contains("vlan: 1002"), "{proposed}");
    let op = operation(&env, &done.operation_id).await;
    assert_eq!(op.pull_request_url.as_deref(), Some(url.as_str()));
    // The fabric's own write-back pull request is not this one.
    assert_eq!(reload(&env, fabric.id).await.pull_request_number, None);

    let again = revert(&env, target, false).await.unwrap();
    assert_eq!(again.status, OperationStatus::Succeeded, "{again:?}");
    assert!(again.commit.is_none(), "{again:?}");
    assert!(
        again
            .message
            .as_deref()
            .unwrap()
            .starts_with("nothing new for pull request #1"),
        "{again:?}"
    );
    assert_eq!(gh.pulls().len(), 1);
}

#[tokio::test]
async fn sqlite_revert_in_pull_request_mode() {
    revert_in_pull_request_mode(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_revert_in_pull_request_mode() {
    revert_in_pull_request_mode(Backend::Postgres).await;
}
