//! The binary protocol against bytes Apache Thrift's own Python runtime wrote for the same
//! values (`vectors/binary_gen.py`, which documents how to rerun it): our generated types
//! must write exactly these bytes and read them back to the same values.

use std::collections::{BTreeMap, BTreeSet};

use aurora_api::{
    from_binary, to_binary, Constraint, Container, CronCollisionPolicy, ExecutorConfig,
    GetJobsResult, Identity, JobConfiguration, JobKey, LimitConstraint, MesosContainer, Mode,
    Resource, Response, ResponseCode, ResponseDetail, ServerInfo, TaskConfig, TaskConstraint,
    ValueConstraint, Volume,
};
use thrift::OrderedFloat;

const JOB_KEY: &str =
    "0b0001000000087777772d646174610b00020000000470726f640b00030000000568656c6c6f00";

const TASK_CONFIG: &str = concat!(
    "0200070108000b0000000008000d000000010c00110b0002000000066175726f726100020012000e00140c000000020b",
    "000100000004686f73740c00020c0002080001000000010000000b0001000000047261636b0c00020c0001020001000e",
    "00020b00000002000000016100000001620000000d00160b0b00000002000000046874747000000019687474703a2f2f",
    "25686f7374253a25706f72743a6874747025000000046c6f67730000000f2f6c6f67732f257461736b5f6964250c0019",
    "0b00010000000e4175726f72614578656375746f720b0002000000117b226e616d65223a202268656c6c6f227d000c00",
    "1c0b0001000000087777772d646174610b00020000000470726f640b00030000000568656c6c6f000c001d0c00010f00",
    "020c000000010b0001000000052f646174610b0002000000092f7372762f64617461080003000000020000000b001e00",
    "0000097072656665727265640e00200c000000040400013fe0000000000000000a00020000000000000080000a000300",
    "00000000000100000b000400000004687474700000",
);

const RESPONSE: &str = concat!(
    "080001000000010c00030c00040e00010c000000010b00040000000b2a2f35202a202a202a202a080005000000010c00",
    "070b0002000000066175726f726100080008000000020c00090b0001000000087777772d646174610b00020000000470",
    "726f640b00030000000568656c6c6f000000000c00050b00010000000a646576636c75737465720b000300000000000f",
    "00060c000000010b000100000009636166c3a920e29c930000",
);

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("the vectors are hex"))
        .collect()
}

fn job_key() -> JobKey {
    JobKey {
        role: Some("www-data".into()),
        environment: Some("prod".into()),
        name: Some("hello".into()),
    }
}

fn owner() -> Option<Identity> {
    Some(Identity {
        user: Some("aurora".into()),
    })
}

/// A set of unions, a set of structs holding unions, a map, a list with an enum, a double.
fn task_config() -> TaskConfig {
    TaskConfig {
        job: Some(job_key()),
        owner: owner(),
        is_service: Some(true),
        priority: Some(0),
        max_task_failures: Some(1),
        production: Some(false),
        tier: Some("preferred".into()),
        resources: Some(BTreeSet::from([
            Resource::NumCpus(OrderedFloat(0.5)),
            Resource::RamMb(128),
            Resource::DiskMb(256),
            Resource::NamedPort("http".into()),
        ])),
        constraints: Some(BTreeSet::from([
            Constraint {
                name: Some("host".into()),
                constraint: Some(TaskConstraint::Limit(LimitConstraint { limit: Some(1) })),
            },
            Constraint {
                name: Some("rack".into()),
                constraint: Some(TaskConstraint::Value(ValueConstraint {
                    negated: Some(false),
                    values: Some(BTreeSet::from(["a".into(), "b".into()])),
                })),
            },
        ])),
        mesos_fetcher_uris: None,
        task_links: Some(BTreeMap::from([
            ("http".into(), "http://%host%:%port:http%".into()),
            ("logs".into(), "/logs/%task_id%".into()),
        ])),
        contact_email: None,
        executor_config: Some(ExecutorConfig {
            name: Some("AuroraExecutor".into()),
            data: Some(r#"{"name": "hello"}"#.into()),
        }),
        metadata: None,
        partition_policy: None,
        sla_policy: None,
        container: Some(Container::Mesos(MesosContainer {
            image: None,
            volumes: Some(vec![Volume {
                container_path: Some("/data".into()),
                host_path: Some("/srv/data".into()),
                mode: Some(Mode::RO),
            }]),
        })),
    }
}

fn response() -> Response {
    let job = JobConfiguration {
        key: Some(job_key()),
        owner: owner(),
        cron_schedule: Some("*/5 * * * *".into()),
        cron_collision_policy: Some(CronCollisionPolicy::CANCEL_NEW),
        task_config: None,
        instance_count: Some(2),
    };
    Response {
        response_code: Some(ResponseCode::OK),
        server_info: Some(ServerInfo {
            cluster_name: Some("devcluster".into()),
            stats_url_prefix: Some(String::new()),
        }),
        result: Some(aurora_api::Result::GetJobsResult(GetJobsResult {
            configs: Some(BTreeSet::from([job])),
        })),
        details: Some(vec![ResponseDetail {
            message: Some("caf\u{e9} \u{2713}".into()),
        }]),
    }
}

#[test]
fn job_key_matches_python() {
    assert_eq!(to_binary(&job_key()), hex(JOB_KEY));
    assert_eq!(from_binary::<JobKey>(&hex(JOB_KEY)).unwrap(), job_key());
}

#[test]
fn task_config_matches_python() {
    assert_eq!(to_binary(&task_config()), hex(TASK_CONFIG));
    assert_eq!(
        from_binary::<TaskConfig>(&hex(TASK_CONFIG)).unwrap(),
        task_config()
    );
}

#[test]
fn response_matches_python() {
    assert_eq!(to_binary(&response()), hex(RESPONSE));
    assert_eq!(from_binary::<Response>(&hex(RESPONSE)).unwrap(), response());
}

#[test]
fn malformed_input_is_an_error() {
    let bytes = hex(TASK_CONFIG);
    assert!(
        from_binary::<TaskConfig>(&bytes[..bytes.len() - 1]).is_err(),
        "truncated"
    );
    let mut longer = bytes.clone();
    longer.push(0);
    let error = from_binary::<TaskConfig>(&longer).unwrap_err();
    assert!(error.to_string().contains("1 bytes left"), "{error}");
    // A set claiming 2^31-1 elements in a 12-byte input is refused before reading them.
    let forged = hex("0e00200c7fffffff0000");
    assert!(from_binary::<TaskConfig>(&forged).is_err());
}

/// A union holding only a field the IDL does not know is an error, not a panic (found by the
/// executor's fuzzer: the generated reader expected a value it never built).
#[test]
fn a_union_of_unknown_fields_only_is_refused() {
    let bytes = [
        0x0c, 0x00, 0x04, // AssignedTask.task: struct
        0x0c, 0x00, 0x1d, // TaskConfig.container: union Container
        0x02, 0x00, 0x63, 0x01, // field 99: bool, unknown to Container
        0x00, 0x00, 0x00, // the ends of Container, TaskConfig, AssignedTask
    ];
    let error = aurora_api::from_binary::<aurora_api::AssignedTask>(&bytes).unwrap_err();
    assert!(
        format!("{error:?}").contains("received only unknown fields for a union"),
        "{error:?}"
    );
    let fuzzed = [
        0x02, 0x00, 0x04, 0x02, 0x00, 0x1d, 0x02, 0x00, 0x04, 0x02, 0x00, 0x1d, 0xdd, 0xdd, 0x8b,
    ];
    assert!(aurora_api::from_binary::<aurora_api::AssignedTask>(&fuzzed).is_err());
}
