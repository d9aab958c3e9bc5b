//! Python 2 arithmetic on `bool`, `int`, `long` and `float`: `int` overflows into `long`,
//! `/` on integers floors, `%` and `//` follow the sign of the divisor.

use std::rc::Rc;

use aurora_dsl::ast::BinOp;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{FromPrimitive, Signed, ToPrimitive, Zero};

use super::errors::{ExcType, LimitKind, PyException};
use crate::value::{PyResult, Value};

/// A number operand, with whether it is a Python 2 `long`.
pub(crate) enum Num {
    Int(i64),
    Big(BigInt, bool),
    Float(f64),
}

impl Num {
    pub fn of(value: &Value) -> Option<Num> {
        Some(match value {
            Value::Bool(flag) => Num::Int(i64::from(*flag)),
            Value::Int(number) => Num::Int(*number),
            Value::Long(number) => Num::Big((**number).clone(), true),
            Value::Float(number) => Num::Float(*number),
            _ => return None,
        })
    }

    fn is_long(&self) -> bool {
        matches!(self, Num::Big(_, true))
    }

    fn to_big(&self) -> BigInt {
        match self {
            Num::Int(number) => BigInt::from(*number),
            Num::Big(number, _) => number.clone(),
            Num::Float(number) => BigInt::from_f64(*number).unwrap_or_default(),
        }
    }

    fn float_of(&self) -> PyResult<f64> {
        match self {
            Num::Int(number) => Ok(*number as f64),
            Num::Big(number, _) => big_to_float(number),
            Num::Float(number) => Ok(*number),
        }
    }
}

/// A `long` as a float, failing like Python when it is too large.
pub(crate) fn big_to_float(number: &BigInt) -> PyResult<f64> {
    match number.to_f64() {
        Some(value) if value.is_finite() => Ok(value),
        _ => Err(PyException::new(
            ExcType::OverflowError,
            "long int too large to convert to float",
        )),
    }
}

/// An integer result: an `int` when it fits and no operand was a `long`.
pub(crate) fn int_result(number: BigInt, long: bool) -> Value {
    if !long {
        if let Some(small) = number.to_i64() {
            return Value::Int(small);
        }
    }
    Value::Long(Rc::new(number))
}

/// Normalises a `BigInt` to the smallest Python integer type (`int` when it fits).
pub(crate) fn int_value(number: BigInt) -> Value {
    int_result(number, false)
}

fn zero_division() -> Box<PyException> {
    PyException::new(
        ExcType::ZeroDivisionError,
        "integer division or modulo by zero",
    )
}

/// Python 2's `long` has a message of its own.
fn long_zero_division(long: bool) -> Box<PyException> {
    if long {
        PyException::new(
            ExcType::ZeroDivisionError,
            "long division or modulo by zero",
        )
    } else {
        zero_division()
    }
}

/// A shift count beyond a machine word, which Python 2.7 refuses to convert.
fn shift_count_overflow() -> Box<PyException> {
    PyException::new(
        ExcType::OverflowError,
        "long int too large to convert to int",
    )
}

/// `left op right` for numbers; `None` when an operand is not a number.
pub(crate) fn arithmetic(
    op: BinOp,
    left: &Value,
    right: &Value,
    true_division: bool,
    max_bits: u64,
) -> Option<PyResult<Value>> {
    let (left_value, right_value) = (left, right);
    let left = Num::of(left)?;
    let right = Num::of(right)?;
    let bitwise = matches!(
        op,
        BinOp::LShift | BinOp::RShift | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor
    );
    if bitwise && (matches!(left, Num::Float(_)) || matches!(right, Num::Float(_))) {
        return Some(Err(PyException::type_error(format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            op.symbol(),
            left_value.type_name(),
            right_value.type_name()
        ))));
    }
    // `True & True` is `True`: `bool` keeps its type through `&`, `|` and `^`.
    if let (Value::Bool(a), Value::Bool(b)) = (left_value, right_value) {
        match op {
            BinOp::BitAnd => return Some(Ok(Value::Bool(a & b))),
            BinOp::BitOr => return Some(Ok(Value::Bool(a | b))),
            BinOp::BitXor => return Some(Ok(Value::Bool(a ^ b))),
            _ => {}
        }
    }
    Some(compute(op, left, right, true_division, max_bits))
}

fn compute(
    op: BinOp,
    left: Num,
    right: Num,
    true_division: bool,
    max_bits: u64,
) -> PyResult<Value> {
    if matches!(left, Num::Float(_)) || matches!(right, Num::Float(_)) {
        return float_op(op, left.float_of()?, right.float_of()?);
    }
    if op == BinOp::Div && true_division {
        let (a, b) = (left.float_of()?, right.float_of()?);
        if b == 0.0 {
            return Err(PyException::new(
                ExcType::ZeroDivisionError,
                "division by zero",
            ));
        }
        return Ok(Value::Float(a / b));
    }
    let long = left.is_long() || right.is_long();
    if let (Num::Int(a), Num::Int(b)) = (&left, &right) {
        if let Some(result) = small_int_op(op, *a, *b) {
            return result;
        }
    }
    big_int_op(op, left.to_big(), right.to_big(), long, max_bits)
}

/// Integer arithmetic that stays within `i64`; `None` to redo it with big integers.
fn small_int_op(op: BinOp, a: i64, b: i64) -> Option<PyResult<Value>> {
    let value = match op {
        BinOp::Add => a.checked_add(b)?,
        BinOp::Sub => a.checked_sub(b)?,
        BinOp::Mul => a.checked_mul(b)?,
        BinOp::Div | BinOp::FloorDiv => {
            if b == 0 {
                return Some(Err(zero_division()));
            }
            a.checked_div_euclid(b)?;
            Integer::div_floor(&a, &b)
        }
        BinOp::Mod => {
            if b == 0 {
                return Some(Err(zero_division()));
            }
            a.checked_rem(b)?;
            Integer::mod_floor(&a, &b)
        }
        BinOp::BitAnd => a & b,
        BinOp::BitOr => a | b,
        BinOp::BitXor => a ^ b,
        BinOp::LShift => {
            if b < 0 {
                return Some(Err(PyException::value_error("negative shift count")));
            }
            if b >= 63 {
                return None;
            }
            let shifted = a.checked_shl(b as u32)?;
            if shifted >> b != a {
                return None;
            }
            shifted
        }
        BinOp::RShift => {
            if b < 0 {
                return Some(Err(PyException::value_error("negative shift count")));
            }
            a >> b.min(63)
        }
        BinOp::Pow => {
            if b < 0 {
                return Some(float_op(op, a as f64, b as f64));
            }
            let exponent = u32::try_from(b).ok()?;
            a.checked_pow(exponent)?
        }
        BinOp::MatMul => return None,
    };
    Some(Ok(Value::Int(value)))
}

fn big_int_op(op: BinOp, a: BigInt, b: BigInt, long: bool, max_bits: u64) -> PyResult<Value> {
    let too_big = || {
        PyException::limit(
            LimitKind::Size,
            format!("an integer larger than the limit of {max_bits} bits"),
        )
    };
    let result = match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => {
            if a.bits() + b.bits() > max_bits {
                return Err(too_big());
            }
            a * b
        }
        BinOp::Div | BinOp::FloorDiv => {
            if b.is_zero() {
                return Err(long_zero_division(long));
            }
            a.div_floor(&b)
        }
        BinOp::Mod => {
            if b.is_zero() {
                return Err(long_zero_division(long));
            }
            a.mod_floor(&b)
        }
        BinOp::BitAnd => a & b,
        BinOp::BitOr => a | b,
        BinOp::BitXor => a ^ b,
        BinOp::LShift => {
            if b.is_negative() {
                return Err(PyException::value_error("negative shift count"));
            }
            if b.to_i64().is_none() {
                return Err(shift_count_overflow());
            }
            let shift = b.to_u64().filter(|shift| a.bits() + shift <= max_bits);
            match shift {
                Some(shift) => a << shift,
                None if a.is_zero() => a,
                None => return Err(too_big()),
            }
        }
        BinOp::RShift => {
            if b.is_negative() {
                return Err(PyException::value_error("negative shift count"));
            }
            if b.to_i64().is_none() {
                return Err(shift_count_overflow());
            }
            match b.to_u64() {
                Some(shift) => a >> shift,
                None if a.is_negative() => BigInt::from(-1),
                None => BigInt::zero(),
            }
        }
        BinOp::Pow => {
            if b.is_negative() {
                return float_op(op, big_to_float(&a)?, big_to_float(&b)?);
            }
            let trivial = a.is_zero() || a == BigInt::from(1) || a == BigInt::from(-1);
            let exponent = b.to_u32().filter(|exponent| {
                trivial || a.bits().saturating_mul(u64::from(*exponent)) <= max_bits
            });
            match exponent {
                Some(exponent) => num_traits::pow(a, exponent as usize),
                None if trivial => {
                    let odd = b.is_odd();
                    if (a == BigInt::from(-1) && odd) || a.is_zero() {
                        a
                    } else {
                        BigInt::from(1)
                    }
                }
                None => return Err(too_big()),
            }
        }
        BinOp::MatMul => {
            return Err(PyException::type_error(
                "unsupported operand type(s) for @: 'int' and 'int'",
            ))
        }
    };
    if result.bits() > max_bits {
        return Err(too_big());
    }
    Ok(int_result(result, long))
}

/// `divmod(a, b)` of floats (`b` not zero) as CPython computes it: from `fmod`, so that
/// `7 // 0.1` is `69.0` (0.1 is a little more than a tenth), and a zero remainder takes
/// the sign of `b`.
fn float_divmod(a: f64, b: f64) -> (f64, f64) {
    let mut remainder = a % b;
    let mut quotient = (a - remainder) / b;
    if remainder != 0.0 {
        if (b < 0.0) != (remainder < 0.0) {
            remainder += b;
            quotient -= 1.0;
        }
    } else {
        remainder = 0.0_f64.copysign(b);
    }
    let floor = if quotient != 0.0 {
        let floor = quotient.floor();
        if quotient - floor > 0.5 {
            floor + 1.0
        } else {
            floor
        }
    } else {
        0.0_f64.copysign(a / b)
    };
    (floor, remainder)
}

fn float_op(op: BinOp, a: f64, b: f64) -> PyResult<Value> {
    let value = match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => {
            if b == 0.0 {
                return Err(PyException::new(
                    ExcType::ZeroDivisionError,
                    "float division by zero",
                ));
            }
            a / b
        }
        BinOp::FloorDiv => {
            if b == 0.0 {
                return Err(PyException::new(
                    ExcType::ZeroDivisionError,
                    "float divmod()",
                ));
            }
            float_divmod(a, b).0
        }
        BinOp::Mod => {
            if b == 0.0 {
                return Err(PyException::new(ExcType::ZeroDivisionError, "float modulo"));
            }
            float_divmod(a, b).1
        }
        BinOp::Pow => {
            if a == 0.0 && b < 0.0 {
                return Err(PyException::new(
                    ExcType::ZeroDivisionError,
                    "0.0 cannot be raised to a negative power",
                ));
            }
            if a < 0.0 && b.fract() != 0.0 {
                return Err(PyException::value_error(
                    "negative number cannot be raised to a fractional power",
                ));
            }
            let result = a.powf(b);
            if result.is_infinite() && a.is_finite() && b.is_finite() {
                return Err(PyException::new(
                    ExcType::OverflowError,
                    "(34, 'Numerical result out of range')",
                ));
            }
            result
        }
        BinOp::LShift
        | BinOp::RShift
        | BinOp::BitAnd
        | BinOp::BitOr
        | BinOp::BitXor
        | BinOp::MatMul => {
            return Err(PyException::type_error(format!(
                "unsupported operand type(s) for {}: 'float' and 'float'",
                op.symbol()
            )))
        }
    };
    Ok(Value::Float(value))
}

/// `-value` for numbers.
pub(crate) fn negate(value: &Value) -> Option<PyResult<Value>> {
    Some(Ok(match Num::of(value)? {
        Num::Int(number) => match number.checked_neg() {
            Some(negated) => Value::Int(negated),
            None => int_result(-BigInt::from(number), false),
        },
        Num::Big(number, long) => int_result(-number, long),
        Num::Float(number) => Value::Float(-number),
    }))
}

/// `~value` for integers.
pub(crate) fn invert(value: &Value) -> Option<PyResult<Value>> {
    match Num::of(value)? {
        Num::Int(number) => Some(Ok(Value::Int(!number))),
        Num::Big(number, long) => Some(Ok(int_result(-number - 1, long))),
        Num::Float(_) => None,
    }
}

/// `abs(value)`.
pub(crate) fn absolute(value: &Value) -> Option<Value> {
    Some(match Num::of(value)? {
        Num::Int(number) => match number.checked_abs() {
            Some(absolute) => Value::Int(absolute),
            None => int_result(BigInt::from(number).abs(), false),
        },
        Num::Big(number, long) => int_result(number.abs(), long),
        Num::Float(number) => Value::Float(number.abs()),
    })
}

/// `int.bit_length()`.
pub(crate) fn bit_length(value: &Value) -> PyResult<Value> {
    match Num::of(value) {
        Some(Num::Int(number)) => Ok(Value::Int(i64::from(
            64 - number.unsigned_abs().leading_zeros(),
        ))),
        Some(Num::Big(number, _)) => Ok(Value::Int(number.bits() as i64)),
        _ => Err(PyException::type_error("bit_length() needs an integer")),
    }
}

/// The integer value of `value` (`bool`, `int`, `long`) as an `i64`, if it is one.
pub(crate) fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Bool(flag) => Some(i64::from(*flag)),
        Value::Int(number) => Some(*number),
        Value::Long(number) => number.to_i64(),
        _ => None,
    }
}

/// The integer value of `value` as a `BigInt`, if it is an integer.
pub(crate) fn as_bigint(value: &Value) -> Option<BigInt> {
    match value {
        Value::Bool(flag) => Some(BigInt::from(i64::from(*flag))),
        Value::Int(number) => Some(BigInt::from(*number)),
        Value::Long(number) => Some((**number).clone()),
        _ => None,
    }
}

/// The value of a number as a float.
pub(crate) fn as_f64(value: &Value) -> Option<PyResult<f64>> {
    Num::of(value).map(|num| num.float_of())
}

/// `int(float)`: truncates toward zero, becoming a `long` when needed.
pub(crate) fn float_to_int(number: f64) -> PyResult<Value> {
    if number.is_nan() {
        return Err(PyException::value_error(
            "cannot convert float NaN to integer",
        ));
    }
    if number.is_infinite() {
        return Err(PyException::new(
            ExcType::OverflowError,
            "cannot convert float infinity to integer",
        ));
    }
    let truncated = number.trunc();
    if truncated.abs() < 9.0e18 {
        return Ok(Value::Int(truncated as i64));
    }
    Ok(int_value(BigInt::from_f64(truncated).unwrap_or_default()))
}

/// `divmod(a, b)`.
pub(crate) fn divmod(left: &Value, right: &Value, max_bits: u64) -> Option<PyResult<Value>> {
    let quotient = arithmetic(BinOp::FloorDiv, left, right, false, max_bits)?;
    let remainder = arithmetic(BinOp::Mod, left, right, false, max_bits)?;
    Some(quotient.and_then(|q| remainder.map(|r| Value::tuple(vec![q, r]))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calc(op: BinOp, a: Value, b: Value) -> String {
        match arithmetic(op, &a, &b, false, 1 << 16) {
            Some(Ok(value)) => super::super::repr::plain_repr(&value),
            Some(Err(error)) => error.headline(),
            None => "unsupported".into(),
        }
    }

    #[test]
    fn ints_overflow_into_longs_and_floor() {
        assert_eq!(
            calc(BinOp::Add, Value::Int(i64::MAX), Value::Int(1)),
            "9223372036854775808L"
        );
        assert_eq!(calc(BinOp::Div, Value::Int(-7), Value::Int(2)), "-4");
        assert_eq!(calc(BinOp::Mod, Value::Int(-7), Value::Int(2)), "1");
        assert_eq!(
            calc(BinOp::Div, Value::Int(i64::MIN), Value::Int(-1)),
            "9223372036854775808L"
        );
        assert_eq!(calc(BinOp::Pow, Value::Int(2), Value::Int(-2)), "0.25");
        assert_eq!(
            calc(BinOp::Div, Value::Int(1), Value::Int(0)),
            "ZeroDivisionError: integer division or modulo by zero"
        );
        assert_eq!(
            calc(BinOp::Add, Value::Int(1), Value::str("a")),
            "unsupported"
        );
    }

    #[test]
    fn float_floor_division_and_modulo_follow_fmod() {
        let float = Value::Float;
        assert_eq!(calc(BinOp::FloorDiv, Value::Int(7), float(0.1)), "69.0");
        assert_eq!(calc(BinOp::Mod, float(3.0), Value::Int(-1)), "-0.0");
        assert_eq!(calc(BinOp::Mod, float(-4.0), float(0.5)), "0.0");
        assert_eq!(calc(BinOp::Mod, float(-1.0), float(3.0)), "2.0");
    }

    #[test]
    fn bitwise_operators_name_both_types_and_keep_bools() {
        assert_eq!(
            calc(BinOp::BitAnd, Value::Int(1), Value::Float(3.0)),
            "TypeError: unsupported operand type(s) for &: 'int' and 'float'"
        );
        assert_eq!(
            calc(BinOp::LShift, Value::Float(0.5), Value::Bool(true)),
            "TypeError: unsupported operand type(s) for <<: 'float' and 'bool'"
        );
        assert_eq!(
            calc(BinOp::BitAnd, Value::Bool(true), Value::Bool(true)),
            "True"
        );
        assert_eq!(calc(BinOp::BitXor, Value::Bool(true), Value::Int(1)), "0");
    }

    #[test]
    fn long_errors_have_their_own_messages() {
        let long = Value::from_bigint(BigInt::from(7));
        assert_eq!(
            calc(BinOp::FloorDiv, long, Value::Bool(false)),
            "ZeroDivisionError: long division or modulo by zero"
        );
        let huge = Value::from_bigint(BigInt::from(2).pow(63));
        assert_eq!(
            calc(BinOp::RShift, Value::Int(-7), huge),
            "OverflowError: long int too large to convert to int"
        );
    }

    #[test]
    fn longs_stay_longs() {
        let long = Value::from_bigint(BigInt::from(5));
        assert_eq!(calc(BinOp::Add, long.clone(), Value::Int(1)), "6L");
        assert_eq!(calc(BinOp::Mul, Value::Float(0.5), long), "2.5");
    }

    #[test]
    fn huge_results_are_refused() {
        let result = arithmetic(
            BinOp::Pow,
            &Value::Int(10),
            &Value::Int(100_000),
            false,
            1 << 16,
        );
        assert!(matches!(result, Some(Err(error)) if error.fatal.is_some()));
        let result = arithmetic(
            BinOp::Pow,
            &Value::Int(1),
            &Value::Int(i64::MAX),
            false,
            1 << 16,
        );
        assert!(matches!(result, Some(Ok(Value::Int(1)))));
    }
}
