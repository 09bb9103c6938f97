//! The `Resource` nodes of a `resources` page, resolved in one pass when the selection allows.
//!
//! async-graphql resolves each field of an object as a boxed future, dispatched by comparing
//! its name with every field of the type, and collects the values into a map. For a page of
//! 100 nodes × 10 scalar fields that is 1,000 futures and about half of the server's CPU time
//! per request (`bench/api_bench.py --profile`: ids only against the full page). A node whose
//! selection is nothing but plain scalar fields (no arguments, directives, fragments or
//! sub-selections; aliases and `__typename` are fine) is built here directly, with the same
//! values the resolvers of [`Resource`] give; any other selection goes through them. (`@skip`
//! and `@include` are gone by then: async-graphql applies them to the document first.)

use std::borrow::Cow;

use async_graphql::parser::types::{Field, Selection};
use async_graphql::registry::Registry;
use async_graphql::resolver_utils::enum_value;
use async_graphql::{ContextSelectionSet, OutputType, Positioned, ScalarType, ServerResult};
use async_graphql::{ID, Value};
use chrono::{DateTime, Utc};

use super::super::enums;
use super::Resource;

/// A `Resource` as a page node: the same GraphQL type, resolved by [`plain_object`] when it can.
pub struct PageNode(pub Resource);

impl OutputType for PageNode {
    fn type_name() -> Cow<'static, str> {
        <Resource as OutputType>::type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        <Resource as OutputType>::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        match plain_object(&self.0, &ctx.item.node.items) {
            Some(value) => Ok(value),
            None => OutputType::resolve(&self.0, ctx, field).await,
        }
    }
}

/// The object `selection` asks of `resource`, when every selected field is a plain scalar
/// field (see the module documentation); `None` when the resolvers must run.
pub(crate) fn plain_object(
    resource: &Resource,
    selection: &[Positioned<Selection>],
) -> Option<Value> {
    let mut object = async_graphql::indexmap::IndexMap::with_capacity(selection.len());
    for item in selection {
        let Selection::Field(field) = &item.node else {
            return None;
        };
        let field = &field.node;
        if !field.arguments.is_empty()
            || !field.directives.is_empty()
            || !field.selection_set.node.items.is_empty()
        {
            return None;
        }
        let key = field.response_key().node.clone();
        if object.contains_key(&key) {
            // The same field again (validation refuses a different one under the same key).
            continue;
        }
        let value = match field.name.node.as_str() {
            "__typename" => Value::String(<Resource as OutputType>::type_name().into_owned()),
            name => scalar(resource, name)?,
        };
        object.insert(key, value);
    }
    Some(Value::Object(object))
}

/// The value of `Resource.<name>` for the scalar fields that need neither arguments nor I/O,
/// exactly as its resolver gives it; `None` for every other field. Kept equal to the resolvers
/// by `api/tests/graphql.rs` (`page_nodes_resolve_as_the_resolvers_do`).
fn scalar(resource: &Resource, name: &str) -> Option<Value> {
    let r = &resource.0;
    Some(match name {
        "id" => id(r.id),
        "fabricId" => id(r.fabric_id),
        "kind" => text(&r.kind),
        "apiVersion" => text(&r.api_version),
        "namespace" => text(&r.namespace),
        "name" => text(&r.name),
        "desiredCommit" => optional(r.desired_commit.as_deref(), text),
        "desiredUpdated" => optional(r.desired_updated, time),
        "draftOperation" => optional(r.draft_operation, |o| {
            enum_value(enums::DraftOperation::from(o))
        }),
        "draftUpdated" => optional(r.draft_updated, time),
        "draftUpdatedBy" => optional(r.draft_updated_by.as_deref(), text),
        "hasDraft" => Value::Boolean(r.draft_operation.is_some()),
        "actualUpdated" => optional(r.actual_updated, time),
        "managedFilePath" => optional(r.managed_file_path.as_deref(), text),
        "fileHash" => optional(r.file_hash.as_deref(), text),
        "lastFileSync" => optional(r.last_file_sync, time),
        "syncDirection" => enum_value(enums::SyncDirection::from(r.sync_direction)),
        "conflictStatus" => enum_value(enums::ConflictStatus::from(r.conflict_status)),
        "resourceState" => enum_value(enums::ResourceState::from(r.resource_state)),
        "driftStatus" => enum_value(enums::DriftStatus::from(r.drift_status)),
        "draftNote" => optional(r.draft_note.as_deref(), text),
        "createdAt" => time(r.created_at),
        "updatedAt" => time(r.updated_at),
        _ => return None,
    })
}

fn id(value: i32) -> Value {
    ID(value.to_string()).to_value()
}

fn text(value: &str) -> Value {
    Value::String(value.to_owned())
}

fn time(value: DateTime<Utc>) -> Value {
    value.to_value()
}

fn optional<T>(value: Option<T>, present: impl FnOnce(T) -> Value) -> Value {
    value.map_or(Value::Null, present)
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::types::{DocumentOperations, ExecutableDocument};

    /// The selection under `edges { node { … } }` of the document's only operation.
    fn node_selection(document: &ExecutableDocument) -> Vec<Positioned<Selection>> {
        let DocumentOperations::Single(operation) = &document.operations else {
            panic!("one operation expected");
        };
        let mut set = &operation.node.selection_set.node;
        for name in ["resources", "edges", "node"] {
            set = set
                .items
                .iter()
                .find_map(|s| match &s.node {
                    Selection::Field(f) if f.node.name.node == name => {
                        Some(&f.node.selection_set.node)
                    }
                    _ => None,
                })
                .unwrap_or_else(|| panic!("no {name} in the document"));
        }
        set.items.clone()
    }

    fn resource() -> Resource {
        use hnp_entity::enums as e;
        let at = chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:05Z")
            .unwrap()
            .to_utc();
        Resource(hnp_entity::resource::Model {
            id: 7,
            fabric_id: 3,
            kind: "VPC".into(),
            api_version: "vpc.githedgehog.com/v1beta1".into(),
            namespace: "default".into(),
            name: "vpc-1".into(),
            desired_spec: None,
            draft_spec: None,
            actual_spec: None,
            created_at: at,
            updated_at: at,
            managed_file_path: None,
            file_hash: None,
            last_file_sync: None,
            sync_direction: e::SyncDirection::GitToGui,
            conflict_status: e::ConflictStatus::None,
            labels: None,
            annotations: None,
            desired_commit: None,
            desired_updated: None,
            draft_operation: None,
            draft_base_hash: None,
            draft_base_commit: None,
            draft_base_spec: None,
            draft_updated: None,
            draft_updated_by: None,
            actual_status: None,
            actual_labels: None,
            actual_annotations: None,
            actual_resource_version: None,
            actual_managed_fields: None,
            agent_status: None,
            actual_updated: None,
            resource_state: e::ResourceState::Committed,
            drift_status: e::DriftStatus::Unknown,
            drift_details: None,
            draft_note: None,
            admission_errors: None,
        })
    }

    fn plain(query: &str) -> Option<Value> {
        let document = async_graphql::parser::parse_query(query).unwrap();
        plain_object(&resource(), &node_selection(&document))
    }

    #[test]
    fn plain_scalar_selections_are_built_in_selection_order_with_aliases() {
        let value = plain("{ resources { edges { node { name k: kind id __typename id } } } }")
            .expect("plain fields resolve here");
        assert_eq!(
            value.into_json().unwrap(),
            serde_json::json!({"name": "vpc-1", "k": "VPC", "id": "7", "__typename": "Resource"})
        );
    }

    #[test]
    fn other_selections_are_left_to_the_resolvers() {
        for query in [
            "{ resources { edges { node { id desiredSpec } } } }",
            "{ resources { edges { node { id fabric { id } } } } }",
            "{ resources { edges { node { id history(first: 1) { totalCount } } } } }",
            "{ resources { edges { node { id name @include(if: true) } } } }",
            "{ resources { edges { node { id ... on Resource { name } } } } }",
            "{ resources { edges { node { id ...F } } } } fragment F on Resource { name }",
            "{ resources { edges { node { id nosuchfield } } } }",
        ] {
            assert_eq!(plain(query), None, "{query}");
        }
    }
}
