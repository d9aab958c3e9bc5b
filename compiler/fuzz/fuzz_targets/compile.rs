//! Loads arbitrary text as a config and compiles every job it lists, as `aurora config
//! check` does, with small limits: every input must end in job configurations or
//! diagnostics, never a panic, hang or stack overflow.
#![no_main]

use std::path::Path;

use aurora_compiler::bridge::prelude;
use aurora_compiler::config::{list_jobs, load_text, LoadOptions};
use aurora_compiler::eval::{Limits, Output};
use aurora_compiler::job::{compile_each, CompileOptions, Tiers};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // Built once per thread and kept: build it before the first input, so leak
        // detection sees only what an input leaves behind.
        prelude::prelude().expect("the built-in schema evaluates");
    },
    |data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = LoadOptions {
        limits: Limits {
            max_steps: 100_000,
            max_collection_len: 10_000,
            max_str_bytes: 1 << 16,
            max_alloc_bytes: 16 << 20,
            ..Limits::default()
        },
        hermetic: true,
        output: Output::Capture,
        user: Some("fuzz".into()),
        ..LoadOptions::default()
    };
    let loaded = load_text(Path::new("/fuzz/job.aurora"), Some(text.to_string()), &options);
    if !loaded.is_ok() {
        return;
    }
    let Ok(keys) = list_jobs(&loaded) else {
        return;
    };
    let compile = CompileOptions {
        user: "fuzz".into(),
        tiers: Tiers::default(),
    };
    for outcome in compile_each(&loaded, &keys, &compile, None) {
        for diagnostic in outcome.diagnostics(aurora_dsl::Span::default) {
            // Rendering touches every span: it must not panic either.
            let _ = aurora_dsl::render_human(&diagnostic, &loaded.sources, false);
        }
        if let Ok(job) = &outcome.result {
            let _ = job.inspect_json();
            let _ = job.inspect_listing();
        }
    }
});
