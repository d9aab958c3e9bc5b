//! pystachio's tests/test_typing.py: serialized types and their round trips.

mod pystachio_support;

use aurora_compiler::pystachio::{PyValue, Type, TypeKind};
use pystachio_support::*;

fn basic_types() -> Vec<Type> {
    vec![
        Type::integer(),
        Type::float(),
        Type::string(),
        Type::boolean(),
    ]
}

fn roundtrip(t: &Type) -> Type {
    Type::from_serialized(&t.serialize_type()).unwrap()
}

#[test]
fn basic_schemas() {
    for t in basic_types() {
        assert!(roundtrip(&t).is(&t));
    }
    for t in basic_types() {
        let l = Type::list(&t);
        assert!(l.is_instance(&make(&roundtrip(&l), list(vec![]))));
    }
    for a in basic_types() {
        for b in basic_types() {
            let m = Type::map(&a, &b);
            assert!(m.is_instance(&make(&roundtrip(&m), dict(vec![]))));
        }
    }
}

#[test]
fn complex_schemas() {
    let basic = basic_types();
    let lists: Vec<Type> = basic.iter().map(Type::list).collect();
    let mut maps = Vec::new();
    for a in &basic {
        for b in &basic {
            maps.push(Type::map(a, b));
        }
    }
    let enums = vec![
        Type::enum_from_args(&[]).unwrap(),
        Type::enum_from_args(&[s("Red"), s("Green"), s("Blue")]).unwrap(),
        Type::enum_from_args(&[s("Animals"), list(vec![s("Dog"), s("Cat")])]).unwrap(),
    ];
    let groups = [&basic, &lists, &maps, &enums];
    for g1 in groups {
        for g2 in groups {
            for a in g1.iter() {
                for b in g2.iter() {
                    let m = Type::map(a, b);
                    assert!(m.is_instance(&make(&roundtrip(&m), dict(vec![]))));
                }
            }
        }
    }
}

#[test]
fn composite_schemas_are_not_lossy() {
    let c1 = strukt(
        "C1",
        vec![
            ("required_attribute", required(&Type::integer())),
            ("optional_attribute", optional(&Type::float())),
            ("default_attribute", default(&Type::string(), "Hello")),
            ("required_list", required(&Type::list(&Type::boolean()))),
            ("optional_list", optional(&Type::list(&Type::integer()))),
            (
                "default_list",
                default(
                    &Type::list(&Type::float()),
                    list(vec![1.0.into(), o(&float(2.0))]),
                ),
            ),
            (
                "required_map",
                required(&Type::map(&Type::string(), &Type::integer())),
            ),
            (
                "optional_map",
                optional(&Type::map(&Type::integer(), &Type::float())),
            ),
            (
                "default_map",
                default(
                    &Type::map(&Type::boolean(), &Type::integer()),
                    PyValue::dict(vec![(true, 2), (false, 3)]),
                ),
            ),
        ],
    );
    let c1_default = new(
        &c1,
        vec![
            ("required_attribute", 1.into()),
            ("required_list", list(vec![s("a"), s("b")])),
        ],
    );
    let m1 = strukt(
        "M1",
        vec![
            ("required_attribute", required(&Type::integer())),
            ("optional_attribute", optional(&Type::float())),
            ("default_attribute", default(&Type::string(), "Hello")),
            ("required_composite", required(&c1)),
            ("optional_composite", optional(&c1)),
            ("default_composite", default(&c1, o(&c1_default))),
        ],
    );
    let mut all = vec![
        Type::integer(),
        Type::float(),
        Type::string(),
        Type::boolean(),
        c1.clone(),
        m1.clone(),
    ];
    let lists: Vec<Type> = all.iter().map(Type::list).collect();
    let mut maps = Vec::new();
    for a in [Type::integer(), c1.clone(), m1.clone()] {
        for b in [Type::string(), c1.clone(), m1.clone()] {
            maps.push(Type::map(&a, &b));
        }
    }
    all.extend(lists);
    all.extend(maps);
    for a in &all {
        for b in &all {
            let t = Type::map(a, b);
            let ser = t.serialize_type();
            let serdesser = roundtrip(&t).serialize_type();
            assert!(
                ser.py_eq(&serdesser).unwrap(),
                "serializing twice changed {}",
                t.name()
            );
        }
    }
    // Unwrapping and rewrapping leaves values intact (pystachio checks the last pair only).
    let t = Type::map(&m1, &m1);
    let empty = make(&t, dict(vec![]));
    assert_eq!(make(&t, empty.get().unwrap()), empty);
}

fn employer() -> Type {
    let employee = strukt(
        "Employee",
        vec![
            ("name", required(&Type::string())),
            ("location", default(&Type::string(), "San Francisco")),
            ("age", optional(&Type::integer())),
        ],
    );
    let bob = new(&employee, vec![("name", s("Bob"))]);
    strukt(
        "Employer",
        vec![
            ("name", required(&Type::string())),
            (
                "employees",
                default(&Type::list(&employee), list(vec![o(&bob)])),
            ),
        ],
    )
}

#[test]
fn recursive_unwrapping() {
    let employer = employer();
    let rebuilt = roundtrip(&employer);
    assert!(rebuilt
        .serialize_type()
        .py_eq(&employer.serialize_type())
        .unwrap());
    assert!(employer.is_instance(&new(&rebuilt, vec![])));
    let nontwttr = new(&employer, vec![]);
    assert!(!ok(&nontwttr));
    assert_eq!(
        nontwttr.check().unwrap().to_string(),
        "TypeCheck(FAILED): Employer[name] is required."
    );
    let twttr = new(&employer, vec![("name", s("Twitter"))]);
    assert!(ok(&twttr));
    assert_eq!(twttr.check().unwrap().to_string(), "TypeCheck(OK)");
}

#[test]
fn load() {
    // test_json writes serialize_type() to a file and loads it back; the file part is the
    // evaluator's. test_load is the same without the file.
    let employer = employer();
    let deposit = Type::load(&employer.serialize_type()).unwrap();
    let names: Vec<&str> = deposit.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"Employee"));
    assert!(names.contains(&"Employer"));
    let loaded = &deposit.iter().find(|(n, _)| n == "Employer").unwrap().1;
    assert!(employer.is_instance(&new(loaded, vec![])));
    let twttr = new(loaded, vec![("name", s("Twitter"))]);
    assert_eq!(twttr.find(&r("employees[0].name")).unwrap(), string("Bob"));
    assert_eq!(
        twttr.find(&r("employees[0].location")).unwrap(),
        string("San Francisco")
    );
}

#[test]
fn serialized_forms() {
    // As pystachio prints them, with tuples shown as lists and frozendicts as dicts.
    let e = Type::enumeration("Animals", &["Dog", "Cat"]);
    let rendered = [
        Type::string().serialize_type().repr().unwrap(),
        Type::map(&Type::string(), &Type::list(&Type::integer()))
            .serialize_type()
            .repr()
            .unwrap(),
        e.serialize_type().repr().unwrap(),
        Type::choice(&[Type::integer(), e.clone()])
            .serialize_type()
            .repr()
            .unwrap(),
        employer().serialize_type().repr().unwrap(),
    ];
    insta::assert_snapshot!(rendered.join("\n"), @r"
    ['String']
    ['Map', ['String'], ['List', ['Integer']]]
    ['Enum', 'Animals', ['Dog', 'Cat']]
    ['Choice', 'Choice_Integer_Animals', [['Integer'], ['Enum', 'Animals', ['Dog', 'Cat']]]]
    ['Struct', 'Employer', [['employees', [False, [{'location': 'San Francisco', 'name': 'Bob'}], False, ['List', ['Struct', 'Employee', [['age', [False, [], True, ['Integer']]], ['location', [False, 'San Francisco', False, ['String']]], ['name', [True, [], True, ['String']]]]]]]], ['name', [True, [], True, ['String']]]]]
    ");
    let err = Type::from_serialized(&list(vec![s("Bogus")])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Unknown type: Bogus, Existing factories: ['Map', 'Float', 'String', 'Enum', 'List', \
         'Choice', 'Boolean', 'Integer', 'Struct']"
    );
}

#[test]
fn type_names_and_identity() {
    let a = Type::map(&Type::string(), &Type::integer());
    let b = Type::map(&Type::string(), &Type::integer());
    assert_eq!(a.name(), "StringIntegerMap");
    assert_eq!(Type::list(&Type::string()).name(), "StringList");
    // Types are not memoized: equal descriptions are different classes...
    assert!(!a.is(&b));
    // ...whose instances are instances of both.
    assert!(a.is_instance(&make(&b, dict(vec![]))));
    assert_eq!(a.repr(), "<class 'pystachio.typing.StringIntegerMap'>");
    assert_eq!(Type::string().repr(), "<class 'pystachio.basic.String'>");
    assert_eq!(a.signature(), "Map(String, Integer)");
    assert!(
        matches!(a.kind(), TypeKind::Map(k, v) if k.is(&Type::string()) && v.is(&Type::integer()))
    );
}

// test_unimplementeds covers pystachio's abstract Type base class, which has no counterpart.
