//! Result and error printing shared by all subcommands.

use serde_json::{Value, json};

/// Prints the JSON result object as one compact line on stdout.
pub fn print_json(value: &Value) {
    println!("{value}");
}

/// A failure whose result (with `--json`, its JSON object) was already printed: only the
/// message goes to stderr and the exit code is non-zero.
#[derive(Debug)]
pub struct Reported(pub String);

impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Reported {}

/// The class of a failure, with its documented exit code (README, "Command line").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// The operation ran and failed (its report, with `--json` its JSON, was printed).
    Failed,
    /// Bad arguments or configuration (clap's own usage errors exit 2 too).
    Usage,
    /// Input failed validation (`VALIDATION_FAILED`).
    Validation,
    /// Something named does not exist (`NOT_FOUND`).
    NotFound,
    /// A conflict with existing state (`CONFLICT`, `ALREADY_EXISTS`).
    Conflict,
    /// A remote failed or refused: Git, GitHub, the cluster, the job queue.
    Remote,
    /// Refused by policy: credentials, role or a feature flag.
    Refused,
    /// A bug or a local failure (database, file system, vault).
    Internal,
}

impl Class {
    pub fn exit_code(self) -> u8 {
        match self {
            Class::Failed => 1,
            Class::Usage => 2,
            Class::Validation => 3,
            Class::NotFound => 4,
            Class::Conflict => 5,
            Class::Remote => 6,
            Class::Refused => 7,
            Class::Internal => 10,
        }
    }

    fn of_code(code: &str) -> Class {
        match code {
            "CONFIGURATION_ERROR" => Class::Usage,
            "VALIDATION_FAILED" => Class::Validation,
            "NOT_FOUND" => Class::NotFound,
            "CONFLICT" | "ALREADY_EXISTS" => Class::Conflict,
            "GIT_ERROR"
            | "GIT_AUTH_FAILED"
            | "GITHUB_ERROR"
            | "RATE_LIMITED"
            | "CLUSTER_ERROR"
            | "CLUSTER_AUTH_FAILED"
            | "CLUSTER_NOT_CONFIGURED"
            | "JOBS_UNAVAILABLE" => Class::Remote,
            "UNAUTHENTICATED" | "FORBIDDEN" | "FEATURE_DISABLED" => Class::Refused,
            _ => Class::Internal,
        }
    }
}

/// The stable code and class of any error a command returns, wrapped or not: a core error
/// anywhere in the chain (also inside a jobs error), else the jobs error's own class.
pub fn classify(error: &anyhow::Error) -> (&'static str, Class) {
    if error.downcast_ref::<Reported>().is_some() {
        return ("FAILED", Class::Failed);
    }
    for cause in error.chain() {
        if let Some(core) = cause.downcast_ref::<hnp_core::Error>() {
            return (core.code(), Class::of_code(core.code()));
        }
        if let Some(jobs) = cause.downcast_ref::<hnp_jobs::JobsError>() {
            return match jobs {
                hnp_jobs::JobsError::Core(core) => (core.code(), Class::of_code(core.code())),
                hnp_jobs::JobsError::Unavailable(_) => ("JOBS_UNAVAILABLE", Class::Remote),
                hnp_jobs::JobsError::Config(_) => ("CONFIGURATION_ERROR", Class::Usage),
                _ => ("INTERNAL", Class::Internal),
            };
        }
        if cause.downcast_ref::<sea_orm::DbErr>().is_some() {
            return ("DATABASE_ERROR", Class::Internal);
        }
    }
    ("INTERNAL", Class::Internal)
}

/// A command line clap refused. Help and version are printed as usual; with `--json` among
/// the arguments the error is also the promised JSON object: an invalid value of an option is
/// `VALIDATION_FAILED` naming the option (exit 3), anything else `USAGE` (exit 2; `hnp
/// validate` exits 2 for both).
pub fn report_usage_error(error: clap::Error) -> std::process::ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return std::process::ExitCode::SUCCESS;
    }
    let invalid_value = matches!(
        error.kind(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation
    );
    // `hnp validate` documents 2 for every usage error (0 valid, 1 errors found).
    let validate = std::env::args().skip(1).any(|a| a == "validate");
    let (code, class) = if invalid_value && !validate {
        ("VALIDATION_FAILED", Class::Validation)
    } else {
        ("USAGE", Class::Usage)
    };
    let _ = error.print();
    if std::env::args().any(|a| a == "--json") {
        let message = error
            .render()
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .to_owned();
        let mut object = json!({ "code": code, "message": message });
        if invalid_value && let Some(ContextValue::String(arg)) = error.get(ContextKind::InvalidArg)
        {
            let field = arg
                .trim_start_matches("--")
                .split([' ', '='])
                .next()
                .unwrap_or_default()
                .replace('-', "_");
            object["problems"] = json!([{ "path": field, "message": message }]);
        }
        print_json(&json!({ "error": object }));
    }
    std::process::ExitCode::from(class.exit_code())
}

/// The core error anywhere in the chain (for its problems).
fn core_error(error: &anyhow::Error) -> Option<&hnp_core::Error> {
    error.chain().find_map(|cause| {
        cause.downcast_ref::<hnp_core::Error>().or_else(|| {
            match cause.downcast_ref::<hnp_jobs::JobsError>() {
                Some(hnp_jobs::JobsError::Core(core)) => Some(core),
                _ => None,
            }
        })
    })
}

/// Reports a failure: a message on stderr, and with `--json` an error object on stdout
/// (`{"error": {"code", "message", "problems"?}}`); returns the exit code of its class.
pub fn report_error(error: &anyhow::Error, json: bool) -> u8 {
    let (code, class) = classify(error);
    if let Some(reported) = error.downcast_ref::<Reported>() {
        eprintln!("error: {reported}");
        return class.exit_code();
    }
    eprintln!("error: {error:#}");
    let problems = match core_error(error) {
        Some(hnp_core::Error::Invalid(problems)) => {
            for problem in problems {
                eprintln!("  {problem}");
            }
            json!(problems)
        }
        Some(hnp_core::Error::Validation { field, message }) => {
            json!([{ "path": field, "message": message }])
        }
        _ => Value::Null,
    };
    if json {
        let mut object = json!({ "code": code, "message": format!("{error:#}") });
        if !problems.is_null() {
            object["problems"] = problems;
        }
        print_json(&json!({ "error": object }));
    }
    class.exit_code()
}

/// Reads a value from stdin and strips exactly one trailing newline (`\n` or `\r\n`).
pub fn read_stdin_value(what: &str) -> anyhow::Result<String> {
    use std::io::Read;
    let mut value = String::new();
    std::io::stdin()
        .read_to_string(&mut value)
        .map_err(|e| anyhow::anyhow!("cannot read {what} from stdin: {e}"))?;
    strip_one_newline(&mut value);
    Ok(value)
}

/// Removes one trailing `\n` or `\r\n`, nothing more.
fn strip_one_newline(value: &mut String) {
    if value.ends_with('\n') {
        value.pop();
        if value.ends_with('\r') {
            value.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_maps_to_a_code_and_a_class() {
        let wrap = |e: hnp_core::Error| anyhow::Error::new(e).context("while doing something");
        let cases = [
            (
                wrap(hnp_core::Error::validation("f", "bad")),
                "VALIDATION_FAILED",
                3,
            ),
            (wrap(hnp_core::Error::not_found("fabric x")), "NOT_FOUND", 4),
            (
                wrap(hnp_core::Error::AlreadyExists("x".into())),
                "ALREADY_EXISTS",
                5,
            ),
            (
                wrap(hnp_core::Error::FeatureDisabled("x".into())),
                "FEATURE_DISABLED",
                7,
            ),
            (wrap(hnp_core::Error::Io("disk".into())), "IO_ERROR", 10),
            (
                anyhow::Error::new(hnp_jobs::JobsError::Core(hnp_core::Error::not_found("y"))),
                "NOT_FOUND",
                4,
            ),
            (
                anyhow::Error::new(hnp_jobs::JobsError::Unavailable("redis down".into())),
                "JOBS_UNAVAILABLE",
                6,
            ),
            (
                anyhow::Error::new(Reported("sync failed".into())),
                "FAILED",
                1,
            ),
            (anyhow::anyhow!("something else"), "INTERNAL", 10),
        ];
        for (error, code, exit) in cases {
            let (got, class) = classify(&error);
            assert_eq!((got, class.exit_code()), (code, exit), "{error:#}");
        }
    }

    #[test]
    fn strips_exactly_one_newline() {
        for (input, expected) in [
            ("pw\n", "pw"),
            ("pw\r\n", "pw"),
            ("pw\n\n", "pw\n"),
            ("pw", "pw"),
            (" pw \n", " pw "),
            ("\n", ""),
        ] {
            let mut value = input.to_owned();
            strip_one_newline(&mut value);
            assert_eq!(value, expected, "{input:?}");
        }
    }
}
