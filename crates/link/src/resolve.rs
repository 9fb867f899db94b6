//! Symbol resolution: loads objects, pulls archive members that define still-undefined
//! symbols (to a fixpoint, as if all archives were in one --start-group), keeps one copy
//! of each COMDAT group, applies strong/weak/COMMON precedence, and provides the
//! linker-defined symbols. Answers "what does this relocation's symbol refer to".
//!
//! It must not know addresses, output layout or relocation arithmetic.

use crate::input::{self, Bind, Def, Kind, Obj};
use crate::{Input, InputKind, LinkError};
use std::collections::HashMap;

/// The symbols the linker defines (bounds of the output sections, for the runtime).
pub const LINKER_SYMS: &[&str] = &[
    "runtime.text",
    "runtime.etext",
    "runtime.rodata",
    "runtime.erodata",
    "runtime.data",
    "runtime.edata",
    "runtime.bss",
    "runtime.ebss",
    "runtime.end",
];

#[derive(Clone, Copy, Debug)]
pub enum GDef {
    /// Defined by symbol `sym` of object `obj`.
    Sym { obj: usize, sym: usize, weak: bool },
    /// COMMON, merged: the largest size and alignment seen. `idx` is into `commons`.
    Common { idx: usize },
    /// One of `LINKER_SYMS`.
    Linker(usize),
}

/// What a relocation's symbol stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Sec {
        obj: usize,
        sec: usize,
        off: u64,
    },
    Abs(u64),
    Common(usize),
    Linker(usize),
    /// An undefined weak symbol: address 0.
    UndefWeak,
    /// Undefined: an error if reached from live code.
    Undef,
}

pub struct Common {
    pub name: String,
    pub size: u64,
    pub align: u64,
}

pub struct Resolved<'a> {
    pub objs: Vec<Obj<'a>>,
    pub globals: HashMap<String, GDef>,
    pub commons: Vec<Common>,
}

struct Lazy<'a> {
    name: String,
    data: &'a [u8],
    loaded: bool,
}

/// `roots` (the entry symbol) count as undefined references, so an archive member
/// that defines one is loaded even if nothing else refers to it.
pub fn resolve<'a>(inputs: &'a [Input<'a>], roots: &[&str]) -> Result<Resolved<'a>, LinkError> {
    let mut r = Resolved { objs: Vec::new(), globals: HashMap::new(), commons: Vec::new() };
    let mut errs = Vec::new();
    let mut groups: HashMap<String, usize> = HashMap::new();
    // Undefined non-weak names in order of first reference: drives archive pulls.
    let mut queue: Vec<String> = roots.iter().map(|s| s.to_string()).collect();
    let mut lazies: Vec<Lazy<'a>> = Vec::new();
    // Symbol name → the first archive member (in input order) that defines it.
    let mut lazy_defs: HashMap<String, usize> = HashMap::new();

    for inp in inputs {
        match inp.kind {
            InputKind::Object => {
                let obj = input::read_object(inp.name.clone(), &inp.data)?;
                add(&mut r, obj, &mut groups, &mut queue, &mut errs);
            }
            InputKind::Archive => {
                for (mname, bytes) in input::archive_members(&inp.name, &inp.data)? {
                    let full = format!("{}({mname})", inp.name);
                    let li = lazies.len();
                    for name in defined_names(&full, bytes)? {
                        lazy_defs.entry(name).or_insert(li);
                    }
                    lazies.push(Lazy { name: full, data: bytes, loaded: false });
                }
            }
        }
    }
    let mut qi = 0;
    while qi < queue.len() {
        let name = queue[qi].clone();
        qi += 1;
        if r.globals.contains_key(&name) {
            continue;
        }
        let Some(&li) = lazy_defs.get(&name) else { continue };
        if lazies[li].loaded {
            continue;
        }
        lazies[li].loaded = true;
        let obj = input::read_object(lazies[li].name.clone(), lazies[li].data)?;
        add(&mut r, obj, &mut groups, &mut queue, &mut errs);
    }
    for (i, n) in LINKER_SYMS.iter().enumerate() {
        r.globals.entry(n.to_string()).or_insert(GDef::Linker(i));
    }
    if errs.is_empty() { Ok(r) } else { Err(LinkError { lines: errs }) }
}

/// Global names an archive member defines (cheap scan, no sections kept).
fn defined_names(name: &str, data: &[u8]) -> Result<Vec<String>, LinkError> {
    use object::read::{Object, ObjectSymbol};
    let f = object::File::parse(data).map_err(|e| LinkError::one(format!("{name}: {e}")))?;
    Ok(f.symbols()
        .filter(|s| s.is_global() && !s.is_undefined() && !s.is_common())
        .filter_map(|s| s.name().ok().map(str::to_string))
        .collect())
}

fn add<'a>(
    r: &mut Resolved<'a>,
    mut obj: Obj<'a>,
    groups: &mut HashMap<String, usize>,
    queue: &mut Vec<String>,
    errs: &mut Vec<String>,
) {
    let oi = r.objs.len();
    // COMDAT: the first group with a signature wins; later copies are discarded whole.
    for (sig, members) in &obj.groups {
        if groups.contains_key(sig) {
            for &m in members {
                if let Some(Some(s)) = obj.secs.get_mut(m) {
                    s.discarded = true;
                }
            }
        } else {
            groups.insert(sig.clone(), oi);
        }
    }
    for (si, s) in obj.syms.iter().enumerate() {
        if s.bind == Bind::Local || s.name.is_empty() || matches!(s.kind, Kind::Section | Kind::File) {
            continue;
        }
        let in_discarded = match s.def {
            Def::Sec(x) => obj.secs.get(x).and_then(|o| o.as_ref()).is_none_or(|sec| sec.discarded),
            _ => false,
        };
        let weak = s.bind == Bind::Weak;
        if s.def == Def::Undef || in_discarded {
            if !weak && !r.globals.contains_key(&s.name) {
                queue.push(s.name.clone());
            }
            continue;
        }
        if s.def == Def::Common {
            match r.globals.get(&s.name) {
                None => {
                    let idx = r.commons.len();
                    r.commons.push(Common { name: s.name.clone(), size: s.size, align: s.value.max(1) });
                    r.globals.insert(s.name.clone(), GDef::Common { idx });
                }
                Some(GDef::Common { idx }) => {
                    let c = &mut r.commons[*idx];
                    c.size = c.size.max(s.size);
                    c.align = c.align.max(s.value);
                }
                // A real definition takes precedence over COMMON.
                Some(_) => {}
            }
            continue;
        }
        let new = GDef::Sym { obj: oi, sym: si, weak };
        match r.globals.get(&s.name).copied() {
            None | Some(GDef::Common { .. }) => {
                r.globals.insert(s.name.clone(), new);
            }
            Some(GDef::Sym { weak: true, .. }) if !weak => {
                r.globals.insert(s.name.clone(), new);
            }
            Some(GDef::Sym { obj: po, weak: false, .. }) if !weak => {
                let prev = if po == oi { obj.name.clone() } else { r.objs[po].name.clone() };
                errs.push(format!("duplicate symbol definition: {} (in {} and {})", s.name, prev, obj.name));
            }
            Some(_) => {}
        }
    }
    r.objs.push(obj);
}

impl Resolved<'_> {
    /// What symbol `sym` of object `obj` refers to.
    pub fn target(&self, obj: usize, sym: usize) -> Target {
        let o = &self.objs[obj];
        let Some(s) = o.syms.get(sym) else { return Target::Undef };
        if s.bind == Bind::Local || matches!(s.kind, Kind::Section) {
            return match s.def {
                Def::Sec(sec) => Target::Sec { obj, sec, off: s.value },
                Def::Abs => Target::Abs(s.value),
                _ => Target::Undef,
            };
        }
        match self.globals.get(&s.name) {
            Some(GDef::Sym { obj: o2, sym: s2, .. }) => {
                let d = &self.objs[*o2].syms[*s2];
                match d.def {
                    Def::Sec(sec) => Target::Sec { obj: *o2, sec, off: d.value },
                    Def::Abs => Target::Abs(d.value),
                    _ => Target::Undef,
                }
            }
            Some(GDef::Common { idx }) => Target::Common(*idx),
            Some(GDef::Linker(i)) => Target::Linker(*i),
            None if s.bind == Bind::Weak => Target::UndefWeak,
            None => Target::Undef,
        }
    }

    /// The global definition of `name`, as a relocation target.
    pub fn lookup(&self, name: &str) -> Target {
        match self.globals.get(name) {
            Some(GDef::Sym { obj, sym, .. }) => self.target(*obj, *sym),
            Some(GDef::Common { idx }) => Target::Common(*idx),
            Some(GDef::Linker(i)) => Target::Linker(*i),
            None => Target::Undef,
        }
    }

    /// The name of the symbol containing offset `off` of a section, for messages:
    /// the defined function/object symbol with the greatest value not above `off`.
    pub fn symbol_at(&self, obj: usize, sec: usize, off: u64) -> String {
        let o = &self.objs[obj];
        let mut best: Option<(u64, &str)> = None;
        for s in &o.syms {
            if s.def == Def::Sec(sec)
                && !s.name.is_empty()
                && matches!(s.kind, Kind::Func | Kind::Object | Kind::Other)
                && s.value <= off
                && best.is_none_or(|(v, _)| s.value > v)
            {
                best = Some((s.value, &s.name));
            }
        }
        match best {
            Some((_, n)) => n.to_string(),
            None => o.secs[sec].as_ref().map(|s| format!("{}({})", o.name, s.name)).unwrap_or_default(),
        }
    }
}
