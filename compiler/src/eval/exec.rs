//! Python 2's `exec` statement (and the `exec(...)` form of it): runs a string of code in
//! the module's namespace or in a dict, bounded by the same limits as the config itself.

use std::cell::RefCell;
use std::rc::Rc;

use super::call::Args;
use super::errors::{ExcType, PyException};
use super::interp::{Interpreter, Scope};
use super::stmt::unsupported;
use crate::value::{Namespace, PyResult, Value};

impl Interpreter<'_> {
    /// `exec code`, `exec code in globals`, `exec code in globals, locals`, run in `scope`.
    pub(crate) fn exec_code(
        &mut self,
        code: &Value,
        globals: Option<&Value>,
        locals: Option<&Value>,
        scope: &Scope,
    ) -> PyResult<()> {
        let Some(text) = code.as_str() else {
            return Err(PyException::type_error(
                "exec: arg 1 must be a string, file, or code object",
            ));
        };
        if locals.is_some_and(|locals| !same_object(Some(locals), globals)) {
            return Err(unsupported(
                "`exec` with separate locals is",
                self.call_span,
            ));
        }
        let module = self.parse_exec_string(text)?;
        match globals {
            None if scope.frame.is_some() || scope.class_ns.is_some() => Err(unsupported(
                "`exec` inside a function or class body is",
                self.call_span,
            )),
            None => {
                let globals = Rc::clone(scope.globals);
                self.exec_module(&module, &globals)
            }
            Some(Value::Dict(dict)) => {
                // The dict is the namespace: run in a copy of it, then write the copy back.
                let mut namespace = Namespace::default();
                for (key, value) in dict.map.borrow().iter() {
                    if let Some(name) = key.value().as_str() {
                        namespace.insert(name.into(), value.clone());
                    }
                }
                let globals = Rc::new(RefCell::new(namespace));
                let result = self.exec_module(&module, &globals);
                let names: Vec<(Rc<str>, Value)> = globals
                    .borrow()
                    .iter()
                    .map(|(name, value)| (Rc::clone(name), value.clone()))
                    .collect();
                for (name, value) in names {
                    let key = self.key(Value::Str(name))?;
                    dict.map.borrow_mut().insert(key, value);
                }
                result
            }
            Some(other) => Err(PyException::type_error(format!(
                "exec: arg 2 must be a dictionary or None, not {}",
                other.type_name()
            ))),
        }
    }

    /// Parses the code `exec` runs; its syntax errors are Python's, raised where `exec` is.
    fn parse_exec_string(&mut self, text: &str) -> PyResult<Rc<aurora_dsl::ast::Module>> {
        let file = self.sources.add("<string>", text.to_string());
        self.parse_file(file).map_err(|diagnostics| {
            let first = aurora_dsl::python_first_error(&diagnostics);
            let message = match first.and_then(|d| d.python.as_ref().map(|p| (d, p))) {
                Some((diagnostic, python)) => {
                    let offset = diagnostic.python_offset();
                    let span = aurora_dsl::Span::new(file, offset, offset);
                    let line = self.sources.start_line_col(span).line;
                    format!("{} (<string>, line {line})", python.message)
                }
                None => "invalid syntax (<string>, line 1)".to_string(),
            };
            PyException::new(ExcType::SyntaxError, message)
        })
    }
}

/// Whether `a` and `b` are the same dict (`exec code in d, d`).
fn same_object(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Dict(a)), Some(Value::Dict(b))) => Rc::ptr_eq(a, b),
        _ => false,
    }
}

/// `exec(code[, globals[, locals]])`: Python 2 reads it as the statement of a tuple.
pub(crate) fn builtin_exec(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("exec", 1, 3)?;
    if interp.depth > 0 {
        return Err(unsupported(
            "`exec` inside a function or class body is",
            interp.call_span,
        ));
    }
    let globals = Rc::clone(&interp.globals);
    let scope = Scope {
        globals: &globals,
        frame: None,
        class_ns: None,
    };
    let code = args.positional[0].clone();
    let namespace = args.positional.get(1).filter(|g| !matches!(g, Value::None));
    let locals = args.positional.get(2).filter(|l| !matches!(l, Value::None));
    interp.exec_code(&code, namespace, locals, &scope)?;
    Ok(Value::None)
}
