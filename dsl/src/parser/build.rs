//! Node builders called from the grammar's actions.
//!
//! The grammar accepts some things more broadly than Python does (any expression on the
//! left of `=`, arguments and parameters in any order); the checks that Python's own
//! grammar or compiler makes there live here, each reported as a diagnostic while the
//! node is still built, so one mistake never hides the rest of the file.

// The grammar hands over boxed items (see `ParseState::stmt`): boxing keeps LALRPOP's
// stack entries small, which is most of the parser's speed.
#![allow(clippy::vec_box, clippy::boxed_local)]

use std::collections::HashSet;
use std::convert::Infallible;

use lalrpop_util::{ErrorRecovery, ParseError};

use crate::ast::*;
use crate::diagnostic::{codes, Diagnostic, PythonError, PythonStage};
use crate::source_map::{FileId, Span};
use crate::token::Tok;

/// Expressions nested deeper than this are refused, so that no later recursive walk over
/// the tree (printing, evaluation, dropping it) can exhaust the stack.
pub const MAX_EXPR_DEPTH: u32 = 200;

/// Parser state threaded through every action.
pub struct ParseState<'src> {
    file: FileId,
    /// Diagnostics from the checks in this module.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Syntax errors the parser recovered from, turned into diagnostics after parsing.
    pub(crate) recovered: Vec<ErrorRecovery<usize, Tok<'src>, Infallible>>,
    too_deep_reported: bool,
}

/// Whether a comma-separated list ended with a comma (`(a,)` is a tuple, `(a)` is not).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Trailing {
    No,
    Comma,
}

impl Trailing {
    pub fn is_trailing(self) -> bool {
        self == Trailing::Comma
    }
}

/// One entry of a parameter list, before its order is checked.
pub enum ParamItem {
    Plain(Ident, Option<Expr>),
    /// Python 2's tuple parameter: its pattern, and its default.
    Tuple(Expr, Option<Expr>),
    /// `*name` or a bare `*` (with the span of the `*`).
    Star(Option<Ident>, Span),
    DoubleStar(Ident, Span),
}

/// One entry of an argument list, before its order is checked.
pub enum ArgItem {
    Arg(Arg),
    /// `f(x for x in y)`: a generator that is only allowed as the sole argument.
    BareGenerator(Expr),
}

/// A `for` or `if` clause after the first `for` of a comprehension.
pub enum CompClause {
    For(Box<Comprehension>),
    If(Expr),
}

#[derive(Clone, Copy)]
pub enum ComprehensionKind {
    List,
    Set,
    Dict,
    Generator,
}

/// Where an expression is used as a target, for the wording of errors.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TargetUse {
    Assign,
    AugAssign,
    Del,
    For,
    With,
}

impl<'src> ParseState<'src> {
    pub fn new(file: FileId) -> ParseState<'src> {
        ParseState {
            file,
            diagnostics: Vec::new(),
            recovered: Vec::new(),
            too_deep_reported: false,
        }
    }

    /// `key=value` in a call: `key` must be a name (Python 2.7's `True`/`False` are names).
    pub fn keyword_argument(&mut self, key: Expr, value: Expr) -> Arg {
        let name = match &key.kind {
            ExprKind::Name(name) => name.clone(),
            ExprKind::Bool(flag) => if *flag { "True" } else { "False" }.to_string(),
            _ => {
                let python = match &key.kind {
                    ExprKind::None => "cannot assign to None",
                    ExprKind::Lambda { .. } => "lambda cannot contain assignment",
                    _ => "keyword can't be an expression",
                };
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::SYNTAX,
                        format!("{python}: the name of a keyword argument must be a name"),
                        key.span,
                        "not a name",
                    )
                    .with_python(PythonError::syntax(python).at_stage(PythonStage::Ast)),
                );
                return Arg::Positional(value);
            }
        };
        Arg::Keyword {
            name: Ident {
                name,
                span: key.span,
            },
            value,
        }
    }

    pub fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    /// Builds an expression node, refusing trees deeper than [`MAX_EXPR_DEPTH`].
    pub fn expr(&mut self, kind: ExprKind, start: usize, end: usize) -> Expr {
        let span = self.span(start, end);
        let expr = Expr::new(kind, span);
        if expr.depth() <= MAX_EXPR_DEPTH {
            return expr;
        }
        if !self.too_deep_reported {
            self.too_deep_reported = true;
            self.diagnostics.push(
                Diagnostic::error(
                    codes::TOO_DEEP,
                    format!("expression nested too deeply (the limit is {MAX_EXPR_DEPTH} levels)"),
                    span,
                    "this expression is too deeply nested",
                )
                .with_help("split it into several assignments"),
            );
        }
        // The subtree is at most one level over the limit, so dropping it is safe.
        Expr::new(ExprKind::Error, span)
    }

    /// Statements are boxed while parsing to keep the parser's stack entries small.
    pub fn stmt(&mut self, kind: StmtKind, start: usize, end: usize) -> Box<Stmt> {
        Box::new(Stmt {
            kind,
            span: self.span(start, end),
        })
    }

    /// Records a syntax error the parser recovered from; the statement becomes an error node.
    pub fn recover(&mut self, recovery: ErrorRecovery<usize, Tok<'src>, Infallible>) -> Box<Stmt> {
        let (start, mut end) = match &recovery.error {
            ParseError::UnrecognizedToken { token, .. } | ParseError::ExtraToken { token } => {
                (token.0, token.2)
            }
            ParseError::InvalidToken { location }
            | ParseError::UnrecognizedEof { location, .. } => (*location, *location),
            ParseError::User { error } => match *error {},
        };
        if let Some(last) = recovery.dropped_tokens.last() {
            end = end.max(last.2);
        }
        self.recovered.push(recovery);
        self.stmt(StmtKind::Error, start, end)
    }

    /// Reports a block indented under a line that opens no block.
    pub fn unexpected_indent(&mut self, previous: &[Stmt], start: usize, end: usize) {
        // After a statement that failed to parse (a broken `def` line, say) the indented
        // block is expected, and the real error was already reported.
        if previous
            .last()
            .is_some_and(|stmt| matches!(stmt.kind, StmtKind::Error))
        {
            return;
        }
        let span = self.span(start, end);
        self.diagnostics.push(
            Diagnostic::error(
                codes::INDENTATION,
                "unexpected indent",
                span,
                "this line is indented more than the one before it",
            )
            .with_help("indent a line only to start the block of a statement that ends with `:`")
            .with_python(PythonError::indentation("unexpected indent")),
        );
    }

    pub fn assign(&mut self, first: Expr, rest: Vec<Expr>, start: usize, end: usize) -> Box<Stmt> {
        let mut exprs = Vec::with_capacity(rest.len() + 1);
        exprs.push(first);
        exprs.extend(rest);
        let value = exprs
            .pop()
            .expect("an assignment has a value after its last `=`");
        let targets = exprs
            .into_iter()
            .map(|target| self.target(target, TargetUse::Assign))
            .collect();
        self.stmt(StmtKind::Assign { targets, value }, start, end)
    }

    pub fn aug_assign(
        &mut self,
        target: Expr,
        op: BinOp,
        value: Expr,
        start: usize,
        end: usize,
    ) -> Box<Stmt> {
        let target = self.target(target, TargetUse::AugAssign);
        self.stmt(StmtKind::AugAssign { target, op, value }, start, end)
    }

    /// A name being bound by a `def`, `class`, parameter, import or `except`: Python
    /// 2.7's tree builder refuses `None`.
    pub fn bound_name(&mut self, name: Ident) -> Ident {
        if name.name == "None" {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::INVALID_TARGET,
                    "cannot assign to None",
                    name.span,
                    "not assignable",
                )
                .with_python(ast_error("cannot assign to None")),
            );
        }
        name
    }

    /// `from m import a, b,`: Python 2.7's grammar takes the comma, its tree builder
    /// does not.
    pub fn import_trailing_comma(
        &mut self,
        names: Vec<Box<NameAlias>>,
        start: usize,
        end: usize,
    ) -> ImportNames {
        self.diagnostics.push(
            Diagnostic::error(
                codes::SYNTAX,
                "trailing comma not allowed without surrounding parentheses",
                self.span(start, end),
                "trailing comma",
            )
            .with_help("put the imported names in parentheses, or remove the comma")
            .with_python(ast_error(
                "trailing comma not allowed without surrounding parentheses",
            )),
        );
        ImportNames::Names(unbox(names))
    }

    /// Checks that `expr` can be assigned to (or deleted); reports it otherwise.
    pub fn target(&mut self, mut expr: Expr, usage: TargetUse) -> Expr {
        python2_names(&mut expr);
        if usage != TargetUse::Del {
            if let Some(span) = none_attribute(&expr) {
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::INVALID_TARGET,
                        "cannot assign to None",
                        span,
                        "not assignable",
                    )
                    .with_python(ast_error("cannot assign to None")),
                );
                return expr;
            }
        }
        if let Some((span, problem)) = invalid_target(&expr, usage, false) {
            let verb = match usage {
                TargetUse::Del => "delete",
                TargetUse::AugAssign => "augment-assign to",
                _ => "assign to",
            };
            let message = match problem {
                TargetProblem::Is(what) => format!("cannot {verb} {what}"),
                TargetProblem::Message(message) => message.to_string(),
            };
            let python = python2_target_error(&expr, span, usage);
            let help = match usage {
                TargetUse::Del => "`del` takes names, attributes (`a.b`) and subscripts (`a[0]`)",
                TargetUse::AugAssign => "an augmented assignment needs a name, an attribute or a subscript on its left",
                _ if matches!(expr.kind, ExprKind::Compare { .. }) => "to compare values, use `==` in an expression",
                _ => "only names, attributes (`a.b`), subscripts (`a[0]`) and tuples or lists of them can be assigned to",
            };
            let mut diagnostic =
                Diagnostic::error(codes::INVALID_TARGET, message, span, "not assignable")
                    .with_help(help);
            if let Some(python) = python {
                diagnostic = diagnostic.with_python(python);
            }
            self.diagnostics.push(diagnostic);
        }
        expr
    }

    pub fn decorate(
        &mut self,
        decorators: Vec<Expr>,
        mut stmt: Box<Stmt>,
        start: usize,
    ) -> Box<Stmt> {
        match &mut stmt.kind {
            StmtKind::FunctionDef(def) => def.decorators = decorators,
            StmtKind::ClassDef(class) => class.decorators = decorators,
            _ => unreachable!("the grammar only decorates `def` and `class`"),
        }
        stmt.span = self.span(start, stmt.span.end as usize);
        stmt
    }

    pub fn make_async(&mut self, mut stmt: Box<Stmt>, start: usize) -> Box<Stmt> {
        match &mut stmt.kind {
            StmtKind::FunctionDef(def) => def.is_async = true,
            StmtKind::For { is_async, .. } | StmtKind::With { is_async, .. } => *is_async = true,
            _ => unreachable!("the grammar only puts `async` before `def`, `for` and `with`"),
        }
        stmt.span = self.span(start, stmt.span.end as usize);
        stmt
    }

    /// A compound statement spans from its keyword to the end of its last block.
    pub fn compound(&mut self, kind: StmtKind, start: usize) -> Box<Stmt> {
        let end = last_block(&kind)
            .and_then(|block| block.last())
            .map_or(start, |stmt| stmt.span.end as usize);
        self.stmt(kind, start, end)
    }

    pub fn elif_else(
        &mut self,
        test: Option<Expr>,
        body: Vec<Stmt>,
        start: usize,
    ) -> Box<ElifElse> {
        let end = body.last().map_or(start, |stmt| stmt.span.end as usize);
        Box::new(ElifElse {
            test,
            body,
            span: self.span(start, end),
        })
    }

    pub fn except_handler(
        &mut self,
        kind: Option<Expr>,
        name: Option<Ident>,
        body: Vec<Stmt>,
        start: usize,
    ) -> Box<ExceptHandler> {
        let end = body.last().map_or(start, |stmt| stmt.span.end as usize);
        Box::new(ExceptHandler {
            kind,
            name,
            body,
            span: self.span(start, end),
        })
    }

    pub fn function_def(
        &mut self,
        name: Ident,
        params: Vec<Box<ParamItem>>,
        returns: Option<Expr>,
        body: Vec<Stmt>,
        start: usize,
    ) -> Box<Stmt> {
        if let Some(annotation) = returns {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::NOT_PYTHON2,
                    "return annotations are not supported",
                    annotation.span,
                    "annotation",
                )
                .with_note("Aurora evaluates configs as Python 2.7, which has no annotations")
                .with_python(PythonError::syntax("invalid syntax")),
            );
        }
        let params = self.params(params);
        let def = FunctionDef {
            is_async: false,
            decorators: Vec::new(),
            name,
            params,
            body,
        };
        self.compound(StmtKind::FunctionDef(Box::new(def)), start)
    }

    pub fn class_def(
        &mut self,
        name: Ident,
        bases: Vec<Box<ArgItem>>,
        body: Vec<Stmt>,
        start: usize,
    ) -> Box<Stmt> {
        let bases = self.args(bases);
        let class = ClassDef {
            decorators: Vec::new(),
            name,
            bases,
            body,
        };
        self.compound(StmtKind::ClassDef(Box::new(class)), start)
    }

    pub fn lambda(
        &mut self,
        params: Vec<Box<ParamItem>>,
        body: Expr,
        start: usize,
        end: usize,
    ) -> Expr {
        let params = Box::new(self.params(params));
        self.expr(
            ExprKind::Lambda {
                params,
                body: Box::new(body),
            },
            start,
            end,
        )
    }

    pub fn bool_op(
        &mut self,
        op: BoolOp,
        first: Expr,
        rest: Vec<Expr>,
        start: usize,
        end: usize,
    ) -> Expr {
        let mut values = Vec::with_capacity(rest.len() + 1);
        values.push(first);
        values.extend(rest);
        self.expr(ExprKind::BoolOp { op, values }, start, end)
    }

    pub fn unary(&mut self, op: UnaryOp, operand: Expr, start: usize, end: usize) -> Expr {
        let operand = Box::new(operand);
        self.expr(ExprKind::Unary { op, operand }, start, end)
    }

    pub fn binary(&mut self, left: Expr, op: BinOp, right: Expr, start: usize, end: usize) -> Expr {
        let kind = ExprKind::Binary {
            left: Box::new(left),
            op,
            right: Box::new(right),
        };
        self.expr(kind, start, end)
    }

    pub fn call(&mut self, func: Expr, args: Vec<Box<ArgItem>>, start: usize, end: usize) -> Expr {
        let args = self.args(args);
        self.expr(
            ExprKind::Call {
                func: Box::new(func),
                args,
            },
            start,
            end,
        )
    }

    /// Joins adjacent string literals into one, as Python does.
    pub fn string(&mut self, parts: Vec<(Box<str>, StrKind)>, start: usize, end: usize) -> Expr {
        let kind = if parts.iter().any(|(_, kind)| *kind == StrKind::Unicode) {
            StrKind::Unicode
        } else if parts.iter().all(|(_, kind)| *kind == StrKind::Bytes) {
            StrKind::Bytes
        } else {
            StrKind::Str
        };
        let mut parts = parts.into_iter();
        let mut value = parts
            .next()
            .map(|(value, _)| value.into_string())
            .unwrap_or_default();
        for (part, _) in parts {
            value.push_str(&part);
        }
        self.expr(ExprKind::Str(StrLit { value, kind }), start, end)
    }

    /// `(a)` (just `a`: parentheses leave no node), `(a,)` or `(a, b)`.
    pub fn parenthesized(
        &mut self,
        (items, trailing): (Vec<Expr>, Trailing),
        start: usize,
        end: usize,
    ) -> Expr {
        if items.len() == 1 && !trailing.is_trailing() {
            return items.into_iter().next().expect("checked: one item");
        }
        self.expr(ExprKind::Tuple(items), start, end)
    }

    pub fn comprehension(
        &mut self,
        kind: ComprehensionKind,
        element: Expr,
        value: Option<Expr>,
        generators: Vec<Comprehension>,
        start: usize,
        end: usize,
    ) -> Expr {
        let element = Box::new(element);
        let kind = match (kind, value) {
            (ComprehensionKind::Dict, Some(value)) => ExprKind::DictComp {
                key: element,
                value: Box::new(value),
                generators,
            },
            (ComprehensionKind::List, _) => ExprKind::ListComp {
                element,
                generators,
            },
            (ComprehensionKind::Set, _) => ExprKind::SetComp {
                element,
                generators,
            },
            (ComprehensionKind::Generator | ComprehensionKind::Dict, _) => ExprKind::Generator {
                element,
                generators,
            },
        };
        self.expr(kind, start, end)
    }

    /// `a, b` is a tuple, `a,` too, `a` is just `a`.
    pub fn tuple_or_single(&mut self, items: (Vec<Expr>, Trailing), start: usize) -> Expr {
        let end = items.0.last().map_or(start, |item| item.span.end as usize);
        self.parenthesized(items, start, end)
    }

    /// The target list of a `for` loop or comprehension clause.
    pub fn for_target(&mut self, items: (Vec<Expr>, Trailing), start: usize) -> Expr {
        let target = self.tuple_or_single(items, start);
        self.target(target, TargetUse::For)
    }

    /// Orders and checks parameters as Python's grammar does.
    fn params(&mut self, items: Vec<Box<ParamItem>>) -> Params {
        let mut params = Params::default();
        let mut seen_names = HashSet::new();
        let mut star_span: Option<Span> = None;
        let mut kwarg_span: Option<Span> = None;
        let mut default_seen = false;
        for item in unbox(items) {
            // A tuple parameter is a positional one Python 2 names `.N`, unpacked on entry.
            let (item, unpack) = match item {
                ParamItem::Tuple(pattern, default) => {
                    for name in pattern_names(&pattern) {
                        self.check_duplicate_param(&mut seen_names, &name);
                    }
                    let name = Ident {
                        name: format!(".{}", params.positional.len()),
                        span: pattern.span,
                    };
                    (ParamItem::Plain(name, default), Some(pattern))
                }
                other => (other, None),
            };
            if let Some(kwarg) = kwarg_span {
                let span = match &item {
                    ParamItem::Plain(name, _) => name.span,
                    ParamItem::Tuple(pattern, _) => pattern.span,
                    ParamItem::Star(_, span) | ParamItem::DoubleStar(_, span) => *span,
                };
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::ARGUMENT_ORDER,
                        "parameters cannot follow `**kwargs`",
                        span,
                        "this parameter",
                    )
                    .with_label(kwarg, "`**` parameter here")
                    .with_python(PythonError::syntax("invalid syntax")),
                );
            }
            match item {
                ParamItem::Tuple(..) => unreachable!("tuple parameters became plain ones above"),
                ParamItem::Plain(name, default) => {
                    if unpack.is_none() {
                        self.check_duplicate_param(&mut seen_names, &name);
                    }
                    if star_span.is_some() {
                        params.keyword_only.push(Param {
                            name,
                            default,
                            unpack,
                        });
                        continue;
                    }
                    if default.is_some() {
                        default_seen = true;
                    } else if default_seen {
                        self.diagnostics.push(
                            Diagnostic::error(
                                codes::ARGUMENT_ORDER,
                                "non-default argument follows default argument",
                                name.span,
                                "this parameter needs a default value",
                            )
                            .with_help("move the parameters with defaults to the end")
                            .with_python(
                                PythonError::syntax(
                                    "non-default argument follows default argument",
                                )
                                .at_stage(PythonStage::Ast),
                            ),
                        );
                    }
                    params.positional.push(Param {
                        name,
                        default,
                        unpack,
                    });
                }
                ParamItem::Star(name, span) => {
                    if let Some(first) = star_span {
                        self.diagnostics.push(
                            Diagnostic::error(
                                codes::ARGUMENT_ORDER,
                                "`*` may appear only once in a parameter list",
                                span,
                                "second `*`",
                            )
                            .with_label(first, "first `*`")
                            .with_python(PythonError::syntax("invalid syntax")),
                        );
                        continue;
                    }
                    star_span = Some(span);
                    match name {
                        Some(name) => {
                            self.check_duplicate_param(&mut seen_names, &name);
                            params.vararg = Some(name);
                        }
                        None => params.bare_star = true,
                    }
                }
                ParamItem::DoubleStar(name, span) => {
                    self.check_duplicate_param(&mut seen_names, &name);
                    if kwarg_span.is_none() {
                        params.kwarg = Some(name);
                    }
                    kwarg_span = Some(span);
                }
            }
        }
        if params.bare_star && params.keyword_only.is_empty() {
            let span = star_span.expect("a bare star has a span");
            self.diagnostics.push(
                Diagnostic::error(
                    codes::ARGUMENT_ORDER,
                    "named arguments must follow bare `*`",
                    span,
                    "nothing follows this `*`",
                )
                .with_python(PythonError::syntax("invalid syntax")),
            );
        }
        params
    }

    fn check_duplicate_param(&mut self, seen: &mut HashSet<String>, name: &Ident) {
        if !seen.insert(name.name.clone()) {
            let message = format!("duplicate argument '{}' in function definition", name.name);
            self.diagnostics.push(
                Diagnostic::error(
                    codes::ARGUMENT_ORDER,
                    &message,
                    name.span,
                    "already a parameter",
                )
                .with_python(PythonError::syntax(message).at_stage(PythonStage::Symtable)),
            );
        }
    }

    /// Checks argument order as Python's grammar does.
    fn args(&mut self, items: Vec<Box<ArgItem>>) -> Vec<Arg> {
        let count = items.len();
        let mut args = Vec::with_capacity(count);
        let mut keyword_seen = false;
        let mut double_star_seen = false;
        for item in unbox(items) {
            let arg = match item {
                ArgItem::Arg(arg) => arg,
                ArgItem::BareGenerator(generator) => {
                    if count > 1 {
                        self.diagnostics.push(
                            Diagnostic::error(
                                codes::SYNTAX,
                                "generator expression must be parenthesized",
                                generator.span,
                                "this generator is not the only argument",
                            )
                            .with_help("put parentheses around it")
                            .with_python(
                                PythonError::syntax(
                                    "Generator expression must be parenthesized if not sole argument",
                                )
                                .at_stage(PythonStage::Ast),
                            ),
                        );
                    }
                    Arg::Positional(generator)
                }
            };
            match &arg {
                Arg::Positional(value) if keyword_seen || double_star_seen => {
                    let after = if double_star_seen {
                        "keyword argument unpacking"
                    } else {
                        "keyword argument"
                    };
                    // Python 2.7's parser allows nothing after `**kwargs`; a positional
                    // argument after a keyword is an error of its tree builder.
                    let python = if double_star_seen {
                        PythonError::syntax("invalid syntax")
                    } else {
                        PythonError::syntax("non-keyword arg after keyword arg")
                            .at_stage(PythonStage::Ast)
                    };
                    self.diagnostics.push(
                        Diagnostic::error(
                            codes::ARGUMENT_ORDER,
                            format!("positional argument follows {after}"),
                            value.span,
                            "positional argument",
                        )
                        .with_help("pass positional arguments before keyword arguments")
                        .with_python(python),
                    );
                }
                Arg::Star(value) if double_star_seen => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            codes::ARGUMENT_ORDER,
                            "iterable argument unpacking follows keyword argument unpacking",
                            value.span,
                            "`*` argument",
                        )
                        .with_python(PythonError::syntax("invalid syntax")),
                    );
                }
                Arg::Keyword { .. } => keyword_seen = true,
                Arg::DoubleStar(_) => double_star_seen = true,
                Arg::Positional(_) | Arg::Star(_) => {}
            }
            args.push(arg);
        }
        self.report_repeated_keywords(&args);
        args
    }

    fn report_repeated_keywords(&mut self, args: &[Arg]) {
        let keywords: Vec<&Ident> = args
            .iter()
            .filter_map(|arg| match arg {
                Arg::Keyword { name, .. } => Some(name),
                _ => None,
            })
            .collect();
        // Every call goes through here: for the usual handful of keywords a scan is
        // cheaper than hashing, and a set keeps huge calls linear.
        let mut seen = HashSet::new();
        for (index, name) in keywords.iter().enumerate() {
            let repeated = if keywords.len() <= 16 {
                keywords[..index]
                    .iter()
                    .any(|earlier| earlier.name == name.name)
            } else {
                !seen.insert(name.name.as_str())
            };
            if repeated {
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::ARGUMENT_ORDER,
                        format!("keyword argument repeated: {}", name.name),
                        name.span,
                        "given a second time here",
                    )
                    .with_help("pass each keyword argument once")
                    .with_python(
                        PythonError::syntax("keyword argument repeated").at_stage(PythonStage::Ast),
                    ),
                );
            }
        }
    }
}

/// The names a tuple parameter's pattern binds, in order.
fn pattern_names(pattern: &Expr) -> Vec<Ident> {
    match &pattern.kind {
        ExprKind::Name(name) => vec![Ident {
            name: name.clone(),
            span: pattern.span,
        }],
        ExprKind::Tuple(items) => items.iter().flat_map(pattern_names).collect(),
        _ => Vec::new(),
    }
}

/// What Python 2.7's tree builder says of assigning to (or deleting) `expr`, which has
/// the bad part at `span`; `None` where Python 2.7 has no such target at all (it then
/// fails to parse, which the Python 2.7 checks report).
fn python2_target_error(expr: &Expr, span: Span, usage: TargetUse) -> Option<PythonError> {
    let bad = find_at(expr, span)?;
    let what = match &bad.kind {
        ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Imaginary(_)
        | ExprKind::Str(_)
        | ExprKind::Dict(_) => "literal",
        ExprKind::Repr(_) => "repr",
        ExprKind::Set(_) => "literal",
        ExprKind::None => return Some(ast_error("cannot assign to None")),
        // Plain names in Python 2.7.
        ExprKind::Bool(_) => return None,
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Generator { .. } => "generator expression",
        ExprKind::Call { .. } => "function call",
        ExprKind::Unary { .. } | ExprKind::Binary { .. } | ExprKind::BoolOp { .. } => "operator",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfElse { .. } => "conditional expression",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Yield(_) => {
            return Some(ast_error("assignment to yield expression not possible"));
        }
        _ => return None,
    };
    if usage == TargetUse::AugAssign {
        return Some(ast_error("illegal expression for augmented assignment"));
    }
    let verb = if usage == TargetUse::Del {
        "delete"
    } else {
        "assign to"
    };
    Some(ast_error(&format!("can't {verb} {what}")))
}

/// `True` and `False` assigned to are the names they are in Python 2.7.
fn python2_names(expr: &mut Expr) {
    match &mut expr.kind {
        ExprKind::Bool(flag) => {
            let name = if *flag { "True" } else { "False" };
            expr.kind = ExprKind::Name(name.to_string());
        }
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter_mut().for_each(python2_names),
        ExprKind::Starred(value) => python2_names(value),
        _ => {}
    }
}

/// Where a target assigns to an attribute named `None` (`x.None = 1`).
fn none_attribute(expr: &Expr) -> Option<Span> {
    match &expr.kind {
        ExprKind::Attribute { attr, .. } if attr.name == "None" => Some(attr.span),
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().find_map(none_attribute),
        ExprKind::Starred(value) => none_attribute(value),
        _ => None,
    }
}

fn ast_error(message: &str) -> PythonError {
    PythonError::syntax(message).at_stage(PythonStage::Ast)
}

/// The part of `expr` whose span is `span`.
fn find_at(expr: &Expr, span: Span) -> Option<&Expr> {
    if expr.span == span {
        return Some(expr);
    }
    let mut found = None;
    expr.for_each_child(&mut |child| {
        if found.is_none() && child.span.start <= span.start && span.end <= child.span.end {
            found = find_at(child, span);
        }
    });
    found
}

/// Attaches each `if` to the `for` before it.
pub fn comprehension_clauses(
    first: Box<Comprehension>,
    rest: Vec<CompClause>,
) -> Vec<Comprehension> {
    let mut generators = vec![*first];
    for clause in rest {
        match clause {
            CompClause::For(generator) => generators.push(*generator),
            CompClause::If(test) => generators
                .last_mut()
                .expect("a comprehension starts with `for`")
                .ifs
                .push(test),
        }
    }
    generators
}

/// Moves boxed items (see [`ParseState::stmt`]) into a plain vector.
pub fn unbox<T>(items: Vec<Box<T>>) -> Vec<T> {
    items.into_iter().map(|item| *item).collect()
}

/// The block a compound statement ends with.
fn last_block(kind: &StmtKind) -> Option<&Vec<Stmt>> {
    let non_empty = |block: &'_ Vec<Stmt>| !block.is_empty();
    match kind {
        StmtKind::If {
            body, elif_else, ..
        } => elif_else.last().map(|clause| &clause.body).or(Some(body)),
        StmtKind::For { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
            Some(orelse).filter(|block| non_empty(block)).or(Some(body))
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => Some(finalbody)
            .filter(|block| non_empty(block))
            .or(Some(orelse).filter(|block| non_empty(block)))
            .or(handlers.last().map(|handler| &handler.body))
            .or(Some(body)),
        StmtKind::With { body, .. } => Some(body),
        StmtKind::FunctionDef(def) => Some(&def.body),
        StmtKind::ClassDef(class) => Some(&class.body),
        _ => None,
    }
}

enum TargetProblem {
    /// "cannot assign to <what>".
    Is(&'static str),
    /// A message of its own.
    Message(&'static str),
}

/// The first part of `expr` that cannot be a target, with what is wrong with it.
fn invalid_target(
    expr: &Expr,
    usage: TargetUse,
    in_sequence: bool,
) -> Option<(Span, TargetProblem)> {
    let is = |what| Some((expr.span, TargetProblem::Is(what)));
    match &expr.kind {
        // `True` and `False` are names in Python 2.7 (see `python2_names`).
        ExprKind::Name(_)
        | ExprKind::Bool(_)
        | ExprKind::Attribute { .. }
        | ExprKind::Subscript { .. }
        | ExprKind::Error => None,
        ExprKind::Repr(_) => is("repr"),
        ExprKind::Imaginary(_) => is("literal"),
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            if usage == TargetUse::AugAssign {
                return Some((
                    expr.span,
                    TargetProblem::Message("illegal expression for augmented assignment"),
                ));
            }
            items
                .iter()
                .find_map(|item| invalid_target(item, usage, true))
        }
        ExprKind::Starred(value) => {
            if usage == TargetUse::Del {
                return is("starred");
            }
            if !in_sequence {
                return Some((
                    expr.span,
                    TargetProblem::Message("starred assignment target must be in a list or tuple"),
                ));
            }
            invalid_target(value, usage, false)
        }
        ExprKind::Int(_) | ExprKind::Float(_) | ExprKind::Str(_) | ExprKind::Ellipsis => {
            is("literal")
        }
        ExprKind::None => is("None"),
        ExprKind::Dict(_) => is("dict display"),
        ExprKind::Set(_) => is("set display"),
        ExprKind::ListComp { .. } => is("list comprehension"),
        ExprKind::SetComp { .. } => is("set comprehension"),
        ExprKind::DictComp { .. } => is("dict comprehension"),
        ExprKind::Generator { .. } => is("generator expression"),
        ExprKind::Call { .. } => is("function call"),
        ExprKind::Unary { .. } | ExprKind::Binary { .. } | ExprKind::BoolOp { .. } => {
            is("operator")
        }
        ExprKind::Compare { .. } => is("comparison"),
        ExprKind::IfElse { .. } => is("conditional expression"),
        ExprKind::Lambda { .. } => is("lambda"),
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => is("yield expression"),
        ExprKind::Await(_) => is("await expression"),
        ExprKind::Slice { .. } => is("slice"),
    }
}
