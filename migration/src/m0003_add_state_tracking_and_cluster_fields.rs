//! State tracking for the three states (commit and timestamps of desired, base and author of a
//! draft, status and resourceVersion of actual), labels/annotations, resource state and drift,
//! and the per-fabric cluster connection, per-file parse status and detection bookkeeping.
//!
//! Existing rows are backfilled: a resource with a draft becomes `resource_state = draft` with
//! `draft_operation` `create` (no desired state yet) or `update`; others become `committed`.

use sea_orm_migration::prelude::*;

use crate::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const RESOURCE_COLUMNS: [&str; 14] = [
    "labels",
    "annotations",
    "desired_commit",
    "desired_updated",
    "draft_operation",
    "draft_base_hash",
    "draft_base_commit",
    "draft_updated",
    "draft_updated_by",
    "actual_status",
    "actual_resource_version",
    "actual_updated",
    "resource_state",
    "drift_status",
];
const RESOURCE_COLUMNS_2: [&str; 1] = ["drift_details"];
const FABRIC_COLUMNS: [&str; 10] = [
    "kubernetes_server",
    "kubernetes_ca_cert",
    "encrypted_kubernetes_token",
    "encrypted_kubeconfig",
    "kubeconfig_context",
    "kubernetes_namespace",
    "kubernetes_insecure_skip_tls_verify",
    "file_status",
    "last_checked_at",
    "remote_head_commit",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            manager,
            "resources",
            vec![
                json_null("labels"),
                json_null("annotations"),
                string_null("desired_commit"),
                timestamp_null("desired_updated"),
                string_null("draft_operation"),
                string_null("draft_base_hash"),
                string_null("draft_base_commit"),
                timestamp_null("draft_updated"),
                string_null("draft_updated_by"),
                json_null("actual_status"),
                string_null("actual_resource_version"),
                timestamp_null("actual_updated"),
                string_default("resource_state", "committed"),
                string_default("drift_status", "unknown"),
                json_null("drift_details"),
            ],
        )
        .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE resources SET resource_state = 'draft', draft_operation = CASE \
             WHEN desired_spec IS NULL THEN 'create' ELSE 'update' END \
             WHERE draft_spec IS NOT NULL",
        )
        .await?;
        // Partial indexes: most resources are `committed`/`synced` and drift `unknown`/`in_sync`;
        // lists filter for the few others. Indexing only those keeps bulk ingestion cheap.
        // Queries must repeat the predicate (e.g. `AND drift_status NOT IN ('unknown',
        // 'in_sync')`) for the planner to use them.
        db.execute_unprepared(
            "CREATE INDEX ix_resources_fabric_state ON resources (fabric_id, resource_state) \
             WHERE resource_state NOT IN ('committed', 'synced')",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX ix_resources_fabric_drift_status ON resources (fabric_id, drift_status) \
             WHERE drift_status NOT IN ('unknown', 'in_sync')",
        )
        .await?;

        add_columns(
            manager,
            "fabrics",
            vec![
                string_null("kubernetes_server"),
                text_null("kubernetes_ca_cert"),
                text_null("encrypted_kubernetes_token"),
                text_null("encrypted_kubeconfig"),
                string_null("kubeconfig_context"),
                string_default("kubernetes_namespace", "default"),
                bool_default("kubernetes_insecure_skip_tls_verify", false),
                json_null("file_status"),
                timestamp_null("last_checked_at"),
                string_null("remote_head_commit"),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(manager, "fabrics", &FABRIC_COLUMNS).await?;
        drop_index(manager, "ix_resources_fabric_drift_status", "resources").await?;
        drop_index(manager, "ix_resources_fabric_state", "resources").await?;
        drop_columns(manager, "resources", &RESOURCE_COLUMNS_2).await?;
        drop_columns(manager, "resources", &RESOURCE_COLUMNS).await
    }
}
