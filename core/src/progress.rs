//! Progress of a running operation: phase, percent and counters, published as events.
//!
//! Engines publish to a [`ProgressSink`]; the CLI renders a progress bar from it, the API
//! streams it to subscribers (later through a bus shared across processes).

use serde::Serialize;

/// Resource counters of an operation, as reported to users.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counters {
    pub files_processed: u32,
    pub created: u32,
    pub updated: u32,
    pub deleted: u32,
    pub unchanged: u32,
    pub conflicts: u32,
}

/// One progress update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgressEvent {
    pub operation_id: String,
    pub fabric_id: i32,
    /// Short machine-friendly phase name (`fetch`, `diff`, `parse`, `upsert`, `commit`, `push`, `done`).
    pub phase: String,
    /// 0..=100
    pub percent: u8,
    pub counters: Counters,
    pub message: Option<String>,
}

/// Receives progress events. Implementations must be cheap and never block for long.
pub trait ProgressSink: Send + Sync {
    fn publish(&self, event: &ProgressEvent);
}

/// Discards events.
pub struct NoProgress;

impl ProgressSink for NoProgress {
    fn publish(&self, _event: &ProgressEvent) {}
}

/// Helper that stamps operation and fabric ids onto events.
pub struct Reporter<'a> {
    sink: &'a dyn ProgressSink,
    operation_id: String,
    fabric_id: i32,
}

impl<'a> Reporter<'a> {
    pub fn new(sink: &'a dyn ProgressSink, operation_id: &str, fabric_id: i32) -> Self {
        Reporter {
            sink,
            operation_id: operation_id.to_owned(),
            fabric_id,
        }
    }

    pub fn phase(&self, phase: &str, percent: u8, counters: Counters, message: Option<String>) {
        self.sink.publish(&ProgressEvent {
            operation_id: self.operation_id.clone(),
            fabric_id: self.fabric_id,
            phase: phase.to_owned(),
            percent: percent.min(100),
            counters,
            message,
        });
    }
}
