//! Every struct and union of the IDL, fully populated, survives the binary protocol,
//! TJSONProtocol and canonical JSON unchanged. The types come from the same list as the
//! `ThriftStruct` impls (checked against the IDL), so a new struct cannot be forgotten; the
//! samples are built from the IDL's schema, so a new field cannot be either.

use std::fmt::Debug;

use serde_json::Value;
use thrift::protocol::TOutputProtocol;

use crate::canonical::{visit_all_structs, StructVisitor};
use crate::json;
use crate::schema::{schema, Named, Schema, StructDef, Type};
use crate::tjson::{TJsonInputProtocol, TJsonOutputProtocol};
use crate::{from_binary, from_canonical_json, to_binary, to_canonical_json, ThriftStruct};

/// Deeper than this, the IDL's types would be recursive: samples could not be finite.
const MAX_DEPTH: usize = 32;

/// Containers this deep or deeper get one element instead of two, to keep samples small.
const ONE_ELEMENT_FROM_DEPTH: usize = 6;

/// Builds canonical JSON samples from the IDL: every field set, containers with one or two
/// elements, unions with one member. A counter makes each scalar differ from the last, so set
/// elements and map keys are distinct.
struct Samples {
    schema: &'static Schema,
    counter: u32,
}

impl Samples {
    fn next(&mut self) -> u32 {
        self.counter += 1;
        self.counter
    }

    /// A `def` value; a union sets its `member`-th field (or one chosen by the counter).
    fn structure(&mut self, def: &StructDef, member: Option<usize>, depth: usize) -> Value {
        let fields = if def.is_union {
            let chosen = member.unwrap_or_else(|| self.next() as usize) % def.fields.len();
            &def.fields[chosen..=chosen]
        } else {
            &def.fields[..]
        };
        Value::Object(
            fields
                .iter()
                .map(|field| (field.name.clone(), self.value(&field.ty, depth + 1)))
                .collect(),
        )
    }

    fn value(&mut self, ty: &Type, depth: usize) -> Value {
        assert!(
            depth < MAX_DEPTH,
            "the IDL's types nest without end at {ty:?}"
        );
        let n = self.next();
        let elements = if depth < ONE_ELEMENT_FROM_DEPTH { 2 } else { 1 };
        match self.schema.resolve(ty) {
            Type::Bool => Value::Bool(n.is_multiple_of(2)),
            Type::Byte => (-((n % 128) as i8)).into(),
            Type::I16 => (i16::MIN + (n % 1000) as i16).into(),
            Type::I32 => (i32::MAX - n as i32).into(),
            // Beyond a double's 53 bits: catches a path that goes through floats.
            Type::I64 => (i64::MIN + 1 + i64::from(n)).into(),
            Type::Double => {
                let scale = [0.1, 1e-05, 1e+16, -1.5][n as usize % 4];
                serde_json::Number::from_f64(scale * f64::from(n))
                    .expect("a small multiple of these is finite")
                    .into()
            }
            Type::String | Type::Binary => format!("s{n} \u{e9}\"\\\n\t\u{1}\u{1F600}").into(),
            Type::List(element) => Value::Array(
                (0..elements)
                    .map(|_| self.value(element, depth + 1))
                    .collect(),
            ),
            Type::Set(element) => {
                // Canonical order (FORMAT.md rule 4), so the text can be compared.
                let mut items: Vec<(String, Value)> = (0..elements)
                    .map(|_| {
                        let item = self.value(element, depth + 1);
                        (json::to_compact(&item), item)
                    })
                    .collect();
                items.sort_by(|a, b| a.0.cmp(&b.0));
                items.dedup_by(|a, b| a.0 == b.0);
                Value::Array(items.into_iter().map(|(_, item)| item).collect())
            }
            Type::Map(key, value) => Value::Object(
                (0..elements)
                    .map(|_| {
                        let key = match self.value(key, depth + 1) {
                            Value::String(s) => s,
                            other => json::to_compact(&other),
                        };
                        (key, self.value(value, depth + 1))
                    })
                    .collect(),
            ),
            Type::Named(name) => match self.schema.lookup(name) {
                Some(Named::Enum(def)) => {
                    def.values[n as usize % def.values.len()].0.clone().into()
                }
                Some(Named::Struct(def)) => self.structure(def, None, depth),
                None => panic!("the IDL declares no type `{name}`"),
            },
        }
    }
}

/// Round-trips one sample of every type (every member of a union), noting what fails.
struct RoundTrips {
    samples: Samples,
    visited: Vec<&'static str>,
    checked: usize,
    failures: Vec<String>,
}

impl StructVisitor for RoundTrips {
    fn visit<T: ThriftStruct + PartialEq + Debug>(&mut self) {
        self.visited.push(T::NAME);
        let def = &self.samples.schema.structs[T::NAME];
        let members = if def.is_union { def.fields.len() } else { 1 };
        for member in 0..members {
            let sample = self.samples.structure(def, Some(member), 0);
            self.checked += 1;
            if let Err(e) = round_trip::<T>(&json::to_pretty(&sample)) {
                self.failures.push(format!("{} #{member}: {e}", T::NAME));
            }
        }
    }
}

fn round_trip<T: ThriftStruct + PartialEq + Debug>(text: &str) -> Result<(), String> {
    let value: T = from_canonical_json(text).map_err(|e| format!("sample: {e}"))?;

    // Canonical JSON: every field of the sample is set and written back as it was.
    let canonical = to_canonical_json(&value);
    if canonical != text {
        return Err(format!(
            "canonical JSON differs from the sample:\n{canonical}\nsample:\n{text}"
        ));
    }
    let back: T = from_canonical_json(&canonical).map_err(|e| format!("canonical: {e}"))?;
    if back != value {
        return Err(format!(
            "canonical round trip changed {value:?} to {back:?}"
        ));
    }

    let back: T = from_binary(&to_binary(&value)).map_err(|e| format!("binary: {e}"))?;
    if back != value {
        return Err(format!("binary round trip changed {value:?} to {back:?}"));
    }

    let mut output = TJsonOutputProtocol::new(Vec::new());
    value
        .write_to_out_protocol(&mut output)
        .and_then(|()| output.flush())
        .map_err(|e| format!("TJSON write: {}", crate::binary::describe(&e)))?;
    let bytes = output.into_transport();
    let mut input = TJsonInputProtocol::new(&bytes[..]);
    let back = T::read_from_in_protocol(&mut input)
        .map_err(|e| format!("TJSON read: {}", crate::binary::describe(&e)))?;
    if !input.into_transport().is_empty() {
        return Err("TJSON read left bytes unread".to_owned());
    }
    if back != value {
        return Err(format!("TJSON round trip changed {value:?} to {back:?}"));
    }
    Ok(())
}

#[test]
fn every_struct_and_union_round_trips_in_every_protocol() {
    let schema = schema();
    let mut round_trips = RoundTrips {
        samples: Samples { schema, counter: 0 },
        visited: Vec::new(),
        checked: 0,
        failures: Vec::new(),
    };
    visit_all_structs(&mut round_trips);

    let mut visited = round_trips.visited.clone();
    let mut idl: Vec<&str> = schema.struct_order.iter().map(String::as_str).collect();
    visited.sort_unstable();
    idl.sort_unstable();
    assert_eq!(visited, idl, "every IDL struct and union is visited once");
    assert_eq!(visited.len(), 88);

    let unions = schema.structs.values().filter(|d| d.is_union);
    let union_members: usize = unions.clone().map(|d| d.fields.len()).sum();
    assert_eq!(unions.count(), 8);
    assert_eq!(round_trips.checked, 88 - 8 + union_members);
    assert!(
        round_trips.failures.is_empty(),
        "{} of {} samples failed:\n{}",
        round_trips.failures.len(),
        round_trips.checked,
        round_trips.failures.join("\n")
    );
}
