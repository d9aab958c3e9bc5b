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
    /// The failures after this one, when every failure was asked for (`Object::check_all`);
    /// pystachio itself stops at the first.
    pub more: Vec<TypeCheck>,
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
            more: Vec::new(),
        }
    }

    /// `TypeCheck.failure(message)`.
    pub fn failure(message: impl Into<String>) -> TypeCheck {
        TypeCheck {
            ok: false,
            message: message.into(),
            origin: None,
            path: Vec::new(),
            more: Vec::new(),
        }
    }

    /// This failure (and those after it) seen from one level up: `step` leads to the value
    /// that failed, `wrap` turns its message into the parent's.
    pub(crate) fn under(
        mut self,
        step: PathStep,
        wrap: impl Fn(&str) -> String,
        origin: Option<Span>,
    ) -> TypeCheck {
        self.path.insert(0, step.clone());
        self.message = wrap(&self.message);
        self.origin = self.origin.or(origin);
        for later in &mut self.more {
            later.path.insert(0, step.clone());
            later.message = wrap(&later.message);
            later.origin = later.origin.or(origin);
        }
        self
    }

    /// Adds `later` (and the failures it carries) after this failure's.
    fn then(&mut self, mut later: TypeCheck) {
        let more = std::mem::take(&mut later.more);
        self.more.push(later);
        self.more.extend(more);
    }

    pub(crate) fn at(mut self, origin: Option<Span>) -> TypeCheck {
        self.origin = self.origin.or(origin);
        for later in &mut self.more {
            later.origin = later.origin.or(origin);
        }
        self
    }
}

/// Gathers the failures of a composite's parts in order: only the first, as pystachio does,
/// or every one when the context asks for that.
#[derive(Default)]
pub(crate) struct Failures(Option<TypeCheck>);

impl Failures {
    /// Records the failure of one part, already seen from the composite.
    pub(crate) fn record(&mut self, failure: TypeCheck) {
        match &mut self.0 {
            None => self.0 = Some(failure),
            Some(first) => first.then(failure),
        }
    }

    /// Whether a failure was recorded: an error raised after one ends the collecting
    /// quietly, since pystachio would have stopped before reaching it.
    pub(crate) fn any(&self) -> bool {
        self.0.is_some()
    }

    pub(crate) fn finish(self) -> TypeCheck {
        self.0.unwrap_or_else(TypeCheck::success)
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
