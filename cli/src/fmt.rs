//! `aurora fmt`: formats `.aurora` files in place as `ruff format` would format them; with
//! `--check` or `--diff`, only reports what would change. `-` reads stdin, writes stdout.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aurora_dsl::format::{format, FormatError, FormatOptions};
use aurora_dsl::{render_human, SourceMap};
use clap::Args;

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
    for path in &args.paths {
        if path.as_os_str() == "-" {
            outcomes.push(format_stdin(args));
            continue;
        }
        for file in crate::paths::expand(std::slice::from_ref(path)) {
            outcomes.push(format_file(&file, args));
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
    if args.diff {
        print!("{}", unified_diff(&text, &out, &path.display().to_string()));
    } else if args.check {
        println!("would reformat: {}", path.display());
    } else if let Err(error) = write_atomically(path, &out) {
        eprintln!("aurora fmt: cannot write {}: {error}", path.display());
        return Outcome::Failed;
    }
    Outcome::Changed
}

/// Replaces the file through a temporary file beside it, so it is never half written.
fn write_atomically(path: &Path, text: &str) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let temp = dir
        .unwrap_or(Path::new("."))
        .join(format!(".{}.fmt.tmp", name.unwrap_or_default()));
    fs::write(&temp, text)?;
    if let Ok(metadata) = fs::metadata(path) {
        fs::set_permissions(&temp, metadata.permissions())?;
    }
    fs::rename(&temp, path).inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })
}

/// A unified diff (3 lines of context) from `old` to `new`, labelled with `name`.
fn unified_diff(old: &str, new: &str, name: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Longest common subsequence table, from the ends.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // Edit script: (' ' | '-' | '+', old index, new index).
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', i, j));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', i, j));
            i += 1;
        } else {
            ops.push(('+', i, j));
            j += 1;
        }
    }
    let mut out = format!("--- {name}\n+++ {name}\n");
    let mut index = 0;
    while index < ops.len() {
        if ops[index].0 == ' ' {
            index += 1;
            continue;
        }
        // A hunk: changes joined when separated by at most 6 unchanged lines.
        let start = index.saturating_sub(3);
        let mut end = index;
        let mut unchanged_run = 0;
        while end < ops.len() {
            if ops[end].0 == ' ' {
                unchanged_run += 1;
                if unchanged_run > 6 {
                    break;
                }
            } else {
                unchanged_run = 0;
            }
            end += 1;
        }
        let end = (end - unchanged_run + 3.min(unchanged_run)).min(ops.len());
        let hunk = &ops[start..end];
        let old_count = hunk.iter().filter(|op| op.0 != '+').count();
        let new_count = hunk.iter().filter(|op| op.0 != '-').count();
        let (old_start, new_start) = (hunk[0].1 + 1, hunk[0].2 + 1);
        out.push_str(&format!(
            "@@ -{old_start},{old_count} +{new_start},{new_count} @@\n"
        ));
        for (kind, i, j) in hunk {
            let line = if *kind == '+' { b[*j] } else { a[*i] };
            out.push_str(&format!("{kind}{line}\n"));
        }
        index = end;
    }
    out
}
