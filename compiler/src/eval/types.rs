//! The built-in types as constructors (`int(x)`, `str(x)`, `dict(...)`, `type(x)`) and
//! `isinstance`.

use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::BigInt;

use super::call::Args;
use super::errors::PyException;
use super::interp::Interpreter;
use super::number;
use crate::containers::{PyDict, PySet};
use crate::value::{Class, DictObj, Key, Namespace, PyResult, SetObj, TypeKind, Value};

impl Interpreter<'_> {
    /// Calls a builtin type: `int(x)`, `str(x)`, `dict(...)`...
    pub(crate) fn construct_type(&mut self, kind: TypeKind, mut args: Args) -> PyResult<Value> {
        let name = kind.name();
        match kind {
            TypeKind::Bool => {
                args.expect(name, 0, 1)?;
                match args.positional.first() {
                    Some(value) => Ok(Value::Bool(self.truthy(value)?)),
                    None => Ok(Value::Bool(false)),
                }
            }
            TypeKind::Int | TypeKind::Long => {
                let base = args.take_keyword("base");
                args.expect(name, 0, 2)?;
                let base = base.or_else(|| args.positional.get(1).cloned());
                let value = match args.positional.first() {
                    Some(value) => self.int_of(value, base.as_ref(), kind == TypeKind::Long)?,
                    None => Value::Int(0),
                };
                Ok(match (kind, value) {
                    (TypeKind::Long, Value::Int(small)) => Value::from_bigint(BigInt::from(small)),
                    (_, value) => value,
                })
            }
            TypeKind::Float => {
                args.expect(name, 0, 1)?;
                match args.positional.first() {
                    Some(value) => self.float_of(value).map(Value::Float),
                    None => Ok(Value::Float(0.0)),
                }
            }
            TypeKind::Str | TypeKind::Unicode => {
                args.expect(name, 0, 3)?;
                let text = match args.positional.first() {
                    Some(value) => self.str_value(value)?,
                    None => String::new(),
                };
                Ok(if kind == TypeKind::Unicode {
                    Value::Unicode(text.into())
                } else {
                    Value::Str(text.into())
                })
            }
            TypeKind::List | TypeKind::Tuple => {
                args.expect(name, 0, 1)?;
                let items = match args.positional.first() {
                    Some(value) => self.collect_values(value)?,
                    None => Vec::new(),
                };
                Ok(if kind == TypeKind::List {
                    Value::list(items)
                } else {
                    Value::tuple(items)
                })
            }
            TypeKind::Set | TypeKind::FrozenSet => {
                args.expect(name, 0, 1)?;
                let set = match args.positional.first() {
                    Some(value) => self.set_from(value)?,
                    None => PySet::new(),
                };
                let set = Rc::new(SetObj {
                    items: RefCell::new(set),
                });
                Ok(if kind == TypeKind::Set {
                    Value::Set(set)
                } else {
                    Value::FrozenSet(set)
                })
            }
            TypeKind::Dict => self.build_dict(args, None),
            TypeKind::XRange => super::builtins_more::xrange(self, args),
            TypeKind::Type => {
                if !args.keywords.is_empty() || !matches!(args.positional.len(), 1 | 3) {
                    return Err(PyException::type_error("type() takes 1 or 3 arguments"));
                }
                match args.positional.as_slice() {
                    [value] => Ok(self.type_of(value)),
                    [name, bases, body] => {
                        let refuse = |position: usize, wanted: &str, value: &Value| {
                            Err(PyException::type_error(format!(
                                "type() argument {position} must be {wanted}, not {}",
                                value.type_name()
                            )))
                        };
                        let Some(class_name) = name.as_str() else {
                            return refuse(1, "string", name);
                        };
                        let class_name = class_name.to_string();
                        if !matches!(bases, Value::Tuple(_)) {
                            return refuse(2, "tuple", bases);
                        }
                        if !matches!(body, Value::Dict(_)) {
                            return refuse(3, "dict", body);
                        }
                        let bases = self.collect_values(bases)?;
                        let mut namespace = Namespace::default();
                        for (key, value) in self.mapping_items(body)? {
                            if let Some(key) = key.value().as_str() {
                                namespace.insert(key.into(), value);
                            }
                        }
                        self.new_class(&class_name, &bases, namespace)
                    }
                    _ => Err(PyException::type_error("type() takes 1 or 3 arguments")),
                }
            }
            TypeKind::Object => {
                args.expect(name, 0, 0)?;
                let class = match self.builtins.get("__object_class") {
                    Some(Value::Class(class)) => Rc::clone(class),
                    _ => Rc::new(Class {
                        name: "object".into(),
                        bases: Vec::new(),
                        mro: Vec::new(),
                        dict: RefCell::new(Namespace::default()),
                        exception: None,
                        builtin_base: None,
                        builtin: true,
                        frozen: Default::default(),
                    }),
                };
                Ok(Value::Instance(Rc::new(crate::value::Instance {
                    class,
                    dict: RefCell::new(Namespace::default()),
                })))
            }
            TypeKind::BaseString => Err(PyException::type_error(
                "The basestring type cannot be instantiated",
            )),
            TypeKind::NoneType | TypeKind::Function | TypeKind::Module => Err(
                PyException::type_error(format!("cannot create '{name}' instances")),
            ),
        }
    }

    /// `dict(mapping_or_pairs, **kwargs)`; `factory` for `defaultdict`.
    pub(crate) fn build_dict(&mut self, mut args: Args, factory: Option<Value>) -> PyResult<Value> {
        self.build_dict_into(PyDict::new(), &mut args, factory)
    }

    /// `collections.OrderedDict(mapping_or_pairs, **kwargs)`.
    pub(crate) fn build_ordered_dict(&mut self, mut args: Args) -> PyResult<Value> {
        let keywords = std::mem::take(&mut args.keywords);
        args.expect("OrderedDict", 0, 1)?;
        let mut map = PyDict::new_ordered();
        if let Some(source) = args.positional.first() {
            // MutableMapping.update walks the source as Python code does.
            let pairs = match source {
                Value::Dict(_) => self.iterate_mapping(source)?,
                _ => self.update_pairs(source)?,
            };
            for (key, value) in pairs {
                map.insert(key, value);
            }
        }
        // `**kwds` is a plain dict in OrderedDict.__init__, handed on as `**kwds` to
        // MutableMapping.update (a second dict built from the first), walked with items().
        let mut init_kwds = PyDict::new();
        for (name, value) in keywords {
            init_kwds.insert(self.key(Value::Str(name))?, value);
        }
        let update_kwds: PyDict = init_kwds
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (key, value) in update_kwds.iter() {
            map.insert(key.clone(), value.clone());
        }
        self.finish_dict(map, None)
    }

    fn build_dict_into(
        &mut self,
        mut map: PyDict,
        args: &mut Args,
        factory: Option<Value>,
    ) -> PyResult<Value> {
        let keywords = std::mem::take(&mut args.keywords);
        args.expect("dict", 0, 1)?;
        if let Some(source) = args.positional.first() {
            self.update_pydict(&mut map, source)?;
        }
        self.merge_keywords(&mut map, keywords)?;
        self.finish_dict(map, factory)
    }

    fn finish_dict(&mut self, map: PyDict, factory: Option<Value>) -> PyResult<Value> {
        self.alloc_items(map.len())?;
        Ok(Value::Dict(Rc::new(DictObj {
            map: RefCell::new(map),
            default_factory: factory,
            class: None,
        })))
    }

    /// `d.update(source)`: a dict is merged (`PyDict_Merge`), another mapping copied key by
    /// key, anything else read as (key, value) pairs.
    pub(crate) fn update_dict(&mut self, target: &DictObj, source: &Value) -> PyResult<()> {
        if let Value::Dict(other) = source {
            if std::ptr::eq(Rc::as_ptr(other), target) {
                return Ok(());
            }
            let other = other.map.borrow();
            target.map.borrow_mut().merge(&other, true);
            return Ok(());
        }
        let mut map = std::mem::take(&mut *target.map.borrow_mut());
        let result = self.update_pydict(&mut map, source);
        *target.map.borrow_mut() = map;
        result
    }

    /// [`Interpreter::update_dict`] into a dict being built.
    pub(crate) fn update_pydict(&mut self, map: &mut PyDict, source: &Value) -> PyResult<()> {
        if let Value::Dict(other) = source {
            map.merge(&other.map.borrow(), true);
            return Ok(());
        }
        let pairs = self.update_pairs(source)?;
        for (key, value) in pairs {
            map.insert(key, value);
        }
        Ok(())
    }

    /// The keyword arguments of `dict(**kw)` / `d.update(**kw)`: the `kw` dict merged in.
    pub(crate) fn merge_keywords(
        &mut self,
        map: &mut PyDict,
        keywords: super::call::Keywords,
    ) -> PyResult<()> {
        let len = keywords.len();
        let mut entries = Vec::with_capacity(len);
        for (name, value) in keywords {
            entries.push((self.key(Value::Str(name))?, value));
        }
        map.merge_entries(entries, len, true);
        Ok(())
    }

    /// A mapping's entries as a Python loop over it sees them (an `OrderedDict` in order).
    fn iterate_mapping(&mut self, source: &Value) -> PyResult<Vec<(Key, Value)>> {
        match source {
            Value::Dict(dict) => Ok(dict
                .map
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()),
            other => self.mapping_items(other),
        }
    }

    /// The (key, value) pairs `dict.update` takes from a non-dict: a mapping's keys() and
    /// items, or an iterable of pairs.
    fn update_pairs(&mut self, source: &Value) -> PyResult<Vec<(Key, Value)>> {
        if matches!(source, Value::Dict(_) | Value::Native(_))
            || matches!(source, Value::Instance(i) if i.class.lookup("keys").is_some())
        {
            return self.mapping_items(source);
        }
        let mut pairs = Vec::new();
        for (index, pair) in self.collect_values(source)?.into_iter().enumerate() {
            let items = self.collect_values(&pair).map_err(|_| {
                PyException::type_error(format!(
                    "cannot convert dictionary update sequence element #{index} to a sequence"
                ))
            })?;
            let [key, value] = <[Value; 2]>::try_from(items).map_err(|items| {
                PyException::value_error(format!(
                    "dictionary update sequence element #{index} has length {}; 2 is required",
                    items.len()
                ))
            })?;
            pairs.push((self.key(key)?, value));
        }
        Ok(pairs)
    }

    /// `set(iterable)`: a set is merged, a plain dict's keys added in its table order after
    /// one resize, anything else added item by item.
    pub(crate) fn set_from(&mut self, source: &Value) -> PyResult<PySet> {
        let mut set = PySet::new();
        match source {
            Value::Set(other) | Value::FrozenSet(other) => set.merge(&other.items.borrow()),
            Value::Dict(dict) if dict.class.is_none() && dict.default_factory.is_none() => {
                set.merge_dict_keys(&dict.map.borrow())
            }
            other => {
                for item in self.collect_values(other)? {
                    set.insert(self.key(item)?);
                }
            }
        }
        self.alloc_items(set.len())?;
        Ok(set)
    }

    /// `type(value)`.
    pub(crate) fn type_of(&self, value: &Value) -> Value {
        if let Some(class) = value.subclass() {
            return Value::Class(Rc::clone(class));
        }
        let kind = match value {
            Value::None => TypeKind::NoneType,
            Value::Bool(_) => TypeKind::Bool,
            Value::Int(_) => TypeKind::Int,
            Value::Long(_) => TypeKind::Long,
            Value::Float(_) => TypeKind::Float,
            Value::Str(_) => TypeKind::Str,
            Value::Unicode(_) => TypeKind::Unicode,
            Value::List(_) => TypeKind::List,
            Value::Tuple(_) => TypeKind::Tuple,
            Value::Dict(_) => TypeKind::Dict,
            Value::Set(_) => TypeKind::Set,
            Value::FrozenSet(_) => TypeKind::FrozenSet,
            Value::XRange(_) => TypeKind::XRange,
            Value::Function(_) | Value::Builtin(_) | Value::Method(_) => TypeKind::Function,
            Value::Type(_) | Value::Class(_) => TypeKind::Type,
            Value::Module(_) => TypeKind::Module,
            Value::Instance(instance) => return Value::Class(Rc::clone(&instance.class)),
            Value::Foreign(foreign) => {
                return foreign.type_of().unwrap_or(Value::Type(TypeKind::Object))
            }
            _ => TypeKind::Object,
        };
        Value::Type(kind)
    }

    /// `int(value, base)`, or `long(value, base)` when `long`.
    pub(crate) fn int_of(
        &mut self,
        value: &Value,
        base: Option<&Value>,
        long: bool,
    ) -> PyResult<Value> {
        if let Some(base) = base {
            let base = number::as_i64(base)
                .ok_or_else(|| PyException::type_error("an integer is required"))?;
            let Some(text) = value.as_str() else {
                return Err(PyException::type_error(
                    "int() can't convert non-string with explicit base",
                ));
            };
            return parse_int(text, base, long);
        }
        match value {
            Value::Bool(flag) => Ok(Value::Int(i64::from(*flag))),
            Value::Int(_) | Value::Long(_) => Ok(value.clone()),
            Value::Float(number) => number::float_to_int(*number),
            Value::Str(text) | Value::Unicode(text) => parse_int(text, 10, long),
            Value::Instance(instance) if instance.class.lookup("__int__").is_some() => self
                .call_method(
                    value.clone(),
                    "__int__",
                    Vec::new(),
                    Vec::new(),
                    self.call_span,
                ),
            _ => Err(PyException::type_error(format!(
                "int() argument must be a string or a number, not '{}'",
                value.type_name()
            ))),
        }
    }

    /// `float(value)`.
    pub(crate) fn float_of(&mut self, value: &Value) -> PyResult<f64> {
        match value {
            Value::Str(text) | Value::Unicode(text) => parse_float(text),
            Value::Instance(instance) if instance.class.lookup("__float__").is_some() => {
                let result = self.call_method(
                    value.clone(),
                    "__float__",
                    Vec::new(),
                    Vec::new(),
                    self.call_span,
                )?;
                self.float_of(&result)
            }
            other => number::as_f64(other).unwrap_or_else(|| {
                Err(PyException::type_error(
                    "float() argument must be a string or a number",
                ))
            }),
        }
    }

    /// `isinstance(value, kind)` for one class or type.
    pub(crate) fn is_instance(&mut self, value: &Value, kind: &Value) -> PyResult<bool> {
        Ok(match kind {
            Value::Tuple(kinds) => {
                for kind in &kinds.items {
                    if self.is_instance(value, kind)? {
                        return Ok(true);
                    }
                }
                false
            }
            Value::Type(kind) => type_matches(*kind, value),
            Value::Class(class) => match value {
                Value::Instance(instance) => instance.class.is_subclass_of(class),
                other => other
                    .subclass()
                    .is_some_and(|own| own.is_subclass_of(class)),
            },
            Value::Foreign(foreign) => foreign.instance_check(value).ok_or_else(|| {
                PyException::type_error(
                    "isinstance() arg 2 must be a class, type, or tuple of classes and types",
                )
            })?,
            _ => {
                return Err(PyException::type_error(
                    "isinstance() arg 2 must be a class, type, or tuple of classes and types",
                ))
            }
        })
    }
}

/// Whether `value` is an instance of the builtin type `kind`.
fn type_matches(kind: TypeKind, value: &Value) -> bool {
    match kind {
        TypeKind::Object => true,
        TypeKind::NoneType => matches!(value, Value::None),
        TypeKind::Bool => matches!(value, Value::Bool(_)),
        TypeKind::Int => matches!(value, Value::Int(_) | Value::Bool(_)),
        TypeKind::Long => matches!(value, Value::Long(_)),
        TypeKind::Float => matches!(value, Value::Float(_)),
        TypeKind::Str => matches!(value, Value::Str(_)),
        TypeKind::Unicode => matches!(value, Value::Unicode(_)),
        TypeKind::BaseString => value.is_string(),
        TypeKind::List => matches!(value, Value::List(_)),
        TypeKind::Tuple => matches!(value, Value::Tuple(_)),
        TypeKind::Dict => matches!(value, Value::Dict(_)),
        TypeKind::Set => matches!(value, Value::Set(_)),
        TypeKind::FrozenSet => matches!(value, Value::FrozenSet(_)),
        TypeKind::XRange => matches!(value, Value::XRange(_)),
        TypeKind::Type => matches!(value, Value::Type(_) | Value::Class(_)),
        TypeKind::Function => matches!(value, Value::Function(_)),
        TypeKind::Module => matches!(value, Value::Module(_)),
    }
}

/// `int(text, base)` (or `long(text, base)` when `long`) with Python 2's rules and
/// messages: only `long` takes an `L` suffix, and `int` quotes the text without its
/// leading whitespace.
pub(crate) fn parse_int(text: &str, base: i64, long: bool) -> PyResult<Value> {
    let invalid = || {
        let (function, shown) = if long {
            ("long", text)
        } else {
            ("int", text.trim_start())
        };
        PyException::value_error(format!(
            "invalid literal for {function}() with base {base}: {}",
            super::repr::quote_str(shown, false)
        ))
    };
    if base != 0 && !(2..=36).contains(&base) {
        return Err(PyException::value_error(
            "int() base must be >= 2 and <= 36",
        ));
    }
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let lower = digits.to_ascii_lowercase();
    let (radix, digits) = match (base, lower.get(..2)) {
        (16 | 0, Some("0x")) => (16, &digits[2..]),
        (8 | 0, Some("0o")) => (8, &digits[2..]),
        (2 | 0, Some("0b")) => (2, &digits[2..]),
        (0, _) if digits.len() > 1 && digits.starts_with('0') => (8, &digits[1..]),
        (0, _) => (10, digits),
        (base, _) => (base as u32, digits),
    };
    let digits = match digits.strip_suffix(['l', 'L']) {
        Some(digits) if long => digits,
        _ => digits,
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(invalid());
    }
    let magnitude = BigInt::parse_bytes(digits.as_bytes(), radix).ok_or_else(invalid)?;
    Ok(number::int_value(if negative {
        -magnitude
    } else {
        magnitude
    }))
}

/// `float(text)`.
pub(crate) fn parse_float(text: &str) -> PyResult<f64> {
    let trimmed = text.trim();
    let lower = trimmed.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    let special = matches!(unsigned, "inf" | "infinity" | "nan");
    let plain = !trimmed.is_empty()
        && trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    if special || plain {
        if let Ok(value) = lower.parse::<f64>() {
            return Ok(value);
        }
    }
    // Python says which: text that starts with a number, or text that does not.
    let shown = text.trim_start();
    let message = if float_prefix_len(&lower) > 0 {
        format!("invalid literal for float(): {shown}")
    } else {
        format!("could not convert string to float: {shown}")
    };
    Err(PyException::value_error(message))
}

/// The length of the longest start of `text` (lower case, no leading space) that reads
/// as a float, as C's `strtod` reads it: a sign, digits with a point, an exponent; or
/// `inf`, `infinity`, `nan`.
fn float_prefix_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let rest = &text[at..];
    for word in ["infinity", "inf", "nan"] {
        if rest.starts_with(word) {
            return at + word.len();
        }
    }
    let digits = |at: &mut usize| {
        let start = *at;
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        *at - start
    };
    let mut mantissa = digits(&mut at);
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        mantissa += digits(&mut at);
    }
    if mantissa == 0 {
        return 0;
    }
    if bytes.get(at) == Some(&b'e') {
        let mut exponent = at + 1;
        if matches!(bytes.get(exponent), Some(b'+' | b'-')) {
            exponent += 1;
        }
        if digits(&mut exponent) > 0 {
            at = exponent;
        }
    }
    at
}
