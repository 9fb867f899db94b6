//! The memory allocator.
//!
//! Design (gc's, in rgo's words). Small objects (≤ 32 KB) are rounded up to one of
//! 67 size classes (sizeclasses.rs). Each class has spans: runs of 8 KB pages cut into
//! equal slots, with an allocation bitmap per span. A span holds either objects with
//! pointers ("scan") or objects without ("noscan": never looked at by the collector),
//! so a span class is a size class and that bit.
//!
//!   mallocgc ──▶ mcache (per P, no lock) ──▶ mcentral (partial spans) ──▶ mheap (pages)
//!
//! The fast path finds the next clear bit of the P's cached span for the class: no
//! lock, no atomic. When the span is full the P takes another span under HEAPLOCK,
//! from the central partial list or fresh pages from the heap. Objects over 32 KB get
//! a span of their own straight from the heap. A thread without a P (sysmon) uses a
//! global cache under HEAPLOCK.
//!
//! Every allocation records where its pointers are in the heap bitmap (mbitmap.rs):
//! from the type's gcdata when the caller passes a type, every word when it passes
//! none (closures, thunk records, runtime structures: scanned conservatively), no
//! bits at all for noscan objects (a type with ptrdata 0, or the runtime's byte
//! buffers through `mallocgc_noscan`).
//!
//! Memory handed out is always zeroed: fresh pages are zero, reused slots are cleared
//! as they are handed out (span.needzero), whatever the caller's needzero says.
//!
//! Collection (mgc.rs) is triggered from the slow path (a span refill or a large
//! object) when the heap has grown past the pacer's goal, and only when the world can
//! be stopped at once: see mgc.rs's essay.
//!
//! Runtime structures that live forever (G, M, P, itabs, signal stacks) come from
//! `persistentalloc`, outside the heap; the collector scans those chunks
//! conservatively as roots. PERSISTENTLOCK protects the chunk list.
use core::sync::atomic::{AtomicU64, Ordering};

use crate::lock_futex::Mutex;
use crate::mcache::{GLOBAL_MCACHE, MCache};
use crate::mcentral::{HEAP_LIVE, mcentral_cachespan, mcentral_uncachespan};
use crate::mheap::{HEAPLOCK, MSpan, PAGE_SIZE, alloc_pages, mheap_init};
use crate::sizeclasses::{CLASS_TO_SIZE, MAX_SMALL_SIZE, size_to_class};
use crate::sys_linux_amd64::{MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE, mmap};
use crate::typ::Type;

/// Address returned for zero-sized allocations (gc's zerobase).
#[unsafe(export_name = "runtime.zerobase")]
pub static mut ZEROBASE: usize = 0;

/// Objects and bytes allocated through GLOBAL_MCACHE and freed by sweeps (the Ps'
/// own counts are in their mcaches).
pub static FREES: AtomicU64 = AtomicU64::new(0);
pub static FREED_BYTES: AtomicU64 = AtomicU64::new(0);
/// Bytes mapped by persistentalloc.
pub static PERSISTENT_MAPPED: AtomicU64 = AtomicU64::new(0);

#[unsafe(export_name = "runtime.mallocinit")]
pub fn mallocinit() {
    mheap_init();
}

/// Objects allocated since start, and their bytes (slot sizes), over all caches.
pub fn malloc_counts() -> (u64, u64) {
    unsafe {
        let (mut n, mut b) = (GLOBAL_MCACHE.nmalloc, GLOBAL_MCACHE.nbytes);
        for i in 0..crate::runtime2::GOMAXPROCS as usize {
            let pp = *crate::runtime2::ALLP.add(i);
            n += core::ptr::read_volatile(&(*pp).mcache.nmalloc);
            b += core::ptr::read_volatile(&(*pp).mcache.nbytes);
        }
        (n, b)
    }
}

/// Allocates an object of `size` bytes (zeroed). `typ` may be null: scanned
/// conservatively then.
#[unsafe(export_name = "runtime.mallocgc")]
pub unsafe extern "C" fn mallocgc(size: usize, typ: *const Type, _needzero: i8) -> *mut u8 {
    unsafe {
        if !typ.is_null() && (*typ).kind & crate::typ::KIND_MASK == crate::typ::KIND_UINTPTR {
            // A []uintptr may hold pointers converted for a call (gc's
            // uintptrescapes: the variadic `rest ...uintptr` of
            // fixedbugs/issue24491a.go): scan it conservatively.
            return mallocgc1(size, core::ptr::null(), false);
        }
        let noscan = !typ.is_null() && (*typ).ptrdata == 0;
        mallocgc1(size, typ, noscan)
    }
}

/// Allocates `size` bytes that will never hold pointers (string and byte data).
pub unsafe fn mallocgc_noscan(size: usize) -> *mut u8 {
    unsafe { mallocgc1(size, core::ptr::null(), true) }
}

unsafe fn mallocgc1(size: usize, typ: *const Type, noscan: bool) -> *mut u8 {
    if size == 0 {
        return &raw mut ZEROBASE as *mut u8;
    }
    unsafe {
        let gp = crate::stubs::getg();
        let mp = if gp.is_null() { core::ptr::null_mut() } else { (*gp).m };
        let pp = if mp.is_null() { core::ptr::null_mut() } else { (*mp).p };
        let locked = pp.is_null();
        let c: *mut MCache = if locked {
            HEAPLOCK.lock();
            &raw mut GLOBAL_MCACHE
        } else {
            &raw mut (*pp).mcache
        };
        if noscan && size < MAX_TINY_SIZE && !locked {
            return tiny_alloc(c, size);
        }
        let mut slow = false;
        let (p, elemsize, needzero) = if size <= MAX_SMALL_SIZE {
            let spc = size_to_class(size) << 1 | noscan as usize;
            let mut s = (*c).alloc[spc];
            let mut p = if s.is_null() { None } else { (*s).nextfree() };
            if p.is_none() {
                slow = true;
                s = refill(c, spc, locked);
                p = (*s).nextfree();
            }
            let Some(p) = p else { crate::panic::throw("mallocgc: fresh span is full") };
            (p, (*s).elemsize, (*s).needzero)
        } else {
            slow = true;
            let mut s = core::ptr::null_mut();
            crate::stackcopy::on_g0(|| s = large_alloc(size, noscan, locked));
            ((*s).startaddr, (*s).elemsize, (*s).needzero)
        };
        if needzero {
            core::ptr::write_bytes(p as *mut u8, 0, if size <= MAX_SMALL_SIZE { elemsize } else { size.next_multiple_of(8) });
        }
        if !noscan {
            crate::mbitmap::heapbits_settype(p, elemsize, size, typ);
        }
        (*c).nmalloc += 1;
        (*c).nbytes += elemsize as u64;
        if locked {
            HEAPLOCK.unlock();
        }
        crate::proc::inittrace_count(elemsize as u64);
        crate::mgc::gc_after_malloc(slow);
        p as *mut u8
    }
}

/// Replaces the cache's span of class `spc`, which is full, with one from mcentral
/// (on the g0 stack: sweeping and growing the heap go deeper than STACK_GUARD).
#[inline(never)]
unsafe fn refill(c: *mut MCache, spc: usize, locked: bool) -> *mut MSpan {
    let mut s = core::ptr::null_mut();
    crate::stackcopy::on_g0(|| unsafe {
        if !locked {
            HEAPLOCK.lock();
        }
        if !(*c).alloc[spc].is_null() {
            mcentral_uncachespan((*c).alloc[spc]);
        }
        s = mcentral_cachespan(spc);
        (*c).alloc[spc] = s;
        if !locked {
            HEAPLOCK.unlock();
        }
    });
    s
}

/// Objects smaller than this without pointers share 16-byte blocks (gc's maxTinySize).
pub const MAX_TINY_SIZE: usize = 16;

/// gc's tiny allocator: pointer-free objects under 16 bytes (small strings, boxed
/// numbers) are packed into the P's current 16-byte block, each aligned to its size's
/// largest power-of-two divisor up to 8. A block is freed only when nothing points
/// into any of its objects (interior pointers mark the block). Blocks come from the
/// 16-byte noscan size class, zeroed.
unsafe fn tiny_alloc(c: *mut MCache, size: usize) -> *mut u8 {
    unsafe {
        let align = if size & 7 == 0 {
            8
        } else if size & 3 == 0 {
            4
        } else if size & 1 == 0 {
            2
        } else {
            1
        };
        let off = (*c).tinyoffset.next_multiple_of(align);
        if (*c).tiny != 0 && off + size <= MAX_TINY_SIZE {
            (*c).tinyoffset = off + size;
            (*c).nmalloc += 1;
            crate::proc::inittrace_count(size as u64);
            return ((*c).tiny + off) as *mut u8;
        }
        let p = mallocgc1(MAX_TINY_SIZE, core::ptr::null(), true);
        // The allocation may have run a cycle and yielded, so the goroutine may be on
        // another P now: keep the rest of the block in the cache of the P we are on,
        // if it leaves more room than the current block.
        let gp = crate::stubs::getg();
        let pp = if gp.is_null() || (*gp).m.is_null() { core::ptr::null_mut() } else { (*(*gp).m).p };
        if !pp.is_null() {
            let c = &raw mut (*pp).mcache;
            if (*c).tiny == 0 || size < (*c).tinyoffset {
                (*c).tiny = p as usize;
                (*c).tinyoffset = size;
            }
        }
        p
    }
}

/// A span of its own for an object over 32 KB. HEAPLOCK is held when `locked`.
unsafe fn large_alloc(size: usize, noscan: bool, locked: bool) -> *mut MSpan {
    let Some(rounded) = size.checked_add(PAGE_SIZE - 1) else {
        crate::panic::throw("runtime: out of memory")
    };
    let npages = rounded / PAGE_SIZE;
    unsafe {
        if !locked {
            HEAPLOCK.lock();
        }
        // Pages freed by the last cycle come back as spans are swept: sweep about
        // as many spans as this object takes pages before taking fresh ones.
        let mut budget = npages.max(8);
        while budget > 0 && crate::mgcsweep::sweep_some_if_pending() {
            budget = budget.saturating_sub(64);
        }
        let s = alloc_pages(npages);
        (*s).sizeclass = 0;
        (*s).noscan = noscan;
        (*s).elemsize = npages * PAGE_SIZE;
        (*s).nelems = 1;
        // Made during marking: black (MSpan.isblack; allocstart is zero).
        (*s).snapgen = if crate::mgc::allocating_black() { crate::mheap::MARKGEN } else { 0 };
        (*s).allocbits[0] = 1;
        (*s).alloccount = 1;
        (*s).freeindex = 1;
        HEAP_LIVE.fetch_add((*s).elemsize as u64, Ordering::Relaxed);
        if !locked {
            HEAPLOCK.unlock();
        }
        s
    }
}

/// The slot size a request of `size` bytes gets (gc's roundupsize).
pub fn slotsize(size: usize) -> usize {
    if size <= MAX_SMALL_SIZE { CLASS_TO_SIZE[size_to_class(size)] as usize } else { size.next_multiple_of(PAGE_SIZE) }
}

/// new(T).
#[unsafe(export_name = "runtime.newobject")]
pub unsafe extern "C" fn newobject(typ: *const Type) -> *mut u8 {
    let p = unsafe { mallocgc((*typ).size, typ, 1) };
    crate::preempt::preempt_sync();
    p
}

static PERSISTENTLOCK: Mutex = Mutex::new();
const PERSISTENT_CHUNK: usize = 256 << 10;
const MAX_PERSISTENT_CHUNKS: usize = 8192;
/// Chunks mapped by persistentalloc: [start, end); the last one is filled up to
/// PERSISTENT_NEXT. Scanned as roots by the collector.
pub static mut PERSISTENT_CHUNKS: [(usize, usize); MAX_PERSISTENT_CHUNKS] = [(0, 0); MAX_PERSISTENT_CHUNKS];
pub static mut PERSISTENT_NCHUNKS: usize = 0;
static mut PERSISTENT_NEXT: usize = 0;

/// Memory for runtime structures that live forever (G, M, P, …): zeroed, not counted
/// as user allocations, never freed; scanned conservatively by the collector.
#[unsafe(export_name = "runtime.persistentalloc")]
pub fn persistentalloc(size: usize, align: usize) -> *mut u8 {
    let size = size.max(1);
    let align = align.max(8);
    PERSISTENTLOCK.lock();
    unsafe {
        let n = PERSISTENT_NCHUNKS;
        let mut p = (PERSISTENT_NEXT + align - 1) & !(align - 1);
        if n == 0 || p + size > PERSISTENT_CHUNKS[n - 1].1 {
            if n == MAX_PERSISTENT_CHUNKS {
                crate::panic::throw("runtime: out of memory");
            }
            let len = (size + align).max(PERSISTENT_CHUNK).next_multiple_of(4096);
            let m = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
            if m < 0 {
                crate::panic::throw("runtime: out of memory");
            }
            PERSISTENT_CHUNKS[n] = (m as usize, m as usize + len);
            PERSISTENT_NCHUNKS = n + 1;
            PERSISTENT_MAPPED.fetch_add(len as u64, Ordering::Relaxed);
            p = (m as usize + align - 1) & !(align - 1);
        }
        PERSISTENT_NEXT = p + size;
        PERSISTENTLOCK.unlock();
        p as *mut u8
    }
}

/// The used part of persistent chunk `i` (the collector runs with the world stopped,
/// but a thread without a P could be inside persistentalloc: take the lock).
pub fn persistent_chunk(i: usize) -> (usize, usize) {
    PERSISTENTLOCK.lock();
    let r = unsafe {
        let (lo, hi) = PERSISTENT_CHUNKS[i];
        if i + 1 == PERSISTENT_NCHUNKS { (lo, PERSISTENT_NEXT.min(hi)) } else { (lo, hi) }
    };
    PERSISTENTLOCK.unlock();
    r
}
