//! `repr()` and `str()` as Python 2.7 prints them, and its float formatting.

use std::fmt::Write as _;
use std::rc::Rc;

use super::compare::{identity, MAX_DATA_DEPTH};
use super::errors::{LimitKind, PyException};
use super::interp::Interpreter;
use crate::pystachio::{python2_float_repr, python2_float_str};
use crate::value::{Native, PyResult, Value};

fn special_float(number: f64) -> Option<&'static str> {
    if number.is_nan() {
        Some("nan")
    } else if number.is_infinite() {
        Some(if number > 0.0 { "inf" } else { "-inf" })
    } else {
        None
    }
}

/// Splits Rust's `{:e}` output (`-1.2345e-7`) into sign, digits and exponent.
fn split_scientific(text: &str) -> (bool, String, i32) {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    (negative, digits, exponent.parse().unwrap_or(0))
}

/// `'%.{precision}g' % number` (`alternate` is the `#` flag: keep trailing zeros).
pub(crate) fn format_g(number: f64, precision: usize, alternate: bool) -> String {
    if let Some(special) = special_float(number) {
        return special.to_string();
    }
    let precision = precision.max(1);
    let (negative, digits, exponent) = split_scientific(&format!("{:.*e}", precision - 1, number));
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if exponent >= -4 && exponent < precision as i32 {
        let decimals = (precision as i32 - 1 - exponent).max(0) as usize;
        let fixed = format!("{:.*}", decimals, number.abs());
        out.push_str(&if alternate {
            fixed
        } else {
            strip_zeros(&fixed)
        });
    } else {
        let mantissa = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        let mantissa = if alternate {
            mantissa
        } else {
            strip_zeros(&mantissa)
        };
        let sign = if exponent < 0 { '-' } else { '+' };
        let _ = write!(out, "{mantissa}e{sign}{:02}", exponent.unsigned_abs());
    }
    out
}

/// `'%.{precision}e' % number`.
pub(crate) fn format_e(number: f64, precision: usize) -> String {
    if let Some(special) = special_float(number) {
        return special.to_string();
    }
    let text = format!("{:.*e}", precision, number);
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.unsigned_abs())
}

/// `'%.{precision}f' % number`.
pub(crate) fn format_f(number: f64, precision: usize) -> String {
    match special_float(number) {
        Some(special) => special.to_string(),
        None => format!("{:.*}", precision, number),
    }
}

fn strip_zeros(text: &str) -> String {
    if !text.contains('.') {
        return text.to_string();
    }
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The quoted form of a string, as Python 2's `repr` writes it.
pub(crate) fn quote_str(text: &str, unicode: bool) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 3);
    if unicode {
        out.push('u');
    }
    out.push(quote);
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ch if ch == quote => {
                out.push('\\');
                out.push(ch);
            }
            ch if (ch as u32) < 0x20 || ch as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", ch as u32);
            }
            ch if ch.is_ascii() => out.push(ch),
            ch if unicode => {
                let code = ch as u32;
                let _ = if code < 0x100 {
                    write!(out, "\\x{code:02x}")
                } else if code < 0x10000 {
                    write!(out, "\\u{code:04x}")
                } else {
                    write!(out, "\\U{code:08x}")
                };
            }
            ch => {
                let mut buffer = [0u8; 4];
                for byte in ch.encode_utf8(&mut buffer).bytes() {
                    let _ = write!(out, "\\x{byte:02x}");
                }
            }
        }
    }
    out.push(quote);
    out
}

/// How deep `plain_repr` follows nested containers.
const PLAIN_DEPTH: usize = 100;

/// How much `plain_repr` writes at most: a value shared many times over (`x = [x, x]` in
/// a loop) is far larger printed than in memory.
const PLAIN_MAX_BYTES: usize = 1 << 16;

/// `repr(x)` without calling user code (for error messages and debugging).
pub(crate) fn plain_repr(value: &Value) -> String {
    let mut printer = Printer {
        interpreter: None,
        seen: Vec::new(),
    };
    let mut out = String::new();
    match printer.repr(&mut out, value, 0) {
        Ok(()) => out,
        Err(_) => "<...>".to_string(),
    }
}

/// The `Debug` form of a value.
pub(crate) fn debug_repr(value: &Value) -> String {
    plain_repr(value)
}

struct Printer<'a, 'i> {
    interpreter: Option<&'a mut Interpreter<'i>>,
    /// Containers being printed, to print a cycle as `[...]`.
    seen: Vec<usize>,
}

impl Printer<'_, '_> {
    fn repr(&mut self, out: &mut String, value: &Value, depth: usize) -> PyResult<()> {
        let too_deep = match self.interpreter.as_deref() {
            Some(interpreter) => {
                depth > MAX_DATA_DEPTH || interpreter.check_expression_depth().is_err()
            }
            // Without an interpreter there is no stack budget to check: stay shallow.
            None => depth > PLAIN_DEPTH,
        };
        if too_deep {
            return Err(PyException::limit(
                LimitKind::Recursion,
                "maximum recursion depth exceeded while getting the repr of an object",
            ));
        }
        // Every value printed is a step, and the text is bounded as it grows, not after.
        let max_bytes = match self.interpreter.as_deref_mut() {
            Some(interpreter) => {
                interpreter.tick()?;
                interpreter.options.limits.max_str_bytes
            }
            None => PLAIN_MAX_BYTES,
        };
        if out.len() > max_bytes {
            return Err(PyException::limit(
                LimitKind::Size,
                format!("the repr of this value is longer than the limit of {max_bytes} bytes"),
            ));
        }
        if let (Some(class), Some(interpreter)) =
            (value.subclass(), self.interpreter.as_deref_mut())
        {
            if class.lookup("__repr__").is_some() {
                let result = interpreter.call_method(
                    value.clone(),
                    "__repr__",
                    Vec::new(),
                    Vec::new(),
                    interpreter.call_span,
                )?;
                out.push_str(result.as_str().unwrap_or(""));
                return Ok(());
            }
        }
        match value {
            Value::None => out.push_str("None"),
            Value::Bool(flag) => out.push_str(if *flag { "True" } else { "False" }),
            Value::Int(number) => {
                let _ = write!(out, "{number}");
            }
            Value::Long(number) => {
                let _ = write!(out, "{number}L");
            }
            Value::Float(number) => out.push_str(&python2_float_repr(*number)),
            Value::Str(text) => out.push_str(&quote_str(text, false)),
            Value::Unicode(text) => out.push_str(&quote_str(text, true)),
            Value::List(list) => {
                let items = list.items.borrow().clone();
                self.sequence(out, value, &items, "[", "]", depth)?;
            }
            Value::Tuple(tuple) => {
                if tuple.items.len() == 1 {
                    out.push('(');
                    self.repr(out, &tuple.items[0], depth + 1)?;
                    out.push_str(",)");
                } else {
                    self.sequence(out, value, &tuple.items, "(", ")", depth)?;
                }
            }
            Value::Dict(dict) => {
                let id = identity(value).unwrap_or(0);
                if self.seen.contains(&id) {
                    out.push_str("{...}");
                    return Ok(());
                }
                self.seen.push(id);
                let items: Vec<(Value, Value)> = dict
                    .map
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.value().clone(), v.clone()))
                    .collect();
                self.charge(items.len())?;
                if dict.map.borrow().is_ordered() {
                    // OrderedDict.__repr__: `OrderedDict([(k, v), ...])`, `OrderedDict()`.
                    out.push_str("OrderedDict(");
                    if !items.is_empty() {
                        let pairs: Vec<Value> = items
                            .into_iter()
                            .map(|(k, v)| Value::tuple(vec![k, v]))
                            .collect();
                        let list = Value::list(pairs.clone());
                        self.sequence(out, &list, &pairs, "[", "]", depth)?;
                    }
                    out.push(')');
                    self.seen.pop();
                    return Ok(());
                }
                out.push('{');
                for (index, (key, item)) in items.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    self.repr(out, key, depth + 1)?;
                    out.push_str(": ");
                    self.repr(out, item, depth + 1)?;
                }
                out.push('}');
                self.seen.pop();
            }
            Value::Set(set) | Value::FrozenSet(set) => {
                let items: Vec<Value> = set
                    .items
                    .borrow()
                    .iter()
                    .map(|k| k.value().clone())
                    .collect();
                out.push_str(if matches!(value, Value::Set(_)) {
                    "set("
                } else {
                    "frozenset("
                });
                self.sequence(out, value, &items, "[", "]", depth)?;
                out.push(')');
            }
            Value::XRange(range) => {
                let stop = range.nth(range.len());
                let _ = match (range.start, range.step) {
                    (0, 1) => write!(out, "xrange({stop})"),
                    (start, 1) => write!(out, "xrange({start}, {stop})"),
                    (start, step) => write!(out, "xrange({start}, {stop}, {step})"),
                };
            }
            Value::Iter(_) => out.push_str("<iterator object>"),
            Value::Function(function) => {
                let _ = write!(out, "<function {}>", function.name);
            }
            Value::Builtin(builtin) if BUILTIN_TYPES.contains(&builtin.name) => {
                let _ = write!(out, "<type '{}'>", builtin.name);
            }
            Value::Builtin(builtin) => {
                let _ = write!(out, "<built-in function {}>", builtin.name);
            }
            Value::Method(method) => {
                let name = match &method.func {
                    Value::Function(function) => function.name.to_string(),
                    other => other.type_name(),
                };
                let _ = write!(out, "<bound method {}.{name}>", method.receiver.type_name());
            }
            Value::Type(kind) => {
                let _ = write!(out, "<type '{}'>", kind.name());
            }
            Value::Class(class) => {
                let _ = write!(out, "<class '__main__.{}'>", class.name);
            }
            Value::Instance(instance) => {
                if let Some(interpreter) = self.interpreter.as_deref_mut() {
                    if instance.class.lookup("__repr__").is_some() {
                        let result = interpreter.call_method(
                            value.clone(),
                            "__repr__",
                            Vec::new(),
                            Vec::new(),
                            interpreter.call_span,
                        )?;
                        return match result {
                            Value::Str(text) | Value::Unicode(text) => {
                                out.push_str(&text);
                                Ok(())
                            }
                            other => Err(PyException::type_error(format!(
                                "__repr__ returned non-string (type {})",
                                other.type_name()
                            ))),
                        };
                    }
                }
                if instance.class.exception.is_some() {
                    let args = instance.dict.borrow().get("args").cloned();
                    out.push_str(&instance.class.name);
                    match args {
                        Some(args @ Value::Tuple(_)) => self.repr(out, &args, depth + 1)?,
                        _ => out.push_str("()"),
                    }
                } else {
                    let _ = write!(out, "<__main__.{} object>", instance.class.name);
                }
            }
            Value::Module(module) => {
                let _ = write!(out, "<module '{}' (built-in)>", module.name);
            }
            Value::Native(native) => self.native(out, native, depth)?,
            Value::Foreign(foreign) => out.push_str(&foreign.repr()),
            Value::Ellipsis => out.push_str("Ellipsis"),
        }
        Ok(())
    }

    fn native(&mut self, out: &mut String, native: &Native, depth: usize) -> PyResult<()> {
        match native {
            Native::Environ => {
                let entries = match self.interpreter.as_deref_mut() {
                    Some(interpreter) => interpreter.read_env_all()?,
                    None => Vec::new(),
                };
                out.push('{');
                for (index, (name, value)) in entries.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&quote_str(name, false));
                    out.push_str(": ");
                    out.push_str(&quote_str(value, false));
                }
                out.push('}');
            }
            Native::File(file) => {
                let _ = write!(out, "<open file '{}', mode 'r'>", file.borrow().name);
            }
            Native::Stream(name) => {
                let _ = write!(out, "<open file '<{name}>', mode 'w'>");
            }
            Native::Partial { func, .. } => {
                out.push_str("functools.partial(");
                self.repr(out, func, depth + 1)?;
                out.push(')');
            }
            Native::ClassMethod(_) => out.push_str("<classmethod object>"),
            Native::StaticMethod(_) => out.push_str("<staticmethod object>"),
            Native::Property(_) => out.push_str("<property object>"),
            Native::BoundMethod { receiver, name } => {
                let _ = write!(
                    out,
                    "<built-in method {name} of {} object>",
                    receiver.type_name()
                );
            }
            Native::TypeMethod { kind, name } => {
                let _ = write!(out, "<method '{name}' of '{}' objects>", kind.name());
            }
            Native::Template(_) => out.push_str("<string.Template object>"),
            Native::Hash { algorithm, .. } => {
                let _ = write!(out, "<{algorithm} HASH object>");
            }
            Native::Super { class, .. } => {
                let _ = write!(out, "<super: <class '{}'>>", class.name);
            }
        }
        Ok(())
    }

    fn sequence(
        &mut self,
        out: &mut String,
        container: &Value,
        items: &[Value],
        open: &str,
        close: &str,
        depth: usize,
    ) -> PyResult<()> {
        let id = identity(container).unwrap_or(0);
        if self.seen.contains(&id) {
            let _ = write!(out, "{open}...{close}");
            return Ok(());
        }
        self.seen.push(id);
        self.charge(items.len())?;
        out.push_str(open);
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                out.push_str(", ");
            }
            self.repr(out, item, depth + 1)?;
        }
        out.push_str(close);
        self.seen.pop();
        Ok(())
    }

    fn charge(&mut self, work: usize) -> PyResult<()> {
        match self.interpreter.as_deref_mut() {
            Some(interpreter) => interpreter.charge(work),
            None => Ok(()),
        }
    }
}

impl Interpreter<'_> {
    /// `repr(value)`.
    pub(crate) fn repr_value(&mut self, value: &Value) -> PyResult<String> {
        self.check_stack("")?;
        let mut out = String::new();
        Printer {
            interpreter: Some(self),
            seen: Vec::new(),
        }
        .repr(&mut out, value, 0)?;
        self.alloc_str(out.len())?;
        Ok(out)
    }

    /// `str(value)`.
    pub(crate) fn str_value(&mut self, value: &Value) -> PyResult<String> {
        if let Some(class) = value.subclass() {
            if class.lookup("__str__").is_some() {
                let result = self.call_method(
                    value.clone(),
                    "__str__",
                    Vec::new(),
                    Vec::new(),
                    self.call_span,
                )?;
                return Ok(result.as_str().unwrap_or("").to_string());
            }
        }
        match value {
            Value::Str(text) | Value::Unicode(text) => Ok(text.to_string()),
            Value::Long(number) => Ok(number.to_string()),
            Value::Float(number) => Ok(python2_float_str(*number)),
            Value::Foreign(foreign) => Ok(foreign.to_str()),
            Value::Instance(instance) => {
                if instance.class.lookup("__str__").is_some() {
                    let result = self.call_method(
                        value.clone(),
                        "__str__",
                        Vec::new(),
                        Vec::new(),
                        self.call_span,
                    )?;
                    return match result {
                        Value::Str(text) | Value::Unicode(text) => Ok(text.to_string()),
                        other => Err(PyException::type_error(format!(
                            "__str__ returned non-string (type {})",
                            other.type_name()
                        ))),
                    };
                }
                if instance.class.exception.is_some() {
                    let args = instance.dict.borrow().get("args").cloned();
                    return match args {
                        Some(Value::Tuple(args)) => match args.items.as_slice() {
                            [] => Ok(String::new()),
                            // KeyError shows its key's repr.
                            [single]
                                if instance.class.exception.is_some_and(|kind| {
                                    kind.is_subtype_of(super::errors::ExcType::KeyError)
                                }) =>
                            {
                                self.repr_value(single)
                            }
                            [single] => self.str_value(single),
                            _ => self.repr_value(&Value::Tuple(Rc::clone(&args))),
                        },
                        _ => Ok(String::new()),
                    };
                }
                self.repr_value(value)
            }
            _ => self.repr_value(value),
        }
    }

    /// `str(value)` as a value (keeping `unicode` as `unicode`).
    pub(crate) fn str_of(&mut self, value: &Value) -> PyResult<Value> {
        match value {
            Value::Str(_) | Value::Unicode(_) => Ok(value.clone()),
            _ => Ok(Value::str(self.str_value(value)?)),
        }
    }
}

/// Builtins that are types in Python 2.7 (their `repr` says so), though the evaluator
/// implements them as functions.
const BUILTIN_TYPES: &[&str] = &[
    "enumerate",
    "reversed",
    "classmethod",
    "staticmethod",
    "property",
    "super",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_is_shortest_round_trip() {
        let repr = python2_float_repr;
        assert_eq!(repr(0.1), "0.1");
        assert_eq!(repr(1.0), "1.0");
        assert_eq!(repr(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(repr(1e16), "1e+16");
        assert_eq!(repr(1e15), "1000000000000000.0");
        assert_eq!(repr(1e-5), "1e-05");
        assert_eq!(repr(0.0001), "0.0001");
        assert_eq!(repr(-2.5e-7), "-2.5e-07");
        assert_eq!(repr(f64::INFINITY), "inf");
    }

    #[test]
    fn float_str_has_twelve_significant_digits() {
        let str = python2_float_str;
        assert_eq!(str(0.1 + 0.2), "0.3");
        assert_eq!(str(1.0), "1.0");
        assert_eq!(str(1e12), "1e+12");
        assert_eq!(str(123456.789), "123456.789");
        assert_eq!(str(1.0 / 3.0), "0.333333333333");
        assert_eq!(str(-0.5), "-0.5");
        // Twelve digits before the point already take the exponent (Python 2.7).
        assert_eq!(str(123456789012.0), "1.23456789012e+11");
        assert_eq!(str(12345678901.0), "12345678901.0");
    }

    #[test]
    fn format_g_e_f() {
        assert_eq!(format_g(0.0001, 6, false), "0.0001");
        assert_eq!(format_g(0.00001, 6, false), "1e-05");
        assert_eq!(format_g(123456789.0, 6, false), "1.23457e+08");
        assert_eq!(format_g(2.5, 6, true), "2.50000");
        assert_eq!(format_e(1234.5, 2), "1.23e+03");
        assert_eq!(format_f(2.675, 2), "2.67");
        assert_eq!(format_f(1.5, 0), "2");
    }

    #[test]
    fn strings_quote_like_python_2() {
        assert_eq!(quote_str("it's", false), "\"it's\"");
        assert_eq!(quote_str("a'b\"c", false), "'a\\'b\"c'");
        assert_eq!(quote_str("é", false), "'\\xc3\\xa9'");
        assert_eq!(quote_str("é", true), "u'\\xe9'");
        assert_eq!(quote_str("tab\t", false), "'tab\\t'");
    }
}
