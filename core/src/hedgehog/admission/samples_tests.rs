//! The real Hedgehog samples (`fixtures/hedgehog/samples`, see its NOTICE.md) through the
//! engine of `hnp validate`, each file as its own fabric. Some documentation examples are
//! deliberately incomplete templates (a VPC whose `permit` lists subnets it does not define, a
//! DHCP relay written as an address, a deprecated `remote`): they must be reported at the right
//! field. The complete list of findings (file, line, object, field) is compared with
//! `fixtures/admission/samples.expected`; set `UPDATE_EXPECT=1` to rewrite it after
//! a deliberate change.

use std::path::{Path, PathBuf};

use crate::hedgehog::files::{Report, check_paths, collect_files};

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/hedgehog/samples")
}

fn check_file(relative: &str) -> Report {
    check_paths(&[samples_dir().join(relative)]).expect("sample readable")
}

fn has_error(report: &Report, kind: &str, name: &str, field: &str, text: &str) -> bool {
    report
        .errors
        .iter()
        .any(|f| f.kind == kind && f.name == name && f.field == field && f.message.contains(text))
}

#[test]
fn docs_templates_are_reported_at_the_right_field() {
    let cases: [(&str, &str, &str, &str, &str); 6] = [
        (
            "docs/master/docs__user-guide__vpcs__block01.yaml",
            "VPC",
            "vpc-1",
            "spec.permit[0][0]",
            "subnet subnet-1 not found",
        ),
        (
            "docs/master/docs__user-guide__vpcs__block01.yaml",
            "VPC",
            "vpc-1",
            "spec.permit[1][1]",
            "subnet subnet-5 not found",
        ),
        (
            "docs/master/docs__user-guide__dhcp__block04.yaml",
            "VPC",
            "vpc-1",
            "spec.subnets.default.dhcp.relay",
            "not a valid prefix",
        ),
        (
            "docs/release-25.03/docs__user-guide__vpcs__block04.yaml",
            "VPCPeering",
            "vpc-1--vpc-2",
            "spec.remote",
            "deprecated",
        ),
        (
            "docs/release-25.03/docs__user-guide__vpcs__block04.yaml",
            "VPCPeering",
            "vpc-1--vpc-2",
            "spec.permit[0].vpc-1",
            "VPC vpc-1 not found",
        ),
        (
            "docs/release-26.02/docs__user-guide__vpcs__block01.yaml",
            "VPC",
            "vpc-1",
            "spec.subnets.dhcp-relay-to-other-vpc.dhcp.relayVPC",
            "DHCP relay VPC vpc-2 not found",
        ),
    ];
    for (file, kind, name, field, text) in cases {
        let report = check_file(file);
        assert!(
            has_error(&report, kind, name, field, text),
            "{file}: expected {kind}/{name}: {field}: …{text}…, got {:#?}",
            report.errors
        );
    }
}

#[test]
fn complete_samples_are_admitted() {
    // VPCs with DHCP, options and static leases, and a VPC with its peering (null peers):
    // nothing but the warnings about the install-time `default` namespaces.
    for file in [
        "demo-gitops/env-1/vpc-test.yaml",
        "docs/master/docs__user-guide__dhcp__block01.yaml",
        "docs/master/docs__user-guide__dhcp__block02.yaml",
        "docs/master/docs__user-guide__dhcp__block03.yaml",
    ] {
        let report = check_file(file);
        assert!(report.valid, "{file}: {:#?}", report.errors);
        assert!(report.objects > 0, "{file}");
    }
    // A whole wiring diagram (switches, servers, connections, namespaces) has no error.
    let report = check_file("docs/master/docs__install-upgrade__build-wiring__block02.yaml");
    assert!(report.valid, "{:#?}", report.errors);
}

#[test]
fn every_sample_file_matches_the_expected_findings() {
    let dir = samples_dir();
    let mut lines = Vec::new();
    for file in collect_files(std::slice::from_ref(&dir)).unwrap() {
        let report = check_paths(std::slice::from_ref(&file)).unwrap();
        let relative = file.strip_prefix(&dir).unwrap().display().to_string();
        for (severity, findings) in [("error", &report.errors), ("warning", &report.warnings)] {
            for f in findings {
                lines.push(format!(
                    "{relative}:{}: {severity}: {}/{}: {}",
                    f.line, f.kind, f.name, f.field
                ));
            }
        }
    }
    let actual = lines.join("\n") + "\n";
    let expected_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/admission/samples.expected");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert!(
        expected == actual,
        "findings on the samples changed (UPDATE_EXPECT=1 to accept):\n{}",
        similar::TextDiff::from_lines(&expected, &actual)
            .unified_diff()
            .header("expected", "actual")
    );
}
