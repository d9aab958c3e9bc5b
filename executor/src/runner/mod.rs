//! The task runner: plans and starts the task's processes, follows their runs through their
//! supervisors' checkpoints, and walks the task through Thermos' states, appending every
//! change to the runner's checkpoint before acting on it.
//!
//! ACTIVE runs the regular processes until they are complete (ephemeral ones never hold the
//! task open) or the task is unhealthy (`max_failures` processes failed, or what is left can
//! never start). CLEANING sends SIGTERM to what still runs, orphans included, and waits for it
//! to go. FINALIZING sends SIGKILL to anything left and runs the final processes. CLEANING and
//! FINALIZING together have `finalization_wait` seconds (a kill: `kill_wait`); then
//! everything is killed and the task ends SUCCESS, FAILED or KILLED.
//!
//! A runner started on the checkpoint of a task whose runner died takes over: it replays the
//! stream, re-attaches to the runs whose supervisors still live (pid and start time), records
//! the runs whose supervisors vanished as LOST, and goes on. It never starts a run twice: a
//! run's stream is created exclusively, by its supervisor or, to claim a run that never
//! started, by the runner.

use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use aurora_api::agent::{StatusUpdate, TaskState as AgentState};
use aurora_api::thermos::{LoggerDestination, Process};
use nix::sys::signal::Signal;

use std::sync::mpsc::Receiver;

use crate::checkpoint::{CheckpointError, Writer};
use crate::health::Health;
use crate::plan::{Next, Plan, Planned};
use crate::procfs;
use crate::records::{
    now_ms, ProcessId, ProcessState, RunnerHeader, RunnerRecord, TaskPaths, TaskState,
};
use crate::spec::TaskSpec;

mod runs;
mod watch;
use runs::decide;
use watch::{forced_outcome, Lifecycle};

/// Thermos' cap on the runs of one process, whatever its `max_failures`.
pub const MAX_RUNS: u32 = 100;
/// A run forked this long ago whose process never started is LOST (Thermos' LOST_TIMEOUT).
const FORKED_TIMEOUT_MS: u64 = 60_000;

/// How a runner is set up.
#[derive(Clone, Debug)]
pub struct RunConfig {
    pub sandbox: PathBuf,
    pub checkpoint_root: PathBuf,
    /// The `aurora-executor` binary, run as `supervise` for each process run.
    pub supervisor_program: PathBuf,
    /// Where status updates for the agent go (JSON lines), if anywhere.
    pub status_file: Option<PathBuf>,
    /// How long a killed task has for its processes to stop and its final processes to run
    /// (Aurora: 60 s).
    pub kill_wait: Duration,
    /// How often the runner looks at its processes.
    pub tick: Duration,
    /// How often the sandbox's disk use is measured (Aurora: 60 s).
    pub disk_check_interval: Duration,
    /// How often the processes' resident memory is measured against the task's `ram`.
    pub ram_check_interval: Duration,
    /// Print one line per state change on stdout.
    pub print_changes: bool,
    /// Run the processes as this uid and gid (only when the executor is root).
    pub run_as: Option<(u32, u32)>,
}

/// Why a runner stopped before the task ended.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
    #[error("task {task_id} already has a live runner (pid {pid})")]
    AlreadyRunning { task_id: String, pid: i32 },
    #[error("{0}")]
    Io(String),
}

/// Set by SIGTERM/SIGINT: kill the task, then exit.
static KILL_SIGNALLED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_kill_signal(_: nix::libc::c_int) {
    KILL_SIGNALLED.store(true, Ordering::SeqCst);
}

/// Makes SIGTERM and SIGINT kill the task the runner runs, as `thermos kill` would.
pub fn kill_on_signals() {
    use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet};
    let action = SigAction::new(
        SigHandler::Handler(on_kill_signal),
        SaFlags::SA_RESTART,
        SigSet::empty(),
    );
    for signal in [Signal::SIGTERM, Signal::SIGINT] {
        // SAFETY: the handler only stores to an atomic.
        let _ = unsafe { sigaction(signal, &action) };
    }
}

/// One process of the task and its runs.
#[derive(Debug)]
struct ProcessRuns {
    process: Process,
    /// The latest run's state; `None` before the first launch.
    state: Option<ProcessState>,
    next: Next,
    /// The latest run's number.
    run: u32,
    failures: i64,
    runs_ended: u32,
    last_terminal_ms: Option<u64>,
    active: Option<ActiveRun>,
}

/// A run that is forked and not yet over.
#[derive(Debug)]
struct ActiveRun {
    supervisor: Option<ProcessId>,
    child: Option<Child>,
    pid: Option<ProcessId>,
    forked_at_ms: u64,
    /// The runner has signalled it to stop.
    stopping: bool,
}

/// The whole task as the runner sees it.
pub struct Runner {
    config: RunConfig,
    paths: TaskPaths,
    header: RunnerHeader,
    spec: TaskSpec,
    writer: Writer<RunnerRecord>,
    state: TaskState,
    state_since_ms: u64,
    /// How the task ends unless killed, decided when ACTIVE ends.
    outcome: Option<(TaskState, String)>,
    processes: BTreeMap<String, ProcessRuns>,
    kill_requested_at_ms: Option<u64>,
    /// How a stopped task ends (KILLED, or FAILED for a failed health check), and why.
    forced: Option<(TaskState, String)>,
    /// When the processes were sent SIGTERM; a stopped task's deadline counts from there.
    terminated_at_ms: Option<u64>,
    lifecycle: Lifecycle,
    health: Option<Receiver<Health>>,
    health_started: bool,
    next_disk_check_ms: u64,
    next_ram_check_ms: u64,
    cleaning_started: Option<u64>,
    /// Supervisors whose process ended while something it started still runs.
    lingering: Vec<ProcessId>,
    /// The signals of the current stage were sent.
    stage_signalled: bool,
    reported: Option<AgentState>,
}

impl Runner {
    /// Opens the task's checkpoint: a fresh task starts ACTIVE, a checkpointed one is
    /// recovered.
    pub fn open(spec: TaskSpec, config: RunConfig) -> Result<Runner, RunError> {
        let paths = TaskPaths::new(&config.checkpoint_root, &spec.bindings.task_id);
        let (writer, records) = Writer::<RunnerRecord>::open(&paths.runner())?;
        let header = RunnerHeader {
            task_id: spec.bindings.task_id.clone(),
            instance: spec.bindings.instance,
            hostname: spec.bindings.hostname.clone(),
            user: spec.bindings.user.clone(),
            sandbox: config.sandbox.clone(),
            ports: spec.bindings.ports.clone(),
            launch_time_ms: now_ms(),
        };
        let processes = spec
            .task
            .processes
            .iter()
            .map(|process| {
                let runs = ProcessRuns {
                    process: process.clone(),
                    state: None,
                    next: Next::Launch,
                    run: 0,
                    failures: 0,
                    runs_ended: 0,
                    last_terminal_ms: None,
                    active: None,
                };
                (process.name.clone(), runs)
            })
            .collect();
        let mut runner = Runner {
            config,
            paths,
            header,
            spec,
            writer,
            state: TaskState::Active,
            state_since_ms: now_ms(),
            outcome: None,
            processes,
            kill_requested_at_ms: None,
            forced: None,
            terminated_at_ms: None,
            lifecycle: Lifecycle::default(),
            health: None,
            health_started: false,
            next_disk_check_ms: 0,
            next_ram_check_ms: 0,
            cleaning_started: None,
            lingering: Vec::new(),
            stage_signalled: false,
            reported: None,
        };
        if records.is_empty() {
            runner.start_fresh()?;
        } else {
            runner.replay(records)?;
        }
        if let Some(me) = ProcessId::of(std::process::id() as i32) {
            runner.append(RunnerRecord::Runner {
                pid: me.pid,
                start_ticks: me.start_ticks,
            })?;
        }
        Ok(runner)
    }

    fn start_fresh(&mut self) -> Result<(), RunError> {
        let sandbox = &self.config.sandbox;
        std::fs::create_dir_all(sandbox).map_err(|e| {
            RunError::Io(format!(
                "Failed to create the sandbox {}: {e}",
                sandbox.display()
            ))
        })?;
        if let Some((uid, gid)) = self.config.run_as {
            std::os::unix::fs::chown(sandbox, Some(uid), Some(gid))
                .map_err(|e| RunError::Io(format!("Failed to chown/chmod the sandbox: {e}")))?;
        }
        let active = self.paths.active_task();
        write_creating_parent(&active, self.spec.data.to_json().as_bytes())?;
        self.append(RunnerRecord::Header(self.header.clone()))?;
        self.set_task_state(TaskState::Active, None, String::new())
    }

    /// Rebuilds the state from a checkpoint another runner wrote.
    fn replay(&mut self, records: Vec<RunnerRecord>) -> Result<(), RunError> {
        for record in records {
            match record {
                RunnerRecord::Header(header) => self.header = header,
                RunnerRecord::Runner { pid, start_ticks } => {
                    let previous = ProcessId { pid, start_ticks };
                    if pid != std::process::id() as i32 && previous.is_alive() {
                        return Err(RunError::AlreadyRunning {
                            task_id: self.header.task_id.clone(),
                            pid,
                        });
                    }
                }
                RunnerRecord::Task {
                    state,
                    at_ms,
                    outcome,
                    message,
                } => {
                    self.state = state;
                    self.state_since_ms = at_ms;
                    if state == TaskState::Cleaning {
                        self.cleaning_started = Some(at_ms);
                    }
                    if let Some(outcome) = outcome {
                        self.outcome = Some((outcome, message));
                    }
                }
                RunnerRecord::KillRequested {
                    at_ms,
                    reason,
                    outcome,
                } => {
                    if self.kill_requested_at_ms.is_none() {
                        self.kill_requested_at_ms = Some(at_ms);
                        self.forced = Some(forced_outcome(outcome, reason));
                    }
                }
                RunnerRecord::Process {
                    process,
                    run,
                    state,
                    at_ms,
                    supervisor,
                    pid,
                    by_runner,
                    ..
                } => self.replay_process(&process, run, state, at_ms, supervisor, pid, by_runner),
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn replay_process(
        &mut self,
        name: &str,
        run: u32,
        state: ProcessState,
        at_ms: u64,
        supervisor: Option<ProcessId>,
        pid: Option<ProcessId>,
        by_runner: bool,
    ) {
        let in_phase = self.in_phase(name);
        let Some(runs) = self.processes.get_mut(name) else {
            return;
        };
        runs.state = Some(state);
        runs.run = run;
        match state {
            ProcessState::Waiting => {}
            ProcessState::Forked => {
                let active = runs.active.get_or_insert(ActiveRun {
                    supervisor: None,
                    child: None,
                    pid: None,
                    forked_at_ms: at_ms,
                    stopping: false,
                });
                active.supervisor = supervisor.or(active.supervisor);
                runs.next = Next::Running;
            }
            ProcessState::Running => {
                if let Some(active) = &mut runs.active {
                    active.pid = pid;
                }
            }
            _ => {
                runs.active = None;
                runs.next = decide(runs, state, by_runner, in_phase);
                runs.last_terminal_ms = Some(at_ms);
            }
        }
    }

    /// Asks for the task to be killed; the runner does it on its next steps.
    pub fn request_kill(&mut self, reason: &str) -> Result<(), RunError> {
        self.stop(None, reason)
    }

    /// Stops the task, to end KILLED (`outcome` None) or as `outcome`; the first call wins.
    fn stop(&mut self, outcome: Option<TaskState>, reason: &str) -> Result<(), RunError> {
        if self.kill_requested_at_ms.is_none() && !self.state.is_terminal() {
            let at_ms = now_ms();
            self.kill_requested_at_ms = Some(at_ms);
            self.forced = Some(forced_outcome(outcome, reason.to_string()));
            self.append(RunnerRecord::KillRequested {
                at_ms,
                reason: reason.to_string(),
                outcome,
            })?;
        }
        Ok(())
    }

    /// Runs the task until it is over, and returns how it ended.
    pub fn run_to_end(&mut self) -> Result<TaskState, RunError> {
        if !self.state.is_terminal() {
            self.report(AgentState::Starting, String::new());
        }
        loop {
            if KILL_SIGNALLED.load(Ordering::SeqCst) {
                self.request_kill("the executor was signalled")?;
            }
            self.step()?;
            if self.state.is_terminal() {
                self.finish()?;
                return Ok(self.state);
            }
            std::thread::sleep(self.config.tick);
        }
    }

    /// One look at everything: follow the runs, move the task on, start what may start.
    pub fn step(&mut self) -> Result<(), RunError> {
        let now = now_ms();
        let names: Vec<String> = self.processes.keys().cloned().collect();
        for name in &names {
            self.follow(name, now)?;
        }
        match self.state {
            TaskState::Active => self.step_active(now),
            TaskState::Cleaning => self.step_cleaning(now),
            TaskState::Finalizing => self.step_finalizing(now),
            _ => Ok(()),
        }
    }

    fn step_active(&mut self, now: u64) -> Result<(), RunError> {
        self.watch_health()?;
        self.watch_disk(now)?;
        self.watch_ram(now)?;
        if let Some((outcome, message)) = self.forced.clone() {
            return self.begin_cleaning(outcome, message);
        }
        let plan = self.plan(false);
        let planned = self.planned();
        let failed: Vec<&str> = plan
            .processes
            .iter()
            .filter(|p| self.processes[&p.name].next == Next::Failed)
            .map(|p| p.name.as_str())
            .collect();
        let max_failures = self.spec.task.max_failures;
        if max_failures > 0 && failed.len() as i64 >= max_failures {
            let message = format!("Task failed. Failed processes: {}", failed.join(", "));
            return self.begin_cleaning(TaskState::Failed, message);
        }
        if plan.is_deadlocked(&planned, now) {
            let message = "Task failed. Processes wait for processes that failed".to_string();
            return self.begin_cleaning(TaskState::Failed, message);
        }
        if plan.is_complete(&planned) {
            return self.begin_cleaning(TaskState::Success, "Task finished.".into());
        }
        self.launch_runnable(false, now)
    }

    /// Starts every process of the regular (or final) set that may start now.
    fn launch_runnable(&mut self, finals: bool, now: u64) -> Result<(), RunError> {
        let planned = self.planned();
        let start: Vec<String> = self
            .plan(finals)
            .runnable(&planned, now)
            .0
            .iter()
            .map(|p| p.name.clone())
            .collect();
        for name in start {
            self.fork(&name, now)?;
        }
        Ok(())
    }

    fn begin_cleaning(&mut self, outcome: TaskState, message: String) -> Result<(), RunError> {
        self.outcome = Some((outcome, message.clone()));
        self.set_task_state(TaskState::Cleaning, Some(outcome), message)
    }

    /// When CLEANING and FINALIZING must be over.
    fn deadline_ms(&self) -> u64 {
        match self.kill_requested_at_ms {
            Some(at) => {
                let terminated = self.terminated_at_ms.unwrap_or(at);
                terminated + self.config.kill_wait.as_millis() as u64
            }
            None => {
                let started = self.cleaning_started_ms();
                started + self.spec.task.finalization_wait.max(0) as u64 * 1000
            }
        }
    }

    fn cleaning_started_ms(&self) -> u64 {
        self.cleaning_started.unwrap_or(self.state_since_ms)
    }

    fn step_cleaning(&mut self, now: u64) -> Result<(), RunError> {
        if self.forced.is_some() && !self.stage_signalled && self.ask_to_shut_down(now) {
            return Ok(());
        }
        if !self.stage_signalled {
            self.terminated_at_ms = Some(now);
            // SIGTERM once: to each running process's shell, and to orphans.
            self.stage_signalled = true;
            self.signal_lingering(Signal::SIGTERM);
            for runs in self.processes.values_mut() {
                if let Some(active) = &mut runs.active {
                    active.stopping = true;
                    if let Some(pid) = active.pid.filter(ProcessId::is_alive) {
                        procfs::signal(pid.pid, Signal::SIGTERM);
                    }
                }
            }
        }
        self.forget_dead_lingering();
        let alive =
            self.processes.values().any(|runs| runs.active.is_some()) || !self.lingering.is_empty();
        if !alive {
            self.stage_signalled = false;
            return self.set_task_state(TaskState::Finalizing, None, String::new());
        }
        if now >= self.deadline_ms() {
            self.kill_everything();
        }
        Ok(())
    }

    fn step_finalizing(&mut self, now: u64) -> Result<(), RunError> {
        if !self.stage_signalled {
            self.stage_signalled = true;
            self.kill_everything();
        }
        let deadline = self.deadline_ms();
        let plan = self.plan(true);
        let planned = self.planned();
        let over = plan.is_complete(&planned) || plan.is_deadlocked(&planned, now);
        if now >= deadline || over {
            self.kill_everything();
            self.forget_dead_lingering();
            let alive = self.processes.values().any(|runs| runs.active.is_some());
            if !alive && self.lingering.is_empty() {
                let (outcome, message) = match &self.forced {
                    Some(forced) => forced.clone(),
                    None => self
                        .outcome
                        .clone()
                        .unwrap_or((TaskState::Success, "Task finished.".into())),
                };
                return self.set_task_state(outcome, None, message);
            }
            return Ok(());
        }
        self.launch_runnable(true, now)
    }

    /// Whether `name` may run in the current stage.
    fn in_phase(&self, name: &str) -> bool {
        let is_final = self.processes.get(name).is_some_and(|r| r.process.r#final);
        match self.state {
            TaskState::Active => !is_final,
            TaskState::Finalizing => is_final,
            _ => false,
        }
    }

    fn plan(&self, finals: bool) -> Plan<'_> {
        let processes = self
            .spec
            .task
            .processes
            .iter()
            .filter(|p| p.r#final == finals)
            .collect();
        Plan::new(
            processes,
            &self.spec.task.constraints,
            self.spec.task.max_concurrency,
        )
    }

    fn planned(&self) -> BTreeMap<String, Planned> {
        self.processes
            .iter()
            .map(|(name, runs)| {
                let planned = Planned {
                    next: runs.next,
                    last_terminal_ms: runs.last_terminal_ms,
                };
                (name.clone(), planned)
            })
            .collect()
    }

    /// The task is over: move its file to `finished`, sync, and report.
    fn finish(&mut self) -> Result<(), RunError> {
        self.writer.sync()?;
        let active = self.paths.active_task();
        if active.exists() {
            let finished = self.paths.finished_task();
            if let Some(dir) = finished.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = std::fs::rename(&active, &finished);
        }
        let message = match (&self.outcome, self.state) {
            (_, TaskState::Killed) => "Task killed.".to_string(),
            (Some((_, message)), _) if !message.is_empty() => message.clone(),
            _ => String::new(),
        };
        let agent = match self.state {
            TaskState::Success => AgentState::Finished,
            TaskState::Killed => AgentState::Killed,
            TaskState::Lost => AgentState::Lost,
            _ => AgentState::Failed,
        };
        self.report(agent, message);
        Ok(())
    }

    fn set_task_state(
        &mut self,
        state: TaskState,
        outcome: Option<TaskState>,
        message: String,
    ) -> Result<(), RunError> {
        let at_ms = now_ms();
        self.append(RunnerRecord::Task {
            state,
            at_ms,
            outcome,
            message: message.clone(),
        })?;
        self.state = state;
        self.state_since_ms = at_ms;
        if state == TaskState::Cleaning {
            self.cleaning_started = Some(at_ms);
        }
        let detail = if message.is_empty() {
            String::new()
        } else {
            format!(" ({message})")
        };
        self.print(format!(
            "task {}: {}{detail}",
            self.header.task_id,
            task_state_name(state)
        ));
        Ok(())
    }

    fn append(&mut self, record: RunnerRecord) -> Result<(), RunError> {
        Ok(self.writer.append(&record)?)
    }

    fn print(&self, line: String) {
        if self.config.print_changes {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        }
    }

    /// Sends the agent a status update, once per state.
    fn report(&mut self, state: AgentState, message: String) {
        if self.reported == Some(state) {
            return;
        }
        self.reported = Some(state);
        let Some(path) = &self.config.status_file else {
            return;
        };
        let update = StatusUpdate {
            task_id: self.header.task_id.clone(),
            state,
            message,
            timestamp_ms: now_ms(),
        };
        if let Ok(mut file) = OpenOptions::new().create(true).append(true).open(path) {
            let _ = file.write_all(update.to_line().as_bytes());
        }
    }
}

fn write_creating_parent(path: &Path, bytes: &[u8]) -> Result<(), RunError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| RunError::Io(format!("{}: {e}", dir.display())))?;
    }
    std::fs::write(path, bytes).map_err(|e| RunError::Io(format!("{}: {e}", path.display())))
}

/// The name Thermos gives a task state.
pub fn task_state_name(state: TaskState) -> &'static str {
    match state {
        TaskState::Active => "ACTIVE",
        TaskState::Cleaning => "CLEANING",
        TaskState::Finalizing => "FINALIZING",
        TaskState::Success => "SUCCESS",
        TaskState::Failed => "FAILED",
        TaskState::Killed => "KILLED",
        TaskState::Lost => "LOST",
    }
}

/// The name Thermos gives a process state.
pub fn process_state_name(state: ProcessState) -> &'static str {
    match state {
        ProcessState::Waiting => "WAITING",
        ProcessState::Forked => "FORKED",
        ProcessState::Running => "RUNNING",
        ProcessState::Success => "SUCCESS",
        ProcessState::Failed => "FAILED",
        ProcessState::Killed => "KILLED",
        ProcessState::Lost => "LOST",
    }
}

fn destination_name(destination: LoggerDestination) -> &'static str {
    match destination {
        LoggerDestination::File => "file",
        LoggerDestination::Console => "console",
        LoggerDestination::Both => "both",
        LoggerDestination::None => "none",
    }
}
