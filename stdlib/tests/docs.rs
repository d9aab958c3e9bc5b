//! The schema sources parse cleanly and document every definition (editors show these).

mod common;

use aurora_dsl::ast::{ExprKind, StmtKind};
use common::{assigned_name, comment_above, docstring, parse_schema, structs};

#[test]
fn every_schema_file_parses_without_diagnostics() {
    for file in parse_schema() {
        assert!(
            file.parsed.diagnostics.is_empty(),
            "{}: {:#?}",
            file.file.name,
            file.parsed.diagnostics
        );
        assert!(
            !file.parsed.module.body.is_empty(),
            "{} is empty",
            file.file.name
        );
    }
}

#[test]
fn struct_bodies_hold_a_docstring_then_only_fields() {
    let files = parse_schema();
    for (file, class) in structs(&files) {
        let name = &class.name.name;
        assert!(docstring(&class.body).is_some(), "{name} has no docstring");
        assert!(class.decorators.is_empty(), "{name} is decorated");
        for stmt in &class.body[1..] {
            let field = assigned_name(stmt);
            assert!(
                field.is_some(),
                "{}: {name} holds something other than `field = type`: {:?}",
                file.file.name,
                &file.text()[stmt.span.range()]
            );
        }
    }
}

#[test]
fn every_struct_field_has_a_doc_comment() {
    let files = parse_schema();
    let mut fields = 0;
    for (file, class) in structs(&files) {
        for stmt in &class.body[1..] {
            let field = assigned_name(stmt).expect("struct bodies hold only fields");
            let doc = comment_above(file, stmt.span.start);
            assert!(
                !doc.is_empty() && doc.len() <= 2,
                "{}: {}.{field} needs a one- or two-line comment right above it, has {doc:?}",
                file.file.name,
                class.name.name
            );
            fields += 1;
        }
    }
    // Thermos's Structs have 30 fields, Aurora's 96: a check that the walk saw them all.
    assert_eq!(fields, 30 + 96);
}

#[test]
fn every_top_level_name_is_documented() {
    for file in parse_schema() {
        for stmt in &file.parsed.module.body {
            match &stmt.kind {
                StmtKind::Assign { .. } => {
                    let name = assigned_name(stmt).expect("top-level assignments bind one name");
                    assert!(
                        !comment_above(&file, stmt.span.start).is_empty(),
                        "{}: `{name}` needs a comment right above it",
                        file.file.name
                    );
                }
                StmtKind::ClassDef(class) => {
                    assert!(
                        docstring(&class.body).is_some(),
                        "{}: class {} needs a docstring",
                        file.file.name,
                        class.name.name
                    );
                    for member in &class.body {
                        match &member.kind {
                            StmtKind::FunctionDef(method) => assert!(
                                docstring(&method.body).is_some(),
                                "{}: {}.{} needs a docstring",
                                file.file.name,
                                class.name.name,
                                method.name.name
                            ),
                            StmtKind::Assign { .. } if !common::is_struct(class) => assert!(
                                !comment_above(&file, member.span.start).is_empty(),
                                "{}: {}.{} needs a comment right above it",
                                file.file.name,
                                class.name.name,
                                assigned_name(member).unwrap_or("?")
                            ),
                            _ => {}
                        }
                    }
                }
                StmtKind::FunctionDef(function) => assert!(
                    docstring(&function.body).is_some(),
                    "{}: {}() needs a docstring",
                    file.file.name,
                    function.name.name
                ),
                StmtKind::Expr(expr) if matches!(expr.kind, ExprKind::Str(_)) => {}
                other => panic!(
                    "{}: unexpected top-level statement {other:?}",
                    file.file.name
                ),
            }
        }
    }
}

/// Every file opens with a comment saying what it holds and what it relies on.
#[test]
fn every_file_says_what_it_relies_on() {
    for file in parse_schema() {
        let header: String = file
            .text()
            .lines()
            .take_while(|line| line.starts_with('#'))
            .collect();
        assert!(
            header.contains("Relies on:"),
            "{} needs a header comment with a `Relies on:` paragraph",
            file.file.name
        );
    }
}
