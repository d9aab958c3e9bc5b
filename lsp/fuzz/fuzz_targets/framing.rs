//! Feeds arbitrary bytes to the language server's framing guard: reading must end (no
//! hang, no unbounded allocation) and only JSON-RPC objects may reach the library.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (passed, _refused) = aurora_lsp::framing::guard_frames(data);
    for body in passed {
        let message: serde_json::Value =
            serde_json::from_slice(&body).expect("a body let through is JSON");
        assert!(message.is_object(), "a body let through is an object: {message}");
    }
});
