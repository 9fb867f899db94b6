//! Maps and channels: `m[k]` (with comma-ok), `<-c` (with comma-ok), `c <- v`, and
//! delete/close — calls into the runtime with key and element addresses.

use super::Fx;
use cranelift_codegen::ir::{InstBuilder, Value, types};
use rgo_syntax::ast::Expr;
use rgo_types::types::{Type, ids};

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    /// `m[k]`: the value, plus the found flag when `comma_ok`.
    pub fn map_index(&mut self, m: &'a Expr, k: &'a Expr, comma_ok: bool) -> Vec<Vec<Value>> {
        let mt = self.type_of(m);
        let Type::Map(kt, vt) = self.underlying(mt) else { return vec![] };
        let tp = self.type_ptr(mt);
        let mv = self.expr(m)[0];
        let kv = self.expr_as(k, kt);
        let ka = self.spill(&kv, kt);
        if comma_ok {
            let r = self.call_runtime("mapaccess2", &[tp, mv, ka]);
            let v = self.load(r[0], vt);
            return vec![v, vec![r[1]]];
        }
        let p = self.call_runtime("mapaccess1", &[tp, mv, ka])[0];
        vec![self.load(p, vt)]
    }

    /// `delete(m, k)`.
    pub fn map_delete(&mut self, m: &'a Expr, k: &'a Expr) {
        let mt = self.type_of(m);
        let Type::Map(kt, _) = self.underlying(mt) else { return };
        let tp = self.type_ptr(mt);
        let mv = self.expr(m)[0];
        let kv = self.expr_as(k, kt);
        let ka = self.spill(&kv, kt);
        self.call_runtime("mapdelete", &[tp, mv, ka]);
    }

    /// `<-c`: the value, plus the ok flag when `comma_ok`.
    pub fn recv(&mut self, _e: &'a Expr, c: &'a Expr, comma_ok: bool) -> Vec<Vec<Value>> {
        let ct = self.type_of(c);
        let Type::Chan(_, et) = self.underlying(ct) else { return vec![] };
        let cv = self.expr(c)[0];
        let slot = self.temp_slot(et);
        if comma_ok {
            let ok = self.call_runtime("chanrecv2", &[cv, slot])[0];
            let v = self.load(slot, et);
            return vec![v, vec![ok]];
        }
        self.call_runtime("chanrecv1", &[cv, slot]);
        vec![self.load(slot, et)]
    }

    /// `c <- v`.
    pub fn send(&mut self, c: &'a Expr, v: &'a Expr) {
        let ct = self.type_of(c);
        let Type::Chan(_, et) = self.underlying(ct) else { return };
        let cv = self.expr(c)[0];
        let vv = self.expr_as(v, et);
        let a = self.spill(&vv, et);
        self.call_runtime("chansend1", &[cv, a]);
    }

    /// A zeroed stack temporary for a value of type `t`; returns its address.
    pub fn temp_slot(&mut self, t: rgo_types::TypeId) -> Value {
        let z = self.zero_value(t);
        if z.is_empty() && t != ids::VOID {
            let size = self.g.info.types.size_of(t).max(1) as u32;
            let slot = self.b.create_sized_stack_slot(cranelift_codegen::ir::StackSlotData::new(
                cranelift_codegen::ir::StackSlotKind::ExplicitSlot,
                size,
                4,
            ));
            return self.b.ins().stack_addr(types::I64, slot, 0);
        }
        self.spill(&z, t)
    }
}
