//! `aurora fmt`: formats a `.aurora` file as `ruff format` formats Python (Black style).
//!
//! The tree becomes a [`doc::Doc`] (groups, indentation, soft line breaks) which is printed
//! at 88 columns. What the tree does not hold comes from the source: parentheses the user
//! wrote, magic trailing commas, literal spellings, comments and blank lines. Every comment
//! is placed exactly once; a statement holding a comment the rules cannot place is kept as
//! written. A file with syntax errors is refused rather than mangled.

mod comprehension;
mod doc;
mod docstring;
mod expr;
mod literal;
mod parens;
mod print;
mod source;
mod stmt;
pub mod verify;

use crate::diagnostic::Diagnostic;
use crate::parser::parse;
use crate::source_map::FileId;
use source::Source;

/// How to format.
#[derive(Clone, Copy, Debug)]
pub struct FormatOptions {
    /// The line width, 88 as ruff's default.
    pub line_width: usize,
}

impl Default for FormatOptions {
    fn default() -> FormatOptions {
        FormatOptions { line_width: 88 }
    }
}

/// Why a file could not be formatted.
#[derive(Debug)]
pub enum FormatError {
    /// The file has syntax errors (these diagnostics); formatting would mangle it.
    Syntax(Vec<Diagnostic>),
}

/// Formats the text of one file.
///
/// A byte order mark and the line ending of the first line (`\r\n` or `\n`) are kept,
/// as ruff keeps them: the text is formatted without them, and they are put back.
pub fn format(text: &str, file: FileId, options: FormatOptions) -> Result<String, FormatError> {
    const BOM: &str = "\u{feff}";
    let (bom, body) = match text.strip_prefix(BOM) {
        Some(body) => (BOM, body),
        None => ("", text),
    };
    let crlf = body
        .find('\n')
        .is_some_and(|newline| body[..newline].ends_with('\r'));
    if bom.is_empty() && !crlf {
        return format_lf(text, file, options);
    }
    let normalized = if crlf {
        body.replace("\r\n", "\n")
    } else {
        body.to_string()
    };
    let out =
        format_lf(&normalized, file, options).map_err(|FormatError::Syntax(mut errors)| {
            // Positions in the text as given: after the mark, with the `\r`s.
            for label in errors.iter_mut().flat_map(|error| error.labels.iter_mut()) {
                let shift = |offset: u32| {
                    let lf_offset = offset as usize;
                    let carriage_returns = if crlf {
                        normalized[..lf_offset.min(normalized.len())]
                            .matches('\n')
                            .count()
                    } else {
                        0
                    };
                    (lf_offset + carriage_returns + bom.len()) as u32
                };
                label.span.start = shift(label.span.start);
                label.span.end = shift(label.span.end);
            }
            FormatError::Syntax(errors)
        })?;
    let out = if crlf { out.replace('\n', "\r\n") } else { out };
    Ok(format!("{bom}{out}"))
}

/// [`format`] of a text with `\n` line endings and no byte order mark.
fn format_lf(text: &str, file: FileId, options: FormatOptions) -> Result<String, FormatError> {
    let parsed = parse(text, file);
    // Python 3 syntax and errors Python finds after parsing leave a whole tree to format.
    if !parsed.tree_complete {
        let errors = parsed
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        return Err(FormatError::Syntax(errors));
    }
    let src = Source::new(text, file);
    let formatter = Formatter::new(&src);
    let mut document = formatter.module(&parsed.module);
    doc::propagate_breaks(&mut document);
    let mut out = doc::print(&document, options.line_width);
    let trimmed = out.trim_end_matches(['\n', ' ']).len();
    out.truncate(trimmed);
    if !out.is_empty() {
        out.push('\n');
    }
    Ok(out)
}

/// The state of formatting one file.
pub(crate) struct Formatter<'a> {
    src: &'a Source<'a>,
    /// Set while building call arguments: their items get a group of their own.
    nested_group: std::cell::Cell<bool>,
    /// Which body the next block is (set before a class's or function's).
    suite_next: std::cell::Cell<stmt::Suite>,
    /// Set while building a layout where no bracket encloses the expression: its operator
    /// chains may not break (ruff's `in_parentheses_only` line breaks).
    outside_brackets: std::cell::Cell<bool>,
    /// Set while building a call's lone parenthesized argument: the closing parenthesis
    /// of the call, up to which the argument's parentheses take the comments after it.
    lone_argument_close: std::cell::Cell<Option<usize>>,
}

impl Formatter<'_> {
    fn new<'a>(src: &'a Source<'a>) -> Formatter<'a> {
        Formatter {
            src,
            nested_group: std::cell::Cell::new(false),
            suite_next: std::cell::Cell::new(stmt::Suite::Other),
            outside_brackets: std::cell::Cell::new(false),
            lone_argument_close: std::cell::Cell::new(None),
        }
    }

    /// Three documents for the same source, built in different layouts: each takes the
    /// same comments.
    fn layouts3(
        &self,
        first: impl FnOnce() -> doc::Doc,
        second: impl FnOnce() -> doc::Doc,
        third: impl FnOnce() -> doc::Doc,
    ) -> [doc::Doc; 3] {
        let before = self.src.used_snapshot();
        let mut union = before.clone();
        let mut build = |make: &mut dyn FnMut() -> doc::Doc| {
            self.src.set_used(before.clone());
            let doc = make();
            for (all, now) in union.iter_mut().zip(self.src.used_snapshot()) {
                *all |= now;
            }
            doc
        };
        let mut first = Some(first);
        let mut second = Some(second);
        let mut third = Some(third);
        let docs = [
            build(&mut || (first.take().expect("built once"))()),
            build(&mut || (second.take().expect("built once"))()),
            build(&mut || (third.take().expect("built once"))()),
        ];
        self.src.set_used(union);
        docs
    }

    /// `build` with `outside_brackets` set to `outside`.
    fn with_brackets<T>(&self, outside: bool, build: impl FnOnce() -> T) -> T {
        let before = self.outside_brackets.replace(outside);
        let built = build();
        self.outside_brackets.set(before);
        built
    }
}
