//! The Thermos-compatible executor: runs the processes of one Aurora task in a sandbox, as
//! Apache Aurora's executor does, from the `AssignedTask` an agent hands it.
//!
//! - [`spec`] reads and checks the task (executor data JSON, the `api::thermos` model) and
//!   [`template`] binds the refs left for the executor (`{{mesos.instance}}`...);
//! - [`plan`] decides which processes may start (order, concurrency, backoff);
//! - [`runner`] runs the task through Thermos' states, each run under a [`supervise`]d
//!   process of its own, and recovers from its [`checkpoint`]s after `kill -9`;
//! - [`status`] reads the checkpoints back for `status`, `tail`, `kill` and `gc`, and the
//!   [`observer`] serves them as Thermos' observer pages.
//!
//! It depends on `aurora-api` only: it never sees a `.aurora` file, the compiler or the
//! scheduler, just the task it is given and the agent it reports to (`api::agent`).

pub mod checkpoint;
pub mod disk;
pub mod health;
pub mod observer;
pub mod plan;
pub mod procfs;
pub mod records;
pub mod runner;
pub mod spec;
pub mod status;
pub mod supervise;
pub mod template;
