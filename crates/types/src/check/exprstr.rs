//! Expressions written back as source text, for diagnostics (`invalid operation: x + y`).

use super::Checker;
use rgo_syntax::ast::{Expr, ExprKind, FieldList, LitKind};

impl Checker<'_> {
    /// The expression as gc prints it in messages.
    pub fn expr_str(&self, e: &Expr) -> String {
        let mut s = String::new();
        write_expr(&mut s, e);
        s
    }

    /// The called function's text for "assignment mismatch: … but f returns …".
    pub fn call_name(&self, e: &Expr) -> String {
        match &super::expr::unparen(e).kind {
            ExprKind::Call { fun, .. } => self.expr_str(fun),
            _ => self.expr_str(e),
        }
    }
}

fn write_expr(s: &mut String, e: &Expr) {
    match &e.kind {
        ExprKind::Bad => s.push_str("_"),
        ExprKind::Ident(i) => s.push_str(&i.name),
        ExprKind::BasicLit(l) => {
            if l.kind == LitKind::String && l.raw.len() > 40 {
                s.push_str(&l.raw[..l.raw.floor_char_boundary(40)]);
                s.push_str("…");
            } else {
                s.push_str(&l.raw)
            }
        }
        ExprKind::CompositeLit { typ, elts, .. } => {
            if let Some(t) = typ {
                write_expr(s, t);
            }
            s.push_str(if elts.is_empty() { "{}" } else { "{…}" });
        }
        ExprKind::FuncLit { typ, body, .. } => {
            write_func_type(s, typ);
            s.push_str(if body.stmts.is_empty() { " {}" } else { " {…}" });
        }
        ExprKind::Paren(x) => {
            s.push('(');
            write_expr(s, x);
            s.push(')');
        }
        ExprKind::Selector { x, sel } => {
            write_expr(s, x);
            s.push('.');
            s.push_str(&sel.name);
        }
        ExprKind::Index { x, indices, .. } => {
            write_expr(s, x);
            s.push('[');
            for (i, ix) in indices.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_expr(s, ix);
            }
            s.push(']');
        }
        ExprKind::Slice { x, lo, hi, max, .. } => {
            write_expr(s, x);
            s.push('[');
            if let Some(l) = lo {
                write_expr(s, l);
            }
            s.push(':');
            if let Some(h) = hi {
                write_expr(s, h);
            }
            if let Some(m) = max {
                s.push(':');
                write_expr(s, m);
            }
            s.push(']');
        }
        ExprKind::TypeAssert { x, typ, .. } => {
            write_expr(s, x);
            s.push_str(".(");
            match typ {
                Some(t) => write_expr(s, t),
                None => s.push_str("type"),
            }
            s.push(')');
        }
        ExprKind::Call { fun, args, ellipsis, .. } => {
            write_expr(s, fun);
            s.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_expr(s, a);
            }
            if ellipsis.is_some() {
                s.push_str("...");
            }
            s.push(')');
        }
        ExprKind::Star(x) => {
            s.push('*');
            write_expr(s, x);
        }
        ExprKind::Unary { op, x } => {
            s.push_str(op.as_str());
            write_expr(s, x);
        }
        ExprKind::Binary { op, x, y, .. } => {
            write_expr(s, x);
            s.push(' ');
            s.push_str(op.as_str());
            s.push(' ');
            write_expr(s, y);
        }
        ExprKind::KeyValue { key, value, .. } => {
            write_expr(s, key);
            s.push_str(": ");
            write_expr(s, value);
        }
        ExprKind::Ellipsis(x) => {
            s.push_str("...");
            if let Some(x) = x {
                write_expr(s, x);
            }
        }
        ExprKind::ArrayType { len, elem } => {
            s.push('[');
            match len {
                Some(l) => write_expr(s, l),
                None => s.push_str("..."),
            }
            s.push(']');
            write_expr(s, elem);
        }
        ExprKind::SliceType(x) => {
            s.push_str("[]");
            write_expr(s, x);
        }
        ExprKind::MapType { key, value } => {
            s.push_str("map[");
            write_expr(s, key);
            s.push(']');
            write_expr(s, value);
        }
        ExprKind::ChanType { dir, elem } => {
            s.push_str(match dir {
                rgo_syntax::ast::ChanDir::Both => "chan ",
                rgo_syntax::ast::ChanDir::Send => "chan<- ",
                rgo_syntax::ast::ChanDir::Recv => "<-chan ",
            });
            write_expr(s, elem);
        }
        ExprKind::FuncType(ft) => write_func_type(s, ft),
        ExprKind::StructType(st) => {
            // gc's short form prints struct types in full, fields separated by "; ".
            s.push_str("struct{");
            for (i, f) in st.fields.iter().enumerate() {
                if i > 0 {
                    s.push_str("; ");
                }
                write_field(s, f);
                if let Some(tag) = &f.tag {
                    s.push(' ');
                    s.push_str(&tag.raw);
                }
            }
            s.push('}');
        }
        ExprKind::InterfaceType(it) => s.push_str(if it.elems.is_empty() { "interface{}" } else { "interface{…}" }),
    }
}

/// `func(a, b int) string`: gc prints parameter names, and a single unnamed result
/// without parentheses.
fn write_func_type(s: &mut String, ft: &rgo_syntax::ast::FuncType) {
    s.push_str("func");
    write_fields(s, &ft.params);
    if let Some(r) = &ft.results {
        s.push(' ');
        if r.list.len() == 1 && r.list[0].names.is_empty() {
            write_expr(s, &r.list[0].typ);
        } else {
            write_fields(s, r);
        }
    }
}

fn write_fields(s: &mut String, fl: &FieldList) {
    s.push('(');
    for (i, f) in fl.list.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        write_field(s, f);
    }
    s.push(')');
}

/// `a, b T` or just `T`.
fn write_field(s: &mut String, f: &rgo_syntax::ast::Field) {
    for (i, n) in f.names.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&n.name);
    }
    if !f.names.is_empty() {
        s.push(' ');
    }
    write_expr(s, &f.typ);
}
