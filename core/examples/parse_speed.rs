//! Parse-speed probe: `cargo run --release -p hnp-core --example parse_speed -- DIR`
//! parses every YAML file under DIR on one thread and prints documents, bytes and time.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("readable directory")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: parse_speed DIR");
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    let contents: Vec<Vec<u8>> = files
        .iter()
        .map(|p| std::fs::read(p).expect("read"))
        .collect();
    let bytes: usize = contents.iter().map(Vec::len).sum();
    let limits = hnp_core::yaml::Limits::default();
    for round in 0..3 {
        let start = Instant::now();
        let mut documents = 0;
        for content in &contents {
            documents += hnp_core::yaml::parse_documents(content, &limits)
                .map(|d| d.len())
                .unwrap_or(0);
        }
        let elapsed = start.elapsed();
        println!(
            "round {round}: {documents} documents, {:.1} MB in {:.1} ms ({:.1} MB/s)",
            bytes as f64 / 1e6,
            elapsed.as_secs_f64() * 1e3,
            bytes as f64 / 1e6 / elapsed.as_secs_f64()
        );
    }
}
