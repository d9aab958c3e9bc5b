//! Python 2.7's scope rule for `exec` and `import *` in functions (`symtable.c`): a
//! function that runs an unqualified `exec` or imports `*` cannot also be a closure or
//! contain one, because its names could then not be resolved when it is compiled.
//!
//! This needs what CPython's symbol table knows: which names each function binds, uses and
//! declares global, and so which are free (bound in an enclosing function).

use std::collections::HashSet;

use crate::ast::Module;
use crate::diagnostic::{codes, Diagnostic, PythonError, PythonStage};
use crate::scopes::{self, NestedScope, ScopeVisitor};
use crate::source_map::Span;

/// The symbol-table errors of `module`, in the order CPython reports them.
pub(super) fn check(module: &Module) -> Vec<Diagnostic> {
    let mut root = Block::new(Kind::Module, "<module>", module.span);
    scopes::walk_body(&mut root, &module.body);
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
}

impl<'a> ScopeVisitor<'a> for Block {
    fn bind(&mut self, name: &'a str) {
        self.bound.insert(name.to_string());
    }

    fn use_name(&mut self, name: &'a str) {
        self.used.insert(name.to_string());
    }

    fn declare_global(&mut self, name: &'a str) {
        self.globals.insert(name.to_string());
    }

    fn nested(&mut self, scope: NestedScope<'a>) {
        let child = match scope {
            NestedScope::Function {
                name,
                span,
                params,
                body,
            } => {
                let mut function = Block::new(Kind::Function, name, span);
                scopes::walk_params(&mut function, params);
                scopes::walk_body(&mut function, body);
                function
            }
            NestedScope::Lambda { span, params, body } => {
                let mut function = Block::new(Kind::Function, "<lambda>", span);
                scopes::walk_params(&mut function, params);
                scopes::walk_expr(&mut function, body);
                function
            }
            NestedScope::Class { name, span, body } => {
                let mut class = Block::new(Kind::Class, name, span);
                scopes::walk_body(&mut class, body);
                class
            }
            NestedScope::Comprehension {
                name,
                span,
                generators,
                elements,
            } => {
                let mut function = Block::new(Kind::Function, name, span);
                scopes::walk_comprehension(&mut function, generators, &elements);
                function
            }
        };
        self.children.push(child);
    }

    fn bare_exec(&mut self, span: Span) {
        self.bare_exec.get_or_insert(span);
    }

    fn import_star(&mut self, span: Span) {
        self.import_star.get_or_insert(span);
    }
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
