//! Minimal-diff edits of hand-written (multi-document) YAML files.
//!
//! [`replace_document`] rewrites one document in place when only scalar
//! values changed: it locates each changed scalar's exact source span with
//! the `granit-parser` event parser and replaces just those bytes, so
//! comments, key order, flow style and quoting survive and a one-field change
//! is a one-line diff. Any other change (or anything the in-place path cannot
//! do safely) re-serializes the document body with
//! [`canonicalize`](crate::yaml::canonicalize), keeping its leading comment
//! lines, its `---` marker line, trailing column-0 comment lines and a `...`
//! end marker. An in-place edit is only used when the edited document parses
//! back to exactly the new value.
//!
//! Line endings: in-place edits never touch line breaks, so CRLF files stay
//! CRLF. A re-serialized document, an appended document and an inserted
//! separator use the line ending of the document (or file): CRLF if it has
//! any `\r\n`, else LF. A re-serialized document always ends with a line
//! break, even if it was the last document of a file without one.

use std::collections::HashMap;
use std::ops::Range;

use granit_parser::{Event, Parser, ScalarStyle};
use serde_json::Value;

use crate::yaml::{Limits, canonicalize, parse_documents};

/// Replaces one document of a (multi-document) YAML file. `range` is the document's byte range
/// from `parse_documents`; `old` its parsed value; `new` the value to write. Every byte outside
/// the document stays identical. When `new` differs from `old` only in scalar values at paths that
/// exist in both (same structure: same map keys, same list lengths), those scalars are edited in
/// place — comments, key order, flow style, quoting style where still valid, and all other lines
/// are kept, so a one-field change is a one-line diff. Otherwise (structural change) the document
/// body is re-serialized with `canonicalize`, keeping the document's leading comment lines and its
/// `---` marker line if it had them.
pub fn replace_document(file: &str, range: Range<usize>, old: &Value, new: &Value) -> String {
    let doc = &file[range.clone()];
    let text = edit_in_place(doc, old, new).unwrap_or_else(|| reserialize(doc, new));
    let mut out = String::with_capacity(file.len() + text.len());
    out.push_str(&file[..range.start]);
    out.push_str(&text);
    out.push_str(&file[range.end..]);
    out
}

/// Removes one document from the file, leaving the others byte-identical and the stream valid
/// (no orphan `---` that would create an empty doc is fine, but do not merge two documents into
/// one!). Returns `None` when no other non-empty document remains (caller deletes the file).
///
/// If the removed range was the only boundary between the documents around
/// it (it began with `---` and ended with `...`, and the next document has no
/// `---`), a `---` line is inserted (`...` before a directive).
pub fn remove_document(file: &str, range: Range<usize>) -> Option<String> {
    let before = &file[..range.start];
    let after = &file[range.end..];
    let mut out = String::with_capacity(file.len());
    out.push_str(before);
    if has_content(before) && has_content(after) && !ends_with_end_marker(before) {
        match first_significant_line(after) {
            Some(l) if is_marker(l, "---") => {}
            Some(l) if l.starts_with('%') => {
                out.push_str("...");
                out.push_str(line_ending(file));
            }
            _ => {
                out.push_str("---");
                out.push_str(line_ending(file));
            }
        }
    }
    out.push_str(after);
    let empty = match parse_documents(out.as_bytes(), &lenient_limits()) {
        Ok(docs) => docs.is_empty(),
        Err(_) => !has_content(&out),
    };
    (!empty).then_some(out)
}

/// Appends a document (canonical text) to a file, adding a `---` separator as needed.
///
/// No separator is added to a file without content (empty or only comments),
/// when the file ends with an open, empty `---` document, or when `doc_text`
/// starts with its own `---`. A missing final line break is added to the
/// file and to the new document. In a CRLF file the document is converted
/// to CRLF.
pub fn append_document(file: &str, doc_text: &str) -> String {
    let eol = if file.is_empty() {
        line_ending(doc_text)
    } else {
        line_ending(file)
    };
    let mut out = String::with_capacity(file.len() + doc_text.len() + 8);
    out.push_str(file);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
    if has_content(file) {
        let first = first_significant_line(doc_text);
        let last = last_significant_line(file);
        if first.is_some_and(|l| l.starts_with('%')) {
            if !ends_with_end_marker(file) {
                out.push_str("...");
                out.push_str(eol);
            }
        } else if !first.is_some_and(|l| is_marker(l, "---"))
            && !last.is_some_and(|l| is_marker(l, "---") && !line_has_content(l))
        {
            out.push_str("---");
            out.push_str(eol);
        }
    }
    out.push_str(&with_line_ending(doc_text, eol));
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
    out
}

// ---------------------------------------------------------------------------
// In-place scalar edits

/// One step of a path from the document root to a node.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Seg {
    Key(String),
    Index(usize),
}

/// Where a scalar node is written in the document source.
#[derive(Debug, Clone)]
struct ScalarSite {
    /// Byte range of the scalar token (quotes included) in the document.
    span: Range<usize>,
    style: ScalarStyle,
    /// Inside a flow collection (`[..]` or `{..}`).
    in_flow: bool,
    /// Has an anchor or a tag.
    decorated: bool,
}

/// Source locations of all scalar values of one document.
#[derive(Debug, Default)]
struct SourceMap {
    scalars: HashMap<Vec<Seg>, ScalarSite>,
    /// A plain `<<` key (merge key) occurs somewhere.
    has_merge: bool,
}

/// Returns the edited document text, or `None` when the change must be
/// handled by re-serialization.
fn edit_in_place(doc: &str, old: &Value, new: &Value) -> Option<String> {
    let mut changes = Vec::new();
    diff_scalars(old, new, &mut Vec::new(), &mut changes)?;
    let mut out = doc.to_owned();
    if !changes.is_empty() {
        let map = map_scalars(doc)?;
        if map.has_merge {
            return None;
        }
        let mut edits = Vec::with_capacity(changes.len());
        for (path, value) in changes {
            let site = map.scalars.get(&path)?;
            let src = &doc[site.span.clone()];
            if site.decorated
                || matches!(site.style, ScalarStyle::Literal | ScalarStyle::Folded)
                || src.is_empty()
                || src.contains(['\n', '\r'])
            {
                return None;
            }
            edits.push((
                site.span.clone(),
                scalar_text(value, site.style, site.in_flow)?,
            ));
        }
        edits.sort_by_key(|(span, _)| span.start);
        if edits.windows(2).any(|w| w[0].0.end > w[1].0.start) {
            return None;
        }
        for (span, text) in edits.into_iter().rev() {
            out.replace_range(span, &text);
        }
    }
    (parse_single(&out).as_ref() == Some(new)).then_some(out)
}

/// Collects the paths of changed scalars. `None` on a structural change
/// (different key sets, list lengths, or a collection replaced by a scalar or
/// the other way round).
fn diff_scalars<'v>(
    old: &Value,
    new: &'v Value,
    path: &mut Vec<Seg>,
    changes: &mut Vec<(Vec<Seg>, &'v Value)>,
) -> Option<()> {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            if a.len() != b.len() || a.keys().any(|k| !b.contains_key(k)) {
                return None;
            }
            for (k, nv) in b {
                path.push(Seg::Key(k.clone()));
                diff_scalars(&a[k], nv, path, changes)?;
                path.pop();
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return None;
            }
            for (i, (ov, nv)) in a.iter().zip(b).enumerate() {
                path.push(Seg::Index(i));
                diff_scalars(ov, nv, path, changes)?;
                path.pop();
            }
        }
        (Value::Object(_) | Value::Array(_), _) | (_, Value::Object(_) | Value::Array(_)) => {
            return None;
        }
        _ if old != new => changes.push((path.clone(), new)),
        _ => {}
    }
    Some(())
}

/// A collection being walked.
enum Frame {
    Map {
        flow: bool,
        /// The key whose value comes next; `None` when a key comes next.
        key: Option<String>,
        /// Whether this collection added a segment to the path.
        has_seg: bool,
    },
    Seq {
        flow: bool,
        next: usize,
        has_seg: bool,
    },
}

/// Maps every scalar value of `doc` to its source span. `None` if the
/// document does not parse, has a non-scalar or alias key, or several
/// documents.
fn map_scalars(doc: &str) -> Option<SourceMap> {
    let mut map = SourceMap::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<Seg> = Vec::new();
    let mut documents = 0usize;
    for item in Parser::new_from_str(doc) {
        let (event, span) = item.ok()?;
        // The segment this node adds to the path; `Err(())` marks a key.
        let position = match &event {
            Event::Scalar(..)
            | Event::Alias(..)
            | Event::SequenceStart(..)
            | Event::MappingStart(..) => match stack.last_mut() {
                None => Ok(None),
                Some(Frame::Seq { next, .. }) => {
                    *next += 1;
                    Ok(Some(Seg::Index(*next - 1)))
                }
                Some(Frame::Map { key, .. }) => match key.take() {
                    Some(k) => Ok(Some(Seg::Key(k))),
                    None => Err(()),
                },
            },
            _ => Ok(None),
        };
        let in_flow = matches!(
            stack.last(),
            Some(Frame::Map { flow: true, .. } | Frame::Seq { flow: true, .. })
        );
        match event {
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
            }
            Event::Scalar(value, style, anchor, tag) => match position {
                Err(()) => {
                    if style == ScalarStyle::Plain && value == "<<" {
                        map.has_merge = true;
                    }
                    if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                        *key = Some(value.into_owned());
                    }
                }
                Ok(seg) => {
                    let mut full = path.clone();
                    full.extend(seg);
                    let site = ScalarSite {
                        span: span.byte_range()?,
                        style,
                        in_flow,
                        decorated: anchor != 0 || tag.is_some(),
                    };
                    map.scalars.insert(full, site);
                }
            },
            Event::Alias(..) => {
                position.ok()?;
            }
            Event::SequenceStart(style, ..) | Event::MappingStart(style, ..) => {
                let seg = position.ok()?;
                let has_seg = seg.is_some();
                path.extend(seg);
                let flow = style == granit_parser::StructureStyle::Flow;
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Map {
                        flow,
                        key: None,
                        has_seg,
                    }
                } else {
                    Frame::Seq {
                        flow,
                        next: 0,
                        has_seg,
                    }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(Frame::Map { has_seg: true, .. } | Frame::Seq { has_seg: true, .. }) =
                    stack.pop()
                {
                    path.pop();
                }
            }
            _ => {}
        }
    }
    Some(map)
}

/// Source text for a changed scalar, keeping the original quoting style
/// where possible. `None` for collections (never changed in place).
fn scalar_text(value: &Value, style: ScalarStyle, in_flow: bool) -> Option<String> {
    match value {
        Value::Array(_) | Value::Object(_) => None,
        Value::String(s) => Some(match style {
            ScalarStyle::SingleQuoted if s.chars().all(single_quote_ok) => {
                format!("'{}'", s.replace('\'', "''"))
            }
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => double_quoted(s),
            _ => {
                let canonical = canonical_scalar(value);
                // the canonical emitter's plain rules are for block context; flow
                // indicators (and `:`, conservatively) need quotes in flow.
                if in_flow
                    && !canonical.starts_with('"')
                    && s.contains([',', '[', ']', '{', '}', ':'])
                {
                    double_quoted(s)
                } else {
                    canonical
                }
            }
        }),
        // Numbers, booleans and null: always plain, as `canonicalize` writes them.
        _ => Some(canonical_scalar(value)),
    }
}

/// The inline text `canonicalize` uses for a scalar (plain or double-quoted).
fn canonical_scalar(value: &Value) -> String {
    let mut text = canonicalize(value);
    while text.ends_with(['\n', '\r']) {
        text.pop();
    }
    text
}

/// Characters that can appear literally inside a one-line single-quoted scalar.
fn single_quote_ok(c: char) -> bool {
    !c.is_control() && !matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}')
}

/// A one-line double-quoted scalar.
fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // All control and special characters are in the BMP.
            c if !single_quote_ok(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Parses one document segment: its value (`Null` if it is empty), or `None`
/// if it does not parse as at most one document.
fn parse_single(doc: &str) -> Option<Value> {
    let docs = parse_documents(doc.as_bytes(), &lenient_limits()).ok()?;
    match docs.as_slice() {
        [] => Some(Value::Null),
        [only] => Some(only.value.clone()),
        _ => None,
    }
}

/// Default limits without the file-size cap: the text being checked is
/// (part of) a file the caller already parsed.
fn lenient_limits() -> Limits {
    Limits {
        max_file_bytes: usize::MAX,
        ..Limits::default()
    }
}

// ---------------------------------------------------------------------------
// Re-serialization

/// The document with its body replaced by `canonicalize(new)`. Kept: the
/// leading blank, comment and directive lines, the `---` line (without any
/// content after the marker), the comment lines after it, and at the end the
/// blank or column-0 comment lines and a `...` line.
fn reserialize(doc: &str, new: &Value) -> String {
    let eol = line_ending(doc);
    let lines: Vec<&str> = doc.split_inclusive('\n').collect();
    let mut out = String::with_capacity(doc.len() + 64);
    let push_line = |out: &mut String, line: &str| {
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push_str(eol);
        }
    };
    let mut start = 0;
    let mut marker_seen = false;
    while let Some(&raw) = lines.get(start) {
        let line = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        if is_blank_or_comment(line) || (!marker_seen && line.starts_with('%')) {
            push_line(&mut out, raw);
        } else if !marker_seen && is_marker(line, "---") {
            marker_seen = true;
            if line_has_content(line) {
                // `--- <node>`: keep only the marker (and a BOM).
                out.push_str(&raw[..raw.len() - line.len() + 3]);
                out.push_str(eol);
            } else {
                push_line(&mut out, raw);
            }
        } else {
            break;
        }
        start += 1;
    }
    let mut end = lines.len();
    if end > start && is_marker(lines[end - 1], "...") {
        end -= 1;
    }
    while end > start && (lines[end - 1].starts_with('#') || is_blank(lines[end - 1])) {
        end -= 1;
    }
    out.push_str(&with_line_ending(&canonicalize(new), eol));
    out.push_str(&lines[end..].concat());
    out
}

// ---------------------------------------------------------------------------
// Line helpers

/// `"\r\n"` if `text` has any CRLF line break, else `"\n"`.
fn line_ending(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// `text` with its LF line breaks written as `eol` (unless it already has CRLF).
fn with_line_ending(text: &str, eol: &str) -> String {
    if eol == "\r\n" && !text.contains("\r\n") {
        text.replace('\n', "\r\n")
    } else {
        text.to_owned()
    }
}

/// A `---` or `...` marker line (marker followed by whitespace or end of line).
fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

fn is_blank(line: &str) -> bool {
    line.trim_matches([' ', '\t', '\r', '\n']).is_empty()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t']);
    is_blank(t) || t.starts_with('#')
}

/// Not blank, not a comment.
fn is_significant(line: &str) -> bool {
    !is_blank_or_comment(line.strip_prefix('\u{feff}').unwrap_or(line))
}

/// Whether a line holds document content: not blank, a comment, a directive,
/// or a bare `---`/`...` marker (optionally followed by a comment).
fn line_has_content(line: &str) -> bool {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    if is_marker(line, "---") || is_marker(line, "...") {
        return !is_blank_or_comment(&line[3..]);
    }
    !(is_blank_or_comment(line) || line.starts_with('%'))
}

fn has_content(text: &str) -> bool {
    text.split_inclusive('\n').any(line_has_content)
}

fn first_significant_line(text: &str) -> Option<&str> {
    text.split_inclusive('\n')
        .find(|l| is_significant(l))
        .map(|l| l.strip_prefix('\u{feff}').unwrap_or(l))
}

fn last_significant_line(text: &str) -> Option<&str> {
    text.split_inclusive('\n').rfind(|l| is_significant(l))
}

/// The last non-blank, non-comment line is a `...` end marker.
fn ends_with_end_marker(text: &str) -> bool {
    last_significant_line(text).is_some_and(|l| is_marker(l, "..."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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

    /// Changes a scalar leaf so that the result is still the same type
    /// (except null, which becomes a string).
    fn mutate(v: &Value) -> Value {
        match v {
            Value::String(s) => json!(format!("{s}-x")),
            Value::Bool(b) => json!(!b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => json!(i.wrapping_add(1)),
                None => json!(n.as_f64().unwrap_or(0.0) + 1.0),
            },
            _ => json!("x"),
        }
    }

    /// Paths of all scalar leaves.
    fn leaves(v: &Value, path: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    path.push(Seg::Key(k.clone()));
                    leaves(c, path, out);
                    path.pop();
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    path.push(Seg::Index(i));
                    leaves(c, path, out);
                    path.pop();
                }
            }
            _ => out.push(path.clone()),
        }
    }

    fn at_mut<'a>(v: &'a mut Value, path: &[Seg]) -> &'a mut Value {
        path.iter().fold(v, |node, seg| match seg {
            Seg::Key(k) => &mut node[k.as_str()],
            Seg::Index(i) => &mut node[*i],
        })
    }

    /// For every valid sample file, every document and every scalar leaf:
    /// change that one leaf; the file must parse to the new values, bytes
    /// outside the document must be kept, and (except for null and
    /// multi-line leaves) exactly one line may change.
    #[test]
    fn samples_one_leaf_change_is_one_line() {
        // `core/../fixtures` in hnp-core; `/work/main/fixtures` from a scratch crate.
        let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = ["../fixtures/hedgehog/samples"]
            .iter()
            .map(|p| manifest.join(p))
            .find(|p| p.is_dir())
            .expect("fixtures/hedgehog/samples not found");
        let mut files = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("samples directory") {
                let p = entry.expect("dir entry").path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    files.push(p);
                }
            }
        }
        files.sort();
        assert!(files.len() > 50, "samples not found");
        let (mut checked, mut fallback) = (0usize, 0usize);
        for path in &files {
            let file = std::fs::read_to_string(path).expect("read sample");
            let Ok(parsed) = parse_documents(file.as_bytes(), &Limits::default()) else {
                continue; // not a valid sample
            };
            for doc in &parsed {
                let mut paths = Vec::new();
                leaves(&doc.value, &mut Vec::new(), &mut paths);
                // Up to ~40 leaves per document, evenly spread (keeps the
                // two 600-line agent samples from dominating the run time).
                let step = paths.len().div_ceil(40).max(1);
                for (n, leaf) in paths.iter().step_by(step).enumerate() {
                    let mut new = doc.value.clone();
                    let node = at_mut(&mut new, leaf);
                    *node = mutate(node);
                    let out = replace_document(&file, doc.range.clone(), &doc.value, &new);
                    let ctx = format!("{} doc {} leaf {leaf:?}", path.display(), doc.index);
                    assert_eq!(&out[..doc.range.start], &file[..doc.range.start], "{ctx}");
                    let tail = &file[doc.range.end..];
                    assert!(out.ends_with(tail), "{ctx}");
                    // The edited document alone; the whole file once per document.
                    let edited = &out[doc.range.start..out.len() - tail.len()];
                    assert_eq!(values(edited), [new.clone()], "{ctx}");
                    if n == 0 {
                        let mut expected: Vec<_> = parsed.iter().map(|d| d.value.clone()).collect();
                        expected[doc.index] = new;
                        assert_eq!(values(&out), expected, "{ctx}");
                    }
                    checked += 1;
                    // Null leaves (`key:` with no text) and multi-line strings
                    // (block scalars) are re-serialized by design.
                    let old = at_mut(&mut doc.value.clone(), leaf).clone();
                    if old.is_null() || old.as_str().is_some_and(|s| s.contains('\n')) {
                        fallback += 1;
                        continue;
                    }
                    assert_eq!(changed_lines(&file, &out).len(), 1, "{ctx}");
                }
            }
        }
        // 1937 edits in 136 files at the time of writing, 49 of them on
        // null or multi-line leaves.
        assert!(checked > 1500, "only {checked} edits checked");
        assert!(
            fallback * 20 < checked,
            "{fallback} of {checked} were skipped"
        );
    }
}
