//! TJSONProtocol on input no reference would write: clear errors, no panic, bounded depth;
//! and skipping fields a reader does not know.

mod tjson_common;

use aurora_api::tjson::TJsonInputProtocol;
use thrift::protocol::{TInputProtocol, TType};
use thrift::{ProtocolErrorKind, TransportErrorKind};
use tjson_common::describe;

fn protocol_error(e: thrift::Error) -> (ProtocolErrorKind, String) {
    match e {
        thrift::Error::Protocol(p) => (p.kind, p.message),
        other => panic!("expected a protocol error, got {}", describe(&other)),
    }
}

/// Reads `input` as a struct of one i32 field, the way generated code would.
fn read_one_i32_struct(input: &str) -> thrift::Result<i32> {
    let mut p = TJsonInputProtocol::new(input.as_bytes());
    p.read_struct_begin()?;
    let field = p.read_field_begin()?;
    if field.field_type != TType::I32 {
        p.skip(field.field_type)?;
    }
    let n = p.read_i32()?;
    p.read_field_end()?;
    p.read_field_begin()?;
    p.read_struct_end()?;
    Ok(n)
}

fn message_of(result: thrift::Result<impl std::fmt::Debug>) -> String {
    protocol_error(result.expect_err("bad input")).1
}

#[test]
fn reads_a_minimal_struct() {
    assert_eq!(read_one_i32_struct(r#"{"1":{"i32":5}}"#).expect("reads"), 5);
}

#[test]
fn truncated_input_is_an_error_at_every_cut() {
    let whole = r#"{"1":{"i32":-5}}"#;
    for cut in 0..whole.len() {
        let e = read_one_i32_struct(&whole[..cut]).expect_err("truncated");
        let (kind, message) = protocol_error(e);
        assert_eq!(kind, ProtocolErrorKind::InvalidData, "cut {cut}: {message}");
    }
    let e = read_one_i32_struct(r#"{"1":{"i32":"#).expect_err("truncated");
    assert_eq!(
        protocol_error(e).1,
        "TJSONProtocol input ends in the middle of a value"
    );
}

#[test]
fn end_of_input_before_a_message_is_the_transport_closing() {
    let mut p = TJsonInputProtocol::new(&b""[..]);
    match p.read_message_begin() {
        Err(thrift::Error::Transport(t)) => assert_eq!(t.kind, TransportErrorKind::EndOfFile),
        other => panic!("expected end of file, got {other:?}"),
    }
}

#[test]
fn unknown_type_name_is_named() {
    let e = read_one_i32_struct(r#"{"1":{"int":5}}"#);
    assert_eq!(message_of(e), r#"unknown TJSONProtocol type name "int""#);
    // Java would take "i32x" for "i32" (it looks at two letters); we do not.
    let e = read_one_i32_struct(r#"{"1":{"i32x":5}}"#);
    assert_eq!(message_of(e), r#"unknown TJSONProtocol type name "i32x""#);
}

#[test]
fn whitespace_between_tokens_is_rejected_as_by_the_references() {
    let e = read_one_i32_struct(r#"{ "1":{"i32":5}}"#);
    assert_eq!(message_of(e), "expected '\"' but found byte 0x20");
    let e = read_one_i32_struct(r#"{"1": {"i32":5}}"#);
    assert_eq!(message_of(e), "expected '{' but found byte 0x20");
}

#[test]
fn field_ids_and_map_keys_must_be_quoted() {
    let e = read_one_i32_struct(r#"{1:{"i32":5}}"#);
    assert_eq!(message_of(e), "expected '\"' but found '1'");
    let mut p = TJsonInputProtocol::new(&br#"["i32","dbl",1,{1:2.5}]"#[..]);
    p.read_map_begin().expect("map header");
    assert_eq!(message_of(p.read_i32()), "expected '\"' but found '1'");
}

#[test]
fn integers_out_of_range_are_rejected() {
    let e = read_one_i32_struct(r#"{"1":{"i32":2147483648}}"#);
    assert_eq!(message_of(e), "2147483648 is out of range for an i32");
    let e = read_one_i32_struct(r#"{"1":{"i32":99999999999999999999}}"#);
    assert_eq!(
        message_of(e),
        r#""99999999999999999999" is not a 64-bit integer"#
    );
    let e = read_one_i32_struct(r#"{"70000":{"i32":1}}"#);
    assert_eq!(message_of(e), "70000 is out of range for a field id");
}

#[test]
fn bad_strings_are_rejected() {
    let read = |input: &str| TJsonInputProtocol::new(input.as_bytes()).read_string();
    assert_eq!(
        read(r#""a\u00e9\ud83d\ude00""#).expect("reads"),
        "a\u{e9}\u{1F600}"
    );
    assert_eq!(
        read(r#""\u00E9\/""#).expect("upper-case hex, as Python"),
        "\u{e9}/"
    );
    assert_eq!(
        message_of(read(r#""\ud83d""#)),
        "high surrogate \\u escape without a low one"
    );
    assert_eq!(
        message_of(read(r#""\ude00""#)),
        "low surrogate \\u escape without a high one"
    );
    assert_eq!(
        message_of(read(r#""\x""#)),
        "unknown escape '\\x' in a string"
    );
    assert_eq!(
        message_of(read(r#""\u00g0""#)),
        "expected a hex digit in a \\u escape, found 'g'"
    );
    let invalid_utf8 = TJsonInputProtocol::new(&b"\"\xff\""[..]).read_string();
    assert_eq!(message_of(invalid_utf8), "string is not valid UTF-8");
}

#[test]
fn bad_base64_is_rejected() {
    let read = |input: &str| TJsonInputProtocol::new(input.as_bytes()).read_bytes();
    assert_eq!(read(r#""YWI""#).expect("unpadded, as Java"), b"ab");
    assert_eq!(read(r#""YWI=""#).expect("padded, as Python"), b"ab");
    assert_eq!(message_of(read(r#""Y!I""#)), "invalid base64 character '!'");
    assert_eq!(
        message_of(read(r#""YWJjZ""#)),
        "base64 text of 5 characters is truncated"
    );
}

#[test]
fn bad_doubles_are_rejected() {
    let read = |input: &str| {
        let mut p = TJsonInputProtocol::new(input.as_bytes());
        p.read_list_begin()?;
        p.read_double()
    };
    assert_eq!(
        read(r#"["dbl",1,"-Infinity"]"#).expect("reads"),
        f64::NEG_INFINITY
    );
    assert_eq!(
        message_of(read(r#"["dbl",1,"1.5"]"#)),
        r#"number "1.5" is quoted where it must not be"#
    );
    assert_eq!(
        message_of(read(r#"["dbl",1,1.2.3]"#)),
        r#""1.2.3" is not a number"#
    );
    assert_eq!(
        message_of(read(r#"["dbl",1,nan]"#)),
        "expected a number, found 'n'"
    );
}

#[test]
fn bad_container_sizes_are_rejected() {
    let e = TJsonInputProtocol::new(&br#"["i32",-1]"#[..]).read_list_begin();
    assert_eq!(
        protocol_error(e.expect_err("negative")).0,
        ProtocolErrorKind::NegativeSize
    );
    let e = TJsonInputProtocol::new(&br#"["i32",2147483648]"#[..]).read_list_begin();
    assert_eq!(message_of(e), "container size 2147483648 is over the limit");
}

#[test]
fn bad_message_headers_are_rejected() {
    let read = |input: &str| TJsonInputProtocol::new(input.as_bytes()).read_message_begin();
    let e = read(r#"[2,"getJobs",1,0,{}]"#).expect_err("version 2");
    assert_eq!(protocol_error(e).0, ProtocolErrorKind::BadVersion);
    let m = read(r#"[1,"getJobs",1,0,{}]"#).expect("reads");
    assert_eq!((m.name.as_str(), m.sequence_number), ("getJobs", 0));
    assert!(read(r#"[1,"getJobs",9,0,{}]"#).is_err(), "message type 9");
}

#[test]
fn deeply_nested_brackets_are_an_error_not_a_stack_overflow() {
    let input = "[".repeat(100_000);
    let e = TJsonInputProtocol::new(input.as_bytes()).read_list_begin();
    assert_eq!(message_of(e), "expected '\"' but found '['");
    let e = TJsonInputProtocol::new(input.as_bytes()).skip(TType::List);
    assert_eq!(message_of(e), "expected '\"' but found '['");
}

/// Reads any value by recursing as it nests, with no limit of its own: generated code for
/// a recursive type does this. The protocol's depth limit must stop it.
fn read_value(p: &mut dyn TInputProtocol, ttype: TType) -> thrift::Result<()> {
    match ttype {
        TType::Struct => {
            p.read_struct_begin()?;
            loop {
                let field = p.read_field_begin()?;
                if field.field_type == TType::Stop {
                    break;
                }
                read_value(p, field.field_type)?;
                p.read_field_end()?;
            }
            p.read_struct_end()
        }
        TType::List => {
            let list = p.read_list_begin()?;
            for _ in 0..list.size {
                read_value(p, list.element_type)?;
            }
            p.read_list_end()
        }
        other => p.skip(other),
    }
}

#[test]
fn deeply_nested_values_stop_at_the_depth_limit() {
    let structs = r#"{"1":{"rec":"#.repeat(100_000);
    let e = read_value(
        &mut TJsonInputProtocol::new(structs.as_bytes()),
        TType::Struct,
    );
    let (kind, message) = protocol_error(e.expect_err("too deep"));
    assert_eq!(kind, ProtocolErrorKind::DepthLimit);
    assert_eq!(message, "TJSONProtocol input nests deeper than 64 levels");

    let lists = r#"["lst",1,"#.repeat(100_000);
    let e = read_value(&mut TJsonInputProtocol::new(lists.as_bytes()), TType::List);
    assert_eq!(
        protocol_error(e.expect_err("too deep")).0,
        ProtocolErrorKind::DepthLimit
    );

    let e = TJsonInputProtocol::new(structs.as_bytes()).skip(TType::Struct);
    assert_eq!(
        protocol_error(e.expect_err("too deep")).0,
        ProtocolErrorKind::DepthLimit
    );
}

#[test]
fn skips_unknown_fields_of_every_kind() {
    // Fields 1 and 5 are known; 2, 3 and 4 are not, and 3 is text in a "str" field, which
    // must skip without being taken for base64.
    let input = concat!(
        r#"{"1":{"i32":7},"#,
        r#""2":{"rec":{"1":{"map":["str","lst",1,{"k":["dbl",2,1.5,"NaN"]}]},"2":{"set":["tf",1,1]}}},"#,
        r#""3":{"str":"not base64!"},"#,
        r#""4":{"lst":["rec",2,{},{"9":{"i64":-1}}]},"#,
        r#""5":{"str":"kept"}}"#,
    );
    let mut p = TJsonInputProtocol::new(input.as_bytes());
    p.read_struct_begin().expect("struct");
    let (mut one, mut five) = (None, None);
    loop {
        let field = p.read_field_begin().expect("field");
        match (field.id, field.field_type) {
            (_, TType::Stop) => break,
            (Some(1), TType::I32) => one = Some(p.read_i32().expect("i32")),
            (Some(5), TType::String) => five = Some(p.read_string().expect("string")),
            (_, other) => p.skip(other).expect("skips"),
        }
        p.read_field_end().expect("field end");
    }
    p.read_struct_end().expect("struct end");
    assert_eq!((one, five.as_deref()), (Some(7), Some("kept")));
    assert!(p.into_transport().is_empty());
}
