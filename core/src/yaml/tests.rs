use super::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/hedgehog/samples");
const CRDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/hedgehog/crds");

fn parse(text: &str) -> Result<Vec<ParsedDocument>, YamlError> {
    parse_documents(text.as_bytes(), &Limits::default())
}

pub(super) fn parse_one(text: &str) -> Value {
    let docs = parse(text).unwrap_or_else(|e| panic!("parse failed: {e}\n---\n{text}"));
    match docs.len() {
        0 => Value::Null,
        1 => docs.into_iter().next().unwrap().value,
        n => panic!("expected one document, got {n}"),
    }
}

/// Asserts parse(canonicalize(v)) == v and that canonicalization is stable.
pub(super) fn assert_round_trip(v: &Value) -> String {
    let c1 = canonicalize(v);
    assert!(c1.ends_with('\n') && !c1.ends_with("\n\n"), "{c1:?}");
    let v2 = parse_one(&c1);
    assert_eq!(
        &v2, v,
        "value changed after round trip; canonical text:\n{c1}"
    );
    let c2 = canonicalize(&v2);
    assert_eq!(c1, c2, "canonical text not stable");
    c1
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
            out.push(p);
        }
    }
}

#[test]
fn sample_files_round_trip_or_fail_cleanly() {
    let root = Path::new(SAMPLES);
    assert!(root.is_dir(), "samples not found at {SAMPLES}");
    let mut files = Vec::new();
    yaml_files(root, &mut files);
    assert!(Path::new(CRDS).is_dir(), "CRDs not found at {CRDS}");
    yaml_files(Path::new(CRDS), &mut files);
    assert!(
        files.len() > 100,
        "expected many samples, found {}",
        files.len()
    );
    let (mut ok_files, mut err_files, mut docs_checked, mut no_identity) = (0, 0, 0, 0);
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        match parse_documents(&bytes, &Limits::default()) {
            Err(e) => {
                err_files += 1;
                let msg = e.to_string();
                assert!(msg.starts_with("YAML "), "{}: {msg}", path.display());
                eprintln!("expected-invalid sample {}: {msg}", path.display());
            }
            Ok(docs) => {
                ok_files += 1;
                let text = std::str::from_utf8(&bytes).unwrap();
                let mut prev_end = 0;
                for (i, d) in docs.iter().enumerate() {
                    assert_eq!(d.index, i);
                    assert_eq!(&text[d.range.clone()], d.text);
                    assert_eq!(d.hash, sha256_hex(d.text.as_bytes()));
                    assert!(d.range.start >= prev_end);
                    prev_end = d.range.end;
                    let c = assert_round_trip(&d.value);
                    match document_identity(&d.value) {
                        Ok(id) => {
                            let head =
                                format!("apiVersion: {}\nkind: {}\n", id.api_version, id.kind);
                            assert!(c.starts_with(&head), "{c}");
                        }
                        Err(msg) => {
                            no_identity += 1;
                            assert!(msg.contains('`') || msg.contains("mapping"), "{msg}");
                            eprintln!("no identity in {} doc {i}: {msg}", path.display());
                        }
                    }
                    docs_checked += 1;
                }
            }
        }
    }
    eprintln!(
        "samples: {ok_files} files ok, {err_files} rejected, {docs_checked} docs, \
         {no_identity} without identity"
    );
    assert!(
        ok_files > 80 && docs_checked > 150,
        "{ok_files} {docs_checked}"
    );
}

#[test]
fn yaml_1_2_scalars_stay_strings() {
    let v = parse_one(
        "mac: 0c:20:12:fe:01:00\nmac2: fe:01:02:03:04:05\na: yes\nb: no\nc: on\nd: off\n\
         e: Yes\nf: y\ng: 12:30:00\nh: 0755\ni: 1_000\nj: true\nk: 42\nl: 1.5\nm: null\nn: ~\n",
    );
    assert_eq!(
        v,
        json!({"mac": "0c:20:12:fe:01:00", "mac2": "fe:01:02:03:04:05", "a": "yes", "b": "no",
               "c": "on", "d": "off", "e": "Yes", "f": "y", "g": "12:30:00", "h": "0755",
               "i": "1_000", "j": true, "k": 42, "l": 1.5, "m": null, "n": null})
    );
    let c = assert_round_trip(&v);
    for quoted in [
        "\"0c:20:12:fe:01:00\"",
        "\"yes\"",
        "\"on\"",
        "\"Yes\"",
        "\"y\"",
        "\"12:30:00\"",
        "\"0755\"",
        "\"1_000\"",
    ] {
        assert!(c.contains(quoted), "{quoted} not quoted in:\n{c}");
    }
    assert!(c.contains("mac2: fe:01:02:03:04:05\n"), "{c}");
}

#[test]
fn keys_with_slashes_flow_style_and_comments() {
    let text = "# header comment\napiVersion: wiring.githedgehog.com/v1beta1 # trailing\n\
                kind: Switch\nmetadata:\n  name: leaf-01\n  labels:\n    \
                fabric.githedgehog.com/x: \"true\"\n    plain/key: v\n\
                spec: {role: server-leaf, asn: 65101, ports: [E1/1, 'E1/2'], empty: {}, none: []}\n";
    let v = parse_one(text);
    assert_eq!(
        v["metadata"]["labels"]["fabric.githedgehog.com/x"],
        json!("true")
    );
    assert_eq!(v["spec"]["ports"], json!(["E1/1", "E1/2"]));
    assert_eq!(v["spec"]["asn"], json!(65101));
    let c = assert_round_trip(&v);
    assert_eq!(
        c,
        "apiVersion: wiring.githedgehog.com/v1beta1\nkind: Switch\nmetadata:\n  name: leaf-01\n  \
         labels:\n    fabric.githedgehog.com/x: \"true\"\n    plain/key: v\nspec:\n  asn: 65101\n  \
         empty: {}\n  none: []\n  ports:\n    - E1/1\n    - E1/2\n  role: server-leaf\n"
    );
}

#[test]
fn multi_document_slices_match_source() {
    let text = "# leading comment\n---\napiVersion: v1\nkind: A\nmetadata: {name: a}\n...\n\
                ---\n# only a comment\n---\r\nkind: B\r\nx: 1\r\n--- \n---\n# c\n\n\
                kind: C\nlist:\n- 1\n- 2\n...\n# trailing comment\n";
    let docs = parse(text).unwrap();
    assert_eq!(docs.len(), 3);
    for (i, d) in docs.iter().enumerate() {
        assert_eq!(d.index, i);
        assert_eq!(&text.as_bytes()[d.range.clone()], d.text.as_bytes());
        assert_eq!(d.hash, sha256_hex(d.text.as_bytes()));
    }
    assert_eq!(
        docs[0].text,
        "# leading comment\n---\napiVersion: v1\nkind: A\nmetadata: {name: a}\n...\n"
    );
    assert_eq!(docs[0].line, 1);
    assert_eq!(docs[1].text, "---\r\nkind: B\r\nx: 1\r\n");
    assert_eq!(docs[1].value, json!({"kind": "B", "x": 1}));
    assert_eq!(docs[2].text, "---\n# c\n\nkind: C\nlist:\n- 1\n- 2\n...\n");
    assert_eq!(docs[2].value, json!({"kind": "C", "list": [1, 2]}));
    assert_eq!(
        docs[2].line,
        text[..docs[2].range.start].matches('\n').count() + 1
    );
    // Replacing one slice leaves the others intact.
    let mut edited = text.to_owned();
    edited.replace_range(docs[1].range.clone(), "---\nkind: B2\n");
    let again = parse(&edited).unwrap();
    assert_eq!(again[0].text, docs[0].text);
    assert_eq!(again[1].value, json!({"kind": "B2"}));
    assert_eq!(again[2].text, docs[2].text);
}

#[test]
fn documents_without_markers_and_bare_documents() {
    let docs = parse("a: 1\n---\nb: 2\n").unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].text, "a: 1\n");
    assert_eq!(docs[1].text, "---\nb: 2\n");
    // A bare document after `...`, and `--- value` on the marker line.
    let docs = parse("a: 1\n...\nb: 2\n--- {c: 3}\n--- |\n  text\n").unwrap();
    let values: Vec<_> = docs.iter().map(|d| d.value.clone()).collect();
    assert_eq!(
        values,
        vec![
            json!({"a": 1}),
            json!({"b": 2}),
            json!({"c": 3}),
            json!("text\n")
        ]
    );
    // A directive belongs to the following document.
    let docs = parse("a: 1\n...\n%YAML 1.2\n---\nb: 2\n").unwrap();
    assert_eq!(docs[1].text, "%YAML 1.2\n---\nb: 2\n");
    assert_eq!(docs[1].value, json!({"b": 2}));
    // `---` inside a block scalar's indented content is just text.
    let docs = parse("a: |\n  ---\n  x\nb: 1\n").unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].value, json!({"a": "---\nx\n", "b": 1}));
}

#[test]
fn empty_inputs() {
    for text in [
        "",
        "\n\n",
        "# just a comment\n",
        "---\n",
        "---\n---\n# x\n...\n",
        "--- ~\n",
        "null\n",
    ] {
        assert_eq!(parse(text).unwrap(), vec![], "{text:?}");
    }
    let docs = parse("\u{feff}---\na: 1\n").unwrap();
    assert_eq!(docs[0].value, json!({"a": 1}));
}

#[test]
fn syntax_errors_have_absolute_positions() {
    let text = "a: 1\n---\nb: 2\nc: [1, 2\n";
    let err = parse(text).unwrap_err();
    let YamlError::Syntax { document, pos, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*document, 2);
    let pos = pos.expect("position");
    assert!(pos.line >= 4, "{err}");
    assert!(
        err.to_string().contains(&format!("line {}", pos.line)),
        "{err}"
    );
    let err = parse("a: 1\nb: 1\n  c: 2\n").unwrap_err();
    assert!(
        matches!(
            err,
            YamlError::Syntax {
                pos: Some(Position { line: 3, .. }),
                ..
            }
        ),
        "{err}"
    );
    let err = parse("a: 1\na: 2\n").unwrap_err();
    assert!(err.to_string().contains("duplicate"), "{err}");
    let err = parse("a: .inf\n").unwrap_err();
    assert!(err.to_string().contains("line 1, column 4"), "{err}");
}

#[test]
fn alias_bomb_fails_fast() {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
        ));
    }
    let start = Instant::now();
    let err = parse(&text).unwrap_err();
    let elapsed = start.elapsed();
    eprintln!("alias bomb rejected in {elapsed:?}: {err}");
    assert!(matches!(err, YamlError::AliasLimit { .. }), "{err}");
    assert!(err.to_string().contains("alias"), "{err}");
    assert!(elapsed < Duration::from_millis(100), "took {elapsed:?}");
    // Small, legitimate aliases still work.
    let v = parse_one("base: &b {x: 1}\ncopy: *b\nmerged:\n  <<: *b\n  y: 2\n");
    assert_eq!(
        v,
        json!({"base": {"x": 1}, "copy": {"x": 1}, "merged": {"x": 1, "y": 2}})
    );
}

#[test]
fn many_small_alias_documents_hit_the_file_node_limit() {
    let limits = Limits {
        max_nodes: 10_000,
        ..Limits::default()
    };
    let doc =
        "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n---\n";
    let err = parse_documents(doc.repeat(200).as_bytes(), &limits).unwrap_err();
    assert!(matches!(err, YamlError::ResourceLimit { .. }), "{err}");
    assert!(err.to_string().contains("10000 nodes"), "{err}");
    // Many plain nodes (no aliases) hit the same limit.
    let list = format!("a: [{}]\n", vec!["1"; 20_000].join(","));
    let err = parse_documents(list.as_bytes(), &limits).unwrap_err();
    assert!(err.to_string().contains("10000 nodes"), "{err}");
}

#[test]
fn deep_nesting_fails_with_depth_error() {
    let flow_seq = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let flow_map = format!("a: {}1{}", "{a: ".repeat(10_000), "}".repeat(10_000));
    let mut block = String::new();
    for i in 0..100 {
        block.push_str(&" ".repeat(i));
        block.push_str("k:\n");
    }
    for text in [&flow_seq, &flow_map, &block] {
        let start = Instant::now();
        let err = parse(text).unwrap_err();
        assert!(matches!(err, YamlError::TooDeep { limit: 64, .. }), "{err}");
        assert!(err.to_string().contains("nested too deeply"), "{err}");
        assert!(start.elapsed() < Duration::from_secs(2));
    }
    let ok = format!("{}1{}", "[".repeat(60), "]".repeat(60));
    assert!(parse(&ok).is_ok());
}

#[test]
fn oversized_input_rejected_before_parsing() {
    let big = vec![b'\xff'; 50 * 1024 * 1024];
    let start = Instant::now();
    let err = parse_documents(&big, &Limits::default()).unwrap_err();
    assert_eq!(
        err,
        YamlError::TooLarge {
            size: 50 * 1024 * 1024,
            limit: 4 * 1024 * 1024
        }
    );
    assert!(err.to_string().contains("52428800 bytes"), "{err}");
    assert!(start.elapsed() < Duration::from_millis(50));
}

#[test]
fn invalid_utf8_is_reported() {
    let err = parse_documents(b"a: 1\nb: caf\xe9\n", &Limits::default()).unwrap_err();
    assert_eq!(
        err,
        YamlError::InvalidUtf8 {
            offset: 11,
            pos: Position { line: 2, column: 7 }
        }
    );
    assert!(err.to_string().contains("not valid UTF-8"), "{err}");
}

#[test]
fn too_many_documents() {
    let limits = Limits::default();
    let ok = "---\na: 1\n".repeat(1000);
    assert_eq!(parse_documents(ok.as_bytes(), &limits).unwrap().len(), 1000);
    let too_many = "---\na: 1\n".repeat(1001);
    // A trailing `---` starts one more (empty) document.
    let trailing = "a: 1\n---\n".repeat(1000);
    assert!(parse_documents(trailing.as_bytes(), &limits).is_err());
    let err = parse_documents(too_many.as_bytes(), &limits).unwrap_err();
    assert_eq!(err, YamlError::TooManyDocuments { limit: 1000 });
    // Empty documents count too (separator storm).
    let storm = "---\n".repeat(100_000);
    assert!(matches!(
        parse(&storm),
        Err(YamlError::TooManyDocuments { .. })
    ));
}

#[test]
fn document_identity_extraction() {
    let v = json!({"apiVersion": "vpc.githedgehog.com/v1beta1", "kind": "VPC",
                   "metadata": {"name": "vpc-1"}});
    let id = document_identity(&v).unwrap();
    assert_eq!(
        id,
        DocIdentity {
            api_version: "vpc.githedgehog.com/v1beta1".into(),
            kind: "VPC".into(),
            name: "vpc-1".into(),
            namespace: "default".into()
        }
    );
    let v = json!({"apiVersion": "v1", "kind": "X", "metadata": {"name": "n", "namespace": "fab"}});
    assert_eq!(document_identity(&v).unwrap().namespace, "fab");
    let cases = [
        (json!([1]), "not a mapping"),
        (
            json!({"kind": "X", "metadata": {"name": "n"}}),
            "`apiVersion`",
        ),
        (
            json!({"apiVersion": "v1", "metadata": {"name": "n"}}),
            "`kind`",
        ),
        (json!({"apiVersion": "v1", "kind": "X"}), "`metadata`"),
        (
            json!({"apiVersion": "v1", "kind": "X", "metadata": {}}),
            "`metadata.name`",
        ),
        (
            json!({"apiVersion": "v1", "kind": "X", "metadata": {"name": 5}}),
            "`metadata.name`",
        ),
        (
            json!({"apiVersion": "v1", "kind": "X", "metadata": {"name": null}}),
            "`metadata.name` is empty",
        ),
        (
            json!({"apiVersion": "v1", "kind": "X", "metadata": {"name": ""}}),
            "`metadata.name` is empty",
        ),
        (
            json!({"apiVersion": "v1", "kind": "X", "metadata": "x"}),
            "`metadata` must be a mapping",
        ),
        (
            json!({"apiVersion": 1, "kind": "X", "metadata": {"name": "n"}}),
            "`apiVersion`",
        ),
        (
            json!({"apiVersion": "v1", "kind": "X", "metadata": {"name": "n", "namespace": []}}),
            "`metadata.namespace`",
        ),
    ];
    for (v, needle) in cases {
        let err = document_identity(&v).unwrap_err();
        assert!(err.contains(needle), "{err} should mention {needle}");
    }
}

#[test]
fn sha256_known_vectors() {
    assert_eq!(
        sha256_hex(b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}
