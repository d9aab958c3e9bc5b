//! Choice objects: a value that may be any of several types.
//!
//! The raw value is kept; interpolating or checking tries each alternative in order. A value
//! that already is an instance of an alternative takes that alternative outright; any other
//! value takes the first alternative that accepts it (construction, then interpolation or
//! check, not failing with a `ValueError`).

use super::check::TypeCheck;
use super::ctx::Ctx;
use super::error::{Error, Result};
use super::naming::Ref;
use super::object::{Object, Value};
use super::pyvalue::{eq_value, repr_value, str_value, PyValue};
use super::types::{Kind, Type};

fn alternatives(ty: &Type) -> &[Type] {
    match ty.kind_ref() {
        Kind::Choice(alts) => alts,
        _ => unreachable!("choice functions are only called for Choice types"),
    }
}

fn raw(obj: &Object) -> &PyValue {
    match obj.value() {
        Value::Choice(v) => v,
        _ => unreachable!("choice functions are only called for Choice objects"),
    }
}

pub(crate) fn construct(ty: &Type, value: &PyValue) -> Object {
    Object::new(ty.clone(), Value::Choice(value.clone()), None)
}

/// What trying one alternative gave.
enum Attempt<T> {
    /// The alternative matched; stop here.
    Done(T),
    /// Try the next alternative.
    Next,
}

/// pystachio's `_unwrap`: `exact` runs on an instance of an alternative, `attempt` on a value
/// newly built as one.
fn unwrap_with<T>(
    obj: &Object,
    cx: &mut Ctx,
    mut exact: impl FnMut(&Object, &mut Ctx) -> Result<T>,
    mut attempt: impl FnMut(&Object, &mut Ctx) -> Result<Attempt<T>>,
) -> Result<Option<T>> {
    let value = raw(obj);
    for alt in alternatives(obj.ty()) {
        if let PyValue::Object(o) = value {
            if alt.is_instance(o) {
                return exact(o, cx).map(Some);
            }
        }
        let built = match alt.construct_in(value, cx) {
            Ok(built) => built.or_origin(obj.origin()),
            Err(e) if e.is_value_error() => continue,
            Err(e) => return Err(e),
        };
        match attempt(&built, cx) {
            Ok(Attempt::Done(result)) => return Ok(Some(result)),
            Ok(Attempt::Next) => continue,
            Err(e) if e.is_value_error() => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}

pub(crate) fn interpolate(obj: &Object, cx: &mut Ctx) -> Result<(Object, Vec<Ref>)> {
    let scopes = obj.child_scopes();
    let found = unwrap_with(
        obj,
        cx,
        |o, cx| o.in_scopes(&scopes).interpolate_in(cx),
        |o, cx| Ok(Attempt::Done(o.in_scopes(&scopes).interpolate_in(cx)?)),
    )?;
    match found {
        Some(result) => Ok(result),
        None => {
            let text = str_value(raw(obj), cx)?;
            Err(Error::coercion(format!(
                "Cannot coerce '{text}' to {}",
                obj.ty().name()
            )))
        }
    }
}

pub(crate) fn check(obj: &Object, cx: &mut Ctx) -> Result<TypeCheck> {
    let scopes = obj.child_scopes();
    let found = unwrap_with(
        obj,
        cx,
        |o, cx| {
            let tc = o.in_scopes(&scopes).check_in(cx)?;
            if tc.ok {
                Ok(tc)
            } else {
                // pystachio returns None here, and its caller's `.ok()` fails.
                Err(Error::attribute("'NoneType' object has no attribute 'ok'"))
            }
        },
        |o, cx| {
            let tc = o.in_scopes(&scopes).check_in(cx)?;
            Ok(if tc.ok {
                Attempt::Done(tc)
            } else {
                Attempt::Next
            })
        },
    )?;
    match found {
        Some(tc) => Ok(tc),
        None => Ok(TypeCheck::failure(format!(
            "{} typecheck failed: value {} did not match any of its alternatives",
            obj.ty().name(),
            str_value(raw(obj), cx)?
        ))),
    }
}

/// `choice.unwrap()`: the interpolated alternative.
pub(crate) fn unwrap(obj: &Object, cx: &mut Ctx) -> Result<Object> {
    if !matches!(obj.value(), Value::Choice(_)) {
        return Err(Error::attribute(format!(
            "'{}' object has no attribute 'unwrap'",
            obj.ty().name()
        )));
    }
    Ok(obj.interpolate_in(cx)?.0)
}

pub(crate) fn repr(obj: &Object, cx: &mut Ctx) -> Result<String> {
    Ok(format!(
        "{}({})",
        obj.ty().name(),
        repr_value(raw(obj), cx)?
    ))
}

/// `si._value` of an unwrapped alternative, as pystachio's `__eq__` reads it.
fn underlying(o: &Object) -> Result<&PyValue> {
    match o.value() {
        Value::Simple(v) | Value::Choice(v) => Ok(v),
        Value::Struct(_) => Err(Error::attribute(format!(
            "{} has no attribute _value",
            o.ty().name()
        ))),
        _ => Err(Error::attribute(format!(
            "'{}' object has no attribute '_value'",
            o.ty().name()
        ))),
    }
}

pub(crate) fn eq(obj: &Object, other: &Object, cx: &mut Ctx) -> Result<bool> {
    let (Kind::Choice(a), Kind::Choice(b)) = (obj.ty().kind_ref(), other.ty().kind_ref()) else {
        return Ok(false);
    };
    if a.len() != b.len()
        || a.iter()
            .zip(b.iter())
            .any(|(x, y)| x.encoding() != y.encoding())
    {
        return Ok(false);
    }
    let (si, _) = obj.interpolate_in(cx)?;
    let (oi, _) = other.interpolate_in(cx)?;
    let (x, y) = (underlying(&si)?, underlying(&oi)?);
    eq_value(x, y, cx)
}
