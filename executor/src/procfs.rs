//! What `/proc` says about processes: whether a pid is still the process we started (its start
//! time in clock ticks since boot tells a reused pid apart), and a process's descendants, which
//! is how a task's processes are found even after they daemonize away from their group.

use std::collections::HashMap;
use std::fs;

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

/// The fields of `/proc/PID/stat` the executor needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stat {
    pub state: char,
    pub parent: i32,
    /// Clock ticks after boot at which the process started.
    pub start_ticks: u64,
    /// CPU time spent in user and kernel mode, in clock ticks.
    pub user_ticks: u64,
    pub system_ticks: u64,
    pub nice: i64,
    pub threads: u64,
    pub virtual_bytes: u64,
    pub resident_pages: u64,
}

/// `/proc/PID/stat`, or `None` when there is no such process.
pub fn stat(pid: i32) -> Option<Stat> {
    let text = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_stat(&text)
}

/// Reads a `stat` line; the command name is in parentheses and may hold spaces and `)`, so
/// the fields are counted from the last `)`.
fn parse_stat(text: &str) -> Option<Stat> {
    let after_name = &text[text.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // After the name: state (field 3), ppid (4), ... utime (14), stime (15), nice (19),
    // num_threads (20), starttime (22), vsize (23), rss (24).
    let number = |index: usize| fields.get(index)?.parse::<u64>().ok();
    Some(Stat {
        state: fields.first()?.chars().next()?,
        parent: fields.get(1)?.parse().ok()?,
        start_ticks: number(19)?,
        user_ticks: number(11)?,
        system_ticks: number(12)?,
        nice: fields.get(16)?.parse().ok()?,
        threads: number(17)?,
        virtual_bytes: number(20)?,
        resident_pages: number(21)?,
    })
}

/// Whether `pid` is still the process that started at `start_ticks`, and not a zombie.
pub fn is_same_process_alive(pid: i32, start_ticks: u64) -> bool {
    matches!(stat(pid), Some(s) if s.start_ticks == start_ticks && s.state != 'Z' && s.state != 'X')
}

/// The resident memory of `pid` in bytes (`/proc/PID/statm`), if it exists.
pub fn resident_bytes(pid: i32) -> Option<u64> {
    let text = fs::read_to_string(format!("/proc/{pid}/statm")).ok()?;
    let pages: u64 = text.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * page_size())
}

/// Who is whose child, from one scan of `/proc`.
#[derive(Debug, Default)]
pub struct ProcessTree {
    children: HashMap<i32, Vec<i32>>,
}

impl ProcessTree {
    pub fn scan() -> ProcessTree {
        let mut children: HashMap<i32, Vec<i32>> = HashMap::new();
        if let Ok(entries) = fs::read_dir("/proc") {
            let pids =
                entries.filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<i32>().ok());
            for pid in pids {
                if let Some(stat) = stat(pid) {
                    children.entry(stat.parent).or_default().push(pid);
                }
            }
        }
        ProcessTree { children }
    }

    /// The descendants of every pid of `roots` (not the roots themselves), parents before
    /// their children.
    pub fn descendants_of(&self, roots: &[i32]) -> Vec<i32> {
        let mut seen: std::collections::HashSet<i32> = roots.iter().copied().collect();
        let mut found = Vec::new();
        let mut next = roots.to_vec();
        while let Some(pid) = next.pop() {
            for &child in self
                .children
                .get(&pid)
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                // A pid cannot be its own ancestor, but /proc is read while it changes.
                if seen.insert(child) {
                    found.push(child);
                    next.push(child);
                }
            }
        }
        found
    }
}

/// The descendants of `root` (not `root` itself), parents before their children.
pub fn descendants(root: i32) -> Vec<i32> {
    descendants_of(&[root])
}

/// The descendants of every pid of `roots` (not the roots themselves), from one scan of
/// `/proc`.
pub fn descendants_of(roots: &[i32]) -> Vec<i32> {
    ProcessTree::scan().descendants_of(roots)
}

/// Clock ticks per second, the unit of [`Stat`]'s times.
pub fn ticks_per_second() -> u64 {
    nix::unistd::sysconf(nix::unistd::SysconfVar::CLK_TCK)
        .ok()
        .flatten()
        .map_or(100, |ticks| ticks as u64)
}

/// Seconds since boot (`/proc/uptime`).
pub fn uptime_secs() -> Option<f64> {
    fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The page size, the unit of [`Stat::resident_pages`].
pub fn page_size() -> u64 {
    nix::unistd::sysconf(nix::unistd::SysconfVar::PAGE_SIZE)
        .ok()
        .flatten()
        .unwrap_or(4096) as u64
}

/// Sends `signal` to `pid`, ignoring a process that is already gone.
pub fn signal(pid: i32, signal: Signal) {
    if pid > 1 {
        let _ = kill(Pid::from_raw(pid), signal);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_counted_from_the_last_parenthesis() {
        let line = "4242 (a (weird) name) S 17 4242 4242 0 -1 4194560 1 0 0 0 7 3 0 0 20 -5 1 0 \
                    98765 1000 10 18446744073709551615";
        assert_eq!(
            parse_stat(line),
            Some(Stat {
                state: 'S',
                parent: 17,
                start_ticks: 98765,
                user_ticks: 7,
                system_ticks: 3,
                nice: -5,
                threads: 1,
                virtual_bytes: 1000,
                resident_pages: 10,
            })
        );
        assert_eq!(parse_stat("garbage"), None);
    }

    #[test]
    fn this_process_is_alive_and_a_child_is_its_descendant() {
        let me = std::process::id() as i32;
        let start = stat(me).unwrap().start_ticks;
        assert!(is_same_process_alive(me, start));
        assert!(!is_same_process_alive(me, start + 1));

        let mut child = std::process::Command::new("sleep")
            .arg("5")
            .spawn()
            .unwrap();
        assert!(descendants(me).contains(&(child.id() as i32)));
        child.kill().unwrap();
        child.wait().unwrap();
    }
}
