//! External rules, with Hedgehog's table.

use super::{Error, VPC_API, Valid, case, external, other_ipv4_namespace, run_cases, with_ns};
#[test]
fn external_table_ported_from_hedgehog() {
    let ext = |name: &str, body: &str| with_ns(vec![external(name, body)]);
    let cases = vec![
        case(
            "valid bgp external",
            ext(
                "valid-bgp",
                "  ipv4Namespace: default\n  inboundCommunity: 50000:1001\n  outboundCommunity: 50000:1002\n",
            ),
            vec![Valid],
        ),
        case(
            "name too long",
            ext(
                "this-is-a-name-longer-than-possible",
                "  inboundCommunity: 50000:1001\n  outboundCommunity: 50000:1002\n",
            ),
            vec![Error(
                "External",
                "this-is-a-name-longer-than-possible",
                "metadata.name",
                "11",
            )],
        ),
        case(
            "bgp missing outbound",
            ext("no-out", "  inboundCommunity: 50000:1001\n"),
            vec![Valid],
        ),
        case(
            "bgp missing inbound",
            ext("no-in", "  outboundCommunity: 50000:1002\n"),
            vec![Valid],
        ),
        case(
            "bgp missing both communities",
            ext("no-comms", "  ipv4Namespace: default\n"),
            vec![Valid],
        ),
        case(
            "bgp invalid inbound",
            ext("invalid-bgp", "  inboundCommunity: InboundCommunity\n"),
            vec![Error(
                "External",
                "invalid-bgp",
                "spec.inboundCommunity",
                "not a valid community",
            )],
        ),
        case(
            "bgp invalid outbound",
            ext("invalid-bgp", "  outboundCommunity: OutboundCommunity\n"),
            vec![Error(
                "External",
                "invalid-bgp",
                "spec.outboundCommunity",
                "not a valid community",
            )],
        ),
        case(
            "valid Static",
            ext("valid-st", "  static:\n    prefixes: [0.0.0.0/0]\n"),
            vec![Valid],
        ),
        case(
            "l2 with inbound community",
            ext(
                "invalid-st",
                "  inboundCommunity: 50000:1001\n  static:\n    prefixes: [0.0.0.0/0]\n",
            ),
            vec![Error(
                "External",
                "invalid-st",
                "spec.inboundCommunity",
                "must be empty for a static external",
            )],
        ),
        case(
            "l2 with outbound community",
            ext(
                "invalid-st",
                "  outboundCommunity: 50000:1002\n  static:\n    prefixes: [0.0.0.0/0]\n",
            ),
            vec![Error(
                "External",
                "invalid-st",
                "spec.outboundCommunity",
                "must be empty for a static external",
            )],
        ),
        case(
            "l2 without prefixes",
            ext("invalid-st", "  static:\n    prefixes: []\n"),
            vec![Error(
                "External",
                "invalid-st",
                "spec.static.prefixes",
                "at least one prefix",
            )],
        ),
        case(
            "l2 with overlapping prefixes",
            ext(
                "invalid-st",
                "  static:\n    prefixes: [0.0.0.0/0, 10.10.0.0/24]\n",
            ),
            vec![Error(
                "External",
                "invalid-st",
                "spec.static.prefixes[1]",
                "overlaps prefix 0",
            )],
        ),
        case(
            "l2 with invalid prefix",
            ext("invalid-st", "  static:\n    prefixes: [0.0.0.4350/0]\n"),
            vec![Error(
                "External",
                "invalid-st",
                "spec.static.prefixes[0]",
                "not a valid prefix",
            )],
        ),
    ];
    assert_eq!(run_cases(cases), 13);
}

#[test]
fn external_rules_beyond_hedgehogs_table() {
    let cases = vec![
        case(
            "communities at the bounds",
            with_ns(vec![external(
                "edge",
                "  inboundCommunity: 0:65535\n  outboundCommunity: 65535:0\n",
            )]),
            vec![Valid],
        ),
        case(
            "community part above 65535 or with a leading zero",
            with_ns(vec![external(
                "edge",
                "  inboundCommunity: 65536:1\n  outboundCommunity: 01:1\n",
            )]),
            vec![
                Error("External", "edge", "spec.inboundCommunity", "not a valid"),
                Error("External", "edge", "spec.outboundCommunity", "not a valid"),
            ],
        ),
        case(
            "IPv4Namespace that exists",
            with_ns(vec![
                external("edge", "  ipv4Namespace: other\n"),
                other_ipv4_namespace(),
            ]),
            vec![Valid],
        ),
        case(
            "IPv4Namespace not found",
            with_ns(vec![external("edge", "  ipv4Namespace: missing\n")]),
            vec![Error(
                "External",
                "edge",
                "spec.ipv4Namespace",
                "IPv4Namespace missing not found",
            )],
        ),
        case(
            "not in the default namespace",
            with_ns(vec![format!(
                "apiVersion: {VPC_API}\nkind: External\nmetadata:\n  name: edge\n  namespace: fab\nspec: {{}}\n"
            )]),
            vec![Error(
                "External",
                "edge",
                "metadata.namespace",
                "only the default namespace",
            )],
        ),
    ];
    run_cases(cases);
}
