//! Where the cursor is, syntactically: inside which calls, at an argument's name or in an
//! expression, inside a string (and a `{{mustache}}` reference). Read from tokens, so it
//! works on the half-typed text the parser cannot make a tree of.

use aurora_dsl::lexer::{lex, Spanned};
use aurora_dsl::token::Tok;
use aurora_dsl::FileId;

/// One call the cursor is inside of, innermost first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnclosingCall {
    /// The called name (`Process` for `Process(` and `x.Process(`).
    pub callee: String,
    /// Offset of the `(`.
    pub open: usize,
    /// Keyword arguments already given (innermost call only).
    pub given: Vec<String>,
}

/// What the cursor is at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// Start of the identifier being typed (the cursor itself when none).
    pub prefix_start: usize,
    /// Calls around the cursor, innermost first, through any brackets.
    pub calls: Vec<EnclosingCall>,
    /// Right inside a call's parentheses at an argument's start: a keyword's name fits.
    pub argument_name: bool,
    /// After a `.`: an attribute is being typed.
    pub attribute: bool,
    /// Inside a string literal: the string's text up to the cursor.
    pub string_prefix: Option<String>,
    /// The keyword whose value is being typed (`mode = ` or `mode = 'R`), in the
    /// innermost call.
    pub argument_value: Option<String>,
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The context at `offset` of `text`.
pub fn context_at(text: &str, offset: usize) -> Context {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let prefix_start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_ident_char(c))
        .last()
        .map_or(offset, |(index, _)| index);
    let lexed = lex(text, FileId(0));
    let tokens = &lexed.tokens;
    let string_prefix = string_at(text, tokens, offset);
    let before = tokens.partition_point(|(start, _, _)| *start < prefix_start);
    let (calls, argument_name, attribute) = calls_before(&tokens[..before]);
    // The value starts at the string's opening quote when the cursor is in one.
    let value_start = match &string_prefix {
        Some(prefix) => offset - prefix.len(),
        None => prefix_start,
    };
    let value_tokens = &tokens[..tokens.partition_point(|(start, _, _)| *start < value_start)];
    let argument_value = match value_tokens {
        [.., (_, Tok::Name(name), _), (_, Tok::Equal, _)] if !calls.is_empty() => {
            Some(name.to_string())
        }
        _ => None,
    };
    Context {
        prefix_start,
        calls,
        argument_name,
        attribute,
        string_prefix,
        argument_value,
    }
}

/// The string literal's text before `offset`, when `offset` is inside one.
fn string_at(text: &str, tokens: &[Spanned<'_>], offset: usize) -> Option<String> {
    let index = tokens.partition_point(|(_, _, end)| *end < offset);
    if let Some((start, Tok::Str { .. }, end)) = tokens.get(index) {
        if *start < offset && (offset < *end || !closed(&text[*start..*end])) {
            return Some(text[*start..offset].to_string());
        }
    }
    // An unterminated string: the lexer gave up on it; count quotes on the line instead.
    let line_start = text[..offset].rfind('\n').map_or(0, |newline| newline + 1);
    let line = &text[line_start..offset];
    let mut open: Option<(usize, char)> = None;
    let mut chars = line.char_indices();
    while let Some((index, c)) = chars.next() {
        match (open, c) {
            (None, '#') => return None,
            (None, '\'' | '"') => open = Some((index, c)),
            (Some(_), '\\') => {
                chars.next();
            }
            (Some((_, quote)), c) if c == quote => open = None,
            _ => {}
        }
    }
    open.map(|(index, _)| line[index..].to_string())
}

/// Whether a string token's text ends with its closing quote.
fn closed(literal: &str) -> bool {
    let body = literal.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let quote = if body.starts_with("'''") || body.starts_with("\"\"\"") {
        &body[..3]
    } else {
        body.get(..1).unwrap_or("")
    };
    body.len() >= 2 * quote.len() && body.ends_with(quote) && !quote.is_empty()
}

/// The calls enclosing the end of `tokens`, whether the last token opens an argument, and
/// whether it is a `.`.
fn calls_before(tokens: &[Spanned<'_>]) -> (Vec<EnclosingCall>, bool, bool) {
    let last = tokens.last().map(|(_, tok, _)| tok);
    let attribute = matches!(last, Some(Tok::Dot));
    let mut calls = Vec::new();
    let mut innermost_is_call = None;
    let mut depth = 0usize;
    let mut given = Vec::new();
    for (index, (start, tok, _)) in tokens.iter().enumerate().rev() {
        match tok {
            Tok::RPar | Tok::RSqb | Tok::RBrace => depth += 1,
            Tok::LPar | Tok::LSqb | Tok::LBrace if depth > 0 => depth -= 1,
            Tok::LPar | Tok::LSqb | Tok::LBrace => {
                let callee = match (tok, index.checked_sub(1).map(|i| &tokens[i].1)) {
                    (Tok::LPar, Some(Tok::Name(name))) => Some(name.to_string()),
                    _ => None,
                };
                innermost_is_call.get_or_insert(callee.is_some());
                if let Some(callee) = callee {
                    let given = if calls.is_empty() && innermost_is_call == Some(true) {
                        std::mem::take(&mut given)
                    } else {
                        Vec::new()
                    };
                    calls.push(EnclosingCall {
                        callee,
                        open: *start,
                        given,
                    });
                }
            }
            Tok::Name(name) if depth == 0 && innermost_is_call.is_none() => {
                if matches!(tokens.get(index + 1), Some((_, Tok::Equal, _))) {
                    given.push(name.to_string());
                }
            }
            Tok::Newline | Tok::Indent | Tok::Dedent if depth == 0 => break,
            _ => {}
        }
        if calls.len() > 64 {
            break;
        }
    }
    let argument_name =
        innermost_is_call == Some(true) && matches!(last, Some(Tok::LPar | Tok::Comma));
    (calls, argument_name, attribute)
}

/// The identifier around `offset` (its start and end), if the cursor touches one.
pub fn word_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_ident_char(c))
        .last()
        .map_or(offset, |(index, _)| index);
    let end = offset
        + text[offset..]
            .char_indices()
            .take_while(|&(_, c)| is_ident_char(c))
            .last()
            .map_or(0, |(index, c)| index + c.len_utf8());
    (start < end && !text[start..].starts_with(|c: char| c.is_ascii_digit()))
        .then_some((start, end))
}

/// Whether the identifier ending at `end` is followed by `=` (not `==`): a keyword
/// argument's name.
pub fn is_keyword_name(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    rest.starts_with('=') && !rest.starts_with("==")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_end(text: &str) -> Context {
        context_at(text, text.len())
    }

    #[test]
    fn argument_names_of_the_innermost_call() {
        let context = at_end("p = Process(name = 'x', cm");
        assert_eq!(context.calls[0].callee, "Process");
        assert_eq!(context.calls[0].given, vec!["name".to_string()]);
        assert!(context.argument_name);
        assert_eq!(context.prefix_start, "p = Process(name = 'x', ".len());
    }

    #[test]
    fn values_inside_lists_are_not_argument_names() {
        let context = at_end("t = Task(processes = [a, ");
        assert_eq!(context.calls[0].callee, "Task");
        assert!(!context.argument_name);
    }

    #[test]
    fn the_keyword_whose_value_is_typed() {
        let context = at_end("v = Volume(mode = ");
        assert_eq!(context.argument_value.as_deref(), Some("mode"));
        let context = at_end("v = Volume(mode = 'R");
        assert_eq!(context.argument_value.as_deref(), Some("mode"));
        assert_eq!(at_end("mode = ").argument_value, None);
        assert_eq!(at_end("v = Volume(mode = x + ").argument_value, None);
    }

    #[test]
    fn unterminated_strings_hold_the_cursor() {
        let context = at_end("p = Process(cmdline = 'echo {{thermos.");
        assert_eq!(context.string_prefix.as_deref(), Some("'echo {{thermos."));
        assert_eq!(context.calls[0].callee, "Process");
        let context = at_end("x = 1 # 'a");
        assert_eq!(context.string_prefix, None);
    }
}
