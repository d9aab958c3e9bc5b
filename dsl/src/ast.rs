//! The syntax tree of a `.aurora` file: the Python subset configs are written in.
//!
//! Every node carries the [`Span`] of the source it came from. Parentheses leave no node;
//! `elif` chains and adjacent string literals keep the shape the user wrote where a
//! formatter or a diagnostic needs it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::source_map::Span;

/// A parsed file.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Module {
    pub body: Vec<Stmt>,
    pub span: Span,
}

/// A name as written, with where it was written.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

impl fmt::Debug for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} @{:?}", self.name, self.span)
    }
}

/// A statement.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

impl fmt::Debug for Stmt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)?;
        write!(f, " @{:?}", self.span)
    }
}

/// What a statement is.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub enum StmtKind {
    /// An expression evaluated for its effect (a call, or a docstring).
    Expr(Expr),
    /// `a = b = value`: one or more targets.
    Assign {
        targets: Vec<Expr>,
        value: Expr,
    },
    /// `target op= value`.
    AugAssign {
        target: Expr,
        op: BinOp,
        value: Expr,
    },
    /// Python 2's `print` statement: `print >>dest, a, b,`.
    Print {
        dest: Option<Expr>,
        values: Vec<Expr>,
        /// A trailing comma suppresses the newline.
        trailing_comma: bool,
    },
    Pass,
    Break,
    Continue,
    Return(Option<Expr>),
    /// `raise`, `raise exc`, `raise exc from cause`, and Python 2's `raise exc, value,
    /// traceback`.
    Raise {
        exc: Option<Expr>,
        cause: Option<Expr>,
        /// Python 2's `raise E, V`: the value `E` is instantiated with.
        value: Option<Expr>,
        /// Python 2's `raise E, V, T`: the traceback to raise with.
        traceback: Option<Expr>,
    },
    /// Python 2's `exec code`, `exec code in globals`, `exec code in globals, locals`.
    Exec {
        code: Expr,
        globals: Option<Expr>,
        locals: Option<Expr>,
    },
    Assert {
        test: Expr,
        msg: Option<Expr>,
    },
    Del(Vec<Expr>),
    /// `import a.b as c, d`.
    Import(Vec<ImportAlias>),
    /// `from ..a.b import c as d` (`names` empty for `import *`).
    ImportFrom {
        module: Option<DottedName>,
        /// Number of leading dots.
        level: u32,
        names: ImportNames,
    },
    /// `global a, b` (parsed so it can be rejected with a clear message).
    Global(Vec<Ident>),
    /// `nonlocal a, b` (parsed so it can be rejected with a clear message).
    Nonlocal(Vec<Ident>),
    If {
        test: Expr,
        body: Vec<Stmt>,
        /// `elif` and `else` clauses in order; only the last may be an `else`.
        elif_else: Vec<ElifElse>,
    },
    For {
        is_async: bool,
        target: Expr,
        iter: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    /// `while` (parsed so it can be rejected with a clear message).
    While {
        test: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    With {
        is_async: bool,
        items: Vec<WithItem>,
        body: Vec<Stmt>,
    },
    Try {
        body: Vec<Stmt>,
        handlers: Vec<ExceptHandler>,
        orelse: Vec<Stmt>,
        finalbody: Vec<Stmt>,
    },
    FunctionDef(Box<FunctionDef>),
    ClassDef(Box<ClassDef>),
    /// A statement the parser could not make sense of; its diagnostic was reported.
    Error,
}

/// An `elif test:` clause (`test` is `Some`) or the final `else:` (`test` is `None`).
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct ElifElse {
    pub test: Option<Expr>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

/// `context as target` in a `with` statement.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct WithItem {
    pub context: Expr,
    pub target: Option<Expr>,
}

/// `except kind as name:` (or Python 2's `except kind, name:`).
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct ExceptHandler {
    pub kind: Option<Expr>,
    pub name: Option<Ident>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

/// `def name(params): body`.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct FunctionDef {
    pub is_async: bool,
    pub decorators: Vec<Expr>,
    pub name: Ident,
    pub params: Params,
    pub body: Vec<Stmt>,
}

/// `class name(bases): body`.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct ClassDef {
    pub decorators: Vec<Expr>,
    pub name: Ident,
    /// Base classes and keywords (`metaclass=...`), as call arguments.
    pub bases: Vec<Arg>,
    pub body: Vec<Stmt>,
}

/// `a.b.c` in imports.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct DottedName {
    pub parts: Vec<Ident>,
    pub span: Span,
}

impl DottedName {
    /// The dotted text, `os.path`.
    pub fn to_dotted_string(&self) -> String {
        let names: Vec<&str> = self.parts.iter().map(|part| part.name.as_str()).collect();
        names.join(".")
    }
}

/// `module as alias` in `import`.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct ImportAlias {
    pub module: DottedName,
    pub alias: Option<Ident>,
}

/// What `from module import ...` brings in.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub enum ImportNames {
    /// `import *`.
    Star(Span),
    /// `import a as b, c`.
    Names(Vec<NameAlias>),
}

/// `name as alias` in `from ... import`.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct NameAlias {
    pub name: Ident,
    pub alias: Option<Ident>,
}

/// The parameters of a `def` or `lambda`.
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
pub struct Params {
    /// Positional-or-keyword parameters, with their defaults.
    pub positional: Vec<Param>,
    /// `*args`.
    pub vararg: Option<Ident>,
    /// Parameters after `*` or `*args` (keyword-only).
    pub keyword_only: Vec<Param>,
    /// `**kwargs`.
    pub kwarg: Option<Ident>,
    /// A bare `*` separating keyword-only parameters.
    pub bare_star: bool,
}

/// One named parameter, `name` or `name=default`; or Python 2's tuple parameter,
/// `(a, (b, c))`, whose argument is unpacked into those names.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Param {
    /// For a tuple parameter, Python 2's name for it: `.0` for the first parameter...
    pub name: Ident,
    pub default: Option<Expr>,
    /// A tuple parameter's pattern (a tuple of names and tuples).
    pub unpack: Option<Expr>,
}

/// An expression.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    /// Height of the tree below this node (1 for a leaf); built with [`Expr::new`] so the
    /// parser can refuse trees too deep to walk recursively.
    depth: u32,
}

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)?;
        write!(f, " @{:?}", self.span)
    }
}

/// An integer literal's value: most fit in a `u64`, Python allows any size.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum IntValue {
    Small(u64),
    /// Decimal digits of a value too large for `u64`.
    Big(Box<str>),
    /// Decimal digits of a Python 2 `long` literal (`10L`).
    Long(Box<str>),
}

/// Which Python 2 string type a literal makes.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum StrKind {
    /// `'...'`: a byte string in Python 2.
    Str,
    /// `u'...'`: a unicode string.
    Unicode,
    /// `b'...'`: a byte string in both Pythons.
    Bytes,
}

/// A string literal; adjacent literals are joined into one.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct StrLit {
    pub value: String,
    pub kind: StrKind,
}

/// What an expression is.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub enum ExprKind {
    Name(String),
    Int(IntValue),
    Float(f64),
    /// An imaginary literal, `1.5j` (its imaginary part).
    Imaginary(f64),
    Str(StrLit),
    Bool(bool),
    None,
    Ellipsis,
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Set(Vec<Expr>),
    Dict(Vec<DictItem>),
    /// `*value` in a call, display or assignment target.
    Starred(Box<Expr>),
    ListComp {
        element: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    SetComp {
        element: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    DictComp {
        key: Box<Expr>,
        value: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    Generator {
        element: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    Attribute {
        value: Box<Expr>,
        attr: Ident,
    },
    /// `value[index]`; a slice or a tuple of them is the index.
    Subscript {
        value: Box<Expr>,
        index: Box<Expr>,
    },
    /// `lower:upper:step` inside a subscript.
    Slice {
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
    Call {
        func: Box<Expr>,
        args: Vec<Arg>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        left: Box<Expr>,
        op: BinOp,
        right: Box<Expr>,
    },
    /// `a and b and c` (or `or`), flattened.
    BoolOp {
        op: BoolOp,
        values: Vec<Expr>,
    },
    /// `a < b <= c`, a chain of comparisons.
    Compare {
        left: Box<Expr>,
        comparisons: Vec<(CmpOp, Expr)>,
    },
    /// `body if test else orelse`.
    IfElse {
        test: Box<Expr>,
        body: Box<Expr>,
        orelse: Box<Expr>,
    },
    Lambda {
        params: Box<Params>,
        body: Box<Expr>,
    },
    /// `yield`, `yield value` (parsed so it can be rejected with a clear message).
    Yield(Option<Box<Expr>>),
    /// `yield from value` (parsed so it can be rejected with a clear message).
    YieldFrom(Box<Expr>),
    /// `await value` (parsed so it can be rejected with a clear message).
    Await(Box<Expr>),
    /// Python 2's backquotes, `` `value` ``: `repr(value)`.
    Repr(Box<Expr>),
    /// An expression the parser could not make sense of; its diagnostic was reported.
    Error,
}

/// `key: value` or `**mapping` in a dict display.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub enum DictItem {
    Pair { key: Expr, value: Expr },
    Splat(Expr),
}

/// `for target in iter if cond...` inside a comprehension.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Comprehension {
    pub is_async: bool,
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
}

/// One argument of a call.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub enum Arg {
    Positional(Expr),
    Keyword {
        name: Ident,
        value: Expr,
    },
    /// `*args`.
    Star(Expr),
    /// `**kwargs`.
    DoubleStar(Expr),
}

impl Arg {
    /// The value the argument passes.
    pub fn value(&self) -> &Expr {
        match self {
            Arg::Positional(value)
            | Arg::Keyword { value, .. }
            | Arg::Star(value)
            | Arg::DoubleStar(value) => value,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum UnaryOp {
    Not,
    Neg,
    Pos,
    Invert,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    MatMul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
}

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::MatMul => "@",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::BitAnd => "&",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum BoolOp {
    And,
    Or,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::NotEq => "!=",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            CmpOp::GtE => ">=",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
        }
    }
}

impl StmtKind {
    /// For a statement that only evaluates expressions (`print`, `return`, `raise`, `exec`,
    /// `assert`), calls `visit` on each in source order and returns true; false otherwise.
    pub fn for_each_evaluated<'a>(&'a self, visit: &mut impl FnMut(&'a Expr)) -> bool {
        let parts: [Option<&'a Expr>; 4] = match self {
            StmtKind::Print { dest, values, .. } => {
                dest.iter().chain(values).for_each(&mut *visit);
                return true;
            }
            StmtKind::Return(value) => [value.as_ref(), None, None, None],
            StmtKind::Raise {
                exc,
                cause,
                value,
                traceback,
            } => [
                exc.as_ref(),
                cause.as_ref(),
                value.as_ref(),
                traceback.as_ref(),
            ],
            StmtKind::Exec {
                code,
                globals,
                locals,
            } => [Some(code), globals.as_ref(), locals.as_ref(), None],
            StmtKind::Assert { test, msg } => [Some(test), msg.as_ref(), None, None],
            _ => return false,
        };
        parts.into_iter().flatten().for_each(visit);
        true
    }
}

impl Expr {
    /// Makes a node, computing its depth from its children.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        let mut expr = Expr {
            kind,
            span,
            depth: 1,
        };
        let mut deepest_child = 0;
        expr.for_each_child(&mut |child| deepest_child = deepest_child.max(child.depth));
        expr.depth = deepest_child + 1;
        expr
    }

    /// Height of the tree below this node, counting this node.
    pub fn depth(&self) -> u32 {
        self.depth
    }

    /// Calls `visit` on each direct child expression, in source order.
    pub fn for_each_child<'a>(&'a self, visit: &mut impl FnMut(&'a Expr)) {
        match &self.kind {
            ExprKind::Name(_)
            | ExprKind::Int(_)
            | ExprKind::Float(_)
            | ExprKind::Imaginary(_)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::None
            | ExprKind::Ellipsis
            | ExprKind::Error
            | ExprKind::Yield(None) => {}
            ExprKind::List(items) | ExprKind::Tuple(items) | ExprKind::Set(items) => {
                items.iter().for_each(visit)
            }
            ExprKind::Dict(items) => {
                for item in items {
                    match item {
                        DictItem::Pair { key, value } => {
                            visit(key);
                            visit(value);
                        }
                        DictItem::Splat(value) => visit(value),
                    }
                }
            }
            ExprKind::Starred(value)
            | ExprKind::Unary { operand: value, .. }
            | ExprKind::Attribute { value, .. }
            | ExprKind::Yield(Some(value))
            | ExprKind::YieldFrom(value)
            | ExprKind::Await(value)
            | ExprKind::Repr(value) => visit(value),
            ExprKind::ListComp {
                element,
                generators,
            }
            | ExprKind::SetComp {
                element,
                generators,
            }
            | ExprKind::Generator {
                element,
                generators,
            } => {
                visit(element);
                visit_generators(generators, visit);
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                visit(key);
                visit(value);
                visit_generators(generators, visit);
            }
            ExprKind::Subscript { value, index } => {
                visit(value);
                visit(index);
            }
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    visit(part);
                }
            }
            ExprKind::Call { func, args } => {
                visit(func);
                args.iter().map(Arg::value).for_each(visit);
            }
            ExprKind::Binary { left, right, .. } => {
                visit(left);
                visit(right);
            }
            ExprKind::BoolOp { values, .. } => values.iter().for_each(visit),
            ExprKind::Compare { left, comparisons } => {
                visit(left);
                comparisons.iter().map(|(_, right)| right).for_each(visit);
            }
            ExprKind::IfElse { test, body, orelse } => {
                visit(body);
                visit(test);
                visit(orelse);
            }
            ExprKind::Lambda { params, body } => {
                params.defaults().for_each(&mut *visit);
                visit(body);
            }
        }
    }
}

fn visit_generators<'a>(generators: &'a [Comprehension], visit: &mut impl FnMut(&'a Expr)) {
    for generator in generators {
        visit(&generator.target);
        visit(&generator.iter);
        generator.ifs.iter().for_each(&mut *visit);
    }
}

impl Params {
    /// Every default value, in source order.
    pub fn defaults(&self) -> impl Iterator<Item = &Expr> {
        self.positional
            .iter()
            .chain(&self.keyword_only)
            .filter_map(|param| param.default.as_ref())
    }
}
