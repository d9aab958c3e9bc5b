//! The checks the Aurora client runs on a picked job before it converts it: required
//! fields (`AuroraConfig.validate_job`), the update and health-check settings, the announcer's
//! ports (`validate_config`), and the deprecated `production` flag. Each failure carries the
//! client's own text.

use std::collections::{BTreeMap, BTreeSet};

use aurora_dsl::Span;

use crate::pystachio::{Object, PyValue};

use super::select::field_text;
use super::thermos::task_ports;
use super::{py_str, JobError};

fn has(object: &Object, field: &str) -> Result<bool, JobError> {
    object.has_field(field).map_err(JobError::from)
}

/// `job.field()`, or `None` for `Empty`.
fn field(object: &Object, name: &str) -> Result<Option<Object>, JobError> {
    object.field(name).map_err(JobError::from)
}

/// `job.field().get()`.
fn get(object: &Object, name: &str) -> Result<(PyValue, Option<Span>), JobError> {
    match field(object, name)? {
        Some(value) => Ok((value.get().map_err(JobError::from)?, value.origin())),
        None => Err(JobError::loading(
            "type object 'Empty' has no attribute 'get'",
        )),
    }
}

/// `AuroraConfig.validate_job`: a job needs a cluster, a task and a role, and its task
/// processes.
pub(super) fn validate_job(job: &Object) -> Result<(), JobError> {
    for required in ["cluster", "task", "role"] {
        if !has(job, required)? {
            let name = field_text(job, "name")?;
            let mut capitalized = required.to_string();
            capitalized[..1].make_ascii_uppercase();
            return Err(
                JobError::invalid(format!("{capitalized} required for job \"{name}\""))
                    .at(job.origin(), required),
            );
        }
    }
    // `job.task()` interpolates the task: a value that cannot be coerced fails here, as
    // in the client, before any later check.
    let task = field(job, "task")?.expect("has_task() was checked");
    if !has(&task, "processes")? {
        let name = field_text(job, "name")?;
        return Err(
            JobError::invalid(format!("Processes required for task on job \"{name}\""))
                .at(task.origin(), "task.processes"),
        );
    }
    Ok(())
}

/// A number as Python 2 compares it; text (an unresolved template) sorts above every
/// number there, so it passes every `< 0` and `>= n` check below.
fn number(value: &PyValue) -> Option<f64> {
    match value {
        PyValue::Int(i) => Some(*i as f64),
        PyValue::Float(f) => Some(*f),
        PyValue::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// `_validate_update_config`: failures and watch times against the job's size.
pub(super) fn validate_update_config(job: &Object) -> Result<(), JobError> {
    let (job_size, _) = get(job, "instances")?;
    let update_config = field(job, "update_config")?;
    let health_check = field(job, "health_check_config")?;
    let (Some(update_config), Some(health_check)) = (update_config, health_check) else {
        return Ok(());
    };
    let (max_failures, max_failures_at) = get(&update_config, "max_total_failures")?;
    if let (Some(max), Some(size)) = (number(&max_failures), number(&job_size)) {
        if max >= size {
            return Err(JobError::fatal(format!(
                "max_total_failures in update_config must be lesser than the job size.\n\
                 Based on your job size ({}) you should use max_total_failures <= {}.",
                py_str(&job_size),
                py_str(&subtract_one(&job_size))
            ))
            .at(max_failures_at, "update_config.max_total_failures"));
        }
        if is_dedicated(job)? {
            let threshold = (size * 0.02).floor();
            if max < threshold {
                return Err(JobError::fatal(format!(
                    "Since this is a dedicated job, you must set your max_total_failures in\n\
                     your update configuration to no less than 2% of your job size.\n\
                     Based on your job size ({}) you should use max_total_failures >= {}.",
                    py_str(&job_size),
                    threshold as i64
                ))
                .at(max_failures_at, "update_config.max_total_failures"));
            }
        }
    }
    let checks = [
        (&update_config, "watch_secs", "update_config"),
        (
            &health_check,
            "max_consecutive_failures",
            "health_check_config",
        ),
        (
            &health_check,
            "min_consecutive_successes",
            "health_check_config",
        ),
        (
            &health_check,
            "initial_interval_secs",
            "health_check_config",
        ),
        (&health_check, "interval_secs", "health_check_config"),
    ];
    for (object, name, parent) in checks {
        let (value, origin) = get(object, name)?;
        if number(&value).is_some_and(|n| n < 0.0) {
            return Err(JobError::fatal(format!(
                "Invalid value ({}) specified for {name}. Value cannot be less than 0.",
                py_str(&value)
            ))
            .at(origin, &format!("{parent}.{name}")));
        }
    }
    Ok(())
}

fn subtract_one(value: &PyValue) -> PyValue {
    match value {
        PyValue::Int(i) => PyValue::Int(i - 1),
        PyValue::Float(f) => PyValue::Float(f - 1.0),
        other => other.clone(),
    }
}

/// `AuroraConfig.is_dedicated`: the job has a `dedicated` constraint.
pub(super) fn is_dedicated(job: &Object) -> Result<bool, JobError> {
    if !has(job, "constraints")? {
        return Ok(false);
    }
    match field(job, "constraints")? {
        Some(constraints) => constraints
            .contains(&"dedicated".into())
            .map_err(JobError::from),
        None => Ok(false),
    }
}

/// A port of an announcer's portmap: a number, or the name of another port.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Port {
    Number(i64),
    Name(String),
}

/// Python's `int(text)` for the texts a portmap holds.
pub(super) fn python_int(text: &str) -> Option<i64> {
    let trimmed = text.trim();
    let digits = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    trimmed.parse().ok()
}

/// `PortResolver.resolve`: every name of the portmap followed to a number or to a name
/// the portmap does not define.
fn resolve_portmap(portmap: &[(PyValue, PyValue)]) -> Result<BTreeMap<String, Port>, JobError> {
    let mut ports = BTreeMap::new();
    for (name, port) in portmap {
        let PyValue::Str(name) = name else {
            return Err(JobError::loading("All portmap keys must be strings!"));
        };
        let port = match port {
            PyValue::Int(n) => Port::Number(*n),
            PyValue::Str(s) => {
                python_int(s).map_or_else(|| Port::Name(s.to_string()), Port::Number)
            }
            _ => {
                return Err(JobError::loading(
                    "All portmap values must be strings or integers!",
                ))
            }
        };
        ports.insert(name.to_string(), port);
    }
    let mut resolved = BTreeMap::new();
    for (name, start) in &ports {
        let mut visited = BTreeSet::new();
        let mut root = start.clone();
        while let Port::Name(next) = &root {
            let Some(target) = ports.get(next) else { break };
            visited.insert(next.clone());
            if let Port::Name(target_name) = target {
                if visited.contains(target_name) {
                    return Err(JobError::loading("Found cycle in portmap!"));
                }
            }
            root = target.clone();
        }
        resolved.insert(name.clone(), root);
    }
    Ok(resolved)
}

/// `AuroraConfig.ports()`: the named ports the scheduler must allocate: those the task
/// refers to and the announcer's portmap does not pin to a number.
pub(super) fn job_ports(job: &Object) -> Result<BTreeSet<String>, JobError> {
    let task = field(job, "task")?;
    let referenced = match &task {
        Some(task) => task_ports(task)?,
        None => BTreeSet::new(),
    };
    let portmap = announce_portmap(job)?;
    let announce_origin = field(job, "announce")?.and_then(|a| a.origin());
    let resolved =
        resolve_portmap(&portmap).map_err(|e| e.at(announce_origin, "announce.portmap"))?;
    let mut ports: BTreeSet<String> = resolved
        .values()
        .filter_map(|port| match port {
            Port::Name(name) => Some(name.clone()),
            Port::Number(_) => None,
        })
        .collect();
    for name in referenced {
        match resolved.get(&name) {
            Some(Port::Number(_)) => {}
            Some(Port::Name(target)) => {
                ports.insert(target.clone());
            }
            None => {
                ports.insert(name);
            }
        }
    }
    Ok(ports)
}

fn announce_portmap(job: &Object) -> Result<Vec<(PyValue, PyValue)>, JobError> {
    if !has(job, "announce")? {
        return Ok(Vec::new());
    }
    let announce = field(job, "announce")?.expect("has_announce() was checked");
    match get(&announce, "portmap")?.0 {
        PyValue::Dict(entries) => Ok(entries),
        _ => Ok(Vec::new()),
    }
}

/// `_validate_announce_configuration`: a warning when the primary port is used nowhere;
/// static port numbers only on dedicated machines.
pub(super) fn validate_announce(
    job: &Object,
    warnings: &mut Vec<JobError>,
) -> Result<(), JobError> {
    if !has(job, "announce")? {
        return Ok(());
    }
    let announce = field(job, "announce")?.expect("has_announce() was checked");
    let (primary_port, primary_at) = get(&announce, "primary_port")?;
    let primary_port = py_str(&primary_port);
    let portmap = announce_portmap(job)?;
    let in_portmap = portmap
        .iter()
        .any(|(k, _)| k.as_str() == Some(primary_port.as_str()));
    if !job_ports(job)?.contains(&primary_port) && !in_portmap {
        warnings.push(
            JobError::warning(format!(
                "Announcer specified primary port as '{primary_port}' but no processes have bound that port.\n\
                 If you would like to utilize this port, you should listen on {{{{thermos.ports[{primary_port}]}}}}\n\
                 from some Process bound to your task."
            ))
            .at(primary_at.or(announce.origin()), "announce.primary_port"),
        );
    }
    if !is_dedicated(job)? {
        for (_, port) in &portmap {
            let is_number = match port {
                PyValue::Int(_) => true,
                PyValue::Str(s) => python_int(s).is_some(),
                _ => false,
            };
            if is_number {
                return Err(JobError::loading(
                    "Job must be dedicated in order to specify static ports!",
                )
                .at(announce.origin(), "announce.portmap"));
            }
        }
    }
    Ok(())
}

/// `_validate_deprecated_config`: `production` without a `tier` still works, with a warning.
pub(super) fn deprecated_production(job: &Object) -> Result<Option<JobError>, JobError> {
    let (production, origin) = get(job, "production")?;
    let production = matches!(production, PyValue::Bool(true))
        || matches!(production, PyValue::Int(i) if i != 0);
    if production && !has(job, "tier")? {
        return Ok(Some(
            JobError::warning(
                "Job configuration attribute 'production' is deprecated.\n\
                 Use 'tier' attribute instead. For more information please refer to\n\
                 http://aurora.apache.org/documentation/latest/reference/configuration/#job-objects",
            )
            .at(origin, "production"),
        ));
    }
    Ok(None)
}

/// Processes that share a name: Aurora accepts them, but Thermos keys processes by name
/// (plans, checkpoints, the observer), so only one of them behaves as written.
pub(super) fn duplicate_process_names(job: &Object) -> Result<Vec<JobError>, JobError> {
    // Names as written (a templated name counts by its template): cheap, no interpolation.
    let processes = job
        .struct_field_raw("task")
        .and_then(|task| task.struct_field_raw("processes"));
    let Some(processes) = processes else {
        return Ok(Vec::new());
    };
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut warnings = Vec::new();
    for (i, process) in processes.list_items().iter().enumerate() {
        let Some(name) = process.struct_field_raw("name") else {
            continue;
        };
        let name_text = name.str().map_err(JobError::from)?;
        if let Some(first) = seen.get(&name_text) {
            warnings.push(
                JobError::warning(format!(
                    "processes {first} and {i} of the task are both named '{name_text}': \
                     Aurora accepts this, but Thermos tracks processes by name, so only one \
                     of them will run as written"
                ))
                .at(
                    name.origin().or(process.origin()),
                    &format!("task.processes[{i}].name"),
                ),
            );
        } else {
            seen.insert(name_text, i);
        }
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::python_int;

    #[test]
    fn python_int_accepts_what_python_does() {
        assert_eq!(python_int("8080"), Some(8080));
        assert_eq!(python_int(" -3 "), Some(-3));
        assert_eq!(python_int("+7"), Some(7));
        assert_eq!(python_int("http"), None);
        assert_eq!(python_int("1.5"), None);
        assert_eq!(python_int(""), None);
    }
}
