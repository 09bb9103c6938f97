//! Listing one managed kind of the fabric's namespace from the cluster (all pages), reduced to
//! what the cluster reader ([`read`](mod@super::read)) stores.

use kube::Resource;
use kube::api::{ApiResource, DynamicObject, ListParams};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::connection::{self, api_status, from_kube};
use crate::error::{Error, Result};
use crate::hedgehog::kinds::KindInfo;

/// Retries of one list request answered 429/503/504 (after 0.4, 0.8, 1.6 s).
const TRANSIENT_RETRIES: u32 = 3;

/// One listed object, reduced to what is stored.
pub(super) struct Listed {
    pub(super) info: &'static KindInfo,
    pub(super) name: String,
    pub(super) resource_version: Option<String>,
    pub(super) spec: Value,
    pub(super) status: Option<Value>,
    pub(super) labels: Option<Value>,
    pub(super) annotations: Option<Value>,
    /// `metadata.managedFields` reduced to `[{manager, operation, time, fields}]`, `fields`
    /// being the `fieldsV1` tree below `f:spec` (entries that own nothing in `spec` are dropped).
    pub(super) managed_fields: Option<Value>,
    /// `metadata.generation`.
    pub(super) generation: Option<i64>,
}

fn string_map(map: Option<std::collections::BTreeMap<String, String>>) -> Option<Value> {
    map.filter(|m| !m.is_empty()).map(|m| {
        Value::Object(
            m.into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect::<Map<String, Value>>(),
        )
    })
}

/// A list response reduced to what the reader keeps. Deserializing into this (instead of
/// `DynamicObject`, whose flattened `data` is buffered twice) skips every metadata field it does
/// not name without building values for them; of `managedFields` only the spec part is kept.
#[derive(Deserialize)]
struct SlimList {
    #[serde(default)]
    metadata: SlimListMeta,
    #[serde(default)]
    items: Vec<SlimObject>,
}

#[derive(Deserialize, Default)]
struct SlimListMeta {
    #[serde(rename = "continue")]
    continue_: Option<String>,
}

#[derive(Deserialize)]
struct SlimObject {
    #[serde(default)]
    metadata: SlimMeta,
    spec: Option<Value>,
    status: Option<Value>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct SlimMeta {
    name: Option<String>,
    resource_version: Option<String>,
    generation: Option<i64>,
    labels: Option<std::collections::BTreeMap<String, String>>,
    annotations: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default)]
    managed_fields: Vec<ManagedEntry>,
}

/// One entry of `metadata.managedFields` (server-side apply field ownership).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ManagedEntry {
    manager: Option<String>,
    operation: Option<String>,
    time: Option<String>,
    fields_v1: Option<ManagedFieldsV1>,
}

#[derive(Deserialize)]
struct ManagedFieldsV1 {
    #[serde(rename = "f:spec")]
    spec: Option<Value>,
}

/// The entries that own something in `spec`, as stored.
fn managed_spec_fields(entries: Vec<ManagedEntry>) -> Option<Value> {
    let kept: Vec<Value> = entries
        .into_iter()
        .filter_map(|e| {
            let fields = e.fields_v1?.spec.filter(Value::is_object)?;
            Some(serde_json::json!({
                "manager": e.manager.unwrap_or_default(),
                "operation": e.operation.unwrap_or_default(),
                "time": e.time,
                "fields": fields,
            }))
        })
        .collect();
    (!kept.is_empty()).then_some(Value::Array(kept))
}

fn listed(info: &'static KindInfo, object: SlimObject) -> Option<Listed> {
    Some(Listed {
        info,
        name: object.metadata.name?,
        resource_version: object.metadata.resource_version,
        spec: object
            .spec
            .filter(|s| !s.is_null())
            .unwrap_or(Value::Object(Map::new())),
        status: object.status.filter(|s| !s.is_null()),
        labels: string_map(object.metadata.labels),
        annotations: string_map(object.metadata.annotations),
        managed_fields: managed_spec_fields(object.metadata.managed_fields),
        generation: object.metadata.generation,
    })
}

/// Outcome of listing one kind.
pub(super) enum KindList {
    Objects(Vec<Listed>),
    NotInstalled,
}

pub(super) async fn list_kind(
    client: kube::Client,
    namespace: String,
    info: &'static KindInfo,
    page_size: u32,
) -> Result<KindList> {
    let resource = ApiResource {
        group: info.group.to_owned(),
        version: info.version.to_owned(),
        api_version: info.api_version(),
        kind: info.kind.to_owned(),
        plural: info.plural.to_owned(),
    };
    let request = kube::core::Request::new(DynamicObject::url_path(&resource, Some(&namespace)));
    let mut params = ListParams::default().limit(page_size);
    let mut out = Vec::new();
    let mut first = true;
    loop {
        let mut attempt = 0;
        let page = loop {
            let http = request
                .list(&params)
                .map_err(|e| Error::Cluster(connection::ClusterError::Api(e.to_string())))?;
            match client.request::<SlimList>(http).await {
                Ok(page) => break page,
                Err(e) if first && api_status(&e) == Some(404) => {
                    return Ok(KindList::NotInstalled);
                }
                // Overloaded or restarting API server: a few quick retries, then fail the read
                // (the next scheduled read is the real retry).
                Err(e)
                    if attempt < TRANSIENT_RETRIES
                        && matches!(api_status(&e), Some(429 | 503 | 504)) =>
                {
                    attempt += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(200 << attempt)).await;
                }
                Err(e) => return Err(from_kube(&format!("listing {}", info.plural), e)),
            }
        };
        first = false;
        out.extend(page.items.into_iter().filter_map(|o| listed(info, o)));
        match page.metadata.continue_.filter(|c| !c.is_empty()) {
            Some(token) => params = params.continue_token(&token),
            None => break,
        }
    }
    Ok(KindList::Objects(out))
}
