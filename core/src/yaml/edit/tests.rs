//! Tests of [`replace_document`](super::replace_document), [`remove_document`](super::remove_document)
//! and [`append_document`](super::append_document): in-place edits vs re-serialization, markers,
//! line endings, and a one-leaf change of every scalar of every sample file.

use super::*;
use serde_json::json;

mod samples;

fn docs(file: &str) -> Vec<crate::yaml::ParsedDocument> {
    parse_documents(file.as_bytes(), &Limits::default()).expect("test file parses")
}

fn values(file: &str) -> Vec<Value> {
    docs(file).into_iter().map(|d| d.value).collect()
}

/// Indices of differing lines; panics if the line counts differ.
fn changed_lines(a: &str, b: &str) -> Vec<usize> {
    let (la, lb): (Vec<_>, Vec<_>) = (
        a.split_inclusive('\n').collect(),
        b.split_inclusive('\n').collect(),
    );
    assert_eq!(la.len(), lb.len(), "line count differs:\n{a}\n----\n{b}");
    (0..la.len()).filter(|&i| la[i] != lb[i]).collect()
}

/// Replaces document `i` with `f(old)`; checks bytes outside the
/// document and that the file parses to the expected values.
fn replace_with(file: &str, i: usize, f: impl FnOnce(&mut Value)) -> String {
    let parsed = docs(file);
    let doc = &parsed[i];
    let mut new = doc.value.clone();
    f(&mut new);
    let out = replace_document(file, doc.range.clone(), &doc.value, &new);
    assert_eq!(out[..doc.range.start], file[..doc.range.start]);
    let tail = file.len() - doc.range.end;
    assert_eq!(out[out.len() - tail..], file[doc.range.end..]);
    let mut expected: Vec<Value> = parsed.iter().map(|d| d.value.clone()).collect();
    expected[i] = new;
    assert_eq!(values(&out), expected, "result:\n{out}");
    out
}

const THREE: &str = "\
# Fabric wiring for rack 1
# (hand-written)
apiVersion: vpc.githedgehog.com/v1beta1
kind: VPC
metadata:
  name: vpc-1   # first VPC
spec:
  subnets:
    default:
      subnet: 10.0.1.0/24
      vlan: 1001
---
# The second VPC
apiVersion: vpc.githedgehog.com/v1beta1
kind: VPC
metadata:
  name: vpc-2
spec:
  ipv4Namespace: default
  vlanNamespace: default   # keep default
  subnets:
    default:
      subnet: 10.0.2.0/24
      # the VLAN below is reserved for rack 2
      vlan: 1002
      gateway: \"10.0.2.1\"
      dhcp: {enable: true, range: {start: 10.0.2.10}}
    backup:
      subnet: '10.0.3.0/24'
      vlan: 1003

# trailing comment of doc 2
---
apiVersion: wiring.githedgehog.com/v1beta1
kind: Connection
metadata:
  name: server-1--unbundled--leaf-1
spec:
  unbundled:
    link:
      server: {port: server-1/enp2s1}
      switch: {port: leaf-1/E1/1}
";

#[test]
fn one_vlan_change_is_one_line() {
    let out = replace_with(THREE, 1, |v| {
        v["spec"]["subnets"]["default"]["vlan"] = json!(1010)
    });
    let lines = changed_lines(THREE, &out);
    assert_eq!(lines.len(), 1);
    assert_eq!(
        out.split_inclusive('\n').nth(lines[0]),
        Some("      vlan: 1010\n")
    );
    assert_eq!(out, THREE.replace("vlan: 1002", "vlan: 1010"));
}

#[test]
fn several_scalar_changes_keep_comments() {
    let out = replace_with(THREE, 1, |v| {
        v["spec"]["vlanNamespace"] = json!("other");
        v["metadata"]["name"] = json!("vpc-22");
        v["spec"]["subnets"]["backup"]["vlan"] = json!(2003);
    });
    let expected = THREE
        .replace("vlanNamespace: default   #", "vlanNamespace: other   #")
        .replace("name: vpc-2\n", "name: vpc-22\n")
        .replace("vlan: 1003", "vlan: 2003");
    assert_eq!(out, expected);
    assert_eq!(changed_lines(THREE, &out).len(), 3);
}

#[test]
fn value_with_trailing_comment() {
    let out = replace_with(THREE, 0, |v| v["metadata"]["name"] = json!("vpc-one"));
    assert_eq!(out, THREE.replace("name: vpc-1   #", "name: vpc-one   #"));
}

#[test]
fn unchanged_value_keeps_file() {
    let d = &docs(THREE)[1];
    assert_eq!(
        replace_document(THREE, d.range.clone(), &d.value, &d.value),
        THREE
    );
}

#[test]
fn flow_sequence_stays_flow() {
    let file = "kind: VPC\nspec:\n  vlanNamespaces: [default]\n  other: [a, b, c]\n";
    let out = replace_with(file, 0, |v| {
        v["spec"]["vlanNamespaces"][0] = json!("ns-2");
        v["spec"]["other"][1] = json!("bee");
    });
    assert_eq!(
        out,
        "kind: VPC\nspec:\n  vlanNamespaces: [ns-2]\n  other: [a, bee, c]\n"
    );
}

#[test]
fn flow_map_stays_flow() {
    let out = replace_with(THREE, 1, |v| {
        v["spec"]["subnets"]["default"]["dhcp"]["range"]["start"] = json!("10.0.2.20");
        v["spec"]["subnets"]["default"]["dhcp"]["enable"] = json!(false);
    });
    // `10.0.2.20` needs quotes under the canonical emitter's rules.
    assert_eq!(
        out,
        THREE.replace(
            "{enable: true, range: {start: 10.0.2.10}}",
            "{enable: false, range: {start: \"10.0.2.20\"}}"
        )
    );
}

#[test]
fn flow_indicators_are_quoted_in_flow() {
    let file = "a: [x, y]\nb: {k: v}\n";
    let out = replace_with(file, 0, |v| {
        v["a"][0] = json!("p,q");
        v["b"]["k"] = json!("[z]");
    });
    assert_eq!(out, "a: [\"p,q\", y]\nb: {k: \"[z]\"}\n");
    let out = replace_with(file, 0, |v| v["a"][1] = json!("m:n"));
    assert_eq!(out, "a: [x, \"m:n\"]\nb: {k: v}\n");
}

#[test]
fn double_quoted_stays_double_quoted() {
    let out = replace_with(THREE, 1, |v| {
        v["spec"]["subnets"]["default"]["gateway"] = json!("10.0.2.254");
    });
    assert_eq!(out, THREE.replace("\"10.0.2.1\"", "\"10.0.2.254\""));
    let out = replace_with(THREE, 1, |v| {
        v["spec"]["subnets"]["default"]["gateway"] = json!("say \"hi\"\\");
    });
    assert_eq!(out, THREE.replace("\"10.0.2.1\"", r#""say \"hi\"\\""#));
    assert_eq!(changed_lines(THREE, &out).len(), 1);
}

#[test]
fn single_quoted_stays_single_quoted() {
    let out = replace_with(THREE, 1, |v| {
        v["spec"]["subnets"]["backup"]["subnet"] = json!("it's 10.0.4.0/24");
    });
    assert_eq!(out, THREE.replace("'10.0.3.0/24'", "'it''s 10.0.4.0/24'"));
    // A newline cannot stay on one line in single quotes: double-quoted.
    let out = replace_with(THREE, 1, |v| {
        v["spec"]["subnets"]["backup"]["subnet"] = json!("a\nb");
    });
    assert_eq!(out, THREE.replace("'10.0.3.0/24'", "\"a\\nb\""));
}

#[test]
fn plain_string_that_needs_quotes_gets_quoted() {
    let file = "# c\nkind: VPC\nspec:\n  name: foo # keep\n";
    for (new, text) in [
        ("yes", "\"yes\""),
        ("1.5", "\"1.5\""),
        ("a: b", "\"a: b\""),
        ("", "\"\""),
        ("null", "\"null\""),
        ("- x", "\"- x\""),
        ("x #y", "\"x #y\""),
        ("10.0.0.1", "\"10.0.0.1\""),
        ("plain words", "plain words"),
    ] {
        let out = replace_with(file, 0, |v| v["spec"]["name"] = json!(new));
        assert_eq!(
            out,
            format!("# c\nkind: VPC\nspec:\n  name: {text} # keep\n")
        );
    }
}

#[test]
fn type_changes_are_written_plain() {
    let file = "a: \"10\"\nb: '5'\nc: foo\nd: true\n";
    let out = replace_with(file, 0, |v| {
        v["a"] = json!(10);
        v["b"] = json!(1.5);
        v["c"] = Value::Null;
        v["d"] = json!("true");
    });
    assert_eq!(out, "a: 10\nb: 1.5\nc: null\nd: \"true\"\n");
}

#[test]
fn structural_change_reserializes_only_that_document() {
    let out = replace_with(THREE, 1, |v| {
        v["spec"]["subnets"]["default"]["mtu"] = json!(9000)
    });
    let d = &docs(THREE)[1];
    let expected_doc = "\
---
# The second VPC
apiVersion: vpc.githedgehog.com/v1beta1
kind: VPC
metadata:
  name: vpc-2
spec:
  ipv4Namespace: default
  subnets:
    backup:
      subnet: 10.0.3.0/24
      vlan: 1003
    default:
      dhcp:
        enable: true
        range:
          start: \"10.0.2.10\"
      gateway: \"10.0.2.1\"
      mtu: 9000
      subnet: 10.0.2.0/24
      vlan: 1002
  vlanNamespace: default

# trailing comment of doc 2
";
    let expected = format!(
        "{}{expected_doc}{}",
        &THREE[..d.range.start],
        &THREE[d.range.end..]
    );
    assert_eq!(out, expected);
}

#[test]
fn structural_change_first_document_keeps_header_comment() {
    let out = replace_with(THREE, 0, |v| {
        v["spec"]["subnets"]
            .as_object_mut()
            .unwrap()
            .remove("default");
    });
    assert!(out.starts_with(
        "# Fabric wiring for rack 1\n# (hand-written)\napiVersion: vpc.githedgehog.com/v1beta1\n"
    ));
    assert!(out.contains("spec:\n  subnets: {}\n---\n# The second VPC\n"));
}

#[test]
fn list_length_change_is_structural() {
    let file = "---\n# c\na: [x, y]\n";
    let out = replace_with(file, 0, |v| v["a"] = json!(["x", "w", "z"]));
    assert_eq!(out, "---\n# c\na:\n  - x\n  - w\n  - z\n");
}

#[test]
fn marker_line_content_is_dropped_on_reserialize() {
    let file = "a: 1\n--- {b: 2}\n";
    let out = replace_with(file, 1, |v| v["c"] = json!(3));
    assert_eq!(out, "a: 1\n---\nb: 2\nc: 3\n");
    // Scalar edit on the marker line stays in place.
    let out = replace_with(file, 1, |v| v["b"] = json!(5));
    assert_eq!(out, "a: 1\n--- {b: 5}\n");
}

#[test]
fn unsafe_cases_fall_back_to_reserialize() {
    let cases: &[(&str, &[&str])] = &[
        ("a: |\n  x\n  y\nb: 1\n", &["a"]),
        ("a: >\n  x\nb: 1\n", &["a"]),
        ("a: one\n  two\nb: 1\n", &["a"]),
        ("a: \"one\n  two\"\nb: 1\n", &["a"]),
        ("a: &x foo\nb: *x\n", &["a"]),
        ("a: &x foo\nb: *x\n", &["b"]),
        ("a: !!str foo\nb: 1\n", &["a"]),
        ("base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n", &["d", "y"]),
        ("a:\nb: 1\n", &["a"]),
    ];
    for (file, path) in cases {
        let out = replace_with(file, 0, |v| {
            let mut node = v;
            for k in *path {
                node = &mut node[*k];
            }
            *node = json!("changed");
        });
        // Re-serialized: canonical text, which never has these constructs.
        let expected = &values(&out)[0];
        assert_eq!(out, canonicalize(expected), "input:\n{file}");
    }
}

#[test]
fn stale_old_value_still_writes_new() {
    // `old` does not match the text (b is 2, not 3): the in-place edit
    // would not parse back to `new`, so the document is re-serialized.
    let file = "# c\na: 1\nb: 2\n";
    let out = replace_document(
        file,
        0..file.len(),
        &json!({"a": 1, "b": 3}),
        &json!({"a": 5, "b": 3}),
    );
    assert_eq!(out, "# c\na: 5\nb: 3\n");
}

#[test]
fn byte_order_mark_and_multibyte_text() {
    let file = "\u{feff}# é\nname: café # ü\nport: 'x'\n---\nb: 1\n";
    let out = replace_with(file, 0, |v| {
        v["name"] = json!("thé");
        v["port"] = json!("ñ");
    });
    assert_eq!(out, "\u{feff}# é\nname: thé # ü\nport: 'ñ'\n---\nb: 1\n");
    let out = replace_with(file, 0, |v| v["z"] = json!(1));
    assert_eq!(out, "\u{feff}# é\nname: café\nport: x\nz: 1\n---\nb: 1\n");
}

#[test]
fn remove_middle_first_last() {
    let parsed = docs(THREE);
    let r = |i: usize| parsed[i].range.clone();
    let v = |i: usize| parsed[i].value.clone();

    let out = remove_document(THREE, r(1)).unwrap();
    assert_eq!(
        out,
        format!("{}{}", &THREE[..r(1).start], &THREE[r(1).end..])
    );
    assert_eq!(values(&out), vec![v(0), v(2)]);

    let out = remove_document(THREE, r(0)).unwrap();
    assert_eq!(out, THREE[r(0).end..]);
    assert_eq!(values(&out), vec![v(1), v(2)]);

    let out = remove_document(THREE, r(2)).unwrap();
    assert_eq!(out, THREE[..r(2).start]);
    assert_eq!(values(&out), vec![v(0), v(1)]);
}

#[test]
fn remove_only_document() {
    for file in [
        "a: 1\n",
        "# header\n---\na: 1\n",
        "---\na: 1\n...\n",
        "a: 1",
    ] {
        let d = &docs(file)[0];
        assert_eq!(remove_document(file, d.range.clone()), None, "{file:?}");
    }
    // Only comments (or an empty document) left behind.
    let file = "a: 1\n---\n---\n# bye\n";
    assert_eq!(remove_document(file, docs(file)[0].range.clone()), None);
}

#[test]
fn end_markers() {
    let file = "a: 1\n...\n# b\nb: 2\n...\nc: 3\n...\n";
    let parsed = docs(file);
    assert_eq!(parsed.len(), 3);
    let out = replace_with(file, 1, |v| v["b"] = json!(20));
    assert_eq!(out, file.replace("b: 2", "b: 20"));
    let out = replace_with(file, 1, |v| v["z"] = json!(0));
    assert_eq!(out, "a: 1\n...\n# b\nb: 2\nz: 0\n...\nc: 3\n...\n");
    let out = remove_document(file, parsed[1].range.clone()).unwrap();
    assert_eq!(out, "a: 1\n...\nc: 3\n...\n");
    assert_eq!(values(&out), vec![json!({"a": 1}), json!({"c": 3})]);
}

#[test]
fn remove_keeps_documents_apart() {
    // The removed document was the only boundary: a `---` is inserted.
    let file = "a: 1\n---\nb: 2\n...\nc: 3\n";
    let out = remove_document(file, docs(file)[1].range.clone()).unwrap();
    assert_eq!(out, "a: 1\n---\nc: 3\n");
    // Before a directive, `...` is needed instead.
    let file = "a: 1\n---\nb: 2\n...\n%YAML 1.2\n---\nc: 3\n";
    let out = remove_document(file, docs(file)[1].range.clone()).unwrap();
    assert_eq!(out, "a: 1\n...\n%YAML 1.2\n---\nc: 3\n");
    assert_eq!(values(&out), vec![json!({"a": 1}), json!({"c": 3})]);
    // CRLF separator.
    let file = "a: 1\r\n---\r\nb: 2\r\n...\r\nc: 3\r\n";
    let out = remove_document(file, docs(file)[1].range.clone()).unwrap();
    assert_eq!(out, "a: 1\r\n---\r\nc: 3\r\n");
}

#[test]
fn crlf_file() {
    let file = THREE.replace('\n', "\r\n");
    let out = replace_with(&file, 1, |v| {
        v["spec"]["subnets"]["default"]["vlan"] = json!(7)
    });
    assert_eq!(out, file.replace("vlan: 1002", "vlan: 7"));
    // Re-serialized document: written with CRLF too.
    let out = replace_with(&file, 1, |v| v["spec"]["new"] = json!("x"));
    assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
    assert!(out.contains("\r\n---\r\n# The second VPC\r\napiVersion:"));
    let out = remove_document(&file, docs(&file)[1].range.clone()).unwrap();
    assert!(!out.replace("\r\n", "").contains('\n'));
}

#[test]
fn no_trailing_newline() {
    let file = "a: 1\n---\nb: 2\nc: 'x'";
    let out = replace_with(file, 1, |v| v["c"] = json!("y"));
    assert_eq!(out, "a: 1\n---\nb: 2\nc: 'y'");
    // Re-serialized last document gets a final newline.
    let out = replace_with(file, 1, |v| v["d"] = json!(1));
    assert_eq!(out, "a: 1\n---\nb: 2\nc: x\nd: 1\n");
    let out = remove_document(file, docs(file)[0].range.clone()).unwrap();
    assert_eq!(out, "---\nb: 2\nc: 'x'");
    let out = remove_document(file, docs(file)[1].range.clone()).unwrap();
    assert_eq!(out, "a: 1\n");
}

#[test]
fn append() {
    let doc = "kind: VPC\n";
    assert_eq!(append_document("", doc), "kind: VPC\n");
    assert_eq!(append_document("", "kind: VPC"), "kind: VPC\n");
    assert_eq!(append_document("# only\n", doc), "# only\nkind: VPC\n");
    assert_eq!(append_document("a: 1\n", doc), "a: 1\n---\nkind: VPC\n");
    assert_eq!(append_document("a: 1", doc), "a: 1\n---\nkind: VPC\n");
    assert_eq!(
        append_document("a: 1\n---\n", doc),
        "a: 1\n---\nkind: VPC\n"
    );
    assert_eq!(
        append_document("a: 1\n...\n", doc),
        "a: 1\n...\n---\nkind: VPC\n"
    );
    assert_eq!(
        append_document("a: 1\n", "---\nb: 2\n"),
        "a: 1\n---\nb: 2\n"
    );
    assert_eq!(
        append_document("a: 1\r\n", "b: 2\nc: 3\n"),
        "a: 1\r\n---\r\nb: 2\r\nc: 3\r\n"
    );
    let out = append_document(THREE, &canonicalize(&json!({"kind": "X", "x": [1]})));
    assert!(out.starts_with(THREE));
    assert_eq!(values(&out).len(), 4);
    assert_eq!(values(&out)[3], json!({"kind": "X", "x": [1]}));
}
