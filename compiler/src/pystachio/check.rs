//! `TypeCheck`: the result of `check()`.

use std::fmt;

use aurora_dsl::Span;

/// Whether an object type-checks, and pystachio's message when it does not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeCheck {
    /// True when the check passed.
    pub ok: bool,
    /// pystachio's message; empty on success.
    pub message: String,
    /// Where the innermost failing value was written, when the evaluator recorded it.
    pub origin: Option<Span>,
    /// Where the failing value sits inside the checked object, outermost step first.
    pub path: Vec<PathStep>,
}

/// One step from an object to a value inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathStep {
    /// A struct field.
    Field(String),
    /// A list element, by position.
    Index(usize),
    /// A map entry, by the key's text.
    Key(String),
}

/// Renders a path as `.task.processes[1].cmdline` (empty for the object itself).
pub fn render_path(path: &[PathStep]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            PathStep::Field(name) => {
                out.push('.');
                out.push_str(name);
            }
            PathStep::Index(i) => out.push_str(&format!("[{i}]")),
            PathStep::Key(key) => out.push_str(&format!("[{key:?}]")),
        }
    }
    out
}

impl TypeCheck {
    /// `TypeCheck.success()`.
    pub fn success() -> TypeCheck {
        TypeCheck {
            ok: true,
            message: String::new(),
            origin: None,
            path: Vec::new(),
        }
    }

    /// `TypeCheck.failure(message)`.
    pub fn failure(message: impl Into<String>) -> TypeCheck {
        TypeCheck {
            ok: false,
            message: message.into(),
            origin: None,
            path: Vec::new(),
        }
    }

    /// This failure seen from one level up: `step` leads to the value that failed.
    pub(crate) fn under(
        mut self,
        step: PathStep,
        message: String,
        origin: Option<Span>,
    ) -> TypeCheck {
        self.path.insert(0, step);
        self.message = message;
        self.origin = self.origin.or(origin);
        self
    }

    pub(crate) fn at(mut self, origin: Option<Span>) -> TypeCheck {
        if self.origin.is_none() {
            self.origin = origin;
        }
        self
    }
}

impl fmt::Display for TypeCheck {
    /// `repr(TypeCheck)`: `TypeCheck(OK)` or `TypeCheck(FAILED): message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ok {
            f.write_str("TypeCheck(OK)")
        } else {
            write!(f, "TypeCheck(FAILED): {}", self.message)
        }
    }
}
