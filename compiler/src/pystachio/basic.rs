//! Simple objects: String, Integer, Float, Boolean and Enum values.
//!
//! A simple object keeps whatever value it was given; coercion to its type happens when it is
//! interpolated (`Integer('{{x}}')` stays a template until `x` is bound, `String(1)` holds 1).

use std::cmp::Ordering;

use super::check::TypeCheck;
use super::ctx::Ctx;
use super::error::{Error, ErrorKind, Result};
use super::float::{
    float_to_int, parse_python_float, parse_python_int, FloatToIntError, IntParseError,
};
use super::mustache::resolve;
use super::naming::Ref;
use super::object::{Object, Value};
use super::pyvalue::{py2_order, py2_str_repr, repr_value, str_value, PyValue};
use super::scope::Scopes;
use super::types::{Kind, Type};

/// `cls(value)`: stores the value; an Enum also rejects a template-free value it lacks.
pub(crate) fn construct(ty: &Type, value: &PyValue, cx: &mut Ctx) -> Result<Object> {
    if let Kind::Enum(values) = ty.kind_ref() {
        // pystachio interpolates `String(value)` with no scopes to see if it is a template.
        let unbound = match value {
            PyValue::Str(s) => resolve(s, &Scopes::default(), cx)?.1,
            other => {
                coerce(&Type::string(), other, cx)?;
                Vec::new()
            }
        };
        let known = matches!(value, PyValue::Str(s) if values.iter().any(|v| v == s));
        if unbound.is_empty() && !known {
            return Err(Error::value(format!(
                "{} only accepts the following values: {}",
                ty.name(),
                values.join(", ")
            )));
        }
    }
    Ok(Object::new(ty.clone(), Value::Simple(value.clone()), None))
}

pub(crate) fn interpolate(obj: &Object, raw: &PyValue, cx: &mut Ctx) -> Result<(Object, Vec<Ref>)> {
    let ty = obj.ty();
    let PyValue::Str(text) = raw else {
        let coerced = coerce(ty, raw, cx)?;
        return Ok((
            Object::new(ty.clone(), Value::Simple(coerced), obj.origin()),
            Vec::new(),
        ));
    };
    let (joined, unbound) = resolve(text, obj.own_scopes(), cx)?;
    if unbound.is_empty() {
        // Fully resolved: a copy that keeps its scopes, holding the coerced value.
        let coerced = coerce(ty, &PyValue::from(joined), cx)?;
        Ok((obj.with_value(Value::Simple(coerced)), unbound))
    } else {
        let partial = construct(ty, &PyValue::from(joined), cx)?.with_origin(obj.origin());
        Ok((partial, unbound))
    }
}

/// Whether `value` has no template and is already what `coerce(ty, value)` gives, so that
/// interpolating it changes nothing.
pub(crate) fn is_canonical(ty: &Type, value: &PyValue) -> bool {
    match (ty.kind_ref(), value) {
        (Kind::String, PyValue::Str(s)) => !s.contains("{{"),
        (Kind::Enum(values), PyValue::Str(s)) => !s.contains("{{") && values.iter().any(|v| v == s),
        (Kind::Integer, PyValue::Int(_))
        | (Kind::Float, PyValue::Float(_))
        | (Kind::Boolean, PyValue::Bool(_)) => true,
        _ => false,
    }
}

/// `cls.coerce(value)`.
pub(crate) fn coerce(ty: &Type, value: &PyValue, cx: &mut Ctx) -> Result<PyValue> {
    let fail = |cx: &mut Ctx, extra: Option<String>| -> Result<PyValue> {
        Err(coercion_error(value, ty.name(), extra, cx)?)
    };
    match ty.kind_ref() {
        Kind::String => match value {
            PyValue::Str(_) => Ok(value.clone()),
            v if v.is_numeric() => Ok(PyValue::from(str_value(v, cx)?)),
            _ => fail(cx, None),
        },
        Kind::Integer => match value {
            PyValue::Bool(b) => Ok(PyValue::Int(i64::from(*b))),
            PyValue::Int(_) => Ok(value.clone()),
            PyValue::Float(f) => match float_to_int(*f) {
                Ok(i) => Ok(PyValue::Int(i)),
                Err(FloatToIntError::NaN) => fail(cx, None),
                Err(FloatToIntError::Infinite) => Err(Error::new(
                    ErrorKind::Overflow,
                    "cannot convert float infinity to integer",
                )),
                Err(FloatToIntError::TooLarge) => Err(too_large(value, cx)?),
            },
            PyValue::Str(s) => match parse_python_int(s) {
                Ok(i) => Ok(PyValue::Int(i)),
                Err(IntParseError::Invalid) => fail(cx, None),
                Err(IntParseError::TooLarge) => Err(too_large(value, cx)?),
            },
            _ => fail(cx, None),
        },
        Kind::Float => match value {
            PyValue::Bool(b) => Ok(PyValue::Float(f64::from(u8::from(*b)))),
            PyValue::Int(i) => Ok(PyValue::Float(*i as f64)),
            PyValue::Float(_) => Ok(value.clone()),
            PyValue::Str(s) => match parse_python_float(s) {
                Some(f) => Ok(PyValue::Float(f)),
                None => fail(cx, None),
            },
            _ => fail(cx, None),
        },
        Kind::Boolean => match value {
            PyValue::Bool(_) => Ok(value.clone()),
            PyValue::Int(i) => Ok(PyValue::Bool(*i != 0)),
            PyValue::Float(f) => Ok(PyValue::Bool(*f != 0.0)),
            PyValue::Str(s) => match s.to_lowercase().as_str() {
                "true" | "1" => Ok(PyValue::Bool(true)),
                "false" | "0" => Ok(PyValue::Bool(false)),
                _ => fail(cx, None),
            },
            _ => fail(cx, None),
        },
        Kind::Enum(values) => match value {
            PyValue::Str(s) if values.iter().any(|v| v == s) => Ok(value.clone()),
            _ => {
                let text = str_value(value, cx)?;
                fail(
                    cx,
                    Some(format!("{text} is not one of {}", values.join(", "))),
                )
            }
        },
        _ => unreachable!("basic::coerce is only called for simple types"),
    }
}

/// `Object.CoercionError(src, dst, message)`.
pub(crate) fn coercion_error(
    value: &PyValue,
    type_name: &str,
    extra: Option<String>,
    cx: &mut Ctx,
) -> Result<Error> {
    let base = format!("Cannot coerce '{}' to {type_name}", str_value(value, cx)?);
    Ok(Error::coercion(match extra {
        Some(extra) => format!("{base}: {extra}"),
        None => base,
    }))
}

/// Python makes a `long` here; this model keeps integers in 64 bits.
fn too_large(value: &PyValue, cx: &mut Ctx) -> Result<Error> {
    Ok(Error::new(
        ErrorKind::Overflow,
        format!(
            "Cannot coerce '{}' to Integer: outside the 64-bit integer range",
            str_value(value, cx)?
        ),
    ))
}

/// `cls.checker(interpolated)`.
fn checker(ty: &Type, value: &PyValue, cx: &mut Ctx) -> Result<TypeCheck> {
    let ok = match ty.kind_ref() {
        Kind::String => matches!(value, PyValue::Str(_)),
        Kind::Integer => matches!(value, PyValue::Int(_) | PyValue::Bool(_)),
        Kind::Float => value.is_numeric(),
        Kind::Boolean => matches!(value, PyValue::Bool(_)),
        Kind::Enum(values) => matches!(value, PyValue::Str(s) if values.iter().any(|v| v == s)),
        _ => unreachable!("basic::checker is only called for simple types"),
    };
    if ok {
        return Ok(TypeCheck::success());
    }
    // Values still holding templates come from joining text, which Python 2 makes unicode.
    let shown = match value {
        PyValue::Str(s) => py2_str_repr(s, true),
        other => repr_value(other, cx)?,
    };
    Ok(TypeCheck::failure(match ty.kind_ref() {
        Kind::String => format!("{shown} not a string"),
        Kind::Integer => format!("{shown} not an integer"),
        Kind::Float => format!("{shown} not a float"),
        Kind::Boolean => format!("{shown} not a boolean"),
        Kind::Enum(values) => format!("{shown} not in the enumeration ({})", values.join(", ")),
        _ => unreachable!("basic::checker is only called for simple types"),
    }))
}

/// `Object.check()`: interpolate, then run the type's checker.
pub(crate) fn check(obj: &Object, cx: &mut Ctx) -> Result<TypeCheck> {
    match obj.interpolate_in(cx) {
        Ok((si, _)) => {
            let value = si.raw_value().expect("a simple object holds a raw value");
            checker(obj.ty(), value, cx)
        }
        Err(e) if matches!(e.kind(), ErrorKind::Coercion | ErrorKind::Uninterpolatable) => {
            Ok(TypeCheck::failure(format!("Unable to interpolate: {e}")))
        }
        Err(e) => Err(e),
    }
}

/// `str(obj)`: the interpolated value as text.
pub(crate) fn str(obj: &Object, cx: &mut Ctx) -> Result<String> {
    let (si, _) = obj.interpolate_in(cx)?;
    let value = si.raw_value().expect("a simple object holds a raw value");
    str_value(value, cx)
}

/// pystachio's `_my_cmp`: another class orders as "less"; otherwise compare interpolated values.
pub(crate) fn compare(obj: &Object, other: &Object, cx: &mut Ctx) -> Result<Ordering> {
    if !obj.ty().is(other.ty()) {
        return Ok(Ordering::Less);
    }
    let (si, _) = obj.interpolate_in(cx)?;
    let (oi, _) = other.interpolate_in(cx)?;
    let (Some(a), Some(b)) = (si.raw_value(), oi.raw_value()) else {
        return Ok(Ordering::Less);
    };
    Ok(py2_order(a, b).unwrap_or(Ordering::Equal))
}
