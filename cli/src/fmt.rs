//! `aurora fmt`: formats `.aurora` files in place as `ruff format` would format them; with
//! `--check` or `--diff`, only reports what would change. `-` reads stdin, writes stdout.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aurora_dsl::format::verify::changed_meaning;
use aurora_dsl::format::{format, FormatError, FormatOptions};
use aurora_dsl::{render_human, FileId, SourceMap};
use clap::Args;

use crate::replace_file::replace_contents;
use crate::report::stderr_wants_color;
use crate::{EXIT_FAILURE, EXIT_INVALID_CONFIGURATION};

/// The arguments of `aurora fmt`.
#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Write nothing; exit with 1 when some file is not formatted, naming it.
    #[arg(long)]
    check: bool,

    /// Write nothing; print a unified diff of what formatting would change.
    #[arg(long)]
    diff: bool,

    /// Files, directories (searched for `*.aurora` files) or `-` for stdin to stdout.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
}

/// What happened to one file.
enum Outcome {
    Unchanged,
    Changed,
    /// Syntax errors (reported), or a file that could not be read or written.
    Invalid,
    Failed,
}

/// Formats every file named: 0 when all are formatted (or were just formatted), 1 when
/// `--check`/`--diff` found one to change or a file could not be written, 3 when a file
/// has syntax errors.
pub fn run(args: &FmtArgs) -> ExitCode {
    let mut outcomes = Vec::new();
    for path in crate::paths::expand(&args.paths) {
        if path.as_os_str() == "-" {
            outcomes.push(format_stdin(args));
        } else {
            outcomes.push(format_file(&path, args));
        }
    }
    let changed = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Changed))
        .count();
    if args.check || args.diff {
        let unchanged = outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Unchanged))
            .count();
        eprintln!(
            "{changed} file{} would be reformatted, {unchanged} already formatted",
            plural(changed)
        );
    }
    if outcomes.iter().any(|o| matches!(o, Outcome::Invalid)) {
        ExitCode::from(EXIT_INVALID_CONFIGURATION)
    } else if outcomes.iter().any(|o| matches!(o, Outcome::Failed))
        || (args.check || args.diff) && changed > 0
    {
        ExitCode::from(EXIT_FAILURE)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// The formatted text, or `None` after reporting the syntax errors.
fn formatted(path: &Path, text: &str) -> Option<String> {
    let mut sources = SourceMap::new();
    let file = sources.add(path, text);
    match format(text, file, FormatOptions::default()) {
        Ok(out) => Some(out),
        Err(FormatError::Syntax(diagnostics)) => {
            for diagnostic in &diagnostics {
                eprint!(
                    "{}",
                    render_human(diagnostic, &sources, stderr_wants_color())
                );
            }
            eprintln!(
                "aurora fmt: {}: not formatted: it has syntax errors",
                path.display()
            );
            None
        }
    }
}

fn format_stdin(args: &FmtArgs) -> Outcome {
    let mut text = String::new();
    if let Err(error) = io::stdin().read_to_string(&mut text) {
        eprintln!("aurora fmt: cannot read stdin: {error}");
        return Outcome::Failed;
    }
    let name = Path::new("<stdin>");
    let Some(out) = formatted(name, &text) else {
        return Outcome::Invalid;
    };
    let changed = out != text;
    let mut stdout = io::stdout().lock();
    let written = if args.diff {
        stdout.write_all(unified_diff(&text, &out, "<stdin>").as_bytes())
    } else if args.check {
        if changed {
            eprintln!("would reformat: -");
        }
        Ok(())
    } else {
        stdout.write_all(out.as_bytes())
    };
    if let Err(error) = written {
        eprintln!("aurora fmt: cannot write stdout: {error}");
        return Outcome::Failed;
    }
    if changed {
        Outcome::Changed
    } else {
        Outcome::Unchanged
    }
}

fn format_file(path: &Path, args: &FmtArgs) -> Outcome {
    // Looked at before reading: a FIFO or a device would block or never end.
    match fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => {}
        Ok(_) => {
            eprintln!("aurora fmt: {}: not a regular file", path.display());
            return Outcome::Failed;
        }
        Err(error) => {
            eprintln!("aurora fmt: cannot read {}: {error}", path.display());
            return Outcome::Failed;
        }
    }
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("aurora fmt: cannot read {}: {error}", path.display());
            return Outcome::Failed;
        }
    };
    let Some(out) = formatted(path, &text) else {
        return Outcome::Invalid;
    };
    if out == text {
        return Outcome::Unchanged;
    }
    // Checked before anything is written or shown: a formatter bug must not cost the file.
    if aurora_dsl::parse(&text, FileId(0)).is_ok() {
        if let Some(changed) = changed_meaning(&text, &out) {
            eprintln!(
                "aurora fmt: {}: not formatted: formatting would change it ({changed}); this is a bug of aurora fmt, please report it",
                path.display()
            );
            return Outcome::Failed;
        }
    }
    if args.diff {
        print!("{}", unified_diff(&text, &out, &path.display().to_string()));
    } else if args.check {
        println!("would reformat: {}", path.display());
    } else if let Err(error) = replace_contents(path, &out) {
        eprintln!("aurora fmt: cannot write {}: {error}", path.display());
        return Outcome::Failed;
    }
    Outcome::Changed
}

/// A unified diff (3 lines of context) from `old` to `new`, labelled with `name`; Myers'
/// algorithm (`similar`), in memory proportional to the texts, and bounded in time.
fn unified_diff(old: &str, new: &str, name: &str) -> String {
    similar::TextDiff::configure()
        // Past the deadline the diff is still correct, only perhaps not the smallest: a
        // file whose every line changes would otherwise cost time quadratic in its length.
        .timeout(std::time::Duration::from_millis(200))
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string()
}
