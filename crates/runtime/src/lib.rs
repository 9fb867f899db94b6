//! rgo-runtime: the `#![no_std]` Go runtime linked into every program rgo builds.
//!
//! It starts the program the way gc's runtime does (rt0_go → schedinit → newproc →
//! mstart → schedule → runtime.main), schedules goroutines over OS threads made with
//! `clone`, and exports the functions compiled Go code calls (`runtime.printint`,
//! `runtime.mallocgc`, `runtime.gopanic`, …; see ARCHITECTURE.md).
//!
//! It must not know the compiler: it meets compiled code only through the symbols and
//! layouts written down in ARCHITECTURE.md ("Contracts between the crates").
//!
//! # Interface with compiled code
//!
//! Every entry point below is `extern "C"` (System V) and exported as `runtime.NAME`;
//! bool is i8, strings are (ptr, len) pairs, two-word results come back in RAX:RDX.
//!
//! - print: printlock, printunlock, printstring(p, n), printint(i64), printuint(u64),
//!   printhex(u64), printfloat(f64), printcomplex(f64, f64), printbool(i8),
//!   printpointer(p), printeface(t, d), printiface(tab, d), printslice(p, len, cap),
//!   printsp, printnl (print.rs)
//! - memory: mallocgc(size, typ, needzero i8) -> p, newobject(typ) -> p,
//!   memmove(dst, src, n), zerobase (malloc.rs, memmove.rs); plus the C symbols
//!   memmove, memcpy, memset, memcmp, bcmp for Rust's own code
//! - strings: concatstring2(a.p, a.n, b.p, b.n) -> (p, n), cmpstring(..) -> i64,
//!   intstring(i64) -> (p, n), memequal(a, b, n) -> i8 (string.rs, alg.rs)
//! - panics (never return): gopanic(typ, data), panicIndex/panicIndexU and every
//!   panicSlice*(x, y) bounds error, panicSliceConvert, panicdivide, panicshift,
//!   throw(p, n), exit(code i32), block() for `select {}` (panic.rs, proc.rs)
//! - goroutines: newproc(fn, arg): a goroutine running fn(arg) (fn a code address,
//!   arg passed in DI), Gosched(), LockOSThread(), UnlockOSThread(), nanotime() -> i64
//! - stack checks: every compiled function starts with one that calls (asm)
//!   morestack when its frame would not fit; stack.rs has the sequence
//!
//! - the full language (maps, channels, select, defer/panic/recover, itabs, slices,
//!   string conversions, equality and hashing): ARCHITECTURE.md's "Runtime ABI for the
//!   full language" (map.rs, chan.rs, select.rs, defer.rs, iface.rs, slice.rs,
//!   stringconv.rs, alg.rs; runtime error values in rterror.rs)
//!
//! - stack walking: Callers(skip, pcs, len, cap) -> n, FuncForPC(pc) -> *Func,
//!   (*Func).Name, (*Func).Entry, funcfileline(f, pc, out), callerinfo(skip, out);
//!   gc-style tracebacks for fatal panics, signals and deadlocks (symtab.rs,
//!   traceback.rs; ARCHITECTURE.md's "Function table")
//!
//! From compiled code the runtime needs `main.main` (a function), `main..inittask`
//! (gc 1.19's initTask layout with plain code addresses in `fns`) and `main..functab`
//! (the function table; an empty weak one is in asm/functab_amd64.s).
//! No libc: every service comes from raw Linux system calls (sys_linux_amd64.rs).
//! The Plan 9 assembly half lives in ../asm/*.s; the offsets it uses are asserted in
//! runtime2.rs so the two halves cannot drift apart.
#![no_std]
#![allow(clippy::missing_safety_doc)]
// gc's names (doInit, LockOSThread, …) are kept so proc.go readers find them.
#![allow(non_snake_case)]
// M holds Rust fn pointers; the asm only touches the fields asserted in runtime2.rs.
#![allow(improper_ctypes)]

pub mod alg;
pub mod boottrace;
pub mod chan;
pub mod defer;
pub mod hash;
pub mod hashmap;
pub mod iface;
pub mod map;
pub mod rterror;
pub mod select;
pub mod selectorder;
pub mod sizeclasses;
pub mod slice;
pub mod stringconv;
pub mod utf8;
pub mod rtpkg;
pub mod lock_futex;
pub mod malloc;
pub mod mbitmap;
pub mod mcache;
pub mod mcentral;
pub mod mfinal;
pub mod mheap;
pub mod memmove;
pub mod mgc;
pub mod gomaxprocs;
pub mod mgcassist;
pub mod mgcbg;
pub mod mgcglobals;
pub mod mgcmark;
pub mod mgcstack;
pub mod mgcsweep;
pub mod mgcwb;
pub mod os_linux;
pub mod panic;
pub mod netpoll;
pub mod preempt;
pub mod stw;
pub mod syscall;
pub mod timers;
pub mod print;
pub mod proc;
pub mod runtime1;
pub mod runtime2;
pub mod signal_unix;
pub mod stack;
pub mod stackcopy;
pub mod string;
pub mod stubs;
pub mod sys_linux_amd64;
pub mod symtab;
pub mod sysmon;
pub mod time;
pub mod traceback;
pub mod typ;

/// A Rust panic inside the runtime is a runtime bug; report it like gc's `throw`.
#[panic_handler]
fn rust_panic(_info: &core::panic::PanicInfo) -> ! {
    panic::throw("rust panic inside the runtime")
}
