//! The read side on both databases: a light page of resources (only the listed columns, page
//! and total in one statement; JSON-built on SQLite, plain rows on PostgreSQL) holds the same
//! values as whole rows, in the same order, with the same totals.

use hnp_core::queries::resources::{self, Filter, LIGHT_COLUMNS, SORT_COLUMNS};
use hnp_entity::enums::{ConflictStatus, DraftOperation, DriftStatus, ResourceState};
use hnp_entity::resource;
use hnp_tests::Backend;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

use crate::ingest::{create_fabric, env, sync};

fn vpc(i: usize) -> String {
    format!(
        "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: vpc-{i:02}\nspec:\n  subnets:\n    default:\n      subnet: 10.0.{i}.0/24\n      vlan: {}\n",
        1000 + i
    )
}

/// `whole` with the columns a light page does not load at their neutral values.
fn as_light(mut whole: resource::Model) -> resource::Model {
    whole.desired_spec = None;
    whole.draft_spec = None;
    whole.actual_spec = None;
    whole.labels = None;
    whole.annotations = None;
    whole.draft_base_spec = None;
    whole.actual_status = None;
    whole.actual_labels = None;
    whole.actual_annotations = None;
    whole.actual_managed_fields = None;
    whole.agent_status = None;
    whole.drift_details = None;
    whole
}

#[tokio::test]
async fn light_pages_hold_the_values_of_whole_rows_on_both_databases() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let env = env(backend, false).await;
        let text: Vec<String> = (0..30).map(vpc).collect();
        env.git
            .write("fabrics/dc1/vpcs.yaml", text.join("---\n"))
            .unwrap();
        env.git.commit("thirty VPCs").unwrap();
        let fabric = create_fabric(&env, "dc1", "fabrics/dc1").await;
        sync(&env, fabric.id).await;
        // Values of every kind the light columns carry: a draft with its note and author, a
        // conflict, drift, admission errors, an actual version.
        let rows = resource::Entity::find()
            .filter(resource::Column::FabricId.eq(fabric.id))
            .all(&env.core.db)
            .await
            .unwrap();
        assert_eq!(rows.len(), 30, "{backend:?}");
        for (i, row) in rows.into_iter().enumerate().filter(|(i, _)| i % 4 == 1) {
            let mut active = row.into_active_model();
            active.draft_operation = Set(Some(DraftOperation::Update));
            active.draft_updated_by = Set(Some(format!("user-{i}")));
            active.draft_updated = Set(Some(chrono::Utc::now()));
            active.draft_note = Set(Some("note \"quoted\"".into()));
            active.resource_state = Set(ResourceState::Draft);
            active.conflict_status = Set(if i % 8 == 1 {
                ConflictStatus::Detected
            } else {
                ConflictStatus::None
            });
            active.drift_status = Set(DriftStatus::SpecDrift);
            active.actual_resource_version = Set(Some(format!("{i}00")));
            active.admission_errors =
                Set(Some(serde_json::json!([{"path": "spec", "message": "m"}])));
            active.update(&env.core.db).await.unwrap();
        }
        let by_fabric = Filter {
            fabric_id: Some(fabric.id),
            ..Filter::default()
        };
        let drafts = Filter {
            has_draft: Some(true),
            ..Filter::default()
        };
        for (filter, total) in [(&by_fabric, 30), (&drafts, 8)] {
            for (offset, limit) in [(0, 10), (5, 100), (25, 10), (40, 10)] {
                let (whole, whole_total) =
                    resources::search(&env.core.db, filter, offset, limit, true, None)
                        .await
                        .unwrap();
                let (light, light_total) = resources::search(
                    &env.core.db,
                    filter,
                    offset,
                    limit,
                    true,
                    Some(&LIGHT_COLUMNS),
                )
                .await
                .unwrap();
                assert_eq!(whole_total, Some(total), "{backend:?} {filter:?} {offset}");
                assert_eq!(light_total, whole_total, "{backend:?} {filter:?} {offset}");
                let expected: Vec<_> = whole.into_iter().map(as_light).collect();
                assert_eq!(light, expected, "{backend:?} {filter:?} {offset}");
            }
        }
        // Only the sort columns, no total: the rest keeps neutral defaults.
        let (light, total) =
            resources::search(&env.core.db, &by_fabric, 0, 3, false, Some(&SORT_COLUMNS))
                .await
                .unwrap();
        assert_eq!(total, None);
        let names: Vec<_> = light.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["vpc-00", "vpc-01", "vpc-02"], "{backend:?}");
        assert!(
            light
                .iter()
                .all(|r| r.draft_operation.is_none() && r.managed_file_path.is_none())
        );
    }
}

/// A bulk first ingestion on PostgreSQL leaves the planner statistics of `resources` counting
/// its rows (autovacuum would only get there on its next round), so pages are planned on the
/// identity index rather than as a scan and sort of the whole fabric.
#[tokio::test]
async fn a_bulk_ingest_refreshes_postgres_statistics() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let env = env(Backend::Postgres, false).await;
    let text: Vec<String> = (0..600)
        .map(|i| {
            format!(
                "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: bulk-{i:03}\nspec:\n  subnets:\n    default:\n      subnet: 10.{}.{}.0/24\n      vlan: {}\n",
                i / 256,
                i % 256,
                1000 + i
            )
        })
        .collect();
    env.git
        .write("fabrics/dc1/bulk.yaml", text.join("---\n"))
        .unwrap();
    env.git.commit("600 VPCs").unwrap();
    let fabric = create_fabric(&env, "dc1", "fabrics/dc1").await;
    let report = sync(&env, fabric.id).await;
    assert_eq!(report.counters.created, 600, "{report:?}");
    let row = env
        .core
        .db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT reltuples::float8 FROM pg_class WHERE relname = 'resources'",
        ))
        .await
        .unwrap()
        .unwrap();
    let counted: f64 = row.try_get_by_index(0).unwrap();
    assert!(counted >= 600.0, "statistics count {counted} rows");
}
