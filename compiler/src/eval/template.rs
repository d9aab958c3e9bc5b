//! `string.Template`: `$name` and `${name}` substitution, as Python 2.7 does it.

use std::rc::Rc;

use super::call::Args;
use super::errors::{ExcType, PyException};
use super::interp::Interpreter;
use crate::value::{Native, PyResult, Value};

/// The methods of a `Template`.
pub(crate) const TEMPLATE_METHODS: &[&str] = &["substitute", "safe_substitute"];

/// `string.Template(template)`.
pub(crate) fn template_new(_: &mut Interpreter, mut args: Args) -> PyResult<Value> {
    let template = args.take(0, "template");
    args.no_keywords_left("__init__")?;
    match (template, args.positional.len()) {
        (Some(template), 0 | 1) => Ok(Value::Native(Rc::new(Native::Template(template)))),
        (None, _) => Err(PyException::type_error(
            "__init__() takes exactly 2 arguments (1 given)",
        )),
        (Some(_), given) => Err(PyException::type_error(format!(
            "__init__() takes exactly 2 arguments ({} given)",
            given + 1
        ))),
    }
}

/// One `$` of a template and what follows it.
enum Placeholder<'t> {
    /// `$$`.
    Escaped,
    /// `$name`.
    Named(&'t str),
    /// `${name}`.
    Braced(&'t str),
    /// A `$` followed by nothing Python reads as a placeholder.
    Invalid,
}

/// The length of an identifier (`[_a-z][_a-z0-9]*`, any case) at the start of `text`.
fn identifier_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    if !bytes
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
    {
        return 0;
    }
    bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count()
}

/// The placeholder after the `$` ending `text[..at]`, and the offset after it.
fn placeholder(text: &str, at: usize) -> (Placeholder<'_>, usize) {
    let rest = &text[at..];
    if rest.starts_with('$') {
        return (Placeholder::Escaped, at + 1);
    }
    let len = identifier_len(rest);
    if len > 0 {
        return (Placeholder::Named(&rest[..len]), at + len);
    }
    if let Some(braced) = rest.strip_prefix('{') {
        let len = identifier_len(braced);
        if len > 0 && braced[len..].starts_with('}') {
            return (Placeholder::Braced(&braced[..len]), at + len + 2);
        }
    }
    (Placeholder::Invalid, at)
}

/// Python's message for a `$` that starts no placeholder; `at` is just after it.
fn invalid_placeholder(text: &str, at: usize, unicode: bool) -> Box<PyException> {
    let before = &text[..at];
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = 1 + before.matches('\n').count() + before.matches('\r').count()
        - before.matches("\r\n").count();
    let count = |part: &str| {
        if unicode {
            part.chars().count()
        } else {
            part.len()
        }
    };
    PyException::value_error(format!(
        "Invalid placeholder in string: line {line}, col {}",
        count(&before[line_start..])
    ))
}

/// Methods of `Template` objects.
pub(crate) fn template_method(
    interp: &mut Interpreter,
    native: &Rc<Native>,
    name: &str,
    mut args: Args,
) -> Option<PyResult<Value>> {
    let Native::Template(template) = &**native else {
        return None;
    };
    let safe = match name {
        "substitute" => false,
        "safe_substitute" => true,
        _ => return None,
    };
    Some((|| {
        if args.positional.len() > 1 {
            return Err(PyException::type_error("Too many positional arguments"));
        }
        let mapping = args.positional.pop();
        let keywords = std::mem::take(&mut args.keywords);
        let text = template
            .as_str()
            .ok_or_else(|| PyException::type_error("expected string or buffer"))?;
        let mut unicode = matches!(template, Value::Unicode(_));
        let mut out = String::with_capacity(text.len());
        let mut literal = 0;
        while let Some(offset) = text[literal..].find('$') {
            let dollar = literal + offset;
            out.push_str(&text[literal..dollar]);
            let (found, end) = placeholder(text, dollar + 1);
            let key = match found {
                Placeholder::Escaped => {
                    out.push('$');
                    literal = end;
                    continue;
                }
                Placeholder::Invalid if safe => {
                    out.push('$');
                    literal = end;
                    continue;
                }
                Placeholder::Invalid => return Err(invalid_placeholder(text, dollar + 1, unicode)),
                Placeholder::Named(key) | Placeholder::Braced(key) => key,
            };
            // Keywords first, then the mapping.
            let value = match keywords.iter().find(|(name, _)| &**name == key) {
                Some((_, value)) => Ok(value.clone()),
                None => match &mapping {
                    Some(mapping) => interp.get_item(mapping, &Value::str(key)),
                    None => Err(PyException::key_error(Value::str(key))),
                },
            };
            match value {
                Ok(value) => {
                    unicode |= matches!(value, Value::Unicode(_));
                    let piece = interp.str_value(&value)?;
                    interp.alloc_str(out.len() + piece.len())?;
                    out.push_str(&piece);
                }
                Err(error) if safe && error.exc_type == ExcType::KeyError => {
                    out.push_str(&text[dollar..end]);
                }
                Err(error) => return Err(error),
            }
            literal = end;
        }
        out.push_str(&text[literal..]);
        Ok(if unicode {
            Value::Unicode(out.into())
        } else {
            Value::Str(out.into())
        })
    })())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_dollar_names_braced_names_and_double_dollars() {
        assert!(matches!(placeholder("$a", 1), (Placeholder::Named("a"), 2)));
        assert!(matches!(
            placeholder("$_x9 y", 1),
            (Placeholder::Named("_x9"), 4)
        ));
        assert!(matches!(
            placeholder("${ab}c", 1),
            (Placeholder::Braced("ab"), 5)
        ));
        assert!(matches!(placeholder("$$", 1), (Placeholder::Escaped, 2)));
        assert!(matches!(placeholder("${a", 1), (Placeholder::Invalid, 1)));
        assert!(matches!(placeholder("$1", 1), (Placeholder::Invalid, 1)));
    }

    #[test]
    fn an_invalid_placeholder_is_placed_by_line_and_column() {
        let message = |text: &str, at| invalid_placeholder(text, at, false).message;
        assert_eq!(
            message("ab $", 4),
            "Invalid placeholder in string: line 1, col 4"
        );
        assert_eq!(
            message("x\n  $1", 5),
            "Invalid placeholder in string: line 2, col 3"
        );
    }
}
