//! Functions of package runtime that Go programs call (`runtime.NumGoroutine()`, …),
//! with exactly their Go parameters (declared functions take no ctx, ARCHITECTURE.md).
//! Gosched, LockOSThread and UnlockOSThread are in proc.rs, Goexit in defer.rs, GC in
//! mgc.rs.
use crate::runtime2::*;

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


/// runtime.NumCPU(): the CPUs this process may run on (sched_getaffinity at start).
#[unsafe(export_name = "runtime.NumCPU")]
pub extern "C" fn NumCPU() -> i64 {
    unsafe { NCPU as i64 }
}

/// runtime.KeepAlive(x): x arrives as an empty interface (type, data); being an
/// argument of this call keeps it live (in a register or on the stack) until here.
#[unsafe(export_name = "runtime.KeepAlive")]
pub extern "C" fn KeepAlive(_t: usize, _d: usize) {}

/// runtime.Breakpoint(): a breakpoint trap (SIGTRAP).
#[unsafe(export_name = "runtime.Breakpoint")]
pub extern "C" fn Breakpoint() {
    unsafe { core::arch::asm!("int3", options(nomem, nostack)) };
}

/// runtime.SetFinalizer(obj, finalizer): both arrive as empty interfaces. The
/// arguments are checked as gc checks them; mfinal.rs records the finalizer (a nil
/// finalizer removes it).
#[unsafe(export_name = "runtime.SetFinalizer")]
pub unsafe extern "C" fn SetFinalizer(obj_t: *const crate::typ::Type, obj_d: usize, fin_t: *const crate::typ::Type, fin_d: usize) {
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
        if obj_d == 0 {
            crate::panic::throw("nil elem type!");
        }
        let et = (*obj_t).elem;
        let tiny = !et.is_null() && (*et).ptrdata == 0 && (*et).size < crate::malloc::MAX_TINY_SIZE;
        if fin_t.is_null() {
            crate::mfinal::setfinalizer(obj_d, 0, 0, tiny);
            return;
        }
        let arg0 = finalizer_arg0(obj_t, fin_t).unwrap_or_else(|| {
            crate::print::prints("fatal error: runtime.SetFinalizer: cannot pass ");
            crate::print::gwrite((*obj_t).name());
            crate::print::prints(" to finalizer ");
            crate::print::gwrite((*fin_t).name());
            crate::print::prints("\n");
            crate::sys_linux_amd64::exit(2)
        });
        crate::mfinal::setfinalizer(obj_d, fin_d, arg0, tiny);
    }
}

/// How a finalizer of type `fin_t` takes an object of type `obj_t` (gc's checks): its
/// one parameter is the object's own pointer type (Some(0): the pointer is passed as
/// is), or an interface the pointer type implements (Some(w): w, the interface's
/// first word — the type for an empty interface, else the itab — goes before it).
unsafe fn finalizer_arg0(obj_t: *const crate::typ::Type, fin_t: *const crate::typ::Type) -> Option<usize> {
    unsafe {
        if (*fin_t).key != 1 {
            return None;
        }
        let pt = (*fin_t).elem;
        if pt == obj_t {
            return Some(0);
        }
        if (*pt).kind() != crate::typ::KIND_INTERFACE {
            return None;
        }
        if (*pt).imethods().is_empty() {
            return Some(obj_t as usize);
        }
        let itab = crate::iface::getitab(pt, obj_t, 1);
        (!itab.is_null()).then_some(itab as usize)
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
    pub const FREES: usize = 40;
    pub const HEAP_ALLOC: usize = 48;
    pub const HEAP_SYS: usize = 56;
    pub const HEAP_IDLE: usize = 64;
    pub const HEAP_INUSE: usize = 72;
    pub const HEAP_RELEASED: usize = 80;
    pub const HEAP_OBJECTS: usize = 88;
    pub const STACK_INUSE: usize = 96;
    pub const STACK_SYS: usize = 104;
    pub const NEXT_GC: usize = 168;
    pub const LAST_GC: usize = 176;
    pub const PAUSE_TOTAL_NS: usize = 184;
    pub const PAUSE_NS: usize = 192;
    pub const PAUSE_END: usize = 2240;
    pub const NUM_GC: usize = 4288;
    pub const NUM_FORCED_GC: usize = 4292;
    pub const ENABLE_GC: usize = 4304;
}

/// runtime.ReadMemStats(m): the allocator's and the collector's counters. Per-P
/// counters are read without stopping the world: a snapshot, slightly racy.
#[unsafe(export_name = "runtime.ReadMemStats")]
pub unsafe extern "C" fn ReadMemStats(m: *mut u8) {
    use core::sync::atomic::Ordering::Relaxed;
    let (mallocs, total) = crate::malloc::malloc_counts();
    let frees = crate::malloc::FREES.load(Relaxed);
    let freed = crate::malloc::FREED_BYTES.load(Relaxed);
    let alloc = total.saturating_sub(freed);
    let sys = crate::mheap::HEAP_SYS.load(Relaxed);
    let idle = crate::mheap::HEAP_FREE.load(Relaxed);
    let released = crate::mheap::HEAP_RELEASED.load(Relaxed);
    let other = crate::malloc::PERSISTENT_MAPPED.load(Relaxed);
    let stacks = crate::stack::STACK_SYS.load(Relaxed);
    let w = |off: usize, v: u64| unsafe { (m.add(off) as *mut u64).write_unaligned(v) };
    w(memstats::ALLOC, alloc);
    w(memstats::TOTAL_ALLOC, total);
    w(memstats::SYS, sys + other + stacks);
    w(memstats::MALLOCS, mallocs);
    w(memstats::FREES, frees);
    w(memstats::HEAP_ALLOC, alloc);
    w(memstats::HEAP_SYS, sys);
    w(memstats::HEAP_IDLE, idle);
    w(memstats::HEAP_INUSE, sys.saturating_sub(idle));
    w(memstats::HEAP_RELEASED, released);
    w(memstats::HEAP_OBJECTS, mallocs.saturating_sub(frees));
    w(memstats::STACK_INUSE, crate::stack::STACK_INUSE.load(Relaxed));
    w(memstats::STACK_SYS, stacks);
    unsafe {
        use crate::mgc::*;
        let next = NEXT_GC.load(Relaxed);
        w(memstats::NEXT_GC, if next == u64::MAX { 0 } else { next });
        w(memstats::LAST_GC, LAST_GC);
        w(memstats::PAUSE_TOTAL_NS, PAUSE_TOTAL_NS);
        for i in 0..256 {
            w(memstats::PAUSE_NS + 8 * i, PAUSE_NS[i]);
            w(memstats::PAUSE_END + 8 * i, PAUSE_END[i]);
        }
        (m.add(memstats::NUM_GC) as *mut u32).write_unaligned(NUMGC);
        (m.add(memstats::NUM_FORCED_GC) as *mut u32).write_unaligned(NUMFORCEDGC);
        *m.add(memstats::ENABLE_GC) = 1;
    }
}
