//! What the corpus tests share: how a corpus file is loaded, and how a recorded error
//! compares with ours.

#![allow(dead_code)] // each test binary uses its own part

use aurora_compiler::config::{LoadOptions, Loaded};
use aurora_compiler::eval::Output;
use aurora_conformance::{run_environment, RunArg, RECORDED_USER};

/// Load options for a corpus file run with `args`, as the corpus was recorded.
pub fn load_options(args: &[RunArg]) -> LoadOptions {
    let (env, bindings) = run_environment(args);
    LoadOptions {
        env,
        user: Some(RECORDED_USER.into()),
        bindings,
        output: Output::Capture,
        ..LoadOptions::default()
    }
}

/// The essential words of a recorded error (see the module doc).
pub fn essential(recorded: &str) -> String {
    let mut text = recorded.lines().next().unwrap_or("").trim();
    loop {
        let before = text;
        for prefix in [
            "Error loading configuration file: ",
            "Error loading configuration: ",
            "Unhandled exception: ",
            // What the client's `die()` logs.
            "FATAL] ",
        ] {
            text = text.strip_prefix(prefix).unwrap_or(text);
        }
        if let Some((class, rest)) = text.split_once(": ") {
            let is_class = class.chars().next().is_some_and(char::is_uppercase)
                && class.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
                && (class.ends_with("Error") || class.ends_with("Exception"));
            if is_class {
                text = rest;
            }
        }
        if text == before {
            break;
        }
    }
    let mut text = text.to_string();
    if let Some(rest) = text.strip_prefix("[Errno ") {
        if let Some((_, rest)) = rest.split_once("] ") {
            text = rest.to_string();
        }
    }
    text
}

/// The line of a CPython syntax error, from its ` (FILE, line N)` suffix.
pub fn syntax_error_line(recorded: &str) -> Option<usize> {
    let first = recorded.lines().next()?;
    let suffix = first.strip_suffix(')')?;
    let (_, line) = suffix.rsplit_once(", line ")?;
    line.parse().ok()
}

/// A config's first loading error, as compared with a recorded one: its message (with the
/// corpus directory `root` taken out of paths) and, for a syntax error, its line.
pub struct LoadError {
    pub message: String,
    pub syntax_line: Option<usize>,
}

/// The first error of loading, if any.
pub fn first_load_error(loaded: &Loaded, root: &str) -> Option<LoadError> {
    let error = loaded.diagnostics.iter().find(|d| d.is_error())?;
    let syntax_line = error
        .code
        .0
        .starts_with("E00")
        .then(|| error.labels.iter().find(|label| label.primary))
        .flatten()
        .map(|label| loaded.sources.start_line_col(label.span).line);
    Some(LoadError {
        message: error.message.replace(root, ""),
        syntax_line,
    })
}
