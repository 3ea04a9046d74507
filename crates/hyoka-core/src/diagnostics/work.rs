//! A count of the steps of hyoka's inner loops (a range tested, a sheet compared, a line scanned), per thread.
//! Tests read it to check that a shape of input costs work in proportion to its size: a sheet or workspace
//! eight times as large must take about eight times the steps, never sixty-four. No test measures time.

use std::cell::Cell;

thread_local! {
    static STEPS: Cell<u64> = const { Cell::new(0) };
}

/// Count `n` steps of an inner loop.
#[inline]
pub fn step(n: usize) {
    STEPS.with(|s| s.set(s.get().wrapping_add(n as u64)));
}

/// Run `f` and count the steps it takes on this thread.
pub fn counted<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = STEPS.with(Cell::get);
    let out = f();
    (out, STEPS.with(Cell::get).wrapping_sub(before))
}
