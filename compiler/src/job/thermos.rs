//! Thermos' own checks of a task, which the Aurora client runs before it sends a job:
//! process names, a full type check, a schedulable plan, and no refs left unbound once the
//! executor's values are in (`ThermosTaskValidator`), plus the `{{thermos.ports[...]}}`
//! references a task makes (`PortExtractor`).

use std::collections::{BTreeMap, BTreeSet};

use crate::bridge::schema_type;
use crate::pystachio::{Component, Kwarg, Object, PyValue, Ref};

use super::{py_message, JobError};

/// Why Thermos rejects a task; the text is Thermos' message.
#[derive(Debug)]
pub(super) struct InvalidTask {
    pub message: String,
    pub origin: Option<aurora_dsl::Span>,
    /// Inside the task, e.g. `.processes[0].name`.
    pub path: Option<String>,
    /// Refs left unbound, with where their text was written.
    pub unbound: Vec<(Ref, Option<aurora_dsl::Span>)>,
}

impl InvalidTask {
    fn new(message: impl Into<String>) -> InvalidTask {
        InvalidTask {
            message: message.into(),
            origin: None,
            path: None,
            unbound: Vec::new(),
        }
    }
}

fn py(e: crate::pystachio::Error) -> InvalidTask {
    InvalidTask::new(py_message(&e))
}

/// The port names a task, process or job refers to as `{{thermos.ports[NAME]}}`, in the
/// order the unbound refs come.
pub(super) fn referenced_ports(object: &Object) -> Result<Vec<String>, JobError> {
    let (_, unbound) = object.interpolate().map_err(JobError::from)?;
    let scope = ports_scope();
    let mut ports = Vec::new();
    for r in unbound {
        if let Some(sub) = scope.subscope(&r) {
            match sub.action() {
                Some(Component::Index(name)) => ports.push(name.to_string()),
                _ => {
                    return Err(JobError::loading(format!(
                        "Bad port specification \"{}\" (should be of form \"thermos.ports[name]\"",
                        r.address()
                    )))
                }
            }
        }
    }
    Ok(ports)
}

pub(super) fn ports_scope() -> Ref {
    Ref::from_address("thermos.ports").expect("`thermos.ports` is a valid address")
}

/// `ThermosTaskWrapper(task, strict=False).ports()`: the ports the task's processes use.
pub(super) fn task_ports(task: &Object) -> Result<BTreeSet<String>, JobError> {
    if !task.contains_text("{{&") {
        // Without `{{&escapes}}` (which each pass turns into live refs) interpolating again
        // changes nothing: one pass over the processes finds what the client's four find.
        let Some(processes) = task.struct_field_raw("processes") else {
            return Ok(BTreeSet::new());
        };
        return Ok(referenced_ports(processes)?.into_iter().collect());
    }
    let (task, _) = task.interpolate().map_err(JobError::from)?;
    let mut ports = BTreeSet::new();
    if task.has_field("processes").unwrap_or(false) {
        let processes = task.field("processes").map_err(JobError::from)?;
        for process in processes
            .map(|p| p.iter())
            .transpose()
            .map_err(JobError::from)?
            .unwrap_or_default()
        {
            ports.extend(referenced_ports(&process)?);
        }
    }
    Ok(ports)
}

/// `ThermosTaskValidator.assert_valid_task`.
pub(super) fn assert_valid_task(task: &Object) -> Result<(), InvalidTask> {
    let processes = processes(task)?;
    for process in &processes {
        let name = process_attr(process, "name")?;
        let name = name.as_str().unwrap_or_default();
        if !valid_process_name(name) {
            let mut invalid = InvalidTask::new(format!(
                "Task has invalid process: Invalid process name: {name}"
            ));
            invalid.origin = process
                .field("name")
                .ok()
                .flatten()
                .and_then(|n| n.origin());
            return Err(invalid);
        }
    }
    let check = task.check().map_err(py)?;
    if !check.ok {
        return Err(InvalidTask {
            message: format!("Failed to fully evaluate task: {}", check.message),
            origin: check.origin,
            path: Some(crate::pystachio::render_path(&check.path)),
            unbound: Vec::new(),
        });
    }
    for is_final in [false, true] {
        plan(task, &processes, is_final)
            .map_err(|e| InvalidTask::new(format!("Task has invalid plan: {e}")))?;
    }
    assert_all_refs_bound(task)
}

fn processes(task: &Object) -> Result<Vec<Object>, InvalidTask> {
    match task.field("processes").map_err(py)? {
        Some(list) => list.iter().map_err(py),
        None => Ok(Vec::new()),
    }
}

fn process_attr(process: &Object, field: &str) -> Result<PyValue, InvalidTask> {
    match process.field(field).map_err(py)? {
        Some(value) => value.get().map_err(py),
        None => Err(InvalidTask::new(format!(
            "AttributeError: type object 'Empty' has no attribute 'get' (process {field})"
        ))),
    }
}

/// At least one character, no `/`, and not starting with `.`.
fn valid_process_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains('/')
}

/// `TaskPlanner(task, process_filter=final is is_final)`: the ordering constraints among
/// those processes must be consistent and acyclic.
fn plan(task: &Object, processes: &[Object], is_final: bool) -> Result<(), String> {
    struct Attributes {
        daemon: bool,
        ephemeral: bool,
    }
    let mut selected: BTreeMap<String, Attributes> = BTreeMap::new();
    for process in processes {
        let attr = |field| process_attr(process, field).map_err(|e| e.message);
        if attr("final")?.is_truthy() != is_final {
            continue;
        }
        let name = attr("name")?.as_str().unwrap_or_default().to_string();
        let attributes = Attributes {
            daemon: attr("daemon")?.is_truthy(),
            ephemeral: attr("ephemeral")?.is_truthy(),
        };
        selected.insert(name, attributes);
    }
    let mut dependencies: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let constraints = match task.field("constraints").map_err(|e| py_message(&e))? {
        Some(list) => list.get().map_err(|e| py_message(&e))?,
        None => PyValue::List(Vec::new()),
    };
    let PyValue::List(constraints) = constraints else {
        return Ok(());
    };
    for constraint in &constraints {
        let order: Vec<String> = match constraint {
            PyValue::Dict(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some("order"))
                .map(|(_, v)| match v {
                    PyValue::List(names) => names
                        .iter()
                        .filter_map(|n| n.as_str().map(str::to_string))
                        .collect(),
                    _ => Vec::new(),
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let inside = order
            .iter()
            .filter(|n| selected.contains_key(n.as_str()))
            .count();
        let subset = inside == order.len();
        let disjoint = inside == 0;
        if subset == disjoint {
            return Err("Invalid process dependencies!".into());
        }
        if !subset {
            continue;
        }
        for pair in order.windows(2) {
            let (before, after) = (&pair[0], &pair[1]);
            let (b, a) = (&selected[before.as_str()], &selected[after.as_str()]);
            if b.daemon {
                return Err(format!(
                    "Process {after} may not depend upon daemon process {before}"
                ));
            }
            if !a.ephemeral && b.ephemeral {
                return Err(format!(
                    "Non-ephemeral process {after} may not depend upon ephemeral process {before}"
                ));
            }
            let (after, before) = selected
                .get_key_value(after.as_str())
                .zip(selected.get_key_value(before.as_str()))
                .map(|((a, _), (b, _))| (a.as_str(), b.as_str()))
                .expect("both names were just found");
            dependencies.entry(after).or_default().insert(before);
        }
    }
    // Peel off processes with no unmet dependencies until none are left (or none can go).
    let mut remaining: BTreeSet<&str> = selected.keys().map(String::as_str).collect();
    loop {
        let runnable: Vec<&str> = remaining
            .iter()
            .copied()
            .filter(|p| {
                dependencies
                    .get(p)
                    .is_none_or(|d| d.iter().all(|x| !remaining.contains(x)))
            })
            .collect();
        if runnable.is_empty() {
            break;
        }
        for p in runnable {
            remaining.remove(p);
        }
    }
    if remaining.is_empty() {
        Ok(())
    } else {
        Err("Cycles detected in the task schedule!".into())
    }
}

/// Binds what the executor will provide (a task id, a user, a number for every referenced
/// port) and requires that nothing is left unbound: a ref left over is nested templating
/// such as `{{array[{{mesos.instance}}]}}`, which Thermos cannot resolve.
fn assert_all_refs_bound(task: &Object) -> Result<(), InvalidTask> {
    let ports = referenced_ports(task).map_err(|e| InvalidTask::new(e.message))?;
    let context_type = schema_type("ThermosContext").ok_or_else(|| {
        InvalidTask::new("the schema has no ThermosContext (a bug of this program)")
    })?;
    // Thermos draws random numbers in 30000..40000; which ones cannot matter here.
    let port_numbers: Vec<(PyValue, PyValue)> = ports
        .iter()
        .enumerate()
        .map(|(i, name)| (PyValue::from(name.as_str()), PyValue::Int(30000 + i as i64)))
        .collect();
    let context = context_type
        .call(
            &[],
            &[
                Kwarg::new("task_id", "dummy_task_id"),
                Kwarg::new("user", "dummy_user"),
                Kwarg::new("ports", PyValue::Dict(port_numbers)),
            ],
        )
        .map_err(py)?;
    let scope = PyValue::Dict(vec![("thermos".into(), PyValue::Object(context))]);
    let (_, unbound) = task
        .percent(&scope)
        .and_then(|t| t.interpolate())
        .map_err(py)?;
    if unbound.is_empty() {
        return Ok(());
    }
    let refs: Vec<String> = unbound.iter().map(ToString::to_string).collect();
    let mut invalid = InvalidTask::new(format!(
        "Unexpected unbound refs: {}. Make sure you are not nesting template variables.",
        refs.join(" ")
    ));
    invalid.unbound = unbound
        .iter()
        .map(|r| (r.clone(), task.origin_of_text(&r.to_string())))
        .collect();
    invalid.origin = invalid.unbound.iter().find_map(|(_, span)| *span);
    Err(invalid)
}

#[cfg(test)]
mod tests {
    use super::valid_process_name;

    #[test]
    fn process_names_follow_thermos_rules() {
        assert!(valid_process_name("hello"));
        assert!(valid_process_name("a.b c"));
        assert!(!valid_process_name(""));
        assert!(!valid_process_name(".hidden"));
        assert!(!valid_process_name("a/b"));
    }
}
