//! Iteration over every iterable value.

use std::cell::RefCell;
use std::rc::Rc;

use super::errors::{ExcType, PyException};
use super::interp::Interpreter;
use crate::value::{IterState, Key, ListObj, Native, PyResult, TupleObj, Value, XRange};

/// An iteration in progress.
pub(crate) enum ValueIter {
    Values(std::vec::IntoIter<Value>),
    /// A live list: items appended during the loop are visited, as in Python.
    List(Rc<ListObj>, usize),
    Tuple(Rc<TupleObj>, usize),
    /// The characters of a string, from a byte offset.
    Chars(Value, usize),
    Range(XRange, u64),
    Shared(Rc<RefCell<IterState>>),
}

impl Interpreter<'_> {
    /// Starts iterating over `value`.
    pub(crate) fn iterate(&mut self, value: &Value) -> PyResult<ValueIter> {
        Ok(match value {
            Value::List(list) => ValueIter::List(Rc::clone(list), 0),
            Value::Tuple(tuple) => ValueIter::Tuple(Rc::clone(tuple), 0),
            Value::Str(_) | Value::Unicode(_) => ValueIter::Chars(value.clone(), 0),
            Value::XRange(range) => ValueIter::Range(*range, 0),
            Value::Dict(dict) => {
                let keys: Vec<Value> = dict
                    .map
                    .borrow()
                    .keys()
                    .map(|k| k.value().clone())
                    .collect();
                ValueIter::Values(keys.into_iter())
            }
            Value::Set(set) | Value::FrozenSet(set) => {
                let items: Vec<Value> = set
                    .items
                    .borrow()
                    .iter()
                    .map(|k| k.value().clone())
                    .collect();
                ValueIter::Values(items.into_iter())
            }
            Value::Iter(state) => ValueIter::Shared(Rc::clone(state)),
            Value::Native(native) => match &**native {
                Native::Environ => {
                    let names: Vec<Value> = self
                        .read_env_all()?
                        .into_iter()
                        .map(|(name, _)| Value::str(name))
                        .collect();
                    ValueIter::Values(names.into_iter())
                }
                Native::File(file) => {
                    let lines = super::modules::remaining_lines(&mut file.borrow_mut());
                    ValueIter::Values(lines.into_iter())
                }
                _ => return Err(not_iterable(value)),
            },
            Value::Instance(instance) => {
                if instance.class.lookup("__iter__").is_some() {
                    let iterator = self.call_method(
                        value.clone(),
                        "__iter__",
                        Vec::new(),
                        Vec::new(),
                        self.call_span,
                    )?;
                    if let Value::Instance(_) = iterator {
                        return Err(PyException::type_error(
                            "iterator objects defined in .aurora code are not supported; return iter(list) from __iter__",
                        ));
                    }
                    return self.iterate(&iterator);
                }
                return Err(not_iterable(value));
            }
            Value::Foreign(foreign) => {
                let foreign = Rc::clone(foreign);
                match foreign.iterate(self) {
                    Some(values) => ValueIter::Values(values?.into_iter()),
                    None => return Err(not_iterable(value)),
                }
            }
            _ => return Err(not_iterable(value)),
        })
    }

    /// The next element, or `None` at the end.
    pub(crate) fn next_item(&mut self, iterator: &mut ValueIter) -> PyResult<Option<Value>> {
        Ok(match iterator {
            ValueIter::Values(values) => values.next(),
            ValueIter::List(list, index) => {
                let item = list.items.borrow().get(*index).cloned();
                *index += 1;
                item
            }
            ValueIter::Tuple(tuple, index) => {
                let item = tuple.items.get(*index).cloned();
                *index += 1;
                item
            }
            // A `str` yields its bytes.
            ValueIter::Chars(Value::Str(text), offset) if !text.is_ascii() => {
                let byte = text.as_bytes().get(*offset).copied();
                *offset += 1;
                byte.map(|byte| Value::Str(super::ops::str_from_bytes(&[byte]).into()))
            }
            ValueIter::Chars(text, offset) => {
                let string = text.as_str().unwrap_or("");
                match string[*offset..].chars().next() {
                    Some(ch) => {
                        *offset += ch.len_utf8();
                        let piece = ch.to_string();
                        Some(match text {
                            Value::Unicode(_) => Value::Unicode(piece.into()),
                            _ => Value::Str(piece.into()),
                        })
                    }
                    None => None,
                }
            }
            ValueIter::Range(range, index) => {
                if *index < range.len() {
                    let item = range.nth(*index);
                    *index += 1;
                    Some(Value::Int(item))
                } else {
                    None
                }
            }
            ValueIter::Shared(state) => self.advance(state)?,
        })
    }

    /// Advances a shared iterator (`iter()`, generator expressions, `itertools`).
    fn advance(&mut self, state: &Rc<RefCell<IterState>>) -> PyResult<Option<Value>> {
        let Ok(mut current) = state.try_borrow_mut() else {
            return Err(PyException::value_error("generator already executing"));
        };
        Ok(match &mut *current {
            IterState::Values(values) => values.next(),
            IterState::List(list, index) => {
                let item = list.items.borrow().get(*index).cloned();
                *index += 1;
                item
            }
            IterState::Range(range, index) => {
                if *index < range.len() {
                    let item = range.nth(*index);
                    *index += 1;
                    Some(Value::Int(item))
                } else {
                    None
                }
            }
            IterState::Count(next, step) => {
                let item = next.clone();
                *next = self.binary_op(aurora_dsl::ast::BinOp::Add, item.clone(), step.clone())?;
                Some(item)
            }
            IterState::Repeat(value, times) => match times {
                Some(0) => None,
                Some(remaining) => {
                    *remaining -= 1;
                    Some(value.clone())
                }
                None => Some(value.clone()),
            },
            IterState::Cycle(saved, position) => {
                if saved.is_empty() {
                    None
                } else {
                    let item = saved[*position % saved.len()].clone();
                    *position += 1;
                    Some(item)
                }
            }
            IterState::Islice {
                inner,
                next,
                position,
                stop,
                step,
            } => {
                if stop.is_some_and(|stop| *next >= stop) {
                    return Ok(None);
                }
                let inner = inner.clone();
                let mut source = self.iterate(&inner)?;
                loop {
                    self.tick()?;
                    let Some(item) = self.next_item(&mut source)? else {
                        *next = u64::MAX;
                        return Ok(None);
                    };
                    *position += 1;
                    if *position - 1 == *next {
                        *next += *step;
                        break Some(item);
                    }
                }
            }
            IterState::Chain(remaining) => loop {
                let Some(front) = remaining.front().cloned() else {
                    break None;
                };
                let mut source = self.iterate(&front)?;
                match self.next_item(&mut source)? {
                    Some(item) => break Some(item),
                    None => {
                        remaining.pop_front();
                    }
                }
            },
            IterState::Exhausted => None,
        })
    }

    /// Turns any iterable into an iterator value (`iter(x)`).
    pub(crate) fn make_iter(&mut self, value: &Value) -> PyResult<Value> {
        let state = match value {
            Value::Iter(_) => return Ok(value.clone()),
            Value::List(list) => IterState::List(Rc::clone(list), 0),
            Value::XRange(range) => IterState::Range(*range, 0),
            _ => IterState::Values(self.collect_values(value)?.into_iter()),
        };
        Ok(Value::Iter(Rc::new(RefCell::new(state))))
    }

    /// Every element of an iterable, within the collection size limit.
    pub(crate) fn collect_values(&mut self, value: &Value) -> PyResult<Vec<Value>> {
        match value {
            Value::List(list) => return Ok(list.items.borrow().clone()),
            Value::Tuple(tuple) => return Ok(tuple.items.clone()),
            Value::XRange(range) => {
                self.alloc_items(usize::try_from(range.len()).unwrap_or(usize::MAX))?;
            }
            _ => {}
        }
        let mut iterator = self.iterate(value)?;
        let mut values = Vec::new();
        while let Some(item) = self.next_item(&mut iterator)? {
            values.push(item);
            self.grow_items(values.len(), 1)?;
        }
        Ok(values)
    }

    /// The `(key, value)` pairs of a mapping (for `**kwargs`, `dict(m)`, `update(m)`).
    pub(crate) fn mapping_items(&mut self, value: &Value) -> PyResult<Vec<(Key, Value)>> {
        match value {
            // C code walks any dict, an OrderedDict too, in its table order.
            Value::Dict(dict) => Ok(dict
                .map
                .borrow()
                .table_iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()),
            Value::Native(native) if matches!(**native, Native::Environ) => {
                let entries = self.read_env_all()?;
                entries
                    .into_iter()
                    .map(|(name, text)| Ok((self.key(Value::str(name))?, Value::str(text))))
                    .collect()
            }
            Value::Instance(instance) if instance.class.lookup("keys").is_some() => {
                let keys = self.call_method(
                    value.clone(),
                    "keys",
                    Vec::new(),
                    Vec::new(),
                    self.call_span,
                )?;
                let mut items = Vec::new();
                for key in self.collect_values(&keys)? {
                    let item = self.get_item(value, &key)?;
                    items.push((self.key(key)?, item));
                }
                Ok(items)
            }
            _ => Err(PyException::type_error(format!(
                "argument after ** must be a mapping, not {}",
                value.type_name()
            ))),
        }
    }

    /// `StopIteration` for `next()` on an exhausted iterator.
    pub(crate) fn stop_iteration() -> Box<PyException> {
        PyException::new(ExcType::StopIteration, "")
    }
}

/// `TypeError: 'int' object is not iterable`.
pub(crate) fn not_iterable(value: &Value) -> Box<PyException> {
    PyException::type_error(format!("'{}' object is not iterable", value.type_name()))
}
