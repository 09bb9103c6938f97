//! The first ingest of an empty fabric: parsing streamed into inserts, admission checked from
//! the parsed documents.

use hnp_entity::fabric;

use super::parse::{self, ParsedFile};
use super::plan::{self, Scope};
use super::{RunOutput, Stopwatch, admission, apply, blocking, collect, load};
use crate::context::Core;
use crate::error::{Error, Result};
use crate::operations::Outcome;
use crate::progress::{Counters, Reporter};
use crate::sync::layout;
use crate::yaml::Limits;

/// Parsed files as the parse threads hand them over: chunk number, files, rows to insert.
type Chunk = (usize, Vec<ParsedFile>, Vec<apply::NewRow>);

/// The first ingest of an empty fabric, streamed: parse threads hand over chunks as they finish
/// and new resources are inserted meanwhile (the database work overlaps parsing). The result is
/// the same as [`plan::plan`] + [`apply::apply`] would give: resources defined twice are removed
/// again before the commit. Returns `None` (nothing written) when `raw/` documents must first be
/// moved by directory management, which needs the regular path.
pub(super) async fn first_ingest(
    core: &Core,
    fabric: &fabric::Model,
    url: &str,
    head: &str,
    directory_management: bool,
    progress: &Reporter<'_>,
    watch: &mut Stopwatch,
) -> Result<Option<RunOutput>> {
    let dir = fabric.gitops_directory.clone();
    let git = core.git.clone();
    let (url, head_owned, dir_owned) = (url.to_owned(), head.to_owned(), dir.clone());
    let collected = blocking(move || {
        let repo = git.open(&url)?;
        collect(&repo, None, &head_owned, &dir_owned, &[]).map(|c| (c, url))
    })
    .await??;
    let (collected, url) = collected;
    let url_for_history = url.clone();
    if directory_management
        && collected
            .entries
            .iter()
            .any(|e| layout::is_raw(&dir, &e.path))
    {
        return Ok(None);
    }
    let total_files = collected.entries.len() as u32;
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Chunk>(64);
    let git = core.git.clone();
    let parser = tokio::task::spawn_blocking(move || {
        let limits = Limits::default();
        let limits = &limits;
        parse::parse_parallel_each(
            collected.entries,
            limits,
            || {
                let repo = git.open(&url).ok();
                move |entry| load(repo.as_ref(), entry, limits)
            },
            // On the parse threads: the rows to insert, serialized there.
            &|index, files| {
                let rows = files
                    .iter()
                    .filter_map(|file| file.result.as_ref().ok())
                    .flat_map(|docs| docs.managed.iter().map(apply::NewRow::of))
                    .collect();
                let _ = sender.blocking_send((index, files, rows));
            },
        );
    });

    let txn = crate::db::begin_write(&core.db).await?;
    let now = chrono::Utc::now();
    let mut seen: std::collections::HashSet<parse::ResourceKey> = Default::default();
    let mut duplicates: std::collections::HashSet<parse::ResourceKey> = Default::default();
    let mut batch: Vec<apply::NewRow> = Vec::new();
    let mut received: Vec<(usize, Vec<ParsedFile>)> = Vec::new();
    let mut files_done = 0u32;
    // What each blob defines, so the history walk needs not parse it again.
    let mut seed: crate::history::git::Seed = Default::default();
    while let Some((index, files, rows)) = receiver.recv().await {
        files_done += files.len() as u32;
        for file in &files {
            let Ok(docs) = &file.result else { continue };
            seed.insert(
                file.blob.clone(),
                docs.managed.iter().map(|d| d.key()).collect(),
            );
        }
        for row in rows {
            if seen.contains(&row.key) {
                duplicates.insert(row.key);
            } else {
                seen.insert(row.key.clone());
                batch.push(row);
            }
        }
        received.push((index, files));
        if batch.len() >= 500 {
            apply::insert_new(&txn, fabric.id, std::mem::take(&mut batch), head, now).await?;
            let percent = 15 + (60 * files_done / total_files.max(1)) as u8;
            progress.phase(
                "upsert",
                percent,
                Counters {
                    files_processed: files_done,
                    ..Counters::default()
                },
                None,
            );
        }
    }
    parser
        .await
        .map_err(|e| Error::Io(format!("background task failed: {e}")))?;
    // The history of the directory, walked while the database work goes on.
    let walking = crate::history::git::spawn_events_since(
        core.git.clone(),
        url_for_history,
        dir.clone(),
        head.to_owned(),
        None,
        seed,
    );

    received.sort_by_key(|(index, _)| *index);
    let mut parsed_files: Vec<ParsedFile> = Vec::with_capacity(total_files as usize);
    for (_, files) in received {
        parsed_files.extend(files);
    }
    let files_processed = parsed_files.len() as u32;
    // Everything but the duplicated documents is (about to be) inserted; the plan only has to
    // report the duplicates (and failed files, unmanaged documents) exactly as the regular path
    // does. The others are checked for admission as one set, from memory, while the database
    // work goes on.
    let mut keys = Vec::with_capacity(seen.len());
    let mut objects = Vec::with_capacity(seen.len());
    for file in &mut parsed_files {
        if let Ok(docs) = &mut file.result {
            let (kept, checked): (Vec<_>, Vec<_>) = std::mem::take(&mut docs.managed)
                .into_iter()
                .partition(|d| duplicates.contains(&d.key()));
            docs.managed = kept;
            for doc in checked {
                keys.push(doc.key());
                objects.push(admission::object_of(doc));
            }
        }
    }
    // Spawned now (a future would only start when awaited).
    // The objects are handed back, to be freed after the commit.
    let checking = tokio::task::spawn_blocking(move || {
        let errors = admission::errors_of(&objects, None);
        (errors, objects)
    });
    apply::insert_new(&txn, fabric.id, batch, head, now).await?;
    watch.lap("read_parse");
    let scope = Scope::Full;
    let mut the_plan = plan::plan(&[], parsed_files, &scope);
    // Keys inserted from their first file but defined more than once: applied from neither.
    for key in &duplicates {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        hnp_entity::resource::Entity::delete_many()
            .filter(hnp_entity::resource::Column::FabricId.eq(fabric.id))
            .filter(hnp_entity::resource::Column::Kind.eq(key.kind.clone()))
            .filter(hnp_entity::resource::Column::Namespace.eq(key.namespace.clone()))
            .filter(hnp_entity::resource::Column::Name.eq(key.name.clone()))
            .exec(&txn)
            .await?;
    }
    debug_assert!(the_plan.creates.is_empty());
    let created = (seen.len() - duplicates.len()) as u32;
    let unmanaged = std::mem::take(&mut the_plan.unmanaged);
    watch.lap("plan");
    let mut counters = apply::apply(&txn, fabric, head, &mut the_plan, &scope).await?;
    counters.created = created;
    counters.files_processed = files_processed;
    watch.lap("write");
    // The walk is the shorter of the two: its events are written while admission is still
    // being checked.
    let events = crate::history::git::events_of(walking).await;
    crate::history::record(&txn, fabric.id, events).await?;
    watch.lap("history");
    let (errors, objects) = checking
        .await
        .map_err(|e| Error::Io(format!("background task failed: {e}")))?;
    let invalid_resources = admission::store_new(&txn, fabric.id, &keys, errors).await?;
    watch.lap("admission");
    crate::operations::record_ingested(&txn, progress.operation_id(), counters, head).await?;
    txn.commit().await?;
    watch.lap("commit");
    crate::hedgehog::admission::drop_in_background(objects);
    Ok(Some(RunOutput {
        outcome: Outcome {
            counters,
            errors: the_plan.errors,
            commit: Some(head.to_owned()),
            message: None,
            failure: None,
            details: None,
        },
        reconciled: Default::default(),
        unmanaged,
        noop: false,
        normalize_commit: None,
        invalid_resources: Some(invalid_resources),
        timings_ms: std::mem::take(&mut watch.laps),
    }))
}
