//! The `json` module: `loads` (strings become `unicode`, as in Python 2) and `dumps`
//! with Python 2's default formatting (`", "` and `": "`, ASCII-only output).

use std::fmt::Write as _;

use num_bigint::BigInt;

use super::call::Args;
use super::compare::MAX_DATA_DEPTH;
use super::errors::{LimitKind, PyException};
use super::interp::Interpreter;
use super::number;
use crate::pystachio::python2_float_repr as float_repr;
use crate::value::{Native, PyResult, Value};

pub(crate) fn loads(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect_positional("loads", 1, 1)?;
    let text = args.positional[0]
        .as_str()
        .ok_or_else(|| PyException::type_error("expected string or buffer"))?
        .to_string();
    parse(interp, &text)
}

pub(crate) fn load(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect_positional("load", 1, 1)?;
    let Value::Native(native) = &args.positional[0] else {
        return Err(PyException::attribute_error(format!(
            "'{}' object has no attribute 'read'",
            args.positional[0].type_name()
        )));
    };
    let Native::File(file) = &**native else {
        return Err(PyException::attribute_error(
            "object has no attribute 'read'",
        ));
    };
    let text = {
        let mut file = file.borrow_mut();
        let start = file.position.min(file.text.len());
        let text = file.text[start..].to_string();
        file.position = file.text.len();
        text
    };
    parse(interp, &text)
}

fn parse(interp: &mut Interpreter, text: &str) -> PyResult<Value> {
    interp.charge(text.len())?;
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        position: 0,
        interp,
    };
    parser.skip_whitespace();
    if parser.position >= parser.bytes.len() {
        return Err(PyException::value_error("No JSON object could be decoded"));
    }
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.position < parser.bytes.len() {
        let (start, end) = (parser.position, parser.bytes.len());
        return Err(PyException::value_error(format!(
            "Extra data: {} - {} (char {start} - {end})",
            parser.place(start),
            parser.place(end)
        )));
    }
    Ok(value)
}

struct Parser<'t, 'a, 'i> {
    text: &'t str,
    bytes: &'t [u8],
    position: usize,
    interp: &'a mut Interpreter<'i>,
}

impl Parser<'_, '_, '_> {
    fn error(&self, what: &str) -> Box<PyException> {
        self.error_at(what, self.position)
    }

    fn error_at(&self, what: &str, at: usize) -> Box<PyException> {
        PyException::value_error(format!("{what}: {} (char {at})", self.place(at)))
    }

    /// `line L column C` of the byte offset `at`.
    fn place(&self, at: usize) -> String {
        let before = &self.text[..at.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |at| at + 1) + 1;
        format!("line {line} column {column}")
    }

    /// A container left open at the end: Python points at the last character.
    fn expecting_object(&self) -> Box<PyException> {
        self.error_at("Expecting object", self.bytes.len().saturating_sub(1))
    }

    fn skip_whitespace(&mut self) {
        while self.position < self.bytes.len()
            && matches!(self.bytes[self.position], b' ' | b'\t' | b'\n' | b'\r')
        {
            self.position += 1;
        }
    }

    fn value(&mut self, depth: usize) -> PyResult<Value> {
        if depth > MAX_DATA_DEPTH || self.interp.check_expression_depth().is_err() {
            return Err(PyException::limit(
                LimitKind::Recursion,
                "maximum recursion depth exceeded while decoding a JSON document",
            ));
        }
        self.skip_whitespace();
        // Python's scanner finds no value here, and says so without a place.
        let no_value = || PyException::value_error("No JSON object could be decoded");
        let Some(&byte) = self.bytes.get(self.position) else {
            return Err(no_value());
        };
        match byte {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' => Ok(Value::Unicode(self.string()?.into())),
            b't' if self.text[self.position..].starts_with("true") => {
                self.position += 4;
                Ok(Value::Bool(true))
            }
            b'f' if self.text[self.position..].starts_with("false") => {
                self.position += 5;
                Ok(Value::Bool(false))
            }
            b'n' if self.text[self.position..].starts_with("null") => {
                self.position += 4;
                Ok(Value::None)
            }
            b'N' if self.text[self.position..].starts_with("NaN") => {
                self.position += 3;
                Ok(Value::Float(f64::NAN))
            }
            b'I' if self.text[self.position..].starts_with("Infinity") => {
                self.position += 8;
                Ok(Value::Float(f64::INFINITY))
            }
            b'-' if self.text[self.position..].starts_with("-Infinity") => {
                self.position += 9;
                Ok(Value::Float(f64::NEG_INFINITY))
            }
            b'-' if self
                .bytes
                .get(self.position + 1)
                .is_some_and(u8::is_ascii_digit) =>
            {
                self.number()
            }
            b'0'..=b'9' => self.number(),
            _ => Err(no_value()),
        }
    }

    fn object(&mut self, depth: usize) -> PyResult<Value> {
        self.position += 1;
        let mut map = crate::containers::PyDict::new();
        self.skip_whitespace();
        if self.bytes.get(self.position) == Some(&b'}') {
            self.position += 1;
            return Ok(Value::dict(map));
        }
        while self.position < self.bytes.len() {
            if self.bytes.get(self.position) != Some(&b'"') {
                return Err(self.error("Expecting property name"));
            }
            let key = Value::Unicode(self.string()?.into());
            self.skip_whitespace();
            if self.bytes.get(self.position) != Some(&b':') {
                return Err(self.error("Expecting : delimiter"));
            }
            self.position += 1;
            let value = self.value(depth + 1)?;
            map.insert(self.interp.key(key)?, value);
            self.interp.grow_items(map.len(), 1)?;
            self.skip_whitespace();
            match self.bytes.get(self.position) {
                Some(b'}') => {
                    self.position += 1;
                    return Ok(Value::dict(map));
                }
                Some(b',') | None => self.position += 1,
                Some(_) => return Err(self.error("Expecting , delimiter")),
            }
            self.skip_whitespace();
        }
        Err(self.expecting_object())
    }

    fn array(&mut self, depth: usize) -> PyResult<Value> {
        self.position += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.bytes.get(self.position) == Some(&b']') {
            self.position += 1;
            return Ok(Value::list(items));
        }
        while self.position < self.bytes.len() {
            items.push(self.value(depth + 1)?);
            self.interp.grow_items(items.len(), 1)?;
            self.skip_whitespace();
            match self.bytes.get(self.position) {
                Some(b']') => {
                    self.position += 1;
                    return Ok(Value::list(items));
                }
                Some(b',') | None => self.position += 1,
                Some(_) => return Err(self.error("Expecting , delimiter")),
            }
            self.skip_whitespace();
        }
        Err(self.expecting_object())
    }

    fn string(&mut self) -> PyResult<String> {
        self.position += 1;
        let mut out = String::new();
        loop {
            let Some(ch) = self.text[self.position..].chars().next() else {
                return Err(self.error("Unterminated string starting at"));
            };
            self.position += ch.len_utf8();
            match ch {
                '"' => return Ok(out),
                '\\' => {
                    let Some(escape) = self.text[self.position..].chars().next() else {
                        return Err(self.error("Unterminated string starting at"));
                    };
                    self.position += 1;
                    match escape {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        '/' => out.push('/'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => {
                            let code = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&code)
                                && self.text[self.position..].starts_with("\\u")
                            {
                                self.position += 2;
                                let low = self.hex4()?;
                                0x10000
                                    + ((code - 0xd800) << 10)
                                    + (low.wrapping_sub(0xdc00) & 0x3ff)
                            } else {
                                code
                            };
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        _ => return Err(self.error("Invalid \\escape")),
                    }
                }
                ch => out.push(ch),
            }
        }
    }

    fn hex4(&mut self) -> PyResult<u32> {
        let digits = self
            .text
            .get(self.position..self.position + 4)
            .ok_or_else(|| self.error("Invalid \\uXXXX escape"))?;
        let code =
            u32::from_str_radix(digits, 16).map_err(|_| self.error("Invalid \\uXXXX escape"))?;
        self.position += 4;
        Ok(code)
    }

    fn number(&mut self) -> PyResult<Value> {
        let start = self.position;
        let mut is_float = false;
        while let Some(&byte) = self.bytes.get(self.position) {
            match byte {
                b'0'..=b'9' | b'-' | b'+' => {}
                b'.' | b'e' | b'E' => is_float = true,
                _ => break,
            }
            self.position += 1;
        }
        let literal = &self.text[start..self.position];
        if is_float {
            literal
                .parse::<f64>()
                .map(Value::Float)
                .map_err(|_| self.error("No JSON object could be decoded"))
        } else {
            literal
                .parse::<BigInt>()
                .map(number::int_value)
                .map_err(|_| self.error("No JSON object could be decoded"))
        }
    }
}

/// `json.dumps(value, indent=None, sort_keys=False, separators=None, ensure_ascii=True)`.
pub(crate) fn dumps(interp: &mut Interpreter, mut args: Args) -> PyResult<Value> {
    let indent = args.take_keyword("indent");
    let sort_keys = args.take_keyword("sort_keys");
    let separators = args.take_keyword("separators");
    let ensure_ascii = args.take_keyword("ensure_ascii");
    let skip_keys = args.take_keyword("skipkeys");
    let allow_nan = args.take_keyword("allow_nan");
    let default = args
        .take_keyword("default")
        .filter(|value| !matches!(value, Value::None));
    args.expect("dumps", 1, 1)?;
    let skip_keys = match skip_keys {
        Some(value) => interp.truthy(&value)?,
        None => false,
    };
    let allow_nan = match allow_nan {
        Some(value) => interp.truthy(&value)?,
        None => true,
    };
    let indent = match indent {
        None | Some(Value::None) => None,
        Some(value) => match value.as_str() {
            Some(text) => Some(text.to_string()),
            None => Some(" ".repeat(number::as_i64(&value).unwrap_or(0).max(0) as usize)),
        },
    };
    let sort_keys = match sort_keys {
        Some(value) => interp.truthy(&value)?,
        None => false,
    };
    let ensure_ascii = match ensure_ascii {
        Some(value) => interp.truthy(&value)?,
        None => true,
    };
    let (item_separator, key_separator) = match separators {
        Some(Value::Tuple(pair)) if pair.items.len() == 2 => (
            pair.items[0].as_str().unwrap_or(", ").to_string(),
            pair.items[1].as_str().unwrap_or(": ").to_string(),
        ),
        _ => (", ".to_string(), ": ".to_string()),
    };
    let mut encoder = Encoder {
        interp,
        indent,
        sort_keys,
        ensure_ascii,
        skip_keys,
        allow_nan,
        default,
        item_separator,
        key_separator,
        out: String::new(),
        saw_unicode: false,
    };
    encoder.encode(&args.positional[0], 0)?;
    let out = encoder.out;
    // Without `ensure_ascii`, Python joins the pieces as they are: one `unicode` piece
    // makes the result `unicode`.
    let unicode = !ensure_ascii && encoder.saw_unicode;
    interp.alloc_str(out.len())?;
    Ok(if unicode {
        Value::Unicode(out.into())
    } else {
        Value::str(out)
    })
}

struct Encoder<'a, 'i> {
    interp: &'a mut Interpreter<'i>,
    indent: Option<String>,
    sort_keys: bool,
    ensure_ascii: bool,
    /// `skipkeys=True`: leave out the items whose key is not a string or a number.
    skip_keys: bool,
    /// `allow_nan=False` refuses infinities and NaN.
    allow_nan: bool,
    /// `default=`: what to call for a value JSON has no form for.
    default: Option<Value>,
    item_separator: String,
    key_separator: String,
    out: String,
    /// A `unicode` string was encoded.
    saw_unicode: bool,
}

impl Encoder<'_, '_> {
    fn newline(&mut self, depth: usize) {
        if let Some(indent) = &self.indent {
            self.out.push('\n');
            for _ in 0..depth {
                self.out.push_str(indent);
            }
        }
    }

    fn encode(&mut self, value: &Value, depth: usize) -> PyResult<()> {
        if depth > MAX_DATA_DEPTH || self.interp.check_expression_depth().is_err() {
            return Err(PyException::limit(
                LimitKind::Recursion,
                "maximum recursion depth exceeded while encoding a JSON object",
            ));
        }
        self.interp.tick()?;
        match value {
            Value::None => self.out.push_str("null"),
            Value::Bool(flag) => self.out.push_str(if *flag { "true" } else { "false" }),
            Value::Int(number) => {
                let _ = write!(self.out, "{number}");
            }
            Value::Long(number) => {
                let _ = write!(self.out, "{number}");
            }
            Value::Float(number) => {
                let text = self.float(*number)?;
                self.out.push_str(&text);
            }
            Value::Str(text) => self.string(text),
            Value::Unicode(text) => {
                self.saw_unicode = true;
                self.string(text);
            }
            Value::List(_) | Value::Tuple(_) => {
                let items = self.interp.collect_values(value)?;
                if items.is_empty() {
                    self.out.push_str("[]");
                    return Ok(());
                }
                self.out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        self.out.push_str(&self.item_separator.clone());
                    }
                    self.newline(depth + 1);
                    self.encode(item, depth + 1)?;
                }
                self.newline(depth);
                self.out.push(']');
            }
            Value::Dict(dict) => {
                let mut pairs: Vec<(Value, Value)> = dict
                    .map
                    .borrow()
                    .iter()
                    .map(|(key, item)| (key.value().clone(), item.clone()))
                    .collect();
                // Python sorts the keys themselves, before they become strings.
                if self.sort_keys {
                    pairs = self.sorted_by_key(pairs)?;
                }
                let mut items: Vec<(String, Value)> = Vec::with_capacity(pairs.len());
                for (key, item) in pairs {
                    let key = match &key {
                        Value::Str(text) => text.to_string(),
                        Value::Unicode(text) => {
                            self.saw_unicode = true;
                            text.to_string()
                        }
                        Value::Bool(flag) => (if *flag { "true" } else { "false" }).to_string(),
                        Value::None => "null".to_string(),
                        Value::Int(number) => number.to_string(),
                        Value::Long(number) => number.to_string(),
                        Value::Float(number) => self.float(*number)?,
                        _ if self.skip_keys => continue,
                        // Python's encoder in C (no indent, no sorting) says less than
                        // its encoder in Python.
                        _ if self.indent.is_none() && !self.sort_keys => {
                            return Err(PyException::type_error("keys must be a string"));
                        }
                        other => {
                            let shown = self.interp.repr_value(other)?;
                            return Err(PyException::type_error(format!(
                                "key {shown} is not a string"
                            )));
                        }
                    };
                    items.push((key, item));
                }
                if items.is_empty() {
                    self.out.push_str("{}");
                    return Ok(());
                }
                self.out.push('{');
                for (index, (key, item)) in items.iter().enumerate() {
                    if index > 0 {
                        self.out.push_str(&self.item_separator.clone());
                    }
                    self.newline(depth + 1);
                    self.string(key);
                    self.out.push_str(&self.key_separator.clone());
                    self.encode(item, depth + 1)?;
                }
                self.newline(depth);
                self.out.push('}');
            }
            other => {
                if let Some(default) = self.default.clone() {
                    let span = self.interp.call_span;
                    let replaced =
                        self.interp
                            .call_value(&default, vec![other.clone()], Vec::new(), span)?;
                    return self.encode(&replaced, depth + 1);
                }
                let shown = self.interp.repr_value(other)?;
                return Err(PyException::type_error(format!(
                    "{shown} is not JSON serializable"
                )));
            }
        }
        Ok(())
    }

    /// A float's JSON text; infinities and NaN only when allowed.
    fn float(&self, number: f64) -> PyResult<String> {
        if !self.allow_nan && !number.is_finite() {
            return Err(PyException::value_error(
                "Out of range float values are not JSON compliant",
            ));
        }
        Ok(float_text(number))
    }

    /// `pairs` sorted by key as Python 2 compares them.
    fn sorted_by_key(&mut self, mut pairs: Vec<(Value, Value)>) -> PyResult<Vec<(Value, Value)>> {
        let mut failure = None;
        pairs.sort_by(|a, b| match self.interp.compare(&a.0, &b.0) {
            Ok(ordering) => ordering,
            Err(error) => {
                failure.get_or_insert(error);
                std::cmp::Ordering::Equal
            }
        });
        match failure {
            Some(error) => Err(error),
            None => Ok(pairs),
        }
    }

    fn string(&mut self, text: &str) {
        self.out.push('"');
        for ch in text.chars() {
            match ch {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                '\u{8}' => self.out.push_str("\\b"),
                '\u{c}' => self.out.push_str("\\f"),
                ch if (ch as u32) < 0x20 || (ch == '\x7f' && self.ensure_ascii) => {
                    let _ = write!(self.out, "\\u{:04x}", ch as u32);
                }
                ch if !ch.is_ascii() && self.ensure_ascii => {
                    let mut units = [0u16; 2];
                    for unit in ch.encode_utf16(&mut units) {
                        let _ = write!(self.out, "\\u{unit:04x}");
                    }
                }
                ch => self.out.push(ch),
            }
        }
        self.out.push('"');
    }
}

fn float_text(number: f64) -> String {
    if number.is_nan() {
        "NaN".to_string()
    } else if number.is_infinite() {
        if number > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .to_string()
    } else {
        float_repr(number)
    }
}
