//! Killing a task, and a runner killed with `kill -9` replaced by a new one on the same
//! checkpoint.

mod common;

use std::process::Stdio;
use std::time::Duration;

use aurora_executor::records::{ProcessState::*, TaskState};
use common::{data, executor, stdout, wait_with_limit, Task};

const LIMIT: Duration = Duration::from_secs(30);

fn is_running(task: &Task, process: &str) -> bool {
    task.process_states()
        .iter()
        .any(|(name, _, state)| name == process && *state == Running)
}

fn kill_task(task: &Task) -> std::process::Output {
    let child = executor()
        .arg("kill")
        .arg(&task.task_id)
        .arg("--checkpoint-root")
        .arg(task.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_with_limit(child, LIMIT)
}

#[test]
fn kill_stops_the_processes_then_runs_the_final_ones() {
    let task = Task::new("killed");
    let runner = task
        .run_command(
            &data(
                &[
                    r#"{"name":"serve","cmdline":"echo serving; sleep 600"}"#,
                    r#"{"name":"goodbye","cmdline":"echo goodbye","final":true}"#,
                ],
                "",
            ),
            &[],
        )
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(task.wait_for(LIMIT, |t| is_running(t, "serve")));
    let killed = kill_task(&task);
    assert!(stdout(&killed).contains("KILLED"), "{}", stdout(&killed));
    let output = wait_with_limit(runner, LIMIT);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert_eq!(task.run_ends("serve"), [Killed]);
    assert_eq!(task.log("goodbye", 0), "goodbye\n");
    assert_eq!(task.task_states().last(), Some(&TaskState::Killed));
    assert!(
        task.processes_left().is_empty(),
        "left: {:?}",
        task.processes_left()
    );
    let status = std::fs::read_to_string(task.path("status")).unwrap();
    assert!(
        status.contains(r#""state":"KILLED","message":"Task killed.""#),
        "{status}"
    );
}

#[test]
fn a_process_that_ignores_sigterm_is_killed_at_the_deadline() {
    let task = Task::new("stubborn");
    let runner = task
        .run_command(
            &data(
                &[
                    r#"{"name":"stubborn","cmdline":"trap '' TERM; while true; do sleep 0.1; done"}"#,
                    r#"{"name":"goodbye","cmdline":"echo goodbye","final":true}"#,
                ],
                "",
            ),
            &["--kill-wait-secs", "1"],
        )
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(task.wait_for(LIMIT, |t| is_running(t, "stubborn")));
    let _ = kill_task(&task);
    let output = wait_with_limit(runner, LIMIT);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(task.run_ends("stubborn"), [Killed]);
    // Past the deadline there is no time left for the final processes.
    assert!(task.run_ends("goodbye").is_empty());
    assert!(
        task.processes_left().is_empty(),
        "left: {:?}",
        task.processes_left()
    );
}

#[test]
fn a_replacement_runner_reattaches_and_never_starts_a_run_twice() {
    let task = Task::new("recovered");
    let spec = data(
        &[
            r#"{"name":"slow","cmdline":"echo start >> starts; sleep 1.5; echo done"}"#,
            r#"{"name":"after","cmdline":"echo after >> starts"}"#,
        ],
        r#""constraints":[{"order":["slow","after"]}]"#,
    );
    let mut first = task
        .run_command(&spec, &[])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    assert!(task.wait_for(LIMIT, |t| is_running(t, "slow")));
    first.kill().unwrap(); // SIGKILL
    first.wait().unwrap();

    let output = task.run(&spec, &[], LIMIT);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let starts = std::fs::read_to_string(task.sandbox().join("starts")).unwrap();
    assert_eq!(starts, "start\nafter\n");
    assert_eq!(task.run_ends("slow"), [Success]);
    assert_eq!(task.log("slow", 0), "done\n");
    assert_eq!(task.task_states().last(), Some(&TaskState::Success));
}

#[test]
fn a_second_runner_refuses_a_task_that_has_a_live_one() {
    let task = Task::new("twice");
    let spec = data(&[r#"{"name":"wait","cmdline":"sleep 600"}"#], "");
    let first = task
        .run_command(&spec, &[])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    assert!(task.wait_for(LIMIT, |t| is_running(t, "wait")));
    let second = task.run(&spec, &[], LIMIT);
    assert_eq!(second.status.code(), Some(2));
    assert!(
        common::stderr(&second).contains("task twice already has a live runner"),
        "{}",
        common::stderr(&second)
    );
    let _ = kill_task(&task);
    wait_with_limit(first, LIMIT);
    assert!(task.processes_left().is_empty());
}

#[test]
fn kill_takes_over_a_task_whose_runner_died() {
    let task = Task::new("orphaned");
    let spec = data(&[r#"{"name":"wait","cmdline":"sleep 600"}"#], "");
    let mut first = task
        .run_command(&spec, &[])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    assert!(task.wait_for(LIMIT, |t| is_running(t, "wait")));
    first.kill().unwrap();
    first.wait().unwrap();
    assert!(
        !task.processes_left().is_empty(),
        "the process outlives its runner"
    );

    let killed = kill_task(&task);
    assert_eq!(killed.status.code(), Some(0), "{}", common::stderr(&killed));
    assert_eq!(task.task_states().last(), Some(&TaskState::Killed));
    assert!(
        task.processes_left().is_empty(),
        "left: {:?}",
        task.processes_left()
    );
}
