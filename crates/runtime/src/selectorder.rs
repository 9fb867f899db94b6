//! select's poll order, a random permutation of the ready-able cases. Pure logic:
//! tests/pure.rs checks it on the host.

/// The poll order: a uniformly random permutation of `cases` (the indices of the
/// cases with a non-nil channel), by the inside-out Fisher–Yates shuffle.
/// Pure; `randn(n)` returns a number in [0, n).
pub fn permute(cases: &[u16], out: &mut [u16], mut randn: impl FnMut(u32) -> u32) {
    for (k, &i) in cases.iter().enumerate() {
        let j = randn(k as u32 + 1) as usize;
        out[k] = out[j];
        out[j] = i;
    }
}
