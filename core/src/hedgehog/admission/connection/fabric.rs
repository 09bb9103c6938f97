//! Between connections: switch ports used twice (and against the switch's profile) and the
//! fabric, mesh and gateway link addresses.

use std::collections::{HashMap, HashSet};

use super::{Device, Fabric, PortRef, Sink, Spec, Typed, Users, port_key};
use crate::hedgehog::admission::ip::{Addr, Prefix};
use crate::hedgehog::admission::switchprofile::{self, Found};

/// Between connections: switch ports used twice and link addresses; and each switch port
/// against the profile of its switch. Linear: ports and addresses are indexed, each switch's
/// port set is computed once.
pub(in crate::hedgehog::admission) fn check_fabric(fabric: &Fabric<'_>, sink: &mut Sink<'_>) {
    let mut ports: HashMap<(&str, String), Users> = HashMap::new();
    let mut addresses: HashMap<(&str, Addr), Users> = HashMap::new();
    let mut switch_ports: HashMap<usize, Option<HashSet<String>>> = HashMap::new();
    for (i, object) in fabric.objects.iter().enumerate() {
        let Typed::Connection(spec) = &fabric.typed[i] else {
            continue;
        };
        let Ok(Some(_)) = spec.kind() else {
            continue;
        };
        let ns = object.namespace();
        let ends = spec.ends();
        let mut own: HashSet<String> = HashSet::new();
        for end in &ends {
            let Some((device, local)) = end.port.split_once('/') else {
                continue;
            };
            if device.is_empty() || local.is_empty() {
                continue;
            }
            if end.device != Device::Gateway {
                let key = port_key(end.port);
                if own.insert(key.clone()) {
                    ports.entry((ns, key)).or_default().push((
                        i,
                        format!("{}.port", end.path),
                        end.port.to_owned(),
                    ));
                }
            }
            if end.device != Device::Switch {
                continue;
            }
            let Some(sw) = fabric.find(i, "Switch", device) else {
                continue;
            };
            let allowed = switch_ports
                .entry(sw)
                .or_insert_with(|| allowed_ports(fabric, sw));
            if let Some(allowed) = allowed
                && !allowed.contains(local)
            {
                let profile = match &fabric.typed[sw] {
                    Typed::Switch(s) => s.profile.as_str(),
                    _ => "",
                };
                sink.error_related(
                    i,
                    format!("{}.port", end.path),
                    format!("port {local} does not exist on switch {device} (profile {profile}, with its breakouts)"),
                    sw,
                );
            }
        }
        check_link_addresses(i, spec, ns, &mut addresses, sink);
    }
    report_shared(fabric, sink, ports, "switch port");
    report_shared(fabric, sink, addresses, "IP");
}

/// The ports a switch can use, `None` when its profile is unknown or its breakouts are
/// invalid (both reported on the switch).
fn allowed_ports(fabric: &Fabric<'_>, sw: usize) -> Option<HashSet<String>> {
    let Typed::Switch(spec) = &fabric.typed[sw] else {
        return None;
    };
    let profile = match switchprofile::find(fabric, sw, &spec.profile) {
        Found::Object(_, p) => p,
        Found::Builtin(p) => p,
        Found::Unreadable | Found::Missing => return None,
    };
    profile.api_ports(&spec.port_breakouts).ok()
}

/// Each user of a shared port or address names another (its path when it is the same
/// connection), quoting the value as it wrote it.
fn report_shared<K: Ord>(
    fabric: &Fabric<'_>,
    sink: &mut Sink<'_>,
    index: HashMap<K, Users>,
    what: &str,
) {
    let mut groups: Vec<_> = index
        .into_iter()
        .filter(|(_, users)| users.len() > 1)
        .collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, users) in groups {
        for (position, (me, path, written)) in users.iter().enumerate() {
            let (other, other_path, _) = &users[if position == 0 { 1 } else { 0 }];
            let more = match users.len() - 2 {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            if other == me {
                sink.error(
                    *me,
                    path.clone(),
                    format!(
                        "{what} {written} is also used by this connection at {other_path}{more}"
                    ),
                );
            } else {
                sink.error_related(
                    *me,
                    path.clone(),
                    format!(
                        "{what} {written} is also used by Connection {}{more}",
                        fabric.objects[*other].name
                    ),
                    *other,
                );
            }
        }
    }
}

/// Fabric, mesh and gateway links: with both addresses set, each a /31 and both in one /31;
/// every parsable address is indexed for uniqueness.
fn check_link_addresses<'a>(
    i: usize,
    spec: &Spec,
    ns: &'a str,
    addresses: &mut HashMap<(&'a str, Addr), Users>,
    sink: &mut Sink<'_>,
) {
    let mut pairs: Vec<(String, &PortRef, String, &PortRef)> = Vec::new();
    for (n, l) in spec.fabric.iter().flat_map(|c| c.links.iter().enumerate()) {
        pairs.push((
            format!("spec.fabric.links[{n}].spine"),
            &l.spine,
            format!("spec.fabric.links[{n}].leaf"),
            &l.leaf,
        ));
    }
    for (n, l) in spec.mesh.iter().flat_map(|c| c.links.iter().enumerate()) {
        pairs.push((
            format!("spec.mesh.links[{n}].leaf1"),
            &l.leaf1,
            format!("spec.mesh.links[{n}].leaf2"),
            &l.leaf2,
        ));
    }
    for (n, l) in spec.gateway.iter().flat_map(|c| c.links.iter().enumerate()) {
        pairs.push((
            format!("spec.gateway.links[{n}].switch"),
            &l.switch,
            format!("spec.gateway.links[{n}].gateway"),
            &l.gateway,
        ));
    }
    for (path_a, a, path_b, b) in pairs {
        let mut parsed = Vec::new();
        for (path, end) in [(path_a, a), (path_b, b)] {
            if end.ip.is_empty() {
                continue;
            }
            let path = format!("{path}.ip");
            match Prefix::parse(&end.ip) {
                None => sink.error(
                    i,
                    path,
                    format!("{:?} is not a valid prefix (address/length)", end.ip),
                ),
                Some(p) => {
                    if p.bits() != 31 {
                        sink.error(i, path.clone(), format!("link IP {p} is not a /31"));
                    }
                    addresses.entry((ns, p.addr())).or_default().push((
                        i,
                        path.clone(),
                        p.addr().to_string(),
                    ));
                    parsed.push((path, p));
                }
            }
        }
        if let [(_, p), (path, q)] = parsed.as_slice()
            && p.bits() == 31
            && q.bits() == 31
            && p.masked() != q.masked()
        {
            sink.error(
                i,
                path.clone(),
                format!(
                    "link IPs {} and {} are not in the same /31",
                    p.addr(),
                    q.addr()
                ),
            );
        }
    }
}
