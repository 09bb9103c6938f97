//! GatewayPeering: Hedgehog's NAT and default destination tables.

use super::{Error, Valid, case, gateway_peering, generate_peering, run_alone};
#[test]
fn gatewaypeering_nat_tables_ported_from_hedgehog() {
    // The TestPeering* functions: Validate without a cluster.
    let p = "GatewayPeering";
    let peering = |name: &'static str, vpc1: &str, vpc2: &str| {
        vec![gateway_peering(
            name,
            &format!(
                "  peering:\n    vpc1:\n      expose:\n{vpc1}    vpc2:\n      expose:\n{vpc2}"
            ),
        )]
    };
    let plain = |cidr: &str| format!("      - ips: [{{cidr: {cidr}}}]\n");
    let nat = |cidr: &str, as_cidr: &str, nat: &str| {
        format!(
            "      - ips: [{{cidr: {cidr}}}]\n        as: [{{cidr: {as_cidr}}}]\n        nat: {nat}\n"
        )
    };
    let forward = "{portForward: {ports: [{proto: tcp, port: \"80\", as: \"8080\"}, {proto: udp, port: 90-100, as: 8090-8100}, {port: \"88\", as: \"8088\"}]}}";
    let cases = vec![
        case(
            "TestPeeringWithVpcsNoNAT",
            peering("no-nat", &plain("10.0.1.0/24"), &plain("10.0.2.0/24")),
            vec![Valid],
        ),
        case(
            "TestPeeringWithMultipleItemsInIPs",
            peering(
                "multi-ips",
                "      - ips: [{cidr: 10.0.1.0/24, not: 10.0.1.1/32}]\n",
                &plain("10.0.2.0/24"),
            ),
            vec![Error(
                p,
                "multi-ips",
                "spec.peering.vpc1.expose[0].ips[0]",
                "exactly one of cidr, not and vpcSubnet",
            )],
        ),
        case(
            "TestPeeringWithMultipleItemsInAs",
            peering(
                "multi-as",
                "      - ips: [{cidr: 10.0.1.0/24}]\n        as: [{cidr: 192.168.1.0/24, not: 192.168.1.1/32}]\n        nat: {static: {}}\n",
                &plain("10.0.2.0/24"),
            ),
            vec![Error(
                p,
                "multi-as",
                "spec.peering.vpc1.expose[0].as[0]",
                "exactly one of cidr and not",
            )],
        ),
        case(
            "TestPeeringWithStaticNAT",
            peering(
                "static",
                &nat("10.0.1.0/24", "192.168.1.0/24", "{static: {}}"),
                &nat("10.0.2.0/24", "192.168.2.0/24", "{static: {}}"),
            ),
            vec![Valid],
        ),
        case(
            "TestPeeringWithDoubleMasqueradeNAT",
            peering(
                "double-masq",
                &nat("10.0.1.0/24", "192.168.1.0/24", "{masquerade: {}}"),
                &nat(
                    "10.0.2.0/24",
                    "192.168.2.0/24",
                    "{masquerade: {idleTimeout: 3m0s}}",
                ),
            ),
            vec![Error(
                p,
                "double-masq",
                "spec.peering",
                "only one side of a peering can use stateful NAT",
            )],
        ),
        case(
            "TestPeeringWithMasqueradeAndStaticNAT",
            peering(
                "masq-static",
                &nat("10.0.1.0/24", "192.168.1.0/24", "{static: {}}"),
                &nat(
                    "10.0.2.0/24",
                    "192.168.2.0/24",
                    "{masquerade: {idleTimeout: 3m0s}}",
                ),
            ),
            vec![Error(
                p,
                "masq-static",
                "spec.peering",
                "static NAT cannot peer with a side using stateful NAT",
            )],
        ),
        case(
            "TestPeeringWithPortForwardNAT",
            peering(
                "forward",
                &nat("10.0.1.0/24", "192.168.1.0/24", forward),
                &plain("10.0.2.0/24"),
            ),
            vec![Valid],
        ),
        case(
            "TestPeeringWithPortForwardAndMasqueradeSameSideNAT",
            peering(
                "forward-masq-same-side",
                &format!(
                    "{}{}",
                    nat("10.0.1.0/24", "192.168.1.0/24", forward),
                    nat(
                        "10.0.2.0/24",
                        "192.168.2.0/24",
                        "{masquerade: {idleTimeout: 3m0s}}"
                    )
                ),
                &plain("10.0.3.0/24"),
            ),
            vec![Valid],
        ),
        case(
            "TestPeeringWithPortForwardAndMasqueradeNAT",
            peering(
                "forward-masq",
                &nat("10.0.1.0/24", "192.168.1.0/24", forward),
                &nat("10.0.2.0/24", "192.168.2.0/24", "{masquerade: {}}"),
            ),
            vec![Error(
                p,
                "forward-masq",
                "spec.peering",
                "only one side of a peering can use stateful NAT",
            )],
        ),
    ];
    assert_eq!(run_alone(cases), 9);
}

#[test]
fn gatewaypeering_default_destination_table_ported_from_hedgehog() {
    let p = "GatewayPeering";
    let with_expose =
        |name: &'static str, expose: &str| vec![generate_peering(name, Some(expose), None, "")];
    let cases = vec![
        case(
            "default with nothing else",
            with_expose("d1", "      - default: true\n"),
            vec![Valid],
        ),
        case(
            "default with IP",
            with_expose(
                "d2",
                "      - default: true\n        ips: [{cidr: 10.0.1.0/24}]\n",
            ),
            vec![Error(
                p,
                "d2",
                "spec.peering.vpc-1.expose[0].default",
                "the only thing set",
            )],
        ),
        case(
            "default with As",
            with_expose(
                "d3",
                "      - default: true\n        as: [{cidr: 10.0.1.0/24}]\n",
            ),
            vec![Error(
                p,
                "d3",
                "spec.peering.vpc-1.expose[0].default",
                "the only thing set",
            )],
        ),
        case(
            "default with NAT",
            with_expose("d4", "      - default: true\n        nat: {static: {}}\n"),
            vec![Error(
                p,
                "d4",
                "spec.peering.vpc-1.expose[0].default",
                "the only thing set",
            )],
        ),
        case(
            "IP with no default",
            with_expose("d5", "      - ips: [{cidr: 10.0.1.0/24}]\n"),
            vec![Valid],
        ),
        case(
            "no default and no IP",
            with_expose("d6", "      - as: [{cidr: 10.0.1.0/24}]\n"),
            vec![Error(
                p,
                "d6",
                "spec.peering.vpc-1.expose[0].ips",
                "at least one IP block",
            )],
        ),
    ];
    assert_eq!(run_alone(cases), 6);
}
