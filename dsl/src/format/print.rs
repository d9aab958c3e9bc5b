//! Python 2 `print` statements that Python 3 reads as an expression (bare `print`,
//! `print(x)`, `print >>f, x`...): printed as ruff prints that expression. The tokens stay
//! the same, so Python 2 still reads the same print statement.

use super::doc::*;
use super::source::Source;
use super::Formatter;
use crate::ast::*;
use crate::parser::parse;

impl Formatter<'_> {
    /// `stmt`, a print statement, formatted as the expression Python 3 reads, if it reads
    /// one. A layout that would need parentheses Python 2 reads differently (around a
    /// tuple or an operator chain) is not used: `None` when that is the only one.
    pub(super) fn print_as_expression(&self, stmt: &Stmt, depth: usize) -> Option<Doc> {
        let (start, end) = (stmt.span.start as usize, stmt.span.end as usize);
        // The statement alone, at its column, in a file where `print` is a function.
        let column = self.src.column(start);
        let mut text = String::from("from __future__ import print_function\n");
        if column > 0 {
            text.push_str("if 1:\n");
            text.push_str(&" ".repeat(column));
        }
        text.push_str(&self.src.text[start..end]);
        text.push('\n');
        let parsed = parse(&text, stmt.span.file);
        if !parsed.is_ok() {
            return None;
        }
        let expression = match parsed.module.body.get(1)?.kind {
            StmtKind::If { ref body, .. } => body.first()?,
            _ => parsed.module.body.get(1)?,
        };
        let StmtKind::Expr(value) = &expression.kind else {
            return None;
        };
        let src = Source::new(&text, stmt.span.file);
        let python3 = Formatter::new(&src);
        let doc = python3.stmt_or_verbatim(expression, text.len(), depth);
        self.src.use_comments(start, end);
        let breaks_inside_brackets = matches!(
            value.kind,
            ExprKind::Name(_) | ExprKind::Call { .. } | ExprKind::Subscript { .. }
        );
        if breaks_inside_brackets {
            return Some(doc);
        }
        // Printed only when it fits on one line; else the Python 2 statement.
        Some(Doc::BestFit(vec![doc, self.print_statement(stmt)?]))
    }
}
