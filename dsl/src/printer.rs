//! Prints a syntax tree back as Python source that parses into the same tree.
//!
//! The output is canonical rather than faithful to the original layout: one statement per
//! line, 4-space indentation, single-quoted strings, and only the parentheses operator
//! precedence needs. Comments and blank lines are not part of the tree and are lost.
//!
//! Error nodes (left by the parser after a syntax error) cannot be printed faithfully: an
//! erroneous statement prints as `pass  # syntax error`, an erroneous expression as the name
//! `__syntax_error__`, so the output still parses. Trees that no parse can produce (an empty
//! set display, a NaN or negative float literal) print as the nearest valid Python. Neither
//! can a parse produce a `print` statement whose first value starts with `(`, nor `await`
//! before a parenthesised operand: the lexer reads `print (` and `await (` as calls, so such
//! trees print as text that parses into a call.
//!
//! The printer recurses over the tree; the parser's limits on expression depth and block
//! nesting bound how deep that goes for any tree it produced.

use std::fmt::Write as _;

use crate::ast::{
    Arg, BinOp, BoolOp, ClassDef, Comprehension, DictItem, ElifElse, ExceptHandler, Expr, ExprKind,
    FunctionDef, ImportNames, IntValue, Module, Param, Params, Stmt, StmtKind, StrKind, StrLit,
    UnaryOp, WithItem,
};

/// Prints a whole file, one statement per line, ending with a newline (unless empty).
pub fn print_module(module: &Module) -> String {
    let mut printer = Printer::default();
    for stmt in &module.body {
        printer.stmt(stmt);
    }
    printer.out
}

/// Prints one expression, without a trailing newline.
pub fn print_expr(expr: &Expr) -> String {
    let mut printer = Printer::default();
    printer.expr(expr, Prec::Yield);
    printer.out
}

/// How tightly an expression binds, loosest first (Python's precedence table).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Prec {
    /// Only where a bare `yield` is allowed: a statement's whole value.
    Yield,
    /// `test` in Python's grammar: anything but `yield`.
    Lambda,
    IfElse,
    Or,
    And,
    Not,
    Compare,
    BitOr,
    BitXor,
    BitAnd,
    Shift,
    Arith,
    Term,
    Unary,
    Pow,
    Await,
    /// Calls, attributes and subscripts.
    Primary,
    Atom,
}

impl Prec {
    /// The next tighter level: what the right operand of a left-associative operator needs.
    fn tighter(self) -> Prec {
        match self {
            Prec::Yield => Prec::Lambda,
            Prec::Lambda => Prec::IfElse,
            Prec::IfElse => Prec::Or,
            Prec::Or => Prec::And,
            Prec::And => Prec::Not,
            Prec::Not => Prec::Compare,
            Prec::Compare => Prec::BitOr,
            Prec::BitOr => Prec::BitXor,
            Prec::BitXor => Prec::BitAnd,
            Prec::BitAnd => Prec::Shift,
            Prec::Shift => Prec::Arith,
            Prec::Arith => Prec::Term,
            Prec::Term => Prec::Unary,
            Prec::Unary => Prec::Pow,
            Prec::Pow => Prec::Await,
            Prec::Await => Prec::Primary,
            Prec::Primary | Prec::Atom => Prec::Atom,
        }
    }

    fn of_binary(op: BinOp) -> Prec {
        match op {
            BinOp::BitOr => Prec::BitOr,
            BinOp::BitXor => Prec::BitXor,
            BinOp::BitAnd => Prec::BitAnd,
            BinOp::LShift | BinOp::RShift => Prec::Shift,
            BinOp::Add | BinOp::Sub => Prec::Arith,
            BinOp::Mul | BinOp::MatMul | BinOp::Div | BinOp::FloorDiv | BinOp::Mod => Prec::Term,
            BinOp::Pow => Prec::Pow,
        }
    }

    fn of(expr: &Expr) -> Prec {
        match &expr.kind {
            ExprKind::Yield(_) | ExprKind::YieldFrom(_) => Prec::Yield,
            ExprKind::Lambda { .. } => Prec::Lambda,
            ExprKind::IfElse { .. } => Prec::IfElse,
            ExprKind::BoolOp { op: BoolOp::Or, .. } => Prec::Or,
            ExprKind::BoolOp {
                op: BoolOp::And, ..
            } => Prec::And,
            ExprKind::Unary {
                op: UnaryOp::Not, ..
            } => Prec::Not,
            ExprKind::Compare { .. } => Prec::Compare,
            ExprKind::Binary { op, .. } => Prec::of_binary(*op),
            ExprKind::Unary { .. } => Prec::Unary,
            ExprKind::Await(_) => Prec::Await,
            ExprKind::Call { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {
                Prec::Primary
            }
            // A negative float can only be written with a sign, which makes it a unary.
            ExprKind::Float(value) if value.is_sign_negative() => Prec::Unary,
            // Tuples always print in parentheses, starred items and slices only appear where
            // the grammar allows them bare: all of them act as atoms.
            _ => Prec::Atom,
        }
    }
}

#[derive(Default)]
struct Printer {
    out: String,
    indent: usize,
}

impl Printer {
    fn line_start(&mut self) {
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
    }

    fn line_end(&mut self) {
        self.out.push('\n');
    }

    /// Prints `header:` and then the indented block (`pass` if it is empty).
    fn block(&mut self, body: &[Stmt]) {
        self.out.push(':');
        self.line_end();
        self.indent += 1;
        if body.is_empty() {
            self.line_start();
            self.out.push_str("pass");
            self.line_end();
        }
        for stmt in body {
            self.stmt(stmt);
        }
        self.indent -= 1;
    }

    /// Prints an `else:` clause when `orelse` is not empty.
    fn else_block(&mut self, orelse: &[Stmt]) {
        if !orelse.is_empty() {
            self.line_start();
            self.out.push_str("else");
            self.block(orelse);
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        self.line_start();
        match &stmt.kind {
            StmtKind::Expr(value) => self.expr(value, Prec::Yield),
            StmtKind::Assign { targets, value } => {
                for target in targets {
                    self.expr(target, Prec::Lambda);
                    self.out.push_str(" = ");
                }
                self.expr(value, Prec::Yield);
            }
            StmtKind::AugAssign { target, op, value } => {
                self.expr(target, Prec::Lambda);
                let _ = write!(self.out, " {}= ", op.symbol());
                self.expr(value, Prec::Yield);
            }
            StmtKind::Print {
                dest,
                values,
                trailing_comma,
            } => self.print_stmt(dest.as_ref(), values, *trailing_comma),
            StmtKind::Pass => self.out.push_str("pass"),
            StmtKind::Break => self.out.push_str("break"),
            StmtKind::Continue => self.out.push_str("continue"),
            StmtKind::Return(value) => {
                self.out.push_str("return");
                if let Some(value) = value {
                    self.out.push(' ');
                    self.expr(value, Prec::Lambda);
                }
            }
            StmtKind::Raise {
                exc,
                cause,
                value,
                traceback,
            } => {
                self.out.push_str("raise");
                if let Some(exc) = exc {
                    self.out.push(' ');
                    self.expr(exc, Prec::Lambda);
                    for extra in value.iter().chain(traceback) {
                        self.out.push_str(", ");
                        self.expr(extra, Prec::Lambda);
                    }
                    if let Some(cause) = cause {
                        self.out.push_str(" from ");
                        self.expr(cause, Prec::Lambda);
                    }
                }
            }
            StmtKind::Exec {
                code,
                globals,
                locals,
            } => {
                self.out.push_str("exec ");
                self.expr(code, Prec::BitOr);
                if let Some(globals) = globals {
                    self.out.push_str(" in ");
                    self.expr(globals, Prec::Lambda);
                }
                if let Some(locals) = locals {
                    self.out.push_str(", ");
                    self.expr(locals, Prec::Lambda);
                }
            }
            StmtKind::Assert { test, msg } => {
                self.out.push_str("assert ");
                self.expr(test, Prec::Lambda);
                if let Some(msg) = msg {
                    self.out.push_str(", ");
                    self.expr(msg, Prec::Lambda);
                }
            }
            StmtKind::Del(targets) => {
                self.out.push_str("del ");
                self.comma_separated(targets, |p, target| p.expr(target, Prec::Lambda));
            }
            StmtKind::Import(aliases) => {
                self.out.push_str("import ");
                self.comma_separated(aliases, |p, alias| {
                    p.out.push_str(&alias.module.to_dotted_string());
                    if let Some(alias) = &alias.alias {
                        let _ = write!(p.out, " as {}", alias.name);
                    }
                });
            }
            StmtKind::ImportFrom {
                module,
                level,
                names,
            } => {
                self.out.push_str("from ");
                for _ in 0..*level {
                    self.out.push('.');
                }
                if let Some(module) = module {
                    self.out.push_str(&module.to_dotted_string());
                }
                self.out.push_str(" import ");
                match names {
                    ImportNames::Star(_) => self.out.push('*'),
                    ImportNames::Names(names) => self.comma_separated(names, |p, name| {
                        p.out.push_str(&name.name.name);
                        if let Some(alias) = &name.alias {
                            let _ = write!(p.out, " as {}", alias.name);
                        }
                    }),
                }
            }
            StmtKind::Global(names) | StmtKind::Nonlocal(names) => {
                let keyword = match stmt.kind {
                    StmtKind::Global(_) => "global ",
                    _ => "nonlocal ",
                };
                self.out.push_str(keyword);
                self.comma_separated(names, |p, name| p.out.push_str(&name.name));
            }
            StmtKind::If {
                test,
                body,
                elif_else,
            } => return self.if_stmt(test, body, elif_else),
            StmtKind::For {
                is_async,
                target,
                iter,
                body,
                orelse,
            } => {
                if *is_async {
                    self.out.push_str("async ");
                }
                self.out.push_str("for ");
                self.expr(target, Prec::BitOr);
                self.out.push_str(" in ");
                self.expr(iter, Prec::Lambda);
                self.block(body);
                self.else_block(orelse);
                return;
            }
            StmtKind::While { test, body, orelse } => {
                self.out.push_str("while ");
                self.expr(test, Prec::Lambda);
                self.block(body);
                self.else_block(orelse);
                return;
            }
            StmtKind::With {
                is_async,
                items,
                body,
            } => {
                if *is_async {
                    self.out.push_str("async ");
                }
                self.out.push_str("with ");
                self.comma_separated(items, |p, item: &WithItem| {
                    // Python 3.9+ reads `with (a, b):` as two items, Python 2 as one tuple;
                    // `with ((a, b)):` is one tuple in both.
                    if matches!(item.context.kind, ExprKind::Tuple(_)) {
                        p.out.push('(');
                        p.expr(&item.context, Prec::Lambda);
                        p.out.push(')');
                    } else {
                        p.expr(&item.context, Prec::Lambda);
                    }
                    if let Some(target) = &item.target {
                        p.out.push_str(" as ");
                        p.expr(target, Prec::BitOr);
                    }
                });
                self.block(body);
                return;
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => return self.try_stmt(body, handlers, orelse, finalbody),
            StmtKind::FunctionDef(def) => return self.function_def(def),
            StmtKind::ClassDef(class) => return self.class_def(class),
            StmtKind::Error => self.out.push_str("pass  # syntax error"),
        }
        self.line_end();
    }

    fn print_stmt(&mut self, dest: Option<&Expr>, values: &[Expr], trailing_comma: bool) {
        self.out.push_str("print");
        if let Some(dest) = dest {
            self.out.push_str(" >>");
            self.expr(dest, Prec::Lambda);
            for value in values {
                self.out.push_str(", ");
                self.expr(value, Prec::Lambda);
            }
        } else if !values.is_empty() {
            self.out.push(' ');
            self.comma_separated(values, |p, value| p.expr(value, Prec::Lambda));
        }
        // `print >>f,` is no Python, but the parser accepts it; keep the comma so the tree
        // survives.
        if trailing_comma && (dest.is_some() || !values.is_empty()) {
            self.out.push(',');
        }
    }

    fn if_stmt(&mut self, test: &Expr, body: &[Stmt], elif_else: &[ElifElse]) {
        self.out.push_str("if ");
        self.expr(test, Prec::Lambda);
        self.block(body);
        for clause in elif_else {
            self.line_start();
            match &clause.test {
                Some(test) => {
                    self.out.push_str("elif ");
                    self.expr(test, Prec::Lambda);
                }
                None => self.out.push_str("else"),
            }
            self.block(&clause.body);
        }
    }

    fn try_stmt(
        &mut self,
        body: &[Stmt],
        handlers: &[ExceptHandler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
    ) {
        self.out.push_str("try");
        self.block(body);
        for handler in handlers {
            self.line_start();
            self.out.push_str("except");
            if let Some(kind) = &handler.kind {
                self.out.push(' ');
                self.expr(kind, Prec::Lambda);
                if let Some(name) = &handler.name {
                    let _ = write!(self.out, " as {}", name.name);
                }
            }
            self.block(&handler.body);
        }
        self.else_block(orelse);
        // A `try` needs at least one `except` or a `finally`.
        if !finalbody.is_empty() || handlers.is_empty() {
            self.line_start();
            self.out.push_str("finally");
            self.block(finalbody);
        }
    }

    fn decorators(&mut self, decorators: &[Expr]) {
        for decorator in decorators {
            self.out.push('@');
            self.expr(decorator, Prec::Lambda);
            self.line_end();
            self.line_start();
        }
    }

    fn function_def(&mut self, def: &FunctionDef) {
        self.decorators(&def.decorators);
        if def.is_async {
            self.out.push_str("async ");
        }
        let _ = write!(self.out, "def {}(", def.name.name);
        self.params(&def.params, Prec::Lambda);
        self.out.push(')');
        self.block(&def.body);
    }

    fn class_def(&mut self, class: &ClassDef) {
        self.decorators(&class.decorators);
        let _ = write!(self.out, "class {}", class.name.name);
        if !class.bases.is_empty() {
            self.args(&class.bases);
        }
        self.block(&class.body);
    }

    /// Prints a parameter list without its brackets; `default_prec` is what defaults need.
    fn params(&mut self, params: &Params, default_prec: Prec) {
        let mut first = true;
        let mut sep = |p: &mut Printer| {
            if !std::mem::take(&mut first) {
                p.out.push_str(", ");
            }
        };
        let param = |p: &mut Printer, param: &Param| {
            p.out.push_str(&param.name.name);
            if let Some(default) = &param.default {
                p.out.push('=');
                p.expr(default, default_prec);
            }
        };
        for positional in &params.positional {
            sep(self);
            param(self, positional);
        }
        if let Some(vararg) = &params.vararg {
            sep(self);
            let _ = write!(self.out, "*{}", vararg.name);
        } else if params.bare_star || !params.keyword_only.is_empty() {
            sep(self);
            self.out.push('*');
        }
        for keyword_only in &params.keyword_only {
            sep(self);
            param(self, keyword_only);
        }
        if let Some(kwarg) = &params.kwarg {
            sep(self);
            let _ = write!(self.out, "**{}", kwarg.name);
        }
    }

    /// Prints call arguments with their parentheses.
    fn args(&mut self, args: &[Arg]) {
        self.out.push('(');
        self.comma_separated(args, |p, arg| match arg {
            Arg::Positional(value) => p.expr(value, Prec::Lambda),
            Arg::Keyword { name, value } => {
                let _ = write!(p.out, "{}=", name.name);
                p.expr(value, Prec::Lambda);
            }
            Arg::Star(value) => {
                p.out.push('*');
                p.expr(value, Prec::BitOr);
            }
            Arg::DoubleStar(value) => {
                p.out.push_str("**");
                p.expr(value, Prec::BitOr);
            }
        });
        self.out.push(')');
    }

    fn comma_separated<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Printer, &T)) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            each(self, item);
        }
    }

    /// Prints `expr`, in parentheses if it binds looser than `min` allows.
    fn expr(&mut self, expr: &Expr, min: Prec) {
        if Prec::of(expr) < min {
            self.out.push('(');
            self.expr_bare(expr);
            self.out.push(')');
        } else {
            self.expr_bare(expr);
        }
    }

    fn expr_bare(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Name(name) => self.out.push_str(name),
            ExprKind::Int(IntValue::Small(value)) => {
                let _ = write!(self.out, "{value}");
            }
            ExprKind::Int(IntValue::Big(digits)) => self.out.push_str(digits),
            ExprKind::Int(IntValue::Long(digits)) => {
                self.out.push_str(digits);
                self.out.push('L');
            }
            ExprKind::Float(value) => write_float(&mut self.out, *value),
            ExprKind::Imaginary(value) => {
                write_float(&mut self.out, *value);
                self.out.push('j');
            }
            ExprKind::Repr(value) => {
                self.out.push('`');
                self.expr(value, Prec::Lambda);
                self.out.push('`');
            }
            ExprKind::Str(lit) => write_str(&mut self.out, lit),
            ExprKind::Bool(true) => self.out.push_str("True"),
            ExprKind::Bool(false) => self.out.push_str("False"),
            ExprKind::None => self.out.push_str("None"),
            ExprKind::Ellipsis => self.out.push_str("..."),
            ExprKind::List(items) => {
                self.out.push('[');
                self.comma_separated(items, |p, item| p.expr(item, Prec::Lambda));
                self.out.push(']');
            }
            ExprKind::Tuple(items) => {
                self.out.push('(');
                self.comma_separated(items, |p, item| p.expr(item, Prec::Lambda));
                if items.len() == 1 {
                    self.out.push(',');
                }
                self.out.push(')');
            }
            // `{}` would be a dict; only a call can make an empty set.
            ExprKind::Set(items) if items.is_empty() => self.out.push_str("set()"),
            ExprKind::Set(items) => {
                self.out.push('{');
                self.comma_separated(items, |p, item| p.expr(item, Prec::Lambda));
                self.out.push('}');
            }
            ExprKind::Dict(items) => {
                self.out.push('{');
                self.comma_separated(items, |p, item| match item {
                    DictItem::Pair { key, value } => {
                        p.expr(key, Prec::Lambda);
                        p.out.push_str(": ");
                        p.expr(value, Prec::Lambda);
                    }
                    DictItem::Splat(value) => {
                        p.out.push_str("**");
                        p.expr(value, Prec::BitOr);
                    }
                });
                self.out.push('}');
            }
            ExprKind::Starred(value) => {
                self.out.push('*');
                self.expr(value, Prec::BitOr);
            }
            ExprKind::ListComp {
                element,
                generators,
            } => {
                self.out.push('[');
                self.expr(element, Prec::Lambda);
                self.comprehension(generators);
                self.out.push(']');
            }
            ExprKind::SetComp {
                element,
                generators,
            } => {
                self.out.push('{');
                self.expr(element, Prec::Lambda);
                self.comprehension(generators);
                self.out.push('}');
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.out.push('{');
                self.expr(key, Prec::Lambda);
                self.out.push_str(": ");
                self.expr(value, Prec::Lambda);
                self.comprehension(generators);
                self.out.push('}');
            }
            ExprKind::Generator {
                element,
                generators,
            } => {
                self.out.push('(');
                self.expr(element, Prec::Lambda);
                self.comprehension(generators);
                self.out.push(')');
            }
            ExprKind::Attribute { value, attr } => {
                // `1.real` would lex as the float `1.` followed by a name.
                if matches!(value.kind, ExprKind::Int(_) | ExprKind::Float(_)) {
                    self.out.push('(');
                    self.expr_bare(value);
                    self.out.push(')');
                } else {
                    self.expr(value, Prec::Primary);
                }
                let _ = write!(self.out, ".{}", attr.name);
            }
            ExprKind::Subscript { value, index } => {
                self.expr(value, Prec::Primary);
                self.out.push('[');
                self.subscript_index(index);
                self.out.push(']');
            }
            ExprKind::Slice { lower, upper, step } => {
                if let Some(lower) = lower {
                    self.expr(lower, Prec::Lambda);
                }
                self.out.push(':');
                if let Some(upper) = upper {
                    self.expr(upper, Prec::Lambda);
                }
                if let Some(step) = step {
                    self.out.push(':');
                    self.expr(step, Prec::Lambda);
                }
            }
            ExprKind::Call { func, args } => {
                self.expr(func, Prec::Primary);
                self.args(args);
            }
            ExprKind::Unary { op, operand } => {
                let (text, min) = match op {
                    UnaryOp::Not => ("not ", Prec::Not),
                    UnaryOp::Neg => ("-", Prec::Unary),
                    UnaryOp::Pos => ("+", Prec::Unary),
                    UnaryOp::Invert => ("~", Prec::Unary),
                };
                self.out.push_str(text);
                self.expr(operand, min);
            }
            ExprKind::Binary { left, op, right } => {
                let prec = Prec::of_binary(*op);
                // `**` is right-associative and its left operand cannot be a unary.
                let (left_min, right_min) = match op {
                    BinOp::Pow => (Prec::Await, Prec::Unary),
                    _ => (prec, prec.tighter()),
                };
                self.expr(left, left_min);
                let _ = write!(self.out, " {} ", op.symbol());
                self.expr(right, right_min);
            }
            ExprKind::BoolOp { op, values } => {
                let (text, min) = match op {
                    BoolOp::And => (" and ", Prec::Not),
                    BoolOp::Or => (" or ", Prec::And),
                };
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(text);
                    }
                    self.expr(value, min);
                }
            }
            ExprKind::Compare { left, comparisons } => {
                self.expr(left, Prec::BitOr);
                for (op, right) in comparisons {
                    let _ = write!(self.out, " {} ", op.symbol());
                    self.expr(right, Prec::BitOr);
                }
            }
            ExprKind::IfElse { test, body, orelse } => {
                self.expr(body, Prec::Or);
                self.out.push_str(" if ");
                self.expr(test, Prec::Or);
                self.out.push_str(" else ");
                self.expr(orelse, Prec::Lambda);
            }
            ExprKind::Lambda { params, body } => {
                self.out.push_str("lambda");
                if *params.as_ref() != Params::default() {
                    self.out.push(' ');
                    // A lambda default that is itself a lambda reads badly bare.
                    self.params(params, Prec::IfElse);
                }
                self.out.push_str(": ");
                self.expr(body, Prec::Lambda);
            }
            ExprKind::Yield(value) => {
                self.out.push_str("yield");
                if let Some(value) = value {
                    self.out.push(' ');
                    self.expr(value, Prec::Lambda);
                }
            }
            ExprKind::YieldFrom(value) => {
                self.out.push_str("yield from ");
                self.expr(value, Prec::Lambda);
            }
            ExprKind::Await(value) => {
                self.out.push_str("await ");
                self.expr(value, Prec::Primary);
            }
            ExprKind::Error => self.out.push_str("__syntax_error__"),
        }
    }

    /// A subscript index: a tuple prints bare (`x[1, 2:3]`) since slices cannot be in
    /// parentheses; the empty tuple needs its `()`.
    fn subscript_index(&mut self, index: &Expr) {
        match &index.kind {
            ExprKind::Tuple(items) if !items.is_empty() => {
                self.comma_separated(items, |p, item| p.expr(item, Prec::Lambda));
                if items.len() == 1 {
                    self.out.push(',');
                }
            }
            _ => self.expr(index, Prec::Lambda),
        }
    }

    fn comprehension(&mut self, generators: &[Comprehension]) {
        for generator in generators {
            self.out.push_str(if generator.is_async {
                " async for "
            } else {
                " for "
            });
            self.expr(&generator.target, Prec::BitOr);
            self.out.push_str(" in ");
            self.expr(&generator.iter, Prec::Or);
            for condition in &generator.ifs {
                self.out.push_str(" if ");
                self.expr(condition, Prec::Or);
            }
        }
    }
}

/// Writes a float so it lexes back to the same `f64`: Rust's shortest round-trip digits,
/// which always have a `.` or an exponent. Infinity is written as an overflowing literal.
fn write_float(out: &mut String, value: f64) {
    if value.is_nan() {
        // No literal is NaN; this at least evaluates to one.
        out.push_str("(1e999 - 1e999)");
    } else if value.is_infinite() {
        out.push_str(if value > 0.0 { "1e999" } else { "-1e999" });
    } else {
        let _ = write!(out, "{value:?}");
    }
}

/// Writes a single-quoted literal whose decoded value is `lit.value`.
fn write_str(out: &mut String, lit: &StrLit) {
    out.push_str(match lit.kind {
        StrKind::Str => "'",
        StrKind::Unicode => "u'",
        StrKind::Bytes => "b'",
    });
    for c in lit.value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii_control() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
}

#[cfg(test)]
mod tests;
