//! Brackets: what each one opens, for messages, and the diagnostics for brackets that do
//! not pair up.

use logos::Logos;

use super::raw::RawTok;
use super::Spanned;
use crate::diagnostic::{codes, Diagnostic, PythonError};
use crate::source_map::{FileId, Span};
use crate::token::Tok;

/// CPython's limit on open brackets.
pub(super) const MAX_BRACKET_DEPTH: usize = 200;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Bracket {
    Paren,
    Square,
    Curly,
}

impl Bracket {
    pub fn open_text(self) -> &'static str {
        match self {
            Bracket::Paren => "(",
            Bracket::Square => "[",
            Bracket::Curly => "{",
        }
    }

    pub fn close_text(self) -> &'static str {
        match self {
            Bracket::Paren => ")",
            Bracket::Square => "]",
            Bracket::Curly => "}",
        }
    }

    pub fn open_tok(self) -> Tok<'static> {
        match self {
            Bracket::Paren => Tok::LPar,
            Bracket::Square => Tok::LSqb,
            Bracket::Curly => Tok::LBrace,
        }
    }

    pub fn close_tok(self) -> Tok<'static> {
        match self {
            Bracket::Paren => Tok::RPar,
            Bracket::Square => Tok::RSqb,
            Bracket::Curly => Tok::RBrace,
        }
    }
}

/// A bracket waiting for its closer.
#[derive(Clone, Copy, Debug)]
pub(super) struct OpenBracket {
    pub kind: Bracket,
    pub start: usize,
    pub end: usize,
    /// Index of the opener in the token stream, for [`bracket_context`].
    pub token_index: usize,
    /// Indentation of the logical line the bracket was opened on.
    pub line_indent: u32,
}

impl OpenBracket {
    fn span(&self, file: FileId) -> Span {
        Span::new(file, self.start, self.end)
    }
}

/// What the bracket at `opener_index` opens, for messages: "the call to `Process`",
/// "the list", "the subscript", "the dict or set", "the parenthesized expression".
pub fn bracket_context(tokens: &[Spanned<'_>], opener_index: usize) -> String {
    let Some((_, opener, _)) = tokens.get(opener_index) else {
        return "the brackets".to_string();
    };
    let before = |index: usize| {
        index
            .checked_sub(1)
            .and_then(|index| tokens.get(index))
            .map(|(_, tok, _)| tok)
    };
    match opener {
        Tok::LPar => match before(opener_index) {
            Some(Tok::Name(_)) => {
                let (first, callee) = dotted_name_before(tokens, opener_index);
                match before(first) {
                    Some(Tok::Def) if first + 1 == opener_index => {
                        format!("the parameters of `{callee}`")
                    }
                    Some(Tok::Class) if first + 1 == opener_index => {
                        format!("the bases of class `{callee}`")
                    }
                    _ => format!("the call to `{callee}`"),
                }
            }
            Some(Tok::RPar | Tok::RSqb) => "the call".to_string(),
            _ => "the parenthesized expression".to_string(),
        },
        Tok::LSqb => match before(opener_index) {
            Some(Tok::Name(_) | Tok::RPar | Tok::RSqb | Tok::Str { .. }) => {
                "the subscript".to_string()
            }
            _ => "the list".to_string(),
        },
        Tok::LBrace => "the dict or set".to_string(),
        _ => "the brackets".to_string(),
    }
}

/// The dotted name (`os.path.join`) ending just before `index` (a name is there), at most a
/// few parts long, and the index of its first token.
fn dotted_name_before(tokens: &[Spanned<'_>], index: usize) -> (usize, String) {
    const MAX_PARTS: usize = 4;
    let mut first = index - 1;
    let mut parts = 1;
    while parts < MAX_PARTS && first >= 2 {
        match (&tokens[first - 2].1, &tokens[first - 1].1) {
            (Tok::Name(_), Tok::Dot) => {
                first -= 2;
                parts += 1;
            }
            _ => break,
        }
    }
    let mut name = String::new();
    for (_, tok, _) in &tokens[first..index] {
        match tok {
            Tok::Name(part) => name.push_str(part),
            _ => name.push('.'),
        }
    }
    (first, name)
}

/// Whether `text` has as many closing brackets as opening ones (strings and comments
/// excluded). A cheap pass that gates the unclosed-bracket heuristic.
pub(super) fn brackets_balance(text: &str) -> bool {
    let mut depth: i64 = 0;
    for raw in RawTok::lexer(text).flatten() {
        match raw {
            RawTok::LPar | RawTok::LSqb | RawTok::LBrace => depth += 1,
            RawTok::RPar | RawTok::RSqb | RawTok::RBrace => depth -= 1,
            _ => {}
        }
    }
    depth == 0
}

pub(super) fn too_deep(file: FileId, kind: Bracket, start: usize, end: usize) -> Diagnostic {
    Diagnostic::error(
        codes::TOO_DEEP,
        format!("too many nested brackets (the limit is {MAX_BRACKET_DEPTH})"),
        Span::new(file, start, end),
        format!("this `{}` is nested too deeply", kind.open_text()),
    )
}

pub(super) fn unmatched(file: FileId, kind: Bracket, start: usize, end: usize) -> Diagnostic {
    let found = kind.close_text();
    Diagnostic::error(
        codes::UNBALANCED_BRACKET,
        format!("unmatched `{found}`"),
        Span::new(file, start, end),
        format!("this `{found}` closes nothing"),
    )
    .with_python(PythonError::syntax("invalid syntax"))
}

/// `open` is still open where a closer for a bracket outside it was `found`.
pub(super) fn unclosed(
    file: FileId,
    tokens: &[Spanned<'_>],
    open: &OpenBracket,
    found: Bracket,
    found_span: Span,
) -> Diagnostic {
    let message = format!("unclosed `{}`", open.kind.open_text());
    wrong_closer(file, tokens, open, message, found_span, Some(found))
}

/// A closer of another kind than the innermost open bracket, and of no open bracket.
pub(super) fn mismatched(
    file: FileId,
    tokens: &[Spanned<'_>],
    open: &OpenBracket,
    found: Bracket,
    found_span: Span,
) -> Diagnostic {
    let message = format!(
        "closing `{}` does not match the opening `{}`",
        found.close_text(),
        open.kind.open_text()
    );
    wrong_closer(file, tokens, open, message, found_span, None)
}

/// A closer at `found_span` that is not `open`'s, labelled with what `open` needed.
fn wrong_closer(
    file: FileId,
    tokens: &[Spanned<'_>],
    open: &OpenBracket,
    message: String,
    found_span: Span,
    found: Option<Bracket>,
) -> Diagnostic {
    let context = bracket_context(tokens, open.token_index);
    let mut label = format!("expected `{}` to close {context}", open.kind.close_text());
    if let Some(found) = found {
        label.push_str(&format!(", found `{}`", found.close_text()));
    }
    Diagnostic::error(codes::UNBALANCED_BRACKET, message, found_span, label)
        .with_label(open.span(file), format!("{context} opened here"))
        .with_python(PythonError::syntax("invalid syntax"))
}

/// `open` is never closed; `before` is the token its closer was due before, if known.
/// Python 2.7 reports it there, or at the end of the file (`text`).
pub(super) fn never_closed(
    file: FileId,
    text: &str,
    tokens: &[Spanned<'_>],
    open: &OpenBracket,
    before: Option<Span>,
) -> Diagnostic {
    let context = bracket_context(tokens, open.token_index);
    let close = open.kind.close_text();
    let diagnostic = Diagnostic::error(
        codes::UNBALANCED_BRACKET,
        format!("`{}` was never closed", open.kind.open_text()),
        open.span(file),
        format!("expected `{close}` to close {context}"),
    );
    match before {
        Some(before) => diagnostic
            .with_label(before, format!("expected `{close}` before this"))
            .with_python(PythonError::syntax("invalid syntax").at_offset(before.start as usize)),
        None => diagnostic.with_python(super::python_eof_error(
            text,
            PythonError::syntax("invalid syntax"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_brackets_outside_strings_and_comments() {
        assert!(brackets_balance("f(x)['a'] + {1: (2)}"));
        assert!(brackets_balance("f(')' ) # ("));
        assert!(!brackets_balance("f(x"));
    }
}
