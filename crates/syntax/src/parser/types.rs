//! Parsing of type expressions, signatures, parameter lists, structs and interfaces.

use super::Parser;
use crate::ast::*;
use crate::token::{Op, Tok};

/// A parameter before names and types are distributed over the list.
struct Par {
    pos: Pos,
    name: Option<Ident>,
    typ: Option<Expr>,
}

impl<'a> Parser<'a> {
    /// `Type = TypeName | TypeLit | "(" Type ")" .` — reports a missing type.
    pub(super) fn type_(&mut self) -> Expr {
        match self.type_or_nil() {
            Some(t) => t,
            None => {
                let b = self.bad_expr();
                self.syntax_error("expecting type");
                self.advance(&[
                    Tok::Comma,
                    Tok::Colon,
                    Tok::Semi,
                    Tok::Rparen,
                    Tok::Rbrack,
                    Tok::Rbrace,
                ]);
                b
            }
        }
    }

    /// Like `type_`, but returns `None` (without error) if there is no type.
    ///
    /// `TypeLit = ArrayType | StructType | PointerType | FunctionType | InterfaceType |
    ///            SliceType | MapType | ChannelType .`
    pub(super) fn type_or_nil(&mut self) -> Option<Expr> {
        if !self.enter() {
            self.leave();
            self.skip_deep();
            return Some(self.bad_expr());
        }
        let t = self.type_or_nil_inner();
        self.leave();
        if self.too_deep && t.is_some() {
            drop(t);
            return Some(self.bad_expr());
        }
        t
    }

    /// When nested too deep: consume the rest of the input so every caller unwinds.
    pub(super) fn skip_deep(&mut self) {
        while self.tok() != Tok::Eof {
            self.next();
        }
    }

    fn type_or_nil_inner(&mut self) -> Option<Expr> {
        let pos = self.pos();
        match self.tok() {
            Tok::Star => {
                // PointerType = "*" BaseType .
                self.next();
                let t = self.type_();
                Some(self.expr_node(pos, ExprKind::Star(Box::new(t))))
            }
            Tok::Arrow => {
                // "<-" "chan" ElementType
                self.next();
                self.want(Tok::Chan);
                let elem = self.chan_elem();
                Some(self.expr_node(
                    pos,
                    ExprKind::ChanType {
                        dir: ChanDir::Recv,
                        elem: Box::new(elem),
                    },
                ))
            }
            Tok::Func => {
                // FunctionType = "func" Signature .
                self.next();
                let (_, ft) = self.func_type("function type", pos);
                Some(self.expr_node(pos, ExprKind::FuncType(ft)))
            }
            Tok::Lbrack => {
                // "[" [ ArrayLength | "..." ] "]" ElementType
                self.next();
                if self.got(Tok::Rbrack) {
                    let elem = self.type_();
                    return Some(self.expr_node(pos, ExprKind::SliceType(Box::new(elem))));
                }
                Some(self.array_type(pos, None))
            }
            Tok::Chan => {
                // "chan" [ "<-" ] ElementType
                self.next();
                let dir = if self.got(Tok::Arrow) {
                    ChanDir::Send
                } else {
                    ChanDir::Both
                };
                let elem = self.chan_elem();
                Some(self.expr_node(
                    pos,
                    ExprKind::ChanType {
                        dir,
                        elem: Box::new(elem),
                    },
                ))
            }
            Tok::Map => {
                // MapType = "map" "[" KeyType "]" ElementType .
                self.next();
                self.want(Tok::Lbrack);
                let key = self.type_();
                self.want(Tok::Rbrack);
                let value = self.type_();
                Some(self.expr_node(
                    pos,
                    ExprKind::MapType {
                        key: Box::new(key),
                        value: Box::new(value),
                    },
                ))
            }
            Tok::Struct => Some(self.struct_type()),
            Tok::Interface => Some(self.interface_type()),
            Tok::Name => Some(self.qualified_name(None)),
            Tok::Lparen => {
                self.next();
                let t = self.type_();
                self.want(Tok::Rparen);
                Some(self.expr_node(pos, ExprKind::Paren(Box::new(t))))
            }
            _ => None,
        }
    }

    /// `TypeName [ TypeArgs ]` where `TypeName = identifier | QualifiedIdent .`
    pub(super) fn qualified_name(&mut self, name: Option<Ident>) -> Expr {
        let mut x = match name {
            Some(n) => Self::ident_expr(n),
            None if self.tok() == Tok::Name => {
                let n = self.name();
                Self::ident_expr(n)
            }
            None => {
                let n = Ident {
                    id: self.new_id(),
                    pos: self.pos(),
                    name: "_".into(),
                };
                self.syntax_error("expecting name");
                self.advance(&[Tok::Dot, Tok::Semi, Tok::Rbrace]);
                Self::ident_expr(n)
            }
        };
        if self.tok() == Tok::Dot {
            self.next();
            let sel = self.name();
            let pos = x.pos;
            x = self.expr_node(
                pos,
                ExprKind::Selector {
                    x: Box::new(x),
                    sel,
                },
            );
        }
        if self.tok() == Tok::Lbrack {
            x = self.type_instance(x);
        }
        x
    }

    /// `TypeArgs = "[" TypeList [ "," ] "]" .` after a type name.
    fn type_instance(&mut self, typ: Expr) -> Expr {
        let lbrack = self.pos();
        self.want(Tok::Lbrack);
        let indices = if self.tok() == Tok::Rbrack {
            self.syntax_error("expecting type");
            vec![self.bad_expr()]
        } else {
            self.type_list().0
        };
        let rbrack = self.pos();
        self.want(Tok::Rbrack);
        let pos = typ.pos;
        self.expr_node(
            pos,
            ExprKind::Index {
                x: Box::new(typ),
                lbrack,
                indices,
                rbrack,
            },
        )
    }

    /// `Signature = [ TypeParams ] Parameters [ Result ] .` (the current token is the
    /// `[` or `(`); type parameters are reported unless `context` is empty.
    pub(super) fn func_type(&mut self, context: &str, pos: Pos) -> (Option<FieldList>, FuncType) {
        let mut tparams = None;
        let typ_pos = self.pos();
        if self.tok() == Tok::Lbrack {
            let open = self.pos();
            self.next();
            if !context.is_empty() {
                self.syntax_error_at(
                    typ_pos,
                    &format!("{} must have no type parameters", context),
                );
            }
            if self.tok() == Tok::Rbrack {
                self.syntax_error("empty type parameter list");
                self.next();
            } else {
                tparams = Some(self.param_list(open, None, None, Tok::Rbrack, true));
            }
        }
        let open = self.pos();
        self.want(Tok::Lparen);
        let params = self.param_list(open, None, None, Tok::Rparen, false);
        let results = self.func_result();
        (
            tparams,
            FuncType {
                pos,
                params,
                results,
            },
        )
    }

    /// `Result = Parameters | Type .`
    fn func_result(&mut self) -> Option<FieldList> {
        if self.tok() == Tok::Lparen {
            let open = self.pos();
            self.next();
            return Some(self.param_list(open, None, None, Tok::Rparen, false));
        }
        let pos = self.pos();
        let typ = self.type_or_nil()?;
        Some(FieldList {
            open: pos,
            list: vec![Field {
                pos,
                names: Vec::new(),
                typ,
                tag: None,
            }],
            close: pos,
        })
    }

    /// `ArrayType = "[" ArrayLength "]" ElementType .` after `[`; `len` is the length
    /// if already parsed; `[...]T` has no length.
    pub(super) fn array_type(&mut self, pos: Pos, len: Option<Expr>) -> Expr {
        let len = match len {
            Some(l) => Some(l),
            None if self.got(Tok::DotDotDot) => None,
            None => {
                self.xnest += 1;
                let l = self.expr();
                self.xnest -= 1;
                Some(l)
            }
        };
        if self.tok() == Tok::Comma {
            self.syntax_error("unexpected comma; expecting ]");
            self.next();
        }
        self.want(Tok::Rbrack);
        let elem = self.type_();
        self.expr_node(
            pos,
            ExprKind::ArrayType {
                len: len.map(Box::new),
                elem: Box::new(elem),
            },
        )
    }

    fn chan_elem(&mut self) -> Expr {
        match self.type_or_nil() {
            Some(t) => t,
            None => {
                let b = self.bad_expr();
                self.syntax_error("missing channel element type");
                b
            }
        }
    }

    /// `StructType = "struct" "{" { FieldDecl ";" } "}" .`
    fn struct_type(&mut self) -> Expr {
        let pos = self.pos();
        self.want(Tok::Struct);
        let lbrace = self.pos();
        self.want(Tok::Lbrace);
        let mut fields = Vec::new();
        let rbrace = self.list("struct type", Tok::Semi, Tok::Rbrace, &mut |p| {
            if let Some(f) = p.field_decl() {
                fields.push(f);
            }
            false
        });
        self.expr_node(
            pos,
            ExprKind::StructType(StructType {
                lbrace,
                fields,
                rbrace,
            }),
        )
    }

    /// `FieldDecl = (IdentifierList Type | EmbeddedField) [ Tag ] .`
    /// `EmbeddedField = [ "*" ] TypeName [ TypeArgs ] .`
    fn field_decl(&mut self) -> Option<Field> {
        let pos = self.pos();
        match self.tok() {
            Tok::Name => {
                let name = self.name();
                if matches!(
                    self.tok(),
                    Tok::Dot | Tok::Literal | Tok::Semi | Tok::Rbrace
                ) {
                    // embedded type
                    let typ = self.qualified_name(Some(name));
                    let tag = self.oliteral();
                    return Some(Field {
                        pos,
                        names: Vec::new(),
                        typ,
                        tag,
                    });
                }
                let names = self.name_list(name);
                let typ;
                if names.len() == 1 && self.tok() == Tok::Lbrack {
                    // `T[P]` (embedded generic) or `f [N]E` / `f []E`
                    match self.array_or_targs() {
                        Ok(t) => typ = t,
                        Err((lbrack, indices, rbrack)) => {
                            let name = names.into_iter().next().unwrap();
                            let x = Self::ident_expr(name);
                            let typ = self.expr_node(
                                pos,
                                ExprKind::Index {
                                    x: Box::new(x),
                                    lbrack,
                                    indices,
                                    rbrack,
                                },
                            );
                            let tag = self.oliteral();
                            return Some(Field {
                                pos,
                                names: Vec::new(),
                                typ,
                                tag,
                            });
                        }
                    }
                } else {
                    typ = self.type_();
                }
                let tag = self.oliteral();
                Some(Field {
                    pos,
                    names,
                    typ,
                    tag,
                })
            }
            Tok::Star => {
                self.next();
                let typ = if self.tok() == Tok::Lparen {
                    self.syntax_error("cannot parenthesize embedded type");
                    self.next();
                    let t = self.qualified_name(None);
                    self.got(Tok::Rparen);
                    t
                } else {
                    self.qualified_name(None)
                };
                let tag = self.oliteral();
                let typ = self.expr_node(pos, ExprKind::Star(Box::new(typ)));
                Some(Field {
                    pos,
                    names: Vec::new(),
                    typ,
                    tag,
                })
            }
            Tok::Lparen => {
                self.syntax_error("cannot parenthesize embedded type");
                self.next();
                let typ = if self.tok() == Tok::Star {
                    let spos = self.pos();
                    self.next();
                    let t = self.qualified_name(None);
                    self.expr_node(spos, ExprKind::Star(Box::new(t)))
                } else {
                    self.qualified_name(None)
                };
                self.got(Tok::Rparen);
                let tag = self.oliteral();
                Some(Field {
                    pos,
                    names: Vec::new(),
                    typ,
                    tag,
                })
            }
            _ => {
                self.syntax_error("expecting field name or embedded type");
                self.advance(&[Tok::Semi, Tok::Rbrace]);
                None
            }
        }
    }

    /// After a name, at `[`: either an array/slice type `[N]E` / `[]E` (Ok), or type
    /// arguments `[A, B]` of an embedded/instantiated type (Err with the pieces).
    fn array_or_targs(&mut self) -> Result<Expr, (Pos, Vec<Expr>, Pos)> {
        let pos = self.pos();
        self.want(Tok::Lbrack);
        if self.got(Tok::Rbrack) {
            let elem = self.type_();
            return Ok(self.expr_node(pos, ExprKind::SliceType(Box::new(elem))));
        }
        let (mut n, comma) = self.type_list();
        let rbrack = self.pos();
        self.want(Tok::Rbrack);
        if !comma && let Some(elem) = self.type_or_nil() {
            let len = n.pop().map(Box::new);
            return Ok(self.expr_node(
                pos,
                ExprKind::ArrayType {
                    len,
                    elem: Box::new(elem),
                },
            ));
        }
        Err((pos, n, rbrack))
    }

    /// `InterfaceType = "interface" "{" { InterfaceElem ";" } "}" .`
    fn interface_type(&mut self) -> Expr {
        let pos = self.pos();
        self.want(Tok::Interface);
        let lbrace = self.pos();
        self.want(Tok::Lbrace);
        let mut elems = Vec::new();
        let rbrace = self.list("interface type", Tok::Semi, Tok::Rbrace, &mut |p| {
            let e = if p.tok() == Tok::Name {
                match p.method_decl() {
                    InterfaceElem::Embed(t) => InterfaceElem::Embed(p.embedded_elem(Some(t))),
                    m => m,
                }
            } else {
                InterfaceElem::Embed(p.embedded_elem(None))
            };
            elems.push(e);
            false
        });
        self.expr_node(
            pos,
            ExprKind::InterfaceType(InterfaceType {
                lbrace,
                elems,
                rbrace,
            }),
        )
    }

    /// `MethodElem = MethodName Signature .` or an embedded (possibly instantiated)
    /// type name starting with a name.
    fn method_decl(&mut self) -> InterfaceElem {
        let name = self.name();
        const CONTEXT: &str = "interface method";
        match self.tok() {
            Tok::Lparen => {
                let pos = name.pos;
                let (_, typ) = self.func_type(CONTEXT, pos);
                InterfaceElem::Method { name, typ }
            }
            Tok::Lbrack => {
                // generic method m[T C](x T) (reported) or embedded T[A, B]
                let lbrack = self.pos();
                self.next();
                if self.tok() == Tok::Rbrack {
                    let pos = self.pos();
                    self.next();
                    if self.tok() == Tok::Lparen {
                        self.error_at(pos, "empty type parameter list");
                        let npos = name.pos;
                        let (_, typ) = self.func_type(CONTEXT, npos);
                        return InterfaceElem::Method { name, typ };
                    }
                    self.error_at(pos, "empty type argument list");
                    return InterfaceElem::Embed(Self::ident_expr(name));
                }
                let list = self.param_list(lbrack, None, None, Tok::Rbrack, false);
                let rbrack = list.close;
                if list.list.is_empty() {
                    if self.tok() == Tok::Lparen {
                        let npos = name.pos;
                        let (_, typ) = self.func_type(CONTEXT, npos);
                        return InterfaceElem::Method { name, typ };
                    }
                    return InterfaceElem::Embed(Self::ident_expr(name));
                }
                if !list.list[0].names.is_empty() {
                    let npos = name.pos;
                    let (_, typ) = self.func_type(CONTEXT, npos);
                    self.error_at(lbrack, "interface method must have no type parameters");
                    return InterfaceElem::Method { name, typ };
                }
                let indices: Vec<Expr> = list.list.into_iter().map(|f| f.typ).collect();
                let pos = name.pos;
                let x = Self::ident_expr(name);
                InterfaceElem::Embed(self.expr_node(
                    pos,
                    ExprKind::Index {
                        x: Box::new(x),
                        lbrack,
                        indices,
                        rbrack,
                    },
                ))
            }
            _ => InterfaceElem::Embed(self.qualified_name(Some(name))),
        }
    }

    /// `EmbeddedElem = EmbeddedTerm { "|" EmbeddedTerm } .` (`first` already parsed).
    pub(super) fn embedded_elem(&mut self, first: Option<Expr>) -> Expr {
        let mut x = match first {
            Some(x) => x,
            None => self.embedded_term(),
        };
        while self.is_op(Op::Or) {
            let op_pos = self.pos();
            self.next();
            let y = self.embedded_term();
            let pos = x.pos;
            x = self.expr_node(
                pos,
                ExprKind::Binary {
                    op: BinaryOp::Or,
                    op_pos,
                    x: Box::new(x),
                    y: Box::new(y),
                },
            );
        }
        x
    }

    /// `EmbeddedTerm = [ "~" ] Type .`
    fn embedded_term(&mut self) -> Expr {
        if self.is_op(Op::Tilde) {
            let pos = self.pos();
            self.next();
            let t = self.type_();
            return self.expr_node(
                pos,
                ExprKind::Unary {
                    op: UnaryOp::Tilde,
                    x: Box::new(t),
                },
            );
        }
        match self.type_or_nil() {
            Some(t) => t,
            None => {
                let b = self.bad_expr();
                self.syntax_error("expecting ~ term or type");
                self.advance(&[
                    Tok::Operator,
                    Tok::Semi,
                    Tok::Rparen,
                    Tok::Rbrack,
                    Tok::Rbrace,
                ]);
                b
            }
        }
    }

    /// `ParameterDecl = [ IdentifierList ] [ "..." ] Type .` — one name or type at a
    /// time; names and types are matched up by `param_list`.
    fn param_decl_or_nil(&mut self, name: Option<Ident>, follow: Tok) -> Option<Par> {
        let type_sets_ok = follow == Tok::Rbrack;
        let mut pos = self.pos();
        if let Some(n) = &name {
            pos = n.pos;
        } else if type_sets_ok && self.is_op(Op::Tilde) {
            let t = self.embedded_elem(None);
            return Some(Par {
                pos,
                name: None,
                typ: Some(t),
            });
        }
        let mut par = Par {
            pos,
            name: None,
            typ: None,
        };
        if self.tok() == Tok::Name || name.is_some() {
            let name = match name {
                Some(n) => n,
                None => self.name(),
            };
            if self.tok() == Tok::Lbrack {
                // name "[" ...
                match self.array_or_targs() {
                    Ok(t) => {
                        par.name = Some(name);
                        par.typ = Some(t);
                    }
                    Err((lbrack, indices, rbrack)) => {
                        let npos = name.pos;
                        let x = Self::ident_expr(name);
                        par.typ = Some(self.expr_node(
                            npos,
                            ExprKind::Index {
                                x: Box::new(x),
                                lbrack,
                                indices,
                                rbrack,
                            },
                        ));
                    }
                }
                if type_sets_ok && self.is_op(Op::Or) {
                    let t = par.typ.take();
                    par.typ = Some(self.embedded_elem(t));
                }
                return Some(par);
            }
            if self.tok() == Tok::Dot {
                // name "." ...
                let t = self.qualified_name(Some(name));
                par.typ = Some(if type_sets_ok && self.is_op(Op::Or) {
                    self.embedded_elem(Some(t))
                } else {
                    t
                });
                return Some(par);
            }
            if type_sets_ok && self.is_op(Op::Or) {
                // name "|" ...
                let t = Self::ident_expr(name);
                par.typ = Some(self.embedded_elem(Some(t)));
                return Some(par);
            }
            par.name = Some(name);
        }
        if self.tok() == Tok::DotDotDot {
            // [name] "..." ...
            let dpos = self.pos();
            self.next();
            let elem = match self.type_or_nil() {
                Some(t) => t,
                None => {
                    let b = self.bad_expr();
                    self.syntax_error("... is missing type");
                    b
                }
            };
            par.typ = Some(self.expr_node(dpos, ExprKind::Ellipsis(Some(Box::new(elem)))));
            return Some(par);
        }
        if type_sets_ok && self.is_op(Op::Tilde) {
            // [name] "~" ...
            par.typ = Some(self.embedded_elem(None));
            return Some(par);
        }
        par.typ = self.type_or_nil();
        if type_sets_ok && self.is_op(Op::Or) && par.typ.is_some() {
            let t = par.typ.take();
            par.typ = Some(self.embedded_elem(t));
        }
        if par.name.is_some() || par.typ.is_some() {
            return Some(par);
        }
        self.syntax_error(&format!("expecting {}", follow.describe()));
        self.advance(&[Tok::Comma, follow]);
        None
    }

    /// `Parameters = "(" [ ParameterList [ "," ] ] ")" .` (or `[ ... ]` for type
    /// parameters) after the opening token at `open`. `name` and `typ` are an already
    /// parsed first parameter. Either all parameters are named or none is.
    pub(super) fn param_list(
        &mut self,
        open: Pos,
        name: Option<Ident>,
        typ: Option<Expr>,
        close: Tok,
        require_names: bool,
    ) -> FieldList {
        if let (Some(n), Some(t)) = (&name, &typ)
            && self.tok() == close
        {
            let close_pos = self.pos();
            self.next();
            let field = Field {
                pos: n.pos,
                names: vec![n.clone()],
                typ: t.clone(),
                tag: None,
            };
            return FieldList {
                open,
                list: vec![field],
                close: close_pos,
            };
        }
        let mut pars: Vec<Par> = Vec::new();
        let mut named = 0;
        let mut typed = 0;
        let mut name = name;
        let mut typ = typ;
        let end = self.list("parameter list", Tok::Comma, close, &mut |p| {
            let par = if typ.is_some() {
                let n = name.take().unwrap();
                Some(Par {
                    pos: n.pos,
                    name: Some(n),
                    typ: typ.take(),
                })
            } else {
                let n = name.take();
                p.param_decl_or_nil(n, close)
            };
            if let Some(par) = par {
                if par.name.is_some() && par.typ.is_some() {
                    named += 1;
                }
                if par.typ.is_some() {
                    typed += 1;
                }
                pars.push(par);
            }
            false
        });
        if pars.is_empty() {
            return FieldList {
                open,
                list: Vec::new(),
                close: end,
            };
        }
        if named == 0 && !require_names {
            // all unnamed: a lone name is a type name
            let list = pars
                .into_iter()
                .map(|par| {
                    let typ = match (par.typ, par.name) {
                        (Some(t), _) => t,
                        (None, Some(n)) => Self::ident_expr(n),
                        (None, None) => unreachable!(),
                    };
                    Field {
                        pos: par.pos,
                        names: Vec::new(),
                        typ,
                        tag: None,
                    }
                })
                .collect();
            return FieldList {
                open,
                list,
                close: end,
            };
        }
        if named != pars.len() {
            // some named: all must have names and types; distribute from right to left
            let mut err_pos: Option<Pos> = None;
            let mut have_type = false;
            for par in pars.iter_mut().rev() {
                if par.typ.is_some() {
                    have_type = true;
                    if par.name.is_none() {
                        let tpos = par.typ.as_ref().map(|t| t.pos).unwrap_or(par.pos);
                        err_pos = Some(tpos);
                        par.name = Some(Ident {
                            id: self.new_id(),
                            pos: tpos,
                            name: "_".into(),
                        });
                    }
                } else if !have_type {
                    // only a name and no type to its right
                    let npos = par.name.as_ref().map(|n| n.pos).unwrap_or(par.pos);
                    err_pos = Some(npos);
                    par.typ = Some(self.expr_node(npos, ExprKind::Bad));
                }
            }
            if let Some(mut pos) = err_pos {
                let msg = if require_names {
                    if named == typed {
                        pos = end;
                        "missing type constraint"
                    } else {
                        "type parameters must be named"
                    }
                } else {
                    "mixed named and unnamed parameters"
                };
                self.syntax_error_at(pos, msg);
            }
        }
        // group names that share the type written after the last of them
        let mut list = Vec::new();
        let mut names: Vec<Ident> = Vec::new();
        let mut first_pos = None;
        for par in pars {
            if first_pos.is_none() {
                first_pos = Some(par.pos);
            }
            if let Some(n) = par.name {
                names.push(n);
            }
            if let Some(t) = par.typ {
                list.push(Field {
                    pos: first_pos.take().unwrap(),
                    names: std::mem::take(&mut names),
                    typ: t,
                    tag: None,
                });
            }
        }
        FieldList {
            open,
            list,
            close: end,
        }
    }
}
