//! The formatter's promises, checked: its output parses, means what the input means (the
//! same syntax tree, spans aside), keeps every comment, and is formatted already. The
//! tests, the fuzz target and `aurora fmt` (before it writes anything) check with these.

use crate::ast::{Expr, ExprKind, Module, Stmt, StmtKind};
use crate::format::{format, FormatOptions};
use crate::{parse, FileId};

/// Why `output`, formatted from `input`, would change what the file says, if it would: it
/// must parse and mean what `input` means, with the same comments. (What `aurora fmt`
/// checks before writing; `input` must parse.)
pub fn changed_meaning(input: &str, output: &str) -> Option<String> {
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
    None
}

/// Why `output`, the formatter's result for `input`, breaks a promise, if it does: it
/// must parse, mean what `input` means, keep its comments and be formatted already.
pub fn broken_promise(input: &str, output: &str) -> Option<String> {
    if let Some(changed) = changed_meaning(input, output) {
        return Some(changed);
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
    let lexed = crate::lexer::lex(text, FileId(0));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_meaning_is_named_and_a_new_layout_is_not() {
        assert_eq!(changed_meaning("x = f(a,\n  b)\n", "x = f(a, b)\n"), None);
        let split = changed_meaning("x - f(a)\n", "x\n-f(a)\n").expect("two statements");
        assert!(
            split.starts_with("the output means something else"),
            "{split}"
        );
        let lost = changed_meaning("x = 1  # one\n", "x = 1\n").expect("a comment lost");
        assert_eq!(lost, "comments were lost or added");
        let broken = changed_meaning("x = 1\n", "x = (\n").expect("no longer parses");
        assert_eq!(broken, "the output does not parse");
    }
}
