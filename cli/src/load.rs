//! What the commands that read a config share: the `--bind` and `--hermetic` options,
//! loading a file with the process's environment and user, compiling one job of it, and
//! reporting why that failed.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aurora_compiler::config::{
    getuser, jobs_site, load, password_database_user, JobKey, LoadOptions, Loaded,
};
use aurora_compiler::eval::Output;
use aurora_compiler::job::{
    bad_job_key, compile_job, parse_job_key, CompileOptions, CompiledJob, JobError, Tiers,
};
use aurora_dsl::{render_human, Diagnostic, SourceMap};
use clap::Args;

use crate::client::{self, Loader};
use crate::report::stderr_wants_color;
use crate::{EXIT_FAILURE, EXIT_USAGE};

/// How a config is evaluated: the options every command that loads one takes.
#[derive(Args, Clone, Debug, Default)]
pub struct LoadArgs {
    /// Bind a template variable, `NAME=VALUE` (e.g. `--bind cluster=west`); repeatable.
    #[arg(long = "bind", value_name = "NAME=VALUE")]
    pub bindings: Vec<String>,

    /// Refuse every read of the environment, of the user name and of files (other than
    /// `include()`s inside the config's directory): the config must be self-contained.
    #[arg(long)]
    pub hermetic: bool,
}

/// Evaluates the config at `path` from its own directory, with the process's environment.
pub fn load_config(path: &Path, args: &LoadArgs) -> Loaded {
    load_config_with(path, args, Output::default())
}

/// [`load_config`], with what the config prints going to `output`.
pub fn load_config_with(path: &Path, args: &LoadArgs, output: Output) -> Loaded {
    let options = LoadOptions {
        output,
        env: std::env::vars().collect::<BTreeMap<String, String>>(),
        user: password_database_user(),
        bindings: args.bindings.clone(),
        hermetic: args.hermetic,
        // `open('x')` in a config reads from where `aurora` runs, as the client does.
        cwd: std::env::current_dir().ok(),
        ..LoadOptions::default()
    };
    load(path, &options)
}

/// The options jobs are compiled with: the scheduler's default tiers, and the user
/// `getpass.getuser()` finds, as the owner.
pub fn compile_options() -> Result<CompileOptions, String> {
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let user = getuser(&env).ok_or(
        "cannot tell who the job owner is: none of LOGNAME, USER, LNAME and USERNAME is set, \
         and the password database names no user for this process",
    )?;
    Ok(CompileOptions {
        user,
        tiers: Tiers::default(),
    })
}

/// The job key of a command line, or the exit status after saying why it is not one
/// (2, as for the Aurora client's other argument errors).
pub fn parse_key(text: &str) -> Result<JobKey, ExitCode> {
    parse_job_key(text).map_err(|message| {
        let diagnostic = bad_job_key(message);
        let rendered = render_human(&diagnostic, &SourceMap::new(), stderr_wants_color());
        let _ = write!(io::stderr().lock(), "{rendered}");
        ExitCode::from(EXIT_USAGE)
    })
}

/// One job compiled from a file, with the config it came from (whose source map the
/// diagnostics point into).
pub struct JobInFile {
    pub path: PathBuf,
    pub key: JobKey,
    pub loaded: Loaded,
}

impl JobInFile {
    /// Loads `path` and compiles the job `key`; on failure, reports why on stderr and
    /// returns the exit status. Warnings are reported on stderr too.
    pub fn compile(
        path: &Path,
        key: JobKey,
        args: &LoadArgs,
    ) -> Result<(JobInFile, CompiledJob), ExitCode> {
        let options = compile_options().map_err(|message| {
            let _ = writeln!(io::stderr().lock(), "aurora: {message}");
            ExitCode::from(EXIT_FAILURE)
        })?;
        let job = JobInFile {
            path: path.to_path_buf(),
            key,
            loaded: load_config(path, args),
        };
        if !job.loaded.is_ok() {
            let diagnostics = &job.loaded.diagnostics;
            return Err(report_load_errors(
                Loader::Job,
                &job.path,
                &job.loaded,
                diagnostics,
            ));
        }
        match compile_job(&job.loaded, &job.key, &options) {
            Ok(compiled) => {
                for warning in &compiled.warnings {
                    job.report(warning, true);
                }
                Ok((job, compiled))
            }
            Err(error) => {
                job.report(&error, false);
                Err(ExitCode::from(error.rejection.exit_status()))
            }
        }
    }

    /// Reports an error of rendering the compiled job for output: the client does not
    /// catch those (its traceback ends with the exception), so the exit status is 1.
    pub fn fail(&self, error: &JobError) -> ExitCode {
        self.report(error, false);
        ExitCode::from(EXIT_FAILURE)
    }

    /// The error headed with the client's text, with where it is.
    fn report(&self, error: &JobError, warning: bool) {
        let color = stderr_wants_color();
        let mut stderr = io::stderr().lock();
        for diagnostic in error.diagnostics(&self.key, || jobs_site(&self.loaded), warning) {
            let rendered = render_human(&diagnostic, &self.loaded.sources, color);
            let _ = write!(stderr, "{rendered}");
        }
    }
}

/// Reports why `path` did not load, as `loader` would: the error the client reports first,
/// headed with the client's words, then the others; returns the client's exit status.
pub fn report_load_errors(
    loader: Loader,
    path: &Path,
    loaded: &Loaded,
    diagnostics: &[Diagnostic],
) -> ExitCode {
    let failure = client::load_failure(loader, path, &loaded.sources, diagnostics);
    let first = client::failing(diagnostics);
    let color = stderr_wants_color();
    let mut stderr = io::stderr().lock();
    if let Some(first) = first {
        let headed = client::headed(first, &failure.headline);
        let _ = writeln!(stderr, "{}", render_human(&headed, &loaded.sources, color));
    } else {
        let _ = writeln!(stderr, "{}", failure.headline);
    }
    let rest = diagnostics
        .iter()
        .filter(|d| d.is_error() && !first.is_some_and(|first| std::ptr::eq(*d, first)));
    for diagnostic in rest {
        let _ = writeln!(
            stderr,
            "{}",
            render_human(diagnostic, &loaded.sources, color)
        );
    }
    ExitCode::from(failure.exit)
}
