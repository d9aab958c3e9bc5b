//! Every `JobConfiguration` real Aurora produced in the conformance corpus
//! (`expected/**/*.thrift.json`) decodes into our generated types, encodes back to the same
//! bytes, and survives the binary protocol unchanged.

use std::fs;
use std::path::{Path, PathBuf};

use aurora_api::thermos::ExecutorData;
use aurora_api::{
    from_binary, from_canonical_json, to_binary, to_canonical_json, JobConfiguration,
};

/// The corpus root from `AURORA_CONFORMANCE`, or `../shared/conformance` beside the workspace.
fn corpus() -> Option<PathBuf> {
    let root = std::env::var_os("AURORA_CONFORMANCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance"));
    if root.is_dir() {
        Some(root)
    } else {
        eprintln!(
            "conformance corpus not found at {}: skipping (set AURORA_CONFORMANCE)",
            root.display()
        );
        None
    }
}

fn thrift_json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            thrift_json_files(&path, out);
        } else if path.to_string_lossy().ends_with(".thrift.json") {
            out.push(path);
        }
    }
}

#[test]
fn corpus_job_configurations_round_trip() {
    let Some(root) = corpus() else { return };
    let mut files = Vec::new();
    thrift_json_files(&root.join("expected"), &mut files);
    assert!(
        !files.is_empty(),
        "no *.thrift.json under {}",
        root.display()
    );

    let mut failures = Vec::new();
    for path in &files {
        let name = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string();
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {name}: {e}"));
        let job: JobConfiguration = match from_canonical_json(&text) {
            Ok(job) => job,
            Err(e) => {
                failures.push(format!("{name}: does not decode: {e}"));
                continue;
            }
        };
        if to_canonical_json(&job) != text {
            failures.push(format!("{name}: re-encodes differently"));
        }
        match from_binary::<JobConfiguration>(&to_binary(&job)) {
            Ok(back) if back == job => {}
            Ok(_) => failures.push(format!("{name}: binary round trip changed the value")),
            Err(e) => failures.push(format!("{name}: binary round trip failed: {e:?}")),
        }
    }
    println!(
        "{} corpus JobConfigurations round-tripped",
        files.len() - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// Every corpus job's Thermos executor data reads into `thermos::ExecutorData` and writes back
/// as the same JSON value: the executor sees exactly what the client sent.
#[test]
fn corpus_executor_data_round_trips_through_the_thermos_model() {
    let Some(root) = corpus() else { return };
    let mut files = Vec::new();
    thrift_json_files(&root.join("expected"), &mut files);

    let mut checked = 0;
    let mut failures = Vec::new();
    for path in &files {
        let name = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string();
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {name}: {e}"));
        let job: JobConfiguration =
            from_canonical_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let Some(executor) = job.task_config.and_then(|task| task.executor_config) else {
            continue;
        };
        if executor.name.as_deref() != Some("AuroraExecutor") {
            continue;
        }
        checked += 1;
        let data = executor.data.unwrap_or_default();
        let model = match ExecutorData::from_json(&data) {
            Ok(model) => model,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let written: serde_json::Value =
            serde_json::from_str(&model.to_json()).expect("the model writes JSON");
        let original: serde_json::Value = serde_json::from_str(&data).expect("corpus JSON");
        if written != original {
            failures.push(format!(
                "{name}: written back differently:\n  {original}\n  {written}"
            ));
        }
    }
    println!("{checked} corpus executor data round-tripped through the Thermos model");
    assert!(checked > 100, "only {checked} AuroraExecutor jobs found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
