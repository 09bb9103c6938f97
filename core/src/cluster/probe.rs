//! The connection test of a fabric's cluster: server version and which Hedgehog CRDs are
//! installed (audited).

use serde::Serialize;

use super::connection::{api_status, client, from_kube, warnings};
use super::in_cluster;
use crate::audit::{self, Actor};
use crate::context::Core;
use crate::error::{Error, Result};
use crate::hedgehog::kinds;
use hnp_entity::fabric;

/// One managed kind as seen by the connection test.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct KindAvailability {
    pub kind: String,
    pub api_version: String,
    pub installed: bool,
}

/// What [`test_connection`] found.
#[derive(Debug, Clone, Serialize)]
pub struct ConnectionTest {
    pub ok: bool,
    pub server: Option<String>,
    pub namespace: String,
    /// `major.minor` and git version of the API server, e.g. `v1.31.2`.
    pub server_version: Option<String>,
    pub kinds: Vec<KindAvailability>,
    pub warnings: Vec<String>,
    /// Why the test failed (never contains credentials).
    pub error: Option<String>,
}

/// Contacts the API server: its version, then which Hedgehog CRDs are installed (discovery of
/// each managed group/version). Never fails on a cluster error: the report says what failed.
/// Audited as `fabric.test_cluster`.
pub async fn test_connection(
    core: &Core,
    fabric: &fabric::Model,
    actor: &Actor,
) -> Result<ConnectionTest> {
    let report = probe(core, fabric).await?;
    audit::record(
        &core.db,
        actor,
        audit::Entry {
            action: "fabric.test_cluster".into(),
            target_type: "fabric".into(),
            target_id: Some(fabric.id.to_string()),
            fabric_id: Some(fabric.id),
            summary: Some(format!(
                "cluster connection test of {}: {}",
                fabric.name,
                if report.ok { "ok" } else { "failed" }
            )),
            ..Default::default()
        },
    )
    .await?;
    Ok(report)
}

async fn probe(core: &Core, fabric: &fabric::Model) -> Result<ConnectionTest> {
    let mut report = ConnectionTest {
        ok: false,
        server: if in_cluster::is_in_cluster(fabric) {
            // The API server the pod's environment names (the marker when it names none).
            Some(in_cluster::server_url().unwrap_or_else(|_| in_cluster::IN_CLUSTER.to_owned()))
        } else {
            fabric.kubernetes_server.clone()
        },
        namespace: fabric.kubernetes_namespace.clone(),
        server_version: None,
        kinds: Vec::new(),
        warnings: warnings(fabric),
        error: None,
    };
    let (client, _) = match client(core, fabric).await {
        Ok(c) => c,
        Err(Error::Cluster(e)) => {
            report.error = Some(e.to_string());
            return Ok(report);
        }
        Err(e) => return Err(e),
    };
    match client.apiserver_version().await {
        Ok(info) => report.server_version = Some(info.git_version),
        Err(e) => {
            report.error = Some(from_kube("server version", e).to_string());
            return Ok(report);
        }
    }
    let mut groups: Vec<String> = kinds::all().iter().map(|k| k.api_version()).collect();
    groups.dedup();
    for group_version in groups {
        let served: Vec<String> = match client.list_api_group_resources(&group_version).await {
            Ok(list) => list.resources.into_iter().map(|r| r.name).collect(),
            Err(e) if api_status(&e) == Some(404) => Vec::new(),
            Err(e) => {
                report.error = Some(from_kube(&group_version, e).to_string());
                return Ok(report);
            }
        };
        for info in kinds::all()
            .iter()
            .filter(|k| k.api_version() == group_version)
        {
            report.kinds.push(KindAvailability {
                kind: info.kind.to_owned(),
                api_version: group_version.clone(),
                installed: served.iter().any(|name| name == info.plural),
            });
        }
    }
    if !report.kinds.iter().any(|k| k.installed) {
        report
            .warnings
            .push("no Hedgehog CRD is installed on this cluster".to_owned());
    }
    report.ok = true;
    Ok(report)
}
