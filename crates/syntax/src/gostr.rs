//! Go-source rendering of expressions and simple statements, in gc's short form
//! (function bodies and composite literal elements shown as `{…}`), as gc's error
//! messages quote them: `x + y`, `f(a, b...)`, `[]int{…}`, `func(x int) bool {…}`.
//!
//! Used by the parser for messages such as "cannot use x := 1 as value", and meant for
//! the checker's messages too. Knows only the AST.

use crate::ast::*;

/// `x` as gc's `syntax.String` prints it (short form).
pub fn expr_string(x: &Expr) -> String {
    let mut s = String::new();
    expr(&mut s, x);
    s
}

/// Expressions separated by `, `.
pub fn expr_list_string(xs: &[Expr]) -> String {
    let mut s = String::new();
    list(&mut s, xs);
    s
}

/// A simple statement (assignment, send, inc/dec, expression) as gc prints it.
pub fn stmt_string(st: &Stmt) -> String {
    let mut s = String::new();
    match &st.kind {
        StmtKind::Expr(x) => expr(&mut s, x),
        StmtKind::Send { ch, value, .. } => {
            expr(&mut s, ch);
            s.push_str(" <- ");
            expr(&mut s, value);
        }
        StmtKind::IncDec { x, inc, .. } => {
            expr(&mut s, x);
            s.push_str(if *inc { "++" } else { "--" });
        }
        StmtKind::Assign { lhs, op, rhs, .. } => {
            list(&mut s, lhs);
            s.push_str(match op {
                AssignOp::Assign => " = ",
                AssignOp::Define => " := ",
                AssignOp::Op(_) => " ",
            });
            if let AssignOp::Op(b) = op {
                s.push_str(b.as_str());
                s.push_str("= ");
            }
            list(&mut s, rhs);
        }
        StmtKind::Go(x) | StmtKind::Defer(x) => {
            s.push_str(if matches!(st.kind, StmtKind::Go(_)) {
                "go "
            } else {
                "defer "
            });
            expr(&mut s, x);
        }
        StmtKind::Return(xs) => {
            s.push_str("return");
            if !xs.is_empty() {
                s.push(' ');
                list(&mut s, xs);
            }
        }
        StmtKind::Branch { kind, label } => {
            s.push_str(match kind {
                BranchKind::Break => "break",
                BranchKind::Continue => "continue",
                BranchKind::Goto => "goto",
                BranchKind::Fallthrough => "fallthrough",
            });
            if let Some(l) = label {
                s.push(' ');
                s.push_str(&l.name);
            }
        }
        _ => s.push_str("<stmt>"),
    }
    s
}

fn list(s: &mut String, xs: &[Expr]) {
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        expr(s, x);
    }
}

fn unparen(x: &Expr) -> &Expr {
    let mut x = x;
    while let ExprKind::Paren(i) = &x.kind {
        x = i;
    }
    x
}

fn expr(s: &mut String, x: &Expr) {
    match &x.kind {
        ExprKind::Bad => s.push_str("<bad expr>"),
        ExprKind::Ident(id) => s.push_str(&id.name),
        ExprKind::BasicLit(l) => s.push_str(&l.raw),
        ExprKind::CompositeLit { typ, elts, .. } => {
            if let Some(t) = typ {
                expr(s, t);
            }
            s.push_str(if elts.is_empty() { "{}" } else { "{…}" });
        }
        ExprKind::FuncLit { typ, body } => {
            s.push_str("func");
            signature(s, typ);
            s.push_str(if body.stmts.is_empty() {
                " {}"
            } else {
                " {…}"
            });
        }
        ExprKind::Paren(i) => {
            s.push('(');
            expr(s, i);
            s.push(')');
        }
        ExprKind::Selector { x, sel } => {
            expr(s, x);
            s.push('.');
            s.push_str(&sel.name);
        }
        ExprKind::Index { x, indices, .. } => {
            expr(s, x);
            s.push('[');
            list(s, indices);
            s.push(']');
        }
        ExprKind::Slice { x, lo, hi, max, .. } => {
            expr(s, x);
            s.push('[');
            if let Some(l) = lo {
                expr(s, l);
            }
            s.push(':');
            if let Some(h) = hi {
                expr(s, h);
            }
            if let Some(m) = max {
                s.push(':');
                expr(s, m);
            }
            s.push(']');
        }
        ExprKind::TypeAssert { x, typ, .. } => {
            expr(s, x);
            s.push_str(".(");
            match typ {
                Some(t) => expr(s, t),
                None => s.push_str("type"),
            }
            s.push(')');
        }
        ExprKind::Call {
            fun,
            args,
            ellipsis,
            ..
        } => {
            expr(s, fun);
            s.push('(');
            list(s, args);
            if ellipsis.is_some() {
                s.push_str("...");
            }
            s.push(')');
        }
        ExprKind::Star(i) => {
            s.push('*');
            expr(s, i);
        }
        ExprKind::Unary { op, x } => {
            s.push_str(op.as_str());
            expr(s, x);
        }
        ExprKind::Binary { op, x, y, .. } => {
            expr(s, x);
            s.push(' ');
            s.push_str(op.as_str());
            s.push(' ');
            expr(s, y);
        }
        ExprKind::KeyValue { key, value, .. } => {
            expr(s, key);
            s.push_str(": ");
            expr(s, value);
        }
        ExprKind::Ellipsis(e) => {
            s.push_str("...");
            if let Some(e) = e {
                expr(s, e);
            }
        }
        ExprKind::ArrayType { len, elem } => {
            s.push('[');
            match len {
                Some(l) => expr(s, l),
                None => s.push_str("..."),
            }
            s.push(']');
            expr(s, elem);
        }
        ExprKind::SliceType(e) => {
            s.push_str("[]");
            expr(s, e);
        }
        ExprKind::MapType { key, value } => {
            s.push_str("map[");
            expr(s, key);
            s.push(']');
            expr(s, value);
        }
        ExprKind::ChanType { dir, elem } => {
            if *dir == ChanDir::Recv {
                s.push_str("<-");
            }
            s.push_str("chan");
            if *dir == ChanDir::Send {
                s.push_str("<-");
            }
            s.push(' ');
            let paren = *dir == ChanDir::Both
                && matches!(
                    elem.kind,
                    ExprKind::ChanType {
                        dir: ChanDir::Recv,
                        ..
                    }
                );
            if paren {
                s.push('(');
            }
            expr(s, elem);
            if paren {
                s.push(')');
            }
        }
        ExprKind::FuncType(ft) => {
            s.push_str("func");
            signature(s, ft);
        }
        ExprKind::StructType(st) => {
            s.push_str("struct{");
            for (i, f) in st.fields.iter().enumerate() {
                if i > 0 {
                    s.push_str("; ");
                }
                names(s, &f.names);
                if !f.names.is_empty() {
                    s.push(' ');
                }
                expr(s, &f.typ);
                if let Some(t) = &f.tag {
                    s.push(' ');
                    s.push_str(&t.raw);
                }
            }
            s.push('}');
        }
        ExprKind::InterfaceType(it) => {
            s.push_str("interface{");
            for (i, e) in it.elems.iter().enumerate() {
                if i > 0 {
                    s.push_str("; ");
                }
                match e {
                    InterfaceElem::Method { name, typ } => {
                        s.push_str(&name.name);
                        signature(s, typ);
                    }
                    InterfaceElem::Embed(t) => expr(s, t),
                }
            }
            s.push('}');
        }
    }
}

fn names(s: &mut String, ns: &[Ident]) {
    for (i, n) in ns.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&n.name);
    }
}

fn params(s: &mut String, fl: &FieldList) {
    s.push('(');
    for (i, f) in fl.list.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        if !f.names.is_empty() {
            names(s, &f.names);
            s.push(' ');
        }
        expr(s, unparen(&f.typ));
    }
    s.push(')');
}

fn signature(s: &mut String, ft: &FuncType) {
    params(s, &ft.params);
    if let Some(r) = &ft.results {
        s.push(' ');
        if r.list.len() == 1 && r.list[0].names.is_empty() {
            expr(s, &r.list[0].typ);
        } else {
            params(s, r);
        }
    }
}
