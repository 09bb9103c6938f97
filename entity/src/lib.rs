//! sea-orm entities of HNP Sync: the data shape only, no business logic.
//!
//! Column sets match the latest migration in `hnp-migration`. Enumerated string columns are
//! typed here (see [`enums`]) so that no other crate spells a status by hand.

pub mod api_token;
pub mod audit_event;
pub mod conflict;
pub mod drift_ignore_rule;
pub mod enums;
pub mod fabric;
pub mod feature_flag;
pub mod git_repository;
pub mod notification_delivery;
pub mod notification_event;
pub mod notification_target;
pub mod operation_convergence;
pub mod resource;
pub mod resource_event;
pub mod sync_operation;
pub mod user;

pub mod prelude {
    pub use super::api_token::Entity as ApiToken;
    pub use super::audit_event::Entity as AuditEvent;
    pub use super::conflict::Entity as Conflict;
    pub use super::drift_ignore_rule::Entity as DriftIgnoreRule;
    pub use super::fabric::Entity as Fabric;
    pub use super::feature_flag::Entity as FeatureFlag;
    pub use super::git_repository::Entity as GitRepository;
    pub use super::notification_delivery::Entity as NotificationDelivery;
    pub use super::notification_event::Entity as NotificationEvent;
    pub use super::notification_target::Entity as NotificationTarget;
    pub use super::operation_convergence::Entity as OperationConvergence;
    pub use super::resource::Entity as Resource;
    pub use super::resource_event::Entity as ResourceEvent;
    pub use super::sync_operation::Entity as SyncOperation;
    pub use super::user::Entity as User;
}
