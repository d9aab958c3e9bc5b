//! pystachio's tests/test_basic_types.py: String, Integer, Float, Boolean and Enum.

mod pystachio_support;

use std::cmp::Ordering;
use std::collections::HashMap;

use aurora_compiler::pystachio::{ErrorKind, Kwarg, Object, PyValue, Type};
use pystachio_support::*;

fn basic_types() -> [Type; 4] {
    [
        Type::float(),
        Type::integer(),
        Type::string(),
        Type::boolean(),
    ]
}

#[test]
fn bad_inputs() {
    let mut arity = Vec::new();
    for ty in basic_types() {
        arity.push(ty.call(&[], &[]).unwrap_err());
        arity.push(ty.call(&[s("1"), s("2")], &[]).unwrap_err());
        arity.push(ty.call(&[], &[Kwarg::new("foo", "123")]).unwrap_err());
    }
    assert!(arity.iter().all(|e| e.kind() == ErrorKind::Type));
    let messages: Vec<String> = arity[..3].iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(messages.join("\n"), @r"
    __init__() takes exactly 2 arguments (1 given)
    __init__() takes exactly 2 arguments (3 given)
    __init__() got an unexpected keyword argument 'foo'
    ");
    // The parameter may be passed by name.
    let by_name = Type::integer()
        .call(&[], &[Kwarg::new("value", 5)])
        .unwrap();
    assert_eq!(repr(&by_name), "Integer(5)");

    let bad_inputs = [
        PyValue::dict(vec![(1, 2)]),
        PyValue::None,
        PyValue::Type(Type::string()),
        PyValue::Type(Type::float()),
        PyValue::Type(Type::integer()),
        PyValue::Type(Type::boolean()),
        o(&float(1)),
        o(&integer(1)),
        o(&string(1)),
        o(&boolean(1)),
    ];
    for ty in basic_types() {
        for input in &bad_inputs {
            let err = make(&ty, input.clone()).str().unwrap_err();
            assert_eq!(
                err.kind(),
                ErrorKind::Coercion,
                "{} of {input:?}",
                ty.name()
            );
        }
    }
    let messages: Vec<String> = bad_inputs
        .iter()
        .map(|i| {
            make(&Type::integer(), i.clone())
                .str()
                .unwrap_err()
                .to_string()
        })
        .collect();
    insta::assert_snapshot!(messages.join("\n"), @r"
    Cannot coerce '{1: 2}' to Integer
    Cannot coerce 'None' to Integer
    Cannot coerce '<class 'pystachio.basic.String'>' to Integer
    Cannot coerce '<class 'pystachio.basic.Float'>' to Integer
    Cannot coerce '<class 'pystachio.basic.Integer'>' to Integer
    Cannot coerce '<class 'pystachio.basic.Boolean'>' to Integer
    Cannot coerce '1.0' to Integer
    Cannot coerce '1' to Integer
    Cannot coerce '1' to Integer
    Cannot coerce 'True' to Integer
    ");
}

#[test]
fn string_constructors() {
    let good = [
        s(""),
        s("a b c"),
        s("{{a}} b {{c}}"),
        s("%d"),
        s("unic\u{215b}de should work too, yo!"),
        1.0.into(),
        1.into(),
        1e3.into(),
    ];
    let rendered: Vec<String> = good.iter().map(|g| repr(&string(g.clone()))).collect();
    insta::assert_snapshot!(rendered.join("\n"), @r"
    String()
    String(a b c)
    String({{a}} b {{c}})
    String(%d)
    String(unic⅛de should work too, yo!)
    String(1.0)
    String(1)
    String(1000.0)
    ");
}

#[test]
fn float_constructors() {
    for bad in ["", "a b c"] {
        assert_eq!(float(bad).str().unwrap_err().kind(), ErrorKind::Coercion);
        assert_eq!(float(bad).repr().unwrap_err().kind(), ErrorKind::Coercion);
    }
    let good = [
        s("{{foo}}"),
        s("1 "),
        s(" 1"),
        s("  1e5"),
        s(" {{herp}}.{{derp}} "),
        0.into(),
        0.0.into(),
        1e5.into(),
    ];
    let rendered: Vec<String> = good.iter().map(|g| repr(&float(g.clone()))).collect();
    insta::assert_snapshot!(rendered.join("\n"), @r"
    Float({{foo}})
    Float(1.0)
    Float(1.0)
    Float(100000.0)
    Float( {{herp}}.{{derp}} )
    Float(0.0)
    Float(0.0)
    Float(100000.0)
    ");
    let bound = float(" {{herp}}.{{derp}} ")
        .percent(&dict(vec![("herp", 1.into()), ("derp", s("2e3"))]))
        .unwrap();
    assert_eq!(bound, float(1.2e3));
    assert!(ok(&float(123)));
    assert!(ok(&float("123.123")));
    assert!(!ok(&float("{{foo}}")));
}

#[test]
fn integer_constructors() {
    for bad in ["", "a b c", "1e5"] {
        assert_eq!(integer(bad).str().unwrap_err().kind(), ErrorKind::Coercion);
        assert_eq!(integer(bad).repr().unwrap_err().kind(), ErrorKind::Coercion);
    }
    let good = [
        s("{{foo}}"),
        s("1 "),
        s(" 1"),
        s(" {{herp}}.{{derp}} "),
        0.into(),
        0.0.into(),
        1e5.into(),
    ];
    let rendered: Vec<String> = good.iter().map(|g| repr(&integer(g.clone()))).collect();
    insta::assert_snapshot!(rendered.join("\n"), @r"
    Integer({{foo}})
    Integer(1)
    Integer(1)
    Integer( {{herp}}.{{derp}} )
    Integer(0)
    Integer(0)
    Integer(100000)
    ");
    assert!(ok(&integer(123)));
    assert!(ok(&integer("500")));
    assert!(!ok(&integer("{{foo}}")));
}

#[test]
fn boolean_constructors() {
    for bad in ["", "a b c", "1e5", " 0"] {
        assert_eq!(boolean(bad).str().unwrap_err().kind(), ErrorKind::Coercion);
        assert_eq!(boolean(bad).repr().unwrap_err().kind(), ErrorKind::Coercion);
    }
    let good = [
        s("{{foo}}"),
        (-1).into(),
        0.into(),
        1.into(),
        2.into(),
        s("true"),
        s("false"),
        s("0"),
        s("1"),
        true.into(),
        false.into(),
    ];
    let rendered: Vec<String> = good.iter().map(|g| text(&boolean(g.clone()))).collect();
    assert_eq!(
        rendered,
        [
            "{{foo}}", "True", "False", "True", "True", "True", "False", "False", "True", "True",
            "False"
        ]
    );
    assert_eq!(boolean(0), boolean(false));
    assert_ne!(boolean(0), boolean(true));
    assert_eq!(boolean(1), boolean(true));
    assert_ne!(boolean(1), boolean(false));
    assert_eq!(boolean("0"), boolean(false));
    assert_eq!(boolean("1"), boolean(true));
    assert!(!ok(&boolean("2")));
    assert!(ok(&boolean(123)));
    assert!(ok(&boolean("true")));
    assert!(ok(&boolean("false")));
    assert!(ok(&boolean(true)));
    assert!(ok(&boolean(false)));
    assert!(!ok(&boolean("{{foo}}")));
    assert!(ok(&bind(&boolean("{{foo}}"), vec![("foo", true.into())])));
}

#[test]
fn cmp() {
    let lt = |a: &Object, b: &Object| a.py_cmp(b).unwrap() == Ordering::Less;
    let gt = |a: &Object, b: &Object| a.py_cmp(b).unwrap() == Ordering::Greater;
    assert_ne!(float(1), integer(1));
    assert_ne!(string(1), integer(1));
    assert!(lt(&integer(1), &integer(2)));
    assert!(gt(&integer(2), &integer(1)));
    assert_eq!(integer(1), integer(1));
    assert_ne!(integer(1), integer(2));
    assert!(lt(&string("a"), &string("b")));
    assert_eq!(string("a"), string("a"));
    assert!(gt(&string("b"), &string("a")));
    assert!(lt(&float(1), &float(2)));
    assert!(gt(&float(2), &float(1)));
    assert_eq!(float(1), float(1));
    assert_ne!(float(1), float(1.1));
    assert!(gt(&float(1.1), &float(1)));

    // Objects of different classes all compare as "less" (so `<=` holds, `>`/`>=` do not).
    let makers: [fn(i64) -> Object; 3] = [|v| float(v), |v| string(v), |v| integer(v)];
    for (i, a) in makers.iter().enumerate() {
        for (j, b) in makers.iter().enumerate() {
            if i != j {
                assert_eq!(a(1).py_cmp(&b(1)).unwrap(), Ordering::Less);
            }
        }
    }
}

#[test]
fn hash() {
    // Python's hash of a simple object is the hash of its raw value.
    let mut map: HashMap<i64, Vec<(Object, &str)>> = HashMap::new();
    for (k, v) in [
        (integer(1), "foo"),
        (string("bar"), "baz"),
        (float("{{herp}}"), "derp"),
        (boolean("true"), "slerp"),
    ] {
        map.entry(k.py_hash().unwrap()).or_default().push((k, v));
    }
    let contains = |k: &Object| {
        map.get(&k.py_hash().unwrap())
            .is_some_and(|bucket| bucket.iter().any(|(o, _)| o == k))
    };
    assert!(contains(&integer(1)));
    assert!(contains(&string("bar")));
    assert!(contains(&float("{{herp}}")));
    assert!(!contains(&float("{{derp}}")));
    assert!(!contains(&integer(2)));
    assert!(!contains(&string("baz")));
    assert!(!contains(&boolean("false")));
    assert!(contains(&boolean("true")));
}

fn enum_args(values: &[&str]) -> Type {
    let args: Vec<PyValue> = values.iter().map(|v| s(v)).collect();
    Type::enum_from_args(&args).unwrap()
}

#[test]
fn n_part_enum_constructors() {
    let empty = enum_args(&[]);
    assert_eq!(empty.name(), "Enum_");
    empty.construct(&s("{{should_work}}")).unwrap();
    let err = empty.construct(&s("Anything")).unwrap_err();
    assert_eq!(err.to_string(), "Enum_ only accepts the following values: ");

    let one = enum_args(&["One"]);
    one.construct(&s("One")).unwrap();
    assert_eq!(
        one.construct(&s("Two")).unwrap_err().kind(),
        ErrorKind::Value
    );

    let two = enum_args(&["One", "Two"]);
    for value in ["One", "Two", "{{anything}}"] {
        two.construct(&s(value)).unwrap();
    }
    let errors: Vec<String> = [s(""), 1.into(), PyValue::None, s("Three")]
        .iter()
        .map(|v| {
            let err = two.construct(v).unwrap_err();
            assert!(err.is_value_error());
            err.to_string()
        })
        .collect();
    insta::assert_snapshot!(errors.join("\n"), @r"
    Enum_One_Two only accepts the following values: One, Two
    Enum_One_Two only accepts the following values: One, Two
    Cannot coerce 'None' to String
    Enum_One_Two only accepts the following values: One, Two
    ");

    assert!(ok(&make(&two, "One")));
    assert!(ok(&make(&two, "Two")));
    let anything = make(&two, "{{anything}}");
    assert!(ok(&bind(&anything, vec![("anything", s("One"))])));
    assert!(!ok(&anything));
    assert!(!ok(&bind(&anything, vec![("anything", s("Three"))])));
    let messages = [
        anything.check().unwrap().message,
        bind(&anything, vec![("anything", s("Three"))])
            .check()
            .unwrap()
            .message,
    ];
    insta::assert_snapshot!(messages.join("\n"), @r"
    u'{{anything}}' not in the enumeration (One, Two)
    Unable to interpolate: Cannot coerce 'Three' to Enum_One_Two: Three is not one of One, Two
    ");
}

#[test]
fn two_part_enum_constructors() {
    let numbers =
        Type::enum_from_args(&[s("Numbers"), list(vec![s("One"), s("Two"), s("Three")])]).unwrap();
    assert_eq!(numbers.name(), "Numbers");
    let dogs = Type::enumeration("Dogs", &["Pug", "Pit bull"]);
    let pit = make(&dogs, "Pit {{what}}");
    assert!(!ok(&pit));
    assert!(!ok(&bind(&pit, vec![("what", s("frank"))])));
    assert!(ok(&bind(&pit, vec![("what", s("bull"))])));
    assert_eq!(repr(&make(&numbers, "Two")), "Numbers(Two)");
}

#[test]
fn enum_argument_errors() {
    let err = Type::enum_from_args(&[s("Name"), list(vec![1.into(), 2.into()])]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Assertion);
    let err = Type::enum_from_args(&[list(vec![s("A"), s("B")])]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "sequence item 0: expected string, list found"
    );
    // Escapes are not templates: `{{&x}}` must be a value of the enum.
    let err = enum_args(&["A"]).construct(&s("{{&x}}")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Enum_A only accepts the following values: A"
    );
}

#[test]
fn coercions_follow_python2() {
    let cases = [
        repr(&interp(&string(true))),
        repr(&interp(&string(1e20))),
        repr(&interp(&integer(true))),
        repr(&interp(&boolean(f64::NAN))),
        repr(&interp(&boolean("TRUE"))),
        repr(&interp(&float(" 1e5 "))),
        repr(&interp(&integer(" -12 "))),
        repr(&interp(&integer("+12"))),
        repr(&interp(&integer("010"))),
        repr(&interp(&integer(-1.5))),
        integer("1_0").str().unwrap_err().to_string(),
        integer("0x10").str().unwrap_err().to_string(),
        integer(f64::NAN).str().unwrap_err().to_string(),
        integer(f64::INFINITY).str().unwrap_err().to_string(),
    ];
    insta::assert_snapshot!(cases.join("\n"), @r"
    String(True)
    String(1e+20)
    Integer(1)
    Boolean(True)
    Boolean(True)
    Float(100000.0)
    Integer(-12)
    Integer(12)
    Integer(10)
    Integer(-1)
    Cannot coerce '1_0' to Integer
    Cannot coerce '0x10' to Integer
    Cannot coerce 'nan' to Integer
    cannot convert float infinity to integer
    ");
    assert_eq!(
        integer(f64::INFINITY).str().unwrap_err().kind(),
        ErrorKind::Overflow
    );
}

#[test]
fn checker_messages_show_unicode_reprs() {
    let messages: Vec<String> = [
        integer("{{foo}}"),
        boolean("{{x}}"),
        float("{{x}}"),
        integer("\u{215b}{{x}}"),
        integer("it's{{x}}"),
        integer("a\"b'{{x}}"),
        integer("abc"),
    ]
    .iter()
    .map(|o| o.check().unwrap().to_string())
    .collect();
    insta::assert_snapshot!(messages.join("\n"), @r#"
    TypeCheck(FAILED): u'{{foo}}' not an integer
    TypeCheck(FAILED): u'{{x}}' not a boolean
    TypeCheck(FAILED): u'{{x}}' not a float
    TypeCheck(FAILED): u'\u215b{{x}}' not an integer
    TypeCheck(FAILED): u"it's{{x}}" not an integer
    TypeCheck(FAILED): u'a"b\'{{x}}' not an integer
    TypeCheck(FAILED): Unable to interpolate: Cannot coerce 'abc' to Integer
    "#);
    assert!(ok(&string("\u{215b}{{x}}")));
}
