//! What the Aurora client prints when a config does not load, and its exit status.
//!
//! Each report starts with the client's own words (so a search for them finds the same
//! problem), then says where the problem is. The client has two ways of loading a config:
//! `aurora config list` loads it bare and catches only its loader's errors and
//! `ValueError`; every command that takes a job key (`job create`, `job inspect`, our
//! `config compile` and `config check`) goes through `get_job_config`, which turns any
//! exception into `Error loading configuration: ...`.

use std::path::Path;

use aurora_compiler::config::codes as config_codes;
use aurora_compiler::job::EXIT_INVALID_CONFIGURATION;
use aurora_dsl::{python_first_error, Diagnostic, SourceMap, Span};

/// Exit status of `aurora config list` for a config its loader rejects.
const EXIT_COMMAND_FAILURE: u8 = 4;
/// Exit status of a Python exception the client does not catch (its traceback).
const EXIT_UNCAUGHT: u8 = 1;
/// Exit status of a command line the client's argument parser rejects.
const EXIT_USAGE: u8 = 2;

/// The diagnostic [`load_failure`] speaks of: the error Python reports, else the first.
pub fn failing(diagnostics: &[Diagnostic]) -> Option<&Diagnostic> {
    python_first_error(diagnostics).or_else(|| diagnostics.iter().find(|d| d.is_error()))
}

/// How the command loads the config.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loader {
    /// `aurora config list`.
    List,
    /// A command that loads one job through `get_job_config`.
    Job,
}

/// The client's report of a config that did not load: its first line and exit status.
pub struct LoadFailure {
    pub headline: String,
    pub exit: u8,
}

/// What the client says of `path`, whose loading produced `diagnostics`.
pub fn load_failure(
    loader: Loader,
    path: &Path,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
) -> LoadFailure {
    let file_prefix = "Error loading configuration file: ";
    let job_prefix = "Error loading configuration: ";
    if let Some(bad) = diagnostics
        .iter()
        .find(|d| d.code == config_codes::BAD_BINDING)
    {
        // The client's argument parser rejects it before anything is loaded.
        return LoadFailure {
            headline: bad.message.clone(),
            exit: EXIT_USAGE,
        };
    }
    let unreadable = diagnostics
        .iter()
        .any(|d| d.code == config_codes::UNREADABLE);
    if unreadable {
        return match loader {
            // pystachio looks for the file before reading it.
            Loader::List => LoadFailure {
                headline: format!("{file_prefix}Could not load resource {}", path.display()),
                exit: EXIT_COMMAND_FAILURE,
            },
            // get_job_config opens it first.
            Loader::Job => LoadFailure {
                headline: format!("{job_prefix}{}", io_error_text(path)),
                exit: EXIT_INVALID_CONFIGURATION,
            },
        };
    }
    let Some(first) = python_first_error(diagnostics) else {
        return LoadFailure {
            headline: job_prefix.trim_end_matches(": ").to_string(),
            exit: EXIT_INVALID_CONFIGURATION,
        };
    };
    let (prefix, caught_exit) = match loader {
        Loader::List => (file_prefix, EXIT_COMMAND_FAILURE),
        Loader::Job => (job_prefix, EXIT_INVALID_CONFIGURATION),
    };
    let Some(python) = &first.python else {
        // Our own refusals (limits, hermetic reads): the client has no such error.
        return LoadFailure {
            headline: format!("{prefix}{}", first.message),
            exit: caught_exit,
        };
    };
    if python.is_syntax_error() {
        // Python's `str()` of a SyntaxError names the file's base name and the line.
        let offset = first.python_offset();
        let span = Span::new(first.primary_span().file, offset, offset);
        let line = sources.start_line_col(span).line;
        let file = sources.file(span.file).path();
        let name = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        return LoadFailure {
            headline: format!("{prefix}{} ({name}, line {line})", python.message),
            exit: caught_exit,
        };
    }
    let caught = loader == Loader::Job || python.exception == "ValueError";
    if caught {
        return LoadFailure {
            headline: format!("{prefix}{}", python.message),
            exit: caught_exit,
        };
    }
    // `config list` lets it through: the last line of Python's traceback.
    let headline = if python.message.is_empty() {
        python.exception.clone()
    } else {
        format!("{}: {}", python.exception, python.message)
    };
    LoadFailure {
        headline,
        exit: EXIT_UNCAUGHT,
    }
}

/// Python 2's `str()` of the IOError `open(path)` raises: `[Errno 2] No such file or
/// directory: 'path'`.
fn io_error_text(path: &Path) -> String {
    use std::os::unix::fs::OpenOptionsExt;
    // Non-blocking: the path may name a FIFO (which the load refused).
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path);
    let error = match opened.and_then(|file| {
        if file.metadata()?.is_dir() {
            Err(std::io::Error::from_raw_os_error(21))
        } else {
            Ok(())
        }
    }) {
        Ok(()) => return format!("cannot read '{}'", path.display()),
        Err(error) => error,
    };
    let text = error.to_string();
    let reason = text.split(" (os error").next().unwrap_or(&text);
    match error.raw_os_error() {
        Some(errno) => format!("[Errno {errno}] {reason}: '{}'", path.display()),
        None => format!("{reason}: '{}'", path.display()),
    }
}

/// `diagnostic` with the client's words as its headline; what it said before, when it said
/// more, stays as its first note.
pub fn headed(diagnostic: &Diagnostic, headline: &str) -> Diagnostic {
    let mut headed = diagnostic.clone();
    if headed.message != headline {
        let detail = std::mem::replace(&mut headed.message, headline.to_string());
        if !headline.ends_with(&detail) {
            headed.notes.insert(0, detail);
        }
    }
    headed
}
