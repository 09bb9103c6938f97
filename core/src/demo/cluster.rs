//! The demo's **simulated cluster**: for each demo fabric, a simulated Kubernetes API server
//! (`hnp-kube-sim`, loopback HTTPS, a CA and a bearer token generated per start) serving what a
//! cluster installed from the fabric's Git files would hold — the cluster copy of every managed
//! document, with Hedgehog's webhook defaults — plus, so the cluster shows actual state and
//! drift like a real one:
//! - `demo`: one field edited in the cluster by `kubectl edit` (a VPC subnet's VLAN, recorded
//!   in the object's `metadata.managedFields` by the manager `kubectl-edit`, operation
//!   `Update`) and one object that is not in Git (the VPC [`ORPHAN`]);
//! - both fabrics: an `Agent` (`agent.githedgehog.com/v1beta1`) per switch, named after it, its
//!   `status.lastAppliedGen` its generation and `status.lastHeartbeat` the start time.
//!
//! While the demo runs, [`SimulatedCluster::tick`] (every [`TICK_EVERY`]) plays the fabric's
//! GitOps applier and controller: objects whose desired state changed in Git since the first
//! step are applied to the cluster (deleted ones deleted), every Agent gets a new generation and
//! applies it at the next step, heartbeats stay fresh — so a write-back's convergence
//! (committed → in cluster → on switches) can be watched in the demo.
//!
//! Each start connects the fabric to its simulator through [`cluster::set_cluster`] (the port,
//! CA and token change every start). A fabric whose connection is not the simulator of the
//! previous start (the user connected a real cluster) keeps it: its URL is remembered in
//! `HNP_DATA_DIR/demo/simulated-<fabric>.url`. Which URLs are simulated is process state
//! ([`is_simulated`]), never stored in the database, so no real connection inherits the label.
//! Nothing here reads the cluster: the fabric's cluster status stays unknown until a read.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Mutex;

use hnp_kube_sim::{KubeApiServer, agent_kind, hedgehog_cluster_copy, hedgehog_kinds};
use serde_json::{Value, json};

use crate::audit::Actor;
use crate::cluster::connection::DEFAULT_NAMESPACE;
use crate::cluster::{self, ClusterInput, KindName};
use crate::context::Core;
use crate::error::{Error, Result};
use crate::repositories;
use hnp_entity::resource;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The VPC only the demo cluster holds (created there by hand, never committed to Git).
pub const ORPHAN: &str = "vpc-manual";
/// The manager recorded for the field edited in the cluster.
pub const EDIT_MANAGER: &str = "kubectl-edit";

/// API server URLs of the simulators running in this process.
static SIMULATED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// Whether `api_server` is the URL of a simulated cluster running in this process (the demo's).
pub fn is_simulated(api_server: &str) -> bool {
    SIMULATED
        .lock()
        .map(|set| set.contains(api_server))
        .unwrap_or(false)
}

/// The key of a simulated object: (kind, namespace, name).
type ObjectKey = (String, String, String);

/// A demo fabric's simulated cluster; dropping it stops the simulator and unregisters its URL.
pub struct SimulatedCluster {
    pub fabric: String,
    pub server: KubeApiServer,
    /// The object edited by [`EDIT_MANAGER`], and the field path changed.
    pub drifted: Option<(KindName, String)>,
    /// The object in the cluster and not in Git.
    pub orphan: Option<KindName>,
    /// Agents served (one per switch).
    pub agents: usize,
    /// (namespace, name) of each Agent, for [`SimulatedCluster::heartbeat`].
    agent_keys: Vec<(String, String)>,
    /// The desired spec of each Git object as last applied to the cluster
    /// ([`SimulatedCluster::tick`]; taken from the database at the first tick).
    applied: Mutex<Option<std::collections::HashMap<ObjectKey, Value>>>,
}

impl SimulatedCluster {
    pub fn url(&self) -> &str {
        self.server.url()
    }

    /// Every Agent reports a fresh heartbeat with its current generation applied, as the agent
    /// of a healthy switch does (`lastAppliedTime` moves when the generation it applies is
    /// new). [`SimulatedCluster::tick`] calls it, so the switches do not turn `STALE` while the
    /// demo runs.
    pub fn heartbeat(&self) {
        let now = hnp_kube_sim::now();
        for (namespace, name) in &self.agent_keys {
            let Some(agent) = self.server.get("agents", namespace, name) else {
                continue;
            };
            let generation = agent["metadata"]["generation"].as_u64().unwrap_or(1);
            let applied_time = match agent["status"]["lastAppliedGen"].as_u64() {
                Some(applied) if applied == generation => agent["status"]["lastAppliedTime"]
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| now.clone()),
                _ => now.clone(),
            };
            self.server.put_status(
                "agents",
                namespace,
                name,
                json!({"lastAppliedGen": generation, "lastAppliedTime": applied_time,
                       "lastHeartbeat": now}),
            );
        }
    }

    /// One step of the simulated fabric: what the fabric's GitOps applier and controller would
    /// do. Agents given a new generation by the previous step apply it now (heartbeat); then
    /// every Git object whose desired spec changed since it was last applied (a write-back, an
    /// adoption, an external commit ingested) is applied to the cluster, objects deleted from
    /// Git are deleted, and — when anything changed — every switch's Agent gets a new
    /// generation that it applies at the next step. The first step only takes note of Git's
    /// state (what the cluster was started from), so the edited field and the orphan stay until
    /// a commit changes that object. Returns how many objects it applied or deleted.
    pub async fn tick(&self, core: &Core) -> Result<usize> {
        self.heartbeat();
        let fabric = repositories::find_fabric(core, &self.fabric).await?;
        let rows = resource::Entity::find()
            .filter(resource::Column::FabricId.eq(fabric.id))
            .filter(resource::Column::DesiredSpec.is_not_null())
            .all(&core.db)
            .await?;
        let mut changed = 0;
        let mut guard = lock(&self.applied);
        let Some(applied) = guard.as_mut() else {
            *guard = Some(
                rows.into_iter()
                    .filter_map(|r| Some(((r.kind, r.namespace, r.name), r.desired_spec?)))
                    .collect(),
            );
            return Ok(0);
        };
        let mut in_git = std::collections::HashSet::new();
        for row in rows {
            let (Some(spec), true) = (
                row.desired_spec.clone(),
                crate::hedgehog::kinds::lookup(&row.api_version, &row.kind).is_some(),
            ) else {
                continue;
            };
            let key = (row.kind.clone(), row.namespace.clone(), row.name.clone());
            in_git.insert(key.clone());
            if applied.get(&key) == Some(&spec) {
                continue;
            }
            let mut metadata = json!({"name": row.name, "namespace": row.namespace});
            for (field, value) in [("labels", &row.labels), ("annotations", &row.annotations)] {
                if let Some(value) = value.as_ref().filter(|v| v.is_object()) {
                    metadata[field] = value.clone();
                }
            }
            self.server.put(hedgehog_cluster_copy(&json!({
                "apiVersion": row.api_version,
                "kind": row.kind,
                "metadata": metadata,
                "spec": spec,
            })));
            applied.insert(key, spec);
            changed += 1;
        }
        let gone: Vec<ObjectKey> = applied
            .keys()
            .filter(|k| !in_git.contains(*k))
            .cloned()
            .collect();
        for (kind, namespace, name) in gone {
            if let Some(info) = crate::hedgehog::kinds::all()
                .iter()
                .find(|i| i.kind == kind)
            {
                self.server.delete(info.plural, &namespace, &name);
            }
            applied.remove(&(kind, namespace, name));
            changed += 1;
        }
        drop(guard);
        if changed > 0 {
            self.roll_out();
        }
        Ok(changed)
    }

    /// Every Agent gets a new generation (its switch's configuration changed), not applied yet.
    fn roll_out(&self) {
        let now = hnp_kube_sim::now();
        for (namespace, name) in &self.agent_keys {
            let Some(mut agent) = self.server.get("agents", namespace, name) else {
                continue;
            };
            let status = agent
                .as_object_mut()
                .and_then(|a| a.remove("status"))
                .unwrap_or(Value::Null);
            self.server.put(agent);
            let mut status = if status.is_object() {
                status
            } else {
                json!({})
            };
            status["lastHeartbeat"] = json!(now);
            self.server.put_status("agents", namespace, name, status);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// How often the demo's simulated fabric steps ([`SimulatedCluster::tick`]): applies new Git
/// state, rolls it out to the Agents, reports heartbeats.
pub const TICK_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

impl Drop for SimulatedCluster {
    fn drop(&mut self) {
        if let Ok(mut set) = SIMULATED.lock() {
            set.remove(self.server.url());
        }
    }
}

impl std::fmt::Debug for SimulatedCluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimulatedCluster")
            .field("fabric", &self.fabric)
            .field("url", &self.server.url())
            .field("drifted", &self.drifted)
            .field("orphan", &self.orphan)
            .field("agents", &self.agents)
            .finish()
    }
}

/// The managed documents of `files` as a cluster would have been given them.
fn documents(files: &[(&str, &str)]) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for (path, content) in files {
        let docs = crate::yaml::parse_documents(content.as_bytes(), &Default::default())
            .map_err(|e| Error::validation(*path, e.to_string()))?;
        out.extend(docs.into_iter().map(|d| d.value).filter(|v| {
            v["apiVersion"]
                .as_str()
                .zip(v["kind"].as_str())
                .is_some_and(|(a, k)| crate::hedgehog::kinds::lookup(a, k).is_some())
        }));
    }
    Ok(out)
}

/// A bearer token of 32 random hex digits.
fn token() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::Vault(format!("no randomness: {e}")))?;
    Ok(format!("hnp-sim-{}", hex::encode(bytes)))
}

fn name_of(object: &Value) -> String {
    object["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn namespace_of(object: &Value) -> String {
    object["metadata"]["namespace"]
        .as_str()
        .unwrap_or(DEFAULT_NAMESPACE)
        .to_owned()
}

/// Starts the simulator of one fabric holding the cluster copies of `docs`, then (with
/// `diverge`) the edited field and the orphan, and an Agent per switch.
fn simulate(
    fabric: &str,
    docs: &[Value],
    diverge: bool,
    token: &str,
) -> std::result::Result<SimulatedCluster, String> {
    let mut kinds = hedgehog_kinds();
    kinds.push(agent_kind());
    let server = KubeApiServer::start_with_token(kinds, token).map_err(|e| e.to_string())?;
    let mut vlans = BTreeSet::new();
    for doc in docs {
        let copy = hedgehog_cluster_copy(doc);
        if let Some(subnets) = copy["spec"]["subnets"].as_object() {
            vlans.extend(subnets.values().filter_map(|s| s["vlan"].as_u64()));
        }
        server.put(copy);
    }
    let free_vlan = |from: u64, vlans: &mut BTreeSet<u64>| {
        let vlan = (from..4094).find(|v| !vlans.contains(v)).unwrap_or(4093);
        vlans.insert(vlan);
        vlan
    };

    let mut drifted = None;
    let mut orphan = None;
    if diverge {
        // The first VPC (by name) with a subnet: its VLAN changed by `kubectl edit`.
        let vpc = docs
            .iter()
            .filter(|d| d["kind"] == "VPC")
            .filter(|d| {
                d["spec"]["subnets"]
                    .as_object()
                    .is_some_and(|s| !s.is_empty())
            })
            .min_by_key(|d| name_of(d));
        if let Some(vpc) = vpc {
            let name = name_of(vpc);
            let namespace = namespace_of(vpc);
            let subnets = vpc["spec"]["subnets"].as_object().expect("subnets");
            let (subnet, spec) = subnets.iter().next().expect("a subnet");
            let vlan = free_vlan(spec["vlan"].as_u64().unwrap_or(1000) + 10, &mut vlans);
            let fields = json!({"f:spec": {"f:subnets": {format!("f:{subnet}"): {"f:vlan": {}}}}});
            server
                .edit("vpcs", &namespace, &name, EDIT_MANAGER, fields, |object| {
                    object["spec"]["subnets"][subnet.as_str()]["vlan"] = json!(vlan);
                })
                .ok_or_else(|| format!("VPC {name} is not in the simulated cluster"))?;
            drifted = Some((
                KindName {
                    kind: "VPC".to_owned(),
                    name,
                },
                format!("spec.subnets.{subnet}.vlan"),
            ));
        }
        // A VPC created in the cluster by hand, not in Git.
        let vlan = free_vlan(1250, &mut vlans);
        server.put(hedgehog_cluster_copy(&json!({
            "apiVersion": "vpc.githedgehog.com/v1beta1",
            "kind": "VPC",
            "metadata": {"name": ORPHAN, "namespace": DEFAULT_NAMESPACE},
            "spec": {"subnets": {"default": {"subnet": "10.10.250.0/24", "vlan": vlan}}}
        })));
        orphan = Some(KindName {
            kind: "VPC".to_owned(),
            name: ORPHAN.to_owned(),
        });
    }

    // An agent per switch, reporting the generation it applied and a heartbeat.
    let mut agents = 0;
    let mut agent_keys = Vec::new();
    for switch in docs.iter().filter(|d| d["kind"] == "Switch") {
        let name = name_of(switch);
        let namespace = namespace_of(switch);
        let copy = hedgehog_cluster_copy(switch);
        let agent = server.put(json!({
            "apiVersion": "agent.githedgehog.com/v1beta1",
            "kind": "Agent",
            "metadata": {"name": name, "namespace": namespace},
            "spec": {"switch": copy["spec"]},
        }));
        let generation = agent["metadata"]["generation"].as_u64().unwrap_or(1);
        server.put_status(
            "agents",
            &namespace,
            &name,
            json!({"lastAppliedGen": generation, "lastHeartbeat": hnp_kube_sim::now()}),
        );
        agents += 1;
        agent_keys.push((namespace, name));
    }

    SIMULATED
        .lock()
        .map_err(|_| "simulator registry poisoned".to_owned())?
        .insert(server.url().to_owned());
    Ok(SimulatedCluster {
        fabric: fabric.to_owned(),
        server,
        drifted,
        orphan,
        agents,
        agent_keys,
        applied: Mutex::new(None),
    })
}

/// Where the URL of a fabric's simulator of the last start is kept.
fn url_file(core: &Core, fabric: &str) -> PathBuf {
    core.config
        .data_dir
        .join("demo")
        .join(format!("simulated-{fabric}.url"))
}

/// Starts the simulated cluster of each demo fabric and connects the fabric to it (see the
/// module documentation). A fabric connected to something else than the previous start's
/// simulator is left alone (and gets none). Call after [`super::seed`].
pub async fn start(core: &Core) -> Result<Vec<SimulatedCluster>> {
    let mut out = Vec::new();
    for (name, files, diverge) in [
        (super::FABRIC, &super::FILES[..], true),
        (super::TOPOLOGY_FABRIC, &super::TOPOLOGY_FILES[..], false),
    ] {
        let fabric = repositories::find_fabric(core, name).await?;
        let file = url_file(core, name);
        let previous = std::fs::read_to_string(&file).ok();
        let ours = match (&fabric.kubernetes_server, &previous) {
            _ if !cluster::is_configured(&fabric) => true,
            (Some(server), Some(previous)) => server == previous.trim(),
            _ => false,
        };
        if !ours {
            tracing::info!(
                fabric = name,
                "demo fabric keeps its own cluster connection: no simulated cluster"
            );
            continue;
        }
        let docs = documents(files)?;
        let owned = name.to_owned();
        let token = token()?;
        let secret = token.clone();
        let simulated =
            tokio::task::spawn_blocking(move || simulate(&owned, &docs, diverge, &secret))
                .await
                .map_err(|e| Error::Io(format!("background task failed: {e}")))?
                .map_err(|e| Error::Io(format!("simulated cluster of {name}: {e}")))?;
        cluster::set_cluster(
            core,
            &fabric,
            ClusterInput::Server {
                api_server: simulated.url().to_owned(),
                ca_cert: Some(simulated.server.ca_pem().to_owned()),
                token: Some(token),
                namespace: None,
                insecure_skip_tls_verify: false,
            },
            &Actor::system("demo"),
        )
        .await?;
        std::fs::write(&file, simulated.url()).map_err(|e| Error::io(&file, e))?;
        out.push(simulated);
    }
    Ok(out)
}
