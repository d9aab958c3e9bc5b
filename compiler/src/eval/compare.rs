//! Equality, ordering, hashing and membership with Python 2's rules.
//!
//! Numbers compare by value across `bool`/`int`/`long`/`float`; `str` and `unicode` compare
//! by text. Values of unrelated types order as Python 2 orders them: `None` first, then
//! numbers, then everything else by type name. Where Python 2 would fall back to memory
//! addresses the order here is "equal", which keeps sorting deterministic.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{FromPrimitive, ToPrimitive};

use super::errors::{LimitKind, PyException};
use super::interp::Interpreter;
use super::number::Num;
use crate::value::{FxHasher, Key, Native, PyResult, Value};

/// How deep equality, ordering and hashing follow nested containers.
pub(crate) const MAX_DATA_DEPTH: usize = 400;

fn too_deep(what: &str) -> Box<PyException> {
    PyException::limit(
        LimitKind::Recursion,
        format!("maximum recursion depth exceeded in {what}"),
    )
}

/// Compares two numbers; `None` when either is NaN.
pub(crate) fn num_cmp(left: &Num, right: &Num) -> Option<Ordering> {
    match (left, right) {
        (Num::Int(a), Num::Int(b)) => Some(a.cmp(b)),
        (Num::Float(a), Num::Float(b)) => a.partial_cmp(b),
        (Num::Float(a), other) => int_float_cmp(other, *a).map(Ordering::reverse),
        (other, Num::Float(b)) => int_float_cmp(other, *b),
        (a, b) => Some(to_big(a).cmp(&to_big(b))),
    }
}

fn to_big(num: &Num) -> BigInt {
    match num {
        Num::Int(number) => BigInt::from(*number),
        Num::Big(number, _) => number.clone(),
        Num::Float(_) => BigInt::default(),
    }
}

/// Compares an integer with a float exactly.
fn int_float_cmp(integer: &Num, float: f64) -> Option<Ordering> {
    if float.is_nan() {
        return None;
    }
    if float.is_infinite() {
        return Some(if float > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    if let Num::Int(small) = integer {
        if small.unsigned_abs() < (1 << 53) {
            return (*small as f64).partial_cmp(&float);
        }
    }
    let floor = float.floor();
    let floor_big = BigInt::from_f64(floor)?;
    let big = to_big(integer);
    Some(match big.cmp(&floor_big) {
        Ordering::Equal if float > floor => Ordering::Less,
        other => other,
    })
}

/// Identity (`is`): by value for `None`, booleans and small immutable values.
pub(crate) fn is_same(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::None, Value::None) | (Value::Ellipsis, Value::Ellipsis) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Int(a), Value::Int(b)) => a == b,
        (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
        (Value::Str(a), Value::Str(b)) => Rc::ptr_eq(a, b) || (a == b && interned(a)),
        (Value::Unicode(a), Value::Unicode(b)) => {
            Rc::ptr_eq(a, b) || (a.is_empty() && b.is_empty())
        }
        (Value::Type(a), Value::Type(b)) => a == b,
        (Value::Builtin(a), Value::Builtin(b)) => std::ptr::eq(*a, *b),
        _ => match (identity(left), identity(right)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        },
    }
}

/// Whether CPython 2.7 keeps a single copy of the byte string `text`: the empty string and
/// single characters always, and string constants made only of name characters (which
/// the compiler interns).
// FIXME: such a string built at run time (`''.join(['a', 'b'])`) is a copy of its own in
// CPython: `is` says False for it there.
fn interned(text: &str) -> bool {
    text.len() <= 1
        || text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
}

/// The address identifying a shared object.
pub(crate) fn identity(value: &Value) -> Option<usize> {
    Some(match value {
        Value::List(object) => Rc::as_ptr(object) as usize,
        Value::Tuple(object) => Rc::as_ptr(object) as usize,
        Value::Dict(object) => Rc::as_ptr(object) as usize,
        Value::Set(object) | Value::FrozenSet(object) => Rc::as_ptr(object) as usize,
        Value::Long(object) => Rc::as_ptr(object) as usize,
        Value::Iter(object) => Rc::as_ptr(object) as usize,
        Value::Function(object) => Rc::as_ptr(object) as usize,
        Value::Method(object) => Rc::as_ptr(object) as usize,
        Value::Class(object) => Rc::as_ptr(object) as usize,
        Value::Instance(object) => Rc::as_ptr(object) as usize,
        Value::Module(object) => Rc::as_ptr(object) as usize,
        Value::Native(object) => Rc::as_ptr(object) as usize,
        Value::Foreign(object) => Rc::as_ptr(object) as *const () as usize,
        Value::Builtin(builtin) => *builtin as *const _ as usize,
        _ => return None,
    })
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_value(&self.0, state);
    }
}

fn hash_value<H: Hasher>(value: &Value, state: &mut H) {
    match value {
        Value::None => state.write_u8(0),
        Value::Ellipsis => state.write_u8(1),
        Value::Bool(flag) => state.write_i64(i64::from(*flag)),
        Value::Int(number) => state.write_i64(*number),
        Value::Long(number) => match number.to_i64() {
            Some(small) => state.write_i64(small),
            None => number.hash(state),
        },
        Value::Float(number) => {
            if number.fract() == 0.0 && number.is_finite() {
                if number.abs() < 9.0e18 {
                    state.write_i64(*number as i64);
                } else if let Some(big) = BigInt::from_f64(*number) {
                    big.hash(state);
                }
            } else {
                state.write_u64(number.to_bits());
            }
        }
        Value::Str(text) | Value::Unicode(text) => text.hash(state),
        Value::Tuple(tuple) => {
            state.write_usize(tuple.items.len());
            for item in &tuple.items {
                hash_value(item, state);
            }
        }
        Value::FrozenSet(set) => {
            let mut combined = 0u64;
            for item in set.items.borrow().iter() {
                let mut hasher = FxHasher::default();
                hash_value(&item.0, &mut hasher);
                combined ^= hasher.finish();
            }
            state.write_u64(combined);
        }
        Value::Type(kind) => kind.hash(state),
        Value::XRange(range) => {
            state.write_i64(range.start);
            state.write_i64(range.stop);
            state.write_i64(range.step);
        }
        Value::Foreign(foreign) => match foreign.hash() {
            Some(hash) => state.write_u64(hash),
            None => state.write_usize(identity(value).unwrap_or(0)),
        },
        _ => state.write_usize(identity(value).unwrap_or(0)),
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        key_eq(&self.0, &other.0)
    }
}

impl Eq for Key {}

/// Equality of two hashable values.
fn key_eq(left: &Value, right: &Value) -> bool {
    if let (Some(a), Some(b)) = (Num::of(left), Num::of(right)) {
        return num_cmp(&a, &b) == Some(Ordering::Equal);
    }
    match (left, right) {
        (Value::None, Value::None) | (Value::Ellipsis, Value::Ellipsis) => true,
        (Value::Str(a) | Value::Unicode(a), Value::Str(b) | Value::Unicode(b)) => a == b,
        (Value::Tuple(a), Value::Tuple(b)) => {
            a.items.len() == b.items.len()
                && a.items.iter().zip(&b.items).all(|(x, y)| key_eq(x, y))
        }
        (Value::FrozenSet(a), Value::FrozenSet(b)) => {
            let (a, b) = (a.items.borrow(), b.items.borrow());
            a.len() == b.len() && a.iter().all(|item| b.contains(item))
        }
        (Value::Type(a), Value::Type(b)) => a == b,
        (Value::XRange(a), Value::XRange(b)) => a == b,
        (Value::Foreign(a), other) => a
            .equals(other)
            .unwrap_or_else(|| identity(left) == identity(right)),
        (other, Value::Foreign(b)) => b
            .equals(other)
            .unwrap_or_else(|| identity(left) == identity(right)),
        _ => match (identity(left), identity(right)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        },
    }
}

impl Interpreter<'_> {
    /// Makes a dict key or set element, failing for unhashable values.
    ///
    /// Hashing and comparing keys walk them whole, so a key's size (shared parts counted
    /// each time they appear) is charged as steps here, and a key larger than the steps
    /// left is refused: the table's own hashing, which cannot fail, then stays bounded.
    pub(crate) fn key(&mut self, value: Value) -> PyResult<Key> {
        if matches!(value, Value::Tuple(_)) {
            let left = self.steps_left();
            let mut nodes = 0;
            check_hashable(&value, 0, &mut nodes, left)?;
            self.charge_steps(nodes)?;
        } else {
            check_hashable(&value, 0, &mut 0, u64::MAX)?;
        }
        Ok(Key(value))
    }

    /// `left == right`.
    pub(crate) fn equals(&mut self, left: &Value, right: &Value) -> PyResult<bool> {
        self.equals_at(left, right, 0)
    }

    fn equals_at(&mut self, left: &Value, right: &Value, depth: usize) -> PyResult<bool> {
        if depth > MAX_DATA_DEPTH || self.check_expression_depth().is_err() {
            return Err(too_deep("cmp"));
        }
        // A step per pair compared: shared values can be vastly larger than they look.
        self.tick()?;
        if let (Some(a), Some(b)) = (Num::of(left), Num::of(right)) {
            return Ok(num_cmp(&a, &b) == Some(Ordering::Equal));
        }
        match (left, right) {
            (Value::Str(a) | Value::Unicode(a), Value::Str(b) | Value::Unicode(b)) => Ok(a == b),
            (Value::List(a), Value::List(b)) => {
                if Rc::ptr_eq(a, b) {
                    return Ok(true);
                }
                let (a, b) = (a.items.borrow().clone(), b.items.borrow().clone());
                self.sequences_equal(&a, &b, depth)
            }
            (Value::Tuple(a), Value::Tuple(b)) => {
                if Rc::ptr_eq(a, b) {
                    return Ok(true);
                }
                self.sequences_equal(&a.items, &b.items, depth)
            }
            (Value::Dict(a), Value::Dict(b)) => {
                if Rc::ptr_eq(a, b) {
                    return Ok(true);
                }
                let a_items: Vec<(Key, Value)> = a
                    .map
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                if a_items.len() != b.map.borrow().len() {
                    return Ok(false);
                }
                self.charge(a_items.len())?;
                for (key, value) in a_items {
                    let other = b.map.borrow().get(&key).cloned();
                    match other {
                        Some(other) if self.equals_at(&value, &other, depth + 1)? => {}
                        _ => return Ok(false),
                    }
                }
                Ok(true)
            }
            (Value::Set(a) | Value::FrozenSet(a), Value::Set(b) | Value::FrozenSet(b)) => {
                let (a, b) = (a.items.borrow(), b.items.borrow());
                Ok(a.len() == b.len() && a.iter().all(|item| b.contains(item)))
            }
            (Value::Instance(instance), other) if instance.class.lookup("__eq__").is_some() => {
                let result = self.call_method(
                    left.clone(),
                    "__eq__",
                    vec![other.clone()],
                    Vec::new(),
                    self.call_span,
                )?;
                self.truthy(&result)
            }
            (other, Value::Instance(instance)) if instance.class.lookup("__eq__").is_some() => {
                let result = self.call_method(
                    right.clone(),
                    "__eq__",
                    vec![other.clone()],
                    Vec::new(),
                    self.call_span,
                )?;
                self.truthy(&result)
            }
            (Value::Method(a), Value::Method(b)) => {
                Ok(is_same(&a.receiver, &b.receiver) && is_same(&a.func, &b.func))
            }
            (Value::Native(a), Value::Native(b)) => Ok(match (&**a, &**b) {
                (
                    Native::BoundMethod {
                        receiver: ra,
                        name: na,
                    },
                    Native::BoundMethod {
                        receiver: rb,
                        name: nb,
                    },
                ) => na == nb && is_same(ra, rb),
                _ => Rc::ptr_eq(a, b),
            }),
            _ => Ok(key_eq(left, right)),
        }
    }

    fn sequences_equal(&mut self, a: &[Value], b: &[Value], depth: usize) -> PyResult<bool> {
        if a.len() != b.len() {
            return Ok(false);
        }
        self.charge(a.len())?;
        for (x, y) in a.iter().zip(b) {
            if !self.equals_at(x, y, depth + 1)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Python 2's ordering of two values (for `<`, `sorted`, `min`, `max`).
    pub(crate) fn compare(&mut self, left: &Value, right: &Value) -> PyResult<Ordering> {
        self.compare_at(left, right, 0)
    }

    fn compare_at(&mut self, left: &Value, right: &Value, depth: usize) -> PyResult<Ordering> {
        if depth > MAX_DATA_DEPTH || self.check_expression_depth().is_err() {
            return Err(too_deep("cmp"));
        }
        self.tick()?;
        if let (Some(a), Some(b)) = (Num::of(left), Num::of(right)) {
            return Ok(num_cmp(&a, &b).unwrap_or(Ordering::Equal));
        }
        match (left, right) {
            (Value::Str(a) | Value::Unicode(a), Value::Str(b) | Value::Unicode(b)) => {
                Ok(a.as_bytes().cmp(b.as_bytes()))
            }
            (Value::List(a), Value::List(b)) => {
                let (a, b) = (a.items.borrow().clone(), b.items.borrow().clone());
                self.compare_sequences(&a, &b, depth)
            }
            (Value::Tuple(a), Value::Tuple(b)) => self.compare_sequences(&a.items, &b.items, depth),
            (Value::Dict(a), Value::Dict(b)) => {
                let (a_len, b_len) = (a.map.borrow().len(), b.map.borrow().len());
                Ok(a_len.cmp(&b_len))
            }
            (Value::None, Value::None) => Ok(Ordering::Equal),
            (Value::None, _) => Ok(Ordering::Less),
            (_, Value::None) => Ok(Ordering::Greater),
            (Value::Instance(instance), _) if has_ordering(instance) => {
                self.compare_instances(left, right)
            }
            (_, Value::Instance(instance)) if has_ordering(instance) => {
                Ok(self.compare_instances(right, left)?.reverse())
            }
            _ => {
                // Numbers sort before everything else; other types by type name.
                let rank = |value: &Value| Num::of(value).is_none();
                let (left_rank, right_rank) = (rank(left), rank(right));
                if left_rank != right_rank {
                    return Ok(left_rank.cmp(&right_rank));
                }
                Ok(left.type_name().cmp(&right.type_name()))
            }
        }
    }

    fn compare_sequences(&mut self, a: &[Value], b: &[Value], depth: usize) -> PyResult<Ordering> {
        self.charge(a.len().min(b.len()))?;
        for (x, y) in a.iter().zip(b) {
            if !self.equals_at(x, y, depth + 1)? {
                return self.compare_at(x, y, depth + 1);
            }
        }
        Ok(a.len().cmp(&b.len()))
    }

    fn compare_instances(&mut self, left: &Value, right: &Value) -> PyResult<Ordering> {
        let Value::Instance(instance) = left else {
            return Ok(Ordering::Equal);
        };
        let span = self.call_span;
        if instance.class.lookup("__cmp__").is_some() {
            let result = self.call_method(
                left.clone(),
                "__cmp__",
                vec![right.clone()],
                Vec::new(),
                span,
            )?;
            let value = super::number::as_i64(&result).unwrap_or(0);
            return Ok(value.cmp(&0));
        }
        let less = self.call_method(
            left.clone(),
            "__lt__",
            vec![right.clone()],
            Vec::new(),
            span,
        )?;
        if self.truthy(&less)? {
            return Ok(Ordering::Less);
        }
        if self.equals(left, right)? {
            return Ok(Ordering::Equal);
        }
        Ok(Ordering::Greater)
    }

    /// `item in container`.
    pub(crate) fn contains(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        match container {
            Value::List(list) => {
                let items = list.items.borrow().clone();
                self.charge(items.len())?;
                for candidate in &items {
                    if self.equals(candidate, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Tuple(tuple) => {
                self.charge(tuple.items.len())?;
                for candidate in &tuple.items {
                    if self.equals(candidate, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Str(text) | Value::Unicode(text) => match item.as_str() {
                Some(needle) => {
                    self.charge(text.len())?;
                    Ok(text.contains(needle))
                }
                None => Err(PyException::type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    item.type_name()
                ))),
            },
            Value::Dict(dict) => {
                let key = self.key(item.clone())?;
                Ok(dict.map.borrow().contains_key(&key))
            }
            Value::Set(set) | Value::FrozenSet(set) => {
                let key = self.key(item.clone())?;
                Ok(set.items.borrow().contains(&key))
            }
            Value::XRange(range) => {
                let Some(number) = super::number::as_i64(item) else {
                    return Ok(false);
                };
                let offset = i128::from(number) - i128::from(range.start);
                let step = i128::from(range.step);
                let index = offset / step;
                Ok(offset % step == 0 && index >= 0 && (index as u64) < range.len())
            }
            Value::Native(native) if matches!(**native, Native::Environ) => match item.as_str() {
                Some(name) => Ok(self.read_env(name)?.is_some()),
                None => Ok(false),
            },
            Value::Instance(instance) if instance.class.lookup("__contains__").is_some() => {
                let result = self.call_method(
                    container.clone(),
                    "__contains__",
                    vec![item.clone()],
                    Vec::new(),
                    self.call_span,
                )?;
                self.truthy(&result)
            }
            _ => {
                let mut iterator = self.iterate(container).map_err(|_| {
                    PyException::type_error(format!(
                        "argument of type '{}' is not iterable",
                        container.type_name()
                    ))
                })?;
                while let Some(candidate) = self.next_item(&mut iterator)? {
                    self.tick()?;
                    if self.equals(&candidate, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }
}

fn has_ordering(instance: &crate::value::Instance) -> bool {
    instance.class.lookup("__lt__").is_some() || instance.class.lookup("__cmp__").is_some()
}

/// Fails with `TypeError: unhashable type` for lists, dicts and sets (also inside tuples);
/// counts the values walked in `nodes` and stops past `budget` of them.
fn check_hashable(value: &Value, depth: usize, nodes: &mut u64, budget: u64) -> PyResult<()> {
    *nodes += 1;
    if *nodes > budget {
        return Err(PyException::limit(
            LimitKind::Steps,
            "hashing this value would exceed the step limit (its parts are shared so often that it is enormous)",
        ));
    }
    match value {
        Value::List(_) | Value::Dict(_) | Value::Set(_) => Err(PyException::type_error(format!(
            "unhashable type: '{}'",
            value.type_name()
        ))),
        Value::Tuple(tuple) => {
            if depth > MAX_DATA_DEPTH {
                return Err(too_deep("hash"));
            }
            tuple
                .items
                .iter()
                .try_for_each(|item| check_hashable(item, depth + 1, nodes, budget))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash_of(value: &Value) -> u64 {
        let mut hasher = FxHasher::default();
        hash_value(value, &mut hasher);
        hasher.finish()
    }

    #[test]
    fn equal_numbers_hash_alike() {
        let one = [
            Value::Int(1),
            Value::Bool(true),
            Value::Float(1.0),
            Value::from_bigint(BigInt::from(1)),
        ];
        for a in &one {
            for b in &one {
                assert!(key_eq(a, b));
                assert_eq!(hash_of(a), hash_of(b));
            }
        }
        let big = Value::from_bigint(BigInt::from(10).pow(20));
        assert!(key_eq(&big, &Value::Float(1e20)));
        assert_eq!(hash_of(&big), hash_of(&Value::Float(1e20)));
        assert!(!key_eq(&Value::Float(0.5), &Value::Int(0)));
        assert!(key_eq(&Value::str("a"), &Value::Unicode("a".into())));
    }

    #[test]
    fn constants_that_cpython_interns_are_the_same_object() {
        assert!(is_same(&Value::str("a"), &Value::str("a")));
        assert!(is_same(&Value::str("job_1"), &Value::str("job_1")));
        assert!(!is_same(&Value::str("a b"), &Value::str("a b")));
        assert!(!is_same(&Value::str("ab"), &Value::str("ba")));
    }

    #[test]
    fn integers_and_floats_compare_exactly() {
        let cmp = |a: Value, b: Value| num_cmp(&Num::of(&a).unwrap(), &Num::of(&b).unwrap());
        assert_eq!(
            cmp(
                Value::Int(9007199254740993),
                Value::Float(9007199254740992.0)
            ),
            Some(Ordering::Greater)
        );
        assert_eq!(cmp(Value::Int(1), Value::Float(1.5)), Some(Ordering::Less));
        assert_eq!(cmp(Value::Int(2), Value::Float(f64::NAN)), None);
        assert_eq!(
            cmp(Value::Int(i64::MAX), Value::Float(f64::INFINITY)),
            Some(Ordering::Less)
        );
    }
}
