//! A resource's history (its events, newest first) and field blame (who last set each leaf of
//! its desired spec), both from `resource_events` (see `crate::history`).

use chrono::{DateTime, Utc};
use hnp_entity::enums::ResourceEventKind;
use hnp_entity::{resource, resource_event};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::hedgehog::kinds::ResourceKey;
use crate::history::paths;
use crate::sync::drafts;

/// One event of a resource's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceEvent {
    pub id: i32,
    pub kind: ResourceEventKind,
    pub at: DateTime<Utc>,
    /// The Git author (`Name <email>`) for Git commits, the HNP username otherwise.
    pub actor: Option<String>,
    pub commit: Option<String>,
    pub operation_id: Option<String>,
    pub message: Option<String>,
    pub paths: Vec<String>,
}

impl From<resource_event::Model> for ResourceEvent {
    fn from(row: resource_event::Model) -> Self {
        ResourceEvent {
            id: row.id,
            kind: row.event_kind,
            at: row.at,
            actor: row.actor,
            commit: row.commit_sha,
            operation_id: row.operation_id,
            message: row.message,
            paths: paths_of(row.paths.as_ref()),
        }
    }
}

fn paths_of(value: Option<&serde_json::Value>) -> Vec<String> {
    value
        .and_then(|v| v.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|p| p.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The key with its kind spelled as HNP knows it (`vpc` → `VPC`); an unknown kind is an error
/// naming the `kind` field.
pub fn canonical_key(key: &ResourceKey) -> Result<ResourceKey> {
    let info = drafts::kind_info(&key.kind)?;
    if key.name.is_empty() {
        return Err(Error::validation("name", "must not be empty"));
    }
    if key.namespace.is_empty() {
        return Err(Error::validation("namespace", "must not be empty"));
    }
    Ok(ResourceKey {
        kind: info.kind.to_owned(),
        namespace: key.namespace.clone(),
        name: key.name.clone(),
    })
}

fn of_resource(fabric_id: i32, key: &ResourceKey) -> sea_orm::Select<resource_event::Entity> {
    use resource_event::Column as C;
    resource_event::Entity::find()
        .filter(C::FabricId.eq(fabric_id))
        .filter(C::ResourceKind.eq(key.kind.as_str()))
        .filter(C::Namespace.eq(key.namespace.as_str()))
        .filter(C::Name.eq(key.name.as_str()))
}

/// Events of a resource, newest first: `limit` of them from `offset`, and how many there are.
pub async fn history(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    key: &ResourceKey,
    offset: u64,
    limit: u64,
) -> Result<(Vec<ResourceEvent>, u64)> {
    let key = &canonical_key(key)?;
    use resource_event::Column as C;
    let rows = of_resource(fabric_id, key)
        .order_by_desc(C::At)
        .order_by_desc(C::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    let total = if offset == 0 && (rows.len() as u64) < limit {
        rows.len() as u64
    } else {
        of_resource(fabric_id, key).count(db).await?
    };
    Ok((rows.into_iter().map(ResourceEvent::from).collect(), total))
}

/// Where the last change of a field came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BlameSource {
    /// A commit made outside HNP.
    Git,
    /// An HNP write-back (a draft made in HNP).
    Gui,
}

/// Who last set one leaf of the desired spec. All but `path` are `None` when no recorded event
/// covers it (history not backfilled that far).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldBlame {
    pub path: String,
    pub commit: Option<String>,
    pub author: Option<String>,
    pub at: Option<DateTime<Utc>>,
    pub source: Option<BlameSource>,
}

/// Events of a resource read for blame, at most.
const BLAME_EVENTS: u64 = 5000;

/// Field blame of a resource's desired spec: one entry per leaf (dotted paths, in document
/// order), from the newest Git event whose paths cover it (a creation covers every field).
/// Events older than the resource's last creation or deletion belong to an earlier resource of
/// the same name and are not used.
pub async fn blame(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    key: &ResourceKey,
) -> Result<Vec<FieldBlame>> {
    let key = &canonical_key(key)?;
    use resource::Column as R;
    let desired: Option<Option<serde_json::Value>> = resource::Entity::find()
        .select_only()
        .column(R::DesiredSpec)
        .filter(R::FabricId.eq(fabric_id))
        .filter(R::Kind.eq(key.kind.as_str()))
        .filter(R::Namespace.eq(key.namespace.as_str()))
        .filter(R::Name.eq(key.name.as_str()))
        .into_tuple()
        .one(db)
        .await?;
    let Some(desired) = desired else {
        return Err(Error::not_found(format!("resource {key}")));
    };
    let Some(spec) = desired else {
        return Ok(Vec::new());
    };
    use resource_event::Column as C;
    let events = of_resource(fabric_id, key)
        .filter(C::EventKind.is_in([
            ResourceEventKind::GitCommit,
            ResourceEventKind::WriteBack,
            ResourceEventKind::Created,
            ResourceEventKind::Deleted,
        ]))
        .order_by_desc(C::At)
        .order_by_desc(C::Id)
        .limit(BLAME_EVENTS)
        .all(db)
        .await?;
    Ok(blame_of(&spec, &events))
}

/// [`blame`] over loaded events (newest first).
pub fn blame_of(spec: &serde_json::Value, events: &[resource_event::Model]) -> Vec<FieldBlame> {
    let mut leaves = Vec::new();
    paths::leaves(spec, "spec", &mut leaves);
    // Events up to the last creation (included) or deletion (excluded).
    let mut relevant: Vec<(&resource_event::Model, Vec<String>)> = Vec::new();
    for event in events {
        match event.event_kind {
            ResourceEventKind::Deleted => break,
            ResourceEventKind::Created => {
                relevant.push((event, Vec::new()));
                break;
            }
            _ => relevant.push((event, paths_of(event.paths.as_ref()))),
        }
    }
    leaves
        .into_iter()
        .map(|leaf| {
            let found = relevant.iter().find(|(event, paths)| {
                event.event_kind == ResourceEventKind::Created
                    || paths.is_empty()
                    || paths.iter().any(|p| paths::covers(p, &leaf))
            });
            match found {
                Some((event, _)) => FieldBlame {
                    path: leaf,
                    commit: event.commit_sha.clone(),
                    author: event.actor.clone(),
                    at: Some(event.at),
                    source: Some(if event.operation_id.is_some() {
                        BlameSource::Gui
                    } else {
                        BlameSource::Git
                    }),
                },
                None => FieldBlame {
                    path: leaf,
                    commit: None,
                    author: None,
                    at: None,
                    source: None,
                },
            }
        })
        .collect()
}
