//! Apache Thrift's TJSONProtocol, the JSON wire format Aurora's scheduler speaks at `/api`.
//!
//! The `thrift` crate ships only the binary and compact protocols, so this one is written by
//! hand against the reference implementations: the Java `TJSONProtocol` (what the scheduler
//! runs) and the Python one (what Aurora's original client ran). Output is byte-for-byte the
//! Java output; `api/tests/vectors/tjson_vectors.json` records both references' bytes.
//!
//! The format, in short: a struct is an object keyed by field id, each value a one-entry object
//! naming its type, `{"1":{"str":"x"},"2":{"i32":5}}`; lists and sets are `["i32",3,1,2,3]`;
//! maps are `["str","i32",2,{"a":1,"b":2}]` with every key quoted, numbers included; booleans
//! are `1`/`0`; binary is base64; a message is `[1,"name",type,seqid,<body>]`.
//!
//! Where the references disagree, or are lax, we pick:
//! - doubles are written as Java's `Double.toString` (`0.1`, `1.0`, `1.0E-5`, `1.0E16`), with
//!   NaN and the infinities quoted (`"NaN"`, `"-Infinity"`). Python writes `%.17g` and bare
//!   `nan`/`inf`, which neither reference can read back; we read any finite number text.
//! - control characters are written as Java does, `\b \f \n \r \t` or `\u00XX` in lower-case
//!   hex; Python writes them raw except those five. `/` and non-ASCII are written raw by both.
//! - binary is written without `=` padding (Java); padded input (Python) is read too.
//! - reading accepts exactly what the references accept, byte by byte: no whitespace between
//!   tokens, numbers in map keys and field ids quoted. We are stricter in three places, each
//!   an error instead of a silent surprise: type names must be exact (Java matches the first
//!   two letters), integers out of their type's range are rejected (Java truncates), and an
//!   invalid base64 character is rejected (Java decodes it to garbage).
//!
//! The reader is a streaming one over bytes with one byte of lookahead, like the references:
//! it works on any transport without reading to its end, keeps map entry order and number
//! text as sent, and needs no JSON tree. Its nesting is bounded by the configuration's
//! recursion limit (64 by default), counted in structs, lists, sets and maps, so a caller
//! that recurses as the input nests cannot overflow its stack.

mod base64;
mod read;

pub(crate) use base64::encode as base64_encode;
mod write;

pub use read::{TJsonInputProtocol, TJsonInputProtocolFactory};
pub use write::{TJsonOutputProtocol, TJsonOutputProtocolFactory};

use thrift::protocol::TType;
use thrift::{ProtocolError, ProtocolErrorKind};

/// The message format version, the first element of every message array.
const VERSION: i64 = 1;

/// Where the next value goes, which decides the separator before it and whether a number
/// there must be quoted (as an object key).
#[derive(Clone, Copy, Debug)]
enum Context {
    /// Inside `[...]`: values separated by commas.
    List { first: bool },
    /// Inside `{...}`: keys and values alternating, `colon` true while a key is due.
    Pair { first: bool, colon: bool },
}

impl Context {
    fn list() -> Context {
        Context::List { first: true }
    }

    fn pair() -> Context {
        Context::Pair {
            first: true,
            colon: true,
        }
    }

    /// Moves past one value and returns the separator that goes before it, if any.
    fn advance(&mut self) -> Option<u8> {
        match self {
            Context::List { first } => {
                if *first {
                    *first = false;
                    None
                } else {
                    Some(b',')
                }
            }
            Context::Pair { first, colon } => {
                if *first {
                    *first = false;
                    *colon = true;
                    None
                } else {
                    let separator = if *colon { b':' } else { b',' };
                    *colon = !*colon;
                    Some(separator)
                }
            }
        }
    }

    /// Whether a number here is an object key and so must be quoted.
    fn escape_num(&self) -> bool {
        matches!(self, Context::Pair { colon: true, .. })
    }
}

/// The wire name of a Thrift type.
fn type_name(ttype: TType) -> thrift::Result<&'static str> {
    Ok(match ttype {
        TType::Bool => "tf",
        TType::I08 => "i8",
        TType::I16 => "i16",
        TType::I32 => "i32",
        TType::I64 => "i64",
        TType::Double => "dbl",
        TType::String => "str",
        TType::Struct => "rec",
        TType::Map => "map",
        TType::Set => "set",
        TType::List => "lst",
        TType::Uuid => "uid",
        other => {
            return Err(error(
                ProtocolErrorKind::NotImplemented,
                format!("TJSONProtocol has no name for type {other}"),
            ))
        }
    })
}

/// The Thrift type a wire name stands for.
fn type_for_name(name: &str) -> thrift::Result<TType> {
    Ok(match name {
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
        "uid" => TType::Uuid,
        other => {
            return Err(error(
                ProtocolErrorKind::InvalidData,
                format!("unknown TJSONProtocol type name {other:?}"),
            ))
        }
    })
}

fn error(kind: ProtocolErrorKind, message: impl Into<String>) -> thrift::Error {
    thrift::Error::Protocol(ProtocolError::new(kind, message.into()))
}
