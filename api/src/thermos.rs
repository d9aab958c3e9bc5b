//! The Thermos task JSON: what `taskConfig.executorConfig.data` holds when the executor is
//! `AuroraExecutor`, and what the executor runs.
//!
//! It is the client's `MesosJob` after interpolation, without `instances` and
//! `update_config`: the job's fields around the Thermos `Task` that the executor runs. Field
//! names, optionality and defaults are the schema's (`stdlib/schema/aurora.aurora` and
//! `thermos.aurora`). A field the compiler writes is never lost: reading then writing gives
//! back the same JSON value (a test checks every corpus job). Unknown fields are refused, as
//! Pystachio refuses attributes that are not in a Struct.
//!
//! Strings may still hold the refs the executor binds (`{{mesos.instance}}`,
//! `{{thermos.ports[http]}}`...); this model keeps them as written.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The whole executor data: a `MesosJob` as the executor receives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExecutorData {
    pub name: String,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    pub cluster: String,
    pub environment: String,
    pub task: Task,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announce: Option<Announcer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cron_schedule: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cron_collision_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Vec<Metadata>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_task_failures: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub production: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_config: Option<HealthCheckConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<LifecycleConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_links: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executor_config: Option<ExecutorConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_hooks: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_policy: Option<PartitionPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_policy: Option<SlaPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
}

/// The processes that run together in one sandbox (Thermos' `Task`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub name: String,
    #[serde(default)]
    pub processes: Vec<Process>,
    #[serde(default)]
    pub constraints: Vec<Constraint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Resources>,
    #[serde(default = "one")]
    pub max_failures: i64,
    #[serde(default)]
    pub max_concurrency: i64,
    #[serde(default = "thirty")]
    pub finalization_wait: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
}

/// One command line Thermos runs, and reruns, in the sandbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    pub name: String,
    pub cmdline: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Resources>,
    #[serde(default = "one")]
    pub max_failures: i64,
    #[serde(default)]
    pub daemon: bool,
    #[serde(default)]
    pub ephemeral: bool,
    #[serde(default = "five")]
    pub min_duration: i64,
    #[serde(default)]
    pub r#final: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logger: Option<Logger>,
}

/// `order('a', 'b')`: `b` starts only after `a` succeeded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    #[serde(default)]
    pub order: Vec<String>,
}

/// What a task (or a process) reserves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    pub cpu: f64,
    /// Bytes.
    pub ram: i64,
    /// Bytes.
    pub disk: i64,
    #[serde(default)]
    pub gpu: i64,
}

/// Where a process's output goes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logger {
    #[serde(default)]
    pub destination: LoggerDestination,
    #[serde(default)]
    pub mode: LoggerMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotate: Option<RotatePolicy>,
}

/// `LoggerDestination`: the files under `.logs`, the executor's own stdout/stderr, both, or
/// nowhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoggerDestination {
    #[default]
    File,
    Console,
    Both,
    None,
}

/// `LoggerMode`: one file per run, or files cut at `log_size` with `backups` kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoggerMode {
    #[default]
    Standard,
    Rotate,
}

/// How a rotating logger cuts its files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotatePolicy {
    /// Bytes.
    #[serde(default = "hundred_megabytes")]
    pub log_size: i64,
    #[serde(default = "five")]
    pub backups: i64,
}

/// Where the task announces itself in ZooKeeper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Announcer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_port: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portmap: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zk_path: Option<String>,
}

/// A `key = value` pair attached to the job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    pub key: String,
    pub value: String,
}

/// When the executor reports the task healthy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthCheckConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_checker: Option<HealthCheckerConfig>,
    #[serde(default = "fifteen_seconds")]
    pub initial_interval_secs: f64,
    #[serde(default = "ten_seconds")]
    pub interval_secs: f64,
    #[serde(default)]
    pub max_consecutive_failures: i64,
    #[serde(default = "one")]
    pub min_consecutive_successes: i64,
    #[serde(default = "one_second")]
    pub timeout_secs: f64,
}

/// Which health checker runs: an HTTP GET on the `health` port, or a shell command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthCheckerConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpHealthChecker>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shell: Option<ShellHealthChecker>,
}

/// `GET endpoint` on the `health` port.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpHealthChecker {
    #[serde(default = "health_endpoint")]
    pub endpoint: String,
    #[serde(default = "ok")]
    pub expected_response: String,
    /// 0: any status code will do, the body is compared instead.
    #[serde(default)]
    pub expected_response_code: i64,
}

/// A shell command that exits 0 when the task is healthy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShellHealthChecker {
    pub shell_command: String,
}

/// How the executor asks the task to stop before it signals it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifecycleConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpLifecycleConfig>,
}

/// POST `graceful_shutdown_endpoint`, wait, POST `shutdown_endpoint`, wait.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpLifecycleConfig {
    #[serde(default = "health")]
    pub port: String,
    #[serde(default = "quitquitquit")]
    pub graceful_shutdown_endpoint: String,
    #[serde(default = "abortabortabort")]
    pub shutdown_endpoint: String,
    #[serde(default = "five")]
    pub graceful_shutdown_wait_secs: i64,
    #[serde(default = "five")]
    pub shutdown_wait_secs: i64,
}

/// The executor the job names; `data` is only read by a custom executor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExecutorConfig {
    pub name: String,
    #[serde(default)]
    pub data: String,
}

/// Whether a partitioned task is rescheduled, and after how long.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartitionPolicy {
    #[serde(default = "yes")]
    pub reschedule: bool,
    #[serde(default)]
    pub delay_secs: i64,
}

/// One of the SLA policies; Pystachio writes a `Choice` as the chosen struct alone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SlaPolicy {
    Coordinator(CoordinatorSlaPolicy),
    Count(CountSlaPolicy),
    Percentage(PercentageSlaPolicy),
}

/// An external coordinator decides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoordinatorSlaPolicy {
    pub coordinator_url: String,
    #[serde(default = "drain")]
    pub status_key: String,
}

/// At least `count` instances stay up for `duration_secs`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountSlaPolicy {
    pub count: i64,
    pub duration_secs: i64,
}

/// At least `percentage` of the instances stay up for `duration_secs`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PercentageSlaPolicy {
    pub percentage: f64,
    pub duration_secs: i64,
}

/// The container the task runs in; a `Choice` of `Container`, `Docker` and `Mesos`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Container {
    /// `Container(docker=Docker(...))`, the old spelling.
    Wrapped(WrappedContainer),
    Docker(Docker),
    Mesos(MesosContainer),
}

/// `Container(docker=...)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WrappedContainer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docker: Option<Docker>,
}

/// A Docker container run by the Docker containerizer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Docker {
    pub image: String,
    #[serde(default)]
    pub parameters: Vec<Parameter>,
}

/// A `--name=value` parameter for Docker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    pub name: String,
    pub value: String,
}

/// An image run by the Mesos containerizer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MesosContainer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<MesosImage>,
    #[serde(default)]
    pub volumes: Vec<Volume>,
}

/// `Choice([AppcImage, DockerImage])`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MesosImage {
    Appc(AppcImage),
    Docker(DockerImage),
}

/// An AppC image by name and id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppcImage {
    pub name: String,
    pub image_id: String,
}

/// A Docker image by name and tag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DockerImage {
    pub name: String,
    pub tag: String,
}

/// A host path mounted into the container.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Volume {
    pub container_path: String,
    pub host_path: String,
    pub mode: String,
}

/// Why executor data could not be read.
#[derive(Debug, thiserror::Error)]
#[error("invalid Thermos executor data: {0}")]
pub struct ExecutorDataError(#[from] serde_json::Error);

impl ExecutorData {
    /// Reads the JSON the compiler writes into `executorConfig.data`.
    pub fn from_json(text: &str) -> Result<ExecutorData, ExecutorDataError> {
        Ok(serde_json::from_str(text)?)
    }

    /// The JSON form, as the compiler writes it (keys in field order).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self)
            .expect("executor data always serializes: no maps with non-string keys")
    }
}

fn one() -> i64 {
    1
}
fn five() -> i64 {
    5
}
fn thirty() -> i64 {
    30
}
fn hundred_megabytes() -> i64 {
    100 * 1024 * 1024
}
fn fifteen_seconds() -> f64 {
    15.0
}
fn ten_seconds() -> f64 {
    10.0
}
fn one_second() -> f64 {
    1.0
}
fn yes() -> bool {
    true
}
fn health_endpoint() -> String {
    "/health".into()
}
fn ok() -> String {
    "ok".into()
}
fn health() -> String {
    "health".into()
}
fn quitquitquit() -> String {
    "/quitquitquit".into()
}
fn abortabortabort() -> String {
    "/abortabortabort".into()
}
fn drain() -> String {
    "drain".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"name":"hello","role":"www-data","cluster":"devcluster",
        "environment":"prod","task":{"name":"hello","processes":[
        {"name":"hello","cmdline":"echo {{mesos.instance}}"}]}}"#;

    #[test]
    fn absent_fields_take_the_schema_defaults() {
        let data = ExecutorData::from_json(MINIMAL).unwrap();
        let process = &data.task.processes[0];
        assert_eq!(process.cmdline, "echo {{mesos.instance}}");
        assert_eq!(
            (
                process.max_failures,
                process.min_duration,
                process.daemon,
                process.r#final
            ),
            (1, 5, false, false)
        );
        assert_eq!(
            (data.task.max_failures, data.task.finalization_wait),
            (1, 30)
        );
        assert_eq!(data.task.max_concurrency, 0);
    }

    #[test]
    fn a_rotating_logger_round_trips() {
        let text = MINIMAL.replace(
            r#""cmdline":"echo {{mesos.instance}}""#,
            r#""cmdline":"x","logger":{"destination":"both","mode":"rotate",
               "rotate":{"log_size":1024,"backups":2}}"#,
        );
        let data = ExecutorData::from_json(&text).unwrap();
        let logger = data.task.processes[0].logger.clone().unwrap();
        assert_eq!(logger.destination, LoggerDestination::Both);
        assert_eq!(logger.mode, LoggerMode::Rotate);
        assert_eq!(
            logger.rotate,
            Some(RotatePolicy {
                log_size: 1024,
                backups: 2
            })
        );
        assert_eq!(ExecutorData::from_json(&data.to_json()).unwrap(), data);
    }

    #[test]
    fn unknown_fields_and_wrong_types_are_refused_with_the_field_named() {
        let unknown = MINIMAL.replace(r#""role""#, r#""rolle":"x","role""#);
        let error = ExecutorData::from_json(&unknown).unwrap_err().to_string();
        assert!(error.contains("unknown field `rolle`"), "{error}");

        let wrong = MINIMAL.replace(r#""cmdline":"echo {{mesos.instance}}""#, r#""cmdline":7"#);
        let error = ExecutorData::from_json(&wrong).unwrap_err().to_string();
        assert!(
            error.contains("invalid type: integer `7`, expected a string"),
            "{error}"
        );
    }

    #[test]
    fn choices_are_read_as_the_struct_that_fits() {
        let docker = MINIMAL.replace(
            r#""environment""#,
            r#""container":{"image":"debian:12","parameters":[]},"environment""#,
        );
        let data = ExecutorData::from_json(&docker).unwrap();
        assert!(
            matches!(data.container, Some(Container::Docker(_))),
            "{data:?}"
        );

        let mesos = MINIMAL.replace(
            r#""environment""#,
            r#""container":{"image":{"name":"debian","tag":"12"},"volumes":[]},"environment""#,
        );
        let data = ExecutorData::from_json(&mesos).unwrap();
        assert!(matches!(
            data.container,
            Some(Container::Mesos(MesosContainer {
                image: Some(MesosImage::Docker(_)),
                ..
            }))
        ));
    }
}
