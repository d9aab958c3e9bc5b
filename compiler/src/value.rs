//! The values `.aurora` code computes with: Python 2.7's built-in types, functions,
//! classes and modules, plus a slot for values owned by the layer above ([`Foreign`]:
//! Pystachio types and objects).
//!
//! Mutable containers are shared (`Rc`) with interior mutability, as Python's are. Values
//! are cheap to clone (a reference count) and never `Send`: one evaluation runs on one
//! thread.

use std::any::Any;
use std::cell::RefCell;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use indexmap::IndexMap;
use num_bigint::BigInt;

use crate::containers::{PyDict, PySet};
use crate::eval::errors::PyException;
use crate::eval::scope::FnCode;

/// The result of anything that can raise a Python exception.
pub type PyResult<T> = Result<T, Box<PyException>>;

/// A fast hasher for string and small keys (FxHash's mixing step); evaluation is
/// deterministic, so hash flooding is no concern here.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ rest.len() as u64);
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Builds [`FxHasher`]s.
pub type FxBuild = BuildHasherDefault<FxHasher>;

/// An ordered map from names to values: module globals, class bodies, instance
/// attributes, keyword arguments.
pub type Namespace = IndexMap<Rc<str>, Value, FxBuild>;

/// A Python value.
#[derive(Clone, Default)]
pub enum Value {
    #[default]
    None,
    Bool(bool),
    /// Python 2's `int` (a machine word).
    Int(i64),
    /// Python 2's `long`: arbitrary precision; `int` arithmetic overflows into it.
    Long(Rc<BigInt>),
    Float(f64),
    /// A byte string (`'...'`), kept as UTF-8 text.
    Str(Rc<str>),
    /// A `unicode` string (`u'...'`); equal to a `str` with the same text.
    Unicode(Rc<str>),
    List(Rc<ListObj>),
    Tuple(Rc<TupleObj>),
    Dict(Rc<DictObj>),
    Set(Rc<SetObj>),
    FrozenSet(Rc<SetObj>),
    /// `xrange(start, stop, step)`: lazy, never materialised.
    XRange(XRange),
    /// An iterator (from `iter()`, a generator expression, `itertools`...).
    Iter(Rc<RefCell<IterState>>),
    /// A function defined with `def` or `lambda`.
    Function(Rc<Function>),
    /// A function implemented by the evaluator (`len`, `os.path.join`, ...).
    Builtin(&'static BuiltinFn),
    /// A method bound to its receiver (`'x'.join`, `instance.method`, `Class.classmethod`).
    Method(Rc<Method>),
    /// One of Python's built-in types (`int`, `str`, `dict`...), callable and usable with
    /// `isinstance`.
    Type(TypeKind),
    /// A class defined with `class` (or a built-in exception class).
    Class(Rc<Class>),
    Instance(Rc<Instance>),
    Module(Rc<Module>),
    /// Small built-in objects with behaviour of their own (`os.environ`, file handles,
    /// `functools.partial`, `classmethod` wrappers...).
    Native(Rc<Native>),
    /// The slot for values the evaluator does not know: Pystachio types, objects and
    /// helpers, supplied through the prelude. See [`Foreign`].
    Foreign(Rc<dyn Foreign>),
    Ellipsis,
}

/// A `list`.
#[derive(Default)]
pub struct ListObj {
    pub items: RefCell<Vec<Value>>,
    /// For instances of `class X(list)`: the class.
    pub class: Option<Rc<Class>>,
}

/// A `tuple`.
#[derive(Default)]
pub struct TupleObj {
    pub items: Vec<Value>,
}

/// A `dict` (also `collections.OrderedDict` and `defaultdict`), iterating as CPython 2.7.
#[derive(Default)]
pub struct DictObj {
    pub map: RefCell<PyDict>,
    /// `defaultdict`'s factory, called for missing keys.
    pub default_factory: Option<Value>,
    /// For instances of `class X(dict)`: the class.
    pub class: Option<Rc<Class>>,
}

/// A `set` or `frozenset`, iterating as CPython 2.7.
#[derive(Default)]
pub struct SetObj {
    pub items: RefCell<PySet>,
}

/// A hashable value used as a dict key or set element. Equality and hashing follow
/// Python's (`1 == 1.0 == True` hash alike); only the evaluator builds one, after checking
/// the value is hashable, so the `Hash` and `Eq` impls never meet a list or a dict.
#[derive(Clone)]
pub struct Key(pub(crate) Value);

impl Key {
    /// The value behind the key.
    pub fn value(&self) -> &Value {
        &self.0
    }

    pub fn into_value(self) -> Value {
        self.0
    }
}

/// The lazy range of `xrange`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XRange {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl XRange {
    /// Number of elements.
    pub fn len(&self) -> u64 {
        let (start, stop, step) = (
            i128::from(self.start),
            i128::from(self.stop),
            i128::from(self.step),
        );
        let count = if step > 0 && start < stop {
            (stop - start + step - 1) / step
        } else if step < 0 && start > stop {
            (start - stop - step - 1) / -step
        } else {
            0
        };
        count as u64
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `index`th element (no bounds check).
    pub fn nth(&self, index: u64) -> i64 {
        (i128::from(self.start) + i128::from(index) * i128::from(self.step)) as i64
    }
}

/// The state of an iterator value.
pub enum IterState {
    /// Over a snapshot (generator expressions, `reversed`, dict views).
    Values(std::vec::IntoIter<Value>),
    /// Over a live list, as Python's list iterator.
    List(Rc<ListObj>, usize),
    Range(XRange, u64),
    /// `itertools.count(start, step)`.
    Count(Value, Value),
    /// `itertools.repeat(value, times)`.
    Repeat(Value, Option<u64>),
    /// `itertools.cycle`: the saved values and the position.
    Cycle(Vec<Value>, usize),
    /// `itertools.islice(inner, start, stop, step)`: next index to yield and the bounds.
    Islice {
        inner: Value,
        next: u64,
        position: u64,
        stop: Option<u64>,
        step: u64,
    },
    /// `itertools.chain`: iterators still to go.
    Chain(std::collections::VecDeque<Value>),
    Exhausted,
}

/// A function defined in `.aurora` code.
pub struct Function {
    pub name: Rc<str>,
    pub code: Rc<FnCode>,
    /// Default values of positional parameters, aligned with the parameters that have one.
    pub defaults: Vec<Value>,
    /// Default values of keyword-only parameters, by parameter index.
    pub kw_defaults: Vec<Option<Value>>,
    /// The globals of the module that defined it.
    pub globals: Globals,
    /// The frame of the enclosing function, for closures.
    pub closure: Option<Rc<Frame>>,
}

/// A module's global namespace, shared by the functions it defines.
pub type Globals = Rc<RefCell<Namespace>>;

/// The local variables of one function call, kept alive by closures defined inside it.
pub struct Frame {
    pub code: Rc<FnCode>,
    pub locals: RefCell<Vec<Option<Value>>>,
    pub parent: Option<Rc<Frame>>,
}

/// A built-in function or method.
pub struct BuiltinFn {
    pub name: &'static str,
    pub(crate) func: crate::eval::call::BuiltinImpl,
}

impl fmt::Debug for BuiltinFn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<builtin {}>", self.name)
    }
}

/// A callable bound to the value it was looked up on.
pub struct Method {
    pub receiver: Value,
    pub func: Value,
}

/// Python's built-in types, as values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TypeKind {
    Object,
    NoneType,
    Bool,
    Int,
    Long,
    Float,
    Str,
    Unicode,
    BaseString,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    XRange,
    Type,
    Function,
    Module,
}

impl TypeKind {
    /// The type's `__name__`.
    pub fn name(self) -> &'static str {
        match self {
            TypeKind::Object => "object",
            TypeKind::NoneType => "NoneType",
            TypeKind::Bool => "bool",
            TypeKind::Int => "int",
            TypeKind::Long => "long",
            TypeKind::Float => "float",
            TypeKind::Str => "str",
            TypeKind::Unicode => "unicode",
            TypeKind::BaseString => "basestring",
            TypeKind::List => "list",
            TypeKind::Tuple => "tuple",
            TypeKind::Dict => "dict",
            TypeKind::Set => "set",
            TypeKind::FrozenSet => "frozenset",
            TypeKind::XRange => "xrange",
            TypeKind::Type => "type",
            TypeKind::Function => "function",
            TypeKind::Module => "module",
        }
    }
}

/// A class defined with `class`, or one of the built-in exception classes.
pub struct Class {
    pub name: Rc<str>,
    pub bases: Vec<Rc<Class>>,
    /// Every ancestor in method resolution order, not including the class itself.
    pub mro: Vec<Rc<Class>>,
    pub dict: RefCell<Namespace>,
    /// For exception classes: the nearest built-in exception class.
    pub exception: Option<crate::eval::errors::ExcType>,
    /// For subclasses of `dict` or `list`: which one (instances are dicts or lists).
    pub builtin_base: Option<TypeKind>,
    /// Whether this is one of the evaluator's own exception classes.
    pub builtin: bool,
    /// Set for the prelude's classes (`Tasks`, `Units`...): shared by every config a thread
    /// evaluates, so no config may change them for the next.
    pub frozen: std::cell::Cell<bool>,
}

impl Class {
    /// Looks `name` up in the class and its ancestors.
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some(value) = self.dict.borrow().get(name) {
            return Some(value.clone());
        }
        self.mro
            .iter()
            .find_map(|class| class.dict.borrow().get(name).cloned())
    }

    /// Whether `self` is `other` or derives from it.
    pub fn is_subclass_of(self: &Rc<Self>, other: &Rc<Class>) -> bool {
        Rc::ptr_eq(self, other) || self.mro.iter().any(|class| Rc::ptr_eq(class, other))
    }
}

/// An instance of a [`Class`].
pub struct Instance {
    pub class: Rc<Class>,
    pub dict: RefCell<Namespace>,
}

/// An imported module (`os`, `json`, ...).
pub struct Module {
    pub name: &'static str,
    pub attrs: Namespace,
}

/// Built-in objects with behaviour of their own.
pub enum Native {
    /// `os.environ`.
    Environ,
    /// A file opened for reading.
    File(RefCell<FileObj>),
    /// `sys.stdout` / `sys.stderr`, for `print >>sys.stderr, ...`.
    Stream(&'static str),
    /// `functools.partial(func, *args, **kwargs)`.
    Partial {
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    },
    ClassMethod(Value),
    StaticMethod(Value),
    Property(Value),
    /// A method of a built-in type bound to its receiver (`'-'.join`, `d.get`).
    BoundMethod {
        receiver: Value,
        name: Rc<str>,
    },
    /// A method of a built-in type looked up on the type (`str.upper`, `dict.get`).
    TypeMethod {
        kind: TypeKind,
        name: Rc<str>,
    },
    /// `super(Class, receiver)`.
    Super {
        class: Rc<Class>,
        receiver: Value,
    },
    /// `string.Template(template)`: the template string.
    Template(Value),
    /// A hash object from `hashlib`: the algorithm and the bytes fed so far.
    Hash {
        algorithm: &'static str,
        data: RefCell<Vec<u8>>,
    },
}

/// The state of an open file: its whole text is read at `open()`.
pub struct FileObj {
    pub name: String,
    pub text: String,
    pub position: usize,
    pub closed: bool,
}

/// Values owned by the layer above the evaluator: Pystachio types (`String`, `Struct`
/// subclasses, `List(...)`), Pystachio objects (a `Process`, a `Job`) and helpers.
///
/// The evaluator knows nothing of Pystachio semantics; it asks the value. Every hook has
/// a default meaning "not supported", which the evaluator turns into Python's own error
/// (`TypeError: 'X' object is not callable`, `AttributeError`...). Errors a hook returns
/// are raised as Python exceptions at the expression that triggered them.
pub trait Foreign: 'static {
    /// The type's name, as `type(x).__name__` prints it (`Process`, `String`).
    fn type_name(&self) -> String;

    /// For the owner to downcast to its own type.
    fn as_any(&self) -> &dyn Any;

    /// `repr(x)`.
    fn repr(&self) -> String;

    /// `str(x)`; defaults to `repr`.
    fn to_str(&self) -> String {
        self.repr()
    }

    /// Truth value (`if x:`).
    fn truthy(&self) -> bool {
        true
    }

    /// `x.name`; `this` is the value itself, for building bound methods. `None` when the
    /// attribute does not exist.
    fn get_attr(&self, this: &Value, name: &str, host: &mut dyn Host) -> Option<PyResult<Value>> {
        let _ = (this, name, host);
        None
    }

    /// `x.name(args)`; `None` falls back to `get_attr` then a call.
    fn call_method(
        &self,
        this: &Value,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
        host: &mut dyn Host,
    ) -> Option<PyResult<Value>> {
        let _ = (this, name, args, kwargs, host);
        None
    }

    /// `x(args)`; `None` when not callable.
    fn call(
        &self,
        this: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
        host: &mut dyn Host,
    ) -> Option<PyResult<Value>> {
        let _ = (this, args, kwargs, host);
        None
    }

    /// `x[key]`; `None` when not subscriptable.
    fn get_item(&self, key: &Value, host: &mut dyn Host) -> Option<PyResult<Value>> {
        let _ = (key, host);
        None
    }

    /// `len(x)`.
    fn len(&self) -> Option<usize> {
        None
    }

    /// Whether `len(x)` is 0.
    fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// The elements `for v in x` visits; `None` when not iterable.
    fn iterate(&self, host: &mut dyn Host) -> Option<PyResult<Vec<Value>>> {
        let _ = host;
        None
    }

    /// `x == other`; `None` compares by identity.
    fn equals(&self, other: &Value) -> Option<bool> {
        let _ = other;
        None
    }

    /// `hash(x)`; `None` hashes by identity.
    fn hash(&self) -> Option<u64> {
        None
    }

    /// `x op other` (or `other op x` when `reflected`); `None` when not supported.
    fn binary_op(
        &self,
        op: aurora_dsl::ast::BinOp,
        other: &Value,
        reflected: bool,
        host: &mut dyn Host,
    ) -> Option<PyResult<Value>> {
        let _ = (op, other, reflected, host);
        None
    }

    /// `type(x)`; `None` gives `object`.
    fn type_of(&self) -> Option<Value> {
        None
    }

    /// `isinstance(value, x)` when `x` is a foreign type; `None` when `x` is no type.
    fn instance_check(&self, value: &Value) -> Option<bool> {
        let _ = value;
        None
    }

    /// `class Name(x, ...): body` where `x` is this foreign type (`class Profile(Struct):`):
    /// builds the class from the evaluated body. `None` when `x` cannot be subclassed.
    fn subclass(
        &self,
        name: &str,
        bases: &[Value],
        namespace: Namespace,
        host: &mut dyn Host,
    ) -> Option<PyResult<Value>> {
        let _ = (name, bases, namespace, host);
        None
    }
}

/// What a [`Foreign`] value may ask of the evaluator while it runs.
pub trait Host {
    /// Calls a Python callable.
    fn call(
        &mut self,
        func: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> PyResult<Value>;
    /// `repr(value)`.
    fn repr(&mut self, value: &Value) -> PyResult<String>;
    /// `str(value)`.
    fn to_str(&mut self, value: &Value) -> PyResult<String>;
    /// Where the call (or operation) being served was written.
    fn call_span(&self) -> aurora_dsl::Span;
    /// Where the keyword argument `name` of the call being served was written, when the
    /// call was written with it (not passed through `**kwargs`).
    fn keyword_span(&self, name: &str) -> Option<aurora_dsl::Span>;
    /// The evaluator's class for a built-in exception, to derive foreign exception
    /// classes from (so `except ValueError` catches them).
    fn exception_class(&self, kind: crate::eval::errors::ExcType) -> Rc<Class>;
}

impl Value {
    /// A byte string.
    pub fn str(text: impl Into<Rc<str>>) -> Value {
        Value::Str(text.into())
    }

    /// A list of `items`.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(ListObj {
            items: RefCell::new(items),
            class: None,
        }))
    }

    /// A tuple of `items`.
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(TupleObj { items }))
    }

    /// A dict of `map`.
    pub fn dict(map: PyDict) -> Value {
        Value::Dict(Rc::new(DictObj {
            map: RefCell::new(map),
            default_factory: None,
            class: None,
        }))
    }

    /// An iterator over `values`.
    pub fn iter_of(values: Vec<Value>) -> Value {
        Value::Iter(Rc::new(RefCell::new(IterState::Values(values.into_iter()))))
    }

    /// The text of a `str` or `unicode`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(text) | Value::Unicode(text) => Some(text),
            _ => None,
        }
    }

    /// Whether this is a `str` or `unicode`.
    pub fn is_string(&self) -> bool {
        matches!(self, Value::Str(_) | Value::Unicode(_))
    }

    /// The class of a `dict` or `list` that is an instance of a subclass.
    pub fn subclass(&self) -> Option<&Rc<Class>> {
        match self {
            Value::Dict(dict) => dict.class.as_ref(),
            Value::List(list) => list.class.as_ref(),
            _ => None,
        }
    }

    /// The name of the value's type, as Python's error messages print it.
    pub fn type_name(&self) -> String {
        if let Some(class) = self.subclass() {
            return class.name.to_string();
        }
        match self {
            Value::Instance(instance) => instance.class.name.to_string(),
            Value::Foreign(foreign) => foreign.type_name(),
            Value::Native(native) => native.type_name().to_string(),
            _ => self.static_type_name().to_string(),
        }
    }

    fn static_type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Long(_) => "long",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Unicode(_) => "unicode",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
            Value::Set(_) => "set",
            Value::FrozenSet(_) => "frozenset",
            Value::XRange(_) => "xrange",
            Value::Iter(_) => "iterator",
            Value::Function(_) => "function",
            Value::Builtin(_) => "builtin_function_or_method",
            Value::Method(_) => "instancemethod",
            Value::Type(_) | Value::Class(_) => "type",
            Value::Module(_) => "module",
            Value::Ellipsis => "ellipsis",
            Value::Instance(_) | Value::Native(_) | Value::Foreign(_) => "object",
        }
    }

    /// A Python 2 `long` holding `value`.
    pub fn from_bigint(value: BigInt) -> Value {
        Value::Long(Rc::new(value))
    }
}

impl Native {
    /// The type name Python prints for this object.
    pub fn type_name(&self) -> &'static str {
        match self {
            Native::Environ => "_Environ",
            Native::File(_) => "file",
            Native::Stream(_) => "file",
            Native::Partial { .. } => "functools.partial",
            Native::ClassMethod(_) => "classmethod",
            Native::StaticMethod(_) => "staticmethod",
            Native::Property(_) => "property",
            Native::BoundMethod { .. } => "builtin_function_or_method",
            Native::TypeMethod { .. } => "method_descriptor",
            Native::Hash { .. } => "HASH",
            Native::Template(_) => "Template",
            Native::Super { .. } => "super",
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::eval::repr::debug_repr(self))
    }
}

// Dropping deeply nested values (a list nested a million times, a chain of closures)
// must not recurse once per level: each container hands its children to
// `drop_iteratively`, which unpacks the ones it owns alone into a work list.

impl Drop for ListObj {
    fn drop(&mut self) {
        drop_iteratively(std::mem::take(self.items.get_mut()));
    }
}

impl Drop for TupleObj {
    fn drop(&mut self) {
        drop_iteratively(std::mem::take(&mut self.items));
    }
}

impl Drop for DictObj {
    fn drop(&mut self) {
        let map = std::mem::take(self.map.get_mut());
        let mut values = Vec::with_capacity(map.len() * 2);
        for (key, value) in map.into_entries() {
            values.push(key.0);
            values.push(value);
        }
        drop_iteratively(values);
    }
}

impl Drop for SetObj {
    fn drop(&mut self) {
        let items = std::mem::take(self.items.get_mut());
        drop_iteratively(items.into_keys().map(|key| key.0).collect());
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let dict = std::mem::take(self.dict.get_mut());
        drop_iteratively(dict.into_values().collect());
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        let locals = std::mem::take(self.locals.get_mut());
        drop_iteratively(locals.into_iter().flatten().collect());
    }
}

/// Moves the children of every container in `stack` that is owned only there onto the
/// stack before it is dropped, so nesting depth never becomes recursion depth.
fn drop_iteratively(mut stack: Vec<Value>) {
    while let Some(value) = stack.pop() {
        match value {
            Value::List(mut list) => {
                if let Some(list) = Rc::get_mut(&mut list) {
                    stack.append(list.items.get_mut());
                }
            }
            Value::Tuple(mut tuple) => {
                if let Some(tuple) = Rc::get_mut(&mut tuple) {
                    stack.append(&mut tuple.items);
                }
            }
            Value::Dict(mut dict) => {
                if let Some(dict) = Rc::get_mut(&mut dict) {
                    for (key, value) in std::mem::take(dict.map.get_mut()).into_entries() {
                        stack.push(key.0);
                        stack.push(value);
                    }
                }
            }
            Value::Set(mut set) | Value::FrozenSet(mut set) => {
                if let Some(set) = Rc::get_mut(&mut set) {
                    stack.extend(std::mem::take(set.items.get_mut()).into_keys().map(|k| k.0));
                }
            }
            Value::Instance(mut instance) => {
                if let Some(instance) = Rc::get_mut(&mut instance) {
                    stack.extend(std::mem::take(instance.dict.get_mut()).into_values());
                }
            }
            Value::Function(mut function) => {
                if let Some(function) = Rc::get_mut(&mut function) {
                    stack.append(&mut function.defaults);
                    let mut next = function.closure.take();
                    while let Some(mut frame) = next.take() {
                        if let Some(frame) = Rc::get_mut(&mut frame) {
                            stack.extend(
                                std::mem::take(frame.locals.get_mut()).into_iter().flatten(),
                            );
                            next = frame.parent.take();
                        }
                    }
                }
            }
            Value::Method(mut method) => {
                if let Some(method) = Rc::get_mut(&mut method) {
                    stack.push(std::mem::take(&mut method.receiver));
                    stack.push(std::mem::take(&mut method.func));
                }
            }
            _ => {}
        }
    }
}
