//! The join between the evaluator and the Pystachio object model: Pystachio types and
//! objects as [`Foreign`](crate::value::Foreign) values, the native Pystachio names a
//! config sees (`Struct`, `Required`, `String`, `List`...), and the conversion of values
//! between the two ([`to_py`], [`from_py`]).
//!
//! The evaluator knows nothing of Pystachio and Pystachio nothing of the evaluator; this
//! module is the only place that knows both. Pystachio errors become Python exceptions of
//! the class Pystachio raises (`CoercionError` is caught by `except ValueError`), at the
//! expression that triggered them.

mod convert;
mod natives;
mod object;
pub mod prelude;
mod types;

use std::rc::Rc;

use crate::eval::errors::{ExcType, PyException};
use crate::pystachio::{self, ErrorKind};
use crate::value::{Class, Host, Namespace, Value};

pub use natives::native_names;
pub(crate) use object::ObjectValue;
pub(crate) use types::TypeValue;

/// A Pystachio error raised as the Python exception Pystachio raises.
pub(crate) fn raise(error: pystachio::Error, host: &dyn Host) -> Box<PyException> {
    let kind = error.kind();
    let (base, own_class) = match kind {
        ErrorKind::Coercion => (ExcType::ValueError, true),
        ErrorKind::Value => (ExcType::ValueError, false),
        ErrorKind::Attribute => (ExcType::AttributeError, false),
        ErrorKind::Type => (ExcType::TypeError, false),
        ErrorKind::Key => (ExcType::KeyError, false),
        ErrorKind::Index => (ExcType::IndexError, false),
        ErrorKind::Overflow => (ExcType::OverflowError, false),
        ErrorKind::Assertion => (ExcType::AssertionError, false),
        ErrorKind::Recursion | ErrorKind::Budget => (ExcType::RuntimeError, false),
        ErrorKind::InvalidRef
        | ErrorKind::Uninterpolatable
        | ErrorKind::NotFound
        | ErrorKind::Naming
        | ErrorKind::Unnamable => (ExcType::Exception, true),
    };
    let mut exception = PyException::new(base, error.message());
    if own_class {
        let parent = host.exception_class(base);
        let mut mro = vec![Rc::clone(&parent)];
        mro.extend(parent.mro.iter().cloned());
        exception.class = Some(Rc::new(Class {
            name: kind.python_class().into(),
            bases: vec![parent],
            mro,
            dict: Default::default(),
            exception: Some(base),
            builtin_base: None,
            builtin: false,
            frozen: Default::default(),
        }));
    }
    if let Some(help) = error.help() {
        exception = exception.with_help(help.to_string());
    }
    exception.at(error.span().unwrap_or(host.call_span()))
}

/// The Pystachio object a value holds, if it is one.
pub(crate) fn as_object(value: &Value) -> Option<pystachio::Object> {
    match value {
        Value::Foreign(foreign) => foreign
            .as_any()
            .downcast_ref::<ObjectValue>()
            .map(|o| o.0.clone()),
        _ => None,
    }
}

/// A type of the Aurora and Thermos schema (`MesosContext`, `ThermosContext`...), by name.
pub(crate) fn schema_type(name: &'static str) -> Option<pystachio::Type> {
    thread_local! {
        // The prelude is per thread and never changes: look each name up once.
        static FOUND: std::cell::RefCell<Vec<(&'static str, Option<pystachio::Type>)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    if let Some(found) = FOUND.with(|f| {
        f.borrow()
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.clone())
    }) {
        return found;
    }
    let ty = prelude::prelude()
        .ok()
        .and_then(|prelude| match prelude.get(name)? {
            Value::Foreign(foreign) => foreign
                .as_any()
                .downcast_ref::<TypeValue>()
                .map(|t| t.0.clone()),
            _ => None,
        });
    FOUND.with(|f| f.borrow_mut().push((name, ty.clone())));
    ty
}

/// Shorthand for results of hooks.
pub(crate) type HookResult = Option<crate::value::PyResult<Value>>;

/// The public names of a namespace (those not starting with `_`).
pub(crate) fn public(names: &Namespace) -> Namespace {
    names
        .iter()
        .filter(|(name, _)| !name.starts_with('_'))
        .map(|(name, value)| (Rc::clone(name), value.clone()))
        .collect()
}
