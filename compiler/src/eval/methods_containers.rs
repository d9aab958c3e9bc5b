//! Methods of `list`, `tuple`, `dict`, `set`/`frozenset` and `os.environ`.

use std::cell::RefCell;
use std::rc::Rc;

use super::call::Args;
use super::errors::{ExcType, PyException};
use super::interp::Interpreter;
use super::number;
use crate::containers::{PyDict, PySet};
use crate::value::{DictObj, Key, PyResult, SetObj, Value};

pub(crate) const LIST_METHODS: &[&str] = &[
    "append", "extend", "insert", "pop", "remove", "index", "count", "sort", "reverse",
];

pub(crate) const DICT_METHODS: &[&str] = &[
    "get",
    "setdefault",
    "update",
    "pop",
    "popitem",
    "items",
    "keys",
    "values",
    "copy",
    "fromkeys",
    "has_key",
    "iteritems",
    "iterkeys",
    "itervalues",
    "viewitems",
    "viewkeys",
    "viewvalues",
    "clear",
];

pub(crate) const SET_METHODS: &[&str] = &[
    "add",
    "remove",
    "discard",
    "pop",
    "update",
    "union",
    "intersection",
    "difference",
    "symmetric_difference",
    "issubset",
    "issuperset",
    "isdisjoint",
    "copy",
    "clear",
    "intersection_update",
    "difference_update",
    "symmetric_difference_update",
];

pub(crate) const FROZENSET_METHODS: &[&str] = &[
    "union",
    "intersection",
    "difference",
    "symmetric_difference",
    "issubset",
    "issuperset",
    "isdisjoint",
    "copy",
];

pub(crate) const ENVIRON_METHODS: &[&str] = &[
    "get",
    "keys",
    "items",
    "values",
    "has_key",
    "copy",
    "iteritems",
    "iterkeys",
    "itervalues",
];

/// Methods of lists and tuples; `None` when there is no such method.
pub(crate) fn sequence_method(
    interp: &mut Interpreter,
    receiver: &Value,
    name: &str,
    mut args: Args,
) -> Option<PyResult<Value>> {
    let list = match receiver {
        Value::List(list) => Some(Rc::clone(list)),
        _ => None,
    };
    let items = || match receiver {
        Value::List(list) => list.items.borrow().clone(),
        Value::Tuple(tuple) => tuple.items.clone(),
        _ => Vec::new(),
    };
    let result = match (name, &list) {
        ("index", _) => (|| {
            args.expect(name, 1, 3)?;
            let items = items();
            let len = items.len() as i64;
            let bound = |value: Option<&Value>, default: i64| -> i64 {
                match value.and_then(number::as_i64) {
                    Some(index) if index < 0 => (index + len).max(0),
                    Some(index) => index.min(len),
                    None => default,
                }
            };
            let start = bound(args.positional.get(1), 0) as usize;
            let end = bound(args.positional.get(2), len) as usize;
            for (index, item) in items.iter().enumerate().take(end).skip(start) {
                if interp.equals(item, &args.positional[0])? {
                    return Ok(Value::Int(index as i64));
                }
            }
            let what = interp.repr_value(&args.positional[0])?;
            Err(PyException::value_error(match receiver {
                Value::List(_) => format!("{what} is not in list"),
                _ => "tuple.index(x): x not in tuple".to_string(),
            }))
        })(),
        ("count", _) => (|| {
            args.expect(name, 1, 1)?;
            let mut count = 0;
            for item in &items() {
                if interp.equals(item, &args.positional[0])? {
                    count += 1;
                }
            }
            Ok(Value::Int(count))
        })(),
        (_, None) => return None,
        ("append", Some(list)) => (|| {
            args.expect(name, 1, 1)?;
            let len = list.items.borrow().len() + 1;
            interp.grow_items(len, 1)?;
            list.items.borrow_mut().push(args.positional.remove(0));
            Ok(Value::None)
        })(),
        ("extend", Some(list)) => (|| {
            args.expect(name, 1, 1)?;
            let extra = interp.collect_values(&args.positional[0])?;
            let len = list.items.borrow().len() + extra.len();
            interp.grow_items(len, extra.len())?;
            list.items.borrow_mut().extend(extra);
            Ok(Value::None)
        })(),
        ("insert", Some(list)) => (|| {
            args.expect(name, 2, 2)?;
            let len = list.items.borrow().len() as i64;
            let index = number::as_i64(&args.positional[0])
                .ok_or_else(|| PyException::type_error("an integer is required"))?;
            let index = if index < 0 {
                (index + len).max(0)
            } else {
                index.min(len)
            };
            interp.grow_items(len as usize + 1, 1)?;
            list.items
                .borrow_mut()
                .insert(index as usize, args.positional.remove(1));
            Ok(Value::None)
        })(),
        ("pop", Some(list)) => (|| {
            args.expect(name, 0, 1)?;
            let len = list.items.borrow().len();
            if len == 0 {
                return Err(PyException::index_error("pop from empty list"));
            }
            let index = match args.positional.first() {
                Some(index) => super::subscript::sequence_index(index, len, "list")
                    .map_err(|_| PyException::index_error("pop index out of range"))?,
                None => len - 1,
            };
            Ok(list.items.borrow_mut().remove(index))
        })(),
        ("remove", Some(list)) => (|| {
            args.expect(name, 1, 1)?;
            let items = list.items.borrow().clone();
            for (index, item) in items.iter().enumerate() {
                if interp.equals(item, &args.positional[0])? {
                    list.items.borrow_mut().remove(index);
                    return Ok(Value::None);
                }
            }
            Err(PyException::value_error("list.remove(x): x not in list"))
        })(),
        ("sort", Some(list)) => (|| {
            let key = args.take_keyword("key");
            let cmp = args.take_keyword("cmp");
            let reverse = args.take_keyword("reverse");
            args.expect(name, 0, 1)?;
            let cmp = cmp.or_else(|| args.positional.first().cloned());
            let reverse = match reverse {
                Some(value) => interp.truthy(&value)?,
                None => false,
            };
            let items = std::mem::take(&mut *list.items.borrow_mut());
            let sorted = interp.sort_values(items, key.as_ref(), cmp.as_ref(), reverse)?;
            *list.items.borrow_mut() = sorted;
            Ok(Value::None)
        })(),
        ("reverse", Some(list)) => args.expect(name, 0, 0).map(|()| {
            list.items.borrow_mut().reverse();
            Value::None
        }),
        _ => return None,
    };
    Some(result)
}

fn dict_items(dict: &DictObj) -> Vec<(Key, Value)> {
    dict.map
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Methods of dicts; `None` when there is no such method.
pub(crate) fn dict_method(
    interp: &mut Interpreter,
    receiver: &Value,
    name: &str,
    mut args: Args,
) -> Option<PyResult<Value>> {
    let Value::Dict(dict) = receiver else {
        return None;
    };
    let result = (|| -> PyResult<Value> {
        Ok(match name {
            "get" => {
                args.expect(name, 1, 2)?;
                let key = interp.key(args.positional[0].clone())?;
                let found = dict.map.borrow().get(&key).cloned();
                found.unwrap_or_else(|| args.positional.get(1).cloned().unwrap_or_default())
            }
            "has_key" => {
                args.expect(name, 1, 1)?;
                let key = interp.key(args.positional[0].clone())?;
                Value::Bool(dict.map.borrow().contains_key(&key))
            }
            "setdefault" => {
                args.expect(name, 1, 2)?;
                let key = interp.key(args.positional[0].clone())?;
                let default = args.positional.get(1).cloned().unwrap_or_default();
                let mut map = dict.map.borrow_mut();
                match map.get(&key) {
                    Some(existing) => existing.clone(),
                    None => {
                        map.insert(key, default.clone());
                        default
                    }
                }
            }
            "update" => {
                let keywords = std::mem::take(&mut args.keywords);
                args.expect(name, 0, 1)?;
                if let Some(source) = args.positional.first() {
                    interp.update_dict(dict, source)?;
                }
                interp.merge_keywords(&mut dict.map.borrow_mut(), keywords)?;
                Value::None
            }
            "pop" => {
                args.expect(name, 1, 2)?;
                let key = interp.key(args.positional[0].clone())?;
                let removed = dict.map.borrow_mut().remove(&key);
                match (removed, args.positional.get(1)) {
                    (Some(value), _) => value,
                    (None, Some(default)) => default.clone(),
                    (None, None) => return Err(PyException::key_error(args.positional[0].clone())),
                }
            }
            "popitem" => {
                args.expect(name, 0, 0)?;
                let popped = dict.map.borrow_mut().popitem();
                match popped {
                    Some((key, value)) => Value::tuple(vec![key.into_value(), value]),
                    None => {
                        return Err(PyException::key_error(Value::str(
                            "popitem(): dictionary is empty",
                        )))
                    }
                }
            }
            "items" | "iteritems" | "viewitems" => {
                args.expect(name, 0, 0)?;
                let pairs: Vec<Value> = dict_items(dict)
                    .into_iter()
                    .map(|(k, v)| Value::tuple(vec![k.into_value(), v]))
                    .collect();
                listing(name, pairs)
            }
            "keys" | "iterkeys" | "viewkeys" => {
                args.expect(name, 0, 0)?;
                let keys: Vec<Value> = dict
                    .map
                    .borrow()
                    .keys()
                    .map(|k| k.value().clone())
                    .collect();
                listing(name, keys)
            }
            "values" | "itervalues" | "viewvalues" => {
                args.expect(name, 0, 0)?;
                let values: Vec<Value> = dict.map.borrow().values().cloned().collect();
                listing(name, values)
            }
            "copy" => {
                args.expect(name, 0, 0)?;
                Value::Dict(Rc::new(DictObj {
                    map: RefCell::new(dict.map.borrow().copy()),
                    default_factory: dict.default_factory.clone(),
                    class: None,
                }))
            }
            "clear" => {
                args.expect(name, 0, 0)?;
                let old = std::mem::take(&mut *dict.map.borrow_mut());
                drop(old);
                Value::None
            }
            "fromkeys" => return dict_fromkeys(interp, args),
            _ => return Err(PyException::attribute_error(String::new())),
        })
    })();
    match result {
        Err(error) if error.exc_type == ExcType::AttributeError && error.message.is_empty() => None,
        other => Some(other),
    }
}

/// Python 2: `keys()`/`items()`/`values()` return lists; the `iter*` forms iterators.
fn listing(name: &str, values: Vec<Value>) -> Value {
    if name.starts_with("iter") {
        Value::iter_of(values)
    } else {
        Value::list(values)
    }
}

/// `dict.fromkeys(keys, value=None)`.
pub(crate) fn dict_fromkeys(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("fromkeys", 1, 2)?;
    let value = args.positional.get(1).cloned().unwrap_or_default();
    let mut map = PyDict::new();
    match &args.positional[0] {
        // CPython sizes the table by the source's slots in use, then copies its keys.
        Value::Dict(source)
            if source.class.is_none()
                && source.default_factory.is_none()
                && !source.map.borrow().is_ordered() =>
        {
            let source = source.map.borrow();
            map.fill_from_keys(source.table_iter().map(|(k, _)| k), source.len(), &value);
        }
        Value::Set(source) | Value::FrozenSet(source) => {
            let source = source.items.borrow();
            map.fill_from_keys(source.iter(), source.len(), &value);
        }
        keys => {
            for key in interp.collect_values(keys)? {
                map.insert(interp.key(key)?, value.clone());
            }
        }
    }
    Ok(Value::dict(map))
}

/// Methods of sets and frozensets; `None` when there is no such method.
pub(crate) fn set_method(
    interp: &mut Interpreter,
    receiver: &Value,
    name: &str,
    args: Args,
) -> Option<PyResult<Value>> {
    let (Value::Set(set) | Value::FrozenSet(set)) = receiver else {
        return None;
    };
    let frozen = matches!(receiver, Value::FrozenSet(_));
    if frozen && !FROZENSET_METHODS.contains(&name) {
        return None;
    }
    let rebuild = |items: PySet| -> Value {
        let set = Rc::new(SetObj {
            items: RefCell::new(items),
        });
        if frozen {
            Value::FrozenSet(set)
        } else {
            Value::Set(set)
        }
    };
    let result = (|| -> PyResult<Value> {
        let takes_iterables = !matches!(
            name,
            "add" | "remove" | "discard" | "pop" | "clear" | "copy"
        );
        let mut others = Vec::new();
        for value in args.positional.iter().filter(|_| takes_iterables) {
            others.push(SetOperand::of(interp, value)?);
        }
        let current = set.items.borrow().clone();
        Ok(match name {
            "add" => {
                args.expect(name, 1, 1)?;
                let key = interp.key(args.positional[0].clone())?;
                set.items.borrow_mut().insert(key);
                Value::None
            }
            "remove" | "discard" => {
                args.expect(name, 1, 1)?;
                let key = interp.key(args.positional[0].clone())?;
                let removed = set.items.borrow_mut().remove(&key);
                if !removed && name == "remove" {
                    return Err(PyException::key_error(args.positional[0].clone()));
                }
                Value::None
            }
            "pop" => {
                args.expect(name, 0, 0)?;
                let popped = set.items.borrow_mut().pop();
                match popped {
                    Some(key) => key.into_value(),
                    None => {
                        return Err(PyException::key_error(Value::str("pop from an empty set")))
                    }
                }
            }
            "clear" => {
                set.items.borrow_mut().clear();
                Value::None
            }
            "copy" => rebuild(current.copy()),
            "update" => {
                let mut result = current;
                for other in &others {
                    other.add_to(&mut result);
                }
                *set.items.borrow_mut() = result;
                Value::None
            }
            "union" => {
                let mut result = current.copy();
                for other in &others {
                    other.add_to(&mut result);
                }
                rebuild(result)
            }
            "intersection" | "intersection_update" => {
                let mut result = if others.is_empty() {
                    current.copy()
                } else {
                    current
                };
                for other in &others {
                    result = other.intersect(&result);
                }
                if name == "intersection" {
                    rebuild(result)
                } else {
                    *set.items.borrow_mut() = result;
                    Value::None
                }
            }
            "difference" => {
                let mut others = others.iter();
                let mut result = match others.next() {
                    None => current.copy(),
                    Some(first) => first.subtract_from(&current),
                };
                for other in others {
                    other.discard_from(&mut result);
                }
                rebuild(result)
            }
            "difference_update" => {
                let mut result = current;
                for other in &others {
                    other.discard_from(&mut result);
                }
                *set.items.borrow_mut() = result;
                Value::None
            }
            "symmetric_difference" | "symmetric_difference_update" => {
                args.expect(name, 1, 1)?;
                let result = match name {
                    "symmetric_difference" => others[0].as_set().symmetric_difference(&current),
                    _ => {
                        let mut result = current;
                        others[0].toggle_in(&mut result);
                        result
                    }
                };
                if name == "symmetric_difference" {
                    rebuild(result)
                } else {
                    *set.items.borrow_mut() = result;
                    Value::None
                }
            }
            "issubset" | "issuperset" | "isdisjoint" => {
                args.expect(name, 1, 1)?;
                let other = others[0].as_set();
                Value::Bool(match name {
                    "issubset" => current.iter().all(|item| other.contains(item)),
                    "issuperset" => other.iter().all(|item| current.contains(item)),
                    _ => current.iter().all(|item| !other.contains(item)),
                })
            }
            _ => return Err(PyException::attribute_error(String::new())),
        })
    })();
    match result {
        Err(error) if error.exc_type == ExcType::AttributeError && error.message.is_empty() => None,
        other => Some(other),
    }
}

/// The argument of a set method, as `setobject.c` tells them apart: another set, a plain
/// dict (its keys in table order), or any other iterable (its items in order).
enum SetOperand {
    Set(PySet),
    DictKeys(PyDict),
    Items(Vec<Key>),
}

impl SetOperand {
    fn of(interp: &mut Interpreter, value: &Value) -> PyResult<SetOperand> {
        Ok(match value {
            Value::Set(set) | Value::FrozenSet(set) => SetOperand::Set(set.items.borrow().clone()),
            Value::Dict(dict) if dict.class.is_none() && dict.default_factory.is_none() => {
                SetOperand::DictKeys(dict.map.borrow().clone())
            }
            other => {
                let mut keys = Vec::new();
                for item in interp.collect_values(other)? {
                    keys.push(interp.key(item)?);
                }
                SetOperand::Items(keys)
            }
        })
    }

    /// The operand as a set built from it (`make_new_set(type, other)`).
    fn as_set(&self) -> PySet {
        match self {
            SetOperand::Set(set) => set.copy(),
            _ => {
                let mut set = PySet::new();
                self.add_to(&mut set);
                set
            }
        }
    }

    /// `set_update_internal(target, self)`.
    fn add_to(&self, target: &mut PySet) {
        match self {
            SetOperand::Set(set) => target.merge(set),
            SetOperand::DictKeys(dict) => target.merge_dict_keys(dict),
            SetOperand::Items(keys) => {
                for key in keys {
                    target.insert(key.clone());
                }
            }
        }
    }

    /// `set_intersection(current, self)`.
    fn intersect(&self, current: &PySet) -> PySet {
        match self {
            SetOperand::Set(set) => current.intersection(set),
            SetOperand::DictKeys(dict) => dict
                .table_iter()
                .map(|(key, _)| key)
                .filter(|key| current.contains(key))
                .cloned()
                .collect(),
            SetOperand::Items(keys) => keys
                .iter()
                .filter(|key| current.contains(key))
                .cloned()
                .collect(),
        }
    }

    /// `set_difference(current, self)`: a new set for sets and dicts, a copy with the
    /// items discarded for other iterables.
    fn subtract_from(&self, current: &PySet) -> PySet {
        match self {
            SetOperand::Set(set) => current.difference(set),
            SetOperand::DictKeys(dict) => current
                .iter()
                .filter(|key| !dict.contains_key(key))
                .cloned()
                .collect(),
            SetOperand::Items(_) => {
                let mut result = current.copy();
                self.discard_from(&mut result);
                result
            }
        }
    }

    /// `set_difference_update_internal(target, self)`.
    fn discard_from(&self, target: &mut PySet) {
        match self {
            SetOperand::Set(set) => {
                for key in set.iter() {
                    target.remove(key);
                }
            }
            SetOperand::DictKeys(dict) => {
                for (key, _) in dict.table_iter() {
                    target.remove(key);
                }
            }
            SetOperand::Items(keys) => {
                for key in keys {
                    target.remove(key);
                }
            }
        }
        target.compact_dummies();
    }

    /// `set_symmetric_difference_update(target, self)`.
    fn toggle_in(&self, target: &mut PySet) {
        let toggle = |target: &mut PySet, key: &Key| {
            if !target.remove(key) {
                target.insert(key.clone());
            }
        };
        match self {
            SetOperand::Set(set) => set.iter().for_each(|key| toggle(target, key)),
            SetOperand::DictKeys(dict) => {
                dict.table_iter().for_each(|(key, _)| toggle(target, key))
            }
            SetOperand::Items(_) => self.as_set().iter().for_each(|key| toggle(target, key)),
        }
    }
}

/// Methods of `os.environ`; every read is recorded.
pub(crate) fn environ_method(
    interp: &mut Interpreter,
    name: &str,
    args: Args,
) -> Option<PyResult<Value>> {
    let result = (|| -> PyResult<Value> {
        Ok(match name {
            "get" | "has_key" => {
                args.expect(name, 1, 2)?;
                let Some(key) = args.positional[0].as_str() else {
                    return Ok(args.positional.get(1).cloned().unwrap_or_default());
                };
                let found = interp.read_env(key)?;
                match (name, found) {
                    ("has_key", found) => Value::Bool(found.is_some()),
                    (_, Some(value)) => Value::str(value),
                    (_, None) => args.positional.get(1).cloned().unwrap_or_default(),
                }
            }
            "keys" | "items" | "values" | "copy" | "iteritems" | "iterkeys" | "itervalues" => {
                args.expect(name, 0, 0)?;
                let entries = interp.read_env_all()?;
                let values: Vec<Value> = entries
                    .into_iter()
                    .map(|(key, value)| match name {
                        "keys" | "iterkeys" => Value::str(key),
                        "values" | "itervalues" => Value::str(value),
                        _ => Value::tuple(vec![Value::str(key), Value::str(value)]),
                    })
                    .collect();
                if name == "copy" {
                    let mut map = PyDict::new();
                    for pair in values {
                        if let Value::Tuple(pair) = pair {
                            map.insert(interp.key(pair.items[0].clone())?, pair.items[1].clone());
                        }
                    }
                    Value::dict(map)
                } else {
                    listing(name, values)
                }
            }
            _ => return Err(PyException::attribute_error(String::new())),
        })
    })();
    match result {
        Err(error) if error.exc_type == ExcType::AttributeError && error.message.is_empty() => None,
        other => Some(other),
    }
}
