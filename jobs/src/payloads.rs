//! Job payloads and queue names.

use super::*;

/// Who asked, in serializable form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestedBy {
    pub user_id: Option<i32>,
    pub name: String,
    pub trigger: OperationTrigger,
}

impl From<&Requester> for RequestedBy {
    fn from(r: &Requester) -> Self {
        RequestedBy {
            user_id: r.user_id,
            name: r.name.clone(),
            trigger: r.trigger,
        }
    }
}

impl From<&RequestedBy> for Requester {
    fn from(r: &RequestedBy) -> Self {
        Requester {
            user_id: r.user_id,
            name: r.name.clone(),
            trigger: r.trigger,
        }
    }
}

/// `sync_fabric`: run queued operation `operation_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncFabric {
    pub fabric_id: i32,
    pub direction: Run,
    pub operation_id: String,
    pub requested_by: RequestedBy,
    pub dry_run: bool,
    /// 0 for the first run.
    #[serde(default)]
    pub attempt: u32,
}

/// `detect_external_modifications`: one scheduled pass over the fabrics that are due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetectExternalModifications {
    /// The cron tick (unix seconds).
    pub scheduled_at: i64,
    /// Dropped (and counted) when picked up after this (unix seconds).
    pub not_after: Option<i64>,
}

/// `cleanup_sync_operations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanupSyncOperations {
    pub scheduled_at: i64,
    pub not_after: Option<i64>,
}

/// `sync_cluster_state`: queue a cluster read for every fabric with a cluster connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncClusterState {
    pub scheduled_at: i64,
    pub not_after: Option<i64>,
}

pub(crate) const SYNC_QUEUE: &str = "sync_fabric";
pub(crate) const DETECT_QUEUE: &str = "detect_external_modifications";
pub(crate) const CLEANUP_QUEUE: &str = "cleanup_sync_operations";
pub(crate) const CLUSTER_QUEUE: &str = "sync_cluster_state";
