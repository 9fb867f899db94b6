//! The runtime that every produced program links against, embedded in the `rgo`
//! binary: the Rust half as a static archive built by build.rs, the Plan 9 assembly
//! half as source text for rgo's assembler.

/// `librgo_runtime.a`: crates/runtime built for the target (see build.rs for flags).
pub const RUNTIME_ARCHIVE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/librgo_runtime.a"));

/// `(file name, source)` of every crates/runtime/asm/*.s, sorted by file name.
pub const RUNTIME_ASM: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/runtime_asm.rs"));
