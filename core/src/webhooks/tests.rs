//! Tests of `webhooks`.

use super::*;

const PUSH: &[u8] = include_bytes!("../../../fixtures/github-webhooks/push.json");
const PUSH_TAG: &[u8] = include_bytes!("../../../fixtures/github-webhooks/push-tag.json");
const PING: &[u8] = include_bytes!("../../../fixtures/github-webhooks/ping.json");
const PULL_REQUEST: &[u8] =
    include_bytes!("../../../fixtures/github-webhooks/pull_request.opened.json");

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
