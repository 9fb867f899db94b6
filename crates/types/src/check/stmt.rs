//! Statements: assignments, control flow, labels, and terminating-statement analysis.

use super::{Checker, Operand};
use crate::info::Mode;
use crate::objects::{ObjId, ObjKind, ScopeId};
use crate::types::{Type, TypeId, ids};
use rgo_syntax::ast::{AssignOp, Block, BranchKind, CaseClause, Expr, ExprKind, Stmt, StmtKind};

/// What enclosing statements allow (break, continue, fallthrough).
#[derive(Clone, Default)]
struct Ctx {
    in_loop: bool,
    breakable: bool,
    fallthrough_ok: bool,
    /// Labels of enclosing statements: (name, is_loop).
    labels: Vec<(String, bool)>,
}

impl<'a> Checker<'a> {
    pub fn stmt_list(&mut self, scope: ScopeId, stmts: &'a [Stmt]) {
        self.stmts(scope, stmts, &Ctx::default());
    }

    fn stmts(&mut self, scope: ScopeId, stmts: &'a [Stmt], ctx: &Ctx) {
        let n = stmts.len();
        for (i, s) in stmts.iter().enumerate() {
            let mut c = ctx.clone();
            // fallthrough is allowed only as the last statement of a case.
            c.fallthrough_ok = ctx.fallthrough_ok && i + 1 == n;
            self.stmt(scope, s, &c, None);
        }
    }

    fn block(&mut self, scope: ScopeId, b: &'a Block, ctx: &Ctx) {
        let inner = self.new_scope(scope, false);
        let mut c = ctx.clone();
        c.fallthrough_ok = false;
        self.stmts(inner, &b.stmts, &c);
    }

    fn stmt(&mut self, scope: ScopeId, s: &'a Stmt, ctx: &Ctx, label: Option<&str>) {
        match &s.kind {
            StmtKind::Bad | StmtKind::Empty => {}
            StmtKind::Decl(d) => self.local_decl(scope, &d.kind),
            StmtKind::Labeled { label: l, stmt } => {
                let mut c = ctx.clone();
                let is_loop = matches!(stmt.kind, StmtKind::For { .. } | StmtKind::Range { .. });
                let breakable = is_loop || matches!(stmt.kind, StmtKind::Switch { .. } | StmtKind::TypeSwitch { .. } | StmtKind::Select { .. });
                if breakable {
                    c.labels.push((l.name.clone(), is_loop));
                }
                self.stmt(scope, stmt, &c, Some(&l.name));
            }
            StmtKind::Expr(e) => {
                let op = self.expr_multi(scope, e);
                if op.is_invalid() {
                    return;
                }
                let inner = super::expr::unparen(e);
                let is_call = matches!(inner.kind, ExprKind::Call { .. });
                let is_recv = matches!(inner.kind, ExprKind::Unary { op: rgo_syntax::ast::UnaryOp::Recv, .. });
                if is_call {
                    // Conversions and some builtins are not statements.
                    if let ExprKind::Call { fun, .. } = &inner.kind {
                        let fi = self.exprs[self.file as usize][fun.id.0 as usize].clone();
                        if let Some(fi) = fi {
                            match fi.mode {
                                Mode::Type => {
                                    self.error(e.pos, format!("{} is not used", self.operand_desc(&op)));
                                }
                                Mode::Builtin(b) => {
                                    use crate::objects::Builtin::*;
                                    if matches!(b, Append | Cap | Complex | Imag | Len | Make | New | Real | UnsafeSizeof | UnsafeAlignof | UnsafeOffsetof | UnsafeAdd | UnsafeSlice) {
                                        self.error(e.pos, format!("{} is not used", self.operand_desc(&op)));
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                } else if !is_recv {
                    let mut o = op;
                    self.single_value(&mut o);
                    if !o.is_invalid() {
                        self.error(e.pos, format!("{} is not used", self.operand_desc(&o)));
                    }
                }
            }
            StmtKind::Send { ch, value, .. } => {
                let c = self.expr(scope, ch);
                let mut v = self.expr(scope, value);
                if c.is_invalid() || v.is_invalid() {
                    return;
                }
                match self.types.get(self.types.underlying(c.ty)).clone() {
                    Type::Chan(dir, elem) => {
                        if dir == crate::types::ChanDir::Recv {
                            self.error(s.pos, format!("invalid operation: cannot send to receive-only channel {}", self.operand_desc(&c)));
                            return;
                        }
                        self.assignment(&mut v, elem, "send");
                    }
                    _ => self.error(s.pos, format!("invalid operation: cannot send to non-channel {}", self.operand_desc(&c))),
                }
            }
            StmtKind::IncDec { x, inc, .. } => {
                // x++ reads x: it counts as a use (unlike x = 1).
                let op = self.expr(scope, x);
                if op.is_invalid() {
                    return;
                }
                if !self.types.basic(op.ty).is_some_and(|k| k.is_numeric()) {
                    let opname = if *inc { "++" } else { "--" };
                    self.error(x.pos, format!("invalid operation: {}{} (non-numeric type {})", self.expr_str(x), opname, self.type_str(op.ty)));
                    return;
                }
                self.check_assignable_lhs(&op);
            }
            StmtKind::Assign { lhs, op, op_pos, rhs } => match op {
                AssignOp::Define => self.short_var_decl(scope, s, lhs, rhs),
                AssignOp::Assign => self.assign_stmt(scope, s, lhs, rhs),
                AssignOp::Op(bop) => {
                    if lhs.len() != 1 || rhs.len() != 1 {
                        self.error(*op_pos, format!("assignment operation {}= requires single-valued expressions", bop.as_str()));
                        return;
                    }
                    // x op= y is checked like x = x op y (and reads x).
                    let l = self.expr(scope, &lhs[0]);
                    if l.is_invalid() {
                        self.expr(scope, &rhs[0]);
                        return;
                    }
                    self.check_assignable_lhs(&l);
                    self.compound_assign(scope, &lhs[0], *bop, *op_pos, l, &rhs[0]);
                }
            },
            StmtKind::Go(e) | StmtKind::Defer(e) => {
                let what = if matches!(s.kind, StmtKind::Go(_)) { "go" } else { "defer" };
                let inner = super::expr::unparen(e);
                if !matches!(inner.kind, ExprKind::Call { .. }) {
                    self.expr_multi(scope, e);
                    self.error(e.pos, format!("expression in {what} must be function call"));
                    return;
                }
                let op = self.expr_multi(scope, e);
                if op.is_invalid() {
                    return;
                }
                if let ExprKind::Call { fun, .. } = &inner.kind {
                    if let Some(Some(fi)) = self.exprs[self.file as usize].get(fun.id.0 as usize).cloned() {
                        if fi.mode == Mode::Type {
                            self.error(e.pos, format!("{what} requires function call, not conversion"));
                        } else if let Mode::Builtin(b) = fi.mode {
                            use crate::objects::Builtin::*;
                            if matches!(b, Append | Cap | Complex | Imag | Len | Make | New | Real | UnsafeSizeof | UnsafeAlignof | UnsafeOffsetof | UnsafeAdd | UnsafeSlice) {
                                self.error(e.pos, format!("{what} discards result of {}", self.expr_str(e)));
                            }
                        }
                    }
                }
            }
            StmtKind::Return(results) => self.return_stmt(scope, s, results),
            StmtKind::Branch { kind, label: l } => self.branch(s, *kind, l.as_ref(), ctx),
            StmtKind::Block(b) => self.block(scope, b, ctx),
            StmtKind::If { init, cond, then, els } => {
                let inner = self.new_scope(scope, false);
                let mut c = ctx.clone();
                c.fallthrough_ok = false;
                if let Some(i) = init {
                    self.stmt(inner, i, &c, None);
                }
                self.condition(inner, cond, "if");
                self.block(inner, then, &c);
                if let Some(e) = els {
                    self.stmt(inner, e, &c, None);
                }
            }
            StmtKind::For { init, cond, post, body } => {
                let inner = self.new_scope(scope, false);
                let mut c = ctx.clone();
                c.fallthrough_ok = false;
                if let Some(i) = init {
                    self.stmt(inner, i, &c, None);
                }
                if let Some(cnd) = cond {
                    self.condition(inner, cnd, "for");
                }
                if let Some(p) = post {
                    if let StmtKind::Assign { op: AssignOp::Define, .. } = p.kind {
                        self.error(p.pos, "cannot declare in post statement of for loop");
                    }
                    self.stmt(inner, p, &c, None);
                }
                c.in_loop = true;
                c.breakable = true;
                let _ = label;
                self.block(inner, body, &c);
            }
            StmtKind::Range { key, value, op, x, body } => self.range_stmt(scope, s, key.as_ref(), value.as_ref(), *op, x, body, ctx),
            StmtKind::Switch { init, tag, clauses, .. } => {
                let inner = self.new_scope(scope, false);
                let mut c = ctx.clone();
                c.fallthrough_ok = false;
                if let Some(i) = init {
                    self.stmt(inner, i, &c, None);
                }
                let tag_op = tag.as_ref().map(|t| {
                    let mut op = self.expr(inner, t);
                    if self.types.is_untyped(op.ty) && !op.is_invalid() {
                        if op.ty == ids::UNTYPED_NIL {
                            self.error(t.pos, "use of untyped nil in switch expression");
                            op.ty = ids::INVALID;
                        } else {
                            let d = self.default_type(op.ty);
                            self.convert_untyped(&mut op, d);
                        }
                    }
                    if !op.is_invalid() && !self.comparable(op.ty) && !self.has_nil(op.ty) {
                        let ts = self.type_str(op.ty);
                        self.error(t.pos, format!("cannot switch on {} ({ts} is not comparable)", self.operand_desc(&op)));
                        op.ty = ids::INVALID;
                    }
                    op
                });
                let mut defaults = 0;
                let mut seen: Vec<(crate::constant::Value, TypeId, rgo_syntax::Pos)> = vec![];
                c.breakable = true;
                for (ci, cl) in clauses.iter().enumerate() {
                    if cl.is_default {
                        defaults += 1;
                        if defaults > 1 {
                            self.error(cl.pos, "multiple defaults in switch");
                        }
                    }
                    for v in &cl.list {
                        self.case_value(inner, v, tag_op.as_ref(), &mut seen);
                    }
                    let cs = self.new_scope(inner, false);
                    let mut cc = c.clone();
                    cc.fallthrough_ok = ci + 1 < clauses.len();
                    self.case_body(cs, cl, &cc);
                }
            }
            StmtKind::TypeSwitch { init, bind, x, clauses, .. } => {
                let inner = self.new_scope(scope, false);
                let mut c = ctx.clone();
                c.fallthrough_ok = false;
                if let Some(i) = init {
                    self.stmt(inner, i, &c, None);
                }
                let xo = self.expr(inner, x);
                if xo.is_invalid() {
                    return;
                }
                if !self.types.is_interface(xo.ty) {
                    self.error(x.pos, format!("{} is not an interface", self.operand_desc(&xo)));
                    return;
                }
                c.breakable = true;
                let mut bind_objs = vec![];
                let mut defaults = 0;
                // Case types seen so far (None for nil), for duplicates.
                let mut seen_types: Vec<(Option<TypeId>, rgo_syntax::Pos)> = vec![];
                for cl in clauses {
                    if cl.is_default {
                        defaults += 1;
                        if defaults > 1 {
                            self.error(cl.pos, "multiple defaults in switch");
                        }
                    }
                    let mut single: Option<TypeId> = None;
                    for t in &cl.list {
                        let is_nil = matches!(&t.kind, ExprKind::Ident(i) if i.name == "nil" && self.lookup(inner, "nil").is_some_and(|o| self.obj(o).kind == ObjKind::Nil));
                        let ty = if is_nil {
                            self.record(t.id, ids::UNTYPED_NIL, Mode::Value);
                            ids::UNTYPED_NIL
                        } else {
                            let ty = self.type_expr(inner, t);
                            if ty != ids::INVALID && !self.types.is_interface(ty) {
                                if let Some(cause) = self.assertion_cause(xo.ty, ty) {
                                    self.error(t.pos, format!("impossible type switch case: {}\n\t{} cannot have dynamic type {} {cause}", self.expr_str(t), self.operand_desc(&xo), self.type_str(ty)));
                                }
                            }
                            ty
                        };
                        if ty != ids::INVALID {
                            let key = (ty != ids::UNTYPED_NIL).then_some(ty);
                            let dup = seen_types.iter().find(|(k, _)| match (k, key) {
                                (None, None) => true,
                                (Some(a), Some(b)) => self.types.identical(*a, b),
                                _ => false,
                            });
                            if let Some(&(_, prev)) = dup {
                                let f = &self.files[self.file as usize];
                                let (l, c) = f.line_col(prev);
                                let ts = if key.is_some() { self.type_str(ty) } else { "nil".into() };
                                self.error(t.pos, format!("duplicate case {ts} in type switch\n\t{}:{l}:{c}: previous case", f.name));
                            } else {
                                seen_types.push((key, t.pos));
                            }
                        }
                        single = if cl.list.len() == 1 && ty != ids::UNTYPED_NIL { Some(ty) } else { None };
                    }
                    let cs = self.new_scope(inner, false);
                    if let Some(b) = bind {
                        let t = single.unwrap_or(xo.ty);
                        let o = self.new_object(&b.name, ObjKind::Var { global: false, param: false }, t, b.pos);
                        // The implicit variable of each clause is recorded on the clause.
                        self.record_ident(cl.id, o);
                        if b.name != "_" {
                            self.scopes[cs.0 as usize].names.insert(b.name.clone(), o);
                        }
                        bind_objs.push(o);
                    }
                    self.case_body(cs, cl, &c);
                }
                if let Some(b) = bind {
                    if b.name == "_" {
                        self.error(b.pos, "no new variable on left side of :=");
                    } else if !bind_objs.iter().any(|&o| self.obj(o).used) {
                        self.error(b.pos, format!("{} declared but not used", b.name));
                    }
                }
            }
            StmtKind::Select { clauses, .. } => {
                let mut c = ctx.clone();
                c.fallthrough_ok = false;
                c.breakable = true;
                for cl in clauses {
                    let cs = self.new_scope(scope, false);
                    if let Some(comm) = &cl.comm {
                        let ok = match &comm.kind {
                            StmtKind::Send { .. } => true,
                            StmtKind::Expr(e) => is_recv(e),
                            StmtKind::Assign { rhs, .. } => rhs.len() == 1 && is_recv(&rhs[0]),
                            _ => false,
                        };
                        if !ok {
                            // As types2: reported at gc's position of the statement (a
                            // call's `(`), and the clause is not checked further.
                            let at = match &comm.kind {
                                StmtKind::Expr(x) => x.gc_pos(),
                                _ => comm.pos,
                            };
                            self.error(at, "select case must be send or receive (possibly with assignment)");
                            continue;
                        }
                        self.stmt(cs, comm, &c, None);
                    }
                    self.stmts(cs, &cl.body, &c);
                }
            }
        }
    }

    fn case_body(&mut self, scope: ScopeId, cl: &'a CaseClause, ctx: &Ctx) {
        let n = cl.body.len();
        for (i, s) in cl.body.iter().enumerate() {
            let mut c = ctx.clone();
            c.fallthrough_ok = ctx.fallthrough_ok && i + 1 == n;
            self.stmt(scope, s, &c, None);
        }
    }

    fn case_value(&mut self, scope: ScopeId, v: &'a Expr, tag: Option<&Operand<'a>>, seen: &mut Vec<(crate::constant::Value, TypeId, rgo_syntax::Pos)>) {
        let mut op = self.expr(scope, v);
        if op.is_invalid() {
            return;
        }
        match tag {
            Some(t) if t.is_invalid() => {}
            Some(t) => {
                let mut tt = t.clone();
                let nils = (op.ty == ids::UNTYPED_NIL, tt.ty == ids::UNTYPED_NIL);
                if !self.match_types(&mut op, &mut tt) {
                    return;
                }
                if !self.check_comparison(&op, &tt, rgo_syntax::ast::BinaryOp::Eq, true, nils) {
                    return;
                }
            }
            None => {
                if self.types.is_untyped(op.ty) {
                    self.convert_untyped(&mut op, ids::BOOL);
                }
                if !self.types.basic(op.ty).is_some_and(|k| k.is_boolean()) && !op.is_invalid() {
                    self.error(v.pos, format!("invalid case {} in switch (mismatched types {} and bool)", self.expr_str(v), self.type_str(op.ty)));
                    return;
                }
            }
        }
        // Duplicate constant cases are an error only when there is a tag.
        if let (Some(val), Some(_)) = (op.value().cloned(), tag) {
            if let Some((_, _, p)) = seen.iter().find(|(sv, st, _)| *sv == val && self.types.identical(*st, op.ty)) {
                let (l, c) = self.files[self.file as usize].line_col(*p);
                let _ = c;
                self.error(v.pos, format!("duplicate case {} in expression switch\n\t{}:{}:{}: previous case", self.operand_desc(&op), self.files[self.file as usize].name, l, c));
                return;
            }
            seen.push((val, op.ty, v.pos));
        }
    }

    fn condition(&mut self, scope: ScopeId, cond: &'a Expr, what: &str) {
        let mut op = self.expr(scope, cond);
        if op.is_invalid() {
            return;
        }
        if self.types.is_untyped(op.ty) {
            self.convert_untyped(&mut op, ids::BOOL);
        }
        if !self.types.basic(op.ty).is_some_and(|k| k.is_boolean()) {
            self.error(cond.pos, format!("non-boolean condition in {what} statement"));
        }
    }

    fn branch(&mut self, s: &'a Stmt, kind: BranchKind, label: Option<&'a rgo_syntax::ast::Ident>, ctx: &Ctx) {
        if let Some(l) = label {
            let obj = self.func.as_ref().and_then(|f| f.labels.get(&l.name).copied());
            let Some(obj) = obj else {
                match kind {
                    BranchKind::Goto => self.error(l.pos, format!("label {} not defined", l.name)),
                    BranchKind::Break => self.error(l.pos, format!("invalid break label {}", l.name)),
                    BranchKind::Continue => self.error(l.pos, format!("invalid continue label {}", l.name)),
                    BranchKind::Fallthrough => {}
                }
                return;
            };
            self.obj_mut(obj).used = true;
            self.record_ident(l.id, obj);
            match kind {
                BranchKind::Break => {
                    if !ctx.labels.iter().any(|(n, _)| n == &l.name) {
                        self.error(l.pos, format!("invalid break label {}", l.name));
                    }
                }
                BranchKind::Continue => {
                    if !ctx.labels.iter().any(|(n, is_loop)| n == &l.name && *is_loop) {
                        self.error(l.pos, format!("invalid continue label {}", l.name));
                    }
                }
                _ => {}
            }
            return;
        }
        match kind {
            BranchKind::Break if !ctx.breakable => self.error(s.pos, "break is not in a loop, switch, or select"),
            BranchKind::Continue if !ctx.in_loop => self.error(s.pos, "continue is not in a loop"),
            BranchKind::Fallthrough if !ctx.fallthrough_ok => {
                self.error(s.pos, "fallthrough statement out of place");
            }
            _ => {}
        }
    }

    fn return_stmt(&mut self, scope: ScopeId, s: &'a Stmt, results: &'a [Expr]) {
        let Some(f) = self.func.clone() else { return };
        if results.is_empty() {
            if !f.results.is_empty() && !f.named_results {
                let msg = format!("not enough return values\n\thave ()\n\twant {}", self.types_summary(&f.results, false));
                self.error(s.pos, msg);
            }
            return;
        }
        // The values as types2's initVars sees them: a single call with several
        // results stands for its results, all at the call's position.
        let ops: Vec<Operand<'a>> = if results.len() == 1 {
            let op = self.expr_multi(scope, &results[0]);
            match self.types.get(op.ty).clone() {
                Type::Tuple(ts) if !ts.is_empty() || f.results.len() != 1 => {
                    ts.iter().map(|&t| Operand::new(&results[0], Mode::Value, t)).collect()
                }
                _ => vec![op],
            }
        } else {
            results
                .iter()
                .map(|r| {
                    let mut op = self.expr(scope, r);
                    self.single_value(&mut op);
                    op
                })
                .collect()
        };
        if ops.len() != f.results.len() {
            // An operand that failed was reported already.
            if ops.iter().any(|o| o.is_invalid()) {
                return;
            }
            let (qual, at) = if ops.len() > f.results.len() {
                ("too many", ops[f.results.len()].pos)
            } else {
                ("not enough", ops.last().map_or(s.pos, |o| o.pos))
            };
            let have: Vec<TypeId> = ops.iter().map(|o| o.ty).collect();
            let msg = format!("{qual} return values\n\thave {}\n\twant {}", self.types_summary(&have, false), self.types_summary(&f.results, false));
            self.error(at, msg);
            return;
        }
        if results.len() == 1 && f.results.len() > 1 {
            // Unpacked call results: typed values, checked one by one.
            for (o, want) in ops.iter().zip(&f.results) {
                if !self.assignable(o.ty, *want) {
                    self.error(o.pos, format!("cannot use {} value as {} value in return statement", self.type_str(o.ty), self.type_str(*want)));
                }
            }
            return;
        }
        for (mut op, want) in ops.into_iter().zip(&f.results) {
            self.assignment(&mut op, *want, "return statement");
        }
    }

    /// Checks an assignment target without counting it as a use of the variable.
    pub fn lhs_expr(&mut self, scope: ScopeId, e: &'a Expr) -> Operand<'a> {
        if let ExprKind::Ident(id) = &e.kind {
            if id.name == "_" {
                self.record(e.id, ids::INVALID, Mode::Var);
                return Operand::new(e, Mode::Var, ids::INVALID);
            }
            if let Some(obj) = self.lookup(scope, &id.name) {
                if let ObjKind::Var { global, .. } = self.obj(obj).kind {
                    let was_used = self.obj(obj).used;
                    let op = self.expr(scope, e);
                    // Assigning to a local variable is not a use of it.
                    if !global {
                        self.obj_mut(obj).used = was_used;
                    }
                    return op;
                }
            }
        }
        self.expr(scope, e)
    }

    fn use_lhs(&mut self, e: &Expr) {
        if let ExprKind::Ident(id) = &super::expr::unparen(e).kind {
            if let Some(Some(o)) = self.idents[self.file as usize].get(id.id.0 as usize).copied() {
                self.obj_mut(o).used = true;
            }
        }
    }

    /// The value of `x = v` / `x := v` with one variable: a call with several results
    /// is an assignment mismatch (`1 variable but f returns 2 values`), as gc says.
    pub fn single_of_one(&mut self, scope: ScopeId, r: &'a Expr) -> Operand<'a> {
        let mut op = self.expr_multi(scope, r);
        if let Type::Tuple(ts) = self.types.get(op.ty) {
            let n = ts.len();
            if n > 1 && matches!(super::expr::unparen(r).kind, ExprKind::Call { .. }) {
                self.error(r.pos, format!("assignment mismatch: 1 variable but {} returns {n} values", self.call_name(r)));
                return Operand::invalid(r);
            }
        }
        self.single_value(&mut op);
        op
    }

    fn check_assignable_lhs(&mut self, op: &Operand<'a>) -> bool {
        match op.mode {
            Mode::Var | Mode::MapIndex => true,
            _ => {
                let inner = super::expr::unparen(op.expr);
                // `m[k].f = v`: gc names the problem.
                if let ExprKind::Selector { x, .. } = &inner.kind {
                    let xm = self.exprs[self.file as usize].get(x.id.0 as usize).and_then(|i| i.as_ref()).map(|i| i.mode.clone());
                    if xm == Some(Mode::MapIndex) {
                        self.error(op.pos, format!("cannot assign to struct field {} in map", self.expr_str(op.expr)));
                        return false;
                    }
                }
                let what = match &inner.kind {
                    ExprKind::Selector { .. } if !op.is_invalid() => {
                        format!("cannot assign to {} (neither addressable nor a map index expression)", self.expr_str(op.expr))
                    }
                    _ => format!("cannot assign to {} (neither addressable nor a map index expression)", self.operand_desc(op)),
                };
                let what = if let Mode::Const(_) = op.mode {
                    format!("cannot assign to {} (neither addressable nor a map index expression)", self.operand_desc(op))
                } else {
                    what
                };
                self.error(op.pos, what);
                false
            }
        }
    }

    fn assign_stmt(&mut self, scope: ScopeId, _s: &'a Stmt, lhs: &'a [Expr], rhs: &'a [Expr]) {
        let lops: Vec<Operand<'a>> = lhs.iter().map(|l| self.lhs_expr(scope, l)).collect();
        for l in &lops {
            if !l.is_invalid() || l.mode == Mode::Var {
                if l.ty != ids::INVALID || l.mode != Mode::Var {
                    self.check_assignable_lhs(l);
                }
            }
        }
        if lhs.len() == rhs.len() {
            for (l, r) in lops.iter().zip(rhs) {
                let mut op = if lhs.len() == 1 { self.single_of_one(scope, r) } else { self.expr(scope, r) };
                if lhs.len() == 1 && op.is_invalid() {
                    self.use_lhs(l.expr);
                    continue;
                }
                if l.ty == ids::INVALID {
                    // `_ = x`: x must be a value; untyped gets its default type.
                    if op.ty == ids::UNTYPED_NIL {
                        self.error(r.pos, "use of untyped nil in assignment");
                    } else if self.types.is_untyped(op.ty) {
                        let d = self.default_type(op.ty);
                        self.convert_untyped(&mut op, d);
                    }
                    continue;
                }
                self.assignment(&mut op, l.ty, "assignment");
                if op.is_invalid() {
                    // As go/types: a failed assignment counts as a use of its target,
                    // so the error is not followed by "declared but not used".
                    self.use_lhs(l.expr);
                }
            }
            return;
        }
        if rhs.len() == 1 {
            let op = self.expr_multi(scope, &rhs[0]);
            if op.is_invalid() {
                return;
            }
            let results: Vec<TypeId> = match self.types.get(op.ty) {
                Type::Tuple(ts) => ts.clone(),
                _ if matches!(op.mode, Mode::CommaOk | Mode::MapIndex) => vec![op.ty, ids::UNTYPED_BOOL],
                _ => vec![op.ty],
            };
            if results.len() == lhs.len() {
                if matches!(op.mode, Mode::CommaOk | Mode::MapIndex) {
                    self.record(rhs[0].id, op.ty, Mode::CommaOk);
                }
                for (l, t) in lops.iter().zip(&results) {
                    if l.ty != ids::INVALID && !self.assignable(*t, l.ty) {
                        self.error(rhs[0].pos, format!("cannot use {} value as {} value in assignment", self.type_str(*t), self.type_str(l.ty)));
                    }
                }
                return;
            }
            // As go/types: the targets of a mismatched assignment count as used.
            for l in lhs {
                self.use_lhs(l);
            }
            self.error(rhs[0].pos, format!("assignment mismatch: {} variable{} but {} returns {} value{}", lhs.len(), plural(lhs.len()), self.call_name(&rhs[0]), results.len(), plural(results.len())));
            return;
        }
        for r in rhs {
            self.expr(scope, r);
        }
        for l in lhs {
            self.use_lhs(l);
        }
        self.error(rhs[0].pos, format!("assignment mismatch: {} variable{} but {} value{}", lhs.len(), plural(lhs.len()), rhs.len(), plural(rhs.len())));
    }

    fn compound_assign(&mut self, scope: ScopeId, lhs: &'a Expr, op: rgo_syntax::ast::BinaryOp, _op_pos: rgo_syntax::Pos, l: Operand<'a>, rhs: &'a Expr) {
        use rgo_syntax::ast::BinaryOp as B;
        let mut r = self.expr(scope, rhs);
        if r.is_invalid() {
            return;
        }
        let mut l = l;
        l.mode = Mode::Value;
        if matches!(op, B::Shl | B::Shr) {
            if !self.types.basic(l.ty).is_some_and(|k| k.is_integer()) {
                self.error(lhs.pos, format!("invalid operation: shifted operand {} must be integer", self.operand_desc(&l)));
                return;
            }
            if self.types.is_untyped(r.ty) {
                if r.value().is_some_and(|v| v.to_rank(0).is_none()) {
                    self.error(rhs.pos, format!("invalid operation: shift count {} must be integer", self.operand_desc(&r)));
                    return;
                }
                self.convert_untyped(&mut r, ids::UINT);
            } else if !self.types.basic(r.ty).is_some_and(|k| k.is_integer()) {
                self.error(rhs.pos, format!("invalid operation: shift count {} must be integer", self.operand_desc(&r)));
            }
            return;
        }
        if !self.match_types(&mut l, &mut r) || r.is_invalid() {
            return;
        }
        if !self.types.identical(l.ty, r.ty) {
            self.error(lhs.pos, format!("invalid operation: {} {}= {} (mismatched types {} and {})", self.expr_str(lhs), op.as_str(), self.expr_str(rhs), self.type_str(l.ty), self.type_str(r.ty)));
            return;
        }
        let k = self.types.basic(l.ty);
        let ok = match op {
            B::Add => k.is_some_and(|k| k.is_numeric() || k.is_string()),
            B::Sub | B::Mul | B::Div => k.is_some_and(|k| k.is_numeric()),
            B::Rem | B::And | B::Or | B::Xor | B::AndNot => k.is_some_and(|k| k.is_integer()),
            _ => false,
        };
        if !ok {
            self.error(lhs.pos, format!("invalid operation: operator {} not defined on {}", op.as_str(), self.operand_desc(&l)));
            return;
        }
        if matches!(op, B::Div | B::Rem) && r.value().is_some_and(|v| v.is_zero()) && k.is_some_and(|k| k.is_integer()) {
            self.error(rhs.pos, "invalid operation: division by zero");
        }
    }

    fn short_var_decl(&mut self, scope: ScopeId, s: &'a Stmt, lhs: &'a [Expr], rhs: &'a [Expr]) {
        let mut new_vars: Vec<(usize, ObjId)> = vec![];
        let mut objs: Vec<ObjId> = vec![];
        let mut any_new = false;
        let mut seen = std::collections::HashSet::new();
        for (i, l) in lhs.iter().enumerate() {
            let ExprKind::Ident(id) = &l.kind else {
                self.expr(scope, l);
                self.error(l.pos, format!("non-name {} on left side of :=", self.expr_str(l)));
                for r in rhs {
                    self.expr_multi(scope, r);
                }
                return;
            };
            if id.name != "_" && !seen.insert(id.name.clone()) {
                self.error(l.pos, format!("{} repeated on left side of :=", id.name));
                return;
            }
            let existing = if id.name == "_" { None } else { self.scopes[scope.0 as usize].names.get(&id.name).copied() };
            match existing {
                Some(o) => {
                    self.record_ident(id.id, o);
                    objs.push(o);
                }
                None => {
                    let o = self.new_object(&id.name, ObjKind::Var { global: false, param: false }, ids::INVALID, id.pos);
                    self.record_ident(id.id, o);
                    if id.name != "_" {
                        any_new = true;
                    }
                    new_vars.push((i, o));
                    objs.push(o);
                }
            }
        }
        if !any_new {
            self.error(s.pos, "no new variables on left side of :=");
        }
        // Existing variables keep their types: check as a plain assignment to them, and
        // infer the new ones.
        let new_set: std::collections::HashSet<ObjId> = new_vars.iter().map(|(_, o)| *o).collect();
        if lhs.len() == rhs.len() {
            let mut ok = true;
            for (i, r) in rhs.iter().enumerate() {
                let o = objs[i];
                if new_set.contains(&o) {
                    // One pair of several: a multi-value call here is "multiple-value
                    // in single-value context", not a one-variable mismatch.
                    self.pairwise_init = lhs.len() > 1;
                    ok &= self.init_vars(scope, &[o], std::slice::from_ref(r), None, s.pos);
                    self.pairwise_init = false;
                } else {
                    let mut op = self.expr(scope, r);
                    let t = self.obj(o).ty;
                    self.assignment(&mut op, t, "assignment");
                    ok &= !op.is_invalid();
                }
            }
            // As types2's initVars: one failed initialization makes every variable
            // of the statement count as used.
            if !ok {
                for &o in &objs {
                    self.obj_mut(o).used = true;
                }
            }
        } else {
            // Multi-value: types for the new vars come from the results.
            let fresh: Vec<ObjId> = objs.iter().map(|&o| if new_set.contains(&o) { o } else { o }).collect();
            let saved: Vec<TypeId> = fresh.iter().map(|&o| self.obj(o).ty).collect();
            self.init_vars(scope, &fresh, rhs, None, s.pos);
            for (k, &o) in fresh.iter().enumerate() {
                if !new_set.contains(&o) {
                    let got = self.obj(o).ty;
                    self.obj_mut(o).ty = saved[k];
                    if got != ids::INVALID && !self.assignable(got, saved[k]) {
                        self.error(lhs[k].pos, format!("cannot use {} value as {} value in assignment", self.type_str(got), self.type_str(saved[k])));
                    }
                }
            }
        }
        for (i, o) in new_vars {
            if let ExprKind::Ident(id) = &lhs[i].kind {
                if id.name != "_" {
                    self.scopes[scope.0 as usize].names.insert(id.name.clone(), o);
                    self.locals.push(o);
                }
                let t = self.obj(o).ty;
                self.record(lhs[i].id, t, Mode::Var);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn range_stmt(&mut self, scope: ScopeId, s: &'a Stmt, key: Option<&'a Expr>, value: Option<&'a Expr>, op: Option<AssignOp>, x: &'a Expr, body: &'a Block, ctx: &Ctx) {
        let inner = self.new_scope(scope, false);
        let mut xo = self.expr(scope, x);
        if xo.is_invalid() {
            self.block(inner, body, &Ctx { in_loop: true, breakable: true, ..ctx.clone() });
            return;
        }
        if self.types.is_untyped(xo.ty) {
            let d = self.default_type(xo.ty);
            self.convert_untyped(&mut xo, d);
        }
        let u = self.types.underlying(xo.ty);
        let (kt, vt): (TypeId, Option<TypeId>) = match self.types.get(u).clone() {
            Type::Basic(k) if k.is_string() => (ids::INT, Some(ids::RUNE)),
            Type::Array(_, e) | Type::Slice(e) => (ids::INT, Some(e)),
            Type::Pointer(p) => match self.types.get(self.types.underlying(p)).clone() {
                Type::Array(_, e) => (ids::INT, Some(e)),
                _ => {
                    self.error(x.pos, format!("cannot range over {}", self.operand_desc(&xo)));
                    return;
                }
            },
            Type::Map(k, v) => (k, Some(v)),
            Type::Chan(d, e) => {
                if d == crate::types::ChanDir::Send {
                    self.error(x.pos, format!("invalid operation: range {} receive from send-only channel", self.expr_str(x)));
                }
                if value.is_some() {
                    self.error(value.unwrap().pos, format!("range over {} permits only one iteration variable", self.operand_desc(&xo)));
                }
                (e, None)
            }
            _ => {
                self.error(x.pos, format!("cannot range over {}", self.operand_desc(&xo)));
                return;
            }
        };
        let targets = [(key, Some(kt)), (value, vt)];
        match op {
            Some(AssignOp::Define) => {
                let mut any_new = false;
                let mut new_objs = vec![];
                for (e, t) in targets {
                    let (Some(e), Some(t)) = (e, t) else { continue };
                    let ExprKind::Ident(id) = &e.kind else {
                        self.error(e.pos, format!("non-name {} on left side of :=", self.expr_str(e)));
                        continue;
                    };
                    let o = self.new_object(&id.name, ObjKind::Var { global: false, param: false }, t, id.pos);
                    self.record_ident(id.id, o);
                    self.record(e.id, t, Mode::Var);
                    if id.name != "_" {
                        if let Some(&(_, prev)) = new_objs.iter().find(|(n, _)| *n == id.name) {
                            // `for a, a := range …`: the second is a redeclaration.
                            let msg = format!("{} redeclared in this block\n\t{}: other declaration of {}", id.name, self.obj_pos_str(prev), id.name);
                            self.error(id.pos, msg);
                            self.obj_mut(prev).used = true;
                            continue;
                        }
                        any_new = true;
                        new_objs.push((id.name.clone(), o));
                    }
                }
                if !any_new {
                    self.error(s.pos, "no new variables on left side of :=");
                }
                for (n, o) in new_objs {
                    self.scopes[inner.0 as usize].names.insert(n, o);
                    self.locals.push(o);
                }
            }
            Some(_) => {
                for (e, t) in targets {
                    let (Some(e), Some(t)) = (e, t) else { continue };
                    let l = self.lhs_expr(scope, e);
                    if l.ty == ids::INVALID {
                        continue;
                    }
                    self.check_assignable_lhs(&l);
                    if !self.assignable(t, l.ty) {
                        self.error(e.pos, format!("cannot use {} (value of type {}) as {} value in range clause", self.expr_str(e), self.type_str(t), self.type_str(l.ty)));
                    }
                }
            }
            None => {}
        }
        let c = Ctx { in_loop: true, breakable: true, fallthrough_ok: false, labels: ctx.labels.clone() };
        self.block(inner, body, &c);
    }

    /// Spec "Terminating statements".
    pub fn is_terminating_list(&self, stmts: &[Stmt]) -> bool {
        // Trailing empty statements do not count.
        let last = stmts.iter().rev().find(|s| !matches!(s.kind, StmtKind::Empty));
        last.is_some_and(|s| self.is_terminating(s, None))
    }

    fn is_terminating(&self, s: &Stmt, label: Option<&str>) -> bool {
        match &s.kind {
            StmtKind::Return(_) => true,
            StmtKind::Branch { kind: BranchKind::Goto, .. } => true,
            StmtKind::Expr(e) => {
                if let ExprKind::Call { fun, .. } = &super::expr::unparen(e).kind {
                    if let Some(Some(fi)) = self.exprs[self.file as usize].get(fun.id.0 as usize) {
                        return fi.mode == Mode::Builtin(crate::objects::Builtin::Panic);
                    }
                }
                false
            }
            StmtKind::Block(b) => self.is_terminating_list(&b.stmts),
            StmtKind::If { then, els, .. } => {
                els.as_ref().is_some_and(|e| self.is_terminating(e, None)) && self.is_terminating_list(&then.stmts)
            }
            StmtKind::Labeled { label: l, stmt } => self.is_terminating(stmt, Some(&l.name)),
            StmtKind::For { cond: None, body, .. } => !has_break(&body.stmts, label, true),
            StmtKind::Switch { clauses, .. } | StmtKind::TypeSwitch { clauses, .. } => {
                clauses.iter().any(|c| c.is_default)
                    && clauses.iter().all(|c| {
                        !has_break(&c.body, label, true)
                            && (self.is_terminating_list(&c.body)
                                || c.body.last().is_some_and(|l| matches!(l.kind, StmtKind::Branch { kind: BranchKind::Fallthrough, .. })))
                    })
            }
            StmtKind::Select { clauses, .. } => {
                clauses.iter().all(|c| !has_break(&c.body, label, true) && self.is_terminating_list(&c.body))
            }
            _ => false,
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn is_recv(e: &Expr) -> bool {
    matches!(super::expr::unparen(e).kind, ExprKind::Unary { op: rgo_syntax::ast::UnaryOp::Recv, .. })
}

/// Whether `stmts` contain a break that targets the enclosing statement (unlabeled at
/// top nesting level, or labeled with `label`).
fn has_break(stmts: &[Stmt], label: Option<&str>, top: bool) -> bool {
    stmts.iter().any(|s| stmt_has_break(s, label, top))
}

fn stmt_has_break(s: &Stmt, label: Option<&str>, top: bool) -> bool {
    match &s.kind {
        StmtKind::Branch { kind: BranchKind::Break, label: l } => match l {
            None => top,
            Some(l) => Some(l.name.as_str()) == label,
        },
        StmtKind::Block(b) => has_break(&b.stmts, label, top),
        StmtKind::If { then, els, .. } => has_break(&then.stmts, label, top) || els.as_ref().is_some_and(|e| stmt_has_break(e, label, top)),
        StmtKind::Labeled { stmt, .. } => stmt_has_break(stmt, label, top),
        // Nested breakable statements capture unlabeled breaks.
        StmtKind::For { body, .. } | StmtKind::Range { body, .. } => has_break(&body.stmts, label, false),
        StmtKind::Switch { clauses, .. } | StmtKind::TypeSwitch { clauses, .. } => clauses.iter().any(|c| has_break(&c.body, label, false)),
        StmtKind::Select { clauses, .. } => clauses.iter().any(|c| has_break(&c.body, label, false)),
        _ => false,
    }
}
