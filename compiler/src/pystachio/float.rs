//! Python 2's text forms of floats, and its `int()`/`float()` parsing of strings.
//!
//! Pystachio turns numbers into text with Python 2's `str()`/`unicode()`: 12 significant
//! digits, switching to an exponent outside `1e-4 <= |x| < 1e11`, keeping `.0` on integral
//! values (`2.0`, `0.3` for `0.1 + 0.2`, `1e+16`, `1e-05`). `repr()` uses the shortest text
//! that reads back to the same float.

/// Python 2's `str(x)` (and `unicode(x)`) for a float.
pub fn python2_float_str(x: f64) -> String {
    format_float(x, Mode::Str)
}

/// Python 2.7's `repr(x)` for a float: the shortest round-tripping text.
pub fn python2_float_repr(x: f64) -> String {
    format_float(x, Mode::Repr)
}

#[derive(Clone, Copy)]
enum Mode {
    Str,
    Repr,
}

fn format_float(x: f64, mode: Mode) -> String {
    if x.is_nan() {
        return "nan".to_owned();
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf" } else { "inf" }.to_owned();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0.0");
    }
    // Scientific form of |x|: correctly rounded (ties to even, like David Gay's dtoa).
    let sci = match mode {
        Mode::Str => format!("{:.11e}", x.abs()),
        Mode::Repr => format!("{:e}", x.abs()),
    };
    let (mantissa, exponent) = sci
        .split_once('e')
        .expect("Rust's `{:e}` output always contains an exponent");
    let exponent: i32 = exponent
        .parse()
        .expect("Rust's `{:e}` exponent is an integer");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    // `decpt` as in CPython's format_float_short: x = 0.DIGITS * 10**decpt.
    let decpt = exponent + 1;
    let use_exp = match mode {
        Mode::Str => decpt <= -4 || decpt > 11,
        Mode::Repr => decpt <= -4 || decpt > 16,
    };
    let body = if use_exp {
        let (first, rest) = digits.split_at(1);
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        format!("{first}{frac}e{exp_sign}{:02}", exponent.abs())
    } else if decpt <= 0 {
        format!("0.{}{digits}", "0".repeat(decpt.unsigned_abs() as usize))
    } else {
        let decpt = decpt as usize;
        if digits.len() <= decpt {
            format!("{digits}{}.0", "0".repeat(decpt - digits.len()))
        } else {
            format!("{}.{}", &digits[..decpt], &digits[decpt..])
        }
    };
    format!("{sign}{body}")
}

/// Why a string is not a Python integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntParseError {
    /// Python raises `ValueError`.
    Invalid,
    /// Python would make a `long`; this model keeps integers in 64 bits.
    TooLarge,
}

/// Python's `int(s)` for a string in base 10.
pub(crate) fn parse_python_int(s: &str) -> Result<i64, IntParseError> {
    let t = s.trim_matches(is_python_space);
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IntParseError::Invalid);
    }
    let mut value: i128 = 0;
    for b in digits.bytes() {
        value = value * 10 + i128::from(b - b'0');
        if value > i128::from(i64::MAX) + 1 {
            return Err(IntParseError::TooLarge);
        }
    }
    let value = if negative { -value } else { value };
    i64::try_from(value).map_err(|_| IntParseError::TooLarge)
}

/// Python's `float(s)` for a string; `None` where Python raises `ValueError`.
pub(crate) fn parse_python_float(s: &str) -> Option<f64> {
    let t = s.trim_matches(is_python_space);
    // Rust's grammar matches Python's here (`inf`, `nan`, `1.`, `.5`, `1e5`, signs).
    if t.is_empty() || t.contains('_') {
        return None;
    }
    t.parse::<f64>().ok()
}

/// Python's `str.strip()` whitespace.
fn is_python_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c') || (!c.is_ascii() && c.is_whitespace())
}

/// Python 2's `int(x)` for a float: truncation, with its errors.
pub(crate) fn float_to_int(x: f64) -> Result<i64, FloatToIntError> {
    if x.is_nan() {
        return Err(FloatToIntError::NaN);
    }
    if x.is_infinite() {
        return Err(FloatToIntError::Infinite);
    }
    let t = x.trunc();
    // i64::MAX as f64 rounds up to 2**63, which is already out of range.
    if !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&t) {
        return Err(FloatToIntError::TooLarge);
    }
    Ok(t as i64)
}

/// Why a float has no Python integer value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FloatToIntError {
    /// `ValueError: cannot convert float NaN to integer`.
    NaN,
    /// `OverflowError: cannot convert float infinity to integer`.
    Infinite,
    /// Python would make a `long`.
    TooLarge,
}
