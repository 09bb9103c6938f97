//! Hashes the migrations' source files into `HNP_MIGRATIONS_SOURCE_HASH`, part of the name of
//! the PostgreSQL template database (`src/lib.rs`): a migration edited in place (before it was
//! released) then gets a new template instead of a stale one kept on the test server.

use std::hash::{Hash, Hasher};
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migration/src");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        file.file_name().hash(&mut hasher);
        std::fs::read(&file).unwrap_or_default().hash(&mut hasher);
    }
    println!(
        "cargo:rustc-env=HNP_MIGRATIONS_SOURCE_HASH={:016x}",
        hasher.finish()
    );
}
