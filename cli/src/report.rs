//! How `config check` reports diagnostics: annotated source for people, one JSON document
//! for tools, or GitHub Actions workflow commands that annotate a pull request's files.

use std::io::{self, IsTerminal};
use std::path::Path;

use aurora_dsl::{render_human, render_json, Diagnostic, Severity, SourceMap};
use clap::ValueEnum;
use serde_json::Value;

/// The `--format` of `config check`.
#[derive(ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    /// Annotated source excerpts on stderr, and a summary line.
    Human,
    /// One JSON document on stdout, for CI and other tools.
    Json,
    /// GitHub Actions annotations (`::error file=...::message`) on stdout, one per problem.
    Github,
}

/// Where and how results are reported.
#[derive(Clone, Copy, Debug)]
pub enum Output {
    /// Rendered diagnostics on stderr and a summary line.
    Human { color: bool },
    /// One JSON document on stdout.
    Json,
    /// One workflow command per diagnostic on stdout, and the summary line as for `Human`.
    Github,
}

impl Output {
    /// The output a `--format` asks for, coloured when stderr is a terminal that wants it.
    pub fn for_format(format: Format) -> Output {
        match format {
            Format::Human => Output::Human {
                color: stderr_wants_color(),
            },
            Format::Json => Output::Json,
            Format::Github => Output::Github,
        }
    }

    /// Renders `diagnostics` (whose spans point into `sources`) for this output. `path` is
    /// the checked file, named by annotations that point nowhere in particular.
    pub fn render(self, diagnostics: &[Diagnostic], sources: &SourceMap, path: &Path) -> Rendered {
        match self {
            Output::Human { color } => Rendered::Text(
                diagnostics
                    .iter()
                    .map(|diagnostic| render_human(diagnostic, sources, color) + "\n")
                    .collect(),
            ),
            Output::Json => Rendered::Json(render_json(diagnostics, sources)),
            Output::Github => Rendered::Text(
                diagnostics
                    .iter()
                    .map(|diagnostic| github_annotation(diagnostic, sources, path) + "\n")
                    .collect(),
            ),
        }
    }
}

/// Diagnostics rendered on a worker thread, ready to be written in order.
#[derive(Debug)]
pub enum Rendered {
    /// For stderr (human) or stdout (GitHub annotations).
    Text(String),
    /// A JSON array, one object per diagnostic (see `aurora_dsl::render_json`).
    Json(Value),
}

impl Rendered {
    /// The JSON array, or `null` for a text rendering.
    pub fn into_json(self) -> Value {
        match self {
            Rendered::Json(value) => value,
            Rendered::Text(_) => Value::Null,
        }
    }
}

/// Whether diagnostics on stderr should be coloured: only for a terminal, and never when
/// `NO_COLOR` is set to a non-empty value (<https://no-color.org>).
pub fn stderr_wants_color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// A GitHub Actions workflow command annotating the diagnostic's place:
/// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::MESSAGE`.
///
/// The message carries the label, help and notes on further lines. GitHub only honours
/// columns on a one-line span, and counts `endColumn` inclusively, so columns are left out
/// of a span that ends on another line.
pub fn github_annotation(diagnostic: &Diagnostic, sources: &SourceMap, path: &Path) -> String {
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut properties = Vec::new();
    // The renderers' own JSON gives the position with spans clamped to their file.
    let location = render_json(std::slice::from_ref(diagnostic), sources);
    let location = &location[0];
    match location["file"].as_str() {
        Some(file) => {
            properties.push(("file", crate::paths::workspace_relative(file)));
            let number = |name: &str| location[name].as_u64().unwrap_or(1);
            let (line, column) = (number("line"), number("column"));
            let (end_line, end_column) = (number("end_line"), number("end_column"));
            properties.push(("line", line.to_string()));
            if end_line == line {
                properties.push(("col", column.to_string()));
            }
            properties.push(("endLine", end_line.to_string()));
            if end_line == line {
                // Exclusive in our JSON, inclusive for GitHub; an empty span marks one column.
                let end_column = end_column.saturating_sub(1).max(column);
                properties.push(("endColumn", end_column.to_string()));
            }
        }
        None => properties.push((
            "file",
            crate::paths::workspace_relative(&path.display().to_string()),
        )),
    }
    properties.push(("title", diagnostic.code.0.to_string()));

    let mut message = diagnostic.message.clone();
    let primary = diagnostic
        .labels
        .iter()
        .find(|label| label.primary)
        .or(diagnostic.labels.first());
    if let Some(label) = primary.filter(|label| !label.message.is_empty()) {
        message.push('\n');
        message.push_str(&label.message);
    }
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    for note in &diagnostic.notes {
        message.push_str("\nnote: ");
        message.push_str(note);
    }

    let properties: Vec<String> = properties
        .iter()
        .map(|(name, value)| format!("{name}={}", escape_property(value)))
        .collect();
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// Escapes a workflow command's message, as `@actions/core` does.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value, as `@actions/core` does.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use aurora_dsl::diagnostic::Code;
    use aurora_dsl::Span;

    #[test]
    fn an_annotation_escapes_its_message_and_properties() {
        let mut sources = SourceMap::new();
        let file = sources.add("dir,a:b/job.aurora", "x = 1\ny = 100%\n");
        let diagnostic = Diagnostic::error(
            Code("E0001"),
            "bad: 100%\r\nreally",
            Span::new(file, 10, 14),
            "here, at y",
        )
        .with_help("fix it");
        assert_eq!(
            github_annotation(&diagnostic, &sources, Path::new("unused")),
            "::error file=dir%2Ca%3Ab/job.aurora,line=2,col=5,endLine=2,endColumn=8,\
             title=E0001::bad: 100%25%0D%0Areally%0Ahere, at y%0Ahelp: fix it"
        );
    }

    #[test]
    fn an_annotation_without_a_place_names_the_checked_file() {
        let sources = SourceMap::new();
        let mut diagnostic = Diagnostic::error(Code("E0200"), "cannot read", Span::default(), "");
        diagnostic.labels.clear();
        diagnostic.severity = Severity::Warning;
        assert_eq!(
            github_annotation(&diagnostic, &sources, Path::new("a.aurora")),
            "::warning file=a.aurora,title=E0200::cannot read"
        );
    }

    #[test]
    fn a_span_over_several_lines_has_no_columns() {
        let mut sources = SourceMap::new();
        let file = sources.add("a.aurora", "x = [\n  1,\n]\n");
        let diagnostic = Diagnostic::error(Code("E0001"), "m", Span::new(file, 4, 12), "");
        assert_eq!(
            github_annotation(&diagnostic, &sources, Path::new("a.aurora")),
            "::error file=a.aurora,line=1,endLine=3,title=E0001::m"
        );
    }
}
