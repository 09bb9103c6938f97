//! Registry of the Kubernetes kinds that HNP Sync manages.
//!
//! Every managed kind is identified by its exact `apiVersion` (`group/version`)
//! and `kind`. Objects whose `apiVersion` is not listed here (for example an
//! older `vpc.githedgehog.com/v1alpha2` VPC) are *unmanaged*: [`lookup`]
//! returns `None` for them.

/// Static description of one managed kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KindInfo {
    /// Kubernetes `kind`, e.g. `VPC`.
    pub kind: &'static str,
    /// API group, e.g. `vpc.githedgehog.com`.
    pub group: &'static str,
    /// API version within the group, e.g. `v1beta1`.
    pub version: &'static str,
    /// Lowercase plural resource name, e.g. `vpcs`.
    pub plural: &'static str,
}

impl KindInfo {
    /// The `apiVersion` string, `group/version`.
    pub fn api_version(&self) -> String {
        format!("{}/{}", self.group, self.version)
    }

    /// Folder name used for this kind in the Git layout (the plural).
    pub fn folder(&self) -> &'static str {
        self.plural
    }
}

const VPC: &str = "vpc.githedgehog.com";
const WIRING: &str = "wiring.githedgehog.com";
const GATEWAY: &str = "gateway.githedgehog.com";

const fn k(
    kind: &'static str,
    group: &'static str,
    version: &'static str,
    plural: &'static str,
) -> KindInfo {
    KindInfo {
        kind,
        group,
        version,
        plural,
    }
}

static KINDS: [KindInfo; 15] = [
    k("VPC", VPC, "v1beta1", "vpcs"),
    k("VPCAttachment", VPC, "v1beta1", "vpcattachments"),
    k("VPCPeering", VPC, "v1beta1", "vpcpeerings"),
    k("IPv4Namespace", VPC, "v1beta1", "ipv4namespaces"),
    k("External", VPC, "v1beta1", "externals"),
    k("ExternalAttachment", VPC, "v1beta1", "externalattachments"),
    k("ExternalPeering", VPC, "v1beta1", "externalpeerings"),
    k("Connection", WIRING, "v1beta1", "connections"),
    k("Server", WIRING, "v1beta1", "servers"),
    k("Switch", WIRING, "v1beta1", "switches"),
    k("SwitchGroup", WIRING, "v1beta1", "switchgroups"),
    k("VLANNamespace", WIRING, "v1beta1", "vlannamespaces"),
    k("Gateway", GATEWAY, "v1alpha1", "gateways"),
    k("GatewayGroup", GATEWAY, "v1alpha1", "gatewaygroups"),
    k("GatewayPeering", GATEWAY, "v1alpha1", "gatewaypeerings"),
];

/// All managed kinds, in a stable order (grouped by API group).
pub fn all() -> &'static [KindInfo] {
    &KINDS
}

/// Finds a managed kind by exact `apiVersion` and `kind`.
///
/// Returns `None` for unknown kinds and for known kinds at an unmanaged
/// version (e.g. `vpc.githedgehog.com/v1alpha2` + `VPC`).
pub fn lookup(api_version: &str, kind: &str) -> Option<&'static KindInfo> {
    let (group, version) = api_version.split_once('/')?;
    KINDS
        .iter()
        .find(|k| k.kind == kind && k.group == group && k.version == version)
}

/// Finds a managed kind by its `kind` name only (exact, case-sensitive).
pub fn by_kind(kind: &str) -> Option<&'static KindInfo> {
    KINDS.iter().find(|k| k.kind == kind)
}

/// Identity of a resource within a fabric: kind, namespace, name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceKey {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl std::fmt::Display for ResourceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}/{}", self.kind, self.namespace, self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn registry_has_fifteen_unique_kinds() {
        assert_eq!(all().len(), 15);
        let kinds: HashSet<_> = all().iter().map(|k| k.kind).collect();
        let folders: HashSet<_> = all().iter().map(|k| k.folder()).collect();
        assert_eq!(kinds.len(), 15);
        assert_eq!(folders.len(), 15);
    }

    #[test]
    fn folder_is_plural_and_lowercase() {
        for k in all() {
            assert_eq!(k.folder(), k.plural);
            assert_eq!(k.plural, k.plural.to_ascii_lowercase());
            assert!(k.plural.ends_with('s'), "{}", k.plural);
        }
        assert_eq!(by_kind("Switch").unwrap().folder(), "switches");
    }

    #[test]
    fn api_versions() {
        assert_eq!(
            by_kind("VPC").unwrap().api_version(),
            "vpc.githedgehog.com/v1beta1"
        );
        assert_eq!(
            by_kind("Connection").unwrap().api_version(),
            "wiring.githedgehog.com/v1beta1"
        );
        assert_eq!(
            by_kind("GatewayPeering").unwrap().api_version(),
            "gateway.githedgehog.com/v1alpha1"
        );
        let groups: HashSet<_> = all().iter().map(|k| (k.group, k.version)).collect();
        assert_eq!(groups.len(), 3);
    }

    #[test]
    fn lookup_exact_match() {
        for k in all() {
            let found = lookup(&k.api_version(), k.kind).unwrap();
            assert_eq!(found, k);
        }
        let ipv4 = lookup("vpc.githedgehog.com/v1beta1", "IPv4Namespace").unwrap();
        assert_eq!(ipv4.plural, "ipv4namespaces");
    }

    #[test]
    fn lookup_unmanaged_and_unknown() {
        assert!(lookup("vpc.githedgehog.com/v1alpha2", "VPC").is_none());
        assert!(lookup("wiring.githedgehog.com/v1beta1", "VPC").is_none());
        assert!(lookup("vpc.githedgehog.com/v1beta1", "vpc").is_none());
        assert!(lookup("vpc.githedgehog.com", "VPC").is_none());
        assert!(lookup("v1", "ConfigMap").is_none());
        assert!(lookup("", "").is_none());
        assert!(lookup("vpc.githedgehog.com/v1beta1/x", "VPC").is_none());
    }

    #[test]
    fn by_kind_is_case_sensitive() {
        assert_eq!(
            by_kind("VLANNamespace").unwrap().group,
            "wiring.githedgehog.com"
        );
        assert!(by_kind("vlannamespace").is_none());
        assert!(by_kind("ConfigMap").is_none());
    }
}
