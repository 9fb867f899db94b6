//! Whether two operands may be compared, and gc's message when not (types2's
//! comparison, incomparableCause and kindString): mismatched types, `struct containing
//! []int cannot be compared`, `map can only be compared to nil`, `operator < not
//! defined on struct`. Shared by binary comparisons and expression-switch cases.

use super::{Checker, Operand};
use crate::types::{BasicKind, Type, TypeId, ids};
use rgo_syntax::ast::BinaryOp;

impl<'a> Checker<'a> {
    /// Checks `x op y` (for a switch case: `x` is the case value, `y` the tag, and the
    /// operator is `==`); reports and returns false if the comparison is invalid.
    /// `nils` says which operand was the untyped `nil` before the operands' types were
    /// matched (gc keeps nil untyped).
    pub fn check_comparison(&mut self, x: &Operand<'a>, y: &Operand<'a>, op: BinaryOp, switch_case: bool, nils: (bool, bool)) -> bool {
        let op = if switch_case { BinaryOp::Eq } else { op };
        let Some((at_y, mut cause)) = self.comparison_problem(x, y, op, nils) else { return true };
        let err_op = if at_y { y } else { x };
        if cause.is_empty() {
            cause = format!("operator {} not defined on {}", op.as_str(), self.kind_string(err_op.ty));
        }
        let (xs, ys) = (self.expr_str(x.expr), self.expr_str(y.expr));
        if switch_case {
            self.error(x.pos, format!("invalid case {xs} in switch on {ys} ({cause})"));
        } else {
            self.error(err_op.pos, format!("invalid operation: {xs} {} {ys} ({cause})", op.as_str()));
        }
        false
    }

    /// `None` if fine; else whether to report at `y`, and the cause ("" for the
    /// catch-all `operator … not defined on …`).
    fn comparison_problem(&self, x: &Operand<'a>, y: &Operand<'a>, op: BinaryOp, nils: (bool, bool)) -> Option<(bool, String)> {
        if !(self.assignable(x.ty, y.ty) || self.assignable(y.ty, x.ty)) {
            return Some((true, format!("mismatched types {} and {}", self.type_str(x.ty), self.type_str(y.ty))));
        }
        match op {
            BinaryOp::Eq | BinaryOp::Ne => {
                let (xn, yn) = (nils.0 || x.ty == ids::UNTYPED_NIL, nils.1 || y.ty == ids::UNTYPED_NIL);
                if xn || yn {
                    let t = if xn { y.ty } else { x.ty };
                    if xn && yn {
                        return Some((true, format!("operator {} not defined on untyped nil", op.as_str())));
                    }
                    return (!self.has_nil(t)).then(|| (true, String::new()));
                }
                if !self.comparable(x.ty) {
                    return Some((false, self.incomparable_cause(x.ty)));
                }
                if !self.comparable(y.ty) {
                    return Some((true, self.incomparable_cause(y.ty)));
                }
                None
            }
            _ => {
                let ordered = |t: TypeId| self.types.basic(t).is_some_and(|k| k.is_ordered());
                if !ordered(x.ty) {
                    return Some((false, String::new()));
                }
                if !ordered(y.ty) {
                    return Some((true, String::new()));
                }
                None
            }
        }
    }

    /// Whether `nil` is a value of `t`.
    pub fn has_nil(&self, t: TypeId) -> bool {
        matches!(
            self.types.get(self.types.underlying(t)),
            Type::Pointer(_) | Type::Slice(_) | Type::Map(..) | Type::Chan(..) | Type::Func(_) | Type::Interface(_) | Type::Basic(BasicKind::UnsafePointer)
        )
    }

    /// Why values of `t` cannot be compared.
    pub fn incomparable_cause(&self, t: TypeId) -> String {
        match self.types.get(self.types.underlying(t)) {
            Type::Slice(_) | Type::Func(_) | Type::Map(..) => format!("{} can only be compared to nil", self.kind_string(t)),
            Type::Struct(fields) => match fields.iter().find(|f| !self.comparable(f.ty)) {
                Some(f) => format!("struct containing {} cannot be compared", self.type_str(f.ty)),
                None => String::new(),
            },
            Type::Array(..) => format!("{} cannot be compared", self.type_str(self.types.underlying(t))),
            _ => String::new(),
        }
    }

    /// gc's word for a type in comparison errors: its kind, or the type itself.
    pub fn kind_string(&self, t: TypeId) -> String {
        match self.types.get(self.types.underlying(t)) {
            Type::Array(..) => "array".into(),
            Type::Slice(_) => "slice".into(),
            Type::Struct(_) => "struct".into(),
            Type::Pointer(_) => "pointer".into(),
            Type::Func(_) => "func".into(),
            Type::Interface(_) => "interface".into(),
            Type::Map(..) => "map".into(),
            Type::Chan(..) => "chan".into(),
            _ => self.type_str(t),
        }
    }
}
