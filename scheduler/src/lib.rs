//! An Aurora-compatible scheduler: Aurora's Thrift API over durable storage, its task state
//! machine, placement of tasks on agents' offers, and the local cluster's agents.
//!
//! - [`storage`] keeps jobs, tasks and quotas, as Aurora's own Thrift types, in redb: a write
//!   is acknowledged only once committed;
//! - [`query`] finds the tasks a `TaskQuery` names;
//! - [`api`] answers Aurora's Thrift API over them, and [`http`] serves it at `/api`;
//! - [`cluster`] is where tasks run: agents' offers, launches, kills and status updates, with
//!   [`cluster::local`] the agents of this machine; [`resources`] is what a task asks of one.
//!
//! It depends on `aurora-api` only: a job reaches it as a `JobConfiguration`, as from Aurora's
//! own client, and reaches an executor as an `AssignedTask`.

pub mod api;
pub mod cluster;
pub mod http;
pub mod query;
pub mod resources;
pub mod storage;
