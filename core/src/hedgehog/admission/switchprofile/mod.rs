//! SwitchProfile: admission (`SwitchProfile.Validate()`: display name, other names, silicon,
//! NOS type, platform; every port's name, NOS name, label, group or profile, breakout NOS names,
//! pipeline; every group and port profile referenced and well formed; speeds and breakout modes
//! from Hedgehog's allowed lists) and the port layout of a profile as a switch sees it (which
//! API port names exist, given the switch's breakouts).
//!
//! Hedgehog's built-in catalog (`pkg/ctrl/switchprofile/p_*.go`) is embedded as
//! `switch_profiles.json`, generated once from the Go literals of githedgehog/fabric commit
//! `78827deb`. SwitchProfile objects of the fabric add to it (an object with the name of a
//! built-in profile replaces it, as the cluster object would).

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

use super::{Fabric, Sink, Typed, key};

mod validate;

pub(super) use validate::check;
#[cfg(test)]
pub(super) use validate::problems;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Spec {
    pub display_name: String,
    pub other_names: Vec<String>,
    pub switch_silicon: String,
    pub features: Features,
    pub ports: BTreeMap<String, Port>,
    pub port_groups: BTreeMap<String, PortGroup>,
    pub port_profiles: BTreeMap<String, PortProfile>,
    pub nos_type: String,
    pub platform: String,
    pub pipelines: BTreeMap<String, Pipeline>,
    pub max_ports: u32,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Features {
    pub roce: bool,
    pub eslag: bool,
    #[serde(rename = "ecmpRoCEQPN")]
    pub ecmp_roce_qpn: bool,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Port {
    #[serde(rename = "nos")]
    pub nos_name: String,
    #[serde(rename = "baseNOSName")]
    pub base_nos_name: String,
    pub label: String,
    pub group: String,
    pub profile: String,
    pub management: bool,
    pub onie_port_name: String,
    pub pipeline: String,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub(super) struct PortGroup {
    #[serde(rename = "nos")]
    pub nos_name: String,
    pub profile: String,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct PortProfile {
    pub speed: Option<Speed>,
    pub breakout: Option<Breakout>,
    pub auto_neg_allowed: bool,
    pub auto_neg_default: bool,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub(super) struct Speed {
    pub default: String,
    pub supported: Vec<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub(super) struct Breakout {
    pub default: String,
    pub supported: BTreeMap<String, BreakoutMode>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub(super) struct BreakoutMode {
    pub offsets: Vec<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Pipeline {
    pub max_ports: u32,
}

#[derive(Deserialize)]
struct CatalogFile {
    profiles: BTreeMap<String, Spec>,
}

/// Hedgehog's built-in switch profiles by name (including the SONiC CLS+ and Cumulus ones,
/// which a fabric has only when its install-time configuration includes them).
static CATALOG: LazyLock<BTreeMap<String, Spec>> = LazyLock::new(|| {
    let file: CatalogFile = serde_json::from_str(include_str!("../../switch_profiles.json"))
        .expect("the embedded switch profile catalog is valid JSON");
    file.profiles
});

/// A built-in profile by name.
pub(super) fn builtin(name: &str) -> Option<&'static Spec> {
    CATALOG.get(name)
}

/// The names of the built-in profiles.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    CATALOG.keys().map(String::as_str)
}

/// Where a profile named by a switch comes from.
pub(super) enum Found<'f> {
    /// A SwitchProfile object of the set (its index) with a readable spec.
    Object(usize, &'f Spec),
    /// A SwitchProfile object of the set whose spec cannot be read (reported there).
    Unreadable,
    Builtin(&'static Spec),
    Missing,
}

/// The profile `name` as seen from object `from`: a SwitchProfile object of the set, else the
/// built-in catalog.
pub(super) fn find<'f>(fabric: &'f Fabric<'_>, from: usize, name: &str) -> Found<'f> {
    if let Some(object) = fabric.find(from, "SwitchProfile", name) {
        return match &fabric.typed[object] {
            Typed::SwitchProfile(spec) => Found::Object(object, spec),
            _ => Found::Unreadable,
        };
    }
    match builtin(name) {
        Some(spec) => Found::Builtin(spec),
        None => Found::Missing,
    }
}

impl Spec {
    /// The breakout profile of a data port, if it has one.
    pub fn breakout_of(&self, port: &Port) -> Option<&Breakout> {
        if port.profile.is_empty() {
            return None;
        }
        self.port_profiles
            .get(&port.profile)
            .and_then(|p| p.breakout.as_ref())
    }

    /// The port names a switch with these breakouts can use in connections (Hedgehog's
    /// `GetAPI2NOSPortsFor`): management ports, ports without breakout, and for a breakout port
    /// its name and `<port>/1` … `<port>/<n>` for the `n` lanes of its breakout mode (the
    /// switch's `portBreakouts` entry, else the profile's default). A breakout mode the profile
    /// does not support is an error.
    pub fn api_ports(
        &self,
        breakouts: &BTreeMap<String, String>,
    ) -> Result<HashSet<String>, String> {
        let mut ports = HashSet::with_capacity(self.ports.len() * 2);
        for (name, port) in &self.ports {
            match (port.management, self.breakout_of(port)) {
                (false, Some(breakout)) => {
                    let mode = breakouts.get(name).unwrap_or(&breakout.default);
                    let Some(lanes) = breakout.supported.get(mode) else {
                        return Err(format!(
                            "port {name} has breakout {mode} not supported by its profile {}",
                            port.profile
                        ));
                    };
                    ports.insert(name.clone());
                    for lane in 1..=lanes.offsets.len() {
                        ports.insert(format!("{name}/{lane}"));
                    }
                }
                _ => {
                    ports.insert(name.clone());
                }
            }
        }
        Ok(ports)
    }

    /// Hedgehog's `GetAvailableAPIPorts` (data ports only; a breakout port by its lanes).
    pub fn data_ports(&self, breakouts: &BTreeMap<String, String>) -> HashSet<String> {
        let mut ports = HashSet::new();
        for (name, port) in &self.ports {
            if port.management {
                continue;
            }
            match self.breakout_of(port) {
                Some(breakout) => {
                    let mode = breakouts.get(name).unwrap_or(&breakout.default);
                    if let Some(lanes) = breakout.supported.get(mode) {
                        for lane in 1..=lanes.offsets.len() {
                            ports.insert(format!("{name}/{lane}"));
                        }
                    }
                }
                None => {
                    ports.insert(name.clone());
                }
            }
        }
        ports
    }
}
