//! The names a buffer binds for its templates with `.bind(name = value)` (and
//! `.bind({'name': value})`), and the Struct each value is, when the text tells: a call of
//! a Struct (`Profile(...)`), a module-level instance (`STAGING`), or a loop variable over a
//! list of them (`[JOB.bind(profile = p) for p in (STAGING, PRODUCTION)]`). Read from the
//! syntax tree only: a value reached through a function's parameter has no known Struct.

use aurora_dsl::ast::{Arg, DictItem, Expr, ExprKind, Stmt, StmtKind};

use crate::document::{BindingKind, Document};
use crate::schema::{Kind, Schema};

/// How deep statements, expressions and the chain of names behind a value are followed.
const MAX_DEPTH: usize = 200;
/// Most values listed for one name (a hover or an item's documentation shows them).
const MAX_VALUES: usize = 8;

/// One name the buffer binds with `.bind(...)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoundName {
    pub name: String,
    /// The Struct it is bound to (the first one found), or the type of a literal
    /// (`String`, `Integer`, `Float`).
    pub ty: Option<String>,
    /// The values bound, as written (`STAGING`), once each, loop variables replaced by
    /// what they range over.
    pub values: Vec<String>,
}

/// Every name the buffer's `.bind(...)` calls bind, in order of first appearance.
pub fn bound_names(document: &Document) -> Vec<BoundName> {
    let mut finder = Finder {
        document,
        loops: Vec::new(),
        found: Vec::new(),
    };
    finder.block(&document.module.body, 0);
    finder.found
}

/// A loop variable and what it ranges over.
type Loop<'a> = (&'a str, &'a Expr);

struct Finder<'a> {
    document: &'a Document,
    /// The `for` variables around the current expression, innermost last.
    loops: Vec<Loop<'a>>,
    found: Vec<BoundName>,
}

impl<'a> Finder<'a> {
    fn block(&mut self, body: &'a [Stmt], depth: usize) {
        for stmt in body {
            self.stmt(stmt, depth + 1);
        }
    }

    fn stmt(&mut self, stmt: &'a Stmt, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match &stmt.kind {
            StmtKind::Expr(value) | StmtKind::Return(Some(value)) => self.expr(value, 0),
            StmtKind::Assign { value, .. } | StmtKind::AugAssign { value, .. } => {
                self.expr(value, 0)
            }
            StmtKind::Print { dest, values, .. } => {
                dest.iter().chain(values).for_each(|e| self.expr(e, 0));
            }
            StmtKind::If {
                test,
                body,
                elif_else,
            } => {
                self.expr(test, 0);
                self.block(body, depth);
                for clause in elif_else {
                    clause.test.iter().for_each(|test| self.expr(test, 0));
                    self.block(&clause.body, depth);
                }
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(iter, 0);
                let before = self.loops.len();
                if let ExprKind::Name(name) = &target.kind {
                    self.loops.push((name, iter));
                }
                self.block(body, depth);
                self.loops.truncate(before);
                self.block(orelse, depth);
            }
            StmtKind::While { body, orelse, .. } => {
                self.block(body, depth);
                self.block(orelse, depth);
            }
            StmtKind::With { items, body, .. } => {
                items.iter().for_each(|item| self.expr(&item.context, 0));
                self.block(body, depth);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.block(body, depth);
                handlers.iter().for_each(|h| self.block(&h.body, depth));
                self.block(orelse, depth);
                self.block(finalbody, depth);
            }
            StmtKind::FunctionDef(function) => self.block(&function.body, depth),
            StmtKind::ClassDef(class) => self.block(&class.body, depth),
            _ => {}
        }
    }

    fn expr(&mut self, expr: &'a Expr, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let before = self.loops.len();
        match &expr.kind {
            ExprKind::Call { func, args } => {
                if matches!(&func.kind, ExprKind::Attribute { attr, .. } if attr.name == "bind") {
                    for (name, value) in bind_arguments(args) {
                        self.bound(name, value);
                    }
                }
            }
            ExprKind::ListComp { generators, .. }
            | ExprKind::SetComp { generators, .. }
            | ExprKind::DictComp { generators, .. }
            | ExprKind::Generator { generators, .. } => {
                for generator in generators {
                    if let ExprKind::Name(name) = &generator.target.kind {
                        self.loops.push((name, &generator.iter));
                    }
                }
            }
            _ => {}
        }
        let mut children = Vec::new();
        expr.for_each_child(&mut |child| children.push(child));
        for child in children {
            self.expr(child, depth + 1);
        }
        self.loops.truncate(before);
    }

    fn bound(&mut self, name: &str, value: &'a Expr) {
        let mut values = Vec::new();
        self.candidates(value, &self.loops, 0, &mut values);
        let index = match self.found.iter().position(|found| found.name == name) {
            Some(index) => index,
            None => {
                self.found.push(BoundName {
                    name: name.to_string(),
                    ty: None,
                    values: Vec::new(),
                });
                self.found.len() - 1
            }
        };
        for value in values {
            let ty = type_of(self.document, value, 0);
            let text = self
                .document
                .text
                .get(value.span.range())
                .unwrap_or("")
                .to_string();
            let found = &mut self.found[index];
            if found.ty.is_none() {
                found.ty = ty;
            }
            if !text.is_empty() && !found.values.contains(&text) && found.values.len() < MAX_VALUES
            {
                found.values.push(text);
            }
        }
    }

    /// The expressions `value` stands for: itself, or what the loop variable it names
    /// ranges over.
    fn candidates(
        &self,
        value: &'a Expr,
        loops: &[Loop<'a>],
        depth: usize,
        out: &mut Vec<&'a Expr>,
    ) {
        if depth > MAX_DEPTH || out.len() >= MAX_VALUES {
            return;
        }
        if let ExprKind::Name(name) = &value.kind {
            if let Some(index) = loops.iter().rposition(|(variable, _)| variable == name) {
                let (_, iter) = loops[index];
                // The iterable is read outside its own loop.
                for element in elements(self.document, iter, depth + 1) {
                    self.candidates(element, &loops[..index], depth + 1, out);
                }
                return;
            }
        }
        out.push(value);
    }
}

/// The names and values a `.bind(...)` call's arguments bind.
fn bind_arguments(args: &[Arg]) -> Vec<(&str, &Expr)> {
    let mut bound = Vec::new();
    for arg in args {
        match arg {
            Arg::Keyword { name, value } => bound.push((name.name.as_str(), value)),
            Arg::Positional(Expr {
                kind: ExprKind::Dict(items),
                ..
            }) => {
                for item in items {
                    if let DictItem::Pair {
                        key:
                            Expr {
                                kind: ExprKind::Str(key),
                                ..
                            },
                        value,
                    } = item
                    {
                        bound.push((key.value.as_str(), value));
                    }
                }
            }
            _ => {}
        }
    }
    bound
}

/// The items of a literal list, tuple or set, through module-level names and `+`.
fn elements<'a>(document: &'a Document, iter: &'a Expr, depth: usize) -> Vec<&'a Expr> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    match &iter.kind {
        ExprKind::List(items) | ExprKind::Tuple(items) | ExprKind::Set(items) => {
            items.iter().collect()
        }
        ExprKind::Binary { left, right, .. } => {
            let mut items = elements(document, left, depth + 1);
            items.extend(elements(document, right, depth + 1));
            items
        }
        ExprKind::Name(name) => module_value(document, name, iter.span.start as usize)
            .map(|value| elements(document, value, depth + 1))
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The Struct a value is (`Profile` for `Profile(...)`, `STAGING`, `STAGING(release = 'x')`
/// or `STAGING.bind(...)`), or the type of a literal.
fn type_of(document: &Document, value: &Expr, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let offset = value.span.start as usize;
    match &value.kind {
        ExprKind::Str(_) => Some("String".to_string()),
        ExprKind::Int(_) => Some("Integer".to_string()),
        ExprKind::Float(_) => Some("Float".to_string()),
        ExprKind::Name(name) => match document.binding(name, offset).map(|binding| &binding.kind) {
            Some(BindingKind::Value { .. }) => {
                let value = module_value(document, name, offset)?;
                type_of(document, value, depth + 1)
            }
            _ => None,
        },
        ExprKind::Call { func, .. } => match &func.kind {
            // Calling a Struct makes one; calling an instance copies it with changes.
            ExprKind::Name(name) => match document.binding(name, offset).map(|b| &b.kind) {
                Some(BindingKind::Class { fields }) if !fields.is_empty() => Some(name.clone()),
                Some(BindingKind::Value { .. }) => {
                    let value = module_value(document, name, offset)?;
                    type_of(document, value, depth + 1)
                }
                Some(_) => None,
                None => {
                    matches!(Schema::get().item(name)?.kind, Kind::Struct(_)).then(|| name.clone())
                }
            },
            ExprKind::Attribute { value, attr } if attr.name == "bind" => {
                type_of(document, value, depth + 1)
            }
            _ => None,
        },
        _ => None,
    }
}

/// The value of the module-level assignment `name = value` in effect at `offset` (the
/// last one before it, else the first).
fn module_value<'a>(document: &'a Document, name: &str, offset: usize) -> Option<&'a Expr> {
    let mut assignments = document
        .module
        .body
        .iter()
        .filter_map(|stmt| match &stmt.kind {
            StmtKind::Assign { targets, value }
                if targets
                    .iter()
                    .any(|target| matches!(&target.kind, ExprKind::Name(n) if n == name)) =>
            {
                Some((stmt.span.start as usize, value))
            }
            _ => None,
        });
    let first = assignments.clone().next();
    assignments
        .rfind(|(start, _)| *start <= offset)
        .or(first)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{bound_names, BoundName};
    use crate::document::Document;

    fn bound(text: &str) -> Vec<BoundName> {
        let document = Document::new(PathBuf::from("test.aurora"), text.to_string(), 1);
        bound_names(&document)
    }

    fn found(name: &str, ty: Option<&str>, values: &[&str]) -> BoundName {
        BoundName {
            name: name.to_string(),
            ty: ty.map(str::to_string),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn instances_calls_and_loop_variables_have_their_struct() {
        let text = r#"class Env(Struct):
  name = Required(String)
STAGING = Env(name = 'staging')
PROD = STAGING(name = 'prod')
ALL = [STAGING, PROD]
JOB = Job(name = '{{profile.name}}')
jobs = [JOB.bind(profile = p) for p in ALL] + [JOB.bind(profile = Env(name = 'x'))]
"#;
        assert_eq!(
            bound(text),
            [found(
                "profile",
                Some("Env"),
                &["STAGING", "PROD", "Env(name = 'x')"]
            )]
        );
    }

    #[test]
    fn literals_dicts_for_loops_and_unknown_values() {
        let text = r#"J = Job()
J.bind({'release': '1.0'}, region = 3)
for r in ('a', 'b'):
  J.bind(rack = r)
def make(profile):
  return J.bind(profile = profile)
"#;
        assert_eq!(
            bound(text),
            [
                found("release", Some("String"), &["'1.0'"]),
                found("region", Some("Integer"), &["3"]),
                found("rack", Some("String"), &["'a'", "'b'"]),
                found("profile", None, &["profile"]),
            ]
        );
    }

    #[test]
    fn schema_structs_are_structs() {
        let text = "J = Job().bind(res = Resources(cpu = 1))\n";
        assert_eq!(
            bound(text),
            [found("res", Some("Resources"), &["Resources(cpu = 1)"])]
        );
    }
}
