//! Queries. Viewers read everything except users and the audit log (admin).

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use hnp_entity::enums::Role;
use hnp_entity::{audit_event, fabric, git_repository, resource, sync_operation};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::types::{
    AuditEvent, Conflict, Fabric, FeatureFlag, GitRepository, Resource, SyncOperation, User,
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
        let rows = git_repository::Entity::find()
            .order_by_asc(git_repository::Column::Name)
            .all(&state(ctx).core.db)
            .await
            .gql()?;
        Ok(rows.into_iter().map(GitRepository).collect())
    }

    async fn git_repository(&self, ctx: &Context<'_>, id: ID) -> Result<Option<GitRepository>> {
        caller(ctx)?;
        let id = int_id(&id, "id")?;
        Ok(git_repository::Entity::find_by_id(id)
            .one(&state(ctx).core.db)
            .await
            .gql()?
            .map(GitRepository))
    }

    async fn fabrics(&self, ctx: &Context<'_>) -> Result<Vec<Fabric>> {
        caller(ctx)?;
        let rows = fabric::Entity::find()
            .order_by_asc(fabric::Column::Name)
            .all(&state(ctx).core.db)
            .await
            .gql()?;
        super::types::prime_counters(ctx, rows.iter().map(|f| f.id)).await?;
        Ok(rows.into_iter().map(Fabric).collect())
    }

    async fn fabric(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Fabric>> {
        caller(ctx)?;
        let id = int_id(&id, "id")?;
        Ok(fabric::Entity::find_by_id(id)
            .one(&state(ctx).core.db)
            .await
            .gql()?
            .map(Fabric))
    }

    /// Resources, filtered, ordered by kind, namespace and name.
    #[allow(clippy::too_many_arguments)]
    async fn resources(
        &self,
        ctx: &Context<'_>,
        fabric_id: Option<ID>,
        kind: Option<String>,
        namespace: Option<String>,
        #[graphql(desc = "substring of the name (case-insensitive)")] search: Option<String>,
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
    ) -> Result<Page<Resource>> {
        caller(ctx)?;
        use resource::Column as C;
        let fabric_id = fabric_id.map(|id| int_id(&id, "fabricId")).transpose()?;
        // Filtered by fabric only: the total comes from the fabric's maintained resource count.
        let counted_fabric = fabric_id.filter(|_| {
            kind.is_none()
                && namespace.is_none()
                && search.as_deref().is_none_or(str::is_empty)
                && state.is_none()
                && drift_status.is_none()
                && conflict_status.is_none()
                && has_draft.is_none()
                && admission.is_none()
        });
        let mut filter = Condition::all();
        if let Some(id) = fabric_id {
            filter = filter.add(C::FabricId.eq(id));
        }
        if let Some(kind) = kind {
            filter = filter.add(C::Kind.eq(kind));
        }
        if let Some(namespace) = namespace {
            filter = filter.add(C::Namespace.eq(namespace));
        }
        if let Some(search) = search.filter(|s| !s.is_empty()) {
            let pattern = format!(
                "%{}%",
                search
                    .to_lowercase()
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            filter = filter.add(
                Expr::expr(sea_orm::sea_query::Func::lower(Expr::col(C::Name)))
                    .like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')),
            );
        }
        if let Some(s) = state {
            filter = filter.add(C::ResourceState.eq(hnp_entity::enums::ResourceState::from(s)));
        }
        if let Some(d) = drift_status {
            filter = filter.add(C::DriftStatus.eq(hnp_entity::enums::DriftStatus::from(d)));
        }
        if let Some(c) = conflict_status {
            filter = filter.add(C::ConflictStatus.eq(hnp_entity::enums::ConflictStatus::from(c)));
        }
        match has_draft {
            Some(true) => filter = filter.add(C::DraftOperation.is_not_null()),
            Some(false) => filter = filter.add(C::DraftOperation.is_null()),
            None => {}
        }
        match admission {
            Some(enums::AdmissionFilter::Invalid) => {
                filter = filter.add(C::AdmissionErrors.is_not_null())
            }
            Some(enums::AdmissionFilter::Valid) => {
                filter = filter.add(C::AdmissionErrors.is_null())
            }
            None => {}
        }
        let (offset, limit) = window(first, after.as_deref())?;
        let db = &state_of(ctx).core.db;
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
        let (rows, total) = if heavy {
            let rows = ordered(resource::Entity::find().filter(filter.clone()))
                .offset(offset)
                .limit(limit)
                .all(db)
                .await
                .gql()?;
            let total = if want_total {
                Some(total_of(db, filter, counted_fabric).await.gql()?)
            } else {
                None
            };
            (rows, total)
        } else {
            let selected: Vec<_> = node
                .selection_fields()
                .into_iter()
                .chain(nodes.selection_fields())
                .collect();
            let columns = light_columns(selected.iter().flat_map(|f| f.selection_set()));
            light_page(
                db,
                filter,
                counted_fabric,
                offset,
                limit,
                want_total,
                &columns,
            )
            .await
            .gql()?
        };
        let total = total.unwrap_or(offset + rows.len() as u64);
        Ok(page(
            rows.into_iter().map(Resource).collect(),
            offset,
            total,
        ))
    }

    async fn resource(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Resource>> {
        caller(ctx)?;
        let id = int_id(&id, "id")?;
        Ok(resource::Entity::find_by_id(id)
            .one(&state(ctx).core.db)
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
            hnp_core::conflicts::list(&state(ctx).core.db, fabric_id, status.map(Into::into))
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
        let mut query = sync_operation::Entity::find();
        if let Some(id) = fabric_id {
            query = query.filter(sync_operation::Column::FabricId.eq(int_id(&id, "fabricId")?));
        }
        let (offset, limit) = window(first, after.as_deref())?;
        let db = &state(ctx).core.db;
        let total = query.clone().count(db).await.gql()?;
        let rows = query
            .order_by_desc(sync_operation::Column::CreatedAt)
            .order_by_desc(sync_operation::Column::Id)
            .offset(offset)
            .limit(limit)
            .all(db)
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
        Ok(sync_operation::Entity::find_by_id(id.to_string())
            .one(&state(ctx).core.db)
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

    /// The audit log, newest first (admin).
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Page<AuditEvent>> {
        require(ctx, Role::Admin)?;
        let (offset, limit) = window(first, after.as_deref())?;
        let db = &state(ctx).core.db;
        let total = audit_event::Entity::find().count(db).await.gql()?;
        let rows = audit_event::Entity::find()
            .order_by_desc(audit_event::Column::Id)
            .offset(offset)
            .limit(limit)
            .all(db)
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
        Ok(rows.into_iter().map(Into::into).collect())
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

const LIGHT_COLUMNS: [resource::Column; 26] = {
    use resource::Column as C;
    [
        C::Id,
        C::FabricId,
        C::Kind,
        C::ApiVersion,
        C::Namespace,
        C::Name,
        C::CreatedAt,
        C::UpdatedAt,
        C::ManagedFilePath,
        C::FileHash,
        C::LastFileSync,
        C::SyncDirection,
        C::ConflictStatus,
        C::DesiredCommit,
        C::DesiredUpdated,
        C::DraftOperation,
        C::DraftBaseHash,
        C::DraftBaseCommit,
        C::DraftUpdated,
        C::DraftUpdatedBy,
        C::ActualResourceVersion,
        C::ActualUpdated,
        C::ResourceState,
        C::DriftStatus,
        C::DraftNote,
        C::AdmissionErrors,
    ]
};

/// Resources in page order: kind, namespace, name (then id, for a total order).
fn ordered(query: sea_orm::Select<resource::Entity>) -> sea_orm::Select<resource::Entity> {
    use resource::Column as C;
    query
        .order_by_asc(C::Kind)
        .order_by_asc(C::Namespace)
        .order_by_asc(C::Name)
        .order_by_asc(C::Id)
}

/// One page of [`LightResource`] rows and, when asked for, the filter's total, in one
/// statement: the database builds the page as one JSON array (`json_group_array` /
/// `json_agg`) and counts in a scalar subquery. Per-row transfer is most of the cost of a page
/// through the SQLite driver (each row and value is copied and handed between threads); one
/// JSON text per page is a fraction of that, on PostgreSQL too.
///
/// Only `columns` go into the JSON (the others keep neutral defaults: they are not resolved).
/// On SQLite the array is built in the subquery's order and sorted again here (BINARY
/// collation is byte order, as Rust's); PostgreSQL orders inside `json_agg`.
async fn light_page(
    db: &sea_orm::DatabaseConnection,
    filter: Condition,
    counted_fabric: Option<i32>,
    offset: u64,
    limit: u64,
    want_total: bool,
    columns: &[resource::Column],
) -> hnp_core::Result<(Vec<resource::Model>, Option<u64>)> {
    use sea_orm::sea_query::{Alias, Query};
    use sea_orm::{ConnectionTrait, DbBackend, IdenStatic, QueryTrait};
    let backend = db.get_database_backend();
    let pairs: Vec<String> = columns
        .iter()
        .map(|c| format!("'{0}', p.{0}", c.as_str()))
        .collect();
    let aggregate = match backend {
        DbBackend::Postgres => format!(
            "COALESCE(json_agg(json_build_object({}) ORDER BY p.kind, p.namespace, p.name, p.id), '[]'::json)::text",
            pairs.join(", ")
        ),
        _ => format!("json_group_array(json_object({}))", pairs.join(", ")),
    };
    let inner = ordered(resource::Entity::find().filter(filter.clone()))
        .select_only()
        .columns(columns.iter().copied())
        .offset(offset)
        .limit(limit)
        .into_query();
    let page = Query::select()
        .expr(Expr::cust(aggregate))
        .from_subquery(inner, Alias::new("p"))
        .to_owned();
    let mut outer = Query::select();
    outer.expr_as(Expr::from(page), Alias::new("page"));
    if want_total {
        outer.expr_as(
            Expr::from(count_statement(filter, counted_fabric)),
            Alias::new("total"),
        );
    }
    let row = db
        .query_one_raw(backend.build(&outer))
        .await?
        .ok_or_else(|| {
            hnp_core::Error::Database(sea_orm::DbErr::Custom("page query returned no row".into()))
        })?;
    let json: Option<String> = row.try_get("", "page")?;
    let mut rows: Vec<LightResource> = serde_json::from_str(json.as_deref().unwrap_or("[]"))
        .map_err(|e| {
            hnp_core::Error::Database(sea_orm::DbErr::Custom(format!("page of resources: {e}")))
        })?;
    if backend != DbBackend::Postgres {
        rows.sort_by(|a, b| {
            (&a.kind, &a.namespace, &a.name, a.id).cmp(&(&b.kind, &b.namespace, &b.name, b.id))
        });
    }
    let total = if want_total {
        Some(to_total(row.try_get("", "total")?))
    } else {
        None
    };
    Ok((
        rows.into_iter().map(LightResource::into_model).collect(),
        total,
    ))
}

/// The number of resources matching `filter`: for a fabric-only filter the count kept in
/// `resource_counts` (maintained by triggers on `resources`, see migration m0007), otherwise
/// `COUNT(*)`.
fn count_statement(
    filter: Condition,
    counted_fabric: Option<i32>,
) -> sea_orm::sea_query::SelectStatement {
    use sea_orm::QueryTrait;
    use sea_orm::sea_query::{Alias, Query};
    match counted_fabric {
        Some(id) => Query::select()
            .expr(Expr::col(Alias::new("total")))
            .from(Alias::new("resource_counts"))
            .and_where(Expr::col(Alias::new("fabric_id")).eq(id))
            .to_owned(),
        None => resource::Entity::find()
            .select_only()
            .expr(Expr::cust("COUNT(*)"))
            .filter(filter)
            .into_query(),
    }
}

/// A counted total (no count row: no resources).
fn to_total(count: Option<i64>) -> u64 {
    count.map_or(0, |n| u64::try_from(n).unwrap_or(0))
}

async fn total_of(
    db: &sea_orm::DatabaseConnection,
    filter: Condition,
    counted_fabric: Option<i32>,
) -> hnp_core::Result<u64> {
    use sea_orm::ConnectionTrait;
    let statement = count_statement(filter, counted_fabric);
    let row = db
        .query_one_raw(db.get_database_backend().build(&statement))
        .await?;
    Ok(to_total(match row {
        Some(row) => row.try_get_by_index(0)?,
        None => None,
    }))
}

/// The columns a page needs for the requested `Resource` fields: the sort keys (the page is
/// ordered by them), plus one column per requested scalar field. A field not in this table
/// (`__typename` aside) makes the page load every light column, so new resolvers stay correct.
fn light_columns<'a>(
    fields: impl Iterator<Item = async_graphql::SelectionField<'a>>,
) -> Vec<resource::Column> {
    use resource::Column as C;
    use sea_orm::IdenStatic;
    let mut columns = vec![C::Id, C::Kind, C::Namespace, C::Name];
    for field in fields {
        let column = match field.name() {
            "__typename" | "id" | "kind" | "namespace" | "name" => continue,
            "fabricId" => C::FabricId,
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
            _ => return LIGHT_COLUMNS.to_vec(),
        };
        if !columns.iter().any(|c| c.as_str() == column.as_str()) {
            columns.push(column);
        }
    }
    columns
}

/// A resource row without its large JSON columns (the small `admission_errors` aside); columns a
/// page did not load are absent (defaults).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct LightResource {
    id: i32,
    fabric_id: i32,
    kind: String,
    api_version: String,
    namespace: String,
    name: String,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
    managed_file_path: Option<String>,
    file_hash: Option<String>,
    last_file_sync: Option<chrono::DateTime<chrono::Utc>>,
    sync_direction: Option<hnp_entity::enums::SyncDirection>,
    conflict_status: Option<hnp_entity::enums::ConflictStatus>,
    desired_commit: Option<String>,
    desired_updated: Option<chrono::DateTime<chrono::Utc>>,
    draft_operation: Option<hnp_entity::enums::DraftOperation>,
    draft_base_hash: Option<String>,
    draft_base_commit: Option<String>,
    draft_updated: Option<chrono::DateTime<chrono::Utc>>,
    draft_updated_by: Option<String>,
    actual_resource_version: Option<String>,
    actual_updated: Option<chrono::DateTime<chrono::Utc>>,
    resource_state: Option<hnp_entity::enums::ResourceState>,
    drift_status: Option<hnp_entity::enums::DriftStatus>,
    draft_note: Option<String>,
    /// JSON on PostgreSQL; on SQLite the column's text, as a JSON string.
    admission_errors: Option<serde_json::Value>,
}

impl LightResource {
    /// A model whose JSON columns are absent: only for resolvers that do not read them.
    fn into_model(self) -> resource::Model {
        resource::Model {
            id: self.id,
            fabric_id: self.fabric_id,
            kind: self.kind,
            api_version: self.api_version,
            namespace: self.namespace,
            name: self.name,
            desired_spec: None,
            draft_spec: None,
            actual_spec: None,
            created_at: self.created_at,
            updated_at: self.updated_at,
            managed_file_path: self.managed_file_path,
            file_hash: self.file_hash,
            last_file_sync: self.last_file_sync,
            sync_direction: self
                .sync_direction
                .unwrap_or(hnp_entity::enums::SyncDirection::Bidirectional),
            conflict_status: self
                .conflict_status
                .unwrap_or(hnp_entity::enums::ConflictStatus::None),
            labels: None,
            annotations: None,
            desired_commit: self.desired_commit,
            desired_updated: self.desired_updated,
            draft_operation: self.draft_operation,
            draft_base_hash: self.draft_base_hash,
            draft_base_commit: self.draft_base_commit,
            draft_base_spec: None,
            draft_updated: self.draft_updated,
            draft_updated_by: self.draft_updated_by,
            actual_status: None,
            actual_labels: None,
            actual_annotations: None,
            actual_resource_version: self.actual_resource_version,
            actual_updated: self.actual_updated,
            resource_state: self
                .resource_state
                .unwrap_or(hnp_entity::enums::ResourceState::Committed),
            drift_status: self
                .drift_status
                .unwrap_or(hnp_entity::enums::DriftStatus::Unknown),
            drift_details: None,
            draft_note: self.draft_note,
            admission_errors: match self.admission_errors {
                Some(serde_json::Value::String(text)) => serde_json::from_str(&text).ok(),
                other => other,
            },
        }
    }
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
