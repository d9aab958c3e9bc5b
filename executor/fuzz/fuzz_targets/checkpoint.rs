//! Arbitrary checkpoint bytes: the frame reader finds whole records or stops, and records
//! decode or fail, never a panic or a huge allocation.
#![no_main]

use aurora_executor::checkpoint::frames;
use aurora_executor::records::{RunRecord, RunnerRecord};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let (payloads, length) = frames(bytes);
    assert!(length <= bytes.len());
    for payload in payloads {
        let _ = serde_json::from_slice::<RunnerRecord>(payload);
        let _ = serde_json::from_slice::<RunRecord>(payload);
    }
});
