//! Cluster → actual state against the Kubernetes test API server (HTTPS on loopback, objects
//! shaped like `kubectl get -o yaml`), on real databases; the test server's fidelity is checked
//! with the real `kubectl`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hnp_core::audit::Actor;
use hnp_core::cluster::{self, ClusterInput, ClusterReadReport};
use hnp_core::hedgehog::drift::DriftOptions;
use hnp_core::hedgehog::validate;
use hnp_core::operations::Requester;
use hnp_core::progress::NoProgress;
use hnp_core::sync::resource_drift::{desired_view, evaluate};
use hnp_entity::enums::{DriftStatus, OperationStatus, ResourceState};
use hnp_entity::{audit_event, fabric, resource, sync_operation};
use hnp_tests::Backend;
use hnp_tests::git_support::TempDir;
use hnp_tests::kube_server::{
    FORBIDDEN_TOKEN, KubeApiServer, TEST_TOKEN, hedgehog_cluster_copy, hedgehog_kinds,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::ingest::{Env, create_fabric, env, resources, sync};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/hedgehog/samples");
const DIR: &str = "fabrics/dc1";

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// Every managed document of the samples that validates (the known-invalid docs templates are
/// negative cases of validation, not fabric content), with its file.
fn valid_sample_docs() -> Vec<(String, Value)> {
    let root = Path::new(SAMPLES);
    let mut files = Vec::new();
    yaml_files(root, &mut files);
    let mut out = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(values) = serde_saphyr::from_multiple::<Value>(&text) else {
            continue;
        };
        for v in values {
            let (Some(api), Some(kind)) = (v["apiVersion"].as_str(), v["kind"].as_str()) else {
                continue;
            };
            if hnp_core::hedgehog::kinds::lookup(api, kind).is_none() {
                continue;
            }
            let name = v["metadata"]["name"].as_str().unwrap_or_default();
            let ns = v["metadata"]["namespace"].as_str().unwrap_or_default();
            let spec = v.get("spec").cloned().unwrap_or(Value::Null);
            if validate::validate(kind, name, ns, &spec).is_empty() {
                out.push((path.strip_prefix(root).unwrap().display().to_string(), v));
            }
        }
    }
    out
}

fn opt(v: &Value) -> Option<Value> {
    (!v.is_null()).then(|| v.clone())
}

/// Drift of a Git document against a cluster object, as the reader computes it.
fn drift_of(doc: &Value, object: &Value) -> (DriftStatus, Option<Value>) {
    let kind = doc["kind"].as_str().unwrap();
    let desired = desired_view(
        kind,
        doc.get("spec").unwrap_or(&json!({})),
        &opt(&doc["metadata"]["labels"]),
        &opt(&doc["metadata"]["annotations"]),
    );
    let actual = json!({
        "spec": object["spec"],
        "labels": object["metadata"]["labels"],
        "annotations": object["metadata"]["annotations"],
    });
    evaluate(Some(&desired), Some(&actual), true, DriftOptions::default())
}

fn paths(details: &Option<Value>) -> Vec<String> {
    details
        .as_ref()
        .and_then(|d| d["differences"].as_array())
        .map(|l| {
            l.iter()
                .map(|d| d["path"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn webhook_defaulted_samples_show_zero_drift_and_real_changes_show_their_path() {
    let docs = valid_sample_docs();
    assert!(docs.len() > 140, "only {} valid sample docs", docs.len());
    let mut kinds = std::collections::BTreeSet::new();
    for (file, doc) in &docs {
        let copy = hedgehog_cluster_copy(doc);
        // The copy really carries webhook changes (labels at least), so the test can fail.
        assert_ne!(
            copy["metadata"]["labels"], doc["metadata"]["labels"],
            "{file}"
        );
        let (status, details) = drift_of(doc, &copy);
        assert_eq!(
            status,
            DriftStatus::InSync,
            "{file} {}: {details:?}",
            doc["metadata"]["name"]
        );
        kinds.insert(doc["kind"].as_str().unwrap().to_owned());
    }
    for kind in ["VPC", "VPCAttachment", "Switch", "Connection", "VPCPeering"] {
        assert!(kinds.contains(kind), "no valid sample of {kind}: {kinds:?}");
    }

    // A VPC with a subnet: another VLAN, then a removed subnet.
    let (_, vpc) = docs
        .iter()
        .find(|(_, d)| {
            d["kind"] == "VPC"
                && d["spec"]["subnets"]
                    .as_object()
                    .is_some_and(|s| !s.is_empty())
        })
        .unwrap();
    let subnet = vpc["spec"]["subnets"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    let mut copy = hedgehog_cluster_copy(vpc);
    copy["spec"]["subnets"][&subnet]["vlan"] = json!(3999);
    let (status, details) = drift_of(vpc, &copy);
    assert_eq!(status, DriftStatus::SpecDrift);
    assert_eq!(paths(&details), vec![format!("spec.subnets.{subnet}.vlan")]);
    let mut copy = hedgehog_cluster_copy(vpc);
    copy["spec"]["subnets"]
        .as_object_mut()
        .unwrap()
        .remove(&subnet);
    let (status, details) = drift_of(vpc, &copy);
    assert_eq!(status, DriftStatus::SpecDrift);
    assert_eq!(paths(&details), vec![format!("spec.subnets.{subnet}")]);

    // An attachment moved to another subnet is drift even though `/default` is not.
    let (_, attachment) = docs
        .iter()
        .find(|(_, d)| d["kind"] == "VPCAttachment")
        .unwrap();
    let mut copy = hedgehog_cluster_copy(attachment);
    copy["spec"]["subnet"] = json!("other-vpc/default");
    let (status, details) = drift_of(attachment, &copy);
    assert_eq!(status, DriftStatus::SpecDrift);
    assert_eq!(paths(&details), vec!["spec.subnet".to_owned()]);

    // A label the user owns (not a fabric.githedgehog.com one) removed in the cluster.
    let mut labeled = vpc.clone();
    labeled["metadata"]["labels"] = json!({"team": "blue"});
    let mut copy = hedgehog_cluster_copy(&labeled);
    copy["metadata"]["labels"]
        .as_object_mut()
        .unwrap()
        .remove("team");
    let (status, details) = drift_of(&labeled, &copy);
    assert_eq!(status, DriftStatus::SpecDrift);
    assert_eq!(paths(&details), vec!["metadata.labels.team".to_owned()]);
}

/// A fabric's documents from the samples (the demo's VPCs and attachments, and a wiring diagram
/// of switches, connections and namespaces), committed under `fabrics/dc1`.
fn write_demo(env: &Env) -> Vec<Value> {
    let root = Path::new(SAMPLES);
    let mut docs = Vec::new();
    for rel in [
        "demo-gitops/env-1/pre-demo.yaml",
        "demo-gitops/env-1/vpc-test.yaml",
        "docs/master/docs__install-upgrade__build-wiring__block02.yaml",
    ] {
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        let values = serde_saphyr::from_multiple::<Value>(&text).unwrap();
        docs.extend(values.into_iter().filter(|v| {
            v["apiVersion"]
                .as_str()
                .zip(v["kind"].as_str())
                .is_some_and(|(a, k)| hnp_core::hedgehog::kinds::lookup(a, k).is_some())
        }));
        let name = Path::new(rel).file_name().unwrap().to_string_lossy();
        env.git.write(&format!("{DIR}/{name}"), text).unwrap();
    }
    env.git.commit("demo fabric").unwrap();
    assert!(docs.len() >= 25, "demo has {} docs", docs.len());
    docs
}

/// `metadata.name` of each item of a list response.
fn item_names(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["metadata"]["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn reload(env: &Env, id: i32) -> fabric::Model {
    fabric::Entity::find_by_id(id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap()
}

pub(crate) async fn connect(
    env: &Env,
    fabric_id: i32,
    server: &KubeApiServer,
    token: &str,
) -> fabric::Model {
    let fabric = reload(env, fabric_id).await;
    let (fabric, warnings) = cluster::set_cluster(
        &env.core,
        &fabric,
        ClusterInput::Server {
            api_server: server.url().to_owned(),
            ca_cert: Some(server.ca_pem().to_owned()),
            token: Some(token.to_owned()),
            namespace: None,
            insecure_skip_tls_verify: false,
        },
        &Actor::system("test"),
    )
    .await
    .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    fabric
}

pub(crate) async fn read(env: &Env, fabric_id: i32, page_size: u32) -> ClusterReadReport {
    let fabric = reload(env, fabric_id).await;
    cluster::read_paged(
        &env.core,
        &fabric,
        &Requester::cli(),
        &NoProgress,
        None,
        page_size,
    )
    .await
    .unwrap()
}

fn names(list: &[cluster::KindName]) -> Vec<String> {
    list.iter()
        .map(|k| format!("{}/{}", k.kind, k.name))
        .collect()
}

/// Starts a test server holding the cluster copies of `docs`.
fn cluster_of(docs: &[Value]) -> KubeApiServer {
    let server = KubeApiServer::start(hedgehog_kinds()).unwrap();
    for doc in docs {
        server.put(hedgehog_cluster_copy(doc));
    }
    server
}

fn actual_snapshot(
    rows: &BTreeMap<String, resource::Model>,
) -> Vec<(String, Option<Value>, Option<String>, DriftStatus)> {
    rows.iter()
        .map(|(k, r)| {
            (
                k.clone(),
                r.actual_spec.clone(),
                r.actual_resource_version.clone(),
                r.drift_status,
            )
        })
        .collect()
}

async fn reader_end_to_end(backend: Backend) {
    let env = env(backend, false).await;
    let docs = write_demo(&env);
    let fabric = create_fabric(&env, "dc1", DIR).await;
    let ingested = sync(&env, fabric.id).await;
    assert_eq!(ingested.status, OperationStatus::Succeeded, "{ingested:?}");

    // Before any read: drift is unknown.
    let before = resources(&env, fabric.id).await;
    assert!(
        before
            .values()
            .all(|r| r.drift_status == DriftStatus::Unknown)
    );

    let server = cluster_of(&docs);
    let vpc = docs.iter().find(|d| d["kind"] == "VPC").unwrap();
    let vpc_name = vpc["metadata"]["name"].as_str().unwrap().to_owned();
    let subnet = vpc["spec"]["subnets"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    let mut changed = hedgehog_cluster_copy(vpc);
    changed["spec"]["subnets"][&subnet]["vlan"] = json!(3999);
    server.put(changed);
    let gone = docs.iter().find(|d| d["kind"] == "Switch").unwrap();
    let gone_name = gone["metadata"]["name"].as_str().unwrap().to_owned();
    assert!(server.delete("switches", "default", &gone_name));
    server.put(hedgehog_cluster_copy(&json!({
        "apiVersion": "vpc.githedgehog.com/v1beta1",
        "kind": "VPC",
        "metadata": {"name": "rogue"},
        "spec": {"subnets": {"default": {"subnet": "10.250.0.0/24", "vlan": 3000}}}
    })));

    let fabric = connect(&env, fabric.id, &server, TEST_TOKEN).await;
    let report = read(&env, fabric.id, 2).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:?}");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    // One document lives in another namespace than the fabric's: not read, drift unknown.
    let elsewhere: Vec<&Value> = docs
        .iter()
        .filter(|d| {
            d["metadata"]["namespace"]
                .as_str()
                .is_some_and(|ns| ns != "default")
        })
        .collect();
    assert_eq!(elsewhere.len(), 1);
    // The fabric has switches and the test server no Agent CRD: convergence is unknown.
    assert_eq!(
        report.warnings,
        vec![
            "1 resources are in other namespaces than default: not read".to_owned(),
            "Agent (agent.githedgehog.com/v1beta1) is not installed on the cluster: switch \
             convergence is unknown"
                .to_owned(),
        ]
    );
    let in_namespace = docs.len() - elsewhere.len();
    assert_eq!(report.objects as usize, in_namespace, "{report:?}"); // -1 deleted +1 rogue
    assert_eq!(report.actual_updated as usize, in_namespace);
    assert_eq!(names(&report.actual_only), vec!["VPC/rogue".to_owned()]);
    assert_eq!(
        names(&report.desired_only),
        vec![format!("Switch/{gone_name}")]
    );
    assert_eq!(report.drifted.len(), 1, "{:?}", report.drifted);
    assert_eq!(report.drifted[0].kind, "VPC");
    assert_eq!(report.drifted[0].name, vpc_name);
    assert_eq!(
        report.drifted[0].paths,
        vec![format!("spec.subnets.{subnet}.vlan")]
    );
    assert_eq!(report.in_sync as usize, in_namespace - 2);
    // Paginated: lists with limit=2 and continue tokens.
    let requests = server.requests();
    assert!(
        requests
            .iter()
            .any(|r| r.contains("limit=2") && r.contains("continue=")),
        "{requests:?}"
    );

    let rows = resources(&env, fabric.id).await;
    let vpc_row = &rows[&format!("VPC/default/{vpc_name}")];
    assert_eq!(vpc_row.drift_status, DriftStatus::SpecDrift);
    assert_eq!(vpc_row.resource_state, ResourceState::Drifted);
    assert_eq!(
        vpc_row.actual_spec.as_ref().unwrap()["subnets"][&subnet]["vlan"],
        3999
    );
    assert!(vpc_row.actual_resource_version.is_some());
    assert!(vpc_row.actual_updated.is_some());
    assert!(vpc_row.actual_labels.as_ref().unwrap()["fabric.githedgehog.com/vlanns"].is_string());
    let rogue = &rows["VPC/default/rogue"];
    assert_eq!(rogue.resource_state, ResourceState::Orphaned);
    assert_eq!(rogue.drift_status, DriftStatus::ActualOnly);
    assert!(rogue.desired_spec.is_none());
    assert_eq!(
        rows[&format!("Switch/default/{gone_name}")].drift_status,
        DriftStatus::DesiredOnly
    );
    let synced = rows
        .values()
        .filter(|r| r.resource_state == ResourceState::Synced)
        .count();
    assert_eq!(synced, in_namespace - 2);
    let other = elsewhere[0];
    let other_row = &rows[&format!(
        "{}/{}/{}",
        other["kind"].as_str().unwrap(),
        other["metadata"]["namespace"].as_str().unwrap(),
        other["metadata"]["name"].as_str().unwrap()
    )];
    assert_eq!(other_row.drift_status, DriftStatus::Unknown);
    let op = sync_operation::Entity::find_by_id(report.operation_id.clone())
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        op.direction,
        hnp_entity::enums::OperationDirection::ClusterRead
    );
    assert_eq!(op.status, OperationStatus::Succeeded);
    assert_eq!(op.resources_created, 1);

    // Nothing changed in the cluster: no actual state rewritten.
    let again = read(&env, fabric.id, 500).await;
    assert_eq!(again.actual_updated, 0, "{again:?}");
    assert_eq!(again.drifted.len(), 1);

    // The cluster is fixed and the rogue VPC removed: in sync, the orphan row is gone.
    server.put(hedgehog_cluster_copy(vpc));
    assert!(server.delete("vpcs", "default", "rogue"));
    let fixed = read(&env, fabric.id, 500).await;
    assert_eq!(fixed.actual_updated, 1);
    assert!(fixed.drifted.is_empty(), "{:?}", fixed.drifted);
    assert!(fixed.actual_only.is_empty());
    let rows = resources(&env, fabric.id).await;
    assert!(!rows.contains_key("VPC/default/rogue"));
    assert_eq!(
        rows[&format!("VPC/default/{vpc_name}")].drift_status,
        DriftStatus::InSync
    );

    // A Git change to a read fabric recomputes drift at once.
    let path = rows[&format!("VPC/default/{vpc_name}")]
        .managed_file_path
        .clone()
        .unwrap();
    let file = env.git.work_path().join(&path);
    let old = std::fs::read_to_string(&file).unwrap();
    let vlan_line = format!("vlan: {}", vpc["spec"]["subnets"][&subnet]["vlan"]);
    assert!(old.contains(&vlan_line), "{old}");
    env.git
        .write(&path, old.replacen(&vlan_line, "vlan: 1777", 1))
        .unwrap();
    env.git.commit("change a VLAN").unwrap();
    sync(&env, fabric.id).await;
    let rows = resources(&env, fabric.id).await;
    let row = &rows[&format!("VPC/default/{vpc_name}")];
    assert_eq!(row.drift_status, DriftStatus::SpecDrift);
    assert_eq!(
        paths(&row.drift_details),
        vec![format!("spec.subnets.{subnet}.vlan")]
    );
}

#[tokio::test]
async fn reader_end_to_end_sqlite() {
    reader_end_to_end(Backend::Sqlite).await;
}

#[tokio::test]
async fn reader_end_to_end_postgres() {
    reader_end_to_end(Backend::Postgres).await;
}

#[tokio::test]
async fn missing_crd_counts_as_zero_with_a_warning() {
    let env = env(Backend::Sqlite, false).await;
    let docs = write_demo(&env);
    let fabric = create_fabric(&env, "dc1", DIR).await;
    sync(&env, fabric.id).await;
    let server = cluster_of(&docs);
    server.uninstall("Gateway");
    server.uninstall("Switch");
    let fabric = connect(&env, fabric.id, &server, TEST_TOKEN).await;

    let test = cluster::test_connection(&env.core, &fabric, &Actor::system("test"))
        .await
        .unwrap();
    assert!(test.ok, "{test:?}");
    assert_eq!(test.server_version.as_deref(), Some("v1.31.4+k3s1"));
    let installed = |kind: &str| {
        test.kinds
            .iter()
            .find(|k| k.kind == kind)
            .unwrap()
            .installed
    };
    assert!(installed("VPC"));
    assert!(!installed("Switch"));
    assert!(!installed("Gateway"));
    assert!(installed("GatewayPeering"));

    let report = read(&env, fabric.id, 500).await;
    assert_eq!(report.status, OperationStatus::Succeeded, "{report:?}");
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.starts_with("Switch (wiring.githedgehog.com/v1beta1) is not installed")),
        "{:?}",
        report.warnings
    );
    let switches = docs.iter().filter(|d| d["kind"] == "Switch").count();
    assert!(switches > 0);
    assert_eq!(
        report.desired_only.len(),
        switches,
        "{:?}",
        report.desired_only
    );
    assert!(report.desired_only.iter().all(|k| k.kind == "Switch"));
}

#[tokio::test]
async fn auth_failures_and_a_server_dying_mid_list_keep_the_previous_snapshot() {
    let env = env(Backend::Sqlite, false).await;
    let docs = write_demo(&env);
    let fabric = create_fabric(&env, "dc1", DIR).await;
    sync(&env, fabric.id).await;
    let server = cluster_of(&docs);
    connect(&env, fabric.id, &server, TEST_TOKEN).await;
    let first = read(&env, fabric.id, 500).await;
    assert_eq!(first.status, OperationStatus::Succeeded);
    let snapshot = actual_snapshot(&resources(&env, fabric.id).await);

    // The cluster changes, then dies after 3 pages of 1 object.
    for doc in docs.iter().filter(|d| d["kind"] == "VPC") {
        let mut changed = hedgehog_cluster_copy(doc);
        changed["spec"]["vlanNamespace"] = json!("other");
        server.put(changed);
    }
    server.fail_after_pages(Some(3));
    let broken = read(&env, fabric.id, 1).await;
    assert_eq!(broken.status, OperationStatus::Failed, "{broken:?}");
    assert!(
        broken.errors[0].message.contains("503")
            || broken.errors[0].message.contains("shutting down"),
        "{:?}",
        broken.errors
    );
    assert_eq!(actual_snapshot(&resources(&env, fabric.id).await), snapshot);
    server.fail_after_pages(None);

    // A wrong token (401) and a token without permission (403) fail with a clear error and
    // change nothing either.
    for (token, expected) in [("wrong-token-123", "401"), (FORBIDDEN_TOKEN, "403")] {
        connect(&env, fabric.id, &server, token).await;
        let report = read(&env, fabric.id, 500).await;
        assert_eq!(report.status, OperationStatus::Failed);
        let message = &report.errors[0].message;
        assert!(
            message.contains("refused") && message.contains(expected),
            "{message}"
        );
        assert_eq!(actual_snapshot(&resources(&env, fabric.id).await), snapshot);
        let test = cluster::test_connection(
            &env.core,
            &reload(&env, fabric.id).await,
            &Actor::system("test"),
        )
        .await
        .unwrap();
        assert!(!test.ok);
        assert!(test.error.unwrap().contains(expected));
    }

    // No credential is stored in the clear or echoed in operations or audit records.
    let fabric_row = reload(&env, fabric.id).await;
    for token in [TEST_TOKEN, FORBIDDEN_TOKEN, "wrong-token-123"] {
        assert!(!format!("{fabric_row:?}").contains(token));
    }
    let ops = sync_operation::Entity::find()
        .order_by_asc(sync_operation::Column::StartedAt)
        .all(&env.core.db)
        .await
        .unwrap();
    let audits = audit_event::Entity::find()
        .filter(audit_event::Column::FabricId.eq(fabric.id))
        .all(&env.core.db)
        .await
        .unwrap();
    let dump = format!("{ops:?}{audits:?}");
    assert!(dump.contains("fabric.set_cluster"));
    for token in [TEST_TOKEN, FORBIDDEN_TOKEN, "wrong-token-123"] {
        assert!(!dump.contains(token), "{token} leaked");
    }
}

#[tokio::test]
async fn kubeconfig_connection_and_tls_verification() {
    use base64::Engine as _;
    let env = env(Backend::Sqlite, false).await;
    let fabric = create_fabric(&env, "dc1", DIR).await;
    let server = cluster_of(&[]);
    let b64 = base64::engine::general_purpose::STANDARD.encode(server.ca_pem());
    let kubeconfig = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: fab\n  cluster:\n    server: {}\n    certificate-authority-data: {b64}\nusers:\n- name: reader\n  user:\n    token: {TEST_TOKEN}\ncontexts:\n- name: fab-reader\n  context:\n    cluster: fab\n    user: reader\n    namespace: default\n- name: other\n  context:\n    cluster: fab\n    user: reader\ncurrent-context: other\n",
        server.url()
    );
    let (fabric, _) = cluster::set_cluster(
        &env.core,
        &fabric,
        ClusterInput::Kubeconfig {
            content: kubeconfig.clone(),
            context: Some("fab-reader".into()),
            namespace: None,
        },
        &Actor::system("test"),
    )
    .await
    .unwrap();
    assert_eq!(fabric.kubeconfig_context.as_deref(), Some("fab-reader"));
    assert!(!format!("{fabric:?}").contains(TEST_TOKEN));
    let test = cluster::test_connection(&env.core, &fabric, &Actor::system("test"))
        .await
        .unwrap();
    assert!(test.ok, "{test:?}");

    // A context that is not in the file is refused, naming the field.
    let err = cluster::set_cluster(
        &env.core,
        &fabric,
        ClusterInput::Kubeconfig {
            content: kubeconfig,
            context: Some("nope".into()),
            namespace: None,
        },
        &Actor::system("test"),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().starts_with("context:"), "{err}");

    // Without the CA the certificate is not trusted; skipping verification is explicit and
    // reported as a warning.
    let (fabric, warnings) = cluster::set_cluster(
        &env.core,
        &fabric,
        ClusterInput::Server {
            api_server: server.url().to_owned(),
            ca_cert: None,
            token: Some(TEST_TOKEN.into()),
            namespace: None,
            insecure_skip_tls_verify: false,
        },
        &Actor::system("test"),
    )
    .await
    .unwrap();
    assert!(warnings.is_empty());
    let test = cluster::test_connection(&env.core, &fabric, &Actor::system("test"))
        .await
        .unwrap();
    assert!(!test.ok);
    let (fabric, warnings) = cluster::set_cluster(
        &env.core,
        &fabric,
        ClusterInput::Server {
            api_server: server.url().to_owned(),
            ca_cert: None,
            token: None, // keeps the stored token
            namespace: None,
            insecure_skip_tls_verify: true,
        },
        &Actor::system("test"),
    )
    .await
    .unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let test = cluster::test_connection(&env.core, &fabric, &Actor::system("test"))
        .await
        .unwrap();
    assert!(test.ok, "{test:?}");
    assert!(test.warnings.iter().any(|w| w.contains("TLS verification")));

    // The stored token is bound to its server: another host without a new token is refused,
    // and the stored connection is unchanged.
    let err = cluster::set_cluster(
        &env.core,
        &fabric,
        ClusterInput::Server {
            api_server: "https://attacker.example:6443".into(),
            ca_cert: None,
            token: None,
            namespace: None,
            insecure_skip_tls_verify: true,
        },
        &Actor::system("test"),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().starts_with("kubernetes.token:"), "{err}");
    let unchanged = hnp_entity::fabric::Entity::find_by_id(fabric.id)
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged.kubernetes_server, fabric.kubernetes_server);
    assert_eq!(
        unchanged.encrypted_kubernetes_token,
        fabric.encrypted_kubernetes_token
    );
}

/// A kubeconfig stored before vetting existed (written straight into the database) that runs a
/// program fails closed at use: the connection test and the read report an error naming the
/// fabric and the entry, and the program never runs.
#[tokio::test]
async fn a_stored_kubeconfig_that_runs_a_program_fails_closed() {
    stored_kubeconfig_fails_closed(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_stored_kubeconfig_that_runs_a_program_fails_closed_postgres() {
    stored_kubeconfig_fails_closed(Backend::Postgres).await;
}

async fn stored_kubeconfig_fails_closed(backend: Backend) {
    use sea_orm::{ActiveModelTrait, Set};
    let env = env(backend, false).await;
    let fabric = create_fabric(&env, "dc1", DIR).await;
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("pwned");
    let kubeconfig = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {{server: 'https://127.0.0.1:1'}}\nusers:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /bin/sh\n      args: [-c, 'touch {}']\ncontexts:\n- name: x\n  context: {{cluster: c, user: u}}\ncurrent-context: x\n",
        marker.display()
    );
    let mut active: hnp_entity::fabric::ActiveModel = fabric.clone().into();
    active.encrypted_kubeconfig = Set(Some(
        env.core
            .vault
            .encrypt_str(cluster::connection::KUBECONFIG_PURPOSE, &kubeconfig)
            .unwrap(),
    ));
    active.kubeconfig_context = Set(Some("x".into()));
    let fabric = active.update(&env.core.db).await.unwrap();
    let err = cluster::test_connection(&env.core, &fabric, &Actor::system("test"))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("fabric dc1"), "{err}");
    assert!(err.contains("users[0].user.exec"), "{err}");
    let report = cluster::read(&env.core, &fabric, &Requester::cli(), &NoProgress, None)
        .await
        .unwrap();
    assert_eq!(report.status, OperationStatus::Failed);
    let operation = hnp_entity::sync_operation::Entity::find_by_id(report.operation_id.clone())
        .one(&env.core.db)
        .await
        .unwrap()
        .unwrap();
    let message = format!("{:?}", operation.message);
    assert!(message.contains("users[0].user.exec"), "{message}");
    assert!(!marker.exists(), "the kubeconfig's exec command ran");

    // Saving it is refused the same way.
    let err = cluster::set_cluster(
        &env.core,
        &fabric,
        ClusterInput::Kubeconfig {
            content: kubeconfig,
            context: None,
            namespace: None,
        },
        &Actor::system("test"),
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(err.contains("kubeconfig.users[0].user.exec"), "{err}");
    assert!(!marker.exists());
}

fn kubectl_output(
    server: &KubeApiServer,
    ca: &Path,
    home: &Path,
    args: &[&str],
) -> std::process::Output {
    std::process::Command::new("kubectl")
        .args(["--server", server.url(), "--token", TEST_TOKEN])
        .arg(format!("--certificate-authority={}", ca.display()))
        .args(args)
        .env("KUBECONFIG", home.join("no-kubeconfig"))
        .env("HOME", home)
        .output()
        .expect("kubectl is on PATH (make test installs kubernetes-client)")
}

fn kubectl(server: &KubeApiServer, ca: &Path, home: &Path, args: &[&str]) -> Value {
    let out = kubectl_output(server, ca, home, args);
    assert!(
        out.status.success(),
        "kubectl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn kubectl_reads_the_test_api_server() {
    let docs = valid_sample_docs();
    let server = cluster_of(&[]);
    let mut vpcs = Vec::new();
    let mut connections = Vec::new();
    for (_, doc) in &docs {
        let mut doc = doc.clone();
        doc["metadata"]["namespace"] = json!("default");
        let name = doc["metadata"]["name"].as_str().unwrap().to_owned();
        match doc["kind"].as_str() {
            Some("VPC") if !vpcs.contains(&name) => vpcs.push(name),
            Some("Connection") if !connections.contains(&name) => connections.push(name),
            _ => continue,
        }
        server.put(hedgehog_cluster_copy(&doc));
    }
    vpcs.sort();
    connections.sort();
    assert!(connections.len() > 4);
    let home = TempDir::new("kubectl").unwrap();
    let ca = home.path().join("ca.crt");
    std::fs::write(&ca, server.ca_pem()).unwrap();

    let list = kubectl(
        &server,
        &ca,
        home.path(),
        &[
            "get",
            "vpcs.vpc.githedgehog.com",
            "-n",
            "default",
            "-o",
            "json",
        ],
    );
    let got = item_names(&list);
    assert_eq!(got, vpcs);
    let first = &list["items"][0];
    assert!(first["metadata"]["uid"].is_string());
    assert!(first["metadata"]["resourceVersion"].is_string());
    assert_eq!(first["spec"]["vlanNamespace"], "default");

    let before = server.requests().len();
    let list = kubectl(
        &server,
        &ca,
        home.path(),
        &[
            "get",
            "connections.wiring.githedgehog.com",
            "-n",
            "default",
            "-o",
            "json",
            "--chunk-size",
            "2",
        ],
    );
    let got = item_names(&list);
    assert_eq!(got, connections);
    let pages: Vec<String> = server.requests()[before..]
        .iter()
        .filter(|r| r.contains("/connections") && r.contains("limit=2"))
        .cloned()
        .collect();
    assert_eq!(pages.len(), connections.len().div_ceil(2), "{pages:?}");
    assert!(
        pages.iter().skip(1).all(|r| r.contains("continue=")),
        "{pages:?}"
    );

    // A kind whose CRD is missing: kubectl reports the server's answer.
    server.uninstall("Switch");
    let out = kubectl_output(
        &server,
        &ca,
        home.path(),
        &[
            "get",
            "switches.wiring.githedgehog.com",
            "-n",
            "default",
            "-o",
            "json",
        ],
    );
    assert!(!out.status.success());
}
