//! Pystachio values as the evaluator sees them, through the prelude.

use aurora_compiler::bridge::prelude;
use aurora_compiler::eval::{evaluate, EvalOptions, Output};

/// Evaluates `source` with the prelude; returns what it printed, or the first error.
fn run(source: &str) -> Result<String, String> {
    let mut sources = prelude::source_map();
    let file = sources.add("test.aurora", source);
    let options = EvalOptions {
        output: Output::Capture,
        hermetic: true,
        prelude: prelude::prelude().expect("the schema evaluates"),
        ..EvalOptions::default()
    };
    let evaluation = evaluate(&mut sources, file, &options);
    match evaluation.diagnostics.iter().find(|d| d.is_error()) {
        Some(error) => Err(error.message.clone()),
        None => Ok(evaluation.printed),
    }
}

#[test]
fn the_prelude_exposes_exactly_the_stdlib_names() {
    let prelude = prelude::prelude().expect("the schema evaluates");
    let names: Vec<&str> = prelude.names().keys().map(|k| &**k).collect();
    let mut expected: Vec<&str> = aurora_stdlib::prelude_names().collect();
    let mut actual = names.clone();
    expected.sort_unstable();
    actual.sort_unstable();
    assert_eq!(actual, expected);
}

#[test]
fn structs_fields_and_methods() {
    let printed = run(r#"
class Profile(Struct):
  name = Required(String)
  port = Default(Integer, 80)
  note = "not a field"
p = Profile(name='web')
print(p.name(), p.port(), p.has_name(), p.has_port())
print(repr(p.name()), p.name().get())
print(isinstance(p, Profile), type(p) == Profile)
print(Profile().name() is Empty)
q = p(port=8080)
print(q.port().get(), p.port().get())
print((Process(name='{{x}}') % {'x': 'hi'}).name())
print(Process(name='a') == Process(name='a'), len(set([Process(name='a'), Process(name='a')])))
"#)
    .unwrap();
    assert_eq!(
        printed,
        "(String(web), Integer(80), True, True)\n('String(web)', 'web')\n(True, True)\nTrue\n\
         (8080, 80)\nhi\n(True, 1)\n"
    );
}

#[test]
fn lists_iterate_and_index_but_have_no_len() {
    let printed = run(r#"
l = List(String)(['a', 'b'])
print([x.get() for x in l], l[1])
try:
  len(l)
except TypeError as e:
  print('TypeError')
"#)
    .unwrap();
    assert_eq!(printed, "(['a', 'b'], String(b))\nTypeError\n");
}

#[test]
fn pystachio_errors_are_python_exceptions() {
    let printed = run(r#"
try:
  Resources(cpu='lots').interpolate()
except ValueError as e:
  print('caught: %s' % e)
"#)
    .unwrap();
    assert_eq!(printed, "caught: Cannot coerce 'lots' to Float\n");
    assert_eq!(
        run("Process(nmae='x')\n").unwrap_err(),
        "AttributeError: Unknown schema attribute nmae"
    );
    assert_eq!(
        run("Empty.get()\n").unwrap_err(),
        "AttributeError: type object 'Empty' has no attribute 'get'"
    );
}

#[test]
fn a_struct_subclass_keeps_its_parents_fields() {
    let printed = run(r#"
class Base(Struct):
  a = Default(Integer, 1)
class Child(Base):
  b = Integer
c = Child()
print(c.a(), hasattr(c, 'b'))
"#);
    // pystachio 0.8.5 ignores the fields of a Struct subclass's body.
    assert_eq!(printed.unwrap(), "(Integer(1), False)\n");
}

#[test]
fn the_schema_classes_cannot_be_changed_for_the_next_config() {
    let error = run(r#"
Tasks.combine = None
"#)
    .unwrap_err();
    assert!(
        error.contains("can't set attributes of built-in/extension type 'Tasks'"),
        "{error}"
    );
    assert!(run("del Units.size_as_bytes").is_err());
    // The next config still sees the schema as it was.
    assert_eq!(run("print(Tasks.combine is not None)").unwrap(), "True\n");
    // A class of the config's own stays writable.
    assert_eq!(
        run("class Mine(object): pass\nMine.x = 1\nprint(Mine.x)").unwrap(),
        "1\n"
    );
}
