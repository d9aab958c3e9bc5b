//! `import`, and the modules that touch the outside world: `os`, `os.path`, `getpass`,
//! `sys`, and `open()`. Every read goes through the access log.

use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use aurora_dsl::ast::{DottedName, ImportAlias, ImportNames};
use aurora_dsl::Span;

use super::call::Args;
use super::errors::{ExcType, Fatal, LimitKind, PyException};
use super::interp::{Interpreter, Scope};
use super::read_file::{read_bounded, ReadError};
use super::stmt::unsupported;
use super::{Access, AccessKind};
use crate::value::{FileObj, Module, Namespace, Native, PyResult, Value};

/// Standard modules configs might import that the evaluator deliberately lacks.
const UNSUPPORTED_MODULES: &[&str] = &[
    "re",
    "time",
    "datetime",
    "random",
    "socket",
    "subprocess",
    "urllib",
    "urllib2",
    "httplib",
    "requests",
    "pickle",
    "cPickle",
    "shutil",
    "glob",
    "platform",
    "uuid",
    "signal",
    "threading",
    "multiprocessing",
    "logging",
    "tempfile",
    "io",
    "codecs",
    "argparse",
    "optparse",
    "inspect",
    "types",
    "operator",
    "base64",
    "shlex",
    "pipes",
    "struct",
    "decimal",
    "fractions",
    "yaml",
    "ConfigParser",
    "configparser",
    "csv",
    "pwd",
    "grp",
    "stat",
    "errno",
    "fnmatch",
    "traceback",
    "warnings",
    "weakref",
    "heapq",
    "bisect",
    "array",
    "zlib",
    "gzip",
    "zipfile",
    "tarfile",
    "StringIO",
    "cStringIO",
    "unittest",
    "pprint",
    "getopt",
    "calendar",
    "locale",
    "gettext",
];

pub(crate) const FILE_METHODS: &[&str] = &[
    "read",
    "readline",
    "readlines",
    "close",
    "write",
    "__enter__",
    "__exit__",
];

static OS_FUNCTIONS: &[crate::value::BuiltinFn] =
    &[builtin!("getenv", os_getenv), builtin!("getcwd", os_getcwd)];

static OS_PATH_FUNCTIONS: &[crate::value::BuiltinFn] = &[
    builtin!("join", path_join),
    builtin!("basename", path_basename),
    builtin!("dirname", path_dirname),
    builtin!("split", path_split),
    builtin!("splitext", path_splitext),
    builtin!("isabs", path_isabs),
    builtin!("normpath", path_normpath),
    builtin!("abspath", path_abspath),
    builtin!("realpath", path_abspath),
    builtin!("expanduser", path_expanduser),
    builtin!("exists", path_exists),
    builtin!("isfile", path_isfile),
    builtin!("isdir", path_isdir),
];

static GETPASS_FUNCTIONS: &[crate::value::BuiltinFn] = &[builtin!("getuser", getuser)];

static SYS_FUNCTIONS: &[crate::value::BuiltinFn] = &[builtin!("exit", sys_exit)];

fn namespace_of(functions: &'static [crate::value::BuiltinFn]) -> Namespace {
    functions
        .iter()
        .map(|function| (Rc::from(function.name), Value::Builtin(function)))
        .collect()
}

fn module(name: &'static str, attrs: Namespace) -> Value {
    Value::Module(Rc::new(Module { name, attrs }))
}

impl Interpreter<'_> {
    /// `import a.b.c [as d]`.
    pub(crate) fn exec_import(&mut self, alias: &ImportAlias, scope: &Scope) -> PyResult<()> {
        let dotted = alias.module.to_dotted_string();
        let span = alias.module.span;
        let imported = self.import_module(&dotted, span)?;
        match &alias.alias {
            Some(name) => self.store_name(&name.name, imported, scope),
            None => {
                let top = alias.module.parts[0].name.as_str();
                let top_module = self.import_module(top, span)?;
                self.store_name(top, top_module, scope);
            }
        }
        Ok(())
    }

    /// `from module import names`.
    pub(crate) fn exec_import_from(
        &mut self,
        module: Option<&DottedName>,
        level: u32,
        names: &ImportNames,
        span: Span,
        scope: &Scope,
    ) -> PyResult<()> {
        if level > 0 {
            return Err(
                PyException::value_error("Attempted relative import in non-package").at(span),
            );
        }
        let Some(module) = module else {
            return Err(PyException::new(ExcType::SyntaxError, "invalid syntax").at(span));
        };
        let dotted = module.to_dotted_string();
        if dotted == "__future__" {
            return self.import_future(names);
        }
        let imported = self.import_module(&dotted, module.span)?;
        let Value::Module(object) = &imported else {
            return Ok(());
        };
        match names {
            ImportNames::Star(_) => {
                for (name, value) in &object.attrs {
                    if !name.starts_with('_') {
                        self.store_name(name, value.clone(), scope);
                    }
                }
            }
            ImportNames::Names(names) => {
                for name in names {
                    let value = match object.attrs.get(name.name.name.as_str()) {
                        Some(value) => value.clone(),
                        None => self
                            .import_module(&format!("{dotted}.{}", name.name.name), name.name.span)
                            .map_err(|_| {
                                PyException::new(
                                    ExcType::ImportError,
                                    format!("cannot import name {}", name.name.name),
                                )
                                .at(name.name.span)
                            })?,
                    };
                    let bound = name.alias.as_ref().unwrap_or(&name.name);
                    self.store_name(&bound.name, value, scope);
                }
            }
        }
        Ok(())
    }

    fn import_future(&mut self, names: &ImportNames) -> PyResult<()> {
        let ImportNames::Names(names) = names else {
            return Err(PyException::new(
                ExcType::SyntaxError,
                "future feature * is not defined",
            ));
        };
        for name in names {
            match name.name.name.as_str() {
                "print_function" => self.print_function = true,
                "division" => self.true_division = true,
                "absolute_import" | "unicode_literals" | "with_statement" | "nested_scopes"
                | "generators" => {}
                other => {
                    return Err(PyException::new(
                        ExcType::SyntaxError,
                        format!("future feature {other} is not defined"),
                    )
                    .at(name.name.span))
                }
            }
        }
        Ok(())
    }

    /// The module named `dotted`, built on first import.
    pub(crate) fn import_module(&mut self, dotted: &str, span: Span) -> PyResult<Value> {
        if let Some(found) = self.imported.get(dotted) {
            return Ok(found.clone());
        }
        let (name, value): (&'static str, Value) = match dotted {
            "os" => {
                let mut attrs = namespace_of(OS_FUNCTIONS);
                attrs.insert("environ".into(), Value::Native(Rc::new(Native::Environ)));
                attrs.insert("path".into(), self.import_module("os.path", span)?);
                for (name, text) in [
                    ("sep", "/"),
                    ("pathsep", ":"),
                    ("linesep", "\n"),
                    ("curdir", "."),
                    ("pardir", ".."),
                    ("name", "posix"),
                ] {
                    attrs.insert(name.into(), Value::str(text));
                }
                ("os", module("os", attrs))
            }
            "os.path" | "posixpath" => {
                let mut attrs = namespace_of(OS_PATH_FUNCTIONS);
                attrs.insert("sep".into(), Value::str("/"));
                ("os.path", module("os.path", attrs))
            }
            "getpass" => (
                "getpass",
                module("getpass", namespace_of(GETPASS_FUNCTIONS)),
            ),
            "sys" => {
                let mut attrs = namespace_of(SYS_FUNCTIONS);
                attrs.insert("argv".into(), Value::list(vec![Value::str("aurora")]));
                attrs.insert(
                    "stdout".into(),
                    Value::Native(Rc::new(Native::Stream("stdout"))),
                );
                attrs.insert(
                    "stderr".into(),
                    Value::Native(Rc::new(Native::Stream("stderr"))),
                );
                attrs.insert("version".into(), Value::str("2.7.18"));
                attrs.insert(
                    "version_info".into(),
                    Value::tuple(vec![
                        Value::Int(2),
                        Value::Int(7),
                        Value::Int(18),
                        Value::str("final"),
                        Value::Int(0),
                    ]),
                );
                attrs.insert("maxint".into(), Value::Int(i64::MAX));
                attrs.insert("maxsize".into(), Value::Int(i64::MAX));
                attrs.insert("platform".into(), Value::str("linux2"));
                ("sys", module("sys", attrs))
            }
            other => match super::stdlib::stdlib_module(self, other) {
                Some((name, attrs)) => (name, module(name, attrs)),
                None => {
                    let top = other.split('.').next().unwrap_or(other);
                    if UNSUPPORTED_MODULES.contains(&top) {
                        return Err(unsupported(&format!("the module `{top}` is"), span));
                    }
                    let known_top = matches!(top, "os" | "sys" | "getpass")
                        || super::stdlib::stdlib_module(self, top).is_some();
                    let missing = if known_top {
                        other.rsplit('.').next().unwrap_or(other)
                    } else {
                        other
                    };
                    return Err(PyException::new(
                        ExcType::ImportError,
                        format!("No module named {missing}"),
                    )
                    .at(span));
                }
            },
        };
        self.imported.insert(name, value.clone());
        Ok(value)
    }

    /// Records a file read and refuses it when hermetic (a hermetic evaluation should
    /// not get here: see [`Self::refuse_file_read`]).
    fn read_file_access(&mut self, path: &Path, found: bool) -> PyResult<()> {
        if self.options.hermetic {
            return Err(self.refuse_file_read(path));
        }
        self.record_file_read(path, found);
        Ok(())
    }

    fn record_file_read(&mut self, path: &Path, found: bool) {
        self.access.push(Access {
            kind: AccessKind::File {
                path: path.to_path_buf(),
                found,
            },
            span: self.call_span,
        });
    }

    /// The refusal of a file read in a hermetic evaluation, recorded as a read of a file
    /// not found: asked for before the file is opened or stat-ed, it never is.
    fn refuse_file_read(&mut self, path: &Path) -> Box<PyException> {
        self.record_file_read(path, false);
        PyException::fatal(
            Fatal::Hermetic,
            format!(
                "reading the file `{}` is not allowed in a hermetic evaluation",
                path.display()
            ),
        )
    }

    /// A path as the config's working directory sees it.
    fn resolve(&self, path: &str) -> PathBuf {
        let path = Path::new(path);
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.cwd.join(path)
        }
    }
}

/// Lines left in a file (for iteration and `readlines`).
pub(crate) fn remaining_lines(file: &mut FileObj) -> Vec<Value> {
    let rest = &file.text[file.position.min(file.text.len())..];
    let lines: Vec<Value> = rest.split_inclusive('\n').map(Value::str).collect();
    file.position = file.text.len();
    lines
}

/// Methods of files, streams and hash objects.
pub(crate) fn native_method(
    interp: &mut Interpreter,
    native: &Rc<Native>,
    name: &str,
    args: Args,
) -> Option<PyResult<Value>> {
    match &**native {
        Native::File(file) => Some((|| {
            let closed = file.borrow().closed;
            if closed && name != "close" {
                return Err(PyException::value_error("I/O operation on closed file"));
            }
            Ok(match name {
                "read" => {
                    args.expect(name, 0, 1)?;
                    let mut file = file.borrow_mut();
                    let start = file.position.min(file.text.len());
                    let text = file.text[start..].to_string();
                    file.position = file.text.len();
                    Value::str(text)
                }
                "readline" => {
                    args.expect(name, 0, 0)?;
                    let mut file = file.borrow_mut();
                    let start = file.position.min(file.text.len());
                    let end = file.text[start..].find('\n').map_or(file.text.len(), |at| start + at + 1);
                    let line = file.text[start..end].to_string();
                    file.position = end;
                    Value::str(line)
                }
                "readlines" => {
                    args.expect(name, 0, 0)?;
                    let lines = remaining_lines(&mut file.borrow_mut());
                    interp.alloc_items(lines.len())?;
                    Value::list(lines)
                }
                "close" => {
                    file.borrow_mut().closed = true;
                    Value::None
                }
                "__enter__" => Value::Native(Rc::clone(native)),
                "__exit__" => {
                    file.borrow_mut().closed = true;
                    Value::Bool(false)
                }
                "write" => return Err(PyException::new(ExcType::IOError, "File not open for writing")),
                _ => return Err(PyException::attribute_error(String::new())),
            })
        })()),
        Native::Stream(_) => match name {
            "write" => Some(args.expect(name, 1, 1).and_then(|()| {
                let text = interp.str_value(&args.positional[0])?;
                interp.write_output(&text);
                Ok(Value::None)
            })),
            "flush" => Some(Ok(Value::None)),
            _ => None,
        },
        Native::Hash { .. } => super::hashlib::hash_method(interp, native, name, args),
        _ => None,
    }
    .filter(|result| !matches!(result, Err(error) if error.exc_type == ExcType::AttributeError && error.message.is_empty()))
}

/// `open(path, mode='r')`: reads the whole file, relative to the working directory.
pub(crate) fn open(interp: &mut Interpreter, mut args: Args) -> PyResult<Value> {
    let mode = args.take_keyword("mode");
    args.expect_positional("open", 1, 3)?;
    args.no_keywords_left("open")?;
    let mode = mode
        .or_else(|| args.positional.get(1).cloned())
        .map(|mode| mode.as_str().unwrap_or("r").to_string())
        .unwrap_or_else(|| "r".to_string());
    let Some(path_text) = args.positional[0].as_str().map(str::to_string) else {
        return Err(PyException::type_error(
            "coercing to Unicode: need string or buffer",
        ));
    };
    if mode.contains(['w', 'a', '+', 'x']) {
        let mut error = PyException::fatal(
            Fatal::Unsupported,
            format!("opening `{path_text}` for writing is not supported in .aurora files (mode '{mode}')"),
        );
        error.span = Some(interp.call_span);
        return Err(error);
    }
    let path = interp.resolve(&path_text);
    if interp.options.hermetic {
        return Err(interp.refuse_file_read(&path));
    }
    let content = read_bounded(&path, interp.options.limits.max_file_bytes);
    interp.read_file_access(&path, content.is_ok())?;
    let bytes = content.map_err(|error| read_error(error, &path_text))?;
    interp.alloc_str(bytes.len())?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Ok(Value::Native(Rc::new(Native::File(
        std::cell::RefCell::new(FileObj {
            name: path_text,
            text,
            position: 0,
            closed: false,
        }),
    ))))
}

/// The error for a file [`read_bounded`] did not read.
pub(crate) fn read_error(error: ReadError, path: &str) -> Box<PyException> {
    match error {
        ReadError::Io(error) => io_error(&error, path),
        ReadError::NotAFile => PyException::fatal(
            Fatal::Unsupported,
            format!(
                "`{path}` is not a regular file (a FIFO, socket or device); configs may only read regular files"
            ),
        ),
        ReadError::TooLarge(limit) => PyException::limit(
            LimitKind::Size,
            format!("`{path}` is larger than the limit of {limit} bytes for files a config reads"),
        ),
    }
}

/// Python 2's `IOError: [Errno 2] No such file or directory: 'path'`.
pub(crate) fn io_error(error: &std::io::Error, path: &str) -> Box<PyException> {
    let (errno, reason) = match error.kind() {
        std::io::ErrorKind::NotFound => (2, "No such file or directory"),
        std::io::ErrorKind::PermissionDenied => (13, "Permission denied"),
        _ if error.raw_os_error() == Some(21) => (21, "Is a directory"),
        _ => (5, "Input/output error"),
    };
    PyException::new(
        ExcType::IOError,
        format!(
            "[Errno {errno}] {reason}: {}",
            super::repr::quote_str(path, false)
        ),
    )
}

fn str_args(args: &Args, name: &str, min: usize, max: usize) -> PyResult<Vec<String>> {
    args.expect(name, min, max)?;
    args.positional
        .iter()
        .map(|value| {
            value.as_str().map(str::to_string).ok_or_else(|| {
                PyException::type_error(format!(
                    "{name}() argument must be a string, not {}",
                    value.type_name()
                ))
            })
        })
        .collect()
}

fn os_getenv(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("getenv", 1, 2)?;
    let name = args.positional[0]
        .as_str()
        .ok_or_else(|| PyException::type_error("getenv() argument must be a string"))?
        .to_string();
    match interp.read_env(&name)? {
        Some(value) => Ok(Value::str(value)),
        None => Ok(args.positional.get(1).cloned().unwrap_or_default()),
    }
}

fn os_getcwd(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("getcwd", 0, 0)?;
    Ok(Value::str(interp.cwd.display().to_string()))
}

/// `getpass.getuser()`: LOGNAME, USER, LNAME, USERNAME, then the password database.
fn getuser(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("getuser", 0, 0)?;
    for name in super::USER_VARIABLES {
        if let Some(user) = interp.read_env(name)? {
            if !user.is_empty() {
                return Ok(Value::str(user));
            }
        }
    }
    match interp.options.user_fallback.clone() {
        Some(user) => Ok(Value::str(user)),
        None => Err(PyException::key_error(Value::str(
            "getpwuid(): uid not found",
        ))),
    }
}

fn sys_exit(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("exit", 0, 1)?;
    let message = match args.positional.first() {
        Some(value) => interp.str_value(value)?,
        None => String::new(),
    };
    Err(PyException::new(ExcType::SystemExit, message))
}

fn path_join(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    let parts = str_args(&args, "join", 1, usize::MAX)?;
    let mut joined = String::new();
    for part in parts {
        if part.starts_with('/') {
            joined = part;
        } else if joined.is_empty() || joined.ends_with('/') {
            joined.push_str(&part);
        } else {
            joined.push('/');
            joined.push_str(&part);
        }
    }
    Ok(Value::str(joined))
}

fn split_path(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(at) => {
            let head = &path[..at + 1];
            let trimmed = head.trim_end_matches('/');
            (
                if trimmed.is_empty() { head } else { trimmed },
                &path[at + 1..],
            )
        }
        None => ("", path),
    }
}

fn path_basename(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    let parts = str_args(&args, "basename", 1, 1)?;
    Ok(Value::str(split_path(&parts[0]).1))
}

fn path_dirname(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    let parts = str_args(&args, "dirname", 1, 1)?;
    Ok(Value::str(split_path(&parts[0]).0))
}

fn path_split(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    let parts = str_args(&args, "split", 1, 1)?;
    let (head, tail) = split_path(&parts[0]);
    Ok(Value::tuple(vec![Value::str(head), Value::str(tail)]))
}

fn path_splitext(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    let parts = str_args(&args, "splitext", 1, 1)?;
    let path = &parts[0];
    let name_start = path.rfind('/').map_or(0, |at| at + 1);
    let name = &path[name_start..];
    let dot = name
        .rfind('.')
        .filter(|&at| name[..at].chars().any(|c| c != '.'));
    Ok(match dot {
        Some(at) => Value::tuple(vec![
            Value::str(&path[..name_start + at]),
            Value::str(&path[name_start + at..]),
        ]),
        None => Value::tuple(vec![Value::str(path.as_str()), Value::str("")]),
    })
}

fn path_isabs(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    let parts = str_args(&args, "isabs", 1, 1)?;
    Ok(Value::Bool(parts[0].starts_with('/')))
}

/// `os.path.normpath`: lexical, as Python's.
pub(crate) fn normalize(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|last| *last != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// A path with `.` and `..` resolved lexically (for the hermetic boundary check).
pub(crate) fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn path_normpath(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    let parts = str_args(&args, "normpath", 1, 1)?;
    Ok(Value::str(normalize(&parts[0])))
}

fn path_abspath(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    let parts = str_args(&args, "abspath", 1, 1)?;
    let path = interp.resolve(&parts[0]);
    Ok(Value::str(normalize(&path.display().to_string())))
}

fn path_expanduser(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    let parts = str_args(&args, "expanduser", 1, 1)?;
    let path = &parts[0];
    if path != "~" && !path.starts_with("~/") {
        return Ok(Value::str(path.as_str()));
    }
    match interp.read_env("HOME")? {
        Some(home) => Ok(Value::str(format!(
            "{}{}",
            home.trim_end_matches('/'),
            &path[1..]
        ))),
        None => Ok(Value::str(path.as_str())),
    }
}

fn path_probe(
    interp: &mut Interpreter,
    args: Args,
    name: &str,
    test: fn(&Path) -> bool,
) -> PyResult<Value> {
    let parts = str_args(&args, name, 1, 1)?;
    let path = interp.resolve(&parts[0]);
    if interp.options.hermetic {
        return Err(interp.refuse_file_read(&path));
    }
    let result = test(&path);
    interp.read_file_access(&path, path.exists())?;
    Ok(Value::Bool(result))
}

fn path_exists(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    path_probe(interp, args, "exists", Path::exists)
}

fn path_isfile(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    path_probe(interp, args, "isfile", Path::is_file)
}

fn path_isdir(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    path_probe(interp, args, "isdir", Path::is_dir)
}
