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
}

impl TypeCheck {
    /// `TypeCheck.success()`.
    pub fn success() -> TypeCheck {
        TypeCheck {
            ok: true,
            message: String::new(),
            origin: None,
        }
    }

    /// `TypeCheck.failure(message)`.
    pub fn failure(message: impl Into<String>) -> TypeCheck {
        TypeCheck {
            ok: false,
            message: message.into(),
            origin: None,
        }
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
