//! Template strings (`'echo {{name}}'`) as a job expands them, and each job's processes:
//! what an editor shows when hovering a string or above a job.
//!
//! Each String value is read twice, in step: as written, from the job's raw value (`get()`,
//! since reading a field interpolates it, as in pystachio), and expanded, from the job as
//! the client holds it, interpolated, which keeps the place each value was written
//! ([`Object::origin`]).

use aurora_dsl::{FileId, Span};

use crate::pystachio::{split_mustache, Object, Piece, PyValue, TypeKind};

/// How deep the walk follows nested structs, lists and maps.
const MAX_DEPTH: usize = 64;
/// Most template strings kept for one config (hovers only need the one under the cursor).
const MAX_TEMPLATES: usize = 2_000;

/// Whose scopes a template was expanded in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    /// The job with this key, as the client holds it before creating it.
    Job(String),
    /// The module-level value of this name, on its own.
    Value(String),
}

/// One String value with `{{...}}` references, expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// Where the value was written in the buffer (its keyword argument, or the literal).
    pub span: Span,
    pub owner: Owner,
    /// The text as written.
    pub raw: String,
    /// The text with every reference its owner binds substituted.
    pub expanded: String,
    /// The references left in `expanded`, as written (`mesos.instance`), once each.
    pub unbound: Vec<String>,
}

/// A job's processes as the client interpolates them: what an editor shows above a job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobSummary {
    pub key: String,
    /// Each process's name and command line, expanded.
    pub processes: Vec<(String, String)>,
}

/// Collects templates and summaries; owners are added in priority order.
#[derive(Default)]
pub(super) struct Collector {
    pub(super) templates: Vec<Template>,
    pub(super) summaries: Vec<JobSummary>,
}

impl Collector {
    /// The templates of a job (as `written`, and as the client holds it) and its summary
    /// (nothing when it cannot be interpolated).
    pub(super) fn job(&mut self, key: &str, written: &Object, held: &Object, file: FileId) {
        let Ok((interpolated, _)) = held.interpolate() else {
            return;
        };
        self.summaries.push(JobSummary {
            key: key.to_string(),
            processes: processes(&interpolated).unwrap_or_default(),
        });
        self.pairs(Owner::Job(key.to_string()), written, &interpolated, file);
    }

    /// The templates of a module-level value that is a pystachio object.
    pub(super) fn value(&mut self, name: &str, object: &Object, file: FileId) {
        if self.templates.len() >= MAX_TEMPLATES {
            return;
        }
        if let Ok((interpolated, _)) = object.interpolate() {
            self.pairs(Owner::Value(name.to_string()), object, &interpolated, file);
        }
    }

    fn pairs(&mut self, owner: Owner, raw: &Object, interpolated: &Object, file: FileId) {
        let Ok(written) = raw.get() else {
            return;
        };
        let mut found = Vec::new();
        strings(&written, interpolated, 0, &mut found);
        for (origin, raw, expanded) in found {
            if self.templates.len() >= MAX_TEMPLATES {
                return;
            }
            let Some(span) = origin.filter(|span| span.file == file) else {
                continue;
            };
            let unbound = unbound_refs(&expanded);
            self.templates.push(Template {
                span,
                owner: owner.clone(),
                raw,
                expanded,
                unbound,
            });
        }
    }
}

/// Every String value with `{{` inside `raw` (a value as written), with where it was
/// written and its expansion, read from `interpolated` (the same value, interpolated),
/// depth first in field order.
fn strings(
    raw: &PyValue,
    interpolated: &Object,
    depth: usize,
    out: &mut Vec<(Option<Span>, String, String)>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let raw = match raw {
        PyValue::Object(object) => match object.get() {
            Ok(value) => value,
            Err(_) => return,
        },
        other => other.clone(),
    };
    match (interpolated.ty().kind(), &raw) {
        (TypeKind::String, PyValue::Str(text)) if text.contains("{{") => {
            if let Some(PyValue::Str(expanded)) = interpolated.raw_value() {
                out.push((
                    interpolated.origin(),
                    text.to_string(),
                    expanded.to_string(),
                ));
            }
        }
        (TypeKind::Struct(schema), PyValue::Dict(entries)) => {
            for field in schema.fields() {
                let written = entries.iter().find_map(|(key, value)| match key {
                    PyValue::Str(key) if &**key == field.name() => Some(value),
                    _ => None,
                });
                if let (Some(written), Ok(Some(value))) =
                    (written, interpolated.field(field.name()))
                {
                    strings(written, &value, depth + 1, out);
                }
            }
        }
        (TypeKind::List(_), PyValue::List(items)) => {
            let expanded = interpolated.iter().unwrap_or_default();
            if expanded.len() == items.len() {
                for (item, value) in items.iter().zip(&expanded) {
                    strings(item, value, depth + 1, out);
                }
            }
        }
        _ => {}
    }
}

/// The references left in an expanded text, once each, in order.
fn unbound_refs(expanded: &str) -> Vec<String> {
    let mut refs: Vec<String> = Vec::new();
    for piece in split_mustache(expanded, false).unwrap_or_default() {
        if let Piece::Ref(r) = piece {
            let text = r.address();
            if !refs.contains(&text) {
                refs.push(text);
            }
        }
    }
    refs
}

/// The name and command line of each process of an interpolated job's task.
fn processes(job: &Object) -> Option<Vec<(String, String)>> {
    let task = job.field("task").ok()??;
    let processes = task.field("processes").ok()??;
    let text = |object: &Object, field: &str| {
        object
            .field(field)
            .ok()
            .flatten()
            .and_then(|value| value.str().ok())
            .unwrap_or_default()
    };
    Some(
        processes
            .iter()
            .ok()?
            .iter()
            .map(|process| (text(process, "name"), text(process, "cmdline")))
            .collect(),
    )
}
