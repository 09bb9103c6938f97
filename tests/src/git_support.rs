//! Real git servers for tests: a bare repository driven by the `git` CLI,
//! an HTTP server running `git http-backend` behind basic auth, and an
//! OpenSSH server with its own keys. Uses only std and external programs
//! (`git`, `ssh-keygen`, `/usr/sbin/sshd` from Debian's openssh-server).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A temporary directory removed on drop.
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(label: &str) -> io::Result<Self> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path =
            std::env::temp_dir().join(format!("hnp-{label}-{}-{n}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path)?;
        Ok(TempDir { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Runs `git` with `args` in `dir`; returns trimmed stdout, errors with stderr.
pub fn git(dir: &Path, args: &[&str]) -> io::Result<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()?;
    if !out.status.success() {
        return Err(io::Error::other(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// A change made by [`BareRemote::commit`] in its scratch work tree.
#[derive(Debug, Clone)]
pub enum Edit<'a> {
    /// Write a regular file (parent directories created).
    Write(&'a str, &'a [u8]),
    /// Delete a file.
    Delete(&'a str),
    /// Write an executable file (mode 100755).
    WriteExecutable(&'a str, &'a [u8]),
    /// Create a symlink `path -> target`.
    Symlink(&'a str, &'a str),
}

/// A bare repository (`git init --bare`, default branch `main`) plus a
/// scratch work tree that commits and pushes to it with the git CLI.
#[derive(Debug)]
pub struct BareRemote {
    dir: TempDir,
    bare: PathBuf,
    work: PathBuf,
}

impl BareRemote {
    /// An empty bare repository named `name` (e.g. `fabric.git`).
    pub fn new(name: &str) -> io::Result<Self> {
        let dir = TempDir::new("remote")?;
        let bare = dir.path().join(name);
        let work = dir.path().join("work");
        git(
            dir.path(),
            &["init", "-q", "--bare", "-b", "main", bare.to_str().unwrap()],
        )?;
        git(dir.path(), &["init", "-q", "-b", "main", "work"])?;
        git(&work, &["remote", "add", "origin", bare.to_str().unwrap()])?;
        Ok(BareRemote { dir, bare, work })
    }

    /// Directory holding the bare repository (to serve several repos from).
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Path of the bare repository.
    pub fn path(&self) -> &Path {
        &self.bare
    }

    /// `file://` URL of the bare repository.
    pub fn url(&self) -> String {
        format!("file://{}", self.bare.display())
    }

    /// Commits `edits` on top of the remote's current `main` (fetched first,
    /// so pushes made by others are kept) and pushes; returns the commit id.
    pub fn commit(&self, message: &str, edits: &[Edit<'_>]) -> io::Result<String> {
        let has_main = git(
            &self.bare,
            &["rev-parse", "--verify", "-q", "refs/heads/main"],
        )
        .is_ok();
        if has_main {
            git(&self.work, &["fetch", "-q", "origin", "main"])?;
            git(&self.work, &["reset", "-q", "--hard", "FETCH_HEAD"])?;
        }
        for e in edits {
            match e {
                Edit::Write(p, content) => {
                    let f = self.work.join(p);
                    std::fs::create_dir_all(f.parent().unwrap())?;
                    std::fs::write(f, content)?;
                }
                Edit::WriteExecutable(p, content) => {
                    let f = self.work.join(p);
                    std::fs::create_dir_all(f.parent().unwrap())?;
                    std::fs::write(&f, content)?;
                    std::fs::set_permissions(
                        &f,
                        std::os::unix::fs::PermissionsExt::from_mode(0o755),
                    )?;
                }
                Edit::Delete(p) => std::fs::remove_file(self.work.join(p))?,
                Edit::Symlink(p, target) => {
                    let f = self.work.join(p);
                    std::fs::create_dir_all(f.parent().unwrap())?;
                    std::os::unix::fs::symlink(target, f)?;
                }
            }
        }
        git(&self.work, &["add", "-A"])?;
        git(
            &self.work,
            &[
                "-c",
                "user.name=Test Remote",
                "-c",
                "user.email=remote@example.com",
                "commit",
                "-q",
                "--allow-empty",
                "-m",
                message,
            ],
        )?;
        git(
            &self.work,
            &["push", "-q", "origin", "HEAD:refs/heads/main"],
        )?;
        git(&self.work, &["rev-parse", "HEAD"])
    }

    /// Commit id of `branch` in the bare repository, if it exists.
    pub fn head(&self, branch: &str) -> Option<String> {
        git(
            &self.bare,
            &[
                "rev-parse",
                "--verify",
                "-q",
                &format!("refs/heads/{branch}"),
            ],
        )
        .ok()
    }

    /// Content of `path` at `rev` in the bare repository.
    pub fn show(&self, rev: &str, path: &str) -> io::Result<Vec<u8>> {
        let out = Command::new("git")
            .args(["show", &format!("{rev}:{path}")])
            .current_dir(&self.bare)
            .output()?;
        if out.status.success() {
            Ok(out.stdout)
        } else {
            Err(io::Error::other(
                String::from_utf8_lossy(&out.stderr).into_owned(),
            ))
        }
    }
}

/// Standard base64 with padding (for basic-auth headers and kubeconfig `*-data` fields).
pub fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// An HTTP/1.1 git server on 127.0.0.1 serving every repository under a
/// directory through `git http-backend` (CGI), behind HTTP basic auth.
/// One request per connection (`Connection: close`).
pub struct HttpGitServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    unauthorized: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    chunked: Arc<AtomicUsize>,
    handle: Option<JoinHandle<()>>,
}

struct HttpConfig {
    project_root: PathBuf,
    backend: PathBuf,
    username: String,
    expected_auth: String,
    unauthorized: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    chunked: Arc<AtomicUsize>,
}

impl HttpGitServer {
    /// Serves the repositories under `project_root`, accepting only
    /// `username`/`password`.
    pub fn start(
        project_root: impl Into<PathBuf>,
        username: &str,
        password: &str,
    ) -> io::Result<Self> {
        let exec_path = git(Path::new("."), &["--exec-path"])?;
        let backend = Path::new(&exec_path).join("git-http-backend");
        if !backend.exists() {
            return Err(io::Error::other(format!("{} not found", backend.display())));
        }
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let unauthorized = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let chunked = Arc::new(AtomicUsize::new(0));
        let cfg = Arc::new(HttpConfig {
            project_root: project_root.into(),
            backend,
            username: username.to_string(),
            expected_auth: format!(
                "Basic {}",
                base64(format!("{username}:{password}").as_bytes())
            ),
            unauthorized: unauthorized.clone(),
            requests: requests.clone(),
            chunked: chunked.clone(),
        });
        let stop2 = stop.clone();
        let handle = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let cfg = cfg.clone();
                std::thread::spawn(move || {
                    if let Err(e) = serve_http(conn, &cfg) {
                        eprintln!("test http server: {e}");
                    }
                });
            }
        });
        Ok(HttpGitServer {
            addr,
            stop,
            unauthorized,
            requests,
            chunked,
            handle: Some(handle),
        })
    }

    /// URL of repository `name` (a path relative to the project root).
    pub fn url(&self, name: &str) -> String {
        format!("http://{}/{}", self.addr, name.trim_start_matches('/'))
    }

    /// How many requests were answered with 401.
    pub fn unauthorized_count(&self) -> usize {
        self.unauthorized.load(Ordering::SeqCst)
    }

    /// How many request bodies came with chunked transfer encoding.
    pub fn chunked_count(&self) -> usize {
        self.chunked.load(Ordering::SeqCst)
    }

    /// How many requests were received.
    pub fn request_count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for HttpGitServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

fn read_chunked(r: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut line = String::new();
        r.read_line(&mut line)?;
        let size_hex = line.trim().split(';').next().unwrap_or("");
        let size = usize::from_str_radix(size_hex, 16)
            .map_err(|_| io::Error::other(format!("bad chunk size line {line:?}")))?;
        if size == 0 {
            // Trailers until an empty line.
            loop {
                let mut t = String::new();
                if r.read_line(&mut t)? == 0 || t.trim().is_empty() {
                    break;
                }
            }
            return Ok(body);
        }
        let start = body.len();
        body.resize(start + size, 0);
        r.read_exact(&mut body[start..])?;
        let mut crlf = [0u8; 2];
        r.read_exact(&mut crlf)?;
    }
}

fn serve_http(stream: TcpStream, cfg: &HttpConfig) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut out = stream.try_clone()?;
    let mut r = BufReader::new(stream);
    let mut request_line = String::new();
    if r.read_line(&mut request_line)? == 0 {
        return Ok(());
    }
    cfg.requests.fetch_add(1, Ordering::SeqCst);
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if header("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
        out.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    let body = if header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    {
        cfg.chunked.fetch_add(1, Ordering::SeqCst);
        read_chunked(&mut r)?
    } else {
        let len: usize = header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut b = vec![0; len];
        r.read_exact(&mut b)?;
        b
    };
    if header("authorization") != Some(cfg.expected_auth.as_str()) {
        cfg.unauthorized.fetch_add(1, Ordering::SeqCst);
        out.write_all(
            b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"git\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        )?;
        return Ok(());
    }
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let mut cmd = Command::new(&cfg.backend);
    cmd.env("GIT_PROJECT_ROOT", &cfg.project_root)
        .env("GIT_HTTP_EXPORT_ALL", "1")
        .env("GATEWAY_INTERFACE", "CGI/1.1")
        .env("SERVER_PROTOCOL", "HTTP/1.1")
        .env("REQUEST_METHOD", &method)
        .env("PATH_INFO", path)
        .env("QUERY_STRING", query)
        .env("CONTENT_LENGTH", body.len().to_string())
        .env("REMOTE_USER", &cfg.username)
        .env("REMOTE_ADDR", "127.0.0.1")
        .env("GIT_CONFIG_COUNT", "1")
        .env("GIT_CONFIG_KEY_0", "http.receivepack")
        .env("GIT_CONFIG_VALUE_0", "true")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(ct) = header("content-type") {
        cmd.env("CONTENT_TYPE", ct);
    }
    if let Some(ce) = header("content-encoding") {
        cmd.env("HTTP_CONTENT_ENCODING", ce);
    }
    if let Some(p) = header("git-protocol") {
        cmd.env("GIT_PROTOCOL", p);
    }
    let mut child = cmd.spawn()?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&body));
    let output = child.wait_with_output()?;
    let _ = writer.join();
    if !output.stderr.is_empty() {
        eprintln!(
            "git http-backend: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let raw = output.stdout;
    let (head_end, body_start) = match find(&raw, b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => match find(&raw, b"\n\n") {
            Some(i) => (i, i + 2),
            None => (raw.len(), raw.len()),
        },
    };
    let mut status = "200 OK".to_string();
    let mut response = Vec::new();
    let mut extra = String::new();
    for line in String::from_utf8_lossy(&raw[..head_end]).lines() {
        if let Some((k, v)) = line.split_once(':') {
            if k.trim().eq_ignore_ascii_case("status") {
                status = v.trim().to_string();
            } else if !k.trim().eq_ignore_ascii_case("content-length") {
                extra.push_str(&format!("{}: {}\r\n", k.trim(), v.trim()));
            }
        }
    }
    let resp_body = &raw[body_start.min(raw.len())..];
    response.extend_from_slice(
        format!(
            "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
            resp_body.len()
        )
        .as_bytes(),
    );
    response.extend_from_slice(resp_body);
    out.write_all(&response)?;
    out.flush()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// An OpenSSH server (`/usr/sbin/sshd -D -e -f <config>`) on a random
/// loopback port with a fresh host key and one authorized client key.
/// Killed on drop. Needs Debian's `openssh-server` (and `openssh-client`
/// for `ssh-keygen`); must run as a user that can log in with a key
/// (the current user is the login user).
pub struct SshGitServer {
    dir: TempDir,
    port: u16,
    user: String,
    child: Child,
    client_key: String,
    host_fingerprint: String,
}

/// Generates an ed25519 key pair in OpenSSH format; returns the private
/// key's text and the path of the `.pub` file.
pub fn generate_ssh_key(dir: &Path, name: &str) -> io::Result<(String, PathBuf)> {
    let key = dir.join(name);
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&key)
        .stdin(Stdio::null())
        .status()?;
    if !status.success() {
        return Err(io::Error::other("ssh-keygen failed"));
    }
    Ok((std::fs::read_to_string(&key)?, key.with_extension("pub")))
}

impl SshGitServer {
    pub fn start() -> io::Result<Self> {
        let sshd = Path::new("/usr/sbin/sshd");
        if !sshd.exists() {
            return Err(io::Error::other(
                "/usr/sbin/sshd missing: apt-get install -y openssh-server",
            ));
        }
        // sshd refuses to start without its privilege separation directory.
        if !Path::new("/run/sshd").exists() {
            let _ = std::fs::create_dir_all("/run/sshd");
        }
        let dir = TempDir::new("sshd")?;
        let (_, host_pub) = generate_ssh_key(dir.path(), "host_key")?;
        let (client_key, client_pub) = generate_ssh_key(dir.path(), "client_key")?;
        let authorized = dir.path().join("authorized_keys");
        std::fs::copy(&client_pub, &authorized)?;
        let fp = Command::new("ssh-keygen")
            .arg("-lf")
            .arg(&host_pub)
            .output()?;
        let host_fingerprint = String::from_utf8_lossy(&fp.stdout)
            .split_whitespace()
            .nth(1)
            .unwrap_or("")
            .to_string();
        let user = Command::new("id").arg("-un").output()?;
        let user = String::from_utf8_lossy(&user.stdout).trim().to_string();
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let config = dir.path().join("sshd_config");
        std::fs::write(
            &config,
            format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nAuthorizedKeysFile {auth}\n\
                 PidFile {pid}\nStrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
                 UsePAM no\nPubkeyAuthentication yes\nPermitRootLogin prohibit-password\n\
                 AllowUsers {user}\nLogLevel ERROR\nMaxStartups 50\n",
                host = dir.path().join("host_key").display(),
                auth = authorized.display(),
                pid = dir.path().join("sshd.pid").display(),
            ),
        )?;
        let mut child = Command::new(sshd)
            .arg("-D")
            .arg("-e")
            .arg("-f")
            .arg(&config)
            .stdin(Stdio::null())
            .spawn()?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            if let Some(status) = child.try_wait()? {
                return Err(io::Error::other(format!("sshd exited: {status}")));
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                return Err(io::Error::other("sshd did not start listening"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(SshGitServer {
            dir,
            port,
            user,
            child,
            client_key,
            host_fingerprint,
        })
    }

    /// `ssh://<user>@127.0.0.1:<port>/<absolute path>`.
    pub fn url(&self, repo: &Path) -> String {
        format!(
            "ssh://{}@127.0.0.1:{}{}",
            self.user,
            self.port,
            repo.display()
        )
    }

    /// The login user (the current user).
    pub fn user(&self) -> &str {
        &self.user
    }

    /// Authorized client private key (OpenSSH format).
    pub fn client_key(&self) -> &str {
        &self.client_key
    }

    /// The host key's `SHA256:…` fingerprint.
    pub fn host_fingerprint(&self) -> &str {
        &self.host_fingerprint
    }

    /// A fresh private key that is not authorized.
    pub fn unauthorized_key(&self) -> io::Result<String> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!("other_key_{}", N.fetch_add(1, Ordering::Relaxed));
        Ok(generate_ssh_key(self.dir.path(), &name)?.0)
    }
}

impl Drop for SshGitServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
