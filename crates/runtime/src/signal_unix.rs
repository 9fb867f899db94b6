//! Synchronous signals: a fault in Go code (SIGSEGV, SIGBUS, SIGFPE) becomes a Go
//! runtime-error panic, as in gc.
//!
//! The handler runs on the M's signal stack (sigaltstack, set up by minit). For a fault
//! on a user goroutine it records the signal in the G and rewrites the interrupted
//! context so that, when the handler returns, the faulting instruction appears to
//! have called `runtime.sigpanic0` (asm), which calls `sigpanic` on the goroutine's
//! own stack: a panic from there behaves like one raised by a call (defer/recover
//! will see a normal frame chain). Two cases are reported directly from the handler
//! instead: a fault in the guard page below the goroutine's stack (stack overflow:
//! the stack has no room for sigpanic) and a fault while the scheduler runs (g0).
//! The same handler takes SIGURG, sysmon's request to preempt (preempt.rs).
use crate::malloc::persistentalloc;
use crate::panic::throw;
use crate::preempt::SIGURG;
use crate::print::*;
use crate::stubs::{getg, getm};
use crate::sys_linux_amd64::{Sigactiont, StackT, exit, rt_sigaction, sigaltstack};

pub const SIGTRAP: u32 = 5;
pub const SIGBUS: u32 = 7;
pub const SIGFPE: u32 = 8;
pub const SIGSEGV: u32 = 11;

const SA_SIGINFO: u64 = 0x4;
const SA_ONSTACK: u64 = 0x0800_0000;
const SA_RESTORER: u64 = 0x0400_0000;
const SA_RESTART: u64 = 0x1000_0000;

const SEGV_MAPERR: i32 = 1;
const SEGV_ACCERR: i32 = 2;
const BUS_ADRERR: i32 = 2;
const FPE_INTDIV: i32 = 1;
const FPE_INTOVF: i32 = 2;

/// Size of each M's signal stack.
const SIGNAL_STACK_SIZE: usize = 32 << 10;

/// The start of the kernel's siginfo_t.
#[repr(C)]
pub struct Siginfo {
    pub si_signo: i32,
    pub si_errno: i32,
    pub si_code: i32,
    _pad: i32,
    /// Faulting address (SIGSEGV, SIGBUS, SIGFPE).
    pub si_addr: usize,
}

/// Offsets into the kernel's ucontext_t: uc_mcontext.gregs starts at 40; RSP is
/// gregs[15] and RIP gregs[16].
const UC_RBP: usize = 40 + 10 * 8;
const UC_RSP: usize = 40 + 15 * 8;
const UC_RIP: usize = 40 + 16 * 8;

unsafe extern "C" {
    /// rt_sigreturn trampoline (asm/sys_linux_amd64.s), the handler's return address.
    #[link_name = "runtime.sigreturn"]
    fn sigreturn();
    /// Aligns the stack and calls sigpanic (asm/asm_amd64.s).
    #[link_name = "runtime.sigpanic0"]
    fn sigpanic0();
}

/// gc's names for the signals we handle.
fn signame(sig: u32) -> (&'static str, &'static str) {
    match sig {
        SIGBUS => ("SIGBUS", "bus error"),
        SIGFPE => ("SIGFPE", "floating-point exception"),
        SIGSEGV => ("SIGSEGV", "segmentation violation"),
        _ => ("SIG?", "unknown signal"),
    }
}

/// Installs the handler for the synchronous signals and for SIGURG, the preemption
/// signal (gc's initsig, on m0).
#[unsafe(export_name = "runtime.initsig")]
pub fn initsig() {
    for sig in [SIGTRAP, SIGBUS, SIGFPE, SIGSEGV, SIGURG] {
        let sa = Sigactiont {
            sa_handler: sighandler as *const () as usize,
            sa_flags: SA_SIGINFO | SA_ONSTACK | SA_RESTORER | SA_RESTART,
            sa_restorer: sigreturn as *const () as usize,
            sa_mask: 0,
        };
        if rt_sigaction(sig, &sa, core::ptr::null_mut()) < 0 {
            throw("initsig: rt_sigaction failed");
        }
    }
}

/// Gives the current M its signal stack (gc's minitSignalStack).
pub fn minit_signal_stack() {
    let ss = StackT {
        ss_sp: persistentalloc(SIGNAL_STACK_SIZE, 16) as usize,
        ss_flags: 0,
        ss_size: SIGNAL_STACK_SIZE,
    };
    if sigaltstack(&ss, core::ptr::null_mut()) < 0 {
        throw("minit: sigaltstack failed");
    }
}

/// `[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4606e7]`
pub fn print_signal_line(sig: u32, code: u64, addr: u64, pc: u64) {
    let (name, desc) = signame(sig);
    prints("[signal ");
    prints(name);
    prints(": ");
    prints(desc);
    prints(" code=");
    printhex(code);
    prints(" addr=");
    printhex(addr);
    prints(" pc=");
    printhex(pc);
    prints("]\n");
}

unsafe extern "C" fn sighandler(sig: u32, info: *mut Siginfo, ctx: *mut u8) {
    unsafe {
        let code = (*info).si_code;
        let addr = (*info).si_addr;
        let rsp = ctx.add(UC_RSP) as *mut usize;
        let rip = ctx.add(UC_RIP) as *mut usize;
        if sig == SIGURG {
            crate::preempt::sigpreempt(rip, rsp);
            return;
        }
        let gp = getg();
        if gp.is_null() || (*gp).m.is_null() {
            prints("fatal error: signal on a thread without g\n");
            print_signal_line(sig, code as u64, addr as u64, *rip as u64);
            exit(2);
        }
        if crate::stack::in_guard_page(&(*gp).stack, addr) {
            crate::stack::stack_overflow(gp, *rsp, Some((*rip, *(ctx.add(UC_RBP) as *const usize))));
        }
        let mp = (*gp).m;
        if sig == SIGTRAP {
            // runtime.Breakpoint: gc's report for a signal that kills the program.
            prints("SIGTRAP: trace trap\nPC=");
            printhex(*rip as u64);
            prints(" m=");
            printint((*mp).id);
            prints(" sigcode=");
            printint(code as i64);
            prints("\n\ngoroutine ");
            printint((*gp).goid);
            prints(" [running]:\n");
            crate::traceback::traceback(gp, *(ctx.add(UC_RBP) as *const usize), Some((*rip, true)));
            exit(2);
        }
        if gp == (*mp).g0 || gp != (*mp).curg {
            prints("fatal error: unexpected signal during runtime execution\n");
            print_signal_line(sig, code as u64, addr as u64, *rip as u64);
            exit(2);
        }
        (*gp).sig = sig;
        (*gp).sigcode0 = code as i64 as u64;
        (*gp).sigcode1 = addr as u64;
        (*gp).sigpc = *rip as u64;
        // Push the faulting PC as a return address and resume in sigpanic0.
        *rsp -= 8;
        *(*rsp as *mut usize) = *rip;
        *rip = sigpanic0 as *const () as usize;
    }
}

/// Turns the signal recorded in g into the matching panic (gc's sigpanic).
#[unsafe(export_name = "runtime.sigpanic")]
pub extern "C" fn sigpanic() -> ! {
    // The panic, or the crash report, goes deeper than STACK_GUARD.
    crate::stackcopy::ensurestack(crate::mgc::DEEP_STACK);
    unsafe {
        let gp = getg();
        let (sig, code, addr) = ((*gp).sig, (*gp).sigcode0 as i64 as i32, (*gp).sigcode1);
        let msg = match sig {
            SIGBUS if code == BUS_ADRERR && addr < 0x1000 => "invalid memory address or nil pointer dereference",
            SIGSEGV if (code == 0 || code == SEGV_MAPERR || code == SEGV_ACCERR) && addr < 0x1000 => {
                "invalid memory address or nil pointer dereference"
            }
            SIGBUS | SIGSEGV => {
                prints("unexpected fault address ");
                printhex(addr);
                prints("\nfatal error: fault\n");
                print_signal_line(sig, code as u64, addr, (*gp).sigpc);
                let _ = getm();
                fatalpanic_sig_tail(gp)
            }
            SIGFPE if code == FPE_INTDIV => "integer divide by zero",
            SIGFPE if code == FPE_INTOVF => "integer overflow",
            _ => "floating point error",
        };
        // A runtime.Error panic like any other, so it can be recovered; if it is not,
        // fatalpanic prints the signal line from g.sig.
        crate::rterror::panic_error_string(msg)
    }
}

/// The end of a fatal signal report: goroutine header, exit 2.
unsafe fn fatalpanic_sig_tail(gp: *mut crate::runtime2::G) -> ! {
    unsafe {
        prints("\ngoroutine ");
        printint((*gp).goid);
        prints(" [running]:\n");
    }
    crate::traceback::traceback_self();
    exit(2)
}
