//! The builtin namespace and the type constructors (`int()`, `str()`, `dict()`...).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::builtins_more as more;
use super::call::Args;
use super::errors::{ExcType, Fatal, PyException};
use super::interp::Interpreter;
use super::number;
use crate::value::{BuiltinFn, Class, FxBuild, Namespace, PyResult, TypeKind, Value, XRange};

/// Every builtin function, by name.
static BUILTIN_FNS: &[BuiltinFn] = &[
    builtin!("len", builtin_len),
    builtin!("range", builtin_range),
    builtin!("repr", builtin_repr),
    builtin!("abs", builtin_abs),
    builtin!("isinstance", builtin_isinstance),
    builtin!("issubclass", builtin_issubclass),
    builtin!("getattr", builtin_getattr),
    builtin!("setattr", builtin_setattr),
    builtin!("hasattr", builtin_hasattr),
    builtin!("delattr", builtin_delattr),
    builtin!("callable", builtin_callable),
    builtin!("iter", builtin_iter),
    builtin!("next", builtin_next),
    builtin!("id", builtin_id),
    builtin!("hash", builtin_hash),
    builtin!("cmp", builtin_cmp),
    builtin!("format", builtin_format),
    builtin!("vars", builtin_vars),
    builtin!("locals", builtin_vars),
    builtin!("globals", builtin_vars),
    builtin!("dir", builtin_dir),
    builtin!("classmethod", builtin_classmethod),
    builtin!("staticmethod", builtin_staticmethod),
    builtin!("property", builtin_property),
    builtin!("sorted", more::sorted),
    builtin!("reversed", more::reversed),
    builtin!("min", more::min),
    builtin!("max", more::max),
    builtin!("sum", more::sum),
    builtin!("round", more::round),
    builtin!("zip", more::zip),
    builtin!("enumerate", more::enumerate),
    builtin!("map", more::map),
    builtin!("filter", more::filter),
    builtin!("reduce", more::reduce),
    builtin!("any", more::any),
    builtin!("all", more::all),
    builtin!("ord", more::ord),
    builtin!("chr", more::chr),
    builtin!("unichr", more::unichr),
    builtin!("hex", more::hex),
    builtin!("oct", more::oct),
    builtin!("bin", more::bin),
    builtin!("divmod", more::divmod),
    builtin!("pow", more::pow),
    builtin!("open", super::modules::open),
    builtin!("include", super::include::include),
    builtin!("super", more::super_),
    builtin!("print", builtin_print),
    builtin!("eval", unsupported_builtin),
    builtin!("exec", super::exec::builtin_exec),
    builtin!("execfile", unsupported_builtin),
    builtin!("compile", unsupported_builtin),
    builtin!("__import__", unsupported_builtin),
    builtin!("input", unsupported_builtin),
    builtin!("raw_input", unsupported_builtin),
    builtin!("exit", unsupported_builtin),
    builtin!("quit", unsupported_builtin),
];

/// Builtin types, callable as constructors.
const TYPES: &[TypeKind] = &[
    TypeKind::Object,
    TypeKind::Bool,
    TypeKind::Int,
    TypeKind::Long,
    TypeKind::Float,
    TypeKind::Str,
    TypeKind::Unicode,
    TypeKind::BaseString,
    TypeKind::List,
    TypeKind::Tuple,
    TypeKind::Dict,
    TypeKind::Set,
    TypeKind::FrozenSet,
    TypeKind::XRange,
    TypeKind::Type,
];

/// `BaseException.__init__(self, *args)`: sets `args` and `message`.
pub(crate) static EXCEPTION_INIT: BuiltinFn = builtin!("__init__", exception_init);

/// `dict.__init__(self, ...)` / `list.__init__(self, ...)` for subclasses.
pub(crate) static CONTAINER_INIT: BuiltinFn = builtin!("__init__", container_init);

fn container_init(interp: &mut Interpreter, mut args: Args) -> PyResult<Value> {
    args.expect_positional("__init__", 1, 2)?;
    let receiver = args.positional.remove(0);
    interp.builtin_init(&receiver, args)?;
    Ok(Value::None)
}

/// `object.__init__(self)`.
pub(crate) static OBJECT_INIT: BuiltinFn = builtin!("__init__", object_init);

fn exception_init(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect_positional("__init__", 1, usize::MAX)?;
    if let Value::Instance(instance) = &args.positional[0] {
        let rest = args.positional[1..].to_vec();
        let message = if rest.len() == 1 {
            rest[0].clone()
        } else {
            Value::str("")
        };
        let mut dict = instance.dict.borrow_mut();
        dict.insert("args".into(), Value::tuple(rest));
        dict.insert("message".into(), message);
    }
    Ok(Value::None)
}

fn object_init(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("__init__", 1, 1)?;
    Ok(Value::None)
}

/// The exception classes by kind.
pub(crate) type ExceptionClasses = HashMap<ExcType, Rc<Class>, FxBuild>;

thread_local! {
    /// Built once per thread and shared by every evaluation on it: nothing changes them
    /// (the exception classes are frozen, as Python's built-in types are).
    static BUILTINS: (Rc<Namespace>, Rc<ExceptionClasses>) = builtin_namespace();
}

/// The builtin namespace (functions, types, constants, exception classes) and the
/// exception classes by kind.
pub(crate) fn builtins() -> (Rc<Namespace>, Rc<ExceptionClasses>) {
    BUILTINS.with(|(names, classes)| (Rc::clone(names), Rc::clone(classes)))
}

fn builtin_namespace() -> (Rc<Namespace>, Rc<ExceptionClasses>) {
    let mut names = Namespace::default();
    let mut classes = ExceptionClasses::default();
    for builtin in BUILTIN_FNS {
        names.insert(builtin.name.into(), Value::Builtin(builtin));
    }
    for kind in TYPES {
        names.insert(kind.name().into(), Value::Type(*kind));
    }
    names.insert("True".into(), Value::Bool(true));
    names.insert("False".into(), Value::Bool(false));
    names.insert("None".into(), Value::None);
    names.insert("Ellipsis".into(), Value::Ellipsis);
    // Aurora execs configs without `__name__`, so it resolves to the builtins module's.
    names.insert("__name__".into(), Value::str("__builtin__"));
    for kind in ExcType::ALL {
        let parent = kind.parent().map(|parent| Rc::clone(&classes[&parent]));
        let mro = match &parent {
            Some(parent) => {
                let mut mro = vec![Rc::clone(parent)];
                mro.extend(parent.mro.iter().cloned());
                mro
            }
            None => Vec::new(),
        };
        let class = Rc::new(Class {
            name: kind.name().into(),
            bases: parent.into_iter().collect(),
            mro,
            dict: RefCell::new(Namespace::default()),
            exception: Some(kind),
            builtin_base: None,
            builtin: true,
            frozen: std::cell::Cell::new(true),
        });
        classes.insert(kind, Rc::clone(&class));
        names.insert(kind.name().into(), Value::Class(class));
    }
    (Rc::new(names), Rc::new(classes))
}

fn builtin_len(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("len", 1, 1)?;
    let value = &args.positional[0];
    let len = match value {
        // A `str` counts its bytes, a `unicode` its characters.
        Value::Str(text) => text.len(),
        Value::Unicode(text) => {
            if text.is_ascii() {
                text.len()
            } else {
                text.chars().count()
            }
        }
        Value::List(list) => list.items.borrow().len(),
        Value::Tuple(tuple) => tuple.items.len(),
        Value::Dict(dict) => dict.map.borrow().len(),
        Value::Set(set) | Value::FrozenSet(set) => set.items.borrow().len(),
        Value::XRange(range) => usize::try_from(range.len())
            .ok()
            .filter(|len| i64::try_from(*len).is_ok())
            .ok_or_else(|| {
                PyException::new(
                    ExcType::OverflowError,
                    "Python int too large to convert to C long",
                )
            })?,
        Value::Native(native) if matches!(**native, crate::value::Native::Environ) => {
            interp.read_env_all()?.len()
        }
        Value::Foreign(foreign) => foreign.len().ok_or_else(|| no_len(value))?,
        Value::Instance(instance) if instance.class.lookup("__len__").is_some() => {
            let result = interp.call_method(
                value.clone(),
                "__len__",
                Vec::new(),
                Vec::new(),
                interp.call_span,
            )?;
            return match result {
                Value::Int(number) if number >= 0 => Ok(Value::Int(number)),
                _ => Err(PyException::value_error("__len__() should return >= 0")),
            };
        }
        _ => return Err(no_len(value)),
    };
    Ok(Value::Int(len as i64))
}

fn no_len(value: &Value) -> Box<PyException> {
    PyException::type_error(format!(
        "object of type '{}' has no len()",
        value.type_name()
    ))
}

fn builtin_range(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    let range = more::range_args(&args, "range")?;
    interp.alloc_items(usize::try_from(range.len()).unwrap_or(usize::MAX))?;
    Ok(Value::list(
        (0..range.len()).map(|i| Value::Int(range.nth(i))).collect(),
    ))
}

fn builtin_repr(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("repr", 1, 1)?;
    Ok(Value::str(interp.repr_value(&args.positional[0])?))
}

fn builtin_abs(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("abs", 1, 1)?;
    number::absolute(&args.positional[0]).ok_or_else(|| {
        PyException::type_error(format!(
            "bad operand type for abs(): '{}'",
            args.positional[0].type_name()
        ))
    })
}

fn builtin_isinstance(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("isinstance", 2, 2)?;
    interp
        .is_instance(&args.positional[0], &args.positional[1])
        .map(Value::Bool)
}

fn builtin_issubclass(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("issubclass", 2, 2)?;
    let result = match (&args.positional[0], &args.positional[1]) {
        (Value::Class(class), Value::Class(base)) => class.is_subclass_of(base),
        (Value::Class(_), Value::Type(TypeKind::Object)) => true,
        (Value::Type(kind), Value::Type(base)) => {
            kind == base
                || *base == TypeKind::Object
                || (*kind == TypeKind::Bool && *base == TypeKind::Int)
        }
        (Value::Type(_), Value::Class(_)) => false,
        _ => {
            return Err(PyException::type_error(
                "issubclass() arg 1 must be a class",
            ))
        }
    };
    Ok(Value::Bool(result))
}

fn attribute_name(args: &Args, function: &str) -> PyResult<String> {
    args.positional[1]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| {
            PyException::type_error(format!("{function}(): attribute name must be string"))
        })
}

fn builtin_getattr(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("getattr", 2, 3)?;
    let name = attribute_name(&args, "getattr")?;
    match interp.get_attr(&args.positional[0], &name) {
        Err(error) if error.exc_type == ExcType::AttributeError && args.positional.len() == 3 => {
            Ok(args.positional[2].clone())
        }
        other => other,
    }
}

fn builtin_setattr(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("setattr", 3, 3)?;
    let name = attribute_name(&args, "setattr")?;
    interp.set_attr(&args.positional[0], &name, args.positional[2].clone())?;
    Ok(Value::None)
}

fn builtin_hasattr(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("hasattr", 2, 2)?;
    let name = attribute_name(&args, "hasattr")?;
    match interp.get_attr(&args.positional[0], &name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(error) if error.is_catchable() => Ok(Value::Bool(false)),
        Err(error) => Err(error),
    }
}

fn builtin_delattr(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("delattr", 2, 2)?;
    let name = attribute_name(&args, "delattr")?;
    interp.del_attr(&args.positional[0], &name)?;
    Ok(Value::None)
}

fn builtin_callable(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("callable", 1, 1)?;
    let callable = match &args.positional[0] {
        Value::Function(_)
        | Value::Builtin(_)
        | Value::Method(_)
        | Value::Type(_)
        | Value::Class(_) => true,
        Value::Instance(instance) => instance.class.lookup("__call__").is_some(),
        Value::Native(native) => matches!(
            **native,
            crate::value::Native::Partial { .. }
                | crate::value::Native::BoundMethod { .. }
                | crate::value::Native::TypeMethod { .. }
        ),
        Value::Foreign(_) => true,
        _ => false,
    };
    Ok(Value::Bool(callable))
}

fn builtin_iter(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("iter", 1, 1)?;
    interp.make_iter(&args.positional[0])
}

fn builtin_next(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("next", 1, 2)?;
    let Value::Iter(_) = &args.positional[0] else {
        return Err(PyException::type_error(format!(
            "{} object is not an iterator",
            args.positional[0].type_name()
        )));
    };
    let mut iterator = interp.iterate(&args.positional[0])?;
    match interp.next_item(&mut iterator)? {
        Some(item) => Ok(item),
        None => match args.positional.get(1) {
            Some(default) => Ok(default.clone()),
            None => Err(Interpreter::stop_iteration()),
        },
    }
}

fn builtin_id(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("id", 1, 1)?;
    let id = super::compare::identity(&args.positional[0]).unwrap_or(0);
    Ok(Value::Int(id as i64))
}

/// `hash(x)`: CPython 2.7's value, the one that orders its dicts.
fn builtin_hash(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("hash", 1, 1)?;
    let key = interp.key(args.positional[0].clone())?;
    Ok(Value::Int(crate::containers::py2_hash(key.value())))
}

/// `cmp(a, b)`: -1, 0 or 1, by Python 2's ordering.
fn builtin_cmp(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("cmp", 2, 2)?;
    let ordering = interp.compare(&args.positional[0], &args.positional[1])?;
    Ok(Value::Int(ordering as i64))
}

fn builtin_format(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("format", 1, 2)?;
    let spec = match args.positional.get(1) {
        Some(spec) => spec
            .as_str()
            .ok_or_else(|| PyException::type_error("format() argument 2 must be str"))?
            .to_string(),
        None => String::new(),
    };
    Ok(Value::str(interp.format_value(&args.positional[0], &spec)?))
}

fn builtin_vars(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("vars", 1, 1)?;
    interp.get_attr(&args.positional[0], "__dict__")
}

fn builtin_dir(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("dir", 1, 1)?;
    let mut names: Vec<String> = match &args.positional[0] {
        Value::Instance(instance) => {
            let mut names: Vec<String> = instance
                .dict
                .borrow()
                .keys()
                .map(|k| k.to_string())
                .collect();
            names.extend(instance.class.dict.borrow().keys().map(|k| k.to_string()));
            for class in &instance.class.mro {
                names.extend(class.dict.borrow().keys().map(|k| k.to_string()));
            }
            names
        }
        Value::Class(class) => class.dict.borrow().keys().map(|k| k.to_string()).collect(),
        Value::Module(module) => module.attrs.keys().map(|k| k.to_string()).collect(),
        _ => Vec::new(),
    };
    names.sort();
    names.dedup();
    interp.alloc_items(names.len())?;
    Ok(Value::list(names.into_iter().map(Value::str).collect()))
}

fn wrapper(args: Args, name: &str, make: fn(Value) -> crate::value::Native) -> PyResult<Value> {
    args.expect(name, 1, 1)?;
    Ok(Value::Native(Rc::new(make(args.positional[0].clone()))))
}

fn builtin_classmethod(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    wrapper(args, "classmethod", crate::value::Native::ClassMethod)
}

fn builtin_staticmethod(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    wrapper(args, "staticmethod", crate::value::Native::StaticMethod)
}

fn builtin_property(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    wrapper(args, "property", crate::value::Native::Property)
}

/// `print(*values, sep=' ', end='\n', file=None)` (under `print_function`).
fn builtin_print(interp: &mut Interpreter, mut args: Args) -> PyResult<Value> {
    let sep = args.take_keyword("sep");
    let end = args.take_keyword("end");
    args.take_keyword("file");
    args.no_keywords_left("print")?;
    let text_of = |value: Option<Value>, default: &str| -> PyResult<String> {
        match value {
            None | Some(Value::None) => Ok(default.to_string()),
            Some(value) => value
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| PyException::type_error("sep and end must be None or a string")),
        }
    };
    let sep = text_of(sep, " ")?;
    let end = text_of(end, "\n")?;
    let mut text = String::new();
    for (index, value) in args.positional.iter().enumerate() {
        if index > 0 {
            text.push_str(&sep);
        }
        text.push_str(&interp.str_value(value)?);
    }
    text.push_str(&end);
    interp.write_output(&text);
    Ok(Value::None)
}

pub(crate) fn unsupported_builtin(interp: &mut Interpreter, _: Args) -> PyResult<Value> {
    let span = interp.call_span;
    let name = interp
        .snippet(span)
        .split('(')
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    let mut error = PyException::fatal(
        Fatal::Unsupported,
        format!("`{name}` is not supported in .aurora files"),
    );
    error.span = Some(span);
    Err(error)
}

/// An `xrange` over validated bounds.
pub(crate) fn checked_xrange(start: i64, stop: i64, step: i64) -> PyResult<XRange> {
    if step == 0 {
        return Err(PyException::value_error("xrange() arg 3 must not be zero"));
    }
    Ok(XRange { start, stop, step })
}
