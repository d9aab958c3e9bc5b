//! pystachio's tests/test_bigger_examples.py: a small Thermos-like schema end to end.

mod pystachio_support;

use aurora_compiler::pystachio::{PyValue, Type};
use pystachio_support::*;

struct Schema {
    resources: Type,
    process: Type,
    task: Type,
}

fn schema() -> Schema {
    let command_line = strukt(
        "CommandLine",
        vec![
            ("binary", required(&Type::string())),
            ("args", optional(&Type::list(&Type::string()))),
            (
                "params",
                optional(&Type::map(&Type::string(), &Type::string())),
            ),
        ],
    );
    let resources = strukt(
        "Resources",
        vec![
            ("cpu", required(&Type::float())),
            ("ram", required(&Type::integer())),
            ("disk", default(&Type::integer(), 2i64 * (1 << 30))),
        ],
    );
    let process = strukt(
        "Process",
        vec![
            ("name", required(&Type::string())),
            ("resources", required(&resources)),
            ("cmdline", optional(&Type::string())),
            ("command", optional(&command_line)),
            ("max_failures", default(&Type::integer(), 1)),
        ],
    );
    let task = strukt(
        "Task",
        vec![
            ("name", required(&Type::string())),
            ("processes", required(&Type::list(&process))),
            ("max_failures", default(&Type::integer(), 1)),
        ],
    );
    Schema {
        resources,
        process,
        task,
    }
}

#[test]
fn simple_task() {
    let Schema {
        resources,
        process,
        task,
    } = schema();
    let template = new(
        &process,
        vec![
            ("name", s("{{process.name}}")),
            (
                "resources",
                o(&new(
                    &resources,
                    vec![("cpu", 1.0.into()), ("ram", (1i64 << 24).into())],
                )),
            ),
            (
                "cmdline",
                s("echo I am {{process.name}} in {{mesos.datacenter}}."),
            ),
        ],
    );
    let named = |n: &str| {
        o(&bind(
            &template,
            vec![("process", dict(vec![("name", s(n))]))],
        ))
    };
    let basic = new(&task, vec![("name", s("basic"))])
        .with_fields(&kw(vec![(
            "processes",
            list(vec![
                named("process_1"),
                named("process_2"),
                named("process_3"),
            ]),
        )]))
        .unwrap();
    assert_eq!(unbound(&basic), ["mesos.datacenter"]);
    let placed = basic
        .percent(&dict(vec![(
            "mesos",
            dict(vec![("datacenter", s("california"))]),
        )]))
        .unwrap();
    let (bi, refs) = placed.interpolate().unwrap();
    assert!(refs.is_empty());
    assert!(ok(&bi));
    insta::assert_snapshot!(repr(&bi.find(&r("processes[1]")).unwrap()), @r"
    Process(cmdline=echo I am process_2 in california.,
            max_failures=1,
            name=process_2,
            resources=Resources(disk=2147483648,
              ram=16777216,
              cpu=1.0))
    ");
}

#[test]
fn type_type_type() {
    let si = || Type::map(&Type::string(), &Type::integer());
    assert!(!si().is(&si()), "types are no longer memoized");
    assert!(si().is_instance(&make(&si(), dict(vec![]))));
    let nested = || Type::map(&si(), &Type::integer());
    assert!(nested().is_instance(&make(&nested(), dict(vec![]))));

    let fake_ages = make(
        &si(),
        py2_sdict(vec![
            ("brian", 28.into()),
            ("robey", 5000.into()),
            ("ian", 15.into()),
        ]),
    );
    let real_ages = make(
        &si(),
        py2_sdict(vec![
            ("brian", 30.into()),
            ("robey", 37.into()),
            ("ian", 21.into()),
        ]),
    );
    let believability = make(
        &nested(),
        py2_dict(vec![
            (o(&fake_ages), PyValue::from(0)),
            (o(&real_ages), PyValue::from(1)),
        ]),
    );
    assert_eq!(make(&nested(), believability.get().unwrap()), believability);
}

#[test]
fn recursive_unwrapping() {
    let Schema { task, .. } = schema();
    let process = |with_name: bool| {
        let mut entries = vec![
            (
                "resources",
                dict(vec![("cpu", 1.0.into()), ("ram", 100.into())]),
            ),
            ("cmdline", s("echo hello world")),
        ];
        if with_name {
            entries.insert(0, ("name", s("process1")));
        }
        dict(entries)
    };
    for with_name in [true, false] {
        let spec = dict(vec![
            ("name", s("basic")),
            ("processes", list(vec![process(with_name)])),
        ]);
        let PyValue::Dict(entries) = &spec else {
            unreachable!()
        };
        let keywords = kw(entries
            .iter()
            .map(|(k, v)| (k.as_str().unwrap(), v.clone()))
            .collect());
        let by_keywords = task.call(&[], &keywords).unwrap();
        let by_dict = task.construct(&spec).unwrap();
        let by_both = task.call(std::slice::from_ref(&spec), &keywords).unwrap();
        for t in [&by_keywords, &by_dict, &by_both] {
            assert_eq!(ok(t), with_name);
        }
        assert_eq!(by_dict, task.construct(&by_dict.get().unwrap()).unwrap());
    }
    let missing = task.construct(&dict(vec![
        ("name", s("basic")),
        ("processes", list(vec![process(false)])),
    ]));
    assert_eq!(
        missing.unwrap().check().unwrap().message,
        "Task[processes] failed: Element in ProcessList failed check: Process[name] is required."
    );
}
