//! The language server for `.aurora` files: diagnostics as the user types (parse,
//! evaluation and the compilation of every job, as `aurora config check` reports them,
//! with the `aurora.bindings` setting as `--bind`s), quick fixes for them, completion
//! (of `{{templates}}` too), hover (templates expanded in their job),
//! go-to-definition, references and rename within the buffer, the outline, and job keys
//! as inlay hints and code lenses.
//!
//! Evaluation happens on one dedicated thread (`diagnostics`), because the evaluator's
//! values are `Rc`; everything else answers from the buffer's text and syntax tree
//! (`document`, `context`) and from the schema's documented source (`schema`). This crate
//! talks LSP and knows nothing of how a config is evaluated beyond
//! `aurora_compiler::analysis`.

pub mod actions;
pub mod bound;
pub mod complete;
pub mod context;
pub mod diagnostics;
pub mod document;
pub mod framing;
pub mod line_index;
pub mod navigate;
pub mod refactor;
pub mod resolve;
pub mod schema;
mod server;
pub mod settings;
pub mod symbols;
pub mod templates;

pub use server::serve_stdio;

/// Runs the server on standard input and output until the client exits (the `aurora-lsp`
/// binary and `aurora lsp`).
pub fn run() -> std::process::ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("aurora-lsp: cannot start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve_stdio());
    std::process::ExitCode::SUCCESS
}
