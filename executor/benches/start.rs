//! `cargo bench -p aurora-executor --bench start`: how fast `aurora-executor run` gets a
//! task going (Thermos needs about a second of Python start-up for the same).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use criterion::{criterion_group, criterion_main, Criterion};

const DATA: &str = r#"{"name":"hello","role":"www-data","cluster":"devcluster","environment":"test",
"task":{"name":"hello","processes":[{"name":"hello","cmdline":"CMDLINE"}],"finalization_wait":30}}"#;

/// Runs a one-process task with `cmdline` in `dir` as task `id`, to its end; returns the
/// clock just before `run` was spawned.
fn run_task(dir: &Path, cmdline: &str, id: &str) -> Duration {
    let data = dir.join(format!("{id}.json"));
    std::fs::write(&data, DATA.replace("CMDLINE", cmdline)).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_aurora-executor"));
    command
        .arg("run")
        .arg("--executor-data")
        .arg(&data)
        .arg("--task-id")
        .arg(id)
        .arg("--sandbox")
        .arg(dir.join(id))
        .arg("--checkpoint-root")
        .arg(dir.join("root"))
        .stdout(Stdio::null());
    let spawned = since_epoch();
    assert!(command.status().unwrap().success());
    spawned
}

fn since_epoch() -> Duration {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap()
}

/// A task of one process that exits at once, from `run` to the task's end.
fn run_to_end(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0u64;
    c.bench_function("run a one-process task to its end", |b| {
        b.iter(|| {
            n += 1;
            run_task(dir.path(), "true", &format!("end-{n}"));
        })
    });
}

/// From spawning `run` until the process's shell runs its first command (it writes the
/// clock): the figure the target (< 10 ms) is about.
fn run_to_first_process(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0u64;
    c.bench_function("from run to the first process", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                n += 1;
                let id = format!("first-{n}");
                let before = run_task(dir.path(), "date +%s%N > started", &id);
                let started: u64 = std::fs::read_to_string(dir.path().join(&id).join("started"))
                    .unwrap()
                    .trim()
                    .parse()
                    .unwrap();
                total += Duration::from_nanos(started).saturating_sub(before);
            }
            total
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = run_to_end, run_to_first_process
}
criterion_main!(benches);
