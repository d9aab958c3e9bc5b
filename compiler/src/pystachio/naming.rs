//! `Ref`: a parsed mustache address such as `a.b[0]`, and pystachio's grammar for it.
//!
//! An address is a sequence of components: `.name` dereferences (an identifier: a letter or
//! `_`, then letters, digits, `_`) and `[index]` indexes (one or more of letters, digits, `_`,
//! `-`, `.`, `/`). A leading `.` may be left out: `a.b[0]` is `.a.b[0]`.

use std::borrow::Borrow;
use std::fmt;
use std::rc::Rc;

use super::error::{Error, Result};
use crate::py2hash::{str_hash, tuple_hash};

/// One step of a [`Ref`].
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Component {
    /// `[value]`: a list position or a map key.
    Index(Rc<str>),
    /// `.value`: a struct field or an environment name.
    Dereference(Rc<str>),
}

impl Component {
    /// The text inside the brackets, or after the dot.
    pub fn value(&self) -> &str {
        match self {
            Component::Index(v) | Component::Dereference(v) => v,
        }
    }
}

impl fmt::Display for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Component::Index(v) => write!(f, "[{v}]"),
            Component::Dereference(v) => write!(f, ".{v}"),
        }
    }
}

/// A reference into a hierarchically named object, as written inside `{{...}}`.
///
/// `Display` gives the mustache form (`{{a.b}}`); `Debug` gives pystachio's repr (`Ref(a.b)`).
/// A ref is a view of shared components, so `rest()` (taken at every step of a lookup)
/// does not copy them.
#[derive(Clone)]
pub struct Ref {
    all: Rc<[Component]>,
    /// Where this ref's components start in `all`.
    start: usize,
}

impl PartialEq for Ref {
    fn eq(&self, other: &Ref) -> bool {
        self.components() == other.components()
    }
}

impl Eq for Ref {}

impl std::hash::Hash for Ref {
    /// As the slice hashes, so that a `[Component]` finds the ref in a table.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.components().hash(state);
    }
}

impl Borrow<[Component]> for Ref {
    fn borrow(&self) -> &[Component] {
        self.components()
    }
}

impl Ref {
    /// Parses an address (`Ref.from_address`), with pystachio's errors.
    pub fn from_address(address: &str) -> Result<Ref> {
        if address.is_empty() {
            return Err(Error::invalid_ref("Invalid address: ''"));
        }
        if address.starts_with('[') || address.starts_with('.') {
            return Ref::split_components(address);
        }
        let first = address.as_bytes()[0];
        if first.is_ascii_alphabetic() || first == b'_' {
            // `a.b` is `.a.b`: the first name is read as if a dot came before it.
            let end = address
                .bytes()
                .position(|b| !is_word(b))
                .unwrap_or(address.len());
            let rest = Ref::split_components(&address[end..])
                .map_err(|_| Error::invalid_ref(format!("Badly formed address .{address}")))?;
            let mut components = Vec::with_capacity(rest.components().len() + 1);
            components.push(Component::Dereference(address[..end].into()));
            components.extend_from_slice(rest.components());
            Ok(Ref::new(components))
        } else {
            Err(Error::invalid_ref(address))
        }
    }

    /// A ref made of `components`.
    pub fn new(components: Vec<Component>) -> Ref {
        Ref {
            all: components.into(),
            start: 0,
        }
    }

    /// The same components from `offset` on.
    fn suffix(&self, offset: usize) -> Ref {
        Ref {
            all: Rc::clone(&self.all),
            start: (self.start + offset).min(self.all.len()),
        }
    }

    fn split_components(address: &str) -> Result<Ref> {
        let bytes = address.as_bytes();
        let mut components = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let end = match bytes[i] {
                b'.' => {
                    let start = i + 1;
                    let ident = bytes.get(start).is_some_and(|&b| is_ident_start(b));
                    let mut end = start;
                    if ident {
                        end += 1;
                        while bytes.get(end).is_some_and(|&b| is_word(b)) {
                            end += 1;
                        }
                        components.push(Component::Dereference(address[start..end].into()));
                        Some(end)
                    } else {
                        None
                    }
                }
                b'[' => {
                    let start = i + 1;
                    let mut end = start;
                    while bytes.get(end).is_some_and(|&b| is_index_char(b)) {
                        end += 1;
                    }
                    if end > start && bytes.get(end) == Some(&b']') {
                        components.push(Component::Index(address[start..end].into()));
                        Some(end + 1)
                    } else {
                        None
                    }
                }
                _ => None,
            };
            match end {
                Some(end) => i = end,
                None => {
                    return Err(Error::invalid_ref(format!(
                        "Badly formed address {address}"
                    )))
                }
            }
        }
        Ok(Ref::new(components))
    }

    /// The components, first to last.
    pub fn components(&self) -> &[Component] {
        &self.all[self.start..]
    }

    /// The first component (`Ref.action()`); `None` for the empty ref.
    pub fn action(&self) -> Option<&Component> {
        self.components().first()
    }

    /// True if the first component is an `[index]`.
    pub fn is_index(&self) -> bool {
        matches!(self.action(), Some(Component::Index(_)))
    }

    /// True if the first component is a `.name`.
    pub fn is_dereference(&self) -> bool {
        matches!(self.action(), Some(Component::Dereference(_)))
    }

    /// True when there are no components.
    pub fn is_empty(&self) -> bool {
        self.components().is_empty()
    }

    /// Everything after the first component.
    pub fn rest(&self) -> Ref {
        self.suffix(1)
    }

    /// `self + other`: the components of both.
    pub fn concat(&self, other: &Ref) -> Ref {
        let mut components = self.components().to_vec();
        components.extend_from_slice(other.components());
        Ref::new(components)
    }

    /// `Ref.subscope(self, other)`: what remains of `other` below `self`, if `self` is a
    /// strict prefix of it.
    pub fn subscope(&self, other: &Ref) -> Option<Ref> {
        let (mine, theirs) = (self.components(), other.components());
        let n = mine.len();
        (theirs.len() > n && theirs[..n] == *mine).then(|| other.suffix(n))
    }

    /// Appends the mustache form, `{{a.b[0]}}`, to `out`.
    pub(crate) fn write_mustache(&self, out: &mut String) {
        out.push_str("{{");
        for (i, component) in self.components().iter().enumerate() {
            match component {
                Component::Dereference(name) => {
                    if i > 0 {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Component::Index(value) => {
                    out.push('[');
                    out.push_str(value);
                    out.push(']');
                }
            }
        }
        out.push_str("}}");
    }

    /// The address without a leading dot: `a.b[0]`, `[x].y`.
    pub fn address(&self) -> String {
        let joined: String = self.components().iter().map(|c| c.to_string()).collect();
        match joined.strip_prefix('.') {
            Some(rest) => rest.to_owned(),
            None => joined,
        }
    }

    /// Python 2's `hash(ref)`, which orders the unbound-ref sets pystachio returns.
    pub(crate) fn py_hash(&self) -> i64 {
        let items: Vec<i64> = self
            .components()
            .iter()
            .map(|c| str_hash(c.value()))
            .collect();
        tuple_hash(&items)
    }
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{{{}}}}}", self.address())
    }
}

impl fmt::Debug for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ref({})", self.address())
    }
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_index_char(b: u8) -> bool {
    is_word(b) || matches!(b, b'-' | b'.' | b'/')
}
