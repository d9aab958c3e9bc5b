//! The hooks the layer above plugs in through: foreign (Pystachio) values in the prelude,
//! preludes evaluated once and reused, and calling config functions afterwards.

#[path = "eval_support.rs"]
mod support;
use support::*;

use std::any::Any;
use std::rc::Rc;

use aurora_compiler::eval::{evaluate, EvalOptions, ExcType, Interpreter, Prelude, PyException};
use aurora_compiler::value::{Foreign, Host, Namespace, PyResult, Value};
use aurora_dsl::SourceMap;

/// A stand-in for Pystachio: `Struct` can be subclassed; the subclass is a type whose
/// instances keep their keyword arguments and give them back through methods.
struct FakeStruct {
    name: String,
    fields: Vec<String>,
}

struct FakeObject {
    type_name: String,
    values: Vec<(String, Value)>,
}

impl Foreign for FakeStruct {
    fn type_name(&self) -> String {
        "StructMetaclass".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self) -> String {
        format!("<type {}>", self.name)
    }
    fn subclass(
        &self,
        name: &str,
        _: &[Value],
        namespace: Namespace,
        _: &mut dyn Host,
    ) -> Option<PyResult<Value>> {
        let fields = namespace.keys().map(|key| key.to_string()).collect();
        Some(Ok(Value::Foreign(Rc::new(FakeStruct {
            name: name.into(),
            fields,
        }))))
    }
    fn call(
        &self,
        _: &Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<str>, Value)>,
        _: &mut dyn Host,
    ) -> Option<PyResult<Value>> {
        if !args.is_empty() {
            return Some(Err(PyException::type_error(
                "positional arguments are not allowed",
            )));
        }
        for (name, _) in &kwargs {
            if !self.fields.iter().any(|field| **field == **name) {
                return Some(Err(PyException::attribute_error(format!(
                    "Unknown schema attribute {name}"
                ))));
            }
        }
        Some(Ok(Value::Foreign(Rc::new(FakeObject {
            type_name: self.name.clone(),
            values: kwargs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        }))))
    }
    fn instance_check(&self, value: &Value) -> Option<bool> {
        Some(match value {
            Value::Foreign(foreign) => foreign
                .as_any()
                .downcast_ref::<FakeObject>()
                .is_some_and(|object| object.type_name == self.name),
            _ => false,
        })
    }
}

impl Foreign for FakeObject {
    fn type_name(&self) -> String {
        self.type_name.clone()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self) -> String {
        let fields: Vec<String> = self
            .values
            .iter()
            .map(|(name, value)| format!("{name}={value:?}"))
            .collect();
        format!("{}({})", self.type_name, fields.join(", "))
    }
    fn call_method(
        &self,
        _: &Value,
        name: &str,
        args: Vec<Value>,
        _: Vec<(Rc<str>, Value)>,
        host: &mut dyn Host,
    ) -> Option<PyResult<Value>> {
        if name == "apply" {
            // Calls back into the evaluator.
            return Some(host.call(&args[0], vec![Value::str(self.repr())], Vec::new()));
        }
        let value = self
            .values
            .iter()
            .find(|(field, _)| field == name)?
            .1
            .clone();
        Some(Ok(value))
    }
    fn equals(&self, other: &Value) -> Option<bool> {
        let Value::Foreign(other) = other else {
            return Some(false);
        };
        Some(other.repr() == self.repr())
    }
}

fn prelude_with_struct() -> Prelude {
    let mut prelude = Prelude::new();
    prelude.insert(
        "Struct",
        Value::Foreign(Rc::new(FakeStruct {
            name: "Struct".into(),
            fields: Vec::new(),
        })),
    );
    prelude
}

#[test]
fn foreign_types_can_be_subclassed_called_and_inspected() {
    let options = EvalOptions {
        prelude: prelude_with_struct(),
        ..options()
    };
    let run = run_with(
        r#"
class Profile(Struct):
    name = 'required'
    size = 'optional'
p = Profile(name='web', size=3)
x = (p.name(), p.size(), isinstance(p, Profile), str(p), '%s' % p, repr([p]), p == Profile(name='web', size=3),
     type(p) is object, p.apply(lambda text: text.lower()), {p: 1}[p])
"#,
        &options,
    );
    // `type(p)` is `object` because FakeObject has no `type_of` hook.
    assert_eq!(
        run.repr("x"),
        "('web', 3, True, \"Profile(name='web', size=3)\", \"Profile(name='web', size=3)\", \"[Profile(name='web', size=3)]\", True, True, \"profile(name='web', size=3)\", 1)"
    );
    let run = run_with("class P(Struct):\n    a = 1\nP(b=2)\n", &options);
    assert_eq!(run.error(), "AttributeError: Unknown schema attribute b");
    let run = run_with("class P(Struct):\n    a = 1\nP(a=1).missing()\n", &options);
    assert_eq!(
        run.error(),
        "AttributeError: 'P' object has no attribute 'missing'"
    );
}

#[test]
fn a_prelude_is_evaluated_once_and_shared() {
    let mut sources = SourceMap::new();
    let helpers = sources.add(
        "helpers.aurora",
        "UNIT = 3\nregistry = []\ndef scaled(n):\n    return n * UNIT\n",
    );
    let prelude = evaluate(&mut sources, helpers, &options()).into_prelude();
    let options = EvalOptions {
        prelude: prelude.clone(),
        ..options()
    };
    let first = run_with(
        "UNIT = 100\nx = scaled(2)\nregistry.append('first')\n",
        &options,
    );
    assert_eq!(
        first.repr("x"),
        "6",
        "prelude functions keep the prelude's globals"
    );
    let second = run_with("x = (UNIT, scaled(1), registry)\n", &options);
    assert_eq!(second.repr("x"), "(3, 3, ['first'])");
    assert_eq!(format!("{:?}", prelude.get("UNIT").unwrap()), "3");
}

#[test]
fn config_functions_can_be_called_after_evaluation() {
    let mut sources = SourceMap::new();
    let file = sources.add(
        "hooks.aurora",
        "class Hook(object):\n    def __init__(self, tag):\n        self.tag = tag\n    def pre_create_job(self, config):\n        return '%s:%s' % (self.tag, config)\nhooks = [Hook('h')]\n",
    );
    let mut interpreter = Interpreter::new(&mut sources, options(), file);
    interpreter.run_main(file);
    let hook = match &interpreter.globals()["hooks"] {
        Value::List(list) => list.items.borrow()[0].clone(),
        other => panic!("unexpected {other:?}"),
    };
    let method = match &hook {
        Value::Instance(instance) => instance.class.lookup("pre_create_job").unwrap(),
        other => panic!("unexpected {other:?}"),
    };
    let result = interpreter
        .call(&method, vec![hook, Value::str("job")], Vec::new())
        .unwrap();
    assert_eq!(format!("{result:?}"), "'h:job'");
    let error = interpreter
        .call(&Value::None, Vec::new(), Vec::new())
        .unwrap_err();
    assert_eq!(
        error.message,
        "TypeError: 'NoneType' object is not callable"
    );
    let evaluation = interpreter.finish();
    assert!(evaluation.is_ok());
    assert_eq!(ExcType::KeyError.name(), "KeyError");
}

#[test]
fn errors_inside_prelude_functions_render_with_any_source_map() {
    let mut prelude_sources = SourceMap::new();
    prelude_sources.add("padding.aurora", "");
    let helpers = prelude_sources.add(
        "helpers.aurora",
        "def broken():\n    return 1 / 0\ndef load():\n    include('x.aurora')\n",
    );
    let prelude = evaluate(&mut prelude_sources, helpers, &options()).into_prelude();
    let options = EvalOptions {
        prelude,
        ..options()
    };
    // The config's source map does not hold the prelude's files: nothing may panic.
    let run = run_with("broken()\n", &options);
    assert_eq!(
        run.error(),
        "ZeroDivisionError: integer division or modulo by zero"
    );
    let _ = run.diagnostics();
    let run = run_with("load()\n", &options);
    assert!(
        run.error().starts_with("IOError: [Errno 2]"),
        "{}",
        run.error()
    );
    let _ = run.diagnostics();
}

/// A value that only counts who holds it.
struct Probe;

impl Foreign for Probe {
    fn type_name(&self) -> String {
        "Probe".into()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self) -> String {
        "<probe>".into()
    }
}

#[test]
fn frames_and_namespaces_of_finished_evaluations_are_freed() {
    let probe: Rc<dyn Foreign> = Rc::new(Probe);
    let mut prelude = Prelude::new();
    prelude.insert("probe", Value::Foreign(Rc::clone(&probe)));
    let options = EvalOptions {
        prelude,
        ..options()
    };
    // `f`'s frame holds `p` and the closure `g`, which holds the frame: a cycle Python's
    // collector frees; the module's functions hold the module's namespace likewise.
    let source = r#"
def f(p):
    def g():
        return p
    return 1
f(probe)
kept = probe
def h():
    return kept
"#;
    let mut sources = SourceMap::new();
    let file = sources.add("probe.aurora", source);
    let evaluation = evaluate(&mut sources, file, &options);
    assert!(evaluation.is_ok(), "{:?}", evaluation.diagnostics);
    aurora_compiler::eval::release_globals(&evaluation.shared_globals);
    drop(evaluation);
    drop(options);
    assert_eq!(
        Rc::strong_count(&probe),
        1,
        "everything the evaluation held was freed"
    );
}
