//! End-to-end tests of the git backend against real git servers.

use std::time::{Duration, Instant};

use hnp_core::git::{
    FileKind, GitAuth, GitCache, GitError, RemoteSpec, Signature, list_remote_refs,
};
use hnp_tests::git_support::{BareRemote, Edit, HttpGitServer, SshGitServer, git};

fn cache() -> (tempfile::TempDir, GitCache) {
    let dir = tempfile::tempdir().unwrap();
    let cache = GitCache::new(dir.path().join("cache"));
    (dir, cache)
}

fn anon(url: &str) -> RemoteSpec {
    RemoteSpec::new(url, GitAuth::None)
}

fn author() -> Signature {
    Signature {
        name: "HNP Sync".into(),
        email: "hnp@example.com".into(),
    }
}

fn change(path: &str, content: Option<&str>) -> (String, Option<Vec<u8>>) {
    (path.to_string(), content.map(|c| c.as_bytes().to_vec()))
}

fn seeded_remote() -> (BareRemote, String) {
    let remote = BareRemote::new("fabric.git").unwrap();
    let c1 = remote
        .commit(
            "initial",
            &[
                Edit::Write("README.md", b"readme\n"),
                Edit::Write(
                    "fabrics/dc1/switches/leaf-01.yaml",
                    b"kind: Switch\nname: leaf-01\n",
                ),
                Edit::Write(
                    "fabrics/dc1/switches/leaf-02.yaml",
                    b"kind: Switch\nname: leaf-02\n",
                ),
                Edit::Write("fabrics/dc1/vpcs/vpc-1.yaml", b"kind: VPC\n"),
                Edit::Write("fabrics/dc1/untouched/deep/a.yaml", b"a\n"),
                Edit::Write("fabrics/dc2/other.yaml", b"other\n"),
            ],
        )
        .unwrap();
    (remote, c1)
}

#[test]
fn file_fetch_list_read_and_changed_files() {
    let (remote, c1) = seeded_remote();
    let (_d, cache) = cache();
    let repo = cache.open(&remote.url()).unwrap();
    let spec = anon(&remote.url());
    assert_eq!(repo.fetch_branch(&spec, "main").unwrap(), c1);
    // A second fetch with nothing new is fine.
    assert_eq!(repo.fetch_branch(&spec, "main").unwrap(), c1);

    let files = repo.list_files(&c1, "fabrics/dc1").unwrap();
    let paths: Vec<_> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "fabrics/dc1/switches/leaf-01.yaml",
            "fabrics/dc1/switches/leaf-02.yaml",
            "fabrics/dc1/untouched/deep/a.yaml",
            "fabrics/dc1/vpcs/vpc-1.yaml",
        ]
    );
    assert!(files.iter().all(|f| f.kind == FileKind::Regular));
    assert_eq!(repo.list_files(&c1, "").unwrap().len(), 6);
    assert!(repo.list_files(&c1, "nope/none").unwrap().is_empty());
    assert!(repo.list_files(&c1, "README.md").unwrap().is_empty());
    let leaf1 = &files[0];
    assert_eq!(
        repo.read_blob(&leaf1.blob, &leaf1.path, 1024).unwrap(),
        b"kind: Switch\nname: leaf-01\n"
    );

    let c2 = remote
        .commit(
            "second",
            &[
                Edit::Write(
                    "fabrics/dc1/switches/leaf-01.yaml",
                    b"kind: Switch\nname: leaf-01\nasn: 1\n",
                ),
                Edit::Delete("fabrics/dc1/switches/leaf-02.yaml"),
                Edit::Delete("fabrics/dc1/vpcs/vpc-1.yaml"),
                Edit::Write("fabrics/dc1/servers/new/srv-1.yaml", b"kind: Server\n"),
                Edit::Write("fabrics/dc2/other.yaml", b"changed outside dc1\n"),
            ],
        )
        .unwrap();
    assert_eq!(repo.fetch_branch(&spec, "main").unwrap(), c2);
    let mut changes = repo.changed_files(&c1, &c2, "fabrics/dc1").unwrap();
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    let summary: Vec<_> = changes
        .iter()
        .map(|c| {
            let what = match (&c.old_blob, &c.new) {
                (None, Some(_)) => "added",
                (Some(_), None) => "deleted",
                (Some(old), Some(new)) => {
                    assert_ne!(old, &new.blob);
                    assert_eq!(new.path, c.path);
                    "modified"
                }
                (None, None) => unreachable!(),
            };
            (c.path.as_str(), what)
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("fabrics/dc1/servers/new/srv-1.yaml", "added"),
            ("fabrics/dc1/switches/leaf-01.yaml", "modified"),
            ("fabrics/dc1/switches/leaf-02.yaml", "deleted"),
            ("fabrics/dc1/vpcs/vpc-1.yaml", "deleted"),
        ]
    );
    assert!(repo.changed_files(&c2, &c2, "").unwrap().is_empty());
    let all = repo.changed_files(&c1, &c2, "").unwrap();
    assert_eq!(all.len(), 5, "{all:?}");
    // Reverse direction swaps adds and deletes.
    let back = repo.changed_files(&c2, &c1, "fabrics/dc1/vpcs").unwrap();
    assert_eq!(back.len(), 1);
    assert!(back[0].old_blob.is_none() && back[0].new.is_some());
}

#[test]
fn symlinks_and_executables_are_reported() {
    let remote = BareRemote::new("links.git").unwrap();
    remote
        .commit(
            "links",
            &[
                Edit::Write("dir/target.yaml", b"x: 1\n"),
                Edit::Symlink("dir/link.yaml", "target.yaml"),
                Edit::WriteExecutable("bin/tool.sh", b"#!/bin/sh\n"),
            ],
        )
        .unwrap();
    let c = remote.head("main").unwrap();
    let (_d, cache) = cache();
    let repo = cache.open(&remote.url()).unwrap();
    repo.fetch_branch(&anon(&remote.url()), "main").unwrap();
    let files = repo.list_files(&c, "").unwrap();
    let kind = |p: &str| files.iter().find(|f| f.path == p).unwrap().kind;
    assert_eq!(kind("dir/link.yaml"), FileKind::Symlink);
    assert_eq!(kind("dir/target.yaml"), FileKind::Regular);
    assert_eq!(kind("bin/tool.sh"), FileKind::Executable);
    let link = files.iter().find(|f| f.path == "dir/link.yaml").unwrap();
    assert_eq!(
        repo.read_blob(&link.blob, &link.path, 100).unwrap(),
        b"target.yaml"
    );
}

#[test]
fn blob_over_limit_is_too_large() {
    let remote = BareRemote::new("big.git").unwrap();
    let big = vec![b'x'; 100_000];
    let c = remote
        .commit("big", &[Edit::Write("big.yaml", &big)])
        .unwrap();
    let (_d, cache) = cache();
    let repo = cache.open(&remote.url()).unwrap();
    repo.fetch_branch(&anon(&remote.url()), "main").unwrap();
    let f = &repo.list_files(&c, "").unwrap()[0];
    match repo.read_blob(&f.blob, "big.yaml", 1000) {
        Err(GitError::TooLarge { path, size, limit }) => {
            assert_eq!((path.as_str(), size, limit), ("big.yaml", 100_000, 1000));
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert_eq!(
        repo.read_blob(&f.blob, "big.yaml", 100_000).unwrap().len(),
        100_000
    );
}

#[test]
fn commit_changes_then_push_and_clone() {
    let (remote, c1) = seeded_remote();
    let (d, cache) = cache();
    let spec = anon(&remote.url());
    let repo = cache.open(&remote.url()).unwrap();
    repo.fetch_branch(&spec, "main").unwrap();

    // Create a nested file and update one.
    let c2 = repo
        .commit_changes(
            &c1,
            &[
                change("fabrics/dc1/new/deeper/x.yaml", Some("x: 1\n")),
                change("fabrics/dc1/switches/leaf-01.yaml", Some("updated\n")),
            ],
            &author(),
            "add x\n\nHNP-Change-Id: 42\n",
        )
        .unwrap()
        .expect("a commit");
    let (msg, parent) = repo.commit_info(&c2).unwrap();
    assert_eq!(parent.as_deref(), Some(c1.as_str()));
    assert!(msg.starts_with("add x"));
    // Nothing moved on the remote yet.
    assert_eq!(remote.head("main").unwrap(), c1);

    // Delete the only file of a directory: the directory disappears.
    let c3 = repo
        .commit_changes(
            &c2,
            &[
                change("fabrics/dc1/untouched/deep/a.yaml", None),
                change("does/not/exist.yaml", None),
            ],
            &author(),
            "delete a",
        )
        .unwrap()
        .expect("a commit");
    let files = repo.list_files(&c3, "fabrics/dc1").unwrap();
    assert!(
        files.iter().all(|f| !f.path.contains("untouched")),
        "{files:?}"
    );
    assert!(
        repo.list_files(&c3, "fabrics/dc1/untouched")
            .unwrap()
            .is_empty()
    );

    // No-op changes produce no commit.
    assert_eq!(
        repo.commit_changes(
            &c3,
            &[
                change("fabrics/dc1/switches/leaf-01.yaml", Some("updated\n")),
                change("missing.yaml", None)
            ],
            &author(),
            "noop"
        )
        .unwrap(),
        None
    );

    let t = Instant::now();
    repo.push(&spec, &c3, "main").unwrap();
    eprintln!("push over file:// took {:?}", t.elapsed());
    assert_eq!(remote.head("main").unwrap(), c3);

    // Verify with the git CLI.
    let clone = d.path().join("clone");
    git(
        d.path(),
        &["clone", "-q", &remote.url(), clone.to_str().unwrap()],
    )
    .unwrap();
    assert_eq!(
        std::fs::read_to_string(clone.join("fabrics/dc1/new/deeper/x.yaml")).unwrap(),
        "x: 1\n"
    );
    assert_eq!(
        std::fs::read_to_string(clone.join("fabrics/dc1/switches/leaf-01.yaml")).unwrap(),
        "updated\n"
    );
    assert!(!clone.join("fabrics/dc1/untouched").exists());
    assert_eq!(
        git(&clone, &["log", "--format=%an <%ae>", "-1"]).unwrap(),
        "HNP Sync <hnp@example.com>"
    );
    git(&clone, &["fsck", "--strict"]).unwrap();

    // find_commit_with_trailer follows first parents from the head.
    assert_eq!(
        repo.find_commit_with_trailer(&c3, "HNP-Change-Id", "42", 10)
            .unwrap(),
        Some(c2.clone())
    );
    assert_eq!(
        repo.find_commit_with_trailer(&c3, "HNP-Change-Id", "43", 10)
            .unwrap(),
        None
    );
    // Limited walk: c3 alone does not carry it.
    assert_eq!(
        repo.find_commit_with_trailer(&c3, "HNP-Change-Id", "42", 1)
            .unwrap(),
        None
    );
}

#[test]
fn push_after_remote_moved_is_non_fast_forward() {
    let (remote, c1) = seeded_remote();
    let (_d, cache) = cache();
    let spec = anon(&remote.url());
    let repo = cache.open(&remote.url()).unwrap();
    repo.fetch_branch(&spec, "main").unwrap();
    let mine = repo
        .commit_changes(&c1, &[change("mine.yaml", Some("m\n"))], &author(), "mine")
        .unwrap()
        .unwrap();
    let theirs = remote
        .commit("theirs", &[Edit::Write("theirs.yaml", b"t\n")])
        .unwrap();

    // Remote tip unknown locally: refused before sending.
    match repo.push(&spec, &mine, "main") {
        Err(GitError::NonFastForward { branch }) => assert_eq!(branch, "main"),
        other => panic!("expected NonFastForward, got {other:?}"),
    }
    assert_eq!(remote.head("main").unwrap(), theirs);

    // Remote tip known locally but not an ancestor: refused too.
    assert_eq!(repo.fetch_branch(&spec, "main").unwrap(), theirs);
    assert!(matches!(
        repo.push(&spec, &mine, "main"),
        Err(GitError::NonFastForward { .. })
    ));
    assert_eq!(remote.head("main").unwrap(), theirs);

    // Rebuilt on top of the new tip it goes through.
    let mine2 = repo
        .commit_changes(
            &theirs,
            &[change("mine.yaml", Some("m\n"))],
            &author(),
            "mine",
        )
        .unwrap()
        .unwrap();
    repo.push(&spec, &mine2, "main").unwrap();
    assert_eq!(remote.head("main").unwrap(), mine2);
    assert_eq!(remote.show("main", "theirs.yaml").unwrap(), b"t\n");
}

/// file:// remotes go through `git upload-pack`/`receive-pack` like a hosted server: the
/// remote's hooks run on push (libgit2's in-process local transport would skip them).
#[test]
fn file_remote_push_runs_server_hooks() {
    let (remote, c1) = seeded_remote();
    let hook = remote.path().join("hooks/pre-receive");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(&hook, "#!/bin/sh\necho 'protected branch' >&2\nexit 1\n").unwrap();
    std::fs::set_permissions(&hook, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let url = remote.url();
    assert!(url.starts_with("file://"), "{url}");
    let spec = anon(&url);
    let (_d, cache) = cache();
    let repo = cache.open(&url).unwrap();
    assert_eq!(repo.fetch_branch(&spec, "main").unwrap(), c1);
    let c2 = repo
        .commit_changes(&c1, &[change("x.yaml", Some("x\n"))], &author(), "x")
        .unwrap()
        .unwrap();
    match repo.push(&spec, &c2, "main") {
        Err(GitError::Other(msg)) => assert!(msg.contains("refs/heads/main"), "{msg}"),
        other => panic!("expected the hook to reject the push, got {other:?}"),
    }
    assert_eq!(remote.head("main").as_deref(), Some(c1.as_str()));
}

#[test]
fn push_rejected_by_server_hook_is_an_error() {
    let (remote, c1) = seeded_remote();
    let hook = remote.path().join("hooks/pre-receive");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(&hook, "#!/bin/sh\necho 'protected branch' >&2\nexit 1\n").unwrap();
    std::fs::set_permissions(&hook, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();

    // The same over http, through git-http-backend.
    let server = HttpGitServer::start(remote.root(), "u", "p").unwrap();
    let url = server.url("fabric.git");
    let spec = RemoteSpec::new(
        &url,
        GitAuth::Basic {
            username: "u".into(),
            password: "p".into(),
        },
    );
    let (_d, cache) = cache();
    let repo = cache.open(&url).unwrap();
    repo.fetch_branch(&spec, "main").unwrap();
    let c2 = repo
        .commit_changes(&c1, &[change("x.yaml", Some("x\n"))], &author(), "x")
        .unwrap()
        .unwrap();
    match repo.push(&spec, &c2, "main") {
        Err(GitError::Other(msg)) => {
            assert!(
                msg.contains("refs/heads/main") && msg.contains("hook"),
                "{msg}"
            )
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert_eq!(remote.head("main").unwrap(), c1);
}

#[test]
fn remote_refs_branches_and_missing_things() {
    let (remote, c1) = seeded_remote();
    git(remote.path(), &["branch", "feature", "main"]).unwrap();
    let refs = list_remote_refs(&anon(&remote.url())).unwrap();
    assert_eq!(refs.head.as_deref(), Some("main"));
    assert_eq!(refs.branches.len(), 2);
    assert_eq!(refs.branches["main"], c1);
    assert_eq!(refs.branches["feature"], c1);

    let (d, cache) = cache();
    let repo = cache.open(&remote.url()).unwrap();
    match repo.fetch_branch(&anon(&remote.url()), "nope") {
        Err(GitError::BranchNotFound { branch }) => assert_eq!(branch, "nope"),
        other => panic!("expected BranchNotFound, got {other:?}"),
    }

    let missing = format!("file://{}/missing.git", d.path().display());
    let err = list_remote_refs(&anon(&missing)).unwrap_err();
    assert!(matches!(err, GitError::NotFound(_)), "{err:?}");
    let repo2 = cache.open(&missing).unwrap();
    let err = repo2.fetch_branch(&anon(&missing), "main").unwrap_err();
    assert!(matches!(err, GitError::NotFound(_)), "{err:?}");
    assert!(err.to_string().contains("repository not found"), "{err}");
}

#[test]
fn connection_refused_is_network() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    for url in [
        format!("http://127.0.0.1:{port}/x.git"),
        format!("ssh://git@127.0.0.1:{port}/x.git"),
    ] {
        let t = Instant::now();
        let err = list_remote_refs(&anon(&url)).unwrap_err();
        match &err {
            GitError::Network(msg) => {
                assert_eq!(
                    msg,
                    &format!("cannot connect to 127.0.0.1:{port}: connection refused")
                )
            }
            other => panic!("expected Network for {url}, got {other:?}"),
        }
        assert!(t.elapsed() < Duration::from_secs(5));
    }
}

#[test]
fn http_basic_auth_fetch_and_push() {
    let (remote, c1) = seeded_remote();
    let server = HttpGitServer::start(remote.root(), "alice", "s3cret-pw").unwrap();
    let url = server.url("fabric.git");
    let spec = RemoteSpec::new(
        &url,
        GitAuth::Basic {
            username: "alice".into(),
            password: "s3cret-pw".into(),
        },
    );
    let refs = list_remote_refs(&spec).unwrap();
    assert_eq!(refs.head.as_deref(), Some("main"));
    let (d, cache) = cache();
    let repo = cache.open(&url).unwrap();
    assert_eq!(repo.fetch_branch(&spec, "main").unwrap(), c1);
    let c2 = repo
        .commit_changes(
            &c1,
            &[change("fabrics/dc1/http.yaml", Some("h\n"))],
            &author(),
            "via http",
        )
        .unwrap()
        .unwrap();
    repo.push(&spec, &c2, "main").unwrap();
    assert_eq!(remote.head("main").unwrap(), c2);
    assert_eq!(
        remote.show("main", "fabrics/dc1/http.yaml").unwrap(),
        b"h\n"
    );
    eprintln!("chunked request bodies: {}", server.chunked_count());

    // The test server also serves the git CLI (which may gzip its requests).
    let clone = d.path().join("cli-clone");
    let cli_url = url.replacen("http://", "http://alice:s3cret-pw@", 1);
    git(
        d.path(),
        &["clone", "-q", &cli_url, clone.to_str().unwrap()],
    )
    .unwrap();
    assert_eq!(
        std::fs::read(clone.join("fabrics/dc1/http.yaml")).unwrap(),
        b"h\n"
    );

    // Non-fast-forward over http too.
    let theirs = remote
        .commit("theirs", &[Edit::Write("t.yaml", b"t\n")])
        .unwrap();
    let c3 = repo
        .commit_changes(&c2, &[change("u.yaml", Some("u\n"))], &author(), "u")
        .unwrap()
        .unwrap();
    assert!(matches!(
        repo.push(&spec, &c3, "main"),
        Err(GitError::NonFastForward { .. })
    ));
    assert_eq!(remote.head("main").unwrap(), theirs);

    // Missing repository over http.
    let missing = RemoteSpec::new(server.url("missing.git"), spec.auth.clone());
    let err = list_remote_refs(&missing).unwrap_err();
    assert!(matches!(err, GitError::NotFound(_)), "{err:?}");
}

#[test]
fn http_wrong_password_fails_fast_without_leaking() {
    let (remote, _c1) = seeded_remote();
    let server = HttpGitServer::start(remote.root(), "alice", "right-pw").unwrap();
    let url = server.url("fabric.git");
    // Credentials also embedded in the URL must not leak either.
    let url_with_creds = url.replacen("http://", "http://alice:wrong-pw-XYZ@", 1);
    let spec = RemoteSpec::new(
        &url_with_creds,
        GitAuth::Basic {
            username: "alice".into(),
            password: "wrong-pw-XYZ".into(),
        },
    );
    let (_d, cache) = cache();
    let repo = cache.open(&url_with_creds).unwrap();
    let t = Instant::now();
    let err = repo.fetch_branch(&spec, "main").unwrap_err();
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "took {:?}",
        t.elapsed()
    );
    assert!(matches!(err, GitError::Auth(_)), "{err:?}");
    let msg = err.to_string();
    eprintln!(
        "wrong password: {msg} ({} 401s)",
        server.unauthorized_count()
    );
    assert!(msg.contains("authentication failed for"), "{msg}");
    assert!(
        !msg.contains("wrong-pw-XYZ") && !msg.contains("alice:"),
        "{msg}"
    );
    assert!(
        server.unauthorized_count() <= 3,
        "{} 401s",
        server.unauthorized_count()
    );

    // No credentials at all.
    let err = list_remote_refs(&RemoteSpec::new(&url, GitAuth::None)).unwrap_err();
    assert!(matches!(err, GitError::Auth(_)), "{err:?}");
    // Same cache repository whatever the credentials in the URL.
    assert_eq!(cache.repo_path(&url), cache.repo_path(&url_with_creds));
}

#[test]
fn http_token_auth() {
    let (remote, c1) = seeded_remote();
    let server = HttpGitServer::start(remote.root(), "x-access-token", "ghp_TOKEN123").unwrap();
    let url = server.url("fabric.git");
    let spec = RemoteSpec::new(
        &url,
        GitAuth::Token {
            token: "ghp_TOKEN123".into(),
        },
    );
    let (_d, cache) = cache();
    let repo = cache.open(&url).unwrap();
    assert_eq!(repo.fetch_branch(&spec, "main").unwrap(), c1);
    let c2 = repo
        .commit_changes(
            &c1,
            &[change("tok.yaml", Some("t\n"))],
            &author(),
            "token push",
        )
        .unwrap()
        .unwrap();
    repo.push(&spec, &c2, "main").unwrap();
    assert_eq!(remote.head("main").unwrap(), c2);

    let bad = RemoteSpec::new(
        &url,
        GitAuth::Token {
            token: "ghp_WRONG".into(),
        },
    );
    let err = list_remote_refs(&bad).unwrap_err();
    assert!(matches!(err, GitError::Auth(_)), "{err:?}");
    assert!(!err.to_string().contains("ghp_WRONG"));

    // A user name in the URL replaces the default `x-access-token`.
    let bot = HttpGitServer::start(remote.root(), "bot", "ghp_TOKEN123").unwrap();
    let bot_url = bot.url("fabric.git").replacen("http://", "http://bot@", 1);
    let refs = list_remote_refs(&RemoteSpec::new(&bot_url, spec.auth.clone())).unwrap();
    assert_eq!(refs.branches["main"], c2);

    // The cache repository's config holds neither URL nor secrets.
    let config = std::fs::read_to_string(repo.path().join("config")).unwrap();
    assert!(!config.contains("ghp_"), "{config}");
    assert!(!config.contains("127.0.0.1"), "{config}");
    assert!(!config.contains("[remote"), "{config}");
}

#[test]
fn ssh_key_auth_fetch_push_and_failures() {
    let server = match SshGitServer::start() {
        Ok(s) => s,
        Err(e) => panic!("cannot start sshd (apt-get install -y openssh-server): {e}"),
    };
    let (remote, c1) = seeded_remote();
    let url = server.url(remote.path());
    let spec = RemoteSpec::new(
        &url,
        GitAuth::SshKey {
            username: server.user().to_string(),
            private_key: server.client_key().to_string(),
            passphrase: None,
        },
    )
    .with_ssh_host_keys([server.host_fingerprint().to_string()]);

    let refs = list_remote_refs(&spec).unwrap();
    assert_eq!(refs.branches["main"], c1);
    let (_d, cache) = cache();
    let repo = cache.open(&url).unwrap();
    assert_eq!(repo.fetch_branch(&spec, "main").unwrap(), c1);
    let c2 = repo
        .commit_changes(
            &c1,
            &[change("ssh.yaml", Some("s\n"))],
            &author(),
            "via ssh",
        )
        .unwrap()
        .unwrap();
    repo.push(&spec, &c2, "main").unwrap();
    assert_eq!(remote.head("main").unwrap(), c2);

    // A key that is not authorized.
    let wrong_key = server.unauthorized_key().unwrap();
    let wrong = RemoteSpec {
        auth: GitAuth::SshKey {
            username: server.user().to_string(),
            private_key: wrong_key.clone(),
            passphrase: None,
        },
        ..spec.clone()
    };
    let t = Instant::now();
    let err = repo.fetch_branch(&wrong, "main").unwrap_err();
    eprintln!("wrong ssh key: {err}");
    assert!(matches!(err, GitError::Auth(_)), "{err:?}");
    assert!(t.elapsed() < Duration::from_secs(10));
    assert!(!err.to_string().contains(wrong_key.trim()));

    // A host key that is not the pinned one.
    let pinned_other = spec
        .clone()
        .with_ssh_host_keys(["SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_string()]);
    let err = list_remote_refs(&pinned_other).unwrap_err();
    eprintln!("wrong host key: {err}");
    assert!(matches!(err, GitError::Tls(_)), "{err:?}");
    assert!(err.to_string().contains("host key"), "{err}");

    // Missing repository over ssh.
    let missing = RemoteSpec {
        url: server.url(&remote.root().join("missing.git")),
        ..spec.clone()
    };
    let err = list_remote_refs(&missing).unwrap_err();
    assert!(matches!(err, GitError::NotFound(_)), "{err:?}");
}

#[test]
fn writer_lock_is_reentrant_and_shared_per_path() {
    let (remote, _c1) = seeded_remote();
    let (_d, cache) = cache();
    let a = cache.open(&remote.url()).unwrap();
    let guard = a.write_lock();
    // Re-entrant: fetch takes the lock again on the same thread.
    a.fetch_branch(&anon(&remote.url()), "main").unwrap();
    let root = cache
        .repo_path(&remote.url())
        .parent()
        .unwrap()
        .to_path_buf();
    let url = remote.url();
    let (tx, rx) = std::sync::mpsc::channel();
    let t = std::thread::spawn(move || {
        let cache = GitCache::new(root);
        let b = cache.open(&url).unwrap();
        let _g = b.write_lock();
        tx.send(()).unwrap();
    });
    assert!(
        rx.recv_timeout(Duration::from_millis(300)).is_err(),
        "lock not exclusive"
    );
    drop(guard);
    rx.recv_timeout(Duration::from_secs(5)).unwrap();
    t.join().unwrap();
}

#[test]
fn untrusted_tls_certificate_is_tls_error() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let ok = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(ok.success());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = std::process::Command::new("openssl")
        .args(["s_server", "-quiet", "-www", "-accept", &port.to_string()])
        .arg("-cert")
        .arg(&cert)
        .arg("-key")
        .arg(&key)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "openssl s_server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    let spec = RemoteSpec::new(
        format!("https://127.0.0.1:{port}/x.git"),
        GitAuth::Token {
            token: "tls-secret".into(),
        },
    );
    let err = list_remote_refs(&spec).unwrap_err();
    let _ = server.kill();
    let _ = server.wait();
    eprintln!("untrusted certificate: {err}");
    match &err {
        GitError::Tls(msg) => assert!(
            msg.starts_with("TLS certificate verification failed"),
            "{msg}"
        ),
        other => panic!("expected Tls, got {other:?}"),
    }
    assert!(!err.to_string().contains("tls-secret"));
}

#[test]
fn cached_repo_can_move_to_a_blocking_thread() {
    fn assert_send<T: Send>() {}
    assert_send::<hnp_core::git::CachedRepo>();
    assert_send::<GitCache>();
    assert_send::<RemoteSpec>();
    assert_send::<GitError>();
}
