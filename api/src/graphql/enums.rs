//! GraphQL enums mirroring the entity enums (values are UPPER_SNAKE_CASE in the schema).

use hnp_entity::enums as e;

macro_rules! mirrors {
    ($($entity:ident { $($variant:ident),+ $(,)? })+) => {
        $(
            #[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
            pub enum $entity { $($variant),+ }

            impl From<e::$entity> for $entity {
                fn from(value: e::$entity) -> Self {
                    match value { $(e::$entity::$variant => $entity::$variant),+ }
                }
            }

            impl From<$entity> for e::$entity {
                fn from(value: $entity) -> Self {
                    match value { $($entity::$variant => e::$entity::$variant),+ }
                }
            }
        )+
    };
}

mirrors! {
    Provider { Github, Gitlab, Generic }
    AuthType { None, Token, Basic, SshKey }
    WriteMode { DirectPush, PullRequest }
    ConnectionStatus { Untested, Connected, Failed }
    DirectoryStatus { NotInitialized, Initialized, InvalidStructure, Error }
    SyncDirection { Bidirectional, GitToGui, GuiToGit, Disabled }
    ConflictStatus { None, Detected, Resolving, Resolved }
    ResourceState { Draft, Committed, Synced, Drifted, Orphaned, Pending }
    DriftStatus { Unknown, InSync, SpecDrift, DesiredOnly, ActualOnly }
    DraftOperation { Create, Update, Delete }
    ConflictType { ConcurrentModification, DeletedInGit, DeletedInGui, SchemaInvalid, ParseError }
    ConflictState { Open, Resolved }
    Resolution { GuiWins, GitWins, Merge, Manual }
    OperationDirection { GitToGui, GuiToGit, Bidirectional, DirectoryInit, ClusterRead }
    OperationTrigger { Manual, Schedule, Webhook, Api, Cli }
    OperationStatus { Queued, Running, Succeeded, PartiallySucceeded, Failed, Cancelled }
    Role { Viewer, Operator, Admin }
    NotificationKind { Webhook, Slack }
    DeliveryStatus { Pending, Sending, Delivered, Failed, GaveUp }
    ResourceEventKind {
        GitCommit, Created, Deleted, WriteBack, DraftSaved, DraftDiscarded, DeleteRequested,
        ConflictOpened, ConflictResolved, DriftStarted, DriftEnded, Reverted,
    }
}

/// Directions a client may trigger.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum TriggerDirection {
    GitToGui,
    GuiToGit,
    Bidirectional,
    /// Read the fabric's cluster (actual state) and recompute drift.
    ClusterRead,
}

/// A fabric's computed sync status.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum FabricSyncStatus {
    NeverSynced,
    Syncing,
    Error,
    OutOfSync,
    InSync,
}

/// Feature flags by key.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum FeatureFlagKey {
    BidirectionalSync,
    DirectoryManagement,
    ConflictResolution,
}

impl From<FeatureFlagKey> for hnp_core::flags::Flag {
    fn from(key: FeatureFlagKey) -> Self {
        match key {
            FeatureFlagKey::BidirectionalSync => hnp_core::flags::Flag::BidirectionalSync,
            FeatureFlagKey::DirectoryManagement => hnp_core::flags::Flag::DirectoryManagement,
            FeatureFlagKey::ConflictResolution => hnp_core::flags::Flag::ConflictResolution,
        }
    }
}

/// Filter of `resources` by Hedgehog admission of the desired state (as of the last ingestion).
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum AdmissionFilter {
    /// No admission errors (admitted, or no desired state).
    Valid,
    /// The cluster will refuse it: `admissionErrors` is not empty.
    Invalid,
}
