//! GitHub integration against the GitHub API test server (`hnp_tests::github_server`, recorded
//! GitHub response bodies) backed by a real bare git repository, with a real SQLite database:
//! connection test (permissions, protection), pull-request write-back (open, update, merge,
//! close) and rate limits (waiting for the reset, secondary limits, too long a wait).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hnp_core::audit::Actor;
use hnp_core::github::pulls;
use hnp_core::operations::Requester;
use hnp_core::progress::NoProgress;
use hnp_core::repositories::{self, NewFabric, ProviderOptions};
use hnp_core::sync::drafts;
use hnp_core::sync::ingest::parse::ResourceKey;
use hnp_core::sync::writeback::{self, Direction, Options, SyncReport};
use hnp_core::{Error, github};
use hnp_entity::enums::{
    AuthType, ConnectionStatus, OperationDirection, OperationStatus, Provider, ResourceState,
    WriteMode,
};
use hnp_entity::{fabric, git_repository, sync_operation};
use hnp_tests::github_server::{FakeGitHub, unix_now};
use hnp_tests::{Backend, git, vpc_doc};
use sea_orm::EntityTrait;
use serde_json::json;

use crate::ingest::{Env, env, resources, sync};

const DIR: &str = "fabrics/dc1";
pub(crate) const TOKEN: &str = "ghp_0123456789abcdefTESTTOKEN";

struct Setup {
    env: Env,
    gh: FakeGitHub,
    fabric: fabric::Model,
}

fn requester() -> Requester {
    Requester {
        user_id: None,
        name: "alice".into(),
        trigger: hnp_entity::enums::OperationTrigger::Api,
    }
}

fn key(name: &str) -> ResourceKey {
    ResourceKey {
        kind: "VPC".into(),
        namespace: "default".into(),
        name: name.into(),
    }
}

fn vpc_spec(i: usize) -> serde_json::Value {
    json!({"subnets": {"default": {"subnet": format!("10.9.{i}.0/24"), "vlan": 1500 + i}}})
}

/// A repository with `vpc-1` and `vpc-2` in `fabrics/dc1`, the API server for it, and a fabric
/// on it (provider github, token auth, `mode`), ingested once.
async fn setup(mode: WriteMode) -> Setup {
    setup_on(Backend::Sqlite, mode).await
}

async fn setup_on(backend: Backend, mode: WriteMode) -> Setup {
    let env = env(backend, false).await;
    env.git
        .write(
            &format!("{DIR}/vpcs.yaml"),
            format!("{}---\n{}", vpc_doc("vpc-1", 1), vpc_doc("vpc-2", 2)),
        )
        .unwrap();
    env.git.commit("two vpcs").unwrap();
    let (fabric, repo, gh) = github_fabric(&env, "dc1", DIR, mode).await;
    assert_eq!(repo.provider, Provider::Github);
    assert_eq!(repo.write_mode, mode);
    assert_eq!(repo.github_api_url.as_deref(), Some(gh.api_url.as_str()));
    sync(&env, fabric.id).await;
    Setup { env, gh, fabric }
}

/// The GitHub test server for `env`'s repository and a fabric `name` on `directory` of it
/// (provider github, token auth, `mode`), not ingested yet.
pub(crate) async fn github_fabric(
    env: &Env,
    name: &str,
    directory: &str,
    mode: WriteMode,
) -> (fabric::Model, git_repository::Model, FakeGitHub) {
    let path = github::repository_path(&env.git.url()).unwrap();
    let gh = FakeGitHub::start(&env.git.remote_path(), &path.owner, &path.name, TOKEN)
        .await
        .unwrap();
    let (fabric, repo) = repositories::create_fabric_with(
        &env.core,
        NewFabric {
            name: name.into(),
            repo_url: env.git.url(),
            directory: directory.into(),
            branch: Some("main".into()),
            auth: AuthType::Token,
            credentials: Some(TOKEN.into()),
            ssh_host_keys: vec![],
            commit_author: None,
        },
        ProviderOptions {
            provider: Some(Provider::Github),
            github_api_url: Some(gh.api_url.clone()),
            write_mode: Some(mode),
        },
        &Actor::system("test"),
    )
    .await
    .unwrap();
    (fabric, repo, gh)
}

impl Setup {
    async fn fabric(&self) -> fabric::Model {
        fabric::Entity::find_by_id(self.fabric.id)
            .one(&self.env.core.db)
            .await
            .unwrap()
            .unwrap()
    }

    async fn repo(&self) -> git_repository::Model {
        repositories::fabric_repository(&self.env.core, &self.fabric().await)
            .await
            .unwrap()
    }

    async fn draft(&self, name: &str, i: usize) {
        drafts::set(
            &self.env.core,
            &self.fabric().await,
            &key(name),
            vpc_spec(i),
            &Actor::system("alice"),
        )
        .await
        .unwrap();
    }

    async fn write_back(&self, options: Options) -> hnp_core::Result<SyncReport> {
        writeback::run(
            &self.env.core,
            &self.fabric().await,
            Direction::GuiToGit,
            options,
            &requester(),
            &NoProgress,
        )
        .await
    }

    async fn state(&self, name: &str) -> hnp_entity::resource::Model {
        resources(&self.env, self.fabric.id)
            .await
            .remove(&format!("VPC/default/{name}"))
            .unwrap_or_else(|| panic!("no resource {name}"))
    }

    fn remote_branch_file(&self, branch: &str, path: &str) -> Option<String> {
        git(
            &self.env.git.remote_path(),
            &["show", &format!("{branch}:{path}")],
        )
        .ok()
    }
}

#[tokio::test]
async fn connection_test_reports_repository_permissions_and_protection() {
    let s = setup(WriteMode::DirectPush).await;
    s.gh.protect("main");
    let report = repositories::test_connection(
        &s.env.core,
        &s.repo().await,
        Some("main"),
        &Actor::system("test"),
    )
    .await
    .unwrap();
    assert!(report.ok, "{report:?}");
    let gh = report.github.expect("GitHub part of the report");
    assert_eq!(gh.api_url, s.gh.api_url);
    assert_eq!(gh.default_branch.as_deref(), Some("main"));
    assert_eq!(gh.can_push, Some(true));
    assert!(
        gh.permissions.contains(&"push".to_owned()),
        "{:?}",
        gh.permissions
    );
    assert_eq!(gh.branch_protected, Some(true));
    let path = github::repository_path(&s.env.git.url()).unwrap();
    assert_eq!(gh.full_name.as_deref(), Some(path.to_string().as_str()));
    // The requests went to the repository named by the URL path.
    let paths: Vec<String> = s.gh.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        vec![
            format!("/repos/{path}"),
            format!("/repos/{path}/branches/main/protection")
        ]
    );
    // The rate limit of the last response is stored on the repository.
    let limit = github::stored_rate_limit(&s.repo().await).expect("rate limit stored");
    assert_eq!((limit.limit, limit.remaining), (5000, 4998));

    // An unprotected branch.
    let report = repositories::test_connection(
        &s.env.core,
        &s.repo().await,
        Some("other"),
        &Actor::system("test"),
    )
    .await
    .unwrap();
    assert_eq!(report.branch_found, Some(false));
    git(
        &s.env.git.work_path(),
        &["push", "-q", "origin", "HEAD:refs/heads/other"],
    )
    .unwrap();
    let report = repositories::test_connection(
        &s.env.core,
        &s.repo().await,
        Some("other"),
        &Actor::system("test"),
    )
    .await
    .unwrap();
    assert_eq!(report.github.unwrap().branch_protected, Some(false));
}

#[tokio::test]
async fn missing_push_permission_is_a_clear_error() {
    let s = setup(WriteMode::PullRequest).await;
    s.gh.set_push_permission(false);
    let report = repositories::test_connection(
        &s.env.core,
        &s.repo().await,
        Some("main"),
        &Actor::system("test"),
    )
    .await
    .unwrap();
    assert!(!report.ok);
    assert_eq!(report.error_kind.as_deref(), Some("permission"));
    let error = report.error.clone().unwrap();
    assert!(error.contains("lacks the push permission"), "{error}");
    assert!(error.contains("granted: pull"), "{error}");
    assert!(!error.contains(TOKEN));
    assert_eq!(report.github.unwrap().can_push, Some(false));
    let repo = s.repo().await;
    assert_eq!(repo.connection_status, ConnectionStatus::Failed);
    assert!(repo.validation_error.unwrap().contains("push permission"));

    // Write-back says the same and leaves the draft a draft; nothing is pushed or opened.
    s.draft("vpc-1", 1).await;
    let report = s.write_back(Options::default()).await.unwrap();
    assert_eq!(report.status, OperationStatus::Failed);
    let message = report
        .errors
        .iter()
        .map(|e| e.message.clone())
        .collect::<Vec<_>>()
        .join("; ");
    assert!(message.contains("lacks the push permission"), "{message}");
    assert_eq!(s.state("vpc-1").await.resource_state, ResourceState::Draft);
    assert!(s.gh.pulls().is_empty());
    let heads = git(
        &s.env.git.remote_path(),
        &["for-each-ref", "--format=%(refname)"],
    )
    .unwrap();
    assert!(!heads.contains("hnp/sync-"), "{heads}");
}

#[tokio::test]
async fn pull_request_mode_opens_updates_and_merge_commits() {
    let s = setup(WriteMode::PullRequest).await;
    let main_before = s.env.git.remote_log().unwrap()[0].clone();
    s.draft("vpc-1", 11).await;
    s.draft("vpc-3", 13).await;
    let first = s.write_back(Options::default()).await.unwrap();
    assert_eq!(first.status, OperationStatus::Succeeded, "{first:?}");
    let url = first.pull_request_url.clone().expect("a pull request URL");

    // One pull request, from hnp/sync-<operation> into main, listing every change.
    let pulls = s.gh.pulls();
    assert_eq!(pulls.len(), 1);
    let pr = &pulls[0];
    let branch = format!("hnp/sync-{}", first.operation_id);
    assert_eq!(
        (pr.head.as_str(), pr.base.as_str()),
        (branch.as_str(), "main")
    );
    assert_eq!(pr.title, "HNP: update 1 VPC, create 1 VPC (dc1)");
    assert!(pr.body.contains("| updated | VPC | vpc-1 |"), "{}", pr.body);
    assert!(pr.body.contains("| created | VPC | vpc-3 |"), "{}", pr.body);
    assert!(pr.body.contains(&first.operation_id), "{}", pr.body);
    assert!(url.ends_with("/pull/1"), "{url}");
    // The branch really holds the change; main does not.
    assert_eq!(s.env.git.remote_log().unwrap()[0], main_before);
    let created = s
        .remote_branch_file(&branch, &format!("{DIR}/managed/vpcs/vpc-3.yaml"))
        .expect("vpc-3 on the pull request branch");
    assert!(created.contains("10.9.13.0/24"), "{created}");
    assert!(
        s.env
            .git
            .remote_file(&format!("{DIR}/managed/vpcs/vpc-3.yaml"))
            .unwrap()
            .is_none()
    );
    // The operation records the URL; the drafts are proposed.
    let op = sync_operation::Entity::find_by_id(first.operation_id.clone())
        .one(&s.env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(op.pull_request_url.as_deref(), Some(url.as_str()));
    assert_eq!(
        s.state("vpc-1").await.resource_state,
        ResourceState::Pending
    );
    assert_eq!(
        s.state("vpc-3").await.resource_state,
        ResourceState::Pending
    );
    assert!(s.state("vpc-1").await.draft_spec.is_some());
    assert_eq!(s.fabric().await.pull_request_number, Some(1));

    // A second write-back while it is open: a new commit on the same branch, same PR.
    let branch_head = git(&s.env.git.remote_path(), &["rev-parse", &branch]).unwrap();
    s.draft("vpc-2", 12).await;
    let second = s.write_back(Options::default()).await.unwrap();
    assert_eq!(second.status, OperationStatus::Succeeded, "{second:?}");
    assert_eq!(second.pull_request_url.as_deref(), Some(url.as_str()));
    let pulls = s.gh.pulls();
    assert_eq!(pulls.len(), 1, "no second pull request");
    assert!(
        pulls[0].body.contains("| updated | VPC | vpc-2 |"),
        "{}",
        pulls[0].body
    );
    assert!(
        pulls[0].body.contains("| created | VPC | vpc-3 |"),
        "{}",
        pulls[0].body
    );
    let new_head = git(&s.env.git.remote_path(), &["rev-parse", &branch]).unwrap();
    assert_ne!(new_head, branch_head);
    let parent = git(
        &s.env.git.remote_path(),
        &["rev-parse", &format!("{new_head}^1")],
    )
    .unwrap();
    assert_eq!(
        parent, branch_head,
        "the update is a new commit on the branch"
    );
    assert_eq!(second.commit.as_deref(), Some(new_head.as_str()));
    assert!(
        !git(
            &s.env.git.remote_path(),
            &["for-each-ref", "--format=%(refname)"]
        )
        .unwrap()
        .contains(&format!("hnp/sync-{}", second.operation_id)),
        "no branch for the second operation"
    );
    assert_eq!(
        s.state("vpc-2").await.resource_state,
        ResourceState::Pending
    );

    // Merged on GitHub (a real merge into main): ingestion settles the drafts.
    s.gh.merge(1).unwrap();
    sync(&s.env, s.fabric.id).await;
    for (name, i) in [("vpc-1", 11), ("vpc-2", 12), ("vpc-3", 13)] {
        let row = s.state(name).await;
        assert_eq!(row.resource_state, ResourceState::Committed, "{name}");
        assert!(row.draft_spec.is_none(), "{name}: draft cleared");
        assert_eq!(row.desired_spec, Some(vpc_spec(i)), "{name}");
    }
    // Detection sees the merge too and the fabric forgets the pull request.
    assert_eq!(
        pulls::check_open(&s.env.core, &s.fabric().await)
            .await
            .unwrap(),
        Some(true)
    );
    assert_eq!(s.fabric().await.pull_request_number, None);
    // Nothing left to propose.
    let third = s.write_back(Options::default()).await.unwrap();
    assert_eq!(third.pull_request_url, None);
    assert_eq!(s.gh.pulls().len(), 1);
}

#[tokio::test]
async fn closed_unmerged_pull_request_restores_drafts() {
    closed_unmerged_pull_request_restores_drafts_on(Backend::Sqlite).await;
}

#[tokio::test]
async fn closed_unmerged_pull_request_restores_drafts_postgres() {
    closed_unmerged_pull_request_restores_drafts_on(Backend::Postgres).await;
}

async fn closed_unmerged_pull_request_restores_drafts_on(backend: Backend) {
    let s = setup_on(backend, WriteMode::PullRequest).await;
    s.draft("vpc-1", 21).await;
    let report = s.write_back(Options::default()).await.unwrap();
    assert!(report.pull_request_url.is_some());
    assert_eq!(
        s.state("vpc-1").await.resource_state,
        ResourceState::Pending
    );

    // Still open: detection changes nothing.
    assert_eq!(
        pulls::check_open(&s.env.core, &s.fabric().await)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        s.state("vpc-1").await.resource_state,
        ResourceState::Pending
    );

    s.gh.close(1);
    assert_eq!(
        pulls::check_open(&s.env.core, &s.fabric().await)
            .await
            .unwrap(),
        Some(false)
    );
    let row = s.state("vpc-1").await;
    assert_eq!(row.resource_state, ResourceState::Draft);
    assert_eq!(row.draft_spec, Some(vpc_spec(21)), "the draft is kept");
    let note = row.draft_note.expect("a note");
    assert!(
        note.contains("#1") && note.contains("closed without merging"),
        "{note}"
    );
    assert_eq!(s.fabric().await.pull_request_number, None);

    // The next write-back proposes it again in a new pull request.
    let again = s.write_back(Options::default()).await.unwrap();
    assert!(again.pull_request_url.unwrap().ends_with("/pull/2"));
    assert_eq!(
        s.state("vpc-1").await.resource_state,
        ResourceState::Pending
    );
    assert!(s.state("vpc-1").await.draft_note.is_none());

    // A `pull_request` webhook (closed, not merged) does the same.
    s.gh.close(2);
    let repo = s.repo().await;
    // A fork's pull request with the same number or the same branch name is not ours.
    let head = format!("hnp/sync-{}", again.operation_id);
    for (number, head_repository) in [
        (2, Some("attacker/fabric")),
        (2, None),
        (7, Some("o/fabric")),
    ] {
        let outcome = pulls::handle_closed(
            &s.env.core,
            repo.id,
            &pulls::ClosedPullRequest {
                number,
                head_ref: &head,
                head_repository,
                repository: Some("o/fabric"),
                url: "https://example.invalid/pull/2",
                merged: false,
            },
        )
        .await
        .unwrap();
        assert!(outcome.is_empty(), "{number} {head_repository:?}");
        assert_eq!(
            s.state("vpc-1").await.resource_state,
            ResourceState::Pending
        );
    }
    let outcome = pulls::handle_closed(
        &s.env.core,
        repo.id,
        &pulls::ClosedPullRequest {
            number: 2,
            head_ref: &head,
            head_repository: Some("o/fabric"),
            repository: Some("O/Fabric"),
            url: "https://example.invalid/pull/2",
            merged: false,
        },
    )
    .await
    .unwrap();
    assert_eq!(outcome.len(), 1);
    assert_eq!(outcome[0].restored, 1);
    assert_eq!(s.state("vpc-1").await.resource_state, ResourceState::Draft);

    // Proposed once more and merged: the `pull_request` webhook (closed, merged) only makes the
    // fabric forget the pull request; the drafts settle when the branch is ingested.
    let third = s.write_back(Options::default()).await.unwrap();
    assert!(third.pull_request_url.unwrap().ends_with("/pull/3"));
    s.gh.merge(3).unwrap();
    let head = format!("hnp/sync-{}", third.operation_id);
    let outcome = pulls::handle_closed(
        &s.env.core,
        repo.id,
        &pulls::ClosedPullRequest {
            number: 3,
            head_ref: &head,
            head_repository: Some("o/fabric"),
            repository: Some("o/fabric"),
            url: "https://example.invalid/pull/3",
            merged: true,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (outcome.len(), outcome[0].merged, outcome[0].restored),
        (1, true, 0)
    );
    assert_eq!(s.fabric().await.pull_request_number, None);
    assert_eq!(
        s.state("vpc-1").await.resource_state,
        ResourceState::Pending
    );
    sync(&s.env, s.fabric.id).await;
    let row = s.state("vpc-1").await;
    assert_eq!(row.resource_state, ResourceState::Committed);
    assert_eq!(row.desired_spec, Some(vpc_spec(21)));
    assert!(row.draft_spec.is_none() && row.draft_note.is_none());

    // Each pull request raised its notifications once (opened; closed or merged), whichever
    // path (detection or webhook) saw it close.
    let mut raised: Vec<String> = hnp_entity::notification_event::Entity::find()
        .all(&s.env.core.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.event.starts_with("pull_request_"))
        .map(|e| e.dedup_key)
        .collect();
    raised.sort();
    let f = s.fabric.id;
    assert_eq!(
        raised,
        [
            format!("pull_request_closed:{f}:1"),
            format!("pull_request_closed:{f}:2"),
            format!("pull_request_merged:{f}:3"),
            format!("pull_request_opened:{f}:1"),
            format!("pull_request_opened:{f}:2"),
            format!("pull_request_opened:{f}:3"),
        ]
    );
}

fn at_unix(t: SystemTime) -> f64 {
    t.duration_since(UNIX_EPOCH).unwrap().as_secs_f64()
}

#[tokio::test]
async fn rate_limit_near_zero_waits_for_the_reset() {
    let s = setup(WriteMode::DirectPush).await;
    // Two requests left until a reset two seconds ahead: at or below the reserve.
    let reset = unix_now() + 2;
    s.gh.set_rate_limit(github::rate::RESERVE as i64 - 3, reset);
    let report = repositories::test_connection(
        &s.env.core,
        &s.repo().await,
        Some("main"),
        &Actor::system("test"),
    )
    .await
    .unwrap();
    assert!(report.ok, "{report:?}");
    let log = s.gh.requests();
    assert_eq!(log.len(), 2);
    assert!(
        at_unix(log[0].at) < reset as f64,
        "the first request went at once"
    );
    assert!(
        at_unix(log[1].at) >= reset as f64,
        "the second request waited for the reset: sent at {} < reset {reset}",
        at_unix(log[1].at)
    );
    // The budget after the reset is what the repository shows now.
    let limit = github::stored_rate_limit(&s.repo().await).unwrap();
    assert_eq!((limit.limit, limit.remaining), (5000, 4999));
}

#[tokio::test]
async fn secondary_rate_limit_is_retried_after_the_advised_delay() {
    let s = setup(WriteMode::PullRequest).await;
    s.gh.queue_secondary_limit("POST", "/pulls", 2);
    s.draft("vpc-1", 31).await;
    let report = s.write_back(Options::default()).await.unwrap();
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:?}");
    let posts: Vec<_> =
        s.gh.requests()
            .into_iter()
            .filter(|r| r.method == "POST")
            .collect();
    assert_eq!(posts.len(), 2, "refused once, then retried");
    assert_eq!((posts[0].status, posts[1].status), (403, 201));
    let gap = posts[1].at.duration_since(posts[0].at).unwrap();
    assert!(gap >= Duration::from_secs(2), "retried after {gap:?}");
    assert_eq!(s.gh.pulls().len(), 1);
}

#[tokio::test]
async fn a_wait_beyond_the_bound_is_a_retryable_rate_limit_error() {
    let s = setup(WriteMode::PullRequest).await;
    s.draft("vpc-1", 41).await;
    s.gh.set_rate_limit(0, unix_now() + 3600);

    // Connection test: reported, at once.
    let started = std::time::Instant::now();
    let report = repositories::test_connection(
        &s.env.core,
        &s.repo().await,
        Some("main"),
        &Actor::system("test"),
    )
    .await
    .unwrap();
    assert_eq!(
        report.error_kind.as_deref(),
        Some("rate_limited"),
        "{report:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(30));

    // A job's write-back: an error carrying the delay; the operation stays open for the retry.
    let queued = hnp_core::operations::queue(
        &s.env.core.db,
        s.fabric.id,
        OperationDirection::GuiToGit,
        &requester(),
        false,
    )
    .await
    .unwrap();
    let result = s
        .write_back(Options {
            operation_id: Some(queued.id.clone()),
            ..Default::default()
        })
        .await;
    match result {
        Err(Error::RateLimited {
            retry_after_secs, ..
        }) => assert!(retry_after_secs > 3000, "{retry_after_secs}"),
        other => panic!("expected RateLimited, got {other:?}"),
    }
    let op = sync_operation::Entity::find_by_id(queued.id)
        .one(&s.env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(op.status, OperationStatus::Running);
    assert_eq!(s.state("vpc-1").await.resource_state, ResourceState::Draft);

    // From the CLI (no job to retry it): the operation fails and says why.
    let report = s.write_back(Options::default()).await.unwrap();
    assert_eq!(report.status, OperationStatus::Failed);
    let message = report
        .errors
        .iter()
        .map(|e| e.message.clone())
        .collect::<Vec<_>>()
        .join("; ");
    assert!(message.contains("rate limit"), "{message}");
}
