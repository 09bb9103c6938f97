//! Table tests over YAML fixtures, run through [`crate::hedgehog::files::check_sources`] (the
//! engine of `hnp validate`). The VPC and VLANNamespace cases port Hedgehog's own tables
//! (`api/vpc/v1beta1/vpc_types_test.go`, `api/wiring/v1beta1/vlannamespace_types_test.go`;
//! their cases are named as there); the others cover each rule of the other kinds with a
//! passing and a failing case. Each case lists the context objects it needs.

use serde_json::json;

use crate::hedgehog::files::{Finding, Report, check_sources};

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

#[test]
fn vpc_table_ported_from_hedgehog() {
    let mut too_many = String::from(BASE_SUBNETS);
    for i in 0..21 {
        too_many.push_str(&format!(
            "    sub{i}:\n      subnet: 10.0.{}.0/24\n      gateway: 10.0.{}.1\n      vlan: {}\n",
            i + 2,
            i + 2,
            200 + i
        ));
    }
    let other_vpc = |subnet: &str| {
        vpc(
            "other-vpc",
            &format!("  subnets:\n    default:\n      subnet: {subnet}\n      vlan: 200\n"),
        )
    };
    let subnet = |body: &str| vpc("vpc-01", &format!("  subnets:\n    default:\n{body}"));
    let cases = vec![
        case("valid vpc", vec![base_vpc("vpc-01", "")], vec![Valid]),
        case(
            "valid vpc with kube",
            with_ns(vec![base_vpc("vpc-01", "")]),
            vec![Valid],
        ),
        case(
            "name too long",
            with_ns(vec![base_vpc("vpc-toolong-n", "")]),
            vec![Error("VPC", "vpc-toolong-n", "metadata.name", "11")],
        ),
        case(
            "name starts with ext.",
            with_ns(vec![base_vpc("ext.foo", "")]),
            vec![Error("VPC", "ext.foo", "metadata.name", "ext.")],
        ),
        case(
            "no subnets",
            with_ns(vec![vpc("vpc-01", "  subnets: {}\n")]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets",
                "at least one subnet",
            )],
        ),
        case(
            "too many subnets",
            with_ns(vec![vpc("vpc-01", &too_many)]),
            vec![Error("VPC", "vpc-01", "spec.subnets", "too many subnets")],
        ),
        case(
            "missing subnet cidr",
            with_ns(vec![subnet("      gateway: 10.0.1.1\n      vlan: 100\n")]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.subnet",
                "required",
            )],
        ),
        case(
            "invalid subnet cidr",
            with_ns(vec![subnet(
                "      subnet: not-a-cidr\n      gateway: 10.0.1.1\n      vlan: 100\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.subnet",
                "not a valid CIDR",
            )],
        ),
        case(
            "subnet prefix too large",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/31\n      gateway: 10.0.1.0\n      vlan: 100\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.subnet",
                "too long",
            )],
        ),
        case(
            "invalid gateway",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/24\n      gateway: not-an-ip\n      vlan: 100\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.gateway",
                "not a valid IP",
            )],
        ),
        case(
            "gateway not in subnet",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/24\n      gateway: 10.1.0.1\n      vlan: 100\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.gateway",
                "not in the subnet",
            )],
        ),
        case(
            "missing vlan",
            with_ns(vec![subnet("      subnet: 10.0.1.0/24\n")]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.vlan",
                "required",
            )],
        ),
        case(
            "duplicate vlans",
            with_ns(vec![base_vpc(
                "vpc-01",
                "    second:\n      subnet: 10.0.2.0/24\n      vlan: 100\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.second.vlan",
                "also used by subnet default",
            )],
        ),
        case(
            "overlapping subnets",
            with_ns(vec![base_vpc(
                "vpc-01",
                "    second:\n      subnet: 10.0.1.128/25\n      vlan: 101\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.second.subnet",
                "overlaps subnet default",
            )],
        ),
        case(
            "permit with single subnet",
            with_ns(vec![base_vpc("vpc-01", "  permit:\n  - [default]\n")]),
            vec![Error("VPC", "vpc-01", "spec.permit[0]", "at least 2")],
        ),
        case(
            "permit references unknown subnet",
            with_ns(vec![base_vpc(
                "vpc-01",
                "  permit:\n  - [default, nonexistent]\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.permit[0][1]",
                "nonexistent not found",
            )],
        ),
        case(
            "dhcp relay and server both enabled",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        enable: true\n        relay: 192.168.0.1/24\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.dhcp.relay",
                "cannot be enabled at the same time",
            )],
        ),
        // Hedgehog removes the range after Default(); written without one in a file, the
        // webhook defaults it, so the object is admitted.
        case(
            "dhcp enabled without range (defaulted)",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        enable: true\n",
            )]),
            vec![Valid],
        ),
        case(
            "dhcp range start not before end",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        enable: true\n        range: {start: 10.0.1.200, end: 10.0.1.100}\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.dhcp.range.start",
                "does not come before",
            )],
        ),
        case(
            "valid vpc with dhcp",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        enable: true\n",
            )]),
            vec![Valid],
        ),
        case(
            "host bgp subnet with dhcp enabled",
            with_ns(vec![base_vpc(
                "vpc-01",
                "    bgp:\n      subnet: 10.0.2.0/24\n      hostBGP: true\n      dhcp:\n        enable: true\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.bgp.dhcp.enable",
                "hostBGP",
            )],
        ),
        case(
            "static ip is broadcast address",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        enable: true\n        static:\n          aa:bb:cc:dd:ee:ff: {ip: 10.0.1.255}\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.dhcp.static.aa:bb:cc:dd:ee:ff.ip",
                "broadcast",
            )],
        ),
        case(
            "static route missing prefix",
            with_ns(vec![base_vpc(
                "vpc-01",
                "  staticRoutes:\n  - nextHops: [10.0.0.1]\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.staticRoutes[0].prefix",
                "required",
            )],
        ),
        case(
            "static route missing nexthops",
            with_ns(vec![base_vpc(
                "vpc-01",
                "  staticRoutes:\n  - prefix: 172.16.0.0/12\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.staticRoutes[0].nextHops",
                "at least one",
            )],
        ),
        case(
            "subnet not in ipv4namespace",
            with_ns(vec![subnet(
                "      subnet: 172.16.0.0/24\n      gateway: 172.16.0.1\n      vlan: 100\n",
            )]),
            vec![
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.subnet",
                    "not within IPv4Namespace default",
                ),
                Error(
                    "IPv4Namespace",
                    "default",
                    "spec.subnets",
                    "VPC vpc-01 subnet default",
                ),
            ],
        ),
        case(
            "vlan not in vlannamespace",
            with_ns(vec![subnet("      subnet: 10.0.1.0/24\n      vlan: 50\n")]),
            vec![
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.vlan",
                    "not within VLANNamespace default (100-4094)",
                ),
                Error("VLANNamespace", "default", "spec.ranges", "VPC vpc-01"),
            ],
        ),
        case(
            "subnet overlaps with other vpc identical prefix",
            with_ns(vec![base_vpc("vpc-01", ""), other_vpc("10.0.1.0/24")]),
            vec![
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.subnet",
                    "of VPC other-vpc",
                ),
                Error(
                    "VPC",
                    "other-vpc",
                    "spec.subnets.default.subnet",
                    "of VPC vpc-01",
                ),
            ],
        ),
        case(
            "new vpc subnet contains existing vpc subnet",
            with_ns(vec![
                subnet("      subnet: 10.0.0.0/16\n      gateway: 10.0.0.1\n      vlan: 100\n"),
                other_vpc("10.0.1.0/24"),
            ]),
            vec![
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.subnet",
                    "10.0.0.0/16 overlaps subnet default (10.0.1.0/24) of VPC other-vpc",
                ),
                Error(
                    "VPC",
                    "other-vpc",
                    "spec.subnets.default.subnet",
                    "of VPC vpc-01",
                ),
            ],
        ),
        case(
            "new vpc subnet contained in existing vpc subnet",
            with_ns(vec![
                subnet("      subnet: 10.0.1.64/26\n      gateway: 10.0.1.65\n      vlan: 100\n"),
                other_vpc("10.0.1.0/24"),
            ]),
            vec![
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.subnet",
                    "of VPC other-vpc",
                ),
                Error(
                    "VPC",
                    "other-vpc",
                    "spec.subnets.default.subnet",
                    "of VPC vpc-01",
                ),
            ],
        ),
    ];
    assert_eq!(run_cases(cases), 29);
}

#[test]
fn vpc_rules_beyond_hedgehogs_table() {
    let subnet = |body: &str| vpc("vpc-01", &format!("  subnets:\n    default:\n{body}"));
    let dhcp = |body: &str| {
        subnet(&format!(
            "      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        enable: true\n{body}"
        ))
    };
    let cases = vec![
        case(
            "l3vni mode",
            with_ns(vec![base_vpc("vpc-01", "  mode: l3vni\n")]),
            vec![Valid],
        ),
        case(
            "l3flat mode",
            with_ns(vec![base_vpc("vpc-01", "  mode: l3flat\n")]),
            vec![Error("VPC", "vpc-01", "spec.mode", "not supported")],
        ),
        case(
            "unknown mode",
            with_ns(vec![base_vpc("vpc-01", "  mode: l2flat\n")]),
            vec![Error("VPC", "vpc-01", "spec.mode", "invalid mode")],
        ),
        case(
            "static route prefix invalid, advertised route without gateway, empty static ip",
            with_ns(vec![vpc(
                "vpc-01",
                "  subnets:\n    default:\n      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        enable: true\n        options:\n          advertisedRoutes:\n          - {destination: 10.1.0.0/16}\n        static:\n          aa:bb:cc:dd:ee:05: {ip: \"\"}\n  staticRoutes:\n  - {prefix: 172.16.0.0, nextHops: [10.0.1.5]}\n",
            )]),
            vec![
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.staticRoutes[0].prefix",
                    "not a valid prefix",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.options.advertisedRoutes[0].gateway",
                    "required",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.static.aa:bb:cc:dd:ee:05.ip",
                    "empty static IP",
                ),
            ],
        ),
        case(
            "vlan reused by another vpc",
            with_ns(vec![
                base_vpc("vpc-01", ""),
                vpc(
                    "vpc-02",
                    "  subnets:\n    s1:\n      subnet: 10.0.2.0/24\n      vlan: 100\n",
                ),
            ]),
            vec![
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.vlan",
                    "VLAN 100 is also used by VPC vpc-02 subnet s1",
                ),
                Error(
                    "VPC",
                    "vpc-02",
                    "spec.subnets.s1.vlan",
                    "VLAN 100 is also used by VPC vpc-01 subnet default",
                ),
            ],
        ),
        case(
            "distinct vlans and subnets across vpcs",
            with_ns(vec![
                base_vpc("vpc-01", ""),
                vpc(
                    "vpc-02",
                    "  subnets:\n    s1:\n      subnet: 10.0.2.0/24\n      vlan: 101\n",
                ),
            ]),
            vec![Valid],
        ),
        case(
            "same subnet in different ipv4 namespaces",
            vec![
                NAMESPACES.to_owned(),
                doc(
                    VPC_API,
                    "IPv4Namespace",
                    "other",
                    "  subnets: [10.0.0.0/8]\n",
                ),
                base_vpc("vpc-01", ""),
                vpc(
                    "vpc-02",
                    "  ipv4Namespace: other\n  subnets:\n    s1:\n      subnet: 10.0.1.0/24\n      vlan: 101\n",
                ),
            ],
            vec![Valid],
        ),
        case(
            "relay vpc without relay",
            with_ns(vec![dhcp("").replace(
                "        enable: true\n",
                "        relayVPC: vpc-01\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.dhcp.relayVPC",
                "no DHCP relay",
            )],
        ),
        case(
            "relay vpc not found",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        relay: 10.0.9.1/32\n        relayVPC: nowhere\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.dhcp.relayVPC",
                "nowhere not found",
            )],
        ),
        case(
            "relay that is not a prefix",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        relay: 10.0.9.1\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.dhcp.relay",
                "not a valid prefix",
            )],
        ),
        case(
            "dhcp options valid",
            with_ns(vec![dhcp(
                "        options:\n          dnsServers: [10.0.1.5]\n          timeServers: [10.0.1.6]\n          interfaceMTU: 1500\n          advertisedRoutes:\n          - {destination: 192.168.0.0/16, gateway: 10.0.1.1}\n",
            )]),
            vec![Valid],
        ),
        case(
            "dhcp options invalid",
            with_ns(vec![dhcp(
                "        options:\n          dnsServers: [dns.example]\n          timeServers: [ntp]\n          interfaceMTU: 9100\n          advertisedRoutes:\n          - {destination: 192.168.0.0, gateway: 10.9.9.9}\n          - {gateway: 10.0.1.1}\n",
            )]),
            vec![
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.options.dnsServers[0]",
                    "not a valid IP",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.options.timeServers[0]",
                    "not a valid IP",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.options.interfaceMTU",
                    "between 96 and 9036",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.options.advertisedRoutes[0].destination",
                    "not a valid prefix",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.options.advertisedRoutes[0].gateway",
                    "not in the subnet",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.options.advertisedRoutes[1].destination",
                    "required",
                ),
            ],
        ),
        case(
            "dhcp range outside the subnet, on the gateway and the network",
            with_ns(vec![dhcp(
                "        range: {start: 10.0.1.1, end: 10.0.2.10}\n",
            )]),
            vec![
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.range.start",
                    "is the gateway",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.range.end",
                    "not in the subnet",
                ),
            ],
        ),
        case(
            "dhcp range start is the subnet address",
            with_ns(vec![dhcp("        range: {start: 10.0.1.0}\n")]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.dhcp.range.start",
                "subnet address",
            )],
        ),
        case(
            "static leases valid",
            with_ns(vec![dhcp(
                "        static:\n          AA-BB-CC-DD-EE-01: {ip: 10.0.1.10}\n          aa:bb:cc:dd:ee:02: {ip: 10.0.1.11}\n",
            )]),
            vec![Valid],
        ),
        case(
            "static leases invalid",
            with_ns(vec![dhcp(
                "        static:\n          not-a-mac: {ip: 10.0.1.10}\n          aa:bb:cc:dd:ee:02: {ip: 10.0.1.10}\n          aa:bb:cc:dd:ee:03: {ip: 10.0.2.10}\n          aa:bb:cc:dd:ee:04: {ip: 10.0.1.1}\n",
            )]),
            vec![
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.static.not-a-mac",
                    "not a valid MAC",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.static.not-a-mac.ip",
                    "already assigned to MAC aa:bb:cc:dd:ee:02",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.static.aa:bb:cc:dd:ee:03.ip",
                    "not in the subnet",
                ),
                Error(
                    "VPC",
                    "vpc-01",
                    "spec.subnets.default.dhcp.static.aa:bb:cc:dd:ee:04.ip",
                    "is the gateway",
                ),
            ],
        ),
        case(
            "static leases with dhcp disabled",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        static:\n          aa:bb:cc:dd:ee:01: {ip: 10.0.1.10}\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.subnets.default.dhcp.static",
                "need DHCP enabled",
            )],
        ),
        // Default() drops range and options of a subnet without DHCP: admitted.
        case(
            "range and options with dhcp disabled are dropped",
            with_ns(vec![subnet(
                "      subnet: 10.0.1.0/24\n      vlan: 100\n      dhcp:\n        range: {start: 10.0.1.10}\n        options: {pxeURL: tftp://10.0.1.5/boot}\n",
            )]),
            vec![Valid],
        ),
        case(
            "static route with host bits",
            with_ns(vec![base_vpc(
                "vpc-01",
                "  staticRoutes:\n  - {prefix: 172.16.0.1/12, nextHops: [10.0.1.5]}\n",
            )]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.staticRoutes[0].prefix",
                "host bits",
            )],
        ),
        case(
            "static route valid",
            with_ns(vec![base_vpc(
                "vpc-01",
                "  staticRoutes:\n  - {prefix: 172.16.0.0/12, nextHops: [10.0.1.5]}\n",
            )]),
            vec![Valid],
        ),
        case(
            "permit valid and duplicate",
            with_ns(vec![base_vpc(
                "vpc-01",
                "    second:\n      subnet: 10.0.2.0/24\n      vlan: 101\n  permit:\n  - [default, second]\n  - [default, default]\n",
            )]),
            vec![Error("VPC", "vpc-01", "spec.permit[1][1]", "listed twice")],
        ),
        case(
            "vpc in another namespace",
            with_ns(vec![
                base_vpc("vpc-01", "").replace("namespace: default", "namespace: team-a"),
            ]),
            vec![Error(
                "VPC",
                "vpc-01",
                "metadata.namespace",
                "only the default namespace",
            )],
        ),
        case(
            "unknown ipv4 namespace",
            with_ns(vec![base_vpc("vpc-01", "  ipv4Namespace: nowhere\n")]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.ipv4Namespace",
                "IPv4Namespace nowhere not found",
            )],
        ),
        case(
            "unknown vlan namespace",
            with_ns(vec![base_vpc("vpc-01", "  vlanNamespace: nowhere\n")]),
            vec![Error(
                "VPC",
                "vpc-01",
                "spec.vlanNamespace",
                "VLANNamespace nowhere not found",
            )],
        ),
        case(
            "vpc defined twice",
            with_ns(vec![base_vpc("vpc-01", ""), base_vpc("vpc-01", "")]),
            vec![Error(
                "VPC",
                "vpc-01",
                "metadata.name",
                "defined more than once (also at case/1.yaml:1)",
            )],
        ),
        case(
            "schema: unknown field",
            with_ns(vec![base_vpc("vpc-01", "  subnetz: {}\n")]),
            vec![Error("VPC", "vpc-01", "spec.subnetz", "")],
        ),
    ];
    assert_eq!(run_cases(cases), 26);
}

#[test]
fn missing_default_namespaces_are_warnings() {
    let report = run(&[base_vpc("vpc-01", "")]);
    assert!(report.valid, "{}", show(&report.errors));
    let fields: Vec<&str> = report.warnings.iter().map(|w| w.field.as_str()).collect();
    assert_eq!(fields, ["spec.ipv4Namespace", "spec.vlanNamespace"]);
}

#[test]
fn ipv4namespace_rules() {
    let ns = |subnets: &str| {
        doc(
            VPC_API,
            "IPv4Namespace",
            "ns-1",
            &format!("  subnets: {subnets}\n"),
        )
    };
    let eleven: Vec<String> = (0..11).map(|i| format!("10.{i}.0.0/16")).collect();
    let cases = vec![
        case("valid", vec![ns("[10.0.0.0/16, 10.1.0.0/16]")], vec![Valid]),
        case(
            "invalid cidr",
            vec![ns("[10.0.0.0/16, 10.1.0.0]")],
            vec![Error(
                "IPv4Namespace",
                "ns-1",
                "spec.subnets[1]",
                "not a valid CIDR",
            )],
        ),
        case(
            "overlap",
            vec![ns("[10.0.0.0/16, 10.0.128.0/17]")],
            vec![Error(
                "IPv4Namespace",
                "ns-1",
                "spec.subnets[1]",
                "overlaps 10.0.0.0/16",
            )],
        ),
        case(
            "too many",
            vec![ns(&format!("[{}]", eleven.join(", ")))],
            vec![Error("IPv4Namespace", "ns-1", "spec.subnets", "too many")],
        ),
        case(
            "name too long",
            vec![doc(
                VPC_API,
                "IPv4Namespace",
                "namespace-12",
                "  subnets: [10.0.0.0/16]\n",
            )],
            vec![Error(
                "IPv4Namespace",
                "namespace-12",
                "metadata.name",
                "11",
            )],
        ),
    ];
    assert_eq!(run_cases(cases), 5);
}

#[test]
fn vlannamespace_table_ported_from_hedgehog() {
    let ns = |ranges: &str| {
        doc(
            WIRING_API,
            "VLANNamespace",
            "ns-1",
            &format!("  ranges: {ranges}\n"),
        )
    };
    let cases = vec![
        // Hedgehog's "fabric-collision" needs the fabric configuration (not checked here).
        case(
            "th5-collision (to beyond 4094)",
            vec![ns("[{from: 3500, to: 4500}]")],
            vec![Error(
                "VLANNamespace",
                "ns-1",
                "spec.ranges[0].to",
                "outside 1-4094",
            )],
        ),
        case(
            "no-collision",
            vec![ns("[{from: 10, to: 1500}]")],
            vec![Valid],
        ),
        case(
            "from greater than to",
            vec![ns("[{from: 20, to: 10}]")],
            vec![Error(
                "VLANNamespace",
                "ns-1",
                "spec.ranges[0]",
                "greater than",
            )],
        ),
        case(
            "single vlan without to",
            vec![ns("[{from: 20}]")],
            vec![Valid],
        ),
        case(
            "from zero",
            vec![ns("[{from: 0, to: 10}]")],
            vec![Error(
                "VLANNamespace",
                "ns-1",
                "spec.ranges[0].from",
                "outside 1-4094",
            )],
        ),
    ];
    assert_eq!(run_cases(cases), 5);
}

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

#[test]
fn vpcattachment_rules() {
    let unbundled = "server-01--unbundled--leaf-01";
    let cases = vec![
        case(
            "valid",
            with_wiring(vec![attachment(
                "a1",
                &format!("  subnet: vpc-01/default\n  connection: {unbundled}\n"),
            )]),
            vec![Valid],
        ),
        case(
            "subnet defaults to default",
            with_wiring(vec![attachment(
                "a1",
                &format!("  subnet: vpc-01\n  connection: {unbundled}\n"),
            )]),
            vec![Valid],
        ),
        case(
            "vpc missing from the subnet",
            with_wiring(vec![attachment(
                "a1",
                &format!("  subnet: /default\n  connection: {unbundled}\n"),
            )]),
            vec![Error("VPCAttachment", "a1", "spec.subnet", "the VPC is missing")],
        ),
        case(
            "vpc not found",
            with_wiring(vec![attachment(
                "a1",
                &format!("  subnet: vpc-09/default\n  connection: {unbundled}\n"),
            )]),
            vec![Error("VPCAttachment", "a1", "spec.subnet", "VPC vpc-09 not found")],
        ),
        case(
            "subnet not found",
            with_wiring(vec![attachment(
                "a1",
                &format!("  subnet: vpc-01/nope\n  connection: {unbundled}\n"),
            )]),
            vec![Error(
                "VPCAttachment",
                "a1",
                "spec.subnet",
                "subnet \"nope\" not found in VPC vpc-01",
            )],
        ),
        case(
            "connection missing",
            with_wiring(vec![attachment("a1", "  subnet: vpc-01/default\n")]),
            vec![Error("VPCAttachment", "a1", "spec.connection", "required")],
        ),
        case(
            "connection not found",
            with_wiring(vec![attachment(
                "a1",
                "  subnet: vpc-01/default\n  connection: nowhere\n",
            )]),
            vec![Error(
                "VPCAttachment",
                "a1",
                "spec.connection",
                "Connection nowhere not found",
            )],
        ),
        case(
            "connection of the wrong shape",
            with_wiring(vec![attachment(
                "a1",
                "  subnet: vpc-01/default\n  connection: leaf-01--mclag-domain--leaf-02\n",
            )]),
            vec![Error(
                "VPCAttachment",
                "a1",
                "spec.connection",
                "not unbundled, bundled or eslag",
            )],
        ),
        case(
            "hostBGP subnet on a bundled connection",
            with_wiring(vec![attachment(
                "a1",
                "  subnet: vpc-01/bgp\n  connection: server-02--bundled--leaf-01\n",
            )]),
            vec![Error(
                "VPCAttachment",
                "a1",
                "spec.connection",
                "only unbundled connections",
            )],
        ),
        case(
            "hostBGP subnet on an unbundled connection",
            with_wiring(vec![attachment(
                "a1",
                &format!("  subnet: vpc-01/bgp\n  connection: {unbundled}\n"),
            )]),
            vec![Valid],
        ),
        case(
            "switch without the vpc's vlan namespace, mclag peer with hostBGP",
            with_wiring(vec![attachment(
                "a1",
                "  subnet: vpc-01/bgp\n  connection: server-03--unbundled--leaf-02\n",
            )]),
            vec![
                Error(
                    "VPCAttachment",
                    "a1",
                    "spec.connection",
                    "Switch leaf-02 does not have VLANNamespace default",
                ),
                Error("VPCAttachment", "a1", "spec.subnet", "MCLAG peer"),
            ],
        ),
        case(
            "switch of the connection not found",
            with_wiring(vec![
                attachment(
                    "a1",
                    "  subnet: vpc-01/default\n  connection: server-04--unbundled--leaf-09\n",
                ),
                // Its switch is missing (and so is its server): reported on it too.
                doc(
                    WIRING_API,
                    "Connection",
                    "server-04--unbundled--leaf-09",
                    "  unbundled:\n    link:\n      server: {port: server-04/enp2s1}\n      switch: {port: leaf-09/E1/1}\n",
                ),
            ]),
            vec![Error(
                "VPCAttachment",
                "a1",
                "spec.connection",
                "Switch leaf-09 used by Connection",
            )],
        ),
        case(
            "p2p link annotation",
            with_wiring(vec![
                attachment(
                    "a1",
                    &format!("  subnet: vpc-01/default\n  connection: {unbundled}\n"),
                )
                .replace(
                    "  name: a1\n",
                    "  name: a1\n  annotations:\n    fabric.githedgehog.com/p2p-link: 10.0.0.0/30\n",
                ),
                attachment(
                    "a2",
                    "  subnet: vpc-01/bgp\n  connection: server-02--bundled--leaf-01\n",
                )
                .replace(
                    "  name: a2\n",
                    "  name: a2\n  annotations:\n    fabric.githedgehog.com/p2p-link: 10.0.0.0/31\n",
                ),
            ]),
            vec![Error(
                "VPCAttachment",
                "a1",
                "metadata.annotations[\"fabric.githedgehog.com/p2p-link\"]",
                "IPv4 /31",
            )],
        ),
        case(
            "eslag connection with an l3vni vpc",
            {
                let mut docs = with_wiring(vec![attachment(
                    "a1",
                    "  subnet: vpc-03/default\n  connection: server-05--eslag--leaf-01\n",
                )]);
                docs.push(doc(
                    WIRING_API,
                    "Connection",
                    "server-05--eslag--leaf-01",
                    "  eslag:\n    links:\n    - server: {port: server-05/enp2s1}\n      switch: {port: leaf-01/E1/7}\n",
                ));
                docs.push(vpc(
                    "vpc-03",
                    "  mode: l3vni\n  subnets:\n    default:\n      subnet: 10.0.3.0/24\n      vlan: 103\n",
                ));
                docs
            },
            vec![Error(
                "VPCAttachment",
                "a1",
                "spec.connection",
                "ESLAG connections support only l2vni",
            )],
        ),
        case(
            "empty p2p link annotation",
            with_wiring(vec![attachment(
                "a1",
                &format!("  subnet: vpc-01/default\n  connection: {unbundled}\n"),
            )
            .replace(
                "  name: a1\n",
                "  name: a1\n  annotations:\n    fabric.githedgehog.com/p2p-link: \"\"\n",
            )]),
            vec![Error(
                "VPCAttachment",
                "a1",
                "metadata.annotations[\"fabric.githedgehog.com/p2p-link\"]",
                "empty",
            )],
        ),
        case(
            "connection attached twice to one subnet",
            with_wiring(vec![
                attachment(
                    "a1",
                    &format!("  subnet: vpc-01/default\n  connection: {unbundled}\n"),
                ),
                attachment(
                    "a2",
                    &format!("  subnet: vpc-01\n  connection: {unbundled}\n"),
                ),
            ]),
            vec![
                Error("VPCAttachment", "a1", "spec.subnet", "also by VPCAttachment a2"),
                Error("VPCAttachment", "a2", "spec.subnet", "also by VPCAttachment a1"),
            ],
        ),
        case(
            "two native vlans on one connection",
            with_wiring(vec![
                attachment(
                    "a1",
                    &format!("  subnet: vpc-01/default\n  connection: {unbundled}\n  nativeVLAN: true\n"),
                ),
                attachment(
                    "a2",
                    &format!("  subnet: vpc-01/bgp\n  connection: {unbundled}\n  nativeVLAN: true\n"),
                ),
            ]),
            vec![
                Error("VPCAttachment", "a1", "spec.nativeVLAN", "VPCAttachment a2"),
                Error("VPCAttachment", "a2", "spec.nativeVLAN", "VPCAttachment a1"),
            ],
        ),
    ];
    assert_eq!(run_cases(cases), 17);
}

#[test]
fn vpcpeering_rules() {
    let peering = |spec: &str| doc(VPC_API, "VPCPeering", "vpc-01--vpc-02", spec);
    let vpcs = |mut docs: Vec<String>| {
        docs.push(base_vpc("vpc-01", ""));
        docs.push(vpc(
            "vpc-02",
            "  subnets:\n    s1:\n      subnet: 10.0.2.0/24\n      vlan: 101\n",
        ));
        with_ns(docs)
    };
    let cases = vec![
        case(
            "valid",
            vpcs(vec![peering(
                "  permit:\n  - vpc-01: {subnets: [default]}\n    vpc-02: {subnets: [s1]}\n",
            )]),
            vec![Valid],
        ),
        case(
            "valid with null peers (as Hedgehog's docs write them)",
            vpcs(vec![peering("  permit:\n  - vpc-01:\n    vpc-02:\n")]),
            vec![Valid],
        ),
        case(
            "remote is deprecated",
            vpcs(vec![peering(
                "  remote: border\n  permit:\n  - vpc-01: {}\n    vpc-02: {}\n",
            )]),
            vec![Error(
                "VPCPeering",
                "vpc-01--vpc-02",
                "spec.remote",
                "deprecated",
            )],
        ),
        case(
            "permit entry with one vpc",
            vpcs(vec![peering("  permit:\n  - vpc-01: {}\n")]),
            vec![Error(
                "VPCPeering",
                "vpc-01--vpc-02",
                "spec.permit[0]",
                "exactly 2 VPCs",
            )],
        ),
        case(
            "entries naming three vpcs",
            vpcs(vec![peering(
                "  permit:\n  - vpc-01: {}\n    vpc-02: {}\n  - vpc-01: {}\n    vpc-03: {}\n",
            )]),
            vec![Error(
                "VPCPeering",
                "vpc-01--vpc-02",
                "spec.permit",
                "found 3",
            )],
        ),
        case(
            "vpc not found",
            vpcs(vec![peering("  permit:\n  - vpc-01: {}\n    vpc-09: {}\n")]),
            vec![Error(
                "VPCPeering",
                "vpc-01--vpc-02",
                "spec.permit[0].vpc-09",
                "VPC vpc-09 not found",
            )],
        ),
        case(
            "subnet not found",
            vpcs(vec![peering(
                "  permit:\n  - vpc-01: {subnets: [nope]}\n    vpc-02: {}\n",
            )]),
            vec![Error(
                "VPCPeering",
                "vpc-01--vpc-02",
                "spec.permit[0].vpc-01.subnets[0]",
                "subnet nope not found in VPC vpc-01",
            )],
        ),
        case(
            "vpcs in different ipv4 namespaces",
            {
                let mut docs = vec![
                    peering("  permit:\n  - vpc-01: {}\n    vpc-02: {}\n"),
                    doc(
                        VPC_API,
                        "IPv4Namespace",
                        "other",
                        "  subnets: [10.0.0.0/8]\n",
                    ),
                    base_vpc("vpc-01", ""),
                    vpc(
                        "vpc-02",
                        "  ipv4Namespace: other\n  subnets:\n    s1:\n      subnet: 10.0.2.0/24\n      vlan: 101\n",
                    ),
                ];
                docs.push(NAMESPACES.to_owned());
                docs
            },
            vec![Error(
                "VPCPeering",
                "vpc-01--vpc-02",
                "spec.permit",
                "same IPv4Namespace",
            )],
        ),
        case(
            "vpcs in different vlan namespaces",
            vec![
                peering("  permit:\n  - vpc-01: {}\n    vpc-02: {}\n"),
                doc(
                    WIRING_API,
                    "VLANNamespace",
                    "other",
                    "  ranges: [{from: 100, to: 200}]\n",
                ),
                base_vpc("vpc-01", ""),
                vpc(
                    "vpc-02",
                    "  vlanNamespace: other\n  subnets:\n    s1:\n      subnet: 10.0.2.0/24\n      vlan: 101\n",
                ),
                NAMESPACES.to_owned(),
            ],
            vec![Error(
                "VPCPeering",
                "vpc-01--vpc-02",
                "spec.permit",
                "same VLANNamespace",
            )],
        ),
    ];
    assert_eq!(run_cases(cases), 9);
}

#[test]
fn default_spec_matches_hedgehog() {
    use super::default_spec;
    // The drift example: a range with DHCP disabled is dropped; gateway and namespaces
    // are filled in.
    let spec = json!({"subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1000,
        "dhcp": {"range": {"start": "10.0.1.10"}}}}});
    assert_eq!(
        default_spec("VPC", &spec),
        json!({"ipv4Namespace": "default", "vlanNamespace": "default",
            "subnets": {"default": {"subnet": "10.0.1.0/24", "vlan": 1000,
                "gateway": "10.0.1.1", "dhcp": {}}}})
    );
    // DHCP enabled: the range defaults to the third … last address, options get their
    // defaults and sorted lists, MAC keys are normalized.
    let spec = json!({"subnets": {"s": {"subnet": "10.0.2.0/24", "gateway": "10.0.2.1",
        "dhcp": {"enable": true, "options": {"dnsServers": ["10.0.2.9", "10.0.2.8"]},
            "static": {"AA-BB-CC-DD-EE-FF": {"ip": "10.0.2.50"}}}}}});
    let defaulted = default_spec("VPC", &spec);
    let dhcp = &defaulted["subnets"]["s"]["dhcp"];
    assert_eq!(
        dhcp["range"],
        json!({"start": "10.0.2.2", "end": "10.0.2.255"})
    );
    assert_eq!(
        dhcp["options"],
        json!({"dnsServers": ["10.0.2.8", "10.0.2.9"], "timeServers": [],
            "interfaceMTU": 9036, "leaseTimeSeconds": 3600, "advertisedRoutes": []})
    );
    assert_eq!(
        dhcp["static"],
        json!({"aa:bb:cc:dd:ee:ff": {"ip": "10.0.2.50"}})
    );
    // All-empty options are dropped; hostBGP subnets get no gateway.
    let spec = json!({"subnets": {"s": {"subnet": "10.0.3.0/24", "hostBGP": true,
        "dhcp": {"enable": true, "options": {}}}}});
    let defaulted = default_spec("VPC", &spec);
    assert!(defaulted["subnets"]["s"].get("gateway").is_none());
    assert!(defaulted["subnets"]["s"]["dhcp"].get("options").is_none());
    // Idempotent.
    assert_eq!(default_spec("VPC", &defaulted), defaulted);

    assert_eq!(
        default_spec(
            "VPCAttachment",
            &json!({"subnet": "vpc-1", "connection": "c"})
        ),
        json!({"subnet": "vpc-1/default", "connection": "c"})
    );
    assert_eq!(
        default_spec("VPCAttachment", &json!({"subnet": "vpc-1/s"})),
        json!({"subnet": "vpc-1/s"})
    );
    assert_eq!(
        default_spec(
            "IPv4Namespace",
            &json!({"subnets": ["10.2.0.0/16", "10.1.0.0/16"]})
        ),
        json!({"subnets": ["10.1.0.0/16", "10.2.0.0/16"]})
    );
    assert_eq!(
        default_spec(
            "VLANNamespace",
            &json!({"ranges": [{"from": 3000}, {"from": 1000, "to": 2999}]})
        ),
        json!({"ranges": [{"from": 1000, "to": 2999}, {"from": 3000, "to": 3000}]})
    );
    // Kinds without defaulting are unchanged.
    let server = json!({"description": "a server"});
    assert_eq!(default_spec("Server", &server), server);
    assert_eq!(
        default_spec(
            "Switch",
            &json!({"role": "spine", "redundancy": {"group": "g", "type": "eslag"}, "groups": ["z"], "portSpeeds": {"E1/1": "SPEED_10G"}})
        ),
        json!({"role": "spine", "redundancy": {"group": "g", "type": "eslag"}, "groups": ["g", "z"], "portSpeeds": {"E1/1": "10G"}, "vlanNamespaces": ["default"]})
    );
}

#[test]
fn unparseable_file_is_an_error_naming_it() {
    let report = check_sources(&[
        ("bad.yaml".into(), b"kind: VPC\n  : [\n".to_vec()),
        (
            "unmanaged.yaml".into(),
            b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n".to_vec(),
        ),
    ]);
    assert!(!report.valid);
    assert_eq!(report.objects, 0);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].path, "bad.yaml");
    assert!(report.errors[0].kind.is_empty());
}

#[test]
fn lines_point_at_the_document() {
    let text = format!(
        "# comment\n{}---\n# second\n{}",
        base_vpc("vpc-01", ""),
        base_vpc("vpc-02", "")
    );
    let report = check_sources(&[("f.yaml".into(), text.into_bytes())]);
    let lines: Vec<(String, usize)> = report
        .errors
        .iter()
        .map(|f| (f.name.clone(), f.line))
        .collect();
    // Both VPCs use VLAN 100 and the same subnet: each is reported at its own `apiVersion` line.
    assert!(lines.contains(&("vpc-01".into(), 2)), "{lines:?}");
    assert!(lines.contains(&("vpc-02".into(), 15)), "{lines:?}");
}

/// Objects parsed from YAML documents (no sources), for [`super::check`] directly.
fn objects(docs: &[String]) -> Vec<super::Object> {
    docs.iter()
        .flat_map(|d| serde_saphyr::from_multiple::<serde_json::Value>(d).unwrap())
        .map(|value| super::Object::from_document(&value, None).unwrap())
        .collect()
}

#[test]
fn references_to_unknown_objects_are_warnings_for_a_known_fabric() {
    use super::{Options, Severity, check};
    // vpc-1, then attachments over an unknown connection, to an unknown VPC, to a subnet
    // vpc-1 lacks; the namespaces last.
    let docs = with_ns(vec![
        base_vpc("vpc-1", ""),
        attachment(
            "att-1",
            "  connection: server-01--unbundled--leaf-01\n  subnet: vpc-1/default\n",
        ),
        attachment(
            "att-2",
            "  connection: server-01--unbundled--leaf-01\n  subnet: vpc-9/default\n",
        ),
        attachment(
            "att-3",
            "  connection: server-01--unbundled--leaf-01\n  subnet: vpc-1/nope\n",
        ),
    ]);
    let objects = objects(&docs);
    let severities = |options: &Options, i: usize| -> Vec<(Severity, String)> {
        check(&objects, options)[i]
            .iter()
            .map(|p| (p.severity, p.path.clone()))
            .collect()
    };
    // The whole fabric (hnp validate): an unknown Connection or VPC is an error.
    let whole = Options::default();
    assert_eq!(
        severities(&whole, 1),
        vec![(Severity::Error, "spec.connection".to_owned())]
    );
    assert_eq!(
        severities(&whole, 2),
        vec![(Severity::Error, "spec.subnet".to_owned())]
    );
    // What HNP knows of a fabric: the cluster may hold them, a warning.
    let known = Options::known_fabric(false);
    assert_eq!(
        severities(&known, 1),
        vec![(Severity::Warning, "spec.connection".to_owned())]
    );
    assert_eq!(
        severities(&known, 2),
        vec![(Severity::Warning, "spec.subnet".to_owned())]
    );
    assert!(super::field_errors(&check(&objects, &known)[2]).is_empty());
    // A subnet the known VPC lacks stays an error.
    let problems = check(&objects, &known);
    let errors = super::field_errors(&problems[3]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path, "spec.subnet");
    assert!(errors[0].message.contains("VPC vpc-1"));
}

#[test]
fn field_errors_keep_errors_and_name_the_other_object() {
    use super::{Problem, Severity, field_errors};
    let problem = |severity, message: &str, related: Option<(&str, &str)>| Problem {
        severity,
        kind: "VPC".into(),
        name: "vpc-1".into(),
        path: "spec.subnets.default.subnet".into(),
        message: message.into(),
        related: related.map(|(k, n)| (k.to_owned(), n.to_owned())),
    };
    let errors = field_errors(&[
        problem(Severity::Warning, "a warning", None),
        problem(
            Severity::Error,
            "overlaps subnet a of VPC vpc-2",
            Some(("VPC", "vpc-2")),
        ),
        problem(
            Severity::Error,
            "is not within this namespace",
            Some(("IPv4Namespace", "ns-1")),
        ),
        problem(Severity::Error, "no relation", None),
    ]);
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "overlaps subnet a of VPC vpc-2",
            "is not within this namespace (IPv4Namespace ns-1)",
            "no relation",
        ]
    );
    assert!(
        errors
            .iter()
            .all(|e| e.path == "spec.subnets.default.subnet")
    );
}

#[test]
fn context_kinds_hold_every_covered_kind() {
    for kind in super::COVERED_KINDS {
        assert!(super::CONTEXT_KINDS.contains(&kind), "{kind}");
    }
}
