//! Parses the schema files once, at build time: the prelude every config starts with then
//! decodes a syntax tree instead of parsing 30 KB of source at each start.

use std::fmt::Write;
use std::path::Path;

/// The schema files, in the order they must be evaluated (see `SCHEMA`).
const FILES: &[&str] = &["thermos.aurora", "thermos_helpers.aurora", "aurora.aurora"];

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it");
    let mut table = String::from("&[\n");
    for (index, name) in FILES.iter().enumerate() {
        let source_path = Path::new(&manifest_dir).join("schema").join(name);
        println!("cargo::rerun-if-changed={}", source_path.display());
        let source = std::fs::read_to_string(&source_path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", source_path.display()));
        // The compiler's source maps hold the schema files first, in this order.
        let parsed = aurora_dsl::parse(&source, aurora_dsl::FileId(index as u32));
        if !parsed.is_ok() {
            panic!(
                "stdlib/schema/{name} does not parse: {:#?}",
                parsed.diagnostics
            );
        }
        let syntax_path = Path::new(&out_dir).join(format!("{name}.syntax"));
        std::fs::write(&syntax_path, aurora_dsl::snapshot::encode(&parsed.module))
            .unwrap_or_else(|e| panic!("writing {}: {e}", syntax_path.display()));
        writeln!(
            table,
            "    SchemaFile {{ name: {name:?}, source: include_str!({:?}), syntax: include_bytes!({:?}) }},",
            source_path.display().to_string(),
            syntax_path.display().to_string()
        )
        .expect("writing to a String");
    }
    table.push(']');
    let table_path = Path::new(&out_dir).join("schema_files.rs");
    std::fs::write(&table_path, table)
        .unwrap_or_else(|e| panic!("writing {}: {e}", table_path.display()));
    println!("cargo::rerun-if-changed=build.rs");
}
