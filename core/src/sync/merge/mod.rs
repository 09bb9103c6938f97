//! Three-way merge of a Kubernetes resource `spec` (base / gui / git).
//!
//! # Paths
//!
//! A path is a string of segments joined by `.`, e.g. `spec.subnets.default.vlan`.
//! Map keys that are empty or contain `.`, `[` or `]` are written in bracket form
//! with a JSON-quoted key, e.g. `metadata.labels["fabric.githedgehog.com/vpc"]`.
//! List indices are written `[0]`, keyed-list items `[identity]`, e.g.
//! `spec.permit[vpc-1+vpc-2]`.
//!
//! # Merge rules
//!
//! * `null` on any side means "absent" (Kubernetes treats an explicit `null` as unset).
//!   Merged maps therefore never contain `null` values that came from a side.
//! * If gui and git are equal, the result is that value (not a conflict). Such a change
//!   (both sides changed the same way) *is* reported in [`MergeOutcome::auto_merged`].
//! * If only one side differs from base, that side is taken.
//! * If both differ (differently): maps (with an absent or map base) are merged key by
//!   key; keyed lists (see [`list_identity`]) are merged item by item; anything else
//!   (scalars, plain lists, type changes, delete-vs-modify) is a conflict at that path,
//!   and the merged value keeps the git side.
//! * `auto_merged` lists the finest-grained changed paths (leaves of the diff between
//!   base and the side that was taken), not the node at which the decision was made.

use serde_json::{Map, Value};
use std::collections::HashMap;

/// Root path under which [`three_way`] reports paths (it is always given a `spec`).
pub const SPEC_ROOT: &str = "spec";

/// Result of a three-way merge.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeOutcome {
    /// The merged value (valid even when there are conflicts: conflicting paths keep the git side).
    pub merged: Value,
    /// Paths changed on only one side (or the same way on both) and merged automatically, sorted.
    pub auto_merged: Vec<String>,
    /// Paths changed differently on both sides, sorted, de-duplicated.
    pub conflicts: Vec<String>,
}

impl MergeOutcome {
    /// True when the merge produced no conflicts.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

/// Function computing the identity of a keyed-list item (`None` = item has no identity).
pub type IdentityFn = fn(&Value) -> Option<String>;

/// Table of keyed lists: `(kind, list path, identity function)`.
const KEYED_LISTS: &[(&str, &str, IdentityFn)] =
    &[("VPCPeering", "spec.permit", sorted_keys_identity)];

/// Returns the identity function for the list at `path` in a resource of `kind`,
/// or `None` when that list is compared as an atom.
pub fn list_identity(kind: &str, path: &str) -> Option<IdentityFn> {
    KEYED_LISTS
        .iter()
        .find(|(k, p, _)| *k == kind && *p == path)
        .map(|(_, _, f)| *f)
}

/// Identity of a map item = its keys, sorted, joined with `+` (e.g. `vpc-1+vpc-2`).
/// Non-maps and empty maps have no identity.
pub fn sorted_keys_identity(item: &Value) -> Option<String> {
    let map = item.as_object()?;
    if map.is_empty() {
        return None;
    }
    let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
    keys.sort_unstable();
    Some(keys.join("+"))
}

fn needs_brackets(key: &str) -> bool {
    key.is_empty() || key.contains(['.', '[', ']'])
}

/// Renders a single map-key segment: `key`, or `["key"]` when the key is empty or
/// contains `.`, `[` or `]` (the key is JSON-quoted inside the brackets).
pub fn key_segment(key: &str) -> String {
    if needs_brackets(key) {
        bracketed(key)
    } else {
        key.to_owned()
    }
}

fn bracketed(key: &str) -> String {
    // Serialising a &str to JSON cannot fail.
    let quoted = serde_json::to_string(key).unwrap_or_default();
    format!("[{quoted}]")
}

/// Appends map key `key` to `path` in place (with a `.` separator, or bracket form).
pub fn push_key(path: &mut String, key: &str) {
    if needs_brackets(key) {
        path.push_str(&bracketed(key));
    } else {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    }
}

/// Appends list index `index` to `path` in place (`[index]`).
pub fn push_index(path: &mut String, index: usize) {
    use std::fmt::Write;
    let _ = write!(path, "[{index}]");
}

/// Appends a keyed-list item identity to `path` in place (`[identity]`).
pub fn push_identity(path: &mut String, identity: &str) {
    path.push('[');
    path.push_str(identity);
    path.push(']');
}

/// Joins `parent` and map key `key` into a new path.
pub fn join_path(parent: &str, key: &str) -> String {
    let mut path = parent.to_owned();
    push_key(&mut path, key);
    path
}

/// Three-way merge of a resource's `spec`; reported paths are prefixed with `spec`.
pub fn three_way(kind: &str, base: &Value, gui: &Value, git: &Value) -> MergeOutcome {
    three_way_at(kind, SPEC_ROOT, base, gui, git)
}

/// Three-way merge of the values found at `root` (e.g. `"spec"`, or `""` for no prefix).
/// `root` is used both as the reported path prefix and for keyed-list lookup.
pub fn three_way_at(
    kind: &str,
    root: &str,
    base: &Value,
    gui: &Value,
    git: &Value,
) -> MergeOutcome {
    let mut merger = Merger {
        kind,
        auto_merged: Vec::new(),
        conflicts: Vec::new(),
    };
    let merged = merger
        .merge(
            root,
            present(Some(base)),
            present(Some(gui)),
            present(Some(git)),
        )
        .unwrap_or(Value::Null);
    let Merger {
        mut auto_merged,
        mut conflicts,
        ..
    } = merger;
    auto_merged.sort();
    auto_merged.dedup();
    conflicts.sort();
    conflicts.dedup();
    MergeOutcome {
        merged,
        auto_merged,
        conflicts,
    }
}

/// Maps `null` to absent.
fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

fn child<'a>(map: Option<&'a Map<String, Value>>, key: &str) -> Option<&'a Value> {
    present(map.and_then(|m| m.get(key)))
}

/// Items of a keyed list indexed by identity, in list order. `None` if any item lacks
/// an identity or an identity is duplicated.
struct Keyed<'a> {
    order: Vec<String>,
    items: HashMap<String, &'a Value>,
}

impl<'a> Keyed<'a> {
    fn new(list: Option<&'a Value>, ident: IdentityFn) -> Option<Self> {
        let mut keyed = Keyed {
            order: Vec::new(),
            items: HashMap::new(),
        };
        let Some(list) = list else {
            return Some(keyed);
        };
        for item in list.as_array()? {
            let id = ident(item)?;
            if keyed.items.insert(id.clone(), item).is_some() {
                return None;
            }
            keyed.order.push(id);
        }
        Some(keyed)
    }

    fn get(&self, id: &str) -> Option<&'a Value> {
        self.items.get(id).copied()
    }
}

struct Merger<'k> {
    kind: &'k str,
    auto_merged: Vec<String>,
    conflicts: Vec<String>,
}

impl Merger<'_> {
    fn keyed_triple<'v>(
        &self,
        path: &str,
        base: Option<&'v Value>,
        gui: Option<&'v Value>,
        git: Option<&'v Value>,
    ) -> Option<[Keyed<'v>; 3]> {
        let ident = list_identity(self.kind, path)?;
        let is_list = |v: Option<&Value>| v.is_none_or(Value::is_array);
        if !(is_list(base) && is_list(gui) && is_list(git)) {
            return None;
        }
        Some([
            Keyed::new(base, ident)?,
            Keyed::new(gui, ident)?,
            Keyed::new(git, ident)?,
        ])
    }

    /// Merges one node; `None` means the merged result is absent.
    fn merge(
        &mut self,
        path: &str,
        base: Option<&Value>,
        gui: Option<&Value>,
        git: Option<&Value>,
    ) -> Option<Value> {
        if gui == git {
            self.record_changes(path, base, gui);
            return gui.cloned();
        }
        if gui == base {
            self.record_changes(path, base, git);
            return git.cloned();
        }
        if git == base {
            self.record_changes(path, base, gui);
            return gui.cloned();
        }
        // Both sides changed, differently.
        let base_map = match base {
            None => Some(None),
            Some(Value::Object(m)) => Some(Some(m)),
            Some(_) => None,
        };
        if let (Some(base_map), Some(Value::Object(gm)), Some(Value::Object(tm))) =
            (base_map, gui, git)
        {
            return Some(Value::Object(self.merge_maps(path, base_map, gm, tm)));
        }
        if let Some([kb, ku, kt]) = self.keyed_triple(path, base, gui, git) {
            return Some(self.merge_keyed(path, &kb, &ku, &kt));
        }
        self.conflicts.push(path.to_owned());
        git.cloned()
    }

    fn merge_maps(
        &mut self,
        path: &str,
        base: Option<&Map<String, Value>>,
        gui: &Map<String, Value>,
        git: &Map<String, Value>,
    ) -> Map<String, Value> {
        let mut out = Map::new();
        let keys = git
            .keys()
            .chain(gui.keys().filter(|k| !git.contains_key(*k)));
        for key in keys {
            let child_path = join_path(path, key);
            let merged = self.merge(
                &child_path,
                child(base, key),
                child(Some(gui), key),
                child(Some(git), key),
            );
            if let Some(v) = merged {
                out.insert(key.clone(), v);
            }
        }
        // Keys present only in base were deleted on both sides: nothing to do.
        out
    }

    fn merge_keyed(
        &mut self,
        path: &str,
        base: &Keyed<'_>,
        gui: &Keyed<'_>,
        git: &Keyed<'_>,
    ) -> Value {
        let ids = git
            .order
            .iter()
            .chain(gui.order.iter().filter(|id| git.get(id).is_none()));
        let mut out = Vec::new();
        for id in ids {
            let mut item_path = path.to_owned();
            push_identity(&mut item_path, id);
            if let Some(v) = self.merge(&item_path, base.get(id), gui.get(id), git.get(id)) {
                out.push(v);
            }
        }
        Value::Array(out)
    }

    /// Records the leaf paths at which `changed` differs from `base` as auto-merged.
    fn record_changes(&mut self, path: &str, base: Option<&Value>, changed: Option<&Value>) {
        if base == changed {
            return;
        }
        match (base, changed) {
            (Some(Value::Object(bm)), Some(Value::Object(cm))) => {
                let keys = bm.keys().chain(cm.keys().filter(|k| !bm.contains_key(*k)));
                for key in keys {
                    let child_path = join_path(path, key);
                    self.record_changes(&child_path, child(Some(bm), key), child(Some(cm), key));
                }
            }
            (Some(Value::Array(_)), Some(Value::Array(_))) => {
                let Some(ident) = list_identity(self.kind, path) else {
                    self.auto_merged.push(path.to_owned());
                    return;
                };
                let (Some(kb), Some(kc)) = (Keyed::new(base, ident), Keyed::new(changed, ident))
                else {
                    self.auto_merged.push(path.to_owned());
                    return;
                };
                let ids = kb
                    .order
                    .iter()
                    .chain(kc.order.iter().filter(|id| kb.get(id).is_none()));
                for id in ids {
                    let mut item_path = path.to_owned();
                    push_identity(&mut item_path, id);
                    self.record_changes(&item_path, kb.get(id), kc.get(id));
                }
            }
            _ => self.auto_merged.push(path.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests;
