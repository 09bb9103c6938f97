//! Tests of the three-way merge: path helpers, map merging and conflicts, atomic lists and the
//! keyed VPCPeering `permit` list.

use super::*;
use serde_json::json;

fn vpc_base() -> Value {
    json!({
        "ipv4Namespace": "default",
        "vlanNamespace": "default",
        "subnets": {
            "default": {"subnet": "10.0.1.0/24", "gateway": "10.0.1.1", "vlan": 1001},
            "backend": {"subnet": "10.0.2.0/24", "vlan": 1002}
        }
    })
}

fn with(mut v: Value, pointer: &str, new: Value) -> Value {
    *v.pointer_mut(pointer).expect("pointer exists") = new;
    v
}

fn remove(mut v: Value, parent: &str, key: &str) -> Value {
    v.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .expect("parent map")
        .remove(key);
    v
}

// ---- path helpers ----

#[test]
fn key_segment_plain_and_bracketed() {
    assert_eq!(key_segment("vlan"), "vlan");
    assert_eq!(key_segment("vpc-1"), "vpc-1");
    assert_eq!(
        key_segment("fabric.githedgehog.com/vpc"),
        r#"["fabric.githedgehog.com/vpc"]"#
    );
    assert_eq!(key_segment(""), r#"[""]"#);
    assert_eq!(key_segment("a[0]"), r#"["a[0]"]"#);
    assert_eq!(key_segment("x]"), r#"["x]"]"#);
    assert_eq!(key_segment(r#"a."b"#), r#"["a.\"b"]"#);
}

#[test]
fn join_path_forms() {
    assert_eq!(join_path("", "spec"), "spec");
    assert_eq!(join_path("spec", "subnets"), "spec.subnets");
    assert_eq!(
        join_path("metadata.labels", "fabric.githedgehog.com/vpc"),
        r#"metadata.labels["fabric.githedgehog.com/vpc"]"#
    );
    assert_eq!(join_path("", "a.b"), r#"["a.b"]"#);
    let mut p = String::from("spec.list");
    push_index(&mut p, 3);
    push_key(&mut p, "name");
    assert_eq!(p, "spec.list[3].name");
    let mut p = String::from("spec.permit");
    push_identity(&mut p, "vpc-1+vpc-2");
    assert_eq!(p, "spec.permit[vpc-1+vpc-2]");
}

#[test]
fn identity_table() {
    assert!(list_identity("VPCPeering", "spec.permit").is_some());
    assert!(list_identity("VPC", "spec.permit").is_none());
    assert!(list_identity("VPCPeering", "spec.other").is_none());
    assert_eq!(
        sorted_keys_identity(&json!({"vpc-2": {}, "vpc-1": {}})).as_deref(),
        Some("vpc-1+vpc-2")
    );
    assert_eq!(sorted_keys_identity(&json!({})), None);
    assert_eq!(sorted_keys_identity(&json!("x")), None);
}

// ---- trivial cases ----

#[test]
fn nothing_changed() {
    let b = vpc_base();
    let out = three_way("VPC", &b, &b, &b);
    assert_eq!(out.merged, b);
    assert!(out.auto_merged.is_empty());
    assert!(out.conflicts.is_empty());
    assert!(out.is_clean());
}

#[test]
fn only_git_changed() {
    let b = vpc_base();
    let git = with(b.clone(), "/subnets/default/vlan", json!(1500));
    let out = three_way("VPC", &b, &b, &git);
    assert_eq!(out.merged, git);
    assert_eq!(out.auto_merged, vec!["spec.subnets.default.vlan"]);
    assert!(out.conflicts.is_empty());
}

#[test]
fn only_gui_changed() {
    let b = vpc_base();
    let gui = with(b.clone(), "/ipv4Namespace", json!("other"));
    let out = three_way("VPC", &b, &gui, &b);
    assert_eq!(out.merged, gui);
    assert_eq!(out.auto_merged, vec!["spec.ipv4Namespace"]);
    assert!(out.conflicts.is_empty());
}

// ---- map merging ----

#[test]
fn disjoint_field_changes_merge_to_both() {
    let b = vpc_base();
    let gui = with(b.clone(), "/subnets/default/vlan", json!(1500));
    let git = with(b.clone(), "/subnets/default/subnet", json!("10.0.9.0/24"));
    let out = three_way("VPC", &b, &gui, &git);
    assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
    assert_eq!(out.merged["subnets"]["default"]["vlan"], json!(1500));
    assert_eq!(
        out.merged["subnets"]["default"]["subnet"],
        json!("10.0.9.0/24")
    );
    assert_eq!(
        out.merged["subnets"]["default"]["gateway"],
        json!("10.0.1.1")
    );
    assert_eq!(out.merged["subnets"]["backend"], b["subnets"]["backend"]);
    assert_eq!(
        out.auto_merged,
        vec!["spec.subnets.default.subnet", "spec.subnets.default.vlan"]
    );
}

#[test]
fn same_field_changed_differently_conflicts_keeping_git() {
    let b = vpc_base();
    let gui = with(b.clone(), "/subnets/default/vlan", json!(1500));
    let git = with(b.clone(), "/subnets/default/vlan", json!(1600));
    let out = three_way("VPC", &b, &gui, &git);
    assert_eq!(out.conflicts, vec!["spec.subnets.default.vlan"]);
    assert_eq!(out.merged, git);
    assert!(out.auto_merged.is_empty());
    assert!(!out.is_clean());
}

#[test]
fn conflict_and_auto_merge_together() {
    let b = vpc_base();
    let gui = with(b.clone(), "/subnets/default/vlan", json!(1500));
    let gui = with(gui, "/vlanNamespace", json!("ns2"));
    let git = with(b.clone(), "/subnets/default/vlan", json!(1600));
    let out = three_way("VPC", &b, &gui, &git);
    assert_eq!(out.conflicts, vec!["spec.subnets.default.vlan"]);
    assert_eq!(out.auto_merged, vec!["spec.vlanNamespace"]);
    assert_eq!(out.merged["vlanNamespace"], json!("ns2"));
    assert_eq!(out.merged["subnets"]["default"]["vlan"], json!(1600));
}

#[test]
fn subnets_added_on_both_sides() {
    let b = vpc_base();
    let mut gui = b.clone();
    gui["subnets"]["web"] = json!({"subnet": "10.0.3.0/24", "vlan": 1003});
    let mut git = b.clone();
    git["subnets"]["db"] = json!({"subnet": "10.0.4.0/24", "vlan": 1004});
    let out = three_way("VPC", &b, &gui, &git);
    assert!(out.conflicts.is_empty());
    assert_eq!(out.merged["subnets"]["web"]["vlan"], json!(1003));
    assert_eq!(out.merged["subnets"]["db"]["vlan"], json!(1004));
    assert_eq!(out.merged["subnets"].as_object().map(Map::len), Some(4));
    assert_eq!(out.auto_merged, vec!["spec.subnets.db", "spec.subnets.web"]);
}

#[test]
fn removed_in_git_edited_in_gui_conflicts() {
    let b = vpc_base();
    let gui = with(b.clone(), "/subnets/backend/vlan", json!(1999));
    let git = remove(b.clone(), "/subnets", "backend");
    let out = three_way("VPC", &b, &gui, &git);
    assert_eq!(out.conflicts, vec!["spec.subnets.backend"]);
    // git side kept: the subnet stays removed
    assert!(out.merged["subnets"].get("backend").is_none());
    assert_eq!(out.merged["subnets"]["default"], b["subnets"]["default"]);
}

#[test]
fn removed_in_gui_edited_in_git_conflicts_keeping_git() {
    let b = vpc_base();
    let gui = remove(b.clone(), "/subnets", "backend");
    let git = with(b.clone(), "/subnets/backend/vlan", json!(1999));
    let out = three_way("VPC", &b, &gui, &git);
    assert_eq!(out.conflicts, vec!["spec.subnets.backend"]);
    assert_eq!(out.merged["subnets"]["backend"]["vlan"], json!(1999));
}

#[test]
fn removed_on_one_side_unchanged_on_other_is_removed() {
    let b = vpc_base();
    let gui = remove(b.clone(), "/subnets", "backend");
    let git = with(b.clone(), "/subnets/default/vlan", json!(1234));
    let out = three_way("VPC", &b, &gui, &git);
    assert!(out.conflicts.is_empty());
    assert!(out.merged["subnets"].get("backend").is_none());
    assert_eq!(out.merged["subnets"]["default"]["vlan"], json!(1234));
    assert_eq!(
        out.auto_merged,
        vec!["spec.subnets.backend", "spec.subnets.default.vlan"]
    );
}

#[test]
fn removed_on_both_sides() {
    let b = vpc_base();
    let gui = remove(b.clone(), "/subnets", "backend");
    let gui = with(gui, "/ipv4Namespace", json!("x"));
    let git = remove(b.clone(), "/subnets", "backend");
    let out = three_way("VPC", &b, &gui, &git);
    assert!(out.conflicts.is_empty());
    assert!(out.merged["subnets"].get("backend").is_none());
    assert_eq!(
        out.auto_merged,
        vec!["spec.ipv4Namespace", "spec.subnets.backend"]
    );
}

#[test]
fn identical_changes_on_both_sides_no_conflict() {
    let b = vpc_base();
    let gui = with(b.clone(), "/subnets/default/vlan", json!(1500));
    let git = gui.clone();
    let out = three_way("VPC", &b, &gui, &git);
    assert!(out.conflicts.is_empty());
    assert_eq!(out.merged, gui);
    assert_eq!(out.auto_merged, vec!["spec.subnets.default.vlan"]);

    // identical change plus a disjoint one
    let gui = with(gui, "/vlanNamespace", json!("v2"));
    let out = three_way("VPC", &b, &gui, &git);
    assert!(out.conflicts.is_empty());
    assert_eq!(out.merged, gui);
}

#[test]
fn added_on_both_sides_maps_recurse() {
    let b = json!({"subnets": {}});
    let gui = json!({"subnets": {"new": {"vlan": 10, "subnet": "10.0.0.0/24"}}});
    let git = json!({"subnets": {"new": {"vlan": 10, "gateway": "10.0.0.1"}}});
    let out = three_way("VPC", &b, &gui, &git);
    assert!(out.conflicts.is_empty());
    assert_eq!(
        out.merged,
        json!({"subnets": {"new": {"vlan": 10, "subnet": "10.0.0.0/24", "gateway": "10.0.0.1"}}})
    );
    assert_eq!(
        out.auto_merged,
        vec![
            "spec.subnets.new.gateway",
            "spec.subnets.new.subnet",
            "spec.subnets.new.vlan"
        ]
    );
}

#[test]
fn added_on_both_sides_scalars_conflict() {
    let b = json!({});
    let gui = json!({"x": 1});
    let git = json!({"x": 2});
    let out = three_way("VPC", &b, &gui, &git);
    assert_eq!(out.conflicts, vec!["spec.x"]);
    assert_eq!(out.merged, git);
}

#[test]
fn null_base_means_created_on_both_sides() {
    let gui = json!({"a": 1, "shared": {"x": 1}});
    let git = json!({"b": 2, "shared": {"y": 2}});
    let out = three_way("VPC", &Value::Null, &gui, &git);
    assert!(out.conflicts.is_empty());
    assert_eq!(
        out.merged,
        json!({"a": 1, "b": 2, "shared": {"x": 1, "y": 2}})
    );

    let out = three_way("VPC", &Value::Null, &json!({"a": 1}), &json!({"a": 2}));
    assert_eq!(out.conflicts, vec!["spec.a"]);
}

#[test]
fn null_value_treated_as_absent() {
    let b = json!({"a": 1, "b": 2});
    let gui = json!({"a": null, "b": 2});
    let git = json!({"a": 1, "b": 3});
    let out = three_way("VPC", &b, &gui, &git);
    assert!(out.conflicts.is_empty());
    assert_eq!(out.merged, json!({"b": 3}));
}

#[test]
fn type_change_is_atomic() {
    let b = json!({"v": {"x": 1}});
    let gui = json!({"v": "scalar"});
    let git = json!({"v": {"x": 2}});
    let out = three_way("VPC", &b, &gui, &git);
    assert_eq!(out.conflicts, vec!["spec.v"]);
    assert_eq!(out.merged, git);

    // type change on one side only is simply taken
    let out = three_way("VPC", &b, &gui, &b);
    assert!(out.conflicts.is_empty());
    assert_eq!(out.merged, gui);
    assert_eq!(out.auto_merged, vec!["spec.v"]);

    // scalar base, maps on both sides: atom conflict (no recursion)
    let out = three_way(
        "VPC",
        &json!({"v": 1}),
        &json!({"v": {"a": 1}}),
        &json!({"v": {"b": 1}}),
    );
    assert_eq!(out.conflicts, vec!["spec.v"]);
}

#[test]
fn bracket_paths_for_dotted_keys() {
    let b = json!({"labels": {"fabric.githedgehog.com/vpc": "a"}});
    let gui = json!({"labels": {"fabric.githedgehog.com/vpc": "b"}});
    let git = json!({"labels": {"fabric.githedgehog.com/vpc": "c"}});
    let out = three_way("VPC", &b, &gui, &git);
    assert_eq!(
        out.conflicts,
        vec![r#"spec.labels["fabric.githedgehog.com/vpc"]"#]
    );
}

#[test]
fn custom_root() {
    let out = three_way_at(
        "VPC",
        "",
        &json!({"a": 1}),
        &json!({"a": 2}),
        &json!({"a": 3}),
    );
    assert_eq!(out.conflicts, vec!["a"]);
    let out = three_way_at(
        "X",
        "metadata",
        &json!({"a": 1}),
        &json!({"a": 2}),
        &json!({"a": 1}),
    );
    assert_eq!(out.auto_merged, vec!["metadata.a"]);
}

// ---- lists ----

#[test]
fn atom_lists_conflict_when_both_changed_differently() {
    let b = json!({"vlanNamespaces": ["default"]});
    let gui = json!({"vlanNamespaces": ["default", "a"]});
    let git = json!({"vlanNamespaces": ["default", "b"]});
    let out = three_way("Switch", &b, &gui, &git);
    assert_eq!(out.conflicts, vec!["spec.vlanNamespaces"]);
    assert_eq!(out.merged, git);
}

#[test]
fn atom_lists_one_side_or_same_change() {
    let b = json!({"l": [1, 2]});
    let gui = json!({"l": [1, 2, 3]});
    let out = three_way("Switch", &b, &gui, &b);
    assert_eq!(out.merged, gui);
    assert_eq!(out.auto_merged, vec!["spec.l"]);
    let out = three_way("Switch", &b, &gui, &gui);
    assert!(out.conflicts.is_empty());
    assert_eq!(out.merged, gui);
}

#[test]
fn permit_list_is_atomic_for_other_kinds() {
    let b = json!({"permit": [{"vpc-1": {}, "vpc-2": {}}]});
    let gui = json!({"permit": [{"vpc-1": {}, "vpc-2": {}}, {"vpc-1": {}, "vpc-3": {}}]});
    let git = json!({"permit": [{"vpc-1": {}, "vpc-2": {}}, {"vpc-1": {}, "vpc-4": {}}]});
    let out = three_way("VPC", &b, &gui, &git);
    assert_eq!(out.conflicts, vec!["spec.permit"]);
}

fn peering_base() -> Value {
    json!({
        "permit": [
            {"vpc-1": {}, "vpc-2": {"subnets": ["a"]}},
            {"vpc-1": {"subnets": ["x"]}, "vpc-3": {}}
        ]
    })
}

#[test]
fn peering_permit_additions_from_both_sides() {
    let b = peering_base();
    let mut gui = b.clone();
    gui["permit"]
        .as_array_mut()
        .unwrap()
        .push(json!({"vpc-5": {}, "vpc-4": {}}));
    let mut git = b.clone();
    git["permit"]
        .as_array_mut()
        .unwrap()
        .insert(0, json!({"vpc-9": {}, "vpc-1": {}}));
    let out = three_way("VPCPeering", &b, &gui, &git);
    assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
    // git order first, then gui-added items
    assert_eq!(
        out.merged,
        json!({"permit": [
            {"vpc-1": {}, "vpc-9": {}},
            {"vpc-1": {}, "vpc-2": {"subnets": ["a"]}},
            {"vpc-1": {"subnets": ["x"]}, "vpc-3": {}},
            {"vpc-4": {}, "vpc-5": {}}
        ]})
    );
    assert_eq!(
        out.auto_merged,
        vec!["spec.permit[vpc-1+vpc-9]", "spec.permit[vpc-4+vpc-5]"]
    );
}

#[test]
fn peering_permit_item_level_merge_and_deletion() {
    let b = peering_base();
    // gui edits item vpc-1+vpc-2; git deletes item vpc-1+vpc-3 and reorders nothing
    let gui = json!({"permit": [
        {"vpc-1": {}, "vpc-2": {"subnets": ["a", "b"]}},
        {"vpc-1": {"subnets": ["x"]}, "vpc-3": {}}
    ]});
    let git = json!({"permit": [
        {"vpc-1": {}, "vpc-2": {"subnets": ["a"]}}
    ]});
    let out = three_way("VPCPeering", &b, &gui, &git);
    assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
    assert_eq!(
        out.merged,
        json!({"permit": [{"vpc-1": {}, "vpc-2": {"subnets": ["a", "b"]}}]})
    );
    assert_eq!(
        out.auto_merged,
        vec![
            "spec.permit[vpc-1+vpc-2].vpc-2.subnets",
            "spec.permit[vpc-1+vpc-3]"
        ]
    );
}

#[test]
fn peering_permit_same_item_disjoint_edits_merge() {
    let b = peering_base();
    let gui = json!({"permit": [
        {"vpc-1": {"subnets": ["s1"]}, "vpc-2": {"subnets": ["a"]}},
        {"vpc-1": {"subnets": ["x"]}, "vpc-3": {}}
    ]});
    let git = json!({"permit": [
        {"vpc-1": {}, "vpc-2": {"subnets": ["a", "c"]}},
        {"vpc-1": {"subnets": ["x"]}, "vpc-3": {}}
    ]});
    let out = three_way("VPCPeering", &b, &gui, &git);
    assert!(out.conflicts.is_empty());
    assert_eq!(
        out.merged["permit"][0],
        json!({"vpc-1": {"subnets": ["s1"]}, "vpc-2": {"subnets": ["a", "c"]}})
    );
}

#[test]
fn peering_permit_item_conflict_path() {
    let b = peering_base();
    let gui = json!({"permit": [
        {"vpc-1": {}, "vpc-2": {"subnets": ["g"]}},
        {"vpc-1": {"subnets": ["x"]}, "vpc-3": {}}
    ]});
    let git = json!({"permit": [
        {"vpc-1": {}, "vpc-2": {"subnets": ["t"]}}
    ]});
    let out = three_way("VPCPeering", &b, &gui, &git);
    assert_eq!(
        out.conflicts,
        vec!["spec.permit[vpc-1+vpc-2].vpc-2.subnets"]
    );
    assert_eq!(out.merged, git);
    assert_eq!(out.auto_merged, vec!["spec.permit[vpc-1+vpc-3]"]);
}

#[test]
fn peering_permit_deleted_in_git_edited_in_gui_conflicts() {
    let b = peering_base();
    let gui = json!({"permit": [
        {"vpc-1": {}, "vpc-2": {"subnets": ["a"]}},
        {"vpc-1": {"subnets": ["y"]}, "vpc-3": {}}
    ]});
    let git =
        json!({"permit": [{"vpc-1": {}, "vpc-2": {"subnets": ["a"]}}, {"vpc-7": {}, "vpc-8": {}}]});
    let out = three_way("VPCPeering", &b, &gui, &git);
    assert_eq!(out.conflicts, vec!["spec.permit[vpc-1+vpc-3]"]);
    assert_eq!(out.merged, git);
}

#[test]
fn peering_permit_falls_back_to_atom_on_duplicate_or_missing_identity() {
    let b = peering_base();
    // duplicate identity on gui side
    let gui = json!({"permit": [
        {"vpc-1": {}, "vpc-2": {}},
        {"vpc-2": {"subnets": ["z"]}, "vpc-1": {}}
    ]});
    let git = json!({"permit": [{"vpc-1": {}, "vpc-2": {"subnets": ["a"]}}]});
    let out = three_way("VPCPeering", &b, &gui, &git);
    assert_eq!(out.conflicts, vec!["spec.permit"]);
    assert_eq!(out.merged, git);

    // item without identity (not a map) on git side
    let git = json!({"permit": ["bogus"]});
    let gui = json!({"permit": [{"vpc-1": {}, "vpc-2": {}}]});
    let out = three_way("VPCPeering", &b, &gui, &git);
    assert_eq!(out.conflicts, vec!["spec.permit"]);
}

#[test]
fn peering_permit_created_on_both_sides() {
    let gui = json!({"permit": [{"a": {}, "b": {}}]});
    let git = json!({"permit": [{"c": {}, "d": {}}]});
    let out = three_way("VPCPeering", &Value::Null, &gui, &git);
    assert!(out.conflicts.is_empty());
    assert_eq!(
        out.merged,
        json!({"permit": [{"c": {}, "d": {}}, {"a": {}, "b": {}}]})
    );
}

#[test]
fn conflicts_are_sorted_and_deduplicated() {
    let b = json!({"z": 1, "a": 1, "m": {"q": 1}});
    let gui = json!({"z": 2, "a": 2, "m": {"q": 2}});
    let git = json!({"z": 3, "a": 3, "m": {"q": 3}});
    let out = three_way("VPC", &b, &gui, &git);
    assert_eq!(out.conflicts, vec!["spec.a", "spec.m.q", "spec.z"]);
}
