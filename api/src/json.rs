//! JSON written the way Python's `json.dumps` writes it. Parsing and the value model are
//! serde_json's (with `float_roundtrip`, so floats are read correctly rounded, as Python's
//! `float()` reads them); no crate prints like Python: floats as `repr(float)`, keys sorted by
//! code point, Python's separators and escapes with non-ASCII text left raw.
//!
//! Where serde_json's model is narrower than Python's (the tests below pin each one): integers
//! beyond the i64/u64 range and `-0` are read as floats, and `NaN`/`Infinity` are not JSON.

use std::fmt::Write as _;

use serde_json::{Map, Value};

/// Parses a complete JSON text. serde_json refuses nesting deeper than 128 levels, which
/// bounds every recursive walk over the result (printing, decoding, dropping).
pub(crate) fn parse(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str(text)
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
pub(crate) fn to_pretty(value: &Value) -> String {
    let mut out = String::new();
    write_pretty(&mut out, value, 0);
    out.push('\n');
    out
}

/// `json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`: the text
/// set elements are ordered by.
pub(crate) fn to_compact(value: &Value) -> String {
    let mut out = String::new();
    write_flat(&mut out, value, ",", ":");
    out
}

/// `json.dumps(value, sort_keys=True, ensure_ascii=False)`: Python's default separators
/// (`", "` and `": "`), the way executor data is written back into a string.
pub(crate) fn to_python_default(value: &Value) -> String {
    let mut out = String::new();
    write_flat(&mut out, value, ", ", ": ");
    out
}

/// An object's entries by key in code point order, whatever order the map keeps.
fn sorted(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// Writes a scalar and returns true, or returns false for an array or object.
fn write_scalar(out: &mut String, value: &Value) -> bool {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // serde_json numbers are finite: `as_f64` is total on floats.
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => out.push_str(&python_float_repr(f)),
            _ => {
                let _ = write!(out, "{n}");
            }
        },
        Value::String(s) => write_string(out, s),
        Value::Array(_) | Value::Object(_) => return false,
    }
    true
}

fn write_flat(out: &mut String, value: &Value, item_sep: &str, key_sep: &str) {
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write_flat(out, item, item_sep, key_sep);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in sorted(map).into_iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write_string(out, key);
                out.push_str(key_sep);
                write_flat(out, item, item_sep, key_sep);
            }
            out.push('}');
        }
        scalar => {
            write_scalar(out, scalar);
        }
    }
}

fn write_pretty(out: &mut String, value: &Value, level: usize) {
    let newline = |out: &mut String, level: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', 2 * level));
    };
    match value {
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                write_pretty(out, item, level + 1);
            }
            newline(out, level);
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in sorted(map).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                write_string(out, key);
                out.push_str(": ");
                write_pretty(out, item, level + 1);
            }
            newline(out, level);
            out.push('}');
        }
        scalar => {
            write_scalar(out, scalar);
        }
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
    fn numbers_keep_python_s_int_float_distinction() {
        for (text, printed) in [
            ("1", "1"),
            ("1.0", "1.0"),
            ("1E2", "100.0"),
            ("-9223372036854775808", "-9223372036854775808"),
            ("18446744073709551615", "18446744073709551615"),
            ("0.1", "0.1"),
            ("2.5e-5", "2.5e-05"),
            // Correctly rounded (serde_json's `float_roundtrip`), as Python's `float()`.
            ("2.2250738585072011e-308", "2.225073858507201e-308"),
            ("9007199254740993", "9007199254740993"),
            ("9007199254740993.0", "9007199254740992.0"),
        ] {
            assert_eq!(to_compact(&parse(text).unwrap()), printed, "{text}");
        }
        assert_eq!(
            to_compact(&parse("\"\\ud83d\\ude00\"").unwrap()),
            "\"\u{1F600}\""
        );
    }

    /// Python reads these as `int`s and `float`s that serde_json cannot represent.
    #[test]
    fn narrower_than_python() {
        // FIXME: Python keeps `-0` and integers of any size as ints (`0`,
        // `18446744073709551616`); serde_json reads them as floats.
        assert_eq!(to_compact(&parse("-0").unwrap()), "-0.0");
        assert_eq!(
            to_compact(&parse("18446744073709551616").unwrap()),
            "1.8446744073709552e+19"
        );
        // FIXME: Python reads `NaN`, `Infinity`, `-Infinity` and `1e400` (as inf); they are
        // not JSON and serde_json refuses them.
        for text in ["NaN", "Infinity", "-Infinity", "1e400"] {
            assert!(parse(text).is_err(), "{text:?}");
        }
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
            "\"\u{1}\"",
        ] {
            assert!(parse(text).is_err(), "{text:?} should not parse");
        }
        let deep = "[".repeat(129) + &"]".repeat(129);
        assert!(parse(&deep)
            .unwrap_err()
            .to_string()
            .contains("recursion limit"));
    }

    #[test]
    fn duplicate_keys_keep_the_last() {
        assert_eq!(
            to_compact(&parse(r#"{"a": 1, "a": 2}"#).unwrap()),
            "{\"a\":2}"
        );
    }
}
