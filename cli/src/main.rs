//! `aurora`, the command-line client: parses arguments, runs the command, prints results.
//!
//! Commands stay thin: the work is done by the library crates (`aurora-dsl`, `aurora-compiler`,
//! `aurora-api`), and this crate only decides what to read, what to print and which exit
//! status to return. Each command lives in its own module with its arguments.

mod check;
mod check_jobs;
mod client;
mod compile;
mod fmt;
mod inspect;
mod list;
mod load;
mod parallel;
mod paths;
mod replace_file;
mod report;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit status for a configuration that is not valid, as the Aurora client uses it.
const EXIT_INVALID_CONFIGURATION: u8 = 3;
/// Exit status for a command line that is not valid (argparse's, and clap's).
const EXIT_USAGE: u8 = 2;
/// Exit status for a command that could not run (a file that cannot be written, say).
const EXIT_FAILURE: u8 = 1;

/// Apache Aurora's command-line client, reimplemented in Rust.
///
/// Checks `.aurora` configuration files, lists their jobs, and compiles a job to the Thrift
/// `JobConfiguration` the client sends to create it. Talking to a scheduler is not
/// implemented yet.
#[derive(Parser, Debug)]
#[command(name = "aurora", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Work with `.aurora` configuration files.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Work with one job of a configuration file.
    #[command(subcommand)]
    Job(JobCommand),
    /// Format `.aurora` files as `ruff format` formats Python (Black style, 88 columns).
    #[command(after_help = "\
Exit status:
  0  every file is formatted (or was just formatted)
  1  with --check or --diff: some file would be reformatted; or a file could not be written
  3  some file has syntax errors (it is left untouched)
  2  the command line is not valid")]
    Fmt(fmt::FmtArgs),
    /// Run the language server for `.aurora` files, speaking LSP on stdin and stdout.
    ///
    /// The same server as the `aurora-lsp` binary: point an editor's LSP client at
    /// `aurora lsp`.
    Lsp,
}

#[derive(Subcommand, Debug)]
enum ConfigCommand {
    /// Check `.aurora` files and report every problem found, with its location.
    ///
    /// Each file is evaluated from its own directory and every job of its `jobs` list is
    /// compiled as `aurora job create` would, running the client's checks. With
    /// `--syntax-only`, each file is only parsed and every syntax error reported.
    #[command(after_help = "\
Exit status:
  0  every file was checked and has no errors
  3  some file could not be read or has errors (Aurora's code for an invalid config)
  1  the check could not be run (for instance, the results could not be written)
  2  the command line is not valid")]
    Check(check::CheckArgs),
    /// List the jobs a configuration file defines, as `jobs=[cluster/role/env/name, ...]`.
    ///
    /// The file is evaluated from its own directory, with the process's environment; each
    /// job is bound to the `--bind` values and its key read without interpolating further.
    #[command(after_help = "\
Exit status:
  0  the jobs were listed
  3  the file could not be loaded (the problems are reported on stderr)
  2  the command line is not valid")]
    List(list::ListArgs),
    /// Compile a job to the Thrift `JobConfiguration` that `aurora job create` would send.
    ///
    /// The owner is the user running the command (`getpass.getuser()`, as the client does),
    /// and the tier is backfilled from the scheduler's default tiers.
    #[command(after_help = "\
Exit status:
  0  the job was compiled and written
  3  the file could not be loaded or the job is invalid (the problems are reported on stderr)
  1  the output could not be written
  2  the command line (or the job key) is not valid")]
    Compile(compile::CompileArgs),
}

#[derive(Subcommand, Debug)]
enum JobCommand {
    /// Show a job as the client would create it, without talking to a scheduler.
    ///
    /// Prints the client's listing of the job, its tasks and processes; `--write-json`
    /// prints the job as JSON and `--raw` the Thrift `JobConfiguration`.
    #[command(after_help = "\
Exit status:
  0  the job was printed
  3  the file could not be loaded or the job is invalid (the problems are reported on stderr)
  2  the command line (or the job key) is not valid")]
    Inspect(inspect::InspectArgs),
}

fn main() -> ExitCode {
    restore_default_sigpipe();
    match Cli::parse().command {
        Command::Config(ConfigCommand::Check(args)) => check::run(&args),
        Command::Config(ConfigCommand::List(args)) => list::run(&args),
        Command::Config(ConfigCommand::Compile(args)) => compile::run(&args),
        Command::Job(JobCommand::Inspect(args)) => inspect::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Lsp => aurora_lsp::run(),
    }
}

/// Rust ignores SIGPIPE, so printing into a closed pipe (`aurora config list x | head`)
/// would fail with an error; like other command-line tools, end quietly instead.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any thread exists; SIG_DFL is a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
