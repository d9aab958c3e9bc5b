//! Python 2.7's grammar and compile-time rules where they are narrower than the parser's.
//!
//! The grammar (`grammar.lalrpop`) takes the union of Python 2.7 and the Python 3 that
//! configs and editors meet, so the formatter and the language server handle both. Real
//! Aurora runs configs as Python 2.7, so what 2.7 rejects is reported here, with the place
//! Python 2.7 points at and its message ([`PythonError`]): Python 3 syntax (found by
//! 2.7's parser), and the errors 2.7 finds after parsing (building the tree, `__future__`
//! imports, scopes, code generation), each tagged with the stage that finds it.
//!
//! Every diagnostic here has the code [`codes::NOT_PYTHON2`] when it is Python 3 syntax,
//! [`codes::COMPILE`] for what Python rejects after parsing, [`codes::SYNTAX`] otherwise.

use crate::ast::{
    Arg, DictItem, ExceptHandler, Expr, ExprKind, FunctionDef, ImportNames, Module, Params, Stmt,
    StmtKind,
};
use crate::diagnostic::{codes, Code, Diagnostic, PythonError, PythonStage};
use crate::lexer::Spanned;
use crate::source_map::{FileId, Span};
use crate::token::Tok;

/// The features `from __future__ import` knows in Python 2.7.
const FUTURE_FEATURES: &[&str] = &[
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
];

/// Diagnostics for tokens Python 2.7's parser would stop at, and the spans of all tokens
/// (for [`check_tree`] to point at).
pub(super) fn check_tokens(
    text: &str,
    tokens: &[Spanned<'_>],
    print_function: bool,
    file: FileId,
) -> (Vec<Diagnostic>, Vec<(usize, usize)>) {
    let spans: Vec<(usize, usize)> = tokens
        .iter()
        .map(|(start, _, end)| (*start, *end))
        .collect();
    let mut checker = Checker {
        spans: &spans,
        file,
        out: Vec::new(),
        depth: 0,
        unoptimized: false,
    };
    checker.tokens(text, tokens, print_function);
    let diagnostics = checker.out;
    (diagnostics, spans)
}

/// Diagnostics for what Python 2.7 rejects in a tree the parser built without errors;
/// `spans` are the file's token spans, from [`check_tokens`].
pub(super) fn check_tree(
    spans: &[(usize, usize)],
    module: &Module,
    file: FileId,
) -> Vec<Diagnostic> {
    let mut checker = Checker {
        spans,
        file,
        out: Vec::new(),
        depth: 0,
        unoptimized: false,
    };
    checker.future_imports(&module.body);
    let mut scope = Scope::module();
    checker.block(&module.body, &mut scope);
    // The symbol table's rule is about those statements only: most files have none.
    if checker.unoptimized {
        checker.out.extend(super::python2_scopes::check(module));
    }
    checker.out
}

struct Checker<'a> {
    /// Every token's byte range, in order.
    spans: &'a [(usize, usize)],
    file: FileId,
    out: Vec<Diagnostic>,
    /// How many blocks enclose the statement being checked (1: the module's own).
    depth: usize,
    /// Whether an unqualified `exec` or an `import *` is below the module level, where
    /// the symbol table's rule for them applies.
    unoptimized: bool,
}

/// What a statement is inside, for the rules that depend on it.
#[derive(Clone)]
struct Scope {
    kind: ScopeKind,
    /// Inside a `for` or `while` body (not its `else`), in this function.
    in_loop: bool,
    /// Inside a `finally` block, within the innermost loop.
    in_finally: bool,
    /// For functions: a `yield` and a `return value` seen so far (symtable's order).
    saw_yield: bool,
    saw_return_value: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ScopeKind {
    Module,
    Class,
    Function,
}

impl Scope {
    fn module() -> Scope {
        Scope {
            kind: ScopeKind::Module,
            in_loop: false,
            in_finally: false,
            saw_yield: false,
            saw_return_value: false,
        }
    }

    fn nested(kind: ScopeKind) -> Scope {
        Scope {
            kind,
            ..Scope::module()
        }
    }
}

impl Checker<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn report(&mut self, code: Code, span: Span, message: &str, python: PythonError) {
        let label = if python.message == "invalid syntax" {
            "not Python 2.7"
        } else {
            "here"
        };
        let mut diagnostic = Diagnostic::error(code, message, span, label).with_python(python);
        if code == codes::NOT_PYTHON2 {
            diagnostic = diagnostic.with_note(
                "Aurora evaluates configs as Python 2.7, which does not have this syntax",
            );
        }
        self.out.push(diagnostic);
    }

    /// Python 3 syntax, rejected by Python 2.7's parser at `span`.
    fn python3(&mut self, span: Span, what: &str) {
        let message = format!("invalid syntax: {what} is Python 3 syntax");
        self.report(
            codes::NOT_PYTHON2,
            span,
            &message,
            PythonError::syntax("invalid syntax"),
        );
    }

    /// An error of a stage after parsing, with Python's message as ours.
    fn later(&mut self, stage: PythonStage, span: Span, message: &str) {
        self.report(
            codes::COMPILE,
            span,
            message,
            PythonError::syntax(message).at_stage(stage),
        );
    }

    /// The span of the first token starting at or after `offset`.
    fn token_at(&self, offset: usize) -> Span {
        let index = self.spans.partition_point(|(start, _)| *start < offset);
        let (start, end) = self.spans[index.min(self.spans.len() - 1)];
        self.span(start, end)
    }

    /// The span of the last token ending at or before `offset`.
    fn token_before(&self, offset: usize) -> Span {
        let index = self.spans.partition_point(|(_, end)| *end <= offset);
        let (start, end) = self.spans[index.saturating_sub(1)];
        self.span(start, end)
    }

    // --- Token checks ---------------------------------------------------------------------

    fn tokens(&mut self, text: &str, tokens: &[Spanned<'_>], print_function: bool) {
        // For each open bracket: whether it is a `[` that subscripts the value before it.
        let mut brackets: Vec<bool> = Vec::new();
        // For each open bracket: for a `(`, whether its last item is `**kwargs`, after
        // which Python 2.7's grammar takes nothing, not even a comma. (Checked on the
        // tokens so that it holds in statements the parser had to skip.)
        let mut after_double_star: Vec<Option<bool>> = Vec::new();
        // For each open `(`: whether it has held `*args` or `**kwargs`, after which Python
        // 2.7 allows no trailing comma (`f(*a, b=1,)` is refused too).
        let mut star_seen: Vec<bool> = Vec::new();
        for (index, (start, token, end)) in tokens.iter().enumerate() {
            let span = self.span(*start, *end);
            let previous = index.checked_sub(1).map(|i| &tokens[i].1);
            let next = tokens.get(index + 1);
            match token {
                Tok::LSqb => {
                    brackets.push(previous.is_some_and(ends_operand));
                    after_double_star.push(None);
                }
                Tok::LPar => {
                    brackets.push(false);
                    after_double_star.push(Some(false));
                    star_seen.push(false);
                }
                Tok::LBrace => {
                    brackets.push(false);
                    after_double_star.push(None);
                }
                Tok::RPar => {
                    brackets.pop();
                    after_double_star.pop();
                    star_seen.pop();
                }
                Tok::RSqb | Tok::RBrace => {
                    brackets.pop();
                    after_double_star.pop();
                }
                Tok::DoubleStar | Tok::Star
                    if matches!(previous, Some(Tok::LPar | Tok::Comma))
                        && after_double_star.last().is_some_and(Option::is_some) =>
                {
                    if let Some(seen) = star_seen.last_mut() {
                        *seen = true;
                    }
                    if matches!(token, Tok::DoubleStar) {
                        if let Some(Some(flag)) = after_double_star.last_mut() {
                            *flag = true;
                        }
                    }
                }
                Tok::Comma
                    if star_seen.last() == Some(&true)
                        && matches!(next.map(|t| &t.1), Some(Tok::RPar)) =>
                {
                    self.python3(span, "a comma after `*args` or `**kwargs`");
                }
                Tok::Comma if after_double_star.last() == Some(&Some(true)) => {
                    self.python3(span, "an argument after `**kwargs`");
                    if let Some(Some(flag)) = after_double_star.last_mut() {
                        *flag = false;
                    }
                }
                // The end of a lambda's parameters (`f(lambda **kw: 1, 2)`).
                Tok::Colon => {
                    if let Some(Some(flag)) = after_double_star.last_mut() {
                        *flag = false;
                    }
                    if let Some(seen) = star_seen.last_mut() {
                        *seen = false;
                    }
                }
                Tok::Ellipsis => {
                    let in_subscript = brackets.last() == Some(&true);
                    let item_starts = matches!(previous, Some(Tok::LSqb | Tok::Comma));
                    let item_ends = matches!(next.map(|t| &t.1), Some(Tok::RSqb | Tok::Comma));
                    if !(in_subscript && item_starts && item_ends) {
                        self.python3(span, "`...` outside a subscript");
                    }
                }
                Tok::Name("print") if !print_function => {
                    // `print` is a keyword in Python 2.7 without `print_function`.
                    self.report(
                        codes::NOT_PYTHON2,
                        span,
                        "invalid syntax: `print` is a keyword in Python 2.7",
                        PythonError::syntax("invalid syntax"),
                    );
                }
                // `exec` is a keyword in Python 2.7: only `exec(...)` as a statement reads
                // the same in both Pythons.
                Tok::Name("exec")
                    if !(matches!(
                        previous,
                        None | Some(
                            Tok::Newline | Tok::Indent | Tok::Dedent | Tok::Semi | Tok::Colon
                        )
                    ) && matches!(next.map(|t| &t.1), Some(Tok::LPar))) =>
                {
                    self.report(
                        codes::NOT_PYTHON2,
                        span,
                        "invalid syntax: `exec` is a keyword in Python 2.7",
                        PythonError::syntax("invalid syntax"),
                    );
                }
                Tok::Async | Tok::Await | Tok::Nonlocal => {
                    // Plain names in Python 2.7: the parser fails on what follows.
                    let at = next.map_or(span, |(s, _, e)| self.span(*s, *e));
                    let what = match token {
                        Tok::Async => "`async`",
                        Tok::Await => "`await`",
                        _ => "`nonlocal`",
                    };
                    self.python3(at, what);
                }
                Tok::At
                    if !matches!(
                        previous,
                        None | Some(Tok::Newline | Tok::Indent | Tok::Dedent)
                    ) =>
                {
                    self.python3(span, "the `@` operator");
                }
                Tok::AtEqual => self.python3(span, "`@=`"),
                // Python 2.7 reads `1_000` as `1` followed by the name `_000`.
                Tok::Int(_) | Tok::Float(_) | Tok::Imaginary(_)
                    if text[*start..*end].contains('_') =>
                {
                    // `0x_ff`: Python 2.7's tokenizer wants a digit right after the prefix.
                    let lower = text[*start..*end].to_ascii_lowercase();
                    let bad_prefix = ["0x_", "0o_", "0b_"].iter().any(|p| lower.starts_with(p));
                    let message = if bad_prefix {
                        "invalid token"
                    } else {
                        "invalid syntax"
                    };
                    self.report(
                        codes::NOT_PYTHON2,
                        span,
                        "invalid syntax: `_` in a number is Python 3 syntax",
                        PythonError::syntax(message),
                    );
                }
                _ => {}
            }
        }
    }

    // --- `from __future__` ----------------------------------------------------------------

    fn future_imports(&mut self, body: &[Stmt]) {
        let mut at_start = true;
        for (index, stmt) in body.iter().enumerate() {
            let is_docstring = index == 0
                && matches!(
                    &stmt.kind,
                    StmtKind::Expr(Expr {
                        kind: ExprKind::Str(_),
                        ..
                    })
                );
            match &stmt.kind {
                StmtKind::ImportFrom {
                    module: Some(module),
                    level: 0,
                    names,
                } if module.to_dotted_string() == "__future__" => {
                    if !at_start {
                        self.later(
                            PythonStage::Future,
                            stmt.span,
                            "from __future__ imports must occur at the beginning of the file",
                        );
                        continue;
                    }
                    if let crate::ast::ImportNames::Names(names) = names {
                        for alias in names {
                            let feature = alias.name.name.as_str();
                            if feature == "braces" {
                                self.later(PythonStage::Future, stmt.span, "not a chance");
                            } else if !FUTURE_FEATURES.contains(&feature) {
                                let message = format!("future feature {feature} is not defined");
                                self.later(PythonStage::Future, stmt.span, &message);
                            }
                        }
                    }
                }
                _ if is_docstring => {}
                _ => at_start = false,
            }
        }
    }

    // --- The tree -------------------------------------------------------------------------

    fn block(&mut self, body: &[Stmt], scope: &mut Scope) {
        self.depth += 1;
        for stmt in body {
            self.stmt(stmt, scope);
        }
        self.depth -= 1;
    }

    fn stmt(&mut self, stmt: &Stmt, scope: &mut Scope) {
        match &stmt.kind {
            StmtKind::Expr(value) => {
                self.unoptimized |=
                    scope.kind != ScopeKind::Module && crate::scopes::is_bare_exec_call(value);
                self.expr(value, scope)
            }
            StmtKind::Assign { targets, value } => {
                for target in targets {
                    self.target(target, scope);
                }
                self.expr(value, scope);
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.target(target, scope);
                self.expr(value, scope);
            }
            StmtKind::Print {
                dest,
                values,
                trailing_comma,
            } => {
                if dest.is_some() && values.is_empty() && *trailing_comma {
                    // `print >>f,`: Python 2.7 wants a value after the comma.
                    let at = self.token_at(stmt.span.end as usize);
                    self.report(
                        codes::SYNTAX,
                        at,
                        "invalid syntax: `print >>file,` needs a value after the comma",
                        PythonError::syntax("invalid syntax"),
                    );
                }
                for value in dest.iter().chain(values) {
                    self.expr(value, scope);
                }
            }
            StmtKind::Exec {
                code,
                globals,
                locals,
            } => {
                self.unoptimized |= globals.is_none() && scope.kind != ScopeKind::Module;
                for part in std::iter::once(code).chain(globals).chain(locals) {
                    self.expr(part, scope);
                }
            }
            StmtKind::Pass | StmtKind::Import(_) | StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::ImportFrom {
                module: Some(module),
                level: 0,
                ..
            } if self.depth > 1 && module.to_dotted_string() == "__future__" => {
                self.later(
                    PythonStage::Future,
                    stmt.span,
                    "from __future__ imports must occur at the beginning of the file",
                );
            }
            StmtKind::ImportFrom { names, .. } => {
                self.unoptimized |=
                    matches!(names, ImportNames::Star(_)) && scope.kind != ScopeKind::Module;
            }
            StmtKind::Break => {
                if !scope.in_loop {
                    self.later(PythonStage::Compile, stmt.span, "'break' outside loop");
                }
            }
            StmtKind::Continue => {
                if !scope.in_loop {
                    self.later(
                        PythonStage::Compile,
                        stmt.span,
                        "'continue' not properly in loop",
                    );
                } else if scope.in_finally {
                    self.later(
                        PythonStage::Compile,
                        stmt.span,
                        "'continue' not supported inside 'finally' clause",
                    );
                }
            }
            StmtKind::Return(value) => {
                if let Some(value) = value {
                    self.expr(value, scope);
                    if scope.kind == ScopeKind::Function {
                        if scope.saw_yield {
                            self.later(
                                PythonStage::Symtable,
                                stmt.span,
                                "'return' with argument inside generator",
                            );
                        }
                        scope.saw_return_value = true;
                    }
                }
                if scope.kind != ScopeKind::Function {
                    self.later(PythonStage::Compile, stmt.span, "'return' outside function");
                }
            }
            StmtKind::Raise {
                exc,
                cause,
                value,
                traceback,
            } => {
                for part in exc.iter().chain(value).chain(traceback) {
                    self.expr(part, scope);
                }
                if let Some(cause) = cause {
                    let from = self.token_before(cause.span.start as usize);
                    self.python3(from, "`raise ... from ...`");
                    self.expr(cause, scope);
                }
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test, scope);
                if let Some(msg) = msg {
                    self.expr(msg, scope);
                }
            }
            StmtKind::Del(targets) => {
                for target in targets {
                    self.target(target, scope);
                }
            }
            StmtKind::If {
                test,
                body,
                elif_else,
            } => {
                self.expr(test, scope);
                self.block(body, scope);
                for clause in elif_else {
                    if let Some(test) = &clause.test {
                        self.expr(test, scope);
                    }
                    self.block(&clause.body, scope);
                }
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.target(target, scope);
                self.expr(iter, scope);
                self.loop_body(body, scope);
                self.block(orelse, scope);
            }
            StmtKind::While { test, body, orelse } => {
                self.expr(test, scope);
                self.loop_body(body, scope);
                self.block(orelse, scope);
            }
            StmtKind::With { items, body, .. } => {
                for item in items {
                    self.expr(&item.context, scope);
                    if let Some(target) = &item.target {
                        self.target(target, scope);
                    }
                }
                self.block(body, scope);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.block(body, scope);
                self.handlers(body, handlers, scope);
                self.block(orelse, scope);
                let in_finally = std::mem::replace(&mut scope.in_finally, true);
                self.block(finalbody, scope);
                scope.in_finally = in_finally;
            }
            StmtKind::FunctionDef(def) => self.function(def, scope),
            StmtKind::ClassDef(class) => {
                for decorator in &class.decorators {
                    self.decorator(decorator, scope);
                }
                for base in &class.bases {
                    match base {
                        Arg::Positional(value) => self.expr(value, scope),
                        Arg::Keyword { name, .. } => {
                            let at = self.token_at(name.span.end as usize);
                            self.python3(at, "a keyword in the bases of a class");
                        }
                        Arg::Star(value) | Arg::DoubleStar(value) => {
                            let at = self.token_before(value.span.start as usize);
                            self.python3(at, "unpacking in the bases of a class");
                        }
                    }
                }
                let mut inner = Scope::nested(ScopeKind::Class);
                self.block(&class.body, &mut inner);
            }
            StmtKind::Error => {}
        }
    }

    fn loop_body(&mut self, body: &[Stmt], scope: &mut Scope) {
        let saved = (scope.in_loop, scope.in_finally);
        scope.in_loop = true;
        scope.in_finally = false;
        self.block(body, scope);
        (scope.in_loop, scope.in_finally) = saved;
    }

    fn handlers(&mut self, body: &[Stmt], handlers: &[ExceptHandler], scope: &mut Scope) {
        for (index, handler) in handlers.iter().enumerate() {
            if handler.kind.is_none() && index + 1 < handlers.len() {
                // CPython reports it at the line of the last statement it compiled: the
                // end of the `try` body (or of the handler before).
                let before = match index {
                    0 => body,
                    _ => &handlers[index - 1].body[..],
                };
                let at = last_compiled(before).unwrap_or(handler.span);
                self.later(PythonStage::Compile, at, "default 'except:' must be last");
            }
            if let Some(kind) = &handler.kind {
                self.expr(kind, scope);
            }
            self.block(&handler.body, scope);
        }
    }

    fn function(&mut self, def: &FunctionDef, scope: &mut Scope) {
        for decorator in &def.decorators {
            self.decorator(decorator, scope);
        }
        self.params(&def.params, scope);
        let mut inner = Scope::nested(ScopeKind::Function);
        self.block(&def.body, &mut inner);
    }

    /// Python 2.7's decorators are a dotted name, optionally called once.
    fn decorator(&mut self, decorator: &Expr, scope: &mut Scope) {
        let (dotted, called) = match &decorator.kind {
            ExprKind::Call { func, args } => {
                for arg in args {
                    self.expr(arg.value(), scope);
                }
                (&**func, true)
            }
            _ => (decorator, false),
        };
        if let Some(bad_end) = first_not_dotted(dotted) {
            let at = self.token_at(bad_end);
            self.python3(at, "a decorator that is not a dotted name");
            return;
        }
        let _ = called;
    }

    fn params(&mut self, params: &Params, scope: &mut Scope) {
        for default in params.defaults() {
            self.expr(default, scope);
        }
        if params.bare_star {
            // `*` must name its tuple in Python 2.7: the error is at what follows it.
            let star_end = params
                .keyword_only
                .first()
                .map(|param| self.token_before(param.name.span.start as usize));
            if let Some(comma) = star_end {
                self.python3(comma, "a bare `*` in parameters");
            }
        } else if let Some(first) = params.keyword_only.first() {
            self.python3(first.name.span, "a keyword-only parameter");
        }
    }

    /// An assignment, `for` or `del` target: its parts are expressions too.
    fn target(&mut self, target: &Expr, scope: &mut Scope) {
        match &target.kind {
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for item in items {
                    if let ExprKind::Starred(inner) = &item.kind {
                        self.python3(self.star_of(item), "`*` in an assignment target");
                        self.target(inner, scope);
                    } else {
                        self.target(item, scope);
                    }
                }
            }
            ExprKind::Starred(inner) => {
                self.python3(self.star_of(target), "`*` in an assignment target");
                self.target(inner, scope);
            }
            _ => self.expr(target, scope),
        }
    }

    /// The `*` token of a starred expression.
    fn star_of(&self, starred: &Expr) -> Span {
        self.token_at(starred.span.start as usize)
    }

    fn expr(&mut self, expr: &Expr, scope: &mut Scope) {
        match &expr.kind {
            ExprKind::Starred(inner) => {
                self.python3(self.star_of(expr), "`*` in a display");
                self.expr(inner, scope);
                return;
            }
            ExprKind::Dict(items) => {
                for item in items {
                    match item {
                        DictItem::Pair { key, value } => {
                            self.expr(key, scope);
                            self.expr(value, scope);
                        }
                        DictItem::Splat(value) => {
                            let at = self.token_before(value.span.start as usize);
                            self.python3(at, "`**` in a dict display");
                            self.expr(value, scope);
                        }
                    }
                }
                return;
            }
            ExprKind::Call { func, args } => {
                self.expr(func, scope);
                self.call_args(args, scope);
                return;
            }
            ExprKind::Yield(value) => {
                self.yield_in(expr.span, scope);
                if let Some(value) = value {
                    self.expr(value, scope);
                }
                return;
            }
            ExprKind::YieldFrom(value) => {
                let yield_token = self.token_at(expr.span.start as usize);
                let from = self.token_at(yield_token.end as usize);
                self.python3(from, "`yield from`");
                self.expr(value, scope);
                return;
            }
            ExprKind::Lambda { params, body } => {
                self.params(params, scope);
                let mut inner = Scope::nested(ScopeKind::Function);
                self.expr(body, &mut inner);
                return;
            }
            ExprKind::Generator { .. } => {
                // A generator expression is a function scope of its own in Python 2.7.
                let mut inner = Scope::nested(ScopeKind::Function);
                expr.for_each_child(&mut |child| self.expr(child, &mut inner));
                return;
            }
            _ => {}
        }
        expr.for_each_child(&mut |child| self.expr(child, scope));
    }

    fn yield_in(&mut self, span: Span, scope: &mut Scope) {
        if scope.kind != ScopeKind::Function {
            self.later(PythonStage::Symtable, span, "'yield' outside function");
            return;
        }
        if scope.saw_return_value && !scope.saw_yield {
            self.later(
                PythonStage::Symtable,
                span,
                "'return' with argument inside generator",
            );
        }
        scope.saw_yield = true;
    }

    /// Python 2.7's argument list: positional, then keywords, then `*args` (followed only by
    /// keywords), then `**kwargs`, last. (The parser reports what Python 3 rejects too.)
    fn call_args(&mut self, args: &[Arg], scope: &mut Scope) {
        let mut seen_star = false;
        let mut seen_keyword = false;
        let mut positional_after_star = false;
        let mut stopped = false;
        for (index, arg) in args.iter().enumerate() {
            self.expr(arg.value(), scope);
            if stopped {
                continue;
            }
            match arg {
                // Nothing may follow `**kwargs`, not even a comma: the token checks say so.
                Arg::DoubleStar(_) => stopped = index + 1 < args.len(),
                Arg::Star(value) => {
                    if seen_star {
                        let at = self.token_before(value.span.start as usize);
                        self.python3(at, "a second `*args`");
                        stopped = true;
                    }
                    seen_star = true;
                }
                Arg::Keyword { .. } => seen_keyword = true,
                Arg::Positional(value) => {
                    // Python's parser takes this, and fails on a second `*args` after it
                    // before its tree builder gets here: keep looking.
                    if seen_star && !seen_keyword && !positional_after_star {
                        self.later(
                            PythonStage::Ast,
                            value.span,
                            "only named arguments may follow *expression",
                        );
                        positional_after_star = true;
                    }
                }
            }
        }
    }
}

/// The last statement of `body` CPython compiles, where its line number stands after
/// compiling `body` (a nested function or class body is compiled on its own).
fn last_compiled(body: &[Stmt]) -> Option<Span> {
    let last = body.last()?;
    let inner: Option<&[Stmt]> = match &last.kind {
        StmtKind::If {
            body, elif_else, ..
        } => Some(
            elif_else
                .last()
                .map_or(&body[..], |clause| &clause.body[..]),
        ),
        StmtKind::For { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
            Some(if orelse.is_empty() { body } else { orelse })
        }
        StmtKind::With { body, .. } => Some(body),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => Some(if !finalbody.is_empty() {
            finalbody
        } else if !orelse.is_empty() {
            orelse
        } else {
            handlers
                .last()
                .map_or(&body[..], |handler| &handler.body[..])
        }),
        _ => None,
    };
    inner.and_then(last_compiled).or(Some(last.span))
}

/// Where a decorator stops being `name.name...`: the offset of the first token that is
/// not part of a dotted name, or `None` if all of it is.
fn first_not_dotted(expr: &Expr) -> Option<usize> {
    match &expr.kind {
        ExprKind::Name(_) => None,
        ExprKind::Attribute { value, .. } => first_not_dotted(value),
        ExprKind::Call { func, .. } => first_not_dotted(func).or(Some(func.span.end as usize)),
        ExprKind::Subscript { value, .. } => {
            first_not_dotted(value).or(Some(value.span.end as usize))
        }
        _ => Some(expr.span.start as usize),
    }
}

/// Whether a `[` after this token subscripts (rather than starts a list display).
fn ends_operand(token: &Tok<'_>) -> bool {
    matches!(
        token,
        Tok::Name(_)
            | Tok::Int(_)
            | Tok::Float(_)
            | Tok::Str { .. }
            | Tok::RPar
            | Tok::RSqb
            | Tok::RBrace
            | Tok::None
            | Tok::True
            | Tok::False
    )
}
