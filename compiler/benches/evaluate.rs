//! Time to load configs (evaluate with the schema prelude, then list the jobs): the
//! largest file real Aurora listed in the conformance corpus, a generated config with
//! 1,000 jobs (target for both: under 50 ms), and an empty config, which measures what
//! the prelude costs each file (target: under 1 ms).

use std::hint::black_box;
use std::path::Path;

use aurora_compiler::config::{list_jobs, load, LoadOptions};
use aurora_compiler::eval::Output;
use aurora_conformance::{run_environment, Corpus, ListOutcome, RunArg};
use criterion::{criterion_group, criterion_main, Criterion};

/// Options as real Aurora ran a corpus file: its binds and environment, USER=aurora.
fn options_for(args: &[RunArg]) -> LoadOptions {
    let (env, bindings) = run_environment(args);
    LoadOptions {
        env,
        bindings,
        output: Output::Capture,
        ..LoadOptions::default()
    }
}

fn bench_load(c: &mut Criterion, name: &str, path: &Path, options: &LoadOptions) {
    let loaded = load(path, options);
    assert!(
        loaded.is_ok(),
        "{} loads: {:?}",
        path.display(),
        loaded.diagnostics
    );
    assert!(
        list_jobs(&loaded).is_ok(),
        "{} lists its jobs",
        path.display()
    );
    c.bench_function(name, |b| {
        b.iter(|| {
            let loaded = load(black_box(path), options);
            list_jobs(&loaded).map(|keys| keys.len())
        })
    });
}

/// A config defining `count` services, each with its own processes, task and resources.
fn generated_config(count: usize) -> String {
    let mut text = String::from("jobs = []\n");
    for n in 0..count {
        text.push_str(&format!(
            r#"
install_{n} = Process(name = 'install', cmdline = 'fetch app-{{{{profile.version}}}}.tgz')
server_{n} = Process(name = 'server', cmdline = './server --port={{{{thermos.ports[http]}}}}')
task_{n} = SequentialTask(
  processes = [install_{n}, server_{n}],
  resources = Resources(cpu = 0.5, ram = 128 * MB, disk = 256 * MB),
)
jobs.append(Service(
  cluster = 'west', role = 'www-data', environment = 'prod', name = 'web_{n}',
  instances = {instances}, task = task_{n},
).bind(profile = {{'version': '{n}'}}))
"#,
            instances = n % 10 + 1,
        ));
    }
    text
}

fn evaluate(c: &mut Criterion) {
    let scratch = tempfile::tempdir().expect("a scratch directory can be created");
    let scratch = scratch.path();
    let empty = scratch.join("empty.aurora");
    std::fs::write(&empty, "jobs = []\n").expect("the scratch directory is writable");
    bench_load(
        c,
        "load empty config (prelude cost)",
        &empty,
        &options_for(&[]),
    );

    let generated = scratch.join("thousand_jobs.aurora");
    std::fs::write(&generated, generated_config(1_000)).expect("the scratch directory is writable");
    bench_load(c, "load 1,000-job config", &generated, &options_for(&[]));

    if let Some(corpus) = Corpus::locate() {
        let largest = corpus
            .list_cases()
            .into_iter()
            .filter(|case| matches!(case.expected, ListOutcome::Jobs(_)))
            .max_by_key(|case| std::fs::metadata(&case.path).map_or(0, |meta| meta.len()))
            .expect("the corpus has listed configs");
        eprintln!("largest listed corpus file: {}", largest.relative);
        bench_load(
            c,
            "load largest corpus config",
            &largest.path,
            &options_for(&largest.args),
        );
    }
}

criterion_group!(benches, evaluate);
criterion_main!(benches);
