//! Offline admission: the defaulting and validation Hedgehog's webhooks apply to an object
//! (`Default()` then `Validate()` per kind in githedgehog/fabric `api/*/v1beta1/*_types.go` and
//! `pkg/ctrl/*_wh.go`), evaluated against a whole fabric given as a set of objects instead of a
//! cluster client. The rules are re-implemented from Hedgehog's code (Apache-2.0, see `NOTICE`).
//!
//! Differences from the webhooks, on purpose:
//! - every problem of an object is reported, not only the first one, each at its field path
//!   (`spec.subnets.default.gateway`);
//! - a conflict between two objects (overlapping subnets, a VLAN used twice, two attachments
//!   of one connection to the same subnet) is reported on both, each naming the other in
//!   [`Problem::related`]; what a webhook checks when the *other* object is updated (an
//!   IPv4Namespace that no longer holds a VPC's subnet) is reported on both as well;
//! - an object the cluster would create implicitly at install time (the `default`
//!   IPv4Namespace and VLANNamespace) that is missing from the files is a warning, not an error;
//! - rules that need the fabric's install-time configuration (reserved subnets and VLANs,
//!   VPC peering disabled, the fabric subnet, MTU and mode, ASN ranges, management, VTEP and
//!   protocol subnets) are not checked; Hedgehog's switch profile catalog is embedded
//!   ([`switchprofile`]) and SwitchProfile objects of the set add to it;
//! - a Switch that has none of `asn`, `ip` and `protocolIP` (a wiring diagram before `hhfab`
//!   hydrates it) gets a warning instead of three errors; MCLAG connections and switches are
//!   warned about as deprecated (as the webhook does) and not checked further.
//!
//! One file per kind: [`vpc`], [`ipv4namespace`], [`vlannamespace`], [`vpcattachment`],
//! [`vpcpeering`], [`external`], [`externalattachment`], [`externalpeering`], [`gateway`]
//! (with GatewayGroup), [`gatewaypeering`], [`switch`], [`connection`], [`switchprofile`]
//! (Server and SwitchGroup have only the name and namespace rules); [`ip`] holds address parsing with Go's `net/netip`
//! rules.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;

mod connection;
mod engine;
mod external;
mod externalattachment;
mod externalpeering;
mod gateway;
mod gatewaypeering;
pub mod ip;
mod ipv4namespace;
mod switch;
pub mod switchprofile;
mod update;
mod vlannamespace;
mod vpc;
mod vpcattachment;
mod vpcpeering;

pub use update::check_update;

use engine::{Fabric, Prepared, Sink, Typed, parse_typed};
pub(crate) use engine::{drop_in_background, parallel_map};

/// Kinds whose Hedgehog defaulting and admission rules are implemented here.
pub const COVERED_KINDS: [&str; 16] = [
    "VPC",
    "IPv4Namespace",
    "VLANNamespace",
    "VPCAttachment",
    "VPCPeering",
    "External",
    "ExternalAttachment",
    "ExternalPeering",
    "Gateway",
    "GatewayGroup",
    "GatewayPeering",
    "Switch",
    "Server",
    "SwitchGroup",
    "Connection",
    "SwitchProfile",
];

/// Kinds the rules read besides the object being checked (its namespaces, the VPCs, subnets,
/// connections and switches it refers to, the other objects it may conflict with). To check
/// one object of a covered kind against a fabric, objects of these kinds are enough.
pub const CONTEXT_KINDS: [&str; 16] = [
    "VPC",
    "IPv4Namespace",
    "VLANNamespace",
    "VPCAttachment",
    "VPCPeering",
    "Connection",
    "Switch",
    "External",
    "ExternalAttachment",
    "ExternalPeering",
    "Gateway",
    "GatewayGroup",
    "GatewayPeering",
    "Server",
    "SwitchGroup",
    "SwitchProfile",
];

/// The errors among `problems` as field problems (`{path, message}`), warnings left out. A
/// problem about another object (a conflict, a failed reference) names that object in the
/// message when the message does not already.
pub fn field_errors(problems: &[Problem]) -> Vec<crate::error::Problem> {
    problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| {
            let mut message = p.message.clone();
            if let Some((kind, name)) = &p.related
                && !message.contains(name.as_str())
            {
                message.push_str(&format!(" ({kind} {name})"));
            }
            crate::error::Problem {
                path: p.path.clone(),
                message,
            }
        })
        .collect()
}

/// One object of the fabric as written (before defaulting).
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    pub kind: String,
    pub api_version: String,
    /// `metadata.namespace`; empty means `default`.
    pub namespace: String,
    pub name: String,
    /// `spec` (`Null` when absent).
    pub spec: Value,
    /// `metadata.annotations` (string values only).
    pub annotations: BTreeMap<String, String>,
    /// Where the object was read from, when known.
    pub source: Option<Source>,
}

impl Object {
    /// An object from one parsed document (`apiVersion`, `kind`, `metadata`, `spec`);
    /// `None` when the document has no string `kind`, `apiVersion` or `metadata.name`.
    pub fn from_document(document: &Value, source: Option<Source>) -> Option<Self> {
        let str_at = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
        let metadata = document.get("metadata").unwrap_or(&Value::Null);
        let annotations = Self::annotations_of(metadata.get("annotations"));
        Some(Self {
            kind: str_at(document, "kind")?,
            api_version: str_at(document, "apiVersion")?,
            namespace: str_at(metadata, "namespace").unwrap_or_default(),
            name: str_at(metadata, "name")?,
            spec: document.get("spec").cloned().unwrap_or(Value::Null),
            annotations,
            source,
        })
    }

    /// The string-valued entries of a `metadata.annotations` mapping (others are ignored).
    pub fn annotations_of(value: Option<&Value>) -> BTreeMap<String, String> {
        value
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn namespace(&self) -> &str {
        if self.namespace.is_empty() {
            "default"
        } else {
            &self.namespace
        }
    }
}

/// A file path and the 1-based line where the object's document starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub path: String,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem of one object: the field `path` (`spec.subnets.default.gateway`,
/// `metadata.name`, `spec` for the whole spec) and a message; `related` names the other
/// object of a conflict or a failed reference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub kind: String,
    pub name: String,
    pub path: String,
    pub message: String,
    pub related: Option<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Also validate every managed kind against its CRD schema and the name rules
    /// ([`crate::hedgehog::validate::validate`]), as the API server does before the webhooks run.
    pub schema: bool,
    /// Severity of a reference to an object that is not in the set at all (a VPC, Connection,
    /// Switch, relay VPC or non-default namespace "not found"). `Error` when the set is the
    /// whole fabric (`hnp validate`); `Warning` when it is what HNP knows of a fabric whose
    /// cluster may hold more (drafts, write-back, ingestion). A reference to an object that
    /// exists but lacks what is referred to (a subnet of a VPC) is always an error.
    pub missing: Severity,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            schema: true,
            missing: Severity::Error,
        }
    }
}

impl Options {
    /// Checking what HNP knows of a fabric (its database): references to objects it does not
    /// know are warnings (see [`Options::missing`]); `schema` as given.
    pub fn known_fabric(schema: bool) -> Self {
        Self {
            schema,
            missing: Severity::Warning,
        }
    }
}

/// Whether objects of this `apiVersion`/`kind` are checked: the managed kinds
/// ([`crate::hedgehog::kinds::lookup`]) and SwitchProfile, which HNP does not sync (Hedgehog installs its
/// catalog) but which a fabric's files may define and switches may name.
pub fn admitted(api_version: &str, kind: &str) -> bool {
    crate::hedgehog::kinds::lookup(api_version, kind).is_some()
        || (kind == "SwitchProfile" && api_version == "wiring.githedgehog.com/v1beta1")
}

/// Hedgehog's `Default()` of `kind` applied to a copy of `spec` (kinds not covered are
/// returned unchanged). Idempotent.
pub fn default_spec(kind: &str, spec: &Value) -> Value {
    default_with(kind, spec, Order::Sort)
}

/// Whether defaulting sorts lists as Hedgehog does. Checks skip the sorting so that list
/// indexes in problem paths are those of the object as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    Sort,
    AsWritten,
}

fn default_with(kind: &str, spec: &Value, order: Order) -> Value {
    let mut spec = spec.clone();
    match kind {
        "VPC" => vpc::default(&mut spec, order),
        "IPv4Namespace" => ipv4namespace::default(&mut spec, order),
        "VLANNamespace" => vlannamespace::default(&mut spec, order),
        "VPCAttachment" => vpcattachment::default(&mut spec),
        "Switch" => switch::default(&mut spec, order),
        "External" => external::default(&mut spec),
        "ExternalPeering" => externalpeering::default(&mut spec, order),
        "Gateway" => gateway::default(&mut spec, order),
        "GatewayPeering" => gatewaypeering::default(&mut spec),
        _ => {}
    }
    spec
}

/// Checks every object against the others as one fabric. Returns the problems of each object,
/// in the order of `objects`, each list sorted by path. Objects whose `apiVersion`/`kind` is not
/// a managed kind ([`crate::hedgehog::kinds::lookup`]) get no problems.
pub fn check(objects: &[Object], options: &Options) -> Vec<Vec<Problem>> {
    check_selected(objects, options, &|_| true)
}

/// [`check`], with the schema and name rules ([`Options::schema`]) applied only to the objects
/// `schema(index)` selects: the others are known to pass them (their text is unchanged since a
/// check found no error in them). Cross-object rules still see every object.
pub fn check_selected(
    objects: &[Object],
    options: &Options,
    schema: &(dyn Fn(usize) -> bool + Sync),
) -> Vec<Vec<Problem>> {
    let mut sink = Sink {
        objects,
        out: vec![Vec::new(); objects.len()],
        missing: options.missing,
    };
    // Per object, independent of the others (on all cores): defaulting, schema, typed form.
    let indexed: Vec<(usize, &Object)> = objects.iter().enumerate().collect();
    let prepared = parallel_map(256, &indexed, |&(index, object)| {
        let managed = admitted(&object.api_version, &object.kind);
        if !managed {
            return Prepared {
                managed,
                spec: Value::Null,
                schema: Vec::new(),
                parsed: Ok(Typed::None),
            };
        }
        // The API server validates the schema after the mutating webhooks ran: check the
        // defaulted spec (a DHCP `options` without `leaseTimeSeconds` is admitted).
        let spec = default_with(&object.kind, &object.spec, Order::AsWritten);
        let schema = if options.schema && schema(index) {
            crate::hedgehog::validate::validate(
                &object.kind,
                &object.name,
                &object.namespace,
                &spec,
            )
        } else {
            Vec::new()
        };
        let parsed = parse_typed(&object.kind, &spec).map_err(|e| e.to_string());
        Prepared {
            managed,
            spec,
            schema,
            parsed,
        }
    });
    let mut specs = Vec::with_capacity(objects.len());
    let mut typed = Vec::with_capacity(objects.len());
    let mut index: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
    for (i, (object, prepared)) in objects.iter().zip(prepared).enumerate() {
        let readable = prepared.schema.is_empty();
        for problem in prepared.schema {
            sink.error(i, problem.path, problem.message);
        }
        let parsed = if prepared.managed {
            index
                .entry((
                    object.kind.as_str(),
                    object.namespace(),
                    object.name.as_str(),
                ))
                .or_default()
                .push(i);
            // A Gateway of a wiring diagram before hydration lives in hhfab's namespace.
            let unhydrated_gateway =
                object.kind == "Gateway" && gateway::unhydrated(&prepared.spec);
            if COVERED_KINDS.contains(&object.kind.as_str())
                && object.namespace() != "default"
                && !unhydrated_gateway
            {
                sink.error(
                    i,
                    "metadata.namespace",
                    "only the default namespace is supported",
                );
            }
            match prepared.parsed {
                Ok(parsed) => parsed,
                Err(e) => {
                    if readable {
                        sink.error(i, "spec", format!("cannot be read: {e}"));
                    }
                    Typed::None
                }
            }
        } else {
            Typed::None
        };
        specs.push(prepared.spec);
        typed.push(parsed);
    }
    for list in index.values().filter(|list| list.len() > 1) {
        for &i in list {
            for &other in list.iter().filter(|&&other| other != i) {
                let at = objects[other]
                    .source
                    .as_ref()
                    .map(|s| format!(" (also at {}:{})", s.path, s.line))
                    .unwrap_or_default();
                sink.error_related(
                    i,
                    "metadata.name",
                    format!(
                        "{} {} is defined more than once{at}",
                        objects[i].kind, objects[i].name
                    ),
                    other,
                );
            }
        }
    }
    let fabric = Fabric {
        objects,
        specs,
        typed,
        index,
    };
    for i in 0..objects.len() {
        match &fabric.typed[i] {
            Typed::Vpc(spec) => vpc::check(&fabric, i, spec, &mut sink),
            Typed::Ipv4Namespace(spec) => ipv4namespace::check(&fabric, i, spec, &mut sink),
            Typed::VlanNamespace(spec) => vlannamespace::check(&fabric, i, spec, &mut sink),
            Typed::VpcAttachment(spec) => vpcattachment::check(&fabric, i, spec, &mut sink),
            Typed::VpcPeering(spec) => vpcpeering::check(&fabric, i, spec, &mut sink),
            Typed::External(spec) => external::check(&fabric, i, spec, &mut sink),
            Typed::ExternalAttachment(spec) => {
                externalattachment::check(&fabric, i, spec, &mut sink)
            }
            Typed::ExternalPeering(spec) => externalpeering::check(&fabric, i, spec, &mut sink),
            Typed::Gateway(spec) => gateway::check(&fabric, i, spec, &mut sink),
            Typed::GatewayPeering(spec) => gatewaypeering::check(&fabric, i, spec, &mut sink),
            Typed::Switch(spec) => switch::check(&fabric, i, spec, &mut sink),
            Typed::Connection(spec) => connection::check(&fabric, i, spec, &mut sink),
            Typed::SwitchProfile(spec) => switchprofile::check(&fabric, i, spec, &mut sink),
            Typed::None => {}
        }
    }
    vpc::check_fabric(&fabric, &mut sink);
    switch::check_fabric(&fabric, &mut sink);
    connection::check_fabric(&fabric, &mut sink);
    vpcattachment::check_fabric(&fabric, &mut sink);
    externalattachment::check_fabric(&fabric, &mut sink);
    gateway::check_fabric(&fabric, &mut sink);
    gatewaypeering::check_fabric(&fabric, &mut sink);
    // Freeing tens of thousands of defaulted specs took about as long as the checks across
    // objects; the caller needs not wait for it (a thread costs more than a small fabric).
    let Fabric { specs, typed, .. } = fabric;
    if specs.len() >= BACKGROUND_DROP {
        engine::drop_in_background((specs, typed));
    }
    let mut out = sink.out;
    for problems in &mut out {
        problems.sort_by(|a, b| {
            (a.severity, &a.path, &a.message).cmp(&(b.severity, &b.path, &b.message))
        });
        problems.dedup();
    }
    out
}

/// Objects from which [`check_selected`] frees its working set on another thread.
const BACKGROUND_DROP: usize = 1000;

/// One path segment for a map key: `.key`, or `["key"]` when the key has dots, slashes,
/// brackets, quotes or spaces (same syntax as [`crate::hedgehog::validate`]).
fn key(key: &str) -> String {
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
mod external_tests;
#[cfg(test)]
mod samples_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod wiring_tests;
