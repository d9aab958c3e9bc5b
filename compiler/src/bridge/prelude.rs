//! The namespace every config starts with: the native Pystachio names, then the Aurora and
//! Thermos schema (`aurora_stdlib::SCHEMA`) evaluated once per thread into one shared
//! namespace, public names only.
//!
//! Functions and classes of the schema keep spans into the schema files, so every
//! [`SourceMap`] a config is evaluated with starts with those files, at the same
//! [`FileId`]s: build it with [`source_map`].

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use aurora_dsl::{Diagnostic, FileId, SourceMap};

use super::natives::native_names;
use crate::eval::{self, EvalOptions, Output, Prelude};

/// The directory the schema files appear under in diagnostics.
pub const SCHEMA_DIR: &str = "<aurora-stdlib>";

fn schema_texts() -> &'static [(String, Arc<str>)] {
    static TEXTS: OnceLock<Vec<(String, Arc<str>)>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        aurora_stdlib::SCHEMA
            .iter()
            .map(|file| {
                (
                    format!("{SCHEMA_DIR}/{}", file.name),
                    Arc::from(file.source),
                )
            })
            .collect()
    })
}

/// A source map holding the schema files (and nothing else yet): add the config after
/// them, so spans inside prelude code render.
pub fn source_map() -> SourceMap {
    let mut sources = SourceMap::new();
    for (path, text) in schema_texts() {
        sources.add(path.as_str(), Arc::clone(text));
    }
    sources
}

thread_local! {
    static PRELUDE: RefCell<Option<Result<Prelude, Vec<Diagnostic>>>> =
        const { RefCell::new(None) };
}

/// The prelude, built on this thread's first call and shared afterwards (cloning it is
/// cheap). An error means the schema itself failed to evaluate: a bug of this program,
/// reported with the schema's diagnostics.
pub fn prelude() -> Result<Prelude, Vec<Diagnostic>> {
    PRELUDE.with(|cell| {
        let mut cached = cell.borrow_mut();
        cached.get_or_insert_with(build).clone()
    })
}

fn build() -> Result<Prelude, Vec<Diagnostic>> {
    let mut sources = source_map();
    let modules = aurora_stdlib::SCHEMA
        .iter()
        .enumerate()
        .map(|(index, schema_file)| {
            // Encoded by this very build of aurora-dsl (stdlib's build script).
            let module = aurora_dsl::snapshot::decode(schema_file.syntax)
                .expect("the schema's build-time syntax tree decodes");
            (FileId(index as u32), module)
        })
        .collect();
    let options = EvalOptions {
        hermetic: true,
        output: Output::Capture,
        prelude: Prelude::from(native_names()),
        ..EvalOptions::default()
    };
    let evaluation = eval::evaluate_parsed(&mut sources, modules, &options);
    if !evaluation.is_ok() {
        return Err(evaluation.diagnostics);
    }
    let names = evaluation.globals;
    let names = super::public(&names);
    for value in names.values() {
        if let crate::value::Value::Class(class) = value {
            class.frozen.set(true);
        }
    }
    Ok(Prelude::from(names))
}
