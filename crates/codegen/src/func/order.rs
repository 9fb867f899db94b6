//! Evaluation order within a statement, as gc orders it: the function calls of a
//! statement run first, left to right (inner calls before the call they are arguments
//! of), and only then are the other operands (variables, indirections, index
//! operands) evaluated. The spec leaves this order open; programs observe it when a
//! call changes a variable the statement also reads (`a + f()` where f assigns a, or
//! `*p += f()` where f moves p), and gc's answer is the one to match.
//!
//! `hoist_calls` evaluates the calls of an expression and keeps their results in
//! `Fx::hoisted`; `call` then returns those instead of calling again. Calls that may
//! not run at all stay in place: the right operand of `&&` and `||`, and function
//! literal bodies.

use super::Fx;
use rgo_syntax::ast::{BinaryOp, Expr, ExprKind};
use rgo_types::Mode;

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    /// Evaluates the calls in `e` now (see the module comment).
    pub fn hoist_calls(&mut self, e: &'a Expr) {
        match self.g.info.expr(self.file, e.id).map(|i| &i.mode) {
            Some(Mode::Const(_)) | Some(Mode::Type) => return,
            _ => {}
        }
        match &e.kind {
            ExprKind::Call { fun, args, .. } => {
                let mode = self.g.info.expr(self.file, fun.id).map(|i| i.mode.clone());
                if !matches!(mode, Some(Mode::Type)) {
                    self.hoist_calls(fun);
                }
                for a in args {
                    self.hoist_calls(a);
                }
                // Builtins (len, append, ...) are ordered like calls; conversions are not
                // calls and are evaluated in place.
                if !matches!(mode, Some(Mode::Type)) && !self.hoisted.contains_key(&e.id) {
                    let r = self.call(e);
                    self.hoisted.insert(e.id, r);
                }
            }
            ExprKind::Binary { op: BinaryOp::LAnd | BinaryOp::LOr, x, .. } => self.hoist_calls(x),
            ExprKind::Binary { x, y, .. } => {
                self.hoist_calls(x);
                self.hoist_calls(y);
            }
            ExprKind::Paren(x) | ExprKind::Selector { x, .. } | ExprKind::Star(x) | ExprKind::Unary { x, .. } | ExprKind::TypeAssert { x, .. } => self.hoist_calls(x),
            ExprKind::Index { x, indices, .. } => {
                self.hoist_calls(x);
                for i in indices {
                    self.hoist_calls(i);
                }
            }
            ExprKind::Slice { x, lo, hi, max, .. } => {
                self.hoist_calls(x);
                for i in [lo, hi, max].into_iter().flatten() {
                    self.hoist_calls(i);
                }
            }
            ExprKind::CompositeLit { elts, .. } => {
                for el in elts {
                    self.hoist_calls(el);
                }
            }
            ExprKind::KeyValue { key, value, .. } => {
                // A struct literal's field name is not an expression to evaluate.
                if self.g.info.expr(self.file, key.id).is_some() {
                    self.hoist_calls(key);
                }
                self.hoist_calls(value);
            }
            _ => {}
        }
    }
}
