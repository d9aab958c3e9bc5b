//! What the observer knows about the tasks under a checkpoint root, in the shapes Thermos'
//! observer gives its JSON endpoints. Tasks are read from their checkpoints on demand and kept
//! while their runner stream is unchanged, so a list over many tasks re-reads only those that
//! moved.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use aurora_api::thermos::ExecutorData;
use serde::Serialize;

use crate::disk;
use crate::procfs::{self, ProcessTree};
use crate::records::{ProcessState, TaskPaths};
use crate::runner::{process_state_name, task_state_name};
use crate::status::{self, RunView, TaskView};

/// How long a sandbox's measured disk use is reused: walking a sandbox is the costly part of
/// a sample.
const DISK_SAMPLE_TTL: Duration = Duration::from_secs(60);

/// The task list's page size when none is asked for.
pub const DEFAULT_PAGE: usize = 20;

/// One task as last read.
#[derive(Debug)]
pub struct Observed {
    pub view: TaskView,
    /// When the runner stream last changed: the list shows the liveliest tasks first.
    pub modified: SystemTime,
    stream_len: u64,
    paths: TaskPaths,
    /// Read when first asked for: a list needs it only for the tasks on its page.
    data: OnceLock<Option<Arc<ExecutorData>>>,
}

impl Observed {
    /// The task as it was bound when it started (absent if its file is gone or unreadable).
    pub fn data(&self) -> Option<&ExecutorData> {
        self.data
            .get_or_init(|| {
                // The file moves from `active` to `finished` when the task ends.
                [self.paths.active_task(), self.paths.finished_task()]
                    .iter()
                    .find_map(|path| {
                        let text = std::fs::read_to_string(path).ok()?;
                        ExecutorData::from_json(&text).ok().map(Arc::new)
                    })
            })
            .as_deref()
    }

    pub fn name(&self) -> &str {
        self.data().map_or("", |d| d.task.name.as_str())
    }

    pub fn state_name(&self) -> &'static str {
        self.view.state.map_or("ACTIVE", task_state_name)
    }

    /// Seconds since the epoch at which the task was launched.
    pub fn launch_secs(&self) -> u64 {
        match self.view.statuses.first() {
            Some((_, at_ms)) => at_ms / 1000,
            None => self
                .view
                .header
                .as_ref()
                .map_or(0, |h| h.launch_time_ms / 1000),
        }
    }

    /// Seconds since the epoch at which the task entered its current state.
    pub fn state_secs(&self) -> u64 {
        let statuses = &self.view.statuses;
        let Some((current, _)) = statuses.last() else {
            return 0;
        };
        let entered = statuses
            .iter()
            .rev()
            .take_while(|(state, _)| state == current)
            .last()
            .map_or(0, |(_, at_ms)| *at_ms);
        entered / 1000
    }

    pub fn is_active(&self) -> bool {
        !self.view.is_terminal()
    }

    pub fn ports(&self) -> BTreeMap<String, u16> {
        self.view
            .header
            .as_ref()
            .map(|h| h.ports.clone())
            .unwrap_or_default()
    }

    /// Every process of the task, those that never ran included, in the task's order.
    pub fn process_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .data()
            .into_iter()
            .flat_map(|d| d.task.processes.iter().map(|p| p.name.clone()))
            .collect();
        for name in self.view.processes.keys() {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        names
    }

    /// The processes by what their latest run is doing, as Thermos groups them.
    pub fn processes_by_state(&self) -> ProcessesByState {
        let mut groups = ProcessesByState::default();
        for name in self.process_names() {
            let latest = self.view.processes.get(&name).and_then(|runs| runs.last());
            let group = match latest.map(|run| run.state) {
                None | Some(ProcessState::Waiting | ProcessState::Lost) => &mut groups.waiting,
                Some(ProcessState::Forked | ProcessState::Running) => &mut groups.running,
                Some(ProcessState::Success) => &mut groups.success,
                Some(ProcessState::Failed) => &mut groups.failed,
                Some(ProcessState::Killed) => &mut groups.killed,
            };
            group.push(name);
        }
        groups
    }

    /// The runs of a process, oldest first.
    pub fn runs(&self, process: &str) -> &[RunView] {
        self.view
            .processes
            .get(process)
            .map_or(&[], |runs| runs.as_slice())
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ProcessesByState {
    pub waiting: Vec<String>,
    pub running: Vec<String>,
    pub success: Vec<String>,
    pub failed: Vec<String>,
    pub killed: Vec<String>,
}

/// Which tasks a list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    All,
    Active,
    Finished,
}

impl Which {
    pub fn parse(text: Option<&str>) -> Option<Which> {
        match text {
            None | Some("all") => Some(Which::All),
            Some("active") => Some(Which::Active),
            Some("finished") => Some(Which::Finished),
            Some(_) => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Which::All => "all",
            Which::Active => "active",
            Which::Finished => "finished",
        }
    }

    fn includes(self, task: &Observed) -> bool {
        match self {
            Which::All => true,
            Which::Active => task.is_active(),
            Which::Finished => !task.is_active(),
        }
    }
}

/// Resources a process (with its descendants) or a task uses, in Thermos' sample shape.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Sample {
    /// Cores in use.
    pub cpu: f64,
    /// Resident bytes, as `rss`.
    pub ram: u64,
    /// CPU seconds in user and kernel mode.
    pub user: f64,
    pub system: f64,
    pub rss: u64,
    pub vms: u64,
    pub nice: Option<i64>,
    pub status: String,
    pub threads: u64,
    /// For a task: the bytes its sandbox uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk: Option<u64>,
}

impl Sample {
    fn empty() -> Sample {
        Sample {
            status: "None".into(),
            ..Sample::default()
        }
    }

    fn add(&mut self, other: &Sample) {
        self.cpu += other.cpu;
        self.ram += other.ram;
        self.user += other.user;
        self.system += other.system;
        self.rss += other.rss;
        self.vms += other.vms;
        self.threads += other.threads;
        if other.nice.is_some() {
            self.nice = other.nice;
            self.status = other.status.clone();
        }
    }
}

/// A row of the task list (`/j/task_ids`, `/main`).
#[derive(Clone, Debug, Serialize)]
pub struct TaskRow {
    pub task_id: String,
    pub name: String,
    pub role: String,
    pub launch_timestamp: u64,
    pub state: String,
    pub state_timestamp: u64,
    pub ports: BTreeMap<String, u16>,
    #[serde(flatten)]
    pub resources: Sample,
}

/// One page of the task list.
#[derive(Clone, Debug, Serialize)]
pub struct TaskList {
    pub tasks: Vec<TaskRow>,
    #[serde(rename = "type")]
    pub which: String,
    pub offset: usize,
    pub num: usize,
    pub task_count: usize,
}

/// `/j/task`: a task with its process groups and its Thermos task.
#[derive(Clone, Debug, Serialize)]
pub struct TaskDetail {
    pub task_id: String,
    pub name: String,
    pub launch_timestamp: u64,
    pub state: String,
    pub state_timestamp: u64,
    pub user: String,
    pub resource_consumption: Sample,
    pub ports: BTreeMap<String, u16>,
    pub processes: ProcessesByState,
    pub task: serde_json::Value,
}

/// `/j/process`: one run of a process.
#[derive(Clone, Debug, Serialize)]
pub struct ProcessRun {
    pub process_name: String,
    pub process_run: u32,
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_time: Option<f64>,
    /// Absent when 0, as Thermos leaves it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_code: Option<i32>,
    /// What the run uses, while it runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub used: Option<Sample>,
}

/// The counts `/j/task_id_count` answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TaskCounts {
    pub active: usize,
    pub finished: usize,
    pub all: usize,
}

/// The observer's view of a checkpoint root.
pub struct Observer {
    root: PathBuf,
    tasks: Mutex<HashMap<String, Arc<Observed>>>,
    cpu: Mutex<CpuSampler>,
    disk: Mutex<HashMap<String, (Instant, u64)>>,
    started: Instant,
    requests: AtomicU64,
}

/// Whether `task_id` can name a task under the root: no path tricks.
pub fn valid_task_id(task_id: &str) -> bool {
    !task_id.is_empty()
        && task_id != "."
        && task_id != ".."
        && !task_id.contains(['/', '\0'])
        && task_id.len() <= 1024
}

impl Observer {
    pub fn new(root: &Path) -> Observer {
        Observer {
            root: root.to_path_buf(),
            tasks: Mutex::new(HashMap::new()),
            cpu: Mutex::new(CpuSampler::default()),
            disk: Mutex::new(HashMap::new()),
            started: Instant::now(),
            requests: AtomicU64::new(0),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn count_request(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    /// A task as its checkpoint says now, or `None` when there is no such task.
    pub fn task(&self, task_id: &str) -> Option<Arc<Observed>> {
        if !valid_task_id(task_id) {
            return None;
        }
        let paths = TaskPaths::new(&self.root, task_id);
        let metadata = std::fs::metadata(paths.runner()).ok()?;
        let modified = metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        let cached = self.tasks.lock().ok()?.get(task_id).cloned();
        if let Some(cached) = &cached {
            if cached.stream_len == metadata.len() && cached.modified == modified {
                return Some(cached.clone());
            }
        }
        let view = status::read_task(&self.root, task_id).ok()?;
        // The bound task never changes once written: keep it if it was read.
        let data = OnceLock::new();
        if let Some(Some(known)) = cached.as_ref().and_then(|c| c.data.get()) {
            let _ = data.set(Some(known.clone()));
        }
        let observed = Arc::new(Observed {
            view,
            modified,
            stream_len: metadata.len(),
            paths,
            data,
        });
        if let Ok(mut tasks) = self.tasks.lock() {
            tasks.insert(task_id.to_string(), observed.clone());
        }
        Some(observed)
    }

    /// Every task under the root, the most recently changed first.
    pub fn all_tasks(&self) -> Vec<Arc<Observed>> {
        let ids = status::task_ids(&self.root);
        if let Ok(mut tasks) = self.tasks.lock() {
            // Forget what `gc` deleted.
            if tasks.len() > ids.len() {
                let live: std::collections::HashSet<&String> = ids.iter().collect();
                tasks.retain(|id, _| live.contains(id));
            }
        }
        let mut tasks: Vec<Arc<Observed>> = ids.iter().filter_map(|id| self.task(id)).collect();
        tasks.sort_by(|a, b| (b.modified, &a.view.task_id).cmp(&(a.modified, &b.view.task_id)));
        tasks
    }

    pub fn counts(&self) -> TaskCounts {
        let tasks = self.all_tasks();
        let active = tasks.iter().filter(|t| t.is_active()).count();
        TaskCounts {
            active,
            finished: tasks.len() - active,
            all: tasks.len(),
        }
    }

    /// One page of the list: `num` tasks from `offset` (negative: counted from the end).
    pub fn list(&self, which: Which, offset: i64, num: usize) -> TaskList {
        let tasks: Vec<Arc<Observed>> = self
            .all_tasks()
            .into_iter()
            .filter(|t| which.includes(t))
            .collect();
        let count = tasks.len();
        let offset = if offset >= 0 {
            offset as usize
        } else if count as u64 > offset.unsigned_abs() {
            (offset.rem_euclid(count as i64)) as usize
        } else {
            0
        };
        let tree = ProcessTree::scan();
        let rows = tasks
            .iter()
            .skip(offset)
            .take(num)
            .map(|task| TaskRow {
                task_id: task.view.task_id.clone(),
                name: task.name().to_string(),
                role: task
                    .view
                    .header
                    .as_ref()
                    .map_or(String::new(), |h| h.user.clone()),
                launch_timestamp: task.launch_secs(),
                state: task.state_name().to_string(),
                state_timestamp: task.state_secs(),
                ports: task.ports(),
                resources: self.task_sample(task, &tree),
            })
            .collect();
        TaskList {
            tasks: rows,
            which: which.name().to_string(),
            offset,
            num,
            task_count: count,
        }
    }

    pub fn detail(&self, task: &Observed) -> TaskDetail {
        TaskDetail {
            task_id: task.view.task_id.clone(),
            name: task.name().to_string(),
            launch_timestamp: task.launch_secs(),
            state: task.state_name().to_string(),
            state_timestamp: task.state_secs(),
            user: task
                .view
                .header
                .as_ref()
                .map_or(String::new(), |h| h.user.clone()),
            resource_consumption: self.task_sample(task, &ProcessTree::scan()),
            ports: task.ports(),
            processes: task.processes_by_state(),
            task: task
                .data()
                .and_then(|d| serde_json::to_value(&d.task).ok())
                .unwrap_or(serde_json::Value::Null),
        }
    }

    /// A run of a process (`None`: the latest), as `/j/process` shows it.
    pub fn process_run(
        &self,
        task: &Observed,
        process: &str,
        run: Option<u32>,
    ) -> Option<ProcessRun> {
        let runs = task.runs(process);
        let view = match run {
            None => runs.last()?,
            Some(run) => runs.iter().find(|r| r.run == run)?,
        };
        let seconds = |ms: Option<u64>| ms.map(|ms| ms as f64 / 1000.0);
        let used = (view.state == ProcessState::Running && task.is_active())
            .then(|| self.run_sample(view, &ProcessTree::scan()));
        Some(ProcessRun {
            process_name: process.to_string(),
            process_run: view.run,
            state: process_state_name(view.state).to_string(),
            start_time: seconds(view.start_ms),
            stop_time: seconds(view.stop_ms),
            return_code: view.return_code.filter(|&code| code != 0),
            used,
        })
    }

    /// What a running run's process and its descendants use now.
    pub fn run_sample(&self, run: &RunView, tree: &ProcessTree) -> Sample {
        let mut total = Sample::empty();
        let Some(process) = run.pid.filter(|p| p.is_alive()) else {
            return total;
        };
        let mut pids = vec![process.pid];
        pids.extend(tree.descendants_of(&[process.pid]));
        let Ok(mut cpu) = self.cpu.lock() else {
            return total;
        };
        for pid in pids {
            if let Some(sample) = cpu.sample(pid) {
                total.add(&sample);
            }
        }
        total
    }

    /// What a task's running processes use now, and its sandbox's disk use; nothing for a
    /// task that is over.
    fn task_sample(&self, task: &Observed, tree: &ProcessTree) -> Sample {
        let mut total = Sample::empty();
        if !task.is_active() {
            total.disk = Some(0);
            return total;
        }
        for runs in task.view.processes.values() {
            if let Some(run) = runs.last().filter(|r| r.state == ProcessState::Running) {
                total.add(&self.run_sample(run, tree));
            }
        }
        total.disk = Some(
            task.view
                .sandbox()
                .map_or(0, |sandbox| self.disk_use(&task.view.task_id, sandbox)),
        );
        total
    }

    fn disk_use(&self, task_id: &str, sandbox: &Path) -> u64 {
        let now = Instant::now();
        if let Some((at, bytes)) = self.disk.lock().ok().and_then(|d| d.get(task_id).copied()) {
            if now.duration_since(at) < DISK_SAMPLE_TTL {
                return bytes;
            }
        }
        let bytes = disk::sandbox_usage(sandbox);
        if let Ok(mut cache) = self.disk.lock() {
            cache.insert(task_id.to_string(), (now, bytes));
        }
        bytes
    }

    /// `/vars`: the observer's own figures, sorted by name.
    pub fn vars(&self) -> BTreeMap<&'static str, String> {
        let counts = self.counts();
        let me = std::process::id() as i32;
        let rss = procfs::resident_bytes(me).unwrap_or(0);
        let threads = procfs::stat(me).map_or(0, |s| s.threads);
        BTreeMap::from([
            (
                "observer.uptime_secs",
                self.started.elapsed().as_secs().to_string(),
            ),
            (
                "observer.requests",
                self.requests.load(Ordering::Relaxed).to_string(),
            ),
            ("observer.tasks.active", counts.active.to_string()),
            ("observer.tasks.finished", counts.finished.to_string()),
            ("observer.tasks.all", counts.all.to_string()),
            ("observer.rss_bytes", rss.to_string()),
            ("observer.threads", threads.to_string()),
        ])
    }
}

/// CPU rates from successive readings of each process's CPU time; a process read for the
/// first time gets its average since it started.
#[derive(Default)]
struct CpuSampler {
    last: HashMap<(i32, u64), (u64, Instant)>,
}

impl CpuSampler {
    /// Readings older than this are dropped rather than kept for processes long gone.
    const KEEP: Duration = Duration::from_secs(300);
    /// Readings closer than this give no rate.
    const MIN_INTERVAL: Duration = Duration::from_millis(250);

    fn sample(&mut self, pid: i32) -> Option<Sample> {
        let stat = procfs::stat(pid)?;
        let ticks_per_second = procfs::ticks_per_second() as f64;
        let ticks = stat.user_ticks + stat.system_ticks;
        let now = Instant::now();
        let key = (pid, stat.start_ticks);
        let rate = match self.last.get(&key) {
            Some(&(before, at)) if now.duration_since(at) >= Self::MIN_INTERVAL => {
                self.last.insert(key, (ticks, now));
                ticks.saturating_sub(before) as f64
                    / ticks_per_second
                    / now.duration_since(at).as_secs_f64()
            }
            // Too close to the last reading to tell a rate from noise.
            Some(_) => lifetime_rate(&stat, ticks_per_second),
            None => {
                if self.last.len() > 4096 {
                    self.last
                        .retain(|_, (_, at)| now.duration_since(*at) < Self::KEEP);
                }
                self.last.insert(key, (ticks, now));
                lifetime_rate(&stat, ticks_per_second)
            }
        };
        let page = procfs::page_size();
        Some(Sample {
            cpu: (rate * 1000.0).round() / 1000.0,
            ram: stat.resident_pages * page,
            user: stat.user_ticks as f64 / ticks_per_second,
            system: stat.system_ticks as f64 / ticks_per_second,
            rss: stat.resident_pages * page,
            vms: stat.virtual_bytes,
            nice: Some(stat.nice),
            status: status_name(stat.state).to_string(),
            threads: stat.threads,
            disk: None,
        })
    }
}

/// A process's average CPU rate since it started.
fn lifetime_rate(stat: &procfs::Stat, ticks_per_second: f64) -> f64 {
    let Some(uptime) = procfs::uptime_secs() else {
        return 0.0;
    };
    let alive_secs = uptime - stat.start_ticks as f64 / ticks_per_second;
    if alive_secs <= 0.0 {
        return 0.0;
    }
    (stat.user_ticks + stat.system_ticks) as f64 / ticks_per_second / alive_secs
}

/// psutil's names for `/proc` process states, which Thermos' samples carry.
fn status_name(state: char) -> &'static str {
    match state {
        'R' => "running",
        'S' => "sleeping",
        'D' => "disk-sleep",
        'T' => "stopped",
        't' => "tracing-stop",
        'Z' => "zombie",
        'X' | 'x' => "dead",
        'I' => "idle",
        'P' => "parked",
        'W' => "waking",
        _ => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_ids_with_path_tricks_are_not_tasks() {
        for bad in ["", ".", "..", "a/b", "../x", "a\0b"] {
            assert!(!valid_task_id(bad), "{bad:?}");
        }
        assert!(valid_task_id("www-data-prod-hello-0-1234"));
    }

    #[test]
    fn list_types_parse_as_thermos_names_them() {
        assert_eq!(Which::parse(None), Some(Which::All));
        assert_eq!(Which::parse(Some("finished")), Some(Which::Finished));
        assert_eq!(Which::parse(Some("running")), None);
    }

    #[test]
    fn this_process_samples_with_its_memory_and_threads() {
        let mut sampler = CpuSampler::default();
        let sample = sampler.sample(std::process::id() as i32).unwrap();
        assert!(sample.rss > 0 && sample.rss == sample.ram);
        assert!(sample.threads >= 1);
        assert!(sample.cpu >= 0.0);
        assert_eq!(
            sample.nice,
            Some(procfs::stat(std::process::id() as i32).unwrap().nice)
        );
    }
}
