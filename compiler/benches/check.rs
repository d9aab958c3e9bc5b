//! Time to `config check` the conformance corpus in-process: each file evaluated with the
//! schema prelude, its jobs listed, and every job compiled to a `JobConfiguration` (the
//! same work `aurora config check FILE` does, without rendering). One benchmark per corpus
//! file, and one for the whole corpus in sequence (one core).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use aurora_compiler::config::{list_jobs, load, LoadOptions};
use aurora_compiler::eval::Output;
use aurora_compiler::job::{compile_each, CompileOptions, Tiers};
use aurora_conformance::{run_environment, Corpus, RECORDED_USER};
use criterion::{criterion_group, criterion_main, Criterion};

/// Loads `path` and compiles every job it lists; returns how many compiled.
fn check_file(path: &Path, options: &LoadOptions, compile: &CompileOptions) -> usize {
    let loaded = load(path, options);
    if !loaded.is_ok() {
        return 0;
    }
    let Ok(keys) = list_jobs(&loaded) else {
        return 0;
    };
    compile_each(&loaded, &keys, compile, None)
        .iter()
        .filter(|outcome| outcome.result.is_ok())
        .count()
}

fn corpus_files(corpus: &Corpus) -> Vec<(String, PathBuf, LoadOptions)> {
    let args = corpus.run_args();
    corpus
        .list_cases()
        .into_iter()
        .map(|case| {
            let (env, bindings) =
                run_environment(args.get(&case.relative).map_or(&[][..], Vec::as_slice));
            let options = LoadOptions {
                env,
                bindings,
                output: Output::Capture,
                ..LoadOptions::default()
            };
            (case.relative, case.path, options)
        })
        .collect()
}

fn bench_check(c: &mut Criterion) {
    let Some(corpus) = Corpus::locate() else {
        return;
    };
    let compile = CompileOptions {
        user: RECORDED_USER.into(),
        tiers: Tiers::default(),
    };
    let files = corpus_files(&corpus);
    let jobs: usize = files
        .iter()
        .map(|(_, path, options)| check_file(path, options, &compile))
        .sum();
    println!("corpus: {} files, {jobs} jobs compile", files.len());

    c.bench_function("config check: whole corpus", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|(_, path, options)| check_file(black_box(path), options, &compile))
                .sum::<usize>()
        })
    });

    let mut per_file = c.benchmark_group("config check: file");
    per_file
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(500));
    for (relative, path, options) in &files {
        per_file.bench_function(relative.as_str(), |b| {
            b.iter(|| check_file(black_box(path), options, &compile))
        });
    }
    per_file.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
