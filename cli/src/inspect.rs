//! `aurora job inspect CLUSTER/ROLE/ENV/NAME FILE`: the job as the client sees it, before
//! anything is sent to a scheduler.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::load::{parse_key, JobInFile, LoadArgs};

/// The arguments of `aurora job inspect`.
#[derive(Args, Debug)]
pub struct InspectArgs {
    /// Print the job as one line of JSON (the interpolated Pystachio job), as
    /// `aurora job inspect --write-json` does.
    #[arg(long)]
    write_json: bool,

    /// Print the Thrift `JobConfiguration` the client would send, as the real client's
    /// Python repr of it (wins over `--write-json`, as in the client).
    #[arg(long)]
    raw: bool,

    #[command(flatten)]
    load: LoadArgs,

    /// The job key, `CLUSTER/ROLE/ENV/NAME`.
    #[arg(value_name = "CLUSTER/ROLE/ENV/NAME")]
    job_key: String,

    /// The `.aurora` file that defines the job.
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// Compiles the job and prints it; on failure reports why on stderr and exits with 3.
pub fn run(args: &InspectArgs) -> ExitCode {
    let key = match parse_key(&args.job_key) {
        Ok(key) => key,
        Err(code) => return code,
    };
    let (job, compiled) = match JobInFile::compile(&args.file, key, &args.load) {
        Ok(compiled) => compiled,
        Err(code) => return code,
    };
    let text = if args.raw {
        Ok(compiled.python_repr() + "\n")
    } else if args.write_json {
        compiled.inspect_json().map(|line| line + "\n")
    } else {
        compiled.inspect_listing()
    };
    match text {
        Ok(text) => {
            // A closed stdout (`| head`) is no reason to fail.
            let _ = io::stdout().lock().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(error) => job.fail(&error),
    }
}
