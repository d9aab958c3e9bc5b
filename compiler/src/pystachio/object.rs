//! `Object`: an instance of a pystachio type together with its scopes.

use std::cmp::Ordering;
use std::fmt;
use std::rc::Rc;

use aurora_dsl::Span;

use super::check::TypeCheck;
use super::ctx::Ctx;
use super::environment::{wrap, Environment, Wrapped};
use super::error::{Error, Result};
use super::naming::Ref;
use super::pyvalue::{hash_value, PyValue};
use super::scope::{Scope, Scopes};
use super::types::Type;
use super::{basic, choice, containers, structs};
use crate::py2hash::{rebuild, Inserted, Py2Table};

/// A pystachio object: a value of some [`Type`] plus the scopes its templates resolve in.
///
/// Immutable and cheap to clone; every operation returns a new object.
#[derive(Clone)]
pub struct Object(Rc<ObjectData>);

pub(crate) struct ObjectData {
    ty: Type,
    value: Value,
    scopes: Scopes,
    origin: Option<Span>,
    /// `Some(levels)` when interpolating can change nothing but scopes (see [`plainness`]):
    /// `levels` is how deep interpolating it would nest.
    plain: Option<u32>,
}

/// The payload, by kind of type.
pub(crate) enum Value {
    /// String, Integer, Float, Boolean, Enum: the raw value, coerced only when interpolated.
    Simple(PyValue),
    /// A Struct's fields in schema order; `None` is `Empty`.
    Struct(Rc<[Option<Object>]>),
    /// A List's elements.
    List(Rc<[Object]>),
    /// A Map's pairs, in order, repeats kept.
    Map(Rc<[(Object, Object)]>),
    /// A Choice's raw value; an alternative is picked when interpolated or checked.
    Choice(PyValue),
}

/// A keyword argument to a constructor: name, value and where the user wrote it.
#[derive(Clone, Debug)]
pub struct Kwarg {
    /// The keyword.
    pub name: Rc<str>,
    /// The value.
    pub value: PyValue,
    /// Where the argument was written, so a later check failure can point there.
    pub span: Option<Span>,
}

impl Kwarg {
    /// `name=value` without a source location.
    pub fn new(name: &str, value: impl Into<PyValue>) -> Kwarg {
        Kwarg {
            name: name.into(),
            value: value.into(),
            span: None,
        }
    }

    /// The same argument, written at `span`.
    pub fn at(mut self, span: Span) -> Kwarg {
        self.span = Some(span);
        self
    }
}

/// What a struct attribute names (`obj.name` or `obj.has_name`), before it is called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StructAttr {
    /// `obj.name`: calling it gives [`Object::field`].
    Field(Rc<str>),
    /// `obj.has_name`: calling it gives [`Object::has_field`].
    HasField(Rc<str>),
}

impl fmt::Debug for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.repr() {
            Ok(text) => f.write_str(&text),
            Err(e) => write!(f, "<{} object: {e}>", self.ty().name()),
        }
    }
}

impl PartialEq for Object {
    /// Python's `==`; an error while comparing counts as unequal.
    fn eq(&self, other: &Object) -> bool {
        self.py_eq(other).unwrap_or(false)
    }
}

impl Object {
    pub(crate) fn new(ty: Type, value: Value, origin: Option<Span>) -> Object {
        let plain = plainness(&ty, &value);
        Object(Rc::new(ObjectData {
            ty,
            value,
            scopes: Scopes::default(),
            origin,
            plain,
        }))
    }

    /// The object's type (its class).
    pub fn ty(&self) -> &Type {
        &self.0.ty
    }

    /// Where the evaluator created this object or wrote the value, if recorded.
    pub fn origin(&self) -> Option<Span> {
        self.0.origin
    }

    /// The same object recorded as written at `origin`.
    pub fn with_origin(&self, origin: Option<Span>) -> Object {
        Object(Rc::new(ObjectData {
            ty: self.0.ty.clone(),
            value: self.0.value.clone_shallow(),
            scopes: self.0.scopes.clone(),
            origin,
            plain: self.0.plain,
        }))
    }

    /// Like `with_origin`, but keeps an origin already recorded.
    pub(crate) fn or_origin(self, origin: Option<Span>) -> Object {
        if self.0.origin.is_some() || origin.is_none() {
            self
        } else {
            self.with_origin(origin)
        }
    }

    pub(crate) fn value(&self) -> &Value {
        &self.0.value
    }

    /// The raw value of a simple object or a choice, as given (uninterpolated).
    pub fn raw_value(&self) -> Option<&PyValue> {
        match &self.0.value {
            Value::Simple(v) | Value::Choice(v) => Some(v),
            _ => None,
        }
    }

    /// The scopes this object was given (`_scopes`).
    pub(crate) fn own_scopes(&self) -> &Scopes {
        &self.0.scopes
    }

    /// A copy with the same value and `scopes` in place of its own.
    pub(crate) fn with_scopes(&self, scopes: Scopes) -> Object {
        Object(Rc::new(ObjectData {
            ty: self.0.ty.clone(),
            value: self.0.value.clone_shallow(),
            scopes,
            origin: self.0.origin,
            plain: self.0.plain,
        }))
    }

    /// A copy with a new value, keeping type, scopes and origin.
    pub(crate) fn with_value(&self, value: Value) -> Object {
        let plain = plainness(&self.0.ty, &value);
        Object(Rc::new(ObjectData {
            ty: self.0.ty.clone(),
            plain,
            value,
            scopes: self.0.scopes.clone(),
            origin: self.0.origin,
        }))
    }

    /// What `interpolate_in` would give (less scopes that cannot matter), without the work,
    /// when the object has no templates and nothing to coerce; `None` otherwise.
    ///
    /// Interpolation gives a simple object its own scopes back and a struct, list or map
    /// none; the scopes of a plain simple object are never read again, so keeping them is
    /// equivalent. Only taken when the nesting fits the depth limit, so that a too deep
    /// object still fails as it would.
    pub(crate) fn interpolated_if_plain(&self, cx: &Ctx) -> Option<Object> {
        let levels = self.0.plain?;
        if !cx.has_room(levels) {
            return None;
        }
        Some(if self.is_namable() && !self.0.scopes.is_empty() {
            self.with_scopes(Scopes::default())
        } else {
            self.clone()
        })
    }

    /// `obj.in_scope(*scopes)` for scopes already built.
    pub(crate) fn in_scopes(&self, scopes: &Scopes) -> Object {
        if scopes.is_empty() {
            return self.clone();
        }
        self.with_scopes(self.0.scopes.then(scopes))
    }

    /// Python's `obj.scopes()`: what children see. A Struct puts itself first (as `self` and
    /// by field name) and repeats its own scopes under `super`.
    pub(crate) fn child_scopes(&self) -> Scopes {
        match self.0.value {
            Value::Struct(_) => {
                let own = Scopes::of(vec![
                    Scope::SelfFields(self.clone()),
                    Scope::Fields(self.clone()),
                ]);
                own.then(&self.0.scopes).then(&self.0.scopes.supers())
            }
            _ => self.0.scopes.clone(),
        }
    }

    /// True for structs, lists and maps (pystachio's `Namable`).
    pub fn is_namable(&self) -> bool {
        matches!(
            self.0.value,
            Value::Struct(_) | Value::List(_) | Value::Map(_)
        )
    }

    /// A struct's field object as stored (without scopes), if set.
    /// A list's elements as given (uninterpolated); empty for anything else.
    pub(crate) fn list_items(&self) -> &[Object] {
        match &self.0.value {
            Value::List(items) => items,
            _ => &[],
        }
    }

    pub(crate) fn struct_field_raw(&self, name: &str) -> Option<&Object> {
        let Value::Struct(data) = &self.0.value else {
            return None;
        };
        let i = self.ty().as_struct()?.position(name)?;
        data[i].as_ref()
    }

    /// `obj.get()`: the plain Python value, uninterpolated (a Choice interpolates to pick).
    pub fn get(&self) -> Result<PyValue> {
        self.get_in(&mut Ctx::new())
    }

    pub(crate) fn get_in(&self, cx: &mut Ctx) -> Result<PyValue> {
        cx.nested(|cx| match &self.0.value {
            Value::Simple(v) => Ok(v.clone()),
            Value::Struct(_) => structs::get(self, cx),
            Value::List(items) => Ok(PyValue::List(
                items.iter().map(|i| i.get_in(cx)).collect::<Result<_>>()?,
            )),
            Value::Map(_) => containers::map_get(self, cx),
            Value::Choice(_) => choice::unwrap(self, cx)?.get_in(cx),
        })
    }

    /// `obj.bind(*args, **kwargs)`: a copy whose scopes start with these (the last positional
    /// one first, keyword values before all).
    pub fn bind(&self, args: &[PyValue], kwargs: &[Kwarg]) -> Result<Object> {
        let mut scopes = translate_to_scopes(args, kwargs, &mut Ctx::new())?;
        scopes.reverse();
        Ok(self.with_scopes(Scopes::of(scopes).then(&self.0.scopes)))
    }

    /// `obj.in_scope(*args, **kwargs)`: a copy with these scopes after its own.
    pub fn in_scope(&self, args: &[PyValue], kwargs: &[Kwarg]) -> Result<Object> {
        let scopes = translate_to_scopes(args, kwargs, &mut Ctx::new())?;
        Ok(self.in_scopes(&Scopes::of(scopes)))
    }

    /// `obj % value`: binds a dict (or other scope) and interpolates.
    pub fn percent(&self, value: &PyValue) -> Result<Object> {
        let mut cx = Ctx::new();
        let scope = match value {
            PyValue::Dict(entries) => PyValue::Env(Environment::from_dict(entries, &mut cx)?),
            other => other.clone(),
        };
        let bound = self.bind(&[scope], &[])?;
        Ok(bound.interpolate_in(&mut cx)?.0)
    }

    /// `obj.interpolate()`: the object with as much interpolated as its scopes allow, and
    /// the refs left unbound (in Python 2's set order for structs and containers).
    pub fn interpolate(&self) -> Result<(Object, Vec<Ref>)> {
        self.interpolate_in(&mut Ctx::new())
    }

    pub(crate) fn interpolate_in(&self, cx: &mut Ctx) -> Result<(Object, Vec<Ref>)> {
        if let Some(done) = self.interpolated_if_plain(cx) {
            return Ok((done, Vec::new()));
        }
        cx.nested(|cx| match &self.0.value {
            Value::Simple(raw) => basic::interpolate(self, raw, cx),
            Value::Struct(_) => structs::interpolate(self, cx),
            Value::List(_) => containers::list_interpolate(self, cx),
            Value::Map(_) => containers::map_interpolate(self, cx),
            Value::Choice(_) => choice::interpolate(self, cx),
        })
        // The innermost object that knows where it was written is where the error is.
        .map_err(|e| e.at(self.origin()))
    }

    /// `obj.check()`. Errors are what pystachio raises instead of returning a failure
    /// (e.g. a malformed `{{ref}}`, or a Choice whose instance value fails its own check).
    pub fn check(&self) -> Result<TypeCheck> {
        self.check_in(&mut Ctx::new())
    }

    /// [`Object::check`], going on past the first failure: the result is the same, with
    /// the failures pystachio never reaches in its `more`.
    pub fn check_all(&self) -> Result<TypeCheck> {
        self.check_in(&mut Ctx::every_failure())
    }

    pub(crate) fn check_in(&self, cx: &mut Ctx) -> Result<TypeCheck> {
        cx.nested(|cx| {
            let result = match &self.0.value {
                Value::Simple(_) => basic::check(self, cx)?,
                Value::Struct(_) => structs::check(self, cx)?,
                Value::List(_) => containers::list_check(self, cx)?,
                Value::Map(_) => containers::map_check(self, cx)?,
                Value::Choice(_) => choice::check(self, cx)?,
            };
            Ok(if result.ok {
                result
            } else {
                result.at(self.origin())
            })
        })
        .map_err(|e| e.at(self.origin()))
    }

    /// `obj.find(ref)`: what `ref` names inside a struct, list or map, in this object's scopes.
    pub fn find(&self, r: &Ref) -> Result<Object> {
        self.find_in(r, &mut Ctx::new())
    }

    pub(crate) fn find_in(&self, r: &Ref, cx: &mut Ctx) -> Result<Object> {
        cx.nested(|cx| match &self.0.value {
            Value::Struct(_) => structs::find(self, r, cx),
            Value::List(_) => containers::list_find(self, r, cx),
            Value::Map(_) => containers::map_find(self, r, cx),
            Value::Simple(_) | Value::Choice(_) => Err(Error::attribute(format!(
                "'{}' object has no attribute 'find'",
                self.ty().name()
            ))),
        })
    }

    /// `str(obj)` (also `unicode(obj)`, which is what templates substitute).
    pub fn str(&self) -> Result<String> {
        self.str_in(&mut Ctx::new())
    }

    pub(crate) fn str_in(&self, cx: &mut Ctx) -> Result<String> {
        cx.nested(|cx| match &self.0.value {
            Value::Simple(_) => basic::str(self, cx),
            Value::Choice(_) => choice::unwrap(self, cx)?.str_in(cx),
            _ => self.repr_in(cx),
        })
    }

    /// `repr(obj)`: `Integer(1)`, `Process(name=hello, ...)`, `IntegerList(1, 2)`.
    pub fn repr(&self) -> Result<String> {
        self.repr_in(&mut Ctx::new())
    }

    pub(crate) fn repr_in(&self, cx: &mut Ctx) -> Result<String> {
        cx.nested(|cx| match &self.0.value {
            Value::Simple(_) => Ok(format!("{}({})", self.ty().name(), basic::str(self, cx)?)),
            Value::Struct(_) => structs::repr(self, cx),
            Value::List(_) => containers::list_repr(self, cx),
            Value::Map(_) => containers::map_repr(self, cx),
            Value::Choice(_) => choice::repr(self, cx),
        })
    }

    /// Python's `self == other`.
    pub fn py_eq(&self, other: &Object) -> Result<bool> {
        self.eq_in(other, &mut Ctx::new())
    }

    pub(crate) fn eq_in(&self, other: &Object, cx: &mut Ctx) -> Result<bool> {
        cx.nested(|cx| match &self.0.value {
            Value::Simple(_) => Ok(basic::compare(self, other, cx)? == Ordering::Equal),
            Value::Struct(_) => structs::eq(self, other, cx),
            Value::List(_) => containers::list_eq(self, other, cx),
            Value::Map(_) => containers::map_eq(self, other, cx),
            Value::Choice(_) => choice::eq(self, other, cx),
        })
    }

    /// Python 2's ordering of simple objects (`<`, `>`): objects of different classes order
    /// as "less". Other objects have no pystachio ordering.
    pub fn py_cmp(&self, other: &Object) -> Result<Ordering> {
        match &self.0.value {
            Value::Simple(_) => basic::compare(self, other, &mut Ctx::new()),
            _ => Err(Error::type_error(format!(
                "{} objects have no ordering",
                self.ty().name()
            ))),
        }
    }

    /// Python 2's `hash(obj)`.
    pub fn py_hash(&self) -> Result<i64> {
        self.hash_in(&mut Ctx::new())
    }

    pub(crate) fn hash_in(&self, cx: &mut Ctx) -> Result<i64> {
        cx.nested(|cx| match &self.0.value {
            Value::Simple(v) => hash_value(v, cx),
            _ => {
                let v = self.get_in(cx)?;
                hash_value(&v, cx)
            }
        })
    }

    /// `obj.name()` for a struct field: the field interpolated in the struct's scopes
    /// (`None` for `Empty`).
    pub fn field(&self, name: &str) -> Result<Option<Object>> {
        structs::field(self, name, &mut Ctx::new())
    }

    /// `obj.has_name()`: whether a struct field is set.
    pub fn has_field(&self, name: &str) -> Result<bool> {
        structs::has_field(self, name)
    }

    /// Resolves `obj.attr` on a struct as pystachio's `__getattr__` does.
    pub fn getattr(&self, attr: &str) -> Result<StructAttr> {
        structs::getattr(self, attr)
    }

    /// `obj(**kwargs)` on a struct: a copy with these fields replaced.
    pub fn with_fields(&self, kwargs: &[Kwarg]) -> Result<Object> {
        structs::with_fields(self, kwargs, &mut Ctx::new())
    }

    /// `list[i]` (negative counts from the end), on the interpolated list.
    pub fn index(&self, i: i64) -> Result<Object> {
        containers::list_index(self, i, &mut Ctx::new())
    }

    /// `list[start:stop:step]`, on the interpolated list.
    pub fn slice(
        &self,
        start: Option<i64>,
        stop: Option<i64>,
        step: Option<i64>,
    ) -> Result<Vec<Object>> {
        containers::list_slice(self, start, stop, step, &mut Ctx::new())
    }

    /// `iter(obj)`: a list's interpolated elements, or a map's interpolated keys.
    pub fn iter(&self) -> Result<Vec<Object>> {
        containers::iter(self, &mut Ctx::new())
    }

    /// `item in obj` for a list or map.
    pub fn contains(&self, item: &PyValue) -> Result<bool> {
        containers::contains(self, item, &mut Ctx::new())
    }

    /// `map[key]`, on the interpolated map.
    pub fn get_item(&self, key: &PyValue) -> Result<Object> {
        containers::map_get_item(self, key, &mut Ctx::new())
    }

    /// `choice.unwrap()`: the interpolated value as the alternative it matches.
    pub fn unwrap(&self) -> Result<Object> {
        choice::unwrap(self, &mut Ctx::new())
    }
}

impl Value {
    fn clone_shallow(&self) -> Value {
        match self {
            Value::Simple(v) => Value::Simple(v.clone()),
            Value::Struct(d) => Value::Struct(d.clone()),
            Value::List(d) => Value::List(d.clone()),
            Value::Map(d) => Value::Map(d.clone()),
            Value::Choice(v) => Value::Choice(v.clone()),
        }
    }
}

/// Whether interpolating a value of type `ty` is a no-op: no `{{` in any string, every simple
/// value already what its type coerces it to, no Choice, and no struct, list or map inside
/// carrying scopes of its own (interpolation would drop them). `Some(nesting levels)` if so.
fn plainness(ty: &Type, value: &Value) -> Option<u32> {
    fn child(o: &Object) -> Option<u32> {
        if o.is_namable() && !o.0.scopes.is_empty() {
            return None;
        }
        o.0.plain
    }
    fn deepest(mut levels: impl Iterator<Item = Option<u32>>) -> Option<u32> {
        levels.try_fold(0, |deepest, l| l.map(|l| deepest.max(l)))
    }
    let below = match value {
        Value::Simple(v) => basic::is_canonical(ty, v).then_some(0)?,
        Value::Choice(_) => return None,
        Value::Struct(fields) => deepest(fields.iter().flatten().map(child))?,
        Value::List(items) => deepest(items.iter().map(child))?,
        Value::Map(pairs) => deepest(pairs.iter().flat_map(|(k, v)| [child(k), child(v)]))?,
    };
    Some(below + 1)
}

/// `Object.translate_to_scopes(*args, **kw)`.
fn translate_to_scopes(args: &[PyValue], kwargs: &[Kwarg], cx: &mut Ctx) -> Result<Vec<Scope>> {
    let mut scopes = Vec::with_capacity(args.len() + 1);
    for arg in args {
        scopes.push(match wrap(arg, cx)? {
            Wrapped::Env(env) => Scope::Env(env),
            Wrapped::Object(o) => Scope::Object(o),
            Wrapped::Text(t) => Scope::Text(t),
        });
    }
    if !kwargs.is_empty() {
        // A method's **kw dict is filled in the order written, then iterated.
        let names: Vec<&str> = kwargs.iter().map(|k| &*k.name).collect();
        let written: Vec<usize> = (0..names.len()).collect();
        let entries: Vec<(PyValue, PyValue)> = rebuild(&names, &written)
            .into_iter()
            .map(|i| (PyValue::from(names[i]), kwargs[i].value.clone()))
            .collect();
        scopes.push(Scope::Env(Environment::from_dict(&entries, cx)?));
    }
    Ok(scopes)
}

/// A Python 2 `set` of refs, filled with `update()`: iterates in hash order.
#[derive(Default)]
pub(crate) struct RefSet {
    table: Py2Table,
    refs: Vec<Ref>,
}

impl RefSet {
    pub(crate) fn update(&mut self, refs: Vec<Ref>) {
        for r in refs {
            let inserted = self.table.insert(r.py_hash(), |e| self.refs[e] == r);
            if let Inserted::New(_) = inserted {
                self.refs.push(r);
            }
        }
    }

    pub(crate) fn into_list(self) -> Vec<Ref> {
        let mut slots: Vec<Option<Ref>> = self.refs.into_iter().map(Some).collect();
        self.table
            .order()
            .into_iter()
            .filter_map(|e| slots[e].take())
            .collect()
    }
}

impl Object {
    /// Whether any raw text inside this object contains `needle`.
    pub fn contains_text(&self, needle: &str) -> bool {
        fn in_value(value: &PyValue, needle: &str) -> bool {
            match value {
                PyValue::Str(s) => s.contains(needle),
                PyValue::Object(o) => o.contains_text(needle),
                PyValue::List(items) => items.iter().any(|i| in_value(i, needle)),
                PyValue::Dict(entries) => entries
                    .iter()
                    .any(|(k, v)| in_value(k, needle) || in_value(v, needle)),
                _ => false,
            }
        }
        match &self.0.value {
            Value::Simple(v) | Value::Choice(v) => in_value(v, needle),
            Value::Struct(fields) => fields.iter().flatten().any(|f| f.contains_text(needle)),
            Value::List(items) => items.iter().any(|i| i.contains_text(needle)),
            Value::Map(pairs) => pairs
                .iter()
                .any(|(k, v)| k.contains_text(needle) || v.contains_text(needle)),
        }
    }

    /// Where the first raw text inside this object (depth first, in field order) that
    /// contains `needle` was written: for pointing at the template behind an unbound ref.
    pub fn origin_of_text(&self, needle: &str) -> Option<Span> {
        match &self.0.value {
            Value::Simple(_) | Value::Choice(_) if !self.contains_text(needle) => None,
            Value::Simple(v) | Value::Choice(v) => match v {
                PyValue::Object(o) => o.origin_of_text(needle).or(self.origin()),
                _ => self.origin(),
            },
            Value::Struct(fields) => fields
                .iter()
                .flatten()
                .find_map(|f| f.origin_of_text(needle)),
            Value::List(items) => items.iter().find_map(|i| i.origin_of_text(needle)),
            Value::Map(pairs) => pairs.iter().find_map(|(k, v)| {
                k.origin_of_text(needle)
                    .or_else(|| v.origin_of_text(needle))
            }),
        }
    }
}
