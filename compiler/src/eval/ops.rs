//! Binary operators on every kind of value.

use std::cell::RefCell;
use std::rc::Rc;

use aurora_dsl::ast::BinOp;

use super::errors::{ExcType, PyException};
use super::interp::Interpreter;
use super::number;
use crate::value::{PyResult, SetObj, Value};

/// The special method implementing `op`, and its reflected twin.
fn dunder(op: BinOp) -> (&'static str, &'static str) {
    match op {
        BinOp::Add => ("__add__", "__radd__"),
        BinOp::Sub => ("__sub__", "__rsub__"),
        BinOp::Mul => ("__mul__", "__rmul__"),
        BinOp::MatMul => ("__matmul__", "__rmatmul__"),
        BinOp::Div => ("__div__", "__rdiv__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__"),
        BinOp::Mod => ("__mod__", "__rmod__"),
        BinOp::Pow => ("__pow__", "__rpow__"),
        BinOp::LShift => ("__lshift__", "__rlshift__"),
        BinOp::RShift => ("__rshift__", "__rrshift__"),
        BinOp::BitOr => ("__or__", "__ror__"),
        BinOp::BitXor => ("__xor__", "__rxor__"),
        BinOp::BitAnd => ("__and__", "__rand__"),
    }
}

impl Interpreter<'_> {
    /// `left op right`.
    pub(crate) fn binary_op(&mut self, op: BinOp, left: Value, right: Value) -> PyResult<Value> {
        let max_bits = self.options.limits.max_int_bits;
        if let Some(result) = number::arithmetic(op, &left, &right, self.true_division, max_bits) {
            return result;
        }
        match (op, &left, &right) {
            (BinOp::Add, Value::Str(a) | Value::Unicode(a), Value::Str(b) | Value::Unicode(b)) => {
                self.alloc_str(a.len() + b.len())?;
                let mut text = String::with_capacity(a.len() + b.len());
                text.push_str(a);
                text.push_str(b);
                return Ok(string_like(&left, &right, text));
            }
            (BinOp::Add, Value::List(a), Value::List(b)) => {
                let mut items = a.items.borrow().clone();
                items.extend(b.items.borrow().iter().cloned());
                self.alloc_items(items.len())?;
                return Ok(Value::list(items));
            }
            (BinOp::Add, Value::Tuple(a), Value::Tuple(b)) => {
                let mut items = a.items.clone();
                items.extend(b.items.iter().cloned());
                self.alloc_items(items.len())?;
                return Ok(Value::tuple(items));
            }
            (BinOp::Mul, sequence, count) | (BinOp::Mul, count, sequence)
                if is_sequence(sequence) && number::as_i64(count).is_some()
                    || is_sequence(sequence) && matches!(count, Value::Long(_)) =>
            {
                return self.repeat(sequence, count);
            }
            (BinOp::Mod, Value::Str(_) | Value::Unicode(_), _) => {
                return self.printf(&left, &right);
            }
            (
                BinOp::Sub | BinOp::BitOr | BinOp::BitAnd | BinOp::BitXor,
                Value::Set(a) | Value::FrozenSet(a),
                Value::Set(b) | Value::FrozenSet(b),
            ) => {
                let (a, b) = (a.items.borrow(), b.items.borrow());
                let items = match op {
                    BinOp::Sub => a.difference(&b),
                    BinOp::BitOr => a.union(&b),
                    BinOp::BitAnd => a.intersection(&b),
                    _ => a.symmetric_difference(&b),
                };
                let set = Rc::new(SetObj {
                    items: RefCell::new(items),
                });
                return Ok(match left {
                    Value::Set(_) => Value::Set(set),
                    _ => Value::FrozenSet(set),
                });
            }
            _ => {}
        }
        let (method, reflected) = dunder(op);
        if let Value::Instance(instance) = &left {
            if instance.class.lookup(method).is_some() {
                return self.call_method(
                    left.clone(),
                    method,
                    vec![right],
                    Vec::new(),
                    self.call_span,
                );
            }
        }
        if let Value::Instance(instance) = &right {
            if instance.class.lookup(reflected).is_some() {
                return self.call_method(
                    right.clone(),
                    reflected,
                    vec![left],
                    Vec::new(),
                    self.call_span,
                );
            }
        }
        if let Value::Foreign(foreign) = &left {
            let foreign = Rc::clone(foreign);
            if let Some(result) = foreign.binary_op(op, &right, false, self) {
                return result;
            }
        }
        if let Value::Foreign(foreign) = &right {
            let foreign = Rc::clone(foreign);
            if let Some(result) = foreign.binary_op(op, &left, true, self) {
                return result;
            }
        }
        Err(operand_error(op, &left, &right))
    }

    /// `sequence * count`.
    fn repeat(&mut self, sequence: &Value, count: &Value) -> PyResult<Value> {
        let count = match (number::as_i64(count), count) {
            (Some(count), _) => count.max(0) as u64,
            // A `long` too big for an index: Python 2 repeats a negative one zero times.
            (None, Value::Long(big)) if big.sign() == num_bigint::Sign::Minus => 0,
            (None, Value::Long(_)) => {
                return Err(PyException::new(
                    ExcType::OverflowError,
                    "cannot fit 'long' into an index-sized integer",
                ))
            }
            (None, _) => u64::MAX,
        };
        let unit = match sequence {
            Value::Str(text) | Value::Unicode(text) => text.len(),
            Value::List(list) => list.items.borrow().len(),
            Value::Tuple(tuple) => tuple.items.len(),
            _ => 0,
        } as u64;
        let total = unit.saturating_mul(if unit == 0 { 0 } else { count });
        let total = usize::try_from(total).unwrap_or(usize::MAX);
        let count = if unit == 0 { 0 } else { count as usize };
        Ok(match sequence {
            Value::Str(text) | Value::Unicode(text) => {
                self.alloc_str(total)?;
                string_like(sequence, sequence, text.repeat(count))
            }
            Value::List(list) => {
                self.alloc_items(total)?;
                let items = list.items.borrow();
                let mut repeated = Vec::with_capacity(total);
                for _ in 0..count {
                    repeated.extend(items.iter().cloned());
                }
                Value::list(repeated)
            }
            Value::Tuple(tuple) => {
                self.alloc_items(total)?;
                let mut repeated = Vec::with_capacity(total);
                for _ in 0..count {
                    repeated.extend(tuple.items.iter().cloned());
                }
                Value::tuple(repeated)
            }
            _ => Value::None,
        })
    }
}

fn is_sequence(value: &Value) -> bool {
    matches!(
        value,
        Value::Str(_) | Value::Unicode(_) | Value::List(_) | Value::Tuple(_)
    )
}

/// A string result: `unicode` when either operand was.
/// The `str` made of `bytes`: a `str` is bytes in Python 2, kept as the text they
/// encode in UTF-8.
// FIXME: bytes that are not UTF-8 (one byte of a two-byte character, `'é'[0]`) become the
// characters of their Latin-1 reading, so joining the pieces again does not give the
// original back, and their repr differs.
pub(crate) fn str_from_bytes(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let mut text = String::with_capacity(bytes.len() + 8);
            for chunk in bytes.utf8_chunks() {
                text.push_str(chunk.valid());
                text.extend(chunk.invalid().iter().map(|&byte| char::from(byte)));
            }
            text
        }
    }
}

pub(crate) fn string_like(left: &Value, right: &Value, text: String) -> Value {
    if matches!(left, Value::Unicode(_)) || matches!(right, Value::Unicode(_)) {
        Value::Unicode(text.into())
    } else {
        Value::Str(text.into())
    }
}

/// Python 2's message for operands an operator does not accept.
fn operand_error(op: BinOp, left: &Value, right: &Value) -> Box<PyException> {
    let (left_type, right_type) = (left.type_name(), right.type_name());
    let message = match (op, left) {
        (BinOp::Add, Value::Unicode(_)) => {
            format!("coercing to Unicode: need string or buffer, {right_type} found")
        }
        (BinOp::Add, Value::Str(_)) => {
            format!("cannot concatenate '{left_type}' and '{right_type}' objects")
        }
        (BinOp::Add, Value::List(_) | Value::Tuple(_)) => {
            format!("can only concatenate {left_type} (not \"{right_type}\") to {left_type}")
        }
        (BinOp::Mul, _) if is_sequence(left) || is_sequence(right) => {
            let other = if is_sequence(left) {
                right_type
            } else {
                left_type
            };
            format!("can't multiply sequence by non-int of type '{other}'")
        }
        _ => format!(
            "unsupported operand type(s) for {}: '{left_type}' and '{right_type}'",
            op.symbol()
        ),
    };
    PyException::type_error(message)
}
