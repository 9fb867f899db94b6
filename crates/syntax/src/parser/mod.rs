//! The parser: tokens → AST, by recursive descent, with gc's error recovery.
//!
//! The parse functions follow the structure of gc's parser (cmd/compile/internal/syntax)
//! closely enough that the same malformed input yields the same first error message at
//! the same position: the Go grammar leaves freedom in where errors are detected, and
//! matching gc means detecting them at the same points. This module holds the parser
//! state, token and error helpers, and the file/declaration level; expressions, types
//! and statements live in the sibling modules. It knows nothing about types.
//!
//! Robustness: every loop consumes a token or exits; recursion depth is bounded by
//! [`MAX_DEPTH`] (beyond it a diagnostic is reported and the input is skipped).

mod expr;
mod stmt;
mod types;

use crate::ast::*;
use crate::lexer::Lexer;
use crate::token::{Op, Tok};

/// Maximum nesting of expressions, types and statements.
pub const MAX_DEPTH: u32 = 10_000;

/// Tokens that start a statement: resynchronization points inside function bodies.
const STOPSET: u64 = (1u64 << Tok::Break as u32)
    | (1u64 << Tok::Const as u32)
    | (1u64 << Tok::Continue as u32)
    | (1u64 << Tok::Defer as u32)
    | (1u64 << Tok::Fallthrough as u32)
    | (1u64 << Tok::For as u32)
    | (1u64 << Tok::Go as u32)
    | (1u64 << Tok::Goto as u32)
    | (1u64 << Tok::If as u32)
    | (1u64 << Tok::Return as u32)
    | (1u64 << Tok::Select as u32)
    | (1u64 << Tok::Switch as u32)
    | (1u64 << Tok::Type as u32)
    | (1u64 << Tok::Var as u32);

pub(crate) struct Parser<'a> {
    lx: Lexer<'a>,
    name: String,
    lines: LineTable,
    /// All errors in the order gc would report them (lexer and parser interleaved).
    pub(crate) errs: Vec<Diagnostic>,
    /// Function nesting (for error recovery).
    fnest: i32,
    /// Expression nesting; -1 inside statement headers, where `T{` is not a
    /// composite literal.
    xnest: i32,
    next_id: u32,
    depth: u32,
    /// Set once the depth limit was hit: everything then unwinds quickly.
    too_deep: bool,
    /// Errors of the parser and lexer proper (not the directive and branch checks,
    /// which gc reports through another channel): gc's `errcnt`.
    errcnt: usize,
    /// Directives seen so far (index into the lexer's list).
    directives_seen: usize,
    /// Directives waiting for the next declaration (gc's pending pragma).
    pending: Vec<usize>,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(name: &str, src: &'a [u8]) -> Parser<'a> {
        let mut lx = Lexer::new(src);
        lx.file_name = name.to_string();
        let mut p = Parser {
            lx,
            name: name.to_string(),
            lines: LineTable::new_bytes(src),
            errs: Vec::new(),
            fnest: 0,
            xnest: 0,
            next_id: 0,
            depth: 0,
            too_deep: false,
            directives_seen: 0,
            pending: Vec::new(),
            errcnt: 0,
        };
        p.next();
        p
    }

    // ---- tokens ----

    fn tok(&self) -> Tok {
        self.lx.tok.tok
    }

    fn pos(&self) -> Pos {
        self.lx.tok.pos
    }

    fn op(&self) -> Op {
        self.lx.tok.op
    }

    fn is_op(&self, op: Op) -> bool {
        self.tok() == Tok::Operator && self.op() == op
    }

    fn next(&mut self) {
        self.lx.next();
        if !self.lx.diags.is_empty() {
            self.errcnt += self.lx.diags.len();
            self.errs.append(&mut self.lx.diags);
        }
        while self.directives_seen < self.lx.directives.len() {
            let i = self.directives_seen;
            self.directives_seen += 1;
            if self.lx.directive_blank[i] {
                self.pending.push(i);
            } else {
                // a directive must be on a line by itself
                let pos = Pos(self.lx.directives[i].pos.0 + 2);
                self.other_error(pos, "misplaced compiler directive");
            }
        }
    }

    /// The pending directives, now owned by the declaration being parsed.
    fn take_pragma(&mut self) -> Vec<Directive> {
        let pending = std::mem::take(&mut self.pending);
        pending
            .into_iter()
            .map(|i| self.lx.directives[i].clone())
            .collect()
    }

    /// Drops the pending directives at a place where none applies, reporting those
    /// that gc would have applied (gc's unused-pragma check during parsing).
    fn clear_pragma(&mut self) {
        for i in std::mem::take(&mut self.pending) {
            let d = &self.lx.directives[i];
            let pos = Pos(d.pos.0 + 2);
            let verb = d.verb();
            if verb == "go:embed" {
                self.other_error(pos, "misplaced go:embed directive");
            } else if is_flag_pragma(verb) {
                self.other_error(pos, "misplaced compiler directive");
            }
        }
    }

    fn got(&mut self, t: Tok) -> bool {
        if self.tok() == t {
            self.next();
            true
        } else {
            false
        }
    }

    fn want(&mut self, t: Tok) {
        if !self.got(t) {
            self.syntax_error(&format!("expecting {}", t.describe()));
            self.advance(&[]);
        }
    }

    /// Like `got(Assign)`, but also accepts (and reports) `:=`.
    fn got_assign(&mut self) -> bool {
        match self.tok() {
            Tok::Define => {
                self.syntax_error("expecting =");
                self.next();
                true
            }
            Tok::Assign => {
                self.next();
                true
            }
            _ => false,
        }
    }

    fn new_id(&mut self) -> NodeId {
        let id = NodeId(self.next_id);
        self.next_id += 1;
        id
    }

    fn expr_node(&mut self, pos: Pos, kind: ExprKind) -> Expr {
        Expr {
            id: self.new_id(),
            pos,
            kind,
        }
    }

    fn bad_expr(&mut self) -> Expr {
        let pos = self.pos();
        self.expr_node(pos, ExprKind::Bad)
    }

    /// An identifier expression sharing the ident's id.
    fn ident_expr(id: Ident) -> Expr {
        Expr {
            id: id.id,
            pos: id.pos,
            kind: ExprKind::Ident(id),
        }
    }

    /// Enters one nesting level; false (after reporting once) when too deep.
    fn enter(&mut self) -> bool {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            if !self.too_deep {
                self.too_deep = true;
                let pos = self.pos();
                self.error_at(pos, "syntax error: nesting too deep");
            }
            return false;
        }
        !self.too_deep
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Bounds left-leaning chains (`a.b.c...`, `a+b+c...`) by the same limit: the
    /// tree they build is as deep as nesting would make it.
    fn chain_ok(&mut self, n: u32) -> bool {
        if n + self.depth > MAX_DEPTH || self.too_deep {
            if !self.too_deep {
                self.too_deep = true;
                let pos = self.pos();
                self.error_at(pos, "syntax error: nesting too deep");
            }
            self.skip_deep();
            return false;
        }
        true
    }

    // ---- errors ----

    fn error_at(&mut self, pos: Pos, msg: &str) {
        self.errcnt += 1;
        self.errs.push(Diagnostic {
            pos,
            message: msg.to_string(),
        });
    }

    /// An error gc reports outside its parser proper (directive and branch checks):
    /// it does not count as a parse error for recovery decisions.
    fn other_error(&mut self, pos: Pos, msg: &str) {
        self.errs.push(Diagnostic {
            pos,
            message: msg.to_string(),
        });
    }

    fn error(&mut self, msg: &str) {
        let pos = self.pos();
        self.error_at(pos, msg);
    }

    fn syntax_error(&mut self, msg: &str) {
        let pos = self.pos();
        self.syntax_error_at(pos, msg);
    }

    /// Reports `syntax error: ...`; messages starting with `in `, `at `, `after ` or
    /// `expecting ` are prefixed with "unexpected TOKEN", as gc does.
    fn syntax_error_at(&mut self, pos: Pos, msg: &str) {
        if self.tok() == Tok::Eof && self.errcnt > 0 {
            return; // avoid meaningless follow-up errors
        }
        let suffix = if msg.is_empty() {
            String::new()
        } else if msg.starts_with("in ") || msg.starts_with("at ") || msg.starts_with("after ") {
            format!(" {}", msg)
        } else if msg.starts_with("expecting ") {
            format!(", {}", msg)
        } else {
            self.error_at(pos, &format!("syntax error: {}", msg));
            return;
        };
        let t = &self.lx.tok;
        let tok = match t.tok {
            Tok::Name | Tok::Semi => t.lit.clone(),
            Tok::Literal => format!("literal {}", t.lit),
            Tok::Operator => t.op.as_str().to_string(),
            Tok::AssignOp => format!("{}=", t.op.as_str()),
            Tok::IncOp => format!("{0}{0}", t.op.as_str()),
            other => other.describe().to_string(),
        };
        self.error_at(pos, &format!("syntax error: unexpected {}{}", tok, suffix));
    }

    /// Skips tokens until one in `follow` (or, inside functions, a statement keyword)
    /// is found. With an empty follow list exactly one token is skipped.
    fn advance(&mut self, follow: &[Tok]) {
        let mut set = Tok::Eof.bit();
        if !follow.is_empty() {
            if self.fnest > 0 {
                set |= STOPSET;
            }
            for t in follow {
                set |= t.bit();
            }
        }
        while set & self.tok().bit() == 0 {
            self.next();
            if follow.is_empty() {
                break;
            }
        }
    }

    /// `list = [ f { sep f } [sep] ] close .` Calls `f` for each element until it
    /// returns true; returns the position of the closing token.
    fn list(
        &mut self,
        context: &str,
        sep: Tok,
        close: Tok,
        f: &mut dyn FnMut(&mut Self) -> bool,
    ) -> Pos {
        let mut done = false;
        while self.tok() != Tok::Eof && self.tok() != close && !done {
            done = f(self);
            if !self.got(sep) && self.tok() != close {
                self.syntax_error(&format!(
                    "in {}; possibly missing {} or {}",
                    context,
                    sep.describe(),
                    close.describe()
                ));
                self.advance(&[Tok::Rparen, Tok::Rbrack, Tok::Rbrace]);
                if self.tok() != close {
                    return self.pos();
                }
            }
        }
        let pos = self.pos();
        self.want(close);
        pos
    }

    // ---- names ----

    fn name(&mut self) -> Ident {
        if self.tok() == Tok::Name {
            let id = Ident {
                id: self.new_id(),
                pos: self.pos(),
                name: std::mem::take(&mut self.lx.tok.lit),
            };
            self.next();
            return id;
        }
        let id = Ident {
            id: self.new_id(),
            pos: self.pos(),
            name: "_".into(),
        };
        self.syntax_error("expecting name");
        self.advance(&[]);
        id
    }

    /// `IdentifierList = identifier { "," identifier } .` with the first name given.
    fn name_list(&mut self, first: Ident) -> Vec<Ident> {
        let mut l = vec![first];
        while self.got(Tok::Comma) {
            l.push(self.name());
        }
        l
    }

    fn oliteral(&mut self) -> Option<BasicLit> {
        if self.tok() == Tok::Literal {
            let lit = BasicLit {
                pos: self.pos(),
                kind: self.lx.tok.kind,
                raw: std::mem::take(&mut self.lx.tok.lit),
            };
            self.next();
            return Some(lit);
        }
        None
    }

    // ---- file ----

    /// `SourceFile = PackageClause ";" { ImportDecl ";" } { TopLevelDecl ";" } .`
    pub(crate) fn file(&mut self) -> File {
        let mut f = File {
            name: self.name.clone(),
            package_pos: self.pos(),
            package: Ident {
                id: NodeId(0),
                pos: Pos(0),
                name: String::new(),
            },
            imports: Vec::new(),
            decls: Vec::new(),
            directives: Vec::new(),
            pragmas: Vec::new(),
            line_directives: Vec::new(),
            node_count: 0,
            eof: Pos(0),
            lines: LineTable::default(),
        };
        self.file_body(&mut f);
        if f.package.name.is_empty() {
            // no package clause: give the placeholder name a real id
            f.package.id = self.new_id();
        }
        f.directives = std::mem::take(&mut self.lx.directives);
        f.line_directives = std::mem::take(&mut self.lx.line_directives);
        f.lines = std::mem::take(&mut self.lines);
        f.node_count = self.next_id;
        f.eof = Pos(self.lx.len() as u32);
        f
    }

    fn file_body(&mut self, f: &mut File) {
        // PackageClause
        if !self.got(Tok::Package) {
            self.syntax_error("package statement must be first");
            return;
        }
        // directives before the package clause belong to the file (e.g. //go:build)
        f.pragmas = self.take_pragma();
        f.package = self.name();
        self.want(Tok::Semi);
        // gc does not continue if the package clause has errors
        if self.errcnt > 0 {
            return;
        }
        // { ImportDecl ";" }
        while self.got(Tok::Import) {
            if self.tok() == Tok::Lparen {
                self.clear_pragma();
                self.next();
                self.list("grouped declaration", Tok::Semi, Tok::Rparen, &mut |p| {
                    if let Some(s) = p.import_spec() {
                        f.imports.push(s);
                    }
                    false
                });
            } else if let Some(s) = self.import_spec() {
                f.imports.push(s);
            }
            self.want(Tok::Semi);
        }
        // { TopLevelDecl ";" }
        while self.tok() != Tok::Eof {
            let pos = self.pos();
            match self.tok() {
                Tok::Const => {
                    self.next();
                    let g = self.const_group();
                    f.decls.push(Decl {
                        pos,
                        kind: DeclKind::Const(g),
                    });
                }
                Tok::Type => {
                    self.next();
                    let g = self.group(Self::type_spec);
                    f.decls.push(Decl {
                        pos,
                        kind: DeclKind::Type(g),
                    });
                }
                Tok::Var => {
                    self.next();
                    let g = self.group(Self::var_spec);
                    f.decls.push(Decl {
                        pos,
                        kind: DeclKind::Var(g),
                    });
                }
                Tok::Func => {
                    self.next();
                    if let Some(d) = self.func_decl(pos) {
                        f.decls.push(Decl {
                            pos,
                            kind: DeclKind::Func(Box::new(d)),
                        });
                    }
                }
                _ => {
                    let after_bodyless_func = matches!(
                        f.decls.last(),
                        Some(Decl { kind: DeclKind::Func(fd), .. }) if fd.body.is_none()
                    );
                    if self.tok() == Tok::Lbrace && after_bodyless_func {
                        self.syntax_error("unexpected semicolon or newline before {");
                    } else {
                        self.syntax_error("non-declaration statement outside function body");
                    }
                    self.advance(&[Tok::Const, Tok::Type, Tok::Var, Tok::Func]);
                    continue;
                }
            }
            // clear before consuming ";": directives after it belong to the next decl
            self.clear_pragma();
            if self.tok() != Tok::Eof && !self.got(Tok::Semi) {
                self.syntax_error("after top level declaration");
                self.advance(&[Tok::Const, Tok::Type, Tok::Var, Tok::Func]);
            }
        }
        self.clear_pragma();
    }

    /// `ImportSpec = [ "." | PackageName ] ImportPath .`
    fn import_spec(&mut self) -> Option<ImportSpec> {
        let pos = self.pos();
        let pragmas = self.take_pragma();
        let name = match self.tok() {
            Tok::Name => Some(self.name()),
            Tok::Dot => {
                let id = Ident {
                    id: self.new_id(),
                    pos: self.pos(),
                    name: ".".into(),
                };
                self.next();
                Some(id)
            }
            _ => None,
        };
        let Some(path) = self.oliteral() else {
            self.syntax_error("missing import path");
            self.advance(&[Tok::Semi, Tok::Rparen]);
            return None;
        };
        if path.kind != LitKind::String {
            self.syntax_error("import path must be a string");
        }
        Some(ImportSpec {
            pos,
            name,
            path,
            pragmas,
        })
    }

    /// `Group(f) = f | "(" { f ";" } ")" .`
    fn group<S>(&mut self, f: fn(&mut Self) -> Option<S>) -> Group<S> {
        if self.tok() == Tok::Lparen {
            let lparen = self.pos();
            self.clear_pragma();
            self.next();
            let mut specs = Vec::new();
            let rparen = self.list("grouped declaration", Tok::Semi, Tok::Rparen, &mut |p| {
                if let Some(s) = f(p) {
                    specs.push(s);
                }
                false
            });
            Group {
                lparen: Some(lparen),
                specs,
                rparen: Some(rparen),
            }
        } else {
            let specs = f(self).into_iter().collect();
            Group {
                lparen: None,
                specs,
                rparen: None,
            }
        }
    }

    /// A const group, with each spec's iota and implicit-repetition source filled in.
    fn const_group(&mut self) -> ConstGroup {
        let mut g = self.group(Self::const_spec);
        let mut last: Option<u32> = None;
        for (i, s) in g.specs.iter_mut().enumerate() {
            s.iota = i as u32;
            if s.typ.is_some() || !s.values.is_empty() {
                last = Some(i as u32);
                s.inherit = None;
            } else {
                s.inherit = last;
            }
        }
        g
    }

    /// `ConstSpec = IdentifierList [ [ Type ] "=" ExpressionList ] .`
    fn const_spec(&mut self) -> Option<ConstSpec> {
        let pos = self.pos();
        let pragmas = self.take_pragma();
        let first = self.name();
        let names = self.name_list(first);
        let mut typ = None;
        let mut values = Vec::new();
        if !matches!(self.tok(), Tok::Eof | Tok::Semi | Tok::Rparen) {
            typ = self.type_or_nil();
            if self.got_assign() {
                values = self.expr_list();
            }
        }
        Some(ConstSpec {
            pos,
            names,
            typ,
            values,
            iota: 0,
            inherit: None,
            pragmas,
        })
    }

    /// `VarSpec = IdentifierList ( Type [ "=" ExpressionList ] | "=" ExpressionList ) .`
    fn var_spec(&mut self) -> Option<VarSpec> {
        let pos = self.pos();
        let pragmas = self.take_pragma();
        let first = self.name();
        let names = self.name_list(first);
        let mut typ = None;
        let mut values = Vec::new();
        if self.got_assign() {
            values = self.expr_list();
        } else {
            typ = Some(self.type_());
            if self.got_assign() {
                values = self.expr_list();
            }
        }
        Some(VarSpec {
            pos,
            names,
            typ,
            values,
            pragmas,
        })
    }

    /// `TypeSpec = identifier [ TypeParams ] [ "=" ] Type .`
    ///
    /// `type A[N] T` (array) and `type G[P C] T` (generic) share a prefix: the bracket
    /// contents are parsed as an expression and then split into name and constraint
    /// when that is the only sensible reading (as gc does).
    fn type_spec(&mut self) -> Option<TypeSpec> {
        let pos = self.pos();
        let pragmas = self.take_pragma();
        let name = self.name();
        let mut tparams = None;
        let mut assign = None;
        let typ;
        if self.tok() == Tok::Lbrack {
            let lbrack = self.pos();
            self.next();
            match self.tok() {
                Tok::Name => {
                    let n = self.name();
                    let mut x = Self::ident_expr(n);
                    if self.tok() != Tok::Lbrack {
                        self.xnest += 1;
                        let px = self.pexpr(Some(x));
                        x = self.binary_expr(Some(px), 0);
                        self.xnest -= 1;
                    }
                    let force = self.tok() == Tok::Comma;
                    match self.extract_name(x, force) {
                        Ok((pname, ptype)) if ptype.is_some() || self.tok() != Tok::Rbrack => {
                            let list =
                                self.param_list(lbrack, Some(pname), ptype, Tok::Rbrack, true);
                            tparams = Some(list);
                            if self.tok() == Tok::Assign || self.tok() == Tok::Define {
                                assign = Some(self.pos());
                            }
                            self.got_assign();
                            typ = self.type_or_nil();
                        }
                        Ok((pname, _)) => {
                            let x = Self::ident_expr(pname);
                            typ = Some(self.array_type(lbrack, Some(x)));
                        }
                        Err(x) => {
                            typ = Some(self.array_type(lbrack, Some(x)));
                        }
                    }
                }
                Tok::Rbrack => {
                    self.next();
                    let elem = self.type_();
                    typ = Some(self.expr_node(lbrack, ExprKind::SliceType(Box::new(elem))));
                }
                _ => {
                    typ = Some(self.array_type(lbrack, None));
                }
            }
        } else {
            if self.tok() == Tok::Assign || self.tok() == Tok::Define {
                assign = Some(self.pos());
            }
            self.got_assign();
            typ = self.type_or_nil();
        }
        let typ = match typ {
            Some(t) => t,
            None => {
                let b = self.bad_expr();
                self.syntax_error("in type declaration");
                self.advance(&[Tok::Semi, Tok::Rparen]);
                b
            }
        };
        Some(TypeSpec {
            pos,
            name,
            tparams,
            assign,
            typ,
            pragmas,
        })
    }

    /// Splits `x` into a type parameter name and its constraint if `x` can be read as
    /// `name constraint` (see gc's extractName); `Err(x)` gives `x` back otherwise.
    fn extract_name(&mut self, x: Expr, force: bool) -> Result<(Ident, Option<Expr>), Expr> {
        match x.kind {
            ExprKind::Ident(id) => Ok((id, None)),
            ExprKind::Binary {
                op: BinaryOp::Mul,
                op_pos,
                x: lhs,
                y,
            } => {
                if matches!(lhs.kind, ExprKind::Ident(_)) && (force || is_type_elem(&y)) {
                    let ExprKind::Ident(name) = lhs.kind else {
                        unreachable!()
                    };
                    // name *y  →  name, *y
                    let star = Expr {
                        id: x.id,
                        pos: op_pos,
                        kind: ExprKind::Star(y),
                    };
                    return Ok((name, Some(star)));
                }
                Err(Expr {
                    id: x.id,
                    pos: x.pos,
                    kind: ExprKind::Binary {
                        op: BinaryOp::Mul,
                        op_pos,
                        x: lhs,
                        y,
                    },
                })
            }
            ExprKind::Binary {
                op: BinaryOp::Or,
                op_pos,
                x: lhs,
                y,
            } => {
                let f = force || is_type_elem(&y);
                match self.extract_name(*lhs, f) {
                    Ok((name, Some(l))) => {
                        let pos = l.pos;
                        let e = Expr {
                            id: x.id,
                            pos,
                            kind: ExprKind::Binary {
                                op: BinaryOp::Or,
                                op_pos,
                                x: Box::new(l),
                                y,
                            },
                        };
                        Ok((name, Some(e)))
                    }
                    Ok((name, None)) => {
                        let l = Self::ident_expr(name);
                        Err(Expr {
                            id: x.id,
                            pos: x.pos,
                            kind: ExprKind::Binary {
                                op: BinaryOp::Or,
                                op_pos,
                                x: Box::new(l),
                                y,
                            },
                        })
                    }
                    Err(l) => Err(Expr {
                        id: x.id,
                        pos: x.pos,
                        kind: ExprKind::Binary {
                            op: BinaryOp::Or,
                            op_pos,
                            x: Box::new(l),
                            y,
                        },
                    }),
                }
            }
            ExprKind::Call {
                fun,
                lparen,
                mut args,
                ellipsis,
                rparen,
            } => {
                if matches!(fun.kind, ExprKind::Ident(_))
                    && args.len() == 1
                    && ellipsis.is_none()
                    && (force || is_type_elem(&args[0]))
                {
                    let ExprKind::Ident(name) = fun.kind else {
                        unreachable!()
                    };
                    // name(T) → name, T (keep the parentheses: it is what was written)
                    let a = args.pop().unwrap();
                    let paren = Expr {
                        id: x.id,
                        pos: lparen,
                        kind: ExprKind::Paren(Box::new(a)),
                    };
                    return Ok((name, Some(paren)));
                }
                Err(Expr {
                    id: x.id,
                    pos: x.pos,
                    kind: ExprKind::Call {
                        fun,
                        lparen,
                        args,
                        ellipsis,
                        rparen,
                    },
                })
            }
            kind => Err(Expr {
                id: x.id,
                pos: x.pos,
                kind,
            }),
        }
    }

    /// `FunctionDecl = "func" FunctionName [ TypeParams ] ( Function | Signature ) .`
    /// `MethodDecl   = "func" Receiver MethodName ( Function | Signature ) .`
    fn func_decl(&mut self, pos: Pos) -> Option<FuncDecl> {
        let pragmas = self.take_pragma();
        let mut recv = None;
        if self.tok() == Tok::Lparen {
            let open = self.pos();
            self.next();
            let list = self.param_list(open, None, None, Tok::Rparen, false);
            let n: usize = list.list.iter().map(|f| f.names.len().max(1)).sum();
            match n {
                // gc then treats the declaration as a plain function
                0 => self.error("method has no receiver"),
                1 => recv = Some(list),
                _ => {
                    self.error("method has multiple receivers");
                    recv = Some(list);
                }
            }
        }
        if self.tok() != Tok::Name {
            self.syntax_error("expecting name or (");
            self.advance(&[Tok::Lbrace, Tok::Semi]);
            return None;
        }
        let name = self.name();
        let context = if recv.is_some() { "method" } else { "" };
        let (tparams, mut typ) = self.func_type(context, pos);
        typ.pos = pos;
        let body = if self.tok() == Tok::Lbrace {
            Some(self.func_body())
        } else {
            None
        };
        Some(FuncDecl {
            pos,
            recv,
            name,
            tparams,
            typ,
            body,
            pragmas,
        })
    }

    /// A function (or function literal) body; its labels and branches are checked
    /// when it has no syntax errors, as gc does.
    fn func_body(&mut self) -> Block {
        self.fnest += 1;
        let errs = self.errcnt;
        let b = self.block_stmt("");
        self.fnest -= 1;
        if self.errcnt == errs && !self.too_deep {
            let (name, lines, dirs) = (&self.name, &self.lines, &self.lx.line_directives);
            let fmt = |p: Pos| position_in(name, lines, dirs, p).to_string();
            let mut more = crate::branches::check_branches(&b, &fmt);
            self.errs.append(&mut more);
        }
        b
    }
}

/// Directives gc turns into function/type flags (and so reports when misplaced).
fn is_flag_pragma(verb: &str) -> bool {
    matches!(
        verb,
        "go:build"
            | "go:noescape"
            | "go:norace"
            | "go:nosplit"
            | "go:noinline"
            | "go:nocheckptr"
            | "go:systemstack"
            | "go:nowritebarrier"
            | "go:nowritebarrierrec"
            | "go:yeswritebarrierrec"
            | "go:cgo_unsafe_args"
            | "go:uintptrkeepalive"
            | "go:uintptrescapes"
            | "go:registerparams"
            | "go:notinheap"
    )
}

/// Whether `x` is syntactically a type element (gc's isTypeElem): a type literal, a
/// `~` term, or an operation/parenthesized expression containing one.
fn is_type_elem(x: &Expr) -> bool {
    match &x.kind {
        ExprKind::ArrayType { .. }
        | ExprKind::StructType(_)
        | ExprKind::FuncType(_)
        | ExprKind::InterfaceType(_)
        | ExprKind::SliceType(_)
        | ExprKind::MapType { .. }
        | ExprKind::ChanType { .. } => true,
        ExprKind::Binary { x, y, .. } => is_type_elem(x) || is_type_elem(y),
        ExprKind::Unary {
            op: UnaryOp::Tilde, ..
        } => true,
        ExprKind::Unary { x, .. } => is_type_elem(x),
        ExprKind::Star(x) => is_type_elem(x),
        ExprKind::Paren(x) => is_type_elem(x),
        _ => false,
    }
}
