//! Progress and fabric-event buses: Redis pub/sub across processes, or the in-process
//! broadcast. One Redis channel carries both, tagged by `type` (`progress` | `fabric`).

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use hnp_core::progress::{
    BroadcastBus, Counters, FabricEvent, ProgressBus, ProgressEvent, ProgressSink,
};
use serde::{Deserialize, Serialize};

/// A message on the channel.
#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Wire {
    Progress(WireEvent),
    Fabric(FabricEvent),
}

/// The wire form of a [`ProgressEvent`] (core's type only serializes).
#[derive(Serialize, Deserialize)]
struct WireEvent {
    operation_id: String,
    fabric_id: i32,
    phase: String,
    percent: u8,
    counters: WireCounters,
    message: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct WireCounters {
    files_processed: u32,
    created: u32,
    updated: u32,
    deleted: u32,
    unchanged: u32,
    conflicts: u32,
}

impl From<&ProgressEvent> for WireEvent {
    fn from(e: &ProgressEvent) -> Self {
        let c = e.counters;
        WireEvent {
            operation_id: e.operation_id.clone(),
            fabric_id: e.fabric_id,
            phase: e.phase.clone(),
            percent: e.percent,
            counters: WireCounters {
                files_processed: c.files_processed,
                created: c.created,
                updated: c.updated,
                deleted: c.deleted,
                unchanged: c.unchanged,
                conflicts: c.conflicts,
            },
            message: e.message.clone(),
        }
    }
}

impl From<WireEvent> for ProgressEvent {
    fn from(e: WireEvent) -> Self {
        let c = e.counters;
        ProgressEvent {
            operation_id: e.operation_id,
            fabric_id: e.fabric_id,
            phase: e.phase,
            percent: e.percent.min(100),
            counters: Counters {
                files_processed: c.files_processed,
                created: c.created,
                updated: c.updated,
                deleted: c.deleted,
                unchanged: c.unchanged,
                conflicts: c.conflicts,
            },
            message: e.message,
        }
    }
}

/// Publishes to a Redis channel; every process (this one included) receives the channel's
/// messages into a local broadcast that subscribers read. Publishing never blocks: events go
/// through an unbounded queue to a publisher task.
pub struct RedisBus {
    local: BroadcastBus,
    outgoing: tokio::sync::mpsc::UnboundedSender<String>,
}

impl RedisBus {
    /// Starts the publisher and the (reconnecting) subscriber; waits up to 2 s for the
    /// subscription so that events published right after start are not missed.
    pub(crate) async fn start(
        client: redis::Client,
        conn: redis::aio::ConnectionManager,
        channel: String,
    ) -> Arc<Self> {
        let local = BroadcastBus::default();
        let (outgoing, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
        {
            let channel = channel.clone();
            let mut conn = conn;
            tokio::spawn(async move {
                while let Some(payload) = rx.recv().await {
                    let sent: redis::RedisResult<i64> = redis::cmd("PUBLISH")
                        .arg(&channel)
                        .arg(&payload)
                        .query_async(&mut conn)
                        .await;
                    if let Err(e) = sent {
                        tracing::warn!(error = %e, "progress event not published");
                    }
                }
            });
        }
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel::<()>();
        {
            let local = local.clone();
            tokio::spawn(async move {
                let mut ready = Some(ready_tx);
                loop {
                    match client.get_async_pubsub().await {
                        Ok(mut pubsub) => {
                            if let Err(e) = pubsub.subscribe(&channel).await {
                                tracing::warn!(error = %e, "progress subscription failed");
                            } else {
                                if let Some(ready) = ready.take() {
                                    let _ = ready.send(());
                                }
                                let mut messages = pubsub.into_on_message();
                                while let Some(msg) = messages.next().await {
                                    match serde_json::from_slice::<Wire>(msg.get_payload_bytes()) {
                                        Ok(Wire::Progress(event)) => local.publish(&event.into()),
                                        Ok(Wire::Fabric(event)) => {
                                            local.publish_fabric_event(&event)
                                        }
                                        Err(e) => {
                                            tracing::warn!(error = %e, "bad bus message")
                                        }
                                    }
                                }
                                tracing::warn!("progress subscription closed; reconnecting");
                            }
                        }
                        Err(e) => tracing::warn!(error = %e, "progress subscriber cannot connect"),
                    }
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            });
        }
        let _ = tokio::time::timeout(Duration::from_secs(2), ready_rx).await;
        Arc::new(RedisBus { local, outgoing })
    }
}

impl RedisBus {
    fn send(&self, message: &Wire) {
        match serde_json::to_string(message) {
            Ok(payload) => {
                let _ = self.outgoing.send(payload);
            }
            Err(e) => tracing::warn!(error = %e, "bus message not serializable"),
        }
    }
}

impl ProgressSink for RedisBus {
    fn publish(&self, event: &ProgressEvent) {
        self.send(&Wire::Progress(WireEvent::from(event)));
    }
}

impl ProgressBus for RedisBus {
    fn subscribe(&self) -> tokio::sync::broadcast::Receiver<ProgressEvent> {
        self.local.subscribe()
    }

    fn publish_fabric_event(&self, event: &FabricEvent) {
        self.send(&Wire::Fabric(event.clone()));
    }

    fn subscribe_fabric_events(&self) -> tokio::sync::broadcast::Receiver<FabricEvent> {
        self.local.subscribe_fabric_events()
    }
}
