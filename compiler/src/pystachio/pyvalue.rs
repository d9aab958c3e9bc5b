//! `PyValue`: the plain Python values that cross between the evaluator and pystachio.

use std::cmp::Ordering;
use std::rc::Rc;

use super::ctx::Ctx;
use super::environment::Environment;
use super::error::{Error, Result};
use super::float::{python2_float_repr, python2_float_str};
use super::object::Object;
use super::types::Type;
use crate::py2hash::{float_hash, int_hash, str_hash, tuple_hash, Py2Table};

/// A Python value as pystachio sees it.
///
/// `List` stands for both lists and tuples. `Dict` lists entries in the order Python iterates
/// them (for Python 2 that is hash order, see [`super::Py2Table`]); dicts pystachio builds,
/// such as a Struct's `get()`, come back in Python 2's iteration order.
#[derive(Clone, Debug)]
pub enum PyValue {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An `int`.
    Int(i64),
    /// A `float`.
    Float(f64),
    /// A `str` or `unicode`.
    Str(Rc<str>),
    /// A list or tuple.
    List(Vec<PyValue>),
    /// A dict or frozendict, in iteration order.
    Dict(Vec<(PyValue, PyValue)>),
    /// A pystachio object.
    Object(Object),
    /// A pystachio type (a class such as `String` or `List(Integer)`).
    Type(Type),
    /// A pystachio `Environment`.
    Env(Environment),
    /// The `Empty` sentinel for an unset struct field.
    Empty,
    /// Any other value (function, module...): its Python type name and `repr()`.
    Other {
        /// `type(x).__name__`, e.g. `function`.
        type_name: String,
        /// `repr(x)`.
        repr: String,
    },
}

impl From<&str> for PyValue {
    fn from(s: &str) -> PyValue {
        PyValue::Str(s.into())
    }
}

impl From<String> for PyValue {
    fn from(s: String) -> PyValue {
        PyValue::Str(s.into())
    }
}

impl From<Rc<str>> for PyValue {
    fn from(s: Rc<str>) -> PyValue {
        PyValue::Str(s)
    }
}

impl From<i64> for PyValue {
    fn from(i: i64) -> PyValue {
        PyValue::Int(i)
    }
}

impl From<i32> for PyValue {
    fn from(i: i32) -> PyValue {
        PyValue::Int(i.into())
    }
}

impl From<f64> for PyValue {
    fn from(f: f64) -> PyValue {
        PyValue::Float(f)
    }
}

impl From<bool> for PyValue {
    fn from(b: bool) -> PyValue {
        PyValue::Bool(b)
    }
}

impl From<Object> for PyValue {
    fn from(o: Object) -> PyValue {
        PyValue::Object(o)
    }
}

impl From<Type> for PyValue {
    fn from(t: Type) -> PyValue {
        PyValue::Type(t)
    }
}

impl From<Environment> for PyValue {
    fn from(e: Environment) -> PyValue {
        PyValue::Env(e)
    }
}

impl<T: Into<PyValue>> From<Vec<T>> for PyValue {
    fn from(items: Vec<T>) -> PyValue {
        PyValue::List(items.into_iter().map(Into::into).collect())
    }
}

impl PyValue {
    /// A dict from `(key, value)` pairs in iteration order.
    pub fn dict<K: Into<PyValue>, V: Into<PyValue>>(entries: Vec<(K, V)>) -> PyValue {
        PyValue::Dict(
            entries
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    /// Python's truthiness (`bool(value)`); `Empty` is false.
    pub fn is_truthy(&self) -> bool {
        match self {
            PyValue::None | PyValue::Empty => false,
            PyValue::Bool(b) => *b,
            PyValue::Int(i) => *i != 0,
            PyValue::Float(f) => *f != 0.0,
            PyValue::Str(s) => !s.is_empty(),
            PyValue::List(items) => !items.is_empty(),
            PyValue::Dict(entries) => !entries.is_empty(),
            _ => true,
        }
    }

    /// The text of a `Str`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            PyValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// True for `str`/`unicode`.
    pub(crate) fn is_stringy(&self) -> bool {
        matches!(self, PyValue::Str(_))
    }

    /// True for `bool`, `int` and `float` (Python's `numbers.Real`).
    pub(crate) fn is_numeric(&self) -> bool {
        matches!(self, PyValue::Bool(_) | PyValue::Int(_) | PyValue::Float(_))
    }

    /// `type(x).__name__`.
    pub fn type_name(&self) -> String {
        match self {
            PyValue::None => "NoneType".into(),
            PyValue::Bool(_) => "bool".into(),
            PyValue::Int(_) => "int".into(),
            PyValue::Float(_) => "float".into(),
            PyValue::Str(_) => "str".into(),
            PyValue::List(_) => "list".into(),
            PyValue::Dict(_) => "dict".into(),
            PyValue::Object(o) => o.ty().name().into(),
            PyValue::Type(t) => t.metaclass_name().into(),
            PyValue::Env(_) => "Environment".into(),
            PyValue::Empty => "type".into(),
            PyValue::Other { type_name, .. } => type_name.clone(),
        }
    }

    /// Python 2's `str(type(x))`, e.g. `<type 'NoneType'>`.
    pub fn python_type_repr(&self) -> String {
        match self {
            PyValue::Object(o) => o.ty().repr(),
            PyValue::Type(t) => t.metaclass_repr().into(),
            PyValue::Env(_) => "<class 'pystachio.base.Environment'>".into(),
            other => format!("<type '{}'>", other.type_name()),
        }
    }

    /// Python 2's `repr(x)`.
    pub fn repr(&self) -> Result<String> {
        repr_value(self, &mut Ctx::new())
    }

    /// Python 2's `str(x)`.
    pub fn str(&self) -> Result<String> {
        str_value(self, &mut Ctx::new())
    }

    /// Python's `x == y`.
    pub fn py_eq(&self, other: &PyValue) -> Result<bool> {
        eq_value(self, other, &mut Ctx::new())
    }

    /// Python 2's `hash(x)` (lists hash as tuples, dicts as pystachio's frozendicts).
    pub fn py_hash(&self) -> Result<i64> {
        hash_value(self, &mut Ctx::new())
    }
}

/// The repr of `Empty`, which is a class.
pub(crate) const EMPTY_REPR: &str = "<class 'pystachio.composite.Empty'>";

pub(crate) fn repr_value(v: &PyValue, cx: &mut Ctx) -> Result<String> {
    Ok(match v {
        PyValue::None => "None".into(),
        PyValue::Bool(b) => if *b { "True" } else { "False" }.into(),
        PyValue::Int(i) => i.to_string(),
        PyValue::Float(f) => python2_float_repr(*f),
        PyValue::Str(s) => py2_str_repr(s, false),
        PyValue::List(items) => {
            let parts = items
                .iter()
                .map(|i| repr_value(i, cx))
                .collect::<Result<Vec<_>>>()?;
            format!("[{}]", parts.join(", "))
        }
        PyValue::Dict(entries) => {
            let mut parts = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                parts.push(format!("{}: {}", repr_value(k, cx)?, repr_value(v, cx)?));
            }
            format!("{{{}}}", parts.join(", "))
        }
        PyValue::Object(o) => o.repr_in(cx)?,
        PyValue::Type(t) => t.repr(),
        PyValue::Env(e) => e.repr_in(cx)?,
        PyValue::Empty => EMPTY_REPR.into(),
        PyValue::Other { repr, .. } => repr.clone(),
    })
}

pub(crate) fn str_value(v: &PyValue, cx: &mut Ctx) -> Result<String> {
    match v {
        PyValue::Str(s) => Ok(s.to_string()),
        PyValue::Float(f) => Ok(python2_float_str(*f)),
        PyValue::Object(o) => o.str_in(cx),
        other => repr_value(other, cx),
    }
}

/// The repr of a tuple of values, `(a,)` for one.
pub(crate) fn repr_tuple(items: &[PyValue], cx: &mut Ctx) -> Result<String> {
    let parts = items
        .iter()
        .map(|i| repr_value(i, cx))
        .collect::<Result<Vec<_>>>()?;
    Ok(if parts.len() == 1 {
        format!("({},)", parts[0])
    } else {
        format!("({})", parts.join(", "))
    })
}

/// Python 2's repr of a `str` (byte string, UTF-8) or, with `unicode`, of a `unicode`.
pub fn py2_str_repr(s: &str, unicode: bool) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 3);
    if unicode {
        out.push('u');
    }
    out.push(quote);
    let escape = |c: u32, out: &mut String| match c {
        0x09 => out.push_str("\\t"),
        0x0a => out.push_str("\\n"),
        0x0d => out.push_str("\\r"),
        c if c == quote as u32 || c == u32::from(b'\\') => {
            out.push('\\');
            out.push(char::from_u32(c).unwrap_or('?'));
        }
        c if c < 0x20 || c == 0x7f => out.push_str(&format!("\\x{c:02x}")),
        c if c < 0x7f => out.push(char::from_u32(c).unwrap_or('?')),
        c if c < 0x100 => out.push_str(&format!("\\x{c:02x}")),
        c if c < 0x10000 => out.push_str(&format!("\\u{c:04x}")),
        c => out.push_str(&format!("\\U{c:08x}")),
    };
    if unicode {
        for ch in s.chars() {
            escape(ch as u32, &mut out);
        }
    } else {
        for b in s.bytes() {
            escape(u32::from(b), &mut out);
        }
    }
    out.push(quote);
    out
}

/// Exact comparison of an int with a float, as Python does it.
fn int_float_cmp(i: i64, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f >= 9_223_372_036_854_775_808.0 {
        return Some(Ordering::Less);
    }
    if f < -9_223_372_036_854_775_808.0 {
        return Some(Ordering::Greater);
    }
    let t = f.trunc();
    match i.cmp(&(t as i64)) {
        Ordering::Equal => 0.0f64.partial_cmp(&(f - t)),
        other => Some(other),
    }
}

fn numeric_cmp(a: &PyValue, b: &PyValue) -> Option<Option<Ordering>> {
    let as_int = |v: &PyValue| match v {
        PyValue::Bool(b) => Some(i64::from(*b)),
        PyValue::Int(i) => Some(*i),
        _ => None,
    };
    Some(match (a, b) {
        (PyValue::Float(x), PyValue::Float(y)) => x.partial_cmp(y),
        (PyValue::Float(x), other) => int_float_cmp(as_int(other)?, *x).map(Ordering::reverse),
        (other, PyValue::Float(y)) => int_float_cmp(as_int(other)?, *y),
        (x, y) => Some(as_int(x)?.cmp(&as_int(y)?)),
    })
}

/// Python 2's `a < b` and `a > b` for the plain values a Simple object holds.
///
/// Mixed types order as Python 2 does: `None` first, then numbers, then by type name.
pub(crate) fn py2_order(a: &PyValue, b: &PyValue) -> Option<Ordering> {
    if let Some(ord) = numeric_cmp(a, b) {
        return ord;
    }
    match (a, b) {
        (PyValue::Str(x), PyValue::Str(y)) => Some(x.cmp(y)),
        (PyValue::None, PyValue::None) => Some(Ordering::Equal),
        (PyValue::None, _) => Some(Ordering::Less),
        (_, PyValue::None) => Some(Ordering::Greater),
        (x, _) if x.is_numeric() => Some(Ordering::Less),
        (_, y) if y.is_numeric() => Some(Ordering::Greater),
        (PyValue::List(x), PyValue::List(y)) => {
            for (p, q) in x.iter().zip(y) {
                match py2_order(p, q) {
                    Some(Ordering::Equal) => continue,
                    other => return other,
                }
            }
            Some(x.len().cmp(&y.len()))
        }
        (x, y) => Some(x.type_name().cmp(&y.type_name())),
    }
}

pub(crate) fn eq_value(a: &PyValue, b: &PyValue, cx: &mut Ctx) -> Result<bool> {
    if let Some(ord) = numeric_cmp(a, b) {
        return Ok(ord == Some(Ordering::Equal));
    }
    Ok(match (a, b) {
        (PyValue::None, PyValue::None) | (PyValue::Empty, PyValue::Empty) => true,
        (PyValue::Str(x), PyValue::Str(y)) => x == y,
        (PyValue::List(x), PyValue::List(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (p, q) in x.iter().zip(y) {
                if !eq_value(p, q, cx)? {
                    return Ok(false);
                }
            }
            true
        }
        (PyValue::Dict(x), PyValue::Dict(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (k, v) in x {
                let mut found = false;
                for (k2, v2) in y {
                    if eq_value(k, k2, cx)? {
                        if !eq_value(v, v2, cx)? {
                            return Ok(false);
                        }
                        found = true;
                        break;
                    }
                }
                if !found {
                    return Ok(false);
                }
            }
            true
        }
        (PyValue::Object(x), PyValue::Object(y)) => x.eq_in(y, cx)?,
        (PyValue::Type(x), PyValue::Type(y)) => x.is(y),
        (PyValue::Env(x), PyValue::Env(y)) => x.ptr_eq(y),
        _ => false,
    })
}

pub(crate) fn hash_value(v: &PyValue, cx: &mut Ctx) -> Result<i64> {
    Ok(match v {
        // id()-based in CPython, so any fixed value is as good.
        PyValue::None => 0x0008_f1c0,
        PyValue::Bool(b) => i64::from(*b),
        PyValue::Int(i) => int_hash(*i),
        PyValue::Float(f) => float_hash(*f),
        PyValue::Str(s) => str_hash(s),
        PyValue::List(items) => {
            let hashes = items
                .iter()
                .map(|i| hash_value(i, cx))
                .collect::<Result<Vec<_>>>()?;
            tuple_hash(&hashes)
        }
        PyValue::Dict(entries) => frozendict_hash(entries, cx)?,
        PyValue::Object(o) => o.hash_in(cx)?,
        PyValue::Type(t) => t.identity_hash(),
        PyValue::Env(e) => e.identity_hash(),
        PyValue::Empty => 0x0008_f1d0,
        PyValue::Other { type_name, repr } => {
            if matches!(type_name.as_str(), "list" | "dict" | "set") {
                return Err(Error::type_error(format!("unhashable type: '{type_name}'")));
            }
            str_hash(repr)
        }
    })
}

/// pystachio's `frozendict.__hash__`: the hash of the tuple of items sorted by key.
fn frozendict_hash(entries: &[(PyValue, PyValue)], cx: &mut Ctx) -> Result<i64> {
    let mut sorted: Vec<&(PyValue, PyValue)> = entries.iter().collect();
    sorted.sort_by(|(a, _), (b, _)| py2_order(a, b).unwrap_or(Ordering::Equal));
    let mut items = Vec::with_capacity(sorted.len());
    for (k, v) in sorted {
        items.push(tuple_hash(&[hash_value(k, cx)?, hash_value(v, cx)?]));
    }
    Ok(tuple_hash(&items))
}

/// Builds a dict by inserting `entries` in turn, as `dict(iterable)` does: a repeated key keeps
/// its first position and takes the last value. Returns the entries in Python 2's iteration
/// order.
pub(crate) fn build_dict(
    entries: Vec<(PyValue, PyValue)>,
    cx: &mut Ctx,
) -> Result<Vec<(PyValue, PyValue)>> {
    let mut table = Py2Table::new();
    let mut kept: Vec<(PyValue, PyValue)> = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        let hash = hash_value(&k, cx)?;
        let mut failure = None;
        let inserted = table.insert(hash, |e| match eq_value(&kept[e].0, &k, cx) {
            Ok(same) => same,
            Err(err) => {
                failure = Some(err);
                false
            }
        });
        if let Some(err) = failure {
            return Err(err);
        }
        match inserted {
            crate::py2hash::Inserted::New(_) => kept.push((k, v)),
            crate::py2hash::Inserted::Existing(e) => kept[e].1 = v,
        }
    }
    let mut slots: Vec<Option<(PyValue, PyValue)>> = kept.into_iter().map(Some).collect();
    Ok(table
        .order()
        .into_iter()
        .filter_map(|e| slots[e].take())
        .collect())
}
