//! Errors raised by the object model, carrying pystachio's own message texts.

/// Which Python exception pystachio (or Python itself) raises for this error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `Object.CoercionError`, a `ValueError`: a value cannot become the requested type.
    Coercion,
    /// `ValueError`.
    Value,
    /// `AttributeError`, e.g. an unknown struct field.
    Attribute,
    /// `TypeError`.
    Type,
    /// `KeyError` (the message is shown unquoted here; Python prints its repr).
    Key,
    /// `IndexError`.
    Index,
    /// `OverflowError`, or an integer outside the 64-bit range this model supports.
    Overflow,
    /// `AssertionError` from pystachio's argument checks.
    Assertion,
    /// `Ref.InvalidRefError`: a malformed `{{mustache}}` reference.
    InvalidRef,
    /// `MustacheParser.Uninterpolatable`: replacements did not settle.
    Uninterpolatable,
    /// `Namable.NotFound`.
    NotFound,
    /// `Namable.NamingError`: dereferenced the wrong way (`.x` on a list).
    Naming,
    /// `Namable.Unnamable`: dereferenced into a value that has no names.
    Unnamable,
    /// Python's `RuntimeError` for runaway recursion; here a fixed depth limit.
    Recursion,
    /// The interpolation step budget ran out (protects against exponential templates).
    Budget,
}

impl ErrorKind {
    /// The Python class name of the exception, as a traceback would show it.
    pub fn python_class(self) -> &'static str {
        match self {
            ErrorKind::Coercion => "CoercionError",
            ErrorKind::Value => "ValueError",
            ErrorKind::Attribute => "AttributeError",
            ErrorKind::Type => "TypeError",
            ErrorKind::Key => "KeyError",
            ErrorKind::Index => "IndexError",
            ErrorKind::Overflow => "OverflowError",
            ErrorKind::Assertion => "AssertionError",
            ErrorKind::InvalidRef => "InvalidRefError",
            ErrorKind::Uninterpolatable => "Uninterpolatable",
            ErrorKind::NotFound => "NotFound",
            ErrorKind::Naming => "NamingError",
            ErrorKind::Unnamable => "Unnamable",
            ErrorKind::Recursion => "RuntimeError",
            ErrorKind::Budget => "RuntimeError",
        }
    }
}

/// An error from the object model: its kind and pystachio's message text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct Error {
    kind: ErrorKind,
    message: Message,
    /// A hint beyond pystachio's message ("did you mean `cpu`?").
    help: Option<String>,
    /// Where the value at fault was written, when more precise than the call.
    span: Option<aurora_dsl::Span>,
}

/// The text of an error, or what it is made of: a lookup misses once per scope searched,
/// and almost every miss is caught and ignored, so its message is only written if read.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Message {
    Text(String),
    /// `Could not find {action} in object {class}`.
    NotFound {
        action: Option<super::naming::Component>,
        class: std::borrow::Cow<'static, str>,
    },
}

impl Error {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: Message::Text(message.into()),
            help: None,
            span: None,
        }
    }

    /// The same error with a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Error {
        self.help = Some(help.into());
        self
    }

    /// The same error, pointing at `span` if it is known.
    pub fn at(mut self, span: Option<aurora_dsl::Span>) -> Error {
        self.span = self.span.or(span);
        self
    }

    /// The hint, if any.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// Where the value at fault was written, if known.
    pub fn span(&self) -> Option<aurora_dsl::Span> {
        self.span
    }

    /// Which Python exception this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// `Namable.NotFound(obj, ref)`: `ref`'s first component is not in `class`.
    pub(crate) fn not_found(
        class: impl Into<std::borrow::Cow<'static, str>>,
        r: &super::naming::Ref,
    ) -> Error {
        Error {
            kind: ErrorKind::NotFound,
            message: Message::NotFound {
                action: r.action().cloned(),
                class: class.into(),
            },
            help: None,
            span: None,
        }
    }

    /// The message, exactly as pystachio formats it.
    pub fn message(&self) -> std::borrow::Cow<'_, str> {
        match &self.message {
            Message::Text(text) => std::borrow::Cow::Borrowed(text),
            Message::NotFound { action, class } => {
                let action = action.as_ref().map_or("", |a| a.value());
                std::borrow::Cow::Owned(format!("Could not find {action} in object {class}"))
            }
        }
    }

    /// True for errors Python code catches with `except ValueError`.
    pub fn is_value_error(&self) -> bool {
        matches!(self.kind, ErrorKind::Coercion | ErrorKind::Value)
    }

    /// True for `Namable.Error` subclasses, which lookups swallow and move past.
    pub(crate) fn is_naming(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::NotFound | ErrorKind::Naming | ErrorKind::Unnamable
        )
    }

    pub(crate) fn coercion(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Coercion, message)
    }

    pub(crate) fn value(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Value, message)
    }

    pub(crate) fn attribute(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Attribute, message)
    }

    pub(crate) fn type_error(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Type, message)
    }

    pub(crate) fn invalid_ref(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidRef, message)
    }

    pub(crate) fn assertion(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Assertion, message)
    }
}

/// Results of the object model.
pub type Result<T, E = Error> = std::result::Result<T, E>;
