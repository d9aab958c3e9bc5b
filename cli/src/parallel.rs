//! Running one piece of work per item on all cores, with results handed on in order.

use std::collections::BTreeMap;
use std::io;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

/// Runs `work` on every item on up to one thread per core and hands each result to `emit`
/// in the order of `items`, as soon as it and all earlier ones are done. Stops at the
/// first error `emit` returns.
pub fn map_in_parallel_in_order<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut emit: impl FnMut(&T, R) -> io::Result<()>,
) -> io::Result<()> {
    let workers = thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(items.len());
    let next_item = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (work, next_item, stop) = (&work, &next_item, &stop);
    thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..workers {
            let sender = sender.clone();
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let index = next_item.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    if sender.send((index, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);

        let mut finished = BTreeMap::new();
        let mut next_to_emit = 0;
        for (index, result) in receiver {
            finished.insert(index, result);
            while let Some(result) = finished.remove(&next_to_emit) {
                if let Err(error) = emit(&items[next_to_emit], result) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(error);
                }
                next_to_emit += 1;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_out_in_input_order() {
        let items: Vec<u64> = (0..50).collect();
        let mut seen = Vec::new();
        map_in_parallel_in_order(
            &items,
            |&item| item * 2,
            |&item, doubled| {
                seen.push((item, doubled));
                Ok(())
            },
        )
        .expect("emit never fails here");
        let expected: Vec<(u64, u64)> = items.iter().map(|&item| (item, item * 2)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn an_emit_error_stops_the_run() {
        let items: Vec<u32> = (0..1000).collect();
        let mut emitted = 0;
        let result = map_in_parallel_in_order(
            &items,
            |&item| item,
            |_, _| {
                emitted += 1;
                Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"))
            },
        );
        assert_eq!(
            result.map_err(|error| error.kind()),
            Err(io::ErrorKind::BrokenPipe)
        );
        assert_eq!(emitted, 1);
    }

    #[test]
    fn no_items_emit_nothing() {
        let items: [u8; 0] = [];
        map_in_parallel_in_order(&items, |_| (), |_, ()| unreachable!("there are no items"))
            .expect("emit is never called");
    }
}
