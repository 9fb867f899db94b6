//! Address assignment: places live input sections into the output sections .text,
//! .rodata (plus the GOT), .data and .bss, in input order then section order, and
//! the output sections into PT_LOAD segments.
//!
//! Image shape (base 0x400000, pages of 4096, file offset ≡ address mod page size):
//! - segment 1, R+X: ELF header, program headers, then .text;
//! - segment 2, R: .rodata (inputs, then GOT slots), starting on a new page;
//! - segment 3, RW: .data then .bss (no file bytes), starting on a new page.
//!
//! Empty segments are left out. It must not know relocation arithmetic or ELF bytes.

use crate::gc::Live;
use crate::input::Class;
use crate::resolve::{LINKER_SYMS, Resolved, Target};

pub const BASE: u64 = 0x400000;
pub const PAGE: u64 = 4096;
pub const EHDR_SIZE: u64 = 64;
pub const PHDR_SIZE: u64 = 56;

#[derive(Clone, Copy, Debug, Default)]
pub struct OutSec {
    pub addr: u64,
    /// File offset (meaningless for .bss).
    pub off: u64,
    pub size: u64,
    pub align: u64,
}

#[derive(Clone, Copy, Debug)]
pub struct Segment {
    /// PF_R=4, PF_W=2, PF_X=1.
    pub flags: u32,
    pub off: u64,
    pub addr: u64,
    pub filesz: u64,
    pub memsz: u64,
}

pub struct Layout {
    /// `sec_addr[obj][sec]` for live sections.
    pub sec_addr: Vec<Vec<Option<u64>>>,
    pub common_addr: Vec<u64>,
    pub got_addr: u64,
    pub text: OutSec,
    pub rodata: OutSec,
    pub data: OutSec,
    pub bss: OutSec,
    pub segments: Vec<Segment>,
    pub linker_syms: Vec<u64>,
    /// End of the loaded part of the file.
    pub file_end: u64,
}

fn align_up(v: u64, a: u64) -> u64 {
    v.div_ceil(a.max(1)) * a.max(1)
}

pub fn layout(r: &Resolved, live: &Live) -> Layout {
    // Offsets relative to the start of each output section.
    let mut rel: Vec<Vec<Option<(Class, u64)>>> = r.objs.iter().map(|o| vec![None; o.secs.len()]).collect();
    let mut size = [0u64; 4];
    let mut align = [1u64; 4];
    let idx = |c: Class| match c {
        Class::Text => 0,
        Class::Rodata => 1,
        Class::Data => 2,
        _ => 3,
    };
    for (oi, o) in r.objs.iter().enumerate() {
        for (si, s) in o.secs.iter().enumerate() {
            let Some(s) = s else { continue };
            if !live.sec[oi][si]
                || s.discarded
                || !matches!(s.class, Class::Text | Class::Rodata | Class::Data | Class::Bss)
            {
                continue;
            }
            let k = idx(s.class);
            let at = align_up(size[k], s.align);
            size[k] = at + s.size;
            align[k] = align[k].max(s.align);
            rel[oi][si] = Some((s.class, at));
        }
    }
    let got_rel = align_up(size[1], 8);
    if !live.got.is_empty() {
        size[1] = got_rel + 8 * live.got.len() as u64;
        align[1] = align[1].max(8);
    }
    let mut common_rel = vec![0; r.commons.len()];
    for (i, c) in r.commons.iter().enumerate() {
        if live.commons[i] {
            let at = align_up(size[3], c.align);
            common_rel[i] = at;
            size[3] = at + c.size;
            align[3] = align[3].max(c.align);
        }
    }

    let has_ro = size[1] > 0;
    let has_rw = size[2] + size[3] > 0;
    let nph = 1 + has_ro as u64 + has_rw as u64 + 1;
    let text_off = align_up(EHDR_SIZE + PHDR_SIZE * nph, align[0]);
    let text = OutSec { addr: BASE + text_off, off: text_off, size: size[0], align: align[0] };
    let ro_off = align_up(text_off + size[0], PAGE);
    let rodata = OutSec { addr: BASE + ro_off, off: ro_off, size: size[1], align: align[1] };
    let rw_off = if has_ro { align_up(ro_off + size[1], PAGE) } else { ro_off };
    let rw_off = align_up(rw_off, align[2]);
    let data = OutSec { addr: BASE + rw_off, off: rw_off, size: size[2], align: align[2] };
    let bss_addr = align_up(data.addr + data.size, align[3]);
    let bss = OutSec { addr: bss_addr, off: rw_off + size[2], size: size[3], align: align[3] };

    let mut segments =
        vec![Segment { flags: 4 | 1, off: 0, addr: BASE, filesz: text_off + size[0], memsz: text_off + size[0] }];
    if has_ro {
        segments.push(Segment { flags: 4, off: ro_off, addr: rodata.addr, filesz: size[1], memsz: size[1] });
    }
    if has_rw {
        let memsz = bss.addr + bss.size - data.addr;
        segments.push(Segment { flags: 4 | 2, off: rw_off, addr: data.addr, filesz: size[2], memsz });
    }
    let file_end = if has_rw {
        rw_off + size[2]
    } else if has_ro {
        ro_off + size[1]
    } else {
        text_off + size[0]
    };

    let base_of = |c: Class| match c {
        Class::Text => text.addr,
        Class::Rodata => rodata.addr,
        Class::Data => data.addr,
        _ => bss.addr,
    };
    let sec_addr = rel.iter().map(|v| v.iter().map(|x| x.map(|(c, at)| base_of(c) + at)).collect()).collect();
    let common_addr = common_rel.iter().map(|at| bss.addr + at).collect();
    let linker_syms = vec![
        text.addr,
        text.addr + text.size,
        rodata.addr,
        rodata.addr + rodata.size,
        data.addr,
        data.addr + data.size,
        bss.addr,
        bss.addr + bss.size,
        bss.addr + bss.size,
    ];
    debug_assert_eq!(linker_syms.len(), LINKER_SYMS.len());
    Layout {
        sec_addr,
        common_addr,
        got_addr: rodata.addr + got_rel,
        text,
        rodata,
        data,
        bss,
        segments,
        linker_syms,
        file_end,
    }
}

impl Layout {
    /// The address a target resolves to (None: in a section that was not kept).
    pub fn addr(&self, t: Target) -> Option<u64> {
        match t {
            Target::Sec { obj, sec, off } => self.sec_addr[obj][sec].map(|a| a + off),
            Target::Abs(v) => Some(v),
            Target::Common(i) => Some(self.common_addr[i]),
            Target::Linker(i) => Some(self.linker_syms[i]),
            Target::UndefWeak => Some(0),
            Target::Undef => None,
        }
    }
}
