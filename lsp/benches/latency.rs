//! Editor latency on a generated 5,000-line config: completion, hover, re-parsing a
//! changed buffer, and diagnostics (evaluation and compilation of every job). Besides
//! criterion's figures, prints p50/p99 from its own timing loop (targets: p99 < 20 ms for
//! completion and hover, < 50 ms for diagnostics).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use aurora_lsp::complete::completion;
use aurora_lsp::diagnostics::{analysis_options, analyze_buffer, analyze_buffer_with};
use aurora_lsp::document::Document;
use aurora_lsp::navigate::hover;
use criterion::{criterion_group, criterion_main, Criterion};
use tower_lsp_server::ls_types::Position;

/// About 5,000 lines: jobs of ten lines each, every one with its own process and task.
fn generated_config() -> String {
    let mut text = String::from("jobs = []\n");
    let mut index = 0;
    while text.lines().count() < 5_000 {
        text.push_str(&format!(
            "# Job number {index}.\n\
             server_{index} = Process(\n  name = 'server_{index}',\n  \
             cmdline = 'serve --port {{{{thermos.ports[http]}}}} --id {index}',\n  \
             max_failures = 3,\n)\n\
             task_{index} = Task(processes = [server_{index}], \
             resources = Resources(cpu = 0.5, ram = 256 * MB, disk = 1 * GB))\n\
             jobs.append(Service(cluster = 'west', role = 'www', environment = 'prod', \
             name = 'job_{index}', task = task_{index}))\n\n"
        ));
        index += 1;
    }
    text
}

/// Position just after the last `max_failures = 3,` line's comma: a new argument's name.
fn positions(text: &str) -> (Position, Position) {
    let lines: Vec<&str> = text.lines().collect();
    let last = lines
        .iter()
        .rposition(|line| line.contains("max_failures"))
        .expect("generated config has processes");
    let completion = Position::new(last as u32, lines[last].len() as u32);
    let hover = Position::new(last as u32, 4);
    (completion, hover)
}

fn percentiles(name: &str, runs: usize, mut run: impl FnMut()) {
    let times = (0..runs)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    report(name, times);
}

/// Prints the median and the 99th percentile of `times`.
fn report(name: &str, mut times: Vec<Duration>) {
    let runs = times.len();
    times.sort();
    let at = |p: f64| times[((runs as f64 * p) as usize).min(runs - 1)];
    println!(
        "{name}: p50 {:.2} ms, p99 {:.2} ms ({runs} runs)",
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3
    );
}

fn latency(c: &mut Criterion) {
    let text = generated_config();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path: PathBuf = dir.path().join("large.aurora");
    let document = Document::new(path.clone(), text.clone(), 1);
    let (at_completion, at_hover) = positions(&text);
    let items = completion(&document, at_completion);
    assert!(
        items.iter().any(|item| item.label == "daemon"),
        "fields offered"
    );
    assert!(hover(&document, None, at_hover).is_some(), "hover found");
    let options = analysis_options();
    let (diagnostics, _) = analyze_buffer(&path, &text, 1, &options);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");

    println!("generated config: {} lines", text.lines().count());
    percentiles("completion", 200, || {
        completion(&document, at_completion);
    });
    percentiles("hover", 200, || {
        hover(&document, None, at_hover);
    });
    percentiles("parse on change", 100, || {
        Document::new(path.clone(), text.clone(), 2);
    });
    // What the editor waits for after a pause in typing: the diagnostics are published
    // from inside the analysis, before the hover data is worked out.
    let mut until_published = Vec::with_capacity(30);
    for _ in 0..30 {
        let start = Instant::now();
        analyze_buffer_with(&path, &text, 1, &options, |_| {
            until_published.push(start.elapsed());
        });
    }
    report("diagnostics, until published", until_published);
    percentiles("diagnostics and hover data", 30, || {
        analyze_buffer(&path, &text, 1, &options);
    });
    // The same buffer with its jobs built but not listed: evaluation alone.
    let unlisted = text.replace("jobs.append(", "unlisted = (");
    percentiles("diagnostics, evaluation only", 30, || {
        analyze_buffer(&path, &unlisted, 1, &options);
    });

    let mut group = c.benchmark_group("latency_5000_lines");
    group.sample_size(20);
    group.bench_function("completion", |b| {
        b.iter(|| completion(&document, at_completion))
    });
    group.bench_function("hover", |b| b.iter(|| hover(&document, None, at_hover)));
    group.bench_function("parse_on_change", |b| {
        b.iter(|| Document::new(path.clone(), text.clone(), 2))
    });
    group.sample_size(10);
    group.bench_function("diagnostics", |b| {
        b.iter(|| analyze_buffer(&path, &text, 1, &options))
    });
    group.finish();
}

criterion_group!(benches, latency);
criterion_main!(benches);
