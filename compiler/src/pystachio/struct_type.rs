//! Struct schemas: `class Name(Struct)` with `Required`, `Default` and optional fields.
//!
//! Like pystachio's metaclass, a new Struct type serializes each field's signature and
//! rebuilds the field types and defaults from that, and lays its fields out in the order a
//! Python 2 dict iterates them; that order shows in `repr()`, `get()` and which failure
//! `check()` reports first.

use rustc_hash::FxHashMap;
use std::rc::Rc;

use aurora_dsl::Span;

use super::ctx::Ctx;
use super::error::Result;
use super::object::Object;
use super::pyvalue::PyValue;
use super::serialize::rebuilt;
use super::types::{Kind, Type};
use crate::py2hash::{insertion_order, rebuild, str_hash};

/// A field declaration in a Struct body: `Required(T)`, `Default(T, value)` or plain `T`.
#[derive(Clone, Debug)]
pub struct FieldSpec {
    ty: Type,
    required: bool,
    default: Option<Object>,
}

impl FieldSpec {
    /// `name = T`: optional, `Empty` when unset.
    pub fn optional(ty: Type) -> FieldSpec {
        FieldSpec {
            ty,
            required: false,
            default: None,
        }
    }

    /// `name = Required(T)`: `check()` fails while unset.
    pub fn required(ty: Type) -> FieldSpec {
        FieldSpec {
            ty,
            required: true,
            default: None,
        }
    }

    /// `name = Default(T, value)`: the value is coerced to `T` now, as pystachio does
    /// (so a bad enum value fails here); `Empty` as the value means no default.
    pub fn default(ty: Type, value: &PyValue) -> Result<FieldSpec> {
        let default = match value {
            PyValue::Empty => None,
            other => Some(ty.coerce(other)?),
        };
        Ok(FieldSpec {
            ty,
            required: false,
            default,
        })
    }

    /// The declared type.
    pub fn ty(&self) -> &Type {
        &self.ty
    }

    /// True for `Required(T)`.
    pub fn is_required(&self) -> bool {
        self.required
    }

    /// The default object, for `Default(T, value)`.
    pub fn default_value(&self) -> Option<&Object> {
        self.default.as_ref()
    }

    /// `repr(TypeSignature)`: `TypeSignature(String, required: False, default: ..., empty: True)`.
    pub fn repr(&self) -> Result<String> {
        let default = match &self.default {
            Some(d) => d.str()?,
            None => super::pyvalue::EMPTY_REPR.to_owned(),
        };
        let py_bool = |b: bool| if b { "True" } else { "False" };
        Ok(format!(
            "TypeSignature({}, required: {}, default: {}, empty: {})",
            self.ty.name(),
            py_bool(self.required),
            default,
            py_bool(self.default.is_none())
        ))
    }
}

impl From<Type> for FieldSpec {
    fn from(ty: Type) -> FieldSpec {
        FieldSpec::optional(ty)
    }
}

/// One field of a Struct type.
#[derive(Clone, Debug)]
pub struct Field {
    name: Rc<str>,
    hash: i64,
    ty: Type,
    required: bool,
    default: Option<Object>,
    /// `default.get()`, as it appears in the serialized type; `()` when there is none.
    serialized_default: PyValue,
}

impl Field {
    /// The field name.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn name_rc(&self) -> Rc<str> {
        self.name.clone()
    }

    pub(crate) fn hash(&self) -> i64 {
        self.hash
    }

    /// The field's type.
    pub fn ty(&self) -> &Type {
        &self.ty
    }

    /// True for `Required(T)`.
    pub fn is_required(&self) -> bool {
        self.required
    }

    /// The default object, if any.
    pub fn default(&self) -> Option<&Object> {
        self.default.as_ref()
    }

    pub(crate) fn serialized_default(&self) -> &PyValue {
        &self.serialized_default
    }
}

/// The schema of a Struct type: its fields.
#[derive(Debug)]
pub struct StructType {
    /// In the order of the struct's data dict (`repr()`, `get()`).
    fields: Vec<Field>,
    index: FxHashMap<Rc<str>, usize>,
    /// Positions into `fields` in the order of the TYPEMAP dict (`check()`).
    check_order: Vec<usize>,
}

impl StructType {
    /// `class name(Struct)` with `fields` in the order the class body declares them.
    ///
    /// A name declared twice keeps its first position and its last declaration. Returns the
    /// class, as a Python `class` statement does; the schema is its [`Type::as_struct`].
    #[allow(clippy::new_ret_no_self)]
    pub fn new(name: &str, fields: Vec<(String, FieldSpec)>) -> Result<Type> {
        let mut names: Vec<String> = Vec::new();
        let mut specs: Vec<FieldSpec> = Vec::new();
        for (n, spec) in fields {
            match names.iter().position(|x| *x == n) {
                Some(i) => specs[i] = spec,
                None => {
                    names.push(n);
                    specs.push(spec);
                }
            }
        }
        // The class namespace dict: `__module__` first, then the body's names.
        let mut namespace: Vec<&str> = vec!["__module__"];
        namespace.extend(names.iter().map(String::as_str));
        let all: Vec<usize> = (0..namespace.len()).collect();
        let mut cx = Ctx::new();
        let mut params = Vec::with_capacity(names.len());
        for i in rebuild(&namespace, &all).into_iter().filter(|&i| i > 0) {
            let spec = &specs[i - 1];
            // Field types and defaults go through their serialized form, as in pystachio.
            let ty = rebuilt(&spec.ty, &mut cx)?;
            let default = match &spec.default {
                Some(d) => Some(d.get_in(&mut cx)?),
                None => None,
            };
            params.push(Param {
                name: namespace[i].into(),
                ty,
                required: spec.required,
                default,
                origin: spec.default.as_ref().and_then(Object::origin),
            });
        }
        build_struct(name.into(), params, &mut cx)
    }

    /// The fields, in the order pystachio lists them (`repr()`, `get()`).
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.position(name).map(|i| &self.fields[i])
    }

    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// Field positions in the order `check()` visits them.
    pub(crate) fn check_order(&self) -> &[usize] {
        &self.check_order
    }
}

/// A field as pystachio's `StructFactory.create` receives it.
pub(crate) struct Param {
    pub(crate) name: Rc<str>,
    pub(crate) ty: Type,
    pub(crate) required: bool,
    /// The raw default (`default.get()`), rebuilt with the field type.
    pub(crate) default: Option<PyValue>,
    pub(crate) origin: Option<Span>,
}

/// `StructFactory.create`: the TYPEMAP dict from `params` in order, then the data dict
/// built by iterating it.
pub(crate) fn build_struct(name: Rc<str>, params: Vec<Param>, cx: &mut Ctx) -> Result<Type> {
    // dict(params): a repeated name keeps its first slot and its last value.
    let mut unique: Vec<Param> = Vec::with_capacity(params.len());
    for p in params {
        match unique.iter().position(|q| q.name == p.name) {
            Some(i) => unique[i] = p,
            None => unique.push(p),
        }
    }
    let names: Vec<&str> = unique.iter().map(|p| &*p.name).collect();
    let typemap_order = insertion_order(&names.iter().map(|n| str_hash(n)).collect::<Vec<_>>());
    let data_order = rebuild(&names, &typemap_order);
    let mut fields = Vec::with_capacity(unique.len());
    for &i in &data_order {
        let p = &unique[i];
        let default = match &p.default {
            Some(raw) => Some(p.ty.construct_in(raw, cx)?.with_origin(p.origin)),
            None => None,
        };
        let serialized_default = match &default {
            Some(d) => d.get_in(cx)?,
            None => PyValue::List(Vec::new()),
        };
        fields.push(Field {
            name: p.name.clone(),
            hash: str_hash(&p.name),
            ty: p.ty.clone(),
            required: p.required,
            default,
            serialized_default,
        });
    }
    let index: FxHashMap<Rc<str>, usize> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.clone(), i))
        .collect();
    let check_order = typemap_order
        .iter()
        .map(|&i| index[&unique[i].name])
        .collect();
    let st = StructType {
        fields,
        index,
        check_order,
    };
    Ok(Type::from_parts(name, Kind::Struct(Rc::new(st))))
}
