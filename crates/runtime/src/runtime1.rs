//! Start-up helpers of gc's runtime1.go: the sanity `check`, argv/envp as Go strings
//! (goargs, goenvs, gogetenv) and GODEBUG (parsedebugvars).
//!
//! ARGC/ARGV/ARGSLICE/ENVS are written once by m0 before any other M exists and are
//! read-only afterwards; DEBUG likewise (set in schedinit).
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use crate::boottrace::{V, boot, boottrace_enable};
use crate::malloc::persistentalloc;
use crate::panic::throw;
use crate::runtime2::{G, Gobuf, M0};
use crate::stubs::{getg, setg};

pub static mut ARGC: i32 = 0;
pub static mut ARGV: *const *const u8 = core::ptr::null();

/// A Go string header as stored in ARGSLICE/ENVS ([]string).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct StringHeader {
    pub ptr: *const u8,
    pub len: usize,
}

/// os.Args as a Go []string (ptr, len).
pub static mut ARGSLICE: (*mut StringHeader, usize) = (core::ptr::null_mut(), 0);
/// The environment as a Go []string.
pub static mut ENVS: (*mut StringHeader, usize) = (core::ptr::null_mut(), 0);

/// GODEBUG settings (gc's `debug` struct, the ones rgo implements).
pub struct DebugVars {
    pub inittrace: i32,
    pub schedtrace: i32,
    pub scheddetail: i32,
    /// rgo's own: trace the start-up stages (boottrace.rs).
    pub boottrace: i32,
    /// gctrace=1: one line per collection (mgc.rs).
    pub gctrace: i32,
    /// rgo's own gcstress=N: collect at every N-th allocation when the world can stop.
    pub gcstress: i32,
    /// gcstoptheworld=1: mark with the world stopped (no concurrent marking), as gc.
    pub gcstoptheworld: i32,
}

pub static mut DEBUG: DebugVars = DebugVars {
    inittrace: 0,
    schedtrace: 0,
    scheddetail: 0,
    boottrace: 0,
    gctrace: 0,
    gcstress: 0,
    gcstoptheworld: 0,
};

/// Sanity checks of sizes, atomics and the TLS slot; throws on failure.
#[unsafe(export_name = "runtime.check")]
pub extern "C" fn check() {
    // rt0_go's own work (g0 stack bounds, m0 <-> g0, settls) is done when it calls us,
    // and this is the first Rust code to run: record it here.
    unsafe {
        let g0 = getg();
        boot(
            "rt0_go",
            &[
                ("g0.stack.lo", V::H((*g0).stack.lo as u64)),
                ("g0.stack.hi", V::H((*g0).stack.hi as u64)),
                ("m0.tls", V::H((&raw const M0) as u64 + 8)),
            ],
        );
    }
    if core::mem::size_of::<usize>() != 8 || core::mem::size_of::<Gobuf>() != 56 {
        throw("check: bad sizes");
    }
    let a = AtomicU32::new(1);
    if a.compare_exchange(1, 2, Ordering::SeqCst, Ordering::SeqCst).is_err() || a.load(Ordering::SeqCst) != 2 {
        throw("cas1");
    }
    if a.compare_exchange(1, 3, Ordering::SeqCst, Ordering::SeqCst).is_ok() {
        throw("cas2");
    }
    let b = AtomicU64::new(u64::MAX - 1);
    if b.fetch_add(1, Ordering::SeqCst) != u64::MAX - 1 || b.swap(5, Ordering::SeqCst) != u64::MAX {
        throw("xadd64");
    }
    // The g slot: what setg stores must be what m0.tls[0] holds, and getg must read
    // it; the stack guard that compiled code's checks compare with is m0.tls[1].
    let gp = getg();
    unsafe {
        let fake = G { stackguard0: 0x1000 + crate::stack::STACK_GUARD, ..core::mem::zeroed() };
        let fakep = &raw const fake as *mut G;
        setg(fakep);
        let (seen, guard) = (M0.tls[0], M0.tls[1]);
        let back = getg();
        setg(gp);
        if seen != fakep as usize || back != fakep || guard != 0x1000 + crate::stack::STACK_GUARD {
            throw("check: TLS g slot not working");
        }
    }
    boot("check", &[("tls", V::S("ok")), ("atomics", V::S("ok"))]);
}

/// Length of a NUL-terminated C string. (Volatile reads keep LLVM from turning the
/// loop into a call to strlen, which does not exist here.)
pub unsafe fn findnull(p: *const u8) -> usize {
    let mut n = 0;
    unsafe {
        while core::ptr::read_volatile(p.add(n)) != 0 {
            n += 1;
        }
    }
    n
}

unsafe fn cstrings(base: *const *const u8, n: usize) -> (*mut StringHeader, usize) {
    let v = persistentalloc(n * core::mem::size_of::<StringHeader>(), 8) as *mut StringHeader;
    for i in 0..n {
        unsafe {
            let p = *base.add(i);
            *v.add(i) = StringHeader {
                ptr: p,
                len: findnull(p),
            };
        }
    }
    (v, n)
}

/// os.Args from argv.
#[unsafe(export_name = "runtime.goargs")]
pub fn goargs() {
    unsafe { ARGSLICE = cstrings(ARGV, ARGC as usize) };
}

/// The environment from envp (just after argv's NULL).
#[unsafe(export_name = "runtime.goenvs")]
pub fn goenvs() {
    unsafe {
        let envp = ARGV.add(ARGC as usize + 1);
        let mut n = 0;
        while !(*envp.add(n)).is_null() {
            n += 1;
        }
        ENVS = cstrings(envp, n);
    }
}

/// The value of environment variable `key`, if set.
#[unsafe(export_name = "runtime.gogetenv")]
pub fn gogetenv(key: &[u8]) -> Option<&'static [u8]> {
    unsafe {
        let (v, n) = ENVS;
        for i in 0..n {
            let e = *v.add(i);
            let s = core::slice::from_raw_parts(e.ptr, e.len);
            if s.len() > key.len() && &s[..key.len()] == key && s[key.len()] == b'=' {
                return Some(&s[key.len() + 1..]);
            }
        }
    }
    None
}

/// Decimal integer, or None (gc's atoi: no sign needed for these settings).
pub fn atoi(s: &[u8]) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    let mut n: i64 = 0;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add((c - b'0') as i64)?;
    }
    Some(n)
}

/// GODEBUG=name=val,name=val: the settings above; unknown names are ignored, as gc does.
#[unsafe(export_name = "runtime.parsedebugvars")]
pub fn parsedebugvars() {
    if let Some(godebug) = gogetenv(b"GODEBUG") {
        for field in godebug.split(|&c| c == b',') {
            let Some(eq) = field.iter().position(|&c| c == b'=') else {
                continue;
            };
            let (name, val) = (&field[..eq], &field[eq + 1..]);
            let Some(n) = atoi(val) else { continue };
            let n = n.min(i32::MAX as i64) as i32;
            unsafe {
                match name {
                    b"inittrace" => DEBUG.inittrace = n,
                    b"schedtrace" => DEBUG.schedtrace = n,
                    b"scheddetail" => DEBUG.scheddetail = n,
                    b"boottrace" => DEBUG.boottrace = n,
                    b"gctrace" => DEBUG.gctrace = n,
                    b"gcstress" => DEBUG.gcstress = n,
                    b"gcstoptheworld" => DEBUG.gcstoptheworld = n,
                    _ => {}
                }
            }
        }
    }
    unsafe {
        boot(
            "parsedebugvars",
            &[
                ("inittrace", V::D(DEBUG.inittrace as i64)),
                ("schedtrace", V::D(DEBUG.schedtrace as i64)),
                ("boottrace", V::D(DEBUG.boottrace as i64)),
            ],
        );
        boottrace_enable(DEBUG.boottrace != 0);
    }
}
