//! Which local variables must live on the heap, and what each function literal
//! captures.
//!
//! A deliberately simple escape analysis: a local variable moves to the heap when its
//! address is taken (`&x`, `x[:]` of an array, a pointer-method call on `x`) or when a
//! function literal refers to it (closures capture by reference). Everything else stays
//! in SSA variables or stack slots.

use rgo_syntax::ast::{Block, Expr, ExprKind, Stmt, StmtKind, UnaryOp};
use rgo_syntax::{NodeId, Pos};
use rgo_types::types::Type;
use rgo_types::{Info, ObjId, ObjKind, SelectionKind};
use std::collections::{HashMap, HashSet};

#[derive(Default)]
pub struct Escapes {
    /// Locals that live in heap cells.
    pub heap: HashSet<ObjId>,
    /// For each function literal (by expression id): the outer variables it uses, in
    /// order of first use. Its funcval holds their cell addresses in this order.
    pub captures: HashMap<NodeId, Vec<ObjId>>,
}

struct Walker<'a> {
    info: &'a Info,
    file: u32,
    out: Escapes,
    /// Enclosing function literals: (id, start, end) of their source spans.
    lits: Vec<(NodeId, Pos, Pos)>,
}

/// Analyzes one function body (function literals inside it included).
pub fn analyze(info: &Info, file: u32, body: &Block) -> Escapes {
    let mut w = Walker { info, file, out: Escapes::default(), lits: vec![] };
    w.stmts(&body.stmts);
    w.out
}

/// Analyzes one package-level initializer expression (its function literals).
pub fn analyze_expr(info: &Info, file: u32, e: &Expr) -> Escapes {
    let mut w = Walker { info, file, out: Escapes::default(), lits: vec![] };
    w.expr(e);
    w.out
}

impl Walker<'_> {
    fn local(&self, id: NodeId) -> Option<ObjId> {
        let o = self.info.ident(self.file, id)?;
        match self.info.obj(o).kind {
            ObjKind::Var { global: false, .. } => Some(o),
            _ => None,
        }
    }

    fn use_ident(&mut self, id: NodeId) {
        let Some(o) = self.local(id) else { return };
        let pos = self.info.obj(o).pos;
        // Every enclosing literal that does not contain the declaration captures it.
        let mut captured = false;
        for &(lit, start, end) in self.lits.iter().rev() {
            if pos >= start && pos <= end {
                break;
            }
            captured = true;
            let v = self.out.captures.entry(lit).or_default();
            if !v.contains(&o) {
                v.push(o);
            }
        }
        if captured {
            self.out.heap.insert(o);
        }
    }

    /// The local variable at the root of an addressable expression (`x`, `x.f`, `x[i]`
    /// for arrays), whose address `&e` would take.
    fn root(&self, e: &Expr) -> Option<ObjId> {
        match &e.kind {
            ExprKind::Ident(id) => self.local(id.id),
            ExprKind::Paren(x) => self.root(x),
            ExprKind::Selector { x, .. } => {
                let t = self.info.expr(self.file, x.id)?.ty;
                match self.info.types.get(self.info.types.underlying(t)) {
                    Type::Pointer(_) => None,
                    _ => self.root(x),
                }
            }
            ExprKind::Index { x, .. } => {
                let t = self.info.expr(self.file, x.id)?.ty;
                match self.info.types.get(self.info.types.underlying(t)) {
                    Type::Array(..) => self.root(x),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn stmts(&mut self, ss: &[Stmt]) {
        for s in ss {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Bad | StmtKind::Empty | StmtKind::Branch { .. } => {}
            StmtKind::Decl(d) => {
                if let rgo_syntax::ast::DeclKind::Var(g) = &d.kind {
                    for spec in &g.specs {
                        for v in &spec.values {
                            self.expr(v);
                        }
                    }
                }
            }
            StmtKind::Labeled { stmt, .. } => self.stmt(stmt),
            StmtKind::Expr(e) | StmtKind::Go(e) | StmtKind::Defer(e) => self.expr(e),
            StmtKind::Send { ch, value, .. } => {
                self.expr(ch);
                self.expr(value);
            }
            StmtKind::IncDec { x, .. } => self.expr(x),
            StmtKind::Assign { lhs, rhs, .. } => {
                for e in lhs.iter().chain(rhs) {
                    self.expr(e);
                }
            }
            StmtKind::Return(es) => {
                for e in es {
                    self.expr(e);
                }
            }
            StmtKind::Block(b) => self.stmts(&b.stmts),
            StmtKind::If { init, cond, then, els } => {
                if let Some(i) = init {
                    self.stmt(i);
                }
                self.expr(cond);
                self.stmts(&then.stmts);
                if let Some(e) = els {
                    self.stmt(e);
                }
            }
            StmtKind::Switch { init, tag, clauses, .. } => {
                if let Some(i) = init {
                    self.stmt(i);
                }
                if let Some(t) = tag {
                    self.expr(t);
                }
                for c in clauses {
                    for e in &c.list {
                        self.expr(e);
                    }
                    self.stmts(&c.body);
                }
            }
            StmtKind::TypeSwitch { init, x, clauses, .. } => {
                if let Some(i) = init {
                    self.stmt(i);
                }
                self.expr(x);
                for c in clauses {
                    // The clause's implicit variable may be captured too.
                    if let Some(o) = self.info.ident(self.file, c.id) {
                        let _ = o;
                    }
                    self.stmts(&c.body);
                }
            }
            StmtKind::Select { clauses, .. } => {
                for c in clauses {
                    if let Some(comm) = &c.comm {
                        self.stmt(comm);
                    }
                    self.stmts(&c.body);
                }
            }
            StmtKind::For { init, cond, post, body } => {
                if let Some(i) = init {
                    self.stmt(i);
                }
                if let Some(c) = cond {
                    self.expr(c);
                }
                if let Some(p) = post {
                    self.stmt(p);
                }
                self.stmts(&body.stmts);
            }
            StmtKind::Range { key, value, x, body, .. } => {
                for e in [key, value].into_iter().flatten() {
                    self.expr(e);
                }
                self.expr(x);
                // Ranging over an array variable by reference is not taking its address.
                self.stmts(&body.stmts);
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Ident(id) => self.use_ident(id.id),
            ExprKind::Bad | ExprKind::BasicLit(_) => {}
            ExprKind::CompositeLit { elts, .. } => {
                for el in elts {
                    self.expr(el);
                }
            }
            ExprKind::FuncLit { body, .. } => {
                self.lits.push((e.id, e.pos, body.rbrace));
                self.out.captures.entry(e.id).or_default();
                self.stmts(&body.stmts);
                self.lits.pop();
            }
            ExprKind::Paren(x) | ExprKind::Star(x) => self.expr(x),
            ExprKind::Selector { x, sel } => {
                // A method call with a pointer receiver on an addressable value takes
                // its address.
                if let Some(s) = self.info.selections.get(&(self.file, e.id)) {
                    if s.kind == SelectionKind::MethodVal && s.ptr_recv && !s.indirect {
                        if let Some(o) = self.root(x) {
                            self.out.heap.insert(o);
                        }
                    }
                }
                let _ = sel;
                self.expr(x);
            }
            ExprKind::Index { x, indices, .. } => {
                self.expr(x);
                for i in indices {
                    self.expr(i);
                }
            }
            ExprKind::Slice { x, lo, hi, max, .. } => {
                if let Some(t) = self.info.expr(self.file, x.id).map(|i| i.ty) {
                    if matches!(self.info.types.get(self.info.types.underlying(t)), Type::Array(..)) {
                        if let Some(o) = self.root(x) {
                            self.out.heap.insert(o);
                        }
                    }
                }
                self.expr(x);
                for b in [lo, hi, max].into_iter().flatten() {
                    self.expr(b);
                }
            }
            ExprKind::TypeAssert { x, .. } => self.expr(x),
            ExprKind::Call { fun, args, .. } => {
                self.expr(fun);
                for a in args {
                    self.expr(a);
                }
            }
            ExprKind::Unary { op, x } => {
                if *op == UnaryOp::Addr {
                    if let Some(o) = self.root(x) {
                        self.out.heap.insert(o);
                    }
                }
                self.expr(x);
            }
            ExprKind::Binary { x, y, .. } => {
                self.expr(x);
                self.expr(y);
            }
            ExprKind::KeyValue { key, value, .. } => {
                // Struct literal keys are field names, not variables.
                if !matches!(key.kind, ExprKind::Ident(_)) || self.local(key.id).is_some() {
                    self.expr(key);
                }
                self.expr(value);
            }
            _ => {}
        }
    }
}
