//! VPCPeering rules.

use super::{
    Error, NAMESPACES, VPC_API, Valid, WIRING_API, base_vpc, case, doc, run_cases, vpc, with_ns,
};
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
