//! Method calls: `receiver.name(args)` on every kind of value, without building a bound
//! method where possible.

use std::rc::Rc;

use aurora_dsl::Span;

use super::call::Args;
use super::class::attribute_error;
use super::errors::{ExcType, PyException};
use super::interp::Interpreter;
use super::{methods_containers, methods_str};
use crate::value::{Native, PyResult, TypeKind, Value};

impl Interpreter<'_> {
    /// `receiver.name(args)`, without building a bound method where possible.
    pub(crate) fn call_method(
        &mut self,
        receiver: Value,
        name: &str,
        positional: Vec<Value>,
        keywords: Vec<(Rc<str>, Value)>,
        span: Span,
    ) -> PyResult<Value> {
        if let Some(class) = receiver.subclass() {
            if let Some(Value::Function(function)) = class.lookup(name) {
                let mut args = Vec::with_capacity(positional.len() + 1);
                args.push(receiver);
                args.extend(positional);
                return self.call_function(&function, args, keywords, span);
            }
        }
        if let Value::Instance(instance) = &receiver {
            let method = match instance.dict.borrow().contains_key(name) {
                true => None,
                false => match instance.class.lookup(name) {
                    Some(Value::Function(function)) => Some(function),
                    _ => None,
                },
            };
            if let Some(function) = method {
                let mut args = Vec::with_capacity(positional.len() + 1);
                args.push(receiver);
                args.extend(positional);
                return self.call_function(&function, args, keywords, span);
            }
        }
        self.call_method_general(receiver, name, positional, keywords, span)
    }

    #[inline(never)]
    fn call_method_general(
        &mut self,
        receiver: Value,
        name: &str,
        positional: Vec<Value>,
        keywords: Vec<(Rc<str>, Value)>,
        span: Span,
    ) -> PyResult<Value> {
        let builtin = match &receiver {
            Value::Str(_) | Value::Unicode(_) => methods_str::STR_METHODS.contains(&name),
            Value::List(_) => methods_containers::LIST_METHODS.contains(&name),
            Value::Tuple(_) => matches!(name, "index" | "count"),
            Value::Dict(_) => methods_containers::DICT_METHODS.contains(&name),
            Value::Set(_) => methods_containers::SET_METHODS.contains(&name),
            Value::FrozenSet(_) => methods_containers::FROZENSET_METHODS.contains(&name),
            Value::Iter(_) => matches!(name, "next" | "__next__"),
            Value::Float(_) => matches!(name, "is_integer" | "conjugate"),
            Value::Int(_) | Value::Long(_) | Value::Bool(_) => {
                matches!(name, "bit_length" | "conjugate")
            }
            Value::Native(native) => match &**native {
                Native::Environ => methods_containers::ENVIRON_METHODS.contains(&name),
                Native::File(_) => super::modules::FILE_METHODS.contains(&name),
                Native::Stream(_) => matches!(name, "write" | "flush"),
                Native::Hash { .. } => matches!(name, "update" | "hexdigest" | "digest" | "copy"),
                Native::Template(_) => super::template::TEMPLATE_METHODS.contains(&name),
                _ => false,
            },
            Value::Foreign(foreign) => {
                let foreign = Rc::clone(foreign);
                let saved = std::mem::replace(&mut self.call_span, span);
                let result = foreign.call_method(
                    &receiver,
                    name,
                    positional.clone(),
                    keywords.clone(),
                    self,
                );
                self.call_span = saved;
                if let Some(result) = result {
                    return result;
                }
                false
            }
            _ => false,
        };
        if builtin {
            let saved = std::mem::replace(&mut self.call_span, span);
            let result = self.builtin_method(
                &receiver,
                name,
                Args {
                    positional,
                    keywords,
                },
            );
            self.call_span = saved;
            return result.unwrap_or_else(|| Err(attribute_error(&receiver, name, Vec::new())));
        }
        let saved = std::mem::replace(&mut self.call_span, span);
        let func = self.get_attr(&receiver, name);
        self.call_span = saved;
        self.call_value(&func?, positional, keywords, span)
    }

    /// Methods of built-in types; `None` when the type has no such method.
    fn builtin_method(
        &mut self,
        receiver: &Value,
        name: &str,
        args: Args,
    ) -> Option<PyResult<Value>> {
        match receiver {
            Value::Str(_) | Value::Unicode(_) => methods_str::call(self, receiver, name, args),
            Value::List(_) | Value::Tuple(_) => {
                methods_containers::sequence_method(self, receiver, name, args)
            }
            Value::Dict(_) => methods_containers::dict_method(self, receiver, name, args),
            Value::Set(_) | Value::FrozenSet(_) => {
                methods_containers::set_method(self, receiver, name, args)
            }
            Value::Iter(_) => match name {
                "next" | "__next__" => Some(args.expect(name, 0, 0).and_then(|()| {
                    let mut iterator = self.iterate(receiver)?;
                    self.next_item(&mut iterator)?
                        .ok_or_else(|| PyException::new(ExcType::StopIteration, ""))
                })),
                _ => None,
            },
            Value::Float(number) => match name {
                "is_integer" => Some(
                    args.expect(name, 0, 0)
                        .map(|()| Value::Bool(number.fract() == 0.0 && number.is_finite())),
                ),
                "conjugate" => Some(Ok(receiver.clone())),
                _ => None,
            },
            Value::Int(_) | Value::Long(_) | Value::Bool(_) => match name {
                "bit_length" => Some(super::number::bit_length(receiver)),
                "conjugate" => Some(Ok(receiver.clone())),
                _ => None,
            },
            Value::Native(native) => match &**native {
                Native::Environ => methods_containers::environ_method(self, name, args),
                Native::File(_) | Native::Stream(_) | Native::Hash { .. } => {
                    super::modules::native_method(self, native, name, args)
                }
                Native::Template(_) => super::template::template_method(self, native, name, args),
                Native::BoundMethod {
                    receiver: inner,
                    name: inner_name,
                } => (name == "__call__").then(|| {
                    self.call_method(
                        inner.clone(),
                        inner_name,
                        args.positional,
                        args.keywords,
                        self.call_span,
                    )
                }),
                Native::TypeMethod { kind, name: method } => {
                    let _ = (kind, method);
                    None
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Calls `type.method(receiver, args)` (`str.upper(s)`, `dict.fromkeys(keys)`).
    pub(crate) fn call_type_method(
        &mut self,
        kind: TypeKind,
        name: &str,
        mut args: Args,
    ) -> PyResult<Value> {
        if kind == TypeKind::Dict && name == "fromkeys" {
            return methods_containers::dict_fromkeys(self, args);
        }
        if name == "__init__" && matches!(kind, TypeKind::Dict | TypeKind::List) {
            let mut args = args;
            if args.positional.is_empty() {
                return Err(PyException::type_error(format!(
                    "descriptor '__init__' of '{}' object needs an argument",
                    kind.name()
                )));
            }
            let receiver = args.positional.remove(0);
            self.builtin_init(&receiver, args)?;
            return Ok(Value::None);
        }
        if args.positional.is_empty() {
            return Err(PyException::type_error(format!(
                "descriptor '{name}' of '{}' object needs an argument",
                kind.name()
            )));
        }
        let receiver = args.positional.remove(0);
        let fits = match kind {
            TypeKind::Str => matches!(receiver, Value::Str(_)),
            TypeKind::Unicode => matches!(receiver, Value::Unicode(_)),
            TypeKind::List => matches!(receiver, Value::List(_)),
            TypeKind::Dict => matches!(receiver, Value::Dict(_)),
            TypeKind::Set => matches!(receiver, Value::Set(_)),
            TypeKind::FrozenSet => matches!(receiver, Value::FrozenSet(_)),
            _ => true,
        };
        if !fits {
            return Err(PyException::type_error(format!(
                "descriptor '{name}' requires a '{}' object but received a '{}'",
                kind.name(),
                receiver.type_name()
            )));
        }
        self.call_method(
            receiver,
            name,
            args.positional,
            args.keywords,
            self.call_span,
        )
    }
}
