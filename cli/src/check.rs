//! `aurora config check`: checks files in parallel and reports on them in the order they
//! were named. With `--syntax-only` each file is only parsed; otherwise it is evaluated
//! and every job of its `jobs` list compiled (see `check_jobs.rs`).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aurora_compiler::eval::read_file::{read_bounded, ReadError};
use aurora_dsl::diagnostic::codes;
use aurora_dsl::{parse, Diagnostic, FileId, Severity, SourceMap, Span};
use clap::Args;
use serde_json::{json, Value};

use crate::load::{compile_options, LoadArgs};
use crate::parallel::map_in_parallel_in_order;
use crate::report::{Format, Output, Rendered};
use crate::{check_jobs, EXIT_FAILURE, EXIT_INVALID_CONFIGURATION};

/// The arguments of `aurora config check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Only parse the files: report syntax errors without evaluating anything.
    #[arg(long, conflicts_with_all = ["bindings", "hermetic"])]
    syntax_only: bool,

    /// How to report problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    #[command(flatten)]
    load: LoadArgs,

    /// The `.aurora` files to check, or directories (searched for `*.aurora` files).
    #[arg(value_name = "PATH", required = true)]
    files: Vec<PathBuf>,
}

/// Checks every file and reports on each: 0 when none has errors, 3 otherwise.
pub fn run(args: &CheckArgs) -> ExitCode {
    let output = Output::for_format(args.format);
    let files = crate::paths::expand(&args.files);
    let outcome = if args.syntax_only {
        check_files(&files, output, |path| check_syntax(path, output))
    } else {
        let options = match compile_options() {
            Ok(options) => options,
            Err(message) => {
                eprintln!("aurora config check: {message}");
                return ExitCode::from(EXIT_FAILURE);
            }
        };
        // Cores no file is using go to the files' jobs (see `check_file`).
        let threads =
            std::thread::available_parallelism().map_or(1, usize::from) / files.len().max(1);
        check_files(&files, output, |path| {
            check_jobs::check_file(path, &args.load, &options, output, threads)
        })
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(EXIT_INVALID_CONFIGURATION),
        Err(error) => {
            eprintln!("aurora config check: cannot write the results: {error}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// What checking one file found, rendered on the worker thread that checked it.
pub struct FileResult {
    /// Problems of the file as a whole: syntax, evaluation, the `jobs` list.
    pub diagnostics: Rendered,
    /// How many of them are errors.
    pub errors: usize,
    /// Warnings, the jobs' included.
    pub warnings: usize,
    /// Each job, in the order of the `jobs` list; `None` when only the syntax was checked.
    pub jobs: Option<Vec<JobResult>>,
}

/// What compiling one job found.
pub struct JobResult {
    /// `cluster/role/environment/name`, as `aurora config list` prints it.
    pub key: String,
    /// How many of its diagnostics are errors, and how many warnings.
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Rendered,
}

/// What all files added up to.
#[derive(Default)]
struct Totals {
    files_with_errors: usize,
    /// Errors of files as a whole (syntax, evaluation, `jobs`).
    file_errors: usize,
    jobs: usize,
    jobs_with_errors: usize,
    job_errors: usize,
    warnings: usize,
    syntax_only: bool,
}

impl Totals {
    fn ok(&self) -> bool {
        self.files_with_errors == 0 && self.jobs_with_errors == 0
    }

    /// `checked 3 files, 5 jobs: 1 error in 1 file, 3 errors in 2 jobs, 1 warning`, or
    /// `checked 1 file: syntax OK`.
    fn summary(&self, files: usize) -> String {
        let mut checked = format!("checked {}", count(files, "file"));
        if !self.syntax_only {
            checked.push_str(&format!(", {}", count(self.jobs, "job")));
        }
        let mut findings = Vec::new();
        if self.ok() {
            findings.push(if self.syntax_only { "syntax OK" } else { "OK" }.to_string());
        }
        if self.files_with_errors > 0 {
            findings.push(format!(
                "{} in {}",
                count(self.file_errors, "error"),
                count(self.files_with_errors, "file")
            ));
        }
        if self.jobs_with_errors > 0 {
            findings.push(format!(
                "{} in {}",
                count(self.job_errors, "error"),
                count(self.jobs_with_errors, "job")
            ));
        }
        if self.warnings > 0 {
            findings.push(count(self.warnings, "warning"));
        }
        format!("{checked}: {}", findings.join(", "))
    }
}

/// How many of `diagnostics` are errors.
pub fn error_count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.is_error()).count()
}

/// `1 file`, `2 files`.
fn count(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// Runs `check` on every file in parallel and reports each result in the order of
/// `paths`, then a summary; returns whether no file had errors. The only error is failing
/// to write the report.
fn check_files(
    paths: &[PathBuf],
    output: Output,
    check: impl Fn(&Path) -> FileResult + Sync,
) -> io::Result<bool> {
    let mut totals = Totals::default();
    let mut json_files = Vec::new();
    map_in_parallel_in_order(
        paths,
        |path| check(path),
        |path, result| {
            totals.syntax_only = result.jobs.is_none();
            totals.files_with_errors += usize::from(result.errors > 0);
            totals.file_errors += result.errors;
            totals.warnings += result.warnings;
            let jobs = result.jobs.unwrap_or_default();
            totals.jobs += jobs.len();
            totals.jobs_with_errors += jobs.iter().filter(|job| job.errors > 0).count();
            totals.job_errors += jobs.iter().map(|job| job.errors).sum::<usize>();
            match output {
                Output::Human { .. } => {
                    let mut stderr = io::stderr().lock();
                    write_text(&mut stderr, &result.diagnostics)?;
                    for job in &jobs {
                        write_text(&mut stderr, &job.diagnostics)?;
                    }
                }
                Output::Github => {
                    let mut stdout = io::stdout().lock();
                    write_text(&mut stdout, &result.diagnostics)?;
                    for job in &jobs {
                        write_text(&mut stdout, &job.diagnostics)?;
                    }
                }
                Output::Json => {
                    let ok = result.errors == 0 && jobs.iter().all(|job| job.errors == 0);
                    let mut file = json!({
                        "path": path.display().to_string(),
                        "ok": ok,
                        "diagnostics": result.diagnostics.into_json(),
                    });
                    if !totals.syntax_only {
                        file["jobs"] = Value::Array(
                            jobs.into_iter()
                                .map(|job| {
                                    json!({
                                        "key": job.key,
                                        "ok": job.errors == 0,
                                        "diagnostics": job.diagnostics.into_json(),
                                    })
                                })
                                .collect(),
                        );
                    }
                    json_files.push(file);
                }
            }
            Ok(())
        },
    )?;

    let all_ok = totals.ok();
    let summary = totals.summary(paths.len());
    match output {
        Output::Human { .. } | Output::Github if all_ok => {
            writeln!(io::stdout().lock(), "{summary}")?;
        }
        Output::Human { .. } | Output::Github => writeln!(io::stderr().lock(), "{summary}")?,
        Output::Json => {
            let document = json!({ "files": json_files, "ok": all_ok });
            let mut stdout = io::stdout().lock();
            serde_json::to_writer_pretty(&mut stdout, &document)?;
            writeln!(stdout)?;
        }
    }
    Ok(all_ok)
}

fn write_text(out: &mut impl Write, rendered: &Rendered) -> io::Result<()> {
    match rendered {
        Rendered::Text(text) => out.write_all(text.as_bytes()),
        Rendered::Json(_) => Ok(()),
    }
}

/// `--syntax-only`: parses the file and reports every syntax error.
fn check_syntax(path: &Path, output: Output) -> FileResult {
    let mut sources = SourceMap::new();
    let diagnostics = match read_source(path, &mut sources) {
        Ok(file) => parse(sources.file(file).text(), file).diagnostics,
        Err(diagnostic) => vec![diagnostic],
    };
    FileResult {
        errors: error_count(&diagnostics),
        warnings: diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count(),
        diagnostics: output.render(&diagnostics, &sources, path),
        jobs: None,
    }
}

/// Spans are `u32` byte offsets, so larger files cannot be checked.
const MAX_FILE_SIZE: usize = u32::MAX as usize;

/// Reads `path` into `sources`, or says why it cannot be checked.
fn read_source(path: &Path, sources: &mut SourceMap) -> Result<FileId, Diagnostic> {
    let bytes = match read_bounded(path, MAX_FILE_SIZE) {
        Ok(bytes) => bytes,
        Err(ReadError::Io(error)) => {
            return Err(unreadable(format!(
                "cannot read `{}`: {error}",
                path.display()
            )))
        }
        Err(ReadError::NotAFile) => {
            return Err(unreadable(format!(
                "cannot read `{}`: not a regular file",
                path.display()
            )))
        }
        Err(ReadError::TooLarge(_)) => {
            return Err(unreadable(format!(
                "`{}` is too large to check (the limit is 4 GiB)",
                path.display()
            )))
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(sources.add(path, text)),
        Err(error) => {
            // Everything before the first bad byte is kept as it is, so a span there is
            // valid in the lossy text too (which shows the bad bytes as U+FFFD).
            let valid_up_to = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let file = sources.add(path, text);
            let replacement = Span::new(file, valid_up_to, valid_up_to + '\u{FFFD}'.len_utf8());
            Err(Diagnostic::error(
                codes::UNREADABLE_FILE,
                format!("`{}` is not valid UTF-8", path.display()),
                replacement,
                "this byte sequence is not UTF-8",
            )
            .with_help(".aurora files must be encoded in UTF-8"))
        }
    }
}

/// An error about a file as a whole, with no source to point into.
fn unreadable(message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        code: codes::UNREADABLE_FILE,
        message,
        labels: Vec::new(),
        help: None,
        notes: Vec::new(),
        python: None,
    }
}
