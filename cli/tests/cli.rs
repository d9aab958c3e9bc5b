//! Runs the built `aurora` binary on files in a temporary directory.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{aurora, files};
use serde_json::Value;

const VALID: &str = r#"hello = Process(name = 'hello', cmdline = 'echo hello')
jobs = [Job(name = 'hello', task = Task(processes = [hello]))]
"#;

const BROKEN: &str = r#"jobs = [
  Job(name = 'hello',
]
"#;

#[test]
fn a_valid_file_passes() {
    let dir = files(&[("hello.aurora", VALID)]);
    let run = aurora(
        dir.path(),
        &["config", "check", "--syntax-only", "hello.aurora"],
    );
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "checked 1 file: syntax OK\n");
    assert_eq!(run.code, Some(0));
}

#[test]
fn the_examples_pass() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&examples)
        .expect("the examples directory exists")
        .map(|entry| entry.expect("the examples directory can be listed").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "aurora")
        })
        .collect();
    paths.sort();
    assert!(paths.len() >= 2, "examples/ holds .aurora files: {paths:?}");
    let mut args = vec!["config", "check", "--syntax-only"];
    args.extend(
        paths
            .iter()
            .map(|path| path.to_str().expect("example paths are UTF-8")),
    );
    let run = aurora(&examples, &args);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        format!("checked {} files: syntax OK\n", paths.len())
    );
    assert_eq!(run.code, Some(0));
}

#[test]
fn a_syntax_error_is_rendered_and_exits_3() {
    let dir = files(&[("broken.aurora", BROKEN)]);
    let run = aurora(
        dir.path(),
        &["config", "check", "--syntax-only", "broken.aurora"],
    );
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("broken.aurora:"),
        "the diagnostic names the file:\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains('\x1b'), "NO_COLOR disables colours");
    insta::assert_snapshot!(run.stderr);
    assert_eq!(run.code, Some(3));
}

#[test]
fn json_output_is_one_document_in_argument_order() {
    let dir = files(&[("broken.aurora", BROKEN), ("hello.aurora", VALID)]);
    let run = aurora(
        dir.path(),
        &[
            "config",
            "check",
            "--syntax-only",
            "--format",
            "json",
            "broken.aurora",
            "hello.aurora",
        ],
    );
    assert_eq!(run.stderr, "");
    assert_eq!(run.code, Some(3));
    let document: Value = serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    assert_eq!(document["ok"], false);
    let files = document["files"].as_array().expect("`files` is an array");
    assert_eq!(files.len(), 2);

    assert_eq!(files[0]["path"], "broken.aurora");
    assert_eq!(files[0]["ok"], false);
    let diagnostics = files[0]["diagnostics"]
        .as_array()
        .expect("`diagnostics` is an array");
    assert!(!diagnostics.is_empty());
    for diagnostic in diagnostics {
        assert_eq!(diagnostic["file"], "broken.aurora");
        assert!(diagnostic["code"]
            .as_str()
            .is_some_and(|code| code.starts_with('E')));
        assert!(diagnostic["line"]
            .as_u64()
            .is_some_and(|line| (1..=4).contains(&line)));
        assert!(diagnostic["column"]
            .as_u64()
            .is_some_and(|column| column >= 1));
    }
    assert!(diagnostics
        .iter()
        .any(|diagnostic| diagnostic["severity"] == "error"));

    assert_eq!(files[1]["path"], "hello.aurora");
    assert_eq!(files[1]["ok"], true);
    assert_eq!(files[1]["diagnostics"], Value::Array(Vec::new()));

    insta::assert_snapshot!(run.stdout);
}

#[test]
fn results_follow_the_order_of_the_arguments() {
    let names: Vec<String> = (0..12)
        .map(|index| format!("file{index:02}.aurora"))
        .collect();
    let dir = files(
        &names
            .iter()
            .enumerate()
            .map(|(index, name)| (name.as_str(), if index % 3 == 0 { BROKEN } else { VALID }))
            .collect::<Vec<_>>(),
    );
    let mut args = vec!["config", "check", "--syntax-only", "--format", "json"];
    args.extend(names.iter().rev().map(String::as_str));
    let run = aurora(dir.path(), &args);
    let document: Value = serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    let reported: Vec<(&str, bool)> = document["files"]
        .as_array()
        .expect("`files` is an array")
        .iter()
        .map(|file| {
            (
                file["path"].as_str().expect("`path` is a string"),
                file["ok"] == true,
            )
        })
        .collect();
    let expected: Vec<(&str, bool)> = names
        .iter()
        .enumerate()
        .rev()
        .map(|(index, name)| (name.as_str(), index % 3 != 0))
        .collect();
    assert_eq!(reported, expected);
    assert_eq!(run.code, Some(3));
}

#[test]
fn a_missing_file_is_named_and_exits_3() {
    let dir = files(&[]);
    let run = aurora(
        dir.path(),
        &["config", "check", "--syntax-only", "missing.aurora"],
    );
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("error[E0012]: cannot read `missing.aurora`: "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("\nchecked 1 file: 1 error in 1 file\n"),
        "{}",
        run.stderr
    );
    assert_eq!(run.code, Some(3));
}

#[test]
fn a_missing_file_among_valid_ones_still_fails() {
    let dir = files(&[("hello.aurora", VALID)]);
    let run = aurora(
        dir.path(),
        &[
            "config",
            "check",
            "--syntax-only",
            "--format",
            "json",
            "hello.aurora",
            "missing.aurora",
        ],
    );
    let document: Value = serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    assert_eq!(document["ok"], false);
    assert_eq!(document["files"][0]["ok"], true);
    assert_eq!(document["files"][1]["path"], "missing.aurora");
    assert_eq!(document["files"][1]["ok"], false);
    let message = document["files"][1]["diagnostics"][0]["message"]
        .as_str()
        .expect("the read error is a diagnostic with a message");
    assert!(message.contains("`missing.aurora`"), "{message}");
    assert_eq!(run.code, Some(3));
}

#[test]
fn a_file_that_is_not_utf8_points_at_the_first_bad_byte() {
    let dir = files(&[]);
    std::fs::write(dir.path().join("latin1.aurora"), b"name = 'caf\xe9'\n")
        .expect("the file can be written");
    let run = aurora(
        dir.path(),
        &["config", "check", "--syntax-only", "latin1.aurora"],
    );
    insta::assert_snapshot!(run.stderr);
    assert_eq!(run.code, Some(3));
}

#[test]
fn version() {
    let dir = files(&[]);
    let run = aurora(dir.path(), &["--version"]);
    assert_eq!(
        run.stdout,
        format!("aurora {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(run.code, Some(0));
}

#[test]
fn help_texts() {
    let dir = files(&[]);
    let mut transcript = String::new();
    for command in [
        &["--help"][..],
        &["config", "check", "--help"],
        &["config", "compile", "--help"],
        &["job", "inspect", "--help"],
    ] {
        let run = aurora(dir.path(), command);
        assert_eq!(run.code, Some(0), "{command:?}");
        transcript.push_str(&format!("$ aurora {}\n{}\n", command.join(" "), run.stdout));
    }
    insta::assert_snapshot!(transcript);
}

#[test]
fn config_list_prints_the_job_keys_of_the_examples() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let run = aurora(&examples, &["config", "list", "templated_web.aurora"]);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    assert_eq!(
        run.stdout,
        "jobs=[devcluster/web/staging/storefront, devcluster/web/prod/storefront]\n"
    );
    let run = aurora(&examples, &["config", "list", "hello_world.aurora"]);
    assert_eq!(run.stdout, "jobs=[devcluster/www-data/prod/hello_world]\n");
}

#[test]
fn config_list_binds_and_lists_nothing_without_jobs() {
    let dir = files(&[
        (
            "bound.aurora",
            "jobs = [Job(name='{{n}}', role='r', cluster='c', environment='e', task=Task())]\n",
        ),
        ("empty.aurora", "x = 1\n"),
    ]);
    let run = aurora(
        dir.path(),
        &["config", "list", "bound.aurora", "--bind", "n=x"],
    );
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    // `job.name()` interpolates in the job's scopes, which start with the binding.
    assert_eq!(run.stdout, "jobs=[c/r/e/x]\n");
    let run = aurora(dir.path(), &["config", "list", "empty.aurora"]);
    assert_eq!(run.stdout, "jobs=[]\n");
}

#[test]
fn config_list_reports_an_uncaught_exception_and_exits_1() {
    // The client's `config list` catches only its loader's errors and ValueError; a
    // NameError ends it with a traceback and exit status 1.
    let dir = files(&[("bad.aurora", "jobs = [Job(task=undefined_task)]\n")]);
    let run = aurora(dir.path(), &["config", "list", "bad.aurora"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("bad.aurora"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("NameError: name 'undefined_task' is not defined"),
        "{}",
        run.stderr
    );
    let run = aurora(
        dir.path(),
        &["config", "list", "bad.aurora", "--bind", "novalue"],
    );
    // The client's argument parser rejects it: exit status 2.
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("Binding parameter must be formatted name=value"),
        "{}",
        run.stderr
    );
}

#[test]
fn config_list_reports_reads_and_refuses_them_when_hermetic() {
    let dir = files(&[(
        "env.aurora",
        "import os\nname = os.environ.get('AURORA_TEST_NAME', 'x')\n\
         jobs = [Job(name=name, role='r', cluster='c', environment='e', task=Task())]\n",
    )]);
    let output = Command::new(env!("CARGO_BIN_EXE_aurora"))
        .args(["config", "list", "--show-reads", "env.aurora"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("AURORA_TEST_NAME", "from_env")
        .output()
        .expect("the aurora binary that cargo built can be started");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "jobs=[c/r/e/from_env]\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "read environment variable AURORA_TEST_NAME (set) at env.aurora:2:8\n"
    );

    let run = aurora(dir.path(), &["config", "list", "--hermetic", "env.aurora"]);
    // A refusal of ours, reported as the client reports a config its loader rejects.
    assert_eq!(run.code, Some(4));
    assert!(
        run.stderr.contains("Error loading configuration file: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hermetic"), "{}", run.stderr);
    assert!(run.stderr.contains("AURORA_TEST_NAME"), "{}", run.stderr);
}

#[test]
fn directories_are_checked_file_by_file_in_order() {
    let dir = files(&[
        ("jobs/b.aurora", VALID),
        ("jobs/a.aurora", VALID),
        ("jobs/nested/c.aurora", BROKEN),
        ("jobs/readme.txt", "not a config"),
    ]);
    let run = aurora(
        dir.path(),
        &[
            "config",
            "check",
            "--syntax-only",
            "--format",
            "json",
            "jobs",
        ],
    );
    let document: Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    let checked: Vec<&str> = document["files"]
        .as_array()
        .expect("a list of files")
        .iter()
        .map(|file| file["path"].as_str().expect("each file has its path"))
        .collect();
    assert_eq!(
        checked,
        ["jobs/a.aurora", "jobs/b.aurora", "jobs/nested/c.aurora"]
    );
    assert_eq!(run.code, Some(3));
}

/// As in the Aurora client: `open()` reads from the working directory, `include()` from
/// the directory of the file that includes.
#[test]
fn open_reads_from_the_working_directory_and_include_from_the_including_file() {
    let dir = files(&[
        ("data.txt", "from the working directory"),
        ("jobs/data.txt", "from the config's directory"),
        ("jobs/lib.aurora", "LIB = 'included beside the config'\n"),
        (
            "jobs/job.aurora",
            "include('lib.aurora')\nprint open('data.txt').read()\nprint LIB\njobs = []\n",
        ),
    ]);
    let run = aurora(dir.path(), &["config", "list", "jobs/job.aurora"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "from the working directory\nincluded beside the config\n"
    );
    assert_eq!(run.stdout, "jobs=[]\n");
}

/// GitHub matches annotations to the files of a pull request by their path in the
/// repository, so a file named by its absolute path is annotated by its relative one.
#[test]
fn github_annotations_name_files_relative_to_the_workspace() {
    let dir = files(&[("jobs/broken.aurora", BROKEN)]);
    let absolute = dir.path().join("jobs/broken.aurora");
    let run = aurora(
        dir.path(),
        &[
            "config",
            "check",
            "--syntax-only",
            "--format",
            "github",
            absolute.to_str().expect("temporary paths are UTF-8"),
        ],
    );
    assert!(
        run.stdout
            .starts_with("::error file=jobs/broken.aurora,line="),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, Some(3));
}

#[test]
fn compile_writes_the_executor_data_alone_for_the_executor() {
    let job = r#"hello = Process(name = 'hello', cmdline = 'echo hello')
jobs = [Job(cluster = 'devcluster', role = 'www-data', environment = 'prod', name = 'hello',
            task = Task(processes = [hello], resources = Resources(cpu = 1, ram = 1 * MB, disk = 1 * MB)))]
"#;
    let dir = files(&[("hello.aurora", job)]);
    let run = aurora(
        dir.path(),
        &[
            "config",
            "compile",
            "--format",
            "executor-data",
            "devcluster/www-data/prod/hello",
            "hello.aurora",
        ],
    );
    assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""));
    let data: Value = serde_json::from_str(&run.stdout).expect("the executor data is JSON");
    assert_eq!(data["task"]["processes"][0]["cmdline"], "echo hello");
    assert_eq!(data["role"], "www-data");
}
