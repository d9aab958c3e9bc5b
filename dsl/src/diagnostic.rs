//! The one diagnostic type every stage reports problems with.
//!
//! Renderers live in `render.rs`: for terminals (through ariadne) and as JSON (for CI).

use crate::source_map::Span;

/// How bad a diagnostic is.
#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A stable diagnostic code, such as `E0001`, that users can search for.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct Code(pub &'static str);

/// The codes the front end reports.
pub mod codes {
    use super::Code;

    /// The parser met a token it cannot use here.
    pub const SYNTAX: Code = Code("E0001");
    /// A string literal runs to the end of its line or of the file.
    pub const UNTERMINATED_STRING: Code = Code("E0002");
    /// A bracket is never closed, or a closing bracket matches nothing.
    pub const UNBALANCED_BRACKET: Code = Code("E0003");
    /// Indentation is inconsistent.
    pub const INDENTATION: Code = Code("E0004");
    /// A character that no Python token starts with.
    pub const INVALID_CHARACTER: Code = Code("E0005");
    /// A malformed number literal.
    pub const INVALID_NUMBER: Code = Code("E0006");
    /// A malformed escape sequence inside a string.
    pub const INVALID_ESCAPE: Code = Code("E0007");
    /// An expression that cannot be assigned to (or deleted, or bound by `for`).
    pub const INVALID_TARGET: Code = Code("E0008");
    /// Arguments or parameters in an order Python rejects.
    pub const ARGUMENT_ORDER: Code = Code("E0009");
    /// Nesting beyond what the front end accepts (brackets, indentation, expressions).
    pub const TOO_DEEP: Code = Code("E0010");
    /// Syntax that Python 2.7, which real Aurora runs configs with, does not have.
    pub const NOT_PYTHON2: Code = Code("E0011");
    /// A file the front end refuses to read at all (too large, not UTF-8).
    pub const UNREADABLE_FILE: Code = Code("E0012");
    /// Python rejects the file after parsing it: `return` outside a function, `break`
    /// outside a loop, a misplaced `from __future__` import...
    pub const COMPILE: Code = Code("E0013");
}

/// A span with a message explaining its part in the problem.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Label {
    pub span: Span,
    pub message: String,
    /// The primary label marks where the problem is; secondary ones give context.
    pub primary: bool,
}

/// How Python 2.7, which real Aurora evaluates configs with, reports a problem: the
/// exception and its message, the words a user searches for.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct PythonError {
    /// `SyntaxError`, `IndentationError`, `NameError`, a class of the config's own...
    pub exception: String,
    /// Python's own message: `invalid syntax`, `unexpected indent`...
    pub message: String,
    /// Which of CPython's passes finds it.
    pub stage: PythonStage,
    /// Where Python points when that is not the primary label (a bracket never closed is
    /// reported at the end of the file), as a byte offset.
    pub offset: Option<usize>,
}

/// CPython 2.7's passes over a file, in order. It stops at the first error of the first
/// pass that finds one, so of several errors it reports the earliest stage's first.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum PythonStage {
    /// The tokenizer and the parser.
    Parse,
    /// Building the syntax tree (`ast.c`): assignment targets, argument order.
    Ast,
    /// `from __future__` imports (`future.c`).
    Future,
    /// Scopes (`symtable.c`): `yield` outside a function, duplicate parameters.
    Symtable,
    /// Code generation (`compile.c`): `return` outside a function, `break` outside a loop.
    Compile,
    /// Running the file: an exception nothing caught.
    Run,
}

impl PythonError {
    /// A `SyntaxError` with `message`, found by the parser.
    pub fn syntax(message: impl Into<String>) -> PythonError {
        PythonError {
            exception: "SyntaxError".to_string(),
            message: message.into(),
            stage: PythonStage::Parse,
            offset: None,
        }
    }

    /// An `IndentationError` with `message`.
    pub fn indentation(message: impl Into<String>) -> PythonError {
        PythonError {
            exception: "IndentationError".to_string(),
            message: message.into(),
            stage: PythonStage::Parse,
            offset: None,
        }
    }

    /// The same error, reported by Python at byte `offset`.
    pub fn at_offset(mut self, offset: usize) -> PythonError {
        self.offset = Some(offset);
        self
    }

    /// An exception of class `exception` raised while running the file, with `str(e)`.
    pub fn raised(exception: impl Into<String>, message: impl Into<String>) -> PythonError {
        PythonError {
            exception: exception.into(),
            message: message.into(),
            stage: PythonStage::Run,
            offset: None,
        }
    }

    /// Whether Python found it before running anything (a `SyntaxError` or one of its
    /// kinds): `str(e)` then names the file and line.
    pub fn is_syntax_error(&self) -> bool {
        self.stage != PythonStage::Run
    }

    /// The same error, found by `stage`.
    pub fn at_stage(mut self, stage: PythonStage) -> PythonError {
        self.stage = stage;
        self
    }
}

/// One problem found in the user's source.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<Box<str>>,
    pub notes: Vec<String>,
    /// What Python 2.7 says of it, when it is one of Python's own errors (boxed: most
    /// diagnostics have none, and results carrying a diagnostic stay small).
    pub python: Option<Box<PythonError>>,
}

impl Diagnostic {
    /// An error whose primary label is `span` with `label`.
    pub fn error(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            labels: vec![Label {
                span,
                message: label.into(),
                primary: true,
            }],
            help: None,
            notes: Vec::new(),
            python: None,
        }
    }

    /// A warning whose primary label is `span` with `label`.
    pub fn warning(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, span, label)
        }
    }

    /// Records what Python 2.7 says of this problem.
    pub fn with_python(mut self, python: PythonError) -> Self {
        self.python = Some(Box::new(python));
        self
    }

    /// Adds a secondary label giving context.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: false,
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into().into_boxed_str());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The span of the primary label: where the problem is.
    pub fn primary_span(&self) -> Span {
        self.labels
            .iter()
            .find(|label| label.primary)
            .or(self.labels.first())
            .map(|label| label.span)
            .unwrap_or_default()
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Where Python 2.7 reports this problem: its own offset, else the primary label's.
    pub fn python_offset(&self) -> usize {
        self.python
            .as_ref()
            .and_then(|python| python.offset)
            .unwrap_or(self.primary_span().start as usize)
    }
}

/// Of a file's diagnostics, the error Python 2.7 reports (it stops at the first): the
/// earliest of the earliest stage. Errors Python would not report come last.
pub fn python_first_error(diagnostics: &[Diagnostic]) -> Option<&Diagnostic> {
    diagnostics.iter().filter(|d| d.is_error()).min_by_key(|d| {
        let stage = d.python.as_ref().map(|python| python.stage);
        (stage.is_none(), stage, d.python_offset())
    })
}
