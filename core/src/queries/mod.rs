//! The read side: queries the API layers (GraphQL, REST, metrics, webhooks, CLI listings) run,
//! so that they hold no database code of their own. Each function answers one question in a
//! bounded number of statements.

pub mod audit;
pub mod event_diff;
pub mod fabrics;
pub mod history;
pub mod metrics;
pub mod operations;
pub mod repositories;
pub mod resources;
pub mod topology;
pub mod webhook_targets;

#[cfg(test)]
pub(crate) mod tests;
