//! The reading half: TJSONProtocol bytes to Thrift protocol calls, a streaming reader with
//! one byte of lookahead that accepts what the Java and Python references accept.

use std::io::ErrorKind;

use thrift::protocol::{
    TFieldIdentifier, TInputProtocol, TInputProtocolFactory, TListIdentifier, TMapIdentifier,
    TMessageIdentifier, TMessageType, TSetIdentifier, TStructIdentifier, TType,
};
use thrift::transport::TReadTransport;
use thrift::{ProtocolErrorKind, TConfiguration};

use super::{base64, error, type_for_name, Context, VERSION};

/// Longest number text read; the longest a reference writes is about 25 bytes.
const MAX_NUMBER_TEXT: usize = 1024;

/// Reads Thrift values from TJSONProtocol bytes on a transport.
#[derive(Debug)]
pub struct TJsonInputProtocol<T: TReadTransport> {
    transport: T,
    config: TConfiguration,
    /// The byte read ahead, when a peek left one.
    lookahead: Option<u8>,
    contexts: Vec<Context>,
    /// Structs, lists, sets and maps open, held to the configured recursion limit.
    depth: usize,
}

impl<T: TReadTransport> TJsonInputProtocol<T> {
    /// A protocol reading from `transport` with the default limits.
    pub fn new(transport: T) -> Self {
        Self::with_config(transport, TConfiguration::default())
    }

    /// A protocol reading from `transport`, holding nesting, string and container sizes to
    /// `config`'s limits.
    pub fn with_config(transport: T, config: TConfiguration) -> Self {
        TJsonInputProtocol {
            transport,
            config,
            lookahead: None,
            contexts: Vec::new(),
            depth: 0,
        }
    }

    /// Gives the transport back.
    pub fn into_transport(self) -> T {
        self.transport
    }

    fn next(&mut self) -> thrift::Result<u8> {
        match self.lookahead.take() {
            Some(b) => Ok(b),
            None => self.fill(),
        }
    }

    fn peek(&mut self) -> thrift::Result<u8> {
        let b = self.next()?;
        self.lookahead = Some(b);
        Ok(b)
    }

    /// One byte from the transport; its end here is a truncated value.
    fn fill(&mut self) -> thrift::Result<u8> {
        let mut byte = [0u8];
        match self.transport.read_exact(&mut byte) {
            Ok(()) => Ok(byte[0]),
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => Err(invalid(
                "TJSONProtocol input ends in the middle of a value".to_owned(),
            )),
            Err(e) => Err(e.into()),
        }
    }

    fn expect(&mut self, wanted: u8) -> thrift::Result<()> {
        let b = self.next()?;
        if b == wanted {
            Ok(())
        } else {
            Err(invalid(format!(
                "expected '{}' but found {}",
                char::from(wanted),
                describe(b)
            )))
        }
    }

    /// Reads the separator due before the next value; returns whether a number there is an
    /// object key and so quoted.
    fn begin_value(&mut self) -> thrift::Result<bool> {
        let Some(context) = self.contexts.last_mut() else {
            return Ok(false);
        };
        let separator = context.advance();
        let escape_num = context.escape_num();
        if let Some(separator) = separator {
            self.expect(separator)?;
        }
        Ok(escape_num)
    }

    fn open(&mut self, bracket: u8, context: Context) -> thrift::Result<()> {
        if let Some(limit) = self.config.max_recursion_depth() {
            if self.depth >= limit {
                return Err(error(
                    ProtocolErrorKind::DepthLimit,
                    format!("TJSONProtocol input nests deeper than {limit} levels"),
                ));
            }
        }
        self.begin_value()?;
        self.expect(bracket)?;
        self.contexts.push(context);
        Ok(())
    }

    /// Reads `bracket` and leaves the innermost `[...]` or `{...}`.
    fn close(&mut self, bracket: u8) -> thrift::Result<()> {
        self.expect(bracket)?;
        if self.contexts.pop().is_none() {
            return Err(invalid(format!(
                "'{}' read with nothing open",
                char::from(bracket)
            )));
        }
        Ok(())
    }

    /// Reads a quoted string's bytes, escapes resolved; `skip_context` when the separator
    /// was already read.
    fn read_json_string(&mut self, skip_context: bool) -> thrift::Result<Vec<u8>> {
        if !skip_context {
            self.begin_value()?;
        }
        self.expect(b'"')?;
        let limit = self.config.max_string_size();
        let mut out = Vec::new();
        let mut high_surrogate: Option<u16> = None;
        loop {
            if limit.is_some_and(|limit| out.len() > limit) {
                return Err(error(
                    ProtocolErrorKind::SizeLimit,
                    format!(
                        "string longer than the limit of {} bytes",
                        limit.unwrap_or(0)
                    ),
                ));
            }
            let b = self.next()?;
            let escaped_unit = match b {
                b'"' => break,
                b'\\' => match self.next()? {
                    b'u' => Some(self.read_code_unit()?),
                    e => {
                        out.push(match e {
                            b'"' => b'"',
                            b'\\' => b'\\',
                            b'/' => b'/',
                            b'b' => 0x08,
                            b'f' => 0x0c,
                            b'n' => b'\n',
                            b'r' => b'\r',
                            b't' => b'\t',
                            other => {
                                return Err(invalid(format!(
                                    "unknown escape '\\{}' in a string",
                                    char::from(other)
                                )))
                            }
                        });
                        None
                    }
                },
                raw => {
                    out.push(raw);
                    None
                }
            };
            match (high_surrogate.take(), escaped_unit) {
                (None, None) => {}
                (None, Some(unit @ 0xd800..=0xdbff)) => high_surrogate = Some(unit),
                (None, Some(0xdc00..=0xdfff)) => {
                    return Err(invalid(
                        "low surrogate \\u escape without a high one".into(),
                    ))
                }
                (None, Some(unit)) => push_char(&mut out, u32::from(unit)),
                (Some(high), Some(low @ 0xdc00..=0xdfff)) => {
                    let code =
                        0x10000 + ((u32::from(high) & 0x3ff) << 10) + (u32::from(low) & 0x3ff);
                    push_char(&mut out, code);
                }
                (Some(_), _) => {
                    return Err(invalid(
                        "high surrogate \\u escape without a low one".into(),
                    ))
                }
            }
        }
        if high_surrogate.is_some() {
            return Err(invalid(
                "high surrogate \\u escape without a low one".into(),
            ));
        }
        Ok(out)
    }

    /// The four hex digits after `\u`.
    fn read_code_unit(&mut self) -> thrift::Result<u16> {
        let mut unit = 0u16;
        for _ in 0..4 {
            let b = self.next()?;
            let digit = char::from(b).to_digit(16).ok_or_else(|| {
                invalid(format!(
                    "expected a hex digit in a \\u escape, found {}",
                    describe(b)
                ))
            })?;
            unit = unit << 4 | digit as u16;
        }
        Ok(unit)
    }

    fn read_number_text(&mut self) -> thrift::Result<String> {
        let mut text = String::new();
        while is_number_char(self.peek()?) {
            if text.len() >= MAX_NUMBER_TEXT {
                return Err(invalid(format!(
                    "number longer than {MAX_NUMBER_TEXT} characters"
                )));
            }
            text.push(char::from(self.next()?));
        }
        Ok(text)
    }

    fn read_json_integer(&mut self) -> thrift::Result<i64> {
        let quoted = self.begin_value()?;
        if quoted {
            self.expect(b'"')?;
        }
        let text = self.read_number_text()?;
        if quoted {
            self.expect(b'"')?;
        }
        text.parse::<i64>().map_err(|_| {
            if text.is_empty() {
                match self.peek() {
                    Ok(b) => invalid(format!("expected an integer, found {}", describe(b))),
                    Err(e) => e,
                }
            } else {
                invalid(format!("{text:?} is not a 64-bit integer"))
            }
        })
    }

    fn read_integer_as<N: TryFrom<i64>>(&mut self, what: &str) -> thrift::Result<N> {
        let n = self.read_json_integer()?;
        N::try_from(n).map_err(|_| invalid(format!("{n} is out of range for {what}")))
    }

    fn read_json_double(&mut self) -> thrift::Result<f64> {
        let quoted = self.begin_value()?;
        if self.peek()? == b'"' {
            let bytes = self.read_json_string(true)?;
            let text = String::from_utf8_lossy(&bytes);
            let d = text
                .parse::<f64>()
                .map_err(|_| invalid(format!("{text:?} is not a number")))?;
            if !quoted && d.is_finite() {
                return Err(invalid(format!(
                    "number {text:?} is quoted where it must not be"
                )));
            }
            return Ok(d);
        }
        if quoted {
            // A number as an object key must be quoted: this fails, with the right message.
            self.expect(b'"')?;
        }
        let text = self.read_number_text()?;
        if text.is_empty() {
            let b = self.peek()?;
            return Err(invalid(format!("expected a number, found {}", describe(b))));
        }
        text.parse::<f64>()
            .map_err(|_| invalid(format!("{text:?} is not a number")))
    }

    fn read_type_name(&mut self) -> thrift::Result<TType> {
        let name = self.read_json_string(false)?;
        type_for_name(&String::from_utf8_lossy(&name))
    }

    /// Reads a container's size, which must be non-negative and within the configured limit.
    fn read_container_size(&mut self) -> thrift::Result<i32> {
        let size = self.read_json_integer()?;
        if size < 0 {
            return Err(error(
                ProtocolErrorKind::NegativeSize,
                format!("negative container size {size}"),
            ));
        }
        let too_big = match self.config.max_container_size() {
            Some(limit) => size as u64 > limit as u64,
            None => false,
        };
        match i32::try_from(size) {
            Ok(size) if !too_big => Ok(size),
            _ => Err(error(
                ProtocolErrorKind::SizeLimit,
                format!("container size {size} is over the limit"),
            )),
        }
    }

    fn read_collection_begin(&mut self) -> thrift::Result<(TType, i32)> {
        self.open(b'[', Context::list())?;
        self.depth += 1;
        let element_type = self.read_type_name()?;
        let size = self.read_container_size()?;
        Ok((element_type, size))
    }

    fn close_nested(&mut self, bracket: u8) -> thrift::Result<()> {
        self.close(bracket)?;
        self.depth = self.depth.saturating_sub(1);
        Ok(())
    }
}

fn is_number_char(b: u8) -> bool {
    matches!(b, b'+' | b'-' | b'.' | b'0'..=b'9' | b'E' | b'e')
}

fn push_char(out: &mut Vec<u8>, code: u32) {
    // Surrogates are handled before this, so every code here is a scalar value.
    let c = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

fn describe(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", char::from(b))
    } else {
        format!("byte 0x{b:02x}")
    }
}

fn invalid(message: String) -> thrift::Error {
    error(ProtocolErrorKind::InvalidData, message)
}

impl<T: TReadTransport> TInputProtocol for TJsonInputProtocol<T> {
    fn read_message_begin(&mut self) -> thrift::Result<TMessageIdentifier> {
        self.contexts.clear();
        self.depth = 0;
        if self.lookahead.is_none() {
            // The transport ending before a message is the peer closing, not bad data: leave
            // that error as the transport's end of file, which servers look for.
            let mut byte = [0u8];
            self.transport.read_exact(&mut byte)?;
            self.lookahead = Some(byte[0]);
        }
        self.begin_value()?;
        self.expect(b'[')?;
        self.contexts.push(Context::list());
        let version = self.read_json_integer()?;
        if version != VERSION {
            return Err(error(
                ProtocolErrorKind::BadVersion,
                format!("TJSONProtocol message version {version}, expected {VERSION}"),
            ));
        }
        let name = String::from_utf8(self.read_json_string(false)?)
            .map_err(|_| invalid("message name is not UTF-8".into()))?;
        let message_type: u8 = self.read_integer_as("a message type")?;
        let message_type = TMessageType::try_from(message_type)?;
        let sequence_number = self.read_integer_as("a sequence number")?;
        Ok(TMessageIdentifier::new(name, message_type, sequence_number))
    }

    fn read_message_end(&mut self) -> thrift::Result<()> {
        self.close(b']')
    }

    fn read_struct_begin(&mut self) -> thrift::Result<Option<TStructIdentifier>> {
        self.open(b'{', Context::pair())?;
        self.depth += 1;
        Ok(None)
    }

    fn read_struct_end(&mut self) -> thrift::Result<()> {
        self.close_nested(b'}')
    }

    fn read_field_begin(&mut self) -> thrift::Result<TFieldIdentifier> {
        if self.peek()? == b'}' {
            return Ok(
                TFieldIdentifier::new::<Option<String>, String, Option<i16>>(
                    None,
                    TType::Stop,
                    None,
                ),
            );
        }
        let id: i16 = self.read_integer_as("a field id")?;
        self.open(b'{', Context::pair())?;
        let field_type = self.read_type_name()?;
        Ok(TFieldIdentifier::new::<Option<String>, String, i16>(
            None, field_type, id,
        ))
    }

    fn read_field_end(&mut self) -> thrift::Result<()> {
        self.close(b'}')
    }

    fn read_bool(&mut self) -> thrift::Result<bool> {
        Ok(self.read_json_integer()? != 0)
    }

    fn read_bytes(&mut self) -> thrift::Result<Vec<u8>> {
        let text = self.read_json_string(false)?;
        base64::decode(&text).map_err(invalid)
    }

    fn skip_till_depth(&mut self, field_type: TType, depth: i8) -> thrift::Result<()> {
        // The trait's own skip never calls read_field_end, which here reads the '}' closing
        // the field's type-and-value object; so skipping is ours, as in Java's TProtocolUtil.
        if depth <= 0 {
            return Err(error(
                ProtocolErrorKind::DepthLimit,
                format!("cannot skip a {field_type} nested this deep"),
            ));
        }
        match field_type {
            TType::Bool => self.read_bool().map(drop),
            TType::I08 => self.read_i8().map(drop),
            TType::I16 => self.read_i16().map(drop),
            TType::I32 => self.read_i32().map(drop),
            TType::I64 => self.read_i64().map(drop),
            TType::Double => self.read_double().map(drop),
            TType::String => self.skip_binary(),
            TType::Uuid => self.read_uuid().map(drop),
            TType::Struct => {
                self.read_struct_begin()?;
                loop {
                    let field = self.read_field_begin()?;
                    if field.field_type == TType::Stop {
                        break;
                    }
                    self.skip_till_depth(field.field_type, depth - 1)?;
                    self.read_field_end()?;
                }
                self.read_struct_end()
            }
            TType::List | TType::Set => {
                let (element_type, size) = self.read_collection_begin()?;
                for _ in 0..size {
                    self.skip_till_depth(element_type, depth - 1)?;
                }
                self.close_nested(b']')
            }
            TType::Map => {
                let map = self.read_map_begin()?;
                let (Some(key_type), Some(value_type)) = (map.key_type, map.value_type) else {
                    return Err(invalid("map without key and value types".into()));
                };
                for _ in 0..map.size {
                    self.skip_till_depth(key_type, depth - 1)?;
                    self.skip_till_depth(value_type, depth - 1)?;
                }
                self.read_map_end()
            }
            other => Err(error(
                ProtocolErrorKind::InvalidData,
                format!("cannot skip a value of type {other}"),
            )),
        }
    }

    fn skip_binary(&mut self) -> thrift::Result<()> {
        // A skipped field typed "str" may be text or base64: take it without decoding.
        self.read_json_string(false).map(drop)
    }

    fn read_i8(&mut self) -> thrift::Result<i8> {
        self.read_integer_as("an i8")
    }

    fn read_i16(&mut self) -> thrift::Result<i16> {
        self.read_integer_as("an i16")
    }

    fn read_i32(&mut self) -> thrift::Result<i32> {
        self.read_integer_as("an i32")
    }

    fn read_i64(&mut self) -> thrift::Result<i64> {
        self.read_json_integer()
    }

    fn read_double(&mut self) -> thrift::Result<f64> {
        self.read_json_double()
    }

    fn read_uuid(&mut self) -> thrift::Result<uuid::Uuid> {
        let text = self.read_string()?;
        uuid::Uuid::parse_str(&text).map_err(|e| invalid(format!("{text:?} is not a UUID: {e}")))
    }

    fn read_string(&mut self) -> thrift::Result<String> {
        String::from_utf8(self.read_json_string(false)?)
            .map_err(|_| invalid("string is not valid UTF-8".into()))
    }

    fn read_list_begin(&mut self) -> thrift::Result<TListIdentifier> {
        let (element_type, size) = self.read_collection_begin()?;
        Ok(TListIdentifier::new(element_type, size))
    }

    fn read_list_end(&mut self) -> thrift::Result<()> {
        self.close_nested(b']')
    }

    fn read_set_begin(&mut self) -> thrift::Result<TSetIdentifier> {
        let (element_type, size) = self.read_collection_begin()?;
        Ok(TSetIdentifier::new(element_type, size))
    }

    fn read_set_end(&mut self) -> thrift::Result<()> {
        self.close_nested(b']')
    }

    fn read_map_begin(&mut self) -> thrift::Result<TMapIdentifier> {
        self.open(b'[', Context::list())?;
        self.depth += 1;
        let key_type = self.read_type_name()?;
        let value_type = self.read_type_name()?;
        let size = self.read_container_size()?;
        self.open(b'{', Context::pair())?;
        Ok(TMapIdentifier::new(key_type, value_type, size))
    }

    fn read_map_end(&mut self) -> thrift::Result<()> {
        self.close(b'}')?;
        self.close_nested(b']')
    }

    fn read_byte(&mut self) -> thrift::Result<u8> {
        self.read_integer_as("a byte")
    }
}

/// Makes [`TJsonInputProtocol`]s, for servers.
#[derive(Clone, Debug, Default)]
pub struct TJsonInputProtocolFactory {
    config: TConfiguration,
}

impl TJsonInputProtocolFactory {
    /// A factory for protocols with the default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// A factory for protocols holding their input to `config`'s limits.
    pub fn with_config(config: TConfiguration) -> Self {
        TJsonInputProtocolFactory { config }
    }
}

impl TInputProtocolFactory for TJsonInputProtocolFactory {
    fn create(&self, transport: Box<dyn TReadTransport + Send>) -> Box<dyn TInputProtocol + Send> {
        Box::new(TJsonInputProtocol::with_config(
            transport,
            self.config.clone(),
        ))
    }
}
