//! Pointers, struct fields, arrays, slices and composite literals: `&x`, `*p`, `x.f`,
//! `a[i]`, `s[lo:hi:max]`, `T{...}`, and the builtins on them (new, make, append,
//! copy, len, cap).

use super::{Fx, MEM, Place};
use crate::abi;
use cranelift_codegen::ir::{InstBuilder, StackSlotData, StackSlotKind, Value, condcodes::IntCC, types};
use rgo_syntax::ast::{Expr, ExprKind};
use rgo_syntax::Pos;
use rgo_types::types::{Type, ids};
use rgo_types::{SelectionKind, TypeId};

/// gc's boundsError codes, passed to runtime.panicBounds.
pub const BOUNDS_SLICE_ALEN: i64 = 1;
pub const BOUNDS_SLICE_ACAP: i64 = 2;
pub const BOUNDS_SLICE_B: i64 = 3;
pub const BOUNDS_SLICE3_ACAP: i64 = 5;
pub const BOUNDS_SLICE3_B: i64 = 6;
pub const BOUNDS_SLICE3_C: i64 = 7;

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    pub fn underlying(&self, t: TypeId) -> Type {
        let tt = &self.g.info.types;
        tt.get(tt.underlying(t)).clone()
    }

    // When taking an address (`&p.f`, `&*p`, `&p[i]`) no load faults on a nil p, so
    // `nilcheck` is set and the dereference is checked explicitly, as gc does.

    /// A dereference of a pointer to an object of `t`: loads beyond the first page of a
    /// nil pointer would not fault in the unmapped zero page, so large objects are
    /// checked explicitly (gc does the same).
    pub fn nil_check_for(&mut self, p: Value, t: TypeId) {
        // Zero-size objects are read without touching memory: check those too.
        let size = self.g.info.types.size_of(t);
        if self.nilcheck || size >= 4096 || size == 0 {
            self.emit_nil_check(p);
        }
    }

    /// Panics if `p` is nil. The panic comes from a real fault (a load through the nil
    /// pointer), as gc's nil checks do, so an unrecovered one prints gc's
    /// `[signal SIGSEGV: ...]` line too.
    pub fn emit_nil_check(&mut self, p: Value) {
        let is_nil = self.b.ins().icmp_imm_s(IntCC::Equal, p, 0);
        let fail = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(is_nil, fail, &[], cont, &[]);
        self.b.set_cold_block(fail);
        self.b.switch_to_block(fail);
        // A trapping load (default flags): kept although its value is unused.
        self.b.ins().load(types::I8, cranelift_codegen::ir::MemFlagsData::new(), p, 0);
        self.b.ins().trap(cranelift_codegen::ir::TrapCode::unwrap_user(1));
        self.b.switch_to_block(cont);
    }

    /// The address of an addressable expression, or of a fresh copy of a composite literal.
    pub fn addr_of(&mut self, e: &'a Expr) -> Value {
        let saved = std::mem::replace(&mut self.nilcheck, true);
        let a = self.addr_of_inner(e);
        self.nilcheck = saved;
        a
    }

    fn addr_of_inner(&mut self, e: &'a Expr) -> Value {
        let inner = super::expr::unparen(e);
        if let ExprKind::CompositeLit { .. } = inner.kind {
            let t = self.type_of(inner);
            let p = self.alloc(t);
            self.build_into(p, t, inner);
            return p;
        }
        match self.place(inner) {
            Place::Mem(a, _) => a,
            Place::Slot(slot, _) => self.b.ins().stack_addr(types::I64, slot, 0),
            Place::Vars(..) | Place::Blank | Place::Map { .. } => {
                // Should not happen: escape analysis moved it to memory.
                self.unsupported(e.pos, "taking this address");
                self.b.ins().iconst(types::I64, 0)
            }
        }
    }

    /// The place a field of the struct at `base` denotes.
    pub fn field_place(&mut self, base: Place, st: TypeId, index: u32) -> Place {
        let Type::Struct(fields) = self.underlying(st) else { return Place::Blank };
        let ft = fields[index as usize].ty;
        let base = match base {
            Place::Slot(slot, t) => Place::Mem(self.b.ins().stack_addr(types::I64, slot, 0), t),
            b => b,
        };
        match base {
            Place::Slot(..) => unreachable!(),
            Place::Mem(addr, _) => {
                let off = self.g.info.types.field_offsets(st)[index as usize];
                let a = if off == 0 { addr } else { self.b.ins().iadd_imm_s(addr, off as i64) };
                Place::Mem(a, ft)
            }
            Place::Vars(vars, _) => {
                let (start, n) = self.field_part_range(st, index);
                Place::Vars(vars[start..start + n].to_vec(), ft)
            }
            Place::Blank | Place::Map { .. } => Place::Blank,
        }
    }

    /// Which of a struct's parts belong to field `index`: (first, count).
    pub fn field_part_range(&mut self, st: TypeId, index: u32) -> (usize, usize) {
        let Type::Struct(fields) = self.underlying(st) else { return (0, 0) };
        let mut start = 0;
        for f in &fields[..index as usize] {
            start += self.parts(f.ty).len();
        }
        (start, self.parts(fields[index as usize].ty).len())
    }

    /// Follows the embedded fields of a selection from the value of `x`: returns the
    /// place of the struct holding the final field or the receiver.
    /// Also returns the last pointer followed, not yet nil-checked: the caller checks
    /// it if it reaches something through it (a field), not if it is the receiver.
    fn walk_path(&mut self, x: &'a Expr, path: &[u32]) -> (Place, TypeId, Option<(Value, TypeId)>) {
        let xt = self.type_of(x);
        // A pointer is checked when something is reached through it: not the last
        // embedded pointer, which may itself be a (nil) pointer receiver.
        let mut pending: Option<(Value, TypeId)> = None;
        let (mut place, mut t) = match self.underlying(xt) {
            Type::Pointer(base) => {
                let p = self.expr(x)[0];
                pending = Some((p, base));
                (Place::Mem(p, base), base)
            }
            _ => (self.place_or_temp(x), xt),
        };
        for &i in path {
            if let Some((p, b)) = pending.take() {
                self.nil_check_for(p, b);
            }
            place = self.field_place(place, t, i);
            t = self.place_type(&place).unwrap_or(ids::INVALID);
            if let Type::Pointer(base) = self.underlying(t) {
                let p = self.load_place(&place)[0];
                pending = Some((p, base));
                place = Place::Mem(p, base);
                t = base;
            }
        }
        (place, t, pending)
    }

    /// The place of `e` if addressable, else its value in a temporary.
    pub fn place_or_temp(&mut self, e: &'a Expr) -> Place {
        if self.is_addressable(e) {
            return self.place(e);
        }
        let t = self.type_of(e);
        let v = self.expr(e);
        Place::Vars(v.iter().map(|&x| {
            let var = self.b.declare_var(self.b.func.dfg.value_type(x));
            self.b.def_var(var, x);
            var
        }).collect(), t)
    }

    fn is_addressable(&self, e: &Expr) -> bool {
        matches!(self.g.info.expr(self.file, e.id).map(|i| &i.mode), Some(rgo_types::Mode::Var))
    }

    /// The place reached from `x` through the embedded fields `path`.
    pub fn embedded_place(&mut self, x: &'a Expr, path: &[u32]) -> Place {
        let (place, _, _) = self.walk_path(x, path);
        place
    }

    /// `x.f`: place of a field selection (through pointers and embedded fields).
    pub fn selector_place(&mut self, e: &'a Expr) -> Option<Place> {
        let ExprKind::Selector { x, .. } = &e.kind else { return None };
        let sel = self.g.info.selections.get(&(self.file, e.id)).cloned()?;
        if sel.kind != SelectionKind::Field {
            return None;
        }
        let (base, st, pending) = self.walk_path(x, &sel.path);
        if let Some((p, b)) = pending {
            let Type::Struct(fs) = self.underlying(st) else { return None };
            if self.g.info.types.size_of(fs[sel.index as usize].ty) == 0 {
                // A zero-size field is read without touching memory.
                self.emit_nil_check(p);
            } else {
                self.nil_check_for(p, b);
            }
        }
        Some(self.field_place(base, st, sel.index))
    }

    /// The receiver value for a method selected through `x` with embedded `path`:
    /// a pointer if the method has a pointer receiver, else the value.
    pub fn method_receiver(&mut self, x: &'a Expr, path: &[u32], ptr_recv: bool, pos: Pos) -> Vec<Value> {
        if path.is_empty() {
            let xt = self.type_of(x);
            let x_is_ptr = matches!(self.underlying(xt), Type::Pointer(_));
            return match (ptr_recv, x_is_ptr) {
                (true, true) | (false, false) => self.expr(x),
                (true, false) => vec![self.addr_of(x)],
                (false, true) => {
                    let Type::Pointer(base) = self.underlying(xt) else { unreachable!() };
                    let p = self.expr(x)[0];
                    self.load(p, base)
                }
            };
        }
        // A pointer receiver's address must not come from a nil pointer: check the walk.
        let saved = std::mem::replace(&mut self.nilcheck, ptr_recv);
        let (place, _, pending) = self.walk_path(x, path);
        self.nilcheck = saved;
        if !ptr_recv {
            // A value receiver is loaded through the last pointer; the walk's own loads
            // are trusted (removable when unused), so check explicitly.
            if let Some((p, _)) = pending {
                self.emit_nil_check(p);
            }
        }
        if ptr_recv {
            match place {
                Place::Mem(a, _) => vec![a],
                _ => {
                    self.unsupported(pos, "a pointer method of an embedded field of a non-addressable value");
                    vec![self.b.ins().iconst(types::I64, 0)]
                }
            }
        } else {
            self.load_place(&place)
        }
    }

    /// Element place of `x[i]` for arrays, pointers to arrays and slices.
    pub fn index_place(&mut self, x: &'a Expr, i: &'a Expr) -> Option<Place> {
        let xt = self.type_of(x);
        let (base, len, et) = match self.underlying(xt) {
            Type::Array(n, et) => {
                let base = match self.place_or_temp(x) {
                    Place::Mem(a, _) => a,
                    p => {
                        // An array value in variables: spill to a temporary to index it.
                        let v = self.load_place(&p);
                        if abi::is_indirect(&self.g.info.types, xt) { v[0] } else { self.spill(&v, xt) }
                    }
                };
                let len = self.b.ins().iconst(types::I64, n as i64);
                (base, len, et)
            }
            Type::Pointer(pt) => {
                let Type::Array(n, et) = self.underlying(pt) else { return None };
                let p = self.expr(x)[0];
                self.nil_check_for(p, pt);
                let len = self.b.ins().iconst(types::I64, n as i64);
                (p, len, et)
            }
            Type::Slice(et) => {
                let s = self.expr(x);
                (s[0], s[1], et)
            }
            _ => return None,
        };
        let it = self.type_of(i);
        let iv = self.expr(i)[0];
        let iv = self.to_i64(iv, it);
        self.bounds_check(iv, len);
        let esize = self.g.info.types.size_of(et) as i64;
        let off = self.b.ins().imul_imm_s(iv, esize);
        let addr = self.b.ins().iadd(base, off);
        Some(Place::Mem(addr, et))
    }

    /// Stores `vals` of type `t` in a fresh stack slot; returns its address. Unless the
    /// value fills the slot with whole words, the slot is zeroed first (zeroed_slot):
    /// stale bytes in its padding next to a small field could pass for an address in
    /// this stack and be "adjusted" if the stack moves meanwhile (runtime stack.rs).
    pub fn spill(&mut self, vals: &[Value], t: TypeId) -> Value {
        let size = self.g.info.types.size_of(t).max(1) as u32;
        // Big values are copied in whole from memory that has no stale bytes itself.
        let filled = abi::is_indirect(&self.g.info.types, t) || {
            let parts = self.parts(t);
            parts.iter().all(|p| p.ty.bytes() == 8) && parts.len() as u32 * 8 == size
        };
        let a = if filled {
            let slot = self.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, size, 4));
            self.b.ins().stack_addr(types::I64, slot, 0)
        } else {
            self.zeroed_slot(t).1
        };
        self.store(a, t, vals);
        a
    }

    /// `x[lo:hi:max]` of a string, slice, array or pointer to array.
    pub fn slice_expr(&mut self, e: &'a Expr) -> Vec<Value> {
        let ExprKind::Slice { x, lo, hi, max, .. } = &e.kind else { return vec![] };
        let xt = self.type_of(x);
        let xt = if self.g.info.types.is_untyped(xt) { ids::STRING } else { xt };
        let (ptr, len, cap, esize, is_string, array) = match self.underlying(xt) {
            Type::Basic(_) => {
                let s = self.expr(x);
                (s[0], s[1], s[1], 1, true, false)
            }
            Type::Slice(et) => {
                let s = self.expr(x);
                (s[0], s[1], s[2], self.g.info.types.size_of(et), false, false)
            }
            Type::Array(n, et) => {
                let a = self.addr_of(x);
                let n = self.b.ins().iconst(types::I64, n as i64);
                (a, n, n, self.g.info.types.size_of(et), false, true)
            }
            Type::Pointer(pt) => {
                let Type::Array(n, et) = self.underlying(pt) else { return vec![] };
                let a = self.expr(x)[0];
                // Slicing through a nil array pointer is a nil dereference.
                self.emit_nil_check(a);
                let n = self.b.ins().iconst(types::I64, n as i64);
                (a, n, n, self.g.info.types.size_of(et), false, true)
            }
            _ => {
                self.unsupported(e.pos, "slicing this type");
                return vec![];
            }
        };
        let lo_v = self.bound(lo.as_deref());
        let hi_v = self.bound(hi.as_deref());
        let max_v = self.bound(max.as_deref());
        let zero = self.b.ins().iconst(types::I64, 0);
        let lo_v = lo_v.unwrap_or(zero);
        let hi_v = hi_v.unwrap_or(len);
        let (new_cap_end, hi_limit_code) = match max_v {
            Some(m) => {
                self.check_le(m, cap, BOUNDS_SLICE3_ACAP, m, cap);
                self.check_le(hi_v, m, BOUNDS_SLICE3_B, hi_v, m);
                self.check_le(lo_v, hi_v, BOUNDS_SLICE3_C, lo_v, hi_v);
                (m, None)
            }
            None => {
                let (limit, code) = if is_string || array { (len, BOUNDS_SLICE_ALEN) } else { (cap, BOUNDS_SLICE_ACAP) };
                self.check_le(hi_v, limit, code, hi_v, limit);
                self.check_le(lo_v, hi_v, BOUNDS_SLICE_B, lo_v, hi_v);
                (cap, Some(()))
            }
        };
        let _ = hi_limit_code;
        let off = if esize == 1 { lo_v } else { self.b.ins().imul_imm_s(lo_v, esize as i64) };
        let moved = self.b.ins().iadd(ptr, off);
        let new_len = self.b.ins().isub(hi_v, lo_v);
        // As gc: an empty result keeps the old base rather than pointing past the end
        // of the underlying object.
        if is_string {
            let new_ptr = self.b.ins().select(new_len, moved, ptr);
            return vec![new_ptr, new_len];
        }
        let new_cap = self.b.ins().isub(new_cap_end, lo_v);
        let new_ptr = self.b.ins().select(new_cap, moved, ptr);
        vec![new_ptr, new_len, new_cap]
    }

    fn bound(&mut self, b: Option<&'a Expr>) -> Option<Value> {
        let b = b?;
        let t = self.type_of(b);
        let v = self.expr(b)[0];
        Some(self.to_i64(v, t))
    }

    /// Panics with boundsError `code` (x, y) unless x <= y (unsigned compare, so a
    /// negative x fails too).
    fn check_le(&mut self, a: Value, b: Value, code: i64, x: Value, y: Value) {
        let ok = self.b.ins().icmp(IntCC::UnsignedLessThanOrEqual, a, b);
        let fail = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(ok, cont, &[], fail, &[]);
        self.b.set_cold_block(fail);
        self.b.switch_to_block(fail);
        let c = self.b.ins().iconst(types::I64, code);
        self.call_runtime("panicBounds", &[c, x, y]);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// The value of a composite literal `T{...}`.
    pub fn composite_value(&mut self, e: &'a Expr) -> Vec<Value> {
        let t = self.type_of(e);
        match self.underlying(t) {
            Type::Slice(et) => self.slice_literal(e, et),
            Type::Map(..) => self.map_literal(e, t),
            Type::Pointer(base) => {
                // An elided `&T{...}` inside another literal.
                let p = self.alloc(base);
                self.build_into(p, base, e);
                vec![p]
            }
            _ => {
                if abi::is_indirect(&self.g.info.types, t) {
                    let p = self.alloc(t);
                    self.build_into(p, t, e);
                    return vec![p];
                }
                let (_, a) = self.zeroed_slot(t);
                self.build_into(a, t, e);
                self.load(a, t)
            }
        }
    }

    /// Stores the composite literal `e` (of type `t`) into zeroed memory at `addr`.
    pub fn build_into(&mut self, addr: Value, t: TypeId, e: &'a Expr) {
        let ExprKind::CompositeLit { elts, .. } = &e.kind else {
            let v = self.expr_as(e, t);
            self.store(addr, t, &v);
            return;
        };
        match self.underlying(t) {
            Type::Struct(fields) => {
                let offs = self.g.info.types.field_offsets(t);
                for (i, el) in elts.iter().enumerate() {
                    let (fi, value) = match &el.kind {
                        ExprKind::KeyValue { key, value, .. } => {
                            let ExprKind::Ident(k) = &key.kind else { continue };
                            let Some(fi) = fields.iter().position(|f| f.name == k.name) else { continue };
                            (fi, &**value)
                        }
                        _ => (i, el),
                    };
                    let a = self.b.ins().iadd_imm_s(addr, offs[fi] as i64);
                    self.store_elem(a, fields[fi].ty, value);
                }
            }
            Type::Array(_, et) => self.indexed_into(addr, et, elts),
            Type::Slice(_) | Type::Map(..) | Type::Pointer(_) => {
                let v = self.composite_value(e);
                self.store(addr, t, &v);
            }
            _ => self.unsupported(e.pos, "this composite literal"),
        }
    }

    fn store_elem(&mut self, a: Value, t: TypeId, value: &'a Expr) {
        if let ExprKind::CompositeLit { typ: None, .. } = &value.kind {
            if !matches!(self.underlying(t), Type::Pointer(_) | Type::Slice(_) | Type::Map(..)) {
                self.build_into(a, t, value);
                return;
            }
        }
        if let ExprKind::CompositeLit { .. } = &value.kind {
            if self.needs_memory(t) {
                self.build_into(a, t, value);
                return;
            }
        }
        let v = self.expr_as(value, t);
        self.store(a, t, &v);
    }

    /// Elements of an array or slice literal, keyed or positional, into memory.
    fn indexed_into(&mut self, addr: Value, et: TypeId, elts: &'a [Expr]) {
        let esize = self.g.info.types.size_of(et) as i64;
        let mut i: i64 = 0;
        for el in elts {
            let value = match &el.kind {
                ExprKind::KeyValue { key, value, .. } => {
                    if let Some(rgo_types::Mode::Const(c)) = self.g.info.expr(self.file, key.id).map(|x| x.mode.clone()) {
                        i = c.as_i64().unwrap_or(i);
                    }
                    &**value
                }
                _ => el,
            };
            let a = self.b.ins().iadd_imm_s(addr, i * esize);
            self.store_elem(a, et, value);
            i += 1;
        }
    }

    /// Number of elements of an array/slice literal (largest index + 1).
    fn literal_len(&self, elts: &[Expr]) -> i64 {
        let mut i: i64 = 0;
        let mut n: i64 = 0;
        for el in elts {
            if let ExprKind::KeyValue { key, .. } = &el.kind {
                if let Some(rgo_types::Mode::Const(c)) = self.g.info.expr(self.file, key.id).map(|x| x.mode.clone()) {
                    i = c.as_i64().unwrap_or(i);
                }
            }
            i += 1;
            n = n.max(i);
        }
        n
    }

    fn slice_literal(&mut self, e: &'a Expr, et: TypeId) -> Vec<Value> {
        let ExprKind::CompositeLit { elts, .. } = &e.kind else { return vec![] };
        let n = self.literal_len(elts);
        let esize = self.g.info.types.size_of(et) as i64;
        let td = self.g.type_desc(et);
        let gv = self.g.data_ref(td, self.b.func);
        let tp = self.b.ins().symbol_value(types::I64, gv);
        let nv = self.b.ins().iconst(types::I64, n);
        let p = if n == 0 || esize == 0 {
            // A non-nil empty slice: point at the runtime's zero-size base.
            let one = self.b.ins().iconst(types::I8, 1);
            self.call_runtime("mallocgc", &[nv, tp, one])[0]
        } else {
            self.call_runtime("makeslice", &[tp, nv, nv])[0]
        };
        self.indexed_into(p, et, elts);
        vec![p, nv, nv]
    }

    fn map_literal(&mut self, e: &'a Expr, t: TypeId) -> Vec<Value> {
        let ExprKind::CompositeLit { elts, .. } = &e.kind else { return vec![] };
        let Type::Map(kt, vt) = self.underlying(t) else { return vec![] };
        let mt = self.type_ptr(t);
        let hint = self.b.ins().iconst(types::I64, elts.len() as i64);
        let m = self.call_runtime("makemap", &[mt, hint])[0];
        for el in elts {
            let ExprKind::KeyValue { key, value, .. } = &el.kind else { continue };
            let kv = self.elem_value(key, kt);
            let ka = self.spill(&kv, kt);
            let vv = self.elem_value(value, vt);
            let slot = self.call_runtime("mapassign", &[mt, m, ka])[0];
            self.store(slot, vt, &vv);
        }
        vec![m]
    }

    /// An element value of a literal (elided composite types allowed).
    fn elem_value(&mut self, value: &'a Expr, t: TypeId) -> Vec<Value> {
        if let ExprKind::CompositeLit { typ: None, .. } = &value.kind {
            return self.composite_value(value);
        }
        self.expr_as(value, t)
    }

    /// The address of the type descriptor of `t`.
    pub fn type_ptr(&mut self, t: TypeId) -> Value {
        let td = self.g.type_desc(t);
        let gv = self.g.data_ref(td, self.b.func);
        self.b.ins().symbol_value(types::I64, gv)
    }

    /// `make(T, args...)`.
    pub fn make(&mut self, e: &'a Expr, t: TypeId, args: &'a [Expr]) -> Vec<Value> {
        let mut sizes = vec![];
        for a in args {
            let at = self.type_of(a);
            let v = self.expr(a)[0];
            sizes.push(self.to_i64(v, at));
        }
        match self.underlying(t) {
            Type::Slice(et) => {
                let tp = self.type_ptr(et);
                let len = sizes[0];
                let cap = sizes.get(1).copied().unwrap_or(len);
                let p = self.call_runtime("makeslice", &[tp, len, cap])[0];
                vec![p, len, cap]
            }
            Type::Map(..) => {
                let mt = self.type_ptr(t);
                let hint = sizes.first().copied().unwrap_or_else(|| self.b.ins().iconst(types::I64, 0));
                self.call_runtime("makemap", &[mt, hint])
            }
            Type::Chan(_, et) => {
                let tp = self.type_ptr(et);
                let size = sizes.first().copied().unwrap_or_else(|| self.b.ins().iconst(types::I64, 0));
                self.call_runtime("makechan", &[tp, size])
            }
            _ => {
                self.unsupported(e.pos, "make of this type");
                vec![]
            }
        }
    }

    /// `append(s, xs...)` and `append(s, x, y)`.
    pub fn append(&mut self, e: &'a Expr, args: &'a [Expr], spread: bool) -> Vec<Value> {
        let st = self.type_of(e);
        let Type::Slice(et) = self.underlying(st) else { return vec![] };
        let s = self.expr(&args[0]);
        let esize = self.g.info.types.size_of(et) as i64;
        if spread {
            // append(s, t...) (t a slice, or a string for []byte).
            let tv = self.expr(&args[1]);
            let add = tv[1];
            let (ptr, len, cap) = self.grow(s, add, et);
            let dst_off = self.b.ins().imul_imm_s(len, esize);
            let dst = self.b.ins().iadd(ptr, dst_off);
            let nbytes = self.b.ins().imul_imm_s(add, esize);
            self.write_barrier_bytes(dst, nbytes, et);
            self.call_runtime("memmove", &[dst, tv[0], nbytes]);
            let newlen = self.b.ins().iadd(len, add);
            return vec![ptr, newlen, cap];
        }
        let k = (args.len() - 1) as i64;
        if k == 0 {
            return s;
        }
        // Evaluate the new elements before growing (they may refer to s).
        let vals: Vec<Vec<Value>> = args[1..].iter().map(|a| self.expr_as(a, et)).collect();
        self.append_values(s, et, vals)
    }

    /// Appends already evaluated element values to slice `s`.
    pub fn append_values(&mut self, s: Vec<Value>, et: TypeId, vals: Vec<Vec<Value>>) -> Vec<Value> {
        let k = vals.len() as i64;
        if k == 0 {
            return s;
        }
        let esize = self.g.info.types.size_of(et) as i64;
        let add = self.b.ins().iconst(types::I64, k);
        let (ptr, len, cap) = self.grow(s, add, et);
        for (j, v) in vals.iter().enumerate() {
            let idx = self.b.ins().iadd_imm_s(len, j as i64);
            let off = self.b.ins().imul_imm_s(idx, esize);
            let a = self.b.ins().iadd(ptr, off);
            self.store(a, et, v);
        }
        let newlen = self.b.ins().iadd(len, add);
        vec![ptr, newlen, cap]
    }

    /// Makes room for `add` more elements: returns (ptr, old len, cap) after growing.
    fn grow(&mut self, s: Vec<Value>, add: Value, et: TypeId) -> (Value, Value, Value) {
        let newlen = self.b.ins().iadd(s[1], add);
        let fits = self.b.ins().icmp(IntCC::UnsignedLessThanOrEqual, newlen, s[2]);
        let grow_blk = self.b.create_block();
        let done = self.b.create_block();
        self.b.append_block_param(done, types::I64);
        self.b.append_block_param(done, types::I64);
        self.b.ins().brif(fits, done, &[s[0].into(), s[2].into()], grow_blk, &[]);
        self.b.switch_to_block(grow_blk);
        let tp = self.type_ptr(et);
        let r = self.call_runtime("growslice", &[tp, s[0], s[1], s[2], newlen]);
        self.b.ins().jump(done, &[r[0].into(), r[1].into()]);
        self.b.switch_to_block(done);
        let p = self.b.block_params(done);
        (p[0], s[1], p[1])
    }

    /// `copy(dst, src)`: copies min(len) elements, returns the count.
    pub fn copy(&mut self, args: &'a [Expr]) -> Vec<Value> {
        let dt = self.type_of(&args[0]);
        let Type::Slice(et) = self.underlying(dt) else { return vec![] };
        let d = self.expr(&args[0]);
        let s = self.expr(&args[1]);
        let lt = self.b.ins().icmp(IntCC::SignedLessThan, d[1], s[1]);
        let n = self.b.ins().select(lt, d[1], s[1]);
        let esize = self.g.info.types.size_of(et) as i64;
        let bytes = self.b.ins().imul_imm_s(n, esize);
        self.write_barrier_bytes(d[0], bytes, et);
        self.call_runtime("memmove", &[d[0], s[0], bytes]);
        vec![n]
    }

    /// `len(x)` / `cap(x)` for non-constant x.
    pub fn len_cap(&mut self, e: &'a Expr, x: &'a Expr, cap: bool) -> Vec<Value> {
        let t = self.type_of(x);
        match self.underlying(t) {
            Type::Basic(_) => vec![self.expr(x)[1]],
            Type::Slice(_) => vec![self.expr(x)[if cap { 2 } else { 1 }]],
            Type::Array(n, _) => {
                self.expr(x);
                vec![self.b.ins().iconst(types::I64, n as i64)]
            }
            Type::Pointer(pt) => {
                let Type::Array(n, _) = self.underlying(pt) else { return vec![] };
                self.expr(x);
                vec![self.b.ins().iconst(types::I64, n as i64)]
            }
            Type::Map(..) | Type::Chan(..) => {
                // hmap.count / hchan.qcount is the first word; hchan.dataqsiz the second.
                let p = self.expr(x)[0];
                let is_nil = self.b.ins().icmp_imm_s(IntCC::Equal, p, 0);
                let load_blk = self.b.create_block();
                let done = self.b.create_block();
                self.b.append_block_param(done, types::I64);
                let z = self.b.ins().iconst(types::I64, 0);
                self.b.ins().brif(is_nil, done, &[z.into()], load_blk, &[]);
                self.b.switch_to_block(load_blk);
                let off = if cap { 8 } else { 0 };
                let v = self.b.ins().load(types::I64, MEM, p, off);
                self.b.ins().jump(done, &[v.into()]);
                self.b.switch_to_block(done);
                vec![self.b.block_params(done)[0]]
            }
            _ => {
                self.unsupported(e.pos, "len/cap of this type");
                vec![]
            }
        }
    }
}
