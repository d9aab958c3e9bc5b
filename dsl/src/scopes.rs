//! Which names a Python 2.7 scope binds, uses and declares `global`, and which scopes are
//! nested in it: the one walk of the tree that both the parser's symbol-table checks
//! (`exec` and `import *` in closures) and an evaluator's local variables are built on.
//!
//! A scope is a module, a class body, a function, a lambda, or a generator expression or
//! set/dict comprehension. Python 2's list comprehensions bind their names in the scope
//! they are in. The parts of a nested scope evaluated where it is written (decorators,
//! defaults, base classes, a comprehension's first iterable) belong to the outer scope.

use crate::ast::{Arg, Comprehension, Expr, ExprKind, ImportNames, Params, Stmt, StmtKind};
use crate::source_map::Span;

/// A scope met while walking another, for the visitor to walk (or not) on its own.
pub enum NestedScope<'a> {
    Function {
        name: &'a str,
        span: Span,
        params: &'a Params,
        body: &'a [Stmt],
    },
    Lambda {
        span: Span,
        params: &'a Params,
        body: &'a Expr,
    },
    Class {
        name: &'a str,
        span: Span,
        body: &'a [Stmt],
    },
    /// A generator expression (`<genexpr>`) or a set or dict comprehension; walk it with
    /// [`walk_comprehension`].
    Comprehension {
        name: &'static str,
        span: Span,
        generators: &'a [Comprehension],
        elements: Vec<&'a Expr>,
    },
}

/// What a walk reports, in source order (targets before the values assigned to them).
pub trait ScopeVisitor<'a> {
    /// `name` is bound in this scope (assigned, imported, defined, a parameter...).
    fn bind(&mut self, name: &'a str);
    /// `name` is read in this scope.
    fn use_name(&mut self, _name: &'a str) {}
    /// `global name`.
    fn declare_global(&mut self, name: &'a str);
    /// A scope nested in this one.
    fn nested(&mut self, _scope: NestedScope<'a>) {}
    /// Python 2's `exec` without a namespace (`exec code`, `exec(code)`), at `span`.
    fn bare_exec(&mut self, _span: Span) {}
    /// `from m import *`, at `span`.
    fn import_star(&mut self, _span: Span) {}
}

/// Walks the parameters of a function or lambda, in the order their values are passed:
/// the named ones, `*args`, keyword-only ones, `**kwargs`, then the names inside Python
/// 2's tuple parameters. (Their defaults belong to the enclosing scope.)
pub fn walk_params<'a>(visitor: &mut impl ScopeVisitor<'a>, params: &'a Params) {
    for param in &params.positional {
        visitor.bind(&param.name.name);
    }
    if let Some(vararg) = &params.vararg {
        visitor.bind(&vararg.name);
    }
    for param in &params.keyword_only {
        visitor.bind(&param.name.name);
    }
    if let Some(kwarg) = &params.kwarg {
        visitor.bind(&kwarg.name);
    }
    for pattern in params
        .positional
        .iter()
        .filter_map(|param| param.unpack.as_ref())
    {
        walk_target(visitor, pattern);
    }
}

/// Walks the statements of one scope.
pub fn walk_body<'a>(visitor: &mut impl ScopeVisitor<'a>, body: &'a [Stmt]) {
    for stmt in body {
        walk_stmt(visitor, stmt);
    }
}

/// Walks the inside of a generator expression or set/dict comprehension: its targets,
/// its iterables after the first, its conditions and its elements.
pub fn walk_comprehension<'a>(
    visitor: &mut impl ScopeVisitor<'a>,
    generators: &'a [Comprehension],
    elements: &[&'a Expr],
) {
    for (index, generator) in generators.iter().enumerate() {
        walk_target(visitor, &generator.target);
        if index > 0 {
            walk_expr(visitor, &generator.iter);
        }
        for test in &generator.ifs {
            walk_expr(visitor, test);
        }
    }
    for element in elements {
        walk_expr(visitor, element);
    }
}

fn walk_stmt<'a>(visitor: &mut impl ScopeVisitor<'a>, stmt: &'a Stmt) {
    match &stmt.kind {
        StmtKind::Expr(value) => {
            if is_bare_exec_call(value) {
                visitor.bare_exec(stmt.span);
            }
            walk_expr(visitor, value);
        }
        StmtKind::Assign { targets, value } => {
            for target in targets {
                walk_target(visitor, target);
            }
            walk_expr(visitor, value);
        }
        StmtKind::AugAssign { target, value, .. } => {
            walk_target(visitor, target);
            // `x += 1` reads `x` too.
            if let ExprKind::Name(name) = &target.kind {
                visitor.use_name(name);
            }
            walk_expr(visitor, value);
        }
        kind @ (StmtKind::Print { .. }
        | StmtKind::Return(_)
        | StmtKind::Raise { .. }
        | StmtKind::Exec { .. }
        | StmtKind::Assert { .. }) => {
            if let StmtKind::Exec { globals: None, .. } = kind {
                visitor.bare_exec(stmt.span);
            }
            kind.for_each_evaluated(&mut |part| walk_expr(visitor, part));
        }
        StmtKind::Del(targets) => {
            for target in targets {
                walk_target(visitor, target);
            }
        }
        StmtKind::Import(aliases) => {
            for alias in aliases {
                // `import a.b` binds `a`.
                let bound = alias.alias.as_ref().or(alias.module.parts.first());
                if let Some(bound) = bound {
                    visitor.bind(&bound.name);
                }
            }
        }
        StmtKind::ImportFrom { names, .. } => match names {
            ImportNames::Star(_) => visitor.import_star(stmt.span),
            ImportNames::Names(names) => {
                for name in names {
                    visitor.bind(&name.alias.as_ref().unwrap_or(&name.name).name);
                }
            }
        },
        StmtKind::Global(names) => {
            for name in names {
                visitor.declare_global(&name.name);
            }
        }
        StmtKind::If {
            test,
            body,
            elif_else,
        } => {
            walk_expr(visitor, test);
            walk_body(visitor, body);
            for clause in elif_else {
                if let Some(test) = &clause.test {
                    walk_expr(visitor, test);
                }
                walk_body(visitor, &clause.body);
            }
        }
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
            ..
        } => {
            walk_target(visitor, target);
            walk_expr(visitor, iter);
            walk_body(visitor, body);
            walk_body(visitor, orelse);
        }
        StmtKind::While { test, body, orelse } => {
            walk_expr(visitor, test);
            walk_body(visitor, body);
            walk_body(visitor, orelse);
        }
        StmtKind::With { items, body, .. } => {
            for item in items {
                walk_expr(visitor, &item.context);
                if let Some(target) = &item.target {
                    walk_target(visitor, target);
                }
            }
            walk_body(visitor, body);
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            walk_body(visitor, body);
            for handler in handlers {
                if let Some(kind) = &handler.kind {
                    walk_expr(visitor, kind);
                }
                if let Some(name) = &handler.name {
                    visitor.bind(&name.name);
                }
                walk_body(visitor, &handler.body);
            }
            walk_body(visitor, orelse);
            walk_body(visitor, finalbody);
        }
        StmtKind::FunctionDef(def) => {
            visitor.bind(&def.name.name);
            for decorator in &def.decorators {
                walk_expr(visitor, decorator);
            }
            for default in def.params.defaults() {
                walk_expr(visitor, default);
            }
            visitor.nested(NestedScope::Function {
                name: &def.name.name,
                span: stmt.span,
                params: &def.params,
                body: &def.body,
            });
        }
        StmtKind::ClassDef(class) => {
            visitor.bind(&class.name.name);
            for decorator in &class.decorators {
                walk_expr(visitor, decorator);
            }
            for base in &class.bases {
                walk_expr(visitor, base.value());
            }
            visitor.nested(NestedScope::Class {
                name: &class.name.name,
                span: stmt.span,
                body: &class.body,
            });
        }
        StmtKind::Pass
        | StmtKind::Break
        | StmtKind::Continue
        | StmtKind::Nonlocal(_)
        | StmtKind::Error => {}
    }
}

/// An assignment (or `del`, or `for`) target: names are bound; in `a.b = ...` and
/// `a[0] = ...`, `a` is read.
fn walk_target<'a>(visitor: &mut impl ScopeVisitor<'a>, target: &'a Expr) {
    match &target.kind {
        ExprKind::Name(name) => visitor.bind(name),
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            for item in items {
                walk_target(visitor, item);
            }
        }
        ExprKind::Starred(inner) => walk_target(visitor, inner),
        _ => walk_expr(visitor, target),
    }
}

/// Walks an expression evaluated in this scope.
pub fn walk_expr<'a>(visitor: &mut impl ScopeVisitor<'a>, expr: &'a Expr) {
    match &expr.kind {
        ExprKind::Name(name) => visitor.use_name(name),
        // Python 2's list comprehension binds its names here.
        ExprKind::ListComp {
            element,
            generators,
        } => {
            for generator in generators {
                walk_target(visitor, &generator.target);
                walk_expr(visitor, &generator.iter);
                for test in &generator.ifs {
                    walk_expr(visitor, test);
                }
            }
            walk_expr(visitor, element);
        }
        ExprKind::Generator {
            element,
            generators,
        } => comprehension_scope(visitor, "<genexpr>", expr.span, generators, vec![element]),
        ExprKind::SetComp {
            element,
            generators,
        } => comprehension_scope(visitor, "<setcomp>", expr.span, generators, vec![element]),
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => comprehension_scope(
            visitor,
            "<dictcomp>",
            expr.span,
            generators,
            vec![key, value],
        ),
        ExprKind::Lambda { params, body } => {
            for default in params.defaults() {
                walk_expr(visitor, default);
            }
            visitor.nested(NestedScope::Lambda {
                span: expr.span,
                params,
                body,
            });
        }
        _ => expr.for_each_child(&mut |child| walk_expr(visitor, child)),
    }
}

/// A comprehension with a scope of its own: its first iterable is evaluated out here.
fn comprehension_scope<'a>(
    visitor: &mut impl ScopeVisitor<'a>,
    name: &'static str,
    span: Span,
    generators: &'a [Comprehension],
    elements: Vec<&'a Expr>,
) {
    if let Some(first) = generators.first() {
        walk_expr(visitor, &first.iter);
    }
    visitor.nested(NestedScope::Comprehension {
        name,
        span,
        generators,
        elements,
    });
}

/// Whether the statement `value`, which starts with `exec(`, is Python 2's `exec`
/// statement without a namespace: its body is all of `value` (`exec(code) + x` runs
/// `(code) + x`), and only a body that is a tuple of two or three values names one.
pub(crate) fn is_bare_exec_call(value: &Expr) -> bool {
    fn leading_exec_call(expr: &Expr) -> Option<&Expr> {
        match &expr.kind {
            ExprKind::Call { func, .. } if matches!(&func.kind, ExprKind::Name(name) if name == "exec") => {
                Some(expr)
            }
            ExprKind::Call { func: inner, .. }
            | ExprKind::Attribute { value: inner, .. }
            | ExprKind::Subscript { value: inner, .. }
            | ExprKind::Binary { left: inner, .. }
            | ExprKind::Compare { left: inner, .. }
            | ExprKind::IfElse { body: inner, .. } => leading_exec_call(inner),
            ExprKind::BoolOp { values: items, .. } | ExprKind::Tuple(items) => {
                items.first().and_then(leading_exec_call)
            }
            _ => None,
        }
    }
    let Some(call) = leading_exec_call(value) else {
        return false;
    };
    let ExprKind::Call { args, .. } = &call.kind else {
        return false;
    };
    let namespaced = std::ptr::eq(call, value)
        && matches!(args.len(), 2 | 3)
        && args.iter().all(|arg| matches!(arg, Arg::Positional(_)));
    !namespaced
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source_map::FileId;

    /// The names a walk of `text`'s module reports, as `bind:x`, `use:x`, `global:x`,
    /// `nested:<name>`.
    #[derive(Default)]
    struct Log(Vec<String>);

    impl<'a> ScopeVisitor<'a> for Log {
        fn bind(&mut self, name: &'a str) {
            self.0.push(format!("bind:{name}"));
        }
        fn use_name(&mut self, name: &'a str) {
            self.0.push(format!("use:{name}"));
        }
        fn declare_global(&mut self, name: &'a str) {
            self.0.push(format!("global:{name}"));
        }
        fn nested(&mut self, scope: NestedScope<'a>) {
            let name = match scope {
                NestedScope::Function { name, .. } | NestedScope::Class { name, .. } => name,
                NestedScope::Lambda { .. } => "<lambda>",
                NestedScope::Comprehension { name, .. } => name,
            };
            self.0.push(format!("nested:{name}"));
        }
    }

    fn walk(text: &str) -> Vec<String> {
        let parsed = crate::parse(text, FileId(0));
        let mut log = Log::default();
        walk_body(&mut log, &parsed.module.body);
        log.0
    }

    #[test]
    fn targets_come_before_values_and_nested_scopes_keep_their_names() {
        assert_eq!(
            walk("a = b\n@d\ndef f(x=c): y = 1\n"),
            ["bind:a", "use:b", "bind:f", "use:d", "use:c", "nested:f"]
        );
        assert_eq!(
            walk("[i for i in l]\n(j for j in m)\nk += lambda: n\n"),
            [
                "bind:i",
                "use:l",
                "use:i",
                "use:m",
                "nested:<genexpr>",
                "bind:k",
                "use:k",
                "nested:<lambda>"
            ]
        );
        assert_eq!(
            walk("global g\nimport a.b, c as d\nfrom e import *\n"),
            ["global:g", "bind:a", "bind:d"]
        );
    }
}
