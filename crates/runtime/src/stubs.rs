//! getg/setg and the Rust view of the assembly functions in ../asm/*.s.
//!
//! How g is found: each M's FS base (set by `settls`, arch_prctl(ARCH_SET_FS)) points
//! at `m.tls[1]`, so the current g is the word at -8(FS), as in gc's static ELF TLS.
//! Compiled Go code has no pinned g register; the one thing it needs from g, the stack
//! guard, is kept in the next word (0(FS)), where a stack check reads it in one
//! instruction.
use core::arch::asm;

use crate::runtime2::{G, Gobuf, M};

/// The current goroutine (g0 when on the scheduler stack).
#[inline(always)]
pub fn getg() -> *mut G {
    let gp: *mut G;
    unsafe { asm!("mov {}, qword ptr fs:[-8]", out(reg) gp, options(nostack, readonly, preserves_flags)) };
    gp
}

/// Makes `gp` the current goroutine of this thread, and its stack's guard the one
/// compiled code checks against.
#[inline(always)]
pub unsafe fn setg(gp: *mut G) {
    unsafe {
        asm!("mov qword ptr fs:[-8], {}", in(reg) gp, options(nostack, preserves_flags));
        setguard((*gp).stackguard0);
    }
}

/// Sets the stack guard of this thread's goroutine: the TLS word at fs:0 (m.tls[1]),
/// which every compiled function's stack check compares SP with (stack.rs).
#[inline(always)]
pub unsafe fn setguard(guard: usize) {
    unsafe { asm!("mov qword ptr fs:[0], {}", in(reg) guard, options(nostack, preserves_flags)) };
}

/// The current M.
#[inline(always)]
pub fn getm() -> *mut M {
    unsafe { (*getg()).m }
}

unsafe extern "C" {
    /// Switches to the goroutine saved in `buf`: loads SP, BP and DI (= ctxt), jumps to pc.
    #[link_name = "runtime.gogo"]
    pub fn gogo(buf: *mut Gobuf) -> !;
    /// Saves the callee-saved registers and SP of `gp` in gp.sched (pc = runtime.mcallret),
    /// switches to gp.m.g0's stack and calls fn(gp), which must not return. gogo on
    /// gp.sched later returns from this call.
    #[link_name = "runtime.mcall"]
    pub fn mcall(gp: *mut G, f: unsafe extern "C" fn(*mut G) -> !);
    /// The return address planted at the top of every new goroutine's stack.
    #[link_name = "runtime.goexit"]
    pub fn goexit();
    /// arch_prctl(ARCH_SET_FS, &tls[1]); throws on failure.
    #[link_name = "runtime.settls"]
    pub fn settls(tls: *mut usize);
    /// clone(2) a thread sharing everything, on stack `stk`; the child sets its FS base to
    /// &mp.tls[1] with g = gp and calls `f`. Returns the child's tid or -errno.
    #[link_name = "runtime.clone"]
    pub fn clone(flags: usize, stk: usize, mp: *mut M, gp: *mut G, f: unsafe extern "C" fn() -> !) -> isize;
    /// The thread entry of every M, m0 included: calls runtime.mstart0.
    #[link_name = "runtime.mstart"]
    pub fn mstart() -> !;
}

/// The caller's stack pointer (approximately: this frame's SP).
#[inline(always)]
pub fn getsp() -> usize {
    let sp: usize;
    unsafe { asm!("mov {}, rsp", out(reg) sp, options(nomem, nostack, preserves_flags)) };
    sp
}

/// Crashes the process (ud2 → SIGILL): for states where even printing is unsafe.
#[unsafe(export_name = "runtime.abort")]
pub extern "C" fn abort() -> ! {
    unsafe { asm!("ud2", options(noreturn)) }
}
