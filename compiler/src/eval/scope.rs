//! Python's scoping rules, decided once per function: a name is local to a function if
//! the function assigns it anywhere (and does not declare it `global`); other names are
//! looked up in the enclosing functions, then the module's globals, then the builtins.
//!
//! Python 2's list comprehensions bind their variables in the enclosing scope; generator
//! expressions and set/dict comprehensions get a scope of their own.

use std::collections::HashMap;
use std::rc::Rc;

use aurora_dsl::ast::{
    Comprehension, Expr, ExprKind, FunctionDef, ImportNames, Params, Stmt, StmtKind,
};

use crate::value::FxBuild;

/// What a function's body is.
pub enum CodeBody {
    Def(Rc<FunctionDef>),
    Lambda(Rc<LambdaCode>),
    /// A generator expression or set/dict comprehension, evaluated in place.
    Comprehension,
}

/// A lambda's parameters and body.
pub struct LambdaCode {
    pub params: Params,
    pub body: Expr,
}

/// A function's code and the result of its scope analysis.
pub struct FnCode {
    pub name: Rc<str>,
    pub body: CodeBody,
    /// Slot of every local name (parameters first, in order).
    pub slots: HashMap<Rc<str>, usize, FxBuild>,
    pub slot_names: Vec<Rc<str>>,
    /// Names declared `global`.
    pub declared_global: Vec<Rc<str>>,
}

impl FnCode {
    /// The parameters, for defs and lambdas.
    pub fn params(&self) -> Option<&Params> {
        match &self.body {
            CodeBody::Def(def) => Some(&def.params),
            CodeBody::Lambda(lambda) => Some(&lambda.params),
            CodeBody::Comprehension => None,
        }
    }

    /// The slot of a local name.
    pub fn slot(&self, name: &str) -> Option<usize> {
        // Most functions have a handful of locals: a scan beats hashing the name.
        if self.slot_names.len() <= 8 {
            return self
                .slot_names
                .iter()
                .position(|local| local.len() == name.len() && **local == *name);
        }
        self.slots.get(name).copied()
    }

    pub fn is_declared_global(&self, name: &str) -> bool {
        self.declared_global.iter().any(|global| &**global == name)
    }
}

/// Collects the local names of one scope.
#[derive(Default)]
struct Locals {
    slots: HashMap<Rc<str>, usize, FxBuild>,
    names: Vec<Rc<str>>,
    globals: Vec<Rc<str>>,
}

impl Locals {
    fn add(&mut self, name: &str) {
        if !self.slots.contains_key(name) {
            let name: Rc<str> = name.into();
            self.slots.insert(Rc::clone(&name), self.names.len());
            self.names.push(name);
        }
    }

    fn add_params(&mut self, params: &Params) {
        for param in &params.positional {
            self.add(&param.name.name);
        }
        if let Some(vararg) = &params.vararg {
            self.add(&vararg.name);
        }
        for param in &params.keyword_only {
            self.add(&param.name.name);
        }
        if let Some(kwarg) = &params.kwarg {
            self.add(&kwarg.name);
        }
        // The names of Python 2's tuple parameters, after the parameters' own slots.
        for param in &params.positional {
            if let Some(pattern) = &param.unpack {
                self.target(pattern);
            }
        }
    }

    fn finish(mut self, name: Rc<str>, body: CodeBody, params: usize) -> FnCode {
        // `global x` wins over assignments to `x` anywhere in the function (a parameter
        // declared global keeps its slot; the definition is rejected as Python does).
        if !self.globals.is_empty() {
            let globals = std::mem::take(&mut self.globals);
            let kept: Vec<Rc<str>> = self
                .names
                .iter()
                .enumerate()
                .filter(|(index, name)| *index < params || !globals.contains(name))
                .map(|(_, name)| Rc::clone(name))
                .collect();
            self = Locals::default();
            for name in &kept {
                self.add(name);
            }
            self.globals = globals;
        }
        FnCode {
            name,
            body,
            slots: self.slots,
            slot_names: self.names,
            declared_global: self.globals,
        }
    }

    fn statements(&mut self, body: &[Stmt]) {
        for stmt in body {
            self.statement(stmt);
        }
    }

    fn statement(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Expr(expr) => self.expression(expr),
            StmtKind::Assign { targets, value } => {
                targets.iter().for_each(|target| self.target(target));
                self.expression(value);
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.target(target);
                self.expression(value);
            }
            kind @ (StmtKind::Print { .. }
            | StmtKind::Return(_)
            | StmtKind::Raise { .. }
            | StmtKind::Exec { .. }
            | StmtKind::Assert { .. }) => {
                kind.for_each_evaluated(&mut |expr| self.expression(expr));
            }
            StmtKind::Del(targets) => targets.iter().for_each(|target| self.target(target)),
            StmtKind::Import(aliases) => {
                for alias in aliases {
                    match &alias.alias {
                        Some(alias) => self.add(&alias.name),
                        None => {
                            if let Some(first) = alias.module.parts.first() {
                                self.add(&first.name);
                            }
                        }
                    }
                }
            }
            StmtKind::ImportFrom { names, .. } => {
                if let ImportNames::Names(names) = names {
                    for name in names {
                        self.add(&name.alias.as_ref().unwrap_or(&name.name).name);
                    }
                }
            }
            StmtKind::Global(names) => {
                for name in names {
                    if !self.globals.iter().any(|global| **global == *name.name) {
                        self.globals.push(name.name.as_str().into());
                    }
                }
            }
            StmtKind::If {
                test,
                body,
                elif_else,
            } => {
                self.expression(test);
                self.statements(body);
                for clause in elif_else {
                    clause.test.iter().for_each(|test| self.expression(test));
                    self.statements(&clause.body);
                }
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.target(target);
                self.expression(iter);
                self.statements(body);
                self.statements(orelse);
            }
            StmtKind::While {
                test, body, orelse, ..
            } => {
                self.expression(test);
                self.statements(body);
                self.statements(orelse);
            }
            StmtKind::With { items, body, .. } => {
                for item in items {
                    self.expression(&item.context);
                    item.target.iter().for_each(|target| self.target(target));
                }
                self.statements(body);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.statements(body);
                for handler in handlers {
                    handler.kind.iter().for_each(|kind| self.expression(kind));
                    if let Some(name) = &handler.name {
                        self.add(&name.name);
                    }
                    self.statements(&handler.body);
                }
                self.statements(orelse);
                self.statements(finalbody);
            }
            StmtKind::FunctionDef(def) => {
                self.add(&def.name.name);
                def.decorators.iter().for_each(|expr| self.expression(expr));
                def.params.defaults().for_each(|expr| self.expression(expr));
            }
            StmtKind::ClassDef(class) => {
                self.add(&class.name.name);
                class
                    .decorators
                    .iter()
                    .for_each(|expr| self.expression(expr));
                class
                    .bases
                    .iter()
                    .for_each(|arg| self.expression(arg.value()));
            }
            StmtKind::Pass
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Nonlocal(_)
            | StmtKind::Error => {}
        }
    }

    /// Names bound by an assignment target.
    fn target(&mut self, target: &Expr) {
        match &target.kind {
            ExprKind::Name(name) => self.add(name),
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                items.iter().for_each(|item| self.target(item))
            }
            ExprKind::Starred(inner) => self.target(inner),
            _ => self.expression(target),
        }
    }

    /// Python 2 list comprehensions leak their variables into this scope.
    fn expression(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::ListComp {
                element,
                generators,
            } => {
                for generator in generators {
                    self.target(&generator.target);
                    self.expression(&generator.iter);
                    generator.ifs.iter().for_each(|test| self.expression(test));
                }
                self.expression(element);
            }
            // Their own scopes; only the first iterable is evaluated out here.
            ExprKind::Generator { generators, .. }
            | ExprKind::SetComp { generators, .. }
            | ExprKind::DictComp { generators, .. } => {
                if let Some(first) = generators.first() {
                    self.expression(&first.iter);
                }
            }
            ExprKind::Lambda { params, .. } => {
                params.defaults().for_each(|expr| self.expression(expr));
            }
            _ => expr.for_each_child(&mut |child| self.expression(child)),
        }
    }
}

/// Analyses a `def`.
pub fn analyze_def(def: Rc<FunctionDef>) -> FnCode {
    let mut locals = Locals::default();
    locals.add_params(&def.params);
    let params = locals.names.len();
    locals.statements(&def.body);
    let name: Rc<str> = def.name.name.as_str().into();
    locals.finish(name, CodeBody::Def(def), params)
}

/// Analyses a `lambda`.
pub fn analyze_lambda(lambda: Rc<LambdaCode>) -> FnCode {
    let mut locals = Locals::default();
    locals.add_params(&lambda.params);
    let params = locals.names.len();
    locals.expression(&lambda.body);
    locals.finish("<lambda>".into(), CodeBody::Lambda(lambda), params)
}

/// Analyses a generator expression or set/dict comprehension: its targets, and the list
/// comprehensions nested in it, are its locals.
pub fn analyze_comprehension(generators: &[Comprehension], elements: &[&Expr]) -> FnCode {
    let mut locals = Locals::default();
    for (index, generator) in generators.iter().enumerate() {
        locals.target(&generator.target);
        if index > 0 {
            locals.expression(&generator.iter);
        }
        generator
            .ifs
            .iter()
            .for_each(|test| locals.expression(test));
    }
    for element in elements {
        locals.expression(element);
    }
    locals.finish("<genexpr>".into(), CodeBody::Comprehension, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aurora_dsl::FileId;

    fn first_def(source: &str) -> Rc<FunctionDef> {
        let parsed = aurora_dsl::parse(source, FileId(0));
        match &parsed.module.body[0].kind {
            StmtKind::FunctionDef(def) => Rc::new((**def).clone()),
            other => panic!("expected a def, got {other:?}"),
        }
    }

    #[test]
    fn assigned_names_are_local_and_globals_are_not() {
        let code = analyze_def(first_def(
            "def f(a, *rest, **kw):\n  global g\n  b = 1\n  g = 2\n  for c, (d, e) in x: pass\n  [i for i in y]\n  (j for j in z)\n",
        ));
        let names: Vec<&str> = code.slot_names.iter().map(|name| &**name).collect();
        assert_eq!(names, ["a", "rest", "kw", "b", "c", "d", "e", "i"]);
        assert!(code.is_declared_global("g"));
    }
}
