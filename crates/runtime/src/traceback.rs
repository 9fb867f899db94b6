//! Stack walking (gc's traceback.go): runtime.Callers, runtime.Caller's callerinfo,
//! and the goroutine tracebacks printed by unrecovered panics and fatal errors.
//!
//! Compiled Go code and the Rust runtime both keep frame pointers (Cranelift's
//! preserve_frame_pointers, rustc's -Cforce-frame-pointers), so a frame is
//! `[rbp] = caller's rbp, [rbp+8] = return address` and the walk follows RBP. The
//! chain ends at a goroutine's entry function, which starts with RBP = 0 (newproc1's
//! gobuf, gogo) and whose return address is goexit+1; the walk also stops at any frame
//! pointer outside the goroutine's stack or not above the previous one. Two asm frames
//! are special: calldeferret forges its saved-RBP slot for recover's check (its real
//! record is 16 bytes higher), and sigpanic0 (below).
//!
//! A frame resumed by a signal (sigpanic0 pushed the faulting PC as if called) holds
//! the faulting instruction's address rather than a return address: its line is that
//! PC's, and Callers stores PC+1 so callers can always subtract one (gc's rule).
//!
//! GOTRACEBACK chooses how much a fatal panic prints (gc's gotraceback): none (the
//! message only), single (default: the failing goroutine), all / system / crash (every
//! user goroutine; rgo has no runtime frames with lines to add, nor a core dump).
use crate::print::*;
use crate::runtime2::G;
use crate::stubs::getg;
use crate::symtab::{FuncEntry, MAIN_RETPC, findfunc, funcline};
use core::sync::atomic::Ordering;

unsafe extern "C" {
    #[link_name = "runtime.sigpanic0"]
    fn sigpanic0();
    #[link_name = "runtime.goexit"]
    fn goexit();
    #[link_name = "runtime.mcallret"]
    fn mcallret();
    #[link_name = "runtime.calldeferret"]
    fn calldeferret(fv: *const usize, link: usize);
    /// The asm stub in front of callers.
    #[link_name = "runtime.Callers"]
    pub fn Callers();
}

/// How far into sigpanic0 its call to sigpanic returns (asm: PUSHQ, MOVQ, ANDQ, CALL).
const SIGPANIC0_SIZE: usize = 32;

/// Return addresses into calldeferret are in (calldeferret, calldeferret + this]
/// (asm: PUSHQ, SUBQ, PUSHQ, MOVQ, MOVQ, CALL AX returns at +14).
const CALLDEFERRET_SIZE: usize = 24;

/// gc prints at most this many frames of one goroutine.
const TRACEBACK_MAX_FRAMES: usize = 100;

/// RBP as the calling function sees it: its own frame pointer, or its caller's if
/// LLVM has not set up the frame yet at that point (shrink-wrapping). Either is a
/// valid start for a walk that skips the runtime's frames.
#[inline(always)]
pub fn getfp() -> usize {
    let fp: usize;
    unsafe { core::arch::asm!("mov {}, rbp", out(reg) fp, options(nomem, nostack, preserves_flags)) };
    fp
}

/// Walks the frame chain from frame pointer `fp` on gp's stack, calling
/// `visit(pc, exact)` for each frame's PC in the caller: a return address, or with
/// exact set the faulting PC of a frame interrupted by a signal. `visit` returns false
/// to stop. `pc0`, if given, is visited first: (pc, exact) of the innermost frame when
/// it has no frame record of its own (a caller seen from an asm stub, mcall's saved
/// context, a faulting instruction).
unsafe fn walk(gp: *const G, mut fp: usize, pc0: Option<(usize, bool)>, mut visit: impl FnMut(usize, bool) -> bool) {
    let (lo, hi) = if gp.is_null() { (0, usize::MAX) } else { unsafe { ((*gp).stack.lo, (*gp).stack.hi) } };
    let sigpanic0_pc = sigpanic0 as *const () as usize;
    let goexit_pc = goexit as *const () as usize;
    let main_pc = crate::proc::main as *const () as usize;
    let calldeferret_pc = calldeferret as *const () as usize;
    let mut prev = 0usize;
    if let Some((pc, exact)) = pc0 {
        if !visit(pc, exact) {
            return;
        }
        prev = pc;
    }
    // Where the frame record {saved RBP, return address} of the frame at fp is: at fp,
    // except in calldeferret's frame (defer_amd64.s), whose saved-RBP slot is forged
    // for recover's frame check and whose real record sits 16 bytes higher.
    let mut rec = fp;
    while fp != 0 && fp.is_multiple_of(8) && fp >= lo && rec <= hi - 16 {
        let (next, pc) = unsafe { (*(rec as *const usize), *((rec + 8) as *const usize)) };
        // The frame just left was sigpanic0's: pc is where the signal struck.
        let exact = prev.wrapping_sub(sigpanic0_pc) < SIGPANIC0_SIZE;
        // pc is in the goroutine's entry function if the next frame returns to
        // goexit; for the main goroutine that is runtime.main, whose extent symtab
        // learns this way.
        if next > fp && next <= hi - 16 && !gp.is_null() && unsafe { (*gp).startpc } == main_pc {
            let ret = unsafe { *((next + 8) as *const usize) };
            if ret.wrapping_sub(goexit_pc) < 2 && pc > main_pc {
                MAIN_RETPC.fetch_max(pc, Ordering::Relaxed);
            }
        }
        if !visit(pc, exact) {
            return;
        }
        prev = pc;
        if next <= fp {
            return;
        }
        fp = next;
        rec = if pc.wrapping_sub(calldeferret_pc).wrapping_sub(1) < CALLDEFERRET_SIZE { fp + 16 } else { fp };
    }
}

/// The PC whose function and line describe a frame (gc's tracepc): the call
/// instruction for a return address (pc-1, which also stays inside a function whose
/// last instruction is a call that does not return), the PC itself when exact.
/// Wrapping: a corrupt frame's pc 0 must not trap inside a traceback.
fn tracepc(pc: usize, exact: bool) -> usize {
    if exact { pc } else { pc.wrapping_sub(1) }
}

/// Whether the frame of pc is one Callers and Caller report: compiled Go code and the
/// runtime functions symtab knows. The Rust runtime's other frames (deferreturn's and
/// gopanic's machinery, calldeferfn) are left out, so a deferred call's callers are
/// the deferring function and its callers, as with gc's open-coded defers.
fn known(pc: usize, exact: bool) -> bool {
    findfunc(tracepc(pc, exact)).is_some()
}

/// runtime.Callers(skip, pcs []uintptr) int: the return addresses of the calling
/// goroutine's frames, skip=0 being Callers itself and 1 its caller (gc's numbering).
/// The asm stub runtime.Callers (traceback_amd64.s) adds its caller's frame pointer
/// and its own return address.
#[unsafe(export_name = "runtime.callers")]
pub unsafe extern "C" fn callers(skip: i64, pcs: *mut usize, len: i64, _cap: i64, fp: usize, pc: usize) -> i64 {
    let mut skip = skip.max(0) as usize;
    let max = len.max(0) as usize;
    let mut n = 0usize;
    let mut put = |pc: usize| {
        if skip > 0 {
            skip -= 1;
        } else if n < max {
            unsafe { *pcs.add(n) = pc };
            n += 1;
        }
        n < max
    };
    // Callers' own frame, as a PC just past its entry (symtab names it).
    if put(Callers as *const () as usize + 1) {
        unsafe {
            walk(getg(), fp, Some((pc, false)), |pc, exact| {
                if !known(pc, exact) {
                    return true;
                }
                put(if exact { pc + 1 } else { pc })
            })
        };
    }
    n as i64
}

/// callerinfo(skip, out *[5]uintptr): runtime.Caller(skip) for the Go function that
/// called runtime.Caller, which the compiler turns into a direct call of this:
/// out = [pc, file ptr, file len, line, ok]. skip=0 is that function itself. The pc is
/// the call instruction's (return address - 1), as gc's Caller reports it.
/// The asm stub runtime.callerinfo adds its caller's frame pointer and return address.
#[unsafe(export_name = "runtime.callerinfo1")]
pub unsafe extern "C" fn callerinfo(skip: i64, out: *mut [u64; 5], fp: usize, pc: usize) {
    let mut skip = skip;
    let mut found = None;
    unsafe {
        walk(getg(), fp, Some((pc, false)), |pc, exact| {
            if skip < 0 {
                return false;
            }
            if !known(pc, exact) {
                return true;
            }
            if skip == 0 {
                found = Some(tracepc(pc, exact));
                return false;
            }
            skip -= 1;
            true
        });
        *out = match found {
            None => [0; 5],
            Some(pc) => match findfunc(pc) {
                Some(f) => [pc as u64, f.file_ptr as u64, f.file_len as u64, funcline(f, pc) as u64, 1],
                None => [pc as u64, 0, 0, 0, 1],
            },
        };
    }
}

/// Whether tracebacks show f: rgo shows compiled Go code and hides the runtime, as
/// gc does by default (GOTRACEBACK=single).
fn showframe(f: &FuncEntry) -> bool {
    !f.name().starts_with(b"runtime.")
}

/// One traceback frame: `main.f(...)`, then a tab, `file:line +0xOFF`. The arguments
/// are not known to the runtime: `(...)`, except `()` for functions gc's form shows
/// without any (main.main, init functions).
fn printframe(f: &FuncEntry, pc: usize, exact: bool) {
    let tpc = tracepc(pc, exact);
    let name = f.name();
    gwrite(name);
    let noargs = name == b"main.main" || name.ends_with(b".init") || is_init_n(name);
    prints(if noargs { "()\n\t" } else { "(...)\n\t" });
    gwrite(f.file());
    prints(":");
    printint(funcline(f, tpc) as i64);
    prints(" +");
    printhex((pc - f.entry) as u64);
    prints("\n");
}

/// `pkg.init.N`: a user init function.
fn is_init_n(name: &[u8]) -> bool {
    let Some(dot) = name.iter().rposition(|&c| c == b'.') else { return false };
    let digits = &name[dot + 1..];
    !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) && name[..dot].ends_with(b".init")
}

/// Prints the frames of gp's stack from frame pointer fp (and pc0, see walk), the
/// shown ones only, then gc's `created by` lines when gp was started by Go code.
pub unsafe fn traceback(gp: *const G, fp: usize, pc0: Option<(usize, bool)>) {
    let mut shown = 0usize;
    unsafe {
        walk(gp, fp, pc0, |pc, exact| {
            let tpc = tracepc(pc, exact);
            if let Some(f) = findfunc(tpc)
                && showframe(f)
            {
                if shown == TRACEBACK_MAX_FRAMES {
                    prints("...additional frames elided...\n");
                    return false;
                }
                printframe(f, pc, exact);
                shown += 1;
            }
            true
        });
        if !gp.is_null() && (*gp).gopc != 0 {
            let gopc = (*gp).gopc;
            if let Some(f) = findfunc(gopc.wrapping_sub(1))
                && showframe(f)
            {
                prints("created by ");
                gwrite(f.name());
                prints("\n\t");
                gwrite(f.file());
                prints(":");
                printint(funcline(f, gopc.wrapping_sub(1)) as i64);
                prints(" +");
                printhex((gopc - f.entry) as u64);
                prints("\n");
            }
        }
    }
}

/// The traceback of the running goroutine, from the caller of this function.
#[inline(never)]
pub fn traceback_self() {
    let fp = getfp();
    unsafe { traceback(getg(), fp, None) };
}

/// The traceback of a goroutine that is not running: one switched out by mcall
/// (asm_amd64.s), whose saved SP points at the pushed R15, R14, R13, R12, BX, BP and
/// then mcall's return address. Goroutines that never ran have no frames to show.
pub unsafe fn traceback_parked(gp: *const G) {
    unsafe {
        if (*gp).sched.pc != mcallret as *const () as usize {
            return;
        }
        let sp = (*gp).sched.sp;
        let bp = *((sp + 40) as *const usize);
        let ret = *((sp + 48) as *const usize);
        traceback(gp, bp, Some((ret, false)));
    }
}

/// GOTRACEBACK as (level, all) (gc's gotraceback): none = (0, false), single or unset
/// = (1, false), all = (1, true), system and crash = (2, true), a number n = (n, true),
/// anything else = (0, true), as gc parses it.
pub fn gotraceback() -> (i64, bool) {
    match crate::runtime1::gogetenv(b"GOTRACEBACK") {
        None | Some(b"") | Some(b"single") => (1, false),
        Some(b"none") => (0, false),
        Some(b"all") => (1, true),
        Some(b"system") | Some(b"crash") => (2, true),
        Some(v) => (crate::runtime1::atoi(v).filter(|&n| n == n as u32 as i64).unwrap_or(0), true),
    }
}

/// `goroutine N [status]:` (gc's goroutineheader).
pub unsafe fn goroutineheader(gp: *const G) {
    use crate::runtime2::*;
    unsafe {
        let status = crate::proc::readgstatus(gp as *mut G);
        prints("goroutine ");
        printint((*gp).goid);
        prints(" [");
        prints(match status {
            G_WAITING => wait_reason_string((*gp).waitreason),
            G_RUNNING => "running",
            G_SYSCALL => "syscall",
            _ => "runnable",
        });
        prints("]:\n");
    }
}

/// Every other user goroutine's header and frames, each after a blank line (gc's
/// tracebackothers); one running on another thread cannot be walked safely.
pub unsafe fn tracebackothers(me: *const G) {
    use crate::runtime2::*;
    unsafe {
        let mut gp = ALLGS;
        while !gp.is_null() {
            let status = crate::proc::readgstatus(gp);
            if !core::ptr::eq(gp, me) && !(*gp).system && status != G_DEAD && status != G_IDLE {
                prints("\n");
                goroutineheader(gp);
                if status == G_RUNNING {
                    prints("\tgoroutine running on other thread; stack unavailable\n");
                } else {
                    traceback_parked(gp);
                }
            }
            gp = (*gp).alllink;
        }
    }
}
