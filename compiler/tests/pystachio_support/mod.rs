//! Shorthands shared by the pystachio tests: build types and objects the way a config would.
#![allow(dead_code)]

use aurora_compiler::pystachio::{
    Environment, FieldSpec, Kwarg, Object, PyValue, Ref, StructType, Type,
};

/// A Python string.
pub fn s(text: &str) -> PyValue {
    PyValue::from(text)
}

/// `Ref.from_address(address)`.
pub fn r(address: &str) -> Ref {
    Ref::from_address(address).expect("test refs are well formed")
}

/// `{k: v, ...}` with string keys, in the order given.
pub fn dict(entries: Vec<(&str, PyValue)>) -> PyValue {
    PyValue::dict(entries)
}

/// `[a, b, ...]`.
pub fn list(items: Vec<PyValue>) -> PyValue {
    PyValue::List(items)
}

/// An object as a `PyValue`.
pub fn o(object: &Object) -> PyValue {
    PyValue::Object(object.clone())
}

/// `cls(value)`.
pub fn make(ty: &Type, value: impl Into<PyValue>) -> Object {
    ty.construct(&value.into()).expect("construction succeeds")
}

/// `String(value)`.
pub fn string(value: impl Into<PyValue>) -> Object {
    make(&Type::string(), value)
}

/// `Integer(value)`.
pub fn integer(value: impl Into<PyValue>) -> Object {
    make(&Type::integer(), value)
}

/// `Float(value)`.
pub fn float(value: impl Into<PyValue>) -> Object {
    make(&Type::float(), value)
}

/// `Boolean(value)`.
pub fn boolean(value: impl Into<PyValue>) -> Object {
    make(&Type::boolean(), value)
}

/// `class name(Struct)` with these fields in order.
pub fn strukt(name: &str, fields: Vec<(&str, FieldSpec)>) -> Type {
    StructType::new(
        name,
        fields.into_iter().map(|(n, f)| (n.to_owned(), f)).collect(),
    )
    .expect("struct definition succeeds")
}

/// `Required(ty)`.
pub fn required(ty: &Type) -> FieldSpec {
    FieldSpec::required(ty.clone())
}

/// A plain optional field.
pub fn optional(ty: &Type) -> FieldSpec {
    FieldSpec::optional(ty.clone())
}

/// `Default(ty, value)`.
pub fn default(ty: &Type, value: impl Into<PyValue>) -> FieldSpec {
    FieldSpec::default(ty.clone(), &value.into()).expect("default coerces")
}

/// Keyword arguments in the order written.
pub fn kw(entries: Vec<(&str, PyValue)>) -> Vec<Kwarg> {
    entries
        .into_iter()
        .map(|(name, value)| Kwarg::new(name, value))
        .collect()
}

/// Keyword arguments written `entries` at a call of a pystachio class, in the order the
/// class receives them (CPython 2.7 builds a dict at such a call site).
pub fn called_with(entries: Vec<(&str, PyValue)>) -> Vec<Kwarg> {
    let names: Vec<&str> = entries.iter().map(|(name, _)| *name).collect();
    let order = aurora_compiler::py2hash::call_kwargs_order(&names);
    let mut slots: Vec<Option<(&str, PyValue)>> = entries.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| slots[i].take())
        .map(|(name, value)| Kwarg::new(name, value))
        .collect()
}

/// `cls(**kwargs)`.
pub fn new(ty: &Type, entries: Vec<(&str, PyValue)>) -> Object {
    ty.call(&[], &kw(entries)).expect("construction succeeds")
}

/// Keyword arguments for `bind`/`in_scope`/`Environment` (spans unused there).
pub fn kv(entries: Vec<(&str, PyValue)>) -> Vec<Kwarg> {
    kw(entries)
}

/// `obj.bind(**kwargs)`.
pub fn bind(object: &Object, entries: Vec<(&str, PyValue)>) -> Object {
    object.bind(&[], &kv(entries)).expect("bind succeeds")
}

/// `obj.in_scope(**kwargs)`.
pub fn in_scope(object: &Object, entries: Vec<(&str, PyValue)>) -> Object {
    object
        .in_scope(&[], &kv(entries))
        .expect("in_scope succeeds")
}

/// `Environment(**kwargs)`.
pub fn env(entries: Vec<(&str, PyValue)>) -> Environment {
    Environment::new(&[], &kv(entries)).expect("environment builds")
}

/// `obj.check().ok()`.
pub fn ok(object: &Object) -> bool {
    object.check().expect("check runs").ok
}

/// `obj.interpolate()[0]`.
pub fn interp(object: &Object) -> Object {
    object.interpolate().expect("interpolation runs").0
}

/// `obj.interpolate()[1]`, as addresses.
pub fn unbound(object: &Object) -> Vec<String> {
    object
        .interpolate()
        .expect("interpolation runs")
        .1
        .iter()
        .map(Ref::address)
        .collect()
}

/// `repr(obj)`.
pub fn repr(object: &Object) -> String {
    object.repr().expect("repr renders")
}

/// `str(obj)`.
pub fn text(object: &Object) -> String {
    object.str().expect("str renders")
}

/// A Python 2 dict literal `{k: v, ...}`: entries in the order CPython 2.7 iterates them.
pub fn py2_dict(entries: Vec<(PyValue, PyValue)>) -> PyValue {
    let mut table = aurora_compiler::py2hash::Py2Table::presized(entries.len());
    let mut kept: Vec<(PyValue, PyValue)> = Vec::new();
    for (k, v) in entries {
        let hash = k.py_hash().expect("dict keys are hashable");
        match table.insert(hash, |e| kept[e].0.py_eq(&k).unwrap_or(false)) {
            aurora_compiler::py2hash::Inserted::New(_) => kept.push((k, v)),
            aurora_compiler::py2hash::Inserted::Existing(e) => kept[e].1 = v,
        }
    }
    let mut slots: Vec<Option<(PyValue, PyValue)>> = kept.into_iter().map(Some).collect();
    PyValue::Dict(
        table
            .order()
            .into_iter()
            .filter_map(|e| slots[e].take())
            .collect(),
    )
}

/// `py2_dict` with string keys.
pub fn py2_sdict(entries: Vec<(&str, PyValue)>) -> PyValue {
    py2_dict(entries.into_iter().map(|(k, v)| (s(k), v)).collect())
}
