//! Runtime errors: Python exceptions as values, and their conversion to diagnostics.

use std::fmt;
use std::rc::Rc;

use aurora_dsl::{Diagnostic, PythonError, Span};

use crate::value::{Class, Value};

/// Diagnostic codes the evaluator reports.
pub mod codes {
    use aurora_dsl::diagnostic::Code;

    /// A Python exception nothing caught (`NameError`, `KeyError`, ...).
    pub const EXCEPTION: Code = Code("E0100");
    /// Python the evaluator does not run (`while`, `yield`, `exec`...).
    pub const UNSUPPORTED: Code = Code("E0101");
    /// A step, recursion, size or include-depth limit was exceeded.
    pub const LIMIT: Code = Code("E0102");
    /// A read of the environment or of a file in a hermetic evaluation.
    pub const HERMETIC: Code = Code("E0103");
    /// An `include()` that cannot be evaluated (cycle, syntax errors in the file).
    pub const INCLUDE: Code = Code("E0104");
    /// The evaluation was stopped from outside (an editor's buffer changed again).
    pub const INTERRUPTED: Code = Code("E0105");
}

/// Python 2.7's built-in exception classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExcType {
    BaseException,
    SystemExit,
    KeyboardInterrupt,
    GeneratorExit,
    Exception,
    StopIteration,
    StandardError,
    ArithmeticError,
    FloatingPointError,
    OverflowError,
    ZeroDivisionError,
    AssertionError,
    AttributeError,
    EnvironmentError,
    IOError,
    OSError,
    EOFError,
    ImportError,
    LookupError,
    IndexError,
    KeyError,
    MemoryError,
    NameError,
    UnboundLocalError,
    RuntimeError,
    NotImplementedError,
    SyntaxError,
    TypeError,
    ValueError,
    UnicodeError,
    UnicodeDecodeError,
    UnicodeEncodeError,
    Warning,
    UserWarning,
    DeprecationWarning,
    RuntimeWarning,
}

impl ExcType {
    /// Every built-in exception class, parents before children.
    pub const ALL: [ExcType; 36] = [
        ExcType::BaseException,
        ExcType::SystemExit,
        ExcType::KeyboardInterrupt,
        ExcType::GeneratorExit,
        ExcType::Exception,
        ExcType::StopIteration,
        ExcType::StandardError,
        ExcType::ArithmeticError,
        ExcType::FloatingPointError,
        ExcType::OverflowError,
        ExcType::ZeroDivisionError,
        ExcType::AssertionError,
        ExcType::AttributeError,
        ExcType::EnvironmentError,
        ExcType::IOError,
        ExcType::OSError,
        ExcType::EOFError,
        ExcType::ImportError,
        ExcType::LookupError,
        ExcType::IndexError,
        ExcType::KeyError,
        ExcType::MemoryError,
        ExcType::NameError,
        ExcType::UnboundLocalError,
        ExcType::RuntimeError,
        ExcType::NotImplementedError,
        ExcType::SyntaxError,
        ExcType::TypeError,
        ExcType::ValueError,
        ExcType::UnicodeError,
        ExcType::UnicodeDecodeError,
        ExcType::UnicodeEncodeError,
        ExcType::Warning,
        ExcType::UserWarning,
        ExcType::DeprecationWarning,
        ExcType::RuntimeWarning,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExcType::BaseException => "BaseException",
            ExcType::SystemExit => "SystemExit",
            ExcType::KeyboardInterrupt => "KeyboardInterrupt",
            ExcType::GeneratorExit => "GeneratorExit",
            ExcType::Exception => "Exception",
            ExcType::StopIteration => "StopIteration",
            ExcType::StandardError => "StandardError",
            ExcType::ArithmeticError => "ArithmeticError",
            ExcType::FloatingPointError => "FloatingPointError",
            ExcType::OverflowError => "OverflowError",
            ExcType::ZeroDivisionError => "ZeroDivisionError",
            ExcType::AssertionError => "AssertionError",
            ExcType::AttributeError => "AttributeError",
            ExcType::EnvironmentError => "EnvironmentError",
            ExcType::IOError => "IOError",
            ExcType::OSError => "OSError",
            ExcType::EOFError => "EOFError",
            ExcType::ImportError => "ImportError",
            ExcType::LookupError => "LookupError",
            ExcType::IndexError => "IndexError",
            ExcType::KeyError => "KeyError",
            ExcType::MemoryError => "MemoryError",
            ExcType::NameError => "NameError",
            ExcType::UnboundLocalError => "UnboundLocalError",
            ExcType::RuntimeError => "RuntimeError",
            ExcType::NotImplementedError => "NotImplementedError",
            ExcType::SyntaxError => "SyntaxError",
            ExcType::TypeError => "TypeError",
            ExcType::ValueError => "ValueError",
            ExcType::UnicodeError => "UnicodeError",
            ExcType::UnicodeDecodeError => "UnicodeDecodeError",
            ExcType::UnicodeEncodeError => "UnicodeEncodeError",
            ExcType::Warning => "Warning",
            ExcType::UserWarning => "UserWarning",
            ExcType::DeprecationWarning => "DeprecationWarning",
            ExcType::RuntimeWarning => "RuntimeWarning",
        }
    }

    /// The direct base class (`None` for `BaseException`).
    pub fn parent(self) -> Option<ExcType> {
        use ExcType::*;
        Some(match self {
            BaseException => return None,
            SystemExit | KeyboardInterrupt | GeneratorExit | Exception => BaseException,
            StopIteration | StandardError | Warning => Exception,
            ArithmeticError | AssertionError | AttributeError | EnvironmentError | EOFError
            | ImportError | LookupError | MemoryError | NameError | RuntimeError | SyntaxError
            | TypeError | ValueError => StandardError,
            FloatingPointError | OverflowError | ZeroDivisionError => ArithmeticError,
            IOError | OSError => EnvironmentError,
            IndexError | KeyError => LookupError,
            UnboundLocalError => NameError,
            NotImplementedError => RuntimeError,
            UnicodeError => ValueError,
            UnicodeDecodeError | UnicodeEncodeError => UnicodeError,
            UserWarning | DeprecationWarning | RuntimeWarning => Warning,
        })
    }

    /// Whether `self` is `other` or one of its subclasses.
    pub fn is_subtype_of(self, other: ExcType) -> bool {
        let mut current = Some(self);
        while let Some(kind) = current {
            if kind == other {
                return true;
            }
            current = kind.parent();
        }
        false
    }
}

/// Which limit an evaluation exceeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitKind {
    Steps,
    Recursion,
    Size,
    Memory,
    IncludeDepth,
}

/// Errors no `except` clause may catch: they end the evaluation.
#[derive(Clone, Debug)]
pub enum Fatal {
    Limit(LimitKind),
    /// Python syntax the evaluator does not run.
    Unsupported,
    /// A read forbidden by a hermetic evaluation.
    Hermetic,
    /// Stopped by its [`Interrupt`](super::Interrupt).
    Interrupted,
    /// An include that cannot be evaluated; may carry the included file's syntax errors.
    Include(Vec<Diagnostic>),
}

/// One call on the way to an exception: the function and where it was called.
#[derive(Clone, Debug)]
pub struct TraceFrame {
    pub function: Rc<str>,
    pub call_span: Span,
}

/// A raised Python exception (or a fatal evaluation error), with where it happened.
#[derive(Clone)]
pub struct PyException {
    pub exc_type: ExcType,
    /// The user-defined class raised, when it is not a built-in one.
    pub class: Option<Rc<Class>>,
    /// `str(exception)`.
    pub message: String,
    /// The exception's `args`; `None` means `(message,)` (or `()` when it is empty).
    pub args: Option<Vec<Value>>,
    /// The instance raised by `raise SomeError(...)`, kept for `except ... as e`.
    pub instance: Option<Value>,
    /// The innermost expression or statement that raised it.
    pub span: Option<Span>,
    /// Calls the exception passed through, innermost first.
    pub traceback: Vec<TraceFrame>,
    /// A "did you mean" hint.
    pub help: Option<String>,
    pub fatal: Option<Fatal>,
}

impl fmt::Debug for PyException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.class_name(), self.message)?;
        if let Some(span) = self.span {
            write!(f, " @{span:?}")?;
        }
        Ok(())
    }
}

impl PyException {
    /// A built-in exception with a message.
    pub fn new(exc_type: ExcType, message: impl Into<String>) -> Box<PyException> {
        Box::new(PyException {
            exc_type,
            class: None,
            message: message.into(),
            args: None,
            instance: None,
            span: None,
            traceback: Vec::new(),
            help: None,
            fatal: None,
        })
    }

    /// A fatal error: a limit, unsupported syntax, a hermetic violation.
    pub fn fatal(fatal: Fatal, message: impl Into<String>) -> Box<PyException> {
        let mut exception = PyException::new(ExcType::RuntimeError, message);
        exception.fatal = Some(fatal);
        exception
    }

    /// A limit was exceeded.
    pub fn limit(kind: LimitKind, message: impl Into<String>) -> Box<PyException> {
        PyException::fatal(Fatal::Limit(kind), message)
    }

    pub fn type_error(message: impl Into<String>) -> Box<PyException> {
        PyException::new(ExcType::TypeError, message)
    }

    pub fn value_error(message: impl Into<String>) -> Box<PyException> {
        PyException::new(ExcType::ValueError, message)
    }

    pub fn index_error(message: impl Into<String>) -> Box<PyException> {
        PyException::new(ExcType::IndexError, message)
    }

    pub fn attribute_error(message: impl Into<String>) -> Box<PyException> {
        PyException::new(ExcType::AttributeError, message)
    }

    /// `KeyError: key` (the message is the key's repr).
    pub fn key_error(key: Value) -> Box<PyException> {
        let message = super::repr::plain_repr(&key);
        let mut exception = PyException::new(ExcType::KeyError, message);
        exception.args = Some(vec![key]);
        exception
    }

    /// Sets the span if none is set yet (the innermost span wins).
    pub fn at(mut self: Box<Self>, span: Span) -> Box<PyException> {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }

    pub fn with_help(mut self: Box<Self>, help: impl Into<String>) -> Box<PyException> {
        self.help = Some(help.into());
        self
    }

    /// The class name users see (`KeyError`, or a user class name).
    pub fn class_name(&self) -> String {
        match &self.class {
            Some(class) => class.name.to_string(),
            None => self.exc_type.name().to_string(),
        }
    }

    /// Whether an `except` clause may catch it.
    pub fn is_catchable(&self) -> bool {
        self.fatal.is_none()
    }

    /// `Type: message` as Python prints an uncaught exception's last line.
    pub fn headline(&self) -> String {
        if self.fatal.is_some() {
            return self.message.clone();
        }
        if self.message.is_empty() {
            self.class_name()
        } else {
            format!("{}: {}", self.class_name(), self.message)
        }
    }

    /// The diagnostic for an exception that ended the evaluation.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let code = match &self.fatal {
            None => codes::EXCEPTION,
            Some(Fatal::Unsupported) => codes::UNSUPPORTED,
            Some(Fatal::Limit(_)) => codes::LIMIT,
            Some(Fatal::Hermetic) => codes::HERMETIC,
            Some(Fatal::Interrupted) => codes::INTERRUPTED,
            Some(Fatal::Include(_)) => codes::INCLUDE,
        };
        let span = self.span.unwrap_or_default();
        let mut diagnostic = Diagnostic::error(code, self.headline(), span, self.label());
        if self.fatal.is_none() {
            diagnostic = diagnostic
                .with_python(PythonError::raised(self.class_name(), self.message.clone()));
        }
        // Each call site once (recursion repeats them), innermost first.
        const SHOWN_FRAMES: usize = 4;
        let mut shown: Vec<Span> = Vec::new();
        for frame in &self.traceback {
            if shown.len() == SHOWN_FRAMES {
                break;
            }
            if frame.call_span == span || shown.contains(&frame.call_span) {
                continue;
            }
            shown.push(frame.call_span);
            diagnostic = diagnostic.with_label(
                frame.call_span,
                format!("in this call to `{}`", frame.function),
            );
        }
        if self.traceback.len() > SHOWN_FRAMES {
            diagnostic = diagnostic.with_note(format!(
                "{} calls led here; the innermost distinct ones are shown",
                self.traceback.len()
            ));
        }
        if let Some(help) = &self.help {
            diagnostic = diagnostic.with_help(help.clone());
        }
        diagnostic
    }

    fn label(&self) -> String {
        match &self.fatal {
            Some(Fatal::Limit(_)) => "limit exceeded here".into(),
            Some(Fatal::Unsupported) => "not supported".into(),
            Some(Fatal::Hermetic) => "read here".into(),
            Some(Fatal::Interrupted) => "stopped here".into(),
            Some(Fatal::Include(_)) => "included here".into(),
            None => format!("{} raised here", self.class_name()),
        }
    }

    /// Diagnostics this error carries besides its own (an included file's syntax errors).
    pub fn nested_diagnostics(&self) -> &[Diagnostic] {
        match &self.fatal {
            Some(Fatal::Include(diagnostics)) => diagnostics,
            _ => &[],
        }
    }
}

pub use crate::suggest::closest_name;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exception_hierarchy_follows_python_2() {
        assert!(ExcType::KeyError.is_subtype_of(ExcType::LookupError));
        assert!(ExcType::KeyError.is_subtype_of(ExcType::StandardError));
        assert!(ExcType::IOError.is_subtype_of(ExcType::EnvironmentError));
        assert!(!ExcType::KeyError.is_subtype_of(ExcType::ValueError));
        assert!(!ExcType::SystemExit.is_subtype_of(ExcType::Exception));
    }

    #[test]
    fn closest_name_finds_typos() {
        let names = ["cluster", "role", "environment"];
        assert_eq!(
            closest_name("clustr", names.iter().copied()),
            Some("cluster".into())
        );
        assert_eq!(closest_name("zzz", names.iter().copied()), None);
        // Four letters longer is not four edits away.
        assert_eq!(
            closest_name("undefined_task", ["Constraint"].into_iter()),
            None
        );
    }
}
