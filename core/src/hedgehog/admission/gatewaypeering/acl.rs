//! The ACL of a GatewayPeering: default action, rule names and actions, `from`/`to` among the
//! peers, endpoints, ports and protocols.

use super::{ACL_ACTIONS, ACL_DEFAULTS, Acl, MAX_RULE_NAME, Sink, port_problem};
use crate::hedgehog::admission::ip::Prefix;

/// A DNS-1123 subdomain (lowercase letters, digits, `-` inside labels, `.` between labels).
fn is_rule_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b.iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
                && b[0] != b'-'
                && b[b.len() - 1] != b'-'
        })
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits that fit 64 bits.
fn is_go_int(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && text.parse::<i64>().is_ok()
}

pub(super) fn check_acl(i: usize, acl: &Acl, peers: &[&str], sink: &mut Sink<'_>) {
    if !ACL_DEFAULTS.contains(&acl.default.as_str()) {
        sink.error(
            i,
            "spec.acl.default",
            format!(
                "invalid default action {:?}, must be deny or deny-unless-exposed",
                acl.default
            ),
        );
    }
    for (j, rule) in acl.rules.iter().enumerate() {
        let base = format!("spec.acl.rules[{j}]");
        if !rule.name.is_empty() {
            if !is_rule_name(&rule.name) {
                sink.error(
                    i,
                    format!("{base}.name"),
                    format!(
                        "invalid rule name {:?}: lowercase letters, digits, '-' and '.'",
                        rule.name
                    ),
                );
            }
            if rule.name.len() > MAX_RULE_NAME {
                sink.error(
                    i,
                    format!("{base}.name"),
                    format!("rule name is too long, at most {MAX_RULE_NAME} characters"),
                );
            }
        }
        if !ACL_ACTIONS.contains(&rule.action.as_str()) {
            sink.error(
                i,
                format!("{base}.action"),
                format!("invalid action {:?}, must be allow or deny", rule.action),
            );
        }
        if rule.from.is_empty() && rule.to.is_empty() {
            sink.error(i, &base, "at least one of from and to is required");
        }
        for (field, value) in [("from", &rule.from), ("to", &rule.to)] {
            if !value.is_empty() && !peers.contains(&value.as_str()) {
                sink.error(
                    i,
                    format!("{base}.{field}"),
                    format!(
                        "{value} is not one of the peers of this peering ({})",
                        peers.join(", ")
                    ),
                );
            }
        }
        for (field, endpoints) in [("src", &rule.matches.src), ("dst", &rule.matches.dst)] {
            for (k, endpoint) in endpoints.iter().enumerate() {
                let path = format!("{base}.match.{field}[{k}]");
                if !endpoint.cidr.is_empty() && !endpoint.vpc_subnet.is_empty() {
                    sink.error(i, &path, "at most one of cidr and vpcSubnet can be set");
                }
                if !endpoint.cidr.is_empty() && Prefix::parse(&endpoint.cidr).is_none() {
                    sink.error(
                        i,
                        format!("{path}.cidr"),
                        format!("{:?} is not a valid prefix", endpoint.cidr),
                    );
                }
                for (p, port) in endpoint.ports.iter().enumerate() {
                    if let Some(problem) = port_problem(port) {
                        sink.error(i, format!("{path}.ports[{p}]"), problem);
                    }
                }
            }
        }
        let proto = rule.matches.proto.as_str();
        if !matches!(proto, "" | "tcp" | "udp") && !is_go_int(proto) {
            sink.error(
                i,
                format!("{base}.match.proto"),
                format!("invalid protocol {proto:?}: tcp, udp or a protocol number"),
            );
        }
    }
}
