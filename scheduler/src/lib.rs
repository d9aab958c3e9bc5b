//! An Aurora-compatible scheduler: Aurora's Thrift API over durable storage, its task state
//! machine, placement of tasks on agents' offers, and the local cluster's agents.
//!
//! - [`storage`] keeps jobs, tasks and quotas, as Aurora's own Thrift types, in redb: a write
//!   is acknowledged only once committed;
//! - [`query`] finds the tasks a `TaskQuery` names;
//! - [`api`] answers Aurora's Thrift API over them, and [`http`] serves it at `/api`.
//!
//! It depends on `aurora-api` only: a job reaches it as a `JobConfiguration`, as from Aurora's
//! own client, and reaches an executor as an `AssignedTask`.

pub mod api;
pub mod http;
pub mod query;
pub mod storage;
