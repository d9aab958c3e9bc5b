//! pystachio's tests/test_parsing.py: splitting and resolving `{{mustache}}` templates.

mod pystachio_support;

use aurora_compiler::pystachio::{
    join_mustache, resolve_mustache, split_mustache, Environment, ErrorKind, Piece, PyValue, Type,
};
use pystachio_support::*;

fn text(t: &str) -> Piece {
    Piece::Text(t.to_owned())
}

fn rp(address: &str) -> Piece {
    Piece::Ref(r(address))
}

fn split(t: &str) -> Vec<Piece> {
    split_mustache(t, false).unwrap()
}

#[test]
fn mustache_re() {
    assert_eq!(split("{{foo}}"), [rp("foo")]);
    assert_eq!(split("{{_}}"), [rp("_")]);
    assert_eq!(
        split_mustache("{{4}}", false).unwrap_err().kind(),
        ErrorKind::InvalidRef
    );
    let slash_w: String = ('a'..='z')
        .chain('A'..='Z')
        .chain('0'..='9')
        .chain(['_'])
        .collect();
    assert_eq!(split(&format!("{{{{{slash_w}}}}}")), [rp(&slash_w)]);

    // Bracketing.
    assert_eq!(split("{{{foo}}"), [text("{"), rp("foo")]);
    assert_eq!(split("{{foo}}}"), [rp("foo"), text("}")]);
    assert_eq!(split("{{{foo}}}"), [text("{"), rp("foo"), text("}")]);
    assert_eq!(split("{{}}"), [text("{{}}")]);
    assert_eq!(split("{{{}}}"), [text("{{{}}}")]);
    assert_eq!(split("{{{{foo}}}}"), [text("{{"), rp("foo"), text("}}")]);

    for bad in ["!@", "-", "$", ":"] {
        let err = split_mustache(&format!("{{{{{bad}}}}}"), false).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRef, "{bad}");
    }
}

#[test]
fn mustache_splitting() {
    assert_eq!(split("{{foo}}"), [rp("foo")]);
    assert_eq!(split("{{&foo}}"), [text("{{foo}}")]);
    assert_eq!(
        split("blech {{foo}} {{bar}} bonk {{&baz}} bling"),
        [
            text("blech "),
            rp("foo"),
            text(" "),
            rp("bar"),
            text(" bonk "),
            text("{{baz}}"),
            text(" bling")
        ]
    );
    // While resolving, escapes keep their `&`; a trailing `&` closes an escape.
    assert_eq!(
        split_mustache("{{&foo}}", true).unwrap(),
        [text("{{&foo}}")]
    );
    assert_eq!(split("{{&foo&}}"), [text("{{foo}}")]);
    assert_eq!(split_mustache("{{&}}", false).unwrap_err().to_string(), "&");
}

#[test]
fn mustache_joining() {
    let oe = env(vec![
        ("foo", s("foo herp")),
        ("bar", s("bar derp")),
        ("baz", s("baz blerp")),
    ]);
    let scopes = [oe];
    let (joined, unbound) = join_mustache(&split("{{foo}}"), &scopes).unwrap();
    assert_eq!(joined, "foo herp");
    assert!(unbound.is_empty());

    let splits = split("blech {{foo}} {{bar}} bonk {{&baz}} bling");
    let (joined, unbound) = join_mustache(&splits, &scopes).unwrap();
    assert_eq!(joined, "blech foo herp bar derp bonk {{baz}} bling");
    assert!(unbound.is_empty());

    let (joined, unbound) = join_mustache(&split("{{foo}} {{bar}} {{unbound}}"), &scopes).unwrap();
    assert_eq!(joined, "foo herp bar derp {{unbound}}");
    assert_eq!(unbound, [r("unbound")]);
}

#[test]
fn nested_mustache_resolution() {
    // Straight.
    let oe = env(vec![
        ("foo", s("{{bar}}")),
        ("bar", s("{{baz}}")),
        ("baz", s("hello")),
    ]);
    for pattern in ["{{foo}}", "{{bar}}", "{{baz}}", "hello"] {
        let (resolved, unbound) =
            resolve_mustache(&format!("{pattern} world"), std::slice::from_ref(&oe)).unwrap();
        assert_eq!(resolved, "hello world");
        assert!(unbound.is_empty());
    }

    // In structs.
    let process = strukt(
        "Process",
        vec![
            ("name", required(&Type::string())),
            ("cmdline", optional(&Type::string())),
        ],
    );
    let task = strukt(
        "Task",
        vec![
            ("name", default(&Type::string(), "{{processes[0].name}}")),
            ("processes", optional(&Type::list(&process))),
        ],
    );
    let t = new(
        &task,
        vec![(
            "processes",
            list(vec![
                o(&new(&process, vec![("name", s("hello"))])),
                o(&new(&process, vec![("name", s("world"))])),
            ]),
        )],
    );
    assert_eq!(
        t.field("name").unwrap().unwrap().get().unwrap().as_str(),
        Some("hello")
    );

    // Iteratively.
    let template = "{{foo[{{bar}}]}}";
    let words = make(
        &Type::list(&Type::string()),
        list(vec![s("hello"), s("world")]),
    );
    let with_bar = |bar: PyValue| env(vec![("foo", o(&words)), ("bar", bar)]);
    let (resolved, unbound) = resolve_mustache(template, &[with_bar(0.into())]).unwrap();
    assert_eq!((resolved.as_str(), unbound.len()), ("hello", 0));
    let (resolved, unbound) = resolve_mustache(template, &[with_bar(s("0"))]).unwrap();
    assert_eq!((resolved.as_str(), unbound.len()), ("hello", 0));
    let (resolved, _) = resolve_mustache(template, &[with_bar(1.into())]).unwrap();
    assert_eq!(resolved, "world");
    let (resolved, unbound) = resolve_mustache(template, &[with_bar(2.into())]).unwrap();
    assert_eq!(resolved, "{{foo[2]}}");
    assert_eq!(unbound, [r("foo[2]")]);
}

#[test]
fn mustache_resolve_cycles() {
    let words = make(
        &Type::list(&Type::string()),
        list(vec![s("{{foo[{{bar}}]}}"), s("world")]),
    );
    let err = resolve_mustache(
        "{{foo[{{bar}}]}} {{baz}}",
        &[env(vec![("foo", o(&words))]), env(vec![("bar", 0.into())])],
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Uninterpolatable);
    assert_eq!(
        err.to_string(),
        "Unable to interpolate {{foo[{{bar}}]}} {{baz}}!  Maximum replacements reached."
    );
}

#[test]
fn self_referential_template_terminates() {
    let e = env(vec![("a", s("{{a}}"))]);
    let err = resolve_mustache("{{a}}", &[e]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Unable to interpolate {{a}}!  Maximum replacements reached."
    );
    let swap = bind(&string("{{a}}"), vec![("a", s("{{b}}")), ("b", s("{{a}}"))]);
    assert_eq!(
        swap.interpolate().unwrap_err().kind(),
        ErrorKind::Uninterpolatable
    );
    // check() reports it as a failure, as pystachio does.
    assert_eq!(
        swap.check().unwrap().message,
        "Unable to interpolate: Unable to interpolate {{a}}!  Maximum replacements reached."
    );
}

#[test]
fn escapes_and_normalized_refs() {
    let (resolved, unbound) = resolve_mustache("{{a}} {{&b}} {{&c&}} {{.d}}", &[]).unwrap();
    assert_eq!(resolved, "{{a}} {{b}} {{c}} {{d}}");
    assert_eq!(unbound, [r("a"), r("d")]);
    let err = resolve_mustache("{{a b}}", &[Environment::default()]).unwrap_err();
    assert_eq!(err.to_string(), "Badly formed address .a b");
}
