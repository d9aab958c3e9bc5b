//! Python 2.7's scope rule for `exec` and `import *` in functions (`symtable.c`): a
//! function that runs an unqualified `exec` or imports `*` cannot also be a closure or
//! contain one, because its names could then not be resolved when it is compiled.
//!
//! This needs what CPython's symbol table knows: which names each function binds, uses and
//! declares global, and so which are free (bound in an enclosing function).

use std::collections::HashSet;

use crate::ast::{
    Arg, Comprehension, DictItem, Expr, ExprKind, ImportNames, Module, Params, Stmt, StmtKind,
};
use crate::diagnostic::{codes, Diagnostic, PythonError, PythonStage};
use crate::source_map::Span;

/// The symbol-table errors of `module`, in the order CPython reports them.
pub(super) fn check(module: &Module) -> Vec<Diagnostic> {
    let mut root = Block::new(Kind::Module, "<module>", module.span);
    for stmt in &module.body {
        root.stmt(stmt);
    }
    let mut errors = Vec::new();
    root.analyze(&HashSet::new(), &HashSet::new(), false, &mut errors);
    errors
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Module,
    Class,
    Function,
}

/// One scope: a module, a class body, a function, a lambda or a generator expression.
struct Block {
    kind: Kind,
    name: String,
    span: Span,
    bound: HashSet<String>,
    used: HashSet<String>,
    globals: HashSet<String>,
    children: Vec<Block>,
    /// Where an unqualified `exec` is, if any.
    bare_exec: Option<Span>,
    /// Where an `import *` is, if any.
    import_star: Option<Span>,
}

impl Block {
    fn new(kind: Kind, name: &str, span: Span) -> Block {
        Block {
            kind,
            name: name.to_string(),
            span,
            bound: HashSet::new(),
            used: HashSet::new(),
            globals: HashSet::new(),
            children: Vec::new(),
            bare_exec: None,
            import_star: None,
        }
    }

    /// Resolves names as CPython's `analyze_block` does, against `enclosing` (the names
    /// bound in enclosing functions) and `declared_global` (names a parent declared
    /// `global`); `nested` when a function encloses this block. Returns the block's free
    /// names and whether it counts as having free variables (`ste_free`: a free name, or,
    /// in a nested block, any name left to the globals) or containing such a block
    /// (`ste_child_free`); reports the rule's errors, children first.
    fn analyze(
        &self,
        enclosing: &HashSet<String>,
        declared_global: &HashSet<String>,
        nested: bool,
        errors: &mut Vec<Diagnostic>,
    ) -> (HashSet<String>, bool) {
        let locals: HashSet<&String> = self.bound.difference(&self.globals).collect();
        // What the children see: a function passes its own names down; a class does not.
        let mut visible = enclosing.clone();
        if self.kind == Kind::Function {
            visible.extend(locals.iter().map(|name| (*name).clone()));
        }
        let mut globals_below = declared_global.clone();
        globals_below.extend(self.globals.iter().cloned());
        let children_nested = nested || self.kind == Kind::Function;
        let mut child_free = false;
        let mut passed_through = HashSet::new();
        for child in &self.children {
            let (free, child_flag) =
                child.analyze(&visible, &globals_below, children_nested, errors);
            child_free |= child_flag;
            for name in free {
                if !locals.contains(&name) {
                    passed_through.insert(name);
                }
            }
        }
        let mut has_free = false;
        let mut free = HashSet::new();
        for name in &self.used {
            if locals.contains(name) || self.globals.contains(name) {
                continue;
            }
            if enclosing.contains(name) {
                free.insert(name.clone());
                has_free = true;
            } else if nested && !declared_global.contains(name) {
                // An implicit global in a nested block counts too.
                has_free = true;
            }
        }
        if self.kind != Kind::Module {
            free.extend(
                passed_through
                    .into_iter()
                    .filter(|name| enclosing.contains(name)),
            );
        }
        if self.kind == Kind::Function && (child_free || has_free) {
            let trailer = if child_free {
                "contains a nested function with free variables"
            } else {
                "is a nested function"
            };
            let message = match (self.bare_exec, self.import_star) {
                (Some(_), Some(_)) => Some(format!(
                    "function '{}' uses import * and bare exec, which are illegal because it {trailer}",
                    self.name
                )),
                (Some(_), None) => Some(format!(
                    "unqualified exec is not allowed in function '{}' because it {trailer}",
                    self.name
                )),
                (None, Some(_)) => Some(format!(
                    "import * is not allowed in function '{}' because it {trailer}",
                    self.name
                )),
                (None, None) => None,
            };
            // Python reports the line of the first of them.
            let first = self
                .bare_exec
                .into_iter()
                .chain(self.import_star)
                .map(|span| span.start as usize)
                .min();
            if let (Some(message), Some(first)) = (message, first) {
                errors.push(
                    Diagnostic::error(codes::COMPILE, &message, self.span, "this function")
                        .with_python(
                            PythonError::syntax(message)
                                .at_stage(PythonStage::Symtable)
                                .at_offset(first),
                        ),
                );
            }
        }
        (free, has_free || child_free)
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for stmt in body {
            self.stmt(stmt);
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Expr(value) => {
                if is_bare_exec_call(value) {
                    self.bare_exec.get_or_insert(stmt.span);
                }
                self.expr(value)
            }
            StmtKind::Assign { targets, value } => {
                self.expr(value);
                targets.iter().for_each(|target| self.target(target));
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(value);
                self.target(target);
                self.expr(target);
            }
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue | StmtKind::Error => {}
            kind @ (StmtKind::Print { .. }
            | StmtKind::Return(_)
            | StmtKind::Raise { .. }
            | StmtKind::Exec { .. }
            | StmtKind::Assert { .. }) => {
                if let StmtKind::Exec { globals: None, .. } = kind {
                    self.bare_exec.get_or_insert(stmt.span);
                }
                kind.for_each_evaluated(&mut |part| self.expr(part));
            }
            StmtKind::Del(targets) => targets.iter().for_each(|target| self.target(target)),
            StmtKind::Import(aliases) => {
                for alias in aliases {
                    let name = match &alias.alias {
                        Some(alias) => alias.name.clone(),
                        None => alias
                            .module
                            .parts
                            .first()
                            .map(|part| part.name.clone())
                            .unwrap_or_default(),
                    };
                    self.bound.insert(name);
                }
            }
            StmtKind::ImportFrom { names, .. } => match names {
                ImportNames::Star(_) => {
                    self.import_star.get_or_insert(stmt.span);
                }
                ImportNames::Names(names) => {
                    for alias in names {
                        let name = alias.alias.as_ref().unwrap_or(&alias.name);
                        self.bound.insert(name.name.clone());
                    }
                }
            },
            StmtKind::Global(names) => {
                self.globals
                    .extend(names.iter().map(|name| name.name.clone()));
            }
            StmtKind::Nonlocal(_) => {}
            StmtKind::If {
                test,
                body,
                elif_else,
            } => {
                self.expr(test);
                self.stmts(body);
                for clause in elif_else {
                    if let Some(test) = &clause.test {
                        self.expr(test);
                    }
                    self.stmts(&clause.body);
                }
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(iter);
                self.target(target);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::While { test, body, orelse } => {
                self.expr(test);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::With { items, body, .. } => {
                for item in items {
                    self.expr(&item.context);
                    if let Some(target) = &item.target {
                        self.target(target);
                    }
                }
                self.stmts(body);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.stmts(body);
                for handler in handlers {
                    if let Some(kind) = &handler.kind {
                        self.expr(kind);
                    }
                    if let Some(name) = &handler.name {
                        self.bound.insert(name.name.clone());
                    }
                    self.stmts(&handler.body);
                }
                self.stmts(orelse);
                self.stmts(finalbody);
            }
            StmtKind::FunctionDef(def) => {
                def.decorators
                    .iter()
                    .for_each(|decorator| self.expr(decorator));
                self.bound.insert(def.name.name.clone());
                let mut function = Block::new(Kind::Function, &def.name.name, stmt.span);
                function.params(&def.params, self);
                function.stmts(&def.body);
                self.children.push(function);
            }
            StmtKind::ClassDef(class) => {
                class
                    .decorators
                    .iter()
                    .for_each(|decorator| self.expr(decorator));
                for base in &class.bases {
                    self.expr(base.value());
                }
                self.bound.insert(class.name.name.clone());
                let mut body = Block::new(Kind::Class, &class.name.name, stmt.span);
                body.stmts(&class.body);
                self.children.push(body);
            }
        }
    }

    /// A function's parameters: bound in it; their defaults are used where it is defined.
    fn params(&mut self, params: &Params, outer: &mut Block) {
        for default in params.defaults() {
            outer.expr(default);
        }
        for param in params.positional.iter().chain(&params.keyword_only) {
            match &param.unpack {
                Some(pattern) => self.target(pattern),
                None => {
                    self.bound.insert(param.name.name.clone());
                }
            }
        }
        for name in params.vararg.iter().chain(&params.kwarg) {
            self.bound.insert(name.name.clone());
        }
    }

    fn target(&mut self, target: &Expr) {
        match &target.kind {
            ExprKind::Name(name) => {
                self.bound.insert(name.clone());
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                items.iter().for_each(|item| self.target(item));
            }
            ExprKind::Starred(inner) => self.target(inner),
            // `a.b = ...`, `a[0] = ...`: `a` is used, not bound.
            _ => self.expr(target),
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Name(name) => {
                self.used.insert(name.clone());
            }
            ExprKind::Lambda { params, body } => {
                let mut function = Block::new(Kind::Function, "<lambda>", expr.span);
                function.params(params, self);
                function.expr(body);
                self.children.push(function);
            }
            // A generator expression is a function; its first iterable is evaluated outside.
            ExprKind::Generator {
                element,
                generators,
            } => {
                let mut function = Block::new(Kind::Function, "<genexpr>", expr.span);
                if let Some(first) = generators.first() {
                    self.expr(&first.iter);
                }
                function.comprehension(generators, true);
                function.expr(element);
                self.children.push(function);
            }
            // Python 2's list, set and dict comprehensions: a list comprehension binds its
            // names in the enclosing scope; set and dict ones are functions.
            ExprKind::ListComp {
                element,
                generators,
            } => {
                self.comprehension(generators, false);
                self.expr(element);
            }
            ExprKind::SetComp {
                element,
                generators,
            } => self.comprehension_block("<setcomp>", expr.span, generators, &[element]),
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension_block("<dictcomp>", expr.span, generators, &[key, value]),
            ExprKind::Dict(items) => {
                for item in items {
                    match item {
                        DictItem::Pair { key, value } => {
                            self.expr(key);
                            self.expr(value);
                        }
                        DictItem::Splat(value) => self.expr(value),
                    }
                }
            }
            ExprKind::Call { func, args } => {
                self.expr(func);
                args.iter().map(Arg::value).for_each(|arg| self.expr(arg));
            }
            _ => expr.for_each_child(&mut |child| self.expr(child)),
        }
    }

    fn comprehension_block(
        &mut self,
        name: &str,
        span: Span,
        generators: &[Comprehension],
        elements: &[&Expr],
    ) {
        let mut function = Block::new(Kind::Function, name, span);
        if let Some(first) = generators.first() {
            self.expr(&first.iter);
        }
        function.comprehension(generators, true);
        for element in elements {
            function.expr(element);
        }
        self.children.push(function);
    }

    /// The `for` clauses of a comprehension, in this block; `skip_first_iter` when the
    /// first iterable was evaluated in the enclosing block.
    fn comprehension(&mut self, generators: &[Comprehension], skip_first_iter: bool) {
        for (index, generator) in generators.iter().enumerate() {
            if !(skip_first_iter && index == 0) {
                self.expr(&generator.iter);
            }
            self.target(&generator.target);
            generator.ifs.iter().for_each(|test| self.expr(test));
        }
    }
}

/// Whether the statement `value`, which starts with `exec(`, is Python 2's `exec`
/// statement without a namespace: its body is all of `value` (`exec(code) + x` runs
/// `(code) + x`), and only a body that is a tuple of two or three values names one.
pub(super) fn is_bare_exec_call(value: &Expr) -> bool {
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
    use crate::source_map::{FileId, SourceMap, Span};

    /// Python 2.7's message for `text` and the line it gives.
    fn first_error_line(text: &str) -> Option<(String, usize)> {
        let mut sources = SourceMap::new();
        let file: FileId = sources.add("case.aurora", text);
        let parsed = crate::parse(text, file);
        let first = crate::python_first_error(&parsed.diagnostics)?;
        let offset = first.python_offset();
        let line = sources.start_line_col(Span::new(file, offset, offset)).line;
        Some((first.python.as_ref()?.message.clone(), line))
    }

    #[test]
    fn exec_called_like_a_function_is_the_statement() {
        let closure = "because it contains a nested function with free variables";
        let bare = Some((
            format!("unqualified exec is not allowed in function 'f' {closure}"),
            2,
        ));
        for exec in ["exec('a')", "exec(x for x in y)", "exec('a', d) + 1"] {
            let text = format!("def f():\n    {exec}\n    def g(): return x\n");
            assert_eq!(first_error_line(&text), bare, "{text}");
        }
        for exec in ["exec('a', d)", "exec('a', d, e)"] {
            let text = format!("def f():\n    {exec}\n    def g(): return x\n");
            assert_eq!(first_error_line(&text), None, "{text}");
        }
    }

    #[test]
    fn the_error_is_on_the_line_of_the_first_exec_or_import_star() {
        let closure = "because it contains a nested function with free variables";
        assert_eq!(
            first_error_line("def f():\n    def g(): return x\n    exec 'b'\n    exec 'c'\n"),
            Some((
                format!("unqualified exec is not allowed in function 'f' {closure}"),
                3
            ))
        );
        assert_eq!(
            first_error_line(
                "def f():\n    from m import *\n    exec 'b'\n    def g(): return x\n"
            ),
            Some((
                format!("function 'f' uses import * and bare exec, which are illegal {closure}"),
                2
            ))
        );
    }
}
