//! Admission errors known before a commit is ingested. Write-back checks the fabric as it will
//! be after its commit — every resource, with the change set applied — to decide which drafts
//! go in; the ingestion of that commit would check the same fabric again. It takes the errors
//! found then instead, when what it applies is exactly the change set that was checked
//! ([`Foreseen::matches`]); anything else (another change, a document that reads back
//! differently) falls back to the check of [`super::admission::flag`].

use std::collections::{HashMap, HashSet};

use hnp_entity::resource;
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use super::admission::{Touched, invalid_count, set_errors_by_key};
use super::parse::{DesiredDoc, ResourceKey};
use super::plan::Plan;
use crate::error::Result;

/// A resource as a change set leaves it, as far as admission reads it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Assumed {
    pub api_version: String,
    pub spec: Value,
    pub annotations: Option<Value>,
}

/// The admission errors of a fabric after a change set, and the change set they assume.
#[derive(Debug, Default)]
pub(crate) struct Foreseen {
    /// The resources the change set creates or updates (`Some`) or deletes (`None`); every
    /// one was checked.
    pub changes: HashMap<ResourceKey, Option<Assumed>>,
    /// Resources whose stored errors change, with their new errors as stored in
    /// `admission_errors` (`None`: admitted). The others keep theirs.
    pub updates: Vec<(ResourceKey, Option<Value>)>,
}

impl Foreseen {
    /// Whether `plan` applies exactly the assumed changes and nothing else that admission reads
    /// (`touched` tells which rewrites change what admission reads).
    pub(crate) fn matches(&self, plan: &Plan, touched: &Touched) -> bool {
        let same = |doc: &DesiredDoc| match self.changes.get(&doc.key()) {
            Some(Some(assumed)) => {
                assumed.api_version == doc.api_version
                    && assumed.spec == doc.spec
                    && assumed.annotations == doc.annotations
            }
            _ => false,
        };
        let rewritten: HashSet<i32> = touched.ids.iter().copied().collect();
        let rewrites = plan
            .rewrites
            .iter()
            .filter(|(id, _)| rewritten.contains(id));
        let mut seen = 0;
        for doc in plan.creates.iter().chain(rewrites.map(|(_, doc)| doc)) {
            if !same(doc) {
                return false;
            }
            seen += 1;
        }
        for existing in &plan.deletes {
            if !matches!(self.changes.get(&existing.key), Some(None)) {
                return false;
            }
            seen += 1;
        }
        seen == self.changes.len()
    }

    /// Writes the errors that change (a statement per 200 resources); returns how many
    /// resources of the fabric have errors.
    pub(crate) async fn store(&self, db: &impl ConnectionTrait, fabric_id: i32) -> Result<u32> {
        use resource::Column as C;
        let set = self
            .updates
            .iter()
            .filter_map(|(key, errors)| Some((key, errors.as_ref()?)));
        set_errors_by_key(db, fabric_id, set).await?;
        let cleared: Vec<&ResourceKey> = self
            .updates
            .iter()
            .filter(|(_, errors)| errors.is_none())
            .map(|(key, _)| key)
            .collect();
        for chunk in cleared.chunks(200) {
            resource::Entity::update_many()
                .col_expr(
                    C::AdmissionErrors,
                    sea_orm::sea_query::Expr::value(None::<Value>),
                )
                .filter(crate::db::resource_keys(fabric_id, chunk.iter().copied()))
                .exec(db)
                .await?;
        }
        Ok(invalid_count(db, fabric_id).await? as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::ingest::plan::Existing;
    use serde_json::json;

    fn key(name: &str) -> ResourceKey {
        ResourceKey {
            kind: "VPC".into(),
            namespace: "default".into(),
            name: name.into(),
        }
    }

    fn doc(name: &str, spec: Value) -> DesiredDoc {
        DesiredDoc {
            kind: "VPC".into(),
            api_version: "vpc.githedgehog.com/v1beta1".into(),
            namespace: "default".into(),
            name: name.into(),
            spec,
            labels: None,
            annotations: None,
            path: format!("managed/vpcs/{name}.yaml"),
            hash: String::new(),
        }
    }

    fn foreseen(changes: &[(&str, Option<Value>)]) -> Foreseen {
        let mut f = Foreseen::default();
        for (name, spec) in changes {
            f.changes.insert(
                key(name),
                spec.clone().map(|spec| Assumed {
                    api_version: "vpc.githedgehog.com/v1beta1".into(),
                    spec,
                    annotations: None,
                }),
            );
        }
        f
    }

    fn deleted(id: i32, name: &str) -> Existing {
        Existing {
            id,
            key: key(name),
            path: None,
            hash: None,
            has_desired: true,
            has_actual: false,
            has_draft: false,
        }
    }

    #[test]
    fn matches_only_the_assumed_change_set() {
        let f = foreseen(&[("a", Some(json!({"x": 1}))), ("b", None)]);
        let touched = Touched {
            ids: vec![1, 2],
            ..Default::default()
        };
        let plan = |spec: Value, extra: bool| {
            let mut plan = Plan {
                rewrites: vec![(1, doc("a", spec))],
                deletes: vec![deleted(2, "b")],
                ..Default::default()
            };
            if extra {
                plan.creates.push(doc("c", json!({})));
            }
            plan
        };
        assert!(f.matches(&plan(json!({"x": 1}), false), &touched));
        // The document reads back differently from the checked spec.
        assert!(!f.matches(&plan(json!({"x": 2}), false), &touched));
        // Something else changed as well.
        assert!(!f.matches(&plan(json!({"x": 1}), true), &touched));
        // An assumed change did not happen.
        let partial = Plan {
            rewrites: vec![(1, doc("a", json!({"x": 1})))],
            ..Default::default()
        };
        assert!(!f.matches(&partial, &touched));
        // A rewrite that changes nothing admission reads is not a change.
        let untouched = Touched {
            ids: vec![2],
            ..Default::default()
        };
        let mut plan = plan(json!({"x": 1}), false);
        plan.rewrites.push((3, doc("z", json!({"other": true}))));
        assert!(!f.matches(&plan, &untouched), "a is not rewritten at all");
    }
}
