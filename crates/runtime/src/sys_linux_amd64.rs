//! Raw Linux x86-64 system calls (no libc): the only way the runtime talks to the kernel.
//!
//! Each wrapper returns the kernel's raw result (negative errno on failure); callers
//! decide whether a failure is fatal. clock_gettime goes through the syscall, not the
//! vDSO, because we do not parse the vDSO image yet.
use core::arch::asm;

pub const SYS_READ: usize = 0;
pub const SYS_WRITE: usize = 1;
pub const SYS_MMAP: usize = 9;
pub const SYS_MPROTECT: usize = 10;
pub const SYS_MUNMAP: usize = 11;
pub const SYS_RT_SIGACTION: usize = 13;
pub const SYS_SIGALTSTACK: usize = 131;
pub const SYS_SCHED_YIELD: usize = 24;
pub const SYS_NANOSLEEP: usize = 35;
pub const SYS_GETPID: usize = 39;
pub const SYS_CLONE: usize = 56;
pub const SYS_EXIT: usize = 60;
pub const SYS_ARCH_PRCTL: usize = 158;
pub const SYS_GETTID: usize = 186;
pub const SYS_FUTEX: usize = 202;
pub const SYS_SCHED_GETAFFINITY: usize = 204;
pub const SYS_CLOCK_GETTIME: usize = 228;
pub const SYS_EXIT_GROUP: usize = 231;
pub const SYS_TGKILL: usize = 234;
pub const SYS_EPOLL_WAIT: usize = 232;
pub const SYS_EPOLL_CTL: usize = 233;
pub const SYS_EVENTFD2: usize = 290;
pub const SYS_EPOLL_CREATE1: usize = 291;

pub const PROT_NONE: usize = 0;
pub const PROT_READ: usize = 1;
pub const PROT_WRITE: usize = 2;
pub const MAP_PRIVATE: usize = 0x02;
pub const MAP_ANONYMOUS: usize = 0x20;
pub const MAP_NORESERVE: usize = 0x4000;

pub const FUTEX_WAIT_PRIVATE: usize = 128;
pub const FUTEX_WAKE_PRIVATE: usize = 129;

pub const CLOCK_MONOTONIC: usize = 1;
pub const CLOCK_REALTIME: usize = 0;

#[inline(always)]
pub unsafe fn syscall0(n: usize) -> isize {
    let ret: isize;
    unsafe {
        asm!("syscall", inlateout("rax") n as isize => ret,
             lateout("rcx") _, lateout("r11") _, options(nostack));
    }
    ret
}

#[inline(always)]
pub unsafe fn syscall1(n: usize, a1: usize) -> isize {
    let ret: isize;
    unsafe {
        asm!("syscall", inlateout("rax") n as isize => ret, in("rdi") a1,
             lateout("rcx") _, lateout("r11") _, options(nostack));
    }
    ret
}

#[inline(always)]
pub unsafe fn syscall2(n: usize, a1: usize, a2: usize) -> isize {
    let ret: isize;
    unsafe {
        asm!("syscall", inlateout("rax") n as isize => ret, in("rdi") a1, in("rsi") a2,
             lateout("rcx") _, lateout("r11") _, options(nostack));
    }
    ret
}

#[inline(always)]
pub unsafe fn syscall3(n: usize, a1: usize, a2: usize, a3: usize) -> isize {
    let ret: isize;
    unsafe {
        asm!("syscall", inlateout("rax") n as isize => ret, in("rdi") a1, in("rsi") a2,
             in("rdx") a3, lateout("rcx") _, lateout("r11") _, options(nostack));
    }
    ret
}

#[inline(always)]
pub unsafe fn syscall6(n: usize, a1: usize, a2: usize, a3: usize, a4: usize, a5: usize, a6: usize) -> isize {
    let ret: isize;
    unsafe {
        asm!("syscall", inlateout("rax") n as isize => ret, in("rdi") a1, in("rsi") a2,
             in("rdx") a3, in("r10") a4, in("r8") a5, in("r9") a6,
             lateout("rcx") _, lateout("r11") _, options(nostack));
    }
    ret
}

/// write(2); returns bytes written or -errno.
pub fn write(fd: usize, p: *const u8, n: usize) -> isize {
    unsafe { syscall3(SYS_WRITE, fd, p as usize, n) }
}

pub fn read(fd: usize, p: *mut u8, n: usize) -> isize {
    unsafe { syscall3(SYS_READ, fd, p as usize, n) }
}

pub const EPOLLIN: u32 = 0x1;
pub const EPOLL_CTL_ADD: usize = 1;
pub const O_CLOEXEC: usize = 0x80000;
pub const O_NONBLOCK: usize = 0x800;

/// The kernel's struct epoll_event (packed on x86-64).
#[repr(C, packed)]
pub struct EpollEvent {
    pub events: u32,
    pub data: u64,
}

pub fn epoll_create1(flags: usize) -> isize {
    unsafe { syscall1(SYS_EPOLL_CREATE1, flags) }
}

pub fn epoll_ctl(epfd: usize, op: usize, fd: usize, ev: *const EpollEvent) -> isize {
    unsafe { syscall6(SYS_EPOLL_CTL, epfd, op, fd, ev as usize, 0, 0) }
}

/// epoll_wait with a timeout in milliseconds (-1: forever).
pub fn epoll_wait(epfd: usize, evs: *mut EpollEvent, n: usize, ms: isize) -> isize {
    unsafe { syscall6(SYS_EPOLL_WAIT, epfd, evs as usize, n, ms as usize, 0, 0) }
}

pub fn eventfd2(initval: usize, flags: usize) -> isize {
    unsafe { syscall2(SYS_EVENTFD2, initval, flags) }
}

/// exit_group(2): ends every thread of the process.
pub fn exit(code: i32) -> ! {
    loop {
        unsafe { syscall1(SYS_EXIT_GROUP, code as usize) };
    }
}

/// exit(2) of the calling thread only.
pub fn exitThread(code: i32) -> ! {
    loop {
        unsafe { syscall1(SYS_EXIT, code as usize) };
    }
}

/// mmap(2) of anonymous memory; returns the address or -errno as usize.
pub fn mmap(addr: usize, n: usize, prot: usize, flags: usize) -> isize {
    unsafe { syscall6(SYS_MMAP, addr, n, prot, flags, usize::MAX, 0) }
}

/// madvise(2); MADV_HUGEPAGE asks for transparent huge pages (2 MB) where the system
/// enables them only on request, as gc does for its heap arenas.
pub const MADV_HUGEPAGE: usize = 14;
/// Gives pages back to the OS; they read as zeros when touched again.
pub const MADV_DONTNEED: usize = 4;
const SYS_MADVISE: usize = 28;

pub fn madvise(addr: usize, n: usize, advice: usize) -> isize {
    unsafe { syscall3(SYS_MADVISE, addr, n, advice) }
}

pub fn mprotect(addr: usize, n: usize, prot: usize) -> isize {
    unsafe { syscall3(SYS_MPROTECT, addr, n, prot) }
}

/// The kernel's struct sigaction for rt_sigaction on x86-64.
#[repr(C)]
pub struct Sigactiont {
    pub sa_handler: usize,
    pub sa_flags: u64,
    pub sa_restorer: usize,
    pub sa_mask: u64,
}

pub fn rt_sigaction(sig: u32, new: *const Sigactiont, old: *mut Sigactiont) -> isize {
    unsafe { syscall6(SYS_RT_SIGACTION, sig as usize, new as usize, old as usize, 8, 0, 0) }
}

/// stack_t.
#[repr(C)]
pub struct StackT {
    pub ss_sp: usize,
    pub ss_flags: i32,
    pub ss_size: usize,
}

pub fn sigaltstack(new: *const StackT, old: *mut StackT) -> isize {
    unsafe { syscall2(SYS_SIGALTSTACK, new as usize, old as usize) }
}

pub fn munmap(addr: usize, n: usize) -> isize {
    unsafe { syscall2(SYS_MUNMAP, addr, n) }
}

pub fn gettid() -> u64 {
    unsafe { syscall0(SYS_GETTID) as u64 }
}

pub fn getpid() -> u64 {
    unsafe { syscall0(SYS_GETPID) as u64 }
}

/// Sends `sig` to thread `tid` of process `tgid`.
pub fn tgkill(tgid: u64, tid: u64, sig: u32) -> isize {
    unsafe { syscall3(SYS_TGKILL, tgid as usize, tid as usize, sig as usize) }
}

pub fn osyield() {
    unsafe { syscall0(SYS_SCHED_YIELD) };
}

#[repr(C)]
pub struct Timespec {
    pub sec: i64,
    pub nsec: i64,
}

/// Monotonic nanoseconds (clock_gettime(CLOCK_MONOTONIC) through the syscall).
pub fn nanotime1() -> i64 {
    let mut ts = Timespec { sec: 0, nsec: 0 };
    unsafe { syscall2(SYS_CLOCK_GETTIME, CLOCK_MONOTONIC, &raw mut ts as usize) };
    ts.sec * 1_000_000_000 + ts.nsec
}

/// Wall-clock nanoseconds since 1970.
pub fn walltime() -> i64 {
    let mut ts = Timespec { sec: 0, nsec: 0 };
    unsafe { syscall2(SYS_CLOCK_GETTIME, CLOCK_REALTIME, &raw mut ts as usize) };
    ts.sec * 1_000_000_000 + ts.nsec
}

/// Sleeps for `usec` microseconds (nanosleep; an interrupted sleep just ends early).
pub fn usleep(usec: u32) {
    let ts = Timespec {
        sec: (usec / 1_000_000) as i64,
        nsec: (usec % 1_000_000) as i64 * 1000,
    };
    unsafe { syscall2(SYS_NANOSLEEP, &raw const ts as usize, 0) };
}

/// futex(FUTEX_WAIT_PRIVATE): sleeps while `*addr == val`; `ns < 0` means forever.
pub fn futexsleep(addr: *const u32, val: u32, ns: i64) {
    let ts;
    let tsp = if ns < 0 {
        0
    } else {
        ts = Timespec {
            sec: ns / 1_000_000_000,
            nsec: ns % 1_000_000_000,
        };
        &raw const ts as usize
    };
    unsafe { syscall6(SYS_FUTEX, addr as usize, FUTEX_WAIT_PRIVATE, val as usize, tsp, 0, 0) };
}

/// futex(FUTEX_WAKE_PRIVATE): wakes up to `cnt` threads sleeping on `addr`.
pub fn futexwakeup(addr: *const u32, cnt: u32) {
    let r = unsafe { syscall6(SYS_FUTEX, addr as usize, FUTEX_WAKE_PRIVATE, cnt as usize, 0, 0, 0) };
    if r < 0 {
        crate::panic::throw("futexwakeup failed");
    }
}

/// sched_getaffinity(0, len, buf): bytes of the mask the kernel filled in, or -errno.
pub fn sched_getaffinity(buf: *mut u8, len: usize) -> isize {
    unsafe { syscall3(SYS_SCHED_GETAFFINITY, 0, len, buf as usize) }
}

/// os.Exit's end: exit_group(code).
#[unsafe(export_name = "runtime.exit")]
pub extern "C" fn runtime_exit(code: i32) -> ! {
    exit(code)
}
