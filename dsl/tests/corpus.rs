//! Parses every `.aurora` file of the conformance corpus: the files real Aurora loaded must
//! parse cleanly, and the ones it rejected with a syntax error must give a syntax
//! diagnostic on the same line.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use aurora_dsl::{parse, FileId, SourceMap};

/// The corpus directory, or `None` (with a notice) when it is not there.
fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("AURORA_CONFORMANCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "conformance corpus not found at {}: skipping (set AURORA_CONFORMANCE)",
            dir.display()
        );
        None
    }
}

fn aurora_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("corpus directories are readable")
        .map(|entry| entry.expect("corpus entries are readable").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name() != Some("expected".as_ref()) {
                aurora_files(&path, found);
            }
        } else if path.extension() == Some("aurora".as_ref()) {
            found.push(path);
        }
    }
}

/// Files real Aurora rejected with a Python `SyntaxError` (`MESSAGE (NAME, line N)`: invalid
/// syntax, EOL while scanning string literal, ...), mapped to N.
fn expected_syntax_errors(corpus: &Path) -> BTreeMap<PathBuf, usize> {
    let summary = fs::read_to_string(corpus.join("expected/SUMMARY.tsv"))
        .expect("the corpus has expected/SUMMARY.tsv");
    let mut expected = BTreeMap::new();
    for row in summary.lines() {
        let columns: Vec<&str> = row.split('\t').collect();
        let (Some(path), Some(message)) = (columns.first(), columns.get(3)) else {
            continue;
        };
        let Some((name, line)) = syntax_error_location(message) else {
            continue;
        };
        // The file named may be one the config includes, beside it.
        let config = corpus.join(path);
        let file = config.with_file_name(name);
        expected.insert(file, line);
    }
    expected
}

/// `NAME` and `N` from a message ending in `(NAME, line N)` (the summary may have cut the
/// closing parenthesis).
fn syntax_error_location(message: &str) -> Option<(&str, usize)> {
    let (_, location) = message.trim_end_matches(')').rsplit_once(" (")?;
    let (name, line) = location.split_once(", line ")?;
    Some((name, line.parse().ok()?))
}

#[test]
fn corpus_parses_as_real_aurora_did() {
    let Some(corpus) = corpus_dir() else {
        return;
    };
    let mut files = Vec::new();
    aurora_files(&corpus, &mut files);
    let syntax_errors = expected_syntax_errors(&corpus);
    assert!(
        !syntax_errors.is_empty(),
        "the corpus records syntax errors"
    );

    let mut failures = Vec::new();
    let mut rejected = 0;
    for path in &files {
        let text = fs::read_to_string(path).expect("corpus files are UTF-8");
        let mut sources = SourceMap::new();
        let file = sources.add(path.clone(), text.as_str());
        let parsed = parse(&text, file);
        let relative = path
            .strip_prefix(&corpus)
            .unwrap_or(path)
            .display()
            .to_string();
        match syntax_errors.get(path) {
            None if !parsed.is_ok() => failures.push(format!(
                "{relative}: real Aurora parsed it, we report:\n{}",
                describe(&sources, file, &parsed.diagnostics)
            )),
            None => {}
            Some(&line) => {
                rejected += 1;
                let first = parsed.diagnostics.first();
                let first_line = first.map(|d| sources.start_line_col(d.primary_span()).line);
                if first_line != Some(line) {
                    failures.push(format!(
                        "{relative}: real Aurora reported a syntax error on line {line}, we report:\n{}",
                        describe(&sources, file, &parsed.diagnostics)
                    ));
                }
            }
        }
    }
    eprintln!(
        "parsed {} corpus files; {rejected} rejected with a syntax error as real Aurora did",
        files.len()
    );
    assert!(
        files.len() >= 170,
        "the corpus has its files ({} found)",
        files.len()
    );
    assert_eq!(
        rejected,
        syntax_errors.len(),
        "every recorded syntax error has its file"
    );
    assert!(
        failures.is_empty(),
        "{} files differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn describe(sources: &SourceMap, _file: FileId, diagnostics: &[aurora_dsl::Diagnostic]) -> String {
    if diagnostics.is_empty() {
        return "  (no diagnostics)".to_string();
    }
    diagnostics
        .iter()
        .map(|diagnostic| {
            let at = sources.start_line_col(diagnostic.primary_span());
            format!("  {}:{}: {}", at.line, at.column, diagnostic.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}
