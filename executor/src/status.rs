//! Tasks as their checkpoints tell them, for `status`, `tail`, `kill` and `gc` and the
//! observer: read-only views that never take a task over.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::checkpoint::{self, CheckpointError};
use crate::records::{ProcessId, ProcessState, RunnerHeader, RunnerRecord, TaskPaths, TaskState};

/// One task, replayed from its runner stream.
#[derive(Clone, Debug, Default)]
pub struct TaskView {
    pub task_id: String,
    pub header: Option<RunnerHeader>,
    pub state: Option<TaskState>,
    pub state_at_ms: u64,
    /// Every task state the task went through, with when, oldest first.
    pub statuses: Vec<(TaskState, u64)>,
    /// The latest runner that took the task.
    pub runner: Option<ProcessId>,
    /// Each process's runs, oldest first.
    pub processes: BTreeMap<String, Vec<RunView>>,
}

/// One run of one process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunView {
    pub run: u32,
    pub state: ProcessState,
    /// The process itself, once it runs.
    pub pid: Option<ProcessId>,
    pub start_ms: Option<u64>,
    pub stop_ms: Option<u64>,
    pub return_code: Option<i32>,
    pub message: String,
}

impl TaskView {
    /// Whether a runner is working on the task now.
    pub fn runner_alive(&self) -> bool {
        self.runner.is_some_and(|r| r.is_alive())
    }

    pub fn is_terminal(&self) -> bool {
        self.state.is_some_and(TaskState::is_terminal)
    }

    /// The sandbox, from the header.
    pub fn sandbox(&self) -> Option<&Path> {
        self.header.as_ref().map(|h| h.sandbox.as_path())
    }
}

/// Reads a task's runner stream.
pub fn read_task(root: &Path, task_id: &str) -> Result<TaskView, CheckpointError> {
    let paths = TaskPaths::new(root, task_id);
    let replay = checkpoint::read::<RunnerRecord>(&paths.runner())?;
    let mut view = TaskView {
        task_id: task_id.to_string(),
        ..TaskView::default()
    };
    for record in replay.records {
        match record {
            RunnerRecord::Header(header) => view.header = Some(header),
            RunnerRecord::Runner { pid, start_ticks } => {
                view.runner = Some(ProcessId { pid, start_ticks })
            }
            RunnerRecord::Task { state, at_ms, .. } => {
                view.state = Some(state);
                view.state_at_ms = at_ms;
                view.statuses.push((state, at_ms));
            }
            RunnerRecord::KillRequested { .. } => {}
            RunnerRecord::Process {
                process,
                run,
                state,
                at_ms,
                pid,
                return_code,
                message,
                ..
            } => {
                let runs = view.processes.entry(process).or_default();
                if runs.last().is_none_or(|last| last.run != run) {
                    runs.push(RunView {
                        run,
                        state,
                        pid: None,
                        start_ms: None,
                        stop_ms: None,
                        return_code: None,
                        message: String::new(),
                    });
                }
                let current = runs.last_mut().expect("pushed above");
                current.state = state;
                match state {
                    ProcessState::Running => {
                        current.pid = pid;
                        current.start_ms = Some(at_ms);
                    }
                    s if s.is_terminal() => {
                        current.stop_ms = Some(at_ms);
                        current.return_code = return_code;
                        current.message = message;
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(view)
}

/// The ids of every task with a checkpoint under `root`, sorted.
pub fn task_ids(root: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root.join("checkpoints")) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = entries
        .filter_map(|entry| {
            let entry = entry.ok()?;
            entry.file_type().ok()?.is_dir().then_some(())?;
            entry.file_name().into_string().ok()
        })
        .collect();
    ids.sort();
    ids
}

/// The log file of a process's run (`None`: its latest run).
pub fn log_path(view: &TaskView, process: &str, run: Option<u32>, stderr: bool) -> Option<PathBuf> {
    let runs = view.processes.get(process)?;
    let run = match run {
        Some(run) => run,
        None => runs.last()?.run,
    };
    let sandbox = view.sandbox()?;
    let name = if stderr { "stderr" } else { "stdout" };
    Some(crate::records::log_dir(sandbox, process, run).join(name))
}
