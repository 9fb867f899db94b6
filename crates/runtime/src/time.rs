//! Monotonic time for the scheduler and the traces.
use crate::sys_linux_amd64::nanotime1;

/// Monotonic nanoseconds; never zero.
#[unsafe(export_name = "runtime.nanotime")]
pub extern "C" fn nanotime() -> i64 {
    nanotime1()
}
