//! Picking the job a job key names out of a config's `jobs` list, as the Aurora client's
//! `AuroraConfig.pick` does, with its messages.

use crate::config::JobKey;
use crate::pystachio::Object;

use super::JobError;

/// What `str(job.field())` gives: the raw text, or Python's name of the `Empty` class.
pub(super) fn field_text(job: &Object, field: &str) -> Result<String, JobError> {
    match job.field(field).map_err(JobError::from)? {
        Some(value) => value.str().map_err(JobError::from),
        None => Ok(EMPTY_CLASS.into()),
    }
}

/// `str(Empty)`: pystachio's `Empty` is a class.
pub(super) const EMPTY_CLASS: &str = "<class 'pystachio.composite.Empty'>";

/// A config's `jobs`, each bound to the `--bind` values, with the text of its key fields as
/// the client compares them (`str(job.cluster())`...), computed once for all the lookups.
pub struct Jobs {
    entries: Vec<Entry>,
    /// Positions in `entries` by the key text the client compares.
    by_key: std::collections::HashMap<[String; 4], Vec<usize>>,
}

struct Entry {
    job: Object,
    cluster: String,
    role: String,
    /// `None` when the job has no environment.
    environment: Option<String>,
    environment_text: String,
    name: String,
}

impl Jobs {
    pub(super) fn new(jobs: Vec<Object>) -> Result<Jobs, JobError> {
        let entries = jobs
            .into_iter()
            .map(|job| {
                Ok(Entry {
                    cluster: field_text(&job, "cluster")?,
                    role: field_text(&job, "role")?,
                    environment: job
                        .field("environment")
                        .ok()
                        .flatten()
                        .map(|_| field_text(&job, "environment"))
                        .transpose()?,
                    environment_text: field_text(&job, "environment")?,
                    name: field_text(&job, "name")?,
                    job,
                })
            })
            .collect::<Result<Vec<Entry>, JobError>>()?;
        let mut by_key: std::collections::HashMap<[String; 4], Vec<usize>> = Default::default();
        for (i, e) in entries.iter().enumerate() {
            let parts = [&e.cluster, &e.role, &e.environment_text, &e.name].map(Clone::clone);
            by_key.entry(parts).or_default().push(i);
        }
        Ok(Jobs { entries, by_key })
    }

    /// The entry at `index` of `jobs`, bound to the `--bind` values.
    pub fn get(&self, index: usize) -> Option<&Object> {
        self.entries.get(index).map(|entry| &entry.job)
    }

    /// The one job whose key is `key` (`AuroraConfig.pick`), with the client's messages.
    pub(super) fn pick(&self, key: &JobKey) -> Result<Object, JobError> {
        if self.entries.is_empty() {
            return Err(JobError::loading("No job defined in this config!"));
        }
        let matches: Vec<&Entry> = self
            .by_key
            .get(&[&key.cluster, &key.role, &key.environment, &key.name].map(Clone::clone))
            .map(|found| found.iter().map(|&i| &self.entries[i]).collect())
            .unwrap_or_default();
        let candidates = || {
            let lines: Vec<String> = self
                .entries
                .iter()
                .map(|e| {
                    let environment = e.environment.as_deref().unwrap_or("{MISSING}");
                    format!("  {}/{}/{environment}/{}", e.cluster, e.role, e.name)
                })
                .collect();
            format!("Candidates are:\n{}", lines.join("\n"))
        };
        match matches[..] {
            [one] => Ok(one.job.clone()),
            [] => {
                let mut message = format!("Could not find job {key}\n");
                for e in self.entries.iter().filter(|e| e.environment.is_none()) {
                    message.push_str(&format!(
                        "Job {}/{}/{{MISSING}}/{} in configuration file doesn't specify an environment\n",
                        e.cluster, e.role, e.name
                    ));
                }
                message.push_str(&candidates());
                // A job without a cluster, role or name can never match: say which it lacks.
                let incomplete = self.entries.iter().find_map(|e| {
                    let missing: Vec<&str> = [("cluster", &e.cluster), ("role", &e.role), ("name", &e.name)]
                        .into_iter()
                        .filter(|(_, text)| text.as_str() == EMPTY_CLASS)
                        .map(|(field, _)| field)
                        .collect();
                    (!missing.is_empty()).then_some((e, missing))
                });
                let error = JobError::loading(message);
                Err(match incomplete {
                    Some((entry, missing)) => {
                        let fields: Vec<String> =
                            missing.iter().map(|field| format!("`{field}`")).collect();
                        let verb = if missing.len() == 1 { "is" } else { "are" };
                        error.at(entry.job.origin(), "").with_help(format!(
                            "{} {verb} required: this job has none, so no job key can name it",
                            fields.join(" and ")
                        ))
                    }
                    None => error.with_help(
                        "the job key is CLUSTER/ROLE/ENVIRONMENT/NAME, compared with each job's fields as written",
                    ),
                })
            }
            [_, second, ..] => Err(JobError::loading(format!(
                "Multiple jobs match, please disambiguate by specifying a job key.\n{}",
                candidates()
            ))
            .at(second.job.origin(), "")
            .with_help(format!(
                "{} entries of `jobs` have the key {key}; make them differ in cluster, role, environment or name",
                matches.len()
            ))),
        }
    }
}
