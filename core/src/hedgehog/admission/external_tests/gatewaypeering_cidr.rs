//! GatewayPeering: Hedgehog's CIDR overlap and CIDR-belongs-to-VPC tables.

use super::{
    Error, Valid, case, gateway_peering, generate_external_peering, generate_peering,
    peering_context, run_cases, small_vpc,
};
#[test]
fn gatewaypeering_cidr_overlap_table_ported_from_hedgehog() {
    let p = "GatewayPeering";
    // Hedgehog's base peering vpc-1 (10.0.1.0/24) <-> vpc-45 (10.0.45.0/24); its VPCs.
    let context = |peering: String| {
        peering_context(vec![
            peering,
            gateway_peering(
                "base",
                "  gatewayGroup: default\n  peering:\n    vpc-1:\n      expose:\n      - ips: [{cidr: 10.0.1.0/24}]\n    vpc-45:\n      expose:\n      - ips: [{cidr: 10.0.45.0/24}]\n",
            ),
            small_vpc("vpc-45", "10.0.45.0/24", 145),
        ])
    };
    let vpc2 = |expose: &str| context(generate_peering("p", None, Some(expose), ""));
    let cases = vec![
        case(
            "no overlap",
            context(generate_peering("p", None, None, "")),
            vec![Valid],
        ),
        case(
            "IP clash",
            vpc2("      - ips: [{cidr: 10.0.45.0/24}]\n"),
            vec![
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-2.expose[0].ips[0].cidr",
                    "overlaps 10.0.45.0/24 exposed to it by GatewayPeering base",
                ),
                Error(
                    p,
                    "base",
                    "spec.peering.vpc-45.expose[0].ips[0].cidr",
                    "exposed to vpc-1 overlaps 10.0.45.0/24 exposed to it by GatewayPeering p",
                ),
            ],
        ),
        case(
            "NAT clash",
            vpc2(
                "      - ips: [{cidr: 10.0.2.0/25}]\n        as: [{cidr: 10.0.45.0/25}]\n        nat: {static: {}}\n",
            ),
            vec![Error(
                p,
                "p",
                "spec.peering.vpc-2.expose[0].as[0].cidr",
                "exposed to it by GatewayPeering base",
            )],
        ),
        case(
            "NAT does not clash",
            vpc2(
                "      - ips: [{cidr: 10.0.2.0/25}]\n        as: [{cidr: 10.0.3.0/25}]\n        nat: {static: {}}\n",
            ),
            vec![Valid],
        ),
        case(
            "missing NAT spec with non-empty AS",
            vpc2("      - ips: [{cidr: 10.0.2.0/25}]\n        as: [{cidr: 10.0.3.0/25}]\n"),
            vec![Error(
                p,
                "p",
                "spec.peering.vpc-2.expose[0].as",
                "as and nat must both be set",
            )],
        ),
        case(
            "default does not clash",
            context(generate_peering(
                "p",
                Some("      - default: true\n"),
                None,
                "",
            )),
            vec![Valid],
        ),
    ];
    assert_eq!(run_cases(cases), 6);
}

#[test]
fn gatewaypeering_cidr_belongs_to_vpc_table_ported_from_hedgehog() {
    let p = "GatewayPeering";
    let gen_ = |name: &'static str, vpc1: Option<&str>, vpc2: Option<&str>| {
        peering_context(vec![generate_peering(name, vpc1, vpc2, "")])
    };
    let without_vpc2 = |docs: Vec<String>| -> Vec<String> {
        docs.into_iter()
            .filter(|d| !d.contains("name: vpc-2\n"))
            .collect()
    };
    let without_external = |docs: Vec<String>| -> Vec<String> {
        docs.into_iter()
            .filter(|d| !d.contains("name: out-1\n"))
            .collect()
    };
    let ext = |name: &'static str, expose: Option<&str>| {
        peering_context(vec![generate_external_peering(name, expose, "")])
    };
    let cases = vec![
        case(
            "exact subnet match",
            gen_("exact-match", None, None),
            vec![Valid],
        ),
        case(
            "CIDR is sub-range of VPC subnet",
            gen_(
                "sub-range",
                Some("      - ips: [{cidr: 10.0.1.128/25}]\n"),
                None,
            ),
            vec![Valid],
        ),
        case(
            "CIDR not in any VPC subnet",
            gen_(
                "cidr-not-in-vpc",
                Some("      - ips: [{cidr: 192.168.1.0/24}]\n"),
                None,
            ),
            vec![Error(
                p,
                "cidr-not-in-vpc",
                "spec.peering.vpc-1.expose[0].ips[0].cidr",
                "not within a subnet of VPC vpc-1",
            )],
        ),
        case(
            "CIDR is exact subnet match of another VPC",
            gen_(
                "match-wrong-vpc",
                Some("      - ips: [{cidr: 10.0.2.0/24}]\n"),
                Some("      - ips: [{cidr: 10.0.1.0/24}]\n"),
            ),
            vec![
                Error(
                    p,
                    "match-wrong-vpc",
                    "spec.peering.vpc-1.expose[0].ips[0].cidr",
                    "not within a subnet of VPC vpc-1",
                ),
                Error(
                    p,
                    "match-wrong-vpc",
                    "spec.peering.vpc-2.expose[0].ips[0].cidr",
                    "not within a subnet of VPC vpc-2",
                ),
            ],
        ),
        case(
            "VPC not found",
            without_vpc2(gen_("vpc-not-found", None, None)),
            vec![Error(
                p,
                "vpc-not-found",
                "spec.peering.vpc-2",
                "VPC vpc-2 not found",
            )],
        ),
        case(
            "default destination skipped",
            gen_("default-destination", Some("      - default: true\n"), None),
            vec![Valid],
        ),
        case(
            "VPCSubnet reference exists",
            gen_(
                "vpcsubnet-valid",
                Some("      - ips: [{vpcSubnet: sub1}]\n"),
                None,
            ),
            vec![Valid],
        ),
        case(
            "VPCSubnet reference not found in VPC",
            gen_(
                "vpcsubnet-invalid",
                Some("      - ips: [{vpcSubnet: nonexistent}]\n"),
                None,
            ),
            vec![Error(
                p,
                "vpcsubnet-invalid",
                "spec.peering.vpc-1.expose[0].ips[0].vpcSubnet",
                "subnet nonexistent not found in VPC vpc-1",
            )],
        ),
        case(
            "external peering with default flag",
            ext("ext-default", None),
            vec![Valid],
        ),
        case(
            "external peering with IP CIDR",
            ext("ext-ip", Some("      - ips: [{cidr: 1.0.0.0/8}]\n")),
            vec![Valid],
        ),
        case(
            "external not found",
            without_external(ext("ext-missing", None)),
            vec![Error(
                p,
                "ext-missing",
                "spec.peering[\"ext.out-1\"]",
                "External out-1 not found",
            )],
        ),
        case(
            "external with VPCSubnet",
            ext(
                "ext-vpcsubnet",
                Some("      - ips: [{vpcSubnet: subnet-01}]\n"),
            ),
            vec![Error(
                p,
                "ext-vpcsubnet",
                "spec.peering[\"ext.out-1\"].expose[0].ips[0].vpcSubnet",
                "External out-1 cannot expose VPC subnets",
            )],
        ),
    ];
    assert_eq!(run_cases(cases), 12);
}
