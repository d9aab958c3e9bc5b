//! Struct objects: construction from keywords and dicts, field access, interpolation in the
//! struct's own scope, checks, lookups and rendering.

use std::rc::Rc;

use aurora_dsl::Span;

use super::check::{Failures, PathStep, TypeCheck};
use super::ctx::Ctx;
use super::environment::not_found;
use super::error::{Error, ErrorKind, Result};
use super::naming::{Component, Ref};
use super::object::{Kwarg, Object, RefSet, StructAttr, Value};
use super::pyvalue::{repr_value, PyValue};
use super::struct_type::StructType;
use super::types::Type;
use crate::py2hash::{insertion_order, rebuild, struct_kwargs_order};

fn schema(ty: &Type) -> &StructType {
    ty.as_struct()
        .expect("struct functions are only called for Struct types")
}

fn fields(obj: &Object) -> &Rc<[Option<Object>]> {
    match obj.value() {
        Value::Struct(data) => data,
        _ => unreachable!("struct functions are only called for Struct objects"),
    }
}

fn not_a_struct(obj: &Object, attr: &str) -> Error {
    Error::attribute(format!(
        "'{}' object has no attribute '{attr}'",
        obj.ty().name()
    ))
}

/// `cls(*dicts, **kwargs)`.
pub(crate) fn construct(
    ty: &Type,
    args: &[PyValue],
    kwargs: &[Kwarg],
    cx: &mut Ctx,
) -> Result<Object> {
    let st = schema(ty);
    let mut data: Vec<Option<Object>> = st.fields().iter().map(|f| f.default().cloned()).collect();
    for arg in args {
        let PyValue::Dict(entries) = arg else {
            return Err(Error::value(format!(
                "Expected dictionary argument, got {}",
                repr_value(arg, cx)?
            )));
        };
        let mut names = Vec::with_capacity(entries.len());
        for (k, _) in entries {
            match k {
                PyValue::Str(s) => names.push(&**s),
                _ => {
                    return Err(Error::type_error(
                        "_update_schema_data() keywords must be strings",
                    ))
                }
            }
        }
        let sequence: Vec<usize> = (0..names.len()).collect();
        for i in rebuild(&names, &sequence) {
            update(st, &mut data, names[i], &entries[i].1, None, cx)?;
        }
    }
    apply_kwargs(st, &mut data, kwargs, cx)?;
    Ok(Object::new(ty.clone(), Value::Struct(data.into()), None))
}

fn apply_kwargs(
    st: &StructType,
    data: &mut [Option<Object>],
    kwargs: &[Kwarg],
    cx: &mut Ctx,
) -> Result<()> {
    let names: Vec<&str> = kwargs.iter().map(|k| &*k.name).collect();
    for i in struct_kwargs_order(&names) {
        let kw = &kwargs[i];
        update(st, data, &kw.name, &kw.value, kw.span, cx)?;
    }
    Ok(())
}

/// `_process_schema_attribute` followed by the store into the data dict.
fn update(
    st: &StructType,
    data: &mut [Option<Object>],
    attr: &str,
    value: &PyValue,
    span: Option<Span>,
    cx: &mut Ctx,
) -> Result<()> {
    let i = st.position(attr).ok_or_else(|| {
        let error = Error::attribute(format!("Unknown schema attribute {attr}")).at(span);
        let names = st.fields().iter().map(|f| f.name());
        match crate::suggest::closest_name(attr, names) {
            Some(close) => error.with_help(format!("did you mean `{close}`?")),
            None => error,
        }
    })?;
    data[i] = process(st, i, value, span, cx)?;
    Ok(())
}

fn process(
    st: &StructType,
    i: usize,
    value: &PyValue,
    span: Option<Span>,
    cx: &mut Ctx,
) -> Result<Option<Object>> {
    Ok(match value {
        PyValue::Empty => None,
        other => Some(st.fields()[i].ty().coerce_in(other, cx)?.or_origin(span)),
    })
}

/// `obj(**kwargs)`.
pub(crate) fn with_fields(obj: &Object, kwargs: &[Kwarg], cx: &mut Ctx) -> Result<Object> {
    let Some(st) = obj.ty().as_struct() else {
        return Err(Error::type_error(format!(
            "'{}' object is not callable",
            obj.ty().name()
        )));
    };
    let mut data = fields(obj).to_vec();
    apply_kwargs(st, &mut data, kwargs, cx)?;
    Ok(obj.with_value(Value::Struct(data.into())))
}

/// `obj.get()`: a frozendict of the set fields.
pub(crate) fn get(obj: &Object, cx: &mut Ctx) -> Result<PyValue> {
    let st = schema(obj.ty());
    let mut entries = Vec::new();
    let mut hashes = Vec::new();
    for (f, v) in st.fields().iter().zip(fields(obj).iter()) {
        if let Some(v) = v {
            entries.push((PyValue::Str(f.name_rc()), v.get_in(cx)?));
            hashes.push(f.hash());
        }
    }
    let mut slots: Vec<Option<(PyValue, PyValue)>> = entries.into_iter().map(Some).collect();
    Ok(PyValue::Dict(
        insertion_order(&hashes)
            .into_iter()
            .filter_map(|i| slots[i].take())
            .collect(),
    ))
}

pub(crate) fn interpolate(obj: &Object, cx: &mut Ctx) -> Result<(Object, Vec<Ref>)> {
    let st = schema(obj.ty());
    let scopes = obj.child_scopes();
    let mut unbound = RefSet::default();
    let mut data = Vec::with_capacity(st.fields().len());
    for (i, v) in fields(obj).iter().enumerate() {
        let Some(v) = v else {
            data.push(None);
            continue;
        };
        let (vi, vu) = match v.interpolated_if_plain(cx) {
            Some(done) => (done, Vec::new()),
            None => v.in_scopes(&scopes).interpolate_in(cx)?,
        };
        unbound.update(vu);
        data.push(process(st, i, &PyValue::Object(vi), None, cx)?);
    }
    let result = Object::new(obj.ty().clone(), Value::Struct(data.into()), obj.origin());
    Ok((result, unbound.into_list()))
}

pub(crate) fn check(obj: &Object, cx: &mut Ctx) -> Result<TypeCheck> {
    let st = schema(obj.ty());
    let scopes = obj.child_scopes();
    let data = fields(obj);
    let mut failures = Failures::default();
    for &i in st.check_order() {
        let field = &st.fields()[i];
        let failure = match &data[i] {
            None if field.is_required() => {
                let mut failure = TypeCheck::failure(format!(
                    "{}[{}] is required.",
                    obj.ty().name(),
                    field.name()
                ));
                failure.path.push(PathStep::Field(field.name().to_string()));
                failure.at(obj.origin())
            }
            None => continue,
            Some(v) => {
                let tc = match v.in_scopes(&scopes).check_in(cx) {
                    Ok(tc) if tc.ok => continue,
                    Ok(tc) => tc,
                    Err(_) if failures.any() => break,
                    Err(e) => return Err(e),
                };
                let wrap = |message: &str| {
                    format!("{}[{}] failed: {message}", obj.ty().name(), field.name())
                };
                let step = PathStep::Field(field.name().to_string());
                tc.under(step, wrap, v.origin())
            }
        };
        failures.record(failure);
        if !cx.wants_every_failure() {
            break;
        }
    }
    Ok(failures.finish())
}

pub(crate) fn find(obj: &Object, r: &Ref, cx: &mut Ctx) -> Result<Object> {
    let name = match r.action() {
        Some(Component::Dereference(name)) => name,
        action => return Err(naming_error(obj, action)),
    };
    let Some(namable) = obj.struct_field_raw(name) else {
        return Err(not_found(obj.ty().name(), r));
    };
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

/// `Namable.NamingError(obj, ref)`.
pub(crate) fn naming_error(obj: &Object, action: Option<&Component>) -> Error {
    let action = action.map(ToString::to_string).unwrap_or_default();
    Error::new(
        ErrorKind::Naming,
        format!("Cannot dereference object {} by {action}", obj.ty().name()),
    )
}

/// `Namable.Unnamable(obj)`.
pub(crate) fn unnamable(obj: &Object) -> Error {
    Error::new(
        ErrorKind::Unnamable,
        format!("Object is not indexable: {}", obj.ty().name()),
    )
}

pub(crate) fn repr(obj: &Object, cx: &mut Ctx) -> Result<String> {
    let (si, _) = obj.interpolate_in(cx)?;
    let st = schema(obj.ty());
    let name = obj.ty().name();
    let mut parts = Vec::new();
    for (f, v) in st.fields().iter().zip(fields(&si).iter()) {
        if let Some(v) = v {
            parts.push(format!("{}={}", f.name(), v.str_in(cx)?));
        }
    }
    let separator = format!(",\n{}", " ".repeat(name.chars().count() + 1));
    Ok(format!("{name}({})", parts.join(&separator)))
}

pub(crate) fn eq(obj: &Object, other: &Object, cx: &mut Ctx) -> Result<bool> {
    let (Some(a), Some(b)) = (obj.ty().as_struct(), other.ty().as_struct()) else {
        return Ok(false);
    };
    if !same_typemap(a, b, cx)? {
        return Ok(false);
    }
    let (si, _) = obj.interpolate_in(cx)?;
    let (oi, _) = other.interpolate_in(cx)?;
    let (sd, od) = (fields(&si), fields(&oi));
    // frozendict equality compares items in sorted key order.
    let mut names: Vec<&str> = a.fields().iter().map(|f| f.name()).collect();
    names.sort_unstable();
    for name in names {
        let i = a.position(name).expect("name listed from the schema");
        let j = b.position(name).expect("typemaps have the same names");
        let same = match (&sd[i], &od[j]) {
            (None, None) => true,
            (Some(x), Some(y)) => x.eq_in(y, cx)?,
            _ => false,
        };
        if !same {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `self.TYPEMAP == other.TYPEMAP`.
fn same_typemap(a: &StructType, b: &StructType, cx: &mut Ctx) -> Result<bool> {
    if a.fields().len() != b.fields().len() {
        return Ok(false);
    }
    for &i in a.check_order() {
        let fa = &a.fields()[i];
        let Some(fb) = b.field(fa.name()) else {
            return Ok(false);
        };
        if fa.ty().encoding() != fb.ty().encoding() || fa.is_required() != fb.is_required() {
            return Ok(false);
        }
        let same_default = match (fa.default(), fb.default()) {
            (None, None) => true,
            (Some(x), Some(y)) => x.eq_in(y, cx)?,
            _ => false,
        };
        if !same_default {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `obj.name()`: the field interpolated in the struct's scopes.
pub(crate) fn field(obj: &Object, name: &str, cx: &mut Ctx) -> Result<Option<Object>> {
    let Some(st) = obj.ty().as_struct() else {
        return Err(not_a_struct(obj, name));
    };
    let i = st.position(name).ok_or_else(|| no_attribute(obj, name))?;
    let Some(v) = &fields(obj)[i] else {
        return Ok(None);
    };
    let vi = match v.interpolated_if_plain(cx) {
        Some(done) => done,
        None => v.in_scopes(&obj.child_scopes()).interpolate_in(cx)?.0,
    };
    process(st, i, &PyValue::Object(vi), None, cx)
}

fn no_attribute(obj: &Object, attr: &str) -> Error {
    Error::attribute(format!("{} has no attribute {attr}", obj.ty().name()))
}

pub(crate) fn has_field(obj: &Object, name: &str) -> Result<bool> {
    let Some(st) = obj.ty().as_struct() else {
        return Err(not_a_struct(obj, &format!("has_{name}")));
    };
    match st.position(name) {
        Some(i) => Ok(fields(obj)[i].is_some()),
        None => Err(no_attribute(obj, &format!("has_{name}"))),
    }
}

pub(crate) fn getattr(obj: &Object, attr: &str) -> Result<StructAttr> {
    let Some(st) = obj.ty().as_struct() else {
        return Err(not_a_struct(obj, attr));
    };
    if let Some(field) = attr.strip_prefix("has_") {
        if st.position(field).is_some() {
            return Ok(StructAttr::HasField(field.into()));
        }
    }
    match st.position(attr) {
        Some(_) => Ok(StructAttr::Field(attr.into())),
        None => Err(no_attribute(obj, attr)),
    }
}

/// `Struct._filter_against_schema`: drops keys that are not fields, recursively through
/// struct-typed fields.
pub(crate) fn filter_against_schema(ty: &Type, value: &PyValue) -> Result<PyValue> {
    let Some(st) = ty.as_struct() else {
        return Ok(value.clone());
    };
    let PyValue::Dict(entries) = value else {
        return Err(Error::attribute(format!(
            "'{}' object has no attribute 'items'",
            value.type_name()
        )));
    };
    let mut kept = Vec::new();
    for (k, v) in entries {
        let Some(field) = k.as_str().and_then(|name| st.field(name)) else {
            continue;
        };
        kept.push((k.clone(), filter_against_schema(field.ty(), v)?));
    }
    Ok(PyValue::Dict(kept))
}
