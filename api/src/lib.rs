//! Aurora's Thrift API: the IDL's Rust types, the binary and JSON protocols, and the
//! canonical JSON the conformance corpus is written in.
