//! Equality of memory, for compiled `==` on arrays, structs and strings.

/// Whether size bytes at a and b are equal: 1 or 0.
#[unsafe(export_name = "runtime.memequal")]
pub unsafe extern "C" fn memequal(a: *const u8, b: *const u8, size: usize) -> i8 {
    if a == b {
        return 1;
    }
    (unsafe { crate::memmove::memcmp(a, b, size) } == 0) as i8
}
