//! Python 2's byte-to-byte codecs of `str.encode` / `str.decode`: `hex` and `base64`
//! (configs use them to embed small files and keys).

use super::errors::PyException;
use crate::value::PyResult;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `text.encode(codec)` (`encode`) or `text.decode(codec)` for `hex` and `base64`.
pub(crate) fn bytes_codec(codec: &str, encode: bool, text: &str) -> PyResult<String> {
    let bytes = text.as_bytes();
    let base64 = codec.starts_with("base64");
    Ok(match (base64, encode) {
        (false, true) => bytes.iter().map(|byte| format!("{byte:02x}")).collect(),
        (false, false) => super::ops::str_from_bytes(&hex_decode(bytes)?),
        (true, true) => base64_encode(bytes),
        (true, false) => super::ops::str_from_bytes(&base64_decode(bytes)?),
    })
}

fn hex_decode(bytes: &[u8]) -> PyResult<Vec<u8>> {
    if bytes.len() % 2 == 1 {
        return Err(PyException::type_error("Odd-length string"));
    }
    bytes
        .chunks(2)
        .map(|pair| {
            let digit = |byte: u8| char::from(byte).to_digit(16);
            match (digit(pair[0]), digit(pair[1])) {
                (Some(high), Some(low)) => Ok((high * 16 + low) as u8),
                _ => Err(PyException::type_error("Non-hexadecimal digit found")),
            }
        })
        .collect()
}

/// `base64.encodestring`: lines of 76 characters, each ending with a newline.
fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + bytes.len() / 57 + 4);
    for line in bytes.chunks(57) {
        for group in line.chunks(3) {
            let value = group.iter().enumerate().fold(0u32, |value, (index, byte)| {
                value | u32::from(*byte) << (16 - 8 * index)
            });
            for index in 0..4 {
                if index <= group.len() {
                    let sextet = (value >> (18 - 6 * index)) & 0x3f;
                    out.push(char::from(ALPHABET[sextet as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out.push('\n');
    }
    out
}

/// `base64.decodestring`: characters outside the alphabet are skipped, as Python does.
// FIXME: Python raises `binascii.Error` for bad padding; the evaluator has no such class
// and raises `ValueError`.
fn base64_decode(bytes: &[u8]) -> PyResult<Vec<u8>> {
    let mut sextets = Vec::with_capacity(bytes.len());
    let mut padded = false;
    for &byte in bytes {
        if byte == b'=' {
            padded = true;
            break;
        }
        if let Some(sextet) = ALPHABET.iter().position(|&letter| letter == byte) {
            sextets.push(sextet as u32);
        }
    }
    let incorrect = || PyException::value_error("Incorrect padding");
    match sextets.len() % 4 {
        1 => return Err(incorrect()),
        2 | 3 if !padded => return Err(incorrect()),
        _ => {}
    }
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for group in sextets.chunks(4) {
        let value = group
            .iter()
            .enumerate()
            .fold(0u32, |value, (index, sextet)| {
                value | sextet << (18 - 6 * index)
            });
        for index in 0..group.len() - 1 {
            out.push((value >> (16 - 8 * index)) as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_lines_are_76_characters_and_end_with_a_newline() {
        assert_eq!(bytes_codec("base64", true, "abc").unwrap(), "YWJj\n");
        assert_eq!(bytes_codec("base64", true, "3.14").unwrap(), "My4xNA==\n");
        assert_eq!(bytes_codec("base64", true, "").unwrap(), "");
        let long = bytes_codec("base64", true, &"x".repeat(100)).unwrap();
        assert_eq!(long.lines().map(str::len).collect::<Vec<_>>(), [76, 60]);
        assert_eq!(bytes_codec("base64", false, "YWJj\n").unwrap(), "abc");
        assert_eq!(bytes_codec("base64", false, "My4xNA==").unwrap(), "3.14");
        assert!(bytes_codec("base64", false, "YW").is_err());
    }

    #[test]
    fn hex_needs_pairs_of_hex_digits() {
        assert_eq!(bytes_codec("hex", true, "ab").unwrap(), "6162");
        assert_eq!(bytes_codec("hex", false, "6162").unwrap(), "ab");
        assert_eq!(
            bytes_codec("hex", false, "616").unwrap_err().message,
            "Odd-length string"
        );
        assert_eq!(
            bytes_codec("hex", false, "zz").unwrap_err().message,
            "Non-hexadecimal digit found"
        );
    }
}
