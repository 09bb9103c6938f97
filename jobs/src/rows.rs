//! Progress written to the operation row.

use super::*;

/// Writes phase, percent and counters to the operation row at phase boundaries, in order, on a
/// task of its own (sinks must not block). Only while the row is `running`: the engine's final
/// write is never overwritten.
pub(crate) struct RowWriter {
    tx: tokio::sync::mpsc::UnboundedSender<ProgressEvent>,
    last_phase: Mutex<String>,
}

impl RowWriter {
    pub(crate) fn start(db: sea_orm::DatabaseConnection, operation_id: String) -> Self {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<ProgressEvent>();
        tokio::spawn(async move {
            while let Some(e) = rx.recv().await {
                let c = e.counters;
                let n = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
                let r = sync_operation::Entity::update_many()
                    .col_expr(sync_operation::Column::Phase, Expr::value(e.phase.clone()))
                    .col_expr(
                        sync_operation::Column::Percent,
                        Expr::value(i32::from(e.percent)),
                    )
                    .col_expr(
                        sync_operation::Column::FilesProcessed,
                        Expr::value(n(c.files_processed)),
                    )
                    .col_expr(
                        sync_operation::Column::ResourcesCreated,
                        Expr::value(n(c.created)),
                    )
                    .col_expr(
                        sync_operation::Column::ResourcesUpdated,
                        Expr::value(n(c.updated)),
                    )
                    .col_expr(
                        sync_operation::Column::ResourcesDeleted,
                        Expr::value(n(c.deleted)),
                    )
                    .col_expr(
                        sync_operation::Column::ResourcesUnchanged,
                        Expr::value(n(c.unchanged)),
                    )
                    .col_expr(
                        sync_operation::Column::ConflictsDetected,
                        Expr::value(n(c.conflicts)),
                    )
                    .filter(sync_operation::Column::Id.eq(operation_id.clone()))
                    .filter(sync_operation::Column::Status.eq(OperationStatus::Running))
                    .exec(&db)
                    .await;
                if let Err(err) = r {
                    tracing::warn!(error = %err, "operation progress not saved");
                }
            }
        });
        RowWriter {
            tx,
            last_phase: Mutex::default(),
        }
    }
}

impl ProgressSink for RowWriter {
    fn publish(&self, event: &ProgressEvent) {
        if event.phase == "done" {
            return; // written by the engine's finish
        }
        let mut last = self.last_phase.lock().unwrap_or_else(|p| p.into_inner());
        if *last != event.phase {
            last.clone_from(&event.phase);
            let _ = self.tx.send(event.clone());
        }
    }
}
