//! Builtins over iterables and numbers: sorting, `min`/`max`, `map`/`filter`/`zip`,
//! `round`, `hex`...

use std::cmp::Ordering;
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use super::builtins::checked_xrange;
use super::call::Args;
use super::errors::{ExcType, PyException};
use super::interp::Interpreter;
use super::number;
use crate::value::{Native, PyResult, Value, XRange};

/// Validates `range`/`xrange` arguments.
pub(crate) fn range_args(args: &Args, name: &str) -> PyResult<XRange> {
    args.expect(name, 1, 3)?;
    let mut bounds = Vec::with_capacity(3);
    // `xrange` says so in other words than `range`.
    let xrange = name == "xrange";
    for value in &args.positional {
        let bound = match value {
            Value::Float(_) if xrange => {
                return Err(PyException::type_error(
                    "integer argument expected, got float",
                ))
            }
            Value::Float(_) => {
                return Err(PyException::type_error(format!(
                    "{name}() integer end argument expected, got float."
                )))
            }
            Value::Long(_) => {
                return Err(PyException::new(
                    ExcType::OverflowError,
                    "Python int too large to convert to C long",
                ))
            }
            other => number::as_i64(other).ok_or_else(|| {
                if xrange {
                    return PyException::type_error("an integer is required");
                }
                PyException::type_error(format!(
                    "{name}() integer end argument expected, got {}.",
                    other.type_name()
                ))
            })?,
        };
        bounds.push(bound);
    }
    let (start, stop, step) = match bounds.as_slice() {
        [stop] => (0, *stop, 1),
        [start, stop] => (*start, *stop, 1),
        [start, stop, step] => (*start, *stop, *step),
        _ => unreachable!("expect() checked 1 to 3 arguments"),
    };
    if step == 0 {
        return Err(PyException::value_error(format!(
            "{name}() step argument must not be zero"
        )));
    }
    checked_xrange(start, stop, step)
}

pub(crate) fn xrange(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    range_args(&args, "xrange").map(Value::XRange)
}

impl Interpreter<'_> {
    /// A stable merge sort whose comparisons may call Python code and fail.
    pub(crate) fn sort_values(
        &mut self,
        items: Vec<Value>,
        key: Option<&Value>,
        cmp: Option<&Value>,
        reverse: bool,
    ) -> PyResult<Vec<Value>> {
        let keys = match key {
            Some(key) if !matches!(key, Value::None) => {
                let mut keys = Vec::with_capacity(items.len());
                for item in &items {
                    keys.push(self.call_value(
                        key,
                        vec![item.clone()],
                        Vec::new(),
                        self.call_span,
                    )?);
                }
                keys
            }
            _ => items.clone(),
        };
        let cmp = cmp.filter(|cmp| !matches!(cmp, Value::None)).cloned();
        // CPython sorts a reversed list and reverses the result, so equal items keep
        // their order; mixed types compare without a total order in Python 2, so the
        // result also depends on the algorithm (see `sort_order`).
        let mut order: Vec<usize> = (0..items.len()).collect();
        if reverse {
            order.reverse();
        }
        let mut order = self.sort_order(order, &keys, cmp.as_ref())?;
        if reverse {
            order.reverse();
        }
        let mut slots: Vec<Option<Value>> = items.into_iter().map(Some).collect();
        Ok(order
            .into_iter()
            .filter_map(|index| slots[index].take())
            .collect())
    }

    /// `order` (indexes into `keys`) sorted as CPython 2.7's `list.sort` sorts: a list
    /// shorter than 64 is one run, its ascending or strictly descending prefix found and
    /// the rest binary-inserted, comparing only with `<`, exactly as CPython does. Longer
    /// lists are merge-sorted (stable, so equal to CPython's timsort whenever the items
    /// are totally ordered).
    fn sort_order(
        &mut self,
        mut order: Vec<usize>,
        keys: &[Value],
        cmp: Option<&Value>,
    ) -> PyResult<Vec<usize>> {
        let n = order.len();
        if n < 2 {
            return Ok(order);
        }
        if n >= 64 {
            return self.merge_sort(order, keys, cmp);
        }
        // count_run: the ascending (or strictly descending, then reversed) prefix.
        let mut run = 2;
        let descending = self.sort_less(&keys[order[1]], &keys[order[0]], cmp)?;
        while run < n {
            let less = self.sort_less(&keys[order[run]], &keys[order[run - 1]], cmp)?;
            if less != descending {
                break;
            }
            run += 1;
        }
        if descending {
            order[..run].reverse();
        }
        // binarysort: insert each later item after the last one not greater than it.
        for start in run..n {
            let pivot = order[start];
            let (mut low, mut high) = (0, start);
            while low < high {
                let middle = low + (high - low) / 2;
                if self.sort_less(&keys[pivot], &keys[order[middle]], cmp)? {
                    high = middle;
                } else {
                    low = middle + 1;
                }
            }
            order.copy_within(low..start, low + 1);
            order[low] = pivot;
        }
        Ok(order)
    }

    fn merge_sort(
        &mut self,
        mut order: Vec<usize>,
        keys: &[Value],
        cmp: Option<&Value>,
    ) -> PyResult<Vec<usize>> {
        let mut buffer = order.clone();
        let mut width = 1;
        while width < order.len() {
            let mut start = 0;
            while start < order.len() {
                let middle = (start + width).min(order.len());
                let end = (start + 2 * width).min(order.len());
                let (mut left, mut right, mut out) = (start, middle, start);
                while left < middle && right < end {
                    if self.sort_less(&keys[order[right]], &keys[order[left]], cmp)? {
                        buffer[out] = order[right];
                        right += 1;
                    } else {
                        buffer[out] = order[left];
                        left += 1;
                    }
                    out += 1;
                }
                buffer[out..out + middle - left].copy_from_slice(&order[left..middle]);
                out += middle - left;
                buffer[out..out + end - right].copy_from_slice(&order[right..end]);
                start = end;
            }
            std::mem::swap(&mut order, &mut buffer);
            width *= 2;
        }
        Ok(order)
    }

    /// `a < b` as `list.sort` asks it: `cmp(a, b) < 0` with a `cmp` function.
    fn sort_less(&mut self, a: &Value, b: &Value, cmp: Option<&Value>) -> PyResult<bool> {
        self.tick()?;
        Ok(self.sort_compare(a, b, cmp)? == Ordering::Less)
    }

    fn sort_compare(&mut self, a: &Value, b: &Value, cmp: Option<&Value>) -> PyResult<Ordering> {
        match cmp {
            Some(cmp) => {
                let result =
                    self.call_value(cmp, vec![a.clone(), b.clone()], Vec::new(), self.call_span)?;
                let value = number::as_i64(&result).ok_or_else(|| {
                    PyException::type_error("comparison function must return int")
                })?;
                Ok(value.cmp(&0))
            }
            None => self.compare(a, b),
        }
    }

    fn min_max(&mut self, mut args: Args, name: &str, wanted: Ordering) -> PyResult<Value> {
        let key = args.take_keyword("key");
        // Python 2.7 takes `key` only (`default` came with Python 3.4), and does not name
        // the keyword it refuses.
        if !args.keywords.is_empty() {
            return Err(PyException::type_error(format!(
                "{name}() got an unexpected keyword argument"
            )));
        }
        let candidates = match args.positional.len() {
            0 => {
                return Err(PyException::type_error(format!(
                    "{name} expected 1 arguments, got 0"
                )))
            }
            1 => self.collect_values(&args.positional[0])?,
            _ => args.positional,
        };
        let mut best: Option<(Value, Value)> = None;
        for candidate in candidates {
            let rank = match &key {
                Some(key) => {
                    self.call_value(key, vec![candidate.clone()], Vec::new(), self.call_span)?
                }
                None => candidate.clone(),
            };
            let better = match &best {
                None => true,
                Some((_, best_rank)) => self.compare(&rank, best_rank)? == wanted,
            };
            if better {
                best = Some((candidate, rank));
            }
        }
        match best {
            Some((value, _)) => Ok(value),
            None => Err(PyException::value_error(format!(
                "{name}() arg is an empty sequence"
            ))),
        }
    }
}

pub(crate) fn sorted(interp: &mut Interpreter, mut args: Args) -> PyResult<Value> {
    let key = args.take_keyword("key");
    let cmp = args.take_keyword("cmp");
    let reverse = args.take_keyword("reverse");
    args.expect("sorted", 1, 1)?;
    let reverse = match reverse {
        Some(value) => interp.truthy(&value)?,
        None => false,
    };
    let items = interp.collect_values(&args.positional[0])?;
    let sorted = interp.sort_values(items, key.as_ref(), cmp.as_ref(), reverse)?;
    Ok(Value::list(sorted))
}

pub(crate) fn reversed(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("reversed", 1, 1)?;
    let value = &args.positional[0];
    let mut items = match value {
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Unicode(_) | Value::XRange(_) => {
            interp.collect_values(value)?
        }
        _ => {
            return Err(PyException::type_error(
                "argument to reversed() must be a sequence",
            ))
        }
    };
    items.reverse();
    Ok(Value::iter_of(items))
}

pub(crate) fn min(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    interp.min_max(args, "min", Ordering::Less)
}

pub(crate) fn max(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    interp.min_max(args, "max", Ordering::Greater)
}

pub(crate) fn sum(interp: &mut Interpreter, mut args: Args) -> PyResult<Value> {
    let start = args.take_keyword("start");
    args.expect("sum", 1, 2)?;
    let mut total = start
        .or_else(|| args.positional.get(1).cloned())
        .unwrap_or(Value::Int(0));
    if total.is_string() {
        return Err(PyException::type_error(
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    for item in interp.collect_values(&args.positional[0])? {
        interp.tick()?;
        total = interp.binary_op(aurora_dsl::ast::BinOp::Add, total, item)?;
    }
    Ok(total)
}

pub(crate) fn round(_: &mut Interpreter, mut args: Args) -> PyResult<Value> {
    let digits = args.take_keyword("ndigits");
    args.expect("round", 1, 2)?;
    let number = number::as_f64(&args.positional[0])
        .unwrap_or_else(|| Err(PyException::type_error("a float is required")))?;
    let digits = match digits.or_else(|| args.positional.get(1).cloned()) {
        Some(value) => number::as_i64(&value)
            .ok_or_else(|| PyException::type_error("integer argument expected, got float"))?,
        None => 0,
    };
    Ok(Value::Float(round_half_away(number, digits)))
}

/// Python 2's `round`: ties go away from zero, on the exact decimal value.
pub(crate) fn round_half_away(number: f64, digits: i64) -> f64 {
    if !number.is_finite() || digits > 300 {
        return number;
    }
    if digits < -308 {
        return 0.0 * number.signum();
    }
    if digits <= 0 {
        let scale = 10f64.powi((-digits) as i32);
        return (number / scale).round() * scale;
    }
    let digits = digits as usize;
    let exact = format!("{:.*}", digits + 25, number.abs());
    let point = exact.find('.').unwrap_or(exact.len());
    let tail = &exact[point + 1 + digits..];
    let mut text = format!("{:.*}", digits, number.abs());
    if tail.starts_with('5') && tail[1..].bytes().all(|b| b == b'0') {
        text = exact[..point + 1 + digits].to_string();
        let mut bytes = text.into_bytes();
        let mut index = bytes.len();
        loop {
            if index == 0 {
                bytes.insert(0, b'1');
                break;
            }
            index -= 1;
            match bytes[index] {
                b'.' => continue,
                b'9' => bytes[index] = b'0',
                digit => {
                    bytes[index] = digit + 1;
                    break;
                }
            }
        }
        text = String::from_utf8(bytes).unwrap_or_default();
    }
    let rounded: f64 = text.parse().unwrap_or(number.abs());
    rounded.copysign(number)
}

pub(crate) fn zip(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.no_keywords_left("zip")?;
    let mut columns = Vec::with_capacity(args.positional.len());
    for (index, value) in args.positional.iter().enumerate() {
        columns.push(interp.collect_values(value).map_err(|_| {
            PyException::type_error(format!(
                "zip argument #{} must support iteration",
                index + 1
            ))
        })?);
    }
    let len = columns.iter().map(Vec::len).min().unwrap_or(0);
    interp.alloc_items(len * columns.len().max(1))?;
    let rows = (0..len)
        .map(|row| Value::tuple(columns.iter().map(|column| column[row].clone()).collect()))
        .collect();
    Ok(Value::list(rows))
}

pub(crate) fn enumerate(interp: &mut Interpreter, mut args: Args) -> PyResult<Value> {
    let start = args.take_keyword("start");
    args.expect("enumerate", 1, 2)?;
    let start = start
        .or_else(|| args.positional.get(1).cloned())
        .unwrap_or(Value::Int(0));
    let mut index = start;
    let mut pairs = Vec::new();
    for item in interp.collect_values(&args.positional[0])? {
        let next = interp.binary_op(aurora_dsl::ast::BinOp::Add, index.clone(), Value::Int(1))?;
        pairs.push(Value::tuple(vec![index, item]));
        index = next;
    }
    Ok(Value::iter_of(pairs))
}

pub(crate) fn map(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.no_keywords_left("map")?;
    if args.positional.len() < 2 {
        return Err(PyException::type_error("map() requires at least two args"));
    }
    let function = args.positional[0].clone();
    let mut columns = Vec::new();
    // With `None` for the function and one sequence, `map` is `list(sequence)`.
    let plain_list = matches!(function, Value::None) && args.positional.len() == 2;
    for (index, value) in args.positional[1..].iter().enumerate() {
        columns.push(interp.collect_values(value).map_err(|error| {
            if plain_list {
                return error;
            }
            PyException::type_error(format!(
                "argument {} to map() must support iteration",
                index + 2
            ))
        })?);
    }
    let len = columns.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = Vec::with_capacity(len);
    for row in 0..len {
        interp.tick()?;
        let mut call_args: Vec<Value> = columns
            .iter()
            .map(|column| column.get(row).cloned().unwrap_or_default())
            .collect();
        let value = if matches!(function, Value::None) {
            if call_args.len() == 1 {
                call_args.remove(0)
            } else {
                Value::tuple(call_args)
            }
        } else {
            interp.call_value(&function, call_args, Vec::new(), interp.call_span)?
        };
        out.push(value);
    }
    Ok(Value::list(out))
}

pub(crate) fn filter(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("filter", 2, 2)?;
    let function = args.positional[0].clone();
    let source = &args.positional[1];
    let mut kept = Vec::new();
    for item in interp.collect_values(source)? {
        interp.tick()?;
        let keep = if matches!(function, Value::None) {
            interp.truthy(&item)?
        } else {
            let result =
                interp.call_value(&function, vec![item.clone()], Vec::new(), interp.call_span)?;
            interp.truthy(&result)?
        };
        if keep {
            kept.push(item);
        }
    }
    Ok(match source {
        Value::Str(_) | Value::Unicode(_) => {
            let text: String = kept.iter().filter_map(Value::as_str).collect();
            super::ops::string_like(source, source, text)
        }
        Value::Tuple(_) => Value::tuple(kept),
        _ => Value::list(kept),
    })
}

pub(crate) fn reduce(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("reduce", 2, 3)?;
    let function = args.positional[0].clone();
    let mut items = interp.collect_values(&args.positional[1])?.into_iter();
    let mut accumulator = match args.positional.get(2) {
        Some(initial) => initial.clone(),
        None => items.next().ok_or_else(|| {
            PyException::type_error("reduce() of empty sequence with no initial value")
        })?,
    };
    for item in items {
        interp.tick()?;
        accumulator = interp.call_value(
            &function,
            vec![accumulator, item],
            Vec::new(),
            interp.call_span,
        )?;
    }
    Ok(accumulator)
}

pub(crate) fn any(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("any", 1, 1)?;
    let mut iterator = interp.iterate(&args.positional[0])?;
    while let Some(item) = interp.next_item(&mut iterator)? {
        if interp.truthy(&item)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

pub(crate) fn all(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("all", 1, 1)?;
    let mut iterator = interp.iterate(&args.positional[0])?;
    while let Some(item) = interp.next_item(&mut iterator)? {
        if !interp.truthy(&item)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

pub(crate) fn ord(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("ord", 1, 1)?;
    let text = args.positional[0].as_str().ok_or_else(|| {
        PyException::type_error(format!(
            "ord() expected string of length 1, but {} found",
            args.positional[0].type_name()
        ))
    })?;
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(ch), None) => Ok(Value::Int(i64::from(u32::from(ch)))),
        _ => Err(PyException::type_error(format!(
            "ord() expected a character, but string of length {} found",
            text.chars().count()
        ))),
    }
}

fn char_code(args: &Args, name: &str) -> PyResult<i64> {
    args.expect(name, 1, 1)?;
    number::as_i64(&args.positional[0])
        .ok_or_else(|| PyException::type_error("an integer is required"))
}

pub(crate) fn chr(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    let code = char_code(&args, "chr")?;
    if !(0..256).contains(&code) {
        return Err(PyException::value_error("chr() arg not in range(256)"));
    }
    Ok(Value::str(char::from(code as u8).to_string()))
}

pub(crate) fn unichr(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    let code = char_code(&args, "unichr")?;
    let ch = u32::try_from(code)
        .ok()
        .and_then(char::from_u32)
        .ok_or_else(|| {
            PyException::value_error("unichr() arg not in range(0x110000) (wide Python build)")
        })?;
    Ok(Value::Unicode(ch.to_string().into()))
}

fn radix_text(args: &Args, name: &str, radix: u32, prefix: &str) -> PyResult<Value> {
    args.expect(name, 1, 1)?;
    let value = &args.positional[0];
    let integer: BigInt = number::as_bigint(value).ok_or_else(|| {
        PyException::type_error(format!(
            "{name}() argument can't be converted to {}",
            if radix == 16 { "hex" } else { "oct" }
        ))
    })?;
    let sign = if integer.is_negative() { "-" } else { "" };
    let digits = integer.abs().to_str_radix(radix);
    let prefix = if radix == 8 && integer.is_zero() {
        ""
    } else {
        prefix
    };
    let suffix = if matches!(value, Value::Long(_)) {
        "L"
    } else {
        ""
    };
    Ok(Value::str(format!("{sign}{prefix}{digits}{suffix}")))
}

pub(crate) fn hex(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    radix_text(&args, "hex", 16, "0x")
}

pub(crate) fn oct(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    radix_text(&args, "oct", 8, "0")
}

pub(crate) fn bin(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("bin", 1, 1)?;
    let integer = number::as_bigint(&args.positional[0])
        .ok_or_else(|| PyException::type_error("an integer is required"))?;
    let sign = if integer.is_negative() { "-" } else { "" };
    Ok(Value::str(format!(
        "{sign}0b{}",
        integer.abs().to_str_radix(2)
    )))
}

pub(crate) fn divmod(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("divmod", 2, 2)?;
    let (a, b) = (&args.positional[0], &args.positional[1]);
    number::divmod(a, b, interp.options.limits.max_int_bits).unwrap_or_else(|| {
        Err(PyException::type_error(format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            a.type_name(),
            b.type_name()
        )))
    })
}

pub(crate) fn pow(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("pow", 2, 3)?;
    let (base, exponent) = (args.positional[0].clone(), args.positional[1].clone());
    let Some(modulus) = args.positional.get(2) else {
        return interp.binary_op(aurora_dsl::ast::BinOp::Pow, base, exponent);
    };
    match (
        number::as_bigint(&base),
        number::as_bigint(&exponent),
        number::as_bigint(modulus),
    ) {
        (Some(base), Some(exponent), Some(modulus)) => {
            if modulus.is_zero() {
                return Err(PyException::value_error("pow() 3rd argument cannot be 0"));
            }
            if exponent.is_negative() {
                return Err(PyException::type_error(
                    "pow() 2nd argument cannot be negative when 3rd argument specified",
                ));
            }
            // A `long` result when an argument is one, or when Python's `int` algorithm
            // overflows on its way (`pow(2 ** 62, 3, 7)` is `1L`).
            let long = args.positional[..3]
                .iter()
                .any(|value| matches!(value, Value::Long(_)))
                || int_pow_overflows(&base, &exponent, &modulus);
            let result = base.modpow(&exponent, &modulus);
            let result = if !result.is_zero() && result.is_negative() != modulus.is_negative() {
                result + &modulus
            } else {
                result
            };
            Ok(number::int_result(result, long))
        }
        _ => Err(PyException::type_error(
            "pow() 3rd argument not allowed unless all arguments are integers",
        )),
    }
}

/// Whether CPython 2.7's `pow(int, int, int)`, squaring and multiplying in machine words
/// and reducing after each step, overflows a word (and so gives a `long`).
fn int_pow_overflows(base: &BigInt, exponent: &BigInt, modulus: &BigInt) -> bool {
    let (Some(mut temp), Some(mut exponent), Some(modulus)) =
        (base.to_i64(), exponent.to_i64(), modulus.to_i64())
    else {
        return true;
    };
    let mut result: i64 = 1;
    while exponent > 0 {
        if exponent & 1 == 1 {
            match result.checked_mul(temp) {
                Some(product) => result = product,
                None => return true,
            }
            if temp == 0 {
                break;
            }
        }
        exponent >>= 1;
        if exponent == 0 {
            break;
        }
        match temp.checked_mul(temp) {
            Some(square) => temp = square,
            None => return true,
        }
        result %= modulus;
        temp %= modulus;
    }
    false
}

pub(crate) fn super_(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("super", 1, 2)?;
    let Value::Class(class) = &args.positional[0] else {
        return Err(PyException::type_error(format!(
            "super() argument 1 must be type, not {}",
            args.positional[0].type_name()
        )));
    };
    let receiver = args.positional.get(1).cloned().unwrap_or_default();
    Ok(Value::Native(Rc::new(Native::Super {
        class: Rc::clone(class),
        receiver,
    })))
}
