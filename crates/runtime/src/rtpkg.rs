//! Functions of package runtime that Go programs call (`runtime.NumGoroutine()`, …),
//! with exactly their Go parameters (declared functions take no ctx, ARCHITECTURE.md).
//! Gosched, LockOSThread and UnlockOSThread are in proc.rs, Goexit in defer.rs.
use crate::runtime2::*;

/// runtime.GC(): there is no collector yet (malloc.rs never frees); a GC cycle is
/// also a scheduling point in gc, so yield.
#[unsafe(export_name = "runtime.GC")]
pub extern "C" fn GC() {
    crate::proc::gosched();
}

/// runtime.NumGoroutine(): goroutines that exist (not dead), the runtime's own excepted.
#[unsafe(export_name = "runtime.NumGoroutine")]
pub extern "C" fn NumGoroutine() -> i64 {
    let mut n = 0;
    unsafe {
        let mut gp = ALLGS;
        while !gp.is_null() {
            if !(*gp).system && crate::proc::readgstatus(gp) != G_DEAD && crate::proc::readgstatus(gp) != G_IDLE {
                n += 1;
            }
            gp = (*gp).alllink;
        }
    }
    n
}

/// runtime.GOMAXPROCS(n): the current setting. rgo makes its Ps once at start-up, so
/// a new value (n > 0) is not applied.
#[unsafe(export_name = "runtime.GOMAXPROCS")]
pub extern "C" fn GOMAXPROCS_go(_n: i64) -> i64 {
    unsafe { GOMAXPROCS as i64 }
}

/// runtime.NumCPU(): the CPUs this process may run on (sched_getaffinity at start).
#[unsafe(export_name = "runtime.NumCPU")]
pub extern "C" fn NumCPU() -> i64 {
    unsafe { NCPU as i64 }
}

/// runtime.KeepAlive(x): x arrives as an empty interface (type, data); nothing to do
/// until a collector could free it.
#[unsafe(export_name = "runtime.KeepAlive")]
pub extern "C" fn KeepAlive(_t: usize, _d: usize) {}

/// runtime.Breakpoint(): a breakpoint trap (SIGTRAP).
#[unsafe(export_name = "runtime.Breakpoint")]
pub extern "C" fn Breakpoint() {
    unsafe { core::arch::asm!("int3", options(nomem, nostack)) };
}

/// runtime.SetFinalizer(obj, finalizer): both arrive as empty interfaces. The
/// arguments are checked as gc checks them; the finalizer is not recorded because the
/// allocator never frees an object (malloc.rs), and Go lets a finalizer never run.
/// When the collector arrives (issue 4) this records it in the object's span.
#[unsafe(export_name = "runtime.SetFinalizer")]
pub unsafe extern "C" fn SetFinalizer(obj_t: *const crate::typ::Type, _obj_d: usize, fin_t: *const crate::typ::Type, _fin_d: usize) {
    const POINTER: u8 = 22;
    const FUNC: u8 = 19;
    unsafe {
        if obj_t.is_null() {
            crate::panic::throw("runtime.SetFinalizer: first argument is nil");
        }
        if (*obj_t).kind() != POINTER {
            crate::panic::throw("runtime.SetFinalizer: first argument is not a pointer");
        }
        if !fin_t.is_null() && (*fin_t).kind() != FUNC {
            crate::panic::throw("runtime.SetFinalizer: second argument is not a function");
        }
    }
}

/// runtime.MemProfileRate: read and written by programs; rgo has no memory profiler,
/// so the value only round-trips (gc's default).
#[unsafe(export_name = "runtime.MemProfileRate")]
pub static mut MEM_PROFILE_RATE: i64 = 512 * 1024;

/// Offsets of runtime.MemStats's fields (gc 1.19's layout, which the type checker
/// declares field for field: 24 uint64s, PauseNs and PauseEnd [256]uint64, NumGC,
/// NumForcedGC uint32, GCCPUFraction float64, EnableGC, DebugGC bool, BySize).
mod memstats {
    pub const ALLOC: usize = 0;
    pub const TOTAL_ALLOC: usize = 8;
    pub const SYS: usize = 16;
    pub const MALLOCS: usize = 32;
    pub const HEAP_ALLOC: usize = 48;
    pub const HEAP_SYS: usize = 56;
    pub const HEAP_IDLE: usize = 64;
    pub const HEAP_INUSE: usize = 72;
    pub const HEAP_OBJECTS: usize = 88;
    pub const NEXT_GC: usize = 168;
    pub const ENABLE_GC: usize = 4304;
}

/// runtime.ReadMemStats(m): the allocator's counters. No collector runs yet: Frees
/// and NumGC stay 0 and the heap only grows.
#[unsafe(export_name = "runtime.ReadMemStats")]
pub unsafe extern "C" fn ReadMemStats(m: *mut u8) {
    use core::sync::atomic::Ordering::Relaxed;
    let alloc = crate::malloc::TOTAL_ALLOC.load(Relaxed);
    let mallocs = crate::malloc::MALLOCS.load(Relaxed);
    let mapped = crate::malloc::HEAP_MAPPED.load(Relaxed);
    let w = |off: usize, v: u64| unsafe { (m.add(off) as *mut u64).write_unaligned(v) };
    w(memstats::ALLOC, alloc);
    w(memstats::TOTAL_ALLOC, alloc);
    w(memstats::SYS, mapped);
    w(memstats::MALLOCS, mallocs);
    w(memstats::HEAP_ALLOC, alloc);
    w(memstats::HEAP_SYS, mapped);
    w(memstats::HEAP_IDLE, mapped.saturating_sub(alloc));
    w(memstats::HEAP_INUSE, alloc);
    w(memstats::HEAP_OBJECTS, mallocs);
    w(memstats::NEXT_GC, 4 << 20);
    unsafe { *m.add(memstats::ENABLE_GC) = 1 };
}
