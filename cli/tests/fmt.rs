//! `aurora fmt`: formatting in place, `--check`, `--diff`, stdin, directories, and
//! refusing files with syntax errors.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{aurora, files};

const UNFORMATTED: &str = "x = { 'a' : 1 }\n";
const FORMATTED: &str = "x = {\"a\": 1}\n";

#[test]
fn formats_files_in_place() {
    let dir = files(&[("a.aurora", UNFORMATTED), ("b.aurora", FORMATTED)]);
    let run = aurora(dir.path(), &["fmt", "a.aurora", "b.aurora"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let a = std::fs::read_to_string(dir.path().join("a.aurora")).unwrap();
    assert_eq!(a, FORMATTED);
}

#[test]
fn check_exits_with_1_and_names_the_files_that_would_change() {
    let dir = files(&[("a.aurora", UNFORMATTED), ("b.aurora", FORMATTED)]);
    let run = aurora(dir.path(), &["fmt", "--check", "a.aurora", "b.aurora"]);
    insta::assert_snapshot!(run.transcript(dir.path()), @r"
    exit status: Some(1)
    --- stdout
    would reformat: a.aurora
    --- stderr
    1 file would be reformatted, 1 already formatted
    ");
    let a = std::fs::read_to_string(dir.path().join("a.aurora")).unwrap();
    assert_eq!(a, UNFORMATTED, "--check writes nothing");

    let run = aurora(dir.path(), &["fmt", "--check", "b.aurora"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn diff_prints_a_unified_diff() {
    let dir = files(&[("a.aurora", "import os\nx = 1\ny = [ 1,2 ]\nz = 3\n")]);
    let run = aurora(dir.path(), &["fmt", "--diff", "a.aurora"]);
    insta::assert_snapshot!(run.transcript(dir.path()), @r"
    exit status: Some(1)
    --- stdout
    --- a.aurora
    +++ a.aurora
    @@ -1,4 +1,5 @@
     import os
    +
     x = 1
    -y = [ 1,2 ]
    +y = [1, 2]
     z = 3
    --- stderr
    1 file would be reformatted, 0 already formatted
    ");
}

#[test]
fn a_dash_formats_stdin_to_stdout() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aurora"))
        .args(["fmt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("aurora starts");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin.write_all(UNFORMATTED.as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), FORMATTED);
}

#[test]
fn directories_are_searched_for_aurora_files() {
    let dir = files(&[("notes.txt", UNFORMATTED)]);
    std::fs::create_dir(dir.path().join("jobs")).unwrap();
    std::fs::write(dir.path().join("jobs/a.aurora"), UNFORMATTED).unwrap();
    let run = aurora(dir.path(), &["fmt", "."]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let a = std::fs::read_to_string(dir.path().join("jobs/a.aurora")).unwrap();
    assert_eq!(a, FORMATTED);
    let notes = std::fs::read_to_string(dir.path().join("notes.txt")).unwrap();
    assert_eq!(notes, UNFORMATTED, "only .aurora files are formatted");
}

#[test]
fn a_file_with_syntax_errors_is_refused_and_left_alone() {
    let broken = "x = (1,\ny = 2\n";
    let dir = files(&[("broken.aurora", broken)]);
    let run = aurora(dir.path(), &["fmt", "broken.aurora"]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("broken.aurora: not formatted: it has syntax errors"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(dir.path().join("broken.aurora")).unwrap();
    assert_eq!(text, broken);
}

/// Our own `.aurora` files (the examples and the schema the prelude is made of) are kept
/// as `aurora fmt` writes them.
#[test]
fn the_repository_s_own_aurora_files_are_formatted() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(env!("CARGO_BIN_EXE_aurora"))
        .args(["fmt", "--check", "examples", "stdlib/schema"])
        .current_dir(&root)
        .output()
        .expect("aurora runs");
    assert!(
        output.status.success(),
        "run `aurora fmt examples stdlib/schema`:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_are_kept() {
    let dir = files(&[
        ("crlf.aurora", "x = { 'a' : 1 }\r\ny = [ 1,2 ]\r\n"),
        ("bom.aurora", "\u{feff}x = { 'a' : 1 }\n"),
    ]);
    let run = aurora(dir.path(), &["fmt", "crlf.aurora", "bom.aurora"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let crlf = std::fs::read_to_string(dir.path().join("crlf.aurora")).unwrap();
    assert_eq!(crlf, "x = {\"a\": 1}\r\ny = [1, 2]\r\n");
    let bom = std::fs::read_to_string(dir.path().join("bom.aurora")).unwrap();
    assert_eq!(bom, "\u{feff}x = {\"a\": 1}\n");
    let run = aurora(dir.path(), &["fmt", "--check", "crlf.aurora", "bom.aurora"]);
    assert_eq!(
        run.code,
        Some(0),
        "formatted files stay formatted: {}",
        run.stderr
    );
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = files(&[]);
    let fifo = dir.path().join("pipe.aurora");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // Named explicitly and found in a directory walk: neither may open it.
    let run = aurora(dir.path(), &["fmt", "pipe.aurora", "."]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("pipe.aurora: not a regular file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_read_only_file_is_reported_and_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = files(&[("a.aurora", UNFORMATTED)]);
    let path = dir.path().join("a.aurora");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = aurora(dir.path(), &["fmt", "a.aurora"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("a.aurora: it is read-only"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), UNFORMATTED);
}
