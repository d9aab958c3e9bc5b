//! The names `from pystachio import *` binds, implemented natively, and the small
//! Pystachio values that are not types or objects (`Empty`, `Ref`s, `Environment`s,
//! field specs, `TypeCheck` results).

use std::any::Any;
use std::rc::Rc;

use super::convert::{args_to_py, kwargs_to_py, to_py};
use super::{raise, HookResult, TypeValue};
use crate::eval::errors::PyException;
use crate::pystachio::{Environment, FieldSpec, Ref, StructType, Type, TypeCheck};
use crate::value::{Foreign, Host, Namespace, PyResult, Value};

/// The native Pystachio names, in `aurora_stdlib::PYSTACHIO_NAMES` order.
pub fn native_names() -> Namespace {
    let mut names = Namespace::default();
    for &name in aurora_stdlib::PYSTACHIO_NAMES {
        let value = match name {
            "String" => TypeValue::wrap(Type::string()),
            "Integer" => TypeValue::wrap(Type::integer()),
            "Float" => TypeValue::wrap(Type::float()),
            "Boolean" => TypeValue::wrap(Type::boolean()),
            "Empty" => empty(),
            other => Value::Foreign(Rc::new(Native(other))),
        };
        names.insert(name.into(), value);
    }
    names
}

thread_local! {
    static EMPTY: Value = Value::Foreign(Rc::new(EmptyValue));
}

/// The `Empty` sentinel: always the same value, so `x is Empty` works.
pub(crate) fn empty() -> Value {
    EMPTY.with(Value::clone)
}

/// A native Pystachio name other than a type: `Struct`, `Required`, `List`, `Ref`...
struct Native(&'static str);

fn type_arg(value: &Value, what: &str) -> PyResult<Type> {
    match value {
        Value::Foreign(foreign) => match foreign.as_any().downcast_ref::<TypeValue>() {
            Some(ty) => Ok(ty.0.clone()),
            None => Err(not_a_type(value, what)),
        },
        _ => Err(not_a_type(value, what)),
    }
}

fn not_a_type(value: &Value, what: &str) -> Box<PyException> {
    PyException::type_error(format!(
        "{what} expects a Pystachio type, got {}",
        crate::eval::repr::plain_repr(value)
    ))
}

fn arity(name: &str, args: &[Value], kwargs: &[(Rc<str>, Value)], n: usize) -> PyResult<()> {
    if args.len() != n || !kwargs.is_empty() {
        return Err(PyException::type_error(format!(
            "{name}() takes exactly {n} argument{} ({} given)",
            if n == 1 { "" } else { "s" },
            args.len() + kwargs.len()
        )));
    }
    Ok(())
}

impl Foreign for Native {
    fn type_name(&self) -> String {
        match self.0 {
            "Struct" | "Ref" | "Environment" | "Namable" | "MustacheParser" | "TypeCheck"
            | "TypeFactory" | "Required" | "Default" => "type".into(),
            _ => "TypeMetaclass".into(),
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self) -> String {
        let module = match self.0 {
            "Struct" => "pystachio.composite",
            "Required" | "Default" => "pystachio.composite",
            "List" | "Map" => "pystachio.container",
            "Choice" => "pystachio.choice",
            "Enum" => "pystachio.basic",
            "Ref" | "Namable" => "pystachio.naming",
            "MustacheParser" => "pystachio.parsing",
            "Type" | "TypeCheck" | "TypeFactory" => "pystachio.typing",
            _ => "pystachio.base",
        };
        format!("<class '{module}.{}'>", self.0)
    }

    fn call(
        &self,
        _this: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
        host: &mut dyn Host,
    ) -> HookResult {
        let result = (|| -> PyResult<Value> {
            match self.0 {
                "Required" => {
                    arity("Required", &args, &kwargs, 1)?;
                    let ty = type_arg(&args[0], "Required")?;
                    Ok(FieldSpecValue::wrap(FieldSpec::required(ty)))
                }
                "Default" => {
                    arity("Default", &args, &kwargs, 2)?;
                    let ty = type_arg(&args[0], "Default")?;
                    let value = to_py(&args[1])?;
                    let spec = FieldSpec::default(ty, &value).map_err(|e| raise(e, host))?;
                    Ok(FieldSpecValue::wrap(spec))
                }
                "List" => {
                    arity("List", &args, &kwargs, 1)?;
                    Ok(TypeValue::wrap(Type::list(&type_arg(&args[0], "List")?)))
                }
                "Map" => {
                    arity("Map", &args, &kwargs, 2)?;
                    let key = type_arg(&args[0], "Map")?;
                    let value = type_arg(&args[1], "Map")?;
                    Ok(TypeValue::wrap(Type::map(&key, &value)))
                }
                "Choice" => {
                    let args = args_to_py(&args)?;
                    Type::choice_from_args(&args)
                        .map(TypeValue::wrap)
                        .map_err(|e| raise(e, host))
                }
                "Enum" => {
                    let args = args_to_py(&args)?;
                    Type::enum_from_args(&args)
                        .map(TypeValue::wrap)
                        .map_err(|e| raise(e, host))
                }
                "Environment" => {
                    let dicts = args_to_py(&args)?;
                    let kwargs = kwargs_to_py(&kwargs, host)?;
                    Environment::new(&dicts, &kwargs)
                        .map(|env| Value::Foreign(Rc::new(EnvValue(env))))
                        .map_err(|e| raise(e, host))
                }
                "Ref" => {
                    arity("Ref", &args, &kwargs, 1)?;
                    ref_from_address(&args[0], host)
                }
                other => Err(PyException::type_error(format!(
                    "{other} cannot be called in an .aurora file"
                ))),
            }
        })();
        Some(result)
    }

    fn call_method(
        &self,
        _this: &Value,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
        host: &mut dyn Host,
    ) -> HookResult {
        match (self.0, name) {
            ("Ref", "from_address") => Some(
                arity("from_address", &args, &kwargs, 1)
                    .and_then(|()| ref_from_address(&args[0], host)),
            ),
            ("TypeCheck", "success") => Some(Ok(TypeCheckValue::wrap(TypeCheck::success()))),
            ("TypeCheck", "failure") => Some(arity("failure", &args, &kwargs, 1).and_then(|()| {
                let message = host.to_str(&args[0])?;
                Ok(TypeCheckValue::wrap(TypeCheck::failure(message)))
            })),
            _ => None,
        }
    }

    fn get_attr(&self, this: &Value, name: &str, _host: &mut dyn Host) -> HookResult {
        match (self.0, name) {
            ("Ref", "from_address") | ("TypeCheck", "success" | "failure") => {
                Some(Ok(Bound::wrap(this.clone(), name)))
            }
            (_, "__name__") => Some(Ok(Value::str(self.0))),
            _ => None,
        }
    }

    fn instance_check(&self, value: &Value) -> Option<bool> {
        let Value::Foreign(foreign) = value else {
            return Some(false);
        };
        let any = foreign.as_any();
        Some(match self.0 {
            "Struct" => any
                .downcast_ref::<super::ObjectValue>()
                .is_some_and(|o| o.0.ty().as_struct().is_some()),
            "Ref" => any.is::<RefValue>(),
            "Environment" => any.is::<EnvValue>(),
            "TypeCheck" => any.is::<TypeCheckValue>(),
            "Namable" => any
                .downcast_ref::<super::ObjectValue>()
                .is_some_and(|o| o.0.is_namable()),
            _ => false,
        })
    }

    fn subclass(
        &self,
        name: &str,
        _bases: &[Value],
        namespace: Namespace,
        host: &mut dyn Host,
    ) -> HookResult {
        if self.0 != "Struct" {
            return None;
        }
        let mut fields = Vec::new();
        for (field, value) in &namespace {
            let Value::Foreign(foreign) = value else {
                continue;
            };
            let any = foreign.as_any();
            if let Some(ty) = any.downcast_ref::<TypeValue>() {
                fields.push((field.to_string(), FieldSpec::from(ty.0.clone())));
            } else if let Some(spec) = any.downcast_ref::<FieldSpecValue>() {
                fields.push((field.to_string(), spec.0.clone()));
            }
        }
        Some(
            StructType::new(name, fields)
                .map(TypeValue::wrap)
                .map_err(|e| raise(e, host)),
        )
    }
}

fn ref_from_address(address: &Value, host: &mut dyn Host) -> PyResult<Value> {
    let Some(text) = address.as_str() else {
        return Err(PyException::type_error(format!(
            "Ref.from_address expects a string, got {}",
            address.type_name()
        )));
    };
    Ref::from_address(text)
        .map(|r| Value::Foreign(Rc::new(RefValue(r))))
        .map_err(|e| raise(e, host))
}

/// A method of a native value looked up without calling it (`Ref.from_address`).
pub(crate) struct Bound {
    receiver: Value,
    name: Rc<str>,
}

impl Bound {
    pub(crate) fn wrap(receiver: Value, name: &str) -> Value {
        Value::Foreign(Rc::new(Bound {
            receiver,
            name: name.into(),
        }))
    }
}

impl Foreign for Bound {
    fn type_name(&self) -> String {
        "instancemethod".into()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self) -> String {
        format!("<bound method {}>", self.name)
    }

    fn call(
        &self,
        _this: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
        host: &mut dyn Host,
    ) -> HookResult {
        let Value::Foreign(foreign) = &self.receiver else {
            return None;
        };
        foreign.call_method(&self.receiver, &self.name, args, kwargs, host)
    }
}

/// Pystachio's `Empty`: the value of an unset field.
pub(crate) struct EmptyValue;

impl Foreign for EmptyValue {
    fn type_name(&self) -> String {
        "type".into()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self) -> String {
        "<class 'pystachio.composite.Empty'>".into()
    }

    fn get_attr(&self, _this: &Value, name: &str, _host: &mut dyn Host) -> HookResult {
        Some(match name {
            "__name__" => Ok(Value::str("Empty")),
            _ => Err(PyException::attribute_error(format!(
                "type object 'Empty' has no attribute '{name}'"
            ))),
        })
    }
}

/// A `Ref` (from `Ref.from_address`, or the unbound refs `interpolate()` returns).
pub(crate) struct RefValue(pub(crate) Ref);

impl Foreign for RefValue {
    fn type_name(&self) -> String {
        "Ref".into()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self) -> String {
        format!("Ref({})", self.0.address())
    }

    fn to_str(&self) -> String {
        format!("{{{{{}}}}}", self.0.address())
    }

    fn call_method(
        &self,
        _this: &Value,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Vec<(Rc<str>, Value)>,
        _host: &mut dyn Host,
    ) -> HookResult {
        match name {
            "address" => Some(Ok(Value::str(self.0.address()))),
            _ => None,
        }
    }

    fn equals(&self, other: &Value) -> Option<bool> {
        Some(match other {
            Value::Foreign(f) => f
                .as_any()
                .downcast_ref::<RefValue>()
                .is_some_and(|r| r.0 == self.0),
            _ => false,
        })
    }

    fn hash(&self) -> Option<u64> {
        Some(self.0.py_hash() as u64)
    }
}

/// A Pystachio `Environment`.
pub(crate) struct EnvValue(pub(crate) Environment);

impl Foreign for EnvValue {
    fn type_name(&self) -> String {
        "Environment".into()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self) -> String {
        self.0
            .repr()
            .unwrap_or_else(|e| format!("<Environment: {e}>"))
    }
}

/// What `Required(T)` or `Default(T, v)` returns: a field declaration for a Struct body.
pub(crate) struct FieldSpecValue(FieldSpec);

impl FieldSpecValue {
    fn wrap(spec: FieldSpec) -> Value {
        Value::Foreign(Rc::new(FieldSpecValue(spec)))
    }
}

impl Foreign for FieldSpecValue {
    fn type_name(&self) -> String {
        if self.0.is_required() {
            "Required".into()
        } else {
            "Default".into()
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self) -> String {
        self.0.repr().unwrap_or_else(|e| format!("<field: {e}>"))
    }
}

/// The result of `check()`.
pub(crate) struct TypeCheckValue(TypeCheck);

impl TypeCheckValue {
    pub(crate) fn wrap(check: TypeCheck) -> Value {
        Value::Foreign(Rc::new(TypeCheckValue(check)))
    }
}

impl Foreign for TypeCheckValue {
    fn type_name(&self) -> String {
        "TypeCheck".into()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self) -> String {
        self.0.to_string()
    }

    fn call_method(
        &self,
        _this: &Value,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Vec<(Rc<str>, Value)>,
        _host: &mut dyn Host,
    ) -> HookResult {
        match name {
            "ok" => Some(Ok(Value::Bool(self.0.ok))),
            "message" => Some(Ok(Value::str(self.0.message.as_str()))),
            _ => None,
        }
    }

    fn get_attr(&self, this: &Value, name: &str, _host: &mut dyn Host) -> HookResult {
        matches!(name, "ok" | "message").then(|| Ok(Bound::wrap(this.clone(), name)))
    }
}
