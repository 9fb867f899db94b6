//! Interfaces: conversions (boxing, itabs), dynamic method calls, type assertions and
//! type switches, interface comparison.
//!
//! An empty interface is (type descriptor, data), a non-empty one (itab, data); the
//! data word holds the value itself for direct-interface types, else a pointer to a
//! heap copy (ARCHITECTURE.md).

use super::{Fx, MEM, Place};
use crate::data::is_direct_iface;
use cranelift_codegen::ir::{InstBuilder, Value, condcodes::IntCC, types};
use rgo_syntax::ast::{CaseClause, Expr, ExprKind, Ident};
use rgo_syntax::Pos;
use rgo_types::types::{Type, ids};
use rgo_types::{ObjKind, TypeId};

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    fn is_empty_iface(&self, t: TypeId) -> bool {
        matches!(self.underlying(t), Type::Interface(ms) if ms.is_empty())
    }

    /// The descriptor address of an itab or type word: for non-empty interfaces the
    /// dynamic type is at itab+8 (0 stays 0).
    fn dyn_type(&mut self, word: Value, iface: TypeId) -> Value {
        if self.is_empty_iface(iface) {
            return word;
        }
        let is_nil = self.b.ins().icmp_imm_s(IntCC::Equal, word, 0);
        let load_blk = self.b.create_block();
        let done = self.b.create_block();
        self.b.append_block_param(done, types::I64);
        self.b.ins().brif(is_nil, done, &[word.into()], load_blk, &[]);
        self.b.switch_to_block(load_blk);
        let t = self.b.ins().load(types::I64, MEM, word, 8);
        self.b.ins().jump(done, &[t.into()]);
        self.b.switch_to_block(done);
        self.b.block_params(done)[0]
    }

    /// Converts `v` of type `from` to interface type `to`.
    pub fn to_iface(&mut self, v: Vec<Value>, from: TypeId, to: TypeId) -> Vec<Value> {
        if self.g.info.types.is_interface(from) {
            return self.iface_to_iface(v, from, to, false).0;
        }
        let data = if is_direct_iface(&self.g.info.types, from) {
            v.first().copied().unwrap_or_else(|| self.b.ins().iconst(types::I64, 0))
        } else {
            let p = self.alloc(from);
            self.store(p, from, &v);
            p
        };
        let word = if self.is_empty_iface(to) {
            self.type_ptr(from)
        } else {
            let id = self.g.itab(from, to);
            let gv = self.g.data_ref(id, self.b.func);
            self.b.ins().symbol_value(types::I64, gv)
        };
        vec![word, data]
    }

    /// Interface to interface: (result, ok). With `can_fail` a missing method gives a
    /// nil result and ok = 0 instead of a panic.
    fn iface_to_iface(&mut self, v: Vec<Value>, from: TypeId, to: TypeId, can_fail: bool) -> (Vec<Value>, Value) {
        let dynt = self.dyn_type(v[0], from);
        if self.is_empty_iface(to) {
            let ok = self.b.ins().icmp_imm_s(IntCC::NotEqual, dynt, 0);
            return (vec![dynt, v[1]], ok);
        }
        let inter = self.type_ptr(to);
        let is_nil = self.b.ins().icmp_imm_s(IntCC::Equal, dynt, 0);
        let call_blk = self.b.create_block();
        let done = self.b.create_block();
        self.b.append_block_param(done, types::I64);
        let z = self.b.ins().iconst(types::I64, 0);
        self.b.ins().brif(is_nil, done, &[z.into()], call_blk, &[]);
        self.b.switch_to_block(call_blk);
        let cf = self.b.ins().iconst(types::I8, can_fail as i64);
        let tab = self.call_runtime("getitab", &[inter, dynt, cf])[0];
        self.b.ins().jump(done, &[tab.into()]);
        self.b.switch_to_block(done);
        let tab = self.b.block_params(done)[0];
        let ok = self.b.ins().icmp_imm_s(IntCC::NotEqual, tab, 0);
        (vec![tab, v[1]], ok)
    }

    /// Code address and data word for calling method `sel` of interface value `x`.
    pub fn iface_method(&mut self, x: &'a Expr, sel: &rgo_types::Selection, pos: Pos) -> (Value, Value) {
        let _ = pos;
        // The interface may be an embedded field of x (a method promoted from it).
        let v = if sel.path.is_empty() {
            self.expr(x)
        } else {
            let p = self.embedded_place(x, &sel.path);
            self.load_place(&p)
        };
        let off = 24 + 8 * sel.index as i32;
        let code = self.b.ins().load(types::I64, MEM, v[0], off);
        (code, v[1])
    }

    /// The value of type `t` held in an interface's data word.
    fn unbox(&mut self, data: Value, t: TypeId) -> Vec<Value> {
        if is_direct_iface(&self.g.info.types, t) {
            let parts = self.parts(t);
            if parts.len() == 1 {
                return vec![data];
            }
        }
        self.load(data, t)
    }

    /// `x.(T)`: the value, plus the ok flag when `comma_ok`.
    pub fn type_assert(&mut self, e: &'a Expr, comma_ok: bool) -> Vec<Vec<Value>> {
        let ExprKind::TypeAssert { x, .. } = &e.kind else { return vec![] };
        let xt = self.type_of(x);
        let t = self.type_of(e);
        let v = self.expr(x);
        if self.g.info.types.is_interface(t) {
            let (r, ok) = self.iface_to_iface(v.clone(), xt, t, true);
            if comma_ok {
                return vec![r, vec![ok]];
            }
            let fail = self.b.create_block();
            let cont = self.b.create_block();
            self.b.ins().brif(ok, cont, &[], fail, &[]);
            self.b.set_cold_block(fail);
            self.b.switch_to_block(fail);
            // Nil interface, or a missing method: let the runtime report it.
            let dynt = self.dyn_type(v[0], xt);
            let want = self.type_ptr(t);
            let it = self.type_ptr(xt);
            if self.is_empty_iface(t) {
                self.call_runtime("panicdottypeE", &[dynt, want, it]);
            } else {
                let inter = self.type_ptr(t);
                let cf = self.b.ins().iconst(types::I8, 0);
                let is_nil = self.b.ins().icmp_imm_s(IntCC::Equal, dynt, 0);
                let nil_blk = self.b.create_block();
                let miss_blk = self.b.create_block();
                self.b.ins().brif(is_nil, nil_blk, &[], miss_blk, &[]);
                self.b.switch_to_block(nil_blk);
                self.call_runtime("panicdottypeE", &[dynt, want, it]);
                self.b.ins().jump(cont, &[]);
                self.b.switch_to_block(miss_blk);
                self.call_runtime("getitab", &[inter, dynt, cf]);
            }
            self.b.ins().jump(cont, &[]);
            self.b.switch_to_block(cont);
            return vec![r];
        }
        // Concrete T: compare the dynamic type with T's descriptor.
        let dynt = self.dyn_type(v[0], xt);
        let want = self.type_ptr(t);
        let ok = self.b.ins().icmp(IntCC::Equal, dynt, want);
        let hit = self.b.create_block();
        let miss = self.b.create_block();
        let done = self.b.create_block();
        let parts = self.parts(t);
        for p in &parts {
            self.b.append_block_param(done, p.ty);
        }
        self.b.append_block_param(done, types::I8);
        self.b.ins().brif(ok, hit, &[], miss, &[]);
        self.b.switch_to_block(hit);
        let val = self.unbox(v[1], t);
        let one = self.b.ins().iconst(types::I8, 1);
        let args: Vec<_> = val.iter().copied().chain([one]).map(|x| x.into()).collect();
        self.b.ins().jump(done, &args);
        self.b.switch_to_block(miss);
        if !comma_ok {
            self.b.set_cold_block(miss);
            let it = self.type_ptr(xt);
            if self.is_empty_iface(xt) {
                self.call_runtime("panicdottypeE", &[dynt, want, it]);
            } else {
                self.call_runtime("panicdottypeI", &[v[0], want, it]);
            }
        }
        let zero = self.zero_value(t);
        let f = self.b.ins().iconst(types::I8, 0);
        let args: Vec<_> = zero.iter().copied().chain([f]).map(|x| x.into()).collect();
        self.b.ins().jump(done, &args);
        self.b.switch_to_block(done);
        let ps = self.b.block_params(done).to_vec();
        let (vals, okv) = ps.split_at(ps.len() - 1);
        if comma_ok { vec![vals.to_vec(), vec![okv[0]]] } else { vec![vals.to_vec()] }
    }

    /// `x == y` for interface values (dynamic types and values both equal).
    pub fn iface_eq(&mut self, t: TypeId, l: &[Value], r: &[Value]) -> Value {
        let f = if self.is_empty_iface(t) { "efaceeq" } else { "ifaceeq" };
        // Same dynamic type first. (Two itabs for one (interface, type) pair may exist:
        // a static one and one getitab built; their types are what must match.)
        let lt = self.dyn_type(l[0], t);
        let rt = self.dyn_type(r[0], t);
        let same = self.b.ins().icmp(IntCC::Equal, lt, rt);
        let cmp_blk = self.b.create_block();
        let done = self.b.create_block();
        self.b.append_block_param(done, types::I8);
        let zero = self.b.ins().iconst(types::I8, 0);
        self.b.ins().brif(same, cmp_blk, &[], done, &[zero.into()]);
        self.b.switch_to_block(cmp_blk);
        let is_nil = self.b.ins().icmp_imm_s(IntCC::Equal, l[0], 0);
        let call_blk = self.b.create_block();
        let one = self.b.ins().iconst(types::I8, 1);
        self.b.ins().brif(is_nil, done, &[one.into()], call_blk, &[]);
        self.b.switch_to_block(call_blk);
        let eq = self.call_runtime(f, &[l[0], l[1], r[1]])[0];
        self.b.ins().jump(done, &[eq.into()]);
        self.b.switch_to_block(done);
        self.b.block_params(done)[0]
    }

    /// A type switch.
    pub fn type_switch(&mut self, bind: Option<&'a Ident>, x: &'a Expr, clauses: &'a [CaseClause], label: Option<String>) {
        let xt = self.type_of(x);
        let v = self.expr(x);
        let dynt = self.dyn_type(v[0], xt);
        let exit = self.b.create_block();
        let bodies: Vec<_> = clauses.iter().map(|_| self.b.create_block()).collect();
        let mut default = None;
        for (i, cl) in clauses.iter().enumerate() {
            if cl.is_default {
                default = Some(bodies[i]);
                continue;
            }
            for te in &cl.list {
                let tt = self.type_of(te);
                let hit = if tt == ids::UNTYPED_NIL {
                    self.b.ins().icmp_imm_s(IntCC::Equal, dynt, 0)
                } else if self.g.info.types.is_interface(tt) {
                    if self.is_empty_iface(tt) {
                        self.b.ins().icmp_imm_s(IntCC::NotEqual, dynt, 0)
                    } else {
                        let (_, ok) = self.iface_to_iface(vec![v[0], v[1]], xt, tt, true);
                        ok
                    }
                } else {
                    let want = self.type_ptr(tt);
                    self.b.ins().icmp(IntCC::Equal, dynt, want)
                };
                let next = self.b.create_block();
                self.b.ins().brif(hit, bodies[i], &[], next, &[]);
                self.b.switch_to_block(next);
            }
        }
        self.b.ins().jump(default.unwrap_or(exit), &[]);
        for (i, cl) in clauses.iter().enumerate() {
            self.b.switch_to_block(bodies[i]);
            if bind.is_some() {
                if let Some(obj) = self.g.info.ident(self.file, cl.id) {
                    if matches!(self.g.info.obj(obj).kind, ObjKind::Var { .. }) {
                        let bt = self.g.info.obj(obj).ty;
                        self.declare_local(obj, bt);
                        let val = if self.g.info.types.identical(bt, xt) {
                            v.clone()
                        } else if self.g.info.types.is_interface(bt) {
                            self.iface_to_iface(vec![v[0], v[1]], xt, bt, true).0
                        } else {
                            self.unbox(v[1], bt)
                        };
                        let p = self.local_place(obj);
                        self.store_place(&p, &val);
                    }
                }
            }
            self.push_break(label.clone(), exit);
            self.block(&cl.body);
            self.pop_break();
            if !self.b.is_unreachable() {
                self.b.ins().jump(exit, &[]);
            }
        }
        self.b.switch_to_block(exit);
    }

    #[allow(dead_code)]
    fn place_unused(&self, _: Place) {}
}
