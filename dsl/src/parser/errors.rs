//! Turns LALRPOP's parse errors into messages a person would write.
//!
//! LALRPOP reports the token it could not use and every terminal it could have used
//! (often dozens). We fold that set into the few things worth saying ("an expression",
//! "`,` or `)`"), name the bracket the error sits in, and add a hint for the common
//! mistakes (missing comma, missing colon, missing body).

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;

use lalrpop_util::ParseError;

use crate::diagnostic::{codes, Diagnostic, PythonError};
use crate::lexer::{self, Spanned};
use crate::source_map::{FileId, SourceFile, Span};
use crate::token::Tok;

type Error<'src> = ParseError<usize, Tok<'src>, Infallible>;

/// Explains the parser's errors, dropping those that only echo an earlier one: errors
/// on a line that already has a lexical error, errors after the lexer gave up, and
/// second errors on one line.
pub(super) fn explain(
    text: &str,
    file: FileId,
    errors: Vec<Error<'_>>,
    lexical: &[Diagnostic],
    gave_up_at: Option<usize>,
) -> Vec<Diagnostic> {
    // The token list is only needed to explain errors, which are rare: lexing again is
    // cheaper than keeping a copy of every token on the happy path.
    let context = lexer::lex(text, file).tokens;
    let lines = Lines(SourceFile::new(PathBuf::new(), Arc::from(text)));
    // A parse error after a lexical error on the same line is usually its echo (the rest
    // of a line with an unterminated string, or a closer that closes nothing). Not so
    // after a bracket never closed: the parser sees the same tokens as Python up to the
    // closer the lexer made up (see `at_synthesized_closer`), and after it a new statement.
    let never_closed = |diagnostic: &Diagnostic| {
        diagnostic.code == codes::UNBALANCED_BRACKET
            && text
                .get(diagnostic.primary_span().range())
                .is_some_and(|bracket| matches!(bracket, "(" | "[" | "{"))
    };
    let lexical_starts: Vec<(usize, usize)> = lexical
        .iter()
        .filter(|diagnostic| !never_closed(diagnostic))
        .map(|diagnostic| {
            // Python's tokenizer fails at the start of a bad number, which we point into.
            let start = (diagnostic.primary_span().start as usize).min(diagnostic.python_offset());
            (lines.line_of(start), start)
        })
        .collect();

    let mut errors = errors;
    errors.sort_by_key(error_offset);
    let mut explained: Vec<Diagnostic> = Vec::new();
    let mut last_line = None;
    for error in errors {
        let offset = error_offset(&error);
        if gave_up_at.is_some_and(|limit| offset >= limit) {
            continue;
        }
        let line = lines.line_of(offset);
        let echoes_lexical_error = lexical_starts
            .iter()
            .any(|&(lexical_line, start)| lexical_line == line && start <= offset);
        if echoes_lexical_error || at_synthesized_closer(&error) || last_line == Some(line) {
            continue;
        }
        last_line = Some(line);
        let (found, found_end) = match &error {
            ParseError::UnrecognizedToken { token, .. } | ParseError::ExtraToken { token } => {
                (token.1.clone(), token.2)
            }
            _ => (Tok::EndOfFile, offset),
        };
        let diagnostic = explain_one(error, file, &context, &lines);
        let mut python = python_view(&diagnostic, &found, text, &context);
        // Python's tokenizer is on the last line of a token that spans several (a string
        // with line breaks in it) when the parser refuses it.
        if python.offset.is_none()
            && matches!(found, Tok::Str { .. })
            && text
                .get(offset..found_end)
                .is_some_and(|t| t.contains('\n'))
        {
            python = python.at_offset(found_end);
        }
        explained.push(diagnostic.with_python(python));
    }
    explained
}

/// What Python 2.7's parser says where ours stopped: `unexpected indent`, `expected an
/// indented block`, the errors at the end of the file, and `invalid syntax` for the rest.
fn python_view(
    diagnostic: &Diagnostic,
    found: &Tok<'_>,
    text: &str,
    tokens: &[Spanned<'_>],
) -> PythonError {
    let at = diagnostic.primary_span().start as usize;
    // At the end when only layout tokens (and synthesized ones) remain.
    let at_end = tokens.iter().filter(|token| token.0 >= at).all(|token| {
        matches!(token.1, Tok::Newline | Tok::Dedent | Tok::EndOfFile) || token.0 == token.2
    });
    let ends_file = *found == Tok::EndOfFile || (*found == Tok::Dedent && at_end);
    if *found == Tok::Indent {
        return PythonError::indentation("unexpected indent");
    }
    if diagnostic.code == codes::INDENTATION {
        let missing = PythonError::indentation("expected an indented block");
        return if ends_file {
            lexer::python_eof_error(text, missing)
        } else {
            missing
        };
    }
    match found {
        Tok::EndOfFile => lexer::python_eof_error(text, PythonError::syntax("invalid syntax")),
        // A block closed where the statement needs more (`try:` without `except`, a
        // decorator without its `def`); the blocks closing at the end of the file close
        // on its last line.
        Tok::Dedent => {
            let unindent = PythonError::indentation("unexpected unindent");
            if at_end {
                lexer::python_eof_error(text, unindent)
            } else {
                unindent
            }
        }
        _ => PythonError::syntax("invalid syntax"),
    }
}

/// Whether the parser stopped at a closing bracket the lexer made up for one never closed:
/// Python never sees that token, and the bracket's own error says where Python stops.
fn at_synthesized_closer(error: &Error<'_>) -> bool {
    match error {
        ParseError::UnrecognizedToken { token, .. } | ParseError::ExtraToken { token } => {
            matches!(token.1, Tok::RPar | Tok::RSqb | Tok::RBrace) && token.0 == token.2
        }
        _ => false,
    }
}

fn error_offset(error: &Error<'_>) -> usize {
    match error {
        ParseError::UnrecognizedToken { token, .. } | ParseError::ExtraToken { token } => token.0,
        ParseError::InvalidToken { location } | ParseError::UnrecognizedEof { location, .. } => {
            *location
        }
        ParseError::User { error } => match *error {},
    }
}

fn explain_one(
    error: Error<'_>,
    file: FileId,
    tokens: &[Spanned<'_>],
    lines: &Lines,
) -> Diagnostic {
    match error {
        ParseError::UnrecognizedToken {
            token: (start, found, end),
            expected,
        } => unexpected_token(
            Span::new(file, start, end),
            &found,
            &expected,
            tokens,
            lines,
        ),
        ParseError::UnrecognizedEof { location, expected } => unexpected_token(
            Span::new(file, location, location),
            &Tok::EndOfFile,
            &expected,
            tokens,
            lines,
        ),
        ParseError::ExtraToken {
            token: (start, found, end),
        } => Diagnostic::error(
            codes::SYNTAX,
            format!("unexpected {}", found.describe()),
            Span::new(file, start, end),
            "nothing can follow here",
        ),
        ParseError::InvalidToken { location } => Diagnostic::error(
            codes::SYNTAX,
            "invalid token",
            Span::new(file, location, location),
            "here",
        ),
        ParseError::User { error } => match error {},
    }
}

fn unexpected_token(
    span: Span,
    found: &Tok<'_>,
    expected: &[String],
    tokens: &[Spanned<'_>],
    lines: &Lines,
) -> Diagnostic {
    if *found == Tok::Indent {
        return Diagnostic::error(
            codes::INDENTATION,
            "unexpected indent",
            span,
            "this line is indented more than the one before it",
        )
        .with_help("indent a line only to start the block of a statement that ends with `:`");
    }
    let expected = Expected::summarize(expected);
    let index = tokens.partition_point(|token| token.0 < span.start as usize);

    if expected.only_indent() {
        return missing_block(span, tokens, index, lines);
    }

    let open_bracket = innermost_open_bracket(&tokens[..index.min(tokens.len())]);
    let closer = open_bracket.and_then(|opener| closing_text(&tokens[opener].1));
    let context = open_bracket.map(|opener| lexer::bracket_context(tokens, opener));

    let mut wanted = expected.describe();
    let message = match (closer, &context) {
        (Some(closer), Some(context)) if expected.contains(closer) => {
            wanted = expected.describe_closing(closer);
            format!(
                "expected {wanted} to close {context}, found {}",
                found.describe()
            )
        }
        _ => format!("expected {wanted}, found {}", found.describe()),
    };
    let label = match found {
        Tok::Newline | Tok::EndOfFile | Tok::Dedent => format!("expected {wanted} before this"),
        _ => format!("expected {wanted} here"),
    };
    let mut diagnostic = Diagnostic::error(codes::SYNTAX, message, span, label);
    if let (Some(opener), Some(context)) = (open_bracket, &context) {
        let opener = &tokens[opener];
        diagnostic = diagnostic.with_label(
            Span::new(span.file, opener.0, opener.2),
            format!("{context} opened here"),
        );
    }
    let previous = index
        .checked_sub(1)
        .and_then(|previous| tokens.get(previous));
    if let Some(help) = hint(
        found,
        previous.map(|token| &token.1),
        &expected,
        context.as_deref(),
    ) {
        diagnostic = diagnostic.with_help(help);
    }
    diagnostic
}

/// A block statement without its indented body.
fn missing_block(span: Span, tokens: &[Spanned<'_>], index: usize, lines: &Lines) -> Diagnostic {
    let header = header_start(tokens, index);
    let mut diagnostic = match header {
        Some(header) => {
            let keyword = header.1.text().unwrap_or("block");
            let line = lines.line_of(header.0);
            Diagnostic::error(
                codes::INDENTATION,
                format!("expected an indented block after the `{keyword}` on line {line}"),
                span,
                "expected an indented block here",
            )
            .with_label(
                Span::new(span.file, header.0, header.2),
                format!("this `{keyword}` needs a body"),
            )
        }
        None => Diagnostic::error(
            codes::INDENTATION,
            "expected an indented block",
            span,
            "here",
        ),
    };
    diagnostic = diagnostic.with_help(
        "indent the body under the line ending with `:`, or write `pass` for an empty one",
    );
    diagnostic
}

/// The first token of the logical line before token `index`: the keyword of a block header.
fn header_start<'a, 'src>(tokens: &'a [Spanned<'src>], index: usize) -> Option<&'a Spanned<'src>> {
    let before = &tokens[..index.min(tokens.len())];
    // Skip the NEWLINE that ended the header, then walk back to the previous line break.
    let end = before
        .iter()
        .rposition(|token| token.1 != Tok::Newline && token.1 != Tok::Dedent)?;
    let start = before[..=end]
        .iter()
        .rposition(|token| matches!(token.1, Tok::Newline | Tok::Indent | Tok::Dedent))
        .map_or(0, |position| position + 1);
    before.get(start).filter(|token| token.1.text().is_some())
}

/// Index of the innermost bracket still open at the end of `tokens`.
fn innermost_open_bracket(tokens: &[Spanned<'_>]) -> Option<usize> {
    let mut open = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        match token.1 {
            Tok::LPar | Tok::LSqb | Tok::LBrace => open.push(index),
            Tok::RPar | Tok::RSqb | Tok::RBrace => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

fn closing_text(opener: &Tok<'_>) -> Option<&'static str> {
    match opener {
        Tok::LPar => Some(")"),
        Tok::LSqb => Some("]"),
        Tok::LBrace => Some("}"),
        _ => None,
    }
}

fn hint(
    found: &Tok<'_>,
    previous: Option<&Tok<'_>>,
    expected: &Expected,
    context: Option<&str>,
) -> Option<String> {
    // `class = 'x'`: the parser took the keyword at its word and stumbled on the `=`.
    if let Some(keyword) = previous
        .filter(|previous| previous.is_keyword())
        .and_then(Tok::text)
    {
        if *found == Tok::Equal {
            return Some(format!(
                "`{keyword}` is a reserved word and cannot be used as a name"
            ));
        }
    }
    let starts_operand = matches!(
        found,
        Tok::Name(_)
            | Tok::Int(_)
            | Tok::Float(_)
            | Tok::Str { .. }
            | Tok::LPar
            | Tok::LSqb
            | Tok::LBrace
    ) || matches!(
        found,
        Tok::None | Tok::True | Tok::False | Tok::Lambda | Tok::Not
    );
    if starts_operand && expected.contains(",") {
        let between = match context {
            Some(context) if context.contains("call") => " between the arguments",
            Some(_) => " between the items",
            None => "",
        };
        return Some(format!("did you forget a `,`{between}?"));
    }
    if *found == Tok::Equal && expected.contains(":") {
        return Some("to compare two values, use `==`".to_string());
    }
    if expected.items == [Wanted::Token(":")] {
        return Some(
            "a line that starts a block (`def`, `class`, `if`, `for`, `with`, `try`, ...) ends with `:`"
                .to_string(),
        );
    }
    if found.is_keyword() && expected.contains_name() {
        let keyword = found.text().unwrap_or_default();
        return Some(format!(
            "`{keyword}` is a reserved word and cannot be used as a name"
        ));
    }
    None
}

/// What the parser could have accepted, folded into things worth naming.
struct Expected {
    items: Vec<Wanted>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Wanted {
    Token(&'static str),
    Expression,
    Name,
    Statement,
    EndOfLine,
    IndentedBlock,
    EndOfBlock,
    EndOfFile,
}

/// Tokens that may begin an expression.
const EXPRESSION_STARTS: &[&str] = &[
    "NAME", "INT", "FLOAT", "STRING", "(", "[", "{", "-", "+", "~", "not", "lambda", "None",
    "True", "False", "...", "await", "*", "**", "yield",
];

/// Tokens that may continue an expression: operators, trailers and comparisons.
const CONTINUATIONS: &[&str] = &[
    "+", "-", "*", "**", "/", "//", "%", "@", "&", "|", "^", "<<", ">>", ".", "(", "[", "if", "or",
    "and", "not", "is", "in", "<", ">", "<=", ">=", "==", "!=", "for", "async",
];

/// Keywords that may begin a statement.
const STATEMENT_STARTS: &[&str] = &[
    "def", "class", "if", "for", "while", "try", "with", "return", "import", "from", "pass",
    "raise", "assert", "del", "global", "nonlocal", "break", "continue", "@", "PRINT",
];

/// The order in which the survivors are listed: closers and commas first.
const PREFERRED_ORDER: &[&str] = &[
    ")", "]", "}", ",", ":", "=", "else", "in", "import", "as", "except", "finally",
];

impl Expected {
    fn summarize(raw: &[String]) -> Expected {
        let names: Vec<&str> = raw.iter().map(|name| name.trim_matches('"')).collect();
        let has = |name: &str| names.contains(&name);
        // Operators are only worth listing when nothing else is possible.
        let continues = has("+") && has("*") && has(".");
        let compares = has("==");
        let expression = has("NAME") && has("INT") && has("STRING") && has("(");
        let statement = has("def") && has("class") && has("return");

        let mut items = Vec::new();
        let mut push = |item: Wanted| {
            if !items.contains(&item) {
                items.push(item);
            }
        };
        for name in &names {
            let is_continuation = CONTINUATIONS.contains(name)
                && continues
                && (compares || !matches!(*name, "in" | "not" | "is"));
            if statement && (STATEMENT_STARTS.contains(name) || EXPRESSION_STARTS.contains(name)) {
                push(Wanted::Statement);
            } else if expression && EXPRESSION_STARTS.contains(name) {
                push(Wanted::Expression);
            } else if is_continuation {
                continue;
            } else if has("NAME") && matches!(*name, "None" | "True" | "False") {
                // Where Python 2.7 takes these as names (`x.None`, `def f(True)`).
                continue;
            } else {
                push(match *name {
                    "NAME" => Wanted::Name,
                    "NEWLINE" => Wanted::EndOfLine,
                    "INDENT" => Wanted::IndentedBlock,
                    "DEDENT" => Wanted::EndOfBlock,
                    "EOF" => Wanted::EndOfFile,
                    "INT" | "FLOAT" => Wanted::Expression,
                    // After a string another may follow (implicit concatenation), and
                    // `->` only starts a Python 3 annotation: neither is what the user missed.
                    "STRING" | "->" | ";" => continue,
                    "PRINT" => Wanted::Statement,
                    other => match lexer_text(other) {
                        Some(text) => Wanted::Token(text),
                        None => continue,
                    },
                });
            }
        }
        items.sort_by_key(|item| match item {
            Wanted::Token(text) => PREFERRED_ORDER
                .iter()
                .position(|preferred| preferred == text)
                .unwrap_or(PREFERRED_ORDER.len()),
            _ => PREFERRED_ORDER.len() + 1,
        });
        Expected { items }
    }

    fn contains(&self, text: &str) -> bool {
        self.items
            .contains(&Wanted::Token(lexer_text(text).unwrap_or("")))
    }

    fn contains_name(&self) -> bool {
        self.items.contains(&Wanted::Name)
    }

    fn only_indent(&self) -> bool {
        self.items == [Wanted::IndentedBlock]
    }

    fn describe(&self) -> String {
        join_alternatives(self.items.iter().map(|item| item.describe()).collect())
    }

    /// Like `describe`, with `closer` named last so the message reads "`,` or `)` to close".
    fn describe_closing(&self, closer: &str) -> String {
        let mut parts: Vec<String> = self
            .items
            .iter()
            .filter(|item| **item != Wanted::Token(lexer_text(closer).unwrap_or("")))
            .map(|item| item.describe())
            .collect();
        parts.push(format!("`{closer}`"));
        join_alternatives(parts)
    }
}

impl Wanted {
    fn describe(self) -> String {
        match self {
            Wanted::Token(text) => format!("`{text}`"),
            Wanted::Expression => "an expression".to_string(),
            Wanted::Name => "a name".to_string(),
            Wanted::Statement => "a statement".to_string(),
            Wanted::EndOfLine => "end of line".to_string(),
            Wanted::IndentedBlock => "an indented block".to_string(),
            Wanted::EndOfBlock => "the end of the block".to_string(),
            Wanted::EndOfFile => "end of file".to_string(),
        }
    }
}

/// `a`, `a or b`, `a, b or c`; long lists are cut to the first few.
fn join_alternatives(mut parts: Vec<String>) -> String {
    const MOST: usize = 4;
    if parts.len() > MOST {
        parts.truncate(MOST);
        parts.push("something else".to_string());
    }
    match parts.len() {
        0 => "something else".to_string(),
        1 => parts.remove(0),
        _ => {
            let last = parts.pop().expect("checked: at least two parts");
            format!("{} or {last}", parts.join(", "))
        }
    }
}

/// The static text of a terminal name from the grammar (`")"` → `)`).
fn lexer_text(name: &str) -> Option<&'static str> {
    ALL_TOKEN_TEXTS.iter().copied().find(|text| *text == name)
}

/// Every fixed token text, to turn the grammar's terminal names into `'static` strings.
const ALL_TOKEN_TEXTS: &[&str] = &[
    "async", "await", "and", "as", "assert", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "False", "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "None", "nonlocal", "not", "or", "pass", "raise", "return", "True", "try", "while",
    "with", "yield", "(", ")", "[", "]", "{", "}", ":", ",", ";", ".", "...", "->", "@", "=", "+",
    "-", "*", "**", "/", "//", "%", "&", "|", "^", "~", "<<", ">>", "<", ">", "<=", ">=", "==",
    "!=", "+=", "-=", "*=", "/=", "//=", "%=", "&=", "|=", "^=", "<<=", ">>=", "**=", "@=",
];

/// Line numbers of byte offsets, for messages that mention another line.
struct Lines(SourceFile);

impl Lines {
    fn line_of(&self, offset: usize) -> usize {
        self.0
            .line_col(u32::try_from(offset).unwrap_or(u32::MAX))
            .line
    }
}

#[cfg(test)]
mod tests {
    use crate::source_map::Span;
    use crate::SourceMap;

    /// What Python 2.7 would say of `text`: exception, message and line.
    fn python_verdict(text: &str) -> Option<(String, String, usize)> {
        let mut sources = SourceMap::new();
        let file = sources.add("case.aurora", text);
        let parsed = crate::parse(text, file);
        let first = crate::python_first_error(&parsed.diagnostics)?;
        let python = first.python.as_ref()?;
        let offset = first.python_offset();
        let line = sources.start_line_col(Span::new(file, offset, offset)).line;
        Some((python.exception.clone(), python.message.clone(), line))
    }

    fn verdict(exception: &str, message: &str, line: usize) -> Option<(String, String, usize)> {
        Some((exception.to_string(), message.to_string(), line))
    }

    #[test]
    fn the_end_of_the_file_is_unexpected_only_on_its_first_line() {
        let eof = "unexpected EOF while parsing";
        assert_eq!(python_verdict("[x,\n"), verdict("SyntaxError", eof, 1));
        assert_eq!(python_verdict("def f():\n"), verdict("SyntaxError", eof, 1));
        let invalid = "invalid syntax";
        assert_eq!(
            python_verdict("a\n[x,\n"),
            verdict("SyntaxError", invalid, 2)
        );
        assert_eq!(
            python_verdict("[x,\n\n\n"),
            verdict("SyntaxError", invalid, 3)
        );
        assert_eq!(
            python_verdict("try:\n    pass\n"),
            verdict("SyntaxError", invalid, 2)
        );
    }

    #[test]
    fn errors_inside_a_bracket_never_closed_come_first() {
        let invalid = "invalid syntax";
        assert_eq!(
            python_verdict("def f(:\n    pass\n"),
            verdict("SyntaxError", invalid, 1)
        );
        // The parser stops at a string after a name, before the lexer's unterminated one.
        assert_eq!(
            python_verdict("(a' b'b')\n"),
            verdict("SyntaxError", invalid, 1)
        );
        // Not at the closer the lexer made up for `[`: Python stops at `while`.
        assert_eq!(
            python_verdict("v[\nwhile 1:\n    pass\n"),
            verdict("SyntaxError", invalid, 2)
        );
    }

    #[test]
    fn a_string_left_open_to_the_end_hides_the_brackets_it_swallowed() {
        assert_eq!(
            python_verdict("print ((i if '''x'' ')),\nreturn\nglobal k\n"),
            verdict(
                "SyntaxError",
                "EOF while scanning triple-quoted string literal",
                3
            )
        );
    }

    #[test]
    fn a_block_closed_too_early_is_an_unexpected_unindent() {
        let unindent = "unexpected unindent";
        assert_eq!(
            python_verdict("if 1:\n    try:\n        pass\nx = 1\n"),
            verdict("IndentationError", unindent, 4)
        );
        assert_eq!(
            python_verdict("if 1:\n  try:\n    pass\n  \n"),
            verdict("IndentationError", unindent, 4)
        );
        assert_eq!(
            python_verdict("if 1:\n    @x\nclass C: pass\n"),
            verdict("IndentationError", unindent, 3)
        );
    }

    #[test]
    fn true_false_and_nonlocal_are_names_in_python27() {
        for text in [
            "True = 1\n",
            "(True, x) = 1, 2\n",
            "for False in x: pass\n",
            "print x.True, x.None\n",
            "nonlocal = 1\n",
            "print nonlocal\n",
        ] {
            assert_eq!(python_verdict(text), None, "{text}");
        }
        let parsed = crate::parse("True = 1\n", crate::FileId(0));
        let crate::ast::StmtKind::Assign { targets, .. } = &parsed.module.body[0].kind else {
            panic!("an assignment");
        };
        assert_eq!(
            targets[0].kind,
            crate::ast::ExprKind::Name("True".to_string())
        );
        assert_eq!(
            python_verdict("nonlocal x\n"),
            verdict("SyntaxError", "invalid syntax", 1)
        );
    }

    #[test]
    fn none_is_parsed_where_names_are_bound_and_refused_there() {
        for text in [
            "x.None = 1\n",
            "def None():\n    pass\n",
            "def f(None): pass\n",
            "def f(a, (b, None)): pass\n",
            "lambda *None: 1\n",
            "class None: pass\n",
            "from a import b as None\n",
            "try: pass\nexcept E, None: pass\n",
        ] {
            let line = 1 + text
                .lines()
                .position(|line| line.contains("None"))
                .unwrap_or(0);
            assert_eq!(
                python_verdict(text),
                verdict("SyntaxError", "cannot assign to None", line),
                "{text}"
            );
        }
        assert_eq!(python_verdict("del x.None\n"), None);
    }

    #[test]
    fn a_trailing_comma_after_imported_names_needs_parentheses() {
        let message = "trailing comma not allowed without surrounding parentheses";
        assert_eq!(
            python_verdict("from a import b, c as d,\n"),
            verdict("SyntaxError", message, 1)
        );
        assert_eq!(python_verdict("from a import (b,)\n"), None);
    }

    #[test]
    fn a_bad_number_fails_in_the_tokenizer_before_the_parser_sees_it() {
        assert_eq!(
            python_verdict("asssert 08\n"),
            verdict("SyntaxError", "invalid token", 1)
        );
    }

    #[test]
    fn a_second_star_argument_fails_to_parse_before_the_tree_is_checked() {
        assert_eq!(
            python_verdict("f(*a, b, *c)\n"),
            verdict("SyntaxError", "invalid syntax", 1)
        );
        assert_eq!(
            python_verdict("f(*a, b)\n"),
            verdict(
                "SyntaxError",
                "only named arguments may follow *expression",
                1
            )
        );
    }

    #[test]
    fn a_string_over_several_lines_fails_on_its_last_line() {
        let invalid = "invalid syntax";
        assert_eq!(
            python_verdict("x = 1 '''a\nb'''\n"),
            verdict("SyntaxError", invalid, 2)
        );
        assert_eq!(
            python_verdict("x = 1 'a\\\nb'\n"),
            verdict("SyntaxError", invalid, 2)
        );
    }

    #[test]
    fn nothing_follows_double_star_arguments_even_in_a_skipped_statement() {
        let invalid = "invalid syntax";
        assert_eq!(
            python_verdict("f(**a, b=1)\n"),
            verdict("SyntaxError", invalid, 1)
        );
        assert_eq!(
            python_verdict("f(**a,)\n"),
            verdict("SyntaxError", invalid, 1)
        );
        // The statement around it fails later; Python stops at the comma first.
        assert_eq!(
            python_verdict("try:\n    x = f(**a, b=1)\nexcpt E:\n    pass\n"),
            verdict("SyntaxError", invalid, 2)
        );
        assert_eq!(python_verdict("f(lambda a, **kw: 1, 2)\n"), None);
        assert_eq!(python_verdict("f(lambda *a: 1,)\n"), None);
        for refused in ["f(*a,)\n", "f(*a, b=1,)\n", "def f(a, *b,): pass\n"] {
            assert_eq!(
                python_verdict(refused),
                verdict("SyntaxError", invalid, 1),
                "{refused}"
            );
        }
        assert_eq!(python_verdict("f(x=(1, 2), **{'a': (1, 2)})\n"), None);
    }
}
