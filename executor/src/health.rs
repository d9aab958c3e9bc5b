//! Health checks, as Aurora's executor runs them: a shell command when the job has a shell
//! checker, else `GET http://localhost:PORT/ENDPOINT` when the task was given a `health`
//! port, else none (the task counts as healthy once it runs).
//!
//! The first checks are forgiven (`ceil(initial_interval_secs / interval_secs)` of them); the
//! task is healthy after `min_consecutive_successes` successes, and unhealthy, for good, after
//! more than `max_consecutive_failures` failures in a row or when too few attempts are left
//! to become healthy. A `.healthchecksnooze` file in the sandbox makes a check pass.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use aurora_api::thermos::HealthCheckConfig;

/// What a check does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    Http {
        url: String,
        expected_response: String,
        expected_response_code: i64,
    },
    Shell {
        command: String,
    },
}

/// The counting rules, apart from the checks themselves.
#[derive(Clone, Debug)]
pub struct Verdicts {
    forgiving: u32,
    max_attempts: u32,
    max_consecutive_failures: u32,
    min_consecutive_successes: u32,
    attempts: u32,
    consecutive_failures: u32,
    consecutive_successes: u32,
    healthy: bool,
}

/// Where the checks stand after one more result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Health {
    Starting,
    Healthy,
    Unhealthy(String),
}

impl Verdicts {
    pub fn new(config: &HealthCheckConfig) -> Verdicts {
        let interval = if config.interval_secs > 0.0 {
            config.interval_secs
        } else {
            1.0
        };
        let forgiving = (config.initial_interval_secs / interval)
            .ceil()
            .clamp(0.0, 1e6) as u32;
        let max_consecutive_failures = config.max_consecutive_failures.clamp(0, 1_000_000) as u32;
        let min_consecutive_successes = config.min_consecutive_successes.clamp(0, 1_000_000) as u32;
        Verdicts {
            forgiving,
            max_attempts: forgiving + max_consecutive_failures + min_consecutive_successes,
            max_consecutive_failures,
            min_consecutive_successes,
            attempts: 0,
            consecutive_failures: 0,
            consecutive_successes: 0,
            healthy: false,
        }
    }

    /// Whether the next check is still worth doing before becoming healthy.
    pub fn out_of_attempts(&self) -> bool {
        !self.healthy && self.attempts > self.max_attempts
    }

    /// Counts one result (`Err`: why the check failed).
    pub fn record(&mut self, result: Result<(), String>) -> Health {
        if self.attempts <= self.max_attempts {
            self.attempts += 1;
        }
        match result {
            Err(reason) => {
                self.consecutive_successes = 0;
                if self.attempts <= self.forgiving {
                    return self.health();
                }
                let remaining = self.max_attempts.saturating_sub(self.attempts);
                let needed = self
                    .min_consecutive_successes
                    .saturating_sub(self.consecutive_successes);
                if !self.healthy && remaining > 1 && needed > remaining {
                    return Health::Unhealthy(reason);
                }
                self.consecutive_failures += 1;
                if self.consecutive_failures > self.max_consecutive_failures {
                    return Health::Unhealthy(reason);
                }
                self.health()
            }
            Ok(()) => {
                self.consecutive_successes += 1;
                if self.consecutive_successes >= self.min_consecutive_successes {
                    self.healthy = true;
                }
                self.consecutive_failures = 0;
                self.health()
            }
        }
    }

    fn health(&self) -> Health {
        if self.healthy {
            Health::Healthy
        } else {
            Health::Starting
        }
    }
}

/// The check a task gets: shell if configured, else HTTP on the `health` port, else none.
pub fn check_for(config: &HealthCheckConfig, health_port: Option<u16>) -> Option<Check> {
    let checker = config.health_checker.as_ref();
    if let Some(shell) = checker.and_then(|c| c.shell.as_ref()) {
        return Some(Check::Shell {
            command: shell.shell_command.clone(),
        });
    }
    let port = health_port?;
    let http =
        checker
            .and_then(|c| c.http.clone())
            .unwrap_or(aurora_api::thermos::HttpHealthChecker {
                endpoint: "/health".into(),
                expected_response: "ok".into(),
                expected_response_code: 0,
            });
    Some(Check::Http {
        url: format!("http://localhost:{port}{}", http.endpoint),
        expected_response: http.expected_response,
        expected_response_code: http.expected_response_code,
    })
}

/// Runs `check` once; `Err` says why it failed, in Aurora's words.
pub fn run_check(
    check: &Check,
    sandbox: &std::path::Path,
    timeout: Duration,
) -> Result<(), String> {
    if sandbox.join(".healthchecksnooze").exists() {
        return Ok(());
    }
    match check {
        Check::Http {
            url,
            expected_response,
            expected_response_code,
        } => {
            let (code, body) = http(url, timeout, false)?;
            let body = body.trim().to_lowercase();
            let expected = expected_response.to_lowercase();
            if !expected.is_empty() && body != expected {
                return Err(format!(
                    "Response differs from expected response (expected \"{}\", got \"{}\")",
                    shorten(&expected),
                    shorten(&body)
                ));
            }
            if *expected_response_code != 0 && i64::from(code) != *expected_response_code {
                return Err(format!(
                    "Response code differs from expected response (expected {expected_response_code}, got {code})"
                ));
            }
            Ok(())
        }
        Check::Shell { command } => shell(command, sandbox, timeout),
    }
}

/// GET (or POST with an empty body) `url`; the status code and body, whatever the status.
pub fn http(url: &str, timeout: Duration, post: bool) -> Result<(u16, String), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into();
    let response = if post {
        agent.post(url).send_empty()
    } else {
        agent.get(url).call()
    };
    let mut response = response.map_err(|e| format!("Failed to signal {url}: {e}"))?;
    let code = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(1 << 20)
        .read_to_string()
        .unwrap_or_default();
    Ok((code, body))
}

fn shorten(text: &str) -> String {
    if text.chars().count() < 10 {
        text.to_string()
    } else {
        let head: String = text.chars().take(7).collect();
        format!("{head}...")
    }
}

fn shell(command: &str, sandbox: &std::path::Path, timeout: Duration) -> Result<(), String> {
    let mut child = Command::new("/bin/bash")
        .arg("-c")
        .arg(command)
        .current_dir(sandbox)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("OSError: {e}"))?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                let output = child
                    .wait_with_output()
                    .map(|o| o.stdout)
                    .unwrap_or_default();
                let code = status.code().unwrap_or(-1);
                return Err(format!(
                    "Command '{command}' returned non-zero exit status {code} with output '{}'",
                    String::from_utf8_lossy(&output).trim_end()
                ));
            }
            Ok(None) if start.elapsed() >= timeout => {
                let _ = nix::sys::signal::killpg(
                    nix::unistd::Pid::from_raw(child.id() as i32),
                    nix::sys::signal::Signal::SIGKILL,
                );
                let _ = child.wait();
                return Err("Health check timed out.".into());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("OSError: {e}")),
        }
    }
}

use std::os::unix::process::CommandExt as _;

/// A thread that checks every `interval_secs` and sends each new verdict.
pub fn spawn_checker(
    check: Check,
    config: &HealthCheckConfig,
    sandbox: PathBuf,
) -> Receiver<Health> {
    let (sender, receiver) = mpsc::channel();
    let mut verdicts = Verdicts::new(config);
    let interval = Duration::from_secs_f64(config.interval_secs.clamp(0.01, 86_400.0));
    let timeout = Duration::from_secs_f64(config.timeout_secs.clamp(0.01, 3_600.0));
    std::thread::spawn(move || {
        let mut last = Health::Starting;
        loop {
            let health = if verdicts.out_of_attempts() {
                Health::Unhealthy("Not enough successful health checks in time.".into())
            } else {
                verdicts.record(run_check(&check, &sandbox, timeout))
            };
            if health != last {
                if sender.send(health.clone()).is_err() {
                    return;
                }
                last = health.clone();
            }
            if matches!(health, Health::Unhealthy(_)) {
                return;
            }
            std::thread::sleep(interval);
        }
    });
    receiver
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(
        initial: f64,
        interval: f64,
        max_failures: i64,
        min_successes: i64,
    ) -> HealthCheckConfig {
        HealthCheckConfig {
            health_checker: None,
            initial_interval_secs: initial,
            interval_secs: interval,
            max_consecutive_failures: max_failures,
            min_consecutive_successes: min_successes,
            timeout_secs: 1.0,
        }
    }

    #[test]
    fn with_the_defaults_two_failures_are_forgiven_and_the_third_is_fatal() {
        let mut v = Verdicts::new(&config(15.0, 10.0, 0, 1));
        assert_eq!(v.record(Err("no".into())), Health::Starting);
        assert_eq!(v.record(Err("no".into())), Health::Starting);
        assert_eq!(v.record(Err("no".into())), Health::Unhealthy("no".into()));
    }

    #[test]
    fn a_success_makes_the_task_healthy_and_later_failures_count_in_a_row() {
        let mut v = Verdicts::new(&config(0.0, 1.0, 1, 1));
        assert_eq!(v.record(Ok(())), Health::Healthy);
        assert_eq!(v.record(Err("a".into())), Health::Healthy);
        assert_eq!(v.record(Ok(())), Health::Healthy);
        assert_eq!(v.record(Err("b".into())), Health::Healthy);
        assert_eq!(v.record(Err("c".into())), Health::Unhealthy("c".into()));
    }

    #[test]
    fn too_few_attempts_left_fail_fast() {
        // forgiving 0, max_attempts 0 + 0 + 3 = 3: after one failure two attempts remain,
        // fewer than the three successes needed.
        let mut v = Verdicts::new(&config(0.0, 1.0, 0, 3));
        assert_eq!(v.record(Err("x".into())), Health::Unhealthy("x".into()));
    }

    #[test]
    fn the_check_is_chosen_as_aurora_chooses_it() {
        let mut c = config(15.0, 10.0, 0, 1);
        assert_eq!(check_for(&c, None), None);
        assert_eq!(
            check_for(&c, Some(8080)),
            Some(Check::Http {
                url: "http://localhost:8080/health".into(),
                expected_response: "ok".into(),
                expected_response_code: 0
            })
        );
        c.health_checker = Some(aurora_api::thermos::HealthCheckerConfig {
            http: None,
            shell: Some(aurora_api::thermos::ShellHealthChecker {
                shell_command: "true".into(),
            }),
        });
        assert_eq!(
            check_for(&c, None),
            Some(Check::Shell {
                command: "true".into()
            })
        );
    }

    #[test]
    fn shell_checks_report_why_they_failed() {
        let dir = tempfile::tempdir().unwrap();
        let timeout = Duration::from_secs(5);
        let ok = Check::Shell {
            command: "true".into(),
        };
        assert_eq!(run_check(&ok, dir.path(), timeout), Ok(()));
        let failing = Check::Shell {
            command: "echo sick; exit 3".into(),
        };
        assert_eq!(
            run_check(&failing, dir.path(), timeout),
            Err(
                "Command 'echo sick; exit 3' returned non-zero exit status 3 with output 'sick'"
                    .into()
            )
        );
        let slow = Check::Shell {
            command: "sleep 5".into(),
        };
        assert_eq!(
            run_check(&slow, dir.path(), Duration::from_millis(100)),
            Err("Health check timed out.".into())
        );
        std::fs::write(dir.path().join(".healthchecksnooze"), "").unwrap();
        assert_eq!(run_check(&failing, dir.path(), timeout), Ok(()));
    }

    #[test]
    fn texts_are_shortened_as_aurora_shortens_them() {
        assert_eq!(shorten("ok"), "ok");
        assert_eq!(shorten("0123456789"), "0123456...");
    }
}
