//! `aurora-scheduler`: Aurora's scheduler API over durable storage in a data directory.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use aurora_scheduler::api::{SchedulerApi, ServerIdentity};
use aurora_scheduler::http::ServerLimits;
use aurora_scheduler::storage::Storage;
use clap::Parser;

#[derive(Parser)]
#[command(
    name = "aurora-scheduler",
    version,
    about = "Runs an Aurora-compatible scheduler"
)]
struct Cli {
    /// Where the scheduler keeps its state (created if missing).
    #[arg(long)]
    data_dir: PathBuf,
    /// The port of the API and pages (0: any free one, printed at start).
    #[arg(long, default_value_t = 8081)]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    ip: IpAddr,
    /// The cluster's name, as clients' clusters.json has it.
    #[arg(long, default_value = "devcluster")]
    cluster_name: String,
    /// What the web UI's stats links start with.
    #[arg(long, default_value = "")]
    stats_url_prefix: String,
    /// Seconds a request's body may take to arrive.
    #[arg(long, default_value_t = 10)]
    request_timeout_secs: u64,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = std::fs::create_dir_all(&cli.data_dir) {
        eprintln!("aurora-scheduler: {}: {e}", cli.data_dir.display());
        return ExitCode::from(2);
    }
    let storage = match Storage::open(&cli.data_dir.join("scheduler.redb")) {
        Ok(storage) => Arc::new(storage),
        Err(e) => {
            eprintln!("aurora-scheduler: {}: {e}", cli.data_dir.display());
            return ExitCode::from(2);
        }
    };
    let identity = ServerIdentity {
        cluster_name: cli.cluster_name.clone(),
        stats_url_prefix: cli.stats_url_prefix,
    };
    let api = SchedulerApi::new(storage, identity);
    let limits = ServerLimits {
        body_timeout: Duration::from_secs(cli.request_timeout_secs),
    };
    let served = aurora_scheduler::http::serve(api, limits, (cli.ip, cli.port).into(), |address| {
        println!(
            "Scheduler of cluster {} listening on http://{address}/",
            cli.cluster_name
        );
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("aurora-scheduler: the server stopped: {e}");
            ExitCode::from(1)
        }
    }
}
