//! `aurora job inspect --raw`: the client prints `str(config.job())`, which is Python 2.7's
//! `repr` of the Thrift `JobConfiguration` object `convert` built. Its classes come from
//! thrift 0.10.0's Python generator, whose `__init__` assigns every field of the IDL in
//! declaration order and whose `__repr__` is
//!
//! ```python
//! L = ['%s=%r' % (key, value) for key, value in self.__dict__.items()]
//! return '%s(%s)' % (self.__class__.__name__, ', '.join(L))
//! ```
//!
//! so attributes print in CPython 2.7's dict order of the field names, and each value as
//! the Python value `convert` put there: pystachio `String`s are `unicode` (`u'...'`), the
//! owner (`getpass.getuser()`), metadata (`str()`ed) and the Aurora executor's name and data
//! (a constant and `json.dumps`) are `str`, enums are ints, unions print every member.
//!
//! Sets of structs hash by `id()` in the client, so their real order depends on where
//! CPython happened to allocate the objects and cannot be reproduced: we print them in the
//! generated types' `Ord` order (field by field in IDL declaration order; for `Resource`, the
//! union's member order: CPU, RAM, disk, named ports, GPUs, which is also the order
//! `convert` builds them in). Sets of strings print in CPython's own order.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use aurora_api as api;

use super::CompiledJob;
use crate::py2hash::{insertion_order, str_hash, Inserted, Py2Table};
use crate::pystachio::{py2_str_repr, python2_float_repr, PyValue};

/// A struct (or union) of the IDL: its name and its fields in declaration order.
struct Decl<const N: usize> {
    name: &'static str,
    fields: [&'static str; N],
}

/// `CONST Name [field...]`: a [`Decl`] per struct, fields in IDL declaration order (checked
/// against `api.thrift` by the tests), and `DECLS`, all of them, for the tests.
macro_rules! decls {
    ($($konst:ident $name:ident [$($field:ident)*])*) => {
        $(const $konst: Decl<{ [$(stringify!($field)),*].len() }> = Decl {
            name: stringify!($name),
            fields: [$(stringify!($field)),*],
        };)*
        #[cfg(test)]
        const DECLS: &[(&str, &[&str])] = &[$(($konst.name, &$konst.fields)),*];
    };
}

decls! {
    JOB_CONFIGURATION JobConfiguration [
        key owner cronSchedule cronCollisionPolicy taskConfig instanceCount
    ]
    TASK_CONFIG TaskConfig [
        job owner isService priority maxTaskFailures production tier resources constraints
        mesosFetcherUris taskLinks contactEmail executorConfig metadata partitionPolicy
        slaPolicy container
    ]
    JOB_KEY JobKey [role environment name]
    IDENTITY Identity [user]
    EXECUTOR_CONFIG ExecutorConfig [name data]
    RESOURCE Resource [numCpus ramMb diskMb namedPort numGpus]
    CONSTRAINT Constraint [name constraint]
    TASK_CONSTRAINT TaskConstraint [value limit]
    VALUE_CONSTRAINT ValueConstraint [negated values]
    LIMIT_CONSTRAINT LimitConstraint [limit]
    METADATA Metadata [key value]
    MESOS_FETCHER_URI MesosFetcherURI [value extract cache outputFile]
    CONTAINER Container [mesos docker]
    MESOS_CONTAINER MesosContainer [image volumes]
    IMAGE Image [docker appc]
    DOCKER_IMAGE DockerImage [name tag]
    APPC_IMAGE AppcImage [name imageId]
    VOLUME Volume [containerPath hostPath mode]
    DOCKER_CONTAINER DockerContainer [image parameters]
    DOCKER_PARAMETER DockerParameter [name value]
    PARTITION_POLICY PartitionPolicy [reschedule delaySecs]
    SLA_POLICY SlaPolicy [percentageSlaPolicy countSlaPolicy coordinatorSlaPolicy]
    PERCENTAGE_SLA_POLICY PercentageSlaPolicy [percentage durationSecs]
    COUNT_SLA_POLICY CountSlaPolicy [count durationSecs]
    COORDINATOR_SLA_POLICY CoordinatorSlaPolicy [coordinatorUrl statusKey]
}

/// The order `__dict__` iterates attributes assigned in the order `fields` lists them.
fn attribute_order(fields: &[&str]) -> Vec<usize> {
    let hashes: Vec<i64> = fields.iter().map(|f| str_hash(f)).collect();
    insertion_order(&hashes)
}

/// `repr(obj)` for an object of `decl` whose fields have the reprs `values` (declaration
/// order).
fn object<const N: usize>(decl: &Decl<N>, values: [String; N]) -> String {
    let attributes: Vec<String> = attribute_order(&decl.fields)
        .into_iter()
        .map(|i| format!("{}={}", decl.fields[i], values[i]))
        .collect();
    format!("{}({})", decl.name, attributes.join(", "))
}

/// The constraint values as the config wrote them (constraint name -> values in the order
/// of the `a,b,c` text, repeats included): CPython's set of them depends on that order
/// when two values collide in its table.
type WrittenValues = HashMap<String, Vec<String>>;

/// Python 2.7's `repr` of the `JobConfiguration` as the Aurora client builds it, which
/// `aurora job inspect --raw` prints. The values of a constraint go into their set in
/// sorted order; [`CompiledJob::python_repr`] knows the order the config wrote them in.
pub fn python_repr(configuration: &api::JobConfiguration) -> String {
    job_configuration(configuration, &WrittenValues::new())
}

impl CompiledJob {
    /// [`python_repr`] of the job's `JobConfiguration`, with constraint values inserted in
    /// the order the config wrote them, as the client's `set(value.split(','))` does.
    pub fn python_repr(&self) -> String {
        job_configuration(&self.configuration, &written_values(&self.raw))
    }
}

/// The value lists of the job's constraints, `!` taken off (what `constraints_to_thrift`
/// splits); empty when they cannot be read (the repr then inserts them sorted).
fn written_values(raw: &crate::pystachio::Object) -> WrittenValues {
    let entries = raw
        .field("constraints")
        .ok()
        .flatten()
        .and_then(|constraints| constraints.interpolate().ok())
        .and_then(|(interpolated, _)| interpolated.get().ok());
    let Some(PyValue::Dict(entries)) = entries else {
        return WrittenValues::new();
    };
    entries
        .iter()
        .filter_map(|(name, value)| {
            let value = value.as_str()?;
            let value = value.strip_prefix('!').unwrap_or(value);
            let values = value.split(',').map(str::to_string).collect();
            Some((name.as_str()?.to_string(), values))
        })
        .collect()
}

fn none() -> String {
    "None".to_string()
}

fn or_none<T>(value: &Option<T>, repr: impl FnOnce(&T) -> String) -> String {
    value.as_ref().map_or_else(none, repr)
}

/// A `unicode` (what pystachio's `String.get()` returns).
fn unicode(text: &str) -> String {
    py2_str_repr(text, true)
}

/// A `str`.
fn bytes(text: &str) -> String {
    py2_str_repr(text, false)
}

/// An optional text, as `repr` (`unicode` or `bytes`) prints it.
fn text(value: &Option<String>, repr: fn(&str) -> String) -> String {
    value.as_deref().map_or_else(none, repr)
}

fn boolean(value: &bool) -> String {
    if *value { "True" } else { "False" }.to_string()
}

fn int(value: &impl ToString) -> String {
    value.to_string()
}

fn float(value: &api::OrderedFloat<f64>) -> String {
    python2_float_repr(value.0)
}

/// `set([...])` or `frozenset([...])` of items already in iteration order.
fn set(kind: &str, items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    format!("{kind}([{}])", items.join(", "))
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    format!("[{}]", items.join(", "))
}

/// Python 2's `hash()` of a `unicode`: the `str` hash over code points (a UCS-4 build, as
/// Linux distributions ship).
fn unicode_hash(text: &str) -> i64 {
    let Some(first) = text.chars().next() else {
        return 0;
    };
    let mut x = i64::from(u32::from(first)) << 7;
    for c in text.chars() {
        x = x.wrapping_mul(1_000_003) ^ i64::from(u32::from(c));
    }
    x ^= text.chars().count() as i64;
    if x == -1 {
        -2
    } else {
        x
    }
}

/// `set(values)` of `unicode`s, inserted in the order `written` lists them (repeats
/// included) when it holds the same values, else in sorted order.
fn unicode_set(values: &BTreeSet<String>, written: Option<&Vec<String>>) -> String {
    let sorted: Vec<&String> = values.iter().collect();
    let inserted: Vec<&String> = match written {
        Some(written)
            if written.iter().all(|v| values.contains(v))
                && values.iter().all(|v| written.contains(v)) =>
        {
            written.iter().collect()
        }
        _ => sorted,
    };
    let mut table = Py2Table::new();
    let mut entries: Vec<&String> = Vec::new();
    for value in inserted {
        let hash = unicode_hash(value);
        if let Inserted::New(_) = table.set_item(hash, |e| entries[e] == value) {
            entries.push(value);
        }
    }
    set(
        "set",
        table.order().into_iter().map(|e| unicode(entries[e])),
    )
}

fn job_configuration(configuration: &api::JobConfiguration, written: &WrittenValues) -> String {
    let api::JobConfiguration {
        key,
        owner,
        cron_schedule,
        cron_collision_policy,
        task_config,
        instance_count,
    } = configuration;
    object(
        &JOB_CONFIGURATION,
        [
            or_none(key, job_key),
            or_none(owner, identity),
            text(cron_schedule, unicode),
            or_none(cron_collision_policy, |policy| int(&policy.0)),
            or_none(task_config, |task| task_config_repr(task, written)),
            or_none(instance_count, int),
        ],
    )
}

fn task_config_repr(task: &api::TaskConfig, written: &WrittenValues) -> String {
    let api::TaskConfig {
        job,
        owner,
        is_service,
        priority,
        max_task_failures,
        production,
        tier,
        resources,
        constraints,
        mesos_fetcher_uris,
        task_links,
        contact_email,
        executor_config,
        metadata,
        partition_policy,
        sla_policy,
        container,
    } = task;
    object(
        &TASK_CONFIG,
        [
            or_none(job, job_key),
            or_none(owner, identity),
            or_none(is_service, boolean),
            or_none(priority, int),
            or_none(max_task_failures, int),
            or_none(production, boolean),
            text(tier, unicode),
            or_none(resources, |r| set("frozenset", r.iter().map(resource))),
            or_none(constraints, |c| {
                set("set", c.iter().map(|c| constraint(c, written)))
            }),
            // `convert` never sets it; a set read from the wire would be a `set`.
            or_none(mesos_fetcher_uris, |uris| {
                set("set", uris.iter().map(mesos_fetcher_uri))
            }),
            or_none(task_links, task_links_repr),
            text(contact_email, unicode),
            or_none(executor_config, executor_config_repr),
            or_none(metadata, |m| set("frozenset", m.iter().map(metadata_repr))),
            or_none(partition_policy, partition_policy_repr),
            or_none(sla_policy, sla_policy_repr),
            or_none(container, container_repr),
        ],
    )
}

fn job_key(key: &api::JobKey) -> String {
    let api::JobKey {
        role,
        environment,
        name,
    } = key;
    object(
        &JOB_KEY,
        [
            text(role, unicode),
            text(environment, unicode),
            text(name, unicode),
        ],
    )
}

fn identity(identity: &api::Identity) -> String {
    let api::Identity { user } = identity;
    object(&IDENTITY, [text(user, bytes)])
}

/// The Aurora executor's name is the IDL constant and its data `json.dumps` text, both
/// `str`; another executor's are the config's `String`s.
fn executor_config_repr(executor: &api::ExecutorConfig) -> String {
    let api::ExecutorConfig { name, data } = executor;
    let repr = if name.as_deref() == Some(super::AURORA_EXECUTOR_NAME) {
        bytes
    } else {
        unicode
    };
    object(&EXECUTOR_CONFIG, [text(name, repr), text(data, repr)])
}

fn resource(resource: &api::Resource) -> String {
    let mut values = [none(), none(), none(), none(), none()];
    match resource {
        api::Resource::NumCpus(cpus) => values[0] = float(cpus),
        api::Resource::RamMb(ram) => values[1] = int(ram),
        api::Resource::DiskMb(disk) => values[2] = int(disk),
        api::Resource::NamedPort(port) => values[3] = unicode(port),
        api::Resource::NumGpus(gpus) => values[4] = int(gpus),
    }
    object(&RESOURCE, values)
}

fn constraint(constraint: &api::Constraint, written: &WrittenValues) -> String {
    let api::Constraint {
        name,
        constraint: task_constraint,
    } = constraint;
    let values = name.as_ref().and_then(|name| written.get(name));
    object(
        &CONSTRAINT,
        [
            text(name, unicode),
            or_none(task_constraint, |c| task_constraint_repr(c, values)),
        ],
    )
}

fn task_constraint_repr(constraint: &api::TaskConstraint, written: Option<&Vec<String>>) -> String {
    let value = |c: &api::ValueConstraint| {
        let api::ValueConstraint { negated, values } = c;
        object(
            &VALUE_CONSTRAINT,
            [
                or_none(negated, boolean),
                or_none(values, |values| unicode_set(values, written)),
            ],
        )
    };
    let limit = |c: &api::LimitConstraint| {
        let api::LimitConstraint { limit } = c;
        object(&LIMIT_CONSTRAINT, [or_none(limit, int)])
    };
    object(
        &TASK_CONSTRAINT,
        match constraint {
            api::TaskConstraint::Value(c) => [value(c), none()],
            api::TaskConstraint::Limit(c) => [none(), limit(c)],
        },
    )
}

/// `Metadata(key=key, value=value)` from the client's `str()`ed pairs.
fn metadata_repr(metadata: &api::Metadata) -> String {
    let api::Metadata { key, value } = metadata;
    object(&METADATA, [text(key, bytes), text(value, bytes)])
}

fn mesos_fetcher_uri(uri: &api::MesosFetcherURI) -> String {
    let api::MesosFetcherURI {
        value,
        extract,
        cache,
        output_file,
    } = uri;
    object(
        &MESOS_FETCHER_URI,
        [
            text(value, unicode),
            or_none(extract, boolean),
            or_none(cache, boolean),
            text(output_file, unicode),
        ],
    )
}

/// A dict of `unicode`s (the client always sends `{}`), inserted in sorted order.
fn task_links_repr(links: &BTreeMap<String, String>) -> String {
    let entries: Vec<(&String, &String)> = links.iter().collect();
    let hashes: Vec<i64> = entries.iter().map(|(k, _)| unicode_hash(k)).collect();
    let items: Vec<String> = insertion_order(&hashes)
        .into_iter()
        .map(|i| format!("{}: {}", unicode(entries[i].0), unicode(entries[i].1)))
        .collect();
    format!("{{{}}}", items.join(", "))
}

fn partition_policy_repr(policy: &api::PartitionPolicy) -> String {
    let api::PartitionPolicy {
        reschedule,
        delay_secs,
    } = policy;
    object(
        &PARTITION_POLICY,
        [or_none(reschedule, boolean), or_none(delay_secs, int)],
    )
}

fn sla_policy_repr(policy: &api::SlaPolicy) -> String {
    let mut values = [none(), none(), none()];
    match policy {
        api::SlaPolicy::PercentageSlaPolicy(p) => {
            let api::PercentageSlaPolicy {
                percentage,
                duration_secs,
            } = p;
            values[0] = object(
                &PERCENTAGE_SLA_POLICY,
                [or_none(percentage, float), or_none(duration_secs, int)],
            );
        }
        api::SlaPolicy::CountSlaPolicy(p) => {
            let api::CountSlaPolicy {
                count,
                duration_secs,
            } = p;
            values[1] = object(
                &COUNT_SLA_POLICY,
                [or_none(count, int), or_none(duration_secs, int)],
            );
        }
        api::SlaPolicy::CoordinatorSlaPolicy(p) => {
            let api::CoordinatorSlaPolicy {
                coordinator_url,
                status_key,
            } = p;
            values[2] = object(
                &COORDINATOR_SLA_POLICY,
                [text(coordinator_url, unicode), text(status_key, unicode)],
            );
        }
    }
    object(&SLA_POLICY, values)
}

fn container_repr(container: &api::Container) -> String {
    object(
        &CONTAINER,
        match container {
            api::Container::Mesos(mesos) => [mesos_container(mesos), none()],
            api::Container::Docker(docker) => [none(), docker_container(docker)],
        },
    )
}

fn mesos_container(mesos: &api::MesosContainer) -> String {
    let api::MesosContainer { image, volumes } = mesos;
    object(
        &MESOS_CONTAINER,
        [
            or_none(image, image_repr),
            or_none(volumes, |v| list(v.iter().map(volume))),
        ],
    )
}

fn image_repr(image: &api::Image) -> String {
    object(
        &IMAGE,
        match image {
            api::Image::Docker(api::DockerImage { name, tag }) => [
                object(&DOCKER_IMAGE, [text(name, unicode), text(tag, unicode)]),
                none(),
            ],
            api::Image::Appc(api::AppcImage { name, image_id }) => [
                none(),
                object(&APPC_IMAGE, [text(name, unicode), text(image_id, unicode)]),
            ],
        },
    )
}

fn volume(volume: &api::Volume) -> String {
    let api::Volume {
        container_path,
        host_path,
        mode,
    } = volume;
    object(
        &VOLUME,
        [
            text(container_path, unicode),
            text(host_path, unicode),
            or_none(mode, |mode| int(&mode.0)),
        ],
    )
}

fn docker_container(docker: &api::DockerContainer) -> String {
    let api::DockerContainer { image, parameters } = docker;
    let parameter = |p: &api::DockerParameter| {
        let api::DockerParameter { name, value } = p;
        object(
            &DOCKER_PARAMETER,
            [text(name, unicode), text(value, unicode)],
        )
    };
    object(
        &DOCKER_CONTAINER,
        [
            text(image, unicode),
            or_none(parameters, |p| list(p.iter().map(parameter))),
        ],
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// `__dict__.keys()` of each struct once its fields are assigned in declaration order,
    /// printed by CPython 2.7.18 (`o = O(); setattr(o, f, None)` for each field).
    const CPYTHON_ORDERS: &[(&str, &str)] = &[
        ("JobConfiguration", "instanceCount cronSchedule cronCollisionPolicy key taskConfig owner"),
        ("TaskConfig", "isService contactEmail taskLinks container mesosFetcherUris partitionPolicy executorConfig slaPolicy maxTaskFailures priority tier job production owner metadata resources constraints"),
        ("JobKey", "environment role name"),
        ("Identity", "user"),
        ("ExecutorConfig", "data name"),
        ("Resource", "ramMb numGpus namedPort diskMb numCpus"),
        ("Container", "docker mesos"),
        ("MesosContainer", "image volumes"),
        ("DockerContainer", "image parameters"),
        ("DockerParameter", "name value"),
        ("Image", "docker appc"),
        ("DockerImage", "tag name"),
        ("AppcImage", "name imageId"),
        ("Volume", "hostPath containerPath mode"),
        ("Constraint", "name constraint"),
        ("TaskConstraint", "limit value"),
        ("ValueConstraint", "negated values"),
        ("LimitConstraint", "limit"),
        ("Metadata", "value key"),
        ("MesosFetcherURI", "outputFile cache extract value"),
        ("PartitionPolicy", "reschedule delaySecs"),
        ("SlaPolicy", "countSlaPolicy coordinatorSlaPolicy percentageSlaPolicy"),
        ("PercentageSlaPolicy", "percentage durationSecs"),
        ("CountSlaPolicy", "count durationSecs"),
        ("CoordinatorSlaPolicy", "statusKey coordinatorUrl"),
    ];

    #[test]
    fn attribute_orders_are_cpythons() {
        assert_eq!(DECLS.len(), CPYTHON_ORDERS.len());
        for (name, fields) in DECLS {
            let (_, expected) = CPYTHON_ORDERS
                .iter()
                .find(|(n, _)| n == name)
                .unwrap_or_else(|| panic!("no CPython order recorded for {name}"));
            let order: Vec<&str> = attribute_order(fields)
                .into_iter()
                .map(|i| fields[i])
                .collect();
            assert_eq!(order.join(" "), *expected, "{name}");
        }
    }

    /// The field names of `struct NAME {` / `union NAME {` in the IDL, in declaration order.
    fn idl_fields(idl: &str, name: &str) -> Option<Vec<String>> {
        let start = ["struct", "union"]
            .iter()
            .find_map(|kind| idl.find(&format!("\n{kind} {name} {{\n")))?;
        let body = &idl[start..];
        let body = &body[body.find('{')? + 1..body.find("\n}")?];
        Some(
            body.lines()
                .map(|line| line.split("//").next().unwrap_or("").trim())
                .filter(|line| {
                    line.split(':')
                        .next()
                        .is_some_and(|id| id.parse::<i16>().is_ok())
                })
                .map(|line| {
                    let declaration = line.split('=').next().unwrap_or(line);
                    let name = declaration.split_whitespace().last().unwrap_or("");
                    name.trim_end_matches([',', ';']).to_string()
                })
                .collect(),
        )
    }

    #[test]
    fn declarations_follow_the_idl() {
        let idl = include_str!("../../../api/thrift/api.thrift");
        for (name, fields) in DECLS {
            let declared =
                idl_fields(idl, name).unwrap_or_else(|| panic!("{name} is not in the IDL"));
            assert_eq!(&declared, fields, "{name}");
        }
    }

    #[test]
    fn unicode_hashes_are_cpythons() {
        // `hash(u'...')` in CPython 2.7.18 (UCS-4).
        for (text, hash) in [
            ("r\u{20ac}", 14_592_087_666_139_768),
            ("\u{e9}", 29_824_089_448),
            ("\u{1f600}", 16_449_585_346_049),
            ("abc", 1_453_079_729_188_098_211),
        ] {
            assert_eq!(unicode_hash(text), hash, "{text}");
        }
    }

    fn strings(text: &str) -> Vec<String> {
        text.split(',').map(str::to_string).collect()
    }

    #[test]
    fn string_sets_are_cpythons() {
        // `repr(set(TEXT.split(',')))` in CPython 2.7.18; `b,q,i,a` collide, so the order
        // they were written in shows.
        for (text, expected) in [
            ("a,i,q,b,b", "set([u'a', u'i', u'b', u'q'])"),
            ("b,q,i,a", "set([u'q', u'i', u'b', u'a'])"),
            ("r1,r2,r\u{20ac}", "set([u'r\\u20ac', u'r1', u'r2'])"),
            (
                "east,west,north,south,a1,a2,a3,a4,a5,a6,x",
                "set([u'north', u'west', u'a1', u'a3', u'a2', u'a5', u'a4', u'a6', u'x', u'east', u'south'])",
            ),
            ("\u{e9},\u{1f600},z", "set([u'\\xe9', u'\\U0001f600', u'z'])"),
        ] {
            let written = strings(text);
            let values: BTreeSet<String> = written.iter().cloned().collect();
            assert_eq!(unicode_set(&values, Some(&written)), expected, "{text}");
        }
        // Without the written order, sorted: `set(sorted(...))` is `a, i, b, q` in CPython.
        let values: BTreeSet<String> = strings("b,q,i,a").into_iter().collect();
        assert_eq!(unicode_set(&values, None), "set([u'a', u'i', u'b', u'q'])");
    }
}
