//! The prelude's names are exactly what the schema defines, and every name the schema
//! reads resolves: to an earlier definition, a Pystachio name, or a Python builtin.

mod common;

use std::collections::{BTreeSet, HashSet};

use aurora_dsl::ast::{Expr, ExprKind, Params, Stmt, StmtKind};
use aurora_stdlib::{prelude_names, PYSTACHIO_NAMES};
use common::{parse_schema, ParsedFile};

#[test]
fn prelude_names_are_unique() {
    let mut seen = HashSet::new();
    for name in prelude_names() {
        assert!(seen.insert(name), "{name} is listed twice");
    }
}

#[test]
fn prelude_is_pystachio_then_every_public_schema_definition_in_order() {
    let files = parse_schema();
    let mut expected: Vec<&str> = PYSTACHIO_NAMES.to_vec();
    for file in &files {
        for stmt in &file.parsed.module.body {
            for name in defined_names(stmt) {
                if !name.starts_with('_') {
                    expected.push(name);
                }
            }
        }
    }
    assert_eq!(prelude_names().collect::<Vec<_>>(), expected);
}

/// Names that are not in real Aurora's namespace must stay undefined (a NameError), like
/// Twitter's internal `Packer`; `include` is there, but it is the evaluator's to provide.
#[test]
fn names_real_aurora_lacks_are_not_in_the_prelude() {
    for name in [
        "Packer",
        "Bytes",
        "DockerParameter",
        "os",
        "getpass",
        "include",
    ] {
        assert!(
            !prelude_names().any(|defined| defined == name),
            "{name} must not be in the prelude"
        );
    }
}

/// The Python builtins the schema reads: the evaluator must provide each of them (with
/// Python's behaviour) in the namespace the schema files run in.
#[test]
fn every_name_resolves_and_the_builtins_used_are_these() {
    let files = parse_schema();
    let mut resolver = Resolver {
        module: PYSTACHIO_NAMES
            .iter()
            .map(|name| name.to_string())
            .collect(),
        deferred: Vec::new(),
        builtins: BTreeSet::new(),
    };
    for file in &files {
        for stmt in &file.parsed.module.body {
            resolver.module_stmt(file, stmt);
        }
    }
    // Function bodies run later, when every schema file has been evaluated.
    for (file, params, body) in std::mem::take(&mut resolver.deferred) {
        resolver.function_body(file, params, body);
    }
    let builtins: Vec<&str> = resolver.builtins.iter().map(String::as_str).collect();
    insta::assert_snapshot!(builtins.join("\n"));
}

#[test]
fn the_schema_imports_nothing() {
    for file in parse_schema() {
        let mut stack: Vec<&Stmt> = file.parsed.module.body.iter().collect();
        while let Some(stmt) = stack.pop() {
            assert!(
                !matches!(stmt.kind, StmtKind::Import(_) | StmtKind::ImportFrom { .. }),
                "{}: the schema must not import (the evaluator supports no modules here)",
                file.file.name
            );
            match &stmt.kind {
                StmtKind::ClassDef(class) => stack.extend(&class.body),
                StmtKind::FunctionDef(function) => stack.extend(&function.body),
                StmtKind::If {
                    body, elif_else, ..
                } => {
                    stack.extend(body);
                    elif_else
                        .iter()
                        .for_each(|clause| stack.extend(&clause.body));
                }
                StmtKind::For { body, orelse, .. } => {
                    stack.extend(body);
                    stack.extend(orelse);
                }
                _ => {}
            }
        }
    }
}

/// Python 2.7 builtins the schema may read (a name outside this list is a typo).
const PYTHON_BUILTINS: &[&str] = &[
    "False",
    "None",
    "True",
    "ValueError",
    "TypeError",
    "classmethod",
    "staticmethod",
    "object",
    "dict",
    "list",
    "tuple",
    "set",
    "str",
    "basestring",
    "int",
    "float",
    "bool",
    "len",
    "max",
    "min",
    "sum",
    "zip",
    "map",
    "sorted",
    "reduce",
    "repr",
    "isinstance",
    "range",
    "enumerate",
];

/// The names a top-level statement binds.
fn defined_names(stmt: &Stmt) -> Vec<&str> {
    match &stmt.kind {
        StmtKind::Assign { targets, .. } => targets.iter().flat_map(target_names).collect(),
        StmtKind::ClassDef(class) => vec![class.name.name.as_str()],
        StmtKind::FunctionDef(function) => vec![function.name.name.as_str()],
        _ => Vec::new(),
    }
}

/// The names an assignment or `for` target binds.
fn target_names(target: &Expr) -> Vec<&str> {
    match &target.kind {
        ExprKind::Name(name) => vec![name.as_str()],
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            items.iter().flat_map(target_names).collect()
        }
        _ => Vec::new(),
    }
}

/// The names `expr` reads, leaving out the variables its comprehensions and lambdas bind.
fn reads(expr: &Expr) -> Vec<&str> {
    let mut bound = HashSet::new();
    let mut read = Vec::new();
    collect(expr, &mut bound, &mut read);
    read.retain(|name| !bound.contains(name));
    read
}

fn collect<'a>(expr: &'a Expr, bound: &mut HashSet<&'a str>, read: &mut Vec<&'a str>) {
    match &expr.kind {
        ExprKind::Name(name) => read.push(name),
        ExprKind::ListComp { generators, .. }
        | ExprKind::SetComp { generators, .. }
        | ExprKind::Generator { generators, .. }
        | ExprKind::DictComp { generators, .. } => {
            for generator in generators {
                bound.extend(target_names(&generator.target));
            }
        }
        ExprKind::Lambda { params, .. } => bound.extend(param_names(params)),
        _ => {}
    }
    expr.for_each_child(&mut |child| collect(child, bound, read));
}

fn param_names(params: &Params) -> Vec<&str> {
    let named = params.positional.iter().chain(&params.keyword_only);
    named
        .map(|param| param.name.name.as_str())
        .chain(params.vararg.iter().map(|ident| ident.name.as_str()))
        .chain(params.kwarg.iter().map(|ident| ident.name.as_str()))
        .collect()
}

/// Checks names the way Python resolves them: top-level code in order, function bodies
/// against their locals and the module's final names.
struct Resolver<'a> {
    module: HashSet<String>,
    deferred: Vec<(&'a ParsedFile, &'a Params, &'a [Stmt])>,
    builtins: BTreeSet<String>,
}

impl<'a> Resolver<'a> {
    fn resolve(&mut self, file: &ParsedFile, name: &str, locals: &HashSet<&str>) {
        if locals.contains(name) || self.module.contains(name) {
            return;
        }
        assert!(
            PYTHON_BUILTINS.contains(&name),
            "{}: `{name}` is not defined at that point",
            file.file.name
        );
        self.builtins.insert(name.to_string());
    }

    fn resolve_expr(&mut self, file: &ParsedFile, expr: &Expr, locals: &HashSet<&str>) {
        for name in reads(expr) {
            self.resolve(file, name, locals);
        }
    }

    fn module_stmt(&mut self, file: &'a ParsedFile, stmt: &'a Stmt) {
        let no_locals = HashSet::new();
        match &stmt.kind {
            StmtKind::Assign { value, .. } => self.resolve_expr(file, value, &no_locals),
            StmtKind::Expr(expr) => self.resolve_expr(file, expr, &no_locals),
            StmtKind::FunctionDef(function) => {
                for expr in function.decorators.iter().chain(function.params.defaults()) {
                    self.resolve_expr(file, expr, &no_locals);
                }
                self.deferred.push((file, &function.params, &function.body));
            }
            StmtKind::ClassDef(class) => {
                let bases = class.bases.iter().map(|base| base.value());
                for expr in class.decorators.iter().chain(bases) {
                    self.resolve_expr(file, expr, &no_locals);
                }
                let mut class_scope = HashSet::new();
                for member in &class.body {
                    match &member.kind {
                        StmtKind::Assign { value, .. } => {
                            self.resolve_expr(file, value, &class_scope);
                        }
                        StmtKind::Expr(expr) => self.resolve_expr(file, expr, &class_scope),
                        StmtKind::FunctionDef(method) => {
                            for expr in method.decorators.iter().chain(method.params.defaults()) {
                                self.resolve_expr(file, expr, &class_scope);
                            }
                            // A method's body does not see the class scope.
                            self.deferred.push((file, &method.params, &method.body));
                        }
                        other => panic!("{}: unexpected in a class: {other:?}", file.file.name),
                    }
                    class_scope.extend(defined_names(member));
                }
            }
            other => panic!("{}: unexpected at top level: {other:?}", file.file.name),
        }
        self.module
            .extend(defined_names(stmt).into_iter().map(str::to_string));
    }

    /// Checks a function body; nested functions share its locals (close enough here).
    fn function_body(&mut self, file: &ParsedFile, params: &'a Params, body: &'a [Stmt]) {
        let mut locals: HashSet<&str> = param_names(params).into_iter().collect();
        let mut exprs = Vec::new();
        let mut stack: Vec<&Stmt> = body.iter().collect();
        while let Some(stmt) = stack.pop() {
            match &stmt.kind {
                StmtKind::Expr(expr) | StmtKind::Return(Some(expr)) => exprs.push(expr),
                StmtKind::Return(None) | StmtKind::Pass => {}
                StmtKind::Assign { targets, value } => {
                    targets
                        .iter()
                        .for_each(|target| locals.extend(target_names(target)));
                    exprs.push(value);
                }
                StmtKind::Raise { exc, cause, .. } => exprs.extend(exc.iter().chain(cause)),
                StmtKind::If {
                    test,
                    body,
                    elif_else,
                } => {
                    exprs.push(test);
                    stack.extend(body);
                    for clause in elif_else {
                        exprs.extend(&clause.test);
                        stack.extend(&clause.body);
                    }
                }
                StmtKind::For {
                    target,
                    iter,
                    body,
                    orelse,
                    ..
                } => {
                    locals.extend(target_names(target));
                    exprs.push(iter);
                    stack.extend(body);
                    stack.extend(orelse);
                }
                StmtKind::FunctionDef(nested) => {
                    locals.insert(&nested.name.name);
                    locals.extend(param_names(&nested.params));
                    exprs.extend(nested.decorators.iter().chain(nested.params.defaults()));
                    stack.extend(&nested.body);
                }
                other => panic!("{}: unexpected in a function: {other:?}", file.file.name),
            }
        }
        for expr in exprs {
            self.resolve_expr(file, expr, &locals);
        }
    }
}
