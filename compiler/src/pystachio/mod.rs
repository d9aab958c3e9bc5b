//! The Pystachio object model (pystachio 0.8.5, as pinned by Apache Aurora), exactly.
//!
//! Pure data: typed values ([`Object`]) of [`Type`]s (String, Integer, Float, Boolean, Enum,
//! List, Map, Choice and Struct types), their scopes, `{{mustache}}` interpolation, `check()`
//! with pystachio's messages, and the texts of `str()`/`repr()`. Output that Python 2 orders
//! by hash (a struct's fields, the unbound refs) comes out in the same order.
//!
//! # At the boundary with the evaluator
//! The evaluator converts its values to [`PyValue`] when it calls in, and back when it gets
//! them out:
//! - Calling a pystachio class is [`Type::call`] (`Enum(...)` is [`Type::enum_from_args`],
//!   `Choice(...)` is [`Type::choice_from_args`], `List(T)`/`Map(K, V)` are [`Type::list`] and
//!   [`Type::map`]). A `class Name(Struct)` body becomes [`StructType::new`] with its fields in
//!   the order written ([`FieldSpec`] for `Required`/`Default`/plain types); a subclass of a
//!   Struct type is [`Type::subclass`] (pystachio ignores fields declared in its body). Keyword
//!   arguments are [`Kwarg`]s in the order the Python callee receives them (for a class
//!   call, the order of the keyword dict CPython 2.7 builds at the call site; pystachio then
//!   processes them in hash order, which decides the error reported when several are
//!   wrong), each with the span of the
//!   argument so a later failed [`TypeCheck`] can point at it; [`Object::with_origin`]
//!   records where an object was created.
//! - Attribute access on a struct goes through [`Object::getattr`], then [`Object::field`] or
//!   [`Object::has_field`] when called; `obj(**kw)` is [`Object::with_fields`]; `obj % d` is
//!   [`Object::percent`]. Methods (`bind`, `in_scope`, `interpolate`, `check`, `find`, `get`,
//!   `unwrap`) map one to one. `Empty` is [`PyValue::Empty`], and a field accessor returns
//!   `None` for it.
//! - Dicts passed in ([`PyValue::Dict`]) list entries in the order Python iterates them
//!   (pystachio iterates them to build maps and structs); `crate::py2hash` reproduces
//!   CPython 2.7's order where pystachio builds dicts and sets of its own. Lists and tuples are both
//!   [`PyValue::List`], and print as lists.
//! - Errors are [`Error`]s whose [`ErrorKind`] says which Python exception to raise, with
//!   pystachio's message. Nothing here panics on user input; interpolation has a depth limit
//!   and a step budget.
//! - Floats become text with Python 2's `str()`: [`python2_float_str`].

#![warn(missing_docs)]

mod basic;
mod check;
mod choice;
mod containers;
mod ctx;
mod environment;
mod error;
mod float;
mod mustache;
mod naming;
mod object;

mod pyvalue;
mod scope;
mod serialize;
mod struct_type;
mod structs;
mod types;

pub use check::{render_path, PathStep, TypeCheck};
pub use environment::{EnvValue, Environment};
pub use error::{Error, ErrorKind, Result};
pub use float::{python2_float_repr, python2_float_str};
pub use mustache::{split as split_mustache, Piece};
pub use naming::{Component, Ref};
pub use object::{Kwarg, Object, StructAttr};
pub use pyvalue::{py2_str_repr, PyValue};
pub use struct_type::{Field, FieldSpec, StructType};
pub use types::{Type, TypeKind};

/// `MustacheParser.resolve(text, *scopes)`: interpolates `text` in environments, returning the
/// result and the refs left unbound (in order, repeats included).
pub fn resolve_mustache(text: &str, scopes: &[Environment]) -> Result<(String, Vec<Ref>)> {
    let scopes = scope::Scopes::of(scopes.iter().cloned().map(scope::Scope::Env).collect());
    mustache::resolve(text, &scopes, &mut ctx::Ctx::new())
}

/// `MustacheParser.join(pieces, *scopes)`: substitutes what the environments name, once.
pub fn join_mustache(pieces: &[Piece], scopes: &[Environment]) -> Result<(String, Vec<Ref>)> {
    let scopes = scope::Scopes::of(scopes.iter().cloned().map(scope::Scope::Env).collect());
    mustache::join(pieces, &scopes, &mut ctx::Ctx::new())
}
