//! A read-only walk over the AST in source order.
//!
//! Implement [`Visitor`] (every method has an empty default) and call [`walk_file`];
//! the walker calls `expr` for every expression and type, `ident` for every
//! identifier that is not itself an expression (declared names, selectors, labels,
//! field names) and `stmt`/`case_clause` for statements and clauses, before their
//! children. Knows only the AST.

use crate::ast::*;

/// Callbacks for [`walk_file`]; all default to doing nothing.
pub trait Visitor {
    /// An expression or type (including identifiers used as expressions).
    fn expr(&mut self, _e: &Expr) {}
    /// An identifier that is not an expression: declared names, `x.sel`'s `sel`,
    /// labels, parameter and field names, the package name, import names.
    fn ident(&mut self, _id: &Ident) {}
    fn stmt(&mut self, _s: &Stmt) {}
    fn case_clause(&mut self, _c: &CaseClause) {}
}

/// Walks the whole file.
pub fn walk_file(v: &mut dyn Visitor, f: &File) {
    v.ident(&f.package);
    for i in &f.imports {
        if let Some(n) = &i.name {
            v.ident(n);
        }
    }
    for d in &f.decls {
        walk_decl(v, d);
    }
}

pub fn walk_decl(v: &mut dyn Visitor, d: &Decl) {
    match &d.kind {
        DeclKind::Const(g) => {
            for s in &g.specs {
                s.names.iter().for_each(|n| v.ident(n));
                if let Some(t) = &s.typ {
                    walk_expr(v, t);
                }
                s.values.iter().for_each(|x| walk_expr(v, x));
            }
        }
        DeclKind::Var(g) => {
            for s in &g.specs {
                s.names.iter().for_each(|n| v.ident(n));
                if let Some(t) = &s.typ {
                    walk_expr(v, t);
                }
                s.values.iter().for_each(|x| walk_expr(v, x));
            }
        }
        DeclKind::Type(g) => {
            for s in &g.specs {
                v.ident(&s.name);
                if let Some(tp) = &s.tparams {
                    walk_fields(v, tp);
                }
                walk_expr(v, &s.typ);
            }
        }
        DeclKind::Func(f) => {
            if let Some(r) = &f.recv {
                walk_fields(v, r);
            }
            v.ident(&f.name);
            if let Some(tp) = &f.tparams {
                walk_fields(v, tp);
            }
            walk_func_type(v, &f.typ);
            if let Some(b) = &f.body {
                walk_block(v, b);
            }
        }
    }
}

pub fn walk_fields(v: &mut dyn Visitor, fl: &FieldList) {
    for f in &fl.list {
        f.names.iter().for_each(|n| v.ident(n));
        walk_expr(v, &f.typ);
    }
}

pub fn walk_func_type(v: &mut dyn Visitor, ft: &FuncType) {
    walk_fields(v, &ft.params);
    if let Some(r) = &ft.results {
        walk_fields(v, r);
    }
}

pub fn walk_block(v: &mut dyn Visitor, b: &Block) {
    for s in &b.stmts {
        walk_stmt(v, s);
    }
}

fn walk_opt_stmt(v: &mut dyn Visitor, s: &Option<Box<Stmt>>) {
    if let Some(s) = s {
        walk_stmt(v, s);
    }
}

pub fn walk_stmt(v: &mut dyn Visitor, s: &Stmt) {
    v.stmt(s);
    match &s.kind {
        StmtKind::Bad | StmtKind::Empty => {}
        StmtKind::Decl(d) => walk_decl(v, d),
        StmtKind::Labeled { label, stmt } => {
            v.ident(label);
            walk_stmt(v, stmt);
        }
        StmtKind::Expr(x) | StmtKind::Go(x) | StmtKind::Defer(x) => walk_expr(v, x),
        StmtKind::Send { ch, value, .. } => {
            walk_expr(v, ch);
            walk_expr(v, value);
        }
        StmtKind::IncDec { x, .. } => walk_expr(v, x),
        StmtKind::Assign { lhs, rhs, .. } => {
            lhs.iter().for_each(|x| walk_expr(v, x));
            rhs.iter().for_each(|x| walk_expr(v, x));
        }
        StmtKind::Return(xs) => xs.iter().for_each(|x| walk_expr(v, x)),
        StmtKind::Branch { label, .. } => {
            if let Some(l) = label {
                v.ident(l);
            }
        }
        StmtKind::Block(b) => walk_block(v, b),
        StmtKind::If {
            init,
            cond,
            then,
            els,
        } => {
            walk_opt_stmt(v, init);
            walk_expr(v, cond);
            walk_block(v, then);
            walk_opt_stmt(v, els);
        }
        StmtKind::Switch {
            init, tag, clauses, ..
        } => {
            walk_opt_stmt(v, init);
            if let Some(t) = tag {
                walk_expr(v, t);
            }
            walk_clauses(v, clauses);
        }
        StmtKind::TypeSwitch {
            init,
            bind,
            x,
            clauses,
            ..
        } => {
            walk_opt_stmt(v, init);
            if let Some(b) = bind {
                v.ident(b);
            }
            walk_expr(v, x);
            walk_clauses(v, clauses);
        }
        StmtKind::Select { clauses, .. } => {
            for c in clauses {
                walk_opt_stmt(v, &c.comm);
                c.body.iter().for_each(|s| walk_stmt(v, s));
            }
        }
        StmtKind::For {
            init,
            cond,
            post,
            body,
        } => {
            walk_opt_stmt(v, init);
            if let Some(c) = cond {
                walk_expr(v, c);
            }
            walk_opt_stmt(v, post);
            walk_block(v, body);
        }
        StmtKind::Range {
            key,
            value,
            x,
            body,
            ..
        } => {
            if let Some(k) = key {
                walk_expr(v, k);
            }
            if let Some(val) = value {
                walk_expr(v, val);
            }
            walk_expr(v, x);
            walk_block(v, body);
        }
    }
}

fn walk_clauses(v: &mut dyn Visitor, clauses: &[CaseClause]) {
    for c in clauses {
        v.case_clause(c);
        c.list.iter().for_each(|x| walk_expr(v, x));
        c.body.iter().for_each(|s| walk_stmt(v, s));
    }
}

pub fn walk_expr(v: &mut dyn Visitor, e: &Expr) {
    v.expr(e);
    match &e.kind {
        ExprKind::Bad | ExprKind::Ident(_) | ExprKind::BasicLit(_) => {}
        ExprKind::CompositeLit { typ, elts, .. } => {
            if let Some(t) = typ {
                walk_expr(v, t);
            }
            elts.iter().for_each(|x| walk_expr(v, x));
        }
        ExprKind::FuncLit { typ, body } => {
            walk_func_type(v, typ);
            walk_block(v, body);
        }
        ExprKind::Paren(x) | ExprKind::Star(x) | ExprKind::SliceType(x) => walk_expr(v, x),
        ExprKind::Selector { x, sel } => {
            walk_expr(v, x);
            v.ident(sel);
        }
        ExprKind::Index { x, indices, .. } => {
            walk_expr(v, x);
            indices.iter().for_each(|i| walk_expr(v, i));
        }
        ExprKind::Slice { x, lo, hi, max, .. } => {
            walk_expr(v, x);
            for i in [lo, hi, max].into_iter().flatten() {
                walk_expr(v, i);
            }
        }
        ExprKind::TypeAssert { x, typ, .. } => {
            walk_expr(v, x);
            if let Some(t) = typ {
                walk_expr(v, t);
            }
        }
        ExprKind::Call { fun, args, .. } => {
            walk_expr(v, fun);
            args.iter().for_each(|a| walk_expr(v, a));
        }
        ExprKind::Unary { x, .. } => walk_expr(v, x),
        ExprKind::Binary { x, y, .. } => {
            walk_expr(v, x);
            walk_expr(v, y);
        }
        ExprKind::KeyValue { key, value, .. } => {
            walk_expr(v, key);
            walk_expr(v, value);
        }
        ExprKind::Ellipsis(x) => {
            if let Some(x) = x {
                walk_expr(v, x);
            }
        }
        ExprKind::ArrayType { len, elem } => {
            if let Some(l) = len {
                walk_expr(v, l);
            }
            walk_expr(v, elem);
        }
        ExprKind::MapType { key, value } => {
            walk_expr(v, key);
            walk_expr(v, value);
        }
        ExprKind::ChanType { elem, .. } => walk_expr(v, elem),
        ExprKind::FuncType(ft) => walk_func_type(v, ft),
        ExprKind::StructType(st) => {
            for f in &st.fields {
                f.names.iter().for_each(|n| v.ident(n));
                walk_expr(v, &f.typ);
            }
        }
        ExprKind::InterfaceType(it) => {
            for el in &it.elems {
                match el {
                    InterfaceElem::Method { name, typ } => {
                        v.ident(name);
                        walk_func_type(v, typ);
                    }
                    InterfaceElem::Embed(t) => walk_expr(v, t),
                }
            }
        }
    }
}
