//! The static external connection: switch address, next hop and subnets.

use super::{Fabric, Sink, StaticExternal};
use crate::hedgehog::admission::ip::{Addr, Prefix, overlapping_pairs};

pub(super) fn check_static_external(
    fabric: &Fabric<'_>,
    i: usize,
    se: &StaticExternal,
    sink: &mut Sink<'_>,
) {
    let at = "spec.staticExternal.link.switch";
    let sw = &se.link.switch;
    let network = Prefix::parse(&sw.ip);
    if network.is_none() {
        sink.error(
            i,
            format!("{at}.ip"),
            format!("{:?} is not a valid prefix (address/length)", sw.ip),
        );
    }
    match Addr::parse(&sw.next_hop) {
        None => sink.error(
            i,
            format!("{at}.nextHop"),
            format!("{:?} is not a valid IP address", sw.next_hop),
        ),
        Some(next_hop) => {
            if let Some(network) = network
                && !network.contains(next_hop)
            {
                sink.error(
                    i,
                    format!("{at}.nextHop"),
                    format!("next hop {next_hop} is not in {}", network.masked()),
                );
            }
        }
    }
    let mut prefixes = Vec::new();
    let mut paths = Vec::new();
    for (n, subnet) in sw.subnets.iter().enumerate() {
        let path = format!("{at}.subnets[{n}]");
        let Some(prefix) = Prefix::parse(subnet) else {
            sink.error(i, path, format!("{subnet:?} is not a valid prefix"));
            continue;
        };
        if subnet == "0.0.0.0/0" {
            if sw.subnets.len() > 1 {
                sink.error(
                    i,
                    path,
                    "the default route 0.0.0.0/0 must be the only subnet",
                );
            }
            continue;
        }
        if prefix.has_host_bits() {
            sink.error(
                i,
                path,
                format!("invalid subnet {subnet}: inconsistent IP address and mask"),
            );
            continue;
        }
        prefixes.push(prefix);
        paths.push(path);
    }
    for (a, b) in overlapping_pairs(&prefixes) {
        sink.error(
            i,
            paths[b].clone(),
            format!(
                "subnet {} overlaps {} ({})",
                prefixes[b], prefixes[a], paths[a]
            ),
        );
    }
    if !se.within_vpc.is_empty() && fabric.find(i, "VPC", &se.within_vpc).is_none() {
        sink.missing(
            i,
            "spec.staticExternal.withinVPC",
            format!("VPC {} not found", se.within_vpc),
        );
    }
}
