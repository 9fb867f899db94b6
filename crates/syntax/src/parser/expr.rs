//! Parsing of expressions (operands, primary expressions, unary and binary
//! operations, composite literals, calls).

use super::Parser;
use crate::ast::*;
use crate::gostr::expr_string;
use crate::token::{Op, Tok};

impl<'a> Parser<'a> {
    /// `Expression = UnaryExpr | Expression binary_op Expression .`
    pub(super) fn expr(&mut self) -> Expr {
        self.binary_expr(None, 0)
    }

    /// `ExpressionList = Expression { "," Expression } .`
    pub(super) fn expr_list(&mut self) -> Vec<Expr> {
        let mut l = vec![self.expr()];
        while self.got(Tok::Comma) {
            l.push(self.expr());
        }
        l
    }

    /// Binary operations binding tighter than `prec`, by precedence climbing; `x` is an
    /// already parsed left operand.
    pub(super) fn binary_expr(&mut self, x: Option<Expr>, prec: u8) -> Expr {
        let mut x = match x {
            Some(x) => x,
            None => self.unary_expr(),
        };
        let mut chain = 0u32;
        while matches!(self.tok(), Tok::Operator | Tok::Star) && self.lx.tok.prec > prec {
            // a long operator chain builds a deep (left-leaning) tree: bound it too
            chain += 1;
            if !self.chain_ok(chain) {
                return self.bad_expr();
            }
            let op_pos = self.pos();
            let op = self.op().binary().unwrap_or(BinaryOp::Add);
            let tprec = self.lx.tok.prec;
            self.next();
            let y = self.binary_expr(None, tprec);
            let pos = x.pos;
            x = self.expr_node(
                pos,
                ExprKind::Binary {
                    op,
                    op_pos,
                    x: Box::new(x),
                    y: Box::new(y),
                },
            );
        }
        x
    }

    /// `UnaryExpr = PrimaryExpr | unary_op UnaryExpr .`
    pub(super) fn unary_expr(&mut self) -> Expr {
        if !self.enter() {
            self.leave();
            self.skip_deep();
            return self.bad_expr();
        }
        let x = self.unary_expr_inner();
        self.leave();
        if self.too_deep {
            // drop the subtree here, on the parser's big stack, and keep the tree shallow
            drop(x);
            return self.bad_expr();
        }
        x
    }

    fn unary_expr_inner(&mut self) -> Expr {
        let pos = self.pos();
        match self.tok() {
            Tok::Operator | Tok::Star => {
                let op = match self.op() {
                    Op::Mul => None,
                    Op::Add => Some(UnaryOp::Pos),
                    Op::Sub => Some(UnaryOp::Neg),
                    Op::Not => Some(UnaryOp::Not),
                    Op::Xor => Some(UnaryOp::Xor),
                    Op::Tilde => Some(UnaryOp::Tilde),
                    Op::And => Some(UnaryOp::Addr),
                    _ => return self.pexpr(None),
                };
                self.next();
                let x = self.unary_expr();
                let kind = match op {
                    None => ExprKind::Star(Box::new(x)),
                    Some(op) => ExprKind::Unary { op, x: Box::new(x) },
                };
                self.expr_node(pos, kind)
            }
            Tok::Arrow => {
                // receive `<-x`, or a receive-only channel type `<-chan E`: only the
                // operand tells which.
                self.next();
                let mut x = self.unary_expr();
                if matches!(x.kind, ExprKind::ChanType { .. }) {
                    // re-associate: <-(chan E) => (<-chan E), <-(chan<- E) => (<-chan (<-E))
                    let mut err: Option<String> = None;
                    reassociate_recv(&mut x, &mut err);
                    if let Some(e) = err {
                        self.syntax_error(&e);
                    }
                    x.pos = pos;
                    return x;
                }
                self.expr_node(
                    pos,
                    ExprKind::Unary {
                        op: UnaryOp::Recv,
                        x: Box::new(x),
                    },
                )
            }
            _ => self.pexpr(None),
        }
    }

    /// `Operand = Literal | OperandName [ TypeArgs ] | "(" Expression ")" .`
    /// `Literal = BasicLit | CompositeLit | FunctionLit .`
    fn operand(&mut self) -> Expr {
        let pos = self.pos();
        match self.tok() {
            Tok::Name => {
                let n = self.name();
                Self::ident_expr(n)
            }
            Tok::Literal => {
                let lit = self.oliteral().unwrap();
                self.expr_node(pos, ExprKind::BasicLit(lit))
            }
            Tok::Lparen => {
                self.next();
                self.xnest += 1;
                let x = self.expr();
                self.xnest -= 1;
                self.want(Tok::Rparen);
                self.expr_node(pos, ExprKind::Paren(Box::new(x)))
            }
            Tok::Func => {
                self.next();
                let (_, typ) = self.func_type("function type", pos);
                if self.tok() == Tok::Lbrace {
                    self.xnest += 1;
                    let body = self.func_body();
                    self.xnest -= 1;
                    return self.expr_node(pos, ExprKind::FuncLit { typ, body });
                }
                self.expr_node(pos, ExprKind::FuncType(typ))
            }
            Tok::Lbrack | Tok::Chan | Tok::Map | Tok::Struct | Tok::Interface => self.type_(),
            _ => {
                let x = self.bad_expr();
                self.syntax_error("expecting expression");
                self.advance(&[Tok::Rparen, Tok::Rbrack, Tok::Rbrace]);
                x
            }
        }
    }

    /// `PrimaryExpr = Operand | Conversion | PrimaryExpr Selector | PrimaryExpr Index |
    ///   PrimaryExpr Slice | PrimaryExpr TypeAssertion | PrimaryExpr Arguments .`
    /// plus composite literals `T{...}` where `T` may be a literal type.
    pub(super) fn pexpr(&mut self, x: Option<Expr>) -> Expr {
        let mut x = match x {
            Some(x) => x,
            None => self.operand(),
        };
        let mut chain = 0u32;
        loop {
            let pos = self.pos();
            chain += 1;
            if !self.chain_ok(chain) {
                return self.bad_expr();
            }
            match self.tok() {
                Tok::Dot => {
                    self.next();
                    match self.tok() {
                        Tok::Name => {
                            let sel = self.name();
                            let start = x.pos;
                            x = self.expr_node(
                                start,
                                ExprKind::Selector {
                                    x: Box::new(x),
                                    sel,
                                },
                            );
                        }
                        Tok::Lparen => {
                            let lparen = self.pos();
                            self.next();
                            let typ = if self.got(Tok::Type) {
                                None
                            } else {
                                Some(Box::new(self.type_()))
                            };
                            self.want(Tok::Rparen);
                            let start = x.pos;
                            x = self.expr_node(
                                start,
                                ExprKind::TypeAssert {
                                    x: Box::new(x),
                                    lparen,
                                    typ,
                                },
                            );
                        }
                        _ => {
                            self.syntax_error("expecting name or (");
                            self.advance(&[Tok::Semi, Tok::Rparen]);
                        }
                    }
                }
                Tok::Lbrack => {
                    self.next();
                    if self.tok() == Tok::Rbrack {
                        // invalid empty index, slice or instance: accept but complain
                        self.syntax_error("expecting operand");
                        self.next();
                        continue;
                    }
                    let mut lo = None;
                    if self.tok() != Tok::Colon {
                        let (mut list, comma) = self.type_list();
                        if comma || self.tok() == Tok::Rbrack {
                            let rbrack = self.pos();
                            self.want(Tok::Rbrack);
                            let start = x.pos;
                            x = self.expr_node(
                                start,
                                ExprKind::Index {
                                    x: Box::new(x),
                                    lbrack: pos,
                                    indices: list,
                                    rbrack,
                                },
                            );
                            continue;
                        }
                        lo = list.pop().map(Box::new);
                    }
                    // x[lo:...
                    if !self.got(Tok::Colon) {
                        self.syntax_error("expecting comma, : or ]");
                        self.advance(&[Tok::Comma, Tok::Colon, Tok::Rbrack]);
                    }
                    self.xnest += 1;
                    let mut hi = None;
                    let mut max = None;
                    let mut slice3 = false;
                    if self.tok() != Tok::Colon && self.tok() != Tok::Rbrack {
                        hi = Some(Box::new(self.expr()));
                    }
                    if self.tok() == Tok::Colon {
                        slice3 = true;
                        if hi.is_none() {
                            self.error("middle index required in 3-index slice");
                            hi = Some(Box::new(self.bad_expr()));
                        }
                        self.next();
                        if self.tok() != Tok::Rbrack {
                            max = Some(Box::new(self.expr()));
                        } else {
                            self.error("final index required in 3-index slice");
                            max = Some(Box::new(self.bad_expr()));
                        }
                    }
                    self.xnest -= 1;
                    let rbrack = self.pos();
                    self.want(Tok::Rbrack);
                    let start = x.pos;
                    x = self.expr_node(
                        start,
                        ExprKind::Slice {
                            x: Box::new(x),
                            lbrack: pos,
                            lo,
                            hi,
                            max,
                            slice3,
                            rbrack,
                        },
                    );
                }
                Tok::Lparen => {
                    self.next();
                    let (args, ellipsis, rparen) = self.arg_list();
                    let start = x.pos;
                    x = self.expr_node(
                        start,
                        ExprKind::Call {
                            fun: Box::new(x),
                            lparen: pos,
                            args,
                            ellipsis,
                            rparen,
                        },
                    );
                }
                Tok::Lbrace => {
                    // composite literal or the block of an if/for/switch header?
                    let t = unparen(&x);
                    let complit_ok = match &t.kind {
                        ExprKind::Ident(_) | ExprKind::Selector { .. } => self.xnest >= 0,
                        ExprKind::Index { .. } => self.xnest >= 0 && !is_value(t),
                        ExprKind::ArrayType { .. }
                        | ExprKind::SliceType(_)
                        | ExprKind::StructType(_)
                        | ExprKind::MapType { .. } => true,
                        _ => false,
                    };
                    if !complit_ok {
                        break;
                    }
                    if !std::ptr::eq(t, &x) {
                        self.syntax_error("cannot parenthesize type in composite literal");
                    }
                    x = self.complit_expr(Some(x));
                }
                _ => break,
            }
        }
        x
    }

    /// `Element = Expression | LiteralValue .`
    fn bare_complit_expr(&mut self) -> Expr {
        if self.tok() == Tok::Lbrace {
            return self.complit_expr(None);
        }
        self.expr()
    }

    /// `LiteralValue = "{" [ ElementList [ "," ] ] "}" .` with `typ` before it.
    fn complit_expr(&mut self, typ: Option<Expr>) -> Expr {
        if !self.enter() {
            self.leave();
            self.skip_deep();
            return self.bad_expr();
        }
        let lbrace = self.pos();
        self.xnest += 1;
        self.want(Tok::Lbrace);
        let mut elts = Vec::new();
        let rbrace = self.list("composite literal", Tok::Comma, Tok::Rbrace, &mut |p| {
            let mut e = p.bare_complit_expr();
            if p.tok() == Tok::Colon {
                let colon = p.pos();
                p.next();
                let value = p.bare_complit_expr();
                let pos = e.pos;
                e = p.expr_node(
                    pos,
                    ExprKind::KeyValue {
                        key: Box::new(e),
                        colon,
                        value: Box::new(value),
                    },
                );
            }
            elts.push(e);
            false
        });
        self.xnest -= 1;
        self.leave();
        if self.too_deep {
            drop((typ, elts));
            return self.bad_expr();
        }
        let pos = typ.as_ref().map(|t| t.pos).unwrap_or(lbrace);
        self.expr_node(
            pos,
            ExprKind::CompositeLit {
                typ: typ.map(Box::new),
                lbrace,
                elts,
                rbrace,
            },
        )
    }

    /// `Arguments = "(" [ ExpressionList [ "..." ] [ "," ] ] ")" .` after `(`.
    fn arg_list(&mut self) -> (Vec<Expr>, Option<Pos>, Pos) {
        self.xnest += 1;
        let mut list = Vec::new();
        let mut dots = None;
        let rparen = self.list("argument list", Tok::Comma, Tok::Rparen, &mut |p| {
            list.push(p.expr());
            let dpos = p.pos();
            if p.got(Tok::DotDotDot) {
                dots = Some(dpos);
                return true;
            }
            false
        });
        self.xnest -= 1;
        (list, dots, rparen)
    }

    /// `TypeList = Expression { "," Type } [ "," ] .` inside `[...]`: the first element
    /// may be any expression. Returns the elements and whether a comma was seen.
    pub(super) fn type_list(&mut self) -> (Vec<Expr>, bool) {
        self.xnest += 1;
        let mut list = vec![self.expr()];
        let mut comma = false;
        if self.got(Tok::Comma) {
            comma = true;
            if let Some(t) = self.type_or_nil() {
                list.push(t);
                while self.got(Tok::Comma) {
                    match self.type_or_nil() {
                        Some(t) => list.push(t),
                        None => break,
                    }
                }
            }
        }
        self.xnest -= 1;
        (list, comma)
    }
}

/// Makes the channel type `t` (just parsed after a `<-`) receive-only, pushing the
/// arrow down through send-only element channels; records gc's error if impossible.
fn reassociate_recv(t: &mut Expr, err: &mut Option<String>) {
    let mut cur = t;
    loop {
        if !matches!(cur.kind, ExprKind::ChanType { .. }) {
            // the arrow had to go to a channel element that is not a channel
            if err.is_none() {
                *err = Some(format!("unexpected {}, expecting chan", expr_string(cur)));
            }
            return;
        }
        let ExprKind::ChanType { dir, elem } = &mut cur.kind else {
            return;
        };
        let d = *dir;
        if d == ChanDir::Recv && err.is_none() {
            *err = Some("unexpected <-, expecting chan".into());
        }
        *dir = ChanDir::Recv;
        if d != ChanDir::Send {
            return;
        }
        cur = elem;
    }
}

/// Removes any parentheses around `x`.
pub(super) fn unparen(x: &Expr) -> &Expr {
    let mut x = x;
    while let ExprKind::Paren(inner) = &x.kind {
        x = inner;
    }
    x
}

/// Whether `x` must be a value (not a type), syntactically (gc's isValue).
fn is_value(x: &Expr) -> bool {
    match &x.kind {
        ExprKind::BasicLit(_)
        | ExprKind::CompositeLit { .. }
        | ExprKind::FuncLit { .. }
        | ExprKind::Slice { .. }
        | ExprKind::TypeAssert { .. }
        | ExprKind::Call { .. } => true,
        ExprKind::Unary { .. } | ExprKind::Binary { .. } => true,
        ExprKind::Paren(x) => is_value(x),
        ExprKind::Index { x, indices, .. } => {
            is_value(x) || (indices.len() == 1 && is_value(&indices[0]))
        }
        _ => false,
    }
}

/// The position gc gives node `x` (the operator of a binary expression, the `(` of a
/// call, ...), used where gc reports an error at a node.
pub(super) fn gc_pos(x: &Expr) -> Pos {
    x.gc_pos()
}
