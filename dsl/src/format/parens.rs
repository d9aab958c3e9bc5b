//! When an expression that breaks may do without the parentheses a statement would add
//! around it: ruff's `can_omit_optional_parentheses`, on our tree.

use super::Formatter;
use crate::ast::*;

/// Operator strength as ruff orders it for this rule, weakest binding last.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Precedence {
    None,
    Attribute,
    Exponential,
    BitwiseInversion,
    Multiplicative,
    Additive,
    Shift,
    BitwiseAnd,
    BitwiseXor,
    BitwiseOr,
    Comparator,
    BooleanOperation,
    Conditional,
}

fn binary_precedence(op: BinOp) -> Precedence {
    match op {
        BinOp::Add | BinOp::Sub => Precedence::Additive,
        BinOp::Mul | BinOp::MatMul | BinOp::Div | BinOp::FloorDiv | BinOp::Mod => {
            Precedence::Multiplicative
        }
        BinOp::Pow => Precedence::Exponential,
        BinOp::LShift | BinOp::RShift => Precedence::Shift,
        BinOp::BitOr => Precedence::BitwiseOr,
        BinOp::BitXor => Precedence::BitwiseXor,
        BinOp::BitAnd => Precedence::BitwiseAnd,
    }
}

#[derive(Clone, Copy)]
enum First<'e> {
    None,
    /// The expression starts with a token (`not a`, `lambda: a`).
    Token,
    Expression(&'e Expr),
}

struct Visitor<'f, 'e> {
    formatter: &'f Formatter<'f>,
    max_precedence: Precedence,
    max_precedence_count: usize,
    any_parenthesized: bool,
    last: Option<&'e Expr>,
    first: First<'e>,
}

impl<'e> Visitor<'_, 'e> {
    fn update(&mut self, precedence: Precedence, count: usize) {
        match self.max_precedence.cmp(&precedence) {
            std::cmp::Ordering::Less => {
                self.max_precedence = precedence;
                self.max_precedence_count = count;
            }
            std::cmp::Ordering::Equal => self.max_precedence_count += count,
            std::cmp::Ordering::Greater => {}
        }
    }

    fn set_first(&mut self, first: First<'e>) {
        if matches!(self.first, First::None) {
            self.first = first;
        }
    }

    fn visit(&mut self, e: &'e Expr) {
        self.last = Some(e);
        if self.formatter.is_parenthesized(e) {
            self.any_parenthesized = true;
        } else {
            self.visit_subexpression(e);
        }
        self.set_first(First::Expression(e));
    }

    fn visit_subexpression(&mut self, e: &'e Expr) {
        match &e.kind {
            ExprKind::Dict(_)
            | ExprKind::List(_)
            | ExprKind::Set(_)
            | ExprKind::ListComp { .. }
            | ExprKind::SetComp { .. }
            | ExprKind::DictComp { .. } => {
                self.any_parenthesized = true;
                return;
            }
            ExprKind::Tuple(items) if self.formatter.tuple_open(items).is_some() => {
                self.any_parenthesized = true;
                return;
            }
            ExprKind::Tuple(items) if items.is_empty() => {
                self.any_parenthesized = true;
                return;
            }
            ExprKind::Generator { .. } if self.formatter.generator_parenthesized(e) => {
                self.any_parenthesized = true;
                return;
            }
            ExprKind::BoolOp { values, .. } => {
                self.update(Precedence::BooleanOperation, values.len().saturating_sub(1))
            }
            ExprKind::Binary { op, .. } => self.update(binary_precedence(*op), 1),
            ExprKind::IfElse { .. } => self.update(Precedence::Conditional, 2),
            ExprKind::Compare { comparisons, .. } => {
                self.update(Precedence::Comparator, comparisons.len())
            }
            ExprKind::Call { func, .. } => {
                self.any_parenthesized = true;
                self.visit(func);
                self.last = Some(e);
                return;
            }
            ExprKind::Subscript { value, .. } => {
                self.any_parenthesized = true;
                self.visit(value);
                self.last = Some(e);
                return;
            }
            ExprKind::Attribute { value, .. } => {
                self.visit(value);
                if self.formatter.has_parentheses(value).is_some() {
                    self.update(Precedence::Attribute, 1);
                }
                self.last = Some(e);
                return;
            }
            ExprKind::Tuple(_) | ExprKind::Generator { .. } => {}
            ExprKind::Unary { op, .. } => {
                if *op == UnaryOp::Invert {
                    self.update(Precedence::BitwiseInversion, 1);
                }
                self.set_first(First::Token);
            }
            ExprKind::Lambda { .. }
            | ExprKind::Await(_)
            | ExprKind::Yield(_)
            | ExprKind::YieldFrom(_)
            | ExprKind::Starred(_) => self.set_first(First::Token),
            // Backquotes enclose their value as brackets do.
            ExprKind::Repr(_) => {
                self.any_parenthesized = true;
                return;
            }
            ExprKind::Name(_)
            | ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Imaginary(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::None
            | ExprKind::Ellipsis
            | ExprKind::Slice { .. }
            | ExprKind::Error => return,
        }
        e.for_each_child(&mut |child| self.visit(child));
    }
}

/// Whether an expression's brackets hold something (`f(x)`, not `f()`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OwnParentheses {
    Empty,
    NonEmpty,
}

impl Formatter<'_> {
    /// Whether the source puts parentheses around `e` (not its own: a tuple's are).
    pub fn is_parenthesized(&self, e: &Expr) -> bool {
        !self.parens(e, None).is_empty()
    }

    /// Whether a comment sits inside the source's parentheses around `e` but outside `e`
    /// itself (those parentheses must then stay to hold it).
    pub fn parens_hold_comments(&self, e: &Expr) -> bool {
        let Some(&outer) = self.parens(e, None).last() else {
            return false;
        };
        let close = self.src.closing_of(outer).unwrap_or(outer);
        let (start, end) = (e.span.start as usize, e.span.end as usize);
        !self.src.peek_comments(outer, start).is_empty()
            || !self.src.peek_comments(end, close).is_empty()
    }

    /// Whether a generator expression has its own parentheses (not a lone call argument;
    /// `(a) for a in b` starts with a parenthesis of its element's).
    pub fn generator_parenthesized(&self, e: &Expr) -> bool {
        let (start, end) = (e.span.start as usize, e.span.end as usize);
        self.src.text.as_bytes().get(start) == Some(&b'(')
            && self
                .src
                .closing_of(start)
                .is_some_and(|close| close + 1 == end)
    }

    /// The brackets `e` has of its own (`[1]`, `f(x)`, `(1, 2)`).
    pub fn has_own_parentheses(&self, e: &Expr) -> Option<OwnParentheses> {
        let non_empty = |empty: bool| {
            let comments = !self
                .src
                .peek_comments(e.span.start as usize, e.span.end as usize)
                .is_empty();
            if !empty || comments {
                OwnParentheses::NonEmpty
            } else {
                OwnParentheses::Empty
            }
        };
        match &e.kind {
            ExprKind::ListComp { .. }
            | ExprKind::SetComp { .. }
            | ExprKind::DictComp { .. }
            | ExprKind::Subscript { .. } => Some(OwnParentheses::NonEmpty),
            ExprKind::Generator { .. } if self.generator_parenthesized(e) => {
                Some(OwnParentheses::NonEmpty)
            }
            ExprKind::List(items) | ExprKind::Set(items) => Some(non_empty(items.is_empty())),
            ExprKind::Tuple(items) if self.tuple_open(items).is_some() || items.is_empty() => {
                Some(non_empty(items.is_empty()))
            }
            ExprKind::Dict(items) => Some(non_empty(items.is_empty())),
            ExprKind::Call { args, .. } => Some(non_empty(args.is_empty())),
            _ => None,
        }
    }

    /// [`Formatter::has_own_parentheses`], or the source's parentheses around `e`.
    pub fn has_parentheses(&self, e: &Expr) -> Option<OwnParentheses> {
        let own = self.has_own_parentheses(e);
        if own == Some(OwnParentheses::NonEmpty) {
            return own;
        }
        if self.is_parenthesized(e) {
            return Some(OwnParentheses::NonEmpty);
        }
        own
    }

    /// Whether `e` may go without the parentheses a statement adds when it breaks,
    /// breaking inside brackets of its own instead: at most one operator of its weakest
    /// kind, and brackets that start or end it.
    pub fn can_omit_optional_parentheses(&self, e: &Expr) -> bool {
        let mut visitor = Visitor {
            formatter: self,
            max_precedence: Precedence::None,
            max_precedence_count: 0,
            any_parenthesized: false,
            last: None,
            first: First::None,
        };
        visitor.visit_subexpression(e);
        if !visitor.any_parenthesized || visitor.max_precedence_count > 1 {
            return false;
        }
        if matches!(
            visitor.max_precedence,
            Precedence::None | Precedence::Attribute
        ) {
            return true;
        }
        let parenthesized = |e: &Expr| {
            !matches!(e.kind, ExprKind::Subscript { .. })
                && self.has_parentheses(e) == Some(OwnParentheses::NonEmpty)
        };
        visitor.last.is_some_and(parenthesized)
            || matches!(visitor.first, First::Expression(first) if parenthesized(first))
    }
}
