//! Expressions: constants, variables, operators, calls, indexing, conversions.

use super::{Fx, Place};
use cranelift_codegen::ir::{InstBuilder, Value, condcodes::IntCC, types};
use rgo_syntax::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use rgo_types::constant::Value as Const;
use rgo_types::types::{BasicKind, Type, ids};
use rgo_types::{Mode, ObjKind, TypeId};

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    /// The value of `e`, in the type the checker recorded for it.
    pub fn expr(&mut self, e: &'a Expr) -> Vec<Value> {
        let Some(info) = self.g.info.expr(self.file, e.id).cloned() else {
            self.unsupported(e.pos, "this expression (no type information)");
            return vec![];
        };
        let mut t = info.ty;
        if self.g.info.types.is_untyped(t) {
            t = default_type(&self.g.info.types, t);
        }
        if !self.subst.is_empty() {
            if let Some(v) = self.substituted(e.id) {
                return v;
            }
        }
        let vals = if let Mode::Const(v) = &info.mode { self.const_value(v, t, e) } else { self.expr_kind(e, t) };
        // After an unsupported construct (already reported), keep lowering with zero
        // values of the right shape so that the rest of the function cannot trip.
        if self.failed && vals.len() != self.parts(t).len() {
            return self.zero_value(t);
        }
        vals
    }

    fn expr_kind(&mut self, e: &'a Expr, t: TypeId) -> Vec<Value> {
        match &e.kind {
            ExprKind::Paren(x) => self.expr(x),
            ExprKind::Ident(id) => {
                let Some(obj) = self.g.info.ident(self.file, id.id) else {
                    self.unsupported(e.pos, "this identifier");
                    return vec![];
                };
                match self.g.info.obj(obj).kind {
                    ObjKind::Nil => self.zero_value(t),
                    ObjKind::Var { .. } => {
                        let p = self.var_place(obj, e);
                        self.load_place(&p)
                    }
                    ObjKind::Func { .. } => self.func_value(obj, e.pos),
                    _ => {
                        self.unsupported(e.pos, "this identifier as a value");
                        vec![]
                    }
                }
            }
            ExprKind::Unary { op, x } => self.unary(e, *op, x, t),
            ExprKind::Binary { op, x, y, .. } => self.binary(*op, x, y, t),
            ExprKind::Call { .. } => {
                let mut r = self.call(e);
                if r.len() != 1 {
                    self.unsupported(e.pos, "using a multi-value call here");
                    return vec![];
                }
                r.pop().unwrap()
            }
            ExprKind::Index { x, indices, .. } => self.index(e, x, &indices[0], t),
            ExprKind::Selector { sel, .. } => {
                // runtime.F as a value.
                if self.extern_func(sel.id).is_some() {
                    let o = self.g.info.ident(self.file, sel.id).unwrap();
                    return self.func_value(o, e.pos);
                }
                // pkg.V and pkg.F of another package of the program.
                if let Some(o) = self.qualified_obj(sel) {
                    return match self.g.info.obj(o).kind {
                        ObjKind::Var { .. } => {
                            let p = self.global_place(o);
                            self.load_place(&p)
                        }
                        _ => self.func_value(o, e.pos),
                    };
                }
                match self.selector_place(e) {
                    Some(p) => self.load_place(&p),
                    None => self.method_value(e),
                }
            }
            ExprKind::Star(x) => {
                let p = self.expr(x)[0];
                // A zero-size load touches no memory: check nil explicitly.
                if self.g.info.types.size_of(t) == 0 {
                    self.emit_nil_check(p);
                } else {
                    self.nil_check_for(p, t);
                }
                self.load(p, t)
            }
            ExprKind::Slice { .. } => self.slice_expr(e),
            ExprKind::CompositeLit { .. } => self.composite_value(e),
            ExprKind::FuncLit { .. } => self.closure(e),
            ExprKind::TypeAssert { .. } => {
                let mut r = self.type_assert(e, false);
                r.truncate(1);
                r.pop().unwrap_or_default()
            }
            _ => {
                self.unsupported(e.pos, "this kind of expression");
                vec![]
            }
        }
    }

    /// The package-level variable or function a qualified identifier `pkg.Name` denotes.
    fn qualified_obj(&mut self, sel: &rgo_syntax::ast::Ident) -> Option<rgo_types::ObjId> {
        let o = self.g.info.ident(self.file, sel.id)?;
        // A variable of package runtime (runtime.MemProfileRate): an imported data symbol.
        if matches!(self.g.info.obj(o).kind, ObjKind::Var { global: true, .. }) && self.g.info.obj(o).file.is_none() && !self.g.globals.contains_key(&o) {
            let name = self.g.info.obj(o).link_name.clone();
            if let Ok(id) = cranelift_module::Module::declare_data(&mut self.g.module, &name, cranelift_module::Linkage::Import, true, false) {
                self.g.globals.insert(o, id);
            }
        }
        match self.g.info.obj(o).kind {
            ObjKind::Var { global: true, .. } if self.g.globals.contains_key(&o) => Some(o),
            ObjKind::Func { recv: None } if self.g.funcs.contains_key(&o) => Some(o),
            _ => None,
        }
    }

    /// The value of `e` converted for assignment to type `t` (interface boxing).
    pub fn expr_as(&mut self, e: &'a Expr, t: TypeId) -> Vec<Value> {
        let from = self.type_of(e);
        let v = self.expr(e);
        self.assign_conv(v, from, t, e.pos)
    }

    /// Implicit conversion on assignment: only boxing into interfaces changes the value.
    pub fn assign_conv(&mut self, v: Vec<Value>, from: TypeId, to: TypeId, pos: rgo_syntax::Pos) -> Vec<Value> {
        let tt = &self.g.info.types;
        if tt.is_interface(to) && !(tt.is_interface(from) && tt.identical(from, to)) {
            if from == ids::UNTYPED_NIL {
                return self.zero_value(to);
            }
            let from = if tt.is_untyped(from) { default_type(tt, from) } else { from };
            return self.box_value(v, from, to, pos);
        }
        v
    }

    /// Makes an interface value holding `v` of type `from`.
    pub fn box_value(&mut self, v: Vec<Value>, from: TypeId, to: TypeId, _pos: rgo_syntax::Pos) -> Vec<Value> {
        self.to_iface(v, from, to)
    }

    pub fn const_value(&mut self, v: &Const, t: TypeId, e: &'a Expr) -> Vec<Value> {
        let tt = &self.g.info.types;
        if tt.is_interface(t) {
            // A constant boxed into an interface: its default type.
            let from = self.g.info.expr(self.file, e.id).map(|i| i.ty).unwrap_or(t);
            let from = if tt.is_interface(from) { ids::INT } else { default_type(tt, from) };
            let inner = self.const_value(v, from, e);
            return self.box_value(inner, from, t, e.pos);
        }
        let Some(k) = tt.basic(t) else {
            self.unsupported(e.pos, "constants of this type");
            return vec![];
        };
        match k {
            BasicKind::String | BasicKind::UntypedString => {
                let Const::String(s) = v else { return vec![] };
                self.string_const(s)
            }
            BasicKind::Bool | BasicKind::UntypedBool => {
                let b = matches!(v, Const::Bool(true));
                vec![self.b.ins().iconst(types::I8, b as i64)]
            }
            BasicKind::Float32 => vec![self.b.ins().f32const(v.as_f64().unwrap_or(0.0) as f32)],
            BasicKind::Float64 | BasicKind::UntypedFloat => vec![self.b.ins().f64const(v.as_f64().unwrap_or(0.0))],
            BasicKind::Complex64 => {
                let (re, im) = v.as_complex_f64().unwrap_or((0.0, 0.0));
                vec![self.b.ins().f32const(re as f32), self.b.ins().f32const(im as f32)]
            }
            BasicKind::Complex128 | BasicKind::UntypedComplex => {
                let (re, im) = v.as_complex_f64().unwrap_or((0.0, 0.0));
                vec![self.b.ins().f64const(re), self.b.ins().f64const(im)]
            }
            _ => {
                let ty = self.parts(t).first().map(|p| p.ty).unwrap_or(types::I64);
                let bits = v.as_bigint().unwrap_or_default();
                // Two's complement truncation of the exact value to 64 bits.
                let (sign, digits) = bits.to_u64_digits();
                let mut x = digits.first().copied().unwrap_or(0);
                if sign == num_bigint::Sign::Minus {
                    x = x.wrapping_neg();
                }
                vec![self.b.ins().iconst(ty, x as i64)]
            }
        }
    }

    pub fn string_const(&mut self, s: &[u8]) -> Vec<Value> {
        if s.is_empty() {
            let z = self.b.ins().iconst(types::I64, 0);
            return vec![z, z];
        }
        let id = self.g.string_data(s);
        let gv = self.g.data_ref(id, self.b.func);
        let p = self.b.ins().symbol_value(types::I64, gv);
        let n = self.b.ins().iconst(types::I64, s.len() as i64);
        vec![p, n]
    }

    /// The place of variable `obj` referenced at `e`.
    pub fn var_place(&mut self, obj: rgo_types::ObjId, e: &'a Expr) -> Place {
        if self.locals.contains_key(&obj) {
            return self.local_place(obj);
        }
        if self.g.globals.contains_key(&obj) {
            return self.global_place(obj);
        }
        self.unsupported(e.pos, "captured variables (closures)");
        Place::Blank
    }

    /// The place an assignable expression denotes.
    pub fn place(&mut self, e: &'a Expr) -> Place {
        match &e.kind {
            ExprKind::Paren(x) => self.place(x),
            ExprKind::Ident(id) if id.name == "_" => Place::Blank,
            ExprKind::Ident(id) => match self.g.info.ident(self.file, id.id) {
                Some(obj) => self.var_place(obj, e),
                None => {
                    self.unsupported(e.pos, "this assignment target");
                    Place::Blank
                }
            },
            ExprKind::Star(x) => {
                let t = self.type_of(e);
                let p = self.expr(x)[0];
                self.nil_check_for(p, t);
                Place::Mem(p, t)
            }
            ExprKind::Selector { sel, .. } if self.qualified_obj(sel).is_some_and(|o| self.g.globals.contains_key(&o)) => {
                let o = self.qualified_obj(sel).unwrap();
                self.global_place(o)
            }
            ExprKind::Selector { .. } => match self.selector_place(e) {
                Some(p) => p,
                None => {
                    self.unsupported(e.pos, "this assignment target");
                    Place::Blank
                }
            },
            ExprKind::Index { x, indices, .. } => {
                if let Type::Map(kt, vt) = self.underlying(self.type_of(x)) {
                    let mt = self.type_ptr(self.type_of(x));
                    let m = self.expr(x)[0];
                    let kv = self.expr_as(&indices[0], kt);
                    let ka = self.spill(&kv, kt);
                    return Place::Map { maptype: mt, map: m, key: ka, elem: vt };
                }
                match self.index_place(x, &indices[0]) {
                    Some(p) => p,
                    None => {
                        self.unsupported(e.pos, "this assignment target");
                        Place::Blank
                    }
                }
            }
            _ => {
                self.unsupported(e.pos, "this assignment target");
                Place::Blank
            }
        }
    }

    fn unary(&mut self, e: &'a Expr, op: UnaryOp, x: &'a Expr, t: TypeId) -> Vec<Value> {
        match op {
            UnaryOp::Pos => self.expr(x),
            UnaryOp::Neg => {
                let v = self.expr(x);
                if self.is_float(t) {
                    v.iter().map(|&p| self.b.ins().fneg(p)).collect()
                } else {
                    v.iter().map(|&p| self.b.ins().ineg(p)).collect()
                }
            }
            UnaryOp::Not => {
                let v = self.expr(x);
                vec![self.b.ins().bxor_imm_u(v[0], 1)]
            }
            UnaryOp::Xor => {
                let v = self.expr(x);
                vec![self.b.ins().bnot(v[0])]
            }
            UnaryOp::Addr => vec![self.addr_of(x)],
            UnaryOp::Recv => {
                let mut r = self.recv(e, x, false);
                r.truncate(1);
                r.pop().unwrap_or_default()
            }
            _ => {
                self.unsupported(e.pos, &format!("the {} operator", op.as_str()));
                vec![]
            }
        }
    }

    pub fn is_float(&self, t: TypeId) -> bool {
        self.g.info.types.basic(t).is_some_and(|k| k.is_float() || k.is_complex())
    }

    fn binary(&mut self, op: BinaryOp, x: &'a Expr, y: &'a Expr, t: TypeId) -> Vec<Value> {
        match op {
            BinaryOp::LAnd | BinaryOp::LOr => {
                // Short-circuit: y is evaluated only when needed.
                let l = self.expr(x)[0];
                let rhs = self.b.create_block();
                let done = self.b.create_block();
                self.b.append_block_param(done, types::I8);
                if op == BinaryOp::LAnd {
                    self.b.ins().brif(l, rhs, &[], done, &[l.into()]);
                } else {
                    self.b.ins().brif(l, done, &[l.into()], rhs, &[]);
                }
                self.b.switch_to_block(rhs);
                let r = self.expr(y)[0];
                self.b.ins().jump(done, &[r.into()]);
                self.b.switch_to_block(done);
                vec![self.b.block_params(done)[0]]
            }
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let mut xt = self.type_of(x);
                let mut yt = self.type_of(y);
                // nil compared with a typed value: use the typed side's type.
                if xt == ids::UNTYPED_NIL {
                    xt = yt;
                }
                if yt == ids::UNTYPED_NIL {
                    yt = xt;
                }
                let ct = if self.g.info.types.is_untyped(xt) || (self.g.info.types.is_interface(yt) && !self.g.info.types.is_interface(xt)) { yt } else { xt };
                let ct = if self.g.info.types.is_untyped(ct) { default_type(&self.g.info.types, ct) } else { ct };
                let l = self.expr_as(x, ct);
                let r = self.expr_as(y, ct);
                vec![self.compare(op, ct, &l, &r)]
            }
            BinaryOp::Shl | BinaryOp::Shr => {
                let l = self.expr(x);
                let ct = self.type_of(y);
                let r = self.expr(y);
                vec![self.shift(op, t, l[0], ct, r[0])]
            }
            _ => {
                let l = self.expr(x);
                let r = self.expr(y);
                self.arith(op, t, &l, &r, x.pos)
            }
        }
    }

    fn index(&mut self, e: &'a Expr, x: &'a Expr, i: &'a Expr, _t: TypeId) -> Vec<Value> {
        let xt = self.type_of(x);
        let u = self.g.info.types.underlying(xt);
        match self.g.info.types.get(u) {
            Type::Basic(k) if k.is_string() => {
                let s = self.expr(x);
                let it = self.type_of(i);
                let idx = self.expr(i)[0];
                let idx = self.to_i64(idx, it);
                self.bounds_check(idx, s[1]);
                let addr = self.b.ins().iadd(s[0], idx);
                vec![self.b.ins().load(types::I8, super::MEM, addr, 0)]
            }
            Type::Map(..) => {
                let mut r = self.map_index(x, i, false);
                r.truncate(1);
                r.pop().unwrap_or_default()
            }
            _ => match self.index_place(x, i) {
                Some(p) => self.load_place(&p),
                None => {
                    self.unsupported(e.pos, "indexing this type");
                    vec![]
                }
            },
        }
    }

    /// Widens an integer index to i64 (sign- or zero-extending by its type).
    pub fn to_i64(&mut self, v: Value, t: TypeId) -> Value {
        let ty = self.b.func.dfg.value_type(v);
        if ty == types::I64 {
            return v;
        }
        let unsigned = self.g.info.types.basic(t).is_some_and(|k| k.is_unsigned());
        if unsigned { self.b.ins().uextend(types::I64, v) } else { self.b.ins().sextend(types::I64, v) }
    }

    /// Panics with gc's "index out of range [i] with length n" unless 0 <= i < n.
    pub fn bounds_check(&mut self, idx: Value, len: Value) {
        let ok = self.b.ins().icmp(IntCC::UnsignedLessThan, idx, len);
        let fail = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(ok, cont, &[], fail, &[]);
        self.b.set_cold_block(fail);
        self.b.switch_to_block(fail);
        self.call_runtime("panicIndex", &[idx, len]);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// Calls yielding several values: `f()` with several results.
    pub fn multi_value(&mut self, e: &'a Expr, n: usize) -> Vec<Vec<Value>> {
        match &unparen(e).kind {
            ExprKind::Call { .. } => {
                let r = self.call(e);
                if r.len() != n {
                    self.unsupported(e.pos, "this multi-value expression");
                    return vec![vec![]; n];
                }
                r
            }
            ExprKind::Index { x, indices, .. } => self.map_index(x, &indices[0], true),
            ExprKind::Unary { op: UnaryOp::Recv, x } => self.recv(e, x, true),
            ExprKind::TypeAssert { .. } => self.type_assert(unparen(e), true),
            _ => {
                self.unsupported(e.pos, "this multi-value expression");
                vec![vec![]; n]
            }
        }
    }
}

/// The default type of an untyped type (int for untyped int, …).
pub fn default_type(tt: &rgo_types::TypeTable, t: TypeId) -> TypeId {
    match tt.get(t) {
        Type::Basic(BasicKind::UntypedBool) => ids::BOOL,
        Type::Basic(BasicKind::UntypedInt) => ids::INT,
        Type::Basic(BasicKind::UntypedRune) => ids::INT32,
        Type::Basic(BasicKind::UntypedFloat) => ids::FLOAT64,
        Type::Basic(BasicKind::UntypedComplex) => ids::COMPLEX128,
        Type::Basic(BasicKind::UntypedString) => ids::STRING,
        _ => t,
    }
}

pub fn unparen(e: &Expr) -> &Expr {
    match &e.kind {
        ExprKind::Paren(x) => unparen(x),
        _ => e,
    }
}
