//! Expressions.

use std::cell::RefCell;
use std::rc::Rc;

use aurora_dsl::ast::{
    BoolOp, CmpOp, Comprehension, DictItem, Expr, ExprKind, IntValue, StrKind, UnaryOp,
};
use num_bigint::BigInt;

use super::errors::{ExcType, PyException};
use super::interp::{Interpreter, Scope};
use super::scope::{analyze_comprehension, FnCode};
use super::stmt::unsupported;
use crate::containers::{PyDict, PySet};
use crate::value::{DictObj, Frame, PyResult, SetObj, Value};

/// `lower:upper:step` of a subscript, evaluated.
pub(crate) struct SliceBounds {
    pub lower: Option<Value>,
    pub upper: Option<Value>,
    pub step: Option<Value>,
}

impl Interpreter<'_> {
    /// Evaluates an expression.
    pub(crate) fn eval(&mut self, expr: &Expr, scope: &Scope) -> PyResult<Value> {
        self.tick()?;
        self.check_expression_depth()?;
        self.eval_kind(expr, scope).map_err(|e| e.at(expr.span))
    }

    /// The common, cheap cases; the rest lives in `eval_other` so that the frames of
    /// this function, which recursion stacks up, stay small.
    fn eval_kind(&mut self, expr: &Expr, scope: &Scope) -> PyResult<Value> {
        match &expr.kind {
            ExprKind::Name(name) => self.load_name(name, scope),
            ExprKind::Call { func, args } => self.eval_call(func, args, expr.span, scope),
            ExprKind::Attribute { value, attr } => {
                let object = self.eval(value, scope)?;
                self.get_attr(&object, &attr.name)
            }
            ExprKind::Binary { left, op, right } => {
                let left = self.eval(left, scope)?;
                let right = self.eval(right, scope)?;
                self.binary_op(*op, left, right)
            }
            _ => self.eval_other(expr, scope),
        }
    }

    #[inline(never)]
    fn eval_other(&mut self, expr: &Expr, scope: &Scope) -> PyResult<Value> {
        Ok(match &expr.kind {
            ExprKind::Name(name) => return self.load_name(name, scope),
            ExprKind::Int(IntValue::Small(value)) => match i64::try_from(*value) {
                Ok(value) => Value::Int(value),
                Err(_) => Value::from_bigint(BigInt::from(*value)),
            },
            ExprKind::Int(IntValue::Big(digits)) => match digits.parse::<BigInt>() {
                Ok(value) => Value::from_bigint(value),
                Err(_) => return Err(PyException::value_error("invalid integer literal")),
            },
            ExprKind::Int(IntValue::Long(digits)) => match digits.parse::<BigInt>() {
                Ok(value) => Value::Long(std::rc::Rc::new(value)),
                Err(_) => return Err(PyException::value_error("invalid integer literal")),
            },
            ExprKind::Float(value) => Value::Float(*value),
            ExprKind::Imaginary(_) => {
                return Err(super::stmt::unsupported("complex numbers are", expr.span))
            }
            ExprKind::Repr(value) => {
                let value = self.eval(value, scope)?;
                Value::str(self.repr_value(&value)?)
            }
            // Literals are bounded by the size of the source: no accounting needed.
            ExprKind::Str(literal) => match literal.kind {
                StrKind::Unicode => Value::Unicode(literal.value.as_str().into()),
                StrKind::Str | StrKind::Bytes => Value::Str(literal.value.as_str().into()),
            },
            ExprKind::Bool(value) => Value::Bool(*value),
            ExprKind::None => Value::None,
            ExprKind::Ellipsis => Value::Ellipsis,
            ExprKind::List(items) => Value::list(self.eval_items(items, scope)?),
            ExprKind::Tuple(items) => Value::tuple(self.eval_items(items, scope)?),
            ExprKind::Set(items) => return self.eval_set(items, scope),
            ExprKind::Dict(items) => self.eval_dict(items, scope)?,
            ExprKind::Starred(_) => {
                return Err(PyException::new(
                    ExcType::SyntaxError,
                    "can't use starred expression here",
                ))
            }
            ExprKind::ListComp {
                element,
                generators,
            } => return self.eval_list_comp(element, generators, scope),
            ExprKind::Generator {
                element,
                generators,
            } => return self.eval_generator(expr, element, generators, scope),
            ExprKind::SetComp {
                element,
                generators,
            } => return self.eval_set_comp(expr, element, generators, scope),
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => return self.eval_dict_comp(expr, key, value, generators, scope),
            ExprKind::Attribute { value, attr } => {
                let object = self.eval(value, scope)?;
                return self.get_attr(&object, &attr.name);
            }
            ExprKind::Subscript { value, index } => {
                let object = self.eval(value, scope)?;
                if let ExprKind::Slice { lower, upper, step } = &index.kind {
                    let bounds = self.eval_slice_bounds(lower, upper, step, scope)?;
                    return self.get_slice(&object, bounds);
                }
                let key = self.eval(index, scope)?;
                let saved = std::mem::replace(&mut self.call_span, expr.span);
                let result = self.get_item(&object, &key);
                self.call_span = saved;
                return result;
            }
            ExprKind::Slice { .. } => {
                return Err(PyException::new(ExcType::SyntaxError, "invalid syntax"))
            }
            ExprKind::Call { func, args } => return self.eval_call(func, args, expr.span, scope),
            ExprKind::Unary { op, operand } => {
                // Python 2.7 reads `-9223372036854775808` as one literal: the smallest
                // `int`, not the negation of a `long`.
                if let (UnaryOp::Neg, ExprKind::Int(IntValue::Small(value))) = (op, &operand.kind) {
                    if *value == i64::MIN.unsigned_abs() {
                        return Ok(Value::Int(i64::MIN));
                    }
                }
                let value = self.eval(operand, scope)?;
                return self.unary_op(*op, value);
            }
            ExprKind::Binary { left, op, right } => {
                let left = self.eval(left, scope)?;
                let right = self.eval(right, scope)?;
                return self.binary_op(*op, left, right);
            }
            ExprKind::BoolOp { op, values } => {
                let mut result = Value::None;
                for (index, value) in values.iter().enumerate() {
                    result = self.eval(value, scope)?;
                    if index + 1 == values.len() {
                        break;
                    }
                    let truth = self.truthy(&result)?;
                    match op {
                        BoolOp::And if !truth => break,
                        BoolOp::Or if truth => break,
                        _ => {}
                    }
                }
                result
            }
            ExprKind::Compare { left, comparisons } => {
                return self.eval_compare(expr, left, comparisons, scope)
            }
            ExprKind::IfElse { test, body, orelse } => {
                let test = self.eval(test, scope)?;
                if self.truthy(&test)? {
                    return self.eval(body, scope);
                }
                return self.eval(orelse, scope);
            }
            ExprKind::Lambda { params, body } => {
                return self.make_lambda(expr, params, body, scope)
            }
            ExprKind::Yield(_) | ExprKind::YieldFrom(_) => {
                return Err(unsupported("`yield` (generators) is", expr.span)
                    .with_help("build and return a list instead"))
            }
            ExprKind::Await(_) => return Err(unsupported("`await` is", expr.span)),
            ExprKind::Error => {
                return Err(PyException::new(ExcType::SyntaxError, "invalid syntax"))
            }
        })
    }

    #[inline(never)]
    fn eval_list_comp(
        &mut self,
        element: &Expr,
        generators: &[Comprehension],
        scope: &Scope,
    ) -> PyResult<Value> {
        // Python 2: the loop variables live in the enclosing scope.
        let mut out = Vec::new();
        self.comprehension(generators, 0, scope, &mut |this, scope| {
            let value = this.eval(element, scope)?;
            out.push(value);
            this.grow_items(out.len(), 1)
        })?;
        Ok(Value::list(out))
    }

    #[inline(never)]
    fn eval_generator(
        &mut self,
        node: &Expr,
        element: &Expr,
        generators: &[Comprehension],
        scope: &Scope,
    ) -> PyResult<Value> {
        let mut out = Vec::new();
        self.own_scope_comprehension(node, generators, &[element], scope, &mut |this, scope| {
            let value = this.eval(element, scope)?;
            out.push(value);
            this.grow_items(out.len(), 1)
        })?;
        Ok(Value::iter_of(out))
    }

    #[inline(never)]
    fn eval_set_comp(
        &mut self,
        node: &Expr,
        element: &Expr,
        generators: &[Comprehension],
        scope: &Scope,
    ) -> PyResult<Value> {
        let mut set = PySet::new();
        self.own_scope_comprehension(node, generators, &[element], scope, &mut |this, scope| {
            let value = this.eval(element, scope)?;
            set.insert(this.key(value)?);
            this.grow_items(set.len(), 1)
        })?;
        Ok(Value::Set(Rc::new(SetObj {
            items: RefCell::new(set),
        })))
    }

    #[inline(never)]
    fn eval_dict_comp(
        &mut self,
        node: &Expr,
        key: &Expr,
        value: &Expr,
        generators: &[Comprehension],
        scope: &Scope,
    ) -> PyResult<Value> {
        let mut map = PyDict::new();
        self.own_scope_comprehension(
            node,
            generators,
            &[key, value],
            scope,
            &mut |this, scope| {
                let k = this.eval(key, scope)?;
                let v = this.eval(value, scope)?;
                map.insert(this.key(k)?, v);
                this.grow_items(map.len(), 1)
            },
        )?;
        Ok(Value::dict(map))
    }

    #[inline(never)]
    fn eval_set(&mut self, items: &[Expr], scope: &Scope) -> PyResult<Value> {
        let items = self.eval_items(items, scope)?;
        let mut set = PySet::new();
        for item in items {
            set.insert(self.key(item)?);
        }
        Ok(Value::Set(Rc::new(SetObj {
            items: RefCell::new(set),
        })))
    }

    #[inline(never)]
    fn eval_compare(
        &mut self,
        expr: &Expr,
        left: &Expr,
        comparisons: &[(CmpOp, Expr)],
        scope: &Scope,
    ) -> PyResult<Value> {
        let mut left = self.eval(left, scope)?;
        for (op, right) in comparisons {
            let right_value = self.eval(right, scope)?;
            let saved = std::mem::replace(&mut self.call_span, expr.span);
            let holds = self.compare_op(*op, &left, &right_value);
            self.call_span = saved;
            if !holds? {
                return Ok(Value::Bool(false));
            }
            left = right_value;
        }
        Ok(Value::Bool(true))
    }

    /// Evaluates display items, expanding `*iterable`.
    pub(crate) fn eval_items(&mut self, items: &[Expr], scope: &Scope) -> PyResult<Vec<Value>> {
        let mut values = Vec::with_capacity(items.len());
        for item in items {
            if let ExprKind::Starred(inner) = &item.kind {
                let value = self.eval(inner, scope)?;
                let expanded = self.collect_values(&value).map_err(|e| e.at(inner.span))?;
                values.extend(expanded);
            } else {
                values.push(self.eval(item, scope)?);
            }
        }
        self.alloc_items(values.len())?;
        Ok(values)
    }

    #[inline(never)]
    fn eval_dict(&mut self, items: &[DictItem], scope: &Scope) -> PyResult<Value> {
        // `BUILD_MAP n` presizes for the pairs; each pair evaluates its value first.
        let pairs = items
            .iter()
            .filter(|item| matches!(item, DictItem::Pair { .. }))
            .count();
        let mut map = PyDict::presized(pairs);
        for item in items {
            match item {
                DictItem::Pair { key, value } => {
                    let value = self.eval(value, scope)?;
                    let key_value = self.eval(key, scope)?;
                    let key_value = self.key(key_value).map_err(|e| e.at(key.span))?;
                    map.insert(key_value, value);
                }
                DictItem::Splat(mapping) => {
                    let value = self.eval(mapping, scope)?;
                    for (key, value) in
                        self.mapping_items(&value).map_err(|e| e.at(mapping.span))?
                    {
                        map.insert(key, value);
                    }
                }
            }
        }
        self.alloc_items(map.len())?;
        Ok(Value::Dict(Rc::new(DictObj {
            map: RefCell::new(map),
            default_factory: None,
            class: None,
        })))
    }

    pub(crate) fn eval_slice_bounds(
        &mut self,
        lower: &Option<Box<Expr>>,
        upper: &Option<Box<Expr>>,
        step: &Option<Box<Expr>>,
        scope: &Scope,
    ) -> PyResult<SliceBounds> {
        let part = |this: &mut Self, expr: &Option<Box<Expr>>| -> PyResult<Option<Value>> {
            match expr {
                Some(expr) => match this.eval(expr, scope)? {
                    Value::None => Ok(None),
                    value => Ok(Some(value)),
                },
                None => Ok(None),
            }
        };
        Ok(SliceBounds {
            lower: part(self, lower)?,
            upper: part(self, upper)?,
            step: part(self, step)?,
        })
    }

    /// Runs the loops of a comprehension, calling `emit` for every element.
    fn comprehension(
        &mut self,
        generators: &[Comprehension],
        index: usize,
        scope: &Scope,
        emit: &mut dyn FnMut(&mut Self, &Scope) -> PyResult<()>,
    ) -> PyResult<()> {
        let Some(generator) = generators.get(index) else {
            return emit(self, scope);
        };
        if generator.is_async {
            return Err(unsupported("`async for` is", generator.target.span));
        }
        let iterable = self.eval(&generator.iter, scope)?;
        self.comprehension_loop(generators, index, iterable, scope, emit)
    }

    fn comprehension_loop(
        &mut self,
        generators: &[Comprehension],
        index: usize,
        iterable: Value,
        scope: &Scope,
        emit: &mut dyn FnMut(&mut Self, &Scope) -> PyResult<()>,
    ) -> PyResult<()> {
        let generator = &generators[index];
        let mut iterator = self
            .iterate(&iterable)
            .map_err(|e| e.at(generator.iter.span))?;
        'items: while let Some(item) = self.next_item(&mut iterator)? {
            self.tick()?;
            self.assign(&generator.target, item, scope)?;
            for test in &generator.ifs {
                let value = self.eval(test, scope)?;
                if !self.truthy(&value)? {
                    continue 'items;
                }
            }
            self.comprehension(generators, index + 1, scope, emit)?;
        }
        Ok(())
    }

    /// A generator expression or set/dict comprehension: its variables get a frame of
    /// their own; the first iterable is evaluated outside it.
    fn own_scope_comprehension(
        &mut self,
        node: &Expr,
        generators: &[Comprehension],
        elements: &[&Expr],
        scope: &Scope,
        emit: &mut dyn FnMut(&mut Self, &Scope) -> PyResult<()>,
    ) -> PyResult<()> {
        let Some(first) = generators.first() else {
            return Ok(());
        };
        let iterable = self.eval(&first.iter, scope)?;
        let code = self.comprehension_code(node, generators, elements);
        let frame = Rc::new(Frame {
            locals: RefCell::new(vec![None; code.slot_names.len()]),
            code,
            parent: scope.frame.cloned(),
        });
        let inner = Scope {
            globals: scope.globals,
            frame: Some(&frame),
            class_ns: None,
        };
        self.comprehension_loop(generators, 0, iterable, &inner, emit)
    }

    fn comprehension_code(
        &mut self,
        node: &Expr,
        generators: &[Comprehension],
        elements: &[&Expr],
    ) -> Rc<FnCode> {
        let address = node as *const Expr as usize;
        if let Some(code) = self.code_cache.get(&address) {
            return Rc::clone(code);
        }
        let code = Rc::new(analyze_comprehension(generators, elements));
        self.code_cache.insert(address, Rc::clone(&code));
        code
    }

    /// Python's truth value.
    pub(crate) fn truthy(&mut self, value: &Value) -> PyResult<bool> {
        Ok(match value {
            Value::None => false,
            Value::Bool(value) => *value,
            Value::Int(value) => *value != 0,
            Value::Long(value) => **value != BigInt::from(0),
            Value::Float(value) => *value != 0.0,
            Value::Str(text) | Value::Unicode(text) => !text.is_empty(),
            Value::List(list) => !list.items.borrow().is_empty(),
            Value::Tuple(tuple) => !tuple.items.is_empty(),
            Value::Dict(dict) => !dict.map.borrow().is_empty(),
            Value::Set(set) | Value::FrozenSet(set) => !set.items.borrow().is_empty(),
            Value::XRange(range) => !range.is_empty(),
            Value::Foreign(foreign) => foreign.truthy(),
            Value::Instance(instance) => {
                for name in ["__nonzero__", "__bool__", "__len__"] {
                    if instance.class.lookup(name).is_some() {
                        let result = self.call_method(
                            value.clone(),
                            name,
                            Vec::new(),
                            Vec::new(),
                            self.call_span,
                        )?;
                        return match result {
                            Value::Bool(value) => Ok(value),
                            Value::Int(value) => Ok(value != 0),
                            other => Err(PyException::type_error(format!(
                                "{name} should return bool or int, returned {}",
                                other.type_name()
                            ))),
                        };
                    }
                }
                true
            }
            _ => true,
        })
    }

    fn unary_op(&mut self, op: UnaryOp, value: Value) -> PyResult<Value> {
        match op {
            UnaryOp::Not => Ok(Value::Bool(!self.truthy(&value)?)),
            UnaryOp::Neg => super::number::negate(&value)
                .unwrap_or_else(|| self.unary_dunder(&value, "__neg__", "-")),
            UnaryOp::Pos => match value {
                Value::Bool(flag) => Ok(Value::Int(i64::from(flag))),
                Value::Int(_) | Value::Long(_) | Value::Float(_) => Ok(value),
                _ => self.unary_dunder(&value, "__pos__", "+"),
            },
            UnaryOp::Invert => super::number::invert(&value)
                .unwrap_or_else(|| self.unary_dunder(&value, "__invert__", "~")),
        }
    }

    fn unary_dunder(&mut self, value: &Value, method: &str, symbol: &str) -> PyResult<Value> {
        if let Value::Instance(instance) = value {
            if instance.class.lookup(method).is_some() {
                return self.call_method(
                    value.clone(),
                    method,
                    Vec::new(),
                    Vec::new(),
                    self.call_span,
                );
            }
        }
        Err(PyException::type_error(format!(
            "bad operand type for unary {symbol}: '{}'",
            value.type_name()
        )))
    }

    /// One comparison of a chain.
    pub(crate) fn compare_op(&mut self, op: CmpOp, left: &Value, right: &Value) -> PyResult<bool> {
        use std::cmp::Ordering;
        Ok(match op {
            CmpOp::Eq => self.equals(left, right)?,
            CmpOp::NotEq => !self.equals(left, right)?,
            CmpOp::Lt => self.compare(left, right)? == Ordering::Less,
            CmpOp::LtE => self.compare(left, right)? != Ordering::Greater,
            CmpOp::Gt => self.compare(left, right)? == Ordering::Greater,
            CmpOp::GtE => self.compare(left, right)? != Ordering::Less,
            CmpOp::Is => super::compare::is_same(left, right),
            CmpOp::IsNot => !super::compare::is_same(left, right),
            CmpOp::In => self.contains(right, left)?,
            CmpOp::NotIn => !self.contains(right, left)?,
        })
    }
}
