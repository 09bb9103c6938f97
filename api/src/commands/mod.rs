//! Subcommand implementations: parse input, call `hnp-core`, print results.

use anyhow::Context;
use hnp_core::config::Config;
use hnp_core::security::{auth, secrets};
use hnp_core::{db, flags};
use sea_orm::DatabaseConnection;
use serde_json::json;

mod cluster;
mod drafts;
mod fabrics;
mod history;
mod notify;
mod progress;
mod topology;
pub mod validate;

use crate::cli::{
    BenchCommand, Cli, Command, ConflictCommand, DraftCommand, DriftCommand, FabricCommand,
    FlagCommand, MigrateArgs, SecretsCommand, TokenCommand, UserCommand, UserCreateArgs,
};
use crate::output::{print_json, read_stdin_value};
use crate::{logging, server};

/// Loads the configuration and sets up logging; reports config warnings.
fn setup(cli: &Cli) -> anyhow::Result<Config> {
    let loaded = Config::load(cli.config.as_deref())?;
    logging::init(&loaded.config);
    for warning in &loaded.warnings {
        tracing::warn!("{warning}");
    }
    Ok(loaded.config)
}

/// Connects to the configured database and applies pending migrations.
async fn open_db(config: &Config) -> anyhow::Result<DatabaseConnection> {
    if config.database_url.is_none() {
        config.ensure_data_dir()?;
    }
    let db = db::connect(&config.effective_database_url()).await?;
    db::migrate(&db).await.context("applying migrations")?;
    Ok(db)
}

/// The core context (database migrated, vault loaded, flags seeded).
async fn core(config: Config) -> anyhow::Result<hnp_core::context::Core> {
    let db = open_db(&config).await?;
    flags::ensure_defaults(&db, &config).await?;
    Ok(hnp_core::context::Core::new(config, db)?)
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Validate(args) = &cli.command {
        // Dispatched by main before any configuration is loaded; kept here for completeness.
        return match validate::run(args) {
            code if code == std::process::ExitCode::SUCCESS => Ok(()),
            _ => Err(crate::output::Reported("validation failed".into()).into()),
        };
    }
    let config = setup(&cli)?;
    match cli.command {
        Command::Serve(args) => {
            let workers = (!args.no_workers).then_some(args.concurrency);
            serve(config, workers).await
        }
        Command::Worker(args) => {
            let core = core(config).await?;
            server::run_worker(core, args.concurrency, args.listen).await
        }
        Command::Demo => demo(config).await,
        Command::GraphqlSchema => {
            print!("{}", crate::graphql::sdl());
            Ok(())
        }
        Command::Migrate(args) => migrate(&config, args).await,
        Command::Fabric(FabricCommand::Create(args)) => {
            fabrics::create(core(config).await?, *args).await
        }
        Command::Fabric(FabricCommand::List(args)) => {
            fabrics::list(core(config).await?, args).await
        }
        Command::Fabric(FabricCommand::InitDirectories(args)) => {
            fabrics::init_directories(core(config).await?, args).await
        }
        Command::Fabric(FabricCommand::TestConnection(args)) => {
            fabrics::test_connection(core(config).await?, args).await
        }
        Command::Fabric(FabricCommand::SetCluster(args)) => {
            cluster::set_cluster(core(config).await?, args).await
        }
        Command::Fabric(FabricCommand::TestCluster(args)) => {
            cluster::test_cluster(core(config).await?, args).await
        }
        Command::Fabric(FabricCommand::Switches(args)) => {
            cluster::switches(core(config).await?, args).await
        }
        Command::Fabric(FabricCommand::Status(args)) => {
            fabrics::status(core(config).await?, args).await
        }
        Command::Sync(args) => fabrics::sync(core(config).await?, args).await,
        Command::Draft(DraftCommand::Set(args)) => drafts::set(core(config).await?, args).await,
        Command::Drift(DriftCommand::Adopt(args)) => drafts::adopt(core(config).await?, args).await,
        Command::Drift(DriftCommand::KeepGit(args)) => {
            drafts::keep_git(core(config).await?, args).await
        }
        Command::Drift(DriftCommand::Ignore(command)) => {
            drafts::ignore(core(config).await?, command).await
        }
        Command::Draft(DraftCommand::Delete(args)) => {
            drafts::delete(core(config).await?, args).await
        }
        Command::Draft(DraftCommand::Discard(args)) => {
            drafts::discard(core(config).await?, args).await
        }
        Command::Conflict(ConflictCommand::List(args)) => {
            drafts::list_conflicts(core(config).await?, args).await
        }
        Command::Conflict(ConflictCommand::Resolve(args)) => {
            drafts::resolve(core(config).await?, args).await
        }
        Command::Notify(command) => notify::run(core(config).await?, command).await,
        Command::Flag(FlagCommand::List(args)) => {
            drafts::list_flags(core(config).await?, args).await
        }
        Command::Flag(FlagCommand::Set(args)) => drafts::set_flag(core(config).await?, args).await,
        Command::Bench(BenchCommand::Drift(args)) => {
            drafts::bench_drift(core(config).await?, args).await
        }
        Command::Bench(BenchCommand::Graph(args)) => {
            topology::bench_graph(core(config).await?, args).await
        }
        Command::Diagram(args) => topology::diagram(core(config).await?, args).await,
        Command::History(args) => history::history(core(config).await?, args).await,
        Command::Blame(args) => history::blame(core(config).await?, args).await,
        Command::Revert(args) => fabrics::revert(core(config).await?, args).await,
        Command::Fabric(FabricCommand::BackfillHistory(args)) => {
            history::backfill(core(config).await?, args).await
        }
        Command::Bench(BenchCommand::History(args)) => {
            history::bench(core(config).await?, args).await
        }
        Command::Validate(_) => Ok(()), // returned above
        Command::User(UserCommand::Create(args)) => user_create(&config, args).await,
        Command::User(UserCommand::List(args)) => {
            let db = open_db(&config).await?;
            let users = auth::list_users(&db).await?;
            for user in &users {
                if !args.json {
                    println!("{}\t{}", user.username, user.role);
                }
            }
            if args.json {
                let users: Vec<_> = users
                    .iter()
                    .map(|u| json!({"id": u.id, "username": u.username, "role": u.role, "is_active": u.is_active}))
                    .collect();
                print_json(&json!({ "users": users }));
            }
            Ok(())
        }
        Command::Token(TokenCommand::Create(args)) => {
            let db = open_db(&config).await?;
            let created =
                auth::create_token(&db, &args.username, args.name.as_deref(), &cli_actor()).await?;
            eprintln!(
                "Created API token {:?} ({}…) for {}. It is shown only once; store it now.",
                created.record.name, created.record.token_prefix, args.username
            );
            if args.json {
                print_json(&json!({
                    "id": created.record.id,
                    "username": args.username,
                    "name": created.record.name,
                    "prefix": created.record.token_prefix,
                    "token": created.token.expose(),
                }));
            } else {
                println!("{}", created.token.expose());
            }
            Ok(())
        }
        Command::Token(TokenCommand::List(args)) => {
            let db = open_db(&config).await?;
            let tokens = auth::list_tokens(&db, &args.username).await?;
            let rows: Vec<_> = tokens
                .iter()
                .map(|t| {
                    json!({
                        "id": t.id, "name": t.name, "prefix": t.token_prefix,
                        "created_at": t.created_at, "last_used_at": t.last_used_at,
                        "revoked": t.revoked_at.is_some(),
                    })
                })
                .collect();
            if args.json {
                print_json(&json!({ "tokens": rows }));
            } else {
                for t in &tokens {
                    let state = if t.revoked_at.is_some() {
                        "revoked"
                    } else {
                        "active"
                    };
                    println!("{}\t{}…\t{}\t{}", t.id, t.token_prefix, t.name, state);
                }
            }
            Ok(())
        }
        Command::Token(TokenCommand::Revoke(args)) => {
            let db = open_db(&config).await?;
            let token = auth::revoke_token(&db, args.id, &cli_actor()).await?;
            eprintln!("Revoked API token {} ({}…)", token.id, token.token_prefix);
            if args.json {
                print_json(&json!({ "id": token.id, "revoked": true }));
            }
            Ok(())
        }
        Command::Secrets(SecretsCommand::Rotate(args)) => {
            let db = open_db(&config).await?;
            let rotation = secrets::rotate(&db, &config).await?;
            eprintln!(
                "Re-encrypted {} stored secret(s): key {} → {}.",
                rotation.values_reencrypted, rotation.old_key_id, rotation.new_key_id
            );
            if rotation.operator_action_required {
                eprintln!(
                    "The key came from HNP_SECRET_KEY: the new key is in {}. Set HNP_SECRET_KEY_FILE to that file (or HNP_SECRET_KEY to its content) before the next start.",
                    rotation.key_file.display()
                );
            }
            if args.json {
                print_json(&json!({
                    "old_key_id": rotation.old_key_id,
                    "new_key_id": rotation.new_key_id,
                    "values_reencrypted": rotation.values_reencrypted,
                    "key_file": rotation.key_file,
                    "operator_action_required": rotation.operator_action_required,
                }));
            }
            Ok(())
        }
    }
}

async fn serve(config: Config, workers: Option<usize>) -> anyhow::Result<()> {
    let db = open_db(&config).await?;
    // Creating the vault on first start generates its key file, so it exists before any secret.
    let vault = hnp_core::security::vault::Vault::load(&config)?;
    tracing::info!(key_id = %vault.key_id(), "credentials vault ready");
    flags::ensure_defaults(&db, &config).await?;
    let core = hnp_core::context::Core::new(config.clone(), db)?;
    server::run(config, core, workers).await
}

/// Seeds the demo (repository, admin user, fabric, first sync), starts the simulated cluster of
/// each demo fabric and connects the fabric to it, then serves.
async fn demo(config: Config) -> anyhow::Result<()> {
    let db = open_db(&config).await?;
    let vault = hnp_core::security::vault::Vault::load(&config)?;
    tracing::info!(key_id = %vault.key_id(), "credentials vault ready");
    flags::ensure_defaults(&db, &config).await?;
    let core = hnp_core::context::Core::new(config.clone(), db)?;
    let seeded = hnp_core::demo::seed(&core).await?;
    match &seeded.admin_password {
        Some(password) => {
            println!("admin password: {password}");
            eprintln!("Log in as `admin` with the password above; it is shown only this once.");
        }
        None => {
            eprintln!("Demo already seeded; log in as `admin` (password shown on first start).")
        }
    }
    // Kept until the server stops: dropping them stops the simulators.
    let simulated = match hnp_core::demo::cluster::start(&core).await {
        Ok(simulated) => simulated,
        Err(e) => {
            eprintln!("No simulated cluster: {e}");
            Vec::new()
        }
    };
    for sim in &simulated {
        let mut shows = Vec::new();
        if let Some((drifted, path)) = &sim.drifted {
            shows.push(format!(
                "{path} of {}/{} edited by {}",
                drifted.kind,
                drifted.name,
                hnp_core::demo::cluster::EDIT_MANAGER
            ));
        }
        if let Some(orphan) = &sim.orphan {
            shows.push(format!("{}/{} not in Git", orphan.kind, orphan.name));
        }
        shows.push(format!("{} agents", sim.agents));
        eprintln!(
            "Simulated cluster (not a real Kubernetes cluster) for fabric `{}` at {}: {} (read it with Read Cluster on the fabric page).",
            sim.fabric,
            sim.url(),
            shows.join(", ")
        );
    }
    eprintln!(
        "Demo fabric `{}` on {} — open http://{}/",
        hnp_core::demo::FABRIC,
        seeded.repository.display(),
        config.listen
    );
    // The simulated fabrics live: new Git state is applied to them and rolled out to their
    // switches, whose Agents keep reporting.
    let simulated = std::sync::Arc::new(simulated);
    let beating = {
        let simulated = simulated.clone();
        let core = core.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(hnp_core::demo::cluster::TICK_EVERY);
            loop {
                every.tick().await;
                for sim in simulated.iter() {
                    match sim.tick(&core).await {
                        Ok(0) => {}
                        Ok(n) => tracing::info!(
                            fabric = sim.fabric,
                            objects = n,
                            "simulated cluster applied Git's changes"
                        ),
                        Err(e) => {
                            tracing::warn!(fabric = sim.fabric, error = %e, "simulated cluster step failed")
                        }
                    }
                }
            }
        })
    };
    let served = server::run(config, core, Some(2)).await;
    beating.abort();
    drop(simulated);
    served
}

async fn migrate(config: &Config, args: MigrateArgs) -> anyhow::Result<()> {
    if config.database_url.is_none() {
        config.ensure_data_dir()?;
    }
    let db = db::connect(&config.effective_database_url()).await?;
    if let Some(steps) = args.down {
        db::migrate_down(&db, steps).await?;
    } else if !args.status {
        db::migrate(&db).await?;
    }
    let (applied, pending) = db::migration_status(&db).await?;
    if args.json {
        print_json(&json!({ "applied": applied, "pending": pending }));
    } else {
        for name in &applied {
            println!("applied\t{name}");
        }
        for name in &pending {
            println!("pending\t{name}");
        }
    }
    Ok(())
}

/// Who acts in audit records of the command line.
fn cli_actor() -> hnp_core::audit::Actor {
    hnp_core::audit::Actor::system("cli")
}

async fn user_create(config: &Config, args: UserCreateArgs) -> anyhow::Result<()> {
    let role = args.role.into();
    let password = read_stdin_value("password")?;
    let db = open_db(config).await?;
    let user = auth::create_user(&db, &args.username, &password, role, &cli_actor()).await?;
    eprintln!("Created user {} ({})", user.username, user.role);
    if args.json {
        print_json(&json!({ "id": user.id, "username": user.username, "role": user.role }));
    }
    Ok(())
}
