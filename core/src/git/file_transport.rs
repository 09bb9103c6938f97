//! `file://` remotes spoken to like hosted ones: through `git upload-pack` / `git receive-pack`
//! subprocesses on libgit2's smart protocol, instead of libgit2's built-in local transport.
//!
//! Why: the built-in local transport builds a brand-new pack in-process for every fetch
//! (delta search and compression of every object: about 0.3 s for 10,000 files), where a hosted
//! server streams its existing pack. With `upload-pack` the cost matches a hosted remote, and
//! pushes run the repository's hooks like a real server. Used only when `git` is installed;
//! otherwise libgit2's local transport stays in place.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};

use git2::transport::{Service, SmartSubtransport, SmartSubtransportStream, Transport};

/// The running `git upload-pack`/`receive-pack` of one connection.
struct Connection {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: ChildStdout,
}

impl Drop for Connection {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A stream over the subprocess's stdin/stdout; both actions of a connection share it.
#[derive(Clone)]
struct Stream(Arc<Mutex<Connection>>);

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut connection = self
            .0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?;
        connection.stdout.read(buf)
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut connection = self
            .0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?;
        match connection.stdin.as_mut() {
            Some(stdin) => stdin.write(buf),
            None => Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe)),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let mut connection = self
            .0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?;
        match connection.stdin.as_mut() {
            Some(stdin) => stdin.flush(),
            None => Ok(()),
        }
    }
}

#[derive(Default)]
struct Subtransport {
    current: Mutex<Option<Stream>>,
}

/// `file:///a/b%20c.git` → `/a/b c.git`.
fn url_path(url: &str) -> Result<String, git2::Error> {
    let path = url
        .strip_prefix("file://")
        .ok_or_else(|| git2::Error::from_str("not a file:// URL"))?;
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(value) = u8::from_str_radix(&path[i + 1..i + 3], 16)
        {
            out.push(value);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).map_err(|_| git2::Error::from_str("file:// path is not UTF-8"))
}

impl SmartSubtransport for Subtransport {
    fn action(
        &self,
        url: &str,
        action: Service,
    ) -> Result<Box<dyn SmartSubtransportStream>, git2::Error> {
        let mut current = self
            .current
            .lock()
            .map_err(|_| git2::Error::from_str("transport lock poisoned"))?;
        if matches!(action, Service::UploadPack | Service::ReceivePack)
            && let Some(stream) = current.as_ref()
        {
            return Ok(Box::new(stream.clone()));
        }
        let program = match action {
            Service::UploadPackLs | Service::UploadPack => "upload-pack",
            Service::ReceivePackLs | Service::ReceivePack => "receive-pack",
        };
        let path = url_path(url)?;
        if !std::path::Path::new(&path).exists() {
            return Err(git2::Error::new(
                git2::ErrorCode::NotFound,
                git2::ErrorClass::Repository,
                format!("repository not found: {path}"),
            ));
        }
        let mut child = Command::new("git")
            .arg(program)
            .arg(&path)
            .env_remove("GIT_PROTOCOL")
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| git2::Error::from_str(&format!("cannot run git {program}: {e}")))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(git2::Error::from_str("git subprocess has no pipes"));
        };
        let stream = Stream(Arc::new(Mutex::new(Connection {
            child,
            stdin: Some(stdin),
            stdout,
        })));
        *current = Some(stream.clone());
        Ok(Box::new(stream))
    }

    fn close(&self) -> Result<(), git2::Error> {
        if let Ok(mut current) = self.current.lock() {
            current.take();
        }
        Ok(())
    }
}

/// Whether `git upload-pack` can be run here.
fn git_available() -> bool {
    Command::new("git")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Registers the transport for `file://` (called once per process, before any git operation).
pub(super) fn register() {
    if !git_available() {
        tracing::debug!("git is not installed: file:// remotes use libgit2's local transport");
        return;
    }
    // SAFETY: `register` mutates libgit2's global transport table; it is called exactly once,
    // from `init` under a `std::sync::Once`, before this process runs any git operation.
    #[allow(unsafe_code)]
    let result = unsafe {
        git2::transport::register("file", |remote| {
            Transport::smart(remote, false, Subtransport::default())
        })
    };
    if let Err(e) = result {
        tracing::warn!(error = %e, "could not register the file:// transport");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_are_percent_decoded() {
        assert_eq!(
            super::url_path("file:///srv/a%20b.git").unwrap(),
            "/srv/a b.git"
        );
        assert_eq!(super::url_path("file:///srv/x.git").unwrap(), "/srv/x.git");
        assert!(super::url_path("/srv/x.git").is_err());
    }
}
