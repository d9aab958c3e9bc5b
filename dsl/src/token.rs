//! The tokens the parser consumes: Python's, after indentation has been turned into
//! `Newline` / `Indent` / `Dedent`.

use std::fmt;

use crate::ast::{IntValue, StrKind};

/// One token. Names borrow from the source; literals carry their decoded value.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok<'src> {
    Name(&'src str),
    /// A name that starts an argument or parameter and is followed by `=` (`f(a=1)`,
    /// `def f(a=1)`): marked before parsing so that a keyword argument's name need not climb
    /// the whole expression grammar first. See `parser::mark_keyword_names`.
    KwName(&'src str),
    Int(IntValue),
    Float(f64),
    /// An imaginary number, `1.5j` (its imaginary part).
    Imaginary(f64),
    /// One string literal (adjacent literals are joined by the parser).
    Str {
        value: Box<str>,
        kind: StrKind,
    },

    /// End of a logical line.
    Newline,
    /// The next line is indented deeper than the current block.
    Indent,
    /// The current block ends.
    Dedent,
    /// End of the file; always the last token.
    EndOfFile,

    // Python 2 statements that look like names; the lexer decides from context.
    /// `print` used as a statement (`print "x"`, `print >>f, x`, bare `print`).
    PrintStatement,
    /// `exec` used as a statement (`exec code in namespace`).
    ExecStatement,
    /// `async` in front of `def`, `for` or `with`.
    Async,
    /// `await` in front of an operand.
    Await,

    // Keywords.
    And,
    As,
    Assert,
    Break,
    Class,
    Continue,
    Def,
    Del,
    Elif,
    Else,
    Except,
    False,
    Finally,
    For,
    From,
    Global,
    If,
    Import,
    In,
    Is,
    Lambda,
    None,
    Nonlocal,
    Not,
    Or,
    Pass,
    Raise,
    Return,
    True,
    Try,
    While,
    With,
    Yield,

    // Brackets.
    LPar,
    RPar,
    LSqb,
    RSqb,
    LBrace,
    RBrace,

    // Punctuation.
    /// Python 2's backquote, around an expression to `repr()`.
    Backquote,
    Colon,
    Comma,
    Semi,
    Dot,
    Ellipsis,
    Arrow,
    At,
    Equal,

    // Operators.
    Plus,
    Minus,
    Star,
    DoubleStar,
    Slash,
    DoubleSlash,
    Percent,
    Amper,
    VBar,
    Circumflex,
    Tilde,
    LeftShift,
    RightShift,
    Less,
    Greater,
    LessEqual,
    GreaterEqual,
    EqEqual,
    NotEqual,

    // Augmented assignment.
    PlusEqual,
    MinusEqual,
    StarEqual,
    SlashEqual,
    DoubleSlashEqual,
    PercentEqual,
    AmperEqual,
    VBarEqual,
    CircumflexEqual,
    LeftShiftEqual,
    RightShiftEqual,
    DoubleStarEqual,
    AtEqual,
}

impl Tok<'_> {
    /// The keyword a name spells, if it is one.
    pub fn keyword(name: &str) -> Option<Tok<'static>> {
        Some(match name {
            "and" => Tok::And,
            "as" => Tok::As,
            "assert" => Tok::Assert,
            "break" => Tok::Break,
            "class" => Tok::Class,
            "continue" => Tok::Continue,
            "def" => Tok::Def,
            "del" => Tok::Del,
            "elif" => Tok::Elif,
            "else" => Tok::Else,
            "except" => Tok::Except,
            "False" => Tok::False,
            "finally" => Tok::Finally,
            "for" => Tok::For,
            "from" => Tok::From,
            "global" => Tok::Global,
            "if" => Tok::If,
            "import" => Tok::Import,
            "in" => Tok::In,
            "is" => Tok::Is,
            "lambda" => Tok::Lambda,
            "None" => Tok::None,
            "nonlocal" => Tok::Nonlocal,
            "not" => Tok::Not,
            "or" => Tok::Or,
            "pass" => Tok::Pass,
            "raise" => Tok::Raise,
            "return" => Tok::Return,
            "True" => Tok::True,
            "try" => Tok::Try,
            "while" => Tok::While,
            "with" => Tok::With,
            "yield" => Tok::Yield,
            _ => return None,
        })
    }

    /// How the token reads in a message: `` `)` ``, `a name`, `end of line`.
    pub fn describe(&self) -> String {
        match self {
            Tok::Name(name) | Tok::KwName(name) => format!("name `{name}`"),
            Tok::Int(_) | Tok::Float(_) | Tok::Imaginary(_) => "a number".to_string(),
            Tok::Str { .. } => "a string".to_string(),
            Tok::Newline => "end of line".to_string(),
            Tok::Indent => "an indented block".to_string(),
            Tok::Dedent => "the end of the block".to_string(),
            Tok::EndOfFile => "end of file".to_string(),
            other => match other.text() {
                Some(text) if other.is_keyword() => format!("keyword `{text}`"),
                Some(text) => format!("`{text}`"),
                None => format!("{other:?}"),
            },
        }
    }

    /// Whether the token is a reserved word.
    pub fn is_keyword(&self) -> bool {
        self.text()
            .is_some_and(|text| text.starts_with(|c: char| c.is_ascii_alphabetic()))
    }

    /// The fixed text of a keyword or punctuation token.
    pub fn text(&self) -> Option<&'static str> {
        Some(match self {
            Tok::PrintStatement => "print",
            Tok::ExecStatement => "exec",
            Tok::Backquote => "`",
            Tok::Async => "async",
            Tok::Await => "await",
            Tok::And => "and",
            Tok::As => "as",
            Tok::Assert => "assert",
            Tok::Break => "break",
            Tok::Class => "class",
            Tok::Continue => "continue",
            Tok::Def => "def",
            Tok::Del => "del",
            Tok::Elif => "elif",
            Tok::Else => "else",
            Tok::Except => "except",
            Tok::False => "False",
            Tok::Finally => "finally",
            Tok::For => "for",
            Tok::From => "from",
            Tok::Global => "global",
            Tok::If => "if",
            Tok::Import => "import",
            Tok::In => "in",
            Tok::Is => "is",
            Tok::Lambda => "lambda",
            Tok::None => "None",
            Tok::Nonlocal => "nonlocal",
            Tok::Not => "not",
            Tok::Or => "or",
            Tok::Pass => "pass",
            Tok::Raise => "raise",
            Tok::Return => "return",
            Tok::True => "True",
            Tok::Try => "try",
            Tok::While => "while",
            Tok::With => "with",
            Tok::Yield => "yield",
            Tok::LPar => "(",
            Tok::RPar => ")",
            Tok::LSqb => "[",
            Tok::RSqb => "]",
            Tok::LBrace => "{",
            Tok::RBrace => "}",
            Tok::Colon => ":",
            Tok::Comma => ",",
            Tok::Semi => ";",
            Tok::Dot => ".",
            Tok::Ellipsis => "...",
            Tok::Arrow => "->",
            Tok::At => "@",
            Tok::Equal => "=",
            Tok::Plus => "+",
            Tok::Minus => "-",
            Tok::Star => "*",
            Tok::DoubleStar => "**",
            Tok::Slash => "/",
            Tok::DoubleSlash => "//",
            Tok::Percent => "%",
            Tok::Amper => "&",
            Tok::VBar => "|",
            Tok::Circumflex => "^",
            Tok::Tilde => "~",
            Tok::LeftShift => "<<",
            Tok::RightShift => ">>",
            Tok::Less => "<",
            Tok::Greater => ">",
            Tok::LessEqual => "<=",
            Tok::GreaterEqual => ">=",
            Tok::EqEqual => "==",
            Tok::NotEqual => "!=",
            Tok::PlusEqual => "+=",
            Tok::MinusEqual => "-=",
            Tok::StarEqual => "*=",
            Tok::SlashEqual => "/=",
            Tok::DoubleSlashEqual => "//=",
            Tok::PercentEqual => "%=",
            Tok::AmperEqual => "&=",
            Tok::VBarEqual => "|=",
            Tok::CircumflexEqual => "^=",
            Tok::LeftShiftEqual => "<<=",
            Tok::RightShiftEqual => ">>=",
            Tok::DoubleStarEqual => "**=",
            Tok::AtEqual => "@=",
            Tok::Name(_)
            | Tok::KwName(_)
            | Tok::Int(_)
            | Tok::Float(_)
            | Tok::Imaginary(_)
            | Tok::Str { .. }
            | Tok::Newline
            | Tok::Indent
            | Tok::Dedent
            | Tok::EndOfFile => return None,
        })
    }
}

impl fmt::Display for Tok<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// A comment, kept as trivia for the formatter. `span` covers `#` to the end of the line.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Comment {
    pub span: crate::source_map::Span,
}
