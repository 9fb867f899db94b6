//! Assembles parsed statements into a `Program`: TEXT symbols with their machine code
//! and relocations, and DATA/GLOBL symbols with their contents. Resolves local labels
//! and `n(PC)` branches; everything that names a symbol stays a relocation.
//!
//! It must not know the ELF file layout (that is `object`).

use crate::Diagnostic;
use crate::encode::{self, FixKind};
use crate::frame::{self, Frame};
use crate::parse::{Base, Mem, Operand, Stmt, SymName};
use std::collections::BTreeMap;

pub const DUPOK: u64 = 2;
pub const RODATA: u64 = 8;

#[derive(Debug, Clone)]
pub struct Reloc {
    pub offset: u64,
    pub sym: SymName,
    pub addend: i64,
    pub rtype: u32,
}

#[derive(Debug)]
pub struct Func {
    pub name: SymName,
    pub flags: u64,
    pub code: Vec<u8>,
    pub relocs: Vec<Reloc>,
}

#[derive(Debug)]
pub struct Data {
    pub name: SymName,
    pub flags: u64,
    pub size: u64,
    pub bytes: Vec<u8>,
    pub relocs: Vec<Reloc>,
    /// Whether any DATA initialised it (otherwise it goes to .bss).
    pub has_data: bool,
    pub line: u32,
    pub declared: bool,
}

#[derive(Default, Debug)]
pub struct Program {
    pub funcs: Vec<Func>,
    pub datas: Vec<Data>,
}

/// A TEXT symbol being assembled.
struct Open {
    name: SymName,
    flags: u64,
    frame: Frame,
    line: u32,
    /// Encoded instructions: the stack check and the prologue first, each as one
    /// instruction, when present.
    insts: Vec<(u32, encode::Enc)>,
    labels: BTreeMap<String, usize>,
    delta: i64,
    /// How many instructions the assembler put in front (`n(PC)` may not reach them).
    inserted: usize,
    /// Whether there is a stack check, whose slow path `close` appends.
    checked: bool,
}

/// Instructions the assembler inserts (the prologue) encoded as one.
fn encode_seq(seq: &[(&'static str, Vec<crate::parse::Operand>)]) -> encode::Enc {
    let mut enc = encode::Enc::default();
    for (op, a) in seq {
        let e = encode::encode(op, a).expect("inserted instructions encode");
        let base = enc.bytes.len();
        enc.bytes.extend(e.bytes);
        enc.fixups.extend(e.fixups.into_iter().map(|mut x| {
            x.at += base;
            x
        }));
    }
    enc
}

pub fn assemble(file: &str, stmts: &[Stmt], package: Option<&str>) -> Result<Program, Vec<Diagnostic>> {
    let mut b =
        Builder { file, package, prog: Program::default(), errs: Vec::new(), open: None, defined: BTreeMap::new() };
    for s in stmts {
        b.stmt(s);
    }
    b.close();
    // DATA symbols must have a GLOBL.
    for d in &b.prog.datas {
        if !d.declared {
            let msg = format!("DATA for {} without GLOBL", d.name.name);
            b.errs.push(Diagnostic { file: file.to_string(), line: d.line, col: None, message: msg });
        } else if d.bytes.len() as u64 > d.size {
            let msg = format!("DATA for {} beyond its GLOBL size {}", d.name.name, d.size);
            b.errs.push(Diagnostic { file: file.to_string(), line: d.line, col: None, message: msg });
        }
    }
    if b.errs.is_empty() { Ok(b.prog) } else { Err(b.errs) }
}

struct Builder<'a> {
    file: &'a str,
    package: Option<&'a str>,
    prog: Program,
    errs: Vec<Diagnostic>,
    open: Option<Open>,
    /// Every defined symbol (name, local) → line, for duplicate detection.
    defined: BTreeMap<(String, bool), u32>,
}

impl Builder<'_> {
    fn err(&mut self, line: u32, col: Option<u32>, msg: impl Into<String>) {
        self.errs.push(Diagnostic { file: self.file.to_string(), line, col, message: msg.into() });
    }

    /// `·name` (lexed as `.name`) belongs to the package being assembled.
    fn qualify(&mut self, s: &SymName, line: u32) -> SymName {
        if let Some(rest) = s.name.strip_prefix('.') {
            match self.package {
                Some(p) => return SymName { name: format!("{p}.{rest}"), local: s.local },
                None => self.err(
                    line,
                    None,
                    format!("·{rest}: no package path given for the · prefix (use runtime·{rest})"),
                ),
            }
        }
        s.clone()
    }

    fn qualify_op(&mut self, o: &Operand, line: u32) -> Operand {
        match o {
            Operand::Addr(s, off) => Operand::Addr(self.qualify(s, line), *off),
            Operand::Mem(m) if m.base == Base::SB => {
                let sym = m.sym.as_ref().map(|s| self.qualify(s, line));
                Operand::Mem(Mem { sym, ..m.clone() })
            }
            Operand::Sized(inner, n) => Operand::Sized(Box::new(self.qualify_op(inner, line)), *n),
            _ => o.clone(),
        }
    }

    fn define(&mut self, s: &SymName, line: u32) -> bool {
        let key = (s.name.clone(), s.local);
        if let Some(prev) = self.defined.get(&key) {
            let msg = format!("duplicate symbol definition: {} (previous definition at line {prev})", s.name);
            self.err(line, None, msg);
            return false;
        }
        self.defined.insert(key, line);
        true
    }

    fn stmt(&mut self, s: &Stmt) {
        let args: Vec<Operand> = s.args.iter().map(|a| self.qualify_op(a, s.line)).collect();
        if !s.labels.is_empty() {
            match &mut self.open {
                Some(f) => {
                    let mut dups = Vec::new();
                    for l in &s.labels {
                        if f.labels.insert(l.clone(), f.insts.len()).is_some() {
                            dups.push(format!("label {l} defined twice"));
                        }
                    }
                    for m in dups {
                        self.err(s.line, None, m);
                    }
                }
                None => self.err(s.line, Some(s.col), "label outside of a TEXT symbol"),
            }
        }
        match s.op.as_str() {
            "" => {}
            "TEXT" => self.text(s, &args),
            "DATA" => self.data(s, &args),
            "GLOBL" => self.globl(s, &args),
            // Liveness/unwind metadata for gc's runtime; rgo has no use for it yet.
            "PCDATA" | "FUNCDATA" => {}
            op => {
                let Some(f) = &mut self.open else {
                    self.err(s.line, Some(s.col), format!("instruction {op} outside of a TEXT symbol"));
                    return;
                };
                let frame = f.frame;
                let delta = f.delta;
                let mut seq: Vec<(&str, Vec<Operand>)> = Vec::new();
                if op == "RET" {
                    seq.extend(frame.epilogue());
                }
                // A bare number is an absolute memory address (`MOVL $0xf1, 0xf1`).
                let resolved = args
                    .iter()
                    .map(|a| match a {
                        Operand::Const(v) => Operand::Mem(Mem { sym: None, off: *v, base: Base::None, index: None }),
                        a => frame.resolve(a, delta),
                    })
                    .collect();
                let mut adjsp = 0;
                match (op, &args[..]) {
                    // ADJSP $n: SP -= n, tracked like a push for FP/SP offsets.
                    ("ADJSP", [Operand::Imm(v)]) => {
                        adjsp = *v;
                        let sp = Operand::Reg(crate::arch::Reg::Gp(4));
                        seq.push(if *v >= 0 {
                            ("SUBQ", vec![Operand::Imm(*v), sp])
                        } else {
                            ("ADDQ", vec![Operand::Imm(-*v), sp])
                        });
                    }
                    _ => seq.push((op, resolved)),
                }
                let mut enc = encode::Enc::default();
                for (op, a) in seq {
                    match encode::encode(op, &a) {
                        Ok(e) => {
                            let base = enc.bytes.len();
                            enc.bytes.extend(e.bytes);
                            enc.fixups.extend(e.fixups.into_iter().map(|mut x| {
                                x.at += base;
                                x
                            }));
                        }
                        Err(m) => {
                            self.err(s.line, Some(s.col), m);
                            return;
                        }
                    }
                }
                let f = self.open.as_mut().unwrap();
                f.delta += frame::sp_delta(op) + adjsp;
                f.insts.push((s.line, enc));
            }
        }
    }

    fn text(&mut self, s: &Stmt, a: &[Operand]) {
        self.close();
        let (name, flags, frame) = match a {
            [Operand::Mem(Mem { sym: Some(n), off: 0, base: Base::SB, index: None }), rest @ ..] => {
                let (flags, fr) = match rest {
                    [Operand::Frame(f, _)] => (0, *f),
                    [Operand::Const(fl), Operand::Frame(f, _)] => (*fl as u64, *f),
                    [Operand::Const(fl)] => (*fl as u64, 0),
                    [] => (0, 0),
                    _ => return self.err(s.line, Some(s.col), "TEXT wants sym(SB), flags, $frame-args"),
                };
                (n.clone(), flags, fr)
            }
            _ => return self.err(s.line, Some(s.col), "TEXT wants sym(SB), flags, $frame-args"),
        };
        if !self.define(&name, s.line) {
            return;
        }
        let frame = Frame::new(frame, flags);
        let mut open = Open {
            name,
            flags,
            frame,
            line: s.line,
            insts: Vec::new(),
            labels: BTreeMap::new(),
            delta: 0,
            inserted: 0,
            checked: flags & frame::NOSPLIT == 0,
        };
        if open.checked {
            open.labels.insert(frame::CHECK_LABEL.into(), 0);
            open.insts.push((s.line, encode::stack_check(frame.below_entry(), frame::MORESTACK_LABEL)));
            open.inserted += 1;
        }
        let pro = frame.prologue();
        if !pro.is_empty() {
            open.insts.push((s.line, encode_seq(&pro)));
            open.inserted += 1;
        }
        self.open = Some(open);
    }

    /// Finishes the open TEXT symbol: lays out instructions and resolves branches.
    /// Branches to labels start short (rel8) and are lengthened to rel32 until every
    /// displacement fits (lengthening only grows distances, so this terminates).
    fn close(&mut self) {
        let Some(mut f) = self.open.take() else { return };
        let empty = f.insts.len() == f.inserted;
        if f.checked {
            f.labels.insert(frame::MORESTACK_LABEL.into(), f.insts.len());
            for (op, a) in Frame::morestack() {
                f.insts.push((f.line, encode::encode(op, &a).expect("morestack call encodes")));
            }
        }
        let n = f.insts.len();
        // The instruction index a label/PC branch goes to (n = the end of the function).
        let target = |fx: &FixKind, i: usize| -> Option<usize> {
            match fx {
                FixKind::Label(l) => f.labels.get(l).copied(),
                FixKind::Pc(k) => {
                    let t = i as i64 + k;
                    (t >= f.inserted as i64 && t <= n as i64).then_some(t as usize)
                }
                FixKind::Sym { .. } => None,
            }
        };
        // Short forms: JMP rel32 (E9) → EB rel8; Jcc rel32 (0F 8x) → 7x rel8.
        let short_op = |e: &encode::Enc| -> Option<u8> {
            match (e.bytes.as_slice(), e.fixups.as_slice()) {
                ([0xE9, _, _, _, _], [fx]) if !matches!(fx.kind, FixKind::Sym { .. }) => Some(0xEB),
                ([0x0F, c @ 0x80..=0x8F, _, _, _, _], [fx]) if !matches!(fx.kind, FixKind::Sym { .. }) => {
                    Some(c - 0x10)
                }
                _ => None,
            }
        };
        let mut short: Vec<bool> = f
            .insts
            .iter()
            .enumerate()
            .map(|(i, (_, e))| short_op(e).is_some() && target(&e.fixups[0].kind, i).is_some())
            .collect();
        let starts = loop {
            let mut starts = Vec::with_capacity(n + 1);
            let mut pc = 0usize;
            for (i, (_, e)) in f.insts.iter().enumerate() {
                starts.push(pc);
                pc += if short[i] { 2 } else { e.bytes.len() };
            }
            starts.push(pc);
            let mut changed = false;
            for i in 0..n {
                if short[i] {
                    let t = target(&f.insts[i].1.fixups[0].kind, i).unwrap();
                    let disp = starts[t] as i64 - (starts[i] as i64 + 2);
                    if !(-128..=127).contains(&disp) {
                        short[i] = false;
                        changed = true;
                    }
                }
            }
            if !changed {
                break starts;
            }
        };
        let mut code = Vec::with_capacity(starts[n]);
        let mut relocs = Vec::new();
        for (i, (line, e)) in f.insts.iter().enumerate() {
            let base = code.len();
            if short[i] {
                let t = target(&e.fixups[0].kind, i).unwrap();
                let disp = starts[t] as i64 - (starts[i] as i64 + 2);
                code.extend_from_slice(&[short_op(e).unwrap(), disp as i8 as u8]);
                continue;
            }
            code.extend_from_slice(&e.bytes);
            for fx in &e.fixups {
                let at = base + fx.at;
                let dest = match &fx.kind {
                    FixKind::Sym { sym, addend, rtype } => {
                        relocs.push(Reloc { offset: at as u64, sym: sym.clone(), addend: *addend, rtype: *rtype });
                        continue;
                    }
                    FixKind::Label(l) => match target(&fx.kind, i) {
                        Some(k) => starts[k],
                        None => {
                            self.err(*line, None, format!("undefined label {l}"));
                            continue;
                        }
                    },
                    FixKind::Pc(k) => match target(&fx.kind, i) {
                        Some(t) => starts[t],
                        None => {
                            self.err(*line, None, format!("branch {k}(PC) leaves the function"));
                            continue;
                        }
                    },
                };
                let rel = dest as i64 - (at as i64 + 4);
                code[at..at + 4].copy_from_slice(&(rel as i32).to_le_bytes());
            }
        }
        if empty && self.errs.is_empty() {
            self.err(f.line, None, format!("TEXT {} has no instructions", f.name.name));
        }
        self.prog.funcs.push(Func { name: f.name, flags: f.flags, code, relocs });
    }

    fn data_sym(&mut self, name: &SymName, line: u32) -> usize {
        match self.prog.datas.iter().position(|d| d.name == *name) {
            Some(i) => i,
            None => {
                self.prog.datas.push(Data {
                    name: name.clone(),
                    flags: 0,
                    size: 0,
                    bytes: Vec::new(),
                    relocs: Vec::new(),
                    has_data: false,
                    line,
                    declared: false,
                });
                self.prog.datas.len() - 1
            }
        }
    }

    fn data(&mut self, s: &Stmt, a: &[Operand]) {
        let [Operand::Sized(dst, size), val] = a else {
            return self.err(s.line, Some(s.col), "DATA wants sym+off(SB)/size, $value");
        };
        let Operand::Mem(Mem { sym: Some(name), off, base: Base::SB, index: None }) = &**dst else {
            return self.err(s.line, Some(s.col), "DATA wants sym+off(SB)/size, $value");
        };
        let (off, size) = (*off, *size);
        if off < 0 || !(1..=4096).contains(&size) {
            return self.err(s.line, Some(s.col), "bad DATA offset or size");
        }
        let mut bytes = vec![0u8; size as usize];
        let mut reloc = None;
        match val {
            Operand::Imm(v) => {
                if size > 8 {
                    return self.err(s.line, Some(s.col), "integer DATA wider than 8 bytes");
                }
                bytes.copy_from_slice(&v.to_le_bytes()[..size as usize]);
            }
            Operand::Float(f) => match size {
                4 => bytes.copy_from_slice(&(*f as f32).to_le_bytes()),
                8 => bytes.copy_from_slice(&f.to_le_bytes()),
                _ => return self.err(s.line, Some(s.col), "float DATA must be 4 or 8 bytes"),
            },
            Operand::Str(st) => {
                if st.len() > size as usize {
                    return self.err(s.line, Some(s.col), "string longer than the DATA size");
                }
                bytes[..st.len()].copy_from_slice(st);
            }
            Operand::Addr(sym, add) => {
                let rtype = match size {
                    8 => encode::R_X86_64_64,
                    4 => encode::R_X86_64_32,
                    _ => return self.err(s.line, Some(s.col), "address DATA must be 4 or 8 bytes"),
                };
                reloc = Some(Reloc { offset: off as u64, sym: sym.clone(), addend: *add, rtype });
            }
            _ => return self.err(s.line, Some(s.col), "bad DATA value"),
        }
        let i = self.data_sym(name, s.line);
        let d = &mut self.prog.datas[i];
        let end = (off + size) as usize;
        if d.bytes.len() < end {
            d.bytes.resize(end, 0);
        }
        d.bytes[off as usize..end].copy_from_slice(&bytes);
        d.relocs.extend(reloc);
        d.has_data = true;
    }

    fn globl(&mut self, s: &Stmt, a: &[Operand]) {
        let (name, flags, size) = match a {
            [Operand::Mem(Mem { sym: Some(n), off: 0, base: Base::SB, index: None }), rest @ ..] => match rest {
                [Operand::Imm(sz)] => (n, 0, *sz),
                [Operand::Const(fl), Operand::Imm(sz)] => (n, *fl as u64, *sz),
                _ => return self.err(s.line, Some(s.col), "GLOBL wants sym(SB), flags, $size"),
            },
            _ => return self.err(s.line, Some(s.col), "GLOBL wants sym(SB), flags, $size"),
        };
        if size < 0 {
            return self.err(s.line, Some(s.col), "negative GLOBL size");
        }
        if !self.define(name, s.line) {
            return;
        }
        let i = self.data_sym(name, s.line);
        let d = &mut self.prog.datas[i];
        d.declared = true;
        d.flags = flags;
        d.size = size as u64;
        d.line = s.line;
        if d.bytes.len() as u64 > d.size {
            let msg = format!("DATA for {} beyond its GLOBL size {size}", name.name);
            self.err(s.line, Some(s.col), msg);
        }
    }
}
