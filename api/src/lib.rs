//! Aurora's Thrift API: the IDL's Rust types, the binary and JSON protocols, the canonical
//! JSON the conformance corpus is written in, and the HTTP transport of `/api` ([`http`]).
//!
//! The types are generated from `api/thrift/api.thrift` (Apache Aurora's API, same names,
//! ids and defaults) and re-exported at the crate root: `JobConfiguration`, `TaskConfig`,
//! `Response`, the service clients... This crate knows nothing of `.aurora` files, the
//! scheduler or the executor: it only describes and encodes what travels between them.
//!
//! Two habits of the generated code to know: `Default` sets every field, `optional` ones too,
//! to its type's default; and reading (any protocol) gives absent fields that are not
//! `optional` their type's default, so they come back set. Only `optional` fields stay
//! `None` through a round trip.

pub mod agent;
mod binary;
mod canonical;
mod gen;
pub mod http;
mod json;
#[cfg(test)]
mod roundtrip_all;
mod schema;
pub mod thermos;
pub mod tjson;

pub use binary::{from_binary, to_binary, BinaryError};
pub use canonical::{
    from_canonical_json, reformat_canonical, to_canonical_json, CanonicalError, ThriftStruct,
};
pub use gen::api::*;
pub use thrift::OrderedFloat;
