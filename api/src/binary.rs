//! Thrift's binary protocol (strict, as Aurora's scheduler stores and speaks it) over bytes
//! in memory.

use thrift::protocol::{TBinaryInputProtocol, TBinaryOutputProtocol, TSerializable};
use thrift::TConfiguration;

/// Why bytes could not be decoded from the binary protocol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid binary Thrift value: {0}")]
pub struct BinaryError(String);

/// A value in Thrift's binary protocol.
pub fn to_binary<T: TSerializable>(value: &T) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut protocol = TBinaryOutputProtocol::new(&mut bytes, true);
    value
        .write_to_out_protocol(&mut protocol)
        .expect("writing a generated value to memory cannot fail: the IDL has no required fields");
    bytes
}

/// Decodes a value from Thrift's binary protocol; every byte must belong to the value.
pub fn from_binary<T: TSerializable>(bytes: &[u8]) -> Result<T, BinaryError> {
    // Container sizes are checked against the input's length, so a forged size cannot make
    // the reader reserve more memory than the input could describe.
    let config = TConfiguration::builder()
        .max_message_size(Some(bytes.len()))
        .max_frame_size(Some(bytes.len()))
        .build()
        .map_err(|e| BinaryError(describe(&e)))?;
    let mut rest = bytes;
    let value = {
        let mut protocol = TBinaryInputProtocol::with_config(&mut rest, true, config);
        T::read_from_in_protocol(&mut protocol).map_err(|e| BinaryError(describe(&e)))?
    };
    if !rest.is_empty() {
        return Err(BinaryError(format!(
            "{} bytes left after the value",
            rest.len()
        )));
    }
    Ok(value)
}

/// A thrift error's own message: the crate's `Display` only names the error's kind.
pub(crate) fn describe(error: &thrift::Error) -> String {
    match error {
        thrift::Error::Transport(e) => format!("{e}: {}", e.message),
        thrift::Error::Protocol(e) => format!("{e}: {}", e.message),
        thrift::Error::Application(e) => format!("{e}: {}", e.message),
        thrift::Error::User(e) => e.to_string(),
    }
}
