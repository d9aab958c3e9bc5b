//! The Aurora and Thermos configuration schema, as `.aurora` source.
//!
//! This is the namespace real Aurora puts in front of every config (`Process`, `Task`,
//! `Job`, `Resources`, ...). It is written in the configuration language itself, so the
//! language dogfoods itself and editors read field documentation from here: each Struct
//! has a docstring and each field a `#` comment on the lines right above it. This crate
//! holds text only; `aurora-compiler` parses and evaluates it, and knows how.
//!
//! How real Aurora builds a config's namespace, which this crate mirrors: the loader runs
//! `from pystachio import *` and then `from apache.aurora.config.schema.base import *`;
//! that module has no `__all__` and itself does `from apache.thermos.config.schema import
//! *`, which re-exports the Thermos base schema (no `__all__`) and the Thermos helpers
//! (their `__all__`). The loader then adds `include`. [`prelude_names`] is the result.

/// One file of the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchemaFile {
    /// The file name under `stdlib/schema/`, e.g. `thermos.aurora`.
    pub name: &'static str,
    /// The file's text.
    pub source: &'static str,
    /// Its syntax tree, parsed at build time (`aurora_dsl::snapshot::decode` reads it),
    /// with spans in the file whose id is this file's index in [`SCHEMA`].
    pub syntax: &'static [u8],
}

/// The schema files, in the order they must be evaluated (listed in `build.rs`).
///
/// All of them run in one namespace (the schema's "module globals"), which starts with
/// [`PYSTACHIO_NAMES`]; later files use names that earlier ones define, and functions
/// defined here keep reading their names from that namespace when a config calls them.
/// Top-level names starting with `_` are private helpers and are not exported.
pub const SCHEMA: &[SchemaFile] = include!(concat!(env!("OUT_DIR"), "/schema_files.rs"));

/// The names Pystachio itself provides (what `from pystachio import *` binds that a config
/// can use); the compiler supplies them natively, before the [`SCHEMA`] files run.
///
/// Real Pystachio 0.8.5 has no `__all__`, so its star import also leaks the module `sys`
/// and its own submodules (`base`, `basic`, `choice`, `composite`, `config`, `container`,
/// `compatibility`, `naming`, `parsing`, `typing`). They are left out on purpose:
/// evaluation is hermetic and modules are not values configs can use.
pub const PYSTACHIO_NAMES: &[&str] = &[
    "Environment",
    "Boolean",
    "Enum",
    "Float",
    "Integer",
    "String",
    "Choice",
    "Default",
    "Empty",
    "Required",
    "Struct",
    "List",
    "Map",
    "Namable",
    "Ref",
    "MustacheParser",
    "Type",
    "TypeCheck",
    "TypeFactory",
];

/// The public names the [`SCHEMA`] files define, in definition order.
///
/// Names that are not here (or in [`PYSTACHIO_NAMES`]) are not defined, exactly as in
/// real Aurora (Twitter's `Packer`, for one, must fail with a NameError).
pub const SCHEMA_NAMES: &[&str] = &[
    // thermos.aurora (apache.thermos.config.schema_base)
    "BYTES",
    "KB",
    "MB",
    "GB",
    "TB",
    "ThermosContext",
    "Resources",
    "Constraint",
    "RotatePolicy",
    "LoggerDestination",
    "LoggerMode",
    "Logger",
    "Process",
    "Task",
    // thermos_helpers.aurora (apache.thermos.config.schema_helpers.__all__)
    "Units",
    "Processes",
    "Tasks",
    "Options",
    "SimpleTask",
    "SequentialTask",
    "python_options",
    "java_options",
    "combine_tasks",
    "concat_tasks",
    "order",
    // aurora.aurora (apache.aurora.config.schema.base)
    "AURORA_EXECUTOR_NAME",
    "MesosContext",
    "QueueUpdateStrategy",
    "BatchUpdateStrategy",
    "VariableBatchUpdateStrategy",
    "UpdateConfig",
    "HttpHealthChecker",
    "ShellHealthChecker",
    "HealthCheckerConfig",
    "DefaultHealthChecker",
    "HealthCheckConfig",
    "HttpLifecycleConfig",
    "LifecycleConfig",
    "DisableLifecycle",
    "DefaultLifecycleConfig",
    "Announcer",
    "MesosTaskInstance",
    "Parameter",
    "Docker",
    "AppcImage",
    "DockerImage",
    "Mode",
    "Volume",
    "Mesos",
    "Container",
    "PartitionPolicy",
    "Metadata",
    "ExecutorConfig",
    "PercentageSlaPolicy",
    "CountSlaPolicy",
    "CoordinatorSlaPolicy",
    "MesosJob",
    "Job",
    "Service",
];

/// Every name a config sees before its first line runs: [`PYSTACHIO_NAMES`] followed by
/// [`SCHEMA_NAMES`]. The loader's `include` is not listed: it is the evaluator's (it
/// reads files).
pub fn prelude_names() -> impl Iterator<Item = &'static str> {
    PYSTACHIO_NAMES.iter().chain(SCHEMA_NAMES).copied()
}
