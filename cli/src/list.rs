//! `aurora config list FILE [--bind NAME=VALUE]...`: prints `jobs=[k1, k2]`.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use aurora_compiler::config::{list_jobs, Loaded};
use aurora_compiler::eval::AccessKind;
use clap::Args;

use crate::client::Loader;
use crate::load::{load_config, report_load_errors, LoadArgs};

/// The arguments of `aurora config list`.
#[derive(Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    load: LoadArgs,

    /// Report on stderr every environment variable and file the config read.
    #[arg(long)]
    show_reads: bool,

    /// The `.aurora` file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// Loads the file and prints its job keys; on failure renders the problems on stderr and
/// exits as the client does (4 for what its loader rejects, 1 for other exceptions).
pub fn run(args: &ListArgs) -> ExitCode {
    let loaded = load_config(&args.file, &args.load);
    if args.show_reads {
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
            ExitCode::SUCCESS
        }
        Err(diagnostics) => report_load_errors(Loader::List, &args.file, &loaded, &diagnostics),
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
