//! Snapshots of the lexer's token stream, comments and diagnostics.
//!
//! Each snapshot shows the source on its first line, then one token per line as
//! `start..end Token`, then comments and diagnostics (`^` marks the primary label, `-` a
//! secondary one).

use std::fmt::Write;

use aurora_dsl::diagnostic::codes;
use aurora_dsl::lexer::{bracket_context, lex, Lexed};
use aurora_dsl::token::Tok;
use aurora_dsl::FileId;
use insta::assert_snapshot;

fn render(text: &str) -> String {
    let lexed = lex(text, FileId(0));
    let mut out = format!("source: {text:?}\n");
    for (start, tok, end) in &lexed.tokens {
        writeln!(out, "{start}..{end} {tok:?}").unwrap();
    }
    for comment in &lexed.comments {
        writeln!(
            out,
            "comment {:?} {:?}",
            comment.span,
            &text[comment.span.range()]
        )
        .unwrap();
    }
    render_diagnostics(&lexed, &mut out);
    out
}

fn render_diagnostics(lexed: &Lexed<'_>, out: &mut String) {
    for diagnostic in &lexed.diagnostics {
        writeln!(out, "{} {}", diagnostic.code.0, diagnostic.message).unwrap();
        for label in &diagnostic.labels {
            let mark = if label.primary { '^' } else { '-' };
            writeln!(out, "  {mark} {:?} {}", label.span, label.message).unwrap();
        }
        if let Some(help) = &diagnostic.help {
            writeln!(out, "  help: {help}").unwrap();
        }
    }
    if let Some(offset) = lexed.gave_up_at {
        writeln!(out, "gave up at {offset}").unwrap();
    }
}

/// Only the diagnostics, for tests about errors in long token streams.
fn diagnostics(text: &str) -> String {
    let mut out = String::new();
    render_diagnostics(&lex(text, FileId(0)), &mut out);
    out
}

fn tokens(text: &str) -> Vec<Tok<'_>> {
    lex(text, FileId(0))
        .tokens
        .into_iter()
        .map(|(_, tok, _)| tok)
        .collect()
}

// Indentation.

#[test]
fn nested_blocks_dedent_several_levels() {
    assert_snapshot!(render(
        r#"if a:
    if b:
        x = 1
y = 2
"#
    ));
}

#[test]
fn blank_and_comment_lines_inside_blocks() {
    assert_snapshot!(render(
        r#"def f():
    x = 1

  # a comment at another indentation
    y = 2
"#
    ));
}

#[test]
fn brackets_span_lines() {
    assert_snapshot!(render(
        r#"jobs = [
  Job(name = 'a',
role = 'b'),
]
"#
    ));
}

#[test]
fn backslash_joins_lines() {
    assert_snapshot!(render(
        r#"x = 1 + \
      2
"#
    ));
}

#[test]
fn dedent_to_no_outer_level() {
    assert_snapshot!(render(
        r#"if a:
    x
  y
  z
"#
    ));
}

#[test]
fn tabs_and_spaces_inconsistent() {
    // A tab indents to column 8, as do eight spaces, but with tabs counting 1 they differ.
    assert_snapshot!(render("if a:\n\tx\n        y\n"));
}

#[test]
fn tabs_used_consistently() {
    assert_snapshot!(render("if a:\n\tif b:\n\t\tx\n\ty\n"));
}

#[test]
fn indented_first_line() {
    assert_snapshot!(render(
        r#"  x = 1
"#
    ));
}

#[test]
fn file_without_trailing_newline() {
    assert_snapshot!(render(
        r#"if a:
  x"#
    ));
}

#[test]
fn crlf_line_endings() {
    assert_snapshot!(render("if a:\r\n  x\r\n\r\ny\r\n"));
}

#[test]
fn too_many_indentation_levels() {
    let mut text = String::new();
    for depth in 0..120 {
        writeln!(text, "{}if x:", " ".repeat(depth)).unwrap();
    }
    assert_snapshot!(diagnostics(&text), @r"
    E0010 too many levels of indentation (the limit is 100)
      ^ 5656..5757 this block is nested too deeply
      help: move the inner blocks into functions
    gave up at 5757
    ");
    let tokens = tokens(&text);
    let indents = tokens.iter().filter(|tok| **tok == Tok::Indent).count();
    let dedents = tokens.iter().filter(|tok| **tok == Tok::Dedent).count();
    assert_eq!((indents, dedents), (100, 100));
}

// Strings.

#[test]
fn string_prefixes() {
    assert_snapshot!(render(
        r#"'a' "b" r'c' u'd' b'e' br'f' rb'g' ur'h' R'i' U"j" B'k' bR'l' Ur'm' RB'n'
"#
    ));
}

#[test]
fn triple_quoted_strings() {
    assert_snapshot!(render(
        r#"x = '''one
'two' ''three'''
y = """a "quoted" word\"""" + ''
"#
    ));
}

#[test]
fn escapes() {
    assert_snapshot!(render(
        r#"'\\ \' \" \a \b \f \n \r \t \v \x41 \101 \0 \7z \q \
end'
"#
    ));
}

#[test]
fn unicode_escapes_only_in_unicode_strings() {
    assert_snapshot!(render(
        r#"'\u00e9' u'\u00e9' u'\U0001F600' b'\u00e9' ur'\u00e9 \\u00e9' '\xe9' u'\xe9'
"#
    ));
}

#[test]
fn bad_escapes() {
    assert_snapshot!(render(
        r#"'\x4' u'\u12' u'\N{EM DASH}' u'\U00110000'
"#
    ));
}

#[test]
fn raw_strings_keep_backslashes() {
    assert_snapshot!(render(
        r#"r'a\'b' r"\n" r'\
'
"#
    ));
}

#[test]
fn adjacent_strings_stay_separate_tokens() {
    assert_snapshot!(render(
        r#"x = 'a' "b" u'c'
"#
    ));
}

#[test]
fn unterminated_string() {
    assert_snapshot!(render(
        r#"x = 'abc
y = "
z = 1
"#
    ));
}

#[test]
fn unterminated_triple_quoted_string() {
    assert_snapshot!(render(
        r#"x = 1
y = """abc
z = 1
"#
    ));
}

#[test]
fn f_strings_are_not_python2() {
    assert_snapshot!(render(
        r#"f'{x}\n' + Rf"{y}"
"#
    ));
}

#[test]
fn string_line_endings_read_as_newlines() {
    assert_snapshot!(render("'''a\r\nb\rc'''\r\n"));
}

// Numbers.

#[test]
fn numbers() {
    assert_snapshot!(render(
        r#"1_000 0xff 0XfF 0o17 0b101 0x_ff 0755 0 00 10L 0x10l
1. .5 1.5 1e10 1E-3 1_0.5e1_0 09.5 1if x else 2
"#
    ));
}

#[test]
fn big_integers() {
    assert_snapshot!(render(
        r#"18446744073709551615 18446744073709551616 0xffffffffffffffffff 0o7777777777777777777777777 01777777777777777777777777L
"#
    ));
}

#[test]
fn bad_numbers() {
    assert_snapshot!(render(
        r#"09 1__0 1_ 1abc 0b12 0x 1j 2.5J
"#
    ));
}

// Context-sensitive names.

#[test]
fn print_statement_or_name() {
    assert_snapshot!(render(
        r#"print
print "a", b
print >>f, x
print(x)
print = 1
print.x
if a: print -1
x; print x  # comment
x = print
print  # alone
"#
    ));
}

#[test]
fn print_is_a_name_after_the_future_import() {
    assert_snapshot!(render(
        r#"from __future__ import absolute_import, print_function
print(x)
print x
"#
    ));
}

#[test]
fn async_and_await() {
    assert_snapshot!(render(
        r#"async def f():
  await g
  await(x)
async = await
"#
    ));
}

// Brackets.

#[test]
fn mismatched_closer() {
    assert_snapshot!(render(
        r#"f(a[1)
"#
    ));
}

#[test]
fn unmatched_closer() {
    assert_snapshot!(render(
        r#"x = 1)
"#
    ));
}

#[test]
fn bracket_never_closed_at_end_of_file() {
    assert_snapshot!(render(
        r#"Process(name = 'x',
  cmdline = {'a': [1
"#
    ));
}

#[test]
fn bracket_never_closed_before_a_statement() {
    assert_snapshot!(render(
        r#"hello = Process(
  name = 'hello',
  cmdline = 'echo hi'

task = Task(processes = [hello])
def f():
  pass
"#
    ));
}

#[test]
fn balanced_file_keeps_keyword_arguments_at_column_zero() {
    assert_snapshot!(render(
        r#"x = dict(
a = 1,
)
"#
    ));
}

#[test]
fn ten_thousand_open_brackets() {
    let text = "(".repeat(10_000);
    assert_snapshot!(diagnostics(&text), @r"
    E0010 too many nested brackets (the limit is 200)
      ^ 200..201 this `(` is nested too deeply
    gave up at 200
    ");
    let lexed = lex(&text, FileId(0));
    assert_eq!(lexed.diagnostics[0].code, codes::TOO_DEEP);
    assert_eq!(lexed.tokens.last(), Some(&(10_000, Tok::EndOfFile, 10_000)));
}

#[test]
fn describes_what_a_bracket_opens() {
    let cases = [
        ("Process(", "the call to `Process`"),
        ("os.path.join(", "the call to `os.path.join`"),
        ("f()(", "the call"),
        ("def f(", "the parameters of `f`"),
        ("class C(", "the bases of class `C`"),
        ("x = (", "the parenthesized expression"),
        ("x[", "the subscript"),
        ("x = [", "the list"),
        ("x = {", "the dict or set"),
    ];
    for (text, expected) in cases {
        let tokens = lex(text, FileId(0)).tokens;
        let opener = tokens
            .iter()
            .rposition(|(_, tok, _)| matches!(tok, Tok::LPar | Tok::LSqb | Tok::LBrace))
            .expect("every case opens a bracket");
        assert_eq!(bracket_context(&tokens, opener), expected, "{text}");
    }
}

// Characters.

#[test]
fn invalid_characters() {
    assert_snapshot!(render(
        r#"x = $y ? `z` !a “q” é
"#
    ));
}

#[test]
fn stray_backslashes() {
    assert_snapshot!(render("x = \\ 1\ny = 1 + \\  \n  2\nz = \\"));
}

#[test]
fn comments_are_trivia() {
    assert_snapshot!(render(
        r#"x = 1  # trailing
# own line
  # indented, inside no block
y = [  # in brackets
]
"#
    ));
}

#[test]
fn byte_order_mark_and_form_feed() {
    assert_snapshot!(render("\u{feff}x = 1\n\x0c\ny = 2\n"));
}

// Properties that hold for any text.

/// Checks what the parser relies on: a well-formed stream whatever the input.
fn check_stream_invariants(text: &str) {
    let lexed = lex(text, FileId(0));
    let in_text = |start: usize, end: usize| {
        start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
    };
    let (last, rest) = lexed
        .tokens
        .split_last()
        .expect("the stream is never empty");
    assert_eq!(last, &(text.len(), Tok::EndOfFile, text.len()));
    let mut blocks = 0usize;
    let mut open = Vec::new();
    for (start, tok, end) in rest {
        assert!(in_text(*start, *end), "token {tok:?} at {start}..{end}");
        match tok {
            Tok::EndOfFile => panic!("`EndOfFile` before the end"),
            Tok::Indent => blocks += 1,
            Tok::Dedent => blocks = blocks.checked_sub(1).expect("a `Dedent` closes a block"),
            Tok::LPar | Tok::LSqb | Tok::LBrace => open.push(tok.clone()),
            Tok::RPar | Tok::RSqb | Tok::RBrace => {
                let opener = open.pop().expect("a closer has an opener");
                let pair = (opener, tok.clone());
                assert!(
                    matches!(
                        pair,
                        (Tok::LPar, Tok::RPar)
                            | (Tok::LSqb, Tok::RSqb)
                            | (Tok::LBrace, Tok::RBrace)
                    ),
                    "{pair:?}"
                );
            }
            _ => {}
        }
    }
    assert_eq!(blocks, 0, "every block is closed");
    assert!(open.is_empty(), "every bracket is closed");
    let before_end = rest.iter().rev().find(|(_, tok, _)| *tok != Tok::Dedent);
    assert!(
        matches!(before_end, None | Some((_, Tok::Newline, _))),
        "the last logical line ends with a `Newline`"
    );
    for comment in &lexed.comments {
        assert!(in_text(
            comment.span.start as usize,
            comment.span.end as usize
        ));
    }
    for diagnostic in &lexed.diagnostics {
        for label in &diagnostic.labels {
            assert!(in_text(label.span.start as usize, label.span.end as usize));
        }
    }
}

/// Pieces of Python (and of broken Python) to build texts from.
const FRAGMENTS: &[&str] = &[
    "x", "print", "async", "await", "def", "if", " = ", ":", ",", "(", ")", "[", "]", "{", "}",
    "\n", "\r\n", "\r", "  ", "\t", "\x0c", "\\", "\\\n", "'", "\"", "'''", "\"\"\"", "u'", "rb\"",
    "f'", "\\x4", "\\u12", "\\N{", "#", "0", "09", "0x", "1_", "1.5e", "1j", "10L", ".", "...",
    "$", "`", "!", "é", "“", "\u{feff}", "\u{a0}", "<>", "**=",
];

proptest::proptest! {
    #[test]
    fn any_fragments_give_a_well_formed_stream(
        pieces in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..60)
    ) {
        check_stream_invariants(&pieces.concat());
    }

    #[test]
    fn any_text_gives_a_well_formed_stream(text in "\\PC{0,80}|[ \t\n\r()\\[\\]{}'\"#\\\\a-z0-9_.:=]{0,120}") {
        check_stream_invariants(&text);
    }
}
