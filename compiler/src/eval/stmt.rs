//! Statements.

use std::cell::RefCell;
use std::rc::Rc;

use aurora_dsl::ast::{ExceptHandler, Expr, ExprKind, Stmt, StmtKind, WithItem};
use aurora_dsl::Span;

use super::errors::{ExcType, Fatal, PyException};
use super::interp::{Interpreter, Scope};
use crate::value::{Native, PyResult, Value};

/// How a statement ended.
pub(crate) enum Flow {
    Normal,
    Return(Value),
    Break,
    Continue,
}

/// An error for Python the evaluator does not run.
pub(crate) fn unsupported(what: &str, span: Span) -> Box<PyException> {
    let mut error = PyException::fatal(
        Fatal::Unsupported,
        format!("{what} not supported in .aurora files"),
    );
    error.span = Some(span);
    error
}

impl Interpreter<'_> {
    pub(crate) fn exec_block(&mut self, body: &[Stmt], scope: &Scope) -> PyResult<Flow> {
        for stmt in body {
            match self.exec_stmt(stmt, scope) {
                Ok(Flow::Normal) => {}
                Ok(flow) => return Ok(flow),
                Err(error) => return Err(error.at(stmt.span)),
            }
        }
        Ok(Flow::Normal)
    }

    /// The common statements; the rest lives in `exec_other` to keep recursion frames small.
    fn exec_stmt(&mut self, stmt: &Stmt, scope: &Scope) -> PyResult<Flow> {
        self.tick()?;
        match &stmt.kind {
            StmtKind::Expr(expr) => {
                self.eval(expr, scope)?;
                Ok(Flow::Normal)
            }
            StmtKind::Return(Some(value)) => Ok(Flow::Return(self.eval(value, scope)?)),
            _ => self.exec_other(stmt, scope),
        }
    }

    #[inline(never)]
    fn exec_other(&mut self, stmt: &Stmt, scope: &Scope) -> PyResult<Flow> {
        match &stmt.kind {
            StmtKind::Expr(expr) => {
                self.eval(expr, scope)?;
            }
            StmtKind::Assign { targets, value } => {
                let value = self.eval(value, scope)?;
                if let [target] = targets.as_slice() {
                    self.assign(target, value, scope)?;
                } else {
                    for target in targets {
                        self.assign(target, value.clone(), scope)?;
                    }
                }
            }
            StmtKind::AugAssign { target, op, value } => {
                self.aug_assign(target, *op, value, scope)?;
            }
            StmtKind::Print {
                dest,
                values,
                trailing_comma,
            } => self.exec_print(dest.as_ref(), values, *trailing_comma, scope)?,
            StmtKind::Pass => {}
            StmtKind::Break => return Ok(Flow::Break),
            StmtKind::Continue => return Ok(Flow::Continue),
            StmtKind::Return(value) => {
                let value = match value {
                    Some(value) => self.eval(value, scope)?,
                    None => Value::None,
                };
                return Ok(Flow::Return(value));
            }
            StmtKind::Raise {
                exc,
                cause,
                value,
                traceback,
            } => {
                let py2 = (value.as_ref(), traceback.as_ref());
                return Err(self.exec_raise(exc.as_ref(), cause.as_ref(), py2, stmt.span, scope));
            }
            StmtKind::Exec {
                code,
                globals,
                locals,
            } => {
                let code = self.eval(code, scope)?;
                let globals = globals.as_ref().map(|g| self.eval(g, scope)).transpose()?;
                let locals = locals.as_ref().map(|l| self.eval(l, scope)).transpose()?;
                self.exec_code(&code, globals.as_ref(), locals.as_ref(), scope)
                    .map_err(|e| e.at(stmt.span))?;
            }
            StmtKind::Assert { test, msg } => {
                let test_value = self.eval(test, scope)?;
                if !self.truthy(&test_value)? {
                    let message = match msg {
                        Some(msg) => {
                            let value = self.eval(msg, scope)?;
                            self.str_value(&value)?
                        }
                        None => String::new(),
                    };
                    return Err(PyException::new(ExcType::AssertionError, message).at(test.span));
                }
            }
            StmtKind::Del(targets) => {
                for target in targets {
                    self.delete(target, scope)?;
                }
            }
            StmtKind::Import(aliases) => {
                for alias in aliases {
                    self.exec_import(alias, scope)?;
                }
            }
            StmtKind::ImportFrom {
                module,
                level,
                names,
            } => self.exec_import_from(module.as_ref(), *level, names, stmt.span, scope)?,
            StmtKind::Global(_) => {}
            StmtKind::Nonlocal(_) => {
                return Err(unsupported(
                    "`nonlocal` is Python 3 syntax; it is",
                    stmt.span,
                ))
            }
            StmtKind::If {
                test,
                body,
                elif_else,
            } => {
                let test_value = self.eval(test, scope)?;
                if self.truthy(&test_value)? {
                    return self.exec_block(body, scope);
                }
                for clause in elif_else {
                    let taken = match &clause.test {
                        Some(test) => {
                            let value = self.eval(test, scope)?;
                            self.truthy(&value)?
                        }
                        None => true,
                    };
                    if taken {
                        return self.exec_block(&clause.body, scope);
                    }
                }
            }
            StmtKind::For {
                is_async,
                target,
                iter,
                body,
                orelse,
            } => {
                if *is_async {
                    return Err(unsupported("`async for` is", stmt.span));
                }
                return self.exec_for(target, iter, body, orelse, scope);
            }
            StmtKind::While { test, body, orelse } => {
                return self.exec_while(test, body, orelse, scope);
            }
            StmtKind::With {
                is_async,
                items,
                body,
            } => {
                if *is_async {
                    return Err(unsupported("`async with` is", stmt.span));
                }
                return self.exec_with(items, body, scope);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => return self.exec_try(body, handlers, orelse, finalbody, scope),
            StmtKind::FunctionDef(def) => {
                if def.is_async {
                    return Err(unsupported("`async def` is", def.name.span));
                }
                let function = self.make_function(def, scope)?;
                self.store_name(&def.name.name, function, scope);
            }
            StmtKind::ClassDef(class) => {
                let value = self.exec_class(class, scope)?;
                self.store_name(&class.name.name, value, scope);
            }
            StmtKind::Error => {
                return Err(PyException::new(ExcType::SyntaxError, "invalid syntax"));
            }
        }
        Ok(Flow::Normal)
    }

    fn exec_for(
        &mut self,
        target: &Expr,
        iter: &Expr,
        body: &[Stmt],
        orelse: &[Stmt],
        scope: &Scope,
    ) -> PyResult<Flow> {
        let iterable = self.eval(iter, scope)?;
        let mut iterator = self.iterate(&iterable).map_err(|e| e.at(iter.span))?;
        while let Some(item) = self.next_item(&mut iterator).map_err(|e| e.at(iter.span))? {
            self.tick()?;
            self.assign(target, item, scope)?;
            match self.exec_block(body, scope)? {
                Flow::Normal | Flow::Continue => {}
                Flow::Break => return Ok(Flow::Normal),
                Flow::Return(value) => return Ok(Flow::Return(value)),
            }
        }
        self.exec_block(orelse, scope)
    }

    /// `while test: body else: orelse`; each round counts against the step limit, so a
    /// loop that never ends stops at the limit.
    fn exec_while(
        &mut self,
        test: &Expr,
        body: &[Stmt],
        orelse: &[Stmt],
        scope: &Scope,
    ) -> PyResult<Flow> {
        loop {
            self.tick()?;
            let condition = self.eval(test, scope)?;
            if !self.truthy(&condition).map_err(|e| e.at(test.span))? {
                break;
            }
            match self.exec_block(body, scope)? {
                Flow::Normal | Flow::Continue => {}
                Flow::Break => return Ok(Flow::Normal),
                Flow::Return(value) => return Ok(Flow::Return(value)),
            }
        }
        self.exec_block(orelse, scope)
    }

    fn exec_print(
        &mut self,
        dest: Option<&Expr>,
        values: &[Expr],
        trailing_comma: bool,
        scope: &Scope,
    ) -> PyResult<()> {
        if let Some(dest) = dest {
            let target = self.eval(dest, scope)?;
            let writable = matches!(&target, Value::None)
                || matches!(&target, Value::Native(native) if matches!(**native, Native::Stream(_)));
            if !writable {
                return Err(PyException::attribute_error(format!(
                    "'{}' object has no attribute 'write'",
                    target.type_name()
                ))
                .at(dest.span));
            }
        }
        // `print(a, b)` parses as a print of a tuple; under `print_function` it is a call,
        // whose arguments are all evaluated before anything is written.
        if self.print_function {
            let values: Vec<Value> = match values {
                [single] => match &single.kind {
                    ExprKind::Tuple(items) => items
                        .iter()
                        .map(|item| self.eval(item, scope))
                        .collect::<PyResult<_>>()?,
                    _ => vec![self.eval(single, scope)?],
                },
                _ => values
                    .iter()
                    .map(|value| self.eval(value, scope))
                    .collect::<PyResult<_>>()?,
            };
            for value in &values {
                self.print_item(value)?;
            }
        } else {
            // The statement writes each item as soon as it is evaluated (PRINT_ITEM).
            for value in values {
                let value = self.eval(value, scope)?;
                self.print_item(&value)?;
            }
        }
        if !trailing_comma || self.print_function {
            self.write_output("\n");
            self.softspace = false;
        }
        Ok(())
    }

    /// Writes one item of a `print`, after a space unless the last write ended a line.
    fn print_item(&mut self, value: &Value) -> PyResult<()> {
        if self.softspace {
            self.write_output(" ");
        }
        let item = self.str_value(value)?;
        // Python 2 writes no space after an item that ends a line.
        self.softspace = !(value.is_string() && item.ends_with('\n'));
        self.write_output(&item);
        Ok(())
    }

    fn exec_with(&mut self, items: &[WithItem], body: &[Stmt], scope: &Scope) -> PyResult<Flow> {
        let Some((item, rest)) = items.split_first() else {
            return self.exec_block(body, scope);
        };
        let manager = self.eval(&item.context, scope)?;
        let entered = self
            .context_enter(&manager)
            .map_err(|e| e.at(item.context.span))?;
        if let Some(target) = &item.target {
            self.assign(target, entered, scope)?;
        }
        let result = self.exec_with(rest, body, scope);
        let pending: Option<&PyException> = result.as_ref().err().map(|error| &**error);
        let suppress = self.context_exit(&manager, pending)?;
        match result {
            Err(error) if suppress && error.is_catchable() => Ok(Flow::Normal),
            other => other,
        }
    }

    /// `manager.__enter__()`.
    fn context_enter(&mut self, manager: &Value) -> PyResult<Value> {
        match manager {
            Value::Native(native) if matches!(**native, Native::File(_)) => Ok(manager.clone()),
            Value::Instance(_) => self.call_method(
                manager.clone(),
                "__enter__",
                Vec::new(),
                Vec::new(),
                self.call_span,
            ),
            _ => Err(PyException::attribute_error("__exit__")),
        }
    }

    /// `manager.__exit__(...)`; whether it asked to suppress the exception.
    fn context_exit(&mut self, manager: &Value, error: Option<&PyException>) -> PyResult<bool> {
        match manager {
            Value::Native(native) => {
                if let Native::File(file) = &**native {
                    file.borrow_mut().closed = true;
                }
                Ok(false)
            }
            Value::Instance(_) => {
                let args = match error {
                    Some(error) if error.is_catchable() => {
                        let instance = self.exception_instance(error);
                        let class = match &instance {
                            Value::Instance(instance) => Value::Class(Rc::clone(&instance.class)),
                            _ => Value::None,
                        };
                        vec![class, instance, Value::None]
                    }
                    _ => vec![Value::None, Value::None, Value::None],
                };
                let result = self.call_method(
                    manager.clone(),
                    "__exit__",
                    args,
                    Vec::new(),
                    self.call_span,
                )?;
                self.truthy(&result)
            }
            _ => Ok(false),
        }
    }

    fn exec_try(
        &mut self,
        body: &[Stmt],
        handlers: &[ExceptHandler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
        scope: &Scope,
    ) -> PyResult<Flow> {
        let mut result = match self.exec_block(body, scope) {
            Ok(Flow::Normal) => self.exec_block(orelse, scope),
            Ok(flow) => Ok(flow),
            Err(error) if error.is_catchable() && !handlers.is_empty() => {
                self.handle_exception(error, handlers, scope)
            }
            Err(error) => Err(error),
        };
        if !finalbody.is_empty() {
            match self.exec_block(finalbody, scope) {
                Ok(Flow::Normal) => {}
                // A `return`/`break` in `finally` discards the pending outcome, as in Python;
                // fatal errors are never discarded.
                Ok(flow) => {
                    if !matches!(&result, Err(error) if !error.is_catchable()) {
                        result = Ok(flow);
                    }
                }
                Err(error) => {
                    if !matches!(&result, Err(pending) if !pending.is_catchable()) {
                        result = Err(error);
                    }
                }
            }
        }
        result
    }

    fn handle_exception(
        &mut self,
        error: Box<PyException>,
        handlers: &[ExceptHandler],
        scope: &Scope,
    ) -> PyResult<Flow> {
        for handler in handlers {
            let matches = match &handler.kind {
                None => true,
                Some(kind) => {
                    let kind_value = self.eval(kind, scope)?;
                    self.exception_matches(&error, &kind_value)
                        .map_err(|e| e.at(kind.span))?
                }
            };
            if !matches {
                continue;
            }
            if let Some(name) = &handler.name {
                let instance = self.exception_instance(&error);
                self.store_name(&name.name, instance, scope);
            }
            self.handling.push(*error);
            let result = self.exec_block(&handler.body, scope);
            self.handling.pop();
            return result;
        }
        Err(error)
    }

    /// Whether `except kind:` catches `error`.
    pub(crate) fn exception_matches(
        &mut self,
        error: &PyException,
        kind: &Value,
    ) -> PyResult<bool> {
        match kind {
            Value::Tuple(kinds) => {
                for kind in &kinds.items {
                    if self.exception_matches(error, kind)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Class(class) => Ok(match &error.class {
                Some(raised) => raised.is_subclass_of(class),
                None => match (class.builtin, class.exception) {
                    (true, Some(kind)) => error.exc_type.is_subtype_of(kind),
                    _ => false,
                },
            }),
            _ => Err(PyException::type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    fn exec_raise(
        &mut self,
        exc: Option<&Expr>,
        cause: Option<&Expr>,
        (value, traceback): (Option<&Expr>, Option<&Expr>),
        span: Span,
        scope: &Scope,
    ) -> Box<PyException> {
        let result = (|| -> PyResult<Box<PyException>> {
            let Some(exc) = exc else {
                return match self.handling.last() {
                    Some(error) => Ok(Box::new(error.clone())),
                    None => Err(PyException::type_error(
                        "exceptions must be old-style classes or derived from BaseException, not NoneType",
                    )),
                };
            };
            if let Some(cause) = cause {
                self.eval(cause, scope)?;
            }
            let exc_value = self.eval(exc, scope)?;
            // Python 2's `raise E, V[, T]`: E instantiated with V (its items, if a tuple).
            let exc_value = match value {
                None => exc_value,
                Some(value) => {
                    let value = self.eval(value, scope)?;
                    if let Some(traceback) = traceback {
                        let traceback = self.eval(traceback, scope)?;
                        if !matches!(traceback, Value::None) {
                            return Err(PyException::type_error(
                                "raise: arg 3 must be a traceback or None",
                            ));
                        }
                    }
                    match &exc_value {
                        Value::Class(class) if class.exception.is_some() => {
                            let args = match value {
                                Value::Tuple(tuple) => tuple.items.clone(),
                                Value::None => Vec::new(),
                                other => vec![other],
                            };
                            self.call_value(&exc_value, args, Vec::new(), self.call_span)?
                        }
                        Value::Instance(_) => {
                            return Err(PyException::type_error(
                                "instance exception may not have a separate value",
                            ))
                        }
                        _ => exc_value,
                    }
                }
            };
            let mut error = self.exception_from_value(exc_value)?;
            error.span = Some(exc.span);
            Ok(error)
        })();
        match result {
            Ok(error) => error,
            Err(error) => error.at(span),
        }
    }

    /// The exception `raise value` raises.
    pub(crate) fn exception_from_value(&mut self, value: Value) -> PyResult<Box<PyException>> {
        let instance = match &value {
            Value::Class(class) if class.exception.is_some() => {
                self.call_value(&value, Vec::new(), Vec::new(), self.call_span)?
            }
            Value::Instance(instance) if instance.class.exception.is_some() => value.clone(),
            _ => {
                return Err(PyException::type_error(format!(
                    "exceptions must be old-style classes or derived from BaseException, not {}",
                    value.type_name()
                )))
            }
        };
        let Value::Instance(object) = &instance else {
            return Err(PyException::type_error(
                "exceptions must derive from BaseException",
            ));
        };
        let class = Rc::clone(&object.class);
        let message = self.str_value(&instance)?;
        let args = match object.dict.borrow().get("args") {
            Some(Value::Tuple(args)) => Some(args.items.clone()),
            _ => None,
        };
        let mut error = PyException::new(class.exception.unwrap_or(ExcType::Exception), message);
        error.args = args;
        if !class.builtin {
            error.class = Some(class);
        }
        error.instance = Some(instance);
        Ok(error)
    }

    /// The value `except ... as e` binds.
    pub(crate) fn exception_instance(&mut self, error: &PyException) -> Value {
        if let Some(instance) = &error.instance {
            return instance.clone();
        }
        let class = match &error.class {
            Some(class) => Rc::clone(class),
            None => self.exception_class(error.exc_type),
        };
        let args = error.args.clone().unwrap_or_else(|| {
            if error.message.is_empty() {
                Vec::new()
            } else {
                vec![Value::str(error.message.as_str())]
            }
        });
        self.new_exception_instance(class, args)
    }

    /// Builds an instance of an exception class with its `args`.
    pub(crate) fn new_exception_instance(
        &mut self,
        class: Rc<crate::value::Class>,
        args: Vec<Value>,
    ) -> Value {
        let message = if args.len() == 1 {
            args[0].clone()
        } else {
            Value::str("")
        };
        let mut dict = crate::value::Namespace::default();
        dict.insert("args".into(), Value::tuple(args));
        dict.insert("message".into(), message);
        Value::Instance(Rc::new(crate::value::Instance {
            class,
            dict: RefCell::new(dict),
        }))
    }
}
