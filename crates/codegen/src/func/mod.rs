//! Lowering one Go function body to Cranelift IR.
//!
//! A Go value is a list of Cranelift values, one per part (abi.rs). Local variables
//! are Cranelift `Variable`s (one per part), so the SSA builder does the rest; package
//! variables live in data symbols and are loaded and stored part by part.

mod builtin;
mod chanmap;
mod closure;
mod composite;
mod expr;
mod iface;
mod ops;
mod order;
mod stmt;
mod thunk;
mod wb;

pub(crate) mod escape;

use crate::abi::{self, Part};
use crate::Gen;
use cranelift_codegen::ir::{self, Block, InstBuilder, MemFlagsData, StackSlot, Value, types};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use cranelift_module::{FuncId, Module};
use escape::Escapes;
use rgo_syntax::ast::{DeclKind, Expr, ExprKind, FuncDecl};
use rgo_syntax::Pos;
use rgo_types::{ObjId, TypeId};
use std::collections::HashMap;
use std::rc::Rc;

/// Where an addressable Go value lives.
#[derive(Clone)]
pub(crate) enum Place {
    /// A local variable: one Cranelift variable per part.
    Vars(Vec<Variable>, TypeId),
    /// Memory at `addr` holding a value of the type.
    Mem(Value, TypeId),
    /// A stack slot holding a value of the type (results of functions with defer).
    Slot(StackSlot, TypeId),
    /// `m[k]`: read with mapaccess1, written with mapassign (key stored at `key`).
    Map { maptype: Value, map: Value, key: Value, elem: TypeId },
    /// `_`: assignments are evaluated and dropped.
    Blank,
}

/// How a local variable is stored.
#[derive(Clone)]
pub(crate) enum Local {
    /// In SSA variables, one per part.
    Vars(Vec<Variable>),
    /// In a stack slot (arrays, structs holding arrays): indexable memory.
    Slot(StackSlot),
    /// In a heap cell whose address the variable holds (escaping variables).
    Heap(Variable),
    /// Captured by this closure: cell address at `ctx + 8 * (index + 1)`.
    Captured(u32),
}

/// Targets of `break` and `continue` of an enclosing statement.
struct Jump {
    label: Option<String>,
    brk: Block,
    cont: Option<Block>,
}

/// A function literal waiting to be lowered after its enclosing function.
pub(crate) struct PendingClosure<'a> {
    pub id: FuncId,
    pub file: u32,
    pub lit: &'a Expr,
    pub captures: Vec<ObjId>,
    pub escapes: Rc<Escapes>,
}

pub(crate) struct Fx<'g, 'a, 'b> {
    pub g: &'g mut Gen<'a>,
    pub b: FunctionBuilder<'b>,
    pub file: u32,
    pub locals: HashMap<ObjId, Local>,
    pub escapes: Rc<Escapes>,
    /// The closure context (first parameter).
    pub ctx: Option<Value>,
    /// Link name of the function, for naming its closures (`main.f.func1`).
    pub name: String,
    /// Named or unnamed results, as places (so a bare `return` works).
    results: Vec<(Place, TypeId)>,
    jumps: Vec<Jump>,
    /// Blocks of goto labels.
    labels: HashMap<String, Block>,
    /// Label attached to the statement being lowered (for labeled loops/switches).
    pending_label: Option<String>,
    /// Set when a fallthrough should jump to the next clause's body.
    fallthrough: Option<Block>,
    pub failed: bool,
    /// Inside a go/defer thunk: operands evaluated at the go/defer statement, loaded
    /// from the funcval at (offset, type).
    pub subst: HashMap<rgo_syntax::NodeId, (u32, TypeId)>,
    /// Results of calls already evaluated for the current statement (order.rs).
    pub hoisted: HashMap<rgo_syntax::NodeId, Vec<Vec<Value>>>,
    /// The body contains `defer`: results live in memory and every return runs
    /// `deferreturn` first; `recover_blk` is where a recovered panic resumes.
    pub has_defer: bool,
    /// Set while computing an address: dereferences get explicit nil checks.
    pub nilcheck: bool,
    pub recover_blk: Option<Block>,
}

pub(crate) const MEM: MemFlagsData = MemFlagsData::trusted();

/// What a body lowering needs to know about its function.
struct BodySpec<'a> {
    file: u32,
    id: FuncId,
    pos: Pos,
    name: String,
    /// Receiver and parameters: declaring identifier (None if unnamed) and type.
    params: Vec<(Option<&'a rgo_syntax::ast::Ident>, TypeId)>,
    results: Option<&'a rgo_syntax::ast::FieldList>,
    result_types: Vec<TypeId>,
    body: &'a rgo_syntax::ast::Block,
    captures: Vec<ObjId>,
    escapes: Rc<Escapes>,
    is_closure: bool,
}

/// Lowers a function declaration with a body and defines it in the module.
pub(crate) fn lower_func<'a>(g: &mut Gen<'a>, file: u32, obj: ObjId, fd: &'a FuncDecl, id: FuncId) {
    let info = g.info;
    let o = info.obj(obj);
    let rgo_types::types::Type::Func(sig) = info.types.get(info.types.underlying(o.ty)).clone() else { return };
    let mut params = vec![];
    if let Some(recv) = &fd.recv {
        if let rgo_types::ObjKind::Func { recv: Some(rt) } = o.kind {
            params.push((recv.list[0].names.first(), rt));
        }
    }
    params.extend(param_list(&fd.typ.params, &sig.params));
    let body = fd.body.as_ref().unwrap();
    let escapes = Rc::new(escape::analyze(info, file, body));
    let spec = BodySpec {
        file,
        id,
        pos: fd.name.pos,
        name: o.link_name.clone(),
        params,
        results: fd.typ.results.as_ref(),
        result_types: sig.results.clone(),
        body,
        captures: vec![],
        escapes,
        is_closure: false,
    };
    lower_body(g, spec);
    lower_pending_closures(g);
}

/// Each parameter's declaring identifier (None when unnamed) with its type.
fn param_list<'a>(list: &'a rgo_syntax::ast::FieldList, types: &[TypeId]) -> Vec<(Option<&'a rgo_syntax::ast::Ident>, TypeId)> {
    let mut out = vec![];
    let mut k = 0;
    for f in &list.list {
        if f.names.is_empty() {
            out.push((None, types[k]));
            k += 1;
        }
        for n in &f.names {
            out.push((Some(n), types[k]));
            k += 1;
        }
    }
    out
}

/// Lowers the function literals queued while lowering other functions.
pub(crate) fn lower_pending_closures(g: &mut Gen) {
    while let Some(pc) = g.pending.pop() {
        let ExprKind::FuncLit { typ, body } = &pc.lit.kind else { continue };
        let t = g.info.expr(pc.file, pc.lit.id).map(|i| i.ty).unwrap_or(rgo_types::types::ids::INVALID);
        let rgo_types::types::Type::Func(sig) = g.info.types.get(t).clone() else { continue };
        let params = param_list(&typ.params, &sig.params);
        let name = g.module.declarations().get_function_decl(pc.id).name.clone().unwrap_or_default();
        let spec = BodySpec {
            file: pc.file,
            id: pc.id,
            pos: pc.lit.pos,
            name,
            params,
            results: typ.results.as_ref(),
            result_types: sig.results.clone(),
            body,
            captures: pc.captures,
            escapes: pc.escapes,
            is_closure: true,
        };
        lower_body(g, spec);
    }
}

fn lower_body<'a>(g: &mut Gen<'a>, spec: BodySpec<'a>) {
    let decl_sig = g.module.declarations().get_function_decl(spec.id).signature.clone();
    let mut func = ir::Function::with_name_signature(ir::UserFuncName::user(0, spec.id.as_u32()), decl_sig);
    let mut fctx = std::mem::replace(&mut g.fctx, FunctionBuilderContext::new());
    let failed;
    {
        let b = FunctionBuilder::new(&mut func, &mut fctx);
        let mut fx = Fx::new(g, b, spec.file, spec.escapes.clone(), spec.name.clone());
        let entry = fx.b.create_block();
        fx.b.append_block_params_for_function_params(entry);
        fx.b.switch_to_block(entry);
        let params: Vec<Value> = fx.b.block_params(entry).to_vec();
        // Function literals take their funcval as a trailing context argument.
        if spec.is_closure {
            fx.ctx = params.last().copied();
        }
        for (i, &c) in spec.captures.iter().enumerate() {
            fx.locals.insert(c, Local::Captured(i as u32));
        }
        let mut pi = 0;
        for (ident, t) in &spec.params {
            let n = fx.parts(*t).len();
            let vals = params[pi..pi + n].to_vec();
            pi += n;
            if let Some(id) = ident {
                if let Some(obj) = fx.g.info.ident(spec.file, id.id) {
                    fx.declare_local(obj, *t);
                    let p = fx.local_place(obj);
                    fx.store_place(&p, &vals);
                }
            }
        }
        fx.has_defer = contains_defer(&spec.body.stmts);
        fx.declare_results(spec.results, &spec.result_types);
        fx.block(&spec.body.stmts);
        if !fx.b.is_unreachable() {
            // Falling off the end: only possible without results (the checker ensures).
            // The deferred calls run "at" the closing brace, as gc reports them.
            fx.set_line(spec.body.rbrace);
            fx.emit_return();
        }
        fx.finish_recovery();
        fx.b.seal_all_blocks();
        failed = fx.failed;
        fx.b.finalize(g.module.isa().frontend_config());
    }
    g.fctx = fctx;
    if !failed {
        define(g, spec.id, func, spec.file, spec.pos);
    }
}

/// Whether a function body has a `defer` of its own (function literals excluded).
fn contains_defer(stmts: &[rgo_syntax::ast::Stmt]) -> bool {
    use rgo_syntax::ast::StmtKind as S;
    stmts.iter().any(|s| match &s.kind {
        S::Defer(_) => true,
        S::Labeled { stmt, .. } => contains_defer(std::slice::from_ref(stmt)),
        S::Block(b) => contains_defer(&b.stmts),
        S::If { then, els, .. } => contains_defer(&then.stmts) || els.as_ref().is_some_and(|e| contains_defer(std::slice::from_ref(e))),
        S::For { body, .. } | S::Range { body, .. } => contains_defer(&body.stmts),
        S::Switch { clauses, .. } | S::TypeSwitch { clauses, .. } => clauses.iter().any(|c| contains_defer(&c.body)),
        S::Select { clauses, .. } => clauses.iter().any(|c| contains_defer(&c.body)),
        _ => false,
    })
}

fn define(g: &mut Gen, id: FuncId, func: ir::Function, file: u32, pos: Pos) {
    if g.keep_ir {
        let name = g.module.declarations().get_function_decl(id).name.clone().unwrap_or_default();
        g.ir.push_str(&format!("; {name}\n{}\n", func.display()));
    }
    // gc's limit on a frame (and Cranelift's stack slot offsets must fit in 31 bits).
    let locals: u64 = func.sized_stack_slots.values().map(|s| s.size as u64).sum();
    if locals >= 1 << 30 {
        let message = format!("stack frame too large (>1GB): {} MB locals + 0 MB args", locals >> 20);
        g.diags.push(crate::Diagnostic { file, pos, message });
        return;
    }
    g.ctx.clear();
    g.ctx.func = func;
    let entry = ir::SourceLoc::new(g.files[file as usize].line_col(pos).0);
    let (srclocs, size) = match crate::emit::define(g, id, Some(entry)) {
        Ok(defined) => defined,
        Err(e) => {
            let msg = match &e {
                cranelift_module::ModuleError::Compilation(ce) => format!("internal compiler error: {ce:?}"),
                _ => format!("internal compiler error: {e}"),
            };
            g.diags.push(crate::Diagnostic { file, pos, message: msg });
            return;
        }
    };
    // Remember the code size and the line of each stretch of code for the functab.
    let mut lines: Vec<(u32, u32)> = vec![];
    for (start, loc) in srclocs {
        if loc.is_default() {
            continue;
        }
        let line = loc.bits();
        if lines.last().is_some_and(|l| l.1 == line) {
            continue;
        }
        lines.push((start, line));
    }
    let name = g.module.declarations().get_function_decl(id).name.clone().unwrap_or_default();
    g.functab.push(crate::FuncInfo { id, name, file, size, lines });
}

/// Lowers `P.init`: the package-level variable initializers in the checker's order.
pub(crate) fn lower_package_init(g: &mut Gen, id: FuncId, p: usize) {
    let sig = g.module.declarations().get_function_decl(id).signature.clone();
    let mut func = ir::Function::with_name_signature(ir::UserFuncName::user(0, id.as_u32()), sig);
    let mut fctx = std::mem::replace(&mut g.fctx, FunctionBuilderContext::new());
    let failed;
    {
        let b = FunctionBuilder::new(&mut func, &mut fctx);
        let name = format!("{}.init", g.info.packages[p].path);
        let mut fx = Fx::new(g, b, g.info.packages[p].files.start as u32, Rc::new(Escapes::default()), name);
        let entry = fx.b.create_block();
        fx.b.switch_to_block(entry);
        let info = fx.g.info;
        let files = fx.g.files;
        for init in &info.packages[p].init_order {
            fx.file = init.file;
            let DeclKind::Var(grp) = &files[init.file as usize].decls[init.decl as usize].kind else { continue };
            let spec = &grp.specs[init.spec as usize];
            let places: Vec<Place> = init.lhs.iter().map(|o| fx.global_place(*o)).collect();
            let value = &spec.values[init.value as usize];
            fx.escapes = Rc::new(escape::analyze_expr(info, init.file, value));
            if places.len() == 1 {
                let t = fx.place_type(&places[0]).unwrap_or_else(|| fx.type_of(value));
                let v = fx.expr_as(value, t);
                fx.store_place(&places[0], &v);
            } else {
                let rt = fx.type_of(value);
                let vals = fx.multi_value(value, places.len());
                let rts = fx.tuple_types(rt, places.len());
                for ((p, v), t) in places.iter().zip(vals).zip(rts) {
                    let v = match fx.place_type(p) {
                        Some(pt) => fx.assign_conv(v, t, pt, value.pos),
                        None => v,
                    };
                    fx.store_place(p, &v);
                }
            }
        }
        if !fx.b.is_unreachable() {
            fx.b.ins().return_(&[]);
        }
        fx.b.seal_all_blocks();
        failed = fx.failed;
        fx.b.finalize(g.module.isa().frontend_config());
    }
    g.fctx = fctx;
    if !failed {
        define(g, id, func, 0, Pos(0));
    }
    lower_pending_closures(g);
}

impl<'g, 'a, 'b> Fx<'g, 'a, 'b> {
    fn new(g: &'g mut Gen<'a>, b: FunctionBuilder<'b>, file: u32, escapes: Rc<Escapes>, name: String) -> Self {
        Fx {
            g,
            b,
            file,
            locals: HashMap::new(),
            escapes,
            ctx: None,
            name,
            results: vec![],
            jumps: vec![],
            labels: HashMap::new(),
            pending_label: None,
            fallthrough: None,
            failed: false,
            subst: HashMap::new(),
            hoisted: HashMap::new(),
            has_defer: false,
            nilcheck: false,
            recover_blk: None,
        }
    }

    pub fn unsupported(&mut self, pos: Pos, what: &str) {
        if !self.failed {
            self.g.unsupported(self.file, pos, what);
        }
        self.failed = true;
    }

    /// The parts of type `t`; an unsupported (too large) type is reported once.
    pub fn parts(&mut self, t: TypeId) -> Vec<Part> {
        match abi::parts(&self.g.info.types, t) {
            Some(p) => p,
            None => {
                let name = self.g.info.types.display(t);
                self.unsupported(Pos(0), &format!("values of type {name}"));
                // A stand-in shape; the function is not emitted after a failure.
                vec![Part { ty: types::I64, offset: 0 }]
            }
        }
    }

    pub fn new_vars(&mut self, t: TypeId) -> Vec<Variable> {
        let parts = self.parts(t);
        let vars: Vec<Variable> = parts.iter().map(|p| self.b.declare_var(p.ty)).collect();
        // Go zero-initializes every variable.
        for (v, p) in vars.iter().zip(&parts) {
            let z = self.zero_scalar(p.ty);
            self.b.def_var(*v, z);
        }
        vars
    }

    pub fn zero_scalar(&mut self, ty: types::Type) -> Value {
        match ty {
            types::F32 => self.b.ins().f32const(0.0),
            types::F64 => self.b.ins().f64const(0.0),
            _ => self.b.ins().iconst(ty, 0),
        }
    }

    pub fn zero_value(&mut self, t: TypeId) -> Vec<Value> {
        if abi::is_indirect(&self.g.info.types, t) {
            return vec![self.alloc(t)];
        }
        let parts = self.parts(t);
        parts.iter().map(|p| self.zero_scalar(p.ty)).collect()
    }

    fn declare_results(&mut self, list: Option<&'a rgo_syntax::ast::FieldList>, results: &[TypeId]) {
        let mut k = 0;
        if let Some(list) = list {
            for f in &list.list {
                if f.names.is_empty() {
                    let p = if self.has_defer {
                        self.memory_place(results[k])
                    } else {
                        Place::Vars(self.new_vars(results[k]), results[k])
                    };
                    self.results.push((p, results[k]));
                    k += 1;
                }
                for n in &f.names {
                    let t = results[k];
                    let p = match self.g.info.ident(self.file, n.id) {
                        Some(obj) if n.name != "_" => {
                            if self.has_defer && !self.escapes.heap.contains(&obj) {
                                // Must survive a recovered panic: keep it in memory.
                                let (slot, _) = self.zeroed_slot(t);
                                self.locals.insert(obj, Local::Slot(slot));
                            } else {
                                self.declare_local(obj, t);
                            }
                            self.local_place(obj)
                        }
                        _ if self.has_defer => self.memory_place(t),
                        _ => Place::Vars(self.new_vars(t), t),
                    };
                    self.results.push((p, t));
                    k += 1;
                }
            }
        }
    }

    /// A zeroed stack slot for a value of type `t`.
    fn memory_place(&mut self, t: TypeId) -> Place {
        let (slot, _) = self.zeroed_slot(t);
        // Slot addresses are recomputed where used: after a recovered panic only the
        // stack pointer is trusted.
        Place::Slot(slot, t)
    }

    /// `return` with the current values of the result variables.
    pub fn emit_return(&mut self) {
        if self.has_defer {
            self.call_runtime("deferreturn", &[]);
        }
        let mut vals = vec![];
        for (p, _) in self.results.clone() {
            vals.extend(self.load_place(&p));
        }
        self.b.ins().return_(&vals);
    }

    pub fn result_types(&self) -> Vec<TypeId> {
        self.results.iter().map(|(_, t)| *t).collect()
    }

    pub fn result_places(&self) -> Vec<Place> {
        self.results.iter().map(|(p, _)| p.clone()).collect()
    }

    /// Creates storage for a local variable, zero-initialized, at its declaration.
    pub fn declare_local(&mut self, obj: ObjId, t: TypeId) {
        if self.escapes.heap.contains(&obj) {
            let cell = self.alloc(t);
            let v = self.b.declare_var(types::I64);
            self.b.def_var(v, cell);
            self.locals.insert(obj, Local::Heap(v));
        } else if self.needs_memory(t) {
            let (slot, _) = self.zeroed_slot(t);
            self.locals.insert(obj, Local::Slot(slot));
        } else {
            let vars = self.new_vars(t);
            self.locals.insert(obj, Local::Vars(vars));
        }
    }

    /// Arrays (and structs holding them) are indexed by computed offsets: keep them in memory.
    pub fn needs_memory(&self, t: TypeId) -> bool {
        let tt = &self.g.info.types;
        match tt.get(tt.underlying(t)) {
            rgo_types::types::Type::Array(..) => true,
            rgo_types::types::Type::Struct(fs) => fs.iter().any(|f| self.needs_memory(f.ty)),
            _ => crate::abi::is_indirect(tt, t),
        }
    }

    /// A zeroed heap object of type `t`; returns its address.
    pub fn alloc(&mut self, t: TypeId) -> Value {
        let td = self.g.type_desc(t);
        let gv = self.g.data_ref(td, self.b.func);
        let tp = self.b.ins().symbol_value(types::I64, gv);
        self.call_runtime("newobject", &[tp])[0]
    }

    /// A stack slot for a value of type `t`, zeroed to its last whole word: no stale
    /// byte may share a word with the value's small fields when the stack moves
    /// (runtime stack.rs). Returns the slot and its address.
    pub fn zeroed_slot(&mut self, t: TypeId) -> (ir::StackSlot, Value) {
        let size = (self.g.info.types.size_of(t).max(1) as u32).next_multiple_of(8);
        let slot = self.b.create_sized_stack_slot(ir::StackSlotData::new(ir::StackSlotKind::ExplicitSlot, size, 4));
        let addr = self.b.ins().stack_addr(types::I64, slot, 0);
        if size <= 64 {
            let z = self.b.ins().iconst(types::I64, 0);
            for off in (0..size).step_by(8) {
                self.b.ins().store(MEM, z, addr, off as i32);
            }
        } else {
            let n = self.b.ins().iconst(types::I64, size as i64);
            self.call_runtime("memclr", &[addr, n]);
        }
        (slot, addr)
    }

    /// The place of a declared local.
    pub fn local_place(&mut self, obj: ObjId) -> Place {
        let t = self.g.info.obj(obj).ty;
        match self.locals.get(&obj).cloned() {
            Some(Local::Vars(v)) => Place::Vars(v, t),
            Some(Local::Slot(s)) => Place::Mem(self.b.ins().stack_addr(types::I64, s, 0), t),
            Some(Local::Heap(v)) => Place::Mem(self.b.use_var(v), t),
            Some(Local::Captured(i)) => {
                let ctx = self.ctx.unwrap();
                let cell = self.b.ins().load(types::I64, MEM, ctx, 8 * (i as i32 + 1));
                Place::Mem(cell, t)
            }
            None => Place::Blank,
        }
    }

    /// The address of a local's cell (heap variables and captures only).
    pub fn local_cell(&mut self, obj: ObjId) -> Option<Value> {
        match self.local_place(obj) {
            Place::Mem(a, _) => Some(a),
            _ => None,
        }
    }

    pub fn global_place(&mut self, obj: ObjId) -> Place {
        let t = self.g.info.obj(obj).ty;
        let id = self.g.globals[&obj];
        let gv = self.g.data_ref(id, self.b.func);
        let addr = self.b.ins().symbol_value(types::I64, gv);
        Place::Mem(addr, t)
    }

    pub fn place_type(&self, p: &Place) -> Option<TypeId> {
        match p {
            Place::Vars(_, t) | Place::Mem(_, t) | Place::Slot(_, t) => Some(*t),
            Place::Map { elem, .. } => Some(*elem),
            Place::Blank => None,
        }
    }

    pub fn load_place(&mut self, p: &Place) -> Vec<Value> {
        match p {
            Place::Vars(vars, _) => vars.iter().map(|v| self.b.use_var(*v)).collect(),
            Place::Mem(addr, t) => self.load(*addr, *t),
            Place::Slot(s, t) => {
                let a = self.b.ins().stack_addr(types::I64, *s, 0);
                self.load(a, *t)
            }
            Place::Map { maptype, map, key, elem } => {
                let p = self.call_runtime("mapaccess1", &[*maptype, *map, *key])[0];
                self.load(p, *elem)
            }
            Place::Blank => vec![],
        }
    }

    pub fn store_place(&mut self, p: &Place, vals: &[Value]) {
        match p {
            Place::Vars(vars, _) => {
                for (v, x) in vars.iter().zip(vals) {
                    self.b.def_var(*v, *x);
                }
            }
            Place::Mem(addr, t) => self.store(*addr, *t, vals),
            Place::Slot(s, t) => {
                let a = self.b.ins().stack_addr(types::I64, *s, 0);
                self.store(a, *t, vals)
            }
            Place::Map { maptype, map, key, elem } => {
                let p = self.call_runtime("mapassign", &[*maptype, *map, *key])[0];
                self.store(p, *elem, vals);
            }
            Place::Blank => {}
        }
    }

    pub fn load(&mut self, addr: Value, t: TypeId) -> Vec<Value> {
        if abi::is_indirect(&self.g.info.types, t) {
            // A large value: copy it, so later stores to the source don't change it.
            let p = self.alloc(t);
            let n = self.b.ins().iconst(types::I64, self.g.info.types.size_of(t) as i64);
            self.call_runtime("memmove", &[p, addr, n]);
            return vec![p];
        }
        let parts = self.parts(t);
        parts.iter().map(|p| self.b.ins().load(p.ty, MEM, addr, p.offset as i32)).collect()
    }

    pub fn store(&mut self, addr: Value, t: TypeId, vals: &[Value]) {
        self.write_barrier_for(addr, t);
        if abi::is_indirect(&self.g.info.types, t) {
            let n = self.b.ins().iconst(types::I64, self.g.info.types.size_of(t) as i64);
            self.call_runtime("memmove", &[addr, vals[0], n]);
            return;
        }
        let parts = self.parts(t);
        for (p, v) in parts.iter().zip(vals) {
            self.b.ins().store(MEM, *v, addr, p.offset as i32);
        }
    }

    /// Calls runtime function `name`; returns its results.
    pub fn call_runtime(&mut self, name: &'static str, args: &[Value]) -> Vec<Value> {
        let id = self.g.runtime_func(name);
        let fr = self.g.func_ref(id, self.b.func);
        let call = self.b.ins().call(fr, args);
        let res = self.b.inst_results(call).to_vec();
        if crate::runtime::is_noreturn(name) {
            // The runtime never returns here; keep the IR well-formed.
            self.b.ins().trap(ir::TrapCode::user(1).unwrap());
            let dead = self.b.create_block();
            self.b.switch_to_block(dead);
        }
        res
    }

    /// Starts a new unreachable block after a terminator so lowering can continue.
    pub fn start_dead_block(&mut self) {
        let dead = self.b.create_block();
        self.b.switch_to_block(dead);
    }

    /// The result types of a multi-value expression of type `t`.
    pub fn tuple_types(&self, t: TypeId, n: usize) -> Vec<TypeId> {
        match self.g.info.types.get(t) {
            rgo_types::types::Type::Tuple(ts) => ts.clone(),
            _ => vec![t; n],
        }
    }

    pub fn type_of(&self, e: &rgo_syntax::ast::Expr) -> TypeId {
        self.g.info.expr(self.file, e.id).map(|i| i.ty).unwrap_or(rgo_types::types::ids::INVALID)
    }
}
