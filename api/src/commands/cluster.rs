//! `hnp fabric set-cluster`, `test-cluster` and `switches`: a fabric's cluster connection and
//! what its switches' agents report.

use hnp_core::audit::Actor;
use hnp_core::context::Core;
use hnp_core::{cluster, repositories};
use serde_json::json;

use crate::cli::{FabricRef, SetClusterArgs};
use crate::output::{Reported, print_json, read_stdin_value};

/// `hnp fabric set-cluster`.
pub async fn set_cluster(core: Core, args: SetClusterArgs) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.fabric).await?;
    let actor = Actor::system("cli");
    if args.clear {
        let fabric = cluster::clear_cluster(&core, &fabric, &actor).await?;
        eprintln!("Removed the cluster connection of fabric {}", fabric.name);
        if args.json {
            print_json(&json!({"fabric": fabric.name, "configured": false}));
        }
        return Ok(());
    }
    let input = if let Some(server) = args.server {
        let ca_cert = match &args.ca_file {
            Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
                hnp_core::Error::validation("ca-file", format!("{}: {e}", path.display()))
            })?),
            None => None,
        };
        let token = if args.token_stdin {
            Some(read_stdin_value("token")?)
        } else {
            None
        };
        cluster::ClusterInput::Server {
            api_server: server,
            ca_cert,
            token,
            namespace: args.namespace,
            insecure_skip_tls_verify: args.insecure_skip_tls_verify,
        }
    } else if let Some(path) = args.kubeconfig {
        let content = std::fs::read_to_string(&path).map_err(|e| {
            hnp_core::Error::validation("kubeconfig", format!("{}: {e}", path.display()))
        })?;
        cluster::ClusterInput::Kubeconfig {
            content,
            context: args.context,
            namespace: args.namespace,
        }
    } else if args.in_cluster {
        cluster::ClusterInput::InCluster {
            namespace: args.namespace,
        }
    } else {
        unreachable!("clap requires --server, --kubeconfig, --in-cluster or --clear")
    };
    let (fabric, warnings) = cluster::set_cluster(&core, &fabric, input, &actor).await?;
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    eprintln!(
        "Cluster connection of fabric {} saved (namespace {})",
        fabric.name, fabric.kubernetes_namespace
    );
    if args.json {
        print_json(&json!({
            "fabric": fabric.name,
            "configured": true,
            "server": fabric.kubernetes_server,
            "in_cluster": cluster::in_cluster::is_in_cluster(&fabric),
            "kubeconfig_context": fabric.kubeconfig_context,
            "namespace": fabric.kubernetes_namespace,
            "insecure_skip_tls_verify": fabric.kubernetes_insecure_skip_tls_verify,
            "warnings": warnings,
        }));
    }
    Ok(())
}

/// `hnp fabric test-cluster`.
/// `hnp fabric switches`: each switch's Agent convergence at the last cluster read.
pub async fn switches(core: Core, args: FabricRef) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.fabric).await?;
    let switches = cluster::agents::switches(&core.db, fabric.id).await?;
    if args.json {
        print_json(&serde_json::json!({ "switches": switches }));
    } else if switches.is_empty() {
        println!("no switches in {}", fabric.name);
    } else {
        for s in &switches {
            let state = serde_json::to_value(s.agent.state).unwrap_or_default();
            println!(
                "{}\t{}\tgeneration {}\tapplied {}",
                s.name,
                state.as_str().unwrap_or("UNKNOWN"),
                s.agent.generation.map_or("-".into(), |g| g.to_string()),
                s.agent
                    .applied_generation
                    .map_or("-".into(), |g| g.to_string()),
            );
        }
    }
    Ok(())
}

pub async fn test_cluster(core: Core, args: FabricRef) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.fabric).await?;
    let report = cluster::test_connection(&core, &fabric, &Actor::system("cli")).await?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if report.ok {
        let installed: Vec<&str> = report
            .kinds
            .iter()
            .filter(|k| k.installed)
            .map(|k| k.kind.as_str())
            .collect();
        let missing: Vec<&str> = report
            .kinds
            .iter()
            .filter(|k| !k.installed)
            .map(|k| k.kind.as_str())
            .collect();
        eprintln!(
            "Connected: Kubernetes {}; installed: {}{}",
            report.server_version.as_deref().unwrap_or("?"),
            if installed.is_empty() {
                "none".to_owned()
            } else {
                installed.join(", ")
            },
            if missing.is_empty() {
                String::new()
            } else {
                format!("; not installed: {}", missing.join(", "))
            }
        );
    }
    if args.json {
        print_json(&serde_json::to_value(&report)?);
    }
    match report.error {
        Some(error) => Err(Reported(format!(
            "cluster connection test of fabric {} failed: {error}",
            fabric.name
        ))
        .into()),
        None => Ok(()),
    }
}
