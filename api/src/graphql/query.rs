//! Queries. Viewers read everything except users and the audit log (admin).

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use hnp_core::queries::{self, resources};
use hnp_entity::enums::Role;
use hnp_entity::resource;

use super::types::{
    AuditEvent, Conflict, Fabric, FeatureFlag, GitRepository, PageNode, Resource, SyncOperation,
    User,
};
use super::{CoreResult, caller, coded, enums, int_id, require, state};

/// `totalCount` of a connection.
#[derive(SimpleObject)]
pub struct Total {
    pub total_count: u64,
}

pub type Page<T> = Connection<String, T, Total, EmptyFields>;

/// Largest page a client may ask for.
pub const MAX_PAGE: u64 = 500;

/// Largest offset a cursor may name (far beyond any real table; keeps offsets within the
/// signed 64-bit range databases bind).
pub const MAX_OFFSET: u64 = 1 << 40;

/// Offset pagination with opaque-looking cursors (`o:<offset>`).
pub(crate) fn window(first: Option<i32>, after: Option<&str>) -> Result<(u64, u64)> {
    let limit = match first {
        None => 50,
        Some(n) if n < 0 => {
            return Err(coded("first: must not be negative", "VALIDATION_FAILED"));
        }
        Some(n) => Ord::min(n as u64, MAX_PAGE),
    };
    let offset = match after {
        None => 0,
        Some(cursor) => {
            cursor
                .strip_prefix("o:")
                .and_then(|n| n.parse::<u64>().ok())
                .filter(|n| *n < MAX_OFFSET)
                .ok_or_else(|| {
                    let shown: String = cursor.chars().take(64).collect();
                    coded(
                        format!("after: invalid cursor {shown:?}"),
                        "VALIDATION_FAILED",
                    )
                })?
                + 1
        }
    };
    Ok((offset, limit))
}

pub(crate) fn page<T: async_graphql::OutputType>(
    items: Vec<T>,
    offset: u64,
    total: u64,
) -> Page<T> {
    let count = items.len() as u64;
    let mut connection = Connection::with_additional_fields(
        offset > 0,
        offset + count < total,
        Total { total_count: total },
    );
    connection.edges.extend(
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| Edge::new(format!("o:{}", offset + i as u64), item)),
    );
    connection
}

#[derive(Default)]
pub struct Query;

#[Object]
impl Query {
    /// The authenticated user.
    async fn me(&self, ctx: &Context<'_>) -> Result<User> {
        Ok(User(caller(ctx)?.clone()))
    }

    async fn git_repositories(&self, ctx: &Context<'_>) -> Result<Vec<GitRepository>> {
        caller(ctx)?;
        let rows = queries::repositories::all(&state(ctx).core.db)
            .await
            .gql()?;
        Ok(rows.into_iter().map(GitRepository).collect())
    }

    async fn git_repository(&self, ctx: &Context<'_>, id: ID) -> Result<Option<GitRepository>> {
        caller(ctx)?;
        let id = int_id(&id, "id")?;
        Ok(queries::repositories::by_id(&state(ctx).core.db, id)
            .await
            .gql()?
            .map(GitRepository))
    }

    async fn fabrics(&self, ctx: &Context<'_>) -> Result<Vec<Fabric>> {
        caller(ctx)?;
        let rows = queries::fabrics::all(&state(ctx).core.db).await.gql()?;
        super::types::prime_counters(ctx, rows.iter().map(|f| f.id)).await?;
        Ok(rows.into_iter().map(Fabric).collect())
    }

    async fn fabric(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Fabric>> {
        caller(ctx)?;
        let id = int_id(&id, "id")?;
        Ok(queries::fabrics::by_id(&state(ctx).core.db, id)
            .await
            .gql()?
            .map(Fabric))
    }

    /// A fabric's drift ignore rules (kind, then path), each with the differences it hides now.
    async fn drift_ignore_rules(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
    ) -> Result<Vec<super::mutation::DriftIgnoreRule>> {
        caller(ctx)?;
        let id = int_id(&fabric_id, "fabricId")?;
        let core = &state(ctx).core;
        let fabric = queries::fabrics::get(&core.db, id).await.gql()?;
        Ok(hnp_core::sync::drift_ignore::list(core, &fabric)
            .await
            .gql()?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// A fabric's notification targets, oldest first (never their secrets).
    async fn notification_targets(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
    ) -> Result<Vec<super::mutation::NotificationTarget>> {
        caller(ctx)?;
        let id = int_id(&fabric_id, "fabricId")?;
        let core = &state(ctx).core;
        let fabric = queries::fabrics::get(&core.db, id).await.gql()?;
        Ok(hnp_core::notify::targets::list(core, &fabric)
            .await
            .gql()?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// A fabric's notification delivery log (or one target's), newest attempt first; one row
    /// per attempt. `limit` defaults to 50 (at most 500).
    async fn notification_deliveries(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
        target_id: Option<ID>,
        limit: Option<i32>,
    ) -> Result<Vec<super::mutation::NotificationDelivery>> {
        caller(ctx)?;
        let id = int_id(&fabric_id, "fabricId")?;
        let target = target_id.map(|t| int_id(&t, "targetId")).transpose()?;
        let core = &state(ctx).core;
        let fabric = queries::fabrics::get(&core.db, id).await.gql()?;
        let limit = u64::try_from(limit.unwrap_or(50)).unwrap_or(1);
        Ok(
            hnp_core::notify::deliver::deliveries(core, &fabric, target, limit)
                .await
                .gql()?
                .into_iter()
                .map(Into::into)
                .collect(),
        )
    }

    /// Resources, filtered, ordered by kind, namespace and name.
    #[allow(clippy::too_many_arguments)]
    async fn resources(
        &self,
        ctx: &Context<'_>,
        fabric_id: Option<ID>,
        kind: Option<String>,
        namespace: Option<String>,
        #[graphql(
            desc = "substring of the name or of a value in the desired or draft spec (a subnet, a VLAN, a port; case-insensitive)"
        )]
        search: Option<String>,
        state: Option<enums::ResourceState>,
        drift_status: Option<enums::DriftStatus>,
        conflict_status: Option<enums::ConflictStatus>,
        has_draft: Option<bool>,
        #[graphql(
            desc = "by Hedgehog admission of the desired state: INVALID = has admission errors"
        )]
        admission: Option<enums::AdmissionFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<PageNode>> {
        caller(ctx)?;
        let filter = resources::Filter {
            fabric_id: fabric_id.map(|id| int_id(&id, "fabricId")).transpose()?,
            kind,
            namespace,
            search,
            state: state.map(Into::into),
            drift_status: drift_status.map(Into::into),
            conflict_status: conflict_status.map(Into::into),
            has_draft,
            invalid: admission.map(|a| a == enums::AdmissionFilter::Invalid),
        };
        let (offset, limit) = window(first, after.as_deref())?;
        let look = ctx.look_ahead();
        let node = look.field("edges").field("node");
        let nodes = look.field("nodes");
        // The JSON columns are the expensive part of a page: load them only when asked for.
        let heavy = HEAVY_FIELDS
            .iter()
            .any(|f| node.field(f).exists() || nodes.field(f).exists());
        // hasNextPage needs the total too; skip the count only when neither is asked for.
        let want_total = look.field("totalCount").exists()
            || look.field("pageInfo").field("hasNextPage").exists();
        let columns = (!heavy).then(|| {
            let selected: Vec<_> = node
                .selection_fields()
                .into_iter()
                .chain(nodes.selection_fields())
                .collect();
            light_columns(selected.iter().flat_map(|f| f.selection_set()))
        });
        let (rows, total) = resources::search(
            &state_of(ctx).core.db,
            &filter,
            offset,
            limit,
            want_total,
            columns.as_deref(),
        )
        .await
        .gql()?;
        let total = total.unwrap_or(offset + rows.len() as u64);
        Ok(page(
            rows.into_iter().map(|r| PageNode(Resource(r))).collect(),
            offset,
            total,
        ))
    }

    async fn resource(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Resource>> {
        caller(ctx)?;
        let id = int_id(&id, "id")?;
        Ok(resources::by_id(&state(ctx).core.db, id)
            .await
            .gql()?
            .map(Resource))
    }

    async fn conflicts(
        &self,
        ctx: &Context<'_>,
        fabric_id: Option<ID>,
        status: Option<enums::ConflictState>,
    ) -> Result<Vec<Conflict>> {
        caller(ctx)?;
        let fabric_id = fabric_id.map(|id| int_id(&id, "fabricId")).transpose()?;
        let rows =
            hnp_core::sync::conflicts::list(&state(ctx).core.db, fabric_id, status.map(Into::into))
                .await
                .gql()?;
        Ok(rows.into_iter().map(Conflict::from).collect())
    }

    /// Operations, newest first.
    async fn sync_operations(
        &self,
        ctx: &Context<'_>,
        fabric_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<SyncOperation>> {
        caller(ctx)?;
        let fabric_id = fabric_id.map(|id| int_id(&id, "fabricId")).transpose()?;
        let (offset, limit) = window(first, after.as_deref())?;
        let (rows, total) =
            queries::operations::page(&state(ctx).core.db, fabric_id, offset, limit)
                .await
                .gql()?;
        Ok(page(
            rows.into_iter().map(SyncOperation).collect(),
            offset,
            total,
        ))
    }

    async fn sync_operation(&self, ctx: &Context<'_>, id: ID) -> Result<Option<SyncOperation>> {
        caller(ctx)?;
        Ok(queries::operations::by_id(&state(ctx).core.db, id.as_str())
            .await
            .gql()?
            .map(SyncOperation))
    }

    /// Effective flags: of a fabric (its overrides applied) or global.
    async fn feature_flags(
        &self,
        ctx: &Context<'_>,
        fabric_id: Option<ID>,
    ) -> Result<Vec<FeatureFlag>> {
        caller(ctx)?;
        let fabric_id = fabric_id.map(|id| int_id(&id, "fabricId")).transpose()?;
        let s = state(ctx);
        let values = hnp_core::flags::effective(&s.core.db, &s.core.config, fabric_id)
            .await
            .gql()?;
        Ok(values
            .into_iter()
            .map(FeatureFlag::from_effective)
            .collect())
    }

    /// The audit log, newest first (admin), filtered: by the acting user (`actor`, exactly), a
    /// substring of the action, the target (type and id, exactly), the fabric, and a time
    /// range (`since` inclusive, `until` exclusive).
    #[allow(clippy::too_many_arguments)]
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        actor: Option<String>,
        action: Option<String>,
        target_type: Option<String>,
        target_id: Option<String>,
        fabric_id: Option<ID>,
        since: Option<chrono::DateTime<chrono::Utc>>,
        until: Option<chrono::DateTime<chrono::Utc>>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<AuditEvent>> {
        require(ctx, Role::Admin)?;
        let (offset, limit) = window(first, after.as_deref())?;
        let filter = queries::audit::Filter {
            actor,
            action,
            target_type,
            target_id,
            fabric_id: fabric_id.map(|id| int_id(&id, "fabricId")).transpose()?,
            since,
            until,
        };
        let (rows, total) = queries::audit::page(&state(ctx).core.db, &filter, offset, limit)
            .await
            .gql()?;
        Ok(page(
            rows.into_iter().map(AuditEvent::from).collect(),
            offset,
            total,
        ))
    }

    /// API tokens and login sessions (prefix and metadata only) of `username` — yours without
    /// it; another user's needs the admin role.
    async fn api_tokens(
        &self,
        ctx: &Context<'_>,
        username: Option<String>,
    ) -> Result<Vec<super::mutation::ApiToken>> {
        let me = caller(ctx)?;
        let owner = username.unwrap_or_else(|| me.username.clone());
        if owner != me.username {
            require(ctx, Role::Admin)?;
        }
        let rows = hnp_core::security::auth::list_tokens(&state(ctx).core.db, &owner)
            .await
            .gql()?;
        let request_token = ctx.data_opt::<super::RequestToken>();
        Ok(rows
            .into_iter()
            .map(|t| {
                let current =
                    request_token.is_some_and(|r| hnp_core::security::auth::is_token(&t, &r.0));
                super::mutation::ApiToken {
                    current,
                    ..t.into()
                }
            })
            .collect())
    }

    /// All users (admin).
    async fn users(&self, ctx: &Context<'_>) -> Result<Vec<User>> {
        require(ctx, Role::Admin)?;
        let rows = hnp_core::security::auth::list_users(&state(ctx).core.db)
            .await
            .gql()?;
        Ok(rows.into_iter().map(User).collect())
    }
}

/// `Resource` fields that need the JSON columns.
const HEAVY_FIELDS: [&str; 8] = [
    "desiredSpec",
    "draftSpec",
    "actualSpec",
    "actualStatus",
    "labels",
    "annotations",
    "drift",
    "validationErrors",
];

/// The columns a page needs for the requested `Resource` fields: the sort keys (the page is
/// ordered by them), plus one column per requested scalar field. A field not in this table
/// (`__typename` aside) makes the page load every light column, so new resolvers stay correct.
fn light_columns<'a>(
    fields: impl Iterator<Item = async_graphql::SelectionField<'a>>,
) -> Vec<resource::Column> {
    use resource::Column as C;
    use sea_orm::IdenStatic;
    let mut columns = resources::SORT_COLUMNS.to_vec();
    for field in fields {
        let column = match field.name() {
            "__typename" | "id" | "fabricId" | "kind" | "namespace" | "name" => continue,
            "apiVersion" => C::ApiVersion,
            "createdAt" => C::CreatedAt,
            "updatedAt" => C::UpdatedAt,
            "managedFilePath" => C::ManagedFilePath,
            "fileHash" => C::FileHash,
            "lastFileSync" => C::LastFileSync,
            "syncDirection" => C::SyncDirection,
            "conflictStatus" => C::ConflictStatus,
            "desiredCommit" => C::DesiredCommit,
            "desiredUpdated" => C::DesiredUpdated,
            "draftOperation" | "hasDraft" => C::DraftOperation,
            "draftUpdated" => C::DraftUpdated,
            "draftUpdatedBy" => C::DraftUpdatedBy,
            "actualUpdated" => C::ActualUpdated,
            "resourceState" => C::ResourceState,
            "driftStatus" => C::DriftStatus,
            "draftNote" => C::DraftNote,
            // Small (null for most rows): the list shows an "Invalid" badge from it.
            "admissionErrors" => C::AdmissionErrors,
            _ => return resources::LIGHT_COLUMNS.to_vec(),
        };
        if !columns.iter().any(|c| c.as_str() == column.as_str()) {
            columns.push(column);
        }
    }
    columns
}

/// `state` is shadowed by an argument in `resources`.
fn state_of<'a>(ctx: &Context<'a>) -> &'a std::sync::Arc<crate::state::AppState> {
    state(ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_are_bounded() {
        assert_eq!(window(Some(10), Some("o:4")).unwrap(), (5, 10));
        assert_eq!(window(Some(10_000), None).unwrap(), (0, MAX_PAGE));
        for bad in [
            "o:18446744073709551615",
            "o:9223372036854775807",
            "x",
            "o:-1",
        ] {
            let err = window(None, Some(bad)).unwrap_err();
            assert!(err.message.starts_with("after:"), "{bad}: {}", err.message);
        }
        assert!(window(Some(-1), None).is_err());
    }
}
