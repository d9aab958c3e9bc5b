//! The local cluster's agents with the real `aurora-executor`: offers, launches, status
//! updates, kills, an executor that refuses its task, and a scheduler restart (a new
//! cluster object over the same data dir) that finds its running tasks again.

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use aurora_api::agent::{StatusUpdate, TaskState};
use aurora_api::{AssignedTask, ExecutorConfig, JobKey, OrderedFloat, Resource, TaskConfig};
use aurora_scheduler::cluster::local::{AgentConfig, LocalCluster};
use aurora_scheduler::cluster::{Cluster, LaunchError};

const LIMIT: Duration = Duration::from_secs(30);

fn agents() -> Vec<AgentConfig> {
    (1..=2u16)
        .map(|n| AgentConfig {
            hostname: format!("agent-{n}"),
            cpus: 2.0,
            ram_mb: 1024,
            disk_mb: 4096,
            gpus: 0,
            ports: (40000 + n * 100, 40009 + n * 100),
            attributes: BTreeMap::from([("rack".into(), format!("rack-{n}"))]),
        })
        .collect()
}

fn task(id: &str, cmdline: &str, ports: &[(&str, i32)]) -> AssignedTask {
    let data = serde_json::json!({
        "name": "hello", "role": "www-data", "cluster": "devcluster", "environment": "test",
        "task": {"name": "hello", "finalization_wait": 5,
                 "processes": [{"name": "hello", "cmdline": cmdline}]},
    });
    let mut resources: std::collections::BTreeSet<Resource> = [
        Resource::NumCpus(OrderedFloat(0.5)),
        Resource::RamMb(128),
        Resource::DiskMb(256),
    ]
    .into();
    for (name, _) in ports {
        resources.insert(Resource::NamedPort(name.to_string()));
    }
    AssignedTask {
        task_id: Some(id.into()),
        instance_id: Some(0),
        assigned_ports: Some(ports.iter().map(|(n, p)| (n.to_string(), *p)).collect()),
        task: Some(TaskConfig {
            job: Some(JobKey {
                role: Some("www-data".into()),
                environment: Some("test".into()),
                name: Some("hello".into()),
            }),
            executor_config: Some(ExecutorConfig {
                name: Some("AuroraExecutor".into()),
                data: Some(data.to_string()),
            }),
            resources: Some(resources),
            ..TaskConfig::default()
        }),
        ..AssignedTask::default()
    }
}

/// Polls until `task_id` reports `state` (every update seen is kept in `seen`).
fn wait_for(cluster: &dyn Cluster, seen: &mut Vec<StatusUpdate>, task_id: &str, state: TaskState) {
    let start = Instant::now();
    while start.elapsed() < LIMIT {
        seen.extend(cluster.poll());
        if seen
            .iter()
            .any(|u| u.task_id == task_id && u.state == state)
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{task_id} never reported {state:?}; saw {seen:#?}");
}

#[test]
fn tasks_run_report_and_are_killed_on_their_agents() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = LocalCluster::new(dir.path(), agents(), &common::executor());
    let offers = cluster.offers();
    assert_eq!(offers.len(), 2);
    assert_eq!(offers[0].agent_id, "local-agent-1");
    assert_eq!(offers[0].free_ports.len(), 10);
    assert_eq!(offers[1].attributes["host"], ["agent-2".to_string()].into());

    let service = task(
        "service-0",
        "echo serving on {{thermos.ports[http]}}; sleep 60",
        &[("http", 40105)],
    );
    cluster.launch("local-agent-1", &service).unwrap();
    assert_eq!(
        cluster.launch("local-agent-1", &service),
        Err(LaunchError::AlreadyLaunched("service-0".into()))
    );
    let busy = cluster.offers();
    assert_eq!(busy[0].free.cpus, 1.5);
    assert_eq!(busy[0].free.ram_mb, 1024 - 128);
    assert!(!busy[0].free_ports.contains(&40105));
    assert_eq!(busy[1].free.cpus, 2.0);
    // The port is taken now.
    let mut other = task("other-0", "true", &[("http", 40105)]);
    assert!(matches!(
        cluster.launch("local-agent-1", &other),
        Err(LaunchError::PortNotFree { port: 40105, .. })
    ));
    other.assigned_ports = Some([("http".to_string(), 41000)].into());
    assert!(matches!(
        cluster.launch("local-agent-1", &other),
        Err(LaunchError::PortNotFree { .. })
    ));

    let mut seen = Vec::new();
    wait_for(&cluster, &mut seen, "service-0", TaskState::Running);
    let stdout = dir
        .path()
        .join("agents/agent-1/sandboxes/service-0/.logs/hello/0/stdout");
    let start = Instant::now();
    while std::fs::read_to_string(&stdout)
        .unwrap_or_default()
        .is_empty()
        && start.elapsed() < LIMIT
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        std::fs::read_to_string(&stdout).unwrap(),
        "serving on 40105\n"
    );

    let batch = task("batch-0", "echo done", &[]);
    cluster.launch("local-agent-2", &batch).unwrap();
    wait_for(&cluster, &mut seen, "batch-0", TaskState::Finished);
    assert_eq!(
        cluster.offers()[1].free.cpus,
        2.0,
        "a finished task gives its resources back"
    );

    assert!(cluster.kill("service-0"));
    wait_for(&cluster, &mut seen, "service-0", TaskState::Killed);
    assert_eq!(cluster.offers()[0].free.ram_mb, 1024);
    assert!(!cluster.kill("service-0"), "it is over");
    assert!(!cluster.kill("nosuch"));
    let states: Vec<TaskState> = seen
        .iter()
        .filter(|u| u.task_id == "service-0")
        .map(|u| u.state)
        .collect();
    assert_eq!(
        states,
        [TaskState::Starting, TaskState::Running, TaskState::Killed]
    );
}

#[test]
fn an_executor_that_refuses_its_task_fails_it_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = LocalCluster::new(dir.path(), agents(), &common::executor());
    let mut broken = task("broken-0", "true", &[]);
    if let Some(executor) = broken
        .task
        .as_mut()
        .and_then(|t| t.executor_config.as_mut())
    {
        executor.data = Some("{\"not\": \"a thermos task\"}".into());
    }
    cluster.launch("local-agent-1", &broken).unwrap();
    let mut seen = Vec::new();
    wait_for(&cluster, &mut seen, "broken-0", TaskState::Failed);
    let failed = seen.iter().find(|u| u.state == TaskState::Failed).unwrap();
    assert!(
        failed
            .message
            .starts_with("The executor refused the task: "),
        "{failed:?}"
    );
    assert_eq!(cluster.offers()[0].free.cpus, 2.0);
}

#[test]
fn a_restarted_scheduler_finds_its_running_tasks_and_loses_the_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let mut running = task("long-0", "sleep 60", &[]);
    {
        let cluster = LocalCluster::new(dir.path(), agents(), &common::executor());
        cluster.launch("local-agent-2", &running).unwrap();
        let mut seen = Vec::new();
        wait_for(&cluster, &mut seen, "long-0", TaskState::Running);
        // The scheduler goes away; its agents' executors stay.
    }
    running.slave_id = Some("local-agent-2".into());
    running.slave_host = Some("agent-2".into());
    let mut unknown = task("ghost-0", "true", &[]);
    unknown.slave_id = Some("local-agent-1".into());

    let cluster = LocalCluster::new(dir.path(), agents(), &common::executor());
    let lost = cluster.reconcile(&[running.clone(), unknown]);
    assert_eq!(lost.len(), 1);
    assert_eq!(
        (lost[0].task_id.as_str(), lost[0].state),
        ("ghost-0", TaskState::Lost)
    );
    assert_eq!(
        cluster.offers()[1].free.cpus,
        1.5,
        "its resources are still taken"
    );
    let mut seen = Vec::new();
    wait_for(&cluster, &mut seen, "long-0", TaskState::Running);
    assert!(cluster.kill("long-0"));
    wait_for(&cluster, &mut seen, "long-0", TaskState::Killed);
}
