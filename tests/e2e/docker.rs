//! Shape of the container packaging in `docker/`. No Docker engine runs in CI, so nothing is
//! built or started: the compose file is parsed (merge keys and anchors expanded, as Compose
//! does) and the Dockerfile is read instruction by instruction.

use std::path::PathBuf;

use hnp_core::yaml::{Limits, parse_documents};
use serde_json::Value;

/// The hnp services of the compose file (every other service is infrastructure).
const HNP_SERVICES: &[&str] = &["api", "worker-1", "worker-2"];
const WORKERS: &[&str] = &["worker-1", "worker-2"];

fn docker_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docker")
}

fn read(name: &str) -> String {
    let path = docker_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn compose() -> Value {
    let text = read("docker-compose.yml");
    let mut docs = parse_documents(text.as_bytes(), &Limits::default())
        .unwrap_or_else(|e| panic!("docker-compose.yml does not parse: {e}"));
    assert_eq!(
        docs.len(),
        1,
        "docker-compose.yml: exactly one YAML document"
    );
    docs.remove(0).value
}

fn service<'a>(compose: &'a Value, name: &str) -> &'a Value {
    compose
        .pointer(&format!("/services/{name}"))
        .unwrap_or_else(|| panic!("compose: no service `{name}`"))
}

/// A command (list or string form) as one space-separated string.
fn command_line(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" "),
        other => panic!("command is neither a string nor a list: {other}"),
    }
}

/// The service's environment as `(name, value)` pairs (mapping or `NAME=value` list form).
fn environment(service: &Value) -> Vec<(String, String)> {
    match service.get("environment") {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                (k.clone(), v)
            })
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                let s = i.as_str().expect("environment list entries are strings");
                let (k, v) = s.split_once('=').unwrap_or((s, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn env_var(service: &Value, name: &str) -> Option<String> {
    environment(service)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

#[test]
fn docker_compose_has_the_distributed_services() {
    let compose = compose();
    let services = compose
        .get("services")
        .and_then(Value::as_object)
        .expect("compose: `services` mapping");
    for name in ["postgres", "redis", "api", "worker-1", "worker-2"] {
        assert!(
            services.contains_key(name),
            "compose: missing service `{name}`"
        );
    }
    // Two worker services (each with its own data volume), not replicas of one.
    for name in HNP_SERVICES {
        let replicas = service(&compose, name).pointer("/deploy/replicas");
        assert!(
            replicas.is_none() || replicas == Some(&Value::from(1)),
            "{name}: one replica per hnp service (the git cache in the data dir is per process)"
        );
    }

    let api = command_line(
        service(&compose, "api")
            .get("command")
            .expect("api: command"),
    );
    assert!(api.contains("serve --no-workers"), "api command: {api}");
    assert!(
        !api.split_whitespace().any(|w| w == "worker"),
        "api command: {api}"
    );
    for name in WORKERS {
        let cmd = command_line(
            service(&compose, name)
                .get("command")
                .expect("worker: command"),
        );
        let words: Vec<&str> = cmd.split_whitespace().collect();
        assert_eq!(words.first(), Some(&"worker"), "{name} command: {cmd}");
        assert!(!words.contains(&"serve"), "{name} command: {cmd}");
        assert!(words.contains(&"--concurrency"), "{name} command: {cmd}");
        assert!(
            cmd.contains("--listen 0.0.0.0:8081"),
            "{name} must open its health listener: {cmd}"
        );
    }
    // Every hnp service runs the image of docker/Dockerfile.
    for name in HNP_SERVICES {
        let s = service(&compose, name);
        let dockerfile = s
            .pointer("/build/dockerfile")
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{name}: build.dockerfile"));
        assert_eq!(dockerfile, "docker/Dockerfile", "{name}");
        assert_eq!(
            s.pointer("/build/context"),
            Some(&Value::from("..")),
            "{name}"
        );
    }
}

#[test]
fn docker_compose_hnp_services_share_configuration() {
    let compose = compose();
    let secret = env_var(service(&compose, "api"), "HNP_SECRET_KEY").expect("api: HNP_SECRET_KEY");
    assert!(
        secret.starts_with("${HNP_SECRET_KEY:?"),
        "HNP_SECRET_KEY must come from the required env var HNP_SECRET_KEY, got {secret}"
    );
    assert!(
        secret.contains("openssl rand -base64 32"),
        "the error message tells how to generate the key: {secret}"
    );
    for name in HNP_SERVICES {
        let s = service(&compose, name);
        assert_eq!(
            env_var(s, "HNP_SECRET_KEY").as_deref(),
            Some(secret.as_str()),
            "{name}: every process sharing the database needs the same HNP_SECRET_KEY"
        );
        let db = env_var(s, "HNP_DATABASE_URL").unwrap_or_else(|| panic!("{name}: database"));
        assert!(
            db.starts_with("postgres://") && db.contains("@postgres:5432/"),
            "{name}: HNP_DATABASE_URL must point to the postgres service: {db}"
        );
        let redis = env_var(s, "HNP_REDIS_URL").unwrap_or_else(|| panic!("{name}: redis"));
        assert!(
            redis.starts_with("redis://redis:6379"),
            "{name}: HNP_REDIS_URL must point to the redis service: {redis}"
        );
        assert_eq!(
            env_var(s, "HNP_LOG_FORMAT").as_deref(),
            Some("json"),
            "{name}: JSON logs in containers"
        );
        assert_eq!(
            env_var(s, "HNP_DATA_DIR").as_deref(),
            Some("/var/lib/hnp"),
            "{name}"
        );
        for dependency in ["postgres", "redis"] {
            assert!(
                s.pointer(&format!("/depends_on/{dependency}")).is_some(),
                "{name} depends on {dependency}"
            );
        }
    }
    // Workers start after the API has migrated the database (it reports ready only then).
    for name in WORKERS {
        assert_eq!(
            service(&compose, name).pointer("/depends_on/api/condition"),
            Some(&Value::from("service_healthy")),
            "{name}"
        );
    }
    let listen = env_var(service(&compose, "api"), "HNP_LISTEN").expect("api: HNP_LISTEN");
    assert_eq!(listen, "0.0.0.0:8080");
    // The postgres service creates the database and user the URL names.
    let postgres = service(&compose, "postgres");
    let db_url = env_var(service(&compose, "api"), "HNP_DATABASE_URL").unwrap();
    let user = env_var(postgres, "POSTGRES_USER").expect("postgres: POSTGRES_USER");
    let name = env_var(postgres, "POSTGRES_DB").expect("postgres: POSTGRES_DB");
    assert!(
        db_url.starts_with(&format!("postgres://{user}:")),
        "{db_url}"
    );
    assert!(
        db_url.ends_with(&format!("@postgres:5432/{name}")),
        "{db_url}"
    );
}

#[test]
fn docker_compose_health_checks_and_volumes() {
    let compose = compose();
    let services = compose["services"].as_object().unwrap();
    for (name, s) in services {
        let test = s
            .pointer("/healthcheck/test")
            .unwrap_or_else(|| panic!("{name}: healthcheck.test"));
        let test = command_line(test);
        assert!(
            !test.is_empty() && !test.starts_with("NONE"),
            "{name}: {test}"
        );
    }
    let api = command_line(&compose["services"]["api"]["healthcheck"]["test"]);
    assert!(
        api.contains("http://127.0.0.1:8080/"),
        "api healthcheck: {api}"
    );
    assert!(
        api.contains("/readyz") || api.contains("/healthz"),
        "api healthcheck: {api}"
    );
    for name in WORKERS {
        let test = command_line(&compose["services"][name]["healthcheck"]["test"]);
        assert!(
            test.contains("127.0.0.1:8081/healthz"),
            "{name} healthcheck: {test}"
        );
    }

    let declared = compose
        .get("volumes")
        .and_then(Value::as_object)
        .expect("compose: top-level `volumes`");
    // `(service, mount target)`: each must be a named volume declared at the top level.
    let mut named = Vec::new();
    for (name, target) in [
        ("postgres", "/var/lib/postgresql/data"),
        ("api", "/var/lib/hnp"),
        ("worker-1", "/var/lib/hnp"),
        ("worker-2", "/var/lib/hnp"),
    ] {
        let volumes = compose["services"][name]["volumes"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: volumes"));
        let source = volumes
            .iter()
            .find_map(|v| match v {
                Value::String(s) => {
                    let mut parts = s.splitn(3, ':');
                    let source = parts.next()?;
                    (parts.next()? == target).then(|| source.to_owned())
                }
                Value::Object(m) => (m.get("target")?.as_str()? == target)
                    .then(|| m.get("source")?.as_str().map(str::to_owned))
                    .flatten(),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{name}: no volume mounted at {target}"));
        assert!(
            !source.starts_with('.') && !source.starts_with('/') && !source.starts_with('$'),
            "{name}: {target} must be a named volume, got {source}"
        );
        assert!(
            declared.contains_key(&source),
            "{name}: volume `{source}` is not declared under top-level `volumes`"
        );
        named.push(source);
    }
    // No two hnp containers share a data dir (the git cache lock is per process).
    let hnp_volumes = &named[1..];
    for (i, a) in hnp_volumes.iter().enumerate() {
        assert!(
            !hnp_volumes[i + 1..].contains(a),
            "data volume {a} is shared"
        );
    }
}

/// One Dockerfile instruction: keyword (upper case) and its arguments, continuations joined.
struct Instruction {
    keyword: String,
    args: String,
}

/// Build stages in order: `(name, instructions)`; `name` is the `AS` name of `FROM`.
fn dockerfile_stages() -> Vec<(String, Vec<Instruction>)> {
    let text = read("Dockerfile");
    let mut logical = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if current.is_empty() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        if !current.is_empty() && trimmed.starts_with('#') {
            continue; // comment lines inside a continued instruction
        }
        if let Some(body) = trimmed.strip_suffix('\\') {
            current.push_str(body);
            current.push(' ');
        } else {
            current.push_str(trimmed);
            logical.push(std::mem::take(&mut current));
        }
    }
    assert!(
        current.is_empty(),
        "Dockerfile ends inside a continued line"
    );

    let mut stages: Vec<(String, Vec<Instruction>)> = Vec::new();
    for line in logical {
        let (keyword, args) = line.split_once(char::is_whitespace).unwrap_or((&line, ""));
        let instruction = Instruction {
            keyword: keyword.to_ascii_uppercase(),
            args: args.trim().to_owned(),
        };
        if instruction.keyword == "FROM" {
            let words: Vec<&str> = instruction.args.split_whitespace().collect();
            let name = match words.as_slice() {
                [.., as_kw, name] if as_kw.eq_ignore_ascii_case("as") => (*name).to_owned(),
                _ => String::new(),
            };
            stages.push((name, vec![instruction]));
        } else if let Some((_, body)) = stages.last_mut() {
            body.push(instruction);
        } else {
            assert!(
                instruction.keyword == "ARG",
                "only ARG may precede the first FROM, got {}",
                instruction.keyword
            );
        }
    }
    stages
}

#[test]
fn dockerfile_is_multi_stage_non_root_and_runs_hnp() {
    let stages = dockerfile_stages();
    let names: Vec<&str> = stages.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["frontend", "build", "runtime"], "Dockerfile stages");
    let stage = |name: &str| &stages.iter().find(|(n, _)| n == name).unwrap().1;

    // frontend: tolerates a missing package.json (empty dist).
    let frontend = stage("frontend");
    let run = frontend
        .iter()
        .filter(|i| i.keyword == "RUN")
        .map(|i| i.args.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        run.contains("npm ci") && run.contains("npm run build"),
        "{run}"
    );
    assert!(
        run.contains("package.json") && run.contains("mkdir -p dist"),
        "{run}"
    );

    // build: pinned toolchain, locked release build of hnp-api, cache mounts.
    let build = stage("build");
    assert_eq!(
        build[0].args, "rust:1.95-bookworm AS build",
        "build stage base"
    );
    let cargo = build
        .iter()
        .find(|i| i.keyword == "RUN" && i.args.contains("cargo build"))
        .expect("build: cargo build");
    assert!(
        cargo
            .args
            .contains("cargo build --release --locked -p hnp-api"),
        "{}",
        cargo.args
    );
    for cache in ["/usr/local/cargo/registry", "target"] {
        assert!(
            cargo.args.contains("--mount=type=cache") && cargo.args.contains(cache),
            "build: cache mount for {cache}"
        );
    }

    // runtime: packages, non-root user, data dir, entrypoint.
    let runtime = stage("runtime");
    assert!(
        runtime[0].args.contains("slim"),
        "runtime base: {}",
        runtime[0].args
    );
    let install = runtime
        .iter()
        .find(|i| i.keyword == "RUN" && i.args.contains("apt-get install"))
        .expect("runtime: apt-get install");
    let packages: Vec<&str> = install.args.split_whitespace().collect();
    for package in ["git", "ca-certificates", "openssh-client", "libssl3"] {
        assert!(
            packages.contains(&package),
            "runtime must install {package}"
        );
    }
    let user = runtime
        .iter()
        .rev()
        .find(|i| i.keyword == "USER")
        .expect("runtime: USER");
    let user_name = user.args.split(':').next().unwrap();
    assert!(
        !["root", "0", ""].contains(&user_name),
        "runtime must run as a non-root user, got USER {}",
        user.args
    );
    let env = runtime
        .iter()
        .filter(|i| i.keyword == "ENV")
        .map(|i| i.args.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    for setting in [
        "HOME=/var/lib/hnp",
        "HNP_DATA_DIR=/var/lib/hnp",
        "HNP_LOG_FORMAT=json",
        "HNP_LISTEN=0.0.0.0:8080",
    ] {
        assert!(
            env.split_whitespace().any(|w| w == setting),
            "runtime ENV {setting}"
        );
    }
    assert!(
        runtime
            .iter()
            .any(|i| i.keyword == "COPY" && i.args.contains("--from=build")),
        "runtime copies the binary from the build stage"
    );
    assert!(
        runtime
            .iter()
            .any(|i| i.keyword == "COPY" && i.args.contains("--from=frontend")),
        "runtime copies the SPA from the frontend stage"
    );
    let entry = runtime
        .iter()
        .filter(|i| i.keyword == "ENTRYPOINT" || i.keyword == "CMD")
        .map(|i| i.args.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        entry.contains("\"/usr/local/bin/hnp\"") || entry.contains("\"hnp\""),
        "ENTRYPOINT/CMD must run hnp: {entry}"
    );
}

#[test]
fn docker_readme_says_images_are_not_built_in_ci() {
    let readme = read("README.md");
    assert!(
        readme.contains("## Running distributed"),
        "docker/README.md: section"
    );
    let flat = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.to_ascii_lowercase()
            .contains("images are not built in ci"),
        "docker/README.md must say the images are not built in CI"
    );
    assert!(
        flat.contains("openssl rand -base64 32"),
        "key generation documented"
    );
}
