//! The layout adapter: turns raw tokens into the parser's stream by Python's tokenizer
//! rules. It adds `Newline`, `Indent` and `Dedent`, ignores line breaks inside brackets,
//! keeps brackets balanced (reporting and synthesizing what is missing), decodes literals
//! and decides what `print`, `async` and `await` are from their context.

use logos::{Lexer, Logos};

use super::brackets::{self, Bracket, OpenBracket, MAX_BRACKET_DEPTH};
use super::literals::{big_int_decimal, NumError, NumLit};
use super::raw::{RawTok, StrShape};
use super::strings::{decode_string, Prefix};
use super::Lexed;
use crate::ast::{IntValue, StrKind};
use crate::diagnostic::{codes, Diagnostic, PythonError};
use crate::source_map::{FileId, Span};
use crate::token::{Comment, Tok};

/// CPython's limit; with the bracket limit it keeps every later stage's recursion bounded.
const MAX_INDENT_LEVELS: usize = 100;

/// Keywords that only start statements: when one begins a line inside an unbalanced
/// bracket, the bracket was most likely never closed.
const STATEMENT_KEYWORDS: [&str; 18] = [
    "def", "class", "import", "return", "pass", "raise", "try", "while", "with", "assert", "del",
    "global", "nonlocal", "elif", "except", "finally", "break", "continue",
];

pub(super) fn lex(text: &str, file: FileId) -> Lexed<'_> {
    if u32::try_from(text.len()).is_err() {
        let mut lexed = Lexed::default();
        lexed.diagnostics.push(Diagnostic::error(
            codes::UNREADABLE_FILE,
            format!(
                "file is too large ({} bytes; the limit is 4 GiB)",
                text.len()
            ),
            Span::new(file, 0, 0),
            "not read",
        ));
        lexed.tokens.push((text.len(), Tok::EndOfFile, text.len()));
        lexed.gave_up_at = Some(0);
        return lexed;
    }
    let mut layout = Layout::new(text, file);
    layout.run();
    layout.out.print_function = layout.print_function;
    // The parser keeps the tokens until it is done: give back what the growth overshot.
    layout.out.tokens.shrink_to_fit();
    layout.out
}

/// One level of the indentation stack.
#[derive(Clone, Copy, Debug)]
struct Level {
    /// Column with tabs to the next multiple of 8 (what Python 2 used).
    column: u32,
    /// Column with tabs counting 1: Python 3 rejects indentation whose comparison with the
    /// enclosing level differs between the two.
    tab1_column: u32,
    /// After a dedent that matched no level, the column that was treated as this level.
    alias: Option<u32>,
}

const LEVEL_ZERO: Level = Level {
    column: 0,
    tab1_column: 0,
    alias: None,
};

struct Layout<'src> {
    text: &'src str,
    file: FileId,
    raw: Lexer<'src, RawTok>,
    out: Lexed<'src>,
    indents: Vec<Level>,
    brackets: Vec<OpenBracket>,
    /// The next token starts a logical line (its indentation must be measured).
    at_line_start: bool,
    /// Where the current physical line starts.
    line_start: usize,
    /// Inside brackets, a line break was skipped and the new line has no token yet.
    fresh_line_in_brackets: bool,
    /// The first line break skipped inside brackets since the last token.
    skipped_newline: (usize, usize),
    /// Indentation column of the current logical line.
    line_indent: u32,
    /// Whether the file has as many closing brackets as opening ones; counted only when
    /// the unclosed-bracket heuristic needs it.
    balanced: Option<bool>,
    /// A fatal limit was hit: stop reading.
    stopped: bool,
    /// A triple-quoted string runs to the end of the file: Python's tokenizer fails in it
    /// and never reaches the end with brackets open.
    ends_in_string: bool,
    /// `from __future__ import print_function` was seen: `print` is a plain name.
    print_function: bool,
}

impl<'src> Layout<'src> {
    fn new(text: &'src str, file: FileId) -> Self {
        Layout {
            text,
            file,
            raw: RawTok::lexer(text),
            out: Lexed {
                // Configs average about nine bytes a token.
                tokens: Vec::with_capacity(text.len() / 8 + 4),
                ..Lexed::default()
            },
            indents: vec![LEVEL_ZERO],
            brackets: Vec::new(),
            at_line_start: true,
            line_start: 0,
            fresh_line_in_brackets: false,
            skipped_newline: (0, 0),
            line_indent: 0,
            balanced: None,
            stopped: false,
            ends_in_string: false,
            print_function: false,
        }
    }

    fn run(&mut self) {
        if self.text.starts_with('\u{feff}') {
            self.raw.bump('\u{feff}'.len_utf8());
            self.line_start = self.raw.span().end;
        }
        while let Some(next) = self.raw.next() {
            let span = self.raw.span();
            let raw = match next {
                Ok(raw) => raw,
                Err(()) => RawTok::Invalid,
            };
            match raw {
                RawTok::Newline => self.newline(span.start, span.end),
                RawTok::Continuation => self.fresh_line_in_brackets = false,
                RawTok::Comment => {
                    let span = self.span(span.start, span.end);
                    self.out.comments.push(Comment { span });
                }
                RawTok::StrayBackslash => self.stray_backslash(span.start),
                RawTok::Invalid | RawTok::Bang => self.invalid_character(raw, span.start),
                _ => self.token(raw, span.start, span.end),
            }
            if self.stopped {
                break;
            }
        }
        self.finish();
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn push(&mut self, start: usize, tok: Tok<'src>, end: usize) {
        self.out.tokens.push((start, tok, end));
    }

    fn error(&mut self, diagnostic: Diagnostic) {
        self.out.diagnostics.push(diagnostic);
    }

    fn give_up(&mut self, at: usize, diagnostic: Diagnostic) {
        self.error(diagnostic);
        self.out.gave_up_at = Some(at);
        self.stopped = true;
    }

    fn newline(&mut self, start: usize, end: usize) {
        if !self.brackets.is_empty() {
            if !self.fresh_line_in_brackets {
                self.skipped_newline = (start, end);
            }
            self.fresh_line_in_brackets = true;
        } else if !self.at_line_start {
            self.push(start, Tok::Newline, end);
            self.at_line_start = true;
        }
        self.line_start = end;
    }

    /// A token the parser sees.
    fn token(&mut self, raw: RawTok, start: usize, end: usize) {
        if self.fresh_line_in_brackets {
            self.fresh_line_in_brackets = false;
            self.recover_unclosed_brackets(raw, start, end);
        }
        if self.at_line_start {
            self.start_logical_line(start);
            if self.stopped {
                return;
            }
            self.at_line_start = false;
        }
        let tok = match raw {
            RawTok::Name => self.name(start, end),
            RawTok::Number(literal) => self.number(literal, start, end),
            RawTok::Str(shape) => self.string(shape, start, end),
            RawTok::LPar => return self.open(Bracket::Paren, start, end),
            RawTok::LSqb => return self.open(Bracket::Square, start, end),
            RawTok::LBrace => return self.open(Bracket::Curly, start, end),
            RawTok::RPar => return self.close(Bracket::Paren, start, end),
            RawTok::RSqb => return self.close(Bracket::Square, start, end),
            RawTok::RBrace => return self.close(Bracket::Curly, start, end),
            RawTok::Backtick => Tok::Backquote,
            other => match other.punctuation() {
                Some(tok) => tok,
                None => return,
            },
        };
        self.push(start, tok, end);
    }

    /// Compares the indentation of the line whose first token is at `first` with the
    /// block stack, emitting `Indent` or `Dedent`s.
    fn start_logical_line(&mut self, first: usize) {
        let (column, tab1_column, width) = measure(&self.text[self.line_start..first]);
        let indentation = self.span(self.line_start, self.line_start + width);
        self.line_indent = column;
        let top = self.indents.last().copied().unwrap_or(LEVEL_ZERO);
        if column == top.column || top.alias == Some(column) {
            if column == top.column && tab1_column != top.tab1_column {
                self.inconsistent_tabs(indentation);
            }
        } else if column > top.column {
            if tab1_column <= top.tab1_column {
                self.inconsistent_tabs(indentation);
            }
            if self.indents.len() > MAX_INDENT_LEVELS {
                let diagnostic = Diagnostic::error(
                    codes::TOO_DEEP,
                    format!("too many levels of indentation (the limit is {MAX_INDENT_LEVELS})"),
                    indentation,
                    "this block is nested too deeply",
                )
                .with_help("move the inner blocks into functions");
                self.give_up(first, diagnostic);
                return;
            }
            self.indents.push(Level {
                column,
                tab1_column,
                alias: None,
            });
            self.push(
                indentation.start as usize,
                Tok::Indent,
                indentation.end as usize,
            );
        } else {
            let matches_a_level = self
                .indents
                .iter()
                .any(|level| level.column == column || level.alias == Some(column));
            if !matches_a_level {
                self.bad_dedent(column, indentation);
            }
            while self.indents.len() > 1
                && self
                    .indents
                    .last()
                    .is_some_and(|level| column < level.column && level.alias != Some(column))
            {
                self.indents.pop();
                self.push(first, Tok::Dedent, first);
            }
            if let Some(level) = self.indents.last_mut() {
                if level.column == column {
                    if level.tab1_column != tab1_column {
                        self.inconsistent_tabs(indentation);
                    }
                } else if !matches_a_level {
                    // Carry on as if the line were at the enclosing level, and treat the
                    // lines after it at the same column alike.
                    level.alias = Some(column);
                }
            }
        }
    }

    fn bad_dedent(&mut self, column: u32, indentation: Span) {
        let mut levels: Vec<String> = self
            .indents
            .iter()
            .map(|level| level.column.to_string())
            .collect();
        let last = levels.pop().unwrap_or_default();
        let levels = if levels.is_empty() {
            last
        } else {
            format!("{} or {last}", levels.join(", "))
        };
        let diagnostic = Diagnostic::error(
            codes::INDENTATION,
            "unindent does not match any outer indentation level",
            indentation,
            format!(
                "indented {column} column{}, but the enclosing blocks are indented {levels}",
                if column == 1 { "" } else { "s" }
            ),
        )
        .with_python(PythonError::indentation(
            "unindent does not match any outer indentation level",
        ));
        self.error(diagnostic);
    }

    /// Python 2.7 reads a tab as moving to the next multiple of 8 and accepts this;
    /// Python 3 (and so ruff) rejects it.
    fn inconsistent_tabs(&mut self, indentation: Span) {
        let diagnostic = Diagnostic::warning(
            codes::INDENTATION,
            "inconsistent use of tabs and spaces in indentation",
            indentation,
            "its depth relative to the enclosing block depends on the width of a tab",
        )
        .with_help("indent with spaces only")
        .with_note("Python 2.7 counts a tab as up to 8 spaces and accepts it; Python 3 does not");
        self.out.diagnostics.push(diagnostic);
    }

    fn name(&mut self, start: usize, end: usize) -> Tok<'src> {
        let text = &self.text[start..end];
        // A plain name in Python 2.7 (`nonlocal = 1`); only Python 3's statement, which
        // names what follows, is worth its own message.
        if text == "nonlocal" && !matches!(self.peek(), Some((RawTok::Name, _))) {
            return Tok::Name(text);
        }
        if let Some(keyword) = Tok::keyword(text) {
            return keyword;
        }
        match text {
            "print"
                if !self.print_function
                    && self.at_statement_start()
                    && self.print_statement_follows() =>
            {
                Tok::PrintStatement
            }
            // `exec(code)` stays a call (Python 3's function, Python 2's statement of a
            // parenthesized value: the same).
            "exec"
                if self.at_statement_start()
                    && self.print_statement_follows()
                    && !matches!(self.peek(), Some((RawTok::LPar, _))) =>
            {
                Tok::ExecStatement
            }
            "print_function" => {
                self.print_function |= self.in_future_import();
                Tok::Name(text)
            }
            "async" if matches!(self.peek(), Some((RawTok::Name, "def" | "for" | "with"))) => {
                Tok::Async
            }
            "await" if self.await_operand_follows() => Tok::Await,
            _ => Tok::Name(text),
        }
    }

    /// The next raw token (past line continuations) and its text.
    fn peek(&self) -> Option<(RawTok, &'src str)> {
        let mut lookahead = self.raw.clone();
        loop {
            match lookahead.next()? {
                Ok(RawTok::Continuation) => continue,
                Ok(raw) => return Some((raw, lookahead.slice())),
                Err(()) => return Some((RawTok::Invalid, lookahead.slice())),
            }
        }
    }

    /// Whether the current logical line reads `from __future__ import ...`.
    fn in_future_import(&self) -> bool {
        let line_start = self
            .out
            .tokens
            .iter()
            .rposition(|token| matches!(token.1, Tok::Newline | Tok::Indent | Tok::Dedent))
            .map_or(0, |index| index + 1);
        matches!(
            &self.out.tokens[line_start..],
            [
                (_, Tok::From, _),
                (_, Tok::Name("__future__"), _),
                (_, Tok::Import, _),
                ..
            ]
        )
    }

    fn at_statement_start(&self) -> bool {
        match self.out.tokens.last() {
            None => true,
            Some((_, Tok::Newline | Tok::Indent | Tok::Dedent, _)) => true,
            Some((_, Tok::Semi | Tok::Colon, _)) => self.brackets.is_empty(),
            Some(_) => false,
        }
    }

    /// After `print` at the start of a statement: Python 2's statement unless an
    /// assignment or attribute (`print = f`, `print.x`) follows. `print(a, b)` is the
    /// statement too, printing a tuple as Python 2 does, unless the file imported
    /// `print_function` from `__future__`.
    fn print_statement_follows(&self) -> bool {
        let Some((raw, text)) = self.peek() else {
            return true;
        };
        match raw {
            RawTok::LPar => true,
            RawTok::Newline
            | RawTok::Comment
            | RawTok::Semi
            | RawTok::RightShift
            | RawTok::Number(_)
            | RawTok::Str(_)
            | RawTok::LSqb
            | RawTok::LBrace
            | RawTok::Minus
            | RawTok::Plus
            | RawTok::Tilde
            | RawTok::Backtick => true,
            RawTok::Name => starts_operand(text),
            _ => false,
        }
    }

    /// After `await`: an operand other than `(` (`await(x)` is a call, as in Python 2).
    fn await_operand_follows(&self) -> bool {
        match self.peek() {
            Some((RawTok::Name, text)) => starts_operand(text),
            Some((RawTok::Number(_) | RawTok::Str(_) | RawTok::LSqb | RawTok::LBrace, _)) => true,
            _ => false,
        }
    }

    fn number(&mut self, literal: NumLit, start: usize, end: usize) -> Tok<'src> {
        match literal {
            // `10L` is a Python 2 long, whatever its size.
            NumLit::Int(value) if self.text[start..end].ends_with(['l', 'L']) => {
                Tok::Int(IntValue::Long(value.to_string().into()))
            }
            NumLit::BigInt if self.text[start..end].ends_with(['l', 'L']) => Tok::Int(
                IntValue::Long(big_int_decimal(&self.text[start..end]).into()),
            ),
            NumLit::Int(value) => Tok::Int(IntValue::Small(value)),
            NumLit::BigInt => Tok::Int(IntValue::Big(
                big_int_decimal(&self.text[start..end]).into(),
            )),
            NumLit::Float(value) => Tok::Float(value),
            NumLit::Invalid(NumError::Imaginary) => {
                let digits = self.text[start..end - 1].replace('_', "");
                Tok::Imaginary(digits.parse().unwrap_or(0.0))
            }
            NumLit::Invalid(error) => {
                self.error(error.diagnostic(self.file, &self.text[start..end], start, end));
                // A stand-in so the parser carries on; the file will not be evaluated.
                Tok::Int(IntValue::Small(0))
            }
        }
    }

    fn string(&mut self, shape: StrShape, start: usize, end: usize) -> Tok<'src> {
        let quote_start = start + usize::from(shape.prefix_len);
        let body_start = quote_start + shape.quote_len();
        let body_end = if shape.terminated {
            end - shape.quote_len()
        } else {
            end
        };
        let prefix = Prefix::parse(&self.text[start..quote_start]);
        let quotes = &self.text[quote_start..body_start];
        if prefix.format {
            let diagnostic = Diagnostic::error(
                codes::NOT_PYTHON2,
                "f-strings are not supported: Aurora evaluates configs as Python 2.7",
                self.span(start, body_start),
                "f-string",
            )
            .with_help("use `'...'.format(...)` or `%` formatting")
            .with_python(PythonError::syntax("invalid syntax").at_offset(quote_start));
            self.error(diagnostic);
        }
        if !shape.terminated {
            let diagnostic = if shape.triple {
                self.ends_in_string = true;
                // Python 2.7 reports it on the file's last line.
                let last_line = self
                    .text
                    .strip_suffix('\n')
                    .map_or(self.text.len(), str::len);
                Diagnostic::error(
                    codes::UNTERMINATED_STRING,
                    "unterminated triple-quoted string literal",
                    self.span(start, body_start),
                    "this string is never closed",
                )
                .with_python(
                    PythonError::syntax("EOF while scanning triple-quoted string literal")
                        .at_offset(last_line),
                )
            } else {
                Diagnostic::error(
                    codes::UNTERMINATED_STRING,
                    "unterminated string literal",
                    self.span(quote_start, end),
                    "this string is never closed",
                )
                .with_python(PythonError::syntax("EOL while scanning string literal"))
            };
            self.error(diagnostic.with_help(format!("close the string with `{quotes}`")));
        }
        let value = decode_string(
            &self.text[body_start..body_end],
            body_start,
            prefix,
            self.file,
            &mut self.out.diagnostics,
        );
        let kind = if prefix.format {
            StrKind::Str
        } else {
            prefix.kind
        };
        Tok::Str {
            value: value.into_boxed_str(),
            kind,
        }
    }

    fn open(&mut self, kind: Bracket, start: usize, end: usize) {
        if self.brackets.len() >= MAX_BRACKET_DEPTH {
            self.give_up(start, brackets::too_deep(self.file, kind, start, end));
            return;
        }
        self.brackets.push(OpenBracket {
            kind,
            start,
            end,
            token_index: self.out.tokens.len(),
            line_indent: self.line_indent,
        });
        self.push(start, kind.open_tok(), end);
    }

    fn close(&mut self, kind: Bracket, start: usize, end: usize) {
        let Some(index) = self.brackets.iter().rposition(|open| open.kind == kind) else {
            match self.brackets.pop() {
                // `[1, 2)`: most likely a typo for the innermost bracket's closer.
                Some(open) => {
                    let diagnostic = brackets::mismatched(
                        self.file,
                        &self.out.tokens,
                        &open,
                        kind,
                        self.span(start, end),
                    );
                    self.out.diagnostics.push(diagnostic);
                    self.push(start, open.kind.close_tok(), end);
                }
                None => self.error(brackets::unmatched(self.file, kind, start, end)),
            }
            return;
        };
        let found = self.span(start, end);
        for open in &self.brackets[index + 1..] {
            let diagnostic = brackets::unclosed(self.file, &self.out.tokens, open, kind, found);
            self.out.diagnostics.push(diagnostic);
        }
        while self.brackets.len() > index + 1 {
            if let Some(open) = self.brackets.pop() {
                self.push(start, open.kind.close_tok(), start);
            }
        }
        self.brackets.pop();
        self.push(start, kind.close_tok(), end);
    }

    /// Reports every open bracket as never closed; `before` is where the closer was due.
    fn report_never_closed(&mut self, before: Option<Span>) {
        for open in &self.brackets {
            let mut diagnostic =
                brackets::never_closed(self.file, self.text, &self.out.tokens, open, before);
            if self.ends_in_string {
                diagnostic.python = None;
            }
            self.out.diagnostics.push(diagnostic);
        }
    }

    /// Closes every open bracket with empty tokens at `at`, innermost first.
    fn synthesize_closers(&mut self, at: usize) {
        while let Some(open) = self.brackets.pop() {
            self.push(at, open.kind.close_tok(), at);
        }
    }

    /// Inside brackets, a line that starts no deeper than the line that opened them and
    /// reads like a statement (`def ...`, `name = ...`) means the brackets were never
    /// closed: unless the file's brackets balance, close them before this line.
    fn recover_unclosed_brackets(&mut self, raw: RawTok, start: usize, end: usize) {
        let Some(outermost) = self.brackets.first() else {
            return;
        };
        let (column, _, _) = measure(&self.text[self.line_start..start]);
        if raw != RawTok::Name || column > outermost.line_indent {
            return;
        }
        let text = &self.text[start..end];
        let starts_statement =
            STATEMENT_KEYWORDS.contains(&text) || matches!(self.peek(), Some((RawTok::Equal, _)));
        if !starts_statement || self.file_brackets_balance() {
            return;
        }
        let first_token = self.span(start, end);
        self.report_never_closed(Some(first_token));
        let (newline_start, newline_end) = self.skipped_newline;
        self.synthesize_closers(newline_start);
        self.push(newline_start, Tok::Newline, newline_end);
        self.at_line_start = true;
    }

    fn file_brackets_balance(&mut self) -> bool {
        let text = self.text;
        *self
            .balanced
            .get_or_insert_with(|| brackets::brackets_balance(text))
    }

    fn stray_backslash(&mut self, start: usize) {
        let rest = &self.text[start + 1..];
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t', '\x0c']).len();
        let after_spaces = &rest[spaces..];
        let newline = if after_spaces.starts_with("\r\n") {
            2
        } else {
            usize::from(after_spaces.starts_with(['\n', '\r']))
        };
        let span = self.span(start, start + 1);
        let diagnostic = if rest.is_empty() {
            // Python 2.7 accepts a `\\` at the very end of the file.
            let diagnostic = Diagnostic::warning(
                codes::INVALID_CHARACTER,
                "unexpected end of file after line continuation character",
                span,
                "nothing follows this `\\`",
            );
            self.out.diagnostics.push(diagnostic);
            return;
        } else if newline > 0 {
            // Only spaces between the backslash and the line break: the user meant a line
            // continuation, so read it as one.
            self.raw.bump(spaces + newline);
            self.fresh_line_in_brackets = false;
            Diagnostic::error(
                codes::INVALID_CHARACTER,
                "unexpected character after line continuation character",
                span,
                "spaces follow this `\\`",
            )
            .with_help("a `\\` that continues a line must be its last character")
            .with_python(PythonError::syntax(
                "unexpected character after line continuation character",
            ))
        } else {
            Diagnostic::error(
                codes::INVALID_CHARACTER,
                "unexpected character after line continuation character",
                span,
                "a `\\` outside a string must end its line",
            )
            .with_python(PythonError::syntax(
                "unexpected character after line continuation character",
            ))
        };
        self.error(diagnostic);
    }

    fn invalid_character(&mut self, raw: RawTok, start: usize) {
        let Some(char) = self.text[start..].chars().next() else {
            return;
        };
        let end = start + char.len_utf8();
        if self.raw.span().end < end {
            // `logos` errors cover what it read; make sure the whole character is skipped.
            self.raw.bump(end - self.raw.span().end);
        }
        let message = if char.is_control() || char.is_whitespace() {
            format!("invalid character U+{:04X} in source", u32::from(char))
        } else if char == '`' {
            "invalid character '`' in source".to_string()
        } else {
            format!("invalid character `{char}` in source")
        };
        let mut diagnostic = Diagnostic::error(
            codes::INVALID_CHARACTER,
            message,
            self.span(start, end),
            "not valid in Python source",
        )
        .with_python(PythonError::syntax("invalid syntax"));
        let help = match (raw, char) {
            (RawTok::Bang, _) => Some("Python spells negation `not`"),
            (_, '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}') => {
                Some("this is a typographic quote; use `'` or `\"`")
            }
            (_, '\u{a0}') => Some("this is a no-break space; use a normal space"),
            _ => None,
        };
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        self.error(diagnostic);
    }

    /// Closes the stream: open brackets, the last logical line, open blocks, `EndOfFile`.
    fn finish(&mut self) {
        let end_of_text = self.text.len();
        let at = match self.out.gave_up_at {
            Some(at) => at,
            None => {
                self.report_never_closed(None);
                end_of_text
            }
        };
        self.synthesize_closers(at);
        if !self.at_line_start {
            self.push(at, Tok::Newline, at);
        }
        for _ in 1..self.indents.len() {
            self.push(at, Tok::Dedent, at);
        }
        self.push(end_of_text, Tok::EndOfFile, end_of_text);
    }
}

/// Whether a name token can start an operand: any name, or a keyword that is a value or
/// starts an expression.
fn starts_operand(name: &str) -> bool {
    match Tok::keyword(name) {
        None => true,
        Some(keyword) => matches!(
            keyword,
            Tok::Not | Tok::Lambda | Tok::None | Tok::True | Tok::False | Tok::Nonlocal
        ),
    }
}

/// The indentation at the start of `line`: its column with tabs to multiples of 8, its
/// column with tabs counting 1, and its length in bytes. A form feed resets the column.
fn measure(line: &str) -> (u32, u32, usize) {
    let mut column: u32 = 0;
    let mut tab1_column: u32 = 0;
    for (offset, byte) in line.bytes().enumerate() {
        match byte {
            b' ' => {
                column = column.saturating_add(1);
                tab1_column = tab1_column.saturating_add(1);
            }
            b'\t' => {
                column = (column / 8).saturating_add(1).saturating_mul(8);
                tab1_column = tab1_column.saturating_add(1);
            }
            b'\x0c' => {
                column = 0;
                tab1_column = 0;
            }
            _ => return (column, tab1_column, offset),
        }
    }
    (column, tab1_column, line.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok<'_>> {
        lex(text, FileId(0))
            .tokens
            .into_iter()
            .map(|(_, tok, _)| tok)
            .collect()
    }

    #[test]
    fn measures_tabs_spaces_and_form_feeds() {
        assert_eq!(measure("    x"), (4, 4, 4));
        assert_eq!(measure("  \tx"), (8, 3, 3));
        assert_eq!(measure("\t\t"), (16, 2, 2));
        assert_eq!(measure("    \x0c  x"), (2, 2, 7));
    }

    #[test]
    fn empty_text_is_just_end_of_file() {
        assert_eq!(toks(""), [Tok::EndOfFile]);
        assert_eq!(toks("\n\n  \n# c\n"), [Tok::EndOfFile]);
    }

    #[test]
    fn unended_last_line_gets_a_newline() {
        assert_eq!(toks("x"), [Tok::Name("x"), Tok::Newline, Tok::EndOfFile]);
    }

    #[test]
    fn blocks_close_at_end_of_file() {
        assert_eq!(
            toks("if x:\n  y\n"),
            [
                Tok::If,
                Tok::Name("x"),
                Tok::Colon,
                Tok::Newline,
                Tok::Indent,
                Tok::Name("y"),
                Tok::Newline,
                Tok::Dedent,
                Tok::EndOfFile
            ]
        );
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let lexed = lex("\u{feff}x\n", FileId(0));
        assert_eq!(lexed.tokens[0], (3, Tok::Name("x"), 4));
        assert!(lexed.diagnostics.is_empty());
    }

    #[test]
    fn deep_brackets_give_up_promptly() {
        let text = "(".repeat(10_000);
        let lexed = lex(&text, FileId(0));
        assert_eq!(lexed.gave_up_at, Some(MAX_BRACKET_DEPTH));
        assert_eq!(lexed.diagnostics.len(), 1);
        assert_eq!(lexed.tokens.len(), 2 * MAX_BRACKET_DEPTH + 2);
    }
}
