//! Find references and rename, within one buffer, from the scope-aware resolution of its
//! names (`resolve`). Names the buffer does not bind (the schema's, the builtins, those of
//! `include()`d files) are found but never renamed: their definitions are elsewhere.

use std::collections::HashMap;

use aurora_dsl::ast::{ExprKind, StmtKind};
use tower_lsp_server::ls_types::{Location, Position, Range, TextEdit, Uri, WorkspaceEdit};

use crate::context::{context_at, is_keyword_name, word_at};
use crate::document::Document;
use crate::resolve::{Occurrence, Resolved, ScopeKind};
use crate::schema::Schema;

/// Python's keywords (2 and 3), which a new name cannot be.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "exec", "finally", "for", "from", "global", "if",
    "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "print", "raise", "return",
    "try", "while", "with", "yield",
];

/// Every place the name at `position` is written in the buffer (bindings only when
/// `include_declaration`). A name the buffer does not bind gives each place it is read.
pub fn references(
    document: &Document,
    uri: &Uri,
    position: Position,
    include_declaration: bool,
) -> Vec<Location> {
    let offset = document.index.offset(&document.text, position);
    let Some((_, _, name, resolved)) = document.names.at(offset) else {
        return Vec::new();
    };
    let occurrences = match resolved {
        Resolved::Symbol(id) => document.names.symbols[id].occurrences.clone(),
        Resolved::Unresolved => document.names.unresolved(name),
    };
    occurrences
        .into_iter()
        .filter(|o| include_declaration || !o.binding)
        .map(|o| Location::new(uri.clone(), range_of(document, o)))
        .collect()
}

/// The range of the name at `position` if it can be renamed; why not as the error.
pub fn prepare_rename(document: &Document, position: Position) -> Result<Option<Range>, String> {
    let offset = document.index.offset(&document.text, position);
    renamable(document, offset)
        .map(|found| found.map(|(occurrence, _)| range_of(document, occurrence)))
}

/// The edits renaming the name at `position` to `new_name` everywhere its binding is seen.
pub fn rename(
    document: &Document,
    uri: &Uri,
    position: Position,
    new_name: &str,
) -> Result<Option<WorkspaceEdit>, String> {
    let offset = document.index.offset(&document.text, position);
    let Some((_, occurrences)) = renamable(document, offset)? else {
        return Ok(None);
    };
    check_new_name(new_name)?;
    let edits = occurrences
        .into_iter()
        .map(|o| TextEdit::new(range_of(document, o), new_name.to_string()))
        .collect();
    Ok(Some(WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }))
}

/// The name at `offset` and every occurrence of its binding; `None` when the cursor is on
/// no name; an error saying why when the name cannot be renamed here.
fn renamable(
    document: &Document,
    offset: usize,
) -> Result<Option<(Occurrence, Vec<Occurrence>)>, String> {
    let Some((start, end, name, resolved)) = document.names.at(offset) else {
        return keyword_argument(document, offset).map_or(Ok(None), Err);
    };
    let here = Occurrence {
        start,
        end,
        binding: false,
    };
    match resolved {
        Resolved::Symbol(id) => {
            let symbol = &document.names.symbols[id];
            if symbol.scope == ScopeKind::Module && symbol.name == "jobs" {
                return Err("`jobs` is the list the Aurora client reads jobs from; \
                            renaming it would leave the config without jobs"
                    .to_string());
            }
            Ok(Some((here, symbol.occurrences.clone())))
        }
        Resolved::Unresolved if Schema::get().item(name).is_some() => Err(format!(
            "`{name}` is defined by the Aurora schema and cannot be renamed"
        )),
        Resolved::Unresolved if has_include(document) => Err(format!(
            "`{name}` is not defined in this file: it may come from an included file, \
             and renaming across `include()` is not supported"
        )),
        Resolved::Unresolved => Err(format!(
            "`{name}` is not defined in this file (a builtin, or an undefined name) and \
             cannot be renamed"
        )),
    }
}

/// Why the keyword argument at `offset` (`cmdline` in `Process(cmdline = ...)`) cannot be
/// renamed, if the cursor is on one.
fn keyword_argument(document: &Document, offset: usize) -> Option<String> {
    let (start, end) = word_at(&document.text, offset)?;
    if !is_keyword_name(&document.text, end) {
        return None;
    }
    let context = context_at(&document.text, start);
    let call = context.calls.first().filter(|_| context.argument_name)?;
    let name = &document.text[start..end];
    Some(match Schema::get().item(&call.callee) {
        Some(_) => format!(
            "`{name}` is a field of the Aurora schema's `{}` and cannot be renamed",
            call.callee
        ),
        None => format!("`{name}` is a keyword argument; renaming those is not supported"),
    })
}

/// Whether the buffer calls `include()` at module level.
fn has_include(document: &Document) -> bool {
    document.module.body.iter().any(|stmt| match &stmt.kind {
        StmtKind::Expr(expr) => matches!(
            &expr.kind,
            ExprKind::Call { func, .. } if matches!(&func.kind, ExprKind::Name(n) if n == "include")
        ),
        _ => false,
    })
}

fn check_new_name(new_name: &str) -> Result<(), String> {
    let mut chars = new_name.chars();
    let identifier = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_');
    if !identifier || KEYWORDS.contains(&new_name) {
        return Err(format!("`{new_name}` is not a valid name"));
    }
    Ok(())
}

fn range_of(document: &Document, occurrence: Occurrence) -> Range {
    document
        .index
        .range(&document.text, occurrence.start, occurrence.end)
}
