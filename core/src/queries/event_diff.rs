//! What one commit changed in a resource's fields, value by value: the History tab's diff of
//! a Git commit or write-back event (`Resource.commitDiff`). Events keep only the changed
//! paths (`crate::history`); the values are read back from the commit's blobs on demand, from
//! this server's Git cache, and compared the way the history walk compares them, so the paths
//! are the event's.

use hnp_entity::{fabric, resource};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use serde_json::Value;

use crate::context::Core;
use crate::error::{Error, Result};
use crate::git::{FileKind, GitCache, GitError, TreeFile};
use crate::hedgehog::kinds::ResourceKey;
use crate::history::paths::MAX_PATHS;
use crate::queries::history::canonical_key;
use crate::sync::ingest::parse::{self, DesiredDoc};
use crate::sync::layout;
use crate::yaml::Limits;

/// One field a commit changed: its value before and after (`None` when absent or null).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub path: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Changed files of one commit read at most while looking for the resource (its own file,
/// from the resource's row, is read first).
const MAX_FILES: usize = 200;

/// What `commit` changed in the resource's spec, labels and annotations, compared with the
/// commit's first parent (a creation: every field from nothing; a deletion: to nothing), at
/// most [`MAX_PATHS`] fields. `None` when this server's Git cache does not hold the commit or
/// the commit does not touch the resource's documents.
pub async fn commit_diff(
    core: &Core,
    fabric_id: i32,
    key: &ResourceKey,
    commit: &str,
) -> Result<Option<Vec<FieldChange>>> {
    if !(4..=64).contains(&commit.len()) || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::validation(
            "commit",
            "must be a commit id (4 to 64 hexadecimal digits)",
        ));
    }
    let key = canonical_key(key)?;
    let fabric = fabric::Entity::find_by_id(fabric_id)
        .one(&core.db)
        .await?
        .ok_or_else(|| Error::not_found(format!("fabric {fabric_id}")))?;
    use resource::Column as R;
    let hint: Option<Option<String>> = resource::Entity::find()
        .select_only()
        .column(R::ManagedFilePath)
        .filter(R::FabricId.eq(fabric_id))
        .filter(R::Kind.eq(key.kind.as_str()))
        .filter(R::Namespace.eq(key.namespace.as_str()))
        .filter(R::Name.eq(key.name.as_str()))
        .into_tuple()
        .one(&core.db)
        .await?;
    let repo = crate::repositories::fabric_repository(core, &fabric).await?;
    let url = crate::repositories::remote_spec(core, &repo)?.url;
    let git = core.git.clone();
    let dir = fabric.gitops_directory.clone();
    let commit = commit.to_owned();
    tokio::task::spawn_blocking(move || {
        diff_in_commit(&git, &url, &dir, &key, &commit, hint.flatten().as_deref())
    })
    .await
    .map_err(|e| Error::Io(format!("background task failed: {e}")))?
    .map_err(Error::from)
}

/// [`commit_diff`] on the Git cache (blocking).
pub fn diff_in_commit(
    git: &GitCache,
    url: &str,
    dir: &str,
    key: &ResourceKey,
    commit: &str,
    hint: Option<&str>,
) -> std::result::Result<Option<Vec<FieldChange>>, GitError> {
    let repo = git.open(url)?;
    // A commit this cache does not hold (another server's, or pruned): nothing to show.
    let Ok(meta) = repo.commit_meta(commit) else {
        return Ok(None);
    };
    let mut files: Vec<(String, Option<String>, Option<String>)> = match &meta.parent {
        Some(parent) => repo
            .changed_files(parent, &meta.id, dir)?
            .into_iter()
            .map(|c| {
                let new = c
                    .new
                    .filter(|f| matches!(f.kind, FileKind::Regular | FileKind::Executable));
                (c.path, c.old_blob, new.map(|f| f.blob))
            })
            .collect(),
        None => repo
            .list_files(&meta.id, dir)?
            .into_iter()
            .map(|f| (f.path, None, Some(f.blob)))
            .collect(),
    };
    files.retain(|(path, ..)| layout::is_ingested(dir, path));
    if let Some(hint) = hint {
        files.sort_by_key(|(path, ..)| path != hint);
    }
    let limits = Limits::default();
    let find = |path: &str, blob: &Option<String>| -> Option<DesiredDoc> {
        let entry = TreeFile {
            path: path.to_owned(),
            blob: blob.clone()?,
            kind: FileKind::Regular,
        };
        let content = crate::sync::ingest::load(Some(&repo), entry, &limits)
            .content
            .ok()?;
        let docs = parse::parse_file(path, &content, &limits).ok()?;
        docs.managed.into_iter().find(|d| d.key() == *key)
    };
    let (mut before, mut after) = (None, None);
    for (path, old, new) in files.iter().take(MAX_FILES) {
        if before.is_none() {
            before = find(path, old);
        }
        if after.is_none() {
            after = find(path, new);
        }
        if before.is_some() && after.is_some() {
            break;
        }
    }
    if before.is_none() && after.is_none() {
        return Ok(None);
    }
    Ok(Some(between(before.as_ref(), after.as_ref())))
}

/// The fields where two documents of a resource differ (`None`: the resource is absent), with
/// their values; paths as `crate::history::paths::between` names them.
pub fn between(old: Option<&DesiredDoc>, new: Option<&DesiredDoc>) -> Vec<FieldChange> {
    let null = Value::Null;
    let parts = |d: Option<&DesiredDoc>| -> [Value; 3] {
        match d {
            Some(d) => [
                d.spec.clone(),
                d.labels.clone().unwrap_or(Value::Null),
                d.annotations.clone().unwrap_or(Value::Null),
            ],
            None => [null.clone(), null.clone(), null.clone()],
        }
    };
    let (a, b) = (parts(old), parts(new));
    let mut out = Vec::new();
    for (i, prefix) in ["spec", "metadata.labels", "metadata.annotations"]
        .into_iter()
        .enumerate()
    {
        changes(&a[i], &b[i], prefix, &mut out);
    }
    out.truncate(MAX_PATHS);
    out
}

fn present(v: Option<&Value>) -> Option<Value> {
    v.filter(|v| !v.is_null()).cloned()
}

/// The most specific fields under `prefix` where `old` and `new` differ, with both values: the
/// same walk as `crate::history::paths::changed`.
pub fn changes(old: &Value, new: &Value, prefix: &str, out: &mut Vec<FieldChange>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let path = format!("{prefix}.{key}");
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => changes(x, y, &path, out),
                    (x, y) => out.push(FieldChange {
                        path,
                        before: present(x),
                        after: present(y),
                    }),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() && !a.is_empty() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                changes(x, y, &format!("{prefix}[{i}]"), out);
            }
        }
        _ => out.push(FieldChange {
            path: prefix.to_owned(),
            before: present(Some(old)),
            after: present(Some(new)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::history::paths;

    fn doc(spec: Value, labels: Option<Value>) -> DesiredDoc {
        DesiredDoc {
            kind: "VPC".into(),
            api_version: "vpc.githedgehog.com/v1beta1".into(),
            namespace: "default".into(),
            name: "vpc-1".into(),
            spec,
            labels,
            annotations: None,
            path: "fabric/vpcs.yaml".into(),
            hash: String::new(),
        }
    }

    #[test]
    fn values_before_and_after_on_the_history_paths() {
        let old = doc(
            json!({"subnets": {"a": {"vlan": 1001, "subnet": "10.0.1.0/24"}}, "permit": [["a"]]}),
            None,
        );
        let new = doc(
            json!({"subnets": {"a": {"vlan": 1900, "subnet": "10.0.1.0/24"}, "b": {"vlan": 7}}, "permit": [["a", "b"]]}),
            Some(json!({"team": "net"})),
        );
        let got = between(Some(&old), Some(&new));
        let expected = vec![
            FieldChange {
                path: "spec.permit[0]".into(),
                before: Some(json!(["a"])),
                after: Some(json!(["a", "b"])),
            },
            FieldChange {
                path: "spec.subnets.a.vlan".into(),
                before: Some(json!(1001)),
                after: Some(json!(1900)),
            },
            FieldChange {
                path: "spec.subnets.b".into(),
                before: None,
                after: Some(json!({"vlan": 7})),
            },
            FieldChange {
                path: "metadata.labels".into(),
                before: None,
                after: Some(json!({"team": "net"})),
            },
        ];
        assert_eq!(got, expected);
        // The paths are exactly the ones the history records for the same change.
        let recorded = paths::between(
            (&old.spec, old.labels.as_ref(), old.annotations.as_ref()),
            (&new.spec, new.labels.as_ref(), new.annotations.as_ref()),
        );
        let mut ours: Vec<String> = got.iter().map(|c| c.path.clone()).collect();
        let mut theirs = recorded.clone();
        ours.sort();
        theirs.sort();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn creation_and_deletion_compare_with_nothing() {
        let d = doc(json!({"vlan": 5}), None);
        assert_eq!(
            between(None, Some(&d)),
            vec![FieldChange {
                path: "spec".into(),
                before: None,
                after: Some(json!({"vlan": 5}))
            }]
        );
        assert_eq!(between(Some(&d), None)[0].after, None);
        assert!(between(Some(&d), Some(&d)).is_empty());
    }
}
