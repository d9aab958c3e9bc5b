//! Helpers shared by the evaluator's integration tests (`#[path]`-included by each).
#![allow(dead_code)]

use aurora_compiler::eval::{evaluate, EvalOptions, Evaluation, Output};
use aurora_dsl::{render_human, SourceMap};

/// The outcome of evaluating a snippet.
pub struct Run {
    pub evaluation: Evaluation,
    pub sources: SourceMap,
}

impl Run {
    /// `repr()` of a global.
    pub fn repr(&self, name: &str) -> String {
        match self.evaluation.globals.get(name) {
            Some(value) => format!("{value:?}"),
            None => panic!(
                "`{name}` is not defined; diagnostics:\n{}",
                self.diagnostics()
            ),
        }
    }

    /// Every diagnostic, rendered without color.
    pub fn diagnostics(&self) -> String {
        self.evaluation
            .diagnostics
            .iter()
            .map(|diagnostic| render_human(diagnostic, &self.sources, false))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The first diagnostic's message.
    pub fn error(&self) -> String {
        match self.evaluation.diagnostics.first() {
            Some(diagnostic) => diagnostic.message.clone(),
            None => panic!("expected an error; printed:\n{}", self.evaluation.printed),
        }
    }

    pub fn printed(&self) -> &str {
        assert!(self.evaluation.is_ok(), "{}", self.diagnostics());
        &self.evaluation.printed
    }
}

/// Options for tests: captured output, an empty environment.
pub fn options() -> EvalOptions {
    EvalOptions {
        output: Output::Capture,
        ..EvalOptions::default()
    }
}

/// Evaluates `source` as `test.aurora` with `options`.
pub fn run_with(source: &str, options: &EvalOptions) -> Run {
    let mut sources = SourceMap::new();
    let file = sources.add("test.aurora", source);
    let evaluation = evaluate(&mut sources, file, options);
    Run {
        evaluation,
        sources,
    }
}

/// Evaluates `source` with the test options.
pub fn run(source: &str) -> Run {
    run_with(source, &options())
}

/// `repr()` of the global `x` after evaluating `source`.
pub fn x(source: &str) -> String {
    run(source).repr("x")
}

/// What `source` printed (it must succeed).
pub fn printed(source: &str) -> String {
    run(source).printed().to_string()
}

/// The message of the error `source` ends with.
pub fn error(source: &str) -> String {
    run(source).error()
}

/// Checks `repr(expr)` for each `(expr, expected)` pair, reporting every mismatch.
pub fn check_exprs(cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (expr, expected) in cases {
        let run = run(&format!("x = {expr}\n"));
        let actual = match run.evaluation.globals.get("x") {
            Some(value) if run.evaluation.is_ok() => format!("{value:?}"),
            _ => format!(
                "<error: {}>",
                run.evaluation
                    .diagnostics
                    .first()
                    .map_or(String::new(), |d| d.message.clone())
            ),
        };
        if actual != *expected {
            failures.push(format!(
                "{expr}\n    expected: {expected}\n    actual:   {actual}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Checks the error message of each `(source, expected message)` pair.
pub fn check_errors(cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (source, expected) in cases {
        let run = run(source);
        let actual = match run.evaluation.diagnostics.first() {
            Some(diagnostic) => diagnostic.message.clone(),
            None => "<no error>".to_string(),
        };
        if actual != *expected {
            failures.push(format!(
                "{source}\n    expected: {expected}\n    actual:   {actual}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
