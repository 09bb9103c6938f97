//! Drift detection: desired (Git/DB) vs actual (cluster) state, path by path.
//!
//! # Inputs
//!
//! Both `desired` and `actual` may be either an *object view*
//! `{"spec": ..., "labels": {...}|null, "annotations": {...}|null}` or a whole Kubernetes
//! object: when a `metadata` key is present, labels and annotations are taken from
//! `metadata.labels` / `metadata.annotations`. Only three sections are compared:
//! `spec` (path prefix `spec`), labels (`metadata.labels`) and annotations
//! (`metadata.annotations`). Everything else — `status`, `apiVersion`, `kind` and all
//! other metadata, notably the server-set [`SERVER_SET_METADATA`] fields — is never compared.
//!
//! # Rules
//!
//! * `null` is the same as absent. An empty map `{}` or empty list `[]` equals absent
//!   (Go `omitempty` drops both), in both modes; so does a map containing only such
//!   values (e.g. `{"dhcp": {}}`).
//! * In `spec`, a desired Go zero value (`false`, `0`, `""`) equals absent in actual: the
//!   webhook's patch drops `omitempty` zero values (`dhcp.enable: false` is stored without
//!   `enable`), and absent reads back as the zero value. Labels and annotations keep `""`.
//! * Default (subset) mode: only fields present in `desired` are compared; extra fields in
//!   `actual` are cluster defaults. A desired `null` (unset) matches anything. Maps recurse;
//!   lists of equal length are compared element-wise with the same subset semantics;
//!   lists of different length give one difference at the list path; a desired subtree
//!   missing from `actual` gives one difference at its root.
//! * Strict mode: additionally, fields present only in `actual` are differences
//!   (a desired `null` then only matches absent / empty).
//! * Numbers compare by value (`1 == 1.0`); strings never equal numbers.
//! * Label/annotation keys whose prefix (before `/`) is `fabric.githedgehog.com` or ends
//!   with `.fabric.githedgehog.com` are ignored in both modes, as is the annotation
//!   `kubectl.kubernetes.io/last-applied-configuration`.
//!
//! # Counting
//!
//! `compared` counts leaf comparisons: a scalar, a list compared as a whole (length
//! mismatch or empty), an empty map, a subtree missing on one side, or a desired `null`.
//! Label/annotation sections contribute one per compared key (an empty section
//! contributes nothing). `score = differences / compared` (0.0 when nothing compared).
//!
//! Paths are only rendered (allocated) when a difference is recorded.

use crate::sync::merge::{push_index, push_key};
use serde_json::{Map, Number, Value};

/// Server-set metadata fields; never compared (only labels and annotations are).
pub const SERVER_SET_METADATA: [&str; 5] = [
    "uid",
    "resourceVersion",
    "generation",
    "managedFields",
    "creationTimestamp",
];

/// Annotation written by `kubectl apply`; always ignored.
pub const LAST_APPLIED_ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";

const FABRIC_PREFIX: &str = "fabric.githedgehog.com";

/// One differing path.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Difference {
    pub path: String,
    pub desired: Option<Value>,
    pub actual: Option<Value>,
}

/// Result of [`compare`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DriftReport {
    /// Differences, sorted by path.
    pub differences: Vec<Difference>,
    /// Number of leaf comparisons performed.
    pub compared: usize,
    /// `differences.len() / compared`, 0.0 when `compared == 0`.
    pub score: f64,
}

impl DriftReport {
    /// True when there are no differences.
    pub fn in_sync(&self) -> bool {
        self.differences.is_empty()
    }
}

/// Convenience: `true` when the report shows no drift (in sync).
pub fn status(report: &DriftReport) -> bool {
    report.in_sync()
}

/// Comparison options.
#[derive(Debug, Clone, Copy, Default)]
pub struct DriftOptions {
    /// Also report fields present only in `actual`.
    pub strict: bool,
}

/// True for label/annotation keys owned by the fabric controller
/// (`fabric.githedgehog.com/...` or `<anything>.fabric.githedgehog.com/...`).
pub fn is_fabric_key(key: &str) -> bool {
    match key.split_once('/') {
        Some((prefix, _)) => {
            prefix == FABRIC_PREFIX
                || prefix
                    .strip_suffix(FABRIC_PREFIX)
                    .is_some_and(|rest| rest.ends_with('.'))
        }
        None => false,
    }
}

/// Compares `desired` against `actual`; see the module docs for the rules.
pub fn compare(desired: &Value, actual: &Value, options: DriftOptions) -> DriftReport {
    let d = View::of(desired);
    let a = View::of(actual);
    let mut w = Walker {
        strict: options.strict,
        in_spec: true,
        stack: Vec::with_capacity(16),
        differences: Vec::new(),
        compared: 0,
    };

    w.stack.push(Seg::Key("spec"));
    w.cmp(d.spec, a.spec);
    w.stack.pop();
    w.in_spec = false;

    w.stack.push(Seg::Key("metadata"));
    w.meta("labels", d.labels, a.labels, false);
    w.meta("annotations", d.annotations, a.annotations, true);
    w.stack.pop();

    let Walker {
        mut differences,
        compared,
        ..
    } = w;
    differences.sort_by(|x, y| x.path.cmp(&y.path));
    let score = if compared == 0 {
        0.0
    } else {
        differences.len() as f64 / compared as f64
    };
    DriftReport {
        differences,
        compared,
        score,
    }
}

struct View<'a> {
    spec: Option<&'a Value>,
    labels: Option<&'a Value>,
    annotations: Option<&'a Value>,
}

impl<'a> View<'a> {
    fn of(v: &'a Value) -> Self {
        let meta = match v.get("metadata") {
            Some(Value::Object(m)) => Some(m),
            Some(_) => None,
            None => v.as_object(),
        };
        View {
            spec: present(v.get("spec")),
            labels: present(meta.and_then(|m| m.get("labels"))),
            annotations: present(meta.and_then(|m| m.get("annotations"))),
        }
    }
}

fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

/// Absent, `null`, `[]`, or a map whose values are all empty-like (e.g. `{}`, `{"a": {}}`).
fn is_empty_like(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::Object(m)) => m.values().all(|v| is_empty_like(Some(v))),
        Some(Value::Array(l)) => l.is_empty(),
        Some(_) => false,
    }
}

/// `false`, `0` or `""`: what Go's `omitempty` drops and an absent field reads back as.
fn is_go_zero(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => !b,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Number(n)) => n.as_f64() == Some(0.0),
        _ => false,
    }
}

fn numbers_equal(a: &Number, b: &Number) -> bool {
    if a.is_f64() || b.is_f64() {
        match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        }
    } else {
        a == b
    }
}

/// Scalar / whole-value equality with numeric tolerance (`1 == 1.0`), recursively.
fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => numbers_equal(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| values_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| values_equal(v, w)))
        }
        _ => a == b,
    }
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

struct Walker<'a> {
    strict: bool,
    /// Comparing `spec`: a desired Go zero value equals absent.
    in_spec: bool,
    stack: Vec<Seg<'a>>,
    differences: Vec<Difference>,
    compared: usize,
}

impl<'a> Walker<'a> {
    fn render_path(&self) -> String {
        let mut path = String::with_capacity(64);
        for seg in &self.stack {
            match *seg {
                Seg::Key(k) => push_key(&mut path, k),
                Seg::Index(i) => push_index(&mut path, i),
            }
        }
        path
    }

    fn leaf(&mut self, equal: bool, desired: Option<&Value>, actual: Option<&Value>) {
        self.compared += 1;
        if !equal {
            let path = self.render_path();
            self.differences.push(Difference {
                path,
                desired: present(desired).cloned(),
                actual: present(actual).cloned(),
            });
        }
    }

    /// Compares one node. `desired`/`actual` are `None` when absent (or `null`).
    fn cmp(&mut self, desired: Option<&'a Value>, actual: Option<&'a Value>) {
        let desired = present(desired);
        let actual = present(actual);
        match (desired, actual) {
            (Some(Value::Object(dm)), Some(Value::Object(am))) => self.map(dm, am),
            (Some(Value::Array(dl)), Some(Value::Array(al))) => {
                if dl.len() != al.len() {
                    self.leaf(false, desired, actual);
                } else if dl.is_empty() {
                    self.leaf(true, desired, actual);
                } else {
                    for (i, (d, a)) in dl.iter().zip(al).enumerate() {
                        self.stack.push(Seg::Index(i));
                        self.cmp(Some(d), Some(a));
                        self.stack.pop();
                    }
                }
            }
            (None, _) => {
                // Desired absent/null: unset in default mode (cluster may default it).
                let equal = !self.strict || is_empty_like(actual);
                self.leaf(equal, desired, actual);
            }
            (Some(_), None) => {
                let equal = is_empty_like(desired) || (self.in_spec && is_go_zero(desired));
                self.leaf(equal, desired, actual);
            }
            (Some(Value::Number(x)), Some(Value::Number(y))) => {
                self.leaf(numbers_equal(x, y), desired, actual);
            }
            (Some(d), Some(a)) => {
                // Type mismatch or scalars. `{}`/`[]` vs absent is handled above; an
                // empty map/list vs a different type is a difference.
                self.leaf(values_equal(d, a), desired, actual);
            }
        }
    }

    fn map(&mut self, dm: &'a Map<String, Value>, am: &'a Map<String, Value>) {
        let mut visited = 0usize;
        for (k, dv) in dm {
            visited += 1;
            self.stack.push(Seg::Key(k));
            self.cmp(Some(dv), am.get(k));
            self.stack.pop();
        }
        if self.strict {
            for (k, av) in am {
                if dm.contains_key(k) {
                    continue;
                }
                visited += 1;
                self.stack.push(Seg::Key(k));
                self.cmp(None, Some(av));
                self.stack.pop();
            }
        }
        if visited == 0 {
            // Empty map leaf.
            self.compared += 1;
        }
    }

    /// Labels / annotations section under `metadata.<name>`.
    fn meta(
        &mut self,
        name: &'static str,
        desired: Option<&'a Value>,
        actual: Option<&'a Value>,
        annotations: bool,
    ) {
        self.stack.push(Seg::Key(name));
        match (desired, actual) {
            (None | Some(Value::Object(_)), None | Some(Value::Object(_))) => {
                let dm = desired.and_then(Value::as_object);
                let am = actual.and_then(Value::as_object);
                let ignored =
                    |k: &str| is_fabric_key(k) || (annotations && k == LAST_APPLIED_ANNOTATION);
                for (k, dv) in dm.into_iter().flatten() {
                    if ignored(k) {
                        continue;
                    }
                    self.stack.push(Seg::Key(k));
                    self.cmp(Some(dv), am.and_then(|m| m.get(k)));
                    self.stack.pop();
                }
                if self.strict {
                    for (k, av) in am.into_iter().flatten() {
                        if ignored(k) || dm.is_some_and(|m| m.contains_key(k)) {
                            continue;
                        }
                        self.stack.push(Seg::Key(k));
                        self.cmp(None, Some(av));
                        self.stack.pop();
                    }
                }
            }
            // Malformed section (not a map): compare generically.
            _ => {
                if desired.is_some() || self.strict {
                    self.cmp(desired, actual);
                }
            }
        }
        self.stack.pop();
    }
}

#[cfg(test)]
mod tests;
