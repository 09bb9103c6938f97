//! The DHCP server rules of one VPC subnet: range, options, advertised routes, static leases.

use std::collections::HashMap;

use super::{Sink, Subnet, key};
use crate::hedgehog::admission::ip::{Addr, Prefix, canonical_mac};

pub(super) fn check_dhcp_server(
    i: usize,
    base: &str,
    subnet: &Subnet,
    cidr: Prefix,
    gateway: Option<Addr>,
    sink: &mut Sink<'_>,
) {
    let dhcp = &subnet.dhcp;
    let network = cidr.network();
    // Default() fills a missing range, start or end.
    match &dhcp.range {
        None => {}
        Some(range) => {
            let mut bounds = [None, None];
            for (slot, (field, text)) in [("start", &range.start), ("end", &range.end)]
                .into_iter()
                .enumerate()
            {
                let path = format!("{base}.dhcp.range.{field}");
                let Some(addr) = Addr::parse(text) else {
                    sink.error(i, path, format!("{text:?} is not a valid IP address"));
                    continue;
                };
                if addr == network {
                    sink.error(i, path, format!("{text} is the subnet address"));
                } else if Some(addr) == gateway {
                    sink.error(i, path, format!("{text} is the gateway"));
                } else if !cidr.contains(addr) {
                    sink.error(
                        i,
                        path,
                        format!("{text} is not in the subnet {}", subnet.subnet),
                    );
                } else {
                    bounds[slot] = Some(addr);
                }
            }
            if let [Some(start), Some(end)] = bounds
                && !start.less(end)
            {
                sink.error(
                    i,
                    format!("{base}.dhcp.range.start"),
                    format!(
                        "{} does not come before the range end {}",
                        range.start, range.end
                    ),
                );
            }
        }
    }
    if let Some(options) = &dhcp.options {
        let path = |field: &str| format!("{base}.dhcp.options.{field}");
        for (field, list) in [
            ("dnsServers", &options.dns_servers),
            ("timeServers", &options.time_servers),
        ] {
            for (j, server) in list.iter().enumerate() {
                if Addr::parse(server).is_none() {
                    sink.error(
                        i,
                        format!("{}[{j}]", path(field)),
                        format!("{server:?} is not a valid IP address"),
                    );
                }
            }
        }
        if !(96..=9036).contains(&options.interface_mtu) {
            sink.error(
                i,
                path("interfaceMTU"),
                format!("MTU {} must be between 96 and 9036", options.interface_mtu),
            );
        }
        // A lease time of 0 was defaulted to 3600 s: Hedgehog's "at least 1" cannot fire.
        for (j, route) in options.advertised_routes.iter().enumerate() {
            let route_path = format!("{}[{j}]", path("advertisedRoutes"));
            if route.destination.is_empty() {
                sink.error(
                    i,
                    format!("{route_path}.destination"),
                    "destination is required",
                );
            } else if Prefix::parse(&route.destination).is_none() {
                sink.error(
                    i,
                    format!("{route_path}.destination"),
                    format!("{:?} is not a valid prefix", route.destination),
                );
            }
            if route.gateway.is_empty() {
                sink.error(i, format!("{route_path}.gateway"), "gateway is required");
            } else {
                match Addr::parse(&route.gateway) {
                    None => sink.error(
                        i,
                        format!("{route_path}.gateway"),
                        format!("{:?} is not a valid IP address", route.gateway),
                    ),
                    Some(addr) if !cidr.contains(addr) => sink.error(
                        i,
                        format!("{route_path}.gateway"),
                        format!("{} is not in the subnet {}", route.gateway, subnet.subnet),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
    let broadcast = cidr.last();
    let mut assigned: HashMap<&str, &str> = HashMap::new();
    for (mac, lease) in &dhcp.statics {
        let path = format!("{base}.dhcp.static{}", key(mac));
        if lease.ip.is_empty() {
            sink.error(
                i,
                format!("{path}.ip"),
                format!("empty static IP for MAC {mac}"),
            );
            continue;
        }
        if mac.is_empty() || canonical_mac(mac).is_none() {
            sink.error(i, &path, format!("{mac:?} is not a valid MAC address"));
        }
        let Some(ip) = Addr::parse(&lease.ip) else {
            sink.error(
                i,
                format!("{path}.ip"),
                format!("{:?} is not a valid IP address", lease.ip),
            );
            continue;
        };
        let problem = if !cidr.contains(ip) {
            Some(format!(
                "{} is not in the subnet {}",
                lease.ip, subnet.subnet
            ))
        } else if ip == network {
            Some(format!("{} is the subnet address", lease.ip))
        } else if lease.ip == subnet.gateway {
            Some(format!("{} is the gateway", lease.ip))
        } else if ip == broadcast {
            Some(format!("{} is the broadcast address", lease.ip))
        } else {
            assigned
                .get(lease.ip.as_str())
                .map(|other| format!("{} is already assigned to MAC {other}", lease.ip))
        };
        match problem {
            Some(message) => sink.error(i, format!("{path}.ip"), message),
            None => {
                assigned.insert(&lease.ip, mac);
            }
        }
    }
}
