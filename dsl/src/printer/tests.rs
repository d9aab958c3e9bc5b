//! Exact output for the cases where precedence and literals are easy to get wrong.

use super::*;
use crate::source_map::{FileId, Span};

/// The canonical text of `source`, which must parse.
fn reprint(source: &str) -> String {
    let parsed = crate::parse(source, FileId(0));
    assert!(parsed.tree_complete, "{source:?}: {:?}", parsed.diagnostics);
    print_module(&parsed.module)
}

fn assert_reprints(cases: &[(&str, &str)]) {
    for (source, expected) in cases {
        assert_eq!(reprint(source).trim_end(), *expected, "printing {source:?}");
    }
}

#[test]
fn power_binds_tighter_than_a_unary_on_its_left() {
    assert_reprints(&[
        ("-x**2", "-x ** 2"),
        ("(-x)**2", "(-x) ** 2"),
        ("2**-1", "2 ** -1"),
        ("a**b**c", "a ** b ** c"),
        ("(a**b)**c", "(a ** b) ** c"),
        ("await x ** 2", "await x ** 2"),
    ]);
}

#[test]
fn binary_operators_are_left_associative() {
    assert_reprints(&[
        ("a - b - c", "a - b - c"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a + b) * c", "(a + b) * c"),
        ("a | (b << 1)", "a | b << 1"),
        ("(a | b) & c", "(a | b) & c"),
        ("-(-x)", "--x"),
    ]);
}

#[test]
fn nested_boolean_chains_and_comparisons_keep_their_shape() {
    assert_reprints(&[
        ("a and (b and c)", "a and (b and c)"),
        ("(a and b) and c", "(a and b) and c"),
        ("(a and b) or c", "a and b or c"),
        ("(a or b) and c", "(a or b) and c"),
        ("(a < b) < c", "(a < b) < c"),
        ("a < b < c", "a < b < c"),
        ("not (a not in b)", "not a not in b"),
        ("(not a) is not b", "(not a) is not b"),
    ]);
}

#[test]
fn conditional_expressions_and_lambdas() {
    assert_reprints(&[
        ("a if b else (c if d else e)", "a if b else c if d else e"),
        ("(a if b else c) if d else e", "(a if b else c) if d else e"),
        ("a if (lambda: x) else c", "a if (lambda: x) else c"),
        ("f(lambda x, *a, **k: x)", "f(lambda x, *a, **k: x)"),
        ("lambda x=(lambda: 1): x", "lambda x=(lambda: 1): x"),
    ]);
}

#[test]
fn tuples_are_parenthesised_except_as_a_subscript_index() {
    assert_reprints(&[
        ("x = 1, 2", "x = (1, 2)"),
        ("a, = ()", "(a,) = ()"),
        ("x[(1, 2)]", "x[1, 2]"),
        ("x[1,]", "x[1,]"),
        ("x[()]", "x[()]"),
        ("x[1:2, ::3]", "x[1:2, ::3]"),
        ("x[:]", "x[:]"),
        ("f(x for x in y)", "f((x for x in y))"),
        ("with (a, b): pass", "with ((a, b)):\n    pass"),
    ]);
}

#[test]
fn literals_print_so_they_lex_back_to_the_same_value() {
    assert_reprints(&[
        ("1 .real", "(1).real"),
        ("1e100, 1E-7, 1.50, 0.", "(1e100, 1e-7, 1.5, 0.0)"),
        ("1e999", "1e999"),
        ("0x10, 18446744073709551616", "(16, 18446744073709551616)"),
        (
            r#""it's\a" '\\\n\r\t\0\x7fé'"#,
            r"'it\'s\x07\\\n\r\t\x00\x7fé'",
        ),
        ("u'x' U'y', B'z'", "(u'xy', b'z')"),
    ]);
}

#[test]
fn statements_print_one_per_line_with_blocks_indented() {
    let source = r"
@memoize
def f(a=(), *, b, **kw):
    if a: print >>f, a, b,
    elif b: print
    else:
        x = y = yield
try: pass
except E, e: raise
";
    let expected = "\
@memoize
def f(a=(), *, b, **kw):
    if a:
        print >>f, a, b,
    elif b:
        print
    else:
        x = y = yield
try:
    pass
except E as e:
    raise
";
    assert_eq!(reprint(source), expected);
}

#[test]
fn trees_no_parse_makes_still_print_as_python() {
    let expr = |kind| Expr::new(kind, Span::default());
    let stmt = |kind| Stmt {
        kind,
        span: Span::default(),
    };
    let empty_if = stmt(StmtKind::If {
        test: expr(ExprKind::Error),
        body: Vec::new(),
        elif_else: Vec::new(),
    });
    let module = Module {
        body: vec![empty_if, stmt(StmtKind::Error)],
        span: Span::default(),
    };
    let expected = "if __syntax_error__:\n    pass\npass  # syntax error\n";
    assert_eq!(print_module(&module), expected);
    assert_eq!(print_expr(&expr(ExprKind::Set(Vec::new()))), "set()");
    assert_eq!(print_expr(&expr(ExprKind::Float(-0.5))), "-0.5");
}
