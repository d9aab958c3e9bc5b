//! Turns `.aurora` text into the token stream the parser reads.
//!
//! `lex(text, file) -> Lexed` — every token as a `(start, Tok, end)` triple (byte offsets,
//! what LALRPOP wants), the comments, and the lexical diagnostics. `raw` recognises tokens
//! with `logos`, `literals` decodes numbers and strings with Python 2.7's rules, and
//! `layout` applies Python's line structure: `Newline`, `Indent`, `Dedent`, balanced
//! brackets and the context-sensitive names (`print`, `async`, `await`).

mod brackets;
mod layout;
mod literals;
mod raw;
mod strings;

pub use brackets::bracket_context;

use crate::diagnostic::Diagnostic;
use crate::source_map::FileId;
use crate::token::{Comment, Tok};

/// A token with its byte range, as LALRPOP consumes it.
pub type Spanned<'src> = (usize, Tok<'src>, usize);

/// The result of lexing one file.
#[derive(Debug, Default)]
pub struct Lexed<'src> {
    pub tokens: Vec<Spanned<'src>>,
    pub comments: Vec<Comment>,
    pub diagnostics: Vec<Diagnostic>,
    /// Set when a lexical error made the rest of the file unreadable (nesting limits);
    /// parse errors at or after this offset are consequences, not new problems.
    pub gave_up_at: Option<usize>,
    /// The file has `from __future__ import print_function`: `print` is a plain name.
    pub print_function: bool,
}

/// How Python 2.7 reports an error at the end of the file (a bracket, block or statement
/// left open there): `unexpected EOF while parsing` when the whole text is one line
/// (Python's tokenizer only says so while on its first line), otherwise `later_lines` on the
/// file's last line, blank lines included.
pub(crate) fn python_eof_error(
    text: &str,
    later_lines: crate::diagnostic::PythonError,
) -> crate::diagnostic::PythonError {
    // Python counts the line a final newline ends as the last one.
    let last_line = text.strip_suffix('\n').map_or(text.len(), str::len);
    if !text[..last_line].contains('\n') {
        return crate::diagnostic::PythonError::syntax("unexpected EOF while parsing")
            .at_offset(last_line);
    }
    later_lines.at_offset(last_line)
}

/// Lexes one file.
///
/// The stream always ends with `EndOfFile`, after a `Newline` closing the last logical line
/// and a `Dedent` per open block; brackets in it are balanced (missing closers are
/// synthesized with empty spans after being reported).
pub fn lex(text: &str, file: FileId) -> Lexed<'_> {
    layout::lex(text, file)
}
