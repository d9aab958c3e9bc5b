//! Picking the job a job key names out of a config's `jobs` list, as the Aurora client's
//! `AuroraConfig.pick` does, with its messages.

use crate::config::JobKey;
use crate::pystachio::Object;

use super::{py_message, JobError};

/// What `str(job.field())` gives: the raw text, or Python's name of the `Empty` class.
pub(super) fn field_text(job: &Object, field: &str) -> Result<String, JobError> {
    match job
        .field(field)
        .map_err(|e| JobError::loading(py_message(&e)))?
    {
        Some(value) => value.str().map_err(|e| JobError::loading(py_message(&e))),
        None => Ok(EMPTY_CLASS.into()),
    }
}

/// `str(Empty)`: pystachio's `Empty` is a class.
pub(super) const EMPTY_CLASS: &str = "<class 'pystachio.composite.Empty'>";

/// The one job of `jobs` (each already bound to the `--bind` values) whose key is `key`.
pub(super) fn pick(jobs: &[Object], key: &JobKey) -> Result<Object, JobError> {
    if jobs.is_empty() {
        return Err(JobError::loading("No job defined in this config!"));
    }
    let mut described = Vec::with_capacity(jobs.len());
    let mut matches = Vec::new();
    for job in jobs {
        let cluster = field_text(job, "cluster")?;
        let role = field_text(job, "role")?;
        let environment = field_text(job, "environment")?;
        let name = field_text(job, "name")?;
        let has_environment = job.field("environment").ok().flatten().is_some();
        if cluster == key.cluster
            && role == key.role
            && environment == key.environment
            && name == key.name
        {
            matches.push(job.clone());
        }
        described.push((cluster, role, has_environment.then_some(environment), name));
    }
    let candidates = || {
        let lines: Vec<String> = described
            .iter()
            .map(|(cluster, role, environment, name)| {
                let environment = environment.as_deref().unwrap_or("{MISSING}");
                format!("  {cluster}/{role}/{environment}/{name}")
            })
            .collect();
        format!("Candidates are:\n{}", lines.join("\n"))
    };
    match matches.len() {
        1 => Ok(matches.remove(0)),
        0 => {
            let mut message = format!("Could not find job {key}\n");
            for (cluster, role, environment, name) in &described {
                if environment.is_none() {
                    message.push_str(&format!(
                        "Job {cluster}/{role}/{{MISSING}}/{name} in configuration file doesn't specify an environment\n"
                    ));
                }
            }
            message.push_str(&candidates());
            Err(JobError::loading(message))
        }
        _ => Err(JobError::loading(format!(
            "Multiple jobs match, please disambiguate by specifying a job key.\n{}",
            candidates()
        ))),
    }
}
