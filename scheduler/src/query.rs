//! Which stored tasks a `TaskQuery` names, as Aurora's task store answers it: every filter
//! that is set must hold (a blank role matches any), task ids and job keys are looked up
//! through the indexes rather than by a scan; `offset` and `limit` apply to the result.

use std::collections::BTreeSet;

use aurora_api::{JobKey, TaskQuery};

use crate::storage::{Stored, StoredTask};

/// Whether `task` is one `query` names.
pub fn matches(query: &TaskQuery, task: &StoredTask) -> bool {
    let job = task.config.job.as_ref();
    let field = |f: fn(&JobKey) -> &Option<String>| job.and_then(|j| f(j).as_deref());
    if let Some(role) = query.role.as_deref() {
        if !role.trim().is_empty() && field(|j| &j.role) != Some(role) {
            return false;
        }
    }
    if let Some(environment) = query.environment.as_deref() {
        if field(|j| &j.environment) != Some(environment) {
            return false;
        }
    }
    if let Some(name) = query.job_name.as_deref() {
        if field(|j| &j.name) != Some(name) {
            return false;
        }
    }
    if let Some(keys) = non_empty(&query.job_keys) {
        if !job.is_some_and(|j| keys.contains(j)) {
            return false;
        }
    }
    if let Some(ids) = non_empty(&query.task_ids) {
        if !ids.contains(task.id()) {
            return false;
        }
    }
    if let Some(statuses) = non_empty(&query.statuses) {
        if !task.task.status.is_some_and(|s| statuses.contains(&s)) {
            return false;
        }
    }
    let assigned = task.task.assigned_task.as_ref();
    if let Some(hosts) = non_empty(&query.slave_hosts) {
        if !assigned
            .and_then(|a| a.slave_host.as_ref())
            .is_some_and(|h| hosts.contains(h))
        {
            return false;
        }
    }
    if let Some(instances) = non_empty(&query.instance_ids) {
        if !assigned
            .and_then(|a| a.instance_id)
            .is_some_and(|i| instances.contains(&i))
        {
            return false;
        }
    }
    true
}

fn non_empty<T>(set: &Option<BTreeSet<T>>) -> Option<&BTreeSet<T>> {
    set.as_ref().filter(|s| !s.is_empty())
}

/// The tasks `query` names, by task id, before `offset` and `limit`.
pub fn fetch<'a>(stored: &'a Stored, query: &TaskQuery) -> Vec<&'a StoredTask> {
    if let Some(ids) = non_empty(&query.task_ids) {
        return ids
            .iter()
            .filter_map(|id| stored.task(id))
            .filter(|task| matches(query, task))
            .collect();
    }
    let keys: Option<Vec<JobKey>> = match (non_empty(&query.job_keys), &query) {
        (Some(keys), _) => Some(keys.iter().cloned().collect()),
        (
            None,
            TaskQuery {
                role: Some(role),
                environment: Some(environment),
                job_name: Some(name),
                ..
            },
        ) if !role.trim().is_empty() => Some(vec![JobKey {
            role: Some(role.clone()),
            environment: Some(environment.clone()),
            name: Some(name.clone()),
        }]),
        _ => None,
    };
    let mut found: Vec<&StoredTask> = match keys {
        Some(keys) => keys
            .iter()
            .flat_map(|key| stored.job_tasks(key))
            .filter(|task| matches(query, task))
            .collect(),
        None => stored.tasks().filter(|task| matches(query, task)).collect(),
    };
    found.sort_by(|a, b| a.id().cmp(b.id()));
    found
}

/// `query`'s page of `tasks`: `offset` skipped and at most `limit` kept, when positive.
pub fn page<T>(query: &TaskQuery, tasks: Vec<T>) -> Vec<T> {
    let offset = query.offset.unwrap_or(0).max(0) as usize;
    let limit = query
        .limit
        .filter(|&l| l > 0)
        .map_or(usize::MAX, |l| l as usize);
    tasks.into_iter().skip(offset).take(limit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{Storage, StorageError};
    use aurora_api::{AssignedTask, ScheduleStatus, ScheduledTask, TaskConfig};

    fn key(role: &str, env: &str, name: &str) -> JobKey {
        JobKey {
            role: Some(role.into()),
            environment: Some(env.into()),
            name: Some(name.into()),
        }
    }

    fn task(
        id: &str,
        job: JobKey,
        instance: i32,
        status: ScheduleStatus,
        host: &str,
    ) -> ScheduledTask {
        ScheduledTask {
            assigned_task: Some(AssignedTask {
                task_id: Some(id.into()),
                slave_host: (!host.is_empty()).then(|| host.to_string()),
                instance_id: Some(instance),
                task: Some(TaskConfig {
                    job: Some(job),
                    ..TaskConfig::default()
                }),
                ..AssignedTask::default()
            }),
            status: Some(status),
            ..ScheduledTask::default()
        }
    }

    /// A query without filters (`TaskQuery::default()` sets every field, to empty values).
    fn unfiltered() -> TaskQuery {
        TaskQuery {
            role: None,
            environment: None,
            job_name: None,
            task_ids: None,
            statuses: None,
            instance_ids: None,
            slave_hosts: None,
            job_keys: None,
            offset: None,
            limit: None,
        }
    }

    fn storage(dir: &tempfile::TempDir) -> Storage {
        let storage = Storage::open(&dir.path().join("s.redb")).unwrap();
        storage
            .write(|txn| -> Result<(), StorageError> {
                let hello = key("www-data", "prod", "hello");
                txn.save_task(task(
                    "h0",
                    hello.clone(),
                    0,
                    ScheduleStatus::RUNNING,
                    "agent-1",
                ));
                txn.save_task(task("h1", hello.clone(), 1, ScheduleStatus::PENDING, ""));
                txn.save_task(task("h2", hello, 2, ScheduleStatus::FAILED, "agent-2"));
                txn.save_task(task(
                    "d0",
                    key("www-data", "devel", "hello"),
                    0,
                    ScheduleStatus::RUNNING,
                    "agent-2",
                ));
                txn.save_task(task(
                    "o0",
                    key("ops", "prod", "cron"),
                    0,
                    ScheduleStatus::FINISHED,
                    "agent-1",
                ));
                Ok(())
            })
            .unwrap();
        storage
    }

    fn ids(stored: &Stored, query: TaskQuery) -> Vec<String> {
        page(&query, fetch(stored, &query))
            .into_iter()
            .map(|t| t.id().to_string())
            .collect()
    }

    #[test]
    fn every_set_filter_must_hold() {
        let dir = tempfile::tempdir().unwrap();
        let storage = storage(&dir);
        let stored = storage.read();
        let all = unfiltered();
        assert_eq!(ids(&stored, all.clone()), ["d0", "h0", "h1", "h2", "o0"]);
        let role = |r: &str| TaskQuery {
            role: Some(r.into()),
            ..unfiltered()
        };
        assert_eq!(ids(&stored, role("www-data")), ["d0", "h0", "h1", "h2"]);
        // A blank role filters nothing, as Aurora's store has it.
        assert_eq!(ids(&stored, role("  ")).len(), 5);
        let hello = TaskQuery {
            role: Some("www-data".into()),
            environment: Some("prod".into()),
            job_name: Some("hello".into()),
            ..unfiltered()
        };
        assert_eq!(ids(&stored, hello.clone()), ["h0", "h1", "h2"]);
        let active = TaskQuery {
            statuses: Some([ScheduleStatus::RUNNING, ScheduleStatus::PENDING].into()),
            instance_ids: Some([0, 1].into()),
            ..hello.clone()
        };
        assert_eq!(ids(&stored, active), ["h0", "h1"]);
        let on_host = TaskQuery {
            slave_hosts: Some(["agent-2".to_string()].into()),
            ..unfiltered()
        };
        assert_eq!(ids(&stored, on_host), ["d0", "h2"]);
        let by_keys = TaskQuery {
            job_keys: Some(
                [
                    key("ops", "prod", "cron"),
                    key("www-data", "devel", "hello"),
                ]
                .into(),
            ),
            ..unfiltered()
        };
        assert_eq!(ids(&stored, by_keys), ["d0", "o0"]);
        let by_ids = TaskQuery {
            task_ids: Some(["o0".to_string(), "h1".into(), "nosuch".into()].into()),
            role: Some("www-data".into()),
            ..unfiltered()
        };
        assert_eq!(ids(&stored, by_ids), ["h1"]);
        let empty_sets = TaskQuery {
            task_ids: Some(BTreeSet::new()),
            statuses: Some(BTreeSet::new()),
            ..unfiltered()
        };
        assert_eq!(ids(&stored, empty_sets).len(), 5);
    }

    #[test]
    fn offset_and_limit_page_the_result() {
        let dir = tempfile::tempdir().unwrap();
        let storage = storage(&dir);
        let stored = storage.read();
        let paged = |offset, limit| TaskQuery {
            offset: Some(offset),
            limit: Some(limit),
            ..unfiltered()
        };
        assert_eq!(ids(&stored, paged(1, 2)), ["h0", "h1"]);
        assert_eq!(ids(&stored, paged(4, 0)), ["o0"]);
        assert_eq!(ids(&stored, paged(-3, -1)).len(), 5);
        assert!(ids(&stored, paged(9, 1)).is_empty());
    }
}
