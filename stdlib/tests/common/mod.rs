//! Reading the schema sources back as syntax trees, for the tests.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use aurora_dsl::ast::{Arg, ClassDef, ExprKind, Stmt, StmtKind};
use aurora_dsl::{parse, FileId, Parsed};
use aurora_stdlib::{SchemaFile, SCHEMA};

/// One schema file and its syntax tree.
pub struct ParsedFile {
    pub file: SchemaFile,
    pub parsed: Parsed,
}

impl ParsedFile {
    /// The file's text.
    pub fn text(&self) -> &'static str {
        self.file.source
    }
}

/// Every schema file, parsed, in evaluation order.
pub fn parse_schema() -> Vec<ParsedFile> {
    SCHEMA
        .iter()
        .zip(0u32..)
        .map(|(file, id)| ParsedFile {
            file: *file,
            parsed: parse(file.source, FileId(id)),
        })
        .collect()
}

/// Whether `class` is a Pystachio schema (`class Name(Struct):`).
pub fn is_struct(class: &ClassDef) -> bool {
    class
        .bases
        .iter()
        .any(|base| matches!(base, Arg::Positional(expr) if matches!(&expr.kind, ExprKind::Name(name) if name == "Struct")))
}

/// Every Struct class of the schema, with the file it is in.
pub fn structs(files: &[ParsedFile]) -> Vec<(&ParsedFile, &ClassDef)> {
    let mut found = Vec::new();
    for file in files {
        for stmt in &file.parsed.module.body {
            if let StmtKind::ClassDef(class) = &stmt.kind {
                if is_struct(class) {
                    found.push((file, &**class));
                }
            }
        }
    }
    found
}

/// The docstring of a class or function body: its first statement, when a string.
pub fn docstring(body: &[Stmt]) -> Option<&str> {
    match &body.first()?.kind {
        StmtKind::Expr(expr) => match &expr.kind {
            ExprKind::Str(literal) => Some(&literal.value),
            _ => None,
        },
        _ => None,
    }
}

/// The name `stmt` assigns, when it is `name = value` with a single plain name.
pub fn assigned_name(stmt: &Stmt) -> Option<&str> {
    match &stmt.kind {
        StmtKind::Assign { targets, .. } if targets.len() == 1 => match &targets[0].kind {
            ExprKind::Name(name) => Some(name),
            _ => None,
        },
        _ => None,
    }
}

/// The comment lines right above the line holding byte `offset` (no blank line between),
/// top to bottom, without their `#`. Only lines that hold nothing but a comment count.
pub fn comment_above(file: &ParsedFile, offset: u32) -> Vec<&'static str> {
    let text = file.text();
    let mut line_start = text[..offset as usize].rfind('\n').map_or(0, |at| at + 1);
    let mut lines = Vec::new();
    while line_start > 0 {
        let previous_start = text[..line_start - 1].rfind('\n').map_or(0, |at| at + 1);
        let line = &text[previous_start..line_start - 1];
        let indent = line.len() - line.trim_start().len();
        let comment_start = (previous_start + indent) as u32;
        let is_comment_line = file
            .parsed
            .comments
            .iter()
            .any(|comment| comment.span.start == comment_start);
        if !is_comment_line {
            break;
        }
        lines.push(line.trim_start().trim_start_matches('#').trim());
        line_start = previous_start;
    }
    lines.reverse();
    lines
}
