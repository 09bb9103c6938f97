//! `hnp draft …`, `hnp conflict …` and `hnp flag …`.

use std::path::Path;

use anyhow::Context;
use hnp_core::audit::Actor;
use hnp_core::context::Core;
use hnp_core::flags::{self, Flag};
use hnp_core::sync::ingest::parse::ResourceKey;
use hnp_core::sync::{adopt, conflicts, drafts, drift_ignore, keep_git};
use hnp_core::yaml::{self, Limits};
use hnp_core::{Error, repositories};
use hnp_entity::enums::{ConflictState, Resolution};
use serde_json::{Value, json};

use crate::cli::{
    ConflictListArgs, ConflictResolveArgs, DraftRef, DraftSetArgs, DriftAdoptArgs, FlagListArgs,
    FlagSetArgs, IgnoreCommand, StrategyArg,
};
use crate::output::print_json;

/// The CLI acts as `cli:<os user>`.
fn actor() -> Actor {
    Actor::system(&hnp_core::operations::Requester::cli().name)
}

fn key(target: &DraftRef) -> ResourceKey {
    ResourceKey {
        kind: target.kind.clone(),
        namespace: target.namespace.clone(),
        name: target.name.clone(),
    }
}

/// Reads a spec from a YAML or JSON file (`-` = stdin): one document, a mapping, holding only
/// the object's `spec`.
fn read_spec(path: &Path) -> anyhow::Result<Value> {
    let shown = path.display().to_string();
    let content = if shown == "-" {
        use std::io::Read;
        let mut buffer = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buffer)
            .context("cannot read the spec from stdin")?;
        buffer
    } else {
        std::fs::read(path).with_context(|| format!("cannot read {shown}"))?
    };
    let documents = yaml::parse_documents(&content, &Limits::default())
        .map_err(|e| Error::validation(shown.clone(), e.to_string()))?;
    let value = match documents.as_slice() {
        [] => json!({}),
        [one] => one.value.clone(),
        _ => {
            return Err(Error::validation(
                shown,
                "holds several documents; expected only the object's spec",
            )
            .into());
        }
    };
    if value.get("apiVersion").is_some() && value.get("kind").is_some() {
        return Err(Error::validation(
            shown,
            "holds a whole object (apiVersion, kind); put only the content of its `spec` in the file",
        )
        .into());
    }
    if !value.is_object() {
        return Err(Error::validation(shown, "must hold a mapping (the object's spec)").into());
    }
    Ok(value)
}

pub async fn set(core: Core, args: DraftSetArgs) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.target.fabric).await?;
    let spec = read_spec(&args.spec_file)?;
    let key = key(&args.target);
    let saved = drafts::set(&core, &fabric, &key, spec, &actor()).await?;
    eprintln!("{}: {} draft saved", key, saved.operation);
    for warning in &saved.warnings {
        eprintln!("warning: {warning}");
    }
    if args.target.json {
        print_json(&json!({
            "resource_id": saved.resource_id,
            "operation": saved.operation,
            "warnings": saved.warnings,
        }));
    }
    Ok(())
}

/// `hnp drift keep-git`: marks drifted paths as "Git is right".
pub async fn keep_git(core: Core, args: DriftAdoptArgs) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.target.fabric).await?;
    let key = key(&args.target);
    let row = drafts::find(&core.db, fabric.id, &key)
        .await?
        .ok_or_else(|| Error::not_found(format!("{key} in fabric {}", fabric.name)))?;
    let kept = keep_git::keep_git(&core, row.id, &args.paths, &actor()).await?;
    eprintln!(
        "{key}: keeping Git for {} path(s): {}{}",
        kept.paths.len(),
        kept.paths.join(", "),
        kept.file
            .as_deref()
            .map(|f| format!(" (re-apply {f} to the cluster)"))
            .unwrap_or_default()
    );
    if args.target.json {
        print_json(&json!({
            "resource_id": kept.resource_id,
            "paths": kept.paths,
            "file": kept.file,
        }));
    }
    Ok(())
}

/// `hnp drift adopt`: the cluster's values into the resource's draft.
pub async fn adopt(core: Core, args: DriftAdoptArgs) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.target.fabric).await?;
    let key = key(&args.target);
    let row = drafts::find(&core.db, fabric.id, &key)
        .await?
        .ok_or_else(|| Error::not_found(format!("{key} in fabric {}", fabric.name)))?;
    let adopted = adopt::adopt(&core, row.id, &args.paths, &actor()).await?;
    if adopted.orphan {
        eprintln!(
            "{key}: adopted from the cluster as a new resource ({} draft saved)",
            adopted.saved.operation
        );
    } else {
        eprintln!(
            "{key}: adopted {} path(s) from the cluster ({} draft saved): {}",
            adopted.paths.len(),
            adopted.saved.operation,
            adopted.paths.join(", ")
        );
    }
    for warning in &adopted.saved.warnings {
        eprintln!("warning: {warning}");
    }
    if args.target.json {
        print_json(&json!({
            "resource_id": adopted.saved.resource_id,
            "operation": adopted.saved.operation,
            "paths": adopted.paths,
            "orphan": adopted.orphan,
            "warnings": adopted.saved.warnings,
        }));
    }
    Ok(())
}

/// `hnp drift ignore add|list|remove`.
pub async fn ignore(core: Core, command: IgnoreCommand) -> anyhow::Result<()> {
    match command {
        IgnoreCommand::Add(args) => {
            let fabric = repositories::find_fabric(&core, &args.fabric).await?;
            let rule = drift_ignore::add(
                &core,
                &fabric,
                &args.kind,
                &args.path,
                &args.reason,
                &actor(),
            )
            .await?;
            eprintln!(
                "{}: drift of {} {} is ignored ({} difference(s) now)",
                fabric.name, rule.kind, rule.path, rule.ignored_paths
            );
            if args.json {
                print_json(&json!({ "rule": rule }));
            }
        }
        IgnoreCommand::List(args) => {
            let fabric = repositories::find_fabric(&core, &args.fabric).await?;
            let rules = drift_ignore::list(&core, &fabric).await?;
            if args.json {
                print_json(&json!({ "rules": rules }));
            } else if rules.is_empty() {
                println!("no drift ignore rules in {}", fabric.name);
            } else {
                for r in &rules {
                    println!(
                        "{}\t{}\t{} ignored\t{} ({})",
                        r.kind,
                        r.path,
                        r.ignored_paths,
                        r.reason,
                        r.created_by.as_deref().unwrap_or("unknown")
                    );
                }
            }
        }
        IgnoreCommand::Remove(args) => {
            let fabric = repositories::find_fabric(&core, &args.fabric).await?;
            drift_ignore::remove(&core, &fabric, &args.kind, &args.path, &actor()).await?;
            eprintln!(
                "{}: drift of {} {} counts again",
                fabric.name, args.kind, args.path
            );
            if args.json {
                print_json(&json!({ "removed": true }));
            }
        }
    }
    Ok(())
}

pub async fn delete(core: Core, args: DraftRef) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.fabric).await?;
    let key = key(&args);
    let saved = drafts::delete(&core, &fabric, &key, &actor()).await?;
    eprintln!("{key}: {} draft saved", saved.operation);
    if args.json {
        print_json(&json!({ "resource_id": saved.resource_id, "operation": saved.operation }));
    }
    Ok(())
}

pub async fn discard(core: Core, args: DraftRef) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.fabric).await?;
    let key = key(&args);
    drafts::discard(&core, &fabric, &key, &actor()).await?;
    eprintln!("{key}: draft discarded");
    if args.json {
        print_json(&json!({ "discarded": true }));
    }
    Ok(())
}

pub async fn list_conflicts(core: Core, args: ConflictListArgs) -> anyhow::Result<()> {
    let fabric_id = match &args.fabric {
        Some(f) => Some(repositories::find_fabric(&core, f).await?.id),
        None => None,
    };
    let status = match args.status.as_str() {
        "open" => Some(ConflictState::Open),
        "resolved" => Some(ConflictState::Resolved),
        "all" => None,
        other => {
            return Err(Error::validation(
                "status",
                format!("{other:?}: one of open, resolved, all"),
            )
            .into());
        }
    };
    let rows = conflicts::list(&core.db, fabric_id, status).await?;
    let mut items = Vec::new();
    for row in &rows {
        let resource = hnp_core::queries::resources::by_id(&core.db, row.resource_id).await?;
        let (kind, namespace, name) = resource
            .map(|r| (r.kind, r.namespace, r.name))
            .unwrap_or_default();
        if !args.json {
            println!(
                "{}\t{}\t{kind} {namespace}/{name}\t{}\t{}",
                row.id,
                row.status,
                row.conflict_type,
                row.conflicting_paths
                    .as_ref()
                    .and_then(|p| p.as_array())
                    .map(|p| p
                        .iter()
                        .filter_map(|v| v.as_str())
                        .collect::<Vec<_>>()
                        .join(", "))
                    .unwrap_or_default()
            );
        }
        items.push(json!({
            "id": row.id,
            "fabric_id": row.fabric_id,
            "kind": kind,
            "namespace": namespace,
            "name": name,
            "type": row.conflict_type,
            "status": row.status,
            "paths": row.conflicting_paths,
            "base": row.base_spec,
            "gui": row.gui_spec,
            "git": row.git_spec,
            "resolution": row.resolution,
            "detected_at": row.detected_at,
            "resolved_at": row.resolved_at,
        }));
    }
    if args.json {
        print_json(&json!({ "conflicts": items }));
    }
    Ok(())
}

pub async fn resolve(core: Core, args: ConflictResolveArgs) -> anyhow::Result<()> {
    let resolution = match args.strategy {
        StrategyArg::GuiWins => Resolution::GuiWins,
        StrategyArg::GitWins => Resolution::GitWins,
        StrategyArg::Merge => Resolution::Merge,
        StrategyArg::Manual => Resolution::Manual,
    };
    let merged = match &args.spec_file {
        Some(path) => Some(read_spec(path)?),
        None => None,
    };
    let resolved = conflicts::resolve(&core, args.id, resolution, merged, &actor()).await?;
    eprintln!("conflict {} resolved as {}", resolved.id, resolution);
    if args.json {
        print_json(&json!({
            "id": resolved.id,
            "status": resolved.status,
            "resolution": resolved.resolution,
            "merged_spec": resolved.merged_spec,
        }));
    }
    Ok(())
}

pub async fn list_flags(core: Core, args: FlagListArgs) -> anyhow::Result<()> {
    let fabric_id = match &args.fabric {
        Some(f) => Some(repositories::find_fabric(&core, f).await?.id),
        None => None,
    };
    let values = flags::effective(&core.db, &core.config, fabric_id).await?;
    if args.json {
        print_json(&json!({ "fabric_id": fabric_id, "flags": values }));
    } else {
        for v in &values {
            println!(
                "{}\t{}\t{}\t{}",
                v.name,
                if v.enabled { "on" } else { "off" },
                v.source,
                v.reason.clone().unwrap_or_default()
            );
        }
    }
    Ok(())
}

pub async fn set_flag(core: Core, args: FlagSetArgs) -> anyhow::Result<()> {
    let flag: Flag = args.flag.parse()?;
    let fabric_id = match &args.fabric {
        Some(f) => Some(repositories::find_fabric(&core, f).await?.id),
        None => None,
    };
    if args.clear {
        let fabric_id = fabric_id.context("--clear needs --fabric")?;
        let removed = flags::clear_override(&core.db, flag, fabric_id, &actor()).await?;
        eprintln!(
            "{}: {}",
            flag.name(),
            if removed {
                "fabric override removed"
            } else {
                "the fabric had no override"
            }
        );
    } else {
        let enabled = args.value.as_deref() == Some("on");
        flags::set(
            &core.db,
            flag,
            fabric_id,
            enabled,
            args.reason.clone(),
            &actor(),
        )
        .await?;
        eprintln!("{} set {}", flag.name(), if enabled { "on" } else { "off" });
    }
    if args.json {
        let values = flags::effective(&core.db, &core.config, fabric_id).await?;
        print_json(&json!({ "fabric_id": fabric_id, "flags": values }));
    }
    Ok(())
}

/// `hnp bench drift`: times `resource_drift::recompute` twice (first pass writes every status,
/// the second finds nothing changed).
pub async fn bench_drift(core: Core, args: crate::cli::BenchDriftArgs) -> anyhow::Result<()> {
    use hnp_core::hedgehog::drift::DriftOptions;
    use hnp_core::sync::resource_drift;
    let fabric = repositories::find_fabric(&core, &args.fabric).await?;
    let options = DriftOptions {
        strict: args.strict,
    };
    if args.simulate_actual {
        resource_drift::simulate_actual(&core.db, fabric.id).await?;
    }
    let start = std::time::Instant::now();
    let first = resource_drift::recompute(
        &core.db,
        fabric.id,
        Some(&fabric.kubernetes_namespace),
        options,
    )
    .await?;
    let first_ms = start.elapsed().as_secs_f64() * 1000.0;
    let start = std::time::Instant::now();
    let second = resource_drift::recompute(
        &core.db,
        fabric.id,
        Some(&fabric.kubernetes_namespace),
        options,
    )
    .await?;
    let second_ms = start.elapsed().as_secs_f64() * 1000.0;
    eprintln!(
        "{} resources: first pass {first_ms:.1} ms ({} changed), second pass {second_ms:.1} ms; in sync {}, drifted {}, desired only {}, actual only {}",
        first.resources,
        first.changed,
        first.in_sync,
        first.spec_drift,
        first.desired_only,
        first.actual_only
    );
    if args.json {
        print_json(&json!({
            "resources": first.resources,
            "first_ms": first_ms,
            "second_ms": second_ms,
            "first": first,
            "second": second,
            "drift_count": first.drift_count(),
        }));
    }
    Ok(())
}
