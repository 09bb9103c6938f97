//! HNP Sync domain logic. Knows the database (through `hnp-entity`) but nothing of HTTP,
//! GraphQL or job queues: services take explicit inputs and return typed results or
//! [`Error`].

pub mod audit;
pub mod cluster;
pub mod config;
pub mod context;
pub mod db;
pub mod demo;
pub mod error;
pub mod flags;
pub mod git;
pub mod github;
pub mod hedgehog;
pub mod history;
pub mod notify;
pub mod operations;
pub mod progress;
pub mod queries;
pub mod repositories;
pub mod security;
pub mod status;
pub mod sync;
pub mod tls;
pub mod webhooks;
pub mod yaml;

#[cfg(test)]
mod redaction_tests;

pub use error::{Error, Result};
