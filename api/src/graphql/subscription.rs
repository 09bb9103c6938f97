//! Subscriptions (graphql-transport-ws on `/graphql/ws`).

use async_graphql::{Context, ID, Result, SimpleObject, Subscription as SubscriptionAttr};
use futures_util::Stream;
use hnp_core::progress::ProgressEvent;
use hnp_entity::enums::OperationStatus;
use hnp_entity::sync_operation;
use tokio::sync::broadcast::error::RecvError;

use super::types::{Counters, counters_of};
use super::{CoreResult, caller, enums, int_id, state};

#[derive(SimpleObject, Clone)]
pub struct SyncProgress {
    pub operation_id: ID,
    pub status: enums::OperationStatus,
    pub phase: Option<String>,
    pub percent: i32,
    pub message: Option<String>,
    pub counters: Counters,
    pub at: chrono::DateTime<chrono::Utc>,
}

impl SyncProgress {
    fn from_row(op: &sync_operation::Model) -> Self {
        SyncProgress {
            operation_id: ID(op.id.clone()),
            status: op.status.into(),
            phase: op.phase.clone(),
            percent: op.percent,
            message: op.message.clone(),
            counters: counters_of(op),
            at: chrono::Utc::now(),
        }
    }

    fn from_event(event: &ProgressEvent) -> Self {
        let c = event.counters;
        let n = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
        SyncProgress {
            operation_id: ID(event.operation_id.clone()),
            status: enums::OperationStatus::Running,
            phase: Some(event.phase.clone()),
            percent: i32::from(event.percent),
            message: event.message.clone(),
            counters: Counters {
                files_processed: n(c.files_processed),
                created: n(c.created),
                updated: n(c.updated),
                deleted: n(c.deleted),
                unchanged: n(c.unchanged),
                conflicts: n(c.conflicts),
            },
            at: chrono::Utc::now(),
        }
    }
}

fn terminal(status: OperationStatus) -> bool {
    matches!(
        status,
        OperationStatus::Succeeded
            | OperationStatus::PartiallySucceeded
            | OperationStatus::Failed
            | OperationStatus::Cancelled
    )
}

#[derive(SimpleObject, Clone)]
pub struct FabricEvent {
    pub fabric_id: ID,
    /// `operation_queued`, `operation_started`, `operation_finished`, `conflict_opened`,
    /// `conflict_resolved`, `flag_changed`, `draft_changed`, `drift_changed`.
    pub kind: String,
    pub operation_id: Option<ID>,
    pub message: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
}

pub struct Subscription;

#[SubscriptionAttr]
impl Subscription {
    /// Progress of one operation: first its current state, then every phase change, ending
    /// after a terminal status.
    async fn sync_progress(
        &self,
        ctx: &Context<'_>,
        operation_id: ID,
    ) -> Result<impl Stream<Item = SyncProgress> + use<>> {
        caller(ctx)?;
        let s = state(ctx).clone();
        // Subscribe before reading the row so that nothing published meanwhile is missed.
        let receiver = s.progress();
        let id = operation_id.to_string();
        let current = hnp_core::queries::operations::get(&s.core.db, &id)
            .await
            .gql()?;
        Ok(progress_stream(s, id, current, receiver))
    }

    /// Events of one fabric (of every fabric without `fabricId`): operations
    /// queued/started/finished, conflicts, flags, drafts.
    async fn fabric_events(
        &self,
        ctx: &Context<'_>,
        fabric_id: Option<ID>,
    ) -> Result<impl Stream<Item = FabricEvent> + use<>> {
        caller(ctx)?;
        let fabric_id = fabric_id.map(|id| int_id(&id, "fabricId")).transpose()?;
        let receiver = state(ctx).events.subscribe();
        Ok(futures_util::stream::unfold(
            receiver,
            move |mut rx| async move {
                loop {
                    match rx.recv().await {
                        Ok(event) if fabric_id.is_none_or(|f| event.fabric_id == f) => {
                            let item = FabricEvent {
                                fabric_id: ID(event.fabric_id.to_string()),
                                kind: event.kind.as_str().to_owned(),
                                operation_id: event.operation_id.map(ID),
                                message: event.message,
                                at: event.at,
                            };
                            return Some((item, rx));
                        }
                        Ok(_) | Err(RecvError::Lagged(_)) => continue,
                        Err(RecvError::Closed) => return None,
                    }
                }
            },
        ))
    }
}

/// The progress stream: current state, then bus events for the operation; on the `done` event
/// (or a terminal row) the final row is sent and the stream ends.
fn progress_stream(
    s: std::sync::Arc<crate::state::AppState>,
    id: String,
    current: sync_operation::Model,
    rx: tokio::sync::broadcast::Receiver<ProgressEvent>,
) -> impl Stream<Item = SyncProgress> {
    enum Step {
        First(Box<sync_operation::Model>),
        Events,
        Finished,
    }
    futures_util::stream::unfold(
        (Step::First(Box::new(current)), rx, s, id),
        |(step, mut rx, s, id)| async move {
            match step {
                Step::First(row) => {
                    let item = SyncProgress::from_row(&row);
                    let next = if terminal(row.status) {
                        Step::Finished
                    } else {
                        Step::Events
                    };
                    Some((item, (next, rx, s, id)))
                }
                Step::Events => loop {
                    let event =
                        tokio::time::timeout(std::time::Duration::from_secs(5), rx.recv()).await;
                    let done = match event {
                        Ok(Ok(event)) if event.operation_id == id => {
                            if event.phase != "done" {
                                let item = SyncProgress::from_event(&event);
                                return Some((item, (Step::Events, rx, s, id)));
                            }
                            true
                        }
                        Ok(Ok(_)) => continue,
                        Ok(Err(RecvError::Lagged(_))) | Err(_) => false,
                        Ok(Err(RecvError::Closed)) => true,
                    };
                    // A `done` event, or a quiet period / lag: check the row.
                    let row = hnp_core::queries::operations::by_id(&s.core.db, &id)
                        .await
                        .ok()
                        .flatten();
                    match row {
                        Some(row) if terminal(row.status) => {
                            let item = SyncProgress::from_row(&row);
                            return Some((item, (Step::Finished, rx, s, id)));
                        }
                        Some(_) if !done => continue,
                        // `done` was published but the row is not final yet: wait briefly.
                        Some(_) => {
                            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                            continue;
                        }
                        None => return None,
                    }
                },
                Step::Finished => None,
            }
        },
    )
}
