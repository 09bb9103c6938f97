use super::*;
use crate::yaml::tests::{assert_round_trip, parse_one};
use serde_json::json;

#[test]
fn canonical_key_order() {
    let v = json!({
        "status": {"b": 1, "a": 2}, "spec": {"z": 1, "a": [{"w": 1, "x": 2}]},
        "metadata": {"uid": "u", "annotations": {"b": "1", "a": "2"}, "labels": {"k": "v"},
                     "namespace": "ns", "name": "vpc-1", "generation": 3},
        "kind": "VPC", "apiVersion": "vpc.githedgehog.com/v1beta1", "aaa": true
    });
    let c = assert_round_trip(&v);
    assert_eq!(
        c,
        "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: vpc-1\n  namespace: ns\n  \
         labels:\n    k: v\n  annotations:\n    a: \"2\"\n    b: \"1\"\n  generation: 3\n  uid: u\n\
         spec:\n  a:\n    - w: 1\n      x: 2\n  z: 1\naaa: true\nstatus:\n  a: 2\n  b: 1\n"
    );
    // Nested maps named like top-level keys are simply sorted.
    let nested = json!({"spec": {"spec": 1, "kind": 2, "apiVersion": 3}});
    assert_eq!(
        canonicalize(&nested),
        "spec:\n  apiVersion: 3\n  kind: 2\n  spec: 1\n"
    );
}

const TRICKY: &[&str] = &[
    "",
    " ",
    " a",
    "a ",
    "- x",
    "-",
    "--- x",
    "---",
    "...",
    "... x",
    "#x",
    "a #b",
    "a#b",
    "x: y",
    "x:",
    ":x",
    "true",
    "True",
    "FALSE",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "1e3",
    "0x1F",
    "0o17",
    "0b101",
    "017",
    "+1",
    "-1",
    "1_000",
    ".5",
    "1.",
    ".inf",
    "-.Inf",
    ".NaN",
    "null",
    "Null",
    "~",
    "=",
    "<<",
    "'",
    "\"",
    "'a'",
    "\"a\"",
    "\\",
    "a\\nb",
    "multi\nline\n",
    "multi\nline",
    "a\n\n",
    "\nlead",
    " lead\nx",
    "a\n  indented\nb\n",
    "a\n \nb",
    "a\n\tb",
    "a\tb",
    "tab\tx",
    "\t",
    "\r\n",
    "cr\rx",
    "nul\0x",
    "bell\u{7}",
    "del\u{7f}",
    "nel\u{85}x",
    "ls\u{2028}x",
    "bom\u{feff}x",
    "é",
    "日本語",
    "emoji 🦔",
    "\u{a0}nbsp",
    "10.0.0.1",
    "10.0.0.0/24",
    "2001-12-14",
    "2001-12-14t21:59:43.10-05:00",
    "12:30:00",
    "0c:20:12:fe:01:00",
    "fe:01:02:03:04:05",
    "E1/1",
    "[a]",
    "{a: b}",
    "a, b",
    "a[0]",
    "*ref",
    "&anchor",
    "!tag",
    "%pct",
    "@at",
    "`bt`",
    "|",
    ">",
    "?",
    "? x",
    "a: b: c",
    "key with spaces",
    "trailing:",
    "url: http://x",
    "http://x:80/y",
    "!!str",
    "-5 apples",
    "1 apple",
    "@",
    "a\u{2029}",
];

#[test]
fn tricky_strings_round_trip_in_every_position() {
    for s in TRICKY {
        let s = (*s).to_owned();
        assert_round_trip(&json!({ "value": s.clone() }));
        assert_round_trip(&json!({ s.clone(): "v" }));
        assert_round_trip(&json!({ "list": [s.clone(), [s.clone()], {"k": s.clone()}] }));
        assert_round_trip(&json!([s.clone(), { s.clone(): [s.clone()] }]));
        assert_round_trip(&json!({"apiVersion": s.clone(), "metadata": {"name": s.clone()}}));
        if !s.is_empty() {
            assert_round_trip(&json!(s));
        }
    }
}

#[test]
fn tricky_strings_quoting_expectations() {
    let q = |s: &str| canonicalize(&json!({ "k": s }));
    for s in [
        "true", "yes", "on", "null", "~", "1e3", "0x1F", " a", "a ", "- x", "#x", "x: y", "",
        "a #b",
    ] {
        assert!(q(s).starts_with("k: \""), "{s:?} -> {}", q(s));
    }
    for s in [
        "vpc-1",
        "E1/1",
        "10.0.0.0/24",
        "a#b",
        "fabric.githedgehog.com/x",
        "日本語",
    ] {
        assert_eq!(q(s), format!("k: {s}\n"));
    }
    assert_eq!(q("multi\nline\n"), "k: |\n  multi\n  line\n");
    assert_eq!(q("multi\nline"), "k: |-\n  multi\n  line\n");
    assert_eq!(q("a\n\n"), "k: \"a\\n\\n\"\n");
    assert_eq!(q("tab\tx"), "k: \"tab\\tx\"\n");
    assert_eq!(q("bom\u{feff}"), "k: \"bom\\uFEFF\"\n");
}

#[test]
fn numbers_and_empty_collections() {
    let v = json!({
        "i": 0, "neg": -42, "big": u64::MAX, "min": i64::MIN, "f1": 1.0, "half": 0.5,
        "huge": 1e300, "tiny": 1.5e-7, "negf": -2.25, "negzero": -0.0,
        "emptyMap": {}, "emptyList": [], "nested": [[], {}, [[1]], null, false],
        "nullv": null
    });
    let c = assert_round_trip(&v);
    for line in [
        "f1: 1.0\n",
        "huge: 1.0e+300\n",
        "tiny: 1.5e-7\n",
        "emptyMap: {}\n",
        "emptyList: []\n",
    ] {
        assert!(c.contains(line), "{line:?} missing in\n{c}");
    }
    assert!(
        c.contains("  - []\n  - {}\n  - - - 1\n  - null\n  - false\n"),
        "{c}"
    );
    assert_eq!(canonicalize(&json!({})), "{}\n");
    assert_eq!(canonicalize(&json!([])), "[]\n");
    assert!(parse_one("a: 1.0\n")["a"].is_f64());
    assert!(parse_one("a: 1\n")["a"].is_i64());
}

#[test]
fn long_keys_use_explicit_syntax() {
    let key = "k".repeat(2000);
    let c = assert_round_trip(&json!({ key.clone(): {"a": 1}, "short": [ { key.clone(): 1 } ] }));
    assert!(c.contains("? kkk"), "{c}");
}

/// Tiny deterministic PRNG (xorshift64*) for property-style tests.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn string(&mut self) -> String {
        if self.below(2) == 0 {
            return TRICKY[self.below(TRICKY.len())].to_owned();
        }
        const CHARS: &[char] = &[
            'a', 'Z', '0', '9', ' ', ':', '#', '-', '.', '/', '\'', '"', '\\', '\n', '\t', '{',
            '[', ',', '&', '*', '!', '|', '>', '%', '@', '?', '~', 'é', '🦔', '\u{85}', '\r',
        ];
        let len = self.below(8);
        (0..len).map(|_| CHARS[self.below(CHARS.len())]).collect()
    }
    fn value(&mut self, depth: usize) -> Value {
        match self.below(if depth > 4 { 6 } else { 9 }) {
            0 => Value::Null,
            1 => Value::Bool(self.below(2) == 0),
            2 => json!(self.next() as i64 >> self.below(64)),
            3 => json!((self.next() as i64 >> 20) as f64 / 1024.0),
            4 | 5 => Value::String(self.string()),
            6 | 7 => {
                let n = self.below(4);
                Value::Object(
                    (0..n)
                        .map(|_| (self.string(), self.value(depth + 1)))
                        .collect(),
                )
            }
            _ => Value::Array((0..self.below(4)).map(|_| self.value(depth + 1)).collect()),
        }
    }
}

#[test]
fn random_values_round_trip() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..2000 {
        let mut m = Map::new();
        for _ in 0..1 + rng.below(4) {
            m.insert(rng.string(), rng.value(0));
        }
        assert_round_trip(&Value::Object(m));
    }
}
