//! Evaluates `.aurora` files and compiles the jobs they define.
//!
//! `eval` runs the Python 2.7 subset configs are written in; `pystachio` is the templating
//! object model (typed Structs, scopes, `{{mustache}}` interpolation) and knows nothing of
//! the evaluator. `bridge` joins the two: Pystachio types and objects as evaluator values,
//! the native Pystachio names, and the prelude (the Aurora schema from `aurora-stdlib`,
//! evaluated once per thread). `config` loads a config file as the Aurora client does and
//! lists its jobs; `analysis` is what an editor shows about a buffer. This crate never talks to a scheduler: it produces values and
//! diagnostics.

pub mod analysis;
pub mod bridge;
pub mod config;
pub mod containers;
pub mod eval;
pub mod job;
pub mod py2hash;
pub mod pystachio;
mod suggest;
pub mod value;
