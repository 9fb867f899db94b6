//! Parser: preprocessed token lines → statements (labels, an opcode, operands).
//!
//! It knows operand syntax (`$imm`, `sym+off(SB)`, `x+8(FP)`, `off(BASE)(INDEX*SCALE)`,
//! registers) and constant expressions; it must not know instruction encodings,
//! frame layout or ELF.

use crate::Diagnostic;
use crate::arch::{self, Reg};
use crate::lexer::{Line, Tok, Token};

#[derive(Clone, Debug, PartialEq)]
pub struct SymName {
    pub name: String,
    /// `name<>`: file-local.
    pub local: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Base {
    None,
    Reg(u8),
    /// `(SB)`: the static base; the operand names a symbol.
    SB,
    /// `(FP)`: gc's argument pointer.
    FP,
    /// `name-8(SP)`: gc's pseudo-SP (top of the local frame), as opposed to the
    /// hardware `8(SP)` which is `Base::Reg(4)`.
    PseudoSP,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Mem {
    pub sym: Option<SymName>,
    pub off: i64,
    pub base: Base,
    pub index: Option<(u8, u8)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    Reg(Reg),
    Imm(i64),
    Float(f64),
    Str(Vec<u8>),
    /// `$sym+off(SB)`: the address of a symbol.
    Addr(SymName, i64),
    Mem(Mem),
    /// A bare name: a label or a branch target symbol.
    Name(String),
    /// `n(PC)`: n instructions from this one.
    Pc(i64),
    /// A bare constant (TEXT flags).
    Const(i64),
    /// `operand/size` (DATA's first operand).
    Sized(Box<Operand>, i64),
    /// `$frame-args` of TEXT: gc reads this as two numbers, not a subtraction.
    Frame(i64, Option<i64>),
}

#[derive(Debug)]
pub struct Stmt {
    pub line: u32,
    pub col: u32,
    pub labels: Vec<String>,
    /// Empty when the statement is only labels.
    pub op: String,
    pub args: Vec<Operand>,
}

/// Parses every line; statements with errors are left out and reported.
pub fn parse(file: &str, lines: &[Line]) -> (Vec<Stmt>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for l in lines {
        for part in l.toks.split(|t| t.is(";")) {
            if part.is_empty() {
                continue;
            }
            let mut p = P { toks: part, i: 0 };
            match p.stmt() {
                Ok(s) => out.push(s),
                Err((t, msg)) => {
                    let (line, col) = t.map(|t| (t.line, Some(t.col))).unwrap_or((l.line, None));
                    errs.push(Diagnostic { file: file.to_string(), line, col, message: msg });
                }
            }
        }
    }
    (out, errs)
}

type PErr<'a> = (Option<&'a Token>, String);

struct P<'a> {
    toks: &'a [Token],
    i: usize,
}

impl<'a> P<'a> {
    fn peek(&self) -> Option<&'a Token> {
        self.toks.get(self.i)
    }
    fn peek_is(&self, p: &str) -> bool {
        self.peek().is_some_and(|t| t.is(p))
    }
    fn peek_at_is(&self, k: usize, p: &str) -> bool {
        self.toks.get(self.i + k).is_some_and(|t| t.is(p))
    }
    fn next(&mut self) -> Option<&'a Token> {
        let t = self.toks.get(self.i);
        self.i += 1;
        t
    }
    fn err<T>(&self, msg: impl Into<String>) -> Result<T, PErr<'a>> {
        Err((self.toks.get(self.i).or(self.toks.last()), msg.into()))
    }
    fn expect(&mut self, p: &str) -> Result<(), PErr<'a>> {
        if self.peek_is(p) {
            self.i += 1;
            Ok(())
        } else {
            self.err(format!("expected {p}"))
        }
    }
    fn ident(&self) -> Option<&'a str> {
        match self.peek() {
            Some(Token { tok: Tok::Ident(s), .. }) => Some(s),
            _ => None,
        }
    }

    fn stmt(&mut self) -> Result<Stmt, PErr<'a>> {
        let first = &self.toks[0];
        let mut labels = Vec::new();
        while let Some(n) = self.ident() {
            if self.peek_at_is(1, ":") {
                labels.push(n.to_string());
                self.i += 2;
            } else {
                break;
            }
        }
        let mut stmt = Stmt { line: first.line, col: first.col, labels, op: String::new(), args: Vec::new() };
        let Some(op) = self.ident() else {
            if self.peek().is_none() {
                return Ok(stmt);
            }
            return self.err("expected instruction");
        };
        stmt.op = op.to_string();
        if let Some(t) = self.peek() {
            stmt.line = t.line;
            stmt.col = t.col;
        }
        self.i += 1;
        if self.peek().is_none() {
            return Ok(stmt);
        }
        let mut k = 0;
        loop {
            let a = if stmt.op == "TEXT" && self.peek_is("$") { self.frame()? } else { self.operand()? };
            let a = if self.peek_is("/") && k == 0 {
                self.i += 1;
                let n = self.expr()?;
                Operand::Sized(Box::new(a), n)
            } else {
                a
            };
            stmt.args.push(a);
            k += 1;
            match self.next() {
                None => break,
                Some(t) if t.is(",") => continue,
                Some(_) => {
                    self.i -= 1;
                    return self.err("unexpected token after operand");
                }
            }
        }
        Ok(stmt)
    }

    fn frame(&mut self) -> Result<Operand, PErr<'a>> {
        self.expect("$")?;
        let neg = self.peek_is("-");
        if neg {
            self.i += 1;
        }
        let f = self.primary()?;
        let f = if neg { -f } else { f };
        let args = if self.peek_is("-") {
            self.i += 1;
            Some(self.primary()?)
        } else {
            None
        };
        Ok(Operand::Frame(f, args))
    }

    fn operand(&mut self) -> Result<Operand, PErr<'a>> {
        if self.peek_is("$") {
            self.i += 1;
            match self.peek().map(|t| &t.tok) {
                Some(Tok::Str(s)) => {
                    self.i += 1;
                    return Ok(Operand::Str(s.clone()));
                }
                Some(Tok::Float(f)) => {
                    self.i += 1;
                    return Ok(Operand::Float(*f));
                }
                Some(Tok::Punct("-")) if matches!(self.toks.get(self.i + 1).map(|t| &t.tok), Some(Tok::Float(_))) => {
                    let Tok::Float(f) = self.toks[self.i + 1].tok else { unreachable!() };
                    self.i += 2;
                    return Ok(Operand::Float(-f));
                }
                _ => {}
            }
            if let Some(n) = self.ident()
                && arch::reg(n).is_none()
            {
                let sym = self.symname()?;
                let off = self.offset()?;
                self.expect("(")?;
                if self.ident() != Some("SB") {
                    return self.err("address operand must be $sym(SB)");
                }
                self.i += 1;
                self.expect(")")?;
                return Ok(Operand::Addr(sym, off));
            }
            return Ok(Operand::Imm(self.expr()?));
        }
        if let Some(n) = self.ident() {
            if n == "g" {
                return self.err("register g is not available in rgo (no g register yet)");
            }
            if let Some(r) = arch::reg(n) {
                self.i += 1;
                return Ok(Operand::Reg(r));
            }
            if arch::is_pseudo(n) || n == "SP" {
                return self.err(format!("pseudo-register {n} needs a memory operand form"));
            }
            // A symbol, a named frame slot, or a bare label/branch target.
            let sym = self.symname()?;
            if self.peek().is_none() || self.peek_is(",") {
                return Ok(Operand::Name(sym.name));
            }
            let off = self.offset()?;
            if self.peek_is("(")
                && !self
                    .toks
                    .get(self.i + 1)
                    .is_some_and(|t| matches!(&t.tok, Tok::Ident(b) if matches!(b.as_str(), "SB" | "FP" | "SP" | "PC")))
            {
                return self.err(format!(
                    "{}: undefined name; only (SB), (FP) and (SP) take a symbol (is a #define missing?)",
                    sym.name
                ));
            }
            return self.mem_tail(Some(sym), off);
        }
        // Starts with a number, `(`, `-`, `~`: an offset then (BASE), or a bare constant.
        let off = if self.peek_is("(") && self.is_reg_paren() { 0 } else { self.expr()? };
        if self.peek_is("(") { self.mem_tail(None, off) } else { Ok(Operand::Const(off)) }
    }

    /// Is the `(` at the cursor the start of `(REG)` or `(REG*n)`?
    fn is_reg_paren(&self) -> bool {
        match self.toks.get(self.i + 1) {
            Some(Token { tok: Tok::Ident(n), .. }) => arch::reg(n).is_some() || arch::is_pseudo(n) || n == "SP",
            _ => false,
        }
    }

    fn symname(&mut self) -> Result<SymName, PErr<'a>> {
        let Some(n) = self.ident() else { return self.err("expected symbol name") };
        self.i += 1;
        let mut local = false;
        if self.peek_is("<>") {
            self.i += 1;
            local = true;
        }
        // An ABI selector such as <ABIInternal>: accepted and ignored (rgo has one ABI).
        if self.peek_is("<")
            && let (Some(Token { tok: Tok::Ident(_), .. }), true) = (self.toks.get(self.i + 1), self.peek_at_is(2, ">"))
        {
            self.i += 3;
        }
        Ok(SymName { name: n.to_string(), local })
    }

    fn offset(&mut self) -> Result<i64, PErr<'a>> {
        if self.peek_is("+") {
            self.i += 1;
            self.unary()
        } else if self.peek_is("-") {
            self.i += 1;
            Ok(-self.unary()?)
        } else {
            Ok(0)
        }
    }

    fn mem_tail(&mut self, sym: Option<SymName>, off: i64) -> Result<Operand, PErr<'a>> {
        self.expect("(")?;
        let Some(b) = self.ident() else { return self.err("expected base register") };
        self.i += 1;
        let base = match (b, &sym) {
            ("SB", _) => Base::SB,
            ("FP", _) => Base::FP,
            ("PC", _) => {
                self.expect(")")?;
                return Ok(Operand::Pc(off));
            }
            ("SP", Some(_)) => Base::PseudoSP,
            ("g", _) => return self.err("register g is not available in rgo (no g register yet)"),
            _ => match arch::reg(b) {
                Some(Reg::Gp(r)) => {
                    if self.peek_is("*") {
                        // (INDEX*SCALE) with no base.
                        self.i += 1;
                        let s = self.primary()?;
                        self.expect(")")?;
                        return Ok(Operand::Mem(Mem { sym, off, base: Base::None, index: Some((r, scale(self, s)?)) }));
                    }
                    Base::Reg(r)
                }
                _ => return self.err(format!("bad base register {b}")),
            },
        };
        self.expect(")")?;
        if matches!(base, Base::SB) && sym.is_none() {
            return self.err("(SB) needs a symbol name");
        }
        let mut index = None;
        if self.peek_is("(") {
            self.i += 1;
            let r = match self.ident().and_then(arch::reg) {
                Some(Reg::Gp(r)) => r,
                _ => return self.err("bad index register"),
            };
            self.i += 1;
            self.expect("*")?;
            let s = self.primary()?;
            self.expect(")")?;
            if r == 4 {
                return self.err("SP cannot be an index register");
            }
            index = Some((r, scale(self, s)?));
        }
        return Ok(Operand::Mem(Mem { sym, off, base, index }));

        fn scale<'a>(p: &P<'a>, s: i64) -> Result<u8, PErr<'a>> {
            match s {
                1 | 2 | 4 | 8 => Ok(s as u8),
                _ => p.err(format!("bad scale {s}")),
            }
        }
    }

    // Constant expressions with Go's precedence: * / % << >> & bind tighter than + - | ^.
    pub fn expr(&mut self) -> Result<i64, PErr<'a>> {
        let mut v = self.term()?;
        loop {
            let op = match self.peek() {
                Some(Token { tok: Tok::Punct(p @ ("+" | "-" | "|" | "^")), .. }) => *p,
                _ => return Ok(v),
            };
            self.i += 1;
            let r = self.term()?;
            v = match op {
                "+" => v.wrapping_add(r),
                "-" => v.wrapping_sub(r),
                "|" => v | r,
                _ => v ^ r,
            };
        }
    }

    fn term(&mut self) -> Result<i64, PErr<'a>> {
        let mut v = self.unary()?;
        loop {
            let op = match self.peek() {
                Some(Token { tok: Tok::Punct(p @ ("*" | "/" | "%" | "<<" | ">>" | "&")), .. }) => *p,
                _ => return Ok(v),
            };
            self.i += 1;
            let r = self.unary()?;
            v = match op {
                "*" => v.wrapping_mul(r),
                "/" | "%" if r == 0 => return self.err("division by zero"),
                "/" => v.wrapping_div(r),
                "%" => v.wrapping_rem(r),
                "<<" => v.wrapping_shl(r as u32),
                // gc treats constants as unsigned for >>.
                ">>" => ((v as u64).wrapping_shr(r as u32)) as i64,
                _ => v & r,
            };
        }
    }

    fn unary(&mut self) -> Result<i64, PErr<'a>> {
        if self.peek_is("-") {
            self.i += 1;
            return Ok(self.unary()?.wrapping_neg());
        }
        if self.peek_is("+") {
            self.i += 1;
            return self.unary();
        }
        if self.peek_is("~") {
            self.i += 1;
            return Ok(!self.unary()?);
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<i64, PErr<'a>> {
        match self.peek().map(|t| &t.tok) {
            Some(Tok::Int(n)) => {
                self.i += 1;
                Ok(*n as i64)
            }
            Some(Tok::Punct("(")) => {
                self.i += 1;
                let v = self.expr()?;
                self.expect(")")?;
                Ok(v)
            }
            Some(Tok::Ident(n)) => {
                if let Some((_, v)) = crate::preproc::TEXTFLAGS.iter().find(|(f, _)| f == n) {
                    // Flag names are accepted even without #include "textflag.h".
                    self.i += 1;
                    return Ok(*v as i64);
                }
                self.err(format!("undefined name {n} in constant expression"))
            }
            _ => self.err("expected constant expression"),
        }
    }
}
