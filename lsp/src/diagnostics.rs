//! Diagnostics as the user types: each buffer is evaluated and its jobs compiled on one
//! dedicated thread (the evaluator's values are `Rc`, never shared with the async runtime;
//! only strings cross), after a pause in typing, and only for its newest version.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aurora_compiler::analysis::{analyze_with, Analysis, AnalysisOptions};
use aurora_compiler::config::{getuser, password_database_user, LoadOptions};
use aurora_compiler::eval::{Interrupt, Output};
use aurora_compiler::job::{CompileOptions, Tiers};
use aurora_dsl::Severity;
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};

use crate::document::Evaluated;
use crate::line_index::LineIndex;

/// How long typing must pause before a buffer is evaluated.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// The options buffers are analysed with: as `aurora config check` does, with this
/// process's environment, `print` output captured.
pub fn analysis_options() -> AnalysisOptions {
    let env: BTreeMap<String, String> = std::env::vars().collect();
    // The owner only appears in the compiled job, never in a diagnostic: when no user can
    // be found (where `config check` stops), the editor still checks the jobs.
    let user = getuser(&env).unwrap_or_else(|| "aurora".to_string());
    AnalysisOptions {
        load: LoadOptions {
            env,
            user: password_database_user(),
            output: Output::Capture,
            ..LoadOptions::default()
        },
        compile: CompileOptions {
            user,
            tiers: Tiers::default(),
        },
    }
}

/// Evaluates `text` as the file at `path`: its LSP diagnostics, and what hovers show.
pub fn analyze_buffer(
    path: &Path,
    text: &str,
    version: i32,
    options: &AnalysisOptions,
) -> (Vec<lsp::Diagnostic>, Evaluated) {
    let mut found = Vec::new();
    let evaluated = analyze_buffer_with(path, text, version, options, |diagnostics| {
        found = diagnostics;
    });
    (found, evaluated)
}

/// [`analyze_buffer`], handing the diagnostics to `on_diagnostics` as soon as they are
/// known, before what hovers show is worked out.
pub fn analyze_buffer_with(
    path: &Path,
    text: &str,
    version: i32,
    options: &AnalysisOptions,
    on_diagnostics: impl FnOnce(Vec<lsp::Diagnostic>),
) -> Evaluated {
    let index = LineIndex::new(text);
    let analysis = analyze_with(path, text, options, |analysis| {
        let diagnostics = analysis
            .diagnostics
            .iter()
            .map(|diagnostic| to_lsp(diagnostic, analysis, text, &index))
            .collect();
        on_diagnostics(diagnostics);
    });
    Evaluated {
        version,
        values: analysis.values.into_iter().collect(),
        jobs: analysis.jobs,
        summaries: analysis.summaries,
        templates: analysis.templates,
    }
}

/// One diagnostic, its primary label as the range, the others as related information.
pub fn to_lsp(
    diagnostic: &aurora_dsl::Diagnostic,
    analysis: &Analysis,
    text: &str,
    index: &LineIndex,
) -> lsp::Diagnostic {
    let primary = diagnostic.primary_span();
    let in_buffer = |span: aurora_dsl::Span| Some(span.file) == analysis.file;
    let range = if diagnostic.labels.is_empty() || !in_buffer(primary) {
        lsp::Range::default()
    } else {
        index.range(text, primary.start as usize, primary.end as usize)
    };
    let mut message = diagnostic.message.clone();
    if let Some(label) = diagnostic.labels.iter().find(|label| label.primary) {
        if !label.message.is_empty() {
            message.push_str(&format!(" ({})", label.message));
        }
    }
    if let Some(help) = &diagnostic.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    for note in &diagnostic.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .labels
        .iter()
        .filter(|label| !label.primary)
        .filter_map(|label| {
            let source = analysis.sources.file(label.span.file);
            let uri = if in_buffer(label.span) {
                None
            } else {
                Uri::from_file_path(source.path()).filter(|_| source.path().is_absolute())
            };
            let (uri, range) = match uri {
                Some(uri) => {
                    let index = LineIndex::new(source.text());
                    let range = index.range(
                        source.text(),
                        label.span.start as usize,
                        label.span.end as usize,
                    );
                    (uri, range)
                }
                None if in_buffer(label.span) => (
                    Uri::from_file_path(source.path())?,
                    index.range(text, label.span.start as usize, label.span.end as usize),
                ),
                None => return None,
            };
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, range),
                message: label.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range,
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(diagnostic.code.0.to_string())),
        source: Some("aurora".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        data: crate::actions::Fix::of(&diagnostic.message, diagnostic.help.as_deref())
            .map(|fix| fix.to_data()),
        ..lsp::Diagnostic::default()
    }
}

/// A buffer version to analyse, with the settings in effect.
pub struct Request {
    pub uri: Uri,
    pub path: PathBuf,
    pub text: String,
    pub stamp: Stamp,
    /// The `aurora.bindings` setting, as `--bind` arguments.
    pub bindings: Vec<String>,
    /// Evaluate without reading the environment or files (a buffer outside the
    /// workspace).
    pub hermetic: bool,
}

/// Which analysis of a buffer is wanted: of this version, with the settings of this
/// generation (changing the settings asks for every open buffer again).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub version: i32,
    pub settings: u64,
}

/// What the worker found for one buffer version: first its diagnostics, then what hovers
/// and lenses show.
pub enum Outcome {
    Diagnostics {
        uri: Uri,
        version: i32,
        diagnostics: Vec<lsp::Diagnostic>,
    },
    Evaluated {
        uri: Uri,
        evaluated: Evaluated,
    },
}

/// The newest analysis wanted of each open buffer: older ones are skipped or dropped.
pub type Latest = Arc<Mutex<HashMap<Uri, Stamp>>>;

/// Starts the analysis thread: it takes requests from the returned sender and hands each
/// outcome that is still current to `publish`.
pub fn spawn_worker(
    latest: Latest,
    publish: impl Fn(Outcome) + Send + 'static,
) -> std::io::Result<mpsc::Sender<Request>> {
    let (sender, receiver) = mpsc::channel::<Request>();
    std::thread::Builder::new()
        .name("aurora-analysis".into())
        // Evaluation recurses; give it room beyond its own stack budget.
        .stack_size(16 << 20)
        .spawn(move || {
            let options = analysis_options();
            let is_current = |uri: &Uri, stamp: Stamp| {
                latest
                    .lock()
                    .map(|latest| latest.get(uri) == Some(&stamp))
                    .unwrap_or(false)
            };
            while let Ok(first) = receiver.recv() {
                let mut pending: HashMap<Uri, Request> = HashMap::new();
                pending.insert(first.uri.clone(), first);
                // Wait for a pause in typing, keeping only each buffer's newest text.
                loop {
                    match receiver.recv_timeout(DEBOUNCE) {
                        Ok(request) => {
                            pending.insert(request.uri.clone(), request);
                        }
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                for (_, request) in pending {
                    if !is_current(&request.uri, request.stamp) {
                        continue;
                    }
                    let Request {
                        uri,
                        path,
                        text,
                        stamp,
                        bindings,
                        hermetic,
                    } = request;
                    let version = stamp.version;
                    // Stop evaluating once a newer version of the buffer (or new settings)
                    // has come in.
                    let mut options = options.clone();
                    options.load.bindings = bindings;
                    options.load.hermetic = hermetic;
                    let (newest, this_uri) = (Arc::clone(&latest), uri.clone());
                    options.load.interrupt = Some(Interrupt::new(move || {
                        newest
                            .lock()
                            .map(|newest| newest.get(&this_uri) != Some(&stamp))
                            .unwrap_or(false)
                    }));
                    // A newer version arrived while evaluating: its own analysis follows.
                    let evaluated =
                        analyze_buffer_with(&path, &text, version, &options, |diagnostics| {
                            if is_current(&uri, stamp) {
                                publish(Outcome::Diagnostics {
                                    uri: uri.clone(),
                                    version,
                                    diagnostics,
                                });
                            }
                        });
                    if is_current(&uri, stamp) {
                        publish(Outcome::Evaluated { uri, evaluated });
                    }
                }
            }
        })?;
    Ok(sender)
}
