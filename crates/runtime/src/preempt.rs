//! Cooperative preemption of compiled Go code.
//!
//! Cranelift cannot stop code at arbitrary instructions, so compiled loops poll: on
//! every loop back-edge they load `runtime.preemptflag` (one global word, no g
//! register needed) and, when it is set, call `runtime.preemptcheck`. sysmon's retake
//! sets a G's `preempt` and raises the global flag while any G has a request pending;
//! preemptcheck yields if the calling G is the one asked. The flag is only a hint:
//! a G that polls it for nothing returns at once.
//!
//! `PREEMPTFLAG` is written by sysmon (retake) and by the G that acts on its request,
//! and read by every running M; a stale value costs at most one sysmon period of
//! delay or a few needless calls.
use core::sync::atomic::{AtomicU32, Ordering};

/// Set while some G has been asked to yield (polled by compiled loops).
#[unsafe(export_name = "runtime.preemptflag")]
pub static PREEMPTFLAG: AtomicU32 = AtomicU32::new(0);

/// Called from a compiled loop's back-edge when `preemptflag` is set: yields if this
/// goroutine was asked to (sysmon saw it run for more than 10 ms).
#[unsafe(export_name = "runtime.preemptcheck")]
pub extern "C" fn preemptcheck() {
    let gp = crate::stubs::getg();
    unsafe {
        if gp.is_null() || (*gp).m.is_null() || gp == (*(*gp).m).g0 {
            return;
        }
        if (*gp).preempt.swap(false, Ordering::Relaxed) {
            (*gp).stackguard0 = (*gp).stack.lo + crate::stack::STACK_GUARD;
            // Lower the hint now rather than at sysmon's next pass (up to 10 ms away),
            // so loops stop calling here for nothing.
            set_pending(crate::sysmon::preempt_pending());
            crate::proc::gosched();
        }
    }
}

/// Raises or lowers the global hint after sysmon's retake pass.
pub fn set_pending(pending: bool) {
    PREEMPTFLAG.store(pending as u32, Ordering::Relaxed);
}
