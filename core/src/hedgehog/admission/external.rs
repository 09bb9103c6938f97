//! External: defaulting (`ipv4Namespace` → `default`) and admission (a BGP external's inbound
//! and outbound communities are `ASN:value` with both parts 0–65535; a static external has no
//! communities and at least one valid prefix, none overlapping another; against the fabric: the
//! IPv4Namespace exists). The name limit (11 characters) is a name rule of
//! [`crate::hedgehog::validate`]. Hedgehog does not require communities to be unique between Externals,
//! so neither does this.

use serde::Deserialize;
use serde_json::{Value, json};

use super::ip::{Prefix, overlapping_pairs};
use super::{Fabric, Sink};

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Spec {
    pub ipv4_namespace: String,
    pub inbound_community: String,
    pub outbound_community: String,
    #[serde(rename = "static")]
    pub statics: Option<Static>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Static {
    pub prefixes: Vec<String>,
}

impl Spec {
    pub(super) fn is_static(&self) -> bool {
        self.statics.is_some()
    }
}

/// `External.Default()`: an empty `ipv4Namespace` becomes `default`.
pub(super) fn default(spec: &mut Value) {
    if let Some(spec) = spec.as_object_mut() {
        let empty = match spec.get("ipv4Namespace") {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.is_empty(),
            _ => false,
        };
        if empty {
            spec.insert("ipv4Namespace".into(), json!("default"));
        }
    }
}

/// A BGP community `ASN:value`, each part a decimal 0–65535 without leading zeros.
pub(super) fn is_community(text: &str) -> bool {
    let part = |p: &str| {
        !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && (p == "0" || !p.starts_with('0'))
            && p.parse::<u32>().is_ok_and(|n| n <= 65535)
    };
    matches!(text.split_once(':'), Some((a, b)) if part(a) && part(b))
}

pub(super) fn check(fabric: &Fabric<'_>, i: usize, spec: &Spec, sink: &mut Sink<'_>) {
    // Default() fills an empty ipv4Namespace: Hedgehog's "IPv4Namespace is required" cannot fire.
    match &spec.statics {
        None => {
            for (field, value) in [
                ("inboundCommunity", &spec.inbound_community),
                ("outboundCommunity", &spec.outbound_community),
            ] {
                if !value.is_empty() && !is_community(value) {
                    sink.error(
                        i,
                        format!("spec.{field}"),
                        format!(
                            "{value:?} is not a valid community (ASN:value, both 0-65535, e.g. 50000:50001)"
                        ),
                    );
                }
            }
        }
        Some(statics) => {
            for (field, value) in [
                ("inboundCommunity", &spec.inbound_community),
                ("outboundCommunity", &spec.outbound_community),
            ] {
                if !value.is_empty() {
                    sink.error(
                        i,
                        format!("spec.{field}"),
                        "communities must be empty for a static external",
                    );
                }
            }
            if statics.prefixes.is_empty() {
                sink.error(
                    i,
                    "spec.static.prefixes",
                    "a static external needs at least one prefix",
                );
            }
            let mut parsed: Vec<(usize, Prefix)> = Vec::new();
            for (j, text) in statics.prefixes.iter().enumerate() {
                match Prefix::parse(text) {
                    Some(prefix) => parsed.push((j, prefix)),
                    None => sink.error(
                        i,
                        format!("spec.static.prefixes[{j}]"),
                        format!("{text:?} is not a valid prefix"),
                    ),
                }
            }
            let prefixes: Vec<Prefix> = parsed.iter().map(|(_, p)| *p).collect();
            for (a, b) in overlapping_pairs(&prefixes) {
                let (first, second) = if parsed[a].0 < parsed[b].0 {
                    (parsed[a], parsed[b])
                } else {
                    (parsed[b], parsed[a])
                };
                sink.error(
                    i,
                    format!("spec.static.prefixes[{}]", second.0),
                    format!("{} overlaps prefix {} ({})", second.1, first.0, first.1),
                );
            }
        }
    }
    if fabric
        .find(i, "IPv4Namespace", &spec.ipv4_namespace)
        .is_none()
    {
        super::vpc::missing_namespace(
            i,
            "IPv4Namespace",
            "spec.ipv4Namespace",
            &spec.ipv4_namespace,
            sink,
        );
    }
}
