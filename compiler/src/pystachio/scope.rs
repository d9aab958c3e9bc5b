//! Scopes: where an object looks up the refs in its templates.
//!
//! An object keeps a sequence of scopes; `bind()` puts new ones first, `in_scope()` appends.
//! A Struct adds itself in front (its fields as names, and again under `self`) and repeats
//! its outer scopes under `super`. Containers append their scopes to each child they hand
//! out, so sequences share structure here instead of being copied.

use std::rc::Rc;

use super::ctx::Ctx;
use super::environment::{not_found, EnvValue, Environment};
use super::error::{Error, Result};
use super::naming::{Component, Ref};
use super::object::Object;

/// One scope.
#[derive(Clone, Debug)]
pub(crate) enum Scope {
    /// An `Environment` (dicts and keyword arguments become these).
    Env(Environment),
    /// An object given to `bind()`/`in_scope()`; only structs, lists and maps can be searched.
    Object(Object),
    /// A bare string or number given to `bind()`; Python fails when searching it.
    Text(Rc<str>),
    /// A struct's set fields by name: `Environment(dict(schema_data))`.
    Fields(Object),
    /// The same under `self`: `Environment({'self': fields})`.
    SelfFields(Object),
}

/// A sequence of scopes, first searched first.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scopes(Option<Rc<Node>>);

#[derive(Debug)]
struct Node {
    kind: NodeKind,
    /// Nesting depth of the rope, kept small by flattening.
    depth: u32,
}

#[derive(Debug)]
enum NodeKind {
    /// Scopes with the number of `super` wrappers around each.
    Many(Vec<(Scope, u32)>),
    Concat(Scopes, Scopes),
    /// Every scope of the inner sequence, each wrapped as `Environment({'super': scope})`.
    Supers(Scopes),
}

/// Past this depth a rope is copied into one flat list, so that long `bind()` chains neither
/// recurse deeply when searched nor when dropped.
const MAX_ROPE_DEPTH: u32 = 32;

impl Scopes {
    pub(crate) fn of(scopes: Vec<Scope>) -> Scopes {
        if scopes.is_empty() {
            return Scopes(None);
        }
        Scopes::node(
            NodeKind::Many(scopes.into_iter().map(|s| (s, 0)).collect()),
            1,
        )
    }

    fn node(kind: NodeKind, depth: u32) -> Scopes {
        let scopes = Scopes(Some(Rc::new(Node { kind, depth })));
        if depth <= MAX_ROPE_DEPTH {
            return scopes;
        }
        let mut flat = Vec::new();
        scopes.for_each(|scope, supers| flat.push((scope.clone(), supers)));
        Scopes(Some(Rc::new(Node {
            kind: NodeKind::Many(flat),
            depth: 1,
        })))
    }

    fn depth(&self) -> u32 {
        self.0.as_ref().map_or(0, |n| n.depth)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// `self + other`.
    pub(crate) fn then(&self, other: &Scopes) -> Scopes {
        match (&self.0, &other.0) {
            (None, _) => other.clone(),
            (_, None) => self.clone(),
            _ => Scopes::node(
                NodeKind::Concat(self.clone(), other.clone()),
                self.depth().max(other.depth()) + 1,
            ),
        }
    }

    /// The scopes each wrapped under `super`.
    pub(crate) fn supers(&self) -> Scopes {
        match self.0 {
            None => Scopes(None),
            Some(_) => Scopes::node(NodeKind::Supers(self.clone()), self.depth() + 1),
        }
    }

    fn for_each(&self, mut f: impl FnMut(&Scope, u32)) {
        let _ = self.search(|scope, supers| {
            f(scope, supers);
            Ok(None::<()>)
        });
    }

    /// Calls `f(scope, supers)` for each scope in order, where `supers` counts the `super`
    /// wrappers around it, until `f` returns `Some`.
    pub(crate) fn search<T>(
        &self,
        mut f: impl FnMut(&Scope, u32) -> Result<Option<T>>,
    ) -> Result<Option<T>> {
        self.search_under(0, &mut f)
    }

    /// [`Scopes::search`] inside `supers` wrappers. Recursion is bounded by the rope's
    /// depth (see `MAX_ROPE_DEPTH`), and needs no stack to be allocated per lookup.
    fn search_under<T>(
        &self,
        supers: u32,
        f: &mut impl FnMut(&Scope, u32) -> Result<Option<T>>,
    ) -> Result<Option<T>> {
        let Some(node) = &self.0 else {
            return Ok(None);
        };
        match &node.kind {
            NodeKind::Many(items) => {
                for (scope, wrapped) in items {
                    if let Some(found) = f(scope, supers + wrapped)? {
                        return Ok(Some(found));
                    }
                }
                Ok(None)
            }
            NodeKind::Concat(first, second) => match first.search_under(supers, f)? {
                Some(found) => Ok(Some(found)),
                None => second.search_under(supers, f),
            },
            NodeKind::Supers(inner) => inner.search_under(supers + 1, f),
        }
    }
}

/// Looks `r` up in each scope in turn; `None` when no scope names it.
pub(crate) fn find_in_scopes(scopes: &Scopes, r: &Ref, cx: &mut Ctx) -> Result<Option<EnvValue>> {
    scopes.search(|scope, supers| match find_in_scope(scope, supers, r, cx) {
        Ok(found) => Ok(Some(found)),
        Err(e) if e.is_naming() => Ok(None),
        Err(e) => Err(e),
    })
}

/// `scope.find(r)` for `scope` wrapped `supers` times under `super`.
pub(crate) fn find_in_scope(scope: &Scope, supers: u32, r: &Ref, cx: &mut Ctx) -> Result<EnvValue> {
    cx.step()?;
    if supers > 0 {
        let is_super =
            matches!(r.action(), Some(Component::Dereference(name)) if &**name == "super");
        if !is_super {
            return Err(not_found("Environment", r));
        }
        let rest = r.rest();
        // An environment (or another wrapper) inside flattens into `super.<its refs>`.
        let inner_is_table = supers > 1
            || matches!(
                scope,
                Scope::Env(_) | Scope::Fields(_) | Scope::SelfFields(_)
            );
        if inner_is_table {
            if rest.is_empty() {
                return Err(not_found("Environment", r));
            }
            return find_in_scope(scope, supers - 1, &rest, cx);
        }
        return match scope {
            Scope::Object(o) if rest.is_empty() => Ok(EnvValue::Object(o.clone())),
            Scope::Text(t) if rest.is_empty() => Ok(EnvValue::Text(t.clone())),
            Scope::Object(o) if o.is_namable() => match cx.nested(|cx| o.find_in(&rest, cx)) {
                Ok(found) => Ok(EnvValue::Object(found)),
                Err(e) if e.is_naming() => Err(not_found("Environment", r)),
                Err(e) => Err(e),
            },
            _ => Err(not_found("Environment", r)),
        };
    }
    match scope {
        Scope::Env(env) => env.find_in(r, cx),
        Scope::Object(o) => cx.nested(|cx| o.find_in(r, cx)).map(EnvValue::Object),
        Scope::Text(_) => Err(Error::type_error(
            "expected a string or other character buffer object",
        )),
        Scope::Fields(s) => find_field(s, r, cx),
        Scope::SelfFields(s) => {
            let is_self =
                matches!(r.action(), Some(Component::Dereference(name)) if &**name == "self");
            let rest = r.rest();
            if !is_self || rest.is_empty() {
                return Err(not_found("Environment", r));
            }
            find_field(s, &rest, cx)
        }
    }
}

/// `Environment(dict(schema_data)).find(r)` for struct `s`.
fn find_field(s: &Object, r: &Ref, cx: &mut Ctx) -> Result<EnvValue> {
    let Some(Component::Dereference(name)) = r.action() else {
        return Err(not_found("Environment", r));
    };
    let Some(value) = s.struct_field_raw(name) else {
        return Err(not_found("Environment", r));
    };
    let rest = r.rest();
    if rest.is_empty() {
        return Ok(EnvValue::Object(value.clone()));
    }
    if !value.is_namable() {
        return Err(not_found("Environment", r));
    }
    match cx.nested(|cx| value.find_in(&rest, cx)) {
        Ok(found) => Ok(EnvValue::Object(found)),
        Err(e) if e.is_naming() => Err(not_found("Environment", r)),
        Err(e) => Err(e),
    }
}
