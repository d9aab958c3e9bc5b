//! `aurora config list FILE [--bind NAME=VALUE]...`: prints `jobs=[k1, k2]`.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use aurora_compiler::config::{list_jobs, load, LoadOptions, Loaded};
use aurora_compiler::eval::AccessKind;
use aurora_dsl::render_human;

/// What `aurora config list` was asked to do.
pub struct ListRequest<'a> {
    pub file: &'a Path,
    pub bindings: &'a [String],
    pub hermetic: bool,
    pub show_reads: bool,
    pub color: bool,
}

/// Loads the file and prints its job keys; on failure renders the problems on stderr.
/// Returns whether the jobs were listed.
pub fn config_list(request: &ListRequest<'_>) -> bool {
    let file = request.file;
    let color = request.color;
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let options = LoadOptions {
        env,
        user: current_user(),
        bindings: request.bindings.to_vec(),
        hermetic: request.hermetic,
        ..LoadOptions::default()
    };
    let loaded = load(file, &options);
    if request.show_reads {
        report_reads(&loaded);
    }
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

/// One line per read of the outside world, with where the config made it.
fn report_reads(loaded: &Loaded) {
    let mut stderr = io::stderr().lock();
    for access in &loaded.access {
        let what = match &access.kind {
            AccessKind::Env { name, found } => {
                format!(
                    "environment variable {name} ({})",
                    if *found { "set" } else { "unset" }
                )
            }
            AccessKind::EnvAll => "the whole environment".to_string(),
            AccessKind::File { path, found } => {
                format!(
                    "file {} ({})",
                    path.display(),
                    if *found { "found" } else { "missing" }
                )
            }
            AccessKind::Include { path, found } => {
                format!(
                    "include {} ({})",
                    path.display(),
                    if *found { "found" } else { "missing" }
                )
            }
        };
        let file = loaded.sources.file(access.span.file);
        let at = file.line_col(access.span.start);
        let _ = writeln!(
            stderr,
            "read {what} at {}:{}:{}",
            file.path().display(),
            at.line,
            at.column
        );
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
