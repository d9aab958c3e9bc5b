//! Scopes, origins and limits: behaviour the evaluator relies on beyond pystachio's own tests.

mod pystachio_support;

use aurora_compiler::pystachio::{split_mustache, ErrorKind, Kwarg, Object, PyValue, Ref, Type};
use aurora_dsl::{FileId, Span};
use pystachio_support::*;

#[test]
fn bind_puts_new_scopes_first_and_in_scope_last() {
    let a = string("{{a}}");
    assert_eq!(
        text(&bind(
            &bind(&a, vec![("a", 1.into())]),
            vec![("a", 2.into())]
        )),
        "2"
    );
    assert_eq!(
        text(&in_scope(
            &in_scope(&a, vec![("a", 1.into())]),
            vec![("a", 2.into())]
        )),
        "1"
    );
    // Positional scopes: the last one given is searched first, keywords before all.
    let d = |v: i64| dict(vec![("a", v.into())]);
    assert_eq!(text(&a.bind(&[d(1), d(2)], &[]).unwrap()), "2");
    assert_eq!(
        text(&a.bind(&[d(1)], &kv(vec![("a", 3.into())])).unwrap()),
        "3"
    );
    assert_eq!(text(&a.in_scope(&[d(1), d(2)], &[]).unwrap()), "1");
    // Nested dicts bind dotted names.
    let b = string("{{x.y.z}}");
    assert_eq!(
        text(&bind(
            &b,
            vec![("x", dict(vec![("y", dict(vec![("z", 1.5.into())]))]))]
        )),
        "1.5"
    );
}

#[test]
fn bind_accepts_what_pystachio_accepts() {
    let x = integer("{{x}}");
    // A bare number or string becomes a scope that fails when searched.
    let err = x.bind(&[5.into()], &[]).unwrap().interpolate().unwrap_err();
    assert_eq!(
        (err.kind(), err.to_string()),
        (
            ErrorKind::Type,
            "expected a string or other character buffer object".into()
        )
    );
    // So does a simple object.
    let err = x
        .bind(&[o(&integer(1))], &[])
        .unwrap()
        .interpolate()
        .unwrap_err();
    assert_eq!(err.to_string(), "'Integer' object has no attribute 'find'");
    // Neither matters while there is nothing to look up.
    assert_eq!(
        repr(&interp(&integer("1").bind(&[5.into()], &[]).unwrap())),
        "Integer(1)"
    );
    let err = x.bind(&[PyValue::None], &[]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Value);
    // Structs, lists and maps are searched directly.
    let point = strukt("Point", vec![("x", optional(&Type::integer()))]);
    let bound = x
        .bind(&[o(&new(&point, vec![("x", 7.into())]))], &[])
        .unwrap();
    assert_eq!(text(&bound), "7");
}

#[test]
fn struct_fields_see_the_struct_and_its_scopes() {
    let process = strukt(
        "Process",
        vec![
            ("name", optional(&Type::string())),
            ("cmdline", optional(&Type::string())),
        ],
    );
    let p = new(
        &process,
        vec![
            ("name", s("web")),
            ("cmdline", s("run {{name}} on {{port}}")),
        ],
    );
    assert_eq!(
        text(&p.field("cmdline").unwrap().unwrap()),
        "run web on {{port}}"
    );
    let bound = bind(&p, vec![("port", 8080.into())]);
    assert_eq!(
        text(&bound.field("cmdline").unwrap().unwrap()),
        "run web on 8080"
    );
    // A field's own binding wins over the struct's.
    let own = bind(&string("{{port}}"), vec![("port", 1.into())]);
    let p = bind(
        &new(&process, vec![("cmdline", o(&own))]),
        vec![("port", 2.into())],
    );
    assert_eq!(text(&p.field("cmdline").unwrap().unwrap()), "1");
    // Unset fields are not names: the ref stays unbound.
    let p = new(&process, vec![("cmdline", s("{{name}}"))]);
    assert_eq!(unbound(&p), ["name"]);
}

fn span(start: usize) -> Span {
    Span::new(FileId(0), start, start + 5)
}

#[test]
fn check_failures_point_at_the_argument() {
    let process = strukt(
        "Process",
        vec![
            ("name", required(&Type::string())),
            ("max_failures", optional(&Type::integer())),
        ],
    );
    let task = strukt("Task", vec![("processes", optional(&Type::list(&process)))]);
    let p = process
        .call(
            &[],
            &[
                Kwarg::new("name", "web").at(span(1)),
                Kwarg::new("max_failures", "many").at(span(20)),
            ],
        )
        .unwrap()
        .with_origin(Some(span(0)));
    let tc = p.check().unwrap();
    assert_eq!(
        tc.message,
        "Process[max_failures] failed: Unable to interpolate: Cannot coerce 'many' to Integer"
    );
    assert_eq!(tc.origin, Some(span(20)));
    // Origins survive copies, binds and nesting; the innermost one is reported.
    let t = new(
        &task,
        vec![("processes", list(vec![o(&bind(&p, vec![("x", 1.into())]))]))],
    );
    assert_eq!(t.check().unwrap().origin, Some(span(20)));
    // A missing required field points at the struct.
    let unnamed = process.call(&[], &[]).unwrap().with_origin(Some(span(40)));
    let tc = unnamed
        .with_fields(&[Kwarg::new("max_failures", 1)])
        .unwrap()
        .check()
        .unwrap();
    assert_eq!(
        (tc.message.as_str(), tc.origin),
        ("Process[name] is required.", Some(span(40)))
    );
    let p = p
        .with_fields(&[Kwarg::new("max_failures", "{{n}}").at(span(60))])
        .unwrap();
    assert_eq!(
        p.field("max_failures").unwrap().unwrap().origin(),
        Some(span(60))
    );
    assert_eq!(
        interp(&bind(&p, vec![("n", 1.into())])).origin(),
        Some(span(0))
    );
}

#[test]
fn deep_template_chains_stop_at_the_depth_limit() {
    let chain = |depth: usize| {
        let mut value = string("end");
        for _ in 0..depth {
            value = bind(&string("{{x}}"), vec![("x", o(&value))]);
        }
        value
    };
    assert_eq!(text(&chain(40)), "end");
    let err = chain(1000).interpolate().unwrap_err();
    assert_eq!(
        (err.kind(), err.to_string()),
        (
            ErrorKind::Recursion,
            "maximum recursion depth exceeded".into()
        )
    );
    assert_eq!(
        chain(1000).check().unwrap_err().kind(),
        ErrorKind::Recursion,
        "check() passes the limit on, as Python's RuntimeError"
    );
}

#[test]
fn long_bind_chains_stay_flat() {
    let mut value = string("{{a}}");
    for i in 0..20_000 {
        value = bind(&value, vec![("b", i.into())]);
        value = in_scope(&value, vec![("c", i.into())]);
    }
    assert_eq!(text(&in_scope(&value, vec![("a", 1.into())])), "1");
}

#[test]
fn arbitrary_templates_never_panic() {
    let alphabet = ['{', '}', '&', 'a', '.', '[', ']', '0', ' '];
    let scope = bind(&string(""), vec![("a", s("{{a}}"))]);
    let mut words = vec![String::new()];
    for _ in 0..5 {
        let mut longer = Vec::new();
        for w in &words {
            for c in alphabet {
                longer.push(format!("{w}{c}"));
            }
        }
        for w in &longer {
            let _ = split_mustache(w, true);
            let _ = split_mustache(w, false);
            let _ = Ref::from_address(w);
            let probe: Object = bind(&string(w.as_str()), vec![("a", s("{{a}}"))]);
            let _ = probe.check();
            let _ = scope.find(&Ref::from_address("a").unwrap());
        }
        words = longer;
    }
}

#[test]
fn nested_scopes_match_pystachio() {
    let process = strukt(
        "Process",
        vec![
            ("name", required(&Type::string())),
            ("cmdline", optional(&Type::string())),
            (
                "env",
                optional(&Type::map(&Type::string(), &Type::string())),
            ),
        ],
    );
    let task = strukt(
        "Task",
        vec![
            ("name", default(&Type::string(), "task")),
            ("processes", optional(&Type::list(&process))),
            (
                "weights",
                optional(&Type::map(&Type::string(), &Type::integer())),
            ),
        ],
    );
    let p1 = new(
        &process,
        vec![
            ("name", s("p1")),
            ("cmdline", s("{{super.name}} {{name}} {{self.name}} {{x}}")),
        ],
    );
    let p2 = new(
        &process,
        vec![
            ("name", s("p2")),
            ("cmdline", s("{{super.super.q}}")),
            (
                "env",
                py2_sdict(vec![("K", s("{{name}}")), ("Z", s("{{zz}}"))]),
            ),
        ],
    );
    let t = new(
        &task,
        vec![
            ("name", s("t1")),
            ("processes", list(vec![o(&p1), o(&p2)])),
            (
                "weights",
                py2_sdict(vec![("b", s("{{w}}")), ("a", 2.into())]),
            ),
        ],
    );
    let processes = t.field("processes").unwrap().unwrap();
    let report = [
        repr(&t),
        format!("{:?}", t.interpolate().unwrap().1),
        t.check().unwrap().to_string(),
        bind(&t, vec![("w", s("x"))]).check().unwrap().to_string(),
        bind(&t, vec![("w", 3.into())]).check().unwrap().to_string(),
        repr(&processes.index(1).unwrap().field("env").unwrap().unwrap()),
        t.get().unwrap().repr().unwrap(),
        text(&t.find(&r("processes[1].env[K]")).unwrap()),
        repr(&interp(&bind(&t, vec![("q", 9.into())]))),
    ];
    // Checked against pystachio 0.8.5 on CPython 2.7 (tuples print as lists, frozendicts as
    // dicts).
    insta::assert_snapshot!(report.join("\n"), @r"
    Task(processes=ProcessList(Process(cmdline=t1 p1 p1 {{x}},
            name=p1), Process(cmdline={{super.super.q}},
            name=p2,
            env=StringStringMap(K => p2, Z => {{zz}}))),
         weights=StringIntegerMap(a => 2, b => {{w}}),
         name=t1)
    [Ref(super.super.q), Ref(zz), Ref(x), Ref(w)]
    TypeCheck(FAILED): Task[weights] failed: StringIntegerMap[b] value {{w}} failed check: u'{{w}}' not an integer
    TypeCheck(FAILED): Task[weights] failed: StringIntegerMap[b] value {{w}} failed check: Unable to interpolate: Cannot coerce 'x' to Integer
    TypeCheck(OK)
    StringStringMap(K => p2, Z => {{zz}})
    {'processes': [{'cmdline': '{{super.name}} {{name}} {{self.name}} {{x}}', 'name': 'p1'}, {'cmdline': '{{super.super.q}}', 'name': 'p2', 'env': {'K': '{{name}}', 'Z': '{{zz}}'}}], 'weights': {'a': 2, 'b': '{{w}}'}, 'name': 't1'}
    p2
    Task(processes=ProcessList(Process(cmdline=t1 p1 p1 {{x}},
            name=p1), Process(cmdline=9,
            name=p2,
            env=StringStringMap(K => p2, Z => {{zz}}))),
         weights=StringIntegerMap(a => 2, b => {{w}}),
         name=t1)
    ");
}
