//! Field rules of [`validate`](super::super::validate): each kind of problem message on the
//! samples' Switch and VPC specs, name rules, the schema conversion and path segments.

use super::super::*;
use super::{find, paths, sample_docs};
use serde_json::json;

fn switch_spec() -> Value {
    let (docs, _) = sample_docs();
    find(
        &docs,
        "docs/master/docs__user-guide__devices__block01.yaml",
        "s5248-01",
    )
    .spec
    .clone()
}

fn vpc_spec() -> Value {
    let (docs, _) = sample_docs();
    find(&docs, "demo-gitops/env-1/vpc-test.yaml", "vpc-test")
        .spec
        .clone()
}

#[test]
fn bad_enum_lists_the_crd_values_in_order() {
    let mut spec = switch_spec();
    assert!(validate("Switch", "s5248-01", "default", &spec).is_empty());
    spec["role"] = json!("bogus");
    let problems = validate("Switch", "s5248-01", "default", &spec);
    assert_eq!(
        problems,
        vec![Problem::new(
            "spec.role",
            "must be one of spine, server-leaf, border-leaf, mixed-leaf, virtual-edge"
        )]
    );
    assert_eq!(
        problems[0].to_string(),
        "spec.role: must be one of spine, server-leaf, border-leaf, mixed-leaf, virtual-edge"
    );
}

#[test]
fn wrong_type_reported_at_the_field() {
    let mut spec = vpc_spec();
    assert!(spec["subnets"]["default"].is_object(), "{spec}");
    spec["subnets"]["default"]["vlan"] = json!("abc");
    assert_eq!(
        validate("VPC", "vpc-test", "default", &spec),
        vec![Problem::new(
            "spec.subnets.default.vlan",
            "must be an integer"
        )]
    );
}

#[test]
fn unknown_fields_are_errors() {
    let mut spec = vpc_spec();
    spec["subnetz"] = json!({});
    spec["subnets"]["default"]["vlam"] = json!(1000);
    assert_eq!(
        validate("VPC", "vpc-1", "default", &spec),
        vec![
            Problem::new("spec.subnets.default.vlam", "unknown field"),
            Problem::new("spec.subnetz", "unknown field"),
        ]
    );
    // Objects the CRD declares without properties stay open.
    assert!(validate("SwitchGroup", "mclag-1", "default", &json!({"x": 1})).is_empty());
}

#[test]
fn other_keyword_messages() {
    let spec = json!({
        "role": "spine",
        "linkFlapErrDisable": {"flapThreshold": 0, "samplingInterval": 70000},
        "portFECs": {"E1/1": "rs", "E1/2": "xx"}
    });
    assert_eq!(
        validate("Switch", "spine-1", "default", &spec),
        vec![
            Problem::new(
                "spec.linkFlapErrDisable.flapThreshold",
                "must be at least 1"
            ),
            Problem::new(
                "spec.linkFlapErrDisable.samplingInterval",
                "must be at most 65535"
            ),
            Problem::new(
                "spec.portFECs[\"E1/2\"]",
                "must be one of rs, fc, auto, disabled"
            ),
        ]
    );
    let spec = json!({"fabric": {"links": [{"leaf": {"port": "l/E1/1", "ip": "10.0.0.1"}}]}});
    let problems = validate("Connection", "c", "default", &spec);
    assert_eq!(paths(&problems), ["spec.fabric.links[0].leaf.ip"]);
    assert!(
        problems[0].message.starts_with("must match ^((25[0-5]"),
        "{problems:?}"
    );
    let problems = validate(
        "Connection",
        "c",
        "default",
        &json!({"mclag": {"links": []}}),
    );
    assert_eq!(
        problems,
        vec![Problem::new(
            "spec.mclag.links",
            "must have at least 2 items"
        )]
    );
    let problems = validate(
        "GatewayPeering",
        "p",
        "default",
        &json!({"acl": {"default": "nope"}, "peering": {"ext.a": {"expose": [{"bogus": 1}]}}}),
    );
    assert_eq!(
        problems,
        vec![
            Problem::new(
                "spec.acl.default",
                "must be one of deny, deny-unless-exposed, \"\""
            ),
            Problem::new("spec.peering[\"ext.a\"].expose[0].bogus", "unknown field"),
        ]
    );
}

#[test]
fn required_fields_and_nulls() {
    assert_eq!(
        validate("Switch", "s", "default", &json!({})),
        vec![Problem::new("spec.role", "is required")]
    );
    // A null field that is not nullable counts as absent, like the API server prunes it.
    assert_eq!(
        validate("Switch", "s", "default", &json!({"role": null})),
        vec![Problem::new("spec.role", "is required")]
    );
    let spec = json!({"subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": null}}});
    assert!(validate("VPC", "vpc-1", "default", &spec).is_empty());
    assert!(validate("SwitchGroup", "g", "default", &Value::Null).is_empty());
    // Array items are not pruned.
    assert_eq!(
        validate(
            "Switch",
            "s",
            "default",
            &json!({"role": "spine", "groups": [null]})
        ),
        vec![Problem::new("spec.groups[0]", "must be a string")]
    );
    assert_eq!(
        validate("IPv4Namespace", "ns", "default", &json!("x")),
        vec![Problem::new("spec", "must be an object")]
    );
}

#[test]
fn name_rules() {
    fn ok(kind: &str, name: &str) -> Vec<Problem> {
        validate(kind, name, "default", &Value::Null)
    }
    assert!(ok("SwitchGroup", "mclag-1.a").is_empty());
    let bad = ok("SwitchGroup", "Bad_Name");
    assert_eq!(paths(&bad), ["metadata.name"]);
    assert!(bad[0].message.contains("RFC 1123 subdomain"), "{bad:?}");
    for name in ["-a", "a-", "a..b", ".a", "a.", "A", "a_b", "a b", "ä"] {
        assert_eq!(paths(&ok("SwitchGroup", name)), ["metadata.name"], "{name}");
    }
    assert_eq!(
        ok("SwitchGroup", ""),
        vec![Problem::new("metadata.name", "is required")]
    );
    assert!(ok("SwitchGroup", &"a".repeat(253)).is_empty());
    assert_eq!(
        paths(&ok("SwitchGroup", &"a".repeat(254))),
        ["metadata.name"]
    );
    // Hedgehog's 11-character limit for VPC, External and IPv4Namespace names only.
    assert!(validate("VPC", "vpc-1234567", "default", &json!({})).is_empty());
    let long = validate("VPC", "vpc-12345678", "default", &json!({}));
    assert_eq!(
        long,
        vec![Problem::new(
            "metadata.name",
            "must be at most 11 characters (Hedgehog limit for VPC names)"
        )]
    );
    assert_eq!(paths(&ok("External", "external-123")), ["metadata.name"]);
    assert_eq!(
        paths(&ok("IPv4Namespace", "namespace-12")),
        ["metadata.name"]
    );
    assert!(ok("Switch", "a-rather-long-switch-name").len() == 1); // only spec.role
    // Names are checked for kinds without a schema too.
    assert_eq!(paths(&ok("Unknown", "Bad_Name")), ["metadata.name"]);
    // Namespaces: DNS-1123 labels; empty means `default`.
    assert!(validate("SwitchGroup", "g", "", &Value::Null).is_empty());
    assert!(validate("SwitchGroup", "g", "fab", &Value::Null).is_empty());
    for ns in ["Fab", "a.b", "-a", &"a".repeat(64)] {
        let p = validate("SwitchGroup", "g", ns, &Value::Null);
        assert_eq!(paths(&p), ["metadata.namespace"], "{ns}");
    }
}

#[test]
fn schema_conversion() {
    let schema = convert(&json!({
        "type": "object",
        "description": "dropped",
        "required": ["a", "d"],
        "properties": {
            "a": {"type": "string", "nullable": true, "enum": ["x"]},
            "b": {"x-kubernetes-int-or-string": true},
            "c": {"type": "object", "x-kubernetes-preserve-unknown-fields": true,
                  "properties": {"k": {"type": "integer"}}},
            "d": {"type": "integer", "default": 1, "format": "int32"},
            "default": {"type": "object", "properties": {}, "x-kubernetes-map-type": "atomic"}
        }
    }));
    assert_eq!(
        schema,
        json!({
            "type": "object",
            "required": ["a"],
            "additionalProperties": false,
            "properties": {
                "a": {"type": ["string", "null"], "enum": ["x", null]},
                "b": {"type": ["integer", "string"]},
                "c": {"type": "object", "properties": {"k": {"type": "integer"}}},
                "d": {"type": "integer", "format": "int32"},
                "default": {"type": "object", "properties": {}, "additionalProperties": false}
            }
        })
    );
}

#[test]
fn path_segments() {
    assert_eq!(key_segment("vpc-1"), ".vpc-1");
    assert_eq!(key_segment("ext.a"), "[\"ext.a\"]");
    assert_eq!(key_segment("1/55"), "[\"1/55\"]");
    assert_eq!(key_segment("a[0]"), "[\"a[0]\"]");
    assert_eq!(key_segment("q\""), "[\"q\\\"\"]");
    assert_eq!(key_segment(""), "[\"\"]");
}
