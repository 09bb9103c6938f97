//! Running where the fabric runs (issue 20 item 4): the manifests of `docker/kubernetes/` and
//! the in-cluster cluster connection (the pod's own service account).
//!
//! - The manifests are parsed document by document and checked for their shape: the kinds,
//!   read-only RBAC covering every kind HNP reads, the binary's real subcommands (each
//!   container's arguments are given to this `hnp` binary with `--help`, so clap refuses an
//!   unknown subcommand or flag), the environment the binary reads, probes on the ports the
//!   processes listen on. `kubectl kustomize` renders them when kubectl is installed.
//! - `hnp fabric set-cluster --in-cluster`, `test-cluster` and `sync --direction cluster` run with
//!   `KUBERNETES_SERVICE_HOST`/`PORT` and `HNP_SERVICEACCOUNT_DIR` pointing at the Kubernetes test
//!   API server (HTTPS on loopback) and a service-account directory holding its token and CA.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use hnp_core::yaml::{Limits, parse_documents};
use serde_json::{Value, json};

mod support;
use support::cli::{hnp, last_json, run, stderr};
fn manifests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docker/kubernetes")
}

/// Every YAML document of every `*.yaml` file, with its file name.
fn manifests() -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(manifests_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no manifest in docker/kubernetes");
    let mut out = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let docs = parse_documents(text.as_bytes(), &Limits::default())
            .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        assert!(!docs.is_empty(), "{name}: no YAML document");
        for doc in docs {
            let v = doc.value;
            for field in ["apiVersion", "kind"] {
                assert!(v[field].is_string(), "{name}: a document without {field}");
            }
            if v["kind"] != "Kustomization" {
                assert!(
                    v["metadata"]["name"].is_string(),
                    "{name}: a {} without metadata.name",
                    v["kind"]
                );
            }
            out.push((name.clone(), v));
        }
    }
    out
}

fn by_kind<'a>(docs: &'a [(String, Value)], kind: &str) -> Vec<&'a Value> {
    docs.iter()
        .filter(|(_, v)| v["kind"] == kind)
        .map(|(_, v)| v)
        .collect()
}

fn named<'a>(docs: &'a [(String, Value)], kind: &str, name: &str) -> &'a Value {
    by_kind(docs, kind)
        .into_iter()
        .find(|v| v["metadata"]["name"] == name)
        .unwrap_or_else(|| panic!("no {kind} {name}"))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|s| {
            s.as_str()
                .unwrap_or_else(|| panic!("not a string: {s}"))
                .to_owned()
        })
        .collect()
}

#[test]
fn manifests_have_the_expected_objects_and_kustomization_lists_every_file() {
    let docs = manifests();
    let kinds: BTreeMap<String, usize> = docs.iter().fold(BTreeMap::new(), |mut m, (_, v)| {
        *m.entry(v["kind"].as_str().unwrap().to_owned()).or_default() += 1;
        m
    });
    for (kind, count) in [
        ("Namespace", 1),
        ("ServiceAccount", 1),
        ("ClusterRole", 1),
        ("ClusterRoleBinding", 1),
        ("ConfigMap", 1),
        ("Secret", 1),
        ("Deployment", 2),
        ("Service", 1),
        ("Kustomization", 1),
    ] {
        assert_eq!(kinds.get(kind), Some(&count), "{kind}: {kinds:?}");
    }
    assert_eq!(
        kinds.values().sum::<usize>(),
        10,
        "unexpected objects: {kinds:?}"
    );

    let (_, kustomization) = docs
        .iter()
        .find(|(f, _)| f == "kustomization.yaml")
        .expect("kustomization.yaml");
    assert_eq!(kustomization["namespace"], "hnp");
    let listed: BTreeSet<String> = strings(&kustomization["resources"]).into_iter().collect();
    let files: BTreeSet<String> = docs
        .iter()
        .map(|(f, _)| f.clone())
        .filter(|f| f != "kustomization.yaml")
        .collect();
    assert_eq!(listed, files, "kustomization.yaml resources vs the files");
    assert_eq!(named(&docs, "Namespace", "hnp")["apiVersion"], "v1");
    // The image the Deployments name is the one the kustomization (and docker/README.md) build.
    assert_eq!(kustomization["images"][0]["name"], "hnp-sync");
}

#[test]
fn rbac_is_read_only_and_covers_every_kind_hnp_reads_and_the_agents() {
    let docs = manifests();
    let role = named(&docs, "ClusterRole", "hnp-sync-fabric-reader");
    let mut granted: BTreeSet<(String, String)> = BTreeSet::new();
    for rule in role["rules"].as_array().unwrap() {
        let verbs = strings(&rule["verbs"]);
        for verb in &verbs {
            assert!(
                ["get", "list", "watch"].contains(&verb.as_str()),
                "ClusterRole rules: verb {verb} is not read-only"
            );
        }
        assert!(rule.get("nonResourceURLs").is_none(), "{rule}");
        for group in strings(&rule["apiGroups"]) {
            assert!(
                group.ends_with(".githedgehog.com"),
                "ClusterRole rules: apiGroup {group:?} is not a Hedgehog group"
            );
            for resource in strings(&rule["resources"]) {
                assert!(
                    resource != "*" && !resource.contains('/'),
                    "ClusterRole rules: {group}/{resource}: no wildcards or subresources"
                );
                granted.insert((group.clone(), resource));
            }
        }
    }
    for info in hnp_core::hedgehog::kinds::all() {
        assert!(
            granted.contains(&(info.group.to_owned(), info.plural.to_owned())),
            "ClusterRole: no read access to {}/{} ({})",
            info.group,
            info.plural,
            info.kind
        );
    }
    assert!(granted.contains(&("agent.githedgehog.com".into(), "agents".into())));

    let binding = named(&docs, "ClusterRoleBinding", "hnp-sync-fabric-reader");
    assert_eq!(binding["roleRef"]["kind"], "ClusterRole");
    assert_eq!(binding["roleRef"]["name"], "hnp-sync-fabric-reader");
    assert_eq!(
        binding["subjects"],
        json!([{"kind": "ServiceAccount", "name": "hnp-sync", "namespace": "hnp"}])
    );
    named(&docs, "ServiceAccount", "hnp-sync");
    // Nothing else grants anything.
    assert!(by_kind(&docs, "Role").is_empty() && by_kind(&docs, "RoleBinding").is_empty());
}

/// Names of the variables the binary reads: the README's configuration table and the in-cluster
/// ones.
fn documented_variables() -> BTreeSet<String> {
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .unwrap();
    let mut out = BTreeSet::new();
    for line in readme.lines().filter(|l| l.starts_with("| `HNP_")) {
        for part in line.split('`').skip(1).step_by(2) {
            if part.starts_with("HNP_") {
                out.insert(part.to_owned());
            }
        }
    }
    out
}

#[test]
fn deployments_run_the_binarys_subcommands_with_its_environment() {
    let docs = manifests();
    let config = named(&docs, "ConfigMap", "hnp-config");
    let secret = named(&docs, "Secret", "hnp-secrets");
    let known = documented_variables();
    assert!(known.contains("HNP_DATABASE_URL"), "{known:?}");
    let dir = tempfile::tempdir().unwrap();

    for (name, subcommand, port) in [("hnp-api", "serve", 8080), ("hnp-worker", "worker", 8081)] {
        let deployment = named(&docs, "Deployment", name);
        let pod = &deployment["spec"]["template"]["spec"];
        assert_eq!(pod["serviceAccountName"], "hnp-sync", "{name}");
        assert_eq!(
            deployment["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"],
            deployment["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/name"],
            "{name}: selector vs pod labels"
        );
        assert_eq!(pod["securityContext"]["runAsNonRoot"], true, "{name}");
        assert_eq!(
            pod["securityContext"]["runAsUser"], 10001,
            "{name}: the image's hnp user"
        );
        let containers = pod["containers"].as_array().unwrap();
        assert_eq!(containers.len(), 1, "{name}");
        let c = &containers[0];
        assert_eq!(c["image"], "hnp-sync:local", "{name}");
        assert!(
            c.get("command").is_none(),
            "{name}: the image's entrypoint runs hnp"
        );
        let args = strings(&c["args"]);
        assert_eq!(args[0], subcommand, "{name}");
        if subcommand == "serve" {
            assert!(
                args.contains(&"--no-workers".to_owned()),
                "{name}: {args:?}"
            );
        }
        // The binary accepts exactly these arguments.
        let mut help = hnp(dir.path(), &[]);
        help.args(&args).arg("--help");
        let output = run(help, None);
        assert!(
            output.status.success(),
            "{name}: `hnp {}` is refused by the binary: {}",
            args.join(" "),
            stderr(&output)
        );

        // Environment: every reference resolves, every HNP_* variable is one hnp reads.
        let mut defined: Vec<String> = Vec::new();
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        for var in c["env"].as_array().unwrap() {
            let var_name = var["name"].as_str().unwrap().to_owned();
            if var_name.starts_with("HNP_") {
                assert!(
                    known.contains(&var_name),
                    "{name}: {var_name} is not a variable hnp reads"
                );
            }
            if let Some(value) = var["value"].as_str() {
                let mut rest = value;
                while let Some(start) = rest.find("$(") {
                    let end = rest[start..].find(')').unwrap() + start;
                    let referenced = &rest[start + 2..end];
                    assert!(
                        defined.iter().any(|d| d == referenced),
                        "{name}: {var_name} refers to $({referenced}) before it is defined"
                    );
                    rest = &rest[end + 1..];
                }
                values.insert(var_name.clone(), value.to_owned());
            } else if let Some(key) = var.pointer("/valueFrom/configMapKeyRef") {
                assert_eq!(key["name"], "hnp-config");
                let k = key["key"].as_str().unwrap();
                assert!(
                    config["data"][k].is_string(),
                    "{name}: {var_name}: ConfigMap hnp-config has no key {k}"
                );
                values.insert(var_name.clone(), config["data"][k].as_str().unwrap().into());
            } else if let Some(key) = var.pointer("/valueFrom/secretKeyRef") {
                assert_eq!(key["name"], "hnp-secrets");
                let k = key["key"].as_str().unwrap();
                assert!(
                    secret["stringData"][k].is_string() || secret["data"][k].is_string(),
                    "{name}: {var_name}: Secret hnp-secrets has no key {k}"
                );
                values.insert(var_name.clone(), "<secret>".into());
            } else {
                panic!("{name}: {var_name} has neither value nor valueFrom");
            }
            defined.push(var_name);
        }
        for required in [
            "HNP_DATABASE_URL",
            "HNP_REDIS_URL",
            "HNP_SECRET_KEY",
            "HNP_DATA_DIR",
        ] {
            assert!(values.contains_key(required), "{name}: {required} missing");
        }
        assert!(
            values["HNP_DATABASE_URL"].starts_with("postgres://"),
            "{name}"
        );
        assert!(values["HNP_REDIS_URL"].starts_with("redis://"), "{name}");
        assert_eq!(
            values["HNP_SECRET_KEY"], "<secret>",
            "{name}: the key comes from the Secret"
        );

        // Probes on the port the process listens on; the data directory is a per-pod volume.
        let listen = if subcommand == "serve" {
            values["HNP_LISTEN"].clone()
        } else {
            args[args.iter().position(|a| a == "--listen").unwrap() + 1].clone()
        };
        assert_eq!(listen, format!("0.0.0.0:{port}"), "{name}");
        assert_eq!(c["ports"][0]["containerPort"], port, "{name}");
        let port_name = c["ports"][0]["name"].clone();
        assert_eq!(c["readinessProbe"]["httpGet"]["path"], "/readyz", "{name}");
        assert_eq!(c["livenessProbe"]["httpGet"]["path"], "/healthz", "{name}");
        assert_eq!(c["readinessProbe"]["httpGet"]["port"], port_name, "{name}");
        assert_eq!(c["livenessProbe"]["httpGet"]["port"], port_name, "{name}");
        let data_mount = c["volumeMounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["mountPath"] == values["HNP_DATA_DIR"].as_str())
            .unwrap_or_else(|| panic!("{name}: nothing mounted at HNP_DATA_DIR"));
        let volume = pod["volumes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["name"] == data_mount["name"])
            .unwrap();
        assert!(
            volume.get("emptyDir").is_some(),
            "{name}: the git cache is per pod"
        );
        assert_eq!(
            c["securityContext"]["allowPrivilegeEscalation"], false,
            "{name}"
        );
    }

    // The Service reaches the API's port; the workers wait for the API (migrations).
    let service = named(&docs, "Service", "hnp-api");
    assert_eq!(
        service["spec"]["selector"]["app.kubernetes.io/name"],
        "hnp-api"
    );
    assert_eq!(service["spec"]["ports"][0]["targetPort"], "http");
    let worker = named(&docs, "Deployment", "hnp-worker");
    let init = strings(&worker["spec"]["template"]["spec"]["initContainers"][0]["command"]);
    assert!(init.join(" ").contains("http://hnp-api/readyz"), "{init:?}");
}

#[test]
fn kubectl_renders_the_kustomization() {
    let Ok(output) = Command::new("kubectl")
        .args(["kustomize"])
        .arg(manifests_dir())
        .output()
    else {
        eprintln!("kubectl is not installed: skipped");
        return;
    };
    assert!(
        output.status.success(),
        "kubectl kustomize: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let docs = parse_documents(&output.stdout, &Limits::default()).unwrap();
    assert_eq!(docs.len(), 9, "rendered objects");
    for doc in &docs {
        let v = &doc.value;
        let cluster_scoped = ["Namespace", "ClusterRole", "ClusterRoleBinding"]
            .contains(&v["kind"].as_str().unwrap());
        if !cluster_scoped {
            assert_eq!(v["metadata"]["namespace"], "hnp", "{}", v["kind"]);
        }
    }
}

/// A fabric synced from Git (two VPCs) in `data`; returns the environment to use.
fn fabric_with_vpcs(data: &Path, git: &hnp_tests::GitFixture) -> Vec<(&'static str, String)> {
    git.write(
        "fabrics/dc1/vpcs.yaml",
        format!(
            "{}---\n{}",
            hnp_tests::vpc_doc("vpc-1", 1),
            hnp_tests::vpc_doc("vpc-2", 2)
        ),
    )
    .unwrap();
    git.commit("initial").unwrap();
    let vars = vec![("HNP_DIRECTORY_MANAGEMENT_ENABLED", "false".to_owned())];
    let borrowed: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut create = hnp(data, &borrowed);
    create.args([
        "fabric",
        "create",
        "--name",
        "dc1",
        "--repo-url",
        &git.url(),
        "--directory",
        "fabrics/dc1",
    ]);
    let output = run(create, None);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut sync = hnp(data, &borrowed);
    sync.args(["sync", "--fabric", "dc1", "--direction", "git-to-gui"]);
    let output = run(sync, None);
    assert!(output.status.success(), "{}", stderr(&output));
    vars
}

/// `--in-cluster`: the cluster is read with the token and CA of the service-account directory
/// and the API server of `KUBERNETES_SERVICE_HOST`/`PORT`; nothing secret is stored; without
/// the pod's environment the read fails naming what is missing.
#[test]
fn in_cluster_connection_reads_the_cluster_with_the_pods_service_account() {
    use hnp_tests::kube_server::{
        KubeApiServer, TEST_TOKEN, hedgehog_cluster_copy, hedgehog_kinds,
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let git = hnp_tests::GitFixture::new().unwrap();
    let vars = fabric_with_vpcs(&data, &git);

    let server = KubeApiServer::start(hedgehog_kinds()).unwrap();
    let docs: Vec<Value> = ["vpc-1", "vpc-2", "vpc-9"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let text = hnp_tests::vpc_doc(name, i + 1);
            let docs = parse_documents(text.as_bytes(), &Limits::default()).unwrap();
            docs.into_iter().next().unwrap().value
        })
        .collect();
    for doc in &docs {
        server.put(hedgehog_cluster_copy(doc));
    }
    let (host, port) = server
        .url()
        .strip_prefix("https://")
        .and_then(|a| a.trim_end_matches('/').rsplit_once(':'))
        .map(|(h, p)| (h.to_owned(), p.to_owned()))
        .unwrap_or_else(|| panic!("test server URL {}", server.url()));
    let account = dir.path().join("serviceaccount");
    std::fs::create_dir(&account).unwrap();
    std::fs::write(account.join("token"), format!("{TEST_TOKEN}\n")).unwrap();
    std::fs::write(account.join("ca.crt"), server.ca_pem()).unwrap();
    std::fs::write(account.join("namespace"), "default\n").unwrap();
    let account_dir = account.display().to_string();
    let pod: Vec<(&str, &str)> = vars
        .iter()
        .map(|(k, v)| (*k, v.as_str()))
        .chain([
            ("KUBERNETES_SERVICE_HOST", host.as_str()),
            ("KUBERNETES_SERVICE_PORT", port.as_str()),
            ("HNP_SERVICEACCOUNT_DIR", account_dir.as_str()),
        ])
        .collect();

    // --in-cluster takes no server, CA or token.
    let mut set = hnp(&data, &pod);
    set.args([
        "fabric",
        "set-cluster",
        "--fabric",
        "dc1",
        "--in-cluster",
        "--server",
        server.url(),
    ]);
    assert!(!run(set, None).status.success());

    let mut set = hnp(&data, &pod);
    set.args([
        "fabric",
        "set-cluster",
        "--fabric",
        "dc1",
        "--in-cluster",
        "--json",
    ]);
    let output = run(set, None);
    assert!(output.status.success(), "{}", stderr(&output));
    let saved = last_json(&output);
    assert_eq!(saved["in_cluster"], true, "{saved}");
    assert_eq!(saved["server"], "in-cluster");
    assert_eq!(saved["namespace"], "default", "the pod's namespace file");
    assert_eq!(saved["warnings"], json!([]), "{saved}");

    let mut test = hnp(&data, &pod);
    test.args(["fabric", "test-cluster", "--fabric", "dc1", "--json"]);
    let output = run(test, None);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = last_json(&output);
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["server"], server.url(), "the pod's API server");
    assert_eq!(report["server_version"], "v1.31.4+k3s1");

    let mut read = hnp(&data, &pod);
    read.args([
        "sync",
        "--fabric",
        "dc1",
        "--direction",
        "cluster",
        "--json",
    ]);
    let output = run(read, None);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = last_json(&output);
    assert_eq!(report["status"], "succeeded", "{report}");
    assert_eq!(report["actual_updated"], 3, "{report}");
    assert_eq!(
        report["actual_only"],
        json!([{"kind": "VPC", "name": "vpc-9"}])
    );

    // Nothing secret stored: the token is only in the service-account directory.
    let mut stored = Vec::new();
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            stored.extend(std::fs::read(path).unwrap());
        }
    }
    assert!(
        !stored
            .windows(TEST_TOKEN.len())
            .any(|w| w == TEST_TOKEN.as_bytes()),
        "the service-account token was stored"
    );

    // A token the API server refuses: the read fails with 401, the token never printed.
    std::fs::write(account.join("token"), "not-the-token-7731\n").unwrap();
    let mut read = hnp(&data, &pod);
    read.args([
        "sync",
        "--fabric",
        "dc1",
        "--direction",
        "cluster",
        "--json",
    ]);
    let output = run(read, None);
    assert!(!output.status.success());
    let report = last_json(&output);
    assert_eq!(report["status"], "failed");
    assert!(
        report["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("401"),
        "{report}"
    );
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
    assert!(!all.contains("not-the-token-7731"), "{all}");

    // Outside a pod: an error naming the missing variable.
    let mut read = hnp(&data, &borrow(&vars));
    read.args([
        "sync",
        "--fabric",
        "dc1",
        "--direction",
        "cluster",
        "--json",
    ]);
    let output = run(read, None);
    assert!(!output.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
    assert!(all.contains("KUBERNETES_SERVICE_HOST"), "{all}");

    // A missing CA file: the error names the file.
    std::fs::remove_file(account.join("ca.crt")).unwrap();
    let mut read = hnp(&data, &pod);
    read.args(["fabric", "test-cluster", "--fabric", "dc1", "--json"]);
    let output = run(read, None);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
    assert!(all.contains("ca.crt"), "{all}");
}

fn borrow<'a>(vars: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    vars.iter().map(|(k, v)| (*k, v.as_str())).collect()
}
