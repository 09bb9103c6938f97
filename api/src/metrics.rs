//! Prometheus metrics (`GET /metrics`, text exposition via `prometheus-client`).
//!
//! Request counters and latency, and the job counters, are this process's. Figures that must
//! agree across processes (operations by direction and status, their durations, open conflicts,
//! drift, queue depth, GitHub rate limits) come from `hnp_core::queries::metrics` at scrape
//! time, so every API process reports the same values.

use std::sync::Mutex;
use std::time::Duration;

use hnp_core::context::Core;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabel {
    operation: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DirectionLabel {
    direction: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RepositoryLabel {
    repository: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct FabricLabel {
    fabric: String,
}

/// The per-fabric gauges, in the order of [`fabric_values`].
const FABRIC_GAUGES: [(&str, &str); 6] = [
    (
        "hnp_fabric_drifted_resources",
        "Resources of the fabric that differ between Git and the cluster",
    ),
    (
        "hnp_fabric_ignored_paths",
        "Differences of the fabric hidden by drift ignore rules",
    ),
    ("hnp_fabric_open_conflicts", "Open conflicts of the fabric"),
    (
        "hnp_fabric_pending_drafts",
        "Drafts of the fabric not yet written to Git",
    ),
    (
        "hnp_fabric_invalid_resources",
        "Resources of the fabric whose desired state breaks an admission rule",
    ),
    (
        "hnp_fabric_switches_not_converged",
        "Switches of the fabric whose Agent has not applied the current configuration (pending, stale or unseen)",
    ),
];

fn fabric_values(f: &hnp_core::queries::metrics::FabricFigures) -> [u64; 6] {
    [
        f.drifted,
        f.ignored_paths,
        f.open_conflicts,
        f.pending_drafts,
        f.invalid,
        f.switches_not_converged,
    ]
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SyncLabel {
    direction: String,
    status: String,
}

/// A metric without labels that is rebuilt at each scrape (a `Family` can be cleared; a bare
/// metric cannot).
type Unlabelled<M> = Family<Vec<(String, String)>, M, fn() -> M>;

fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 16))
}

pub struct Metrics {
    registry: Mutex<Registry>,
    /// One family per [`FABRIC_GAUGES`] entry, labelled by fabric name.
    fabric_gauges: Vec<Family<FabricLabel, Gauge>>,
    /// Operation names beyond [`KNOWN_OPERATIONS`] that have a label of their own.
    extra_operations: Mutex<std::collections::HashSet<String>>,
    requests: Family<OperationLabel, Counter>,
    latency: Family<OperationLabel, Histogram, fn() -> Histogram>,
    sync_duration: Family<DirectionLabel, Histogram, fn() -> Histogram>,
    /// Rebuilt at each scrape from the stored convergences (a `Family` without labels can be
    /// cleared; a bare histogram cannot).
    convergence: Unlabelled<Histogram>,
    sync_operations: Family<SyncLabel, Gauge>,
    open_conflicts: Gauge,
    drift: Gauge,
    queue_depth: Gauge,
    jobs_detections: Gauge,
    jobs_expired: Gauge,
    jobs_retries: Gauge,
    jobs_reaped: Gauge,
    db_statements: Gauge,
    github_remaining: Family<RepositoryLabel, Gauge>,
    github_limit: Family<RepositoryLabel, Gauge>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::default();
        let requests = Family::<OperationLabel, Counter>::default();
        let latency = Family::<OperationLabel, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        let sync_duration =
            Family::<DirectionLabel, Histogram, fn() -> Histogram>::new_with_constructor(|| {
                Histogram::new(exponential_buckets(0.01, 2.0, 16))
            });
        let convergence = Unlabelled::<Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(1.0, 2.0, 14))
        });
        registry.register(
            "hnp_convergence_commit_to_applied_seconds",
            "Seconds from a write-back's commit until the Agents of every switch it affects applied it (last 10,000 converged write-backs)",
            convergence.clone(),
        );
        let sync_operations = Family::<SyncLabel, Gauge>::default();
        let open_conflicts = Gauge::default();
        let drift = Gauge::default();
        let queue_depth = Gauge::default();
        registry.register(
            "hnp_graphql_requests",
            "GraphQL requests by operation name",
            requests.clone(),
        );
        registry.register(
            "hnp_graphql_request_duration_seconds",
            "GraphQL request latency by operation name",
            latency.clone(),
        );
        registry.register(
            "hnp_sync_duration_seconds",
            "Duration of the last 10,000 finished sync operations, by direction",
            sync_duration.clone(),
        );
        registry.register(
            "hnp_sync_operations",
            "Sync operations in the database by direction and status",
            sync_operations.clone(),
        );
        registry.register(
            "hnp_open_conflicts",
            "Open conflicts over all fabrics",
            open_conflicts.clone(),
        );
        registry.register(
            "hnp_drifted_resources",
            "Resources whose desired and actual state differ",
            drift.clone(),
        );
        registry.register(
            "hnp_job_queue_depth",
            "Queued sync operations",
            queue_depth.clone(),
        );
        let fabric_gauges: Vec<Family<FabricLabel, Gauge>> = FABRIC_GAUGES
            .iter()
            .map(|(name, help)| {
                let family = Family::<FabricLabel, Gauge>::default();
                registry.register(*name, *help, family.clone());
                family
            })
            .collect();
        let jobs_detections = Gauge::default();
        let jobs_expired = Gauge::default();
        let jobs_retries = Gauge::default();
        let jobs_reaped = Gauge::default();
        registry.register(
            "hnp_jobs_detections",
            "External-change detections run by this process",
            jobs_detections.clone(),
        );
        registry.register(
            "hnp_jobs_expired_dropped",
            "Scheduled jobs dropped because they were picked up more than 60 s late (this process)",
            jobs_expired.clone(),
        );
        registry.register(
            "hnp_jobs_retries",
            "Sync jobs retried after a transient failure (this process)",
            jobs_retries.clone(),
        );
        registry.register(
            "hnp_jobs_reaped",
            "Operations of dead workers recovered (this process)",
            jobs_reaped.clone(),
        );
        let db_statements = Gauge::default();
        registry.register(
            "hnp_db_statements",
            "Database statements executed by this process",
            db_statements.clone(),
        );
        let github_remaining = Family::<RepositoryLabel, Gauge>::default();
        let github_limit = Family::<RepositoryLabel, Gauge>::default();
        registry.register(
            "hnp_github_rate_limit_remaining",
            "GitHub API requests left in the current window, by repository URL (last response seen)",
            github_remaining.clone(),
        );
        registry.register(
            "hnp_github_rate_limit_limit",
            "GitHub API requests allowed per window, by repository URL (last response seen)",
            github_limit.clone(),
        );
        Metrics {
            db_statements,
            github_remaining,
            github_limit,
            jobs_detections,
            jobs_expired,
            jobs_retries,
            jobs_reaped,
            registry: Mutex::new(registry),
            fabric_gauges,
            extra_operations: Mutex::default(),
            requests,
            latency,
            sync_duration,
            convergence,
            sync_operations,
            open_conflicts,
            drift,
            queue_depth,
        }
    }
}

/// Operation names of the SPA (every `frontend/src/<feature>/operations.ts`; a test keeps the
/// two in step): always their own label, whoever sends them.
const KNOWN_OPERATIONS: &[&str] = &[
    "AddDriftIgnoreRule",
    "AddNotificationTarget",
    "AdoptActual",
    "AdoptOrphan",
    "ApiTokens",
    "AuditEvents",
    "CancelSyncOperation",
    "ClearFeatureFlag",
    "Conflicts",
    "CreateApiToken",
    "CreateGitRepository",
    "CreateResourceDraft",
    "CreateUser",
    "DeleteGitRepository",
    "DeleteResourceDraft",
    "DiscardDraft",
    "DriftIgnoreRules",
    "Fabric",
    "FabricEvents",
    "FabricTopology",
    "Fabrics",
    "FeatureFlags",
    "GitRepositories",
    "InitializeDirectories",
    "KeepGit",
    "Login",
    "Logout",
    "Me",
    "NotificationTargets",
    "OperationEvents",
    "PendingChanges",
    "RemoveDriftIgnoreRule",
    "RemoveNotificationTarget",
    "ResolveConflict",
    "Resource",
    "ResourceBlame",
    "ResourceCommitDiff",
    "ResourceHistory",
    "ResourceLinks",
    "Resources",
    "RevertCommit",
    "RevertOperation",
    "RevokeApiToken",
    "SetFeatureFlag",
    "SyncOperation",
    "SyncOperations",
    "SyncProgress",
    "TestFabricClusterConnection",
    "TestGitRepositoryConnection",
    "TestNotificationTarget",
    "TopologyHighlight",
    "TriggerSync",
    "UpdateFabric",
    "UpdateGitRepository",
    "UpdateResourceDraft",
    "UpdateUser",
    "UpdateUserRole",
    "Users",
];

/// How many other operation names authenticated clients may add as labels (scripts, the
/// benchmark's `Page`); beyond that they count as `other`.
const MAX_EXTRA_OPERATIONS: usize = 50;

/// The metric label of a request's operation name. Bounded: the SPA's names, `anonymous`
/// (no name), up to [`MAX_EXTRA_OPERATIONS`] further names of authenticated callers, and
/// `other` for everything else — an unauthenticated request never creates a label value.
fn operation_label(
    extra: &Mutex<std::collections::HashSet<String>>,
    operation: Option<&str>,
    authenticated: bool,
) -> String {
    let Some(name) = operation else {
        return "anonymous".to_owned();
    };
    if KNOWN_OPERATIONS.binary_search(&name).is_ok() {
        return name.to_owned();
    }
    let well_formed = !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if authenticated && well_formed {
        let mut extra = extra.lock().unwrap_or_else(|p| p.into_inner());
        if extra.contains(name) || extra.len() < MAX_EXTRA_OPERATIONS {
            extra.insert(name.to_owned());
            return name.to_owned();
        }
    }
    "other".to_owned()
}

impl Metrics {
    /// Records one GraphQL request under its bounded operation label (see
    /// [`operation_label`]).
    pub fn observe_request(&self, operation: Option<&str>, authenticated: bool, elapsed: Duration) {
        let label = OperationLabel {
            operation: operation_label(&self.extra_operations, operation, authenticated),
        };
        self.requests.get_or_create(&label).inc();
        self.latency
            .get_or_create(&label)
            .observe(elapsed.as_secs_f64());
    }

    /// Refreshes the database-derived figures and the job counters of this process, and renders
    /// the text exposition.
    pub async fn render(&self, core: &Core, jobs: &hnp_jobs::Metrics) -> hnp_core::Result<String> {
        use std::sync::atomic::Ordering::Relaxed;
        for (gauge, value) in [
            (&self.jobs_detections, &jobs.detections),
            (&self.jobs_expired, &jobs.expired_dropped),
            (&self.jobs_retries, &jobs.retries),
            (&self.jobs_reaped, &jobs.reaped),
        ] {
            gauge.set(value.load(Relaxed) as i64);
        }
        let snapshot = hnp_core::queries::metrics::snapshot(&core.db).await?;
        self.sync_duration.clear();
        for (direction, seconds) in &snapshot.durations {
            self.sync_duration
                .get_or_create(&DirectionLabel {
                    direction: direction.to_string(),
                })
                .observe(*seconds);
        }
        self.convergence.clear();
        let histogram = self.convergence.get_or_create(&Vec::new());
        for seconds in &snapshot.convergence {
            histogram.observe(*seconds);
        }
        self.sync_operations.clear();
        for (direction, status, count) in &snapshot.operations {
            self.sync_operations
                .get_or_create(&SyncLabel {
                    direction: direction.to_string(),
                    status: status.to_string(),
                })
                .set(*count);
        }
        self.queue_depth.set(snapshot.queued());
        self.open_conflicts.set(snapshot.open_conflicts as i64);
        self.drift.set(snapshot.drifted as i64);
        for family in &self.fabric_gauges {
            family.clear();
        }
        for (fabric, figures) in &snapshot.fabrics {
            let label = FabricLabel {
                fabric: fabric.clone(),
            };
            for (family, value) in self.fabric_gauges.iter().zip(fabric_values(figures)) {
                family.get_or_create(&label).set(value as i64);
            }
        }
        self.github_remaining.clear();
        self.github_limit.clear();
        for (url, remaining, limit) in &snapshot.github_rate_limits {
            let label = RepositoryLabel {
                repository: url.clone(),
            };
            self.github_remaining.get_or_create(&label).set(*remaining);
            self.github_limit.get_or_create(&label).set(*limit);
        }
        self.db_statements
            .set(hnp_core::db::statements_executed() as i64);
        let mut out = String::new();
        let registry = self.registry.lock().unwrap_or_else(|p| p.into_inner());
        prometheus_client::encoding::text::encode(&mut out, &registry)
            .map_err(|e| hnp_core::Error::Io(format!("cannot encode metrics: {e}")))?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `operations.ts` under `dir` (one per SPA feature), skipping generated code.
    fn operation_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap_or_default();
            if path.is_dir() {
                if name != "generated" && name != "node_modules" {
                    operation_files(&path, out);
                }
            } else if name == "operations.ts" {
                out.push(path);
            }
        }
    }

    /// The names of the operations (`query X`, `mutation X`, `subscription X`) in a file.
    fn operation_names(text: &str) -> Vec<String> {
        let mut names = Vec::new();
        for word in ["query ", "mutation ", "subscription "] {
            for piece in text.split(word).skip(1) {
                let name: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
                    names.push(name);
                }
            }
        }
        names
    }

    #[test]
    fn known_operations_are_sorted_and_cover_the_spa() {
        assert!(
            KNOWN_OPERATIONS.windows(2).all(|w| w[0] < w[1]),
            "keep the list sorted"
        );
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/src");
        let mut files = Vec::new();
        operation_files(&src, &mut files);
        files.sort();
        // The SPA keeps its GraphQL documents in one `operations.ts` per feature.
        for feature in [
            "admin",
            "auth",
            "conflicts",
            "fabrics",
            "operations",
            "repositories",
            "resources",
        ] {
            assert!(
                files
                    .iter()
                    .any(|f| f.ends_with(format!("{feature}/operations.ts"))),
                "no frontend/src/{feature}/operations.ts (found {files:?})"
            );
        }
        let mut spa = std::collections::BTreeSet::new();
        for file in &files {
            let names = operation_names(&std::fs::read_to_string(file).unwrap());
            assert!(
                !names.is_empty(),
                "no operation found in {}",
                file.display()
            );
            for name in names {
                assert!(
                    KNOWN_OPERATIONS.contains(&name.as_str()),
                    "SPA operation {name} ({}) missing from KNOWN_OPERATIONS",
                    file.display()
                );
                assert!(
                    spa.insert(name.clone()),
                    "SPA operation {name} defined twice"
                );
            }
        }
        // The other way round: every known name is still sent by the SPA, except names kept
        // for SPA builds that are still open in browsers.
        const RETIRED: &[&str] = &["UpdateUserRole"];
        for name in KNOWN_OPERATIONS {
            assert!(
                spa.contains(*name) || RETIRED.contains(name),
                "KNOWN_OPERATIONS lists {name}, which no SPA operations.ts defines"
            );
        }
    }

    #[test]
    fn labels_are_bounded() {
        let extra = Mutex::default();
        assert_eq!(operation_label(&extra, None, false), "anonymous");
        assert_eq!(operation_label(&extra, Some("Login"), false), "Login");
        assert_eq!(operation_label(&extra, Some("Made_Up1"), false), "other");
        assert_eq!(operation_label(&extra, Some("Page"), true), "Page");
        assert_eq!(operation_label(&extra, Some("bad name!"), true), "other");
        for i in 0..200 {
            let label = operation_label(&extra, Some(&format!("Op{i}")), true);
            assert!(i >= MAX_EXTRA_OPERATIONS - 1 || label != "other");
        }
        assert_eq!(extra.lock().unwrap().len(), MAX_EXTRA_OPERATIONS);
        assert_eq!(operation_label(&extra, Some("Page"), true), "Page");
        assert_eq!(operation_label(&extra, Some("Op199"), true), "other");
    }
}
