//! Progress of a running operation: phase, percent and counters, published as events.
//!
//! Engines publish to a [`ProgressSink`]; the CLI renders a progress bar from it, the API
//! streams it to subscribers (later through a bus shared across processes).

use serde::{Deserialize, Serialize};

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

/// What happened to a fabric (streamed to `fabricEvents` subscribers of every API process).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FabricEventKind {
    OperationQueued,
    OperationStarted,
    OperationFinished,
    ConflictOpened,
    ConflictResolved,
    FlagChanged,
    DriftChanged,
    DraftChanged,
}

impl FabricEventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FabricEventKind::OperationQueued => "operation_queued",
            FabricEventKind::OperationStarted => "operation_started",
            FabricEventKind::OperationFinished => "operation_finished",
            FabricEventKind::ConflictOpened => "conflict_opened",
            FabricEventKind::ConflictResolved => "conflict_resolved",
            FabricEventKind::FlagChanged => "flag_changed",
            FabricEventKind::DriftChanged => "drift_changed",
            FabricEventKind::DraftChanged => "draft_changed",
        }
    }
}

/// One fabric event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FabricEvent {
    pub fabric_id: i32,
    pub kind: FabricEventKind,
    pub operation_id: Option<String>,
    pub message: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
}

impl FabricEvent {
    pub fn new(
        fabric_id: i32,
        kind: FabricEventKind,
        operation_id: Option<&str>,
        message: Option<String>,
    ) -> Self {
        FabricEvent {
            fabric_id,
            kind,
            operation_id: operation_id.map(str::to_owned),
            message,
            at: chrono::Utc::now(),
        }
    }
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
    /// The operation reported on.
    pub fn operation_id(&self) -> &str {
        &self.operation_id
    }

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

/// A progress channel many subscribers can listen to: engines publish through it (it is a
/// [`ProgressSink`]) and API subscriptions receive every event published after they subscribed.
/// Implementations: [`BroadcastBus`] in one process; a Redis-backed bus (jobs crate) re-publishes
/// events from other processes into a local broadcast, so subscribers see one stream either way.
pub trait ProgressBus: ProgressSink {
    /// A receiver of all events published from now on. A subscriber that falls behind by more
    /// than the bus capacity misses the oldest events (`RecvError::Lagged`); the operation row
    /// holds the current phase for catching up.
    fn subscribe(&self) -> tokio::sync::broadcast::Receiver<ProgressEvent>;

    /// Publishes a fabric event to every process on the bus (this one included).
    fn publish_fabric_event(&self, event: &FabricEvent);

    /// A receiver of the fabric events published from now on, by any process on the bus.
    fn subscribe_fabric_events(&self) -> tokio::sync::broadcast::Receiver<FabricEvent>;
}

/// In-process progress bus on a tokio broadcast channel.
#[derive(Clone)]
pub struct BroadcastBus {
    sender: tokio::sync::broadcast::Sender<ProgressEvent>,
    fabric: tokio::sync::broadcast::Sender<FabricEvent>,
}

impl BroadcastBus {
    /// A bus keeping up to `capacity` undelivered events per subscriber.
    pub fn new(capacity: usize) -> Self {
        let (sender, _) = tokio::sync::broadcast::channel(capacity.max(1));
        let (fabric, _) = tokio::sync::broadcast::channel(capacity.max(1));
        BroadcastBus { sender, fabric }
    }
}

impl Default for BroadcastBus {
    fn default() -> Self {
        BroadcastBus::new(1024)
    }
}

impl ProgressSink for BroadcastBus {
    fn publish(&self, event: &ProgressEvent) {
        // No subscribers is not an error: events are only of interest to live listeners.
        let _ = self.sender.send(event.clone());
    }
}

impl ProgressBus for BroadcastBus {
    fn subscribe(&self) -> tokio::sync::broadcast::Receiver<ProgressEvent> {
        self.sender.subscribe()
    }

    fn publish_fabric_event(&self, event: &FabricEvent) {
        let _ = self.fabric.send(event.clone());
    }

    fn subscribe_fabric_events(&self) -> tokio::sync::broadcast::Receiver<FabricEvent> {
        self.fabric.subscribe()
    }
}

/// Forwards every event to two sinks (e.g. a CLI progress bar and a bus).
pub struct Tee<'a>(pub &'a dyn ProgressSink, pub &'a dyn ProgressSink);

impl ProgressSink for Tee<'_> {
    fn publish(&self, event: &ProgressEvent) {
        self.0.publish(event);
        self.1.publish(event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn broadcast_bus_delivers_to_every_subscriber_in_order() {
        let bus = BroadcastBus::new(16);
        let mut a = bus.subscribe();
        let mut b = bus.subscribe();
        let reporter = Reporter::new(&bus, "op-1", 7);
        reporter.phase("fetch", 5, Counters::default(), None);
        reporter.phase("done", 250, Counters::default(), Some("ok".into()));
        for rx in [&mut a, &mut b] {
            let first = rx.recv().await.unwrap();
            assert_eq!((first.phase.as_str(), first.percent), ("fetch", 5));
            assert_eq!(first.operation_id, "op-1");
            let second = rx.recv().await.unwrap();
            assert_eq!((second.phase.as_str(), second.percent), ("done", 100));
            assert_eq!(second.fabric_id, 7);
        }
        // Publishing with no subscribers is fine.
        drop((a, b));
        reporter.phase("late", 1, Counters::default(), None);
    }
}
