//! `Environment`: a table from refs to text or objects, the usual scope for `bind()`.
//!
//! Built from dicts (and keyword arguments): numbers and strings are stored as their text,
//! objects as they are, and nested dicts flatten into dotted refs, so `{'a': {'b': 1}}` binds
//! `a.b` to `'1'`. A lookup takes an exact entry first, else tries the longest entry that is a
//! prefix of the ref and whose value is a struct, list or map, looking the rest up inside it.

use rustc_hash::FxHashMap;
use std::rc::Rc;

use super::ctx::Ctx;
use super::error::{Error, Result};
use super::naming::{Component, Ref};
use super::object::{Kwarg, Object};
use super::pyvalue::{repr_value, str_value, PyValue};

/// What a ref names in a scope: text or an object.
#[derive(Clone, Debug)]
pub enum EnvValue {
    /// A string (numbers are stored as their `str()`).
    Text(Rc<str>),
    /// A pystachio object.
    Object(Object),
}

impl EnvValue {
    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            EnvValue::Object(o) => Some(o),
            EnvValue::Text(_) => None,
        }
    }

    /// The text, if this is text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            EnvValue::Text(t) => Some(t),
            EnvValue::Object(_) => None,
        }
    }

    /// `unicode(value)`, as substituted into a template.
    pub(crate) fn text_in(&self, cx: &mut Ctx) -> Result<String> {
        match self {
            EnvValue::Text(t) => Ok(t.to_string()),
            EnvValue::Object(o) => o.str_in(cx),
        }
    }

    fn repr_in(&self, cx: &mut Ctx) -> Result<String> {
        match self {
            EnvValue::Text(t) => repr_value(&PyValue::Str(t.clone()), cx),
            EnvValue::Object(o) => o.repr_in(cx),
        }
    }
}

/// A pystachio `Environment`: a mount table of refs. Cheap to clone, immutable.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    table: Rc<FxHashMap<Ref, EnvValue>>,
}

impl Environment {
    /// `Environment(*dicts, **kw)`: each positional value must be a dict or an Environment;
    /// later entries override earlier ones.
    pub fn new(dicts: &[PyValue], kw: &[Kwarg]) -> Result<Environment> {
        let mut cx = Ctx::new();
        let mut table = FxHashMap::default();
        for d in dicts {
            match d {
                PyValue::Dict(entries) => assimilate_dict(&mut table, entries, &mut cx)?,
                PyValue::Env(env) => {
                    for (k, v) in env.table.iter() {
                        table.insert(k.clone(), v.clone());
                    }
                }
                other => {
                    return Err(Error::value(format!(
                        "Environment expects dict or Environment, got {}",
                        repr_value(other, &mut cx)?
                    )))
                }
            }
        }
        let kw: Vec<(PyValue, PyValue)> = kw
            .iter()
            .map(|k| (PyValue::Str(k.name.clone()), k.value.clone()))
            .collect();
        assimilate_dict(&mut table, &kw, &mut cx)?;
        Ok(Environment {
            table: Rc::new(table),
        })
    }

    /// An environment with refs as keys (as when a dict is keyed by `Ref` objects).
    pub fn from_refs(entries: Vec<(Ref, PyValue)>) -> Result<Environment> {
        let mut cx = Ctx::new();
        let mut table = FxHashMap::default();
        for (key, value) in entries {
            insert_wrapped(&mut table, key, &value, &mut cx)?;
        }
        Ok(Environment {
            table: Rc::new(table),
        })
    }

    /// Built from a dict already known to be well formed (a struct's fields).
    pub(crate) fn from_dict(entries: &[(PyValue, PyValue)], cx: &mut Ctx) -> Result<Environment> {
        let mut table = FxHashMap::default();
        assimilate_dict(&mut table, entries, cx)?;
        Ok(Environment {
            table: Rc::new(table),
        })
    }

    /// The entries, sorted by address.
    pub fn entries(&self) -> Vec<(Ref, EnvValue)> {
        let mut entries: Vec<(Ref, EnvValue)> = self
            .table
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        entries.sort_by_key(|(k, _)| k.address());
        entries
    }

    /// `Environment.find`: what `r` names here, or `Namable.NotFound`.
    pub fn find(&self, r: &Ref) -> Result<EnvValue> {
        self.find_in(r, &mut Ctx::new())
    }

    pub(crate) fn find_in(&self, r: &Ref, cx: &mut Ctx) -> Result<EnvValue> {
        cx.step()?;
        if let Some(v) = self.table.get(r) {
            return Ok(v.clone());
        }
        let components = r.components();
        for len in (1..components.len()).rev() {
            let Some(EnvValue::Object(scope)) = self.table.get(&components[..len]) else {
                continue;
            };
            if !scope.is_namable() {
                continue;
            }
            let rest = Ref::new(components[len..].to_vec());
            match cx.nested(|cx| scope.find_in(&rest, cx)) {
                Ok(found) => return Ok(EnvValue::Object(found)),
                Err(e) if e.is_naming() => continue,
                Err(e) => return Err(e),
            }
        }
        Err(not_found("Environment", r))
    }

    pub(crate) fn ptr_eq(&self, other: &Environment) -> bool {
        Rc::ptr_eq(&self.table, &other.table)
    }

    pub(crate) fn identity_hash(&self) -> i64 {
        (Rc::as_ptr(&self.table) as usize >> 4) as i64
    }

    /// `repr(env)`: `Environment({Ref(a): '1', ...})`, entries sorted as pprint sorts them.
    pub fn repr(&self) -> Result<String> {
        self.repr_in(&mut Ctx::new())
    }

    pub(crate) fn repr_in(&self, cx: &mut Ctx) -> Result<String> {
        let mut entries: Vec<(&Ref, &EnvValue)> = self.table.iter().collect();
        entries.sort_by(|(a, _), (b, _)| ref_order(a, b));
        let mut parts = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            parts.push(format!("{k:?}: {}", v.repr_in(cx)?));
        }
        // pprint.pformat puts one entry per line once the dict is wider than 79 columns.
        let one_line = format!("{{{}}}", parts.join(", "));
        let table = if one_line.chars().count() > 79 {
            format!("{{{}}}", parts.join(",\n "))
        } else {
            one_line
        };
        Ok(format!("Environment({table})"))
    }
}

/// pystachio's ordering of refs: shorter first, then by component text.
fn ref_order(a: &Ref, b: &Ref) -> std::cmp::Ordering {
    let (ac, bc) = (a.components(), b.components());
    ac.len().cmp(&bc.len()).then_with(|| {
        ac.iter()
            .map(Component::value)
            .cmp(bc.iter().map(Component::value))
    })
}

/// `Namable.NotFound(obj, ref)`.
pub(crate) fn not_found(class_name: &str, r: &Ref) -> Error {
    if class_name == "Environment" {
        Error::not_found("Environment", r)
    } else {
        Error::not_found(class_name.to_string(), r)
    }
}

/// What `Environment.wrap` makes of a value.
pub(crate) enum Wrapped {
    Text(Rc<str>),
    Object(Object),
    Env(Environment),
}

/// `Environment.wrap`: dicts become environments, numbers and strings their text.
pub(crate) fn wrap(value: &PyValue, cx: &mut Ctx) -> Result<Wrapped> {
    Ok(match value {
        PyValue::Dict(entries) => Wrapped::Env(Environment::from_dict(entries, cx)?),
        PyValue::Env(env) => Wrapped::Env(env.clone()),
        PyValue::Object(o) => Wrapped::Object(o.clone()),
        v if v.is_numeric() || v.is_stringy() => Wrapped::Text(str_value(v, cx)?.into()),
        other => {
            return Err(Error::value(format!(
                "Environment values must be strings, numbers, Objects or other Environments. \
                 Got {} instead.",
                other.python_type_repr()
            )))
        }
    })
}

fn assimilate_dict(
    table: &mut FxHashMap<Ref, EnvValue>,
    entries: &[(PyValue, PyValue)],
    cx: &mut Ctx,
) -> Result<()> {
    for (key, value) in entries {
        let wrapped = wrap(value, cx)?;
        let key = match key {
            PyValue::Str(s) => Ref::from_address(s)?,
            other => {
                return Err(Error::invalid_ref(format!(
                    "Invalid address: {}",
                    repr_value(other, cx)?
                )))
            }
        };
        insert(table, key, wrapped);
    }
    Ok(())
}

fn insert_wrapped(
    table: &mut FxHashMap<Ref, EnvValue>,
    key: Ref,
    value: &PyValue,
    cx: &mut Ctx,
) -> Result<()> {
    let wrapped = wrap(value, cx)?;
    insert(table, key, wrapped);
    Ok(())
}

fn insert(table: &mut FxHashMap<Ref, EnvValue>, key: Ref, wrapped: Wrapped) {
    match wrapped {
        Wrapped::Text(t) => {
            table.insert(key, EnvValue::Text(t));
        }
        Wrapped::Object(o) => {
            table.insert(key, EnvValue::Object(o));
        }
        Wrapped::Env(env) => {
            for (k, v) in env.table.iter() {
                table.insert(key.concat(k), v.clone());
            }
        }
    }
}
