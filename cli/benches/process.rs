//! Whole `aurora` processes, as a user or CI runs them: what a command costs above process
//! start is its time minus `aurora --version`'s.
//!
//! - `config compile` of `examples/hello_world.aurora` (one job);
//! - `config check` of a generated 300-job file with a `Profile` struct, two profiles bound
//!   per service and a `--bind`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

const AURORA: &str = env!("CARGO_BIN_EXE_aurora");

/// 150 services, each as a staging and a production job bound to its profile.
fn three_hundred_jobs() -> String {
    let mut text = String::from(
        r#"class Profile(Struct):
  version = Default(String, '1.0')
  instances = Default(Integer, 1)
  package = Default(String, 'app')

STAGING = Profile(version = '{{release}}', instances = 2)
PRODUCTION = Profile(version = '{{release}}', instances = 10, package = 'app-prod')

install = Process(name = 'install', cmdline = 'fetch {{profile.package}}-{{profile.version}}.tgz')
jobs = []
"#,
    );
    for n in 0..150 {
        text.push_str(&format!(
            r#"
server_{n} = Process(name = 'server', cmdline = './server --port={{{{thermos.ports[http]}}}} --shard={n}')
task_{n} = SequentialTask(processes = [install, server_{n}],
                          resources = Resources(cpu = 0.5, ram = 128 * MB, disk = 256 * MB))
for env, profile in (('staging', STAGING), ('prod', PRODUCTION)):
  jobs.append(Service(cluster = 'west', role = 'www-data', environment = env, name = 'web_{n}',
                      instances = '{{{{profile.instances}}}}', task = task_{n}).bind(profile = profile))
"#
        ));
    }
    text
}

/// Runs `aurora args...` in `dir`, output discarded; panics unless it succeeds.
fn run(dir: &Path, args: &[&str]) {
    let status = Command::new(AURORA)
        .args(args)
        .current_dir(dir)
        .env("USER", "aurora")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("aurora runs");
    assert!(status.success(), "aurora {args:?} failed");
}

fn processes(c: &mut Criterion) {
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let scratch = tempfile::tempdir().expect("a scratch directory can be created");
    std::fs::write(scratch.path().join("services.aurora"), three_hundred_jobs())
        .expect("the scratch directory is writable");

    let mut group = c.benchmark_group("process");
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("aurora --version", |b| {
        b.iter(|| run(&examples, &["--version"]))
    });
    group.bench_function("config compile hello_world (1 job)", |b| {
        b.iter(|| {
            run(
                &examples,
                &[
                    "config",
                    "compile",
                    "devcluster/www-data/prod/hello_world",
                    "hello_world.aurora",
                ],
            )
        })
    });
    group.bench_function("config check 300 jobs, profiles and --bind", |b| {
        b.iter(|| {
            run(
                scratch.path(),
                &[
                    "config",
                    "check",
                    "--bind",
                    "release=2.0",
                    "services.aurora",
                ],
            )
        })
    });
    group.finish();
}

criterion_group!(benches, processes);
criterion_main!(benches);
