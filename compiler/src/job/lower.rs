//! Lowering a checked job into the Thrift `JobConfiguration` the scheduler takes, following
//! the Aurora client's conversion (`apache.aurora.config.thrift.convert`) step by step: the
//! same values, the same checks in the same order, the same messages.

use std::collections::{BTreeMap, BTreeSet};

use aurora_api as api;
use aurora_api::OrderedFloat;

use crate::pystachio::{Kwarg, Object, PyValue, Ref};

use super::thermos::{assert_valid_task, ports_scope};
use super::{py_str, pyjson, JobError};

/// The executor real Aurora uses, whose data is the Thermos task as JSON.
pub const AURORA_EXECUTOR_NAME: &str = "AuroraExecutor";

const MB: i64 = 1024 * 1024;

/// `job.name()`, or the error Python raises for a method call on `Empty`.
fn field(object: &Object, name: &str, method: &str) -> Result<Object, JobError> {
    object.field(name).map_err(JobError::from)?.ok_or_else(|| {
        JobError::loading(format!("type object 'Empty' has no attribute '{method}'"))
    })
}

fn optional_field(object: &Object, name: &str) -> Result<Option<Object>, JobError> {
    object.field(name).map_err(JobError::from)
}

/// `fully_interpolated(obj)`: the value once it type-checks, or the check's message.
fn fully_interpolated(object: &Object, path: &str) -> Result<PyValue, JobError> {
    let check = object.check().map_err(JobError::from)?;
    if !check.ok {
        let path = format!("{path}{}", crate::pystachio::render_path(&check.path));
        return Err(JobError::invalid(check.message).at(check.origin.or(object.origin()), &path));
    }
    let (value, _) = object.interpolate().map_err(JobError::from)?;
    value.get().map_err(JobError::from)
}

/// `fully_interpolated(parent.name())` for a field that must be set.
fn value_of(parent: &Object, name: &str, path: &str) -> Result<(PyValue, Object), JobError> {
    let object = field(parent, name, "check")?;
    Ok((fully_interpolated(&object, path)?, object))
}

/// `not_empty_or(parent.name(), None)`.
fn optional_value(parent: &Object, name: &str, path: &str) -> Result<Option<PyValue>, JobError> {
    match optional_field(parent, name)? {
        Some(object) => Ok(Some(fully_interpolated(&object, path)?)),
        None => Ok(None),
    }
}

fn optional_text(value: Option<PyValue>) -> Option<String> {
    value.as_ref().map(py_str)
}

fn integer(value: &PyValue) -> i64 {
    match value {
        PyValue::Int(i) => *i,
        PyValue::Bool(b) => i64::from(*b),
        PyValue::Float(f) => *f as i64,
        _ => 0,
    }
}

fn thrift_i32(value: &PyValue, object: &Object, path: &str) -> Result<i32, JobError> {
    i32::try_from(integer(value)).map_err(|_| {
        JobError::invalid(format!(
            "{path} must fit in 32 bits, got {}",
            integer(value)
        ))
        .at(object.origin(), path)
    })
}

fn float(value: &PyValue) -> f64 {
    match value {
        PyValue::Float(f) => *f,
        PyValue::Int(i) => *i as f64,
        PyValue::Bool(b) => f64::from(u8::from(*b)),
        _ => 0.0,
    }
}

/// `GOOD_IDENTIFIER_PATTERN_PYTHON` (`^[\w\-\.]+$`, ASCII `\w`; `$` also matches before a
/// final newline).
pub fn is_good_identifier(text: &str) -> bool {
    let text = text.strip_suffix('\n').unwrap_or(text);
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

fn assert_valid_field(
    field_name: &str,
    value: PyValue,
    object: &Object,
) -> Result<String, JobError> {
    let PyValue::Str(identifier) = value else {
        return Err(JobError::invalid(format!("{field_name} must be a string"))
            .at(object.origin(), field_name));
    };
    if !is_good_identifier(&identifier) {
        return Err(
            JobError::invalid(format!("Invalid {field_name} '{identifier}'"))
                .at(object.origin(), field_name),
        );
    }
    Ok(identifier.to_string())
}

/// Python 2's `repr()` of a number in a message.
fn repr_number(value: &PyValue) -> String {
    match value {
        PyValue::Float(f) => crate::pystachio::python2_float_repr(*f),
        other => integer(other).to_string(),
    }
}

/// `convert(job, metadata, ports)`: `job` is the picked job in the client's context (`raw %
/// context()`), `ports` the named ports to allocate, `user` the owner.
pub(super) fn convert(
    job: &Object,
    ports: &BTreeSet<String>,
    user: &str,
) -> Result<api::JobConfiguration, JobError> {
    let owner = api::Identity::new(user.to_string());
    let key = {
        let (role, role_object) = value_of(job, "role", "role")?;
        let role = assert_valid_field("role", role, &role_object)?;
        let (environment, env_object) = value_of(job, "environment", "environment")?;
        let environment = assert_valid_field("environment", environment, &env_object)?;
        let (name, name_object) = value_of(job, "name", "name")?;
        let name = assert_valid_field("name", name, &name_object)?;
        api::JobKey::new(role, environment, name)
    };
    let task_raw = field(job, "task", "task")?;

    // Field by field: the generated `Default` fills in the IDL's defaults, which the
    // client leaves unset (and the binary protocol then leaves out).
    let mut task = api::TaskConfig {
        is_service: None,
        priority: None,
        max_task_failures: None,
        owner: None,
        production: Some(value_of(job, "production", "production")?.0.is_truthy()),
        constraints: None,
        task_links: None,
        contact_email: None,
        executor_config: None,
        metadata: None,
        job: None,
        container: None,
        tier: None,
        resources: None,
        mesos_fetcher_uris: None,
        partition_policy: None,
        sla_policy: None,
    };
    task.is_service = Some(value_of(job, "service", "service")?.0.is_truthy());
    let (failures, failures_object) = value_of(job, "max_task_failures", "max_task_failures")?;
    task.max_task_failures = Some(thrift_i32(
        &failures,
        &failures_object,
        "max_task_failures",
    )?);
    let (priority, priority_object) = value_of(job, "priority", "priority")?;
    task.priority = Some(thrift_i32(&priority, &priority_object, "priority")?);
    task.contact_email = optional_text(optional_value(job, "contact", "contact")?);
    task.tier = optional_text(optional_value(job, "tier", "tier")?);

    if job.has_field("partition_policy").map_err(JobError::from)? {
        let policy = field(job, "partition_policy", "partition_policy")?;
        let reschedule = value_of(&policy, "reschedule", "partition_policy.reschedule")?.0;
        let delay = value_of(&policy, "delay_secs", "partition_policy.delay_secs")?.0;
        task.partition_policy = Some(api::PartitionPolicy::new(
            reschedule.is_truthy(),
            integer(&delay),
        ));
    }
    if job.has_field("sla_policy").map_err(JobError::from)? {
        task.sla_policy = sla_policy(&field(job, "sla_policy", "sla_policy")?)?;
    }

    let mut metadata = BTreeSet::new();
    if job.has_field("metadata").map_err(JobError::from)? {
        let entries = field(job, "metadata", "metadata")?;
        for (i, entry) in entries.iter().map_err(JobError::from)?.iter().enumerate() {
            let path = format!("metadata[{i}]");
            let key = py_str(&value_of(entry, "key", &format!("{path}.key"))?.0);
            let value = py_str(&value_of(entry, "value", &format!("{path}.value"))?.0);
            metadata.insert(api::Metadata::new(key, value));
        }
    }
    task.metadata = Some(metadata);

    task.resources = Some(resources(&task_raw, ports)?);
    task.job = Some(key.clone());
    task.owner = Some(owner.clone());
    task.task_links = Some(BTreeMap::new());
    let constraints = match optional_value(job, "constraints", "constraints")? {
        Some(PyValue::Dict(entries)) => entries,
        _ => Vec::new(),
    };
    task.constraints = Some(constraints_to_thrift(&constraints, job)?);
    task.container = Some(container(optional_field(job, "container")?)?);

    let (underlying, refs) = job.interpolate().map_err(JobError::from)?;
    let mesos = PyValue::Dict(vec![
        ("instance".into(), PyValue::Int(31337)),
        ("hostname".into(), "".into()),
    ]);
    let underlying_checked = underlying
        .bind(&[], &[Kwarg::new("mesos", mesos)])
        .map_err(JobError::from)?;
    let checked_task = field(&underlying_checked, "task", "task")?;
    if let Err(invalid) = assert_valid_task(&checked_task) {
        let path = invalid
            .path
            .map(|p| format!("task{p}"))
            .unwrap_or_else(|| "task".into());
        return Err(
            JobError::invalid(format!("Task is invalid: {}", invalid.message))
                .at(invalid.origin.or(checked_task.origin()), &path),
        );
    }
    let check = underlying_checked.check().map_err(JobError::from)?;
    if !check.ok {
        let message = underlying.check().map_err(JobError::from)?.message;
        let path = crate::pystachio::render_path(&check.path);
        return Err(
            JobError::invalid(format!("Job not fully specified: {message}"))
                .at(check.origin, path.trim_start_matches('.')),
        );
    }

    let allowed = [
        Ref::from_address("thermos.task_id").expect("a valid address"),
        Ref::from_address("mesos.instance").expect("a valid address"),
        Ref::from_address("mesos.hostname").expect("a valid address"),
    ];
    let scope = ports_scope();
    let unbound: Vec<&Ref> = refs
        .iter()
        .filter(|r| !allowed.contains(r) && scope.subscope(r).is_none())
        .collect();
    if !unbound.is_empty() {
        let texts: Vec<String> = unbound.iter().map(ToString::to_string).collect();
        let located: Vec<(Ref, Option<aurora_dsl::Span>)> = unbound
            .iter()
            .zip(&texts)
            .map(|(r, text)| ((*r).clone(), job.origin_of_text(text)))
            .collect();
        let first = located.iter().find_map(|(_, span)| *span);
        return Err(JobError::invalid(format!(
            "Config contains unbound variables: {}",
            texts.join(" ")
        ))
        .at(first, "")
        .with_unbound(located));
    }

    let executor = field(job, "executor_config", "executor_config")?;
    let executor_name = py_str(&value_of(&executor, "name", "executor_config.name")?.0);
    task.executor_config = Some(if executor_name == AURORA_EXECUTOR_NAME {
        api::ExecutorConfig::new(
            AURORA_EXECUTOR_NAME.to_string(),
            executor_data(&underlying)?,
        )
    } else {
        let data = py_str(&value_of(&executor, "data", "executor_config.data")?.0);
        api::ExecutorConfig::new(executor_name, data)
    });

    let cron_schedule = optional_text(optional_value(job, "cron_schedule", "cron_schedule")?);
    let policy_object = field(job, "cron_collision_policy", "get")?;
    let policy = py_str(&policy_object.get().map_err(JobError::from)?);
    let cron_collision_policy = enum_value(CRON_POLICIES, &policy).ok_or_else(|| {
        JobError::invalid(format!(
            "Invalid <class 'gen.apache.aurora.api.ttypes.CronCollisionPolicy'> type: {policy}"
        ))
        .at(policy_object.origin(), "cron_collision_policy")
        .with_help(enum_help(
            "the cron collision policies are",
            CRON_POLICIES,
            &policy,
        ))
    })?;
    let (instances, instances_object) = value_of(job, "instances", "instances")?;
    Ok(api::JobConfiguration {
        key: Some(key),
        owner: Some(owner),
        cron_schedule,
        cron_collision_policy: Some(cron_collision_policy),
        task_config: Some(task),
        instance_count: Some(thrift_i32(&instances, &instances_object, "instances")?),
    })
}

/// `production` and `tier` as `convert` reads them, for the client's tier backfill.
pub(super) fn production_and_tier(job: &Object) -> Result<(bool, Option<String>), JobError> {
    let production = value_of(job, "production", "production")?.0.is_truthy();
    let tier = optional_text(optional_value(job, "tier", "tier")?);
    Ok((production, tier))
}

/// The executor data: the interpolated job without the fields that differ between
/// instances of an update (`update_config`, `instances`), as JSON.
fn executor_data(underlying: &Object) -> Result<String, JobError> {
    let filtered = underlying
        .with_fields(&[
            Kwarg::new("update_config", PyValue::Empty),
            Kwarg::new("instances", PyValue::Empty),
        ])
        .map_err(JobError::from)?;
    let (interpolated, _) = filtered.interpolate().map_err(JobError::from)?;
    let value = interpolated.get().map_err(JobError::from)?;
    pyjson::dumps(&value).map_err(JobError::loading)
}

/// The names the client's `getattr(CronCollisionPolicy, name.upper())` accepts.
const CRON_POLICIES: &[(&str, api::CronCollisionPolicy)] = &[
    ("KILL_EXISTING", api::CronCollisionPolicy::KILL_EXISTING),
    ("CANCEL_NEW", api::CronCollisionPolicy::CANCEL_NEW),
    ("RUN_OVERLAP", api::CronCollisionPolicy::RUN_OVERLAP),
];

/// The names the client's `getattr(Mode, name.upper())` accepts.
const VOLUME_MODES: &[(&str, api::Mode)] = &[("RO", api::Mode::RO), ("RW", api::Mode::RW)];

/// The Thrift enum value named `name`, in any case, as the client looks it up.
fn enum_value<T: Copy>(values: &[(&str, T)], name: &str) -> Option<T> {
    let upper = name.to_ascii_uppercase();
    values
        .iter()
        .find(|(known, _)| *known == upper)
        .map(|(_, value)| *value)
}

/// `the cron collision policies are A, B or C` and the closest to `name`, for an enum
/// value the client does not know.
fn enum_help<T>(what: &str, values: &[(&str, T)], name: &str) -> String {
    let names: Vec<&str> = values.iter().map(|(known, _)| *known).collect();
    let (last, rest) = names.split_last().expect("an enum has values");
    let mut help = format!("{what} {} or {last}", rest.join(", "));
    let upper = name.to_ascii_uppercase();
    if let Some(closest) = crate::suggest::closest_name(&upper, names.iter().copied()) {
        help.push_str(&format!(": did you mean `{closest}`?"));
    }
    help
}

/// CPU, RAM and disk (in MB, rounded down), the named ports, and GPUs when asked for.
fn resources(task: &Object, ports: &BTreeSet<String>) -> Result<BTreeSet<api::Resource>, JobError> {
    if !task.has_field("resources").map_err(JobError::from)? {
        return Err(
            JobError::invalid("Task must specify resources!").at(task.origin(), "task.resources")
        );
    }
    let resources = field(task, "resources", "resources")?;
    let (ram, _) = value_of(&resources, "ram", "task.resources.ram")?;
    let (disk, _) = value_of(&resources, "disk", "task.resources.disk")?;
    if integer(&ram) == 0 || integer(&disk) == 0 {
        return Err(JobError::invalid(format!(
            "Must specify ram and disk resources, got ram:{} disk:{}",
            repr_number(&ram),
            repr_number(&disk)
        ))
        .at(resources.origin(), "task.resources"));
    }
    let (cpu, _) = value_of(&resources, "cpu", "task.resources.cpu")?;
    let ram_mb = integer(&ram).div_euclid(MB);
    let disk_mb = integer(&disk).div_euclid(MB);
    let cpus = float(&cpu);
    if cpus <= 0.0 || ram_mb <= 0 || disk_mb <= 0 {
        return Err(JobError::invalid(format!(
            "Task has invalid resources.  cpu/ramMb/diskMb must all be positive: cpu:{} ramMb:{ram_mb} diskMb:{disk_mb}",
            repr_number(&cpu)
        ))
        .at(resources.origin(), "task.resources"));
    }
    let (gpus, _) = value_of(&resources, "gpu", "task.resources.gpu")?;
    let mut set = BTreeSet::from([
        api::Resource::NumCpus(OrderedFloat(cpus)),
        api::Resource::RamMb(ram_mb),
        api::Resource::DiskMb(disk_mb),
    ]);
    set.extend(ports.iter().map(|p| api::Resource::NamedPort(p.clone())));
    if integer(&gpus) != 0 {
        set.insert(api::Resource::NumGpus(integer(&gpus)));
    }
    Ok(set)
}

/// `constraints_to_thrift`: `limit:N` limits, `!a,b` negated value sets, `a,b` value sets.
fn constraints_to_thrift(
    constraints: &[(PyValue, PyValue)],
    job: &Object,
) -> Result<BTreeSet<api::Constraint>, JobError> {
    let mut result = BTreeSet::new();
    for (attribute, value) in constraints {
        let (PyValue::Str(attribute), PyValue::Str(value)) = (attribute, value) else {
            return Err(JobError::loading(
                "Both attribute name and value in constraints must be string",
            ));
        };
        let constraint = if let Some(limit) = value.strip_prefix("limit:") {
            let limit = super::client_checks::python_int(limit)
                .and_then(|n| i32::try_from(n).ok())
                .ok_or_else(|| {
                    JobError::loading(format!("invalid literal for int() with base 10: '{limit}'"))
                        .at(
                            job.field("constraints")
                                .ok()
                                .flatten()
                                .and_then(|c| c.origin()),
                            &format!("constraints[{attribute:?}]"),
                        )
                })?;
            api::TaskConstraint::Limit(api::LimitConstraint::new(limit))
        } else {
            let (negated, values) = match value.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, &value[..]),
            };
            let values: BTreeSet<String> = values.split(',').map(str::to_string).collect();
            api::TaskConstraint::Value(api::ValueConstraint::new(negated, values))
        };
        result.insert(api::Constraint::new(attribute.to_string(), constraint));
    }
    Ok(result)
}

fn type_name(object: &Object) -> &str {
    object.ty().name()
}

/// `create_container_config`: Mesos (the default, possibly with an image and volumes) or
/// Docker.
fn container(container: Option<Object>) -> Result<api::Container, JobError> {
    let Some(container) = container else {
        return Ok(api::Container::Mesos(api::MesosContainer {
            image: None,
            volumes: None,
        }));
    };
    let unwrapped = container.unwrap().map_err(JobError::from)?;
    match type_name(&unwrapped) {
        "Docker" => docker(&unwrapped),
        "Container" => match optional_field(&unwrapped, "docker")? {
            Some(inner) => docker(&inner),
            None => Err(JobError::loading(
                "type object 'Empty' has no attribute 'image'",
            )),
        },
        "Mesos" => {
            let image = match optional_field(&unwrapped, "image")? {
                Some(image) => Some(image_to_thrift(&image)?),
                None => None,
            };
            let mut volumes = Vec::new();
            let list = field(&unwrapped, "volumes", "volumes")?;
            for (i, volume) in list.iter().map_err(JobError::from)?.iter().enumerate() {
                let path = format!("container.volumes[{i}]");
                let mode_object = field(volume, "mode", "get")?;
                let mode_name = py_str(&mode_object.get().map_err(JobError::from)?);
                let mode = enum_value(VOLUME_MODES, &mode_name).ok_or_else(|| {
                    JobError::invalid(format!(
                        "Invalid <class 'gen.apache.aurora.api.ttypes.Mode'> type: {mode_name}"
                    ))
                    .at(mode_object.origin(), &format!("{path}.mode"))
                    .with_help(enum_help(
                        "a volume's mode is",
                        VOLUME_MODES,
                        &mode_name,
                    ))
                })?;
                volumes.push(api::Volume::new(
                    py_str(
                        &value_of(volume, "container_path", &format!("{path}.container_path"))?.0,
                    ),
                    py_str(&value_of(volume, "host_path", &format!("{path}.host_path"))?.0),
                    mode,
                ));
            }
            Ok(api::Container::Mesos(api::MesosContainer::new(
                image, volumes,
            )))
        }
        _ => Err(
            JobError::invalid("If a container is specified it must set one type.")
                .at(container.origin(), "container"),
        ),
    }
}

fn docker(docker: &Object) -> Result<api::Container, JobError> {
    let image = py_str(&value_of(docker, "image", "container.image")?.0);
    let mut parameters = Vec::new();
    if let Some(list) = optional_field(docker, "parameters")? {
        if let PyValue::List(items) = fully_interpolated(&list, "container.parameters")? {
            for item in items {
                let entry = |name: &str| match &item {
                    PyValue::Dict(entries) => entries
                        .iter()
                        .find(|(k, _)| k.as_str() == Some(name))
                        .map(|(_, v)| py_str(v))
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                parameters.push(api::DockerParameter::new(entry("name"), entry("value")));
            }
        }
    }
    Ok(api::Container::Docker(api::DockerContainer::new(
        image, parameters,
    )))
}

fn image_to_thrift(image: &Object) -> Result<api::Image, JobError> {
    let unwrapped = image.unwrap().map_err(JobError::from)?;
    match type_name(&unwrapped) {
        "AppcImage" => Ok(api::Image::Appc(api::AppcImage::new(
            py_str(&value_of(&unwrapped, "name", "container.image.name")?.0),
            py_str(&value_of(&unwrapped, "image_id", "container.image.image_id")?.0),
        ))),
        "DockerImage" => Ok(api::Image::Docker(api::DockerImage::new(
            py_str(&value_of(&unwrapped, "name", "container.image.name")?.0),
            py_str(&value_of(&unwrapped, "tag", "container.image.tag")?.0),
        ))),
        _ => Err(
            JobError::invalid("Invalid image configuration: unexpected image type found.")
                .at(image.origin(), "container.image"),
        ),
    }
}

/// `create_sla_policy`: one of the three policies (none for another type, as the client).
fn sla_policy(policy: &Object) -> Result<Option<api::SlaPolicy>, JobError> {
    let unwrapped = policy.unwrap().map_err(JobError::from)?;
    let value = |name: &str| -> Result<PyValue, JobError> {
        Ok(value_of(&unwrapped, name, &format!("sla_policy.{name}"))?.0)
    };
    Ok(match type_name(&unwrapped) {
        "PercentageSlaPolicy" => Some(api::SlaPolicy::PercentageSlaPolicy(
            api::PercentageSlaPolicy::new(
                OrderedFloat(float(&value("percentage")?)),
                integer(&value("duration_secs")?),
            ),
        )),
        "CountSlaPolicy" => Some(api::SlaPolicy::CountSlaPolicy(api::CountSlaPolicy::new(
            integer(&value("count")?),
            integer(&value("duration_secs")?),
        ))),
        "CoordinatorSlaPolicy" => Some(api::SlaPolicy::CoordinatorSlaPolicy(
            api::CoordinatorSlaPolicy::new(
                py_str(&value("coordinator_url")?),
                py_str(&value("status_key")?),
            ),
        )),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::is_good_identifier;

    #[test]
    fn identifiers_follow_aurora_pattern() {
        assert!(is_good_identifier("hello_world"));
        assert!(is_good_identifier("a-b.c"));
        assert!(is_good_identifier("x\n"));
        assert!(!is_good_identifier("hello!world"));
        assert!(!is_good_identifier(""));
        assert!(!is_good_identifier("héllo"));
    }
}
