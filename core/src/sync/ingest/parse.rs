//! Turning file contents into desired documents: YAML parsing (in parallel), identity, the kinds
//! registry. Pure: no database, no git.

use serde::Serialize;
use serde_json::Value;

use crate::hedgehog::kinds;
use crate::yaml::{self, Limits};

/// Content of one file as read from git (or why it could not be read).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path in the repository.
    pub path: String,
    /// Blob id, remembered with per-file errors.
    pub blob: String,
    pub content: Result<Vec<u8>, String>,
}

/// A managed resource as Git describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredDoc {
    pub kind: String,
    pub api_version: String,
    pub namespace: String,
    pub name: String,
    pub spec: Value,
    pub labels: Option<Value>,
    pub annotations: Option<Value>,
    pub path: String,
    /// SHA-256 of the document's text in the file.
    pub hash: String,
}

impl DesiredDoc {
    pub fn key(&self) -> ResourceKey {
        ResourceKey {
            kind: self.kind.clone(),
            namespace: self.namespace.clone(),
            name: self.name.clone(),
        }
    }
}

/// Identity of a resource within a fabric (lives with the kinds registry).
pub use crate::hedgehog::kinds::ResourceKey;

/// A document HNP does not manage (other kind or version); listed, never touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmanagedDoc {
    pub path: String,
    pub kind: String,
    pub api_version: String,
    pub name: String,
}

/// What one file contained, or why it could not be used.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub path: String,
    pub blob: String,
    pub result: Result<FileDocs, String>,
}

#[derive(Debug, Clone, Default)]
pub struct FileDocs {
    pub managed: Vec<DesiredDoc>,
    pub unmanaged: Vec<UnmanagedDoc>,
}

fn string_field(value: &Value, field: &str) -> String {
    value
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Parses one file's content into managed and unmanaged documents. Any document of a managed
/// kind without a usable identity makes the whole file an error: its resources keep their
/// previous desired state.
pub fn parse_file(path: &str, content: &[u8], limits: &Limits) -> Result<FileDocs, String> {
    // The layout manifest holds no resources; it is only checked, so that a broken or unsafe
    // manifest is reported like any other file.
    if path == crate::sync::layout::MANIFEST
        || path.ends_with(&format!("/{}", crate::sync::layout::MANIFEST))
    {
        let problems = crate::sync::layout::manifest_problems(content);
        return if problems.is_empty() {
            Ok(FileDocs::default())
        } else {
            Err(format!("invalid layout manifest: {}", problems.join("; ")))
        };
    }
    let documents = yaml::parse_documents(content, limits).map_err(|e| e.to_string())?;
    let mut docs = FileDocs::default();
    for document in documents {
        let value = document.value;
        if !value.is_object() {
            return Err(format!(
                "document {} (line {}) is not a mapping",
                document.index + 1,
                document.line
            ));
        }
        let api_version = string_field(&value, "apiVersion");
        let kind = string_field(&value, "kind");
        let Some(info) = kinds::lookup(&api_version, &kind) else {
            let name = value
                .get("metadata")
                .map(|m| string_field(m, "name"))
                .unwrap_or_default();
            docs.unmanaged.push(UnmanagedDoc {
                path: path.to_owned(),
                kind,
                api_version,
                name,
            });
            continue;
        };
        let identity = yaml::document_identity(&value).map_err(|e| {
            format!(
                "document {} (line {}, {}): {e}",
                document.index + 1,
                document.line,
                info.kind
            )
        })?;
        validate_name(&identity.name).map_err(|e| {
            format!(
                "document {} (line {}, {}): metadata.name {:?}: {e}",
                document.index + 1,
                document.line,
                info.kind,
                identity.name
            )
        })?;
        validate_name(&identity.namespace).map_err(|e| {
            format!(
                "document {} (line {}, {}): metadata.namespace {:?}: {e}",
                document.index + 1,
                document.line,
                info.kind,
                identity.namespace
            )
        })?;
        // Take the parts out of the document instead of cloning them.
        let Value::Object(mut object) = value else {
            unreachable!("checked to be a mapping above")
        };
        let mut metadata = match object.remove("metadata") {
            Some(Value::Object(metadata)) => metadata,
            _ => Default::default(),
        };
        let mut non_empty = |field: &str| metadata.remove(field).filter(|v| !v.is_null());
        let labels = non_empty("labels");
        let annotations = non_empty("annotations");
        docs.managed.push(DesiredDoc {
            kind: info.kind.to_owned(),
            api_version,
            namespace: identity.namespace,
            name: identity.name,
            spec: object
                .remove("spec")
                .filter(|v| !v.is_null())
                .unwrap_or_else(|| Value::Object(Default::default())),
            labels,
            annotations,
            path: path.to_owned(),
            hash: document.hash,
        });
    }
    Ok(docs)
}

/// Kubernetes object names: DNS-1123 subdomain (lower-case alphanumerics, `-` and `.`,
/// starting and ending alphanumeric, at most 253 characters). Names become file names, so this
/// also rules out `/`, `..` and other path tricks.
pub fn validate_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("must not be empty".to_owned());
    }
    if name.len() > 253 {
        return Err("must be at most 253 characters".to_owned());
    }
    let bytes = name.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return Err("must start and end with a lower-case letter or digit".to_owned());
    }
    if !bytes.iter().all(|&b| alnum(b) || b == b'-' || b == b'.') {
        return Err("may contain only lower-case letters, digits, '-' and '.'".to_owned());
    }
    if name.contains("..") {
        return Err("must not contain '..'".to_owned());
    }
    Ok(())
}

/// Parses many files on all cores. Order of the result follows the input.
pub fn parse_files(files: Vec<SourceFile>, limits: &Limits) -> Vec<ParsedFile> {
    parse_parallel(files, limits, || |file: SourceFile| file)
}

/// Loads (with a per-thread loader from `make_loader`, e.g. one git handle per thread) and
/// parses `items` on all cores. Order of the result follows the input.
pub fn parse_parallel<T, F, L>(items: Vec<T>, limits: &Limits, make_loader: F) -> Vec<ParsedFile>
where
    T: Send,
    F: Fn() -> L + Sync,
    L: FnMut(T) -> SourceFile,
{
    let done = std::sync::Mutex::new(Vec::new());
    parse_parallel_each(items, limits, make_loader, &|index, files| {
        if let Ok(mut done) = done.lock() {
            done.push((index, files));
        }
    });
    let mut results = done.into_inner().unwrap_or_default();
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().flat_map(|(_, files)| files).collect()
}

/// Like [`parse_parallel`], but hands each parsed chunk (with its position among the chunks)
/// to `on_chunk` as soon as it is done, in no particular order, so a consumer can start
/// working before everything is parsed.
pub fn parse_parallel_each<T, F, L>(
    items: Vec<T>,
    limits: &Limits,
    make_loader: F,
    on_chunk: &(dyn Fn(usize, Vec<ParsedFile>) + Sync),
) where
    T: Send,
    F: Fn() -> L + Sync,
    L: FnMut(T) -> SourceFile,
{
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(items.len().max(1));
    let parse_chunk = |chunk: Vec<T>| {
        let mut load = make_loader();
        chunk
            .into_iter()
            .map(|item| {
                let file = load(item);
                ParsedFile {
                    result: file
                        .content
                        .and_then(|content| parse_file(&file.path, &content, limits)),
                    path: file.path,
                    blob: file.blob,
                }
            })
            .collect::<Vec<_>>()
    };
    if threads <= 1 || items.len() < 64 {
        on_chunk(0, parse_chunk(items));
        return;
    }
    // Many small chunks balance the threads and let a consumer start early.
    let chunk = items.len().div_ceil(threads * 8);
    let mut chunks: Vec<Vec<T>> = Vec::new();
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        chunks.push(items.by_ref().take(chunk).collect());
    }
    let mut numbered: Vec<(usize, Vec<T>)> = chunks.into_iter().enumerate().collect();
    numbered.reverse();
    let queue = std::sync::Mutex::new(numbered);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().ok().and_then(|mut q| q.pop());
                    let Some((index, chunk)) = next else { break };
                    on_chunk(index, parse_chunk(chunk));
                }
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managed_unmanaged_and_broken_documents() {
        let text = b"apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: vpc-1\n  labels: {a: b}\nspec:\n  subnets: {}\n---\napiVersion: vpc.githedgehog.com/v1alpha2\nkind: VPC\nmetadata:\n  name: old\n---\nfoo: bar\n";
        let docs = parse_file("f.yaml", text, &Limits::default()).unwrap();
        assert_eq!(docs.managed.len(), 1);
        assert_eq!(docs.managed[0].namespace, "default");
        assert_eq!(docs.managed[0].labels, Some(serde_json::json!({"a": "b"})));
        assert_eq!(docs.unmanaged.len(), 2);
        assert_eq!(
            docs.unmanaged[0].api_version,
            "vpc.githedgehog.com/v1alpha2"
        );

        let err = parse_file(
            "t.yaml",
            b"apiVersion: wiring.githedgehog.com/v1beta1\nkind: Switch\nmetadata:\n  name:\nspec: {}\n",
            &Limits::default(),
        )
        .unwrap_err();
        assert!(err.contains("metadata.name"), "{err}");
        let err = parse_file(
            "t.yaml",
            b"apiVersion: wiring.githedgehog.com/v1beta1\nkind: Switch\nmetadata:\n  name: ../etc\n",
            &Limits::default(),
        )
        .unwrap_err();
        assert!(err.contains("metadata.name"), "{err}");
    }

    #[test]
    fn names_follow_dns_1123() {
        for good in ["a", "leaf-01", "server-01--mclag--leaf-01", "a.b"] {
            assert!(validate_name(good).is_ok(), "{good}");
        }
        for bad in ["", "A", "-a", "a-", "a_b", "a/b", "a..b", &"x".repeat(254)] {
            assert!(validate_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parallel_parse_keeps_order_and_errors() {
        let files: Vec<SourceFile> = (0..200)
            .map(|i| SourceFile {
                path: format!("f{i}.yaml"),
                blob: format!("b{i}"),
                content: if i == 17 {
                    Err("unreadable".to_owned())
                } else {
                    Ok(format!(
                        "apiVersion: wiring.githedgehog.com/v1beta1\nkind: Server\nmetadata:\n  name: s-{i}\n"
                    )
                    .into_bytes())
                },
            })
            .collect();
        let parsed = parse_files(files, &Limits::default());
        assert_eq!(parsed.len(), 200);
        for (i, file) in parsed.iter().enumerate() {
            assert_eq!(file.path, format!("f{i}.yaml"));
            if i == 17 {
                assert!(file.result.is_err());
            } else {
                assert_eq!(
                    file.result.as_ref().unwrap().managed[0].name,
                    format!("s-{i}")
                );
            }
        }
    }
}
