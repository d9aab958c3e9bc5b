//! Completion: a Struct's fields inside its constructor call, the names in scope (the
//! buffer's and the prelude's), and `{{mustache}}` references inside strings (the fields
//! of the Structs around them, the names the buffer's `.bind(...)` calls and the
//! `aurora.bindings` setting bind, and the fields of what they bind).

use std::collections::BTreeSet;

use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, Documentation, MarkupContent, MarkupKind, Position,
};

use crate::bound::{bound_names, BoundName};
use crate::context::{context_at, Context};
use crate::document::{BindingKind, Document};
use crate::schema::{Field, Kind, Schema};

/// The completion items at `position` of `document`.
pub fn completion(document: &Document, position: Position) -> Vec<CompletionItem> {
    completion_with(document, position, &[])
}

/// [`completion`], templates also seeing the names of `settings` (the `aurora.bindings`
/// setting: each name, dotted or not, and its value).
pub fn completion_with(
    document: &Document,
    position: Position,
    settings: &[(String, String)],
) -> Vec<CompletionItem> {
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
        return mustache_items(document, &context, string, settings);
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
fn mustache_items(
    document: &Document,
    context: &Context,
    string: &str,
    settings: &[(String, String)],
) -> Vec<CompletionItem> {
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
            let mut items: Vec<CompletionItem> = fields.iter().map(field_item).collect();
            setting_items(&mut items, settings, Some(head));
            items
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
            for bound in bound_names(document) {
                if !items.iter().any(|item| item.label == bound.name) {
                    items.push(bound_item(document, &bound));
                }
            }
            setting_items(&mut items, settings, None);
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
            let bound = || {
                bound_names(document)
                    .into_iter()
                    .find(|bound| bound.name == first)
                    .and_then(|bound| bound.ty)
                    .map(|ty| type_fields(document, &ty))
                    .filter(|fields| !fields.is_empty())
            };
            match in_scope {
                Some(field) => type_fields(document, &field.ty),
                // What the buffer's `.bind(...)` calls bind under that name, else a
                // Struct of the buffer's bound under its lower-case name.
                None => bound().unwrap_or_else(|| {
                    document
                        .bindings
                        .iter()
                        .find(|b| {
                            matches!(b.kind, BindingKind::Class { .. })
                                && b.name.to_lowercase() == first.to_lowercase()
                        })
                        .map(|b| struct_fields(document, &b.name, context.prefix_start))
                        .unwrap_or_default()
                }),
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

/// The item of a name the buffer binds with `.bind(...)`: the Struct bound (or the literal,
/// when there is one), and the values bound.
fn bound_item(document: &Document, bound: &BoundName) -> CompletionItem {
    let is_struct = bound
        .ty
        .as_ref()
        .is_some_and(|ty| !type_fields(document, ty).is_empty());
    let detail = match (&bound.ty, bound.values.as_slice()) {
        (Some(ty), [value]) if !is_struct => format!("{ty} = {value}"),
        (Some(ty), _) => ty.clone(),
        (None, _) => "bound in this file".to_string(),
    };
    let values: Vec<String> = bound.values.iter().map(|v| format!("`{v}`")).collect();
    let doc = format!(
        "Bound by `.bind({} = ...)` in this file: {}.",
        bound.name,
        values.join(", ")
    );
    CompletionItem {
        label: bound.name.clone(),
        kind: Some(if is_struct {
            CompletionItemKind::STRUCT
        } else {
            CompletionItemKind::VARIABLE
        }),
        detail: Some(detail),
        documentation: markdown(&doc),
        ..CompletionItem::default()
    }
}

/// Adds the names the `aurora.bindings` setting binds after `head.` (at the top when
/// `head` is `None`): `release` for `release` or `profile.release` after `profile.`. A
/// name already offered (a Struct's field) gets the setting's value in its docs.
fn setting_items(
    items: &mut Vec<CompletionItem>,
    settings: &[(String, String)],
    head: Option<&str>,
) {
    for (name, value) in settings {
        let rest = match head {
            None => name.as_str(),
            Some(head) => match name
                .strip_prefix(head)
                .and_then(|rest| rest.strip_prefix('.'))
            {
                Some(rest) => rest,
                None => continue,
            },
        };
        let (label, exact) = match rest.split_once('.') {
            Some((label, _)) => (label, false),
            None => (rest, true),
        };
        if label.is_empty() {
            continue;
        }
        let note = format!("Bound to `{value}` by the `aurora.bindings` setting.");
        if let Some(item) = items.iter_mut().find(|item| item.label == label) {
            if exact {
                let doc = match &item.documentation {
                    Some(Documentation::MarkupContent(content)) => {
                        format!("{}\n\n{note}", content.value)
                    }
                    _ => note,
                };
                item.documentation = markdown(&doc);
            }
            continue;
        }
        items.push(CompletionItem {
            label: label.to_string(),
            kind: Some(if exact {
                CompletionItemKind::VALUE
            } else {
                CompletionItemKind::MODULE
            }),
            detail: Some(if exact {
                format!("'{value}' (aurora.bindings)")
            } else {
                "aurora.bindings".to_string()
            }),
            documentation: if exact { markdown(&note) } else { None },
            ..CompletionItem::default()
        });
    }
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

    use tower_lsp_server::ls_types::{Documentation, Position};

    use super::{completion, completion_with, enum_values};
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

    fn details_at_end(text: &str, settings: &[(&str, &str)]) -> Vec<(String, String)> {
        let document = Document::new(PathBuf::from("test.aurora"), text.to_string(), 1);
        let line = text.lines().count().saturating_sub(1) as u32;
        let column = text.lines().last().unwrap_or("").len() as u32;
        let settings: Vec<(String, String)> = settings
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        completion_with(&document, Position::new(line, column), &settings)
            .into_iter()
            .map(|item| (item.label, item.detail.unwrap_or_default()))
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    const BOUND_UNDER_ANOTHER_NAME: &str = r#"class Env(Struct):
  name = Required(String)
  release = Default(String, 'latest')
STAGING = Env(name = 'staging')
ALL = [STAGING]
j = Job(name = 'x').bind(tier = 'gold')
jobs = [j.bind(profile = e) for e in ALL]
"#;

    #[test]
    fn templates_see_the_fields_of_what_the_buffer_binds() {
        let text = format!("{BOUND_UNDER_ANOTHER_NAME}p = Process(cmdline = 'x {{{{profile.");
        assert_eq!(
            details_at_end(&text, &[]),
            pairs(&[
                ("name", "String (required)"),
                ("release", "String = 'latest'")
            ])
        );
        let top = details_at_end(&format!("{BOUND_UNDER_ANOTHER_NAME}p = 'x {{{{"), &[]);
        assert!(top.contains(&("profile".into(), "Env".into())), "{top:?}");
        assert!(
            top.contains(&("tier".into(), "String = 'gold'".into())),
            "{top:?}"
        );
    }

    #[test]
    fn templates_see_the_bindings_setting() {
        let settings = [
            ("release", "1.2"),
            ("profile.release", "2.0"),
            ("a.b.c", "x"),
        ];
        let top = details_at_end(&format!("{BOUND_UNDER_ANOTHER_NAME}p = 'x {{{{"), &settings);
        assert!(
            top.contains(&("release".into(), "'1.2' (aurora.bindings)".into())),
            "{top:?}"
        );
        assert!(
            top.contains(&("a".into(), "aurora.bindings".into())),
            "{top:?}"
        );
        assert_eq!(
            top.iter().filter(|(label, _)| label == "profile").count(),
            1
        );
        let nested = details_at_end("p = 'x {{a.b.", &settings);
        assert_eq!(nested, pairs(&[("c", "'x' (aurora.bindings)")]));
        // A field the setting binds keeps its detail; its docs say the value.
        let text = format!("{BOUND_UNDER_ANOTHER_NAME}p = 'x {{{{profile.");
        let document = Document::new(PathBuf::from("test.aurora"), text.clone(), 1);
        let settings: Vec<(String, String)> = settings
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        let end = Position::new(7, text.lines().last().unwrap().len() as u32);
        let items = completion_with(&document, end, &settings);
        let release = items.iter().find(|item| item.label == "release").unwrap();
        assert_eq!(release.detail.as_deref(), Some("String = 'latest'"));
        let Some(Documentation::MarkupContent(doc)) = &release.documentation else {
            panic!("{release:?}");
        };
        assert!(doc
            .value
            .contains("Bound to `2.0` by the `aurora.bindings` setting."));
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
