//! `hnp`: the HNP Sync server and command line.
//!
//! Conventions for every subcommand: logs and progress go to stderr, results to stdout;
//! `--json` prints exactly one compact JSON object as the last line of stdout (also on failure,
//! as `{"error": {...}}`); every `--…-stdin` flag reads the value from stdin and strips one
//! trailing newline; the exit code is non-zero on failure.

mod auth;
mod cli;
mod commands;
mod graphql;
mod logging;
mod metrics;
mod output;
mod rest;
mod server;
mod state;
mod webhook;

use clap::Parser;

/// mimalloc: ingestion allocates many small objects (YAML values, rows) on several threads;
/// measured ~15% faster end to end than the system allocator on a 10,000-resource ingest.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Transparent huge pages off for this process. mimalloc advises huge pages on its arenas, and
/// with the kernel in `madvise` mode the first touch of each 2 MiB region then zeroes a whole
/// huge page: on the 10,000-resource first ingest that was a fifth of all CPU samples
/// (`clear_page_erms` under `do_huge_pmd_anonymous_page`), against 1% with them off. The flag is
/// per process, inherited by children; arenas mapped before `main` are covered too (it is
/// checked at fault time).
fn disable_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        // A refusal (a seccomp profile) only loses the optimisation: nothing to report.
        let _ = nix::sys::prctl::set_thp_disable(true);
    }
}

fn main() -> std::process::ExitCode {
    disable_transparent_huge_pages();
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return output::report_usage_error(error),
    };
    if let cli::Command::Validate(args) = &cli.command {
        // Offline: no configuration, data directory, database or async runtime.
        return commands::validate::run(args);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let json = cli.json();
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => std::process::ExitCode::from(output::report_error(&error, json)),
    }
}
