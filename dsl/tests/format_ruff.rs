//! `aurora fmt` against `ruff format`, on inputs nobody wrote by hand: small modules made
//! from seeds (`python_gen`) and corpus files changed in ways that move line breaks
//! (re-indented, lines joined or split, trailing commas added or removed, names made
//! longer or shorter). Every output must equal ruff's, and keep the formatter's promises
//! (same tree, same comments, stable).
//!
//! `AURORA_FMT_CASES` sets how many modules to make (default [`DEFAULT_CASES`]);
//! `AURORA_FMT_MUTATIONS` how many mutations of each corpus file (default
//! [`DEFAULT_MUTATIONS`], at most [`MUTATIONS`]`.len()`); `FORMAT_DIFF=dir` writes every
//! case that differs to `dir` as `name.in`, `name.ruff` and `name.ours`. Without ruff
//! (`RUFF`, or `ruff` on `PATH`) only the promises are checked.

mod format_support;
mod python_gen;

use std::fs;

use aurora_conformance::Corpus;
use aurora_dsl::format::{format, FormatOptions};
use aurora_dsl::token::Tok;
use aurora_dsl::{parse, FileId};
use format_support::{broken_promise, diff_dir, ruff, ruff_format_all};

const DEFAULT_CASES: usize = 1500;

const DEFAULT_MUTATIONS: usize = 4;
/// Differences shown in a failure message; the rest are counted.
const SHOWN: usize = 8;

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// One input to format.
struct Case {
    name: String,
    input: String,
}

/// What formatting the cases with both formatters found.
struct Outcome {
    /// Cases whose output breaks a promise (or that ruff refused when it must parse them).
    broken: Vec<String>,
    /// Cases whose output differs from ruff's.
    differing: Vec<String>,
    /// How many cases were compared with ruff.
    compared: usize,
}

/// Ruff's output with the one difference we keep on purpose undone: Python 2 allows no
/// trailing comma in brackets holding `*args` or `**kwargs`, where ruff adds one when
/// they break.
fn without_comma_after_star_items(ruff_output: &str) -> String {
    let lines: Vec<&str> = ruff_output.split_inclusive('\n').collect();
    let code_of = |line: &str| {
        line.split("  #")
            .next()
            .unwrap_or(line)
            .trim_end()
            .to_string()
    };
    let indent = |line: &str| line.len() - line.trim_start().len();
    // `*args` and `**kwargs` are printed attached; `** x` at a line's start is the power
    // operator of a broken expression.
    let is_star_item = |code: &str| {
        let code = code.trim_start();
        code.starts_with('*') && !code.trim_start_matches('*').starts_with(' ')
    };
    let mut out = String::with_capacity(ruff_output.len());
    for (index, line) in lines.iter().enumerate() {
        // The next line that is code: this item is the last one when it closes a bracket.
        let closes_next = lines[index + 1..]
            .iter()
            .map(|next| next.trim_start())
            .find(|next| !next.is_empty() && !next.starts_with('#'))
            .is_some_and(|next| next.starts_with([')', ']']));
        let code = code_of(line);
        // The bracket's other items: the lines above at this indentation, up to the
        // line that opens it.
        let level = indent(line);
        let in_bracket_with_star = lines[..=index]
            .iter()
            .rev()
            .take_while(|above| above.trim().is_empty() || indent(above) >= level)
            .any(|above| indent(above) == level && is_star_item(&code_of(above)));
        if closes_next && in_bracket_with_star && code.ends_with(',') {
            out.push_str(&code[..code.len() - 1]);
            out.push_str(&line[code.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Formats every case with both formatters.
fn compare(cases: &[Case], require_ruff_parses: bool) -> Outcome {
    let mut outcome = Outcome {
        broken: Vec::new(),
        differing: Vec::new(),
        compared: 0,
    };
    let mut outputs = Vec::with_capacity(cases.len());
    for case in cases {
        match format(&case.input, FileId(0), FormatOptions::default()) {
            Ok(output) => {
                if let Some(broken) = broken_promise(&case.input, &output) {
                    let what = format!("{broken}\n--- ours:\n{output}");
                    outcome.broken.push(described(case, &what));
                }
                outputs.push(Some(output));
            }
            Err(error) => {
                let what = format!("refused: {error:?}");
                outcome.broken.push(described(case, &what));
                outputs.push(None);
            }
        }
    }
    let Some(ruff) = ruff() else {
        println!("ruff not found (set RUFF): not comparing with ruff format");
        return outcome;
    };
    let inputs: Vec<String> = cases.iter().map(|case| case.input.clone()).collect();
    let expected = ruff_format_all(&ruff, &inputs);
    for ((case, output), expected) in cases.iter().zip(&outputs).zip(expected) {
        let Some(output) = output else {
            continue;
        };
        let expected = match expected {
            Ok(expected) => expected,
            Err(message) if require_ruff_parses => {
                let what = format!("ruff refused it: {message}");
                outcome.broken.push(described(case, &what));
                continue;
            }
            Err(_) => continue,
        };
        outcome.compared += 1;
        if *output == without_comma_after_star_items(&expected) {
            continue;
        }
        if let Some(dir) = diff_dir() {
            fs::create_dir_all(&dir).expect("FORMAT_DIFF is a directory");
            let stem = case.name.replace('/', "_");
            fs::write(dir.join(format!("{stem}.in")), &case.input).expect("write");
            fs::write(dir.join(format!("{stem}.ruff")), &expected).expect("write");
            fs::write(dir.join(format!("{stem}.ours")), output).expect("write");
        }
        let what = format!("differs from ruff:\n{}", line_diff(&expected, output));
        outcome.differing.push(described(case, &what));
    }
    outcome
}

fn described(case: &Case, what: &str) -> String {
    let input = if case.input.len() > 3000 {
        "(long; see FORMAT_DIFF)"
    } else {
        &case.input
    };
    format!("=== {}: {what}\n--- input:\n{input}", case.name)
}

/// The lines of `expected` (ruff's) and `actual` (ours) from their first difference.
fn line_diff(expected: &str, actual: &str) -> String {
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    let at = expected
        .iter()
        .zip(&actual)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(actual.len()));
    let from = at.saturating_sub(2);
    let show = |lines: &[&str]| lines[from.min(lines.len())..(at + 8).min(lines.len())].join("\n");
    format!(
        "--- ruff (from line {}):\n{}\n--- ours:\n{}",
        from + 1,
        show(&expected),
        show(&actual)
    )
}

fn assert_no_failures(what: &str, total: usize, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} of {total} {what} failed; the first {}:\n\n{}",
        failures.len(),
        SHOWN.min(failures.len()),
        failures[..SHOWN.min(failures.len())].join("\n\n")
    );
}

/// Generated modules formatted exactly as ruff formats them, in percent of those compared.
/// The generator is seeded by case number, so the cases are the same on every run.
///
/// FIXME: should be 100. What still differs (a case or two each): an assignment whose
/// value is a unary operation on a string (ruff splits the last target first), a tuple
/// in doubled parentheses as a subscript (ruff drops both pairs when it breaks), comments
/// between `with` items, a call chain whose later call holds comments (ruff breaks the
/// earlier call too), and a few assignments whose comments make ruff parenthesize or
/// split differently. `FORMAT_DIFF=dir` writes each difference.
const MIN_IDENTICAL_GENERATED_PERCENT: usize = 99;

#[test]
fn generated_modules_format_as_ruff_formats_them() {
    let count = env_count("AURORA_FMT_CASES", DEFAULT_CASES);
    let mut cases = Vec::with_capacity(count);
    let mut unparsable = Vec::new();
    for seed in 0..count as u64 {
        let input = python_gen::Gen::new(seed, python_gen::Features::ALL).module();
        let parsed = parse(&input, FileId(0));
        if !parsed.is_ok() {
            let messages: Vec<&str> = parsed
                .diagnostics
                .iter()
                .map(|d| d.message.as_str())
                .collect();
            unparsable.push(format!("seed {seed}: {messages:?}\n{input}"));
        }
        cases.push(Case {
            name: format!("seed {seed}"),
            input,
        });
    }
    assert_no_failures(
        "generated modules (that our parser must accept)",
        count,
        &unparsable,
    );
    let outcome = compare(&cases, true);
    let identical = outcome.compared - outcome.differing.len();
    println!(
        "{count} generated modules formatted, {} compared with ruff: {identical} identical",
        outcome.compared
    );
    assert_no_failures("generated modules", count, &outcome.broken);
    if let Some(percent) = (100 * identical).checked_div(outcome.compared) {
        assert!(
            percent >= MIN_IDENTICAL_GENERATED_PERCENT,
            "only {percent}% of generated modules format as ruff does; the first differences:\n\n{}",
            outcome.differing[..SHOWN.min(outcome.differing.len())].join("\n\n")
        );
    }
}

/// Ways to change a corpus file that keep it Python but move its line breaks.
type Mutation = fn(&str) -> String;

const MUTATIONS: &[(&str, Mutation)] = &[
    ("indent-doubled", indent_doubled),
    ("lines-joined", lines_joined),
    ("lines-split", lines_split),
    ("commas-added", commas_added),
    ("commas-removed", commas_removed),
    ("names-longer-3", |text| names_renamed(text, 3)),
    ("names-longer-9", |text| names_renamed(text, 9)),
    ("names-shorter", |text| names_renamed(text, 0)),
];

#[test]
fn mutated_corpus_files_format_as_ruff_formats_them() {
    let Some(corpus) = Corpus::locate() else {
        return;
    };
    let per_file = env_count("AURORA_FMT_MUTATIONS", DEFAULT_MUTATIONS).min(MUTATIONS.len());
    let mut cases = Vec::new();
    let mut unparsable = 0;
    for (index, path) in corpus.aurora_files().iter().enumerate() {
        let Ok(text) = fs::read_to_string(path) else {
            continue;
        };
        if !parse(&text, FileId(0)).is_ok() || text.contains('\t') {
            continue;
        }
        let name = path.strip_prefix(corpus.root()).unwrap_or(path).display();
        // A different subset of the mutations for each file, so all of them run.
        for offset in 0..per_file {
            let (mutation, mutate) = MUTATIONS[(index + offset) % MUTATIONS.len()];
            let input = mutate(&text);
            if !parse(&input, FileId(0)).is_ok() {
                unparsable += 1;
                continue;
            }
            cases.push(Case {
                name: format!("{name} ({mutation})"),
                input,
            });
        }
    }
    let outcome = compare(&cases, false);
    println!(
        "{} corpus mutations formatted ({unparsable} more did not parse), {} compared with \
         ruff (the rest are Python 2 that ruff cannot parse)",
        cases.len(),
        outcome.compared
    );
    assert_no_failures("corpus mutations", cases.len(), &outcome.broken);
    assert_no_failures("corpus mutations", cases.len(), &outcome.differing);
}

// --- mutations --------------------------------------------------------------------------

/// The tokens of `text` that are not layout.
fn tokens(text: &str) -> Vec<(usize, Tok<'_>, usize)> {
    aurora_dsl::lexer::lex(text, FileId(0))
        .tokens
        .into_iter()
        .filter(|(start, tok, end)| {
            let layout = matches!(tok, Tok::Indent | Tok::Dedent | Tok::EndOfFile);
            let empty_newline = matches!(tok, Tok::Newline) && start == end;
            !layout && !empty_newline
        })
        .collect()
}

fn is_open(tok: &Tok) -> bool {
    matches!(tok.text(), Some("(" | "[" | "{"))
}

fn is_close(tok: &Tok) -> bool {
    matches!(tok.text(), Some(")" | "]" | "}"))
}

/// `text` with each gap between tokens for which `replace` gives text replaced by it.
/// `replace` sees the tokens on both sides and the bracket depth in the gap.
fn gaps_replaced(
    text: &str,
    mut replace: impl FnMut(&Tok, &Tok, usize) -> Option<String>,
) -> String {
    let tokens = tokens(text);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut depth = 0usize;
    let mut copied = 0;
    for pair in tokens.windows(2) {
        let ((_, before, gap_start), (gap_end, after, _)) = (&pair[0], &pair[1]);
        if is_open(before) {
            depth += 1;
        } else if is_close(before) {
            depth = depth.saturating_sub(1);
        }
        let gap = &text[*gap_start..*gap_end];
        if depth == 0 || gap.contains('#') {
            continue;
        }
        if let Some(new_gap) = replace(before, after, depth) {
            out.push_str(&text[copied..*gap_start]);
            out.push_str(&new_gap);
            copied = *gap_end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Every line's indentation doubled (lines inside strings too: still Python).
fn indent_doubled(text: &str) -> String {
    text.lines()
        .map(|line| {
            let indent = line.len() - line.trim_start_matches(' ').len();
            format!("{}{}\n", " ".repeat(indent), line)
        })
        .collect()
}

/// The contents of brackets on one line (where no comment ends a line).
fn lines_joined(text: &str) -> String {
    gaps_replaced(text, |before, after, _| {
        Some(if is_open(before) || is_close(after) {
            String::new()
        } else {
            " ".to_string()
        })
    })
}

/// A line break after every comma and opening bracket inside brackets.
fn lines_split(text: &str) -> String {
    gaps_replaced(text, |before, _, depth| {
        (before.text() == Some(",") || is_open(before))
            .then(|| "\n".to_string() + &" ".repeat(depth * 2))
    })
}

/// A comma after the last item of every list, dict and set, and of calls without
/// `*args`, `**kwargs` or a generator (where Python 2 allows none).
fn commas_added(text: &str) -> String {
    let tokens = tokens(text);
    let mut insert_at = Vec::new();
    let mut opens: Vec<(usize, bool)> = Vec::new();
    for (index, (_, tok, _)) in tokens.iter().enumerate() {
        if is_open(tok) {
            opens.push((index, true));
            continue;
        }
        if matches!(tok.text(), Some("*" | "**" | "for")) {
            if let Some((_, allowed)) = opens.last_mut() {
                *allowed = false;
            }
        }
        if is_close(tok) {
            let Some((open, allowed)) = opens.pop() else {
                continue;
            };
            let previous = &tokens[index - 1].1;
            if allowed && index - 1 != open && previous.text() != Some(",") {
                insert_at.push(tokens[index - 1].2);
            }
        }
    }
    let mut out = text.to_string();
    for at in insert_at.into_iter().rev() {
        out.insert(at, ',');
    }
    out
}

/// Every comma right before a closing bracket removed.
fn commas_removed(text: &str) -> String {
    let tokens = tokens(text);
    let mut out = text.to_string();
    for pair in tokens.windows(2).rev() {
        let ((start, tok, end), (_, next, _)) = (&pair[0], &pair[1]);
        if tok.text() == Some(",") && is_close(next) {
            out.replace_range(*start..*end, "");
        }
    }
    out
}

/// Names longer by `extra` characters, or, with 0, cut to two characters.
fn names_renamed(text: &str, extra: usize) -> String {
    let tokens = tokens(text);
    let mut out = text.to_string();
    for (start, tok, end) in tokens.iter().rev() {
        let Tok::Name(name) = tok else { continue };
        if name.starts_with("__") || *name == "print" || *name == "print_function" {
            continue;
        }
        let renamed = if extra == 0 {
            if name.len() <= 2 {
                continue;
            }
            format!("{}_", &name[..1])
        } else {
            format!("{name}_{}", "x".repeat(extra - 1))
        };
        out.replace_range(*start..*end, &renamed);
    }
    out
}
