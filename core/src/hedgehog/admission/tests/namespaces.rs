//! IPv4Namespace and VLANNamespace rules (the latter Hedgehog's `vlannamespace_types_test.go` table).

use super::{Error, VPC_API, Valid, WIRING_API, base_vpc, case, doc, run, run_cases, show};
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
