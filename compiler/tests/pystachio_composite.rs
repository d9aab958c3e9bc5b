//! pystachio's tests/test_composite_types.py: Structs.

mod pystachio_support;

use std::collections::HashMap;

use aurora_compiler::pystachio::{ErrorKind, FieldSpec, Object, PyValue, StructAttr, Type};
use pystachio_support::*;

fn resources_cpu_ram() -> Type {
    strukt(
        "Resources",
        vec![
            ("cpu", optional(&Type::float())),
            ("ram", optional(&Type::integer())),
        ],
    )
}

#[test]
fn basic_types() {
    let resources = resources_cpu_ram();
    assert!(ok(&new(&resources, vec![])));
    assert!(ok(&new(&resources, vec![("cpu", 1.0.into())])));
    assert!(ok(&new(
        &resources,
        vec![("cpu", 1.0.into()), ("ram", 100.into())]
    )));
    assert!(ok(&new(
        &resources,
        vec![("cpu", 1.into()), ("ram", 100.into())]
    )));
    assert!(ok(&new(
        &resources,
        vec![("cpu", s("1.0")), ("ram", 100.into())]
    )));
}

#[test]
fn bad_inputs() {
    let resources = strukt(
        "Resources",
        vec![
            ("cpu", optional(&Type::float())),
            ("ram", required(&Type::integer())),
        ],
    );
    let errors = [
        resources
            .call(&[], &kw(vec![("herp", s("derp"))]))
            .unwrap_err(),
        resources
            .call(&[dict(vec![("foo", s("bar"))])], &[])
            .unwrap_err(),
        resources.call(&[PyValue::None], &[]).unwrap_err(),
        resources
            .call(&[PyValue::dict(vec![(1, 2)])], &[])
            .unwrap_err(),
    ];
    let kinds: Vec<ErrorKind> = errors.iter().map(|e| e.kind()).collect();
    assert_eq!(
        kinds,
        [
            ErrorKind::Attribute,
            ErrorKind::Attribute,
            ErrorKind::Value,
            ErrorKind::Type
        ]
    );
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(messages.join("\n"), @r"
    Unknown schema attribute herp
    Unknown schema attribute foo
    Expected dictionary argument, got None
    _update_schema_data() keywords must be strings
    ");
}

#[test]
fn nested_composites() {
    let resources = resources_cpu_ram();
    let process = strukt(
        "Process",
        vec![
            ("name", optional(&Type::string())),
            ("resources", optional(&resources)),
        ],
    );
    assert!(ok(&new(&process, vec![])));
    assert!(ok(&new(&process, vec![("name", s("hello_world"))])));
    assert!(ok(&new(
        &process,
        vec![("resources", o(&new(&resources, vec![])))]
    )));
    let cpu1 = new(&resources, vec![("cpu", 1.0.into())]);
    assert!(ok(&new(&process, vec![("resources", o(&cpu1))])));
    assert!(ok(&new(
        &process,
        vec![("resources", o(&new(&resources, vec![("cpu", 1.into())])))]
    )));
    let p = new(&process, vec![("name", 15.into())])
        .with_fields(&kw(vec![("resources", o(&cpu1))]))
        .unwrap();
    assert!(ok(&p));
    insta::assert_snapshot!(repr(&p), @r"
    Process(name=15,
            resources=Resources(cpu=1.0))
    ");
}

#[test]
fn typesig() {
    let s = Type::string();
    let p1 = FieldSpec::optional(s.clone());
    let p2 = FieldSpec::required(s.clone());
    let p3 = FieldSpec::default(s.clone(), &"foo".into()).unwrap();
    let rendered: Vec<String> = [&p1, &p2, &p3].iter().map(|f| f.repr().unwrap()).collect();
    insta::assert_snapshot!(rendered.join("\n"), @r"
    TypeSignature(String, required: False, default: <class 'pystachio.composite.Empty'>, empty: True)
    TypeSignature(String, required: True, default: <class 'pystachio.composite.Empty'>, empty: True)
    TypeSignature(String, required: False, default: foo, empty: False)
    ");
    // Structs whose fields are declared alike have equal schemas.
    let with = |spec: FieldSpec| strukt("Process", vec![("name", spec)]);
    assert!(with(p1.clone()).is_same_schema(&with(FieldSpec::optional(s.clone()))));
    assert!(!with(p1.clone()).is_same_schema(&with(p2.clone())));
    assert!(!with(p1).is_same_schema(&with(p3.clone())));
    assert!(!with(p2).is_same_schema(&with(p3)));
}

#[test]
fn defaults() {
    let resources = strukt(
        "Resources",
        vec![
            ("cpu", default(&Type::float(), 1.0)),
            ("ram", optional(&Type::integer())),
        ],
    );
    let r = |entries: Vec<(&str, PyValue)>| new(&resources, entries);
    assert_eq!(r(vec![]), r(vec![("cpu", 1.0.into())]));
    assert_ne!(r(vec![]), r(vec![("cpu", 2.0.into())]));
    assert_eq!(
        r(vec![("cpu", 2.0.into())]).field("cpu").unwrap().unwrap(),
        float(2.0)
    );

    let ram10 = r(vec![("ram", 10.into())]);
    let process = strukt(
        "Process",
        vec![
            ("name", optional(&Type::string())),
            ("resources", default(&resources, o(&ram10))),
        ],
    );
    assert!(ok(&new(&process, vec![])));
    assert_eq!(
        new(&process, vec![]),
        new(
            &process,
            vec![(
                "resources",
                o(&r(vec![("cpu", 1.0.into()), ("ram", 10.into())]))
            )]
        )
    );
    assert_ne!(
        new(&process, vec![]),
        new(&process, vec![("resources", o(&r(vec![])))])
    );
    let emptied = new(&process, vec![])
        .with_fields(&kw(vec![("resources", PyValue::Empty)]))
        .unwrap();
    assert!(ok(&emptied));
    assert!(!emptied.has_field("resources").unwrap());
}

fn resources_process() -> (Type, Type) {
    let resources = strukt(
        "Resources",
        vec![
            ("cpu", required(&Type::float())),
            ("ram", optional(&Type::integer())),
            ("disk", optional(&Type::integer())),
        ],
    );
    let process = strukt(
        "Process",
        vec![
            ("name", required(&Type::string())),
            (
                "resources",
                optional(&Type::map(&Type::string(), &resources)),
            ),
        ],
    );
    (resources, process)
}

#[test]
fn composite_interpolation() {
    let (resources, process) = resources_process();
    let p = new(&process, vec![("name", s("hello"))]);
    let empty = o(&new(&resources, vec![]));
    let plain = p
        .with_fields(&kw(vec![("resources", dict(vec![("foo", empty.clone())]))]))
        .unwrap();
    let templated = p
        .with_fields(&kw(vec![("resources", dict(vec![("{{whee}}", empty)]))]))
        .unwrap();
    assert_eq!(plain, bind(&templated, vec![("whee", s("foo"))]));

    let cpu_template = o(&new(&resources, vec![("cpu", s("{{whee}}"))]));
    let left = p
        .with_fields(&kw(vec![(
            "resources",
            dict(vec![("{{whee}}", cpu_template)]),
        )]))
        .unwrap();
    let right = p
        .with_fields(&kw(vec![(
            "resources",
            dict(vec![(
                "1.0",
                o(&new(&resources, vec![("cpu", 1.0.into())])),
            )]),
        )]))
        .unwrap();
    assert_eq!(bind(&left, vec![("whee", 1.0.into())]), right);
}

fn task_types() -> (Type, Type, Type) {
    let process = strukt(
        "Process",
        vec![
            ("name", required(&Type::string())),
            ("cmdline", required(&Type::string())),
        ],
    );
    let task = strukt(
        "Task",
        vec![
            (
                "name",
                default(&Type::string(), "task-{{processes[0].name}}"),
            ),
            ("processes", required(&Type::list(&process))),
        ],
    );
    let job = strukt(
        "Job",
        vec![
            ("name", default(&Type::string(), "{{task.name}}")),
            ("task", required(&task)),
        ],
    );
    (process, task, job)
}

#[test]
fn internal_interpolate() {
    let (process, task, job) = task_types();
    let name = |o: &Object| o.field("name").unwrap().unwrap();
    assert_eq!(
        name(&new(&task, vec![])),
        string("task-{{processes[0].name}}")
    );
    let hello = o(&new(
        &process,
        vec![
            ("name", s("hello_world")),
            ("cmdline", s("echo hello_world")),
        ],
    ));
    let t = new(&task, vec![("processes", list(vec![hello.clone()]))]);
    assert_eq!(name(&t), string("task-hello_world"));
    let hello2 = o(&new(
        &process,
        vec![
            ("name", s("hello_world2")),
            ("cmdline", s("echo hello world")),
        ],
    ));
    let t = new(&task, vec![("processes", list(vec![hello, hello2]))]);
    assert_eq!(name(&t), string("task-hello_world"));
    let only_name = o(&new(&process, vec![("name", s("hello_world"))]));
    let j = new(
        &job,
        vec![(
            "task",
            o(&new(&task, vec![("processes", list(vec![only_name]))])),
        )],
    );
    assert_eq!(name(&j), string("task-hello_world"));
}

#[test]
fn find() {
    let resources = strukt(
        "Resources",
        vec![
            ("cpu", required(&Type::float())),
            ("ram", optional(&Type::integer())),
            ("disks", optional(&Type::list(&Type::string()))),
        ],
    );
    let process = strukt(
        "Process",
        vec![
            ("name", required(&Type::string())),
            (
                "resources",
                optional(&Type::map(&Type::string(), &resources)),
            ),
        ],
    );
    let res0 = new(&resources, vec![("cpu", 0.0.into()), ("ram", 0.into())]);
    let res1 = new(
        &resources,
        vec![
            ("cpu", 1.0.into()),
            ("ram", 1.into()),
            ("disks", list(vec![s("hda3")])),
        ],
    );
    let res2 = new(
        &resources,
        vec![
            ("cpu", 2.0.into()),
            ("ram", 2.into()),
            ("disks", list(vec![s("hda3"), s("hdb3")])),
        ],
    );
    let proc_ = new(
        &process,
        vec![
            ("name", s("hello")),
            (
                "resources",
                dict(vec![
                    ("res0", o(&res0)),
                    ("res1", o(&res1)),
                    ("res2", o(&res2)),
                ]),
            ),
        ],
    );
    let find = |a: &str| proc_.find(&r(a));
    let kind = |a: &str| find(a).unwrap_err().kind();
    assert_eq!(kind("herp"), ErrorKind::NotFound);
    assert_eq!(find("name").unwrap(), string("hello"));
    assert_eq!(find("resources[res0].cpu").unwrap(), float(0.0));
    assert_eq!(find("resources[res0].ram").unwrap(), integer(0));
    assert_eq!(kind("resources[res0].disks"), ErrorKind::NotFound);
    assert_eq!(kind("resources.res0.disks"), ErrorKind::Naming);
    assert_eq!(kind("resources[res0][disks]"), ErrorKind::Naming);
    assert_eq!(kind("name.herp"), ErrorKind::Unnamable);
    assert_eq!(kind("name[herp]"), ErrorKind::Unnamable);
    assert_eq!(find("resources[res1].ram").unwrap(), integer(1));
    assert_eq!(find("resources[res1].disks[0]").unwrap(), string("hda3"));
    assert_eq!(find("resources[res2].disks[0]").unwrap(), string("hda3"));
    assert_eq!(find("resources[res2].disks[1]").unwrap(), string("hdb3"));
    let messages: Vec<String> = [
        "herp",
        "resources.res0.disks",
        "resources[res0][disks]",
        "name.herp",
    ]
    .iter()
    .map(|a| find(a).unwrap_err().to_string())
    .collect();
    insta::assert_snapshot!(messages.join("\n"), @r"
    Could not find herp in object Process
    Cannot dereference object StringResourcesMap by .res0
    Cannot dereference object Resources by [disks]
    Object is not indexable: String
    ");
}

#[test]
fn getattr_functions() {
    let (resources, process) = resources_process();
    assert_eq!(
        new(&process, vec![("name", s("hello"))])
            .field("name")
            .unwrap()
            .unwrap(),
        string("hello")
    );
    assert!(!new(&process, vec![]).has_field("name").unwrap());
    assert!(new(&process, vec![("name", s("hello"))])
        .has_field("name")
        .unwrap());

    let p = new(&process, vec![("name", s("hello"))]);
    let empty = o(&new(&resources, vec![]));
    let p1 = p
        .with_fields(&kw(vec![("resources", dict(vec![("foo", empty.clone())]))]))
        .unwrap();
    let p2 = bind(
        &p.with_fields(&kw(vec![("resources", dict(vec![("{{whee}}", empty)]))]))
            .unwrap(),
        vec![("whee", s("foo"))],
    );
    assert!(p1.has_field("resources").unwrap());
    assert!(p2.has_field("resources").unwrap());
    assert!(p1
        .field("resources")
        .unwrap()
        .unwrap()
        .contains(&o(&string("foo")))
        .unwrap());
    assert!(p2
        .field("resources")
        .unwrap()
        .unwrap()
        .contains(&o(&string("foo")))
        .unwrap());
}

#[test]
fn getattr_bad_cases() {
    let tricky = strukt("Tricky", vec![("has_stuff", optional(&Type::integer()))]);
    let t = new(&tricky, vec![]);
    assert_eq!(
        t.getattr("has_has_stuff").unwrap(),
        StructAttr::HasField("has_stuff".into())
    );
    assert!(!t.has_field("has_stuff").unwrap());
    // `has_stuff` is not a `has_` accessor (there is no field `stuff`), so it is the field.
    assert_eq!(
        t.getattr("has_stuff").unwrap(),
        StructAttr::Field("has_stuff".into())
    );
    assert_eq!(t.field("has_stuff").unwrap(), None);
    let err = t.getattr("this_should_properly_raise").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Attribute);
    assert_eq!(
        err.to_string(),
        "Tricky has no attribute this_should_properly_raise"
    );
}

#[test]
fn self_super() {
    let child = strukt("Child", vec![("value", optional(&Type::integer()))]);
    let parent = strukt(
        "Parent",
        vec![
            ("child", optional(&child)),
            ("value", optional(&Type::integer())),
        ],
    );
    let grandparent = strukt(
        "Grandparent",
        vec![
            ("parent", optional(&parent)),
            ("value", optional(&Type::integer())),
        ],
    );
    let child_value = |p: &Object| {
        let c = p.field("child").unwrap().unwrap();
        c.field("value").unwrap().unwrap().get().unwrap()
    };

    let p = new(
        &parent,
        vec![
            (
                "child",
                o(&new(&child, vec![("value", s("{{super.value}}"))])),
            ),
            ("value", 23.into()),
        ],
    );
    assert!(child_value(&interp(&p)).py_eq(&23.into()).unwrap());

    let inner = new(
        &parent,
        vec![(
            "child",
            o(&new(&child, vec![("value", s("{{super.super.value}}"))])),
        )],
    );
    let g = interp(&new(
        &grandparent,
        vec![("parent", o(&inner)), ("value", 23.into())],
    ));
    assert!(child_value(&g.field("parent").unwrap().unwrap())
        .py_eq(&23.into())
        .unwrap());

    let p = new(
        &parent,
        vec![
            ("child", o(&new(&child, vec![("value", 23.into())]))),
            ("value", s("{{child.value}}")),
        ],
    );
    assert!(child_value(&interp(&p)).py_eq(&23.into()).unwrap());
    assert_eq!(interp(&p).field("value").unwrap().unwrap(), integer(23));

    let p = new(
        &parent,
        vec![
            ("child", o(&new(&child, vec![("value", 23.into())]))),
            ("value", s("{{self.child.value}}")),
        ],
    );
    assert_eq!(interp(&p).field("value").unwrap().unwrap(), integer(23));
}

#[test]
fn hashing() {
    let resources = resources_cpu_ram();
    let process = strukt(
        "Process",
        vec![
            ("name", optional(&Type::string())),
            ("resources", optional(&resources)),
        ],
    );
    let mut map: HashMap<i64, Vec<Object>> = HashMap::new();
    let keys = [
        new(&resources, vec![]),
        new(&process, vec![]),
        new(&resources, vec![("cpu", 1.1.into())]),
        new(
            &process,
            vec![("resources", o(&new(&resources, vec![("cpu", 1.1.into())])))],
        ),
    ];
    for k in keys {
        map.entry(k.py_hash().unwrap()).or_default().push(k);
    }
    let contains = |k: &Object| {
        map.get(&k.py_hash().unwrap())
            .is_some_and(|bucket| bucket.iter().any(|o| o == k))
    };
    assert!(contains(&new(&resources, vec![])));
    assert!(contains(&new(&process, vec![])));
    assert!(contains(&new(&resources, vec![("cpu", 1.1.into())])));
    assert!(!contains(&new(&resources, vec![("cpu", 2.2.into())])));
    assert!(contains(&new(
        &process,
        vec![("resources", o(&new(&resources, vec![("cpu", 1.1.into())])))]
    )));
    assert!(!contains(&new(
        &process,
        vec![("resources", o(&new(&resources, vec![("cpu", 2.2.into())])))]
    )));
}

#[test]
fn subclass_keeps_parent_fields() {
    let a = strukt(
        "A",
        vec![
            ("a", optional(&Type::string())),
            ("b", optional(&Type::integer())),
        ],
    );
    let b = a.subclass("B").unwrap();
    let obj = new(&b, vec![("a", s("x")), ("b", 3.into())]);
    insta::assert_snapshot!(repr(&obj), @r"
    B(a=x,
      b=3)
    ");
    // A subclass is a different class for isinstance: a field of type A rejects it.
    assert!(!a.is_instance(&obj));
    let c = strukt("C", vec![("x", optional(&a))]);
    let err = c
        .call(&[], &kw(vec![("x", o(&new(&b, vec![("a", s("y"))])))]))
        .unwrap_err();
    assert_eq!(err.to_string(), "Expected dictionary argument, got B(a=y)");
    // Structurally, instances still compare equal.
    assert_eq!(new(&b, vec![("a", s("x"))]), new(&a, vec![("a", s("x"))]));
}

#[test]
fn enum_fields_are_rebuilt_classes() {
    // A struct's field types are rebuilt from their serialized form, so an enum value made
    // from the original class is a different class from one coerced by the field.
    let e = Type::enum_from_args(&[s("A"), s("B")]).unwrap();
    let r = strukt("R", vec![("mode", optional(&e))]);
    assert_ne!(
        new(&r, vec![("mode", o(&make(&e, "A")))]),
        new(&r, vec![("mode", s("A"))])
    );
    assert_eq!(
        new(&r, vec![("mode", s("A"))]),
        new(&r, vec![("mode", s("A"))])
    );
}
