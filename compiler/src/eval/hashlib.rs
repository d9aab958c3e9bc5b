//! `hashlib.md5`, for configs that fingerprint a file or a string.

use std::cell::RefCell;
use std::rc::Rc;

use super::call::Args;
use super::errors::{ExcType, PyException};
use super::interp::Interpreter;
use crate::value::{Native, PyResult, Value};

pub(crate) fn md5_new(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("md5", 0, 1)?;
    let data = match args.positional.first() {
        Some(value) => hash_input(value)?,
        None => Vec::new(),
    };
    interp.charge(data.len())?;
    Ok(Value::Native(Rc::new(Native::Hash {
        algorithm: "md5",
        data: RefCell::new(data),
    })))
}

fn hash_input(value: &Value) -> PyResult<Vec<u8>> {
    value
        .as_str()
        .map(|text| text.as_bytes().to_vec())
        .ok_or_else(|| {
            PyException::type_error(
                "must be string or buffer, not ".to_string() + &value.type_name(),
            )
        })
}

/// Methods of hash objects.
pub(crate) fn hash_method(
    interp: &mut Interpreter,
    native: &Rc<Native>,
    name: &str,
    args: Args,
) -> Option<PyResult<Value>> {
    let Native::Hash { algorithm, data } = &**native else {
        return None;
    };
    Some((|| {
        Ok(match name {
            "update" => {
                args.expect(name, 1, 1)?;
                let more = hash_input(&args.positional[0])?;
                interp.charge(more.len())?;
                data.borrow_mut().extend(more);
                Value::None
            }
            "hexdigest" | "digest" => {
                args.expect(name, 0, 0)?;
                let digest = md5(&data.borrow());
                if name == "hexdigest" {
                    Value::str(
                        digest
                            .iter()
                            .map(|b| format!("{b:02x}"))
                            .collect::<String>(),
                    )
                } else {
                    Value::str(digest.iter().map(|&b| char::from(b)).collect::<String>())
                }
            }
            "copy" => Value::Native(Rc::new(Native::Hash {
                algorithm,
                data: RefCell::new(data.borrow().clone()),
            })),
            _ => return Err(PyException::new(ExcType::AttributeError, String::new())),
        })
    })())
}

/// MD5 (RFC 1321).
fn md5(message: &[u8]) -> [u8; 16] {
    const SHIFTS: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5,
        9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10,
        15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];
    let constants: Vec<u32> = (0..64)
        .map(|i| ((i as f64 + 1.0).sin().abs() * 4_294_967_296.0) as u32)
        .collect();
    let mut state: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    let mut padded = message.to_vec();
    padded.push(0x80);
    while padded.len() % 64 != 56 {
        padded.push(0);
    }
    padded.extend_from_slice(&((message.len() as u64).wrapping_mul(8)).to_le_bytes());
    for chunk in padded.chunks_exact(64) {
        let words: Vec<u32> = chunk
            .chunks_exact(4)
            .map(|word| u32::from_le_bytes([word[0], word[1], word[2], word[3]]))
            .collect();
        let [mut a, mut b, mut c, mut d] = state;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let rotated = a
                .wrapping_add(f)
                .wrapping_add(constants[i])
                .wrapping_add(words[g])
                .rotate_left(SHIFTS[i]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(rotated);
        }
        state[0] = state[0].wrapping_add(a);
        state[1] = state[1].wrapping_add(b);
        state[2] = state[2].wrapping_add(c);
        state[3] = state[3].wrapping_add(d);
    }
    let mut digest = [0u8; 16];
    for (index, word) in state.iter().enumerate() {
        digest[index * 4..index * 4 + 4].copy_from_slice(&word.to_le_bytes());
    }
    digest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_matches_known_digests() {
        let hex = |bytes: [u8; 16]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(hex(md5(b"")), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(
            hex(md5(b"The quick brown fox jumps over the lazy dog")),
            "9e107d9d372bb6826bd81d3542a419d6"
        );
    }
}
