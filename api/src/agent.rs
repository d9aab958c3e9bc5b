//! The messages an executor sends the agent that started it: the task's status updates, as a
//! Mesos executor sends them through its driver.
//!
//! The channel is a file of JSON lines: the agent passes `--status-file PATH` to
//! `aurora-executor run`, the executor appends one [`StatusUpdate`] per line and flushes it
//! before it acts on the next state, and the agent reads the lines as they come (a FIFO works
//! as well as a regular file). A line is complete when it ends with `\n`; a reader ignores a
//! last line without one, which a killed writer may leave.

use serde::{Deserialize, Serialize};

use crate::ScheduleStatus;

/// The states an executor reports, as Mesos' `TaskState` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskState {
    /// The processes are starting; not yet healthy.
    Starting,
    /// Healthy (or without health checks, started).
    Running,
    Finished,
    Failed,
    Killed,
    Lost,
}

impl TaskState {
    /// The scheduler's status for this state.
    pub fn schedule_status(self) -> ScheduleStatus {
        match self {
            TaskState::Starting => ScheduleStatus::STARTING,
            TaskState::Running => ScheduleStatus::RUNNING,
            TaskState::Finished => ScheduleStatus::FINISHED,
            TaskState::Failed => ScheduleStatus::FAILED,
            TaskState::Killed => ScheduleStatus::KILLED,
            TaskState::Lost => ScheduleStatus::LOST,
        }
    }

    /// Whether the task is over once this is reported.
    pub fn is_terminal(self) -> bool {
        !matches!(self, TaskState::Starting | TaskState::Running)
    }
}

/// One status update of one task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusUpdate {
    pub task_id: String,
    pub state: TaskState,
    /// Why, in words a user reads in `aurora job status` (may be empty).
    #[serde(default)]
    pub message: String,
    /// Milliseconds since the Unix epoch, when the executor saw the change.
    pub timestamp_ms: u64,
}

impl StatusUpdate {
    /// The update as one line of the channel, `\n` included.
    pub fn to_line(&self) -> String {
        let mut line = serde_json::to_string(self).expect("a status update always serializes");
        line.push('\n');
        line
    }

    /// Reads one line of the channel (with or without its `\n`).
    pub fn from_line(line: &str) -> Result<StatusUpdate, serde_json::Error> {
        serde_json::from_str(line.trim_end_matches('\n'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_update_is_one_json_line() {
        let update = StatusUpdate {
            task_id: "1-devcluster-www-data-prod-hello-0-abc".into(),
            state: TaskState::Failed,
            message: "Process hello failed".into(),
            timestamp_ms: 1_700_000_000_123,
        };
        let line = update.to_line();
        assert_eq!(
            line,
            "{\"task_id\":\"1-devcluster-www-data-prod-hello-0-abc\",\"state\":\"FAILED\",\
             \"message\":\"Process hello failed\",\"timestamp_ms\":1700000000123}\n"
        );
        assert_eq!(StatusUpdate::from_line(&line).unwrap(), update);
        assert_eq!(update.state.schedule_status(), ScheduleStatus::FAILED);
        assert!(update.state.is_terminal());
        assert!(!TaskState::Running.is_terminal());
    }

    #[test]
    fn an_unknown_state_is_refused() {
        let error = StatusUpdate::from_line(
            r#"{"task_id":"t","state":"EXPLODED","message":"","timestamp_ms":1}"#,
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("unknown variant `EXPLODED`"),
            "{error}"
        );
    }
}
