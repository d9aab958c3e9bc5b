//! A Thrift value as a tree, with a `TOutputProtocol` that records one from generated
//! `write_to_out_protocol` calls and a `TInputProtocol` that replays one to generated
//! `read_from_in_protocol` calls. Both only move values around: names, enums and canonical
//! rules live in the parent module.

use thrift::protocol::{
    TFieldIdentifier, TInputProtocol, TListIdentifier, TMapIdentifier, TMessageIdentifier,
    TOutputProtocol, TSetIdentifier, TStructIdentifier, TType,
};
use thrift::{ProtocolError, ProtocolErrorKind};

/// One Thrift value. Containers keep their element types for the replay's `*_begin` calls.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    Bool(bool),
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    Double(f64),
    /// A Thrift string as raw bytes (also `binary`); generated code writes UTF-8 text.
    Bytes(Vec<u8>),
    Uuid(uuid::Uuid),
    Struct(StructNode),
    List(TType, Vec<Node>),
    Set(TType, Vec<Node>),
    Map(TType, TType, Vec<(Node, Node)>),
}

/// A struct or union: its IDL name (when known) and the fields that were written.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct StructNode {
    pub(crate) name: String,
    pub(crate) fields: Vec<FieldNode>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FieldNode {
    pub(crate) id: i16,
    pub(crate) name: String,
    pub(crate) ty: TType,
    pub(crate) value: Node,
}

/// A value being built while the generated code writes it.
enum Frame {
    Struct(StructNode, Option<TFieldIdentifier>),
    List(TType, Vec<Node>),
    Set(TType, Vec<Node>),
    Map(TType, TType, Vec<Node>),
}

/// Records what generated code writes; `finish` returns the single top-level value.
#[derive(Default)]
pub(crate) struct Recorder {
    stack: Vec<Frame>,
    done: Option<Node>,
}

fn misuse(message: &str) -> thrift::Error {
    thrift::Error::Protocol(ProtocolError::new(ProtocolErrorKind::InvalidData, message))
}

impl Recorder {
    pub(crate) fn finish(self) -> thrift::Result<Node> {
        if !self.stack.is_empty() {
            return Err(misuse("the value was not written to its end"));
        }
        self.done.ok_or_else(|| misuse("nothing was written"))
    }

    fn push(&mut self, node: Node) -> thrift::Result<()> {
        match self.stack.last_mut() {
            None if self.done.is_none() => {
                self.done = Some(node);
                Ok(())
            }
            None => Err(misuse("a second top-level value was written")),
            Some(Frame::Struct(node_so_far, pending)) => {
                let ident = pending
                    .take()
                    .ok_or_else(|| misuse("a value outside a field"))?;
                node_so_far.fields.push(FieldNode {
                    id: ident.id.unwrap_or_default(),
                    name: ident.name.unwrap_or_default(),
                    ty: ident.field_type,
                    value: node,
                });
                Ok(())
            }
            Some(Frame::List(_, items) | Frame::Set(_, items) | Frame::Map(_, _, items)) => {
                items.push(node);
                Ok(())
            }
        }
    }
}

impl TOutputProtocol for Recorder {
    fn write_message_begin(&mut self, _: &TMessageIdentifier) -> thrift::Result<()> {
        Err(misuse("messages are not values"))
    }
    fn write_message_end(&mut self) -> thrift::Result<()> {
        Err(misuse("messages are not values"))
    }
    fn write_struct_begin(&mut self, identifier: &TStructIdentifier) -> thrift::Result<()> {
        let node = StructNode {
            name: identifier.name.clone(),
            fields: Vec::new(),
        };
        self.stack.push(Frame::Struct(node, None));
        Ok(())
    }
    fn write_struct_end(&mut self) -> thrift::Result<()> {
        match self.stack.pop() {
            Some(Frame::Struct(node, None)) => self.push(Node::Struct(node)),
            _ => Err(misuse("struct end without its begin")),
        }
    }
    fn write_field_begin(&mut self, identifier: &TFieldIdentifier) -> thrift::Result<()> {
        match self.stack.last_mut() {
            Some(Frame::Struct(_, pending @ None)) => {
                *pending = Some(identifier.clone());
                Ok(())
            }
            _ => Err(misuse("field begin outside a struct")),
        }
    }
    fn write_field_end(&mut self) -> thrift::Result<()> {
        Ok(())
    }
    fn write_field_stop(&mut self) -> thrift::Result<()> {
        Ok(())
    }
    fn write_bool(&mut self, b: bool) -> thrift::Result<()> {
        self.push(Node::Bool(b))
    }
    fn write_bytes(&mut self, b: &[u8]) -> thrift::Result<()> {
        self.push(Node::Bytes(b.to_vec()))
    }
    fn write_i8(&mut self, i: i8) -> thrift::Result<()> {
        self.push(Node::I8(i))
    }
    fn write_i16(&mut self, i: i16) -> thrift::Result<()> {
        self.push(Node::I16(i))
    }
    fn write_i32(&mut self, i: i32) -> thrift::Result<()> {
        self.push(Node::I32(i))
    }
    fn write_i64(&mut self, i: i64) -> thrift::Result<()> {
        self.push(Node::I64(i))
    }
    fn write_double(&mut self, d: f64) -> thrift::Result<()> {
        self.push(Node::Double(d))
    }
    fn write_uuid(&mut self, uuid: &uuid::Uuid) -> thrift::Result<()> {
        self.push(Node::Uuid(*uuid))
    }
    fn write_string(&mut self, s: &str) -> thrift::Result<()> {
        self.push(Node::Bytes(s.as_bytes().to_vec()))
    }
    fn write_list_begin(&mut self, identifier: &TListIdentifier) -> thrift::Result<()> {
        self.stack
            .push(Frame::List(identifier.element_type, Vec::new()));
        Ok(())
    }
    fn write_list_end(&mut self) -> thrift::Result<()> {
        match self.stack.pop() {
            Some(Frame::List(ty, items)) => self.push(Node::List(ty, items)),
            _ => Err(misuse("list end without its begin")),
        }
    }
    fn write_set_begin(&mut self, identifier: &TSetIdentifier) -> thrift::Result<()> {
        self.stack
            .push(Frame::Set(identifier.element_type, Vec::new()));
        Ok(())
    }
    fn write_set_end(&mut self) -> thrift::Result<()> {
        match self.stack.pop() {
            Some(Frame::Set(ty, items)) => self.push(Node::Set(ty, items)),
            _ => Err(misuse("set end without its begin")),
        }
    }
    fn write_map_begin(&mut self, identifier: &TMapIdentifier) -> thrift::Result<()> {
        let key = identifier.key_type.unwrap_or(TType::Void);
        let value = identifier.value_type.unwrap_or(TType::Void);
        self.stack.push(Frame::Map(key, value, Vec::new()));
        Ok(())
    }
    fn write_map_end(&mut self) -> thrift::Result<()> {
        match self.stack.pop() {
            Some(Frame::Map(k, v, items)) if items.len() % 2 == 0 => {
                let mut pairs = Vec::with_capacity(items.len() / 2);
                let mut items = items.into_iter();
                while let (Some(key), Some(value)) = (items.next(), items.next()) {
                    pairs.push((key, value));
                }
                self.push(Node::Map(k, v, pairs))
            }
            _ => Err(misuse(
                "map end without its begin, or a key without a value",
            )),
        }
    }
    fn flush(&mut self) -> thrift::Result<()> {
        Ok(())
    }
    fn write_byte(&mut self, b: u8) -> thrift::Result<()> {
        self.push(Node::I8(b as i8))
    }
}

/// One protocol call's worth of a value, in the order generated readers ask for them.
#[derive(Debug)]
enum Event {
    StructBegin,
    Field(TFieldIdentifier),
    FieldEnd,
    StructEnd,
    ListBegin(TListIdentifier),
    SetBegin(TSetIdentifier),
    MapBegin(TMapIdentifier),
    ContainerEnd,
    Value(Node),
}

/// Replays a tree to generated reading code.
pub(crate) struct Replayer {
    events: std::vec::IntoIter<Event>,
}

impl Replayer {
    pub(crate) fn new(node: Node) -> Replayer {
        let mut events = Vec::new();
        flatten(node, &mut events);
        Replayer {
            events: events.into_iter(),
        }
    }

    /// True when generated code read the whole value.
    pub(crate) fn is_exhausted(&self) -> bool {
        self.events.as_slice().is_empty()
    }

    fn next(&mut self, wanted: &str) -> thrift::Result<Event> {
        self.events
            .next()
            .ok_or_else(|| misuse(&format!("expected {wanted}, the value has ended")))
    }

    fn value(&mut self, wanted: &str) -> thrift::Result<Node> {
        match self.next(wanted)? {
            Event::Value(node) => Ok(node),
            other => Err(misuse(&format!("expected {wanted}, found {other:?}"))),
        }
    }
}

fn flatten(node: Node, out: &mut Vec<Event>) {
    match node {
        Node::Struct(s) => {
            out.push(Event::StructBegin);
            for field in s.fields {
                out.push(Event::Field(TFieldIdentifier::new(
                    field.name, field.ty, field.id,
                )));
                flatten(field.value, out);
                out.push(Event::FieldEnd);
            }
            out.push(Event::Field(TFieldIdentifier::new::<
                Option<String>,
                String,
                Option<i16>,
            >(None, TType::Stop, None)));
            out.push(Event::StructEnd);
        }
        Node::List(ty, items) => {
            out.push(Event::ListBegin(TListIdentifier::new(
                ty,
                items.len() as i32,
            )));
            items.into_iter().for_each(|n| flatten(n, out));
            out.push(Event::ContainerEnd);
        }
        Node::Set(ty, items) => {
            out.push(Event::SetBegin(TSetIdentifier::new(ty, items.len() as i32)));
            items.into_iter().for_each(|n| flatten(n, out));
            out.push(Event::ContainerEnd);
        }
        Node::Map(k, v, pairs) => {
            out.push(Event::MapBegin(TMapIdentifier::new(
                k,
                v,
                pairs.len() as i32,
            )));
            for (key, value) in pairs {
                flatten(key, out);
                flatten(value, out);
            }
            out.push(Event::ContainerEnd);
        }
        scalar => out.push(Event::Value(scalar)),
    }
}

macro_rules! read_scalar {
    ($fn:ident, $ty:ty, $variant:ident, $what:literal) => {
        fn $fn(&mut self) -> thrift::Result<$ty> {
            match self.value($what)? {
                Node::$variant(v) => Ok(v),
                other => Err(misuse(&format!(
                    concat!("expected ", $what, ", found {:?}"),
                    other
                ))),
            }
        }
    };
}

impl TInputProtocol for Replayer {
    fn read_message_begin(&mut self) -> thrift::Result<TMessageIdentifier> {
        Err(misuse("messages are not values"))
    }
    fn read_message_end(&mut self) -> thrift::Result<()> {
        Err(misuse("messages are not values"))
    }
    fn read_struct_begin(&mut self) -> thrift::Result<Option<TStructIdentifier>> {
        match self.next("a struct")? {
            Event::StructBegin => Ok(None),
            other => Err(misuse(&format!("expected a struct, found {other:?}"))),
        }
    }
    fn read_struct_end(&mut self) -> thrift::Result<()> {
        match self.next("a struct's end")? {
            Event::StructEnd => Ok(()),
            other => Err(misuse(&format!("expected a struct's end, found {other:?}"))),
        }
    }
    fn read_field_begin(&mut self) -> thrift::Result<TFieldIdentifier> {
        match self.next("a field")? {
            Event::Field(ident) => Ok(ident),
            other => Err(misuse(&format!("expected a field, found {other:?}"))),
        }
    }
    fn read_field_end(&mut self) -> thrift::Result<()> {
        match self.next("a field's end")? {
            Event::FieldEnd => Ok(()),
            other => Err(misuse(&format!("expected a field's end, found {other:?}"))),
        }
    }
    read_scalar!(read_bool, bool, Bool, "a bool");
    read_scalar!(read_bytes, Vec<u8>, Bytes, "binary");
    read_scalar!(read_i8, i8, I8, "an i8");
    read_scalar!(read_i16, i16, I16, "an i16");
    read_scalar!(read_i32, i32, I32, "an i32");
    read_scalar!(read_i64, i64, I64, "an i64");
    read_scalar!(read_double, f64, Double, "a double");
    read_scalar!(read_uuid, uuid::Uuid, Uuid, "a uuid");
    fn read_string(&mut self) -> thrift::Result<String> {
        let bytes = self.read_bytes()?;
        String::from_utf8(bytes).map_err(|_| misuse("a string is not UTF-8"))
    }
    fn read_list_begin(&mut self) -> thrift::Result<TListIdentifier> {
        match self.next("a list")? {
            Event::ListBegin(ident) => Ok(ident),
            other => Err(misuse(&format!("expected a list, found {other:?}"))),
        }
    }
    fn read_list_end(&mut self) -> thrift::Result<()> {
        self.container_end()
    }
    fn read_set_begin(&mut self) -> thrift::Result<TSetIdentifier> {
        match self.next("a set")? {
            Event::SetBegin(ident) => Ok(ident),
            other => Err(misuse(&format!("expected a set, found {other:?}"))),
        }
    }
    fn read_set_end(&mut self) -> thrift::Result<()> {
        self.container_end()
    }
    fn read_map_begin(&mut self) -> thrift::Result<TMapIdentifier> {
        match self.next("a map")? {
            Event::MapBegin(ident) => Ok(ident),
            other => Err(misuse(&format!("expected a map, found {other:?}"))),
        }
    }
    fn read_map_end(&mut self) -> thrift::Result<()> {
        self.container_end()
    }
    fn read_byte(&mut self) -> thrift::Result<u8> {
        self.read_i8().map(|b| b as u8)
    }
}

impl Replayer {
    fn container_end(&mut self) -> thrift::Result<()> {
        match self.next("a container's end")? {
            Event::ContainerEnd => Ok(()),
            other => Err(misuse(&format!(
                "expected a container's end, found {other:?}"
            ))),
        }
    }
}
