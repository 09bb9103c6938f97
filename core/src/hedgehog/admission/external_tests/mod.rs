//! Table tests of the External, ExternalAttachment, ExternalPeering, Gateway, GatewayGroup and
//! GatewayPeering rules over YAML. The cases port Hedgehog's tables
//! (`api/vpc/v1beta1/external*_types_test.go`, `api/gateway/v1alpha1/*_test.go`) and are named
//! as there; `…: beyond Hedgehog's table` cases cover the other rules with a passing and a
//! failing case each.
//!
//! Hedgehog's tests that run `Validate` without a cluster client ("kube nil") run here with
//! [`Options::known_fabric`]: references to objects missing from the set are warnings, so only
//! the object's own rules can fail. Cases whose context holds Switches or Connections ignore
//! the findings on those (the wiring rules' business) and check the kinds of this file.

use serde_json::{Value, json};

use super::tests::{
    Case, Error, Expect, VPC_API, Valid, WIRING_API, case, doc, run_cases, with_ns,
};
use super::{Object, Options, Severity, check, default_spec};

mod external;
mod externalattachment;
mod externalpeering;
mod gateway;
mod gatewaypeering;
mod gatewaypeering_acl;
mod gatewaypeering_cidr;
mod gatewaypeering_nat;

const GW_API: &str = "gateway.githedgehog.com/v1alpha1";

/// Runs `cases` through [`check`] with `options`, ignoring findings on objects of the `ignore`
/// kinds; `Valid` means no error on any other object.
fn run_local(cases: Vec<Case>, options: Options, ignore: &[&str]) -> usize {
    let count = cases.len();
    let mut failures = Vec::new();
    for case in cases {
        let objects: Vec<Object> = case
            .docs
            .iter()
            .flat_map(|d| serde_saphyr::from_multiple::<Value>(d).unwrap())
            .map(|value| Object::from_document(&value, None).unwrap())
            .collect();
        let errors: Vec<_> = check(&objects, &options)
            .into_iter()
            .flatten()
            .filter(|p| p.severity == Severity::Error && !ignore.contains(&p.kind.as_str()))
            .collect();
        let shown = errors
            .iter()
            .map(|p| format!("  {}/{}: {}: {}", p.kind, p.name, p.path, p.message))
            .collect::<Vec<_>>()
            .join("\n");
        for expect in &case.expect {
            match expect {
                Expect::Valid if !errors.is_empty() => {
                    failures.push(format!("{}: expected valid, got\n{shown}", case.name))
                }
                Expect::Valid => {}
                Expect::Error(kind, name, field, text) => {
                    let hit = errors.iter().any(|p| {
                        p.kind == *kind
                            && p.name == *name
                            && p.path == *field
                            && p.message.contains(text)
                    });
                    if !hit {
                        failures.push(format!(
                            "{}: expected {kind}/{name}: {field}: …{text}…, got\n{shown}",
                            case.name
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    count
}

const WIRING_KINDS: [&str; 3] = ["Switch", "Connection", "SwitchProfile"];

fn run_with_wiring(cases: Vec<Case>) -> usize {
    run_local(cases, Options::default(), &WIRING_KINDS)
}

/// Hedgehog's "kube nil": the object's own rules only.
fn run_alone(cases: Vec<Case>) -> usize {
    run_local(cases, Options::known_fabric(true), &[])
}

fn external(name: &str, spec: &str) -> String {
    doc(VPC_API, "External", name, spec)
}

/// A BGP External with Hedgehog's test communities.
fn bgp_external(name: &str) -> String {
    external(
        name,
        "  ipv4Namespace: default\n  inboundCommunity: 50000:1001\n  outboundCommunity: 50000:1002\n",
    )
}

fn other_ipv4_namespace() -> String {
    doc(
        VPC_API,
        "IPv4Namespace",
        "other",
        "  subnets: [192.168.0.0/16]\n",
    )
}

// ---- Gateway and GatewayGroup ----

fn gateway_group(name: &str) -> String {
    doc(GW_API, "GatewayGroup", name, "  {}\n")
}

/// Hedgehog's `gwa("gw-1")`.
const GW1: &str = "  protocolIP: 172.30.8.3/32
  vtepIP: 172.30.12.1/32
  asn: 65101
  vtepMAC: ca:fe:ba:be:00:01
  vtepMTU: 1500
  interfaces:
    port0:
      kernel: eth0
      ips: [172.30.128.3/31]
      mtu: 1500
  neighbors:
  - {source: eth0, ip: 172.30.128.1, asn: 65100}
";

fn gateway(name: &str, spec: &str) -> String {
    doc(GW_API, "Gateway", name, spec)
}

/// A complete gateway numbered `n` (addresses and MAC of its own) in `groups`.
fn numbered_gateway(name: &str, n: u8, groups: &str) -> String {
    gateway(
        name,
        &format!(
            "  protocolIP: 172.30.8.{n}/32\n  vtepIP: 172.30.12.{n}/32\n  asn: 65101\n  vtepMAC: ca:fe:ba:be:01:{n:02x}\n  interfaces:\n    eth0: {{ips: [172.30.129.{n}/31]}}\n  neighbors:\n  - {{source: eth0, ip: 172.30.129.0, asn: 65100}}\n  groups: {groups}\n"
        ),
    )
}

// ---- GatewayPeering ----

fn gateway_peering(name: &str, spec: &str) -> String {
    doc(GW_API, "GatewayPeering", name, spec)
}

/// Hedgehog's `generatePeering`: vpc-1 exposes 10.0.1.0/24, vpc-2 10.0.2.0/24; `vpc1` and
/// `vpc2` replace the exposes when given.
fn generate_peering(name: &str, vpc1: Option<&str>, vpc2: Option<&str>, extra: &str) -> String {
    let one = vpc1.unwrap_or("      - ips: [{cidr: 10.0.1.0/24}]\n");
    let two = vpc2.unwrap_or("      - ips: [{cidr: 10.0.2.0/24}]\n");
    gateway_peering(
        name,
        &format!(
            "  gatewayGroup: default\n  peering:\n    vpc-1:\n      expose:\n{one}    vpc-2:\n      expose:\n{two}{extra}"
        ),
    )
}

/// Hedgehog's `generateExternalPeering`: vpc-1 exposes 10.0.1.0/24, `ext.out-1` the default
/// destination (or `ext` when given).
fn generate_external_peering(name: &str, ext: Option<&str>, extra: &str) -> String {
    let ext = ext.unwrap_or("      - default: true\n");
    gateway_peering(
        name,
        &format!(
            "  gatewayGroup: default\n  peering:\n    vpc-1:\n      expose:\n      - ips: [{{cidr: 10.0.1.0/24}}]\n    ext.out-1:\n      expose:\n{ext}{extra}"
        ),
    )
}

fn small_vpc(name: &str, subnet: &str, vlan: u16) -> String {
    doc(
        VPC_API,
        "VPC",
        name,
        &format!("  subnets:\n    sub1: {{subnet: {subnet}, vlan: {vlan}}}\n"),
    )
}

/// The default gateway group with a gateway in it, vpc-1 (sub1 10.0.1.0/24), vpc-2 (sub1
/// 10.0.2.0/24), External out-1, and the namespaces.
fn peering_context(mut docs: Vec<String>) -> Vec<String> {
    docs.push(gateway_group("default"));
    docs.push(numbered_gateway("gw-1", 1, "[{name: default}]"));
    docs.push(small_vpc("vpc-1", "10.0.1.0/24", 101));
    docs.push(small_vpc("vpc-2", "10.0.2.0/24", 102));
    docs.push(external("out-1", "  {}\n"));
    with_ns(docs)
}
