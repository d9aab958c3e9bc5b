//! From `aurora-executor run` to the task's end, for a task of one process that exits at once:
//! an upper bound on the time from `run` to the first process forked (Thermos needs about a
//! second of Python start-up for the same).
//!
//! `cargo bench -p aurora-executor --bench start`

use std::process::{Command, Stdio};

use criterion::{criterion_group, criterion_main, Criterion};

const DATA: &str = r#"{"name":"hello","role":"www-data","cluster":"devcluster","environment":"test",
"task":{"name":"hello","processes":[{"name":"hello","cmdline":"true"}],"finalization_wait":30}}"#;

fn run_to_end(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.json");
    std::fs::write(&data, DATA).unwrap();
    let mut n = 0u64;
    c.bench_function("run a one-process task to its end", |b| {
        b.iter(|| {
            n += 1;
            let status = Command::new(env!("CARGO_BIN_EXE_aurora-executor"))
                .arg("run")
                .arg("--executor-data")
                .arg(&data)
                .arg("--task-id")
                .arg(format!("bench-{n}"))
                .arg("--sandbox")
                .arg(dir.path().join(format!("sandbox-{n}")))
                .arg("--checkpoint-root")
                .arg(dir.path().join("root"))
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
        })
    });
}

/// From spawning `aurora-executor run` until the process's shell runs its first command
/// (it writes the clock): the figure the target (< 10 ms) is about.
fn run_to_first_process(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.json");
    std::fs::write(
        &data,
        DATA.replace(r#""cmdline":"true""#, r#""cmdline":"date +%s%N > started""#),
    )
    .unwrap();
    let mut n = 0u64;
    c.bench_function("from run to the first process", |b| {
        b.iter_custom(|iterations| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..iterations {
                n += 1;
                let sandbox = dir.path().join(format!("first-{n}"));
                let before = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap();
                let status = Command::new(env!("CARGO_BIN_EXE_aurora-executor"))
                    .arg("run")
                    .arg("--executor-data")
                    .arg(&data)
                    .arg("--task-id")
                    .arg(format!("first-{n}"))
                    .arg("--sandbox")
                    .arg(&sandbox)
                    .arg("--checkpoint-root")
                    .arg(dir.path().join("root"))
                    .stdout(Stdio::null())
                    .status()
                    .unwrap();
                assert!(status.success());
                let started: u128 = std::fs::read_to_string(sandbox.join("started"))
                    .unwrap()
                    .trim()
                    .parse()
                    .unwrap();
                let nanos = started.saturating_sub(before.as_nanos());
                total += std::time::Duration::from_nanos(nanos as u64);
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
