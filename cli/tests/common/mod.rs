//! Running the built `aurora` binary on files in a temporary directory.

// Each test binary uses its own part of these helpers.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use tempfile::TempDir;

/// The user the tests run `aurora` as (the job owner of compiled jobs).
pub const USER: &str = "tester";

/// What one run of the binary did.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit status, stdout and stderr, for a snapshot; `dir` is written `[TMP]`.
    pub fn transcript(&self, dir: &Path) -> String {
        let dir = dir.display().to_string();
        let mut text = format!("exit status: {:?}\n", self.code);
        for (name, output) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            if !output.is_empty() {
                text.push_str(&format!("--- {name}\n{}", output.replace(&dir, "[TMP]")));
            }
        }
        text
    }
}

/// Runs `aurora args...` in `dir`, without colours, as user [`USER`].
pub fn aurora(dir: &Path, args: &[&str]) -> Run {
    run_raw(dir, args).into_text()
}

/// What one run of the binary did, stdout as bytes.
pub struct RawRun {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl RawRun {
    fn into_text(self) -> Run {
        Run {
            code: self.code,
            stdout: String::from_utf8(self.stdout).expect("aurora writes UTF-8 to stdout"),
            stderr: self.stderr,
        }
    }
}

/// Runs `aurora args...` in `dir`, keeping stdout as bytes.
pub fn run_raw(dir: &Path, args: &[&str]) -> RawRun {
    let output = Command::new(env!("CARGO_BIN_EXE_aurora"))
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_WORKSPACE")
        .env("NO_COLOR", "1")
        .env("LOGNAME", USER)
        .env("USER", USER)
        .output()
        .expect("the aurora binary that cargo built can be started");
    RawRun {
        code: output.status.code(),
        stdout: output.stdout,
        stderr: String::from_utf8(output.stderr).expect("aurora writes UTF-8 to stderr"),
    }
}

/// A temporary directory holding the given files; removed when dropped.
pub fn files(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory can be created");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("a directory can be made in the temporary one");
        }
        std::fs::write(path, text).expect("a file can be written in the temporary directory");
    }
    dir
}
