//! `go f(x)` and `defer f(x)`: the call's function value, receiver and arguments are
//! evaluated now and stored in a funcval; a generated thunk function performs the
//! call later (gc's "wrapgo"/"wrapdefer").
//!
//! The thunk lowers the same call expression again, with each pre-evaluated operand
//! replaced by a load from its funcval (`Fx::subst`), so builtins, methods, interface
//! methods and func values all work without special cases.

use super::{Fx, MEM};
use crate::abi;
use cranelift_codegen::ir::{self, AbiParam, InstBuilder, Value, types};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{Linkage, Module};
use rgo_syntax::ast::{Expr, ExprKind};
use rgo_syntax::NodeId;
use rgo_types::types::Type;
use rgo_types::{Mode, ObjKind, SelectionKind, TypeId};
use std::collections::HashMap;
use std::rc::Rc;

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    /// Evaluates the operands of `call` and returns a funcval whose code performs it.
    pub fn call_thunk(&mut self, call: &'a Expr) -> Option<Value> {
        let call = super::expr::unparen(call);
        let ExprKind::Call { fun, args, .. } = &call.kind else { return None };
        // Operands to evaluate now: (node, type, values).
        let mut saved: Vec<(NodeId, TypeId, Vec<Value>)> = vec![];
        let fun = super::expr::unparen(fun);
        let fmode = self.g.info.expr(self.file, fun.id).map(|i| i.mode.clone());
        match (&fun.kind, fmode) {
            (_, Some(Mode::Builtin(_))) | (_, Some(Mode::Type)) => {}
            (ExprKind::Ident(id), _) if self.g.info.ident(self.file, id.id).is_some_and(|o| matches!(self.g.info.obj(o).kind, ObjKind::Func { .. }) && self.g.funcs.contains_key(&o)) => {}
            (ExprKind::Selector { x, .. }, _) => match self.g.info.selections.get(&(self.file, fun.id)).cloned() {
                Some(sel) if sel.kind == SelectionKind::MethodVal && sel.method.is_some() => {
                    let rv = self.method_receiver(x, &sel.path, sel.ptr_recv, call.pos);
                    let rt = self.receiver_type(sel.method.unwrap());
                    saved.push((fun.id, rt, rv));
                }
                Some(sel) if sel.kind == SelectionKind::MethodVal && !sel.path.is_empty() => {
                    // A method promoted from an embedded interface: bind it now.
                    let t = self.type_of(fun);
                    let v = self.expr(fun);
                    saved.push((fun.id, t, v));
                }
                Some(sel) if sel.kind == SelectionKind::MethodVal => {
                    let xt = self.type_of(x);
                    let v = self.expr(x);
                    // `defer i.M()` with a nil i panics here, at the defer statement:
                    // look the method up now (a nil itab faults).
                    // (A trapping load: Cranelift keeps it though its value is unused.)
                    self.b.ins().load(types::I64, cranelift_codegen::ir::MemFlagsData::new(), v[0], 24 + 8 * sel.index as i32);
                    saved.push((x.id, xt, v));
                }
                _ => {
                    let t = self.type_of(fun);
                    let v = self.expr(fun);
                    saved.push((fun.id, t, v));
                }
            },
            _ => {
                let t = self.type_of(fun);
                let v = self.expr(fun);
                saved.push((fun.id, t, v));
            }
        }
        for a in args {
            let t = self.type_of(a);
            if matches!(self.g.info.types.get(t), Type::Tuple(_)) {
                self.unsupported(a.pos, "go/defer with a multi-value argument");
                return None;
            }
            let t = if self.g.info.types.is_untyped(t) { super::expr::default_type(&self.g.info.types, t) } else { t };
            let v = self.expr(a);
            saved.push((a.id, t, v));
        }
        // Layout: code, then 8 bytes per saved part.
        let mut subst = HashMap::new();
        let mut off = 8u32;
        for (id, t, v) in &saved {
            subst.insert(*id, (off, *t));
            off += 8 * v.len() as u32;
        }
        let size = self.b.ins().iconst(types::I64, off as i64);
        let null = self.b.ins().iconst(types::I64, 0);
        let one = self.b.ins().iconst(types::I8, 1);
        let fv = self.call_runtime("mallocgc", &[size, null, one])[0];
        let mut o = 8;
        for (_, _, v) in &saved {
            for x in v {
                let ty = self.b.func.dfg.value_type(*x);
                // Small scalars are widened to a full word slot (stored at its start).
                let _ = ty;
                self.b.ins().store(MEM, *x, fv, o);
                o += 8;
            }
        }
        let thunk = self.define_thunk(call, subst)?;
        let fref = self.g.func_ref(thunk, self.b.func);
        let code = self.b.ins().func_addr(types::I64, fref);
        self.b.ins().store(MEM, code, fv, 0);
        Some(fv)
    }

    /// The receiver type of a method object.
    fn receiver_type(&self, m: rgo_types::ObjId) -> TypeId {
        match self.g.info.obj(m).kind {
            ObjKind::Func { recv: Some(r) } => r,
            _ => rgo_types::types::ids::INVALID,
        }
    }

    fn define_thunk(&mut self, call: &'a Expr, subst: HashMap<NodeId, (u32, TypeId)>) -> Option<cranelift_module::FuncId> {
        let n = {
            let c = self.g.closure_count.entry(self.name.clone()).or_insert(0);
            *c += 1;
            *c
        };
        let name = format!("{}.gowrap{}", self.name, n);
        let mut sig = ir::Signature::new(CallConv::SystemV);
        sig.params.push(AbiParam::new(types::I64));
        let id = self.g.module.declare_function(&name, Linkage::Local, &sig).ok()?;
        let mut func = ir::Function::with_name_signature(ir::UserFuncName::user(0, id.as_u32()), sig);
        let mut fctx = FunctionBuilderContext::new();
        let failed;
        {
            let b = FunctionBuilder::new(&mut func, &mut fctx);
            let escapes = Rc::new(super::escape::Escapes::default());
            let mut sub = Fx::new(&mut *self.g, b, self.file, escapes, name.clone());
            let entry = sub.b.create_block();
            sub.b.append_block_params_for_function_params(entry);
            sub.b.switch_to_block(entry);
            sub.ctx = Some(sub.b.block_params(entry)[0]);
            sub.subst = subst;
            let inner = super::expr::unparen(call);
            sub.call(inner);
            if !sub.b.is_unreachable() {
                sub.b.ins().return_(&[]);
            }
            sub.b.seal_all_blocks();
            failed = sub.failed;
            sub.b.finalize(self.g.module.isa().frontend_config());
        }
        if failed {
            self.failed = true;
            return None;
        }
        self.g.ctx.clear();
        self.g.ctx.func = func;
        if let Err(e) = crate::emit::define(self.g, id, None) {
            self.unsupported(call.pos, &format!("this go/defer call (internal error: {e:?})"));
            return None;
        }
        Some(id)
    }

    /// The pre-evaluated value of node `id` inside a thunk, if it was saved.
    pub fn substituted(&mut self, id: NodeId) -> Option<Vec<Value>> {
        let &(off, t) = self.subst.get(&id)?;
        let ctx = self.ctx?;
        let parts = abi::parts(&self.g.info.types, t)?;
        Some(
            parts
                .iter()
                .enumerate()
                .map(|(i, p)| self.b.ins().load(p.ty, MEM, ctx, off as i32 + 8 * i as i32))
                .collect(),
        )
    }

    /// `go f(x)`.
    pub fn go_stmt(&mut self, call: &'a Expr) {
        if let Some(fv) = self.call_thunk(call) {
            let code = self.b.ins().load(types::I64, MEM, fv, 0);
            self.call_runtime("newproc", &[code, fv]);
        }
    }
}

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    /// `defer f(x)`: registers the thunk; a second return from deferproc with 1 means
    /// a panic was recovered in this frame, which then returns normally.
    pub fn defer_stmt(&mut self, call: &'a Expr) {
        let Some(fv) = self.call_thunk(call) else { return };
        // Every deferred call goes through a thunk, one frame above the function that
        // may call recover: deferprocw tells the runtime to look one frame down.
        let r = self.call_runtime("deferprocw", &[fv])[0];
        let blk = match self.recover_blk {
            Some(b) => b,
            None => {
                let b = self.b.create_block();
                self.b.set_cold_block(b);
                self.recover_blk = Some(b);
                b
            }
        };
        let cont = self.b.create_block();
        self.b.ins().brif(r, blk, &[], cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// Emits the recovery block (after the body): run the remaining defers, return.
    pub fn finish_recovery(&mut self) {
        if let Some(b) = self.recover_blk.take() {
            self.b.switch_to_block(b);
            self.emit_return();
        }
    }
}
