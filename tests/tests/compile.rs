//! `aurora config compile` and `aurora job inspect --write-json` against the conformance
//! corpus: for every job key real Aurora compiled (or rejected), the file is loaded
//! in-process with the arguments it was run with, the job compiled, and the outcome
//! compared with what real Aurora produced:
//! - the `JobConfiguration` in canonical JSON, byte for byte with `*.thrift.json`;
//! - the inspect JSON re-emitted in the canonical layout, byte for byte with `*.inspect.json`;
//! - an error, by the essential words of the recorded message (see `common::essential`).
//!
//! Two recorded facts cannot be reproduced and are normalized on both sides: Thermos draws
//! random port numbers (30000-39999) when it checks for nested templates, and files that
//! merge tasks (`Tasks.combine`/`concat`, `combine_tasks`/`concat_tasks`) get their processes
//! in Python's set order (FORMAT.md: compare processes sorted by name, constraints by text).
//! Lists of unbound refs in messages also come from a Python set (of `Ref`s, hashed by
//! their text, so the order changes with the interpreter's string hashing): they compare as
//! sets.

mod common;

use aurora_compiler::config::load;
use aurora_compiler::job::{compile_job, parse_job_key, CompileOptions, Tiers};
use aurora_conformance::{Corpus, JobCase, JobOutcome};
use common::{essential, syntax_error_line};
use serde_json::Value;

/// What we produced for a job.
enum Ours {
    Compiled {
        thrift_json: String,
        inspect_json: String,
    },
    Error {
        message: String,
        syntax_line: Option<usize>,
    },
}

fn run(case: &JobCase, root: &str) -> Ours {
    let key = match parse_job_key(&case.key) {
        Ok(key) => key,
        Err(message) => {
            return Ours::Error {
                message,
                syntax_line: None,
            }
        }
    };
    let loaded = load(&case.path, &common::load_options(&case.args));
    if let Some(error) = common::first_load_error(&loaded, root) {
        return Ours::Error {
            message: error.message,
            syntax_line: error.syntax_line,
        };
    }
    let options = CompileOptions {
        user: "aurora".into(),
        tiers: Tiers::default(),
    };
    match compile_job(&loaded, &key, &options) {
        Ok(job) => Ours::Compiled {
            thrift_json: aurora_api::to_canonical_json(&job.configuration),
            inspect_json: job
                .inspect_json()
                .unwrap_or_else(|e| format!("inspect failed: {e}")),
        },
        Err(error) => Ours::Error {
            message: error.client_text(),
            syntax_line: None,
        },
    }
}

/// Replaces the numbers Thermos draws for ports inside `[...]` with `PORT`.
fn without_random_ports(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 5 && rest.starts_with('3') && rest[digits..].starts_with(']') {
            out.push_str("PORT");
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// The message with a trailing run of `{{ref}}`s (as the unbound-ref messages list them)
/// in sorted order.
fn refs_sorted(message: &str) -> String {
    let mut out = String::new();
    for line in message.lines() {
        if !out.is_empty() {
            out.push('\n');
        }
        let Some(start) = line.find("{{") else {
            out.push_str(line);
            continue;
        };
        let (head, tail) = line.split_at(start);
        let end = tail.rfind("}}").map_or(tail.len(), |i| i + 2);
        let (refs, rest) = tail.split_at(end);
        let mut refs: Vec<&str> = refs.split(' ').collect();
        refs.sort_unstable();
        out.push_str(head);
        out.push_str(&refs.join(" "));
        out.push_str(rest);
    }
    out
}

/// Sorts what a task merge leaves in set order: processes by name, constraints by text.
fn normalize_merged(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                normalize_merged(item);
                if let Value::Array(items) = item {
                    if key == "processes" {
                        items.sort_by_key(|p| p.get("name").map(ToString::to_string));
                    } else if key == "constraints" {
                        items.sort_by_key(ToString::to_string);
                    }
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize_merged),
        _ => {}
    }
}

/// Parses JSON, with the executor data (a JSON string inside) parsed too.
fn parse(text: &str, merged: bool) -> Result<Value, String> {
    let mut value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if let Some(data) = value.pointer_mut("/taskConfig/executorConfig/data") {
        if let Value::String(inner) = data {
            if let Ok(parsed) = serde_json::from_str(inner) {
                *data = parsed;
            }
        }
    }
    if merged {
        normalize_merged(&mut value);
    }
    Ok(value)
}

fn uses_task_merging(case: &JobCase) -> bool {
    let text = std::fs::read_to_string(&case.path).unwrap_or_default();
    ["combine", "concat"].iter().any(|word| text.contains(word))
}

fn compare(case: &JobCase, ours: &Ours) -> Option<String> {
    match (&case.expected, ours) {
        (
            JobOutcome::Compiled {
                thrift_json,
                inspect_json,
            },
            Ours::Compiled {
                thrift_json: our_thrift,
                inspect_json: our_inspect,
            },
        ) => {
            let merged = uses_task_merging(case);
            let thrift_same = if merged {
                parse(thrift_json, true) == parse(our_thrift, true)
            } else {
                thrift_json == our_thrift
            };
            if !thrift_same {
                return Some(format!(
                    "JobConfiguration differs:\n{}",
                    first_difference(thrift_json, our_thrift)
                ));
            }
            if merged {
                let (expected, got) = (parse(inspect_json, true), parse(our_inspect, true));
                return (expected != got).then(|| "inspect JSON differs (processes sorted)".into());
            }
            let ours = aurora_api::reformat_canonical(our_inspect)
                .unwrap_or_else(|e| format!("unparsable inspect JSON ({e}): {our_inspect}"));
            (*inspect_json != ours).then(|| {
                format!(
                    "inspect JSON differs:\n{}",
                    first_difference(inspect_json, &ours)
                )
            })
        }
        (JobOutcome::Compiled { .. }, Ours::Error { message, .. }) => {
            Some(format!("failed: {message}"))
        }
        (JobOutcome::Error(recorded), Ours::Compiled { .. }) => {
            Some(format!("compiled, real Aurora failed: {recorded}"))
        }
        (
            JobOutcome::Error(recorded),
            Ours::Error {
                message,
                syntax_line,
            },
        ) => match syntax_error_line(recorded) {
            Some(line) if *syntax_line == Some(line) => None,
            Some(line) => Some(format!(
                "expected a syntax error on line {line}, got {message:?} (line {syntax_line:?})"
            )),
            None => {
                let words = refs_sorted(&without_random_ports(&essential(recorded)));
                (refs_sorted(&without_random_ports(&essential(message))) != words)
                    .then(|| format!("error differs: expected {words:?}, got {message:?}"))
            }
        },
    }
}

/// The first differing line of two texts, with its neighbours.
fn first_difference(expected: &str, got: &str) -> String {
    let (e, g): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), got.lines().collect());
    let i = e.iter().zip(&g).take_while(|(a, b)| a == b).count();
    let show = |lines: &[&str]| lines[i.saturating_sub(3)..(i + 3).min(lines.len())].join("\n");
    format!(
        "--- expected (line {})\n{}\n--- got\n{}",
        i + 1,
        show(&e),
        show(&g)
    )
}

#[test]
fn compile_matches_real_aurora() {
    let Some(corpus) = Corpus::locate() else {
        return;
    };
    let root = format!("{}/", corpus.root().display());
    let cases = corpus.job_cases();
    let mut mismatches = Vec::new();
    for case in &cases {
        let ours = run(case, &root);
        if let Some(reason) = compare(case, &ours) {
            mismatches.push(format!("  {} {}: {reason}", case.relative, case.key));
        }
    }
    let matched = cases.len() - mismatches.len();
    println!("config compile: {matched}/{} job keys match", cases.len());
    for mismatch in &mismatches {
        println!("{mismatch}");
    }
    assert!(
        mismatches.is_empty(),
        "{} job keys differ",
        mismatches.len()
    );
}

#[test]
fn unbound_ref_lists_compare_as_sets() {
    assert_eq!(
        refs_sorted("variables: {{b}} {{a[x]}}. Make sure"),
        "variables: {{a[x]}} {{b}}. Make sure"
    );
}

#[test]
fn random_port_numbers_are_normalized() {
    assert_eq!(
        without_random_ports("refs: {{hello[38681]}}. and [3] [40000]"),
        "refs: {{hello[PORT]}}. and [3] [40000]"
    );
}
