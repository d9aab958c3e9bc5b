//! The `.aurora` front end: source files, tokens, the syntax tree and diagnostics.
//!
//! `parse` turns the text of one file into a [`ast::Module`] plus every syntax
//! [`Diagnostic`] it found; parsing recovers after an error so one run reports them all
//! and editors still get a tree. This crate knows nothing about evaluation, Pystachio or
//! Aurora's schema: it only knows Python's syntax (the 2.7/3 subset configs use).

pub mod ast;
pub mod diagnostic;
pub mod format;
pub mod lexer;
mod parser;
pub mod printer;
pub mod render;
pub mod scopes;
pub mod snapshot;
pub mod source_map;
pub mod token;

pub use diagnostic::{
    python_first_error, Code, Diagnostic, Label, PythonError, PythonStage, Severity,
};
pub use parser::{parse, Parsed};
pub use render::{render_human, render_json};
pub use source_map::{FileId, LineCol, SourceFile, SourceMap, Span};
