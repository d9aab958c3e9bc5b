//! Health checks, the HTTP graceful shutdown and the disk limit, against real processes and a
//! small HTTP server the test runs.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aurora_executor::records::{ProcessState::*, TaskState};
use common::{data, executor, stdout, wait_with_limit, Task};

const LIMIT: Duration = Duration::from_secs(30);

fn status_lines(task: &Task) -> Vec<String> {
    std::fs::read_to_string(task.path("status"))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn fast_checks(checker: &str) -> String {
    format!(
        r#""health_check_config":{{"health_checker":{checker},"initial_interval_secs":0.1,
        "interval_secs":0.1,"max_consecutive_failures":0,"min_consecutive_successes":1,
        "timeout_secs":1.0}}"#
    )
}

/// Executor data with job-level fields added after the task.
fn job(processes: &[&str], job_fields: &str) -> String {
    let base = data(processes, "");
    let open = base.trim_end().strip_suffix('}').expect("a JSON object");
    format!("{open},{job_fields}}}")
}

#[test]
fn a_failing_shell_check_fails_the_task() {
    let task = Task::new("unhealthy");
    let output = task.run(
        &job(
            &[r#"{"name":"serve","cmdline":"sleep 600"}"#],
            &fast_checks(r#"{"shell":{"shell_command":"echo not yet; exit 1"}}"#),
        ),
        &[],
        LIMIT,
    );
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let status = status_lines(&task);
    assert_eq!(status.len(), 2, "{status:?}");
    assert!(status[0].contains(r#""state":"STARTING""#));
    assert!(
        status[1].contains(
            r#""state":"FAILED","message":"Failed health check! Command 'echo not yet; exit 1' returned non-zero exit status 1 with output 'not yet'""#
        ),
        "{status:?}"
    );
    assert_eq!(task.task_states().last(), Some(&TaskState::Failed));
    assert!(task.processes_left().is_empty());
}

#[test]
fn the_task_is_running_once_its_check_passes() {
    let task = Task::new("healthy");
    let output = task.run(
        &job(
            &[r#"{"name":"serve","cmdline":"sleep 0.3; touch ready; sleep 1.5"}"#],
            &fast_checks(r#"{"shell":{"shell_command":"test -e ready"}}"#).replace(
                r#""max_consecutive_failures":0"#,
                r#""max_consecutive_failures":20"#,
            ),
        ),
        &[],
        LIMIT,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let status = status_lines(&task);
    assert!(
        status[1].contains(r#""state":"RUNNING","message":"Task is healthy.""#),
        "{status:?}"
    );
    assert!(status[2].contains(r#""state":"FINISHED""#), "{status:?}");
}

/// A server that answers `GET /health` with `ok` and records every request line; a POST to
/// `/quitquitquit` also creates `quit_file`.
fn lifecycle_server(quit_file: PathBuf) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let calls = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&calls);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            let request = request.trim().to_string();
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
                    break;
                }
            }
            if request.starts_with("POST /quitquitquit") {
                std::fs::write(&quit_file, "").unwrap();
            }
            seen.lock().unwrap().push(request);
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        }
    });
    (port, calls)
}

#[test]
fn kill_calls_quitquitquit_first_and_a_process_that_obeys_ends_on_its_own() {
    let task = Task::new("graceful");
    let quit_file = task.sandbox().join("quit");
    let (port, calls) = lifecycle_server(quit_file);
    let spec = job(
        &[r#"{"name":"serve","cmdline":"while [ ! -e quit ]; do sleep 0.05; done; echo bye"}"#],
        &format!(
            r#"{},"lifecycle":{{"http":{{"port":"health","graceful_shutdown_wait_secs":5,
            "shutdown_wait_secs":5}}}}"#,
            fast_checks(
                r#"{"http":{"endpoint":"/health","expected_response":"ok","expected_response_code":200}}"#
            )
        ),
    );
    let runner = task
        .run_command(&spec, &["--port", &format!("health={port}")])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(task.wait_for(LIMIT, |t| status_lines(t)
        .iter()
        .any(|l| l.contains("Task is healthy."))));
    let killed = wait_with_limit(
        executor()
            .args(["kill", &task.task_id, "--checkpoint-root"])
            .arg(task.root())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
        LIMIT,
    );
    assert!(stdout(&killed).contains("KILLED"));
    let output = wait_with_limit(runner, LIMIT);
    assert_eq!(output.status.code(), Some(1));
    let calls = calls.lock().unwrap().clone();
    let posts: Vec<&String> = calls.iter().filter(|c| c.starts_with("POST")).collect();
    assert_eq!(posts, ["POST /quitquitquit HTTP/1.1"], "{calls:?}");
    assert!(calls.iter().any(|c| c.starts_with("GET /health")));
    // It left by itself after /quitquitquit, before any signal.
    assert_eq!(task.run_ends("serve"), [Success]);
    assert_eq!(task.log("serve", 0), "bye\n");
    assert_eq!(task.task_states().last(), Some(&TaskState::Killed));
}

#[test]
fn a_sandbox_over_its_disk_reservation_fails_the_task() {
    let task = Task::new("disk");
    let output = task.run(
        &data(
            &[r#"{"name":"fill","cmdline":"head -c 3000000 /dev/urandom > big; sleep 600"}"#],
            r#""resources":{"cpu":0.1,"ram":1048576,"disk":1048576}"#,
        ),
        &["--disk-check-interval-secs", "1"],
        LIMIT,
    );
    assert_eq!(output.status.code(), Some(1));
    let status = status_lines(&task).join("\n");
    assert!(
        status.contains(
            r#""state":"FAILED","message":"Disk limit exceeded.  Reserved 1048576 bytes vs used 3"#
        ),
        "{status}"
    );
    assert!(task.processes_left().is_empty());
}

#[test]
fn processes_over_the_task_ram_fail_it() {
    let task = Task::new("ram");
    let output = task.run(
        &data(
            &[r#"{"name":"hog","cmdline":"python3 -c 'import time; x = b\"x\" * (96 << 20); time.sleep(600)'"}"#],
            r#""resources":{"cpu":0.1,"ram":33554432,"disk":1073741824}"#,
        ),
        &[],
        LIMIT,
    );
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let status = status_lines(&task).join("\n");
    assert!(
        status.contains(r#""state":"FAILED","message":"Memory limit exceeded.  Reserved 33554432 bytes vs used "#),
        "{status}"
    );
    assert!(task.processes_left().is_empty());
}
