//! ExternalAttachment: admission (external and connection given; a BGP attachment has a
//! switch IP with prefix length, a neighbor ASN and a neighbor IP; a static attachment has no
//! switch or neighbor parameters, a valid remote IP and exactly one of `static.ip` (with prefix
//! length) and `static.proxy`; the inbound ACL statements; against the fabric: the External
//! exists and is static exactly when the attachment is, the Connection exists and is an
//! external connection; between attachments: one VLAN used twice on one connection). No
//! defaulting of the spec (Hedgehog only sets labels).

use std::collections::HashMap;

use serde::Deserialize;

use super::ip::{Addr, Prefix};
use super::{Fabric, Sink, Typed};

const ACL_MIN_SEQ: u16 = 10;
const ACL_ACTIONS: [&str; 4] = ["deny", "discard", "permit", "transit"];
const ACL_PROTOCOLS: [&str; 4] = ["ip", "tcp", "udp", "icmp"];

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Spec {
    pub external: String,
    pub connection: String,
    pub switch: Switch,
    pub neighbor: Neighbor,
    #[serde(rename = "static")]
    pub statics: Option<Static>,
    #[serde(rename = "inboundACL")]
    pub inbound_acl: Option<Acl>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Switch {
    pub vlan: u16,
    pub ip: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Neighbor {
    pub asn: u32,
    pub ip: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Static {
    #[serde(rename = "remoteIP")]
    pub remote_ip: String,
    pub vlan: u16,
    pub ip: String,
    pub proxy: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Acl {
    pub statements: Vec<Statement>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Statement {
    pub seq: u16,
    pub action: String,
    pub protocol: String,
    pub src_prefix: String,
    pub dst_prefix: String,
    pub port_range_begin: u16,
    pub port_range_end: u16,
    pub tcp_filters: Option<TcpFilters>,
    pub icmp_type: Option<u8>,
    pub icmp_code: Option<u8>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct TcpFilters {
    established: bool,
    fin: bool,
    not_fin: bool,
    syn: bool,
    not_syn: bool,
    rst: bool,
    not_rst: bool,
    psh: bool,
    not_psh: bool,
    ack: bool,
    not_ack: bool,
    urg: bool,
    not_urg: bool,
}

impl TcpFilters {
    /// `(flag, negation)` pairs.
    fn pairs(&self) -> [(bool, bool); 6] {
        [
            (self.fin, self.not_fin),
            (self.syn, self.not_syn),
            (self.rst, self.not_rst),
            (self.psh, self.not_psh),
            (self.ack, self.not_ack),
            (self.urg, self.not_urg),
        ]
    }
}

impl Spec {
    /// The VLAN of the attachment: `static.vlan` for a static one, `switch.vlan` otherwise.
    pub(super) fn vlan(&self) -> u16 {
        match &self.statics {
            Some(s) => s.vlan,
            None => self.switch.vlan,
        }
    }
}

/// Go's `net.ParseCIDR`: an address with a prefix length (host bits allowed).
fn is_cidr(text: &str) -> bool {
    Prefix::parse(text).is_some()
}

pub(super) fn check(fabric: &Fabric<'_>, i: usize, spec: &Spec, sink: &mut Sink<'_>) {
    if spec.external.is_empty() {
        sink.error(i, "spec.external", "external is required");
    }
    if spec.connection.is_empty() {
        sink.error(i, "spec.connection", "connection is required");
    }
    match &spec.statics {
        None => {
            if spec.switch.ip.is_empty() {
                sink.error(i, "spec.switch.ip", "switch.ip is required");
            } else if !is_cidr(&spec.switch.ip) {
                sink.error(
                    i,
                    "spec.switch.ip",
                    format!("{:?} is not a valid IP with prefix length", spec.switch.ip),
                );
            }
            if spec.neighbor.asn == 0 {
                sink.error(i, "spec.neighbor.asn", "neighbor.asn is required");
            }
            if spec.neighbor.ip.is_empty() {
                sink.error(i, "spec.neighbor.ip", "neighbor.ip is required");
            } else if Addr::parse(&spec.neighbor.ip).is_none() {
                sink.error(
                    i,
                    "spec.neighbor.ip",
                    format!("{:?} is not a valid IP address", spec.neighbor.ip),
                );
            }
        }
        Some(statics) => {
            if !spec.switch.ip.is_empty() || spec.switch.vlan != 0 {
                sink.error(
                    i,
                    "spec.switch",
                    "switch parameters must not be set for a static external attachment",
                );
            }
            if spec.neighbor.asn != 0 || !spec.neighbor.ip.is_empty() {
                sink.error(
                    i,
                    "spec.neighbor",
                    "neighbor parameters must not be set for a static external attachment",
                );
            }
            if statics.remote_ip.is_empty() {
                sink.error(
                    i,
                    "spec.static.remoteIP",
                    "static.remoteIP is required for a static external attachment",
                );
            } else if Addr::parse(&statics.remote_ip).is_none() {
                sink.error(
                    i,
                    "spec.static.remoteIP",
                    format!("{:?} is not a valid IP address", statics.remote_ip),
                );
            }
            if statics.ip.is_empty() != statics.proxy {
                sink.error(
                    i,
                    "spec.static",
                    "exactly one of static.ip and static.proxy must be set",
                );
            }
            if !statics.ip.is_empty() && !is_cidr(&statics.ip) {
                sink.error(
                    i,
                    "spec.static.ip",
                    format!("{:?} is not a valid IP with prefix length", statics.ip),
                );
            }
        }
    }
    if let Some(acl) = &spec.inbound_acl {
        check_acl(i, acl, sink);
    }
    check_references(fabric, i, spec, sink);
}

/// `ACLSpec.Validate()`, every problem of every statement.
fn check_acl(i: usize, acl: &Acl, sink: &mut Sink<'_>) {
    let mut seen: HashMap<u16, usize> = HashMap::new();
    for (j, stmt) in acl.statements.iter().enumerate() {
        let base = format!("spec.inboundACL.statements[{j}]");
        let path = |field: &str| format!("{base}.{field}");
        if stmt.seq < ACL_MIN_SEQ {
            sink.error(
                i,
                path("seq"),
                format!(
                    "sequence number {} is reserved for security rules (user rules use {ACL_MIN_SEQ} or more)",
                    stmt.seq
                ),
            );
        }
        if let Some(first) = seen.get(&stmt.seq) {
            sink.error(
                i,
                path("seq"),
                format!(
                    "sequence number {} is also used by statement {first}",
                    stmt.seq
                ),
            );
        } else {
            seen.insert(stmt.seq, j);
        }
        if !ACL_ACTIONS.contains(&stmt.action.as_str()) {
            sink.error(
                i,
                path("action"),
                format!(
                    "invalid action {:?}, must be one of {}",
                    stmt.action,
                    ACL_ACTIONS.join(", ")
                ),
            );
        }
        if !ACL_PROTOCOLS.contains(&stmt.protocol.as_str()) {
            sink.error(
                i,
                path("protocol"),
                format!(
                    "invalid protocol {:?}, must be one of {}",
                    stmt.protocol,
                    ACL_PROTOCOLS.join(", ")
                ),
            );
        }
        for (field, value) in [
            ("srcPrefix", &stmt.src_prefix),
            ("dstPrefix", &stmt.dst_prefix),
        ] {
            if value.is_empty() {
                sink.error(i, path(field), format!("{field} is required"));
            } else if value != "any" && !is_cidr(value) {
                sink.error(
                    i,
                    path(field),
                    format!("{value:?} is not a valid prefix or \"any\""),
                );
            }
        }
        if let Some(filters) = &stmt.tcp_filters {
            if stmt.protocol != "tcp" {
                sink.error(
                    i,
                    path("tcpFilters"),
                    "tcpFilters can only be used with protocol tcp",
                );
            }
            let pairs = filters.pairs();
            if filters.established && pairs.iter().any(|(a, b)| *a || *b) {
                sink.error(
                    i,
                    path("tcpFilters"),
                    "established excludes the individual TCP flags",
                );
            }
            if pairs.iter().any(|(a, b)| *a && *b) {
                sink.error(
                    i,
                    path("tcpFilters"),
                    "contradictory TCP flags (a flag and its negation)",
                );
            }
        }
        if stmt.protocol != "icmp" {
            for (field, value) in [("icmpType", stmt.icmp_type), ("icmpCode", stmt.icmp_code)] {
                if value.is_some() {
                    sink.error(
                        i,
                        path(field),
                        format!("{field} can only be used with protocol icmp"),
                    );
                }
            }
        }
        if stmt.port_range_begin > 0 || stmt.port_range_end > 0 {
            if stmt.protocol != "tcp" && stmt.protocol != "udp" {
                sink.error(
                    i,
                    path("portRangeBegin"),
                    "a port range can only be used with protocol tcp or udp",
                );
            }
            if stmt.port_range_begin == 0 {
                sink.error(
                    i,
                    path("portRangeBegin"),
                    "portRangeBegin must be at least 1",
                );
            } else if stmt.port_range_begin > stmt.port_range_end {
                sink.error(
                    i,
                    path("portRangeBegin"),
                    format!(
                        "portRangeBegin {} is greater than portRangeEnd {}",
                        stmt.port_range_begin, stmt.port_range_end
                    ),
                );
            }
        }
    }
}

/// The External and the Connection.
fn check_references(fabric: &Fabric<'_>, i: usize, spec: &Spec, sink: &mut Sink<'_>) {
    if !spec.external.is_empty() {
        match fabric.find(i, "External", &spec.external) {
            None => sink.missing(
                i,
                "spec.external",
                format!("External {} not found", spec.external),
            ),
            Some(ext) => {
                if let Typed::External(ext_spec) = &fabric.typed[ext] {
                    match (spec.statics.is_some(), ext_spec.is_static()) {
                        (true, false) => sink.error_related(
                            i,
                            "spec.static",
                            format!(
                                "the attachment is static but External {} is not",
                                spec.external
                            ),
                            ext,
                        ),
                        (false, true) => sink.error_related(
                            i,
                            "spec.external",
                            format!(
                                "the attachment is not static but External {} is",
                                spec.external
                            ),
                            ext,
                        ),
                        _ => {}
                    }
                }
            }
        }
    }
    if !spec.connection.is_empty() {
        match fabric.find(i, "Connection", &spec.connection) {
            None => sink.missing(
                i,
                "spec.connection",
                format!("Connection {} not found", spec.connection),
            ),
            Some(conn) => {
                let external = fabric.specs[conn]
                    .get("external")
                    .is_some_and(|v| !v.is_null());
                if !external {
                    sink.error_related(
                        i,
                        "spec.connection",
                        format!(
                            "Connection {} is not an external connection",
                            spec.connection
                        ),
                        conn,
                    );
                }
            }
        }
    }
}

/// Between attachments: two on one connection with the same VLAN (0, no VLAN, included).
/// Grouped by connection and VLAN (linear); each names one other (and how many more).
pub(super) fn check_fabric(fabric: &Fabric<'_>, sink: &mut Sink<'_>) {
    let mut by_vlan: HashMap<(&str, &str, u16), Vec<usize>> = HashMap::new();
    for (i, object) in fabric.objects.iter().enumerate() {
        let Typed::ExternalAttachment(spec) = &fabric.typed[i] else {
            continue;
        };
        if spec.connection.is_empty() {
            continue;
        }
        by_vlan
            .entry((object.namespace(), &spec.connection, spec.vlan()))
            .or_default()
            .push(i);
    }
    for ((_, connection, vlan), users) in &by_vlan {
        if users.len() < 2 {
            continue;
        }
        for (position, &me) in users.iter().enumerate() {
            let other = users[if position == 0 { 1 } else { 0 }];
            let more = match users.len() - 2 {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            let path = match &fabric.typed[me] {
                Typed::ExternalAttachment(spec) if spec.statics.is_some() => "spec.static.vlan",
                _ => "spec.switch.vlan",
            };
            sink.error_related(
                me,
                path,
                format!(
                    "Connection {connection} already has VLAN {vlan} from ExternalAttachment {}{more}",
                    fabric.objects[other].name
                ),
                other,
            );
        }
    }
}
