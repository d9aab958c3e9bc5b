//! Parses every `.aurora` file of the conformance corpus: the files real Aurora loaded must
//! parse cleanly, and the ones it rejected with a syntax error must give a syntax
//! diagnostic on the same line.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use aurora_conformance::Corpus;
use aurora_dsl::{parse, FileId, SourceMap};

/// Files real Aurora rejected with a Python `SyntaxError` (`MESSAGE (NAME, line N)`: invalid
/// syntax, EOL while scanning string literal, ...), mapped to N.
fn expected_syntax_errors(corpus: &Corpus) -> BTreeMap<PathBuf, usize> {
    let mut expected = BTreeMap::new();
    for row in corpus.summary() {
        let Some((name, line)) = syntax_error_location(&row.message) else {
            continue;
        };
        // The file named may be one the config includes, beside it.
        let config = corpus.root().join(&row.path);
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
    let Some(corpus) = Corpus::locate() else {
        return;
    };
    let files = corpus.aurora_files();
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
            .strip_prefix(corpus.root())
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
