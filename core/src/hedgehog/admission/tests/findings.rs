//! How findings are reported: unparseable files, lines, unknown references, field errors.

use super::{attachment, base_vpc, check_sources, with_ns};
#[test]
fn unparseable_file_is_an_error_naming_it() {
    let report = check_sources(&[
        ("bad.yaml".into(), b"kind: VPC\n  : [\n".to_vec()),
        (
            "unmanaged.yaml".into(),
            b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n".to_vec(),
        ),
    ]);
    assert!(!report.valid);
    assert_eq!(report.objects, 0);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].path, "bad.yaml");
    assert!(report.errors[0].kind.is_empty());
}

#[test]
fn lines_point_at_the_document() {
    let text = format!(
        "# comment\n{}---\n# second\n{}",
        base_vpc("vpc-01", ""),
        base_vpc("vpc-02", "")
    );
    let report = check_sources(&[("f.yaml".into(), text.into_bytes())]);
    let lines: Vec<(String, usize)> = report
        .errors
        .iter()
        .map(|f| (f.name.clone(), f.line))
        .collect();
    // Both VPCs use VLAN 100 and the same subnet: each is reported at its own `apiVersion` line.
    assert!(lines.contains(&("vpc-01".into(), 2)), "{lines:?}");
    assert!(lines.contains(&("vpc-02".into(), 15)), "{lines:?}");
}

/// Objects parsed from YAML documents (no sources), for [`super::super::check`] directly.
fn objects(docs: &[String]) -> Vec<super::super::Object> {
    docs.iter()
        .flat_map(|d| serde_saphyr::from_multiple::<serde_json::Value>(d).unwrap())
        .map(|value| super::super::Object::from_document(&value, None).unwrap())
        .collect()
}

#[test]
fn references_to_unknown_objects_are_warnings_for_a_known_fabric() {
    use super::super::{Options, Severity, check};
    // vpc-1, then attachments over an unknown connection, to an unknown VPC, to a subnet
    // vpc-1 lacks; the namespaces last.
    let docs = with_ns(vec![
        base_vpc("vpc-1", ""),
        attachment(
            "att-1",
            "  connection: server-01--unbundled--leaf-01\n  subnet: vpc-1/default\n",
        ),
        attachment(
            "att-2",
            "  connection: server-01--unbundled--leaf-01\n  subnet: vpc-9/default\n",
        ),
        attachment(
            "att-3",
            "  connection: server-01--unbundled--leaf-01\n  subnet: vpc-1/nope\n",
        ),
    ]);
    let objects = objects(&docs);
    let severities = |options: &Options, i: usize| -> Vec<(Severity, String)> {
        check(&objects, options)[i]
            .iter()
            .map(|p| (p.severity, p.path.clone()))
            .collect()
    };
    // The whole fabric (hnp validate): an unknown Connection or VPC is an error.
    let whole = Options::default();
    assert_eq!(
        severities(&whole, 1),
        vec![(Severity::Error, "spec.connection".to_owned())]
    );
    assert_eq!(
        severities(&whole, 2),
        vec![(Severity::Error, "spec.subnet".to_owned())]
    );
    // What HNP knows of a fabric: the cluster may hold them, a warning.
    let known = Options::known_fabric(false);
    assert_eq!(
        severities(&known, 1),
        vec![(Severity::Warning, "spec.connection".to_owned())]
    );
    assert_eq!(
        severities(&known, 2),
        vec![(Severity::Warning, "spec.subnet".to_owned())]
    );
    assert!(super::super::field_errors(&check(&objects, &known)[2]).is_empty());
    // A subnet the known VPC lacks stays an error.
    let problems = check(&objects, &known);
    let errors = super::super::field_errors(&problems[3]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path, "spec.subnet");
    assert!(errors[0].message.contains("VPC vpc-1"));
}

#[test]
fn field_errors_keep_errors_and_name_the_other_object() {
    use super::super::{Problem, Severity, field_errors};
    let problem = |severity, message: &str, related: Option<(&str, &str)>| Problem {
        severity,
        kind: "VPC".into(),
        name: "vpc-1".into(),
        path: "spec.subnets.default.subnet".into(),
        message: message.into(),
        related: related.map(|(k, n)| (k.to_owned(), n.to_owned())),
    };
    let errors = field_errors(&[
        problem(Severity::Warning, "a warning", None),
        problem(
            Severity::Error,
            "overlaps subnet a of VPC vpc-2",
            Some(("VPC", "vpc-2")),
        ),
        problem(
            Severity::Error,
            "is not within this namespace",
            Some(("IPv4Namespace", "ns-1")),
        ),
        problem(Severity::Error, "no relation", None),
    ]);
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "overlaps subnet a of VPC vpc-2",
            "is not within this namespace (IPv4Namespace ns-1)",
            "no relation",
        ]
    );
    assert!(
        errors
            .iter()
            .all(|e| e.path == "spec.subnets.default.subnet")
    );
}

#[test]
fn context_kinds_hold_every_covered_kind() {
    for kind in super::super::COVERED_KINDS {
        assert!(super::super::CONTEXT_KINDS.contains(&kind), "{kind}");
    }
}
