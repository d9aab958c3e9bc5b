//! The canonical JSON of a small hand-built job, reviewed as a snapshot: every rule of
//! FORMAT.md shows up once (enum names, sorted sets, a union, embedded executor data with
//! Python float reprs, non-ASCII text, an empty map, an unset optional field).

use std::collections::{BTreeMap, BTreeSet};

use aurora_api::{
    from_canonical_json, to_canonical_json, Container, CountSlaPolicy, CronCollisionPolicy,
    DockerContainer, DockerParameter, ExecutorConfig, Identity, JobConfiguration, JobKey, Metadata,
    PartitionPolicy, Resource, SlaPolicy, TaskConfig,
};
use thrift::OrderedFloat;

fn cron_job() -> JobConfiguration {
    let key = JobKey {
        role: Some("www-data".into()),
        environment: Some("prod".into()),
        name: Some("nightly".into()),
    };
    let data = r#"{"name": "nightly", "task": {"resources": {"cpu": 0.25, "ram": 67108864}}, "max_concurrency": 0, "timeout": 1e-05, "note": "d\u00e9j\u00e0 vu"}"#;
    let task = TaskConfig {
        job: Some(key.clone()),
        owner: Some(Identity {
            user: Some("aurora".into()),
        }),
        is_service: Some(false),
        priority: Some(0),
        max_task_failures: Some(1),
        production: Some(false),
        tier: Some("preemptible".into()),
        resources: Some(BTreeSet::from([
            Resource::NumCpus(OrderedFloat(0.25)),
            Resource::RamMb(64),
            Resource::DiskMb(1024),
        ])),
        constraints: Some(BTreeSet::new()),
        mesos_fetcher_uris: None,
        task_links: Some(BTreeMap::new()),
        contact_email: Some("ops@example.com".into()),
        executor_config: Some(ExecutorConfig {
            name: Some("AuroraExecutor".into()),
            data: Some(data.into()),
        }),
        metadata: Some(BTreeSet::from([
            Metadata {
                key: Some("team".into()),
                value: Some("édition".into()),
            },
            Metadata {
                key: Some("owner".into()),
                value: Some("ops".into()),
            },
        ])),
        partition_policy: Some(PartitionPolicy {
            reschedule: Some(true),
            delay_secs: Some(0),
        }),
        sla_policy: Some(SlaPolicy::CountSlaPolicy(CountSlaPolicy {
            count: Some(1),
            duration_secs: Some(60),
        })),
        container: Some(Container::Docker(DockerContainer {
            image: Some("busybox:1.36".into()),
            parameters: Some(vec![DockerParameter {
                name: Some("env".into()),
                value: Some("TZ=UTC".into()),
            }]),
        })),
    };
    JobConfiguration {
        key: Some(key),
        owner: Some(Identity {
            user: Some("aurora".into()),
        }),
        cron_schedule: Some("0 3 * * *".into()),
        cron_collision_policy: Some(CronCollisionPolicy::CANCEL_NEW),
        task_config: Some(task),
        instance_count: Some(1),
    }
}

#[test]
fn cron_job_canonical_json() {
    let text = to_canonical_json(&cron_job());
    insta::assert_snapshot!(text);
    let back: JobConfiguration = from_canonical_json(&text).unwrap();
    assert_eq!(to_canonical_json(&back), text);
}
