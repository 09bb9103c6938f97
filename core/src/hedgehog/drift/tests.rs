//! Tests of [`compare`](super::compare): default vs strict mode, absent/empty/null equivalence,
//! lists, numbers, labels and annotations, paths and scores (plus an ignored 10k benchmark).

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
