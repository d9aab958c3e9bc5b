//! `str.format` and `format()`: Python's format-string syntax and format-spec
//! mini-language.

use num_bigint::BigInt;
use num_traits::Signed;

use super::errors::{ExcType, PyException};
use super::interp::Interpreter;
use super::number;
use super::repr::{format_e, format_f, format_g};
use crate::value::{PyResult, Value};

/// A parsed format spec: `[[fill]align][sign][#][0][width][,][.precision][type]`.
#[derive(Default)]
struct FormatSpec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alternate: bool,
    zero: bool,
    width: usize,
    grouping: bool,
    precision: Option<usize>,
    kind: Option<char>,
}

/// How `str.format` numbers its fields: automatically (`{}`, the next index) or by hand
/// (`{0}`), never both.
struct Numbering {
    auto_index: Option<usize>,
    manual: bool,
}

/// Formatted text, and the first character a `unicode` value put in it that ASCII has not
/// (with its position in that value's piece), which a `str` template cannot hold.
struct Formatted {
    text: String,
    non_ascii_from_unicode: Option<(usize, char)>,
}

/// `u'\xe9'`: how Python 2 shows a character in an encoding error.
fn unicode_char_repr(ch: char) -> String {
    match u32::from(ch) {
        code @ 0..=0xff => format!("u'\\x{code:02x}'"),
        code @ 0..=0xffff => format!("u'\\u{code:04x}'"),
        code => format!("u'\\U{code:08x}'"),
    }
}

fn parse_spec(spec: &str) -> PyResult<FormatSpec> {
    let mut result = FormatSpec::default();
    let chars: Vec<char> = spec.chars().collect();
    let mut index = 0;
    let is_align = |c: char| matches!(c, '<' | '>' | '=' | '^');
    if chars.len() >= 2 && is_align(chars[1]) {
        result.fill = Some(chars[0]);
        result.align = Some(chars[1]);
        index = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        result.align = Some(chars[0]);
        index = 1;
    }
    if index < chars.len() && matches!(chars[index], '+' | '-' | ' ') {
        result.sign = Some(chars[index]);
        index += 1;
    }
    if index < chars.len() && chars[index] == '#' {
        result.alternate = true;
        index += 1;
    }
    // `0` before the width: fill with zeros (unless a fill was given), after the sign
    // (unless an alignment was given).
    if index < chars.len() && chars[index] == '0' {
        result.zero = true;
        if result.fill.is_none() {
            result.fill = Some('0');
            result.align = result.align.or(Some('='));
        }
        index += 1;
    }
    let digits = |index: &mut usize| -> Option<usize> {
        let start = *index;
        while *index < chars.len() && chars[*index].is_ascii_digit() {
            *index += 1;
        }
        let text: String = chars[start..*index].iter().collect();
        (!text.is_empty()).then(|| text.parse().unwrap_or(usize::MAX))
    };
    result.width = digits(&mut index).unwrap_or(0);
    if index < chars.len() && chars[index] == ',' {
        result.grouping = true;
        index += 1;
    }
    if index < chars.len() && chars[index] == '.' {
        index += 1;
        result.precision = Some(
            digits(&mut index)
                .ok_or_else(|| PyException::value_error("Format specifier missing precision"))?,
        );
    }
    if index < chars.len() {
        result.kind = Some(chars[index]);
        index += 1;
    }
    if index < chars.len() {
        return Err(PyException::value_error("Invalid conversion specification"));
    }
    Ok(result)
}

impl Interpreter<'_> {
    /// `template.format(*args, **kwargs)`.
    pub(crate) fn str_format(
        &mut self,
        template: &Value,
        args: &[Value],
        kwargs: &[(std::rc::Rc<str>, Value)],
    ) -> PyResult<Value> {
        let text = template.as_str().unwrap_or("");
        let mut numbering = Numbering {
            auto_index: Some(0),
            manual: false,
        };
        let out = self.format_fields(text, args, kwargs, &mut numbering, 2)?;
        if matches!(template, Value::Unicode(_)) {
            return Ok(Value::Unicode(out.text.into()));
        }
        // `str.format` gives a `str`: a `unicode` piece is encoded as ASCII.
        if let Some((position, ch)) = out.non_ascii_from_unicode {
            return Err(PyException::new(
                ExcType::UnicodeEncodeError,
                format!(
                    "'ascii' codec can't encode character {} in position {position}: ordinal not in range(128)",
                    unicode_char_repr(ch)
                ),
            ));
        }
        Ok(Value::Str(out.text.into()))
    }

    /// The text of `text` with its replacement fields filled in; a field's spec may hold
    /// fields itself, `depth` levels down (Python allows two in all).
    fn format_fields(
        &mut self,
        text: &str,
        args: &[Value],
        kwargs: &[(std::rc::Rc<str>, Value)],
        numbering: &mut Numbering,
        depth: usize,
    ) -> PyResult<Formatted> {
        if depth == 0 {
            return Err(PyException::value_error("Max string recursion exceeded"));
        }
        let mut out = Formatted {
            text: String::with_capacity(text.len() + 16),
            non_ascii_from_unicode: None,
        };
        let mut chars = text.char_indices().peekable();
        while let Some((position, ch)) = chars.next() {
            match ch {
                '{' if chars.peek().map(|(_, c)| *c) == Some('{') => {
                    chars.next();
                    out.text.push('{');
                }
                '}' if chars.peek().map(|(_, c)| *c) == Some('}') => {
                    chars.next();
                    out.text.push('}');
                }
                '}' => {
                    return Err(PyException::value_error(
                        "Single '}' encountered in format string",
                    ))
                }
                '{' => {
                    let start = position + 1;
                    let mut depth_in_field = 1;
                    let mut end = start;
                    for (inner_position, inner) in chars.by_ref() {
                        match inner {
                            '{' => depth_in_field += 1,
                            '}' => {
                                depth_in_field -= 1;
                                if depth_in_field == 0 {
                                    end = inner_position;
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                    if depth_in_field != 0 {
                        return Err(PyException::value_error(
                            "Single '{' encountered in format string",
                        ));
                    }
                    let field = &text[start..end];
                    let (value, conversion, spec) = self.resolve_field(
                        field,
                        args,
                        kwargs,
                        &mut numbering.auto_index,
                        &mut numbering.manual,
                    )?;
                    let value = match conversion {
                        Some('r') => Value::str(self.repr_value(&value)?),
                        // `str()`: a `unicode` value becomes a `str`.
                        Some('s') => match self.str_of(&value)? {
                            Value::Unicode(text) => Value::Str(text),
                            other => other,
                        },
                        Some(other) => {
                            return Err(PyException::value_error(format!(
                                "Unknown conversion specifier {other}"
                            )))
                        }
                        None => value,
                    };
                    // A spec may itself contain replacement fields (`{:{width}}`), numbered
                    // on from the field's own.
                    let spec = if spec.contains('{') {
                        self.format_fields(spec, args, kwargs, numbering, depth - 1)?
                            .text
                    } else {
                        spec.to_string()
                    };
                    let piece = self.format_value(&value, &spec)?;
                    if matches!(value, Value::Unicode(_)) && out.non_ascii_from_unicode.is_none() {
                        out.non_ascii_from_unicode =
                            piece.chars().enumerate().find(|(_, ch)| !ch.is_ascii());
                    }
                    self.alloc_str(out.text.len() + piece.len())?;
                    out.text.push_str(&piece);
                }
                other => out.text.push(other),
            }
        }
        Ok(out)
    }

    /// The value a replacement field names, its `!conversion` and its spec.
    fn resolve_field<'f>(
        &mut self,
        field: &'f str,
        args: &[Value],
        kwargs: &[(std::rc::Rc<str>, Value)],
        auto_index: &mut Option<usize>,
        manual: &mut bool,
    ) -> PyResult<(Value, Option<char>, &'f str)> {
        let (name_part, spec) = match field.find(':') {
            Some(colon) => (&field[..colon], &field[colon + 1..]),
            None => (field, ""),
        };
        let (name_part, conversion) = match name_part.find('!') {
            Some(bang) => (&name_part[..bang], name_part[bang + 1..].chars().next()),
            None => (name_part, None),
        };
        let first_end = name_part.find(['.', '[']).unwrap_or(name_part.len());
        let first = &name_part[..first_end];
        let mut value = if first.is_empty() {
            if *manual {
                return Err(PyException::value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                ));
            }
            let index = auto_index.ok_or_else(|| {
                PyException::value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                )
            })?;
            *auto_index = Some(index + 1);
            args.get(index)
                .cloned()
                .ok_or_else(|| PyException::index_error("tuple index out of range"))?
        } else if let Ok(index) = first.parse::<usize>() {
            if auto_index.is_some_and(|next| next > 0) {
                return Err(PyException::value_error(
                    "cannot switch from automatic field numbering to manual field specification",
                ));
            }
            *auto_index = None;
            *manual = true;
            args.get(index)
                .cloned()
                .ok_or_else(|| PyException::index_error("tuple index out of range"))?
        } else {
            kwargs
                .iter()
                .find(|(name, _)| &**name == first)
                .map(|(_, value)| value.clone())
                .ok_or_else(|| PyException::key_error(Value::str(first)))?
        };
        let mut rest = &name_part[first_end..];
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('.') {
                let end = after.find(['.', '[']).unwrap_or(after.len());
                value = self.get_attr(&value, &after[..end])?;
                rest = &after[end..];
            } else if let Some(after) = rest.strip_prefix('[') {
                let end = after
                    .find(']')
                    .ok_or_else(|| PyException::value_error("Missing ']' in format string"))?;
                let key_text = &after[..end];
                let key = match key_text.parse::<i64>() {
                    Ok(index) => Value::Int(index),
                    Err(_) => Value::str(key_text),
                };
                value = self.get_item(&value, &key)?;
                rest = &after[end + 1..];
            } else {
                return Err(PyException::value_error(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ));
            }
        }
        Ok((value, conversion, spec))
    }

    /// `format(value, spec)`.
    pub(crate) fn format_value(&mut self, value: &Value, spec: &str) -> PyResult<String> {
        if spec.is_empty() {
            return self.str_value(value);
        }
        let parsed = parse_spec(spec)?;
        self.alloc_str(parsed.width)?;
        self.alloc_str(parsed.precision.unwrap_or(0))?;
        let family = match value {
            Value::Bool(_) | Value::Int(_) | Value::Long(_) => Family::Integer,
            Value::Float(_) => Family::Float,
            Value::Unicode(_) => Family::Text("unicode"),
            // Other objects format as their `str()` (Python 2's `object.__format__`).
            _ => Family::Text("str"),
        };
        let kind = parsed.kind.or(match family {
            Family::Integer => Some('d'),
            Family::Float => None,
            Family::Text(_) => Some('s'),
        });
        if parsed.grouping
            && !matches!(
                kind,
                None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F')
            )
        {
            let kind = kind.unwrap_or_default();
            return Err(PyException::value_error(format!(
                "Cannot specify ',' with '{kind}'."
            )));
        }
        let unknown = |type_name: &str| {
            PyException::value_error(format!(
                "Unknown format code '{}' for object of type '{type_name}'",
                kind.unwrap_or_default()
            ))
        };
        let float_code = matches!(kind, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%'));
        match family {
            Family::Integer if float_code => {
                let number = number::as_f64(value).unwrap_or(Ok(0.0))?;
                format_float(number, &parsed)
            }
            Family::Integer => match kind {
                Some('b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n') => format_integer(value, &parsed),
                _ => Err(unknown(&value.type_name())),
            },
            Family::Float if float_code || matches!(kind, None | Some('n')) => {
                format_float(number::as_f64(value).unwrap_or(Ok(0.0))?, &parsed)
            }
            Family::Float => Err(unknown("float")),
            Family::Text(type_name) => {
                if kind != Some('s') {
                    return Err(unknown(type_name));
                }
                let refused = if parsed.sign.is_some() {
                    Some("Sign not allowed in string format specifier")
                } else if parsed.alternate {
                    Some("Alternate form (#) not allowed in string format specifier")
                } else if parsed.align == Some('=') {
                    Some("'=' alignment not allowed in string format specifier")
                } else {
                    None
                };
                if let Some(message) = refused {
                    return Err(PyException::value_error(message));
                }
                let mut text = self.str_value(value)?;
                if let Some(precision) = parsed.precision {
                    text = text.chars().take(precision).collect();
                }
                Ok(align(&text, "", &parsed, '<'))
            }
        }
    }
}

/// How `format()` treats a value: as an integer, a float, or text (with the type name
/// its errors give).
enum Family {
    Integer,
    Float,
    Text(&'static str),
}

fn format_integer(value: &Value, spec: &FormatSpec) -> PyResult<String> {
    let integer: BigInt = number::as_bigint(value).unwrap_or_default();
    if spec.precision.is_some() {
        return Err(PyException::value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.kind == Some('c') && spec.sign.is_some() {
        return Err(PyException::value_error(
            "Sign not allowed with integer format specifier 'c'",
        ));
    }
    let magnitude = integer.abs();
    let (digits, prefix) = match spec.kind.unwrap_or('d') {
        'd' | 'n' => (magnitude.to_string(), ""),
        'b' => (magnitude.to_str_radix(2), "0b"),
        'o' => (magnitude.to_str_radix(8), "0o"),
        'x' => (magnitude.to_str_radix(16), "0x"),
        'X' => (magnitude.to_str_radix(16).to_uppercase(), "0X"),
        'c' => {
            let code = number::as_i64(value).ok_or_else(|| {
                PyException::new(
                    ExcType::OverflowError,
                    "Python int too large to convert to C long",
                )
            })?;
            let code = u32::try_from(code)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| {
                    PyException::new(ExcType::OverflowError, "%c arg not in range(0x110000)")
                })?;
            return Ok(align(&code.to_string(), "", spec, '<'));
        }
        other => {
            return Err(PyException::value_error(format!(
                "Unknown format code '{other}' for object of type '{}'",
                value.type_name()
            )))
        }
    };
    let digits = if spec.grouping {
        group_thousands(&digits)
    } else {
        digits
    };
    let sign = sign_text(integer.is_negative(), spec);
    let prefix = if spec.alternate { prefix } else { "" };
    Ok(align(&digits, &format!("{sign}{prefix}"), spec, '>'))
}

fn format_float(number: f64, spec: &FormatSpec) -> PyResult<String> {
    if spec.alternate {
        return Err(PyException::value_error(
            "Alternate form (#) not allowed in float format specifier",
        ));
    }
    let precision = spec.precision.unwrap_or(6);
    let text = match spec.kind {
        Some('f') => format_f(number, precision),
        Some('F') => format_f(number, precision).to_uppercase(),
        Some('e') => format_e(number, precision),
        Some('E') => format_e(number, precision).to_uppercase(),
        Some('g' | 'n') => format_g(number, precision, spec.alternate),
        Some('G') => format_g(number, precision, spec.alternate).to_uppercase(),
        Some('%') => format!("{}%", format_f(number * 100.0, precision)),
        None => match spec.precision {
            Some(precision) => format_untyped(number, precision),
            None => crate::pystachio::python2_float_str(number),
        },
        Some(other) => {
            return Err(PyException::value_error(format!(
                "Unknown format code '{other}' for object of type 'float'"
            )))
        }
    };
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, text),
    };
    let digits = if spec.grouping {
        let (number, percent) = match digits.strip_suffix('%') {
            Some(number) => (number, "%"),
            None => (digits.as_str(), ""),
        };
        match number.split_once('.') {
            Some((integer, fraction)) => {
                format!("{}.{fraction}{percent}", group_thousands(integer))
            }
            None => format!("{}{percent}", group_thousands(number)),
        }
    } else {
        digits
    };
    Ok(align(&digits, sign_text(negative, spec), spec, '>'))
}

/// `format(x, '.N')`, a float with a precision and no type: `N` significant digits as
/// `g` gives them, but in exponent form from one power of ten lower (`format(1.0, '.1')`
/// is `1e+00`), and an integer gets `.0`.
// FIXME: Python 2.7 gives `0.5` for `format(0.5, '.0')`; this gives `5e-01`.
fn format_untyped(number: f64, precision: usize) -> String {
    if !number.is_finite() {
        return format_g(number, precision, false);
    }
    let digits = precision.max(1);
    let scientific = format_e(number, digits - 1);
    let (mantissa, exponent_text) = scientific
        .split_once('e')
        .expect("format_e writes an exponent");
    let exponent: i64 = exponent_text.parse().unwrap_or(0);
    if exponent < -4 || exponent >= precision as i64 - 1 {
        let mantissa = if mantissa.contains('.') {
            mantissa.trim_end_matches('0').trim_end_matches('.')
        } else {
            mantissa
        };
        return format!("{mantissa}e{exponent_text}");
    }
    let fixed = format_g(number, digits, false);
    if fixed.contains('.') {
        fixed
    } else {
        format!("{fixed}.0")
    }
}

fn sign_text(negative: bool, spec: &FormatSpec) -> &'static str {
    match (negative, spec.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

fn group_thousands(digits: &str) -> String {
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.to_string();
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, ch) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Pads `sign + body` to the width with the spec's fill and alignment.
fn align(body: &str, sign: &str, spec: &FormatSpec, default_align: char) -> String {
    let len = sign.chars().count() + body.chars().count();
    let fill = spec.fill.unwrap_or(' ');
    let alignment = spec.align.unwrap_or(default_align);
    if len >= spec.width {
        return format!("{sign}{body}");
    }
    let missing = spec.width - len;
    let padding = |count: usize| fill.to_string().repeat(count);
    match alignment {
        '<' => format!("{sign}{body}{}", padding(missing)),
        '^' => format!(
            "{}{sign}{body}{}",
            padding(missing / 2),
            padding(missing - missing / 2)
        ),
        '=' => format!("{sign}{}{body}", padding(missing)),
        _ => format!("{}{sign}{body}", padding(missing)),
    }
}
