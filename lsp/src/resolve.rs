//! Which binding each name of a buffer refers to, by Python's scoping rules: the module,
//! functions and lambdas (a name bound anywhere in a function is local to it unless
//! declared `global`), class bodies (seen from their own body only, not from the methods
//! inside), and comprehensions (their `for` targets are their own). Names the buffer
//! never binds at module level are left unresolved: they come from the schema, the
//! builtins or an `include()`d file.

use std::collections::HashMap;

use aurora_dsl::ast::{
    Arg, Comprehension, DictItem, Expr, ExprKind, ImportNames, Module, Params, Stmt, StmtKind,
};

/// How deep statements and expressions are followed (the parser bounds expressions
/// already; statements nest by indentation only).
const MAX_DEPTH: usize = 200;

/// An index into [`Names::symbols`].
pub type SymbolId = usize;

/// What kind of scope a symbol belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Function,
    Class,
    Comprehension,
}

/// One name as one scope binds it, and every place it is written.
#[derive(Clone, Debug)]
pub struct Symbol {
    pub name: String,
    pub scope: ScopeKind,
    /// In source order.
    pub occurrences: Vec<Occurrence>,
}

/// One place a name is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub start: usize,
    pub end: usize,
    /// Whether the name is bound here (assigned, defined, a parameter, imported...).
    pub binding: bool,
}

/// What a name written at some place refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    Symbol(SymbolId),
    /// Not bound in the buffer: the schema's, a builtin, or an included file's.
    Unresolved,
}

/// Every name of a buffer, resolved.
#[derive(Clone, Debug, Default)]
pub struct Names {
    pub symbols: Vec<Symbol>,
    /// Each name written, by start offset: its end and what it refers to.
    uses: Vec<(usize, usize, Resolved, String)>,
}

impl Names {
    /// Resolves every name of `module`.
    pub fn of(module: &Module) -> Names {
        let mut resolver = Resolver::default();
        let root = resolver.scope(ScopeKind::Module, None);
        resolver.block(root, &module.body, 0);
        let mut names = resolver.names;
        names.uses.sort_by_key(|(start, ..)| *start);
        for symbol in &mut names.symbols {
            symbol.occurrences.sort_by_key(|o| o.start);
            symbol.occurrences.dedup();
        }
        names
    }

    /// The name touching `offset` (its start, end, text) and what it refers to.
    pub fn at(&self, offset: usize) -> Option<(usize, usize, &str, Resolved)> {
        let index = self.uses.partition_point(|(start, ..)| *start <= offset);
        let (start, end, resolved, name) = self.uses.get(index.checked_sub(1)?)?;
        (offset <= *end).then_some((*start, *end, name.as_str(), *resolved))
    }

    /// Every place the unresolved `name` is written.
    pub fn unresolved(&self, name: &str) -> Vec<Occurrence> {
        self.uses
            .iter()
            .filter(|(_, _, resolved, written)| {
                *resolved == Resolved::Unresolved && written == name
            })
            .map(|&(start, end, ..)| Occurrence {
                start,
                end,
                binding: false,
            })
            .collect()
    }
}

struct Scope {
    kind: ScopeKind,
    parent: Option<usize>,
    names: HashMap<String, SymbolId>,
    /// Names declared `global` here.
    globals: Vec<String>,
}

#[derive(Default)]
struct Resolver {
    scopes: Vec<Scope>,
    names: Names,
}

impl Resolver {
    fn scope(&mut self, kind: ScopeKind, parent: Option<usize>) -> usize {
        self.scopes.push(Scope {
            kind,
            parent,
            names: HashMap::new(),
            globals: Vec::new(),
        });
        self.scopes.len() - 1
    }

    /// The symbol `name` is in `scope`, made if new.
    fn declare(&mut self, scope: usize, name: &str) -> SymbolId {
        if let Some(&id) = self.scopes[scope].names.get(name) {
            return id;
        }
        let id = self.names.symbols.len();
        self.names.symbols.push(Symbol {
            name: name.to_string(),
            scope: self.scopes[scope].kind,
            occurrences: Vec::new(),
        });
        self.scopes[scope].names.insert(name.to_string(), id);
        id
    }

    /// The scope a binding of `name` in `scope` binds in (the module for `global`s).
    fn binding_scope(&self, scope: usize, name: &str) -> usize {
        if self.scopes[scope].globals.iter().any(|g| g == name) {
            0
        } else {
            scope
        }
    }

    fn lookup(&self, scope: usize, name: &str) -> Resolved {
        let mut current = Some(scope);
        while let Some(index) = current {
            let here = &self.scopes[index];
            if here.globals.iter().any(|g| g == name) {
                return self.lookup(0, name);
            }
            // A class body is seen only from itself, not from functions inside it.
            let visible = index == scope || here.kind != ScopeKind::Class;
            if let Some(&id) = here.names.get(name).filter(|_| visible) {
                return Resolved::Symbol(id);
            }
            current = here.parent;
        }
        Resolved::Unresolved
    }

    fn record(&mut self, start: usize, end: usize, name: &str, resolved: Resolved, binding: bool) {
        if let Resolved::Symbol(id) = resolved {
            self.names.symbols[id].occurrences.push(Occurrence {
                start,
                end,
                binding,
            });
        }
        self.names
            .uses
            .push((start, end, resolved, name.to_string()));
    }

    fn bind(&mut self, scope: usize, name: &str, start: usize, end: usize) {
        let target = self.binding_scope(scope, name);
        let id = self.declare(target, name);
        self.record(start, end, name, Resolved::Symbol(id), true);
    }

    fn load(&mut self, scope: usize, name: &str, start: usize, end: usize) {
        let resolved = self.lookup(scope, name);
        self.record(start, end, name, resolved, false);
    }

    /// Declares what `body` binds in `scope` (before any name in it is resolved: a name
    /// bound anywhere in a function is local everywhere in it), then walks it.
    fn block(&mut self, scope: usize, body: &[Stmt], depth: usize) {
        self.declare_block(scope, body, depth);
        for stmt in body {
            self.stmt(scope, stmt, depth);
        }
    }

    fn declare_block(&mut self, scope: usize, body: &[Stmt], depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for stmt in body {
            let mut names: Vec<String> = Vec::new();
            match &stmt.kind {
                StmtKind::Global(idents) => {
                    for ident in idents {
                        self.scopes[scope].globals.push(ident.name.clone());
                        self.declare(0, &ident.name);
                    }
                }
                StmtKind::Assign { targets, .. } => {
                    targets.iter().for_each(|t| target_names(t, &mut names))
                }
                StmtKind::AugAssign { target, .. } => target_names(target, &mut names),
                StmtKind::Del(targets) => targets.iter().for_each(|t| target_names(t, &mut names)),
                StmtKind::For { target, .. } => target_names(target, &mut names),
                StmtKind::With { items, .. } => {
                    for item in items.iter().filter_map(|i| i.target.as_ref()) {
                        target_names(item, &mut names);
                    }
                }
                StmtKind::Try { handlers, .. } => names.extend(
                    handlers
                        .iter()
                        .filter_map(|h| Some(h.name.as_ref()?.name.clone())),
                ),
                StmtKind::FunctionDef(function) => names.push(function.name.name.clone()),
                StmtKind::ClassDef(class) => names.push(class.name.name.clone()),
                StmtKind::Import(aliases) => {
                    names.extend(aliases.iter().filter_map(|alias| match &alias.alias {
                        Some(alias) => Some(alias.name.clone()),
                        None => Some(alias.module.parts.first()?.name.clone()),
                    }))
                }
                StmtKind::ImportFrom {
                    names: ImportNames::Names(imported),
                    ..
                } => names.extend(
                    imported
                        .iter()
                        .map(|n| n.alias.as_ref().unwrap_or(&n.name).name.clone()),
                ),
                _ => {}
            }
            for name in names {
                let target = self.binding_scope(scope, &name);
                self.declare(target, &name);
            }
            for nested in nested_blocks(stmt) {
                self.declare_block(scope, nested, depth + 1);
            }
        }
    }

    fn stmt(&mut self, scope: usize, stmt: &Stmt, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match &stmt.kind {
            StmtKind::Expr(value) => self.expr(scope, value, 0),
            StmtKind::Assign { targets, value } => {
                self.expr(scope, value, 0);
                targets.iter().for_each(|t| self.target(scope, t));
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(scope, value, 0);
                self.target(scope, target);
            }
            kind @ (StmtKind::Print { .. }
            | StmtKind::Return(_)
            | StmtKind::Raise { .. }
            | StmtKind::Exec { .. }
            | StmtKind::Assert { .. }) => {
                kind.for_each_evaluated(&mut |e| self.expr(scope, e, 0));
            }
            StmtKind::Del(targets) => targets.iter().for_each(|t| self.target(scope, t)),
            StmtKind::Import(aliases) => {
                for alias in aliases {
                    let ident = alias.alias.as_ref().or(alias.module.parts.first());
                    if let Some(ident) = ident {
                        let span = ident.span;
                        self.bind(scope, &ident.name, span.start as usize, span.end as usize);
                    }
                }
            }
            StmtKind::ImportFrom {
                names: ImportNames::Names(imported),
                ..
            } => {
                for name in imported {
                    let ident = name.alias.as_ref().unwrap_or(&name.name);
                    let span = ident.span;
                    self.bind(scope, &ident.name, span.start as usize, span.end as usize);
                }
            }
            StmtKind::Global(idents) | StmtKind::Nonlocal(idents) => {
                for ident in idents {
                    let span = ident.span;
                    self.load(scope, &ident.name, span.start as usize, span.end as usize);
                }
            }
            StmtKind::If {
                test,
                body,
                elif_else,
            } => {
                self.expr(scope, test, 0);
                self.stmts(scope, body, depth);
                for clause in elif_else {
                    clause.test.iter().for_each(|t| self.expr(scope, t, 0));
                    self.stmts(scope, &clause.body, depth);
                }
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(scope, iter, 0);
                self.target(scope, target);
                self.stmts(scope, body, depth);
                self.stmts(scope, orelse, depth);
            }
            StmtKind::While { test, body, orelse } => {
                self.expr(scope, test, 0);
                self.stmts(scope, body, depth);
                self.stmts(scope, orelse, depth);
            }
            StmtKind::With { items, body, .. } => {
                for item in items {
                    self.expr(scope, &item.context, 0);
                    item.target.iter().for_each(|t| self.target(scope, t));
                }
                self.stmts(scope, body, depth);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.stmts(scope, body, depth);
                for handler in handlers {
                    handler.kind.iter().for_each(|k| self.expr(scope, k, 0));
                    if let Some(name) = &handler.name {
                        let span = name.span;
                        self.bind(scope, &name.name, span.start as usize, span.end as usize);
                    }
                    self.stmts(scope, &handler.body, depth);
                }
                self.stmts(scope, orelse, depth);
                self.stmts(scope, finalbody, depth);
            }
            StmtKind::FunctionDef(function) => {
                function
                    .decorators
                    .iter()
                    .for_each(|d| self.expr(scope, d, 0));
                let inner = self.params(scope, &function.params);
                let span = function.name.span;
                self.bind(
                    scope,
                    &function.name.name,
                    span.start as usize,
                    span.end as usize,
                );
                self.block(inner, &function.body, depth + 1);
            }
            StmtKind::ClassDef(class) => {
                class.decorators.iter().for_each(|d| self.expr(scope, d, 0));
                class
                    .bases
                    .iter()
                    .for_each(|base| self.expr(scope, base.value(), 0));
                let span = class.name.span;
                self.bind(
                    scope,
                    &class.name.name,
                    span.start as usize,
                    span.end as usize,
                );
                let inner = self.scope(ScopeKind::Class, Some(scope));
                self.block(inner, &class.body, depth + 1);
            }
            StmtKind::ImportFrom { .. }
            | StmtKind::Pass
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Error => {}
        }
    }

    fn stmts(&mut self, scope: usize, body: &[Stmt], depth: usize) {
        for stmt in body {
            self.stmt(scope, stmt, depth + 1);
        }
    }

    /// Resolves the defaults of `params` in `scope`; returns the function scope they bind.
    fn params(&mut self, scope: usize, params: &Params) -> usize {
        params.defaults().for_each(|d| self.expr(scope, d, 0));
        let inner = self.scope(ScopeKind::Function, Some(scope));
        let idents = params
            .positional
            .iter()
            .chain(&params.keyword_only)
            .map(|p| &p.name)
            .chain(&params.vararg)
            .chain(&params.kwarg);
        for ident in idents {
            let span = ident.span;
            self.bind(inner, &ident.name, span.start as usize, span.end as usize);
        }
        inner
    }

    /// An assignment target: names in it are bound, anything else in it is read.
    fn target(&mut self, scope: usize, target: &Expr) {
        match &target.kind {
            ExprKind::Name(name) => {
                let span = target.span;
                self.bind(scope, name, span.start as usize, span.end as usize);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                items.iter().for_each(|item| self.target(scope, item))
            }
            ExprKind::Starred(inner) => self.target(scope, inner),
            _ => self.expr(scope, target, 0),
        }
    }

    fn expr(&mut self, scope: usize, expr: &Expr, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match &expr.kind {
            ExprKind::Name(name) => {
                let span = expr.span;
                self.load(scope, name, span.start as usize, span.end as usize);
            }
            ExprKind::ListComp {
                element,
                generators,
            }
            | ExprKind::SetComp {
                element,
                generators,
            }
            | ExprKind::Generator {
                element,
                generators,
            } => self.comprehension(scope, &[element], generators, depth),
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(scope, &[key, value], generators, depth),
            ExprKind::Lambda { params, body } => {
                let inner = self.params(scope, params);
                self.expr(inner, body, depth + 1);
            }
            ExprKind::Call { func, args } => {
                self.expr(scope, func, depth + 1);
                // Keyword names are not variables; only their values are read.
                args.iter()
                    .map(Arg::value)
                    .for_each(|value| self.expr(scope, value, depth + 1));
            }
            ExprKind::Dict(items) => {
                for item in items {
                    match item {
                        DictItem::Pair { key, value } => {
                            self.expr(scope, key, depth + 1);
                            self.expr(scope, value, depth + 1);
                        }
                        DictItem::Splat(value) => self.expr(scope, value, depth + 1),
                    }
                }
            }
            _ => expr.for_each_child(&mut |child| self.expr(scope, child, depth + 1)),
        }
    }

    /// The first iterable is read in `scope`; the rest in the comprehension's own.
    fn comprehension(
        &mut self,
        scope: usize,
        elements: &[&Expr],
        generators: &[Comprehension],
        depth: usize,
    ) {
        let inner = self.scope(ScopeKind::Comprehension, Some(scope));
        let mut names = Vec::new();
        for generator in generators {
            target_names(&generator.target, &mut names);
        }
        for name in &names {
            self.declare(inner, name);
        }
        for (index, generator) in generators.iter().enumerate() {
            let iter_scope = if index == 0 { scope } else { inner };
            self.expr(iter_scope, &generator.iter, depth + 1);
            self.target(inner, &generator.target);
            for condition in &generator.ifs {
                self.expr(inner, condition, depth + 1);
            }
        }
        for element in elements {
            self.expr(inner, element, depth + 1);
        }
    }
}

/// The names an assignment target binds.
fn target_names(target: &Expr, out: &mut Vec<String>) {
    match &target.kind {
        ExprKind::Name(name) => out.push(name.clone()),
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            items.iter().for_each(|item| target_names(item, out))
        }
        ExprKind::Starred(inner) => target_names(inner, out),
        _ => {}
    }
}

/// The statement blocks of `stmt` that bind in the same scope as `stmt` (not the bodies of
/// functions and classes).
fn nested_blocks(stmt: &Stmt) -> Vec<&[Stmt]> {
    match &stmt.kind {
        StmtKind::If {
            body, elif_else, ..
        } => std::iter::once(body.as_slice())
            .chain(elif_else.iter().map(|c| c.body.as_slice()))
            .collect(),
        StmtKind::For { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
            vec![body, orelse]
        }
        StmtKind::With { body, .. } => vec![body],
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => std::iter::once(body.as_slice())
            .chain(handlers.iter().map(|h| h.body.as_slice()))
            .chain([orelse.as_slice(), finalbody.as_slice()])
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Line, column and whether it binds, for every occurrence of the symbol of the name
    /// at `needle` (+`shift`).
    fn occurrences(text: &str, needle: &str, shift: usize) -> Vec<(usize, usize, bool)> {
        let module = aurora_dsl::parse(text, aurora_dsl::FileId(0)).module;
        let names = Names::of(&module);
        let offset = text.find(needle).unwrap() + shift;
        match names.at(offset).unwrap().3 {
            Resolved::Symbol(id) => names.symbols[id]
                .occurrences
                .iter()
                .map(|o| {
                    let line = text[..o.start].matches('\n').count();
                    let column = o.start - text[..o.start].rfind('\n').map_or(0, |n| n + 1);
                    (line, column, o.binding)
                })
                .collect(),
            Resolved::Unresolved => Vec::new(),
        }
    }

    #[test]
    fn function_locals_shadow_module_names() {
        let text = r#"x = 1
def f(y):
  x = y
  return x
z = x
"#;
        // The module's `x`: the first and the last line only.
        assert_eq!(
            occurrences(text, "x = 1", 0),
            vec![(0, 0, true), (4, 4, false)]
        );
        // The local `x`.
        assert_eq!(
            occurrences(text, "x = y", 0),
            vec![(2, 2, true), (3, 9, false)]
        );
        // The parameter.
        assert_eq!(
            occurrences(text, "y)", 0),
            vec![(1, 6, true), (2, 6, false)]
        );
    }

    #[test]
    fn global_declarations_bind_the_module_name() {
        let text = "x = 1\ndef f():\n  global x\n  x = 2\n";
        let found = occurrences(text, "x = 2", 0);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0], (0, 0, true));
    }

    #[test]
    fn comprehension_variables_and_class_bodies_are_their_own() {
        let text = "i = 0\nl = [i for i in range(3)]\nclass C(Struct):\n  i = 1\n  j = [i]\n";
        assert_eq!(occurrences(text, "i = 0", 0), vec![(0, 0, true)]);
        assert_eq!(
            occurrences(text, "i for", 0),
            vec![(1, 5, false), (1, 11, true)]
        );
        assert_eq!(
            occurrences(text, "i = 1", 0),
            vec![(3, 2, true), (4, 7, false)]
        );
    }

    #[test]
    fn schema_names_are_unresolved() {
        let text = "p = Process(name = 'x')\n";
        let module = aurora_dsl::parse(text, aurora_dsl::FileId(0)).module;
        let names = Names::of(&module);
        assert_eq!(names.at(5).unwrap().3, Resolved::Unresolved);
        assert_eq!(names.unresolved("Process").len(), 1);
        // A keyword's name is no variable.
        assert!(names.at(13).is_none());
    }
}
