//! Statements to documents: blank lines between them, comments around them, headers of
//! compound statements, and the optional parentheses of a statement's value.

use super::doc::*;
use super::expr::Trailing;
use super::Formatter;
use crate::ast::*;
use crate::source_map::Span;

/// What a block's statements follow, for the blank-line rules.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Import,
    Def,
    Other,
}

fn kind_of(stmt: &Stmt) -> Kind {
    match &stmt.kind {
        StmtKind::Import(_) | StmtKind::ImportFrom { .. } => Kind::Import,
        StmtKind::FunctionDef(_) | StmtKind::ClassDef(_) => Kind::Def,
        _ => Kind::Other,
    }
}

/// Nesting deeper than this is printed as written.
const MAX_DEPTH: usize = 100;

impl Formatter<'_> {
    pub(super) fn module(&self, module: &Module) -> Doc {
        self.docstring_next.set(true);
        self.block(&module.body, true, 0, self.src.text.len(), 0)
    }

    /// A sequence of statements at one indentation; takes the comments that follow its
    /// last statement at (or deeper than) its column, up to `limit`.
    fn block(&self, stmts: &[Stmt], top: bool, from: usize, limit: usize, depth: usize) -> Doc {
        let mut parts = Vec::new();
        let max_blank = if top { 2 } else { 1 };
        let column = stmts
            .first()
            .map_or(0, |s| self.src.column(s.span.start as usize));
        let mut cursor = from;
        let docstring_block = self.docstring_next.replace(false);
        let mut prev: Option<Kind> = None;
        for (index, stmt) in stmts.iter().enumerate() {
            let start = stmt.span.start as usize;
            let leading = self.src.take_comments(cursor, start);
            let kind = kind_of(stmt);
            let first_pos = leading.first().map_or(start, |c| c.start);
            let blanks = self.src.blank_lines_before(first_pos).min(max_blank);
            let required = match (prev, kind) {
                (None, _) => None,
                (Some(Kind::Def), _) | (Some(_), Kind::Def) => Some(max_blank),
                (Some(Kind::Import), Kind::Other) => Some(blanks.max(1)),
                _ => Some(blanks),
            };
            let mut before = match required {
                None if top => 0,
                None => blanks,
                Some(n) => n,
            };
            if index == 0 && !top && kind == Kind::Def {
                before = 0;
            }
            if index > 0 || !top || before > 0 {
                if index > 0 {
                    parts.push(hard());
                }
                for _ in 0..before {
                    parts.push(hard());
                }
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
                let gap = if kind == Kind::Def && gap > 0 {
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
            match self
                .docstring(stmt, depth)
                .filter(|_| index == 0 && docstring_block)
            {
                Some(doc) => {
                    parts.push(doc);
                    if top && stmts.len() > 1 {
                        // A module docstring is followed by a blank line.
                        prev = Some(Kind::Import);
                        cursor = self.src.line_end(stmt.span.end as usize);
                        continue;
                    }
                }
                None => parts.push(self.stmt_or_verbatim(stmt, next_limit, depth)),
            }
            cursor = self.src.line_end(stmt.span.end as usize);
            prev = Some(kind);
        }
        // Comments after the last statement that belong to this block.
        let trailing = self.src.peek_comments(cursor, limit);
        for comment in trailing {
            if !top && self.src.column(comment.start) < column || !comment.own_line {
                break;
            }
            self.src.take_comments(comment.start, comment.start + 1);
            let gap = self.src.blank_lines_before(comment.start).min(max_blank);
            let gap = if prev == Some(Kind::Def) && top && comment.own_line && column == 0 {
                if self.src.column(comment.start) == 0 {
                    max_blank
                } else {
                    gap
                }
            } else {
                gap
            };
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
    fn stmt_or_verbatim(&self, stmt: &Stmt, limit: usize, depth: usize) -> Doc {
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
            StmtKind::Expr(value) => simple(self.value(value, false)),
            StmtKind::Assign { targets, value } => {
                let mut parts = Vec::new();
                for target in targets {
                    parts.push(self.target(target));
                    parts.push(text(" = "));
                }
                parts.push(self.value(value, true));
                simple(concat(parts))
            }
            StmtKind::AugAssign { target, op, value } => simple(concat(vec![
                self.target(target),
                text(format!(" {}= ", op.symbol())),
                self.value(value, true),
            ])),
            StmtKind::Print {
                dest,
                values,
                trailing_comma,
            } => {
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
                simple(concat(parts))
            }
            StmtKind::Pass => simple(text("pass")),
            StmtKind::Break => simple(text("break")),
            StmtKind::Continue => simple(text("continue")),
            StmtKind::Return(value) => simple(match value {
                Some(value) => concat(vec![text("return "), self.value(value, true)]),
                None => text("return"),
            }),
            StmtKind::Raise { exc, cause } => {
                let mut parts = vec![text("raise")];
                if let Some(exc) = exc {
                    parts.push(text(" "));
                    parts.push(self.value(exc, false));
                }
                if let Some(cause) = cause {
                    parts.push(text(" from "));
                    parts.push(self.value(cause, false));
                }
                simple(concat(parts))
            }
            StmtKind::Assert { test, msg } => {
                let mut parts = vec![text("assert "), self.value(test, false)];
                if let Some(msg) = msg {
                    parts.push(text(", "));
                    parts.push(self.value(msg, false));
                }
                simple(concat(parts))
            }
            StmtKind::Del(targets) => {
                let names: Vec<Doc> = targets.iter().map(|t| self.expr(t, None)).collect();
                simple(concat(vec![text("del "), join(names, ", ")]))
            }
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
                    concat(vec![text("if "), self.value(test, false)]),
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
                            concat(vec![text("elif "), self.value(test, false)]),
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
                    self.for_target(target),
                    text(" in "),
                    self.value(iter, false),
                ]);
                let head_end = self.full_span(iter, None).1;
                self.loop_stmt(head, head_end, body, orelse, limit, depth)
            }
            StmtKind::While { test, body, orelse } => {
                let head = concat(vec![text("while "), self.value(test, false)]);
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

    /// The offset where a clause's body ends: the next clause, or the statement's limit.
    fn clause_limit(&self, next_clause: Option<usize>, limit: usize) -> usize {
        next_clause.unwrap_or(limit)
    }

    /// Comments before a clause keyword (`else`, `except`...) that its body left: printed
    /// at the clause's own indentation.
    fn clause_comments(&self, clause_start: usize) -> Doc {
        let line_start = self.src.text[..clause_start]
            .rfind('\n')
            .map_or(0, |at| at + 1);
        let comments = self.src.take_comments(0, line_start);
        let mut parts = Vec::new();
        for comment in comments {
            parts.push(hard());
            parts.push(text(self.src.comment_text(comment)));
        }
        parts.push(hard());
        concat(parts)
    }

    /// `head:` with its end-of-line comment and its indented body.
    fn header(&self, head: Doc, head_end: usize, body: &[Stmt], limit: usize, depth: usize) -> Doc {
        let colon = self
            .src
            .find_token(head_end, limit, ":")
            .map_or(head_end, |(_, end)| end);
        let comment = self.trailing_comment(colon);
        let body_doc = self.block(body, false, colon, limit, depth);
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
                head.push(self.expr(kind, None));
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
        let params = self.arguments(Span::new(stmt.span.file, open, close + 1), items);
        let keyword = if def.is_async { "async def " } else { "def " };
        let head = concat(vec![text(format!("{keyword}{}", def.name.name)), params]);
        let mut head_end = close + 1;
        if let Some((_, arrow_end)) = self.src.find_token(head_end, limit, "->") {
            if self.src.find_token(head_end, limit, ":").map(|c| c.0) > Some(arrow_end) {
                head_end = arrow_end;
            }
        }
        let decorators = self.decorators(&def.decorators);
        self.docstring_next.set(true);
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
        self.docstring_next.set(true);
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
            Some((open, tok, _)) if tok.text() == Some("(") => self.bracketed(
                Span::new(span.file, open, span.end as usize),
                "(",
                ")",
                items,
                Trailing::IfBreak,
            ),
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

    /// An assignment target: a bare tuple stays bare.
    fn target(&self, target: &Expr) -> Doc {
        self.for_target(target)
    }

    /// A statement's value, without the redundant parentheses around it, parenthesized
    /// when it must break and has no brackets of its own. `best_fit`: parenthesize a long
    /// unsplittable value when that makes it fit (assignments, `return`).
    fn value(&self, e: &Expr, best_fit: bool) -> Doc {
        let parens = self.parens(e, None);
        if let Some(&outer) = parens.last() {
            let close = self.src.closing_of(outer).unwrap_or(outer);
            if !self.src.peek_comments(outer, close).is_empty() {
                return self.expr(e, None);
            }
        }
        if self.is_chain(e) {
            let parenthesized = |chain: Doc| {
                group(concat(vec![
                    if_break(text("("), nil()),
                    soft_block_indent(chain),
                    if_break(text(")"), nil()),
                ]))
            };
            if self.can_omit_parentheses(e) {
                return Doc::BestFit(vec![
                    group(self.chain(e, true)),
                    self.chain(e, false),
                    parenthesized(self.chain(e, true)),
                ]);
            }
            return parenthesized(self.chain(e, true));
        }
        let bare = self.expr_bare(e);
        if !best_fit || has_own_brackets(e) {
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

    /// A chain whose last operand has brackets may break inside them instead.
    fn can_omit_parentheses(&self, e: &Expr) -> bool {
        let last = match &e.kind {
            ExprKind::Binary { left, right, .. } => {
                if matches!(&left.kind, ExprKind::Binary { .. })
                    && self.parens(left, None).is_empty()
                {
                    return false;
                }
                right
            }
            ExprKind::Compare { comparisons, .. } if comparisons.len() == 1 => &comparisons[0].1,
            _ => return false,
        };
        has_own_brackets(last) && !self.is_chain(last)
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
        _ => false,
    }
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
