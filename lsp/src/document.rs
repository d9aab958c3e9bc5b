//! One open buffer: its text, its syntax tree, and the names its module level binds.

use std::collections::HashMap;
use std::path::PathBuf;

use aurora_compiler::analysis::{JobSummary, Template};
use aurora_dsl::ast::{Expr, ExprKind, Module, Stmt, StmtKind};
use aurora_dsl::FileId;

use crate::line_index::LineIndex;
use crate::resolve::Names;
use crate::schema::{comment_above, docstring, Field};

/// An open `.aurora` buffer, parsed.
#[derive(Debug)]
pub struct Document {
    /// The file the buffer is evaluated as (includes resolve next to it).
    pub path: PathBuf,
    pub text: String,
    pub version: i32,
    pub index: LineIndex,
    pub module: Module,
    /// Module-level names in definition order (a name bound twice appears twice).
    pub bindings: Vec<Binding>,
    /// Every name of the buffer, resolved to its scope's binding.
    pub names: Names,
}

/// What the last evaluation of a buffer found, for hovers and hints.
#[derive(Clone, Debug, Default)]
pub struct Evaluated {
    /// The version of the buffer evaluated.
    pub version: i32,
    /// `repr` of each module-level value.
    pub values: HashMap<String, String>,
    /// The key of each entry of `jobs`, in order.
    pub jobs: Vec<String>,
    /// The processes of each job, expanded.
    pub summaries: Vec<JobSummary>,
    /// The buffer's template strings, as its jobs and values expand them.
    pub templates: Vec<Template>,
}

/// What a module-level name was bound to.
#[derive(Clone, Debug)]
pub enum BindingKind {
    /// `name = Callee(...)`: the name of the callee, when the value is a call.
    Value {
        callee: Option<String>,
    },
    Function,
    /// A class; the fields of a `Struct` subclass.
    Class {
        fields: Vec<Field>,
    },
}

/// One module-level name and where it is bound.
#[derive(Clone, Debug)]
pub struct Binding {
    pub name: String,
    /// The name at the binding site.
    pub start: usize,
    pub end: usize,
    /// The whole statement.
    pub stmt_start: usize,
    pub stmt_end: usize,
    pub kind: BindingKind,
    /// The comment above the statement, or the docstring of a class or function.
    pub doc: String,
}

impl Document {
    pub fn new(path: PathBuf, text: String, version: i32) -> Document {
        let parsed = aurora_dsl::parse(&text, FileId(0));
        let bindings = bindings_of(&parsed.module.body, &text);
        let names = Names::of(&parsed.module);
        Document {
            names,
            path,
            index: LineIndex::new(&text),
            version,
            module: parsed.module,
            bindings,
            text,
        }
    }

    /// The binding of `name` in effect at `offset`: the last one before it, else the first.
    pub fn binding(&self, name: &str, offset: usize) -> Option<&Binding> {
        let mut candidates = self.bindings.iter().filter(|b| b.name == name);
        let first = candidates.clone().next();
        candidates
            .rfind(|binding| binding.start <= offset)
            .or(first)
    }

    /// The first line of a statement, for hovers.
    pub fn first_line(&self, start: usize, end: usize) -> &str {
        let text = self.text.get(start..end).unwrap_or("");
        text.lines().next().unwrap_or("")
    }
}

fn bindings_of(body: &[Stmt], text: &str) -> Vec<Binding> {
    let mut bindings = Vec::new();
    for stmt in body {
        let binding = |name: &str, span: aurora_dsl::Span, kind, doc| Binding {
            name: name.to_string(),
            start: span.start as usize,
            end: span.end as usize,
            stmt_start: stmt.span.start as usize,
            stmt_end: stmt.span.end as usize,
            kind,
            doc,
        };
        match &stmt.kind {
            StmtKind::Assign { targets, value } => {
                let callee = callee_name(value).map(str::to_string);
                for target in targets {
                    for (name, span) in target_names(target) {
                        let kind = BindingKind::Value {
                            callee: callee.clone(),
                        };
                        let doc = comment_above(text, stmt.span.start as usize);
                        bindings.push(binding(name, span, kind, doc));
                    }
                }
            }
            StmtKind::FunctionDef(function) => {
                let doc = docstring(&function.body)
                    .unwrap_or_else(|| comment_above(text, stmt.span.start as usize));
                bindings.push(binding(
                    &function.name.name,
                    function.name.span,
                    BindingKind::Function,
                    doc,
                ));
            }
            StmtKind::ClassDef(class) => {
                let item = crate::schema::class_fields(class, text);
                let doc = docstring(&class.body).unwrap_or_default();
                bindings.push(binding(
                    &class.name.name,
                    class.name.span,
                    BindingKind::Class { fields: item },
                    doc,
                ));
            }
            _ => {}
        }
    }
    bindings
}

/// `Process` for `Process(...)` and `Process(...).bind(...)`.
pub fn callee_name(expr: &Expr) -> Option<&str> {
    match &expr.kind {
        ExprKind::Call { func, .. } => match &func.kind {
            ExprKind::Name(name) => Some(name),
            ExprKind::Attribute { value, .. } => callee_name(value),
            _ => None,
        },
        _ => None,
    }
}

/// The names an assignment target binds (`a`, `a, b`, `[a, (b, c)]`).
fn target_names(target: &Expr) -> Vec<(&str, aurora_dsl::Span)> {
    match &target.kind {
        ExprKind::Name(name) => vec![(name.as_str(), target.span)],
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            items.iter().flat_map(target_names).collect()
        }
        _ => Vec::new(),
    }
}

/// The text after the editor's changes, in order: a change with a range replaces that
/// range (UTF-16 positions in the text as it is at that point), one without replaces all.
pub fn apply_changes(
    text: &str,
    changes: Vec<tower_lsp_server::ls_types::TextDocumentContentChangeEvent>,
) -> String {
    let mut text = text.to_string();
    for change in changes {
        match change.range {
            None => text = change.text,
            Some(range) => {
                let index = LineIndex::new(&text);
                let start = index.offset(&text, range.start);
                let end = index.offset(&text, range.end).max(start);
                text.replace_range(start..end, &change.text);
            }
        }
    }
    text
}

#[cfg(test)]
mod change_tests {
    use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

    use super::apply_changes;

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((l1, c1), (l2, c2))| {
                Range::new(Position::new(l1, c1), Position::new(l2, c2))
            }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn ranged_changes_apply_in_order() {
        let text = "a = 1\nb = 'é𝄞x'\n";
        let changes = vec![
            // Replace `1` by `10`, then insert after the astral character (2 UTF-16 units).
            change(Some(((0, 4), (0, 5))), "10"),
            change(Some(((1, 7), (1, 7))), "!"),
            change(Some(((2, 0), (2, 0))), "c = 3\n"),
        ];
        assert_eq!(apply_changes(text, changes), "a = 10\nb = 'é𝄞!x'\nc = 3\n");
    }

    #[test]
    fn a_change_without_range_replaces_the_text() {
        let changes = vec![change(None, "x = 1\n"), change(Some(((0, 4), (0, 5))), "2")];
        assert_eq!(apply_changes("old", changes), "x = 2\n");
    }
}
