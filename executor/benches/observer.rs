//! `cargo bench -p aurora-executor --bench observer`: the observer's task list over 1,000
//! tasks' checkpoints (target < 50 ms), read cold (a fresh observer), warm (checkpoints
//! unchanged since the last list), and as the `/main` page over loopback HTTP.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;

use aurora_executor::observer::model::{Observer, Which, DEFAULT_PAGE};
use aurora_executor::records::TaskPaths;
use criterion::{criterion_group, criterion_main, Criterion};

const TASKS: usize = 1000;

const DATA: &str = r#"{"name":"hello","role":"www-data","cluster":"devcluster","environment":"test",
"task":{"name":"hello","processes":[{"name":"setup","cmdline":"echo setup"},
{"name":"work","cmdline":"echo work; exit 1","max_failures":3,"min_duration":0},
{"name":"cleanup","cmdline":"echo done","final":true}],
"constraints":[{"order":["setup","work"]}],"max_failures":1,"finalization_wait":30}}"#;

/// A checkpoint root with `TASKS` tasks: one real run of a three-process task (a retried
/// failure included), its checkpoint copied under as many task ids.
fn root_with_tasks(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("root");
    let data = dir.join("data.json");
    std::fs::write(&data, DATA).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_aurora-executor"))
        .args(["run", "--task-id", "model", "--executor-data"])
        .arg(&data)
        .arg("--sandbox")
        .arg(dir.join("sandbox"))
        .arg("--checkpoint-root")
        .arg(&root)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(
        status.code(),
        Some(1),
        "the model task fails after its retries"
    );
    let model = TaskPaths::new(&root, "model");
    for n in 0..TASKS {
        let copy = TaskPaths::new(&root, &format!("www-data-test-hello-{n}-bench"));
        std::fs::create_dir_all(copy.checkpoint_dir()).unwrap();
        std::fs::copy(model.runner(), copy.runner()).unwrap();
        std::fs::copy(model.finished_task(), copy.finished_task()).unwrap();
    }
    root
}

fn get(address: SocketAddr, path: &str) -> usize {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    assert!(answer.starts_with(b"HTTP/1.0 200") || answer.starts_with(b"HTTP/1.1 200"));
    answer.len()
}

fn task_list(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let root = root_with_tasks(dir.path());
    let mut group = c.benchmark_group("observer_task_list_1000");
    group.bench_function("cold", |b| {
        b.iter(|| {
            let list = Observer::new(&root).list(Which::All, 0, DEFAULT_PAGE);
            assert_eq!(list.task_count, TASKS + 1);
        })
    });
    let observer = Observer::new(&root);
    group.bench_function("warm", |b| {
        b.iter(|| {
            assert_eq!(
                observer.list(Which::All, 0, DEFAULT_PAGE).tasks.len(),
                DEFAULT_PAGE
            )
        })
    });

    let (bound, address) = mpsc::channel();
    let served = root.clone();
    std::thread::spawn(move || {
        aurora_executor::observer::serve(&served, ([127, 0, 0, 1], 0).into(), |a| {
            bound.send(a).unwrap()
        })
    });
    let address = address.recv().unwrap();
    group.bench_function("main_page_http", |b| b.iter(|| get(address, "/main")));
    group.finish();
}

criterion_group!(benches, task_list);
criterion_main!(benches);
