//! `json.dumps(value)` with Python 2.7's defaults, for the values pystachio's `get()` returns:
//! what real Aurora writes as the executor data and prints for `inspect --write-json`.
//!
//! Defaults matter because the output is compared byte for byte: `", "` and `": "` as
//! separators, `ensure_ascii` (every non-ASCII character as `\uXXXX`, astral ones as a
//! surrogate pair), floats as `repr()`, dict keys in the order given.

use crate::pystachio::{python2_float_repr, PyValue};

/// Serializes `value`, or names the first value JSON cannot hold, as Python's `TypeError`.
pub fn dumps(value: &PyValue) -> Result<String, String> {
    let mut out = String::new();
    write_value(&mut out, value, 0)?;
    Ok(out)
}

/// Nesting deeper than this is not a config anyone wrote; stop before the stack does.
const MAX_DEPTH: usize = 200;

fn write_value(out: &mut String, value: &PyValue, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("ValueError: Circular reference detected".into());
    }
    match value {
        PyValue::None => out.push_str("null"),
        PyValue::Bool(true) => out.push_str("true"),
        PyValue::Bool(false) => out.push_str("false"),
        PyValue::Int(i) => out.push_str(&i.to_string()),
        PyValue::Float(f) => out.push_str(&float_text(*f)),
        PyValue::Str(s) => write_str(out, s),
        PyValue::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, depth + 1)?;
            }
            out.push(']');
        }
        PyValue::Dict(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_str(out, &key_text(key)?);
                out.push_str(": ");
                write_value(out, item, depth + 1)?;
            }
            out.push('}');
        }
        other => {
            let repr = other.repr().unwrap_or_else(|_| other.type_name());
            return Err(format!("TypeError: {repr} is not JSON serializable"));
        }
    }
    Ok(())
}

/// Python's `float.__repr__`, with JSON's names for the non-finite values.
fn float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        python2_float_repr(f)
    }
}

/// Dict keys become strings the way `json.dumps` converts them.
fn key_text(key: &PyValue) -> Result<String, String> {
    Ok(match key {
        PyValue::Str(s) => s.to_string(),
        PyValue::Int(i) => i.to_string(),
        PyValue::Float(f) => float_text(*f),
        PyValue::Bool(true) => "true".into(),
        PyValue::Bool(false) => "false".into(),
        PyValue::None => "null".into(),
        _ => return Err("TypeError: keys must be a string".into()),
    })
}

fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::dumps;
    use crate::pystachio::PyValue;

    fn dict(entries: Vec<(&str, PyValue)>) -> PyValue {
        PyValue::Dict(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// Expected texts are CPython 2.7's `json.dumps` of the same values.
    #[test]
    fn matches_python_json_dumps() {
        let value = dict(vec![
            ("name", "hello".into()),
            ("cpu", PyValue::Float(1.0)),
            ("ram", PyValue::Int(1048576)),
            ("tiny", PyValue::Float(1e-05)),
            (
                "flags",
                PyValue::List(vec![true.into(), false.into(), PyValue::None]),
            ),
            ("empty", PyValue::List(vec![])),
            ("nested", dict(vec![])),
        ]);
        assert_eq!(
            dumps(&value).unwrap(),
            r#"{"name": "hello", "cpu": 1.0, "ram": 1048576, "tiny": 1e-05, "flags": [true, false, null], "empty": [], "nested": {}}"#
        );
    }

    #[test]
    fn escapes_like_python_with_ensure_ascii() {
        let text: PyValue = "q\"b\\n\n\t\u{1}\u{7f}é€😀/".into();
        assert_eq!(
            dumps(&text).unwrap(),
            r#""q\"b\\n\n\t\u0001\u007f\u00e9\u20ac\ud83d\ude00/""#
        );
    }

    #[test]
    fn non_string_keys_become_strings() {
        let value = PyValue::Dict(vec![
            (PyValue::Int(1), PyValue::Int(2)),
            (PyValue::Bool(true), PyValue::Float(f64::INFINITY)),
        ]);
        assert_eq!(dumps(&value).unwrap(), r#"{"1": 2, "true": Infinity}"#);
    }
}
