//! `hnp serve` as a child process for API-level tests, and `hnp` command-line runs against the
//! same data directory and database. The binary is passed in (`env!("CARGO_BIN_EXE_hnp")` in
//! the `hnp-api` crate's tests). Only std is used for HTTP here (health polling), so callers
//! bring their own client; every CLI run has a deadline, so a hanging command fails the test
//! instead of the suite.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{Backend, TestDatabase, free_port};

/// Password of the users [`HnpServer::user`] creates.
pub const TEST_PASSWORD: &str = "correct-horse-battery-staple-42";

/// Cron expression (6 fields, seconds first) that practically never fires: keeps the scheduled
/// jobs (detection, cluster reads, cleanup) from changing rows while a test compares them.
pub const NEVER: &str = "0 0 0 1 1 *";

/// A running `hnp serve` with its own data directory and database; killed on drop.
pub struct HnpServer {
    child: Child,
    bin: PathBuf,
    /// `127.0.0.1:<port>`.
    pub listen: String,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    data: tempfile::TempDir,
    pub db: TestDatabase,
    env: Vec<(String, String)>,
}

impl Drop for HnpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What one `hnp` run printed and how it ended.
#[derive(Debug)]
pub struct CliOutput {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl CliOutput {
    pub fn success(&self) -> bool {
        self.status.success()
    }

    /// The last line of stdout parsed as the one JSON object `--json` promises.
    pub fn json(&self) -> Value {
        let line = self.stdout.lines().last().unwrap_or_default();
        serde_json::from_str(line).unwrap_or_else(|e| {
            panic!(
                "last stdout line is not JSON ({e}): {line:?}\nstderr:\n{}",
                self.stderr
            )
        })
    }
}

impl HnpServer {
    /// Starts `bin serve` on a fresh `backend` database with `env` (`HNP_*` settings) added to
    /// a clean environment; waits until `/healthz` answers 200.
    pub async fn start(
        bin: impl Into<PathBuf>,
        backend: Backend,
        env: &[(&str, &str)],
    ) -> anyhow::Result<HnpServer> {
        let db = TestDatabase::migrated(backend).await?;
        let data = tempfile::tempdir()?;
        let listen = format!("127.0.0.1:{}", free_port());
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let bin = bin.into();
        let log = std::fs::File::create(data.path().join("serve.log"))?;
        let child = hnp_command(&bin, data.path(), &db.url, &listen, &env)
            .arg("serve")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()?;
        let mut server = HnpServer {
            child,
            bin,
            base: format!("http://{listen}"),
            listen,
            data,
            db,
            env,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while server.health() != Some(200) {
            if let Some(status) = server.child.try_wait()? {
                anyhow::bail!("hnp serve exited ({status}); log:\n{}", server.log());
            }
            if Instant::now() > deadline {
                anyhow::bail!("hnp serve did not come up; log:\n{}", server.log());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(server)
    }

    /// The data directory (vault key, git caches, `serve.log`).
    pub fn data_dir(&self) -> &Path {
        self.data.path()
    }

    /// What the server wrote on stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.data.path().join("serve.log")).unwrap_or_default()
    }

    /// Whether the server process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Status code of `GET /healthz` (None when nothing answers within 5 s).
    pub fn health(&self) -> Option<u16> {
        let mut stream = TcpStream::connect(&self.listen).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        write!(
            stream,
            "GET /healthz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.listen
        )
        .ok()?;
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).ok()?;
        std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
    }

    /// `hnp` with the server's environment (same data directory and database).
    pub fn command(&self) -> Command {
        hnp_command(
            &self.bin,
            self.data.path(),
            &self.db.url,
            &self.listen,
            &self.env,
        )
    }

    /// Runs `hnp args…` with `stdin`; fails the test when it runs longer than `deadline`.
    pub fn run_within(&self, args: &[&str], stdin: &[u8], deadline: Duration) -> CliOutput {
        let mut command = self.command();
        command.args(args);
        run_command(command, stdin, deadline)
            .unwrap_or_else(|e| panic!("hnp {args:?}: {e}\nserver log:\n{}", self.log()))
    }

    /// [`Self::run_within`] with a one-minute deadline.
    pub fn run(&self, args: &[&str], stdin: &[u8]) -> CliOutput {
        self.run_within(args, stdin, Duration::from_secs(60))
    }

    /// Runs `hnp args…`, which must succeed; returns its output.
    pub fn run_ok(&self, args: &[&str], stdin: &[u8]) -> CliOutput {
        let output = self.run(args, stdin);
        assert!(
            output.success(),
            "hnp {args:?} failed ({}):\n{}\n{}",
            output.status,
            output.stdout,
            output.stderr
        );
        output
    }

    /// Creates a user with `role` (and [`TEST_PASSWORD`]) and returns a new API token of theirs.
    pub fn user(&self, username: &str, role: &str) -> String {
        let password = format!("{TEST_PASSWORD}\n");
        self.run_ok(
            &[
                "user",
                "create",
                "--username",
                username,
                "--role",
                role,
                "--password-stdin",
            ],
            password.as_bytes(),
        );
        let out = self.run_ok(&["token", "create", "--username", username], b"");
        out.stdout
            .lines()
            .last()
            .unwrap_or_default()
            .trim()
            .to_owned()
    }
}

/// `bin` (an `hnp` binary) with a clean environment (only `PATH` and `HOME` kept) on `data`,
/// `database_url` and `listen`, logging at `warn`; `env` adds or overrides variables.
pub fn hnp_command(
    bin: &Path,
    data: &Path,
    database_url: &str,
    listen: &str,
    env: &[(String, String)],
) -> Command {
    let mut command = Command::new(bin);
    command.env_clear();
    for name in ["PATH", "HOME"] {
        if let Ok(value) = std::env::var(name) {
            command.env(name, value);
        }
    }
    command
        .env("HNP_DATA_DIR", data)
        .env("HNP_DATABASE_URL", database_url)
        .env("HNP_LISTEN", listen)
        .env("HNP_LOG", "warn");
    for (name, value) in env {
        command.env(name, value);
    }
    command
}

/// Runs `command` with `stdin`, collecting stdout and stderr; kills it and errors when it is
/// still running after `deadline`.
pub fn run_command(
    mut command: Command,
    stdin: &[u8],
    deadline: Duration,
) -> anyhow::Result<CliOutput> {
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut input = child.stdin.take().expect("piped stdin");
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            let err = stderr.join().unwrap_or_default();
            anyhow::bail!("still running after {deadline:?} (killed); stderr:\n{err}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = writer.join();
    Ok(CliOutput {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        elapsed: started.elapsed(),
    })
}
