//! Switch rules, with Hedgehog's `TestHydrationValidation` table.

use super::{
    Error, Valid, WIRING_API, case, doc, run, run_cases, show, switch, test_profile, with, with_ns,
};
fn leaf(name: &str, asn: u32, ip: &str, vtep: &str, protocol: &str) -> String {
    switch(name, "server-leaf", asn, ip, vtep, protocol, "")
}

/// `TestHydrationValidation`'s existing leaf (65101, 172.30.0.8/21, VTEP 172.30.12.0/32,
/// protocol 172.30.8.2/32).
fn hydrated_leaf() -> String {
    leaf(
        "leaf-1",
        65101,
        "172.30.0.8/21",
        "172.30.12.0/32",
        "172.30.8.2/32",
    )
}

fn gateway(vtep: &str, protocol: &str) -> String {
    doc(
        "gateway.githedgehog.com/v1alpha1",
        "Gateway",
        "gw-1",
        &format!("  protocolIP: {protocol}\n  vtepIP: {vtep}\n"),
    )
}

/// Errors on `Switch/name` (other objects' problems ignored).
fn switch_errors(docs: &[String], name: &str) -> Vec<String> {
    run(docs)
        .errors
        .iter()
        .filter(|f| f.kind == "Switch" && f.name == name)
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect()
}

#[test]
fn switch_hydration_table_ported_from_hedgehog() {
    let cases = vec![
        case("emptyList", with_ns(vec![hydrated_leaf()]), vec![Valid]),
        case(
            "VTEPCollision",
            with_ns(vec![
                hydrated_leaf(),
                leaf(
                    "leaf-2",
                    65102,
                    "172.30.0.5/21",
                    "172.30.12.0/32",
                    "172.30.8.5/32",
                ),
            ]),
            vec![
                Error(
                    "Switch",
                    "leaf-2",
                    "spec.vtepIP",
                    "VTEP IP 172.30.12.0/32 is already used by Switch leaf-1",
                ),
                Error(
                    "Switch",
                    "leaf-1",
                    "spec.vtepIP",
                    "already used by Switch leaf-2",
                ),
            ],
        ),
        case(
            "IPCollision",
            with_ns(vec![
                hydrated_leaf(),
                leaf(
                    "leaf-2",
                    65102,
                    "172.30.0.8/21",
                    "172.30.12.2/32",
                    "172.30.8.5/32",
                ),
            ]),
            vec![Error(
                "Switch",
                "leaf-2",
                "spec.ip",
                "management IP 172.30.0.8 is already used by Switch leaf-1",
            )],
        ),
        case(
            "ProtocolIPCollision",
            with_ns(vec![
                hydrated_leaf(),
                leaf(
                    "leaf-2",
                    65102,
                    "172.30.0.5/21",
                    "172.30.12.2/32",
                    "172.30.8.2/32",
                ),
            ]),
            vec![Error(
                "Switch",
                "leaf-2",
                "spec.protocolIP",
                "already used by Switch leaf-1",
            )],
        ),
        case(
            "ASNCollision",
            with_ns(vec![
                hydrated_leaf(),
                leaf(
                    "leaf-2",
                    65101,
                    "172.30.0.5/21",
                    "172.30.12.2/32",
                    "172.30.8.5/32",
                ),
            ]),
            vec![Error(
                "Switch",
                "leaf-2",
                "spec.asn",
                "leaf ASN 65101 is already used by Switch leaf-1",
            )],
        ),
        case(
            "noCollision",
            with_ns(vec![
                hydrated_leaf(),
                leaf(
                    "leaf-2",
                    65102,
                    "172.30.0.5/21",
                    "172.30.12.2/32",
                    "172.30.8.5/32",
                ),
            ]),
            vec![Valid],
        ),
        case(
            "spineCorrectASN",
            with_ns(vec![
                hydrated_leaf(),
                switch(
                    "spine-1",
                    "spine",
                    65100,
                    "172.30.0.9/21",
                    "",
                    "172.30.8.3/32",
                    "",
                ),
            ]),
            vec![Valid],
        ),
        case(
            "VTEPCollisionWithGateway",
            with_ns(vec![
                hydrated_leaf(),
                gateway("172.30.12.0/32", "172.30.8.45/32"),
            ]),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.vtepIP",
                "already used by Gateway gw-1",
            )],
        ),
        case(
            "ProtocolIPCollisionWithGateway",
            with_ns(vec![
                hydrated_leaf(),
                gateway("172.30.12.45/32", "172.30.8.2/32"),
            ]),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.protocolIP",
                "already used by Gateway gw-1",
            )],
        ),
    ];
    assert_eq!(run_cases(cases), 9);
    // noCollisionWithGateway: the gateway here is incomplete (its own rules report it), the
    // switch has no error.
    let docs = with_ns(vec![
        hydrated_leaf(),
        gateway("172.30.12.45/32", "172.30.8.45/32"),
    ]);
    assert_eq!(switch_errors(&docs, "leaf-1"), Vec::<String>::new());
    // mclagPeerAllGood: MCLAG peers share ASN and VTEP IP.
    let mclag = |name: &str, ip: &str, protocol: &str| {
        switch(
            name,
            "server-leaf",
            65101,
            ip,
            "172.30.12.0/32",
            protocol,
            "  redundancy: {group: mclag-1, type: mclag}\n",
        )
    };
    let docs = with_ns(vec![
        mclag("leaf-1", "172.30.0.8/21", "172.30.8.2/32"),
        mclag("leaf-2", "172.30.0.9/21", "172.30.8.3/32"),
        doc(WIRING_API, "SwitchGroup", "mclag-1", "  {}\n").replace("spec:\n  {}", "spec: {}"),
    ]);
    assert_eq!(switch_errors(&docs, "leaf-1"), Vec::<String>::new());
    assert_eq!(switch_errors(&docs, "leaf-2"), Vec::<String>::new());
    let report = run(&docs);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.field == "spec.redundancy.type" && w.message.contains("deprecated")),
        "{}",
        show(&report.warnings)
    );
}

#[test]
fn switch_rules() {
    let leaf_with = |extra: &str| {
        with_ns(vec![switch(
            "leaf-1",
            "server-leaf",
            65101,
            "172.30.0.8/21",
            "172.30.12.0/32",
            "172.30.8.2/32",
            extra,
        )])
    };
    let group = |name: &str| {
        doc(WIRING_API, "SwitchGroup", name, "  {}\n").replace("spec:\n  {}", "spec: {}")
    };
    let cases = vec![
        case("valid leaf", leaf_with(""), vec![Valid]),
        case(
            "unknown profile",
            leaf_with("  profile: no-such-switch\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.profile",
                "switch profile no-such-switch not found",
            )],
        ),
        case(
            "profile from a SwitchProfile object",
            with(
                leaf_with("  profile: test-profile\n"),
                &[test_profile("test-profile", "")],
            ),
            vec![Valid],
        ),
        case(
            "partly hydrated: ASN missing",
            with_ns(vec![doc(
                WIRING_API,
                "Switch",
                "leaf-1",
                "  role: server-leaf\n  profile: vs\n  ip: 172.30.0.8/21\n  protocolIP: 172.30.8.2/32\n",
            )]),
            vec![Error("Switch", "leaf-1", "spec.asn", "ASN is required")],
        ),
        case(
            "not hydrated: a warning only",
            with_ns(vec![doc(
                WIRING_API,
                "Switch",
                "leaf-1",
                "  role: server-leaf\n  profile: vs\n",
            )]),
            vec![Valid],
        ),
        case(
            "protocol IP not a /32",
            with_ns(vec![switch(
                "leaf-1",
                "server-leaf",
                65101,
                "172.30.0.8/21",
                "172.30.12.0/32",
                "172.30.8.2/31",
                "",
            )]),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.protocolIP",
                "must be a /32",
            )],
        ),
        case(
            "VTEP IP on a spine",
            with_ns(vec![switch(
                "spine-1",
                "spine",
                65100,
                "172.30.0.8/21",
                "172.30.12.0/32",
                "172.30.8.2/32",
                "",
            )]),
            vec![Error(
                "Switch",
                "spine-1",
                "spec.vtepIP",
                "not allowed for spine",
            )],
        ),
        case(
            "redundancy type without group",
            leaf_with("  redundancy: {type: eslag}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.redundancy.group",
                "type specified without group",
            )],
        ),
        case(
            "redundancy group without type",
            with(leaf_with("  redundancy: {group: g1}\n"), &[group("g1")]),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.redundancy.type",
                "group specified without type",
            )],
        ),
        case(
            "redundancy group that does not exist",
            leaf_with("  redundancy: {group: g1, type: eslag}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.groups[0]",
                "SwitchGroup g1 not found",
            )],
        ),
        case(
            "eslag on a profile without ESLAG",
            with(
                leaf_with("  profile: celestica-ds4000\n  redundancy: {group: g1, type: eslag}\n"),
                &[group("g1")],
            ),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.redundancy.type",
                "ESLAG is not supported on switch profile celestica-ds4000",
            )],
        ),
        case(
            "missing VLANNamespace",
            leaf_with("  vlanNamespaces: [default, other]\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.vlanNamespaces[1]",
                "VLANNamespace other not found",
            )],
        ),
        case(
            "overlapping VLANNamespaces",
            with(
                leaf_with("  vlanNamespaces: [default, other]\n"),
                &[doc(
                    WIRING_API,
                    "VLANNamespace",
                    "other",
                    "  ranges:\n  - {from: 200, to: 300}\n",
                )],
            ),
            vec![Error("Switch", "leaf-1", "spec.vlanNamespaces", "overlap")],
        ),
        case(
            "port speed not supported",
            leaf_with("  portSpeeds: {E1/33: 25G}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.portSpeeds[\"E1/33\"]",
                "does not support speed 25G",
            )],
        ),
        case(
            "port speed with SPEED_ prefix",
            leaf_with("  portSpeeds: {E1/33: SPEED_10G}\n"),
            vec![Valid],
        ),
        case(
            "port speed on an unknown port",
            leaf_with("  portSpeeds: {E1/77: 10G}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.portSpeeds[\"E1/77\"]",
                "not found in switch profile",
            )],
        ),
        case(
            "port group speed",
            with_ns(vec![switch(
                "leaf-1",
                "server-leaf",
                65101,
                "172.30.0.8/21",
                "172.30.12.0/32",
                "172.30.8.2/32",
                "  profile: dell-s5248f-on\n  portGroupSpeeds: {\"1\": 10G, \"2\": 40G}\n",
            )]),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.portGroupSpeeds.2",
                "does not support speed 40G",
            )],
        ),
        case(
            "port breakout",
            leaf_with("  portBreakouts: {E1/1: 4x25G}\n"),
            vec![Valid],
        ),
        case(
            "port breakout not supported",
            leaf_with("  portBreakouts: {E1/1: 8x10G}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.portBreakouts[\"E1/1\"]",
                "does not support breakout 8x10G",
            )],
        ),
        case(
            "port breakout on a port without breakouts",
            leaf_with("  portBreakouts: {E1/33: 4x25G}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.portBreakouts[\"E1/33\"]",
                "no supported breakouts",
            )],
        ),
        case(
            "breakouts beyond a pipeline's ports",
            with_ns(vec![switch(
                "leaf-1",
                "server-leaf",
                65101,
                "172.30.0.8/21",
                "172.30.12.0/32",
                "172.30.8.2/32",
                &format!(
                    "  profile: celestica-ds4000\n  portBreakouts: {{{}}}\n",
                    (1..=32)
                        .map(|p| format!("E1/{p}: 8x50G"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )]),
            vec![Error("Switch", "leaf-1", "spec.portBreakouts", "more than")],
        ),
        case(
            "FEC on a port",
            leaf_with("  portFECs: {E1/1: rs}\n"),
            vec![Valid],
        ),
        case(
            "FEC on a broken-out port",
            leaf_with("  portBreakouts: {E1/1: 4x25G}\n  portFECs: {E1/1: rs}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.portFECs[\"E1/1\"]",
                "does not support configuring FEC",
            )],
        ),
        case(
            "auto-negotiation not allowed",
            leaf_with("  portAutoNegs: {E1/33: true}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.portAutoNegs[\"E1/33\"]",
                "auto negotiation",
            )],
        ),
        case(
            "RoCE on a profile without it",
            leaf_with("  profile: celestica-ds2000\n  roce: true\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.roce",
                "RoCEv2 is not supported",
            )],
        ),
        case("RoCE supported", leaf_with("  roce: true\n"), vec![Valid]),
        case(
            "ECMP QPN hashing unsupported",
            leaf_with("  ecmp: {roceQPN: true}\n"),
            vec![Error(
                "Switch",
                "leaf-1",
                "spec.ecmp.roceQPN",
                "not supported",
            )],
        ),
    ];
    assert_eq!(run_cases(cases), 27);
}
