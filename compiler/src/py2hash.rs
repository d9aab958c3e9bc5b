//! CPython 2.7's hash functions and the slot table of its dicts and sets.
//!
//! Python 2 iterates a dict or set in the order of its hash table, and real configs show
//! that order (`str(d)`, `json.dumps(d)`, the first bad keyword of a call), as does
//! pystachio's output (a Struct's fields, the set of unbound refs). [`Py2Table`] replays
//! how CPython 2.7 (64-bit, no hash randomization) places keys, to reproduce that order;
//! the evaluator's containers (`crate::containers`) and pystachio both build on it.

/// Python 2's `hash()` of a byte string (`str`); equal to `hash(unicode)` for ASCII text.
pub fn str_hash(s: &str) -> i64 {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let mut x = i64::from(first) << 7;
    for &b in bytes {
        x = x.wrapping_mul(1_000_003) ^ i64::from(b);
    }
    x ^= bytes.len() as i64;
    fix_minus_one(x)
}

/// Python 2's `hash()` of an `int` (or `bool`).
pub fn int_hash(i: i64) -> i64 {
    fix_minus_one(i)
}

/// Python 2's `hash()` of a `float`; integral floats hash like the equal integer.
pub fn float_hash(v: f64) -> i64 {
    if v.is_nan() {
        return 0;
    }
    let intpart = v.trunc();
    if v.is_infinite() || v == intpart {
        let half_max = (i64::MAX / 2) as f64;
        if intpart > half_max || -intpart > half_max {
            if v.is_infinite() {
                // CPython hashes infinities as these arbitrary longs.
                return if v < 0.0 { -271_828 } else { 314_159 };
            }
            return long_hash_of_integral(v);
        }
        return fix_minus_one(intpart as i64);
    }
    let (mut m, expo) = frexp(v);
    m *= 2_147_483_648.0;
    let hipart = m as i64;
    let lo = ((m - hipart as f64) * 2_147_483_648.0) as i64;
    fix_minus_one(hipart.wrapping_add(lo).wrapping_add(i64::from(expo << 15)))
}

/// Python 2's `hash()` of a tuple whose items hash to `items`.
pub fn tuple_hash(items: &[i64]) -> i64 {
    let mut x: i64 = 0x345678;
    let mut mult: i64 = 1_000_003;
    let mut len = items.len() as i64;
    for &y in items {
        len -= 1;
        x = (x ^ y).wrapping_mul(mult);
        mult = mult.wrapping_add(82_520 + len + len);
    }
    fix_minus_one(x.wrapping_add(97_531))
}

fn fix_minus_one(x: i64) -> i64 {
    if x == -1 {
        -2
    } else {
        x
    }
}

/// The hash of a Python `long` equal to the integral float `v` (|v| >= 2**62).
fn long_hash_of_integral(v: f64) -> i64 {
    const MODULUS: u128 = u64::MAX as u128;
    let (m, e) = frexp(v.abs());
    // |v| = mantissa * 2**shift with a 53-bit integer mantissa.
    let mantissa = (m * 9_007_199_254_740_992.0) as u128;
    let shift = (e - 53).max(0) as u32;
    // 2**64 == 1 (mod 2**64 - 1), so 2**shift == 2**(shift % 64).
    let x = (mantissa * (1u128 << (shift % 64))) % MODULUS;
    let mut x = x as u64;
    if v < 0.0 {
        x = x.wrapping_neg();
    }
    if x == u64::MAX {
        x = u64::MAX - 1;
    }
    x as i64
}

/// C's `frexp`: `v = m * 2**e` with `0.5 <= |m| < 1`.
fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 || !v.is_finite() {
        return (v, 0);
    }
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 {
        let (m, e) = frexp(v * 18_014_398_509_481_984.0); // 2**54
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, biased - 1022)
}

/// Where an insertion into a [`Py2Table`] landed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inserted {
    /// A new key; its entry number (0, 1, 2... in insertion order).
    New(usize),
    /// The key was already present as this entry (a dict keeps its slot, replaces the value).
    Existing(usize),
}

/// The slot table of a CPython 2.7 dict or set, tracking only where keys land.
///
/// Entries are numbered in the order they were inserted (removing one renumbers those after
/// it); [`Py2Table::order`] lists them in the order Python iterates the dict or set. The
/// table replays CPython's `dictobject.c`/`setobject.c` step for step: open addressing with
/// the perturbed probe sequence, deleted keys left as dummies that later insertions reuse,
/// growth when two thirds are filled, and one upfront resize before a merge. Which operation
/// a Python-level call is (`d[k] = v` is [`Py2Table::set_item`], `d.update(other)` is
/// [`Py2Table::reserve_for_merge`] then [`Py2Table::merge_item`]s) is the caller's business.
#[derive(Clone, Debug)]
pub struct Py2Table {
    /// Slot -> [`EMPTY`], [`DUMMY`] or entry number + 1.
    slots: Vec<u32>,
    /// Entry number -> hash.
    hashes: Vec<i64>,
    /// Slots not [`EMPTY`] (live entries and dummies).
    fill: usize,
    /// The hash CPython keeps in slot 0, which `popitem`/`pop` use as a search finger while
    /// that slot holds no key.
    slot0_hash: i64,
}

const MIN_SIZE: usize = 8;
const PERTURB_SHIFT: u32 = 5;
const EMPTY: u32 = 0;
const DUMMY: u32 = u32::MAX;

/// The result of probing for a key.
enum Probe {
    Found(usize),
    /// Where the key would go: the first dummy on its probe path, else the empty slot
    /// that ended it.
    Vacant(usize),
}

impl Default for Py2Table {
    fn default() -> Self {
        Py2Table::new()
    }
}

impl Py2Table {
    /// An empty dict or set (`{}`, `dict()`, `set()`).
    pub fn new() -> Py2Table {
        Py2Table {
            slots: vec![EMPTY; MIN_SIZE],
            hashes: Vec::new(),
            fill: 0,
            slot0_hash: 0,
        }
    }

    /// An empty dict sized for a `{...}` literal of `n` entries (CPython presizes when n > 5).
    pub fn presized(n: usize) -> Py2Table {
        let mut table = Py2Table::new();
        if n > 5 {
            table.resize(n);
        }
        table
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// True when the table holds no key.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The hash of entry `entry`.
    pub fn hash_of(&self, entry: usize) -> i64 {
        self.hashes[entry]
    }

    /// `d[k] = v` / `s.add(k)` (`PyDict_SetItem`, `set_add_key`): inserts a key with `hash`,
    /// then grows the table if it became too full. `same(entry)` says whether the key
    /// equals an existing entry with the same hash.
    pub fn set_item(&mut self, hash: i64, same: impl FnMut(usize) -> bool) -> Inserted {
        let used = self.len();
        let inserted = self.merge_item(hash, same);
        self.grow_after_insert(used);
        inserted
    }

    /// Same as [`Py2Table::set_item`], for a key the caller knows is not in the table.
    pub fn set_new(&mut self, hash: i64) -> usize {
        let used = self.len();
        let entry = self.place_new(hash);
        self.grow_after_insert(used);
        entry
    }

    /// Same as [`Py2Table::set_item`]; kept for callers that build a table in one go.
    pub fn insert(&mut self, hash: i64, same: impl FnMut(usize) -> bool) -> Inserted {
        self.set_item(hash, same)
    }

    /// Inserts a key without growing the table (`insertdict`/`set_insert_key` as a merge
    /// calls them after [`Py2Table::reserve_for_merge`]).
    pub fn merge_item(&mut self, hash: i64, same: impl FnMut(usize) -> bool) -> Inserted {
        match self.probe(hash, same) {
            Probe::Found(entry) => Inserted::Existing(entry),
            Probe::Vacant(slot) => Inserted::New(self.occupy(slot, hash)),
        }
    }

    /// Same as [`Py2Table::merge_item`], for a key the caller knows is not in the table.
    pub fn merge_new(&mut self, hash: i64) -> usize {
        self.place_new(hash)
    }

    /// The one resize a merge of `incoming` keys does before inserting them
    /// (`PyDict_Merge`, `set_merge`, `set_update_internal` from a dict).
    pub fn reserve_for_merge(&mut self, incoming: usize) {
        if (self.fill + incoming) * 3 >= self.slots.len() * 2 {
            self.resize((self.len() + incoming) * 2);
        }
    }

    /// Removes entry `entry` (`del d[k]`, `s.discard(k)`): its slot becomes a dummy and the
    /// entries after it are renumbered one down.
    pub fn remove(&mut self, entry: usize) {
        let slot = self
            .slot_of(entry)
            .expect("every entry of a Py2Table has a slot");
        self.slots[slot] = DUMMY;
        self.hashes.remove(entry);
        let removed = entry as u32 + 1;
        for s in &mut self.slots {
            if *s != DUMMY && *s > removed {
                *s -= 1;
            }
        }
    }

    /// The entry `d.popitem()` / `s.pop()` takes (the caller then [`Py2Table::remove`]s it):
    /// slot 0 if it holds a key, otherwise the first key at or after the search finger.
    pub fn pop_candidate(&mut self) -> Option<usize> {
        if self.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut slot = 0;
        if matches!(self.slots[0], EMPTY | DUMMY) {
            slot = self.slot0_hash as usize;
            if self.slot0_hash < 1 || slot > mask {
                slot = 1;
            }
            while matches!(self.slots[slot], EMPTY | DUMMY) {
                slot += 1;
                if slot > mask {
                    slot = 1;
                }
            }
        }
        let entry = (self.slots[slot] - 1) as usize;
        // The finger is written after the entry is gone, so `remove` does not see it.
        self.slot0_hash = slot as i64 + 1;
        Some(entry)
    }

    /// Slots not empty: live entries and dummies.
    pub fn fill(&self) -> usize {
        self.fill
    }

    /// `dictresize(min_used)` called directly (`dict.fromkeys` from a dict or set).
    pub fn resize_to(&mut self, min_used: usize) {
        self.resize(min_used);
    }

    /// `set_difference_update`'s last step: when dummies fill a fifth of the table or more,
    /// rebuild it as if it had grown.
    pub fn compact_dummies(&mut self) {
        if (self.fill - self.len()) * 5 >= self.slots.len() - 1 {
            let used = self.len();
            self.resize(if used > 50_000 { 2 } else { 4 } * used);
        }
    }

    /// `d.clear()`: back to an empty table of the minimum size.
    pub fn clear(&mut self) {
        *self = Py2Table::new();
    }

    /// Entry numbers in the order Python iterates them.
    pub fn order(&self) -> Vec<usize> {
        self.iter_order().collect()
    }

    /// Entry numbers in the order Python iterates them, without allocating.
    pub fn iter_order(&self) -> impl Iterator<Item = usize> + '_ {
        self.slots
            .iter()
            .filter(|&&s| s != EMPTY && s != DUMMY)
            .map(|&s| (s - 1) as usize)
    }

    /// The table of `dict(d)` / `d.copy()` / `set(s)`: an empty table merged with this one.
    ///
    /// Entry numbers of the copy follow the original's iteration order.
    pub fn copied(&self) -> Py2Table {
        let mut copy = Py2Table::new();
        copy.reserve_for_merge(self.len());
        for entry in self.iter_order() {
            copy.place_new(self.hashes[entry]);
        }
        copy
    }

    fn probe(&self, hash: i64, mut same: impl FnMut(usize) -> bool) -> Probe {
        let mask = self.slots.len() - 1;
        let mut i = (hash as u64) & mask as u64;
        let mut perturb = hash as u64;
        let mut free = None;
        loop {
            let slot = (i as usize) & mask;
            match self.slots[slot] {
                EMPTY => return Probe::Vacant(free.unwrap_or(slot)),
                DUMMY => {
                    free.get_or_insert(slot);
                }
                occupied => {
                    let entry = (occupied - 1) as usize;
                    if self.hashes[entry] == hash && same(entry) {
                        return Probe::Found(entry);
                    }
                }
            }
            i = (i << 2)
                .wrapping_add(i)
                .wrapping_add(perturb)
                .wrapping_add(1);
            perturb >>= PERTURB_SHIFT;
        }
    }

    fn place_new(&mut self, hash: i64) -> usize {
        match self.probe(hash, |_| false) {
            Probe::Vacant(slot) => self.occupy(slot, hash),
            Probe::Found(_) => unreachable!("a probe that matches nothing ends at a vacant slot"),
        }
    }

    fn occupy(&mut self, slot: usize, hash: i64) -> usize {
        if self.slots[slot] == EMPTY {
            self.fill += 1;
        }
        let entry = self.hashes.len();
        self.hashes.push(hash);
        self.slots[slot] = entry as u32 + 1;
        if slot == 0 {
            self.slot0_hash = hash;
        }
        entry
    }

    /// `PyDict_SetItem`'s check after an insertion: grow when a new key made the table two
    /// thirds full.
    fn grow_after_insert(&mut self, used_before: usize) {
        let used = self.len();
        if used > used_before && self.fill * 3 >= self.slots.len() * 2 {
            self.resize(if used > 50_000 { 2 } else { 4 } * used);
        }
    }

    fn slot_of(&self, entry: usize) -> Option<usize> {
        let wanted = entry as u32 + 1;
        let hash = self.hashes[entry];
        let mask = self.slots.len() - 1;
        let mut i = (hash as u64) & mask as u64;
        let mut perturb = hash as u64;
        loop {
            let slot = (i as usize) & mask;
            match self.slots[slot] {
                EMPTY => return None,
                s if s == wanted => return Some(slot),
                _ => {}
            }
            i = (i << 2)
                .wrapping_add(i)
                .wrapping_add(perturb)
                .wrapping_add(1);
            perturb >>= PERTURB_SHIFT;
        }
    }

    /// `dictresize`/`set_table_resize`: the smallest power of two above `min_used`, live
    /// entries re-inserted in slot order, dummies dropped.
    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        if size == self.slots.len() && size == MIN_SIZE && self.fill == self.len() {
            // CPython keeps its small table as it is when it holds no dummies.
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; size]);
        self.slot0_hash = 0;
        for s in old.into_iter().filter(|&s| s != EMPTY && s != DUMMY) {
            let entry = (s - 1) as usize;
            let hash = self.hashes[entry];
            let slot = match self.probe(hash, |_| false) {
                Probe::Vacant(slot) => slot,
                Probe::Found(_) => {
                    unreachable!("a probe that matches nothing ends at a vacant slot")
                }
            };
            self.slots[slot] = s;
            if slot == 0 {
                self.slot0_hash = hash;
            }
        }
        self.fill = self.len();
    }
}

/// The iteration order of a dict or set built by inserting distinct keys with `hashes` in turn.
pub fn insertion_order(hashes: &[i64]) -> Vec<usize> {
    let mut table = Py2Table::new();
    for &h in hashes {
        table.insert(h, |_| false);
    }
    table.order()
}

/// The order in which a function sees keyword arguments written `names` at a call site that
/// goes through `type.__call__` or an instance's `__call__` (CPython 2.7's `do_call`): the
/// order it matches them against its parameters, as positions into `names`.
pub fn call_kwargs_order(names: &[&str]) -> Vec<usize> {
    // update_keyword_args pops keywords off the stack: last written is inserted first.
    let reversed: Vec<usize> = (0..names.len()).rev().collect();
    rebuild(names, &reversed)
}

/// The order in which pystachio's `Struct.__init__(self, *args, **kw)` and
/// `Struct.__call__(self, **kw)` process keywords received in the order `names`: into
/// `kw`, then `**copy.copy(kw)` on to `_update_schema_data(**kw)`, which walks its own
/// `kw`. Positions into `names`.
pub(crate) fn struct_kwargs_order(names: &[&str]) -> Vec<usize> {
    let received: Vec<usize> = (0..names.len()).collect();
    let kw = rebuild(names, &received);
    let mut table = Py2Table::new();
    for &i in &kw {
        table.set_new(str_hash(names[i]));
    }
    let kw_order = table.order();
    let copied: Vec<usize> = table
        .copied()
        .order()
        .into_iter()
        .map(|j| kw[kw_order[j]])
        .collect();
    rebuild(names, &copied)
}

/// Inserts `names[i]` for `i` in `sequence` into a fresh dict; returns its iteration order.
pub(crate) fn rebuild(names: &[&str], sequence: &[usize]) -> Vec<usize> {
    let hashes: Vec<i64> = sequence.iter().map(|&i| str_hash(names[i])).collect();
    insertion_order(&hashes)
        .into_iter()
        .map(|e| sequence[e])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{call_kwargs_order, struct_kwargs_order};

    /// The `Profile(...)` call of uber/peloton's irn1/armored_armadillo/peloton_apps.aurora:
    /// CPython 2.7.18 (64-bit, no `-R`) matches `election_zk_servers` first.
    #[test]
    fn call_kwargs_order_matches_cpython_for_eleven_keywords() {
        let names = [
            "cluster",
            "app_id",
            "instances",
            "mesos_zk_path",
            "election_zk_servers",
            "mysql_host",
            "docker_image",
            "pinned_attribute",
            "pinned_hosts",
            "use_cassandra",
            "cassandra_hosts",
        ];
        let seen = call_kwargs_order(&names);
        assert_eq!(names[seen[0]], "election_zk_servers");
        // pystachio's Struct.__init__ then handles them in this order (CPython 2.7.18 +
        // pystachio 0.8.5): `pinned_hosts` is reported before `pinned_attribute`.
        let received: Vec<&str> = seen.iter().map(|&i| names[i]).collect();
        let processed: Vec<&str> = struct_kwargs_order(&received)
            .into_iter()
            .map(|i| received[i])
            .collect();
        assert_eq!(
            processed,
            [
                "election_zk_servers",
                "instances",
                "mysql_host",
                "pinned_hosts",
                "pinned_attribute",
                "cluster",
                "mesos_zk_path",
                "use_cassandra",
                "cassandra_hosts",
                "app_id",
                "docker_image",
            ]
        );
    }
}
