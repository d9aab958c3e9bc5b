//! Arbitrary executor data and AssignedTasks: read, checked and bound, they give a task or
//! an error, never a panic.
#![no_main]

use aurora_executor::spec::{assigned_task, TaskSpec};
use aurora_executor::template::Bindings;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let bindings = Bindings {
            task_id: "fuzz-0".into(),
            ..Bindings::default()
        };
        let _ = TaskSpec::from_data(text, bindings);
    }
    if let Ok(assigned) = assigned_task(bytes) {
        let _ = TaskSpec::from_assigned(&assigned, "localhost", "fuzz");
    }
});
