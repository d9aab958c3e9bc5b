//! Python 2.7's grammar where it is narrower than the one the parser accepts.
//!
//! The grammar (`grammar.lalrpop`) takes the union of Python 2.7 and the Python 3 that
//! configs and editors meet, so the formatter and the language server handle both. Real
//! Aurora runs configs as Python 2.7, so what 2.7 rejects is reported here, on the token
//! stream, with the place Python 2.7 points at.

use crate::diagnostic::{codes, Diagnostic};
use crate::source_map::{FileId, Span};
use crate::token::Tok;

/// Diagnostics for tokens Python 2.7 would not accept where they are.
pub(super) fn check(tokens: &[(usize, Tok<'_>, usize)], file: FileId) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // For each open bracket: whether it is a `[` that subscripts the value before it.
    let mut brackets: Vec<bool> = Vec::new();
    for (index, (start, token, end)) in tokens.iter().enumerate() {
        let previous = index.checked_sub(1).map(|i| &tokens[i].1);
        match token {
            Tok::LSqb => brackets.push(previous.is_some_and(ends_operand)),
            Tok::LPar | Tok::LBrace => brackets.push(false),
            Tok::RPar | Tok::RSqb | Tok::RBrace => {
                brackets.pop();
            }
            Tok::Ellipsis => {
                let in_subscript = brackets.last() == Some(&true);
                let item_starts = matches!(previous, Some(Tok::LSqb | Tok::Comma));
                let item_ends = matches!(
                    tokens.get(index + 1).map(|t| &t.1),
                    Some(Tok::RSqb | Tok::Comma)
                );
                if !(in_subscript && item_starts && item_ends) {
                    diagnostics.push(stray_ellipsis(Span::new(file, *start, *end)));
                }
            }
            _ => {}
        }
    }
    diagnostics
}

/// Whether a `[` after this token subscripts (rather than starts a list display).
fn ends_operand(token: &Tok<'_>) -> bool {
    matches!(
        token,
        Tok::Name(_)
            | Tok::Int(_)
            | Tok::Float(_)
            | Tok::Str { .. }
            | Tok::RPar
            | Tok::RSqb
            | Tok::RBrace
            | Tok::None
            | Tok::True
            | Tok::False
    )
}

fn stray_ellipsis(span: Span) -> Diagnostic {
    Diagnostic::error(
        codes::NOT_PYTHON2,
        "invalid syntax: `...` is only an item of a subscript in Python 2.7",
        span,
        "Ellipsis outside a subscript",
    )
    .with_note("Aurora evaluates configs as Python 2.7, where `...` can only be written as `x[...]` or `x[..., i]`")
}
