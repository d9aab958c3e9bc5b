//! List and Map objects.
//!
//! Elements (and keys and values) are coerced when the container is built; they interpolate
//! and check in the container's scopes. Pystachio's containers have no `len()` or `+`.

use super::check::{Failures, PathStep, TypeCheck};
use super::ctx::Ctx;
use super::environment::not_found;
use super::error::{Error, ErrorKind, Result};
use super::float::{parse_python_int, IntParseError};
use super::naming::{Component, Ref};
use super::object::{Object, RefSet, Value};
use super::pyvalue::{build_dict, eq_value, repr_tuple, repr_value, PyValue};
use super::scope::Scopes;
use super::structs::{naming_error, unnamable};
use super::types::{Kind, Type};

fn element_type(ty: &Type) -> &Type {
    match ty.kind_ref() {
        Kind::List(t) => t,
        _ => unreachable!("list functions are only called for List types"),
    }
}

fn key_value_types(ty: &Type) -> (&Type, &Type) {
    match ty.kind_ref() {
        Kind::Map(k, v) => (k, v),
        _ => unreachable!("map functions are only called for Map types"),
    }
}

fn elements(obj: &Object) -> &[Object] {
    match obj.value() {
        Value::List(items) => items,
        _ => unreachable!("list functions are only called for List objects"),
    }
}

fn pairs(obj: &Object) -> &[(Object, Object)] {
    match obj.value() {
        Value::Map(pairs) => pairs,
        _ => unreachable!("map functions are only called for Map objects"),
    }
}

fn index_error() -> Error {
    Error::new(ErrorKind::Index, "tuple index out of range")
}

/// `ListType(values)`.
pub(crate) fn construct_list(ty: &Type, value: &PyValue, cx: &mut Ctx) -> Result<Object> {
    let PyValue::List(items) = value else {
        return Err(Error::value(format!(
            "ListContainer expects an iterable, got {}",
            repr_value(value, cx)?
        )));
    };
    let element = element_type(ty);
    let coerced = items
        .iter()
        .map(|v| element.coerce_in(v, cx))
        .collect::<Result<Vec<_>>>()?;
    Ok(Object::new(ty.clone(), Value::List(coerced.into()), None))
}

fn list_from(obj: &Object, items: Vec<Object>, cx: &mut Ctx) -> Result<Object> {
    let element = element_type(obj.ty());
    let coerced = items
        .into_iter()
        .map(|o| element.coerce_in(&PyValue::Object(o), cx))
        .collect::<Result<Vec<_>>>()?;
    Ok(Object::new(
        obj.ty().clone(),
        Value::List(coerced.into()),
        obj.origin(),
    ))
}

pub(crate) fn list_interpolate(obj: &Object, cx: &mut Ctx) -> Result<(Object, Vec<Ref>)> {
    let scopes = obj.child_scopes();
    let mut unbound = RefSet::default();
    let mut out = Vec::with_capacity(elements(obj).len());
    for e in elements(obj) {
        let (ei, eu) = match e.interpolated_if_plain(cx) {
            Some(done) => (done, Vec::new()),
            None => e.in_scopes(&scopes).interpolate_in(cx)?,
        };
        out.push(ei);
        unbound.update(eu);
    }
    Ok((list_from(obj, out, cx)?, unbound.into_list()))
}

pub(crate) fn list_check(obj: &Object, cx: &mut Ctx) -> Result<TypeCheck> {
    let scopes = obj.child_scopes();
    let mut failures = Failures::default();
    for (i, e) in elements(obj).iter().enumerate() {
        let tc = match e.in_scopes(&scopes).check_in(cx) {
            Ok(tc) if tc.ok => continue,
            Ok(tc) => tc,
            Err(_) if failures.any() => break,
            Err(e) => return Err(e),
        };
        let wrap =
            |message: &str| format!("Element in {} failed check: {message}", obj.ty().name());
        failures.record(tc.under(PathStep::Index(i), wrap, e.origin()));
        if !cx.wants_every_failure() {
            break;
        }
    }
    Ok(failures.finish())
}

/// Python's `seq[i]` position for a possibly negative index.
fn position(len: usize, i: i64) -> Option<usize> {
    let len = len as i64;
    let i = if i < 0 { i + len } else { i };
    (0..len).contains(&i).then_some(i as usize)
}

pub(crate) fn list_find(obj: &Object, r: &Ref, cx: &mut Ctx) -> Result<Object> {
    let Some(Component::Index(text)) = r.action() else {
        return Err(naming_error(obj, r.action()));
    };
    let items = elements(obj);
    let index = match parse_python_int(text) {
        Ok(i) => i,
        Err(IntParseError::Invalid) => return Err(naming_error(obj, r.action())),
        // A Python long: past the end, or before the start.
        Err(IntParseError::TooLarge) if text.starts_with('-') => return Err(index_error()),
        Err(IntParseError::TooLarge) => return Err(not_found(obj.ty().name(), r)),
    };
    if index >= 0 && index as usize >= items.len() {
        return Err(not_found(obj.ty().name(), r));
    }
    let namable = &items[position(items.len(), index).ok_or_else(index_error)?];
    let scoped = namable.in_scopes(&obj.child_scopes());
    let rest = r.rest();
    if rest.is_empty() {
        Ok(scoped)
    } else if !namable.is_namable() {
        Err(unnamable(namable))
    } else {
        scoped.find_in(&rest, cx)
    }
}

fn require_list(obj: &Object, what: &str) -> Result<()> {
    match obj.value() {
        Value::List(_) => Ok(()),
        _ => Err(Error::type_error(format!(
            "'{}' object {what}",
            obj.ty().name()
        ))),
    }
}

pub(crate) fn list_index(obj: &Object, i: i64, cx: &mut Ctx) -> Result<Object> {
    require_list(obj, "does not support indexing")?;
    let (si, _) = obj.interpolate_in(cx)?;
    let items = elements(&si);
    position(items.len(), i)
        .map(|p| items[p].clone())
        .ok_or_else(index_error)
}

pub(crate) fn list_slice(
    obj: &Object,
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
    cx: &mut Ctx,
) -> Result<Vec<Object>> {
    require_list(obj, "does not support slicing")?;
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err(Error::value("slice step cannot be zero"));
    }
    let (si, _) = obj.interpolate_in(cx)?;
    let items = elements(&si);
    let len = items.len() as i64;
    // CPython's PySlice_GetIndicesEx.
    let clamp = |v: Option<i64>, default: i64, low: i64, high: i64| match v {
        None => default,
        Some(v) => {
            let v = if v < 0 { v + len } else { v };
            v.clamp(low, high)
        }
    };
    let mut out = Vec::new();
    if step > 0 {
        let (mut i, stop) = (clamp(start, 0, 0, len), clamp(stop, len, 0, len));
        while i < stop {
            out.push(items[i as usize].clone());
            i += step;
        }
    } else {
        let (mut i, stop) = (
            clamp(start, len - 1, -1, len - 1),
            clamp(stop, -1, -1, len - 1),
        );
        while i > stop {
            out.push(items[i as usize].clone());
            i += step;
        }
    }
    Ok(out)
}

pub(crate) fn iter(obj: &Object, cx: &mut Ctx) -> Result<Vec<Object>> {
    match obj.value() {
        Value::List(_) => Ok(elements(&obj.interpolate_in(cx)?.0).to_vec()),
        Value::Map(_) => Ok(pairs(&obj.interpolate_in(cx)?.0)
            .iter()
            .map(|(k, _)| k.clone())
            .collect()),
        _ => Err(Error::type_error(format!(
            "'{}' object is not iterable",
            obj.ty().name()
        ))),
    }
}

pub(crate) fn contains(obj: &Object, item: &PyValue, cx: &mut Ctx) -> Result<bool> {
    match obj.value() {
        Value::List(_) => {
            let (si, _) = obj.interpolate_in(cx)?;
            match item {
                PyValue::Object(o) if element_type(obj.ty()).is_instance(o) => {
                    for e in elements(&si) {
                        if e.eq_in(o, cx)? {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                }
                other => {
                    for e in elements(&si) {
                        if eq_value(&e.get_in(cx)?, other, cx)? {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                }
            }
        }
        Value::Map(_) => match map_get_item(obj, item, cx) {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == ErrorKind::Key => Ok(false),
            Err(e) => Err(e),
        },
        _ => Err(Error::type_error(format!(
            "argument of type '{}' is not iterable",
            obj.ty().name()
        ))),
    }
}

pub(crate) fn list_eq(obj: &Object, other: &Object, cx: &mut Ctx) -> Result<bool> {
    let (Kind::List(a), Kind::List(b)) = (obj.ty().kind_ref(), other.ty().kind_ref()) else {
        return Ok(false);
    };
    if a.encoding() != b.encoding() {
        return Ok(false);
    }
    let (si, _) = obj.interpolate_in(cx)?;
    let (oi, _) = other.interpolate_in(cx)?;
    let (x, y) = (elements(&si), elements(&oi));
    if x.len() != y.len() {
        return Ok(false);
    }
    for (p, q) in x.iter().zip(y) {
        if !p.eq_in(q, cx)? {
            return Ok(false);
        }
    }
    Ok(true)
}

pub(crate) fn list_repr(obj: &Object, cx: &mut Ctx) -> Result<String> {
    let (si, _) = obj.interpolate_in(cx)?;
    let parts = elements(&si)
        .iter()
        .map(|e| e.str_in(cx))
        .collect::<Result<Vec<_>>>()?;
    Ok(format!("{}({})", obj.ty().name(), parts.join(", ")))
}

/// `MapType(*args)`: one dict, or `(key, value)` pairs.
pub(crate) fn construct_map(ty: &Type, args: &[PyValue], cx: &mut Ctx) -> Result<Object> {
    let mut raw: Vec<(PyValue, PyValue)> = Vec::new();
    if let [PyValue::Dict(entries)] = args {
        raw.extend(entries.iter().cloned());
    } else {
        for arg in args {
            let pair = match arg {
                PyValue::List(items) if items.len() == 2 => {
                    Some((items[0].clone(), items[1].clone()))
                }
                PyValue::Dict(entries) if entries.len() == 2 => {
                    Some((entries[0].0.clone(), entries[1].0.clone()))
                }
                PyValue::Str(s) if s.chars().count() == 2 => {
                    let mut chars = s.chars();
                    let first = chars.next().map(String::from).unwrap_or_default();
                    let second = chars.next().map(String::from).unwrap_or_default();
                    Some((first.into(), second.into()))
                }
                PyValue::Object(o) if matches!(o.value(), Value::List(_) | Value::Map(_)) => {
                    return Err(Error::type_error(format!(
                        "object of type '{}' has no len()",
                        o.ty().name()
                    )))
                }
                _ => None,
            };
            match pair {
                Some(pair) => raw.push(pair),
                None => {
                    return Err(Error::value(format!(
                        "Unexpected input to MapContainer: {}",
                        repr_tuple(args, cx)?
                    )))
                }
            }
        }
    }
    let (kt, vt) = key_value_types(ty);
    let mut coerced = Vec::with_capacity(raw.len());
    for (k, v) in raw {
        coerced.push((kt.coerce_in(&k, cx)?, vt.coerce_in(&v, cx)?));
    }
    Ok(Object::new(ty.clone(), Value::Map(coerced.into()), None))
}

fn map_from(obj: &Object, items: Vec<(Object, Object)>, cx: &mut Ctx) -> Result<Object> {
    let (kt, vt) = key_value_types(obj.ty());
    let mut coerced = Vec::with_capacity(items.len());
    for (k, v) in items {
        coerced.push((
            kt.coerce_in(&PyValue::Object(k), cx)?,
            vt.coerce_in(&PyValue::Object(v), cx)?,
        ));
    }
    Ok(Object::new(
        obj.ty().clone(),
        Value::Map(coerced.into()),
        obj.origin(),
    ))
}

pub(crate) fn map_get(obj: &Object, cx: &mut Ctx) -> Result<PyValue> {
    let mut entries = Vec::with_capacity(pairs(obj).len());
    for (k, v) in pairs(obj) {
        entries.push((k.get_in(cx)?, v.get_in(cx)?));
    }
    Ok(PyValue::Dict(build_dict(entries, cx)?))
}

pub(crate) fn map_interpolate(obj: &Object, cx: &mut Ctx) -> Result<(Object, Vec<Ref>)> {
    let scopes = obj.child_scopes();
    let mut unbound = RefSet::default();
    let mut out = Vec::with_capacity(pairs(obj).len());
    for (k, v) in pairs(obj) {
        let (ki, ku) = k.in_scopes(&scopes).interpolate_in(cx)?;
        let (vi, vu) = v.in_scopes(&scopes).interpolate_in(cx)?;
        unbound.update(ku);
        unbound.update(vu);
        out.push((ki, vi));
    }
    Ok((map_from(obj, out, cx)?, unbound.into_list()))
}

pub(crate) fn map_check(obj: &Object, cx: &mut Ctx) -> Result<TypeCheck> {
    let scopes = obj.child_scopes();
    let name = obj.ty().name();
    let mut failures = Failures::default();
    for (k, v) in pairs(obj) {
        let failure = match map_entry_check(name, k, v, &scopes, cx) {
            Ok(None) => continue,
            Ok(Some(failure)) => failure,
            Err(_) if failures.any() => break,
            Err(e) => return Err(e),
        };
        failures.record(failure);
        if !cx.wants_every_failure() {
            break;
        }
    }
    Ok(failures.finish())
}

/// The failure of one entry of a map, seen from the map: its key's, else its value's.
fn map_entry_check(
    name: &str,
    k: &Object,
    v: &Object,
    scopes: &Scopes,
    cx: &mut Ctx,
) -> Result<Option<TypeCheck>> {
    let kc = k.in_scopes(scopes).check_in(cx)?;
    let vc = v.in_scopes(scopes).check_in(cx)?;
    if !kc.ok {
        let key = k.str_in(cx)?;
        let wrap = |message: &str| format!("{name} key {key} failed check: {message}");
        return Ok(Some(kc.under(PathStep::Key(key.clone()), wrap, k.origin())));
    }
    if !vc.ok {
        let (key, value) = (k.str_in(cx)?, v.str_in(cx)?);
        let wrap = |message: &str| format!("{name}[{key}] value {value} failed check: {message}");
        return Ok(Some(vc.under(PathStep::Key(key.clone()), wrap, v.origin())));
    }
    Ok(None)
}

pub(crate) fn map_find(obj: &Object, r: &Ref, cx: &mut Ctx) -> Result<Object> {
    let Some(Component::Index(text)) = r.action() else {
        return Err(naming_error(obj, r.action()));
    };
    let (kt, _) = key_value_types(obj.ty());
    let wanted = kt.construct_in(&PyValue::from(&**text), cx)?;
    let scopes = obj.child_scopes();
    for (k, namable) in pairs(obj) {
        if wanted.eq_in(k, cx)? {
            let rest = r.rest();
            return if rest.is_empty() {
                Ok(namable.in_scopes(&scopes))
            } else if !namable.is_namable() {
                Err(unnamable(namable))
            } else {
                namable.in_scopes(&scopes).find_in(&rest, cx)
            };
        }
    }
    Err(not_found(obj.ty().name(), r))
}

pub(crate) fn map_get_item(obj: &Object, key: &PyValue, cx: &mut Ctx) -> Result<Object> {
    let Value::Map(_) = obj.value() else {
        return Err(Error::type_error(format!(
            "'{}' object has no attribute '__getitem__'",
            obj.ty().name()
        )));
    };
    let (kt, _) = key_value_types(obj.ty());
    let key = match key {
        PyValue::Object(o) if kt.is_instance(o) => o.clone(),
        other => match kt.construct_in(other, cx) {
            Ok(k) => k,
            // pystachio formats this KeyError with too few arguments.
            Err(e) if e.is_value_error() => {
                return Err(Error::type_error("not enough arguments for format string"))
            }
            Err(e) => return Err(e),
        },
    };
    let (si, _) = obj.interpolate_in(cx)?;
    for (k, v) in pairs(&si) {
        if key.eq_in(k, cx)? {
            return Ok(v.clone());
        }
    }
    Err(Error::new(
        ErrorKind::Key,
        format!("{} not found", key.str_in(cx)?),
    ))
}

pub(crate) fn map_eq(obj: &Object, other: &Object, cx: &mut Ctx) -> Result<bool> {
    let (Kind::Map(ak, av), Kind::Map(bk, bv)) = (obj.ty().kind_ref(), other.ty().kind_ref())
    else {
        return Ok(false);
    };
    if ak.encoding() != bk.encoding() || av.encoding() != bv.encoding() {
        return Ok(false);
    }
    let (si, _) = obj.interpolate_in(cx)?;
    let (oi, _) = other.interpolate_in(cx)?;
    let (x, y) = (pairs(&si), pairs(&oi));
    if x.len() != y.len() {
        return Ok(false);
    }
    for ((k1, v1), (k2, v2)) in x.iter().zip(y) {
        if !k1.eq_in(k2, cx)? || !v1.eq_in(v2, cx)? {
            return Ok(false);
        }
    }
    Ok(true)
}

pub(crate) fn map_repr(obj: &Object, cx: &mut Ctx) -> Result<String> {
    let (si, _) = obj.interpolate_in(cx)?;
    let mut parts = Vec::with_capacity(pairs(&si).len());
    for (k, v) in pairs(&si) {
        parts.push(format!("{} => {}", k.str_in(cx)?, v.str_in(cx)?));
    }
    Ok(format!("{}({})", obj.ty().name(), parts.join(", ")))
}
