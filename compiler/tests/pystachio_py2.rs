//! Python 2.7's hashes and dict/set order, which decide the order of pystachio's output.
//! Expected values come from CPython 2.7.18 (64-bit).

mod pystachio_support;

use aurora_compiler::py2hash::{float_hash, insertion_order, str_hash, tuple_hash, Py2Table};
use aurora_compiler::pystachio::{PyValue, Type};
use pystachio_support::*;

#[test]
fn string_hashes_match_cpython() {
    assert_eq!(str_hash(""), 0);
    assert_eq!(str_hash("a"), 12416037344);
    assert_eq!(str_hash("abc"), 1453079729188098211);
    assert_eq!(str_hash("name"), -4166578487145698715);
    assert_eq!(str_hash("__module__"), -7956399495435301758);
    assert_eq!(str_hash("processes"), -7076044489285485470);
    assert_eq!(str_hash("max_failures"), -7245136222720699508);
}

#[test]
fn float_hashes_match_cpython() {
    assert_eq!(float_hash(1.5), 1610645504);
    assert_eq!(float_hash(-2.5e-3), -2920839966);
    assert_eq!(float_hash(1e300), 8474648701417850880);
    assert_eq!(float_hash(-1e300), -8474648701417850880);
    assert_eq!(float_hash(2f64.powi(62)), 4611686018427387904);
    assert_eq!(float_hash(2f64.powi(63)), -9223372036854775808);
    assert_eq!(float_hash(3.0), 3);
    assert_eq!(float_hash(-1.0), -2);
    assert_eq!(float_hash(0.1), 2576882278);
    assert_eq!(float_hash(1e-310), 2482351555);
    assert_eq!(float_hash(f64::NAN), 0);
    assert_eq!(float_hash(f64::INFINITY), 314159);
}

#[test]
fn tuple_hashes_match_cpython() {
    let pair = PyValue::List(vec![1.into(), "a".into()]);
    assert_eq!(pair.py_hash().unwrap(), 3703129313087942906);
    assert_eq!(tuple_hash(&[]), 3527539);
    assert_eq!(tuple_hash(&[str_hash("a")]), 12418971936901571);
    let nested = PyValue::List(vec![
        PyValue::List(vec!["a".into(), 1.into()]),
        PyValue::List(vec!["b".into(), PyValue::List(vec![1.into(), 2.into()])]),
    ]);
    assert_eq!(nested.py_hash().unwrap(), 251568600635788443);
}

#[test]
fn dict_order_matches_cpython() {
    let keys = ["b", "a", "c", "aa", "bb", "zz", "q", "name", "cmdline"];
    let hashes: Vec<i64> = keys.iter().map(|k| str_hash(k)).collect();
    let order: Vec<&str> = insertion_order(&hashes)
        .into_iter()
        .map(|i| keys[i])
        .collect();
    assert_eq!(
        order,
        ["a", "aa", "c", "b", "name", "bb", "q", "cmdline", "zz"]
    );

    let mut table = Py2Table::new();
    for h in &hashes {
        table.insert(*h, |_| false);
    }
    let copied: Vec<&str> = table
        .copied()
        .order()
        .into_iter()
        .map(|i| keys[table.order()[i]])
        .collect();
    assert_eq!(
        copied,
        ["a", "aa", "c", "b", "name", "bb", "q", "cmdline", "zz"]
    );
}

fn process_type() -> Type {
    strukt(
        "Process",
        vec![
            ("name", required(&Type::string())),
            ("cmdline", required(&Type::string())),
            ("max_failures", default(&Type::integer(), 1)),
            ("daemon", default(&Type::boolean(), false)),
            ("ephemeral", default(&Type::boolean(), false)),
            ("min_duration", default(&Type::integer(), 5)),
            ("final", default(&Type::boolean(), false)),
            ("logger", optional(&Type::string())),
        ],
    )
}

fn field_names(ty: &Type) -> Vec<&str> {
    ty.as_struct()
        .unwrap()
        .fields()
        .iter()
        .map(|f| f.name())
        .collect()
}

fn get_keys(object: &aurora_compiler::pystachio::Object) -> Vec<String> {
    match object.get().unwrap() {
        PyValue::Dict(entries) => entries
            .iter()
            .map(|(k, _)| k.as_str().unwrap().to_owned())
            .collect(),
        other => panic!("struct get() is a dict, got {other:?}"),
    }
}

#[test]
fn struct_field_order_is_python2_dict_order() {
    let process = process_type();
    assert_eq!(
        field_names(&process),
        [
            "daemon",
            "name",
            "ephemeral",
            "max_failures",
            "min_duration",
            "cmdline",
            "logger",
            "final"
        ]
    );
    assert_eq!(
        get_keys(&new(&process, vec![])),
        [
            "max_failures",
            "daemon",
            "ephemeral",
            "final",
            "min_duration"
        ]
    );
    // List(Process) rebuilds Process from its serialized (sorted) form.
    let rebuilt = Type::list(&process);
    let aurora_compiler::pystachio::TypeKind::List(element) = rebuilt.kind() else {
        unreachable!()
    };
    assert_eq!(
        field_names(element),
        [
            "daemon",
            "name",
            "max_failures",
            "ephemeral",
            "min_duration",
            "cmdline",
            "logger",
            "final"
        ]
    );

    let s = Type::string();
    let names = [
        "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "b1", "b2", "b3", "zeta", "alpha",
        "x", "y", "z",
    ];
    let mut fields: Vec<(&str, _)> = names.iter().map(|n| (*n, optional(&s))).collect();
    fields.insert(14, ("omega", optional(&Type::integer())));
    let many = strukt("Many", fields);
    assert_eq!(
        field_names(&many),
        [
            "x", "b2", "b3", "a1", "y", "a3", "a2", "a5", "a4", "a7", "a6", "a9", "alpha", "zeta",
            "z", "omega", "a8", "b1"
        ]
    );
    let all_bad: Vec<(&str, PyValue)> = (1..10)
        .map(|i| (names[i - 1], list(vec![s_("x")])))
        .collect();
    let check = new(&many, all_bad).check().unwrap();
    assert_eq!(
        check.message,
        "Many[a7] failed: Unable to interpolate: Cannot coerce '['x']' to String"
    );
    let three = new(
        &many,
        vec![
            ("zeta", s_("zeta")),
            ("alpha", s_("alpha")),
            ("omega", 1.into()),
        ],
    );
    assert_eq!(get_keys(&three), ["alpha", "zeta", "omega"]);
}

fn s_(text: &str) -> PyValue {
    s(text)
}

#[test]
fn first_failing_field_follows_python2_order() {
    let process = process_type();
    assert_eq!(
        new(&process, vec![]).check().unwrap().message,
        "Process[name] is required."
    );
    let resources = strukt(
        "Resources",
        vec![
            ("cpu", required(&Type::float())),
            ("ram", required(&Type::integer())),
            ("disk", required(&Type::integer())),
            ("gpu", default(&Type::integer(), 0)),
        ],
    );
    assert_eq!(
        new(&resources, vec![]).check().unwrap().message,
        "Resources[disk] is required."
    );
    let err = process
        .call(
            &[],
            &called_with(vec![
                ("foo", 1.into()),
                ("bar", 2.into()),
                ("baz", 3.into()),
                ("qux", 4.into()),
            ]),
        )
        .unwrap_err();
    // CPython 2.7.18 + pystachio 0.8.5 go by hash order (`Process(foo=1, bar=2, baz=3, qux=4)`).
    assert_eq!(err.message(), "Unknown schema attribute qux");
    let err = process
        .call(
            &[],
            &called_with(vec![("zzz", 1.into()), ("aaa", 2.into())]),
        )
        .unwrap_err();
    assert_eq!(err.message(), "Unknown schema attribute aaa");
}

#[test]
fn unbound_refs_come_in_python2_set_order() {
    let refs = [
        "a",
        "b",
        "c",
        "d",
        "e",
        "f",
        "g",
        "h",
        "x.y",
        "x[0]",
        "mesos.instance",
        "thermos.ports[http]",
        "role",
        "cluster",
        "environment",
        "x[1]",
        "z",
    ];
    let template: String = refs.iter().map(|r| format!("{{{{{r}}}}}")).collect();
    let strings = Type::list(&Type::string());
    let l = make(&strings, list(vec![s(&template)]));
    assert_eq!(
        unbound(&l),
        [
            "x[1]",
            "a",
            "z",
            "x[0]",
            "c",
            "x.y",
            "thermos.ports[http]",
            "b",
            "h",
            "e",
            "d",
            "environment",
            "g",
            "cluster",
            "f",
            "mesos.instance",
            "role"
        ]
    );
    let l = make(&strings, list(vec![s("{{b}}"), s("{{a}}"), s("{{b}}")]));
    assert_eq!(unbound(&l), ["a", "b"]);
    // A simple object reports refs in order of appearance, repeats included.
    assert_eq!(unbound(&string("{{b}}{{a}}{{b}}")), ["b", "a", "b"]);
}
