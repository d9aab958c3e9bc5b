//! The refs the client leaves for the executor, bound as Thermos binds them when a task
//! starts: `{{mesos.instance}}`, `{{mesos.hostname}}`, `{{thermos.task_id}}`,
//! `{{thermos.user}}` and `{{thermos.ports[NAME]}}`.
//!
//! The client has already bound everything else and refused configs with other refs left, so
//! any other ref here means the data was not written by an Aurora client: the task fails
//! before a process starts. `{{&name}}` is Pystachio's escape for a literal `{{name}}`.

use std::collections::BTreeMap;

use aurora_api::thermos::Task;

/// What the executor knows when the task starts.
#[derive(Clone, Debug, Default)]
pub struct Bindings {
    pub instance: i32,
    pub hostname: String,
    pub task_id: String,
    pub user: String,
    pub ports: BTreeMap<String, u16>,
}

/// A ref in the task that the executor cannot bind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("Failed to interpolate task, missing: {{{{{0}}}}} (in {1}; the executor binds only mesos.instance, mesos.hostname, thermos.task_id, thermos.user and thermos.ports[NAME])")]
    Unbound(String, String),
    #[error("Task requires unbound port {0}! ({1} uses it; the ports assigned: {2})")]
    UnknownPort(String, String, String),
    #[error("unterminated `{{{{` in {0}")]
    Unterminated(String),
}

impl Bindings {
    /// The task with every executor ref bound; `Err` names the first ref it cannot bind.
    pub fn bind_task(&self, task: &Task) -> Result<Task, TemplateError> {
        let mut bound = task.clone();
        bound.name = self.bind(&task.name, "the task name")?;
        if let Some(user) = &task.user {
            bound.user = Some(self.bind(user, "the task user")?);
        }
        for (process, original) in bound.processes.iter_mut().zip(&task.processes) {
            process.name = self.bind(&original.name, "a process name")?;
            let place = format!("the cmdline of process `{}`", process.name);
            process.cmdline = self.bind(&original.cmdline, &place)?;
        }
        for constraint in &mut bound.constraints {
            for name in &mut constraint.order {
                *name = self.bind(name, "an order constraint")?;
            }
        }
        Ok(bound)
    }

    /// `text` with its refs bound; `place` says where it is, for errors.
    pub fn bind(&self, text: &str, place: &str) -> Result<String, TemplateError> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            out.push_str(&rest[..open]);
            let after = &rest[open + 2..];
            let Some(close) = after.find("}}") else {
                return Err(TemplateError::Unterminated(place.to_string()));
            };
            let inner = &after[..close];
            rest = &after[close + 2..];
            if let Some(escaped) = inner.strip_prefix('&') {
                out.push_str("{{");
                out.push_str(escaped);
                out.push_str("}}");
                continue;
            }
            out.push_str(&self.value_of(inner.trim(), place)?);
        }
        out.push_str(rest);
        Ok(out)
    }

    fn value_of(&self, reference: &str, place: &str) -> Result<String, TemplateError> {
        match reference {
            "mesos.instance" => return Ok(self.instance.to_string()),
            "mesos.hostname" => return Ok(self.hostname.clone()),
            "thermos.task_id" => return Ok(self.task_id.clone()),
            "thermos.user" => return Ok(self.user.clone()),
            _ => {}
        }
        let port = reference
            .strip_prefix("thermos.ports[")
            .and_then(|rest| rest.strip_suffix(']'));
        match port {
            Some(name) => match self.ports.get(name) {
                Some(number) => Ok(number.to_string()),
                None => {
                    let assigned: Vec<&str> = self.ports.keys().map(String::as_str).collect();
                    let assigned = if assigned.is_empty() {
                        "none".to_string()
                    } else {
                        assigned.join(", ")
                    };
                    Err(TemplateError::UnknownPort(
                        name.to_string(),
                        place.to_string(),
                        assigned,
                    ))
                }
            },
            None => Err(TemplateError::Unbound(
                reference.to_string(),
                place.to_string(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bindings() -> Bindings {
        Bindings {
            instance: 3,
            hostname: "agent-1".into(),
            task_id: "task-3".into(),
            user: "www-data".into(),
            ports: BTreeMap::from([("http".to_string(), 31337)]),
        }
    }

    #[test]
    fn executor_refs_are_bound() {
        let text = "./serve --port={{thermos.ports[http]}} --shard={{mesos.instance}} \
                    --host={{mesos.hostname}} --id={{ thermos.task_id }} --as={{thermos.user}}";
        assert_eq!(
            bindings().bind(text, "cmdline").unwrap(),
            "./serve --port=31337 --shard=3 --host=agent-1 --id=task-3 --as=www-data"
        );
    }

    #[test]
    fn an_escaped_ref_stays_literal() {
        assert_eq!(
            bindings()
                .bind("echo {{&mesos.instance}}", "cmdline")
                .unwrap(),
            "echo {{mesos.instance}}"
        );
    }

    #[test]
    fn refs_the_executor_cannot_bind_are_errors_that_say_where() {
        let error = bindings().bind("echo {{profile.name}}", "the cmdline of process `a`");
        assert_eq!(
            error.unwrap_err().to_string(),
            "Failed to interpolate task, missing: {{profile.name}} (in the cmdline of process \
             `a`; the executor binds only mesos.instance, mesos.hostname, thermos.task_id, \
             thermos.user and thermos.ports[NAME])"
        );
        let error = bindings().bind("{{thermos.ports[admin]}}", "the cmdline of process `a`");
        assert_eq!(
            error.unwrap_err().to_string(),
            "Task requires unbound port admin! (the cmdline of process `a` uses it; the ports \
             assigned: http)"
        );
        assert_eq!(
            bindings().bind("echo {{mesos", "x").unwrap_err(),
            TemplateError::Unterminated("x".into())
        );
    }
}
