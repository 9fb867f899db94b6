//! gc 1.19's malloc size classes and the slice growth rule that depends on them.
//!
//! malloc.rs allocates small objects in these classes; `cap` after `append` is visible
//! to programs too, and gc rounds a grown slice's capacity up to its size class.
//! Pure logic, no runtime dependencies: tests/pure.rs includes this file on the host.

/// Object sizes of gc 1.19's small size classes (class 0 unused).
pub const CLASS_TO_SIZE: [u16; 68] = [
    0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448,
    480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096,
    4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072,
    20480, 21760, 24576, 27264, 28672, 32768,
];

/// Pages per span of each size class (gc's table).
pub const CLASS_TO_ALLOCNPAGES: [u8; 68] = [
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 2, 1,
    2, 1, 3, 2, 3, 1, 3, 2, 3, 4, 5, 6, 1, 7, 6, 5, 4, 3, 5, 7, 2, 9, 7, 5, 8, 3, 10, 7, 4,
];

/// The smallest size class holding `size` bytes (1 ≤ size ≤ MAX_SMALL_SIZE): two
/// tables, by 8 bytes up to 1024 and by 128 bytes above, as gc's.
#[inline(always)]
pub fn size_to_class(size: usize) -> usize {
    if size <= SMALL_SIZE_MAX {
        SIZE_TO_CLASS8[size.div_ceil(8)] as usize
    } else {
        SIZE_TO_CLASS128[(size - SMALL_SIZE_MAX).div_ceil(128)] as usize
    }
}

const SMALL_SIZE_MAX: usize = 1024;
static SIZE_TO_CLASS8: [u8; SMALL_SIZE_MAX / 8 + 1] = size_to_class_table::<{ SMALL_SIZE_MAX / 8 + 1 }>(0, 8);
static SIZE_TO_CLASS128: [u8; (MAX_SMALL_SIZE - SMALL_SIZE_MAX) / 128 + 1] =
    size_to_class_table::<{ (MAX_SMALL_SIZE - SMALL_SIZE_MAX) / 128 + 1 }>(SMALL_SIZE_MAX, 128);

/// Entry i: the class of size `base + i * step`.
const fn size_to_class_table<const N: usize>(base: usize, step: usize) -> [u8; N] {
    let mut t = [0u8; N];
    let mut i = 0;
    while i < N {
        let size = base + i * step;
        let mut c = 1;
        while (CLASS_TO_SIZE[c] as usize) < size {
            c += 1;
        }
        t[i] = c as u8;
        i += 1;
    }
    t
}

/// Objects larger than this get whole pages.
pub const MAX_SMALL_SIZE: usize = 32768;
/// gc's heap page size (not the OS page size).
pub const PAGE_SIZE: usize = 8192;
/// The largest allocation gc allows on amd64 (1 << 48).
pub const MAX_ALLOC: usize = 1 << 48;

/// The size gc's mallocgc really hands out for a request of `size` bytes.
pub fn roundupsize(size: usize) -> usize {
    if size <= MAX_SMALL_SIZE {
        // The smallest class that fits: a binary search over the sorted sizes.
        let (mut lo, mut hi) = (1usize, CLASS_TO_SIZE.len() - 1);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if (CLASS_TO_SIZE[mid] as usize) < size {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return if size == 0 { 0 } else { CLASS_TO_SIZE[lo] as usize };
    }
    match size.checked_add(PAGE_SIZE - 1) {
        Some(s) => s & !(PAGE_SIZE - 1),
        None => size,
    }
}

/// The capacity gc 1.19's growslice picks for a slice of `elemsize`-byte elements
/// with capacity `oldcap` that must hold `needed` elements, and the bytes to
/// allocate; None when that is more than the heap allows ("growslice: cap out of
/// range"). elemsize must not be 0.
pub fn growslice_cap(elemsize: usize, oldcap: usize, needed: usize) -> Option<(usize, usize)> {
    const THRESHOLD: usize = 256;
    let mut newcap = oldcap;
    let doublecap = newcap + newcap;
    if needed > doublecap {
        newcap = needed;
    } else if oldcap < THRESHOLD {
        newcap = doublecap;
    } else {
        // From doubling toward growing by 1.25x, smoothly: the (n + 3*256)/4 step.
        // gc's loop runs on a signed int and stops on overflow; so does this one.
        while 0 < newcap as isize && newcap < needed {
            newcap = newcap.wrapping_add((newcap + 3 * THRESHOLD) / 4);
        }
        if newcap as isize <= 0 {
            newcap = needed;
        }
    }
    let mem = newcap.checked_mul(elemsize)?;
    if mem > MAX_ALLOC {
        return None;
    }
    let capmem = roundupsize(mem);
    let newcap = capmem / elemsize;
    Some((newcap, newcap * elemsize))
}
