//! Schema migrations for HNP Sync.
//!
//! The migrations replay how the original system evolved: `m0001` is the original one-way schema
//! (repositories, fabrics, resources with three spec columns), `m0002` adds the bidirectional sync
//! fields and the new tables, later ones add what the product grew into. Every migration runs on
//! SQLite and PostgreSQL, keeps existing rows (new columns get defaults, existing rows are
//! backfilled) and has a working `down`.

// `MigrationTrait` (async-trait) is declared with `&SchemaManager`; naming its lifetime in an
// impl changes early/late binding and no longer matches, so the idiom lint is relaxed here.
#![allow(elided_lifetimes_in_paths)]

pub use sea_orm_migration::prelude::*;

mod helpers;
mod m0001_create_original_schema;
mod m0002_add_bidirectional_sync_fields;
mod m0003_add_state_tracking_and_cluster_fields;
mod m0004_add_ssh_host_keys;
mod m0005_add_draft_base_and_operation_details;
mod m0006_add_github_integration;
mod m0007_add_resource_counts;
mod m0008_add_admission_errors;
mod m0009_add_operation_phases;
mod m0010_index_admission_errors;
mod m0011_add_resource_events;
mod m0012_add_drift_ignore_rules;
mod m0013_add_actual_managed_fields;
mod m0014_add_agent_status;
mod m0015_add_notifications;
mod m0016_add_operation_convergence;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_create_original_schema::Migration),
            Box::new(m0002_add_bidirectional_sync_fields::Migration),
            Box::new(m0003_add_state_tracking_and_cluster_fields::Migration),
            Box::new(m0004_add_ssh_host_keys::Migration),
            Box::new(m0005_add_draft_base_and_operation_details::Migration),
            Box::new(m0006_add_github_integration::Migration),
            Box::new(m0007_add_resource_counts::Migration),
            Box::new(m0008_add_admission_errors::Migration),
            Box::new(m0009_add_operation_phases::Migration),
            Box::new(m0010_index_admission_errors::Migration),
            Box::new(m0011_add_resource_events::Migration),
            Box::new(m0012_add_drift_ignore_rules::Migration),
            Box::new(m0013_add_actual_managed_fields::Migration),
            Box::new(m0014_add_agent_status::Migration),
            Box::new(m0015_add_notifications::Migration),
            Box::new(m0016_add_operation_convergence::Migration),
        ]
    }
}
