//! What the scheduler's integration tests share: the executor binary the local agents start.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// `aurora-executor`, built if need be: a package's tests get only its own binaries, so
/// this one is built by cargo (quickly, when it is fresh) unless `AURORA_EXECUTOR` names it.
pub fn executor() -> PathBuf {
    static EXECUTOR: OnceLock<PathBuf> = OnceLock::new();
    EXECUTOR
        .get_or_init(|| {
            if let Some(path) = std::env::var_os("AURORA_EXECUTOR") {
                return PathBuf::from(path);
            }
            let status = Command::new(env!("CARGO"))
                .args([
                    "build",
                    "--quiet",
                    "-p",
                    "aurora-executor",
                    "--bin",
                    "aurora-executor",
                ])
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .status()
                .expect("running cargo build for aurora-executor");
            assert!(status.success(), "building aurora-executor failed");
            // target/<profile>/deps/<this test> → target/<profile>/aurora-executor
            let test = std::env::current_exe().expect("the test's own path");
            let profile_dir = test
                .parent()
                .and_then(|deps| deps.parent())
                .expect("target dir");
            profile_dir.join("aurora-executor")
        })
        .clone()
}
