//! TJSONProtocol round trips over random values: whatever is written reads back the same,
//! skips whole, and no corruption of it makes the reader panic.

mod tjson_common;

use aurora_api::tjson::TJsonInputProtocol;
use proptest::prelude::*;
use thrift::protocol::{TInputProtocol, TMessageType, TType};
use tjson_common::{read_ops, write_ops, Op};

/// A Thrift value, to be flattened into protocol calls.
#[derive(Clone, Debug)]
enum Value {
    Bool(bool),
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    Double(f64),
    Str(String),
    Bin(Vec<u8>),
    Struct(Vec<(i16, Value)>),
    List(Vec<Value>),
    Set(Vec<Value>),
    Map(Vec<(Value, Value)>),
}

impl Value {
    fn ttype(&self) -> TType {
        match self {
            Value::Bool(_) => TType::Bool,
            Value::I8(_) => TType::I08,
            Value::I16(_) => TType::I16,
            Value::I32(_) => TType::I32,
            Value::I64(_) => TType::I64,
            Value::Double(_) => TType::Double,
            Value::Str(_) | Value::Bin(_) => TType::String,
            Value::Struct(_) => TType::Struct,
            Value::List(_) => TType::List,
            Value::Set(_) => TType::Set,
            Value::Map(_) => TType::Map,
        }
    }

    fn flatten(&self, ops: &mut Vec<Op>) {
        let element_type = |items: &[Value]| items.first().map_or(TType::I32, Value::ttype);
        match self {
            Value::Bool(b) => ops.push(Op::Bool(*b)),
            Value::I8(n) => ops.push(Op::I8(*n)),
            Value::I16(n) => ops.push(Op::I16(*n)),
            Value::I32(n) => ops.push(Op::I32(*n)),
            Value::I64(n) => ops.push(Op::I64(*n)),
            Value::Double(d) => ops.push(Op::Double(*d)),
            Value::Str(s) => ops.push(Op::Str(s.clone())),
            Value::Bin(b) => ops.push(Op::Bin(b.clone())),
            Value::Struct(fields) => {
                ops.push(Op::StructBegin);
                for (id, v) in fields {
                    ops.push(Op::FieldBegin(v.ttype(), *id));
                    v.flatten(ops);
                    ops.push(Op::FieldEnd);
                }
                ops.push(Op::FieldStop);
                ops.push(Op::StructEnd);
            }
            Value::List(items) | Value::Set(items) => {
                let is_list = matches!(self, Value::List(_));
                let size = items.len() as i32;
                ops.push(if is_list {
                    Op::ListBegin(element_type(items), size)
                } else {
                    Op::SetBegin(element_type(items), size)
                });
                items.iter().for_each(|v| v.flatten(ops));
                ops.push(if is_list { Op::ListEnd } else { Op::SetEnd });
            }
            Value::Map(entries) => {
                let (k, v) = entries
                    .first()
                    .map_or((TType::String, TType::I32), |(k, v)| (k.ttype(), v.ttype()));
                ops.push(Op::MapBegin(k, v, entries.len() as i32));
                for (k, v) in entries {
                    k.flatten(ops);
                    v.flatten(ops);
                }
                ops.push(Op::MapEnd);
            }
        }
    }
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        any::<i8>().prop_map(Value::I8),
        any::<i16>().prop_map(Value::I16),
        any::<i32>().prop_map(Value::I32),
        any::<i64>().prop_map(Value::I64),
        any::<f64>().prop_map(Value::Double),
        prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-0.0),
            Just(5e-324)
        ]
        .prop_map(Value::Double),
        any::<String>().prop_map(Value::Str),
        "[\"\\\\/\u{0}-\u{1f}a\u{e9}\u{1F600}]{0,8}".prop_map(Value::Str),
        prop::collection::vec(any::<u8>(), 0..12).prop_map(Value::Bin),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec((any::<i16>(), inner.clone()), 0..6).prop_map(Value::Struct),
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| Value::List(same_type(v))),
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| Value::Set(same_type(v))),
            prop::collection::vec((scalar(), inner), 0..6).prop_map(|entries| {
                let Some((k, v)) = entries.first().map(|(k, v)| (k.ttype(), v.ttype())) else {
                    return Value::Map(entries);
                };
                let entries = entries.into_iter();
                Value::Map(
                    entries
                        .filter(|e| e.0.ttype() == k && e.1.ttype() == v)
                        .collect(),
                )
            }),
        ]
    })
}

/// Keeps the items of the first item's type: a container's elements share one type.
fn same_type(items: Vec<Value>) -> Vec<Value> {
    let Some(ttype) = items.first().map(Value::ttype) else {
        return items;
    };
    items.into_iter().filter(|v| v.ttype() == ttype).collect()
}

fn structure() -> impl Strategy<Value = Vec<Op>> {
    (
        prop::collection::vec((any::<i16>(), value()), 0..6),
        prop::option::of((any::<String>(), 1u8..=4, any::<i32>())),
    )
        .prop_map(|(fields, message)| {
            let mut ops = Vec::new();
            if let Some((name, ty, seq)) = &message {
                let ty = TMessageType::try_from(*ty).expect("1..=4 are message types");
                ops.push(Op::MessageBegin(name.clone(), ty, *seq));
            }
            Value::Struct(fields).flatten(&mut ops);
            if message.is_some() {
                ops.push(Op::MessageEnd);
            }
            ops
        })
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn written_values_read_back_identically(ops in structure()) {
        let bytes = write_ops(&ops).expect("writes");
        prop_assert_eq!(read_ops(&bytes, &ops), Ok(()));
    }

    #[test]
    fn written_structs_skip_whole(fields in prop::collection::vec((any::<i16>(), value()), 0..6)) {
        let mut ops = Vec::new();
        Value::Struct(fields).flatten(&mut ops);
        let bytes = write_ops(&ops).expect("writes");
        let mut p = TJsonInputProtocol::new(&bytes[..]);
        prop_assert!(p.skip(TType::Struct).is_ok());
        prop_assert!(p.into_transport().is_empty());
    }

    #[test]
    fn corrupted_input_never_panics(
        ops in structure(),
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let mut bytes = write_ops(&ops).expect("writes");
        if !bytes.is_empty() {
            let at = flip.index(bytes.len());
            bytes[at] = byte;
            bytes.truncate(cut.index(bytes.len()) + 1);
        }
        // Errors are fine; panics and hangs are not.
        let _ = read_ops(&bytes, &ops);
        let _ = TJsonInputProtocol::new(&bytes[..]).skip(TType::Struct);
    }
}
