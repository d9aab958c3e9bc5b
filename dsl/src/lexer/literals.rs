//! Number literals, read with Python 2.7's rules (what real Aurora runs configs with),
//! plus the Python 3 spellings configs have picked up (`0o17`, `1_000`).

use crate::diagnostic::{codes, Diagnostic, PythonError};
use crate::source_map::{FileId, Span};

/// Python refuses to convert integers with more digits than this (since 3.11); it also
/// keeps our base conversion of huge hex literals cheap.
const MAX_INT_DIGITS: usize = 4300;

/// What the raw lexer found in a number token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum NumLit {
    Int(u64),
    /// Too large for `u64`; [`big_int_decimal`] reads the token text again.
    BigInt,
    Float(f64),
    Invalid(NumError),
}

/// Why a number token is not a valid literal.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum NumError {
    /// Name characters or misplaced underscores in or after the digits: `1abc`, `1__0`, `0x`.
    Malformed {
        radix: u32,
    },
    /// A digit the radix does not have (`09`, `0b12`); `at` is its offset in the token.
    Digit {
        digit: u8,
        radix: u32,
        at: u32,
    },
    /// `1j`: Python 2 has complex numbers, Aurora's configs have no use for them.
    Imaginary,
    TooManyDigits,
}

impl NumError {
    /// The diagnostic for the number token `text` spanning `start..end`.
    pub fn diagnostic(self, file: FileId, text: &str, start: usize, end: usize) -> Diagnostic {
        let span = Span::new(file, start, end);
        match self {
            NumError::Malformed { radix } => {
                // Python 2.7's tokenizer rejects a prefix without digits and an exponent
                // sign without digits; anything else it splits into a number and a name.
                let incomplete = radix != 10 || text.ends_with(['+', '-']);
                let python = if incomplete {
                    "invalid token"
                } else {
                    "invalid syntax"
                };
                Diagnostic::error(
                    codes::INVALID_NUMBER,
                    format!("invalid {} literal", radix_name(radix)),
                    span,
                    "not a valid number",
                )
                .with_python(PythonError::syntax(python))
            }
            NumError::Digit { digit, radix, at } => {
                let at = start + at as usize;
                Diagnostic::error(
                    codes::INVALID_NUMBER,
                    format!(
                        "invalid digit '{}' in {} literal",
                        char::from(digit),
                        radix_name(radix)
                    ),
                    Span::new(file, at, at + 1),
                    format!(
                        "`{}` is not {} digit",
                        char::from(digit),
                        article_radix(radix)
                    ),
                )
                .with_help(if radix == 8 && digit.is_ascii_digit() {
                    "a leading `0` makes a Python 2 integer octal; remove it for a decimal number"
                } else {
                    "remove the digit or change the prefix"
                })
                .with_python(PythonError::syntax("invalid token").at_offset(start))
            }
            NumError::Imaginary => Diagnostic::error(
                codes::NOT_PYTHON2,
                "complex literals are not supported in .aurora files",
                span,
                "imaginary number",
            ),
            NumError::TooManyDigits => Diagnostic::error(
                codes::INVALID_NUMBER,
                format!("integer literal has more than {MAX_INT_DIGITS} digits"),
                span,
                "too long",
            ),
        }
    }
}

fn article_radix(radix: u32) -> &'static str {
    match radix {
        16 => "a hexadecimal",
        8 => "an octal",
        2 => "a binary",
        _ => "a decimal",
    }
}

fn radix_name(radix: u32) -> &'static str {
    match radix {
        16 => "hexadecimal",
        8 => "octal",
        2 => "binary",
        _ => "decimal",
    }
}

/// Whether `c` may continue a name.
pub(super) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && c.is_alphanumeric())
}

/// Scans the number at the start of `text` (a digit, or `.` and a digit): its length in
/// bytes and its value. A malformed number swallows the name characters stuck to it so
/// that `1abc` is one error, not a number and a name.
pub(super) fn scan_number(text: &str) -> (usize, NumLit) {
    let bytes = text.as_bytes();
    if bytes[0] == b'0' {
        let radix = match bytes.get(1).map(|byte| byte | 0x20) {
            Some(b'x') => 16,
            Some(b'o') => 8,
            Some(b'b') => 2,
            _ => 0,
        };
        if radix != 0 {
            return scan_prefixed(text, radix);
        }
    }
    scan_decimal(text)
}

fn scan_prefixed(text: &str, radix: u32) -> (usize, NumLit) {
    let bytes = text.as_bytes();
    let digits_end = digit_run(bytes, 2, radix, true);
    if digits_end == 2 {
        let end = name_run_end(text, 2);
        return (end, NumLit::Invalid(NumError::Malformed { radix }));
    }
    if let Some(&digit) = bytes.get(digits_end).filter(|byte| byte.is_ascii_digit()) {
        let error = NumError::Digit {
            digit,
            radix,
            at: digits_end as u32,
        };
        return (name_run_end(text, digits_end), NumLit::Invalid(error));
    }
    let end = digits_end + usize::from(matches!(bytes.get(digits_end), Some(b'l' | b'L')));
    if let Some(bad_end) = stuck_name(text, end) {
        return (bad_end, NumLit::Invalid(NumError::Malformed { radix }));
    }
    (end, int_value(&bytes[2..digits_end], radix))
}

fn scan_decimal(text: &str) -> (usize, NumLit) {
    let bytes = text.as_bytes();
    let int_end = if bytes[0] == b'.' {
        0
    } else {
        digit_run(bytes, 0, 10, false)
    };
    let mut end = int_end;
    let mut is_float = false;
    if bytes.get(end) == Some(&b'.') {
        is_float = true;
        end += 1;
        if bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end = digit_run(bytes, end, 10, false);
        }
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let mut exponent = end + 1;
        if matches!(bytes.get(exponent), Some(b'+' | b'-')) {
            exponent += 1;
        }
        // `1else` is `1 else`: only digits make an exponent.
        if bytes.get(exponent).is_some_and(u8::is_ascii_digit) {
            end = digit_run(bytes, exponent, 10, false);
            is_float = true;
        }
    }
    if matches!(bytes.get(end), Some(b'j' | b'J')) {
        return match stuck_name(text, end + 1) {
            Some(bad_end) => (bad_end, NumLit::Invalid(NumError::Malformed { radix: 10 })),
            None => (end + 1, NumLit::Invalid(NumError::Imaginary)),
        };
    }
    let long_suffix = !is_float && matches!(bytes.get(end), Some(b'l' | b'L'));
    let token_end = end + usize::from(long_suffix);
    if let Some(bad_end) = stuck_name(text, token_end) {
        return (bad_end, NumLit::Invalid(NumError::Malformed { radix: 10 }));
    }
    let value = if is_float {
        parse_float(&text[..end])
    } else if int_end > 1 && bytes[0] == b'0' {
        leading_zero_int(&bytes[..int_end])
    } else {
        int_value(&bytes[..int_end], 10)
    };
    (token_end, value)
}

/// Python 2 reads `0755` as octal; `0` and `00` are zero.
fn leading_zero_int(digits: &[u8]) -> NumLit {
    if let Some(at) = digits.iter().position(|&byte| byte == b'8' || byte == b'9') {
        return NumLit::Invalid(NumError::Digit {
            digit: digits[at],
            radix: 8,
            at: at as u32,
        });
    }
    int_value(&digits[1..], 8)
}

/// End of `digit (_? digit)*` starting at `start` (`_ digit` may lead after a radix prefix).
fn digit_run(bytes: &[u8], start: usize, radix: u32, underscore_first: bool) -> usize {
    let mut i = start;
    loop {
        match bytes.get(i) {
            Some(&byte) if is_digit(byte, radix) => i += 1,
            Some(b'_')
                if (i > start || underscore_first)
                    && bytes.get(i + 1).is_some_and(|&next| is_digit(next, radix)) =>
            {
                i += 2
            }
            _ => return i,
        }
    }
}

fn is_digit(byte: u8, radix: u32) -> bool {
    char::from(byte).is_digit(radix)
}

/// If name characters follow a number at `at`, the end of their run; `None` when nothing
/// is stuck to the number, or it is a keyword Python lets follow one (`1if x else 2`).
fn stuck_name(text: &str, at: usize) -> Option<usize> {
    let next = text[at..].chars().next()?;
    if !is_name_char(next) {
        return None;
    }
    let end = name_run_end(text, at);
    match &text[at..end] {
        "and" | "else" | "for" | "if" | "in" | "is" | "not" | "or" => None,
        _ => Some(end),
    }
}

fn name_run_end(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|&(_, c)| !is_name_char(c))
        .map_or(text.len(), |(offset, _)| at + offset)
}

fn int_value(digits: &[u8], radix: u32) -> NumLit {
    let mut value: u64 = 0;
    for &byte in digits.iter().filter(|&&byte| byte != b'_') {
        let digit = char::from(byte).to_digit(radix).unwrap_or(0);
        match value
            .checked_mul(u64::from(radix))
            .and_then(|value| value.checked_add(u64::from(digit)))
        {
            Some(next) => value = next,
            None => {
                let count = digits.iter().filter(|&&byte| byte != b'_').count();
                return if count > MAX_INT_DIGITS {
                    NumLit::Invalid(NumError::TooManyDigits)
                } else {
                    NumLit::BigInt
                };
            }
        }
    }
    NumLit::Int(value)
}

fn parse_float(text: &str) -> NumLit {
    let parsed = if text.contains('_') {
        text.replace('_', "").parse::<f64>()
    } else {
        text.parse::<f64>()
    };
    match parsed {
        Ok(value) => NumLit::Float(value),
        Err(_) => NumLit::Invalid(NumError::Malformed { radix: 10 }),
    }
}

/// The decimal digits of an integer token too large for `u64` (`scan_number` said
/// [`NumLit::BigInt`], so the text is well formed and has at most `MAX_INT_DIGITS` digits).
pub(super) fn big_int_decimal(token: &str) -> String {
    let token = token.trim_end_matches(['l', 'L']);
    let bytes = token.as_bytes();
    let (radix, digits) = match bytes.get(1).map(|byte| byte | 0x20) {
        Some(b'x') => (16, &bytes[2..]),
        Some(b'o') => (8, &bytes[2..]),
        Some(b'b') => (2, &bytes[2..]),
        _ if bytes[0] == b'0' => (8, &bytes[1..]),
        _ => (10, bytes),
    };
    let digits = digits
        .iter()
        .filter_map(|&byte| char::from(byte).to_digit(radix));
    if radix == 10 {
        let decimal: String = digits
            .skip_while(|&digit| digit == 0)
            .filter_map(|digit| char::from_digit(digit, 10))
            .collect();
        return if decimal.is_empty() {
            "0".to_string()
        } else {
            decimal
        };
    }
    // Schoolbook conversion into base-10^9 limbs (least significant first).
    const LIMB: u64 = 1_000_000_000;
    let mut limbs: Vec<u32> = Vec::new();
    for digit in digits {
        let mut carry = u64::from(digit);
        for limb in &mut limbs {
            let value = u64::from(*limb) * u64::from(radix) + carry;
            *limb = (value % LIMB) as u32;
            carry = value / LIMB;
        }
        if carry > 0 {
            limbs.push(carry as u32);
        }
    }
    let mut decimal = limbs.last().map_or_else(|| "0".to_string(), u32::to_string);
    for limb in limbs.iter().rev().skip(1) {
        decimal.push_str(&format!("{limb:09}"));
    }
    decimal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> (usize, NumLit) {
        scan_number(text)
    }

    #[test]
    fn decimal_and_prefixed_integers() {
        assert_eq!(number("1_000"), (5, NumLit::Int(1000)));
        assert_eq!(number("0x_fF"), (5, NumLit::Int(255)));
        assert_eq!(number("0O17"), (4, NumLit::Int(15)));
        assert_eq!(number("0b101L"), (6, NumLit::Int(5)));
        assert_eq!(number("0755"), (4, NumLit::Int(493)));
        assert_eq!(number("00"), (2, NumLit::Int(0)));
        assert_eq!(number("10l"), (3, NumLit::Int(10)));
        assert_eq!(number("1if"), (1, NumLit::Int(1)));
        assert_eq!(number("1 "), (1, NumLit::Int(1)));
    }

    #[test]
    fn floats() {
        assert_eq!(number("1."), (2, NumLit::Float(1.0)));
        assert_eq!(number(".5"), (2, NumLit::Float(0.5)));
        assert_eq!(number("1e10"), (4, NumLit::Float(1e10)));
        assert_eq!(number("1E-3"), (4, NumLit::Float(1e-3)));
        assert_eq!(number("1_0.5e1_0"), (9, NumLit::Float(10.5e10)));
        assert_eq!(number("1.e5"), (4, NumLit::Float(1e5)));
        assert_eq!(number("09.5"), (4, NumLit::Float(9.5)));
        assert_eq!(number("1.0.x"), (3, NumLit::Float(1.0)));
    }

    #[test]
    fn malformed_numbers() {
        let malformed = NumLit::Invalid(NumError::Malformed { radix: 10 });
        assert_eq!(number("1abc"), (4, malformed));
        assert_eq!(number("1__0"), (4, malformed));
        assert_eq!(number("1_"), (2, malformed));
        assert_eq!(number("1.real"), (6, malformed));
        assert_eq!(
            number("09"),
            (
                2,
                NumLit::Invalid(NumError::Digit {
                    digit: b'9',
                    radix: 8,
                    at: 1
                })
            )
        );
        assert_eq!(
            number("0b102"),
            (
                5,
                NumLit::Invalid(NumError::Digit {
                    digit: b'2',
                    radix: 2,
                    at: 4
                })
            )
        );
        assert_eq!(
            number("0x"),
            (2, NumLit::Invalid(NumError::Malformed { radix: 16 }))
        );
        assert_eq!(
            number("0xfg"),
            (4, NumLit::Invalid(NumError::Malformed { radix: 16 }))
        );
        assert_eq!(number("1j"), (2, NumLit::Invalid(NumError::Imaginary)));
        assert_eq!(number("1.5J"), (4, NumLit::Invalid(NumError::Imaginary)));
    }

    #[test]
    fn big_integers_convert_to_decimal() {
        assert_eq!(number("18446744073709551616"), (20, NumLit::BigInt));
        assert_eq!(
            big_int_decimal("18_446_744_073_709_551_616"),
            "18446744073709551616"
        );
        assert_eq!(
            big_int_decimal("0x1_0000_0000_0000_0000L"),
            "18446744073709551616"
        );
        assert_eq!(
            big_int_decimal("0o2000000000000000000000"),
            "18446744073709551616"
        );
        assert_eq!(
            big_int_decimal("02000000000000000000000"),
            "18446744073709551616"
        );
        assert_eq!(
            big_int_decimal(&format!("0b1{}", "0".repeat(100))),
            "1267650600228229401496703205376"
        );
        let huge = format!("0x{}", "f".repeat(5000));
        assert_eq!(number(&huge).1, NumLit::Invalid(NumError::TooManyDigits));
    }
}
