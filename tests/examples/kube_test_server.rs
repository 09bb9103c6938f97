//! The Kubernetes test API server as a process, for benchmarks: serves the cluster copies
//! (webhook labels and defaults, server metadata) of every managed document under a directory
//! of YAML files, with `--drift-every N` of the VPCs on another VLAN (changed by the field
//! manager `kubectl-edit`, as `kubectl edit` records it in `managedFields`) and `--agents N`
//! Hedgehog Agents (`agent.githedgehog.com/v1beta1`) for the first N Switches, each with its
//! generation applied and a fresh heartbeat.
//!
//! Prints one JSON line `{"url", "ca_file", "token", "objects", "agents"}` and serves until
//! killed. Usage: kube_test_server <dir> [--ca-file FILE] [--drift-every N] [--agents N]

use std::path::{Path, PathBuf};

use hnp_tests::kube_server::{
    KubeApiServer, TEST_TOKEN, agent_kind, hedgehog_cluster_copy, hedgehog_kinds, now,
};
use serde_json::{Value, json};

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            yaml_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().ok_or_else(|| {
        anyhow::anyhow!(
            "usage: kube_test_server <dir> [--ca-file FILE] [--drift-every N] [--agents N]"
        )
    })?);
    let mut ca_file = std::env::temp_dir().join(format!("hnp-kube-ca-{}.crt", std::process::id()));
    let mut drift_every = 0usize;
    let mut agents = 0usize;
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .ok_or_else(|| anyhow::anyhow!("{flag} needs a value"))?;
        match flag.as_str() {
            "--ca-file" => ca_file = PathBuf::from(value),
            "--drift-every" => drift_every = value.parse()?,
            "--agents" => agents = value.parse()?,
            other => anyhow::bail!("unknown option {other}"),
        }
    }
    let mut files = Vec::new();
    yaml_files(&dir, &mut files)?;
    files.sort();
    let mut kinds = hedgehog_kinds();
    kinds.push(agent_kind());
    let server = KubeApiServer::start(kinds)?;
    let mut agents_served = 0usize;
    let mut objects = 0usize;
    let mut vpcs = 0usize;
    for file in files {
        let text = std::fs::read_to_string(&file)?;
        let Ok(docs) = serde_saphyr::from_multiple::<Value>(&text) else {
            continue;
        };
        for doc in docs {
            let (Some(api), Some(kind)) = (doc["apiVersion"].as_str(), doc["kind"].as_str()) else {
                continue;
            };
            if hnp_core::hedgehog::kinds::lookup(api, kind).is_none() {
                continue;
            }
            let copy = server.put(hedgehog_cluster_copy(&doc));
            objects += 1;
            let name = copy["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let namespace = copy["metadata"]["namespace"]
                .as_str()
                .unwrap_or("default")
                .to_owned();
            if kind == "VPC" {
                vpcs += 1;
                if drift_every > 0 && vpcs.is_multiple_of(drift_every) {
                    server.edit(
                        "vpcs",
                        &namespace,
                        &name,
                        "kubectl-edit",
                        json!({"f:spec": {"f:subnets": {}}}),
                        |o| {
                            if let Some(subnets) = o["spec"]["subnets"].as_object_mut() {
                                for subnet in subnets.values_mut() {
                                    subnet["vlan"] = json!(3999);
                                }
                            }
                        },
                    );
                }
            }
            if kind == "Switch" && agents_served < agents {
                let agent = server.put(json!({
                    "apiVersion": "agent.githedgehog.com/v1beta1",
                    "kind": "Agent",
                    "metadata": {"name": name, "namespace": namespace},
                    "spec": {"switch": copy["spec"]},
                }));
                let stamp = now();
                server.put_status(
                    "agents",
                    &namespace,
                    &name,
                    json!({"lastAppliedGen": agent["metadata"]["generation"],
                           "lastAppliedTime": stamp, "lastHeartbeat": stamp}),
                );
                agents_served += 1;
            }
        }
    }
    std::fs::write(&ca_file, server.ca_pem())?;
    println!(
        "{}",
        json!({"url": server.url(), "ca_file": ca_file, "token": TEST_TOKEN, "objects": objects,
               "agents": agents_served})
    );
    loop {
        std::thread::park();
    }
}
