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
                let r = hnp_core::operations::record_progress(&db, &operation_id, &e).await;
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
