//! Workspace-level end-to-end tests (one binary): migrations on SQLite and PostgreSQL, the vault
//! against a real database file.

mod admission;
mod adopt;
mod auth;
mod cluster;
mod convergence;
mod demo;
mod docker;
mod git;
mod github;
mod history;
mod ingest;
mod migrations;
mod queries;
mod repositories;
mod revert;
mod topology;
mod vault_storage;
mod writeback;
