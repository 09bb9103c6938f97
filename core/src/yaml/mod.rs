//! Parsing and canonical serialization of multi-document YAML files.
//!
//! # YAML library choice
//!
//! Parsing uses **serde-saphyr 2.2.0** (pure safe Rust, on the granit-parser
//! event parser; built with `default-features = false, features =
//! ["deserialize"]`). It is actively maintained and exposes every limit we
//! need as configuration: structural depth, document count, alias count,
//! total alias-replay events and node count, and its errors carry line and
//! column.
//!
//! Speed, measured on this machine (release build, best of 5): a realistic
//! 40-line, two-document Hedgehog manifest (Connection + VPC, with comments,
//! labels, a MAC and a flow map) parsed 10,000 times into
//! `serde_json::Value` (20,000 documents, 8.7 MB):
//!
//! | crate                              | time    | throughput |
//! |------------------------------------|---------|------------|
//! | serde_yaml 0.9.34 (archived)       | 300 ms  | 29.1 MB/s  |
//! | serde_norway 0.9.42                | 317 ms  | 27.5 MB/s  |
//! | serde_yaml_bw 2.5.8 (default)      | 820 ms  | 10.6 MB/s  |
//! | serde_yaml_bw 2.5.8 (no budget)    | 478 ms  | 18.3 MB/s  |
//! | serde-saphyr 2.2.0                 | 761 ms  | 11.5 MB/s  |
//!
//! The libyaml-based crates are about 2.5x faster, but files are capped at
//! 4 MiB by default, so the worst case with serde-saphyr is about 0.35 s per file.
//! Why not the others: serde_yaml is archived. serde_norway is a fork of it
//! on machine-translated C (`unsafe-libyaml`), with a fixed recursion limit
//! of 128 and no alias limit you can set. serde_yaml_bw is maintained but only
//! safe with its budget pre-scan. The pre-scan parses every file twice (a
//! granit-parser scan, then libyaml), so it is as slow as serde-saphyr, and
//! the crate pulls in `regex`.
//!
//! Options used: YAML 1.2 core schema booleans only (`yes`/`on` stay strings),
//! `0755` and `1_000` stay strings, non-finite floats (`.inf`, `.nan`) are
//! rejected because `serde_json::Value` cannot hold them, duplicate keys are
//! errors, and merge keys (`<<`) are expanded, as Kubernetes does.
//!
//! # Document splitting
//!
//! The stream is split into documents by a line scanner: a line that begins
//! with `---` or `...` followed by whitespace or end of line. YAML forbids
//! such lines inside any scalar, so the split matches the parser's. Each
//! document is then parsed on its own. This gives exact byte ranges for
//! every document, so a writer can replace one document inside a
//! hand-written file.
//!
//! Documents made only of collections and unambiguous scalars (nearly every Hedgehog
//! manifest) take a fast path built on granit-parser's events (`fast/`), which gives up
//! whenever serde-saphyr's answer could differ; the rest goes through serde-saphyr.
//!
//! Files: `mod.rs` (parsing, limits, identity), `fast/` (the fast path, its tests against serde-saphyr), `emit.rs` ([`canonicalize`]), `edit.rs`
//! (in-place edits of documents for write-back), `tests.rs`, `emit/tests.rs` and `edit/tests.rs`
//! (tests).
//! Test builds should optimize `serde-saphyr`, `granit-parser` and
//! `serde_json` (`[profile.dev.package.*]`). The unoptimized parser is
//! about 10x slower, which eats most of the alias-bomb test's 100 ms budget.

use std::fmt;
use std::ops::Range;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// Hard limits enforced by [`parse_documents`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Maximum input size in bytes, checked before anything else.
    pub max_file_bytes: usize,
    /// Maximum number of YAML documents in one file (empty ones included).
    pub max_documents: usize,
    /// Maximum nesting depth of sequences and mappings.
    pub max_depth: usize,
    /// Maximum number of alias references (`*name`) in one document.
    pub max_aliases: usize,
    /// Maximum number of parser events replayed while expanding aliases in
    /// one document (bounds "billion laughs" expansion).
    pub max_alias_expansion: usize,
    /// Maximum number of nodes (scalars, sequences, mappings) in the whole file,
    /// counted after alias expansion. Bounds memory across many documents.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 4 * 1024 * 1024,
            max_documents: 1000,
            max_depth: 64,
            max_aliases: 1000,
            max_alias_expansion: 5_000,
            max_nodes: 1_000_000,
        }
    }
}

/// A 1-based line and column in the input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

fn at(pos: &Option<Position>) -> String {
    pos.map(|p| format!(" at {p}")).unwrap_or_default()
}

/// Errors from [`parse_documents`]. `document` fields are 1-based positions of
/// the document in the file, counting empty documents.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum YamlError {
    #[error("YAML file is too large: {size} bytes exceeds the limit of {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("YAML file is not valid UTF-8: invalid byte sequence at byte offset {offset} ({pos})")]
    InvalidUtf8 { offset: usize, pos: Position },
    #[error("YAML file has too many documents: more than the limit of {limit}")]
    TooManyDocuments { limit: usize },
    #[error("YAML document {document} is nested too deeply (limit {limit} levels){}", at(.pos))]
    TooDeep {
        document: usize,
        limit: usize,
        pos: Option<Position>,
    },
    #[error("YAML document {document} exceeds the alias limits{}: {detail}", at(.pos))]
    AliasLimit {
        document: usize,
        detail: String,
        pos: Option<Position>,
    },
    #[error("YAML document {document} exceeds a resource limit{}: {detail}", at(.pos))]
    ResourceLimit {
        document: usize,
        detail: String,
        pos: Option<Position>,
    },
    #[error("YAML syntax error in document {document}{}: {message}", at(.pos))]
    Syntax {
        document: usize,
        message: String,
        pos: Option<Position>,
    },
}

/// One non-empty document of a YAML stream.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedDocument {
    /// 0-based position among the non-empty documents of the file.
    pub index: usize,
    /// The parsed document.
    pub value: Value,
    /// The exact source text of this document (`&file[range]`), including
    /// its leading comments, `---` marker and any `...` end marker.
    pub text: String,
    /// Byte range of `text` in the file. Ranges of consecutive documents
    /// are contiguous except around skipped empty documents.
    pub range: Range<usize>,
    /// 1-based line number where `text` starts.
    pub line: usize,
    /// Lowercase hex SHA-256 of `text`.
    pub hash: String,
}

/// Identity of a Kubernetes object.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocIdentity {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub namespace: String,
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Parses a (multi-document) YAML file under `limits`.
///
/// Empty documents (only `---`, comments or whitespace) and documents that
/// are an explicit `null` are skipped.
pub fn parse_documents(text: &[u8], limits: &Limits) -> Result<Vec<ParsedDocument>, YamlError> {
    if text.len() > limits.max_file_bytes {
        return Err(YamlError::TooLarge {
            size: text.len(),
            limit: limits.max_file_bytes,
        });
    }
    let text = std::str::from_utf8(text).map_err(|e| {
        let offset = e.valid_up_to();
        YamlError::InvalidUtf8 {
            offset,
            pos: byte_position(&text[..offset]),
        }
    })?;
    let segments = split_documents(text, limits.max_documents)?;
    let mut nodes_left = limits.max_nodes;
    let mut docs = Vec::new();
    for (number, seg) in segments.iter().enumerate() {
        let document = number + 1;
        let src = &text[seg.range.clone()];
        if !seg.needs_parse {
            continue;
        }
        // The fast path's value stands only within the node budget; past it (and wherever it
        // gives up) serde-saphyr decides, with its own errors.
        let fast = fast::parse(src, limits.max_depth)
            .map(|value| (count_nodes(&value), value))
            .filter(|(nodes, _)| *nodes <= nodes_left);
        let (nodes, value) = match fast {
            Some(parsed) => parsed,
            None => {
                let options = saphyr_options(limits, nodes_left);
                let value: Value = serde_saphyr::from_str_with_options(src, options)
                    .map_err(|e| convert_error(&e, document, seg.line, limits))?;
                (count_nodes(&value), value)
            }
        };
        if value.is_null() {
            continue;
        }
        if nodes > nodes_left {
            return Err(YamlError::ResourceLimit {
                document,
                detail: format!(
                    "the file expands to more than {} nodes (including alias expansion)",
                    limits.max_nodes
                ),
                pos: Some(Position {
                    line: seg.line,
                    column: 1,
                }),
            });
        }
        nodes_left -= nodes;
        docs.push(ParsedDocument {
            index: docs.len(),
            value,
            text: src.to_owned(),
            range: seg.range.clone(),
            line: seg.line,
            hash: sha256_hex(src.as_bytes()),
        });
    }
    Ok(docs)
}

fn byte_position(prefix: &[u8]) -> Position {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    Position {
        line,
        column: prefix.len() - line_start + 1,
    }
}

fn saphyr_options(limits: &Limits, nodes_left: usize) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = limits.max_depth;
    budget.flow_nesting_limit = limits.max_depth.saturating_add(1);
    budget.max_documents = 1;
    budget.max_aliases = limits.max_aliases;
    budget.max_nodes = nodes_left;
    let mut o = serde_saphyr::Options::default();
    o.budget = Some(budget);
    o.alias_limits.max_total_replayed_events = limits.max_alias_expansion;
    o.strict_booleans = true;
    o.legacy_octal_numbers = false;
    o.leading_zero_numbers_as_strings = true;
    o.underscored_numbers_as_strings = true;
    o.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::Reject;
    o.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    o.merge_keys = serde_saphyr::MergeKeyPolicy::Merge;
    o.with_snippet = false;
    o
}

fn convert_error(
    err: &serde_saphyr::Error,
    document: usize,
    first_line: usize,
    limits: &Limits,
) -> YamlError {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    // Position of the outermost error (for alias errors: where it was used).
    let loc = err.location().filter(|l| l.line() > 0);
    let pos = loc.map(|l| Position {
        line: first_line + l.line() as usize - 1,
        column: l.column() as usize,
    });
    let mut err = err.without_snippet();
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = err {
        err = error;
    }
    // The library appends its own (document-relative) position; drop it.
    let mut message = err.to_string();
    if let Some(l) = err.location() {
        let suffix = format!(" at line {}, column {}", l.line(), l.column());
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message = stripped.to_owned();
        }
    }
    match err {
        E::Budget { breach, .. } => match breach {
            B::Depth { .. } => YamlError::TooDeep {
                document,
                limit: limits.max_depth,
                pos,
            },
            B::Documents { .. } => YamlError::Syntax {
                document,
                message: "unexpected extra document in one document segment".into(),
                pos,
            },
            B::Aliases { aliases } => YamlError::AliasLimit {
                document,
                detail: format!("{aliases} aliases (limit {})", limits.max_aliases),
                pos,
            },
            B::Anchors { .. }
            | B::AliasAnchorRatio { .. }
            | B::RecordedAnchorEvents { .. }
            | B::RecordedAnchorBytes { .. } => YamlError::AliasLimit {
                document,
                detail: format!("{breach:?}"),
                pos,
            },
            B::Nodes { .. } => YamlError::ResourceLimit {
                document,
                detail: format!("the file has more than {} nodes", limits.max_nodes),
                pos,
            },
            _ => YamlError::ResourceLimit {
                document,
                detail: format!("{breach:?}"),
                pos,
            },
        },
        E::AliasReplayLimitExceeded { .. } => YamlError::AliasLimit {
            document,
            detail: format!(
                "alias expansion exceeds {} replayed events",
                limits.max_alias_expansion
            ),
            pos,
        },
        E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => YamlError::AliasLimit {
            document,
            detail: message,
            pos,
        },
        // The parser's own nesting guard for flow collections.
        _ if message.contains("recursion limit exceeded") => YamlError::TooDeep {
            document,
            limit: limits.max_depth,
            pos,
        },
        _ => YamlError::Syntax {
            document,
            message,
            pos,
        },
    }
}

fn count_nodes(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(count_nodes).sum::<usize>(),
        Value::Object(m) => 1 + m.values().map(|v| 1 + count_nodes(v)).sum::<usize>(),
        _ => 1,
    }
}

/// One document slice of the input.
struct Segment {
    range: Range<usize>,
    /// 1-based line of `range.start`.
    line: usize,
    /// Has a `---` marker, a directive or content (not just comments/blank lines).
    needs_parse: bool,
}

fn is_marker(line: &str, marker: &str) -> bool {
    line.starts_with(marker)
        && matches!(
            line.as_bytes().get(marker.len()),
            None | Some(b' ' | b'\t' | b'\r' | b'\n')
        )
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t']);
    t.is_empty() || t.starts_with('#') || t == "\n" || t == "\r\n"
}

/// Splits `text` at document markers. A `---` line starts a new document
/// unless the current one has nothing but comments/directives so far; a
/// `...` line ends the current document (and belongs to it).
fn split_documents(text: &str, max_documents: usize) -> Result<Vec<Segment>, YamlError> {
    let mut segs: Vec<Segment> = Vec::new();
    let mut counted = 0usize;
    let mut push = |segs: &mut Vec<Segment>, seg: Segment| {
        if seg.needs_parse {
            counted += 1;
            if counted > max_documents {
                return Err(YamlError::TooManyDocuments {
                    limit: max_documents,
                });
            }
        }
        if !seg.range.is_empty() {
            segs.push(seg);
        }
        Ok(())
    };
    let (mut start, mut start_line) = (0usize, 1usize);
    // `started`: a marker or content line was seen in the current document.
    let (mut started, mut directive) = (false, false);
    let (mut pos, mut line_no) = (0usize, 1usize);
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let raw = &text[pos..end];
        let line = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        if is_marker(line, "---") {
            if started {
                let seg = Segment {
                    range: start..pos,
                    line: start_line,
                    needs_parse: true,
                };
                push(&mut segs, seg)?;
                (start, start_line, directive) = (pos, line_no, false);
            }
            started = true;
        } else if is_marker(line, "...") {
            let seg = Segment {
                range: start..end,
                line: start_line,
                needs_parse: started || directive,
            };
            push(&mut segs, seg)?;
            (start, start_line, started, directive) = (end, line_no + 1, false, false);
        } else if !started && line.starts_with('%') {
            directive = true;
        } else if started || !is_blank_or_comment(line) {
            started = true;
        }
        pos = end;
        line_no += 1;
    }
    if start < text.len() {
        let seg = Segment {
            range: start..text.len(),
            line: start_line,
            needs_parse: started || directive,
        };
        push(&mut segs, seg)?;
    }
    Ok(segs)
}

/// Extracts apiVersion, kind, metadata.name and metadata.namespace
/// (defaulting to `"default"`).
pub fn document_identity(value: &Value) -> Result<DocIdentity, String> {
    let obj = value
        .as_object()
        .ok_or_else(|| format!("document is not a mapping (found {})", type_name(value)))?;
    let field = |map: &Map<String, Value>, key: &str, path: &str| -> Result<String, String> {
        match map.get(key) {
            None => Err(format!("missing required field `{path}`")),
            Some(Value::Null) => Err(format!("required field `{path}` is empty (null)")),
            Some(Value::String(s)) if s.is_empty() => Err(format!("field `{path}` is empty")),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(format!(
                "field `{path}` must be a string (found {})",
                type_name(other)
            )),
        }
    };
    let api_version = field(obj, "apiVersion", "apiVersion")?;
    let kind = field(obj, "kind", "kind")?;
    let metadata = match obj.get("metadata") {
        None | Some(Value::Null) => return Err("missing required field `metadata`".into()),
        Some(Value::Object(m)) => m,
        Some(other) => {
            return Err(format!(
                "field `metadata` must be a mapping (found {})",
                type_name(other)
            ));
        }
    };
    let name = field(metadata, "name", "metadata.name")?;
    let namespace = match metadata.get("namespace") {
        None | Some(Value::Null) => "default".to_owned(),
        Some(Value::String(s)) if s.is_empty() => "default".to_owned(),
        Some(_) => field(metadata, "namespace", "metadata.namespace")?,
    };
    Ok(DocIdentity {
        api_version,
        kind,
        name,
        namespace,
    })
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a mapping",
    }
}

pub mod edit;
mod emit;
mod fast;

pub use emit::canonicalize;

#[cfg(test)]
mod tests;
