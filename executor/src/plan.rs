//! Which processes may start now: Thermos' planner, as pure functions over where each process
//! stands, so that every rule is tested without a clock or a fork.
//!
//! The regular processes and the final ones are planned apart, each set with the order
//! constraints among its own members. A process may start when it may be launched, every
//! process ordered before it has finished, fewer than `max_concurrency` processes of its set
//! run (0: no limit), and its backoff is over: a rerun starts no earlier than `min_duration`
//! seconds after the previous run ended.

use std::collections::{BTreeMap, BTreeSet};

use aurora_api::thermos::{Constraint, Process};

/// Where a process stands, as the planner sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// May be launched (again), once its dependencies are done and its backoff is over.
    Launch,
    /// A run is forked or running.
    Running,
    /// Done: succeeded, or an ephemeral process out of retries.
    Finished,
    /// Out of retries (or runs); counts against the task's `max_failures`.
    Failed,
    /// Stopped by the runner; it will not run again.
    Stopped,
}

/// What the planner needs to know of one process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    pub next: Next,
    /// When its latest run ended (as the runner saw it), if it ran.
    pub last_terminal_ms: Option<u64>,
}

/// The processes each process waits for, from the order constraints, restricted to `members`.
pub fn predecessors(
    constraints: &[Constraint],
    members: &BTreeSet<String>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut before: BTreeMap<String, BTreeSet<String>> = members
        .iter()
        .map(|name| (name.clone(), BTreeSet::new()))
        .collect();
    for constraint in constraints {
        let ordered: Vec<&String> = constraint
            .order
            .iter()
            .filter(|name| members.contains(*name))
            .collect();
        for (i, name) in ordered.iter().enumerate() {
            let entry = before.entry((*name).clone()).or_default();
            entry.extend(ordered[..i].iter().map(|earlier| (*earlier).clone()));
        }
    }
    before
}

/// The processes on or behind a cycle of the order constraints, if there is one.
pub fn order_cycle(before: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    // Kahn's algorithm: what cannot be sorted is on or behind a cycle.
    let mut remaining: BTreeMap<&str, usize> = before
        .iter()
        .map(|(name, preds)| (name.as_str(), preds.len()))
        .collect();
    let mut ready: Vec<&str> = remaining
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(name, _)| *name)
        .collect();
    while let Some(done) = ready.pop() {
        remaining.remove(done);
        for (name, preds) in before {
            if preds.contains(done) {
                if let Some(count) = remaining.get_mut(name.as_str()) {
                    *count -= 1;
                    if *count == 0 {
                        ready.push(name.as_str());
                    }
                }
            }
        }
    }
    if remaining.is_empty() {
        None
    } else {
        Some(remaining.keys().map(|name| name.to_string()).collect())
    }
}

/// One set of processes planned together (the regular ones, or the final ones).
pub struct Plan<'a> {
    pub processes: Vec<&'a Process>,
    pub before: BTreeMap<String, BTreeSet<String>>,
    pub max_concurrency: usize,
}

impl<'a> Plan<'a> {
    pub fn new(
        processes: Vec<&'a Process>,
        constraints: &[Constraint],
        max_concurrency: i64,
    ) -> Plan<'a> {
        let members = processes.iter().map(|p| p.name.clone()).collect();
        Plan {
            before: predecessors(constraints, &members),
            processes,
            max_concurrency: usize::try_from(max_concurrency).unwrap_or(0),
        }
    }

    /// The processes that may start at `now_ms`, in declaration order, within the
    /// concurrency limit; and the earliest time a process held back only by its backoff may
    /// start.
    pub fn runnable(
        &self,
        states: &BTreeMap<String, Planned>,
        now_ms: u64,
    ) -> (Vec<&'a Process>, Option<u64>) {
        let running = self
            .processes
            .iter()
            .filter(|p| next_of(states, &p.name) == Next::Running)
            .count();
        let mut room = if self.max_concurrency == 0 {
            usize::MAX
        } else {
            self.max_concurrency.saturating_sub(running)
        };
        let mut start = Vec::new();
        let mut wake_at: Option<u64> = None;
        for process in &self.processes {
            if next_of(states, &process.name) != Next::Launch
                || !self.dependencies_met(&process.name, states)
            {
                continue;
            }
            let last = states.get(&process.name).and_then(|p| p.last_terminal_ms);
            if let Some(last) = last {
                let ready_at = last.saturating_add(process.min_duration.max(0) as u64 * 1000);
                if ready_at > now_ms {
                    wake_at = Some(wake_at.map_or(ready_at, |w| w.min(ready_at)));
                    continue;
                }
            }
            if room == 0 {
                break;
            }
            start.push(*process);
            room -= 1;
        }
        (start, wake_at)
    }

    fn dependencies_met(&self, name: &str, states: &BTreeMap<String, Planned>) -> bool {
        self.before
            .get(name)
            .is_none_or(|preds| preds.iter().all(|p| next_of(states, p) == Next::Finished))
    }

    /// Every process is finished, failed, stopped or ephemeral: nothing is left to do.
    pub fn is_complete(&self, states: &BTreeMap<String, Planned>) -> bool {
        self.processes.iter().all(|p| {
            p.ephemeral
                || matches!(
                    next_of(states, &p.name),
                    Next::Finished | Next::Failed | Next::Stopped
                )
        })
    }

    /// Not complete, yet nothing runs and nothing can ever start: a process waits for one that
    /// failed. Unlike Thermos, a running ephemeral process does not hide this (Thermos then
    /// never ends the task).
    pub fn is_deadlocked(&self, states: &BTreeMap<String, Planned>, now_ms: u64) -> bool {
        if self.is_complete(states) {
            return false;
        }
        let running = self
            .processes
            .iter()
            .any(|p| !p.ephemeral && next_of(states, &p.name) == Next::Running);
        let (runnable, waking) = self.runnable(states, now_ms);
        !running && runnable.is_empty() && waking.is_none()
    }
}

fn next_of(states: &BTreeMap<String, Planned>, name: &str) -> Next {
    states.get(name).map_or(Next::Launch, |p| p.next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn process(name: &str) -> Process {
        Process {
            name: name.into(),
            cmdline: "true".into(),
            resources: None,
            max_failures: 1,
            daemon: false,
            ephemeral: false,
            min_duration: 5,
            r#final: false,
            logger: None,
        }
    }

    fn order(names: &[&str]) -> Constraint {
        Constraint {
            order: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    fn states(list: &[(&str, Next, Option<u64>)]) -> BTreeMap<String, Planned> {
        list.iter()
            .map(|(name, next, last)| {
                let planned = Planned {
                    next: *next,
                    last_terminal_ms: *last,
                };
                (name.to_string(), planned)
            })
            .collect()
    }

    fn names(processes: &[&Process]) -> Vec<String> {
        processes.iter().map(|p| p.name.clone()).collect()
    }

    #[test]
    fn order_constraints_hold_a_process_until_its_predecessors_finish() {
        let (a, b, c) = (process("a"), process("b"), process("c"));
        let plan = Plan::new(vec![&a, &b, &c], &[order(&["a", "b", "c"])], 0);
        use Next::*;
        let s = states(&[
            ("a", Launch, None),
            ("b", Launch, None),
            ("c", Launch, None),
        ]);
        assert_eq!(names(&plan.runnable(&s, 0).0), ["a"]);
        let s = states(&[
            ("a", Finished, Some(0)),
            ("b", Launch, None),
            ("c", Launch, None),
        ]);
        assert_eq!(names(&plan.runnable(&s, 0).0), ["b"]);
        assert!(!plan.is_deadlocked(&s, 0));
        let s = states(&[
            ("a", Failed, Some(0)),
            ("b", Launch, None),
            ("c", Launch, None),
        ]);
        assert!(plan.runnable(&s, 0).0.is_empty());
        assert!(plan.is_deadlocked(&s, 0));
        assert!(!plan.is_complete(&s));
    }

    #[test]
    fn ephemeral_processes_never_hold_a_set_open() {
        let (a, mut e) = (process("a"), process("e"));
        e.ephemeral = true;
        let plan = Plan::new(vec![&a, &e], &[], 0);
        let s = states(&[("a", Next::Finished, Some(0)), ("e", Next::Running, None)]);
        assert!(plan.is_complete(&s));
        let s = states(&[("a", Next::Launch, None), ("e", Next::Running, None)]);
        assert!(!plan.is_complete(&s));
    }

    #[test]
    fn max_concurrency_caps_what_runs_at_once() {
        let (a, b, c) = (process("a"), process("b"), process("c"));
        let plan = Plan::new(vec![&a, &b, &c], &[], 2);
        use Next::*;
        let s = states(&[
            ("a", Launch, None),
            ("b", Launch, None),
            ("c", Launch, None),
        ]);
        assert_eq!(names(&plan.runnable(&s, 0).0), ["a", "b"]);
        let s = states(&[
            ("a", Running, None),
            ("b", Launch, None),
            ("c", Launch, None),
        ]);
        assert_eq!(names(&plan.runnable(&s, 0).0), ["b"]);
    }

    #[test]
    fn a_rerun_waits_for_min_duration_after_the_last_run_ended() {
        let a = process("a");
        let plan = Plan::new(vec![&a], &[], 0);
        let s = states(&[("a", Next::Launch, Some(1_000))]);
        assert_eq!(plan.runnable(&s, 3_000), (vec![], Some(6_000)));
        assert!(!plan.is_deadlocked(&s, 3_000));
        assert_eq!(names(&plan.runnable(&s, 6_000).0), ["a"]);
    }

    #[test]
    fn cycles_are_found() {
        let members = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let before = predecessors(&[order(&["a", "b"]), order(&["b", "a"])], &members);
        assert_eq!(order_cycle(&before), Some(vec!["a".into(), "b".into()]));
        let before = predecessors(&[order(&["a", "b", "c"])], &members);
        assert_eq!(order_cycle(&before), None);
    }
}
