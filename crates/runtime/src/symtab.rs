//! The function table: which function a PC is in, its name, file and line (gc's
//! symtab.go: findfunc, funcline, FuncForPC).
//!
//! The compiler emits `main..functab` (ARCHITECTURE.md, "Function table"): a count and
//! unordered 64-byte entries {entry, size, name, file, lines, nlines}, lines being
//! (offset, line) pairs sorted by offset. On first use the runtime builds an index of
//! the entries sorted by entry address and binary-searches it.
//!
//! The Rust runtime's own functions are not in the table. A few that gc shows in
//! `runtime.Callers` results are recognised specially (runtime.Callers, runtime.main,
//! runtime.goexit) so that FuncForPC names them as gc does; other runtime PCs have no
//! Func. asm/functab_amd64.s defines an empty weak `main..functab` so that programs
//! without one (the hand-written test mains) still link.
//!
//! A `*runtime.Func` is simply a `*FuncEntry`.
use crate::panic::throw;
use core::sync::atomic::{AtomicPtr, AtomicU8, AtomicUsize, Ordering};

/// One entry of `main..functab` (64 bytes, layout fixed by ARCHITECTURE.md).
#[repr(C)]
pub struct FuncEntry {
    pub entry: usize,
    pub size: usize,
    pub name_ptr: *const u8,
    pub name_len: usize,
    pub file_ptr: *const u8,
    pub file_len: usize,
    pub lines: *const LineEntry,
    pub nlines: usize,
}

/// Code from `entry + off` up to the next entry's offset is on source line `line`.
#[repr(C)]
pub struct LineEntry {
    pub off: u32,
    pub line: u32,
}

#[repr(C)]
struct Functab {
    n: usize,
    entries: [FuncEntry; 0],
}

const _: () = assert!(core::mem::size_of::<FuncEntry>() == 64);
const _: () = assert!(core::mem::size_of::<LineEntry>() == 8);

unsafe extern "C" {
    #[link_name = "main..functab"]
    static MAIN_FUNCTAB: Functab;
    #[link_name = "runtime.goexit"]
    fn goexit();
}

impl FuncEntry {
    pub fn name(&self) -> &[u8] {
        bytes(self.name_ptr, self.name_len)
    }

    pub fn file(&self) -> &[u8] {
        bytes(self.file_ptr, self.file_len)
    }

    fn contains(&self, pc: usize) -> bool {
        pc >= self.entry && pc - self.entry < self.size
    }
}

fn bytes<'a>(p: *const u8, n: usize) -> &'a [u8] {
    if n == 0 { &[] } else { unsafe { core::slice::from_raw_parts(p, n) } }
}

/// The sorted index: `n` pointers into main..functab, ordered by entry.
struct Index {
    funcs: *const *const FuncEntry,
    n: usize,
}

static INDEX: AtomicPtr<Index> = AtomicPtr::new(core::ptr::null_mut());
// 0: not built, 1: being built, 2: built.
static INDEX_STATE: AtomicU8 = AtomicU8::new(0);

/// The sorted index, built by the first caller; concurrent callers wait for it (the
/// build is short and never blocks, so spinning with osyield is enough).
fn index() -> &'static Index {
    let p = INDEX.load(Ordering::Acquire);
    if !p.is_null() {
        return unsafe { &*p };
    }
    if INDEX_STATE.compare_exchange(0, 1, Ordering::Acquire, Ordering::Acquire).is_ok() {
        let idx = build_index();
        INDEX.store(idx, Ordering::Release);
        INDEX_STATE.store(2, Ordering::Release);
        return unsafe { &*idx };
    }
    loop {
        let p = INDEX.load(Ordering::Acquire);
        if !p.is_null() {
            return unsafe { &*p };
        }
        crate::sys_linux_amd64::osyield();
    }
}

fn build_index() -> *mut Index {
    use crate::malloc::persistentalloc;
    unsafe {
        let tab = &raw const MAIN_FUNCTAB;
        let n = (*tab).n;
        let entries = (&raw const (*tab).entries) as *const FuncEntry;
        // persistentalloc: the index lives as long as the program and holds no Go
        // pointers the collector would need to see.
        let funcs = persistentalloc(n * 8, 8) as *mut *const FuncEntry;
        for i in 0..n {
            *funcs.add(i) = entries.add(i);
        }
        let s = core::slice::from_raw_parts_mut(funcs, n);
        s.sort_unstable_by_key(|f| (**f).entry);
        let idx = persistentalloc(core::mem::size_of::<Index>(), 8) as *mut Index;
        idx.write(Index { funcs, n });
        idx
    }
}

/// Whether pc is in a compiled Go function. Safe in a signal handler: it never builds
/// the index (sysmon builds it at start, before it can send a signal) and says no
/// until the index exists.
pub fn is_go_code(pc: usize) -> bool {
    let p = INDEX.load(Ordering::Acquire);
    if p.is_null() {
        return false;
    }
    let idx = unsafe { &*p };
    let funcs = unsafe { core::slice::from_raw_parts(idx.funcs, idx.n) };
    let i = funcs.partition_point(|&f| unsafe { (*f).entry } <= pc);
    i > 0 && unsafe { (*funcs[i - 1]).contains(pc) }
}

/// Builds the function index now (sysmon, before any preemption signal).
pub fn init_index() {
    index();
}

/// The compiled Go function containing pc (gc's findfunc), or a recognised runtime
/// function (see rtfunc).
pub fn findfunc(pc: usize) -> Option<&'static FuncEntry> {
    let idx = index();
    let funcs = unsafe { core::slice::from_raw_parts(idx.funcs, idx.n) };
    // The last function whose entry is <= pc.
    let i = funcs.partition_point(|&f| unsafe { (*f).entry } <= pc);
    if i > 0 {
        let f = unsafe { &*funcs[i - 1] };
        if f.contains(pc) {
            return Some(f);
        }
    }
    rtfunc(pc)
}

/// The source line of pc in f (gc's funcline1 without the file: rgo functions have
/// one file). pc is looked up as given; callers pass a return address minus one to
/// name the call instruction. 0 if f has no line for pc.
pub fn funcline(f: &FuncEntry, pc: usize) -> u32 {
    if f.nlines == 0 || pc < f.entry {
        return 0;
    }
    let off = pc - f.entry;
    let lines = unsafe { core::slice::from_raw_parts(f.lines, f.nlines) };
    let i = lines.partition_point(|l| l.off as usize <= off);
    if i == 0 { 0 } else { lines[i - 1].line }
}

// ---- runtime functions gc shows in Callers results ----

/// The highest return address seen inside runtime.main (into it from main.main or an
/// init function), recorded by the frame walker (traceback.rs), which knows a
/// goroutine's entry frame. Rust functions' sizes are unknown at run time, so
/// runtime.main's extent is taken as [entry, this].
pub static MAIN_RETPC: AtomicUsize = AtomicUsize::new(0);

/// How far into goexit its frame's PC can be (asm: a NOP, then CALL goexit1).
const GOEXIT_SIZE: usize = 16;
/// runtime.Callers reports its own frame as its entry + 1 (traceback.rs).
const CALLERS_SIZE: usize = 2;

static mut RTFUNCS: [FuncEntry; 3] = [const {
    FuncEntry {
        entry: 0,
        size: 0,
        name_ptr: core::ptr::null(),
        name_len: 0,
        file_ptr: core::ptr::null(),
        file_len: 0,
        lines: core::ptr::null(),
        nlines: 0,
    }
}; 3];
static RTFUNCS_READY: AtomicU8 = AtomicU8::new(0);

/// runtime.Callers, runtime.main and runtime.goexit as Funcs (no file or lines).
fn rtfunc(pc: usize) -> Option<&'static FuncEntry> {
    let tab = rtfuncs();
    let main_end = MAIN_RETPC.load(Ordering::Relaxed) + 1;
    tab.iter().find(|f| {
        if f.size == 0 {
            // runtime.main: up to the highest return address seen in it.
            pc >= f.entry && pc < main_end
        } else {
            f.contains(pc)
        }
    })
}

fn rtfuncs() -> &'static [FuncEntry; 3] {
    // Filled once: the values are the same whoever fills them, so a racing second
    // filler is harmless, but readers must see a complete table (Release/Acquire).
    unsafe {
        let tab = &raw mut RTFUNCS;
        if RTFUNCS_READY.load(Ordering::Acquire) == 0 {
            let set = |f: &mut FuncEntry, entry: usize, size: usize, name: &'static str| {
                f.entry = entry;
                f.size = size;
                f.name_ptr = name.as_ptr();
                f.name_len = name.len();
            };
            set(&mut (*tab)[0], crate::traceback::Callers as *const () as usize, CALLERS_SIZE, "runtime.Callers");
            set(&mut (*tab)[1], crate::proc::main as *const () as usize, 0, "runtime.main");
            set(&mut (*tab)[2], goexit as *const () as usize, GOEXIT_SIZE, "runtime.goexit");
            RTFUNCS_READY.store(1, Ordering::Release);
        }
        &*tab
    }
}

// ---- package runtime's Func API ----

/// runtime.FuncForPC(pc) *Func: the function containing pc, or nil.
#[unsafe(export_name = "runtime.FuncForPC")]
pub extern "C" fn FuncForPC(pc: usize) -> *const FuncEntry {
    match findfunc(pc) {
        Some(f) => f,
        None => core::ptr::null(),
    }
}

/// (*Func).Name() string: "" for a nil Func, as in gc.
#[unsafe(export_name = "runtime.(*Func).Name")]
pub unsafe extern "C" fn Func_Name(f: *const FuncEntry) -> crate::string::GoString {
    if f.is_null() {
        return crate::string::GoString { ptr: core::ptr::null(), len: 0 };
    }
    unsafe { crate::string::GoString { ptr: (*f).name_ptr, len: (*f).name_len } }
}

/// (*Func).Entry() uintptr.
#[unsafe(export_name = "runtime.(*Func).Entry")]
pub unsafe extern "C" fn Func_Entry(f: *const FuncEntry) -> usize {
    if f.is_null() { 0 } else { unsafe { (*f).entry } }
}

/// (*Func).FileLine(pc) (file string, line int), lowered by the compiler to this
/// because three result words do not fit System V's two return registers:
/// out = [file ptr, file len, line]. pc is looked up as given (gc's FileLine).
/// A nil Func gives ("", 0) where gc would dereference nil inside the runtime.
#[unsafe(export_name = "runtime.funcfileline")]
pub unsafe extern "C" fn funcfileline(f: *const FuncEntry, pc: usize, out: *mut [u64; 3]) {
    unsafe {
        if f.is_null() {
            *out = [0, 0, 0];
            return;
        }
        let f = &*f;
        *out = [f.file_ptr as u64, f.file_len as u64, funcline(f, pc) as u64];
    }
}

// ---- runtime.CallersFrames ----

/// rgo's `runtime.Frames`: a copy of the PCs and a cursor at the next PC with a Func
/// (pointer-free, so the allocation needs no type).
#[repr(C)]
pub struct Frames {
    n: usize,
    i: usize,
    pcs: [usize; 0],
}

impl Frames {
    fn pc(&self, i: usize) -> usize {
        unsafe { *(&raw const self.pcs as *const usize).add(i) }
    }

    /// Moves the cursor to the first PC from `i` on that has a Func (gc's Next skips
    /// the others).
    fn seek(&mut self, mut i: usize) {
        while i < self.n && findfunc(self.pc(i)).is_none() {
            i += 1;
        }
        self.i = i;
    }
}

/// runtime.CallersFrames(callers []uintptr) *Frames.
#[unsafe(export_name = "runtime.CallersFrames")]
pub unsafe extern "C" fn CallersFrames(pcs: *const usize, len: i64, _cap: i64) -> *mut Frames {
    let n = len.max(0) as usize;
    unsafe {
        let ci = crate::malloc::mallocgc(16 + 8 * n, core::ptr::null(), 1) as *mut Frames;
        (*ci).n = n;
        core::ptr::copy_nonoverlapping(pcs, (&raw mut (*ci).pcs) as *mut usize, n);
        (*ci).seek(0);
        ci
    }
}

/// `(*Frames).Next() (frame Frame, more bool)`, lowered to framesnext(ci, out) -> more
/// because a Frame does not fit in registers. out is rgo's runtime.Frame, gc's
/// exported fields in order: [PC, Func, Function ptr, Function len, File ptr, File len,
/// Line, Entry]. As in gc, PC is the call instruction's (a return address minus one)
/// and a zero Frame with more = false comes after the last.
#[unsafe(export_name = "runtime.framesnext")]
pub unsafe extern "C" fn framesnext(ci: *mut Frames, out: *mut [u64; 8]) -> i8 {
    unsafe {
        let ci = &mut *ci;
        if ci.i >= ci.n {
            *out = [0; 8];
            return 0;
        }
        let mut pc = ci.pc(ci.i);
        let Some(f) = findfunc(pc) else {
            throw("framesnext: cursor not at a Func")
        };
        if pc > f.entry {
            pc -= 1;
        }
        *out = [
            pc as u64,
            f as *const FuncEntry as u64,
            f.name_ptr as u64,
            f.name_len as u64,
            f.file_ptr as u64,
            f.file_len as u64,
            funcline(f, pc) as u64,
            f.entry as u64,
        ];
        ci.seek(ci.i + 1);
        (ci.i < ci.n) as i8
    }
}
