//! Reconciling what Git says now with what the database holds: which resources to create,
//! rewrite or desired-delete, and which files are in error. Pure: no database, no git.
//!
//! Safety rules: a file that fails to parse changes nothing for its resources; a resource
//! defined by two files is applied from neither (both files get an error naming the other).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::operations::FileError;

use super::parse::{DesiredDoc, ParsedFile, ResourceKey, UnmanagedDoc};

/// What the database holds for one resource of the fabric.
#[derive(Debug, Clone)]
pub struct Existing {
    pub id: i32,
    pub key: ResourceKey,
    pub path: Option<String>,
    pub hash: Option<String>,
    pub has_desired: bool,
    pub has_actual: bool,
    pub has_draft: bool,
}

/// Which files this run looked at.
#[derive(Debug, Clone)]
pub enum Scope {
    /// Every YAML file of the directory was parsed; anything not seen is gone.
    Full,
    /// Only changed files were parsed; `deleted` were removed since the last run.
    Incremental { deleted: Vec<String> },
}

#[derive(Debug, Default)]
pub struct Plan {
    pub creates: Vec<DesiredDoc>,
    /// Resource id and its new document (text or file changed).
    pub rewrites: Vec<(i32, DesiredDoc)>,
    /// Resources in processed files whose document is byte-identical.
    pub unchanged: u32,
    /// Resources whose document disappeared from Git.
    pub deletes: Vec<Existing>,
    pub errors: Vec<FileError>,
    pub unmanaged: Vec<UnmanagedDoc>,
    /// Files that could not be used: path → (blob, message).
    pub failed_files: BTreeMap<String, (String, String)>,
    /// Files processed without error (and deleted files): their old errors are cleared.
    pub cleared_files: Vec<String>,
}

pub fn plan(existing: &[Existing], parsed: Vec<ParsedFile>, scope: &Scope) -> Plan {
    let mut plan = Plan::default();
    let processed: HashSet<String> = parsed.iter().map(|f| f.path.clone()).collect();
    let deleted: HashSet<&str> = match scope {
        Scope::Full => HashSet::new(),
        Scope::Incremental { deleted } => deleted.iter().map(String::as_str).collect(),
    };

    let mut docs: BTreeMap<ResourceKey, Vec<DesiredDoc>> = BTreeMap::new();
    for file in parsed {
        match file.result {
            Ok(file_docs) => {
                plan.cleared_files.push(file.path);
                plan.unmanaged.extend(file_docs.unmanaged);
                for doc in file_docs.managed {
                    docs.entry(doc.key()).or_default().push(doc);
                }
            }
            Err(message) => {
                plan.failed_files.insert(file.path, (file.blob, message));
            }
        }
    }
    plan.cleared_files
        .extend(deleted.iter().map(|p| (*p).to_owned()));

    let by_key: HashMap<&ResourceKey, &Existing> = existing.iter().map(|e| (&e.key, e)).collect();
    // Keys that must not be desired-deleted this run (ambiguous or kept by an error).
    let mut protected: HashSet<ResourceKey> = HashSet::new();
    let mut duplicate_errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut note = |path: &str, message: String| {
        duplicate_errors
            .entry(path.to_owned())
            .or_default()
            .push(message);
    };

    for (key, mut candidates) in docs {
        if candidates.len() > 1 {
            let paths: Vec<&str> = candidates.iter().map(|d| d.path.as_str()).collect();
            for doc in &candidates {
                let others: Vec<&str> = paths.iter().copied().filter(|p| *p != doc.path).collect();
                let others = if others.is_empty() {
                    "this same file".to_owned()
                } else {
                    others.join(", ")
                };
                note(
                    &doc.path,
                    format!(
                        "{key} is defined more than once (also in {others}); neither is applied"
                    ),
                );
            }
            protected.insert(key);
            continue;
        }
        let doc = candidates.remove(0);
        match by_key.get(&key) {
            Some(current) => {
                let elsewhere = current.path.as_deref().filter(|p| {
                    *p != doc.path
                        && !processed.contains(*p)
                        && !deleted.contains(*p)
                        && matches!(scope, Scope::Incremental { .. })
                        && current.has_desired
                });
                if let Some(other) = elsewhere {
                    note(
                        &doc.path,
                        format!(
                            "{key} is already defined in {other}; this definition is not applied"
                        ),
                    );
                    protected.insert(key);
                } else if current.has_desired
                    && current.path.as_deref() == Some(doc.path.as_str())
                    && current.hash.as_deref() == Some(doc.hash.as_str())
                {
                    plan.unchanged += 1;
                    protected.insert(key);
                } else {
                    plan.rewrites.push((current.id, doc));
                    protected.insert(key);
                }
            }
            None => {
                protected.insert(key);
                plan.creates.push(doc);
            }
        }
    }

    for current in existing {
        if !current.has_desired || protected.contains(&current.key) {
            continue;
        }
        let gone = match current.path.as_deref() {
            Some(path) if plan.failed_files.contains_key(path) => false,
            Some(path) if deleted.contains(path) || processed.contains(path) => true,
            Some(_) => matches!(scope, Scope::Full),
            None => matches!(scope, Scope::Full),
        };
        if gone {
            plan.deletes.push(current.clone());
        }
    }

    for (path, (_, message)) in &plan.failed_files {
        plan.errors.push(FileError {
            path: path.clone(),
            message: message.clone(),
        });
    }
    for (path, messages) in duplicate_errors {
        plan.cleared_files.retain(|p| *p != path);
        plan.errors.push(FileError {
            path,
            message: messages.join("; "),
        });
    }
    plan.errors.sort_by(|a, b| a.path.cmp(&b.path));
    plan
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::parse::FileDocs;
    use super::*;

    fn doc(name: &str, path: &str, hash: &str) -> DesiredDoc {
        DesiredDoc {
            kind: "VPC".into(),
            api_version: "vpc.githedgehog.com/v1beta1".into(),
            namespace: "default".into(),
            name: name.into(),
            spec: json!({}),
            labels: None,
            annotations: None,
            path: path.into(),
            hash: hash.into(),
        }
    }

    fn file(path: &str, docs: Vec<DesiredDoc>) -> ParsedFile {
        ParsedFile {
            path: path.into(),
            blob: "b".into(),
            result: Ok(FileDocs {
                managed: docs,
                unmanaged: vec![],
            }),
        }
    }

    fn broken(path: &str) -> ParsedFile {
        ParsedFile {
            path: path.into(),
            blob: "b".into(),
            result: Err("syntax error".into()),
        }
    }

    fn existing(id: i32, name: &str, path: &str, hash: &str) -> Existing {
        Existing {
            id,
            key: doc(name, path, hash).key(),
            path: Some(path.into()),
            hash: Some(hash.into()),
            has_desired: true,
            has_actual: false,
            has_draft: false,
        }
    }

    #[test]
    fn first_run_creates_everything() {
        let p = plan(
            &[],
            vec![file(
                "a.yaml",
                vec![doc("a", "a.yaml", "h1"), doc("b", "a.yaml", "h2")],
            )],
            &Scope::Full,
        );
        assert_eq!(p.creates.len(), 2);
        assert!(p.errors.is_empty() && p.deletes.is_empty() && p.rewrites.is_empty());
    }

    #[test]
    fn changed_unchanged_and_removed_documents() {
        let db = [
            existing(1, "a", "a.yaml", "h1"),
            existing(2, "b", "a.yaml", "h2"),
            existing(3, "c", "c.yaml", "h3"),
        ];
        let p = plan(
            &db,
            vec![file(
                "a.yaml",
                vec![doc("a", "a.yaml", "h1"), doc("x", "a.yaml", "hx")],
            )],
            &Scope::Incremental {
                deleted: vec!["c.yaml".into()],
            },
        );
        assert_eq!(p.unchanged, 1);
        assert_eq!(p.creates.len(), 1);
        let deleted: Vec<i32> = p.deletes.iter().map(|e| e.id).collect();
        assert_eq!(deleted, vec![2, 3]);
        assert!(p.cleared_files.contains(&"c.yaml".to_owned()));
    }

    #[test]
    fn broken_file_keeps_its_resources() {
        let db = [existing(1, "a", "a.yaml", "h1")];
        let p = plan(
            &db,
            vec![broken("a.yaml")],
            &Scope::Incremental { deleted: vec![] },
        );
        assert!(p.deletes.is_empty());
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].path, "a.yaml");
        let p = plan(&db, vec![broken("a.yaml")], &Scope::Full);
        assert!(
            p.deletes.is_empty(),
            "full scan must not delete resources of a broken file"
        );
    }

    #[test]
    fn duplicates_are_applied_from_neither_file() {
        let p = plan(
            &[],
            vec![
                file("a.yaml", vec![doc("a", "a.yaml", "h1")]),
                file("b.yaml", vec![doc("a", "b.yaml", "h2")]),
            ],
            &Scope::Full,
        );
        assert!(p.creates.is_empty());
        assert_eq!(p.errors.len(), 2);
        assert!(p.errors[0].message.contains("b.yaml"), "{:?}", p.errors);
        assert!(p.errors[1].message.contains("a.yaml"), "{:?}", p.errors);

        // A new file redefining a resource that an untouched file defines.
        let db = [existing(1, "a", "a.yaml", "h1")];
        let p = plan(
            &db,
            vec![file("b.yaml", vec![doc("a", "b.yaml", "h2")])],
            &Scope::Incremental { deleted: vec![] },
        );
        assert!(p.rewrites.is_empty() && p.deletes.is_empty());
        assert!(p.errors[0].message.contains("a.yaml"));
    }

    #[test]
    fn moving_a_document_between_files_is_a_rewrite() {
        let db = [existing(1, "a", "a.yaml", "h1")];
        let p = plan(
            &db,
            vec![file("b.yaml", vec![doc("a", "b.yaml", "h1")])],
            &Scope::Incremental {
                deleted: vec!["a.yaml".into()],
            },
        );
        assert_eq!(p.rewrites.len(), 1);
        assert!(p.deletes.is_empty() && p.errors.is_empty());
    }
}
