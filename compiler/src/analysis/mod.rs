//! Analysis for editors: everything `aurora config check` finds in one config, computed from
//! an editor's buffer rather than the file on disk, and reported against that buffer only.
//!
//! [`analyze`] evaluates the text as if it were the file at a path (so `include()`s resolve
//! as they would on disk), compiles every job of its `jobs` list as `aurora job create`
//! would, and returns what an editor shows: the diagnostics (problems of included files
//! attached to the `include()` call that brought them in), the `repr` of each module-level
//! value, the job keys, each job's processes, and every template string as its job (or
//! module-level value) expands it. The result holds no evaluator value (those are `Rc`),
//! so it can leave the thread that computed it.

use std::path::{Path, PathBuf};

use aurora_dsl::{Diagnostic, FileId, Label, SourceMap, Span};

use crate::config::{list_jobs, load_text, LoadOptions, Loaded};
use crate::eval::AccessKind;
use crate::job::{compile_each, CompileOptions};
use crate::pystachio::Object;

mod templates;

pub use templates::{JobSummary, Owner, Template};

/// Longest `repr` kept for one module-level value (hovers show it; Jobs can be huge).
const MAX_REPR_CHARS: usize = 2_000;

/// How a buffer is analysed: how it is loaded, and how its jobs are compiled.
#[derive(Clone, Debug)]
pub struct AnalysisOptions {
    pub load: LoadOptions,
    pub compile: CompileOptions,
}

/// What an editor shows about one config.
#[derive(Debug)]
pub struct Analysis {
    /// The config and every file it included (the schema files first).
    pub sources: SourceMap,
    /// The analysed buffer inside `sources`, when it could be added.
    pub file: Option<FileId>,
    /// Every problem, each with its primary label inside the buffer (or no label at all,
    /// for problems of the run as a whole).
    pub diagnostics: Vec<Diagnostic>,
    /// The module-level names the config defined (or included), with the `repr` of each.
    pub values: Vec<(String, String)>,
    /// The key of each entry of `jobs`, in order (empty when they cannot be listed).
    pub jobs: Vec<String>,
    /// The processes of each job that could be interpolated (a key once).
    pub summaries: Vec<JobSummary>,
    /// Template strings written in the buffer, expanded: in the jobs first (in order),
    /// then in module-level values on their own.
    pub templates: Vec<Template>,
}

/// Evaluates `text` as the config at `path` and compiles each of its jobs once.
pub fn analyze(path: &Path, text: &str, options: &AnalysisOptions) -> Analysis {
    analyze_with(path, text, options, |_| {})
}

/// [`analyze`], handing the analysis to `on_diagnostics` as soon as its diagnostics are
/// known (its values, summaries and templates still empty): what hovers show costs about
/// as much again, and an editor should not wait for it to show the problems.
pub fn analyze_with(
    path: &Path,
    text: &str,
    options: &AnalysisOptions,
    on_diagnostics: impl FnOnce(&Analysis),
) -> Analysis {
    let loaded = load_text(path, Some(text.to_string()), &options.load);
    let mut diagnostics = loaded.diagnostics.clone();
    let mut jobs = Vec::new();
    let mut objects = Vec::new();
    if loaded.is_ok() {
        match list_jobs(&loaded) {
            Err(diagnostic) => diagnostics.push(diagnostic),
            Ok(keys) => {
                jobs = keys.iter().map(ToString::to_string).collect();
                let (found, compiled) = job_diagnostics(
                    &loaded,
                    &keys,
                    &options.compile,
                    options.load.interrupt.as_ref(),
                );
                diagnostics.extend(found);
                objects = compiled;
            }
        }
    }
    let diagnostics = match loaded.file {
        Some(file) => diagnostics
            .into_iter()
            .map(|diagnostic| attach_to_file(diagnostic, file, &loaded))
            .collect(),
        None => diagnostics,
    };
    // `Loaded` releases the evaluation's globals when dropped: take the source map out by
    // rebuilding it (the files are shared `Arc`s, so this copies no text).
    let mut sources = SourceMap::new();
    for (_, source) in loaded.sources.files() {
        sources.add(source.path(), source.shared_text());
    }
    let mut analysis = Analysis {
        sources,
        file: loaded.file,
        diagnostics,
        values: Vec::new(),
        jobs,
        summaries: Vec::new(),
        templates: Vec::new(),
    };
    on_diagnostics(&analysis);

    let mut collector = templates::Collector::default();
    let own = own_globals(&loaded);
    if let Some(file) = loaded.file {
        for (key, written, held) in &objects {
            collector.job(key, written, held, file);
        }
        module_templates(&own, file, &mut collector);
    }
    analysis.values = values_of(&own);
    analysis.summaries = collector.summaries;
    analysis.templates = collector.templates;
    analysis
}

/// Compiles each job once (see [`compile_each`]); also returns each job as written and as
/// the client holds it (as written again when it does not compile).
fn job_diagnostics(
    loaded: &Loaded,
    keys: &[crate::config::JobKey],
    options: &CompileOptions,
    interrupt: Option<&crate::eval::Interrupt>,
) -> (Vec<Diagnostic>, Vec<(String, Object, Object)>) {
    // Where `jobs` is assigned costs a parse: find it once, and only if an error needs it.
    let site = std::cell::OnceCell::new();
    let fallback = || *site.get_or_init(|| crate::config::jobs_site(loaded));
    let mut diagnostics = Vec::new();
    let mut objects = Vec::new();
    for outcome in compile_each(loaded, keys, options, interrupt) {
        diagnostics.extend(outcome.diagnostics(fallback));
        if let Some(job) = outcome.written {
            let held = match outcome.result {
                Ok(compiled) => compiled.raw,
                Err(_) => job.clone(),
            };
            objects.push((outcome.key.to_string(), job, held));
        }
    }
    (diagnostics, objects)
}

/// The templates of the config's own module-level pystachio objects (not `jobs`: its
/// entries were expanded as jobs).
fn module_templates(
    own: &[(&str, &crate::value::Value)],
    file: FileId,
    collector: &mut templates::Collector,
) {
    for (name, value) in own {
        if *name == "jobs" {
            continue;
        }
        if let Some(object) = crate::bridge::as_object(value) {
            collector.value(name, &object, file);
        }
    }
}

/// The names the config added to the prelude's, with their `repr`s.
fn values_of(own: &[(&str, &crate::value::Value)]) -> Vec<(String, String)> {
    own.iter()
        .map(|(name, value)| {
            let mut repr = crate::eval::repr::plain_repr(value);
            if let Some((cut, _)) = repr.char_indices().nth(MAX_REPR_CHARS) {
                repr.truncate(cut);
                repr.push_str("...");
            }
            (name.to_string(), repr)
        })
        .collect()
}

/// The module-level names the config defined (or included) itself: not the prelude's,
/// not `__dunder__`s.
fn own_globals(loaded: &Loaded) -> Vec<(&str, &crate::value::Value)> {
    let prelude = crate::bridge::prelude::prelude().ok();
    loaded
        .globals
        .iter()
        .filter(|(name, _)| {
            !name.starts_with("__")
                && prelude
                    .as_ref()
                    .is_none_or(|prelude| prelude.get(name).is_none())
        })
        .map(|(name, value)| (&**name, value))
        .collect()
}

/// Moves the primary label of `diagnostic` into `file`: a problem inside an included file
/// goes to the `include()` call that brought it in (naming the file), one inside the schema
/// to the first label in `file` (the call into it), any other to the start of `file`.
fn attach_to_file(mut diagnostic: Diagnostic, file: FileId, loaded: &Loaded) -> Diagnostic {
    let primary = diagnostic.primary_span();
    if diagnostic.labels.is_empty() || primary.file == file {
        return diagnostic;
    }
    let target = include_site(primary.file, file, loaded)
        .map(|site| {
            let path = loaded.sources.file(primary.file).path().display();
            (site, format!("in `{path}`, included here"))
        })
        .or_else(|| {
            diagnostic
                .labels
                .iter()
                .find(|label| label.span.file == file)
                .map(|label| (label.span, label.message.clone()))
        })
        .unwrap_or_else(|| (Span::new(file, 0, 0), String::new()));
    for label in &mut diagnostic.labels {
        label.primary = false;
    }
    diagnostic.labels.insert(
        0,
        Label {
            span: target.0,
            message: target.1,
            primary: true,
        },
    );
    diagnostic
}

/// The `include()` call in `root` through which `file` was (perhaps indirectly) loaded.
fn include_site(mut file: FileId, root: FileId, loaded: &Loaded) -> Option<Span> {
    // Each step goes from an included file to the call that included it; a config cannot
    // include more files than the source map holds, so this bounds the walk.
    for _ in 0..=loaded.sources.files().count() {
        let path: PathBuf = loaded.sources.file(file).path().to_path_buf();
        let span = loaded.access.iter().find_map(|access| match &access.kind {
            AccessKind::Include { path: included, .. } if *included == path => Some(access.span),
            _ => None,
        })?;
        if span.file == root {
            return Some(span);
        }
        file = span.file;
    }
    None
}

#[cfg(test)]
mod tests;
