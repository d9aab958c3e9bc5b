//! The task to run, from what the executor is handed: an `AssignedTask` (Thrift binary as a
//! Mesos agent passes it, or canonical JSON), or the executor data JSON alone with the
//! instance, ports and task id given on the command line. Checked before anything starts:
//! bad input is an error that names the problem, never a half-started task.

use std::collections::{BTreeMap, BTreeSet};

use aurora_api::thermos::{ExecutorData, Task};
use aurora_api::AssignedTask;

use crate::plan::{order_cycle, predecessors};
use crate::template::Bindings;

/// More processes than any real task has; a task with more is refused before it starts.
pub const MAX_PROCESSES: usize = 1_000;
/// The longest cmdline accepted, in bytes.
pub const MAX_CMDLINE_BYTES: usize = 1 << 20;
/// The longest input accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 16 << 20;

/// Why a task cannot run; shown to the user, and the run exits 2.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("{0}")]
    Input(String),
    #[error(transparent)]
    Data(#[from] aurora_api::thermos::ExecutorDataError),
    #[error(transparent)]
    Template(#[from] crate::template::TemplateError),
    #[error("invalid task: {0}")]
    Invalid(String),
}

/// A task ready to run: its bound Thermos task and what the executor knows of it.
#[derive(Clone, Debug)]
pub struct TaskSpec {
    pub data: ExecutorData,
    /// `data.task` with the executor's refs bound.
    pub task: Task,
    pub bindings: Bindings,
}

/// Reads an `AssignedTask` in Thrift binary or, when it starts with `{`, canonical JSON.
pub fn assigned_task(bytes: &[u8]) -> Result<AssignedTask, SpecError> {
    check_size(bytes.len())?;
    let text_start = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if text_start == Some(&b'{') {
        let text = std::str::from_utf8(bytes)
            .map_err(|e| SpecError::Input(format!("the assigned task is not UTF-8: {e}")))?;
        aurora_api::from_canonical_json::<AssignedTask>(text)
            .map_err(|e| SpecError::Input(format!("the assigned task is not valid JSON: {e}")))
    } else {
        aurora_api::from_binary::<AssignedTask>(bytes).map_err(|e| {
            SpecError::Input(format!(
                "the assigned task is not valid Thrift binary: {e:?}"
            ))
        })
    }
}

fn check_size(bytes: usize) -> Result<(), SpecError> {
    if bytes > MAX_INPUT_BYTES {
        return Err(SpecError::Input(format!(
            "the input is {bytes} bytes; at most {MAX_INPUT_BYTES} are accepted"
        )));
    }
    Ok(())
}

impl TaskSpec {
    /// The task of an `AssignedTask`, bound with its task id, instance and ports.
    pub fn from_assigned(
        assigned: &AssignedTask,
        hostname: &str,
        user: &str,
    ) -> Result<TaskSpec, SpecError> {
        let executor = assigned
            .task
            .as_ref()
            .and_then(|task| task.executor_config.as_ref())
            .ok_or_else(|| SpecError::Input("the assigned task has no executorConfig".into()))?;
        if executor.name.as_deref() != Some("AuroraExecutor") {
            return Err(SpecError::Input(format!(
                "the assigned task is for executor {:?}; this is the AuroraExecutor",
                executor.name.as_deref().unwrap_or("")
            )));
        }
        let mut ports = BTreeMap::new();
        for (name, port) in assigned.assigned_ports.iter().flatten() {
            let port = u16::try_from(*port).map_err(|_| {
                SpecError::Input(format!("port {name} = {port} is not a port number"))
            })?;
            ports.insert(name.clone(), port);
        }
        let bindings = Bindings {
            instance: assigned.instance_id.unwrap_or(0),
            hostname: assigned
                .slave_host
                .clone()
                .filter(|host| !host.is_empty())
                .unwrap_or_else(|| hostname.to_string()),
            task_id: assigned.task_id.clone().unwrap_or_default(),
            user: user.to_string(),
            ports,
        };
        TaskSpec::from_data(executor.data.as_deref().unwrap_or(""), bindings)
    }

    /// The task of executor data JSON, bound with `bindings`.
    pub fn from_data(json: &str, mut bindings: Bindings) -> Result<TaskSpec, SpecError> {
        check_size(json.len())?;
        let data = ExecutorData::from_json(json)?;
        if bindings.task_id.is_empty() {
            return Err(SpecError::Input("the task has no task id".into()));
        }
        check_name("task id", &bindings.task_id)?;
        if bindings.user.is_empty() {
            bindings.user = data.role.clone();
        }
        let task = bindings.bind_task(&data.task)?;
        validate(&task)?;
        Ok(TaskSpec {
            data,
            task,
            bindings,
        })
    }
}

/// A name used as a path component: a process name (`.logs/NAME/`) or a task id.
fn check_name(what: &str, name: &str) -> Result<(), SpecError> {
    let problem = if name.is_empty() {
        Some("is empty")
    } else if name == "." || name == ".." {
        Some("is not a file name")
    } else if name.contains('/') {
        Some("contains `/`")
    } else if name.contains('\0') {
        Some("contains a NUL byte")
    } else if name.len() > 255 {
        Some("is longer than 255 bytes")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(SpecError::Invalid(format!("{what} {name:?} {problem}"))),
        None => Ok(()),
    }
}

/// Thermos' own checks of a bound task.
fn validate(task: &Task) -> Result<(), SpecError> {
    if task.processes.is_empty() {
        return Err(SpecError::Invalid(format!(
            "task {:?} has no processes",
            task.name
        )));
    }
    if task.processes.len() > MAX_PROCESSES {
        return Err(SpecError::Invalid(format!(
            "task {:?} has {} processes; at most {MAX_PROCESSES} are supported",
            task.name,
            task.processes.len()
        )));
    }
    let mut names = BTreeSet::new();
    for process in &task.processes {
        check_name("process name", &process.name)?;
        if !names.insert(process.name.clone()) {
            return Err(SpecError::Invalid(format!(
                "two processes are named {:?}",
                process.name
            )));
        }
        if process.cmdline.len() > MAX_CMDLINE_BYTES {
            return Err(SpecError::Invalid(format!(
                "the cmdline of process {:?} is {} bytes; at most {MAX_CMDLINE_BYTES} are supported",
                process.name,
                process.cmdline.len()
            )));
        }
        if process.max_failures < 0 {
            return Err(SpecError::Invalid(format!(
                "process {:?} has max_failures {}; it must be 0 (retry forever) or more",
                process.name, process.max_failures
            )));
        }
    }
    for constraint in &task.constraints {
        for name in &constraint.order {
            if !names.contains(name) {
                return Err(SpecError::Invalid(format!(
                    "an order constraint names process {name:?}, which is not in the task"
                )));
            }
        }
    }
    if let Some(cycle) = order_cycle(&predecessors(&task.constraints, &names)) {
        return Err(SpecError::Invalid(format!(
            "the order constraints form a cycle through {}",
            cycle.join(", ")
        )));
    }
    for (what, value) in [
        ("max_failures", task.max_failures),
        ("max_concurrency", task.max_concurrency),
        ("finalization_wait", task.finalization_wait),
    ] {
        if value < 0 {
            return Err(SpecError::Invalid(format!(
                "task {what} is {value}; it must not be negative"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(processes: &str, constraints: &str) -> String {
        format!(
            r#"{{"name":"j","role":"www-data","cluster":"c","environment":"prod",
            "task":{{"name":"t","processes":[{processes}],"constraints":[{constraints}]}}}}"#
        )
    }

    fn bindings() -> Bindings {
        Bindings {
            task_id: "task-0".into(),
            ..Bindings::default()
        }
    }

    fn error(processes: &str, constraints: &str) -> String {
        TaskSpec::from_data(&data(processes, constraints), bindings())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_valid_task_is_bound_and_the_user_defaults_to_the_role() {
        let spec = TaskSpec::from_data(
            &data(r#"{"name":"a","cmdline":"echo {{thermos.task_id}}"}"#, ""),
            bindings(),
        )
        .unwrap();
        assert_eq!(spec.task.processes[0].cmdline, "echo task-0");
        assert_eq!(spec.bindings.user, "www-data");
    }

    #[test]
    fn hostile_tasks_are_refused_with_what_is_wrong() {
        assert_eq!(
            error(r#"{"name":"../x","cmdline":"true"}"#, ""),
            r#"invalid task: process name "../x" contains `/`"#
        );
        assert_eq!(
            error(r#"{"name":"..","cmdline":"true"}"#, ""),
            r#"invalid task: process name ".." is not a file name"#
        );
        assert_eq!(
            error(
                r#"{"name":"a","cmdline":"x"},{"name":"a","cmdline":"y"}"#,
                ""
            ),
            r#"invalid task: two processes are named "a""#
        );
        assert_eq!(
            error(
                r#"{"name":"a","cmdline":"x"},{"name":"b","cmdline":"y"}"#,
                r#"{"order":["a","b"]},{"order":["b","a"]}"#
            ),
            "invalid task: the order constraints form a cycle through a, b"
        );
        assert_eq!(
            error(r#"{"name":"a","cmdline":"x"}"#, r#"{"order":["a","zz"]}"#),
            r#"invalid task: an order constraint names process "zz", which is not in the task"#
        );
        assert_eq!(error("", ""), r#"invalid task: task "t" has no processes"#);
        let many: Vec<String> = (0..=MAX_PROCESSES)
            .map(|i| format!(r#"{{"name":"p{i}","cmdline":"true"}}"#))
            .collect();
        assert_eq!(
            error(&many.join(","), ""),
            r#"invalid task: task "t" has 1001 processes; at most 1000 are supported"#
        );
        let long = format!(
            r#"{{"name":"a","cmdline":"{}"}}"#,
            "x".repeat(MAX_CMDLINE_BYTES + 1)
        );
        assert!(error(&long, "").contains("the cmdline of process \"a\" is 1048577 bytes"));
        assert!(error(r#"{"name":"a","cmdline":5}"#, "").contains("invalid type: integer `5`"));
    }
}
