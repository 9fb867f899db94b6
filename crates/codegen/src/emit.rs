//! Turning a finished Cranelift function into machine code in the object: the stack
//! check put in front of Cranelift's code, and one peephole on Cranelift's output, the
//! frame-pointer restore of each epilogue.
//!
//! The stack check (the runtime's stack.rs explains the scheme) has to run before the
//! prologue: once the frame is allocated, a call to morestack could write below the
//! stack. Cranelift IR only runs after the prologue, and cannot address the TLS word
//! that holds the goroutine's stack guard, so the check is machine code written here,
//! with the frame size Cranelift reports: 15 or 23 bytes in front (padded to the
//! alignment Cranelift's constant pool needs, if any) and a slow path after the end,
//! `call runtime.morestack; jmp <start>`. Leaves with small frames get none.
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

use cranelift_codegen::binemit::Reloc;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{self, SourceLoc};
use cranelift_module::{FuncId, Module, ModuleError, ModuleReloc, ModuleRelocTarget};

use crate::Gen;

/// Marker locations have the top bit set; line numbers never do.
const MARKER: u32 = 1 << 31;

/// `mov %rbp, %rsp; pop %rbp; ret`.
const FRAME_RESTORE: [u8; 5] = [0x48, 0x89, 0xec, 0x5d, 0xc3];
/// `nopl (%rax)`: the 3-byte nop that takes the `mov`'s place.
const NOP3: [u8; 3] = [0x0f, 0x1f, 0x00];

/// Frames up to this size (saved RBP included) are checked against SP itself, as in
/// gc (StackSmall): they may use that much of the runtime's STACK_GUARD.
const STACK_SMALL: u32 = 128;

/// `cmp %fs:0, %rsp`: SP against the current goroutine's stack guard (runtime stubs.rs
/// setg keeps it in the TLS word at %fs:0).
const CMP_RSP_GUARD: [u8; 9] = [0x64, 0x48, 0x3b, 0x24, 0x25, 0, 0, 0, 0];
/// `cmp %fs:0, %rax`.
const CMP_RAX_GUARD: [u8; 9] = [0x64, 0x48, 0x3b, 0x04, 0x25, 0, 0, 0, 0];
/// `lea -N(%rsp), %rax` without N.
const LEA_RAX: [u8; 4] = [0x48, 0x8d, 0x84, 0x24];
/// `jb` rel32 without the displacement.
const JB: [u8; 2] = [0x0f, 0x82];

/// The stack check for a function whose frame takes `frame` bytes below its entry SP,
/// padded to a multiple of `align` bytes, the alignment Cranelift's constants need
/// (1 when there are none: executed nops cost fib(35) ~5%), and where its `jb`'s
/// rel32 is. Small frames: `cmp %fs:0,%rsp; jb slow`;
/// bigger ones compare SP − (frame − STACK_SMALL) instead (`lea` into %rax, which is
/// free at a System V entry: no argument uses it).
fn check_code(frame: u32, align: usize) -> (Vec<u8>, usize) {
    let mut code = vec![];
    if frame <= STACK_SMALL {
        code.extend_from_slice(&CMP_RSP_GUARD);
    } else {
        code.extend_from_slice(&LEA_RAX);
        code.extend_from_slice(&(frame - STACK_SMALL).wrapping_neg().to_le_bytes());
        code.extend_from_slice(&CMP_RAX_GUARD);
    }
    code.extend_from_slice(&JB);
    let jb_at = code.len();
    code.extend_from_slice(&[0; 4]);
    let pad = code.len().next_multiple_of(align.max(1)) - code.len();
    push_nops(&mut code, pad);
    (code, jb_at)
}

/// Appends `n` bytes of no-ops, as few instructions as possible.
fn push_nops(code: &mut Vec<u8>, mut n: usize) {
    // The recommended multi-byte nops, 1 to 9 bytes.
    const NOPS: [&[u8]; 9] = [
        &[0x90],
        &[0x66, 0x90],
        &[0x0f, 0x1f, 0x00],
        &[0x0f, 0x1f, 0x40, 0x00],
        &[0x0f, 0x1f, 0x44, 0x00, 0x00],
        &[0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
        &[0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00],
        &[0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
        &[0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
    ];
    while n > 0 {
        let k = n.min(9);
        code.extend_from_slice(NOPS[k - 1]);
        n -= k;
    }
}

/// Compiles `g.ctx.func` and defines it as `id`, behind a stack check (`entry`: the
/// line of the function's declaration, which gc's tracebacks give the check). Returns
/// the code's line table (`(code offset, source location)` for each stretch of code,
/// in order) and the code's size.
pub(crate) fn define(g: &mut Gen, id: FuncId, entry: Option<SourceLoc>) -> Result<(Vec<(u32, SourceLoc)>, u32), ModuleError> {
    let morestack = g.runtime_func("morestack");
    let ctx = &mut g.ctx;
    let originals = mark_returns(&mut ctx.func);
    ctx.compile(g.module.isa(), &mut ControlPlane::default())?;
    let buffer = &ctx.compiled_code().expect("just compiled").buffer;
    let frame_size = buffer.frame_layout().map(|l| l.frame_to_fp_offset);
    // Below the return address: the saved RBP, then the frame.
    let frame = 8 + frame_size.unwrap_or(0);
    // A leaf with a small frame needs no check (gc's rule): it fits in what its
    // caller's check left, and it calls nothing that could go deeper.
    let checked = frame > STACK_SMALL || !is_leaf(&ctx.func, buffer.relocs());
    let (check, jb_at) = if checked { check_code(frame, buffer.alignment as usize) } else { (vec![], 0) };
    let mut body = buffer.data().to_vec();
    let mut lines = Vec::with_capacity(buffer.get_srclocs_sorted().len() + 1);
    for sl in buffer.get_srclocs_sorted() {
        let bits = sl.loc.bits();
        let loc = if !sl.loc.is_default() && bits & MARKER != 0 {
            if let Some(size) = frame_size {
                drop_frame_restore(&mut body[..sl.end as usize], size);
            }
            originals[(bits & !MARKER) as usize]
        } else {
            sl.loc
        };
        if lines.is_empty() {
            // The check belongs to the function's first line.
            lines.push((0, loc));
        }
        lines.push((sl.start + check.len() as u32, loc));
    }
    let (bytes, slow) = if checked { with_check(&check, jb_at, &body) } else { (body, 0) };
    if checked && let Some(entry) = entry.or(lines.first().map(|l| l.1)) {
        // The slow path belongs to the function's declaration line, as in gc's
        // tracebacks of a stack overflow.
        lines.push((slow, entry));
    }
    let mut relocs: Vec<ModuleReloc> = buffer
        .relocs()
        .iter()
        .map(|r| {
            let mut m = ModuleReloc::from_mach_reloc(r, &ctx.func, id);
            m.offset += check.len() as u32;
            m
        })
        .collect();
    if checked {
        relocs.push(ModuleReloc { offset: slow + 1, kind: Reloc::X86CallPCRel4, name: ModuleRelocTarget::user(0, morestack.as_u32()), addend: -4 });
    }
    let alignment = buffer.alignment as u64;
    g.module.define_function_bytes(id, alignment, &bytes, &relocs)?;
    Ok((lines, bytes.len() as u32))
}

/// Whether compiled `func` calls nothing: no call instruction, and no call that
/// Cranelift added itself (a libcall shows as a call relocation).
fn is_leaf(func: &ir::Function, relocs: &[cranelift_codegen::FinalizedMachReloc]) -> bool {
    use ir::Opcode::*;
    let calls_in_ir = func.layout.blocks().any(|b| {
        func.layout.block_insts(b).any(|i| {
            matches!(func.dfg.insts[i].opcode(), Call | CallIndirect | ReturnCall | ReturnCallIndirect | TryCall | TryCallIndirect)
        })
    });
    !calls_in_ir && !relocs.iter().any(|r| matches!(r.kind, Reloc::X86CallPCRel4 | Reloc::X86CallPLTRel4))
}

/// `body` behind `check` (whose `jb` rel32 is at `jb_at`), followed by the slow path;
/// returns the code and the slow path's offset (its `call` needs a relocation at +1).
fn with_check(check: &[u8], jb_at: usize, body: &[u8]) -> (Vec<u8>, u32) {
    let mut code = Vec::with_capacity(check.len() + body.len() + 10);
    code.extend_from_slice(check);
    code.extend_from_slice(body);
    let slow = code.len() as u32;
    code[jb_at..jb_at + 4].copy_from_slice(&(slow - (jb_at as u32 + 4)).to_le_bytes());
    code.extend_from_slice(&[0xe8, 0, 0, 0, 0]); // call runtime.morestack
    let back = -((code.len() + 5) as i32);
    code.push(0xe9); // jmp <start>
    code.extend_from_slice(&back.to_le_bytes());
    (code, slow)
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
    fn small_frames_compare_sp_big_ones_sp_minus_the_excess() {
        let (small, jb) = check_code(STACK_SMALL, 1);
        assert_eq!(small.len(), 15);
        assert_eq!(check_code(STACK_SMALL, 16).0.len(), 16);
        assert_eq!(small[..9], CMP_RSP_GUARD);
        assert_eq!((jb, &small[9..11]), (11, JB.as_slice()));
        let (big, jb) = check_code(STACK_SMALL + 0x100, 8);
        assert_eq!(big.len(), 24);
        assert_eq!(big[..4], LEA_RAX);
        assert_eq!(i32::from_le_bytes(big[4..8].try_into().unwrap()), -0x100);
        assert_eq!(big[8..17], CMP_RAX_GUARD);
        assert_eq!(jb, 19);
        // Wider constants widen the padding.
        assert_eq!(check_code(8, 32).0.len(), 32);
    }

    #[test]
    fn check_jumps_to_a_slow_path_that_jumps_back() {
        let body = [0x90u8, 0xc3];
        let (check, jb_at) = check_code(16, 16);
        let (code, slow) = with_check(&check, jb_at, &body);
        assert_eq!(code.len(), 16 + 2 + 10);
        assert_eq!(&code[16..18], &body);
        // jb's target is the slow path.
        let rel = i32::from_le_bytes(code[jb_at..jb_at + 4].try_into().unwrap());
        assert_eq!(jb_at as i32 + 4 + rel, slow as i32);
        assert_eq!(code[slow as usize], 0xe8);
        // The jmp after the call goes back to offset 0.
        let jmp = slow as usize + 5;
        assert_eq!(code[jmp], 0xe9);
        let back = i32::from_le_bytes(code[jmp + 1..jmp + 5].try_into().unwrap());
        assert_eq!(jmp as i32 + 5 + back, 0);
    }

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
