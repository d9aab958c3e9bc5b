//! Formats every `.aurora` (and `.aur`) file of the conformance corpus: the result must
//! be stable (formatting it again changes nothing) and mean the same (same tree), and, when
//! `ruff` is available (`RUFF`, or `ruff` on `PATH`), match what `ruff format` prints.

mod format_support;

use std::fs;
use std::path::{Path, PathBuf};

use aurora_conformance::Corpus;
use aurora_dsl::format::{format, FormatOptions};
use aurora_dsl::{parse, FileId};
use format_support::{broken_promise, diff_dir, ruff, ruff_format};

/// Lines identical to ruff's output, in percent of all lines of the files ruff parses.
/// Every line matches today; the issue asks for at least 99%.
const MIN_IDENTICAL_LINE_PERCENT: f64 = 100.0;

fn config_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|name| name != "expected") {
                config_files(&path, out);
            }
        } else if path
            .extension()
            .is_some_and(|ext| ext == "aurora" || ext == "aur")
        {
            out.push(path);
        }
    }
}

/// How many lines of `expected` also appear, in order, in `actual` (longest common
/// subsequence).
fn common_lines(expected: &str, actual: &str) -> usize {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let mut row = vec![0usize; b.len() + 1];
    for line in &a {
        let mut diagonal = 0;
        for (j, other) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if line == other {
                diagonal + 1
            } else {
                row[j + 1].max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[test]
fn corpus_formats_stably_without_changing_meaning_and_as_ruff_does() {
    let Some(corpus) = Corpus::locate() else {
        return;
    };
    let mut files = Vec::new();
    config_files(corpus.root(), &mut files);
    files.sort();
    let ruff = ruff();
    if ruff.is_none() {
        println!("ruff not found (set RUFF): not comparing with ruff format");
    }
    let mut failures: Vec<String> = Vec::new();
    let (mut formatted, mut refused) = (0, 0);
    let (mut identical_files, mut compared_files, mut unparsable) = (0, 0, 0);
    let (mut identical_lines, mut total_lines) = (0, 0);
    for path in &files {
        let text = fs::read_to_string(path).expect("corpus files are UTF-8");
        let name = path.strip_prefix(corpus.root()).unwrap_or(path).display();
        let original = parse(&text, FileId(0));
        let Ok(output) = format(&text, FileId(0), FormatOptions::default()) else {
            assert!(!original.is_ok(), "{name}: refused a file that parses");
            refused += 1;
            continue;
        };
        formatted += 1;
        if let Some(broken) = broken_promise(&text, &output) {
            failures.push(format!("{name}: {broken}:\n{output}"));
            continue;
        }
        let Some(ruff) = &ruff else { continue };
        let Some(expected) = ruff_format(ruff, &text) else {
            unparsable += 1;
            continue;
        };
        compared_files += 1;
        total_lines += expected.lines().count();
        identical_lines += common_lines(&expected, &output);
        if expected == output {
            identical_files += 1;
        } else if let Some(dir) = diff_dir() {
            println!("--- {name}");
            fs::create_dir_all(&dir).expect("FORMAT_DIFF is a directory");
            let stem = name.to_string().replace('/', "_");
            fs::write(dir.join(format!("{stem}.ruff")), &expected).expect("write");
            fs::write(dir.join(format!("{stem}.ours")), &output).expect("write");
        }
    }
    println!("formatter: {formatted} files formatted, {refused} refused (syntax errors)");
    if ruff.is_some() {
        let percent = 100.0 * identical_lines as f64 / total_lines.max(1) as f64;
        println!(
            "formatter: {identical_files}/{compared_files} files identical, \
             {identical_lines}/{total_lines} lines identical ({percent:.1}%) \
             ({unparsable} files ruff cannot parse)"
        );
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        assert!(
            percent >= MIN_IDENTICAL_LINE_PERCENT,
            "identical lines fell to {percent:.1}%"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
