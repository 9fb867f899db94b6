//! Interfaces with methods: itabs, dynamic method calls, type assertions.

use super::Fx;
use cranelift_codegen::ir::{InstBuilder, Value};
use rgo_syntax::ast::Expr;

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    /// `x.(T)`: the value, plus the ok flag when `comma_ok`.
    pub fn type_assert(&mut self, e: &'a Expr, comma_ok: bool) -> Vec<Vec<Value>> {
        let _ = comma_ok;
        self.unsupported(e.pos, "type assertions");
        vec![]
    }
}

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    /// Code address and data word for calling method `sel` of interface value `x`.
    pub fn iface_method(&mut self, x: &'a Expr, sel: &rgo_types::Selection, pos: rgo_syntax::Pos) -> (Value, Value) {
        let _ = (x, sel);
        self.unsupported(pos, "interface method calls");
        let z = self.b.ins().iconst(cranelift_codegen::ir::types::I64, 0);
        (z, z)
    }
}
