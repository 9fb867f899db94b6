//! Assignability, implicit conversion of untyped operands, representability.

use super::{Checker, Operand};
use crate::constant::Value;
use crate::info::Mode;
use crate::types::{BasicKind, Type, TypeId, ids};

impl<'a> Checker<'a> {
    /// The type an untyped value gets when nothing else decides (`x := 1` → int).
    pub fn default_type(&self, t: TypeId) -> TypeId {
        match self.types.get(t) {
            Type::Basic(BasicKind::UntypedBool) => ids::BOOL,
            Type::Basic(BasicKind::UntypedInt) => ids::INT,
            Type::Basic(BasicKind::UntypedRune) => ids::RUNE,
            Type::Basic(BasicKind::UntypedFloat) => ids::FLOAT64,
            Type::Basic(BasicKind::UntypedComplex) => ids::COMPLEX128,
            Type::Basic(BasicKind::UntypedString) => ids::STRING,
            _ => t,
        }
    }

    /// Whether a value of type `v` may be assigned to type `t` (spec "Assignability"),
    /// for typed `v` (untyped operands go through `convert_untyped`).
    pub fn assignable(&self, v: TypeId, t: TypeId) -> bool {
        if v == ids::INVALID || t == ids::INVALID {
            return true;
        }
        if self.types.identical(v, t) {
            return true;
        }
        let (vu, tu) = (self.types.underlying(v), self.types.underlying(t));
        if vu == ids::INVALID || tu == ids::INVALID {
            // A type whose declaration failed (an invalid recursive type) was
            // reported; values of it cause no further errors.
            return true;
        }
        if self.types.is_untyped(v) {
            if self.types.is_untyped(t) {
                // Between untyped kinds: numeric with numeric, else the same kind.
                let (a, b) = (self.types.basic(v).unwrap(), self.types.basic(t).unwrap());
                return a == b || a.is_numeric() && b.is_numeric();
            }
            if let Type::Basic(k) = self.types.get(tu) {
                return match self.types.basic(v).unwrap() {
                    BasicKind::UntypedBool => k.is_boolean(),
                    BasicKind::UntypedNil => *k == BasicKind::UnsafePointer,
                    _ => k.is_numeric() || k.is_string(),
                };
            }
            if v == ids::UNTYPED_NIL {
                return matches!(
                    self.types.get(tu),
                    Type::Pointer(_) | Type::Slice(_) | Type::Map(..) | Type::Chan(..) | Type::Func(_) | Type::Interface(_)
                );
            }
            return self.types.is_interface(t) && self.implements(self.default_type(v), t);
        }
        // Identical underlying types and at least one is not a named type.
        if self.types.identical(vu, tu) && (!self.types.has_name(v) || !self.types.has_name(t)) {
            return true;
        }
        // Interface satisfaction.
        if self.types.is_interface(t) && self.implements(v, t) {
            return true;
        }
        // Bidirectional channel to a directional one with identical element types.
        if let (Type::Chan(crate::types::ChanDir::Both, e1), Type::Chan(_, e2)) = (self.types.get(vu), self.types.get(tu)) {
            if self.types.identical(*e1, *e2) && (!self.types.has_name(v) || !self.types.has_name(t)) {
                return true;
            }
        }
        false
    }

    /// Checks that `op` can be assigned to `t` in `context` ("assignment", "argument",
    /// "return statement", …) and converts an untyped operand to `t`.
    pub fn assignment(&mut self, op: &mut Operand<'a>, t: TypeId, context: &str) {
        if op.is_invalid() || t == ids::INVALID {
            return;
        }
        if self.types.is_untyped(op.ty) {
            if op.ty == ids::UNTYPED_NIL && self.types.is_interface(t) {
                self.set_type(op, t);
                return;
            }
            let saved = self.assign_ctx.replace(context.to_string());
            if self.types.is_interface(t) {
                // The constant gets its default type first; that typed value must
                // then implement the interface (checked below).
                let d = self.default_type(op.ty);
                let ok = self.convert_untyped(op, d);
                self.assign_ctx = saved;
                if !ok || op.is_invalid() {
                    return;
                }
            } else {
                if !self.assignable(op.ty, t) {
                    self.assign_ctx = saved;
                    let msg = format!("cannot use {} as {} value in {context}", self.operand_desc(op), self.type_str(t));
                    self.error(op.pos, msg);
                    op.ty = ids::INVALID;
                    return;
                }
                self.convert_untyped(op, t);
                self.assign_ctx = saved;
                return;
            }
        }
        if !self.assignable(op.ty, t) {
            self.cannot_use(op, t, context);
            op.ty = ids::INVALID;
        }
    }

    /// gc's message for a typed value that is not assignable: `cannot use x (variable of
    /// type T) as type U in assignment`, with the reason on the next line when there is
    /// one (a missing method, a needed type assertion).
    fn cannot_use(&mut self, op: &Operand<'a>, t: TypeId, context: &str) {
        let desc = self.operand_desc(op);
        let mut msg = format!("cannot use {desc} as type {} in {context}", self.type_str(t));
        if let Some(reason) = self.not_assignable_reason(op.ty, t) {
            msg = format!("{msg}:\n\t{reason}");
        }
        self.error(op.pos, msg);
    }

    /// Why typed `v` is not assignable to `t`, if gc says why.
    pub fn not_assignable_reason(&self, v: TypeId, t: TypeId) -> Option<String> {
        let tu = self.types.underlying(t);
        if matches!(self.types.get(tu), Type::Interface(_)) || self.is_ptr_to_interface(t) {
            return self.not_implements(v, t);
        }
        if self.types.is_interface(v) && self.implements(t, v) {
            return Some("need type assertion".into());
        }
        None
    }

    fn is_ptr_to_interface(&self, t: TypeId) -> bool {
        matches!(self.types.get(self.types.underlying(t)), Type::Pointer(b) if self.types.is_interface(*b))
    }

    /// `x (variable of type int)`, `"a" (untyped string constant)`, as gc describes operands.
    pub fn operand_desc(&self, op: &Operand<'a>) -> String {
        let text = self.expr_str(op.expr);
        let t = self.type_str(op.ty);
        match &op.mode {
            Mode::Const(v) => {
                let vs = v.to_string();
                if self.types.is_untyped(op.ty) {
                    if vs == text { format!("{text} ({t} constant)") } else { format!("{text} ({t} constant {vs})") }
                } else if vs == text {
                    format!("{text} (constant of type {t})")
                } else {
                    format!("{text} (constant {vs} of type {t})")
                }
            }
            Mode::Var | Mode::MapIndex => format!("{text} (variable of type {t})"),
            _ if op.ty == ids::UNTYPED_NIL => "nil".to_string(),
            _ => format!("{text} (value of type {t})"),
        }
    }

    /// Converts an untyped operand to `target` (a basic type, or an untyped kind when
    /// both sides of a binary operation are untyped). Reports and returns false when the
    /// value is not representable.
    pub fn convert_untyped(&mut self, op: &mut Operand<'a>, target: TypeId) -> bool {
        if op.is_invalid() || !self.types.is_untyped(op.ty) || target == ids::INVALID {
            return true;
        }
        let tu = self.types.underlying(target);
        if self.types.is_interface(target) {
            let d = self.default_type(op.ty);
            if op.ty == ids::UNTYPED_NIL {
                self.set_type(op, target);
            } else {
                self.convert_untyped(op, d);
            }
            return true;
        }
        if op.ty == ids::UNTYPED_NIL {
            if !matches!(self.types.get(tu), Type::Pointer(_) | Type::Slice(_) | Type::Map(..) | Type::Chan(..) | Type::Func(_) | Type::Basic(BasicKind::UnsafePointer)) {
                self.error(op.pos, format!("cannot convert nil to type {}", self.type_str(target)));
                op.ty = ids::INVALID;
                return false;
            }
            self.set_type(op, target);
            return true;
        }
        let Type::Basic(tk) = *self.types.get(tu) else {
            self.error(op.pos, format!("cannot use {} as {} value{}", self.operand_desc(op), self.type_str(target), self.in_ctx()));
            op.ty = ids::INVALID;
            return false;
        };
        let sk = self.types.basic(op.ty).unwrap();
        let ok_kind = match sk {
            BasicKind::UntypedBool => tk.is_boolean(),
            BasicKind::UntypedString => tk.is_string(),
            _ => tk.is_numeric(),
        };
        if !ok_kind {
            self.error(op.pos, self.conversion_failure(op, target, ""));
            op.ty = ids::INVALID;
            return false;
        }
        if let Mode::Const(v) = op.mode.clone() {
            match self.representable(&v, target) {
                Ok(nv) => op.mode = Mode::Const(nv),
                Err(truncated) => {
                    // types2 names the failure by the kinds: a non-integer untyped
                    // constant that does not fit an integer type is "truncated" even
                    // when it is integral (1e20), any other numeric misfit "overflows".
                    let truncated = truncated || tk.is_integer() && !sk.is_integer() && sk.is_numeric();
                    let msg = if truncated {
                        self.conversion_failure(op, target, "truncated")
                    } else if tk.is_numeric() && v.numeric_rank().is_some() {
                        self.conversion_failure(op, target, "overflows")
                    } else {
                        self.conversion_failure(op, target, "")
                    };
                    self.error(op.pos, msg);
                    op.ty = ids::INVALID;
                    return false;
                }
            }
        }
        self.set_type(op, target);
        true
    }

    /// gc's words for an untyped value that cannot become `target`: in an assignment
    /// `cannot use x as T value in ctx (how)`, elsewhere `x truncated to T`,
    /// `x overflows T` or `cannot convert x to T` (types2's invalidConversion).
    fn conversion_failure(&self, op: &Operand<'a>, target: TypeId, how: &str) -> String {
        let (x, t) = (self.operand_desc(op), self.type_str(target));
        match (&self.assign_ctx, how) {
            (Some(c), "") => format!("cannot use {x} as {t} value in {c}"),
            (Some(c), how) => format!("cannot use {x} as {t} value in {c} ({how})"),
            (None, "") => format!("cannot convert {x} to {t}"),
            (None, "truncated") => format!("{x} truncated to {t}"),
            (None, how) => format!("{x} {how} {t}"),
        }
    }

    /// " in assignment" etc. when an assignment context is being checked.
    fn in_ctx(&self) -> String {
        self.assign_ctx.as_ref().map(|c| format!(" in {c}")).unwrap_or_default()
    }

    /// Sets the final type of `op` and of its untyped sub-expressions.
    pub fn set_type(&mut self, op: &mut Operand<'a>, t: TypeId) {
        op.ty = t;
        self.update_expr_type(op.id, t);
        let mode = op.mode.clone();
        self.record(op.id, t, mode);
    }

    /// `v` converted to the basic type `t`: Ok(rounded value), or Err(truncated?) when
    /// it does not fit.
    pub fn representable(&self, v: &Value, t: TypeId) -> Result<Value, bool> {
        let Some(k) = self.types.basic(t) else { return Err(false) };
        use BasicKind::*;
        match k {
            Bool | UntypedBool => matches!(v, Value::Bool(_)).then(|| v.clone()).ok_or(false),
            String | UntypedString => matches!(v, Value::String(_)).then(|| v.clone()).ok_or(false),
            _ if k.is_integer() => {
                let Some(iv) = v.to_rank(0) else {
                    return Err(v.numeric_rank().is_some());
                };
                let (bits, signed) = match k {
                    Int8 => (8, true),
                    Int16 => (16, true),
                    Int32 => (32, true),
                    Int | Int64 => (64, true),
                    Uint8 => (8, false),
                    Uint16 => (16, false),
                    Uint32 => (32, false),
                    Uint | Uint64 | Uintptr => (64, false),
                    _ => return Ok(iv), // untyped int/rune: any size
                };
                if iv.fits_int(bits, signed) { Ok(iv) } else { Err(false) }
            }
            Float32 | Float64 => {
                let Some(fv) = v.to_rank(1) else { return Err(false) };
                fv.round_float(k == Float32).ok_or(false)
            }
            UntypedFloat => v.to_rank(1).ok_or(false),
            Complex64 | Complex128 => {
                let Some(Value::Complex(re, im)) = v.to_rank(2) else { return Err(false) };
                let b32 = k == Complex64;
                let re = Value::Float(re).round_float(b32).ok_or(false)?;
                let im = Value::Float(im).round_float(b32).ok_or(false)?;
                match (re, im) {
                    (Value::Float(r), Value::Float(i)) => Ok(Value::Complex(r, i)),
                    _ => Err(false),
                }
            }
            UntypedComplex => v.to_rank(2).ok_or(false),
            _ => Err(false),
        }
    }

    /// Whether values of `t` can be compared with `==`.
    pub fn comparable(&self, t: TypeId) -> bool {
        let u = self.types.underlying(t);
        match self.types.get(u) {
            Type::Slice(_) | Type::Map(..) | Type::Func(_) => false,
            Type::Array(_, e) => self.comparable(*e),
            Type::Struct(fields) => fields.iter().all(|f| self.comparable(f.ty)),
            _ => true,
        }
    }

    /// Whether `t` implements interface `iface`.
    pub fn implements(&self, t: TypeId, iface: TypeId) -> bool {
        self.missing_method(t, iface).is_none()
    }

    /// The first method of `iface` that `t` lacks.
    pub fn missing_method(&self, t: TypeId, iface: TypeId) -> Option<String> {
        let Type::Interface(methods) = self.types.get(self.types.underlying(iface)) else { return None };
        for m in methods {
            match self.method_set_lookup(t, &m.name) {
                Some(sig) if self.types.identical(sig, m.sig) => {}
                _ => return Some(m.name.clone()),
            }
        }
        None
    }
}
