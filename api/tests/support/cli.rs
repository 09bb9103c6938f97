//! Running the `hnp` binary in tests: a clean environment on a data directory, stdin fed,
//! stdout/stderr read, the `--json` line parsed.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// `hnp` with a clean environment (PATH and HOME kept) on `data_dir`, plus `vars`.
pub fn hnp(data_dir: &Path, vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hnp"));
    command.env_clear();
    for name in ["PATH", "HOME"] {
        if let Ok(value) = std::env::var(name) {
            command.env(name, value);
        }
    }
    command.env("HNP_DATA_DIR", data_dir);
    for (name, value) in vars {
        command.env(name, value);
    }
    command
}

/// Runs `command` with `stdin` (closed right away when `None`) and waits for it.
pub fn run(mut command: Command, stdin: Option<&str>) -> Output {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("hnp starts");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The last line of stdout parsed as the one JSON object `--json` promises.
pub fn last_json(output: &Output) -> Value {
    let text = stdout(output);
    let line = text.lines().last().unwrap_or_default();
    serde_json::from_str(line)
        .unwrap_or_else(|e| panic!("last stdout line {line:?}: {e}; stderr: {}", stderr(output)))
}
