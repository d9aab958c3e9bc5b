//! The declared fields of the Structs whose types and defaults matter most, as written in
//! the schema. Reviewed field by field against Apache Aurora's `schema_base.py` and
//! `schema/base.py`: a change here changes compiled configs.

mod common;

use aurora_dsl::ast::StmtKind;
use aurora_dsl::printer::print_expr;
use common::{parse_schema, structs};

/// `Struct` name, then one `field = declaration` line per field, in declaration order.
fn fields_of(wanted: &[&str]) -> String {
    let files = parse_schema();
    let all = structs(&files);
    let mut out = String::new();
    for name in wanted {
        let (_, class) = all
            .iter()
            .find(|(_, class)| class.name.name == *name)
            .unwrap_or_else(|| panic!("the schema defines no Struct {name}"));
        out.push_str(&format!("{name}\n"));
        for stmt in &class.body {
            if let StmtKind::Assign { targets, value } = &stmt.kind {
                let target = print_expr(&targets[0]);
                out.push_str(&format!("  {target} = {}\n", print_expr(value)));
            }
        }
    }
    out
}

#[test]
fn core_struct_fields() {
    insta::assert_snapshot!(fields_of(&[
        "Resources",
        "Process",
        "Task",
        "MesosJob",
        "UpdateConfig",
        "HealthCheckConfig",
    ]));
}
