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

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    /// `select { ... }`: builds the case array, asks the runtime which case fires, then
    /// runs that clause (after storing a received value).
    pub fn select_stmt(&mut self, clauses: &'a [rgo_syntax::ast::CommClause], label: Option<String>) {
        use cranelift_codegen::ir::condcodes::IntCC;
        use rgo_syntax::ast::{AssignOp, ExprKind, StmtKind, UnaryOp};
        let comms: Vec<_> = clauses.iter().filter_map(|c| c.comm.as_deref()).collect();
        let has_default = clauses.iter().any(|c| c.comm.is_none());
        if comms.is_empty() && !has_default {
            self.call_runtime("block", &[]);
            return;
        }
        // Evaluate channels and sent values in source order.
        struct Case {
            elem: Value,
            et: rgo_types::TypeId,
        }
        let n = comms.len();
        let slot = self.b.create_sized_stack_slot(cranelift_codegen::ir::StackSlotData::new(
            cranelift_codegen::ir::StackSlotKind::ExplicitSlot,
            (24 * n.max(1)) as u32,
            4,
        ));
        let mut cases = vec![];
        for (i, comm) in comms.iter().enumerate() {
            let (c, elem, et, dir) = match &comm.kind {
                StmtKind::Send { ch, value, .. } => {
                    let ct = self.type_of(ch);
                    let Type::Chan(_, et) = self.underlying(ct) else { return };
                    let c = self.expr(ch)[0];
                    let v = self.expr_as(value, et);
                    let a = self.spill(&v, et);
                    (c, a, et, 0)
                }
                StmtKind::Expr(_) | StmtKind::Assign { .. } => {
                    let recv = match &comm.kind {
                        StmtKind::Expr(e2) => e2,
                        StmtKind::Assign { rhs, .. } => &rhs[0],
                        _ => return,
                    };
                    let ExprKind::Unary { op: UnaryOp::Recv, x } = &super::expr::unparen(recv).kind else { return };
                    let ct = self.type_of(x);
                    let Type::Chan(_, et) = self.underlying(ct) else { return };
                    let c = self.expr(x)[0];
                    let a = self.temp_slot(et);
                    (c, a, et, 1)
                }
                _ => return,
            };
            let base = self.b.ins().stack_addr(types::I64, slot, 24 * i as i32);
            self.b.ins().store(super::MEM, c, base, 0);
            self.b.ins().store(super::MEM, elem, base, 8);
            let d = self.b.ins().iconst(types::I64, dir);
            self.b.ins().store(super::MEM, d, base, 16);
            cases.push(Case { elem, et });
        }
        let arr = self.b.ins().stack_addr(types::I64, slot, 0);
        let nv = self.b.ins().iconst(types::I64, n as i64);
        let block = self.b.ins().iconst(types::I8, !has_default as i64);
        let r = self.call_runtime("selectgo", &[arr, nv, block]);
        let (idx, recv_ok) = (r[0], r[1]);
        let exit = self.b.create_block();
        let mut k = 0;
        for cl in clauses {
            let body = self.b.create_block();
            let next = self.b.create_block();
            let want = if cl.comm.is_some() { k as i64 } else { -1 };
            let hit = self.b.ins().icmp_imm_s(IntCC::Equal, idx, want);
            self.b.ins().brif(hit, body, &[], next, &[]);
            self.b.switch_to_block(body);
            if let Some(comm) = &cl.comm {
                if let StmtKind::Assign { lhs, op, .. } = &comm.kind {
                    let c = &cases[k];
                    let (elem, et) = (c.elem, c.et);
                    let v = self.load(elem, et);
                    let vals = [(v, et), (vec![recv_ok], rgo_types::types::ids::BOOL)];
                    for (l, (val, vt)) in lhs.iter().zip(vals) {
                        let p = if *op == AssignOp::Define {
                            match &l.kind {
                                ExprKind::Ident(id) if id.name != "_" => match self.g.info.ident(self.file, id.id) {
                                    Some(o) => {
                                        let t = self.g.info.obj(o).ty;
                                        self.declare_local(o, t);
                                        self.local_place(o)
                                    }
                                    None => super::Place::Blank,
                                },
                                _ => super::Place::Blank,
                            }
                        } else {
                            self.place(l)
                        };
                        let val = match self.place_type(&p) {
                            Some(pt) => self.assign_conv(val, vt, pt, l.pos),
                            None => val,
                        };
                        self.store_place(&p, &val);
                    }
                }
                k += 1;
            }
            self.push_break(label.clone(), exit);
            self.block(&cl.body);
            self.pop_break();
            if !self.b.is_unreachable() {
                self.b.ins().jump(exit, &[]);
            }
            self.b.switch_to_block(next);
        }
        self.b.ins().jump(exit, &[]);
        self.b.switch_to_block(exit);
    }
}
