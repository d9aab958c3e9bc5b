//! Evaluates `.aurora` files and compiles the jobs they define.
//!
//! `pystachio` is the templating object model (typed Structs, scopes, `{{mustache}}`
//! interpolation); it knows nothing of the Python evaluator, which converts its values at
//! the boundary. This crate never talks to a scheduler: it produces values and diagnostics.

pub mod eval;
pub mod pystachio;
pub mod value;
