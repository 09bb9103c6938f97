//! Directory management during ingestion: documents dropped into `raw/` are moved into
//! `managed/<folder>/<name>.yaml` (canonical form) in one commit. The raw file is removed, or
//! keeps only the documents that were not moved (other kinds, duplicates). A resource that
//! already has its managed file is updated in place, never duplicated.

use std::collections::{BTreeSet, HashMap};

use hnp_entity::fabric;
use serde_json::{Map, Value};

use crate::context::Core;
use crate::error::{Error, Result};
use crate::git::{GitError, RemoteSpec, Signature};
use crate::hedgehog::kinds;
use crate::operations::Requester;
use crate::repositories;
use crate::sync::layout;
use crate::yaml::{self, Limits};

use super::parse::{DesiredDoc, ParsedFile, ResourceKey};

/// The canonical document text of a desired resource.
pub fn canonical_text(doc: &DesiredDoc) -> String {
    yaml::canonicalize(&object_value(
        &doc.api_version,
        &doc.kind,
        &doc.namespace,
        &doc.name,
        doc.labels.as_ref(),
        doc.annotations.as_ref(),
        &doc.spec,
    ))
}

/// A Kubernetes object as written to Git: apiVersion, kind, metadata (name, namespace, labels,
/// annotations) and spec.
pub fn object_value(
    api_version: &str,
    kind: &str,
    namespace: &str,
    name: &str,
    labels: Option<&Value>,
    annotations: Option<&Value>,
    spec: &Value,
) -> Value {
    let mut metadata = Map::new();
    metadata.insert("name".into(), Value::String(name.to_owned()));
    metadata.insert("namespace".into(), Value::String(namespace.to_owned()));
    if let Some(labels) = labels {
        metadata.insert("labels".into(), labels.clone());
    }
    if let Some(annotations) = annotations {
        metadata.insert("annotations".into(), annotations.clone());
    }
    let mut document = Map::new();
    document.insert("apiVersion".into(), Value::String(api_version.to_owned()));
    document.insert("kind".into(), Value::String(kind.to_owned()));
    document.insert("metadata".into(), Value::Object(metadata));
    document.insert("spec".into(), spec.clone());
    Value::Object(document)
}

/// Identity of a managed document in a parsed YAML value, if it is one.
pub(crate) fn managed_key(value: &Value) -> Option<ResourceKey> {
    let api_version = value.get("apiVersion")?.as_str()?;
    let kind = value.get("kind")?.as_str()?;
    let info = kinds::lookup(api_version, kind)?;
    let identity = yaml::document_identity(value).ok()?;
    Some(ResourceKey {
        kind: info.kind.to_owned(),
        namespace: identity.namespace,
        name: identity.name,
    })
}

/// Moves `raw/` documents into `managed/` with one commit on top of `head`, pushed to `branch`.
/// Returns the new commit, or `None` when nothing could be moved.
#[allow(clippy::too_many_arguments)]
pub async fn raw_to_managed(
    core: &Core,
    fabric: &fabric::Model,
    spec: &RemoteSpec,
    branch: &str,
    head: &str,
    parsed: &[ParsedFile],
    operation_id: &str,
    requester: &Requester,
) -> Result<Option<String>> {
    let dir = fabric.gitops_directory.clone();
    let repo = repositories::fabric_repository(core, fabric).await?;
    let keys: Vec<ResourceKey> = parsed
        .iter()
        .filter_map(|f| f.result.as_ref().ok())
        .flat_map(|docs| docs.managed.iter().map(|d| d.key()))
        .collect();
    let selection = super::apply::Selection::Touching {
        paths: &[],
        keys: &keys,
    };
    let existing = super::apply::load_existing(&core.db, fabric.id, selection).await?;
    let existing_paths: HashMap<ResourceKey, Option<String>> =
        existing.into_iter().map(|e| (e.key, e.path)).collect();

    // Keys defined more than once anywhere in this run stay where they are.
    let mut seen: HashMap<ResourceKey, usize> = HashMap::new();
    for file in parsed {
        if let Ok(docs) = &file.result {
            for doc in &docs.managed {
                *seen.entry(doc.key()).or_default() += 1;
            }
        }
    }

    // Decide what moves where (tree listing and raw file texts are read in the blocking part).
    let mut moves: Vec<(String, DesiredDoc)> = Vec::new();
    let mut raw_files: Vec<(String, String)> = Vec::new();
    for file in parsed.iter().filter(|f| layout::is_raw(&dir, &f.path)) {
        let Ok(docs) = &file.result else { continue };
        let mut moved_any = false;
        for doc in &docs.managed {
            let key = doc.key();
            if seen.get(&key).copied().unwrap_or(0) > 1 {
                continue;
            }
            let Some(info) = kinds::by_kind(&doc.kind) else {
                continue;
            };
            let target = layout::managed_path(&dir, info.folder(), &doc.namespace, &doc.name);
            match existing_paths.get(&key) {
                // Lives in a hand-written file elsewhere: ingestion reports the duplicate.
                Some(Some(path)) if *path != target && !layout::is_raw(&dir, path) => continue,
                _ => {}
            }
            moves.push((target, doc.clone()));
            moved_any = true;
        }
        if moved_any {
            raw_files.push((file.path.clone(), file.blob.clone()));
        }
    }
    if moves.is_empty() {
        return Ok(None);
    }

    let git = core.git.clone();
    let spec = spec.clone();
    let branch = branch.to_owned();
    let head = head.to_owned();
    let author = Signature {
        name: repo.commit_author_name.clone(),
        email: repo.commit_author_email.clone(),
    };
    let message = format!(
        "Move {} resource(s) from raw/ into managed/\n\nHNP-Operation: {operation_id}\nHNP-User: {}\n",
        moves.len(),
        requester.name
    );
    let owned_by: HashMap<ResourceKey, Option<String>> = existing_paths;
    tokio::task::spawn_blocking(move || -> std::result::Result<Option<String>, GitError> {
        let cache = git.open(&spec.url)?;
        let tree: BTreeSet<String> = cache
            .list_files(&head, &dir)?
            .into_iter()
            .map(|f| f.path)
            .collect();
        let mut changes: Vec<(String, Option<Vec<u8>>)> = Vec::new();
        let mut moved_keys: BTreeSet<ResourceKey> = BTreeSet::new();
        for (target, doc) in &moves {
            let key = doc.key();
            let owner = owned_by.get(&key).cloned().flatten();
            // Never clobber a file that belongs to something else.
            if tree.contains(target) && owner.as_deref() != Some(target.as_str()) {
                continue;
            }
            changes.push((target.clone(), Some(canonical_text(doc).into_bytes())));
            moved_keys.insert(key);
        }
        for (path, blob) in &raw_files {
            let content = cache.read_blob(blob, path, Limits::default().max_file_bytes as u64)?;
            let Ok(documents) = yaml::parse_documents(&content, &Limits::default()) else {
                continue;
            };
            let kept: Vec<&str> = documents
                .iter()
                .filter(|d| !managed_key(&d.value).is_some_and(|k| moved_keys.contains(&k)))
                .map(|d| d.text.as_str())
                .collect();
            if kept.len() == documents.len() {
                continue;
            }
            if kept.is_empty() {
                changes.push((path.clone(), None));
            } else {
                let mut text = String::new();
                for (i, doc) in kept.iter().enumerate() {
                    let trimmed = doc.trim_start();
                    if i > 0 && !trimmed.starts_with("---") {
                        text.push_str("---\n");
                    }
                    text.push_str(doc);
                    if !doc.ends_with('\n') {
                        text.push('\n');
                    }
                }
                changes.push((path.clone(), Some(text.into_bytes())));
            }
        }
        if moved_keys.is_empty() {
            return Ok(None);
        }
        let Some(commit) = cache.commit_changes(&head, &changes, &author, &message)? else {
            return Ok(None);
        };
        cache.push(&spec, &commit, &branch)?;
        Ok(Some(commit))
    })
    .await
    .map_err(|e| Error::Io(format!("background task failed: {e}")))?
    .map_err(Error::from)
}
