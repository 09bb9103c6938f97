//! A switch against its profile: port group speeds, port speeds, breakouts, auto-negotiation,
//! FEC and pipelines.

use std::collections::{BTreeMap, HashMap};

use super::{Sink, Spec, key};
use crate::hedgehog::admission::switchprofile;

pub(super) fn check_against_profile(
    i: usize,
    spec: &Spec,
    profile: &switchprofile::Spec,
    related: Option<usize>,
    sink: &mut Sink<'_>,
) {
    let name = &spec.profile;
    let error = |sink: &mut Sink<'_>, path: String, message: String| match related {
        Some(r) => sink.error_related(i, path, message, r),
        None => sink.error(i, path, message),
    };
    let speeds_of = |profile_name: &str| {
        profile
            .port_profiles
            .get(profile_name)
            .and_then(|p| p.speed.as_ref())
    };
    for (group, speed) in &spec.port_group_speeds {
        let path = format!("spec.portGroupSpeeds{}", key(group));
        match profile.port_groups.get(group) {
            None => error(
                sink,
                path,
                format!("port group {group} not found in switch profile {name}"),
            ),
            Some(g) => match speeds_of(&g.profile) {
                None => error(
                    sink,
                    path,
                    format!("port group {group} has no supported speeds in switch profile {name}"),
                ),
                Some(s) if !s.supported.contains(speed) => error(
                    sink,
                    path,
                    format!(
                        "port group {group} does not support speed {speed} (supported: {})",
                        s.supported.join(", ")
                    ),
                ),
                Some(_) => {}
            },
        }
    }
    for (port, speed) in &spec.port_speeds {
        let path = format!("spec.portSpeeds{}", key(port));
        match profile.ports.get(port) {
            None => error(
                sink,
                path,
                format!("port {port} not found in switch profile {name}"),
            ),
            Some(p) => match speeds_of(&p.profile) {
                None => error(
                    sink,
                    path,
                    format!("port {port} has no supported speeds in switch profile {name}"),
                ),
                Some(s) if !s.supported.contains(speed) => error(
                    sink,
                    path,
                    format!(
                        "port {port} does not support speed {speed} (supported: {})",
                        s.supported.join(", ")
                    ),
                ),
                Some(_) => {}
            },
        }
    }
    let mut breakouts_ok = true;
    for (port, mode) in &spec.port_breakouts {
        let path = format!("spec.portBreakouts{}", key(port));
        match profile.ports.get(port) {
            None => {
                breakouts_ok = false;
                error(
                    sink,
                    path,
                    format!("port {port} not found in switch profile {name}"),
                );
            }
            Some(p) => match profile.breakout_of(p) {
                None => error(
                    sink,
                    path,
                    format!("port {port} has no supported breakouts in switch profile {name}"),
                ),
                Some(b) if !b.supported.contains_key(mode) => {
                    breakouts_ok = false;
                    let modes: Vec<&str> = b.supported.keys().map(String::as_str).collect();
                    error(
                        sink,
                        path,
                        format!(
                            "port {port} does not support breakout {mode} (supported: {})",
                            modes.join(", ")
                        ),
                    );
                }
                Some(_) => {}
            },
        }
    }
    // Auto-negotiation: ports with a speed profile or lanes of a breakout port whose profile
    // allows it.
    if !spec.port_auto_negs.is_empty() {
        let mut allowed: HashMap<String, bool> = HashMap::new();
        for (port_name, port) in &profile.ports {
            if port.management || port.profile.is_empty() {
                continue;
            }
            let Some(pp) = profile.port_profiles.get(&port.profile) else {
                continue;
            };
            match &pp.breakout {
                None => {
                    allowed.insert(port_name.clone(), pp.auto_neg_allowed);
                }
                Some(b) => {
                    let mode = spec.port_breakouts.get(port_name).unwrap_or(&b.default);
                    for lane in 1..=b.supported.get(mode).map_or(0, |m| m.offsets.len()) {
                        allowed.insert(format!("{port_name}/{lane}"), pp.auto_neg_allowed);
                    }
                }
            }
        }
        for port in spec.port_auto_negs.keys() {
            if allowed.get(port) != Some(&true) {
                error(
                    sink,
                    format!("spec.portAutoNegs{}", key(port)),
                    format!("port {port} does not support configuring auto negotiation"),
                );
            }
        }
    }
    if !spec.port_fecs.is_empty() {
        let mut fec = profile.data_ports(&spec.port_breakouts);
        for (port_name, port) in &profile.ports {
            if let Some(b) = profile.breakout_of(port) {
                let mode = spec.port_breakouts.get(port_name).unwrap_or(&b.default);
                if b.supported.get(mode).is_some_and(|m| m.offsets.len() == 1) {
                    fec.insert(port_name.clone());
                }
            }
        }
        for port in spec.port_fecs.keys() {
            if !fec.contains(port) {
                error(
                    sink,
                    format!("spec.portFECs{}", key(port)),
                    format!(
                        "port {port} does not support configuring FEC (a broken-out port is configured per lane, e.g. E1/53/1)"
                    ),
                );
            }
        }
    }
    if spec.roce && !profile.features.roce {
        error(
            sink,
            "spec.roce".into(),
            format!("RoCEv2 is not supported on switch profile {name}"),
        );
    }
    if spec.ecmp.roce_qpn && !profile.features.ecmp_roce_qpn {
        error(
            sink,
            "spec.ecmp.roceQPN".into(),
            format!("ECMP RoCE QPN hashing is not supported on switch profile {name}"),
        );
    }
    if spec.redundancy.kind == "eslag" && !profile.features.eslag {
        error(
            sink,
            "spec.redundancy.type".into(),
            format!("ESLAG is not supported on switch profile {name}"),
        );
    }
    if !breakouts_ok {
        return; // the port counts below would follow from an invalid breakout
    }
    let mut total = 0u32;
    let mut per_pipeline: BTreeMap<&str, (u32, Vec<&str>)> = BTreeMap::new();
    for (port_name, port) in &profile.ports {
        if port.management {
            continue;
        }
        let mut lanes = 1u32;
        if port.group.is_empty()
            && let Some(b) = profile.breakout_of(port)
        {
            let mode = spec.port_breakouts.get(port_name).unwrap_or(&b.default);
            match b.supported.get(mode) {
                Some(m) => lanes = m.offsets.len() as u32,
                None => return, // an invalid profile, reported on the profile
            }
        }
        total += lanes;
        if !port.pipeline.is_empty() {
            let entry = per_pipeline.entry(&port.pipeline).or_default();
            entry.0 += lanes;
            entry.1.push(port_name);
        }
    }
    if profile.max_ports > 0 && total > profile.max_ports {
        error(
            sink,
            "spec.portBreakouts".into(),
            format!(
                "the breakouts give {total} ports, more than the {} switch profile {name} allows",
                profile.max_ports
            ),
        );
    }
    if !profile.pipelines.is_empty() {
        for (pipeline, (count, ports)) in per_pipeline {
            match profile.pipelines.get(pipeline) {
                Some(p) if count > p.max_ports => error(
                    sink,
                    "spec.portBreakouts".into(),
                    format!(
                        "pipeline {pipeline} (ports {}) has {count} ports, more than its maximum {}",
                        ports.join(", "),
                        p.max_ports
                    ),
                ),
                Some(_) => {}
                None => error(
                    sink,
                    "spec.profile".into(),
                    format!("switch profile {name} refers to unknown port pipeline {pipeline}"),
                ),
            }
        }
    }
}
