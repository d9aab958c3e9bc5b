//! pystachio's tests/test_naming.py: refs and lookups through environments and objects.

mod pystachio_support;

use aurora_compiler::pystachio::{Component, Environment, ErrorKind, PyValue, Ref, Type};
use pystachio_support::*;

fn idx(v: &str) -> Component {
    Component::Index(v.into())
}

fn deref(v: &str) -> Component {
    Component::Dereference(v.into())
}

#[test]
fn ref_parsing() {
    let mut errors = Vec::new();
    for input in ["", "hork bork"] {
        let err = Ref::from_address(input).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRef);
        errors.push(err.to_string());
    }
    // Non-string addresses come from environment keys.
    let err = Environment::new(&[PyValue::dict(vec![(1, 2)])], &[]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRef);
    errors.push(err.to_string());

    assert_eq!(r("a").components(), [deref("a")]);
    assert_eq!(r(".a").components(), [deref("a")]);
    assert_eq!(r("a.b").components(), [deref("a"), deref("b")]);
    assert_eq!(r("[a]").components(), [idx("a")]);
    assert_eq!(r("[a-]").components(), [idx("a-")]);
    assert_eq!(r("[0].a").components(), [idx("0"), deref("a")]);
    assert_eq!(r("[0][a]").components(), [idx("0"), idx("a")]);
    for v in [
        ".",
        "/",
        "_",
        "-",
        "a.b",
        "a/b",
        "a_b",
        "a-b",
        "a/b/c/d",
        "2.0.a_c/d-e",
    ] {
        assert_eq!(r(&format!("[{v}]")).components(), [idx(v)]);
    }
    for bad in [
        "[a]b", "[]", "[[a]", "b[[[", "a.1", "1.a", ".[a]", "0", "a-b", "-b", "a-", " a", "a b",
    ] {
        let err = Ref::from_address(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRef, "{bad}");
        errors.push(err.to_string());
    }
    insta::assert_snapshot!(errors.join("\n"), @r"
    Invalid address: ''
    Badly formed address .hork bork
    Invalid address: 1
    Badly formed address [a]b
    Badly formed address []
    Badly formed address [[a]
    Badly formed address .b[[[
    Badly formed address .a.1
    1.a
    Badly formed address .[a]
    0
    Badly formed address .a-b
    -b
    Badly formed address .a-
     a
    Badly formed address .a b
    ");
    assert_eq!(r("a.b[c].d").address(), "a.b[c].d");
    assert_eq!(format!("{:?}", r(".a[0]")), "Ref(a[0])");
    assert_eq!(r("[0].a").to_string(), "{{[0].a}}");
}

#[test]
fn ref_lookup() {
    let text = |e: &Environment, a: &str| e.find(&r(a)).unwrap().as_text().unwrap().to_owned();
    assert_eq!(text(&env(vec![("a", 1.into())]), "a"), "1");
    assert_eq!(
        text(&env(vec![("a", dict(vec![("b", 1.into())]))]), "a.b"),
        "1"
    );

    let inner = env(vec![("d", 2.into())]);
    let oe = env(vec![(
        "a",
        dict(vec![
            ("b", dict(vec![("c", 1.into())])),
            ("c", PyValue::Env(inner)),
        ]),
    )]);
    assert_eq!(text(&oe, "a.b.c"), "1");
    assert_eq!(text(&oe, "a.c.d"), "2");
    for address in ["a", "a.b", "a.c"] {
        assert_eq!(
            oe.find(&r(address)).unwrap_err().kind(),
            ErrorKind::NotFound
        );
    }

    let strings = make(
        &Type::list(&Type::string()),
        list(vec![s("a"), s("b"), s("c")]),
    );
    assert_eq!(strings.find(&r("[0]")).unwrap(), string("a"));
    assert_eq!(
        strings.find(&r("[3]")).unwrap_err().kind(),
        ErrorKind::NotFound
    );

    let maps = make(
        &Type::list(&Type::map(&Type::string(), &Type::integer())),
        list(vec![dict(vec![("a", 27.into())])]),
    );
    assert_eq!(maps.find(&r("[0][a]")).unwrap(), integer(27));
    let e = env(vec![("foo", o(&maps))]);
    assert_eq!(
        *e.find(&r("foo[0][a]")).unwrap().as_object().unwrap(),
        integer(27)
    );
}

#[test]
fn complex_lookup() {
    let employee = strukt(
        "Employee",
        vec![
            ("first", optional(&Type::string())),
            ("last", optional(&Type::string())),
        ],
    );
    let employer = strukt(
        "Employer",
        vec![
            ("name", optional(&Type::string())),
            ("employees", optional(&Type::list(&employee))),
        ],
    );
    let twttr = new(
        &employer,
        vec![
            ("name", s("Twitter")),
            (
                "employees",
                list(vec![
                    o(&new(
                        &employee,
                        vec![("first", s("brian")), ("last", s("wickman"))],
                    )),
                    o(&new(&employee, vec![("first", s("marius"))])),
                    o(&new(&employee, vec![("last", s("{{default.last}}"))])),
                ]),
            ),
        ],
    );
    let e = env(vec![("twttr", o(&twttr))]);
    assert_eq!(
        *e.find(&r("twttr.employees[1].first"))
            .unwrap()
            .as_object()
            .unwrap(),
        string("marius")
    );
    let by_name = make(
        &Type::map(&Type::string(), &employer),
        dict(vec![("twttr", o(&twttr))]),
    );
    assert_eq!(
        by_name.find(&r("[twttr].employees[1].first")).unwrap(),
        string("marius")
    );
    let in_list = make(&Type::list(&employer), list(vec![o(&twttr)]));
    assert_eq!(
        in_list.find(&r("[0].employees[0].last")).unwrap(),
        string("wickman")
    );
    assert_eq!(
        in_list.find(&r("[0].employees[2].last")).unwrap(),
        string("{{default.last}}")
    );
}

#[test]
fn scope_lookup() {
    let refs = [
        r("mesos.ports[health]"),
        r("mesos.config"),
        r("logrotate.filename"),
        r("mesos.ports.http"),
    ];
    let scoped: Vec<Ref> = refs
        .iter()
        .filter_map(|x| r("mesos.ports").subscope(x))
        .collect();
    assert_eq!(scoped, [r("[health]"), r("http")]);

    let refs = [r("[a]"), r("[a][b]"), r("[a].b")];
    let scoped: Vec<Ref> = refs.iter().filter_map(|x| r("[a]").subscope(x)).collect();
    assert_eq!(scoped, [r("[b]"), r("b")]);
}

#[test]
fn scope_override() {
    let mesos_config = strukt(
        "MesosConfig",
        vec![(
            "ports",
            optional(&Type::map(&Type::string(), &Type::integer())),
        )],
    );
    let config = new(
        &mesos_config,
        vec![(
            "ports",
            dict(vec![("http", 80.into()), ("health", 8888.into())]),
        )],
    );
    let by_ref = Environment::from_refs(vec![(r("config.ports[http]"), 5000.into())]).unwrap();
    let e = Environment::new(&[PyValue::Env(by_ref)], &kv(vec![("config", o(&config))])).unwrap();
    assert_eq!(
        e.find(&r("config.ports[http]")).unwrap().as_text(),
        Some("5000")
    );
    assert_eq!(
        *e.find(&r("config.ports[health]"))
            .unwrap()
            .as_object()
            .unwrap(),
        integer(8888)
    );
}

fn phone_book() -> (Type, Type) {
    let entry = strukt(
        "PhoneBookEntry",
        vec![
            ("name", required(&Type::string())),
            ("number", required(&Type::integer())),
        ],
    );
    let book = strukt(
        "PhoneBook",
        vec![
            ("city", required(&Type::string())),
            ("people", optional(&Type::list(&entry))),
        ],
    );
    (entry, book)
}

#[test]
fn inherited_scope() {
    let (entry, book) = phone_book();
    let sf = bind(
        &new(&book, vec![("city", s("San Francisco"))]),
        vec![("areacode", 415.into())],
    );
    let jenny = new(
        &entry,
        vec![("name", s("Jenny")), ("number", s("{{areacode}}8675309"))],
    );
    let brian = new(
        &entry,
        vec![("name", s("Brian")), ("number", s("{{areacode}}5551234"))],
    );
    let brian = bind(&brian, vec![("areacode", 402.into())]);
    let sfpb = sf
        .with_fields(&kw(vec![("people", list(vec![o(&jenny), o(&brian)]))]))
        .unwrap();
    let rebound = bind(&sfpb, vec![("areacode", 999.into())]);
    assert_eq!(
        sfpb.find(&r("people[0].number")).unwrap(),
        integer(4158675309i64)
    );
    assert_eq!(
        rebound.find(&r("people[0].number")).unwrap(),
        integer(9998675309i64)
    );
    assert_eq!(
        sfpb.find(&r("people[1].number")).unwrap(),
        integer(4025551234i64)
    );
    assert_eq!(
        rebound.find(&r("people[1].number")).unwrap(),
        integer(4025551234i64)
    );
}

#[test]
fn copies_preserve_bindings() {
    let (entry, _) = phone_book();
    let brian = bind(
        &new(&entry, vec![("number", s("{{areacode}}5551234"))]),
        vec![("areacode", 402.into())],
    );
    let copy = brian.clone();
    assert_eq!(brian.find(&r("number")).unwrap(), integer(4025551234i64));
    assert_eq!(copy.find(&r("number")).unwrap(), integer(4025551234i64));
}
