//! Expressions: identifiers, literals, unary and binary operations, index, slice,
//! selectors, composite literals, function literals, type assertions.

use super::{Checker, Operand};
use crate::constant::{self, Cmp, Op, Value};
use crate::info::{Mode, Selection};
use crate::objects::{ObjKind, ScopeId};
use crate::types::{BasicKind, Type, TypeId, ids};
use rgo_syntax::ast::{BinaryOp, Expr, ExprKind, LitKind, UnaryOp};

impl<'a> Checker<'a> {
    /// Checks `e` and records its type and mode; multi-value calls are reported.
    pub fn expr(&mut self, scope: ScopeId, e: &'a Expr) -> Operand<'a> {
        let mut op = self.expr_multi(scope, e);
        self.single_value(&mut op);
        op
    }

    /// Like `expr` but allows a multi-value call (a Tuple type) or a comma-ok form.
    pub fn expr_multi(&mut self, scope: ScopeId, e: &'a Expr) -> Operand<'a> {
        let op = self.expr_inner(scope, e);
        if !op.is_invalid() {
            self.record(e.id, op.ty, op.mode.clone());
            if self.types.is_untyped(op.ty) && !op.is_const() {
                // Remember which operands share this untyped type, so that a later
                // implicit conversion reaches them (update_expr_type).
                let kids = match &e.kind {
                    ExprKind::Paren(x) | ExprKind::Unary { x, .. } => vec![x.id],
                    ExprKind::Binary { op: BinaryOp::Shl | BinaryOp::Shr, x, .. } => vec![x.id],
                    ExprKind::Binary { op: bop, x, y, .. } if !is_comparison(*bop) => vec![x.id, y.id],
                    _ => vec![],
                };
                if !kids.is_empty() {
                    self.untyped_children.insert((self.file, e.id), kids);
                }
                if let ExprKind::Binary { op: BinaryOp::Shl | BinaryOp::Shr, x, .. } = &e.kind {
                    let text = self.expr_str(e);
                    self.untyped_shifts.insert((self.file, e.id), (text, x.pos));
                }
            }
        }
        op
    }

    /// Reports a multi-value or no-value operand where one value is needed.
    pub fn single_value(&mut self, op: &mut Operand<'a>) {
        if op.is_invalid() {
            return;
        }
        if let Mode::Builtin(_) = op.mode {
            self.error(op.pos, format!("{} (built-in) must be called", self.expr_str(op.expr)));
            op.ty = ids::INVALID;
        } else if op.mode == Mode::Type {
            self.error(op.pos, format!("{} (type) is not an expression", self.expr_str(op.expr)));
            op.ty = ids::INVALID;
        } else if let Type::Tuple(ts) = self.types.get(op.ty) {
            if ts.is_empty() {
                // A call of a function without results.
                self.error(op.pos, format!("{} (no value) used as value", self.expr_str(op.expr)));
            } else {
                self.error(op.pos, format!("multiple-value {} (value of type {}) in single-value context", self.expr_str(op.expr), self.type_str(op.ty)));
            }
            op.ty = ids::INVALID;
        } else if op.mode == Mode::NoValue {
            self.error(op.pos, format!("{} (no value) used as value", self.expr_str(op.expr)));
            op.ty = ids::INVALID;
        } else if op.mode == Mode::Type {
            self.error(op.pos, format!("{} (type) is not an expression", self.expr_str(op.expr)));
            op.ty = ids::INVALID;
        } else if let Mode::Builtin(_) = op.mode {
            self.error(op.pos, format!("{} (built-in) must be called", self.expr_str(op.expr)));
            op.ty = ids::INVALID;
        }
    }

    fn expr_inner(&mut self, scope: ScopeId, e: &'a Expr) -> Operand<'a> {
        match &e.kind {
            ExprKind::Bad => Operand::invalid(e),
            ExprKind::Ident(id) => self.ident(scope, e, &id.name),
            ExprKind::BasicLit(lit) => {
                let (ty, v) = match lit.kind {
                    LitKind::Int => match constant::parse_int_lit(&lit.raw) {
                        Some(i) => (ids::UNTYPED_INT, Value::Int(i)),
                        None => {
                            self.error(e.pos, format!("invalid integer literal {}", lit.raw));
                            return Operand::invalid(e);
                        }
                    },
                    LitKind::Float => match constant::parse_float_lit(&lit.raw) {
                        Some(f) => (ids::UNTYPED_FLOAT, Value::Float(f)),
                        None => {
                            self.error(e.pos, format!("invalid floating-point literal {}", lit.raw));
                            return Operand::invalid(e);
                        }
                    },
                    LitKind::Imag => {
                        let body = &lit.raw[..lit.raw.len() - 1];
                        let im = if body.contains(['.', 'e', 'E', 'p', 'P']) && !body.starts_with("0x") || body.contains(['p', 'P']) {
                            constant::parse_float_lit(body)
                        } else {
                            // `0123i` is decimal for imaginary literals (backwards compatibility).
                            let dec = body.trim_start_matches('0');
                            let dec = if body.starts_with("0x") || body.starts_with("0b") || body.starts_with("0o") { body } else if dec.is_empty() { "0" } else { dec };
                            if dec.starts_with("0x") || dec.starts_with("0b") || dec.starts_with("0o") {
                                constant::parse_int_lit(dec).map(num_rational::BigRational::from_integer)
                            } else {
                                constant::parse_float_lit(dec)
                            }
                        };
                        match im {
                            Some(f) => (ids::UNTYPED_COMPLEX, Value::Complex(num_rational::BigRational::from_integer(0.into()), f)),
                            None => {
                                self.error(e.pos, format!("invalid imaginary literal {}", lit.raw));
                                return Operand::invalid(e);
                            }
                        }
                    }
                    LitKind::Char => match rgo_syntax::unquote_char(&lit.raw) {
                        Ok(c) => (ids::UNTYPED_RUNE, Value::int(c as i64)),
                        Err(_) => return Operand::invalid(e),
                    },
                    LitKind::String => match rgo_syntax::unquote_string(&lit.raw) {
                        Ok(s) => (ids::UNTYPED_STRING, Value::String(s)),
                        Err(_) => return Operand::invalid(e),
                    },
                };
                Operand::new(e, Mode::Const(v), ty)
            }
            ExprKind::Paren(x) => {
                let op = self.expr_multi(scope, x);
                Operand { expr: e, id: e.id, pos: e.pos, ..op }
            }
            ExprKind::Unary { op, x } => self.unary(scope, e, *op, x),
            ExprKind::Binary { op, op_pos, x, y } => self.binary(scope, e, *op, *op_pos, x, y),
            ExprKind::Call { .. } => self.call(scope, e),
            ExprKind::Star(x) => {
                let o = self.expr_multi(scope, x);
                if o.is_invalid() {
                    return Operand::invalid(e);
                }
                if o.mode == Mode::Type {
                    let t = self.types.intern(Type::Pointer(o.ty));
                    return Operand::new(e, Mode::Type, t);
                }
                let mut o = o;
                self.single_value(&mut o);
                if o.is_invalid() {
                    return Operand::invalid(e);
                }
                if o.ty == ids::UNTYPED_NIL {
                    self.error(e.pos, "invalid operation: cannot indirect nil");
                    return Operand::invalid(e);
                }
                match self.types.get(self.types.underlying(o.ty)) {
                    Type::Pointer(t) => Operand::new(e, Mode::Var, *t),
                    _ => {
                        self.error(e.pos, format!("invalid operation: cannot indirect {}", self.operand_desc(&o)));
                        Operand::invalid(e)
                    }
                }
            }
            ExprKind::Index { x, indices, .. } => self.index(scope, e, x, indices),
            ExprKind::Slice { x, lo, hi, max, slice3, .. } => self.slice_expr(scope, e, x, lo.as_deref(), hi.as_deref(), max.as_deref(), *slice3),
            ExprKind::Selector { x, sel } => self.selector(scope, e, x, sel),
            ExprKind::CompositeLit { typ, elts, .. } => {
                let Some(t) = typ else {
                    self.error(e.pos, "missing type in composite literal");
                    return Operand::invalid(e);
                };
                let ty = match &t.kind {
                    ExprKind::ArrayType { len: None, elem } => {
                        let et = self.type_expr(scope, elem);
                        // [...]T: the length is the literal's.
                        let n = self.array_lit_len(scope, elts);
                        let at = self.types.intern(Type::Array(n, et));
                        self.record(t.id, at, Mode::Type);
                        at
                    }
                    _ => self.type_expr(scope, t),
                };
                self.composite_lit(scope, e, ty, elts)
            }
            ExprKind::FuncLit { typ, body } => {
                let sig = self.signature(scope, typ);
                let t = self.types.intern(Type::Func(sig));
                let saved_locals = std::mem::take(&mut self.locals);
                self.func_body(scope, None, typ, body, t);
                self.locals = saved_locals;
                Operand::new(e, Mode::Value, t)
            }
            ExprKind::TypeAssert { x, typ, .. } => {
                let o = self.expr(scope, x);
                let Some(typ) = typ else {
                    self.error(e.pos, "invalid syntax tree: use of .(type) outside type switch");
                    return Operand::invalid(e);
                };
                let t = self.type_expr(scope, typ);
                if o.is_invalid() || t == ids::INVALID {
                    return Operand::invalid(e);
                }
                if !self.types.is_interface(o.ty) {
                    self.error(x.pos, format!("invalid operation: {} is not an interface", self.operand_desc(&o)));
                    return Operand::invalid(e);
                }
                if !self.types.is_interface(t) {
                    if let Some(cause) = self.assertion_cause(o.ty, t) {
                        self.error(typ.pos, format!("impossible type assertion: {}\n\t{} does not implement {} {cause}", self.expr_str(e), self.type_str(t), self.type_str(o.ty)));
                        return Operand::invalid(e);
                    }
                }
                Operand::new(e, Mode::CommaOk, t)
            }
            ExprKind::KeyValue { .. } => {
                self.error(e.pos, "unexpected key:value expression");
                Operand::invalid(e)
            }
            ExprKind::Ellipsis(_) => {
                self.error(e.pos, "invalid use of ...");
                Operand::invalid(e)
            }
            ExprKind::ArrayType { .. }
            | ExprKind::SliceType(_)
            | ExprKind::MapType { .. }
            | ExprKind::ChanType { .. }
            | ExprKind::FuncType(_)
            | ExprKind::StructType(_)
            | ExprKind::InterfaceType(_) => {
                // A type literal with an error inside (`func(...Undefined)`) is not
                // reported again as "(type) is not an expression" (gc before types2,
                // which the test suite prefers).
                let before = self.diags.len();
                let t = self.type_expr(scope, e);
                if t == ids::INVALID || self.diags.len() > before {
                    return Operand::invalid(e);
                }
                Operand::new(e, Mode::Type, t)
            }
        }
    }

    fn ident(&mut self, scope: ScopeId, e: &'a Expr, name: &str) -> Operand<'a> {
        if name == "_" {
            self.error(e.pos, "cannot use _ as value or type");
            return Operand::invalid(e);
        }
        let Some(obj) = self.lookup(scope, name) else {
            self.error(e.pos, format!("undefined: {name}"));
            return Operand::invalid(e);
        };
        self.record_ident(e.id, obj);
        self.obj_mut(obj).used = true;
        self.resolve_obj(obj);
        let o = self.obj(obj).clone();
        match &o.kind {
            ObjKind::Const(v) => {
                if name == "iota" && o.file.is_none() {
                    match self.iota {
                        Some(i) => return Operand::new(e, Mode::Const(Value::int(i)), ids::UNTYPED_INT),
                        None => {
                            self.error(e.pos, "cannot use iota outside constant declaration");
                            return Operand::invalid(e);
                        }
                    }
                }
                self.add_dep(obj);
                if o.ty == ids::INVALID {
                    return Operand::invalid(e);
                }
                Operand::new(e, Mode::Const(v.clone()), o.ty)
            }
            ObjKind::Var { global, .. } => {
                if *global {
                    self.add_dep(obj);
                }
                if o.ty == ids::INVALID {
                    return Operand::invalid(e);
                }
                Operand::new(e, Mode::Var, o.ty)
            }
            ObjKind::Func { .. } => {
                self.add_dep(obj);
                Operand::new(e, Mode::Value, o.ty)
            }
            ObjKind::TypeName => {
                if o.ty == ids::INVALID {
                    return Operand::invalid(e);
                }
                Operand::new(e, Mode::Type, o.ty)
            }
            ObjKind::Builtin(b) => Operand::new(e, Mode::Builtin(*b), ids::VOID),
            ObjKind::Nil => Operand::new(e, Mode::Value, ids::UNTYPED_NIL),
            ObjKind::PkgName(_) => {
                self.error(e.pos, format!("use of package {name} not in selector"));
                Operand::invalid(e)
            }
            ObjKind::Label => {
                self.error(e.pos, format!("undefined: {name}"));
                Operand::invalid(e)
            }
        }
    }

    /// Records that the package-level object being checked refers to `obj`.
    fn add_dep(&mut self, obj: crate::objects::ObjId) {
        if let Some(owner) = self.dep_owner {
            if self.decls.contains_key(&obj) {
                let v = self.deps.entry(owner).or_default();
                if !v.contains(&obj) {
                    v.push(obj);
                }
            }
        }
    }

    fn unary(&mut self, scope: ScopeId, e: &'a Expr, op: UnaryOp, x: &'a Expr) -> Operand<'a> {
        if op == UnaryOp::Addr {
            // &T{...} is allowed although a composite literal is not addressable.
            let inner = unparen(x);
            let o = self.expr(scope, x);
            if o.is_invalid() {
                return Operand::invalid(e);
            }
            if o.mode != Mode::Var && !matches!(inner.kind, ExprKind::CompositeLit { .. }) {
                self.error(e.pos, format!("invalid operation: cannot take address of {}", self.operand_desc(&o)));
                return Operand::invalid(e);
            }
            let t = self.types.intern(Type::Pointer(o.ty));
            return Operand::new(e, Mode::Value, t);
        }
        if op == UnaryOp::Recv {
            // len/cap of an array is not constant around a receive.
            self.has_call_or_recv = true;
            let o = self.expr(scope, x);
            if o.is_invalid() {
                return Operand::invalid(e);
            }
            return match self.types.get(self.types.underlying(o.ty)).clone() {
                Type::Chan(dir, elem) => {
                    if dir == crate::types::ChanDir::Send {
                        self.error(e.pos, format!("invalid operation: cannot receive from send-only channel {}", self.operand_desc(&o)));
                        return Operand::invalid(e);
                    }
                    Operand::new(e, Mode::CommaOk, elem)
                }
                _ => {
                    self.error(e.pos, format!("invalid operation: cannot receive from non-channel {}", self.operand_desc(&o)));
                    Operand::invalid(e)
                }
            };
        }
        if op == UnaryOp::Tilde {
            self.error(e.pos, "invalid use of ~ outside a type constraint");
            return Operand::invalid(e);
        }
        let o = self.expr(scope, x);
        if o.is_invalid() {
            return Operand::invalid(e);
        }
        let k = self.types.basic(o.ty);
        let ok = match op {
            UnaryOp::Pos | UnaryOp::Neg => k.is_some_and(|k| k.is_numeric()),
            UnaryOp::Xor => k.is_some_and(|k| k.is_integer()),
            UnaryOp::Not => k.is_some_and(|k| k.is_boolean()),
            _ => false,
        };
        if !ok {
            self.error(e.pos, format!("invalid operation: operator {} not defined on {}", op.as_str(), self.operand_desc(&o)));
            return Operand::invalid(e);
        }
        if let Some(v) = o.value() {
            let bits = k.filter(|k| k.is_unsigned()).map(|k| (k.size() * 8) as u32);
            let c = match op {
                UnaryOp::Pos => '+',
                UnaryOp::Neg => '-',
                UnaryOp::Xor => '^',
                _ => '!',
            };
            let Some(nv) = v.unary(c, bits) else { return Operand::invalid(e) };
            let mut r = Operand::new(e, Mode::Const(nv), o.ty);
            self.check_typed_const(&mut r);
            return r;
        }
        Operand::new(e, Mode::Value, o.ty)
    }

    /// A typed constant must be representable in its type (`int8(100) * 2` overflows).
    pub fn check_typed_const(&mut self, op: &mut Operand<'a>) {
        if self.types.is_untyped(op.ty) {
            return;
        }
        if let Mode::Const(v) = op.mode.clone() {
            match self.representable(&v, op.ty) {
                Ok(nv) => op.mode = Mode::Const(nv),
                Err(_) => {
                    let t = self.type_str(op.ty);
                    self.error(op.pos, format!("{} (constant {} of type {t}) overflows {t}", self.expr_str(op.expr), v));
                    op.ty = ids::INVALID;
                }
            }
        }
    }

    fn binary(&mut self, scope: ScopeId, e: &'a Expr, op: BinaryOp, op_pos: rgo_syntax::Pos, x: &'a Expr, y: &'a Expr) -> Operand<'a> {
        let mut l = self.expr(scope, x);
        let mut r = self.expr(scope, y);
        if l.is_invalid() || r.is_invalid() {
            return Operand::invalid(e);
        }
        if matches!(op, BinaryOp::Shl | BinaryOp::Shr) {
            return self.shift(e, op, l, r);
        }
        // Comparisons with nil are decided before nil takes the other side's type.
        let nils = (l.ty == ids::UNTYPED_NIL, r.ty == ids::UNTYPED_NIL);
        // Match the operand types: an untyped side takes the other's type.
        if !self.match_types(&mut l, &mut r) {
            return Operand::invalid(e);
        }
        let is_cmp = matches!(op, BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge);
        if is_cmp {
            return self.comparison(e, op, op_pos, l, r, nils);
        }
        if !self.types.identical(l.ty, r.ty) {
            self.error(l.pos, format!(
                "invalid operation: {} (mismatched types {} and {})",
                self.expr_str(e), self.type_str(l.ty), self.type_str(r.ty)
            ));
            return Operand::invalid(e);
        }
        let k = self.types.basic(l.ty);
        let ok = match op {
            BinaryOp::LAnd | BinaryOp::LOr => k.is_some_and(|k| k.is_boolean()),
            BinaryOp::Add => k.is_some_and(|k| k.is_numeric() || k.is_string()),
            BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => k.is_some_and(|k| k.is_numeric()),
            BinaryOp::Rem | BinaryOp::And | BinaryOp::Or | BinaryOp::Xor | BinaryOp::AndNot => k.is_some_and(|k| k.is_integer()),
            _ => false,
        };
        if !ok {
            let what = if matches!(op, BinaryOp::LAnd | BinaryOp::LOr) || k.is_none() || !k.unwrap().is_numeric() {
                self.operand_desc(&l)
            } else {
                self.operand_desc(&l)
            };
            self.error(l.pos, format!("invalid operation: operator {} not defined on {}", op.as_str(), what));
            return Operand::invalid(e);
        }
        // Integer division by a constant zero is an error even for non-constant x.
        if matches!(op, BinaryOp::Div | BinaryOp::Rem) && r.value().is_some_and(|v| v.is_zero()) && k.is_some_and(|k| k.is_integer() || l.is_const()) {
            self.error(r.pos, "invalid operation: division by zero");
            return Operand::invalid(e);
        }
        if let (Some(a), Some(b)) = (l.value().cloned(), r.value().cloned()) {
            let cop = match op {
                BinaryOp::Add => Op::Add,
                BinaryOp::Sub => Op::Sub,
                BinaryOp::Mul => Op::Mul,
                BinaryOp::Div => Op::Quo,
                BinaryOp::Rem => Op::Rem,
                BinaryOp::And => Op::And,
                BinaryOp::Or => Op::Or,
                BinaryOp::Xor => Op::Xor,
                BinaryOp::AndNot => Op::AndNot,
                BinaryOp::LAnd => Op::LAnd,
                _ => Op::LOr,
            };
            // Both operands have the same type; bring their values to the same kind.
            let int_div = k.is_some_and(|k| k.is_integer());
            let (a, b) = if int_div {
                (a.to_rank(0).unwrap_or(a), b.to_rank(0).unwrap_or(b))
            } else {
                let rank = a.numeric_rank().max(b.numeric_rank()).unwrap_or(0).max(if k.is_some_and(|k| k.is_float()) { 1 } else if k.is_some_and(|k| k.is_complex()) { 2 } else { 0 });
                if a.numeric_rank().is_some() {
                    (a.to_rank(rank).unwrap_or(a), b.to_rank(rank).unwrap_or(b))
                } else {
                    (a, b)
                }
            };
            return match a.binary(cop, &b) {
                Ok(v) if v.too_large() => {
                    let what = match op {
                        BinaryOp::Add => "addition",
                        BinaryOp::Sub => "subtraction",
                        BinaryOp::Mul => "multiplication",
                        BinaryOp::Div => "division",
                        _ => "operation",
                    };
                    self.error(op_pos, format!("constant {what} overflow"));
                    Operand::invalid(e)
                }
                Ok(v) => {
                    let mut res = Operand::new(e, Mode::Const(v), l.ty);
                    self.check_typed_const(&mut res);
                    res
                }
                Err(msg) => {
                    self.error(op_pos, format!("invalid operation: {msg}"));
                    Operand::invalid(e)
                }
            };
        }
        Operand::new(e, Mode::Value, l.ty)
    }

    /// Converts untyped operands of a binary operation toward each other's type.
    pub fn match_types(&mut self, l: &mut Operand<'a>, r: &mut Operand<'a>) -> bool {
        let (lu, ru) = (self.types.is_untyped(l.ty), self.types.is_untyped(r.ty));
        if lu && ru {
            // Both untyped: the larger numeric kind wins.
            let (lk, rk) = (self.types.basic(l.ty).unwrap(), self.types.basic(r.ty).unwrap());
            if lk.is_numeric() && rk.is_numeric() {
                let rank = |k: BasicKind| match k {
                    BasicKind::UntypedInt => 0,
                    BasicKind::UntypedRune => 1,
                    BasicKind::UntypedFloat => 2,
                    _ => 3,
                };
                let t = if rank(lk) >= rank(rk) { l.ty } else { r.ty };
                l.ty = t;
                r.ty = t;
            }
            return true;
        }
        // A kind mismatch (`"a" + 1`) leaves both types as they are: the caller reports
        // the whole operation with its mismatched types, as gc does. Representability
        // errors are reported by implicit_convert and leave the operand invalid.
        if lu {
            self.implicit_convert(l, r.ty);
        } else if ru {
            self.implicit_convert(r, l.ty);
        }
        !(l.is_invalid() || r.is_invalid())
    }

    /// Implicit conversion of an untyped operand to the other operand's type in a binary
    /// operation; false (without a report, unless it is a representability error) if
    /// the kinds do not fit.
    fn implicit_convert(&mut self, op: &mut Operand<'a>, target: TypeId) -> bool {
        let tu = self.types.underlying(target);
        if op.ty == ids::UNTYPED_NIL {
            if matches!(self.types.get(tu), Type::Pointer(_) | Type::Slice(_) | Type::Map(..) | Type::Chan(..) | Type::Func(_) | Type::Interface(_) | Type::Basic(BasicKind::UnsafePointer)) {
                self.set_type(op, target);
                return true;
            }
            return false;
        }
        if self.types.is_interface(target) {
            let d = self.default_type(op.ty);
            return self.convert_untyped(op, d);
        }
        let Type::Basic(tk) = self.types.get(tu) else { return false };
        let sk = self.types.basic(op.ty).unwrap();
        let fits = match sk {
            BasicKind::UntypedBool => tk.is_boolean(),
            BasicKind::UntypedString => tk.is_string(),
            BasicKind::UntypedNil => false,
            _ => tk.is_numeric(),
        };
        if !fits {
            return false;
        }
        if let Some(v) = op.value().cloned() {
            match self.representable(&v, target) {
                Ok(nv) => op.mode = Mode::Const(nv),
                Err(trunc) => {
                    let how = if trunc { "truncated" } else { "overflows" };
                    let _ = how;
                    if trunc {
                        self.error(op.pos, format!("{} truncated to {}", self.operand_desc(op), self.type_str(target)));
                    } else {
                        self.error(op.pos, format!("{} overflows {}", self.operand_desc(op), self.type_str(target)));
                    }
                    op.ty = ids::INVALID;
                    return true;
                }
            }
        }
        self.set_type(op, target);
        true
    }

    #[allow(clippy::too_many_arguments)]
    fn comparison(&mut self, e: &'a Expr, op: BinaryOp, _op_pos: rgo_syntax::Pos, l: Operand<'a>, r: Operand<'a>, nils: (bool, bool)) -> Operand<'a> {
        if l.is_invalid() || r.is_invalid() {
            return Operand::invalid(e);
        }
        if !self.check_comparison(&l, &r, op, false, nils) {
            return Operand::invalid(e);
        }
        if let (Some(a), Some(b)) = (l.value(), r.value()) {
            let rank = a.numeric_rank().max(b.numeric_rank());
            let (a, b) = match rank {
                Some(rk) => (a.to_rank(rk).unwrap_or(a.clone()), b.to_rank(rk).unwrap_or(b.clone())),
                None => (a.clone(), b.clone()),
            };
            let c = match op {
                BinaryOp::Eq => Cmp::Eq,
                BinaryOp::Ne => Cmp::Ne,
                BinaryOp::Lt => Cmp::Lt,
                BinaryOp::Le => Cmp::Le,
                BinaryOp::Gt => Cmp::Gt,
                _ => Cmp::Ge,
            };
            if let Some(res) = a.compare(c, &b) {
                return Operand::new(e, Mode::Const(Value::Bool(res)), ids::UNTYPED_BOOL);
            }
        }
        // Untyped operands of a non-constant comparison get their default types.
        let mut l = l;
        let mut r = r;
        if self.types.is_untyped(l.ty) && l.ty != ids::UNTYPED_NIL {
            let d = self.default_type(l.ty);
            self.convert_untyped(&mut l, d);
        }
        if self.types.is_untyped(r.ty) && r.ty != ids::UNTYPED_NIL {
            let d = self.default_type(r.ty);
            self.convert_untyped(&mut r, d);
        }
        Operand::new(e, Mode::Value, ids::UNTYPED_BOOL)
    }


    fn shift(&mut self, e: &'a Expr, op: BinaryOp, l: Operand<'a>, mut r: Operand<'a>) -> Operand<'a> {
        // The count must be an integer (or an untyped constant representable as uint).
        if let Some(v) = r.value().cloned() {
            match v.to_rank(0) {
                Some(Value::Int(n)) if n >= 0.into() => {
                    if self.types.is_untyped(r.ty) {
                        let t = ids::UINT;
                        self.set_type(&mut r, t);
                    }
                }
                Some(_) => {
                    self.error(r.pos, format!("invalid shift count {} (negative shift count)", self.expr_str(r.expr)));
                    return Operand::invalid(e);
                }
                None => {
                    self.error(r.pos, format!("invalid operation: shift count {} must be integer", self.operand_desc(&r)));
                    return Operand::invalid(e);
                }
            }
        } else if !self.types.basic(r.ty).is_some_and(|k| k.is_integer()) {
            self.error(r.pos, format!("invalid operation: shift count {} must be integer", self.operand_desc(&r)));
            return Operand::invalid(e);
        } else if self.types.is_untyped(r.ty) {
            self.set_type(&mut r, ids::UINT);
        }
        // The shifted operand: an untyped constant that is an integer value becomes an
        // untyped int for a constant shift.
        if let Some(v) = l.value().cloned() {
            if let Some(count) = r.value().and_then(|c| c.as_u64()) {
                let Some(iv) = v.to_rank(0) else {
                    self.error(l.pos, format!("invalid operation: shifted operand {} must be integer", self.operand_desc(&l)));
                    return Operand::invalid(e);
                };
                if count > 10000 {
                    self.error(r.pos, format!("invalid shift count {}", self.expr_str(r.expr)));
                    return Operand::invalid(e);
                }
                let ty = if self.types.is_untyped(l.ty) {
                    if l.ty == ids::UNTYPED_RUNE { ids::UNTYPED_RUNE } else { ids::UNTYPED_INT }
                } else {
                    l.ty
                };
                if !self.types.basic(ty).is_some_and(|k| k.is_integer()) {
                    self.error(l.pos, format!("invalid operation: shifted operand {} must be integer", self.operand_desc(&l)));
                    return Operand::invalid(e);
                }
                let nv = iv.shift(op == BinaryOp::Shl, count).unwrap_or(iv);
                if nv.too_large() {
                    self.error(e.pos, "constant shift overflow");
                    return Operand::invalid(e);
                }
                let mut res = Operand::new(e, Mode::Const(nv), ty);
                self.check_typed_const(&mut res);
                return res;
            }
            if self.types.is_untyped(l.ty) {
                // Non-constant shift of an untyped constant: it takes the type it would
                // have without the shift; the checker uses int here unless the context
                // converts it later (via update_expr_type).
                if v.to_rank(0).is_none() {
                    self.error(l.pos, format!("invalid operation: shifted operand {} must be integer", self.operand_desc(&l)));
                    return Operand::invalid(e);
                }
                return Operand::new(e, Mode::Value, l.ty);
            }
        }
        if !self.types.basic(l.ty).is_some_and(|k| k.is_integer()) {
            self.error(l.pos, format!("invalid operation: shifted operand {} must be integer", self.operand_desc(&l)));
            return Operand::invalid(e);
        }
        Operand::new(e, Mode::Value, l.ty)
    }

    /// After an untyped expression got its final type, record that type for its
    /// untyped operands too (so code generation sees concrete types everywhere).
    pub fn update_expr_type(&mut self, id: rgo_syntax::NodeId, t: TypeId) {
        let Some(Some(info)) = self.exprs[self.file as usize].get(id.0 as usize).cloned() else { return };
        if !self.types.is_untyped(info.ty) {
            return;
        }
        let mode = info.mode.clone();
        self.record(id, t, mode);
        if let Some((text, lhs_pos)) = self.untyped_shifts.get(&(self.file, id)).cloned() {
            // "The left operand of a non-constant shift is converted to the type the
            // shift would have without it": that must be an integer type.
            let integer = self.types.basic(self.types.underlying(t)).is_some_and(|k| k.is_integer());
            if !integer && t != ids::INVALID && !self.types.is_untyped(t) {
                self.error(lhs_pos, format!("invalid operation: {text} (shift of type {})", self.type_str(t)));
                return;
            }
        }
        if let Some(e) = self.untyped_children.get(&(self.file, id)).cloned() {
            for c in e {
                // Comparisons keep their operands' types; only arithmetic passes through.
                self.update_expr_type(c, t);
            }
        }
    }

    fn index(&mut self, scope: ScopeId, e: &'a Expr, x: &'a Expr, indices: &'a [Expr]) -> Operand<'a> {
        let o = self.expr_multi(scope, x);
        if o.is_invalid() {
            return Operand::invalid(e);
        }
        if o.mode == Mode::Type {
            self.error(e.pos, "generic types are not supported yet");
            return Operand::invalid(e);
        }
        if matches!(self.types.get(o.ty), Type::Func(_)) && o.mode == Mode::Value {
            if let ExprKind::Ident(_) = unparen(x).kind {
                self.error(e.pos, format!("invalid operation: cannot index {}", self.operand_desc(&o)));
                return Operand::invalid(e);
            }
        }
        let mut o = o;
        self.single_value(&mut o);
        if o.is_invalid() {
            return Operand::invalid(e);
        }
        if indices.len() != 1 {
            self.error(e.pos, format!("invalid operation: more than one index"));
            return Operand::invalid(e);
        }
        let idx = &indices[0];
        let u = self.types.underlying(o.ty);
        match self.types.get(u).clone() {
            Type::Basic(k) if k.is_string() => {
                let i = self.index_value(scope, idx, o.value().map(|v| match v { Value::String(s) => s.len() as i64, _ => 0 }));
                if let (Some(Value::String(s)), Some(iv)) = (o.value(), i) {
                    let b = s.get(iv as usize).copied().unwrap_or(0);
                    return Operand::new(e, Mode::Const(Value::int(b as i64)), ids::BYTE);
                }
                Operand::new(e, Mode::Value, ids::BYTE)
            }
            Type::Array(n, elem) => {
                self.index_value(scope, idx, Some(n as i64));
                let mode = if o.mode == Mode::Var { Mode::Var } else { Mode::Value };
                Operand::new(e, mode, elem)
            }
            Type::Pointer(p) => match self.types.get(self.types.underlying(p)).clone() {
                Type::Array(n, elem) => {
                    self.index_value(scope, idx, Some(n as i64));
                    Operand::new(e, Mode::Var, elem)
                }
                _ => {
                    self.error(x.pos, format!("invalid operation: cannot index {}", self.operand_desc(&o)));
                    Operand::invalid(e)
                }
            },
            Type::Slice(elem) => {
                self.index_value(scope, idx, None);
                Operand::new(e, Mode::Var, elem)
            }
            Type::Map(k, v) => {
                let mut ko = self.expr(scope, idx);
                self.assignment(&mut ko, k, "map index");
                Operand::new(e, Mode::MapIndex, v)
            }
            _ => {
                self.error(x.pos, format!("invalid operation: cannot index {}", self.operand_desc(&o)));
                Operand::invalid(e)
            }
        }
    }

    /// Checks an index (or slice bound, or make size) expression as types2's
    /// isValidIndex does; returns its constant value if any.
    pub fn index_value(&mut self, scope: ScopeId, idx: &'a Expr, len: Option<i64>) -> Option<i64> {
        self.index_checked(scope, idx, len).ok().flatten()
    }

    /// `Err` after reporting an invalid index; `Ok(None)` for a valid non-constant one.
    pub fn index_checked(&mut self, scope: ScopeId, idx: &'a Expr, len: Option<i64>) -> Result<Option<i64>, ()> {
        let r = self.index_inner(scope, idx, len);
        match r {
            Some(Some(v)) => Ok(Some(v)),
            Some(None) => Ok(None),
            None => Err(()),
        }
    }

    fn index_inner(&mut self, scope: ScopeId, idx: &'a Expr, len: Option<i64>) -> Option<Option<i64>> {
        let mut o = self.expr(scope, idx);
        if o.is_invalid() {
            return None;
        }
        // "A constant index that is untyped is given type int."
        self.convert_untyped(&mut o, ids::INT);
        if o.is_invalid() {
            return None;
        }
        if !self.types.basic(o.ty).is_some_and(|k| k.is_integer()) {
            self.error(idx.pos, format!("invalid argument: index {} must be integer", self.operand_desc(&o)));
            return None;
        }
        let Some(v) = o.value().cloned() else { return Some(None) };
        if v.as_bigint().is_some_and(|n| n < 0.into()) {
            self.error(idx.pos, format!("invalid argument: index {} must not be negative", self.operand_desc(&o)));
            return None;
        }
        let Some(i) = v.as_i64() else {
            self.error(idx.pos, format!("invalid argument: index {} overflows int", self.operand_desc(&o)));
            return None;
        };
        if let Some(n) = len {
            if i >= n {
                self.error(idx.pos, format!("invalid argument: index {i} out of bounds [0:{n}]"));
                return None;
            }
        }
        Some(Some(i))
    }

    #[allow(clippy::too_many_arguments)]
    fn slice_expr(&mut self, scope: ScopeId, e: &'a Expr, x: &'a Expr, lo: Option<&'a Expr>, hi: Option<&'a Expr>, max: Option<&'a Expr>, slice3: bool) -> Operand<'a> {
        let o = self.expr(scope, x);
        if o.is_invalid() {
            return Operand::invalid(e);
        }
        let u = self.types.underlying(o.ty);
        let (result, cap) = match self.types.get(u).clone() {
            Type::Basic(k) if k.is_string() => {
                if slice3 {
                    self.error(e.pos, format!("invalid operation: 3-index slice of string"));
                    return Operand::invalid(e);
                }
                let t = if o.ty == ids::UNTYPED_STRING { ids::STRING } else { o.ty };
                let n = match o.value() {
                    Some(Value::String(s)) => Some(s.len() as i64),
                    _ => None,
                };
                (t, n)
            }
            Type::Array(n, elem) => {
                if o.mode != Mode::Var {
                    self.error(e.pos, format!("invalid operation: {} (slice of unaddressable value)", self.expr_str(e)));
                    return Operand::invalid(e);
                }
                (self.types.intern(Type::Slice(elem)), Some(n as i64))
            }
            Type::Pointer(p) => match self.types.get(self.types.underlying(p)).clone() {
                Type::Array(n, elem) => (self.types.intern(Type::Slice(elem)), Some(n as i64)),
                _ => {
                    self.error(x.pos, format!("cannot slice {}", self.operand_desc(&o)));
                    return Operand::invalid(e);
                }
            },
            Type::Slice(_) => (o.ty, None),
            _ => {
                self.error(x.pos, format!("cannot slice {}", self.operand_desc(&o)));
                return Operand::invalid(e);
            }
        };
        let bound = cap.map(|c| c + 1);
        let mut vals = vec![];
        for b in [lo, hi, max].into_iter().flatten() {
            vals.push(self.index_value(scope, b, bound));
        }
        let consts: Vec<i64> = vals.iter().flatten().copied().collect();
        if consts.windows(2).any(|w| w[0] > w[1]) && vals.iter().all(|v| v.is_some()) {
            self.error(e.pos, format!("invalid slice indices: {} < {}", consts[1], consts[0]));
        }
        Operand::new(e, Mode::Value, result)
    }

    fn selector(&mut self, scope: ScopeId, e: &'a Expr, x: &'a Expr, sel: &'a rgo_syntax::ast::Ident) -> Operand<'a> {
        // Qualified identifier pkg.Name.
        if let ExprKind::Ident(pid) = &x.kind {
            if let Some(obj) = self.lookup(scope, &pid.name) {
                if let ObjKind::PkgName(path) = self.obj(obj).kind.clone() {
                    self.obj_mut(obj).used = true;
                    self.record_ident(pid.id, obj);
                    self.record(x.id, ids::INVALID, Mode::Pkg);
                    if path == "unsafe" {
                        return self.unsafe_member(e, sel);
                    }
                    if path == "runtime" {
                        return self.runtime_member(e, sel);
                    }
                    if let Some(&scope) = self.package_scopes.get(&path) {
                        return self.package_member(e, scope, &pid.name, sel);
                    }
                    // A package that could not be imported (already reported).
                    return Operand::invalid(e);
                }
            }
        }
        let o = self.expr_multi(scope, x);
        if o.is_invalid() {
            return Operand::invalid(e);
        }
        if o.mode == Mode::Type {
            // Method expression T.M / (*T).M.
            let Some((sel_info, fty)) = self.lookup_method(o.ty, &sel.name) else {
                if self.lookup_is_ambiguous(o.ty, &sel.name) {
                    self.error(sel.pos, format!("ambiguous selector {}.{}", self.expr_str(x), sel.name));
                    return Operand::invalid(e);
                }
                self.error(sel.pos, format!("{}.{} undefined (type {} has no method {})", self.expr_str(x), sel.name, self.type_str(o.ty), sel.name));
                return Operand::invalid(e);
            };
            // T.m with m declared on *T: not in T's method set.
            let is_ptr = matches!(self.types.get(self.types.underlying(o.ty)), Type::Pointer(_));
            if sel_info.ptr_recv && !sel_info.indirect && !is_ptr {
                self.error(sel.pos, format!("cannot call pointer method {} on {}", sel.name, self.type_str(o.ty)));
                return Operand::invalid(e);
            }
            let Type::Func(sig) = self.types.get(fty).clone() else { return Operand::invalid(e) };
            let mut params = vec![o.ty];
            params.extend(sig.params.iter().copied());
            let t = self.types.intern(Type::Func(crate::types::Signature { params, results: sig.results.clone(), variadic: sig.variadic }));
            if let Some(m) = sel_info.method {
                self.add_dep(m);
            }
            self.selections.insert((self.file, e.id), Selection { kind: crate::info::SelectionKind::MethodExpr, ..sel_info });
            return Operand::new(e, Mode::Value, t);
        }
        let mut o = o;
        self.single_value(&mut o);
        if o.is_invalid() {
            return Operand::invalid(e);
        }
        match self.lookup_field_or_method(o.ty, &sel.name) {
            Some(s) => {
                // Calling a method refers to it (package initialization order).
                if let Some(m) = s.method {
                    self.add_dep(m);
                }
                let ty = s.ty;
                let mode = match s.kind {
                    crate::info::SelectionKind::Field => {
                        if o.mode == Mode::Var || s.indirect { Mode::Var } else { Mode::Value }
                    }
                    _ => Mode::Value,
                };
                if s.kind == crate::info::SelectionKind::MethodVal && s.ptr_recv && !s.indirect && o.mode != Mode::Var && !matches!(self.types.get(self.types.underlying(o.ty)), Type::Pointer(_)) {
                    self.error(e.pos, format!("cannot call pointer method {} on {}", sel.name, self.type_str(o.ty)));
                    return Operand::invalid(e);
                }
                self.selections.insert((self.file, e.id), s);
                Operand::new(e, mode, ty)
            }
            None => {
                if self.lookup_is_ambiguous(o.ty, &sel.name) {
                    self.error(sel.pos, format!("ambiguous selector {}.{}", self.expr_str(x), sel.name));
                    return Operand::invalid(e);
                }
                let t = self.type_str(o.ty);
                let why = match self.types.get(self.types.underlying(o.ty)) {
                    Type::Pointer(b) if self.types.is_interface(*b) => format!("type {t} is pointer to interface, not interface"),
                    _ => {
                        // gc suggests the name with its first letter's case flipped.
                        let mut why = format!("type {t} has no field or method {}", sel.name);
                        let mut cs = sel.name.chars();
                        if let Some(c0) = cs.next() {
                            let flipped: String = if c0.is_uppercase() { c0.to_lowercase().collect() } else { c0.to_uppercase().collect() };
                            let other = format!("{flipped}{}", cs.as_str());
                            if other != sel.name && self.lookup_field_or_method(o.ty, &other).is_some() {
                                why += &format!(", but does have {other}");
                            }
                        }
                        why
                    }
                };
                self.error(sel.pos, format!("{}.{} undefined ({why})", self.expr_str(x), sel.name));
                Operand::invalid(e)
            }
        }
    }

    /// `pkg.Name` of a user package checked earlier: only exported names are visible.
    fn package_member(&mut self, e: &'a Expr, scope: ScopeId, pkg: &str, sel: &'a rgo_syntax::ast::Ident) -> Operand<'a> {
        let found = self.scopes[scope.0 as usize].names.get(&sel.name).copied();
        let Some(obj) = found.filter(|_| crate::types::is_exported(&sel.name)) else {
            // gc 1.19 says "undefined" for unexported names too.
            self.error(sel.pos, format!("undefined: {pkg}.{}", sel.name));
            return Operand::invalid(e);
        };
        self.record_ident(sel.id, obj);
        let o = self.obj(obj).clone();
        match &o.kind {
            ObjKind::Const(v) => Operand::new(e, Mode::Const(v.clone()), o.ty),
            ObjKind::TypeName => Operand::new(e, Mode::Type, o.ty),
            ObjKind::Var { .. } => {
                self.add_dep(obj);
                Operand::new(e, Mode::Var, o.ty)
            }
            ObjKind::Func { .. } => Operand::new(e, Mode::Value, o.ty),
            _ => Operand::invalid(e),
        }
    }

    fn unsafe_member(&mut self, e: &'a Expr, sel: &rgo_syntax::ast::Ident) -> Operand<'a> {
        use crate::objects::Builtin::*;
        let b = match sel.name.as_str() {
            "Pointer" => return Operand::new(e, Mode::Type, ids::UNSAFE_POINTER),
            "Sizeof" => UnsafeSizeof,
            "Alignof" => UnsafeAlignof,
            "Offsetof" => UnsafeOffsetof,
            "Add" => UnsafeAdd,
            "Slice" => UnsafeSlice,
            _ => {
                self.error(sel.pos, format!("undefined: unsafe.{}", sel.name));
                return Operand::invalid(e);
            }
        };
        Operand::new(e, Mode::Builtin(b), ids::VOID)
    }

    fn array_lit_len(&mut self, _scope: ScopeId, elts: &'a [Expr]) -> u64 {
        let mut max = 0u64;
        let mut i = 0u64;
        for el in elts {
            if let ExprKind::KeyValue { key, .. } = &el.kind {
                if let ExprKind::BasicLit(l) = &key.kind {
                    if let Some(v) = constant::parse_int_lit(&l.raw) {
                        use num_traits::ToPrimitive;
                        i = v.to_u64().unwrap_or(0);
                    }
                }
            }
            i += 1;
            max = max.max(i);
        }
        max
    }

    fn composite_lit(&mut self, scope: ScopeId, e: &'a Expr, ty: TypeId, elts: &'a [Expr]) -> Operand<'a> {
        if ty == ids::INVALID {
            for el in elts {
                if let ExprKind::KeyValue { value, .. } = &el.kind {
                    self.expr_or_lit(scope, value, ids::INVALID);
                } else {
                    self.expr_or_lit(scope, el, ids::INVALID);
                }
            }
            return Operand::invalid(e);
        }
        let u = self.types.underlying(ty);
        // &T elision: a composite literal element of pointer type `*T` may omit `&T`.
        let base = match self.types.get(u) {
            Type::Pointer(p) => self.types.underlying(*p),
            _ => u,
        };
        match self.types.get(base).clone() {
            Type::Struct(fields) => {
                if elts.iter().any(|el| matches!(el.kind, ExprKind::KeyValue { .. })) {
                    let mut seen = std::collections::HashSet::new();
                    for el in elts {
                        let ExprKind::KeyValue { key, value, .. } = &el.kind else {
                            self.error(el.pos, "mixture of field:value and value elements in struct literal");
                            continue;
                        };
                        let ExprKind::Ident(kid) = &key.kind else {
                            self.error(key.pos, format!("invalid field name {} in struct literal", self.expr_str(key)));
                            continue;
                        };
                        let Some(fi) = fields.iter().position(|f| f.name == kid.name && f.name != "_") else {
                            self.error(key.pos, format!("unknown field '{}' in struct literal of type {}", kid.name, self.type_str(ty)));
                            self.expr_or_lit(scope, value, ids::INVALID);
                            continue;
                        };
                        if !seen.insert(fi) {
                            self.error(key.pos, format!("duplicate field name {} in struct literal", kid.name));
                        }
                        self.record(key.id, fields[fi].ty, Mode::Value);
                        // Struct field values get no type hint: `f: {…}` is an error.
                        let mut v = self.expr(scope, value);
                        self.assignment(&mut v, fields[fi].ty, "struct literal");
                    }
                } else {
                    for (i, el) in elts.iter().enumerate() {
                        let Some(f) = fields.get(i) else {
                            self.expr(scope, el);
                            self.error(el.pos, format!("too many values in {}", self.expr_str(e)));
                            break;
                        };
                        let mut v = self.expr(scope, el);
                        self.assignment(&mut v, f.ty, "struct literal");
                    }
                    if !elts.is_empty() && elts.len() < fields.len() {
                        let at = match &e.kind {
                            ExprKind::CompositeLit { rbrace, .. } => *rbrace,
                            _ => e.pos,
                        };
                        self.error(at, format!("too few values in {}", self.expr_str(e)));
                    }
                }
            }
            Type::Array(n, elem) => self.indexed_elts(scope, elts, elem, Some(n)),
            Type::Slice(elem) => self.indexed_elts(scope, elts, elem, None),
            Type::Map(k, v) => {
                // Constant keys seen so far (with their type when the key type is an
                // interface: 1 and int8(1) are different keys then).
                let mut keys: Vec<(Value, TypeId)> = vec![];
                let iface_key = self.types.is_interface(k);
                for el in elts {
                    let ExprKind::KeyValue { key, value, .. } = &el.kind else {
                        self.error(el.pos, "missing key in map literal");
                        continue;
                    };
                    let mut ko = self.expr_or_lit(scope, key, k);
                    self.assignment(&mut ko, k, "map literal");
                    if let (Some(kv), false) = (ko.value().cloned(), ko.is_invalid()) {
                        let kt = if iface_key { ko.ty } else { k };
                        if keys.iter().any(|(v2, t2)| *v2 == kv && self.types.identical(*t2, kt)) {
                            self.error(key.pos, format!("duplicate key {kv} in map literal"));
                            continue;
                        }
                        keys.push((kv, kt));
                    }
                    let mut vo = self.expr_or_lit(scope, value, v);
                    self.assignment(&mut vo, v, "map literal");
                }
            }
            // A type whose declaration failed (an invalid recursive type) was reported.
            _ if base == ids::INVALID => return Operand::invalid(e),
            _ => {
                self.error(e.pos, format!("invalid composite literal type {}", self.type_str(ty)));
                return Operand::invalid(e);
            }
        }
        Operand::new(e, Mode::Value, ty)
    }

    /// The elements of an array or slice literal, as types2's indexedElts: an index
    /// that failed to check is not used (no bounds or duplicate errors follow from
    /// it), and an element without a key past the end is out of bounds.
    fn indexed_elts(&mut self, scope: ScopeId, elts: &'a [Expr], elem: TypeId, len: Option<u64>) {
        let mut i: i64 = 0;
        let mut seen = std::collections::HashSet::new();
        for el in elts {
            let mut valid = false;
            let value = if let ExprKind::KeyValue { key, value, .. } = &el.kind {
                match self.index_checked(scope, key, len.map(|n| n as i64)) {
                    Ok(Some(k)) => {
                        i = k;
                        valid = true;
                    }
                    Ok(None) => self.error(el.gc_pos(), format!("index {} must be integer constant", self.expr_str(key))),
                    Err(()) => {}
                }
                value
            } else if len.is_some_and(|n| i as u64 >= n) {
                self.error(el.pos, format!("index {i} is out of bounds (>= {})", len.unwrap()));
                el
            } else {
                valid = true;
                el
            };
            if valid && !seen.insert(i) {
                self.error(el.gc_pos(), format!("duplicate index {i} in array or slice literal"));
            }
            let mut v = self.expr_or_lit(scope, value, elem);
            self.assignment(&mut v, elem, "array or slice literal");
            i += 1;
        }
    }

    /// An element of a composite literal: a literal with its type elided takes `hint`.
    fn expr_or_lit(&mut self, scope: ScopeId, e: &'a Expr, hint: TypeId) -> Operand<'a> {
        if let ExprKind::CompositeLit { typ: None, elts, .. } = &e.kind {
            let op = self.composite_lit(scope, e, hint, elts);
            let ty = match self.types.get(self.types.underlying(hint)) {
                Type::Pointer(_) => hint,
                _ => op.ty,
            };
            if !op.is_invalid() {
                self.record(e.id, ty, Mode::Value);
            }
            return Operand { ty, ..op };
        }
        if let ExprKind::Unary { op: UnaryOp::Addr, x } = &e.kind {
            if let ExprKind::CompositeLit { typ: None, .. } = &x.kind {
                self.error(x.pos, "missing type in composite literal");
                return Operand::invalid(e);
            }
        }
        self.expr(scope, e)
    }
}

pub fn is_comparison(op: BinaryOp) -> bool {
    matches!(op, BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge)
}

/// `e` without enclosing parentheses.
pub fn unparen(e: &Expr) -> &Expr {
    match &e.kind {
        ExprKind::Paren(x) => unparen(x),
        _ => e,
    }
}
