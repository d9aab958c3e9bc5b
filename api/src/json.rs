//! A JSON value model that keeps what Python's `json` module keeps: integers apart from
//! floats (`1` is not `1.0`), floats printed as `repr(float)`, object keys sorted by code
//! point when printed. serde_json's `Value` loses the first distinction for large numbers and
//! parses floats approximately unless a crate-wide feature is enabled, hence this small model.

use std::fmt::Write as _;

/// Nesting deeper than this is refused when parsing (user input never recurses unboundedly).
pub(crate) const MAX_DEPTH: usize = 128;

/// A parsed JSON document. Objects keep their keys sorted (and unique: a later duplicate
/// replaces an earlier one, as in Python's `json.loads`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// An object from key/value pairs, sorted by key (code point order), last duplicate wins.
    pub(crate) fn object(mut entries: Vec<(String, Json)>) -> Json {
        entries.reverse();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|later, earlier| later.0 == earlier.0);
        Json::Object(entries)
    }
}

/// Why a JSON text could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParseError {
    /// Byte offset of the problem.
    pub(crate) offset: usize,
    pub(crate) message: String,
}

/// Parses a complete JSON text (Python's `json.loads` dialect: `NaN`, `Infinity` and
/// `-Infinity` are accepted).
pub(crate) fn parse(text: &str) -> Result<Json, ParseError> {
    let mut parser = Parser { text, pos: 0 };
    parser.skip_ws();
    let value = parser.value(0)?;
    parser.skip_ws();
    if parser.pos != text.len() {
        return Err(parser.error("extra data after the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> ParseError {
        ParseError {
            offset: self.pos,
            message: message.to_owned(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, literal: &str) -> bool {
        if self.text[self.pos..].starts_with(literal) {
            self.pos += literal.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, ParseError> {
        if depth >= MAX_DEPTH {
            return Err(self.error("JSON nested too deeply"));
        }
        match self.peek() {
            None => Err(self.error("expected a JSON value, found the end")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => {
                for (literal, value) in [
                    ("null", Json::Null),
                    ("true", Json::Bool(true)),
                    ("false", Json::Bool(false)),
                    ("NaN", Json::Float(f64::NAN)),
                    ("Infinity", Json::Float(f64::INFINITY)),
                ] {
                    if self.eat(literal) {
                        return Ok(value);
                    }
                }
                Err(self.error("expected a JSON value"))
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, ParseError> {
        self.pos += 1;
        let mut entries = Vec::new();
        self.skip_ws();
        if self.eat("}") {
            return Ok(Json::object(entries));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key"));
            }
            let key = self.string()?;
            self.skip_ws();
            if !self.eat(":") {
                return Err(self.error("expected `:` after an object key"));
            }
            self.skip_ws();
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.skip_ws();
            if self.eat("}") {
                return Ok(Json::object(entries));
            }
            if !self.eat(",") {
                return Err(self.error("expected `,` or `}` in an object"));
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, ParseError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.eat("]") {
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            if self.eat("]") {
                return Ok(Json::Array(items));
            }
            if !self.eat(",") {
                return Err(self.error("expected `,` or `]` in an array"));
            }
        }
    }

    fn number(&mut self) -> Result<Json, ParseError> {
        let start = self.pos;
        if self.eat("-Infinity") {
            return Ok(Json::Float(f64::NEG_INFINITY));
        }
        self.eat("-");
        let digits = |p: &mut Self| {
            let from = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos - from
        };
        let int_start = self.pos;
        let int_digits = digits(self);
        if int_digits == 0 || (int_digits > 1 && self.text.as_bytes()[int_start] == b'0') {
            return Err(self.error("malformed number"));
        }
        let mut is_float = false;
        if self.eat(".") {
            is_float = true;
            if digits(self) == 0 {
                return Err(self.error("malformed number: digits expected after `.`"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            is_float = true;
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("malformed number: digits expected in the exponent"));
            }
        }
        let text = &self.text[start..self.pos];
        if is_float {
            // Rust's parser is correctly rounded, as Python's float() is.
            text.parse::<f64>()
                .map(Json::Float)
                .map_err(|_| self.error("malformed number"))
        } else {
            text.parse::<i128>()
                .map(Json::Int)
                .map_err(|_| self.error("integer out of range"))
        }
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let Some(c) = rest.chars().next() else {
                return Err(self.error("unterminated string"));
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                '\\' => {
                    self.pos += 1;
                    let Some(escape) = self.peek() else {
                        return Err(self.error("unterminated string"));
                    };
                    self.pos += 1;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return Err(self.error("invalid escape in string")),
                    }
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.error("control character in string"));
                }
                c => {
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let hex = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("bad \\u"))?;
        let value = u32::from_str_radix(hex, 16).map_err(|_| self.error("bad \\u escape"))?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.error("bad \\u escape"));
        }
        self.pos += 4;
        Ok(value)
    }

    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) && self.eat("\\u") {
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("unpaired surrogate in \\u escape"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("unpaired surrogate in \\u escape"))
    }
}

/// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation when the
/// decimal exponent is in `-4..16` (always with a `.`), otherwise as `d.ddde+XX`.
pub(crate) fn python_float_repr(value: f64) -> String {
    if value.is_nan() {
        return "nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    // `{:e}` gives Rust's shortest round-trip digits, e.g. `-1.2345e-7`.
    let sci = format!("{value:e}");
    let (mantissa, exponent) = sci
        .split_once('e')
        .expect("`{:e}` always writes an exponent");
    let exponent: i32 = exponent.parse().expect("`{:e}` writes a decimal exponent");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let mut out = String::from(sign);
    if (-4..16).contains(&exponent) {
        let point = exponent + 1; // digits before the decimal point
        if point <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-point) as usize));
            out.push_str(&digits);
        } else if point as usize >= digits.len() {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
            out.push_str(".0");
        } else {
            out.push_str(&digits[..point as usize]);
            out.push('.');
            out.push_str(&digits[point as usize..]);
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(
            out,
            "e{}{:02}",
            if exponent < 0 { '-' } else { '+' },
            exponent.abs()
        );
    }
    out
}

/// A float as Python's `json.dumps` writes it (`repr`, with JSON's names for non-finite values).
fn json_float(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        python_float_repr(value)
    }
}

/// Writes `text` as a JSON string the way `json.dumps(..., ensure_ascii=False)` does.
fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False)` plus a final newline.
pub(crate) fn to_pretty(value: &Json) -> String {
    let mut out = String::new();
    write_value(&mut out, value, Some(0));
    out.push('\n');
    out
}

/// `json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`: the text
/// set elements are ordered by.
pub(crate) fn to_compact(value: &Json) -> String {
    let mut out = String::new();
    write_value(&mut out, value, None);
    out
}

/// `json.dumps(value, sort_keys=True, ensure_ascii=False)`: Python's default separators
/// (`", "` and `": "`), the way executor data is written back into a string.
pub(crate) fn to_python_default(value: &Json) -> String {
    let mut out = String::new();
    write_flat(&mut out, value, ", ", ": ");
    out
}

fn write_scalar(out: &mut String, value: &Json) -> bool {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Json::Float(f) => out.push_str(&json_float(*f)),
        Json::String(s) => write_string(out, s),
        Json::Array(_) | Json::Object(_) => return false,
    }
    true
}

fn write_flat(out: &mut String, value: &Json, item_sep: &str, key_sep: &str) {
    if write_scalar(out, value) {
        return;
    }
    match value {
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write_flat(out, item, item_sep, key_sep);
            }
            out.push(']');
        }
        Json::Object(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write_string(out, key);
                out.push_str(key_sep);
                write_flat(out, item, item_sep, key_sep);
            }
            out.push('}');
        }
        _ => unreachable!("scalars are written by write_scalar"),
    }
}

/// Pretty form when `indent` is `Some(level)`, compact (`,` and `:`) otherwise.
fn write_value(out: &mut String, value: &Json, indent: Option<usize>) {
    let Some(level) = indent else {
        write_flat(out, value, ",", ":");
        return;
    };
    if write_scalar(out, value) {
        return;
    }
    let newline = |out: &mut String, level: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', 2 * level));
    };
    match value {
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(entries) if entries.is_empty() => out.push_str("{}"),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                write_value(out, item, Some(level + 1));
            }
            newline(out, level);
            out.push(']');
        }
        Json::Object(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                write_string(out, key);
                out.push_str(": ");
                write_value(out, item, Some(level + 1));
            }
            newline(out, level);
            out.push('}');
        }
        _ => unreachable!("scalars are written by write_scalar"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected texts are what CPython 3 prints for `repr(x)`.
    #[test]
    fn float_repr_matches_python() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e-05, "1e-05"),
            (1e+16, "1e+16"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (0.30000000000000004, "0.30000000000000004"),
            (-0.0, "-0.0"),
            (2.5e-5, "2.5e-05"),
            (1e22, "1e+22"),
            (0.0, "0.0"),
            (0.0001, "0.0001"),
            (9999999999999998.0, "9999999999999998.0"),
            (1234.5, "1234.5"),
            (-1.5e-7, "-1.5e-07"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (100.0, "100.0"),
            (f64::INFINITY, "inf"),
        ];
        for (value, expected) in cases {
            assert_eq!(python_float_repr(*value), *expected, "repr({value:?})");
        }
    }

    #[test]
    fn pretty_matches_python_layout() {
        let value = parse(r#"{"b": [1, 2.0, {}], "a": "x\u00e9\n\u0001", "c": []}"#).unwrap();
        assert_eq!(
            to_pretty(&value),
            "{\n  \"a\": \"x\u{e9}\\n\\u0001\",\n  \"b\": [\n    1,\n    2.0,\n    {}\n  ],\n  \"c\": []\n}\n"
        );
        assert_eq!(
            to_compact(&value),
            "{\"a\":\"x\u{e9}\\n\\u0001\",\"b\":[1,2.0,{}],\"c\":[]}"
        );
        assert_eq!(
            to_python_default(&value),
            "{\"a\": \"x\u{e9}\\n\\u0001\", \"b\": [1, 2.0, {}], \"c\": []}"
        );
    }

    #[test]
    fn parse_keeps_ints_apart_from_floats() {
        assert_eq!(parse("1").unwrap(), Json::Int(1));
        assert_eq!(parse("1.0").unwrap(), Json::Float(1.0));
        assert_eq!(parse("-0").unwrap(), Json::Int(0));
        assert_eq!(parse("1E2").unwrap(), Json::Float(100.0));
        assert_eq!(
            parse("\"\\ud83d\\ude00\"").unwrap(),
            Json::String("\u{1F600}".into())
        );
    }

    #[test]
    fn parse_rejects_malformed_text() {
        for text in [
            "",
            "01",
            "1.",
            "[1,]",
            "{\"a\" 1}",
            "\"\\ud800\"",
            "[] x",
            "tru",
        ] {
            assert!(parse(text).is_err(), "{text:?} should not parse");
        }
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().message.contains("deeply"));
    }

    #[test]
    fn duplicate_keys_keep_the_last() {
        assert_eq!(
            parse(r#"{"a": 1, "a": 2}"#).unwrap(),
            Json::Object(vec![("a".into(), Json::Int(2))])
        );
    }
}
