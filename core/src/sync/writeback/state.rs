//! State of one write-back run: accumulated results ([`RunState`]), run-level failures
//! ([`Crash`]) and small helpers shared by the run's steps.

use hnp_entity::enums::DraftOperation;

use super::{PlannedFile, Skipped, Warning};
use crate::error::Error;
use crate::git::GitError;
use crate::operations::{FileError, Outcome};
use crate::progress::Counters;
use crate::sync::conflicts::{AutoMerged, Opened};
use crate::sync::ingest;

pub(super) const CRASH: &str = "simulated crash";

/// A run-level failure message.
pub(super) struct Crash(pub(super) String);

impl From<Error> for Crash {
    fn from(e: Error) -> Self {
        Crash(e.to_string())
    }
}

impl From<GitError> for Crash {
    fn from(e: GitError) -> Self {
        Crash(Error::from(e).to_string())
    }
}

/// Accumulated results of a run.
pub(super) struct RunState {
    pub(super) dry_run: bool,
    pub(super) counters: Counters,
    pub(super) errors: Vec<FileError>,
    pub(super) head: Option<String>,
    pub(super) commit: Option<String>,
    pub(super) pushed: bool,
    pub(super) attempts: u32,
    pub(super) auto_merged: Vec<AutoMerged>,
    pub(super) conflicts: Vec<Opened>,
    pub(super) skipped: Vec<Skipped>,
    pub(super) warnings: Vec<Warning>,
    pub(super) files: Vec<PlannedFile>,
    pub(super) message: Option<String>,
    pub(super) laps: Vec<(String, f64)>,
    pub(super) last: std::time::Instant,
    pub(super) pull_request_url: Option<String>,
    /// GitHub asked us to wait this many seconds (rate limit) before the run could finish.
    pub(super) rate_limited: Option<u64>,
    /// Resources breaking Hedgehog admission rules after the last ingestion of this run.
    pub(super) invalid_resources: Option<u32>,
    /// Admission errors of the fabric with the validated change set applied, for the
    /// ingestion of the commit that writes it.
    pub(super) foreseen: Option<ingest::foreseen::Foreseen>,
    /// What the drafts being written touch (dry runs and pull-request mode).
    pub(super) impact: Option<crate::queries::topology::ImpactSummary>,
}

impl RunState {
    pub(super) fn new(dry_run: bool) -> Self {
        RunState {
            dry_run,
            counters: Counters::default(),
            errors: Vec::new(),
            head: None,
            commit: None,
            pushed: false,
            attempts: 0,
            auto_merged: Vec::new(),
            conflicts: Vec::new(),
            skipped: Vec::new(),
            warnings: Vec::new(),
            files: Vec::new(),
            message: None,
            laps: Vec::new(),
            last: std::time::Instant::now(),
            pull_request_url: None,
            rate_limited: None,
            invalid_resources: None,
            foreseen: None,
            impact: None,
        }
    }

    pub(super) fn lap(&mut self, phase: &str) {
        let now = std::time::Instant::now();
        let ms = (now - self.last).as_secs_f64() * 1000.0;
        self.laps
            .push((phase.to_owned(), (ms * 1000.0).round() / 1000.0));
        self.last = now;
    }

    /// Takes in what an ingestion did. Its resource counters count for a bidirectional run
    /// (Git → GUI is part of it) but not for the ingestion of our own commit.
    pub(super) fn absorb(&mut self, output: ingest::RunOutput, count: bool) {
        let c = output.outcome.counters;
        if count {
            self.counters.files_processed += c.files_processed;
            self.counters.created += c.created;
            self.counters.updated += c.updated;
            self.counters.deleted += c.deleted;
            self.counters.unchanged += c.unchanged;
        }
        self.counters.conflicts += c.conflicts;
        self.errors.extend(output.outcome.errors);
        self.head = output.outcome.commit.or(self.head.take());
        if output.invalid_resources.is_some() {
            self.invalid_resources = output.invalid_resources;
        }
        merge_unique(&mut self.auto_merged, output.reconciled.auto_merged);
        self.conflicts.extend(output.reconciled.conflicts);
    }

    pub(super) fn outcome(&self) -> Outcome {
        let mut errors = self.errors.clone();
        errors.extend(self.skipped.iter().map(|s| FileError {
            path: format!("{} {}/{}", s.kind, s.namespace, s.name),
            message: s.reason.clone(),
        }));
        let message = self.message.clone().or_else(|| {
            let verb = if self.dry_run {
                "would commit"
            } else {
                "committed"
            };
            self.commit.as_ref().map(|c| format!("{verb} {}", short(c)))
        });
        // The operation's warning: what the cluster will refuse of what Git now holds.
        let message = match (
            message,
            self.invalid_resources.and_then(ingest::admission::warning),
        ) {
            (Some(message), Some(warning)) => Some(format!("{message}; {warning}")),
            (message, warning) => message.or(warning),
        };
        Outcome {
            counters: self.counters,
            errors,
            commit: self.commit.clone().or(self.head.clone()),
            message,
            failure: None,
            details: None,
        }
    }
}

fn merge_unique(into: &mut Vec<AutoMerged>, more: Vec<AutoMerged>) {
    for item in more {
        if !into.contains(&item) {
            into.push(item);
        }
    }
}

pub(super) fn short(commit: &str) -> &str {
    &commit[..commit.len().min(12)]
}

pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> std::result::Result<T, Crash> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Crash(format!("background task failed: {e}")))
}

pub(super) fn count_written(counters: &mut Counters, written: &[(i32, DraftOperation, String)]) {
    for (_, operation, _) in written {
        match operation {
            DraftOperation::Create => counters.created += 1,
            DraftOperation::Update => counters.updated += 1,
            DraftOperation::Delete => counters.deleted += 1,
        }
    }
}
