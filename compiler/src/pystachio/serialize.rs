//! Serialized types (`serialize_type()`, `TypeFactory.new`), and the canonical bytes of a
//! serialized type that pystachio's `isinstance` effectively compares.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::Rc;

use super::ctx::Ctx;
use super::error::{Error, ErrorKind, Result};
use super::pyvalue::{repr_value, str_value, PyValue};
use super::struct_type::{build_struct, Param};
use super::types::{Kind, Type};
use crate::py2hash::{insertion_order, str_hash};

/// Types built while deserializing one description (pystachio's `type_dict`): the same
/// description yields the same class.
#[derive(Default)]
pub(crate) struct TypeMemo {
    by_encoding: FxHashMap<Vec<u8>, Type>,
    in_order: Vec<Type>,
}

impl TypeMemo {
    pub(crate) fn types(&self) -> &[Type] {
        &self.in_order
    }
}

const TAG_NONE: u8 = b'N';
const TAG_INT: u8 = b'I';
const TAG_FLOAT: u8 = b'F';
const TAG_STR: u8 = b'S';
const TAG_LIST: u8 = b'L';
const TAG_DICT: u8 = b'D';
const TAG_OTHER: u8 = b'O';

fn enc_len(out: &mut Vec<u8>, tag: u8, n: usize) {
    out.push(tag);
    out.extend_from_slice(&(n as u64).to_le_bytes());
}

fn enc_str(out: &mut Vec<u8>, s: &str) {
    enc_len(out, TAG_STR, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn enc_int(out: &mut Vec<u8>, i: i64) {
    out.push(TAG_INT);
    out.extend_from_slice(&i.to_le_bytes());
}

/// Appends canonical bytes for `v`: values Python considers equal (`1 == 1.0 == True`, dicts
/// in any order) encode the same.
pub(crate) fn encode_value(out: &mut Vec<u8>, v: &PyValue) {
    match v {
        PyValue::None => out.push(TAG_NONE),
        PyValue::Bool(b) => enc_int(out, i64::from(*b)),
        PyValue::Int(i) => enc_int(out, *i),
        PyValue::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.2e18 {
                enc_int(out, *f as i64);
            } else {
                out.push(TAG_FLOAT);
                out.extend_from_slice(&f.to_bits().to_le_bytes());
            }
        }
        PyValue::Str(s) => enc_str(out, s),
        PyValue::List(items) => {
            enc_len(out, TAG_LIST, items.len());
            for i in items {
                encode_value(out, i);
            }
        }
        PyValue::Dict(entries) => {
            let mut encoded: Vec<(Vec<u8>, Vec<u8>)> = entries
                .iter()
                .map(|(k, v)| {
                    let (mut ek, mut ev) = (Vec::new(), Vec::new());
                    encode_value(&mut ek, k);
                    encode_value(&mut ev, v);
                    (ek, ev)
                })
                .collect();
            encoded.sort();
            enc_len(out, TAG_DICT, encoded.len());
            for (k, v) in encoded {
                out.extend_from_slice(&k);
                out.extend_from_slice(&v);
            }
        }
        PyValue::Object(o) => {
            out.push(TAG_OTHER);
            out.extend_from_slice(o.ty().encoding());
            let text = o.repr().unwrap_or_default();
            enc_str(out, &text);
        }
        other => {
            out.push(TAG_OTHER);
            let text = repr_value(other, &mut Ctx::new()).unwrap_or_default();
            enc_str(out, &text);
            if let PyValue::Type(t) = other {
                out.extend_from_slice(&t.identity_hash().to_le_bytes());
            }
        }
    }
}

/// Canonical bytes of the serialized form of a type with this name and kind.
pub(crate) fn encode_type(name: &str, kind: &Kind) -> Box<[u8]> {
    // Sized up front: the parts' encodings are copied in whole, and growing the buffer
    // step by step cost more than the copying.
    let parts: usize = match kind {
        Kind::List(element) => element.encoding().len(),
        Kind::Map(key, value) => key.encoding().len() + value.encoding().len(),
        Kind::Choice(alternatives) => alternatives.iter().map(|a| a.encoding().len()).sum(),
        Kind::Struct(st) => st
            .fields()
            .iter()
            .map(|f| f.ty().encoding().len() + f.name().len() + 64)
            .sum(),
        Kind::Enum(values) => values.iter().map(|v| v.len() + 9).sum(),
        _ => 0,
    };
    let mut out = Vec::with_capacity(parts + name.len() + 48);
    match kind {
        Kind::String | Kind::Integer | Kind::Float | Kind::Boolean => {
            enc_len(&mut out, TAG_LIST, 1);
            enc_str(&mut out, name);
        }
        Kind::Enum(values) => {
            enc_len(&mut out, TAG_LIST, 3);
            enc_str(&mut out, "Enum");
            enc_str(&mut out, name);
            enc_len(&mut out, TAG_LIST, values.len());
            for v in values.iter() {
                enc_str(&mut out, v);
            }
        }
        Kind::List(element) => {
            enc_len(&mut out, TAG_LIST, 2);
            enc_str(&mut out, "List");
            out.extend_from_slice(element.encoding());
        }
        Kind::Map(key, value) => {
            enc_len(&mut out, TAG_LIST, 3);
            enc_str(&mut out, "Map");
            out.extend_from_slice(key.encoding());
            out.extend_from_slice(value.encoding());
        }
        Kind::Choice(alternatives) => {
            enc_len(&mut out, TAG_LIST, 3);
            enc_str(&mut out, "Choice");
            enc_str(&mut out, name);
            enc_len(&mut out, TAG_LIST, alternatives.len());
            for a in alternatives.iter() {
                out.extend_from_slice(a.encoding());
            }
        }
        Kind::Struct(st) => {
            enc_len(&mut out, TAG_LIST, 3);
            enc_str(&mut out, "Struct");
            enc_str(&mut out, name);
            let mut fields: Vec<_> = st.fields().iter().collect();
            fields.sort_by(|a, b| a.name().cmp(b.name()));
            enc_len(&mut out, TAG_LIST, fields.len());
            for f in fields {
                enc_len(&mut out, TAG_LIST, 2);
                enc_str(&mut out, f.name());
                enc_len(&mut out, TAG_LIST, 4);
                enc_int(&mut out, i64::from(f.is_required()));
                encode_value(&mut out, f.serialized_default());
                enc_int(&mut out, i64::from(f.default().is_none()));
                out.extend_from_slice(f.ty().encoding());
            }
        }
    }
    out.into_boxed_slice()
}

pub(crate) fn serialize_type(t: &Type) -> PyValue {
    let name = PyValue::from(t.name());
    match t.kind_ref() {
        Kind::String | Kind::Integer | Kind::Float | Kind::Boolean => PyValue::List(vec![name]),
        Kind::Enum(values) => PyValue::List(vec![
            "Enum".into(),
            name,
            PyValue::List(values.iter().map(|v| PyValue::Str(v.clone())).collect()),
        ]),
        Kind::List(e) => PyValue::List(vec!["List".into(), e.serialize_type()]),
        Kind::Map(k, v) => {
            PyValue::List(vec!["Map".into(), k.serialize_type(), v.serialize_type()])
        }
        Kind::Choice(alts) => PyValue::List(vec![
            "Choice".into(),
            name,
            PyValue::List(alts.iter().map(Type::serialize_type).collect()),
        ]),
        Kind::Struct(st) => {
            let mut fields: Vec<_> = st.fields().iter().collect();
            fields.sort_by(|a, b| a.name().cmp(b.name()));
            let params = fields
                .into_iter()
                .map(|f| {
                    PyValue::List(vec![
                        PyValue::Str(f.name_rc()),
                        PyValue::List(vec![
                            PyValue::Bool(f.is_required()),
                            f.serialized_default().clone(),
                            PyValue::Bool(f.default().is_none()),
                            f.ty().serialize_type(),
                        ]),
                    ])
                })
                .collect();
            PyValue::List(vec!["Struct".into(), name, PyValue::List(params)])
        }
    }
}

/// The factory names pystachio registers, in registration order.
const FACTORIES: [&str; 9] = [
    "String", "Integer", "Float", "Boolean", "Enum", "Choice", "Struct", "List", "Map",
];

fn unknown_type(name: &PyValue, cx: &mut Ctx) -> Result<Error> {
    let hashes: Vec<i64> = FACTORIES.iter().map(|f| str_hash(f)).collect();
    let keys: Vec<String> = insertion_order(&hashes)
        .into_iter()
        .map(|i| format!("'{}'", FACTORIES[i]))
        .collect();
    Ok(Error::assertion(format!(
        "Unknown type: {}, Existing factories: [{}]",
        str_value(name, cx)?,
        keys.join(", ")
    )))
}

/// Python's error for `a, b = seq` with the wrong length.
fn unpack_error(expected: usize, got: usize) -> Error {
    if got < expected {
        Error::value(format!(
            "need more than {got} value{} to unpack",
            if got == 1 { "" } else { "s" }
        ))
    } else {
        Error::value("too many values to unpack")
    }
}

fn as_tuple<'a>(v: &'a PyValue, what: &str) -> Result<&'a [PyValue]> {
    match v {
        PyValue::List(items) => Ok(items),
        other => Err(Error::type_error(format!(
            "{what} must be a tuple, not {}",
            other.type_name()
        ))),
    }
}

fn unpack<'a, const N: usize>(v: &'a PyValue, what: &str) -> Result<&'a [PyValue; N]> {
    let items = as_tuple(v, what)?;
    items.try_into().map_err(|_| unpack_error(N, items.len()))
}

thread_local! {
    /// Rebuilt types by the encoding of the type they were rebuilt from. Rebuilding is a
    /// function of the serialized form, which the encoding captures, so equal encodings
    /// rebuild alike; pystachio would make a fresh class each time, which only `is` on
    /// classes reached through `TYPEMAP` could tell.
    static REBUILT: RefCell<FxHashMap<Rc<[u8]>, Type>> = RefCell::new(FxHashMap::default());
}

/// Past this many rebuilt types the cache starts over, so a long-lived language server
/// does not keep every type of every edit.
const REBUILT_CAPACITY: usize = 4096;

/// `TypeFactory.new({}, *t.serialize_type())` straight from `t`: the same type the round
/// trip through Python values gives, without building and re-encoding those values at
/// every level of nesting.
pub(crate) fn rebuilt(t: &Type, cx: &mut Ctx) -> Result<Type> {
    if let Some(hit) = REBUILT.with(|cache| cache.borrow().get(t.encoding()).cloned()) {
        return Ok(hit);
    }
    let built = match t.kind_ref() {
        Kind::String => Type::string(),
        Kind::Integer => Type::integer(),
        Kind::Float => Type::float(),
        Kind::Boolean => Type::boolean(),
        Kind::Enum(values) => Type::from_parts(t.name().into(), Kind::Enum(values.clone())),
        Kind::List(element) => {
            let element = cx.nested(|cx| rebuilt(element, cx))?;
            Type::from_parts(
                format!("{}List", element.name()).into(),
                Kind::List(element),
            )
        }
        Kind::Map(key, value) => {
            let key = cx.nested(|cx| rebuilt(key, cx))?;
            let value = cx.nested(|cx| rebuilt(value, cx))?;
            Type::from_parts(
                format!("{}{}Map", key.name(), value.name()).into(),
                Kind::Map(key, value),
            )
        }
        Kind::Choice(alternatives) => {
            let mut types = Vec::with_capacity(alternatives.len());
            for a in alternatives.iter() {
                types.push(cx.nested(|cx| rebuilt(a, cx))?);
            }
            Type::from_parts(t.name().into(), Kind::Choice(types.into()))
        }
        Kind::Struct(st) => {
            // The serialized parameters come sorted by name.
            let mut fields: Vec<_> = st.fields().iter().collect();
            fields.sort_by(|a, b| a.name().cmp(b.name()));
            let mut params = Vec::with_capacity(fields.len());
            for f in fields {
                params.push(Param {
                    name: f.name_rc(),
                    ty: cx.nested(|cx| rebuilt(f.ty(), cx))?,
                    required: f.is_required(),
                    default: f.default().map(|_| f.serialized_default().clone()),
                    origin: None,
                });
            }
            build_struct(t.name().into(), params, cx)?
        }
    };
    REBUILT.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() >= REBUILT_CAPACITY {
            cache.clear();
        }
        cache.insert(t.encoding_rc(), built.clone());
    });
    Ok(built)
}

/// `TypeFactory.new(memo, *serialized)`.
pub(crate) fn type_from_serialized(serialized: &PyValue, memo: &mut TypeMemo) -> Result<Type> {
    let mut cx = Ctx::new();
    cx.nested(|cx| from_serialized_in(serialized, memo, cx))
}

fn from_serialized_in(serialized: &PyValue, memo: &mut TypeMemo, cx: &mut Ctx) -> Result<Type> {
    let items = as_tuple(serialized, "a type description")?;
    let mut key = Vec::new();
    encode_value(&mut key, serialized);
    if let Some(t) = memo.by_encoding.get(&key) {
        return Ok(t.clone());
    }
    let Some(factory) = items.first() else {
        return Err(Error::new(ErrorKind::Index, "tuple index out of range"));
    };
    let params = &items[1..];
    let t = match factory.as_str() {
        Some("String") => Type::string(),
        Some("Integer") => Type::integer(),
        Some("Float") => Type::float(),
        Some("Boolean") => Type::boolean(),
        Some("Enum") => {
            let [name, values] = params else {
                return Err(unpack_error(2, params.len()));
            };
            let PyValue::List(values) = values else {
                return Err(Error::assertion(""));
            };
            let mut names = Vec::with_capacity(values.len());
            for v in values {
                match v {
                    PyValue::Str(s) => names.push(s.clone()),
                    _ => return Err(Error::assertion("")),
                }
            }
            let name: Rc<str> = str_value(name, cx)?.into();
            Type::from_parts(name, Kind::Enum(names.into()))
        }
        Some("List") => {
            let [element] = params else {
                return Err(Error::assertion(""));
            };
            let element = cx.nested(|cx| from_serialized_in(element, memo, cx))?;
            Type::from_parts(
                format!("{}List", element.name()).into(),
                Kind::List(element),
            )
        }
        Some("Map") => {
            let [key_ser, value_ser] = params else {
                return Err(Error::assertion(format!(
                    "Type parameters: {}",
                    repr_value(&PyValue::List(params.to_vec()), cx)?
                )));
            };
            let k = cx.nested(|cx| from_serialized_in(key_ser, memo, cx))?;
            let v = cx.nested(|cx| from_serialized_in(value_ser, memo, cx))?;
            Type::from_parts(
                format!("{}{}Map", k.name(), v.name()).into(),
                Kind::Map(k, v),
            )
        }
        Some("Choice") => {
            let [name, alternatives] = params else {
                return Err(Error::assertion(""));
            };
            let PyValue::Str(name) = name else {
                return Err(Error::assertion(""));
            };
            let alternatives = as_tuple(alternatives, "Choice alternatives")?;
            let mut types = Vec::with_capacity(alternatives.len());
            for a in alternatives {
                types.push(cx.nested(|cx| from_serialized_in(a, memo, cx))?);
            }
            Type::from_parts(name.clone(), Kind::Choice(types.into()))
        }
        Some("Struct") => {
            let [name, parameters] = params else {
                return Err(unpack_error(2, params.len()));
            };
            let name: Rc<str> = str_value(name, cx)?.into();
            let mut built = Vec::new();
            for p in as_tuple(parameters, "Struct parameters")? {
                if !matches!(p, PyValue::List(_)) {
                    return Err(Error::assertion(""));
                }
                let [attr, sig] = unpack::<2>(p, "a Struct parameter")?;
                let [required, default, empty, klazz] = unpack::<4>(sig, "a type signature")?;
                let field_type = cx.nested(|cx| from_serialized_in(klazz, memo, cx))?;
                built.push(Param {
                    name: str_value(attr, cx)?.into(),
                    ty: field_type,
                    required: required.is_truthy(),
                    default: (!empty.is_truthy()).then(|| default.clone()),
                    origin: None,
                });
            }
            build_struct(name, built, cx)?
        }
        _ => return Err(unknown_type(factory, cx)?),
    };
    memo.by_encoding.insert(key, t.clone());
    memo.in_order.push(t.clone());
    Ok(t)
}
