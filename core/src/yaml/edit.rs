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
mod tests;
