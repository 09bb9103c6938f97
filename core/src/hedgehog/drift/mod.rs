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
mod tests {
    use super::*;
    use serde_json::json;

    const DEFAULT: DriftOptions = DriftOptions { strict: false };
    const STRICT: DriftOptions = DriftOptions { strict: true };

    fn vpc_desired() -> Value {
        json!({
            "spec": {
                "ipv4Namespace": "default",
                "vlanNamespace": "default",
                "subnets": {
                    "default": {"subnet": "10.0.1.0/24", "vlan": 1001},
                    "subnet-2": {"subnet": "10.0.2.0/24", "vlan": 1002, "dhcp": {}}
                },
                "permit": []
            },
            "labels": {"app": "web"},
            "annotations": null
        })
    }

    /// What the cluster returns for `vpc_desired()`: defaults filled in, controller labels,
    /// server-set metadata.
    fn vpc_actual() -> Value {
        json!({
            "apiVersion": "vpc.githedgehog.com/v1beta1",
            "kind": "VPC",
            "metadata": {
                "name": "vpc-1",
                "namespace": "default",
                "uid": "1234",
                "resourceVersion": "99",
                "generation": 3,
                "creationTimestamp": "2024-01-01T00:00:00Z",
                "managedFields": [{"manager": "kubectl"}],
                "labels": {
                    "app": "web",
                    "fabric.githedgehog.com/x": "y",
                    "vpc.fabric.githedgehog.com/vpc-1": "true"
                },
                "annotations": {
                    "kubectl.kubernetes.io/last-applied-configuration": "{...}"
                }
            },
            "spec": {
                "ipv4Namespace": "default",
                "vlanNamespace": "default",
                "mode": "",
                "subnets": {
                    "default": {"subnet": "10.0.1.0/24", "vlan": 1001, "gateway": "10.0.1.1", "dhcp": {}},
                    "subnet-2": {"subnet": "10.0.2.0/24", "vlan": 1002.0, "gateway": "10.0.2.1"}
                }
            },
            "status": {"applied": true}
        })
    }

    fn paths(r: &DriftReport) -> Vec<&str> {
        r.differences.iter().map(|d| d.path.as_str()).collect()
    }

    #[test]
    fn fabric_key_detection() {
        assert!(is_fabric_key("fabric.githedgehog.com/x"));
        assert!(is_fabric_key("vpc.fabric.githedgehog.com/vpc-1"));
        assert!(is_fabric_key("a.b.fabric.githedgehog.com/c"));
        assert!(!is_fabric_key("xfabric.githedgehog.com/c"));
        assert!(!is_fabric_key("fabric.githedgehog.com"));
        assert!(!is_fabric_key("githedgehog.com/x"));
        assert!(!is_fabric_key("app"));
        assert!(!is_fabric_key("example.com/fabric.githedgehog.com"));
    }

    #[test]
    fn identical_is_in_sync() {
        let d = vpc_desired();
        let r = compare(&d, &d, DEFAULT);
        assert!(r.in_sync());
        assert!(status(&r));
        assert_eq!(r.score, 0.0);
        assert!(r.compared > 0);
        let r = compare(&d, &d, STRICT);
        assert!(r.in_sync(), "{:?}", r.differences);
    }

    #[test]
    fn cluster_copy_with_defaults_default_vs_strict() {
        let d = vpc_desired();
        let a = vpc_actual();
        let r = compare(&d, &a, DEFAULT);
        assert!(r.in_sync(), "{:?}", r.differences);
        assert!(status(&r));
        assert_eq!(r.score, 0.0);

        let r = compare(&d, &a, STRICT);
        assert!(!r.in_sync());
        assert_eq!(
            paths(&r),
            vec![
                "spec.mode",
                "spec.subnets.default.gateway",
                "spec.subnets.subnet-2.gateway",
            ],
            "{:?}",
            r.differences
        );
        // `mode: ""` is only in actual: the empty string is not "empty-like" (only
        // null/{}/[] are), so strict mode reports it.
        assert_eq!(r.differences[0].actual, Some(json!("")));
    }

    #[test]
    fn strict_reports_actual_only_scalars() {
        let d = json!({"spec": {"a": 1}});
        let a = json!({"spec": {"a": 1, "b": "", "c": {}, "e": [], "f": null, "g": {"h": 1}}});
        let r = compare(&d, &a, STRICT);
        assert_eq!(paths(&r), vec!["spec.b", "spec.g"]);
        assert_eq!(r.differences[0].desired, None);
        assert_eq!(r.differences[0].actual, Some(json!("")));
        assert_eq!(r.differences[1].actual, Some(json!({"h": 1})));
        let r = compare(&d, &a, DEFAULT);
        assert!(r.in_sync());
        assert_eq!(r.compared, 1);
    }

    #[test]
    fn switch_vlan_namespaces_default_added() {
        let d = json!({"spec": {"role": "server-leaf", "description": "leaf-1"}, "labels": null, "annotations": null});
        let a = json!({
            "metadata": {"name": "leaf-1", "labels": {"fabric.githedgehog.com/rack": "r1"}, "annotations": {}},
            "spec": {"role": "server-leaf", "description": "leaf-1", "vlanNamespaces": ["default"], "groups": []}
        });
        let r = compare(&d, &a, DEFAULT);
        assert!(r.in_sync(), "{:?}", r.differences);
        assert_eq!(r.compared, 2);

        let r = compare(&d, &a, STRICT);
        assert_eq!(paths(&r), vec!["spec.vlanNamespaces"]);
        assert_eq!(r.differences[0].desired, None);
        assert_eq!(r.differences[0].actual, Some(json!(["default"])));
    }

    #[test]
    fn changed_vlan_reported_with_both_values() {
        let d = vpc_desired();
        let mut a = vpc_actual();
        a["spec"]["subnets"]["default"]["vlan"] = json!(1999);
        let r = compare(&d, &a, DEFAULT);
        assert_eq!(
            r.differences,
            vec![Difference {
                path: "spec.subnets.default.vlan".into(),
                desired: Some(json!(1001)),
                actual: Some(json!(1999)),
            }]
        );
        assert!(!status(&r));
    }

    #[test]
    fn removed_subnet_single_difference() {
        let d = vpc_desired();
        let mut a = vpc_actual();
        a["spec"]["subnets"]
            .as_object_mut()
            .unwrap()
            .remove("subnet-2");
        let r = compare(&d, &a, DEFAULT);
        assert_eq!(r.differences.len(), 1);
        let diff = &r.differences[0];
        assert_eq!(diff.path, "spec.subnets.subnet-2");
        assert_eq!(diff.desired, Some(d["spec"]["subnets"]["subnet-2"].clone()));
        assert_eq!(diff.actual, None);
    }

    #[test]
    fn empty_map_and_null_equal_absent() {
        for (d, a) in [
            (json!({"x": {}}), json!({})),
            (json!({"x": null}), json!({})),
            (json!({"x": {}}), json!({"x": {}})),
            (json!({"x": null}), json!({"x": {}})),
            (json!({"x": {"y": {}}}), json!({})),
            (json!({"x": []}), json!({})),
        ] {
            let dd = json!({"spec": d});
            let aa = json!({"spec": a});
            for opts in [DEFAULT, STRICT] {
                let r = compare(&dd, &aa, opts);
                assert!(
                    r.in_sync(),
                    "{dd} vs {aa} strict={}: {:?}",
                    opts.strict,
                    r.differences
                );
                // and symmetric
                let r = compare(&aa, &dd, opts);
                assert!(
                    r.in_sync(),
                    "{aa} vs {dd} strict={}: {:?}",
                    opts.strict,
                    r.differences
                );
            }
        }
    }

    #[test]
    fn desired_null_matches_default_in_default_mode_only() {
        let d = json!({"spec": {"x": null}});
        let a = json!({"spec": {"x": 5}});
        assert!(compare(&d, &a, DEFAULT).in_sync());
        let r = compare(&d, &a, STRICT);
        assert_eq!(paths(&r), vec!["spec.x"]);
        assert_eq!(r.differences[0].desired, None);
    }

    #[test]
    fn desired_go_zero_values_equal_absent_in_spec_only() {
        let d = json!({"spec": {"dhcp": {"enable": false}, "mode": "", "mtu": 0},
                       "labels": {"team": ""}});
        let a = json!({"spec": {"dhcp": {}}, "labels": {}});
        for opts in [DEFAULT, STRICT] {
            let r = compare(&d, &a, opts);
            assert_eq!(paths(&r), vec!["metadata.labels.team"], "{r:?}");
        }
        // A zero value is not a match for another value, nor a non-zero for absent.
        let a = json!({"spec": {"dhcp": {"enable": true}, "mode": "l3vni", "mtu": 9000}});
        let d2 = json!({"spec": {"dhcp": {"enable": true}, "mode": "x", "mtu": 1}});
        assert_eq!(
            paths(&compare(&d, &a, DEFAULT)),
            vec![
                "metadata.labels.team",
                "spec.dhcp.enable",
                "spec.mode",
                "spec.mtu"
            ]
        );
        assert_eq!(
            paths(&compare(&d2, &json!({"spec": {}}), DEFAULT)),
            vec!["spec.dhcp", "spec.mode", "spec.mtu"]
        );
    }

    #[test]
    fn empty_map_vs_scalar_is_difference() {
        let d = json!({"spec": {"x": {}}});
        let a = json!({"spec": {"x": 5}});
        let r = compare(&d, &a, DEFAULT);
        assert_eq!(paths(&r), vec!["spec.x"]);
        assert_eq!(r.differences[0].desired, Some(json!({})));
    }

    #[test]
    fn list_length_change() {
        let d = json!({"spec": {"vlanNamespaces": ["default", "extra"]}});
        let a = json!({"spec": {"vlanNamespaces": ["default"]}});
        let r = compare(&d, &a, DEFAULT);
        assert_eq!(r.compared, 1);
        assert_eq!(
            r.differences,
            vec![Difference {
                path: "spec.vlanNamespaces".into(),
                desired: Some(json!(["default", "extra"])),
                actual: Some(json!(["default"])),
            }]
        );
    }

    #[test]
    fn list_elements_compared_with_subset_semantics() {
        let d = json!({"spec": {"permit": [{"vpc-1": {}, "vpc-2": {"subnets": ["a"]}}]}});
        let a = json!({"spec": {"permit": [{"vpc-1": {"subnets": ["default"]}, "vpc-2": {"subnets": ["a"], "extra": 1}}]}});
        assert!(compare(&d, &a, DEFAULT).in_sync());
        let r = compare(&d, &a, STRICT);
        assert_eq!(
            paths(&r),
            vec!["spec.permit[0].vpc-1.subnets", "spec.permit[0].vpc-2.extra"]
        );

        let a2 = json!({"spec": {"permit": [{"vpc-1": {}, "vpc-2": {"subnets": ["b"]}}]}});
        let r = compare(&d, &a2, DEFAULT);
        assert_eq!(paths(&r), vec!["spec.permit[0].vpc-2.subnets[0]"]);
        assert_eq!(r.differences[0].desired, Some(json!("a")));
        assert_eq!(r.differences[0].actual, Some(json!("b")));
    }

    #[test]
    fn numbers_int_float_equal_strings_strict() {
        let d = json!({"spec": {"a": 1, "b": 2.5, "c": "1", "d": -3, "e": 10}});
        let a = json!({"spec": {"a": 1.0, "b": 2.5, "c": 1, "d": -3.0, "e": 11}});
        let r = compare(&d, &a, DEFAULT);
        assert_eq!(paths(&r), vec!["spec.c", "spec.e"]);
        assert_eq!(r.compared, 5);
        assert!((r.score - 0.4).abs() < 1e-12);
    }

    #[test]
    fn type_mismatch_is_difference() {
        let d = json!({"spec": {"a": {"b": 1}, "l": [1]}});
        let a = json!({"spec": {"a": "str", "l": {"0": 1}}});
        let r = compare(&d, &a, DEFAULT);
        assert_eq!(paths(&r), vec!["spec.a", "spec.l"]);
    }

    #[test]
    fn score_computation() {
        let d = json!({"spec": {"a": 1, "b": 2, "c": 3, "d": {"e": 4}}, "labels": {"app": "x"}});
        let a = json!({"spec": {"a": 1, "b": 20, "c": 3, "d": {"e": 4}}, "labels": {"app": "y"}});
        let r = compare(&d, &a, DEFAULT);
        assert_eq!(r.compared, 5);
        assert_eq!(r.differences.len(), 2);
        assert!((r.score - 0.4).abs() < 1e-12);
        assert_eq!(paths(&r), vec!["metadata.labels.app", "spec.b"]);

        let empty = compare(&json!({}), &json!({}), STRICT);
        assert_eq!(empty.compared, 1); // absent spec vs absent spec
        assert_eq!(empty.score, 0.0);
    }

    #[test]
    fn score_zero_when_nothing_compared() {
        let r = DriftReport {
            differences: vec![],
            compared: 0,
            score: 0.0,
        };
        assert!(status(&r));
        // labels-only comparison with everything ignored still compares the spec (absent)
        let d = json!({"labels": {"fabric.githedgehog.com/a": "1"}});
        let r = compare(&d, &json!({}), DEFAULT);
        assert_eq!(r.compared, 1);
        assert_eq!(r.score, 0.0);
    }

    #[test]
    fn labels_and_annotations_paths_and_ignores() {
        let d = json!({
            "spec": {},
            "labels": {"app": "web", "team.example.com/owner": "a", "fabric.githedgehog.com/vpc": "v1"},
            "annotations": {"note": "x"}
        });
        let a = json!({
            "metadata": {
                "labels": {"app": "web", "team.example.com/owner": "b", "fabric.githedgehog.com/vpc": "v2",
                           "vpc.fabric.githedgehog.com/vpc-1": "true", "extra": "1"},
                "annotations": {"note": "y", "kubectl.kubernetes.io/last-applied-configuration": "{}",
                                "fabric.githedgehog.com/hash": "abc"}
            },
            "spec": {}
        });
        let r = compare(&d, &a, DEFAULT);
        assert_eq!(
            paths(&r),
            vec![
                "metadata.annotations.note",
                r#"metadata.labels["team.example.com/owner"]"#,
            ]
        );
        let r = compare(&d, &a, STRICT);
        assert_eq!(
            paths(&r),
            vec![
                "metadata.annotations.note",
                "metadata.labels.extra",
                r#"metadata.labels["team.example.com/owner"]"#,
            ]
        );
        let extra = r
            .differences
            .iter()
            .find(|x| x.path == "metadata.labels.extra")
            .unwrap();
        assert_eq!(extra.desired, None);
        assert_eq!(extra.actual, Some(json!("1")));
    }

    #[test]
    fn missing_label_in_actual() {
        let d = json!({"spec": {}, "labels": {"app": "web"}});
        let a = json!({"spec": {}, "labels": null});
        let r = compare(&d, &a, DEFAULT);
        assert_eq!(paths(&r), vec!["metadata.labels.app"]);
        assert_eq!(r.differences[0].actual, None);
    }

    #[test]
    fn last_applied_is_only_ignored_as_annotation() {
        let d = json!({"spec": {}, "labels": {}});
        let a = json!({"spec": {}, "labels": {LAST_APPLIED_ANNOTATION: "x"}});
        assert_eq!(compare(&d, &a, STRICT).differences.len(), 1);
        let a = json!({"spec": {}, "annotations": {LAST_APPLIED_ANNOTATION: "x"}});
        assert!(compare(&d, &a, STRICT).in_sync());
    }

    #[test]
    fn whole_objects_on_both_sides() {
        let mut d = vpc_actual();
        let a = vpc_actual();
        assert!(compare(&d, &a, STRICT).in_sync());
        d["metadata"]["uid"] = json!("other");
        d["metadata"]["resourceVersion"] = json!("1");
        d["status"] = json!({"applied": false});
        assert!(compare(&d, &a, STRICT).in_sync());
        d["spec"]["ipv4Namespace"] = json!("ns2");
        assert_eq!(paths(&compare(&d, &a, STRICT)), vec!["spec.ipv4Namespace"]);
    }

    #[test]
    fn bracket_paths_in_spec() {
        let d = json!({"spec": {"a.b": {"": 1}}});
        let a = json!({"spec": {"a.b": {"": 2}}});
        let r = compare(&d, &a, DEFAULT);
        assert_eq!(paths(&r), vec![r#"spec["a.b"][""]"#]);
    }

    #[test]
    fn differences_sorted_by_path() {
        let d = json!({"spec": {"z": 1, "a": 1, "m": [1, 2, 3]}, "labels": {"b": "1"}});
        let a = json!({"spec": {"z": 2, "a": 2, "m": [1, 9, 3]}, "labels": {"b": "2"}});
        let r = compare(&d, &a, DEFAULT);
        assert_eq!(
            paths(&r),
            vec!["metadata.labels.b", "spec.a", "spec.m[1]", "spec.z"]
        );
    }

    #[test]
    fn report_serializes() {
        let d = json!({"spec": {"a": 1}});
        let a = json!({"spec": {"a": 2}});
        let r = compare(&d, &a, DEFAULT);
        let s = serde_json::to_value(&r).unwrap();
        assert_eq!(s["differences"][0]["path"], json!("spec.a"));
        assert_eq!(s["compared"], json!(1));
        assert_eq!(s["score"], json!(1.0));
        let back: Difference = serde_json::from_value(s["differences"][0].clone()).unwrap();
        assert_eq!(back, r.differences[0]);
    }

    fn bench_spec(i: usize) -> Value {
        let mut subnets = Map::new();
        for s in 0..6 {
            subnets.insert(
                format!("subnet-{s}"),
                json!({
                    "subnet": format!("10.{}.{s}.0/24", i % 250),
                    "gateway": format!("10.{}.{s}.1", i % 250),
                    "vlan": 1000 + s,
                    "dhcp": {"enable": true, "range": {"start": "10.0.0.10"}}
                }),
            );
        }
        json!({
            "spec": {"ipv4Namespace": "default", "vlanNamespace": "default", "subnets": subnets},
            "labels": {"app": format!("vpc-{i}")},
            "annotations": null
        })
    }

    #[test]
    #[ignore = "micro-benchmark; run with --release -- --ignored --nocapture"]
    fn bench_10k_comparisons() {
        let desired: Vec<Value> = (0..10_000).map(bench_spec).collect();
        let actual: Vec<Value> = desired
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let mut a = d.clone();
                a["spec"]["subnets"]["subnet-0"]["mtu"] = json!(9000);
                a["labels"]["vpc.fabric.githedgehog.com/x"] = json!("true");
                if i % 10 == 0 {
                    a["spec"]["subnets"]["subnet-1"]["vlan"] = json!(1);
                }
                a
            })
            .collect();
        let leaves = compare(&desired[0], &actual[0], DEFAULT).compared;
        for round in 0..3 {
            let start = std::time::Instant::now();
            let mut drifted = 0;
            for (d, a) in desired.iter().zip(&actual) {
                let r = compare(d, a, DEFAULT);
                drifted += usize::from(!r.in_sync());
            }
            let elapsed = start.elapsed();
            println!(
                "round {round}: 10,000 comparisons ({leaves} leaves each): {elapsed:?}, {drifted} drifted"
            );
            assert_eq!(drifted, 1000);
        }
        // Calibration: plain structural equality over the same data.
        let start = std::time::Instant::now();
        let eq = desired.iter().zip(&desired).filter(|(d, a)| d == a).count();
        println!(
            "baseline: 10,000 serde_json `==` on identical values: {:?} ({eq})",
            start.elapsed()
        );
    }
}
