//! Syncs, drafts and conflicts (operator).

use async_graphql::{Context, ID, Json, Object, Result, SimpleObject};
use hnp_core::sync::ingest::parse::ResourceKey;
use hnp_core::{queries, sync::conflicts, sync::drafts, sync::revert};
use hnp_entity::enums::Role;
use serde_json::Value;

use super::super::types::{Conflict, Problem, Resource, SyncOperation};
use super::super::{CoreResult, enums, int_id, require, state};
use super::{actor_of, key_of, load_fabric, load_resource, requester_of};
use crate::state::{Run, trigger};

#[derive(SimpleObject)]
pub struct DraftPayload {
    /// `CREATE`, `UPDATE`, `DELETE`, or null when the draft equalled the desired state.
    pub operation: Option<enums::DraftOperation>,
    pub resource: Option<Resource>,
    /// Dangling references (they may exist only in the cluster).
    pub warnings: Vec<Problem>,
}

async fn draft_payload(ctx: &Context<'_>, saved: drafts::Saved) -> Result<DraftPayload> {
    let resource = match saved.resource_id {
        Some(id) => queries::resources::by_id(&state(ctx).core.db, id)
            .await
            .gql()?
            .map(Resource),
        None => None,
    };
    let operation = match saved.operation.as_str() {
        "create" => Some(enums::DraftOperation::Create),
        "update" => Some(enums::DraftOperation::Update),
        "delete" => Some(enums::DraftOperation::Delete),
        _ => None,
    };
    Ok(DraftPayload {
        operation,
        resource,
        warnings: saved.warnings.into_iter().map(Problem::from).collect(),
    })
}

/// A drift ignore rule: differences of `kind` at paths matching `path` (`*` matches one
/// segment) never count as drift.
#[derive(SimpleObject)]
pub struct DriftIgnoreRule {
    pub id: ID,
    pub kind: String,
    pub path: String,
    pub reason: String,
    pub created_by: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Differences (resource × path) this rule hides in the fabric's current drift.
    pub ignored_paths: i32,
}

impl From<hnp_core::sync::drift_ignore::Rule> for DriftIgnoreRule {
    fn from(r: hnp_core::sync::drift_ignore::Rule) -> Self {
        DriftIgnoreRule {
            id: ID(r.id.to_string()),
            kind: r.kind,
            path: r.path,
            reason: r.reason,
            created_by: r.created_by,
            created_at: r.created_at,
            ignored_paths: i32::try_from(r.ignored_paths).unwrap_or(i32::MAX),
        }
    }
}

#[derive(Default)]
pub struct SyncMutation;

#[Object]
impl SyncMutation {
    /// Creates the managed directory layout in one commit (operator); runs in the background.
    /// With `dryRun`, commits nothing: answers a finished dry-run operation whose
    /// `details.files` lists the files the commit would create, with their diffs.
    async fn initialize_directories(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
        #[graphql(default = false)] dry_run: bool,
    ) -> Result<SyncOperation> {
        let me = require(ctx, Role::Operator)?;
        let fabric = load_fabric(ctx, &fabric_id).await?;
        if dry_run {
            let op =
                hnp_core::sync::directories::plan(&state(ctx).core, &fabric, &requester_of(me))
                    .await
                    .gql()?;
            return Ok(SyncOperation(op));
        }
        let op = trigger(
            state(ctx),
            &fabric,
            Run::DirectoryInit,
            false,
            requester_of(me),
            "",
        )
        .await
        .gql()?;
        Ok(SyncOperation(op))
    }

    /// Queues a sync of a fabric (operator). A sync of the same direction still queued is
    /// returned instead of queueing another.
    async fn trigger_sync(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
        direction: enums::TriggerDirection,
        #[graphql(default)] dry_run: bool,
    ) -> Result<SyncOperation> {
        let me = require(ctx, Role::Operator)?;
        let fabric = load_fabric(ctx, &fabric_id).await?;
        let run = match direction {
            enums::TriggerDirection::GitToGui => Run::GitToGui,
            enums::TriggerDirection::GuiToGit => Run::GuiToGit,
            enums::TriggerDirection::Bidirectional => Run::Bidirectional,
            enums::TriggerDirection::ClusterRead => Run::ClusterRead,
        };
        let op = trigger(state(ctx), &fabric, run, dry_run, requester_of(me), "")
            .await
            .gql()?;
        Ok(SyncOperation(op))
    }

    /// Reverts, field by field, what write-back operation `operationId` committed (operator):
    /// one commit — or pull request in pull-request mode — restoring the fields, deleting what
    /// it created and restoring what it deleted; fields changed again since get a conflict
    /// instead. Runs now under the fabric's lease and answers the finished `GUI_TO_GIT`
    /// operation (`details.revert` names what it reverts). With `dryRun` nothing is committed:
    /// `details.files` has the per-file diffs and `details.conflicts` the fields that would
    /// conflict, as a write-back dry run.
    async fn revert_operation(
        &self,
        ctx: &Context<'_>,
        operation_id: ID,
        #[graphql(default = false)] dry_run: bool,
    ) -> Result<SyncOperation> {
        let me = require(ctx, Role::Operator)?;
        let target = revert::Target::Operation(operation_id.to_string());
        run_revert(ctx, target, dry_run, me).await
    }

    /// Reverts, field by field, what commit `commit` (of the fabric's branch) changed in the
    /// fabric's directory (operator); as `revertOperation`.
    async fn revert_commit(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
        commit: String,
        #[graphql(default = false)] dry_run: bool,
    ) -> Result<SyncOperation> {
        let me = require(ctx, Role::Operator)?;
        let fabric = load_fabric(ctx, &fabric_id).await?;
        let target = revert::Target::Commit {
            fabric_id: fabric.id,
            commit,
        };
        run_revert(ctx, target, dry_run, me).await
    }

    /// Cancels a queued operation (operator).
    async fn cancel_sync_operation(&self, ctx: &Context<'_>, id: ID) -> Result<SyncOperation> {
        let me = require(ctx, Role::Operator)?;
        let op = hnp_core::operations::cancel(&state(ctx).core.db, id.as_str(), &actor_of(me))
            .await
            .gql()?;
        state(ctx).event(
            op.fabric_id,
            crate::state::FabricEventKind::OperationFinished,
            Some(&op.id),
            Some("cancelled".into()),
        );
        Ok(SyncOperation(op))
    }

    /// Creates a draft (a new resource when it does not exist) (operator).
    async fn create_resource_draft(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
        kind: String,
        name: String,
        #[graphql(default_with = "String::from(\"default\")")] namespace: String,
        spec: Json<Value>,
    ) -> Result<DraftPayload> {
        let me = require(ctx, Role::Operator)?;
        let fabric = load_fabric(ctx, &fabric_id).await?;
        let key = ResourceKey {
            kind,
            namespace,
            name,
        };
        save_draft(ctx, &fabric, key, spec.0, me).await
    }

    /// Replaces the draft spec of a resource (operator).
    async fn update_resource_draft(
        &self,
        ctx: &Context<'_>,
        resource_id: ID,
        spec: Json<Value>,
    ) -> Result<DraftPayload> {
        let me = require(ctx, Role::Operator)?;
        let (row, fabric) = load_resource(ctx, &resource_id).await?;
        let key = key_of(&row);
        save_draft(ctx, &fabric, key, spec.0, me).await
    }

    /// Marks a resource for deletion (operator).
    async fn delete_resource_draft(
        &self,
        ctx: &Context<'_>,
        resource_id: ID,
    ) -> Result<DraftPayload> {
        let me = require(ctx, Role::Operator)?;
        let (row, fabric) = load_resource(ctx, &resource_id).await?;
        let key = key_of(&row);
        let saved = drafts::delete(&state(ctx).core, &fabric, &key, &actor_of(me))
            .await
            .gql()?;
        announce_draft(ctx, fabric.id, &key, saved).await
    }

    /// Takes the cluster's values of a drifted resource into its draft (operator): at `paths`
    /// (as drift names them, e.g. `spec.subnets.default.vlan`), or at every differing spec path
    /// when `paths` is null or empty. Admission-checked like any draft; labels, annotations and
    /// status stay the cluster's. A resource only in the cluster: see `adoptOrphan`.
    async fn adopt_actual(
        &self,
        ctx: &Context<'_>,
        resource_id: ID,
        paths: Option<Vec<String>>,
    ) -> Result<DraftPayload> {
        let me = require(ctx, Role::Operator)?;
        let (row, fabric) = load_resource(ctx, &resource_id).await?;
        if row.desired_spec.is_none() {
            return Err(hnp_core::Error::validation(
                "resourceId",
                "the resource is only in the cluster: use adoptOrphan",
            ))
            .gql();
        }
        adopt_into_draft(ctx, &fabric, &row, &paths.unwrap_or_default(), me).await
    }

    /// Makes a resource that is only in the cluster (`ACTUAL_ONLY`) a draft that creates it in
    /// Git (`managed/<plural>/<name>.yaml` with directory management), its spec without what
    /// Hedgehog's defaulting adds (operator).
    async fn adopt_orphan(&self, ctx: &Context<'_>, resource_id: ID) -> Result<DraftPayload> {
        let me = require(ctx, Role::Operator)?;
        let (row, fabric) = load_resource(ctx, &resource_id).await?;
        if row.desired_spec.is_some() {
            return Err(hnp_core::Error::validation(
                "resourceId",
                "the resource is in Git: use adoptActual",
            ))
            .gql();
        }
        adopt_into_draft(ctx, &fabric, &row, &[], me).await
    }

    /// Ignores drift of `kind` at `path` (a dotted pattern, `*` = one segment, e.g.
    /// `spec.subnets.*.vlan`) in a fabric, with the reason (operator; audited). The fabric's
    /// drift is recomputed at once.
    async fn add_drift_ignore_rule(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
        kind: String,
        path: String,
        reason: String,
    ) -> Result<DriftIgnoreRule> {
        let me = require(ctx, Role::Operator)?;
        let fabric = load_fabric(ctx, &fabric_id).await?;
        let rule = hnp_core::sync::drift_ignore::add(
            &state(ctx).core,
            &fabric,
            &kind,
            &path,
            &reason,
            &actor_of(me),
        )
        .await
        .gql()?;
        Ok(rule.into())
    }

    /// Stops ignoring drift of `kind` at `path` (operator; audited); recomputes drift.
    async fn remove_drift_ignore_rule(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
        kind: String,
        path: String,
    ) -> Result<bool> {
        let me = require(ctx, Role::Operator)?;
        let fabric = load_fabric(ctx, &fabric_id).await?;
        hnp_core::sync::drift_ignore::remove(
            &state(ctx).core,
            &fabric,
            &kind,
            &path,
            &actor_of(me),
        )
        .await
        .gql()?;
        Ok(true)
    }

    /// Drops a resource's draft; an open conflict on it is resolved as GIT_WINS (operator).
    async fn discard_draft(&self, ctx: &Context<'_>, resource_id: ID) -> Result<Option<Resource>> {
        let me = require(ctx, Role::Operator)?;
        let (row, fabric) = load_resource(ctx, &resource_id).await?;
        let key = key_of(&row);
        drafts::discard(&state(ctx).core, &fabric, &key, &actor_of(me))
            .await
            .gql()?;
        state(ctx).event(
            fabric.id,
            crate::state::FabricEventKind::DraftChanged,
            None,
            Some(key.to_string()),
        );
        Ok(queries::resources::by_id(&state(ctx).core.db, row.id)
            .await
            .gql()?
            .map(Resource))
    }

    /// Resolves an open conflict (operator). MERGE takes `mergedSpec` (validated).
    async fn resolve_conflict(
        &self,
        ctx: &Context<'_>,
        conflict_id: ID,
        strategy: enums::Resolution,
        merged_spec: Option<Json<Value>>,
    ) -> Result<Conflict> {
        let me = require(ctx, Role::Operator)?;
        let id = int_id(&conflict_id, "conflictId")?;
        let resolved = conflicts::resolve(
            &state(ctx).core,
            id,
            strategy.into(),
            merged_spec.map(|j| j.0),
            &actor_of(me),
        )
        .await
        .gql()?;
        state(ctx).event(
            resolved.fabric_id,
            crate::state::FabricEventKind::ConflictResolved,
            None,
            None,
        );
        Ok(Conflict::from(resolved))
    }
}

/// Saves a draft through core, tells the fabric's subscribers and returns the payload.
async fn save_draft(
    ctx: &Context<'_>,
    fabric: &hnp_entity::fabric::Model,
    key: ResourceKey,
    spec: Value,
    me: &hnp_entity::user::Model,
) -> Result<DraftPayload> {
    let saved = drafts::set(&state(ctx).core, fabric, &key, spec, &actor_of(me))
        .await
        .gql()?;
    announce_draft(ctx, fabric.id, &key, saved).await
}

/// Adopts cluster values into a draft through core, tells the fabric's subscribers and
/// returns the payload.
async fn adopt_into_draft(
    ctx: &Context<'_>,
    fabric: &hnp_entity::fabric::Model,
    row: &hnp_entity::resource::Model,
    paths: &[String],
    me: &hnp_entity::user::Model,
) -> Result<DraftPayload> {
    let adopted = hnp_core::sync::adopt::adopt(&state(ctx).core, row.id, paths, &actor_of(me))
        .await
        .gql()?;
    announce_draft(ctx, fabric.id, &key_of(row), adopted.saved).await
}

/// Tells the fabric's subscribers a draft changed and returns the payload.
async fn announce_draft(
    ctx: &Context<'_>,
    fabric_id: i32,
    key: &ResourceKey,
    saved: drafts::Saved,
) -> Result<DraftPayload> {
    state(ctx).event(
        fabric_id,
        crate::state::FabricEventKind::DraftChanged,
        None,
        Some(key.to_string()),
    );
    draft_payload(ctx, saved).await
}

/// Runs a revert inline under the fabric's lease (progress on the bus, like a worker's run);
/// answers its operation.
async fn run_revert(
    ctx: &Context<'_>,
    target: revert::Target,
    dry_run: bool,
    me: &hnp_entity::user::Model,
) -> Result<SyncOperation> {
    let app = state(ctx);
    let core = &app.core;
    let fabric = revert::fabric_of(core, &target).await.gql()?;
    let bus = app.jobs.bus();
    let report = app
        .jobs
        .with_fabric_lock(
            fabric.id,
            revert::run(core, &fabric, &target, dry_run, &requester_of(me), &*bus),
        )
        .await
        .gql()?
        .gql()?;
    let op = queries::operations::get(&core.db, &report.operation_id)
        .await
        .gql()?;
    Ok(SyncOperation(op))
}
