//! String literals: their prefixes and the values of their bodies, with Python 2.7's
//! escapes (what real Aurora runs configs with).

use crate::ast::StrKind;
use crate::diagnostic::{codes, Diagnostic};
use crate::source_map::{FileId, Span};

/// What a string prefix asks for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Prefix {
    pub raw: bool,
    pub kind: StrKind,
    /// `f`, `fr` or `rf`: not Python 2; the body is kept as written.
    pub format: bool,
}

impl Prefix {
    pub fn parse(prefix: &str) -> Prefix {
        let mut parsed = Prefix {
            raw: false,
            kind: StrKind::Str,
            format: false,
        };
        for byte in prefix.bytes() {
            match byte | 0x20 {
                b'r' => parsed.raw = true,
                b'u' => parsed.kind = StrKind::Unicode,
                b'b' => parsed.kind = StrKind::Bytes,
                b'f' => parsed.format = true,
                _ => {}
            }
        }
        parsed
    }
}

/// Decodes a string body (the text between the quotes, which starts at byte `body_start`
/// of the file), reporting bad escapes into `diagnostics`. Line endings inside the string
/// read as `\n`, as Python's universal newlines make them. A `str` is bytes in Python 2:
/// its escapes (`'\xc3\xa9'`) give bytes, kept as the text they encode in UTF-8.
// FIXME: bytes that are not UTF-8 (`'\xff'`) become the characters of their Latin-1
// reading (`'\xc3\xbf'` in a repr): the evaluator keeps `str` values as text. And
// without a `coding: utf-8` comment Python 2.7 reads a `unicode` literal's non-ASCII
// bytes as Latin-1 (`u'é'` is `u'\xc3\xa9'`); we read the text (the printer writes
// such literals unescaped, and their round trip needs that reading).
pub(super) fn decode_string(
    body: &str,
    body_start: usize,
    prefix: Prefix,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let unicode = prefix.kind == StrKind::Unicode && !prefix.format;
    let mut decoder = Decoder {
        body,
        body_start,
        file,
        diagnostics,
        out: Vec::with_capacity(body.len()),
    };
    if prefix.format || (prefix.raw && !unicode) {
        decoder.verbatim();
    } else if prefix.raw {
        decoder.raw_unicode();
    } else {
        decoder.escapes(unicode);
    }
    match String::from_utf8(decoder.out) {
        Ok(text) => text,
        Err(error) => {
            let bytes = error.into_bytes();
            let mut text = String::with_capacity(bytes.len() + 8);
            for chunk in bytes.utf8_chunks() {
                text.push_str(chunk.valid());
                text.extend(chunk.invalid().iter().map(|&byte| char::from(byte)));
            }
            text
        }
    }
}

struct Decoder<'a> {
    body: &'a str,
    body_start: usize,
    file: FileId,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// The value's bytes: UTF-8, except for the escaped bytes of a `str`.
    out: Vec<u8>,
}

impl Decoder<'_> {
    /// Copies `text` as written.
    fn text(&mut self, text: &str) {
        self.out.extend_from_slice(text.as_bytes());
    }

    fn push(&mut self, ch: char) {
        let mut buffer = [0; 4];
        self.out
            .extend_from_slice(ch.encode_utf8(&mut buffer).as_bytes());
    }

    /// Everything as written; only line endings are normalized.
    fn verbatim(&mut self) {
        let bytes = self.body.as_bytes();
        let mut literal = 0;
        let mut i = 0;
        while let Some(offset) = bytes[i..].iter().position(|&byte| byte == b'\r') {
            let at = i + offset;
            i = self.newline(literal, at);
            literal = i;
        }
        self.text(&self.body[literal..]);
    }

    /// Pushes the literal text `literal..at` and a `\n` for the line ending at `at`;
    /// returns the offset after the line ending.
    fn newline(&mut self, literal: usize, at: usize) -> usize {
        self.text(&self.body[literal..at]);
        self.out.push(b'\n');
        let bytes = self.body.as_bytes();
        at + 1 + usize::from(bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n'))
    }

    /// Python 2's `str` and `unicode` escapes (`\u`, `\U` and `\N` only when `unicode`).
    fn escapes(&mut self, unicode: bool) {
        let bytes = self.body.as_bytes();
        // Text from `literal` up to the next escape is copied as written.
        let mut literal = 0;
        let mut i = 0;
        while let Some(offset) = bytes[i..]
            .iter()
            .position(|&byte| byte == b'\\' || byte == b'\r')
        {
            let at = i + offset;
            if bytes[at] == b'\r' {
                i = self.newline(literal, at);
                literal = i;
                continue;
            }
            self.text(&self.body[literal..at]);
            let Some(&escaped) = bytes.get(at + 1) else {
                // A lone backslash ending an unterminated string.
                literal = at;
                break;
            };
            i = at + 2;
            literal = i;
            let simple = match escaped {
                b'\n' => None,
                b'\r' => {
                    i += usize::from(bytes.get(i) == Some(&b'\n'));
                    literal = i;
                    None
                }
                b'\\' => Some(Escaped::Char('\\')),
                b'\'' => Some(Escaped::Char('\'')),
                b'"' => Some(Escaped::Char('"')),
                b'a' => Some(Escaped::Char('\x07')),
                b'b' => Some(Escaped::Char('\x08')),
                b'f' => Some(Escaped::Char('\x0c')),
                b'n' => Some(Escaped::Char('\n')),
                b'r' => Some(Escaped::Char('\r')),
                b't' => Some(Escaped::Char('\t')),
                b'v' => Some(Escaped::Char('\x0b')),
                b'0'..=b'7' => {
                    let mut value = u32::from(escaped - b'0');
                    let mut digits = 1;
                    while digits < 3 {
                        match bytes.get(i) {
                            Some(&digit @ b'0'..=b'7') => {
                                value = value * 8 + u32::from(digit - b'0')
                            }
                            _ => break,
                        }
                        i += 1;
                        digits += 1;
                    }
                    literal = i;
                    Some(code_point(value, unicode))
                }
                b'x' => match self.hex(i, 2) {
                    Some(value) => {
                        i += 2;
                        literal = i;
                        Some(code_point(value, unicode))
                    }
                    None => {
                        let digits = usize::from(bytes.get(i).is_some_and(u8::is_ascii_hexdigit));
                        self.report(
                            at,
                            i + digits,
                            r"invalid \x escape",
                            r"expected two hex digits after `\x`",
                            Some(r"for a backslash followed by `x`, write `\\x`"),
                        );
                        literal = at;
                        None
                    }
                },
                b'u' | b'U' if unicode => {
                    let (next, char) = self.unicode_escape(at);
                    i = next;
                    literal = if char.is_some() { i } else { at };
                    char.map(Escaped::Char)
                }
                b'N' if unicode => {
                    let end = self.body[i..]
                        .find('}')
                        .filter(|_| bytes.get(i) == Some(&b'{'))
                        .map_or(i, |close| i + close + 1);
                    self.report(
                        at,
                        end,
                        r"`\N{...}` escapes are not supported",
                        "named character escape",
                        Some(r"write the character itself, or use `\uXXXX`"),
                    );
                    literal = at;
                    None
                }
                // Any other backslash stays, with the character after it.
                _ => {
                    literal = at;
                    None
                }
            };
            match simple {
                Some(Escaped::Char(char)) => self.push(char),
                Some(Escaped::Byte(byte)) => self.out.push(byte),
                None => {}
            }
        }
        self.text(&self.body[literal..]);
    }

    /// Python 2's `ur'...'`: verbatim, except that `\uXXXX` and `\UXXXXXXXX` after an odd
    /// number of backslashes are still escapes (the `raw-unicode-escape` codec).
    fn raw_unicode(&mut self) {
        let bytes = self.body.as_bytes();
        let mut literal = 0;
        let mut i = 0;
        while let Some(offset) = bytes[i..]
            .iter()
            .position(|&byte| byte == b'\\' || byte == b'\r')
        {
            let at = i + offset;
            if bytes[at] == b'\r' {
                i = self.newline(literal, at);
                literal = i;
                continue;
            }
            let run_end = at
                + bytes[at..]
                    .iter()
                    .take_while(|&&byte| byte == b'\\')
                    .count();
            i = run_end;
            if (run_end - at) % 2 == 1 && matches!(bytes.get(run_end), Some(b'u' | b'U')) {
                let escape = run_end - 1;
                let (next, char) = self.unicode_escape(escape);
                if let Some(char) = char {
                    self.text(&self.body[literal..escape]);
                    self.push(char);
                    literal = next;
                }
                i = next;
            }
        }
        self.text(&self.body[literal..]);
    }

    /// Reads `\uXXXX` or `\UXXXXXXXX` at `at`: the offset after it and its character, or
    /// `None` after reporting why it is not one.
    fn unicode_escape(&mut self, at: usize) -> (usize, Option<char>) {
        let bytes = self.body.as_bytes();
        let digits = if bytes[at + 1] == b'u' { 4 } else { 8 };
        let start = at + 2;
        let Some(value) = self.hex(start, digits) else {
            let available = bytes[start..]
                .iter()
                .take(digits)
                .take_while(|byte| byte.is_ascii_hexdigit())
                .count();
            let message = if digits == 4 {
                r"truncated \uXXXX escape"
            } else {
                r"truncated \UXXXXXXXX escape"
            };
            self.report(
                at,
                start + available,
                message,
                format!("expected {digits} hex digits"),
                None,
            );
            return (start, None);
        };
        let end = start + digits;
        match char::from_u32(value) {
            Some(char) => (end, Some(char)),
            None => {
                self.report(
                    at,
                    end,
                    "illegal Unicode character",
                    format!("U+{value:04X} is not a character a string can hold"),
                    None,
                );
                (end, None)
            }
        }
    }

    /// The value of exactly `count` hex digits at `start`.
    fn hex(&self, start: usize, count: usize) -> Option<u32> {
        let digits = self.body.as_bytes().get(start..start + count)?;
        digits.iter().try_fold(0u32, |value, &byte| {
            Some(value * 16 + char::from(byte).to_digit(16)?)
        })
    }

    fn report(
        &mut self,
        start: usize,
        end: usize,
        message: &str,
        label: impl Into<String>,
        help: Option<&str>,
    ) {
        let span = Span::new(self.file, self.body_start + start, self.body_start + end);
        let mut diagnostic = Diagnostic::error(codes::INVALID_ESCAPE, message, span, label);
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        self.diagnostics.push(diagnostic);
    }
}

/// What an escape stands for: a character, or (in a `str`) a byte.
enum Escaped {
    Char(char),
    Byte(u8),
}

fn code_point(value: u32, unicode: bool) -> Escaped {
    if unicode {
        Escaped::Char(char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER))
    } else {
        // `'\777'` is `'\xff'`: Python keeps the low byte.
        Escaped::Byte((value & 0xff) as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(prefix: &str, body: &str) -> (String, Vec<String>) {
        let mut diagnostics = Vec::new();
        let value = decode_string(body, 0, Prefix::parse(prefix), FileId(0), &mut diagnostics);
        (value, diagnostics.into_iter().map(|d| d.message).collect())
    }

    #[test]
    fn python2_escapes() {
        assert_eq!(decode("", r"a\tb\n\\\'\x41\101\0").0, "a\tb\n\\'AA\0");
        assert_eq!(decode("", r"\q\u00e9").0, r"\q\u00e9");
        assert_eq!(decode("u", r"\u00e9\U0001F600\xe9").0, "é😀é");
        assert_eq!(decode("", r"\xff\777").0, "\u{ff}\u{ff}");
        // A `str`'s escapes are bytes: these two are the UTF-8 of one character.
        assert_eq!(decode("", r"\xc3\xa9 \303\251").0, "é é");
        assert_eq!(decode("u", r"\xc3\xa9").0, "\u{c3}\u{a9}");
        assert_eq!(decode("u", r"\777").0, "\u{1ff}");
        assert_eq!(decode("", "a\\\nb\r\nc\rd").0, "ab\nc\nd");
    }

    #[test]
    fn bad_escapes_are_reported_and_kept() {
        assert_eq!(
            decode("", r"\x4g"),
            (r"\x4g".to_string(), vec![r"invalid \x escape".to_string()])
        );
        assert_eq!(decode("u", r"\u12").1, [r"truncated \uXXXX escape"]);
        assert_eq!(decode("u", r"\ud800").1, ["illegal Unicode character"]);
        assert_eq!(
            decode("u", r"\N{DASH}x"),
            (
                r"\N{DASH}x".to_string(),
                vec![r"`\N{...}` escapes are not supported".to_string()]
            )
        );
    }

    #[test]
    fn raw_strings() {
        assert_eq!(decode("r", r"\n\'").0, r"\n\'");
        assert_eq!(decode("br", "a\r\nb").0, "a\nb");
        assert_eq!(decode("ur", r"\u00e9 \\u00e9").0, r"é \\u00e9");
        assert_eq!(decode("f", r"{x}\n").0, r"{x}\n");
    }
}
