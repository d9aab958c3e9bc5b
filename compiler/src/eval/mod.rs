//! The evaluator: runs a `.aurora` file (Python 2.7, the subset configs use) and returns
//! its global namespace.
//!
//! Evaluation is deterministic and bounded: the environment and the user name come from
//! [`EvalOptions`] (never from the process), every read of them or of a file is recorded
//! in an [`Access`] log (and refused when `hermetic`), and [`Limits`] bound the steps,
//! the recursion, and the size of what a config may build. Pystachio values reach the
//! evaluator only through the prelude, as [`crate::value::Foreign`] values.
//!
//! Dicts and sets iterate in CPython 2.7's hash-table order, and keyword arguments reach a
//! callee in the order CPython would pass them (see `crate::containers` and
//! `call::Keywords`); objects CPython hashes by address get one fixed hash.
//!
//! Where this evaluator knowingly differs from CPython 2.7:
//! - generator expressions are evaluated eagerly into an iterator (no `yield` anyway);
//! - iterating a dict snapshots its keys instead of failing when it changes size;
//! - a non-ASCII byte string is indexed and measured by characters, not bytes;
//! - where CPython 2 orders unrelated objects by memory address, they compare equal, so
//!   sorting stays deterministic; `repr` of functions and objects shows no address;
//! - limits (steps, recursion, sizes) end the evaluation and cannot be caught by `except`.

/// A `BuiltinFn` table entry.
macro_rules! builtin {
    ($name:literal, $func:path) => {
        $crate::value::BuiltinFn {
            name: $name,
            func: $func,
        }
    };
}

pub(crate) mod assign;
pub(crate) mod builtins;
pub(crate) mod builtins_more;
pub(crate) mod call;
pub(crate) mod class;
pub(crate) mod codecs;
pub(crate) mod compare;
pub mod errors;
pub(crate) mod exec;
pub(crate) mod expr;
pub(crate) mod format;
pub(crate) mod hashlib;
pub(crate) mod include;
pub(crate) mod interp;
pub(crate) mod iter;
pub(crate) mod json;
pub(crate) mod methods;
pub(crate) mod methods_containers;
pub(crate) mod methods_str;
pub(crate) mod modules;
pub(crate) mod number;
pub(crate) mod ops;
pub(crate) mod printf;
pub mod read_file;
pub(crate) mod repr;
pub(crate) mod scope;
pub(crate) mod stdlib;
pub(crate) mod stmt;
pub(crate) mod subscript;
pub(crate) mod template;
pub(crate) mod textwrap;
pub(crate) mod types;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::Rc;

use aurora_dsl::{ast, Diagnostic, FileId, SourceMap, Span};

pub use errors::{ExcType, Fatal, LimitKind, PyException, TraceFrame};
pub use interp::Interpreter;

/// The environment variables Python's `getpass.getuser()` tries, in order, before it asks
/// the password database.
pub const USER_VARIABLES: [&str; 4] = ["LOGNAME", "USER", "LNAME", "USERNAME"];

use crate::value::{Globals, Namespace, Value};

/// Bounds on what one evaluation may do; exceeding one is an error naming it.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Evaluation steps (roughly: expressions and statements evaluated).
    pub max_steps: u64,
    /// Nested calls of Python functions.
    pub max_call_depth: usize,
    /// Native stack the evaluator may use below its entry point, in bytes.
    pub max_stack_bytes: usize,
    /// Elements of one list, tuple, dict, set or materialised range.
    pub max_collection_len: usize,
    /// Bytes of one string.
    pub max_str_bytes: usize,
    /// Bytes of strings and collections built over the whole evaluation.
    pub max_alloc_bytes: u64,
    /// Bits of one integer.
    pub max_int_bits: u64,
    /// Nested `include()`s.
    pub max_include_depth: usize,
    /// `include()`s over the whole evaluation (a fan-out of includes multiplies fast).
    pub max_includes: usize,
    /// Bytes of all included files together.
    pub max_included_bytes: usize,
    /// Bytes of one file read by `include()` or `open()`.
    pub max_file_bytes: usize,
    /// Bytes `print` may write; the rest is cut off with a notice.
    pub max_output_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_steps: 10_000_000,
            max_call_depth: 200,
            max_stack_bytes: 1 << 20,
            max_collection_len: 1_000_000,
            max_str_bytes: 16 << 20,
            max_alloc_bytes: 512 << 20,
            max_int_bits: 1 << 16,
            max_include_depth: 32,
            max_includes: 1_000,
            max_included_bytes: 64 << 20,
            max_file_bytes: 16 << 20,
            max_output_bytes: 1 << 20,
        }
    }
}

/// Where `print` statements write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Output {
    /// To the process's standard error (as the Aurora client shows config output).
    #[default]
    Stderr,
    /// Into [`Evaluation::printed`].
    Capture,
}

/// A way to stop an evaluation from outside, e.g. when an editor's buffer changed again and
/// the result would be thrown away: asked every few thousand steps.
#[derive(Clone)]
pub struct Interrupt(std::sync::Arc<dyn Fn() -> bool + Send + Sync>);

impl Interrupt {
    /// Stops the evaluation once `requested` returns true.
    pub fn new(requested: impl Fn() -> bool + Send + Sync + 'static) -> Interrupt {
        Interrupt(std::sync::Arc::new(requested))
    }

    /// Whether the evaluation should stop now.
    pub fn requested(&self) -> bool {
        (self.0)()
    }
}

impl std::fmt::Debug for Interrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Interrupt")
    }
}

/// How to evaluate a file.
#[derive(Clone, Default)]
pub struct EvalOptions {
    pub limits: Limits,
    /// Refuse every read of the environment, of the user name and of files (except
    /// `include()`s inside the config's directory tree).
    pub hermetic: bool,
    /// The environment `os.environ` sees (the CLI passes the process's).
    pub env: BTreeMap<String, String>,
    /// What `getpass.getuser()` returns when none of LOGNAME, USER, LNAME and USERNAME
    /// is set (Python asks the password database).
    pub user_fallback: Option<String>,
    /// The working directory `open()` resolves relative paths against; `None` means the
    /// directory of the evaluated file.
    pub cwd: Option<PathBuf>,
    pub output: Output,
    /// Names every config starts with (the Aurora schema, Pystachio types).
    pub prelude: Prelude,
    /// Stops the evaluation early when it asks to.
    pub interrupt: Option<Interrupt>,
}

/// A namespace evaluated (or assembled) once and given to many evaluations; cloning it
/// is cheap (values are shared).
///
/// Functions defined by prelude files keep the prelude's globals and the spans of the
/// prelude's [`SourceMap`]: evaluate configs with a source map that starts with the same
/// files (so errors raised inside prelude code point at the right text). A span the
/// config's source map does not hold is rendered without source, never a panic.
#[derive(Clone, Default)]
pub struct Prelude {
    names: Namespace,
}

impl Prelude {
    pub fn new() -> Prelude {
        Prelude::default()
    }

    /// Adds or replaces a name.
    pub fn insert(&mut self, name: &str, value: Value) {
        self.names.insert(name.into(), value);
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.names.get(name)
    }

    pub fn names(&self) -> &Namespace {
        &self.names
    }
}

impl From<Namespace> for Prelude {
    fn from(names: Namespace) -> Prelude {
        Prelude { names }
    }
}

/// What an [`Access`] read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccessKind {
    /// An environment variable, and whether it was set.
    Env { name: String, found: bool },
    /// The whole environment (iterating over or copying `os.environ`).
    EnvAll,
    /// A file opened for reading, and whether it existed (`false` when a hermetic
    /// evaluation refused it unopened).
    File { path: PathBuf, found: bool },
    /// A file evaluated by `include()`.
    Include { path: PathBuf, found: bool },
}

/// One read of the outside world, with the expression that made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Access {
    pub kind: AccessKind,
    pub span: Span,
}

/// The outcome of evaluating a file.
pub struct Evaluation {
    /// The module's global namespace, in definition order (prelude names first).
    pub globals: Namespace,
    /// Every read of the environment and of files, in order.
    pub access: Vec<Access>,
    /// What `print` wrote, with [`Output::Capture`].
    pub printed: String,
    /// Errors (syntax errors, the uncaught exception) and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The live namespace the file's functions read their globals from. It holds those
    /// functions, which hold it: a reference cycle that only [`release_globals`] breaks.
    ///
    /// [`release_globals`]: crate::eval::release_globals
    pub shared_globals: Globals,
}

/// Frees what an evaluation's functions and classes keep alive through their globals
/// (Python frees such cycles with its garbage collector; `Rc` cannot). Call it when no
/// function of that evaluation will run again.
pub fn release_globals(globals: &Globals) {
    if let Ok(mut namespace) = globals.try_borrow_mut() {
        // Taken out first, so values dropped here that look at the namespace find it
        // already empty rather than borrowed.
        let values = std::mem::take(&mut *namespace);
        drop(namespace);
        drop(values);
    }
}

impl Evaluation {
    /// Whether evaluation finished without errors.
    pub fn is_ok(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The namespace as a prelude for other evaluations.
    pub fn into_prelude(self) -> Prelude {
        Prelude::from(self.globals)
    }
}

/// Evaluates `file` (already in `sources`); included files are added to `sources`.
pub fn evaluate(sources: &mut SourceMap, file: FileId, options: &EvalOptions) -> Evaluation {
    let mut interpreter = Interpreter::new(sources, options.clone(), file);
    interpreter.run_main(file);
    interpreter.finish()
}

/// Runs `modules` (files of `sources` parsed before) one after the other in one namespace,
/// as [`evaluate`] runs one file; stops after the first that fails.
pub fn evaluate_parsed(
    sources: &mut SourceMap,
    modules: Vec<(FileId, ast::Module)>,
    options: &EvalOptions,
) -> Evaluation {
    let main = modules.first().map_or(FileId(0), |(file, _)| *file);
    let mut interpreter = Interpreter::new(sources, options.clone(), main);
    for (_, module) in modules {
        interpreter.run_parsed(Rc::new(module));
        if interpreter.diagnostics.iter().any(Diagnostic::is_error) {
            break;
        }
    }
    interpreter.finish()
}
