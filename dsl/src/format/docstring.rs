//! Docstrings (the string opening a module, class or function): triple double quotes,
//! lines re-indented to the body, trailing spaces dropped.

use super::doc::*;
use super::Formatter;
use crate::ast::*;

impl Formatter<'_> {
    /// `stmt` as a docstring at nesting `depth`, if it is a plain triple-quoted one.
    pub(super) fn docstring(&self, stmt: &Stmt, depth: usize) -> Option<Doc> {
        let StmtKind::Expr(value) = &stmt.kind else {
            return None;
        };
        if !matches!(value.kind, ExprKind::Str(_)) || !self.parens(value, None).is_empty() {
            return None;
        }
        let [part] = self.src.string_parts(value.span)[..] else {
            return None;
        };
        let token = self.src.slice(part);
        let triple = token.starts_with("'''") || token.starts_with(r#"""""#);
        if !triple || token.len() < 6 {
            return None;
        }
        let body = &token[3..token.len() - 3];
        // Quotes or escapes inside would need more care than re-indenting.
        if body.contains(['"', '\\']) {
            return None;
        }
        let indent = " ".repeat(4 * depth);
        let lines: Vec<&str> = body.split('\n').collect();
        let common = lines[1..]
            .iter()
            .filter(|line| !line.trim().is_empty())
            .map(|line| line.len() - line.trim_start().len())
            .min()
            .unwrap_or(0);
        let mut out = String::from(r#"""""#);
        out.push_str(lines[0].trim());
        let count = lines.len();
        for (index, line) in lines.iter().enumerate().skip(1) {
            if index + 1 == count && line.trim().is_empty() {
                if out.len() > 3 && !out.contains('\n') {
                    // One line of text: the closing quotes join it.
                    break;
                }
                out.push('\n');
                out.push_str(&indent);
                continue;
            }
            out.push('\n');
            if !line.trim().is_empty() {
                out.push_str(&indent);
                out.push_str(line[common.min(line.len())..].trim_end());
            }
        }
        if count == 1 {
            out.truncate(out.trim_end().len());
        }
        out.push_str(r#"""""#);
        let end = stmt.span.end as usize;
        Some(concat(vec![text(out), self.trailing_comment(end)]))
    }
}
