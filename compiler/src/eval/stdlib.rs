//! Pure standard-library modules: `math`, `textwrap`, `itertools`, `functools`,
//! `collections`, `string`, `copy`, `json`, `hashlib` (md5).

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use super::call::Args;
use super::errors::{LimitKind, PyException};
use super::interp::Interpreter;
use super::number;
use crate::containers::PyDict;
use crate::value::{
    BuiltinFn, DictObj, Instance, IterState, Namespace, Native, PyResult, SetObj, TypeKind, Value,
};

static MATH: &[BuiltinFn] = &[
    builtin!("ceil", math_ceil),
    builtin!("floor", math_floor),
    builtin!("trunc", math_trunc),
    builtin!("sqrt", math_sqrt),
    builtin!("exp", math_exp),
    builtin!("log", math_log),
    builtin!("log10", math_log10),
    builtin!("pow", math_pow),
    builtin!("fabs", math_fabs),
    builtin!("fmod", math_fmod),
    builtin!("isnan", math_isnan),
    builtin!("isinf", math_isinf),
    builtin!("factorial", math_factorial),
    builtin!("hypot", math_hypot),
    builtin!("copysign", math_copysign),
    builtin!("degrees", math_degrees),
    builtin!("radians", math_radians),
    builtin!("sin", math_sin),
    builtin!("cos", math_cos),
    builtin!("tan", math_tan),
];

static TEXTWRAP: &[BuiltinFn] = &[
    builtin!("dedent", super::textwrap::textwrap_dedent),
    builtin!("wrap", super::textwrap::textwrap_wrap),
    builtin!("fill", super::textwrap::textwrap_fill),
];

static ITERTOOLS: &[BuiltinFn] = &[
    builtin!("chain", itertools_chain),
    builtin!("product", itertools_product),
    builtin!("count", itertools_count),
    builtin!("islice", itertools_islice),
    builtin!("repeat", itertools_repeat),
    builtin!("cycle", itertools_cycle),
    builtin!("izip", super::builtins_more::zip),
    builtin!("imap", super::builtins_more::map),
    builtin!("ifilter", super::builtins_more::filter),
    builtin!("permutations", itertools_permutations),
    builtin!("combinations", itertools_combinations),
    builtin!("groupby", itertools_groupby),
];

/// `itertools.chain.from_iterable`.
pub(crate) static CHAIN_FROM_ITERABLE: BuiltinFn = builtin!("from_iterable", chain_from_iterable);

static FUNCTOOLS: &[BuiltinFn] = &[
    builtin!("reduce", super::builtins_more::reduce),
    builtin!("partial", functools_partial),
];

static COLLECTIONS: &[BuiltinFn] = &[
    builtin!("OrderedDict", collections_ordered_dict),
    builtin!("defaultdict", collections_defaultdict),
    builtin!("Counter", collections_counter),
    builtin!("namedtuple", super::builtins::unsupported_builtin),
    builtin!("deque", super::builtins::unsupported_builtin),
];

static STRING: &[BuiltinFn] = &[
    builtin!("join", string_join),
    builtin!("capwords", string_capwords),
    builtin!("Template", super::template::template_new),
];

static COPY: &[BuiltinFn] = &[
    builtin!("copy", copy_copy),
    builtin!("deepcopy", copy_deepcopy),
];

static JSON: &[BuiltinFn] = &[
    builtin!("loads", super::json::loads),
    builtin!("dumps", super::json::dumps),
    builtin!("load", super::json::load),
];

static HASHLIB: &[BuiltinFn] = &[builtin!("md5", super::hashlib::md5_new)];

fn functions(table: &'static [BuiltinFn]) -> Namespace {
    table
        .iter()
        .map(|function| (Rc::from(function.name), Value::Builtin(function)))
        .collect()
}

/// The attributes of a pure standard module, if it is one.
pub(crate) fn stdlib_module(_: &mut Interpreter, name: &str) -> Option<(&'static str, Namespace)> {
    Some(match name {
        "math" => {
            let mut attrs = functions(MATH);
            attrs.insert("pi".into(), Value::Float(std::f64::consts::PI));
            attrs.insert("e".into(), Value::Float(std::f64::consts::E));
            ("math", attrs)
        }
        "textwrap" => ("textwrap", functions(TEXTWRAP)),
        "itertools" => ("itertools", functions(ITERTOOLS)),
        "functools" => ("functools", functions(FUNCTOOLS)),
        "collections" => ("collections", functions(COLLECTIONS)),
        "copy" => ("copy", functions(COPY)),
        "json" => ("json", functions(JSON)),
        "hashlib" => ("hashlib", functions(HASHLIB)),
        "string" => {
            let mut attrs = functions(STRING);
            let constants = [
                (
                    "ascii_letters",
                    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                ),
                ("ascii_lowercase", "abcdefghijklmnopqrstuvwxyz"),
                ("ascii_uppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                (
                    "letters",
                    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                ),
                ("lowercase", "abcdefghijklmnopqrstuvwxyz"),
                ("uppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                ("digits", "0123456789"),
                ("hexdigits", "0123456789abcdefABCDEF"),
                ("octdigits", "01234567"),
                ("punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
                ("whitespace", " \t\n\r\x0b\x0c"),
            ];
            for (name, text) in constants {
                attrs.insert(name.into(), Value::str(text));
            }
            ("string", attrs)
        }
        _ => return None,
    })
}

fn float_arg(args: &Args, name: &str, index: usize) -> PyResult<f64> {
    let value = args
        .positional
        .get(index)
        .ok_or_else(|| PyException::type_error(format!("{name}() missing argument")))?;
    number::as_f64(value).unwrap_or_else(|| Err(PyException::type_error("a float is required")))
}

fn unary_float(args: Args, name: &str, function: fn(f64) -> f64) -> PyResult<Value> {
    args.expect(name, 1, 1)?;
    let result = function(float_arg(&args, name, 0)?);
    if result.is_nan() && !float_arg(&args, name, 0)?.is_nan() {
        return Err(PyException::value_error("math domain error"));
    }
    Ok(Value::Float(result))
}

// Python 2's `math.ceil` and `math.floor` return floats.
fn math_ceil(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    unary_float(args, "ceil", f64::ceil)
}
fn math_floor(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    unary_float(args, "floor", f64::floor)
}
fn math_trunc(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("trunc", 1, 1)?;
    match &args.positional[0] {
        Value::Float(number) => number::float_to_int(*number),
        other if number::as_i64(other).is_some() || matches!(other, Value::Long(_)) => {
            Ok(other.clone())
        }
        other => Err(PyException::type_error(format!(
            "type {} doesn't define __trunc__ method",
            other.type_name()
        ))),
    }
}
fn math_sqrt(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    unary_float(args, "sqrt", f64::sqrt)
}
fn math_exp(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    unary_float(args, "exp", f64::exp)
}
fn math_log10(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    unary_float(args, "log10", f64::log10)
}
fn math_fabs(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    unary_float(args, "fabs", f64::abs)
}
fn math_degrees(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    unary_float(args, "degrees", f64::to_degrees)
}
fn math_radians(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    unary_float(args, "radians", f64::to_radians)
}
fn math_sin(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    unary_float(args, "sin", f64::sin)
}
fn math_cos(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    unary_float(args, "cos", f64::cos)
}
fn math_tan(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    unary_float(args, "tan", f64::tan)
}
fn math_log(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("log", 1, 2)?;
    let x = float_arg(&args, "log", 0)?;
    if x <= 0.0 {
        return Err(PyException::value_error("math domain error"));
    }
    let result = match args.positional.get(1) {
        Some(_) => x.ln() / float_arg(&args, "log", 1)?.ln(),
        None => x.ln(),
    };
    Ok(Value::Float(result))
}
fn binary_float(args: Args, name: &str, function: fn(f64, f64) -> f64) -> PyResult<Value> {
    args.expect(name, 2, 2)?;
    Ok(Value::Float(function(
        float_arg(&args, name, 0)?,
        float_arg(&args, name, 1)?,
    )))
}
fn math_pow(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    binary_float(args, "pow", f64::powf)
}
fn math_fmod(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    binary_float(args, "fmod", |a, b| a % b)
}
fn math_hypot(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    binary_float(args, "hypot", f64::hypot)
}
fn math_copysign(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    binary_float(args, "copysign", f64::copysign)
}
fn math_isnan(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("isnan", 1, 1)?;
    Ok(Value::Bool(float_arg(&args, "isnan", 0)?.is_nan()))
}
fn math_isinf(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("isinf", 1, 1)?;
    Ok(Value::Bool(float_arg(&args, "isinf", 0)?.is_infinite()))
}
fn math_factorial(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("factorial", 1, 1)?;
    let n = number::as_i64(&args.positional[0])
        .ok_or_else(|| PyException::value_error("factorial() only accepts integral values"))?;
    if n < 0 {
        return Err(PyException::value_error(
            "factorial() not defined for negative values",
        ));
    }
    let mut result = Value::Int(1);
    for factor in 2..=n {
        interp.tick()?;
        result = interp.binary_op(aurora_dsl::ast::BinOp::Mul, result, Value::Int(factor))?;
    }
    Ok(result)
}

fn new_iter(state: IterState) -> Value {
    Value::Iter(Rc::new(RefCell::new(state)))
}

fn itertools_chain(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.no_keywords_left("chain")?;
    let mut iterators = VecDeque::new();
    for value in &args.positional {
        iterators.push_back(interp.make_iter(value)?);
    }
    Ok(new_iter(IterState::Chain(iterators)))
}

fn chain_from_iterable(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("from_iterable", 1, 1)?;
    let mut iterators = VecDeque::new();
    for value in interp.collect_values(&args.positional[0])? {
        iterators.push_back(interp.make_iter(&value)?);
    }
    Ok(new_iter(IterState::Chain(iterators)))
}

fn itertools_product(interp: &mut Interpreter, mut args: Args) -> PyResult<Value> {
    let repeat = args.take_keyword("repeat");
    args.no_keywords_left("product")?;
    let repeat = match repeat {
        Some(value) => number::as_i64(&value).unwrap_or(1).max(0) as usize,
        None => 1,
    };
    let mut pools = Vec::new();
    for value in &args.positional {
        pools.push(interp.collect_values(value)?);
    }
    let pools: Vec<Vec<Value>> = (0..repeat).flat_map(|_| pools.iter().cloned()).collect();
    let mut rows: Vec<Vec<Value>> = vec![Vec::new()];
    for pool in &pools {
        let size = rows.len().saturating_mul(pool.len());
        interp.alloc_items(size)?;
        let mut next = Vec::with_capacity(size);
        for row in &rows {
            for item in pool {
                let mut extended = row.clone();
                extended.push(item.clone());
                next.push(extended);
            }
        }
        rows = next;
    }
    Ok(Value::iter_of(rows.into_iter().map(Value::tuple).collect()))
}

fn itertools_count(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("count", 0, 2)?;
    let start = args.positional.first().cloned().unwrap_or(Value::Int(0));
    let step = args.positional.get(1).cloned().unwrap_or(Value::Int(1));
    Ok(new_iter(IterState::Count(start, step)))
}

fn itertools_islice(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("islice", 2, 4)?;
    let bound = |value: Option<&Value>| -> PyResult<Option<u64>> {
        match value {
            None | Some(Value::None) => Ok(None),
            Some(value) => match number::as_i64(value) {
                Some(number) if number >= 0 => Ok(Some(number as u64)),
                _ => Err(PyException::value_error(
                    "Indices for islice() must be None or an integer: 0 <= x <= maxint.",
                )),
            },
        }
    };
    let (start, stop, step) = match args.positional.len() {
        2 => (0, bound(args.positional.get(1))?, 1),
        _ => (
            bound(args.positional.get(1))?.unwrap_or(0),
            bound(args.positional.get(2))?,
            bound(args.positional.get(3))?.unwrap_or(1).max(1),
        ),
    };
    let inner = interp.make_iter(&args.positional[0])?;
    Ok(new_iter(IterState::Islice {
        inner,
        next: start,
        position: 0,
        stop,
        step,
    }))
}

fn itertools_repeat(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("repeat", 1, 2)?;
    let times = args
        .positional
        .get(1)
        .map(|times| number::as_i64(times).unwrap_or(0).max(0) as u64);
    Ok(new_iter(IterState::Repeat(
        args.positional[0].clone(),
        times,
    )))
}

fn itertools_cycle(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("cycle", 1, 1)?;
    let saved = interp.collect_values(&args.positional[0])?;
    Ok(new_iter(IterState::Cycle(saved, 0)))
}

fn pick(interp: &mut Interpreter, args: &Args, name: &str) -> PyResult<(Vec<Value>, usize)> {
    args.expect(name, 1, 2)?;
    let pool = interp.collect_values(&args.positional[0])?;
    let size = match args.positional.get(1) {
        Some(Value::None) | None if name == "permutations" => pool.len(),
        Some(value) => number::as_i64(value)
            .ok_or_else(|| PyException::type_error("an integer is required"))?
            .max(0) as usize,
        None => {
            return Err(PyException::type_error(
                "combinations() missing argument 'r'",
            ))
        }
    };
    Ok((pool, size))
}

fn itertools_permutations(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    let (pool, size) = pick(interp, &args, "permutations")?;
    let mut out = Vec::new();
    let mut current = Vec::new();
    let mut used = vec![false; pool.len()];
    permute(interp, &pool, size, &mut current, &mut used, &mut out)?;
    Ok(Value::iter_of(out))
}

fn permute(
    interp: &mut Interpreter,
    pool: &[Value],
    size: usize,
    current: &mut Vec<usize>,
    used: &mut [bool],
    out: &mut Vec<Value>,
) -> PyResult<()> {
    if current.len() == size {
        out.push(Value::tuple(
            current.iter().map(|&i| pool[i].clone()).collect(),
        ));
        return interp.grow_items(out.len(), 1);
    }
    for index in 0..pool.len() {
        if !used[index] {
            used[index] = true;
            current.push(index);
            permute(interp, pool, size, current, used, out)?;
            current.pop();
            used[index] = false;
        }
    }
    Ok(())
}

fn itertools_combinations(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    let (pool, size) = pick(interp, &args, "combinations")?;
    let mut out = Vec::new();
    if size <= pool.len() {
        let mut indices: Vec<usize> = (0..size).collect();
        loop {
            out.push(Value::tuple(
                indices.iter().map(|&i| pool[i].clone()).collect(),
            ));
            interp.grow_items(out.len(), 1)?;
            let Some(position) = (0..size)
                .rev()
                .find(|&i| indices[i] != i + pool.len() - size)
            else {
                break;
            };
            indices[position] += 1;
            for next in position + 1..size {
                indices[next] = indices[next - 1] + 1;
            }
        }
    }
    Ok(Value::iter_of(out))
}

fn itertools_groupby(interp: &mut Interpreter, mut args: Args) -> PyResult<Value> {
    let key = args.take_keyword("key");
    args.expect("groupby", 1, 2)?;
    let key = key.or_else(|| args.positional.get(1).cloned());
    let mut groups: Vec<(Value, Vec<Value>)> = Vec::new();
    for item in interp.collect_values(&args.positional[0])? {
        let rank = match &key {
            Some(key) if !matches!(key, Value::None) => {
                interp.call_value(key, vec![item.clone()], Vec::new(), interp.call_span)?
            }
            _ => item.clone(),
        };
        let same = match groups.last() {
            Some((last, _)) => interp.equals(last, &rank)?,
            None => false,
        };
        match groups.last_mut() {
            Some((_, members)) if same => members.push(item),
            _ => groups.push((rank, vec![item])),
        }
    }
    Ok(Value::iter_of(
        groups
            .into_iter()
            .map(|(rank, members)| Value::tuple(vec![rank, Value::iter_of(members)]))
            .collect(),
    ))
}

fn functools_partial(_: &mut Interpreter, args: Args) -> PyResult<Value> {
    let mut positional = args.positional.into_iter();
    let func = positional
        .next()
        .ok_or_else(|| PyException::type_error("type 'partial' takes at least one argument"))?;
    Ok(Value::Native(Rc::new(Native::Partial {
        func,
        args: positional.collect(),
        kwargs: args.keywords,
    })))
}

fn collections_ordered_dict(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    interp.build_ordered_dict(args)
}

fn collections_defaultdict(interp: &mut Interpreter, mut args: Args) -> PyResult<Value> {
    let factory = if args.positional.is_empty() {
        None
    } else {
        Some(args.positional.remove(0))
    };
    let factory = factory.filter(|factory| !matches!(factory, Value::None));
    interp.build_dict(args, factory)
}

fn collections_counter(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("Counter", 0, 1)?;
    let mut map = PyDict::new();
    if let Some(source) = args.positional.first() {
        for item in interp.collect_values(source)? {
            let key = interp.key(item)?;
            let count = map.get(&key).and_then(number::as_i64).unwrap_or(0);
            map.insert(key, Value::Int(count + 1));
        }
    }
    Ok(Value::Dict(Rc::new(DictObj {
        map: RefCell::new(map),
        default_factory: Some(Value::Type(TypeKind::Int)),
        class: None,
    })))
}

fn string_join(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("join", 1, 2)?;
    let separator = args.positional.get(1).cloned().unwrap_or(Value::str(" "));
    interp.call_method(
        separator,
        "join",
        vec![args.positional[0].clone()],
        Vec::new(),
        interp.call_span,
    )
}

fn string_capwords(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("capwords", 1, 1)?;
    let words = interp.call_method(
        args.positional[0].clone(),
        "split",
        Vec::new(),
        Vec::new(),
        interp.call_span,
    )?;
    let mut capitalized = Vec::new();
    for word in interp.collect_values(&words)? {
        capitalized.push(interp.call_method(
            word,
            "capitalize",
            Vec::new(),
            Vec::new(),
            interp.call_span,
        )?);
    }
    interp.call_method(
        Value::str(" "),
        "join",
        vec![Value::list(capitalized)],
        Vec::new(),
        interp.call_span,
    )
}

fn copy_copy(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("copy", 1, 1)?;
    shallow_copy(interp, &args.positional[0])
}

fn shallow_copy(interp: &mut Interpreter, value: &Value) -> PyResult<Value> {
    Ok(match value {
        Value::List(list) => Value::list(list.items.borrow().clone()),
        Value::Dict(dict) => Value::Dict(Rc::new(DictObj {
            map: RefCell::new(dict.map.borrow().copy()),
            default_factory: dict.default_factory.clone(),
            class: None,
        })),
        Value::Set(set) => Value::Set(Rc::new(SetObj {
            items: RefCell::new(set.items.borrow().copy()),
        })),
        Value::Instance(instance) => {
            let dict = instance.dict.borrow().clone();
            interp.alloc_items(dict.len())?;
            Value::Instance(Rc::new(Instance {
                class: Rc::clone(&instance.class),
                dict: RefCell::new(dict),
            }))
        }
        other => other.clone(),
    })
}

fn copy_deepcopy(interp: &mut Interpreter, args: Args) -> PyResult<Value> {
    args.expect("deepcopy", 1, 2)?;
    let mut memo = HashMap::new();
    deep_copy(interp, &args.positional[0], &mut memo, 0)
}

fn deep_copy(
    interp: &mut Interpreter,
    value: &Value,
    memo: &mut HashMap<usize, Value>,
    depth: usize,
) -> PyResult<Value> {
    if depth > super::compare::MAX_DATA_DEPTH || interp.check_expression_depth().is_err() {
        return Err(PyException::limit(
            LimitKind::Recursion,
            "maximum recursion depth exceeded in deepcopy",
        ));
    }
    let id = super::compare::identity(value);
    if let Some(copied) = id.and_then(|id| memo.get(&id)) {
        return Ok(copied.clone());
    }
    interp.tick()?;
    let copied = match value {
        Value::List(list) => {
            let copy = Value::list(Vec::new());
            if let (Some(id), Value::List(target)) = (id, &copy) {
                memo.insert(id, copy.clone());
                let items = list.items.borrow().clone();
                let mut copied_items = Vec::with_capacity(items.len());
                for item in &items {
                    copied_items.push(deep_copy(interp, item, memo, depth + 1)?);
                }
                *target.items.borrow_mut() = copied_items;
            }
            return Ok(copy);
        }
        Value::Tuple(tuple) => {
            let mut items = Vec::with_capacity(tuple.items.len());
            for item in &tuple.items {
                items.push(deep_copy(interp, item, memo, depth + 1)?);
            }
            Value::tuple(items)
        }
        Value::Dict(dict) => {
            let items: Vec<(crate::value::Key, Value)> = dict
                .map
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let mut map = if dict.map.borrow().is_ordered() {
                PyDict::new_ordered()
            } else {
                PyDict::new()
            };
            for (key, item) in items {
                let key = deep_copy(interp, key.value(), memo, depth + 1)?;
                map.insert(interp.key(key)?, deep_copy(interp, &item, memo, depth + 1)?);
            }
            Value::Dict(Rc::new(DictObj {
                map: RefCell::new(map),
                default_factory: dict.default_factory.clone(),
                class: None,
            }))
        }
        Value::Set(_) => shallow_copy(interp, value)?,
        Value::Instance(instance) => {
            let items: Vec<(Rc<str>, Value)> = instance
                .dict
                .borrow()
                .iter()
                .map(|(k, v)| (Rc::clone(k), v.clone()))
                .collect();
            let mut dict = Namespace::default();
            for (name, item) in items {
                dict.insert(name, deep_copy(interp, &item, memo, depth + 1)?);
            }
            Value::Instance(Rc::new(Instance {
                class: Rc::clone(&instance.class),
                dict: RefCell::new(dict),
            }))
        }
        other => other.clone(),
    };
    if let Some(id) = id {
        memo.insert(id, copied.clone());
    }
    Ok(copied)
}
