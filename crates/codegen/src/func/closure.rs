//! Function values: closures (function literals with their captured variables),
//! funcvals of declared functions, and calls through func values.
//!
//! A func value points at a funcval `{fn, cell addresses of captured variables...}`;
//! calling it passes the funcval itself as the hidden `ctx` argument (ARCHITECTURE.md).

use super::{Fx, MEM, PendingClosure};
use crate::abi;
use cranelift_codegen::ir::{InstBuilder, Value, types};
use cranelift_module::{DataDescription, Linkage, Module};
use rgo_syntax::ast::Expr;
use rgo_syntax::Pos;
use rgo_types::types::Type;
use rgo_types::ObjId;

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    /// A function literal: declares its function (lowered later) and builds its funcval.
    pub fn closure(&mut self, e: &'a Expr) -> Vec<Value> {
        let captures = self.escapes.captures.get(&e.id).cloned().unwrap_or_default();
        let n = {
            let c = self.g.closure_count.entry(self.name.clone()).or_insert(0);
            *c += 1;
            *c
        };
        let name = format!("{}.func{}", self.name, n);
        let t = self.type_of(e);
        let Type::Func(sig) = self.underlying(t) else { return vec![] };
        let Some(csig) = abi::signature(&self.g.info.types, &sig.params, &sig.results, true) else {
            self.unsupported(e.pos, "this function literal's signature");
            return vec![];
        };
        let id = match self.g.module.declare_function(&name, Linkage::Local, &csig) {
            Ok(id) => id,
            Err(err) => {
                self.unsupported(e.pos, &format!("declaring {name}: {err}"));
                return vec![];
            }
        };
        let size = self.b.ins().iconst(types::I64, 8 * (1 + captures.len() as i64));
        let null = self.b.ins().iconst(types::I64, 0);
        let one = self.b.ins().iconst(types::I8, 1);
        let fv = self.call_runtime("mallocgc", &[size, null, one])[0];
        let fref = self.g.func_ref(id, self.b.func);
        let code = self.b.ins().func_addr(types::I64, fref);
        self.b.ins().store(MEM, code, fv, 0);
        for (i, &c) in captures.iter().enumerate() {
            let cell = self.local_cell(c).unwrap_or(null);
            self.b.ins().store(MEM, cell, fv, 8 * (i as i32 + 1));
        }
        self.g.pending.push(PendingClosure { id, file: self.file, lit: e, captures, escapes: self.escapes.clone() });
        vec![fv]
    }

    /// The func value of a declared function: a static funcval `{fn}`.
    pub fn func_value(&mut self, obj: ObjId, pos: Pos) -> Vec<Value> {
        let Some(&fid) = self.g.funcs.get(&obj) else {
            self.unsupported(pos, "this function as a value");
            return vec![];
        };
        let did = match self.g.funcvals.get(&fid) {
            Some(&d) => d,
            None => {
                let name = format!("{}·f", self.g.info.obj(obj).link_name);
                let d = self.g.module.declare_data(&name, Linkage::Local, false, false).expect("declare funcval");
                let mut desc = DataDescription::new();
                desc.define_zeroinit(8);
                desc.set_align(8);
                let r = self.g.module.declare_func_in_data(fid, &mut desc);
                desc.write_function_addr(0, r);
                self.g.module.define_data(d, &desc).expect("define funcval");
                self.g.funcvals.insert(fid, d);
                d
            }
        };
        let gv = self.g.data_ref(did, self.b.func);
        vec![self.b.ins().symbol_value(types::I64, gv)]
    }

    /// A method value `x.M` (bound receiver).
    pub fn method_value(&mut self, e: &'a Expr) -> Vec<Value> {
        self.unsupported(e.pos, "method values");
        vec![]
    }

    /// Calls the func value `fv` of type `fty` with flattened `args`.
    pub fn call_funcval(&mut self, fv: Value, fty: rgo_types::TypeId, args: &[Value], pos: Pos) -> Vec<Value> {
        let Type::Func(sig) = self.underlying(fty) else { return vec![] };
        let Some(csig) = abi::signature(&self.g.info.types, &sig.params, &sig.results, true) else {
            self.unsupported(pos, "calling this function type");
            return vec![];
        };
        let sref = self.b.import_signature(csig);
        let code = self.b.ins().load(types::I64, MEM, fv, 0);
        let mut argv = vec![fv];
        argv.extend_from_slice(args);
        let call = self.b.ins().call_indirect(sref, code, &argv);
        self.b.inst_results(call).to_vec()
    }
}
