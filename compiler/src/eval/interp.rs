//! The interpreter's state and its entry points: running a file, calling a value, and
//! the bookkeeping every step goes through (limits, the access log, output).

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use aurora_dsl::{ast, Diagnostic, FileId, SourceMap, Span};

use super::errors::{ExcType, Fatal, LimitKind, PyException};
use super::scope::FnCode;
use super::{Access, AccessKind, EvalOptions, Evaluation, Output};
use crate::value::{Class, FxBuild, Globals, Host, Namespace, PyResult, Value};

/// Where names are looked up and bound while a piece of code runs.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub globals: &'a Globals,
    /// The running function's frame (for a class body: the frame around the class).
    pub frame: Option<&'a Rc<crate::value::Frame>>,
    /// The namespace of the class body being executed.
    pub class_ns: Option<&'a RefCell<Namespace>>,
}

/// Runs `.aurora` code. One interpreter evaluates one config (and what it includes); it
/// stays usable afterwards to call the functions the config defined (Aurora's hooks).
pub struct Interpreter<'s> {
    pub(crate) sources: &'s mut SourceMap,
    pub(crate) options: EvalOptions,
    pub(crate) steps: u64,
    pub(crate) depth: usize,
    pub(crate) allocated: u64,
    stack_base: usize,
    /// The lowest native stack address evaluation may reach (stacks grow down).
    stack_floor: usize,
    /// The config's global namespace (also where `include()` evaluates files).
    pub(crate) globals: Globals,
    /// The directory of the evaluated file: the hermetic boundary for includes.
    pub(crate) root_dir: PathBuf,
    pub(crate) cwd: PathBuf,
    /// Scope analysis of every function, keyed by the address of its syntax node (the
    /// syntax trees are kept alive by `modules` and by the cached code itself).
    pub(crate) code_cache: HashMap<usize, Rc<FnCode>, FxBuild>,
    modules: Vec<Rc<ast::Module>>,
    pub(crate) builtins: Rc<Namespace>,
    pub(crate) exception_classes: Rc<super::builtins::ExceptionClasses>,
    pub(crate) imported: HashMap<&'static str, Value, FxBuild>,
    pub(crate) access: Vec<Access>,
    pub(crate) printed: String,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Files being included, outermost first, for cycle detection.
    pub(crate) include_stack: Vec<PathBuf>,
    /// `include()`s run so far, and the bytes they read.
    pub(crate) includes_done: usize,
    /// Bytes `print` has written (see [`Limits::max_output_bytes`](super::Limits)).
    output_bytes: usize,
    pub(crate) included_bytes: usize,
    /// Exceptions being handled by `except` clauses, for a bare `raise`.
    pub(crate) handling: Vec<PyException>,
    /// The span of the call being made to a builtin.
    pub(crate) call_span: Span,
    /// The spans of the keyword arguments of the last call written with them, with the
    /// span of that call (for foreign values, which record where each value was written).
    pub(crate) keyword_spans: (Span, Vec<(Rc<str>, Span)>),
    /// `from __future__ import print_function` was executed.
    pub(crate) print_function: bool,
    /// `from __future__ import division` was executed.
    pub(crate) true_division: bool,
    /// Python 2's `print` soft space: the last `print` ended with a comma.
    pub(crate) softspace: bool,
}

/// Steps between two looks at the evaluation's [`Interrupt`](super::Interrupt).
const INTERRUPT_EVERY: u64 = 4096;

impl<'s> Interpreter<'s> {
    /// An interpreter for evaluating `main` (already in `sources`).
    pub fn new(sources: &'s mut SourceMap, options: EvalOptions, main: FileId) -> Self {
        let main_path = sources.file(main).path().to_path_buf();
        let root_dir = main_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let cwd = options.cwd.clone().unwrap_or_else(|| root_dir.clone());
        let globals = Rc::new(RefCell::new(options.prelude.names().clone()));
        let (builtins, exception_classes) = super::builtins::builtins();
        Interpreter {
            sources,
            options,
            steps: 0,
            depth: 0,
            allocated: 0,
            stack_base: 0,
            stack_floor: 0,
            globals,
            root_dir,
            cwd,
            code_cache: HashMap::default(),
            modules: Vec::new(),
            builtins,
            exception_classes,
            imported: HashMap::default(),
            access: Vec::new(),
            printed: String::new(),
            diagnostics: Vec::new(),
            include_stack: vec![main_path],
            includes_done: 0,
            output_bytes: 0,
            included_bytes: 0,
            handling: Vec::new(),
            call_span: Span::default(),
            keyword_spans: (Span::default(), Vec::new()),
            print_function: false,
            true_division: false,
            softspace: false,
        }
    }

    /// Evaluates the main file into the globals; errors become diagnostics.
    pub fn run_main(&mut self, file: FileId) {
        let module = match self.parse_file(file) {
            Ok(module) => module,
            Err(diagnostics) => {
                self.diagnostics.extend(diagnostics);
                return;
            }
        };
        self.run_parsed(module);
    }

    /// Runs the main file from a syntax tree parsed before (the schema prelude's, parsed at
    /// build time).
    pub fn run_parsed(&mut self, module: Rc<ast::Module>) {
        self.mark_stack_base();
        if !self.modules.iter().any(|m| Rc::ptr_eq(m, &module)) {
            self.modules.push(Rc::clone(&module));
        }
        let globals = Rc::clone(&self.globals);
        if let Err(error) = self.exec_module(&module, &globals) {
            self.report(&error);
        }
    }

    /// Calls a value the config produced (a hook's method, say).
    pub fn call(
        &mut self,
        func: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> Result<Value, Diagnostic> {
        self.mark_stack_base();
        let span = self.call_span;
        self.call_value(func, args, kwargs, span)
            .map_err(|error| error.to_diagnostic())
    }

    /// The config's global namespace.
    pub fn globals(&self) -> std::cell::Ref<'_, Namespace> {
        self.globals.borrow()
    }

    /// Ends the evaluation.
    pub fn finish(self) -> Evaluation {
        let globals = self.globals.borrow().clone();
        Evaluation {
            globals,
            shared_globals: self.globals,
            access: self.access,
            printed: self.printed,
            diagnostics: self.diagnostics,
        }
    }

    /// Records an uncaught error as diagnostics.
    pub(crate) fn report(&mut self, error: &PyException) {
        self.diagnostics
            .extend(error.nested_diagnostics().iter().cloned());
        self.diagnostics.push(error.to_diagnostic());
    }

    /// Parses `file`, keeping its syntax tree alive for the functions it defines.
    pub(crate) fn parse_file(&mut self, file: FileId) -> Result<Rc<ast::Module>, Vec<Diagnostic>> {
        let text = self.sources.file(file).shared_text();
        let parsed = aurora_dsl::parse(&text, file);
        if !parsed.is_ok() {
            return Err(parsed.diagnostics);
        }
        // Warnings do not stop evaluation; they are reported with its outcome.
        self.diagnostics.extend(parsed.diagnostics);
        let module = Rc::new(parsed.module);
        self.modules.push(Rc::clone(&module));
        Ok(module)
    }

    /// Runs a parsed module in `globals`.
    pub(crate) fn exec_module(&mut self, module: &ast::Module, globals: &Globals) -> PyResult<()> {
        let scope = Scope {
            globals,
            frame: None,
            class_ns: None,
        };
        for stmt in &module.body {
            let what = match self.exec_block(std::slice::from_ref(stmt), &scope)? {
                super::stmt::Flow::Normal => continue,
                super::stmt::Flow::Return(_) => "'return' outside function",
                super::stmt::Flow::Break => "'break' outside loop",
                super::stmt::Flow::Continue => "'continue' not properly in loop",
            };
            return Err(PyException::new(ExcType::SyntaxError, what).at(stmt.span));
        }
        Ok(())
    }

    fn mark_stack_base(&mut self) {
        let marker = 0u8;
        self.stack_base = std::ptr::addr_of!(marker) as usize;
        self.stack_floor = self
            .stack_base
            .saturating_sub(self.options.limits.max_stack_bytes);
    }

    /// Fails when deeply nested code has used up the native stack budget.
    #[inline]
    pub(crate) fn check_expression_depth(&self) -> PyResult<()> {
        let marker = 0u8;
        if (std::ptr::addr_of!(marker) as usize) < self.stack_floor {
            return Err(PyException::limit(
                LimitKind::Recursion,
                "maximum recursion depth exceeded (expressions and calls nested too deeply)",
            ));
        }
        Ok(())
    }

    /// Counts one evaluation step.
    #[inline]
    pub(crate) fn tick(&mut self) -> PyResult<()> {
        self.steps += 1;
        if self.steps > self.options.limits.max_steps {
            return Err(self.steps_exceeded());
        }
        if self.steps.is_multiple_of(INTERRUPT_EVERY) {
            self.check_interrupt()?;
        }
        Ok(())
    }

    /// Fails when the evaluation was asked to stop.
    #[cold]
    fn check_interrupt(&self) -> PyResult<()> {
        match &self.options.interrupt {
            Some(interrupt) if interrupt.requested() => Err(PyException::fatal(
                super::errors::Fatal::Interrupted,
                "evaluation interrupted: the result is no longer needed".to_string(),
            )),
            _ => Ok(()),
        }
    }

    /// Counts `work` steps for a builtin that does work proportional to its input.
    pub(crate) fn charge(&mut self, work: usize) -> PyResult<()> {
        self.steps += (work / 8) as u64;
        if self.steps > self.options.limits.max_steps {
            return Err(self.steps_exceeded());
        }
        if work >= INTERRUPT_EVERY as usize {
            self.check_interrupt()?;
        }
        Ok(())
    }

    /// Steps left before the limit.
    pub(crate) fn steps_left(&self) -> u64 {
        self.options.limits.max_steps.saturating_sub(self.steps)
    }

    /// Counts `steps` steps at once.
    pub(crate) fn charge_steps(&mut self, steps: u64) -> PyResult<()> {
        self.steps = self.steps.saturating_add(steps);
        if self.steps > self.options.limits.max_steps {
            return Err(self.steps_exceeded());
        }
        if steps >= INTERRUPT_EVERY {
            self.check_interrupt()?;
        }
        Ok(())
    }

    #[cold]
    fn steps_exceeded(&self) -> Box<PyException> {
        PyException::limit(
            LimitKind::Steps,
            format!(
                "evaluation exceeded the step limit ({} steps); is there an endless loop?",
                self.options.limits.max_steps
            ),
        )
    }

    /// Fails when the native stack used since the entry point exceeds the limit.
    pub(crate) fn check_stack(&self, what: &str) -> PyResult<()> {
        let marker = 0u8;
        let here = std::ptr::addr_of!(marker) as usize;
        if self.stack_base.saturating_sub(here) > self.options.limits.max_stack_bytes {
            return Err(PyException::limit(
                LimitKind::Recursion,
                format!("maximum recursion depth exceeded{what}"),
            ));
        }
        Ok(())
    }

    /// Accounts for building a string of `bytes` bytes.
    pub(crate) fn alloc_str(&mut self, bytes: usize) -> PyResult<()> {
        let limits = &self.options.limits;
        if bytes > limits.max_str_bytes {
            return Err(PyException::limit(
                LimitKind::Size,
                format!(
                    "a string of {bytes} bytes is larger than the limit of {} bytes",
                    limits.max_str_bytes
                ),
            ));
        }
        self.alloc_bytes(bytes as u64)
    }

    /// Accounts for building a collection of `len` elements at once.
    pub(crate) fn alloc_items(&mut self, len: usize) -> PyResult<()> {
        self.grow_items(len, len)
    }

    /// Accounts for `added` elements joining a collection that now has `len`.
    pub(crate) fn grow_items(&mut self, len: usize, added: usize) -> PyResult<()> {
        let limits = &self.options.limits;
        if len > limits.max_collection_len {
            return Err(PyException::limit(
                LimitKind::Size,
                format!(
                    "a collection of {len} elements is larger than the limit of {} elements",
                    limits.max_collection_len
                ),
            ));
        }
        self.alloc_bytes(added as u64 * std::mem::size_of::<Value>() as u64)
    }

    fn alloc_bytes(&mut self, bytes: u64) -> PyResult<()> {
        self.allocated += bytes;
        self.charge((bytes / 8) as usize)?;
        if self.allocated > self.options.limits.max_alloc_bytes {
            return Err(PyException::limit(
                LimitKind::Memory,
                format!(
                    "evaluation allocated more than the limit of {} bytes",
                    self.options.limits.max_alloc_bytes
                ),
            ));
        }
        Ok(())
    }

    /// Writes `text` for a `print` statement.
    ///
    /// Past the limit of printed bytes the rest is dropped, once noted, so a printing loop
    /// cannot fill memory or a CI log.
    pub(crate) fn write_output(&mut self, text: &str) {
        let limit = self.options.limits.max_output_bytes;
        if self.output_bytes > limit {
            return;
        }
        self.output_bytes += text.len();
        let notice;
        let text = if self.output_bytes > limit {
            let mut end = limit.saturating_sub(self.output_bytes - text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            notice = format!(
                "{}\n[aurora: printed output cut off at the limit of {limit} bytes]\n",
                &text[..end]
            );
            &notice
        } else {
            text
        };
        match self.options.output {
            Output::Stderr => eprint!("{text}"),
            Output::Capture => self.printed.push_str(text),
        }
    }

    /// Reads an environment variable, recording (or, when hermetic, refusing) the read.
    pub(crate) fn read_env(&mut self, name: &str) -> PyResult<Option<String>> {
        let span = self.call_span;
        let value = self.options.env.get(name).cloned();
        self.access.push(Access {
            kind: AccessKind::Env {
                name: name.to_string(),
                found: value.is_some(),
            },
            span,
        });
        if self.options.hermetic {
            return Err(PyException::fatal(
                Fatal::Hermetic,
                format!("reading the environment variable `{name}` is not allowed in a hermetic evaluation"),
            )
            .with_help("pass the value with `--bind` instead"));
        }
        Ok(value)
    }

    /// Reads the whole environment (iteration, `dict(os.environ)`).
    pub(crate) fn read_env_all(&mut self) -> PyResult<Vec<(String, String)>> {
        self.access.push(Access {
            kind: AccessKind::EnvAll,
            span: self.call_span,
        });
        if self.options.hermetic {
            return Err(PyException::fatal(
                Fatal::Hermetic,
                "reading the environment is not allowed in a hermetic evaluation",
            ));
        }
        Ok(self
            .options
            .env
            .iter()
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect())
    }

    /// A file of the source map, if `file` belongs to it (spans from a prelude evaluated
    /// with another source map may not).
    pub(crate) fn source_file(&self, file: FileId) -> Option<&aurora_dsl::SourceFile> {
        self.sources
            .files()
            .find(|(id, _)| *id == file)
            .map(|(_, source)| source)
    }

    /// The text a span covers, or `""` when it is not in the source map.
    pub(crate) fn snippet(&self, span: Span) -> &str {
        self.source_file(span.file)
            .and_then(|file| file.text().get(span.range()))
            .unwrap_or("")
    }

    /// The built-in exception class for `kind`.
    pub(crate) fn exception_class(&self, kind: ExcType) -> Rc<Class> {
        Rc::clone(
            self.exception_classes
                .get(&kind)
                .expect("every built-in exception class is installed at start"),
        )
    }
}

impl Host for Interpreter<'_> {
    fn call(
        &mut self,
        func: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
    ) -> PyResult<Value> {
        let span = self.call_span;
        self.call_value(func, args, kwargs, span)
    }

    fn repr(&mut self, value: &Value) -> PyResult<String> {
        self.repr_value(value)
    }

    fn to_str(&mut self, value: &Value) -> PyResult<String> {
        self.str_value(value)
    }

    fn call_span(&self) -> Span {
        self.call_span
    }

    fn keyword_span(&self, name: &str) -> Option<Span> {
        let (call, spans) = &self.keyword_spans;
        if *call != self.call_span {
            return None;
        }
        spans
            .iter()
            .find(|(keyword, _)| &**keyword == name)
            .map(|(_, span)| *span)
    }

    fn exception_class(&self, kind: ExcType) -> Rc<Class> {
        Interpreter::exception_class(self, kind)
    }
}
