//! Hostile configs: each is refused (or runs) within a time and a memory limit, with a
//! message saying which limit it met. A hang, an abort or a runaway allocation fails the
//! test. Untrusted `.aurora` files run in CI and in editors, so each case here stands for
//! a class: values shared so often they are enormous, files that are not files, include
//! fan-outs, endless printing.

mod common;

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::files;

/// Generous for a loaded 2-core CI machine: a case that needs it is hanging.
const TIME_LIMIT: Duration = Duration::from_secs(30);
/// Peak resident memory a refused config may cost.
const MEMORY_LIMIT_KB: i64 = 512 * 1024;

struct Outcome {
    code: Option<i32>,
    stderr: String,
    peak_kb: i64,
}

/// Runs `aurora config check ARGS...` in `dir`, killing it past [`TIME_LIMIT`], and
/// measures its peak memory.
#[allow(
    clippy::zombie_processes,
    reason = "the child is reaped with wait4, which also gives its peak memory"
)]
fn check(dir: &Path, args: &[&str]) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aurora"))
        .args(["config", "check"])
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("USER", common::USER)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the aurora binary starts");
    let mut stderr_pipe = child.stderr.take().expect("stderr is piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        text
    });
    let pid = child.id() as libc::pid_t;
    let started = Instant::now();
    let (status, usage) = loop {
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: waits for our own child without reaping anything else.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            break (std::process::ExitStatus::from_raw(status), usage);
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            panic!(
                "`aurora config check {}` hung: killed after {TIME_LIMIT:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stderr = reader.join().expect("the stderr reader ends");
    assert!(
        status.signal().is_none(),
        "`aurora config check {}` died of signal {:?}:\n{stderr}",
        args.join(" "),
        status.signal()
    );
    Outcome {
        code: status.code(),
        stderr,
        peak_kb: usage.ru_maxrss,
    }
}

/// Checks `source` as `hostile.aurora` and expects it refused with `message`.
fn refused(source: &str, message: &str) {
    let dir = files(&[("hostile.aurora", source)]);
    refused_in(dir.path(), &["hostile.aurora"], message);
}

fn refused_in(dir: &Path, args: &[&str], message: &str) {
    let outcome = check(dir, args);
    assert_eq!(outcome.code, Some(3), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains(message),
        "expected `{message}` in:\n{}",
        outcome.stderr
    );
    assert!(
        outcome.peak_kb < MEMORY_LIMIT_KB,
        "peak memory {} KB over the limit of {MEMORY_LIMIT_KB} KB",
        outcome.peak_kb
    );
}

/// A list holding itself twice, 80 times over: 2^80 elements when walked.
const SHARED_LIST: &str = "x = [1]\nfor i in range(80):\n    x = [x, x]\n";

#[test]
fn repr_and_str_of_a_hugely_shared_value_stop_at_the_string_limit() {
    for expression in ["repr(x)", "str(x)", "'%s' % (x,)"] {
        refused(
            &format!("{SHARED_LIST}y = {expression}\n"),
            "longer than the limit of",
        );
    }
}

#[test]
fn comparing_hugely_shared_values_stops_at_the_step_limit() {
    let twin = "z = [1]\nfor i in range(80):\n    z = [z, z]\n";
    for expression in ["x == z", "x < z", "x in [z]"] {
        refused(
            &format!("{SHARED_LIST}{twin}y = {expression}\n"),
            "exceeded the step limit",
        );
    }
}

#[test]
fn hashing_a_hugely_shared_tuple_is_refused() {
    let tuple = "t = (1,)\nfor i in range(80):\n    t = (t, t)\n";
    for expression in ["set([t])", "{t: 1}", "hash(t)"] {
        refused(
            &format!("{tuple}y = {expression}\n"),
            "hashing this value would exceed the step limit",
        );
    }
}

#[test]
fn giving_pystachio_a_hugely_shared_value_is_refused() {
    refused(
        &format!("{SHARED_LIST}e = Environment(a=x)\n"),
        "a value given to Pystachio has more than",
    );
}

#[test]
fn devices_and_fifos_are_refused_without_blocking() {
    refused("x = open('/dev/zero').read()\n", "is not a regular file");
    let dir = files(&[("hostile.aurora", "include('pipe.aurora')\n")]);
    let made = Command::new("mkfifo")
        .arg(dir.path().join("pipe.aurora"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    refused_in(dir.path(), &["hostile.aurora"], "is not a regular file");
}

#[test]
fn a_huge_file_is_read_only_up_to_the_limit() {
    let dir = files(&[("hostile.aurora", "x = open('huge.txt').read()\n")]);
    // Sparse: 1 GiB that takes no disk.
    let huge = std::fs::File::create(dir.path().join("huge.txt")).expect("a file");
    huge.set_len(1 << 30).expect("a sparse file");
    refused_in(
        dir.path(),
        &["hostile.aurora"],
        "is larger than the limit of",
    );
}

#[test]
fn hermetic_evaluation_refuses_a_file_read_before_opening_it() {
    let dir = files(&[("hostile.aurora", "x = open('pipe').read()\n")]);
    let made = Command::new("mkfifo")
        .arg(dir.path().join("pipe"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    refused_in(
        dir.path(),
        &["--hermetic", "hostile.aurora"],
        "is not allowed in a hermetic evaluation",
    );
}

#[test]
fn an_include_fan_out_stops_at_the_include_count() {
    // Each level includes the next twice: 2^25 includes in all.
    let mut sources = Vec::new();
    for level in 0..25 {
        sources.push((
            format!("level{level}.aurora"),
            format!(
                "include('level{0}.aurora')\ninclude('level{0}.aurora')\n",
                level + 1
            ),
        ));
    }
    sources.push(("level25.aurora".to_string(), "x = 1\n".to_string()));
    let named: Vec<(&str, &str)> = sources
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    let dir = files(&named);
    refused_in(dir.path(), &["level0.aurora"], "includes in one evaluation");
}

#[test]
fn endless_printing_is_cut_off() {
    let dir = files(&[("hostile.aurora", "while True:\n    print('x' * 1000)\n")]);
    let outcome = check(dir.path(), &["hostile.aurora"]);
    assert_eq!(outcome.code, Some(3), "{}", outcome.stderr);
    assert!(outcome
        .stderr
        .contains("printed output cut off at the limit"));
    assert!(
        outcome.stderr.len() < 2 << 20,
        "{} bytes printed",
        outcome.stderr.len()
    );
    assert!(outcome.stderr.contains("exceeded the step limit"));
}

#[test]
fn a_negative_huge_repeat_is_empty_and_a_positive_one_overflows() {
    let dir = files(&[("hostile.aurora", "print([1] * -10**100)\njobs = []\n")]);
    let outcome = check(dir.path(), &["hostile.aurora"]);
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    assert!(outcome.stderr.starts_with("[]\n"), "{}", outcome.stderr);
    refused(
        "x = [1] * 10**100\n",
        "OverflowError: cannot fit 'long' into an index-sized integer",
    );
}

#[test]
fn deeply_nested_values_are_built_and_dropped_without_overflowing_the_stack() {
    for build in [
        "x = []\nfor i in range(200000):\n    x = [x]\n",
        "d = {}\nfor i in range(200000):\n    d = {'a': d}\n",
        "e = Environment()\nfor i in range(100000):\n    e = Environment(a=e)\n",
    ] {
        let dir = files(&[("hostile.aurora", &format!("{build}jobs = []\n"))]);
        let outcome = check(dir.path(), &["hostile.aurora"]);
        assert_eq!(outcome.code, Some(0), "{build}\n{}", outcome.stderr);
        assert!(
            outcome.peak_kb < MEMORY_LIMIT_KB,
            "{build}: {} KB",
            outcome.peak_kb
        );
    }
}

#[test]
fn a_fifo_named_as_the_config_is_refused_without_blocking() {
    let dir = files(&[]);
    let made = Command::new("mkfifo")
        .arg(dir.path().join("pipe.aurora"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for args in [&["pipe.aurora"][..], &["--syntax-only", "pipe.aurora"]] {
        let outcome = check(dir.path(), args);
        assert_ne!(outcome.code, Some(0), "{}", outcome.stderr);
        assert!(
            outcome
                .stderr
                .contains("cannot read `pipe.aurora`: not a regular file"),
            "{}",
            outcome.stderr
        );
    }
}
