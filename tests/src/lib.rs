//! The conformance corpus (`../shared/conformance`): real `.aurora` files, the arguments
//! real Aurora ran them with, and what it printed. Workspace-level tests use this crate to
//! find cases; it only reads files and knows nothing about how we evaluate them.
//!
//! The corpus is not part of this repository: it is found through `AURORA_CONFORMANCE`
//! (default `../shared/conformance` beside the workspace). `.ci/run` insists on it; a plain
//! `cargo test` without it skips with a notice.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

/// One extra command-line argument real Aurora ran a file with.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum RunArg {
    /// `--bind NAME=VALUE`, kept as the `NAME=VALUE` text.
    Bind(String),
    /// An environment variable set for the run.
    Env(String, String),
}

/// The environment and `--bind` values a corpus file was run with: its `ARGS`, plus the
/// user real Aurora ran as (`USER` and `LOGNAME` = `aurora`).
pub fn run_environment(args: &[RunArg]) -> (BTreeMap<String, String>, Vec<String>) {
    let mut env = BTreeMap::from([
        ("USER".to_string(), RECORDED_USER.to_string()),
        ("LOGNAME".to_string(), RECORDED_USER.to_string()),
    ]);
    let mut bindings = Vec::new();
    for arg in args {
        match arg {
            RunArg::Bind(binding) => bindings.push(binding.clone()),
            RunArg::Env(name, value) => {
                env.insert(name.clone(), value.clone());
            }
        }
    }
    (env, bindings)
}

/// The user real Aurora ran the corpus as (`getpass.getuser()`, the jobs' owner).
pub const RECORDED_USER: &str = "aurora";

/// What `aurora config list` printed for a config file.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ListOutcome {
    /// The job keys of the file's `jobs` list, in order.
    Jobs(Vec<String>),
    /// The client's message when the file could not be loaded.
    Error(String),
}

/// A config file real Aurora listed (or failed to load).
#[derive(Clone, Debug)]
pub struct ListCase {
    /// Path relative to the corpus root, with `/` separators.
    pub relative: String,
    pub path: PathBuf,
    pub args: Vec<RunArg>,
    pub expected: ListOutcome,
}

impl ListCase {
    /// The directory real Aurora ran the file from: the file's own.
    pub fn working_dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }
}

/// What real Aurora produced for one job key of a file.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum JobOutcome {
    /// The job compiled: the `JobConfiguration` in canonical JSON (`*.thrift.json`) and
    /// `job inspect --write-json` re-emitted in the same layout (`*.inspect.json`).
    Compiled {
        thrift_json: String,
        inspect_json: String,
    },
    /// The client's whole error text.
    Error(String),
}

/// One job key of a config file, as real Aurora's `job create` (or `cron schedule`) and
/// `job inspect` saw it.
#[derive(Clone, Debug)]
pub struct JobCase {
    /// The file, relative to the corpus root, with `/` separators.
    pub relative: String,
    pub path: PathBuf,
    /// The job key as given on the command line (`cluster/role/env/name`).
    pub key: String,
    pub args: Vec<RunArg>,
    pub expected: JobOutcome,
}

/// One row of `expected/SUMMARY.tsv`.
#[derive(Clone, Debug)]
pub struct SummaryRow {
    /// The file, relative to the corpus root.
    pub path: String,
    /// The job key, or `-` for the file as a whole.
    pub key: String,
    pub ok: bool,
    /// The first line of the error, when not ok.
    pub message: String,
}

/// The corpus on disk.
pub struct Corpus {
    root: PathBuf,
}

impl Corpus {
    /// The corpus named by `AURORA_CONFORMANCE` (or the default location), or `None` with
    /// a notice on stderr when it is not there.
    pub fn locate() -> Option<Corpus> {
        let root = std::env::var_os("AURORA_CONFORMANCE")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance")
            });
        if root.is_dir() {
            Some(Corpus { root })
        } else {
            eprintln!(
                "conformance corpus not found at {}: skipping (set AURORA_CONFORMANCE)",
                root.display()
            );
            None
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every `.aurora` file of the corpus (configs and the files they include), sorted.
    pub fn aurora_files(&self) -> Vec<PathBuf> {
        let expected = self.root.join("expected");
        let mut files: Vec<PathBuf> = files_under(&self.root)
            .into_iter()
            .filter(|path| !path.starts_with(&expected))
            .filter(|path| path.extension().is_some_and(|ext| ext == "aurora"))
            .collect();
        files.sort();
        files
    }

    /// `expected/SUMMARY.tsv`: one row per file (key `-`) and per job.
    pub fn summary(&self) -> Vec<SummaryRow> {
        read(&self.root.join("expected/SUMMARY.tsv"))
            .lines()
            .filter_map(|line| {
                let mut columns = line.split('\t');
                let (path, key, status) = (columns.next()?, columns.next()?, columns.next()?);
                Some(SummaryRow {
                    path: path.to_string(),
                    key: key.to_string(),
                    ok: status == "ok",
                    message: columns.next().unwrap_or("").to_string(),
                })
            })
            .collect()
    }

    /// Every config file with a recorded `config list` outcome, sorted by path.
    pub fn list_cases(&self) -> Vec<ListCase> {
        let args = self.run_args();
        let expected_root = self.root.join("expected");
        let mut cases = Vec::new();
        for outcome_file in files_under(&expected_root) {
            let relative_outcome = slash_path(
                outcome_file
                    .strip_prefix(&expected_root)
                    .unwrap_or(&outcome_file),
            );
            let (relative, expected) =
                if let Some(config) = relative_outcome.strip_suffix(".aurora.jobs") {
                    let text = read(&outcome_file);
                    let jobs = text
                        .lines()
                        .filter(|line| !line.is_empty())
                        .map(str::to_string)
                        .collect();
                    (format!("{config}.aurora"), ListOutcome::Jobs(jobs))
                } else if let Some(config) = relative_outcome.strip_suffix(".aurora.error.txt") {
                    (
                        format!("{config}.aurora"),
                        ListOutcome::Error(read(&outcome_file).trim_end().to_string()),
                    )
                } else {
                    continue;
                };
            cases.push(ListCase {
                path: self.root.join(&relative),
                args: args.get(&relative).cloned().unwrap_or_default(),
                relative,
                expected,
            });
        }
        cases.sort_by(|a, b| a.relative.cmp(&b.relative));
        cases
    }

    /// Every job key of every file (the rows of `SUMMARY.tsv` that name a key), with
    /// what real Aurora produced for it, in the summary's order.
    pub fn job_cases(&self) -> Vec<JobCase> {
        let args = self.run_args();
        let expected_root = self.root.join("expected");
        self.summary()
            .into_iter()
            .filter(|row| row.key != "-")
            .map(|row| {
                let stem = format!("{}.{}", row.path, row.key.replace('/', "__"));
                let outcome = |suffix: &str| expected_root.join(format!("{stem}.{suffix}"));
                let expected = if row.ok {
                    JobOutcome::Compiled {
                        thrift_json: read(&outcome("thrift.json")),
                        inspect_json: read(&outcome("inspect.json")),
                    }
                } else {
                    let error = outcome("error.txt");
                    let text = if error.exists() {
                        read(&error)
                    } else {
                        row.message.clone()
                    };
                    JobOutcome::Error(text.trim_end().to_string())
                };
                let path = self.root.join(&row.path);
                let mut case_args = args.get(&row.path).cloned().unwrap_or_default();
                case_args.extend(header_args(&path));
                JobCase {
                    path,
                    args: case_args,
                    relative: row.path,
                    key: row.key,
                    expected,
                }
            })
            .collect()
    }

    /// `ARGS`: the extra arguments of each file, by relative path.
    pub fn run_args(&self) -> HashMap<String, Vec<RunArg>> {
        let text = read(&self.root.join("ARGS"));
        let mut args = HashMap::new();
        for line in text
            .lines()
            .filter(|line| !line.trim_start().starts_with('#'))
        {
            let mut words = shell_words(line).into_iter();
            let Some(path) = words.next() else { continue };
            let mut parsed = Vec::new();
            while let Some(word) = words.next() {
                if word == "--bind" {
                    parsed.extend(words.next().map(RunArg::Bind));
                } else if let Some(assignment) = word.strip_prefix("ENV:") {
                    let (name, value) = assignment.split_once('=').unwrap_or((assignment, ""));
                    parsed.push(RunArg::Env(name.to_string(), value.to_string()));
                } else {
                    panic!(
                        "ARGS line for {path} has an argument this reader does not know: {word}"
                    );
                }
            }
            args.insert(path, parsed);
        }
        args
    }
}

/// Splits a line into words as a POSIX shell would for the quoting ARGS uses: blanks
/// separate words, single and double quotes group, a backslash escapes outside quotes.
pub fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => words.extend(current.take()),
            '\'' => {
                let word = current.get_or_insert_with(String::new);
                word.extend(chars.by_ref().take_while(|&c| c != '\''));
            }
            '"' => {
                let word = current.get_or_insert_with(String::new);
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => word.extend(chars.next()),
                        c => word.push(c),
                    }
                }
            }
            '\\' => current.get_or_insert_with(String::new).extend(chars.next()),
            c => current.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(current);
    words
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        for entry in entries {
            let path = entry
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
                .path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The `--bind`s after `FILE` in an `invalid/` file's `# expect-error: aurora ... FILE ...`
/// header: arguments that run was made with beyond `ARGS`.
fn header_args(path: &Path) -> Vec<RunArg> {
    let text = fs::read_to_string(path).unwrap_or_default();
    let Some(header) = text
        .lines()
        .find_map(|line| line.strip_prefix("# expect-error: "))
    else {
        return Vec::new();
    };
    let words = shell_words(header);
    let after_file = words.iter().skip_while(|w| *w != "FILE").skip(1);
    let mut args = Vec::new();
    let mut words = after_file.peekable();
    while let Some(word) = words.next() {
        if word == "--bind" {
            if let Some(value) = words.next() {
                args.push(RunArg::Bind(value.clone()));
            }
        } else if let Some(value) = word.strip_prefix("--bind=") {
            args.push(RunArg::Bind(value.to_string()));
        }
    }
    args
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_follow_posix_quoting() {
        assert_eq!(
            shell_words(r#"a.aurora --bind 'x[a b]=c d' ENV:K=v "q\"uo" e\ f"#),
            [
                "a.aurora",
                "--bind",
                "x[a b]=c d",
                "ENV:K=v",
                "q\"uo",
                "e f"
            ]
        );
        assert_eq!(shell_words("  "), Vec::<String>::new());
        assert_eq!(shell_words("''"), [""]);
    }

    #[test]
    fn every_recorded_config_is_a_case() {
        let Some(corpus) = Corpus::locate() else {
            return;
        };
        let cases = corpus.list_cases();
        assert!(cases.len() >= 140, "{} cases", cases.len());
        for case in &cases {
            assert!(case.path.is_file(), "{} exists", case.relative);
        }
        let hello = cases
            .iter()
            .find(|case| case.relative == "aurora/examples/hello_world.aurora")
            .expect("hello_world is in the corpus");
        assert_eq!(
            hello.expected,
            ListOutcome::Jobs(vec!["devcluster/www-data/prod/hello".into()])
        );
        let docker = cases
            .iter()
            .find(|case| case.relative == "aurora/examples/hello_docker_engine.aurora")
            .expect("hello_docker_engine is in the corpus");
        assert_eq!(
            docker.args,
            [RunArg::Bind(
                "docker.image[library/python][2.7-slim-stretch]=library/python:2.7-slim-stretch"
                    .into()
            )]
        );
    }
}
