//! The full `aurora config check` of one file: evaluate it, then compile every job of its
//! `jobs` list as `aurora job create` would, and render what was found.
//!
//! The compiler's values are not `Send`, so a file is loaded, compiled and rendered on one
//! worker thread; only the rendered result leaves it.

use std::path::Path;

use std::ops::Range;
use std::sync::mpsc::{Receiver, Sender};

use aurora_compiler::config::{jobs_site, list_jobs, no_jobs_warning, JobKey, Loaded};
use aurora_compiler::job::{compile_range, CompileOptions};
use aurora_dsl::{Diagnostic, Severity, SourceMap};

use crate::check::{error_count, FileResult, JobResult};
use crate::client::{self, Loader};
use crate::load::{load_config, load_config_with, LoadArgs};
use crate::report::Output;

/// Jobs a file needs before its jobs are shared with the second thread: splitting fewer
/// saves less than the thread costs.
const MIN_JOBS_TO_SHARE: usize = 32;

/// Loads the file at `path` and compiles each of its jobs once: two jobs with the same key
/// are one job that cannot be picked (`Multiple jobs match`), reported once.
///
/// With `threads` above 1 (cores no other file is using), a second thread evaluates the
/// file too, at the same time, and compiles the second half of the jobs when there are
/// many: the compiler's values cannot cross threads, but the config evaluates the same on
/// both.
pub fn check_file(
    path: &Path,
    load: &LoadArgs,
    options: &CompileOptions,
    output: Output,
    threads: usize,
) -> FileResult {
    if threads < 2 {
        return check_on(path, load, options, output, None);
    }
    let (keys_sender, keys_receiver) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        let second = scope.spawn(|| second_half(path, load, options, output, keys_receiver));
        check_on(path, load, options, output, Some((keys_sender, second)))
    })
}

/// The jobs the second thread compiled, or `None` when it did not (see [`second_half`]).
type SecondHalf<'scope> = std::thread::ScopedJoinHandle<'scope, Option<Vec<JobResult>>>;

/// [`check_file`] on this thread, handing the listed keys to the second thread if any.
fn check_on(
    path: &Path,
    load: &LoadArgs,
    options: &CompileOptions,
    output: Output,
    second: Option<(Sender<Vec<JobKey>>, SecondHalf<'_>)>,
) -> FileResult {
    let loaded = load_config(path, load);
    let mut file_diagnostics = with_client_headline(path, &loaded.sources, &loaded.diagnostics);
    let keys = if loaded.is_ok() {
        match list_jobs(&loaded) {
            Err(diagnostic) => {
                file_diagnostics.push(diagnostic);
                Vec::new()
            }
            Ok(keys) if keys.is_empty() => {
                file_diagnostics.push(no_jobs_warning(&loaded));
                keys
            }
            Ok(keys) => keys,
        }
    } else {
        Vec::new()
    };
    let shared = second.filter(|_| keys.len() >= MIN_JOBS_TO_SHARE);
    let half = if shared.is_some() {
        keys.len() / 2
    } else {
        keys.len()
    };
    if let Some((sender, _)) = &shared {
        let _ = sender.send(keys.clone());
    }
    let mut jobs = compile_jobs(&loaded, &keys, 0..half, options, output, path);
    if let Some((_, handle)) = shared {
        match handle.join().ok().flatten() {
            Some(rest) => jobs.extend(rest),
            // The second evaluation listed other jobs: do them here after all.
            None => jobs.extend(compile_jobs(
                &loaded,
                &keys,
                half..keys.len(),
                options,
                output,
                path,
            )),
        }
    }
    // Without keys sent, the second thread (if any) drops its evaluation and ends.
    FileResult {
        errors: error_count(&file_diagnostics),
        warnings: count_warnings(&file_diagnostics)
            + jobs.iter().map(|job| job.warnings).sum::<usize>(),
        diagnostics: output.render(&file_diagnostics, &loaded.sources, path),
        jobs: Some(jobs),
    }
}

/// Compiles the jobs at `range` of `keys` and renders what each found.
fn compile_jobs(
    loaded: &Loaded,
    keys: &[JobKey],
    range: Range<usize>,
    options: &CompileOptions,
    output: Output,
    path: &Path,
) -> Vec<JobResult> {
    // Where `jobs` is assigned costs a parse: found once, when an error needs it.
    let site = std::cell::OnceCell::new();
    let fallback = || *site.get_or_init(|| jobs_site(loaded));
    compile_range(loaded, keys, range, options, None)
        .into_iter()
        .map(|outcome| {
            let diagnostics = outcome.diagnostics(fallback);
            JobResult {
                key: outcome.key.to_string(),
                errors: error_count(&diagnostics),
                warnings: count_warnings(&diagnostics),
                diagnostics: output.render(&diagnostics, &loaded.sources, path),
            }
        })
        .collect()
}

/// The second thread of [`check_file`]: evaluates the file (its output captured, since the
/// first evaluation shows it) while the first thread does, then compiles the second half of
/// the keys the first thread sends; `None` when none come (too few jobs to share) or this
/// evaluation lists other jobs.
fn second_half(
    path: &Path,
    load: &LoadArgs,
    options: &CompileOptions,
    output: Output,
    keys: Receiver<Vec<JobKey>>,
) -> Option<Vec<JobResult>> {
    let loaded = load_config_with(path, load, aurora_compiler::eval::Output::Capture);
    let keys = keys.recv().ok()?;
    if !loaded.is_ok() || list_jobs(&loaded).ok()? != keys {
        return None;
    }
    let range = keys.len() / 2..keys.len();
    Some(compile_jobs(&loaded, &keys, range, options, output, path))
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
