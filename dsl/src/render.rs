//! Rendering diagnostics: for people at a terminal (through ariadne) and for machines
//! (a stable JSON shape that CI jobs and editors can read).
//!
//! Both renderers take spans as they come and never panic on them: a span past the end of
//! its file is clamped to the end, and a span that splits a character is widened to whole
//! characters.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use ariadne::{Color, Config, Fmt, IndexType, Label as AriadneLabel, Report, ReportKind, Source};
use serde_json::{json, Value};

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::source_map::{FileId, SourceMap, Span};

/// A span as ariadne wants it: the file and a byte range (see `IndexType::Byte`).
type AriadneSpan = (FileId, Range<usize>);

/// Renders one diagnostic for a terminal: a `error[E0001]: message` header, the labelled
/// source lines, then the help and the notes.
///
/// With `color` false the text contains no escape sequences, so it is stable enough for
/// snapshots and logs.
pub fn render_human(diagnostic: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let mut out = header(diagnostic, color);
    let mut labels: Vec<(&Label, AriadneSpan)> = diagnostic
        .labels
        .iter()
        .filter_map(|label| Some((label, ariadne_span(sources, label.span)?)))
        .collect();
    if labels.is_empty() {
        // Nothing to show from the source (a file that could not be read, say): ariadne
        // would only draw an empty frame, so the help and notes are written here instead.
        if let Some(help) = &diagnostic.help {
            let _ = writeln!(out, "  help: {help}");
        }
        for note in &diagnostic.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        return out;
    }

    let primary_span = labels
        .iter()
        .find(|(label, _)| label.primary)
        .unwrap_or(&labels[0])
        .1
        .clone();
    // ariadne starts a new section of the same file whenever a label ends on a line above
    // the one before it; ordered by where they end (the primary label's file first), each
    // file gets one section.
    labels
        .sort_by_key(|(_, (file, range))| (*file != primary_span.0, *file, range.end, range.start));
    let config = Config::default()
        .with_index_type(IndexType::Byte)
        .with_color(color);
    let mut report = Report::build(report_kind(diagnostic.severity), primary_span)
        .with_config(config)
        .with_labels(labels.into_iter().map(|(label, span)| {
            // The primary label wins where labels overlap.
            let mut ariadne_label = AriadneLabel::new(span).with_priority(i32::from(label.primary));
            if !label.message.is_empty() {
                ariadne_label = ariadne_label.with_message(&label.message);
            }
            if color {
                ariadne_label.with_color(label_color(diagnostic.severity, label.primary))
            } else {
                ariadne_label
            }
        }));
    if let Some(help) = &diagnostic.help {
        report = report.with_help(help);
    }
    for note in &diagnostic.notes {
        report = report.with_note(note);
    }

    let mut body = Vec::new();
    // Writing into a `Vec` cannot fail; should ariadne report an error anyway, what it
    // wrote so far is still the best we can show.
    let _ = report.finish().write(SourceCache::new(sources), &mut body);
    let body = String::from_utf8_lossy(&body);
    // ariadne writes its own header line (`Error: `, no code); ours replaces it.
    let body = body.split_once('\n').map_or("", |(_, rest)| rest);
    // ariadne pads many lines with spaces; they only get in the way of logs and snapshots.
    for line in body.lines() {
        out.push_str(line.trim_end_matches(' '));
        out.push('\n');
    }
    out
}

/// `error[E0001]: message`, with the severity coloured when `color` is set.
fn header(diagnostic: &Diagnostic, color: bool) -> String {
    let tag = format!("{}[{}]:", diagnostic.severity.as_str(), diagnostic.code.0);
    let tag = if color {
        tag.fg(severity_color(diagnostic.severity)).to_string()
    } else {
        tag
    };
    format!("{tag} {}\n", diagnostic.message)
}

fn report_kind(severity: Severity) -> ReportKind<'static> {
    match severity {
        Severity::Error => ReportKind::Error,
        Severity::Warning => ReportKind::Warning,
        Severity::Note => ReportKind::Advice,
    }
}

fn severity_color(severity: Severity) -> Color {
    match severity {
        Severity::Error => Color::Red,
        Severity::Warning => Color::Yellow,
        Severity::Note => Color::Cyan,
    }
}

fn label_color(severity: Severity, primary: bool) -> Color {
    if primary {
        severity_color(severity)
    } else {
        Color::Blue
    }
}

/// The byte range ariadne gets for `span`: inside the file, on character boundaries, and
/// never reversed. `None` when the span names a file that is not in `sources`.
///
/// An empty span is widened to the character after it (or to the blank [`display_text`]
/// appends after the last one): ariadne places an empty label at the end of the line
/// before and draws no marker for it, while one character gets a marker right where the
/// span is, as rustc does for "expected `)`" at the end of a line or of the file.
fn ariadne_span(sources: &SourceMap, span: Span) -> Option<AriadneSpan> {
    let text = file_text(sources, span.file)?;
    let range = clamped_range(text, span);
    if !range.is_empty() {
        return Some((span.file, range));
    }
    let width = text[range.start..].chars().next().map_or(1, char::len_utf8);
    Some((span.file, range.start..range.start + width))
}

/// The byte range of `span` inside `text`, on character boundaries and never reversed.
fn clamped_range(text: &str, span: Span) -> Range<usize> {
    let start = floor_char_boundary(text, span.start as usize);
    let end = ceil_char_boundary(text, (span.end as usize).max(start));
    start..end
}

/// The text of `file`, or `None` for an id that does not belong to `sources`.
fn file_text(sources: &SourceMap, file: FileId) -> Option<&str> {
    sources
        .files()
        .nth(file.0 as usize)
        .map(|(_, source)| source.text())
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// Feeds ariadne the files of a [`SourceMap`], converting each one only when first shown.
struct SourceCache<'a> {
    sources: &'a SourceMap,
    converted: HashMap<FileId, Source<Arc<str>>>,
}

impl<'a> SourceCache<'a> {
    fn new(sources: &'a SourceMap) -> SourceCache<'a> {
        SourceCache {
            sources,
            converted: HashMap::new(),
        }
    }
}

/// Why ariadne could not get a file's text: the id is not from this `SourceMap`. Spans are
/// checked before they reach ariadne, so this is never returned in practice.
#[derive(Debug)]
struct UnknownFile;

impl ariadne::Cache<FileId> for SourceCache<'_> {
    type Storage = Arc<str>;

    fn fetch(&mut self, id: &FileId) -> Result<&Source<Arc<str>>, impl std::fmt::Debug> {
        if !self.converted.contains_key(id) {
            let Some((_, file)) = self.sources.files().nth(id.0 as usize) else {
                return Err(UnknownFile);
            };
            let text = display_text(file.text());
            self.converted.insert(*id, Source::from(text));
        }
        self.converted.get(id).ok_or(UnknownFile)
    }

    fn display<'b>(&self, id: &'b FileId) -> Option<impl std::fmt::Display + 'b> {
        let (_, file) = self.sources.files().nth(id.0 as usize)?;
        Some(file.path().display().to_string())
    }
}

/// The text ariadne is given for a file: the same byte offsets as the original, and a
/// blank appended so that a span at the very end has a character to point at.
///
/// ariadne starts a new line at `\r`, vertical tab, form feed and the Unicode line
/// separators; [`SourceMap`] (like the lexer) only at `\n`. So that both agree on line
/// numbers, those characters are swapped for blanks of the same UTF-8 length (ariadne
/// draws any whitespace as a space).
fn display_text(text: &str) -> Arc<str> {
    let mut display: String = text
        .chars()
        .map(|c| match c {
            '\r' | '\x0B' | '\x0C' => ' ',
            // NO-BREAK SPACE: two bytes, like U+0085.
            '\u{85}' => '\u{A0}',
            // EN SPACE: three bytes, like U+2028 and U+2029.
            '\u{2028}' | '\u{2029}' => '\u{2002}',
            c => c,
        })
        .collect();
    display.push(' ');
    display.into()
}

/// Renders diagnostics as a JSON array, one object per diagnostic.
///
/// This is a stable format for CI and other tools; fields are only ever added to it.
///
/// ```json
/// {
///   "severity": "error",           // "error" | "warning" | "note"
///   "code": "E0001",
///   "message": "unexpected `)`",
///   "file": "jobs/hello.aurora",   // the primary label's file, the path as given
///   "line": 3, "column": 7,        // where the primary label starts
///   "end_line": 3, "end_column": 8,
///   "labels": [
///     { "file": "jobs/hello.aurora", "line": 3, "column": 7, "end_line": 3,
///       "end_column": 8, "message": "not expected here", "primary": true }
///   ],
///   "help": "remove it",           // or null
///   "notes": ["..."]               // possibly empty
/// }
/// ```
///
/// Lines and columns count from 1, and columns count characters (Unicode scalar values),
/// not bytes. The end position is exclusive: it is the position just after the last
/// character covered, so an empty span has `end_* == start`. A diagnostic without labels
/// (a file that could not be read) has `null` for `file`, `line`, `column`, `end_line`
/// and `end_column`, and an empty `labels` array. When no label is marked primary, the
/// first label gives the diagnostic's position.
pub fn render_json(diagnostics: &[Diagnostic], sources: &SourceMap) -> Value {
    Value::Array(
        diagnostics
            .iter()
            .map(|diagnostic| diagnostic_json(diagnostic, sources))
            .collect(),
    )
}

fn diagnostic_json(diagnostic: &Diagnostic, sources: &SourceMap) -> Value {
    let mut object = json!({
        "severity": diagnostic.severity.as_str(),
        "code": diagnostic.code.0,
        "message": diagnostic.message,
    });
    let location = if diagnostic.labels.is_empty() {
        Location::unknown()
    } else {
        Location::of(sources, diagnostic.primary_span())
    };
    location.write_to(&mut object);
    let labels = diagnostic
        .labels
        .iter()
        .map(|label| {
            let mut label_object = json!({});
            Location::of(sources, label.span).write_to(&mut label_object);
            label_object["message"] = json!(label.message);
            label_object["primary"] = json!(label.primary);
            label_object
        })
        .collect::<Vec<_>>();
    object["labels"] = Value::Array(labels);
    object["help"] = json!(diagnostic.help);
    object["notes"] = json!(diagnostic.notes);
    object
}

/// The `file`, `line`, `column`, `end_line` and `end_column` fields of a span.
struct Location {
    file: Value,
    start: (Value, Value),
    end: (Value, Value),
}

impl Location {
    fn unknown() -> Location {
        Location {
            file: Value::Null,
            start: (Value::Null, Value::Null),
            end: (Value::Null, Value::Null),
        }
    }

    fn of(sources: &SourceMap, span: Span) -> Location {
        let Some((_, file)) = sources.files().nth(span.file.0 as usize) else {
            return Location::unknown();
        };
        let range = clamped_range(file.text(), span);
        // The range is within a file whose size fits a `u32` (spans are `u32`s).
        let start = file.line_col(range.start as u32);
        let end = file.line_col(range.end as u32);
        Location {
            file: json!(file.path().display().to_string()),
            start: (json!(start.line), json!(start.column)),
            end: (json!(end.line), json!(end.column)),
        }
    }

    fn write_to(self, object: &mut Value) {
        object["file"] = self.file;
        object["line"] = self.start.0;
        object["column"] = self.start.1;
        object["end_line"] = self.end.0;
        object["end_column"] = self.end.1;
    }
}
