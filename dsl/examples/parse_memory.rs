//! Heap used by the lexer and the parser on one file, counted by a wrapping allocator.
//!
//! `cargo run --release -p aurora-dsl --example parse_memory -- FILE.aurora`
//!
//! Prints the bytes still held and the peak for each phase, so a change to the token or AST
//! layout can be judged by numbers rather than by guesses.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use aurora_dsl::source_map::FileId;

struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let held = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(held, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Starts a phase: the peak restarts from what is held now.
fn phase_start() -> usize {
    let held = HELD.load(Ordering::Relaxed);
    PEAK.store(held, Ordering::Relaxed);
    held
}

fn report(phase: &str, base: usize, detail: String) {
    let held = HELD.load(Ordering::Relaxed) - base;
    let peak = PEAK.load(Ordering::Relaxed) - base;
    println!(
        "{phase}: held {} peak {} {detail}",
        megabytes(held),
        megabytes(peak)
    );
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_memory FILE.aurora");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{path}: {error}");
            std::process::exit(1);
        }
    };
    let base = phase_start();
    let lexed = aurora_dsl::lexer::lex(&text, FileId(0));
    let detail = format!(
        "({} tokens of {} bytes)",
        lexed.tokens.len(),
        std::mem::size_of::<aurora_dsl::lexer::Spanned>()
    );
    report("lex", base, detail);
    drop(lexed);

    phase_start();
    let parsed = aurora_dsl::parse(&text, FileId(0));
    let detail = format!(
        "({} statements; Expr {} bytes, Stmt {} bytes)",
        parsed.module.body.len(),
        std::mem::size_of::<aurora_dsl::ast::Expr>(),
        std::mem::size_of::<aurora_dsl::ast::Stmt>()
    );
    report("parse", base, detail);
}
