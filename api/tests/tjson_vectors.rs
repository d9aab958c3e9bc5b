//! TJSONProtocol against bytes Apache Thrift's own runtimes wrote: Java (the scheduler's)
//! and Python, both recorded by `vectors/tjson_gen.py` in `vectors/tjson_vectors.json`.

mod tjson_common;

use serde_json::Value;
use thrift::protocol::TMessageType;
use tjson_common::{read_ops, type_for, write_ops, Op};

/// Cases where our output, Java's, differs from Python's, and why.
const PYTHON_DIFFERS: &[(&str, &str)] = &[
    ("scalar_fields", "Python pads base64 with '='"),
    ("binary", "Python pads base64 with '='"),
    ("doubles", "Python writes %.17g, Java Double.toString"),
    ("double_1e23", "Python writes %.17g, Java Double.toString"),
    ("doubles_special", "Python writes bare nan/inf"),
    ("strings_control", "Python writes control characters raw"),
];

/// Cases where our output differs from the recorded Java's, and why.
const JAVA_DIFFERS: &[(&str, &str)] = &[(
    "double_1e23",
    "the fixture's JDK 17 writes 9.999999999999999E22; JDK 19+ and we write 1.0E23",
)];

struct Case {
    name: String,
    ops: Vec<Op>,
    python: String,
    java: String,
}

fn cases() -> Vec<Case> {
    let text = include_str!("vectors/tjson_vectors.json");
    let doc: Value = serde_json::from_str(text).expect("the fixture is JSON");
    doc["cases"]
        .as_array()
        .expect("the fixture has cases")
        .iter()
        .map(|case| Case {
            name: case["name"].as_str().expect("case name").to_owned(),
            ops: case["ops"]
                .as_array()
                .expect("case ops")
                .iter()
                .map(op)
                .collect(),
            python: case["python"].as_str().expect("python bytes").to_owned(),
            java: case["java"].as_str().expect("java bytes").to_owned(),
        })
        .collect()
}

fn op(v: &Value) -> Op {
    let a = v.as_array().expect("an op is an array");
    let kind = a[0].as_str().expect("op kind");
    let s = |i: usize| a[i].as_str().expect("string argument").to_owned();
    let n = |i: usize| a[i].as_i64().expect("integer argument");
    let hex = |i: usize| -> Vec<u8> {
        let h = s(i);
        (0..h.len())
            .step_by(2)
            .map(|j| u8::from_str_radix(&h[j..j + 2], 16).expect("hex"))
            .collect()
    };
    match kind {
        "message_begin" => Op::MessageBegin(
            s(1),
            TMessageType::try_from(n(2) as u8).expect("message type"),
            n(3) as i32,
        ),
        "message_end" => Op::MessageEnd,
        "struct_begin" => Op::StructBegin,
        "struct_end" => Op::StructEnd,
        "field_begin" => Op::FieldBegin(type_for(&s(1)), n(2) as i16),
        "field_end" => Op::FieldEnd,
        "field_stop" => Op::FieldStop,
        "list_begin" => Op::ListBegin(type_for(&s(1)), n(2) as i32),
        "list_end" => Op::ListEnd,
        "set_begin" => Op::SetBegin(type_for(&s(1)), n(2) as i32),
        "set_end" => Op::SetEnd,
        "map_begin" => Op::MapBegin(type_for(&s(1)), type_for(&s(2)), n(3) as i32),
        "map_end" => Op::MapEnd,
        "bool" => Op::Bool(a[1].as_bool().expect("bool")),
        "i8" => Op::I8(n(1) as i8),
        "i16" => Op::I16(n(1) as i16),
        "i32" => Op::I32(n(1) as i32),
        "i64" => Op::I64(n(1)),
        "dbl" => Op::Double(f64::from_bits(
            u64::from_str_radix(&s(1), 16).expect("double bits"),
        )),
        "str" => Op::Str(s(1)),
        "bin" => Op::Bin(hex(1)),
        other => panic!("fixture has an unknown op {other}"),
    }
}

fn differs(list: &[(&str, &str)], name: &str) -> bool {
    list.iter().any(|(n, _)| *n == name)
}

#[test]
fn fixture_covers_every_case() {
    let names: Vec<String> = cases().into_iter().map(|c| c.name).collect();
    assert_eq!(names.len(), 15, "{names:?}");
    for (name, _) in PYTHON_DIFFERS.iter().chain(JAVA_DIFFERS) {
        assert!(names.iter().any(|n| n == name), "{name}");
    }
}

#[test]
fn writes_what_java_writes() {
    for case in cases() {
        let ours = String::from_utf8(write_ops(&case.ops).expect("writes")).expect("UTF-8");
        if differs(JAVA_DIFFERS, &case.name) {
            assert_ne!(
                ours, case.java,
                "{} now matches Java: drop it from JAVA_DIFFERS",
                case.name
            );
        } else {
            assert_eq!(ours, case.java, "case {}", case.name);
        }
    }
}

#[test]
fn writes_what_python_writes_where_python_agrees_with_java() {
    for case in cases() {
        let ours = String::from_utf8(write_ops(&case.ops).expect("writes")).expect("UTF-8");
        if differs(PYTHON_DIFFERS, &case.name) {
            assert_ne!(ours, case.python, "{} now matches Python", case.name);
        } else {
            assert_eq!(ours, case.python, "case {}", case.name);
        }
    }
}

#[test]
fn writes_jdk19_shortest_double() {
    let ours = write_ops(&[
        Op::ListBegin(thrift::protocol::TType::Double, 1),
        Op::Double(1e23),
        Op::ListEnd,
    ]);
    assert_eq!(ours.expect("writes"), br#"["dbl",1,1.0E23]"#);
}

#[test]
fn reads_what_java_writes() {
    for case in cases() {
        if let Err(e) = read_ops(case.java.as_bytes(), &case.ops) {
            panic!("case {}: {e}", case.name);
        }
    }
}

#[test]
fn reads_what_python_writes() {
    for case in cases() {
        let read = read_ops(case.python.as_bytes(), &case.ops);
        if case.name == "doubles_special" {
            // Python writes bare `nan`, which Python's own reader rejects too.
            let e = read.expect_err("bare nan is not TJSONProtocol");
            assert!(e.contains("expected a number, found 'n'"), "{e}");
        } else if let Err(e) = read {
            panic!("case {}: {e}", case.name);
        }
    }
}

#[test]
fn reads_back_what_it_writes() {
    for case in cases() {
        let ours = write_ops(&case.ops).expect("writes");
        if let Err(e) = read_ops(&ours, &case.ops) {
            panic!("case {}: {e}", case.name);
        }
    }
}

/// A whole generated struct, written as the scheduler's Java TJSONProtocol writes it: field
/// ids 1-3 as in `struct JobKey { 1: string role, 2: string environment, 3: string name }`.
#[test]
fn job_key_as_java_writes_it() {
    use aurora_api::tjson::{TJsonInputProtocol, TJsonOutputProtocol};
    use aurora_api::JobKey;
    use thrift::protocol::{TOutputProtocol, TSerializable};

    const TEXT: &str = r#"{"1":{"str":"www-data"},"2":{"str":"prod"},"3":{"str":"hello"}}"#;
    let key = JobKey {
        role: Some("www-data".into()),
        environment: Some("prod".into()),
        name: Some("hello".into()),
    };
    let mut output = TJsonOutputProtocol::new(Vec::new());
    key.write_to_out_protocol(&mut output).expect("writes");
    output.flush().expect("flushes");
    assert_eq!(
        String::from_utf8(output.into_transport()).expect("UTF-8"),
        TEXT
    );

    let mut input = TJsonInputProtocol::new(TEXT.as_bytes());
    assert_eq!(
        JobKey::read_from_in_protocol(&mut input).expect("reads"),
        key
    );
    assert!(input.into_transport().is_empty(), "the whole text is read");
}
