//! `aurora config check --syntax-only`: parses files in parallel and reports on them in
//! the order they were named.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

use aurora_dsl::diagnostic::codes;
use aurora_dsl::{parse, render_human, render_json, Diagnostic, FileId, Severity, SourceMap, Span};
use serde_json::json;

/// Where and how results are reported.
#[derive(Clone, Copy, Debug)]
pub enum Output {
    /// Rendered diagnostics on stderr and a summary line.
    Human { color: bool },
    /// One JSON document on stdout.
    Json,
}

/// Whether diagnostics on stderr should be coloured: only for a terminal, and never when
/// `NO_COLOR` is set to a non-empty value (<https://no-color.org>).
pub fn stderr_wants_color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// Checks the syntax of every file and reports on each; returns whether none has errors.
/// The only error is failing to write the report.
pub fn check_syntax(paths: &[PathBuf], output: Output) -> io::Result<bool> {
    let mut files_with_errors = 0usize;
    let mut json_files = Vec::new();
    map_in_parallel_in_order(
        paths,
        |path| check_file(path),
        |path, report| {
            let ok = report.is_ok();
            if !ok {
                files_with_errors += 1;
            }
            match output {
                Output::Human { color } => {
                    let mut stderr = io::stderr().lock();
                    for diagnostic in &report.diagnostics {
                        let rendered = render_human(diagnostic, &report.sources, color);
                        writeln!(stderr, "{rendered}")?;
                    }
                }
                Output::Json => json_files.push(json!({
                    "path": path.display().to_string(),
                    "ok": ok,
                    "diagnostics": render_json(&report.diagnostics, &report.sources),
                })),
            }
            Ok(())
        },
    )?;

    let all_ok = files_with_errors == 0;
    let checked = match paths.len() {
        1 => "checked 1 file".to_owned(),
        count => format!("checked {count} files"),
    };
    match output {
        Output::Human { .. } if all_ok => writeln!(io::stdout().lock(), "{checked}: syntax OK")?,
        Output::Human { .. } => {
            writeln!(
                io::stderr().lock(),
                "{checked}: {files_with_errors} with errors"
            )?;
        }
        Output::Json => {
            let document = json!({ "files": json_files, "ok": all_ok });
            let mut stdout = io::stdout().lock();
            serde_json::to_writer_pretty(&mut stdout, &document)?;
            writeln!(stdout)?;
        }
    }
    Ok(all_ok)
}

/// What checking one file found; the source map holds the file when it could be read.
struct FileReport {
    sources: SourceMap,
    diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    fn is_ok(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

fn check_file(path: &Path) -> FileReport {
    let mut sources = SourceMap::new();
    let diagnostics = match read_source(path, &mut sources) {
        Ok(file) => parse(sources.file(file).text(), file).diagnostics,
        Err(diagnostic) => vec![diagnostic],
    };
    FileReport {
        sources,
        diagnostics,
    }
}

/// Spans are `u32` byte offsets, so larger files cannot be checked.
const MAX_FILE_SIZE: u64 = u32::MAX as u64;

/// Reads `path` into `sources`, or says why it cannot be checked.
fn read_source(path: &Path, sources: &mut SourceMap) -> Result<FileId, Diagnostic> {
    let cannot_read =
        |error: io::Error| unreadable(format!("cannot read `{}`: {error}", path.display()));
    let mut file = File::open(path).map_err(cannot_read)?;
    let size = file.metadata().map_err(cannot_read)?.len();
    if size > MAX_FILE_SIZE {
        return Err(unreadable(format!(
            "`{}` is too large to check ({size} bytes; the limit is 4 GiB)",
            path.display()
        )));
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(cannot_read)?;
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
    }
}

/// Runs `work` on every item on up to one thread per core and hands each result to `emit`
/// in the order of `items`, as soon as it and all earlier ones are done. Stops at the
/// first error `emit` returns.
fn map_in_parallel_in_order<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut emit: impl FnMut(&T, R) -> io::Result<()>,
) -> io::Result<()> {
    let workers = thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(items.len());
    let next_item = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (work, next_item, stop) = (&work, &next_item, &stop);
    thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..workers {
            let sender = sender.clone();
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let index = next_item.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    if sender.send((index, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);

        let mut finished = BTreeMap::new();
        let mut next_to_emit = 0;
        for (index, result) in receiver {
            finished.insert(index, result);
            while let Some(result) = finished.remove(&next_to_emit) {
                if let Err(error) = emit(&items[next_to_emit], result) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(error);
                }
                next_to_emit += 1;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_out_in_input_order() {
        let items: Vec<u64> = (0..50).collect();
        let mut seen = Vec::new();
        map_in_parallel_in_order(
            &items,
            |&item| item * 2,
            |&item, doubled| {
                seen.push((item, doubled));
                Ok(())
            },
        )
        .expect("emit never fails here");
        let expected: Vec<(u64, u64)> = items.iter().map(|&item| (item, item * 2)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn an_emit_error_stops_the_run() {
        let items: Vec<u32> = (0..1000).collect();
        let mut emitted = 0;
        let result = map_in_parallel_in_order(
            &items,
            |&item| item,
            |_, _| {
                emitted += 1;
                Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"))
            },
        );
        assert_eq!(
            result.map_err(|error| error.kind()),
            Err(io::ErrorKind::BrokenPipe)
        );
        assert_eq!(emitted, 1);
    }

    #[test]
    fn no_items_emit_nothing() {
        let items: [u8; 0] = [];
        map_in_parallel_in_order(&items, |_| (), |_, ()| unreachable!("there are no items"))
            .expect("emit is never called");
    }
}
