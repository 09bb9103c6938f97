//! A resource's history and field blame (`Resource.history`, `Resource.blame`).

use async_graphql::{Context, Enum, Json, Result, SimpleObject};
use chrono::{DateTime, Utc};
use hnp_core::hedgehog::kinds::ResourceKey;
use hnp_core::queries::event_diff as core_diff;
use hnp_core::queries::history as core_history;
use hnp_entity::resource;

use super::super::query::{Page, page, window};
use super::super::{CoreResult, enums, state};

/// One thing that happened to a resource.
#[derive(SimpleObject, Clone)]
pub struct ResourceEvent {
    pub kind: enums::ResourceEventKind,
    pub at: DateTime<Utc>,
    /// `Name <email>` of the Git author for Git commits; the HNP username otherwise.
    pub actor: Option<String>,
    pub commit: Option<String>,
    /// The HNP sync operation (a write-back) behind the event.
    pub operation_id: Option<String>,
    pub message: Option<String>,
    /// Dotted field paths changed (`spec.subnets.subnet-1.vlan`); empty for the whole resource.
    pub paths: Vec<String>,
}

impl From<core_history::ResourceEvent> for ResourceEvent {
    fn from(e: core_history::ResourceEvent) -> Self {
        ResourceEvent {
            kind: e.kind.into(),
            at: e.at,
            actor: e.actor,
            commit: e.commit,
            operation_id: e.operation_id,
            message: e.message,
            paths: e.paths,
        }
    }
}

/// Where the last change of a field came from.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum BlameSource {
    /// A commit made outside HNP.
    Git,
    /// An HNP write-back of a draft.
    Gui,
}

/// Who last set one leaf of the desired spec; null fields when no recorded event covers it.
#[derive(SimpleObject, Clone)]
pub struct FieldBlame {
    pub path: String,
    pub commit: Option<String>,
    pub author: Option<String>,
    pub at: Option<DateTime<Utc>>,
    pub source: Option<BlameSource>,
}

impl From<core_history::FieldBlame> for FieldBlame {
    fn from(b: core_history::FieldBlame) -> Self {
        FieldBlame {
            path: b.path,
            commit: b.commit,
            author: b.author,
            at: b.at,
            source: b.source.map(|s| match s {
                core_history::BlameSource::Git => BlameSource::Git,
                core_history::BlameSource::Gui => BlameSource::Gui,
            }),
        }
    }
}

/// One field a commit changed in a resource, with its value before and after.
#[derive(SimpleObject, Clone)]
pub struct FieldChange {
    /// Dotted path, as the history names it (`spec.subnets.subnet-1.vlan`).
    pub path: String,
    /// The value in the commit's first parent; null when absent.
    pub before: Option<Json<serde_json::Value>>,
    /// The value in the commit; null when absent.
    pub after: Option<Json<serde_json::Value>>,
}

impl From<core_diff::FieldChange> for FieldChange {
    fn from(c: core_diff::FieldChange) -> Self {
        FieldChange {
            path: c.path,
            before: c.before.map(Json),
            after: c.after.map(Json),
        }
    }
}

fn key_of(row: &resource::Model) -> ResourceKey {
    ResourceKey {
        kind: row.kind.clone(),
        namespace: row.namespace.clone(),
        name: row.name.clone(),
    }
}

/// `Resource.history`.
pub(super) async fn history(
    ctx: &Context<'_>,
    row: &resource::Model,
    first: Option<i32>,
    after: Option<String>,
) -> Result<Page<ResourceEvent>> {
    let (offset, limit) = window(first, after.as_deref())?;
    let (events, total) = core_history::history(
        &state(ctx).core.db,
        row.fabric_id,
        &key_of(row),
        offset,
        limit,
    )
    .await
    .gql()?;
    Ok(page(
        events.into_iter().map(ResourceEvent::from).collect(),
        offset,
        total,
    ))
}

/// `Resource.blame`.
pub(super) async fn blame(ctx: &Context<'_>, row: &resource::Model) -> Result<Vec<FieldBlame>> {
    let fields = core_history::blame(&state(ctx).core.db, row.fabric_id, &key_of(row))
        .await
        .gql()?;
    Ok(fields.into_iter().map(FieldBlame::from).collect())
}

/// `Resource.commitDiff`.
pub(super) async fn commit_diff(
    ctx: &Context<'_>,
    row: &resource::Model,
    commit: &str,
) -> Result<Option<Vec<FieldChange>>> {
    let changes = core_diff::commit_diff(&state(ctx).core, row.fabric_id, &key_of(row), commit)
        .await
        .gql()?;
    Ok(changes.map(|c| c.into_iter().map(FieldChange::from).collect()))
}
