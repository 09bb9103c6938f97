//! Resource history and field blame on real git repositories and both databases: events of
//! external commits, a draft written back, a conflict and its resolution, drift starting and
//! ending, a backfill over 50+ commits (run twice), blame of a resource edited by three authors.

use hnp_core::audit::Actor;
use hnp_core::history::backfill;
use hnp_core::operations::Requester;
use hnp_core::progress::NoProgress;
use hnp_core::queries::history::{self, BlameSource, FieldBlame, ResourceEvent};
use hnp_core::sync::ingest::parse::ResourceKey;
use hnp_core::sync::writeback::{self, Direction, Options};
use hnp_core::sync::{conflicts, drafts, resource_drift};
use hnp_entity::enums::{ConflictState, Resolution, ResourceEventKind as K};
use hnp_entity::{fabric, resource, resource_event};
use hnp_tests::{Backend, git};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use crate::ingest::{Env, create_fabric, env, sync};

const DIR: &str = "fabrics/dc1";

fn key(name: &str) -> ResourceKey {
    ResourceKey {
        kind: "VPC".into(),
        namespace: "default".into(),
        name: name.into(),
    }
}

fn vpc(name: &str, subnet: &str, vlan: u32, team: Option<&str>) -> String {
    let labels = team
        .map(|t| format!("  labels:\n    team: {t}\n"))
        .unwrap_or_default();
    format!(
        "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: {name}\n{labels}spec:\n  ipv4Namespace: default\n  subnets:\n    default:\n      subnet: {subnet}\n      vlan: {vlan}\n"
    )
}

/// Commits everything in the work tree as `author` and pushes; returns the commit id.
fn commit_as(env: &Env, author: &str, message: &str) -> String {
    let work = env.git.work_path();
    git(&work, &["add", "-A"]).unwrap();
    let email = format!("{}@example.com", author.to_lowercase());
    git(
        &work,
        &[
            "-c",
            &format!("user.name={author}"),
            "-c",
            &format!("user.email={email}"),
            "commit",
            "-q",
            "-m",
            message,
        ],
    )
    .unwrap();
    let _ = git(&work, &["pull", "-q", "--rebase", "origin", "main"]);
    git(&work, &["push", "-q", "origin", "HEAD:main"]).unwrap();
    git(&work, &["rev-parse", "HEAD"])
        .unwrap()
        .trim()
        .to_owned()
}

async fn reload(env: &Env, id: i32) -> fabric::Model {
    fabric::Entity::find_by_id(id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap()
}

async fn events(env: &Env, fabric_id: i32, name: &str) -> Vec<ResourceEvent> {
    history::history(&env.core.db, fabric_id, &key(name), 0, 500)
        .await
        .unwrap()
        .0
}

fn kinds(events: &[ResourceEvent]) -> Vec<K> {
    events.iter().map(|e| e.kind).collect()
}

fn field<'a>(blame: &'a [FieldBlame], path: &str) -> &'a FieldBlame {
    blame
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no blame for {path}: {blame:?}"))
}

async fn count_events(env: &Env, fabric_id: i32) -> u64 {
    resource_event::Entity::find()
        .filter(resource_event::Column::FabricId.eq(fabric_id))
        .count(&env.core.db)
        .await
        .unwrap()
}

/// Three authors edit one VPC; history shows each commit with its changed paths, newest first;
/// blame names the last author of each field; a delete and re-create keeps the history but
/// blame only uses the new resource's events.
async fn external_commits_and_blame(backend: Backend) {
    let env = env(backend, false).await;
    env.git
        .write(
            "fabrics/dc1/vpc-1.yaml",
            vpc("vpc-1", "10.0.1.0/24", 1001, None),
        )
        .unwrap();
    let c1 = commit_as(&env, "Alice", "add vpc-1");
    let fabric = create_fabric(&env, "dc1", DIR).await;
    sync(&env, fabric.id).await;
    env.git
        .write(
            "fabrics/dc1/vpc-1.yaml",
            vpc("vpc-1", "10.0.1.0/24", 1002, None),
        )
        .unwrap();
    let c2 = commit_as(&env, "Bob", "vlan 1002");
    sync(&env, fabric.id).await;
    env.git
        .write(
            "fabrics/dc1/vpc-1.yaml",
            vpc("vpc-1", "10.0.9.0/24", 1002, Some("blue")),
        )
        .unwrap();
    let c3 = commit_as(&env, "Carol", "renumber vpc-1\n\nbody line");
    sync(&env, fabric.id).await;

    let got = events(&env, fabric.id, "vpc-1").await;
    assert_eq!(
        kinds(&got),
        vec![K::GitCommit, K::GitCommit, K::Created],
        "{got:#?}"
    );
    assert_eq!(got[0].commit.as_deref(), Some(c3.as_str()));
    assert_eq!(got[0].actor.as_deref(), Some("Carol <carol@example.com>"));
    assert_eq!(
        got[0].paths,
        vec!["spec.subnets.default.subnet", "metadata.labels"]
    );
    assert_eq!(
        got[0].message.as_deref(),
        Some("renumber vpc-1\n\nbody line")
    );
    assert_eq!(got[1].commit.as_deref(), Some(c2.as_str()));
    assert_eq!(got[1].actor.as_deref(), Some("Bob <bob@example.com>"));
    assert_eq!(got[1].paths, vec!["spec.subnets.default.vlan"]);
    assert_eq!(got[2].commit.as_deref(), Some(c1.as_str()));
    assert_eq!(got[2].actor.as_deref(), Some("Alice <alice@example.com>"));

    let blame = history::blame(&env.core.db, fabric.id, &key("vpc-1"))
        .await
        .unwrap();
    let paths: Vec<&str> = blame.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "spec.ipv4Namespace",
            "spec.subnets.default.subnet",
            "spec.subnets.default.vlan"
        ]
    );
    let subnet = field(&blame, "spec.subnets.default.subnet");
    assert_eq!(subnet.author.as_deref(), Some("Carol <carol@example.com>"));
    assert_eq!(subnet.commit.as_deref(), Some(c3.as_str()));
    assert_eq!(subnet.source, Some(BlameSource::Git));
    let vlan = field(&blame, "spec.subnets.default.vlan");
    assert_eq!(vlan.author.as_deref(), Some("Bob <bob@example.com>"));
    let ns = field(&blame, "spec.ipv4Namespace");
    assert_eq!(ns.author.as_deref(), Some("Alice <alice@example.com>"));
    assert_eq!(ns.commit.as_deref(), Some(c1.as_str()));

    // Deleted, then re-created by someone else: one history, blame from the new resource.
    env.git.remove("fabrics/dc1/vpc-1.yaml").unwrap();
    let c4 = commit_as(&env, "Dave", "drop vpc-1");
    sync(&env, fabric.id).await;
    env.git
        .write(
            "fabrics/dc1/other.yaml",
            vpc("vpc-1", "10.0.7.0/24", 1007, None),
        )
        .unwrap();
    let c5 = commit_as(&env, "Erin", "vpc-1 again");
    sync(&env, fabric.id).await;
    let got = events(&env, fabric.id, "vpc-1").await;
    assert_eq!(
        kinds(&got),
        vec![
            K::Created,
            K::Deleted,
            K::GitCommit,
            K::GitCommit,
            K::Created
        ]
    );
    assert_eq!(got[1].commit.as_deref(), Some(c4.as_str()));
    let blame = history::blame(&env.core.db, fabric.id, &key("vpc-1"))
        .await
        .unwrap();
    assert!(
        blame
            .iter()
            .all(|f| f.commit.as_deref() == Some(c5.as_str())),
        "{blame:#?}"
    );

    // Pages: newest first, `limit` from `offset`, the total.
    let (page, total) = history::history(&env.core.db, fabric.id, &key("vpc-1"), 1, 2)
        .await
        .unwrap();
    assert_eq!(total, 5);
    assert_eq!(kinds(&page), vec![K::Deleted, K::GitCommit]);

    // Bad input names its field.
    let mut wrong = key("vpc-1");
    wrong.kind = "Nope".into();
    let err = history::history(&env.core.db, fabric.id, &wrong, 0, 10)
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("kind:"), "{err}");
}

#[tokio::test]
async fn sqlite_external_commits_and_blame() {
    external_commits_and_blame(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_external_commits_and_blame() {
    external_commits_and_blame(Backend::Postgres).await;
}

fn requester() -> Requester {
    Requester {
        user_id: None,
        name: "alice".into(),
        trigger: hnp_entity::enums::OperationTrigger::Api,
    }
}

/// A draft saved and written back: DRAFT_SAVED by the HNP user with its paths, then WRITE_BACK
/// with the operation and the pushed commit; blame says GUI. A conflict between a draft and a
/// Git change: CONFLICT_OPENED, then CONFLICT_RESOLVED with the strategy and the user.
async fn drafts_write_back_and_conflicts(backend: Backend) {
    let env = env(backend, false).await;
    env.git
        .write(
            "fabrics/dc1/vpc-1.yaml",
            vpc("vpc-1", "10.0.1.0/24", 1001, None),
        )
        .unwrap();
    commit_as(&env, "Alice", "add vpc-1");
    let fabric = create_fabric(&env, "dc1", DIR).await;
    sync(&env, fabric.id).await;
    let spec = json!({"ipv4Namespace": "default", "subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1500}}});
    drafts::set(
        &env.core,
        &reload(&env, fabric.id).await,
        &key("vpc-1"),
        spec,
        &Actor::system("hnp-alice"),
    )
    .await
    .unwrap();
    let got = events(&env, fabric.id, "vpc-1").await;
    assert_eq!(got[0].kind, K::DraftSaved);
    assert_eq!(got[0].actor.as_deref(), Some("hnp-alice"));
    assert_eq!(got[0].paths, vec!["spec.subnets.default.vlan"]);

    let report = writeback::run(
        &env.core,
        &reload(&env, fabric.id).await,
        Direction::GuiToGit,
        Options::default(),
        &requester(),
        &NoProgress,
    )
    .await
    .unwrap();
    let pushed = report.commit.clone().expect("a commit was pushed");
    let got = events(&env, fabric.id, "vpc-1").await;
    assert_eq!(got[0].kind, K::WriteBack, "{got:#?}");
    assert_eq!(got[0].commit.as_deref(), Some(pushed.as_str()));
    assert_eq!(
        got[0].operation_id.as_deref(),
        Some(report.operation_id.as_str())
    );
    assert_eq!(got[0].actor.as_deref(), Some("alice"));
    assert_eq!(got[0].paths, vec!["spec.subnets.default.vlan"]);
    let blame = history::blame(&env.core.db, fabric.id, &key("vpc-1"))
        .await
        .unwrap();
    let vlan = field(&blame, "spec.subnets.default.vlan");
    assert_eq!(vlan.source, Some(BlameSource::Gui));
    assert_eq!(vlan.author.as_deref(), Some("alice"));
    assert_eq!(
        field(&blame, "spec.subnets.default.subnet").source,
        Some(BlameSource::Git)
    );

    // A draft and a Git change of the same field: a conflict, resolved as git_wins.
    env.git.pull().unwrap();
    drafts::set(
        &env.core,
        &reload(&env, fabric.id).await,
        &key("vpc-1"),
        json!({"ipv4Namespace": "default", "subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1600}}}),
        &Actor::system("hnp-alice"),
    )
    .await
    .unwrap();
    env.git
        .write(
            "fabrics/dc1/vpc-1.yaml",
            vpc("vpc-1", "10.0.1.0/24", 1700, None),
        )
        .unwrap();
    commit_as(&env, "Bob", "vlan 1700");
    sync(&env, fabric.id).await;
    let got = events(&env, fabric.id, "vpc-1").await;
    let opened = got
        .iter()
        .find(|e| e.kind == K::ConflictOpened)
        .unwrap_or_else(|| panic!("{got:#?}"));
    assert_eq!(opened.paths, vec!["spec.subnets.default.vlan"]);
    let open = conflicts::list(&env.core.db, Some(fabric.id), Some(ConflictState::Open))
        .await
        .unwrap();
    conflicts::resolve(
        &env.core,
        open[0].id,
        Resolution::GitWins,
        None,
        &Actor::system("hnp-bob"),
    )
    .await
    .unwrap();
    let got = events(&env, fabric.id, "vpc-1").await;
    assert_eq!(got[0].kind, K::ConflictResolved);
    assert_eq!(got[0].actor.as_deref(), Some("hnp-bob"));
    assert_eq!(got[0].message.as_deref(), Some("resolved as git_wins"));

    // Delete requested and discarded.
    let f = reload(&env, fabric.id).await;
    drafts::delete(&env.core, &f, &key("vpc-1"), &Actor::system("hnp-carol"))
        .await
        .unwrap();
    drafts::discard(&env.core, &f, &key("vpc-1"), &Actor::system("hnp-carol"))
        .await
        .unwrap();
    let got = events(&env, fabric.id, "vpc-1").await;
    assert_eq!(
        kinds(&got[..2]),
        vec![K::DraftDiscarded, K::DeleteRequested]
    );
}

#[tokio::test]
async fn sqlite_drafts_write_back_and_conflicts() {
    drafts_write_back_and_conflicts(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_drafts_write_back_and_conflicts() {
    drafts_write_back_and_conflicts(Backend::Postgres).await;
}

/// Drift found by a cluster read starts and ends: DRIFT_STARTED and DRIFT_ENDED with paths.
async fn drift_start_and_end(backend: Backend) {
    let env = env(backend, false).await;
    env.git
        .write(
            "fabrics/dc1/vpc-1.yaml",
            vpc("vpc-1", "10.0.1.0/24", 1001, None),
        )
        .unwrap();
    commit_as(&env, "Alice", "add vpc-1");
    let fabric = create_fabric(&env, "dc1", DIR).await;
    sync(&env, fabric.id).await;
    let row = drafts::find(&env.core.db, fabric.id, &key("vpc-1"))
        .await
        .unwrap()
        .unwrap();
    let set_actual = |vlan: u32| {
        let mut active: resource::ActiveModel = row.clone().into();
        active.actual_spec = Set(Some(
            json!({"ipv4Namespace": "default", "subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": vlan}}}),
        ));
        active
    };
    set_actual(999).update(&env.core.db).await.unwrap();
    resource_drift::recompute(&env.core.db, fabric.id, Some("default"), Default::default())
        .await
        .unwrap();
    let got = events(&env, fabric.id, "vpc-1").await;
    assert_eq!(got[0].kind, K::DriftStarted, "{got:#?}");
    assert_eq!(got[0].paths, vec!["spec.subnets.default.vlan"]);
    set_actual(1001).update(&env.core.db).await.unwrap();
    resource_drift::recompute(&env.core.db, fabric.id, Some("default"), Default::default())
        .await
        .unwrap();
    let got = events(&env, fabric.id, "vpc-1").await;
    assert_eq!(kinds(&got[..2]), vec![K::DriftEnded, K::DriftStarted]);
    assert_eq!(got[0].paths, vec!["spec.subnets.default.vlan"]);
    // Unchanged drift records nothing.
    resource_drift::recompute(&env.core.db, fabric.id, Some("default"), Default::default())
        .await
        .unwrap();
    assert_eq!(events(&env, fabric.id, "vpc-1").await.len(), got.len());
    // The same two transitions went to the notification outbox, with the resource and paths.
    let notified = hnp_entity::notification_event::Entity::find()
        .filter(hnp_entity::notification_event::Column::FabricId.eq(fabric.id))
        .filter(hnp_entity::notification_event::Column::Event.starts_with("drift_"))
        .order_by_asc(hnp_entity::notification_event::Column::Id)
        .all(&env.core.db)
        .await
        .unwrap();
    let names: Vec<&str> = notified.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(names, ["drift_started", "drift_ended"]);
    for event in &notified {
        let details = hnp_core::db::json_column(event.payload.clone()).unwrap();
        assert_eq!(details["resource"]["name"], "vpc-1");
        assert_eq!(details["paths"], json!(["spec.subnets.default.vlan"]));
        assert!(details["managers"].is_array(), "{details}");
    }
}

#[tokio::test]
async fn sqlite_drift_start_and_end() {
    drift_start_and_end(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_drift_start_and_end() {
    drift_start_and_end(Backend::Postgres).await;
}

/// 54 commits touching the directory (one with invalid YAML, one with a huge file, one made by
/// an HNP write-back) before the fabric exists: its first ingestion records them; a backfill
/// afterwards adds nothing; a backfill after the events are gone records them again.
async fn backfill_of_history(backend: Backend) {
    let env = env(backend, false).await;
    env.git.write("README.md", "repo\n").unwrap();
    commit_as(&env, "Alice", "readme");
    for i in 0..50u32 {
        let name = format!("vpc-{}", i % 5);
        env.git
            .write(
                &format!("fabrics/dc1/{name}.yaml"),
                vpc(&name, &format!("10.0.{}.0/24", i % 5), 1000 + i, None),
            )
            .unwrap();
        commit_as(
            &env,
            if i % 2 == 0 { "Alice" } else { "Bob" },
            &format!("step {i}"),
        );
    }
    env.git
        .write(
            "fabrics/dc1/broken.yaml",
            "kind: VPC\nmetadata: [unclosed\n",
        )
        .unwrap();
    commit_as(&env, "Mallory", "broken yaml");
    env.git
        .write(
            "fabrics/dc1/huge.yaml",
            "a: ".to_owned() + &"x".repeat(12 << 20),
        )
        .unwrap();
    commit_as(&env, "Mallory", "huge file");
    env.git.write("other/unrelated.yaml", "a: 1\n").unwrap();
    commit_as(&env, "Alice", "outside the directory");
    env.git
        .write(
            "fabrics/dc1/vpc-0.yaml",
            vpc("vpc-0", "10.0.0.0/24", 4000, None),
        )
        .unwrap();
    let by_hnp = commit_as(
        &env,
        "HNP Sync",
        "HNP: update 1 VPC\n\n- update VPC default/vpc-0\n\nHNP-Operation: op-123\nHNP-User: zoe\n",
    );
    env.git.remove("fabrics/dc1/vpc-4.yaml").unwrap();
    commit_as(&env, "Bob", "drop vpc-4");

    let fabric = create_fabric(&env, "dc1", DIR).await;
    let report = sync(&env, fabric.id).await;
    assert_eq!(report.counters.created, 4);
    // vpc-1: created (step 1) then 9 changes of its vlan.
    let got = events(&env, fabric.id, "vpc-1").await;
    assert_eq!(got.len(), 10, "{got:#?}");
    assert_eq!(got.last().unwrap().kind, K::Created);
    assert!(
        got[..9]
            .iter()
            .all(|e| e.kind == K::GitCommit && e.paths == vec!["spec.subnets.default.vlan"])
    );
    // Its last change was step 46, by Alice.
    assert_eq!(got[0].actor.as_deref(), Some("Alice <alice@example.com>"));
    assert_eq!(got[0].message.as_deref(), Some("step 46"));
    let got = events(&env, fabric.id, "vpc-0").await;
    assert_eq!(got[0].kind, K::WriteBack);
    assert_eq!(got[0].actor.as_deref(), Some("zoe"));
    assert_eq!(got[0].operation_id.as_deref(), Some("op-123"));
    assert_eq!(got[0].commit.as_deref(), Some(by_hnp.as_str()));
    let blame = history::blame(&env.core.db, fabric.id, &key("vpc-0"))
        .await
        .unwrap();
    assert_eq!(
        field(&blame, "spec.subnets.default.vlan").source,
        Some(BlameSource::Gui)
    );
    // A deleted resource keeps its history.
    let got = events(&env, fabric.id, "vpc-4").await;
    assert_eq!(got[0].kind, K::Deleted);
    assert_eq!(got.len(), 11);

    let total = count_events(&env, fabric.id).await;
    let again = backfill::backfill(&env.core, &reload(&env, fabric.id).await, 500)
        .await
        .unwrap();
    assert_eq!(again.events_written, 0);
    assert_eq!(again.events_found as u64, total);
    assert_eq!(again.commits, 54);
    assert_eq!(again.skipped.len(), 2, "{:?}", again.skipped);
    assert!(again.skipped.iter().any(|s| s.contains("broken.yaml")));
    assert!(
        again
            .skipped
            .iter()
            .any(|s| s.contains("huge.yaml") && s.contains("too large"))
    );
    assert_eq!(count_events(&env, fabric.id).await, total);

    // Gone, then backfilled within a bound: the newest commits only.
    resource_event::Entity::delete_many()
        .filter(resource_event::Column::FabricId.eq(fabric.id))
        .exec(&env.core.db)
        .await
        .unwrap();
    let bounded = backfill::backfill(&env.core, &reload(&env, fabric.id).await, 10)
        .await
        .unwrap();
    assert_eq!(bounded.commits, 10);
    assert!(bounded.events_written > 0 && (bounded.events_written as u64) < total);
    let full = backfill::backfill(&env.core, &reload(&env, fabric.id).await, 500)
        .await
        .unwrap();
    assert_eq!(
        bounded.events_written + full.events_written,
        total,
        "the two runs add up to the whole history, nothing twice"
    );
    let err = backfill::backfill(&env.core, &reload(&env, fabric.id).await, 0)
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("max_commits:"), "{err}");
}

#[tokio::test]
async fn sqlite_backfill_of_history() {
    backfill_of_history(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_backfill_of_history() {
    backfill_of_history(Backend::Postgres).await;
}

/// The same through real cluster reads against the Kubernetes test API server.
async fn drift_from_cluster_reads(backend: Backend) {
    use hnp_tests::kube_server::{
        KubeApiServer, TEST_TOKEN, hedgehog_cluster_copy, hedgehog_kinds,
    };
    let env = env(backend, false).await;
    env.git
        .write(
            "fabrics/dc1/vpc-1.yaml",
            vpc("vpc-1", "10.0.1.0/24", 1001, None),
        )
        .unwrap();
    commit_as(&env, "Alice", "add vpc-1");
    let fabric = create_fabric(&env, "dc1", DIR).await;
    sync(&env, fabric.id).await;
    let doc = json!({
        "apiVersion": "vpc.githedgehog.com/v1beta1",
        "kind": "VPC",
        "metadata": {"name": "vpc-1", "namespace": "default"},
        "spec": {"ipv4Namespace": "default", "subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1001}}}
    });
    let server = KubeApiServer::start(hedgehog_kinds()).unwrap();
    let mut changed = hedgehog_cluster_copy(&doc);
    changed["spec"]["subnets"]["default"]["vlan"] = json!(3999);
    server.put(changed);
    crate::cluster::connect(&env, fabric.id, &server, TEST_TOKEN).await;
    crate::cluster::read(&env, fabric.id, 100).await;
    let got = events(&env, fabric.id, "vpc-1").await;
    assert_eq!(got[0].kind, K::DriftStarted, "{got:#?}");
    assert_eq!(got[0].paths, vec!["spec.subnets.default.vlan"]);
    assert_eq!(got[0].actor.as_deref(), Some("system"));
    server.put(hedgehog_cluster_copy(&doc));
    crate::cluster::read(&env, fabric.id, 100).await;
    let got = events(&env, fabric.id, "vpc-1").await;
    assert_eq!(
        kinds(&got[..2]),
        vec![K::DriftEnded, K::DriftStarted],
        "{got:#?}"
    );
    assert_eq!(got[0].paths, vec!["spec.subnets.default.vlan"]);
}

#[tokio::test]
async fn sqlite_drift_from_cluster_reads() {
    drift_from_cluster_reads(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_drift_from_cluster_reads() {
    drift_from_cluster_reads(Backend::Postgres).await;
}
