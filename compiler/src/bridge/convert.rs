//! Values crossing the boundary: the evaluator's [`Value`] to Pystachio's [`PyValue`] and
//! back.

use std::rc::Rc;

use super::natives::{empty, EmptyValue, EnvValue};
use super::{ObjectValue, TypeValue};
use crate::containers::PyDict;
use crate::eval::errors::PyException;
use crate::pystachio::{Kwarg, PyValue};
use crate::value::{Host, Key, PyResult, Value};

/// How deep lists and dicts may nest when they cross the boundary.
const MAX_DEPTH: usize = 100;

/// How many values one conversion may produce. Pystachio's values are trees: a list
/// shared many times over (`x = [x, x]` in a loop) would be copied once per appearance.
const MAX_VALUES: usize = 1_000_000;

/// A Python value as Pystachio sees it: lists and tuples become lists, dicts keep their
/// (insertion) order, Pystachio values are unwrapped, anything else is described by its
/// type name and `repr`.
pub(crate) fn to_py(value: &Value) -> PyResult<PyValue> {
    to_py_at(value, 0, &mut 0)
}

fn to_py_at(value: &Value, depth: usize, made: &mut usize) -> PyResult<PyValue> {
    if depth > MAX_DEPTH {
        return Err(PyException::new(
            crate::eval::ExcType::RuntimeError,
            "maximum recursion depth exceeded while converting a value for Pystachio",
        ));
    }
    *made += 1;
    if *made > MAX_VALUES {
        return Err(PyException::limit(
            crate::eval::errors::LimitKind::Size,
            format!(
                "a value given to Pystachio has more than {MAX_VALUES} parts (counting each appearance of a shared part)"
            ),
        ));
    }
    Ok(match value {
        Value::None => PyValue::None,
        Value::Bool(b) => PyValue::Bool(*b),
        Value::Int(i) => PyValue::Int(*i),
        Value::Long(big) => match i64::try_from(&**big) {
            Ok(i) => PyValue::Int(i),
            Err(_) => other(value),
        },
        Value::Float(f) => PyValue::Float(*f),
        Value::Str(s) | Value::Unicode(s) => PyValue::Str(Rc::clone(s)),
        Value::List(list) => {
            let items = list.items.borrow().clone();
            PyValue::List(
                items
                    .iter()
                    .map(|item| to_py_at(item, depth + 1, made))
                    .collect::<PyResult<_>>()?,
            )
        }
        Value::Tuple(tuple) => PyValue::List(
            tuple
                .items
                .iter()
                .map(|item| to_py_at(item, depth + 1, made))
                .collect::<PyResult<_>>()?,
        ),
        Value::Dict(dict) => {
            let entries: Vec<(Value, Value)> = dict
                .map
                .borrow()
                .iter()
                .map(|(k, v)| (k.value().clone(), v.clone()))
                .collect();
            let mut out = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                out.push((
                    to_py_at(&k, depth + 1, made)?,
                    to_py_at(&v, depth + 1, made)?,
                ));
            }
            PyValue::Dict(out)
        }
        Value::Foreign(foreign) => {
            let any = foreign.as_any();
            if let Some(object) = any.downcast_ref::<ObjectValue>() {
                PyValue::Object(object.0.clone())
            } else if let Some(ty) = any.downcast_ref::<TypeValue>() {
                PyValue::Type(ty.0.clone())
            } else if any.is::<EmptyValue>() {
                PyValue::Empty
            } else if let Some(env) = any.downcast_ref::<EnvValue>() {
                PyValue::Env(env.0.clone())
            } else {
                other(value)
            }
        }
        _ => other(value),
    })
}

fn other(value: &Value) -> PyValue {
    PyValue::Other {
        type_name: value.type_name(),
        repr: crate::eval::repr::plain_repr(value),
    }
}

/// A Pystachio value as a Python value (objects and types wrapped as foreign values).
pub(crate) fn from_py(value: PyValue) -> Value {
    match value {
        PyValue::None => Value::None,
        PyValue::Bool(b) => Value::Bool(b),
        PyValue::Int(i) => Value::Int(i),
        PyValue::Float(f) => Value::Float(f),
        PyValue::Str(s) => Value::Str(s),
        PyValue::List(items) => Value::list(items.into_iter().map(from_py).collect()),
        PyValue::Dict(entries) => {
            let mut map = PyDict::new();
            for (k, v) in entries {
                // Pystachio's dict keys are strings, numbers or (frozen) tuples of them:
                // hashable, as `Key` requires. Lists come back as tuples for that reason.
                let key = match from_py(k) {
                    Value::List(list) => Value::tuple(list.items.borrow().clone()),
                    other => other,
                };
                map.insert(Key(key), from_py(v));
            }
            Value::dict(map)
        }
        PyValue::Object(object) => ObjectValue::wrap(object),
        PyValue::Type(ty) => TypeValue::wrap(ty),
        PyValue::Env(env) => Value::Foreign(Rc::new(EnvValue(env))),
        PyValue::Empty => empty(),
        PyValue::Other { repr, .. } => Value::str(repr),
    }
}

/// Keyword arguments for Pystachio, each with the span it was written at.
pub(crate) fn kwargs_to_py(kwargs: &[(Rc<str>, Value)], host: &dyn Host) -> PyResult<Vec<Kwarg>> {
    kwargs
        .iter()
        .map(|(name, value)| {
            Ok(Kwarg {
                name: Rc::clone(name),
                value: to_py(value)?,
                span: host.keyword_span(name),
            })
        })
        .collect()
}

/// Positional arguments for Pystachio.
pub(crate) fn args_to_py(args: &[Value]) -> PyResult<Vec<PyValue>> {
    args.iter().map(to_py).collect()
}
