//! `aurora`, the command-line client: parses arguments, runs the command, prints results.
//!
//! Commands stay thin: the work is done by the library crates (`aurora-dsl`, `aurora-compiler`), and
//! this crate only decides what to read, what to print and which exit status to return.

mod check;
mod list;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Exit status for a configuration that is not valid, as the Aurora client uses it.
const EXIT_INVALID_CONFIGURATION: u8 = 3;

/// Apache Aurora's command-line client, reimplemented in Rust.
///
/// Checking the syntax of `.aurora` configuration files and listing their jobs are
/// implemented so far.
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
}

#[derive(Subcommand, Debug)]
enum ConfigCommand {
    /// Check `.aurora` files and report every problem found, with its location.
    ///
    /// With `--syntax-only`, each file is parsed (not evaluated) and every syntax error
    /// is reported. Compiling jobs for a full check is not implemented yet, so
    /// `--syntax-only` is required for now.
    #[command(after_help = "\
Exit status:
  0  every file was checked and has no errors
  3  some file could not be read or has errors (Aurora's code for an invalid config)
  1  the check could not be run (for instance, `--syntax-only` was not given)
  2  the command line is not valid")]
    Check(CheckArgs),
    /// List the jobs a configuration file defines, as `jobs=[cluster/role/env/name, ...]`.
    ///
    /// The file is evaluated from its own directory, with the process's environment; each
    /// job is bound to the `--bind` values and its key read without interpolating further.
    #[command(after_help = "\
Exit status:
  0  the jobs were listed
  3  the file could not be loaded (the problems are reported on stderr)
  2  the command line is not valid")]
    List(ListArgs),
}

/// The arguments of `aurora config list`.
#[derive(Args, Debug)]
struct ListArgs {
    /// Bind a template variable, `NAME=VALUE` (e.g. `--bind cluster=west`); repeatable.
    #[arg(long = "bind", value_name = "NAME=VALUE")]
    bindings: Vec<String>,

    /// Refuse every read of the environment, of the user name and of files (other than
    /// `include()`s inside the config's directory): the config must be self-contained.
    #[arg(long)]
    hermetic: bool,

    /// Report on stderr every environment variable and file the config read.
    #[arg(long)]
    show_reads: bool,

    /// The `.aurora` file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// The arguments of `aurora config check`.
#[derive(Args, Debug)]
struct CheckArgs {
    /// Only parse the files: report syntax errors without evaluating anything.
    #[arg(long)]
    syntax_only: bool,

    /// How to report problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// The `.aurora` files to check.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
}

/// How `config check` reports what it found.
#[derive(ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
enum Format {
    /// Annotated source excerpts on stderr, and a summary line.
    Human,
    /// One JSON document on stdout, for CI and other tools.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Config(ConfigCommand::Check(args)) => config_check(&args),
        Command::Config(ConfigCommand::List(args)) => {
            let request = list::ListRequest {
                file: &args.file,
                bindings: &args.bindings,
                hermetic: args.hermetic,
                show_reads: args.show_reads,
                color: check::stderr_wants_color(),
            };
            match list::config_list(&request) {
                true => ExitCode::SUCCESS,
                false => ExitCode::from(EXIT_INVALID_CONFIGURATION),
            }
        }
    }
}

fn config_check(args: &CheckArgs) -> ExitCode {
    if !args.syntax_only {
        eprintln!(
            "aurora config check: only --syntax-only is implemented so far \
             (checking whole jobs needs compiling them to Aurora's JobConfiguration, which is not built yet; `aurora config list` evaluates a config)"
        );
        return ExitCode::FAILURE;
    }
    let output = match args.format {
        Format::Human => check::Output::Human {
            color: check::stderr_wants_color(),
        },
        Format::Json => check::Output::Json,
    };
    match check::check_syntax(&args.files, output) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(EXIT_INVALID_CONFIGURATION),
        Err(error) => {
            eprintln!("aurora config check: cannot write the results: {error}");
            ExitCode::FAILURE
        }
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
