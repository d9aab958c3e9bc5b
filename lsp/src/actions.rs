//! Quick fixes for the diagnostics in a code action request: "did you mean `X`?" replaces
//! the misspelled name, and "`Process[cmdline] is required.`" adds the field to the call.
//!
//! Each fix is read from the diagnostic's `data` (written by `diagnostics::to_lsp`) or, for
//! clients that do not send it back, re-derived from its message: both say the same.

use std::collections::HashMap;

use aurora_dsl::ast::{Arg, Expr, ExprKind, Stmt, StmtKind};
use serde_json::{json, Value};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, TextEdit, Uri, WorkspaceEdit,
};

use crate::complete::struct_fields;
use crate::context::{is_keyword_name, word_at};
use crate::document::Document;
use crate::schema::Schema;

/// What a diagnostic can be fixed with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fix {
    /// Replace the misspelled name with this one.
    Rename(String),
    /// Add the required `field` of the struct type `ty` to the call.
    AddField { ty: String, field: String },
}

impl Fix {
    /// The fix a compiler diagnostic's message and help suggest.
    pub fn of(message: &str, help: Option<&str>) -> Option<Fix> {
        if let Some(name) = help.and_then(did_you_mean) {
            return Some(Fix::Rename(name));
        }
        let before = &message[..message.rfind("] is required.")?];
        let open = before.rfind('[')?;
        let field = &before[open + 1..];
        let ty: String = before[..open]
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<Vec<char>>()
            .into_iter()
            .rev()
            .collect();
        (!ty.is_empty() && !field.is_empty()).then(|| Fix::AddField {
            ty,
            field: field.to_string(),
        })
    }

    /// The fix as a diagnostic's `data`.
    pub fn to_data(&self) -> Value {
        match self {
            Fix::Rename(name) => json!({"didYouMean": name}),
            Fix::AddField { ty, field } => json!({"missingField": {"type": ty, "field": field}}),
        }
    }

    fn from_data(data: &Value) -> Option<Fix> {
        if let Some(name) = data["didYouMean"].as_str() {
            return Some(Fix::Rename(name.to_string()));
        }
        let missing = &data["missingField"];
        Some(Fix::AddField {
            ty: missing["type"].as_str()?.to_string(),
            field: missing["field"].as_str()?.to_string(),
        })
    }

    /// From an LSP diagnostic: its data, else its message (`help:` lines included).
    fn of_lsp(diagnostic: &Diagnostic) -> Option<Fix> {
        if let Some(fix) = diagnostic.data.as_ref().and_then(Fix::from_data) {
            return Some(fix);
        }
        let mut lines = diagnostic.message.lines();
        let first = lines.next()?;
        let help = lines.find_map(|line| line.strip_prefix("help: "));
        Fix::of(first, help)
    }
}

/// `X` of "did you mean `X`?".
fn did_you_mean(help: &str) -> Option<String> {
    let rest = &help[help.find("did you mean `")? + "did you mean `".len()..];
    let name = &rest[..rest.find('`')?];
    (!name.is_empty()).then(|| name.to_string())
}

/// The quick fixes for `diagnostics` (those of the request's context).
pub fn code_actions(
    document: &Document,
    uri: &Uri,
    diagnostics: &[Diagnostic],
) -> Vec<CodeActionOrCommand> {
    diagnostics
        .iter()
        .filter_map(|diagnostic| {
            let fix = Fix::of_lsp(diagnostic)?;
            let start = document
                .index
                .offset(&document.text, diagnostic.range.start);
            let end = document.index.offset(&document.text, diagnostic.range.end);
            let (title, edit) = match fix {
                Fix::Rename(name) => rename_edit(document, start, end, &name)?,
                Fix::AddField { ty, field } => add_field_edit(document, start, end, &ty, &field)?,
            };
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }))
        })
        .collect()
}

/// Replaces the misspelled name in `start..end`: a keyword argument's name when the range
/// starts with one (`cpus = 1`), else the range's last identifier (`undefind`, `x.cpus`).
fn rename_edit(
    document: &Document,
    start: usize,
    end: usize,
    name: &str,
) -> Option<(String, TextEdit)> {
    let text = &document.text;
    let keyword = word_at(text, start).filter(|&(s, e)| s == start && is_keyword_name(text, e));
    let (word_start, word_end) = match keyword {
        Some(word) => word,
        None => {
            let last = text
                .get(start..end)?
                .trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '_'));
            word_at(text, start + last.len()).filter(|&(s, _)| s >= start)?
        }
    };
    let old = &text[word_start..word_end];
    if old == name {
        return None;
    }
    let range = document.index.range(text, word_start, word_end);
    Some((
        format!("Replace `{old}` with `{name}`"),
        TextEdit::new(range, name.to_string()),
    ))
}

/// Adds `field = <placeholder>` as the last keyword argument of the call at `start..end`.
fn add_field_edit(
    document: &Document,
    start: usize,
    end: usize,
    ty: &str,
    field: &str,
) -> Option<(String, TextEdit)> {
    let call = find_call(&document.module.body, start, end)?;
    let ExprKind::Call { func, args } = &call.kind else {
        return None;
    };
    let callee = match &func.kind {
        ExprKind::Name(name) => name.as_str(),
        ExprKind::Attribute { attr, .. } => attr.name.as_str(),
        _ => ty,
    };
    let fields = struct_fields(document, callee, start);
    let fields = if fields.is_empty() {
        struct_fields(document, ty, start)
    } else {
        fields
    };
    let field_type = fields
        .iter()
        .find(|f| f.name == field)
        .map_or("String", |f| f.ty.as_str());
    let text = &document.text;
    // Spaces around `=` as the call's other keyword arguments have them.
    let spaced = args.iter().any(|arg| match arg {
        Arg::Keyword { name, value } => text
            .get(name.span.end as usize..value.span.start as usize)
            .is_some_and(|between| between.starts_with(' ')),
        _ => false,
    }) || !args.iter().any(|arg| matches!(arg, Arg::Keyword { .. }));
    let equals = if spaced { " = " } else { "=" };
    let argument = format!("{field}{equals}{}", placeholder(field_type));
    let (offset, insert) = match args.last() {
        Some(last) => (last.value().span.end as usize, format!(", {argument}")),
        // Right after the `(` (the call's text ends with `)`).
        None => (
            text.get(call.span.start as usize..call.span.end as usize)?
                .rfind('(')
                .map(|open| call.span.start as usize + open + 1)?,
            argument.clone(),
        ),
    };
    let position = document.index.position(text, offset);
    Some((
        format!("Add the required field `{argument}`"),
        TextEdit::new(
            tower_lsp_server::ls_types::Range::new(position, position),
            insert,
        ),
    ))
}

/// A value of a field's type to fill in.
fn placeholder(ty: &str) -> String {
    match ty {
        "String" => "''".into(),
        "Integer" => "0".into(),
        "Float" => "0.0".into(),
        "Boolean" => "False".into(),
        _ if ty.starts_with("List(") => "[]".into(),
        _ if ty.starts_with("Map(") => "{}".into(),
        _ if Schema::get().item(ty).is_some() => format!("{ty}()"),
        _ => "None".into(),
    }
}

/// The call spanning exactly `start..end`, else the innermost call containing it.
fn find_call(body: &[Stmt], start: usize, end: usize) -> Option<&Expr> {
    let mut best: Option<&Expr> = None;
    for stmt in body {
        match &stmt.kind {
            StmtKind::Expr(value)
            | StmtKind::Assign { value, .. }
            | StmtKind::Return(Some(value)) => walk_calls(value, start, end, &mut best, 0),
            StmtKind::FunctionDef(function) => {
                if let Some(call) = find_call(&function.body, start, end) {
                    return Some(call);
                }
            }
            _ => {}
        }
    }
    best
}

fn walk_calls<'a>(
    expr: &'a Expr,
    start: usize,
    end: usize,
    best: &mut Option<&'a Expr>,
    depth: usize,
) {
    let (s, e) = (expr.span.start as usize, expr.span.end as usize);
    if depth > 200 || s > start || e < end {
        return;
    }
    let is_exact = |call: &Expr| call.span.start as usize == start && call.span.end as usize == end;
    if matches!(expr.kind, ExprKind::Call { .. }) && !best.is_some_and(is_exact) {
        *best = Some(expr);
    }
    expr.for_each_child(&mut |child| walk_calls(child, start, end, best, depth + 1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_are_read_from_messages_and_help() {
        assert_eq!(
            Fix::of(
                "AttributeError: Unknown schema attribute cpus",
                Some("did you mean `cpu`?")
            ),
            Some(Fix::Rename("cpu".into()))
        );
        assert_eq!(
            Fix::of(
                "TypeCheck(FAILED): MesosJob[task] failed: Task[processes] failed: Element in \
                 ProcessList failed check: Process[cmdline] is required.",
                None
            ),
            Some(Fix::AddField {
                ty: "Process".into(),
                field: "cmdline".into()
            })
        );
        assert_eq!(Fix::of("NameError: name 'x' is not defined", None), None);
    }
}
