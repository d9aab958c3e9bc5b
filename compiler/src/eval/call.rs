//! Calls: argument evaluation, binding arguments to parameters, and dispatch to
//! functions, builtins, methods, classes and foreign values.

use std::cell::RefCell;
use std::rc::Rc;

use aurora_dsl::ast::{Arg, Expr, ExprKind, FunctionDef, Params};
use aurora_dsl::Span;

use super::errors::{ExcType, LimitKind, PyException, TraceFrame};
use super::interp::{Interpreter, Scope};
use super::scope::{analyze_def, analyze_lambda, CodeBody, FnCode, LambdaCode};
use super::stmt::Flow;
use crate::containers::PyDict;
use crate::value::{Frame, Function, Native, PyResult, Value};

/// The arguments of a call to a builtin.
pub(crate) struct Args {
    pub positional: Vec<Value>,
    pub keywords: Vec<(Rc<str>, Value)>,
}

/// Keyword arguments in the order the callee receives them: as written for a call of a
/// Python function with no `*`/`**`, otherwise the order of the keyword dict CPython 2.7
/// builds at the call site (see [`Interpreter::deliver_keywords`]).
pub(crate) type Keywords = Vec<(Rc<str>, Value)>;

/// What a call expression calls: `receiver.name(...)` or a value.
enum Callee<'a> {
    Method(&'a Value, &'a str),
    Value(&'a Value),
}

/// The keyword side of a call as written: `name=value` in order, and the `**mapping`s.
#[derive(Default)]
struct WrittenKeywords {
    named: Keywords,
    double_star: Vec<(Value, Span)>,
    /// Whether the call has `*args` or `**kwargs` (CPython's `ext_do_call`).
    spread: bool,
}

/// Builtins and methods that take exactly one object (CPython's `METH_O`): "takes
/// exactly one argument".
const ONE_ARGUMENT: &[&str] = &[
    "len", "abs", "ord", "repr", "hash", "id", "callable", "hex", "oct", "any", "all", "append",
    "remove", "extend", "has_key", "add", "discard", "join",
];

/// Builtins and methods that unpack their arguments (CPython's `PyArg_UnpackTuple`):
/// "expected N arguments, got M".
const UNPACKED: &[&str] = &[
    "iter",
    "get",
    "setdefault",
    "divmod",
    "isinstance",
    "getattr",
    "setattr",
    "hasattr",
    "issubclass",
    "min",
    "max",
    "reversed",
    "sum",
    "filter",
    "reduce",
    "cmp",
    "pow",
    "range",
    "vars",
    "dir",
    "next",
];

/// How builtins are implemented.
pub(crate) type BuiltinImpl = fn(&mut Interpreter<'_>, Args) -> PyResult<Value>;

impl Args {
    /// Checks the number of positional arguments and that no keywords were given.
    pub fn expect(&self, name: &str, min: usize, max: usize) -> PyResult<()> {
        if let Some((keyword, _)) = self.keywords.first() {
            return Err(PyException::type_error(format!(
                "{name}() got an unexpected keyword argument '{keyword}'"
            )));
        }
        self.expect_positional(name, min, max)
    }

    /// Checks the number of positional arguments (keywords are the caller's business).
    pub fn expect_positional(&self, name: &str, min: usize, max: usize) -> PyResult<()> {
        let given = self.positional.len();
        if given >= min && given <= max {
            return Ok(());
        }
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        // CPython words this three ways, after how the function reads its arguments.
        if ONE_ARGUMENT.contains(&name) && min == 1 && max == 1 {
            return Err(PyException::type_error(format!(
                "{name}() takes exactly one argument ({given} given)"
            )));
        }
        if UNPACKED.contains(&name) {
            let message = if min == max {
                format!("{name} expected {min} arguments, got {given}")
            } else if given < min {
                format!("{name} expected at least {min} arguments, got {given}")
            } else {
                format!("{name} expected at most {max} arguments, got {given}")
            };
            return Err(PyException::type_error(message));
        }
        let message = if min == max {
            if min == 0 {
                format!("{name}() takes no arguments ({given} given)")
            } else {
                format!(
                    "{name}() takes exactly {min} argument{} ({given} given)",
                    plural(min)
                )
            }
        } else if given < min {
            format!(
                "{name}() takes at least {min} argument{} ({given} given)",
                plural(min)
            )
        } else {
            format!(
                "{name}() takes at most {max} argument{} ({given} given)",
                plural(max)
            )
        };
        Err(PyException::type_error(message))
    }

    /// Removes and returns the keyword argument `name`.
    pub fn take_keyword(&mut self, name: &str) -> Option<Value> {
        let index = self.keywords.iter().position(|(key, _)| &**key == name)?;
        Some(self.keywords.remove(index).1)
    }

    /// The positional argument at `index`, or the keyword `name`.
    pub fn take(&mut self, index: usize, name: &str) -> Option<Value> {
        if let Some(value) = self.take_keyword(name) {
            return Some(value);
        }
        self.positional.get(index).cloned()
    }

    /// Fails if keyword arguments remain.
    pub fn no_keywords_left(&self, function: &str) -> PyResult<()> {
        match self.keywords.first() {
            Some((keyword, _)) => Err(PyException::type_error(format!(
                "{function}() got an unexpected keyword argument '{keyword}'"
            ))),
            None => Ok(()),
        }
    }
}

impl Interpreter<'_> {
    pub(crate) fn eval_call(
        &mut self,
        func: &Expr,
        args: &[Arg],
        span: Span,
        scope: &Scope,
    ) -> PyResult<Value> {
        if let ExprKind::Attribute { value, attr } = &func.kind {
            let receiver = self.eval(value, scope)?;
            let (positional, keywords) =
                self.eval_call_args(args, span, scope, Callee::Method(&receiver, &attr.name))?;
            return self.call_method(receiver, &attr.name, positional, keywords, span);
        }
        let callee = self.eval(func, scope)?;
        if let Value::Builtin(builtin) = &callee {
            if args.is_empty() && matches!(builtin.name, "locals" | "vars" | "globals") {
                return Ok(self.scope_snapshot(builtin.name, scope));
            }
        }
        let (positional, keywords) =
            self.eval_call_args(args, span, scope, Callee::Value(&callee))?;
        self.call_value(&callee, positional, keywords, span)
    }

    /// The arguments of a call, keywords in the order the callee receives them. Kept out
    /// of `eval_call` so its stack frame, live across every nested call, stays small.
    #[inline(never)]
    fn eval_call_args(
        &mut self,
        args: &[Arg],
        span: Span,
        scope: &Scope,
        callee: Callee<'_>,
    ) -> PyResult<(Vec<Value>, Keywords)> {
        let (positional, written) = self.eval_args(args, scope)?;
        self.record_keyword_spans(args, span);
        let Some(written) = written else {
            return Ok((positional, Vec::new()));
        };
        let keywords = match callee {
            Callee::Method(receiver, name) => {
                let python = method_is_python_function(receiver, name);
                self.deliver_keywords(written, python, || format!("{name}()"))?
            }
            Callee::Value(callee) => {
                let python = is_python_function(callee);
                self.deliver_keywords(written, python, || callee_description(callee))?
            }
        };
        Ok((positional, keywords))
    }

    /// The keyword arguments in the order the callee receives them (CPython 2.7's
    /// `ceval.c`). A Python function or bound method called without `*`/`**` gets them as
    /// written. Anything else gets a dict built at the call site: the `**mapping` (copied
    /// when there are also named keywords), then the named ones inserted last written
    /// first; the callee walks that dict in its table order.
    fn deliver_keywords(
        &mut self,
        written: WrittenKeywords,
        python_callee: bool,
        describe: impl Fn() -> String,
    ) -> PyResult<Keywords> {
        if python_callee && !written.spread {
            return Ok(written.named);
        }
        let mut double_star = written.double_star.into_iter();
        let mut kwdict = match double_star.next() {
            None => PyDict::new(),
            Some((Value::Dict(dict), _)) if written.named.is_empty() => dict.map.borrow().clone(),
            Some((Value::Dict(dict), _)) => dict.map.borrow().copy(),
            Some((mapping, at)) => {
                let mut copy = PyDict::new();
                for (key, value) in self.mapping_items(&mapping).map_err(|e| e.at(at))? {
                    copy.insert(key, value);
                }
                copy
            }
        };
        // Python 3's several `**` in one call: each merged in turn.
        for (mapping, at) in double_star {
            for (key, value) in self.mapping_items(&mapping).map_err(|e| e.at(at))? {
                if kwdict.contains_key(&key) {
                    return Err(multiple_values(&describe(), &key));
                }
                kwdict.insert(key, value);
            }
        }
        for (name, value) in written.named.into_iter().rev() {
            let key = self.key(Value::Str(name))?;
            if kwdict.contains_key(&key) {
                return Err(multiple_values(&describe(), &key));
            }
            kwdict.insert(key, value);
        }
        let mut keywords = Vec::with_capacity(kwdict.len());
        for (key, value) in kwdict.iter() {
            let Some(name) = key.value().as_str() else {
                return Err(PyException::type_error(format!(
                    "{} keywords must be strings",
                    describe()
                )));
            };
            keywords.push((Rc::from(name), value.clone()));
        }
        Ok(keywords)
    }

    /// Remembers where the keyword arguments of the call at `span` were written.
    fn record_keyword_spans(&mut self, args: &[Arg], span: Span) {
        let spans = &mut self.keyword_spans;
        spans.0 = span;
        spans.1.clear();
        for arg in args {
            if let Arg::Keyword { name, value } = arg {
                spans
                    .1
                    .push((Rc::from(name.name.as_str()), name.span.to(value.span)));
            }
        }
    }

    /// Evaluates call arguments, expanding `*args`; keyword arguments come back as written
    /// (`None` when there are none).
    fn eval_args(
        &mut self,
        args: &[Arg],
        scope: &Scope,
    ) -> PyResult<(Vec<Value>, Option<WrittenKeywords>)> {
        let mut positional = Vec::with_capacity(args.len());
        let mut written: Option<WrittenKeywords> = None;
        let mut spread = false;
        for arg in args {
            match arg {
                Arg::Positional(expr) => positional.push(self.eval(expr, scope)?),
                Arg::Keyword { name, value } => {
                    let value = self.eval(value, scope)?;
                    written
                        .get_or_insert_with(WrittenKeywords::default)
                        .named
                        .push((Rc::from(name.name.as_str()), value));
                }
                Arg::Star(expr) => {
                    spread = true;
                    let value = self.eval(expr, scope)?;
                    let values = self.collect_values(&value).map_err(|_| {
                        PyException::type_error(format!(
                            "argument after * must be a sequence, not {}",
                            value.type_name()
                        ))
                        .at(expr.span)
                    })?;
                    positional.extend(values);
                }
                Arg::DoubleStar(expr) => {
                    spread = true;
                    let value = self.eval(expr, scope)?;
                    if !is_mapping(&value) {
                        return Err(PyException::type_error(format!(
                            "argument after ** must be a mapping, not {}",
                            value.type_name()
                        ))
                        .at(expr.span));
                    }
                    written
                        .get_or_insert_with(WrittenKeywords::default)
                        .double_star
                        .push((value, expr.span));
                }
            }
        }
        if let Some(written) = &mut written {
            written.spread = spread;
        }
        Ok((positional, written))
    }

    /// Calls any callable value.
    pub(crate) fn call_value(
        &mut self,
        func: &Value,
        mut positional: Vec<Value>,
        keywords: Vec<(Rc<str>, Value)>,
        span: Span,
    ) -> PyResult<Value> {
        match func {
            Value::Function(function) => self.call_function(function, positional, keywords, span),
            Value::Builtin(builtin) => {
                let saved = std::mem::replace(&mut self.call_span, span);
                let result = (builtin.func)(
                    self,
                    Args {
                        positional,
                        keywords,
                    },
                );
                self.call_span = saved;
                result
            }
            Value::Method(method) => {
                positional.insert(0, method.receiver.clone());
                self.call_value(&method.func, positional, keywords, span)
            }
            _ => self.call_other(func, positional, keywords, span),
        }
    }

    #[inline(never)]
    fn call_other(
        &mut self,
        func: &Value,
        positional: Vec<Value>,
        keywords: Vec<(Rc<str>, Value)>,
        span: Span,
    ) -> PyResult<Value> {
        match func {
            Value::Type(kind) => {
                let saved = std::mem::replace(&mut self.call_span, span);
                let result = self.construct_type(
                    *kind,
                    Args {
                        positional,
                        keywords,
                    },
                );
                self.call_span = saved;
                result
            }
            Value::Class(class) => self.instantiate(class, positional, keywords, span),
            Value::Native(native) => match &**native {
                Native::Partial { func, args, kwargs } => {
                    let mut all = args.clone();
                    all.extend(positional);
                    let mut all_keywords = kwargs.clone();
                    for (name, value) in keywords {
                        all_keywords.retain(|(existing, _)| *existing != name);
                        all_keywords.push((name, value));
                    }
                    self.call_value(func, all, all_keywords, span)
                }
                Native::BoundMethod { receiver, name } => {
                    self.call_method(receiver.clone(), name, positional, keywords, span)
                }
                Native::TypeMethod { kind, name } => {
                    let saved = std::mem::replace(&mut self.call_span, span);
                    let result = self.call_type_method(
                        *kind,
                        name,
                        Args {
                            positional,
                            keywords,
                        },
                    );
                    self.call_span = saved;
                    result
                }
                _ => Err(not_callable(func)),
            },
            Value::Foreign(foreign) => {
                let saved = std::mem::replace(&mut self.call_span, span);
                let result = foreign.call(func, positional, keywords, self);
                self.call_span = saved;
                result.unwrap_or_else(|| Err(not_callable(func)))
            }
            Value::Instance(instance) => match instance.class.lookup("__call__") {
                Some(_) => self.call_method(func.clone(), "__call__", positional, keywords, span),
                None => Err(not_callable(func)),
            },
            _ => Err(not_callable(func)),
        }
    }

    /// Calls a function defined in `.aurora` code.
    pub(crate) fn call_function(
        &mut self,
        function: &Rc<Function>,
        positional: Vec<Value>,
        keywords: Vec<(Rc<str>, Value)>,
        span: Span,
    ) -> PyResult<Value> {
        if self.depth >= self.options.limits.max_call_depth {
            return Err(PyException::limit(
                LimitKind::Recursion,
                format!(
                    "maximum recursion depth exceeded while calling `{}` ({} nested calls)",
                    function.name, self.options.limits.max_call_depth
                ),
            )
            .at(span));
        }
        self.check_stack(&format!(" while calling `{}`", function.name))
            .map_err(|e| e.at(span))?;
        self.depth += 1;
        let result = self.run_function(function, positional, keywords);
        self.depth -= 1;
        result.map_err(|mut error| {
            if error.span.is_none() {
                error.span = Some(span);
            } else {
                error.traceback.push(TraceFrame {
                    function: Rc::clone(&function.name),
                    call_span: span,
                });
            }
            error
        })
    }

    fn run_function(
        &mut self,
        function: &Rc<Function>,
        positional: Vec<Value>,
        keywords: Vec<(Rc<str>, Value)>,
    ) -> PyResult<Value> {
        let code = Rc::clone(&function.code);
        let locals = self.bind_arguments(function, &code, positional, keywords)?;
        let frame = Rc::new(Frame {
            code: Rc::clone(&code),
            locals: RefCell::new(locals),
            parent: function.closure.clone(),
        });
        let scope = Scope {
            globals: &function.globals,
            frame: Some(&frame),
            class_ns: None,
        };
        if let Err(error) = self.unpack_tuple_parameters(&code, &frame, &scope) {
            release_frame(frame);
            return Err(error);
        }
        let result = match &code.body {
            CodeBody::Def(def) => match self.exec_block(&def.body, &scope) {
                Ok(Flow::Return(value)) => Ok(value),
                Ok(Flow::Normal) => Ok(Value::None),
                Ok(Flow::Break | Flow::Continue) => Err(PyException::new(
                    ExcType::SyntaxError,
                    "'break' or 'continue' outside loop",
                )),
                Err(error) => Err(error),
            },
            CodeBody::Lambda(lambda) => self.eval(&lambda.body, &scope),
            CodeBody::Comprehension => Ok(Value::None),
        };
        release_frame(frame);
        result
    }

    /// Python 2's tuple parameters (`def f((a, b))`): each argument unpacked into its names.
    fn unpack_tuple_parameters(
        &mut self,
        code: &FnCode,
        frame: &Rc<Frame>,
        scope: &Scope,
    ) -> PyResult<()> {
        let params = code.params().expect("functions have parameters");
        for (index, param) in params.positional.iter().enumerate() {
            if let Some(pattern) = &param.unpack {
                let value = frame.locals.borrow()[index].clone().unwrap_or_default();
                self.assign(pattern, value, scope)?;
            }
        }
        Ok(())
    }

    /// Binds call arguments to the function's parameters, with Python 2's messages.
    fn bind_arguments(
        &mut self,
        function: &Function,
        code: &FnCode,
        positional: Vec<Value>,
        keywords: Vec<(Rc<str>, Value)>,
    ) -> PyResult<Vec<Option<Value>>> {
        let params = code.params().expect("functions have parameters");
        let name = &function.name;
        let mut locals: Vec<Option<Value>> = vec![None; code.slot_names.len()];
        let count = params.positional.len();
        let given = positional.len() + keywords.len();
        let mut extra = Vec::new();
        for (index, value) in positional.into_iter().enumerate() {
            if index < count {
                locals[index] = Some(value);
            } else {
                extra.push(value);
            }
        }
        let vararg_slot = params.vararg.as_ref().map(|_| count);
        let keyword_only_start = count + usize::from(vararg_slot.is_some());
        let kwarg_slot = params
            .kwarg
            .as_ref()
            .map(|_| keyword_only_start + params.keyword_only.len());
        let required = params
            .positional
            .iter()
            .filter(|param| param.default.is_none())
            .count();
        if !extra.is_empty() && vararg_slot.is_none() {
            return Err(arity_error(name, params, required, given));
        }
        if let Some(slot) = vararg_slot {
            locals[slot] = Some(Value::tuple(extra));
        }
        let mut kwargs = crate::containers::PyDict::new();
        for (keyword, value) in keywords {
            let slot = params
                .positional
                .iter()
                .position(|param| *param.name.name == *keyword)
                .or_else(|| {
                    params
                        .keyword_only
                        .iter()
                        .position(|param| *param.name.name == *keyword)
                        .map(|index| keyword_only_start + index)
                });
            match slot {
                Some(slot) => {
                    if locals[slot].is_some() {
                        return Err(PyException::type_error(format!(
                            "{name}() got multiple values for keyword argument '{keyword}'"
                        )));
                    }
                    locals[slot] = Some(value);
                }
                None if kwarg_slot.is_some() => {
                    kwargs.insert(self.key(Value::Str(keyword))?, value);
                }
                None => {
                    return Err(PyException::type_error(format!(
                        "{name}() got an unexpected keyword argument '{keyword}'"
                    )))
                }
            }
        }
        let mut defaults = function.defaults.iter();
        for (index, param) in params.positional.iter().enumerate() {
            let default = if param.default.is_some() {
                defaults.next()
            } else {
                None
            };
            if locals[index].is_none() {
                match default {
                    Some(value) => locals[index] = Some(value.clone()),
                    None => return Err(arity_error(name, params, required, given)),
                }
            }
        }
        for (index, param) in params.keyword_only.iter().enumerate() {
            let slot = keyword_only_start + index;
            if locals[slot].is_none() {
                match function.kw_defaults.get(index).cloned().flatten() {
                    Some(value) => locals[slot] = Some(value),
                    None => {
                        return Err(PyException::type_error(format!(
                            "{name}() missing 1 required keyword-only argument: '{}'",
                            param.name.name
                        )))
                    }
                }
            }
        }
        if let Some(slot) = kwarg_slot {
            locals[slot] = Some(Value::dict(kwargs));
        }
        Ok(locals)
    }

    /// `def name(...)`: evaluates decorators and defaults and builds the function.
    pub(crate) fn make_function(&mut self, def: &FunctionDef, scope: &Scope) -> PyResult<Value> {
        let decorators = def
            .decorators
            .iter()
            .map(|decorator| self.eval(decorator, scope))
            .collect::<PyResult<Vec<_>>>()?;
        let address = def as *const FunctionDef as usize;
        let code = match self.code_cache.get(&address) {
            Some(code) => Rc::clone(code),
            None => {
                let code = Rc::new(analyze_def(Rc::new(def.clone())));
                check_unique_params(&def.params, &code).map_err(|e| e.at(def.name.span))?;
                self.code_cache.insert(address, Rc::clone(&code));
                code
            }
        };
        let mut function = self.build_function(code, &def.params, scope)?;
        for decorator in decorators.iter().rev() {
            function = self.call_value(decorator, vec![function], Vec::new(), def.name.span)?;
        }
        Ok(function)
    }

    pub(crate) fn make_lambda(
        &mut self,
        node: &Expr,
        params: &Params,
        body: &Expr,
        scope: &Scope,
    ) -> PyResult<Value> {
        let address = node as *const Expr as usize;
        let code = match self.code_cache.get(&address) {
            Some(code) => Rc::clone(code),
            None => {
                let code = Rc::new(analyze_lambda(Rc::new(LambdaCode {
                    params: params.clone(),
                    body: body.clone(),
                })));
                check_unique_params(params, &code)?;
                self.code_cache.insert(address, Rc::clone(&code));
                code
            }
        };
        self.build_function(code, params, scope)
    }

    fn build_function(
        &mut self,
        code: Rc<FnCode>,
        params: &Params,
        scope: &Scope,
    ) -> PyResult<Value> {
        let mut defaults = Vec::new();
        for param in &params.positional {
            if let Some(default) = &param.default {
                defaults.push(self.eval(default, scope)?);
            }
        }
        let mut kw_defaults = Vec::new();
        for param in &params.keyword_only {
            kw_defaults.push(match &param.default {
                Some(default) => Some(self.eval(default, scope)?),
                None => None,
            });
        }
        Ok(Value::Function(Rc::new(Function {
            name: Rc::clone(&code.name),
            code,
            defaults,
            kw_defaults,
            globals: Rc::clone(scope.globals),
            closure: scope.frame.cloned(),
        })))
    }

    /// `locals()`, `vars()`, `globals()` without arguments: a snapshot dict.
    fn scope_snapshot(&mut self, which: &str, scope: &Scope) -> Value {
        let mut map = crate::containers::PyDict::new();
        let mut add = |this: &mut Self, name: &str, value: &Value| {
            if let Ok(key) = this.key(Value::str(name)) {
                map.insert(key, value.clone());
            }
        };
        match (which, scope.class_ns, scope.frame) {
            ("globals", _, _) | (_, None, None) => {
                let globals = scope.globals.borrow().clone();
                for (name, value) in &globals {
                    add(self, name, value);
                }
            }
            (_, Some(class_ns), _) => {
                let names = class_ns.borrow().clone();
                for (name, value) in &names {
                    add(self, name, value);
                }
            }
            (_, None, Some(frame)) => {
                let locals = frame.locals.borrow().clone();
                for (name, value) in frame.code.slot_names.iter().zip(&locals) {
                    if let Some(value) = value {
                        add(self, name, value);
                    }
                }
            }
        }
        Value::dict(map)
    }
}

/// Whether calling `callee` runs a Python function directly (CPython's `fast_function`):
/// a function, or a method bound to its receiver.
fn is_python_function(callee: &Value) -> bool {
    match callee {
        Value::Function(_) => true,
        Value::Method(method) => matches!(method.func, Value::Function(_)),
        _ => false,
    }
}

/// Whether `receiver.name(...)` calls a Python function directly: a method of an instance
/// or of a subclass of a builtin type, a function stored on an instance, a classmethod or
/// staticmethod looked up on a class (a plain function looked up on a class is an unbound
/// method, which CPython calls through `do_call`). Module functions are all builtins here;
/// the methods of pystachio objects are Python methods in pystachio.
fn method_is_python_function(receiver: &Value, name: &str) -> bool {
    if let Some(class) = receiver.subclass() {
        if let Some(Value::Function(_)) = class.lookup(name) {
            return true;
        }
    }
    match receiver {
        Value::Instance(instance) => match instance.dict.borrow().get(name) {
            Some(value) => is_python_function(value),
            None => class_attribute_binds(&instance.class.lookup(name)),
        },
        Value::Foreign(_) => true,
        Value::Class(class) => match class.lookup(name) {
            Some(Value::Native(native)) => matches!(
                &*native,
                Native::ClassMethod(Value::Function(_)) | Native::StaticMethod(Value::Function(_))
            ),
            _ => false,
        },
        _ => false,
    }
}

/// Whether a class attribute looked up through an instance calls a Python function.
fn class_attribute_binds(attribute: &Option<Value>) -> bool {
    match attribute {
        Some(Value::Function(_)) => true,
        Some(Value::Native(native)) => matches!(
            &**native,
            Native::ClassMethod(Value::Function(_)) | Native::StaticMethod(Value::Function(_))
        ),
        _ => false,
    }
}

/// What may follow `**` in a call.
fn is_mapping(value: &Value) -> bool {
    match value {
        Value::Dict(_) => true,
        Value::Native(native) => matches!(**native, Native::Environ),
        Value::Instance(instance) => instance.class.lookup("keys").is_some(),
        _ => false,
    }
}

/// How CPython names a callee in `got multiple values for keyword argument` errors.
fn callee_description(callee: &Value) -> String {
    match callee {
        Value::Function(function) => format!("{}()", function.name),
        Value::Method(method) => callee_description(&method.func),
        Value::Builtin(builtin) => format!("{}()", builtin.name),
        Value::Class(class) => format!("{} object", class.name),
        other => format!("{} object", other.type_name()),
    }
}

fn multiple_values(callee: &str, key: &crate::value::Key) -> Box<PyException> {
    let name = key.value().as_str().unwrap_or_default().to_string();
    PyException::type_error(format!(
        "{callee} got multiple values for keyword argument '{name}'"
    ))
}

/// `TypeError: 'x' object is not callable`.
pub(crate) fn not_callable(value: &Value) -> Box<PyException> {
    PyException::type_error(format!("'{}' object is not callable", value.type_name()))
}

fn arity_error(name: &str, params: &Params, required: usize, given: usize) -> Box<PyException> {
    let count = params.positional.len();
    let has_defaults = required < count;
    let (quantifier, number) = if params.vararg.is_some() || (has_defaults && given < required) {
        ("at least", required)
    } else if has_defaults {
        ("at most", count)
    } else {
        ("exactly", count)
    };
    let message = if number == 0 && quantifier == "exactly" {
        format!("{name}() takes no arguments ({given} given)")
    } else {
        let plural = if number == 1 { "" } else { "s" };
        format!("{name}() takes {quantifier} {number} argument{plural} ({given} given)")
    };
    PyException::type_error(message)
}

fn check_unique_params(params: &Params, code: &FnCode) -> PyResult<()> {
    let mut seen: Vec<&str> = Vec::new();
    let names = params
        .positional
        .iter()
        .map(|param| &param.name)
        .chain(&params.vararg)
        .chain(params.keyword_only.iter().map(|param| &param.name))
        .chain(&params.kwarg);
    for name in names {
        if code.is_declared_global(&name.name) {
            return Err(PyException::new(
                ExcType::SyntaxError,
                format!("name '{}' is parameter and global", name.name),
            )
            .at(name.span));
        }
        if seen.contains(&name.name.as_str()) {
            return Err(PyException::new(
                ExcType::SyntaxError,
                format!("duplicate argument '{}' in function definition", name.name),
            )
            .at(name.span));
        }
        seen.push(&name.name);
    }
    Ok(())
}

/// Breaks the reference cycle a frame forms with the closures defined in it (the frame's
/// locals hold them, they hold the frame), which Python's collector would free and `Rc`
/// cannot. Only when nothing else refers to the frame or to those closures — no closure
/// escaped through the result, a global, a container or an inner frame — are its locals
/// cleared; otherwise the frame stays as it is.
fn release_frame(frame: Rc<Frame>) {
    let closures_held_only_here = {
        let locals = frame.locals.borrow();
        let mut count = 0;
        for value in locals.iter().flatten() {
            if let Value::Function(function) = value {
                if function
                    .closure
                    .as_ref()
                    .is_some_and(|closure| Rc::ptr_eq(closure, &frame))
                {
                    if Rc::strong_count(function) > 1 {
                        return;
                    }
                    count += 1;
                }
            }
        }
        count
    };
    if closures_held_only_here > 0 && Rc::strong_count(&frame) == 1 + closures_held_only_here {
        let locals = std::mem::take(&mut *frame.locals.borrow_mut());
        drop(locals);
    }
}
