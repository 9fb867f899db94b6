//! The heap allocator, for now a real but simple one: bump allocation from large
//! anonymous mappings (ARENA_CHUNK each, never one mmap per object), aligned per size,
//! never freed. Fresh anonymous memory is zero, and nothing is reused, so every object
//! comes back zeroed whatever `needzero` says. The size-classed allocator
//! (mcache/mcentral/mheap) and the GC replace this in a later issue.
//!
//! HEAPLOCK protects the bump state (ARENA_NEXT, ARENA_END). The inittrace counters
//! are only touched by the goroutine running package inits (see proc::INITTRACE).
use core::sync::atomic::{AtomicU64, Ordering};

use crate::lock_futex::Mutex;
use crate::panic::throw;
use crate::sys_linux_amd64::{MADV_HUGEPAGE, MAP_ANONYMOUS, MAP_NORESERVE, MAP_PRIVATE, PROT_READ, PROT_WRITE, madvise, mmap};
use crate::typ::Type;

/// Size of each mapping the heap grows by.
const ARENA_CHUNK: usize = 64 << 20;

static HEAPLOCK: Mutex = Mutex::new();
static mut ARENA_NEXT: usize = 0;
static mut ARENA_END: usize = 0;

/// Bytes the heap has mapped (for tests and traces).
pub static HEAP_MAPPED: AtomicU64 = AtomicU64::new(0);
/// Objects and bytes allocated since start (runtime.ReadMemStats's Mallocs and
/// TotalAlloc; nothing is freed yet, so they are also the live counts).
pub static MALLOCS: AtomicU64 = AtomicU64::new(0);
pub static TOTAL_ALLOC: AtomicU64 = AtomicU64::new(0);

/// Address returned for zero-sized allocations (gc's zerobase).
#[unsafe(export_name = "runtime.zerobase")]
pub static mut ZEROBASE: usize = 0;

#[unsafe(export_name = "runtime.mallocinit")]
pub fn mallocinit() {
    // Map the first chunk now so that a broken environment fails at start-up.
    HEAPLOCK.lock();
    unsafe { grow(0) };
    HEAPLOCK.unlock();
}

/// Maps a new chunk big enough for `need` bytes. Caller holds HEAPLOCK.
unsafe fn grow(need: usize) {
    let n = if need > ARENA_CHUNK {
        (need + ARENA_CHUNK - 1) & !(ARENA_CHUNK - 1)
    } else {
        ARENA_CHUNK
    };
    let p = mmap(
        0,
        n,
        PROT_READ | PROT_WRITE,
        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
    );
    if p < 0 {
        throw("out of memory");
    }
    // Large heaps fault in 2 MB at a time instead of 4 KB (a 50 MB slice: ~25 faults
    // instead of ~12000). Advisory: failure changes nothing.
    madvise(p as usize, n, MADV_HUGEPAGE);
    unsafe {
        ARENA_NEXT = p as usize;
        ARENA_END = p as usize + n;
    }
    HEAP_MAPPED.fetch_add(n as u64, Ordering::Relaxed);
}

/// Bump-allocates `size` bytes aligned to `align` (a power of two) from the arena.
fn bump(size: usize, align: usize) -> *mut u8 {
    HEAPLOCK.lock();
    unsafe {
        let mut p = (ARENA_NEXT + align - 1) & !(align - 1);
        if ARENA_NEXT == 0 || p + size > ARENA_END {
            // The tail of the old chunk is abandoned: chunks are large, objects small.
            grow(size + align);
            p = (ARENA_NEXT + align - 1) & !(align - 1);
        }
        ARENA_NEXT = p + size;
        HEAPLOCK.unlock();
        p as *mut u8
    }
}

/// The alignment of a block of `size` bytes: the largest power of two ≤ size, at most 16.
fn size_align(size: usize) -> usize {
    if size >= 16 {
        16
    } else if size >= 8 {
        8
    } else if size >= 4 {
        4
    } else if size >= 2 {
        2
    } else {
        1
    }
}

/// Allocates an object of `size` bytes (zeroed). `typ` may be null.
#[unsafe(export_name = "runtime.mallocgc")]
pub unsafe extern "C" fn mallocgc(size: usize, typ: *const Type, _needzero: i8) -> *mut u8 {
    if size == 0 {
        return &raw mut ZEROBASE as *mut u8;
    }
    let mut align = size_align(size);
    if !typ.is_null() {
        let ta = unsafe { (*typ).align } as usize;
        if ta > align && ta.is_power_of_two() {
            align = ta;
        }
    }
    let rounded = (size + align - 1) & !(align - 1);
    let p = unsafe { cache_alloc(rounded, align) }.unwrap_or_else(|| bump(rounded, align));
    crate::proc::inittrace_count(rounded as u64);
    MALLOCS.fetch_add(1, Ordering::Relaxed);
    TOTAL_ALLOC.fetch_add(rounded as u64, Ordering::Relaxed);
    p
}

/// Objects up to this size come from the current P's cache block.
const MAX_CACHED: usize = 16 << 10;
/// Size of the block a P takes from the arena when its cache runs out.
const CACHE_BLOCK: usize = 256 << 10;

/// Allocation without the heap lock from the current P's block (gc's mcache idea in
/// its simplest form). Only the M holding the P touches its cache, and the runtime
/// never switches goroutines inside mallocgc, so the P cannot change under us.
/// None when there is no P (sysmon) or the object is large.
unsafe fn cache_alloc(size: usize, align: usize) -> Option<*mut u8> {
    if size > MAX_CACHED {
        return None;
    }
    let gp = crate::stubs::getg();
    unsafe {
        let mp = (*gp).m;
        if mp.is_null() || (*mp).p.is_null() {
            return None;
        }
        let pp = (*mp).p;
        let mut p = ((*pp).mcache_next + align - 1) & !(align - 1);
        if (*pp).mcache_next == 0 || p + size > (*pp).mcache_end {
            let block = bump(CACHE_BLOCK, 16) as usize;
            (*pp).mcache_next = block;
            (*pp).mcache_end = block + CACHE_BLOCK;
            p = block;
        }
        (*pp).mcache_next = p + size;
        Some(p as *mut u8)
    }
}

/// new(T).
#[unsafe(export_name = "runtime.newobject")]
pub unsafe extern "C" fn newobject(typ: *const Type) -> *mut u8 {
    unsafe { mallocgc((*typ).size, typ, 1) }
}

/// Memory for runtime structures that live forever (G, M, P, …): zeroed, not counted
/// as user allocations.
#[unsafe(export_name = "runtime.persistentalloc")]
pub fn persistentalloc(size: usize, align: usize) -> *mut u8 {
    bump(size.max(1), align.max(8))
}
