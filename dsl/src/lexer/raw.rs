//! Raw tokens: what `logos` recognises in the text before layout (indentation, brackets,
//! context-sensitive names) is applied. Literal bodies are scanned here, decoded later.

use logos::{Lexer, Logos};

use super::literals::{is_name_char, scan_number, NumLit};
use crate::token::Tok;

/// The shape of one string literal, found while scanning it; its body is decoded later.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct StrShape {
    /// Bytes of prefix letters (`r`, `u`, `br`, ...) before the opening quote.
    pub prefix_len: u8,
    /// `'''` or `"""` rather than `'` or `"`.
    pub triple: bool,
    /// Whether the closing quote was found; an unterminated string runs to the end of its
    /// line (single quotes) or of the file (triple quotes).
    pub terminated: bool,
}

impl StrShape {
    pub fn quote_len(self) -> usize {
        if self.triple {
            3
        } else {
            1
        }
    }
}

/// A token as `logos` sees it. Spaces, tabs and form feeds between tokens are skipped; the
/// layout adapter measures indentation from the text between a line start and its first
/// token.
#[derive(Logos, Clone, Copy, Debug, PartialEq)]
#[logos(skip r"[ \t\x0C]+")]
pub(super) enum RawTok {
    #[regex(r"\r\n|\r|\n")]
    Newline,
    /// A backslash that joins the next physical line to this one.
    #[regex(r"\\(\r\n|\r|\n)")]
    Continuation,
    /// A backslash followed by anything but a newline.
    #[token("\\")]
    StrayBackslash,
    #[regex(r"#[^\r\n]*", allow_greedy = true)]
    Comment,
    /// A name or keyword.
    #[regex(r"[A-Za-z_][A-Za-z0-9_]*", name)]
    #[regex(r"[^\x00-\x7F]", non_ascii)]
    Name,
    #[regex(r"[0-9]", number)]
    #[regex(r"\.[0-9]", number)]
    Number(NumLit),
    #[regex(
        r#"([rRuUbBfF]|[bB][rR]|[rR][bB]|[uU][rR]|[fF][rR]|[rR][fF])?['"]"#,
        string
    )]
    Str(StrShape),
    /// A character no token starts with; also what `logos` errors become.
    Invalid,
    #[token("`")]
    Backtick,
    #[token("!")]
    Bang,

    #[token("(")]
    LPar,
    #[token(")")]
    RPar,
    #[token("[")]
    LSqb,
    #[token("]")]
    RSqb,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,

    #[token(":")]
    Colon,
    #[token(",")]
    Comma,
    #[token(";")]
    Semi,
    #[token(".")]
    Dot,
    #[token("...")]
    Ellipsis,
    #[token("->")]
    Arrow,
    #[token("@")]
    At,
    #[token("=")]
    Equal,

    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("**")]
    DoubleStar,
    #[token("/")]
    Slash,
    #[token("//")]
    DoubleSlash,
    #[token("%")]
    Percent,
    #[token("&")]
    Amper,
    #[token("|")]
    VBar,
    #[token("^")]
    Circumflex,
    #[token("~")]
    Tilde,
    #[token("<<")]
    LeftShift,
    #[token(">>")]
    RightShift,
    #[token("<")]
    Less,
    #[token(">")]
    Greater,
    #[token("<=")]
    LessEqual,
    #[token(">=")]
    GreaterEqual,
    #[token("==")]
    EqEqual,
    /// `!=`, and Python 2's `<>`.
    #[token("!=")]
    #[token("<>")]
    NotEqual,

    #[token("+=")]
    PlusEqual,
    #[token("-=")]
    MinusEqual,
    #[token("*=")]
    StarEqual,
    #[token("/=")]
    SlashEqual,
    #[token("//=")]
    DoubleSlashEqual,
    #[token("%=")]
    PercentEqual,
    #[token("&=")]
    AmperEqual,
    #[token("|=")]
    VBarEqual,
    #[token("^=")]
    CircumflexEqual,
    #[token("<<=")]
    LeftShiftEqual,
    #[token(">>=")]
    RightShiftEqual,
    #[token("**=")]
    DoubleStarEqual,
    #[token("@=")]
    AtEqual,
}

impl RawTok {
    /// The parser token for an operator or punctuation raw token.
    pub fn punctuation(self) -> Option<Tok<'static>> {
        Some(match self {
            RawTok::LPar => Tok::LPar,
            RawTok::RPar => Tok::RPar,
            RawTok::LSqb => Tok::LSqb,
            RawTok::RSqb => Tok::RSqb,
            RawTok::LBrace => Tok::LBrace,
            RawTok::RBrace => Tok::RBrace,
            RawTok::Colon => Tok::Colon,
            RawTok::Comma => Tok::Comma,
            RawTok::Semi => Tok::Semi,
            RawTok::Dot => Tok::Dot,
            RawTok::Ellipsis => Tok::Ellipsis,
            RawTok::Arrow => Tok::Arrow,
            RawTok::At => Tok::At,
            RawTok::Equal => Tok::Equal,
            RawTok::Plus => Tok::Plus,
            RawTok::Minus => Tok::Minus,
            RawTok::Star => Tok::Star,
            RawTok::DoubleStar => Tok::DoubleStar,
            RawTok::Slash => Tok::Slash,
            RawTok::DoubleSlash => Tok::DoubleSlash,
            RawTok::Percent => Tok::Percent,
            RawTok::Amper => Tok::Amper,
            RawTok::VBar => Tok::VBar,
            RawTok::Circumflex => Tok::Circumflex,
            RawTok::Tilde => Tok::Tilde,
            RawTok::LeftShift => Tok::LeftShift,
            RawTok::RightShift => Tok::RightShift,
            RawTok::Less => Tok::Less,
            RawTok::Greater => Tok::Greater,
            RawTok::LessEqual => Tok::LessEqual,
            RawTok::GreaterEqual => Tok::GreaterEqual,
            RawTok::EqEqual => Tok::EqEqual,
            RawTok::NotEqual => Tok::NotEqual,
            RawTok::PlusEqual => Tok::PlusEqual,
            RawTok::MinusEqual => Tok::MinusEqual,
            RawTok::StarEqual => Tok::StarEqual,
            RawTok::SlashEqual => Tok::SlashEqual,
            RawTok::DoubleSlashEqual => Tok::DoubleSlashEqual,
            RawTok::PercentEqual => Tok::PercentEqual,
            RawTok::AmperEqual => Tok::AmperEqual,
            RawTok::VBarEqual => Tok::VBarEqual,
            RawTok::CircumflexEqual => Tok::CircumflexEqual,
            RawTok::LeftShiftEqual => Tok::LeftShiftEqual,
            RawTok::RightShiftEqual => Tok::RightShiftEqual,
            RawTok::DoubleStarEqual => Tok::DoubleStarEqual,
            RawTok::AtEqual => Tok::AtEqual,
            _ => return None,
        })
    }
}

/// Extends an ASCII name over any non-ASCII letters or digits that follow it.
fn name(lex: &mut Lexer<'_, RawTok>) -> RawTok {
    let rest = lex.remainder();
    if rest.as_bytes().first().is_some_and(|&byte| byte >= 0x80) {
        lex.bump(name_tail_len(rest));
    }
    RawTok::Name
}

/// A non-ASCII character starts a name if it is a letter (Python 3 allows Unicode names;
/// `char::is_alphabetic` stands in for XID_Start), and is invalid otherwise.
fn non_ascii(lex: &mut Lexer<'_, RawTok>) -> RawTok {
    let first = lex.slice().chars().next();
    if first.is_some_and(char::is_alphabetic) {
        let rest = lex.remainder();
        lex.bump(name_tail_len(rest));
        RawTok::Name
    } else {
        RawTok::Invalid
    }
}

fn name_tail_len(rest: &str) -> usize {
    rest.char_indices()
        .find(|&(_, c)| !is_name_char(c))
        .map_or(rest.len(), |(offset, _)| offset)
}

fn number(lex: &mut Lexer<'_, RawTok>) -> NumLit {
    let start = lex.span().start;
    let (len, value) = scan_number(&lex.source()[start..]);
    lex.bump(len - lex.slice().len());
    value
}

fn string(lex: &mut Lexer<'_, RawTok>) -> StrShape {
    let opening = lex.slice().as_bytes();
    let quote = opening[opening.len() - 1];
    // The regex allows at most two prefix letters.
    let prefix_len = (opening.len() - 1) as u8;
    let rest = lex.remainder().as_bytes();
    let triple = rest.len() >= 2 && rest[0] == quote && rest[1] == quote;
    let (len, terminated) = if triple {
        let (len, terminated) = scan_triple_body(&rest[2..], quote);
        (len + 2, terminated)
    } else {
        scan_single_body(rest, quote)
    };
    lex.bump(len);
    StrShape {
        prefix_len,
        triple,
        terminated,
    }
}

/// Length of a `'...'` body including its closing quote, or up to the end of the line.
/// Only ASCII bytes end the scan, so the length always falls on a character boundary.
fn scan_single_body(rest: &[u8], quote: u8) -> (usize, bool) {
    let mut i = 0;
    while let Some(&byte) = rest.get(i) {
        match byte {
            // An escaped newline continues the string on the next line.
            b'\\' => {
                i += if rest.get(i + 1) == Some(&b'\r') && rest.get(i + 2) == Some(&b'\n') {
                    3
                } else {
                    2
                };
            }
            b'\n' | b'\r' => return (i, false),
            _ if byte == quote => return (i + 1, true),
            _ => i += 1,
        }
    }
    (rest.len(), false)
}

/// Length of a `'''...'''` body including its closing quotes, or up to the end of the file.
fn scan_triple_body(rest: &[u8], quote: u8) -> (usize, bool) {
    let mut i = 0;
    while let Some(&byte) = rest.get(i) {
        if byte == b'\\' {
            i += 2;
        } else if byte == quote
            && rest.get(i + 1) == Some(&quote)
            && rest.get(i + 2) == Some(&quote)
        {
            return (i + 3, true);
        } else {
            i += 1;
        }
    }
    (rest.len(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Vec<(Result<RawTok, ()>, &str)> {
        let mut lexer = RawTok::lexer(text);
        let mut out = Vec::new();
        while let Some(tok) = lexer.next() {
            out.push((tok, lexer.slice()));
        }
        out
    }

    #[test]
    fn longest_operator_wins() {
        let toks: Vec<_> = raw("**= //= >>= <<= -> ... != <> ** //")
            .into_iter()
            .map(|(tok, _)| tok.unwrap())
            .collect();
        assert_eq!(
            toks,
            [
                RawTok::DoubleStarEqual,
                RawTok::DoubleSlashEqual,
                RawTok::RightShiftEqual,
                RawTok::LeftShiftEqual,
                RawTok::Arrow,
                RawTok::Ellipsis,
                RawTok::NotEqual,
                RawTok::NotEqual,
                RawTok::DoubleStar,
                RawTok::DoubleSlash,
            ]
        );
    }

    #[test]
    fn two_dots_are_two_tokens() {
        let toks = raw("..");
        assert_eq!(toks, [(Ok(RawTok::Dot), "."), (Ok(RawTok::Dot), ".")]);
    }

    #[test]
    fn string_prefixes_beat_names() {
        let toks = raw(r#"rb'x' ur"y" bar'z' '''a''' ''"#);
        let slices: Vec<_> = toks.iter().map(|(_, slice)| *slice).collect();
        assert_eq!(slices, ["rb'x'", r#"ur"y""#, "bar", "'z'", "'''a'''", "''"]);
    }

    #[test]
    fn unterminated_single_quote_stops_at_end_of_line() {
        let toks = raw("'abc\nx");
        assert_eq!(toks[0].1, "'abc");
        assert!(matches!(
            toks[0].0,
            Ok(RawTok::Str(StrShape {
                terminated: false,
                ..
            }))
        ));
        assert_eq!(toks[1].0, Ok(RawTok::Newline));
    }

    #[test]
    fn escaped_newline_continues_a_single_quoted_string() {
        let toks = raw("'a\\\r\nb'");
        assert_eq!(toks.len(), 1);
        assert_eq!(toks[0].1, "'a\\\r\nb'");
    }

    #[test]
    fn non_ascii_names_and_symbols() {
        let toks = raw("café ü “x”");
        assert_eq!(toks[0], (Ok(RawTok::Name), "café"));
        assert_eq!(toks[1], (Ok(RawTok::Name), "ü"));
        assert_eq!(toks[2], (Ok(RawTok::Invalid), "“"));
        assert_eq!(toks[3], (Ok(RawTok::Name), "x"));
    }

    #[test]
    fn stray_characters_are_errors_of_one_character() {
        let toks = raw("$?");
        assert_eq!(toks, [(Err(()), "$"), (Err(()), "?")]);
    }
}
