//! The real `aurora-scheduler` binary on loopback, called through `api::http` in both
//! protocols, over state written to its data directory beforehand; and what it does with
//! requests that are not Thrift calls.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use aurora_api::http::{HttpChannel, HttpOptions, Protocol};
use aurora_api::{
    AssignedTask, ExecutorConfig, Identity, JobKey, ResponseCode, Result as ApiResult,
    ScheduleStatus, ScheduledTask, TAuroraSchedulerManagerSyncClient, TReadOnlySchedulerSyncClient,
    TaskConfig, TaskQuery,
};
use aurora_scheduler::storage::{Storage, StorageError};

struct Scheduler {
    child: Child,
    address: SocketAddr,
    _dir: tempfile::TempDir,
}

impl Drop for Scheduler {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn key(name: &str) -> JobKey {
    JobKey {
        role: Some("www-data".into()),
        environment: Some("prod".into()),
        name: Some(name.into()),
    }
}

fn task(id: &str, job: &str, instance: i32, status: ScheduleStatus) -> ScheduledTask {
    ScheduledTask {
        assigned_task: Some(AssignedTask {
            task_id: Some(id.into()),
            instance_id: Some(instance),
            task: Some(TaskConfig {
                job: Some(key(job)),
                owner: Some(Identity {
                    user: Some("www-data".into()),
                }),
                executor_config: Some(ExecutorConfig {
                    name: Some("AuroraExecutor".into()),
                    data: Some("{\"secret\": \"executor data\"}".into()),
                }),
                ..TaskConfig::default()
            }),
            ..AssignedTask::default()
        }),
        status: Some(status),
        ..ScheduledTask::default()
    }
}

fn seed(data_dir: &Path) {
    let storage = Storage::open(&data_dir.join("scheduler.redb")).unwrap();
    storage
        .write(|txn| -> Result<(), StorageError> {
            txn.save_task(task("hello-0", "hello", 0, ScheduleStatus::RUNNING));
            txn.save_task(task("hello-1", "hello", 1, ScheduleStatus::PENDING));
            txn.save_task(task("old-0", "old", 0, ScheduleStatus::FINISHED));
            Ok(())
        })
        .unwrap();
}

fn start() -> Scheduler {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_aurora-scheduler"))
        .args([
            "--port",
            "0",
            "--cluster-name",
            "testcluster",
            "--request-timeout-secs",
            "1",
        ])
        .arg("--data-dir")
        .arg(dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .trim()
        .rsplit("http://")
        .next()
        .and_then(|a| a.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("the scheduler said where it listens: {line:?}"));
    Scheduler {
        child,
        address,
        _dir: dir,
    }
}

fn channel(scheduler: &Scheduler, protocol: Protocol) -> HttpChannel {
    HttpChannel::new(
        &format!("http://{}", scheduler.address),
        HttpOptions {
            protocol,
            credentials: None,
            timeout: Duration::from_secs(10),
        },
    )
}

fn unfiltered() -> TaskQuery {
    TaskQuery {
        role: None,
        environment: None,
        job_name: None,
        task_ids: None,
        statuses: None,
        instance_ids: None,
        slave_hosts: None,
        job_keys: None,
        offset: None,
        limit: None,
    }
}

#[test]
fn read_only_calls_answer_from_the_stored_state_in_both_protocols() {
    let scheduler = start();
    for protocol in [Protocol::Binary, Protocol::Json] {
        let channel = channel(&scheduler, protocol);
        let mut client = channel.read_only_client();

        let response = client
            .get_tasks_without_configs(TaskQuery {
                role: Some("www-data".into()),
                ..unfiltered()
            })
            .unwrap();
        assert_eq!(response.response_code, Some(ResponseCode::OK));
        assert_eq!(
            response.server_info.unwrap().cluster_name.as_deref(),
            Some("testcluster")
        );
        let Some(ApiResult::ScheduleStatusResult(result)) = response.result else {
            panic!("a schedule status result")
        };
        let tasks = result.tasks.unwrap();
        let ids: Vec<&str> = tasks
            .iter()
            .map(|t| {
                t.assigned_task
                    .as_ref()
                    .unwrap()
                    .task_id
                    .as_deref()
                    .unwrap()
            })
            .collect();
        assert_eq!(ids, ["hello-0", "hello-1", "old-0"]);
        // Without configs: the executor data is left out, the rest of the config is there.
        let executor = tasks[0]
            .assigned_task
            .as_ref()
            .unwrap()
            .task
            .as_ref()
            .unwrap();
        let executor = executor.executor_config.as_ref().unwrap();
        assert_eq!(executor.name.as_deref(), Some("AuroraExecutor"));
        assert_eq!(executor.data.as_deref().unwrap_or_default(), "");

        let Some(ApiResult::ScheduleStatusResult(with_configs)) = client
            .get_tasks_status(TaskQuery {
                statuses: Some([ScheduleStatus::RUNNING].into()),
                ..unfiltered()
            })
            .unwrap()
            .result
        else {
            panic!("a schedule status result")
        };
        let with_configs = with_configs.tasks.unwrap();
        assert_eq!(
            with_configs,
            [task("hello-0", "hello", 0, ScheduleStatus::RUNNING)]
        );

        let Some(ApiResult::GetJobsResult(jobs)) =
            client.get_jobs("www-data".into()).unwrap().result
        else {
            panic!("a jobs result")
        };
        let jobs = jobs.configs.unwrap();
        // Only jobs with active tasks; the job's instance count is its active tasks'.
        assert_eq!(jobs.len(), 1);
        let job = jobs.iter().next().unwrap();
        assert_eq!(job.key, Some(key("hello")));
        assert_eq!(job.instance_count, Some(2));

        let Some(ApiResult::JobSummaryResult(summary)) =
            client.get_job_summary("www-data".into()).unwrap().result
        else {
            panic!("a job summary result")
        };
        assert_eq!(summary.summaries.unwrap().len(), 2);

        let Some(ApiResult::RoleSummaryResult(roles)) = client.get_role_summary().unwrap().result
        else {
            panic!("a role summary result")
        };
        let roles = roles.summaries.unwrap();
        assert_eq!(roles.len(), 1);
        assert_eq!(roles.iter().next().unwrap().job_count, Some(2));

        let Some(ApiResult::ConfigSummaryResult(configs)) =
            client.get_config_summary(key("hello")).unwrap().result
        else {
            panic!("a config summary result")
        };
        let groups = configs.summary.unwrap().groups.unwrap();
        assert_eq!(groups.len(), 1, "both instances share their config");
    }
}

#[test]
fn a_method_not_built_yet_says_so() {
    let scheduler = start();
    let channel = channel(&scheduler, Protocol::Binary);
    let response = channel
        .scheduler_client()
        .start_cron_job(key("hello"))
        .unwrap();
    assert_eq!(response.response_code, Some(ResponseCode::ERROR));
    assert_eq!(
        response.details.unwrap()[0].message.as_deref(),
        Some("startCronJob is not implemented by this scheduler yet.")
    );
}

/// A raw HTTP/1.0 exchange: (status, body).
fn raw(address: SocketAddr, request: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

fn post(address: SocketAddr, content_type: &str, body: &[u8]) -> (u16, String) {
    let mut request = format!(
        "POST /api HTTP/1.0\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    raw(address, &request)
}

#[test]
fn bodies_that_are_not_calls_get_an_error_and_the_server_lives_on() {
    let scheduler = start();
    let address = scheduler.address;
    let json = "application/vnd.apache.thrift.json";
    // A call whose arguments do not decode is answered with Thrift's exception message.
    let (status, body) = post(address, json, b"[1,\"getRoleSummary\",1,0,{");
    assert_eq!(status, 200);
    assert!(body.starts_with("[1,\"getRoleSummary\",3,0,"), "{body}");
    // A body that is no call at all gets HTTP's own error.
    assert_eq!(post(address, json, b"not json at all").0, 400);
    assert_eq!(
        post(
            address,
            "application/vnd.apache.thrift.binary",
            b"\x80\x01\x00\x01\xff\xff\xff\xff"
        )
        .0,
        400
    );
    let (status, body) = post(address, "text/plain", b"x");
    assert_eq!(
        (status, body.as_str()),
        (415, "Unsupported Content-Type: text/plain")
    );
    let huge = vec![b' '; aurora_api::http::MAX_BODY_BYTES + 10];
    assert_eq!(post(address, json, &huge).0, 413);
    // A body shorter than it says: the server does not wait forever for the rest.
    let (status, body) = raw(
        address,
        b"POST /api HTTP/1.0\r\nContent-Length: 10\r\n\r\n[1,",
    );
    assert_eq!(
        (status, body.as_str()),
        (408, "The request body did not arrive in time.")
    );
    // A call in TJSON without a Content-Type, answered in TJSON, as from curl.
    let (status, body) = raw(
        address,
        b"POST /api HTTP/1.0\r\nContent-Length: 27\r\n\r\n[1,\"getRoleSummary\",1,0,{}]",
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.starts_with("[1,\"getRoleSummary\",2,0,"), "{body}");
    assert!(body.contains("testcluster"));
    assert_eq!(
        raw(address, b"GET /health HTTP/1.0\r\n\r\n"),
        (200, "OK".into())
    );
}
