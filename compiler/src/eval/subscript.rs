//! Subscripts: `x[key]`, `x[a:b:c]`, and assigning or deleting them.

use std::rc::Rc;

use super::errors::PyException;
use super::expr::SliceBounds;
use super::interp::Interpreter;
use super::number;
use crate::value::{Native, PyResult, Value};

/// Resolved `start, stop, step` of a slice over a sequence of a given length.
pub(crate) struct SliceIndices {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl SliceIndices {
    /// The positions the slice selects.
    pub fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        let mut current = self.start;
        std::iter::from_fn(move || {
            let inside = if self.step > 0 {
                current < self.stop
            } else {
                current > self.stop
            };
            if !inside {
                return None;
            }
            let position = current as usize;
            current += self.step;
            Some(position)
        })
    }

    pub fn count(&self) -> usize {
        if self.step > 0 && self.start < self.stop {
            ((self.stop - self.start + self.step - 1) / self.step) as usize
        } else if self.step < 0 && self.start > self.stop {
            ((self.start - self.stop - self.step - 1) / -self.step) as usize
        } else {
            0
        }
    }
}

fn slice_bound(value: &Option<Value>) -> PyResult<Option<i64>> {
    match value {
        None => Ok(None),
        Some(Value::Long(big)) => Ok(Some(if big.sign() == num_bigint::Sign::Minus {
            i64::MIN / 2
        } else {
            i64::MAX / 2
        })),
        Some(other) => match number::as_i64(other) {
            Some(number) => Ok(Some(number.clamp(i64::MIN / 2, i64::MAX / 2))),
            None => Err(PyException::type_error(
                "slice indices must be integers or None or have an __index__ method",
            )),
        },
    }
}

/// Python's `slice.indices(length)`.
pub(crate) fn slice_indices(bounds: &SliceBounds, len: usize) -> PyResult<SliceIndices> {
    let len = len as i64;
    let step = slice_bound(&bounds.step)?.unwrap_or(1);
    if step == 0 {
        return Err(PyException::value_error("slice step cannot be zero"));
    }
    let clamp = |index: Option<i64>, default: i64| -> i64 {
        let Some(mut index) = index else {
            return default;
        };
        if index < 0 {
            index += len;
        }
        if step > 0 {
            index.clamp(0, len)
        } else {
            index.clamp(-1, len - 1)
        }
    };
    let (default_start, default_stop) = if step > 0 { (0, len) } else { (len - 1, -1) };
    Ok(SliceIndices {
        start: clamp(slice_bound(&bounds.lower)?, default_start),
        stop: clamp(slice_bound(&bounds.upper)?, default_stop),
        step,
    })
}

/// The position `key` designates in a sequence of `len` items.
pub(crate) fn sequence_index(key: &Value, len: usize, what: &str) -> PyResult<usize> {
    let index = match key {
        Value::Long(_) => i64::MAX,
        other => number::as_i64(other).ok_or_else(|| {
            PyException::type_error(format!(
                "{what} indices must be integers, not {}",
                key.type_name()
            ))
        })?,
    };
    let resolved = if index < 0 { index + len as i64 } else { index };
    if resolved < 0 || resolved >= len as i64 {
        let noun = if what == "string" { "string" } else { what };
        return Err(PyException::index_error(format!(
            "{noun} index out of range"
        )));
    }
    Ok(resolved as usize)
}

impl Interpreter<'_> {
    /// `object[key]`.
    pub(crate) fn get_item(&mut self, object: &Value, key: &Value) -> PyResult<Value> {
        match object {
            Value::List(list) => {
                let items = list.items.borrow();
                let index = sequence_index(key, items.len(), "list")?;
                Ok(items[index].clone())
            }
            Value::Tuple(tuple) => {
                let index = sequence_index(key, tuple.items.len(), "tuple")?;
                Ok(tuple.items[index].clone())
            }
            Value::Str(text) if !text.is_ascii() => {
                // A `str` is indexed by byte.
                let index = sequence_index(key, text.len(), "string")?;
                let picked = super::ops::str_from_bytes(&text.as_bytes()[index..index + 1]);
                Ok(Value::Str(picked.into()))
            }
            Value::Str(text) | Value::Unicode(text) => {
                let picked = if text.is_ascii() {
                    let index = sequence_index(key, text.len(), "string")?;
                    text[index..index + 1].to_string()
                } else {
                    let chars: Vec<char> = text.chars().collect();
                    let index = sequence_index(key, chars.len(), "string")?;
                    chars[index].to_string()
                };
                Ok(super::ops::string_like(object, object, picked))
            }
            Value::Dict(dict) => {
                let hashed = self.key(key.clone())?;
                if let Some(found) = dict.map.borrow().get(&hashed) {
                    return Ok(found.clone());
                }
                match &dict.default_factory {
                    Some(factory) => {
                        let factory = factory.clone();
                        let value =
                            self.call_value(&factory, Vec::new(), Vec::new(), self.call_span)?;
                        dict.map.borrow_mut().insert(hashed, value.clone());
                        Ok(value)
                    }
                    None => Err(PyException::key_error(key.clone())),
                }
            }
            Value::XRange(range) => {
                let len = usize::try_from(range.len()).unwrap_or(usize::MAX);
                let index = sequence_index(key, len, "xrange object")?;
                Ok(Value::Int(range.nth(index as u64)))
            }
            Value::Native(native) if matches!(**native, Native::Environ) => {
                let Some(name) = key.as_str() else {
                    return Err(PyException::key_error(key.clone()));
                };
                match self.read_env(name)? {
                    Some(value) => Ok(Value::str(value)),
                    None => Err(PyException::key_error(key.clone())),
                }
            }
            Value::Instance(instance) if instance.class.lookup("__getitem__").is_some() => self
                .call_method(
                    object.clone(),
                    "__getitem__",
                    vec![key.clone()],
                    Vec::new(),
                    self.call_span,
                ),
            Value::Foreign(foreign) => {
                let foreign = Rc::clone(foreign);
                foreign
                    .get_item(key, self)
                    .unwrap_or_else(|| Err(not_subscriptable(object)))
            }
            _ => Err(not_subscriptable(object)),
        }
    }

    /// `object[lower:upper:step]`.
    pub(crate) fn get_slice(&mut self, object: &Value, bounds: SliceBounds) -> PyResult<Value> {
        match object {
            Value::List(list) => {
                let items = list.items.borrow().clone();
                let indices = slice_indices(&bounds, items.len())?;
                self.alloc_items(indices.count())?;
                Ok(Value::list(
                    indices.positions().map(|i| items[i].clone()).collect(),
                ))
            }
            Value::Tuple(tuple) => {
                let indices = slice_indices(&bounds, tuple.items.len())?;
                self.alloc_items(indices.count())?;
                Ok(Value::tuple(
                    indices
                        .positions()
                        .map(|i| tuple.items[i].clone())
                        .collect(),
                ))
            }
            Value::Str(text) if !text.is_ascii() => {
                // A `str` is sliced by byte.
                let bytes = text.as_bytes();
                let indices = slice_indices(&bounds, bytes.len())?;
                let picked: Vec<u8> = indices.positions().map(|i| bytes[i]).collect();
                self.alloc_str(picked.len())?;
                Ok(Value::Str(super::ops::str_from_bytes(&picked).into()))
            }
            Value::Str(text) | Value::Unicode(text) => {
                let sliced: String = if text.is_ascii() {
                    let indices = slice_indices(&bounds, text.len())?;
                    let bytes = text.as_bytes();
                    if indices.step == 1 {
                        let (start, stop) = (indices.start as usize, indices.stop as usize);
                        text.get(start..stop.max(start)).unwrap_or("").to_string()
                    } else {
                        indices.positions().map(|i| bytes[i] as char).collect()
                    }
                } else {
                    let chars: Vec<char> = text.chars().collect();
                    let indices = slice_indices(&bounds, chars.len())?;
                    indices.positions().map(|i| chars[i]).collect()
                };
                self.alloc_str(sliced.len())?;
                Ok(super::ops::string_like(object, object, sliced))
            }
            Value::Instance(instance) if instance.class.lookup("__getitem__").is_some() => Err(
                PyException::type_error("slicing user-defined objects is not supported"),
            ),
            _ => Err(not_subscriptable(object)),
        }
    }

    /// `object[key] = value`.
    pub(crate) fn set_item(&mut self, object: &Value, key: Value, value: Value) -> PyResult<()> {
        match object {
            Value::List(list) => {
                let len = list.items.borrow().len();
                let index = sequence_index(&key, len, "list")
                    .map_err(|e| assignment_index_error(e, "list"))?;
                let old = std::mem::replace(&mut list.items.borrow_mut()[index], value);
                drop(old);
                Ok(())
            }
            Value::Dict(dict) => {
                let key = self.key(key)?;
                let old = dict.map.borrow_mut().insert(key, value);
                drop(old);
                Ok(())
            }
            Value::Native(native) if matches!(**native, Native::Environ) => {
                match (key.as_str(), value.as_str()) {
                    (Some(name), Some(text)) => {
                        self.options.env.insert(name.to_string(), text.to_string());
                        Ok(())
                    }
                    _ => Err(PyException::type_error(
                        "environment keys and values must be strings",
                    )),
                }
            }
            Value::Instance(instance) if instance.class.lookup("__setitem__").is_some() => {
                self.call_method(
                    object.clone(),
                    "__setitem__",
                    vec![key, value],
                    Vec::new(),
                    self.call_span,
                )?;
                Ok(())
            }
            _ => Err(PyException::type_error(format!(
                "'{}' object does not support item assignment",
                object.type_name()
            ))),
        }
    }

    /// `del object[key]`.
    pub(crate) fn del_item(&mut self, object: &Value, key: &Value) -> PyResult<()> {
        match object {
            Value::List(list) => {
                let len = list.items.borrow().len();
                let index = sequence_index(key, len, "list")
                    .map_err(|e| assignment_index_error(e, "list"))?;
                let removed = list.items.borrow_mut().remove(index);
                drop(removed);
                Ok(())
            }
            Value::Dict(dict) => {
                let hashed = self.key(key.clone())?;
                let removed = dict.map.borrow_mut().remove(&hashed);
                match removed {
                    Some(_) => Ok(()),
                    None => Err(PyException::key_error(key.clone())),
                }
            }
            Value::Native(native) if matches!(**native, Native::Environ) => {
                let removed = key.as_str().and_then(|name| self.options.env.remove(name));
                match removed {
                    Some(_) => Ok(()),
                    None => Err(PyException::key_error(key.clone())),
                }
            }
            Value::Instance(instance) if instance.class.lookup("__delitem__").is_some() => {
                self.call_method(
                    object.clone(),
                    "__delitem__",
                    vec![key.clone()],
                    Vec::new(),
                    self.call_span,
                )?;
                Ok(())
            }
            _ => Err(PyException::type_error(format!(
                "'{}' object doesn't support item deletion",
                object.type_name()
            ))),
        }
    }

    /// `object[lower:upper:step] = value`.
    pub(crate) fn set_slice(
        &mut self,
        object: &Value,
        bounds: SliceBounds,
        value: Value,
    ) -> PyResult<()> {
        let Value::List(list) = object else {
            return Err(PyException::type_error(format!(
                "'{}' object does not support slice assignment",
                object.type_name()
            )));
        };
        let replacement = self
            .collect_values(&value)
            .map_err(|_| PyException::type_error("can only assign an iterable"))?;
        let len = list.items.borrow().len();
        let indices = slice_indices(&bounds, len)?;
        if indices.step == 1 {
            let start = indices.start as usize;
            let stop = (indices.stop as usize).max(start);
            self.grow_items(len - (stop - start) + replacement.len(), replacement.len())?;
            let removed: Vec<Value> = list
                .items
                .borrow_mut()
                .splice(start..stop, replacement)
                .collect();
            drop(removed);
            return Ok(());
        }
        if indices.count() != replacement.len() {
            return Err(PyException::value_error(format!(
                "attempt to assign sequence of size {} to extended slice of size {}",
                replacement.len(),
                indices.count()
            )));
        }
        let positions: Vec<usize> = indices.positions().collect();
        let mut items = list.items.borrow_mut();
        for (position, item) in positions.into_iter().zip(replacement) {
            items[position] = item;
        }
        Ok(())
    }

    /// `del object[lower:upper:step]`.
    pub(crate) fn del_slice(&mut self, object: &Value, bounds: SliceBounds) -> PyResult<()> {
        let Value::List(list) = object else {
            return Err(PyException::type_error(format!(
                "'{}' object does not support slice deletion",
                object.type_name()
            )));
        };
        let len = list.items.borrow().len();
        let indices = slice_indices(&bounds, len)?;
        let mut doomed: Vec<usize> = indices.positions().collect();
        doomed.sort_unstable();
        let mut items = list.items.borrow_mut();
        let mut position = 0;
        let mut next = doomed.iter().peekable();
        let kept: Vec<Value> = std::mem::take(&mut *items)
            .into_iter()
            .filter(|_| {
                let keep = next.peek() != Some(&&position);
                if !keep {
                    next.next();
                }
                position += 1;
                keep
            })
            .collect();
        *items = kept;
        Ok(())
    }
}

fn not_subscriptable(object: &Value) -> Box<PyException> {
    match object {
        Value::Set(_) | Value::FrozenSet(_) => PyException::type_error(format!(
            "'{}' object does not support indexing",
            object.type_name()
        )),
        _ => PyException::type_error(format!(
            "'{}' object has no attribute '__getitem__'",
            object.type_name()
        )),
    }
}

fn assignment_index_error(error: Box<PyException>, what: &str) -> Box<PyException> {
    if error.exc_type == super::errors::ExcType::IndexError {
        PyException::index_error(format!("{what} assignment index out of range"))
    } else {
        error
    }
}
