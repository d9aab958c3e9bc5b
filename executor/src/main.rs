//! `aurora-executor`: runs an Aurora task's processes as Thermos does, and the commands
//! operators know from `thermos` to look at and act on the tasks it ran.

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use aurora_api::thermos::{LoggerDestination, LoggerMode};
use aurora_executor::records::{now_ms, TaskPaths};
use aurora_executor::runner::{self, process_state_name, task_state_name, RunConfig, Runner};
use aurora_executor::spec::{self, TaskSpec};
use aurora_executor::status::{self, TaskView};
use aurora_executor::supervise::{self, RunSpec};
use aurora_executor::template::Bindings;
use clap::{Args, Parser, Subcommand};

/// Thermos' default checkpoint root.
const DEFAULT_ROOT: &str = "/var/run/thermos";

#[derive(Parser)]
#[command(
    name = "aurora-executor",
    version,
    about = "Runs Aurora tasks as Thermos does"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct Root {
    /// Where checkpoints and task files are kept.
    #[arg(long, default_value = DEFAULT_ROOT)]
    checkpoint_root: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Run a task in the foreground until it ends (exit 0: SUCCESS, 1: FAILED or KILLED,
    /// 2: bad input).
    Run(RunArgs),
    /// Show tasks and their processes.
    Status {
        /// One task; all of them when absent.
        task_id: Option<String>,
        #[command(flatten)]
        root: Root,
    },
    /// Print a process's log.
    Tail {
        task_id: String,
        process: String,
        /// The stderr log instead of stdout.
        #[arg(long)]
        stderr: bool,
        /// Keep printing as the log grows, until the run ends.
        #[arg(short, long)]
        follow: bool,
        /// Which run (default: the latest).
        #[arg(long)]
        run: Option<u32>,
        #[command(flatten)]
        root: Root,
    },
    /// Kill a task: through its runner when it lives, else by taking the task over.
    Kill {
        task_id: String,
        #[command(flatten)]
        root: Root,
    },
    /// Delete the checkpoints and sandboxes of tasks that ended long enough ago.
    Gc {
        /// Keep tasks that ended less than this many seconds ago.
        #[arg(long, default_value_t = 7 * 24 * 3600)]
        max_age_secs: u64,
        /// Say what would be deleted, delete nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        root: Root,
    },
    /// Serve the observer pages and JSON endpoints for the tasks under the root.
    Observe {
        #[command(flatten)]
        root: Root,
        /// The port to listen on (0: any free one, printed at start).
        #[arg(long, default_value_t = 1338)]
        port: u16,
        /// The address to listen on.
        #[arg(long, default_value = "0.0.0.0")]
        ip: std::net::IpAddr,
    },
    /// Internal: run one process run (started by `run`).
    #[command(hide = true)]
    Supervise(SuperviseArgs),
}

#[derive(Args)]
struct RunArgs {
    /// An AssignedTask, Thrift binary or canonical JSON.
    #[arg(
        long,
        conflicts_with = "executor_data",
        required_unless_present = "executor_data"
    )]
    assigned_task: Option<PathBuf>,
    /// The executor data JSON alone (what `aurora config compile` puts in
    /// taskConfig.executorConfig.data).
    #[arg(long)]
    executor_data: Option<PathBuf>,
    /// `{{mesos.instance}}` (with --executor-data).
    #[arg(long, default_value_t = 0)]
    instance: i32,
    /// `{{thermos.ports[NAME]}}` (with --executor-data); repeatable.
    #[arg(long = "port", value_name = "NAME=N")]
    ports: Vec<String>,
    /// The task id (with --executor-data; default: one made from the job and instance).
    #[arg(long)]
    task_id: Option<String>,
    /// The directory the processes run in.
    #[arg(long)]
    sandbox: PathBuf,
    #[command(flatten)]
    root: Root,
    /// Append status updates for the agent to this file (JSON lines, `api::agent`).
    #[arg(long)]
    status_file: Option<PathBuf>,
    /// Seconds a killed task has to stop and run its final processes.
    #[arg(long, default_value_t = 60)]
    kill_wait_secs: u64,
    /// Seconds between measurements of the sandbox's disk use.
    #[arg(long, default_value_t = 60)]
    disk_check_interval_secs: u64,
}

#[derive(Args)]
struct SuperviseArgs {
    #[arg(long)]
    checkpoint: PathBuf,
    #[arg(long)]
    sandbox: PathBuf,
    #[arg(long)]
    log_dir: PathBuf,
    #[arg(long, default_value = "file")]
    destination: String,
    #[arg(long, default_value = "standard")]
    mode: String,
    #[arg(long, default_value_t = 100 << 20)]
    log_size: u64,
    #[arg(long, default_value_t = 5)]
    backups: u32,
    #[arg(long, requires = "gid")]
    uid: Option<u32>,
    #[arg(long, requires = "uid")]
    gid: Option<u32>,
    cmdline: String,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run(args),
        Command::Status { task_id, root } => show_status(&root.checkpoint_root, task_id.as_deref()),
        Command::Tail {
            task_id,
            process,
            stderr,
            follow,
            run,
            root,
        } => tail(
            &root.checkpoint_root,
            &task_id,
            &process,
            run,
            stderr,
            follow,
        ),
        Command::Kill { task_id, root } => kill(&root.checkpoint_root, &task_id),
        Command::Gc {
            max_age_secs,
            dry_run,
            root,
        } => gc(&root.checkpoint_root, max_age_secs, dry_run),
        Command::Observe { root, port, ip } => observe(&root.checkpoint_root, ip, port),
        Command::Supervise(args) => ExitCode::from(supervise_run(args)),
    }
}

fn observe(root: &Path, ip: std::net::IpAddr, port: u16) -> ExitCode {
    let served = aurora_executor::observer::serve(root, (ip, port).into(), |address| {
        println!("Observing {} on http://{address}/", root.display());
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(format!("the observer stopped: {e}"), 1),
    }
}

fn fail(message: impl std::fmt::Display, code: u8) -> ExitCode {
    eprintln!("aurora-executor: {message}");
    ExitCode::from(code)
}

fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let metadata = file
        .metadata()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if !metadata.is_file() {
        return Err(format!("{}: not a regular file", path.display()));
    }
    let mut bytes = Vec::new();
    file.take(spec::MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(bytes)
}

/// The user the processes run as, and the uid/gid to switch to: the role's user when the
/// executor is root and that user exists, else the executor's own user.
fn process_user(role: &str) -> (String, Option<(u32, u32)>) {
    use nix::unistd::{geteuid, User};
    let euid = geteuid();
    if euid.is_root() {
        if let Ok(Some(user)) = User::from_name(role) {
            return (user.name, Some((user.uid.as_raw(), user.gid.as_raw())));
        }
    }
    let name = User::from_uid(euid)
        .ok()
        .flatten()
        .map(|u| u.name)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| euid.to_string());
    (name, None)
}

fn hostname() -> String {
    nix::unistd::gethostname()
        .ok()
        .and_then(|h| h.into_string().ok())
        .unwrap_or_else(|| "localhost".into())
}

fn load_spec(args: &RunArgs) -> Result<(TaskSpec, Option<(u32, u32)>), String> {
    if let Some(path) = &args.assigned_task {
        let bytes = read_input(path)?;
        let assigned = spec::assigned_task(&bytes).map_err(|e| e.to_string())?;
        let role = assigned
            .task
            .as_ref()
            .and_then(|t| t.job.as_ref())
            .and_then(|k| k.role.clone())
            .unwrap_or_default();
        let (user, run_as) = process_user(&role);
        let spec =
            TaskSpec::from_assigned(&assigned, &hostname(), &user).map_err(|e| e.to_string())?;
        return Ok((spec, run_as));
    }
    let path = args
        .executor_data
        .as_ref()
        .expect("clap requires one input");
    let bytes = read_input(path)?;
    let json =
        String::from_utf8(bytes).map_err(|e| format!("{}: not UTF-8: {e}", path.display()))?;
    let mut ports = BTreeMap::new();
    for port in &args.ports {
        let (name, number) = port
            .split_once('=')
            .ok_or_else(|| format!("--port {port}: expected NAME=NUMBER"))?;
        let number: u16 = number
            .parse()
            .map_err(|_| format!("--port {port}: {number} is not a port number"))?;
        ports.insert(name.to_string(), number);
    }
    let data = aurora_api::thermos::ExecutorData::from_json(&json).map_err(|e| e.to_string())?;
    let (user, run_as) = process_user(&data.role);
    let task_id = args.task_id.clone().unwrap_or_else(|| {
        format!(
            "{}-{}-{}-{}-{}",
            data.role,
            data.environment,
            data.name,
            args.instance,
            now_ms()
        )
    });
    let bindings = Bindings {
        instance: args.instance,
        hostname: hostname(),
        task_id,
        user,
        ports,
    };
    let spec = TaskSpec::from_data(&json, bindings).map_err(|e| e.to_string())?;
    Ok((spec, run_as))
}

fn run(args: RunArgs) -> ExitCode {
    let (spec, run_as) = match load_spec(&args) {
        Ok(loaded) => loaded,
        Err(message) => return fail(message, 2),
    };
    let supervisor_program = match std::env::current_exe() {
        Ok(path) => path,
        Err(e) => return fail(format!("cannot find my own binary: {e}"), 2),
    };
    let config = RunConfig {
        sandbox: absolute(&args.sandbox),
        checkpoint_root: absolute(&args.root.checkpoint_root),
        supervisor_program,
        status_file: args.status_file.clone(),
        kill_wait: Duration::from_secs(args.kill_wait_secs),
        tick: Duration::from_millis(20),
        disk_check_interval: Duration::from_secs(args.disk_check_interval_secs.max(1)),
        ram_check_interval: Duration::from_secs(1),
        print_changes: true,
        run_as,
    };
    runner::kill_on_signals();
    run_config(spec, config)
}

fn run_config(spec: TaskSpec, config: RunConfig) -> ExitCode {
    let mut runner = match Runner::open(spec, config) {
        Ok(runner) => runner,
        Err(e) => return fail(e, 2),
    };
    match runner.run_to_end() {
        Ok(aurora_executor::records::TaskState::Success) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => fail(e, 1),
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn supervise_run(args: SuperviseArgs) -> u8 {
    let destination = match args.destination.as_str() {
        "console" => LoggerDestination::Console,
        "both" => LoggerDestination::Both,
        "none" => LoggerDestination::None,
        _ => LoggerDestination::File,
    };
    let mode = if args.mode == "rotate" {
        LoggerMode::Rotate
    } else {
        LoggerMode::Standard
    };
    let spec = RunSpec {
        cmdline: args.cmdline,
        sandbox: args.sandbox,
        checkpoint: args.checkpoint,
        log_dir: args.log_dir,
        destination,
        mode,
        log_size: args.log_size,
        backups: args.backups,
        uid_gid: args.uid.zip(args.gid),
    };
    supervise::supervise(&spec).clamp(0, 255) as u8
}

fn show_status(root: &Path, task_id: Option<&str>) -> ExitCode {
    let ids = match task_id {
        Some(id) => vec![id.to_string()],
        None => status::task_ids(root),
    };
    let mut out = std::io::stdout().lock();
    for id in ids {
        let view = match status::read_task(root, &id) {
            Ok(view) => view,
            Err(e) => return fail(e, 1),
        };
        if view.header.is_none() {
            return fail(format!("no task {id} under {}", root.display()), 1);
        }
        let _ = write_status(&mut out, &view);
    }
    ExitCode::SUCCESS
}

fn write_status(out: &mut impl Write, view: &TaskView) -> std::io::Result<()> {
    let state = view.state.map_or("UNKNOWN", task_state_name);
    let runner = if view.runner_alive() {
        "runner alive"
    } else {
        "no runner"
    };
    writeln!(out, "{} {state} ({runner})", view.task_id)?;
    for (name, runs) in &view.processes {
        let Some(last) = runs.last() else { continue };
        let mut line = format!(
            "  {name}: {} run {}",
            process_state_name(last.state),
            last.run
        );
        if let Some(pid) = last.pid {
            line.push_str(&format!(" pid {}", pid.pid));
        }
        if let Some(code) = last.return_code {
            line.push_str(&format!(" return code {code}"));
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn tail(
    root: &Path,
    task_id: &str,
    process: &str,
    run: Option<u32>,
    stderr: bool,
    follow: bool,
) -> ExitCode {
    let view = match status::read_task(root, task_id) {
        Ok(view) if view.header.is_some() => view,
        Ok(_) => return fail(format!("no task {task_id} under {}", root.display()), 1),
        Err(e) => return fail(e, 1),
    };
    let Some(path) = status::log_path(&view, process, run, stderr) else {
        return fail(
            format!("task {task_id} has no run of process {process:?}"),
            1,
        );
    };
    let mut offset = 0u64;
    let mut out = std::io::stdout().lock();
    loop {
        if let Ok(mut file) = std::fs::File::open(&path) {
            let _ = file.seek(SeekFrom::Start(offset));
            let mut chunk = Vec::new();
            let _ = file.read_to_end(&mut chunk);
            offset += chunk.len() as u64;
            if out.write_all(&chunk).and_then(|_| out.flush()).is_err() {
                return ExitCode::SUCCESS;
            }
        }
        if !follow {
            return ExitCode::SUCCESS;
        }
        let view = status::read_task(root, task_id).unwrap_or_default();
        let run_over = view
            .processes
            .get(process)
            .and_then(|runs| runs.last())
            .is_some_and(|last| last.state.is_terminal() && run.is_none_or(|r| r == last.run));
        if view.is_terminal() || run_over {
            // One more read catches what was written just before the end.
            if let Ok(mut file) = std::fs::File::open(&path) {
                let _ = file.seek(SeekFrom::Start(offset));
                let mut chunk = Vec::new();
                let _ = file.read_to_end(&mut chunk);
                let _ = out.write_all(&chunk);
            }
            return ExitCode::SUCCESS;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn kill(root: &Path, task_id: &str) -> ExitCode {
    let view = match status::read_task(root, task_id) {
        Ok(view) if view.header.is_some() => view,
        Ok(_) => return fail(format!("no task {task_id} under {}", root.display()), 1),
        Err(e) => return fail(e, 1),
    };
    if view.is_terminal() {
        println!(
            "{task_id}: already {}",
            view.state.map_or("", task_state_name)
        );
        return ExitCode::SUCCESS;
    }
    if let Some(runner) = view.runner.filter(|r| r.is_alive()) {
        aurora_executor::procfs::signal(runner.pid, nix::sys::signal::Signal::SIGTERM);
        let started = Instant::now();
        loop {
            let view = status::read_task(root, task_id).unwrap_or_default();
            if view.is_terminal() {
                println!("{task_id}: {}", view.state.map_or("", task_state_name));
                return ExitCode::SUCCESS;
            }
            if !runner.is_alive() || started.elapsed() > Duration::from_secs(120) {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    // No runner (or one that died while killing): take the task over and kill it here.
    let header = view.header.expect("checked above");
    let paths = TaskPaths::new(root, task_id);
    let json = match std::fs::read_to_string(paths.active_task()) {
        Ok(json) => json,
        Err(e) => return fail(format!("{}: {e}", paths.active_task().display()), 1),
    };
    let bindings = Bindings {
        instance: header.instance,
        hostname: header.hostname.clone(),
        task_id: header.task_id.clone(),
        user: header.user.clone(),
        ports: header.ports.clone(),
    };
    let spec = match TaskSpec::from_data(&json, bindings) {
        Ok(spec) => spec,
        Err(e) => return fail(e, 1),
    };
    let (_, run_as) = process_user(&spec.data.role);
    let config = RunConfig {
        sandbox: header.sandbox.clone(),
        checkpoint_root: absolute(root),
        supervisor_program: std::env::current_exe().unwrap_or_else(|_| "aurora-executor".into()),
        status_file: None,
        kill_wait: Duration::from_secs(60),
        tick: Duration::from_millis(20),
        disk_check_interval: Duration::from_secs(60),
        ram_check_interval: Duration::from_secs(1),
        print_changes: true,
        run_as,
    };
    let mut runner = match Runner::open(spec, config) {
        Ok(runner) => runner,
        Err(e) => return fail(e, 1),
    };
    if let Err(e) = runner.request_kill("aurora-executor kill") {
        return fail(e, 1);
    }
    match runner.run_to_end() {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => fail(e, 1),
    }
}

fn gc(root: &Path, max_age_secs: u64, dry_run: bool) -> ExitCode {
    let now = now_ms();
    for id in status::task_ids(root) {
        let Ok(view) = status::read_task(root, &id) else {
            continue;
        };
        if !view.is_terminal() || view.runner_alive() {
            continue;
        }
        if now.saturating_sub(view.state_at_ms) < max_age_secs.saturating_mul(1000) {
            continue;
        }
        let paths = TaskPaths::new(root, &id);
        let mut doomed = vec![paths.checkpoint_dir(), paths.finished_task()];
        if let Some(sandbox) = view.sandbox() {
            doomed.push(sandbox.to_path_buf());
        }
        for path in doomed.iter().filter(|p| p.exists()) {
            println!(
                "{}{}",
                if dry_run {
                    "would delete "
                } else {
                    "deleting "
                },
                path.display()
            );
            if !dry_run {
                let removed = if path.is_dir() {
                    std::fs::remove_dir_all(path)
                } else {
                    std::fs::remove_file(path)
                };
                if let Err(e) = removed {
                    eprintln!("aurora-executor gc: {}: {e}", path.display());
                }
            }
        }
    }
    ExitCode::SUCCESS
}
