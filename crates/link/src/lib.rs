//! rgo-link: a static ELF linker for x86-64.
//!
//! Relocatable objects (from rgo-asm, cranelift-object, rustc) and `ar` archives in;
//! one static ELF64 executable (ET_EXEC at 0x400000, no interpreter, no dynamic
//! section, W^X segments, PT_GNU_STACK non-executable) out.
//!
//! Pipeline: `input` (read ELF, classify sections) → `resolve` (symbols, archive
//! members to a fixpoint, COMDAT, weak/COMMON, linker-defined `runtime.*` bounds) →
//! `gc` (keep sections reachable from the entry, GOT slots, undefined references) →
//! `layout` (addresses) → `write` (copy + `reloc` + headers) with `symtab`.
//!
//! No I/O, no Go source knowledge. Output is a pure function of the inputs: every
//! iteration is over vectors in input order; hash maps are only looked up.
//!
//! Not supported: TLS (.tdata/.tbss, TLS relocations: an error when live), dynamic
//! linking/PIE, .init_array (dropped), merging of SHF_MERGE sections (copied whole),
//! R_X86_64_GOTOFF64/GOTPC32/GOTPCREL64 (an error naming the relocation).

mod gc;
mod input;
mod layout;
mod reloc;
mod resolve;
mod symtab;
mod write;

use std::borrow::Cow;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// An ELF64 x86-64 relocatable object (ET_REL).
    Object,
    /// An `ar` archive of such objects; members are loaded only when they define a
    /// symbol that is still undefined.
    Archive,
}

#[derive(Clone, Debug)]
pub struct Input<'a> {
    /// For messages: `main.o`, `libruntime.a`.
    pub name: String,
    pub data: Cow<'a, [u8]>,
    pub kind: InputKind,
}

#[derive(Clone, Debug)]
pub struct Config {
    /// The entry symbol: ELF e_entry and the root of dead-code removal.
    pub entry: String,
}

impl Default for Config {
    fn default() -> Config {
        Config { entry: "_rt0_amd64_linux".into() }
    }
}

/// Link errors, one per line, worded like gc's linker
/// (`main.main: relocation target main.foo not defined`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkError {
    pub lines: Vec<String>,
}

impl LinkError {
    fn one(s: String) -> LinkError {
        LinkError { lines: vec![s] }
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.lines.join("\n"))
    }
}

impl std::error::Error for LinkError {}

/// Links `inputs` into a static executable image.
pub fn link(inputs: &[Input<'_>], cfg: &Config) -> Result<Vec<u8>, LinkError> {
    let r = resolve::resolve(inputs, &[&cfg.entry])?;
    let entry = r.lookup(&cfg.entry);
    if !matches!(entry, resolve::Target::Sec { .. }) {
        return Err(LinkError::one(format!("entry symbol {} not defined", cfg.entry)));
    }
    let live = gc::mark(&r, entry).map_err(|lines| LinkError { lines })?;
    let lay = layout::layout(&r, &live);
    let image = write::image(&r, &live, &lay).map_err(|lines| LinkError { lines })?;
    let syms = symtab::build(&r, &live, &lay);
    let entry_addr = lay.addr(entry).expect("entry section is live");
    Ok(write::finish(image, &lay, &syms, entry_addr))
}
