//! Limits on recursion and work while interpolating user data.

use super::error::{Error, ErrorKind, Result};

/// Nesting limit for interpolation, lookups, checks and rendering (Python stops near here).
const MAX_DEPTH: u32 = 200;
/// Lookups allowed for one top-level operation; cycles of templates can otherwise explode.
const MAX_STEPS: u64 = 20_000_000;

/// Tracks depth and work for one top-level operation on the object model.
#[derive(Debug, Default)]
pub(crate) struct Ctx {
    depth: u32,
    steps: u64,
    /// Whether `check` goes on past the first failure (pystachio stops there).
    every_failure: bool,
}

impl Ctx {
    pub(crate) fn new() -> Ctx {
        Ctx::default()
    }

    /// A context whose checks collect every failure, not only pystachio's first.
    pub(crate) fn every_failure() -> Ctx {
        Ctx {
            every_failure: true,
            ..Ctx::default()
        }
    }

    /// Whether a check should go on after a failure.
    pub(crate) fn wants_every_failure(&self) -> bool {
        self.every_failure
    }

    /// Runs `f` one level deeper, failing cleanly past the depth limit.
    pub(crate) fn nested<T>(&mut self, f: impl FnOnce(&mut Ctx) -> Result<T>) -> Result<T> {
        if self.depth >= MAX_DEPTH {
            return Err(Error::new(
                ErrorKind::Recursion,
                "maximum recursion depth exceeded",
            ));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    /// Whether `levels` more levels of nesting fit under the depth limit.
    pub(crate) fn has_room(&self, levels: u32) -> bool {
        self.depth + levels <= MAX_DEPTH
    }

    /// Counts one lookup against the budget.
    pub(crate) fn step(&mut self) -> Result<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(Error::new(
                ErrorKind::Budget,
                "interpolation gave up: too many lookups (a cycle of templates?)",
            ));
        }
        Ok(())
    }
}
