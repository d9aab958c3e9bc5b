//! `format % args`: Python 2's printf-style string formatting.

use num_traits::{Signed, ToPrimitive, Zero};

use super::errors::{ExcType, PyException};
use super::interp::Interpreter;
use super::number;
use super::repr::{format_e, format_f, format_g};
use crate::value::{PyResult, Value};

/// One conversion's flags, width and precision.
#[derive(Default)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    alternate: bool,
    zero: bool,
    width: usize,
    precision: Option<usize>,
    /// The format is `unicode`: `%c` takes any character, not only a byte.
    unicode: bool,
}

/// Where the values for the conversions come from.
enum Source<'v> {
    Positional(&'v [Value], usize),
    /// A mapping, and whether it was used already: a conversion without a key takes the
    /// mapping itself, but only before any other conversion took from it (Python 2.7).
    Mapping(&'v Value, bool),
}

impl Interpreter<'_> {
    /// `format % args`.
    pub(crate) fn printf(&mut self, format: &Value, args: &Value) -> PyResult<Value> {
        let text = format.as_str().unwrap_or("");
        let single = [args.clone()];
        let mut source = match args {
            Value::Tuple(tuple) => Source::Positional(&tuple.items, 0),
            Value::Dict(_) | Value::Instance(_) | Value::Foreign(_) if text.contains("%(") => {
                Source::Mapping(args, false)
            }
            _ => Source::Positional(&single, 0),
        };
        let mut out = String::with_capacity(text.len() + 16);
        let mut unicode = matches!(format, Value::Unicode(_));
        let bytes = text.as_bytes();
        let mut index = 0;
        while index < bytes.len() {
            let Some(offset) = text[index..].find('%') else {
                out.push_str(&text[index..]);
                break;
            };
            out.push_str(&text[index..index + offset]);
            index += offset + 1;
            let incomplete = || PyException::value_error("incomplete format");
            if index >= bytes.len() {
                return Err(incomplete());
            }
            let mut value_from_key = None;
            if bytes[index] == b'(' {
                let Source::Mapping(mapping, used) = &mut source else {
                    return Err(PyException::type_error("format requires a mapping"));
                };
                let mut depth = 1;
                let start = index + 1;
                let mut end = start;
                while end < bytes.len() && depth > 0 {
                    match bytes[end] {
                        b'(' => depth += 1,
                        b')' => depth -= 1,
                        _ => {}
                    }
                    end += 1;
                }
                if depth > 0 {
                    return Err(PyException::value_error("incomplete format key"));
                }
                let key = Value::str(&text[start..end - 1]);
                *used = true;
                let mapping = (*mapping).clone();
                value_from_key = Some(self.get_item(&mapping, &key)?);
                index = end;
            }
            let mut spec = Spec {
                unicode: matches!(format, Value::Unicode(_)),
                ..Spec::default()
            };
            while index < bytes.len() {
                match bytes[index] {
                    b'-' => spec.left = true,
                    b'+' => spec.plus = true,
                    b' ' => spec.space = true,
                    b'#' => spec.alternate = true,
                    b'0' => spec.zero = true,
                    _ => break,
                }
                index += 1;
            }
            spec.width = self.printf_number(text, &mut index, &mut source, &mut spec.left)?;
            if index < bytes.len() && bytes[index] == b'.' {
                index += 1;
                let mut ignored = false;
                spec.precision =
                    Some(self.printf_number(text, &mut index, &mut source, &mut ignored)?);
            }
            while index < bytes.len() && matches!(bytes[index], b'h' | b'l' | b'L') {
                index += 1;
            }
            let Some(conversion) = text[index..].chars().next() else {
                return Err(incomplete());
            };
            index += conversion.len_utf8();
            if conversion == '%' {
                out.push('%');
                continue;
            }
            let value = match value_from_key {
                Some(value) => value,
                None => next_value(&mut source)?,
            };
            let piece = self.convert(conversion, &value, &spec, index - conversion.len_utf8())?;
            if conversion == 's' && matches!(value, Value::Unicode(_)) {
                unicode = true;
            }
            self.alloc_str(out.len() + piece.len())?;
            out.push_str(&piece);
        }
        if let Source::Positional(values, used) = source {
            if used < values.len() && !matches!(args, Value::Dict(_)) {
                return Err(PyException::type_error(
                    "not all arguments converted during string formatting",
                ));
            }
        }
        self.alloc_str(out.len())?;
        Ok(if unicode {
            Value::Unicode(out.into())
        } else {
            Value::Str(out.into())
        })
    }

    /// A width or precision: digits, or `*` taking an argument.
    fn printf_number(
        &mut self,
        text: &str,
        index: &mut usize,
        source: &mut Source,
        left: &mut bool,
    ) -> PyResult<usize> {
        let bytes = text.as_bytes();
        if *index < bytes.len() && bytes[*index] == b'*' {
            *index += 1;
            let value = next_value(source)?;
            let number =
                number::as_i64(&value).ok_or_else(|| PyException::type_error("* wants int"))?;
            if number < 0 {
                *left = true;
            }
            return self.checked_width(number.unsigned_abs());
        }
        let start = *index;
        while *index < bytes.len() && bytes[*index].is_ascii_digit() {
            *index += 1;
        }
        let digits = &text[start..*index];
        if digits.is_empty() {
            return Ok(0);
        }
        let number: u64 = digits.parse().unwrap_or(u64::MAX);
        self.checked_width(number)
    }

    fn checked_width(&mut self, number: u64) -> PyResult<usize> {
        let width = usize::try_from(number).unwrap_or(usize::MAX);
        self.alloc_str(width)?;
        Ok(width)
    }

    fn convert(
        &mut self,
        conversion: char,
        value: &Value,
        spec: &Spec,
        at: usize,
    ) -> PyResult<String> {
        let body = match conversion {
            's' => {
                let mut text = self.str_value(value)?;
                if let Some(precision) = spec.precision {
                    text = text.chars().take(precision).collect();
                }
                return Ok(pad(text, spec, false));
            }
            'r' => {
                let mut text = self.repr_value(value)?;
                if let Some(precision) = spec.precision {
                    text = text.chars().take(precision).collect();
                }
                return Ok(pad(text, spec, false));
            }
            'c' => {
                let text = match value {
                    Value::Str(text) | Value::Unicode(text) if text.chars().count() == 1 => {
                        text.to_string()
                    }
                    Value::Str(_) | Value::Unicode(_) => {
                        return Err(PyException::type_error("%c requires int or char"))
                    }
                    Value::Float(_) => {
                        return Err(PyException::type_error(
                            "integer argument expected, got float",
                        ))
                    }
                    _ => {
                        let code = number::as_bigint(value)
                            .ok_or_else(|| PyException::type_error("an integer is required"))?;
                        let code = code.to_i64().ok_or_else(|| {
                            PyException::new(
                                ExcType::OverflowError,
                                "Python int too large to convert to C long",
                            )
                        })?;
                        // A `str` takes a byte, a `unicode` any character.
                        let range_error = match code {
                            _ if spec.unicode => u32::try_from(code)
                                .ok()
                                .and_then(char::from_u32)
                                .is_none()
                                .then_some("%c arg not in range(0x110000) (wide Python build)"),
                            ..0 => Some("unsigned byte integer is less than minimum"),
                            256.. => Some("unsigned byte integer is greater than maximum"),
                            _ => None,
                        };
                        if let Some(message) = range_error {
                            return Err(PyException::new(ExcType::OverflowError, message));
                        }
                        char::from_u32(code as u32)
                            .map(String::from)
                            .unwrap_or_default()
                    }
                };
                return Ok(pad(text, spec, false));
            }
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
                // `%i` is `%d`, in its messages too.
                let named = if conversion == 'i' { 'd' } else { conversion };
                let not_a_number = |type_name: &str| {
                    PyException::type_error(format!(
                        "%{named} format: a number is required, not {type_name}"
                    ))
                };
                let integer = match value {
                    Value::Float(number) if !number.is_finite() => {
                        return Err(not_a_number("float"));
                    }
                    Value::Float(number) => number::float_to_int(*number)?,
                    Value::Bool(_) | Value::Int(_) | Value::Long(_) => value.clone(),
                    other => return Err(not_a_number(&other.type_name())),
                };
                // An `int` goes through C's printf, a `long` through Python's own code: they
                // differ on zero with no digits asked for (`'%.0d' % 0` is empty).
                let is_long = matches!(integer, Value::Long(_));
                let integer = number::as_bigint(&integer).unwrap_or_default();
                let negative = integer.is_negative();
                let magnitude = integer.abs();
                let mut digits = match conversion {
                    'o' => magnitude.to_str_radix(8),
                    'x' => magnitude.to_str_radix(16),
                    'X' => magnitude.to_str_radix(16).to_uppercase(),
                    _ => magnitude.to_string(),
                };
                if spec.precision == Some(0) && magnitude.is_zero() && !is_long {
                    digits.clear();
                }
                if let Some(precision) = spec.precision {
                    if digits.len() < precision {
                        digits = "0".repeat(precision - digits.len()) + &digits;
                    }
                }
                let prefix = match (conversion, spec.alternate) {
                    ('o', true) if !digits.starts_with('0') => "0",
                    ('x', true) => "0x",
                    ('X', true) => "0X",
                    _ => "",
                };
                (negative, format!("{prefix}{digits}"))
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let number = match value {
                    Value::Str(_) | Value::Unicode(_) | Value::None => None,
                    other => number::as_f64(other).transpose()?,
                }
                .ok_or_else(|| {
                    PyException::type_error(format!(
                        "float argument required, not {}",
                        value.type_name()
                    ))
                })?;
                let precision = spec.precision.unwrap_or(6);
                self.alloc_str(precision)?;
                let mut text = match conversion {
                    'e' | 'E' => format_e(number, precision),
                    'f' | 'F' => format_f(number, precision),
                    _ => format_g(number, precision, spec.alternate),
                };
                // `#` keeps the decimal point, even with no digits after it.
                if spec.alternate && number.is_finite() && !text.contains('.') {
                    let at = text.find('e').unwrap_or(text.len());
                    text.insert(at, '.');
                }
                if conversion.is_ascii_uppercase() {
                    text = text.to_uppercase();
                }
                match text.strip_prefix('-') {
                    Some(rest) => (true, rest.to_string()),
                    None => (false, text),
                }
            }
            other => {
                return Err(PyException::value_error(format!(
                    "unsupported format character '{other}' (0x{:x}) at index {at}",
                    other as u32
                )))
            }
        };
        let (negative, digits) = body;
        let sign = if negative {
            "-"
        } else if spec.plus {
            "+"
        } else if spec.space {
            " "
        } else {
            ""
        };
        Ok(pad_number(sign, &digits, spec))
    }
}

fn next_value(source: &mut Source) -> PyResult<Value> {
    match source {
        Source::Positional(values, used) => {
            let value = values
                .get(*used)
                .cloned()
                .ok_or_else(|| PyException::type_error("not enough arguments for format string"))?;
            *used += 1;
            Ok(value)
        }
        Source::Mapping(_, true) => Err(PyException::type_error(
            "not enough arguments for format string",
        )),
        Source::Mapping(mapping, used) => {
            *used = true;
            Ok((*mapping).clone())
        }
    }
}

/// Pads a non-numeric conversion to the width.
fn pad(text: String, spec: &Spec, _numeric: bool) -> String {
    let len = text.chars().count();
    if len >= spec.width {
        return text;
    }
    let fill = " ".repeat(spec.width - len);
    if spec.left {
        text + &fill
    } else {
        fill + &text
    }
}

/// Pads a number: zeros go between the sign (or `0x`) and the digits.
fn pad_number(sign: &str, digits: &str, spec: &Spec) -> String {
    let len = sign.len() + digits.len();
    if len >= spec.width {
        return format!("{sign}{digits}");
    }
    let missing = spec.width - len;
    if spec.left {
        format!("{sign}{digits}{}", " ".repeat(missing))
    } else if spec.zero {
        let (prefix, rest) = if digits.starts_with("0x") || digits.starts_with("0X") {
            digits.split_at(2)
        } else {
            ("", digits)
        };
        format!("{sign}{prefix}{}{rest}", "0".repeat(missing))
    } else {
        format!("{}{sign}{digits}", " ".repeat(missing))
    }
}
