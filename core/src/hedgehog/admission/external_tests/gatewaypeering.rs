//! GatewayPeering rules beyond Hedgehog's tables, and defaulting.

use super::{
    Error, GW_API, Valid, case, default_spec, gateway_group, gateway_peering, generate_peering,
    json, peering_context, run_cases, small_vpc,
};
#[test]
fn gatewaypeering_rules_beyond_hedgehogs_table() {
    let p = "GatewayPeering";
    let cases = vec![
        case(
            "three peers and no gateway group",
            peering_context(vec![gateway_peering(
                "three",
                "  peering:\n    vpc-1: {}\n    vpc-2: {}\n    vpc-3: {}\n",
            )]),
            vec![
                Error(p, "three", "spec.peering", "exactly 2 peers (found 3"),
                Error(p, "three", "spec.gatewayGroup", "gatewayGroup is required"),
            ],
        ),
        case(
            "peers written without a value",
            peering_context(vec![gateway_peering(
                "bare",
                "  peering:\n    vpc-1:\n    vpc-2:\n",
            )]),
            vec![Valid],
        ),
        case(
            "gateway group not found",
            peering_context(vec![
                generate_peering("p", None, None, "")
                    .replace("gatewayGroup: default", "gatewayGroup: gr9"),
            ]),
            vec![Error(
                p,
                "p",
                "spec.gatewayGroup",
                "GatewayGroup gr9 not found",
            )],
        ),
        case(
            "gateway group without a gateway",
            {
                let mut docs = peering_context(vec![
                    generate_peering("p", None, None, "")
                        .replace("gatewayGroup: default", "gatewayGroup: gr1"),
                ]);
                docs.push(gateway_group("gr1"));
                docs
            },
            vec![Error(
                p,
                "p",
                "spec.gatewayGroup",
                "no Gateway is in GatewayGroup gr1",
            )],
        ),
        case(
            "invalid CIDRs and NAT without a mode, port forward without ports",
            peering_context(vec![generate_peering(
                "p",
                Some(
                    "      - ips: [{not: 10.0.1.300/32}]\n        as: [{cidr: 10.9.0.0/33}]\n        nat: {}\n      - ips: [{cidr: 10.0.1.0/24}]\n        as: [{cidr: 10.9.1.0/24}]\n        nat: {portForward: {ports: []}}\n      - ips: [{cidr: 10.0.1.0/24}]\n        as: [{cidr: 10.9.2.0/24}]\n        nat: {portForward: {ports: [{proto: icmp, port: \"0\", as: 80-70}]}}\n",
                ),
                None,
                "",
            )]),
            vec![
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-1.expose[0].ips[0].not",
                    "not a valid prefix",
                ),
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-1.expose[0].as[0].cidr",
                    "not a valid prefix",
                ),
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-1.expose[0].nat",
                    "exactly one of masquerade, static and portForward",
                ),
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-1.expose[1].nat.portForward.ports",
                    "at least one port forwarding rule",
                ),
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-1.expose[2].nat.portForward.ports[0].port",
                    "between 1 and 65535",
                ),
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-1.expose[2].nat.portForward.ports[0].as",
                    "start port is greater",
                ),
                Error(
                    p,
                    "p",
                    "spec.peering.vpc-1.expose[2].nat.portForward.ports[0].proto",
                    "invalid protocol \"icmp\"",
                ),
            ],
        ),
        case(
            "overlap between peerings of different VPCs towards one VPC",
            {
                let mut docs = peering_context(vec![
                    generate_peering("p1", None, None, ""),
                    gateway_peering(
                        "p2",
                        "  peering:\n    vpc-2:\n      expose:\n      - ips: [{cidr: 10.0.2.0/24}]\n    vpc-3:\n      expose:\n      - ips: [{cidr: 10.0.3.0/24}]\n        as: [{cidr: 10.0.1.128/25}]\n        nat: {static: {}}\n",
                    ),
                ]);
                docs.push(small_vpc("vpc-3", "10.0.3.0/24", 103));
                docs
            },
            vec![
                // p1 exposes vpc-1's 10.0.1.0/24 to vpc-2; p2 exposes vpc-3 as 10.0.1.128/25 to vpc-2.
                Error(
                    p,
                    "p1",
                    "spec.peering.vpc-1.expose[0].ips[0].cidr",
                    "exposed to vpc-2 overlaps 10.0.1.128/25 exposed to it by GatewayPeering p2",
                ),
                Error(
                    p,
                    "p2",
                    "spec.peering.vpc-3.expose[0].as[0].cidr",
                    "exposed to vpc-2 overlaps 10.0.1.0/24 exposed to it by GatewayPeering p1",
                ),
            ],
        ),
        case(
            "not in the default namespace",
            vec![format!(
                "apiVersion: {GW_API}\nkind: GatewayPeering\nmetadata:\n  name: p\n  namespace: fab\nspec: {{}}\n"
            )],
            vec![Error(
                p,
                "p",
                "metadata.namespace",
                "only the default namespace",
            )],
        ),
    ];
    run_cases(cases);
}

#[test]
fn gatewaypeering_defaulting_ported_from_hedgehog() {
    // TestPeeringDefaultEmpty: nothing to default without two peers.
    assert_eq!(default_spec("GatewayPeering", &json!({})), json!({}));
    let one = json!({"peering": {"vpc1": {}}});
    assert_eq!(default_spec("GatewayPeering", &one), one);
    // Two peers: the gateway group, NAT idle timeouts (an explicit one kept), ACL defaults.
    let spec = json!({
        "peering": {
            "vpc1": {"expose": [{"ips": [{"cidr": "10.0.1.0/24"}], "as": [{"cidr": "192.168.1.0/24"}],
                                  "nat": {"masquerade": {}}}]},
            "vpc2": {"expose": [{"ips": [{"cidr": "10.0.2.0/24"}], "as": [{"cidr": "192.168.2.0/24"}],
                                  "nat": {"portForward": {"idleTimeout": "3m0s", "ports": []}}}]},
        },
        "acl": {"rules": [{"from": "vpc1", "action": "allow"}]},
    });
    let defaulted = default_spec("GatewayPeering", &spec);
    assert_eq!(defaulted["gatewayGroup"], json!("default"));
    assert_eq!(
        defaulted["peering"]["vpc1"]["expose"][0]["nat"]["masquerade"]["idleTimeout"],
        json!("2m0s")
    );
    assert_eq!(
        defaulted["peering"]["vpc2"]["expose"][0]["nat"]["portForward"]["idleTimeout"],
        json!("3m0s")
    );
    assert_eq!(defaulted["acl"]["default"], json!("deny-unless-exposed"));
    assert_eq!(defaulted["acl"]["rules"][0]["scope"], json!("flow"));
    assert_eq!(default_spec("GatewayPeering", &defaulted), defaulted);
}
