//! rgo-asm: gc's Plan 9 assembly for amd64 → ELF64 relocatable object.
//!
//! Pipeline: `lexer` (characters → token lines) → `preproc` (`#include "textflag.h"`,
//! `#define`, `#ifdef`) → `parse` (statements, operands, constant expressions) →
//! `program` (TEXT/DATA/GLOBL, labels, frames via `frame`, machine code via `encode`)
//! → `object` (ELF sections, symbols, relocations).
//!
//! No I/O: source text in, object bytes or diagnostics out. It knows nothing of Go
//! source. Frame handling (prologues, FP/SP pseudo-registers) is described in `frame`.
//!
//! Not supported (yet): VEX/AVX instructions, x87, `##` token pasting and `#if`
//! expressions, stack-split prologues (rgo has no g register; `g` is an error),
//! PCDATA/FUNCDATA (accepted, ignored), `RET $n`, three-operand IMUL3Q.

mod arch;
mod encode;
mod frame;
mod lexer;
mod object;
mod parse;
mod preproc;
mod program;

use std::fmt;

/// An error at a source position, rendered as `file.s:LINE: message` or
/// `file.s:LINE:COL: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: u32,
    pub col: Option<u32>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.col {
            Some(c) => write!(f, "{}:{}:{}: {}", self.file, self.line, c, self.message),
            None => write!(f, "{}:{}: {}", self.file, self.line, self.message),
        }
    }
}

/// Options beyond the source text.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Package path that a leading `·` (as in `·foo`) stands for, like gc's `-p`.
    /// Without it, `·foo` is an error.
    pub package: Option<String>,
}

/// Assembles one `.s` file into an ELF64 x86-64 relocatable object.
pub fn assemble(file_name: &str, src: &str) -> Result<Vec<u8>, Vec<Diagnostic>> {
    assemble_with(file_name, src, &Options::default())
}

/// `assemble` with options (the package path for `·name`).
pub fn assemble_with(file_name: &str, src: &str, opts: &Options) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let lines = lexer::lex(file_name, src)?;
    let lines = preproc::preprocess(file_name, lines)?;
    let (stmts, mut errs) = parse::parse(file_name, &lines);
    // Keep going after parse errors so one run reports as much as it can.
    let prog = match program::assemble(file_name, &stmts, opts.package.as_deref()) {
        Ok(p) if errs.is_empty() => p,
        Ok(_) => return Err(errs),
        Err(more) => {
            errs.extend(more);
            errs.sort_by_key(|d| d.line);
            return Err(errs);
        }
    };
    object::write(&prog).map_err(|m| vec![Diagnostic { file: file_name.to_string(), line: 0, col: None, message: m }])
}
