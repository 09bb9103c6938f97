//! Hedgehog's VPC table (`api/vpc/v1beta1/vpc_types_test.go`).

use super::{BASE_SUBNETS, Error, Valid, base_vpc, case, run_cases, vpc, with_ns};
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
