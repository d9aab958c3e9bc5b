//! `aurora config compile CLUSTER/ROLE/ENV/NAME FILE`: the Thrift `JobConfiguration` the
//! client would send to create the job, as canonical JSON, Thrift's JSON protocol or Thrift
//! binary, on stdout or written atomically to a file.

use std::fs::{self, OpenOptions};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aurora_api::tjson::TJsonOutputProtocol;
use aurora_api::{to_binary, to_canonical_json, JobConfiguration};
use clap::{Args, ValueEnum};
use thrift::protocol::TSerializable;

use crate::load::{parse_key, JobInFile, LoadArgs};
use crate::EXIT_FAILURE;

/// The arguments of `aurora config compile`.
#[derive(Args, Debug)]
pub struct CompileArgs {
    /// How to encode the `JobConfiguration`.
    #[arg(long, value_enum, default_value_t = Encoding::Json)]
    format: Encoding,

    /// Write to this file instead of stdout (replaced in one step: a failure never leaves
    /// half an output behind).
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: Option<PathBuf>,

    #[command(flatten)]
    load: LoadArgs,

    /// The job key, `CLUSTER/ROLE/ENV/NAME`.
    #[arg(value_name = "CLUSTER/ROLE/ENV/NAME")]
    job_key: String,

    /// The `.aurora` file that defines the job.
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// The encodings of a compiled job.
#[derive(ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum Encoding {
    /// Canonical JSON: field names, sorted keys, pretty-printed, the executor data shown
    /// as a JSON object (what the conformance corpus records; not byte-exact).
    Json,
    /// Thrift's TJSONProtocol, as the scheduler's `/api` endpoint reads it (no newline).
    ThriftJson,
    /// Thrift's binary protocol.
    Binary,
    /// The executor data alone (`taskConfig.executorConfig.data`, for Aurora's executor the
    /// Thermos task JSON): what `aurora-executor run --executor-data` reads.
    ExecutorData,
}

/// Compiles the job and writes it; exits with 3 when it does not compile.
pub fn run(args: &CompileArgs) -> ExitCode {
    let key = match parse_key(&args.job_key) {
        Ok(key) => key,
        Err(code) => return code,
    };
    if args.format == Encoding::Binary && args.output.is_none() && io::stdout().is_terminal() {
        eprintln!(
            "aurora config compile: refusing to write binary Thrift to a terminal; \
             redirect stdout or use `-o FILE`"
        );
        return ExitCode::from(EXIT_FAILURE);
    }
    let (_job, compiled) = match JobInFile::compile(&args.file, key, &args.load) {
        Ok(compiled) => compiled,
        Err(code) => return code,
    };
    let bytes = encode(&compiled.configuration, args.format);
    let written = match &args.output {
        Some(path) => write_atomically(path, &bytes)
            .map_err(|error| format!("cannot write `{}`: {error}", path.display())),
        None => io::stdout()
            .lock()
            .write_all(&bytes)
            .and_then(|()| io::stdout().lock().flush())
            .map_err(|error| format!("cannot write to stdout: {error}")),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("aurora config compile: {message}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn encode(configuration: &JobConfiguration, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Json => to_canonical_json(configuration).into_bytes(),
        Encoding::ThriftJson => {
            let mut bytes = Vec::new();
            configuration
                .write_to_out_protocol(&mut TJsonOutputProtocol::new(&mut bytes))
                .expect("writing TJSON into memory cannot fail");
            bytes
        }
        Encoding::Binary => to_binary(configuration),
        Encoding::ExecutorData => configuration
            .task_config
            .as_ref()
            .and_then(|task| task.executor_config.as_ref())
            .and_then(|executor| executor.data.clone())
            .unwrap_or_default()
            .into_bytes(),
    }
}

/// Writes `bytes` to a new file beside `path`, then renames it over `path`: readers see
/// the old file or the whole new one, never part of it.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let (temporary, mut file) = create_temporary(directory, name)?;
    let result = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            fs::rename(&temporary, path)
        });
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// A new file `.NAME.PID.N.tmp` in `directory`, created with the default permissions
/// (which a later rename keeps, unlike a private temporary file's).
fn create_temporary(directory: &Path, name: &std::ffi::OsStr) -> io::Result<(PathBuf, fs::File)> {
    let mut attempt = 0u32;
    loop {
        let mut temporary_name = std::ffi::OsString::from(".");
        temporary_name.push(name);
        temporary_name.push(format!(".{}.{attempt}.tmp", std::process::id()));
        let temporary = directory.join(temporary_name);
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(file) => return Ok((temporary, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}
