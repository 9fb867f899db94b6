//! Arithmetic, comparison, shifts and conversions with Go's semantics: integer
//! division checks for zero and defines MinInt / -1 (x86's idiv would fault), shifts
//! by the type width or more give 0 or sign fill, negative shift counts panic.

use super::Fx;
use cranelift_codegen::ir::{InstBuilder, Value, condcodes::FloatCC, condcodes::IntCC, types};
use rgo_syntax::ast::BinaryOp;
use rgo_syntax::Pos;
use rgo_types::types::{BasicKind, Type};
use rgo_types::TypeId;

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    fn kind(&self, t: TypeId) -> Option<BasicKind> {
        self.g.info.types.basic(t)
    }

    pub fn arith(&mut self, op: BinaryOp, t: TypeId, l: &[Value], r: &[Value], pos: Pos) -> Vec<Value> {
        let Some(k) = self.kind(t) else {
            self.unsupported(pos, "this operator on non-basic types");
            return vec![];
        };
        if k.is_string() {
            return self.call_runtime("concatstring2", &[l[0], l[1], r[0], r[1]]);
        }
        if k.is_complex() {
            return self.complex_arith(op, l, r, pos);
        }
        let (x, y) = (l[0], r[0]);
        if k.is_float() {
            let v = match op {
                BinaryOp::Add => self.b.ins().fadd(x, y),
                BinaryOp::Sub => self.b.ins().fsub(x, y),
                BinaryOp::Mul => self.b.ins().fmul(x, y),
                BinaryOp::Div => self.b.ins().fdiv(x, y),
                _ => {
                    self.unsupported(pos, "this float operator");
                    return vec![];
                }
            };
            return vec![v];
        }
        let v = match op {
            BinaryOp::Add => self.b.ins().iadd(x, y),
            BinaryOp::Sub => self.b.ins().isub(x, y),
            BinaryOp::Mul => self.b.ins().imul(x, y),
            BinaryOp::And => self.b.ins().band(x, y),
            BinaryOp::Or => self.b.ins().bor(x, y),
            BinaryOp::Xor => self.b.ins().bxor(x, y),
            BinaryOp::AndNot => self.b.ins().band_not(x, y),
            BinaryOp::Div | BinaryOp::Rem => self.divide(op == BinaryOp::Div, k.is_unsigned(), x, y),
            BinaryOp::LAnd => self.b.ins().band(x, y),
            BinaryOp::LOr => self.b.ins().bor(x, y),
            _ => {
                self.unsupported(pos, "this integer operator");
                return vec![];
            }
        };
        vec![v]
    }

    fn complex_arith(&mut self, op: BinaryOp, l: &[Value], r: &[Value], pos: Pos) -> Vec<Value> {
        let (a, b, c, d) = (l[0], l[1], r[0], r[1]);
        match op {
            BinaryOp::Add => vec![self.b.ins().fadd(a, c), self.b.ins().fadd(b, d)],
            BinaryOp::Sub => vec![self.b.ins().fsub(a, c), self.b.ins().fsub(b, d)],
            BinaryOp::Mul => {
                let ac = self.b.ins().fmul(a, c);
                let bd = self.b.ins().fmul(b, d);
                let ad = self.b.ins().fmul(a, d);
                let bc = self.b.ins().fmul(b, c);
                vec![self.b.ins().fsub(ac, bd), self.b.ins().fadd(ad, bc)]
            }
            BinaryOp::Div => {
                // Smith's algorithm: scale by the larger of |c| and |d| to avoid
                // overflow. (Division by zero gives Inf/NaN, as in Go.)
                let ac = self.b.ins().fabs(c);
                let ad = self.b.ins().fabs(d);
                let c_big = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, ac, ad);
                let big = self.b.create_block();
                let small = self.b.create_block();
                let done = self.b.create_block();
                let fty = self.b.func.dfg.value_type(a);
                self.b.append_block_param(done, fty);
                self.b.append_block_param(done, fty);
                self.b.ins().brif(c_big, big, &[], small, &[]);
                // |c| >= |d|: r = d/c, den = c + d*r, re = (a + b*r)/den, im = (b - a*r)/den
                self.b.switch_to_block(big);
                let r = self.b.ins().fdiv(d, c);
                let dr = self.b.ins().fmul(d, r);
                let den = self.b.ins().fadd(c, dr);
                let br = self.b.ins().fmul(b, r);
                let re_n = self.b.ins().fadd(a, br);
                let ar = self.b.ins().fmul(a, r);
                let im_n = self.b.ins().fsub(b, ar);
                let re = self.b.ins().fdiv(re_n, den);
                let im = self.b.ins().fdiv(im_n, den);
                self.b.ins().jump(done, &[re.into(), im.into()]);
                // |c| < |d|: r = c/d, den = c*r + d, re = (a*r + b)/den, im = (b*r - a)/den
                self.b.switch_to_block(small);
                let r = self.b.ins().fdiv(c, d);
                let cr = self.b.ins().fmul(c, r);
                let den = self.b.ins().fadd(cr, d);
                let ar = self.b.ins().fmul(a, r);
                let re_n = self.b.ins().fadd(ar, b);
                let br = self.b.ins().fmul(b, r);
                let im_n = self.b.ins().fsub(br, a);
                let re = self.b.ins().fdiv(re_n, den);
                let im = self.b.ins().fdiv(im_n, den);
                self.b.ins().jump(done, &[re.into(), im.into()]);
                self.b.switch_to_block(done);
                self.b.block_params(done).to_vec()
            }
            _ => {
                self.unsupported(pos, "this complex operator");
                vec![]
            }
        }
    }

    /// x / y or x % y with Go's run-time checks.
    fn divide(&mut self, div: bool, unsigned: bool, x: Value, y: Value) -> Value {
        let ty = self.b.func.dfg.value_type(x);
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, y, 0);
        let panic_blk = self.b.create_block();
        let ok = self.b.create_block();
        self.b.ins().brif(zero, panic_blk, &[], ok, &[]);
        self.b.set_cold_block(panic_blk);
        self.b.switch_to_block(panic_blk);
        self.call_runtime("panicdivide", &[]);
        self.b.ins().jump(ok, &[]);
        self.b.switch_to_block(ok);
        if unsigned {
            return if div { self.b.ins().udiv(x, y) } else { self.b.ins().urem(x, y) };
        }
        // y == -1: x / -1 = -x (wrapping), x % -1 = 0; avoids the MinInt / -1 fault.
        let m1 = self.b.ins().icmp_imm_s(IntCC::Equal, y, -1);
        let neg_blk = self.b.create_block();
        let div_blk = self.b.create_block();
        let done = self.b.create_block();
        self.b.append_block_param(done, ty);
        self.b.ins().brif(m1, neg_blk, &[], div_blk, &[]);
        self.b.switch_to_block(neg_blk);
        let r = if div { self.b.ins().ineg(x) } else { self.b.ins().iconst(ty, 0) };
        self.b.ins().jump(done, &[r.into()]);
        self.b.switch_to_block(div_blk);
        let r = if div { self.b.ins().sdiv(x, y) } else { self.b.ins().srem(x, y) };
        self.b.ins().jump(done, &[r.into()]);
        self.b.switch_to_block(done);
        self.b.block_params(done)[0]
    }

    pub fn shift(&mut self, op: BinaryOp, t: TypeId, x: Value, count_t: TypeId, count: Value) -> Value {
        let ty = self.b.func.dfg.value_type(x);
        let bits = ty.bits() as i64;
        let count_signed = self.kind(count_t).is_some_and(|k| !k.is_unsigned());
        if count_signed {
            let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, count, 0);
            let panic_blk = self.b.create_block();
            let ok = self.b.create_block();
            self.b.ins().brif(neg, panic_blk, &[], ok, &[]);
            self.b.set_cold_block(panic_blk);
            self.b.switch_to_block(panic_blk);
            self.call_runtime("panicshift", &[]);
            self.b.ins().jump(ok, &[]);
            self.b.switch_to_block(ok);
        }
        let big = self.b.ins().icmp_imm_s(IntCC::UnsignedGreaterThanOrEqual, count, bits);
        let unsigned = self.kind(t).is_some_and(|k| k.is_unsigned());
        match op {
            BinaryOp::Shl => {
                let r = self.b.ins().ishl(x, count);
                let z = self.b.ins().iconst(ty, 0);
                self.b.ins().select(big, z, r)
            }
            _ if unsigned => {
                let r = self.b.ins().ushr(x, count);
                let z = self.b.ins().iconst(ty, 0);
                self.b.ins().select(big, z, r)
            }
            _ => {
                // Counts >= width fill with the sign bit: shift by width-1.
                let cty = self.b.func.dfg.value_type(count);
                let max = self.b.ins().iconst(cty, bits - 1);
                let c = self.b.ins().select(big, max, count);
                self.b.ins().sshr(x, c)
            }
        }
    }

    /// x op y for a comparison operator on values of type `t`; returns an i8 0/1.
    pub fn compare(&mut self, op: BinaryOp, t: TypeId, l: &[Value], r: &[Value]) -> Value {
        let tt = &self.g.info.types;
        let u = tt.underlying(t);
        let k = tt.basic(t);
        if let Some(k) = k {
            if k.is_string() {
                if matches!(op, BinaryOp::Eq | BinaryOp::Ne) {
                    let eq = self.string_eq(l, r);
                    return if op == BinaryOp::Eq { eq } else { self.b.ins().bxor_imm_u(eq, 1) };
                }
                let c = self.call_runtime("cmpstring", &[l[0], l[1], r[0], r[1]])[0];
                return self.b.ins().icmp_imm_s(int_cc(op, false), c, 0);
            }
            if k.is_float() {
                return self.b.ins().fcmp(float_cc(op), l[0], r[0]);
            }
            if k.is_complex() {
                let re = self.b.ins().fcmp(FloatCC::Equal, l[0], r[0]);
                let im = self.b.ins().fcmp(FloatCC::Equal, l[1], r[1]);
                let eq = self.b.ins().band(re, im);
                return if op == BinaryOp::Eq { eq } else { self.b.ins().bxor_imm_u(eq, 1) };
            }
            return self.b.ins().icmp(int_cc(op, k.is_unsigned() || k == BasicKind::UnsafePointer), l[0], r[0]);
        }
        match tt.get(u) {
            Type::Interface(_) => {
                let eq = self.iface_eq(t, l, r);
                if op == BinaryOp::Eq { eq } else { self.b.ins().bxor_imm_u(eq, 1) }
            }
            Type::Pointer(_) | Type::Map(..) | Type::Chan(..) | Type::Func(_) | Type::Slice(_) => {
                // Slices, maps and funcs compare only with nil: the first word decides.
                self.b.ins().icmp(int_cc(op, true), l[0], r[0])
            }
            _ if crate::abi::is_indirect(tt, t) => {
                // Large values: through the type's equal function.
                let f = self.g.equal_func(t).expect("comparable");
                let fr = self.g.func_ref(f, self.b.func);
                let call = self.b.ins().call(fr, &[l[0], r[0]]);
                let eq = self.b.inst_results(call)[0];
                if op == BinaryOp::Eq { eq } else { self.b.ins().bxor_imm_u(eq, 1) }
            }
            Type::Struct(fs) => {
                // Field by field, each with its own type's equality.
                let fs = fs.clone();
                let mut acc = self.b.ins().iconst(types::I8, 1);
                let mut k = 0;
                for f in &fs {
                    let n = self.parts(f.ty).len();
                    if f.name != "_" {
                        let e = self.compare(BinaryOp::Eq, f.ty, &l[k..k + n], &r[k..k + n]);
                        acc = self.b.ins().band(acc, e);
                    }
                    k += n;
                }
                if op == BinaryOp::Eq { acc } else { self.b.ins().bxor_imm_u(acc, 1) }
            }
            Type::Array(n, et) => {
                let (n, et) = (*n as usize, *et);
                let m = self.parts(et).len();
                let mut acc = self.b.ins().iconst(types::I8, 1);
                for i in 0..n {
                    let e = self.compare(BinaryOp::Eq, et, &l[i * m..(i + 1) * m], &r[i * m..(i + 1) * m]);
                    acc = self.b.ins().band(acc, e);
                }
                if op == BinaryOp::Eq { acc } else { self.b.ins().bxor_imm_u(acc, 1) }
            }
            _ => {
                let mut acc = self.b.ins().iconst(types::I8, 1);
                for (a, b) in l.iter().zip(r) {
                    let e = self.b.ins().icmp(IntCC::Equal, *a, *b);
                    acc = self.b.ins().band(acc, e);
                }
                if op == BinaryOp::Eq { acc } else { self.b.ins().bxor_imm_u(acc, 1) }
            }
        }
    }

    fn string_eq(&mut self, l: &[Value], r: &[Value]) -> Value {
        let same_len = self.b.ins().icmp(IntCC::Equal, l[1], r[1]);
        let cmp_blk = self.b.create_block();
        let done = self.b.create_block();
        self.b.append_block_param(done, types::I8);
        let f = self.b.ins().iconst(types::I8, 0);
        self.b.ins().brif(same_len, cmp_blk, &[], done, &[f.into()]);
        self.b.switch_to_block(cmp_blk);
        let eq = self.call_runtime("memequal", &[l[0], r[0], l[1]])[0];
        self.b.ins().jump(done, &[eq.into()]);
        self.b.switch_to_block(done);
        self.b.block_params(done)[0]
    }

    /// `T(x)` for a non-constant x of type `from`.
    pub fn convert(&mut self, v: Vec<Value>, from: TypeId, to: TypeId, pos: Pos) -> Vec<Value> {
        let tt = &self.g.info.types;
        if tt.identical(tt.underlying(from), tt.underlying(to)) {
            return v;
        }
        if tt.is_interface(to) {
            return self.assign_conv(v, from, to, pos);
        }
        // Strings to and from byte and rune slices.
        match (self.underlying(from), self.underlying(to)) {
            (Type::Basic(k), Type::Slice(et)) if k.is_string() => {
                // Named element types count by their underlying type ([]myByte).
                let bytes = tt.basic(et) == Some(BasicKind::Uint8);
                if bytes {
                    let r = self.call_runtime("stringtoslicebyte", &[v[0], v[1]]);
                    return vec![r[0], v[1], r[1]];
                }
                let r = self.call_runtime("stringtoslicerune", &[v[0], v[1]]);
                return vec![r[0], r[1], r[1]];
            }
            (Type::Slice(et), Type::Basic(k)) if k.is_string() => {
                let bytes = self.g.info.types.basic(et) == Some(BasicKind::Uint8);
                let f = if bytes { "slicebytetostring" } else { "slicerunetostring" };
                return self.call_runtime(f, &[v[0], v[1]]);
            }
            (Type::Pointer(_) | Type::Basic(BasicKind::UnsafePointer | BasicKind::Uintptr), Type::Pointer(_) | Type::Basic(BasicKind::UnsafePointer | BasicKind::Uintptr)) => {
                return v;
            }
            (Type::Slice(_), Type::Pointer(p)) => {
                // Slice to array pointer (Go 1.17): panics if the slice is too short.
                let n = match self.underlying(p) {
                    Type::Array(n, _) => n as i64,
                    _ => 0,
                };
                let ok = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThanOrEqual, v[1], n);
                let fail = self.b.create_block();
                let cont = self.b.create_block();
                self.b.ins().brif(ok, cont, &[], fail, &[]);
                self.b.set_cold_block(fail);
                self.b.switch_to_block(fail);
                let nv = self.b.ins().iconst(types::I64, n);
                self.call_runtime("panicSliceConvert", &[v[1], nv]);
                self.b.ins().jump(cont, &[]);
                self.b.switch_to_block(cont);
                // A nil slice converts to a nil pointer (only when n == 0 can it pass).
                return vec![v[0]];
            }
            _ => {}
        }
        let tt = &self.g.info.types;
        let (Some(fk), Some(tk)) = (tt.basic(from), tt.basic(to)) else {
            self.unsupported(pos, &format!("conversion from {} to {}", tt.display(from), tt.display(to)));
            return vec![];
        };
        let to_ty = self.parts(to).first().map(|p| p.ty);
        let Some(to_ty) = to_ty else { return vec![] };
        let x = v[0];
        let from_ty = self.b.func.dfg.value_type(x);
        let fint = fk.is_integer() || fk == BasicKind::UnsafePointer;
        let tint = tk.is_integer() || tk == BasicKind::UnsafePointer;
        if fint && tint {
            return vec![self.int_resize(x, from_ty, to_ty, fk.is_unsigned())];
        }
        if fint && tk.is_float() {
            let w = self.int_resize(x, from_ty, types::I64, fk.is_unsigned());
            return vec![if fk.is_unsigned() { self.b.ins().fcvt_from_uint(to_ty, w) } else { self.b.ins().fcvt_from_sint(to_ty, w) }];
        }
        if fk.is_float() && tint {
            // Saturating: out-of-range values are implementation-defined in Go; never trap.
            let w = if tk.is_unsigned() { self.b.ins().fcvt_to_uint_sat(types::I64, x) } else { self.b.ins().fcvt_to_sint_sat(types::I64, x) };
            return vec![self.int_resize(w, types::I64, to_ty, tk.is_unsigned())];
        }
        if fk.is_float() && tk.is_float() {
            return vec![if from_ty == to_ty { x } else if to_ty == types::F64 { self.b.ins().fpromote(to_ty, x) } else { self.b.ins().fdemote(to_ty, x) }];
        }
        if fk.is_complex() && tk.is_complex() {
            return v.iter().map(|&p| if to_ty == types::F64 { self.b.ins().fpromote(to_ty, p) } else { self.b.ins().fdemote(to_ty, p) }).collect();
        }
        if fk.is_integer() && tk.is_string() {
            let w = self.int_resize(x, from_ty, types::I64, fk.is_unsigned());
            return self.call_runtime("intstring", &[w]);
        }
        self.unsupported(pos, &format!("conversion from {} to {}", tt.display(from), tt.display(to)));
        vec![]
    }

    pub fn int_resize(&mut self, x: Value, from: types::Type, to: types::Type, unsigned: bool) -> Value {
        if from == to {
            x
        } else if from.bits() > to.bits() {
            self.b.ins().ireduce(to, x)
        } else if unsigned {
            self.b.ins().uextend(to, x)
        } else {
            self.b.ins().sextend(to, x)
        }
    }
}

fn int_cc(op: BinaryOp, unsigned: bool) -> IntCC {
    match (op, unsigned) {
        (BinaryOp::Eq, _) => IntCC::Equal,
        (BinaryOp::Ne, _) => IntCC::NotEqual,
        (BinaryOp::Lt, false) => IntCC::SignedLessThan,
        (BinaryOp::Le, false) => IntCC::SignedLessThanOrEqual,
        (BinaryOp::Gt, false) => IntCC::SignedGreaterThan,
        (BinaryOp::Ge, false) => IntCC::SignedGreaterThanOrEqual,
        (BinaryOp::Lt, true) => IntCC::UnsignedLessThan,
        (BinaryOp::Le, true) => IntCC::UnsignedLessThanOrEqual,
        (BinaryOp::Gt, true) => IntCC::UnsignedGreaterThan,
        _ => IntCC::UnsignedGreaterThanOrEqual,
    }
}

/// Go's float comparisons: every ordered comparison with NaN is false, != is true.
fn float_cc(op: BinaryOp) -> FloatCC {
    match op {
        BinaryOp::Eq => FloatCC::Equal,
        BinaryOp::Ne => FloatCC::NotEqual,
        BinaryOp::Lt => FloatCC::LessThan,
        BinaryOp::Le => FloatCC::LessThanOrEqual,
        BinaryOp::Gt => FloatCC::GreaterThan,
        _ => FloatCC::GreaterThanOrEqual,
    }
}
