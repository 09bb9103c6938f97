//! `hnp validate`: fabric YAML files checked offline against Hedgehog's admission rules
//! ([`hnp_core::hedgehog::files`]). Needs no configuration, data directory or database.

use std::process::ExitCode;
use std::time::Instant;

use hnp_core::hedgehog::files;
use serde_json::json;

use crate::cli::{ValidateArgs, ValidateFormat};
use crate::output::print_json;

/// Exit code 0 when no object has an error, 1 when one has, 2 when a path cannot be read.
pub fn run(args: &ValidateArgs) -> ExitCode {
    let format = if args.json {
        ValidateFormat::Json
    } else {
        args.format
    };
    let started = Instant::now();
    let report = match files::check_paths(&args.paths) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("error: {e}");
            if format == ValidateFormat::Json {
                print_json(&json!({"error": {"code": "USAGE", "message": e.to_string()}}));
            }
            return ExitCode::from(2);
        }
    };
    match format {
        ValidateFormat::Text => print!("{}", files::format_text(&report)),
        ValidateFormat::Github => print!("{}", files::format_github(&report)),
        ValidateFormat::Json => print_json(&json!(report)),
    }
    eprintln!(
        "{} objects checked: {} errors, {} warnings ({} ms)",
        report.objects,
        report.errors.len(),
        report.warnings.len(),
        started.elapsed().as_millis()
    );
    if report.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
