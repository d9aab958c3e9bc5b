//! Base64 with the standard alphabet, as TJSONProtocol uses it: written without padding
//! (Java), read with or without it (Python pads).

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes `bytes` without trailing `=`.
pub(crate) fn encode(bytes: &[u8], out: &mut Vec<u8>) {
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        // A chunk of k bytes needs k + 1 characters.
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 0x3f) as usize]);
        }
    }
}

/// Decodes `text`, ignoring up to two trailing `=`; `Err` names what is wrong.
pub(super) fn decode(text: &[u8]) -> Result<Vec<u8>, String> {
    let mut len = text.len();
    for _ in 0..2 {
        if len > 0 && text[len - 1] == b'=' {
            len -= 1;
        }
    }
    let text = &text[..len];
    if text.len() % 4 == 1 {
        return Err(format!(
            "base64 text of {} characters is truncated",
            text.len()
        ));
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                _ => return Err(format!("invalid base64 character {:?}", char::from(c))),
            };
            n |= u32::from(v) << (18 - 6 * i);
        }
        // k characters carry k - 1 bytes.
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Ok(out)
}
