//! Statements: declarations, assignments, control flow with labels, switch, return.

use super::{Fx, Jump, Place};
use cranelift_codegen::ir::{InstBuilder, Value, types};
use rgo_syntax::ast::{AssignOp, BranchKind, DeclKind, Expr, ExprKind, Stmt, StmtKind};
use rgo_types::types::Type;
use rgo_types::TypeId;

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    pub fn block(&mut self, stmts: &'a [Stmt]) {
        for s in stmts {
            self.stmt(s);
            if self.failed {
                return;
            }
        }
    }

    /// Tags the instructions that follow with the source line of `pos` (line tables).
    pub fn set_line(&mut self, pos: rgo_syntax::Pos) {
        let line = self.g.files[self.file as usize].line_col(pos).0;
        self.b.set_srcloc(cranelift_codegen::ir::SourceLoc::new(line));
    }

    fn stmt(&mut self, s: &'a Stmt) {
        self.set_line(s.pos);
        // Calls made ahead of their statement are used by it (order.rs).
        self.hoisted.clear();
        if self.b.is_unreachable() && !matches!(s.kind, StmtKind::Labeled { .. }) {
            // Code after return/break/goto: lower it into a fresh unreachable block.
            self.start_dead_block();
        }
        let label = self.pending_label.take();
        match &s.kind {
            StmtKind::Empty | StmtKind::Bad => {}
            StmtKind::Decl(d) => {
                if let DeclKind::Var(g) = &d.kind {
                    for spec in &g.specs {
                        let objs: Vec<_> = spec.names.iter().map(|n| self.g.info.ident(self.file, n.id)).collect();
                        let mut places = vec![];
                        for o in &objs {
                            match o {
                                Some(o) if self.g.info.obj(*o).name != "_" => {
                                    let t = self.g.info.obj(*o).ty;
                                    self.declare_local(*o, t);
                                    let p = self.local_place(*o);
                                    places.push(p);
                                }
                                _ => places.push(Place::Blank),
                            }
                        }
                        if !spec.values.is_empty() {
                            // gc orders `var v = a + f()` like an assignment, but
                            // evaluates `var x, y = a, f()` left to right.
                            if spec.values.len() == 1 {
                                self.hoist_calls(&spec.values[0]);
                            }
                            self.assign_values(&places, &spec.values, s);
                        }
                    }
                }
            }
            StmtKind::Labeled { label: l, stmt } => {
                // A blank label names nothing (nothing can jump to it, and there may
                // be several): just the statement.
                if l.name == "_" {
                    self.stmt(stmt);
                } else {
                    let blk = self.label_block(&l.name);
                    if !self.b.is_unreachable() {
                        self.b.ins().jump(blk, &[]);
                    }
                    self.b.switch_to_block(blk);
                    self.pending_label = Some(l.name.clone());
                    self.stmt(stmt);
                    self.pending_label = None;
                }
            }
            StmtKind::Expr(e) => {
                self.hoist_calls(e);
                if matches!(super::expr::unparen(e).kind, ExprKind::Call { .. }) {
                    self.call(super::expr::unparen(e));
                } else {
                    self.expr(e);
                }
            }
            StmtKind::IncDec { x, inc, .. } => {
                let p = self.place(x);
                let t = self.type_of(x);
                let cur = self.load_place(&p);
                let one = self.one(t);
                let op = if *inc { rgo_syntax::ast::BinaryOp::Add } else { rgo_syntax::ast::BinaryOp::Sub };
                let v = self.arith(op, t, &cur, &one, x.pos);
                self.store_place(&p, &v);
            }
            StmtKind::Assign { lhs, op, rhs, .. } => {
                for e in lhs.iter().chain(rhs) {
                    self.hoist_calls(e);
                }
                self.assign(s, lhs, *op, rhs)
            }
            StmtKind::Return(results) => {
                for e in results {
                    self.hoist_calls(e);
                }
                self.return_stmt(results, s)
            }
            StmtKind::Branch { kind, label: l } => self.branch(*kind, l.as_ref().map(|l| l.name.as_str()), s),
            StmtKind::Block(b) => self.block(&b.stmts),
            StmtKind::If { init, cond, then, els } => {
                if let Some(i) = init {
                    self.stmt(i);
                }
                self.hoisted.clear(); // after the init statement's
                self.hoist_calls(cond);
                let c = self.expr(cond)[0];
                let then_blk = self.b.create_block();
                let else_blk = self.b.create_block();
                let done = self.b.create_block();
                self.b.ins().brif(c, then_blk, &[], else_blk, &[]);
                self.b.switch_to_block(then_blk);
                self.block(&then.stmts);
                if !self.b.is_unreachable() {
                    self.b.ins().jump(done, &[]);
                }
                self.b.switch_to_block(else_blk);
                if let Some(e) = els {
                    self.stmt(e);
                }
                if !self.b.is_unreachable() {
                    self.b.ins().jump(done, &[]);
                }
                self.b.switch_to_block(done);
            }
            StmtKind::For { init, cond, post, body } => {
                if let Some(i) = init {
                    self.stmt(i);
                }
                // Rotated loop: the condition is tested once before entering and again
                // after each post statement, so an iteration ends in one conditional
                // branch back instead of a jump to a test at the top.
                let body_blk = self.b.create_block();
                let post_blk = self.b.create_block();
                let exit = self.b.create_block();
                self.loop_test(cond, body_blk, exit);
                self.b.switch_to_block(body_blk);
                self.jumps.push(Jump { label, brk: exit, cont: Some(post_blk) });
                self.block(&body.stmts);
                self.jumps.pop();
                if !self.b.is_unreachable() {
                    self.b.ins().jump(post_blk, &[]);
                }
                self.b.switch_to_block(post_blk);
                if let Some(p) = post {
                    self.stmt(p);
                }
                if !self.b.is_unreachable() {
                    self.loop_test(cond, body_blk, exit);
                }
                self.b.switch_to_block(exit);
            }
            StmtKind::Switch { init, tag, clauses, .. } => {
                if let Some(i) = init {
                    self.stmt(i);
                }
                let (tag_t, tag_v) = match tag {
                    Some(t) => {
                        let ty = self.type_of(t);
                        let ty = if self.g.info.types.is_untyped(ty) { super::expr::default_type(&self.g.info.types, ty) } else { ty };
                        self.hoisted.clear(); // after the init statement's
                        self.hoist_calls(t);
                        (Some(ty), self.expr(t))
                    }
                    None => (None, vec![]),
                };
                let exit = self.b.create_block();
                let bodies: Vec<_> = clauses.iter().map(|_| self.b.create_block()).collect();
                let mut default = None;
                for (i, cl) in clauses.iter().enumerate() {
                    if cl.is_default {
                        default = Some(bodies[i]);
                        continue;
                    }
                    for v in &cl.list {
                        let hit = match tag_t {
                            Some(tt) => {
                                let x = self.expr_as(v, tt);
                                self.compare(rgo_syntax::ast::BinaryOp::Eq, tt, &tag_v, &x)
                            }
                            None => self.expr(v)[0],
                        };
                        let next = self.b.create_block();
                        self.b.ins().brif(hit, bodies[i], &[], next, &[]);
                        self.b.switch_to_block(next);
                    }
                }
                self.b.ins().jump(default.unwrap_or(exit), &[]);
                for (i, cl) in clauses.iter().enumerate() {
                    self.b.switch_to_block(bodies[i]);
                    self.jumps.push(Jump { label: label.clone(), brk: exit, cont: None });
                    self.fallthrough = bodies.get(i + 1).copied();
                    self.block(&cl.body);
                    self.jumps.pop();
                    if !self.b.is_unreachable() {
                        self.b.ins().jump(exit, &[]);
                    }
                }
                self.fallthrough = None;
                self.b.switch_to_block(exit);
            }
            StmtKind::Send { ch, value, .. } => {
                self.hoist_calls(ch);
                self.hoist_calls(value);
                self.send(ch, value)
            }
            StmtKind::Go(call) => self.go_stmt(call),
            StmtKind::Defer(call) => self.defer_stmt(call),
            StmtKind::Select { clauses, .. } => self.select_stmt(clauses, label),
            StmtKind::TypeSwitch { init, bind, x, clauses, .. } => {
                if let Some(i) = init {
                    self.stmt(i);
                }
                self.type_switch(bind.as_ref(), x, clauses, label);
            }
            StmtKind::Range { key, value, op, x, body } => self.range_stmt(key.as_ref(), value.as_ref(), *op, x, body, label),
        }
    }

    /// The places a range clause assigns to (new variables for `:=`).
    fn range_places(&mut self, key: Option<&'a Expr>, value: Option<&'a Expr>, op: Option<AssignOp>) -> (Place, Place) {
        let one = |fx: &mut Self, e: Option<&'a Expr>| -> Place {
            let Some(e) = e else { return Place::Blank };
            if op == Some(AssignOp::Define) {
                let ExprKind::Ident(id) = &e.kind else { return Place::Blank };
                if id.name == "_" {
                    return Place::Blank;
                }
                let Some(o) = fx.g.info.ident(fx.file, id.id) else { return Place::Blank };
                let t = fx.g.info.obj(o).ty;
                fx.declare_local(o, t);
                fx.local_place(o)
            } else {
                fx.place(e)
            }
        };
        let k = one(self, key);
        let v = one(self, value);
        (k, v)
    }

    fn range_stmt(&mut self, key: Option<&'a Expr>, value: Option<&'a Expr>, op: Option<AssignOp>, x: &'a Expr, body: &'a rgo_syntax::ast::Block, label: Option<String>) {
        let xt = self.type_of(x);
        let xt = if self.g.info.types.is_untyped(xt) { rgo_types::types::ids::STRING } else { xt };
        let header = self.b.create_block();
        let body_blk = self.b.create_block();
        let next = self.b.create_block();
        let exit = self.b.create_block();
        match self.underlying(xt) {
            Type::Map(kt, vt) => {
                let mt = self.type_ptr(xt);
                let m = self.expr(x)[0];
                let pre = if op == Some(AssignOp::Define) { Some(self.range_places(key, value, op)) } else { None };
                let it_t = self.g.info.types.size_of(rgo_types::types::ids::INT);
                let _ = it_t;
                let slot = self.b.create_sized_stack_slot(cranelift_codegen::ir::StackSlotData::new(cranelift_codegen::ir::StackSlotKind::ExplicitSlot, 128, 4));
                let it = self.b.ins().stack_addr(types::I64, slot, 0);
                let n = self.b.ins().iconst(types::I64, 128);
                self.call_runtime("memclr", &[it, n]);
                self.call_runtime("mapiterinit", &[mt, m, it]);
                self.b.ins().jump(header, &[]);
                self.b.switch_to_block(header);
                let it = self.b.ins().stack_addr(types::I64, slot, 0);
                let k = self.b.ins().load(types::I64, super::MEM, it, 0);
                self.b.ins().brif(k, body_blk, &[], exit, &[]);
                self.b.switch_to_block(body_blk);
                // `k, v = range m` evaluates its operands on every iteration.
                let (kp, vp) = match pre.clone() {
                    Some(p) => p,
                    None => self.range_places(key, value, op),
                };
                if !matches!(kp, Place::Blank) {
                    let kv = self.load(k, kt);
                    self.store_place(&kp, &kv);
                }
                if !matches!(vp, Place::Blank) {
                    let ep = self.b.ins().load(types::I64, super::MEM, it, 8);
                    let vv = self.load(ep, vt);
                    self.store_place(&vp, &vv);
                }
                self.loop_body(body, label, exit, next);
                self.b.switch_to_block(next);
                let it = self.b.ins().stack_addr(types::I64, slot, 0);
                self.call_runtime("mapiternext", &[it]);
                self.b.ins().jump(header, &[]);
            }
            Type::Chan(_, et) => {
                let c = self.expr(x)[0];
                let pre = if op == Some(AssignOp::Define) { Some(self.range_places(key, value, op)) } else { None };
                self.b.ins().jump(header, &[]);
                self.b.switch_to_block(header);
                let slot = self.temp_slot(et);
                let ok = self.call_runtime("chanrecv2", &[c, slot])[0];
                self.b.ins().brif(ok, body_blk, &[], exit, &[]);
                self.b.switch_to_block(body_blk);
                let (kp, _) = match pre.clone() {
                    Some(p) => p,
                    None => self.range_places(key, value, op),
                };
                if !matches!(kp, Place::Blank) {
                    let v = self.load(slot, et);
                    self.store_place(&kp, &v);
                }
                self.loop_body(body, label, exit, next);
                self.b.switch_to_block(next);
                self.b.ins().jump(header, &[]);
            }
            ut => {
                // Arrays, pointers to arrays, slices and strings: an index loop.
                let is_string = matches!(ut, Type::Basic(_));
                let (base, len, et) = match ut {
                    Type::Basic(_) => {
                        let s = self.expr(x);
                        (s[0], s[1], rgo_types::types::ids::UINT8)
                    }
                    Type::Slice(et) => {
                        let s = self.expr(x);
                        (s[0], s[1], et)
                    }
                    Type::Array(n, et) => {
                        // Ranging over an array ranges over a copy (unless only the index is used).
                        let a = if value.is_some() {
                            let v = self.expr(x);
                            if v.is_empty() { self.addr_of(x) } else { self.spill(&v, xt) }
                        } else {
                            // Only the index: x is evaluated just for its side effects.
                            if has_call(x) {
                                self.expr(x);
                            }
                            self.b.ins().iconst(types::I64, 0)
                        };
                        (a, self.b.ins().iconst(types::I64, n as i64), et)
                    }
                    Type::Pointer(pt) => {
                        let Type::Array(n, et) = self.underlying(pt) else { return };
                        let p = self.expr(x)[0];
                        (p, self.b.ins().iconst(types::I64, n as i64), et)
                    }
                    _ => {
                        self.unsupported(x.pos, "ranging over this type");
                        return;
                    }
                };
                let pre = if op == Some(AssignOp::Define) { Some(self.range_places(key, value, op)) } else { None };
                let zero = self.b.ins().iconst(types::I64, 0);
                self.b.append_block_param(header, types::I64);
                self.b.ins().jump(header, &[zero.into()]);
                self.b.switch_to_block(header);
                let i = self.b.block_params(header)[0];
                let more = self.b.ins().icmp(cranelift_codegen::ir::condcodes::IntCC::SignedLessThan, i, len);
                self.b.ins().brif(more, body_blk, &[], exit, &[]);
                self.b.switch_to_block(body_blk);
                let (kp, vp) = match pre.clone() {
                    Some(p) => p,
                    None => self.range_places(key, value, op),
                };
                let next_i;
                if is_string {
                    // Decode one rune: ASCII inline, the rest in the runtime.
                    let bp = self.b.ins().iadd(base, i);
                    let byte = self.b.ins().uload8(types::I32, super::MEM, bp, 0);
                    let ascii = self.b.ins().icmp_imm_u(cranelift_codegen::ir::condcodes::IntCC::UnsignedLessThan, byte, 0x80);
                    let fast = self.b.create_block();
                    let slow = self.b.create_block();
                    let joined = self.b.create_block();
                    self.b.append_block_param(joined, types::I32);
                    self.b.append_block_param(joined, types::I64);
                    self.b.ins().brif(ascii, fast, &[], slow, &[]);
                    self.b.switch_to_block(fast);
                    let i1 = self.b.ins().iadd_imm_s(i, 1);
                    self.b.ins().jump(joined, &[byte.into(), i1.into()]);
                    self.b.switch_to_block(slow);
                    let r = self.call_runtime("decoderune", &[base, len, i]);
                    let r32 = self.b.ins().ireduce(types::I32, r[0]);
                    self.b.ins().jump(joined, &[r32.into(), r[1].into()]);
                    self.b.switch_to_block(joined);
                    let rune = self.b.block_params(joined)[0];
                    next_i = self.b.block_params(joined)[1];
                    self.store_place(&kp, &[i]);
                    self.store_place(&vp, &[rune]);
                } else {
                    next_i = self.b.ins().iadd_imm_s(i, 1);
                    self.store_place(&kp, &[i]);
                    if !matches!(vp, Place::Blank) {
                        let esize = self.g.info.types.size_of(et) as i64;
                        let off = self.b.ins().imul_imm_s(i, esize);
                        let a = self.b.ins().iadd(base, off);
                        let v = self.load(a, et);
                        self.store_place(&vp, &v);
                    }
                }
                // `continue` jumps to `next`, which needs the next index.
                let ni = self.b.declare_var(types::I64);
                self.b.def_var(ni, next_i);
                self.loop_body(body, label, exit, next);
                self.b.switch_to_block(next);
                let nv = self.b.use_var(ni);
                self.b.ins().jump(header, &[nv.into()]);
            }
        }
        self.b.switch_to_block(exit);
    }

    pub fn push_break(&mut self, label: Option<String>, exit: cranelift_codegen::ir::Block) {
        self.jumps.push(Jump { label, brk: exit, cont: None });
    }

    pub fn pop_break(&mut self) {
        self.jumps.pop();
    }

    fn loop_body(&mut self, body: &'a rgo_syntax::ast::Block, label: Option<String>, exit: cranelift_codegen::ir::Block, next: cranelift_codegen::ir::Block) {
        self.jumps.push(Jump { label, brk: exit, cont: Some(next) });
        self.block(&body.stmts);
        self.jumps.pop();
        if !self.b.is_unreachable() {
            self.b.ins().jump(next, &[]);
        }
    }

    /// Branches to `body` while `cond` holds (always without a condition), else to `exit`.
    fn loop_test(&mut self, cond: &'a Option<Expr>, body: cranelift_codegen::ir::Block, exit: cranelift_codegen::ir::Block) {
        match cond {
            Some(c) => {
                self.hoisted.clear();
                self.hoist_calls(c);
                let v = self.expr(c)[0];
                self.b.ins().brif(v, body, &[], exit, &[]);
            }
            None => {
                self.b.ins().jump(body, &[]);
            }
        }
    }

    /// The constant 1 of a numeric type (for ++ and --).
    fn one(&mut self, t: TypeId) -> Vec<Value> {
        let parts = self.parts(t);
        parts
            .iter()
            .enumerate()
            .map(|(i, p)| match (p.ty, i) {
                (types::F32, 0) => self.b.ins().f32const(1.0),
                (types::F64, 0) => self.b.ins().f64const(1.0),
                (types::F32, _) => self.b.ins().f32const(0.0),
                (types::F64, _) => self.b.ins().f64const(0.0),
                (ty, _) => self.b.ins().iconst(ty, 1),
            })
            .collect()
    }

    /// `lhs op rhs` (`=`, `:=` or `op=`), with the statement's calls already made.
    fn assign(&mut self, s: &'a Stmt, lhs: &'a [Expr], op: AssignOp, rhs: &'a [Expr]) {
        match op {
                AssignOp::Define => {
                    let mut places = vec![];
                    for l in lhs {
                        let ExprKind::Ident(id) = &l.kind else { continue };
                        match self.g.info.ident(self.file, id.id) {
                            Some(o) if id.name != "_" => {
                                if !self.locals.contains_key(&o) && !self.g.globals.contains_key(&o) {
                                    let t = self.g.info.obj(o).ty;
                                    self.declare_local(o, t);
                                }
                                let p = self.var_place(o, l);
                                places.push(p);
                            }
                            _ => places.push(Place::Blank),
                        }
                    }
                    self.assign_values(&places, rhs, s);
                }
                AssignOp::Assign => {
                    let places: Vec<Place> = lhs.iter().map(|l| self.place(l)).collect();
                    self.assign_values(&places, rhs, s);
                }
                AssignOp::Op(bop) => {
                    let p = self.place(&lhs[0]);
                    let t = self.type_of(&lhs[0]);
                    let cur = self.load_place(&p);
                    let v = if matches!(bop, rgo_syntax::ast::BinaryOp::Shl | rgo_syntax::ast::BinaryOp::Shr) {
                        let ct = self.type_of(&rhs[0]);
                        let c = self.expr(&rhs[0]);
                        vec![self.shift(bop, t, cur[0], ct, c[0])]
                    } else {
                        let r = self.expr(&rhs[0]);
                        self.arith(bop, t, &cur, &r, s.pos)
                    };
                    self.store_place(&p, &v);
                }
        }
    }

    fn label_block(&mut self, name: &str) -> cranelift_codegen::ir::Block {
        if let Some(&b) = self.labels.get(name) {
            return b;
        }
        let b = self.b.create_block();
        self.labels.insert(name.to_string(), b);
        b
    }

    /// Evaluates all right-hand sides, then stores into `places` left to right.
    fn assign_values(&mut self, places: &[Place], rhs: &'a [Expr], s: &'a Stmt) {
        let mut vals = vec![];
        if places.len() == rhs.len() {
            for (p, r) in places.iter().zip(rhs) {
                let v = match self.place_type(p) {
                    Some(t) => self.expr_as(r, t),
                    None => self.expr(r),
                };
                vals.push(v);
            }
        } else if rhs.len() == 1 {
            let rt = self.type_of(&rhs[0]);
            let rts: Vec<TypeId> = match self.g.info.types.get(rt) {
                Type::Tuple(ts) => ts.clone(),
                _ => vec![rt; places.len()],
            };
            let vs = self.multi_value(&rhs[0], places.len());
            for ((p, v), t) in places.iter().zip(vs).zip(rts) {
                let v = match self.place_type(p) {
                    Some(pt) => self.assign_conv(v, t, pt, s.pos),
                    None => v,
                };
                vals.push(v);
            }
        }
        for (p, v) in places.iter().zip(vals) {
            self.store_place(p, &v);
        }
    }

    fn return_stmt(&mut self, results: &'a [Expr], s: &'a Stmt) {
        if results.is_empty() {
            self.emit_return();
            self.start_dead_block();
            return;
        }
        let rtypes: Vec<TypeId> = self.result_types();
        let mut flat = vec![];
        if results.len() == rtypes.len() {
            for (r, t) in results.iter().zip(&rtypes) {
                flat.extend(self.expr_as(r, *t));
            }
        } else {
            let rt = self.type_of(&results[0]);
            let Type::Tuple(ts) = self.g.info.types.get(rt).clone() else { return };
            let vs = self.multi_value(&results[0], rtypes.len());
            for ((v, from), to) in vs.into_iter().zip(ts).zip(&rtypes) {
                flat.extend(self.assign_conv(v, from, *to, s.pos));
            }
        }
        if self.has_defer {
            // Results go to their places first: deferred calls may read or change them.
            let places = self.result_places();
            let mut k = 0;
            for (p, t) in places.iter().zip(&rtypes) {
                let n = self.parts(*t).len();
                self.store_place(p, &flat[k..k + n]);
                k += n;
            }
            self.emit_return();
        } else {
            self.b.ins().return_(&flat);
        }
        self.start_dead_block();
    }

    fn branch(&mut self, kind: BranchKind, label: Option<&str>, s: &'a Stmt) {
        let target = match kind {
            BranchKind::Goto => Some(self.label_block(label.unwrap_or(""))),
            BranchKind::Fallthrough => self.fallthrough,
            BranchKind::Break => self.jumps.iter().rev().find(|j| label.is_none() || j.label.as_deref() == label).map(|j| j.brk),
            BranchKind::Continue => self
                .jumps
                .iter()
                .rev()
                .find(|j| j.cont.is_some() && (label.is_none() || j.label.as_deref() == label))
                .and_then(|j| j.cont),
        };
        match target {
            Some(t) => {
                self.b.ins().jump(t, &[]);
                self.start_dead_block();
            }
            None => self.unsupported(s.pos, "this branch statement"),
        }
    }
}

/// Whether evaluating `e` may have side effects (a call or a receive).
fn has_call(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Call { .. } => true,
        ExprKind::Unary { op: rgo_syntax::ast::UnaryOp::Recv, .. } => true,
        ExprKind::Paren(x) | ExprKind::Star(x) | ExprKind::Unary { x, .. } | ExprKind::Selector { x, .. } => has_call(x),
        ExprKind::Index { x, indices, .. } => has_call(x) || indices.iter().any(has_call),
        ExprKind::Binary { x, y, .. } => has_call(x) || has_call(y),
        ExprKind::CompositeLit { elts, .. } => elts.iter().any(has_call),
        ExprKind::KeyValue { key, value, .. } => has_call(key) || has_call(value),
        _ => false,
    }
}
