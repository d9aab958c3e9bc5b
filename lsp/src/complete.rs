//! Completion: a Struct's fields inside its constructor call, the names in scope (the
//! buffer's and the prelude's), and `{{mustache}}` references inside strings.

use std::collections::BTreeSet;

use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, Documentation, MarkupContent, MarkupKind, Position,
};

use crate::context::{context_at, Context};
use crate::document::{BindingKind, Document};
use crate::schema::{Field, Kind, Schema};

/// The completion items at `position` of `document`.
pub fn completion(document: &Document, position: Position) -> Vec<CompletionItem> {
    let offset = document.index.offset(&document.text, position);
    let context = context_at(&document.text, offset);
    let choices = enum_choices(document, &context, offset);
    if let Some(string) = &context.string_prefix {
        if !choices.is_empty() && !string.contains("{{") {
            return choices
                .iter()
                .map(|value| enum_item(value, value))
                .collect();
        }
        return mustache_items(document, &context, string);
    }
    if context.attribute {
        return Vec::new();
    }
    let mut items = Vec::new();
    if context.argument_name {
        if let Some(call) = context.calls.first() {
            for field in struct_fields(document, &call.callee, offset) {
                if call.given.contains(&field.name) {
                    continue;
                }
                let mut item = field_item(&field);
                item.insert_text = Some(format!("{} = ", field.name));
                item.sort_text = Some(format!("0{}", field.name));
                items.push(item);
            }
        }
    }
    items.extend(
        choices
            .iter()
            .map(|value| enum_item(value, &format!("'{value}'"))),
    );
    items.extend(names_in_scope(document));
    items
}

/// The values of the Enum the keyword being typed takes (`mode = ` of a `Volume`), if it
/// takes one: from the schema or from an `Enum(...)` the buffer defines.
fn enum_choices(
    document: &Document,
    context: &crate::context::Context,
    offset: usize,
) -> Vec<String> {
    let (Some(keyword), Some(call)) = (&context.argument_value, context.calls.first()) else {
        return Vec::new();
    };
    let fields = struct_fields(document, &call.callee, offset);
    let Some(field) = fields.iter().find(|field| &field.name == keyword) else {
        return Vec::new();
    };
    let definition = match document.binding(&field.ty, offset) {
        Some(binding) => document
            .first_line(binding.stmt_start, binding.stmt_end)
            .to_string(),
        None => Schema::get()
            .item(&field.ty)
            .map(|item| item.signature.clone())
            .unwrap_or_default(),
    };
    enum_values(&definition)
}

/// The quoted names of `X = Enum('a', 'b')`.
fn enum_values(definition: &str) -> Vec<String> {
    let Some(start) = definition.find("Enum(") else {
        return Vec::new();
    };
    let mut values = Vec::new();
    let mut rest = &definition[start + "Enum(".len()..];
    while let Some(open) = rest.find(['\'', '"']) {
        let quote = rest[open..].chars().next().unwrap_or('\'');
        let body = &rest[open + 1..];
        let Some(close) = body.find(quote) else { break };
        values.push(body[..close].to_string());
        rest = &body[close + 1..];
    }
    values
}

fn enum_item(value: &str, insert: &str) -> CompletionItem {
    CompletionItem {
        label: insert.to_string(),
        kind: Some(CompletionItemKind::ENUM_MEMBER),
        insert_text: Some(insert.to_string()),
        filter_text: Some(value.to_string()),
        sort_text: Some(format!("0{value}")),
        ..CompletionItem::default()
    }
}

/// The fields of the Struct called `name`: one of the buffer's own, else the schema's.
pub fn struct_fields(document: &Document, name: &str, offset: usize) -> Vec<Field> {
    if let Some(binding) = document.binding(name, offset) {
        return match &binding.kind {
            BindingKind::Class { fields } => fields.clone(),
            // `Service = Job(service = True)` style names for Structs.
            BindingKind::Value {
                callee: Some(callee),
            } if callee != name => Schema::get()
                .item(callee)
                .map(|item| item.fields().to_vec())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
    }
    Schema::get()
        .item(name)
        .map(|item| item.fields().to_vec())
        .unwrap_or_default()
}

fn field_item(field: &Field) -> CompletionItem {
    CompletionItem {
        label: field.name.clone(),
        kind: Some(CompletionItemKind::FIELD),
        detail: Some(field.detail()),
        documentation: markdown(&field.doc),
        ..CompletionItem::default()
    }
}

fn markdown(text: &str) -> Option<Documentation> {
    (!text.is_empty()).then(|| {
        Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text.to_string(),
        })
    })
}

/// The buffer's module-level names, then the prelude's.
fn names_in_scope(document: &Document) -> Vec<CompletionItem> {
    let mut seen = BTreeSet::new();
    let mut items = Vec::new();
    for binding in &document.bindings {
        if !seen.insert(binding.name.as_str()) {
            continue;
        }
        let kind = match &binding.kind {
            BindingKind::Class { .. } => CompletionItemKind::CLASS,
            BindingKind::Function => CompletionItemKind::FUNCTION,
            BindingKind::Value { .. } => CompletionItemKind::VARIABLE,
        };
        items.push(CompletionItem {
            label: binding.name.clone(),
            kind: Some(kind),
            detail: Some(
                document
                    .first_line(binding.stmt_start, binding.stmt_end)
                    .to_string(),
            ),
            documentation: markdown(&binding.doc),
            sort_text: Some(format!("1{}", binding.name)),
            ..CompletionItem::default()
        });
    }
    for item in &Schema::get().items {
        if seen.contains(item.name.as_str()) {
            continue;
        }
        let kind = match item.kind {
            Kind::Struct(_) => CompletionItemKind::STRUCT,
            Kind::Function => CompletionItemKind::FUNCTION,
            Kind::Value => CompletionItemKind::CONSTANT,
            Kind::Pystachio => CompletionItemKind::CLASS,
        };
        items.push(CompletionItem {
            label: item.name.clone(),
            kind: Some(kind),
            detail: Some(item.signature.clone()),
            documentation: markdown(&item.doc),
            sort_text: Some(format!("2{}", item.name)),
            ..CompletionItem::default()
        });
    }
    items
}

/// Inside a string: after an unclosed `{{`, the references that fit.
fn mustache_items(document: &Document, context: &Context, string: &str) -> Vec<CompletionItem> {
    let Some(open) = string.rfind("{{") else {
        return Vec::new();
    };
    let reference = &string[open + 2..];
    if reference.contains("}}") {
        return Vec::new();
    }
    let reference = reference.trim_start();
    if reference.starts_with("thermos.ports[") {
        return port_names(&document.text)
            .into_iter()
            .map(|port| CompletionItem {
                label: port,
                kind: Some(CompletionItemKind::VALUE),
                detail: Some("a port of this task".into()),
                ..CompletionItem::default()
            })
            .collect();
    }
    let schema = Schema::get();
    match reference.rsplit_once('.') {
        Some((head, _)) => {
            let fields = resolve_struct(document, context, head);
            fields.iter().map(field_item).collect()
        }
        None => {
            let mut items: Vec<CompletionItem> = ["thermos", "mesos"]
                .iter()
                .map(|name| {
                    let context = if *name == "thermos" {
                        "ThermosContext"
                    } else {
                        "MesosContext"
                    };
                    CompletionItem {
                        label: name.to_string(),
                        kind: Some(CompletionItemKind::MODULE),
                        detail: Some(context.into()),
                        documentation: schema.item(context).and_then(|item| markdown(&item.doc)),
                        ..CompletionItem::default()
                    }
                })
                .collect();
            let mut seen = BTreeSet::new();
            for struct_name in structs_in_scope(context) {
                for field in struct_fields(document, &struct_name, context.prefix_start) {
                    if seen.insert(field.name.clone()) {
                        items.push(field_item(&field));
                    }
                }
            }
            items
        }
    }
}

/// The Structs whose fields a template at the cursor sees: the calls around it, and the
/// Structs a Process and a Task end up inside (a Task, a Job).
fn structs_in_scope(context: &Context) -> Vec<String> {
    let mut structs: Vec<String> = context.calls.iter().map(|c| c.callee.clone()).collect();
    let chain: &[&str] = match structs.first().map(String::as_str) {
        Some("Process") => &["Task", "MesosJob"],
        Some("Task") => &["MesosJob"],
        _ => &[],
    };
    for name in chain {
        if !structs.iter().any(|s| s == name) {
            structs.push(name.to_string());
        }
    }
    structs
}

/// The fields of the Struct a dotted reference names (`thermos`, `mesos`, `task.resources`).
fn resolve_struct(document: &Document, context: &Context, head: &str) -> Vec<Field> {
    let mut parts = head.split('.');
    let first = parts.next().unwrap_or("");
    let mut fields = match first {
        "thermos" => struct_fields(document, "ThermosContext", 0),
        "mesos" => struct_fields(document, "MesosContext", 0),
        _ => {
            let in_scope = structs_in_scope(context)
                .iter()
                .flat_map(|name| struct_fields(document, name, context.prefix_start))
                .find(|field| field.name == first);
            match in_scope {
                Some(field) => type_fields(document, &field.ty),
                // A Struct of the buffer's bound under its lower-case name.
                None => document
                    .bindings
                    .iter()
                    .find(|b| {
                        matches!(b.kind, BindingKind::Class { .. })
                            && b.name.to_lowercase() == first.to_lowercase()
                    })
                    .map(|b| struct_fields(document, &b.name, context.prefix_start))
                    .unwrap_or_default(),
            }
        }
    };
    for part in parts {
        let Some(field) = fields.iter().find(|field| field.name == part) else {
            return Vec::new();
        };
        fields = type_fields(document, &field.ty);
    }
    fields
}

/// The fields of a field's type, when it is a Struct (`Resources`, `Default(Logger, ..)`).
fn type_fields(document: &Document, ty: &str) -> Vec<Field> {
    struct_fields(document, ty.trim(), usize::MAX)
}

/// Port names the buffer uses: `{{thermos.ports[NAME]}}`, and `health` (Aurora's own).
fn port_names(text: &str) -> Vec<String> {
    let mut names = BTreeSet::new();
    let needle = "thermos.ports[";
    let mut rest = text;
    while let Some(found) = rest.find(needle) {
        rest = &rest[found + needle.len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if !name.is_empty() && rest[name.len()..].starts_with(']') {
            names.insert(name);
        }
    }
    names.insert("health".to_string());
    names.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use tower_lsp_server::ls_types::Position;

    use super::{completion, enum_values};
    use crate::document::Document;

    fn labels_at_end(text: &str) -> Vec<String> {
        let document = Document::new(PathBuf::from("test.aurora"), text.to_string(), 1);
        let line = text.lines().count().saturating_sub(1) as u32;
        let column = text.lines().last().unwrap_or("").len() as u32;
        completion(&document, Position::new(line, column))
            .into_iter()
            .map(|item| item.label)
            .collect()
    }

    #[test]
    fn enum_values_come_from_the_definition() {
        assert_eq!(enum_values("Mode = Enum('RO', 'RW')"), ["RO", "RW"]);
        assert_eq!(enum_values("X = Enum(\"a\",'b')"), ["a", "b"]);
        assert!(enum_values("MB = 1024 * KB").is_empty());
    }

    #[test]
    fn a_schema_enum_field_offers_its_values() {
        let labels = labels_at_end("v = Volume(container_path = '/a', mode = ");
        assert!(
            labels.starts_with(&["'RO'".to_string(), "'RW'".to_string()]),
            "{labels:?}"
        );
        let labels = labels_at_end("v = Volume(mode = 'R");
        assert_eq!(labels, ["RO", "RW"]);
    }

    #[test]
    fn an_enum_of_the_buffer_offers_its_values() {
        let labels = labels_at_end(
            "Color = Enum('red', 'green')\nclass Paint(Struct):\n  color = Color\np = Paint(color = '",
        );
        assert_eq!(labels, ["red", "green"]);
    }
}
