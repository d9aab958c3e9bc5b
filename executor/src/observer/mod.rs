//! The observer: a read-only web view of the tasks under a checkpoint root, with the pages and
//! JSON endpoints of Thermos' observer (task list, task, process, logs, sandbox browsing and
//! downloads, `/j/...`, `/vars`). It never takes a task over: it reads checkpoints, `/proc`
//! and sandbox files only.

pub mod http;
pub mod model;
pub mod sandbox;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

pub use model::Observer;

/// Serves the observer for `root` on `address` until the process ends; `on_bound` learns the
/// address it listens on (port 0 picks a free one).
pub fn serve(
    root: &Path,
    address: SocketAddr,
    on_bound: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .build()?;
    let router = http::router(Arc::new(Observer::new(root)));
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(address).await?;
        on_bound(listener.local_addr()?);
        axum::serve(listener, router).await
    })
}
