//! SwitchProfile rules, with Hedgehog's `TestGetAPI2NOSPortsFor` and `TestDefaultSwitchProfiles`.

use super::{
    Error, Valid, case, run, run_cases, server, show, switch, test_profile, unbundled, with_ns,
};
#[test]
fn switch_profile_ports_ported_from_hedgehog() {
    // TestGetAPI2NOSPortsFor "simple": with E1/8 as 4x25G and E1/9 as 2x50G, the API ports
    // are E1/1-6, E1/7 + E1/7/1, E1/8 + E1/8/1-4, E1/9 + E1/9/1-2 and M1.
    let switch_doc = switch(
        "leaf-1",
        "server-leaf",
        65101,
        "172.30.0.8/21",
        "172.30.12.0/32",
        "172.30.8.2/32",
        "  profile: test\n  portBreakouts: {E1/8: 4x25G, E1/9: 2x50G}\n",
    );
    let mut docs = with_ns(vec![test_profile("test", ""), switch_doc, server("srv")]);
    let valid = [
        "E1/1", "E1/6", "E1/7", "E1/7/1", "E1/8", "E1/8/1", "E1/8/4", "E1/9", "E1/9/1", "E1/9/2",
        "M1",
    ];
    let invalid = ["E1/7/2", "E1/8/5", "E1/9/3", "E1/10", "E1/1/1", "M2"];
    for (n, port) in valid.iter().chain(invalid.iter()).enumerate() {
        docs.push(unbundled(
            &format!("c{n}"),
            &format!("srv/p{n}"),
            &format!("leaf-1/{port}"),
        ));
    }
    let report = run(&docs);
    for (n, port) in valid.iter().chain(invalid.iter()).enumerate() {
        let name = format!("c{n}");
        let flagged = report
            .errors
            .iter()
            .any(|f| f.name == name && f.message.contains("does not exist on switch leaf-1"));
        assert_eq!(
            flagged,
            invalid.contains(port),
            "{port}: {}",
            show(&report.errors)
        );
    }
    // E1/9 and E1/9/1 are one port: two connections on them clash.
    let report = run(&[
        docs[..4].to_vec(),
        vec![
            unbundled("a", "srv/p1", "leaf-1/E1/9"),
            unbundled("b", "srv/p2", "leaf-1/E1/9/1"),
        ],
    ]
    .concat());
    assert!(
        report
            .errors
            .iter()
            .any(|f| f.name == "a" && f.message.contains("also used by Connection b")),
        "{}",
        show(&report.errors)
    );
}

#[test]
fn default_switch_profiles_are_valid() {
    // TestDefaultSwitchProfiles: every built-in profile (with the CLS+ and Cumulus ones)
    // passes SwitchProfile validation.
    let names: Vec<&str> = super::super::switchprofile::builtin_names().collect();
    assert_eq!(names.len(), 23, "{names:?}");
    for name in names {
        let spec = super::super::switchprofile::builtin(name).unwrap();
        assert_eq!(
            super::super::switchprofile::problems(spec),
            Vec::new(),
            "{name}"
        );
        let ports = spec.api_ports(&Default::default()).unwrap();
        assert!(ports.contains("M1"), "{name}");
        assert!(ports.contains("E1/1") || ports.contains("E1/1/1"), "{name}");
    }
    let s5248 = super::super::switchprofile::builtin("dell-s5248f-on").unwrap();
    let ports = s5248
        .api_ports(&[("E1/55".to_owned(), "4x25G".to_owned())].into())
        .unwrap();
    for port in ["E1/48", "E1/55", "E1/55/1", "E1/55/4", "E1/56/1"] {
        assert!(ports.contains(port), "{port}");
    }
    for port in ["E1/57", "E1/56/2", "E1/48/1", "E1/55/5"] {
        assert!(!ports.contains(port), "{port}");
    }
}

#[test]
fn switch_profile_rules() {
    let profile = |extra: &str| vec![test_profile("p", extra)];
    let replace = |from: &str, to: &str| vec![test_profile("p", "").replace(from, to)];
    let cases = vec![
        case("valid profile", profile(""), vec![Valid]),
        case(
            "no display name",
            replace("  displayName: Test\n", ""),
            vec![Error("SwitchProfile", "p", "spec.displayName", "required")],
        ),
        case(
            "invalid nosType",
            replace("nosType: sonic-bcm-vs", "nosType: sonic-fancy"),
            vec![Error("SwitchProfile", "p", "spec.nosType", "invalid")],
        ),
        case(
            "duplicate other names",
            profile("  otherNames: [a, a]\n"),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.otherNames[1]",
                "duplicates",
            )],
        ),
        case(
            "duplicate NOS name",
            replace("nos: Ethernet17", "nos: Ethernet16"),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.ports[\"E1/6\"].nos",
                "duplicated",
            )],
        ),
        case(
            "duplicate label",
            replace("label: \"6\"", "label: \"5\""),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.ports[\"E1/6\"].label",
                "duplicated",
            )],
        ),
        case(
            "data port not E<asic>/<port>",
            replace("E1/6: {", "X1/6: {"),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.ports[\"X1/6\"]",
                "must start with E",
            )],
        ),
        case(
            "management port without ONIE name",
            replace(", oniePortName: eth0", ""),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.ports.M1.oniePortName",
                "ONIE port name",
            )],
        ),
        case(
            "port with a missing profile",
            replace(
                "profile: SFP28-25G}\n    E1/6",
                "profile: SFP28-99G}\n    E1/6",
            ),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.ports[\"E1/5\"].profile",
                "non-existent profile",
            )],
        ),
        case(
            "breakout port without base NOS name",
            replace(", baseNOSName: Ethernet28", ""),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.ports[\"E1/9\"].baseNOSName",
                "base NOS name",
            )],
        ),
        case(
            "unreferenced group",
            profile("")
                .into_iter()
                .map(|d| {
                    d.replace(
                        "  portProfiles:\n",
                        "    \"3\": {nos: \"3\", profile: SFP28-25G}\n  portProfiles:\n",
                    )
                })
                .collect(),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.portGroups.3",
                "not referenced",
            )],
        ),
        case(
            "invalid speed",
            replace("supported: [10G, 25G]", "supported: [10G, 25G, 30G]"),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.portProfiles.SFP28-25G.speed.supported[2]",
                "not allowed",
            )],
        ),
        case(
            "default speed not supported",
            replace("default: 25G", "default: 1G"),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.portProfiles.SFP28-25G.speed.default",
                "in supported speeds",
            )],
        ),
        case(
            "invalid breakout mode",
            replace("1x10G: {offsets: [\"0\"]}", "3x10G: {offsets: [\"0\"]}"),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.portProfiles.QSFP28-100G.breakout.supported.3x10G",
                "valid number",
            )],
        ),
        case(
            "pipeline on a non-breakout port",
            replace(
                "E1/5: {nos: Ethernet16, label: \"5\", profile: SFP28-25G}",
                "E1/5: {nos: Ethernet16, label: \"5\", profile: SFP28-25G, pipeline: \"1\"}",
            )
            .into_iter()
            .map(|d| d + "  pipelines:\n    \"1\": {maxPorts: 8}\n")
            .collect(),
            vec![Error(
                "SwitchProfile",
                "p",
                "spec.ports[\"E1/5\"].pipeline",
                "must be a breakout port",
            )],
        ),
    ];
    assert_eq!(run_cases(cases), 15);
}
