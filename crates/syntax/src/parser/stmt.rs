//! Parsing of statements, blocks and the headers of `if`, `for` and `switch`.

use super::Parser;
use super::expr::gc_pos;
use crate::ast::*;
use crate::gostr::{expr_list_string, stmt_string};
use crate::token::{Op, Tok};

/// What `simple_stmt` found: a statement, a `range` clause (only after `for`), or a
/// type switch guard `x := y.(type)` (only after `switch`).
enum Simple {
    Stmt(Stmt),
    Range {
        lhs: Vec<Expr>,
        op: Option<AssignOp>,
        x: Expr,
    },
    Guard {
        bind: Ident,
        x: Expr,
        pos: Pos,
    },
}

/// The condition part of a statement header.
enum Cond {
    Expr(Expr),
    Guard { bind: Ident, x: Expr },
}

struct Header {
    init: Option<Simple>,
    cond: Option<Cond>,
    post: Option<Stmt>,
}

impl<'a> Parser<'a> {
    fn simple_to_stmt(&mut self, s: Simple) -> Stmt {
        match s {
            Simple::Stmt(s) => s,
            // not reachable from valid callers; keep the tree well-formed anyway
            Simple::Range { x, .. } => Stmt {
                pos: x.pos,
                kind: StmtKind::Expr(x),
            },
            Simple::Guard { bind, x, pos } => {
                let start = bind.pos;
                let lparen = x.pos;
                let ta = self.expr_node(
                    x.pos,
                    ExprKind::TypeAssert {
                        x: Box::new(x),
                        lparen,
                        typ: None,
                    },
                );
                Stmt {
                    pos: start,
                    kind: StmtKind::Assign {
                        lhs: vec![Self::ident_expr(bind)],
                        op: AssignOp::Define,
                        op_pos: pos,
                        rhs: vec![ta],
                    },
                }
            }
        }
    }

    /// `SimpleStmt = EmptyStmt | ExpressionStmt | SendStmt | IncDecStmt | Assignment |
    ///   ShortVarDecl .` — `lhs` is an already parsed expression list; `keyword` is
    /// the statement whose header this is (`for` permits `range`, `switch` guards).
    fn simple_stmt(&mut self, lhs: Option<Vec<Expr>>, keyword: Option<Tok>) -> Simple {
        if keyword == Some(Tok::For) && self.tok() == Tok::Range {
            return self.range_clause(Vec::new(), None);
        }
        let mut lhs = match lhs {
            Some(l) => l,
            None => self.expr_list(),
        };
        if lhs.len() == 1 && self.tok() != Tok::Assign && self.tok() != Tok::Define {
            let pos = self.pos();
            let x = lhs.pop().unwrap();
            let start = x.pos;
            let kind = match self.tok() {
                Tok::AssignOp => {
                    let op = self.op().binary().unwrap_or(BinaryOp::Add);
                    self.next();
                    let rhs = self.expr();
                    StmtKind::Assign {
                        lhs: vec![x],
                        op: AssignOp::Op(op),
                        op_pos: pos,
                        rhs: vec![rhs],
                    }
                }
                Tok::IncOp => {
                    let inc = self.op() == Op::Add;
                    self.next();
                    StmtKind::IncDec {
                        x,
                        inc,
                        op_pos: pos,
                    }
                }
                Tok::Arrow => {
                    self.next();
                    let value = self.expr();
                    StmtKind::Send {
                        ch: x,
                        arrow: pos,
                        value,
                    }
                }
                _ => StmtKind::Expr(x),
            };
            return Simple::Stmt(Stmt { pos: start, kind });
        }
        match self.tok() {
            Tok::Assign | Tok::Define => {
                let pos = self.pos();
                let op = if self.tok() == Tok::Define {
                    AssignOp::Define
                } else {
                    AssignOp::Assign
                };
                self.next();
                if keyword == Some(Tok::For) && self.tok() == Tok::Range {
                    return self.range_clause(lhs, Some(op));
                }
                let mut rhs = self.expr_list();
                if keyword == Some(Tok::Switch)
                    && op == AssignOp::Define
                    && rhs.len() == 1
                    && lhs.len() == 1
                    && matches!(rhs[0].kind, ExprKind::TypeAssert { typ: None, .. })
                    && matches!(lhs[0].kind, ExprKind::Ident(_))
                {
                    let ExprKind::Ident(bind) = lhs.pop().unwrap().kind else {
                        unreachable!()
                    };
                    let ExprKind::TypeAssert { x, .. } = rhs.pop().unwrap().kind else {
                        unreachable!()
                    };
                    return Simple::Guard { bind, x: *x, pos };
                }
                let start = lhs[0].pos;
                Simple::Stmt(Stmt {
                    pos: start,
                    kind: StmtKind::Assign {
                        lhs,
                        op,
                        op_pos: pos,
                        rhs,
                    },
                })
            }
            _ => {
                self.syntax_error("expecting := or = or comma");
                self.advance(&[Tok::Semi, Tok::Rbrace]);
                let x = lhs.swap_remove(0);
                Simple::Stmt(Stmt {
                    pos: x.pos,
                    kind: StmtKind::Expr(x),
                })
            }
        }
    }

    /// `RangeClause = [ ExpressionList "=" | IdentifierList ":=" ] "range" Expression .`
    fn range_clause(&mut self, lhs: Vec<Expr>, op: Option<AssignOp>) -> Simple {
        self.next(); // range
        let x = self.expr();
        if lhs.len() > 2 {
            let p = lhs[2].pos;
            self.error_at(p, "range clause permits at most two iteration variables");
        }
        Simple::Range { lhs, op, x }
    }

    /// `Block = "{" StatementList "}" .` (`context` names the statement, for errors)
    pub(super) fn block_stmt(&mut self, context: &str) -> Block {
        let lbrace = self.pos();
        if !self.got(Tok::Lbrace) {
            self.syntax_error(&format!("expecting {{ after {}", context));
            self.advance(&[Tok::Name, Tok::Rbrace]);
            let rbrace = self.pos();
            if self.got(Tok::Rbrace) {
                return Block {
                    lbrace,
                    stmts: Vec::new(),
                    rbrace,
                };
            }
        }
        let stmts = self.stmt_list();
        let rbrace = self.pos();
        self.want(Tok::Rbrace);
        Block {
            lbrace,
            stmts,
            rbrace,
        }
    }

    /// `StatementList = { Statement ";" } .`
    fn stmt_list(&mut self) -> Vec<Stmt> {
        let mut l = Vec::new();
        while !matches!(
            self.tok(),
            Tok::Eof | Tok::Rbrace | Tok::Case | Tok::Default
        ) {
            let s = self.stmt_or_nil();
            self.clear_pragma();
            let Some(s) = s else { break };
            l.push(s);
            // ";" is optional before "}"
            if !self.got(Tok::Semi) && self.tok() != Tok::Rbrace {
                self.syntax_error("at end of statement");
                self.advance(&[Tok::Semi, Tok::Rbrace, Tok::Case, Tok::Default]);
                self.got(Tok::Semi);
            }
        }
        l
    }

    /// `Statement = Declaration | LabeledStmt | SimpleStmt | GoStmt | ReturnStmt |
    ///   BreakStmt | ContinueStmt | GotoStmt | FallthroughStmt | Block | IfStmt |
    ///   SwitchStmt | SelectStmt | ForStmt | DeferStmt .` — `None` if none starts here.
    fn stmt_or_nil(&mut self) -> Option<Stmt> {
        if !self.enter() {
            self.leave();
            self.skip_deep();
            return None;
        }
        let s = self.stmt_or_nil_inner();
        self.leave();
        if self.too_deep {
            drop(s);
            return None;
        }
        s
    }

    fn stmt_or_nil_inner(&mut self) -> Option<Stmt> {
        let pos = self.pos();
        // most statements start with a name: look for that first
        if self.tok() == Tok::Name {
            self.clear_pragma();
            let mut lhs = self.expr_list();
            if lhs.len() == 1
                && matches!(lhs[0].kind, ExprKind::Ident(_))
                && self.tok() == Tok::Colon
            {
                let ExprKind::Ident(label) = lhs.pop().unwrap().kind else {
                    unreachable!()
                };
                return self.labeled_stmt(label);
            }
            let s = self.simple_stmt(Some(lhs), None);
            return Some(self.simple_to_stmt(s));
        }
        if !matches!(self.tok(), Tok::Var | Tok::Const | Tok::Type) {
            self.clear_pragma();
        }
        let kind = match self.tok() {
            Tok::Var | Tok::Const | Tok::Type => {
                let t = self.tok();
                self.next();
                let kind = match t {
                    Tok::Var => DeclKind::Var(self.group(Self::var_spec)),
                    Tok::Const => DeclKind::Const(self.const_group()),
                    _ => DeclKind::Type(self.group(Self::type_spec)),
                };
                StmtKind::Decl(Decl { pos, kind })
            }
            Tok::Lbrace => StmtKind::Block(self.block_stmt("")),
            Tok::Operator | Tok::Star => match self.op() {
                Op::Add | Op::Sub | Op::Mul | Op::And | Op::Xor | Op::Not => {
                    let s = self.simple_stmt(None, None);
                    return Some(self.simple_to_stmt(s));
                }
                _ => return None,
            },
            Tok::Literal
            | Tok::Func
            | Tok::Lparen
            | Tok::Lbrack
            | Tok::Struct
            | Tok::Map
            | Tok::Chan
            | Tok::Interface
            | Tok::Arrow => {
                let s = self.simple_stmt(None, None);
                return Some(self.simple_to_stmt(s));
            }
            Tok::For => return Some(self.for_stmt()),
            Tok::Switch => return Some(self.switch_stmt()),
            Tok::Select => return Some(self.select_stmt()),
            Tok::If => return Some(self.if_stmt()),
            Tok::Fallthrough => {
                self.next();
                StmtKind::Branch {
                    kind: BranchKind::Fallthrough,
                    label: None,
                }
            }
            Tok::Break | Tok::Continue => {
                let kind = if self.tok() == Tok::Break {
                    BranchKind::Break
                } else {
                    BranchKind::Continue
                };
                self.next();
                let label = if self.tok() == Tok::Name {
                    Some(self.name())
                } else {
                    None
                };
                StmtKind::Branch { kind, label }
            }
            Tok::Go | Tok::Defer => return Some(self.call_stmt()),
            Tok::Goto => {
                self.next();
                let label = Some(self.name());
                StmtKind::Branch {
                    kind: BranchKind::Goto,
                    label,
                }
            }
            Tok::Return => {
                self.next();
                let results = if self.tok() != Tok::Semi && self.tok() != Tok::Rbrace {
                    self.expr_list()
                } else {
                    Vec::new()
                };
                StmtKind::Return(results)
            }
            Tok::Semi => StmtKind::Empty,
            _ => return None,
        };
        Some(Stmt { pos, kind })
    }

    /// `LabeledStmt = Label ":" Statement .` after the label.
    fn labeled_stmt(&mut self, label: Ident) -> Option<Stmt> {
        let colon = self.pos();
        self.want(Tok::Colon);
        let pos = label.pos;
        if self.tok() == Tok::Rbrace {
            // a statement must follow; before "}" that is an empty statement
            let epos = self.pos();
            let stmt = Box::new(Stmt {
                pos: epos,
                kind: StmtKind::Empty,
            });
            return Some(Stmt {
                pos,
                kind: StmtKind::Labeled { label, stmt },
            });
        }
        match self.stmt_or_nil() {
            Some(s) => Some(Stmt {
                pos,
                kind: StmtKind::Labeled {
                    label,
                    stmt: Box::new(s),
                },
            }),
            None => {
                self.syntax_error_at(colon, "missing statement after label");
                None
            }
        }
    }

    /// `GoStmt = "go" Expression .` / `DeferStmt = "defer" Expression .`
    fn call_stmt(&mut self) -> Stmt {
        let pos = self.pos();
        let is_go = self.tok() == Tok::Go;
        let word = if is_go { "go" } else { "defer" };
        self.next();
        // parentheses are always kept in the tree, so `go (f())` is detectable
        let mut x = self.pexpr(None);
        if let ExprKind::Paren(_) = x.kind {
            self.error_at(
                x.pos,
                &format!("expression in {} must not be parenthesized", word),
            );
            while let ExprKind::Paren(inner) = x.kind {
                x = *inner;
            }
        }
        if !matches!(x.kind, ExprKind::Call { .. }) {
            let p = gc_pos(&x);
            self.error_at(p, &format!("expression in {} must be function call", word));
        }
        let kind = if is_go {
            StmtKind::Go(x)
        } else {
            StmtKind::Defer(x)
        };
        Stmt { pos, kind }
    }

    /// The header of `if`, `for` or `switch` (the keyword is the current token):
    /// `[ SimpleStmt ";" ] Expression` / for clauses / range clause / type switch guard.
    /// `T{` is not a composite literal here (xnest = -1) unless parenthesized.
    fn header(&mut self, keyword: Tok) -> Header {
        self.want(keyword);
        let mut h = Header {
            init: None,
            cond: None,
            post: None,
        };
        if self.tok() == Tok::Lbrace {
            if keyword == Tok::If {
                self.syntax_error("missing condition in if statement");
                h.cond = Some(Cond::Expr(self.bad_expr()));
            }
            return h;
        }
        let outer = self.xnest;
        self.xnest = -1;
        if self.tok() != Tok::Semi {
            // accept a var declaration but complain
            if self.got(Tok::Var) {
                self.syntax_error(&format!(
                    "var declaration not allowed in {} initializer",
                    keyword.describe()
                ));
            }
            let init = self.simple_stmt(None, Some(keyword));
            if matches!(init, Simple::Range { .. }) {
                h.init = Some(init);
                self.xnest = outer;
                return h;
            }
            h.init = Some(init);
        }
        let mut cond_stmt: Option<Simple> = None;
        let mut semi: Option<(Pos, String)> = None;
        if self.tok() != Tok::Lbrace {
            if self.tok() == Tok::Semi {
                semi = Some((self.pos(), self.lx.tok.lit.clone()));
                self.next();
            } else {
                // asking for "{" rather than ";" gives a better message
                self.want(Tok::Lbrace);
                if self.tok() != Tok::Lbrace {
                    self.advance(&[Tok::Lbrace, Tok::Rbrace]);
                }
            }
            if keyword == Tok::For {
                let mut missing_cond = false;
                if self.tok() != Tok::Semi {
                    if self.tok() == Tok::Lbrace {
                        self.syntax_error("expecting for loop condition");
                        missing_cond = true;
                    } else {
                        cond_stmt = Some(self.simple_stmt(None, None));
                    }
                }
                if !missing_cond {
                    self.want(Tok::Semi);
                    if self.tok() != Tok::Lbrace {
                        let post = self.simple_stmt(None, None);
                        let post = self.simple_to_stmt(post);
                        if let StmtKind::Assign {
                            op: AssignOp::Define,
                            op_pos,
                            ..
                        } = &post.kind
                        {
                            let p = *op_pos;
                            self.syntax_error_at(p, "cannot declare in post statement of for loop");
                        }
                        h.post = Some(post);
                    }
                }
            } else if self.tok() != Tok::Lbrace {
                cond_stmt = Some(self.simple_stmt(None, Some(keyword)));
            }
        } else {
            cond_stmt = h.init.take();
        }
        match cond_stmt {
            None => {
                if keyword == Tok::If
                    && let Some((spos, lit)) = semi
                {
                    if lit != "semicolon" {
                        self.syntax_error_at(
                            spos,
                            &format!("unexpected {}, expecting {{ after if clause", lit),
                        );
                    } else {
                        self.syntax_error_at(spos, "missing condition in if statement");
                    }
                    h.cond = Some(Cond::Expr(self.expr_node(spos, ExprKind::Bad)));
                }
            }
            Some(Simple::Stmt(Stmt {
                kind: StmtKind::Expr(x),
                ..
            })) => h.cond = Some(Cond::Expr(x)),
            Some(Simple::Guard { bind, x, .. }) => h.cond = Some(Cond::Guard { bind, x }),
            Some(other) => {
                let s = self.simple_to_stmt(other);
                let (p, text) = match &s.kind {
                    StmtKind::Assign {
                        lhs,
                        op: AssignOp::Assign,
                        op_pos,
                        rhs,
                    } => (
                        *op_pos,
                        format!(
                            "assignment ({}) = ({})",
                            expr_list_string(lhs),
                            expr_list_string(rhs)
                        ),
                    ),
                    StmtKind::Assign { op_pos, .. } | StmtKind::IncDec { op_pos, .. } => {
                        (*op_pos, stmt_string(&s))
                    }
                    StmtKind::Send { arrow, .. } => (*arrow, stmt_string(&s)),
                    _ => (s.pos, stmt_string(&s)),
                };
                self.syntax_error_at(p, &format!("cannot use {} as value", text));
                h.cond = Some(Cond::Expr(self.expr_node(p, ExprKind::Bad)));
            }
        }
        self.xnest = outer;
        h
    }

    fn init_stmt(&mut self, s: Option<Simple>) -> Option<Box<Stmt>> {
        s.map(|s| Box::new(self.simple_to_stmt(s)))
    }

    /// `ForStmt = "for" [ Condition | ForClause | RangeClause ] Block .`
    fn for_stmt(&mut self) -> Stmt {
        let pos = self.pos();
        let h = self.header(Tok::For);
        if let Some(Simple::Range { .. }) = &h.init {
            let Some(Simple::Range { lhs, op, x }) = h.init else {
                unreachable!()
            };
            let body = self.block_stmt("for clause");
            let mut it = lhs.into_iter();
            let key = it.next();
            let value = it.next();
            return Stmt {
                pos,
                kind: StmtKind::Range {
                    key,
                    value,
                    op,
                    x,
                    body,
                },
            };
        }
        let init = self.init_stmt(h.init);
        let cond = match h.cond {
            Some(Cond::Expr(x)) => Some(x),
            // only `switch` headers produce guards
            Some(Cond::Guard { x, .. }) => Some(x),
            None => None,
        };
        let post = h.post.map(Box::new);
        let body = self.block_stmt("for clause");
        Stmt {
            pos,
            kind: StmtKind::For {
                init,
                cond,
                post,
                body,
            },
        }
    }

    /// `IfStmt = "if" [ SimpleStmt ";" ] Expression Block [ "else" ( IfStmt | Block ) ] .`
    fn if_stmt(&mut self) -> Stmt {
        if !self.enter() {
            self.leave();
            self.skip_deep();
            return Stmt {
                pos: self.pos(),
                kind: StmtKind::Bad,
            };
        }
        let pos = self.pos();
        let h = self.header(Tok::If);
        let init = self.init_stmt(h.init);
        let cond = match h.cond {
            Some(Cond::Expr(x)) => x,
            Some(Cond::Guard { x, .. }) => x,
            None => self.expr_node(pos, ExprKind::Bad),
        };
        let then = self.block_stmt("if clause");
        let mut els = None;
        if self.got(Tok::Else) {
            match self.tok() {
                Tok::If => els = Some(Box::new(self.if_stmt())),
                Tok::Lbrace => {
                    let bpos = self.pos();
                    let b = self.block_stmt("");
                    els = Some(Box::new(Stmt {
                        pos: bpos,
                        kind: StmtKind::Block(b),
                    }));
                }
                _ => {
                    self.syntax_error("else must be followed by if or statement block");
                    self.advance(&[Tok::Name, Tok::Rbrace]);
                }
            }
        }
        self.leave();
        if self.too_deep {
            drop((init, cond, then, els));
            return Stmt {
                pos,
                kind: StmtKind::Bad,
            };
        }
        Stmt {
            pos,
            kind: StmtKind::If {
                init,
                cond,
                then,
                els,
            },
        }
    }

    /// `SwitchStmt = ExprSwitchStmt | TypeSwitchStmt .`
    fn switch_stmt(&mut self) -> Stmt {
        let pos = self.pos();
        let h = self.header(Tok::Switch);
        let init = self.init_stmt(h.init);
        let lbrace = self.pos();
        if !self.got(Tok::Lbrace) {
            self.syntax_error("missing { after switch clause");
            self.advance(&[Tok::Case, Tok::Default, Tok::Rbrace]);
        }
        let mut clauses = Vec::new();
        while self.tok() != Tok::Eof && self.tok() != Tok::Rbrace {
            clauses.push(self.case_clause());
        }
        let rbrace = self.pos();
        self.want(Tok::Rbrace);
        let kind = match h.cond {
            Some(Cond::Guard { bind, x }) => StmtKind::TypeSwitch {
                init,
                bind: Some(bind),
                x,
                lbrace,
                clauses,
                rbrace,
            },
            Some(Cond::Expr(Expr {
                kind: ExprKind::TypeAssert { x, typ: None, .. },
                ..
            })) => StmtKind::TypeSwitch {
                init,
                bind: None,
                x: *x,
                lbrace,
                clauses,
                rbrace,
            },
            Some(Cond::Expr(tag)) => StmtKind::Switch {
                init,
                tag: Some(tag),
                lbrace,
                clauses,
                rbrace,
            },
            None => StmtKind::Switch {
                init,
                tag: None,
                lbrace,
                clauses,
                rbrace,
            },
        };
        Stmt { pos, kind }
    }

    /// `ExprCaseClause = ExprSwitchCase ":" StatementList .`
    fn case_clause(&mut self) -> CaseClause {
        let id = self.new_id();
        let pos = self.pos();
        let mut list = Vec::new();
        let mut is_default = false;
        match self.tok() {
            Tok::Case => {
                self.next();
                list = self.expr_list();
            }
            Tok::Default => {
                self.next();
                is_default = true;
            }
            _ => {
                self.syntax_error("expecting case or default or }");
                self.advance(&[Tok::Colon, Tok::Case, Tok::Default, Tok::Rbrace]);
            }
        }
        let colon = self.pos();
        self.want(Tok::Colon);
        let body = self.stmt_list();
        CaseClause {
            id,
            pos,
            list,
            is_default,
            colon,
            body,
        }
    }

    /// `SelectStmt = "select" "{" { CommClause } "}" .`
    fn select_stmt(&mut self) -> Stmt {
        let pos = self.pos();
        self.want(Tok::Select);
        let lbrace = self.pos();
        if !self.got(Tok::Lbrace) {
            self.syntax_error("missing { after select clause");
            self.advance(&[Tok::Case, Tok::Default, Tok::Rbrace]);
        }
        let mut clauses = Vec::new();
        while self.tok() != Tok::Eof && self.tok() != Tok::Rbrace {
            clauses.push(self.comm_clause());
        }
        let rbrace = self.pos();
        self.want(Tok::Rbrace);
        Stmt {
            pos,
            kind: StmtKind::Select {
                lbrace,
                clauses,
                rbrace,
            },
        }
    }

    /// `CommClause = CommCase ":" StatementList .` (`case` SendStmt | RecvStmt, or
    /// `default`; other simple statements are left to the checker).
    fn comm_clause(&mut self) -> CommClause {
        let pos = self.pos();
        let mut comm = None;
        match self.tok() {
            Tok::Case => {
                self.next();
                let s = self.simple_stmt(None, None);
                comm = Some(Box::new(self.simple_to_stmt(s)));
            }
            Tok::Default => {
                self.next();
            }
            _ => {
                self.syntax_error("expecting case or default or }");
                self.advance(&[Tok::Colon, Tok::Case, Tok::Default, Tok::Rbrace]);
            }
        }
        let colon = self.pos();
        self.want(Tok::Colon);
        let body = self.stmt_list();
        CommClause {
            pos,
            comm,
            colon,
            body,
        }
    }
}
