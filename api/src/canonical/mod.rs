//! Canonical JSON (`../shared/conformance/FORMAT.md`): the text form in which the conformance
//! corpus records the `JobConfiguration`s real Aurora sent, and its reverse.
//!
//! Encoding records what a value's generated `write_to_out_protocol` writes (field names and
//! struct names come with the protocol calls) and renders it with the IDL's types, which the
//! protocol does not carry: enum names, and which containers are sets. Decoding turns JSON
//! into the same tree using the IDL's field ids and types and replays it to the generated
//! `read_from_in_protocol`.

mod tree;

use thrift::protocol::{TSerializable, TType};

use serde_json::{Number, Value};

use crate::json;
use crate::schema::{schema, Named, Schema, StructDef, Type};
use tree::{FieldNode, Node, Recorder, Replayer, StructNode};

/// The executor whose `ExecutorConfig.data` is JSON (Aurora's `AURORA_EXECUTOR_NAME`).
const AURORA_EXECUTOR: &str = "AuroraExecutor";

/// A generated struct or union, with its name in the IDL (decoding starts from it).
pub trait ThriftStruct: TSerializable {
    /// The struct's name in `api.thrift`.
    const NAME: &'static str;
}

/// Something done for every generated struct type, in tests.
#[cfg(test)]
pub(crate) trait StructVisitor {
    fn visit<T: ThriftStruct + PartialEq + std::fmt::Debug>(&mut self);
}

macro_rules! thrift_structs {
    ($($name:ident)*) => {
        $(impl ThriftStruct for crate::gen::api::$name {
            const NAME: &'static str = stringify!($name);
        })*
        /// Every struct with a `ThriftStruct` impl, to check against the IDL.
        #[cfg(test)]
        const STRUCT_NAMES: &[&str] = &[$(stringify!($name)),*];

        /// Calls `visitor` with every struct type that has a `ThriftStruct` impl.
        #[cfg(test)]
        pub(crate) fn visit_all_structs(visitor: &mut impl StructVisitor) {
            $(visitor.visit::<crate::gen::api::$name>();)*
        }
    };
}

thrift_structs! {
    Identity Attribute HostAttributes ValueConstraint LimitConstraint TaskConstraint Constraint
    Package Metadata JobKey LockKey Lock InstanceKey MesosFetcherURI ExecutorConfig Volume
    DockerImage AppcImage Image MesosContainer DockerParameter DockerContainer Container
    Resource PartitionPolicy PercentageSlaPolicy CountSlaPolicy CoordinatorSlaPolicy SlaPolicy
    TaskConfig ResourceAggregate JobConfiguration JobStats JobSummary Range ConfigGroup
    ConfigSummary PopulateJobResult GetQuotaResult TaskEvent AssignedTask ScheduledTask
    ScheduleStatusResult GetJobsResult TaskQuery HostStatus RoleSummary Hosts PendingReason
    JobUpdateKey QueueJobUpdateStrategy BatchJobUpdateStrategy VariableBatchJobUpdateStrategy
    JobUpdateStrategy JobUpdateSettings JobUpdateEvent JobInstanceUpdateEvent InstanceTaskConfig
    JobUpdateState JobUpdateSummary JobUpdateInstructions JobUpdate JobUpdateDetails
    JobUpdateRequest JobUpdateQuery HostMaintenanceRequest ListBackupsResult
    StartMaintenanceResult DrainHostsResult QueryRecoveryResult MaintenanceStatusResult
    EndMaintenanceResult RoleSummaryResult JobSummaryResult ConfigSummaryResult
    GetPendingReasonResult StartJobUpdateResult GetJobUpdateSummariesResult
    GetJobUpdateDetailsResult PulseJobUpdateResult GetJobUpdateDiffResult TierConfig
    GetTierConfigResult ServerInfo Result ResponseDetail Response ExplicitReconciliationSettings
}

/// Why a canonical JSON text could not be decoded into a Thrift value.
#[derive(Debug, thiserror::Error)]
pub enum CanonicalError {
    /// The text is not JSON (serde_json's error says where).
    #[error("invalid JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// The JSON does not have the shape the IDL asks for at `path` (e.g. `taskConfig.priority`).
    #[error("{}: {message}", if path.is_empty() { "at the top level" } else { path })]
    Shape { path: String, message: String },
    /// The generated reader refused the value (e.g. a union with two members).
    #[error("the decoded value was refused: {0}")]
    Thrift(String),
}

/// A Thrift value as canonical JSON: sorted keys, 2-space indent, newline at the end.
pub fn to_canonical_json<T: TSerializable>(value: &T) -> String {
    let mut recorder = Recorder::default();
    value
        .write_to_out_protocol(&mut recorder)
        .expect("generated code writes whole values, which a Recorder always accepts");
    let node = recorder
        .finish()
        .expect("generated code writes exactly one value");
    json::to_pretty(&render(&node, None, schema()))
}

/// Any JSON text in the canonical layout (FORMAT.md rules 2, 3, 5 and 7): keys sorted by code
/// point, 2-space indent, `": "` after keys, floats as Python's `repr`, a newline at the end.
/// This is how the corpus records `aurora job inspect --write-json` (Python's one-line
/// `json.dumps`), so outputs can be compared with it byte for byte.
pub fn reformat_canonical(json_text: &str) -> Result<String, CanonicalError> {
    let value = json::parse(json_text).map_err(CanonicalError::Json)?;
    Ok(json::to_pretty(&value))
}

/// Decodes canonical JSON (as written by [`to_canonical_json`]) into a generated struct.
pub fn from_canonical_json<T: ThriftStruct>(text: &str) -> Result<T, CanonicalError> {
    let value = json::parse(text).map_err(CanonicalError::Json)?;
    let mut decoder = Decoder {
        schema: schema(),
        path: Vec::new(),
    };
    let node = decoder.node(&value, &Type::Named(T::NAME.to_owned()))?;
    let mut replayer = Replayer::new(node);
    let decoded = T::read_from_in_protocol(&mut replayer)
        .map_err(|e| CanonicalError::Thrift(crate::binary::describe(&e)))?;
    if !replayer.is_exhausted() {
        return Err(decoder.error(format!("{} did not read the whole value", T::NAME)));
    }
    Ok(decoded)
}

/// Renders a recorded value; `ty` is its IDL type when known (unknown structs, e.g. service
/// call arguments, render without enum names).
fn render(node: &Node, ty: Option<&Type>, schema: &Schema) -> Value {
    let ty = ty.map(|t| schema.resolve(t));
    match node {
        Node::Bool(b) => Value::Bool(*b),
        Node::I8(i) => (*i).into(),
        Node::I16(i) => (*i).into(),
        Node::I32(i) => match ty.and_then(|t| named(schema, t)) {
            Some(Named::Enum(def)) => match def.name_of(*i) {
                Some(name) => Value::String(name.to_owned()),
                None => (*i).into(),
            },
            _ => (*i).into(),
        },
        Node::I64(i) => (*i).into(),
        Node::Double(d) => render_double(*d),
        Node::Bytes(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
        Node::Uuid(u) => Value::String(u.hyphenated().to_string()),
        Node::Struct(s) => render_struct(s, schema),
        Node::List(_, items) => {
            let element = element_type(ty);
            Value::Array(items.iter().map(|n| render(n, element, schema)).collect())
        }
        Node::Set(_, items) => {
            let element = element_type(ty);
            let mut keyed: Vec<(String, Value)> = items
                .iter()
                .map(|n| {
                    let value = render(n, element, schema);
                    (json::to_compact(&value), value)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Array(keyed.into_iter().map(|(_, v)| v).collect())
        }
        Node::Map(_, _, pairs) => {
            let (key_ty, value_ty) = match ty {
                Some(Type::Map(k, v)) => (Some(&**k), Some(&**v)),
                _ => (None, None),
            };
            let entries = pairs
                .iter()
                .map(|(k, v)| {
                    (
                        map_key_text(render(k, key_ty, schema)),
                        render(v, value_ty, schema),
                    )
                })
                .collect();
            Value::Object(entries)
        }
    }
}

/// The strings a non-finite double is written as: JSON has no such numbers.
const NON_FINITE: [(&str, f64); 3] = [
    ("NaN", f64::NAN),
    ("Infinity", f64::INFINITY),
    ("-Infinity", f64::NEG_INFINITY),
];

/// A double as a JSON number, or, when it is not finite, as the string TJSONProtocol uses.
// FIXME: Python's `json.dumps` writes bare `NaN`, `Infinity` and `-Infinity`, which are not
// JSON; a canonical text with them could not be read back.
fn render_double(d: f64) -> Value {
    match Number::from_f64(d) {
        Some(n) => Value::Number(n),
        None if d.is_nan() => Value::String("NaN".to_owned()),
        None if d > 0.0 => Value::String("Infinity".to_owned()),
        None => Value::String("-Infinity".to_owned()),
    }
}

fn named<'s>(schema: &'s Schema, ty: &Type) -> Option<Named<'s>> {
    match ty {
        Type::Named(name) => schema.lookup(name),
        _ => None,
    }
}

fn element_type(ty: Option<&Type>) -> Option<&Type> {
    match ty {
        Some(Type::List(e) | Type::Set(e)) => Some(e),
        _ => None,
    }
}

/// A map key as an object key, the way Python's `json.dumps` turns scalar keys into text.
fn map_key_text(key: Value) -> String {
    match key {
        Value::String(s) => s,
        other => json::to_compact(&other),
    }
}

fn render_struct(node: &StructNode, schema: &Schema) -> Value {
    let def = schema.structs.get(&node.name);
    let entries = node
        .fields
        .iter()
        .map(|field| {
            let ty = def.and_then(|d| d.field_by_id(field.id)).map(|f| &f.ty);
            let value = match executor_data(node, field) {
                Some(embedded) => embedded,
                None => render(&field.value, ty, schema),
            };
            (field.name.clone(), value)
        })
        .collect();
    Value::Object(entries)
}

/// Rule 6: the `data` of an `AuroraExecutor` config, parsed, when it is JSON.
fn executor_data(node: &StructNode, field: &FieldNode) -> Option<Value> {
    if node.name != "ExecutorConfig" || field.name != "data" {
        return None;
    }
    let is_aurora = node.fields.iter().any(|f| {
        f.name == "name" && matches!(&f.value, Node::Bytes(b) if b == AURORA_EXECUTOR.as_bytes())
    });
    match &field.value {
        Node::Bytes(data) if is_aurora => json::parse(std::str::from_utf8(data).ok()?).ok(),
        _ => None,
    }
}

/// Builds a value tree from JSON, following the IDL's types.
struct Decoder<'s> {
    schema: &'s Schema,
    /// Where the decoder is, for errors: `taskConfig`, `.resources`, `[2]`...
    path: Vec<String>,
}

impl Decoder<'_> {
    fn error(&self, message: String) -> CanonicalError {
        CanonicalError::Shape {
            path: self.path.concat(),
            message,
        }
    }

    fn mismatch(&self, wanted: &str, found: &Value) -> CanonicalError {
        let found = match found {
            Value::Null => "null",
            Value::Bool(_) => "a bool",
            Value::Number(n) if n.is_f64() => "a float",
            Value::Number(_) => "an integer",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        self.error(format!("expected {wanted}, found {found}"))
    }

    fn int<T: TryFrom<i128>>(&self, value: &Value, wanted: &str) -> Result<T, CanonicalError> {
        let int = match value {
            Value::Number(n) => n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)),
            _ => None,
        };
        match int {
            Some(i) => T::try_from(i).map_err(|_| self.error(format!("{i} is not {wanted}"))),
            None => Err(self.mismatch(wanted, value)),
        }
    }

    fn node(&mut self, value: &Value, ty: &Type) -> Result<Node, CanonicalError> {
        let schema = self.schema;
        Ok(match schema.resolve(ty) {
            Type::Bool => match value {
                Value::Bool(b) => Node::Bool(*b),
                other => return Err(self.mismatch("a bool", other)),
            },
            Type::Byte => Node::I8(self.int(value, "an i8")?),
            Type::I16 => Node::I16(self.int(value, "an i16")?),
            Type::I32 => Node::I32(self.int(value, "an i32")?),
            Type::I64 => Node::I64(self.int(value, "an i64")?),
            Type::Double => match value {
                Value::Number(n) => Node::Double(
                    n.as_f64()
                        .expect("serde_json numbers without arbitrary_precision are all f64s"),
                ),
                Value::String(s) => match NON_FINITE.iter().find(|(name, _)| name == s) {
                    Some((_, d)) => Node::Double(*d),
                    None => return Err(self.error(format!("`{s}` is not a double"))),
                },
                other => return Err(self.mismatch("a double", other)),
            },
            Type::String | Type::Binary => match value {
                Value::String(s) => Node::Bytes(s.clone().into_bytes()),
                other => return Err(self.mismatch("a string", other)),
            },
            Type::List(element) | Type::Set(element) => {
                let Value::Array(items) = value else {
                    return Err(self.mismatch("an array", value));
                };
                let mut nodes = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    self.path.push(format!("[{i}]"));
                    nodes.push(self.node(item, element)?);
                    self.path.pop();
                }
                let element_ttype = ttype(schema, element);
                if matches!(schema.resolve(ty), Type::List(_)) {
                    Node::List(element_ttype, nodes)
                } else {
                    Node::Set(element_ttype, nodes)
                }
            }
            Type::Map(key_ty, value_ty) => {
                let Value::Object(entries) = value else {
                    return Err(self.mismatch("an object", value));
                };
                let mut pairs = Vec::with_capacity(entries.len());
                for (key, item) in entries {
                    self.path.push(format!("[{key:?}]"));
                    let key_node = self.map_key(key, key_ty)?;
                    pairs.push((key_node, self.node(item, value_ty)?));
                    self.path.pop();
                }
                Node::Map(ttype(schema, key_ty), ttype(schema, value_ty), pairs)
            }
            Type::Named(name) => match schema.lookup(name) {
                Some(Named::Enum(def)) => match value {
                    Value::String(s) => Node::I32(
                        def.value_of(s)
                            .ok_or_else(|| self.error(format!("`{s}` is not a {name}")))?,
                    ),
                    Value::Number(_) => Node::I32(self.int(value, "an i32")?),
                    other => return Err(self.mismatch(&format!("a {name} name"), other)),
                },
                Some(Named::Struct(def)) => self.structure(value, def)?,
                None => return Err(self.error(format!("the IDL declares no type `{name}`"))),
            },
        })
    }

    fn map_key(&mut self, key: &str, ty: &Type) -> Result<Node, CanonicalError> {
        let parsed = match self.schema.resolve(ty) {
            Type::String | Type::Binary => Value::String(key.to_owned()),
            Type::Named(_) => Value::String(key.to_owned()),
            _ => json::parse(key)
                .map_err(|_| self.error(format!("map key `{key}` is not a number or bool")))?,
        };
        self.node(&parsed, ty)
    }

    fn structure(&mut self, value: &Value, def: &StructDef) -> Result<Node, CanonicalError> {
        let Value::Object(entries) = value else {
            return Err(self.mismatch(&format!("a {} object", def.name), value));
        };
        let mut fields = Vec::with_capacity(entries.len());
        for (key, item) in entries {
            let field = def
                .field_by_name(key)
                .ok_or_else(|| self.error(format!("{} has no field `{key}`", def.name)))?;
            self.path.push(if self.path.is_empty() {
                key.clone()
            } else {
                format!(".{key}")
            });
            let node = match item {
                // Rule 6 reversed: embedded executor data goes back into a string, written
                // as Python's `json.dumps` would (sorted keys, since the original order is lost).
                _ if def.name == "ExecutorConfig" && key == "data" && !is_string(item) => {
                    Node::Bytes(json::to_python_default(item).into_bytes())
                }
                _ => self.node(item, &field.ty)?,
            };
            self.path.pop();
            fields.push(FieldNode {
                id: field.id,
                name: field.name.clone(),
                ty: ttype(self.schema, &field.ty),
                value: node,
            });
        }
        Ok(Node::Struct(StructNode {
            name: def.name.clone(),
            fields,
        }))
    }
}

fn is_string(value: &Value) -> bool {
    matches!(value, Value::String(_))
}

/// The wire type generated code expects for an IDL type.
fn ttype(schema: &Schema, ty: &Type) -> TType {
    match schema.resolve(ty) {
        Type::Bool => TType::Bool,
        Type::Byte => TType::I08,
        Type::I16 => TType::I16,
        Type::I32 => TType::I32,
        Type::I64 => TType::I64,
        Type::Double => TType::Double,
        Type::String | Type::Binary => TType::String,
        Type::List(_) => TType::List,
        Type::Set(_) => TType::Set,
        Type::Map(_, _) => TType::Map,
        Type::Named(name) => match schema.lookup(name) {
            Some(Named::Enum(_)) => TType::I32,
            _ => TType::Struct,
        },
    }
}

#[cfg(test)]
mod tests;
