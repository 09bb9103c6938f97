//! A fast path for the documents Hedgehog fabrics are made of: block and flow collections of
//! plain and quoted scalars, built into a `serde_json::Value` straight from granit-parser's
//! events, without serde-saphyr's deserializer layer (which took about half of a first
//! ingestion's parsing time).
//!
//! It gives up (returns `None`) on everything it does not handle exactly as serde-saphyr does
//! with the options of [`super::parse_documents`]: anchors, aliases, tags, merge keys,
//! duplicate keys, non-string keys, any plain scalar that could resolve to a float or to a
//! number in another spelling, nesting at the depth limit, more than one document and every
//! parse error. The caller then parses the document with serde-saphyr, which gives the
//! authoritative value or error. A test compares both on every fixture document and on a list
//! of ambiguous scalars.

use std::borrow::Cow;

use granit_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};

/// A collection being built.
enum Frame {
    Map(Map<String, Value>, Option<String>),
    Seq(Vec<Value>),
}

/// The document's value, or `None` when serde-saphyr must decide. `max_depth` is the nesting
/// limit serde-saphyr enforces; the fast path stops below it.
pub(super) fn parse(src: &str, max_depth: usize) -> Option<Value> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Value> = None;
    let mut documents = 0usize;
    for item in Parser::new_from_str(src) {
        let (event, _) = item.ok()?;
        let is_map = matches!(event, Event::MappingStart(..));
        let value = match event {
            Event::StreamStart | Event::DocumentEnd | Event::Comment(..) => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                if let Some(Frame::Map(_, key @ None)) = stack.last_mut() {
                    *key = Some(map_key(text, style)?);
                    continue;
                }
                scalar(text, style)?
            }
            Event::MappingStart(_, anchor, tag) | Event::SequenceStart(_, anchor, tag) => {
                if anchor != 0 || tag.is_some() || stack.len() + 1 >= max_depth {
                    return None;
                }
                // A collection as a mapping key.
                if let Some(Frame::Map(_, None)) = stack.last() {
                    return None;
                }
                stack.push(if is_map {
                    Frame::Map(Map::new(), None)
                } else {
                    Frame::Seq(Vec::new())
                });
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => match stack.pop()? {
                Frame::Map(map, None) => Value::Object(map),
                Frame::Seq(items) => Value::Array(items),
                Frame::Map(_, Some(_)) => return None,
            },
            _ => return None,
        };
        match stack.last_mut() {
            None => {
                if root.replace(value).is_some() {
                    return None;
                }
            }
            Some(Frame::Seq(items)) => items.push(value),
            Some(Frame::Map(map, key)) => {
                let key = key.take()?;
                if map.contains_key(&key) {
                    return None;
                }
                map.insert(key, value);
            }
        }
    }
    if !stack.is_empty() {
        return None;
    }
    // An empty document is null, as serde-saphyr reads it.
    Some(root.unwrap_or(Value::Null))
}

/// A mapping key that is a string for certain: quoted, or plain text that starts with a letter
/// and is no null or boolean spelling.
fn map_key(text: Cow<'_, str>, style: ScalarStyle) -> Option<String> {
    match style {
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Some(text.into_owned()),
        ScalarStyle::Plain => match scalar(text, style)? {
            Value::String(key) if key.starts_with(|c: char| c.is_ascii_alphabetic()) => Some(key),
            _ => None,
        },
        _ => None,
    }
}

/// A scalar's value under the YAML 1.2 core schema with the parse options of
/// [`super::parse_documents`], where that is certain.
fn scalar(text: Cow<'_, str>, style: ScalarStyle) -> Option<Value> {
    if style != ScalarStyle::Plain {
        return Some(Value::String(text.into_owned()));
    }
    let t: &str = &text;
    if t.starts_with([' ', '\t', '\r', '\n']) || t.ends_with([' ', '\t', '\r', '\n']) {
        return None;
    }
    match t {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let first = t.as_bytes()[0];
    // No number, null or boolean starts with a letter other than those above; none contains a
    // slash, a colon or a space (subnets, paths, MAC addresses), two dots (IP addresses) or a
    // letter that no number spelling uses (durations such as `5m0s`, quantities such as `10Gi`;
    // hexadecimal digits and the letters of radix prefixes, exponents and `inf`/`nan` are not
    // among them).
    let dotted = t.bytes().filter(|&b| b == b'.').count() >= 2;
    let wordy = t
        .bytes()
        .any(|b| b"ghjklmpqrsuvwzGHJKLMPQRSUVWZ".contains(&b));
    if first.is_ascii_alphabetic() || t.contains(['/', ':', ' ']) || dotted || wordy {
        return Some(Value::String(text.into_owned()));
    }
    // Decimal integers without a redundant leading zero or a plus sign; everything else
    // (floats, radix prefixes, `0755`, `1_000`, `-0`, huge numbers) is left to serde-saphyr.
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let plain_decimal = !digits.is_empty()
        && digits.len() <= 18
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" && !negative || !digits.starts_with('0'));
    if !plain_decimal {
        return None;
    }
    let magnitude: i64 = digits.parse().ok()?;
    Some(Value::Number(if negative {
        Number::from(-magnitude)
    } else {
        Number::from(magnitude as u64)
    }))
}

#[cfg(test)]
mod tests;
