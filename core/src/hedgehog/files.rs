//! `hnp validate`: a set of YAML files checked offline as one fabric — parsed with the
//! project's limits ([`crate::yaml::parse_documents`]), managed kinds and SwitchProfiles kept
//! ([`crate::hedgehog::admission::admitted`]), then schema, name and Hedgehog admission rules
//! ([`super::admission::check`]).

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::admission::{self, Object, Options, Severity, Source};
use crate::yaml::{self, Limits, YamlError};

/// One reported problem, located by file and line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub path: String,
    pub line: usize,
    /// Empty for problems of a whole file (unparseable YAML).
    pub kind: String,
    pub name: String,
    /// The field (`spec.subnets.default.gateway`); empty for a whole file.
    pub field: String,
    pub message: String,
}

/// The result of checking a set of files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub valid: bool,
    /// Managed objects checked.
    pub objects: usize,
    pub errors: Vec<Finding>,
    pub warnings: Vec<Finding>,
}

/// A path given on the command line that cannot be read (a usage error, exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("cannot read {path}: {message}")]
pub struct UnreadablePath {
    pub path: String,
    pub message: String,
}

/// Every `*.yaml`/`*.yml` file under `paths` (a file given directly is taken whatever its
/// name), sorted; hidden directories (`.git`, …) are skipped; symlinks inside directories are
/// not followed.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, UnreadablePath> {
    let unreadable = |path: &Path, e: std::io::Error| UnreadablePath {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| unreadable(path, e))?;
        if !meta.is_dir() {
            files.push(path.clone());
            continue;
        }
        let mut stack = vec![path.clone()];
        while let Some(dir) = stack.pop() {
            let entries = std::fs::read_dir(&dir).map_err(|e| unreadable(&dir, e))?;
            for entry in entries {
                let entry = entry.map_err(|e| unreadable(&dir, e))?;
                let file_type = entry
                    .file_type()
                    .map_err(|e| unreadable(&entry.path(), e))?;
                let entry_path = entry.path();
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if file_type.is_dir() {
                    if !name.starts_with('.') {
                        stack.push(entry_path);
                    }
                } else if file_type.is_file() && (name.ends_with(".yaml") || name.ends_with(".yml"))
                {
                    files.push(entry_path);
                }
            }
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// Reads and checks the files under `paths` as one fabric.
pub fn check_paths(paths: &[PathBuf]) -> Result<Report, UnreadablePath> {
    let files = collect_files(paths)?;
    // Read on all cores too: ten thousand small files are mostly system-call time.
    let read = super::admission::parallel_map(64, &files, |file| {
        std::fs::read(file)
            .map(|bytes| (file.display().to_string(), bytes))
            .map_err(|e| UnreadablePath {
                path: file.display().to_string(),
                message: e.to_string(),
            })
    });
    let sources = read.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(check_sources(&sources))
}

/// What one file contributes: its objects, or the error that makes it unusable.
type Parsed = Result<Vec<Object>, Box<Finding>>;

/// Checks in-memory files `(path, content)` as one fabric (parsing on all cores).
pub fn check_sources(sources: &[(String, Vec<u8>)]) -> Report {
    let limits = Limits::default();
    let parsed: Vec<Parsed> = super::admission::parallel_map(8, sources, |(path, bytes)| {
        parse_file(path, bytes, &limits)
    });
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut objects = Vec::new();
    for file in parsed {
        match file {
            Ok(list) => objects.extend(list),
            Err(finding) => errors.push(*finding),
        }
    }
    let problems = admission::check(&objects, &Options::default());
    for (object, problems) in objects.iter().zip(problems) {
        let (path, line) = object
            .source
            .as_ref()
            .map(|s| (s.path.clone(), s.line))
            .unwrap_or_default();
        for problem in problems {
            let finding = Finding {
                path: path.clone(),
                line,
                kind: problem.kind,
                name: problem.name,
                field: problem.path,
                message: problem.message,
            };
            match problem.severity {
                Severity::Error => errors.push(finding),
                Severity::Warning => warnings.push(finding),
            }
        }
    }
    Report {
        valid: errors.is_empty(),
        objects: objects.len(),
        errors,
        warnings,
    }
}

fn parse_file(path: &str, bytes: &[u8], limits: &Limits) -> Parsed {
    let documents = yaml::parse_documents(bytes, limits).map_err(|e| {
        Box::new(Finding {
            path: path.to_owned(),
            line: yaml_error_line(&e),
            kind: String::new(),
            name: String::new(),
            field: String::new(),
            message: e.to_string(),
        })
    })?;
    let mut objects = Vec::new();
    for document in documents {
        let value = &document.value;
        let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
        let api_version = value
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("");
        if !super::admission::admitted(api_version, kind) {
            continue; // unmanaged kinds are not ours to check
        }
        let line = document.line + content_offset(&document.text);
        let source = Source {
            path: path.to_owned(),
            line,
        };
        match Object::from_document(value, Some(source)) {
            Some(object) => objects.push(object),
            None => {
                let message = yaml::document_identity(value)
                    .err()
                    .unwrap_or_else(|| "the document has no usable metadata".into());
                return Err(Box::new(Finding {
                    path: path.to_owned(),
                    line,
                    kind: kind.to_owned(),
                    name: String::new(),
                    field: "metadata".into(),
                    message,
                }));
            }
        }
    }
    Ok(objects)
}

/// Lines before the first content line of a document (comments, blank lines, `---`).
fn content_offset(text: &str) -> usize {
    text.lines()
        .take_while(|line| {
            let line = line.trim();
            line.is_empty() || line.starts_with('#') || line == "---" || line.starts_with("--- ")
        })
        .count()
}

fn yaml_error_line(error: &YamlError) -> usize {
    match error {
        YamlError::InvalidUtf8 { pos, .. } => pos.line,
        YamlError::TooDeep { pos, .. }
        | YamlError::AliasLimit { pos, .. }
        | YamlError::ResourceLimit { pos, .. }
        | YamlError::Syntax { pos, .. } => pos.map(|p| p.line).unwrap_or(1),
        _ => 1,
    }
}

/// `path:line: error: Kind/name: field: message` (file problems: `path:line: error: message`).
pub fn format_text(report: &Report) -> String {
    let mut out = String::new();
    for (severity, findings) in [("error", &report.errors), ("warning", &report.warnings)] {
        for f in findings {
            out.push_str(&format!("{}:{}: {severity}: ", f.path, f.line));
            if !f.kind.is_empty() {
                out.push_str(&format!("{}/{}: ", f.kind, f.name));
            }
            if !f.field.is_empty() {
                out.push_str(&format!("{}: ", f.field));
            }
            out.push_str(&f.message);
            out.push('\n');
        }
    }
    out
}

/// GitHub Actions workflow commands: `::error file=…,line=…,title=Kind/name::field: message`.
pub fn format_github(report: &Report) -> String {
    // Property values escape %, CR, LF, ':' and ','; messages escape %, CR and LF.
    fn data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for (command, findings) in [("error", &report.errors), ("warning", &report.warnings)] {
        for f in findings {
            out.push_str(&format!(
                "::{command} file={},line={}",
                property(&f.path),
                f.line
            ));
            if !f.kind.is_empty() {
                out.push_str(&format!(
                    ",title={}",
                    property(&format!("{}/{}", f.kind, f.name))
                ));
            }
            let message = if f.field.is_empty() {
                f.message.clone()
            } else {
                format!("{}: {}", f.field, f.message)
            };
            out.push_str(&format!("::{}\n", data(&message)));
        }
    }
    out
}
