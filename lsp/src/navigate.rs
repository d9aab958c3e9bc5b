//! Hover and go-to-definition: the buffer's own names, the schema's names and fields (into
//! the schema's source, written once under the user's cache directory so every editor can
//! open it), and `include()` targets.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tower_lsp_server::ls_types::{
    Hover, HoverContents, Location, MarkupContent, MarkupKind, Position, Range, Uri,
};

use crate::complete::struct_fields;
use crate::context::{context_at, is_keyword_name, word_at};
use crate::document::{BindingKind, Document, Evaluated};
use crate::line_index::LineIndex;
use crate::resolve::{Resolved, ScopeKind};
use crate::schema::{Field, Kind, Schema, Site};

/// What the name under the cursor is.
enum Target<'a> {
    /// A keyword argument of a call to the Struct `callee`.
    Field {
        callee: String,
        field: Field,
    },
    Binding(&'a crate::document::Binding),
    Schema(&'a crate::schema::Item),
}

fn target_at(document: &Document, offset: usize) -> Option<(Target<'_>, usize, usize)> {
    let (start, end) = word_at(&document.text, offset)?;
    let name = &document.text[start..end];
    if is_keyword_name(&document.text, end) {
        let context = context_at(&document.text, start);
        if let Some(call) = context.calls.first().filter(|_| context.argument_name) {
            let field = struct_fields(document, &call.callee, start)
                .into_iter()
                .find(|field| field.name == name)?;
            let callee = call.callee.clone();
            return Some((Target::Field { callee, field }, start, end));
        }
    }
    if let Some(binding) = document.binding(name, start) {
        return Some((Target::Binding(binding), start, end));
    }
    let item = Schema::get().item(name)?;
    Some((Target::Schema(item), start, end))
}

/// The hover at `position`: docs and types from the schema, the value of the buffer's names.
pub fn hover(
    document: &Document,
    evaluated: Option<&Evaluated>,
    position: Position,
) -> Option<Hover> {
    let offset = document.index.offset(&document.text, position);
    let (target, start, end) = target_at(document, offset)?;
    let mut text = String::new();
    match target {
        Target::Field { callee, field } => {
            text.push_str(&format!(
                "```python\n{callee}.{}: {}\n```\n",
                field.name,
                field.detail()
            ));
            push_doc(&mut text, &field.doc);
        }
        Target::Binding(binding) => {
            let line = document.first_line(binding.stmt_start, binding.stmt_end);
            text.push_str(&format!("```python\n{line}\n```\n"));
            if let Some(value) = evaluated.and_then(|e| e.values.get(&binding.name)) {
                text.push_str(&format!("\nValue:\n```python\n{value}\n```\n"));
            }
            push_doc(&mut text, &binding.doc);
            if let BindingKind::Class { fields } = &binding.kind {
                push_fields(&mut text, fields);
            }
        }
        Target::Schema(item) => {
            text.push_str(&format!("```python\n{}\n```\n", item.signature));
            push_doc(&mut text, &item.doc);
            if let Kind::Struct(fields) = &item.kind {
                push_fields(&mut text, fields);
            }
        }
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(document.index.range(&document.text, start, end)),
    })
}

fn push_doc(text: &mut String, doc: &str) {
    if !doc.is_empty() {
        text.push('\n');
        text.push_str(doc);
        text.push('\n');
    }
}

fn push_fields(text: &mut String, fields: &[Field]) {
    if fields.is_empty() {
        return;
    }
    text.push_str("\nFields:\n");
    for field in fields {
        text.push_str(&format!("- `{}`: `{}`\n", field.name, field.detail()));
    }
}

/// Where the name (or `include()` path) at `position` is defined.
pub fn definition(document: &Document, uri: &Uri, position: Position) -> Option<Location> {
    let offset = document.index.offset(&document.text, position);
    if let Some(location) = include_target(document, offset) {
        return Some(location);
    }
    if let Some(location) = local_definition(document, uri, offset) {
        return Some(location);
    }
    let (target, _, _) = target_at(document, offset)?;
    match target {
        Target::Field { callee, field } => {
            // A field of the buffer's own Struct is in the buffer (file 0 of its fields).
            let own = document
                .binding(&callee, offset)
                .is_some_and(|b| matches!(b.kind, BindingKind::Class { .. }));
            if own {
                let range = document
                    .index
                    .range(&document.text, field.site.start, field.site.end);
                Some(Location::new(uri.clone(), range))
            } else {
                schema_location(field.site)
            }
        }
        Target::Binding(binding) => Some(Location::new(
            uri.clone(),
            document
                .index
                .range(&document.text, binding.start, binding.end),
        )),
        Target::Schema(item) => schema_location(item.site?),
    }
}

/// Where a function's parameter or local (or a comprehension's variable) at `offset` is
/// bound: its last binding before `offset`, else its first.
fn local_definition(document: &Document, uri: &Uri, offset: usize) -> Option<Location> {
    let (_, _, _, resolved) = document.names.at(offset)?;
    let Resolved::Symbol(id) = resolved else {
        return None;
    };
    let symbol = &document.names.symbols[id];
    if symbol.scope == ScopeKind::Module {
        return None;
    }
    let mut bindings = symbol.occurrences.iter().filter(|o| o.binding);
    let first = bindings.clone().next();
    let binding = bindings.rfind(|o| o.start <= offset).or(first)?;
    let range = document
        .index
        .range(&document.text, binding.start, binding.end);
    Some(Location::new(uri.clone(), range))
}

/// `include('other.aurora')` with the cursor on the path: the file, from the buffer's
/// directory.
fn include_target(document: &Document, offset: usize) -> Option<Location> {
    let context = context_at(&document.text, offset);
    let string = context.string_prefix.as_ref()?;
    if context.calls.first()?.callee != "include" {
        return None;
    }
    let start = offset - string.len();
    let rest = &document.text[start..];
    let quote = rest.chars().next()?;
    let body = &rest[1..];
    let relative = &body[..body.find(quote)?];
    let directory = document.path.parent().unwrap_or(Path::new(""));
    let uri = Uri::from_file_path(directory.join(relative))?;
    Some(Location::new(uri, Range::default()))
}

/// A place in the schema, as a location in its copy under the cache directory.
fn schema_location(site: Site) -> Option<Location> {
    let files = stdlib_files()?;
    let (uri, index) = files.get(site.file)?;
    let text = aurora_stdlib::SCHEMA.get(site.file)?.source;
    Some(Location::new(
        uri.clone(),
        index.range(text, site.start, site.end),
    ))
}

/// The schema files, written under the user's cache directory (once per version): editors
/// open them as ordinary files.
fn stdlib_files() -> Option<&'static Vec<(Uri, LineIndex)>> {
    static FILES: OnceLock<Option<Vec<(Uri, LineIndex)>>> = OnceLock::new();
    FILES
        .get_or_init(|| {
            let directory = cache_dir()
                .join("aurora-lsp")
                .join(env!("CARGO_PKG_VERSION"))
                .join("stdlib");
            std::fs::create_dir_all(&directory).ok()?;
            aurora_stdlib::SCHEMA
                .iter()
                .map(|file| {
                    let path = directory.join(file.name);
                    if std::fs::read_to_string(&path).ok().as_deref() != Some(file.source) {
                        std::fs::write(&path, file.source).ok()?;
                    }
                    Some((Uri::from_file_path(&path)?, LineIndex::new(file.source)))
                })
                .collect()
        })
        .as_ref()
}

/// `$XDG_CACHE_HOME`, else `~/.cache`, else the temporary directory.
fn cache_dir() -> PathBuf {
    std::env::var_os("XDG_CACHE_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|dir| !dir.is_empty())
                .map(|home| PathBuf::from(home).join(".cache"))
        })
        .unwrap_or_else(std::env::temp_dir)
}
