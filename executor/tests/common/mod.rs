//! Running the real `aurora-executor` binary on small tasks, in temporary directories, and
//! reading back what it recorded.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use aurora_executor::checkpoint;
use aurora_executor::records::{ProcessState, RunnerRecord, TaskPaths, TaskState};

/// A task's directories: the checkpoint root and the sandbox, removed when dropped (after
/// every process that ran in the sandbox is killed).
pub struct Task {
    pub dir: tempfile::TempDir,
    pub task_id: String,
}

impl Task {
    pub fn new(task_id: &str) -> Task {
        Task {
            dir: tempfile::tempdir().expect("a temporary directory"),
            task_id: task_id.to_string(),
        }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("root")
    }

    pub fn sandbox(&self) -> PathBuf {
        self.dir.path().join("sandbox")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes the executor data and returns the `run` command for it.
    pub fn run_command(&self, data: &str, extra: &[&str]) -> Command {
        let data_path = self.path("data.json");
        std::fs::write(&data_path, data).expect("writing the executor data");
        let mut command = executor();
        command
            .arg("run")
            .arg("--executor-data")
            .arg(&data_path)
            .arg("--task-id")
            .arg(&self.task_id)
            .arg("--sandbox")
            .arg(self.sandbox())
            .arg("--checkpoint-root")
            .arg(self.root())
            .arg("--status-file")
            .arg(self.path("status"))
            .args(extra);
        command
    }

    /// Runs the task to its end (at most `limit`), returning the executor's output.
    pub fn run(&self, data: &str, extra: &[&str], limit: Duration) -> Output {
        let child = self
            .run_command(data, extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting aurora-executor");
        wait_with_limit(child, limit)
    }

    pub fn records(&self) -> Vec<RunnerRecord> {
        let paths = TaskPaths::new(&self.root(), &self.task_id);
        checkpoint::read(&paths.runner())
            .expect("the runner checkpoint reads")
            .records
    }

    /// `(process, run, state)` of every process record, in order.
    pub fn process_states(&self) -> Vec<(String, u32, ProcessState)> {
        self.records()
            .into_iter()
            .filter_map(|record| match record {
                RunnerRecord::Process {
                    process,
                    run,
                    state,
                    ..
                } => Some((process, run, state)),
                _ => None,
            })
            .collect()
    }

    /// The terminal states each process's runs ended in, in order.
    pub fn run_ends(&self, process: &str) -> Vec<ProcessState> {
        self.process_states()
            .into_iter()
            .filter(|(name, _, state)| name == process && state.is_terminal())
            .map(|(_, _, state)| state)
            .collect()
    }

    /// When (ms) each record of `process` in `state` was written.
    pub fn times(&self, process: &str, wanted: ProcessState) -> Vec<u64> {
        self.records()
            .into_iter()
            .filter_map(|record| match record {
                RunnerRecord::Process {
                    process: name,
                    state,
                    at_ms,
                    ..
                } if name == process && state == wanted => Some(at_ms),
                _ => None,
            })
            .collect()
    }

    pub fn task_states(&self) -> Vec<TaskState> {
        self.records()
            .into_iter()
            .filter_map(|record| match record {
                RunnerRecord::Task { state, .. } => Some(state),
                _ => None,
            })
            .collect()
    }

    pub fn log(&self, process: &str, run: u32) -> String {
        let path = self
            .sandbox()
            .join(".logs")
            .join(process)
            .join(run.to_string())
            .join("stdout");
        std::fs::read_to_string(&path).unwrap_or_default()
    }

    /// Pids of live processes that run with this task's sandbox as HOME.
    pub fn processes_left(&self) -> Vec<i32> {
        processes_with_home(&self.sandbox())
    }

    /// Waits until `done` holds, at most `limit`; `false` if it never did.
    pub fn wait_for(&self, limit: Duration, mut done: impl FnMut(&Task) -> bool) -> bool {
        let start = Instant::now();
        while start.elapsed() < limit {
            if done(self) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        done(self)
    }
}

impl Drop for Task {
    fn drop(&mut self) {
        for pid in self.processes_left() {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
    }
}

pub fn executor() -> Command {
    Command::new(env!("CARGO_BIN_EXE_aurora-executor"))
}

/// Waits for `child`, killing it if it outlives `limit`, so a broken executor fails the test
/// instead of hanging it.
pub fn wait_with_limit(mut child: Child, limit: Duration) -> Output {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let output = child.wait_with_output().expect("collecting the output");
                panic!(
                    "aurora-executor ran longer than {limit:?}\nstdout:\n{}\nstderr:\n{}",
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                );
            }
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    child.wait_with_output().expect("collecting the output")
}

fn processes_with_home(sandbox: &Path) -> Vec<i32> {
    let wanted = format!("HOME={}", sandbox.display());
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            let zombie = std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .map(|stat| {
                    stat.rsplit(')')
                        .next()
                        .unwrap_or("")
                        .trim_start()
                        .starts_with('Z')
                })
                .unwrap_or(true);
            !zombie
                && environ
                    .split(|b| *b == 0)
                    .any(|var| var == wanted.as_bytes())
        })
        .collect()
}

/// Executor data for a task of `processes` (JSON objects), with `task` fields added.
pub fn data(processes: &[&str], task: &str) -> String {
    let task = if task.is_empty() {
        String::new()
    } else {
        format!(",{task}")
    };
    format!(
        r#"{{"name":"hello","role":"www-data","cluster":"devcluster","environment":"test",
        "task":{{"name":"hello","processes":[{}]{task}}}}}"#,
        processes.join(",")
    )
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
