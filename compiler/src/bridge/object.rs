//! Pystachio objects (a `Process`, a `Job`, a `List(String)` value) as Python values.

use std::any::Any;
use std::rc::Rc;

use aurora_dsl::ast::BinOp;

use super::convert::{args_to_py, from_py, kwargs_to_py, to_py};
use super::natives::{empty, Bound, RefValue, TypeCheckValue};
use super::{raise, HookResult, TypeValue};
use crate::eval::errors::PyException;
use crate::pystachio::{Object, StructAttr};
use crate::value::{Foreign, Host, PyResult, Value};

/// A Pystachio object. Every operation returns a new object, as in Pystachio.
pub(crate) struct ObjectValue(pub(crate) Object);

impl ObjectValue {
    pub(crate) fn wrap(object: Object) -> Value {
        Value::Foreign(Rc::new(ObjectValue(object)))
    }
}

/// The methods every Pystachio object has (they win over struct fields of the same name).
const METHODS: &[&str] = &[
    "get",
    "bind",
    "in_scope",
    "interpolate",
    "check",
    "copy",
    "find",
    "unwrap",
];

fn no_arguments(name: &str, args: &[Value], kwargs: &[(Rc<str>, Value)]) -> PyResult<()> {
    if args.is_empty() && kwargs.is_empty() {
        return Ok(());
    }
    Err(PyException::type_error(format!(
        "{name}() takes exactly 1 argument ({} given)",
        1 + args.len() + kwargs.len()
    )))
}

impl ObjectValue {
    fn method(
        &self,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
        host: &mut dyn Host,
    ) -> PyResult<Value> {
        let object = &self.0;
        let fail = |e, host: &dyn Host| raise(e, host);
        match name {
            "get" => {
                no_arguments(name, &args, &kwargs)?;
                object.get().map(from_py).map_err(|e| fail(e, host))
            }
            "bind" | "in_scope" => {
                let positional = args_to_py(&args)?;
                let keywords = kwargs_to_py(&kwargs, host)?;
                let result = if name == "bind" {
                    object.bind(&positional, &keywords)
                } else {
                    object.in_scope(&positional, &keywords)
                };
                result.map(ObjectValue::wrap).map_err(|e| fail(e, host))
            }
            "interpolate" => {
                no_arguments(name, &args, &kwargs)?;
                let (interpolated, refs) = object.interpolate().map_err(|e| fail(e, host))?;
                let refs = refs
                    .into_iter()
                    .map(|r| Value::Foreign(Rc::new(RefValue(r))))
                    .collect();
                Ok(Value::tuple(vec![
                    ObjectValue::wrap(interpolated),
                    Value::list(refs),
                ]))
            }
            "check" => {
                no_arguments(name, &args, &kwargs)?;
                object
                    .check()
                    .map(TypeCheckValue::wrap)
                    .map_err(|e| fail(e, host))
            }
            "copy" => {
                no_arguments(name, &args, &kwargs)?;
                Ok(ObjectValue::wrap(object.clone()))
            }
            "find" => {
                let [reference] = args.as_slice() else {
                    return Err(PyException::type_error(format!(
                        "find() takes exactly 2 arguments ({} given)",
                        1 + args.len()
                    )));
                };
                let Some(reference) = as_ref(reference) else {
                    return Err(PyException::type_error(format!(
                        "Expected Ref, got {}",
                        reference.type_name()
                    )));
                };
                object
                    .find(&reference)
                    .map(ObjectValue::wrap)
                    .map_err(|e| fail(e, host))
            }
            "unwrap" => {
                no_arguments(name, &args, &kwargs)?;
                object
                    .unwrap()
                    .map(ObjectValue::wrap)
                    .map_err(|e| fail(e, host))
            }
            _ => match object.getattr(name).map_err(|e| fail(e, host))? {
                StructAttr::Field(field) => {
                    no_arguments(name, &args, &kwargs)?;
                    Ok(match object.field(&field).map_err(|e| fail(e, host))? {
                        Some(value) => ObjectValue::wrap(value),
                        None => empty(),
                    })
                }
                StructAttr::HasField(field) => {
                    no_arguments(name, &args, &kwargs)?;
                    object
                        .has_field(&field)
                        .map(Value::Bool)
                        .map_err(|e| fail(e, host))
                }
            },
        }
    }
}

fn as_ref(value: &Value) -> Option<crate::pystachio::Ref> {
    match value {
        Value::Foreign(f) => f.as_any().downcast_ref::<RefValue>().map(|r| r.0.clone()),
        _ => None,
    }
}

impl Foreign for ObjectValue {
    fn type_name(&self) -> String {
        self.0.ty().name().into()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self) -> String {
        self.0
            .repr()
            .unwrap_or_else(|e| format!("<{} object: {e}>", self.0.ty().name()))
    }

    fn to_str(&self) -> String {
        self.0
            .str()
            .unwrap_or_else(|e| format!("<{} object: {e}>", self.0.ty().name()))
    }

    fn get_attr(&self, this: &Value, name: &str, host: &mut dyn Host) -> HookResult {
        if name == "__class__" {
            return Some(Ok(TypeValue::wrap(self.0.ty().clone())));
        }
        if !METHODS.contains(&name) {
            if let Err(e) = self.0.getattr(name) {
                return Some(Err(raise(e, host)));
            }
        }
        Some(Ok(Bound::wrap(this.clone(), name)))
    }

    fn call_method(
        &self,
        _this: &Value,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
        host: &mut dyn Host,
    ) -> HookResult {
        Some(self.method(name, args, kwargs, host))
    }

    fn call(
        &self,
        _this: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
        host: &mut dyn Host,
    ) -> HookResult {
        self.0.ty().as_struct()?;
        if !args.is_empty() {
            return Some(Err(PyException::type_error(format!(
                "__call__() takes exactly 1 argument ({} given)",
                1 + args.len()
            ))));
        }
        let result = (|| {
            let kwargs = kwargs_to_py(&kwargs, host)?;
            let object = self.0.with_fields(&kwargs).map_err(|e| raise(e, host))?;
            Ok(ObjectValue::wrap(
                object.with_origin(Some(host.call_span())),
            ))
        })();
        Some(result)
    }

    fn get_item(&self, key: &Value, host: &mut dyn Host) -> HookResult {
        let result = match (self.0.ty().kind(), key) {
            (crate::pystachio::TypeKind::List(_), Value::Int(i)) => self.0.index(*i),
            (crate::pystachio::TypeKind::List(_), Value::Bool(b)) => self.0.index(i64::from(*b)),
            (crate::pystachio::TypeKind::List(_), other) => {
                return Some(Err(PyException::type_error(format!(
                    "list indices must be integers, not {}",
                    other.type_name()
                ))))
            }
            (crate::pystachio::TypeKind::Map(..), key) => match to_py(key) {
                Ok(key) => self.0.get_item(&key),
                Err(e) => return Some(Err(e)),
            },
            _ => return None,
        };
        Some(result.map(ObjectValue::wrap).map_err(|e| raise(e, host)))
    }

    fn iterate(&self, host: &mut dyn Host) -> Option<PyResult<Vec<Value>>> {
        if !matches!(
            self.0.ty().kind(),
            crate::pystachio::TypeKind::List(_) | crate::pystachio::TypeKind::Map(..)
        ) {
            return None;
        }
        Some(
            self.0
                .iter()
                .map(|items| items.into_iter().map(ObjectValue::wrap).collect())
                .map_err(|e| raise(e, host)),
        )
    }

    fn equals(&self, other: &Value) -> Option<bool> {
        Some(match other {
            Value::Foreign(f) => f
                .as_any()
                .downcast_ref::<ObjectValue>()
                .is_some_and(|o| self.0.py_eq(&o.0).unwrap_or(false)),
            _ => false,
        })
    }

    fn hash(&self) -> Option<u64> {
        Some(self.0.py_hash().unwrap_or(0) as u64)
    }

    fn binary_op(
        &self,
        op: BinOp,
        other: &Value,
        reflected: bool,
        host: &mut dyn Host,
    ) -> HookResult {
        if op != BinOp::Mod || reflected {
            return None;
        }
        let result = to_py(other).and_then(|scope| {
            self.0
                .percent(&scope)
                .map(ObjectValue::wrap)
                .map_err(|e| raise(e, host))
        });
        Some(result)
    }

    fn type_of(&self) -> Option<Value> {
        Some(TypeValue::wrap(self.0.ty().clone()))
    }
}
