//! Schema and name validation of Hedgehog custom resources, plus (re-exported from the
//! `references` module) extraction of the references one object makes to others.
//!
//! The schemas are the real Hedgehog CRDs (Apache-2.0, see `fixtures/hedgehog/NOTICE.md`),
//! embedded at build time. Each CRD's `openAPIV3Schema.properties.spec` is converted from an
//! OpenAPI v3 structural schema to a JSON Schema (draft 4, whose keywords OpenAPI v3.0 uses,
//! e.g. boolean `exclusiveMinimum`) and compiled once, lazily, per kind.
//!
//! Conversion rules:
//! - `nullable: true` adds `null` to the allowed types (and to `enum`, if any).
//! - `x-kubernetes-*` keys are dropped; `x-kubernetes-preserve-unknown-fields: true` (and
//!   `x-kubernetes-embedded-resource`) leave the object open, `x-kubernetes-int-or-string:
//!   true` becomes `type: [integer, string]`.
//! - `description`, `example` and similar annotations are dropped; unknown `format`s (such as
//!   `int32`) are ignored.
//! - **Unknown fields are errors.** The API server silently *prunes* fields that a structural
//!   schema does not declare, so a typo such as `spec.subnetz` would be lost without a word.
//!   To catch it, every schema node that declares `properties`, has no `additionalProperties`
//!   and does not preserve unknown fields gets `additionalProperties: false`. Objects declared
//!   without `properties` (e.g. `SwitchGroup.spec`) stay open.
//! - Like the API server, a `null` value of a field that is not `nullable` is treated as if the
//!   field were absent (Kubernetes prunes such nulls before validation), so `switch:` with no
//!   value in YAML is fine, while a required field set to `null` is still reported.
//!
//! Only `spec` is schema-validated; of `metadata`, only the name and namespace rules apply.

use std::borrow::Cow;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use serde_json::{Map, Value};

pub use super::references::{Reference, references};

/// Embeds one CRD file. The directory is named only here: when the module moves to
/// `core/src/validate.rs` this becomes `"../../fixtures/hedgehog/crds/"`.
macro_rules! crd {
    ($file:literal) => {
        include_str!(concat!("../../../../fixtures/hedgehog/crds/", $file))
    };
}

/// The embedded CRDs: `(kind, apiVersion, CRD YAML)`, one entry per CRD file.
const CRDS: [(&str, &str, &str); 17] = [
    (
        "GatewayGroup",
        "gateway.githedgehog.com/v1alpha1",
        crd!("gateway.githedgehog.com_gatewaygroups.yaml"),
    ),
    (
        "GatewayPeering",
        "gateway.githedgehog.com/v1alpha1",
        crd!("gateway.githedgehog.com_gatewaypeerings.yaml"),
    ),
    (
        "Gateway",
        "gateway.githedgehog.com/v1alpha1",
        crd!("gateway.githedgehog.com_gateways.yaml"),
    ),
    (
        "ExternalAttachment",
        "vpc.githedgehog.com/v1beta1",
        crd!("vpc.githedgehog.com_externalattachments.yaml"),
    ),
    (
        "ExternalPeering",
        "vpc.githedgehog.com/v1beta1",
        crd!("vpc.githedgehog.com_externalpeerings.yaml"),
    ),
    (
        "External",
        "vpc.githedgehog.com/v1beta1",
        crd!("vpc.githedgehog.com_externals.yaml"),
    ),
    (
        "IPv4Namespace",
        "vpc.githedgehog.com/v1beta1",
        crd!("vpc.githedgehog.com_ipv4namespaces.yaml"),
    ),
    (
        "VPCAttachment",
        "vpc.githedgehog.com/v1beta1",
        crd!("vpc.githedgehog.com_vpcattachments.yaml"),
    ),
    (
        "VPCPeering",
        "vpc.githedgehog.com/v1beta1",
        crd!("vpc.githedgehog.com_vpcpeerings.yaml"),
    ),
    (
        "VPC",
        "vpc.githedgehog.com/v1beta1",
        crd!("vpc.githedgehog.com_vpcs.yaml"),
    ),
    (
        "Connection",
        "wiring.githedgehog.com/v1beta1",
        crd!("wiring.githedgehog.com_connections.yaml"),
    ),
    (
        "ServerProfile",
        "wiring.githedgehog.com/v1beta1",
        crd!("wiring.githedgehog.com_serverprofiles.yaml"),
    ),
    (
        "Server",
        "wiring.githedgehog.com/v1beta1",
        crd!("wiring.githedgehog.com_servers.yaml"),
    ),
    (
        "Switch",
        "wiring.githedgehog.com/v1beta1",
        crd!("wiring.githedgehog.com_switches.yaml"),
    ),
    (
        "SwitchGroup",
        "wiring.githedgehog.com/v1beta1",
        crd!("wiring.githedgehog.com_switchgroups.yaml"),
    ),
    (
        "SwitchProfile",
        "wiring.githedgehog.com/v1beta1",
        crd!("wiring.githedgehog.com_switchprofiles.yaml"),
    ),
    (
        "VLANNamespace",
        "wiring.githedgehog.com/v1beta1",
        crd!("wiring.githedgehog.com_vlannamespaces.yaml"),
    ),
];

/// Kinds whose names Hedgehog limits beyond the DNS-1123 rules, with the limit.
///
/// Source: githedgehog/fabric at 78827debafabbd0fafc6f6abd154a89da7fb69da (the commit the
/// embedded CRDs come from), admission webhooks rejecting with "name %s is too long, must be
/// <= 11 characters": `api/vpc/v1beta1/vpc_types.go` (`VPC.Validate`),
/// `api/vpc/v1beta1/external_types.go` (`External.Validate`) and
/// `api/vpc/v1beta1/ipv4namespace_types.go` (`IPv4Namespace.Validate`). No other kind has a
/// documented name-length limit there, so none is applied.
const NAME_LIMITS: [(&str, usize); 3] = [("VPC", 11), ("External", 11), ("IPv4Namespace", 11)];

/// One validation problem: a dotted path (`spec.role`, `spec.subnets.default.vlan`,
/// `spec.peering["ext.name"]`, `spec.links[0].port`, `metadata.name`) and a message.
pub use crate::error::Problem;

impl Problem {
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// Schema + name validation of one object; errors only, sorted by path.
///
/// - `metadata.name` must be a DNS-1123 subdomain (and at most 11 characters for `VPC`,
///   `External` and `IPv4Namespace`, as Hedgehog's webhooks require).
/// - `metadata.namespace` must be a DNS-1123 label; an empty namespace counts as `default`.
/// - `spec` is validated against the kind's CRD schema when [`has_schema`] is true (otherwise
///   only the name rules apply); a `null` spec counts as `{}`. Unknown fields are reported
///   (see the module documentation).
pub fn validate(kind: &str, name: &str, namespace: &str, spec: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_name(kind, name, &mut problems);
    check_namespace(namespace, &mut problems);
    if let Some(index) = crd_index(kind) {
        match compiled(index) {
            Ok(schema) => check_spec(schema, spec, &mut problems),
            Err(e) => problems.push(Problem::new(
                "spec",
                format!("the {kind} schema could not be loaded: {e}"),
            )),
        }
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.message.cmp(&b.message)));
    problems.dedup();
    problems
}

/// Kinds with an embedded schema.
pub fn has_schema(kind: &str) -> bool {
    crd_index(kind).is_some()
}

// ---------------------------------------------------------------------------------------------
// Names

fn check_name(kind: &str, name: &str, problems: &mut Vec<Problem>) {
    const PATH: &str = "metadata.name";
    if name.is_empty() {
        problems.push(Problem::new(PATH, "is required"));
        return;
    }
    if name.len() > 253 {
        problems.push(Problem::new(PATH, "must be at most 253 characters"));
    } else if !name.split('.').all(is_dns1123_label_chars) {
        problems.push(Problem::new(
            PATH,
            "must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', \
             starting and ending with a letter or digit",
        ));
    }
    if let Some((_, limit)) = NAME_LIMITS.iter().find(|(k, _)| *k == kind)
        && name.chars().count() > *limit
    {
        problems.push(Problem::new(
            PATH,
            format!("must be at most {limit} characters (Hedgehog limit for {kind} names)"),
        ));
    }
}

fn check_namespace(namespace: &str, problems: &mut Vec<Problem>) {
    if namespace.is_empty() {
        return; // defaults to `default`
    }
    if namespace.len() > 63 || !is_dns1123_label_chars(namespace) {
        problems.push(Problem::new(
            "metadata.namespace",
            "must be a lowercase RFC 1123 label: at most 63 lowercase letters, digits and '-', \
             starting and ending with a letter or digit",
        ));
    }
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?` (length is checked by the caller).
fn is_dns1123_label_chars(s: &str) -> bool {
    let b = s.as_bytes();
    let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            alnum(first) && alnum(last) && b.iter().all(|c| alnum(c) || *c == b'-')
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Schemas

struct Compiled {
    /// The converted JSON Schema of `spec`, used to decide which nulls to prune.
    schema: Value,
    validator: jsonschema::Validator,
}

static COMPILED: [OnceLock<Result<Compiled, String>>; CRDS.len()] =
    [const { OnceLock::new() }; CRDS.len()];

fn crd_index(kind: &str) -> Option<usize> {
    CRDS.iter().position(|(k, _, _)| *k == kind)
}

fn compiled(index: usize) -> Result<&'static Compiled, &'static str> {
    COMPILED[index]
        .get_or_init(|| compile(CRDS[index].2))
        .as_ref()
        .map_err(String::as_str)
}

fn compile(crd_yaml: &str) -> Result<Compiled, String> {
    let schema = spec_schema(crd_yaml)?;
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(true)
        .build(&schema)
        .map_err(|e| format!("invalid schema: {e}"))?;
    Ok(Compiled { schema, validator })
}

/// The converted JSON Schema for `spec` of the served storage version of a CRD.
fn spec_schema(crd_yaml: &str) -> Result<Value, String> {
    let crd: Value =
        serde_saphyr::from_str(crd_yaml).map_err(|e| format!("invalid CRD YAML: {e}"))?;
    let versions = array(crd.pointer("/spec/versions"));
    let version = versions
        .iter()
        .find(|v| v["storage"] == Value::Bool(true) && v["served"] == Value::Bool(true))
        .or_else(|| versions.iter().find(|v| v["served"] == Value::Bool(true)))
        .ok_or("CRD has no served version")?;
    let spec = version
        .pointer("/schema/openAPIV3Schema/properties/spec")
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    Ok(convert(&spec))
}

/// Converts one OpenAPI v3 structural schema node to JSON Schema (see the module docs).
fn convert(node: &Value) -> Value {
    let Some(src) = node.as_object() else {
        return node.clone();
    };
    let flag = |key: &str| src.get(key) == Some(&Value::Bool(true));
    let preserve =
        flag("x-kubernetes-preserve-unknown-fields") || flag("x-kubernetes-embedded-resource");
    let mut out = Map::new();
    for (key, value) in src {
        match key.as_str() {
            "properties" | "patternProperties" | "definitions" => {
                let children = value.as_object().map(|m| {
                    m.iter()
                        .map(|(name, child)| (name.clone(), convert(child)))
                        .collect::<Map<_, _>>()
                });
                out.insert(key.clone(), children.map_or(Value::Null, Value::Object));
            }
            "items" => {
                let converted = match value {
                    Value::Array(items) => Value::Array(items.iter().map(convert).collect()),
                    other => convert(other),
                };
                out.insert(key.clone(), converted);
            }
            "additionalProperties" | "additionalItems" | "not" => {
                out.insert(key.clone(), convert(value));
            }
            "allOf" | "anyOf" | "oneOf" => {
                out.insert(
                    key.clone(),
                    Value::Array(array(Some(value)).iter().map(convert).collect()),
                );
            }
            "description" | "example" | "externalDocs" | "title" | "nullable" | "default" => {}
            k if k.starts_with("x-kubernetes-") => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    // The API server applies defaults before validating, so a defaulted field is never missing.
    if let (Some(Value::Array(required)), Some(Value::Object(props))) =
        (out.get("required"), src.get("properties"))
    {
        let kept: Vec<Value> = required
            .iter()
            .filter(|r| {
                r.as_str()
                    .and_then(|name| props.get(name))
                    .is_none_or(|p| p.get("default").is_none())
            })
            .cloned()
            .collect();
        if kept.is_empty() {
            out.remove("required");
        } else {
            out.insert("required".into(), Value::Array(kept));
        }
    }
    if flag("x-kubernetes-int-or-string") {
        out.insert("type".into(), serde_json::json!(["integer", "string"]));
    }
    if preserve {
        out.remove("additionalProperties");
    } else if out.contains_key("properties") && !out.contains_key("additionalProperties") {
        out.insert("additionalProperties".into(), Value::Bool(false));
    }
    if flag("nullable") {
        match out.get_mut("type") {
            Some(Value::String(t)) => {
                let t = std::mem::take(t);
                out.insert("type".into(), serde_json::json!([t, "null"]));
            }
            Some(Value::Array(types)) => types.push("null".into()),
            _ => {}
        }
        if let Some(Value::Array(options)) = out.get_mut("enum") {
            options.push(Value::Null);
        }
    }
    Value::Object(out)
}

fn check_spec(compiled: &Compiled, spec: &Value, problems: &mut Vec<Problem>) {
    let empty = Value::Object(Map::new());
    let spec = if spec.is_null() { &empty } else { spec };
    let instance = prune_nulls(&compiled.schema, spec);
    for error in compiled.validator.iter_errors(&instance) {
        let mut path = String::from("spec");
        for segment in error.instance_path().segments() {
            match segment {
                LocationSegment::Property(p) => path.push_str(&key_segment(&p)),
                LocationSegment::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        push_problems(&path, error.kind(), || error.to_string(), problems);
    }
}

fn push_problems(
    path: &str,
    kind: &ValidationErrorKind,
    fallback: impl FnOnce() -> String,
    problems: &mut Vec<Problem>,
) {
    let message = match kind {
        ValidationErrorKind::Enum { options } => {
            let options = array(Some(options)).iter().map(show).collect::<Vec<_>>();
            format!("must be one of {}", options.join(", "))
        }
        ValidationErrorKind::Type { kind } => {
            let names: Vec<&str> = match kind {
                TypeKind::Single(t) => vec![type_name(&t.to_string())],
                TypeKind::Multiple(set) => set.iter().map(|t| type_name(&t.to_string())).collect(),
            };
            format!("must be {}", names.join(" or "))
        }
        ValidationErrorKind::Required { property } => {
            let field = property
                .as_str()
                .map_or_else(|| show(property), str::to_owned);
            problems.push(Problem::new(
                format!("{path}{}", key_segment(&field)),
                "is required",
            ));
            return;
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for field in unexpected {
                problems.push(Problem::new(
                    format!("{path}{}", key_segment(field)),
                    "unknown field",
                ));
            }
            return;
        }
        ValidationErrorKind::Minimum { limit } => format!("must be at least {limit}"),
        ValidationErrorKind::Maximum { limit } => format!("must be at most {limit}"),
        ValidationErrorKind::ExclusiveMinimum { limit } => format!("must be greater than {limit}"),
        ValidationErrorKind::ExclusiveMaximum { limit } => format!("must be less than {limit}"),
        ValidationErrorKind::Pattern { pattern } => format!("must match {pattern}"),
        ValidationErrorKind::MinLength { limit } => format!("must be at least {limit} characters"),
        ValidationErrorKind::MaxLength { limit } => format!("must be at most {limit} characters"),
        ValidationErrorKind::MinItems { limit } => format!("must have at least {limit} items"),
        ValidationErrorKind::MaxItems { limit } => format!("must have at most {limit} items"),
        ValidationErrorKind::MinProperties { limit } => {
            format!("must have at least {limit} entries")
        }
        ValidationErrorKind::MaxProperties { limit } => {
            format!("must have at most {limit} entries")
        }
        ValidationErrorKind::UniqueItems => "must not contain duplicate items".to_owned(),
        ValidationErrorKind::Format { format } => format!("must be a valid {format}"),
        _ => fallback(),
    };
    problems.push(Problem::new(path, message));
}

fn type_name(json_type: &str) -> &'static str {
    match json_type {
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "a boolean",
        "object" => "an object",
        "array" => "an array",
        "null" => "null",
        _ => "of another type",
    }
}

/// An enum option as shown to people: strings bare (empty string as `""`), others as JSON.
fn show(v: &Value) -> String {
    match v {
        Value::String(s) if !s.is_empty() => s.clone(),
        other => other.to_string(),
    }
}

/// Drops `null` object fields whose schema does not allow `null` (as the API server does),
/// recursing through `properties`, `additionalProperties` and `items`. Borrows when there is
/// nothing to drop.
fn prune_nulls<'a>(schema: &Value, value: &'a Value) -> Cow<'a, Value> {
    match value {
        Value::Object(map) => {
            let mut out: Option<Map<String, Value>> = None;
            for (i, (key, child)) in map.iter().enumerate() {
                let child_schema = schema
                    .get("properties")
                    .and_then(|p| p.get(key))
                    .or_else(|| schema.get("additionalProperties").filter(|s| s.is_object()));
                let replacement = match (child, child_schema) {
                    (Value::Null, Some(s)) if !allows_null(s) => None,
                    (_, Some(s)) => Some(prune_nulls(s, child)),
                    (_, None) => Some(Cow::Borrowed(child)),
                };
                let changed = !matches!(replacement, Some(Cow::Borrowed(_)));
                if changed && out.is_none() {
                    out = Some(
                        map.iter()
                            .take(i)
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                    );
                }
                if let Some(out) = out.as_mut()
                    && let Some(v) = replacement
                {
                    out.insert(key.clone(), v.into_owned());
                }
            }
            out.map_or(Cow::Borrowed(value), |m| Cow::Owned(Value::Object(m)))
        }
        Value::Array(items) => match schema.get("items").filter(|s| s.is_object()) {
            Some(item_schema) => {
                let pruned: Vec<_> = items.iter().map(|v| prune_nulls(item_schema, v)).collect();
                if pruned.iter().all(|v| matches!(v, Cow::Borrowed(_))) {
                    Cow::Borrowed(value)
                } else {
                    Cow::Owned(Value::Array(
                        pruned.into_iter().map(Cow::into_owned).collect(),
                    ))
                }
            }
            None => Cow::Borrowed(value),
        },
        _ => Cow::Borrowed(value),
    }
}

fn allows_null(schema: &Value) -> bool {
    match schema.get("type") {
        None => true,
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
        Some(_) => false,
    }
}

// Path helpers (shared with `references`)

pub(super) fn array(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// One path step for a map key: `.key`, or `["key"]` when the key is empty or contains
/// characters that would make the dotted form ambiguous.
pub(super) fn key_segment(key: &str) -> String {
    let plain = !key.is_empty()
        && !key
            .chars()
            .any(|c| matches!(c, '.' | '/' | '[' | ']' | '"' | '\\') || c.is_whitespace());
    if plain {
        format!(".{key}")
    } else {
        format!("[{}]", Value::String(key.to_owned()))
    }
}

#[cfg(test)]
mod tests;
