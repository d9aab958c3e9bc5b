use std::collections::{BTreeMap, BTreeSet};

use thrift::OrderedFloat;

use super::*;
use crate::gen::api as t;

#[test]
fn every_idl_struct_has_a_name_impl() {
    let mut ours: Vec<&str> = STRUCT_NAMES.to_vec();
    let mut idl: Vec<&str> = schema().struct_order.iter().map(String::as_str).collect();
    ours.sort_unstable();
    idl.sort_unstable();
    assert_eq!(ours, idl);
}

#[test]
fn enums_are_written_by_name_and_sets_sorted_by_text() {
    // Not `..Default::default()`: the generated `Default` sets every field, optional or not.
    let query = t::TaskQuery {
        role: None,
        environment: None,
        job_name: None,
        task_ids: None,
        statuses: Some(BTreeSet::from([
            t::ScheduleStatus::RUNNING,
            t::ScheduleStatus::FAILED,
        ])),
        instance_ids: Some(BTreeSet::from([10, 9])),
        slave_hosts: None,
        job_keys: None,
        offset: None,
        limit: None,
    };
    // "10" sorts before "9" as text, as in Python's canonical form.
    assert_eq!(
        to_canonical_json(&query),
        "{\n  \"instanceIds\": [\n    10,\n    9\n  ],\n  \"statuses\": [\n    \"FAILED\",\n    \"RUNNING\"\n  ]\n}\n"
    );
    let back: t::TaskQuery = from_canonical_json(&to_canonical_json(&query)).unwrap();
    assert_eq!(back, query);
}

#[test]
fn unions_and_doubles() {
    let resources = t::ResourceAggregate {
        resources: Some(BTreeSet::from([
            t::Resource::NumCpus(OrderedFloat(0.25)),
            t::Resource::RamMb(64),
            t::Resource::NamedPort("http".into()),
        ])),
    };
    let text = to_canonical_json(&resources);
    assert_eq!(
        text,
        r#"{
  "resources": [
    {
      "namedPort": "http"
    },
    {
      "numCpus": 0.25
    },
    {
      "ramMb": 64
    }
  ]
}
"#
    );
    assert_eq!(
        from_canonical_json::<t::ResourceAggregate>(&text).unwrap(),
        resources
    );
}

#[test]
fn aurora_executor_data_is_embedded_and_written_back() {
    let config = t::ExecutorConfig {
        name: Some("AuroraExecutor".into()),
        data: Some(r#"{"b": 1.0, "a": [1, "\u00e9"]}"#.into()),
    };
    let text = to_canonical_json(&config);
    assert_eq!(
        text,
        "{\n  \"data\": {\n    \"a\": [\n      1,\n      \"\u{e9}\"\n    ],\n    \"b\": 1.0\n  },\n  \"name\": \"AuroraExecutor\"\n}\n"
    );
    let back: t::ExecutorConfig = from_canonical_json(&text).unwrap();
    assert_eq!(
        back.data.as_deref(),
        Some("{\"a\": [1, \"\u{e9}\"], \"b\": 1.0}")
    );
    assert_eq!(to_canonical_json(&back), text);

    // Any other executor's data, and data that is not JSON, stay strings.
    for (name, data) in [("Other", "{}"), ("AuroraExecutor", "not json")] {
        let config = t::ExecutorConfig {
            name: Some(name.into()),
            data: Some(data.into()),
        };
        let text = to_canonical_json(&config);
        assert!(text.contains(&format!("\"data\": {:?}", data)), "{text}");
        assert_eq!(
            from_canonical_json::<t::ExecutorConfig>(&text).unwrap(),
            config
        );
    }
}

#[test]
fn maps_and_strings() {
    let task = t::AssignedTask {
        assigned_ports: Some(BTreeMap::from([
            ("http".into(), 31000),
            ("Admin".into(), 31001),
        ])),
        task_id: Some("a\"b\\c\u{1}\u{7f}ü".into()),
        slave_id: None,
        slave_host: None,
        task: None,
        instance_id: None,
    };
    let text = to_canonical_json(&task);
    assert_eq!(
        text,
        "{\n  \"assignedPorts\": {\n    \"Admin\": 31001,\n    \"http\": 31000\n  },\n  \"taskId\": \"a\\\"b\\\\c\\u0001\u{7f}ü\"\n}\n"
    );
    // The generated reader gives absent fields that are not `optional` their type's default
    // (binary input too): they come back set. Only `optional` fields stay unset.
    let back = from_canonical_json::<t::AssignedTask>(&text).unwrap();
    let filled = t::AssignedTask {
        slave_id: Some(String::new()),
        slave_host: Some(String::new()),
        instance_id: Some(0),
        ..task
    };
    assert_eq!(back, filled);
}

#[test]
fn decoding_errors_name_the_place() {
    let cases = [
        (
            "{",
            "invalid JSON: EOF while parsing an object at line 1 column 1",
        ),
        (
            r#"{"taskConfig": {"priority": "high"}}"#,
            "taskConfig.priority: expected an i32, found a string",
        ),
        (
            r#"{"cronCollisionPolicy": "SOMETIMES"}"#,
            "cronCollisionPolicy: `SOMETIMES` is not a CronCollisionPolicy",
        ),
        (
            r#"{"instances": 3}"#,
            "at the top level: JobConfiguration has no field `instances`",
        ),
        (
            r#"{"taskConfig": {"resources": [{"numCpus": 1.0}, {"ramMb": 1e3}]}}"#,
            "taskConfig.resources[1].ramMb: expected an i64, found a float",
        ),
        (
            r#"{"instanceCount": 4294967296}"#,
            "instanceCount: 4294967296 is not an i32",
        ),
        (
            r#"{"instanceCount": 18446744073709551615}"#,
            "instanceCount: 18446744073709551615 is not an i32",
        ),
        // FIXME: Python would say "is not an i32": serde_json reads integers beyond u64 as
        // floats.
        (
            r#"{"instanceCount": 18446744073709551616}"#,
            "instanceCount: expected an i32, found a float",
        ),
        (
            r#"{"taskConfig": {"resources": [{"numCpus": "many"}]}}"#,
            "taskConfig.resources[0].numCpus: `many` is not a double",
        ),
    ];
    for (text, expected) in cases {
        let error = from_canonical_json::<t::JobConfiguration>(text).unwrap_err();
        assert_eq!(error.to_string(), expected, "{text}");
    }
}

#[test]
fn a_union_needs_exactly_one_member() {
    let error = from_canonical_json::<t::Container>(r#"{"mesos": {}, "docker": {}}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the decoded value was refused: bad data: received multiple fields for union from remote Container"
    );
    let error = from_canonical_json::<t::Container>("{}").unwrap_err();
    assert_eq!(
        error.to_string(),
        "the decoded value was refused: bad data: received empty union from remote Container"
    );
}

proptest::proptest! {
    /// Decoding never panics, whatever the text: it returns a value or an error.
    #[test]
    fn decoding_arbitrary_text_does_not_panic(text in r#"[\[\]{}":,0-9a-zA-Z.eE+\-\\ é\u{1}]{0,64}"#) {
        let _ = from_canonical_json::<t::JobConfiguration>(&text);
    }

    /// Mutating one byte of a valid document never panics either.
    #[test]
    fn decoding_mutated_documents_does_not_panic(at in 0usize..400, byte in 0u8..128) {
        let job = r#"{"instanceCount": 2, "taskConfig": {"resources": [{"numCpus": 0.5}], "taskLinks": {"a": "b"}, "container": {"mesos": {}}, "executorConfig": {"name": "AuroraExecutor", "data": {"x": [1.5, "\u00e9"]}}}, "cronCollisionPolicy": "KILL_EXISTING"}"#;
        let mut bytes = job.as_bytes().to_vec();
        let at = at % bytes.len();
        bytes[at] = byte;
        if let Ok(text) = String::from_utf8(bytes) {
            if let Ok(value) = from_canonical_json::<t::JobConfiguration>(&text) {
                let again = to_canonical_json(&value);
                proptest::prop_assert_eq!(
                    to_canonical_json(&from_canonical_json::<t::JobConfiguration>(&again).unwrap()),
                    again
                );
            }
        }
    }
}

#[test]
fn non_finite_doubles_are_written_as_strings() {
    let resources = t::ResourceAggregate {
        resources: Some(BTreeSet::from([
            t::Resource::NumCpus(OrderedFloat(f64::NEG_INFINITY)),
            t::Resource::DiskMb(1),
        ])),
    };
    // FIXME: Python's `json.dumps` writes a bare `-Infinity`, which is not JSON.
    let text = to_canonical_json(&resources);
    assert!(text.contains(r#""numCpus": "-Infinity""#), "{text}");
    assert_eq!(
        from_canonical_json::<t::ResourceAggregate>(&text).unwrap(),
        resources
    );
    let nan: t::Resource = from_canonical_json(r#"{"numCpus": "NaN"}"#).unwrap();
    assert!(matches!(nan, t::Resource::NumCpus(f) if f.is_nan()));
}

#[test]
fn reformat_canonical_gives_python_s_indented_layout() {
    let cases = [
        (
            r#"{"b": 1.0, "a": [1e-05, 1e+16, "\u00e9"]}"#,
            "{\n  \"a\": [\n    1e-05,\n    1e+16,\n    \"\u{e9}\"\n  ],\n  \"b\": 1.0\n}\n",
        ),
        // Python's one-line `json.dumps` as `inspect --write-json` prints it: ASCII escapes,
        // default separators, keys in insertion order.
        (
            r#"{"z": {"y": [], "x": {}}, "\u00e9": "caf\u00e9 \ud83d\ude00", "a": [1, 2.50, -0.0, 100000000000000000000.0, 12345678901234567890, null, true, false, "\"\\/\n\u007f"]}"#,
            "{\n  \"a\": [\n    1,\n    2.5,\n    -0.0,\n    1e+20,\n    12345678901234567890,\n    null,\n    true,\n    false,\n    \"\\\"\\\\/\\n\u{7f}\"\n  ],\n  \"z\": {\n    \"x\": {},\n    \"y\": []\n  },\n  \"\u{e9}\": \"caf\u{e9} \u{1F600}\"\n}\n",
        ),
        ("3", "3\n"),
        ("[]", "[]\n"),
        ("\"x\"", "\"x\"\n"),
    ];
    for (text, expected) in cases {
        assert_eq!(reformat_canonical(text).unwrap(), expected, "{text}");
        // The canonical layout is a fixed point.
        assert_eq!(reformat_canonical(expected).unwrap(), expected, "{text}");
    }
    let error = reformat_canonical("{\"a\": 1,}").unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid JSON: trailing comma at line 1 column 9"
    );
}
