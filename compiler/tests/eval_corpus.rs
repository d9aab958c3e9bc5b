//! The conformance corpus, as far as the evaluator alone can tell:
//! - every `.aurora` file evaluates without a panic with an empty prelude (`NameError`s for
//!   `Process`, `Job`... are expected until the schema is injected); a count is printed;
//! - with stand-ins for the schema names (accepting any call), the Python-level outcome
//!   agrees with what real Aurora did: files it loaded evaluate without error, and files it
//!   rejected with a Python exception (`NameError`, `KeyError`, a missing file) or a syntax
//!   error fail the same way here.

use std::any::Any;
use std::collections::BTreeMap;
use std::path::Path;
use std::rc::Rc;

use aurora_compiler::eval::{evaluate, EvalOptions, Output, Prelude};
use aurora_compiler::value::{Foreign, Host, Namespace, PyResult, Value};
use aurora_conformance::{Corpus, RunArg};
use aurora_dsl::SourceMap;

/// `ENV:NAME=VALUE` arguments from the corpus's ARGS file, by relative path.
fn environments(corpus: &Corpus) -> BTreeMap<String, BTreeMap<String, String>> {
    corpus
        .run_args()
        .into_iter()
        .map(|(path, args)| {
            let env = args
                .into_iter()
                .filter_map(|arg| match arg {
                    RunArg::Env(name, value) => Some((name, value)),
                    RunArg::Bind(_) => None,
                })
                .collect();
            (path, env)
        })
        .collect()
}

/// Evaluates one corpus file; the first error's message, or `None`.
fn evaluate_corpus_file(
    corpus: &Path,
    path: &Path,
    envs: &BTreeMap<String, BTreeMap<String, String>>,
    prelude: &Prelude,
) -> Option<String> {
    let relative = path.strip_prefix(corpus).unwrap().display().to_string();
    let mut env = envs.get(&relative).cloned().unwrap_or_default();
    env.insert("USER".into(), "aurora".into());
    let options = EvalOptions {
        output: Output::Capture,
        env,
        prelude: prelude.clone(),
        cwd: path.parent().map(Path::to_path_buf),
        ..EvalOptions::default()
    };
    let text = std::fs::read_to_string(path).unwrap();
    let mut sources = SourceMap::new();
    let file = sources.add(path, text);
    let evaluation = evaluate(&mut sources, file, &options);
    evaluation
        .diagnostics
        .iter()
        .find(|diagnostic| diagnostic.is_error())
        .map(|diagnostic| diagnostic.message.clone())
}

#[test]
fn every_corpus_file_evaluates_without_panicking() {
    let Some(corpus) = Corpus::locate() else {
        return;
    };
    let files = corpus.aurora_files();
    let envs = environments(&corpus);
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let mut panics = Vec::new();
    for path in &files {
        let result = std::panic::catch_unwind(|| {
            match evaluate_corpus_file(corpus.root(), path, &envs, &Prelude::new()) {
                None => "ok".to_string(),
                // Group NameErrors by name, other errors by their message.
                Some(message) => message
                    .split(" is not defined")
                    .next()
                    .unwrap_or(&message)
                    .to_string(),
            }
        });
        match result {
            Ok(outcome) => *outcomes.entry(outcome).or_default() += 1,
            Err(_) => panics.push(path.display().to_string()),
        }
    }
    println!(
        "{} corpus files evaluated with an empty prelude:",
        files.len()
    );
    for (outcome, count) in &outcomes {
        println!("{count:5}  {outcome}");
    }
    assert!(panics.is_empty(), "evaluation panicked on: {panics:#?}");
}

/// Accepts any call, attribute, subscript or subclass: a stand-in for schema values.
struct Stub;

fn stub() -> Value {
    Value::Foreign(Rc::new(Stub))
}

impl Foreign for Stub {
    fn type_name(&self) -> String {
        "Stub".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self) -> String {
        "Stub".into()
    }
    fn get_attr(&self, _: &Value, _: &str, _: &mut dyn Host) -> Option<PyResult<Value>> {
        Some(Ok(stub()))
    }
    fn call_method(
        &self,
        _: &Value,
        _: &str,
        _: Vec<Value>,
        _: Vec<(Rc<str>, Value)>,
        _: &mut dyn Host,
    ) -> Option<PyResult<Value>> {
        Some(Ok(stub()))
    }
    fn call(
        &self,
        _: &Value,
        _: Vec<Value>,
        _: Vec<(Rc<str>, Value)>,
        _: &mut dyn Host,
    ) -> Option<PyResult<Value>> {
        Some(Ok(stub()))
    }
    fn get_item(&self, _: &Value, _: &mut dyn Host) -> Option<PyResult<Value>> {
        Some(Ok(stub()))
    }
    fn iterate(&self, _: &mut dyn Host) -> Option<PyResult<Vec<Value>>> {
        Some(Ok(Vec::new()))
    }
    fn binary_op(
        &self,
        _: aurora_dsl::ast::BinOp,
        _: &Value,
        _: bool,
        _: &mut dyn Host,
    ) -> Option<PyResult<Value>> {
        Some(Ok(stub()))
    }
    fn subclass(
        &self,
        _: &str,
        _: &[Value],
        _: Namespace,
        _: &mut dyn Host,
    ) -> Option<PyResult<Value>> {
        Some(Ok(stub()))
    }
    fn instance_check(&self, _: &Value) -> Option<bool> {
        Some(false)
    }
}

/// What real Aurora's outcome says about the evaluation, from SUMMARY.tsv's rows.
#[derive(Debug)]
enum Expected {
    Loads,
    /// Failed with a Python exception: the class and the message (as Python 2 prints it).
    Exception(String, String),
    SyntaxError,
    /// Failed beyond what stand-ins can reproduce (Pystachio's own checks).
    NotCheckable,
}

fn expected_outcomes(corpus: &Corpus) -> BTreeMap<String, Expected> {
    let mut expected = BTreeMap::new();
    for row in corpus.summary() {
        let (path, key) = (row.path.as_str(), row.key.as_str());
        let message = row
            .message
            .trim_start_matches("Unhandled exception: ")
            .trim_start_matches("Error loading configuration file: ")
            .trim_start_matches("Error loading configuration: ");
        let outcome = if row.ok {
            Expected::Loads
        } else if message.starts_with("invalid syntax") || message.starts_with("EOL while") {
            Expected::SyntaxError
        } else if let Some(name) = message.strip_prefix("name '") {
            Expected::Exception("NameError".into(), format!("name '{name}"))
        } else if let Some((class @ ("NameError" | "KeyError" | "FileNotFoundError"), text)) =
            message.split_once(": ")
        {
            let class = if class == "FileNotFoundError" {
                "IOError"
            } else {
                class
            };
            Expected::Exception(class.into(), text.into())
        } else if key == "-" {
            Expected::NotCheckable
        } else {
            // A job-level error from Pystachio's checks or the thrift conversion: the file
            // itself evaluated.
            Expected::Loads
        };
        let entry = expected.entry(path.to_string()).or_insert(Expected::Loads);
        if !matches!(outcome, Expected::Loads) {
            *entry = outcome;
        }
    }
    expected
}

#[test]
fn python_level_outcomes_agree_with_real_aurora() {
    let Some(corpus) = Corpus::locate() else {
        return;
    };
    let expected = expected_outcomes(&corpus);
    let envs = environments(&corpus);
    let mut prelude = Prelude::new();
    for name in aurora_stdlib::prelude_names() {
        prelude.insert(name, stub());
    }
    for (name, value) in [
        ("KB", 1i64 << 10),
        ("MB", 1 << 20),
        ("GB", 1 << 30),
        ("TB", 1 << 40),
    ] {
        prelude.insert(name, Value::Int(value));
    }
    let mut disagreements = Vec::new();
    let mut checked = 0;
    for (relative, outcome) in &expected {
        let ours = evaluate_corpus_file(
            corpus.root(),
            &corpus.root().join(relative),
            &envs,
            &prelude,
        );
        let agrees = match (outcome, &ours) {
            (Expected::NotCheckable, _) => continue,
            (Expected::Loads, None) => true,
            (Expected::SyntaxError, Some(_)) => true,
            (Expected::Exception(class, text), Some(message)) => {
                // Paths of missing files are shown as each tool resolved them.
                let text = text.split(": '").next().unwrap_or(text);
                message.starts_with(&format!("{class}: ")) && message.contains(text)
            }
            _ => false,
        };
        checked += 1;
        if !agrees {
            disagreements.push(format!(
                "{relative}\n    real Aurora: {outcome:?}\n    ours: {ours:?}"
            ));
        }
    }
    println!("{checked} corpus files checked against real Aurora's outcome");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
