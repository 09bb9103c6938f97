//! A one-leaf change of every scalar of every sample file, edited in place: the result parses
//! to exactly the changed value and differs from the file by one line.

use super::super::*;
use super::{changed_lines, values};
use serde_json::json;

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
