//! Enumerated string columns. Database values are snake_case.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize,
            Deserialize,
        )]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)", rename_all = "snake_case")]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// The value as stored in the database.
            pub fn as_str(&self) -> String {
                self.to_value()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.to_value())
            }
        }
    };
}

string_enum!(
    /// Hosting provider of a git repository.
    Provider { Github, Gitlab, Generic }
);
string_enum!(
    /// How HNP authenticates to a git remote.
    AuthType { None, Token, Basic, SshKey }
);
string_enum!(
    /// How write-back reaches the fabric's branch.
    WriteMode { DirectPush, PullRequest }
);
string_enum!(
    /// Result of the last connection test of a repository.
    ConnectionStatus { Untested, Connected, Failed }
);
string_enum!(
    /// State of the managed directory layout of a fabric.
    DirectoryStatus { NotInitialized, Initialized, InvalidStructure, Error }
);
string_enum!(
    /// Which way a resource may be synchronised.
    SyncDirection { Bidirectional, GitToGui, GuiToGit, Disabled }
);
string_enum!(
    /// Conflict state of a resource.
    ConflictStatus { None, Detected, Resolving, Resolved }
);
string_enum!(
    /// Lifecycle state of a resource across its three states.
    ResourceState { Draft, Committed, Synced, Drifted, Orphaned, Pending }
);
string_enum!(
    /// Desired vs actual comparison result.
    DriftStatus { Unknown, InSync, SpecDrift, DesiredOnly, ActualOnly }
);
string_enum!(
    /// What a pending draft does to the resource.
    DraftOperation { Create, Update, Delete }
);
string_enum!(
    /// Why a conflict was opened.
    ConflictType { ConcurrentModification, DeletedInGit, DeletedInGui, SchemaInvalid, ParseError }
);
string_enum!(
    /// Whether a conflict still needs a decision.
    ConflictState { Open, Resolved }
);
string_enum!(
    /// How a conflict was resolved.
    Resolution { GuiWins, GitWins, Merge, Manual }
);
string_enum!(
    /// Direction of a sync operation.
    OperationDirection { GitToGui, GuiToGit, Bidirectional, DirectoryInit, ClusterRead }
);
string_enum!(
    /// What started a sync operation.
    OperationTrigger { Manual, Schedule, Webhook, Api, Cli }
);
string_enum!(
    /// Lifecycle of a sync operation.
    OperationStatus { Queued, Running, Succeeded, PartiallySucceeded, Failed, Cancelled }
);
string_enum!(
    /// What happened to a resource (a row of `resource_events`). `Reverted` is reserved for
    /// reverting a resource to an earlier version.
    ResourceEventKind {
        GitCommit,
        Created,
        Deleted,
        WriteBack,
        DraftSaved,
        DraftDiscarded,
        DeleteRequested,
        ConflictOpened,
        ConflictResolved,
        DriftStarted,
        DriftEnded,
        Reverted,
    }
);
string_enum!(
    /// User role; ordered: viewer < operator < admin.
    Role { Viewer, Operator, Admin }
);

impl Role {
    fn rank(self) -> u8 {
        match self {
            Role::Viewer => 0,
            Role::Operator => 1,
            Role::Admin => 2,
        }
    }
}

impl PartialOrd for Role {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Role {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}
string_enum!(
    /// What a notification target speaks: a generic signed JSON webhook or a Slack-compatible
    /// incoming webhook.
    NotificationKind { Webhook, Slack }
);
string_enum!(
    /// One delivery attempt: `pending` (due at `next_attempt_at`), `sending` (claimed by a
    /// worker until `next_attempt_at`), `delivered` (2xx), `failed` (a later attempt is
    /// scheduled), `gave_up` (failed, the last attempt).
    DeliveryStatus { Pending, Sending, Delivered, Failed, GaveUp }
);
