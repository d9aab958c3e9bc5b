//! Snapshots of both diagnostic renderers over hand-built diagnostics (no parser needed).

use aurora_dsl::diagnostic::codes;
use aurora_dsl::{
    render_human, render_json, Code, Diagnostic, FileId, Label, Severity, SourceMap, Span,
};
use proptest::prelude::*;

/// One file's source map plus the file's id.
fn single_file(path: &str, text: &str) -> (SourceMap, FileId) {
    let mut sources = SourceMap::new();
    let file = sources.add(path, text);
    (sources, file)
}

/// The span of the `nth` (0-based) occurrence of `needle` in the file's text.
fn find(sources: &SourceMap, file: FileId, needle: &str, nth: usize) -> Span {
    let text = sources.file(file).text();
    let (start, _) = text.match_indices(needle).nth(nth).unwrap_or_else(|| {
        panic!(
            "the test text contains {needle:?} at least {} times",
            nth + 1
        )
    });
    Span::new(file, start, start + needle.len())
}

/// Both renderings, one after the other, so a snapshot shows what people and CI each see.
fn render_both(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let json = render_json(std::slice::from_ref(diagnostic), sources);
    format!(
        "{}\n----- json -----\n{}\n",
        render_human(diagnostic, sources, false),
        serde_json::to_string_pretty(&json).expect("a serde_json::Value always serializes"),
    )
}

#[test]
fn primary_and_secondary_labels() {
    let (sources, file) = single_file(
        "hello.aurora",
        r#"resources = Resources(cpu = 1, ram = 64*MB, cpu = 2)
"#,
    );
    let diagnostic = Diagnostic::error(
        codes::SYNTAX,
        "keyword argument `cpu` repeated",
        find(&sources, file, "cpu", 1),
        "repeated here",
    )
    .with_label(find(&sources, file, "cpu", 0), "first given here");
    insta::assert_snapshot!(render_both(&diagnostic, &sources));
}

#[test]
fn help_and_notes() {
    let (sources, file) = single_file(
        "loop.aurora",
        r#"while True:
  pass
"#,
    );
    let diagnostic = Diagnostic::error(
        codes::SYNTAX,
        "`while` loops are not supported in .aurora files",
        find(&sources, file, "while", 0),
        "not supported",
    )
    .with_help("build the list with a comprehension instead")
    .with_note("configs are evaluated hermetically and must terminate")
    .with_note("see the configuration reference for the supported subset of Python");
    insta::assert_snapshot!(render_both(&diagnostic, &sources));
}

#[test]
fn empty_span_at_end_of_file() {
    let (sources, file) = single_file(
        "unclosed.aurora",
        r#"jobs = [
"#,
    );
    let end = sources.file(file).text().len();
    let diagnostic = Diagnostic::error(
        codes::UNBALANCED_BRACKET,
        "`[` is never closed",
        Span::new(file, end, end),
        "the file ends here",
    )
    .with_label(find(&sources, file, "[", 0), "opened here");
    insta::assert_snapshot!(render_both(&diagnostic, &sources));
}

#[test]
fn empty_span_in_an_empty_file() {
    let (sources, file) = single_file("empty.aurora", "");
    let diagnostic = Diagnostic::error(
        codes::SYNTAX,
        "expected a statement",
        Span::new(file, 0, 0),
        "the file is empty",
    );
    insta::assert_snapshot!(render_both(&diagnostic, &sources));
}

#[test]
fn non_ascii_text_before_the_span() {
    let (sources, file) = single_file(
        "greeting.aurora",
        r#"greeting = 'grüß dich, 世界' + )
"#,
    );
    let diagnostic = Diagnostic::error(
        codes::SYNTAX,
        "unexpected `)`",
        find(&sources, file, ")", 0),
        "expected an expression",
    )
    .with_label(find(&sources, file, "+", 0), "after this operator");
    insta::assert_snapshot!(render_both(&diagnostic, &sources));
}

#[test]
fn last_line_without_trailing_newline() {
    let (sources, file) = single_file("partial.aurora", "x = 1\ny = (2 +");
    let end = sources.file(file).text().len();
    let diagnostic = Diagnostic::error(
        codes::SYNTAX,
        "unexpected end of file",
        Span::new(file, end, end),
        "expected an expression",
    )
    .with_label(find(&sources, file, "(", 0), "inside these parentheses");
    insta::assert_snapshot!(render_both(&diagnostic, &sources));
}

#[test]
fn span_over_several_lines() {
    let (sources, file) = single_file(
        "multiline.aurora",
        r#"process = Process(
  name = 'hello',
  cmdline = 'echo hi',
  name = 'again',
)
"#,
    );
    let call = find(&sources, file, "Process(", 0).to(find(&sources, file, ")", 0));
    let diagnostic = Diagnostic::error(
        codes::SYNTAX,
        "keyword argument `name` repeated",
        find(&sources, file, "name", 1),
        "repeated here",
    )
    .with_label(call, "in this call");
    insta::assert_snapshot!(render_both(&diagnostic, &sources));
}

#[test]
fn warning_and_note_severities() {
    let (sources, file) = single_file(
        "print.aurora",
        r#"print 'hello'
"#,
    );
    let span = find(&sources, file, "print", 0);
    let warning = Diagnostic {
        severity: Severity::Warning,
        code: codes::NOT_PYTHON2,
        message: "`print` statement".to_owned(),
        labels: vec![Label {
            span,
            message: "Python 2 only".to_owned(),
            primary: true,
        }],
        help: Some("call `print(...)` instead".into()),
        notes: Vec::new(),
        python: None,
    };
    let note = Diagnostic {
        severity: Severity::Note,
        code: Code("E9999"),
        ..warning.clone()
    };
    insta::assert_snapshot!(format!(
        "{}\n{}",
        render_both(&warning, &sources),
        render_both(&note, &sources)
    ));
}

#[test]
fn diagnostic_without_labels() {
    let sources = SourceMap::new();
    let diagnostic = Diagnostic {
        severity: Severity::Error,
        code: codes::UNREADABLE_FILE,
        message: "cannot read `missing.aurora`: No such file or directory".to_owned(),
        labels: Vec::new(),
        help: Some("check the path".into()),
        notes: vec!["paths are relative to the working directory".to_owned()],
        python: None,
    };
    insta::assert_snapshot!(render_both(&diagnostic, &sources));
}

#[test]
fn labels_in_two_files() {
    let mut sources = SourceMap::new();
    let main = sources.add(
        "jobs/main.aurora",
        r#"include('common.aurora')
jobs = [JOB]
"#,
    );
    let common = sources.add(
        "jobs/common.aurora",
        r#"JOB = Job(name = 'x'
"#,
    );
    let diagnostic = Diagnostic::error(
        codes::UNBALANCED_BRACKET,
        "`(` is never closed",
        find(&sources, common, "(", 0),
        "opened here",
    )
    .with_label(
        find(&sources, main, "include('common.aurora')", 0),
        "included from here",
    );
    insta::assert_snapshot!(render_both(&diagnostic, &sources));
}

#[test]
fn windows_line_endings_and_form_feeds() {
    // ariadne would start new lines at `\r` and form feeds; line numbers must match the
    // JSON's (and the lexer's), which only count `\n`.
    let (sources, file) = single_file("crlf.aurora", "a = 1\r\n\x0cb = )\r\n");
    let diagnostic = Diagnostic::error(
        codes::SYNTAX,
        "unexpected `)`",
        find(&sources, file, ")", 0),
        "expected an expression",
    );
    insta::assert_snapshot!(render_both(&diagnostic, &sources));
}

#[test]
fn spans_past_the_end_or_inside_a_character_are_clamped() {
    let (sources, file) = single_file("clamp.aurora", "name = 'é'\n");
    // Byte 9 is the middle of `é`; byte 99 is past the end.
    let inside = Span::new(file, 9, 9);
    let past = Span::new(file, 99, 120);
    let diagnostic = Diagnostic::error(codes::SYNTAX, "clamped", inside, "inside `é`")
        .with_label(past, "past the end");
    insta::assert_snapshot!(render_both(&diagnostic, &sources));
}

#[test]
fn color_adds_escape_codes_only_when_asked() {
    let (sources, file) = single_file("x.aurora", "x = )\n");
    let diagnostic = Diagnostic::error(
        codes::SYNTAX,
        "unexpected `)`",
        find(&sources, file, ")", 0),
        "here",
    );
    assert!(!render_human(&diagnostic, &sources, false).contains('\x1b'));
    assert!(render_human(&diagnostic, &sources, true).contains('\x1b'));
}

proptest! {
    /// Any spans within (or even past) the file render without panicking, whatever the
    /// line endings and characters around them.
    #[test]
    fn any_spans_render(
        text in "([a-z ()\n\t\r\x0b\x0c]|é|世|\u{85}|\u{2028}|\r\n){0,40}",
        spans in proptest::collection::vec((0usize..130, 0usize..130), 1..4),
        primary in 0usize..4,
    ) {
        let (sources, file) = single_file("any.aurora", &text);
        let labels = spans
            .iter()
            .enumerate()
            .map(|(index, &(start, len))| Label {
                span: Span::new(file, start, start + len),
                message: format!("label {index}"),
                primary: index == primary,
            })
            .collect();
        let diagnostic = Diagnostic {
            severity: Severity::Error,
            code: codes::SYNTAX,
            message: "message".to_owned(),
            labels,
            help: Some("help".into()),
            notes: vec!["note".to_owned()],
            python: None,
        };
        let human = render_human(&diagnostic, &sources, false);
        prop_assert!(human.starts_with("error[E0001]: message\n"));
        let json = render_json(&[diagnostic], &sources);
        prop_assert_eq!(json[0]["labels"].as_array().map(Vec::len), Some(spans.len()));
    }
}
