//! Statements to documents: blank lines between them, comments around them, headers of
//! compound statements, and the optional parentheses of a statement's value.

use super::doc::*;
use super::expr::{parenthesized_if_breaks, Trailing};
use super::Formatter;
use crate::ast::*;
use crate::source_map::Span;

/// Which body a block of statements is, for the blank-line rules.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Suite {
    Module,
    Function,
    Class,
    /// The body of `if`, `for`, `try`...
    Other,
}

fn is_definition(stmt: &Stmt) -> bool {
    matches!(stmt.kind, StmtKind::FunctionDef(_) | StmtKind::ClassDef(_))
}

fn is_import(stmt: &Stmt) -> bool {
    matches!(stmt.kind, StmtKind::Import(_) | StmtKind::ImportFrom { .. })
}

/// The last statement of `stmt`'s last body, if it has bodies.
fn last_child_in_body(stmt: &Stmt) -> Option<&Stmt> {
    let body = match &stmt.kind {
        StmtKind::If {
            body, elif_else, ..
        } => elif_else.last().map_or(body, |clause| &clause.body),
        StmtKind::For { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
            if orelse.is_empty() {
                body
            } else {
                orelse
            }
        }
        StmtKind::With { body, .. } => body,
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            if !finalbody.is_empty() {
                finalbody
            } else if !orelse.is_empty() {
                orelse
            } else {
                handlers.last().map_or(body, |handler| &handler.body)
            }
        }
        StmtKind::FunctionDef(def) => &def.body,
        StmtKind::ClassDef(class) => &class.body,
        _ => return None,
    };
    body.last()
}

/// Whether a string statement is a docstring where it opens a body (a text string, not
/// bytes).
fn is_docstring(stmt: &Stmt) -> bool {
    matches!(&stmt.kind, StmtKind::Expr(Expr { kind: ExprKind::Str(lit), .. }) if lit.kind != StrKind::Bytes)
}

/// Where a statement's value is, for the rules of its optional parentheses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Place {
    /// The test of `if`, `elif`, `while` or `assert`, the iterable of `for`: a long
    /// unsplittable value is parenthesized when that makes it fit.
    Header,
    /// An assignment's value or what `return` returns: the same, and a lambda breaks in
    /// its body's parentheses.
    Assigned,
    /// An expression statement: a lambda breaks in its body's parentheses.
    Statement,
    /// What `raise`, `exec`, `del` or an assertion's message hold.
    Clause,
}

/// Nesting deeper than this is printed as written.
const MAX_DEPTH: usize = 100;

impl Formatter<'_> {
    pub(super) fn module(&self, module: &Module) -> Doc {
        self.block(&module.body, Suite::Module, 0, self.src.text.len(), 0)
    }

    /// Whether `stmt` ends with a definition (itself, or the last statement of its last
    /// body...): blank lines must follow it (up to `next`), even after comments ending
    /// the definition's body, but not after one following a nested definition in its
    /// block.
    fn ends_with_definition(&self, stmt: &Stmt, next: usize) -> bool {
        let mut node = Some(stmt);
        while let Some(inner) = node {
            if is_definition(inner) {
                return true;
            }
            node = last_child_in_body(inner);
            if let Some(child) = node {
                let column = self.src.column(child.span.start as usize);
                let commented = self.src.comments.iter().any(|c| {
                    c.start >= child.span.end as usize
                        && c.start < next
                        && c.own_line
                        && self.src.column(c.start) == column
                });
                if commented {
                    return false;
                }
            }
        }
        false
    }

    /// A sequence of statements at one indentation; takes the comments that follow its
    /// last statement at (or deeper than) its column, up to `limit`.
    fn block(&self, stmts: &[Stmt], suite: Suite, from: usize, limit: usize, depth: usize) -> Doc {
        let mut parts = Vec::new();
        let top = suite == Suite::Module;
        let max_blank = if top { 2 } else { 1 };
        let column = stmts
            .first()
            .map_or(0, |s| self.src.column(s.span.start as usize));
        let mut cursor = from;
        let mut prev: Option<&Stmt> = None;
        let mut after_docstring = false;
        for (index, stmt) in stmts.iter().enumerate() {
            let start = stmt.span.start as usize;
            let leading = self.src.take_comments(cursor, start);
            let first_pos = leading.first().map_or(start, |c| c.start);
            let blanks = self.src.blank_lines_before(first_pos).min(max_blank);
            let before = match prev {
                None => match suite {
                    Suite::Other if is_definition(stmt) && leading.is_empty() => 1,
                    Suite::Function if !is_docstring(stmt) && blanks > 0 => 1,
                    _ => 0,
                },
                Some(prev) if is_definition(stmt) || self.ends_with_definition(prev, first_pos) => {
                    max_blank
                }
                Some(prev) if is_import(prev) && (!is_import(stmt) || !leading.is_empty()) => {
                    blanks.max(1)
                }
                Some(_) if after_docstring => 1,
                Some(_) => blanks,
            };
            if index > 0 {
                parts.push(hard());
            }
            for _ in 0..before {
                parts.push(hard());
            }
            for (i, comment) in leading.iter().enumerate() {
                if i > 0 {
                    let gap = self.src.blank_lines_before(comment.start).min(max_blank);
                    for _ in 0..=gap {
                        parts.push(hard());
                    }
                }
                parts.push(text(self.src.comment_text(*comment)));
            }
            if !leading.is_empty() {
                let gap = self.src.blank_lines_before(start).min(max_blank);
                let gap = if is_definition(stmt) && gap > 0 {
                    max_blank
                } else {
                    gap
                };
                for _ in 0..=gap {
                    parts.push(hard());
                }
            }
            let next_limit = stmts
                .get(index + 1)
                .map_or(limit, |next| next.span.start as usize);
            let docstring = (index == 0 && suite != Suite::Other)
                .then(|| self.docstring(stmt, depth))
                .flatten();
            match docstring {
                Some(doc) => parts.push(doc),
                None => parts.push(self.stmt_or_verbatim(stmt, next_limit, depth)),
            }
            // A class or module docstring is followed by a blank line.
            after_docstring =
                index == 0 && matches!(suite, Suite::Module | Suite::Class) && is_docstring(stmt);
            cursor = self.src.line_end(stmt.span.end as usize);
            prev = Some(stmt);
        }
        // Comments after the last statement that belong to this block.
        let trailing = self.src.peek_comments(cursor, limit);
        let mut first_trailing = true;
        for comment in trailing {
            if !top && self.src.column(comment.start) < column || !comment.own_line {
                break;
            }
            self.src.take_comments(comment.start, comment.start + 1);
            let gap = self.src.blank_lines_before(comment.start).min(max_blank);
            // The first comment after a definition, at the block's own column, gets the
            // blank lines a statement there would.
            let after_definition =
                prev.is_some_and(|prev| self.ends_with_definition(prev, comment.start));
            let gap =
                if first_trailing && after_definition && self.src.column(comment.start) == column {
                    max_blank
                } else {
                    gap
                };
            first_trailing = false;
            if !parts.is_empty() {
                for _ in 0..=gap {
                    parts.push(hard());
                }
            }
            parts.push(text(self.src.comment_text(comment)));
        }
        concat(parts)
    }

    /// A statement, or its source as written when a comment inside it has no place.
    pub(super) fn stmt_or_verbatim(&self, stmt: &Stmt, limit: usize, depth: usize) -> Doc {
        let start = stmt.span.start as usize;
        let end = stmt.span.end as usize;
        if depth < MAX_DEPTH {
            let doc = self.stmt(stmt, limit, depth + 1);
            if self.src.peek_comments(start, end).is_empty() {
                return doc;
            }
        }
        self.src.use_comments(start, end);
        let trailing = self.trailing_comment(end);
        self.verbatim(start, end, trailing)
    }

    /// The source of `start..end` re-indented to the current level.
    fn verbatim(&self, start: usize, end: usize, trailing: Doc) -> Doc {
        let column = self.src.column(start);
        let mut parts = Vec::new();
        for (index, line) in self.src.text[start..end].split('\n').enumerate() {
            if index > 0 {
                parts.push(hard());
                let indent_len = line.len() - line.trim_start().len();
                parts.push(text(&line[indent_len.min(column)..]));
            } else {
                parts.push(text(line.trim_end()));
            }
        }
        parts.push(trailing);
        concat(parts)
    }

    /// The end-of-line comment after `pos`, as a line suffix.
    pub(super) fn trailing_comment(&self, pos: usize) -> Doc {
        match self.src.take_trailing_comment(pos, usize::MAX) {
            Some(comment) => Doc::LineSuffix(format!("  {}", self.src.comment_text(comment))),
            None => nil(),
        }
    }

    fn stmt(&self, stmt: &Stmt, limit: usize, depth: usize) -> Doc {
        let end = stmt.span.end as usize;
        let simple = |doc: Doc| concat(vec![doc, self.trailing_comment(end)]);
        match &stmt.kind {
            StmtKind::Expr(value) => simple(self.value(value, Place::Statement)),
            StmtKind::Assign { targets, value } => self.assignment(targets, " = ", value, end),
            StmtKind::AugAssign { target, op, value } => self.assignment(
                std::slice::from_ref(target),
                &format!(" {}= ", op.symbol()),
                value,
                end,
            ),
            StmtKind::Print { .. } => match self.print_as_expression(stmt, depth) {
                Some(doc) => simple(doc),
                None => simple(self.print_statement(stmt).unwrap_or_else(nil)),
            },
            StmtKind::Pass => simple(text("pass")),
            StmtKind::Break => simple(text("break")),
            StmtKind::Continue => simple(text("continue")),
            StmtKind::Return(value) => simple(match value {
                Some(value) => concat(vec![text("return "), self.return_value(value)]),
                None => text("return"),
            }),
            StmtKind::Raise {
                exc,
                cause,
                value,
                traceback,
            } => {
                let mut parts = vec![text("raise")];
                if let Some(exc) = exc {
                    parts.push(text(" "));
                    parts.push(self.value(exc, Place::Clause));
                }
                // Python 2's `raise E, V, T` (ruff cannot parse it: kept on one line).
                for extra in value.iter().chain(traceback) {
                    parts.push(text(", "));
                    parts.push(self.value(extra, Place::Clause));
                }
                if let Some(cause) = cause {
                    parts.push(text(" from "));
                    parts.push(self.value(cause, Place::Clause));
                }
                simple(concat(parts))
            }
            StmtKind::Exec {
                code,
                globals,
                locals,
            } => {
                // Python 2's `exec` statement (ruff cannot parse it: kept on one line).
                let mut parts = vec![text("exec "), self.value(code, Place::Clause)];
                if let Some(globals) = globals {
                    parts.push(text(" in "));
                    parts.push(self.value(globals, Place::Clause));
                }
                if let Some(locals) = locals {
                    parts.push(text(", "));
                    parts.push(self.value(locals, Place::Clause));
                }
                simple(concat(parts))
            }
            StmtKind::Assert { test, msg } => {
                let mut parts = vec![text("assert "), self.value(test, Place::Header)];
                if let Some(msg) = msg {
                    parts.push(text(", "));
                    parts.push(self.assert_message(msg));
                }
                simple(concat(parts))
            }
            // One target loses redundant parentheses; several get parentheses when they
            // break, one per line.
            StmtKind::Del(targets) => simple(match targets.as_slice() {
                [] => text("del"),
                [only] => concat(vec![text("del "), self.value(only, Place::Clause)]),
                _ => concat(vec![text("del "), self.bare_tuple(targets)]),
            }),
            StmtKind::Import(aliases) => {
                let names = aliases
                    .iter()
                    .map(|alias| {
                        let mut name = alias.module.to_dotted_string();
                        if let Some(as_name) = &alias.alias {
                            name = format!("{name} as {}", as_name.name);
                        }
                        text(name)
                    })
                    .collect();
                simple(concat(vec![text("import "), join(names, ", ")]))
            }
            StmtKind::ImportFrom {
                module,
                level,
                names,
            } => {
                let mut head = format!("from {}", ".".repeat(*level as usize));
                if let Some(module) = module {
                    head.push_str(&module.to_dotted_string());
                }
                head.push_str(" import ");
                let names_doc = match names {
                    ImportNames::Star(_) => text("*"),
                    ImportNames::Names(names) => self.import_names(stmt.span, names),
                };
                simple(concat(vec![text(head), names_doc]))
            }
            StmtKind::Global(names) | StmtKind::Nonlocal(names) => {
                let keyword = if matches!(stmt.kind, StmtKind::Global(_)) {
                    "global "
                } else {
                    "nonlocal "
                };
                let names = names.iter().map(|n| text(n.name.clone())).collect();
                simple(concat(vec![text(keyword), join(names, ", ")]))
            }
            StmtKind::If {
                test,
                body,
                elif_else,
            } => {
                let mut parts = vec![self.header(
                    concat(vec![text("if "), self.value(test, Place::Header)]),
                    self.full_span(test, None).1,
                    body,
                    self.clause_limit(elif_else.first().map(|c| c.span.start as usize), limit),
                    depth,
                )];
                for (index, clause) in elif_else.iter().enumerate() {
                    let clause_start = clause.span.start as usize;
                    parts.push(self.clause_comments(clause_start));
                    let clause_limit = self.clause_limit(
                        elif_else.get(index + 1).map(|c| c.span.start as usize),
                        limit,
                    );
                    let (head, head_end) = match &clause.test {
                        Some(test) => (
                            concat(vec![text("elif "), self.value(test, Place::Header)]),
                            self.full_span(test, None).1,
                        ),
                        None => (text("else"), clause_start + 4),
                    };
                    parts.push(self.header(head, head_end, &clause.body, clause_limit, depth));
                }
                concat(parts)
            }
            StmtKind::For {
                is_async,
                target,
                iter,
                body,
                orelse,
            } => {
                let keyword = if *is_async { "async for " } else { "for " };
                let head = concat(vec![
                    text(keyword),
                    self.loop_target(target),
                    text(" in "),
                    self.value(iter, Place::Header),
                ]);
                let head_end = self.full_span(iter, None).1;
                self.loop_stmt(head, head_end, body, orelse, limit, depth)
            }
            StmtKind::While { test, body, orelse } => {
                let head = concat(vec![text("while "), self.value(test, Place::Header)]);
                let head_end = self.full_span(test, None).1;
                self.loop_stmt(head, head_end, body, orelse, limit, depth)
            }
            StmtKind::With {
                is_async,
                items,
                body,
            } => {
                let keyword = if *is_async { "async with " } else { "with " };
                let mut docs = Vec::new();
                let mut head_end = stmt.span.start as usize;
                for item in items {
                    let mut doc = self.expr(&item.context, None);
                    head_end = self.full_span(&item.context, None).1;
                    if let Some(target) = &item.target {
                        doc = concat(vec![doc, text(" as "), self.expr(target, None)]);
                        head_end = self.full_span(target, None).1;
                    }
                    docs.push(doc);
                }
                let head = concat(vec![text(keyword), join(docs, ", ")]);
                self.header(head, head_end, body, limit, depth)
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => self.try_stmt(stmt, body, handlers, orelse, finalbody, limit, depth),
            StmtKind::FunctionDef(def) => self.function_def(stmt, def, limit, depth),
            StmtKind::ClassDef(class) => self.class_def(stmt, class, limit, depth),
            StmtKind::Error => self.verbatim(stmt.span.start as usize, end, nil()),
        }
    }

    /// A Python 2 print statement as Python 2 writes it (`print >>f, x,`).
    pub(super) fn print_statement(&self, stmt: &Stmt) -> Option<Doc> {
        let StmtKind::Print {
            dest,
            values,
            trailing_comma,
        } = &stmt.kind
        else {
            return None;
        };
        let mut parts = vec![text("print")];
        let mut items = Vec::new();
        if let Some(dest) = dest {
            items.push(concat(vec![text(">>"), self.expr(dest, None)]));
        }
        items.extend(values.iter().map(|v| self.expr(v, None)));
        for (index, item) in items.into_iter().enumerate() {
            parts.push(text(if index == 0 { " " } else { ", " }));
            parts.push(item);
        }
        if *trailing_comma {
            parts.push(text(","));
        }
        Some(concat(parts))
    }

    /// The offset where a clause's body ends: the next clause, or the statement's limit.
    fn clause_limit(&self, next_clause: Option<usize>, limit: usize) -> usize {
        next_clause.unwrap_or(limit)
    }

    /// Comments before a clause keyword (`else`, `except`...) that its body left: printed
    /// at the clause's own indentation, with the blank lines around them (as ruff, at most
    /// two at the top level and one inside a block).
    fn clause_comments(&self, clause_start: usize) -> Doc {
        let line_start = self.src.text[..clause_start]
            .rfind('\n')
            .map_or(0, |at| at + 1);
        let max_blank = if self.src.column(clause_start) == 0 {
            2
        } else {
            1
        };
        let comments = self.src.take_comments(0, line_start);
        let mut parts = Vec::new();
        let blank_lines = |pos: usize, parts: &mut Vec<Doc>| {
            for _ in 0..=self.src.blank_lines_before(pos).min(max_blank) {
                parts.push(hard());
            }
        };
        for comment in comments {
            blank_lines(comment.start, &mut parts);
            parts.push(text(self.src.comment_text(comment)));
        }
        blank_lines(clause_start, &mut parts);
        concat(parts)
    }

    /// `head:` with its end-of-line comment and its indented body.
    fn header(&self, head: Doc, head_end: usize, body: &[Stmt], limit: usize, depth: usize) -> Doc {
        let colon = self
            .src
            .find_token(head_end, limit, ":")
            .map_or(head_end, |(_, end)| end);
        let comment = self.trailing_comment(colon);
        let suite = self.suite_next.replace(Suite::Other);
        let body_doc = self.block(body, suite, colon, limit, depth);
        concat(vec![
            head,
            text(":"),
            comment,
            indent(concat(vec![hard(), body_doc])),
        ])
    }

    fn loop_stmt(
        &self,
        head: Doc,
        head_end: usize,
        body: &[Stmt],
        orelse: &[Stmt],
        limit: usize,
        depth: usize,
    ) -> Doc {
        let else_at = body
            .last()
            .and_then(|last| self.src.find_token(last.span.end as usize, limit, "else"));
        match (orelse.is_empty(), else_at) {
            (false, Some((else_start, else_end))) => concat(vec![
                self.header(head, head_end, body, else_start, depth),
                self.clause_comments(else_start),
                self.header(text("else"), else_end, orelse, limit, depth),
            ]),
            _ => self.header(head, head_end, body, limit, depth),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn try_stmt(
        &self,
        stmt: &Stmt,
        body: &[Stmt],
        handlers: &[ExceptHandler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
        limit: usize,
        depth: usize,
    ) -> Doc {
        // Each clause: its keyword's offset, its head, where the head ends, its body.
        let mut clauses: Vec<(usize, Doc, usize, &[Stmt])> = Vec::new();
        let try_start = stmt.span.start as usize;
        clauses.push((try_start, text("try"), try_start + 3, body));
        for handler in handlers {
            let start = handler.span.start as usize;
            let mut head = vec![text("except")];
            let mut head_end = start + 6;
            if let Some(kind) = &handler.kind {
                head.push(text(" "));
                head.push(self.value(kind, Place::Header));
                head_end = self.full_span(kind, None).1;
            }
            if let Some(name) = &handler.name {
                head.push(text(format!(" as {}", name.name)));
                head_end = name.span.end as usize;
            }
            clauses.push((start, concat(head), head_end, &handler.body));
        }
        let mut search_from = clauses
            .last()
            .and_then(|(_, _, _, body)| body.last())
            .map_or(try_start, |s| s.span.end as usize);
        if !orelse.is_empty() {
            if let Some((start, end)) = self.src.find_token(search_from, limit, "else") {
                clauses.push((start, text("else"), end, orelse));
                search_from = orelse.last().map_or(end, |s| s.span.end as usize);
            }
        }
        if !finalbody.is_empty() {
            if let Some((start, end)) = self.src.find_token(search_from, limit, "finally") {
                clauses.push((start, text("finally"), end, finalbody));
            }
        }
        let mut parts = Vec::new();
        let count = clauses.len();
        let starts: Vec<usize> = clauses.iter().map(|c| c.0).collect();
        for (index, (start, head, head_end, body)) in clauses.into_iter().enumerate() {
            if index > 0 {
                parts.push(self.clause_comments(start));
            }
            let clause_limit = if index + 1 < count {
                starts[index + 1]
            } else {
                limit
            };
            parts.push(self.header(head, head_end, body, clause_limit, depth));
        }
        concat(parts)
    }

    fn decorators(&self, decorators: &[Expr]) -> Doc {
        let mut parts = Vec::new();
        for decorator in decorators {
            parts.push(text("@"));
            parts.push(self.expr(decorator, None));
            parts.push(self.trailing_comment(self.full_span(decorator, None).1));
            parts.push(hard());
        }
        concat(parts)
    }

    fn function_def(&self, stmt: &Stmt, def: &FunctionDef, limit: usize, depth: usize) -> Doc {
        let name_end = def.name.span.end as usize;
        let open = self
            .src
            .find_token(name_end, limit, "(")
            .map_or(name_end, |(start, _)| start);
        let close = self.src.closing_of(open).unwrap_or(open);
        let items = self.param_items(&def.params);
        let params = self.parameters(Span::new(stmt.span.file, open, close + 1), items);
        let keyword = if def.is_async { "async def " } else { "def " };
        let head = concat(vec![text(format!("{keyword}{}", def.name.name)), params]);
        let mut head_end = close + 1;
        if let Some((_, arrow_end)) = self.src.find_token(head_end, limit, "->") {
            if self.src.find_token(head_end, limit, ":").map(|c| c.0) > Some(arrow_end) {
                head_end = arrow_end;
            }
        }
        let decorators = self.decorators(&def.decorators);
        self.suite_next.set(Suite::Function);
        concat(vec![
            decorators,
            self.header(head, head_end, &def.body, limit, depth),
        ])
    }

    fn class_def(&self, stmt: &Stmt, class: &ClassDef, limit: usize, depth: usize) -> Doc {
        let name_end = class.name.span.end as usize;
        let mut head = vec![text(format!("class {}", class.name.name))];
        let mut head_end = name_end;
        if let Some((open, _)) = self.src.find_token(name_end, name_end + 2, "(") {
            let close = self.src.closing_of(open).unwrap_or(open);
            head_end = close + 1;
            if !class.bases.is_empty() || !self.src.peek_comments(open, close).is_empty() {
                let items = class
                    .bases
                    .iter()
                    .map(|base| self.call_arg_item(base, open))
                    .collect();
                head.push(self.arguments(Span::new(stmt.span.file, open, close + 1), items));
            }
        }
        let decorators = self.decorators(&class.decorators);
        self.suite_next.set(Suite::Class);
        concat(vec![
            decorators,
            self.header(concat(head), head_end, &class.body, limit, depth),
        ])
    }

    fn import_names(&self, span: Span, names: &[NameAlias]) -> Doc {
        let items: Vec<super::expr::Item> = names
            .iter()
            .map(|alias| {
                let mut name = alias.name.name.clone();
                let mut end = alias.name.span.end as usize;
                if let Some(as_name) = &alias.alias {
                    name = format!("{name} as {}", as_name.name);
                    end = as_name.span.end as usize;
                }
                super::expr::Item {
                    start: alias.name.span.start as usize,
                    end,
                    doc: text(name),
                }
            })
            .collect();
        let first = items.first().map_or(span.start as usize, |i| i.start);
        match self.src.prev_token(first) {
            Some((open, tok, _)) if tok.text() == Some("(") => {
                let span = Span::new(span.file, open, span.end as usize);
                // A comment after `(` keeps the parentheses.
                if self.src.peek_trailing_comment(open + 1, first).is_some() {
                    self.bracketed(span, "(", ")", items, Trailing::OneOrMore)
                } else {
                    self.parenthesized_if_breaks(span, items, Trailing::OneOrMore)
                }
            }
            _ => {
                let docs: Vec<Doc> = items.into_iter().map(|i| i.doc).collect();
                let mut parts = Vec::new();
                for (index, doc) in docs.into_iter().enumerate() {
                    if index > 0 {
                        parts.push(text(","));
                        parts.push(soft_or_space());
                    }
                    parts.push(doc);
                }
                group(concat(vec![
                    if_break(text("("), nil()),
                    soft_block_indent(concat(vec![concat(parts), if_break(text(","), nil())])),
                    if_break(text(")"), nil()),
                ]))
            }
        }
    }

    /// A `for` loop's target: without parentheses unless it breaks (a one-item tuple
    /// keeps them).
    fn loop_target(&self, target: &Expr) -> Doc {
        if let ExprKind::Tuple(items) = &target.kind {
            let commented = self.tuple_open(items).is_some_and(|open| {
                self.src
                    .peek_trailing_comment(open + 1, target.span.end as usize)
                    .is_some()
            });
            if !items.is_empty() && !commented && self.parens(target, None).is_empty() {
                return self.bare_tuple(items);
            }
        }
        self.value(target, Place::Header)
    }

    /// `targets = value` (`operator` between each) and the comment after it (the statement
    /// ends at `end`). A value that cannot split is parenthesized when that makes it fit,
    /// its comment inside the parentheses. When the last target has brackets of its own (or
    /// there are several), ruff tries, in order: one line, the value in parentheses, the
    /// last target split.
    fn assignment(&self, targets: &[Expr], operator: &str, value: &Expr, end: usize) -> Doc {
        let Some((last, head)) = targets.split_last() else {
            return self.value(value, Place::Assigned);
        };
        let inlinable = self.is_inlinable(value) && self.parens_without_comments(value);
        // Attribute chains without brackets split no more than names do.
        let unsplittable =
            inlinable || is_attribute_chain(value) && self.parens_without_comments(value);
        let targets_split = !head.is_empty()
            || (matches!(last.kind, ExprKind::Tuple(_))
                || self.has_own_parentheses(last).is_some())
                && !self.is_parenthesized(last);
        let right_to_left = targets_split && unsplittable;
        let left = |this: &Self| {
            let mut parts = Vec::new();
            for target in targets {
                parts.push(this.target(target));
                parts.push(text(operator));
            }
            concat(parts)
        };
        let targets_break = targets
            .iter()
            .any(|target| self.src.forces_break(target.span));
        if !inlinable && !right_to_left {
            let value = if operator == " = " {
                self.assigned_value(value, targets_split)
            } else {
                self.value(value, Place::Assigned)
            };
            let doc = concat(vec![left(self), value]);
            return concat(vec![doc, self.trailing_comment(end)]);
        }
        let comment = self.trailing_comment(end);
        if let Some((merged, expanded)) = self.joinable_string(value) {
            let left = left(self);
            let parenthesized = |doc: Doc, inner_comment: Doc, outer_comment: Doc| {
                concat(vec![
                    left.clone(),
                    text("("),
                    indent(concat(vec![hard(), doc, inner_comment])),
                    hard(),
                    text(")"),
                    outer_comment,
                ])
            };
            let expanded = parenthesized(expanded, nil(), comment.clone());
            if targets_break {
                // After targets that break anyway: joined when it fits after them.
                let joined = concat(vec![left.clone(), merged, comment]);
                return Doc::BestFit(vec![
                    Doc::Fits(Box::new(joined), Fit::FirstAndLast),
                    expanded,
                ]);
            }
            // Joined when that fits (after targets that split, when they do), else one
            // part per line.
            let mut layouts = vec![
                concat(vec![left.clone(), merged.clone(), comment.clone()]),
                parenthesized(merged.clone(), comment.clone(), nil()),
            ];
            if right_to_left {
                let target_split = concat(vec![left.clone(), merged, comment]);
                layouts.push(Doc::Fits(Box::new(target_split), Fit::FirstAndLast));
            }
            layouts.push(expanded);
            return Doc::BestFit(layouts);
        }
        if right_to_left && targets_break {
            // Only the last layout is one where the targets break.
            return concat(vec![left(self), self.expr_bare(value), comment]);
        }
        let [one_line, value_parenthesized, target_split] = self.layouts3(
            || concat(vec![left(self), self.expr_bare(value), comment.clone()]),
            || {
                concat(vec![
                    left(self),
                    text("("),
                    indent(concat(vec![hard(), self.expr_bare(value), comment.clone()])),
                    hard(),
                    text(")"),
                ])
            },
            || concat(vec![left(self), self.expr_bare(value), comment.clone()]),
        );
        // After targets that could split, the value goes in parentheses whenever the
        // line opening them fits; after one name, only when that makes the value fit.
        let value_parenthesized = if right_to_left {
            Doc::Fits(Box::new(value_parenthesized), Fit::Opening)
        } else {
            value_parenthesized
        };
        Doc::BestFit(vec![one_line, value_parenthesized, target_split])
    }

    /// The value of an `=` assignment. A call or subscript breaks inside its brackets
    /// when the line up to them fits, else it goes in parentheses: after targets that could
    /// split always, after a name when the line opening its own brackets then fits.
    fn assigned_value(&self, e: &Expr, targets_split: bool) -> Doc {
        let call_chain = matches!(
            e.kind,
            ExprKind::Call { .. } | ExprKind::Subscript { .. } | ExprKind::Attribute { .. }
        ) && has_own_brackets(e);
        if !call_chain || !self.parens_without_comments(e) {
            return self.value(e, Place::Assigned);
        }
        let [flat, omitted, broken] = self.layouts3(
            || self.expr_bare(e),
            || self.expr_bare(e),
            || self.expr_bare(e),
        );
        let omitted = Doc::Fits(Box::new(omitted), Fit::FirstAndLast);
        if targets_split {
            return Doc::BestFit(vec![flat, omitted, parenthesized_if_breaks(broken)]);
        }
        let parenthesized = concat(vec![
            text("("),
            indent(concat(vec![hard(), broken.clone()])),
            hard(),
            text(")"),
        ]);
        Doc::BestFit(vec![
            flat,
            omitted,
            Doc::Fits(Box::new(parenthesized), Fit::FirstTwo),
            broken,
        ])
    }

    /// Whether the source's parentheses around `e`, if any, hold no comment of their own.
    fn parens_without_comments(&self, e: &Expr) -> bool {
        !self.parens_hold_comments(e)
    }

    /// Values an assignment never splits: names, numbers, single strings (ruff's
    /// `should_inline_comments`).
    fn is_inlinable(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Name(_)
            | ExprKind::None
            | ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Bool(_) => true,
            ExprKind::Str(_) => {
                self.src.string_parts(e.span).len() == 1 || self.joinable_string(e).is_some()
            }
            _ => false,
        }
    }

    /// An assignment target: a bare tuple stays bare.
    fn target(&self, target: &Expr) -> Doc {
        self.for_target(target)
    }

    /// A statement's value, without the redundant parentheses around it, parenthesized
    /// when it must break and has no brackets of its own, as `place` has it.
    fn value(&self, e: &Expr, place: Place) -> Doc {
        let best_fit = matches!(place, Place::Header | Place::Assigned);
        if self.parens_hold_comments(e) {
            return self.expr(e, None);
        }
        if let ExprKind::Tuple(items) = &e.kind {
            if self.is_chain(e) {
                return self.bare_tuple(items);
            }
        }
        let parenthesized = |doc: Doc| {
            group(concat(vec![
                if_break(text("("), nil()),
                soft_block_indent(doc),
                if_break(text(")"), nil()),
            ]))
        };
        let lambda = matches!(e.kind, ExprKind::Lambda { .. });
        if self.is_chain(e) || self.breaks_outside_brackets(e) || lambda {
            // A lambda breaks in its body's parentheses when its head fits (where it
            // may).
            let lambda_hugs = match &e.kind {
                ExprKind::Lambda { body, .. } => {
                    matches!(place, Place::Assigned | Place::Statement)
                        || self.has_own_parentheses(body).is_some()
                }
                _ => false,
            };
            if lambda_hugs || !lambda && self.can_omit_optional_parentheses(e) {
                // Breaking inside its brackets may be enough.
                let [flat, omitted, broken] = self.layouts3(
                    || self.expr_bare(e),
                    || self.with_brackets(true, || self.expr_bare(e)),
                    || self.expr_bare(e),
                );
                return Doc::BestFit(vec![
                    flat,
                    Doc::Fits(Box::new(omitted), Fit::FirstAndLast),
                    parenthesized(broken),
                ]);
            }
            return parenthesized(self.expr_bare(e));
        }
        let bare = self.expr_bare(e);
        if !best_fit || has_own_brackets(e) || self.unary_of_parenthesized(e) {
            return bare;
        }
        Doc::BestFit(vec![
            bare.clone(),
            concat(vec![
                text("("),
                indent(concat(vec![hard(), bare.clone()])),
                hard(),
                text(")"),
            ]),
            bare,
        ])
    }

    /// An assertion's message: parenthesized when it breaks, unless it breaks inside
    /// brackets of its own.
    fn assert_message(&self, e: &Expr) -> Doc {
        if self.is_chain(e) || self.breaks_outside_brackets(e) || has_own_brackets(e) {
            return self.value(e, Place::Clause);
        }
        let bare = self.expr_bare(e);
        group(concat(vec![
            if_break(text("("), nil()),
            soft_block_indent(bare),
            if_break(text(")"), nil()),
        ]))
    }

    /// What `return` returns: a pair gets parentheses only when breaking inside its items
    /// is not enough.
    fn return_value(&self, e: &Expr) -> Doc {
        match &e.kind {
            ExprKind::Tuple(items)
                if items.len() == 2 && self.is_chain(e) && !self.bare_tuple_magic(items) =>
            {
                let [flat, omitted, broken] = self.layouts3(
                    || self.bare_tuple(items),
                    || self.with_brackets(true, || self.chain(e, true)),
                    || self.bare_tuple(items),
                );
                Doc::BestFit(vec![
                    flat,
                    Doc::Fits(Box::new(omitted), Fit::FirstAndLast),
                    broken,
                ])
            }
            _ => self.value(e, Place::Assigned),
        }
    }

    /// `-(a + b)`, `not (a)`: the operand's parentheses are enough (ruff never adds more).
    fn unary_of_parenthesized(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Unary { operand, .. } => {
                self.is_parenthesized(operand)
                    || is_power(operand)
                    || self.unary_of_parenthesized(operand)
            }
            _ => false,
        }
    }

    /// Whether `e`, not a chain itself, holds one that may break where no bracket
    /// encloses it.
    fn breaks_outside_brackets(&self, e: &Expr) -> bool {
        let inner = match &e.kind {
            // A power gets parentheses of its own.
            ExprKind::Unary { operand, .. } if is_power(operand) => return false,
            ExprKind::Unary { operand, .. } => operand,
            // A lambda's body gets parentheses of its own.
            ExprKind::Lambda { .. } => return false,
            ExprKind::Starred(value) | ExprKind::Await(value) | ExprKind::YieldFrom(value) => value,
            ExprKind::Yield(Some(value)) => value,
            _ => return false,
        };
        self.parens(inner, None).is_empty()
            && (self.is_chain(inner) || self.breaks_outside_brackets(inner))
    }

    fn call_arg_item(&self, arg: &Arg, open: usize) -> super::expr::Item {
        let value = arg.value();
        let (start, end) = self.full_span(value, Some(open));
        match arg {
            Arg::Keyword { name, value } => super::expr::Item {
                start: name.span.start as usize,
                end,
                doc: concat(vec![
                    text(format!("{}=", name.name)),
                    self.expr(value, Some(open)),
                ]),
            },
            _ => super::expr::Item {
                start,
                end,
                doc: self.expr(value, Some(open)),
            },
        }
    }
}

/// Whether `e` has brackets it can break inside (a call with arguments, a display...).
fn has_own_brackets(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::List(_)
        | ExprKind::Set(_)
        | ExprKind::Dict(_)
        | ExprKind::ListComp { .. }
        | ExprKind::SetComp { .. }
        | ExprKind::DictComp { .. }
        | ExprKind::Generator { .. } => true,
        ExprKind::Tuple(items) => !items.is_empty(),
        ExprKind::Call { args, func } => !args.is_empty() || has_own_brackets(func),
        ExprKind::Subscript { .. } => true,
        ExprKind::Attribute { value, .. } => has_own_brackets(value),
        ExprKind::Unary { operand, .. } => has_own_brackets(operand),
        _ => false,
    }
}

/// `a.b.c`: names and attributes, nothing that breaks.
fn is_attribute_chain(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Attribute { value, .. } => {
            matches!(value.kind, ExprKind::Name(_)) || is_attribute_chain(value)
        }
        _ => false,
    }
}

fn is_power(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Binary { op: BinOp::Pow, .. })
}

fn join(docs: Vec<Doc>, separator: &str) -> Doc {
    let mut parts = Vec::new();
    for (index, doc) in docs.into_iter().enumerate() {
        if index > 0 {
            parts.push(text(separator));
        }
        parts.push(doc);
    }
    concat(parts)
}
