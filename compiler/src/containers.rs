//! What the evaluator's dicts and sets hold: Python's key semantics, CPython 2.7's order.
//!
//! Real Aurora runs configs on CPython 2.7, where a dict or set iterates in the order of its
//! hash table, and configs show that order (`str(d)`, `json.dumps(d)`, `for k in d`). A
//! [`PyDict`] keeps its entries in an `IndexMap` for lookups and a [`Py2Table`] that
//! replays where CPython would have put each key, and iterates in the table's order
//! (an `OrderedDict` iterates in insertion order). Which CPython operation a Python-level
//! call is, is decided here once: `d[k] = v` is [`PyDict::insert`], `d.update(other)` and
//! `dict(other)` are [`PyDict::merge`], and so on.

use indexmap::{IndexMap, IndexSet};
use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

use crate::py2hash::{float_hash, int_hash, str_hash, tuple_hash, Py2Table};
use crate::value::{FxBuild, Key, Value};

/// Python 2's `hash()` of a hashable value. Objects CPython hashes by address (`None`,
/// functions, classes, instances) get a fixed hash: their order in a real run differs from
/// run to run anyway.
pub fn py2_hash(value: &Value) -> i64 {
    match value {
        Value::Bool(flag) => i64::from(*flag),
        Value::Int(number) => int_hash(*number),
        Value::Long(number) => long_hash(number),
        Value::Float(number) => float_hash(*number),
        Value::Str(text) => str_hash(text),
        Value::Unicode(text) => unicode_hash(text),
        Value::Tuple(tuple) => {
            let hashes: Vec<i64> = tuple.items.iter().map(py2_hash).collect();
            tuple_hash(&hashes)
        }
        Value::FrozenSet(set) => frozenset_hash(&set.items.borrow()),
        Value::Foreign(foreign) => foreign.hash().map_or(ADDRESS_HASH, |h| h as i64),
        _ => ADDRESS_HASH,
    }
}

/// The hash given to values CPython hashes by address.
const ADDRESS_HASH: i64 = 0x0008_f1c0;

/// `hash(long)`: the absolute value modulo 2**64 - 1, with the sign applied.
fn long_hash(number: &BigInt) -> i64 {
    if let Some(small) = number.to_i64() {
        return int_hash(small);
    }
    let modulus = BigInt::from(u64::MAX);
    let magnitude = (number.magnitude() % modulus.magnitude())
        .to_u64()
        .expect("a remainder modulo 2**64 - 1 fits in 64 bits");
    let mut x = magnitude;
    if number.sign() == Sign::Minus {
        x = x.wrapping_neg();
    }
    if x == u64::MAX {
        x = u64::MAX - 1;
    }
    x as i64
}

/// `hash(unicode)`: the string hash over UCS-4 code points (equal to `hash(str)` for ASCII).
fn unicode_hash(text: &str) -> i64 {
    if text.is_ascii() {
        return str_hash(text);
    }
    let mut chars = text.chars();
    let Some(first) = chars.clone().next() else {
        return 0;
    };
    let mut x = i64::from(u32::from(first)) << 7;
    let mut len = 0i64;
    for c in chars.by_ref() {
        x = x.wrapping_mul(1_000_003) ^ i64::from(u32::from(c));
        len += 1;
    }
    x ^= len;
    if x == -1 {
        -2
    } else {
        x
    }
}

/// `hash(frozenset)`: CPython 2.7's mix of the element hashes, independent of their order.
fn frozenset_hash(items: &PySet) -> i64 {
    let mut hash: i64 = 1_927_868_237;
    hash = hash.wrapping_mul(items.len() as i64 + 1);
    for key in items.iter() {
        let h = py2_hash(key.value());
        hash ^= (h ^ (h << 16) ^ 89_869_747).wrapping_mul(3_644_798_167);
    }
    hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
    if hash == -1 {
        590_923_713
    } else {
        hash
    }
}

/// The entries of a dict, in a table laid out as CPython 2.7 lays it out.
#[derive(Clone, Default)]
pub struct PyDict {
    /// In insertion order; entry `i` here is entry `i` of `table`.
    entries: IndexMap<Key, Value, FxBuild>,
    table: Py2Table,
    /// `collections.OrderedDict`: iterates in insertion order.
    ordered: bool,
}

impl PyDict {
    /// `{}` / `dict()`.
    pub fn new() -> PyDict {
        PyDict::default()
    }

    /// An empty `collections.OrderedDict`.
    pub fn new_ordered() -> PyDict {
        PyDict {
            ordered: true,
            ..PyDict::default()
        }
    }

    /// The dict a `{k: v, ...}` literal of `n` entries starts from (`BUILD_MAP n`).
    pub fn presized(n: usize) -> PyDict {
        PyDict {
            table: Py2Table::presized(n),
            ..PyDict::default()
        }
    }

    /// Whether this is an `OrderedDict`.
    pub fn is_ordered(&self) -> bool {
        self.ordered
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, key: &Key) -> Option<&Value> {
        self.entries.get(key)
    }

    pub fn get_mut(&mut self, key: &Key) -> Option<&mut Value> {
        self.entries.get_mut(key)
    }

    pub fn contains_key(&self, key: &Key) -> bool {
        self.entries.contains_key(key)
    }

    /// `d[key] = value`: a new key takes a slot (and may grow the table); an existing one
    /// keeps its key and slot and takes the value. Returns the value replaced.
    pub fn insert(&mut self, key: Key, value: Value) -> Option<Value> {
        if let Some(old) = self.entries.get_mut(&key) {
            return Some(std::mem::replace(old, value));
        }
        self.table.set_new(py2_hash(key.value()));
        self.entries.insert(key, value);
        None
    }

    /// Inserts as a merge does: no growth (the merge reserved room first).
    fn merge_insert(&mut self, key: Key, value: Value, replace: bool) {
        if let Some(old) = self.entries.get_mut(&key) {
            if replace {
                *old = value;
            }
            return;
        }
        self.table.merge_new(py2_hash(key.value()));
        self.entries.insert(key, value);
    }

    /// `del d[key]` / `d.pop(key)`: the key's slot becomes a dummy.
    pub fn remove(&mut self, key: &Key) -> Option<Value> {
        let (index, _, value) = self.entries.shift_remove_full(key)?;
        self.table.remove(index);
        Some(value)
    }

    /// `d.clear()`.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.table.clear();
    }

    /// `d.popitem()`: the entry CPython's search finger lands on (for an `OrderedDict`, the
    /// last one inserted).
    pub fn popitem(&mut self) -> Option<(Key, Value)> {
        let index = if self.ordered {
            self.entries.len().checked_sub(1)?
        } else {
            self.table.pop_candidate()?
        };
        let (key, value) = self.entries.shift_remove_index(index)?;
        self.table.remove(index);
        Some((key, value))
    }

    /// The entries in the order Python iterates them.
    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Value)> + '_ {
        let ordered = self.ordered.then(|| self.entries.iter());
        let hashed = (!self.ordered).then(|| self.table_iter());
        ordered
            .into_iter()
            .flatten()
            .chain(hashed.into_iter().flatten())
    }

    /// The keys in the order Python iterates them.
    pub fn keys(&self) -> impl Iterator<Item = &Key> + '_ {
        self.iter().map(|(key, _)| key)
    }

    /// The values in the order Python iterates them.
    pub fn values(&self) -> impl Iterator<Item = &Value> + '_ {
        self.iter().map(|(_, value)| value)
    }

    /// The entries in hash-table order, which is how C code walks any dict, an
    /// `OrderedDict` included (`dict(od)`, `d.update(od)`, `**od`).
    pub fn table_iter(&self) -> impl Iterator<Item = (&Key, &Value)> + '_ {
        self.table.iter_order().map(|index| {
            self.entries
                .get_index(index)
                .expect("every table entry is an entry of the map")
        })
    }

    /// `d.update(other)` / `dict(other)` for a dict `other` (`PyDict_Merge`): one upfront
    /// resize, then `other`'s entries in its table order; `replace` false keeps existing
    /// values (`dict.setdefault`-like merges).
    pub fn merge(&mut self, other: &PyDict, replace: bool) {
        let entries = other.table_iter().map(|(k, v)| (k.clone(), v.clone()));
        self.merge_entries(entries, other.len(), replace);
    }

    /// [`PyDict::merge`] from the `len` entries of a dict, given in its table order (how
    /// `dict(**kw)` and `d.update(**kw)` take their keyword arguments).
    pub fn merge_entries(
        &mut self,
        entries: impl IntoIterator<Item = (Key, Value)>,
        len: usize,
        replace: bool,
    ) {
        if len == 0 {
            return;
        }
        self.table.reserve_for_merge(len);
        for (key, value) in entries {
            self.merge_insert(key, value, replace);
        }
    }

    /// `dict.fromkeys(d_or_s, value)` into this empty dict from a dict or set of `len`
    /// keys: one resize (CPython 2.7 sizes for `len / 2 * 3`, as measured), then the keys
    /// in their table order, without growing.
    pub fn fill_from_keys<'k>(
        &mut self,
        keys: impl IntoIterator<Item = &'k Key>,
        len: usize,
        value: &Value,
    ) {
        self.table.resize_to(len / 2 * 3);
        for key in keys {
            self.merge_insert(key.clone(), value.clone(), true);
        }
    }

    /// The keys and values, in no particular order (for taking a dict apart).
    pub fn into_entries(self) -> impl Iterator<Item = (Key, Value)> {
        self.entries.into_iter()
    }

    /// `PyDict_Copy`: a new dict merged with this one. An `OrderedDict`'s copy is built by
    /// inserting its entries in order, as `OrderedDict(od)` does.
    pub fn copy(&self) -> PyDict {
        if self.ordered {
            let mut copy = PyDict::new_ordered();
            for (key, value) in self.entries.iter() {
                copy.insert(key.clone(), value.clone());
            }
            return copy;
        }
        let mut copy = PyDict::new();
        copy.merge(self, true);
        copy
    }
}

impl FromIterator<(Key, Value)> for PyDict {
    /// A dict built by `d[k] = v` for each pair in turn.
    fn from_iter<I: IntoIterator<Item = (Key, Value)>>(pairs: I) -> PyDict {
        let mut dict = PyDict::new();
        for (key, value) in pairs {
            dict.insert(key, value);
        }
        dict
    }
}

/// The elements of a set or frozenset, in a table laid out as CPython 2.7 lays it out.
#[derive(Clone, Default)]
pub struct PySet {
    /// In insertion order; element `i` here is entry `i` of `table`.
    items: IndexSet<Key, FxBuild>,
    table: Py2Table,
}

impl PySet {
    /// `set()`.
    pub fn new() -> PySet {
        PySet::default()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn contains(&self, key: &Key) -> bool {
        self.items.contains(key)
    }

    /// `s.add(key)`: false when an equal element was there (it stays).
    pub fn insert(&mut self, key: Key) -> bool {
        if self.items.contains(&key) {
            return false;
        }
        self.table.set_new(py2_hash(key.value()));
        self.items.insert(key);
        true
    }

    /// `s.discard(key)`: the element's slot becomes a dummy; false when it was not there.
    pub fn remove(&mut self, key: &Key) -> bool {
        match self.items.shift_remove_full(key) {
            Some((index, _)) => {
                self.table.remove(index);
                true
            }
            None => false,
        }
    }

    /// What `s.difference_update(...)` does at the end: rebuild the table when more than a
    /// fifth of it is dummies.
    pub fn compact_dummies(&mut self) {
        self.table.compact_dummies();
    }

    /// `s.clear()`.
    pub fn clear(&mut self) {
        self.items.clear();
        self.table.clear();
    }

    /// `s.pop()`: the element CPython's search finger lands on.
    pub fn pop(&mut self) -> Option<Key> {
        let index = self.table.pop_candidate()?;
        let key = self.items.shift_remove_index(index)?;
        self.table.remove(index);
        Some(key)
    }

    /// The elements in the order Python iterates them.
    pub fn iter(&self) -> impl Iterator<Item = &Key> + '_ {
        self.table.iter_order().map(|index| {
            self.items
                .get_index(index)
                .expect("every table entry is an element of the set")
        })
    }

    /// `s.update(other)` for a set or frozenset `other` (`set_merge`): one upfront resize,
    /// then `other`'s elements in its order.
    pub fn merge(&mut self, other: &PySet) {
        if other.is_empty() {
            return;
        }
        self.table.reserve_for_merge(other.len());
        for key in other.iter() {
            self.merge_insert(key.clone());
        }
    }

    /// `s.update(d)` / `set(d)` for a dict `d`: one upfront resize, then the keys in `d`'s
    /// table order, each added as `s.add` does.
    pub fn merge_dict_keys(&mut self, dict: &PyDict) {
        if dict.is_empty() {
            return;
        }
        self.table.reserve_for_merge(dict.len());
        for (key, _) in dict.table_iter() {
            self.insert(key.clone());
        }
    }

    fn merge_insert(&mut self, key: Key) {
        if self.items.contains(&key) {
            return;
        }
        self.table.merge_new(py2_hash(key.value()));
        self.items.insert(key);
    }

    /// The elements, in no particular order (for taking a set apart).
    pub fn into_keys(self) -> impl Iterator<Item = Key> {
        self.items.into_iter()
    }

    /// `set(s)` / `s.copy()`: a new set merged with this one.
    pub fn copy(&self) -> PySet {
        let mut copy = PySet::new();
        copy.merge(self);
        copy
    }
}

/// The binary operators of sets, each building its result as CPython 2.7's `setobject.c`.
impl PySet {
    /// `a | b`: a copy of `a` merged with `b`.
    pub fn union(&self, other: &PySet) -> PySet {
        let mut result = self.copy();
        result.merge(other);
        result
    }

    /// `a & b`: the elements of the smaller set (`b` when equal) that the other holds.
    pub fn intersection(&self, other: &PySet) -> PySet {
        let (probed, walked) = if other.len() > self.len() {
            (other, self)
        } else {
            (self, other)
        };
        walked
            .iter()
            .filter(|key| probed.contains(key))
            .cloned()
            .collect()
    }

    /// `a - b`: the elements of `a` that `b` does not hold, in `a`'s order.
    pub fn difference(&self, other: &PySet) -> PySet {
        self.iter()
            .filter(|key| !other.contains(key))
            .cloned()
            .collect()
    }

    /// `a ^ b`: a copy of `b`, then each element of `a` removed if there, added if not.
    pub fn symmetric_difference(&self, other: &PySet) -> PySet {
        let mut result = other.copy();
        for key in self.iter() {
            if !result.remove(key) {
                result.insert(key.clone());
            }
        }
        result
    }
}

impl FromIterator<Key> for PySet {
    /// A set built by `s.add(k)` for each element in turn.
    fn from_iter<I: IntoIterator<Item = Key>>(keys: I) -> PySet {
        let mut set = PySet::new();
        for key in keys {
            set.insert(key);
        }
        set
    }
}
