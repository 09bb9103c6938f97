//! Table tests over YAML fixtures, run through [`crate::hedgehog::files::check_sources`] (the
//! engine of `hnp validate`). The VPC and VLANNamespace cases port Hedgehog's own tables
//! (`api/vpc/v1beta1/vpc_types_test.go`, `api/wiring/v1beta1/vlannamespace_types_test.go`;
//! their cases are named as there); the others cover each rule of the other kinds with a
//! passing and a failing case. Each case lists the context objects it needs.

use serde_json::json;

use crate::hedgehog::files::{Finding, Report, check_sources};

mod attachments;
mod findings;
mod namespaces;
mod vpc;
mod vpc_rules;
mod vpcpeering;

/// IPv4Namespace `default` 10.0.0.0/8 and VLANNamespace `default` 100–4094 (Hedgehog's
/// `baseKubeObjs`).
pub(super) const NAMESPACES: &str = "
apiVersion: vpc.githedgehog.com/v1beta1
kind: IPv4Namespace
metadata:
  name: default
spec:
  subnets: [10.0.0.0/8]
---
apiVersion: wiring.githedgehog.com/v1beta1
kind: VLANNamespace
metadata:
  name: default
spec:
  ranges:
  - {from: 100, to: 4094}
";

/// A VPC document with the given `spec` body (indented by two spaces).
pub(super) fn vpc(name: &str, spec: &str) -> String {
    format!(
        "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: {name}\n  namespace: default\nspec:\n{spec}"
    )
}

/// Hedgehog's `vpcGen` base: subnet `default` 10.0.1.0/24, gateway 10.0.1.1, VLAN 100.
pub(super) const BASE_SUBNETS: &str = "  subnets:
    default:
      subnet: 10.0.1.0/24
      gateway: 10.0.1.1
      vlan: 100
";

pub(super) fn base_vpc(name: &str, extra: &str) -> String {
    vpc(name, &format!("{BASE_SUBNETS}{extra}"))
}

pub(super) fn doc(api: &str, kind: &str, name: &str, spec: &str) -> String {
    format!("apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\nspec:\n{spec}")
}

pub(super) const VPC_API: &str = "vpc.githedgehog.com/v1beta1";
pub(super) const WIRING_API: &str = "wiring.githedgehog.com/v1beta1";

/// Each document in its own file `case/<n>.yaml`.
pub(super) fn run(docs: &[String]) -> Report {
    let sources: Vec<(String, Vec<u8>)> = docs
        .iter()
        .enumerate()
        .map(|(n, d)| (format!("case/{n}.yaml"), d.clone().into_bytes()))
        .collect();
    check_sources(&sources)
}

pub(super) enum Expect {
    Valid,
    /// An error on `kind/name` at `field` whose message contains the text.
    Error(&'static str, &'static str, &'static str, &'static str),
}

pub(super) struct Case {
    pub(super) name: &'static str,
    pub(super) docs: Vec<String>,
    pub(super) expect: Vec<Expect>,
}

pub(super) fn case(name: &'static str, docs: Vec<String>, expect: Vec<Expect>) -> Case {
    Case { name, docs, expect }
}

pub(super) fn with_ns(mut docs: Vec<String>) -> Vec<String> {
    docs.push(NAMESPACES.to_owned());
    docs
}

pub(super) fn show(errors: &[Finding]) -> String {
    errors
        .iter()
        .map(|f| format!("  {}/{}: {}: {}", f.kind, f.name, f.field, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn run_cases(cases: Vec<Case>) -> usize {
    let mut failures = Vec::new();
    let count = cases.len();
    for case in cases {
        let report = run(&case.docs);
        for expect in &case.expect {
            match expect {
                Expect::Valid => {
                    if !report.valid {
                        failures.push(format!(
                            "{}: expected valid, got\n{}",
                            case.name,
                            show(&report.errors)
                        ));
                    }
                }
                Expect::Error(kind, name, field, text) => {
                    let hit = report.errors.iter().any(|f| {
                        f.kind == *kind
                            && f.name == *name
                            && f.field == *field
                            && f.message.contains(text)
                    });
                    if !hit {
                        failures.push(format!(
                            "{}: expected {kind}/{name}: {field}: …{text}…, got\n{}",
                            case.name,
                            show(&report.errors)
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    count
}

pub(super) use Expect::{Error, Valid};

/// A switch, a server and connections of each shape for attachment tests.
fn wiring() -> Vec<String> {
    vec![
        doc(
            WIRING_API,
            "Switch",
            "leaf-01",
            "  role: server-leaf\n  profile: vs\n  vlanNamespaces: [default]\n",
        ),
        doc(
            WIRING_API,
            "Switch",
            "leaf-02",
            "  role: server-leaf\n  profile: vs\n  vlanNamespaces: [other]\n  redundancy: {group: mclag-1, type: mclag}\n",
        ),
        doc(WIRING_API, "SwitchGroup", "mclag-1", "  {}\n"),
        doc(
            WIRING_API,
            "VLANNamespace",
            "other",
            "  ranges: [{from: 100, to: 200}]\n",
        ),
        doc(WIRING_API, "Server", "server-01", "  {}\n"),
        doc(WIRING_API, "Server", "server-02", "  {}\n"),
        doc(WIRING_API, "Server", "server-03", "  {}\n"),
        doc(
            WIRING_API,
            "Connection",
            "server-01--unbundled--leaf-01",
            "  unbundled:\n    link:\n      server: {port: server-01/enp2s1}\n      switch: {port: leaf-01/E1/1}\n",
        ),
        doc(
            WIRING_API,
            "Connection",
            "server-02--bundled--leaf-01",
            "  bundled:\n    links:\n    - server: {port: server-02/enp2s1}\n      switch: {port: leaf-01/E1/2}\n",
        ),
        doc(
            WIRING_API,
            "Connection",
            "server-03--unbundled--leaf-02",
            "  unbundled:\n    link:\n      server: {port: server-03/enp2s1}\n      switch: {port: leaf-02/E1/1}\n",
        ),
        doc(
            WIRING_API,
            "Connection",
            "leaf-01--mclag-domain--leaf-02",
            "  mclagDomain:\n    peerLinks:\n    - switch1: {port: leaf-01/E1/5}\n      switch2: {port: leaf-02/E1/5}\n    sessionLinks:\n    - switch1: {port: leaf-01/E1/6}\n      switch2: {port: leaf-02/E1/6}\n",
        ),
    ]
}

fn attachment(name: &str, spec: &str) -> String {
    doc(VPC_API, "VPCAttachment", name, spec)
}

fn with_wiring(mut docs: Vec<String>) -> Vec<String> {
    docs.extend(wiring());
    docs.push(base_vpc(
        "vpc-01",
        "    bgp:\n      subnet: 10.0.9.0/24\n      hostBGP: true\n",
    ));
    with_ns(docs)
}
