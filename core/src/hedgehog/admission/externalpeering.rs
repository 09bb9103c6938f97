//! ExternalPeering: defaulting (VPC subnets and external prefixes sorted) and admission (VPC
//! and external names given, no empty prefix; against the fabric: the VPC and the External
//! exist, share their IPv4Namespace, and the permitted subnets exist in the VPC). Hedgehog does
//! not parse the permitted prefixes nor match them against the External, so neither does this.

use serde::Deserialize;
use serde_json::Value;

use super::{Fabric, Order, Sink, Typed};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Spec {
    pub permit: Permit,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Permit {
    pub vpc: VpcSide,
    pub external: ExternalSide,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct VpcSide {
    pub name: String,
    pub subnets: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ExternalSide {
    pub name: String,
    pub prefixes: Vec<PermitPrefix>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PermitPrefix {
    pub prefix: String,
}

/// `ExternalPeering.Default()`: `permit.vpc.subnets` sorted, `permit.external.prefixes` sorted
/// by `prefix` (as strings; only when sorting, see [`Order`]).
pub(super) fn default(spec: &mut Value, order: Order) {
    if order != Order::Sort {
        return;
    }
    if let Some(Value::Array(subnets)) = spec.pointer_mut("/permit/vpc/subnets")
        && subnets.iter().all(Value::is_string)
    {
        subnets.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    }
    if let Some(Value::Array(prefixes)) = spec.pointer_mut("/permit/external/prefixes") {
        let prefix = |v: &Value| {
            v.get("prefix")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        prefixes.sort_by_key(prefix);
    }
}

pub(super) fn check(fabric: &Fabric<'_>, i: usize, spec: &Spec, sink: &mut Sink<'_>) {
    let permit = &spec.permit;
    if permit.vpc.name.is_empty() {
        sink.error(i, "spec.permit.vpc.name", "vpc.name is required");
    }
    if permit.external.name.is_empty() {
        sink.error(i, "spec.permit.external.name", "external.name is required");
    }
    for (j, prefix) in permit.external.prefixes.iter().enumerate() {
        if prefix.prefix.is_empty() {
            sink.error(
                i,
                format!("spec.permit.external.prefixes[{j}].prefix"),
                "prefix is required",
            );
        }
    }

    let mut vpc = None;
    if !permit.vpc.name.is_empty() {
        match fabric.find(i, "VPC", &permit.vpc.name) {
            None => sink.missing(
                i,
                "spec.permit.vpc.name",
                format!("VPC {} not found", permit.vpc.name),
            ),
            Some(found) => vpc = Some(found),
        }
    }
    let mut external = None;
    if !permit.external.name.is_empty() {
        match fabric.find(i, "External", &permit.external.name) {
            None => sink.missing(
                i,
                "spec.permit.external.name",
                format!("External {} not found", permit.external.name),
            ),
            Some(found) => external = Some(found),
        }
    }
    let vpc_spec = vpc.and_then(|v| fabric.vpc(v).map(|spec| (v, spec)));
    if let Some((v, vpc_spec)) = vpc_spec {
        for (k, subnet) in permit.vpc.subnets.iter().enumerate() {
            if !vpc_spec.subnets.contains_key(subnet) {
                sink.error_related(
                    i,
                    format!("spec.permit.vpc.subnets[{k}]"),
                    format!("subnet {subnet} not found in VPC {}", permit.vpc.name),
                    v,
                );
            }
        }
    }
    if let (Some((_, vpc_spec)), Some(ext)) = (vpc_spec, external)
        && let Typed::External(ext_spec) = &fabric.typed[ext]
        && vpc_spec.ipv4_namespace != ext_spec.ipv4_namespace
    {
        sink.error_related(
            i,
            "spec.permit.external.name",
            format!(
                "VPC {} is in IPv4Namespace {}, External {} in {}: they must be the same",
                permit.vpc.name,
                vpc_spec.ipv4_namespace,
                permit.external.name,
                ext_spec.ipv4_namespace
            ),
            ext,
        );
    }
}
