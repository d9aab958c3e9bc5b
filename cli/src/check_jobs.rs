//! The full `aurora config check` of one file: evaluate it, then compile every job of its
//! `jobs` list as `aurora job create` would, and render what was found.
//!
//! The compiler's values are not `Send`, so a file is loaded, compiled and rendered on one
//! worker thread; only the rendered result leaves it.

use std::path::Path;

use aurora_compiler::config::{jobs_site, list_jobs, no_jobs_warning};
use aurora_compiler::job::{compile_each, CompileOptions};
use aurora_dsl::{Diagnostic, Severity, SourceMap};

use crate::check::{error_count, FileResult, JobResult};
use crate::client::{self, Loader};
use crate::load::{load_config, LoadArgs};
use crate::report::Output;

/// Loads the file at `path` and compiles each of its jobs once: two jobs with the same key
/// are one job that cannot be picked (`Multiple jobs match`), reported once.
pub fn check_file(
    path: &Path,
    load: &LoadArgs,
    options: &CompileOptions,
    output: Output,
) -> FileResult {
    let loaded = load_config(path, load);
    let mut file_diagnostics = with_client_headline(path, &loaded.sources, &loaded.diagnostics);
    let mut jobs = Vec::new();
    let mut warnings = 0;
    if loaded.is_ok() {
        match list_jobs(&loaded) {
            Err(diagnostic) => file_diagnostics.push(diagnostic),
            Ok(keys) if keys.is_empty() => file_diagnostics.push(no_jobs_warning(&loaded)),
            Ok(keys) => {
                // Where `jobs` is assigned costs a parse: found once, when an error needs it.
                let site = std::cell::OnceCell::new();
                let fallback = || *site.get_or_init(|| jobs_site(&loaded));
                for outcome in compile_each(&loaded, &keys, options, None) {
                    let diagnostics = outcome.diagnostics(fallback);
                    warnings += count_warnings(&diagnostics);
                    jobs.push(JobResult {
                        key: outcome.key.to_string(),
                        errors: error_count(&diagnostics),
                        diagnostics: output.render(&diagnostics, &loaded.sources, path),
                    });
                }
            }
        }
    }
    FileResult {
        errors: error_count(&file_diagnostics),
        warnings: warnings + count_warnings(&file_diagnostics),
        diagnostics: output.render(&file_diagnostics, &loaded.sources, path),
        jobs: Some(jobs),
    }
}

/// The diagnostics of loading `path`, the one `aurora job create` would report headed with
/// its words (`Error loading configuration: ...`).
fn with_client_headline(
    path: &Path,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
) -> Vec<Diagnostic> {
    let Some(first) = client::failing(diagnostics) else {
        return diagnostics.to_vec();
    };
    let failure = client::load_failure(Loader::Job, path, sources, diagnostics);
    diagnostics
        .iter()
        .map(|diagnostic| {
            if std::ptr::eq(diagnostic, first) {
                client::headed(diagnostic, &failure.headline)
            } else {
                diagnostic.clone()
            }
        })
        .collect()
}

fn count_warnings(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Warning)
        .count()
}
