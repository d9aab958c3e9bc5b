//! One run of one process, watched by a small process of its own (Thermos' "coordinator"):
//! `aurora-executor supervise` starts `bash -c CMDLINE` in a new session, writes its pid to
//! the run's checkpoint, waits for it and writes how it ended.
//!
//! Because the supervisor, not the runner, waits for the process, a runner killed with
//! `kill -9` loses nothing: the process keeps running, its end is still recorded, and the next
//! runner reads it. The supervisor is a child subreaper, so a process that daemonizes away
//! (double fork, new session) is re-parented to it and stays findable as its descendant until
//! the task kills it; the supervisor exits once it has no descendants left.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread::JoinHandle;

use aurora_api::thermos::{LoggerDestination, LoggerMode};
use nix::errno::Errno;
use nix::sys::wait::{waitpid, WaitStatus};

use crate::checkpoint::Writer;
use crate::records::{now_ms, ProcessId, RunRecord};

/// What a supervisor is asked to run.
#[derive(Clone, Debug)]
pub struct RunSpec {
    pub cmdline: String,
    pub sandbox: PathBuf,
    /// The run's stream; must not exist yet (a run is started once).
    pub checkpoint: PathBuf,
    /// `.logs/PROCESS/RUN`.
    pub log_dir: PathBuf,
    pub destination: LoggerDestination,
    pub mode: LoggerMode,
    pub log_size: u64,
    pub backups: u32,
    /// Run as this uid/gid (only when the executor is root).
    pub uid_gid: Option<(u32, u32)>,
}

/// Runs the spec to its end; the exit code is the supervisor's own (0 when the run was
/// recorded, whatever the process's status).
pub fn supervise(spec: &RunSpec) -> i32 {
    // Orphans of the process are re-parented here, so they stay findable.
    let _ = nix::sys::prctl::set_child_subreaper(true);
    // Whoever creates the run's stream owns the run: a runner that took over may have claimed
    // it already, and then it must never start.
    let mut checkpoint = match Writer::<RunRecord>::create_new(&spec.checkpoint) {
        Ok(writer) => writer,
        Err(e) => {
            eprintln!("aurora-executor supervise: not starting the run: {e}");
            return 2;
        }
    };
    let outcome = start(spec);
    let (child_pid, copiers) = match outcome {
        Ok(started) => started,
        Err(message) => {
            let _ = checkpoint.append(&RunRecord::StartFailed {
                message,
                at_ms: now_ms(),
            });
            let _ = checkpoint.sync();
            return 1;
        }
    };
    let me = ProcessId::of(std::process::id() as i32);
    let process = ProcessId::of(child_pid);
    if let (Some(supervisor), Some(process)) = (me, process) {
        let _ = checkpoint.append(&RunRecord::Started {
            supervisor,
            process,
            at_ms: now_ms(),
        });
    }
    reap_until_alone(child_pid, &mut checkpoint);
    for copier in copiers {
        let _ = copier.join();
    }
    0
}

/// Reaps every child (adopted orphans too); records the process's own end when it comes.
fn reap_until_alone(child_pid: i32, checkpoint: &mut Writer<RunRecord>) {
    loop {
        match waitpid(None, None) {
            Ok(WaitStatus::Exited(pid, code)) if pid.as_raw() == child_pid => {
                record_exit(checkpoint, Some(code), None);
            }
            Ok(WaitStatus::Signaled(pid, signal, _)) if pid.as_raw() == child_pid => {
                record_exit(checkpoint, None, Some(signal as i32));
            }
            Ok(_) | Err(Errno::EINTR) => {}
            Err(_) => return,
        }
    }
}

fn record_exit(checkpoint: &mut Writer<RunRecord>, code: Option<i32>, signal: Option<i32>) {
    let _ = checkpoint.append(&RunRecord::Exited {
        code,
        signal,
        at_ms: now_ms(),
    });
    let _ = checkpoint.sync();
}

/// Starts the shell; returns its pid and the threads copying its output, if any.
fn start(spec: &RunSpec) -> Result<(i32, Vec<JoinHandle<()>>), String> {
    std::fs::create_dir_all(&spec.log_dir)
        .map_err(|e| format!("cannot create {}: {e}", spec.log_dir.display()))?;
    let mut command = Command::new("/bin/bash");
    command
        .arg("-c")
        .arg(&spec.cmdline)
        .current_dir(&spec.sandbox)
        .stdin(Stdio::null());
    if let Some((uid, gid)) = spec.uid_gid {
        command.uid(uid).gid(gid);
    }
    // SAFETY: setsid is async-signal-safe, as pre_exec requires.
    unsafe {
        command.pre_exec(|| nix::unistd::setsid().map(drop).map_err(io::Error::from));
    }
    let direct = spec.destination == LoggerDestination::File && spec.mode == LoggerMode::Standard;
    if direct {
        command
            .stdout(log_file(&spec.log_dir.join("stdout"))?)
            .stderr(log_file(&spec.log_dir.join("stderr"))?);
    } else if spec.destination == LoggerDestination::None {
        command.stdout(Stdio::null()).stderr(Stdio::null());
    } else {
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start bash: {e}"))?;
    let mut copiers = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        copiers.push(copier(stdout, spec, "stdout", Console::Stdout));
    }
    if let Some(stderr) = child.stderr.take() {
        copiers.push(copier(stderr, spec, "stderr", Console::Stderr));
    }
    Ok((child.id() as i32, copiers))
}

fn log_file(path: &Path) -> Result<File, String> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))
}

#[derive(Clone, Copy)]
enum Console {
    Stdout,
    Stderr,
}

/// A thread that copies one stream to its log file (rotating it if asked) and/or the console.
fn copier(
    mut source: impl Read + Send + 'static,
    spec: &RunSpec,
    name: &str,
    console: Console,
) -> JoinHandle<()> {
    let to_file = matches!(
        spec.destination,
        LoggerDestination::File | LoggerDestination::Both
    );
    let to_console = matches!(
        spec.destination,
        LoggerDestination::Console | LoggerDestination::Both
    );
    let rotation = (spec.mode == LoggerMode::Rotate).then_some((spec.log_size, spec.backups));
    let path = spec.log_dir.join(name);
    std::thread::spawn(move || {
        let mut sink = to_file.then(|| RotatingFile::new(path, rotation));
        let mut buffer = [0u8; 64 * 1024];
        loop {
            let n = match source.read(&mut buffer) {
                Ok(0) => return,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return,
            };
            if let Some(sink) = &mut sink {
                sink.write(&buffer[..n]);
            }
            if to_console {
                let _ = match console {
                    Console::Stdout => io::stdout().write_all(&buffer[..n]),
                    Console::Stderr => io::stderr().write_all(&buffer[..n]),
                };
            }
        }
    })
}

/// A log file that, when rotating, is cut at `log_size` bytes: `stdout` becomes `stdout.1`,
/// `stdout.1` becomes `stdout.2`..., and at most `backups` old files are kept.
struct RotatingFile {
    path: PathBuf,
    rotation: Option<(u64, u32)>,
    file: Option<File>,
    written: u64,
}

impl RotatingFile {
    fn new(path: PathBuf, rotation: Option<(u64, u32)>) -> RotatingFile {
        let written = std::fs::metadata(&path).map_or(0, |m| m.len());
        RotatingFile {
            file: log_file(&path).ok(),
            path,
            rotation,
            written,
        }
    }

    fn write(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let room = match self.rotation {
                Some((size, _)) if size > 0 => size.saturating_sub(self.written) as usize,
                _ => bytes.len(),
            };
            if room == 0 {
                self.rotate();
                continue;
            }
            let (now, later) = bytes.split_at(room.min(bytes.len()));
            if let Some(file) = &mut self.file {
                let _ = file.write_all(now);
            }
            self.written += now.len() as u64;
            bytes = later;
        }
    }

    fn rotate(&mut self) {
        let Some((_, backups)) = self.rotation else {
            return;
        };
        self.file = None;
        let numbered = |n: u32| PathBuf::from(format!("{}.{n}", self.path.display()));
        if backups == 0 {
            let _ = std::fs::remove_file(&self.path);
        } else {
            let _ = std::fs::remove_file(numbered(backups));
            for n in (1..backups).rev() {
                let _ = std::fs::rename(numbered(n), numbered(n + 1));
            }
            let _ = std::fs::rename(&self.path, numbered(1));
        }
        self.file = log_file(&self.path).ok();
        self.written = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rotating_file_keeps_the_newest_bytes_and_at_most_the_backups() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stdout");
        let mut file = RotatingFile::new(path.clone(), Some((4, 2)));
        file.write(b"aaaabbbbccccdd");
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_eq!(read("stdout"), "dd");
        assert_eq!(read("stdout.1"), "cccc");
        assert_eq!(read("stdout.2"), "bbbb");
        assert!(!dir.path().join("stdout.3").exists());
    }
}
