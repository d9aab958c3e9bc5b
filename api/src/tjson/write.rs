//! The writing half: Thrift protocol calls to TJSONProtocol bytes, as Java writes them.

use thrift::protocol::{
    TFieldIdentifier, TListIdentifier, TMapIdentifier, TMessageIdentifier, TOutputProtocol,
    TOutputProtocolFactory, TSetIdentifier, TStructIdentifier, TType,
};
use thrift::transport::TWriteTransport;
use thrift::ProtocolErrorKind;

use super::{base64, error, type_name, Context, VERSION};

/// Writes Thrift values as TJSONProtocol to a transport.
#[derive(Debug)]
pub struct TJsonOutputProtocol<T: TWriteTransport> {
    transport: T,
    contexts: Vec<Context>,
}

impl<T: TWriteTransport> TJsonOutputProtocol<T> {
    /// A protocol writing to `transport`.
    pub fn new(transport: T) -> Self {
        TJsonOutputProtocol {
            transport,
            contexts: Vec::new(),
        }
    }

    /// The transport, to take written bytes from.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Gives the transport back.
    pub fn into_transport(self) -> T {
        self.transport
    }

    /// Writes the separator due before the next value; returns whether a number there is
    /// an object key and so quoted.
    fn begin_value(&mut self, out: &mut Vec<u8>) -> bool {
        match self.contexts.last_mut() {
            Some(context) => {
                out.extend(context.advance());
                context.escape_num()
            }
            None => false,
        }
    }

    fn emit(&mut self, bytes: &[u8]) -> thrift::Result<()> {
        self.transport.write_all(bytes).map_err(thrift::Error::from)
    }

    fn write_json_string(&mut self, s: &[u8]) -> thrift::Result<()> {
        let mut out = Vec::with_capacity(s.len() + 3);
        self.begin_value(&mut out);
        escape_string(s, &mut out);
        self.emit(&out)
    }

    fn write_json_integer(&mut self, n: i64) -> thrift::Result<()> {
        let mut out = Vec::new();
        let quoted = self.begin_value(&mut out);
        push_maybe_quoted(&mut out, n.to_string().as_bytes(), quoted);
        self.emit(&out)
    }

    fn open(&mut self, bracket: u8, context: Context) -> thrift::Result<()> {
        let mut out = Vec::with_capacity(2);
        self.begin_value(&mut out);
        out.push(bracket);
        self.contexts.push(context);
        self.emit(&out)
    }

    fn close(&mut self, bracket: u8) -> thrift::Result<()> {
        if self.contexts.pop().is_none() {
            return Err(error(
                ProtocolErrorKind::InvalidData,
                format!("'{}' written with nothing open", char::from(bracket)),
            ));
        }
        self.emit(&[bracket])
    }
}

fn push_maybe_quoted(out: &mut Vec<u8>, text: &[u8], quoted: bool) {
    if quoted {
        out.push(b'"');
    }
    out.extend_from_slice(text);
    if quoted {
        out.push(b'"');
    }
}

/// Quotes and escapes UTF-8 `s` as Java's TJSONProtocol does: `"` and `\` escaped, the five
/// named controls as `\b \f \n \r \t`, other controls as `\u00xx`, everything else raw.
fn escape_string(s: &[u8], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    for &b in s {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x00..=0x1f => {
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
            }
            _ => out.push(b),
        }
    }
    out.push(b'"');
}

/// `d` as Java's `Double.toString` writes it (the JDK 19+ shortest form): plain notation
/// with at least one fractional digit for magnitudes in [1e-3, 1e7), otherwise
/// `d.dddE±n`; `NaN`, `Infinity`, `-Infinity` for the special values.
pub(super) fn java_double(d: f64) -> String {
    if d.is_nan() {
        return "NaN".to_owned();
    }
    if d.is_infinite() {
        return if d > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    let sign = if d.is_sign_negative() { "-" } else { "" };
    if d == 0.0 {
        return format!("{sign}0.0");
    }
    let abs = d.abs();
    let (mut digits, mut exponent) = scientific_digits(&format!("{abs:e}"));
    if digits.len() == 1 {
        // Java picks, among the decimals of length 1 or 2 that read back as `d`, the closest
        // one: 4.9E-324 rather than 5e-324. The closest of length 2 is `{:.1e}`.
        let two = format!("{abs:.1e}");
        if two.parse::<f64>() == Ok(abs) {
            let (two_digits, two_exponent) = scientific_digits(&two);
            digits = two_digits.trim_end_matches('0').to_owned();
            exponent = two_exponent;
        }
    }
    let body = if (1e-3..1e7).contains(&abs) {
        if exponent >= 0 {
            let int_len = exponent as usize + 1;
            let mut int_part = digits
                .get(..int_len.min(digits.len()))
                .unwrap_or("")
                .to_owned();
            while int_part.len() < int_len {
                int_part.push('0');
            }
            let frac = digits
                .get(int_len..)
                .filter(|f| !f.is_empty())
                .unwrap_or("0");
            format!("{int_part}.{frac}")
        } else {
            let zeros = "0".repeat((-exponent - 1) as usize);
            format!("0.{zeros}{digits}")
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() { "0" } else { rest };
        format!("{first}.{rest}E{exponent}")
    };
    format!("{sign}{body}")
}

/// Splits Rust's `{:e}` text, `1.2345e-10`, into its digits `12345` and exponent `-10`.
fn scientific_digits(text: &str) -> (String, i32) {
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    let digits = mantissa.replace('.', "");
    (digits, exponent.parse().unwrap_or(0))
}

impl<T: TWriteTransport> TOutputProtocol for TJsonOutputProtocol<T> {
    fn write_message_begin(&mut self, identifier: &TMessageIdentifier) -> thrift::Result<()> {
        // Each message starts afresh, whatever an earlier failed write left open.
        self.contexts.clear();
        self.open(b'[', Context::list())?;
        self.write_json_integer(VERSION)?;
        self.write_json_string(identifier.name.as_bytes())?;
        self.write_json_integer(i64::from(u8::from(identifier.message_type)))?;
        self.write_json_integer(i64::from(identifier.sequence_number))
    }

    fn write_message_end(&mut self) -> thrift::Result<()> {
        self.close(b']')
    }

    fn write_struct_begin(&mut self, _identifier: &TStructIdentifier) -> thrift::Result<()> {
        self.open(b'{', Context::pair())
    }

    fn write_struct_end(&mut self) -> thrift::Result<()> {
        self.close(b'}')
    }

    fn write_field_begin(&mut self, identifier: &TFieldIdentifier) -> thrift::Result<()> {
        let id = identifier.id.ok_or_else(|| {
            error(
                ProtocolErrorKind::InvalidData,
                format!("field {:?} has no id", identifier.name),
            )
        })?;
        let name = type_name(identifier.field_type)?;
        self.write_json_integer(i64::from(id))?;
        self.open(b'{', Context::pair())?;
        self.write_json_string(name.as_bytes())
    }

    fn write_field_end(&mut self) -> thrift::Result<()> {
        self.close(b'}')
    }

    fn write_field_stop(&mut self) -> thrift::Result<()> {
        Ok(())
    }

    fn write_bool(&mut self, b: bool) -> thrift::Result<()> {
        self.write_json_integer(i64::from(b))
    }

    fn write_bytes(&mut self, b: &[u8]) -> thrift::Result<()> {
        let mut out = Vec::with_capacity(b.len() / 3 * 4 + 7);
        self.begin_value(&mut out);
        out.push(b'"');
        base64::encode(b, &mut out);
        out.push(b'"');
        self.emit(&out)
    }

    fn write_i8(&mut self, i: i8) -> thrift::Result<()> {
        self.write_json_integer(i64::from(i))
    }

    fn write_i16(&mut self, i: i16) -> thrift::Result<()> {
        self.write_json_integer(i64::from(i))
    }

    fn write_i32(&mut self, i: i32) -> thrift::Result<()> {
        self.write_json_integer(i64::from(i))
    }

    fn write_i64(&mut self, i: i64) -> thrift::Result<()> {
        self.write_json_integer(i)
    }

    fn write_double(&mut self, d: f64) -> thrift::Result<()> {
        let mut out = Vec::new();
        let quoted = self.begin_value(&mut out) || !d.is_finite();
        push_maybe_quoted(&mut out, java_double(d).as_bytes(), quoted);
        self.emit(&out)
    }

    fn write_uuid(&mut self, uuid: &uuid::Uuid) -> thrift::Result<()> {
        let text = uuid.hyphenated().to_string();
        self.write_json_string(text.as_bytes())
    }

    fn write_string(&mut self, s: &str) -> thrift::Result<()> {
        self.write_json_string(s.as_bytes())
    }

    fn write_list_begin(&mut self, identifier: &TListIdentifier) -> thrift::Result<()> {
        self.write_collection_begin(identifier.element_type, identifier.size)
    }

    fn write_list_end(&mut self) -> thrift::Result<()> {
        self.close(b']')
    }

    fn write_set_begin(&mut self, identifier: &TSetIdentifier) -> thrift::Result<()> {
        self.write_collection_begin(identifier.element_type, identifier.size)
    }

    fn write_set_end(&mut self) -> thrift::Result<()> {
        self.close(b']')
    }

    fn write_map_begin(&mut self, identifier: &TMapIdentifier) -> thrift::Result<()> {
        let (Some(key_type), Some(value_type)) = (identifier.key_type, identifier.value_type)
        else {
            return Err(error(
                ProtocolErrorKind::InvalidData,
                "TJSONProtocol needs a map's key and value types, even when it is empty",
            ));
        };
        let key = type_name(key_type)?;
        let value = type_name(value_type)?;
        self.open(b'[', Context::list())?;
        self.write_json_string(key.as_bytes())?;
        self.write_json_string(value.as_bytes())?;
        self.write_json_integer(i64::from(identifier.size))?;
        self.open(b'{', Context::pair())
    }

    fn write_map_end(&mut self) -> thrift::Result<()> {
        self.close(b'}')?;
        self.close(b']')
    }

    fn flush(&mut self) -> thrift::Result<()> {
        self.transport.flush().map_err(thrift::Error::from)
    }

    fn write_byte(&mut self, b: u8) -> thrift::Result<()> {
        self.write_json_integer(i64::from(b))
    }
}

impl<T: TWriteTransport> TJsonOutputProtocol<T> {
    fn write_collection_begin(&mut self, element_type: TType, size: i32) -> thrift::Result<()> {
        let name = type_name(element_type)?;
        self.open(b'[', Context::list())?;
        self.write_json_string(name.as_bytes())?;
        self.write_json_integer(i64::from(size))
    }
}

/// Makes [`TJsonOutputProtocol`]s, for servers.
#[derive(Clone, Copy, Debug, Default)]
pub struct TJsonOutputProtocolFactory;

impl TJsonOutputProtocolFactory {
    /// A factory.
    pub fn new() -> Self {
        TJsonOutputProtocolFactory
    }
}

impl TOutputProtocolFactory for TJsonOutputProtocolFactory {
    fn create(
        &self,
        transport: Box<dyn TWriteTransport + Send>,
    ) -> Box<dyn TOutputProtocol + Send> {
        Box::new(TJsonOutputProtocol::new(transport))
    }
}

#[cfg(test)]
mod tests {
    use super::java_double;

    #[test]
    fn doubles_read_as_java_writes_them() {
        let cases = [
            (0.1, "0.1"),
            (1.0, "1.0"),
            (1e-5, "1.0E-5"),
            (1e16, "1.0E16"),
            (-0.0, "-0.0"),
            (1e7, "1.0E7"),
            (9999999.0, "9999999.0"),
            (1e-3, "0.001"),
            (0.000999, "9.99E-4"),
            (123456.789, "123456.789"),
            (100.0, "100.0"),
            (5e-324, "4.9E-324"),
            (1e-323, "9.9E-324"),
            (1e23, "1.0E23"),
            (f64::MAX, "1.7976931348623157E308"),
            (-2.5, "-2.5"),
        ];
        for (d, text) in cases {
            assert_eq!(java_double(d), text, "{d:e}");
        }
    }
}
