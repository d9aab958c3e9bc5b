//! `aurora config list FILE [--bind NAME=VALUE]...`: prints `jobs=[k1, k2]`.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use aurora_compiler::config::{list_jobs, load, LoadOptions};
use aurora_dsl::render_human;

/// Loads `file` and prints its job keys; on failure renders the problems on stderr.
/// Returns whether the jobs were listed.
pub fn config_list(file: &Path, bindings: &[String], color: bool) -> bool {
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let options = LoadOptions {
        env,
        user: current_user(),
        bindings: bindings.to_vec(),
        ..LoadOptions::default()
    };
    let loaded = load(file, &options);
    let outcome = if loaded.is_ok() {
        list_jobs(&loaded).map_err(|diagnostic| vec![diagnostic])
    } else {
        Err(loaded.diagnostics.clone())
    };
    match outcome {
        Ok(keys) => {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            // A closed stdout is no reason to fail the listing itself.
            let _ = writeln!(io::stdout().lock(), "jobs=[{}]", keys.join(", "));
            true
        }
        Err(diagnostics) => {
            let mut stderr = io::stderr().lock();
            let _ = writeln!(
                stderr,
                "Error loading configuration file {}:",
                file.display()
            );
            for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
                let _ = writeln!(
                    stderr,
                    "{}",
                    render_human(diagnostic, &loaded.sources, color)
                );
            }
            false
        }
    }
}

/// The user Python's `getpass.getuser()` finds in the password database when the
/// environment names none (the evaluator reads LOGNAME, USER... from `env` first).
fn current_user() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|line| line.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.get(2) == Some(&uid.as_str())).then(|| fields[0].to_string())
    })
}
