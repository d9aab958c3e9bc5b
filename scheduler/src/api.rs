//! Aurora's Thrift API over the scheduler's state: the handler the generated processors call
//! (`ReadOnlyScheduler`, `AuroraSchedulerManager`, `AuroraAdmin`), with Aurora's response
//! codes and messages. Every answer carries the server info (the cluster's name), and a
//! method this scheduler does not do yet answers ERROR saying so, never a made-up OK.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use aurora_api::{
    ConfigGroup, ConfigSummary, ConfigSummaryResult, ExplicitReconciliationSettings, GetJobsResult,
    Hosts, InstanceKey, JobConfiguration, JobKey, JobStats, JobSummary, JobSummaryResult,
    JobUpdateKey, JobUpdateQuery, JobUpdateRequest, Range, ResourceAggregate, Response,
    ResponseCode, ResponseDetail, Result as ApiResult, RoleSummary, RoleSummaryResult,
    ScheduleStatus, ScheduleStatusResult, ScheduledTask, ServerInfo, SlaPolicy, TaskConfig,
    TaskQuery,
};

use crate::query;
use crate::storage::{Storage, StoredTask};

/// What every answer says about the scheduler that gave it.
#[derive(Clone, Debug)]
pub struct ServerIdentity {
    pub cluster_name: String,
    pub stats_url_prefix: String,
}

/// The API handler.
pub struct SchedulerApi {
    storage: Arc<Storage>,
    identity: ServerIdentity,
}

impl SchedulerApi {
    pub fn new(storage: Arc<Storage>, identity: ServerIdentity) -> SchedulerApi {
        SchedulerApi { storage, identity }
    }

    fn answer(
        &self,
        code: ResponseCode,
        result: Option<ApiResult>,
        messages: Vec<String>,
    ) -> Response {
        Response {
            response_code: Some(code),
            result,
            server_info: Some(ServerInfo {
                cluster_name: Some(self.identity.cluster_name.clone()),
                stats_url_prefix: Some(self.identity.stats_url_prefix.clone()),
            }),
            details: Some(
                messages
                    .into_iter()
                    .map(|message| ResponseDetail {
                        message: Some(message),
                    })
                    .collect(),
            ),
        }
    }

    fn ok(&self, result: ApiResult) -> thrift::Result<Response> {
        Ok(self.answer(ResponseCode::OK, Some(result), Vec::new()))
    }

    /// The answer of a method this scheduler does not implement yet.
    fn not_implemented(&self, method: &str) -> thrift::Result<Response> {
        Ok(self.answer(
            ResponseCode::ERROR,
            None,
            vec![format!(
                "{method} is not implemented by this scheduler yet."
            )],
        ))
    }

    /// The tasks a query names, paged, as whole tasks.
    fn tasks(&self, query: &TaskQuery) -> Vec<ScheduledTask> {
        let stored = self.storage.read();
        query::page(query, query::fetch(&stored, query))
            .into_iter()
            .map(StoredTask::with_config)
            .collect()
    }

    /// Each job with tasks (of `role`, when given) among `tasks`, as Aurora synthesizes
    /// jobs from their tasks, with the cron jobs' stored templates over them.
    fn jobs(
        &self,
        role: Option<&str>,
        active_only: bool,
    ) -> BTreeMap<JobKey, (JobConfiguration, Vec<ScheduleStatus>)> {
        let stored = self.storage.read();
        let mut by_job: HashMap<JobKey, Vec<&StoredTask>> = HashMap::new();
        for task in stored.tasks() {
            let Some(job) = task.config.job.as_ref() else {
                continue;
            };
            let status = task.task.status.unwrap_or(ScheduleStatus::INIT);
            if role.is_some_and(|r| job.role.as_deref() != Some(r))
                || (active_only && !is_active(status))
            {
                continue;
            }
            by_job.entry(job.clone()).or_default().push(task);
        }
        let mut jobs: BTreeMap<JobKey, (JobConfiguration, Vec<ScheduleStatus>)> = by_job
            .into_iter()
            .map(|(key, tasks)| {
                let statuses = tasks
                    .iter()
                    .map(|t| t.task.status.unwrap_or(ScheduleStatus::INIT))
                    .collect();
                let latest = latest_active(&tasks);
                let config: TaskConfig = (*latest.config).clone();
                let job = JobConfiguration {
                    key: Some(key.clone()),
                    owner: config.owner.clone(),
                    cron_schedule: None,
                    cron_collision_policy: None,
                    task_config: Some(config),
                    instance_count: Some(tasks.len() as i32),
                };
                (key, (job, statuses))
            })
            .collect();
        for cron in stored.jobs() {
            let Some(key) = cron.key.clone() else {
                continue;
            };
            if role.is_some_and(|r| key.role.as_deref() != Some(r)) {
                continue;
            }
            let statuses = jobs.remove(&key).map(|(_, s)| s).unwrap_or_default();
            jobs.insert(key, (cron.clone(), statuses));
        }
        jobs
    }
}

/// Aurora's active states: the task may still run.
pub fn is_active(status: ScheduleStatus) -> bool {
    matches!(
        status,
        ScheduleStatus::ASSIGNED
            | ScheduleStatus::DRAINING
            | ScheduleStatus::KILLING
            | ScheduleStatus::PENDING
            | ScheduleStatus::PREEMPTING
            | ScheduleStatus::RESTARTING
            | ScheduleStatus::RUNNING
            | ScheduleStatus::STARTING
            | ScheduleStatus::PARTITIONED
            | ScheduleStatus::THROTTLED
    )
}

/// The task whose config stands for its job: an active one over a finished one, then the one
/// that changed last, as Aurora picks it.
fn latest_active<'a>(tasks: &[&'a StoredTask]) -> &'a StoredTask {
    let last_event = |task: &StoredTask| {
        task.task
            .task_events
            .as_ref()
            .and_then(|events| events.last())
            .and_then(|event| event.timestamp)
            .unwrap_or(0)
    };
    tasks
        .iter()
        .copied()
        .max_by_key(|task| {
            (
                is_active(task.task.status.unwrap_or(ScheduleStatus::INIT)),
                last_event(task),
            )
        })
        .expect("a job synthesized from its tasks has at least one")
}

/// Counts of a job's tasks as Aurora's job summary gives them.
fn job_stats(statuses: &[ScheduleStatus]) -> JobStats {
    let mut stats = JobStats {
        active_task_count: Some(0),
        finished_task_count: Some(0),
        failed_task_count: Some(0),
        pending_task_count: Some(0),
    };
    for status in statuses {
        let count = match *status {
            ScheduleStatus::INIT | ScheduleStatus::PENDING | ScheduleStatus::THROTTLED => {
                &mut stats.pending_task_count
            }
            ScheduleStatus::KILLED | ScheduleStatus::FINISHED => &mut stats.finished_task_count,
            ScheduleStatus::LOST | ScheduleStatus::FAILED => &mut stats.failed_task_count,
            _ => &mut stats.active_task_count,
        };
        *count = Some(count.unwrap_or(0) + 1);
    }
    stats
}

/// Instances with the same config, as inclusive ranges of instance ids.
fn config_groups(tasks: &[&StoredTask]) -> BTreeSet<ConfigGroup> {
    let mut instances: BTreeMap<&TaskConfig, BTreeSet<i32>> = BTreeMap::new();
    for task in tasks {
        let instance = task
            .task
            .assigned_task
            .as_ref()
            .and_then(|a| a.instance_id)
            .unwrap_or(0);
        instances.entry(&task.config).or_default().insert(instance);
    }
    instances
        .into_iter()
        .map(|(config, ids)| ConfigGroup {
            config: Some(config.clone()),
            instances: Some(ranges(&ids)),
        })
        .collect()
}

/// Sorted ids as the fewest inclusive ranges.
fn ranges(ids: &BTreeSet<i32>) -> BTreeSet<Range> {
    let mut ranges = BTreeSet::new();
    let mut current: Option<(i32, i32)> = None;
    for &id in ids {
        current = match current {
            Some((first, last)) if last + 1 == id => Some((first, id)),
            Some((first, last)) => {
                ranges.insert(Range {
                    first: Some(first),
                    last: Some(last),
                });
                Some((id, id))
            }
            None => Some((id, id)),
        };
    }
    if let Some((first, last)) = current {
        ranges.insert(Range {
            first: Some(first),
            last: Some(last),
        });
    }
    ranges
}

impl aurora_api::ReadOnlySchedulerSyncHandler for SchedulerApi {
    fn handle_get_role_summary(&self) -> thrift::Result<Response> {
        let stored = self.storage.read();
        let mut jobs: BTreeMap<String, (BTreeSet<JobKey>, usize)> = BTreeMap::new();
        for task in stored.tasks() {
            if let Some(job) = &task.config.job {
                let role = job.role.clone().unwrap_or_default();
                jobs.entry(role).or_default().0.insert(job.clone());
            }
        }
        for cron in stored.jobs() {
            if let Some(role) = cron.key.as_ref().and_then(|k| k.role.clone()) {
                jobs.entry(role).or_default().1 += 1;
            }
        }
        let summaries = jobs
            .into_iter()
            .map(|(role, (keys, crons))| RoleSummary {
                role: Some(role),
                job_count: Some(keys.len() as i32),
                cron_job_count: Some(crons as i32),
            })
            .collect();
        self.ok(ApiResult::RoleSummaryResult(RoleSummaryResult {
            summaries: Some(summaries),
        }))
    }

    fn handle_get_job_summary(&self, role: String) -> thrift::Result<Response> {
        let role = (!role.is_empty()).then_some(role.as_str());
        let summaries = self
            .jobs(role, false)
            .into_values()
            .map(|(job, statuses)| JobSummary {
                job: Some(job),
                stats: Some(job_stats(&statuses)),
                next_cron_run_ms: None,
            })
            .collect();
        self.ok(ApiResult::JobSummaryResult(JobSummaryResult {
            summaries: Some(summaries),
        }))
    }

    fn handle_get_tasks_status(&self, query: TaskQuery) -> thrift::Result<Response> {
        self.ok(ApiResult::ScheduleStatusResult(ScheduleStatusResult {
            tasks: Some(self.tasks(&query)),
        }))
    }

    fn handle_get_tasks_without_configs(&self, query: TaskQuery) -> thrift::Result<Response> {
        let mut tasks = self.tasks(&query);
        for task in &mut tasks {
            let executor = task
                .assigned_task
                .as_mut()
                .and_then(|a| a.task.as_mut())
                .and_then(|c| c.executor_config.as_mut());
            if let Some(executor) = executor {
                executor.data = None;
            }
        }
        self.ok(ApiResult::ScheduleStatusResult(ScheduleStatusResult {
            tasks: Some(tasks),
        }))
    }

    fn handle_get_pending_reason(&self, _: TaskQuery) -> thrift::Result<Response> {
        self.not_implemented("getPendingReason")
    }

    fn handle_get_config_summary(&self, job: JobKey) -> thrift::Result<Response> {
        let stored = self.storage.read();
        let active: Vec<&StoredTask> = stored
            .job_tasks(&job)
            .filter(|t| is_active(t.task.status.unwrap_or(ScheduleStatus::INIT)))
            .collect();
        self.ok(ApiResult::ConfigSummaryResult(ConfigSummaryResult {
            summary: Some(ConfigSummary {
                key: Some(job),
                groups: Some(config_groups(&active)),
            }),
        }))
    }

    fn handle_get_jobs(&self, role: String) -> thrift::Result<Response> {
        let role = (!role.is_empty()).then_some(role.as_str());
        let configs = self
            .jobs(role, true)
            .into_values()
            .map(|(job, _)| job)
            .collect();
        self.ok(ApiResult::GetJobsResult(GetJobsResult {
            configs: Some(configs),
        }))
    }

    fn handle_get_quota(&self, _: String) -> thrift::Result<Response> {
        self.not_implemented("getQuota")
    }

    fn handle_populate_job_config(&self, _: JobConfiguration) -> thrift::Result<Response> {
        self.not_implemented("populateJobConfig")
    }

    fn handle_get_job_update_summaries(&self, _: JobUpdateQuery) -> thrift::Result<Response> {
        self.not_implemented("getJobUpdateSummaries")
    }

    fn handle_get_job_update_details(
        &self,
        _: JobUpdateKey,
        _: JobUpdateQuery,
    ) -> thrift::Result<Response> {
        self.not_implemented("getJobUpdateDetails")
    }

    fn handle_get_job_update_diff(&self, _: JobUpdateRequest) -> thrift::Result<Response> {
        self.not_implemented("getJobUpdateDiff")
    }

    fn handle_get_tier_configs(&self) -> thrift::Result<Response> {
        self.not_implemented("getTierConfigs")
    }
}

impl aurora_api::AuroraSchedulerManagerSyncHandler for SchedulerApi {
    fn handle_create_job(&self, _: JobConfiguration) -> thrift::Result<Response> {
        self.not_implemented("createJob")
    }

    fn handle_schedule_cron_job(&self, _: JobConfiguration) -> thrift::Result<Response> {
        self.not_implemented("scheduleCronJob")
    }

    fn handle_deschedule_cron_job(&self, _: JobKey) -> thrift::Result<Response> {
        self.not_implemented("descheduleCronJob")
    }

    fn handle_start_cron_job(&self, _: JobKey) -> thrift::Result<Response> {
        self.not_implemented("startCronJob")
    }

    fn handle_restart_shards(&self, _: BTreeSet<i32>, _: JobKey) -> thrift::Result<Response> {
        self.not_implemented("restartShards")
    }

    fn handle_kill_tasks(
        &self,
        _: JobKey,
        _: BTreeSet<i32>,
        _: String,
    ) -> thrift::Result<Response> {
        self.not_implemented("killTasks")
    }

    fn handle_add_instances(&self, _: InstanceKey, _: i32) -> thrift::Result<Response> {
        self.not_implemented("addInstances")
    }

    fn handle_replace_cron_template(&self, _: JobConfiguration) -> thrift::Result<Response> {
        self.not_implemented("replaceCronTemplate")
    }

    fn handle_start_job_update(&self, _: JobUpdateRequest, _: String) -> thrift::Result<Response> {
        self.not_implemented("startJobUpdate")
    }

    fn handle_pause_job_update(&self, _: JobUpdateKey, _: String) -> thrift::Result<Response> {
        self.not_implemented("pauseJobUpdate")
    }

    fn handle_resume_job_update(&self, _: JobUpdateKey, _: String) -> thrift::Result<Response> {
        self.not_implemented("resumeJobUpdate")
    }

    fn handle_abort_job_update(&self, _: JobUpdateKey, _: String) -> thrift::Result<Response> {
        self.not_implemented("abortJobUpdate")
    }

    fn handle_rollback_job_update(&self, _: JobUpdateKey, _: String) -> thrift::Result<Response> {
        self.not_implemented("rollbackJobUpdate")
    }

    fn handle_pulse_job_update(&self, _: JobUpdateKey) -> thrift::Result<Response> {
        self.not_implemented("pulseJobUpdate")
    }
}

impl aurora_api::AuroraAdminSyncHandler for SchedulerApi {
    fn handle_set_quota(&self, _: String, _: ResourceAggregate) -> thrift::Result<Response> {
        self.not_implemented("setQuota")
    }

    fn handle_force_task_state(&self, _: String, _: ScheduleStatus) -> thrift::Result<Response> {
        self.not_implemented("forceTaskState")
    }

    fn handle_perform_backup(&self) -> thrift::Result<Response> {
        self.not_implemented("performBackup")
    }

    fn handle_list_backups(&self) -> thrift::Result<Response> {
        self.not_implemented("listBackups")
    }

    fn handle_stage_recovery(&self, _: String) -> thrift::Result<Response> {
        self.not_implemented("stageRecovery")
    }

    fn handle_query_recovery(&self, _: TaskQuery) -> thrift::Result<Response> {
        self.not_implemented("queryRecovery")
    }

    fn handle_delete_recovery_tasks(&self, _: TaskQuery) -> thrift::Result<Response> {
        self.not_implemented("deleteRecoveryTasks")
    }

    fn handle_commit_recovery(&self) -> thrift::Result<Response> {
        self.not_implemented("commitRecovery")
    }

    fn handle_unload_recovery(&self) -> thrift::Result<Response> {
        self.not_implemented("unloadRecovery")
    }

    fn handle_start_maintenance(&self, _: Hosts) -> thrift::Result<Response> {
        self.not_implemented("startMaintenance")
    }

    fn handle_drain_hosts(&self, _: Hosts) -> thrift::Result<Response> {
        self.not_implemented("drainHosts")
    }

    fn handle_maintenance_status(&self, _: Hosts) -> thrift::Result<Response> {
        self.not_implemented("maintenanceStatus")
    }

    fn handle_end_maintenance(&self, _: Hosts) -> thrift::Result<Response> {
        self.not_implemented("endMaintenance")
    }

    fn handle_sla_drain_hosts(&self, _: Hosts, _: SlaPolicy, _: i64) -> thrift::Result<Response> {
        self.not_implemented("slaDrainHosts")
    }

    fn handle_snapshot(&self) -> thrift::Result<Response> {
        self.not_implemented("snapshot")
    }

    fn handle_trigger_explicit_task_reconciliation(
        &self,
        _: ExplicitReconciliationSettings,
    ) -> thrift::Result<Response> {
        self.not_implemented("triggerExplicitTaskReconciliation")
    }

    fn handle_trigger_implicit_task_reconciliation(&self) -> thrift::Result<Response> {
        self.not_implemented("triggerImplicitTaskReconciliation")
    }

    fn handle_prune_tasks(&self, _: TaskQuery) -> thrift::Result<Response> {
        self.not_implemented("pruneTasks")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_ids_fold_into_ranges() {
        let range = |first, last| Range {
            first: Some(first),
            last: Some(last),
        };
        assert_eq!(
            ranges(&[0, 1, 2, 4, 6, 7].into()),
            [range(0, 2), range(4, 4), range(6, 7)].into()
        );
        assert!(ranges(&BTreeSet::new()).is_empty());
    }

    #[test]
    fn job_stats_count_as_aurora_counts() {
        let stats = job_stats(&[
            ScheduleStatus::PENDING,
            ScheduleStatus::THROTTLED,
            ScheduleStatus::RUNNING,
            ScheduleStatus::KILLING,
            ScheduleStatus::FINISHED,
            ScheduleStatus::KILLED,
            ScheduleStatus::LOST,
        ]);
        assert_eq!(stats.pending_task_count, Some(2));
        assert_eq!(stats.active_task_count, Some(2));
        assert_eq!(stats.finished_task_count, Some(2));
        assert_eq!(stats.failed_task_count, Some(1));
    }
}
