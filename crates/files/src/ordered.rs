//! Work on every core, reported in order: what `l10n` and `model --site` do with a site.
//!
//! A worker may run at most [`WINDOW`] items ahead of the outcomes reported, so memory holds a
//! window of outcomes (rendered reports, messages), never the site's; outcomes are reported on
//! the calling thread, which writes them while the workers go on.

use std::sync::mpsc;
use std::sync::{Condvar, Mutex, PoisonError};

/// How far the workers may run ahead of the outcomes reported: enough that a slow page never
/// idles the other cores, few enough that the outcomes waiting are a few hundred pages'.
const WINDOW: usize = 256;

/// The items handed out and the items whose outcomes are reported, shared by the workers and
/// this thread; `stopped` when a thread panicked, so that none waits for an item that will
/// never come.
struct Progress {
    next: usize,
    reported: usize,
    stopped: bool,
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
    let progress = Mutex::new(Progress {
        next: 0,
        reported: 0,
        stopped: false,
    });
    let reported_more = Condvar::new();
    let lock = || progress.lock().unwrap_or_else(PoisonError::into_inner);
    // A panic on any thread stops the others (then the scope passes it on), rather than leave
    // them waiting for its item.
    let stop_on_panic = || StopOnPanic(&progress, &reported_more);
    std::thread::scope(|scope| {
        let (sender, outcomes) = mpsc::channel::<(usize, O)>();
        for _ in 0..workers {
            let (sender, work, lock) = (sender.clone(), &work, &lock);
            let (reported_more, make_state) = (&reported_more, &make_state);
            scope.spawn(move || {
                let _stop = stop_on_panic();
                let mut state = make_state();
                loop {
                    let index = {
                        let mut progress = lock();
                        loop {
                            if progress.stopped || progress.next >= items.len() {
                                return;
                            }
                            if progress.next < progress.reported + WINDOW {
                                break;
                            }
                            progress = reported_more
                                .wait(progress)
                                .unwrap_or_else(PoisonError::into_inner);
                        }
                        progress.next += 1;
                        progress.next - 1
                    };
                    if sender
                        .send((index, work(&mut state, &items[index])))
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
        drop(sender);
        let _stop = stop_on_panic();
        // Outcomes that came before their turn, at their index modulo WINDOW: a worker takes
        // item `reported + WINDOW` only once item `reported` is reported, so none collide.
        let mut early: Vec<Option<O>> = (0..WINDOW).map(|_| None).collect();
        let mut reported = 0;
        for (index, outcome) in outcomes {
            early[index % WINDOW] = Some(outcome);
            let before = reported;
            while let Some(outcome) = early[reported % WINDOW].take() {
                report(outcome);
                reported += 1;
            }
            if reported > before {
                lock().reported = reported;
                reported_more.notify_all();
            }
        }
    });
}

/// Sets `stopped` and wakes every waiting worker when dropped by a panic.
struct StopOnPanic<'a>(&'a Mutex<Progress>, &'a Condvar);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .stopped = true;
            self.1.notify_all();
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
