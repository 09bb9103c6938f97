//! Canonical YAML emitter over `serde_json::Value` (submodule of `yaml`).

use std::fmt;

use serde_json::{Map, Value};

/// Canonical YAML text of one document (block style, 2-space indent, ends
/// with one newline). Top-level keys: `apiVersion`, `kind`, `metadata`,
/// `spec`, then the rest sorted; `metadata`: `name`, `namespace`, `labels`,
/// `annotations`, then the rest sorted; all other mappings sorted by key.
/// Strings are quoted only when a YAML 1.1 or 1.2 reader could misread them.
/// The number check is conservative. Anything that starts like a number and
/// uses only number, time or separator characters is double-quoted. That covers
/// MACs such as `0c:20:…` and dotted IPs such as `10.0.0.1` (which the
/// YAML 1.1 float regex matches), but not CIDRs like `10.0.0.0/24`.
pub fn canonicalize(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(m) if !m.is_empty() => write_map(&mut out, m, Ctx::Top, 0, false),
        Value::Array(a) if !a.is_empty() => write_seq(&mut out, a, 0, false),
        other => {
            out.push_str(&inline_scalar(other));
            out.push('\n');
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Top,
    Metadata,
    Other,
}

const TOP_ORDER: &[&str] = &["apiVersion", "kind", "metadata", "spec"];
const METADATA_ORDER: &[&str] = &["name", "namespace", "labels", "annotations"];

fn ordered_entries(m: &Map<String, Value>, ctx: Ctx) -> Vec<(&String, &Value)> {
    let priority = match ctx {
        Ctx::Top => TOP_ORDER,
        Ctx::Metadata => METADATA_ORDER,
        Ctx::Other => &[],
    };
    let mut first: Vec<_> = priority
        .iter()
        .filter_map(|p| m.get_key_value(*p))
        .collect();
    let mut rest: Vec<_> = m
        .iter()
        .filter(|(k, _)| !priority.contains(&k.as_str()))
        .collect();
    rest.sort_by(|a, b| a.0.cmp(b.0));
    first.extend(rest);
    first
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Writes a non-empty mapping at `indent`. With `inline_first`, the cursor is
/// already at column `indent` (after `- `), so the first line is not padded.
fn write_map(
    out: &mut String,
    m: &Map<String, Value>,
    ctx: Ctx,
    indent: usize,
    inline_first: bool,
) {
    for (i, (k, v)) in ordered_entries(m, ctx).into_iter().enumerate() {
        if i > 0 || !inline_first {
            pad(out, indent);
        }
        let key = inline_string(k);
        // Implicit keys are limited to 1024 characters; use an explicit key.
        if key.chars().count() > 1000 {
            out.push_str("? ");
            out.push_str(&key);
            out.push('\n');
            pad(out, indent);
            out.push(':');
        } else {
            out.push_str(&key);
            out.push(':');
        }
        let child = if ctx == Ctx::Top && k == "metadata" {
            Ctx::Metadata
        } else {
            Ctx::Other
        };
        match v {
            Value::Object(cm) if !cm.is_empty() => {
                out.push('\n');
                write_map(out, cm, child, indent + 2, false);
            }
            Value::Array(a) if !a.is_empty() => {
                out.push('\n');
                write_seq(out, a, indent + 2, false);
            }
            _ => write_scalar_value(out, v, indent + 2),
        }
    }
}

fn write_seq(out: &mut String, items: &[Value], indent: usize, inline_first: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !inline_first {
            pad(out, indent);
        }
        out.push('-');
        match item {
            Value::Object(m) if !m.is_empty() => {
                out.push(' ');
                write_map(out, m, Ctx::Other, indent + 2, true);
            }
            Value::Array(a) if !a.is_empty() => {
                out.push(' ');
                write_seq(out, a, indent + 2, true);
            }
            _ => write_scalar_value(out, item, indent + 2),
        }
    }
}

/// Writes ` scalar\n` after a `key:` or `-`, using a literal block scalar
/// (content at `block_indent`) for suitable multi-line strings.
fn write_scalar_value(out: &mut String, v: &Value, block_indent: usize) {
    if let Value::String(s) = v
        && literal_block_ok(s)
    {
        let (header, body) = match s.strip_suffix('\n') {
            Some(body) => (" |\n", body),
            None => (" |-\n", s.as_str()),
        };
        out.push_str(header);
        for line in body.split('\n') {
            if !line.is_empty() {
                pad(out, block_indent);
                out.push_str(line);
            }
            out.push('\n');
        }
        return;
    }
    out.push(' ');
    out.push_str(&inline_scalar(v));
    out.push('\n');
}

/// A multi-line string can be a literal block if it has only printable
/// characters (plus newlines and inner tabs), does not start with
/// whitespace (no indentation indicator needed) and does not end with
/// more than one newline (no `|+` chomping needed).
fn literal_block_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\t', '\n'])
        && !s.ends_with("\n\n")
        && s.chars().all(|c| c == '\n' || c == '\t' || printable(c))
        && !s.contains("\n\t")
}

fn inline_scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if !n.is_i64() && !n.is_u64() => format_float(f),
            _ => n.to_string(),
        },
        Value::String(s) => inline_string(s),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

/// Formats a float so that YAML 1.1 and 1.2 readers both see a float:
/// always a `.`, and an explicit exponent sign (`1.0e+300`).
fn format_float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.to_owned();
    }
    let s = format!("{f:?}");
    let (mantissa, exp) = match s.split_once('e') {
        Some((m, e)) => (m.to_owned(), Some(e.to_owned())),
        None => (s, None),
    };
    let mantissa = if mantissa.contains('.') {
        mantissa
    } else {
        format!("{mantissa}.0")
    };
    match exp {
        Some(e) if e.starts_with('-') => format!("{mantissa}e{e}"),
        Some(e) => format!("{mantissa}e+{e}"),
        None => mantissa,
    }
}

/// Characters that may appear unescaped (YAML printable set, minus the BOM
/// and the YAML 1.1 line separators).
fn printable(c: char) -> bool {
    matches!(c,
        '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}')
}

fn inline_string(s: &str) -> String {
    if plain_ok(s) {
        s.to_owned()
    } else {
        double_quoted(s)
    }
}

fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    !(s.chars().any(|c| !printable(c))
        || s.starts_with(' ')
        || s.ends_with(' ')
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || s.starts_with("...")
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || reserved_word(s)
        || numeric_like(s))
}

/// Words that YAML 1.1 or 1.2 resolve to null, booleans, special floats,
/// merge or value keys (compared case-insensitively).
fn reserved_word(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "null", "~", "true", "false", "yes", "no", "y", "n", "on", "off", ".inf", "+.inf", "-.inf",
        ".nan", "<<", "=",
    ];
    s.len() <= 6 && WORDS.iter().any(|w| w.eq_ignore_ascii_case(s))
}

/// Conservative check for anything a YAML 1.1/1.2 reader might resolve as
/// an int, float, sexagesimal number or timestamp: starts with a digit (or
/// `.digit`, after an optional sign) and uses only digits, hex letters,
/// radix/exponent/time markers and separators.
fn numeric_like(s: &str) -> bool {
    let t = s.strip_prefix(['+', '-']).unwrap_or(s);
    let b = t.as_bytes();
    let starts_numeric = match b {
        [d, ..] if d.is_ascii_digit() => true,
        [b'.', d, ..] => d.is_ascii_digit(),
        _ => false,
    };
    starts_numeric
        && t.chars()
            .all(|c| c.is_ascii_hexdigit() || "xXoOtTzZ_.:+- ".contains(c))
}

fn double_quoted(s: &str) -> String {
    use fmt::Write;
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if printable(c) => out.push(c),
            c if (c as u32) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08X}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests;
