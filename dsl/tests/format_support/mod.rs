//! What the formatter tests that compare with `ruff format` share: finding and running
//! ruff, and the promises every formatted text keeps (it parses to the same tree, keeps
//! every comment, and formatting it again changes nothing). The printer's round-trip test
//! compares trees with the same span-free dumps.

// Each test crate that includes this module uses a part of it.
#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The `ruff` to compare with: `RUFF`, else `ruff` on `PATH`.
pub fn ruff() -> Option<String> {
    if let Ok(ruff) = std::env::var("RUFF") {
        return Some(ruff);
    }
    let found = Command::new("ruff")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    found.then(|| "ruff".to_string())
}

/// The arguments every ruff run gets: no configuration files, no cache, ruff's defaults
/// but for the oldest Python ruff knows: configs are Python 2, which has no parenthesized
/// context managers (the one thing this changes: ruff adds them for Python 3.9 and newer).
const RUFF_FORMAT: &[&str] = &[
    "format",
    "--isolated",
    "--no-cache",
    "--line-length",
    "88",
    "--target-version",
    "py37",
];

/// `text` formatted by ruff (read from stdin), or `None` when ruff cannot parse it.
pub fn ruff_format(ruff: &str, text: &str) -> Option<String> {
    let mut child = Command::new(ruff)
        .args(RUFF_FORMAT)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("ruff starts");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin.write_all(text.as_bytes()).expect("ruff reads stdin");
    drop(stdin);
    let out = child.wait_with_output().expect("ruff runs");
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).expect("ruff prints UTF-8"))
}

/// Each text formatted by ruff, in one run over a temporary directory of files: `Err`
/// with ruff's message for a text it cannot parse.
pub fn ruff_format_all(ruff: &str, texts: &[String]) -> Vec<Result<String, String>> {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "aurora-fmt-ruff-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("a temporary directory");
    let name = |index: usize| format!("case_{index:05}.py");
    for (index, text) in texts.iter().enumerate() {
        fs::write(dir.join(name(index)), text).expect("writes a case");
    }
    let out = Command::new(ruff)
        .args(RUFF_FORMAT)
        .arg(&dir)
        .output()
        .expect("ruff runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let results = (0..texts.len())
        .map(|index| {
            let file = name(index);
            let error = stderr.lines().find(|line| line.contains(&file));
            match error {
                Some(line) => Err(line.to_string()),
                None => Ok(fs::read_to_string(dir.join(&file)).expect("ruff leaves the file")),
            }
        })
        .collect();
    let _ = fs::remove_dir_all(&dir);
    results
}

/// Where to write the cases that differ from ruff (`FORMAT_DIFF=dir`), if anywhere.
pub fn diff_dir() -> Option<PathBuf> {
    std::env::var_os("FORMAT_DIFF").map(PathBuf::from)
}

// Each test crate that includes this module uses a part of these.
#[allow(unused_imports)]
pub use aurora_dsl::format::verify::{
    broken_promise, comment_texts, first_difference, tree_text, without_spans,
};
