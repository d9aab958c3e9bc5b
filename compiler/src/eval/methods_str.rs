//! Methods of `str` and `unicode`.

use super::call::Args;
use super::errors::{ExcType, PyException};
use super::interp::Interpreter;
use super::number;
use super::ops::string_like;
use crate::value::{PyResult, Value};

/// Every method `str` has here (kept in sync with [`call`]).
pub(crate) const STR_METHODS: &[&str] = &[
    "join",
    "split",
    "rsplit",
    "strip",
    "lstrip",
    "rstrip",
    "replace",
    "format",
    "startswith",
    "endswith",
    "upper",
    "lower",
    "title",
    "capitalize",
    "swapcase",
    "find",
    "rfind",
    "index",
    "rindex",
    "count",
    "splitlines",
    "zfill",
    "ljust",
    "rjust",
    "center",
    "partition",
    "rpartition",
    "isdigit",
    "isalpha",
    "isalnum",
    "isspace",
    "islower",
    "isupper",
    "istitle",
    "isnumeric",
    "isdecimal",
    "expandtabs",
    "encode",
    "decode",
];

/// Calls `receiver.name(args)`; `None` when `str` has no such method.
pub(crate) fn call(
    interp: &mut Interpreter,
    receiver: &Value,
    name: &str,
    args: Args,
) -> Option<PyResult<Value>> {
    let text = receiver.as_str()?;
    let unicode = matches!(receiver, Value::Unicode(_));
    let same = |s: String| -> Value {
        if unicode {
            Value::Unicode(s.into())
        } else {
            Value::Str(s.into())
        }
    };
    let result = (|| -> PyResult<Value> {
        Ok(match name {
            "join" => {
                args.expect(name, 1, 1)?;
                return join(interp, receiver, text, &args.positional[0]);
            }
            "split" | "rsplit" => {
                let mut args = args;
                let separator = args.take(0, "sep");
                let limit = args.take(1, "maxsplit");
                let limit = match limit {
                    Some(limit) => int_arg(&limit)?,
                    None => -1,
                };
                let separator = optional_str(separator.as_ref(), name)?;
                let parts = split(text, separator.as_deref(), limit, name == "rsplit")?;
                interp.alloc_items(parts.len())?;
                Value::list(parts.into_iter().map(&same).collect())
            }
            "strip" | "lstrip" | "rstrip" => {
                args.expect(name, 0, 1)?;
                let chars = optional_str(args.positional.first(), name).map_err(|_| {
                    PyException::type_error(format!("{name} arg must be None, str or unicode"))
                })?;
                let matcher = |c: char| match &chars {
                    Some(chars) => chars.contains(c),
                    None => c.is_whitespace(),
                };
                same(
                    match name {
                        "strip" => text.trim_matches(matcher),
                        "lstrip" => text.trim_start_matches(matcher),
                        _ => text.trim_end_matches(matcher),
                    }
                    .to_string(),
                )
            }
            "replace" => {
                args.expect(name, 2, 3)?;
                let old = str_arg(&args.positional[0], name)?;
                let new = str_arg(&args.positional[1], name)?;
                let count = match args.positional.get(2) {
                    Some(count) => int_arg(count)?,
                    None => -1,
                };
                let occurrences = if old.is_empty() {
                    text.chars().count() + 1
                } else {
                    text.matches(old.as_str()).count()
                };
                let occurrences = if count >= 0 {
                    occurrences.min(count as usize)
                } else {
                    occurrences
                };
                let size =
                    (text.len() + occurrences * new.len()).saturating_sub(occurrences * old.len());
                interp.alloc_str(size)?;
                let replaced = if count < 0 {
                    text.replace(old.as_str(), &new)
                } else {
                    text.replacen(old.as_str(), &new, count as usize)
                };
                let joined = string_like(receiver, &args.positional[1], replaced);
                return Ok(joined);
            }
            "format" => return interp.str_format(receiver, &args.positional, &args.keywords),
            "startswith" | "endswith" => {
                args.expect(name, 1, 3)?;
                let (start, end) =
                    char_range(text, args.positional.get(1), args.positional.get(2))?;
                let window = &text[start..end];
                let candidates = match &args.positional[0] {
                    Value::Tuple(tuple) => tuple.items.clone(),
                    other => vec![other.clone()],
                };
                let mut found = false;
                for candidate in &candidates {
                    let affix = candidate.as_str().ok_or_else(|| {
                        PyException::type_error(format!(
                            "{name} first arg must be str, unicode, or tuple, not {}",
                            candidate.type_name()
                        ))
                    })?;
                    if (name == "startswith" && window.starts_with(affix))
                        || (name == "endswith" && window.ends_with(affix))
                    {
                        found = true;
                    }
                }
                Value::Bool(found)
            }
            "upper" | "lower" | "swapcase" | "title" | "capitalize" => {
                args.expect(name, 0, 0)?;
                same(change_case(text, name, unicode))
            }
            "find" | "rfind" | "index" | "rindex" | "count" => {
                args.expect(name, 1, 3)?;
                let needle = str_arg(&args.positional[0], name)?;
                let (start, end) =
                    char_range(text, args.positional.get(1), args.positional.get(2))?;
                let window = &text[start..end];
                interp.charge(window.len())?;
                if name == "count" {
                    let count = if needle.is_empty() {
                        window.chars().count() + 1
                    } else {
                        window.matches(needle.as_str()).count()
                    };
                    return Ok(Value::Int(count as i64));
                }
                let found = if name.starts_with('r') {
                    window.rfind(needle.as_str())
                } else {
                    window.find(needle.as_str())
                };
                match found {
                    Some(offset) => Value::Int(text[..start + offset].chars().count() as i64),
                    None if name.ends_with("index") => {
                        return Err(PyException::value_error("substring not found"))
                    }
                    None => Value::Int(-1),
                }
            }
            "splitlines" => {
                args.expect(name, 0, 1)?;
                let keep = match args.positional.first() {
                    Some(value) => interp.truthy(value)?,
                    None => false,
                };
                let lines = split_lines(text, keep);
                interp.alloc_items(lines.len())?;
                Value::list(lines.into_iter().map(&same).collect())
            }
            "zfill" => {
                args.expect(name, 1, 1)?;
                let width = width_arg(interp, &args.positional[0])?;
                let len = text.chars().count();
                if len >= width {
                    same(text.to_string())
                } else {
                    let (sign, digits) = match text.chars().next() {
                        Some(sign @ ('+' | '-')) => (sign.to_string(), &text[1..]),
                        _ => (String::new(), text),
                    };
                    same(format!("{sign}{}{digits}", "0".repeat(width - len)))
                }
            }
            "ljust" | "rjust" | "center" => {
                args.expect(name, 1, 2)?;
                let width = width_arg(interp, &args.positional[0])?;
                let fill = match args.positional.get(1) {
                    Some(fill) => {
                        let not_char = || {
                            PyException::type_error(format!(
                                "{name}() argument 2 must be char, not {}",
                                fill.type_name()
                            ))
                        };
                        let fill = fill.as_str().ok_or_else(not_char)?;
                        let mut chars = fill.chars();
                        match (chars.next(), chars.next()) {
                            (Some(ch), None) => ch,
                            _ => return Err(not_char()),
                        }
                    }
                    None => ' ',
                };
                same(justify(text, name, width, fill))
            }
            "partition" | "rpartition" => {
                args.expect(name, 1, 1)?;
                let separator = str_arg(&args.positional[0], name)?;
                if separator.is_empty() {
                    return Err(PyException::value_error("empty separator"));
                }
                let found = if name == "partition" {
                    text.find(separator.as_str())
                } else {
                    text.rfind(separator.as_str())
                };
                let parts = match found {
                    Some(at) => [
                        text[..at].to_string(),
                        separator.clone(),
                        text[at + separator.len()..].to_string(),
                    ],
                    None if name == "partition" => [text.to_string(), String::new(), String::new()],
                    None => [String::new(), String::new(), text.to_string()],
                };
                Value::tuple(parts.into_iter().map(&same).collect())
            }
            "isdigit" | "isalpha" | "isalnum" | "isspace" | "islower" | "isupper" | "istitle"
            | "isnumeric" | "isdecimal" => {
                args.expect(name, 0, 0)?;
                Value::Bool(classify(text, name))
            }
            "expandtabs" => {
                args.expect(name, 0, 1)?;
                let size = match args.positional.first() {
                    Some(size) => width_arg(interp, size)?,
                    None => 8,
                };
                let tabs = text.matches('\t').count();
                interp.alloc_str(text.len() + tabs * size)?;
                same(expand_tabs(text, size))
            }
            "encode" | "decode" => {
                args.expect_positional(name, 0, 2)?;
                let encoding = match args.positional.first() {
                    Some(encoding) => encoding
                        .as_str()
                        .ok_or_else(|| {
                            PyException::type_error(format!(
                                "{name}() argument 1 must be string, not {}",
                                encoding.type_name()
                            ))
                        })?
                        .to_ascii_lowercase()
                        .replace('_', "-"),
                    None => "ascii".to_string(),
                };
                match encoding.as_str() {
                    "utf-8" | "utf8" | "ascii" | "latin-1" | "latin1" | "us-ascii" => {}
                    "hex" | "hex-codec" | "base64" | "base64-codec" => {
                        interp.charge(text.len())?;
                        return super::codecs::bytes_codec(&encoding, name == "encode", text)
                            .map(Value::str);
                    }
                    other => {
                        return Err(PyException::new(
                            ExcType::LookupError,
                            format!("unknown encoding: {other}"),
                        ))
                    }
                }
                if encoding.contains("ascii") && !text.is_ascii() {
                    let kind = if name == "encode" {
                        ExcType::UnicodeEncodeError
                    } else {
                        ExcType::UnicodeDecodeError
                    };
                    return Err(PyException::new(
                        kind,
                        format!("'ascii' codec can't {name} characters: ordinal not in range(128)"),
                    ));
                }
                if name == "encode" {
                    Value::Str(text.into())
                } else {
                    Value::Unicode(text.into())
                }
            }
            _ => return Err(PyException::attribute_error(String::new())),
        })
    })();
    match result {
        Err(error) if error.exc_type == ExcType::AttributeError && error.message.is_empty() => None,
        other => Some(other),
    }
}

/// A string argument; Python 2.7 refuses others as not being a buffer.
fn str_arg(value: &Value, _method: &str) -> PyResult<String> {
    value.as_str().map(str::to_string).ok_or_else(|| {
        PyException::type_error("expected a string or other character buffer object")
    })
}

fn optional_str(value: Option<&Value>, method: &str) -> PyResult<Option<String>> {
    match value {
        None | Some(Value::None) => Ok(None),
        Some(value) => str_arg(value, method).map(Some),
    }
}

fn int_arg(value: &Value) -> PyResult<i64> {
    number::as_i64(value).ok_or_else(|| PyException::type_error("an integer is required"))
}

fn width_arg(interp: &mut Interpreter, value: &Value) -> PyResult<usize> {
    let width = int_arg(value)?.max(0) as usize;
    interp.alloc_str(width)?;
    Ok(width)
}

/// Byte offsets of the `start:end` character window (slice semantics).
fn char_range(text: &str, start: Option<&Value>, end: Option<&Value>) -> PyResult<(usize, usize)> {
    let len = text.chars().count() as i64;
    let bound = |value: Option<&Value>, default: i64| -> PyResult<i64> {
        let index = match value {
            None | Some(Value::None) => return Ok(default),
            Some(value) => int_arg(value)?,
        };
        Ok(if index < 0 {
            (index + len).max(0)
        } else {
            index.min(len)
        })
    };
    let start = bound(start, 0)?;
    let end = bound(end, len)?.max(start);
    let offset = |index: i64| -> usize {
        if text.is_ascii() {
            index as usize
        } else {
            text.char_indices()
                .nth(index as usize)
                .map_or(text.len(), |(offset, _)| offset)
        }
    };
    Ok((offset(start), offset(end)))
}

fn join(
    interp: &mut Interpreter,
    receiver: &Value,
    separator: &str,
    items: &Value,
) -> PyResult<Value> {
    let items = interp.collect_values(items)?;
    let mut size = separator.len() * items.len().saturating_sub(1);
    let mut unicode = matches!(receiver, Value::Unicode(_));
    for (index, item) in items.iter().enumerate() {
        match item {
            Value::Str(text) => size += text.len(),
            Value::Unicode(text) => {
                size += text.len();
                unicode = true;
            }
            other => {
                return Err(PyException::type_error(format!(
                    "sequence item {index}: expected string, {} found",
                    other.type_name()
                )))
            }
        }
    }
    interp.alloc_str(size)?;
    let mut out = String::with_capacity(size);
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push_str(separator);
        }
        out.push_str(item.as_str().unwrap_or(""));
    }
    Ok(if unicode {
        Value::Unicode(out.into())
    } else {
        Value::Str(out.into())
    })
}

/// `str.split` / `str.rsplit`.
fn split(
    text: &str,
    separator: Option<&str>,
    limit: i64,
    from_right: bool,
) -> PyResult<Vec<String>> {
    let limit = if limit < 0 {
        usize::MAX
    } else {
        limit as usize
    };
    match separator {
        Some("") => Err(PyException::value_error("empty separator")),
        Some(separator) => Ok(if from_right {
            let mut parts: Vec<String> = text
                .rsplitn(limit.saturating_add(1), separator)
                .map(str::to_string)
                .collect();
            parts.reverse();
            parts
        } else {
            text.splitn(limit.saturating_add(1), separator)
                .map(str::to_string)
                .collect()
        }),
        None => {
            let mut parts = Vec::new();
            if from_right {
                let mut rest = text.trim_end();
                while !rest.is_empty() {
                    if parts.len() == limit {
                        parts.push(rest.to_string());
                        break;
                    }
                    let cut = rest.rfind(char::is_whitespace).map_or(0, |at| {
                        at + rest[at..].chars().next().map_or(1, char::len_utf8)
                    });
                    parts.push(rest[cut..].to_string());
                    rest = rest[..cut].trim_end();
                }
                parts.reverse();
            } else {
                let mut rest = text.trim_start();
                while !rest.is_empty() {
                    if parts.len() == limit {
                        parts.push(rest.to_string());
                        break;
                    }
                    let cut = rest.find(char::is_whitespace).unwrap_or(rest.len());
                    parts.push(rest[..cut].to_string());
                    rest = rest[cut..].trim_start();
                }
            }
            Ok(parts)
        }
    }
}

fn split_lines(text: &str, keep_ends: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let end_len = match bytes[index] {
            b'\r' if bytes.get(index + 1) == Some(&b'\n') => 2,
            b'\n' | b'\r' | 0x0b | 0x0c => 1,
            _ => 0,
        };
        if end_len > 0 {
            let end = if keep_ends { index + end_len } else { index };
            lines.push(text[start..end].to_string());
            index += end_len;
            start = index;
        } else {
            index += 1;
        }
    }
    if start < text.len() {
        lines.push(text[start..].to_string());
    }
    lines
}

fn change_case(text: &str, how: &str, unicode: bool) -> String {
    let upper = |c: char| -> String {
        if unicode {
            c.to_uppercase().collect()
        } else {
            c.to_ascii_uppercase().to_string()
        }
    };
    let lower = |c: char| -> String {
        if unicode {
            c.to_lowercase().collect()
        } else {
            c.to_ascii_lowercase().to_string()
        }
    };
    match how {
        "upper" => text.chars().map(upper).collect(),
        "lower" => text.chars().map(lower).collect(),
        // A `str`'s letters are the ASCII ones (Python 2's C locale).
        "swapcase" => text
            .chars()
            .map(|c| {
                let is_upper = if unicode {
                    c.is_uppercase()
                } else {
                    c.is_ascii_uppercase()
                };
                if is_upper {
                    lower(c)
                } else {
                    upper(c)
                }
            })
            .collect(),
        "capitalize" => {
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => upper(first) + &chars.map(lower).collect::<String>(),
                None => String::new(),
            }
        }
        _ => {
            let mut previous_cased = false;
            text.chars()
                .map(|c| {
                    let cased = if unicode {
                        c.is_alphabetic()
                    } else {
                        c.is_ascii_alphabetic()
                    };
                    let out = if !cased {
                        c.to_string()
                    } else if previous_cased {
                        lower(c)
                    } else {
                        upper(c)
                    };
                    previous_cased = cased;
                    out
                })
                .collect()
        }
    }
}

fn justify(text: &str, how: &str, width: usize, fill: char) -> String {
    let len = text.chars().count();
    if len >= width {
        return text.to_string();
    }
    let margin = width - len;
    let pad = |count: usize| fill.to_string().repeat(count);
    match how {
        "ljust" => format!("{text}{}", pad(margin)),
        "rjust" => format!("{}{text}", pad(margin)),
        _ => {
            // CPython: the extra character goes left when both margin and width are odd.
            let left = margin / 2 + (margin & width & 1);
            format!("{}{text}{}", pad(left), pad(margin - left))
        }
    }
}

fn classify(text: &str, how: &str) -> bool {
    if text.is_empty() {
        return false;
    }
    match how {
        "isdigit" | "isnumeric" | "isdecimal" => text
            .chars()
            .all(|c| c.is_ascii_digit() || (c.is_numeric() && !c.is_ascii())),
        "isalpha" => text.chars().all(char::is_alphabetic),
        "isalnum" => text.chars().all(char::is_alphanumeric),
        "isspace" => text.chars().all(char::is_whitespace),
        "islower" => text.chars().any(char::is_lowercase) && !text.chars().any(char::is_uppercase),
        "isupper" => text.chars().any(char::is_uppercase) && !text.chars().any(char::is_lowercase),
        _ => {
            let title = change_case(text, "title", true);
            title == text && text.chars().any(char::is_alphabetic)
        }
    }
}

pub(crate) fn expand_tabs(text: &str, size: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut column = 0;
    for ch in text.chars() {
        match ch {
            '\t' => {
                if size > 0 {
                    let spaces = size - column % size;
                    out.extend(std::iter::repeat_n(' ', spaces));
                    column += spaces;
                }
            }
            '\n' | '\r' => {
                out.push(ch);
                column = 0;
            }
            _ => {
                out.push(ch);
                column += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_follows_python() {
        assert_eq!(
            split("  a  b c ", None, -1, false).unwrap(),
            ["a", "b", "c"]
        );
        assert_eq!(split("a b c", None, 1, false).unwrap(), ["a", "b c"]);
        assert_eq!(split("a b c", None, 1, true).unwrap(), ["a b", "c"]);
        assert_eq!(
            split("a,b,,c", Some(","), -1, false).unwrap(),
            ["a", "b", "", "c"]
        );
        assert_eq!(split("a,b,c", Some(","), 1, true).unwrap(), ["a,b", "c"]);
        assert!(split("", None, -1, false).unwrap().is_empty());
    }

    #[test]
    fn center_matches_cpython() {
        assert_eq!(justify("a", "center", 4, '*'), "*a**");
        assert_eq!(justify("ab", "center", 5, '*'), "**ab*");
        assert_eq!(justify("abc", "center", 6, ' '), " abc  ");
    }

    #[test]
    fn title_and_lines() {
        assert_eq!(
            change_case("hello wORLD 2x", "title", false),
            "Hello World 2X"
        );
        assert_eq!(split_lines("a\nb\r\nc", false), ["a", "b", "c"]);
        assert_eq!(split_lines("a\n", true), ["a\n"]);
    }
}
