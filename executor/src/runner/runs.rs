//! The runs of the task's processes: starting each under a supervisor, following what the
//! supervisor records, deciding what follows a run's end, and killing what is left.

use std::path::Path;
use std::process::{Command, Stdio};

use aurora_api::thermos::{LoggerMode, RotatePolicy};
use nix::sys::signal::Signal;

use super::{
    destination_name, process_state_name, ActiveRun, ProcessRuns, RunError, Runner,
    FORKED_TIMEOUT_MS, MAX_RUNS,
};
use crate::checkpoint::{self, Writer};
use crate::plan::Next;
use crate::procfs;
use crate::records::{log_dir, now_ms, ProcessId, ProcessState, RunRecord, RunnerRecord};

/// How one run ended.
#[derive(Debug)]
pub(super) enum Outcome {
    Exited(i32),
    Signalled(i32),
    StartFailed(String),
    Lost(String),
}

impl Runner {
    /// Starts the next run of `name` under a supervisor.
    pub(super) fn fork(&mut self, name: &str, now: u64) -> Result<(), RunError> {
        let runs = &self.processes[name];
        let run = if runs.state.is_none() {
            0
        } else {
            runs.run + 1
        };
        self.append(process_record(name, run, ProcessState::Waiting, now))?;
        self.append(process_record(name, run, ProcessState::Forked, now))?;
        let mut command = self.supervisor_command(name, run);
        let runs = self.processes.get_mut(name).expect("a process of the task");
        runs.run = run;
        runs.state = Some(ProcessState::Forked);
        runs.next = Next::Running;
        match command.spawn() {
            Ok(child) => {
                let supervisor = ProcessId::of(child.id() as i32);
                runs.active = Some(ActiveRun {
                    supervisor,
                    child: Some(child),
                    pid: None,
                    forked_at_ms: now,
                    stopping: false,
                });
                let mut record = process_record(name, run, ProcessState::Forked, now);
                if let RunnerRecord::Process { supervisor: s, .. } = &mut record {
                    *s = supervisor;
                }
                self.append(record)?;
                self.print(format!("process {name} run {run}: FORKED"));
                Ok(())
            }
            Err(e) => {
                let message = format!("Failed to launch process: {e}");
                self.end_run(name, Outcome::StartFailed(message), now)
            }
        }
    }

    pub(super) fn supervisor_command(&self, name: &str, run: u32) -> Command {
        let process = &self.processes[name].process;
        let logger = process.logger.clone().unwrap_or_default();
        let rotate = logger.rotate.clone().unwrap_or(RotatePolicy {
            log_size: 100 << 20,
            backups: 5,
        });
        let mut command = Command::new(&self.config.supervisor_program);
        command
            .arg("supervise")
            .arg("--checkpoint")
            .arg(self.paths.run(name, run))
            .arg("--sandbox")
            .arg(&self.config.sandbox)
            .arg("--log-dir")
            .arg(log_dir(&self.config.sandbox, name, run))
            .arg("--destination")
            .arg(destination_name(logger.destination))
            .arg("--mode")
            .arg(match logger.mode {
                LoggerMode::Rotate => "rotate",
                LoggerMode::Standard => "standard",
            })
            .arg("--log-size")
            .arg(rotate.log_size.max(1).to_string())
            .arg("--backups")
            .arg(rotate.backups.clamp(1, 1000).to_string());
        if let Some((uid, gid)) = self.config.run_as {
            command
                .arg("--uid")
                .arg(uid.to_string())
                .arg("--gid")
                .arg(gid.to_string());
        }
        command
            .arg("--")
            .arg(&process.cmdline)
            .stdin(Stdio::null())
            .env_clear()
            .envs(self.process_environment());
        // Its own group: a Ctrl-C meant for the runner must not reach the supervisor.
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        command
    }

    /// Thermos' environment for a process: HOME (the sandbox), USER, LOGNAME and PATH, and
    /// BASH_ENV when the sandbox has a `.thermos_profile`.
    pub(super) fn process_environment(&self) -> Vec<(String, String)> {
        let mut environment = vec![
            (
                "HOME".to_string(),
                self.config.sandbox.display().to_string(),
            ),
            ("USER".to_string(), self.header.user.clone()),
            ("LOGNAME".to_string(), self.header.user.clone()),
            (
                "PATH".to_string(),
                std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into()),
            ),
        ];
        let profile = self.config.sandbox.join(".thermos_profile");
        if profile.is_file() {
            environment.push(("BASH_ENV".to_string(), profile.display().to_string()));
        }
        environment
    }

    /// Reads what the supervisor of `name`'s current run recorded, and acts on it.
    pub(super) fn follow(&mut self, name: &str, now: u64) -> Result<(), RunError> {
        let run = self.processes[name].run;
        let path = self.paths.run(name, run);
        let runs = self.processes.get_mut(name).expect("a process of the task");
        let Some(active) = &mut runs.active else {
            return Ok(());
        };
        let records = checkpoint::read::<RunRecord>(&path)?.records;
        let reaped = match &mut active.child {
            Some(child) => matches!(child.try_wait(), Ok(Some(_))),
            None => false,
        };
        let mut outcome = None;
        for record in &records {
            match record {
                RunRecord::Started {
                    supervisor,
                    process,
                    ..
                } => {
                    active.supervisor.get_or_insert(*supervisor);
                    active.pid.get_or_insert(*process);
                }
                RunRecord::StartFailed { message, .. } => {
                    outcome = Some(Outcome::StartFailed(message.clone()));
                }
                RunRecord::Exited { code, signal, .. } => {
                    outcome = Some(match (code, signal) {
                        (Some(code), _) => Outcome::Exited(*code),
                        (None, signal) => Outcome::Signalled(signal.unwrap_or(0)),
                    });
                }
            }
        }
        if runs.state == Some(ProcessState::Forked) {
            if let Some(pid) = active.pid {
                runs.state = Some(ProcessState::Running);
                let mut record = process_record(name, run, ProcessState::Running, now);
                if let RunnerRecord::Process { pid: p, .. } = &mut record {
                    *p = Some(pid);
                }
                self.append(record)?;
                self.print(format!(
                    "process {name} run {run}: RUNNING (pid {})",
                    pid.pid
                ));
                self.start_health_checks();
            }
        }
        if let Some(outcome) = outcome {
            return self.end_run(name, outcome, now);
        }
        let runs = self.processes.get_mut(name).expect("a process of the task");
        let active = runs.active.as_mut().expect("checked above");
        let lost = match (active.supervisor, active.pid) {
            (Some(supervisor), _) if reaped || !supervisor.is_alive() => {
                Some("the supervisor of the process vanished")
            }
            (_, None) if now.saturating_sub(active.forked_at_ms) > FORKED_TIMEOUT_MS => {
                Some("the process did not start within 60 seconds")
            }
            // Forked by a runner that died before it knew the supervisor: unless the
            // supervisor has created the run's stream by now, claim the run so it never starts.
            (None, None) if now.saturating_sub(active.forked_at_ms) > 2_000 => {
                claim_unstarted_run(&path)
                    .then_some("the runner was replaced before the process started")
            }
            _ => None,
        };
        if let Some(why) = lost {
            // The supervisor may have written the exit just before it went.
            let records = checkpoint::read::<RunRecord>(&path)?.records;
            if records
                .iter()
                .any(|r| matches!(r, RunRecord::Exited { .. }))
            {
                return Ok(());
            }
            return self.end_run(name, Outcome::Lost(why.to_string()), now);
        }
        Ok(())
    }

    /// Records how a run ended, cleans up after it and decides what follows.
    pub(super) fn end_run(
        &mut self,
        name: &str,
        outcome: Outcome,
        now: u64,
    ) -> Result<(), RunError> {
        let in_phase = self.in_phase(name);
        let runs = self.processes.get_mut(name).expect("a process of the task");
        let run = runs.run;
        let active = runs.active.take();
        let stopping = active.as_ref().is_some_and(|a| a.stopping);
        let (state, return_code, message) = match &outcome {
            Outcome::Exited(0) => (ProcessState::Success, Some(0), String::new()),
            Outcome::Exited(code) => (
                ProcessState::Failed,
                Some(*code),
                format!("exited with status {code}"),
            ),
            Outcome::Signalled(signal) => (
                ProcessState::Killed,
                Some(-signal),
                format!("killed by signal {signal}"),
            ),
            Outcome::StartFailed(message) => (ProcessState::Failed, None, message.clone()),
            Outcome::Lost(message) => (ProcessState::Lost, None, message.clone()),
        };
        let by_runner = stopping && state == ProcessState::Killed;
        runs.state = Some(state);
        runs.next = decide(runs, state, by_runner, in_phase);
        runs.last_terminal_ms = Some(now);
        let record = RunnerRecord::Process {
            process: name.to_string(),
            run,
            state,
            at_ms: now,
            supervisor: None,
            pid: None,
            return_code,
            by_runner,
            message: message.clone(),
        };
        self.append(record)?;
        let detail = if message.is_empty() {
            String::new()
        } else {
            format!(" ({message})")
        };
        self.print(format!(
            "process {name} run {run}: {}{detail}",
            process_state_name(state)
        ));
        if let Some(active) = active {
            self.clean_up_run(&active);
        }
        Ok(())
    }

    /// Thermos' cleanup after a run: SIGKILL to its process group and what is left of its
    /// tree; what escaped the group (daemonized) is followed through the supervisor.
    pub(super) fn clean_up_run(&mut self, active: &ActiveRun) {
        if let Some(pid) = active.pid {
            let _ = nix::sys::signal::killpg(nix::unistd::Pid::from_raw(pid.pid), Signal::SIGKILL);
            if pid.is_alive() {
                procfs::signal(pid.pid, Signal::SIGKILL);
            }
        }
        if let Some(supervisor) = active.supervisor.filter(ProcessId::is_alive) {
            if !procfs::descendants(supervisor.pid).is_empty() {
                self.lingering.push(supervisor);
            }
        }
    }

    pub(super) fn signal_lingering(&self, signal: Signal) {
        let supervisors: Vec<i32> = self
            .lingering
            .iter()
            .filter(|s| s.is_alive())
            .map(|s| s.pid)
            .collect();
        for pid in procfs::descendants_of(&supervisors) {
            procfs::signal(pid, signal);
        }
    }

    pub(super) fn forget_dead_lingering(&mut self) {
        self.lingering
            .retain(|s| s.is_alive() && !procfs::descendants(s.pid).is_empty());
    }

    /// SIGKILL to every process of the task, orphans included.
    pub(super) fn kill_everything(&mut self) {
        let mut supervisors: Vec<ProcessId> = self.lingering.clone();
        for runs in self.processes.values_mut() {
            let Some(active) = &mut runs.active else {
                continue;
            };
            active.stopping = true;
            supervisors.extend(active.supervisor);
            if let Some(pid) = active.pid {
                let _ =
                    nix::sys::signal::killpg(nix::unistd::Pid::from_raw(pid.pid), Signal::SIGKILL);
            }
        }
        let live: Vec<i32> = supervisors
            .into_iter()
            .filter(ProcessId::is_alive)
            .map(|s| s.pid)
            .collect();
        for pid in procfs::descendants_of(&live) {
            procfs::signal(pid, Signal::SIGKILL);
        }
    }
}

/// What follows a run that ended in `state`, by Thermos' rules: a daemon runs again after a
/// success; a failure is retried while `failures < max_failures` (0: always); a run lost or
/// ended by a signal from elsewhere is retried without counting as a failure; an ephemeral
/// process out of retries counts as finished; no process runs more than `MAX_RUNS` times.
pub(super) fn decide(
    runs: &mut ProcessRuns,
    state: ProcessState,
    by_runner: bool,
    in_phase: bool,
) -> Next {
    let process = &runs.process;
    runs.runs_ended += 1;
    if state == ProcessState::Failed {
        runs.failures += 1;
    }
    let capped = runs.runs_ended >= MAX_RUNS;
    let again = match state {
        ProcessState::Success if process.daemon => Next::Launch,
        ProcessState::Success => Next::Finished,
        ProcessState::Failed
            if process.max_failures == 0 || runs.failures < process.max_failures =>
        {
            Next::Launch
        }
        ProcessState::Failed if process.ephemeral => Next::Finished,
        ProcessState::Failed => Next::Failed,
        ProcessState::Killed if by_runner => Next::Stopped,
        _ => Next::Launch,
    };
    match again {
        Next::Launch if capped => Next::Failed,
        Next::Launch if !in_phase => Next::Stopped,
        next => next,
    }
}

pub(super) fn process_record(
    name: &str,
    run: u32,
    state: ProcessState,
    at_ms: u64,
) -> RunnerRecord {
    RunnerRecord::Process {
        process: name.to_string(),
        run,
        state,
        at_ms,
        supervisor: None,
        pid: None,
        return_code: None,
        by_runner: false,
        message: String::new(),
    }
}

/// Creates the stream of a run that was forked but never started, so that a late supervisor
/// refuses it; `true` when it was claimed (the run never started).
fn claim_unstarted_run(path: &Path) -> bool {
    match Writer::<RunRecord>::create_new(path) {
        Ok(mut writer) => {
            let record = RunRecord::StartFailed {
                message: "the runner was replaced before the process started".into(),
                at_ms: now_ms(),
            };
            let _ = writer.append(&record);
            true
        }
        Err(_) => false,
    }
}
