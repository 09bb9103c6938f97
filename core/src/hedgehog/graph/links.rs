//! The physical links of one Connection, per connection type of githedgehog/fabric
//! `api/wiring/v1beta1/connection_types.go` (Apache-2.0, see `NOTICE`). Read leniently from the
//! spec as written: a link whose ends are not `<device>/<port>` names is left out (admission
//! reports it), and of a spec with more than one connection type only the first one in the
//! field order of `ConnectionSpec` is read.
//!
//! Every link runs from a switch (`from` is always the switch side when there is one):
//!
//! | type | links | from → to |
//! |---|---|---|
//! | `unbundled` | `link` | switch → server |
//! | `bundled`, `mclag`, `eslag` | `links[i]` | switch → server |
//! | `mclagDomain` | `peerLinks[i]`, `sessionLinks[i]` | switch1 → switch2 |
//! | `fabric` | `links[i]` | spine → leaf |
//! | `mesh` | `links[i]` | leaf1 → leaf2 |
//! | `gateway` | `links[i]` | switch → gateway |
//! | `vpcLoopback` | `links[i]` | switch1 → switch2 (the same switch) |
//! | `external`, `staticExternal` | `link` | switch → the connection's external peer |
//!
//! The far side of an `external` or `staticExternal` link is a device outside the fabric that
//! no object names (an External is a routing policy, tied to the connection by any number of
//! ExternalAttachments, and a static external has none): it is the synthetic node
//! `external-peer/<connection>` ([`super::NodeKind::ExternalPeer`]), whose port is unknown.

use serde_json::Value;

use super::NodeKind;

/// The connection types, in the field order of Hedgehog's `ConnectionSpec`.
pub const CONNECTION_TYPES: [&str; 11] = [
    "unbundled",
    "bundled",
    "mclag",
    "eslag",
    "mclagDomain",
    "fabric",
    "mesh",
    "gateway",
    "vpcLoopback",
    "external",
    "staticExternal",
];

/// One end of a link before it is placed in the graph: what device it is on, the device name
/// and the device-local port (`None` for an external peer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawEnd {
    pub kind: NodeKind,
    pub device: String,
    pub port: Option<String>,
}

/// One physical link of a connection: its id suffix (`0`, `peer/1`), both ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawLink {
    pub suffix: String,
    pub from: RawEnd,
    pub to: RawEnd,
}

/// The connection type of `spec` (first present in [`CONNECTION_TYPES`] order).
pub(super) fn connection_type(spec: &Value) -> Option<&'static str> {
    CONNECTION_TYPES
        .iter()
        .copied()
        .find(|t| spec.get(*t).is_some_and(|v| !v.is_null()))
}

/// `device/port` split at the first slash (`leaf-01/E1/1/2` → `leaf-01`, `E1/1/2`), both
/// parts non-empty.
pub(super) fn split_port(full: &str) -> Option<(&str, &str)> {
    full.split_once('/')
        .filter(|(device, port)| !device.is_empty() && !port.is_empty())
}

/// The end at `value[field].port` on a device of `kind`.
fn end(value: &Value, field: &str, kind: NodeKind) -> Option<RawEnd> {
    let full = value.get(field)?.get("port")?.as_str()?;
    let (device, port) = split_port(full)?;
    Some(RawEnd {
        kind,
        device: device.to_owned(),
        port: Some(port.to_owned()),
    })
}

fn list<'v>(value: &'v Value, field: &str) -> impl Iterator<Item = (usize, &'v Value)> {
    value
        .get(field)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
}

/// The type of the connection and its physical links, in field order.
pub(super) fn connection_links(
    connection: &str,
    spec: &Value,
) -> Option<(&'static str, Vec<RawLink>)> {
    let kind = connection_type(spec)?;
    let body = &spec[kind];
    let mut out = Vec::new();
    let mut pair = |suffix: String, link: &Value, from: (&str, NodeKind), to: (&str, NodeKind)| {
        if let (Some(from), Some(to)) = (end(link, from.0, from.1), end(link, to.0, to.1)) {
            out.push(RawLink { suffix, from, to });
        }
    };
    let switch = NodeKind::Switch;
    match kind {
        "unbundled" => {
            let link = body.get("link").unwrap_or(&Value::Null);
            pair(
                "0".into(),
                link,
                ("switch", switch),
                ("server", NodeKind::Server),
            );
        }
        "bundled" | "mclag" | "eslag" => {
            for (i, link) in list(body, "links") {
                pair(
                    i.to_string(),
                    link,
                    ("switch", switch),
                    ("server", NodeKind::Server),
                );
            }
        }
        "mclagDomain" => {
            for (field, name) in [("peerLinks", "peer"), ("sessionLinks", "session")] {
                for (i, link) in list(body, field) {
                    pair(
                        format!("{name}/{i}"),
                        link,
                        ("switch1", switch),
                        ("switch2", switch),
                    );
                }
            }
        }
        "fabric" => {
            for (i, link) in list(body, "links") {
                pair(i.to_string(), link, ("spine", switch), ("leaf", switch));
            }
        }
        "mesh" => {
            for (i, link) in list(body, "links") {
                pair(i.to_string(), link, ("leaf1", switch), ("leaf2", switch));
            }
        }
        "gateway" => {
            for (i, link) in list(body, "links") {
                pair(
                    i.to_string(),
                    link,
                    ("switch", switch),
                    ("gateway", NodeKind::Gateway),
                );
            }
        }
        "vpcLoopback" => {
            for (i, link) in list(body, "links") {
                pair(
                    i.to_string(),
                    link,
                    ("switch1", switch),
                    ("switch2", switch),
                );
            }
        }
        _ => {
            // external, staticExternal: one switch port facing a device outside the fabric.
            let link = body.get("link").unwrap_or(&Value::Null);
            if let Some(from) = end(link, "switch", switch) {
                out.push(RawLink {
                    suffix: "0".into(),
                    from,
                    to: RawEnd {
                        kind: NodeKind::ExternalPeer,
                        device: connection.to_owned(),
                        port: None,
                    },
                });
            }
        }
    }
    Some((kind, out))
}

/// `spec.staticExternal.withinVPC` of a connection, when set.
pub(super) fn within_vpc(spec: &Value) -> Option<&str> {
    spec.get("staticExternal")?
        .get("withinVPC")?
        .as_str()
        .filter(|s| !s.is_empty())
}
