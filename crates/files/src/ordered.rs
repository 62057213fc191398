//! Work on every core, reported in order: what `l10n` and `model --site` do with a site.
//!
//! A worker may run at most [`WINDOW`] items ahead of the outcomes reported, so memory holds a
//! window of outcomes (rendered reports, messages) and the batch being reported, never the
//! site's; outcomes are reported on the calling thread, which writes them while the workers go
//! on.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// How far the workers may run ahead of the outcomes reported: enough that a slow page never
/// idles the other cores, few enough that the outcomes waiting are a few hundred pages'.
const WINDOW: usize = 256;

/// How many outcomes in a row wake the calling thread to report them. A wake per item is a
/// futex call and two context switches, 50,000 times on a site: a twentieth of its CPU time.
const BATCH: usize = 32;

/// What the workers and the calling thread share, under one lock.
struct Shared<O> {
    /// The next item to hand out.
    next: usize,
    /// The items whose outcomes the calling thread has taken: their slots are free.
    taken: usize,
    /// The first item from `taken` on whose outcome is not in yet.
    ready_to: usize,
    /// The outcomes in, at their index modulo [`WINDOW`]: a worker takes item `taken + WINDOW`
    /// only once item `taken` is taken, so none collide.
    slots: Vec<Option<O>>,
    /// Whether the calling thread waits for outcomes, and how many workers wait for room:
    /// the one who makes the change they wait for wakes them, and no one else makes a call.
    reporter_waits: bool,
    workers_waiting: usize,
    /// A thread panicked: no one waits for an item that will never come.
    stopped: bool,
}

impl<O> Shared<O> {
    /// Whether the calling thread has enough to report: a batch, or the last outcomes.
    fn batch_ready(&self, items: usize) -> bool {
        self.ready_to >= (self.taken + BATCH).min(items) && self.ready_to > self.taken
    }
}

/// `work` on every item on every core, `report` on each outcome in item order on this thread.
///
/// Each worker takes the next item when it is done with its last, so no core waits for the
/// slowest item of a batch (a site's pages differ in size a thousandfold); this thread keeps the outcomes that arrive early until those
/// before them are in.
pub fn in_order<I: Sync, O: Send>(
    items: &[I],
    work: impl Fn(&I) -> O + Sync,
    report: impl FnMut(O),
) {
    in_order_with(items, || (), |(), item| work(item), report);
}

/// [`in_order`] with a state of each worker's own: `make_state` makes it on the worker's
/// thread before its first item, and `work` gets it with every item that worker takes (what
/// one page learned that spares the next, such as a memo of checked segments). Which worker
/// takes which item is not fixed, so an outcome must not depend on the state, only its cost.
pub fn in_order_with<I: Sync, O: Send, S>(
    items: &[I],
    make_state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &I) -> O + Sync,
    mut report: impl FnMut(O),
) {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(WINDOW));
    let shared = Mutex::new(Shared {
        next: 0,
        taken: 0,
        ready_to: 0,
        slots: (0..WINDOW).map(|_| None).collect(),
        reporter_waits: false,
        workers_waiting: 0,
        stopped: false,
    });
    let (outcomes_in, room) = (Condvar::new(), Condvar::new());
    let lock = || shared.lock().unwrap_or_else(PoisonError::into_inner);
    // A panic on any thread stops the others (then the scope passes it on), rather than leave
    // them waiting for its item.
    let stop_on_panic = || StopOnPanic(&shared, [&outcomes_in, &room]);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (work, lock, make_state) = (&work, &lock, &make_state);
            let (outcomes_in, room) = (&outcomes_in, &room);
            scope.spawn(move || {
                let _stop = stop_on_panic();
                let mut state = make_state();
                let mut done: Option<(usize, O)> = None;
                loop {
                    // One lock per item: hand in the last outcome, take the next item.
                    let index = {
                        let mut shared = lock();
                        if let Some((index, outcome)) = done.take() {
                            shared.slots[index % WINDOW] = Some(outcome);
                            let end = (shared.taken + WINDOW).min(items.len());
                            while shared.ready_to < end
                                && shared.slots[shared.ready_to % WINDOW].is_some()
                            {
                                shared.ready_to += 1;
                            }
                            if shared.reporter_waits && shared.batch_ready(items.len()) {
                                outcomes_in.notify_one();
                            }
                        }
                        loop {
                            if shared.stopped || shared.next >= items.len() {
                                return;
                            }
                            if shared.next < shared.taken + WINDOW {
                                break;
                            }
                            shared.workers_waiting += 1;
                            shared = wait(room, shared);
                            shared.workers_waiting -= 1;
                        }
                        shared.next += 1;
                        shared.next - 1
                    };
                    done = Some((index, work(&mut state, &items[index])));
                }
            });
        }
        let _stop = stop_on_panic();
        let mut batch = Vec::with_capacity(WINDOW);
        loop {
            {
                let mut shared = lock();
                loop {
                    if shared.stopped || shared.taken == items.len() {
                        return;
                    }
                    if shared.batch_ready(items.len()) {
                        break;
                    }
                    shared.reporter_waits = true;
                    shared = wait(&outcomes_in, shared);
                    shared.reporter_waits = false;
                }
                let (from, to) = (shared.taken, shared.ready_to);
                batch.extend((from..to).filter_map(|index| shared.slots[index % WINDOW].take()));
                shared.taken = to;
                if shared.workers_waiting > 0 {
                    room.notify_all();
                }
            }
            // Reported without the lock, so the workers go on meanwhile.
            for outcome in batch.drain(..) {
                report(outcome);
            }
        }
    });
}

fn wait<'a, T>(condvar: &Condvar, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    condvar.wait(guard).unwrap_or_else(PoisonError::into_inner)
}

/// Sets `stopped` and wakes every waiting thread when dropped by a panic.
struct StopOnPanic<'a, O>(&'a Mutex<Shared<O>>, [&'a Condvar; 2]);

impl<O> Drop for StopOnPanic<'_, O> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .stopped = true;
            for condvar in self.1 {
                condvar.notify_all();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_come_in_item_order_however_long_each_takes() {
        // Items whose work takes longer the smaller they are, so later items finish first.
        let items: Vec<u64> = (0..3 * WINDOW as u64).collect();
        let mut seen = Vec::new();
        in_order(
            &items,
            |&item| {
                if item % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(300));
                }
                item * 2
            },
            |outcome| seen.push(outcome),
        );
        let expected: Vec<u64> = items.iter().map(|item| item * 2).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn each_worker_keeps_its_own_state_from_item_to_item() {
        // Each worker counts the items it took: every item is taken once, by one worker, and
        // the counts of the workers' last items add up to all of them.
        let items: Vec<u64> = (0..3 * WINDOW as u64).collect();
        let made = std::sync::atomic::AtomicUsize::new(0);
        let mut seen = Vec::new();
        let mut last_counts = std::collections::BTreeMap::new();
        in_order_with(
            &items,
            || {
                let worker = made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                (worker, 0_usize)
            },
            |(worker, taken), &item| {
                *taken += 1;
                if item % 5 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(200));
                }
                (item * 2, *worker, *taken)
            },
            |(outcome, worker, taken)| {
                seen.push(outcome);
                let last = last_counts.entry(worker).or_insert(0);
                assert!(taken > *last, "a worker's count only grows");
                *last = taken;
            },
        );
        let expected: Vec<u64> = items.iter().map(|item| item * 2).collect();
        assert_eq!(seen, expected);
        assert!(last_counts.len() <= made.into_inner());
        assert_eq!(last_counts.values().sum::<usize>(), items.len());
    }

    #[test]
    fn fewer_items_than_a_batch_are_all_reported() {
        for count in [1, BATCH - 1, BATCH + 1, WINDOW + BATCH / 2] {
            let items: Vec<usize> = (0..count).collect();
            let mut seen = Vec::new();
            in_order(&items, |&item| item + 1, |outcome| seen.push(outcome));
            assert_eq!(seen, (1..=count).collect::<Vec<_>>());
        }
    }

    #[test]
    fn no_items_no_outcomes() {
        let mut seen = 0;
        in_order(&[] as &[u8], |_| (), |()| seen += 1);
        assert_eq!(seen, 0);
    }

    #[test]
    fn a_panicking_worker_ends_the_run_with_its_panic() {
        let items: Vec<usize> = (0..4 * WINDOW).collect();
        let result = std::panic::catch_unwind(|| {
            in_order(
                &items,
                |&item| assert!(item != WINDOW + 3, "item {item}"),
                |()| {},
            )
        });
        assert!(result.is_err());
    }
}
