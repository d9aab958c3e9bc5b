//! What stops a task from outside its processes: health checks, the disk and RAM limits,
//! and, once it is stopping, the HTTP lifecycle endpoints asked before any signal.

use std::time::Duration;

use aurora_api::agent::TaskState as AgentState;
use aurora_api::thermos::HealthCheckConfig;

use super::{RunError, Runner};
use crate::disk;
use crate::health::{self, Health};
use crate::procfs;
use crate::records::{ProcessId, TaskState};

impl Runner {
    /// Once a process runs: the health checks start, or without any the task is healthy.
    pub(super) fn start_health_checks(&mut self) {
        if self.health_started || self.state != TaskState::Active {
            return;
        }
        self.health_started = true;
        let config = self
            .spec
            .data
            .health_check_config
            .clone()
            .unwrap_or(HealthCheckConfig {
                health_checker: None,
                initial_interval_secs: 15.0,
                interval_secs: 10.0,
                max_consecutive_failures: 0,
                min_consecutive_successes: 1,
                timeout_secs: 1.0,
            });
        let port = self.header.ports.get("health").copied();
        match health::check_for(&config, port) {
            Some(check) => {
                let sandbox = self.config.sandbox.clone();
                self.health = Some(health::spawn_checker(check, &config, sandbox));
            }
            None => self.report(
                AgentState::Running,
                "No health-check defined, task is assumed healthy.".into(),
            ),
        }
    }

    /// RUNNING once the checks pass; a failed check fails the task.
    pub(super) fn watch_health(&mut self) -> Result<(), RunError> {
        let Some(receiver) = &self.health else {
            return Ok(());
        };
        let mut latest = None;
        while let Ok(health) = receiver.try_recv() {
            latest = Some(health);
        }
        match latest {
            Some(Health::Healthy) => self.report(AgentState::Running, "Task is healthy.".into()),
            Some(Health::Unhealthy(reason)) => {
                self.health = None;
                let message = format!("Failed health check! {reason}");
                self.stop(Some(TaskState::Failed), &message)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Fails the task when its sandbox uses more disk than it reserved.
    pub(super) fn watch_disk(&mut self, now: u64) -> Result<(), RunError> {
        let interval = self.config.disk_check_interval;
        if !due(&mut self.next_disk_check_ms, now, interval) {
            return Ok(());
        }
        let reserved = self.spec.task.resources.as_ref().map(|r| r.disk);
        let used = disk::sandbox_usage(&self.config.sandbox);
        self.enforce("Disk", reserved, used)
    }

    /// Fails the task when its processes together hold more memory (RSS) than it reserved.
    pub(super) fn watch_ram(&mut self, now: u64) -> Result<(), RunError> {
        let interval = self.config.ram_check_interval;
        if !due(&mut self.next_ram_check_ms, now, interval) {
            return Ok(());
        }
        let reserved = self.spec.task.resources.as_ref().map(|r| r.ram);
        let supervisors: Vec<i32> = self
            .processes
            .values()
            .filter_map(|runs| runs.active.as_ref()?.supervisor)
            .chain(self.lingering.iter().copied())
            .filter(ProcessId::is_alive)
            .map(|supervisor| supervisor.pid)
            .collect();
        let used = procfs::descendants_of(&supervisors)
            .into_iter()
            .filter_map(procfs::resident_bytes)
            .sum();
        self.enforce("Memory", reserved, used)
    }

    /// Stops the task as FAILED, with Aurora's message, when `used` exceeds `reserved`.
    fn enforce(&mut self, limit: &str, reserved: Option<i64>, used: u64) -> Result<(), RunError> {
        match reserved {
            Some(reserved) if reserved >= 0 && used > reserved as u64 => {
                let message = format!(
                    "{limit} limit exceeded.  Reserved {reserved} bytes vs used {used} bytes."
                );
                self.stop(Some(TaskState::Failed), &message)
            }
            _ => Ok(()),
        }
    }

    /// Before any signal: the HTTP lifecycle endpoints, each followed by a wait for the
    /// processes to exit. `true` while it is still waiting.
    pub(super) fn ask_to_shut_down(&mut self, now: u64) -> bool {
        let Some(http) = self
            .spec
            .data
            .lifecycle
            .as_ref()
            .and_then(|l| l.http.clone())
        else {
            return false;
        };
        let Some(port) = self.header.ports.get(&http.port).copied() else {
            return false;
        };
        let stages = [
            (
                http.graceful_shutdown_endpoint,
                http.graceful_shutdown_wait_secs,
            ),
            (http.shutdown_endpoint, http.shutdown_wait_secs),
        ];
        loop {
            if !self.regular_running() {
                return false;
            }
            let Some((endpoint, wait_secs)) = stages.get(self.lifecycle.stage) else {
                return false;
            };
            match self.lifecycle.posted_at_ms {
                None => {
                    let url = format!("http://localhost:{port}{endpoint}");
                    let handled = health::http(&url, Duration::from_secs(1), true).is_ok();
                    self.print(format!(
                        "Killing task, calling {endpoint} and waiting {wait_secs}, handled is {handled}"
                    ));
                    if handled {
                        self.lifecycle.posted_at_ms = Some(now);
                        return true;
                    }
                    self.lifecycle.stage += 1;
                }
                Some(at) if now.saturating_sub(at) < (*wait_secs).max(0) as u64 * 1000 => {
                    return true;
                }
                Some(_) => {
                    self.lifecycle.stage += 1;
                    self.lifecycle.posted_at_ms = None;
                }
            }
        }
    }

    pub(super) fn regular_running(&self) -> bool {
        self.processes
            .values()
            .any(|runs| !runs.process.r#final && runs.active.is_some())
    }
}

/// Whether a check that runs every `interval` is due at `now`; if so, the next one is set.
fn due(next_ms: &mut u64, now: u64, interval: Duration) -> bool {
    if now < *next_ms {
        return false;
    }
    *next_ms = now + interval.as_millis() as u64;
    true
}

/// Where the HTTP lifecycle of a stopping task is.
#[derive(Debug, Default)]
pub(super) struct Lifecycle {
    /// 0: the graceful endpoint, 1: the shutdown endpoint, 2: done.
    pub(super) stage: usize,
    pub(super) posted_at_ms: Option<u64>,
}

/// How a stopped task ends, and the message for it.
pub(super) fn forced_outcome(outcome: Option<TaskState>, reason: String) -> (TaskState, String) {
    match outcome {
        None | Some(TaskState::Killed) => (TaskState::Killed, "Task killed.".to_string()),
        Some(state) => (state, reason),
    }
}
