//! `kill -9` of a process in the middle of its writes loses no acknowledged write and leaves
//! no write half done: a child process commits transactions of several tasks each and says
//! which ones returned; it is killed at varying moments, and the storage reopened.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use aurora_api::{AssignedTask, JobKey, ScheduleStatus, ScheduledTask, TaskConfig};
use aurora_scheduler::storage::{Storage, StorageError};

/// The database the child writes to, when this test binary runs as the child.
const CHILD_DATABASE: &str = "AURORA_STORAGE_DURABILITY_DATABASE";
/// Tasks per transaction: one transaction's tasks are all there or none is.
const TASKS_PER_WRITE: usize = 8;
/// How many times the child is killed (more with AURORA_CHAOS_ROUNDS).
const ROUNDS: usize = 12;

fn task(write: usize, part: usize) -> ScheduledTask {
    ScheduledTask {
        assigned_task: Some(AssignedTask {
            task_id: Some(format!("w{write}-{part}")),
            instance_id: Some(part as i32),
            task: Some(TaskConfig {
                job: Some(JobKey {
                    role: Some("www-data".into()),
                    environment: Some("prod".into()),
                    // A few configs, shared and dropped as writes replace tasks.
                    name: Some(format!("job{}", write % 3)),
                }),
                ..TaskConfig::default()
            }),
            ..AssignedTask::default()
        }),
        status: Some(ScheduleStatus::PENDING),
        ..ScheduledTask::default()
    }
}

/// The child: writes until killed, printing each write's number once it returned.
#[test]
#[ignore = "run by durability_after_kill_9 as its child process"]
fn write_until_killed() {
    let Ok(path) = std::env::var(CHILD_DATABASE) else {
        return;
    };
    let storage = Storage::open(Path::new(&path)).unwrap();
    let first = storage.read().task_count() / TASKS_PER_WRITE * 10 + 1_000_000;
    for write in first.. {
        storage
            .write(|txn| -> Result<(), StorageError> {
                for part in 0..TASKS_PER_WRITE {
                    txn.save_task(task(write, part));
                }
                Ok(())
            })
            .unwrap();
        println!("acked {write}");
    }
}

fn writes_present(storage: &Storage) -> std::collections::BTreeMap<usize, usize> {
    let mut parts = std::collections::BTreeMap::new();
    for stored in storage.read().tasks() {
        let write: usize = stored.id()[1..].split('-').next().unwrap().parse().unwrap();
        *parts.entry(write).or_insert(0) += 1;
    }
    parts
}

#[test]
fn durability_after_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("scheduler.redb");
    let rounds = std::env::var("AURORA_CHAOS_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(ROUNDS);
    let mut acknowledged = std::collections::BTreeSet::new();
    for round in 0..rounds {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--ignored",
                "--exact",
                "write_until_killed",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_DATABASE, &database)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill after a varying number of acknowledged writes, at a varying delay after one.
        let wanted = 3 + (round * 7) % 23;
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let start = Instant::now();
        let mut seen = 0;
        while seen < wanted && start.elapsed() < Duration::from_secs(30) {
            let Some(Ok(line)) = lines.next() else { break };
            if let Some(write) = line.strip_prefix("acked ") {
                acknowledged.insert(write.parse::<usize>().unwrap());
                seen += 1;
            }
        }
        std::thread::sleep(Duration::from_micros((round as u64 * 1_337) % 4_000));
        child.kill().unwrap();
        child.wait().unwrap();
        // What it printed before dying was acknowledged too.
        for line in lines.map_while(Result::ok) {
            if let Some(write) = line.strip_prefix("acked ") {
                acknowledged.insert(write.parse::<usize>().unwrap());
            }
        }
        assert!(seen > 0, "round {round}: the child wrote nothing");

        let storage = Storage::open(&database).unwrap();
        let present = writes_present(&storage);
        for write in &acknowledged {
            assert_eq!(
                present.get(write),
                Some(&TASKS_PER_WRITE),
                "round {round}: acknowledged write {write} is not wholly there"
            );
        }
        for (write, parts) in &present {
            assert_eq!(
                *parts, TASKS_PER_WRITE,
                "round {round}: write {write} is half there"
            );
        }
    }
}
