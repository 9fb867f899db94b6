//! Turning a finished Cranelift function into machine code in the object: the stack
//! check put in front of Cranelift's code, and one peephole on Cranelift's output, the
//! frame-pointer restore of each epilogue.
//!
//! The stack check (the runtime's stack.rs explains the scheme) has to run before the
//! prologue: once the frame is allocated, a call to morestack could write below the
//! stack. Cranelift IR only runs after the prologue, so the check is machine code
//! written here, with the frame size Cranelift reports: 32 bytes in front (a multiple
//! of 16 keeps Cranelift's constant pool aligned) and a slow path after the end,
//! `call runtime.morestack; jmp <start>`. RAX is free at a System V entry (no
//! argument uses it).
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

/// Bytes the runtime's Rust code may use below a frame without a check (the
/// runtime's stack.rs STACK_GUARD).
const STACK_GUARD: u32 = 1024;
/// Length of the check in front of the function.
const CHECK_LEN: usize = 32;
/// Where in the check the 32-bit address of runtime.stackmask, the guard + frame
/// immediate and the rel32 of the `jb` go.
const CHECK_MASK_AT: usize = 11;
const CHECK_NEED_AT: usize = 20;
const CHECK_JB_AT: usize = 26;

/// The check: `mov %rsp,%rax; shr $40,%rax; mov stackmask(,%rax,8),%rax; and
/// %rsp,%rax; cmp $need,%eax; jb slow; xchg %ax,%ax`, with the three fields zero.
const CHECK: [u8; CHECK_LEN] = [
    0x48, 0x89, 0xe0, // mov %rsp, %rax
    0x48, 0xc1, 0xe8, 0x28, // shr $40, %rax
    0x48, 0x8b, 0x04, 0xc5, 0, 0, 0, 0, // mov stackmask(,%rax,8), %rax
    0x48, 0x21, 0xe0, // and %rsp, %rax
    0x48, 0x3d, 0, 0, 0, 0, // cmp $need, %rax
    0x0f, 0x82, 0, 0, 0, 0, // jb slow
    0x66, 0x90, // xchg %ax, %ax (padding)
];

/// Compiles `g.ctx.func` and defines it as `id`, behind a stack check. Returns the
/// code's line table (`(code offset, source location)` for each stretch of code, in
/// order) and the code's size.
pub(crate) fn define(g: &mut Gen, id: FuncId) -> Result<(Vec<(u32, SourceLoc)>, u32), ModuleError> {
    let morestack = g.runtime_func("morestack");
    let stackmask = g.runtime_var("stackmask");
    let ctx = &mut g.ctx;
    let originals = mark_returns(&mut ctx.func);
    ctx.compile(g.module.isa(), &mut ControlPlane::default())?;
    let buffer = &ctx.compiled_code().expect("just compiled").buffer;
    assert!(buffer.alignment as usize <= CHECK_LEN, "the check would misalign Cranelift's constants");
    let frame_size = buffer.frame_layout().map(|l| l.frame_to_fp_offset);
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
        lines.push((sl.start + CHECK_LEN as u32, loc));
    }
    // Below the return address: the saved RBP, then the frame.
    let need = STACK_GUARD + 8 + frame_size.unwrap_or(0);
    let (bytes, slow) = with_check(&body, need);
    let mut relocs: Vec<ModuleReloc> = buffer
        .relocs()
        .iter()
        .map(|r| {
            let mut m = ModuleReloc::from_mach_reloc(r, &ctx.func, id);
            m.offset += CHECK_LEN as u32;
            m
        })
        .collect();
    relocs.push(ModuleReloc { offset: CHECK_MASK_AT as u32, kind: Reloc::Abs4, name: ModuleRelocTarget::user(1, stackmask.as_u32()), addend: 0 });
    relocs.push(ModuleReloc { offset: slow + 1, kind: Reloc::X86CallPCRel4, name: ModuleRelocTarget::user(0, morestack.as_u32()), addend: -4 });
    let alignment = buffer.alignment as u64;
    g.module.define_function_bytes(id, alignment, &bytes, &relocs)?;
    Ok((lines, bytes.len() as u32))
}

/// `body` behind the check for `need` bytes, followed by the slow path; returns the
/// code and the slow path's offset (its `call` needs a relocation at +1).
fn with_check(body: &[u8], need: u32) -> (Vec<u8>, u32) {
    let mut code = Vec::with_capacity(CHECK_LEN + body.len() + 10);
    code.extend_from_slice(&CHECK);
    code[CHECK_NEED_AT..CHECK_NEED_AT + 4].copy_from_slice(&need.to_le_bytes());
    code.extend_from_slice(body);
    let slow = code.len() as u32;
    let jb_end = (CHECK_JB_AT + 4) as u32;
    code[CHECK_JB_AT..CHECK_JB_AT + 4].copy_from_slice(&(slow - jb_end).to_le_bytes());
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
    fn check_jumps_to_a_slow_path_that_jumps_back() {
        let body = [0x90u8, 0xc3];
        let (code, slow) = with_check(&body, 0x1234);
        assert_eq!(code.len(), CHECK_LEN + 2 + 10);
        assert_eq!(&code[CHECK_LEN..CHECK_LEN + 2], &body);
        assert_eq!(code[CHECK_NEED_AT..CHECK_NEED_AT + 4], 0x1234u32.to_le_bytes());
        // jb's target is the slow path.
        let rel = i32::from_le_bytes(code[CHECK_JB_AT..CHECK_JB_AT + 4].try_into().unwrap());
        assert_eq!(CHECK_JB_AT as i32 + 4 + rel, slow as i32);
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
