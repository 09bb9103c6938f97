//! Background jobs of HNP Sync (apalis): job structs, handlers calling `hnp-core`, cron schedules,
//! storage selection and the per-fabric lock. Filled in by the jobs work; the crate exists so the
//! dependency direction `core → jobs → api` is fixed from the start.
