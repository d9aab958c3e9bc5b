//! `aurora config list` against the conformance corpus: every file real Aurora listed (or
//! failed to load) is loaded in-process with the arguments it was run with, and its job
//! keys (or its failure) compared with what real Aurora printed.
//!
//! Errors compare by their essential words: the recorded message's first line without the
//! client's prefixes (`Error loading configuration file: `, `Error loading configuration: `,
//! `Unhandled exception: `), without the Python exception class in front (`NameError: `)
//! and without the `[Errno N] ` of OS errors. Our first error's message must contain what
//! remains, once the corpus directory is taken out of the paths it names (real Aurora named
//! files relative to it). A Python syntax error (recorded with CPython's ` (FILE, line N)`
//! suffix) matches when our first error is a syntax error on line N: our parser words its
//! messages differently from CPython's (`invalid syntax`, `EOL while scanning string
//! literal`), and says more.
//!
//! Files under `invalid/` whose `# expect-error:` header names another command than
//! `aurora config list` (most: `aurora config compile`) recorded that command's error, not
//! `config list`'s; they are not counted (their loading must still not crash).

mod common;

use aurora_compiler::config::{list_jobs, load};
use aurora_conformance::{Corpus, ListCase, ListOutcome};
use common::{essential, syntax_error_line, LoadError};

/// The command an `invalid/` file's header says rejected it, if not `config list`.
fn other_command(case: &ListCase) -> Option<String> {
    let text = std::fs::read_to_string(&case.path).ok()?;
    let header = text
        .lines()
        .find_map(|line| line.strip_prefix("# expect-error: "))?;
    (!header.starts_with("aurora config list")).then(|| header.to_string())
}

/// Our outcome: the keys, or the first error.
fn run(case: &ListCase, root: &str) -> Result<Vec<String>, LoadError> {
    let loaded = load(&case.path, &common::load_options(&case.args));
    if let Some(error) = common::first_load_error(&loaded, root) {
        return Err(error);
    }
    list_jobs(&loaded)
        .map(|keys| keys.iter().map(ToString::to_string).collect())
        .map_err(|d| LoadError {
            message: d.message,
            syntax_line: None,
        })
}

#[test]
fn config_list_matches_real_aurora() {
    let Some(corpus) = Corpus::locate() else {
        return;
    };
    let cases = corpus.list_cases();
    let mut counted = 0;
    let mut matched = 0;
    let mut mismatches = Vec::new();
    let mut other_commands = 0;
    let root = format!("{}/", corpus.root().display());
    for case in &cases {
        let ours = run(case, &root);
        if other_command(case).is_some() {
            other_commands += 1;
            continue;
        }
        counted += 1;
        let reason = match (&case.expected, &ours) {
            (ListOutcome::Jobs(expected), Ok(keys)) if expected == keys => None,
            (ListOutcome::Jobs(expected), Ok(keys)) => {
                Some(format!("jobs differ: expected {expected:?}, got {keys:?}"))
            }
            (ListOutcome::Jobs(_), Err(error)) => Some(format!("failed: {}", error.message)),
            (ListOutcome::Error(recorded), Err(error)) => match syntax_error_line(recorded) {
                Some(line) if error.syntax_line == Some(line) => None,
                Some(line) => Some(format!(
                    "expected a syntax error on line {line}, got {:?} (syntax error line {:?})",
                    error.message, error.syntax_line
                )),
                None => {
                    let words = essential(recorded);
                    (!error.message.contains(&words)).then(|| {
                        format!("error differs: expected {words:?}, got {:?}", error.message)
                    })
                }
            },
            (ListOutcome::Error(recorded), Ok(keys)) => {
                Some(format!("loaded {keys:?}, real Aurora failed: {recorded}"))
            }
        };
        match reason {
            None => matched += 1,
            Some(reason) => mismatches.push(format!("  {}: {reason}", case.relative)),
        }
    }
    println!("config list: {matched}/{counted} files match");
    println!("  ({other_commands} invalid/ files were rejected by another command; not counted)");
    for mismatch in &mismatches {
        println!("{mismatch}");
    }
    assert!(
        matched == counted,
        "config list: {matched}/{counted} files match"
    );
}
