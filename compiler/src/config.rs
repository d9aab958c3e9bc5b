//! Loading a config file as the Aurora client does, and listing the jobs it defines.
//!
//! [`load`] evaluates the file with the prelude (Pystachio and the Aurora schema) from the
//! file's own directory, with the environment and user name given in [`LoadOptions`] (never
//! the process's). [`list_jobs`] is `aurora config list`: the job keys of the `jobs` list,
//! each job bound to the `--bind` values, read raw (uninterpolated) as real Aurora does.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use aurora_dsl::diagnostic::Code;
use aurora_dsl::{Diagnostic, FileId, PythonError, SourceMap, Span};

use crate::bridge;
use crate::eval::{self, Access, EvalOptions, Limits, Output};
use crate::pystachio::{Environment, Object, PyValue, Ref};
use crate::value::{Globals, Namespace, Value};

/// Diagnostic codes of loading and listing.
pub mod codes {
    use aurora_dsl::diagnostic::Code;

    /// The config file cannot be read.
    pub const UNREADABLE: Code = Code("E0200");
    /// A `--bind` argument is malformed.
    pub const BAD_BINDING: Code = Code("E0201");
    /// The `jobs` list cannot be listed.
    pub const BAD_JOBS: Code = Code("E0202");
    /// The built-in schema failed to evaluate (a bug of this program).
    pub const PRELUDE: Code = Code("E0203");
    /// The config defines no jobs.
    pub const NO_JOBS: Code = Code("W0204");
}

/// How to load a config.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// The environment `os.environ` sees.
    pub env: BTreeMap<String, String>,
    /// What `getpass.getuser()` returns when the environment names no user.
    pub user: Option<String>,
    /// `--bind NAME=VALUE` arguments, as written.
    pub bindings: Vec<String>,
    /// Refuse reads of the environment and of files other than includes.
    pub hermetic: bool,
    pub limits: Limits,
    /// Where `print` statements write.
    pub output: Output,
    /// Stops the evaluation early when it asks to (an editor's stale buffer).
    pub interrupt: Option<crate::eval::Interrupt>,
    /// The working directory `open()` and `os.getcwd()` see, as the client's process has
    /// one; `None` means the config's own directory. (`include()` always resolves against
    /// the including file, as pystachio does.)
    pub cwd: Option<PathBuf>,
}

/// `getpass.getuser()` as the Aurora client calls it for a job's owner: the first of
/// [`USER_VARIABLES`](crate::eval::USER_VARIABLES) set in `env`, else the password
/// database's name for this process.
pub fn getuser(env: &BTreeMap<String, String>) -> Option<String> {
    crate::eval::USER_VARIABLES
        .iter()
        .find_map(|name| env.get(*name).filter(|value| !value.is_empty()).cloned())
        .or_else(password_database_user)
}

/// The password database's name for the user running this process (what `getpass`
/// falls back to when the environment names no user). Read once per process.
pub fn password_database_user() -> Option<String> {
    static USER: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    USER.get_or_init(read_password_database_user).clone()
}

fn read_password_database_user() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|line| line.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.get(2) == Some(&uid.as_str())).then(|| fields[0].to_string())
    })
}

/// The largest config file read: far above any real one, far below memory.
const MAX_CONFIG_BYTES: usize = 64 << 20;

/// The text of the config file at `path`; a FIFO or device is refused without blocking
/// and a file past [`MAX_CONFIG_BYTES`] unread.
fn read_config_file(path: &Path) -> Result<String, String> {
    use crate::eval::read_file::{read_bounded, ReadError};
    match read_bounded(path, MAX_CONFIG_BYTES) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| "it is not valid UTF-8".to_string()),
        Err(ReadError::Io(error)) => Err(error.to_string()),
        Err(ReadError::NotAFile) => Err("not a regular file".to_string()),
        Err(ReadError::TooLarge(limit)) => Err(format!("it is larger than {limit} bytes")),
    }
}

/// One `--bind`: a Pystachio reference and its value.
#[derive(Clone, Debug)]
pub struct Binding {
    pub name: Ref,
    pub value: String,
}

impl Binding {
    /// Parses `NAME=VALUE` as the Aurora client does (split on the first `=`, the name
    /// read with `Ref.from_address`), with its messages.
    pub fn parse(text: &str) -> Result<Binding, String> {
        let Some((name, value)) = text.split_once('=') else {
            return Err("Binding parameter must be formatted name=value".into());
        };
        let name = Ref::from_address(name)
            .map_err(|e| format!("Could not parse binding parameter {text}: {e}"))?;
        Ok(Binding {
            name,
            value: value.into(),
        })
    }
}

/// A loaded config: what evaluating it produced, and the source map its diagnostics
/// refer to.
pub struct Loaded {
    pub sources: SourceMap,
    /// The config file, when it could be read.
    pub file: Option<FileId>,
    /// The module's globals (prelude names included).
    pub globals: Namespace,
    /// Every read of the environment and of files.
    pub access: Vec<Access>,
    /// Errors and warnings; any error means the config did not load.
    pub diagnostics: Vec<Diagnostic>,
    /// The parsed `--bind`s.
    pub bindings: Vec<Binding>,
    /// Released when the config is dropped, freeing the functions it defined.
    shared_globals: Option<Globals>,
}

impl Loaded {
    /// Whether the config loaded without errors.
    pub fn is_ok(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// A job key as `config list` prints it: `cluster/role/environment/name`, each part the
/// raw field value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobKey {
    pub cluster: String,
    pub role: String,
    pub environment: String,
    pub name: String,
}

impl fmt::Display for JobKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}/{}",
            self.cluster, self.role, self.environment, self.name
        )
    }
}

/// Evaluates the config at `path` (from its own directory, `include()` relative to it).
pub fn load(path: &Path, options: &LoadOptions) -> Loaded {
    load_text(path, None, options)
}

/// [`load`] with the config's text given (an editor's unsaved buffer) instead of read
/// from `path`; `path` still decides the directory `include()`s are resolved against.
pub fn load_text(path: &Path, text: Option<String>, options: &LoadOptions) -> Loaded {
    let mut sources = bridge::prelude::source_map();
    let loaded = |sources, file, diagnostics| Loaded {
        sources,
        file,
        globals: Namespace::default(),
        access: Vec::new(),
        diagnostics,
        bindings: Vec::new(),
        shared_globals: None,
    };
    let mut bindings = Vec::with_capacity(options.bindings.len());
    for text in &options.bindings {
        match Binding::parse(text) {
            Ok(binding) => bindings.push(binding),
            Err(message) => {
                let diagnostic = plain_error(codes::BAD_BINDING, message);
                return loaded(sources, None, vec![diagnostic]);
            }
        }
    }
    let text = match text.map_or_else(|| read_config_file(path), Ok) {
        Ok(text) => text,
        Err(reason) => {
            let message = format!("cannot read `{}`: {reason}", path.display());
            return loaded(sources, None, vec![plain_error(codes::UNREADABLE, message)]);
        }
    };
    let prelude = match bridge::prelude::prelude() {
        Ok(prelude) => prelude,
        Err(mut diagnostics) => {
            diagnostics.push(plain_error(
                codes::PRELUDE,
                "the built-in Aurora schema failed to evaluate (a bug of this program)",
            ));
            return loaded(sources, None, diagnostics);
        }
    };
    let file = sources.add(path, text);
    let cwd: Option<PathBuf> = options
        .cwd
        .clone()
        .or_else(|| path.parent().map(Path::to_path_buf));
    let eval_options = EvalOptions {
        limits: options.limits.clone(),
        hermetic: options.hermetic,
        env: options.env.clone(),
        user_fallback: options.user.clone(),
        cwd,
        output: options.output,
        prelude,
        interrupt: options.interrupt.clone(),
    };
    let evaluation = eval::evaluate(&mut sources, file, &eval_options);
    Loaded {
        sources,
        file: Some(file),
        globals: evaluation.globals,
        access: evaluation.access,
        diagnostics: evaluation.diagnostics,
        bindings,
        shared_globals: Some(evaluation.shared_globals),
    }
}

impl Drop for Loaded {
    fn drop(&mut self) {
        if let Some(globals) = &self.shared_globals {
            eval::release_globals(globals);
        }
    }
}

/// An error about the run as a whole (a malformed `--bind`, an unreadable file): no place
/// in any source to point at.
pub(crate) fn plain_error(code: Code, message: impl Into<String>) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(code, message, Span::default(), "");
    diagnostic.labels.clear();
    diagnostic
}

/// Where the config assigns `jobs` (its last module-level `jobs = ...`), else the start of
/// the file: where problems with the job list as a whole point.
pub fn jobs_site(loaded: &Loaded) -> Span {
    let Some(file) = loaded.file else {
        return Span::default();
    };
    let start = Span::new(file, 0, 0);
    let parsed = aurora_dsl::parse(loaded.sources.file(file).text(), file);
    parsed
        .module
        .body
        .iter()
        .rev()
        .find_map(|stmt| match &stmt.kind {
            aurora_dsl::ast::StmtKind::Assign { targets, value } => targets
                .iter()
                .any(|t| matches!(&t.kind, aurora_dsl::ast::ExprKind::Name(n) if n == "jobs"))
                .then_some(value.span),
            _ => None,
        })
        .unwrap_or(start)
}

/// `aurora config list`: the keys of the jobs in `jobs` (none when it is missing or
/// empty), each job bound to the bindings first.
pub fn list_jobs(loaded: &Loaded) -> Result<Vec<JobKey>, Diagnostic> {
    // Where `jobs` is assigned costs a parse: only an error needs it.
    let error = |message: String, help: Option<String>| {
        let span = jobs_site(loaded);
        let python = match message.split_once(": ") {
            Some((class, text)) => PythonError::raised(class, text),
            None => PythonError::raised(message.as_str(), ""),
        };
        let diagnostic =
            Diagnostic::error(codes::BAD_JOBS, message, span, "`jobs`").with_python(python);
        diagnostic.with_help(help.unwrap_or_else(|| {
            "`jobs` is the list of the config's jobs: `jobs = [Job(...), ...]`".to_string()
        }))
    };
    let jobs = job_objects(loaded).map_err(|message| error(message, None))?;
    jobs.iter()
        .map(|job| {
            job_key(job).map_err(|(message, field)| {
                let help = field.map(|field| {
                    format!(
                        "`{field}` is required: a job's key is its cluster, role, environment and name"
                    )
                });
                let diagnostic = error(message, help);
                match job.origin() {
                    Some(origin) => relabel(diagnostic, origin, "this job"),
                    None => diagnostic,
                }
            })
        })
        .collect()
}

/// The warning of `config check` for a config whose `jobs` is missing or empty: nothing in
/// it can be created (real Aurora lists such a file as `jobs=[]` without a word).
pub fn no_jobs_warning(loaded: &Loaded) -> Diagnostic {
    let (message, label) = match loaded.globals.get("jobs") {
        None => (
            "the config defines no `jobs`",
            "no `jobs = [...]` in this file",
        ),
        Some(_) => ("the config's `jobs` is empty", "`jobs`"),
    };
    Diagnostic::warning(codes::NO_JOBS, message, jobs_site(loaded), label).with_help(
        "`aurora job create` finds a config's jobs in `jobs = [Job(...), ...]`; a file only \
         meant to be include()d is checked through the files that include it",
    )
}

/// The same diagnostic, pointing at `span` with `label`.
fn relabel(mut diagnostic: Diagnostic, span: Span, label: &str) -> Diagnostic {
    diagnostic.labels = vec![aurora_dsl::Label {
        span,
        message: label.to_string(),
        primary: true,
    }];
    diagnostic
}

/// The entries of the config's `jobs`, each bound to the `--bind` values (`map(maybe_bind,
/// job_list)`), or the Python error the client would hit, as `Class: message`.
pub(crate) fn job_objects(loaded: &Loaded) -> Result<Vec<Object>, String> {
    let jobs = match loaded.globals.get("jobs") {
        None => return Ok(Vec::new()),
        Some(jobs) => jobs,
    };
    let items: Vec<Value> = match jobs {
        Value::List(list) => list.items.borrow().clone(),
        Value::Tuple(tuple) => tuple.items.clone(),
        // Real Aurora: `if not job_list: jobs=[]`, then `map(maybe_bind, job_list)`.
        Value::None | Value::Bool(false) | Value::Int(0) => return Ok(Vec::new()),
        Value::Str(s) | Value::Unicode(s) if s.is_empty() => return Ok(Vec::new()),
        Value::Str(s) | Value::Unicode(s) => s.chars().map(|c| Value::str(c.to_string())).collect(),
        Value::Dict(dict) => dict
            .map
            .borrow()
            .keys()
            .map(|k| k.value().clone())
            .collect(),
        _ => return Err("TypeError: argument 2 to map() must support iteration".into()),
    };
    let scopes: Vec<PyValue> = loaded
        .bindings
        .iter()
        .map(|b| {
            Environment::from_refs(vec![(b.name.clone(), PyValue::from(b.value.as_str()))])
                .map(PyValue::Env)
        })
        .collect::<Result<_, _>>()
        .map_err(py_error)?;
    items
        .iter()
        .map(|item| {
            let object = crate::bridge::as_object(item).ok_or_else(|| {
                let attribute = if scopes.is_empty() { "cluster" } else { "bind" };
                format!(
                    "AttributeError: '{}' object has no attribute '{attribute}'",
                    item.type_name()
                )
            })?;
            if scopes.is_empty() {
                Ok(object)
            } else {
                object.bind(&scopes, &[]).map_err(py_error)
            }
        })
        .collect()
}

fn py_error(e: crate::pystachio::Error) -> String {
    format!("{}: {}", e.kind().python_class(), e.message())
}

/// `"/".join([job.cluster().get(), job.role().get(), job.environment().get(),
/// job.name().get()])`, with the Python error real Aurora would hit (and the field that
/// was missing, if that was it).
fn job_key(object: &Object) -> Result<JobKey, (String, Option<&'static str>)> {
    let part = |field: &'static str| -> Result<String, (String, Option<&'static str>)> {
        let failed = |e| (py_error(e), None);
        match object.getattr(field).map_err(failed)? {
            crate::pystachio::StructAttr::Field(_) => {}
            crate::pystachio::StructAttr::HasField(_) => {
                return Err((format!("TypeError: {field} is not a field"), None))
            }
        }
        match object.field(field).map_err(failed)? {
            None => Err((
                "AttributeError: type object 'Empty' has no attribute 'get'".into(),
                Some(field),
            )),
            Some(value) => match value.get().map_err(failed)? {
                PyValue::Str(s) => Ok(s.to_string()),
                other => Err((
                    format!(
                        "TypeError: sequence item: expected string, {} found",
                        other.type_name()
                    ),
                    None,
                )),
            },
        }
    };
    Ok(JobKey {
        cluster: part("cluster")?,
        role: part("role")?,
        environment: part("environment")?,
        name: part("name")?,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::getuser;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn getuser_takes_the_first_variable_set_as_python_does() {
        let found = getuser(&env(&[("USER", "u"), ("LOGNAME", "l"), ("USERNAME", "n")]));
        assert_eq!(found.as_deref(), Some("l"));
        let found = getuser(&env(&[("LOGNAME", ""), ("LNAME", "x"), ("USER", "u")]));
        assert_eq!(found.as_deref(), Some("u"));
    }
}
