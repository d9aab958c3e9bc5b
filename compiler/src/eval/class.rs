//! Classes and instances, attribute access on every kind of value, and method calls.

use std::cell::RefCell;
use std::rc::Rc;

use aurora_dsl::ast::{Arg, ClassDef};
use aurora_dsl::Span;

use super::call::Args;
use super::errors::{closest_name, ExcType, PyException};
use super::interp::{Interpreter, Scope};
use super::stmt::{unsupported, Flow};
use super::{methods_containers, methods_str};
use crate::containers::PyDict;
use crate::value::{Class, Instance, Method, Namespace, Native, PyResult, TypeKind, Value};

impl Interpreter<'_> {
    /// `class Name(bases): body`.
    pub(crate) fn exec_class(&mut self, def: &ClassDef, scope: &Scope) -> PyResult<Value> {
        let decorators = def
            .decorators
            .iter()
            .map(|decorator| self.eval(decorator, scope))
            .collect::<PyResult<Vec<_>>>()?;
        let mut bases = Vec::new();
        for arg in &def.bases {
            match arg {
                Arg::Positional(expr) => bases.push(self.eval(expr, scope)?),
                other => {
                    return Err(unsupported(
                        "class keywords and argument unpacking (`metaclass=...`) are",
                        other.value().span,
                    ))
                }
            }
        }
        let namespace = RefCell::new(Namespace::default());
        let body_scope = Scope {
            globals: scope.globals,
            frame: scope.frame,
            class_ns: Some(&namespace),
        };
        match self.exec_block(&def.body, &body_scope)? {
            Flow::Normal => {}
            _ => {
                return Err(PyException::new(
                    ExcType::SyntaxError,
                    "'return', 'break' or 'continue' outside function or loop",
                ))
            }
        }
        let namespace = namespace.into_inner();
        let name = def.name.name.as_str();
        let foreign_base = bases.iter().find_map(|base| match base {
            Value::Foreign(foreign) => Some(Rc::clone(foreign)),
            _ => None,
        });
        let mut class = match foreign_base {
            Some(foreign) => foreign
                .subclass(name, &bases, namespace, self)
                .unwrap_or_else(|| {
                    Err(PyException::type_error(format!(
                        "cannot subclass '{}'",
                        foreign.type_name()
                    )))
                })
                .map_err(|e| e.at(def.name.span))?,
            None => self
                .new_class(name, &bases, namespace)
                .map_err(|e| e.at(def.name.span))?,
        };
        for decorator in decorators.iter().rev() {
            class = self.call_value(decorator, vec![class], Vec::new(), def.name.span)?;
        }
        Ok(class)
    }

    /// Builds a class from its bases and namespace.
    pub(crate) fn new_class(
        &mut self,
        name: &str,
        bases: &[Value],
        namespace: Namespace,
    ) -> PyResult<Value> {
        let mut class_bases = Vec::new();
        let mut builtin_base = None;
        for base in bases {
            match base {
                Value::Class(class) => {
                    builtin_base = builtin_base.or(class.builtin_base);
                    class_bases.push(Rc::clone(class));
                }
                Value::Type(TypeKind::Object) => {}
                Value::Type(kind @ (TypeKind::Dict | TypeKind::List)) => builtin_base = Some(*kind),
                Value::Type(kind) => {
                    return Err(PyException::fatal(
                        super::errors::Fatal::Unsupported,
                        format!(
                            "subclassing the built-in type `{}` is not supported in .aurora files",
                            kind.name()
                        ),
                    ))
                }
                other => {
                    return Err(PyException::type_error(format!(
                        "Error when calling the metaclass bases: cannot inherit from '{}' object",
                        other.type_name()
                    )))
                }
            }
        }
        let mro = linearize(&class_bases)?;
        let exception = mro.iter().find_map(|class| class.exception);
        Ok(Value::Class(Rc::new(Class {
            name: name.into(),
            bases: class_bases,
            mro,
            dict: RefCell::new(namespace),
            exception,
            builtin_base,
            builtin: false,
            frozen: Default::default(),
        })))
    }

    /// `Class(args)`.
    pub(crate) fn instantiate(
        &mut self,
        class: &Rc<Class>,
        positional: Vec<Value>,
        keywords: Vec<(Rc<str>, Value)>,
        span: Span,
    ) -> PyResult<Value> {
        let init = class.lookup("__init__");
        if let Some(kind) = class.builtin_base {
            return self
                .instantiate_builtin_subclass(class, kind, init, positional, keywords, span);
        }
        let instance = if class.exception.is_some() {
            let args = if init.is_some() {
                positional.clone()
            } else {
                if let Some((keyword, _)) = keywords.first() {
                    return Err(PyException::type_error(format!(
                        "{}() got an unexpected keyword argument '{keyword}'",
                        class.name
                    )));
                }
                positional.clone()
            };
            self.new_exception_instance(Rc::clone(class), args)
        } else {
            Value::Instance(Rc::new(Instance {
                class: Rc::clone(class),
                dict: RefCell::new(Namespace::default()),
            }))
        };
        match init {
            Some(init) => {
                let mut args = Vec::with_capacity(positional.len() + 1);
                args.push(instance.clone());
                args.extend(positional);
                let result = self.call_value(&init, args, keywords, span)?;
                if !matches!(result, Value::None) {
                    return Err(PyException::type_error(format!(
                        "__init__() should return None, not '{}'",
                        result.type_name()
                    )));
                }
            }
            None if class.exception.is_none()
                && (!positional.is_empty() || !keywords.is_empty()) =>
            {
                return Err(PyException::type_error(
                    "this constructor takes no arguments",
                ));
            }
            None => {}
        }
        Ok(instance)
    }

    /// An instance of `class X(dict)` or `class X(list)`: a dict or list tagged with its
    /// class, initialised by the class's `__init__` or as `dict(...)`/`list(...)` would be.
    fn instantiate_builtin_subclass(
        &mut self,
        class: &Rc<Class>,
        kind: TypeKind,
        init: Option<Value>,
        positional: Vec<Value>,
        keywords: Vec<(Rc<str>, Value)>,
        span: Span,
    ) -> PyResult<Value> {
        let instance = match kind {
            TypeKind::List => Value::List(Rc::new(crate::value::ListObj {
                items: RefCell::new(Vec::new()),
                class: Some(Rc::clone(class)),
            })),
            _ => Value::Dict(Rc::new(crate::value::DictObj {
                map: RefCell::new(PyDict::new()),
                default_factory: None,
                class: Some(Rc::clone(class)),
            })),
        };
        match init {
            Some(init) => {
                let mut args = Vec::with_capacity(positional.len() + 1);
                args.push(instance.clone());
                args.extend(positional);
                self.call_value(&init, args, keywords, span)?;
            }
            None => self.builtin_init(
                &instance,
                Args {
                    positional,
                    keywords,
                },
            )?,
        }
        Ok(instance)
    }

    /// `dict.__init__(self, ...)` / `list.__init__(self, ...)`: fills `target`.
    pub(crate) fn builtin_init(&mut self, target: &Value, args: Args) -> PyResult<()> {
        match target {
            Value::Dict(dict) => {
                let mut args = args;
                let keywords = std::mem::take(&mut args.keywords);
                args.expect("dict", 0, 1)?;
                if let Some(source) = args.positional.first() {
                    self.update_dict(dict, source)?;
                }
                let mut map = std::mem::take(&mut *dict.map.borrow_mut());
                let merged = self.merge_keywords(&mut map, keywords);
                *dict.map.borrow_mut() = map;
                merged
            }
            Value::List(list) => {
                args.expect("list", 0, 1)?;
                let items = match args.positional.first() {
                    Some(source) => self.collect_values(source)?,
                    None => Vec::new(),
                };
                *list.items.borrow_mut() = items;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// `value.name`.
    pub(crate) fn get_attr(&mut self, value: &Value, name: &str) -> PyResult<Value> {
        if let Some(class) = value.subclass() {
            if let Some(found) = class.lookup(name) {
                let class = Rc::clone(class);
                return self.bind_class_attr(found, value, Some(&class));
            }
            if name == "__class__" {
                return Ok(Value::Class(Rc::clone(class)));
            }
        }
        match value {
            Value::Instance(instance) => {
                if let Some(found) = instance.dict.borrow().get(name) {
                    return Ok(found.clone());
                }
                if let Some(found) = instance.class.lookup(name) {
                    return self.bind_class_attr(found, value, Some(&instance.class));
                }
                match name {
                    "__class__" => return Ok(Value::Class(Rc::clone(&instance.class))),
                    "__dict__" => {
                        let items: Vec<(Rc<str>, Value)> = instance
                            .dict
                            .borrow()
                            .iter()
                            .map(|(k, v)| (Rc::clone(k), v.clone()))
                            .collect();
                        return self.dict_from_names(items);
                    }
                    _ => {}
                }
                if instance.class.lookup("__getattr__").is_some() {
                    return self.call_method(
                        value.clone(),
                        "__getattr__",
                        vec![Value::str(name)],
                        Vec::new(),
                        self.call_span,
                    );
                }
                let candidates: Vec<Rc<str>> = instance.dict.borrow().keys().cloned().collect();
                Err(attribute_error(value, name, candidates))
            }
            Value::Class(class) => {
                if let Some(found) = class.lookup(name) {
                    return self.bind_class_attr(found, &Value::None, Some(class));
                }
                match name {
                    "__name__" => Ok(Value::str(&*class.name)),
                    "__init__" if class.exception.is_some() => {
                        Ok(Value::Builtin(&super::builtins::EXCEPTION_INIT))
                    }
                    "__init__" if class.builtin_base.is_some() => {
                        Ok(Value::Builtin(&super::builtins::CONTAINER_INIT))
                    }
                    "__init__" => Ok(Value::Builtin(&super::builtins::OBJECT_INIT)),
                    "__bases__" => Ok(Value::tuple(
                        class
                            .bases
                            .iter()
                            .map(|base| Value::Class(Rc::clone(base)))
                            .collect(),
                    )),
                    "__dict__" => {
                        let items: Vec<(Rc<str>, Value)> = class
                            .dict
                            .borrow()
                            .iter()
                            .map(|(k, v)| (Rc::clone(k), v.clone()))
                            .collect();
                        self.dict_from_names(items)
                    }
                    _ => {
                        let candidates: Vec<Rc<str>> =
                            class.dict.borrow().keys().cloned().collect();
                        Err(PyException::attribute_error(format!(
                            "type object '{}' has no attribute '{name}'",
                            class.name
                        ))
                        .with_optional_help(closest_name(name, candidates.iter().map(|c| &**c))))
                    }
                }
            }
            Value::Module(module) => match module.attrs.get(name) {
                Some(found) => Ok(found.clone()),
                None => Err(PyException::attribute_error(format!(
                    "'module' object has no attribute '{name}'"
                ))
                .with_optional_help(closest_name(name, module.attrs.keys().map(|k| &**k)))),
            },
            Value::Foreign(foreign) => {
                let foreign = Rc::clone(foreign);
                match foreign.get_attr(value, name, self) {
                    Some(result) => result,
                    None => Err(attribute_error(value, name, Vec::new())),
                }
            }
            Value::Function(function) => match name {
                "__name__" | "func_name" => Ok(Value::str(&*function.name)),
                "__doc__" | "func_doc" => Ok(Value::None),
                _ => Err(attribute_error(value, name, Vec::new())),
            },
            Value::Builtin(builtin) => match name {
                "__name__" => Ok(Value::str(builtin.name)),
                "from_iterable" if builtin.name == "chain" => {
                    Ok(Value::Builtin(&super::stdlib::CHAIN_FROM_ITERABLE))
                }
                _ => Err(attribute_error(value, name, Vec::new())),
            },
            Value::Type(kind) => self.type_attr(*kind, name),
            Value::Float(_) => match name {
                "real" => Ok(value.clone()),
                "imag" => Ok(Value::Float(0.0)),
                _ => self.method_or_error(value, name, &["is_integer", "hex", "conjugate"]),
            },
            Value::Int(_) | Value::Long(_) | Value::Bool(_) => match name {
                "real" | "numerator" => Ok(value.clone()),
                "imag" => Ok(Value::Int(0)),
                "denominator" => Ok(Value::Int(1)),
                _ => self.method_or_error(value, name, &["bit_length", "conjugate"]),
            },
            Value::Str(_) | Value::Unicode(_) => {
                self.method_or_error(value, name, methods_str::STR_METHODS)
            }
            Value::List(_) => self.method_or_error(value, name, methods_containers::LIST_METHODS),
            Value::Tuple(_) => self.method_or_error(value, name, &["index", "count"]),
            Value::Dict(dict) => {
                if name == "default_factory" {
                    return Ok(dict.default_factory.clone().unwrap_or_default());
                }
                self.method_or_error(value, name, methods_containers::DICT_METHODS)
            }
            Value::Set(_) => self.method_or_error(value, name, methods_containers::SET_METHODS),
            Value::FrozenSet(_) => {
                self.method_or_error(value, name, methods_containers::FROZENSET_METHODS)
            }
            Value::Iter(_) => self.method_or_error(value, name, &["next", "__next__"]),
            Value::Native(native) => match &**native {
                Native::Environ => {
                    self.method_or_error(value, name, methods_containers::ENVIRON_METHODS)
                }
                Native::File(file) => match name {
                    "name" => Ok(Value::str(file.borrow().name.as_str())),
                    "closed" => Ok(Value::Bool(file.borrow().closed)),
                    "mode" => Ok(Value::str("r")),
                    _ => self.method_or_error(value, name, super::modules::FILE_METHODS),
                },
                Native::Stream(_) => self.method_or_error(value, name, &["write", "flush"]),
                Native::Hash { .. } => {
                    self.method_or_error(value, name, &["update", "hexdigest", "digest", "copy"])
                }
                Native::Template(template) if name == "template" => Ok(template.clone()),
                Native::Template(_) => {
                    self.method_or_error(value, name, super::template::TEMPLATE_METHODS)
                }
                Native::Super { class, receiver } => self.super_attr(class, receiver, name),
                Native::Partial { func, args, .. } => match name {
                    "func" => Ok(func.clone()),
                    "args" => Ok(Value::tuple(args.clone())),
                    _ => Err(attribute_error(value, name, Vec::new())),
                },
                _ => Err(attribute_error(value, name, Vec::new())),
            },
            _ => Err(attribute_error(value, name, Vec::new())),
        }
    }

    /// A bound method of a built-in type if `name` is one, else `AttributeError`.
    fn method_or_error(&mut self, value: &Value, name: &str, methods: &[&str]) -> PyResult<Value> {
        if methods.contains(&name) {
            return Ok(Value::Native(Rc::new(Native::BoundMethod {
                receiver: value.clone(),
                name: name.into(),
            })));
        }
        let candidates: Vec<Rc<str>> = methods.iter().map(|method| Rc::from(*method)).collect();
        Err(attribute_error(value, name, candidates))
    }

    fn type_attr(&mut self, kind: TypeKind, name: &str) -> PyResult<Value> {
        if name == "__name__" {
            return Ok(Value::str(kind.name()));
        }
        let methods: &[&str] = match kind {
            TypeKind::Str | TypeKind::Unicode => methods_str::STR_METHODS,
            TypeKind::List => methods_containers::LIST_METHODS,
            TypeKind::Dict => methods_containers::DICT_METHODS,
            TypeKind::Set => methods_containers::SET_METHODS,
            TypeKind::FrozenSet => methods_containers::FROZENSET_METHODS,
            _ => &[],
        };
        if methods.contains(&name)
            || (name == "__init__" && matches!(kind, TypeKind::Dict | TypeKind::List))
        {
            return Ok(Value::Native(Rc::new(Native::TypeMethod {
                kind,
                name: name.into(),
            })));
        }
        Err(PyException::attribute_error(format!(
            "type object '{}' has no attribute '{name}'",
            kind.name()
        )))
    }

    /// What a class attribute becomes when looked up on an instance or the class.
    fn bind_class_attr(
        &mut self,
        found: Value,
        instance: &Value,
        class: Option<&Rc<Class>>,
    ) -> PyResult<Value> {
        match &found {
            Value::Function(_) if !matches!(instance, Value::None) => {
                Ok(Value::Method(Rc::new(Method {
                    receiver: instance.clone(),
                    func: found,
                })))
            }
            Value::Native(native) => match &**native {
                Native::ClassMethod(func) => {
                    let receiver = match (instance, class) {
                        (Value::Instance(instance), _) => Value::Class(Rc::clone(&instance.class)),
                        (_, Some(class)) => Value::Class(Rc::clone(class)),
                        _ => Value::None,
                    };
                    Ok(Value::Method(Rc::new(Method {
                        receiver,
                        func: func.clone(),
                    })))
                }
                Native::StaticMethod(func) => Ok(func.clone()),
                Native::Property(getter) if !matches!(instance, Value::None) => {
                    self.call_value(getter, vec![instance.clone()], Vec::new(), self.call_span)
                }
                _ => Ok(found),
            },
            _ => Ok(found),
        }
    }

    /// `value.name = new`.
    pub(crate) fn set_attr(&mut self, value: &Value, name: &str, new: Value) -> PyResult<()> {
        refuse_frozen(value)?;
        match value {
            Value::Instance(instance) => {
                super::assign::insert_name(&mut instance.dict.borrow_mut(), name, new);
                Ok(())
            }
            Value::Class(class) => {
                super::assign::insert_name(&mut class.dict.borrow_mut(), name, new);
                Ok(())
            }
            other if other.subclass().is_some() => Err(PyException::fatal(
                super::errors::Fatal::Unsupported,
                format!(
                    "setting attributes on instances of `{}` (a subclass of a built-in type) is not supported in .aurora files",
                    other.type_name()
                ),
            )),
            _ => Err(PyException::attribute_error(format!(
                "'{}' object attribute '{name}' is read-only",
                value.type_name()
            ))),
        }
    }

    /// `del value.name`.
    pub(crate) fn del_attr(&mut self, value: &Value, name: &str) -> PyResult<()> {
        refuse_frozen(value)?;
        let removed = match value {
            Value::Instance(instance) => instance.dict.borrow_mut().shift_remove(name),
            Value::Class(class) => class.dict.borrow_mut().shift_remove(name),
            _ => None,
        };
        match removed {
            Some(_) => Ok(()),
            None => Err(attribute_error(value, name, Vec::new())),
        }
    }

    /// `super(class, receiver).name`: the next definition after `class` in the MRO.
    fn super_attr(&mut self, class: &Rc<Class>, receiver: &Value, name: &str) -> PyResult<Value> {
        let receiver_class = match receiver {
            Value::Instance(instance) => Rc::clone(&instance.class),
            Value::Class(class) => Rc::clone(class),
            other => other
                .subclass()
                .cloned()
                .unwrap_or_else(|| Rc::clone(class)),
        };
        let mut order = vec![Rc::clone(&receiver_class)];
        order.extend(receiver_class.mro.iter().cloned());
        let start = order
            .iter()
            .position(|candidate| Rc::ptr_eq(candidate, class))
            .map_or(order.len(), |index| index + 1);
        for candidate in &order[start..] {
            let found = candidate.dict.borrow().get(name).cloned();
            if let Some(found) = found {
                return self.bind_class_attr(found, receiver, Some(&receiver_class));
            }
        }
        if name == "__init__" {
            let init = if receiver_class.exception.is_some() {
                &super::builtins::EXCEPTION_INIT
            } else if receiver_class.builtin_base.is_some() {
                &super::builtins::CONTAINER_INIT
            } else {
                &super::builtins::OBJECT_INIT
            };
            return Ok(Value::Method(Rc::new(Method {
                receiver: receiver.clone(),
                func: Value::Builtin(init),
            })));
        }
        Err(PyException::attribute_error(format!(
            "'super' object has no attribute '{name}'"
        )))
    }

    fn dict_from_names(&mut self, items: Vec<(Rc<str>, Value)>) -> PyResult<Value> {
        let mut map = PyDict::new();
        for (name, value) in items {
            map.insert(self.key(Value::Str(name))?, value);
        }
        Ok(Value::dict(map))
    }
}

/// `AttributeError: 'T' object has no attribute 'name'`, with a hint.
pub(crate) fn attribute_error(
    value: &Value,
    name: &str,
    candidates: Vec<Rc<str>>,
) -> Box<PyException> {
    PyException::attribute_error(format!(
        "'{}' object has no attribute '{name}'",
        value.type_name()
    ))
    .with_optional_help(closest_name(name, candidates.iter().map(|c| &**c)))
}

impl PyException {
    /// Adds "did you mean" help when there is a close name.
    pub(crate) fn with_optional_help(self: Box<Self>, close: Option<String>) -> Box<PyException> {
        match close {
            Some(close) => self.with_help(format!("did you mean `{close}`?")),
            None => self,
        }
    }
}

/// C3 linearisation of the bases (the class itself excluded).
fn linearize(bases: &[Rc<Class>]) -> PyResult<Vec<Rc<Class>>> {
    let mut sequences: Vec<Vec<Rc<Class>>> = bases
        .iter()
        .map(|base| {
            let mut sequence = vec![Rc::clone(base)];
            sequence.extend(base.mro.iter().cloned());
            sequence
        })
        .collect();
    sequences.push(bases.to_vec());
    let mut result = Vec::new();
    loop {
        sequences.retain(|sequence| !sequence.is_empty());
        if sequences.is_empty() {
            return Ok(result);
        }
        let candidate = sequences.iter().find_map(|sequence| {
            let head = &sequence[0];
            let in_tail = sequences
                .iter()
                .any(|other| other[1..].iter().any(|class| Rc::ptr_eq(class, head)));
            (!in_tail).then(|| Rc::clone(head))
        });
        let Some(next) = candidate else {
            return Err(PyException::type_error(
                "Error when calling the metaclass bases: Cannot create a consistent method resolution order (MRO)",
            ));
        };
        for sequence in &mut sequences {
            if Rc::ptr_eq(&sequence[0], &next) {
                sequence.remove(0);
            }
        }
        result.push(next);
    }
}

/// The prelude's classes are shared by every config evaluated on a thread: changing one
/// would change the next config's schema.
fn refuse_frozen(value: &Value) -> PyResult<()> {
    match value {
        Value::Class(class) if class.frozen.get() => Err(PyException::type_error(format!(
            "can't set attributes of built-in/extension type '{}' (the Aurora schema's classes are read-only)",
            class.name
        ))),
        _ => Ok(()),
    }
}
