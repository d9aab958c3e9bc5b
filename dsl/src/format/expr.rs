//! Expressions to documents: parentheses as written, bracketed sequences with magic
//! trailing commas and comments, operator chains that break before operators.
//! Comprehensions are in `comprehension.rs`.

use super::doc::*;
use super::literal::{merge_strings, normalize_number, normalize_string};
use super::source::CommentAt;
use super::Formatter;
use crate::ast::*;
use crate::source_map::Span;

/// One element of a bracketed sequence: where it is and how it prints.
pub struct Item {
    pub start: usize,
    pub end: usize,
    pub doc: Doc,
}

/// How a sequence ends when broken over lines.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Trailing {
    /// A comma after the last item when broken (lists, calls), unless it is the only one.
    IfBreak,
    /// A comma after the last item when broken, even the only one (imported names).
    OneOrMore,
    /// Always a comma (a one-element tuple).
    Always,
    /// Never (a single-item subscript).
    Never,
}

impl Formatter<'_> {
    /// `e`, with the parentheses the source put around it (except the one at `owner`).
    pub fn expr(&self, e: &Expr, owner: Option<usize>) -> Doc {
        let lone_argument_close = self.lone_argument_close.take();
        let parens = self.parens(e, owner);
        let mut doc = if parens.is_empty() {
            self.expr_bare(e)
        } else {
            self.with_brackets(false, || self.expr_bare(e))
        };
        // Nested parentheses print as one pair, as ruff prints them, with the comments
        // they hold outside `e`.
        if let Some(&outer) = parens.last() {
            let close = self.src.closing_of(outer).unwrap_or(outer);
            let (start, end) = (e.span.start as usize, e.span.end as usize);
            let mut head = vec![text("(")];
            let mut inner = Vec::new();
            let mut commented = false;
            if let Some(comment) = self.src.take_trailing_comment(outer + 1, start) {
                head.push(self.line_suffix(comment));
                commented = true;
            }
            for comment in self.src.take_comments(outer + 1, start) {
                inner.push(text(self.src.comment_text(comment)));
                inner.push(hard());
                commented = true;
            }
            inner.push(doc);
            // A call's lone argument takes the comments after it too (as ruff places them).
            let mut after = self
                .src
                .take_comments(end, lone_argument_close.unwrap_or(close).max(close));
            if after.first().is_some_and(|c| !c.own_line) {
                inner.push(self.line_suffix(after.remove(0)));
                commented = true;
            }
            for comment in after {
                inner.push(hard());
                inner.push(text(self.src.comment_text(comment)));
                commented = true;
            }
            head.push(soft_block_indent(concat(inner)));
            head.push(text(")"));
            doc = group_expanded(concat(head), commented);
        }
        doc
    }

    /// An end-of-line comment, as a line suffix.
    pub(super) fn line_suffix(&self, comment: CommentAt) -> Doc {
        Doc::LineSuffix(format!("  {}", self.src.comment_text(comment)))
    }

    /// The opening offsets of the source parentheses around `e`, innermost first.
    pub fn parens(&self, e: &Expr, owner: Option<usize>) -> Vec<usize> {
        let mut opens = self
            .src
            .wrapping_parens(e.span.start as usize, e.span.end as usize);
        opens.retain(|open| Some(*open) != owner);
        opens
    }

    /// The span of `e` with the parentheses around it.
    pub fn full_span(&self, e: &Expr, owner: Option<usize>) -> (usize, usize) {
        let opens = self.parens(e, owner);
        match opens.last() {
            Some(&open) => {
                let close = self.src.closing_of(open).unwrap_or(e.span.end as usize);
                (open, close + 1)
            }
            None => (e.span.start as usize, e.span.end as usize),
        }
    }

    /// `e` without its own parentheses, grouped.
    pub fn expr_bare(&self, e: &Expr) -> Doc {
        if self.is_chain(e) {
            group(self.chain(e, true))
        } else {
            self.atom(e)
        }
    }

    /// Whether `e` is an operator chain (printed by [`Formatter::chain`]).
    pub fn is_chain(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Binary { .. }
            | ExprKind::BoolOp { .. }
            | ExprKind::Compare { .. }
            | ExprKind::IfElse { .. } => true,
            ExprKind::Str(_) => self.src.string_parts(e.span).len() > 1,
            ExprKind::Tuple(items) => !items.is_empty() && self.tuple_open(items).is_none(),
            _ => false,
        }
    }

    /// The offset of the parenthesis opening a parenthesized tuple of `items`.
    pub fn tuple_open(&self, items: &[Expr]) -> Option<usize> {
        let first = self.full_span(items.first()?, None).0;
        let last = self.full_span(items.last()?, None).1;
        let (open, tok, _) = self.src.prev_token(first)?;
        if tok.text() != Some("(") {
            return None;
        }
        let close = self.src.closing_of(open)?;
        let (mut next, tok, end) = self.src.next_token(last)?;
        if tok.text() == Some(",") {
            next = self.src.next_token(end)?.0;
        }
        (next == close).then_some(open)
    }

    /// An implicit concatenation ruff may join: joined, and one part per line.
    pub fn joinable_string(&self, e: &Expr) -> Option<(Doc, Doc)> {
        let parts = self.src.string_parts(e.span);
        if !matches!(e.kind, ExprKind::Str(_)) || parts.len() < 2 {
            return None;
        }
        if !self
            .src
            .peek_comments(e.span.start as usize, e.span.end as usize)
            .is_empty()
        {
            return None;
        }
        let tokens: Vec<&str> = parts.iter().map(|part| self.src.slice(*part)).collect();
        let merged = merge_strings(&tokens)?;
        let mut lines = Vec::new();
        for (index, token) in tokens.iter().enumerate() {
            if index > 0 {
                lines.push(hard());
            }
            lines.push(text(normalize_string(token)));
        }
        Some((text(merged), concat(lines)))
    }

    /// Whether a comma follows the last item of a tuple (a magic one when it has more).
    pub fn bare_tuple_magic(&self, items: &[Expr]) -> bool {
        let last = items.last().map_or(0, |item| self.full_span(item, None).1);
        matches!(
            self.src.next_token(last),
            Some((_, tok, _)) if tok.text() == Some(",")
        )
    }

    /// A tuple without parentheses of its own: they are added when it breaks (a magic
    /// trailing comma breaks it), and always around one item.
    pub fn bare_tuple(&self, items: &[Expr]) -> Doc {
        if let [only] = items {
            let item = concat(vec![self.expr(only, None), text(",")]);
            return group(concat(vec![text("("), soft_block_indent(item), text(")")]));
        }
        let magic = self.bare_tuple_magic(items);
        let mut parts = Vec::new();
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                parts.push(text(","));
                parts.push(soft_or_space());
            }
            parts.push(self.expr(item, None));
        }
        parts.push(if_break(text(","), nil()));
        group_expanded(
            concat(vec![
                if_break(text("("), nil()),
                soft_block_indent(concat(parts)),
                if_break(text(")"), nil()),
            ]),
            magic,
        )
    }

    /// The lines of an operator chain, ungrouped so a caller can put them in its own
    /// group; `breaks` false joins them with plain spaces.
    pub fn chain(&self, e: &Expr, breaks: bool) -> Doc {
        let breaks = breaks && !self.outside_brackets.get();
        let line = || if breaks { soft_or_space() } else { text(" ") };
        match &e.kind {
            ExprKind::Binary { op, .. } => {
                let mut operands = Vec::new();
                let mut ops = Vec::new();
                self.flatten_binary(e, *op, &mut operands, &mut ops);
                let mut parts = vec![self.operand(operands[0])];
                for (index, (op, operand)) in ops.iter().zip(&operands[1..]).enumerate() {
                    if *op == BinOp::Pow
                        && is_simple_power_operand(operands[index])
                        && is_simple_power_operand(operand)
                        && !self.is_parenthesized(operands[index])
                        && !self.is_parenthesized(operand)
                    {
                        // Hugging its operands, but for a line break before it.
                        if breaks {
                            parts.push(soft());
                        }
                        parts.push(if_break(text("** "), text("**")));
                        parts.push(self.operand(operand));
                        continue;
                    }
                    parts.push(line());
                    parts.push(text(format!("{} ", op.symbol())));
                    parts.push(self.operand(operand));
                }
                concat(parts)
            }
            ExprKind::BoolOp { .. } => {
                // `a or b and c` is one chain: every operator breaks with the others.
                let mut operands = Vec::new();
                self.flatten_bool(e, &mut operands);
                let mut parts = Vec::new();
                for (op, operand) in operands {
                    if let Some(op) = op {
                        parts.push(line());
                        parts.push(text(match op {
                            BoolOp::And => "and ",
                            BoolOp::Or => "or ",
                        }));
                    }
                    parts.push(self.operand(operand));
                }
                concat(parts)
            }
            ExprKind::Compare { left, comparisons } => {
                let mut parts = vec![self.operand(left)];
                for (op, right) in comparisons {
                    parts.push(line());
                    parts.push(text(format!("{} ", op.symbol())));
                    parts.push(self.operand(right));
                }
                concat(parts)
            }
            ExprKind::IfElse { test, body, orelse } => {
                // `a if b else c if d else e` is one chain.
                let rest = match &orelse.kind {
                    ExprKind::IfElse { .. } if !self.is_parenthesized(orelse) => {
                        self.chain(orelse, breaks)
                    }
                    _ => self.operand(orelse),
                };
                concat(vec![
                    self.operand(body),
                    line(),
                    text("if "),
                    self.operand(test),
                    line(),
                    text("else "),
                    rest,
                ])
            }
            ExprKind::Str(_) => {
                let parts = self.src.string_parts(e.span);
                let mut docs = Vec::new();
                for (index, part) in parts.iter().enumerate() {
                    if index > 0 {
                        docs.push(line());
                    }
                    docs.push(text(normalize_string(self.src.slice(*part))));
                }
                let tokens: Vec<&str> = parts.iter().map(|part| self.src.slice(*part)).collect();
                let commented = !self
                    .src
                    .peek_comments(e.span.start as usize, e.span.end as usize)
                    .is_empty();
                match merge_strings(&tokens).filter(|_| !commented) {
                    // Joined into one string when that fits.
                    Some(merged) => if_break(concat(docs), text(merged)),
                    None => {
                        // Parts the source puts on lines of their own stay there.
                        let split = parts.windows(2).any(|pair| {
                            self.src.text[pair[0].end as usize..pair[1].start as usize]
                                .contains('\n')
                        });
                        concat(vec![group_expanded(nil(), split), concat(docs)])
                    }
                }
            }
            ExprKind::Tuple(items) => {
                let mut parts = Vec::new();
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        parts.push(text(","));
                        parts.push(line());
                    }
                    parts.push(self.expr(item, None));
                }
                if items.len() == 1 {
                    parts.push(text(","));
                } else if breaks {
                    parts.push(if_break(text(","), nil()));
                }
                concat(parts)
            }
            _ => self.atom(e),
        }
    }

    /// An operand inside a chain: nested chains of other operators get their own group.
    fn operand(&self, e: &Expr) -> Doc {
        self.expr(e, None)
    }

    /// The operands of a boolean chain with the operator before each, through the
    /// boolean operations inside it that have no parentheses (the chain itself may).
    fn flatten_bool<'e>(&self, e: &'e Expr, operands: &mut Vec<(Option<BoolOp>, &'e Expr)>) {
        if let ExprKind::BoolOp { op, values } = &e.kind {
            for (index, value) in values.iter().enumerate() {
                let op = if index == 0 { None } else { Some(*op) };
                self.flatten_bool_operand(value, op, operands);
            }
        }
    }

    fn flatten_bool_operand<'e>(
        &self,
        e: &'e Expr,
        before: Option<BoolOp>,
        operands: &mut Vec<(Option<BoolOp>, &'e Expr)>,
    ) {
        match &e.kind {
            ExprKind::BoolOp { op, values } if !self.is_parenthesized(e) => {
                for (index, value) in values.iter().enumerate() {
                    let op = if index == 0 { before } else { Some(*op) };
                    self.flatten_bool_operand(value, op, operands);
                }
            }
            _ => operands.push((before, e)),
        }
    }

    fn flatten_binary<'e>(
        &self,
        e: &'e Expr,
        op: BinOp,
        operands: &mut Vec<&'e Expr>,
        ops: &mut Vec<BinOp>,
    ) {
        let _ = op;
        if let ExprKind::Binary {
            left,
            op: this,
            right,
        } = &e.kind
        {
            self.flatten_binary_left(left, *this, operands, ops);
            ops.push(*this);
            // `a ** b ** c` is one chain (`**` groups to the right).
            let mut right: &Expr = right;
            while let ExprKind::Binary {
                left,
                op: BinOp::Pow,
                right: next,
            } = &right.kind
            {
                if *this != BinOp::Pow || self.is_parenthesized(right) {
                    break;
                }
                operands.push(left);
                ops.push(BinOp::Pow);
                right = next;
            }
            operands.push(right);
            return;
        }
        operands.push(e);
    }

    fn flatten_binary_left<'e>(
        &self,
        e: &'e Expr,
        op: BinOp,
        operands: &mut Vec<&'e Expr>,
        ops: &mut Vec<BinOp>,
    ) {
        match &e.kind {
            ExprKind::Binary {
                left,
                op: this,
                right,
            } if precedence(*this) == precedence(op)
                && *this != BinOp::Pow
                && self.parens(e, None).is_empty() =>
            {
                self.flatten_binary_left(left, op, operands, ops);
                ops.push(*this);
                operands.push(right);
            }
            _ => operands.push(e),
        }
    }

    /// Everything but operator chains.
    fn atom(&self, e: &Expr) -> Doc {
        if self.has_own_parentheses(e).is_some() {
            // Inside its brackets, chains may break again.
            return self.with_brackets(false, || self.atom_inner(e));
        }
        self.atom_inner(e)
    }

    fn atom_inner(&self, e: &Expr) -> Doc {
        match &e.kind {
            ExprKind::Name(name) => text(name.clone()),
            ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Imaginary(_) => {
                text(normalize_number(self.src.slice(e.span)))
            }
            // Python 2's backquotes (ruff cannot parse them).
            ExprKind::Repr(value) => concat(vec![text("`"), self.expr(value, None), text("`")]),
            ExprKind::Str(_) => match self.src.string_parts(e.span).as_slice() {
                [one] => text(normalize_string(self.src.slice(*one))),
                _ => group(self.chain(e, true)),
            },
            ExprKind::Bool(true) => text("True"),
            ExprKind::Bool(false) => text("False"),
            ExprKind::None => text("None"),
            ExprKind::Ellipsis => text("..."),
            ExprKind::List(items) => self.display(e.span, "[", "]", items, Trailing::IfBreak),
            ExprKind::Set(items) => self.display(e.span, "{", "}", items, Trailing::IfBreak),
            ExprKind::Tuple(items) => {
                if self.is_chain(e) {
                    return group(self.chain(e, true));
                }
                let trailing = if items.len() == 1 {
                    Trailing::Always
                } else {
                    Trailing::IfBreak
                };
                let span = match self.tuple_open(items) {
                    Some(open) => Span::new(e.span.file, open, e.span.end as usize),
                    None => e.span,
                };
                self.display(span, "(", ")", items, trailing)
            }
            ExprKind::Dict(items) => {
                let docs = items
                    .iter()
                    .map(|item| match item {
                        DictItem::Pair { key, value } => {
                            let (start, _) = self.full_span(key, None);
                            let (_, end) = self.full_span(value, None);
                            Item {
                                start,
                                end,
                                doc: concat(vec![
                                    self.expr(key, None),
                                    text(": "),
                                    self.expr(value, None),
                                ]),
                            }
                        }
                        DictItem::Splat(value) => {
                            let (start, end) = self.full_span(value, None);
                            Item {
                                start: self.token_before(start),
                                end,
                                doc: concat(vec![text("**"), self.expr(value, None)]),
                            }
                        }
                    })
                    .collect();
                self.bracketed(e.span, "{", "}", docs, Trailing::IfBreak)
            }
            ExprKind::Starred(value) => concat(vec![text("*"), self.expr(value, None)]),
            ExprKind::ListComp {
                element,
                generators,
            } => self.comprehension(
                e.span,
                ("[", "]"),
                self.comprehension_head(element),
                generators,
            ),
            ExprKind::SetComp {
                element,
                generators,
            } => self.comprehension(
                e.span,
                ("{", "}"),
                self.comprehension_head(element),
                generators,
            ),
            ExprKind::Generator {
                element,
                generators,
            } => {
                let head = self.comprehension_head(element);
                if self.generator_parenthesized(e) {
                    self.comprehension(e.span, ("(", ")"), head, generators)
                } else {
                    self.comprehension_body(head, generators, None).0
                }
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                let head = Item {
                    start: self.full_span(key, None).0,
                    end: self.full_span(value, None).1,
                    doc: concat(vec![
                        self.expr(key, None),
                        text(": "),
                        self.expr(value, None),
                    ]),
                };
                self.comprehension(e.span, ("{", "}"), head, generators)
            }
            ExprKind::Attribute { value, attr } => {
                let mut parts = vec![self.expr(value, None)];
                if matches!(value.kind, ExprKind::Int(_)) && self.parens(value, None).is_empty() {
                    parts.push(text(" "));
                }
                parts.push(text(format!(".{}", attr.name)));
                concat(parts)
            }
            ExprKind::Subscript { value, index } => {
                let (_, value_end) = self.full_span(value, None);
                let open = self
                    .src
                    .find_token(value_end, e.span.end as usize, "[")
                    .map_or(value_end, |(start, _)| start);
                let owner_span = Span::new(e.span.file, open, e.span.end as usize);
                let index_doc = match &index.kind {
                    ExprKind::Tuple(items)
                        if !items.is_empty()
                            && self.parens(index, None).is_empty()
                            && self.tuple_open(items).is_none() =>
                    {
                        let docs = items.iter().map(|item| self.item(item)).collect();
                        let trailing = if items.len() == 1 {
                            Trailing::Always
                        } else {
                            Trailing::IfBreak
                        };
                        // As call arguments, the items first try one line of their own.
                        self.nested_group.set(true);
                        let index = self.bracketed(owner_span, "[", "]", docs, trailing);
                        self.nested_group.set(false);
                        return concat(vec![self.expr(value, None), index]);
                    }
                    _ => self.item(index),
                };
                concat(vec![
                    self.expr(value, None),
                    self.bracketed(owner_span, "[", "]", vec![index_doc], Trailing::Never),
                ])
            }
            ExprKind::Slice { lower, upper, step } => {
                let simple = [lower, upper, step]
                    .into_iter()
                    .flatten()
                    .all(|part| is_simple_slice_part(part));
                let space = |present: bool| text(if !simple && present { " " } else { "" });
                let (start, end) = (e.span.start as usize, e.span.end as usize);
                let after_lower = lower.as_ref().map_or(start, |l| self.full_span(l, None).1);
                let first_colon = self
                    .src
                    .find_token(after_lower, end, ":")
                    .map_or(after_lower, |(_, colon_end)| colon_end);
                let after_upper = upper
                    .as_ref()
                    .map_or(first_colon, |u| self.full_span(u, None).1);
                let second_colon =
                    step.is_some() || self.src.find_token(after_upper, end, ":").is_some();
                let mut parts = Vec::new();
                if let Some(lower) = lower {
                    parts.push(self.expr(lower, None));
                }
                parts.push(space(lower.is_some()));
                parts.push(text(":"));
                parts.push(space(upper.is_some()));
                if let Some(upper) = upper {
                    parts.push(self.expr(upper, None));
                }
                if second_colon {
                    parts.push(space(upper.is_some() || step.is_none()));
                    parts.push(text(":"));
                    parts.push(space(step.is_some()));
                    if let Some(step) = step {
                        parts.push(self.expr(step, None));
                    }
                }
                concat(parts)
            }
            ExprKind::Call { func, args } => {
                let (_, func_end) = self.full_span(func, None);
                let open = self
                    .src
                    .find_token(func_end, e.span.end as usize, "(")
                    .map_or(func_end, |(start, _)| start);
                let owner_span = Span::new(e.span.file, open, e.span.end as usize);
                if let [Arg::Positional(only)] = args.as_slice() {
                    let token = self.src.slice(only.span);
                    let close = self.src.closing_of(open).unwrap_or(open);
                    let is_multiline = matches!(only.kind, ExprKind::Str(_))
                        && token.contains('\n')
                        && token.trim_start_matches(|c: char| c.is_ascii_alphabetic()).starts_with(['"', '\'']) && token.ends_with(['"', '\'']) && triple_quoted(token)
                        && self.src.string_parts(only.span).len() == 1
                        && self.parens(only, Some(open)).is_empty()
                        && self.src.peek_comments(open, e.span.end as usize).is_empty()
                        // Not when the source starts it on a line of its own.
                        && !self.src.text[open + 1..only.span.start as usize].contains('\n')
                        && !self.src.trailing_comma_before(close);
                    if is_multiline {
                        // A lone multi-line string hugs the parentheses.
                        return concat(vec![
                            self.expr(func, None),
                            text("("),
                            self.expr(only, Some(open)),
                            text(")"),
                        ]);
                    }
                }
                let func_doc = self.expr(func, None);
                let close = self.src.closing_of(open).unwrap_or(open);
                if let [Arg::Positional(only)] = args.as_slice() {
                    if !self.parens(only, Some(open)).is_empty()
                        && !self.src.trailing_comma_before(close)
                    {
                        self.lone_argument_close.set(Some(close));
                    }
                }
                let docs = args.iter().map(|arg| self.arg(arg, open)).collect();
                self.lone_argument_close.set(None);
                concat(vec![func_doc, self.arguments(owner_span, docs)])
            }
            ExprKind::Unary { op, operand } => {
                let symbol = match op {
                    UnaryOp::Not => "not ",
                    UnaryOp::Neg => "-",
                    UnaryOp::Pos => "+",
                    UnaryOp::Invert => "~",
                };
                // A power gets parentheses: `-(a**b)`.
                let power = matches!(operand.kind, ExprKind::Binary { op: BinOp::Pow, .. });
                let operand_doc = if power && !self.is_parenthesized(operand) {
                    let inner = self.with_brackets(false, || self.expr(operand, None));
                    group(concat(vec![text("("), soft_block_indent(inner), text(")")]))
                } else {
                    self.expr(operand, None)
                };
                concat(vec![text(symbol), operand_doc])
            }
            ExprKind::Lambda { params, body } => {
                let params_doc = self.params_flat(params);
                let mut parts = vec![text("lambda")];
                if !params_is_empty(params) {
                    parts.push(text(" "));
                    parts.push(params_doc);
                }
                parts.push(text(": "));
                parts.push(self.lambda_body(body));
                concat(parts)
            }
            ExprKind::Yield(value) => match value {
                Some(value) => concat(vec![text("yield "), self.expr(value, None)]),
                None => text("yield"),
            },
            ExprKind::YieldFrom(value) => concat(vec![text("yield from "), self.expr(value, None)]),
            ExprKind::Await(value) => concat(vec![text("await "), self.expr(value, None)]),
            ExprKind::Binary { .. }
            | ExprKind::BoolOp { .. }
            | ExprKind::Compare { .. }
            | ExprKind::IfElse { .. } => group(self.chain(e, true)),
            ExprKind::Error => text(self.src.slice(e.span)),
        }
    }

    /// A lambda's body: in parentheses of its own when it breaks, unless it breaks inside
    /// its brackets: a display's always, a call's or subscript's when the line before
    /// them fits (as ruff prints it).
    fn lambda_body(&self, body: &Expr) -> Doc {
        let call = matches!(
            body.kind,
            ExprKind::Call { .. } | ExprKind::Subscript { .. }
        );
        let display = !call && self.has_own_parentheses(body).is_some();
        // The source's parentheses go (they come back when it breaks), unless they hold
        // a comment, a `yield` needs them or they are around a display.
        if self.is_parenthesized(body) {
            let is_yield = matches!(body.kind, ExprKind::Yield(_) | ExprKind::YieldFrom(_));
            if is_yield || display || self.parens_hold_comments(body) {
                return self.expr(body, None);
            }
        }
        self.with_brackets(false, || {
            if display {
                // It breaks inside its brackets, never in more.
                return self.expr_bare(body);
            }
            if !call {
                return parenthesized_if_breaks(self.expr_bare(body));
            }
            let [flat, omitted, broken] = self.layouts3(
                || self.expr_bare(body),
                || self.expr_bare(body),
                || self.expr_bare(body),
            );
            Doc::BestFit(vec![
                flat,
                Doc::Fits(Box::new(omitted), Fit::FirstAndLast),
                parenthesized_if_breaks(broken),
            ])
        })
    }

    /// Start of the token right before `pos` (a `*` or `**` in front of a value).
    fn token_before(&self, pos: usize) -> usize {
        self.src.prev_token(pos).map_or(pos, |(start, _, _)| start)
    }

    /// An element of a display, with its parentheses.
    pub fn item(&self, e: &Expr) -> Item {
        let (start, end) = self.full_span(e, None);
        let start = if matches!(e.kind, ExprKind::Starred(_)) {
            e.span.start as usize
        } else {
            start
        };
        Item {
            start,
            end,
            doc: self.expr(e, None),
        }
    }

    fn arg(&self, arg: &Arg, open: usize) -> Item {
        let owner = Some(open);
        match arg {
            Arg::Positional(value) => {
                let (start, end) = self.full_span(value, owner);
                Item {
                    start,
                    end,
                    doc: self.expr(value, owner),
                }
            }
            Arg::Keyword { name, value } => {
                let (_, end) = self.full_span(value, owner);
                Item {
                    start: name.span.start as usize,
                    end,
                    doc: concat(vec![
                        text(format!("{}=", name.name)),
                        self.expr(value, owner),
                    ]),
                }
            }
            Arg::Star(value) | Arg::DoubleStar(value) => {
                let (start, end) = self.full_span(value, owner);
                let stars = if matches!(arg, Arg::Star(_)) {
                    "*"
                } else {
                    "**"
                };
                Item {
                    start: self.token_before(start),
                    end,
                    doc: concat(vec![text(stars), self.expr(value, owner)]),
                }
            }
        }
    }

    fn display(&self, span: Span, open: &str, close: &str, items: &[Expr], t: Trailing) -> Doc {
        let docs = items.iter().map(|item| self.item(item)).collect();
        self.bracketed(span, open, close, docs, t)
    }

    /// A `for` target: a tuple without parentheses stays without them.
    pub fn for_target(&self, target: &Expr) -> Doc {
        match &target.kind {
            ExprKind::Tuple(_) if self.is_chain(target) => self.chain(target, false),
            _ => self.expr(target, None),
        }
    }

    /// `open items close` for the bracket pair whose opener starts `span`: flat when it
    /// fits, else one item per line; a magic trailing comma or a comment forces the break.
    pub fn bracketed(
        &self,
        span: Span,
        open: &str,
        close: &str,
        items: Vec<Item>,
        trailing: Trailing,
    ) -> Doc {
        self.brackets(span, (open, close), false, items, trailing)
    }

    /// [`Formatter::bracketed`] for source parentheses printed only when their contents
    /// break (imported names).
    pub fn parenthesized_if_breaks(&self, span: Span, items: Vec<Item>, trailing: Trailing) -> Doc {
        self.brackets(span, ("(", ")"), true, items, trailing)
    }

    fn brackets(
        &self,
        span: Span,
        (open, close): (&str, &str),
        optional: bool,
        items: Vec<Item>,
        trailing: Trailing,
    ) -> Doc {
        let bracket = |s: &str| {
            if optional {
                if_break(text(s), nil())
            } else {
                text(s)
            }
        };
        let open_pos = span.start as usize;
        let close_pos = self
            .src
            .closing_of(open_pos)
            .unwrap_or((span.end as usize).saturating_sub(1));
        let magic = !items.is_empty()
            && matches!(trailing, Trailing::IfBreak | Trailing::OneOrMore)
            && self.src.trailing_comma_before(close_pos);
        let mut expand = magic;
        let mut inner = Vec::new();
        let mut cursor = open_pos + 1;
        // A comment right after the opening bracket stays there (and breaks the brackets,
        // not the items' own group).
        let mut head = vec![bracket(open)];
        let mut head_comment = false;
        let first_item = items.first().map_or(close_pos, |item| item.start);
        if let Some(comment) = self.src.take_trailing_comment(cursor, first_item) {
            head.push(Doc::LineSuffix(format!(
                "  {}",
                self.src.comment_text(comment)
            )));
            head_comment = true;
            cursor = comment.end;
        }
        let count = items.len();
        let starts: Vec<usize> = items.iter().map(|item| item.start).collect();
        for (index, item) in items.into_iter().enumerate() {
            let leading = self.src.take_comments(cursor, item.start);
            for comment in &leading {
                inner.push(text(self.src.comment_text(*comment)));
                inner.push(hard());
                expand = true;
            }
            inner.push(item.doc);
            let next_start = starts.get(index + 1).copied().unwrap_or(close_pos);
            let last = index + 1 == count;
            if last {
                match trailing {
                    Trailing::IfBreak if magic || count > 1 => {
                        inner.push(if_break(text(","), nil()))
                    }
                    Trailing::IfBreak => {}
                    Trailing::OneOrMore => inner.push(if_break(text(","), nil())),
                    Trailing::Always => inner.push(text(",")),
                    Trailing::Never => {}
                }
            } else {
                inner.push(text(","));
            }
            // A comment on the item's line, after its comma.
            let line_end = self.src.line_end(item.end);
            let comments = self
                .src
                .peek_comments(item.end, next_start.min(line_end + 1));
            cursor = item.end;
            if let Some(comment) = comments.first().filter(|c| !c.own_line) {
                self.src.take_comments(comment.start, comment.start + 1);
                inner.push(Doc::LineSuffix(format!(
                    "  {}",
                    self.src.comment_text(*comment)
                )));
                expand = true;
                cursor = comment.end;
            }
            if !last {
                inner.push(soft_or_space());
            }
        }
        let dangling: Vec<CommentAt> = self.src.take_comments(cursor, close_pos);
        if !dangling.is_empty() {
            expand = true;
            for comment in &dangling {
                if !inner.is_empty() {
                    inner.push(hard());
                }
                inner.push(text(self.src.comment_text(*comment)));
            }
        }
        if inner.is_empty() {
            return concat(vec![concat(head), bracket(close)]);
        }
        let inner = if self.nested_group.get() {
            group_expanded(concat(inner), expand)
        } else {
            concat(inner)
        };
        head.push(soft_block_indent(inner));
        head.push(bracket(close));
        group_expanded(concat(head), expand || head_comment)
    }

    /// Call arguments (and parameters): when they break, they first try one line of
    /// their own inside the parentheses.
    ///
    /// Python 2 allows no trailing comma where there is `*args` or `**kwargs`, so none is
    /// added then (ruff, formatting Python 3, adds one): the one place the output differs
    /// from ruff's.
    pub fn arguments(&self, span: Span, items: Vec<Item>) -> Doc {
        let trailing = if self.has_star_item(span, &items) {
            Trailing::Never
        } else {
            Trailing::IfBreak
        };
        self.nested_group.set(true);
        let doc = self.bracketed(span, "(", ")", items, trailing);
        self.nested_group.set(false);
        doc
    }

    /// A function's parameters: as call arguments, but one alone gets a trailing comma
    /// when it breaks (as ruff prints it), unless it is `*args` or `**kwargs`.
    pub fn parameters(&self, span: Span, items: Vec<Item>) -> Doc {
        if items.len() == 1 && !self.has_star_item(span, &items) {
            return self.bracketed(span, "(", ")", items, Trailing::OneOrMore);
        }
        self.arguments(span, items)
    }

    /// Whether an item is `*args` or `**kwargs`: Python 2.7 then allows no trailing comma
    /// at all (`f(*a, b=1,)` is refused too).
    fn has_star_item(&self, span: Span, items: &[Item]) -> bool {
        items.iter().any(|item| {
            self.src
                .slice(Span::new(span.file, item.start, item.end))
                .starts_with('*')
        })
    }

    /// Parameters on one line (lambdas).
    pub fn params_flat(&self, params: &Params) -> Doc {
        let docs: Vec<Doc> = self
            .param_items(params)
            .into_iter()
            .map(|i| i.doc)
            .collect();
        let mut parts = Vec::new();
        for (index, doc) in docs.into_iter().enumerate() {
            if index > 0 {
                parts.push(text(", "));
            }
            parts.push(doc);
        }
        concat(parts)
    }

    /// Each parameter as a sequence item.
    pub fn param_items(&self, params: &Params) -> Vec<Item> {
        let mut items = Vec::new();
        let param = |p: &Param| {
            let (end, doc) = match &p.default {
                Some(default) => {
                    let (_, end) = self.full_span(default, None);
                    let doc = concat(vec![
                        text(format!("{}=", p.name.name)),
                        self.expr(default, None),
                    ]);
                    (end, doc)
                }
                None => (p.name.span.end as usize, text(p.name.name.clone())),
            };
            Item {
                start: p.name.span.start as usize,
                end,
                doc,
            }
        };
        items.extend(params.positional.iter().map(param));
        if let Some(vararg) = &params.vararg {
            items.push(Item {
                start: self.token_before(vararg.span.start as usize),
                end: vararg.span.end as usize,
                doc: text(format!("*{}", vararg.name)),
            });
        } else if params.bare_star {
            let star = params.keyword_only.first().map_or(0, |p| {
                self.token_before(self.token_before(p.name.span.start as usize))
            });
            items.push(Item {
                start: star,
                end: star + 1,
                doc: text("*"),
            });
        }
        items.extend(params.keyword_only.iter().map(param));
        if let Some(kwarg) = &params.kwarg {
            items.push(Item {
                start: self.token_before(kwarg.span.start as usize),
                end: kwarg.span.end as usize,
                doc: text(format!("**{}", kwarg.name)),
            });
        }
        items
    }
}

/// `doc` in parentheses, on lines of its own, when it does not fit on the line.
pub fn parenthesized_if_breaks(doc: Doc) -> Doc {
    group(concat(vec![
        if_break(text("("), nil()),
        soft_block_indent(doc),
        if_break(text(")"), nil()),
    ]))
}

fn params_is_empty(params: &Params) -> bool {
    params.positional.is_empty()
        && params.vararg.is_none()
        && params.keyword_only.is_empty()
        && params.kwarg.is_none()
        && !params.bare_star
}

/// Operands of `**` that print without spaces around it (`x**2`).
fn is_simple_power_operand(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Name(_)
        | ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Bool(_)
        | ExprKind::None => true,
        ExprKind::Unary {
            op: UnaryOp::Neg | UnaryOp::Pos | UnaryOp::Invert,
            operand,
        } => is_simple_power_operand(operand),
        ExprKind::Attribute { value, .. } => is_simple_power_operand(value),
        _ => false,
    }
}

fn is_simple_slice_part(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Name(_)
        | ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_)
        | ExprKind::Bool(_)
        | ExprKind::None
        | ExprKind::Ellipsis => true,
        ExprKind::Unary {
            op: UnaryOp::Neg | UnaryOp::Pos | UnaryOp::Invert,
            operand,
        } => is_simple_slice_part(operand),
        _ => false,
    }
}

/// Binding strength of a binary operator (higher binds tighter).
fn precedence(op: BinOp) -> u8 {
    match op {
        BinOp::BitOr => 1,
        BinOp::BitXor => 2,
        BinOp::BitAnd => 3,
        BinOp::LShift | BinOp::RShift => 4,
        BinOp::Add | BinOp::Sub => 5,
        BinOp::Mul | BinOp::MatMul | BinOp::Div | BinOp::FloorDiv | BinOp::Mod => 6,
        BinOp::Pow => 7,
    }
}

/// Whether a string token is triple-quoted.
fn triple_quoted(token: &str) -> bool {
    let body = token.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    body.starts_with("\"\"\"") || body.starts_with("\'\'\'")
}
