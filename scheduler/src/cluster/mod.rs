//! Where tasks run, behind a trait modelled on Mesos' offer protocol: agents offer their free
//! resources and attributes, the scheduler launches a task on one and may kill it, and status
//! updates come back. [`local`] is the embedded default: agents on this machine, each
//! starting `aurora-executor` for the tasks it is given.

pub mod local;

use std::collections::{BTreeMap, BTreeSet};

use aurora_api::agent::StatusUpdate;
use aurora_api::AssignedTask;

use crate::resources::ResourceBag;

/// What one agent has free now.
#[derive(Clone, Debug, PartialEq)]
pub struct Offer {
    pub agent_id: String,
    pub hostname: String,
    pub free: ResourceBag,
    /// Its free ports, sorted.
    pub free_ports: Vec<u16>,
    /// Its attributes (`rack`, `dedicated`...), each with its values.
    pub attributes: BTreeMap<String, BTreeSet<String>>,
}

/// Why a launch was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LaunchError {
    #[error("no agent {0}")]
    UnknownAgent(String),
    #[error("task {0} is already running")]
    AlreadyLaunched(String),
    #[error("agent {agent} has not got what task {task} needs free")]
    DoesNotFit { agent: String, task: String },
    #[error("port {port} of task {task} is not a free port of agent {agent}")]
    PortNotFree {
        agent: String,
        task: String,
        port: i32,
    },
    #[error("the task has no task id")]
    NoTaskId,
    #[error("starting the executor for task {task}: {reason}")]
    Executor { task: String, reason: String },
}

/// A cluster of agents.
pub trait Cluster: Send + Sync {
    /// Every agent's free resources now.
    fn offers(&self) -> Vec<Offer>;

    /// Starts `task` on the agent `agent_id`; its resources are then taken until it ends.
    fn launch(&self, agent_id: &str, task: &AssignedTask) -> Result<(), LaunchError>;

    /// Asks a task to stop; `false` when the cluster does not know it (it is not running).
    fn kill(&self, task_id: &str) -> bool;

    /// The status updates that came since the last call, oldest first.
    fn poll(&self) -> Vec<StatusUpdate>;

    /// After the scheduler restarted: takes back the tasks it believes launched. Those the
    /// cluster does not have come back as LOST updates, the others report again from their
    /// start (repeats of what the scheduler knows are no-ops to it).
    fn reconcile(&self, launched: &[AssignedTask]) -> Vec<StatusUpdate>;
}
