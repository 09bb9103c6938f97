//! hnp-jobs against a real Redis (redis://127.0.0.1:6379, one namespace per test, deleted at
//! the end) and a real SQLite database, on real git repositories.

use std::time::Duration;

use hnp_core::audit::Actor;
use hnp_core::config::Config;
use hnp_core::context::Core;
use hnp_core::operations::Requester;
use hnp_core::repositories::{self, NewFabric};
use hnp_entity::enums::{AuthType, OperationDirection, OperationStatus, OperationTrigger};
use hnp_entity::{fabric, git_repository, sync_operation};
use hnp_jobs::{DetectExternalModifications, Jobs, Run, Settings};
use hnp_tests::{GitFixture, TestDatabase};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

const REDIS: &str = "redis://127.0.0.1:6379";

struct Env {
    core: Core,
    git: GitFixture,
    _db: TestDatabase,
    _data: tempfile::TempDir,
    namespace: String,
}

async fn env(redis: bool) -> Env {
    let test_db = TestDatabase::sqlite().unwrap();
    let data = tempfile::tempdir().unwrap();
    let config = Config {
        database_url: Some(test_db.url.clone()),
        data_dir: data.path().to_owned(),
        redis_url: redis.then(|| REDIS.to_owned()),
        ..Config::default()
    };
    let db = hnp_core::db::connect(&test_db.url).await.unwrap();
    hnp_core::db::migrate(&db).await.unwrap();
    hnp_core::flags::ensure_defaults(&db, &config)
        .await
        .unwrap();
    let git = GitFixture::new().unwrap();
    git.write("fabrics/dc1/README.md", "fabric dc1\n").unwrap();
    git.commit("initial").unwrap();
    Env {
        core: Core::new(config, db).unwrap(),
        git,
        _db: test_db,
        _data: data,
        namespace: format!("hnp-test-{}", uuid::Uuid::new_v4().simple()),
    }
}

impl Env {
    fn settings(&self) -> Settings {
        Settings {
            namespace: self.namespace.clone(),
            lock_ttl: Duration::from_secs(5),
            reap_interval: Duration::from_secs(3600),
            ..Settings::default()
        }
    }

    async fn jobs(&self) -> Jobs {
        Jobs::connect_with(self.core.clone(), self.settings())
            .await
            .unwrap()
    }

    async fn fabric(&self, name: &str) -> fabric::Model {
        repositories::create_fabric(
            &self.core,
            NewFabric {
                name: name.into(),
                repo_url: self.git.url(),
                directory: format!("fabrics/{name}"),
                branch: None,
                auth: AuthType::None,
                credentials: None,
                ssh_host_keys: vec![],
                commit_author: None,
            },
            &Actor::system("test"),
        )
        .await
        .unwrap()
        .0
    }

    async fn op(&self, id: &str) -> sync_operation::Model {
        sync_operation::Entity::find_by_id(id.to_owned())
            .one(&self.core.db)
            .await
            .unwrap()
            .unwrap()
    }

    async fn wait_done(&self, id: &str, within: Duration) -> sync_operation::Model {
        let until = tokio::time::Instant::now() + within;
        loop {
            let op = self.op(id).await;
            if !matches!(
                op.status,
                OperationStatus::Queued | OperationStatus::Running
            ) {
                return op;
            }
            assert!(
                tokio::time::Instant::now() < until,
                "operation {id} not finished in {within:?}: {op:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn cleanup_redis(&self) {
        let client = redis::Client::open(REDIS).unwrap();
        let mut conn = client.get_multiplexed_async_connection().await.unwrap();
        let keys: Vec<String> = redis::cmd("KEYS")
            .arg(format!("*{}*", self.namespace))
            .query_async(&mut conn)
            .await
            .unwrap();
        for key in keys {
            let _: () = redis::cmd("DEL")
                .arg(key)
                .query_async(&mut conn)
                .await
                .unwrap();
        }
    }
}

fn requester() -> Requester {
    Requester {
        user_id: None,
        name: "alice".into(),
        trigger: OperationTrigger::Api,
    }
}

type Stop = tokio::sync::oneshot::Sender<()>;

fn start_workers(jobs: &Jobs, concurrency: usize) -> (Stop, tokio::task::JoinHandle<()>) {
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let jobs = jobs.clone();
    let handle = tokio::spawn(async move {
        jobs.run_workers(concurrency, false, async move {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    (tx, handle)
}

async fn stop(workers: (Stop, tokio::task::JoinHandle<()>)) {
    let _ = workers.0.send(());
    let _ = tokio::time::timeout(Duration::from_secs(20), workers.1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn triggered_sync_runs_through_redis_and_progress_reaches_another_instance() {
    let env = env(true).await;
    let fabric = env.fabric("dc1").await;
    let worker = env.jobs().await;
    let api = env.jobs().await; // a second process: no workers, only the bus
    let mut events = api.bus().subscribe();
    let workers = start_workers(&worker, 2);
    let started = std::time::Instant::now();
    let op = api
        .trigger(&fabric, Run::GitToGui, false, requester())
        .await
        .unwrap();
    assert_eq!(op.status, OperationStatus::Queued);
    let done = env.wait_done(&op.id, Duration::from_secs(10)).await;
    assert_eq!(done.status, OperationStatus::Succeeded, "{done:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    let mut phases = vec![];
    while let Ok(Ok(e)) = tokio::time::timeout(Duration::from_secs(3), events.recv()).await {
        if e.operation_id == op.id {
            phases.push(e.phase.clone());
            if e.phase == "done" {
                break;
            }
        }
    }
    assert!(phases.contains(&"fetch".to_owned()), "{phases:?}");
    assert_eq!(
        phases.last().map(String::as_str),
        Some("done"),
        "{phases:?}"
    );
    stop(workers).await;
    env.cleanup_redis().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn queued_triggers_are_deduplicated() {
    let env = env(true).await;
    let fabric = env.fabric("dc1").await;
    let jobs = env.jobs().await; // no workers: stays queued
    let a = jobs
        .trigger(&fabric, Run::GitToGui, false, requester())
        .await
        .unwrap();
    let b = jobs
        .trigger(&fabric, Run::GitToGui, false, requester())
        .await
        .unwrap();
    assert_eq!(a.id, b.id);
    let c = jobs
        .trigger(&fabric, Run::GuiToGit, true, requester())
        .await
        .unwrap();
    assert_ne!(a.id, c.id);
    // Now let a worker drain: each queued operation runs once.
    let workers = start_workers(&jobs, 2);
    let done = env.wait_done(&a.id, Duration::from_secs(10)).await;
    assert_eq!(done.status, OperationStatus::Succeeded);
    env.wait_done(&c.id, Duration::from_secs(10)).await;
    let count = sync_operation::Entity::find()
        .filter(sync_operation::Column::FabricId.eq(fabric.id))
        .count(&env.core.db)
        .await
        .unwrap();
    assert_eq!(count, 2);
    stop(workers).await;
    env.cleanup_redis().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 6)]
async fn two_workers_never_run_one_fabric_twice_at_once() {
    let env = env(true).await;
    let fabric = env.fabric("dc1").await;
    let w1 = env.jobs().await;
    let w2 = env.jobs().await;
    let api = env.jobs().await;
    // Distinct operations of one fabric (different directions / dry-run: no dedupe).
    let mut ids = vec![];
    for (run, dry) in [
        (Run::GitToGui, false),
        (Run::GuiToGit, true),
        (Run::Bidirectional, true),
        (Run::GuiToGit, false),
    ] {
        ids.push(
            api.trigger(&fabric, run, dry, requester())
                .await
                .unwrap()
                .id,
        );
    }
    let a = start_workers(&w1, 4);
    let b = start_workers(&w2, 4);
    let mut spans = vec![];
    for id in &ids {
        let op = env.wait_done(id, Duration::from_secs(30)).await;
        spans.push((op.started_at.unwrap(), op.finished_at.unwrap()));
    }
    spans.sort();
    for pair in spans.windows(2) {
        assert!(pair[0].1 <= pair[1].0, "overlapping operations: {spans:?}");
    }
    stop(a).await;
    stop(b).await;
    env.cleanup_redis().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn late_scheduled_detection_is_dropped_and_counted() {
    let env = env(true).await;
    let _fabric = env.fabric("dc1").await;
    let jobs = env.jobs().await;
    let workers = start_workers(&jobs, 1);
    let now = chrono::Utc::now().timestamp();
    jobs.push_detect(DetectExternalModifications {
        scheduled_at: now - 120,
        not_after: Some(now - 60),
    })
    .await
    .unwrap();
    let until = tokio::time::Instant::now() + Duration::from_secs(10);
    while jobs
        .metrics()
        .expired_dropped
        .load(std::sync::atomic::Ordering::Relaxed)
        == 0
    {
        assert!(tokio::time::Instant::now() < until, "not dropped");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        jobs.metrics()
            .detections
            .load(std::sync::atomic::Ordering::Relaxed),
        0
    );
    let ops = sync_operation::Entity::find()
        .count(&env.core.db)
        .await
        .unwrap();
    assert_eq!(ops, 0);
    stop(workers).await;
    env.cleanup_redis().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn detection_queues_a_sync_only_when_the_remote_moved() {
    let env = env(true).await;
    let fabric = env.fabric("dc1").await;
    let jobs = env.jobs().await;
    let workers = start_workers(&jobs, 1);
    // Never ingested: the remote head differs from desired_state_commit (none).
    assert_eq!(jobs.detect_now(&[fabric.id]).await.unwrap(), 1);
    let op = sync_operation::Entity::find()
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(op.direction, OperationDirection::GitToGui);
    env.wait_done(&op.id, Duration::from_secs(10)).await;
    // Up to date now: no operation row.
    assert_eq!(jobs.detect_now(&[fabric.id]).await.unwrap(), 0);
    assert_eq!(
        sync_operation::Entity::find()
            .count(&env.core.db)
            .await
            .unwrap(),
        1
    );
    env.git.write("fabrics/dc1/notes.md", "changed\n").unwrap();
    env.git.commit("external change").unwrap();
    assert_eq!(jobs.detect_now(&[fabric.id]).await.unwrap(), 1);
    stop(workers).await;
    env.cleanup_redis().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn missing_remote_fails_once_without_retries() {
    let env = env(true).await;
    let fabric = env.fabric("dc1").await;
    let repo = git_repository::Entity::find_by_id(fabric.git_repository_id.unwrap())
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    let mut active: git_repository::ActiveModel = repo.into();
    active.url = Set(format!(
        "file://{}/does-not-exist.git",
        env._data.path().display()
    ));
    active.update(&env.core.db).await.unwrap();
    let jobs = env.jobs().await;
    let workers = start_workers(&jobs, 1);
    let op = jobs
        .trigger(&fabric, Run::GitToGui, false, requester())
        .await
        .unwrap();
    let done = env.wait_done(&op.id, Duration::from_secs(10)).await;
    assert_eq!(done.status, OperationStatus::Failed, "{done:?}");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        jobs.metrics()
            .retries
            .load(std::sync::atomic::Ordering::Relaxed),
        0
    );
    assert_eq!(
        jobs.metrics()
            .syncs_run
            .load(std::sync::atomic::Ordering::Relaxed),
        0
    );
    stop(workers).await;
    env.cleanup_redis().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cleanup_keeps_thirty_days_and_the_last_fifty() {
    let env = env(false).await;
    let fabric = env.fabric("dc1").await;
    let jobs = env.jobs().await;
    let db = &env.core.db;
    let now = chrono::Utc::now();
    for i in 0..120 {
        let op =
            hnp_core::operations::start(db, fabric.id, OperationDirection::GitToGui, &requester())
                .await
                .unwrap();
        let mut active: sync_operation::ActiveModel = op.into();
        active.status = Set(OperationStatus::Succeeded);
        active.created_at = Set(now - chrono::Duration::days(40) - chrono::Duration::minutes(i));
        active.update(db).await.unwrap();
    }
    for _ in 0..5 {
        let op =
            hnp_core::operations::start(db, fabric.id, OperationDirection::GitToGui, &requester())
                .await
                .unwrap();
        let mut active: sync_operation::ActiveModel = op.into();
        active.status = Set(OperationStatus::Succeeded);
        active.created_at = Set(now - chrono::Duration::days(2));
        active.update(db).await.unwrap();
    }
    assert_eq!(jobs.cleanup_now().await.unwrap(), 75);
    let left = sync_operation::Entity::find().count(db).await.unwrap();
    assert_eq!(left, 50);
    let recent = sync_operation::Entity::find()
        .filter(sync_operation::Column::CreatedAt.gt(now - chrono::Duration::days(30)))
        .count(db)
        .await
        .unwrap();
    assert_eq!(recent, 5);
    // Idempotent.
    assert_eq!(jobs.cleanup_now().await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn embedded_backend_runs_the_same_sync() {
    let env = env(false).await;
    let fabric = env.fabric("dc1").await;
    let jobs = env.jobs().await;
    assert!(!jobs.is_redis());
    let mut events = jobs.bus().subscribe();
    let workers = start_workers(&jobs, 2);
    let op = jobs
        .trigger(&fabric, Run::GitToGui, false, requester())
        .await
        .unwrap();
    let done = env.wait_done(&op.id, Duration::from_secs(10)).await;
    assert_eq!(done.status, OperationStatus::Succeeded, "{done:?}");
    let first = tokio::time::timeout(Duration::from_secs(2), events.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.operation_id, op.id);
    stop(workers).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn operation_left_running_by_a_dead_worker_is_requeued_and_finishes() {
    let env = env(true).await;
    let fabric = env.fabric("dc1").await;
    let jobs = env.jobs().await;
    // A "dead worker": a running operation, no lease, started long ago.
    let op = hnp_core::operations::start(
        &env.core.db,
        fabric.id,
        OperationDirection::GitToGui,
        &requester(),
    )
    .await
    .unwrap();
    let mut active: sync_operation::ActiveModel = op.clone().into();
    active.started_at = Set(Some(chrono::Utc::now() - chrono::Duration::minutes(10)));
    active.update(&env.core.db).await.unwrap();
    let workers = start_workers(&jobs, 1);
    assert_eq!(jobs.reap().await.unwrap(), 1);
    let done = env.wait_done(&op.id, Duration::from_secs(10)).await;
    assert_eq!(done.status, OperationStatus::Succeeded, "{done:?}");
    stop(workers).await;
    env.cleanup_redis().await;
}

/// A command-line run holding the fabric lease makes a second holder wait until it is done
/// (Redis lease shared by two `Jobs` handles, as between a CLI process and a worker).
#[tokio::test]
async fn fabric_lock_serializes_command_line_runs() {
    let env = env(true).await;
    let (a, b) = (env.jobs().await, env.jobs().await);
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let first = {
        let log = log.clone();
        tokio::spawn(async move {
            a.with_fabric_lock(7, async {
                log.lock().unwrap().push("a-start");
                tokio::time::sleep(Duration::from_millis(400)).await;
                log.lock().unwrap().push("a-end");
            })
            .await
            .unwrap();
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    b.with_fabric_lock(7, async {
        log.lock().unwrap().push("b-start");
    })
    .await
    .unwrap();
    first.await.unwrap();
    assert_eq!(*log.lock().unwrap(), vec!["a-start", "a-end", "b-start"]);
    env.cleanup_redis().await;
}

/// A transient failure (the git server refuses connections) is retried with backoff: the
/// operation goes back to queued with a "retrying" message and succeeds once the server is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transient_failures_are_retried_with_backoff() {
    use hnp_tests::git_support::HttpGitServer;
    let env = env(true).await;
    let server = HttpGitServer::start(env.git.remote_path().parent().unwrap(), "u", "p").unwrap();
    let upstream = server.url("remote.git");
    let upstream_addr = upstream
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    // A port nobody listens on yet: the fabric's remote goes through it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (fabric, _) = repositories::create_fabric(
        &env.core,
        NewFabric {
            name: "flaky".into(),
            repo_url: format!("http://127.0.0.1:{port}/remote.git"),
            directory: "fabrics/dc1".into(),
            branch: Some("main".into()),
            auth: AuthType::Basic,
            credentials: Some("u:p".into()),
            ssh_host_keys: vec![],
            commit_author: None,
        },
        &Actor::system("test"),
    )
    .await
    .unwrap();
    let jobs = env.jobs().await;
    let workers = start_workers(&jobs, 1);
    let op = jobs
        .trigger(&fabric, Run::GitToGui, false, requester())
        .await
        .unwrap();
    // First attempt: connection refused → queued again, to be retried after 1 s.
    let until = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let retries = jobs
            .metrics()
            .retries
            .load(std::sync::atomic::Ordering::Relaxed);
        if retries >= 1 {
            break;
        }
        assert!(tokio::time::Instant::now() < until, "no retry happened");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let retried = env.op(&op.id).await;
    assert!(
        matches!(
            retried.status,
            OperationStatus::Queued | OperationStatus::Running
        ),
        "{retried:?}"
    );
    assert!(
        retried
            .message
            .as_deref()
            .unwrap_or_default()
            .starts_with("retrying"),
        "{retried:?}"
    );
    // The server comes back (a proxy on the fabric's port): the next attempt succeeds.
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    let proxy = tokio::spawn(async move {
        loop {
            let Ok((mut inbound, _)) = listener.accept().await else {
                return;
            };
            let target = upstream_addr.clone();
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    let done = env.wait_done(&op.id, Duration::from_secs(20)).await;
    assert_eq!(done.status, OperationStatus::Succeeded, "{done:?}");
    proxy.abort();
    stop(workers).await;
    env.cleanup_redis().await;
}

/// `sync_cluster_state` through Redis: a scheduled pass queues one `cluster_read` per fabric
/// with a cluster connection (none for the fabric without one), the worker reads the cluster,
/// and a second pass while one is queued returns it instead of queueing another.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn scheduled_cluster_state_reads_only_fabrics_with_a_cluster() {
    use hnp_core::cluster::{ClusterInput, set_cluster};
    use hnp_jobs::SyncClusterState;
    use hnp_tests::kube_server::{
        KubeApiServer, TEST_TOKEN, hedgehog_cluster_copy, hedgehog_kinds,
    };

    let env = env(true).await;
    let with_cluster = env.fabric("dc1").await;
    let without = env.fabric("dc2").await;
    let server = KubeApiServer::start(hedgehog_kinds()).unwrap();
    server.put(hedgehog_cluster_copy(&serde_json::json!({
        "apiVersion": "vpc.githedgehog.com/v1beta1",
        "kind": "VPC",
        "metadata": {"name": "vpc-1"},
        "spec": {"subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1001}}}
    })));
    set_cluster(
        &env.core,
        &with_cluster,
        ClusterInput::Server {
            api_server: server.url().to_owned(),
            ca_cert: Some(server.ca_pem().to_owned()),
            token: Some(TEST_TOKEN.to_owned()),
            namespace: None,
            insecure_skip_tls_verify: false,
        },
        &Actor::system("test"),
    )
    .await
    .unwrap();
    let jobs = env.jobs().await;
    // Queued twice before any worker runs: one operation.
    assert_eq!(jobs.cluster_due().await.unwrap(), 1);
    assert_eq!(jobs.cluster_due().await.unwrap(), 1);
    let ops = sync_operation::Entity::find()
        .filter(sync_operation::Column::Direction.eq(OperationDirection::ClusterRead))
        .all(&env.core.db)
        .await
        .unwrap();
    assert_eq!(ops.len(), 1);
    assert_eq!(ops[0].fabric_id, with_cluster.id);
    assert_eq!(ops[0].trigger, OperationTrigger::Schedule);

    let workers = start_workers(&jobs, 1);
    let done = env.wait_done(&ops[0].id, Duration::from_secs(20)).await;
    assert_eq!(done.status, OperationStatus::Succeeded, "{done:?}");
    assert_eq!(done.resources_created, 1); // the VPC only the cluster has
    // The scheduled job itself, as the cron producer enqueues it.
    let now = chrono::Utc::now().timestamp();
    jobs.push_cluster(SyncClusterState {
        scheduled_at: now,
        not_after: Some(now + 60),
    })
    .await
    .unwrap();
    let until = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let reads = sync_operation::Entity::find()
            .filter(sync_operation::Column::Direction.eq(OperationDirection::ClusterRead))
            .filter(sync_operation::Column::Status.eq(OperationStatus::Succeeded))
            .count(&env.core.db)
            .await
            .unwrap();
        if reads == 2 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < until,
            "scheduled read did not run"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let for_without = sync_operation::Entity::find()
        .filter(sync_operation::Column::FabricId.eq(without.id))
        .count(&env.core.db)
        .await
        .unwrap();
    assert_eq!(for_without, 0);
    stop(workers).await;
    env.cleanup_redis().await;
}

/// The inline road (`hnp sync`: the orchestrator under the fabric's lease) and the job road
/// (trigger → worker → the orchestrator) give the same operation row for the same change:
/// two fabrics on identical directories, one synced each way, Git → GUI and then a write-back.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn inline_and_job_syncs_record_the_same_operation() {
    use hnp_core::progress::NoProgress;
    use hnp_core::sync::ingest::parse::ResourceKey;
    use hnp_core::sync::{self, Request};
    let env = env(false).await;
    for dir in ["fabrics/inline", "fabrics/queued"] {
        let docs: Vec<String> = (0..3)
            .map(|i| hnp_tests::vpc_doc(&format!("vpc-{i}"), i))
            .collect();
        env.git
            .write(&format!("{dir}/vpcs.yaml"), docs.join("---\n"))
            .unwrap();
    }
    env.git.commit("two identical fabrics").unwrap();
    let inline = env.fabric("inline").await;
    let queued = env.fabric("queued").await;
    let jobs = env.jobs().await;
    let workers = start_workers(&jobs, 1);

    let by_inline = |run: Run| {
        let (core, jobs, fabric) = (env.core.clone(), jobs.clone(), inline.clone());
        async move {
            let report = jobs
                .with_fabric_lock(
                    fabric.id,
                    sync::run(
                        &core,
                        &fabric,
                        run,
                        Request::default(),
                        &requester(),
                        &NoProgress,
                    ),
                )
                .await
                .unwrap()
                .unwrap();
            report.operation_id().to_owned()
        }
    };
    let by_job = |run: Run| {
        let (jobs, fabric) = (jobs.clone(), queued.clone());
        let env = &env;
        async move {
            let op = jobs
                .trigger(&fabric, run, false, requester())
                .await
                .unwrap();
            env.wait_done(&op.id, Duration::from_secs(20)).await.id
        }
    };
    let comparable = |op: sync_operation::Model| {
        serde_json::json!({
            "direction": op.direction,
            "status": op.status,
            "files_processed": op.files_processed,
            "created": op.resources_created,
            "updated": op.resources_updated,
            "deleted": op.resources_deleted,
            "unchanged": op.resources_unchanged,
            "conflicts": op.conflicts_detected,
            "errors": op.errors,
            "requested_by": op.requested_by,
            "dry_run": op.dry_run,
            "has_commit": op.commit_sha.is_some(),
            "phase": op.phase,
            "percent": op.percent,
        })
    };
    for step in ["ingest", "write-back"] {
        let run = if step == "ingest" {
            Run::GitToGui
        } else {
            for fabric in [&inline, &queued] {
                hnp_core::sync::drafts::set(
                    &env.core,
                    fabric,
                    &ResourceKey {
                        kind: "VPC".into(),
                        namespace: "default".into(),
                        name: "vpc-1".into(),
                    },
                    serde_json::json!({"subnets": {"default": {"subnet": "10.9.0.0/24", "vlan": 1999}}}),
                    &Actor::system("alice"),
                )
                .await
                .unwrap();
            }
            Run::GuiToGit
        };
        let a = env.op(&by_inline(run).await).await;
        let b = env.op(&by_job(run).await).await;
        assert_eq!(a.status, OperationStatus::Succeeded, "{step}: {a:?}");
        assert_eq!(comparable(a), comparable(b), "{step}");
    }
    stop(workers).await;
}
