//! The hash map algorithm behind Go maps (map.rs holds the exported entry points).
//! Pure logic over raw memory, with the key's hash and equality and the allocator
//! passed in (`Shape`), so tests/pure.rs can run it on the host.
//!
//! # Design
//!
//! Not gc's buckets: a compact, insertion-ordered table (the design of CPython's and
//! PyPy's dicts), chosen because it makes iteration during mutation simple to get
//! right without gc's incremental evacuation.
//!
//! - `entries` is an array of `cap` slots, each `{tag u64, key, elem}`, filled in
//!   insertion order; `nentries` slots are used. tag = hash | LIVE for a live entry, 0
//!   for a deleted one (its key and elem are zeroed).
//! - `index` is an open-addressed table (linear probing) of `u32`s, twice as large as
//!   `cap` and a power of two: 0 empty, TOMB a deleted entry (keeps probe chains
//!   intact), else slot number + 1. Every non-empty index slot stands for a slot used
//!   since the last rebuild, so the index is never more than half full.
//! - Insertion appends a slot. When `entries` is full, it is rebuilt without the
//!   deleted slots: in place if at most half the slots are live and no iterator is
//!   active (see `iters`), else into a new array (twice as big unless at most half
//!   is live), and the index is rebuilt.
//! - Iteration walks slot numbers from a random start to the end, then from 0 to the
//!   start. Deleted slots are skipped; slots appended meanwhile are seen if the walk
//!   has not passed them (Go allows either). When a rebuild moves entries to a new
//!   array, the old array's tags are overwritten with forwarding numbers (each slot's
//!   new number, i.e. the count of live slots before it) and the old array links to
//!   the new one, so an iterator still holding the old array maps its positions over:
//!   it continues exactly where it was, no entry seen twice or missed. Deleting while
//!   iterating is therefore safe, and so is inserting.
//! - NaN keys never equal themselves, and their hash is random: each insertion of NaN
//!   makes a new entry, which only iteration can reach, as in gc.
//! - Empty map: when the last entry is deleted and no iterator is active, the table is
//!   reset and re-seeded (gc re-seeds too).
//! - `iters` counts iterators started and not yet run to their end. One abandoned by
//!   `break` stays counted for good: the map then always rebuilds into new arrays,
//!   which is safe, only less frugal (gc's maps keep a similar "iterator" flag).
//!
//! Maps are not safe for concurrent use (Go's rule); nothing here locks.
use core::ptr::null_mut;
use crate::mgcwb::{memclr_has_pointers, typedmemmove, write_ptr};

pub type HashFn = unsafe extern "C" fn(*const u8, usize) -> usize;
pub type EqualFn = unsafe extern "C" fn(*const u8, *const u8) -> i8;

/// How one map type's slots look, and the services the algorithm needs.
pub struct Shape {
    pub ksize: usize,
    pub esize: usize,
    /// Offsets of key and elem in a slot, and the slot size.
    pub koff: usize,
    pub eoff: usize,
    pub stride: usize,
    pub hash: HashFn,
    pub equal: EqualFn,
    /// Zeroed memory, 16-byte aligned for sizes ≥ 16.
    pub alloc: unsafe fn(usize) -> *mut u8,
    pub rand: fn() -> u64,
}

impl Shape {
    /// The slot layout for keys and elems of these sizes and alignments.
    pub fn layout(ksize: usize, kalign: usize, esize: usize, ealign: usize) -> (usize, usize, usize) {
        let up = |x: usize, a: usize| (x + a - 1) & !(a - 1);
        let (kalign, ealign) = (kalign.max(1), ealign.max(1));
        let koff = up(8, kalign);
        let eoff = up(koff + ksize, ealign);
        let stride = up(eoff + esize, kalign.max(ealign).max(8));
        (koff, eoff, stride)
    }
}

/// gc's hmap, rgo's layout. `count` must stay the first word: len(m) reads it.
#[repr(C)]
pub struct Hmap {
    pub count: usize,
    /// Iterators started and not finished: while non-zero, rebuilds keep old arrays
    /// readable (forwarding) instead of compacting in place.
    pub iters: usize,
    pub hash0: usize,
    /// The current entries array (an `ArrayHeader`, then `cap` slots), or null.
    pub entries: *mut u8,
    pub nentries: usize,
    pub cap: usize,
    pub index: *mut u32,
    pub imask: usize,
}

/// The header of an entries array.
#[repr(C)]
pub struct ArrayHeader {
    /// The array that replaced this one (null while current).
    pub next: *mut u8,
    /// Slots used in this array when it was replaced, and the live ones among them
    /// (the forwarding number of positions at or past the end).
    pub nold: usize,
    pub fwd_end: usize,
    pub pad: usize,
}

const HDR: usize = core::mem::size_of::<ArrayHeader>();
const LIVE: u64 = 1 << 63;
const TOMB: u32 = u32::MAX;
const MIN_CAP: usize = 8;

/// The iterator as compiled code sees it: 16 words, key and elem pointers first.
#[repr(C)]
pub struct Hiter {
    pub key: *mut u8,
    pub elem: *mut u8,
    pub t: *const u8,
    pub h: *mut Hmap,
    /// The entries array this iterator's positions refer to.
    pub entries: *mut u8,
    pub pos: usize,
    pub start: usize,
    /// 0: walking start..end; 1: walking 0..start.
    pub phase: usize,
    pub rest: [usize; 8],
}

const _: () = assert!(core::mem::size_of::<Hiter>() == 128);

impl Hmap {
    #[inline]
    unsafe fn slot(&self, arr: *mut u8, s: usize, sh: &Shape) -> *mut u8 {
        unsafe { arr.add(HDR + s * sh.stride) }
    }

    #[inline]
    unsafe fn tag(slot: *mut u8) -> u64 {
        unsafe { *(slot as *const u64) }
    }

    /// Allocates the first arrays, for at least `hint` entries.
    pub unsafe fn init(&mut self, hint: usize, sh: &Shape) {
        let mut cap = MIN_CAP;
        while cap < hint && cap < (1 << 30) {
            cap *= 2;
        }
        unsafe {
            write_ptr(&raw mut self.entries, (sh.alloc)(HDR + cap * sh.stride));
            self.cap = cap;
            self.nentries = 0;
            self.alloc_index(cap, sh);
        }
    }

    unsafe fn alloc_index(&mut self, cap: usize, sh: &Shape) {
        let n = 2 * cap;
        unsafe { write_ptr(&raw mut self.index, (sh.alloc)(n * 4) as *mut u32) };
        self.imask = n - 1;
    }

    #[inline]
    fn tag_of(hash: usize) -> u64 {
        hash as u64 | LIVE
    }

    /// The index position and slot of key, or None.
    pub unsafe fn find(&self, key: *const u8, sh: &Shape) -> Option<(usize, usize)> {
        if self.count == 0 {
            // Nothing to find, but an unhashable key must still panic, as in gc.
            unsafe { (sh.hash)(key, self.hash0) };
            return None;
        }
        let hash = unsafe { (sh.hash)(key, self.hash0) };
        let tag = Self::tag_of(hash);
        let mut i = hash & self.imask;
        unsafe {
            loop {
                let v = *self.index.add(i);
                if v == 0 {
                    return None;
                }
                if v != TOMB {
                    let s = (v - 1) as usize;
                    let slot = self.slot(self.entries, s, sh);
                    if Self::tag(slot) == tag && (sh.equal)(key, slot.add(sh.koff)) != 0 {
                        return Some((i, s));
                    }
                }
                i = (i + 1) & self.imask;
            }
        }
    }

    /// Pointer to key's elem, or null.
    pub unsafe fn lookup(&self, key: *const u8, sh: &Shape) -> *mut u8 {
        unsafe {
            match self.find(key, sh) {
                Some((_, s)) => self.slot(self.entries, s, sh).add(sh.eoff),
                None => null_mut(),
            }
        }
    }

    /// Pointer to key's elem, inserting the key (with a zero elem) if absent.
    pub unsafe fn assign(&mut self, key: *const u8, sh: &Shape) -> *mut u8 {
        unsafe {
            if self.entries.is_null() {
                self.init(0, sh);
            }
            let hash = (sh.hash)(key, self.hash0);
            let tag = Self::tag_of(hash);
            let mut i = hash & self.imask;
            let mut free = usize::MAX;
            loop {
                let v = *self.index.add(i);
                if v == 0 {
                    break;
                }
                if v == TOMB {
                    if free == usize::MAX {
                        free = i;
                    }
                } else {
                    let slot = self.slot(self.entries, (v - 1) as usize, sh);
                    if Self::tag(slot) == tag && (sh.equal)(key, slot.add(sh.koff)) != 0 {
                        // gc overwrites the key too (it matters for +0/-0 and NaN-free
                        // float keys: the newest spelling is kept).
                        typedmemmove(slot.add(sh.koff), key, sh.ksize);
                        return slot.add(sh.eoff);
                    }
                }
                i = (i + 1) & self.imask;
            }
            if free != usize::MAX {
                i = free;
            }
            if self.nentries == self.cap {
                self.rebuild(sh);
                // The index was rebuilt: find the new empty position.
                i = hash & self.imask;
                while *self.index.add(i) != 0 {
                    i = (i + 1) & self.imask;
                }
            }
            let s = self.nentries;
            self.nentries += 1;
            let slot = self.slot(self.entries, s, sh);
            *(slot as *mut u64) = tag;
            core::ptr::copy(key, slot.add(sh.koff), sh.ksize);
            *self.index.add(i) = s as u32 + 1;
            self.count += 1;
            slot.add(sh.eoff)
        }
    }

    /// Removes key if present.
    pub unsafe fn delete(&mut self, key: *const u8, sh: &Shape) {
        unsafe {
            let Some((i, s)) = self.find(key, sh) else { return };
            *self.index.add(i) = TOMB;
            let slot = self.slot(self.entries, s, sh);
            memclr_has_pointers(slot, sh.stride);
            self.count -= 1;
            if self.count == 0 && self.iters == 0 {
                self.reset(sh);
            }
        }
    }

    /// Empties the table (all slots zero), keeping its arrays, and re-seeds. Only
    /// when no iterator can hold positions into it.
    unsafe fn reset(&mut self, sh: &Shape) {
        unsafe {
            memclr_has_pointers(self.entries.add(HDR), self.nentries * sh.stride);
            core::ptr::write_bytes(self.index, 0, self.imask + 1);
        }
        self.nentries = 0;
        self.hash0 = (sh.rand)() as usize;
    }

    /// clear(m) / the `for k := range m { delete(m, k) }` idiom.
    pub unsafe fn clear(&mut self, sh: &Shape) {
        if self.entries.is_null() {
            return;
        }
        unsafe {
            if self.iters == 0 {
                self.reset(sh);
            } else {
                for s in 0..self.nentries {
                    let slot = self.slot(self.entries, s, sh);
                    memclr_has_pointers(slot, sh.stride);
                }
                core::ptr::write_bytes(self.index, 0, self.imask + 1);
            }
        }
        self.count = 0;
    }

    /// entries is full: drop deleted slots, growing if more than half are live.
    unsafe fn rebuild(&mut self, sh: &Shape) {
        unsafe {
            let live = self.count;
            let newcap = if live * 2 <= self.cap { self.cap } else { self.cap * 2 };
            if newcap > u32::MAX as usize / 2 {
                // The index stores slot numbers in u32s.
                panic!("map too large");
            }
            let old = self.entries;
            let oldn = self.nentries;
            if newcap == self.cap && self.iters == 0 {
                // In place: slide live slots down, in order, and zero the rest.
                let mut j = 0;
                for s in 0..oldn {
                    let src = self.slot(old, s, sh);
                    if Self::tag(src) & LIVE != 0 {
                        if j != s {
                            typedmemmove(self.slot(old, j, sh), src, sh.stride);
                        }
                        j += 1;
                    }
                }
                memclr_has_pointers(self.slot(old, j, sh), (oldn - j) * sh.stride);
                self.nentries = j;
            } else {
                let new = (sh.alloc)(HDR + newcap * sh.stride);
                let mut j = 0;
                for s in 0..oldn {
                    let src = self.slot(old, s, sh);
                    let live_slot = Self::tag(src) & LIVE != 0;
                    if live_slot {
                        core::ptr::copy_nonoverlapping(src, self.slot(new, j, sh), sh.stride);
                    }
                    if self.iters != 0 {
                        // Forwarding number for iterators still in the old array.
                        *(src as *mut u64) = j as u64;
                    }
                    if live_slot {
                        j += 1;
                    }
                }
                let hdr = old as *mut ArrayHeader;
                (*hdr).nold = oldn;
                (*hdr).fwd_end = j;
                write_ptr(&raw mut (*hdr).next, new);
                write_ptr(&raw mut self.entries, new);
                self.nentries = j;
                if newcap != self.cap {
                    self.alloc_index(newcap, sh);
                }
                self.cap = newcap;
            }
            // Rebuild the index from the live slots.
            core::ptr::write_bytes(self.index, 0, self.imask + 1);
            for s in 0..self.nentries {
                let tag = Self::tag(self.slot(self.entries, s, sh));
                let mut i = tag as usize & self.imask;
                while *self.index.add(i) != 0 {
                    i = (i + 1) & self.imask;
                }
                *self.index.add(i) = s as u32 + 1;
            }
        }
    }

    /// Starts an iteration: `it` gets the first entry (key null when the map is empty).
    pub unsafe fn iterinit(h: *mut Hmap, it: *mut Hiter, sh: &Shape) {
        unsafe {
            core::ptr::write_bytes(it, 0, 1);
            if h.is_null() || (*h).count == 0 {
                return;
            }
            (*it).h = h;
            (*h).iters += 1;
            (*it).entries = (*h).entries;
            let n = (*h).nentries as u64;
            (*it).start = (((sh.rand)() as u32 as u64 * n) >> 32) as usize;
            (*it).pos = (*it).start;
            (*it).phase = 0;
            Self::iternext(it, sh);
        }
    }

    /// Advances `it` to the next entry (key null at the end).
    pub unsafe fn iternext(it: *mut Hiter, sh: &Shape) {
        unsafe {
            let h = (*it).h;
            if h.is_null() {
                (*it).key = null_mut();
                (*it).elem = null_mut();
                return;
            }
            // Follow rebuilds that happened since the last step.
            while (*it).entries != (*h).entries {
                let arr = (*it).entries;
                let hdr = arr as *const ArrayHeader;
                let fwd = |p: usize| -> usize {
                    if p >= (*hdr).nold {
                        (*hdr).fwd_end
                    } else {
                        Self::tag(arr.add(HDR + p * sh.stride)) as usize
                    }
                };
                (*it).pos = fwd((*it).pos);
                (*it).start = fwd((*it).start);
                (*it).entries = (*hdr).next;
            }
            loop {
                if (*it).phase == 0 {
                    if (*it).pos >= (*h).nentries {
                        (*it).phase = 1;
                        (*it).pos = 0;
                        continue;
                    }
                } else if (*it).pos >= (*it).start {
                    (*it).key = null_mut();
                    (*it).elem = null_mut();
                    (*it).h = null_mut();
                    (*h).iters -= 1;
                    return;
                }
                let s = (*it).pos;
                (*it).pos += 1;
                let slot = (*h).slot((*h).entries, s, sh);
                if Self::tag(slot) & LIVE != 0 {
                    (*it).key = slot.add(sh.koff);
                    (*it).elem = slot.add(sh.eoff);
                    return;
                }
            }
        }
    }
}
