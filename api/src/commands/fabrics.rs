//! `hnp fabric …` and `hnp sync`.

use hnp_core::audit::Actor;
use hnp_core::context::Core;
use hnp_core::operations::Requester;
use hnp_core::sync::{self, Report, Run};
use hnp_core::{cluster, repositories, sync::directories, sync::ingest, sync::writeback};
use hnp_entity::enums::OperationStatus;
use hnp_entity::fabric;
use serde_json::json;

use super::progress::TerminalProgress;
use crate::cli::{FabricCreateArgs, FabricRef, JsonFlag, RevertArgs, SyncArgs, SyncDirectionArg};
use crate::output::{Reported, print_json, read_stdin_value};

/// Runs `run` inline through the orchestrator under the fabric's lease (shared with the
/// workers, so a CLI sync never overlaps a worker's operation on the same fabric), with a
/// progress bar on a terminal.
async fn run_inline(
    core: &Core,
    fabric: &fabric::Model,
    run: Run,
    dry_run: bool,
) -> anyhow::Result<Report> {
    sync::check_dry_run(run, dry_run)?;
    let progress = TerminalProgress::new();
    let jobs = hnp_jobs::Jobs::connect(core.clone()).await?;
    let request = sync::Request {
        dry_run,
        ..Default::default()
    };
    let report = jobs
        .with_fabric_lock(
            fabric.id,
            sync::run(core, fabric, run, request, &Requester::cli(), &progress),
        )
        .await;
    progress.finish();
    Ok(report??)
}

pub async fn create(core: Core, args: FabricCreateArgs) -> anyhow::Result<()> {
    let auth = args.auth.into();
    let credentials = if args.credentials_stdin {
        Some(read_stdin_value("credentials")?.into())
    } else {
        None
    };
    let options = repositories::ProviderOptions {
        provider: args.provider.map(Into::into),
        github_api_url: args.github_api_url,
        write_mode: args.write_mode.map(Into::into),
    };
    let (fabric, repo) = repositories::create_fabric_with(
        &core,
        repositories::NewFabric {
            name: args.name,
            repo_url: args.repo_url,
            directory: args.directory,
            branch: args.branch,
            auth,
            credentials,
            ssh_host_keys: args.ssh_host_keys,
            commit_author: args.commit_author,
        },
        options,
        &Actor::system("cli"),
    )
    .await?;
    let branch = repositories::fabric_branch(&fabric, &repo);
    eprintln!(
        "Created fabric {} (id {}) on {} directory {:?} branch {branch}",
        fabric.name, fabric.id, repo.url, fabric.gitops_directory
    );
    let warnings = repositories::repository_warnings(&repo);
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    if args.json {
        print_json(&json!({
            "warnings": warnings,
            "id": fabric.id,
            "name": fabric.name,
            "git_repository_id": repo.id,
            "repository_url": repo.url,
            "directory": fabric.gitops_directory,
            "branch": branch,
            "provider": repo.provider,
            "write_mode": repo.write_mode,
            "github_api_url": repo.github_api_url,
        }));
    }
    Ok(())
}

pub async fn list(core: Core, args: JsonFlag) -> anyhow::Result<()> {
    let fabrics = hnp_core::queries::fabrics::all(&core.db).await?;
    if args.json {
        let rows: Vec<_> = fabrics
            .iter()
            .map(|f| {
                json!({
                    "id": f.id, "name": f.name, "git_repository_id": f.git_repository_id,
                    "directory": f.gitops_directory, "branch": f.git_branch,
                    "desired_state_commit": f.desired_state_commit,
                    "gitops_directory_status": f.gitops_directory_status,
                })
            })
            .collect();
        print_json(&json!({ "fabrics": rows }));
    } else {
        for f in &fabrics {
            println!(
                "{}\t{}\t{}\t{}",
                f.id,
                f.name,
                f.gitops_directory,
                f.desired_state_commit.as_deref().unwrap_or("-")
            );
        }
    }
    Ok(())
}

pub async fn init_directories(core: Core, args: FabricRef) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.fabric).await?;
    let Report::Directories(report) = run_inline(&core, &fabric, Run::DirectoryInit, false).await?
    else {
        unreachable!("directory initialization reports as such");
    };
    match &report.commit {
        Some(commit) => eprintln!(
            "Initialized the layout of {}: {} file(s) in commit {commit}",
            fabric.name,
            report.created_files.len()
        ),
        None if report.error.is_none() => {
            eprintln!(
                "The layout of {} is already complete; nothing committed",
                fabric.name
            )
        }
        None => {}
    }
    if args.json {
        print_json(&serde_json::to_value(&report)?);
    }
    if let Some(error) = report.error {
        return Err(Reported(format!(
            "initializing directories of {} failed: {error}",
            fabric.name
        ))
        .into());
    }
    Ok(())
}

pub async fn test_connection(core: Core, args: FabricRef) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.fabric).await?;
    let repo = repositories::fabric_repository(&core, &fabric).await?;
    let branch = repositories::fabric_branch(&fabric, &repo);
    let report =
        repositories::test_connection(&core, &repo, Some(&branch), &Actor::system("cli")).await?;
    if report.ok {
        eprintln!("Connected to {}: branch {branch} found", report.url);
    }
    if let Some(github) = &report.github {
        eprintln!(
            "GitHub {}: permissions [{}], default branch {}, branch {branch} protected: {}",
            github.full_name.as_deref().unwrap_or("?"),
            github.permissions.join(", "),
            github.default_branch.as_deref().unwrap_or("?"),
            github
                .branch_protected
                .map_or("unknown".to_owned(), |p| p.to_string()),
        );
    }
    if args.json {
        print_json(&serde_json::to_value(&report)?);
    }
    match report.error {
        Some(error) => {
            Err(Reported(format!("connection test of {} failed: {error}", report.url)).into())
        }
        None => Ok(()),
    }
}

pub async fn status(core: Core, args: FabricRef) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.fabric).await?;
    let layout = directories::status(&core, &fabric).await?;
    let file_errors = fabric.file_status.clone().unwrap_or(json!({}));
    if args.json {
        print_json(&json!({
            "fabric": fabric.name,
            "directory_status": layout.status,
            "reasons": layout.reasons,
            "desired_state_commit": fabric.desired_state_commit,
            "file_errors": file_errors,
        }));
    } else {
        println!("directory: {}", layout.status);
        for reason in &layout.reasons {
            println!("  - {reason}");
        }
        if let Some(map) = file_errors.as_object() {
            for (path, status) in map {
                println!(
                    "error\t{path}\t{}",
                    status["error"].as_str().unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}

pub async fn sync(core: Core, args: SyncArgs) -> anyhow::Result<()> {
    let fabric = repositories::find_fabric(&core, &args.fabric).await?;
    let run = match args.direction {
        SyncDirectionArg::GitToGui => Run::GitToGui,
        SyncDirectionArg::GuiToGit => Run::GuiToGit,
        SyncDirectionArg::Bidirectional => Run::Bidirectional,
        SyncDirectionArg::Cluster => Run::ClusterRead,
    };
    match run_inline(&core, &fabric, run, args.dry_run).await? {
        Report::Ingest(report) => print_ingest(&fabric, report, args.json),
        Report::Cluster(report) => print_cluster_read(&fabric, report, args.json),
        Report::WriteBack(report) => print_write_back(&fabric, report, args.dry_run, args.json),
        Report::Directories(_) => unreachable!("hnp sync has no directory initialization"),
    }
}

/// `hnp revert`: one core call under the fabric's lease; printed like a write-back.
pub async fn revert(core: Core, args: RevertArgs) -> anyhow::Result<()> {
    use hnp_core::sync::revert::{self, Target};
    let target = match (args.operation, args.fabric, args.commit) {
        (Some(operation), _, _) => Target::Operation(operation),
        (None, Some(fabric), Some(commit)) => Target::Commit {
            fabric_id: repositories::find_fabric(&core, &fabric).await?.id,
            commit,
        },
        _ => anyhow::bail!("give --operation, or --fabric and --commit"),
    };
    let fabric = revert::fabric_of(&core, &target).await?;
    let progress = TerminalProgress::new();
    let jobs = hnp_jobs::Jobs::connect(core.clone()).await?;
    let report = jobs
        .with_fabric_lock(
            fabric.id,
            revert::run(
                &core,
                &fabric,
                &target,
                args.dry_run,
                &Requester::cli(),
                &progress,
            ),
        )
        .await;
    progress.finish();
    print_write_back(&fabric, report??, args.dry_run, args.json)
}

fn print_write_back(
    fabric: &fabric::Model,
    report: writeback::SyncReport,
    dry_run: bool,
    json_output: bool,
) -> anyhow::Result<()> {
    let c = report.counters;
    eprintln!(
        "{}: {} — created {} updated {} deleted {} unchanged {} conflicts {}{}",
        fabric.name,
        report.status,
        c.created,
        c.updated,
        c.deleted,
        c.unchanged,
        c.conflicts,
        report
            .message
            .as_deref()
            .map(|m| format!(" ({m})"))
            .unwrap_or_default()
    );
    for item in &report.auto_merged {
        eprintln!(
            "merged: {} {} ({})",
            item.kind,
            item.name,
            item.paths.join(", ")
        );
    }
    print_conflicts(&report.conflicts);
    for skipped in &report.skipped {
        eprintln!(
            "not written: {} {}: {}",
            skipped.kind, skipped.name, skipped.reason
        );
    }
    for warning in &report.warnings {
        eprintln!(
            "warning: {} {}: {}: {}",
            warning.kind, warning.name, warning.path, warning.message
        );
    }
    for error in &report.errors {
        eprintln!("error: {}: {}", error.path, error.message);
    }
    if dry_run && !json_output {
        for file in &report.files {
            println!("{}", file.diff);
        }
    }
    if let Some(url) = &report.pull_request_url {
        eprintln!("pull request: {url}");
    }
    if json_output {
        let mut out = json!({
            "operation_id": report.operation_id,
            "direction": report.direction,
            "status": report.status,
            "files_processed": c.files_processed,
            "created": c.created,
            "updated": c.updated,
            "deleted": c.deleted,
            "unchanged": c.unchanged,
            "errors": report.errors,
            "commit": report.commit,
            "head": report.head,
            "dry_run": report.dry_run,
            "pushed": report.pushed,
            "attempts": report.attempts,
            "auto_merged": report.auto_merged,
            "conflicts": report.conflicts,
            "skipped": report.skipped,
            "warnings": report.warnings,
            "files": report.files,
            "message": report.message,
            "timings_ms": timings_json(&report.timings_ms),
        });
        // Pull-request mode: the pull request opened or updated by this run.
        if let (Some(url), Some(object)) = (&report.pull_request_url, out.as_object_mut()) {
            object.insert("pull_request_url".into(), json!(url));
        }
        // A revert: what it reverts.
        if let (Some(revert), Some(object)) = (&report.revert, out.as_object_mut()) {
            object.insert("revert".into(), revert.clone());
        }
        // Dry runs (and pull-request mode): what the written drafts touch.
        if let (Some(impact), Some(object)) = (&report.impact, out.as_object_mut()) {
            object.insert("impact".into(), json!(impact));
        }
        print_json(&out);
    }
    failed_if(report.status, fabric, &report.errors)
}

fn print_ingest(
    fabric: &fabric::Model,
    report: ingest::IngestReport,
    json_output: bool,
) -> anyhow::Result<()> {
    let c = report.counters;
    eprintln!(
        "{}: {} — files {} created {} updated {} deleted {} unchanged {}{}",
        fabric.name,
        report.status,
        c.files_processed,
        c.created,
        c.updated,
        c.deleted,
        c.unchanged,
        if report.noop { " (head unchanged)" } else { "" }
    );
    for error in &report.errors {
        eprintln!("error: {}: {}", error.path, error.message);
    }
    if let Some(warning) = report
        .invalid_resources
        .and_then(hnp_core::sync::ingest::admission::warning)
    {
        eprintln!("warning: {warning}");
    }
    print_conflicts(&report.conflicts);
    if json_output {
        print_json(&json!({
            "operation_id": report.operation_id,
            "status": report.status,
            "files_processed": c.files_processed,
            "created": c.created,
            "updated": c.updated,
            "deleted": c.deleted,
            "unchanged": c.unchanged,
            "errors": report.errors,
            "unmanaged": report.unmanaged,
            "commit": report.commit,
            "noop": report.noop,
            "normalize_commit": report.normalize_commit,
            "auto_merged": report.auto_merged,
            "conflicts": report.conflicts,
            "invalid_resources": report.invalid_resources,
            "timings_ms": timings_json(&report.timings_ms),
        }));
    }
    failed_if(report.status, fabric, &report.errors)
}

fn print_conflicts(conflicts: &[hnp_core::sync::conflicts::Opened]) {
    for conflict in conflicts {
        eprintln!(
            "conflict: {} {} {} ({})",
            conflict.conflict_type,
            conflict.kind,
            conflict.name,
            conflict.paths.join(", ")
        );
    }
}

/// A failed operation: its JSON was printed; exit non-zero with the last error.
fn failed_if(
    status: OperationStatus,
    fabric: &fabric::Model,
    errors: &[hnp_core::operations::FileError],
) -> anyhow::Result<()> {
    if status == OperationStatus::Failed {
        return Err(Reported(format!(
            "sync of {} failed: {}",
            fabric.name,
            errors
                .last()
                .map(|e| e.message.as_str())
                .unwrap_or("unknown error")
        ))
        .into());
    }
    Ok(())
}

fn timings_json(timings: &[(String, f64)]) -> serde_json::Value {
    serde_json::Value::Object(timings.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
}

/// The report of `hnp sync --direction cluster`.
fn print_cluster_read(
    fabric: &fabric::Model,
    report: cluster::ClusterReadReport,
    json_output: bool,
) -> anyhow::Result<()> {
    eprintln!(
        "{}: {} — {} objects, {} actual states updated, {} in sync, {} drifted, {} only in the cluster, {} only in Git",
        fabric.name,
        report.status,
        report.objects,
        report.actual_updated,
        report.in_sync,
        report.drifted.len(),
        report.actual_only.len(),
        report.desired_only.len(),
    );
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if !json_output {
        for d in &report.drifted {
            println!("drift\t{}\t{}\t{}", d.kind, d.name, d.paths.join(", "));
        }
        for r in &report.actual_only {
            println!("actual_only\t{}\t{}", r.kind, r.name);
        }
        for r in &report.desired_only {
            println!("desired_only\t{}\t{}", r.kind, r.name);
        }
    }
    for error in &report.errors {
        eprintln!("error: {}", error.message);
    }
    if json_output {
        print_json(&json!({
            "operation_id": report.operation_id,
            "status": report.status,
            "objects": report.objects,
            "actual_updated": report.actual_updated,
            "actual_only": report.actual_only,
            "desired_only": report.desired_only,
            "drifted": report.drifted,
            "in_sync": report.in_sync,
            "errors": report.errors,
            "warnings": report.warnings,
            "timings_ms": timings_json(&report.timings_ms),
        }));
    }
    failed_if(report.status, fabric, &report.errors)
}
