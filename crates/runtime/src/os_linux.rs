//! Linux specifics: argv/envp/auxv (sysargs), osinit (CPU count, page size), thread
//! creation (newosproc via the clone trampoline in asm/sys_linux_amd64.s), minit.
use crate::boottrace::{V, boot};
use crate::panic::throw;
use crate::runtime1::{ARGC, ARGV};
use crate::runtime2::{M, NCPU};
use crate::stubs::{clone, mstart};
use crate::sys_linux_amd64::{gettid, sched_getaffinity};

const AT_NULL: usize = 0;
const AT_PAGESZ: usize = 6;
const AT_RANDOM: usize = 25;

/// The kernel's page size (auxv AT_PAGESZ).
pub static mut PHYS_PAGE_SIZE: usize = 0;
/// 16 random bytes from the kernel (auxv AT_RANDOM), seeds fastrand.
pub static mut STARTUP_RANDOM_DATA: *const u8 = core::ptr::null();

/// Threads share everything a Go M shares: memory, files, signal handlers.
const CLONE_FLAGS: usize = 0x100 /* VM */ | 0x200 /* FS */ | 0x400 /* FILES */
    | 0x800 /* SIGHAND */ | 0x10000 /* THREAD */ | 0x40000 /* SYSVSEM */;

/// args(argc, argv): called by rt0_go; remembers them and reads the auxiliary vector.
#[unsafe(export_name = "runtime.args")]
pub unsafe extern "C" fn args(argc: i32, argv: *const *const u8) {
    unsafe {
        ARGC = argc;
        ARGV = argv;
        sysargs(argc, argv);
        boot(
            "args",
            &[
                ("argc", V::D(argc as i64)),
                ("auxv.pagesz", V::D(PHYS_PAGE_SIZE as i64)),
                ("auxv.random", V::H(STARTUP_RANDOM_DATA as u64)),
            ],
        );
    }
}

/// Walks past argv and envp to the auxiliary vector.
#[unsafe(export_name = "runtime.sysargs")]
unsafe fn sysargs(argc: i32, argv: *const *const u8) {
    unsafe {
        let mut n = argc as usize + 1;
        while !(*argv.add(n)).is_null() {
            n += 1;
        }
        let mut auxv = argv.add(n + 1) as *const usize;
        loop {
            let (tag, val) = (*auxv, *auxv.add(1));
            match tag {
                AT_NULL => break,
                AT_PAGESZ => PHYS_PAGE_SIZE = val,
                AT_RANDOM => STARTUP_RANDOM_DATA = val as *const u8,
                _ => {}
            }
            auxv = auxv.add(2);
        }
    }
}

/// CPUs in our affinity mask.
#[unsafe(export_name = "runtime.getproccount")]
fn getproccount() -> i32 {
    let mut buf = [0u8; 1024];
    let r = sched_getaffinity(buf.as_mut_ptr(), buf.len());
    if r <= 0 {
        return 1;
    }
    let n: u32 = buf[..r as usize].iter().map(|b| b.count_ones()).sum();
    if n == 0 { 1 } else { n as i32 }
}

#[unsafe(export_name = "runtime.osinit")]
pub extern "C" fn osinit() {
    unsafe {
        NCPU = getproccount();
        if PHYS_PAGE_SIZE == 0 {
            PHYS_PAGE_SIZE = 4096;
        }
        if !PHYS_PAGE_SIZE.is_power_of_two() {
            throw("bad system page size");
        }
        boot(
            "osinit",
            &[
                ("ncpu", V::D(NCPU as i64)),
                ("physPageSize", V::D(PHYS_PAGE_SIZE as i64)),
            ],
        );
    }
}

/// Starts an OS thread for mp on its g0 stack; it runs mstart. Returns the thread id.
#[unsafe(export_name = "runtime.newosproc")]
pub unsafe fn newosproc(mp: *mut M) -> i64 {
    unsafe {
        let g0 = (*mp).g0;
        let stk = (*g0).stack.hi & !15;
        let r = clone(CLONE_FLAGS, stk, mp, g0, mstart_trampoline);
        if r < 0 {
            throw("newosproc: clone failed");
        }
        r as i64
    }
}

unsafe extern "C" fn mstart_trampoline() -> ! {
    unsafe { mstart() }
}

/// Per-thread initialization on the new M.
#[unsafe(export_name = "runtime.minit")]
pub fn minit() {
    unsafe {
        let mp = crate::stubs::getm();
        (*mp).procid = gettid();
        crate::signal_unix::minit_signal_stack();
    }
}
