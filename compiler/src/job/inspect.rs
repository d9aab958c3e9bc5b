//! `aurora job inspect`'s human listing of a compiled job.

use crate::pystachio::{Object, PyValue};

use super::select::field_text;
use super::{py_str, CompiledJob, JobError};

fn get(object: &Object, field: &str) -> Result<PyValue, JobError> {
    match object.field(field).map_err(JobError::from)? {
        Some(value) => value.get().map_err(JobError::from),
        None => Ok(PyValue::Empty),
    }
}

impl CompiledJob {
    /// The listing `aurora job inspect` prints without `--write-json`: the job's key fields,
    /// its task and each process's command line.
    pub fn inspect_listing(&self) -> Result<String, JobError> {
        let job = &self.raw;
        let mut out = String::new();
        let mut line = |indent: usize, text: &str| {
            out.push_str(&" ".repeat(indent));
            out.push_str(text);
            out.push('\n');
        };
        line(0, "Job level information");
        line(2, &format!("name:       '{}'", field_text(job, "name")?));
        line(2, &format!("role:       '{}'", field_text(job, "role")?));
        if job.has_field("contact").map_err(JobError::from)? {
            line(2, &format!("contact:    '{}'", field_text(job, "contact")?));
        }
        line(2, &format!("cluster:    '{}'", field_text(job, "cluster")?));
        line(
            2,
            &format!("instances:  '{}'", field_text(job, "instances")?),
        );
        if job.has_field("cron_schedule").map_err(JobError::from)? {
            line(2, "cron:");
            line(
                4,
                &format!("schedule: '{}'", field_text(job, "cron_schedule")?),
            );
            line(
                4,
                &format!("policy:   '{}'", field_text(job, "cron_collision_policy")?),
            );
        }
        if job.has_field("constraints").map_err(JobError::from)? {
            line(2, "constraints:");
            if let PyValue::Dict(entries) = get(job, "constraints")? {
                for (name, value) in entries {
                    line(4, &format!("'{}': '{}'", py_str(&name), py_str(&value)));
                }
            }
        }
        if job.has_field("partition_policy").map_err(JobError::from)? {
            let policy = job.field("partition_policy").map_err(JobError::from)?;
            if let Some(policy) = policy {
                line(2, "partition_policy:");
                line(
                    4,
                    &format!("reschedule: {}", field_text(&policy, "reschedule")?),
                );
                line(
                    4,
                    &format!("delay_secs: '{}'", field_text(&policy, "delay_secs")?),
                );
            }
        }
        let is_service = self
            .configuration
            .task_config
            .as_ref()
            .and_then(|t| t.is_service)
            .unwrap_or(false);
        line(
            2,
            &format!("service:    {}", if is_service { "True" } else { "False" }),
        );
        let production = get(job, "production")?.is_truthy();
        line(
            2,
            &format!("production: {}", if production { "True" } else { "False" }),
        );
        line(0, "");

        let task = job
            .field("task")
            .map_err(JobError::from)?
            .ok_or_else(|| JobError::loading("type object 'Empty' has no attribute 'name'"))?;
        line(0, "Task level information");
        line(2, &format!("name: '{}'", field_text(&task, "name")?));
        if let PyValue::List(constraints) = get(&task, "constraints")? {
            if !constraints.is_empty() {
                line(2, "constraints:");
                for constraint in &constraints {
                    let order = match constraint {
                        PyValue::Dict(entries) => entries
                            .iter()
                            .find(|(k, _)| k.as_str() == Some("order"))
                            .map(|(_, v)| match v {
                                PyValue::List(names) => {
                                    names.iter().map(py_str).collect::<Vec<_>>().join(" < ")
                                }
                                _ => String::new(),
                            })
                            .unwrap_or_default(),
                        _ => String::new(),
                    };
                    line(2, &order);
                }
            }
        }
        line(0, "");

        let processes = match task.field("processes").map_err(JobError::from)? {
            Some(list) => list.iter().map_err(JobError::from)?,
            None => Vec::new(),
        };
        for process in &processes {
            line(0, &format!("Process '{}':", field_text(process, "name")?));
            for flag in ["daemon", "ephemeral", "final"] {
                if get(process, flag)?.is_truthy() {
                    line(2, flag);
                }
            }
            line(2, "cmdline:");
            let cmdline = py_str(&get(process, "cmdline")?);
            for cmd in python_splitlines(&cmdline) {
                line(4, cmd);
            }
            line(0, "");
        }
        Ok(out)
    }
}

/// `str.splitlines()`: lines split at `\n`, `\r\n` and `\r`, without the line breaks.
fn python_splitlines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(['\n', '\r']) {
            Some(i) => {
                lines.push(&rest[..i]);
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
            }
            None => {
                lines.push(rest);
                break;
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::python_splitlines;

    #[test]
    fn splitlines_like_python() {
        assert_eq!(python_splitlines("a\nb\r\nc\rd\n"), ["a", "b", "c", "d"]);
        assert_eq!(python_splitlines("\n  x\n"), ["", "  x"]);
        assert!(python_splitlines("").is_empty());
    }
}
