//! Calls: function and method calls, conversions `T(x)`, and dispatch to builtins.

use super::{Checker, Operand};
use crate::constant::Value;
use crate::info::Mode;
use crate::objects::ScopeId;
use crate::types::{Signature, Type, TypeId, ids};
use rgo_syntax::ast::{Expr, ExprKind};

impl<'a> Checker<'a> {
    pub fn call(&mut self, scope: ScopeId, e: &'a Expr) -> Operand<'a> {
        let ExprKind::Call { fun, args, ellipsis, rparen, .. } = &e.kind else { unreachable!() };
        let f = self.expr_multi(scope, fun);
        if f.is_invalid() {
            for a in args {
                self.expr_multi(scope, a);
            }
            return Operand::invalid(e);
        }
        match f.mode.clone() {
            Mode::Type => {
                if args.len() != 1 {
                    let msg = if args.is_empty() {
                        format!("missing argument in conversion to {}", self.type_str(f.ty))
                    } else {
                        format!("too many arguments in conversion to {}", self.type_str(f.ty))
                    };
                    self.error(if args.is_empty() { *rparen } else { args[1].pos }, msg);
                    return Operand::invalid(e);
                }
                if ellipsis.is_some() {
                    self.error(e.pos, format!("invalid use of ... in conversion to {}", self.type_str(f.ty)));
                }
                let x = self.expr(scope, &args[0]);
                return self.conversion(e, x, f.ty);
            }
            Mode::Builtin(b) => {
                let r = self.builtin(scope, e, b, args, ellipsis.is_some());
                // A builtin with a non-constant result counts as a function call.
                if !r.is_invalid() && !r.is_const() {
                    self.has_call_or_recv = true;
                }
                return r;
            }
            _ => {}
        }
        self.has_call_or_recv = true;
        let mut f = f;
        self.single_value(&mut f);
        if f.is_invalid() {
            return Operand::invalid(e);
        }
        let Type::Func(sig) = self.types.get(self.types.underlying(f.ty)).clone() else {
            self.error(e.pos, format!("invalid operation: cannot call non-function {}", self.operand_desc(&f)));
            for a in args {
                self.expr_multi(scope, a);
            }
            return Operand::invalid(e);
        };
        self.arguments(scope, e, &sig, args, ellipsis.is_some(), *rparen, &self.expr_str(fun));
        match sig.results.len() {
            0 => Operand::new(e, Mode::NoValue, ids::VOID),
            1 => Operand::new(e, Mode::Value, sig.results[0]),
            _ => {
                let t = self.types.intern(Type::Tuple(sig.results.clone()));
                Operand::new(e, Mode::Value, t)
            }
        }
    }

    /// Checks call arguments against a signature (including `f(g())` spreading and `...`),
    /// as types2's arguments does.
    #[allow(clippy::too_many_arguments)]
    pub fn arguments(&mut self, scope: ScopeId, call: &'a Expr, sig: &Signature, args: &'a [Expr], ddd: bool, rparen: rgo_syntax::Pos, fname: &str) {
        let _ = rparen;
        let mut ops: Vec<Operand<'a>> = vec![];
        // f(g()) where g returns several values: one operand per result, all at g().
        if args.len() == 1 {
            let op = self.expr_multi(scope, &args[0]);
            match self.types.get(op.ty).clone() {
                Type::Tuple(ts) if !op.is_invalid() && ts.len() > 1 => {
                    ops.extend(ts.iter().map(|&t| Operand::new(&args[0], Mode::Value, t)));
                }
                _ => {
                    let mut op = op;
                    self.single_value(&mut op);
                    ops.push(op);
                }
            }
        } else {
            for a in args {
                let mut op = self.expr(scope, a);
                self.single_value(&mut op);
                ops.push(op);
            }
        }
        if ops.iter().any(|o| o.is_invalid()) {
            return;
        }
        let nargs = ops.len();
        let mut npars = sig.params.len();
        if ddd {
            if !sig.variadic {
                self.error(call.pos, format!("cannot use ... in call to non-variadic {fname}"));
                return;
            }
            if args.len() == 1 && nargs > 1 {
                self.error(call.pos, format!("cannot use ... with {nargs}-valued {}", self.expr_str(&args[0])));
                return;
            }
        } else if sig.variadic {
            if nargs + 1 >= npars {
                npars = nargs;
            } else {
                npars -= 1;
            }
        }
        if nargs != npars {
            let (qual, at) = if nargs > npars {
                ("too many", ops[npars].pos)
            } else {
                ("not enough", ops.last().map_or(call.pos, |o| o.pos))
            };
            let have: Vec<TypeId> = ops.iter().map(|o| o.ty).collect();
            let msg = format!(
                "{qual} arguments in call to {fname}\n\thave {}\n\twant {}",
                self.types_summary(&have, false),
                self.types_summary(&sig.params, sig.variadic)
            );
            self.error(at, msg);
            return;
        }
        for (i, mut op) in ops.into_iter().enumerate() {
            let pt = self.param_type(sig, i, ddd);
            self.assignment(&mut op, pt, &format!("argument to {fname}"));
        }
    }

    /// Type of argument `i`: for variadic functions the element type of the final `[]T`
    /// (unless the call passes `xs...`).
    fn param_type(&self, sig: &Signature, i: usize, ddd: bool) -> TypeId {
        let np = sig.params.len();
        if sig.variadic && i + 1 >= np {
            let last = sig.params[np - 1];
            if ddd {
                return last;
            }
            return match self.types.get(last) {
                Type::Slice(e) => *e,
                _ => last,
            };
        }
        sig.params.get(i).copied().unwrap_or(ids::INVALID)
    }

    /// `T(x)`.
    pub fn conversion(&mut self, e: &'a Expr, mut x: Operand<'a>, t: TypeId) -> Operand<'a> {
        if x.is_invalid() || t == ids::INVALID {
            return Operand::invalid(e);
        }
        let tu = self.types.underlying(t);
        if let Some(v) = x.value().cloned() {
            if let Type::Basic(tk) = *self.types.get(tu) {
                // Constant conversions yield constants.
                let sk = self.types.basic(x.ty).unwrap_or(crate::types::BasicKind::Invalid);
                if tk.is_string() && sk.is_integer() {
                    let s = v.as_i64().and_then(|c| char::from_u32(c as u32)).map(|c| c.to_string()).unwrap_or("\u{FFFD}".into());
                    return Operand::new(e, Mode::Const(Value::String(s.into_bytes())), t);
                }
                let kinds_ok = (tk.is_numeric() && sk.is_numeric()) || (tk.is_string() && sk.is_string()) || (tk.is_boolean() && sk.is_boolean());
                if kinds_ok {
                    let v2 = if tk.is_integer() && !sk.is_integer() {
                        match v.to_rank(0) {
                            Some(i) => i,
                            None => {
                                self.error(x.pos, format!("cannot convert {} to type {} (truncated)", self.operand_desc(&x), self.type_str(t)));
                                return Operand::invalid(e);
                            }
                        }
                    } else {
                        v.clone()
                    };
                    return match self.representable(&v2, t) {
                        Ok(nv) => {
                            if self.types.is_untyped(x.ty) {
                                let final_t = if tk.is_integer() && !sk.is_integer() { self.default_type(x.ty) } else { t };
                                let _ = final_t;
                                self.set_type(&mut x, t);
                            }
                            Operand::new(e, Mode::Const(nv), t)
                        }
                        Err(_) => {
                            if tk.is_integer() {
                                self.error(x.pos, format!("cannot convert {} to type {}", self.operand_desc(&x), self.type_str(t)));
                            } else {
                                self.error(x.pos, format!("cannot convert {} to type {}", self.operand_desc(&x), self.type_str(t)));
                            }
                            Operand::invalid(e)
                        }
                    };
                }
            }
        }
        if self.types.is_untyped(x.ty) {
            // Untyped non-constant (or constant to a non-basic type): implicit first.
            let target = if self.convertible_untyped(x.ty, t) { t } else { self.default_type(x.ty) };
            if x.ty == ids::UNTYPED_NIL {
                if !matches!(self.types.get(tu), Type::Pointer(_) | Type::Slice(_) | Type::Map(..) | Type::Chan(..) | Type::Func(_) | Type::Interface(_) | Type::Basic(crate::types::BasicKind::UnsafePointer)) {
                    self.error(x.pos, format!("cannot convert nil to type {}", self.type_str(t)));
                    return Operand::invalid(e);
                }
                self.set_type(&mut x, t);
                return Operand::new(e, Mode::Value, t);
            }
            if !x.is_const() && matches!(self.types.get(tu), Type::Basic(_)) && self.convertible(self.default_type(x.ty), t) {
                // A non-constant untyped value (a shift, a comparison) takes the
                // conversion's type itself (types2's updateExprType with final = T),
                // which is where `float64(1 << s)` fails.
                self.set_type(&mut x, t);
                if x.is_invalid() {
                    return Operand::invalid(e);
                }
                return Operand::new(e, Mode::Value, t);
            }
            self.convert_untyped(&mut x, target);
            if x.is_invalid() {
                return Operand::invalid(e);
            }
        }
        if !self.convertible(x.ty, t) {
            self.error(x.pos, format!("cannot convert {} to type {}", self.operand_desc(&x), self.type_str(t)));
            return Operand::invalid(e);
        }
        Operand::new(e, Mode::Value, t)
    }

    fn convertible_untyped(&self, from: TypeId, to: TypeId) -> bool {
        let Some(tk) = self.types.basic(to) else { return false };
        let sk = self.types.basic(from).unwrap();
        (tk.is_numeric() && sk.is_numeric()) || (tk.is_string() && sk.is_string()) || (tk.is_boolean() && sk.is_boolean())
    }

    /// Non-constant conversion rules of the spec.
    pub fn convertible(&self, v: TypeId, t: TypeId) -> bool {
        if self.assignable(v, t) {
            return true;
        }
        let (vu, tu) = (self.types.underlying(v), self.types.underlying(t));
        if self.identical_ignore_tags(vu, tu) {
            return true;
        }
        match (self.types.get(vu), self.types.get(tu)) {
            (Type::Pointer(a), Type::Pointer(b)) if !self.types.is_named(v) && !self.types.is_named(t) => {
                let (au, bu) = (self.types.underlying(*a), self.types.underlying(*b));
                if self.identical_ignore_tags(au, bu) {
                    return true;
                }
            }
            _ => {}
        }
        let (vk, tk) = (self.types.basic(v), self.types.basic(t));
        if let (Some(a), Some(b)) = (vk, tk) {
            if (a.is_integer() || a.is_float()) && (b.is_integer() || b.is_float()) {
                return true;
            }
            if a.is_complex() && b.is_complex() {
                return true;
            }
            if a.is_integer() && b.is_string() {
                return true;
            }
            use crate::types::BasicKind::*;
            if (a == UnsafePointer && (b == Uintptr)) || (a == Uintptr && b == UnsafePointer) {
                return true;
            }
        }
        use crate::types::BasicKind::*;
        match (self.types.get(vu), self.types.get(tu)) {
            (Type::Basic(k), Type::Slice(e)) | (Type::Slice(e), Type::Basic(k)) if k.is_string() => {
                // Element types whose underlying type is byte or rune (Go 1.18).
                matches!(self.types.basic(*e), Some(Uint8) | Some(Int32))
            }
            (Type::Basic(UnsafePointer), Type::Pointer(_)) | (Type::Pointer(_), Type::Basic(UnsafePointer)) => true,
            (Type::Slice(e1), Type::Pointer(p)) => {
                // Go 1.17: slice to array pointer.
                matches!(self.types.get(self.types.underlying(*p)), Type::Array(_, e2) if self.types.identical(*e1, *e2))
            }
            _ => false,
        }
    }

    fn identical_ignore_tags(&self, a: TypeId, b: TypeId) -> bool {
        if self.types.identical(a, b) {
            return true;
        }
        match (self.types.get(a), self.types.get(b)) {
            (Type::Struct(f1), Type::Struct(f2)) => {
                f1.len() == f2.len() && f1.iter().zip(f2).all(|(x, y)| x.name == y.name && x.embedded == y.embedded && self.types.identical(x.ty, y.ty))
            }
            _ => false,
        }
    }
}
