//! The IDL's shape at run time: every struct's fields (id, name, type) and every enum's
//! values, from `api/thrift/api.thrift` itself, so the canonical JSON codec has one source
//! of truth with the generated code. Protocol calls carry field names and ids but not enum
//! names or container element types; this fills the gap.
//!
//! The build script parses the IDL ([`idl::parse`]) and bundles the result as postcard
//! bytes, so a run decodes it instead of parsing 22 KB of IDL.

#[cfg_attr(
    not(test),
    expect(dead_code, reason = "the parser runs in the build script and in tests")
)]
mod idl;

use std::sync::OnceLock;

#[cfg(test)]
pub(crate) use idl::parse;
pub(crate) use idl::{Named, Schema, StructDef, Type};

/// The IDL text the generated code was made from.
#[cfg(test)]
pub(crate) const IDL: &str = include_str!("../thrift/api.thrift");

/// The bundled IDL's schema, parsed by the build script.
pub(crate) fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        postcard::from_bytes(include_bytes!(concat!(
            env!("OUT_DIR"),
            "/api_schema.postcard"
        )))
        .expect("the build script's schema decodes with the same types")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_idl_parses() {
        let schema = parse(crate::schema::IDL).unwrap();
        assert_eq!(schema.structs.len(), schema.struct_order.len());
        let task = &schema.structs["TaskConfig"];
        let container = task.field_by_name("container").unwrap();
        assert_eq!(
            (container.id, &container.ty),
            (29, &Type::Named("Container".into()))
        );
        let links = task.field_by_id(22).unwrap();
        assert_eq!(
            links.ty,
            Type::Map(Box::new(Type::String), Box::new(Type::String))
        );
        assert_eq!(
            schema.enums["ScheduleStatus"].value_of("PARTITIONED"),
            Some(18)
        );
        assert_eq!(schema.enums["Mode"].name_of(2), Some("RO"));
    }

    #[test]
    fn the_bundled_schema_is_the_idl_parsed() {
        let (bundled, parsed) = (schema(), parse(IDL).unwrap());
        assert_eq!(bundled.struct_order, parsed.struct_order);
        for name in &parsed.struct_order {
            let (a, b) = (&bundled.structs[name], &parsed.structs[name]);
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
        let mut enums: Vec<_> = parsed.enums.keys().collect();
        enums.sort();
        for name in enums {
            let (a, b) = (&bundled.enums[name], &parsed.enums[name]);
            assert_eq!(a.values, b.values, "{name}");
        }
        assert_eq!(bundled.enums.len(), parsed.enums.len());
    }

    #[test]
    fn every_named_type_is_declared() {
        let schema = schema();
        fn check(schema: &Schema, ty: &Type, at: &str) {
            match ty {
                Type::Named(name) => assert!(schema.lookup(name).is_some(), "{at}: {name}"),
                Type::List(e) | Type::Set(e) => check(schema, e, at),
                Type::Map(k, v) => {
                    check(schema, k, at);
                    check(schema, v, at);
                }
                _ => {}
            }
        }
        for def in schema.structs.values() {
            for field in &def.fields {
                check(schema, &field.ty, &format!("{}.{}", def.name, field.name));
            }
        }
    }

    #[test]
    fn enums_number_implicitly_and_typedefs_resolve() {
        let schema =
            parse("typedef i64 Ms\nenum E { A, B = 5, C }\nstruct S { 1: Ms at }").unwrap();
        assert_eq!(
            schema.enums["E"].values,
            [("A".into(), 0), ("B".into(), 5), ("C".into(), 6)]
        );
        let field = &schema.structs["S"].fields[0];
        assert_eq!(schema.resolve(&field.ty), &Type::I64);
    }
}
