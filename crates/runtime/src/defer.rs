//! defer, panic, recover and Goexit.
//!
//! # Design
//!
//! Each `defer` statement calls `deferproc(fv)` (asm/defer_amd64.s), which pushes a
//! `Defer` record (gc's _defer) on the goroutine's list `g._defer`: the deferred
//! funcval and a snapshot of the calling frame (SP after the call, BP, return address,
//! callee-saved registers). A function returns through `deferreturn()`, which pops and
//! runs the records whose SP is its own, newest first.
//!
//! `gopanic` links a `Panic` (gc's _panic, on gopanic's own stack) on `g._panic` and
//! runs the records newest first, each through `calldeferfn`, which publishes its
//! frame pointer in `Panic.argp`. `gorecover(fp)` recovers only when the function
//! calling it was called by that stub (`*fp`, its saved BP, equals argp). When a
//! deferred call returns and its panic was recovered, the runtime jumps back into the
//! frame that deferred it (`recoverjmp`), where deferproc returns 1: the function runs
//! deferreturn and returns normally. Nothing else unwinds: stacks never move, and the
//! abandoned frames (gopanic's, the runtime's) own no resources.
//!
//! A panic inside a deferred call meets the record its predecessor started: that
//! record is dropped and the earlier panic marked aborted (it stays in the chain for
//! printing, as gc prints `panic: a [recovered]` / `\tpanic: b`).
//!
//! Everything here touches only the current goroutine's own lists, so no locks.
use core::ptr::null_mut;

use crate::malloc::mallocgc;
use crate::panic::{fatalpanic, throw};
use crate::runtime2::G;
use crate::stubs::getg;
use crate::typ::Type;

/// A pending deferred call (gc's _defer). The first eight words are read by the asm.
#[repr(C)]
pub struct Defer {
    /// The deferring frame: SP after its deferproc call returned, the return address
    /// (where deferproc "returns 1" on recovery), BP, and BX, R12–R15 at the call.
    pub sp: usize,
    pub pc: usize,
    pub bp: usize,
    pub regs: [usize; 5],
    /// The funcval to call: fv.fn(fv).
    pub fv: *const usize,
    /// Set once a panic or Goexit has started running this call.
    pub started: bool,
    /// fv is a compiler-made wrapper (deferprocw): recover counts one frame deeper.
    pub wrapper: bool,
    /// The panic running it (or null).
    pub _panic: *mut Panic,
    pub link: *mut Defer,
}

const _: () = {
    use core::mem::offset_of;
    assert!(offset_of!(Defer, sp) == 0);
    assert!(offset_of!(Defer, pc) == 8);
    assert!(offset_of!(Defer, bp) == 16);
    assert!(offset_of!(Defer, regs) == 24);
};

/// An active panic (gc's _panic); lives in gopanic's (or Goexit's) frame, so the
/// stack may move under it while deferred calls run: each flag starts a word whose
/// other bytes are zero (stackcopy.rs adjusts any word that looks like an address in
/// the old stack, and a flag next to stale padding could look like one).
#[repr(C)]
pub struct Panic {
    /// Frame pointer of the calldeferfn stub running the current deferred call.
    pub argp: usize,
    /// The current deferred call is a wrapper: the function it calls may recover.
    pub wrapper: bool,
    /// The panic value (an empty interface).
    pub arg_type: *const Type,
    pub arg_data: *const u8,
    /// The previous (older) panic, if this one started during a deferred call.
    pub link: *mut Panic,
    pub recovered: bool,
    pub _pad1: [u8; 7],
    /// A later panic took over this one's deferred call.
    pub aborted: bool,
    pub _pad2: [u8; 7],
    /// Goexit, not a panic: recover ignores it, printpanics skips it.
    pub goexit: bool,
    pub _pad3: [u8; 7],
}

unsafe extern "C" {
    #[link_name = "runtime.recoverjmp"]
    fn recoverjmp(d: *const Defer) -> !;
    #[link_name = "runtime.calldeferfn"]
    fn calldeferfn(fv: *const usize, fp: *mut usize);
    #[link_name = "runtime.calldeferret"]
    fn calldeferret(fv: *const usize, link: usize);
}

/// A record from the G's pool, or a new one.
unsafe fn newdefer_record(gp: *mut G) -> *mut Defer {
    unsafe {
        let d = (*gp).deferpool as *mut Defer;
        if !d.is_null() {
            (*gp).deferpool = (*d).link as *mut u8;
            // A heap record about to be rewritten field by field: its old pointers
            // (the pool's next record among them) go through the write barrier.
            crate::mgcwb::bulk_barrier_prewrite(d as usize, core::mem::size_of::<Defer>());
            return d;
        }
        mallocgc(core::mem::size_of::<Defer>(), core::ptr::null(), 1) as *mut Defer
    }
}

unsafe fn freedefer(gp: *mut G, d: *mut Defer) {
    unsafe {
        crate::mgcwb::bulk_barrier_prewrite(d as usize, core::mem::size_of::<Defer>());
        (*d).fv = core::ptr::null();
        (*d)._panic = null_mut();
        (*d).started = false;
        (*d).link = (*gp).deferpool as *mut Defer;
        (*gp).deferpool = d as *mut u8;
    }
}

/// Called by the deferproc stub: pushes the record for the caller's frame.
#[unsafe(export_name = "runtime.newdefer")]
pub unsafe extern "C" fn newdefer(
    fv: *const usize,
    pc: usize,
    sp: usize,
    bp: usize,
    regs: *const [usize; 5],
    wrapper: usize,
) {
    unsafe {
        let gp = getg();
        let d = newdefer_record(gp);
        (*d).sp = sp;
        (*d).pc = pc;
        (*d).bp = bp;
        (*d).regs = *regs;
        (*d).fv = fv;
        (*d).started = false;
        (*d).wrapper = wrapper != 0;
        (*d)._panic = null_mut();
        (*d).link = (*gp)._defer as *mut Defer;
        (*gp)._defer = d as *mut u8;
    }
}

/// Runs the pending defers of the frame whose SP (after its deferproc calls) is sp
/// and whose frame pointer is bp. Each record is popped before its call, so a
/// panicking deferred call is not rerun.
///
/// recover: gc lets `defer recover()` recover when the function that deferred it
/// could have called recover itself (it is the panic's deferred function), and no
/// other call made from here. The thunk for `defer recover()` calls gorecover from
/// its own frame, and gorecover (wrapper rule) looks two saved BPs up; so the thunk
/// is called from a frame whose saved-BP slot holds what the deferring function's
/// check would find two levels above it, `**bp`. For any function the thunk calls,
/// the chain then leads to this stub's own frame, which no panic ever matches.
#[unsafe(export_name = "runtime.deferreturn1")]
pub unsafe extern "C" fn deferreturn1(sp: usize, bp: usize) {
    unsafe {
        let gp = getg();
        let link = if bp == 0 || *(bp as *const usize) == 0 {
            0
        } else {
            **(bp as *const *const usize)
        };
        loop {
            let d = (*gp)._defer as *mut Defer;
            if d.is_null() || (*d).sp != sp {
                return;
            }
            let fv = (*d).fv;
            (*gp)._defer = (*d).link as *mut u8;
            freedefer(gp, d);
            calldeferret(fv, link);
        }
    }
}

/// Pops d, which must be the head of gp's list (a deferred call that returned).
unsafe fn popdefer(gp: *mut G, d: *mut Defer) {
    unsafe {
        if (*gp)._defer as *mut Defer != d {
            throw("bad defer entry in panic");
        }
        (*gp)._defer = (*d).link as *mut u8;
    }
}

/// Runs the G's defers for panic or Goexit p, newest first, until one recovers p
/// (then resumes its frame) or none is left (then returns).
unsafe fn rundefers(gp: *mut G, p: *mut Panic) {
    unsafe {
        loop {
            let d = (*gp)._defer as *mut Defer;
            if d.is_null() {
                return;
            }
            if (*d).started {
                // An earlier panic or Goexit was running this call when p began: it
                // will not continue. Drop the record (its call does not run again).
                if !(*d)._panic.is_null() {
                    (*(*d)._panic).aborted = true;
                }
                (*gp)._defer = (*d).link as *mut u8;
                freedefer(gp, d);
                continue;
            }
            (*d).started = true;
            (*d)._panic = p;
            (*p).wrapper = (*d).wrapper;
            calldeferfn((*d).fv, &raw mut (*p).argp);
            popdefer(gp, d);
            (*p).argp = 0;
            if (*p).recovered && !(*p).goexit {
                (*gp)._panic = (*p).link as *mut u8;
                if let Some(g) = aborted_goexit(gp) {
                    // The panic interrupted a Goexit's deferred call: recovering it
                    // must not cancel the Goexit (gc's rule). Keep running the defers
                    // for the Goexit from here, then end the goroutine.
                    freedefer(gp, d);
                    (*gp)._panic = g as *mut u8;
                    (*g).aborted = false;
                    rundefers(gp, g);
                    (*gp)._panic = null_mut();
                    (*gp)._defer = null_mut();
                    crate::proc::goexit1();
                }
                // Panics this one aborted are over too: their frames are unwound.
                while !(*gp)._panic.is_null() && (*((*gp)._panic as *mut Panic)).aborted {
                    (*gp)._panic = (*((*gp)._panic as *mut Panic)).link as *mut u8;
                }
                if (*gp)._panic.is_null() {
                    // The signal that caused a recovered panic is history.
                    (*gp).sig = 0;
                }
                // Resume the deferring frame from a copy: d goes back to the pool.
                let saved = core::ptr::read(d);
                freedefer(gp, d);
                recoverjmp(&saved);
            }
            freedefer(gp, d);
        }
    }
}

/// The Goexit among the aborted panics at the head of gp's chain, if any.
unsafe fn aborted_goexit(gp: *mut G) -> Option<*mut Panic> {
    unsafe {
        let mut q = (*gp)._panic as *mut Panic;
        while !q.is_null() && (*q).aborted {
            if (*q).goexit {
                return Some(q);
            }
            q = (*q).link;
        }
        None
    }
}

/// panic(v): v is the empty interface (typ, data).
#[unsafe(export_name = "runtime.gopanic")]
pub unsafe extern "C" fn gopanic(typ: *const Type, data: *const u8) -> ! {
    unsafe {
        let gp = getg();
        if gp.is_null() || gp == (*(*gp).m).g0 {
            throw("panic on system stack");
        }
        // Running deferred calls and printing the panic go deeper than STACK_GUARD.
        crate::stackcopy::ensurestack(crate::mgc::DEEP_STACK);
        let mut p = Panic {
            argp: 0,
            wrapper: false,
            arg_type: typ,
            arg_data: data,
            link: (*gp)._panic as *mut Panic,
            recovered: false,
            aborted: false,
            goexit: false,
            _pad1: [0; 7],
            _pad2: [0; 7],
            _pad3: [0; 7],
        };
        (*gp)._panic = &raw mut p as *mut u8;
        rundefers(gp, &raw mut p);
        fatalpanic((*gp)._panic as *const Panic)
    }
}

/// An empty interface returned in RAX:RDX.
#[repr(C)]
pub struct Eface {
    pub typ: *const Type,
    pub data: *const u8,
}

/// recover(): the current panic's value if the function calling recover (whose frame
/// pointer is fp) was called directly by the deferred call of that panic; else nil.
/// "Directly": its saved caller BP (*fp) is the calldeferfn stub's frame; when the
/// deferred funcval is a wrapper (deferprocw), the wrapper's saved BP (**fp) must be,
/// and the wrapper itself cannot recover (gc: `defer recover()` run by a panic is a
/// no-op).
#[unsafe(export_name = "runtime.gorecover")]
pub unsafe extern "C" fn gorecover(fp: *const usize) -> Eface {
    unsafe {
        let gp = getg();
        let p = (*gp)._panic as *mut Panic;
        let direct = |fp: *const usize| !fp.is_null() && *fp == (*p).argp;
        if !p.is_null()
            && !(*p).goexit
            && !(*p).recovered
            && (*p).argp != 0
            && !fp.is_null()
            && if (*p).wrapper {
                direct(*fp as *const usize)
            } else {
                direct(fp)
            }
        {
            (*p).recovered = true;
            return Eface {
                typ: (*p).arg_type,
                data: (*p).arg_data,
            };
        }
        Eface {
            typ: core::ptr::null(),
            data: core::ptr::null(),
        }
    }
}

/// runtime.Goexit(): runs all pending defers, then ends the goroutine.
#[unsafe(export_name = "runtime.Goexit")]
pub unsafe extern "C" fn Goexit() -> ! {
    unsafe {
        let gp = getg();
        let mut p = Panic {
            argp: 0,
            wrapper: false,
            arg_type: core::ptr::null(),
            arg_data: core::ptr::null(),
            link: (*gp)._panic as *mut Panic,
            recovered: false,
            aborted: false,
            goexit: true,
            _pad1: [0; 7],
            _pad2: [0; 7],
            _pad3: [0; 7],
        };
        (*gp)._panic = &raw mut p as *mut u8;
        rundefers(gp, &raw mut p);
        (*gp)._panic = null_mut();
        (*gp)._defer = null_mut();
        crate::proc::goexit1()
    }
}
