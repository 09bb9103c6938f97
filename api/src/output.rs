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

/// Reports a failure: a message on stderr, and with `--json` an error object on stdout.
pub fn report_error(error: &anyhow::Error, json: bool) {
    if let Some(reported) = error.downcast_ref::<Reported>() {
        eprintln!("error: {reported}");
        return;
    }
    let core_error = error.downcast_ref::<hnp_core::Error>();
    let code = core_error.map(|e| e.code()).unwrap_or("ERROR");
    eprintln!("error: {error:#}");
    let problems = match core_error {
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
    use super::strip_one_newline;

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
