//! Protocol calls as data, shared by the TJSONProtocol tests: a sequence of `Op`s is written
//! through a `TOutputProtocol`, and read back through a `TInputProtocol` as expectations.

#![allow(dead_code)] // each test file uses its own part

use aurora_api::tjson::{TJsonInputProtocol, TJsonOutputProtocol};
use thrift::protocol::{
    TFieldIdentifier, TInputProtocol, TListIdentifier, TMapIdentifier, TMessageIdentifier,
    TMessageType, TOutputProtocol, TSetIdentifier, TStructIdentifier, TType,
};

/// One protocol call, with what it writes (or what reading it must give).
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    MessageBegin(String, TMessageType, i32),
    MessageEnd,
    StructBegin,
    StructEnd,
    FieldBegin(TType, i16),
    FieldEnd,
    FieldStop,
    ListBegin(TType, i32),
    ListEnd,
    SetBegin(TType, i32),
    SetEnd,
    MapBegin(TType, TType, i32),
    MapEnd,
    Bool(bool),
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    /// Compared by bits, so NaN and -0.0 are checked exactly.
    Double(f64),
    Str(String),
    Bin(Vec<u8>),
}

pub fn type_for(name: &str) -> TType {
    match name {
        "tf" => TType::Bool,
        "i8" => TType::I08,
        "i16" => TType::I16,
        "i32" => TType::I32,
        "i64" => TType::I64,
        "dbl" => TType::Double,
        "str" => TType::String,
        "rec" => TType::Struct,
        "map" => TType::Map,
        "set" => TType::Set,
        "lst" => TType::List,
        other => panic!("fixture names an unknown type {other}"),
    }
}

pub fn write_ops(ops: &[Op]) -> thrift::Result<Vec<u8>> {
    let mut p = TJsonOutputProtocol::new(Vec::new());
    for op in ops {
        write_op(&mut p, op)?;
    }
    p.flush()?;
    Ok(p.into_transport())
}

fn write_op(p: &mut dyn TOutputProtocol, op: &Op) -> thrift::Result<()> {
    match op {
        Op::MessageBegin(name, ty, seq) => {
            p.write_message_begin(&TMessageIdentifier::new(name.clone(), *ty, *seq))
        }
        Op::MessageEnd => p.write_message_end(),
        Op::StructBegin => p.write_struct_begin(&TStructIdentifier::new("S")),
        Op::StructEnd => p.write_struct_end(),
        Op::FieldBegin(ty, id) => p.write_field_begin(&TFieldIdentifier::new("f", *ty, *id)),
        Op::FieldEnd => p.write_field_end(),
        Op::FieldStop => p.write_field_stop(),
        Op::ListBegin(ty, n) => p.write_list_begin(&TListIdentifier::new(*ty, *n)),
        Op::ListEnd => p.write_list_end(),
        Op::SetBegin(ty, n) => p.write_set_begin(&TSetIdentifier::new(*ty, *n)),
        Op::SetEnd => p.write_set_end(),
        Op::MapBegin(k, v, n) => p.write_map_begin(&TMapIdentifier::new(*k, *v, *n)),
        Op::MapEnd => p.write_map_end(),
        Op::Bool(b) => p.write_bool(*b),
        Op::I8(n) => p.write_i8(*n),
        Op::I16(n) => p.write_i16(*n),
        Op::I32(n) => p.write_i32(*n),
        Op::I64(n) => p.write_i64(*n),
        Op::Double(d) => p.write_double(*d),
        Op::Str(s) => p.write_string(s),
        Op::Bin(b) => p.write_bytes(b),
    }
}

/// Reads `bytes` as the calls in `ops` make them, failing at the first value that differs.
pub fn read_ops(bytes: &[u8], ops: &[Op]) -> Result<(), String> {
    let mut p = TJsonInputProtocol::new(bytes);
    for (i, op) in ops.iter().enumerate() {
        let got = read_op(&mut p, op).map_err(|e| format!("op {i} {op:?}: {}", describe(&e)))?;
        let same = match (&got, op) {
            (Op::Double(a), Op::Double(b)) => a.to_bits() == b.to_bits(),
            _ => got == *op,
        };
        if !same {
            return Err(format!("op {i}: expected {op:?}, read {got:?}"));
        }
    }
    let rest = p.into_transport();
    if !rest.is_empty() {
        return Err(format!("{} bytes left unread", rest.len()));
    }
    Ok(())
}

fn read_op(p: &mut dyn TInputProtocol, op: &Op) -> thrift::Result<Op> {
    Ok(match op {
        Op::MessageBegin(..) => {
            let m = p.read_message_begin()?;
            Op::MessageBegin(m.name, m.message_type, m.sequence_number)
        }
        Op::MessageEnd => p.read_message_end().map(|()| Op::MessageEnd)?,
        Op::StructBegin => p.read_struct_begin().map(|_| Op::StructBegin)?,
        Op::StructEnd => p.read_struct_end().map(|()| Op::StructEnd)?,
        Op::FieldBegin(..) | Op::FieldStop => {
            let f = p.read_field_begin()?;
            match (f.field_type, f.id) {
                (TType::Stop, _) => Op::FieldStop,
                (ty, Some(id)) => Op::FieldBegin(ty, id),
                (ty, None) => Op::Str(format!("field of type {ty} without an id")),
            }
        }
        Op::FieldEnd => p.read_field_end().map(|()| Op::FieldEnd)?,
        Op::ListBegin(..) => {
            let l = p.read_list_begin()?;
            Op::ListBegin(l.element_type, l.size)
        }
        Op::ListEnd => p.read_list_end().map(|()| Op::ListEnd)?,
        Op::SetBegin(..) => {
            let s = p.read_set_begin()?;
            Op::SetBegin(s.element_type, s.size)
        }
        Op::SetEnd => p.read_set_end().map(|()| Op::SetEnd)?,
        Op::MapBegin(..) => {
            let m = p.read_map_begin()?;
            match (m.key_type, m.value_type) {
                (Some(k), Some(v)) => Op::MapBegin(k, v, m.size),
                _ => Op::Str("map without key and value types".to_owned()),
            }
        }
        Op::MapEnd => p.read_map_end().map(|()| Op::MapEnd)?,
        Op::Bool(_) => Op::Bool(p.read_bool()?),
        Op::I8(_) => Op::I8(p.read_i8()?),
        Op::I16(_) => Op::I16(p.read_i16()?),
        Op::I32(_) => Op::I32(p.read_i32()?),
        Op::I64(_) => Op::I64(p.read_i64()?),
        Op::Double(_) => Op::Double(p.read_double()?),
        Op::Str(_) => Op::Str(p.read_string()?),
        Op::Bin(_) => Op::Bin(p.read_bytes()?),
    })
}

/// The error with its message: thrift's `Display` shows only the error's kind.
pub fn describe(e: &thrift::Error) -> String {
    match e {
        thrift::Error::Protocol(p) => format!("{:?}: {}", p.kind, p.message),
        thrift::Error::Transport(t) => format!("transport {:?}: {}", t.kind, t.message),
        other => format!("{other:?}"),
    }
}
