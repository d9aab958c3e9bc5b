//! Python's scoping rules, decided once per function: a name is local to a function if
//! the function assigns it anywhere (and does not declare it `global`); other names are
//! looked up in the enclosing functions, then the module's globals, then the builtins.
//!
//! Python 2's list comprehensions bind their variables in the enclosing scope; generator
//! expressions and set/dict comprehensions get a scope of their own. Which names a scope
//! binds is `aurora_dsl::scopes`' walk, the one the parser's checks use too.

use std::collections::HashMap;
use std::rc::Rc;

use aurora_dsl::ast::{Comprehension, Expr, FunctionDef, Params};
use aurora_dsl::scopes::{self, ScopeVisitor};

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
}

/// Only what the scope binds matters here: names it reads are looked up when read, and
/// nested scopes are analysed when they run.
impl<'a> ScopeVisitor<'a> for Locals {
    fn bind(&mut self, name: &'a str) {
        self.add(name);
    }

    fn declare_global(&mut self, name: &'a str) {
        if !self.globals.iter().any(|global| &**global == name) {
            self.globals.push(name.into());
        }
    }
}

/// Analyses a `def`.
pub fn analyze_def(def: Rc<FunctionDef>) -> FnCode {
    let mut locals = Locals::default();
    scopes::walk_params(&mut locals, &def.params);
    let params = locals.names.len();
    scopes::walk_body(&mut locals, &def.body);
    let name: Rc<str> = def.name.name.as_str().into();
    locals.finish(name, CodeBody::Def(def), params)
}

/// Analyses a `lambda`.
pub fn analyze_lambda(lambda: Rc<LambdaCode>) -> FnCode {
    let mut locals = Locals::default();
    scopes::walk_params(&mut locals, &lambda.params);
    let params = locals.names.len();
    scopes::walk_expr(&mut locals, &lambda.body);
    locals.finish("<lambda>".into(), CodeBody::Lambda(lambda), params)
}

/// Analyses a generator expression or set/dict comprehension: its targets, and the list
/// comprehensions nested in it, are its locals.
pub fn analyze_comprehension(generators: &[Comprehension], elements: &[&Expr]) -> FnCode {
    let mut locals = Locals::default();
    scopes::walk_comprehension(&mut locals, generators, elements);
    locals.finish("<genexpr>".into(), CodeBody::Comprehension, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aurora_dsl::ast::StmtKind;
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
