//! Slices: make, append's growth (gc 1.19's rule and size classes, so `cap` matches
//! gc), memclr.
use crate::malloc::{ZEROBASE, mallocgc};
use crate::memmove::{memmove, memset};
use crate::rterror::panic_error_string;
use crate::sizeclasses::{MAX_ALLOC, growslice_cap};
use crate::typ::Type;

/// make([]T, len, cap): the backing array, zeroed.
#[unsafe(export_name = "runtime.makeslice")]
pub unsafe extern "C" fn makeslice(et: *const Type, len: i64, cap: i64) -> *mut u8 {
    let size = unsafe { (*et).size };
    let bytes = |n: i64| -> Option<usize> {
        if n < 0 {
            return None;
        }
        let m = (n as usize).checked_mul(size)?;
        if m > MAX_ALLOC { None } else { Some(m) }
    };
    let mem = match bytes(cap) {
        Some(m) if len >= 0 && len <= cap => m,
        _ => {
            // Blame len when len alone is already impossible, as gc does.
            if bytes(len).is_none() {
                panic_error_string("makeslice: len out of range");
            }
            panic_error_string("makeslice: cap out of range");
        }
    };
    let p = unsafe { mallocgc(mem, et, 1) };
    crate::preempt::preempt_sync();
    p
}

/// The new backing array and capacity of an append that needs `newlen` elements; the
/// old elements are copied, the rest is zero. Returned in RAX:RDX.
#[repr(C)]
pub struct Grown {
    pub ptr: *mut u8,
    pub cap: i64,
}

#[unsafe(export_name = "runtime.growslice")]
pub unsafe extern "C" fn growslice(et: *const Type, oldptr: *const u8, oldlen: i64, oldcap: i64, newlen: i64) -> Grown {
    if newlen < oldcap || newlen < 0 {
        panic_error_string("growslice: cap out of range");
    }
    let size = unsafe { (*et).size };
    if size == 0 {
        // Zero-sized elements need no memory: any non-nil pointer will do.
        return Grown {
            ptr: &raw mut ZEROBASE as *mut u8,
            cap: newlen,
        };
    }
    let Some((newcap, capmem)) = growslice_cap(size, oldcap as usize, newlen as usize) else {
        panic_error_string("growslice: cap out of range")
    };
    unsafe {
        let p = mallocgc(capmem, et, 1);
        memmove(p, oldptr, oldlen as usize * size);
        crate::preempt::preempt_sync();
        Grown {
            ptr: p,
            cap: newcap as i64,
        }
    }
}

/// memclr(p, n): zeroes n bytes (clearing a slice or array, `for i := range a { a[i] = zero }`).
#[unsafe(export_name = "runtime.memclr")]
pub unsafe extern "C" fn memclr(p: *mut u8, n: usize) {
    unsafe { memset(p, 0, n) };
    crate::preempt::preempt_sync();
}

/// gc's name for the same operation.
#[unsafe(export_name = "runtime.memclrNoHeapPointers")]
pub unsafe extern "C" fn memclr_no_heap_pointers(p: *mut u8, n: usize) {
    unsafe { memset(p, 0, n) };
}
