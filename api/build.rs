//! Parses the bundled IDL once, at build time: the canonical JSON codec then decodes its
//! shape from bytes instead of parsing 22 KB of IDL at every start.

use std::path::Path;

#[allow(
    dead_code,
    reason = "the build script only parses; the crate uses the rest"
)]
#[path = "src/schema/idl.rs"]
mod idl;

fn main() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let idl_path = Path::new(&manifest_dir).join("thrift/api.thrift");
    println!("cargo::rerun-if-changed={}", idl_path.display());
    println!("cargo::rerun-if-changed=src/schema/idl.rs");
    let text = std::fs::read_to_string(&idl_path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", idl_path.display()));
    let schema = idl::parse(&text).unwrap_or_else(|e| panic!("api.thrift does not parse: {e}"));
    let bytes = postcard::to_allocvec(&schema).expect("a schema always serializes");
    let out_path = Path::new(&out_dir).join("api_schema.postcard");
    std::fs::write(&out_path, bytes)
        .unwrap_or_else(|e| panic!("writing {}: {e}", out_path.display()));
}
