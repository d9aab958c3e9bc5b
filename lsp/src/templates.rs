//! What the last evaluation says about templates and jobs: a string with `{{mustaches}}`
//! expanded on hover, and a code lens above each job with its key and command line.
//!
//! A string is matched to the values the evaluation expanded by where it was written
//! (the keyword argument holding it) when the buffer has not changed since, and otherwise,
//! or for strings reached through a variable, by its text.

use aurora_compiler::analysis::{Owner, Template};
use aurora_dsl::ast::{Expr, ExprKind, Stmt, StmtKind};
use tower_lsp_server::ls_types::{
    CodeLens, Command, Hover, HoverContents, MarkupContent, MarkupKind, Position,
};

use crate::document::{Document, Evaluated};
use crate::symbols::keyed_job_entries;

/// Most expansions listed in one hover (a process shared by many jobs).
const MAX_SHOWN: usize = 5;
/// Longest command line shown in a code lens.
const MAX_LENS_CHARS: usize = 80;

/// The hover of a string literal with `{{...}}` at `position`: its expansion in each job
/// (or, when no job uses it, in the module-level value holding it).
pub fn hover(
    document: &Document,
    evaluated: Option<&Evaluated>,
    position: Position,
) -> Option<Hover> {
    let offset = document.index.offset(&document.text, position);
    let (start, end, value) = string_at(&document.module.body, offset)?;
    if !value.contains("{{") {
        return None;
    }
    let fresh = evaluated.is_some_and(|e| e.version == document.version);
    let templates = evaluated.map_or(&[][..], |e| e.templates.as_slice());
    let written_here =
        |t: &&Template| fresh && t.span.start as usize <= start && end <= t.span.end as usize;
    let mut found: Vec<&Template> = templates
        .iter()
        .filter(written_here)
        .filter(|t| t.raw.contains(value))
        .collect();
    if found.is_empty() {
        found = templates.iter().filter(|t| t.raw.contains(value)).collect();
    }
    if found.iter().any(|t| matches!(t.owner, Owner::Job(_))) {
        found.retain(|t| matches!(t.owner, Owner::Job(_)));
    }
    found.dedup_by(|a, b| a.owner == b.owner && a.expanded == b.expanded);
    let mut text = String::new();
    if found.is_empty() {
        text.push_str("Not expanded: no job or value of the last evaluation holds this string.\n");
    }
    for template in found.iter().take(MAX_SHOWN) {
        match &template.owner {
            Owner::Job(key) => text.push_str(&format!("Expanded in job `{key}`:\n")),
            Owner::Value(name) => text.push_str(&format!("Expanded in `{name}`:\n")),
        }
        text.push_str(&format!("```\n{}\n```\n", template.expanded));
        if !template.unbound.is_empty() {
            let refs: Vec<String> = template
                .unbound
                .iter()
                .map(|r| format!("`{{{{{r}}}}}`"))
                .collect();
            text.push_str(&format!("Unbound: {}\n", refs.join(", ")));
        }
        text.push('\n');
    }
    if found.len() > MAX_SHOWN {
        text.push_str(&format!("...and {} more\n", found.len() - MAX_SHOWN));
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text.trim_end().to_string(),
        }),
        range: Some(document.index.range(&document.text, start, end)),
    })
}

/// A lens above each entry of `jobs`: its key and its first process's command line.
pub fn code_lenses(document: &Document, evaluated: Option<&Evaluated>) -> Vec<CodeLens> {
    let summaries = evaluated.map_or(&[][..], |e| e.summaries.as_slice());
    keyed_job_entries(document, evaluated)
        .into_iter()
        .map(|(entry, key)| {
            let summary = summaries.iter().find(|s| s.key == key);
            let title = match summary.map(|s| s.processes.as_slice()) {
                Some([]) | None => key.to_string(),
                Some([(_, cmdline), rest @ ..]) => {
                    let more = match rest.len() {
                        0 => String::new(),
                        1 => " (+1 process)".to_string(),
                        n => format!(" (+{n} processes)"),
                    };
                    format!("{key}: {}{more}", shorten(cmdline))
                }
            };
            let position = document
                .index
                .position(&document.text, entry.span.start as usize);
            CodeLens {
                range: tower_lsp_server::ls_types::Range::new(position, position),
                // A title only: there is nothing to run.
                command: Some(Command::new(title, String::new(), None)),
                data: None,
            }
        })
        .collect()
}

/// The first line of a command line, cut to fit a lens.
fn shorten(cmdline: &str) -> String {
    let line = cmdline.trim().lines().next().unwrap_or("");
    match line.char_indices().nth(MAX_LENS_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None if cmdline.trim().lines().nth(1).is_some() => format!("{line} …"),
        None => line.to_string(),
    }
}

/// The string literal containing `offset`: its span and value.
fn string_at(body: &[Stmt], offset: usize) -> Option<(usize, usize, &str)> {
    body.iter()
        .filter(|stmt| stmt.span.start as usize <= offset && offset <= stmt.span.end as usize)
        .find_map(|stmt| match &stmt.kind {
            StmtKind::Expr(value) | StmtKind::Assign { value, .. } => in_expr(value, offset, 0),
            StmtKind::Return(Some(value)) => in_expr(value, offset, 0),
            StmtKind::FunctionDef(function) => string_at(&function.body, offset),
            StmtKind::ClassDef(class) => string_at(&class.body, offset),
            StmtKind::If {
                body, elif_else, ..
            } => string_at(body, offset)
                .or_else(|| elif_else.iter().find_map(|c| string_at(&c.body, offset))),
            StmtKind::For { body, .. } => string_at(body, offset),
            _ => None,
        })
}

fn in_expr(expr: &Expr, offset: usize, depth: usize) -> Option<(usize, usize, &str)> {
    let (start, end) = (expr.span.start as usize, expr.span.end as usize);
    if depth > 200 || offset < start || end < offset {
        return None;
    }
    if let ExprKind::Str(literal) = &expr.kind {
        return Some((start, end, literal.value.as_str()));
    }
    let mut found = None;
    expr.for_each_child(&mut |child| {
        if found.is_none() {
            found = in_expr(child, offset, depth + 1);
        }
    });
    found
}
