//! What the checkpoints hold: the runner's stream for the task (`checkpoints/TASK_ID/runner`)
//! and each process run's stream, written by the run's supervisor
//! (`checkpoints/TASK_ID/runs/PROCESS.RUN`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Thermos' task states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskState {
    /// The regular processes run.
    Active,
    /// The regular processes are done (or the task is being killed): what still runs, the
    /// ephemeral and daemon processes included, is stopped.
    Cleaning,
    /// The final processes run.
    Finalizing,
    Success,
    Failed,
    Killed,
    Lost,
}

impl TaskState {
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            TaskState::Success | TaskState::Failed | TaskState::Killed | TaskState::Lost
        )
    }
}

/// Thermos' process states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProcessState {
    /// Not started yet, or waiting to be started again.
    Waiting,
    /// The supervisor was started; the process is about to be.
    Forked,
    Running,
    Success,
    Failed,
    Killed,
    /// Its supervisor vanished without saying how the process ended.
    Lost,
}

impl ProcessState {
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            ProcessState::Success
                | ProcessState::Failed
                | ProcessState::Killed
                | ProcessState::Lost
        )
    }
}

/// The first record of a runner stream: what the task is and where it runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunnerHeader {
    pub task_id: String,
    pub instance: i32,
    pub hostname: String,
    pub user: String,
    pub sandbox: PathBuf,
    pub ports: BTreeMap<String, u16>,
    pub launch_time_ms: u64,
}

/// One record of a runner stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum RunnerRecord {
    Header(RunnerHeader),
    /// The runner's own process, so that `kill` and a second `run` find it.
    Runner {
        pid: i32,
        start_ticks: u64,
    },
    Task {
        state: TaskState,
        at_ms: u64,
        /// On CLEANING: how the task ends unless it is killed (SUCCESS or FAILED).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outcome: Option<TaskState>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        message: String,
    },
    Process {
        process: String,
        /// Counts from 0: the process's how-many-th run this is.
        run: u32,
        state: ProcessState,
        at_ms: u64,
        /// For FORKED: the supervisor that runs the process.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        supervisor: Option<ProcessId>,
        /// For RUNNING: the process itself.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pid: Option<ProcessId>,
        /// For SUCCESS and FAILED: the exit status; for KILLED: minus the signal.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        return_code: Option<i32>,
        /// For KILLED: the runner killed it (rather than a signal from elsewhere).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        by_runner: bool,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        message: String,
    },
    /// The task is to be stopped: killed (by `aurora-executor kill` or a signal), or failed
    /// (a health check, the disk limit).
    KillRequested {
        at_ms: u64,
        reason: String,
        /// How the task ends: KILLED unless said otherwise.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outcome: Option<TaskState>,
    },
}

/// A pid and the start time that tells it apart from a later process with the same pid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessId {
    pub pid: i32,
    pub start_ticks: u64,
}

impl ProcessId {
    /// The process `pid` as it is now, if it exists.
    pub fn of(pid: i32) -> Option<ProcessId> {
        Some(ProcessId {
            pid,
            start_ticks: crate::procfs::stat(pid)?.start_ticks,
        })
    }

    pub fn is_alive(&self) -> bool {
        crate::procfs::is_same_process_alive(self.pid, self.start_ticks)
    }
}

/// One record of a run's stream, written by its supervisor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum RunRecord {
    /// The process was started.
    Started {
        supervisor: ProcessId,
        process: ProcessId,
        at_ms: u64,
    },
    /// The process could not be started.
    StartFailed { message: String, at_ms: u64 },
    /// The process (the shell the cmdline runs in) ended.
    Exited {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<i32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signal: Option<i32>,
        at_ms: u64,
    },
}

/// Where a task's files are under a checkpoint root, in Thermos' layout.
#[derive(Clone, Debug)]
pub struct TaskPaths {
    pub root: PathBuf,
    pub task_id: String,
}

impl TaskPaths {
    pub fn new(root: &Path, task_id: &str) -> TaskPaths {
        TaskPaths {
            root: root.to_path_buf(),
            task_id: task_id.to_string(),
        }
    }

    pub fn checkpoint_dir(&self) -> PathBuf {
        self.root.join("checkpoints").join(&self.task_id)
    }

    /// The runner's stream.
    pub fn runner(&self) -> PathBuf {
        self.checkpoint_dir().join("runner")
    }

    /// The stream of one run of one process.
    pub fn run(&self, process: &str, run: u32) -> PathBuf {
        self.checkpoint_dir()
            .join("runs")
            .join(format!("{process}.{run}"))
    }

    /// The task as it was bound when it started, while it is not over.
    pub fn active_task(&self) -> PathBuf {
        self.root
            .join("tasks")
            .join("active")
            .join(format!("{}.json", self.task_id))
    }

    /// The same once the task is over.
    pub fn finished_task(&self) -> PathBuf {
        self.root
            .join("tasks")
            .join("finished")
            .join(format!("{}.json", self.task_id))
    }
}

/// The log files of one run, under the sandbox: `.logs/PROCESS/RUN/{stdout,stderr}`.
pub fn log_dir(sandbox: &Path, process: &str, run: u32) -> PathBuf {
    sandbox.join(".logs").join(process).join(run.to_string())
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}
