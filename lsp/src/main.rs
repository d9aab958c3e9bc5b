//! `aurora-lsp`: the language server for `.aurora` files, speaking LSP over stdio.

fn main() -> std::process::ExitCode {
    aurora_lsp::run()
}
