//! The directory layout HNP manages inside a fabric's `gitops_directory`:
//!
//! ```text
//! .hnp/manifest.yaml   layout version, fabric name, kind → folder map
//! README.md            what each folder is for
//! raw/                 drop zone (any file name, multi-document YAML)
//! managed/<plural>/<name>.yaml, managed/<plural>/<namespace>/<name>.yaml
//! unmanaged/           never touched
//! ```
//!
//! Initialization only adds what is missing: it never deletes or rewrites a file.

use std::collections::{BTreeMap, BTreeSet};

use hnp_entity::enums::DirectoryStatus;
use serde_json::{Value, json};

use crate::hedgehog::kinds;
use crate::yaml::{self, Limits};

pub const LAYOUT_VERSION: u64 = 1;
pub const MANIFEST: &str = ".hnp/manifest.yaml";
pub const RAW: &str = "raw";
pub const MANAGED: &str = "managed";
pub const UNMANAGED: &str = "unmanaged";
pub const KEEP: &str = ".gitkeep";

/// `dir/rel`, or `rel` when the directory is the repository root.
pub fn join(dir: &str, rel: &str) -> String {
    if dir.is_empty() {
        rel.to_owned()
    } else {
        format!("{dir}/{rel}")
    }
}

/// `path` relative to `dir`, if it is inside it.
pub fn relative<'a>(dir: &str, path: &'a str) -> Option<&'a str> {
    if dir.is_empty() {
        Some(path)
    } else {
        path.strip_prefix(dir)?.strip_prefix('/')
    }
}

/// Where a resource lives in the managed layout (repository path).
pub fn managed_path(dir: &str, folder: &str, namespace: &str, name: &str) -> String {
    if namespace == "default" {
        join(dir, &format!("{MANAGED}/{folder}/{name}.yaml"))
    } else {
        join(dir, &format!("{MANAGED}/{folder}/{namespace}/{name}.yaml"))
    }
}

/// Whether a repository path is one HNP ingests: YAML under `dir`, outside `unmanaged/` and
/// `.hnp/`.
pub fn is_ingested(dir: &str, path: &str) -> bool {
    let Some(rel) = relative(dir, path) else {
        return false;
    };
    if rel.starts_with(&format!("{UNMANAGED}/")) || rel.starts_with(".hnp/") {
        return false;
    }
    let lower = rel.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// Whether a repository path is in the `raw/` drop zone of `dir`.
pub fn is_raw(dir: &str, path: &str) -> bool {
    relative(dir, path).is_some_and(|rel| rel.starts_with(&format!("{RAW}/")))
}

/// The manifest HNP writes.
pub fn manifest_value(fabric_name: &str) -> Value {
    let kinds: serde_json::Map<String, Value> = kinds::all()
        .iter()
        .map(|k| {
            (
                k.kind.to_owned(),
                json!({ "apiVersion": k.api_version(), "folder": format!("{MANAGED}/{}", k.folder()) }),
            )
        })
        .collect();
    json!({
        "layoutVersion": LAYOUT_VERSION,
        "fabric": fabric_name,
        "folders": { "raw": RAW, "managed": MANAGED, "unmanaged": UNMANAGED },
        "kinds": kinds,
    })
}

fn manifest_text(fabric_name: &str) -> String {
    format!(
        "# Managed by HNP Sync: the layout of this directory. Do not edit by hand.\n{}",
        yaml::canonicalize(&manifest_value(fabric_name))
    )
}

fn readme_text(fabric_name: &str) -> String {
    format!(
        "# Fabric {fabric_name}\n\n\
         This directory is managed by HNP Sync.\n\n\
         - `raw/` — drop zone: put any YAML here (multi-document files allowed). HNP moves each \
         Hedgehog resource into `managed/` in one commit.\n\
         - `managed/<kind>/<name>.yaml` — one resource per file in canonical form, written by HNP \
         (`managed/<kind>/<namespace>/<name>.yaml` outside the `default` namespace). Edits here \
         are ingested like any other change.\n\
         - `unmanaged/` — files HNP never reads or touches.\n\
         - `.hnp/manifest.yaml` — layout version and kind → folder map.\n"
    )
}

/// Files (repository paths → content) that initialization must add, given the paths that exist.
/// Empty when the layout is complete: initialization is idempotent.
pub fn init_changes(
    dir: &str,
    fabric_name: &str,
    existing: &BTreeSet<String>,
) -> Vec<(String, Option<Vec<u8>>)> {
    let has_files_under = |folder: &str| {
        let prefix = format!("{}/", join(dir, folder));
        existing.iter().any(|p| p.starts_with(&prefix))
    };
    let mut changes = Vec::new();
    let mut add = |path: String, content: String| {
        if !existing.contains(&path) {
            changes.push((path, Some(content.into_bytes())));
        }
    };
    add(join(dir, MANIFEST), manifest_text(fabric_name));
    add(join(dir, "README.md"), readme_text(fabric_name));
    let mut folders = vec![RAW.to_owned(), UNMANAGED.to_owned()];
    folders.extend(
        kinds::all()
            .iter()
            .map(|k| format!("{MANAGED}/{}", k.folder())),
    );
    for folder in folders {
        if !has_files_under(&folder) {
            add(join(dir, &format!("{folder}/{KEEP}")), String::new());
        }
    }
    changes
}

/// Result of inspecting a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutStatus {
    pub status: DirectoryStatus,
    pub reasons: Vec<String>,
}

/// Checks the layout: no manifest → not initialized; a manifest that does not parse, has an
/// unknown version, unsafe or unexpected folders, or required folders missing → invalid
/// structure with the reasons.
pub fn inspect(dir: &str, existing: &BTreeSet<String>, manifest: Option<&[u8]>) -> LayoutStatus {
    let Some(manifest) = manifest else {
        return LayoutStatus {
            status: DirectoryStatus::NotInitialized,
            reasons: vec![format!("{} is missing", join(dir, MANIFEST))],
        };
    };
    let mut reasons: Vec<String> = manifest_problems(manifest)
        .into_iter()
        .map(|problem| format!("{}: {problem}", join(dir, MANIFEST)))
        .collect();
    let has_folder = |folder: &str| {
        let prefix = format!("{}/", join(dir, folder));
        existing.iter().any(|p| p.starts_with(&prefix))
    };
    for folder in [RAW, MANAGED, UNMANAGED] {
        if !has_folder(folder) {
            reasons.push(format!("folder {} is missing", join(dir, folder)));
        }
    }
    LayoutStatus {
        status: if reasons.is_empty() {
            DirectoryStatus::Initialized
        } else {
            DirectoryStatus::InvalidStructure
        },
        reasons,
    }
}

/// What is wrong with a manifest's content (empty when it is valid).
pub fn manifest_problems(content: &[u8]) -> Vec<String> {
    match yaml::parse_documents(content, &Limits::default()) {
        Err(e) => vec![e.to_string()],
        Ok(docs) if docs.len() != 1 => {
            vec![format!("expected one YAML document, found {}", docs.len())]
        }
        Ok(docs) => check_manifest(&docs[0].value),
    }
}

/// Whether `path` is the manifest of the directory `dir`.
pub fn is_manifest(dir: &str, path: &str) -> bool {
    path == join(dir, MANIFEST)
}

fn unsafe_folder(folder: &str) -> bool {
    folder.is_empty()
        || folder.starts_with('/')
        || folder.contains('\\')
        || folder
            .split('/')
            .any(|part| part == ".." || part == "." || part.is_empty())
}

fn check_manifest(value: &Value) -> Vec<String> {
    let mut reasons = Vec::new();
    match value.get("layoutVersion").and_then(Value::as_u64) {
        Some(LAYOUT_VERSION) => {}
        Some(other) => reasons.push(format!(
            "manifest layoutVersion {other} is not supported (expected {LAYOUT_VERSION})"
        )),
        None => reasons.push("manifest layoutVersion is missing".to_owned()),
    }
    let expected: BTreeMap<&str, (&str, String)> =
        [("raw", RAW), ("managed", MANAGED), ("unmanaged", UNMANAGED)]
            .into_iter()
            .map(|(key, folder)| (key, (folder, folder.to_owned())))
            .collect();
    if let Some(folders) = value.get("folders").and_then(Value::as_object) {
        for (key, folder) in folders {
            let folder = folder.as_str().unwrap_or_default();
            if unsafe_folder(folder) {
                reasons.push(format!("manifest folders.{key}: unsafe path {folder:?}"));
            } else if let Some((want, _)) = expected.get(key.as_str())
                && *want != folder
            {
                reasons.push(format!(
                    "manifest folders.{key} is {folder:?}, HNP uses {want:?}"
                ));
            }
        }
    }
    if let Some(kind_map) = value.get("kinds").and_then(Value::as_object) {
        for (kind, entry) in kind_map {
            let folder = entry
                .get("folder")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if unsafe_folder(folder) {
                reasons.push(format!(
                    "manifest kinds.{kind}.folder: unsafe path {folder:?}"
                ));
                continue;
            }
            if let Some(info) = kinds::by_kind(kind) {
                let want = format!("{MANAGED}/{}", info.folder());
                if folder != want {
                    reasons.push(format!(
                        "manifest kinds.{kind}.folder is {folder:?}, HNP uses {want:?}"
                    ));
                }
            }
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(paths: &[(String, Option<Vec<u8>>)]) -> BTreeSet<String> {
        paths.iter().map(|(p, _)| p.clone()).collect()
    }

    #[test]
    fn init_is_complete_then_idempotent_and_never_overwrites() {
        let mut existing: BTreeSet<String> = [
            "fabrics/dc1/README.md".to_owned(),
            "fabrics/dc1/managed/vpcs/vpc-1.yaml".to_owned(),
        ]
        .into();
        let changes = init_changes("fabrics/dc1", "dc1", &existing);
        let paths = set(&changes);
        assert!(paths.contains("fabrics/dc1/.hnp/manifest.yaml"));
        assert!(
            !paths.contains("fabrics/dc1/README.md"),
            "existing README kept"
        );
        assert!(
            !paths.contains("fabrics/dc1/managed/vpcs/.gitkeep"),
            "folder has files"
        );
        assert!(paths.contains("fabrics/dc1/managed/switches/.gitkeep"));
        assert!(paths.contains("fabrics/dc1/raw/.gitkeep"));
        let manifest = changes
            .iter()
            .find(|(p, _)| p.ends_with("manifest.yaml"))
            .and_then(|(_, c)| c.clone())
            .unwrap();
        existing.extend(paths);
        assert!(init_changes("fabrics/dc1", "dc1", &existing).is_empty());
        let status = inspect("fabrics/dc1", &existing, Some(&manifest));
        assert_eq!(
            status.status,
            DirectoryStatus::Initialized,
            "{:?}",
            status.reasons
        );
    }

    #[test]
    fn inspect_reports_reasons() {
        let existing: BTreeSet<String> = ["raw/.gitkeep".to_owned()].into();
        assert_eq!(
            inspect("", &existing, None).status,
            DirectoryStatus::NotInitialized
        );
        let bad = b"layoutVersion: 1\nkinds:\n  VPC:\n    folder: ../../etc\n";
        let status = inspect("", &existing, Some(bad));
        assert_eq!(status.status, DirectoryStatus::InvalidStructure);
        assert!(
            status.reasons.iter().any(|r| r.contains("unsafe path")),
            "{:?}",
            status.reasons
        );
        assert!(
            status
                .reasons
                .iter()
                .any(|r| r.contains("managed is missing")),
            "{:?}",
            status.reasons
        );
        let status = inspect("", &existing, Some(b"a: [unclosed"));
        assert_eq!(status.status, DirectoryStatus::InvalidStructure);
    }

    #[test]
    fn ingested_paths() {
        assert!(is_ingested("d", "d/raw/x.yaml"));
        assert!(is_ingested("d", "d/a/b.YML"));
        assert!(!is_ingested("d", "d/unmanaged/x.yaml"));
        assert!(!is_ingested("d", "d/.hnp/manifest.yaml"));
        assert!(!is_ingested("d", "d/README.md"));
        assert!(!is_ingested("d", "other/x.yaml"));
        assert!(!is_ingested("d", "dx/x.yaml"));
        assert!(is_ingested("", "x.yaml"));
        assert_eq!(
            managed_path("d", "vpcs", "default", "v"),
            "d/managed/vpcs/v.yaml"
        );
        assert_eq!(
            managed_path("", "vpcs", "t1", "v"),
            "managed/vpcs/t1/v.yaml"
        );
    }
}
