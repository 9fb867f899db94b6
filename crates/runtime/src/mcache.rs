//! Per-P allocation caches (gc's mcache): one span per span class from which the
//! P allocates without a lock, plus the P's allocation counters (summed by
//! ReadMemStats). Only the M holding the P touches its mcache; threads without a P
//! use GLOBAL_MCACHE under HEAPLOCK. The collector flushes every cache with the
//! world stopped.
use crate::mcentral::{NUM_SPAN_CLASSES, mcentral_uncachespan};
use crate::mheap::MSpan;

#[repr(C)]
pub struct MCache {
    pub alloc: [*mut MSpan; NUM_SPAN_CLASSES],
    /// Objects and bytes allocated through this cache since start.
    pub nmalloc: u64,
    pub nbytes: u64,
    /// The tiny allocator's current 16-byte block (0: none) and how much of it is
    /// used (malloc.rs).
    pub tiny: usize,
    pub tinyoffset: usize,
}

/// The cache of threads without a P (sysmon, start-up). HEAPLOCK protects it.
pub static mut GLOBAL_MCACHE: MCache = MCache {
    alloc: [core::ptr::null_mut(); NUM_SPAN_CLASSES],
    nmalloc: 0,
    nbytes: 0,
    tiny: 0,
    tinyoffset: 0,
};

/// Drops the tiny block. Caller holds HEAPLOCK; the owner is stopped.
unsafe fn mcache_drop_tiny(c: *mut MCache) {
    unsafe {
        (*c).tiny = 0;
        (*c).tinyoffset = 0;
    }
}

/// At the start of a cycle (MARKGEN already advanced): drops the tiny block and
/// snapshots every cached span, so what is allocated from now on is black (the
/// blocks and spans taken later during marking are made black as they are taken).
/// Caller holds HEAPLOCK; the owner is stopped.
pub unsafe fn mcache_start_cycle(c: *mut MCache) {
    unsafe {
        mcache_drop_tiny(c);
        for &s in (*c).alloc.iter() {
            if !s.is_null() {
                (*s).snapshot_alloc();
            }
        }
    }
}

/// Gives every cached span back. Caller holds HEAPLOCK; the cache's owner is stopped.
/// The tiny block is dropped too: the sweep may free it (nothing else may point to it).
pub unsafe fn mcache_flush(c: *mut MCache) {
    unsafe {
        mcache_drop_tiny(c);
        for i in 0..NUM_SPAN_CLASSES {
            let s = (*c).alloc[i];
            if !s.is_null() {
                mcentral_uncachespan(s);
                (*c).alloc[i] = core::ptr::null_mut();
            }
        }
    }
}
