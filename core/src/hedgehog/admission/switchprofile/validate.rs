//! `SwitchProfile.Validate()`: display name, other names, silicon, NOS type, platform, ports,
//! groups, port profiles, speeds, breakout modes and pipelines.

use std::collections::{HashMap, HashSet};

use super::{Fabric, Sink, Spec, key};

const ALLOWED_SPEEDS: [&str; 12] = [
    "1G", "2.5G", "5G", "10G", "20G", "25G", "40G", "50G", "100G", "200G", "400G", "800G",
];

fn speed_problem(speed: &str) -> Option<String> {
    if !speed.ends_with('G') {
        Some(format!("speed {speed:?} must have a G suffix"))
    } else if !ALLOWED_SPEEDS.contains(&speed) {
        Some(format!("speed {speed:?} is not allowed"))
    } else {
        None
    }
}

/// `4x25G`: a count of 1, 2, 4 or 8, an `x`, an allowed speed.
fn breakout_mode_problem(mode: &str) -> Option<String> {
    let parts: Vec<&str> = mode.split('x').collect();
    let [count, speed] = parts.as_slice() else {
        return Some(format!(
            "breakout mode {mode:?} must have exactly one 'x' as a separator"
        ));
    };
    if count.is_empty() {
        return Some(format!(
            "breakout mode {mode:?} must have a number before 'x'"
        ));
    }
    if speed.is_empty() {
        return Some(format!(
            "breakout mode {mode:?} must have a speed after 'x'"
        ));
    }
    if !["1", "2", "4", "8"].contains(count) {
        return Some(format!("breakout mode {mode:?} must have a valid number"));
    }
    speed_problem(speed).map(|p| format!("breakout mode {mode:?}: {p}"))
}

/// Go's `strconv.Atoi` on the text after `prefix`, `None` when the prefix is missing or the
/// rest is not a decimal integer.
fn int_after(text: &str, prefix: &str) -> Option<i64> {
    let rest = text.strip_prefix(prefix)?;
    let digits = rest.strip_prefix(['+', '-']).unwrap_or(rest);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok()
}

/// `SwitchProfile.Validate()`, every problem at its field.
pub(in crate::hedgehog::admission) fn check(
    _fabric: &Fabric<'_>,
    i: usize,
    spec: &Spec,
    sink: &mut Sink<'_>,
) {
    for (path, message) in problems(spec) {
        sink.error(i, path, message);
    }
}

/// The problems of a profile spec as `(path, message)`.
pub(in crate::hedgehog::admission) fn problems(spec: &Spec) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut error = |path: String, message: String| out.push((path, message));
    if spec.display_name.is_empty() {
        error("spec.displayName".into(), "displayName is required".into());
    }
    if spec.other_names.len() > 5 {
        error(
            "spec.otherNames".into(),
            "otherNames must not exceed 5 items".into(),
        );
    }
    for (n, name) in spec.other_names.iter().enumerate() {
        let path = format!("spec.otherNames[{n}]");
        if name.is_empty() {
            error(path, "otherNames must not contain empty strings".into());
        } else if spec.other_names[..n].contains(name) {
            error(
                path,
                format!("otherNames must not contain duplicates ({name})"),
            );
        }
    }
    if spec.switch_silicon.is_empty() {
        error(
            "spec.switchSilicon".into(),
            "switchSilicon is required".into(),
        );
    }
    const NOS_TYPES: [&str; 8] = [
        "sonic-bcm-base",
        "sonic-bcm-campus",
        "sonic-bcm-vs",
        "sonic-cls-plus-broadcom",
        "sonic-cls-plus-marvell",
        "sonic-cls-plus-vs",
        "cumulus-vx",
        "cumulus-mlx",
    ];
    if spec.nos_type.is_empty() {
        error("spec.nosType".into(), "nosType is required".into());
    } else if !NOS_TYPES.contains(&spec.nos_type.as_str()) {
        error(
            "spec.nosType".into(),
            format!("nosType {:?} is invalid", spec.nos_type),
        );
    }
    if spec.platform.is_empty() {
        error("spec.platform".into(), "platform is required".into());
    }

    let mut used_profiles: HashSet<&str> = HashSet::new();
    let mut used_groups: HashSet<&str> = HashSet::new();
    let mut nos_names: HashMap<&str, &str> = HashMap::new();
    let mut base_nos_names: HashMap<&str, &str> = HashMap::new();
    let mut labels: HashMap<&str, &str> = HashMap::new();
    for (name, port) in &spec.ports {
        let at = format!("spec.ports{}", key(name));
        let field = |f: &str| format!("{at}.{f}");
        if port.nos_name.is_empty() {
            error(field("nos"), format!("port {name:?} must have a NOS name"));
        } else if let Some(other) = nos_names.insert(&port.nos_name, name) {
            error(
                field("nos"),
                format!(
                    "port {name:?} NOS name {:?} is duplicated (port {other:?})",
                    port.nos_name
                ),
            );
        }
        if name.len() < 2 {
            error(
                at.clone(),
                format!("port {name:?} name must have at least two characters"),
            );
        }
        if !port.base_nos_name.is_empty()
            && let Some(other) = base_nos_names.insert(&port.base_nos_name, name)
        {
            error(
                field("baseNOSName"),
                format!(
                    "port {name:?} base NOS name {:?} is duplicated (port {other:?})",
                    port.base_nos_name
                ),
            );
        }
        if port.management {
            if !name.starts_with('M') {
                error(
                    at.clone(),
                    format!("management port {name:?} name must start with M"),
                );
            } else if int_after(name, "M").is_none_or(|n| n <= 0) {
                error(
                    at.clone(),
                    format!("management port {name:?} name must end with a positive integer"),
                );
            }
            if !port.nos_name.is_empty() {
                if !port.nos_name.starts_with("Management") {
                    error(
                        field("nos"),
                        format!("management port {name:?} NOS name must start with Management"),
                    );
                } else if int_after(&port.nos_name, "Management").is_none_or(|n| n < 0) {
                    error(
                        field("nos"),
                        format!(
                            "management port {name:?} NOS name must end with a zero or positive integer"
                        ),
                    );
                }
            }
            if port.onie_port_name.is_empty() {
                error(
                    field("oniePortName"),
                    format!("management port {name:?} must have an ONIE port name"),
                );
            } else if !port.onie_port_name.starts_with("eth") {
                error(
                    field("oniePortName"),
                    format!("management port {name:?} ONIE port name must start with eth"),
                );
            } else if int_after(&port.onie_port_name, "eth").is_none_or(|n| n < 0) {
                error(
                    field("oniePortName"),
                    format!(
                        "management port {name:?} ONIE port name must end with a zero or positive integer"
                    ),
                );
            }
            for (value, f) in [
                (&port.group, "group"),
                (&port.profile, "profile"),
                (&port.base_nos_name, "baseNOSName"),
            ] {
                if !value.is_empty() {
                    error(
                        field(f),
                        format!("management port {name:?} must not have a {f}"),
                    );
                }
            }
            continue;
        }
        match name.strip_prefix('E') {
            None => error(at.clone(), format!("data port {name:?} must start with E")),
            Some(rest) => {
                let parts: Vec<&str> = rest.split('/').collect();
                if parts.len() != 2 {
                    error(
                        at.clone(),
                        format!(
                            "data port {name:?} name must have two segments separated by a slash (e.g. E1/2)"
                        ),
                    );
                } else {
                    for (part, what) in [(parts[0], "first"), (parts[1], "second")] {
                        if int_after(part, "").is_none_or(|n| n <= 0) {
                            error(
                                at.clone(),
                                format!(
                                    "data port {name:?} name must contain a positive integer as the {what} segment"
                                ),
                            );
                        }
                    }
                }
            }
        }
        if port.label.is_empty() {
            error(field("label"), format!("port {name:?} must have a label"));
        } else if let Some(other) = labels.insert(&port.label, name) {
            error(
                field("label"),
                format!(
                    "port {name:?} label {:?} is duplicated (port {other:?})",
                    port.label
                ),
            );
        }
        match (port.profile.is_empty(), port.group.is_empty()) {
            (true, true) => error(
                at.clone(),
                format!("port {name:?} must have a profile or group"),
            ),
            (false, false) => error(
                at.clone(),
                format!("port {name:?} must have either a profile or group, not both"),
            ),
            _ => {}
        }
        let mut is_breakout = false;
        if !port.profile.is_empty() {
            match spec.port_profiles.get(&port.profile) {
                None => error(
                    field("profile"),
                    format!(
                        "port {name:?} references non-existent profile {:?}",
                        port.profile
                    ),
                ),
                Some(profile) => {
                    used_profiles.insert(&port.profile);
                    if profile.breakout.is_some() {
                        is_breakout = true;
                        if !port.nos_name.is_empty() && int_after(&port.nos_name, "1/").is_none() {
                            error(
                                field("nos"),
                                format!(
                                    "breakout port {name:?} NOS name must be 1/<number>, got {:?}",
                                    port.nos_name
                                ),
                            );
                        }
                        if port.base_nos_name.is_empty() {
                            error(
                                field("baseNOSName"),
                                format!("breakout port {name:?} must have a base NOS name"),
                            );
                        } else if int_after(&port.base_nos_name, "Ethernet").is_none_or(|n| n < 0) {
                            error(
                                field("baseNOSName"),
                                format!(
                                    "breakout port {name:?} base NOS name must be Ethernet<number>, got {:?}",
                                    port.base_nos_name
                                ),
                            );
                        }
                    }
                }
            }
        }
        if !port.pipeline.is_empty() {
            if !spec.pipelines.contains_key(&port.pipeline) {
                error(
                    field("pipeline"),
                    format!(
                        "port {name:?} references non-existent pipeline {:?}",
                        port.pipeline
                    ),
                );
            } else if !is_breakout {
                error(
                    field("pipeline"),
                    format!("port {name:?} must be a breakout port to reference a pipeline"),
                );
            }
        }
        if !is_breakout
            && !port.nos_name.is_empty()
            && int_after(&port.nos_name, "Ethernet").is_none_or(|n| n < 0)
        {
            error(
                field("nos"),
                format!(
                    "data port {name:?} NOS name must be Ethernet<number>, got {:?}",
                    port.nos_name
                ),
            );
        }
        if !port.group.is_empty() {
            if spec.port_groups.contains_key(&port.group) {
                used_groups.insert(&port.group);
            } else {
                error(
                    field("group"),
                    format!(
                        "port {name:?} references non-existent group {:?}",
                        port.group
                    ),
                );
            }
        }
    }
    for (name, group) in &spec.port_groups {
        let at = format!("spec.portGroups{}", key(name));
        if !used_groups.contains(name.as_str()) {
            error(
                at.clone(),
                format!("group {name:?} is not referenced by any port"),
            );
        }
        if group.nos_name.is_empty() {
            error(
                format!("{at}.nos"),
                format!("group {name:?} must have a NOS name"),
            );
        } else if int_after(&group.nos_name, "").is_none_or(|n| n <= 0) {
            error(
                format!("{at}.nos"),
                format!("group {name:?} NOS name must be a positive integer"),
            );
        }
        if group.profile.is_empty() {
            error(
                format!("{at}.profile"),
                format!("group {name:?} must have a profile"),
            );
            continue;
        }
        match spec.port_profiles.get(&group.profile) {
            None => error(
                format!("{at}.profile"),
                format!(
                    "group {name:?} references non-existent profile {:?}",
                    group.profile
                ),
            ),
            Some(profile) => {
                used_profiles.insert(&group.profile);
                if profile.speed.is_none() {
                    error(
                        format!("{at}.profile"),
                        format!(
                            "group {name:?} references non-speed profile {:?}",
                            group.profile
                        ),
                    );
                }
                if profile.auto_neg_allowed {
                    error(
                        format!("{at}.profile"),
                        format!(
                            "group {name:?} profile {:?} must not have auto-negotiation allowed",
                            group.profile
                        ),
                    );
                }
            }
        }
    }
    for (name, profile) in &spec.port_profiles {
        let at = format!("spec.portProfiles{}", key(name));
        if !used_profiles.contains(name.as_str()) {
            error(
                at.clone(),
                format!("profile {name:?} is not referenced by any port or group"),
            );
        }
        match (&profile.speed, &profile.breakout) {
            (None, None) => error(
                at.clone(),
                format!("profile {name:?} must have a speed or breakout"),
            ),
            (Some(_), Some(_)) => error(
                at.clone(),
                format!("profile {name:?} must have either a speed or breakout, not both"),
            ),
            _ => {}
        }
        if profile.auto_neg_default && !profile.auto_neg_allowed {
            error(
                format!("{at}.autoNegDefault"),
                format!(
                    "profile {name:?} must not have default auto-negotiation enabled if it's not allowed"
                ),
            );
        }
        if let Some(speed) = &profile.speed {
            if speed.default.is_empty() {
                error(
                    format!("{at}.speed.default"),
                    format!("profile {name:?} must have a default speed"),
                );
            }
            if speed.supported.is_empty() {
                error(
                    format!("{at}.speed.supported"),
                    format!("profile {name:?} must have supported speeds"),
                );
            } else if !speed.default.is_empty() && !speed.supported.contains(&speed.default) {
                error(
                    format!("{at}.speed.default"),
                    format!("profile {name:?} must have default speed in supported speeds"),
                );
            }
            for (n, value) in speed.supported.iter().enumerate() {
                if let Some(problem) = speed_problem(value) {
                    error(
                        format!("{at}.speed.supported[{n}]"),
                        format!("profile {name:?}: {problem}"),
                    );
                }
            }
        }
        if let Some(breakout) = &profile.breakout {
            if breakout.default.is_empty() {
                error(
                    format!("{at}.breakout.default"),
                    format!("profile {name:?} must have a default breakout"),
                );
            }
            if breakout.supported.is_empty() {
                error(
                    format!("{at}.breakout.supported"),
                    format!("profile {name:?} must have supported breakouts"),
                );
            } else if !breakout.default.is_empty()
                && !breakout.supported.contains_key(&breakout.default)
            {
                error(
                    format!("{at}.breakout.default"),
                    format!("profile {name:?} must have default breakout in supported breakouts"),
                );
            }
            for (mode, offsets) in &breakout.supported {
                let path = format!("{at}.breakout.supported{}", key(mode));
                if offsets.offsets.is_empty() {
                    error(
                        path.clone(),
                        format!("profile {name:?} must have non-empty offsets for mode {mode:?}"),
                    );
                }
                if let Some(problem) = breakout_mode_problem(mode) {
                    error(path, format!("profile {name:?}: {problem}"));
                }
            }
        }
    }
    for (name, pipeline) in &spec.pipelines {
        let at = format!("spec.pipelines{}", key(name));
        if name.is_empty() {
            error(at.clone(), "a pipeline must have a name".into());
        }
        if pipeline.max_ports == 0 {
            error(
                format!("{at}.maxPorts"),
                format!("pipeline {name:?} must have a non-zero max ports"),
            );
        }
    }
    out
}
