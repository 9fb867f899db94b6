//! An operand: the result of checking an expression (go/types' `operand`).

use crate::constant::Value;
use crate::info::Mode;
use crate::types::{TypeId, ids};
use rgo_syntax::ast::Expr;
use rgo_syntax::{NodeId, Pos};

/// The checked form of an expression: how it may be used, its type and (for constants)
/// its value. An invalid operand has type `INVALID`; an error was already reported.
#[derive(Clone, Debug)]
pub(crate) struct Operand<'a> {
    pub mode: Mode,
    pub ty: TypeId,
    /// The expression, for positions and gc-style operand descriptions in messages.
    pub expr: &'a Expr,
    pub id: NodeId,
    pub pos: Pos,
}

impl<'a> Operand<'a> {
    pub fn new(expr: &'a Expr, mode: Mode, ty: TypeId) -> Operand<'a> {
        Operand { mode, ty, expr, id: expr.id, pos: expr.pos }
    }
    pub fn invalid(expr: &'a Expr) -> Operand<'a> {
        Operand::new(expr, Mode::Value, ids::INVALID)
    }
    pub fn is_invalid(&self) -> bool {
        self.ty == ids::INVALID
    }
    pub fn value(&self) -> Option<&Value> {
        match &self.mode {
            Mode::Const(v) => Some(v),
            _ => None,
        }
    }
    pub fn is_const(&self) -> bool {
        matches!(self.mode, Mode::Const(_))
    }
}
