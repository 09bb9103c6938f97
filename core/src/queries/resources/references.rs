//! Links between the resources of a fabric, from the reference extraction of
//! [`crate::hedgehog::validate::references`]: what a resource refers to (its spec's references,
//! resolved to rows with one query per target kind) and what refers to it (the fabric's
//! resources of the kinds that can refer to its kind, one query per kind).
//!
//! The spec read is the one the resource will have: the draft when there is one, else the
//! desired state, else the actual state.

use std::collections::{BTreeMap, BTreeSet};

use hnp_entity::resource;
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::Value;

use crate::error::Result;
use crate::hedgehog::validate::references;

/// One end of a reference: the other resource's kind and name, the path of the field holding
/// the reference (in the referring resource's spec), and the other resource's id when it exists
/// in the fabric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: String,
    pub name: String,
    pub path: String,
    pub resource_id: Option<i32>,
}

/// The kinds whose specs can refer to `kind` (see `hedgehog/references.rs`).
pub fn referrer_kinds(kind: &str) -> &'static [&'static str] {
    match kind {
        "VPC" => &[
            "VPCAttachment",
            "VPCPeering",
            "ExternalPeering",
            "VPC",
            "Connection",
            "GatewayPeering",
        ],
        "Connection" => &["VPCAttachment", "ExternalAttachment"],
        "External" => &["ExternalPeering", "ExternalAttachment", "GatewayPeering"],
        "IPv4Namespace" => &["VPC", "External"],
        "VLANNamespace" => &["VPC", "Switch"],
        "SwitchGroup" => &["Switch"],
        "Switch" | "Server" | "Gateway" => &["Connection"],
        "GatewayGroup" => &["Gateway", "GatewayPeering"],
        _ => &[],
    }
}

/// The spec references are read from.
fn spec_of(row: &resource::Model) -> Option<&Value> {
    row.draft_spec
        .as_ref()
        .or(row.desired_spec.as_ref())
        .or(row.actual_spec.as_ref())
}

/// What `row` refers to, in field order, each target resolved to its row in the same fabric
/// (one query per target kind).
pub async fn references_of(db: &impl ConnectionTrait, row: &resource::Model) -> Result<Vec<Link>> {
    let Some(spec) = spec_of(row) else {
        return Ok(Vec::new());
    };
    let refs = references(&row.kind, spec);
    let mut by_kind: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in &refs {
        by_kind.entry(r.kind).or_default().insert(r.name.as_str());
    }
    let mut ids: BTreeMap<(String, String), i32> = BTreeMap::new();
    for (kind, names) in by_kind {
        let found: Vec<(i32, String)> = resource::Entity::find()
            .select_only()
            .column(resource::Column::Id)
            .column(resource::Column::Name)
            .filter(resource::Column::FabricId.eq(row.fabric_id))
            .filter(resource::Column::Kind.eq(kind))
            .filter(resource::Column::Name.is_in(names.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        for (id, name) in found {
            ids.entry((kind.to_owned(), name)).or_insert(id);
        }
    }
    Ok(refs
        .into_iter()
        .map(|r| Link {
            resource_id: ids.get(&(r.kind.to_owned(), r.name.clone())).copied(),
            kind: r.kind.to_owned(),
            name: r.name,
            path: r.path,
        })
        .collect())
}

/// The resources of `row`'s fabric whose specs refer to it (kind and name), ordered by kind and
/// name: one query per kind that can refer to `row`'s kind, narrowed in SQL to specs whose text
/// holds the name, then checked with the reference extraction.
pub async fn referenced_by(db: &impl ConnectionTrait, row: &resource::Model) -> Result<Vec<Link>> {
    let mut links = Vec::new();
    let pattern = format!("%{}%", like_escape(&row.name));
    for referrer in referrer_kinds(&row.kind) {
        let mut holds_name = Condition::any();
        for column in ["desired_spec", "draft_spec", "actual_spec"] {
            holds_name = holds_name.add(
                Expr::cust(format!("CAST({column} AS TEXT)"))
                    .like(LikeExpr::new(pattern.clone()).escape('\\')),
            );
        }
        let candidates = resource::Entity::find()
            .filter(resource::Column::FabricId.eq(row.fabric_id))
            .filter(resource::Column::Kind.eq(*referrer))
            .filter(holds_name)
            .all(db)
            .await?;
        for candidate in candidates {
            if candidate.id == row.id {
                continue;
            }
            let Some(spec) = spec_of(&candidate) else {
                continue;
            };
            if let Some(r) = references(&candidate.kind, spec)
                .into_iter()
                .find(|r| r.kind == row.kind && r.name == row.name)
            {
                links.push(Link {
                    kind: candidate.kind.clone(),
                    name: candidate.name.clone(),
                    path: r.path,
                    resource_id: Some(candidate.id),
                });
            }
        }
    }
    links.sort_by(|a, b| (&a.kind, &a.name).cmp(&(&b.kind, &b.name)));
    Ok(links)
}

/// `text` with the LIKE wildcards and the escape character escaped (escape `\`).
pub(crate) fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queries::tests::{add, add_fabric, database, row};
    use serde_json::json;

    #[tokio::test]
    async fn references_both_ways_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let db = database(&dir).await;
        let f = add_fabric(&db, "f").await;
        let other = add_fabric(&db, "other").await;
        let mut vpc = row(f, "VPC", "vpc-1");
        vpc.desired_spec =
            Some(json!({ "subnets": { "default": { "subnet": "10.0.1.0/24", "vlan": 1001 } } }));
        let vpc_id = add(&db, vpc).await;
        let mut conn = row(f, "Connection", "server-1--unbundled--leaf-1");
        conn.desired_spec = Some(json!({ "unbundled": { "link": {
            "server": { "port": "server-1/enp2s1" }, "switch": { "port": "leaf-1/E1/1" } } } }));
        let conn_id = add(&db, conn).await;
        let leaf_id = add(&db, row(f, "Switch", "leaf-1")).await;
        let mut att = row(f, "VPCAttachment", "vpc-1--server-1");
        att.desired_spec =
            Some(json!({ "connection": "server-1--unbundled--leaf-1", "subnet": "vpc-1/default" }));
        let att_id = add(&db, att).await;
        // A look-alike in another fabric, and one whose spec only mentions the name elsewhere.
        let mut elsewhere = row(other, "VPCAttachment", "vpc-1--x");
        elsewhere.desired_spec = Some(json!({ "connection": "c", "subnet": "vpc-1/default" }));
        add(&db, elsewhere).await;
        let mut mention = row(f, "VPCAttachment", "mentions");
        mention.desired_spec = Some(json!({ "connection": "vpc-1", "subnet": "vpc-2/default" }));
        add(&db, mention).await;

        let att = crate::queries::resources::get(&db, att_id).await.unwrap();
        let refs = references_of(&db, &att).await.unwrap();
        assert_eq!(
            refs,
            [
                Link {
                    kind: "Connection".into(),
                    name: "server-1--unbundled--leaf-1".into(),
                    path: "spec.connection".into(),
                    resource_id: Some(conn_id),
                },
                Link {
                    kind: "VPC".into(),
                    name: "vpc-1".into(),
                    path: "spec.subnet".into(),
                    resource_id: Some(vpc_id),
                },
            ]
        );
        let vpc = crate::queries::resources::get(&db, vpc_id).await.unwrap();
        let by = referenced_by(&db, &vpc).await.unwrap();
        assert_eq!(
            by.iter()
                .map(|l| (l.name.as_str(), l.path.as_str(), l.resource_id))
                .collect::<Vec<_>>(),
            [("vpc-1--server-1", "spec.subnet", Some(att_id))]
        );
        let conn = crate::queries::resources::get(&db, conn_id).await.unwrap();
        let refs = references_of(&db, &conn).await.unwrap();
        let targets: Vec<_> = refs
            .iter()
            .map(|l| (l.kind.as_str(), l.name.as_str(), l.resource_id))
            .collect();
        assert_eq!(
            targets,
            [
                ("Server", "server-1", None),
                ("Switch", "leaf-1", Some(leaf_id))
            ]
        );
        let leaf = crate::queries::resources::get(&db, leaf_id).await.unwrap();
        let by = referenced_by(&db, &leaf).await.unwrap();
        assert_eq!(by.len(), 1);
        assert_eq!(by[0].resource_id, Some(conn_id));
        assert_eq!(by[0].path, "spec.unbundled.link.switch.port");
    }
}
