//! The local cluster: agents on this machine, each a directory under the data dir, each
//! starting `aurora-executor` for its tasks as a Mesos agent starts Aurora's executor.
//!
//! An agent's directory holds, per task: the `AssignedTask` it was given
//! (`tasks/ID.thrift`, binary), its sandbox (`sandboxes/ID`), the executor's status updates
//! (`status/ID.jsonl`, `api::agent`'s channel), the executor's output (`executors/ID.log`)
//! and its pid with its start time (`executors/ID.pid`). The Thermos checkpoints of all its
//! tasks are under `thermos/`. Executors run in their own process groups and outlive the
//! scheduler: after a restart [`Cluster::reconcile`] finds them again from these files.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;

use aurora_api::agent::{StatusUpdate, TaskState};
use aurora_api::{to_binary, AssignedTask};
use serde::Deserialize;

use super::{Cluster, LaunchError, Offer};
use crate::resources::ResourceBag;

/// One agent, as the agents file describes it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentConfig {
    pub hostname: String,
    pub cpus: f64,
    pub ram_mb: i64,
    pub disk_mb: i64,
    #[serde(default)]
    pub gpus: i64,
    /// The first and last port it offers.
    pub ports: (u16, u16),
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

impl AgentConfig {
    /// The agent id Mesos would give it.
    pub fn agent_id(&self) -> String {
        format!("local-{}", self.hostname)
    }
}

/// Why the agents file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum AgentsError {
    #[error("{0}: {1}")]
    Unreadable(PathBuf, std::io::Error),
    #[error("{0}: {1}")]
    Invalid(PathBuf, String),
}

/// Reads an agents file: a JSON list of [`AgentConfig`]s.
pub fn read_agents(path: &Path) -> Result<Vec<AgentConfig>, AgentsError> {
    let text =
        std::fs::read_to_string(path).map_err(|e| AgentsError::Unreadable(path.into(), e))?;
    let agents: Vec<AgentConfig> = serde_json::from_str(&text)
        .map_err(|e| AgentsError::Invalid(path.into(), e.to_string()))?;
    let mut hostnames = BTreeSet::new();
    for agent in &agents {
        if !hostnames.insert(&agent.hostname) {
            return Err(AgentsError::Invalid(
                path.into(),
                format!("two agents are named {}", agent.hostname),
            ));
        }
        if agent.hostname.is_empty()
            || agent.hostname.contains(['/', '\0'])
            || agent.hostname == ".."
        {
            return Err(AgentsError::Invalid(
                path.into(),
                format!("{:?} cannot name an agent", agent.hostname),
            ));
        }
        if agent.ports.0 > agent.ports.1
            || agent.cpus <= 0.0
            || agent.ram_mb <= 0
            || agent.disk_mb <= 0
        {
            return Err(AgentsError::Invalid(
                path.into(),
                format!("agent {} offers nothing usable", agent.hostname),
            ));
        }
    }
    Ok(agents)
}

/// Three agents sharing this machine's CPUs, memory and disk, on ports 31000-33999, each in
/// a rack of its own.
pub fn default_agents(data_dir: &Path) -> Vec<AgentConfig> {
    let cpus = std::thread::available_parallelism().map_or(2, |n| n.get()) as f64;
    let ram_mb = machine_memory_mb().unwrap_or(4096);
    let disk_mb = nix::sys::statvfs::statvfs(data_dir)
        .map(|s| (s.blocks_available() as i64 * s.fragment_size() as i64) >> 20)
        .unwrap_or(20_480);
    (1..=3u16)
        .map(|n| AgentConfig {
            hostname: format!("agent-{n}"),
            cpus: (cpus / 3.0).max(1.0),
            ram_mb: (ram_mb / 3).max(512),
            disk_mb: (disk_mb / 3).max(1024),
            gpus: 0,
            ports: (30000 + n * 1000, 30999 + n * 1000),
            attributes: BTreeMap::from([("rack".to_string(), format!("rack-{n}"))]),
        })
        .collect()
}

fn machine_memory_mb() -> Option<i64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kb: i64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024)
}

/// A process and the start time that tells it apart from a later one with its pid.
fn start_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    if matches!(fields.first(), Some(&"Z") | Some(&"X")) {
        return None;
    }
    fields.get(19)?.parse().ok()
}

/// A task this cluster launched, until it ended.
struct Launched {
    agent: usize,
    resources: ResourceBag,
    ports: Vec<u16>,
    /// The executor, when this process started it.
    executor: Option<Child>,
    /// The executor's pid and start time, for one started before a restart.
    executor_pid: Option<(u32, u64)>,
    read_offset: u64,
    /// The last state the executor reported.
    reported: Option<TaskState>,
}

struct Agent {
    config: AgentConfig,
    dir: PathBuf,
}

impl Agent {
    fn path(&self, kind: &str, task_id: &str, extension: &str) -> PathBuf {
        self.dir.join(kind).join(format!("{task_id}{extension}"))
    }
}

/// The local cluster.
pub struct LocalCluster {
    agents: Vec<Agent>,
    executor: PathBuf,
    launched: Mutex<HashMap<String, Launched>>,
    /// `aurora-executor kill` processes, reaped as they end.
    killers: Mutex<Vec<Child>>,
}

impl LocalCluster {
    /// Agents under `data_dir/agents/HOSTNAME/`, starting `executor`.
    pub fn new(data_dir: &Path, agents: Vec<AgentConfig>, executor: &Path) -> LocalCluster {
        LocalCluster {
            agents: agents
                .into_iter()
                .map(|config| Agent {
                    dir: data_dir.join("agents").join(&config.hostname),
                    config,
                })
                .collect(),
            executor: executor.to_path_buf(),
            launched: Mutex::new(HashMap::new()),
            killers: Mutex::new(Vec::new()),
        }
    }

    fn agent_index(&self, agent_id: &str) -> Option<usize> {
        self.agents
            .iter()
            .position(|a| a.config.agent_id() == agent_id)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Launched>> {
        self.launched.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn start_executor(&self, agent: &Agent, task_id: &str) -> Result<Child, String> {
        let log =
            File::create(agent.path("executors", task_id, ".log")).map_err(|e| e.to_string())?;
        let mut command = Command::new(&self.executor);
        command
            .arg("run")
            .arg("--assigned-task")
            .arg(agent.path("tasks", task_id, ".thrift"))
            .arg("--sandbox")
            .arg(agent.path("sandboxes", task_id, ""))
            .arg("--checkpoint-root")
            .arg(agent.dir.join("thermos"))
            .arg("--status-file")
            .arg(agent.path("status", task_id, ".jsonl"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            // Its own group: a signal to the scheduler's group does not reach the tasks.
            .process_group(0);
        command
            .spawn()
            .map_err(|e| format!("{}: {e}", self.executor.display()))
    }

    /// New complete lines of a task's status file.
    fn read_updates(agent: &Agent, task_id: &str, launched: &mut Launched) -> Vec<StatusUpdate> {
        let Ok(mut file) = File::open(agent.path("status", task_id, ".jsonl")) else {
            return Vec::new();
        };
        if file.seek(SeekFrom::Start(launched.read_offset)).is_err() {
            return Vec::new();
        }
        let mut text = String::new();
        if file.read_to_string(&mut text).is_err() {
            return Vec::new();
        }
        let complete = text.rfind('\n').map_or(0, |end| end + 1);
        launched.read_offset += complete as u64;
        text[..complete]
            .lines()
            .filter_map(|line| StatusUpdate::from_line(line).ok())
            .filter(|update| update.task_id == task_id)
            .inspect(|update| launched.reported = Some(update.state))
            .collect()
    }

    /// What to say of a task whose executor is gone without a final update.
    fn executor_gone(agent: &Agent, task_id: &str, exit: Option<i32>) -> StatusUpdate {
        let log =
            std::fs::read_to_string(agent.path("executors", task_id, ".log")).unwrap_or_default();
        let last_line = log
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let (state, message) = match exit {
            Some(2) => (
                TaskState::Failed,
                format!("The executor refused the task: {last_line}"),
            ),
            _ => (
                TaskState::Lost,
                "The executor ended without reporting how the task ended.".to_string(),
            ),
        };
        StatusUpdate {
            task_id: task_id.to_string(),
            state,
            message,
            timestamp_ms: now_ms(),
        }
    }
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

fn task_ports(task: &AssignedTask) -> Vec<(String, i32)> {
    task.assigned_ports
        .iter()
        .flatten()
        .map(|(name, port)| (name.clone(), *port))
        .collect()
}

impl LocalCluster {
    fn offers_while_locked(&self, launched: &HashMap<String, Launched>) -> Vec<Offer> {
        self.agents
            .iter()
            .enumerate()
            .map(|(index, agent)| {
                let config = &agent.config;
                let mut free = ResourceBag {
                    cpus: config.cpus,
                    ram_mb: config.ram_mb,
                    disk_mb: config.disk_mb,
                    gpus: config.gpus,
                    ports: Vec::new(),
                };
                let mut used_ports = BTreeSet::new();
                for task in launched.values().filter(|t| t.agent == index) {
                    free.subtract(&task.resources);
                    used_ports.extend(task.ports.iter().copied());
                }
                let mut attributes: BTreeMap<String, BTreeSet<String>> = config
                    .attributes
                    .iter()
                    .map(|(k, v)| (k.clone(), BTreeSet::from([v.clone()])))
                    .collect();
                attributes
                    .entry("host".into())
                    .or_default()
                    .insert(config.hostname.clone());
                Offer {
                    agent_id: config.agent_id(),
                    hostname: config.hostname.clone(),
                    free,
                    free_ports: (config.ports.0..=config.ports.1)
                        .filter(|p| !used_ports.contains(p))
                        .collect(),
                    attributes,
                }
            })
            .collect()
    }
}

impl Cluster for LocalCluster {
    fn offers(&self) -> Vec<Offer> {
        self.offers_while_locked(&self.lock())
    }

    fn launch(&self, agent_id: &str, task: &AssignedTask) -> Result<(), LaunchError> {
        let task_id = task
            .task_id
            .clone()
            .filter(|id| !id.is_empty())
            .ok_or(LaunchError::NoTaskId)?;
        if task_id.contains(['/', '\0']) || task_id == ".." || task_id == "." {
            return Err(LaunchError::NoTaskId);
        }
        let index = self
            .agent_index(agent_id)
            .ok_or_else(|| LaunchError::UnknownAgent(agent_id.to_string()))?;
        let mut launched = self.lock();
        let offer = self.offers_while_locked(&launched).swap_remove(index);
        if launched.contains_key(&task_id) {
            return Err(LaunchError::AlreadyLaunched(task_id));
        }
        let resources = task.task.as_ref().map(ResourceBag::of).unwrap_or_default();
        if !resources.fits_in(&offer.free, offer.free_ports.len()) {
            return Err(LaunchError::DoesNotFit {
                agent: agent_id.to_string(),
                task: task_id,
            });
        }
        let mut ports = Vec::new();
        for (_, port) in task_ports(task) {
            match u16::try_from(port) {
                Ok(port) if offer.free_ports.binary_search(&port).is_ok() => ports.push(port),
                _ => {
                    return Err(LaunchError::PortNotFree {
                        agent: agent_id.to_string(),
                        task: task_id,
                        port,
                    })
                }
            }
        }
        let agent = &self.agents[index];
        let executor_error = |reason: String| LaunchError::Executor {
            task: task_id.clone(),
            reason,
        };
        for kind in ["tasks", "sandboxes", "status", "executors", "thermos"] {
            std::fs::create_dir_all(agent.dir.join(kind))
                .map_err(|e| executor_error(e.to_string()))?;
        }
        let mut assigned = task.clone();
        assigned.slave_id = Some(agent.config.agent_id());
        assigned.slave_host = Some(agent.config.hostname.clone());
        std::fs::write(
            agent.path("tasks", &task_id, ".thrift"),
            to_binary(&assigned),
        )
        .map_err(|e| executor_error(e.to_string()))?;
        let child = self
            .start_executor(agent, &task_id)
            .map_err(executor_error)?;
        let pid = child.id();
        if let Some(ticks) = start_ticks(pid) {
            let _ = std::fs::write(
                agent.path("executors", &task_id, ".pid"),
                format!("{pid} {ticks}\n"),
            );
        }
        launched.insert(
            task_id,
            Launched {
                agent: index,
                resources,
                ports,
                executor: Some(child),
                executor_pid: None,
                read_offset: 0,
                reported: None,
            },
        );
        Ok(())
    }

    fn kill(&self, task_id: &str) -> bool {
        let launched = self.lock();
        let Some(task) = launched.get(task_id) else {
            return false;
        };
        let agent = &self.agents[task.agent];
        let killer = Command::new(&self.executor)
            .arg("kill")
            .arg(task_id)
            .arg("--checkpoint-root")
            .arg(agent.dir.join("thermos"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        if let Ok(killer) = killer {
            self.killers
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(killer);
        }
        true
    }

    fn poll(&self) -> Vec<StatusUpdate> {
        self.killers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain_mut(|killer| matches!(killer.try_wait(), Ok(None)));
        let mut launched = self.lock();
        let mut updates = Vec::new();
        let mut ended = Vec::new();
        for (task_id, task) in launched.iter_mut() {
            let agent = &self.agents[task.agent];
            updates.extend(Self::read_updates(agent, task_id, task));
            if task.reported.is_some_and(TaskState::is_terminal) {
                ended.push(task_id.clone());
                continue;
            }
            // Gone without a final word: its exit says why, once the file is read to its end.
            let exit = match (&mut task.executor, task.executor_pid) {
                (Some(child), _) => match child.try_wait() {
                    Ok(Some(status)) => Some(status.code()),
                    _ => None,
                },
                (None, Some((pid, ticks))) => (start_ticks(pid) != Some(ticks)).then_some(None),
                (None, None) => Some(None),
            };
            if let Some(code) = exit {
                updates.extend(Self::read_updates(agent, task_id, task));
                if !task.reported.is_some_and(TaskState::is_terminal) {
                    updates.push(Self::executor_gone(agent, task_id, code));
                }
                ended.push(task_id.clone());
            }
        }
        for task_id in ended {
            if let Some(mut task) = launched.remove(&task_id) {
                if let Some(child) = &mut task.executor {
                    let _ = child.wait();
                }
            }
        }
        updates
    }

    fn reconcile(&self, tasks: &[AssignedTask]) -> Vec<StatusUpdate> {
        let mut launched = self.lock();
        let mut updates = Vec::new();
        for task in tasks {
            let Some(task_id) = task.task_id.clone() else {
                continue;
            };
            if launched.contains_key(&task_id) {
                continue;
            }
            let index = task.slave_id.as_deref().and_then(|id| self.agent_index(id));
            let known =
                index.filter(|&i| self.agents[i].path("tasks", &task_id, ".thrift").exists());
            let Some(index) = known else {
                updates.push(StatusUpdate {
                    task_id,
                    state: TaskState::Lost,
                    message: "Reconciliation: the task is unknown to its agent.".into(),
                    timestamp_ms: now_ms(),
                });
                continue;
            };
            let agent = &self.agents[index];
            let executor_pid = std::fs::read_to_string(agent.path("executors", &task_id, ".pid"))
                .ok()
                .and_then(|text| {
                    let mut parts = text.split_whitespace();
                    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
                });
            launched.insert(
                task_id,
                Launched {
                    agent: index,
                    resources: task.task.as_ref().map(ResourceBag::of).unwrap_or_default(),
                    ports: task_ports(task)
                        .into_iter()
                        .filter_map(|(_, p)| u16::try_from(p).ok())
                        .collect(),
                    executor: None,
                    executor_pid,
                    read_offset: 0,
                    reported: None,
                },
            );
        }
        updates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_agents_file_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("agents.json");
        let write = |text: &str| std::fs::write(&path, text).unwrap();
        write(
            r#"[{"hostname":"a","cpus":2,"ram_mb":1024,"disk_mb":4096,"ports":[31000,31010],"attributes":{"rack":"r1"}}]"#,
        );
        let agents = read_agents(&path).unwrap();
        assert_eq!(agents[0].agent_id(), "local-a");
        assert_eq!(agents[0].attributes["rack"], "r1");
        write(
            r#"[{"hostname":"a","cpus":2,"ram_mb":1024,"disk_mb":4096,"ports":[31000,31010]},{"hostname":"a","cpus":1,"ram_mb":1,"disk_mb":1,"ports":[1,2]}]"#,
        );
        assert!(read_agents(&path)
            .unwrap_err()
            .to_string()
            .contains("two agents are named a"));
        write(
            r#"[{"hostname":"../x","cpus":2,"ram_mb":1024,"disk_mb":4096,"ports":[31000,31010]}]"#,
        );
        assert!(read_agents(&path).is_err());
        write(r#"[{"hostname":"a","cpus":2,"ram":1024,"disk_mb":4096,"ports":[31000,31010]}]"#);
        assert!(read_agents(&path)
            .unwrap_err()
            .to_string()
            .contains("unknown field `ram`"));
    }

    #[test]
    fn default_agents_split_the_machine_in_three_racks() {
        let dir = tempfile::tempdir().unwrap();
        let agents = default_agents(dir.path());
        assert_eq!(agents.len(), 3);
        let racks: BTreeSet<&String> = agents.iter().map(|a| &a.attributes["rack"]).collect();
        assert_eq!(racks.len(), 3);
        assert!(agents.windows(2).all(|w| w[0].ports.1 < w[1].ports.0));
    }
}
