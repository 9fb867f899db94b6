//! Moving goroutine stacks: newstack grows the running goroutine's (run on the g0
//! stack by asm `runtime.morestack` when a compiled function's stack check fails),
//! shrinkstack halves a runnable one's; both through copystack (stack.rs explains the
//! check and why adjusting pointers conservatively is sound here).
//!
//! The runtime's Rust code has no checks: called from Go code it may use STACK_GUARD
//! − STACK_SMALL bytes. Its deeper paths either run on the g0 stack (`on_g0`, gc's systemstack:
//! for code that never parks the goroutine) or first make room with `ensurestack`
//! (code that may park, such as starting a collection, or panics).
//! `scripts/runtime_stack_depth.py` finds the paths that need one of them.
use crate::runtime2::G;
use crate::stack::{STACK_GUARD, check_canary, is_growable, stack_overflow, stackalloc, stackfree};
use crate::stubs::{getg, getm};

/// Words morestack pushes: 15 registers and one for alignment. BP is the 7th push.
const SAVED_WORDS: usize = 16;
const SAVED_BP: usize = SAVED_WORDS - 7;

/// The SP morestack switches to: the top of this M's g0 stack, as mcall uses it.
#[unsafe(export_name = "runtime.g0sp")]
pub extern "C" fn g0sp() -> usize {
    unsafe { (*(*getm()).g0).sched.sp & !15 }
}

/// Copies the current goroutine's stack, from `sp` (the registers morestack saved)
/// up, into one at least twice as big; returns the saved registers' new address.
#[unsafe(export_name = "runtime.newstack")]
pub unsafe extern "C" fn newstack(sp: usize) -> usize {
    unsafe {
        let gp = getg();
        let old = (*gp).stack;
        if sp < old.lo || sp >= old.hi {
            crate::panic::throw("morestack: SP outside the goroutine's stack");
        }
        let used = old.hi - sp;
        // Room for the frame that did not fit (gc's funcMaxSPDelta), or what
        // ensurestack asked for.
        let ret = *(sp as *const usize).add(SAVED_WORDS);
        let frame = if (*gp).stackneed != 0 { 0 } else { checked_frame(ret) };
        let need = (*gp).stackneed.max(frame + 2 * STACK_GUARD);
        (*gp).stackneed = 0;
        let mut n = 2 * (old.hi - old.lo);
        while n < used || n - used < need {
            n *= 2;
        }
        if n > crate::proc::MAXSTACKSIZE || !is_growable(&old) {
            // The main goroutine's stack is fixed at the limit. Report from the
            // function whose check failed: morestack's return address is in it, and
            // its caller's frame pointer is the saved BP.
            let words = sp as *const usize;
            stack_overflow(gp, sp, Some((*words.add(SAVED_WORDS), *words.add(SAVED_BP))));
        }
        let newsp = copystack(gp, n, sp);
        crate::stubs::setguard((*gp).stackguard0);
        (*gp).grewms = now_ms();
        newsp
    }
}

/// The frame size a stack check tested, from morestack's return address `ret` in the
/// check's slow path: `call runtime.morestack` is followed by `jmp <function start>`
/// (e9 rel32), and a check for a frame over STACK_SMALL starts with `lea
/// -(frame-STACK_SMALL)(%rsp),%rax` (48 8d 84 24 disp32; codegen emit.rs, asm
/// encode.rs). Smaller frames fit in the guard: 0.
unsafe fn checked_frame(ret: usize) -> usize {
    unsafe {
        let code = ret as *const u8;
        if *code != 0xe9 {
            return 0;
        }
        let start = (ret + 5).wrapping_add_signed((code.add(1) as *const i32).read_unaligned() as isize) as *const u8;
        if core::slice::from_raw_parts(start, 4) != [0x48, 0x8d, 0x84, 0x24] {
            return 0;
        }
        let disp = (start.add(4) as *const i32).read_unaligned();
        crate::stack::STACK_SMALL + disp.unsigned_abs() as usize
    }
}

/// Moves `gp`'s stack, used from `sp` up, to a new one of `n` bytes; returns `sp`'s
/// new address. Every word that points into the old stack moves with it (stack.rs).
unsafe fn copystack(gp: *mut G, n: usize, sp: usize) -> usize {
    unsafe {
        check_canary(gp);
        let old = (*gp).stack;
        let used = old.hi - sp;
        let new = stackalloc(n);
        let newsp = new.hi - used;
        core::ptr::copy_nonoverlapping(sp as *const u8, newsp as *mut u8, used);
        let delta = new.hi.wrapping_sub(old.hi);
        let adjust = |w: *mut usize| {
            if *w >= old.lo && *w < old.hi {
                *w = (*w).wrapping_add(delta);
            }
        };
        let mut w = newsp;
        while w < new.hi {
            adjust(w as *mut usize);
            w += 8;
        }
        adjust_records(gp, &adjust);
        (*gp).stack = new;
        (*gp).stackguard0 = new.lo + STACK_GUARD;
        (*gp).stackguard1 = new.lo + STACK_GUARD;
        stackfree(&old);
        newsp
    }
}

/// How long (ms) a stack must not have grown before shrinkstack halves it.
const SHRINK_AFTER_MS: u32 = 50;

/// The monotonic clock in milliseconds, wrapping (G.grewms).
fn now_ms() -> u32 {
    (crate::time::nanotime() / 1_000_000) as u32
}

/// gc's shrinkstack: halves the stack of `gp`, which is about to run (execute, on
/// g0), when it uses less than a quarter of it — once per collection cycle, so a
/// goroutine that went deep once gets back to a small stack over a few cycles. Unlike
/// gc, not within SHRINK_AFTER of the stack's last growth: a goroutine that goes deep
/// between parks (issue13169.go) would be copied down and up again every cycle, and
/// cycles can follow each other closely (GODEBUG=gcstress).
/// Nothing else looks at a runnable goroutine's stack: the collector has scanned it
/// (execute waits for that), and its channel partners finished writing into it before
/// they made it runnable.
pub unsafe fn shrinkstack(gp: *mut G) {
    unsafe {
        let generation = crate::mheap::MARKGEN;
        if (*gp).shrinkgen == generation {
            return;
        }
        (*gp).shrinkgen = generation;
        if now_ms().wrapping_sub((*gp).grewms) < SHRINK_AFTER_MS {
            return;
        }
        let st = (*gp).stack;
        let size = st.hi - st.lo;
        // The runtime's own goroutines run deep Rust code on their fixed-size stacks.
        if (*gp).system || !is_growable(&st) || size <= crate::stack::STACK_MIN || st.hi - (*gp).sched.sp >= size / 4 {
            return;
        }
        (*gp).sched.sp = copystack(gp, size / 2, (*gp).sched.sp);
    }
}

unsafe extern "C" {
    /// asm_amd64.s: saves the registers and calls newstack on the g0 stack.
    #[link_name = "runtime.morestack"]
    fn morestack();
    /// asm_amd64.s: calls fn(arg) on the stack whose top is `sp`, then comes back.
    #[link_name = "runtime.systemstack"]
    fn systemstack(f: unsafe extern "C" fn(usize), arg: usize, sp: usize);
}

/// Whether the caller runs on a growable goroutine stack (not g0's, not main's).
unsafe fn on_growable_stack(gp: *mut G) -> bool {
    unsafe {
        let sp = crate::stubs::getsp();
        !gp.is_null() && !(*gp).m.is_null() && is_growable(&(*gp).stack) && sp >= (*gp).stack.lo && sp < (*gp).stack.hi
    }
}

/// Makes sure `n` bytes (plus STACK_GUARD) are free below the caller's frame, moving
/// the goroutine to a bigger stack if not. For runtime paths deeper than STACK_GUARD
/// that may park the goroutine (so they cannot run on g0).
#[inline(never)]
#[unsafe(export_name = "runtime.ensurestack")]
pub extern "C" fn ensurestack(n: usize) {
    unsafe {
        let gp = getg();
        if on_growable_stack(gp) && crate::stubs::getsp() - (*gp).stack.lo < n + STACK_GUARD {
            (*gp).stackneed = n + STACK_GUARD;
            morestack();
        }
    }
}

/// Stack room the runtime makes before it calls compiled Go code that is known to
/// stay shallow (the compiler's hash and equality helpers), so that the stack does
/// not move under the runtime's own frames, whose words copystack can only adjust
/// conservatively.
pub const GO_CALLBACK_ROOM: usize = 4 << 10;

/// ensurestack(GO_CALLBACK_ROOM) when hashing or comparing values of type `t` may run
/// Go code.
#[inline(always)]
pub fn before_alg(t: *const crate::typ::Type) {
    if !t.is_null() && unsafe { (*t).alg_calls_go() } {
        ensure_callback_room();
    }
}

/// ensurestack(GO_CALLBACK_ROOM), out of line: the stack-depth script treats callers
/// of ensurestack as making room for everything they call, which the map functions
/// calling this only do for some key types.
#[inline(never)]
fn ensure_callback_room() {
    ensurestack(GO_CALLBACK_ROOM);
}

/// Runs `f` on the M's g0 stack when called on a growable goroutine stack (gc's
/// systemstack), else right here. `f` must not park the goroutine nor call Go code.
pub fn on_g0<F: FnOnce()>(f: F) {
    unsafe extern "C" fn call<F: FnOnce()>(arg: usize) {
        unsafe { ((*(arg as *mut Option<F>)).take().unwrap_unchecked())() }
    }
    unsafe {
        let gp = getg();
        let mut f = Some(f);
        let arg = &raw mut f as usize;
        if on_growable_stack(gp) {
            systemstack(call::<F>, arg, (*(*gp).m).g0.as_ref().unwrap_unchecked().sched.sp);
        } else {
            // An indirect call, as through systemstack: the stack-depth script then
            // sees no direct edge to `f` (it runs on a big stack here).
            core::hint::black_box(call::<F> as unsafe extern "C" fn(usize))(arg);
        }
    }
}

/// The words outside the stack that may hold addresses in it: the G's saved context
/// and defer and panic links, each pending defer record's saved SP, BP and
/// callee-saved registers (panic records live on the stack itself), and the elem of
/// the sudogs a woken goroutine still holds (g.param, g.waiting).
unsafe fn adjust_records(gp: *mut G, adjust: &dyn Fn(*mut usize)) {
    unsafe {
        adjust(&raw mut (*gp).sched.bp);
        let mut sg = (*gp).waiting as *mut crate::chan::Sudog;
        while !sg.is_null() {
            adjust(&raw mut (*sg).elem as *mut usize);
            sg = (*sg).waitlink;
        }
        let won = (*gp).param as *mut crate::chan::Sudog;
        if !won.is_null() {
            adjust(&raw mut (*won).elem as *mut usize);
        }
        adjust(&raw mut (*gp)._panic as *mut usize);
        adjust(&raw mut (*gp)._defer as *mut usize);
        let mut d = (*gp)._defer as *mut crate::defer::Defer;
        while !d.is_null() {
            adjust(&raw mut (*d).sp);
            adjust(&raw mut (*d).bp);
            for r in (*d).regs.iter_mut() {
                adjust(r);
            }
            adjust(&raw mut (*d)._panic as *mut usize);
            d = (*d).link;
        }
    }
}
