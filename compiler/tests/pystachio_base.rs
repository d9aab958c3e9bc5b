//! pystachio's tests/test_base.py: Environments.

mod pystachio_support;

use aurora_compiler::pystachio::{EnvValue, Environment, ErrorKind, PyValue, Type};
use pystachio_support::*;

/// The table of an environment as `(address, text)`, objects shown by repr.
fn table(e: &Environment) -> Vec<(String, String)> {
    e.entries()
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                EnvValue::Text(t) => t.to_string(),
                EnvValue::Object(o) => repr(&o),
            };
            (k.address(), v)
        })
        .collect()
}

fn expect(entries: &[(&str, &str)]) -> Vec<(String, String)> {
    entries
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn text_of(e: &Environment, address: &str) -> String {
    e.find(&r(address)).unwrap().as_text().unwrap().to_owned()
}

#[test]
fn environment_constructors() {
    let oe = env(vec![("a", 1.into()), ("b", 2.into())]);
    assert_eq!(table(&oe), expect(&[("a", "1"), ("b", "2")]));

    let d = dict(vec![("a", 1.into()), ("b", 2.into())]);
    let oe = Environment::new(&[d], &[]).unwrap();
    assert_eq!(table(&oe), expect(&[("a", "1"), ("b", "2")]));

    let oe = Environment::new(&[dict(vec![("a", 1.into())])], &kv(vec![("b", 2.into())])).unwrap();
    assert_eq!(table(&oe), expect(&[("a", "1"), ("b", "2")]));

    // The last update wins.
    let oe = Environment::new(&[dict(vec![("a", 1.into())])], &kv(vec![("a", 2.into())])).unwrap();
    assert_eq!(table(&oe), expect(&[("a", "2")]));

    let oe = Environment::new(&[dict(vec![("b", 1.into())])], &kv(vec![("a", 2.into())])).unwrap();
    assert_eq!(table(&oe), expect(&[("a", "2"), ("b", "1")]));

    let oe = Environment::new(&[PyValue::Env(oe)], &kv(vec![("a", 3.into())])).unwrap();
    assert_eq!(table(&oe), expect(&[("a", "3"), ("b", "1")]));

    let bad_positional = [
        PyValue::None,
        3.into(),
        s("a"),
        PyValue::Type(Type::string()),
        list(vec![]),
    ];
    for value in bad_positional {
        let err = Environment::new(&[value], &[]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Value);
    }
    let bad_keyword = [PyValue::None, PyValue::Type(Type::string()), list(vec![])];
    for value in bad_keyword {
        let err = Environment::new(&[], &kv(vec![("foo", value)])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Value);
    }
}

#[test]
fn environment_find() {
    let ints = make(
        &Type::list(&Type::integer()),
        list(vec![1.into(), 2.into(), 3.into()]),
    );
    let oe1 = env(vec![("a", dict(vec![("b", 1.into())]))]);
    let oe2 = env(vec![("a", dict(vec![("b", dict(vec![("c", o(&ints))]))]))]);
    let oe = Environment::new(&[PyValue::Env(oe1), PyValue::Env(oe2)], &[]).unwrap();
    assert_eq!(text_of(&oe, "a.b"), "1");
    assert_eq!(
        *oe.find(&r("a.b.c[0]")).unwrap().as_object().unwrap(),
        integer(1)
    );
    assert_eq!(
        *oe.find(&r("a.b.c[1]")).unwrap().as_object().unwrap(),
        integer(2)
    );
    assert_eq!(
        *oe.find(&r("a.b.c[2]")).unwrap().as_object().unwrap(),
        integer(3)
    );

    for missing in ["b", "b.c", "a.c", "a.b.c[3]"] {
        let err = oe.find(&r(missing)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{missing}");
    }

    let oe = env(vec![("a", dict(vec![("b", dict(vec![("c", 5.into())]))]))]);
    assert_eq!(text_of(&oe, "a.b.c"), "5");
}

#[test]
fn environment_merge() {
    let oe1 = env(vec![("a", 1.into())]);
    let oe2 = env(vec![("b", 2.into())]);
    let merged = Environment::new(&[PyValue::Env(oe1), PyValue::Env(oe2)], &[]).unwrap();
    assert_eq!(table(&merged), expect(&[("a", "1"), ("b", "2")]));

    let oe1 = env(vec![("a", 1.into()), ("b", 2.into())]);
    let oe2 = env(vec![("a", 1.into()), ("b", dict(vec![("c", 2.into())]))]);
    let both = [("a", "1"), ("b", "2"), ("b.c", "2")];
    let merged =
        Environment::new(&[PyValue::Env(oe1.clone()), PyValue::Env(oe2.clone())], &[]).unwrap();
    assert_eq!(table(&merged), expect(&both));
    let merged = Environment::new(&[PyValue::Env(oe2), PyValue::Env(oe1)], &[]).unwrap();
    assert_eq!(table(&merged), expect(&both));

    let oe1 = env(vec![("a", dict(vec![("b", 1.into())]))]);
    let oe2 = env(vec![("a", dict(vec![("c", 2.into())]))]);
    let both = [("a.b", "1"), ("a.c", "2")];
    let merged =
        Environment::new(&[PyValue::Env(oe1.clone()), PyValue::Env(oe2.clone())], &[]).unwrap();
    assert_eq!(table(&merged), expect(&both));
    let merged = Environment::new(&[PyValue::Env(oe2), PyValue::Env(oe1)], &[]).unwrap();
    assert_eq!(table(&merged), expect(&both));
}

#[test]
fn environment_bad_values() {
    let other = PyValue::Other {
        type_name: "object".into(),
        repr: "<object object at 0x7f>".into(),
    };
    let messages: Vec<String> = [PyValue::None, PyValue::Type(Type::string()), other]
        .into_iter()
        .map(|v| {
            Environment::new(&[], &kv(vec![("a", v)]))
                .unwrap_err()
                .to_string()
        })
        .collect();
    insta::assert_snapshot!(messages.join("\n"), @r"
    Environment values must be strings, numbers, Objects or other Environments. Got <type 'NoneType'> instead.
    Environment values must be strings, numbers, Objects or other Environments. Got <type 'type'> instead.
    Environment values must be strings, numbers, Objects or other Environments. Got <type 'object'> instead.
    ");
    let err = Environment::new(&[], &kv(vec![("a", o(&string("x")).clone())]));
    assert!(err.is_ok(), "objects are accepted as values");
    let err = Environment::new(
        &[],
        &kv(vec![("a", PyValue::Type(Type::list(&Type::string())))]),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Environment values must be strings, numbers, Objects or other Environments. \
         Got <class 'pystachio.typing.TypeMetaclass'> instead."
    );
    let err = Environment::new(&[PyValue::None], &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Environment expects dict or Environment, got None"
    );
}

// test_object_unimplementeds exercises pystachio's abstract Object base class, which has no
// counterpart here: every Object has a concrete type.

#[test]
fn environment_repr() {
    let e = env(vec![("b", 2.into()), ("a", dict(vec![("c", s("x"))]))]);
    assert_eq!(
        e.repr().unwrap(),
        "Environment({Ref(b): '2', Ref(a.c): 'x'})"
    );
}
