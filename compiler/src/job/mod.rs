//! Compiling one job of a loaded config, as the Aurora client does before `job create`:
//! pick the job by its key, run the client's checks, convert it into the Thrift
//! `JobConfiguration` (with the tier the scheduler's tier settings imply), and give the job
//! JSON `job inspect --write-json` prints.
//!
//! Every failure is a [`JobError`] holding the client's own text (so users who search for it
//! find it) plus what the client never said: where the value was written and its field path.

mod client_checks;
mod inspect;
mod lower;
pub mod pyjson;
mod raw_repr;
mod select;
mod thermos;

use std::fmt;

use aurora_api as api;
use aurora_dsl::{Diagnostic, Span};

use crate::config::{job_objects, JobKey, Loaded};
use crate::pystachio::{Environment, Kwarg, Object, PyValue, Ref};

pub use lower::{is_good_identifier, AURORA_EXECUTOR_NAME};
pub use raw_repr::python_repr;
pub use select::Jobs;

/// Diagnostic codes of job compilation.
pub mod codes {
    use aurora_dsl::diagnostic::Code;

    /// The job key given on the command line is malformed.
    pub const BAD_JOB_KEY: Code = Code("E0300");
    /// The job cannot be picked or loaded (`Error loading configuration: ...`).
    pub const LOADING: Code = Code("E0301");
    /// The job is invalid (`The configuration was invalid: ...`).
    pub const INVALID: Code = Code("E0302");
    /// A check of the client's own failed (update settings, health checks): it `die()`s.
    pub const CLIENT_CHECK: Code = Code("E0303");
    /// Accepted, but probably not what was meant.
    pub const WARNING: Code = Code("W0300");
}

/// Which step of the client rejected a job: it decides what the client prints and its
/// exit status. Everything up to the Thrift conversion happens inside the client's
/// `get_job_config`, which turns any exception into `Error loading configuration: ...`
/// and exit status 3; only `die()` gets past it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// `Error loading configuration: ...` (exit status 3).
    Loading,
    /// `Error loading configuration: The configuration was invalid: ...` (exit status 3).
    Invalid,
    /// The client's `die()` in its checks of update settings: `FATAL] ...` (exit status 1).
    Fatal,
    /// What the client prints as a warning, as it is.
    Warning,
}

impl Rejection {
    /// The exit status of `aurora job create` (and `job inspect`) for this rejection.
    pub fn exit_status(self) -> u8 {
        match self {
            Rejection::Loading | Rejection::Invalid => EXIT_INVALID_CONFIGURATION,
            Rejection::Fatal | Rejection::Warning => 1,
        }
    }
}

/// The Aurora client's exit status for a configuration it cannot use.
pub const EXIT_INVALID_CONFIGURATION: u8 = 3;

/// Why a job does not compile (or, as a warning, what looks wrong).
#[derive(Clone, Debug)]
pub struct JobError {
    pub rejection: Rejection,
    /// The client's message, without the prefix.
    pub message: String,
    /// Where the value at fault was written.
    pub origin: Option<Span>,
    /// The field path inside the job (`task.processes[1].max_failures`), when known.
    pub path: Option<Box<str>>,
    /// The unbound refs, for `Config contains unbound variables`, each with where the
    /// text holding it was written.
    pub unbound: Vec<(Ref, Option<Span>)>,
    /// A hint of ours, beyond the client's message.
    pub help: Option<Box<str>>,
    /// The errors after this one that the client never reaches, since it stops at the
    /// first (every type-check failure of the job).
    pub more: Box<[JobError]>,
}

impl JobError {
    fn new(rejection: Rejection, message: impl Into<String>) -> JobError {
        JobError {
            rejection,
            message: message.into(),
            origin: None,
            path: None,
            unbound: Vec::new(),
            help: None,
            more: Box::default(),
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> JobError {
        self.help = Some(help.into().into_boxed_str());
        self
    }

    pub(crate) fn loading(message: impl Into<String>) -> JobError {
        JobError::new(Rejection::Loading, message)
    }

    pub(crate) fn invalid(message: impl Into<String>) -> JobError {
        JobError::new(Rejection::Invalid, message)
    }

    /// What the client `die()`s with.
    pub(crate) fn fatal(message: impl Into<String>) -> JobError {
        JobError::new(Rejection::Fatal, message)
    }

    /// What the client only warns about (or we do).
    pub(crate) fn warning(message: impl Into<String>) -> JobError {
        JobError::new(Rejection::Warning, message)
    }

    /// The same error, at `origin` and field `path` (kept if already known).
    pub(crate) fn at(mut self, origin: Option<Span>, path: &str) -> JobError {
        self.origin = self.origin.or(origin);
        if self.path.is_none() && !path.is_empty() {
            self.path = Some(path.into());
        }
        self
    }

    pub(crate) fn with_unbound(mut self, refs: Vec<(Ref, Option<Span>)>) -> JobError {
        self.unbound = refs;
        self
    }

    /// The whole text the Aurora client prints (`die()` writes it through the log, as
    /// `FATAL] ` and the message).
    pub fn client_text(&self) -> String {
        match self.rejection {
            Rejection::Loading => format!("Error loading configuration: {}", self.message),
            Rejection::Invalid => format!(
                "Error loading configuration: The configuration was invalid: {}",
                self.message
            ),
            Rejection::Fatal => format!("FATAL] {}", self.message),
            Rejection::Warning => self.message.clone(),
        }
    }

    /// A diagnostic naming the job, the field and the place (`fallback()` when the error
    /// knows none: it may cost a parse, so it is asked only then).
    pub fn to_diagnostic(
        &self,
        key: &JobKey,
        fallback: impl FnOnce() -> Span,
        warning: bool,
    ) -> Diagnostic {
        let code = match (warning, self.rejection) {
            (true, _) | (false, Rejection::Warning) => codes::WARNING,
            (false, Rejection::Loading) => codes::LOADING,
            (false, Rejection::Invalid) => codes::INVALID,
            (false, Rejection::Fatal) => codes::CLIENT_CHECK,
        };
        // The headline is what the client prints, so it is shown once and searchable.
        let message = self.client_text();
        let primary_ref = self
            .unbound
            .iter()
            .find(|(_, span)| span.is_some() && *span == self.origin);
        let label = match (&self.path, primary_ref) {
            (_, Some((r, _))) => format!("`{r}` is never bound (job {key})"),
            (Some(path), None) => format!("in job {key}, `{path}`"),
            (None, None) => format!("in job {key}"),
        };
        let mut diagnostic =
            Diagnostic::error(code, message, self.origin.unwrap_or_else(fallback), label);
        if warning {
            diagnostic.severity = aurora_dsl::diagnostic::Severity::Warning;
        }
        for (r, span) in &self.unbound {
            if let Some(span) = span {
                if Some(*span) != self.origin {
                    diagnostic = diagnostic.with_label(*span, format!("`{r}` is never bound"));
                }
            }
        }
        if let Some(help) = &self.help {
            diagnostic = diagnostic.with_help(help.to_string());
        } else if !self.unbound.is_empty() {
            diagnostic = diagnostic.with_help(
                "bind them with `--bind NAME=VALUE`, or set them in the config; only \
                 `{{mesos.instance}}`, `{{mesos.hostname}}`, `{{thermos.task_id}}` and \
                 `{{thermos.ports[NAME]}}` are left for the executor",
            );
        }
        diagnostic
    }

    /// This error and those after it ([`JobError::more`]), as diagnostics.
    pub fn diagnostics(
        &self,
        key: &JobKey,
        fallback: impl Fn() -> Span,
        warning: bool,
    ) -> Vec<Diagnostic> {
        std::iter::once(self)
            .chain(&self.more)
            .map(|error| error.to_diagnostic(key, &fallback, warning))
            .collect()
    }
}

impl From<crate::pystachio::Error> for JobError {
    /// A Pystachio error the client does not catch: `Error loading configuration: MESSAGE`,
    /// at the value that raised it when known.
    fn from(error: crate::pystachio::Error) -> JobError {
        let origin = error.span();
        let mut job_error = JobError::loading(py_message(&error));
        job_error.origin = origin;
        job_error.help = error.help().map(Box::from);
        job_error
    }
}

impl fmt::Display for JobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.client_text())
    }
}

/// Python's `str()` (and `%s`) of a plain value the client formats into a message or a
/// Thrift field: `1.0`, `True`, the text itself.
pub(crate) fn py_str(value: &PyValue) -> String {
    // Plain values (what `get()` returns) always have a `str()`.
    value.str().unwrap_or_default()
}

/// A Pystachio error as Python prints it after the client's prefix (no class name).
pub(crate) fn py_message(error: &crate::pystachio::Error) -> String {
    error.message().to_string()
}

/// The scheduler's tier settings the client backfills `tier` and `production` from.
#[derive(Clone, Debug)]
pub struct Tiers {
    /// Every tier: name, preemptible, revocable.
    pub tiers: Vec<Tier>,
    /// The tier of jobs that name none and match no other.
    pub default: String,
}

/// One of the scheduler's tiers.
#[derive(Clone, Debug)]
pub struct Tier {
    pub name: String,
    pub preemptible: bool,
    pub revocable: bool,
}

impl Default for Tiers {
    /// The scheduler's default tier configuration.
    fn default() -> Tiers {
        let tier = |name: &str, preemptible, revocable| Tier {
            name: name.into(),
            preemptible,
            revocable,
        };
        Tiers {
            tiers: vec![
                tier("preferred", false, false),
                tier("preemptible", true, false),
                tier("revocable", true, true),
            ],
            default: "preemptible".into(),
        }
    }
}

/// How to compile.
#[derive(Clone, Debug)]
pub struct CompileOptions {
    /// The job owner (`getpass.getuser()` for the real client).
    pub user: String,
    pub tiers: Tiers,
}

/// A compiled job.
pub struct CompiledJob {
    /// The job as the client holds it after its bindings and backfills (`config.raw()`).
    pub raw: Object,
    /// What `aurora job create` sends.
    pub configuration: api::JobConfiguration,
    /// Accepted, but worth a look.
    pub warnings: Vec<JobError>,
}

impl CompiledJob {
    /// `job inspect --write-json`: the interpolated job as JSON, as the client prints it.
    pub fn inspect_json(&self) -> Result<String, JobError> {
        let (interpolated, _) = self.raw.interpolate().map_err(JobError::from)?;
        let value = interpolated.get().map_err(JobError::from)?;
        pyjson::dumps(&value).map_err(JobError::loading)
    }
}

/// The client's steps from a loaded config to the job `key` names, compiled.
pub fn compile_job(
    loaded: &Loaded,
    key: &JobKey,
    options: &CompileOptions,
) -> Result<CompiledJob, JobError> {
    compile_from(&jobs_of(loaded)?, key, options)
}

/// One job of a config compiled: its key, its position in `jobs` and the outcome.
pub struct JobOutcome {
    pub index: usize,
    pub key: JobKey,
    /// The entry of `jobs` at `index` as written (bound to the `--bind` values), when the
    /// list could be read.
    pub written: Option<Object>,
    pub result: Result<CompiledJob, JobError>,
}

impl JobOutcome {
    /// The error or the warnings, as diagnostics (at `fallback()` where nothing better is
    /// known).
    pub fn diagnostics(&self, fallback: impl Fn() -> Span) -> Vec<Diagnostic> {
        match &self.result {
            Ok(compiled) => compiled
                .warnings
                .iter()
                .map(|warning| warning.to_diagnostic(&self.key, &fallback, true))
                .collect(),
            Err(error) => error.diagnostics(&self.key, &fallback, false),
        }
    }
}

/// What `config check` does with a loaded config: every job `keys` names (as `list_jobs`
/// lists them) compiled once; a key written twice is one job the client cannot pick.
/// Stops early when `interrupt` asks to.
pub fn compile_each(
    loaded: &Loaded,
    keys: &[JobKey],
    options: &CompileOptions,
    interrupt: Option<&crate::eval::Interrupt>,
) -> Vec<JobOutcome> {
    compile_range(loaded, keys, 0..keys.len(), options, interrupt)
}

/// [`compile_each`] for the jobs at `range` in `keys` only, as if those before it had been
/// compiled already: a key seen before `range` is not compiled again. Lets several threads,
/// each with its own evaluation of the config, share one file's jobs.
pub fn compile_range(
    loaded: &Loaded,
    keys: &[JobKey],
    range: std::ops::Range<usize>,
    options: &CompileOptions,
    interrupt: Option<&crate::eval::Interrupt>,
) -> Vec<JobOutcome> {
    let jobs = jobs_of(loaded);
    let mut seen: std::collections::HashSet<String> = keys[..range.start]
        .iter()
        .map(ToString::to_string)
        .collect();
    let mut outcomes = Vec::with_capacity(range.len());
    for (index, key) in keys.iter().enumerate().take(range.end).skip(range.start) {
        if interrupt.is_some_and(crate::eval::Interrupt::requested) {
            break;
        }
        if !seen.insert(key.to_string()) {
            continue;
        }
        let result = jobs
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|jobs| compile_from(jobs, key, options));
        outcomes.push(JobOutcome {
            index,
            key: key.clone(),
            written: jobs.as_ref().ok().and_then(|jobs| jobs.get(index)).cloned(),
            result,
        });
    }
    outcomes
}

/// The config's `jobs`, bound to its `--bind` values: build once to compile many keys.
pub fn jobs_of(loaded: &Loaded) -> Result<Jobs, JobError> {
    Jobs::new(job_objects(loaded).map_err(JobError::loading)?)
}

/// [`compile_job`] for jobs already gathered with [`jobs_of`].
pub fn compile_from(
    jobs: &Jobs,
    key: &JobKey,
    options: &CompileOptions,
) -> Result<CompiledJob, JobError> {
    let job = jobs.pick(key)?;
    client_checks::validate_job(&job)?;
    let mut raw = standard_bindings(&job)?;
    let mut warnings = Vec::new();
    client_checks::validate_update_config(&raw)?;
    client_checks::validate_announce(&raw, &mut warnings)?;
    warnings.extend(client_checks::deprecated_production(&raw)?);
    warnings.extend(client_checks::duplicate_process_names(&raw)?);
    let mut check = raw.check_all().map_err(JobError::from)?;
    if !check.ok {
        let more = std::mem::take(&mut check.more);
        let mut error = type_check_error(&check);
        error.more = more.iter().map(type_check_error).collect();
        return Err(error);
    }
    let ports = client_checks::job_ports(&raw)?;
    // The client converts twice: once to learn `production` and `tier` for the backfill,
    // then with the backfilled job. The backfill only sets those two fields, so the first
    // conversion can only fail where the second would, the same way; reading the two
    // fields alone is enough, unless reading them fails: then convert as the client does,
    // for its error.
    let in_context = in_client_context(&raw)?;
    let (production, tier) = match lower::production_and_tier(&in_context) {
        Ok(fields) => fields,
        Err(_) => {
            let first = lower::convert(&in_context, &ports, &options.user)?;
            let task = first.task_config.as_ref();
            let production = task.and_then(|t| t.production).unwrap_or(false);
            (production, task.and_then(|t| t.tier.clone()))
        }
    };
    raw = backfill_tier(&raw, production, tier.as_deref(), &options.tiers)?;
    // `raw(**backfill) % context()` is `(raw % context())(**backfill)`: the backfilled
    // field is a plain value, and what refers to it is resolved when `convert`
    // interpolates the job again. This saves interpolating the whole job a second time.
    let in_context = backfill_tier(&in_context, production, tier.as_deref(), &options.tiers)?;
    let configuration = lower::convert(&in_context, &ports, &options.user)?;
    Ok(CompiledJob {
        raw,
        configuration,
        warnings,
    })
}

/// How the client reports a job that fails its type check: `TypeCheck(FAILED): ...`.
fn type_check_error(check: &crate::pystachio::TypeCheck) -> JobError {
    let path = crate::pystachio::render_path(&check.path);
    JobError::loading(check.to_string()).at(check.origin, path.trim_start_matches('.'))
}

/// `AuroraConfig.standard_bindings`: the deprecated `mesos.role`, `mesos.cluster` and
/// `thermos.user` names still work.
fn standard_bindings(job: &Object) -> Result<Object, JobError> {
    let entries = [
        ("mesos.role", "{{role}}"),
        ("mesos.cluster", "{{cluster}}"),
        ("thermos.user", "{{role}}"),
    ]
    .into_iter()
    .map(|(name, value)| {
        let name = Ref::from_address(name).expect("the standard binding names are valid");
        (name, PyValue::from(value))
    })
    .collect();
    let environment = Environment::from_refs(entries).map_err(JobError::from)?;
    job.bind(&[PyValue::Env(environment)], &[])
        .map_err(JobError::from)
}

/// `raw % context()`: the job in an empty `mesos` context (no instance yet).
fn in_client_context(raw: &Object) -> Result<Object, JobError> {
    let context_type = crate::bridge::schema_type("MesosContext").ok_or_else(|| {
        JobError::loading("the schema has no MesosContext (a bug of this program)")
    })?;
    let context = context_type.call(&[], &[]).map_err(JobError::from)?;
    let environment = Environment::new(&[], &[Kwarg::new("mesos", PyValue::Object(context))])
        .map_err(JobError::from)?;
    raw.percent(&PyValue::Env(environment))
        .map_err(JobError::from)
}

/// The client's tier backfill: a job with no tier gets the first non-revocable tier whose
/// preemption matches its `production` flag (else the default tier); a job with a tier gets
/// `production` from that tier.
fn backfill_tier(
    raw: &Object,
    production: bool,
    tier: Option<&str>,
    tiers: &Tiers,
) -> Result<Object, JobError> {
    let kwarg = match tier {
        None => {
            let tier = tiers
                .tiers
                .iter()
                .find(|t| t.preemptible != production && !t.revocable)
                .map_or(tiers.default.as_str(), |t| t.name.as_str());
            Kwarg::new("tier", tier)
        }
        Some(tier) => {
            let production = tiers
                .tiers
                .iter()
                .find(|t| t.name == tier)
                .map_or(production, |t| !t.preemptible);
            Kwarg::new("production", PyValue::Bool(production))
        }
    };
    raw.with_fields(&[kwarg]).map_err(JobError::from)
}

/// Parses a job key as written on the command line (`CLUSTER/ROLE/ENV/NAME`), with the
/// client's rules for each part.
pub fn parse_job_key(text: &str) -> Result<JobKey, String> {
    let invalid = || format!("argument jobspec: invalid from_path value: '{text}'");
    let parts: Vec<&str> = text.splitn(4, '/').collect();
    let [cluster, role, environment, name] = parts[..] else {
        return Err(invalid());
    };
    if name.contains('/')
        || ![role, environment, name]
            .iter()
            .all(|p| is_good_identifier(p))
    {
        return Err(invalid());
    }
    Ok(JobKey {
        cluster: cluster.into(),
        role: role.into(),
        environment: environment.into(),
        name: name.into(),
    })
}

/// A diagnostic for a job key that does not parse.
pub fn bad_job_key(message: String) -> Diagnostic {
    crate::config::plain_error(codes::BAD_JOB_KEY, message).with_help("a job key is CLUSTER/ROLE/ENVIRONMENT/NAME; role, environment and name use letters, digits, `_`, `-` and `.`")
}
