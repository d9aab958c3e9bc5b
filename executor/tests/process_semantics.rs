//! Thermos' process semantics, one task per rule, run by the real binary with real processes.

mod common;

use std::time::Duration;

use aurora_executor::records::{ProcessState::*, TaskState};
use common::{data, stderr, stdout, Task};

const LIMIT: Duration = Duration::from_secs(30);

#[test]
fn order_retries_and_final_processes_run_as_thermos_runs_them() {
    let task = Task::new("order");
    let output = task.run(
        &data(
            &[
                r#"{"name":"first","cmdline":"echo first {{mesos.instance}} {{thermos.task_id}}"}"#,
                r#"{"name":"second","cmdline":"echo second; exit 3","max_failures":2,"min_duration":0}"#,
                r#"{"name":"last","cmdline":"echo final","final":true}"#,
            ],
            r#""constraints":[{"order":["first","second"]}],"max_failures":2"#,
        ),
        &["--instance", "7"],
        LIMIT,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert_eq!(task.log("first", 0), "first 7 order\n");
    assert_eq!(task.run_ends("first"), [Success]);
    // One failed process is fewer than the task's max_failures (2): the task succeeds.
    assert_eq!(task.run_ends("second"), [Failed, Failed]);
    assert_eq!(task.run_ends("last"), [Success]);
    let first_done = task.times("first", Success)[0];
    assert!(task.times("second", Forked)[0] >= first_done);
    assert_eq!(
        task.task_states(),
        [
            TaskState::Active,
            TaskState::Cleaning,
            TaskState::Finalizing,
            TaskState::Success
        ]
    );
    let status = std::fs::read_to_string(task.path("status")).unwrap();
    let states: Vec<&str> = status
        .lines()
        .map(|line| {
            line.split("\"state\":\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(states, ["STARTING", "RUNNING", "FINISHED"]);
}

#[test]
fn a_failure_fails_the_task_and_the_final_processes_still_run() {
    let task = Task::new("fails");
    let output = task.run(
        &data(
            &[
                r#"{"name":"main","cmdline":"exit 1"}"#,
                r#"{"name":"after","cmdline":"echo never"}"#,
                r#"{"name":"cleanup","cmdline":"echo cleaned up","final":true}"#,
            ],
            r#""constraints":[{"order":["main","after"]}]"#,
        ),
        &[],
        LIMIT,
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(task.run_ends("main"), [Failed]);
    assert!(
        task.run_ends("after").is_empty(),
        "a process after a failed one never starts"
    );
    assert_eq!(task.log("cleanup", 0), "cleaned up\n");
    assert_eq!(task.task_states().last(), Some(&TaskState::Failed));
    let status = std::fs::read_to_string(task.path("status")).unwrap();
    assert!(
        status.contains(r#""state":"FAILED","message":"Task failed. Failed processes: main""#),
        "{status}"
    );
}

#[test]
fn the_task_fails_once_max_failures_processes_failed() {
    let task = Task::new("two-failures");
    let output = task.run(
        &data(
            &[
                r#"{"name":"a","cmdline":"exit 1"}"#,
                r#"{"name":"b","cmdline":"sleep 0.2; exit 1"}"#,
                r#"{"name":"c","cmdline":"sleep 0.1"}"#,
            ],
            r#""max_failures":2"#,
        ),
        &[],
        LIMIT,
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(task.run_ends("a"), [Failed]);
    assert_eq!(task.run_ends("b"), [Failed]);
    assert_eq!(task.run_ends("c"), [Success]);
}

#[test]
fn a_blocked_process_with_failures_to_spare_fails_the_task_instead_of_hanging() {
    let task = Task::new("deadlock");
    let output = task.run(
        &data(
            &[
                r#"{"name":"a","cmdline":"exit 1"}"#,
                r#"{"name":"b","cmdline":"true"}"#,
            ],
            r#""constraints":[{"order":["a","b"]}],"max_failures":0"#,
        ),
        &[],
        LIMIT,
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(task.run_ends("b").is_empty());
    assert_eq!(task.task_states().last(), Some(&TaskState::Failed));
}

#[test]
fn retries_wait_min_duration_after_the_last_run_ended() {
    let task = Task::new("backoff");
    let output = task.run(
        &data(
            &[r#"{"name":"flaky","cmdline":"exit 1","max_failures":3,"min_duration":1}"#],
            "",
        ),
        &[],
        LIMIT,
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(task.run_ends("flaky"), [Failed, Failed, Failed]);
    let ends = task.times("flaky", Failed);
    let forks = task.times("flaky", Forked);
    // Each run records FORKED twice (before and after the supervisor starts); take the first.
    let starts: Vec<u64> = forks.chunks(2).map(|pair| pair[0]).collect();
    for (end, next_start) in ends.iter().zip(&starts[1..]) {
        assert!(
            next_start - end >= 1000,
            "rerun {}ms after the failure",
            next_start - end
        );
    }
}

#[test]
fn max_failures_zero_retries_until_success() {
    let task = Task::new("forever");
    let output = task.run(
        &data(
            &[r#"{"name":"third-time","cmdline":"echo x >> tries; [ $(wc -l < tries) -ge 3 ]","max_failures":0,"min_duration":0}"#],
            "",
        ),
        &[],
        LIMIT,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(task.run_ends("third-time"), [Failed, Failed, Success]);
}

#[test]
fn max_concurrency_runs_one_process_at_a_time() {
    let task = Task::new("serial");
    let process = |name: &str| format!(r#"{{"name":"{name}","cmdline":"sleep 0.2"}}"#);
    let (a, b, c) = (process("a"), process("b"), process("c"));
    let output = task.run(&data(&[&a, &b, &c], r#""max_concurrency":1"#), &[], LIMIT);
    assert_eq!(output.status.code(), Some(0));
    let mut spans: Vec<(u64, u64)> = ["a", "b", "c"]
        .iter()
        .map(|name| (task.times(name, Forked)[0], task.times(name, Success)[0]))
        .collect();
    spans.sort();
    for pair in spans.windows(2) {
        assert!(pair[1].0 >= pair[0].1, "runs overlap: {spans:?}");
    }
}

#[test]
fn a_daemon_runs_again_after_success_and_an_ephemeral_one_never_holds_the_task() {
    let task = Task::new("daemon");
    let output = task.run(
        &data(
            &[
                r#"{"name":"beat","cmdline":"echo beat >> beats; sleep 0.05","daemon":true,"ephemeral":true,"min_duration":0}"#,
                r#"{"name":"main","cmdline":"sleep 1"}"#,
            ],
            "",
        ),
        &[],
        LIMIT,
    );
    assert_eq!(output.status.code(), Some(0));
    let beats = std::fs::read_to_string(task.sandbox().join("beats")).unwrap();
    assert!(
        beats.lines().count() >= 3,
        "the daemon ran {} times",
        beats.lines().count()
    );
    assert!(task.run_ends("beat").len() >= 3);
    assert!(
        task.processes_left().is_empty(),
        "left: {:?}",
        task.processes_left()
    );
}

#[test]
fn thermos_environment_and_profile() {
    let task = Task::new("environment");
    std::fs::create_dir_all(task.sandbox()).unwrap();
    std::fs::write(
        task.sandbox().join(".thermos_profile"),
        "export FROM_PROFILE=yes\n",
    )
    .unwrap();
    let output = task.run(
        &data(
            &[r#"{"name":"env","cmdline":"echo $HOME $FROM_PROFILE $PWD; env | cut -d= -f1 | sort | tr '\\n' ' '"}"#],
            "",
        ),
        &[],
        LIMIT,
    );
    assert_eq!(output.status.code(), Some(0));
    let log = task.log("env", 0);
    let sandbox = task.sandbox().display().to_string();
    assert!(
        log.starts_with(&format!("{sandbox} yes {sandbox}\n")),
        "{log}"
    );
    for name in ["HOME", "USER", "LOGNAME", "PATH", "BASH_ENV"] {
        assert!(log.contains(&format!("{name} ")), "{name} missing: {log}");
    }
}

#[test]
fn hostile_executor_data_is_refused_and_nothing_starts() {
    let cases = [
        ("{", "invalid Thermos executor data"),
        (r#"{"name":"x"}"#, "missing field `role`"),
        (
            &data(&[r#"{"name":"../etc","cmdline":"touch pwned"}"#], ""),
            "contains `/`",
        ),
        (
            &data(
                &[r#"{"name":"a","cmdline":"x"}"#],
                r#""constraints":[{"order":["a","a"]}]"#,
            ),
            "cycle",
        ),
        (
            &data(&[r#"{"name":"a","cmdline":"{{thermos.ports[http]}}"}"#], ""),
            "Task requires unbound port http!",
        ),
        (
            &data(&[r#"{"name":"a","cmdline":"{{profile.x}}"}"#], ""),
            "Failed to interpolate task, missing: {{profile.x}}",
        ),
    ];
    for (data, expected) in cases {
        let task = Task::new("hostile");
        let output = task.run(data, &[], LIMIT);
        assert_eq!(output.status.code(), Some(2), "{data}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(expected),
            "{data}: {}",
            stderr(&output)
        );
        assert!(!task.sandbox().exists(), "{data}: the sandbox was created");
        assert!(!task.root().exists(), "{data}: a checkpoint was written");
    }
}

#[test]
fn an_assigned_task_in_thrift_binary_or_json_runs_with_its_id_instance_and_ports() {
    use std::collections::BTreeMap;

    use aurora_api::{
        to_binary, to_canonical_json, AssignedTask, ExecutorConfig, JobKey, TaskConfig,
    };

    let executor_data = data(
        &[
            r#"{"name":"serve","cmdline":"echo {{thermos.task_id}} {{mesos.instance}} {{thermos.ports[http]}} {{mesos.hostname}}"}"#,
        ],
        "",
    );
    let assigned = AssignedTask {
        task_id: Some("assigned-3".into()),
        slave_id: Some("agent-1".into()),
        slave_host: Some("agent-1.example".into()),
        task: Some(TaskConfig {
            job: Some(JobKey::new(
                "www-data".to_string(),
                "test".to_string(),
                "hello".to_string(),
            )),
            executor_config: Some(ExecutorConfig::new(
                "AuroraExecutor".to_string(),
                executor_data,
            )),
            ..TaskConfig::default()
        }),
        assigned_ports: Some(BTreeMap::from([("http".to_string(), 31337)])),
        instance_id: Some(3),
    };
    for (name, bytes) in [
        ("binary", to_binary(&assigned)),
        ("json", to_canonical_json(&assigned).into_bytes()),
    ] {
        let task = Task::new("assigned-3");
        let input = task.path("assigned");
        std::fs::write(&input, bytes).unwrap();
        let output = common::wait_with_limit(
            common::executor()
                .arg("run")
                .arg("--assigned-task")
                .arg(&input)
                .arg("--sandbox")
                .arg(task.sandbox())
                .arg("--checkpoint-root")
                .arg(task.root())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap(),
            LIMIT,
        );
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        assert_eq!(
            task.log("serve", 0),
            "assigned-3 3 31337 agent-1.example\n",
            "{name}"
        );
    }
}
