//! `hnp history`, `hnp blame`, `hnp fabric backfill-history` and `hnp bench history`.

use hnp_core::context::Core;
use hnp_core::hedgehog::kinds::ResourceKey;
use hnp_core::history::backfill;
use hnp_core::queries::history as core_history;
use hnp_core::repositories;
use serde_json::json;

use crate::cli::{BackfillHistoryArgs, BenchHistoryArgs, DraftRef, HistoryArgs};
use crate::output::print_json;

fn key(target: &DraftRef) -> ResourceKey {
    ResourceKey {
        kind: target.kind.clone(),
        namespace: target.namespace.clone(),
        name: target.name.clone(),
    }
}

fn short(commit: &Option<String>) -> &str {
    commit
        .as_deref()
        .map(|c| &c[..c.len().min(12)])
        .unwrap_or("-")
}

pub async fn history(core: Core, args: HistoryArgs) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.target.fabric).await?;
    let limit = args.limit.clamp(1, 10_000);
    let (events, total) =
        core_history::history(&core.db, fabric.id, &key(&args.target), 0, limit).await?;
    if args.target.json {
        print_json(&json!({ "events": events, "total": total }));
        return Ok(());
    }
    for e in &events {
        let first_line = e
            .message
            .as_deref()
            .and_then(|m| m.lines().next())
            .unwrap_or("");
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            e.at.to_rfc3339(),
            e.kind.as_str().to_uppercase(),
            e.actor.as_deref().unwrap_or("-"),
            short(&e.commit),
            e.paths.join(","),
            first_line
        );
    }
    if events.len() as u64 == total {
        eprintln!("{total} events");
    } else {
        eprintln!("{} of {total} events (--limit)", events.len());
    }
    Ok(())
}

pub async fn blame(core: Core, args: DraftRef) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.fabric).await?;
    let fields = core_history::blame(&core.db, fabric.id, &key(&args)).await?;
    if args.json {
        print_json(&json!({ "fields": fields }));
        return Ok(());
    }
    for f in &fields {
        let source = match f.source {
            Some(core_history::BlameSource::Gui) => "GUI",
            Some(core_history::BlameSource::Git) => "GIT",
            None => "-",
        };
        println!(
            "{}\t{}\t{}\t{}\t{source}",
            f.path,
            short(&f.commit),
            f.author.as_deref().unwrap_or("-"),
            f.at.map(|at| at.to_rfc3339()).unwrap_or_else(|| "-".into()),
        );
    }
    Ok(())
}

pub async fn backfill(core: Core, args: BackfillHistoryArgs) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.fabric).await?;
    let report = backfill::backfill(&core, &fabric, args.max_commits).await?;
    if args.json {
        print_json(&serde_json::to_value(&report)?);
    } else {
        eprintln!(
            "{}: {} commits, {} events found, {} new, {} files skipped ({:.0} ms)",
            report.fabric,
            report.commits,
            report.events_found,
            report.events_written,
            report.skipped.len(),
            report.elapsed_ms
        );
        for skipped in &report.skipped {
            eprintln!("  skipped {skipped}");
        }
    }
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[index]
}

pub async fn bench(core: Core, args: BenchHistoryArgs) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.fabric).await?;
    let rows = hnp_core::queries::resources::of_fabric(&core.db, fabric.id).await?;
    let keys: Vec<ResourceKey> = rows
        .iter()
        .filter(|r| r.desired_spec.is_some())
        .map(|r| ResourceKey {
            kind: r.kind.clone(),
            namespace: r.namespace.clone(),
            name: r.name.clone(),
        })
        .collect();
    drop(rows);
    if keys.is_empty() {
        anyhow::bail!("fabric {} has no resources in Git", fabric.name);
    }
    let step = (keys.len() as u64 / args.resources.max(1)).max(1) as usize;
    // One untimed round first: the pool's connections and statement caches warm up.
    core_history::history(&core.db, fabric.id, &keys[0], 0, 50).await?;
    core_history::blame(&core.db, fabric.id, &keys[0]).await?;
    let (mut history_ms, mut blame_ms) = (Vec::new(), Vec::new());
    let (mut events, mut fields) = (0usize, 0usize);
    for key in keys
        .iter()
        .step_by(step)
        .take(args.resources.max(1) as usize)
    {
        let start = std::time::Instant::now();
        let (page, _) = core_history::history(&core.db, fabric.id, key, 0, 50).await?;
        history_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        let start = std::time::Instant::now();
        let blamed = core_history::blame(&core.db, fabric.id, key).await?;
        blame_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        events += page.len();
        fields += blamed.len();
    }
    history_ms.sort_by(f64::total_cmp);
    blame_ms.sort_by(f64::total_cmp);
    let result = json!({
        "resources": history_ms.len(),
        "events": events,
        "fields": fields,
        "history_p50_ms": percentile(&history_ms, 0.5),
        "history_p95_ms": percentile(&history_ms, 0.95),
        "history_max_ms": percentile(&history_ms, 1.0),
        "blame_p50_ms": percentile(&blame_ms, 0.5),
        "blame_p95_ms": percentile(&blame_ms, 0.95),
        "blame_max_ms": percentile(&blame_ms, 1.0),
    });
    eprintln!(
        "{} resources ({events} events, {fields} fields): history p50 {:.2} ms, max {:.2} ms; blame p50 {:.2} ms, max {:.2} ms",
        history_ms.len(),
        percentile(&history_ms, 0.5),
        percentile(&history_ms, 1.0),
        percentile(&blame_ms, 0.5),
        percentile(&blame_ms, 1.0),
    );
    if args.json {
        print_json(&result);
    }
    Ok(())
}
