//! `textwrap`: `dedent`, and `wrap` and `fill` with the options of Python 2.7's
//! `TextWrapper`, for configs that lay out long command lines or descriptions.

use super::call::Args;
use super::errors::PyException;
use super::interp::Interpreter;
use crate::value::{PyResult, Value};

/// `textwrap.dedent`: removes the common leading whitespace of the non-blank lines.
pub(crate) fn dedent(text: &str) -> String {
    let mut margin: Option<&str> = None;
    for line in text.split('\n') {
        let content = line.trim_start_matches([' ', '\t']);
        if content.is_empty() {
            continue;
        }
        let indent = &line[..line.len() - content.len()];
        margin = Some(match margin {
            None => indent,
            Some(current) => {
                let common = current
                    .bytes()
                    .zip(indent.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                &current[..common]
            }
        });
    }
    let margin = margin.unwrap_or("");
    text.split('\n')
        .map(|line| {
            if line.trim_start_matches([' ', '\t']).is_empty() {
                ""
            } else {
                line.strip_prefix(margin).unwrap_or(line)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) fn textwrap_dedent(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("dedent", 1, 1)?;
    let value = &args.positional[0];
    let text = value
        .as_str()
        .ok_or_else(|| PyException::type_error("expected a string"))?;
    Ok(super::ops::string_like(value, value, dedent(text)))
}

/// `TextWrapper`'s options.
#[derive(Clone, Debug)]
pub(crate) struct Wrapper {
    pub width: i64,
    pub initial_indent: String,
    pub subsequent_indent: String,
    pub expand_tabs: bool,
    pub replace_whitespace: bool,
    pub fix_sentence_endings: bool,
    pub break_long_words: bool,
    pub drop_whitespace: bool,
    pub break_on_hyphens: bool,
}

impl Default for Wrapper {
    fn default() -> Wrapper {
        Wrapper {
            width: 70,
            initial_indent: String::new(),
            subsequent_indent: String::new(),
            expand_tabs: true,
            replace_whitespace: true,
            fix_sentence_endings: false,
            break_long_words: true,
            drop_whitespace: true,
            break_on_hyphens: true,
        }
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// Python 2.7's `\w` without `re.UNICODE`.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_letter(c: char) -> bool {
    is_word(c) && !c.is_ascii_digit()
}

/// Whether word characters at the start of `rest` read as `\w+[^0-9\W]`: two or more,
/// one of them after the first a letter.
fn word_with_letter_follows(rest: &[char]) -> bool {
    rest.iter()
        .take_while(|c| is_word(**c))
        .skip(1)
        .any(|c| is_letter(*c))
}

/// The length of a hyphenated word's first part at `word[at..]` (`foo-` in `foo-bar`,
/// with any punctuation before it), if one starts there.
fn hyphenated_part(word: &[char], at: usize) -> Option<usize> {
    let mut end = at;
    while end < word.len() && !is_word(word[end]) && word[end] != '-' {
        end += 1;
    }
    let letters_start = end;
    while end < word.len() && is_word(word[end]) {
        end += 1;
    }
    let part_ok = end - letters_start >= 2
        && is_letter(word[end - 1])
        && word.get(end) == Some(&'-')
        && word_with_letter_follows(&word[end + 1..]);
    part_ok.then_some(end + 1 - at)
}

/// The length of an em-dash (`--`, between a word and a word) at `word[at..]`.
fn em_dash(word: &[char], at: usize) -> Option<usize> {
    let after_word = at > 0
        && (is_word(word[at - 1])
            || matches!(word[at - 1], '!' | '"' | '\'' | '&' | '.' | ',' | '?'));
    let dashes = word[at..].iter().take_while(|c| **c == '-').count();
    (after_word && dashes >= 2 && word.get(at + dashes).is_some_and(|c| is_word(*c)))
        .then_some(dashes)
}

/// Splits a word (no whitespace in it) where `TextWrapper` may break it: after the
/// hyphens of hyphenated words and around em-dashes.
fn split_word(word: &[char], chunks: &mut Vec<String>) {
    let mut piece_start = 0;
    let mut at = 0;
    while at < word.len() {
        let found = hyphenated_part(word, at).or_else(|| em_dash(word, at));
        match found {
            Some(len) => {
                if piece_start < at {
                    chunks.push(word[piece_start..at].iter().collect());
                }
                chunks.push(word[at..at + len].iter().collect());
                at += len;
                piece_start = at;
            }
            None => at += 1,
        }
    }
    if piece_start < word.len() {
        chunks.push(word[piece_start..].iter().collect());
    }
}

impl Wrapper {
    /// The pieces the text is wrapped from: runs of whitespace and (parts of) words.
    fn chunks(&self, text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut chunks = Vec::new();
        let mut at = 0;
        while at < chars.len() {
            let space = is_space(chars[at]);
            let end = at
                + chars[at..]
                    .iter()
                    .take_while(|c| is_space(**c) == space)
                    .count();
            if space || !self.break_on_hyphens {
                chunks.push(chars[at..end].iter().collect());
            } else {
                split_word(&chars[at..end], &mut chunks);
            }
            at = end;
        }
        if self.fix_sentence_endings {
            for index in 0..chunks.len().saturating_sub(1) {
                if chunks[index + 1] == " " && ends_sentence(&chunks[index]) {
                    chunks[index + 1] = "  ".to_string();
                }
            }
        }
        chunks
    }

    /// `TextWrapper.wrap`: the lines, without their line breaks.
    pub(crate) fn wrap(&self, text: &str) -> PyResult<Vec<String>> {
        if self.width <= 0 {
            return Err(PyException::value_error(format!(
                "invalid width {} (must be > 0)",
                self.width
            )));
        }
        let mut text = if self.expand_tabs {
            super::methods_str::expand_tabs(text, 8)
        } else {
            text.to_string()
        };
        if self.replace_whitespace {
            text = text
                .chars()
                .map(|c| if is_space(c) { ' ' } else { c })
                .collect();
        }
        let mut chunks = self.chunks(&text);
        chunks.reverse();
        let len = |chunk: &str| chunk.chars().count() as i64;
        let blank = |chunk: &str| chunk.chars().all(is_space);
        let mut lines: Vec<String> = Vec::new();
        while !chunks.is_empty() {
            let mut line: Vec<String> = Vec::new();
            let mut line_len = 0;
            let indent = if lines.is_empty() {
                &self.initial_indent
            } else {
                &self.subsequent_indent
            };
            let width = self.width - len(indent);
            if self.drop_whitespace && !lines.is_empty() && chunks.last().is_some_and(|c| blank(c))
            {
                chunks.pop();
            }
            while let Some(chunk) = chunks.last() {
                if line_len + len(chunk) > width {
                    break;
                }
                line_len += len(chunk);
                line.extend(chunks.pop());
            }
            if let Some(chunk) = chunks.last_mut() {
                if len(chunk) > width {
                    let room = if width < 1 { 1 } else { width - line_len };
                    if self.break_long_words {
                        let split = chunk
                            .char_indices()
                            .nth(usize::try_from(room).unwrap_or(0))
                            .map_or(chunk.len(), |(at, _)| at);
                        line.push(chunk[..split].to_string());
                        *chunk = chunk[split..].to_string();
                    } else if line.is_empty() {
                        line.extend(chunks.pop());
                    }
                }
            }
            if self.drop_whitespace && line.last().is_some_and(|c| blank(c)) {
                line.pop();
            }
            if !line.is_empty() {
                lines.push(format!("{indent}{}", line.concat()));
            }
        }
        Ok(lines)
    }
}

/// A word that ends a sentence: a lowercase letter, then `.`, `!` or `?`, maybe a quote.
fn ends_sentence(chunk: &str) -> bool {
    let chars: Vec<char> = chunk.chars().collect();
    let end = match chars.last() {
        Some('"' | '\'') => chars.len() - 1,
        _ => chars.len(),
    };
    end >= 2 && matches!(chars[end - 1], '.' | '!' | '?') && chars[end - 2].is_ascii_lowercase()
}

/// The options of `wrap(text, width=70, **kwargs)` and `fill`, and the text.
fn wrapper_args(
    interp: &mut Interpreter,
    mut args: Args,
    name: &str,
) -> PyResult<(Value, Wrapper)> {
    let text = args.take(0, "text").ok_or_else(|| {
        PyException::type_error(format!("{name}() takes at least 1 argument (0 given)"))
    })?;
    let mut wrapper = Wrapper::default();
    if let Some(width) = args.take(1, "width") {
        wrapper.width = super::number::as_i64(&width)
            .ok_or_else(|| PyException::type_error("an integer is required"))?;
    }
    for (key, value) in std::mem::take(&mut args.keywords) {
        match &*key {
            "initial_indent" | "subsequent_indent" => {
                let indent = interp.str_value(&value)?;
                if &*key == "initial_indent" {
                    wrapper.initial_indent = indent;
                } else {
                    wrapper.subsequent_indent = indent;
                }
            }
            "expand_tabs" => wrapper.expand_tabs = interp.truthy(&value)?,
            "replace_whitespace" => wrapper.replace_whitespace = interp.truthy(&value)?,
            "fix_sentence_endings" => wrapper.fix_sentence_endings = interp.truthy(&value)?,
            "break_long_words" => wrapper.break_long_words = interp.truthy(&value)?,
            "drop_whitespace" => wrapper.drop_whitespace = interp.truthy(&value)?,
            "break_on_hyphens" => wrapper.break_on_hyphens = interp.truthy(&value)?,
            other => {
                return Err(PyException::type_error(format!(
                    "__init__() got an unexpected keyword argument '{other}'"
                )))
            }
        }
    }
    if args.positional.len() > 2 {
        return Err(PyException::type_error(format!(
            "{name}() takes at most 2 arguments ({} given)",
            args.positional.len()
        )));
    }
    Ok((text, wrapper))
}

fn wrapped_lines(
    interp: &mut Interpreter,
    args: Args,
    name: &str,
) -> PyResult<(Value, Vec<String>)> {
    let (text, wrapper) = wrapper_args(interp, args, name)?;
    let body = text.as_str().ok_or_else(|| {
        PyException::attribute_error(format!(
            "'{}' object has no attribute 'expandtabs'",
            text.type_name()
        ))
    })?;
    interp.charge(body.len())?;
    let lines = wrapper.wrap(body)?;
    Ok((text, lines))
}

/// `textwrap.wrap(text, width=70, **kwargs)`.
pub(crate) fn textwrap_wrap(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    let (text, lines) = wrapped_lines(interp, args, "wrap")?;
    Ok(Value::list(
        lines
            .into_iter()
            .map(|line| super::ops::string_like(&text, &text, line))
            .collect(),
    ))
}

/// `textwrap.fill(text, width=70, **kwargs)`: the wrapped lines, joined.
pub(crate) fn textwrap_fill(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    let (text, lines) = wrapped_lines(interp, args, "fill")?;
    Ok(super::ops::string_like(&text, &text, lines.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_removes_the_common_margin() {
        assert_eq!(dedent("  a\n    b\n  \n  c"), "a\n  b\n\nc");
        assert_eq!(dedent("\ta\n\tb"), "a\nb");
        assert_eq!(dedent(" a\n  b"), "a\n b");
    }

    fn wrap(text: &str, width: i64) -> Vec<String> {
        let wrapper = Wrapper {
            width,
            ..Wrapper::default()
        };
        wrapper.wrap(text).expect("a positive width")
    }

    #[test]
    fn wrap_breaks_between_words_and_after_hyphens() {
        assert_eq!(wrap("a b c d e f", 5), ["a b c", "d e f"]);
        assert_eq!(wrap("  lead and trail  ", 9), ["  lead", "and trail"]);
        assert_eq!(wrap("well-known words", 6), ["well-", "known", "words"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("x1-ab a--b", 3), ["x1-", "ab", "a--", "b"]);
        assert_eq!(wrap("", 5), Vec::<String>::new());
        // Punctuation before a hyphenated part goes with it, what comes before on its own.
        assert_eq!(wrap("a.foo-bar baz", 5), ["a", ".foo-", "bar", "baz"]);
        assert_eq!(wrap("(foo-bar)", 5), ["(foo-", "bar)"]);
        assert_eq!(wrap("a\tb\nc", 20), ["a       b c"]);
    }

    #[test]
    fn wrap_options() {
        let wrapper = Wrapper {
            width: 8,
            initial_indent: "* ".to_string(),
            subsequent_indent: "  ".to_string(),
            ..Wrapper::default()
        };
        assert_eq!(
            wrapper.wrap("one two three").unwrap(),
            ["* one", "  two", "  three"]
        );
        let no_break = Wrapper {
            width: 3,
            break_long_words: false,
            ..Wrapper::default()
        };
        assert_eq!(no_break.wrap("abcdef g").unwrap(), ["abcdef", "g"]);
        assert!(Wrapper {
            width: 0,
            ..Wrapper::default()
        }
        .wrap("x")
        .is_err());
        let sentences = Wrapper {
            width: 7,
            fix_sentence_endings: true,
            ..Wrapper::default()
        };
        assert_eq!(
            sentences.wrap("Hello.  World! x").unwrap(),
            ["Hello.", "World!", "x"]
        );
    }
}
