//! CPython 2.7's hash functions and the slot table of its dicts and sets.
//!
//! Pystachio builds dicts and sets and then iterates them (a Struct's fields, the set of
//! unbound refs), so the order of its output is Python 2's hash order. [`Py2Table`] replays
//! how CPython 2.7 (64-bit, no hash randomization) places keys, to reproduce that order.

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
/// Entries are numbered in the order they were first inserted; [`Py2Table::order`] lists
/// them in the order Python iterates the dict or set.
#[derive(Clone, Debug)]
pub struct Py2Table {
    /// Slot -> entry number + 1 (0 = empty).
    slots: Vec<usize>,
    /// Entry number -> hash.
    hashes: Vec<i64>,
    fill: usize,
}

const MIN_SIZE: usize = 8;
const PERTURB_SHIFT: u32 = 5;

impl Default for Py2Table {
    fn default() -> Self {
        Py2Table::new()
    }
}

impl Py2Table {
    /// An empty dict or set (`{}`, `dict()`, `set()`).
    pub fn new() -> Py2Table {
        Py2Table {
            slots: vec![0; MIN_SIZE],
            hashes: Vec::new(),
            fill: 0,
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

    /// True when no key was inserted.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Inserts a key with `hash`; `same(entry)` says whether the key equals an existing entry.
    pub fn insert(&mut self, hash: i64, mut same: impl FnMut(usize) -> bool) -> Inserted {
        let mask = self.slots.len() - 1;
        let mut i = hash as u64;
        let mut perturb = hash as u64;
        let mut slot = (i as usize) & mask;
        i &= mask as u64;
        loop {
            match self.slots[slot] {
                0 => break,
                occupied => {
                    let entry = occupied - 1;
                    if self.hashes[entry] == hash && same(entry) {
                        return Inserted::Existing(entry);
                    }
                }
            }
            i = (i << 2)
                .wrapping_add(i)
                .wrapping_add(perturb)
                .wrapping_add(1);
            slot = (i as usize) & mask;
            perturb >>= PERTURB_SHIFT;
        }
        let entry = self.hashes.len();
        self.hashes.push(hash);
        self.slots[slot] = entry + 1;
        self.fill += 1;
        let used = self.hashes.len();
        if self.fill * 3 >= self.slots.len() * 2 {
            self.resize(if used > 50_000 { 2 } else { 4 } * used);
        }
        Inserted::New(entry)
    }

    /// Entry numbers in the order Python iterates them.
    pub fn order(&self) -> Vec<usize> {
        self.slots
            .iter()
            .filter(|&&s| s != 0)
            .map(|&s| s - 1)
            .collect()
    }

    /// The table of `dict(d)` / `d.copy()`: one upfront resize, then the keys in `d`'s order.
    ///
    /// Entry numbers of the copy follow the original's iteration order.
    pub fn copied(&self) -> Py2Table {
        let mut copy = Py2Table::new();
        let used = self.len();
        if used * 3 >= MIN_SIZE * 2 {
            copy.resize(used * 2);
        }
        for entry in self.order() {
            copy.insert_clean(self.hashes[entry]);
        }
        copy
    }

    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        // Re-inserting in old slot order keeps each entry's number.
        for s in old.into_iter().filter(|&s| s != 0) {
            let entry = s - 1;
            let slot = self.free_slot(self.hashes[entry]);
            self.slots[slot] = entry + 1;
        }
        self.fill = self.hashes.len();
    }

    /// Adds a key known to be new without growing (CPython's insertdict_clean / merge).
    fn insert_clean(&mut self, hash: i64) {
        let slot = self.free_slot(hash);
        let entry = self.hashes.len();
        self.hashes.push(hash);
        self.slots[slot] = entry + 1;
        self.fill += 1;
    }

    fn free_slot(&self, hash: i64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (hash as u64) & mask as u64;
        let mut perturb = hash as u64;
        while self.slots[(i as usize) & mask] != 0 {
            i = (i << 2)
                .wrapping_add(i)
                .wrapping_add(perturb)
                .wrapping_add(1);
            perturb >>= PERTURB_SHIFT;
        }
        (i as usize) & mask
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
pub(crate) fn call_kwargs_order(names: &[&str]) -> Vec<usize> {
    // update_keyword_args pops keywords off the stack: last written is inserted first.
    let reversed: Vec<usize> = (0..names.len()).rev().collect();
    rebuild(names, &reversed)
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
    use super::call_kwargs_order;

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
    }
}
