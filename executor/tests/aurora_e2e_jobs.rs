//! The two jobs of Aurora's end-to-end test that check the executor, run as its script
//! checks them. Their executor data is what real Aurora's client wrote for them (the
//! conformance corpus; `aurora config compile` writes the same, see the conformance tests),
//! with the file each job watches moved into the test's temporary directory.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use aurora_api::{from_canonical_json, JobConfiguration};
use aurora_conformance::Corpus;
use aurora_executor::records::{ProcessState::*, TaskState};
use common::{executor, stdout, wait_with_limit, Task};

const LIMIT: Duration = Duration::from_secs(60);

/// The executor data of a corpus job, with `bound` (a path the job was bound to) replaced.
fn executor_data(root: &Path, expected: &str, bound: &str, replacement: &Path) -> String {
    let text = std::fs::read_to_string(root.join("expected").join(expected)).unwrap();
    let job: JobConfiguration = from_canonical_json(&text).unwrap();
    let data = job
        .task_config
        .unwrap()
        .executor_config
        .unwrap()
        .data
        .unwrap();
    assert!(data.contains(bound), "{expected} no longer binds {bound}");
    data.replace(bound, &replacement.display().to_string())
}

fn is_running(task: &Task, process: &str) -> bool {
    task.process_states()
        .iter()
        .any(|(name, _, state)| name == process && *state == Running)
}

#[test]
fn ephemeral_daemon_with_final() {
    let Some(corpus) = Corpus::locate() else {
        return;
    };
    let root = corpus.root();
    let task = Task::new("ephemeral_daemon_with_final-0");
    let stop_file = task.path("stop_file");
    let data = executor_data(
        root,
        "aurora/e2e/ephemeral_daemon_with_final.aurora.devcluster__aurora__test__ephemeral_daemon_with_final.thrift.json",
        "/tmp/stop_file",
        &stop_file,
    );
    let runner = task
        .run_command(&data, &[])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(task.wait_for(LIMIT, |t| is_running(t, "main")
        && is_running(t, "ephemeral_daemon")));

    // As the e2e script: touch the stop file, and the final process removes it within 10 s.
    std::fs::write(&stop_file, "").unwrap();
    assert!(task.wait_for(Duration::from_secs(10), |_| !stop_file.exists()));
    let output = wait_with_limit(runner, LIMIT);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        task.log("ephemeral_daemon", 0),
        "ephemeral daemon started\n"
    );
    assert_eq!(task.log("main", 0), "main OK\n");
    assert_eq!(task.log("final", 0), "final OK\n");
    assert_eq!(task.run_ends("main"), [Success]);
    assert_eq!(task.run_ends("ephemeral_daemon"), [Killed]);
    assert_eq!(task.task_states().last(), Some(&TaskState::Success));
    assert!(
        task.processes_left().is_empty(),
        "left: {:?}",
        task.processes_left()
    );
}

#[test]
fn test_daemonizing_process() {
    let Some(corpus) = Corpus::locate() else {
        return;
    };
    let root = corpus.root();
    let task = Task::new("daemonize-0");
    let term_file = task.path("term_file");
    std::fs::write(&term_file, "").unwrap();
    let data = executor_data(
        root,
        "aurora/e2e/test_daemonizing_process.aurora.devcluster__vagrant__test__daemonize.thrift.json",
        "/tmp/term_file",
        &term_file,
    );
    // The job runs `python ./daemon.py`; the script is Python 2 and 3 alike.
    let bin = task.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let python3 = which("python3").expect("python3 on PATH");
    std::os::unix::fs::symlink(python3, bin.join("python")).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let runner = task
        .run_command(&data, &[])
        .env("PATH", path)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // run_daemon succeeds as soon as the daemon has forked away from it.
    assert!(task.wait_for(LIMIT, |t| t.run_ends("run_daemon") == [Success]));
    assert!(is_running(&task, "hello"));
    assert!(
        !task.processes_left().is_empty() && term_file.exists(),
        "the daemon keeps running after its parent succeeded"
    );

    // As the e2e script: kill the job; the daemon gets SIGTERM and removes the file.
    let killed = wait_with_limit(
        executor()
            .arg("kill")
            .arg(&task.task_id)
            .arg("--checkpoint-root")
            .arg(task.root())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
        LIMIT,
    );
    assert!(stdout(&killed).contains("KILLED"), "{}", stdout(&killed));
    assert!(task.wait_for(Duration::from_secs(10), |_| !term_file.exists()));
    let output = wait_with_limit(runner, LIMIT);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(task.task_states().last(), Some(&TaskState::Killed));
    assert!(task.log("hello", 0).starts_with("hello world\n"));
    assert!(
        task.processes_left().is_empty(),
        "left: {:?}",
        task.processes_left()
    );
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|path| path.is_file())
}
