//! The kinds the simulator serves: [`ServedKind`], the Hedgehog kinds the product manages
//! and the switch agent's kind.

/// A kind the server can serve (its CRD is "installed").
#[derive(Debug, Clone)]
pub struct ServedKind {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub plural: String,
}

impl ServedKind {
    pub fn new(group: &str, version: &str, kind: &str, plural: &str) -> Self {
        ServedKind {
            group: group.into(),
            version: version.into(),
            kind: kind.into(),
            plural: plural.into(),
        }
    }

    pub(crate) fn api_version(&self) -> String {
        format!("{}/{}", self.group, self.version)
    }
}

/// Every Hedgehog kind the product manages (the CRDs of a current fabric).
pub fn hedgehog_kinds() -> Vec<ServedKind> {
    const VPC: &str = "vpc.githedgehog.com";
    const WIRING: &str = "wiring.githedgehog.com";
    const GATEWAY: &str = "gateway.githedgehog.com";
    [
        (VPC, "v1beta1", "VPC", "vpcs"),
        (VPC, "v1beta1", "VPCAttachment", "vpcattachments"),
        (VPC, "v1beta1", "VPCPeering", "vpcpeerings"),
        (VPC, "v1beta1", "IPv4Namespace", "ipv4namespaces"),
        (VPC, "v1beta1", "External", "externals"),
        (VPC, "v1beta1", "ExternalAttachment", "externalattachments"),
        (VPC, "v1beta1", "ExternalPeering", "externalpeerings"),
        (WIRING, "v1beta1", "Connection", "connections"),
        (WIRING, "v1beta1", "Server", "servers"),
        (WIRING, "v1beta1", "Switch", "switches"),
        (WIRING, "v1beta1", "SwitchGroup", "switchgroups"),
        (WIRING, "v1beta1", "VLANNamespace", "vlannamespaces"),
        (GATEWAY, "v1alpha1", "Gateway", "gateways"),
        (GATEWAY, "v1alpha1", "GatewayGroup", "gatewaygroups"),
        (GATEWAY, "v1alpha1", "GatewayPeering", "gatewaypeerings"),
    ]
    .into_iter()
    .map(|(g, v, k, p)| ServedKind::new(g, v, k, p))
    .collect()
}

/// Hedgehog's switch agent (`agent.githedgehog.com/v1beta1` `Agent`, one per switch, named after
/// it): not a kind HNP manages, served so a simulated cluster looks like a running fabric.
pub fn agent_kind() -> ServedKind {
    ServedKind::new("agent.githedgehog.com", "v1beta1", "Agent", "agents")
}
