//! The page heap (gc's mheap): one large reservation of address space (the arena),
//! carved into runs of 8 KB pages described by `MSpan`s. A span is either in use
//! (holding objects of one size class, or one large object) or free (on a free list
//! bucketed by length, coalesced with free neighbours when freed).
//!
//! Any address in the arena maps to its span through `SPANS`, one pointer per page:
//! that is how the collector resolves an interior pointer to its object. Pages never
//! used yet lie above `ARENA_USED`; growing the heap moves that mark up (the kernel
//! backs pages lazily: MAP_NORESERVE). Free pages that stayed free for a whole cycle
//! are given back with MADV_DONTNEED (`scavenge`, called at the end of a collection).
//!
//! MSpan structs themselves come from their own mapping (never from the Go heap, and
//! never scanned as roots): a span's metadata must not keep objects alive.
//!
//! HEAPLOCK protects everything here: the free lists, SPANS, ARENA_USED, the span
//! struct pool, the mcentral lists (mcentral.rs) and the fields of spans that are not
//! in an mcache. A span in an mcache is touched only by the P that caches it.
use core::sync::atomic::{AtomicU64, Ordering};

use crate::lock_futex::Mutex;
use crate::sys_linux_amd64::{MADV_DONTNEED, MADV_HUGEPAGE, MAP_ANONYMOUS, MAP_NORESERVE, MAP_PRIVATE, PROT_READ, PROT_WRITE, madvise, mmap};

pub const PAGE_SHIFT: usize = 13;
pub const PAGE_SIZE: usize = 1 << PAGE_SHIFT;
/// Address space reserved for the heap. Past it, allocation fails with gc's
/// "out of memory".
pub const ARENA_SIZE: usize = 256 << 30;
const ARENA_PAGES: usize = ARENA_SIZE >> PAGE_SHIFT;
/// Free runs shorter than this many pages have a list each; longer ones share one.
const FREE_BUCKETS: usize = 128;

pub const MSPAN_FREE: u8 = 1;
pub const MSPAN_INUSE: u8 = 2;

/// Bits per span for allocation and mark bitmaps: the most objects a span holds
/// (one page of 8-byte objects).
pub const SPAN_BITS_WORDS: usize = 16;

#[repr(C)]
pub struct MSpan {
    /// Link in a free list (doubly linked) or an mcentral partial list (next only).
    pub next: *mut MSpan,
    pub prev: *mut MSpan,
    pub startaddr: usize,
    pub npages: usize,
    pub state: u8,
    /// Size class (0 = one large object).
    pub sizeclass: u8,
    /// Objects hold no pointers: never scanned.
    pub noscan: bool,
    /// In some P's mcache (or the global one): allocation happens without HEAPLOCK.
    pub cached: bool,
    /// Memory may hold old data: zero objects as they are handed out.
    pub needzero: bool,
    /// Free and given back to the OS (reads as zeros).
    pub scavenged: bool,
    /// The collection count when the span became free (the scavenger's clock).
    pub freegen: u32,
    pub elemsize: usize,
    /// ⌈2³² / elemsize⌉: `(off * divmul) >> 32` is `off / elemsize` for every offset
    /// inside the span (gc's divMagic); 0 for a large object's span (index 0).
    pub divmul: u64,
    pub nelems: usize,
    /// Objects below freeindex are known allocated; the search starts there.
    pub freeindex: usize,
    pub alloccount: usize,
    pub allocbits: [u64; SPAN_BITS_WORDS],
    pub gcmarkbits: [u64; SPAN_BITS_WORDS],
    /// SWEEPGEN when the span was last swept or made (mgcsweep.rs): older means its
    /// mark bits still wait to become free slots.
    pub sweepgen: u32,
    /// Black allocation without touching mark bits: when marking starts, or when the
    /// span is cached during marking, cycle MARKGEN copies allocbits here
    /// (snapshot_alloc); slots allocated since (allocbits & !allocstart) count as
    /// marked.
    pub snapgen: u32,
    pub allocstart: [u64; SPAN_BITS_WORDS],
}

impl MSpan {
    #[inline(always)]
    pub fn base(&self) -> usize {
        self.startaddr
    }
    /// The index of the object holding `p` (inside the span).
    #[inline(always)]
    pub fn objindex(&self, p: usize) -> usize {
        (((p - self.startaddr) as u64 * self.divmul) >> 32) as usize
    }
    #[inline(always)]
    pub fn limit(&self) -> usize {
        self.startaddr + self.nelems * self.elemsize
    }
    /// Whether slot `idx` was allocated during the current cycle's marking.
    #[inline(always)]
    pub fn isblack(&self, idx: usize) -> bool {
        let (w, b) = (idx / 64, 1u64 << (idx % 64));
        unsafe { self.snapgen == MARKGEN && self.allocbits[w] & !self.allocstart[w] & b != 0 }
    }

    /// Makes objects allocated from now on in this cycle black (isblack): called for
    /// every cached span at the start of marking and for a span cached during it.
    /// Once per cycle: a second snapshot would whiten the objects since the first.
    pub fn snapshot_alloc(&mut self) {
        if self.snapgen != unsafe { MARKGEN } {
            self.allocstart = self.allocbits;
            self.snapgen = unsafe { MARKGEN };
        }
    }

    /// The next free object slot, marked allocated; None when the span is full.
    #[inline(always)]
    pub fn nextfree(&mut self) -> Option<usize> {
        let mut i = self.freeindex;
        while i < self.nelems {
            let w = self.allocbits[i / 64] >> (i % 64);
            if w == u64::MAX >> (i % 64) {
                // The rest of this word is taken.
                i = (i / 64 + 1) * 64;
                continue;
            }
            let free = (!w).trailing_zeros() as usize;
            i += free;
            if i >= self.nelems {
                break;
            }
            self.allocbits[i / 64] |= 1 << (i % 64);
            self.alloccount += 1;
            self.freeindex = i + 1;
            return Some(self.startaddr + i * self.elemsize);
        }
        self.freeindex = self.nelems;
        None
    }
}

pub static HEAPLOCK: Mutex = Mutex::new();
/// Advanced by 2 at the end of each cycle (mgcsweep.rs). HEAPLOCK.
pub static mut SWEEPGEN: u32 = 0;
/// Advanced at the start of each cycle, with the world stopped (MSpan.snapgen).
pub static mut MARKGEN: u32 = 0;
pub static mut ARENA_START: usize = 0;
/// Pages below this address have been handed out at least once. Read without the lock
/// by the collector (the world is stopped) and by `spanof` callers that hold it.
pub static mut ARENA_USED: usize = 0;
/// One span pointer per arena page (null: never used).
pub static mut SPANS: *mut *mut MSpan = core::ptr::null_mut();
static mut FREE: [*mut MSpan; FREE_BUCKETS] = [core::ptr::null_mut(); FREE_BUCKETS];
/// Spare span structs, linked through next.
static mut SPAN_POOL: *mut MSpan = core::ptr::null_mut();

/// Bytes of the arena ever used (HeapSys), free (HeapIdle), given back (HeapReleased).
pub static HEAP_SYS: AtomicU64 = AtomicU64::new(0);
pub static HEAP_FREE: AtomicU64 = AtomicU64::new(0);
pub static HEAP_RELEASED: AtomicU64 = AtomicU64::new(0);

fn oom() -> ! {
    crate::panic::throw("runtime: out of memory")
}

/// Reserves the arena and the span table.
pub fn mheap_init() {
    let p = mmap(0, ARENA_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE);
    if p < 0 {
        oom();
    }
    // The heap is filled from the bottom, densely: 2 MB pages fault in 512 times fewer.
    madvise(p as usize, ARENA_SIZE, MADV_HUGEPAGE);
    let t = mmap(0, ARENA_PAGES * 8, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE);
    if t < 0 {
        oom();
    }
    unsafe {
        ARENA_START = p as usize;
        // The first page is never handed out: ARENA_START itself (in bss, a root) must
        // not point at an object, or the conservative scan would keep it alive.
        ARENA_USED = p as usize + PAGE_SIZE;
        SPANS = t as *mut *mut MSpan;
    }
    crate::mbitmap::heapbits_init();
}

/// The span holding address `p`, or null when p is not in a used part of the arena.
#[inline(always)]
pub unsafe fn spanof(p: usize) -> *mut MSpan {
    unsafe {
        if p < ARENA_START || p >= ARENA_USED {
            return core::ptr::null_mut();
        }
        let s = *SPANS.add((p - ARENA_START) >> PAGE_SHIFT);
        // Inside a free run the entry may be stale (see setspans_ends).
        if s.is_null() || p < (*s).startaddr || p >= (*s).startaddr + (*s).npages * PAGE_SIZE {
            return core::ptr::null_mut();
        }
        s
    }
}

/// A zeroed span struct. Caller holds HEAPLOCK.
unsafe fn span_struct() -> *mut MSpan {
    unsafe {
        if SPAN_POOL.is_null() {
            const CHUNK: usize = 1 << 20;
            let p = mmap(0, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
            if p < 0 {
                oom();
            }
            let n = CHUNK / core::mem::size_of::<MSpan>();
            for i in 0..n {
                let s = (p as usize + i * core::mem::size_of::<MSpan>()) as *mut MSpan;
                (*s).next = SPAN_POOL;
                SPAN_POOL = s;
            }
        }
        let s = SPAN_POOL;
        SPAN_POOL = (*s).next;
        core::ptr::write_bytes(s, 0, 1);
        s
    }
}

unsafe fn span_struct_free(s: *mut MSpan) {
    unsafe {
        (*s).state = 0;
        (*s).next = SPAN_POOL;
        SPAN_POOL = s;
    }
}

unsafe fn setspans(s: *mut MSpan) {
    unsafe {
        let first = ((*s).startaddr - ARENA_START) >> PAGE_SHIFT;
        for i in 0..(*s).npages {
            *SPANS.add(first + i) = s;
        }
    }
}

/// Points the first and last pages of free run `s` at it. Those are the entries
/// coalescing looks up (the page before a run being freed, the page after it); the
/// entries of a free run's interior pages may still name spans that no longer exist
/// there, so every lookup checks the address against the span's bounds (spanof,
/// mgcmark.rs markobject). Writing only the ends keeps freeing and splitting runs
/// linear: rewriting every entry of a growing run made sweeping a large heap
/// quadratic.
unsafe fn setspans_ends(s: *mut MSpan) {
    unsafe {
        let first = ((*s).startaddr - ARENA_START) >> PAGE_SHIFT;
        *SPANS.add(first) = s;
        *SPANS.add(first + (*s).npages - 1) = s;
    }
}

fn bucket(npages: usize) -> usize {
    if npages < FREE_BUCKETS { npages } else { 0 }
}

unsafe fn free_insert(s: *mut MSpan) {
    unsafe {
        let b = bucket((*s).npages);
        (*s).prev = core::ptr::null_mut();
        (*s).next = FREE[b];
        if !FREE[b].is_null() {
            (*FREE[b]).prev = s;
        }
        FREE[b] = s;
    }
}

unsafe fn free_remove(s: *mut MSpan) {
    unsafe {
        let b = bucket((*s).npages);
        if (*s).prev.is_null() {
            FREE[b] = (*s).next;
        } else {
            (*(*s).prev).next = (*s).next;
        }
        if !(*s).next.is_null() {
            (*(*s).next).prev = (*s).prev;
        }
        (*s).next = core::ptr::null_mut();
        (*s).prev = core::ptr::null_mut();
    }
}

/// A span of `npages` pages in state MSPAN_INUSE (fields other than the page range,
/// needzero and state are zero). Caller holds HEAPLOCK.
pub unsafe fn alloc_pages(npages: usize) -> *mut MSpan {
    unsafe {
        let mut found: *mut MSpan = core::ptr::null_mut();
        for b in npages..FREE_BUCKETS {
            if !FREE[b].is_null() {
                found = FREE[b];
                break;
            }
        }
        if found.is_null() {
            // Best fit among the long runs.
            let mut s = FREE[0];
            while !s.is_null() {
                if (*s).npages >= npages && (found.is_null() || (*s).npages < (*found).npages) {
                    found = s;
                }
                s = (*s).next;
            }
        }
        if !found.is_null() {
            free_remove(found);
            HEAP_FREE.fetch_sub(((*found).npages * PAGE_SIZE) as u64, Ordering::Relaxed);
            if (*found).scavenged {
                HEAP_RELEASED.fetch_sub(((*found).npages * PAGE_SIZE) as u64, Ordering::Relaxed);
            }
            if (*found).npages > npages {
                let rest = span_struct();
                (*rest).startaddr = (*found).startaddr + npages * PAGE_SIZE;
                (*rest).npages = (*found).npages - npages;
                (*rest).state = MSPAN_FREE;
                (*rest).needzero = (*found).needzero;
                (*rest).scavenged = (*found).scavenged;
                (*rest).freegen = (*found).freegen;
                (*found).npages = npages;
                setspans_ends(rest);
                free_insert(rest);
                HEAP_FREE.fetch_add(((*rest).npages * PAGE_SIZE) as u64, Ordering::Relaxed);
                if (*rest).scavenged {
                    HEAP_RELEASED.fetch_add(((*rest).npages * PAGE_SIZE) as u64, Ordering::Relaxed);
                }
            }
            // An in-use span's pages all name it (a free run's interior may not).
            setspans(found);
            let s = found;
            let (start, nz) = ((*s).startaddr, (*s).needzero && !(*s).scavenged);
            core::ptr::write_bytes(s, 0, 1);
            (*s).startaddr = start;
            (*s).npages = npages;
            (*s).needzero = nz;
            (*s).state = MSPAN_INUSE;
            (*s).sweepgen = SWEEPGEN;
            return s;
        }
        // Fresh pages from the top of the used arena.
        let n = npages.checked_mul(PAGE_SIZE).unwrap_or(usize::MAX);
        if n > ARENA_START + ARENA_SIZE - ARENA_USED {
            oom();
        }
        let s = span_struct();
        (*s).startaddr = ARENA_USED;
        (*s).npages = npages;
        (*s).state = MSPAN_INUSE;
        (*s).sweepgen = SWEEPGEN;
        ARENA_USED += n;
        HEAP_SYS.fetch_add(n as u64, Ordering::Relaxed);
        setspans(s);
        s
    }
}

/// Returns an in-use span's pages to the free lists, merged with free neighbours.
/// Caller holds HEAPLOCK.
pub unsafe fn free_span(s: *mut MSpan, cycle: u32) {
    unsafe {
        let mut s = s;
        (*s).state = MSPAN_FREE;
        (*s).needzero = true;
        (*s).scavenged = false;
        (*s).freegen = cycle;
        (*s).cached = false;
        HEAP_FREE.fetch_add(((*s).npages * PAGE_SIZE) as u64, Ordering::Relaxed);
        // Merge with the run before.
        if (*s).startaddr > ARENA_START {
            let p = *SPANS.add(((*s).startaddr - ARENA_START - 1) >> PAGE_SHIFT);
            if !p.is_null() && (*p).state == MSPAN_FREE {
                free_remove(p);
                if (*p).scavenged {
                    HEAP_RELEASED.fetch_sub(((*p).npages * PAGE_SIZE) as u64, Ordering::Relaxed);
                }
                (*p).npages += (*s).npages;
                (*p).scavenged = false;
                (*p).needzero = true;
                (*p).freegen = cycle;
                span_struct_free(s);
                s = p;
            }
        }
        // And with the run after.
        let end = (*s).startaddr + (*s).npages * PAGE_SIZE;
        if end < ARENA_USED {
            let n = *SPANS.add((end - ARENA_START) >> PAGE_SHIFT);
            if !n.is_null() && (*n).state == MSPAN_FREE {
                free_remove(n);
                if (*n).scavenged {
                    HEAP_RELEASED.fetch_sub(((*n).npages * PAGE_SIZE) as u64, Ordering::Relaxed);
                }
                (*s).npages += (*n).npages;
                span_struct_free(n);
            }
        }
        setspans_ends(s);
        free_insert(s);
    }
}

/// Gives back to the OS the free runs that have been free since before collection
/// `cycle` (all free runs when `all`). Caller holds HEAPLOCK.
pub unsafe fn scavenge(cycle: u32, all: bool) {
    unsafe {
        for b in 0..FREE_BUCKETS {
            let mut s = FREE[b];
            while !s.is_null() {
                if !(*s).scavenged && (all || (*s).freegen < cycle) {
                    let n = (*s).npages * PAGE_SIZE;
                    madvise((*s).startaddr, n, MADV_DONTNEED);
                    (*s).scavenged = true;
                    (*s).needzero = false;
                    HEAP_RELEASED.fetch_add(n as u64, Ordering::Relaxed);
                }
                s = (*s).next;
            }
        }
    }
}
