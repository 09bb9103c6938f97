//! ExternalPeering rules, with Hedgehog's table.

use super::{
    Error, VPC_API, Valid, bgp_external, case, doc, external, other_ipv4_namespace, run_alone,
    run_cases, with_ns,
};
// ---- ExternalPeering ----

fn external_peering(name: &str, vpc: &str, subnets: &str, ext: &str, prefixes: &str) -> String {
    doc(
        VPC_API,
        "ExternalPeering",
        name,
        &format!(
            "  permit:\n    vpc:\n      name: \"{vpc}\"\n      subnets: {subnets}\n    external:\n      name: \"{ext}\"\n      prefixes: {prefixes}\n"
        ),
    )
}

/// Hedgehog's `baseObjs` of the external peering tests.
fn external_peering_context(mut docs: Vec<String>) -> Vec<String> {
    docs.push(doc(
        VPC_API,
        "VPC",
        "vpc-01",
        "  ipv4Namespace: default\n  subnets:\n    subnet-a: {subnet: 10.0.1.0/24, vlan: 101}\n    subnet-b: {subnet: 10.0.2.0/24, vlan: 102}\n",
    ));
    docs.push(bgp_external("external-01"));
    docs.push(external(
        "ext-other",
        "  ipv4Namespace: other\n  inboundCommunity: 50000:2001\n  outboundCommunity: 50000:2002\n",
    ));
    docs.push(other_ipv4_namespace());
    with_ns(docs)
}

const ANY_PREFIX: &str = "[{prefix: 0.0.0.0/0}]";

#[test]
fn externalpeering_table_ported_from_hedgehog() {
    let peering = "ExternalPeering";
    let gen_ = |name: &str, vpc: &str, subnets: &str, ext: &str, prefixes: &str| {
        external_peering_context(vec![external_peering(name, vpc, subnets, ext, prefixes)])
    };
    let cases = vec![
        case(
            "valid external peering",
            gen_(
                "ext-peer-01",
                "vpc-01",
                "[subnet-a]",
                "external-01",
                ANY_PREFIX,
            ),
            vec![Valid],
        ),
        case(
            "valid external peering with multiple subnets and prefixes",
            gen_(
                "ext-peer-02",
                "vpc-01",
                "[subnet-b, subnet-a]",
                "external-01",
                "[{prefix: 10.10.0.0/16}, {prefix: 0.0.0.0/0}]",
            ),
            vec![Valid],
        ),
        case(
            "vpc name is required",
            gen_("ext-peer-03", "", "[subnet-a]", "external-01", ANY_PREFIX),
            vec![Error(
                peering,
                "ext-peer-03",
                "spec.permit.vpc.name",
                "vpc.name is required",
            )],
        ),
        case(
            "external name is required",
            gen_("ext-peer-04", "vpc-01", "[subnet-a]", "", ANY_PREFIX),
            vec![Error(
                peering,
                "ext-peer-04",
                "spec.permit.external.name",
                "external.name is required",
            )],
        ),
        case(
            "external prefix is required",
            gen_(
                "ext-peer-05",
                "vpc-01",
                "[subnet-a]",
                "external-01",
                "[{prefix: \"\"}]",
            ),
            vec![Error(
                peering,
                "ext-peer-05",
                "spec.permit.external.prefixes[0].prefix",
                "required",
            )],
        ),
        case(
            "vpc does not exist",
            gen_(
                "ext-peer-06",
                "vpc-456",
                "[subnet-a]",
                "external-01",
                ANY_PREFIX,
            ),
            vec![Error(
                peering,
                "ext-peer-06",
                "spec.permit.vpc.name",
                "VPC vpc-456 not found",
            )],
        ),
        case(
            "external does not exist",
            gen_(
                "ext-peer-07",
                "vpc-01",
                "[subnet-a]",
                "external-456",
                ANY_PREFIX,
            ),
            vec![Error(
                peering,
                "ext-peer-07",
                "spec.permit.external.name",
                "External external-456 not found",
            )],
        ),
        case(
            "vpc and external ipv4 namespace mismatch",
            gen_(
                "ext-peer-08",
                "vpc-01",
                "[subnet-a]",
                "ext-other",
                ANY_PREFIX,
            ),
            vec![Error(
                peering,
                "ext-peer-08",
                "spec.permit.external.name",
                "must be the same",
            )],
        ),
        case(
            "vpc subnet does not exist on referenced vpc",
            gen_(
                "ext-peer-09",
                "vpc-01",
                "[subnet-missing]",
                "external-01",
                ANY_PREFIX,
            ),
            vec![Error(
                peering,
                "ext-peer-09",
                "spec.permit.vpc.subnets[0]",
                "subnet subnet-missing not found in VPC vpc-01",
            )],
        ),
        case(
            "works with empty vpc subnets list",
            gen_("ext-peer-10", "vpc-01", "[]", "external-01", ANY_PREFIX),
            vec![Valid],
        ),
        case(
            "works with empty external prefixes list",
            gen_("ext-peer-11", "vpc-01", "[subnet-a]", "external-01", "[]"),
            vec![Valid],
        ),
    ];
    assert_eq!(run_cases(cases), 11);
    // Without a cluster: the referenced VPC and External are unknown (warnings).
    let alone = vec![
        case(
            "kube nil still validates required fields only",
            vec![external_peering(
                "ext-peer-12",
                "vpc-01",
                "[subnet-a]",
                "external-01",
                ANY_PREFIX,
            )],
            vec![Valid],
        ),
        case(
            "kube nil with missing required fields still fails",
            vec![external_peering(
                "ext-peer-13",
                "",
                "[subnet-a]",
                "external-01",
                ANY_PREFIX,
            )],
            vec![Error(
                peering,
                "ext-peer-13",
                "spec.permit.vpc.name",
                "vpc.name is required",
            )],
        ),
    ];
    assert_eq!(run_alone(alone), 2);
}
