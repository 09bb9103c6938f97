//! Resources, sync operations and conflicts.

use async_graphql::{ComplexObject, Context, ID, Json, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use hnp_entity::{conflict, resource, sync_operation};
use serde_json::Value;

use super::super::enums;
use super::super::{CoreResult, state};

/// A field-level validation problem.
#[derive(SimpleObject, Clone)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl From<hnp_core::error::Problem> for Problem {
    fn from(p: hnp_core::error::Problem) -> Self {
        Problem {
            path: p.path,
            message: p.message,
        }
    }
}

/// A phase an operation entered, and when.
#[derive(SimpleObject, Clone)]
pub struct OperationPhase {
    pub phase: String,
    pub at: DateTime<Utc>,
}

/// One end of a reference between resources.
#[derive(SimpleObject, Clone)]
pub struct ResourceLink {
    pub kind: String,
    pub name: String,
    /// The field holding the reference, in the referring resource's spec.
    pub path: String,
    /// The other resource, when it exists in the fabric.
    pub resource_id: Option<ID>,
}

impl From<hnp_core::queries::resources::references::Link> for ResourceLink {
    fn from(l: hnp_core::queries::resources::references::Link) -> Self {
        ResourceLink {
            kind: l.kind,
            name: l.name,
            path: l.path,
            resource_id: l.resource_id.map(|id| ID(id.to_string())),
        }
    }
}

pub struct Resource(pub resource::Model);

// The fields that query the database or Git box their work (`Box::pin`): async-graphql's
// resolver for an object is one future as large as its largest field's, and every field of
// every node of a page is moved into a heap task of that size. Boxed, the large states stay
// out of the scalar fields' path (a page of 100 nodes × 10 fields is 1,000 of them). A plain
// comment: a doc comment here would become the type's description in the schema.
#[Object]
impl Resource {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn fabric_id(&self) -> ID {
        ID(self.0.fabric_id.to_string())
    }
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    async fn api_version(&self) -> &str {
        &self.0.api_version
    }
    async fn namespace(&self) -> &str {
        &self.0.namespace
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn labels(&self) -> Option<Json<Value>> {
        self.0.labels.clone().map(Json)
    }
    async fn annotations(&self) -> Option<Json<Value>> {
        self.0.annotations.clone().map(Json)
    }
    async fn desired_spec(&self) -> Option<Json<Value>> {
        self.0.desired_spec.clone().map(Json)
    }
    async fn desired_commit(&self) -> Option<&str> {
        self.0.desired_commit.as_deref()
    }
    async fn desired_updated(&self) -> Option<DateTime<Utc>> {
        self.0.desired_updated
    }
    async fn draft_spec(&self) -> Option<Json<Value>> {
        self.0.draft_spec.clone().map(Json)
    }
    async fn draft_operation(&self) -> Option<enums::DraftOperation> {
        self.0.draft_operation.map(Into::into)
    }
    async fn draft_updated(&self) -> Option<DateTime<Utc>> {
        self.0.draft_updated
    }
    async fn draft_updated_by(&self) -> Option<&str> {
        self.0.draft_updated_by.as_deref()
    }
    async fn has_draft(&self) -> bool {
        self.0.draft_operation.is_some()
    }
    async fn actual_spec(&self) -> Option<Json<Value>> {
        self.0.actual_spec.clone().map(Json)
    }
    async fn actual_status(&self) -> Option<Json<Value>> {
        self.0.actual_status.clone().map(Json)
    }
    async fn actual_updated(&self) -> Option<DateTime<Utc>> {
        self.0.actual_updated
    }
    async fn managed_file_path(&self) -> Option<&str> {
        self.0.managed_file_path.as_deref()
    }
    async fn file_hash(&self) -> Option<&str> {
        self.0.file_hash.as_deref()
    }
    async fn last_file_sync(&self) -> Option<DateTime<Utc>> {
        self.0.last_file_sync
    }
    async fn sync_direction(&self) -> enums::SyncDirection {
        self.0.sync_direction.into()
    }
    async fn conflict_status(&self) -> enums::ConflictStatus {
        self.0.conflict_status.into()
    }
    async fn resource_state(&self) -> enums::ResourceState {
        self.0.resource_state.into()
    }
    /// The fabric the resource belongs to.
    async fn fabric(&self, ctx: &Context<'_>) -> Result<Option<super::Fabric>> {
        Box::pin(async move {
            Ok(
                hnp_core::queries::fabrics::by_id(&state(ctx).core.db, self.0.fabric_id)
                    .await
                    .gql()?
                    .map(super::Fabric),
            )
        })
        .await
    }
    /// Resources this one refers to (read from its draft, else its desired, else its actual
    /// spec), in field order; `resourceId` is null when the target is not in the fabric.
    async fn references(&self, ctx: &Context<'_>) -> Result<Vec<ResourceLink>> {
        Box::pin(async move {
            let db = &state(ctx).core.db;
            let full;
            let row = if self.0.desired_spec.is_none()
                && self.0.draft_spec.is_none()
                && self.0.actual_spec.is_none()
            {
                // A light page row (no JSON columns loaded): read the whole row.
                full = hnp_core::queries::resources::get(db, self.0.id)
                    .await
                    .gql()?;
                &full
            } else {
                &self.0
            };
            let links = hnp_core::queries::resources::references::references_of(db, row)
                .await
                .gql()?;
            Ok(links.into_iter().map(ResourceLink::from).collect())
        })
        .await
    }
    /// Resources of the same fabric whose specs refer to this one, by kind and name; `path`
    /// is the referring field in their spec.
    async fn referenced_by(&self, ctx: &Context<'_>) -> Result<Vec<ResourceLink>> {
        Box::pin(async move {
            let links = hnp_core::queries::resources::references::referenced_by(
                &state(ctx).core.db,
                &self.0,
            )
            .await
            .gql()?;
            Ok(links.into_iter().map(ResourceLink::from).collect())
        })
        .await
    }
    /// What happened to the resource, newest first: Git commits (with the changed field
    /// paths), write-backs, drafts, conflicts, drift. Kept by kind, namespace and name, so it
    /// outlives a deletion and re-creation.
    async fn history(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<super::super::query::Page<super::history::ResourceEvent>> {
        Box::pin(async move { super::history::history(ctx, &self.0, first, after).await }).await
    }
    /// Who last set each leaf of the desired spec (dotted paths, in document order), from the
    /// recorded history: `GUI` when it came from an HNP write-back.
    async fn blame(&self, ctx: &Context<'_>) -> Result<Vec<super::history::FieldBlame>> {
        Box::pin(async move { super::history::blame(ctx, &self.0).await }).await
    }
    /// What one commit changed in this resource's fields (its first parent → the commit), each
    /// changed path of the history with its value before and after; null when this server's
    /// Git cache does not hold the commit or the commit does not touch the resource.
    async fn commit_diff(
        &self,
        ctx: &Context<'_>,
        commit: String,
    ) -> Result<Option<Vec<super::history::FieldChange>>> {
        Box::pin(async move { super::history::commit_diff(ctx, &self.0, &commit).await }).await
    }
    /// Why the draft is a draft again (its pull request was closed without merging).
    async fn draft_note(&self) -> Option<&str> {
        self.0.draft_note.as_deref()
    }
    async fn drift_status(&self) -> enums::DriftStatus {
        self.0.drift_status.into()
    }
    /// `{score, compared, differences: [{path, desired, actual}]}` when desired and actual differ.
    async fn drift(&self) -> Option<Json<Value>> {
        self.0.drift_details.clone().map(Json)
    }
    /// A Switch's convergence from its Hedgehog Agent at the last cluster read: `APPLIED` (it
    /// runs the current generation, heartbeat fresh), `PENDING`, `STALE` (no heartbeat in 5
    /// minutes), `UNKNOWN` (no Agent seen); null for other kinds.
    async fn agent(&self) -> Option<AgentStatus> {
        (self.0.kind == "Switch").then(|| {
            let v = hnp_core::cluster::agents::view(self.0.agent_status.as_ref(), Utc::now());
            AgentStatus {
                state: match v.state {
                    hnp_core::cluster::agents::AgentState::Applied => AgentState::Applied,
                    hnp_core::cluster::agents::AgentState::Pending => AgentState::Pending,
                    hnp_core::cluster::agents::AgentState::Stale => AgentState::Stale,
                    hnp_core::cluster::agents::AgentState::Unknown => AgentState::Unknown,
                },
                generation: v.generation,
                applied_generation: v.applied_generation,
                last_heartbeat: v.last_heartbeat,
            }
        })
    }
    /// Each drifted path explained: desired and actual values, since when the drift has been
    /// seen, and the cluster field manager (from `managedFields`) that last wrote it, e.g.
    /// `kubectl-edit` / `Update`. Paths an ignore rule hides are not listed (see `drift.ignored`).
    async fn drift_differences(&self) -> Vec<DriftDifference> {
        hnp_core::sync::resource_drift::explained_differences(self.0.drift_details.as_ref())
            .into_iter()
            .map(|d| DriftDifference {
                path: d.path,
                desired: d.desired.map(Json),
                actual: d.actual.map(Json),
                since: d.since,
                manager: d.manager,
                operation: d.operation,
                kept_git_by: d.kept_git_by,
                kept_git_at: d.kept_git_at,
            })
            .collect()
    }
    /// Hedgehog admission errors of the desired state, as of the last ingestion (empty when
    /// the cluster will admit it, or without desired state); cross-object problems name the
    /// other object.
    async fn admission_errors(&self) -> Vec<Problem> {
        self.0
            .admission_errors
            .as_ref()
            .and_then(|e| serde_json::from_value::<Vec<hnp_core::error::Problem>>(e.clone()).ok())
            .unwrap_or_default()
            .into_iter()
            .map(Problem::from)
            .collect()
    }
    /// Schema problems of the draft (empty when valid or when there is no draft).
    async fn validation_errors(&self) -> Vec<Problem> {
        let Some(spec) = &self.0.draft_spec else {
            return Vec::new();
        };
        if self.0.draft_operation == Some(hnp_entity::enums::DraftOperation::Delete) {
            return Vec::new();
        }
        hnp_core::hedgehog::validate::validate(&self.0.kind, &self.0.name, &self.0.namespace, spec)
            .into_iter()
            .map(Problem::from)
            .collect()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

#[derive(SimpleObject, Clone)]
pub struct Counters {
    pub files_processed: i32,
    pub created: i32,
    pub updated: i32,
    pub deleted: i32,
    pub unchanged: i32,
    pub conflicts: i32,
}

/// Convergence of a switch (see `Resource.agent`).
#[derive(async_graphql::Enum, Copy, Clone, Eq, PartialEq)]
pub enum AgentState {
    Applied,
    Pending,
    Stale,
    Unknown,
}

/// What a switch's Agent reported at the last cluster read.
#[derive(SimpleObject)]
pub struct AgentStatus {
    pub state: AgentState,
    /// The Agent's `metadata.generation` (the switch configuration's version).
    pub generation: Option<i64>,
    /// `status.lastAppliedGen`: the generation the switch runs.
    pub applied_generation: Option<i64>,
    pub last_heartbeat: Option<DateTime<Utc>>,
}

/// One drifted path of a resource (see `Resource.driftDifferences`).
#[derive(SimpleObject)]
pub struct DriftDifference {
    pub path: String,
    /// Null when the field is absent in Git.
    pub desired: Option<Json<Value>>,
    /// Null when the field is absent in the cluster.
    pub actual: Option<Json<Value>>,
    /// When this path was first seen drifting.
    pub since: Option<DateTime<Utc>>,
    /// The field manager that owns the path in the cluster's `managedFields`.
    pub manager: Option<String>,
    /// Its operation (`Update`, `Apply`).
    pub operation: Option<String>,
    /// Who chose "keep Git" for this path (`keepGit`): Git is right, the cluster is to be put
    /// back. Cleared when the cluster's value at the path changes.
    pub kept_git_by: Option<String>,
    pub kept_git_at: Option<DateTime<Utc>>,
}

/// A write-back's way to the switches (see `SyncOperation.convergence`).
#[derive(SimpleObject)]
pub struct OperationConvergence {
    /// When the commit was pushed (the operation finished).
    pub committed_at: DateTime<Utc>,
    /// The cluster read that first found every written resource in sync with Git (deleted
    /// ones gone); null until then.
    pub in_cluster_at: Option<DateTime<Utc>>,
    /// When the last affected switch's Agent applied it (its `lastAppliedTime`); null until
    /// every affected switch did.
    pub applied_at: Option<DateTime<Utc>>,
    /// Switches the commit affects.
    pub switches: Vec<String>,
    /// Affected switches that have not applied it yet.
    pub pending_switches: Vec<String>,
}

#[derive(SimpleObject)]
pub struct OperationError {
    pub path: String,
    pub message: String,
}

pub struct SyncOperation(pub sync_operation::Model);

#[Object]
impl SyncOperation {
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    async fn fabric_id(&self) -> ID {
        ID(self.0.fabric_id.to_string())
    }
    async fn direction(&self) -> enums::OperationDirection {
        self.0.direction.into()
    }
    async fn trigger(&self) -> enums::OperationTrigger {
        self.0.trigger.into()
    }
    async fn status(&self) -> enums::OperationStatus {
        self.0.status.into()
    }
    async fn phase(&self) -> Option<&str> {
        self.0.phase.as_deref()
    }
    async fn percent(&self) -> i32 {
        self.0.percent
    }
    async fn counters(&self) -> Counters {
        counters_of(&self.0)
    }
    async fn errors(&self) -> Vec<OperationError> {
        self.0
            .errors
            .as_ref()
            .and_then(|e| {
                serde_json::from_value::<Vec<hnp_core::operations::FileError>>(e.clone()).ok()
            })
            .unwrap_or_default()
            .into_iter()
            .map(|e| OperationError {
                path: e.path,
                message: e.message,
            })
            .collect()
    }
    async fn message(&self) -> Option<&str> {
        self.0.message.as_deref()
    }
    async fn commit_sha(&self) -> Option<&str> {
        self.0.commit_sha.as_deref()
    }
    async fn pull_request_url(&self) -> Option<&str> {
        self.0.pull_request_url.as_deref()
    }
    async fn requested_by(&self) -> Option<&str> {
        self.0.requested_by.as_deref()
    }
    async fn dry_run(&self) -> bool {
        self.0.dry_run
    }
    /// Resources whose drafts the run merged automatically with Git's changes (the entries of
    /// `details.auto_merged`); conflicts it opened are `counters.conflicts`.
    async fn auto_merged(&self) -> i32 {
        i32::try_from(hnp_core::operations::auto_merged_count(&self.0)).unwrap_or(i32::MAX)
    }
    /// How far a pushed write-back got: committed → in the cluster → applied by the Agents of
    /// the switches it affects, as followed by the cluster reads after it (for 24 hours); null
    /// for other operations and before the first cluster read after the commit.
    async fn convergence(&self, ctx: &Context<'_>) -> Result<Option<OperationConvergence>> {
        Ok(
            hnp_core::cluster::convergence::of_operation(&state(ctx).core.db, &self.0.id)
                .await
                .gql()?
                .map(|c| OperationConvergence {
                    committed_at: c.committed_at,
                    in_cluster_at: c.in_cluster_at,
                    applied_at: c.applied_at,
                    switches: c.switches,
                    pending_switches: c.pending_switches,
                }),
        )
    }
    /// `auto_merged`, `conflicts`, `skipped`, `warnings`, `files` (with diffs), `attempts`.
    async fn details(&self) -> Option<Json<Value>> {
        self.0.details.clone().map(Json)
    }
    /// The message of the commit the operation built — a dry run's too (`details.commit`) —
    /// with its trailers; null without a commit or when this server's Git cache does not hold it.
    async fn commit_message(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        hnp_core::queries::operations::commit_message(&state(ctx).core, &self.0)
            .await
            .gql()
    }
    /// When the operation entered each phase, in order (`done` last once finished); empty for
    /// an operation that has not started.
    async fn phases(&self) -> Vec<OperationPhase> {
        self.0
            .phases
            .as_ref()
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| {
                Some(OperationPhase {
                    phase: p.get("phase")?.as_str()?.to_owned(),
                    at: p.get("at")?.as_str()?.parse().ok()?,
                })
            })
            .collect()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn started_at(&self) -> Option<DateTime<Utc>> {
        self.0.started_at
    }
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
}

pub fn counters_of(op: &sync_operation::Model) -> Counters {
    Counters {
        files_processed: op.files_processed,
        created: op.resources_created,
        updated: op.resources_updated,
        deleted: op.resources_deleted,
        unchanged: op.resources_unchanged,
        conflicts: op.conflicts_detected,
    }
}

#[derive(SimpleObject)]
#[graphql(complex)]
pub struct Conflict {
    pub id: ID,
    pub fabric_id: ID,
    pub resource_id: ID,
    #[graphql(name = "type")]
    pub conflict_type: enums::ConflictType,
    pub status: enums::ConflictState,
    pub base_spec: Option<Json<Value>>,
    pub gui_spec: Option<Json<Value>>,
    pub git_spec: Option<Json<Value>>,
    pub paths: Vec<String>,
    pub git_commit: Option<String>,
    pub sync_operation_id: Option<String>,
    pub resolution: Option<enums::Resolution>,
    pub merged_spec: Option<Json<Value>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub detected_at: DateTime<Utc>,
}

#[ComplexObject]
impl Conflict {
    async fn resource(&self, ctx: &Context<'_>) -> Result<Option<Resource>> {
        let id = super::super::int_id(&self.resource_id, "resourceId")?;
        Ok(hnp_core::queries::resources::by_id(&state(ctx).core.db, id)
            .await
            .gql()?
            .map(Resource))
    }
}

impl From<conflict::Model> for Conflict {
    fn from(c: conflict::Model) -> Self {
        Conflict {
            id: ID(c.id.to_string()),
            fabric_id: ID(c.fabric_id.to_string()),
            resource_id: ID(c.resource_id.to_string()),
            conflict_type: c.conflict_type.into(),
            status: c.status.into(),
            base_spec: c.base_spec.map(Json),
            gui_spec: c.gui_spec.map(Json),
            git_spec: c.git_spec.map(Json),
            paths: c
                .conflicting_paths
                .and_then(|p| serde_json::from_value(p).ok())
                .unwrap_or_default(),
            git_commit: c.git_commit,
            sync_operation_id: c.sync_operation_id,
            resolution: c.resolution.map(Into::into),
            merged_spec: c.merged_spec.map(Json),
            resolved_at: c.resolved_at,
            detected_at: c.detected_at,
        }
    }
}
