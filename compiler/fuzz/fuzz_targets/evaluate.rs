//! Evaluates arbitrary text as a config, with the Aurora schema in scope and small limits:
//! evaluation must end in a value or a diagnostic, never a panic, hang or stack overflow.
#![no_main]

use aurora_compiler::bridge::prelude;
use aurora_compiler::eval::{evaluate, release_globals, EvalOptions, Limits, Output};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // The schema prelude is built once per thread and kept: build it before the first
        // input, so leak detection sees only what evaluating an input leaves behind.
        prelude::prelude().expect("the built-in schema evaluates");
    },
    |data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(prelude) = prelude::prelude() else {
        panic!("the built-in schema evaluates");
    };
    let mut sources = prelude::source_map();
    let file = sources.add("fuzz.aurora", text);
    let options = EvalOptions {
        // Small enough that every input finishes in milliseconds.
        limits: Limits {
            max_steps: 100_000,
            max_collection_len: 10_000,
            max_str_bytes: 1 << 16,
            max_alloc_bytes: 16 << 20,
            ..Limits::default()
        },
        hermetic: true,
        output: Output::Capture,
        prelude,
        ..EvalOptions::default()
    };
    let evaluation = evaluate(&mut sources, file, &options);
    for diagnostic in &evaluation.diagnostics {
        // Rendering touches every span: it must not panic either.
        let _ = aurora_dsl::render_human(diagnostic, &sources, false);
    }
    // What the file defined refers to its namespace; without this every input leaks.
    release_globals(&evaluation.shared_globals);
});
