//! How syntax errors read: each case is the smallest file that shows one mistake, and the
//! snapshot is what `aurora config check` prints for it.

use aurora_dsl::render::render_human;
use aurora_dsl::{parse, SourceMap};

/// Every diagnostic for `source` (a file named `config.aurora`), rendered without colour.
fn errors(source: &str) -> String {
    let mut sources = SourceMap::new();
    let file = sources.add("config.aurora", source);
    let parsed = parse(source, file);
    assert!(!parsed.is_ok(), "expected a syntax error in:\n{source}");
    parsed
        .diagnostics
        .iter()
        .map(|diagnostic| render_human(diagnostic, &sources, false))
        .collect::<Vec<_>>()
        .join("\n")
}

macro_rules! syntax_error {
    ($name:ident, $source:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(errors($source));
        }
    };
}

syntax_error!(
    bracket_never_closed,
    r#"hello = Process(name = 'hello', cmdline = 'echo hi'
"#
);

syntax_error!(
    bracket_never_closed_before_next_statement,
    r#"hello = Process(
  name = 'hello',
  cmdline = 'echo hi'

task = Task(processes = [hello])
"#
);

syntax_error!(
    mismatched_bracket,
    r#"ports = [8080, 8081)
"#
);

syntax_error!(
    unmatched_closing_bracket,
    r#"ram = 16 * MB)
"#
);

syntax_error!(
    missing_comma_between_arguments,
    r#"job = Job(
  name = 'hello',
  role = 'www-data'
  environment = 'prod',
)
"#
);

syntax_error!(
    missing_colon,
    r#"def make_process(name)
    return Process(name = name)
"#
);

syntax_error!(
    missing_block,
    r#"def make_process(name):
jobs = []
"#
);

syntax_error!(
    unexpected_indent,
    r#"cpu = 1
    ram = 2
"#
);

syntax_error!(
    dedent_to_unknown_level,
    r#"if production:
    instances = 10
  instances = 1
"#
);

/// Python 2.7 reads a tab as up to 8 spaces, so this block is consistent for it (and for
/// real Aurora); Python 3 rejects it, so it is worth a warning.
#[test]
fn tabs_and_spaces_mixed_only_warn() {
    let source = "if production:\n\tinstances = 10\n        cpu = 2\n";
    let mut sources = SourceMap::new();
    let file = sources.add("config.aurora", source);
    let parsed = parse(source, file);
    assert!(parsed.is_ok(), "{:?}", parsed.diagnostics);
    let rendered: Vec<String> = parsed
        .diagnostics
        .iter()
        .map(|diagnostic| render_human(diagnostic, &sources, false))
        .collect();
    insta::assert_snapshot!(rendered.join("\n"));
}

syntax_error!(
    unterminated_string,
    r#"name = 'hello
role = 'www-data'
"#
);

syntax_error!(
    unterminated_triple_quoted_string,
    r#"cmdline = """
  echo hello
"#
);

syntax_error!(
    stray_token,
    r#"instances = = 3
"#
);

syntax_error!(
    expression_ends_early,
    r#"ram = 16 * 
"#
);

syntax_error!(
    invalid_character,
    r#"cmdline = $HOME
"#
);

syntax_error!(
    assignment_to_literal,
    r#"1 = instances
"#
);

syntax_error!(
    assignment_to_call,
    r#"getpass.getuser() = 'root'
"#
);

syntax_error!(
    comparison_with_single_equals,
    r#"if cluster = 'west':
    instances = 3
"#
);

syntax_error!(
    keyword_argument_repeated,
    r#"p = Process(name = 'a', name = 'b')
"#
);

syntax_error!(
    positional_after_keyword,
    r#"p = Process(name = 'a', 'echo hi')
"#
);

syntax_error!(
    non_default_after_default,
    r#"def make(name = 'a', cmdline):
    pass
"#
);

syntax_error!(
    keyword_used_as_name,
    r#"class = 'fast'
"#
);

syntax_error!(
    invalid_octal_literal,
    r#"mode = 0789
"#
);

syntax_error!(
    f_string,
    r#"cmdline = f'echo {name}'
"#
);

syntax_error!(
    several_errors_in_one_file,
    r#"a = (1,
b = 2 +
def f(:
    pass
c = 3 3
"#
);

#[test]
fn ten_thousand_brackets_is_an_error_not_a_crash() {
    let source = format!("x = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000));
    let parsed = parse(&source, aurora_dsl::FileId(0));
    assert!(!parsed.is_ok());
    assert!(
        parsed.diagnostics[0]
            .message
            .contains("too many nested brackets"),
        "{:#?}",
        parsed.diagnostics[0]
    );
}

#[test]
fn long_operator_chains_are_refused_not_overflowed() {
    let source = format!("x = 1{}\n", " + 1".repeat(100_000));
    let parsed = parse(&source, aurora_dsl::FileId(0));
    assert_eq!(parsed.diagnostics.len(), 1, "{:#?}", parsed.diagnostics);
    assert!(parsed.diagnostics[0].message.contains("nested too deeply"));

    let source = format!("x = {}1\n", "-".repeat(100_000));
    let parsed = parse(&source, aurora_dsl::FileId(0));
    assert!(parsed.diagnostics[0].message.contains("nested too deeply"));
}

#[test]
fn deep_indentation_is_an_error_not_a_crash() {
    let mut source = String::new();
    for depth in 0..150 {
        source.push_str(&" ".repeat(depth));
        source.push_str("if x:\n");
    }
    source.push_str(&" ".repeat(150));
    source.push_str("pass\n");
    let parsed = parse(&source, aurora_dsl::FileId(0));
    assert!(parsed.diagnostics.iter().any(|diagnostic| diagnostic
        .message
        .contains("too many levels of indentation")));
}
