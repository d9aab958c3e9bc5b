//! The printer's promise: parsing what it prints gives back the tree it printed.
//!
//! Checked on the conformance corpus (real configs) and on random trees.

use aurora_dsl::ast::{
    Arg, BinOp, BoolOp, ClassDef, CmpOp, Comprehension, DictItem, DottedName, ElifElse,
    ExceptHandler, Expr, ExprKind, FunctionDef, Ident, ImportAlias, ImportNames, IntValue, Module,
    NameAlias, Param, Params, Stmt, StmtKind, StrKind, StrLit, UnaryOp, WithItem,
};
use aurora_dsl::printer::print_module;
use aurora_dsl::{parse, Diagnostic, FileId, Span};
use format_support::first_difference;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

mod format_support;

/// The tree's `Debug` text without spans, so trees from different sources compare equal.
fn without_spans(module: &Module) -> String {
    format_support::without_spans(&format!("{module:#?}"))
}

#[test]
fn span_stripping_keeps_everything_but_spans() {
    let module = Module {
        body: vec![Stmt {
            kind: StmtKind::Expr(Expr::new(
                ExprKind::Str(StrLit {
                    value: "1..2 \" 3..4".to_string(),
                    kind: StrKind::Str,
                }),
                Span::new(FileId(0), 10, 22),
            )),
            span: Span::new(FileId(0), 3, 22),
        }],
        span: Span::new(FileId(0), 0, 123),
    };
    let stripped = without_spans(&module);
    assert!(stripped.contains(r#""1..2 \" 3..4""#), "{stripped}");
    assert!(!stripped.contains('@'), "{stripped}");
    assert!(stripped.contains("span: _"), "{stripped}");
    assert!(!stripped.contains("123"), "{stripped}");
}

/// What went wrong printing a tree, if anything. `original` holds the diagnostics of the
/// text the tree came from (warnings): printing must add none.
fn roundtrip_failure(module: &Module, original: &[Diagnostic]) -> Option<String> {
    let printed = print_module(module);
    let reparsed = parse(&printed, FileId(0));
    // Python 2.7's own checks are not the printer's business: the tree must stay whole.
    let new_diagnostics: Vec<&Diagnostic> = reparsed
        .diagnostics
        .iter()
        .filter(|new| {
            !original
                .iter()
                .any(|old| old.code == new.code && old.message == new.message)
        })
        .filter(|_| !reparsed.tree_complete)
        .collect();
    if !new_diagnostics.is_empty() {
        return Some(format!(
            "printed text has diagnostics: {new_diagnostics:#?}\n--- printed:\n{printed}"
        ));
    }
    let (expected, actual) = (without_spans(module), without_spans(&reparsed.module));
    if expected != actual {
        return Some(format!(
            "tree changed\n--- printed:\n{printed}\n--- first difference:\n{}",
            first_difference(&expected, &actual)
        ));
    }
    let reprinted = print_module(&reparsed.module);
    if reprinted != printed {
        return Some(format!(
            "printer not idempotent\n--- first:\n{printed}\n--- second:\n{reprinted}"
        ));
    }
    None
}

#[test]
fn conformance_corpus_roundtrips_through_the_printer() {
    let Some(corpus) = aurora_conformance::Corpus::locate() else {
        return;
    };
    let files = corpus.aurora_files();
    let (mut checked, mut skipped) = (0, 0);
    let mut failures = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            skipped += 1;
            continue;
        };
        let parsed = parse(&text, FileId(0));
        if !parsed.tree_complete {
            skipped += 1;
            continue;
        }
        checked += 1;
        if let Some(failure) = roundtrip_failure(&parsed.module, &parsed.diagnostics) {
            failures.push(format!("{}: {failure}", path.display()));
        }
    }
    eprintln!(
        "printer round trip: {checked} corpus files checked, {skipped} skipped (syntax errors)"
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} files failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(
        checked >= 150,
        "only {checked} corpus files parsed; is {} complete?",
        corpus.root().display()
    );
}

// Random trees. Only shapes the parser produces: non-negative literals, flattened boolean
// chains, valid targets, arguments and parameters in an order Python accepts.

/// Names that are no keyword, and not `print`/`async`/`await`, which the lexer reads from
/// context.
const NAMES: &[&str] = &[
    "a", "b", "c", "x", "y", "job", "task", "Process", "_tmp", "n2",
];

fn expr(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

fn stmt(kind: StmtKind) -> Stmt {
    Stmt {
        kind,
        span: Span::default(),
    }
}

fn ident(name: &str) -> Ident {
    Ident {
        name: name.to_string(),
        span: Span::default(),
    }
}

fn any_ident() -> impl Strategy<Value = Ident> {
    select(NAMES).prop_map(ident)
}

fn name() -> BoxedStrategy<Expr> {
    select(NAMES)
        .prop_map(|name| expr(ExprKind::Name(name.to_string())))
        .boxed()
}

fn string_literal() -> impl Strategy<Value = StrLit> {
    let kind = select(&[StrKind::Str, StrKind::Unicode, StrKind::Bytes][..]);
    (prop::collection::vec(any::<char>(), 0..8), kind).prop_map(|(chars, kind)| StrLit {
        value: chars.into_iter().collect(),
        kind,
    })
}

fn literal() -> BoxedStrategy<Expr> {
    use prop::num::f64 as float;
    let big_int = prop::collection::vec(0..10u8, 20..30).prop_map(|digits| {
        // 21 or more digits without a leading zero is always past `u64::MAX`.
        let mut text = String::from("1");
        text.extend(digits.iter().map(|digit| char::from(b'0' + digit)));
        ExprKind::Int(IntValue::Big(text.into()))
    });
    let floats = float::POSITIVE | float::NORMAL | float::SUBNORMAL | float::ZERO | float::INFINITE;
    prop_oneof![
        4 => name(),
        2 => any::<u64>().prop_map(|value| expr(ExprKind::Int(IntValue::Small(value)))),
        1 => big_int.prop_map(expr),
        2 => floats.prop_map(|value| expr(ExprKind::Float(value))),
        3 => string_literal().prop_map(|lit| expr(ExprKind::Str(lit))),
        1 => any::<bool>().prop_map(|value| expr(ExprKind::Bool(value))),
        1 => Just(expr(ExprKind::None)),
    ]
    .boxed()
}

fn binary_op() -> impl Strategy<Value = BinOp> {
    use BinOp::*;
    select(
        &[
            Add, Sub, Mul, MatMul, Div, FloorDiv, Mod, Pow, LShift, RShift, BitOr, BitXor, BitAnd,
        ][..],
    )
}

fn compare_op() -> impl Strategy<Value = CmpOp> {
    use CmpOp::*;
    select(&[Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn][..])
}

fn unary_op() -> impl Strategy<Value = UnaryOp> {
    select(&[UnaryOp::Not, UnaryOp::Neg, UnaryOp::Pos, UnaryOp::Invert][..])
}

/// An item of a list, tuple or set display: sometimes `*starred`.
fn display_item(inner: BoxedStrategy<Expr>) -> BoxedStrategy<Expr> {
    prop_oneof![
        5 => inner.clone(),
        1 => inner.prop_map(|value| expr(ExprKind::Starred(Box::new(value)))),
    ]
    .boxed()
}

/// What `for` binds, in a statement or a comprehension.
fn for_target() -> BoxedStrategy<Expr> {
    prop_oneof![
        3 => name(),
        1 => prop::collection::vec(name(), 1..3).prop_map(|names| expr(ExprKind::Tuple(names))),
        1 => prop::collection::vec(name(), 1..3).prop_map(|names| expr(ExprKind::List(names))),
    ]
    .boxed()
}

/// A single assignable place: a name, an attribute or a subscript.
fn place(inner: BoxedStrategy<Expr>) -> BoxedStrategy<Expr> {
    prop_oneof![
        3 => name(),
        1 => (inner.clone(), any_ident()).prop_map(|(value, attr)| expr(ExprKind::Attribute {
            value: Box::new(value),
            attr,
        })),
        1 => (inner.clone(), inner).prop_map(|(value, index)| expr(ExprKind::Subscript {
            value: Box::new(value),
            index: Box::new(index),
        })),
    ]
    .boxed()
}

/// An assignment target: a place, or a tuple/list of places with at most one starred.
fn assign_target(inner: BoxedStrategy<Expr>) -> BoxedStrategy<Expr> {
    let places = prop::collection::vec(place(inner.clone()), 1..4);
    let unpacking = (
        places,
        any::<bool>(),
        any::<bool>(),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(mut places, is_list, starred, at)| {
            if starred {
                let at = at.index(places.len());
                let place = places.remove(at);
                places.insert(at, expr(ExprKind::Starred(Box::new(place))));
            }
            expr(if is_list {
                ExprKind::List(places)
            } else {
                ExprKind::Tuple(places)
            })
        });
    prop_oneof![3 => place(inner), 1 => unpacking].boxed()
}

fn comprehensions(inner: BoxedStrategy<Expr>) -> BoxedStrategy<Vec<Comprehension>> {
    let one = (
        for_target(),
        inner.clone(),
        prop::collection::vec(inner, 0..2),
    )
        .prop_map(|(target, iter, ifs)| Comprehension {
            is_async: false,
            target,
            iter,
            ifs,
        });
    prop::collection::vec(one, 1..3).boxed()
}

/// Call arguments in Python 2's order: positional, keywords, `*args`, `**kwargs`.
fn call_args(inner: BoxedStrategy<Expr>) -> BoxedStrategy<Vec<Arg>> {
    (
        prop::collection::vec(inner.clone(), 0..3),
        subsequence(NAMES, 0..3),
        prop::collection::vec(inner.clone(), 3),
        prop::option::of(inner.clone()),
        prop::option::of(inner),
    )
        .prop_map(|(positional, keywords, values, star, double_star)| {
            let mut args: Vec<Arg> = positional.into_iter().map(Arg::Positional).collect();
            args.extend(
                keywords
                    .iter()
                    .zip(values)
                    .map(|(name, value)| Arg::Keyword {
                        name: ident(name),
                        value,
                    }),
            );
            args.extend(star.map(Arg::Star));
            args.extend(double_star.map(Arg::DoubleStar));
            args
        })
        .boxed()
}

/// Parameters with distinct names; defaults only after the positional ones without.
fn params(inner: BoxedStrategy<Expr>) -> BoxedStrategy<Params> {
    (
        subsequence(NAMES, 0..6),
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        (any::<bool>(), any::<bool>()),
        prop::collection::vec(prop::option::of(inner.clone()), 6),
        prop::collection::vec(inner, 6),
    )
        .prop_map(
            |(names, positional_count, first_default, (vararg, kwarg), kw_defaults, defaults)| {
                let mut names = names.into_iter().map(ident);
                let positional_count = positional_count.index(names.len() + 1);
                let first_default = first_default.index(positional_count + 1);
                let positional = names
                    .by_ref()
                    .take(positional_count)
                    .zip(defaults)
                    .enumerate()
                    .map(|(i, (name, default))| Param {
                        name,
                        default: (i >= first_default).then_some(default),
                        unpack: None,
                    })
                    .collect();
                let kwarg = if kwarg { names.next_back() } else { None };
                let vararg = if vararg { names.next() } else { None };
                let keyword_only: Vec<Param> = names
                    .zip(kw_defaults)
                    .map(|(name, default)| Param {
                        name,
                        default,
                        unpack: None,
                    })
                    .collect();
                Params {
                    positional,
                    bare_star: vararg.is_none() && !keyword_only.is_empty(),
                    vararg,
                    keyword_only,
                    kwarg,
                }
            },
        )
        .boxed()
}

fn subscript_index(inner: BoxedStrategy<Expr>) -> BoxedStrategy<Expr> {
    let part = prop::option::of(inner.clone()).prop_map(|part| part.map(Box::new));
    let slice = (part.clone(), part.clone(), part)
        .prop_map(|(lower, upper, step)| expr(ExprKind::Slice { lower, upper, step }));
    // `...` is Python 2.7's Ellipsis only as an item of a subscript.
    let ellipsis = || Just(expr(ExprKind::Ellipsis));
    let element = prop_oneof![inner.clone(), slice.clone(), ellipsis()];
    prop_oneof![
        4 => inner,
        2 => slice,
        1 => ellipsis(),
        1 => prop::collection::vec(element, 1..3).prop_map(|items| expr(ExprKind::Tuple(items))),
    ]
    .boxed()
}

fn any_expr() -> BoxedStrategy<Expr> {
    literal()
        .prop_recursive(4, 48, 4, |inner| {
            let items = || prop::collection::vec(display_item(inner.clone()), 0..4);
            let pair = prop_oneof![
                3 => (inner.clone(), inner.clone())
                    .prop_map(|(key, value)| DictItem::Pair { key, value }),
                1 => inner.clone().prop_map(DictItem::Splat),
            ];
            let boxed = || inner.clone().prop_map(Box::new);
            prop_oneof![
                items().prop_map(|items| expr(ExprKind::List(items))),
                items().prop_map(|items| expr(ExprKind::Tuple(items))),
                prop::collection::vec(display_item(inner.clone()), 1..4)
                    .prop_map(|items| expr(ExprKind::Set(items))),
                prop::collection::vec(pair, 0..3).prop_map(|items| expr(ExprKind::Dict(items))),
                (boxed(), comprehensions(inner.clone())).prop_map(|(element, generators)| {
                    expr(ExprKind::ListComp {
                        element,
                        generators,
                    })
                }),
                (boxed(), comprehensions(inner.clone())).prop_map(|(element, generators)| {
                    expr(ExprKind::SetComp {
                        element,
                        generators,
                    })
                }),
                (boxed(), comprehensions(inner.clone())).prop_map(|(element, generators)| {
                    expr(ExprKind::Generator {
                        element,
                        generators,
                    })
                }),
                (boxed(), boxed(), comprehensions(inner.clone())).prop_map(
                    |(key, value, generators)| {
                        expr(ExprKind::DictComp {
                            key,
                            value,
                            generators,
                        })
                    }
                ),
                (boxed(), any_ident())
                    .prop_map(|(value, attr)| expr(ExprKind::Attribute { value, attr })),
                (boxed(), subscript_index(inner.clone()).prop_map(Box::new))
                    .prop_map(|(value, index)| expr(ExprKind::Subscript { value, index })),
                (boxed(), call_args(inner.clone()))
                    .prop_map(|(func, args)| expr(ExprKind::Call { func, args })),
                (unary_op(), boxed())
                    .prop_map(|(op, operand)| expr(ExprKind::Unary { op, operand })),
                (boxed(), binary_op(), boxed())
                    .prop_map(|(left, op, right)| expr(ExprKind::Binary { left, op, right })),
                (
                    select(&[BoolOp::And, BoolOp::Or][..]),
                    prop::collection::vec(inner.clone(), 2..4)
                )
                    .prop_map(|(op, values)| expr(ExprKind::BoolOp { op, values })),
                (
                    boxed(),
                    prop::collection::vec((compare_op(), inner.clone()), 1..3)
                )
                    .prop_map(|(left, comparisons)| expr(ExprKind::Compare { left, comparisons })),
                (boxed(), boxed(), boxed()).prop_map(|(test, body, orelse)| {
                    expr(ExprKind::IfElse { test, body, orelse })
                }),
                (params(inner.clone()).prop_map(Box::new), boxed())
                    .prop_map(|(params, body)| expr(ExprKind::Lambda { params, body })),
                // `await (` is a call (as in Python 2): only operands that start with a name.
                name().prop_map(|value| expr(ExprKind::Await(Box::new(value)))),
                prop::option::of(boxed()).prop_map(|value| expr(ExprKind::Yield(value))),
                boxed().prop_map(|value| expr(ExprKind::YieldFrom(value))),
            ]
        })
        .boxed()
}

fn dotted_name() -> impl Strategy<Value = DottedName> {
    prop::collection::vec(any_ident(), 1..3).prop_map(|parts| DottedName {
        parts,
        span: Span::default(),
    })
}

fn simple_stmt() -> BoxedStrategy<Stmt> {
    let e = any_expr;
    let yield_value = prop_oneof![
        prop::option::of(e().prop_map(Box::new)).prop_map(ExprKind::Yield),
        e().prop_map(|value| ExprKind::YieldFrom(Box::new(value))),
    ]
    .prop_map(expr);
    let value = || prop_oneof![6 => e(), 1 => yield_value.clone()];
    let import_alias = (dotted_name(), prop::option::of(any_ident()))
        .prop_map(|(module, alias)| ImportAlias { module, alias });
    let name_alias = (any_ident(), prop::option::of(any_ident()))
        .prop_map(|(name, alias)| NameAlias { name, alias });
    let import_names = prop_oneof![
        1 => Just(ImportNames::Star(Span::default())),
        3 => prop::collection::vec(name_alias, 1..3).prop_map(ImportNames::Names),
    ];
    let module_and_level = (prop::option::of(dotted_name()), 0..3u32).prop_filter(
        "`from import` needs a module or a dot",
        |(module, level)| module.is_some() || *level > 0,
    );
    let kind = prop_oneof![
        4 => value().prop_map(StmtKind::Expr),
        4 => (prop::collection::vec(assign_target(e()), 1..3), value())
            .prop_map(|(targets, value)| StmtKind::Assign { targets, value }),
        2 => (place(e()), binary_op(), value())
            .prop_map(|(target, op, value)| StmtKind::AugAssign { target, op, value }),
        2 => (prop::option::of(e()), prop::collection::vec(e(), 0..3), any::<bool>()).prop_map(
            |(dest, values, trailing_comma)| StmtKind::Print {
                trailing_comma: trailing_comma && (dest.is_some() || !values.is_empty()),
                dest,
                values,
            }
        )
        .prop_filter("`print (` and `print ...` are not print statements", |print| {
            let module = Module {
                body: vec![stmt(print.clone())],
                span: Span::default(),
            };
            let text = print_module(&module);
            !text.starts_with("print (") && !text.starts_with("print .")
        }),
        1 => Just(StmtKind::Pass),
        1 => Just(StmtKind::Break),
        1 => Just(StmtKind::Continue),
        1 => prop::option::of(e()).prop_map(StmtKind::Return),
        1 => prop::option::of((e(), prop::option::of(e()))).prop_map(|raise| match raise {
            Some((exc, cause)) => StmtKind::Raise {
                exc: Some(exc),
                cause,
                value: None,
                traceback: None,
            },
            None => StmtKind::Raise {
                exc: None,
                cause: None,
                value: None,
                traceback: None,
            },
        }),
        1 => (e(), prop::option::of(e()))
            .prop_map(|(test, msg)| StmtKind::Assert { test, msg }),
        1 => prop::collection::vec(place(e()), 1..3).prop_map(StmtKind::Del),
        1 => prop::collection::vec(import_alias, 1..3).prop_map(StmtKind::Import),
        1 => (module_and_level, import_names).prop_map(|((module, level), names)| {
            StmtKind::ImportFrom { module, level, names }
        }),
        1 => prop::collection::vec(any_ident(), 1..3).prop_map(StmtKind::Global),
        1 => prop::collection::vec(any_ident(), 1..3).prop_map(StmtKind::Nonlocal),
    ];
    kind.prop_map(stmt).boxed()
}

fn any_stmt() -> BoxedStrategy<Stmt> {
    simple_stmt()
        .prop_recursive(3, 24, 3, |inner| {
            let body = || prop::collection::vec(inner.clone(), 1..3);
            let orelse = || prop_oneof![Just(Vec::new()), body()];
            let e = any_expr;
            let elif_else = (prop::collection::vec((e(), body()), 0..2), orelse()).prop_map(
                |(elifs, orelse)| {
                    let mut clauses: Vec<ElifElse> = elifs
                        .into_iter()
                        .map(|(test, body)| ElifElse {
                            test: Some(test),
                            body,
                            span: Span::default(),
                        })
                        .collect();
                    if !orelse.is_empty() {
                        clauses.push(ElifElse {
                            test: None,
                            body: orelse,
                            span: Span::default(),
                        });
                    }
                    clauses
                },
            );
            let with_item = (e(), prop::option::of(assign_target(e())))
                .prop_map(|(context, target)| WithItem { context, target });
            let handler = (
                prop::option::of((e(), prop::option::of(any_ident()))),
                body(),
            )
                .prop_map(|(kind, body)| {
                    let (kind, name) = match kind {
                        Some((kind, name)) => (Some(kind), name),
                        None => (None, None),
                    };
                    ExceptHandler {
                        kind,
                        name,
                        body,
                        span: Span::default(),
                    }
                });
            let decorator = prop_oneof![
                name(),
                (name(), any_ident()).prop_map(|(value, attr)| expr(ExprKind::Attribute {
                    value: Box::new(value),
                    attr,
                })),
                (name(), call_args(e())).prop_map(|(func, args)| expr(ExprKind::Call {
                    func: Box::new(func),
                    args
                })),
            ];
            let decorators = || prop::collection::vec(decorator.clone(), 0..2);
            let kind = prop_oneof![
                (e(), body(), elif_else).prop_map(|(test, body, elif_else)| StmtKind::If {
                    test,
                    body,
                    elif_else
                }),
                (for_target(), e(), body(), orelse()).prop_map(|(target, iter, body, orelse)| {
                    StmtKind::For {
                        is_async: false,
                        target,
                        iter,
                        body,
                        orelse,
                    }
                }),
                (e(), body(), orelse()).prop_map(|(test, body, orelse)| StmtKind::While {
                    test,
                    body,
                    orelse
                }),
                (prop::collection::vec(with_item, 1..3), body()).prop_map(|(items, body)| {
                    StmtKind::With {
                        is_async: false,
                        items,
                        body,
                    }
                }),
                (
                    body(),
                    prop::collection::vec(handler, 0..3),
                    orelse(),
                    orelse()
                )
                    .prop_map(|(body, handlers, orelse, finalbody)| {
                        // `else` needs an `except`; a `try` needs an `except` or `finally`.
                        let orelse = if handlers.is_empty() {
                            Vec::new()
                        } else {
                            orelse
                        };
                        let finalbody = match (handlers.is_empty(), finalbody.is_empty()) {
                            (true, true) => vec![stmt(StmtKind::Pass)],
                            _ => finalbody,
                        };
                        StmtKind::Try {
                            body,
                            handlers,
                            orelse,
                            finalbody,
                        }
                    }),
                (decorators(), any_ident(), params(e()), body()).prop_map(
                    |(decorators, name, params, body)| {
                        StmtKind::FunctionDef(Box::new(FunctionDef {
                            is_async: false,
                            decorators,
                            name,
                            params,
                            body,
                        }))
                    }
                ),
                (decorators(), any_ident(), call_args(e()), body()).prop_map(
                    |(decorators, name, bases, body)| {
                        StmtKind::ClassDef(Box::new(ClassDef {
                            decorators,
                            name,
                            bases,
                            body,
                        }))
                    }
                ),
            ];
            kind.prop_map(stmt)
        })
        .boxed()
}

fn any_module() -> impl Strategy<Value = Module> {
    prop::collection::vec(any_stmt(), 0..4).prop_map(|body| Module {
        body,
        span: Span::default(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_trees_roundtrip_through_the_printer(module in any_module()) {
        if let Some(failure) = roundtrip_failure(&module, &[]) {
            prop_assert!(false, "{}", failure);
        }
    }
}
