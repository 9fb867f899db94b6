//! A compact S-expression dump of the AST, for data-driven tests and debugging.
//!
//! Declarations and statements go one per line, indented by nesting; expressions and
//! types are inline: identifiers and literals bare, everything else `(head args...)`.
//! Positions and node ids are not printed (they are tested separately).

use crate::ast::*;
use std::fmt::Write;

/// Dumps `file`.
pub fn print_file(file: &File) -> String {
    let mut p = Printer {
        out: String::new(),
        indent: 0,
    };
    p.line(&format!("package {}", file.package.name));
    for d in &file.directives {
        p.line(&format!("directive {}", d.text));
    }
    for i in &file.imports {
        match &i.name {
            Some(n) => p.line(&format!("import {} {}", n.name, i.path.raw)),
            None => p.line(&format!("import {}", i.path.raw)),
        }
    }
    for d in &file.decls {
        p.decl(d);
    }
    p.out
}

/// Dumps one expression inline.
pub fn print_expr(x: &Expr) -> String {
    let mut s = String::new();
    expr(&mut s, x);
    s
}

struct Printer {
    out: String,
    indent: usize,
}

impl Printer {
    fn line(&mut self, s: &str) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn decl(&mut self, d: &Decl) {
        match &d.kind {
            DeclKind::Const(g) => {
                for s in &g.specs {
                    let mut t = format!("const iota={}", s.iota);
                    if let Some(i) = s.inherit {
                        let _ = write!(t, " inherit={}", i);
                    }
                    t.push(' ');
                    names(&mut t, &s.names);
                    opt_type_values(&mut t, &s.typ, &s.values);
                    self.line(&t);
                }
            }
            DeclKind::Var(g) => {
                for s in &g.specs {
                    let mut t = String::from("var ");
                    names(&mut t, &s.names);
                    opt_type_values(&mut t, &s.typ, &s.values);
                    self.line(&t);
                }
            }
            DeclKind::Type(g) => {
                for s in &g.specs {
                    let mut t = format!("type {}", s.name.name);
                    if let Some(tp) = &s.tparams {
                        t.push(' ');
                        fields(&mut t, "tparams", &tp.list);
                    }
                    if s.assign.is_some() {
                        t.push_str(" =");
                    }
                    t.push(' ');
                    expr(&mut t, &s.typ);
                    self.line(&t);
                }
            }
            DeclKind::Func(f) => {
                let mut t = format!("func {}", f.name.name);
                if let Some(r) = &f.recv {
                    t.push(' ');
                    fields(&mut t, "recv", &r.list);
                }
                if let Some(tp) = &f.tparams {
                    t.push(' ');
                    fields(&mut t, "tparams", &tp.list);
                }
                t.push(' ');
                signature(&mut t, &f.typ);
                self.line(&t);
                if let Some(b) = &f.body {
                    self.block(b);
                }
            }
        }
    }

    fn block(&mut self, b: &Block) {
        self.indent += 1;
        for s in &b.stmts {
            self.stmt(s);
        }
        self.indent -= 1;
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Bad => self.line("bad"),
            StmtKind::Empty => self.line("empty"),
            StmtKind::Decl(d) => self.decl(d),
            StmtKind::Labeled { label, stmt } => {
                self.line(&format!("label {}", label.name));
                self.stmt(stmt);
            }
            StmtKind::Expr(x) => self.line(&format!("expr {}", print_expr(x))),
            StmtKind::Send { ch, value, .. } => {
                self.line(&format!("send {} {}", print_expr(ch), print_expr(value)))
            }
            StmtKind::IncDec { x, inc, .. } => self.line(&format!(
                "{} {}",
                if *inc { "inc" } else { "dec" },
                print_expr(x)
            )),
            StmtKind::Assign { lhs, op, rhs, .. } => {
                let o = match op {
                    AssignOp::Assign => "=".to_string(),
                    AssignOp::Define => ":=".to_string(),
                    AssignOp::Op(b) => format!("{}=", b.as_str()),
                };
                let mut t = format!("assign {} ", o);
                list(&mut t, lhs);
                t.push_str(" | ");
                list(&mut t, rhs);
                self.line(&t);
            }
            StmtKind::Go(x) => self.line(&format!("go {}", print_expr(x))),
            StmtKind::Defer(x) => self.line(&format!("defer {}", print_expr(x))),
            StmtKind::Return(xs) => {
                let mut t = String::from("return");
                for x in xs {
                    t.push(' ');
                    expr(&mut t, x);
                }
                self.line(&t);
            }
            StmtKind::Branch { kind, label } => {
                let k = format!("{:?}", kind).to_lowercase();
                match label {
                    Some(l) => self.line(&format!("{} {}", k, l.name)),
                    None => self.line(&k),
                }
            }
            StmtKind::Block(b) => {
                self.line("block");
                self.block(b);
            }
            StmtKind::If {
                init,
                cond,
                then,
                els,
            } => {
                self.line(&format!("if {}", print_expr(cond)));
                self.init(init);
                self.block(then);
                if let Some(e) = els {
                    self.line("else");
                    self.indent += 1;
                    self.stmt(e);
                    self.indent -= 1;
                }
            }
            StmtKind::Switch {
                init, tag, clauses, ..
            } => {
                match tag {
                    Some(t) => self.line(&format!("switch {}", print_expr(t))),
                    None => self.line("switch"),
                }
                self.init(init);
                self.clauses(clauses);
            }
            StmtKind::TypeSwitch {
                init,
                bind,
                x,
                clauses,
                ..
            } => {
                match bind {
                    Some(b) => self.line(&format!("typeswitch {} := {}", b.name, print_expr(x))),
                    None => self.line(&format!("typeswitch {}", print_expr(x))),
                }
                self.init(init);
                self.clauses(clauses);
            }
            StmtKind::Select { clauses, .. } => {
                self.line("select");
                self.indent += 1;
                for c in clauses {
                    self.line(if c.comm.is_some() { "case" } else { "default" });
                    self.indent += 1;
                    if let Some(s) = &c.comm {
                        self.stmt(s);
                    }
                    self.indent -= 1;
                    self.block_stmts(&c.body);
                }
                self.indent -= 1;
            }
            StmtKind::For {
                init,
                cond,
                post,
                body,
            } => {
                match cond {
                    Some(c) => self.line(&format!("for {}", print_expr(c))),
                    None => self.line("for"),
                }
                self.init(init);
                if let Some(p) = post {
                    self.indent += 1;
                    let mut sub = Printer {
                        out: String::new(),
                        indent: 0,
                    };
                    sub.stmt(p);
                    self.line(&format!("post {}", sub.out.trim_end()));
                    self.indent -= 1;
                }
                self.block(body);
            }
            StmtKind::Range {
                key,
                value,
                op,
                x,
                body,
            } => {
                let mut t = String::from("range");
                if let Some(k) = key {
                    t.push(' ');
                    expr(&mut t, k);
                }
                if let Some(v) = value {
                    t.push(' ');
                    expr(&mut t, v);
                }
                match op {
                    Some(AssignOp::Define) => t.push_str(" :="),
                    Some(_) => t.push_str(" ="),
                    None => {}
                }
                t.push(' ');
                expr(&mut t, x);
                self.line(&t);
                self.block(body);
            }
        }
    }

    fn init(&mut self, init: &Option<Box<Stmt>>) {
        if let Some(s) = init {
            self.indent += 1;
            let mut sub = Printer {
                out: String::new(),
                indent: 0,
            };
            sub.stmt(s);
            self.line(&format!("init {}", sub.out.trim_end()));
            self.indent -= 1;
        }
    }

    fn block_stmts(&mut self, stmts: &[Stmt]) {
        self.indent += 1;
        for s in stmts {
            self.stmt(s);
        }
        self.indent -= 1;
    }

    fn clauses(&mut self, clauses: &[CaseClause]) {
        self.indent += 1;
        for c in clauses {
            if c.is_default {
                self.line("default");
            } else {
                let mut t = String::from("case");
                for x in &c.list {
                    t.push(' ');
                    expr(&mut t, x);
                }
                self.line(&t);
            }
            self.block_stmts(&c.body);
        }
        self.indent -= 1;
    }
}

fn names(s: &mut String, ns: &[Ident]) {
    for (i, n) in ns.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&n.name);
    }
}

fn list(s: &mut String, xs: &[Expr]) {
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        expr(s, x);
    }
}

fn opt_type_values(s: &mut String, typ: &Option<Expr>, values: &[Expr]) {
    if let Some(t) = typ {
        s.push_str(" : ");
        expr(s, t);
    }
    if !values.is_empty() {
        s.push_str(" = ");
        list(s, values);
    }
}

fn fields(s: &mut String, head: &str, fs: &[Field]) {
    s.push('(');
    s.push_str(head);
    for f in fs {
        s.push_str(" (");
        if !f.names.is_empty() {
            names(s, &f.names);
            s.push(' ');
        }
        expr(s, &f.typ);
        if let Some(t) = &f.tag {
            s.push(' ');
            s.push_str(&t.raw);
        }
        s.push(')');
    }
    s.push(')');
}

fn signature(s: &mut String, ft: &FuncType) {
    fields(s, "params", &ft.params.list);
    if let Some(r) = &ft.results {
        s.push(' ');
        fields(s, "results", &r.list);
    }
}

fn expr(s: &mut String, x: &Expr) {
    let head = |s: &mut String, h: &str, xs: &[&Expr]| {
        s.push('(');
        s.push_str(h);
        for x in xs {
            s.push(' ');
            expr(s, x);
        }
        s.push(')');
    };
    match &x.kind {
        ExprKind::Bad => s.push_str("BAD"),
        ExprKind::Ident(id) => s.push_str(&id.name),
        ExprKind::BasicLit(l) => s.push_str(&l.raw),
        ExprKind::CompositeLit { typ, elts, .. } => {
            s.push_str("(lit ");
            match typ {
                Some(t) => expr(s, t),
                None => s.push('_'),
            }
            for e in elts {
                s.push(' ');
                expr(s, e);
            }
            s.push(')');
        }
        ExprKind::FuncLit { typ, body } => {
            s.push_str("(funclit ");
            signature(s, typ);
            let mut p = Printer {
                out: String::new(),
                indent: 0,
            };
            p.block_stmts(&body.stmts);
            for l in p.out.lines().filter(|l| !l.is_empty()) {
                s.push_str(" {");
                s.push_str(l.trim());
                s.push('}');
            }
            s.push(')');
        }
        ExprKind::Paren(i) => head(s, "paren", &[i]),
        ExprKind::Selector { x, sel } => {
            s.push_str("(sel ");
            expr(s, x);
            s.push(' ');
            s.push_str(&sel.name);
            s.push(')');
        }
        ExprKind::Index { x, indices, .. } => {
            let mut v: Vec<&Expr> = vec![x];
            v.extend(indices.iter());
            head(s, "index", &v);
        }
        ExprKind::Slice {
            x,
            lo,
            hi,
            max,
            slice3,
            ..
        } => {
            s.push_str(if *slice3 { "(slice3 " } else { "(slice " });
            expr(s, x);
            for e in [lo, hi, max] {
                match e {
                    Some(e) => {
                        s.push(' ');
                        expr(s, e);
                    }
                    None if !(*slice3) && std::ptr::eq(e, max) => {}
                    None => s.push_str(" _"),
                }
            }
            s.push(')');
        }
        ExprKind::TypeAssert { x, typ, .. } => match typ {
            Some(t) => head(s, "assert", &[x, t]),
            None => {
                s.push_str("(assert ");
                expr(s, x);
                s.push_str(" type)");
            }
        },
        ExprKind::Call {
            fun,
            args,
            ellipsis,
            ..
        } => {
            let mut v: Vec<&Expr> = vec![fun];
            v.extend(args.iter());
            head(
                s,
                if ellipsis.is_some() {
                    "call..."
                } else {
                    "call"
                },
                &v,
            );
        }
        ExprKind::Star(i) => head(s, "star", &[i]),
        ExprKind::Unary { op, x } => head(s, op.as_str(), &[x]),
        ExprKind::Binary { op, x, y, .. } => head(s, op.as_str(), &[x, y]),
        ExprKind::KeyValue { key, value, .. } => head(s, "kv", &[key, value]),
        ExprKind::Ellipsis(e) => match e {
            Some(e) => head(s, "...", &[e]),
            None => s.push_str("(...)"),
        },
        ExprKind::ArrayType { len, elem } => match len {
            Some(l) => head(s, "array", &[l, elem]),
            None => {
                s.push_str("(array ... ");
                expr(s, elem);
                s.push(')');
            }
        },
        ExprKind::SliceType(e) => head(s, "slicetype", &[e]),
        ExprKind::MapType { key, value } => head(s, "map", &[key, value]),
        ExprKind::ChanType { dir, elem } => {
            let h = match dir {
                ChanDir::Both => "chan",
                ChanDir::Send => "chan<-",
                ChanDir::Recv => "<-chan",
            };
            head(s, h, &[elem]);
        }
        ExprKind::FuncType(ft) => {
            s.push_str("(functype ");
            signature(s, ft);
            s.push(')');
        }
        ExprKind::StructType(st) => fields(s, "struct", &st.fields),
        ExprKind::InterfaceType(it) => {
            s.push_str("(interface");
            for e in &it.elems {
                s.push(' ');
                match e {
                    InterfaceElem::Method { name, typ } => {
                        s.push_str("(method ");
                        s.push_str(&name.name);
                        s.push(' ');
                        signature(s, typ);
                        s.push(')');
                    }
                    InterfaceElem::Embed(t) => {
                        s.push_str("(embed ");
                        expr(s, t);
                        s.push(')');
                    }
                }
            }
            s.push(')');
        }
    }
}
