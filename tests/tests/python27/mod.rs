//! What the Python 2.7 differential tests share: the recorded answers and our own.

#![allow(dead_code)] // each test binary uses its own part

use std::fmt::Write as _;
use std::path::PathBuf;

use aurora_dsl::{parse, FileId, SourceMap};
use serde_json::Value;

/// The records of `tests/python27/NAME`, one JSON object per line.
pub fn read_jsonl(name: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("python27")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    text.lines()
        .map(|line| serde_json::from_str(line).expect("the recorded files are JSON lines"))
        .collect()
}

/// Whether a program compiles; if not, Python's exception, message and line.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum CompileVerdict {
    Ok,
    Error {
        exception: String,
        message: String,
        line: Option<usize>,
    },
}

impl CompileVerdict {
    /// What Python 2.7 answered, as recorded.
    pub fn recorded(record: &Value) -> CompileVerdict {
        match record.get("error").and_then(Value::as_str) {
            None => CompileVerdict::Ok,
            Some(exception) => CompileVerdict::Error {
                exception: exception.to_string(),
                message: record["message"].as_str().unwrap_or_default().to_string(),
                line: record["line"].as_u64().map(|line| line as usize),
            },
        }
    }
}

/// Our parser's verdict: its first error in source order, with what Python would say
/// (our own message in brackets where the diagnostic does not know Python's).
pub fn first_error(source: &str) -> CompileVerdict {
    let mut sources = SourceMap::new();
    let file = sources.add("case.aurora", source);
    debug_assert_eq!(file, FileId(0));
    let parsed = parse(source, file);
    let Some(first) = aurora_dsl::python_first_error(&parsed.diagnostics) else {
        return CompileVerdict::Ok;
    };
    let offset = first.python_offset();
    let line = sources
        .start_line_col(aurora_dsl::Span::new(file, offset, offset))
        .line;
    match &first.python {
        Some(python) => CompileVerdict::Error {
            exception: python.exception.to_string(),
            message: python.message.clone(),
            line: Some(line),
        },
        None => CompileVerdict::Error {
            exception: "?".to_string(),
            message: format!("[{}]", first.message),
            line: Some(line),
        },
    }
}

/// Whether two rejections agree (a recorded error without a line, such as compile()'s
/// TypeError for NUL bytes, matches any line).
fn same_error(expected: &CompileVerdict, ours: &CompileVerdict) -> bool {
    match (expected, ours) {
        (
            CompileVerdict::Error {
                exception: e1,
                message: m1,
                line: l1,
            },
            CompileVerdict::Error {
                exception: e2,
                message: m2,
                line: l2,
            },
        ) => e1 == e2 && m1 == m2 && (l1.is_none() || l1 == l2),
        _ => expected == ours,
    }
}

/// Differences between Python 2.7's answers and ours, reported together at the end.
pub struct Mismatches {
    name: &'static str,
    accept_reject: Vec<String>,
    details: Vec<String>,
}

impl Mismatches {
    pub fn new(name: &'static str) -> Mismatches {
        Mismatches {
            name,
            accept_reject: Vec::new(),
            details: Vec::new(),
        }
    }

    pub fn compare(&mut self, label: &str, expected: &CompileVerdict, ours: &CompileVerdict) {
        summarize(expected, ours);
        match (expected, ours) {
            (CompileVerdict::Ok, CompileVerdict::Ok) => {}
            (CompileVerdict::Ok, CompileVerdict::Error { .. })
            | (CompileVerdict::Error { .. }, CompileVerdict::Ok) => self.accept_reject.push(
                format!("{label:?}\n    python: {expected:?}\n    ours:   {ours:?}"),
            ),
            (expected, ours) if !same_error(expected, ours) => self.details.push(format!(
                "{label:?}\n    python: {expected:?}\n    ours:   {ours:?}"
            )),
            _ => {}
        }
    }

    /// Fails if fewer than `floor` of the `total` programs matched (the floor rises as
    /// the differences are fixed, until it is `total`).
    pub fn finish(self, total: usize, floor: usize) {
        let differing = self.accept_reject.len() + self.details.len();
        let matched = total - differing;
        eprintln!(
            "{}: {matched}/{total} as Python 2.7 ({} accepted/rejected differently, {} rejected differently)",
            self.name,
            self.accept_reject.len(),
            self.details.len()
        );
        let show_all = std::env::var_os("PYTHON27_ALL").is_some();
        if show_all {
            for line in self.accept_reject.iter().chain(&self.details) {
                eprintln!("  {line}");
            }
        }
        if matched >= floor {
            if matched > floor {
                eprintln!("  {matched} match now: raise the floor ({floor}) to it");
            }
            return;
        }
        let mut report = String::new();
        // PYTHON27_ALL=1 shows every difference, not only the first ones.
        let shown = if std::env::var_os("PYTHON27_ALL").is_some() {
            usize::MAX
        } else {
            60
        };
        for line in self.accept_reject.iter().chain(&self.details).take(shown) {
            let _ = writeln!(report, "  {line}");
        }
        panic!(
            "{matched} of {total} programs of {} match Python 2.7, fewer than the {floor} that did:\n{report}",
            self.name
        );
    }
}

/// Prints a summary of differences by kind (run with `PYTHON27_SUMMARY=1`).
pub fn summarize(expected: &CompileVerdict, ours: &CompileVerdict) {
    if std::env::var_os("PYTHON27_SUMMARY").is_none() {
        return;
    }
    let describe = |v: &CompileVerdict| match v {
        CompileVerdict::Ok => "ok".to_string(),
        CompileVerdict::Error { message, .. } => {
            let short: String = message.chars().take(70).collect();
            short
        }
    };
    if expected != ours {
        eprintln!("SUMMARY\t{}\t{}", describe(expected), describe(ours));
    }
}
