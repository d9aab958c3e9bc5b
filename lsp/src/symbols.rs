//! Document symbols (module-level names; the jobs, tasks and processes built inside them),
//! inlay hints naming each job's key, and formatting (`aurora fmt`'s).

use aurora_dsl::ast::{Arg, DictItem, Expr, ExprKind, StmtKind};
use tower_lsp_server::ls_types::{
    DocumentSymbol, InlayHint, InlayHintKind, InlayHintLabel, SymbolKind, TextEdit,
};

use crate::document::{BindingKind, Document, Evaluated};

/// Constructors shown as symbols inside a module-level value, and their symbol kinds.
fn constructor_kind(callee: &str) -> Option<SymbolKind> {
    match callee {
        "Job" | "Service" | "MesosJob" => Some(SymbolKind::MODULE),
        "Task" | "SimpleTask" | "SequentialTask" => Some(SymbolKind::CLASS),
        "Process" => Some(SymbolKind::FUNCTION),
        _ => None,
    }
}

/// How deep the symbol walk follows nested expressions.
const MAX_DEPTH: usize = 32;

/// The buffer's outline.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written.
pub fn document_symbols(document: &Document) -> Vec<DocumentSymbol> {
    let mut symbols = Vec::new();
    for binding in &document.bindings {
        let kind = match &binding.kind {
            BindingKind::Class { .. } => SymbolKind::STRUCT,
            BindingKind::Function => SymbolKind::FUNCTION,
            BindingKind::Value { callee } => callee
                .as_deref()
                .and_then(constructor_kind)
                .unwrap_or(SymbolKind::VARIABLE),
        };
        let value = document
            .module
            .body
            .iter()
            .find_map(|stmt| match &stmt.kind {
                StmtKind::Assign { value, .. }
                    if stmt.span.start as usize == binding.stmt_start =>
                {
                    Some(value)
                }
                _ => None,
            });
        let mut children = Vec::new();
        if let Some(value) = value {
            // The value itself is the binding's symbol; only look inside it.
            value.for_each_child(&mut |child| collect(document, child, 0, &mut children));
        }
        symbols.push(DocumentSymbol {
            name: binding.name.clone(),
            detail: match &binding.kind {
                BindingKind::Value {
                    callee: Some(callee),
                } => Some(callee.clone()),
                _ => None,
            },
            kind,
            tags: None,
            deprecated: None,
            range: document
                .index
                .range(&document.text, binding.stmt_start, binding.stmt_end),
            selection_range: document
                .index
                .range(&document.text, binding.start, binding.end),
            children: (!children.is_empty()).then_some(children),
        });
    }
    symbols
}

/// Constructor calls in `expr` (and below), as symbols named by their `name = '...'`.
#[allow(deprecated)]
fn collect(document: &Document, expr: &Expr, depth: usize, out: &mut Vec<DocumentSymbol>) {
    if depth > MAX_DEPTH {
        return;
    }
    let kind = match &expr.kind {
        ExprKind::Call { func, .. } => match &func.kind {
            ExprKind::Name(name) => constructor_kind(name).map(|kind| (name.clone(), kind)),
            _ => None,
        },
        _ => None,
    };
    let mut children = Vec::new();
    expr.for_each_child(&mut |child| collect(document, child, depth + 1, &mut children));
    match kind {
        Some((callee, kind)) => {
            let name = name_argument(expr).unwrap_or_else(|| callee.clone());
            let range = document.index.range(
                &document.text,
                expr.span.start as usize,
                expr.span.end as usize,
            );
            out.push(DocumentSymbol {
                name,
                detail: Some(callee),
                kind,
                tags: None,
                deprecated: None,
                range,
                selection_range: range,
                children: (!children.is_empty()).then_some(children),
            });
        }
        None => out.extend(children),
    }
}

/// The string of a call's `name = '...'` argument.
fn name_argument(expr: &Expr) -> Option<String> {
    let ExprKind::Call { args, .. } = &expr.kind else {
        return None;
    };
    args.iter().find_map(|arg| match arg {
        Arg::Keyword { name, value } if name.name == "name" => match &value.kind {
            ExprKind::Str(literal) => Some(literal.value.clone()),
            _ => None,
        },
        _ => None,
    })
}

/// The entries of the module-level `jobs = [...]` (the keys of a dict), as written.
pub fn job_entries(document: &Document) -> Vec<&Expr> {
    let jobs_value = document
        .module
        .body
        .iter()
        .rev()
        .find_map(|stmt| match &stmt.kind {
            StmtKind::Assign { targets, value }
                if targets
                    .iter()
                    .any(|t| matches!(&t.kind, ExprKind::Name(n) if n == "jobs")) =>
            {
                Some(value)
            }
            _ => None,
        });
    match jobs_value.map(|value| &value.kind) {
        Some(ExprKind::List(items) | ExprKind::Tuple(items)) => items.iter().collect(),
        Some(ExprKind::Dict(items)) => items
            .iter()
            .filter_map(|item| match item {
                DictItem::Pair { key, .. } => Some(key),
                DictItem::Splat(_) => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Each entry of `jobs` with its key, when the last evaluation found as many jobs as the
/// buffer writes entries.
pub fn keyed_job_entries<'a>(
    document: &'a Document,
    evaluated: Option<&'a Evaluated>,
) -> Vec<(&'a Expr, &'a str)> {
    let Some(evaluated) = evaluated.filter(|e| !e.jobs.is_empty()) else {
        return Vec::new();
    };
    let entries = job_entries(document);
    if entries.len() != evaluated.jobs.len() {
        return Vec::new();
    }
    entries
        .into_iter()
        .zip(evaluated.jobs.iter().map(String::as_str))
        .collect()
}

/// A hint before each entry of the module-level `jobs = [...]` naming the job's key (as
/// the last evaluation found it).
pub fn inlay_hints(document: &Document, evaluated: Option<&Evaluated>) -> Vec<InlayHint> {
    keyed_job_entries(document, evaluated)
        .into_iter()
        .map(|(entry, key)| InlayHint {
            position: document
                .index
                .position(&document.text, entry.span.start as usize),
            label: InlayHintLabel::String(format!("{key}:")),
            kind: Some(InlayHintKind::TYPE),
            text_edits: None,
            tooltip: None,
            padding_left: None,
            padding_right: Some(true),
            data: None,
        })
        .collect()
}

/// The buffer formatted as `aurora fmt` would, as one edit; none when it has syntax errors
/// (the formatter refuses those) or is formatted already.
pub fn formatting(document: &Document) -> Option<Vec<TextEdit>> {
    let options = aurora_dsl::format::FormatOptions::default();
    let formatted =
        aurora_dsl::format::format(&document.text, aurora_dsl::FileId(0), options).ok()?;
    if formatted == document.text {
        return Some(Vec::new());
    }
    let range = document.index.range(&document.text, 0, document.text.len());
    Some(vec![TextEdit::new(range, formatted)])
}
