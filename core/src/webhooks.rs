//! GitHub webhooks, pure logic: signature check, payload parsing and repository URL matching.
//! No HTTP here; the `POST /webhooks/github` handler calls these with the raw body and the
//! `X-Hub-Signature-256` and `X-GitHub-Event` header values.
//!
//! Payload shapes follow GitHub's recorded examples (`fixtures/github-webhooks/`, from the npm
//! package `@octokit/webhooks-examples`, MIT).

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The prefix GitHub puts before the hex digest in `X-Hub-Signature-256`.
const SIGNATURE_PREFIX: &str = "sha256=";

/// The fields of a `repository` object that name the repository, in this order.
const REPOSITORY_URL_FIELDS: [&str; 5] = ["clone_url", "ssh_url", "git_url", "html_url", "svn_url"];

/// Checks an `X-Hub-Signature-256` header value (`sha256=` + hex HMAC-SHA256 of the raw body,
/// keyed with the webhook secret). The digest comparison is constant-time.
///
/// False for a missing header, another prefix (`sha1=`, none), non-hex or wrong-length digests,
/// and for an empty secret: a repository without a webhook secret accepts no webhooks.
pub fn verify_signature(secret: &[u8], body: &[u8], header: Option<&str>) -> bool {
    if secret.is_empty() {
        return false;
    }
    let Some(hex_digest) = header.and_then(|h| h.trim().strip_prefix(SIGNATURE_PREFIX)) else {
        return false;
    };
    let Ok(digest) = hex::decode(hex_digest) else {
        return false;
    };
    // HMAC takes keys of any length; this cannot fail.
    let Ok(mut mac) = HmacSha256::new_from_slice(secret) else {
        return false;
    };
    mac.update(body);
    // `verify_slice` rejects a wrong length and compares in constant time (`subtle`).
    mac.verify_slice(&digest).is_ok()
}

/// A parsed webhook delivery: only what HNP Sync acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Sent once when the webhook is created.
    Ping { zen: Option<String> },
    Push {
        /// The repository's `clone_url`, `ssh_url`, `git_url`, `html_url`, `svn_url` (those present).
        repository_urls: Vec<String>,
        /// `X` from `ref: refs/heads/X`; `None` for tags and other refs.
        branch: Option<String>,
        /// The commit the ref points to after the push (all zeros when deleted).
        after: String,
        /// The push deleted the ref.
        deleted: bool,
    },
    PullRequest {
        action: String,
        number: u64,
        merged: bool,
        head_ref: String,
        base_ref: String,
        html_url: String,
        /// `owner/name` of the repository the pull request's head branch lives in (`None` when
        /// GitHub no longer knows it, e.g. a deleted fork).
        head_repository: Option<String>,
        /// `owner/name` of the payload's `repository` (the base).
        repository: Option<String>,
        /// URLs of the base repository (the payload's `repository`).
        repository_urls: Vec<String>,
    },
    /// Any other `X-GitHub-Event` (the header value); the body is not parsed.
    Other(String),
}

/// Parses a JSON webhook body for the given `X-GitHub-Event` header value. Errors name the
/// event and the missing or mistyped field (`push payload: missing string field `after``).
pub fn parse_event(event_header: &str, body: &[u8]) -> Result<Event, String> {
    let event = event_header.trim();
    match event {
        "ping" => {
            let payload = parse_json(event, body)?;
            let zen = opt_str(&payload, &["zen"]).map_err(|e| format!("{event} payload: {e}"))?;
            Ok(Event::Ping {
                zen: zen.map(str::to_owned),
            })
        }
        "push" => {
            parse_push(&parse_json(event, body)?).map_err(|e| format!("{event} payload: {e}"))
        }
        "pull_request" => parse_pull_request(&parse_json(event, body)?)
            .map_err(|e| format!("{event} payload: {e}")),
        "" => Err("missing X-GitHub-Event header".to_owned()),
        other => Ok(Event::Other(other.to_owned())),
    }
}

fn parse_json(event: &str, body: &[u8]) -> Result<Value, String> {
    if body.starts_with(b"payload=") {
        return Err(format!(
            "{event} payload is form-encoded; set the webhook content type to application/json"
        ));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| format!("{event} payload is not valid JSON: {e}"))?;
    if !value.is_object() {
        return Err(format!("{event} payload is not a JSON object"));
    }
    Ok(value)
}

fn parse_push(payload: &Value) -> Result<Event, String> {
    let git_ref = req_str(payload, &["ref"])?;
    let after = req_str(payload, &["after"])?.to_owned();
    // GitHub always sends `deleted`; GitHub-compatible senders may not: then an all-zero `after`.
    let deleted = match opt_bool(payload, &["deleted"])? {
        Some(deleted) => deleted,
        None => !after.is_empty() && after.bytes().all(|b| b == b'0'),
    };
    Ok(Event::Push {
        repository_urls: repository_urls(payload)?,
        branch: git_ref.strip_prefix("refs/heads/").map(str::to_owned),
        after,
        deleted,
    })
}

fn parse_pull_request(payload: &Value) -> Result<Event, String> {
    let number = match payload.get("number") {
        Some(_) => req_u64(payload, &["number"])?,
        None => req_u64(payload, &["pull_request", "number"])?,
    };
    Ok(Event::PullRequest {
        action: req_str(payload, &["action"])?.to_owned(),
        number,
        // `merged` is false or null on open pull requests.
        merged: opt_bool(payload, &["pull_request", "merged"])?.unwrap_or(false),
        head_ref: req_str(payload, &["pull_request", "head", "ref"])?.to_owned(),
        base_ref: req_str(payload, &["pull_request", "base", "ref"])?.to_owned(),
        html_url: req_str(payload, &["pull_request", "html_url"])?.to_owned(),
        head_repository: payload
            .pointer("/pull_request/head/repo/full_name")
            .and_then(Value::as_str)
            .map(str::to_owned),
        repository: payload
            .pointer("/repository/full_name")
            .and_then(Value::as_str)
            .map(str::to_owned),
        repository_urls: repository_urls(payload)?,
    })
}

/// The URL fields of the payload's `repository`, in [`REPOSITORY_URL_FIELDS`] order, without
/// duplicates (`html_url` and `svn_url` are usually equal). At least one is required.
fn repository_urls(payload: &Value) -> Result<Vec<String>, String> {
    match payload.get("repository") {
        Some(Value::Object(_)) => {}
        Some(_) => return Err("field `repository` is not an object".to_owned()),
        None => return Err("missing object field `repository`".to_owned()),
    }
    let mut urls: Vec<String> = Vec::new();
    for field in REPOSITORY_URL_FIELDS {
        if let Some(url) = opt_str(payload, &["repository", field])?
            && !url.is_empty()
            && !urls.iter().any(|u| u == url)
        {
            urls.push(url.to_owned());
        }
    }
    if urls.is_empty() {
        return Err(format!(
            "`repository` has none of the fields {}",
            REPOSITORY_URL_FIELDS.map(|f| format!("`{f}`")).join(", ")
        ));
    }
    Ok(urls)
}

/// The value at `path`; `None` when absent or null.
fn lookup<'a>(payload: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter()
        .try_fold(payload, |value, key| value.get(key))
        .filter(|value| !value.is_null())
}

fn dotted(path: &[&str]) -> String {
    path.join(".")
}

fn opt_str<'a>(payload: &'a Value, path: &[&str]) -> Result<Option<&'a str>, String> {
    match lookup(payload, path) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("field `{}` is not a string", dotted(path))),
    }
}

fn req_str<'a>(payload: &'a Value, path: &[&str]) -> Result<&'a str, String> {
    opt_str(payload, path)?.ok_or_else(|| format!("missing string field `{}`", dotted(path)))
}

fn opt_bool(payload: &Value, path: &[&str]) -> Result<Option<bool>, String> {
    match lookup(payload, path) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(format!("field `{}` is not a boolean", dotted(path))),
    }
}

fn req_u64(payload: &Value, path: &[&str]) -> Result<u64, String> {
    match lookup(payload, path) {
        None => Err(format!("missing integer field `{}`", dotted(path))),
        Some(value) => value
            .as_u64()
            .ok_or_else(|| format!("field `{}` is not a non-negative integer", dotted(path))),
    }
}

/// A repository URL reduced to `host/path` so that the forms GitHub and users write compare
/// equal: `https://github.com/o/r(.git)(/)`, `git@github.com:o/r.git`,
/// `ssh://git@github.com(:22)/o/r.git`, `git://github.com/o/r.git` all give `github.com/o/r`.
///
/// Drops the scheme, user info, port, query and fragment, a trailing `/` and `.git`; lowercases
/// the host. The path keeps its case (see [`matches_repository`]). A local path (no host) only
/// loses a trailing `/` and `.git`.
pub fn normalize_repo_url(url: &str) -> String {
    let url = url.trim();
    let url = url.split(['#', '?']).next().unwrap_or_default();

    let (authority, path) = if let Some((_scheme, rest)) = url.split_once("://") {
        // scheme://[user@]host[:port][/path]
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = authority
            .rsplit_once('@')
            .map_or(authority, |(_user, host)| host);
        (strip_port(host), path)
    } else if let Some((authority, path)) = scp_like(url) {
        // [user@]host:path, as git reads it
        let host = authority
            .rsplit_once('@')
            .map_or(authority, |(_user, host)| host);
        (host, path)
    } else {
        ("", url)
    };

    let mut path = path.trim_end_matches('/');
    if let Some(stripped) = path.strip_suffix(".git") {
        path = stripped.trim_end_matches('/');
    }
    if authority.is_empty() {
        return path.to_owned();
    }
    let path = path.trim_start_matches('/');
    let host = authority.to_ascii_lowercase();
    if path.is_empty() {
        host
    } else {
        format!("{host}/{path}")
    }
}

/// `[user@]host:path` when the colon comes before any slash (git's rule for scp-like syntax).
fn scp_like(url: &str) -> Option<(&str, &str)> {
    let (authority, path) = url.split_once(':')?;
    if authority.is_empty() || authority.contains('/') {
        return None;
    }
    Some((authority, path))
}

/// `host:port` → `host`; IPv6 literals in brackets keep their colons.
fn strip_port(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((name, port))
            if !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
                && (!name.starts_with('[') || name.ends_with(']')) =>
        {
            name
        }
        _ => host,
    }
}

/// Whether a stored repository URL names the repository of an event (any of its URLs).
/// Compares [`normalize_repo_url`] forms ASCII-case-insensitively: GitHub owner and
/// repository names are case-insensitive, and payloads carry the canonical case.
pub fn matches_repository(stored_url: &str, event_urls: &[String]) -> bool {
    let stored = normalize_repo_url(stored_url);
    if stored.is_empty() {
        return false;
    }
    event_urls
        .iter()
        .any(|url| normalize_repo_url(url).eq_ignore_ascii_case(&stored))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUSH: &[u8] = include_bytes!("../../fixtures/github-webhooks/push.json");
    const PUSH_TAG: &[u8] = include_bytes!("../../fixtures/github-webhooks/push-tag.json");
    const PING: &[u8] = include_bytes!("../../fixtures/github-webhooks/ping.json");
    const PULL_REQUEST: &[u8] =
        include_bytes!("../../fixtures/github-webhooks/pull_request.opened.json");

    const HELLO_WORLD_URLS: [&str; 4] = [
        "https://github.com/Codertocat/Hello-World.git",
        "git@github.com:Codertocat/Hello-World.git",
        "git://github.com/Codertocat/Hello-World.git",
        "https://github.com/Codertocat/Hello-World",
    ];

    fn sign(secret: &[u8], body: &[u8]) -> String {
        let mut mac = HmacSha256::new_from_slice(secret).unwrap();
        mac.update(body);
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    }

    // --- signatures ---

    #[test]
    fn signature_matches_githubs_documented_example() {
        // GitHub's docs ("Validating webhook deliveries") test values.
        let header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assert!(verify_signature(
            b"It's a Secret to Everybody",
            b"Hello, World!",
            Some(header)
        ));
    }

    #[test]
    fn good_signature_over_a_recorded_payload() {
        let header = sign(b"s3cret", PUSH);
        assert!(verify_signature(b"s3cret", PUSH, Some(&header)));
        // Upper-case hex digits are the same digest.
        let upper = format!("sha256={}", header["sha256=".len()..].to_ascii_uppercase());
        assert!(verify_signature(b"s3cret", PUSH, Some(&upper)));
    }

    #[test]
    fn bad_signature_is_rejected() {
        let header = sign(b"s3cret", PUSH);
        // Another secret, another body, one digit changed.
        assert!(!verify_signature(b"other", PUSH, Some(&header)));
        assert!(!verify_signature(b"s3cret", PING, Some(&header)));
        let mut flipped = header.clone().into_bytes();
        let last = flipped.last_mut().unwrap();
        *last = if *last == b'0' { b'1' } else { b'0' };
        let flipped = String::from_utf8(flipped).unwrap();
        assert!(!verify_signature(b"s3cret", PUSH, Some(&flipped)));
    }

    #[test]
    fn missing_or_empty_signature_is_rejected() {
        assert!(!verify_signature(b"s3cret", PUSH, None));
        assert!(!verify_signature(b"s3cret", PUSH, Some("")));
        assert!(!verify_signature(b"s3cret", PUSH, Some("sha256=")));
    }

    #[test]
    fn wrong_prefix_is_rejected() {
        let header = sign(b"s3cret", PUSH);
        let hex_digest = &header["sha256=".len()..];
        for bad in [
            hex_digest.to_owned(),
            format!("sha1={hex_digest}"),
            format!("SHA256={hex_digest}"),
            format!("sha512={hex_digest}"),
            format!("sha256:{hex_digest}"),
        ] {
            assert!(!verify_signature(b"s3cret", PUSH, Some(&bad)), "{bad}");
        }
    }

    #[test]
    fn wrong_length_or_non_hex_is_rejected() {
        let header = sign(b"s3cret", PUSH);
        for bad in [
            header[..header.len() - 2].to_owned(), // 31 bytes
            header[..header.len() - 1].to_owned(), // odd number of digits
            format!("{header}00"),                 // 33 bytes
            format!("sha256={}", "zz".repeat(32)),
            // A SHA-1 sized digest (X-Hub-Signature) under the sha256 prefix.
            format!("sha256={}", &header["sha256=".len()..][..40]),
        ] {
            assert!(!verify_signature(b"s3cret", PUSH, Some(&bad)), "{bad}");
        }
    }

    #[test]
    fn empty_secret_never_verifies() {
        let header = sign(b"", PUSH);
        assert!(!verify_signature(b"", PUSH, Some(&header)));
    }

    // --- parsing recorded payloads ---

    #[test]
    fn parses_recorded_push_to_a_branch() {
        let event = parse_event("push", PUSH).unwrap();
        assert_eq!(
            event,
            Event::Push {
                repository_urls: HELLO_WORLD_URLS.map(str::to_owned).to_vec(),
                branch: Some("master".to_owned()),
                after: "6113728f27ae82c7b1a177c8d03f9e96e0adf246".to_owned(),
                deleted: false,
            }
        );
    }

    #[test]
    fn tag_push_has_no_branch() {
        let Event::Push {
            branch,
            after,
            deleted,
            repository_urls,
        } = parse_event("push", PUSH_TAG).unwrap()
        else {
            panic!("not a push");
        };
        assert_eq!(branch, None);
        assert_eq!(after, "6113728f27ae82c7b1a177c8d03f9e96e0adf246");
        assert!(!deleted);
        assert!(matches_repository(
            "https://github.com/Codertocat/Hello-World",
            &repository_urls
        ));
    }

    #[test]
    fn parses_recorded_ping() {
        assert_eq!(
            parse_event("ping", PING).unwrap(),
            Event::Ping {
                zen: Some("Anything added dilutes everything else.".to_owned())
            }
        );
        assert_eq!(
            parse_event("ping", b"{}").unwrap(),
            Event::Ping { zen: None }
        );
    }

    #[test]
    fn parses_recorded_pull_request() {
        assert_eq!(
            parse_event("pull_request", PULL_REQUEST).unwrap(),
            Event::PullRequest {
                action: "opened".to_owned(),
                number: 2,
                merged: false,
                head_ref: "changes".to_owned(),
                base_ref: "master".to_owned(),
                html_url: "https://github.com/Codertocat/Hello-World/pull/2".to_owned(),
                head_repository: Some("Codertocat/Hello-World".to_owned()),
                repository: Some("Codertocat/Hello-World".to_owned()),
                repository_urls: HELLO_WORLD_URLS.map(str::to_owned).to_vec(),
            }
        );
    }

    #[test]
    fn other_events_are_not_parsed() {
        assert_eq!(
            parse_event("issues", b"not json").unwrap(),
            Event::Other("issues".to_owned())
        );
        assert!(
            parse_event("", PING)
                .unwrap_err()
                .contains("X-GitHub-Event")
        );
    }

    fn without(body: &[u8], path: &[&str]) -> Vec<u8> {
        let mut value: Value = serde_json::from_slice(body).unwrap();
        let (last, parents) = path.split_last().unwrap();
        let parent = parents
            .iter()
            .fold(&mut value, |v, key| v.get_mut(key).unwrap());
        parent.as_object_mut().unwrap().remove(*last).unwrap();
        serde_json::to_vec(&value).unwrap()
    }

    #[test]
    fn errors_name_the_missing_field() {
        let cases: [(&str, &[u8], &[&str], &str); 6] = [
            (
                "push",
                PUSH,
                &["after"],
                "push payload: missing string field `after`",
            ),
            (
                "push",
                PUSH,
                &["ref"],
                "push payload: missing string field `ref`",
            ),
            (
                "push",
                PUSH,
                &["repository"],
                "push payload: missing object field `repository`",
            ),
            (
                "pull_request",
                PULL_REQUEST,
                &["action"],
                "missing string field `action`",
            ),
            (
                "pull_request",
                PULL_REQUEST,
                &["pull_request", "head", "ref"],
                "pull_request payload: missing string field `pull_request.head.ref`",
            ),
            (
                "pull_request",
                PULL_REQUEST,
                &["pull_request", "html_url"],
                "`pull_request.html_url`",
            ),
        ];
        for (event, body, path, expected) in cases {
            let err = parse_event(event, &without(body, path)).unwrap_err();
            assert!(err.contains(expected), "{err:?} lacks {expected:?}");
        }

        let mut push: Value = serde_json::from_slice(PUSH).unwrap();
        for field in REPOSITORY_URL_FIELDS {
            push["repository"].as_object_mut().unwrap().remove(field);
        }
        let err = parse_event("push", &serde_json::to_vec(&push).unwrap()).unwrap_err();
        assert!(err.contains("`clone_url`"), "{err}");
    }

    #[test]
    fn wrong_types_and_bodies_are_errors() {
        let err = parse_event("push", br#"{"ref": 1}"#).unwrap_err();
        assert!(err.contains("field `ref` is not a string"), "{err}");
        assert!(
            parse_event("push", b"{")
                .unwrap_err()
                .contains("not valid JSON")
        );
        assert!(
            parse_event("ping", b"[]")
                .unwrap_err()
                .contains("not a JSON object")
        );
        let form = parse_event("push", b"payload=%7B%7D").unwrap_err();
        assert!(form.contains("application/json"), "{form}");
    }

    #[test]
    fn pull_request_number_falls_back_and_merged_defaults() {
        let mut pr: Value = serde_json::from_slice(PULL_REQUEST).unwrap();
        pr.as_object_mut().unwrap().remove("number");
        pr["pull_request"]["merged"] = Value::Null;
        let Event::PullRequest { number, merged, .. } =
            parse_event("pull_request", &serde_json::to_vec(&pr).unwrap()).unwrap()
        else {
            panic!("not a pull request");
        };
        assert_eq!((number, merged), (2, false));
    }

    #[test]
    fn branch_deletion() {
        let mut push: Value = serde_json::from_slice(PUSH).unwrap();
        push["after"] = Value::from("0".repeat(40));
        push["deleted"] = Value::Bool(true);
        let body = serde_json::to_vec(&push).unwrap();
        assert!(matches!(
            parse_event("push", &body).unwrap(),
            Event::Push { deleted: true, .. }
        ));
        // Without `deleted` (GitHub-compatible senders), an all-zero `after` means deleted.
        push.as_object_mut().unwrap().remove("deleted");
        let body = serde_json::to_vec(&push).unwrap();
        let Event::Push {
            deleted, branch, ..
        } = parse_event("push", &body).unwrap()
        else {
            panic!("not a push");
        };
        assert!(deleted);
        assert_eq!(branch.as_deref(), Some("master"));
    }

    // --- repository URLs ---

    #[test]
    fn normalization_table() {
        for (url, expected) in [
            ("https://github.com/o/r", "github.com/o/r"),
            ("https://github.com/o/r.git", "github.com/o/r"),
            ("https://github.com/o/r/", "github.com/o/r"),
            ("https://github.com/o/r.git/", "github.com/o/r"),
            ("  https://github.com/o/r  ", "github.com/o/r"),
            ("http://github.com/o/r", "github.com/o/r"),
            ("https://GitHub.COM/o/r", "github.com/o/r"),
            ("https://user:token@github.com/o/r.git", "github.com/o/r"),
            ("https://github.com:443/o/r", "github.com/o/r"),
            ("https://github.com/o/r?tab=readme#top", "github.com/o/r"),
            ("git@github.com:o/r.git", "github.com/o/r"),
            ("git@github.com:o/r", "github.com/o/r"),
            ("git@GITHUB.com:/o/r.git", "github.com/o/r"),
            ("github.com:o/r.git", "github.com/o/r"),
            ("ssh://git@github.com/o/r.git", "github.com/o/r"),
            ("ssh://git@github.com:22/o/r.git", "github.com/o/r"),
            ("git://github.com/o/r.git", "github.com/o/r"),
            (
                "https://ghe.example.com/org/team/repo.git",
                "ghe.example.com/org/team/repo",
            ),
            ("ssh://git@[::1]:2222/o/r.git", "[::1]/o/r"),
            (
                "https://github.com/Codertocat/Hello-World",
                "github.com/Codertocat/Hello-World",
            ),
            (
                "https://github.com/o/r.github.io",
                "github.com/o/r.github.io",
            ),
            ("https://github.com", "github.com"),
            ("/srv/git/r.git/", "/srv/git/r"),
            ("", ""),
        ] {
            assert_eq!(normalize_repo_url(url), expected, "{url}");
        }
    }

    #[test]
    fn every_url_of_a_recorded_payload_matches_every_stored_form() {
        let Event::Push {
            repository_urls, ..
        } = parse_event("push", PUSH).unwrap()
        else {
            panic!("not a push");
        };
        for stored in [
            "https://github.com/Codertocat/Hello-World",
            "https://github.com/Codertocat/Hello-World.git",
            "https://github.com/codertocat/hello-world/",
            "git@github.com:Codertocat/Hello-World.git",
            "ssh://git@github.com/Codertocat/Hello-World.git",
            "git://github.com/Codertocat/Hello-World.git",
        ] {
            assert!(matches_repository(stored, &repository_urls), "{stored}");
            for url in &repository_urls {
                assert!(
                    matches_repository(stored, std::slice::from_ref(url)),
                    "{stored} vs {url}"
                );
            }
        }
    }

    #[test]
    fn other_repositories_do_not_match() {
        let urls = HELLO_WORLD_URLS.map(str::to_owned).to_vec();
        for stored in [
            "https://github.com/Codertocat/Hello-World-2",
            "https://github.com/Codertocat/Hello",
            "https://github.com/Octocoders/Hello-World",
            "https://gitlab.com/Codertocat/Hello-World",
            "https://github.com/Codertocat",
            "",
        ] {
            assert!(!matches_repository(stored, &urls), "{stored}");
        }
        assert!(!matches_repository("https://github.com/o/r", &[]));
    }
}
