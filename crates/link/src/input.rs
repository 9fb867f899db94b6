//! Reading inputs: ELF64 x86-64 relocatable objects (standalone or archive members)
//! into the linker's own small model (`Obj`, `Sec`, `Sym`, `Rel`) that borrows the
//! section bytes. Classifies sections into output classes by gc/ELF naming.
//!
//! It must not know symbol resolution across files, addresses or the output layout.

use crate::LinkError;
use object::read::{Object, ObjectComdat, ObjectSection, ObjectSymbol, RelocationTarget, SymbolSection};
use object::{RelocationFlags, SectionFlags, SectionKind, SymbolKind};

/// Which output section an input section goes to (or that it is dropped).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Text,
    Rodata,
    Data,
    Bss,
    /// Thread-local storage: rgo's programs have none; an error if it is live.
    Tls,
    Drop,
}

#[derive(Debug)]
pub struct Sec<'a> {
    pub name: String,
    pub class: Class,
    /// Contents (empty for NOBITS).
    pub data: &'a [u8],
    pub size: u64,
    pub align: u64,
    pub relocs: Vec<Rel>,
    /// In a COMDAT group whose signature an earlier object already provided.
    pub discarded: bool,
}

#[derive(Clone, Copy, Debug)]
pub struct Rel {
    pub offset: u64,
    pub rtype: u32,
    /// Index into `Obj::syms`.
    pub sym: usize,
    pub addend: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bind {
    Local,
    Global,
    Weak,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Def {
    Undef,
    Abs,
    /// COMMON: `value` holds the alignment, `size` the size.
    Common,
    Sec(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Func,
    Object,
    Section,
    File,
    Other,
}

#[derive(Debug)]
pub struct Sym {
    pub name: String,
    pub bind: Bind,
    pub def: Def,
    pub value: u64,
    pub size: u64,
    pub kind: Kind,
}

#[derive(Debug)]
pub struct Obj<'a> {
    /// `file.o` or `lib.a(member.o)`, for messages.
    pub name: String,
    /// Indexed by ELF section index; `None` for sections that hold no content for us.
    pub secs: Vec<Option<Sec<'a>>>,
    /// Indexed by ELF symbol index (0 is the null symbol).
    pub syms: Vec<Sym>,
    /// COMDAT group signatures and their member sections.
    pub groups: Vec<(String, Vec<usize>)>,
}

/// Output class from the section name first (the conventions compilers follow),
/// then from its flags.
fn classify(name: &str, kind: SectionKind, flags: SectionFlags) -> Class {
    let has = |p: &str| name == p || name.starts_with(&format!("{p}."));
    if has(".tbss") || has(".tdata") || matches!(kind, SectionKind::Tls | SectionKind::UninitializedTls) {
        return Class::Tls;
    }
    if has(".init_array")
        || has(".fini_array")
        || has(".preinit_array")
        || has(".ctors")
        || has(".dtors")
        || has(".eh_frame")
        || name.starts_with(".debug")
        || has(".comment")
        || name.starts_with(".note")
        || has(".llvm_addrsig")
        || name.starts_with(".llvm")
        || has(".group")
    {
        return Class::Drop;
    }
    if has(".text") {
        return Class::Text;
    }
    if has(".rodata") || has(".data.rel.ro") || has(".gcc_except_table") {
        return Class::Rodata;
    }
    if has(".bss") || kind == SectionKind::UninitializedData {
        return Class::Bss;
    }
    if has(".data") {
        return Class::Data;
    }
    let SectionFlags::Elf { sh_flags } = flags else { return Class::Drop };
    const ALLOC: u64 = 2;
    const WRITE: u64 = 1;
    const EXEC: u64 = 4;
    if sh_flags & ALLOC == 0 {
        Class::Drop
    } else if sh_flags & EXEC != 0 {
        Class::Text
    } else if sh_flags & WRITE != 0 {
        Class::Data
    } else {
        Class::Rodata
    }
}

pub fn read_object<'a>(name: String, data: &'a [u8]) -> Result<Obj<'a>, LinkError> {
    let bad = |m: String| LinkError::one(format!("{name}: {m}"));
    let file = object::File::parse(data).map_err(|e| bad(format!("not an ELF object: {e}")))?;
    if file.format() != object::BinaryFormat::Elf
        || file.architecture() != object::Architecture::X86_64
        || !file.is_64()
    {
        return Err(bad("not an ELF64 x86-64 object".into()));
    }
    if file.kind() != object::ObjectKind::Relocatable {
        return Err(bad("not a relocatable object (ET_REL)".into()));
    }
    let mut secs: Vec<Option<Sec<'a>>> = Vec::new();
    for s in file.sections() {
        let i = s.index().0;
        if secs.len() <= i {
            secs.resize_with(i + 1, || None);
        }
        let sname = s.name().unwrap_or("").to_string();
        let class = classify(&sname, s.kind(), s.flags());
        if class == Class::Drop {
            continue;
        }
        let data = if s.kind() == SectionKind::UninitializedData || s.kind() == SectionKind::UninitializedTls {
            &[][..]
        } else {
            s.data().map_err(|e| bad(format!("section {sname}: {e}")))?
        };
        let mut relocs = Vec::new();
        for (off, r) in s.relocations() {
            let RelocationFlags::Elf { r_type } = r.flags() else { continue };
            let sym = match r.target() {
                RelocationTarget::Symbol(si) => si.0,
                // r_sym 0 (no symbol): only meaningful for R_X86_64_NONE.
                _ => 0,
            };
            relocs.push(Rel { offset: off, rtype: r_type, sym, addend: r.addend() });
        }
        secs[i] =
            Some(Sec { name: sname, class, data, size: s.size(), align: s.align().max(1), relocs, discarded: false });
    }
    let mut syms =
        vec![Sym { name: String::new(), bind: Bind::Local, def: Def::Undef, value: 0, size: 0, kind: Kind::Other }];
    for s in file.symbols() {
        let i = s.index().0;
        while syms.len() < i {
            syms.push(Sym {
                name: String::new(),
                bind: Bind::Local,
                def: Def::Undef,
                value: 0,
                size: 0,
                kind: Kind::Other,
            });
        }
        let def = match s.section() {
            SymbolSection::Undefined | SymbolSection::None | SymbolSection::Unknown => Def::Undef,
            SymbolSection::Absolute => Def::Abs,
            SymbolSection::Common => Def::Common,
            SymbolSection::Section(si) => Def::Sec(si.0),
            _ => Def::Undef,
        };
        let bind = if s.is_weak() {
            Bind::Weak
        } else if s.is_global() {
            Bind::Global
        } else {
            Bind::Local
        };
        let kind = match s.kind() {
            SymbolKind::Text => Kind::Func,
            SymbolKind::Data => Kind::Object,
            SymbolKind::Section => Kind::Section,
            SymbolKind::File => Kind::File,
            SymbolKind::Tls => {
                // A TLS symbol is harmless until something live uses it (checked later
                // through its section's class).
                Kind::Object
            }
            _ => Kind::Other,
        };
        syms.push(Sym {
            name: s.name().unwrap_or("").to_string(),
            bind,
            def,
            value: s.address(),
            size: s.size(),
            kind,
        });
    }
    let mut groups = Vec::new();
    for c in file.comdats() {
        let sig = c.name().unwrap_or("").to_string();
        groups.push((sig, c.sections().map(|s| s.0).collect()));
    }
    Ok(Obj { name, secs, syms, groups })
}

/// An archive's members that look like objects, in archive order: (member name, bytes).
pub fn archive_members<'a>(name: &str, data: &'a [u8]) -> Result<Vec<(String, &'a [u8])>, LinkError> {
    let ar = object::read::archive::ArchiveFile::parse(data)
        .map_err(|e| LinkError::one(format!("{name}: not an archive: {e}")))?;
    let mut out = Vec::new();
    for m in ar.members() {
        let m = m.map_err(|e| LinkError::one(format!("{name}: {e}")))?;
        let mname = String::from_utf8_lossy(m.name()).into_owned();
        let bytes = m.data(data).map_err(|e| LinkError::one(format!("{name}({mname}): {e}")))?;
        // Only ELF members are objects (skip e.g. lib.rmeta or symbol tables).
        if bytes.starts_with(b"\x7fELF") {
            out.push((mname, bytes));
        }
    }
    Ok(out)
}
