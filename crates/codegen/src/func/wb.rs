//! Write barriers in compiled code (the runtime side and the reasoning: runtime
//! mgcwb.rs).
//!
//! Before a store that may overwrite pointers in the heap, compiled code tests the
//! byte `runtime.writeBarrier` and, while the collector marks, calls
//! `runtime.bulkBarrierPreWrite(dst, size)` to shade the pointers about to be
//! overwritten. The call sits in a cold block, so outside marking a barrier costs a
//! compare and a not-taken branch.
//!
//! Stores need no barrier when the type holds no pointers, or when the destination is
//! a root the collector scans when a cycle starts: a stack slot of this function
//! (`stack_addr`) or a package variable (`symbol_value`). Addresses computed any other
//! way get the barrier, which is harmless on the stack.

use super::Fx;
use cranelift_codegen::ir::{self, InstBuilder, Value, types};
use rgo_types::TypeId;

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    /// The barrier before a store of a `t` at `addr`, if one is needed.
    pub fn write_barrier_for(&mut self, addr: Value, t: TypeId) {
        // Only the prefix that can hold pointers, as the type's descriptor says.
        let ptrdata = crate::data::ptrdata(&self.g.info.types, t);
        if ptrdata == 0 || self.is_root_addr(addr) {
            return;
        }
        let n = self.b.ins().iconst(types::I64, ptrdata as i64);
        self.write_barrier(addr, n);
    }

    /// The barrier before `n` bytes (a run-time count) at `addr` are overwritten by
    /// values of element type `et` (copy, append).
    pub fn write_barrier_bytes(&mut self, addr: Value, n: Value, et: TypeId) {
        if crate::data::has_pointers(&self.g.info.types, et) && !self.is_root_addr(addr) {
            self.write_barrier(addr, n);
        }
    }

    fn write_barrier(&mut self, addr: Value, n: Value) {
        let id = self.g.runtime_var("writeBarrier");
        let gv = self.g.data_ref(id, self.b.func);
        let flag_addr = self.b.ins().symbol_value(types::I64, gv);
        let flag = self.b.ins().load(types::I8, super::MEM, flag_addr, 0);
        let call_blk = self.b.create_block();
        let cont = self.b.create_block();
        self.b.set_cold_block(call_blk);
        self.b.ins().brif(flag, call_blk, &[], cont, &[]);
        self.b.switch_to_block(call_blk);
        self.call_runtime("bulkBarrierPreWrite", &[addr, n]);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// Whether `addr` is the address of a stack slot or a package variable.
    fn is_root_addr(&self, addr: Value) -> bool {
        let dfg = &self.b.func.dfg;
        match dfg.value_def(addr) {
            ir::ValueDef::Result(inst, _) => matches!(dfg.insts[inst].opcode(), ir::Opcode::StackAddr | ir::Opcode::SymbolValue),
            _ => false,
        }
    }
}
