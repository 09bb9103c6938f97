//! IPv4Namespace: defaulting (subnets sorted) and admission (valid prefixes, at most 10, no
//! overlap among them). Reserved fabric subnets need the install-time configuration and are
//! not checked.

use serde::Deserialize;
use serde_json::Value;

use super::ip::{Prefix, overlapping_pairs};
use super::{Fabric, Order, Sink};

const MAX_SUBNETS: usize = 10;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Spec {
    pub subnets: Vec<String>,
}

/// `IPv4Namespace.Default()`: the subnets are sorted (as strings).
pub(super) fn default(spec: &mut Value, order: Order) {
    if order == Order::Sort
        && let Some(Value::Array(subnets)) = spec.get_mut("subnets")
        && subnets.iter().all(Value::is_string)
    {
        subnets.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    }
}

pub(super) fn check(_fabric: &Fabric<'_>, i: usize, spec: &Spec, sink: &mut Sink<'_>) {
    if spec.subnets.len() > MAX_SUBNETS {
        sink.error(
            i,
            "spec.subnets",
            format!(
                "too many subnets ({}), at most {MAX_SUBNETS}",
                spec.subnets.len()
            ),
        );
    }
    let mut parsed: Vec<(usize, Prefix)> = Vec::new();
    for (j, subnet) in spec.subnets.iter().enumerate() {
        match Prefix::parse(subnet) {
            Some(prefix) => parsed.push((j, prefix.masked())),
            None => sink.error(
                i,
                format!("spec.subnets[{j}]"),
                format!("{subnet:?} is not a valid CIDR"),
            ),
        }
    }
    let prefixes: Vec<Prefix> = parsed.iter().map(|(_, p)| *p).collect();
    for (a, b) in overlapping_pairs(&prefixes) {
        let (first, second) = if parsed[a].0 < parsed[b].0 {
            (a, b)
        } else {
            (b, a)
        };
        sink.error(
            i,
            format!("spec.subnets[{}]", parsed[second].0),
            format!(
                "{} overlaps {} (spec.subnets[{}])",
                spec.subnets[parsed[second].0], spec.subnets[parsed[first].0], parsed[first].0
            ),
        );
    }
}
