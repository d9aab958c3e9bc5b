//! Pystachio types (`String`, `Process`, `List(Process)`...) as Python values.

use std::any::Any;
use std::rc::Rc;

use super::convert::{args_to_py, from_py, kwargs_to_py};
use super::natives::Bound;
use super::{raise, HookResult, ObjectValue};
use crate::pystachio::Type;
use crate::value::{Foreign, Host, Namespace, Value};

/// A Pystachio type: calling it builds an object, `isinstance` asks it, and a
/// `class X(ItsName)` statement subclasses it.
pub(crate) struct TypeValue(pub(crate) Type);

impl TypeValue {
    pub(crate) fn wrap(ty: Type) -> Value {
        Value::Foreign(Rc::new(TypeValue(ty)))
    }
}

impl Foreign for TypeValue {
    fn type_name(&self) -> String {
        self.0.metaclass_name().into()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self) -> String {
        self.0.repr()
    }

    fn call(
        &self,
        _this: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
        host: &mut dyn Host,
    ) -> HookResult {
        let result = (|| {
            let args = args_to_py(&args)?;
            let kwargs = kwargs_to_py(&kwargs, host)?;
            let object = self.0.call(&args, &kwargs).map_err(|e| raise(e, host))?;
            Ok(ObjectValue::wrap(
                object.with_origin(Some(host.call_span())),
            ))
        })();
        Some(result)
    }

    fn call_method(
        &self,
        _this: &Value,
        name: &str,
        args: Vec<Value>,
        _kwargs: Vec<(Rc<str>, Value)>,
        host: &mut dyn Host,
    ) -> HookResult {
        match name {
            "serialize_type" if args.is_empty() => Some(Ok(from_py(self.0.serialize_type()))),
            "json_loads" | "json_load" => None,
            _ => {
                let _ = host;
                None
            }
        }
    }

    fn get_attr(&self, this: &Value, name: &str, _host: &mut dyn Host) -> HookResult {
        match name {
            "__name__" => Some(Ok(Value::str(self.0.name()))),
            "serialize_type" => Some(Ok(Bound::wrap(this.clone(), name))),
            _ => None,
        }
    }

    fn equals(&self, other: &Value) -> Option<bool> {
        Some(match other {
            Value::Foreign(f) => f
                .as_any()
                .downcast_ref::<TypeValue>()
                .is_some_and(|t| t.0.is(&self.0)),
            _ => false,
        })
    }

    fn hash(&self) -> Option<u64> {
        use std::hash::{Hash, Hasher};
        let mut hasher = crate::value::FxHasher::default();
        self.0.name().hash(&mut hasher);
        Some(hasher.finish())
    }

    fn instance_check(&self, value: &Value) -> Option<bool> {
        Some(match value {
            Value::Foreign(f) => f
                .as_any()
                .downcast_ref::<ObjectValue>()
                .is_some_and(|o| self.0.is_instance(&o.0)),
            _ => false,
        })
    }

    fn subclass(
        &self,
        name: &str,
        _bases: &[Value],
        _namespace: Namespace,
        host: &mut dyn Host,
    ) -> HookResult {
        // pystachio 0.8.5 keeps the parent's fields and ignores those of the body.
        Some(
            self.0
                .subclass(name)
                .map(TypeValue::wrap)
                .map_err(|e| raise(e, host)),
        )
    }
}
