//! What the formatter tests that compare with `ruff format` share: finding and running
//! ruff, and the promises every formatted text keeps (it parses to the same tree, keeps
//! every comment, and formatting it again changes nothing). The printer's round-trip test
//! compares trees with the same span-free dumps.

// Each test crate that includes this module uses a part of it.
#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use aurora_dsl::ast::{Expr, ExprKind, Module, Stmt, StmtKind};
use aurora_dsl::format::{format, FormatOptions};
use aurora_dsl::{parse, FileId};

/// The `ruff` to compare with: `RUFF`, else `ruff` on `PATH`.
pub fn ruff() -> Option<String> {
    if let Ok(ruff) = std::env::var("RUFF") {
        return Some(ruff);
    }
    let found = Command::new("ruff")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    found.then(|| "ruff".to_string())
}

/// The arguments every ruff run gets: no configuration files, no cache, ruff's defaults
/// but for the oldest Python ruff knows: configs are Python 2, which has no parenthesized
/// context managers (the one thing this changes: ruff adds them for Python 3.9 and newer).
const RUFF_FORMAT: &[&str] = &[
    "format",
    "--isolated",
    "--no-cache",
    "--line-length",
    "88",
    "--target-version",
    "py37",
];

/// `text` formatted by ruff (read from stdin), or `None` when ruff cannot parse it.
pub fn ruff_format(ruff: &str, text: &str) -> Option<String> {
    let mut child = Command::new(ruff)
        .args(RUFF_FORMAT)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("ruff starts");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin.write_all(text.as_bytes()).expect("ruff reads stdin");
    drop(stdin);
    let out = child.wait_with_output().expect("ruff runs");
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).expect("ruff prints UTF-8"))
}

/// Each text formatted by ruff, in one run over a temporary directory of files: `Err`
/// with ruff's message for a text it cannot parse.
pub fn ruff_format_all(ruff: &str, texts: &[String]) -> Vec<Result<String, String>> {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "aurora-fmt-ruff-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("a temporary directory");
    let name = |index: usize| format!("case_{index:05}.py");
    for (index, text) in texts.iter().enumerate() {
        fs::write(dir.join(name(index)), text).expect("writes a case");
    }
    let out = Command::new(ruff)
        .args(RUFF_FORMAT)
        .arg(&dir)
        .output()
        .expect("ruff runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let results = (0..texts.len())
        .map(|index| {
            let file = name(index);
            let error = stderr.lines().find(|line| line.contains(&file));
            match error {
                Some(line) => Err(line.to_string()),
                None => Ok(fs::read_to_string(dir.join(&file)).expect("ruff leaves the file")),
            }
        })
        .collect();
    let _ = fs::remove_dir_all(&dir);
    results
}

/// Where to write the cases that differ from ruff (`FORMAT_DIFF=dir`), if anywhere.
pub fn diff_dir() -> Option<PathBuf> {
    std::env::var_os("FORMAT_DIFF").map(PathBuf::from)
}

/// Why `output`, the formatter's result for `input`, breaks a promise, if it does: it
/// must parse, mean what `input` means, keep its comments and be formatted already.
pub fn broken_promise(input: &str, output: &str) -> Option<String> {
    let original = parse(input, FileId(0));
    let reparsed = parse(output, FileId(0));
    if !reparsed.is_ok() {
        return Some("the output does not parse".to_string());
    }
    let (before, after) = (tree_text(&original.module), tree_text(&reparsed.module));
    if before != after {
        return Some(format!(
            "the output means something else:\n{}",
            first_difference(&before, &after)
        ));
    }
    if comment_texts(output) != comment_texts(input) {
        return Some("comments were lost or added".to_string());
    }
    match format(output, FileId(0), FormatOptions::default()) {
        Ok(again) if again == output => None,
        Ok(again) => Some(format!(
            "not idempotent; formatted again:\n{}",
            first_difference(output, &again)
        )),
        Err(_) => Some("the output is refused".to_string()),
    }
}

/// The tree's `Debug` text without spans, docstrings' whitespace collapsed (the formatter
/// re-indents docstrings as ruff does) and `del` targets flattened.
pub fn tree_text(module: &Module) -> String {
    let mut module = module.clone();
    docstrings_collapsed(&mut module.body, true);
    del_tuples_flattened(&mut module.body);
    without_spans(&format!("{module:#?}"))
}

/// `Debug` text with the spans (` @1..2`, `span: 1..2`) left out; string values are copied
/// as they are.
pub fn without_spans(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    let mut in_string = false;
    while let Some((at, c)) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next().map(|(_, escaped)| escaped)),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if c == '"' {
            in_string = true;
            out.push(c);
            continue;
        }
        let starts_number = c.is_ascii_digit()
            && !out.ends_with(|prev: char| prev.is_ascii_alphanumeric() || prev == '_');
        if let Some(span_len) = starts_number.then(|| span_at(&text[at..])).flatten() {
            for _ in 1..span_len {
                chars.next();
            }
            if out.ends_with(" @") {
                out.truncate(out.len() - 2);
            } else {
                out.push('_');
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// The length of a `digits..digits` span at the start of `text`, if there is one.
fn span_at(text: &str) -> Option<usize> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let start = digits(text);
    let rest = text[start..].strip_prefix("..")?;
    let end = digits(rest);
    (start > 0 && end > 0).then_some(start + 2 + end)
}

/// The lines around where two dumps first differ.
pub fn first_difference(expected: &str, actual: &str) -> String {
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    let at = expected
        .iter()
        .zip(&actual)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(actual.len()));
    let from = at.saturating_sub(6);
    format!(
        "before:\n{}\nafter:\n{}",
        expected[from..(at + 6).min(expected.len())].join("\n"),
        actual[from..(at + 6).min(actual.len())].join("\n")
    )
}

/// Collapses the whitespace of docstrings: the first string of `body` when it opens a
/// module, class or function (`opens_docstring`), and of every definition inside.
fn docstrings_collapsed(body: &mut [Stmt], opens_docstring: bool) {
    if let Some(Stmt {
        kind: StmtKind::Expr(expr),
        ..
    }) = body.first_mut().filter(|_| opens_docstring)
    {
        if let ExprKind::Str(lit) = &mut expr.kind {
            lit.value = lit.value.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }
    for stmt in body {
        let definition = matches!(stmt.kind, StmtKind::FunctionDef(_) | StmtKind::ClassDef(_));
        for inner in bodies_mut(stmt) {
            docstrings_collapsed(inner, definition);
        }
    }
}

/// `del (a, b)` written as `del a, b`: the same deletions (ruff adds or removes those
/// parentheses as Python reads both the same).
fn del_tuples_flattened(body: &mut [Stmt]) {
    fn flatten(targets: Vec<Expr>, out: &mut Vec<Expr>) {
        for target in targets {
            match target.kind {
                ExprKind::Tuple(items) => flatten(items, out),
                _ => out.push(target),
            }
        }
    }
    for stmt in body {
        if let StmtKind::Del(targets) = &mut stmt.kind {
            let mut flat = Vec::new();
            flatten(std::mem::take(targets), &mut flat);
            *targets = flat;
        }
        for inner in bodies_mut(stmt) {
            del_tuples_flattened(inner);
        }
    }
}

/// The blocks of statements directly inside `stmt`.
fn bodies_mut(stmt: &mut Stmt) -> Vec<&mut Vec<Stmt>> {
    match &mut stmt.kind {
        StmtKind::FunctionDef(def) => vec![&mut def.body],
        StmtKind::ClassDef(class) => vec![&mut class.body],
        StmtKind::If {
            body, elif_else, ..
        } => std::iter::once(body)
            .chain(elif_else.iter_mut().map(|clause| &mut clause.body))
            .collect(),
        StmtKind::For { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
            vec![body, orelse]
        }
        StmtKind::With { body, .. } => vec![body],
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => std::iter::once(body)
            .chain(handlers.iter_mut().map(|handler| &mut handler.body))
            .chain([orelse, finalbody])
            .collect(),
        _ => Vec::new(),
    }
}

/// The comments of `text`, without `#` and surrounding whitespace, sorted.
pub fn comment_texts(text: &str) -> Vec<String> {
    let lexed = aurora_dsl::lexer::lex(text, FileId(0));
    let mut comments: Vec<String> = lexed
        .comments
        .iter()
        .map(|c| {
            text[c.span.range()]
                .trim_start_matches('#')
                .trim()
                .to_string()
        })
        .collect();
    comments.sort();
    comments
}
