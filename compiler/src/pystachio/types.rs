//! `Type`: pystachio's classes (String, Integer, Float, Boolean, Enum, List, Map, Choice and
//! Struct types), their names, identity and `isinstance`.
//!
//! Pystachio builds every List, Map and Choice (and every field type of a Struct) by
//! serializing the given types and rebuilding them, so `List(String)` called twice gives two
//! different classes whose objects are nevertheless instances of both: `isinstance` compares
//! the class name and the serialized form. [`Type::is`] is class identity (Python's `is` and
//! `==` on classes); [`Type::is_instance`] is pystachio's `isinstance`.

use std::rc::Rc;

use super::ctx::Ctx;
use super::error::{Error, Result};
use super::object::{Kwarg, Object};
use super::pyvalue::PyValue;
use super::serialize::{encode_type, type_from_serialized, TypeMemo};
use super::struct_type::StructType;

/// A pystachio type. Cheap to clone.
#[derive(Clone)]
pub struct Type(Rc<TypeData>);

pub(crate) struct TypeData {
    pub(crate) name: Rc<str>,
    pub(crate) kind: Kind,
    /// Canonical bytes of `serialize_type()`, for `isinstance`.
    pub(crate) encoding: Rc<[u8]>,
}

pub(crate) enum Kind {
    String,
    Integer,
    Float,
    Boolean,
    Enum(Rc<[Rc<str>]>),
    List(Type),
    Map(Type, Type),
    Choice(Rc<[Type]>),
    Struct(Rc<StructType>),
}

/// What kind of type this is, with its parameters.
#[derive(Clone, Copy)]
pub enum TypeKind<'a> {
    /// `String`.
    String,
    /// `Integer`.
    Integer,
    /// `Float`.
    Float,
    /// `Boolean`.
    Boolean,
    /// An `Enum` and its values.
    Enum(&'a [Rc<str>]),
    /// `List(element)`.
    List(&'a Type),
    /// `Map(key, value)`.
    Map(&'a Type, &'a Type),
    /// `Choice([alternatives...])`.
    Choice(&'a [Type]),
    /// A Struct type and its fields.
    Struct(&'a StructType),
}

impl std::fmt::Debug for Type {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.repr())
    }
}

thread_local! {
    static BASIC: [Type; 4] = [
        Type::basic("String", Kind::String),
        Type::basic("Integer", Kind::Integer),
        Type::basic("Float", Kind::Float),
        Type::basic("Boolean", Kind::Boolean),
    ];
}

impl Type {
    fn basic(name: &str, kind: Kind) -> Type {
        Type::from_parts(name.into(), kind)
    }

    pub(crate) fn from_parts(name: Rc<str>, kind: Kind) -> Type {
        let encoding = encode_type(&name, &kind).into();
        Type(Rc::new(TypeData {
            name,
            kind,
            encoding,
        }))
    }

    /// `String`.
    pub fn string() -> Type {
        BASIC.with(|b| b[0].clone())
    }

    /// `Integer`.
    pub fn integer() -> Type {
        BASIC.with(|b| b[1].clone())
    }

    /// `Float`.
    pub fn float() -> Type {
        BASIC.with(|b| b[2].clone())
    }

    /// `Boolean`.
    pub fn boolean() -> Type {
        BASIC.with(|b| b[3].clone())
    }

    /// `Enum('Name', ('a', 'b'))`: an enumeration with a name.
    pub fn enumeration(name: &str, values: &[&str]) -> Type {
        Type::from_parts(
            name.into(),
            Kind::Enum(values.iter().map(|v| Rc::from(*v)).collect()),
        )
    }

    /// `Enum(*args)` with Python arguments: `Enum('A', 'B')` (named `Enum_A_B`) or the named
    /// form `Enum('Name', ('a', 'b'))`, with pystachio's errors.
    pub fn enum_from_args(args: &[PyValue]) -> Result<Type> {
        if let [PyValue::Str(name), PyValue::List(values)] = args {
            let mut names = Vec::with_capacity(values.len());
            for v in values {
                match v {
                    PyValue::Str(s) => names.push(s.clone()),
                    _ => return Err(Error::assertion("")),
                }
            }
            return Ok(Type::from_parts(name.clone(), Kind::Enum(names.into())));
        }
        let mut names = Vec::with_capacity(args.len());
        for (i, v) in args.iter().enumerate() {
            match v {
                PyValue::Str(s) => names.push(s.clone()),
                other => {
                    return Err(Error::type_error(format!(
                        "sequence item {i}: expected string, {} found",
                        other.type_name()
                    )))
                }
            }
        }
        let name = format!("Enum_{}", names.join("_"));
        Ok(Type::from_parts(name.into(), Kind::Enum(names.into())))
    }

    /// `List(element)`: a new class around the element type rebuilt.
    pub fn list(element: &Type) -> Type {
        let element = Type::rebuilt(element);
        Type::from_parts(
            format!("{}List", element.name()).into(),
            Kind::List(element),
        )
    }

    /// `Map(key, value)`: a new class around the key and value types rebuilt.
    pub fn map(key: &Type, value: &Type) -> Type {
        let (key, value) = (Type::rebuilt(key), Type::rebuilt(value));
        Type::from_parts(
            format!("{}{}Map", key.name(), value.name()).into(),
            Kind::Map(key, value),
        )
    }

    /// `Choice([alternatives...])`, named `Choice_A_B`.
    pub fn choice(alternatives: &[Type]) -> Type {
        let names: Vec<&str> = alternatives.iter().map(Type::name).collect();
        Type::choice_named(&format!("Choice_{}", names.join("_")), alternatives)
    }

    /// `Choice('Name', [alternatives...])`: a new class around the alternatives rebuilt.
    pub fn choice_named(name: &str, alternatives: &[Type]) -> Type {
        let alternatives: Vec<Type> = alternatives.iter().map(Type::rebuilt).collect();
        Type::from_parts(name.into(), Kind::Choice(alternatives.into()))
    }

    /// `Choice(*args)` with Python arguments: `Choice(name, alternatives)` or
    /// `Choice(alternatives)`, with pystachio's errors.
    pub fn choice_from_args(args: &[PyValue]) -> Result<Type> {
        let (name, alternatives) = match args {
            [name, alternatives] => (Some(name), alternatives),
            [alternatives, ..] => (None, alternatives),
            [] => {
                return Err(Error::new(
                    super::ErrorKind::Index,
                    "tuple index out of range",
                ))
            }
        };
        if let Some(name) = name {
            if !name.is_stringy() {
                return Err(Error::assertion(""));
            }
        }
        let PyValue::List(items) = alternatives else {
            return Err(Error::type_error(format!(
                "'{}' object is not iterable",
                alternatives.type_name()
            )));
        };
        let mut types = Vec::with_capacity(items.len());
        for item in items {
            match item {
                PyValue::Type(t) => types.push(t.clone()),
                _ if name.is_none() => {
                    return Err(Error::attribute(format!(
                        "'{}' object has no attribute '__name__'",
                        item.type_name()
                    )))
                }
                _ => return Err(Error::type_error("issubclass() arg 1 must be a class")),
            }
        }
        match name {
            Some(PyValue::Str(name)) => Ok(Type::choice_named(name, &types)),
            _ => Ok(Type::choice(&types)),
        }
    }

    /// The type pystachio's factories rebuild from this one's serialized form.
    fn rebuilt(&self) -> Type {
        super::serialize::rebuilt(self, &mut Ctx::new())
            .expect("a type built by this library rebuilds")
    }

    /// `TypeFactory.new({}, *serialized)`: the type a `serialize_type()` value describes.
    pub fn from_serialized(serialized: &PyValue) -> Result<Type> {
        type_from_serialized(serialized, &mut TypeMemo::default())
    }

    /// `TypeFactory.load(serialized)`: every type touched while loading, by name (a later
    /// type of the same name wins).
    pub fn load(serialized: &PyValue) -> Result<Vec<(String, Type)>> {
        let mut memo = TypeMemo::default();
        type_from_serialized(serialized, &mut memo)?;
        let mut out: Vec<(String, Type)> = Vec::new();
        for t in memo.types() {
            match out.iter_mut().find(|(n, _)| n == t.name()) {
                Some(slot) => slot.1 = t.clone(),
                None => out.push((t.name().to_owned(), t.clone())),
            }
        }
        Ok(out)
    }

    /// The class name: `String`, `StringList`, `StringIntegerMap`, `Choice_String_Integer`,
    /// an enum's or struct's own name.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// The kind of type and its parameters.
    pub fn kind(&self) -> TypeKind<'_> {
        match &self.0.kind {
            Kind::String => TypeKind::String,
            Kind::Integer => TypeKind::Integer,
            Kind::Float => TypeKind::Float,
            Kind::Boolean => TypeKind::Boolean,
            Kind::Enum(v) => TypeKind::Enum(v),
            Kind::List(t) => TypeKind::List(t),
            Kind::Map(k, v) => TypeKind::Map(k, v),
            Kind::Choice(a) => TypeKind::Choice(a),
            Kind::Struct(s) => TypeKind::Struct(s),
        }
    }

    pub(crate) fn kind_ref(&self) -> &Kind {
        &self.0.kind
    }

    /// The struct schema, for Struct types.
    pub fn as_struct(&self) -> Option<&StructType> {
        match &self.0.kind {
            Kind::Struct(s) => Some(s),
            _ => None,
        }
    }

    /// True for String, Integer, Float, Boolean and Enum types (pystachio's SimpleObject).
    pub fn is_simple(&self) -> bool {
        matches!(
            self.0.kind,
            Kind::String | Kind::Integer | Kind::Float | Kind::Boolean | Kind::Enum(_)
        )
    }

    fn is_builtin(&self) -> bool {
        matches!(
            self.0.kind,
            Kind::String | Kind::Integer | Kind::Float | Kind::Boolean
        )
    }

    /// Class identity: Python's `cls is other`.
    pub fn is(&self, other: &Type) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
            || (self.is_builtin() && other.is_builtin() && self.0.name == other.0.name)
    }

    /// pystachio's `isinstance(obj, cls)`: same class name and same serialized type.
    pub fn is_instance(&self, obj: &Object) -> bool {
        self.is_same_schema(obj.ty())
    }

    /// Same class name and serialized form (what `isinstance` compares).
    pub fn is_same_schema(&self, other: &Type) -> bool {
        self.is(other) || (self.0.name == other.0.name && self.0.encoding == other.0.encoding)
    }

    pub(crate) fn encoding(&self) -> &[u8] {
        &self.0.encoding
    }

    pub(crate) fn encoding_rc(&self) -> Rc<[u8]> {
        self.0.encoding.clone()
    }

    pub(crate) fn identity_hash(&self) -> i64 {
        (Rc::as_ptr(&self.0) as usize >> 4) as i64
    }

    /// `repr(cls)`: `<class 'pystachio.basic.String'>`, `<class 'pystachio.typing.StringList'>`.
    pub fn repr(&self) -> String {
        let module = if self.is_builtin() {
            "pystachio.basic"
        } else {
            "pystachio.typing"
        };
        format!("<class '{module}.{}'>", self.name())
    }

    pub(crate) fn metaclass_name(&self) -> &'static str {
        if self.is_builtin() {
            "type"
        } else {
            "TypeMetaclass"
        }
    }

    pub(crate) fn metaclass_repr(&self) -> &'static str {
        if self.is_builtin() {
            "<type 'type'>"
        } else {
            "<class 'pystachio.typing.TypeMetaclass'>"
        }
    }

    /// How Aurora's documentation writes the type: `List(Process)`, `Map(String, Integer)`.
    pub fn signature(&self) -> String {
        match &self.0.kind {
            Kind::List(t) => format!("List({})", t.signature()),
            Kind::Map(k, v) => format!("Map({}, {})", k.signature(), v.signature()),
            Kind::Choice(alts) => {
                let names: Vec<String> = alts.iter().map(Type::signature).collect();
                format!("Choice([{}])", names.join(", "))
            }
            _ => self.name().to_owned(),
        }
    }

    /// `cls.serialize_type()`: the tuple pystachio uses to describe and rebuild a type.
    pub fn serialize_type(&self) -> PyValue {
        super::serialize::serialize_type(self)
    }

    /// `class Name(Parent)` for a Struct type: pystachio keeps the parent's fields exactly
    /// (fields declared in the subclass body are ignored) under the new name.
    pub fn subclass(&self, name: &str) -> Result<Type> {
        match &self.0.kind {
            Kind::Struct(s) => Ok(Type::from_parts(name.into(), Kind::Struct(s.clone()))),
            _ => Err(Error::type_error(format!(
                "only Struct types can be subclassed, not {}",
                self.name()
            ))),
        }
    }

    /// Calls the class, `Type(*args, **kwargs)`: builds an object, with Python's errors for
    /// wrong arguments. Keyword arguments are in the order written.
    pub fn call(&self, args: &[PyValue], kwargs: &[Kwarg]) -> Result<Object> {
        let mut cx = Ctx::new();
        match &self.0.kind {
            Kind::Struct(_) => super::structs::construct(self, args, kwargs, &mut cx),
            Kind::Map(..) => {
                if let Some(kw) = first_keyword(kwargs) {
                    return Err(Error::type_error(format!(
                        "__init__() got an unexpected keyword argument '{}'",
                        kw.name
                    )));
                }
                super::containers::construct_map(self, args, &mut cx)
            }
            _ => {
                let param = match &self.0.kind {
                    Kind::List(_) => "vals",
                    Kind::Choice(_) => "val",
                    _ => "value",
                };
                let value = single_argument(param, args, kwargs)?;
                self.construct_in(value, &mut cx)
            }
        }
    }

    /// `cls(value)`: one-argument construction, lazy for simple types.
    pub fn construct(&self, value: &PyValue) -> Result<Object> {
        self.construct_in(value, &mut Ctx::new())
    }

    pub(crate) fn construct_in(&self, value: &PyValue, cx: &mut Ctx) -> Result<Object> {
        match &self.0.kind {
            Kind::String | Kind::Integer | Kind::Float | Kind::Boolean | Kind::Enum(_) => {
                super::basic::construct(self, value, cx)
            }
            Kind::List(_) => super::containers::construct_list(self, value, cx),
            Kind::Map(..) => {
                super::containers::construct_map(self, std::slice::from_ref(value), cx)
            }
            Kind::Choice(_) => Ok(super::choice::construct(self, value)),
            Kind::Struct(_) => {
                super::structs::construct(self, std::slice::from_ref(value), &[], cx)
            }
        }
    }

    /// `value if isinstance(value, cls) else cls(value)`: how containers and structs take
    /// values.
    pub fn coerce(&self, value: &PyValue) -> Result<Object> {
        self.coerce_in(value, &mut Ctx::new())
    }

    pub(crate) fn coerce_in(&self, value: &PyValue, cx: &mut Ctx) -> Result<Object> {
        match value {
            PyValue::Object(o) if self.is_instance(o) => Ok(o.clone()),
            other => self.construct_in(other, cx),
        }
    }

    /// `Struct.json_loads` on already-parsed JSON: unless `strict`, keys that are not fields are
    /// dropped first (in nested structs too, but not inside lists or maps).
    pub fn from_json_value(&self, value: &PyValue, strict: bool) -> Result<Object> {
        let value = if strict {
            value.clone()
        } else {
            super::structs::filter_against_schema(self, value)?
        };
        self.construct(&value)
    }
}

/// The keyword Python would complain about first: the first one received.
fn first_keyword(kwargs: &[Kwarg]) -> Option<&Kwarg> {
    kwargs.first()
}

/// Binds `__init__(self, <param>)` as CPython 2.7 does, with its messages.
fn single_argument<'a>(
    param: &str,
    args: &'a [PyValue],
    kwargs: &'a [Kwarg],
) -> Result<&'a PyValue> {
    let given = 1 + args.len() + kwargs.len();
    if args.len() > 1 {
        return Err(Error::type_error(format!(
            "__init__() takes exactly 2 arguments ({given} given)"
        )));
    }
    let mut value = args.first();
    for kw in kwargs {
        if &*kw.name == param {
            if value.is_some() {
                return Err(Error::type_error(format!(
                    "__init__() got multiple values for keyword argument '{param}'"
                )));
            }
            value = Some(&kw.value);
        } else if &*kw.name == "self" {
            return Err(Error::type_error(
                "__init__() got multiple values for keyword argument 'self'",
            ));
        } else {
            return Err(Error::type_error(format!(
                "__init__() got an unexpected keyword argument '{}'",
                kw.name
            )));
        }
    }
    value.ok_or_else(|| {
        Error::type_error(format!(
            "__init__() takes exactly 2 arguments ({} given)",
            1 + usize::from(value.is_some())
        ))
    })
}
