//! Formats arbitrary input: the formatter must never panic, and what it returns must keep
//! the formatter's promises (it parses to the same tree, keeps every comment, and
//! formatting it again changes nothing), checked by `aurora_dsl::format::verify`, the
//! oracle the formatter tests use.
#![no_main]

use aurora_dsl::format::{format, FormatOptions};
use aurora_dsl::FileId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(formatted) = format(text, FileId(0), FormatOptions::default()) else {
        return;
    };
    // Python 3 syntax (`@`, f-strings...) is formatted as ruff formats it but stays an
    // error: the promises are about inputs that parse.
    if !aurora_dsl::parse(text, FileId(0)).is_ok() {
        return;
    }
    if let Some(broken) = aurora_dsl::format::verify::broken_promise(text, &formatted) {
        panic!("formatting broke a promise: {broken}\n--- input\n{text}\n--- output\n{formatted}");
    }
});
