//! `aurora config check` (full), `aurora job inspect` and `aurora config compile`, run as
//! the built binary on files in a temporary directory.

mod common;

use std::path::Path;

use aurora_api::tjson::TJsonInputProtocol;
use aurora_api::{from_binary, from_canonical_json, to_canonical_json, JobConfiguration};
use common::{aurora, files, run_raw, USER};
use serde_json::Value;
use thrift::protocol::TSerializable;

const HELLO: &str = r#"hello = Process(name = 'hello', cmdline = 'echo hello')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task)]
"#;

/// Two jobs, the second one invalid (no resources).
const TWO_JOBS: &str = r#"hello = Process(name = 'hello', cmdline = 'echo hello')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [
  Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task),
  Job(name = 'bare', role = 'r', cluster = 'c', environment = 'prod', task = Task(processes = [hello])),
]
"#;

const TEMPLATED: &str = r#"hello = Process(name = 'hello', cmdline = 'echo {{greeting}}')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = [Job(name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task)]
"#;

const KEY: &str = "c/r/prod/hello";

fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

// `aurora config check`

#[test]
fn check_compiles_every_job_of_the_examples() {
    let run = aurora(
        &examples(),
        &[
            "config",
            "check",
            "hello_world.aurora",
            "nightly_cleanup.aurora",
            "templated_web.aurora",
        ],
    );
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "checked 3 files, 4 jobs: OK\n");
    assert_eq!(run.code, Some(0));
}

#[test]
fn check_reports_the_invalid_job_among_valid_ones() {
    let dir = files(&[("two.aurora", TWO_JOBS), ("hello.aurora", HELLO)]);
    let run = aurora(
        dir.path(),
        &["config", "check", "hello.aurora", "two.aurora"],
    );
    assert_eq!(run.code, Some(3));
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!(run.transcript(dir.path()));
}

#[test]
fn check_counts_a_file_that_does_not_load_as_an_error() {
    let dir = files(&[("hello.aurora", HELLO), ("broken.aurora", "jobs = [\n")]);
    let run = aurora(
        dir.path(),
        &[
            "config",
            "check",
            "hello.aurora",
            "broken.aurora",
            "missing.aurora",
        ],
    );
    assert_eq!(run.code, Some(3));
    assert!(
        run.stderr
            .ends_with("checked 3 files, 1 job: 2 errors in 2 files\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("cannot read `missing.aurora`"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_binds_and_refuses_reads_when_hermetic() {
    let dir = files(&[("templated.aurora", TEMPLATED)]);
    let run = aurora(dir.path(), &["config", "check", "templated.aurora"]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    let run = aurora(
        dir.path(),
        &[
            "config",
            "check",
            "--bind",
            "greeting=hi",
            "templated.aurora",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);

    let dir = files(&[(
        "env.aurora",
        "import os\nname = os.environ.get('HOME', 'x')\njobs = []\n",
    )]);
    let run = aurora(dir.path(), &["config", "check", "--hermetic", "env.aurora"]);
    assert_eq!(run.code, Some(3));
    assert!(run.stderr.contains("hermetic"), "{}", run.stderr);
}

#[test]
fn check_json_has_a_result_per_file_and_per_job() {
    let dir = files(&[("two.aurora", TWO_JOBS), ("broken.aurora", "jobs = [\n")]);
    let run = aurora(
        dir.path(),
        &[
            "config",
            "check",
            "--format",
            "json",
            "two.aurora",
            "broken.aurora",
        ],
    );
    assert_eq!(run.code, Some(3));
    assert_eq!(run.stderr, "");
    let document: Value = serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    assert_eq!(document["ok"], false);
    let two = &document["files"][0];
    assert_eq!(two["path"], "two.aurora");
    assert_eq!(two["ok"], false);
    assert_eq!(two["diagnostics"], Value::Array(Vec::new()));
    let jobs = two["jobs"].as_array().expect("`jobs` is an array");
    assert_eq!(jobs.len(), 2);
    assert_eq!(jobs[0]["key"], "c/r/prod/hello");
    assert_eq!(jobs[0]["ok"], true);
    assert_eq!(jobs[1]["key"], "c/r/prod/bare");
    assert_eq!(jobs[1]["ok"], false);
    assert_eq!(jobs[1]["diagnostics"][0]["code"], "E0302");
    assert_eq!(jobs[1]["diagnostics"][0]["line"], 5);
    let broken = &document["files"][1];
    assert_eq!(broken["ok"], false);
    assert_eq!(broken["jobs"], Value::Array(Vec::new()));
    assert_eq!(broken["diagnostics"][0]["severity"], "error");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn check_github_annotates_each_problem() {
    let dir = files(&[
        ("two.aurora", TWO_JOBS),
        (
            "warn.aurora",
            &HELLO.replace("task = task)", "task = task, production = True)"),
        ),
    ]);
    let run = aurora(
        dir.path(),
        &[
            "config",
            "check",
            "--format",
            "github",
            "two.aurora",
            "warn.aurora",
        ],
    );
    assert_eq!(run.code, Some(3));
    insta::assert_snapshot!(run.transcript(dir.path()));
}

#[test]
fn check_github_on_syntax_errors() {
    let dir = files(&[("broken.aurora", "jobs = [\n")]);
    let run = aurora(
        dir.path(),
        &[
            "config",
            "check",
            "--syntax-only",
            "--format",
            "github",
            "broken.aurora",
        ],
    );
    assert_eq!(run.code, Some(3));
    insta::assert_snapshot!(run.transcript(dir.path()));
}

#[test]
fn syntax_only_takes_no_bindings() {
    let dir = files(&[("hello.aurora", HELLO)]);
    let run = aurora(
        dir.path(),
        &[
            "config",
            "check",
            "--syntax-only",
            "--bind",
            "a=b",
            "hello.aurora",
        ],
    );
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}

// `aurora job inspect`

#[test]
fn inspect_prints_the_listing() {
    let run = aurora(
        &examples(),
        &[
            "job",
            "inspect",
            "devcluster/www-data/prod/hello_world",
            "hello_world.aurora",
        ],
    );
    assert_eq!(run.stderr, "");
    assert_eq!(run.code, Some(0));
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn inspect_writes_json_on_one_line() {
    let dir = files(&[("templated.aurora", TEMPLATED)]);
    let run = aurora(
        dir.path(),
        &[
            "job",
            "inspect",
            "--write-json",
            "--bind",
            "greeting=hi",
            KEY,
            "templated.aurora",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1);
    assert!(run.stdout.ends_with("}\n"));
    let job: Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(job["task"]["processes"][0]["cmdline"], "echo hi");
    insta::assert_snapshot!(run.stdout);
}

/// A cron job with a Docker container, constraints (`b,q,i,a` collide in CPython's set
/// table, so the order they are written in shows), metadata and a named port.
const DOCKER_CRON: &str = r#"serve = Process(name = 'serve', cmdline = 'serve --port={{thermos.ports[http]}}')
task = Task(processes = [serve], resources = Resources(cpu = 0.5, ram = 128*MB, disk = 1*GB))
jobs = [Job(
  name = 'hello', role = 'r', cluster = 'c', environment = 'prod', task = task,
  cron_schedule = '*/5 * * * *', cron_collision_policy = 'CANCEL_NEW',
  contact = 'ops@example.com', tier = 'preferred',
  container = Docker(image = 'nginx:1.2', parameters = [Parameter(name = 'env', value = 'A=1')]),
  constraints = {'dedicated': '!b,q,i,a', 'host': 'limit:1', 'rack': 'r1,r2'},
  metadata = [Metadata(key = 'team', value = "it's"), Metadata(key = 'k', value = 'v')],
)]
"#;

#[test]
fn inspect_raw_prints_the_clients_repr_of_hello_world() {
    let run = aurora(
        &examples(),
        &[
            "job",
            "inspect",
            "--raw",
            "devcluster/www-data/prod/hello_world",
            "hello_world.aurora",
        ],
    );
    assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""));
    assert_eq!(run.stdout.lines().count(), 1);
    assert!(run.stdout.starts_with("JobConfiguration(instanceCount=2, "));
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn inspect_raw_prints_constraints_metadata_docker_and_cron() {
    let dir = files(&[("cron.aurora", DOCKER_CRON)]);
    let run = aurora(dir.path(), &["job", "inspect", "--raw", KEY, "cron.aurora"]);
    assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""));
    // CPython's `set(u'b,q,i,a'.split(','))`, which `set(sorted(...))` would not give.
    assert!(run.stdout.contains("values=set([u'q', u'i', u'b', u'a'])"));
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn inspect_reports_the_clients_text_first() {
    let dir = files(&[("two.aurora", TWO_JOBS)]);
    let run = aurora(
        dir.path(),
        &["job", "inspect", "c/r/prod/bare", "two.aurora"],
    );
    assert_eq!(run.code, Some(3));
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with(
            "error[E0302]: Error loading configuration: The configuration was invalid: Task must specify resources!\n"
        ),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!(run.transcript(dir.path()));
}

#[test]
fn inspect_names_the_candidates_of_a_missing_job() {
    let dir = files(&[("two.aurora", TWO_JOBS)]);
    let run = aurora(
        dir.path(),
        &["job", "inspect", "c/r/prod/other", "two.aurora"],
    );
    assert_eq!(run.code, Some(3));
    insta::assert_snapshot!(run.transcript(dir.path()));
}

#[test]
fn inspect_reports_a_config_that_does_not_load() {
    let dir = files(&[("bad.aurora", "jobs = [Job(task = undefined_task)]\n")]);
    let run = aurora(dir.path(), &["job", "inspect", KEY, "bad.aurora"]);
    assert_eq!(run.code, Some(3));
    insta::assert_snapshot!(run.transcript(dir.path()));
}

#[test]
fn a_bad_job_key_is_a_usage_error() {
    let dir = files(&[("hello.aurora", HELLO)]);
    for command in [["job", "inspect"], ["config", "compile"]] {
        let mut args = command.to_vec();
        args.extend(["c/r/hello", "hello.aurora"]);
        let run = aurora(dir.path(), &args);
        assert_eq!(run.code, Some(2));
        assert_eq!(
            run.stderr,
            "error[E0300]: argument jobspec: invalid from_path value: 'c/r/hello'\n  \
             help: a job key is CLUSTER/ROLE/ENVIRONMENT/NAME; role, environment and name use \
             letters, digits, `_`, `-` and `.`\n"
        );
    }
}

#[test]
fn raw_wins_over_write_json_as_in_the_client() {
    let dir = files(&[("hello.aurora", HELLO)]);
    let both = aurora(
        dir.path(),
        &[
            "job",
            "inspect",
            "--write-json",
            "--raw",
            KEY,
            "hello.aurora",
        ],
    );
    let raw = aurora(
        dir.path(),
        &["job", "inspect", "--raw", KEY, "hello.aurora"],
    );
    assert_eq!((both.code, raw.code), (Some(0), Some(0)));
    assert_eq!(both.stdout, raw.stdout);
}

#[test]
fn inspect_shows_warnings_on_stderr() {
    let dir = files(&[(
        "warn.aurora",
        &HELLO.replace("task = task)", "task = task, production = True)"),
    )]);
    let run = aurora(dir.path(), &["job", "inspect", KEY, "warn.aurora"]);
    assert_eq!(run.code, Some(0));
    assert!(run.stdout.starts_with("Job level information\n"));
    assert!(
        run.stderr
            .starts_with("warning[W0300]: Job configuration attribute 'production' is deprecated."),
        "{}",
        run.stderr
    );
}

// `aurora config compile`

/// `aurora config compile [extra...] KEY hello.aurora`, its stdout as bytes.
fn compile(dir: &Path, extra: &[&str]) -> Vec<u8> {
    let mut args = vec!["config", "compile"];
    args.extend_from_slice(extra);
    args.extend([KEY, "hello.aurora"]);
    let run = run_raw(dir, &args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
    run.stdout
}

fn canonical(dir: &Path) -> JobConfiguration {
    let json = String::from_utf8(compile(dir, &[])).expect("canonical JSON is UTF-8");
    from_canonical_json(&json).expect("the output is canonical JSON of a JobConfiguration")
}

/// The canonical JSON of the job, which shows the executor data as a JSON object with
/// sorted keys: equal for two encodings of the same job.
fn canonical_text(dir: &Path) -> String {
    String::from_utf8(compile(dir, &[])).expect("canonical JSON is UTF-8")
}

#[test]
fn compile_prints_canonical_json_by_default() {
    let dir = files(&[("hello.aurora", HELLO)]);
    let configuration = canonical(dir.path());
    let key = configuration.key.as_ref().expect("the job key is set");
    assert_eq!(
        (
            key.role.as_deref(),
            key.environment.as_deref(),
            key.name.as_deref()
        ),
        (Some("r"), Some("prod"), Some("hello"))
    );
    let owner = configuration.owner.as_ref().expect("the owner is set");
    assert_eq!(owner.user.as_deref(), Some(USER));
    let json = String::from_utf8(compile(dir.path(), &["--format", "json"])).expect("UTF-8");
    assert!(json.starts_with("{\n  \""), "pretty JSON: {json}");
    assert!(json.ends_with("}\n"));
}

#[test]
fn compile_writes_thrift_json() {
    let dir = files(&[("hello.aurora", HELLO)]);
    let bytes = compile(dir.path(), &["--format", "thrift-json"]);
    let text = String::from_utf8(bytes.clone()).expect("TJSON is UTF-8");
    assert!(text.starts_with(r#"{"5":{"i32":0},"6":{"rec":{"#), "{text}");
    assert!(
        !text.contains('\n'),
        "TJSON is the protocol's bytes, one line"
    );
    let mut protocol = TJsonInputProtocol::new(&bytes[..]);
    let decoded = JobConfiguration::read_from_in_protocol(&mut protocol)
        .expect("the output reads back with the TJSON protocol");
    assert_eq!(to_canonical_json(&decoded), canonical_text(dir.path()));
    let binary: JobConfiguration =
        from_binary(&compile(dir.path(), &["--format", "binary"])).expect("Thrift binary");
    assert_eq!(decoded, binary, "TJSON and binary hold the same job");
}

#[test]
fn compile_writes_binary_to_a_file() {
    let dir = files(&[("hello.aurora", HELLO)]);
    let out = dir.path().join("out/hello.bin");
    std::fs::create_dir(dir.path().join("out")).expect("a directory can be created");
    let stdout = compile(dir.path(), &["--format", "binary", "-o", "out/hello.bin"]);
    assert!(stdout.is_empty());
    let bytes = std::fs::read(&out).expect("the output file was written");
    let decoded: JobConfiguration = from_binary(&bytes).expect("the output is Thrift binary");
    assert_eq!(to_canonical_json(&decoded), canonical_text(dir.path()));
    let entries: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .expect("the directory can be listed")
        .map(|entry| entry.expect("an entry").file_name())
        .collect();
    assert_eq!(entries, ["hello.bin"], "no temporary file is left behind");
}

#[test]
fn compile_writes_binary_to_a_pipe() {
    let dir = files(&[("hello.aurora", HELLO)]);
    let bytes = compile(dir.path(), &["--format", "binary"]);
    let decoded: JobConfiguration = from_binary(&bytes).expect("stdout is Thrift binary");
    assert_eq!(to_canonical_json(&decoded), canonical_text(dir.path()));
}

#[test]
fn a_failed_compile_leaves_the_output_file_alone() {
    let dir = files(&[("two.aurora", TWO_JOBS), ("out.json", "previous\n")]);
    let run = aurora(
        dir.path(),
        &[
            "config",
            "compile",
            "-o",
            "out.json",
            "c/r/prod/bare",
            "two.aurora",
        ],
    );
    assert_eq!(run.code, Some(3));
    assert!(
        run.stderr.starts_with(
            "error[E0302]: Error loading configuration: The configuration was invalid: Task must specify resources!\n"
        ),
        "{}",
        run.stderr
    );
    let previous = std::fs::read_to_string(dir.path().join("out.json")).expect("still there");
    assert_eq!(previous, "previous\n");
    let count = std::fs::read_dir(dir.path()).expect("listable").count();
    assert_eq!(count, 2, "no temporary file is left behind");
}

#[test]
fn compile_replaces_an_existing_output_file() {
    let dir = files(&[("hello.aurora", HELLO), ("out.json", "previous\n")]);
    let stdout = compile(dir.path(), &["-o", "out.json"]);
    assert!(stdout.is_empty());
    let written = std::fs::read(dir.path().join("out.json")).expect("written");
    assert_eq!(written, compile(dir.path(), &[]));
}

#[test]
fn compile_says_when_the_output_cannot_be_written() {
    let dir = files(&[("hello.aurora", HELLO)]);
    let run = aurora(
        dir.path(),
        &[
            "config",
            "compile",
            "-o",
            "missing/out.json",
            KEY,
            "hello.aurora",
        ],
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .starts_with("aurora config compile: cannot write `missing/out.json`: "),
        "{}",
        run.stderr
    );
}

/// Sixty jobs (enough for `config check` to share them between two threads, each with its
/// own evaluation): one invalid in each half, and a key written once in each half.
const SIXTY_JOBS: &str = r#"print('evaluating once')
hello = Process(name = 'hello', cmdline = 'echo {{greeting}}')
task = Task(processes = [hello], resources = Resources(cpu = 1.0, ram = 64*MB, disk = 64*MB))
jobs = []
for n in range(60):
  name = 'job%d' % n
  if n == 45:
    name = 'job5'
  jobs.append(Job(name = name, role = 'r', cluster = 'c', environment = 'prod', task = task,
                  instances = -1 if n in (10, 40) else 1).bind(greeting = 'hi %d' % n))
"#;

#[test]
fn check_of_many_jobs_reports_as_one_pass_would() {
    let dir = files(&[("sixty.aurora", SIXTY_JOBS)]);
    let run = aurora(dir.path(), &["config", "check", "sixty.aurora"]);
    assert_eq!(run.code, Some(3));
    assert_eq!(
        run.stderr.matches("evaluating once").count(),
        1,
        "{}",
        run.stderr
    );
    // In the order of `jobs`: job5's duplicate is reported at the first of the two only.
    let reported: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.contains("in job c/r/prod/"))
        .collect();
    assert_eq!(reported.len(), 3, "{}", run.stderr);
    assert!(reported[0].contains("job5"), "{}", run.stderr);
    assert!(reported[1].contains("job10"), "{}", run.stderr);
    assert!(reported[2].contains("job40"), "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("checked 1 file, 59 jobs: 3 errors in 3 jobs\n"),
        "{}",
        run.stderr
    );
}
