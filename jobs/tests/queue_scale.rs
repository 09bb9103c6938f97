//! The Redis queue at scale (issue 20 item 2), against a real Redis (redis://127.0.0.1:6379,
//! one unique queue per run, deleted at the end).
//!
//! apalis-redis 1.0's `fetch_next.lua` promoted *every* due task of the scheduled set with one
//! `rpush(unpack(ids))`; past ~8,000 due tasks Lua's C stack limit (LUAI_MAXCSTACK) made every
//! fetch fail with "too many results to unpack" and the workers stopped. The crate is patched
//! (`jobs/vendor/apalis-redis`, see its `PATCHES.md`): promotion is bounded per fetch. This
//! test schedules 100,000 delayed tasks, waits until they are all due, and checks every one is
//! promoted and handled exactly once by workers configured as `hnp-jobs` configures its queues.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use apalis::prelude::*;
use apalis_redis::RedisStorage;
use serde::{Deserialize, Serialize};

const REDIS: &str = "redis://127.0.0.1:6379";
const TASKS: u64 = 100_000;
const WORKERS: usize = 4;
/// Tasks per `fetch_next` call (production uses 1; a larger batch keeps the debug-build test
/// short and does not change the promotion path under test).
const BATCH: usize = 100;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Delayed {
    i: u64,
}

struct Seen {
    /// Handler calls per task index (each must end at exactly 1).
    calls: Vec<AtomicU8>,
    total: AtomicU64,
    done: tokio::sync::Notify,
}

async fn handle(job: Delayed, seen: Data<Arc<Seen>>) -> Result<(), BoxDynError> {
    seen.calls[job.i as usize].fetch_add(1, Ordering::Relaxed);
    if seen.total.fetch_add(1, Ordering::Relaxed) + 1 == TASKS {
        seen.done.notify_one();
    }
    Ok(())
}

fn storage(conn: &redis::aio::ConnectionManager, queue: &str) -> RedisStorage<Delayed> {
    // The shape of `Jobs::redis_config` (named queue, 10 s heartbeat, 3 missed heartbeats).
    RedisStorage::<Delayed>::new(conn.clone()).with_config(
        apalis_redis::Config::default()
            .queue(queue)
            .heartbeat_interval(Duration::from_secs(10))
            .missed_heartbeats(3)
            .batch_size(BATCH),
    )
}

async fn delete_queue(conn: &mut redis::aio::ConnectionManager, queue: &str) {
    let mut cursor: u64 = 0;
    loop {
        let (next, keys): (u64, Vec<String>) = redis::cmd("SCAN")
            .arg(cursor)
            .arg("MATCH")
            .arg(format!("{queue}*"))
            .arg("COUNT")
            .arg(5000)
            .query_async(conn)
            .await
            .unwrap();
        if !keys.is_empty() {
            let _: usize = redis::cmd("UNLINK")
                .arg(&keys)
                .query_async(conn)
                .await
                .unwrap();
        }
        cursor = next;
        if cursor == 0 {
            break;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_due_delayed_tasks_are_all_promoted_and_handled() {
    let client = redis::Client::open(REDIS).unwrap();
    let mut conn = client.get_connection_manager().await.unwrap();
    let queue = format!(
        "hnp-test-scale-{}:delayed",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    let outcome = run(&conn, &queue).await;
    delete_queue(&mut conn, &queue).await;
    outcome.unwrap_or_else(|e| panic!("{e}"));
}

async fn run(conn: &redis::aio::ConnectionManager, queue: &str) -> Result<(), String> {
    // Schedule: every task runs 2 s from now (delayed, not immediate), pushed in batches.
    let due = std::time::SystemTime::now() + Duration::from_secs(2);
    let mut sink = storage(conn, queue);
    let pushing = Instant::now();
    for chunk in (0..TASKS).collect::<Vec<_>>().chunks(5000) {
        let tasks = chunk
            .iter()
            .map(|&i| TaskBuilder::new(Delayed { i }).run_at_time(due).build());
        sink.push_all(&mut futures_util::stream::iter(tasks))
            .await
            .map_err(|e| format!("push: {e}"))?;
    }
    let mut redis = conn.clone();
    let scheduled_key = format!("{queue}:scheduled");
    let scheduled: u64 = redis::cmd("ZCARD")
        .arg(&scheduled_key)
        .query_async(&mut redis)
        .await
        .map_err(|e| e.to_string())?;
    eprintln!(
        "pushed {TASKS} delayed tasks in {:.1} s; {scheduled} in the scheduled set",
        pushing.elapsed().as_secs_f64()
    );
    if scheduled != TASKS {
        return Err(format!(
            "{scheduled_key}: {scheduled} scheduled tasks, expected {TASKS}"
        ));
    }
    // Wait until they are all due, so the first fetch finds 100,000 due tasks at once.
    if let Ok(wait) = due.duration_since(std::time::SystemTime::now()) {
        tokio::time::sleep(wait + Duration::from_millis(100)).await;
    }

    let seen = Arc::new(Seen {
        calls: (0..TASKS).map(|_| AtomicU8::new(0)).collect(),
        total: AtomicU64::new(0),
        done: tokio::sync::Notify::new(),
    });
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut workers = tokio::task::JoinSet::new();
    for w in 0..WORKERS {
        let worker = WorkerBuilder::new(format!("{queue}-w{w}"))
            .backend(storage(conn, queue).poll_with_interval(Duration::from_millis(50)))
            .data(seen.clone())
            .parallelize(tokio::spawn)
            .build(handle);
        let mut stop = stop_rx.clone();
        workers.spawn(worker.run_until(async move {
            let _ = stop.wait_for(|v| *v).await;
            Ok::<(), WorkerError>(())
        }));
    }

    // Until every task is handled; a worker that stops (the unpatched script's error) or no
    // progress for 30 s fails the test.
    let processing = Instant::now();
    let mut last = 0;
    let failure = loop {
        tokio::select! {
            _ = seen.done.notified() => break None,
            ended = workers.join_next() => {
                let why = match ended {
                    Some(Ok(Err(e))) => format!("a worker failed: {e}"),
                    Some(Ok(Ok(()))) => "a worker stopped".to_owned(),
                    Some(Err(e)) => format!("a worker panicked: {e}"),
                    None => "no worker left".to_owned(),
                };
                break Some(why);
            }
            _ = tokio::time::sleep(Duration::from_secs(30)) => {
                let now = seen.total.load(Ordering::Relaxed);
                if now == last {
                    break Some("no progress for 30 s".to_owned());
                }
                last = now;
            }
        }
    };
    let handled = seen.total.load(Ordering::Relaxed);
    let elapsed = processing.elapsed().as_secs_f64();
    let _ = stop_tx.send(true);
    while let Some(r) = tokio::time::timeout(Duration::from_secs(15), workers.join_next())
        .await
        .ok()
        .flatten()
    {
        let _ = r;
    }
    if let Some(why) = failure {
        return Err(format!("{why} after {handled}/{TASKS} tasks handled"));
    }
    eprintln!(
        "handled {TASKS} tasks in {elapsed:.1} s ({:.0}/s)",
        TASKS as f64 / elapsed
    );

    let twice = seen
        .calls
        .iter()
        .enumerate()
        .filter(|(_, c)| c.load(Ordering::Relaxed) != 1)
        .map(|(i, c)| (i, c.load(Ordering::Relaxed)))
        .take(5)
        .collect::<Vec<_>>();
    if !twice.is_empty() {
        return Err(format!(
            "tasks not handled exactly once (index, calls): {twice:?}"
        ));
    }
    let left: u64 = redis::cmd("ZCARD")
        .arg(&scheduled_key)
        .query_async(&mut redis)
        .await
        .map_err(|e| e.to_string())?;
    let active: u64 = redis::cmd("LLEN")
        .arg(format!("{queue}:active"))
        .query_async(&mut redis)
        .await
        .map_err(|e| e.to_string())?;
    if left != 0 || active != 0 {
        return Err(format!(
            "{left} tasks left in {scheduled_key}, {active} in {queue}:active"
        ));
    }
    Ok(())
}
