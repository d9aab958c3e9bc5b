//! `python_repr`, the `JobConfiguration` as `aurora job inspect --raw` prints it, against
//! what CPython 2.7.18 printed for the same objects.

use std::collections::{BTreeMap, BTreeSet};

use aurora_api as api;
use aurora_api::OrderedFloat;
use aurora_compiler::job::python_repr;

fn strings(text: &str) -> Vec<String> {
    text.split(',').map(str::to_string).collect()
}

fn key(role: &str, environment: &str, name: &str) -> api::JobKey {
    api::JobKey::new(role.to_string(), environment.to_string(), name.to_string())
}

fn resources(cpus: f64, ram: i64, disk: i64) -> BTreeSet<api::Resource> {
    BTreeSet::from([
        api::Resource::NumCpus(OrderedFloat(cpus)),
        api::Resource::RamMb(ram),
        api::Resource::DiskMb(disk),
    ])
}

/// A task as `convert` leaves it for the smallest job, then `change`d.
fn job(
    key: api::JobKey,
    user: &str,
    resources: BTreeSet<api::Resource>,
    change: impl FnOnce(&mut api::TaskConfig),
) -> api::JobConfiguration {
    let owner = api::Identity::new(user.to_string());
    let mut task = api::TaskConfig {
        is_service: Some(false),
        priority: Some(0),
        max_task_failures: Some(1),
        owner: Some(owner.clone()),
        production: Some(false),
        constraints: Some(BTreeSet::new()),
        task_links: Some(BTreeMap::new()),
        contact_email: None,
        executor_config: Some(api::ExecutorConfig::new(
            "AuroraExecutor".to_string(),
            r#"{"name": "hello"}"#.to_string(),
        )),
        metadata: Some(BTreeSet::new()),
        job: Some(key.clone()),
        container: Some(api::Container::Mesos(api::MesosContainer {
            image: None,
            volumes: None,
        })),
        tier: Some("preemptible".to_string()),
        resources: Some(resources),
        mesos_fetcher_uris: None,
        partition_policy: None,
        sla_policy: None,
    };
    change(&mut task);
    api::JobConfiguration {
        key: Some(key),
        owner: Some(owner),
        cron_schedule: None,
        cron_collision_policy: Some(api::CronCollisionPolicy::KILL_EXISTING),
        task_config: Some(task),
        instance_count: Some(1),
    }
}

fn value_constraint(name: &str, negated: bool, values: &str) -> api::Constraint {
    api::Constraint::new(
        name.to_string(),
        api::TaskConstraint::Value(api::ValueConstraint::new(
            negated,
            strings(values).into_iter().collect::<BTreeSet<_>>(),
        )),
    )
}

// What CPython 2.7.18 prints for these jobs, built by classes made as thrift 0.10.0's
// `py:new_style` makes them (every IDL field assigned in declaration order, the
// generated `__repr__`) and filled as `convert` fills them; sets of structs hashed by
// their place in our order, as the real ones hash by `id()`.
const HELLO: &str = "JobConfiguration(instanceCount=2, cronSchedule=None, cronCollisionPolicy=0, key=JobKey(environment=u'prod', role=u'www-data', name=u'hello'), taskConfig=TaskConfig(isService=False, contactEmail=None, taskLinks={}, container=Container(docker=None, mesos=MesosContainer(image=None, volumes=None)), mesosFetcherUris=None, partitionPolicy=None, executorConfig=ExecutorConfig(data='{\"name\": \"hello\"}', name='AuroraExecutor'), slaPolicy=None, maxTaskFailures=1, priority=0, tier=u'preemptible', job=JobKey(environment=u'prod', role=u'www-data', name=u'hello'), production=False, owner=Identity(user='tester'), metadata=frozenset([]), resources=frozenset([Resource(ramMb=None, numGpus=None, namedPort=None, diskMb=None, numCpus=1.0), Resource(ramMb=64, numGpus=None, namedPort=None, diskMb=None, numCpus=None), Resource(ramMb=None, numGpus=None, namedPort=None, diskMb=64, numCpus=None)]), constraints=set([])), owner=Identity(user='tester'))";
const DOCKER_CRON: &str = "JobConfiguration(instanceCount=1, cronSchedule=u'*/5 * * * *', cronCollisionPolicy=1, key=JobKey(environment=u'devel', role=u'r', name=u'cron-job'), taskConfig=TaskConfig(isService=True, contactEmail=u'jos\\xe9@example.com', taskLinks={}, container=Container(docker=DockerContainer(image=u'nginx:1.2', parameters=[DockerParameter(name=u'env', value=u'A=1'), DockerParameter(name=u'label', value=u'x')]), mesos=None), mesosFetcherUris=None, partitionPolicy=PartitionPolicy(reschedule=True, delaySecs=30), executorConfig=ExecutorConfig(data='{\"cmdline\": \"echo \\'hi\\'\\\\n\", \"u\": \"\\\\u00e9\"}', name='AuroraExecutor'), slaPolicy=SlaPolicy(countSlaPolicy=None, coordinatorSlaPolicy=None, percentageSlaPolicy=PercentageSlaPolicy(percentage=95.5, durationSecs=1800)), maxTaskFailures=-1, priority=5, tier=u'preferred', job=JobKey(environment=u'devel', role=u'r', name=u'cron-job'), production=True, owner=Identity(user=\"o'neil\"), metadata=frozenset([Metadata(value=\"it's\", key='k'), Metadata(value='\"web\"', key='team')]), resources=frozenset([Resource(ramMb=None, numGpus=None, namedPort=None, diskMb=None, numCpus=0.25), Resource(ramMb=128, numGpus=None, namedPort=None, diskMb=None, numCpus=None), Resource(ramMb=None, numGpus=None, namedPort=None, diskMb=1024, numCpus=None), Resource(ramMb=None, numGpus=None, namedPort=u'admin', diskMb=None, numCpus=None), Resource(ramMb=None, numGpus=None, namedPort=u'http', diskMb=None, numCpus=None), Resource(ramMb=None, numGpus=2, namedPort=None, diskMb=None, numCpus=None)]), constraints=set([Constraint(name=u'dedicated', constraint=TaskConstraint(limit=None, value=ValueConstraint(negated=True, values=set([u'q', u'i', u'b', u'a'])))), Constraint(name=u'host', constraint=TaskConstraint(limit=LimitConstraint(limit=1), value=None)), Constraint(name=u'rack', constraint=TaskConstraint(limit=None, value=ValueConstraint(negated=False, values=set([u'r\\u20ac', u'r1', u'r2']))))])), owner=Identity(user=\"o'neil\"))";
const MESOS_IMAGE: &str = "JobConfiguration(instanceCount=3, cronSchedule=None, cronCollisionPolicy=2, key=JobKey(environment=u'prod', role=u'r', name=u'img'), taskConfig=TaskConfig(isService=False, contactEmail=None, taskLinks={u'a': u'y', u'b': u'x'}, container=Container(docker=None, mesos=MesosContainer(image=Image(docker=DockerImage(tag=u'12', name=u'debian'), appc=None), volumes=[Volume(hostPath=u'/h', containerPath=u'/c', mode=2), Volume(hostPath=u'/e', containerPath=u'/d', mode=1)])), mesosFetcherUris=None, partitionPolicy=None, executorConfig=ExecutorConfig(data='{\"name\": \"hello\"}', name='AuroraExecutor'), slaPolicy=SlaPolicy(countSlaPolicy=CountSlaPolicy(count=2, durationSecs=60), coordinatorSlaPolicy=None, percentageSlaPolicy=None), maxTaskFailures=1, priority=0, tier=None, job=JobKey(environment=u'prod', role=u'r', name=u'img'), production=False, owner=Identity(user='tester'), metadata=frozenset([]), resources=frozenset([Resource(ramMb=None, numGpus=None, namedPort=None, diskMb=None, numCpus=1e-05), Resource(ramMb=1, numGpus=None, namedPort=None, diskMb=None, numCpus=None), Resource(ramMb=None, numGpus=None, namedPort=None, diskMb=1, numCpus=None)]), constraints=set([])), owner=Identity(user='tester'))";
const APPC_EXECUTOR: &str = "JobConfiguration(instanceCount=3, cronSchedule=None, cronCollisionPolicy=0, key=JobKey(environment=u'prod', role=u'r', name=u'img'), taskConfig=TaskConfig(isService=False, contactEmail=None, taskLinks={}, container=Container(docker=None, mesos=MesosContainer(image=Image(docker=None, appc=AppcImage(name=u'app', imageId=u'sha512-x')), volumes=[])), mesosFetcherUris=set([MesosFetcherURI(outputFile=u'o', cache=None, extract=True, value=u'http://u')]), partitionPolicy=None, executorConfig=ExecutorConfig(data=u'{\"x\": 1}', name=u'Custom'), slaPolicy=SlaPolicy(countSlaPolicy=None, coordinatorSlaPolicy=CoordinatorSlaPolicy(statusKey=u'drain', coordinatorUrl=u'http://c'), percentageSlaPolicy=None), maxTaskFailures=1, priority=0, tier=u'preemptible', job=JobKey(environment=u'prod', role=u'r', name=u'img'), production=False, owner=Identity(user='tester'), metadata=frozenset([]), resources=frozenset([Resource(ramMb=None, numGpus=None, namedPort=None, diskMb=None, numCpus=2.0), Resource(ramMb=1, numGpus=None, namedPort=None, diskMb=None, numCpus=None), Resource(ramMb=None, numGpus=None, namedPort=None, diskMb=1, numCpus=None)]), constraints=set([])), owner=Identity(user='tester'))";

#[test]
fn the_smallest_job_is_cpythons() {
    let mut hello = job(
        key("www-data", "prod", "hello"),
        "tester",
        resources(1.0, 64, 64),
        |_| {},
    );
    hello.instance_count = Some(2);
    assert_eq!(python_repr(&hello), HELLO);
}

#[test]
fn docker_cron_constraints_and_metadata_are_cpythons() {
    let mut all = resources(0.25, 128, 1024);
    all.extend([
        api::Resource::NamedPort("admin".into()),
        api::Resource::NamedPort("http".into()),
        api::Resource::NumGpus(2),
    ]);
    let mut configuration = job(key("r", "devel", "cron-job"), "o'neil", all, |task| {
        task.production = Some(true);
        task.is_service = Some(true);
        task.max_task_failures = Some(-1);
        task.priority = Some(5);
        task.contact_email = Some("jos\u{e9}@example.com".into());
        task.tier = Some("preferred".into());
        task.metadata = Some(BTreeSet::from([
            api::Metadata::new("k".to_string(), "it's".to_string()),
            api::Metadata::new("team".to_string(), "\"web\"".to_string()),
        ]));
        task.constraints = Some(BTreeSet::from([
            value_constraint("dedicated", true, "b,q,i,a,b"),
            api::Constraint::new(
                "host".to_string(),
                api::TaskConstraint::Limit(api::LimitConstraint::new(1)),
            ),
            value_constraint("rack", false, "r1,r2,r\u{20ac}"),
        ]));
        task.container = Some(api::Container::Docker(api::DockerContainer::new(
            "nginx:1.2".to_string(),
            vec![
                api::DockerParameter::new("env".to_string(), "A=1".to_string()),
                api::DockerParameter::new("label".to_string(), "x".to_string()),
            ],
        )));
        task.partition_policy = Some(api::PartitionPolicy::new(true, 30));
        task.sla_policy = Some(api::SlaPolicy::PercentageSlaPolicy(
            api::PercentageSlaPolicy::new(OrderedFloat(95.5), 1800),
        ));
        task.executor_config = Some(api::ExecutorConfig::new(
            "AuroraExecutor".to_string(),
            r#"{"cmdline": "echo 'hi'\n", "u": "\u00e9"}"#.to_string(),
        ));
    });
    configuration.cron_schedule = Some("*/5 * * * *".into());
    configuration.cron_collision_policy = Some(api::CronCollisionPolicy::CANCEL_NEW);
    // The configuration alone does not say in which order the values were written, so they
    // are inserted sorted: CPython's `set(sorted(u'b,q,i,a,b'.split(',')))` comes out
    // `a, i, b, q` (`CompiledJob::python_repr` knows the written order, see the unit tests
    // and `aurora job inspect --raw`).
    let sorted = DOCKER_CRON.replace("[u'q', u'i', u'b', u'a']", "[u'a', u'i', u'b', u'q']");
    assert_eq!(python_repr(&configuration), sorted);
}

#[test]
fn mesos_images_volumes_and_policies_are_cpythons() {
    let mut configuration = job(
        key("r", "prod", "img"),
        "tester",
        resources(1e-5, 1, 1),
        |task| {
            task.tier = None;
            task.task_links = Some(BTreeMap::from([
                ("b".to_string(), "x".to_string()),
                ("a".to_string(), "y".to_string()),
            ]));
            task.container = Some(api::Container::Mesos(api::MesosContainer::new(
                api::Image::Docker(api::DockerImage::new(
                    "debian".to_string(),
                    "12".to_string(),
                )),
                vec![
                    api::Volume::new("/c".to_string(), "/h".to_string(), api::Mode::RO),
                    api::Volume::new("/d".to_string(), "/e".to_string(), api::Mode::RW),
                ],
            )));
            task.sla_policy = Some(api::SlaPolicy::CountSlaPolicy(api::CountSlaPolicy::new(
                2, 60,
            )));
        },
    );
    configuration.instance_count = Some(3);
    configuration.cron_collision_policy = Some(api::CronCollisionPolicy::RUN_OVERLAP);
    assert_eq!(python_repr(&configuration), MESOS_IMAGE);

    let mut configuration = job(
        key("r", "prod", "img"),
        "tester",
        resources(2.0, 1, 1),
        |task| {
            task.container = Some(api::Container::Mesos(api::MesosContainer::new(
                api::Image::Appc(api::AppcImage::new(
                    "app".to_string(),
                    "sha512-x".to_string(),
                )),
                Vec::new(),
            )));
            task.mesos_fetcher_uris = Some(BTreeSet::from([api::MesosFetcherURI {
                value: Some("http://u".into()),
                extract: Some(true),
                cache: None,
                output_file: Some("o".into()),
            }]));
            task.sla_policy = Some(api::SlaPolicy::CoordinatorSlaPolicy(
                api::CoordinatorSlaPolicy::new("http://c".to_string(), "drain".to_string()),
            ));
            task.executor_config = Some(api::ExecutorConfig::new(
                "Custom".to_string(),
                r#"{"x": 1}"#.to_string(),
            ));
        },
    );
    configuration.instance_count = Some(3);
    assert_eq!(python_repr(&configuration), APPC_EXECUTOR);
}
