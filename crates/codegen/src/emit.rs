//! Turning a finished Cranelift function into machine code in the object, with one
//! peephole on Cranelift's output: the frame-pointer restore of each epilogue.
//!
//! Cranelift's x86-64 epilogue is `add $S, %rsp; mov %rbp, %rsp; pop %rbp; ret`,
//! where S is the frame size below the saved %rbp, so after the `add` %rsp already
//! equals %rbp (Cranelift frames have a fixed size; rgo makes no dynamic stack
//! allocations). The `mov` is therefore a no-op, but not a free one: on the AMD Zen
//! cores this project is measured on, the explicit write to %rsp right before
//! `pop`/`ret` costs about a fifth of the time of a call-heavy function (fib(35):
//! 68 ms with it, 56 ms with a nop in its place; gc's epilogue has no such move).
//! We replace it with a 3-byte nop.
//!
//! Patching bytes is only safe where we know instruction boundaries. Cranelift tells
//! us where each source location's code starts and ends, and it emits a return's
//! epilogue under the return instruction's source location. So each `return` gets a
//! unique marker location before compiling; the code range of a marker ends with
//! that return's `ret`. The patch is made only if the bytes there are exactly the
//! epilogue above with S from the compiled frame layout; anything else is left alone.
//! The markers are mapped back to the real lines for the line tables.

use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{self, SourceLoc};
use cranelift_module::{FuncId, Module, ModuleError, ModuleReloc};
use cranelift_object::ObjectModule;

/// Marker locations have the top bit set; line numbers never do.
const MARKER: u32 = 1 << 31;

/// `mov %rbp, %rsp; pop %rbp; ret`.
const FRAME_RESTORE: [u8; 5] = [0x48, 0x89, 0xec, 0x5d, 0xc3];
/// `nopl (%rax)`: the 3-byte nop that takes the `mov`'s place.
const NOP3: [u8; 3] = [0x0f, 0x1f, 0x00];

/// Compiles `ctx.func` and defines it as `id`. Returns the code's line table:
/// `(code offset, source location)` for each stretch of code, in order.
pub(crate) fn define(module: &mut ObjectModule, ctx: &mut cranelift_codegen::Context, id: FuncId) -> Result<Vec<(u32, SourceLoc)>, ModuleError> {
    let originals = mark_returns(&mut ctx.func);
    ctx.compile(module.isa(), &mut ControlPlane::default())?;
    let buffer = &ctx.compiled_code().expect("just compiled").buffer;
    let frame_size = buffer.frame_layout().map(|l| l.frame_to_fp_offset);
    let mut bytes = buffer.data().to_vec();
    let mut lines = Vec::with_capacity(buffer.get_srclocs_sorted().len());
    for sl in buffer.get_srclocs_sorted() {
        let bits = sl.loc.bits();
        if !sl.loc.is_default() && bits & MARKER != 0 {
            if let Some(size) = frame_size {
                drop_frame_restore(&mut bytes[..sl.end as usize], size);
            }
            lines.push((sl.start, originals[(bits & !MARKER) as usize]));
        } else {
            lines.push((sl.start, sl.loc));
        }
    }
    let alignment = buffer.alignment as u64;
    let relocs: Vec<ModuleReloc> = buffer.relocs().iter().map(|r| ModuleReloc::from_mach_reloc(r, &ctx.func, id)).collect();
    module.define_function_bytes(id, alignment, &bytes, &relocs)?;
    Ok(lines)
}

/// Gives every `return` instruction its own marker location; returns the original
/// locations, indexed by marker number.
fn mark_returns(func: &mut ir::Function) -> Vec<SourceLoc> {
    let mut originals = vec![];
    let mut block = func.layout.entry_block();
    while let Some(b) = block {
        if let Some(inst) = func.layout.last_inst(b) {
            if func.dfg.insts[inst].opcode() == ir::Opcode::Return && originals.len() < (MARKER - 1) as usize {
                originals.push(func.srcloc(inst));
                func.set_srcloc(inst, SourceLoc::new(MARKER | (originals.len() as u32 - 1)));
            }
        }
        block = func.layout.next_block(b);
    }
    originals
}

/// `code` ends with a return's epilogue; replaces its `mov %rbp, %rsp` with a nop if
/// the epilogue is exactly `[add $size, %rsp;] mov %rbp, %rsp; pop %rbp; ret`.
fn drop_frame_restore(code: &mut [u8], size: u32) {
    let Some(mov) = code.len().checked_sub(FRAME_RESTORE.len()) else { return };
    if code[mov..] != FRAME_RESTORE {
        return;
    }
    let before = &code[..mov];
    // `add $size, %rsp` with an 8-bit immediate (when it fits) or a 32-bit one.
    let imm32 = [[0x48, 0x81, 0xc4].as_slice(), &size.to_le_bytes()].concat();
    let add_ok = size == 0 || (size < 128 && before.ends_with(&[0x48, 0x83, 0xc4, size as u8])) || before.ends_with(&imm32);
    if add_ok {
        code[mov..mov + 3].copy_from_slice(&NOP3);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nops_the_move_after_a_matching_add() {
        let mut code = vec![0x90, 0x48, 0x83, 0xc4, 0x10, 0x48, 0x89, 0xec, 0x5d, 0xc3];
        drop_frame_restore(&mut code, 0x10);
        assert_eq!(code, [0x90, 0x48, 0x83, 0xc4, 0x10, 0x0f, 0x1f, 0x00, 0x5d, 0xc3]);
        let mut big = vec![0x48, 0x81, 0xc4, 0x00, 0x01, 0x00, 0x00, 0x48, 0x89, 0xec, 0x5d, 0xc3];
        drop_frame_restore(&mut big, 0x100);
        assert_eq!(big[7..10], NOP3);
        let mut frameless = FRAME_RESTORE.to_vec();
        drop_frame_restore(&mut frameless, 0);
        assert_eq!(frameless[..3], NOP3);
    }

    #[test]
    fn leaves_anything_else_alone() {
        // The add does not restore the whole frame: %rsp != %rbp, the move is needed.
        let mut wrong_size = vec![0x48, 0x83, 0xc4, 0x08, 0x48, 0x89, 0xec, 0x5d, 0xc3];
        let before = wrong_size.clone();
        drop_frame_restore(&mut wrong_size, 0x10);
        assert_eq!(wrong_size, before);
        // Not an epilogue at all.
        let mut other = vec![0x48, 0x83, 0xc4, 0x10, 0x48, 0x89, 0xc4, 0x5d, 0xc3];
        let before = other.clone();
        drop_frame_restore(&mut other, 0x10);
        assert_eq!(other, before);
        let mut short = vec![0xc3];
        drop_frame_restore(&mut short, 0);
        assert_eq!(short, [0xc3]);
    }
}
