//! VPCAttachment: defaulting (`vpc` → `vpc/default`) and admission (subnet and connection
//! given, the p2p-link annotation a /31; against the fabric: the VPC and its subnet exist, the
//! Connection exists and is unbundled, bundled or ESLAG, ESLAG only for l2vni VPCs, hostBGP
//! subnets only on unbundled connections and not on MCLAG switches, the connection's switches
//! exist and carry the VPC's VLANNamespace; between attachments: one connection attached twice
//! to one subnet, or with two native VLANs). Switch profile features are not checked yet.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Value, json};

use super::ip::Prefix;
use super::{Fabric, Sink, key};

const P2P_ANNOTATION: &str = "fabric.githedgehog.com/p2p-link";

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Spec {
    pub subnet: String,
    pub connection: String,
    #[serde(rename = "nativeVLAN")]
    pub native_vlan: bool,
}

impl Spec {
    /// `(vpc, subnet)` of `vpc/subnet`; `None` without a slash.
    fn target(&self) -> Option<(&str, &str)> {
        self.subnet.split_once('/')
    }
}

/// `VPCAttachment.Default()`: a subnet written as just the VPC name gets `/default`.
pub(super) fn default(spec: &mut Value) {
    if let Some(Value::String(subnet)) = spec.get_mut("subnet")
        && !subnet.is_empty()
        && !subnet.contains('/')
    {
        *subnet = format!("{subnet}/default");
    }
    // Keep the value a string even if something odd was written.
    if let Some(subnet) = spec.get("subnet")
        && !subnet.is_string()
        && !subnet.is_null()
    {
        let text = subnet.to_string();
        spec["subnet"] = json!(text);
    }
}

pub(super) fn check(fabric: &Fabric<'_>, i: usize, spec: &Spec, sink: &mut Sink<'_>) {
    let object = &fabric.objects[i];
    if let Some(p2p) = object.annotations.get(P2P_ANNOTATION) {
        let path = format!("metadata.annotations{}", key(P2P_ANNOTATION));
        match Prefix::parse(p2p) {
            _ if p2p.is_empty() => sink.error(i, path, "the p2p link subnet is empty"),
            Some(prefix) if prefix.bits() == 31 && !p2p.contains(':') => {}
            _ => sink.error(
                i,
                path,
                format!("the p2p link subnet must be an IPv4 /31 prefix, got {p2p:?}"),
            ),
        }
    }
    let mut target = None;
    if spec.subnet.is_empty() {
        sink.error(i, "spec.subnet", "subnet is required");
    } else {
        match spec.target() {
            Some(("", _)) => sink.error(
                i,
                "spec.subnet",
                "subnet must be <vpc>/<subnet>: the VPC is missing",
            ),
            None => sink.error(
                i,
                "spec.subnet",
                "subnet must be <vpc>/<subnet>: the subnet is missing",
            ),
            Some(pair) => target = Some(pair),
        }
    }
    if spec.connection.is_empty() {
        sink.error(i, "spec.connection", "connection is required");
    }

    let Some((vpc_name, subnet_name)) = target else {
        return;
    };
    let Some(vpc) = fabric.find(i, "VPC", vpc_name) else {
        sink.missing(i, "spec.subnet", format!("VPC {vpc_name} not found"));
        return;
    };
    let Some(vpc_spec) = fabric.vpc(vpc) else {
        return; // the VPC itself is unreadable and reported there
    };
    let Some(subnet) = vpc_spec.subnets.get(subnet_name) else {
        sink.error_related(
            i,
            "spec.subnet",
            format!("subnet {subnet_name:?} not found in VPC {vpc_name}"),
            vpc,
        );
        return;
    };
    if spec.connection.is_empty() {
        return;
    }
    let Some(conn) = fabric.find(i, "Connection", &spec.connection) else {
        sink.missing(
            i,
            "spec.connection",
            format!("Connection {} not found", spec.connection),
        );
        return;
    };
    let conn_spec = &fabric.specs[conn];
    let present = |field: &str| conn_spec.get(field).is_some_and(|v| !v.is_null());
    let (unbundled, bundled, eslag) = (present("unbundled"), present("bundled"), present("eslag"));
    if !(unbundled || bundled || eslag) {
        sink.error_related(
            i,
            "spec.connection",
            format!(
                "Connection {} is not unbundled, bundled or eslag: VPCs cannot be attached to it",
                spec.connection
            ),
            conn,
        );
        return;
    }
    if eslag && !vpc_spec.mode.is_empty() {
        sink.error_related(
            i,
            "spec.connection",
            format!(
                "VPC {vpc_name} has mode {}, ESLAG connections support only l2vni VPCs",
                vpc_spec.mode
            ),
            conn,
        );
    }
    if subnet.host_bgp && !unbundled {
        sink.error_related(
            i,
            "spec.connection",
            format!(
                "subnet {vpc_name}/{subnet_name} is a hostBGP subnet: only unbundled connections can attach to it"
            ),
            conn,
        );
    }
    for switch_name in connection_switches(conn_spec) {
        let Some(switch) = fabric.find(i, "Switch", &switch_name) else {
            sink.missing_related(
                i,
                "spec.connection",
                format!(
                    "Switch {switch_name} used by Connection {} not found",
                    spec.connection
                ),
                conn,
            );
            continue;
        };
        let switch_spec = &fabric.specs[switch];
        let namespaces: Vec<&str> = switch_spec
            .get("vlanNamespaces")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let has_namespace = if namespaces.is_empty() {
            vpc_spec.vlan_namespace == "default" // Switch.Default() sets ["default"]
        } else {
            namespaces.contains(&vpc_spec.vlan_namespace.as_str())
        };
        if !has_namespace {
            sink.error_related(
                i,
                "spec.connection",
                format!(
                    "Switch {switch_name} does not have VLANNamespace {} of VPC {vpc_name}",
                    vpc_spec.vlan_namespace
                ),
                switch,
            );
        }
        let redundancy = |field: &str| {
            switch_spec
                .get("redundancy")
                .and_then(|r| r.get(field))
                .and_then(Value::as_str)
                .unwrap_or("")
        };
        if subnet.host_bgp && !redundancy("group").is_empty() && redundancy("type") == "mclag" {
            sink.error_related(
                i,
                "spec.subnet",
                format!(
                    "hostBGP subnet cannot be attached to Switch {switch_name}: it is an MCLAG peer"
                ),
                switch,
            );
        }
    }
}

/// Switch names of an unbundled, bundled or ESLAG connection (`switch/port` → `switch`).
fn connection_switches(spec: &Value) -> Vec<String> {
    let mut ports = Vec::new();
    if let Some(port) = spec
        .pointer("/unbundled/link/switch/port")
        .and_then(Value::as_str)
    {
        ports.push(port);
    }
    for shape in ["bundled", "eslag"] {
        if let Some(links) = spec
            .get(shape)
            .and_then(|s| s.get("links"))
            .and_then(Value::as_array)
        {
            ports.extend(
                links
                    .iter()
                    .filter_map(|l| l.pointer("/switch/port").and_then(Value::as_str)),
            );
        }
    }
    let mut switches: Vec<String> = ports
        .into_iter()
        .filter_map(|p| p.split_once('/').map(|(device, _)| device.to_owned()))
        .filter(|d| !d.is_empty())
        .collect();
    switches.sort();
    switches.dedup();
    switches
}

/// Between attachments of one connection: the same subnet twice, or two native VLANs. Grouped
/// by connection (linear); each attachment names one other (and how many more).
pub(super) fn check_fabric(fabric: &Fabric<'_>, sink: &mut Sink<'_>) {
    let mut same_subnet: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
    let mut native: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, object) in fabric.objects.iter().enumerate() {
        let super::Typed::VpcAttachment(spec) = &fabric.typed[i] else {
            continue;
        };
        if spec.connection.is_empty() || spec.subnet.is_empty() {
            continue;
        }
        same_subnet
            .entry((object.namespace(), &spec.connection, &spec.subnet))
            .or_default()
            .push(i);
        if spec.native_vlan {
            native
                .entry((object.namespace(), &spec.connection))
                .or_default()
                .push(i);
        }
    }
    let mut report = |users: &[usize], path: &str, what: &dyn Fn(usize) -> String| {
        if users.len() < 2 {
            return;
        }
        for (position, &me) in users.iter().enumerate() {
            let other = users[if position == 0 { 1 } else { 0 }];
            let more = match users.len() - 2 {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            sink.error_related(
                me,
                path,
                format!(
                    "{} VPCAttachment {}{more}",
                    what(me),
                    fabric.objects[other].name
                ),
                other,
            );
        }
    };
    for ((_, connection, subnet), users) in &same_subnet {
        report(users, "spec.subnet", &|_| {
            format!("Connection {connection} is attached to {subnet} also by")
        });
    }
    for ((_, connection), users) in &native {
        report(users, "spec.nativeVLAN", &|_| {
            format!("Connection {connection} has a native VLAN also from")
        });
    }
}
