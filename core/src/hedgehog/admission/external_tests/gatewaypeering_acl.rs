//! GatewayPeering: Hedgehog's ACL and port tables.

use super::{
    Error, Valid, case, generate_external_peering, generate_peering, peering_context, run_cases,
};
#[test]
fn gatewaypeering_acl_tables_ported_from_hedgehog() {
    let p = "GatewayPeering";
    let acl_peering = |name: &'static str, acl: &str| {
        peering_context(vec![generate_peering(name, None, None, acl)])
    };
    let rule = |body: &str| format!("  acl:\n    rules:\n    - {body}\n");
    let no_kube = vec![
        case("nil ACL is valid", acl_peering("a01", ""), vec![Valid]),
        case(
            "empty ACL defaults to deny-unless-exposed",
            acl_peering("a02", "  acl: {}\n"),
            vec![Valid],
        ),
        case(
            "explicit deny default",
            acl_peering("a03", "  acl: {default: deny}\n"),
            vec![Valid],
        ),
        case(
            "invalid default action",
            acl_peering("a04", "  acl: {default: bogus}\n"),
            vec![Error(
                p,
                "a04",
                "spec.acl.default",
                "invalid default action \"bogus\"",
            )],
        ),
        case(
            "valid rule with from only",
            acl_peering("a05", &rule("{from: vpc-1, action: allow}")),
            vec![Valid],
        ),
        case(
            "valid rule with to only",
            acl_peering("a06", &rule("{to: vpc-2, action: deny}")),
            vec![Valid],
        ),
        case(
            "invalid action",
            acl_peering("a07", &rule("{from: vpc-1, action: bogus}")),
            vec![Error(
                p,
                "a07",
                "spec.acl.rules[0].action",
                "invalid action \"bogus\"",
            )],
        ),
        case(
            "neither from nor to set",
            acl_peering("a08", &rule("{action: allow}")),
            vec![Error(
                p,
                "a08",
                "spec.acl.rules[0]",
                "at least one of from and to",
            )],
        ),
        case(
            "from does not match either VPC",
            acl_peering("a09", &rule("{from: vpc-3, action: allow}")),
            vec![Error(
                p,
                "a09",
                "spec.acl.rules[0].from",
                "vpc-3 is not one of the peers",
            )],
        ),
        case(
            "to does not match either VPC",
            acl_peering("a10", &rule("{to: vpc-3, action: allow}")),
            vec![Error(
                p,
                "a10",
                "spec.acl.rules[0].to",
                "vpc-3 is not one of the peers",
            )],
        ),
        case(
            "valid rule name",
            acl_peering(
                "a11",
                &rule("{name: web-traffic, from: vpc-1, action: allow}"),
            ),
            vec![Valid],
        ),
        case(
            "invalid rule name characters",
            acl_peering(
                "a12",
                &rule("{name: \"Web_Traffic!\", from: vpc-1, action: allow}"),
            ),
            vec![Error(
                p,
                "a12",
                "spec.acl.rules[0].name",
                "invalid rule name",
            )],
        ),
        case(
            "rule name too long",
            acl_peering(
                "a13",
                &rule(&format!(
                    "{{name: {}, from: vpc-1, action: allow}}",
                    "a".repeat(65)
                )),
            ),
            vec![Error(p, "a13", "spec.acl.rules[0].name", "too long")],
        ),
        case(
            "source CIDR and VPCSubnet both set",
            acl_peering(
                "a14",
                &rule(
                    "{from: vpc-1, action: allow, match: {src: [{cidr: 10.0.1.0/24, vpcSubnet: sub1}]}}",
                ),
            ),
            vec![Error(
                p,
                "a14",
                "spec.acl.rules[0].match.src[0]",
                "at most one of cidr and vpcSubnet",
            )],
        ),
        case(
            "destination CIDR and VPCSubnet both set",
            acl_peering(
                "a15",
                &rule(
                    "{from: vpc-1, action: allow, match: {dst: [{cidr: 10.0.2.0/24, vpcSubnet: sub1}]}}",
                ),
            ),
            vec![Error(
                p,
                "a15",
                "spec.acl.rules[0].match.dst[0]",
                "at most one of cidr and vpcSubnet",
            )],
        ),
        case(
            "invalid source CIDR",
            acl_peering(
                "a16",
                &rule("{from: vpc-1, action: allow, match: {src: [{cidr: not-a-cidr}]}}"),
            ),
            vec![Error(
                p,
                "a16",
                "spec.acl.rules[0].match.src[0].cidr",
                "not a valid prefix",
            )],
        ),
        case(
            "invalid destination CIDR",
            acl_peering(
                "a17",
                &rule("{from: vpc-1, action: allow, match: {dst: [{cidr: not-a-cidr}]}}"),
            ),
            vec![Error(
                p,
                "a17",
                "spec.acl.rules[0].match.dst[0].cidr",
                "not a valid prefix",
            )],
        ),
        case(
            "valid source and destination CIDR with ports",
            acl_peering(
                "a18",
                &rule(
                    "{from: vpc-1, to: vpc-2, action: allow, match: {src: [{cidr: 10.0.1.0/24, ports: [\"80\", \"443\"]}], dst: [{cidr: 10.0.2.0/24, ports: [8080-8090]}]}}",
                ),
            ),
            vec![Valid],
        ),
        case(
            "invalid source port",
            acl_peering(
                "a19",
                &rule(
                    "{from: vpc-1, action: allow, match: {src: [{cidr: 10.0.1.0/24, ports: [not-a-port]}]}}",
                ),
            ),
            vec![Error(
                p,
                "a19",
                "spec.acl.rules[0].match.src[0].ports[0]",
                "must be a range",
            )],
        ),
        case(
            "invalid destination port",
            acl_peering(
                "a20",
                &rule(
                    "{from: vpc-1, action: allow, match: {dst: [{cidr: 10.0.2.0/24, ports: [not-a-port]}]}}",
                ),
            ),
            vec![Error(
                p,
                "a20",
                "spec.acl.rules[0].match.dst[0].ports[0]",
                "must be a range",
            )],
        ),
        case(
            "valid string match protocol",
            acl_peering(
                "a21",
                &rule(
                    "{from: vpc-1, action: allow, match: {src: [{cidr: 10.0.1.0/24}], proto: tcp}}",
                ),
            ),
            vec![Valid],
        ),
        case(
            "valid numeric match protocol",
            acl_peering(
                "a22",
                &rule(
                    "{from: vpc-1, action: allow, match: {src: [{cidr: 10.0.1.0/24}], proto: \"42\"}}",
                ),
            ),
            vec![Valid],
        ),
        case(
            "invalid string match protocol",
            acl_peering(
                "a23",
                &rule(
                    "{from: vpc-1, action: allow, match: {src: [{cidr: 10.0.1.0/24}], proto: not-a-protocol}}",
                ),
            ),
            vec![Error(
                p,
                "a23",
                "spec.acl.rules[0].match.proto",
                "invalid protocol",
            )],
        ),
    ];
    assert_eq!(run_cases(no_kube), 23);
    // TestValidateACLVPCSubnet.
    let ext_acl = |name: &'static str, body: &str| {
        peering_context(vec![generate_external_peering(name, None, &rule(body))])
    };
    let vpc_subnet = vec![
        case(
            "source VPCSubnet reference exists, from implicit",
            acl_peering(
                "s1",
                &rule("{to: vpc-2, action: allow, match: {src: [{vpcSubnet: sub1}]}}"),
            ),
            vec![Valid],
        ),
        case(
            "destination VPCSubnet reference exists, to implicit",
            acl_peering(
                "s2",
                &rule("{from: vpc-1, action: allow, match: {dst: [{vpcSubnet: sub1}]}}"),
            ),
            vec![Valid],
        ),
        case(
            "source VPCSubnet reference not found in VPC",
            acl_peering(
                "s3",
                &rule(
                    "{from: vpc-1, to: vpc-2, action: allow, match: {src: [{vpcSubnet: nonexistent}]}}",
                ),
            ),
            vec![Error(
                p,
                "s3",
                "spec.acl.rules[0].match.src[0].vpcSubnet",
                "subnet nonexistent not found in VPC vpc-1",
            )],
        ),
        case(
            "destination VPCSubnet reference not found in VPC",
            acl_peering(
                "s4",
                &rule(
                    "{from: vpc-1, to: vpc-2, action: allow, match: {dst: [{vpcSubnet: nonexistent}]}}",
                ),
            ),
            vec![Error(
                p,
                "s4",
                "spec.acl.rules[0].match.dst[0].vpcSubnet",
                "subnet nonexistent not found in VPC vpc-2",
            )],
        ),
        case(
            "source VPCSubnet referencing an external peering entry",
            ext_acl(
                "s5",
                "{from: ext.out-1, to: vpc-1, action: allow, match: {src: [{vpcSubnet: sub1}]}}",
            ),
            vec![Error(
                p,
                "s5",
                "spec.acl.rules[0].match.src[0].vpcSubnet",
                "ext.out-1 is an External",
            )],
        ),
    ];
    assert_eq!(run_cases(vpc_subnet), 5);
}

#[test]
fn port_table_ported_from_hedgehog() {
    let table = [
        ("", true),
        ("80", false),
        ("80-80", false),
        ("80,443", true),
        ("80,443,3000-3100", true),
        ("80,443,3000-3100,", true),
        ("80,443,3000-3100,8080", true),
        ("  80  ", true),
        ("  80  ,  443  ", true),
        ("  80  ,  443  ,  3000-3100  ", true),
        ("  80  ,443,3000-3100,8080", true),
        ("80-79", true),
        ("0", true),
        ("65536", true),
        ("1-65536", true),
        ("0-80", true),
        ("-80", true),
        ("80-", true),
        ("  -  80  ", true),
        ("  80  -  ", true),
        ("1-80,65536", true),
    ];
    for (port, error) in table {
        assert_eq!(
            super::super::gatewaypeering::port_problem(port).is_some(),
            error,
            "{port:?}"
        );
    }
}
