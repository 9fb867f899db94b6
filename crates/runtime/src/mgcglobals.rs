//! Package variables as roots (gc scans data and bss from the linker's gcdata/gcbss
//! bitmaps; rgo from the compiler's table).
//!
//! The compiler emits `main..gcglobals` (codegen lib.rs emit_gcglobals): for every
//! package variable its address, size and pointer bitmap. Those words are scanned
//! precisely: an integer that happens to look like a heap address keeps nothing
//! alive. Everything else in data and bss — the runtime's own statics, whose types
//! the collector does not know — is scanned conservatively, skipping the variables'
//! ranges. The ranges are sorted once, at the first collection, into persistent
//! memory (the table itself is read-only and in the compiler's order).
use crate::mgcmark::GcWork;

#[repr(C)]
struct Entry {
    addr: usize,
    size: usize,
    /// One bit per word, 1 = pointer; null: the variable holds no pointers.
    ptrmask: *const u8,
}

#[repr(C)]
struct Table {
    n: usize,
    entries: [Entry; 0],
}

unsafe extern "C" {
    #[link_name = "main..gcglobals"]
    static GCGLOBALS: Table;
}

/// The table's entries sorted by address (made at the first collection, with the
/// world stopped).
static mut SORTED: *mut *const Entry = core::ptr::null_mut();

unsafe fn entries() -> &'static [Entry] {
    unsafe {
        let t = &raw const GCGLOBALS;
        core::slice::from_raw_parts((*t).entries.as_ptr(), (*t).n)
    }
}

unsafe fn sorted() -> &'static [*const Entry] {
    unsafe {
        let es = entries();
        if SORTED.is_null() && !es.is_empty() {
            let p = crate::malloc::persistentalloc(es.len() * 8, 8) as *mut *const Entry;
            let v = core::slice::from_raw_parts_mut(p, es.len());
            for (i, e) in es.iter().enumerate() {
                v[i] = e;
            }
            v.sort_unstable_by_key(|e| (**e).addr);
            SORTED = p;
        }
        if es.is_empty() { &[] } else { core::slice::from_raw_parts(SORTED, es.len()) }
    }
}

/// Greys what the package variables and the rest of [lo, hi) (a data or bss range)
/// point to.
pub unsafe fn scan_globals(gw: &mut GcWork, lo: usize, hi: usize) {
    unsafe {
        let mut at = lo;
        for &e in sorted() {
            let (a, end) = ((*e).addr, (*e).addr + (*e).size);
            if end <= lo || a >= hi {
                continue;
            }
            if a > at {
                gw.scanblock(at, a);
            }
            at = at.max(end);
            if !(*e).ptrmask.is_null() {
                for w in 0..(*e).size / 8 {
                    if (*(*e).ptrmask.add(w / 8) >> (w % 8)) & 1 != 0 {
                        gw.grey(*((a + 8 * w) as *const usize));
                    }
                }
            }
        }
        if at < hi {
            gw.scanblock(at, hi);
        }
    }
}
