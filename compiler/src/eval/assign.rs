//! Names (loading, storing, deleting) and assignment targets.

use std::rc::Rc;

use aurora_dsl::ast::{BinOp, Expr, ExprKind};

use super::errors::{closest_name, ExcType, PyException};
use super::interp::{Interpreter, Scope};
use crate::value::{Frame, PyResult, Value};

impl Interpreter<'_> {
    /// The value of a name, following Python's scoping rules.
    pub(crate) fn load_name(&mut self, name: &str, scope: &Scope) -> PyResult<Value> {
        if let Some(class_ns) = scope.class_ns {
            if let Some(value) = class_ns.borrow().get(name) {
                return Ok(value.clone());
            }
            return self.load_free(name, scope.frame, scope);
        }
        if let Some(frame) = scope.frame {
            if let Some(slot) = frame.code.slot(name) {
                return match &frame.locals.borrow()[slot] {
                    Some(value) => Ok(value.clone()),
                    None => Err(PyException::new(
                        ExcType::UnboundLocalError,
                        format!("local variable '{name}' referenced before assignment"),
                    )),
                };
            }
            if frame.code.is_declared_global(name) {
                return self.load_global(name, scope);
            }
            return self.load_free(name, frame.parent.as_ref(), scope);
        }
        self.load_global(name, scope)
    }

    /// A name not local to the running code: enclosing functions, then globals.
    fn load_free(
        &mut self,
        name: &str,
        mut frame: Option<&Rc<Frame>>,
        scope: &Scope,
    ) -> PyResult<Value> {
        while let Some(current) = frame {
            if let Some(slot) = current.code.slot(name) {
                return match &current.locals.borrow()[slot] {
                    Some(value) => Ok(value.clone()),
                    None => Err(PyException::new(
                        ExcType::NameError,
                        format!(
                            "free variable '{name}' referenced before assignment in enclosing scope"
                        ),
                    )),
                };
            }
            if current.code.is_declared_global(name) {
                break;
            }
            frame = current.parent.as_ref();
        }
        self.load_global(name, scope)
    }

    fn load_global(&mut self, name: &str, scope: &Scope) -> PyResult<Value> {
        if let Some(value) = scope.globals.borrow().get(name) {
            return Ok(value.clone());
        }
        if let Some(value) = self.builtins.get(name) {
            return Ok(value.clone());
        }
        Err(self.name_error(name, scope))
    }

    fn name_error(&self, name: &str, scope: &Scope) -> Box<PyException> {
        let mut candidates: Vec<Rc<str>> = Vec::new();
        let mut frame = scope.frame;
        while let Some(current) = frame {
            candidates.extend(current.code.slot_names.iter().cloned());
            frame = current.parent.as_ref();
        }
        if let Some(class_ns) = scope.class_ns {
            candidates.extend(class_ns.borrow().keys().cloned());
        }
        candidates.extend(scope.globals.borrow().keys().cloned());
        candidates.extend(self.builtins.keys().cloned());
        let error = PyException::new(ExcType::NameError, format!("name '{name}' is not defined"));
        match closest_name(name, candidates.iter().map(|name| &**name)) {
            Some(close) => error.with_help(format!("did you mean `{close}`?")),
            None => error,
        }
    }

    /// Binds a name in the running scope.
    pub(crate) fn store_name(&mut self, name: &str, value: Value, scope: &Scope) {
        if let Some(class_ns) = scope.class_ns {
            insert_name(&mut class_ns.borrow_mut(), name, value);
            return;
        }
        if let Some(frame) = scope.frame {
            if let Some(slot) = frame.code.slot(name) {
                let old = frame.locals.borrow_mut()[slot].replace(value);
                drop(old);
                return;
            }
        }
        insert_name(&mut scope.globals.borrow_mut(), name, value);
    }

    /// Assigns `value` to a target (`x`, `a, b`, `obj.attr`, `obj[key]`, `obj[1:2]`).
    pub(crate) fn assign(&mut self, target: &Expr, value: Value, scope: &Scope) -> PyResult<()> {
        match &target.kind {
            ExprKind::Name(name) => {
                self.store_name(name, value, scope);
                Ok(())
            }
            ExprKind::Tuple(targets) | ExprKind::List(targets) => self
                .assign_unpacked(targets, value)
                .map_err(|e| e.at(target.span))
                .and_then(|values| {
                    for (target, value) in targets.iter().zip(values) {
                        match &target.kind {
                            ExprKind::Starred(inner) => self.assign(inner, value, scope)?,
                            _ => self.assign(target, value, scope)?,
                        }
                    }
                    Ok(())
                }),
            ExprKind::Attribute {
                value: object,
                attr,
            } => {
                let object = self.eval(object, scope)?;
                self.set_attr(&object, &attr.name, value)
                    .map_err(|e| e.at(target.span))
            }
            ExprKind::Subscript {
                value: object,
                index,
            } => {
                let object = self.eval(object, scope)?;
                if let ExprKind::Slice { lower, upper, step } = &index.kind {
                    let bounds = self.eval_slice_bounds(lower, upper, step, scope)?;
                    return self
                        .set_slice(&object, bounds, value)
                        .map_err(|e| e.at(target.span));
                }
                let key = self.eval(index, scope)?;
                self.set_item(&object, key, value)
                    .map_err(|e| e.at(target.span))
            }
            ExprKind::Starred(_) => Err(PyException::new(
                ExcType::SyntaxError,
                "starred assignment target must be in a list or tuple",
            )
            .at(target.span)),
            _ => Err(
                PyException::new(ExcType::SyntaxError, "can't assign to this expression")
                    .at(target.span),
            ),
        }
    }

    /// The values for each of `targets` (one of which may be starred).
    fn assign_unpacked(&mut self, targets: &[Expr], value: Value) -> PyResult<Vec<Value>> {
        let mut values = self.collect_values(&value)?;
        let star = targets
            .iter()
            .position(|target| matches!(target.kind, ExprKind::Starred(_)));
        match star {
            None => {
                if values.len() > targets.len() {
                    return Err(PyException::value_error("too many values to unpack"));
                }
                if values.len() < targets.len() {
                    return Err(need_more(values.len()));
                }
                Ok(values)
            }
            Some(star) => {
                let after = targets.len() - star - 1;
                if values.len() < targets.len() - 1 {
                    return Err(need_more(values.len()));
                }
                let tail = values.split_off(values.len() - after);
                let middle = values.split_off(star);
                values.push(Value::list(middle));
                values.extend(tail);
                Ok(values)
            }
        }
    }

    /// `target op= value`.
    pub(crate) fn aug_assign(
        &mut self,
        target: &Expr,
        op: BinOp,
        value: &Expr,
        scope: &Scope,
    ) -> PyResult<()> {
        match &target.kind {
            ExprKind::Name(name) => {
                let current = self.load_name(name, scope).map_err(|e| e.at(target.span))?;
                let operand = self.eval(value, scope)?;
                let result = self
                    .inplace_op(op, current, operand)
                    .map_err(|e| e.at(target.span.to(value.span)))?;
                self.store_name(name, result, scope);
                Ok(())
            }
            ExprKind::Attribute {
                value: object,
                attr,
            } => {
                let object = self.eval(object, scope)?;
                let current = self
                    .get_attr(&object, &attr.name)
                    .map_err(|e| e.at(target.span))?;
                let operand = self.eval(value, scope)?;
                let result = self
                    .inplace_op(op, current, operand)
                    .map_err(|e| e.at(target.span.to(value.span)))?;
                self.set_attr(&object, &attr.name, result)
                    .map_err(|e| e.at(target.span))
            }
            ExprKind::Subscript {
                value: object,
                index,
            } => {
                let object = self.eval(object, scope)?;
                if matches!(index.kind, ExprKind::Slice { .. }) {
                    return Err(PyException::type_error(
                        "augmented assignment to a slice is not supported",
                    )
                    .at(target.span));
                }
                let key = self.eval(index, scope)?;
                let current = self
                    .get_item(&object, &key)
                    .map_err(|e| e.at(target.span))?;
                let operand = self.eval(value, scope)?;
                let result = self
                    .inplace_op(op, current, operand)
                    .map_err(|e| e.at(target.span.to(value.span)))?;
                self.set_item(&object, key, result)
                    .map_err(|e| e.at(target.span))
            }
            _ => Err(PyException::new(
                ExcType::SyntaxError,
                "illegal expression for augmented assignment",
            )
            .at(target.span)),
        }
    }

    /// `left op= right`: lists extend in place; everything else as `left op right`.
    fn inplace_op(&mut self, op: BinOp, left: Value, right: Value) -> PyResult<Value> {
        if let (BinOp::Add, Value::List(list)) = (op, &left) {
            let items = self.collect_values(&right).map_err(|_| {
                PyException::type_error(format!("'{}' object is not iterable", right.type_name()))
            })?;
            let new_len = list.items.borrow().len() + items.len();
            self.grow_items(new_len, items.len())?;
            list.items.borrow_mut().extend(items);
            return Ok(left);
        }
        if let (BinOp::Add, Value::Dict(_) | Value::Set(_)) = (op, &left) {
            return self.binary_op(op, left, right);
        }
        self.binary_op(op, left, right)
    }

    /// `del target`.
    pub(crate) fn delete(&mut self, target: &Expr, scope: &Scope) -> PyResult<()> {
        match &target.kind {
            ExprKind::Name(name) => self.delete_name(name, scope).map_err(|e| e.at(target.span)),
            ExprKind::Tuple(targets) | ExprKind::List(targets) => {
                for target in targets {
                    self.delete(target, scope)?;
                }
                Ok(())
            }
            ExprKind::Attribute { value, attr } => {
                let object = self.eval(value, scope)?;
                self.del_attr(&object, &attr.name)
                    .map_err(|e| e.at(target.span))
            }
            ExprKind::Subscript { value, index } => {
                let object = self.eval(value, scope)?;
                if let ExprKind::Slice { lower, upper, step } = &index.kind {
                    let bounds = self.eval_slice_bounds(lower, upper, step, scope)?;
                    return self
                        .del_slice(&object, bounds)
                        .map_err(|e| e.at(target.span));
                }
                let key = self.eval(index, scope)?;
                self.del_item(&object, &key).map_err(|e| e.at(target.span))
            }
            _ => Err(
                PyException::new(ExcType::SyntaxError, "can't delete this expression")
                    .at(target.span),
            ),
        }
    }

    fn delete_name(&mut self, name: &str, scope: &Scope) -> PyResult<()> {
        let not_defined =
            || PyException::new(ExcType::NameError, format!("name '{name}' is not defined"));
        if let Some(class_ns) = scope.class_ns {
            return class_ns
                .borrow_mut()
                .shift_remove(name)
                .map(drop)
                .ok_or_else(not_defined);
        }
        if let Some(frame) = scope.frame {
            if let Some(slot) = frame.code.slot(name) {
                let old = frame.locals.borrow_mut()[slot].take();
                return match old {
                    Some(_) => Ok(()),
                    None => Err(PyException::new(
                        ExcType::UnboundLocalError,
                        format!("local variable '{name}' referenced before assignment"),
                    )),
                };
            }
        }
        let removed = scope.globals.borrow_mut().shift_remove(name);
        removed.map(drop).ok_or_else(not_defined)
    }
}

/// Python 2's message for unpacking too few values.
fn need_more(count: usize) -> Box<PyException> {
    let plural = if count == 1 { "" } else { "s" };
    PyException::value_error(format!("need more than {count} value{plural} to unpack"))
}

/// Sets `name` in a namespace without allocating a key when it exists.
pub(crate) fn insert_name(namespace: &mut crate::value::Namespace, name: &str, value: Value) {
    let old = match namespace.get_mut(name) {
        Some(slot) => std::mem::replace(slot, value),
        None => {
            namespace.insert(name.into(), value);
            return;
        }
    };
    drop(old);
}
