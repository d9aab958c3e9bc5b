//! pystachio's tests/test_choice.py: Choice types.

mod pystachio_support;

use std::collections::HashMap;

use aurora_compiler::pystachio::{ErrorKind, Object, PyValue, Type};
use pystachio_support::*;

fn foo_yuck() -> (Type, Type) {
    let foo_ty = strukt(
        "Foo",
        vec![
            ("a", optional(&Type::string())),
            ("b", optional(&Type::integer())),
        ],
    );
    let yuck = strukt(
        "Yuck",
        vec![
            (
                "one",
                optional(&Type::choice(&[foo_ty.clone(), Type::integer()])),
            ),
            ("two", optional(&Type::string())),
        ],
    );
    (foo_ty, yuck)
}

#[test]
fn choice_type() {
    let int_str = Type::choice_named("IntStrFloat", &[Type::integer(), Type::string()]);
    let one = make(&int_str, 123);
    let two = make(&int_str, "123");
    let three = make(&int_str, "abc");
    assert_eq!(one, make(&int_str, 123));
    assert_eq!(two, make(&int_str, "123"));
    assert_eq!(three, make(&int_str, "abc"));
    assert_eq!(one, two);
    assert_ne!(one, three);
    assert_eq!(one.unwrap().unwrap(), integer(123));
    assert_eq!(two.unwrap().unwrap(), integer(123));
    assert_eq!(three.unwrap().unwrap(), string("abc"));
}

#[test]
fn choice_error() {
    let int_float = Type::choice(&[Type::integer(), Type::float()]);
    assert_eq!(int_float.name(), "Choice_Integer_Float");
    assert!(ok(&make(&int_float, 123)));
    assert!(ok(&make(&int_float, 123.456)));
    let three = make(&int_float, "123.abc");
    assert!(!ok(&three));
    assert_eq!(
        three.check().unwrap().message,
        "Choice_Integer_Float typecheck failed: value 123.abc did not match any of its alternatives"
    );
    assert_eq!(
        three.interpolate().unwrap_err().to_string(),
        "Cannot coerce '123.abc' to Choice_Integer_Float"
    );
}

#[test]
fn choice_triple() {
    let triple = Type::choice(&[Type::integer(), Type::float(), Type::string()]);
    assert!(ok(&make(&triple, 123)));
    assert!(ok(&make(&triple, 123.456)));
    assert!(ok(&make(&triple, "123.abc")));
}

#[test]
fn choice_interpolation() {
    let int_float = Type::choice(&[Type::integer(), Type::float()]);
    let one = make(&int_float, "{{abc}}");
    let two = make(&int_float, "{{a}}{{b}}");
    let one_int = bind(&one, vec![("abc", 34.into())]);
    assert_eq!(interp(&one_int).ty().name(), "Integer");
    assert!(ok(&one_int));
    let one_fl = bind(&one, vec![("abc", 123.354.into())]);
    assert_eq!(interp(&one_fl).ty().name(), "Float");
    assert!(ok(&one_fl));
    assert!(!ok(&bind(&one, vec![("abc", s("def"))])));
    assert_eq!(unbound(&two), ["a", "b"]);
    let two_one = bind(&two, vec![("a", 12.into()), ("b", 23.into())]);
    assert!(ok(&two_one));
    assert_eq!(two_one.unwrap().unwrap(), integer(1223));
    let two_two = bind(&two, vec![("a", 12.into()), ("b", s(".34"))]);
    assert!(ok(&two_two));
    assert_eq!(two_two.unwrap().unwrap(), float(12.34));
}

#[test]
fn choice_in_struct() {
    let sone = strukt(
        "SOne",
        vec![
            (
                "a",
                optional(&Type::choice(&[Type::integer(), Type::float()])),
            ),
            ("b", optional(&Type::string())),
        ],
    );
    let one = new(&sone, vec![("a", 12.into()), ("b", s("abc"))]);
    assert!(ok(&one));
    assert_eq!(
        interp(&one).field("a").unwrap().unwrap().unwrap().unwrap(),
        integer(12)
    );

    let two = new(&sone, vec![("a", s("1{{q}}2")), ("b", s("hi there"))]);
    assert!(!ok(&two));
    assert_eq!(unbound(&two), ["q"]);
    let two_int = bind(&two, vec![("q", s("34"))]);
    assert!(ok(&two_int));
    assert_eq!(
        two_int.field("a").unwrap().unwrap().unwrap().unwrap(),
        integer(1342)
    );
    let two_fl = bind(&two, vec![("q", s("3.4"))]);
    assert!(ok(&two_fl));
    assert_eq!(
        two_fl.field("a").unwrap().unwrap().unwrap().unwrap(),
        float(13.42)
    );
    assert!(!ok(&bind(&two, vec![("q", s("abc"))])));
    assert_eq!(
        bind(&two, vec![("q", s("abc"))]).check().unwrap().message,
        "SOne[a] failed: Choice_Integer_Float typecheck failed: value 1{{q}}2 did not match any \
         of its alternatives"
    );
}

#[test]
fn struct_in_choice_in_struct() {
    let (foo, yuck) = foo_yuck();
    assert!(ok(&new(&yuck, vec![("one", 3.into()), ("two", s("abc"))])));
    let z = new(
        &yuck,
        vec![
            ("one", o(&new(&foo, vec![("a", s("1")), ("b", 2.into())]))),
            ("two", s("hello")),
        ],
    );
    assert!(ok(&z));
}

#[test]
fn json_choice() {
    let (foo, yuck) = foo_yuck();
    let z = new(
        &yuck,
        vec![
            ("one", o(&new(&foo, vec![("a", s("1")), ("b", 2.into())]))),
            ("two", s("hello")),
        ],
    );
    assert!(ok(&z));
    let expected = dict(vec![
        ("two", s("hello")),
        ("one", dict(vec![("a", s("1")), ("b", 2.into())])),
    ]);
    assert!(interp(&z).get().unwrap().py_eq(&expected).unwrap());
}

#[test]
fn choice_string_enum() {
    let test_enum = Type::enumeration("TestEnum", &["A", "B", "C"]);
    let test_choice = Type::choice_named("TestChoice", &[test_enum.clone(), Type::string()]);
    assert!(test_enum.is_instance(&interp(&make(&test_choice, "A"))));
    assert!(Type::string().is_instance(&interp(&make(&test_choice, "Q"))));
}

fn choice_default_types() -> (Type, Type, Type) {
    let dumb = strukt("Dumb", vec![("one", optional(&Type::string()))]);
    let with_default = strukt(
        "ChoiceDefaultStruct",
        vec![
            (
                "a",
                default(
                    &Type::choice_named("IntOrDumb", &[dumb.clone(), Type::integer()]),
                    28,
                ),
            ),
            ("b", optional(&Type::integer())),
        ],
    );
    let other = strukt(
        "OtherStruct",
        vec![
            ("first", optional(&with_default)),
            ("second", optional(&Type::string())),
        ],
    );
    (dumb, with_default, other)
}

fn json_of(object: &Object) -> PyValue {
    interp(object).get().unwrap()
}

#[test]
fn choice_default() {
    let (dumb, with_default, other) = choice_default_types();
    let v = new(&other, vec![("second", s("hello"))]);
    assert!(ok(&v));
    assert!(json_of(&v)
        .py_eq(&dict(vec![("second", s("hello"))]))
        .unwrap());
    let w = v
        .with_fields(&kw(vec![("first", o(&new(&with_default, vec![])))]))
        .unwrap();
    assert!(ok(&w));
    let expected = dict(vec![
        ("first", dict(vec![("a", 28.into())])),
        ("second", s("hello")),
    ]);
    assert!(json_of(&w).py_eq(&expected).unwrap());
    let x = v
        .with_fields(&kw(vec![(
            "first",
            o(&new(
                &with_default,
                vec![("a", 296.into()), ("b", 36.into())],
            )),
        )]))
        .unwrap();
    assert!(ok(&x));
    let expected = dict(vec![
        ("first", dict(vec![("a", 296.into()), ("b", 36.into())])),
        ("second", s("hello")),
    ]);
    assert!(json_of(&x).py_eq(&expected).unwrap());
    let oops = o(&new(&dumb, vec![("one", s("Oops"))]));
    let y = v
        .with_fields(&kw(vec![(
            "first",
            o(&new(&with_default, vec![("a", oops), ("b", 37.into())])),
        )]))
        .unwrap();
    assert!(ok(&y));
    let expected = dict(vec![
        (
            "first",
            dict(vec![
                ("a", dict(vec![("one", s("Oops"))])),
                ("b", 37.into()),
            ]),
        ),
        ("second", s("hello")),
    ]);
    assert!(json_of(&y).py_eq(&expected).unwrap());
}

#[test]
fn choice_primlist() {
    let c = Type::choice(&[Type::string(), Type::list(&Type::integer())]);
    assert!(ok(&make(&c, list(vec![1.into(), 2.into(), 3.into()]))));
    assert!(ok(&make(&c, "hello")));
    let templated = make(&c, list(vec![1.into(), 2.into(), s("{{x}}")]));
    assert!(!ok(&templated));
    assert!(ok(&bind(&templated, vec![("x", 3.into())])));
}

#[test]
fn repr_uses_the_raw_value() {
    let c = Type::choice(&[Type::string(), Type::list(&Type::integer())]);
    assert_eq!(
        repr(&make(&c, "hello")),
        "Choice_String_IntegerList('hello')"
    );
    assert_eq!(
        repr(&make(&c, list(vec![1.into(), 2.into(), 3.into()]))),
        "Choice_String_IntegerList([1, 2, 3])"
    );
    assert_eq!(repr(&make(&c, "a'b")), "Choice_String_IntegerList(\"a'b\")");
    assert_eq!(repr(&make(&c, 1.5)), "Choice_String_IntegerList(1.5)");
}

#[test]
fn choice_in_stache() {
    let foo_ty = strukt("Foo", vec![("x", optional(&Type::integer()))]);
    let bar_ty = strukt(
        "Bar",
        vec![
            (
                "a",
                optional(&Type::choice_named(
                    "StringOrFoo",
                    &[Type::integer(), Type::string(), foo_ty.clone()],
                )),
            ),
            ("b", optional(&Type::string())),
        ],
    );
    let stringbar = new(&bar_ty, vec![("a", s("hello")), ("b", s("{{a}} world!"))]);
    assert!(ok(&stringbar));
    let expected = dict(vec![("a", s("hello")), ("b", s("hello world!"))]);
    assert!(json_of(&stringbar).py_eq(&expected).unwrap());

    let intbar = new(&bar_ty, vec![("a", 4.into()), ("b", s("{{a}} world!"))]);
    assert!(ok(&intbar));
    let expected = dict(vec![("a", 4.into()), ("b", s("4 world!"))]);
    assert!(json_of(&intbar).py_eq(&expected).unwrap());

    let foobar = new(
        &bar_ty,
        vec![
            ("a", o(&new(&foo_ty, vec![("x", 5.into())]))),
            ("b", s("{{a}} world!")),
        ],
    );
    assert!(ok(&foobar));
    let expected = dict(vec![
        ("a", dict(vec![("x", 5.into())])),
        ("b", s("Foo(x=5) world!")),
    ]);
    assert!(json_of(&foobar).py_eq(&expected).unwrap());
}

#[test]
fn get_choice_in_struct() {
    let foo_ty = strukt("Foo", vec![("foo", required(&Type::string()))]);
    let bar_ty = strukt("Bar", vec![("bar", required(&Type::string()))]);
    let item = Type::choice_named("Item", &[foo_ty.clone(), bar_ty]);
    let qux = strukt(
        "Qux",
        vec![(
            "item",
            optional(&Type::choice(&[Type::string(), Type::list(&item)])),
        )],
    );
    let b = new(
        &qux,
        vec![(
            "item",
            list(vec![o(&new(&foo_ty, vec![("foo", s("fubar"))]))]),
        )],
    );
    let expected = dict(vec![("item", list(vec![dict(vec![("foo", s("fubar"))])]))]);
    assert!(b.get().unwrap().py_eq(&expected).unwrap());
}

#[test]
fn hashing() {
    let int_str = Type::choice_named("IntStrFloat", &[Type::integer(), Type::string()]);
    let mut map: HashMap<i64, Vec<Object>> = HashMap::new();
    for v in [PyValue::from(123), s("123"), s("abc")] {
        let k = make(&int_str, v);
        map.entry(k.py_hash().unwrap()).or_default().push(k);
    }
    let contains = |v: PyValue| {
        let k = make(&int_str, v);
        map.get(&k.py_hash().unwrap())
            .is_some_and(|bucket| bucket.contains(&k))
    };
    assert!(contains(123.into()));
    assert!(contains(s("123")));
    assert!(contains(s("abc")));
    assert!(!contains(456.into()));
    assert!(!contains(s("456")));
    assert!(!contains(s("def")));
}

#[test]
fn failing_instance_alternative_is_an_error_as_in_pystachio() {
    // pystachio's check returns None when a value that already is an alternative fails its
    // own check, and the caller's `.ok()` raises.
    let foo_ty = strukt("Foo", vec![("a", required(&Type::string()))]);
    let c = Type::choice(&[foo_ty.clone(), Type::integer()]);
    let err = make(&c, o(&new(&foo_ty, vec![]))).check().unwrap_err();
    assert_eq!(
        (err.kind(), err.to_string()),
        (
            ErrorKind::Attribute,
            "'NoneType' object has no attribute 'ok'".into()
        )
    );
    // Comparing choices holding structs reads a `_value` that structs lack.
    let x = make(&c, o(&new(&foo_ty, vec![("a", s("x"))])));
    assert_eq!(
        x.py_eq(&x).unwrap_err().to_string(),
        "Foo has no attribute _value"
    );
}

#[test]
fn choice_arguments() {
    let c = Type::choice_from_args(&[list(vec![
        PyValue::Type(Type::integer()),
        PyValue::Type(Type::float()),
    ])])
    .unwrap();
    assert_eq!(c.name(), "Choice_Integer_Float");
    let c =
        Type::choice_from_args(&[s("Named"), list(vec![PyValue::Type(Type::integer())])]).unwrap();
    assert_eq!(c.name(), "Named");
    // Two arguments are (name, alternatives): `Choice(Integer, Float)` fails pystachio's assert.
    let err =
        Type::choice_from_args(&[PyValue::Type(Type::integer()), PyValue::Type(Type::float())])
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Assertion);
    assert_eq!(Type::choice(&[]).name(), "Choice_");
}
