//! What editors show about the prelude: the schema's names, Structs and fields, with their
//! types, defaults, docs and places, read from the `aurora-stdlib` sources (the doc comment
//! above each field, the docstring of each Struct). Built once, from text only.

use std::collections::HashMap;
use std::sync::OnceLock;

use aurora_dsl::ast::{Arg, ClassDef, Expr, ExprKind, Stmt, StmtKind};
use aurora_dsl::FileId;

/// One field of a Struct.
#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    /// The field's type as written (`Integer`, `List(Process)`).
    pub ty: String,
    /// The default as written, for `Default(type, value)`.
    pub default: Option<String>,
    pub required: bool,
    pub doc: String,
    /// Where the field is defined.
    pub site: Site,
}

impl Field {
    /// `Integer = 1`, `String (required)`: the completion item's detail.
    pub fn detail(&self) -> String {
        match (&self.default, self.required) {
            (Some(default), _) => format!("{} = {default}", self.ty),
            (None, true) => format!("{} (required)", self.ty),
            (None, false) => self.ty.clone(),
        }
    }
}

/// A place in one of the schema files (an index into `aurora_stdlib::SCHEMA`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Site {
    pub file: usize,
    pub start: usize,
    pub end: usize,
}

/// What a prelude name is.
#[derive(Clone, Debug)]
pub enum Kind {
    /// A Struct type (or a name for one, like `Job`), with its fields.
    Struct(Vec<Field>),
    Function,
    Value,
    /// A name Pystachio provides natively (no source).
    Pystachio,
}

/// One name a config sees before its first line.
#[derive(Clone, Debug)]
pub struct Item {
    pub name: String,
    pub kind: Kind,
    pub doc: String,
    /// `class Process(Struct)`, `def SimpleTask(name, command)`, `MB = 1024 * KB`.
    pub signature: String,
    pub site: Option<Site>,
}

impl Item {
    pub fn fields(&self) -> &[Field] {
        match &self.kind {
            Kind::Struct(fields) => fields,
            _ => &[],
        }
    }
}

/// The prelude's names, in prelude order, with a lookup by name.
#[derive(Debug)]
pub struct Schema {
    pub items: Vec<Item>,
    by_name: HashMap<String, usize>,
}

impl Schema {
    /// The schema, read from `aurora-stdlib` on first use.
    pub fn get() -> &'static Schema {
        static SCHEMA: OnceLock<Schema> = OnceLock::new();
        SCHEMA.get_or_init(build)
    }

    pub fn item(&self, name: &str) -> Option<&Item> {
        self.by_name.get(name).map(|&index| &self.items[index])
    }

    /// The field `field` of the Struct named `name`.
    pub fn field(&self, name: &str, field: &str) -> Option<&Field> {
        self.item(name)?
            .fields()
            .iter()
            .find(|candidate| candidate.name == field)
    }
}

fn build() -> Schema {
    let mut defined: HashMap<String, Item> = HashMap::new();
    for (index, file) in aurora_stdlib::SCHEMA.iter().enumerate() {
        let parsed = aurora_dsl::parse(file.source, FileId(index as u32));
        for stmt in &parsed.module.body {
            if let Some(item) = item_of(stmt, index, file.source, &defined) {
                defined.insert(item.name.clone(), item);
            }
        }
    }
    let mut items = Vec::new();
    for name in aurora_stdlib::prelude_names() {
        let item = defined.remove(name).unwrap_or_else(|| Item {
            name: name.to_string(),
            kind: Kind::Pystachio,
            doc: format!("`{name}`, from Pystachio."),
            signature: name.to_string(),
            site: None,
        });
        items.push(item);
    }
    items.push(Item {
        name: "include".into(),
        kind: Kind::Function,
        doc: "Evaluates another `.aurora` file (relative to this one) in this file's \
              namespace."
            .into(),
        signature: "include(path)".into(),
        site: None,
    });
    let by_name = items
        .iter()
        .enumerate()
        .map(|(index, item)| (item.name.clone(), index))
        .collect();
    Schema { items, by_name }
}

fn item_of(stmt: &Stmt, file: usize, text: &str, defined: &HashMap<String, Item>) -> Option<Item> {
    let snippet = |expr: &Expr| text.get(expr.span.range()).unwrap_or("").to_string();
    match &stmt.kind {
        StmtKind::ClassDef(class) => Some(class_item(class, file, text)),
        StmtKind::FunctionDef(function) => {
            let header = text
                .get(function.name.span.start as usize..stmt.span.end as usize)
                .and_then(|rest| rest.split_once(':'))
                .map_or(function.name.name.clone(), |(header, _)| header.to_string());
            Some(Item {
                name: function.name.name.clone(),
                kind: Kind::Function,
                doc: docstring(&function.body)
                    .unwrap_or_else(|| comment_above(text, stmt.span.start as usize)),
                signature: format!("def {header}"),
                site: Some(site(file, function.name.span)),
            })
        }
        StmtKind::Assign { targets, value } => {
            let [Expr {
                kind: ExprKind::Name(name),
                span,
                ..
            }] = targets.as_slice()
            else {
                return None;
            };
            // `Job = MesosJob` and `Service = Job(service=True)` name Structs too.
            let base = match &value.kind {
                ExprKind::Name(base) => defined.get(base),
                ExprKind::Call { func, .. } => match &func.kind {
                    ExprKind::Name(base) => defined.get(base),
                    _ => None,
                },
                _ => None,
            };
            let kind = match base.map(|base| &base.kind) {
                Some(Kind::Struct(fields)) => Kind::Struct(fields.clone()),
                _ => Kind::Value,
            };
            Some(Item {
                name: name.clone(),
                kind,
                doc: comment_above(text, stmt.span.start as usize),
                signature: format!("{name} = {}", snippet(value)),
                site: Some(site(file, *span)),
            })
        }
        _ => None,
    }
}

fn class_item(class: &ClassDef, file: usize, text: &str) -> Item {
    let snippet = |expr: &Expr| text.get(expr.span.range()).unwrap_or("").to_string();
    let fields = class_fields(class, text)
        .into_iter()
        .map(|field| Field {
            site: Site { file, ..field.site },
            ..field
        })
        .collect();
    let bases: Vec<String> = class
        .bases
        .iter()
        .map(|base| snippet(base.value()))
        .collect();
    let is_struct = bases.iter().any(|base| base == "Struct");
    Item {
        name: class.name.name.clone(),
        kind: if is_struct {
            Kind::Struct(fields)
        } else {
            Kind::Value
        },
        doc: docstring(&class.body).unwrap_or_default(),
        signature: format!("class {}({})", class.name.name, bases.join(", ")),
        site: Some(site(file, class.name.span)),
    }
}

/// The fields a class body defines (`name = Type`, `Required(Type)`, `Default(Type, v)`),
/// their sites in file 0 (the caller sets the file).
pub fn class_fields(class: &ClassDef, text: &str) -> Vec<Field> {
    let snippet = |expr: &Expr| text.get(expr.span.range()).unwrap_or("").to_string();
    let mut fields = Vec::new();
    for stmt in &class.body {
        let StmtKind::Assign { targets, value } = &stmt.kind else {
            continue;
        };
        let [Expr {
            kind: ExprKind::Name(name),
            span,
            ..
        }] = targets.as_slice()
        else {
            continue;
        };
        let (ty, default, required) = match &value.kind {
            ExprKind::Call { func, args } => match (&func.kind, args.as_slice()) {
                (ExprKind::Name(f), [Arg::Positional(ty), Arg::Positional(default)])
                    if f == "Default" =>
                {
                    (snippet(ty), Some(snippet(default)), false)
                }
                (ExprKind::Name(f), [Arg::Positional(ty)]) if f == "Required" => {
                    (snippet(ty), None, true)
                }
                _ => (snippet(value), None, false),
            },
            _ => (snippet(value), None, false),
        };
        fields.push(Field {
            name: name.clone(),
            ty,
            default,
            required,
            doc: comment_above(text, stmt.span.start as usize),
            site: site(0, *span),
        });
    }
    fields
}

fn site(file: usize, span: aurora_dsl::Span) -> Site {
    Site {
        file,
        start: span.start as usize,
        end: span.end as usize,
    }
}

/// The docstring of a class or function body, its lines dedented.
pub fn docstring(body: &[Stmt]) -> Option<String> {
    let StmtKind::Expr(Expr {
        kind: ExprKind::Str(literal),
        ..
    }) = &body.first()?.kind
    else {
        return None;
    };
    let lines: Vec<&str> = literal.value.lines().map(str::trim).collect();
    Some(lines.join("\n").trim().to_string())
}

/// The `#` comment lines right above the line holding `offset`, without their `#`.
pub fn comment_above(text: &str, offset: usize) -> String {
    let before = text.get(..offset).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let mut lines: Vec<&str> = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .take_while(|line| line.starts_with('#'))
        .map(|line| line.trim_start_matches('#').trim())
        .collect();
    lines.reverse();
    lines.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_fields_have_types_defaults_and_docs() {
        let schema = Schema::get();
        let cmdline = schema.field("Process", "cmdline").unwrap();
        assert_eq!(cmdline.detail(), "String (required)");
        assert!(cmdline.doc.starts_with("The command to run"), "{cmdline:?}");
        let failures = schema.field("Process", "max_failures").unwrap();
        assert_eq!(failures.detail(), "Integer = 1");
        // Names for Structs have their fields.
        assert!(schema.field("Service", "instances").is_some());
        assert!(schema.field("Job", "task").is_some());
        assert!(matches!(
            schema.item("Struct").unwrap().kind,
            Kind::Pystachio
        ));
        assert!(schema.item("order").unwrap().doc.contains("constraint"));
    }
}
