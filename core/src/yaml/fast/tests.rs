//! The fast path against serde-saphyr: wherever the fast path answers, its value must be
//! serde-saphyr's.

use std::path::Path;

use serde_json::Value;

use super::super::{Limits, YamlError, parse_documents, saphyr_options, split_documents};
use super::parse as fast_parse;

fn parse(text: &str) -> Result<Vec<super::super::ParsedDocument>, YamlError> {
    parse_documents(text.as_bytes(), &Limits::default())
}

/// serde-saphyr's value for one document, with the options `parse_documents` uses.
fn saphyr_value(src: &str) -> Result<Value, String> {
    let limits = Limits::default();
    serde_saphyr::from_str_with_options(src, saphyr_options(&limits, limits.max_nodes))
        .map_err(|e| e.to_string())
}

/// Whether the fast path took `src`, after checking that its value is serde-saphyr's.
fn fast_agrees(src: &str) -> bool {
    let Some(fast) = fast_parse(src, Limits::default().max_depth) else {
        return false;
    };
    match saphyr_value(src) {
        Ok(slow) => assert_eq!(fast, slow, "fast path differs on:\n{src}"),
        Err(e) => panic!("fast path accepted what serde-saphyr rejects ({e}):\n{src}"),
    }
    true
}

#[test]
fn fast_path_gives_serde_saphyr_values_on_every_fixture_document() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let mut files = vec![root];
    let (mut documents, mut fast) = (0usize, 0usize);
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for segment in split_documents(&text, usize::MAX).unwrap() {
            documents += 1;
            fast += usize::from(fast_agrees(&text[segment.range]));
        }
    }
    // The fast path must carry the ordinary documents, or it is dead weight.
    assert!(documents > 150, "{documents} documents");
    assert!(
        fast * 10 >= documents * 7,
        "fast path took {fast} of {documents} documents"
    );
}

#[test]
fn fast_path_leaves_ambiguous_scalars_to_serde_saphyr() {
    let scalars = [
        "",
        "~",
        "null",
        "Null",
        "NULL",
        "nULL",
        "true",
        "True",
        "TRUE",
        "tRUE",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "y",
        "n",
        "0",
        "-0",
        "+0",
        "00",
        "007",
        "-007",
        "12",
        "-12",
        "+12",
        "1_000",
        "0x1F",
        "0X1F",
        "0o17",
        "0b101",
        "1.5",
        "-1.5",
        "1.",
        ".5",
        "1e3",
        "1E3",
        "-1e-3",
        ".inf",
        "-.inf",
        "+.inf",
        ".nan",
        ".NaN",
        "-.nan",
        "inf",
        "nan",
        "Infinity",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551616",
        "-9223372036854775808",
        "123456789012345678",
        "1234567890123456789",
        "10.0.0.1",
        "10.0.0.0/24",
        "1.2.3",
        "0c:20:12:fe:00:01",
        "12:30",
        "1:20:30",
        "leaf-01/E1/1",
        "E1/1",
        "1 000",
        "- x",
        "2001:db8::1",
        "64512",
        "4294967295",
        "4294967296",
        "vlan-1000",
        "a b",
        "'q'",
        "\"dq\"",
        "x # c",
        "5m0s",
        "1m",
        "10Gi",
        "1h30m",
        "3e",
        "1e",
        "0x",
        "0xg",
        "1ee3",
        "12abc",
        "2001-12-14",
        "2001-12-14t21:59:43.10-05:00",
        "1.5.",
        "1-2",
        "--1",
        "-",
        "-a",
        ".",
        "..",
        ".5.",
    ];
    for s in scalars {
        for doc in [
            format!("v: {s}\n"),
            format!("- {s}\n"),
            format!("{{v: [{s}]}}\n"),
        ] {
            if saphyr_value(&doc).is_ok() {
                fast_agrees(&doc);
            } else {
                assert_eq!(fast_parse(&doc, 64), None, "{doc}");
            }
        }
    }
    // Plain and quoted spellings the fast path takes.
    assert!(fast_agrees(
        "a: 12\nb: -3\nc: x\nd: ''\ne: \"1.5\"\nf: 10.0.0.1\ng: 0c:20:12:fe:00:01\n"
    ));
    assert!(fast_agrees(
        "h: null\ni: true\nj:\nk: |\n  text\n  more\nl: >\n  folded\n  line\n"
    ));
    assert!(fast_agrees(
        "spec:\n  subnets: {default: {subnet: 10.0.1.0/24, vlan: 1001}}\n  list: [a, 1, '2']\n"
    ));
}

#[test]
fn fast_path_gives_up_where_serde_saphyr_decides() {
    let max_depth = Limits::default().max_depth;
    for doc in [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: !custom x\n",
        "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n",
        "a: 1\na: 2\n",
        "1: one\n",
        "true: yes\n",
        "? [a, b]\n: c\n",
        "a: [unclosed\n",
        "a: 1\n---\nb: 2\n",
        "a: 1.5\n",
        "a: 0755\n",
    ] {
        assert_eq!(fast_parse(doc, max_depth), None, "{doc}");
    }
    // Nesting up to just below the limit is taken; at the limit serde-saphyr reports it.
    let nested = |depth: usize| "[".repeat(depth) + &"]".repeat(depth);
    assert!(fast_agrees(&nested(max_depth - 1)));
    assert_eq!(fast_parse(&nested(max_depth), max_depth), None);
    assert!(parse(&nested(max_depth + 1)).is_err());
    // Over the node budget the fast path's value is dropped and serde-saphyr's error stands.
    let limits = Limits {
        max_nodes: 10,
        ..Limits::default()
    };
    let big = (0..20).map(|i| format!("k{i}: {i}\n")).collect::<String>();
    assert!(fast_agrees(&big));
    assert!(matches!(
        parse_documents(big.as_bytes(), &limits),
        Err(YamlError::ResourceLimit { .. })
    ));
}
