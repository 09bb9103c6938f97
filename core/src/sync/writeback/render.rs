//! Turning pending drafts into file changes on top of a commit, without a working tree.
//!
//! New resources get `managed/<folder>/[<namespace>/]<name>.yaml` in canonical form. Updates and
//! deletes edit the file the resource lives in: only its document changes (scalar-only changes
//! are edited in place, see [`crate::yaml::edit`]); a file left without documents is removed.

use std::collections::BTreeMap;

use hnp_entity::enums::DraftOperation;
use serde::Serialize;
use serde_json::Value;

use crate::git::{CachedRepo, GitError};
use crate::hedgehog::kinds;
use crate::sync::ingest::normalize::{managed_key, object_value};
use crate::sync::ingest::parse::ResourceKey;
use crate::sync::layout;
use crate::yaml::edit as yaml_edit;
use crate::yaml::{self, Limits};

/// One draft to write.
#[derive(Debug, Clone)]
pub struct Item {
    pub resource_id: i32,
    pub key: ResourceKey,
    pub api_version: String,
    pub operation: DraftOperation,
    /// The spec to write (ignored for deletes).
    pub spec: Value,
    /// Where the resource lives in Git now, if it is there.
    pub path: Option<String>,
    pub labels: Option<Value>,
    pub annotations: Option<Value>,
}

/// A file the commit changes, with a unified diff (dry runs show these).
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct PlannedFile {
    pub path: String,
    /// `create`, `update` or `delete` (of the file).
    pub action: String,
    pub diff: String,
}

/// What [`render`] produced.
#[derive(Debug, Default)]
pub struct Rendered {
    /// path → new content (`None` deletes the file).
    pub changes: Vec<(String, Option<Vec<u8>>)>,
    pub files: Vec<PlannedFile>,
    /// Drafts that could not be written: resource id → reason.
    pub errors: Vec<(i32, String)>,
    /// Drafts written: resource id, what was done, path.
    pub written: Vec<(i32, DraftOperation, String)>,
}

const MAX_FILE: u64 = 16 * 1024 * 1024;

/// Renders `items` on top of `head` in the fabric directory `dir`.
pub fn render(
    repo: &CachedRepo,
    head: &str,
    dir: &str,
    items: &[Item],
) -> Result<Rendered, GitError> {
    let mut out = Rendered::default();
    // Group by target file, keeping the draft order inside each file.
    let mut by_file: BTreeMap<String, Vec<&Item>> = BTreeMap::new();
    for item in items {
        let path = match (&item.path, item.operation) {
            (Some(path), _) => path.clone(),
            (None, DraftOperation::Delete) => {
                out.errors.push((
                    item.resource_id,
                    format!("{} is not in any file; nothing to delete", item.key),
                ));
                continue;
            }
            (None, _) => {
                let Some(info) = kinds::by_kind(&item.key.kind) else {
                    out.errors
                        .push((item.resource_id, format!("unknown kind {}", item.key.kind)));
                    continue;
                };
                layout::managed_path(dir, info.folder(), &item.key.namespace, &item.key.name)
            }
        };
        by_file.entry(path).or_default().push(item);
    }

    for (path, file_items) in by_file {
        let original = match repo.file_at(head, &path)? {
            Some(file) => Some(repo.read_blob(&file.blob, &path, MAX_FILE)?),
            None => None,
        };
        let original_text = match &original {
            Some(bytes) => match String::from_utf8(bytes.clone()) {
                Ok(text) => Some(text),
                Err(_) => {
                    for item in file_items {
                        out.errors
                            .push((item.resource_id, format!("{path} is not UTF-8 text")));
                    }
                    continue;
                }
            },
            None => None,
        };
        let mut text: Option<String> = original_text.clone();
        for item in file_items {
            match edit(text.as_deref(), &path, item) {
                Ok(new_text) => {
                    text = new_text;
                    out.written
                        .push((item.resource_id, item.operation, path.clone()));
                }
                Err(message) => out.errors.push((item.resource_id, message)),
            }
        }
        if text == original_text {
            continue;
        }
        let action = match (&original_text, &text) {
            (None, _) => "create",
            (Some(_), None) => "delete",
            (Some(_), Some(_)) => "update",
        };
        out.files.push(PlannedFile {
            path: path.clone(),
            action: action.to_owned(),
            diff: unified_diff(
                &path,
                original_text.as_deref().unwrap_or(""),
                text.as_deref().unwrap_or(""),
            ),
        });
        out.changes.push((path, text.map(String::into_bytes)));
    }
    Ok(out)
}

/// Applies one draft to a file's text (`None` = no file). Returns the new text (`None` = remove
/// the file) or why the draft cannot be written.
fn edit(text: Option<&str>, path: &str, item: &Item) -> Result<Option<String>, String> {
    let limits = Limits::default();
    let Some(text) = text else {
        return match item.operation {
            DraftOperation::Delete => Err(format!("{path} no longer exists; nothing to delete")),
            _ if item.path.is_some() => Err(format!(
                "{path} no longer exists in Git; sync from Git first"
            )),
            _ => Ok(Some(yaml::canonicalize(&new_object(item, None)))),
        };
    };
    let documents = yaml::parse_documents(text.as_bytes(), &limits)
        .map_err(|e| format!("{path} cannot be parsed: {e}"))?;
    let found = documents
        .iter()
        .find(|d| managed_key(&d.value).as_ref() == Some(&item.key));
    match (found, item.operation) {
        (Some(doc), DraftOperation::Delete) => {
            Ok(yaml_edit::remove_document(text, doc.range.clone()))
        }
        (Some(doc), _) => {
            let new = new_object(item, Some(&doc.value));
            Ok(Some(yaml_edit::replace_document(
                text,
                doc.range.clone(),
                &doc.value,
                &new,
            )))
        }
        (None, DraftOperation::Delete) => Err(format!(
            "{} is no longer in {path}; sync from Git first",
            item.key
        )),
        (None, _) if item.path.is_some() => Err(format!(
            "{} is no longer in {path}; sync from Git first",
            item.key
        )),
        (None, _) => Err(format!(
            "{path} already exists and does not hold {}; rename or move it first",
            item.key
        )),
    }
}

/// The object to write: the existing document with its spec replaced (other fields, such as
/// extra metadata, are kept), or a new canonical object.
fn new_object(item: &Item, existing: Option<&Value>) -> Value {
    match existing {
        Some(Value::Object(map)) => {
            let mut map = map.clone();
            map.insert("spec".to_owned(), item.spec.clone());
            Value::Object(map)
        }
        _ => object_value(
            &item.api_version,
            &item.key.kind,
            &item.key.namespace,
            &item.key.name,
            item.labels.as_ref(),
            item.annotations.as_ref(),
            &item.spec,
        ),
    }
}

/// A unified diff with 3 lines of context and git-style headers.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    diff.unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}
