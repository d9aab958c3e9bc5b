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
}

/// Lexes one file.
///
/// The stream always ends with `EndOfFile`, after a `Newline` closing the last logical line
/// and a `Dedent` per open block; brackets in it are balanced (missing closers are
/// synthesized with empty spans after being reported).
pub fn lex(text: &str, file: FileId) -> Lexed<'_> {
    layout::lex(text, file)
}
