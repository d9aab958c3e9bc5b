//! Every limit ends a runaway config quickly, with a diagnostic naming it and the span.

#[path = "eval_support.rs"]
mod support;
use support::*;

use aurora_compiler::eval::{EvalOptions, Limits};

fn limited(source: &str) -> (String, String, String) {
    let run = run(source);
    let diagnostic = run
        .evaluation
        .diagnostics
        .first()
        .unwrap_or_else(|| panic!("no limit was hit by:\n{source}"));
    (
        diagnostic.code.0.to_string(),
        diagnostic.message.clone(),
        run.sources.snippet(diagnostic.primary_span()).to_string(),
    )
}

#[test]
fn infinite_recursion_names_the_function() {
    let (code, message, at) = limited("def f(n):\n    return f(n + 1)\nf(0)\n");
    assert_eq!(code, "E0102");
    assert!(
        message.starts_with("maximum recursion depth exceeded while calling `f`"),
        "{message}"
    );
    assert_eq!(at, "f(n + 1)");
    let (_, message, _) = limited("def a():\n    return b()\ndef b():\n    return a()\na()\n");
    assert!(
        message.starts_with("maximum recursion depth exceeded"),
        "{message}"
    );
    // Catching it is not possible: it ends the evaluation.
    let (code, _, _) = limited("def f():\n    f()\ntry:\n    f()\nexcept Exception:\n    pass\n");
    assert_eq!(code, "E0102");
}

#[test]
fn huge_collections_are_refused_before_they_are_built() {
    for (source, at) in [
        ("x = range(10 ** 9)\n", "range(10 ** 9)"),
        ("x = 'x' * 10 ** 10\n", "'x' * 10 ** 10"),
        ("x = [0] * 10 ** 9\n", "[0] * 10 ** 9"),
        ("x = list(xrange(10 ** 9))\n", "list(xrange(10 ** 9))"),
        ("x = '%2000000000d' % 1\n", "'%2000000000d' % 1"),
        ("x = 'a'.ljust(10 ** 10)\n", "'a'.ljust(10 ** 10)"),
        (
            "x = '{:>2000000000}'.format(1)\n",
            "'{:>2000000000}'.format(1)",
        ),
    ] {
        let (code, message, span) = limited(source);
        assert_eq!(code, "E0102", "{source}");
        assert!(
            message.contains("larger than the limit"),
            "{source}: {message}"
        );
        assert_eq!(span, at, "{source}");
    }
}

#[test]
fn doubling_a_string_in_a_loop_hits_the_size_limit() {
    let (code, message, at) = limited("s = 'x'\nfor i in range(100):\n    s = s + s\n");
    assert_eq!(code, "E0102");
    assert!(message.starts_with("a string of"), "{message}");
    assert_eq!(at, "s + s");
}

#[test]
fn accumulating_memory_hits_the_allocation_limit() {
    let (code, message, _) =
        limited("l = []\nfor i in range(100000):\n    l.append('y' * 10000000)\n");
    assert_eq!(code, "E0102");
    assert!(message.contains("allocated more than"), "{message}");
}

#[test]
fn endless_loops_hit_the_step_limit() {
    let (code, message, _) = limited("import itertools\nfor i in itertools.count():\n    pass\n");
    assert_eq!(code, "E0102");
    assert!(message.contains("step limit"), "{message}");
    let (code, message, _) = limited("while True:\n    pass\n");
    assert_eq!(code, "E0102");
    assert!(message.contains("step limit"), "{message}");
    assert_eq!(
        x("n = 0\nwhile n < 3:\n    n += 1\nelse:\n    n *= 10\nx = n\n"),
        "30"
    );
    assert_eq!(
        x("n = 0\nwhile True:\n    n += 1\n    if n > 4:\n        break\nelse:\n    n = -1\nx = n\n"),
        "5"
    );
    let options = EvalOptions {
        limits: Limits {
            max_steps: 1000,
            ..Limits::default()
        },
        ..options()
    };
    let run = run_with("for i in range(10000):\n    x = i\n", &options);
    assert!(run.error().contains("step limit (1000 steps)"));
}

#[test]
fn huge_integers_are_refused() {
    let (code, message, at) = limited("x = 10 ** 10 ** 10\n");
    assert_eq!(code, "E0102");
    assert!(message.contains("bits"), "{message}");
    assert_eq!(at, "10 ** 10 ** 10");
    let (code, _, _) = limited("x = 1 << 10 ** 9\n");
    assert_eq!(code, "E0102");
    assert_eq!(x("x = 2 ** 1000 > 0\n"), "True");
}

#[test]
fn deeply_nested_data_is_printed_compared_and_dropped_safely() {
    // Building a million-deep list must neither overflow the stack when printed (a limit
    // stops it) nor when it is dropped at the end.
    let (code, message, _) = limited("a = []\nfor i in range(300000):\n    a = [a]\ns = repr(a)\n");
    assert_eq!(code, "E0102");
    assert!(
        message.contains("maximum recursion depth exceeded while getting the repr"),
        "{message}"
    );
    let (code, _, _) =
        limited("a = []\nb = []\nfor i in range(300000):\n    a = [a]\n    b = [b]\nx = a == b\n");
    assert_eq!(code, "E0102");
    let run = run("d = {}\nfor i in range(300000):\n    d = {'k': d}\nf = None\nfor i in range(100000):\n    f = (lambda g: lambda: g)(f)\nok = 1\n");
    assert_eq!(run.repr("ok"), "1");
    assert_eq!(x("a = []\na.append(a)\nx = repr(a)\n"), "'[[...]]'");
}

#[test]
fn include_depth_is_limited() {
    let dir = tempfile::tempdir().unwrap();
    for depth in 0..50 {
        std::fs::write(
            dir.path().join(format!("f{depth}.aurora")),
            format!("include('f{}.aurora')\n", depth + 1),
        )
        .unwrap();
    }
    let mut sources = aurora_dsl::SourceMap::new();
    let path = dir.path().join("f0.aurora");
    let text = std::fs::read_to_string(&path).unwrap();
    let file = sources.add(&path, text);
    let evaluation = aurora_compiler::eval::evaluate(&mut sources, file, &options());
    let diagnostic = &evaluation.diagnostics[0];
    assert_eq!(diagnostic.code.0, "E0102");
    assert!(
        diagnostic.message.contains("nested more than 32 deep"),
        "{}",
        diagnostic.message
    );
}

#[test]
fn deep_expressions_inside_deep_recursion_stay_within_the_stack() {
    let nested = format!("{}n{}", "(".repeat(150), " + 1)".repeat(150));
    let source = format!("def f(n):\n    return f({nested}) if n < 100000 else 0\nf(0)\n");
    let (code, message, _) = limited(&source);
    assert_eq!(code, "E0102");
    assert!(
        message.starts_with("maximum recursion depth exceeded"),
        "{message}"
    );
}

#[test]
fn ordinary_large_collections_stay_within_the_limits() {
    // Growing collections one element at a time accounts for each element once.
    let run = run(
        "a = [i for i in range(200000)]\nb = []\nfor i in range(200000):\n    b.append(i)\nc = list(x for x in a)\nd = {i: i for i in a}\nx = (len(a), len(b), len(c), len(d))\n",
    );
    assert_eq!(run.repr("x"), "(200000, 200000, 200000, 200000)");
}

#[test]
fn an_interrupt_stops_a_running_evaluation() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use aurora_compiler::eval::Interrupt;

    let source = "total = 0\nfor i in xrange(1000000):\n    total += i\n";
    let looks = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&looks);
    let interrupted = EvalOptions {
        // Asked to stop at the third look.
        interrupt: Some(Interrupt::new(move || {
            counted.fetch_add(1, Ordering::SeqCst) >= 2
        })),
        ..options()
    };
    let run = run_with(source, &interrupted);
    let diagnostic = run.evaluation.diagnostics.first().expect("interrupted");
    assert_eq!(diagnostic.code.0, "E0105");
    assert_eq!(looks.load(Ordering::SeqCst), 3);

    // Never asked: the loop runs to its end.
    let never = EvalOptions {
        interrupt: Some(Interrupt::new(|| false)),
        ..options()
    };
    let run = run_with(source, &never);
    assert!(run.evaluation.diagnostics.is_empty());
    assert_eq!(run.repr("total"), "499999500000");
}
