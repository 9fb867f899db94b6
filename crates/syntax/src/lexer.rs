//! The lexer: bytes of Go source → tokens, with automatic semicolon insertion.
//!
//! It reads raw bytes (not `&str`) so it can report invalid UTF-8 as gc does; NUL
//! bytes, invalid UTF-8 and a BOM after the start are reported and then skipped, as if
//! absent. Errors go to `diags` with gc's wording and positions. `//go:` comments are
//! collected as directives. The lexer knows nothing about the grammar beyond which
//! tokens end a line for semicolon insertion.

use crate::ast::{Diagnostic, Directive, LineDirective, LitKind, Pos};
use crate::lit::unicode_plus;
use crate::token::{Op, Tok, Token};

/// The lexer state: the current character and the current token.
pub struct Lexer<'a> {
    src: &'a [u8],
    /// Current character (-1 at end of input).
    ch: i32,
    /// Offset of `ch`.
    ch_pos: u32,
    /// Offset of the byte after `ch`.
    read: usize,
    /// The previous token allows a newline to become a semicolon.
    nlsemi: bool,
    /// The current token.
    pub tok: Token,
    pub diags: Vec<Diagnostic>,
    pub directives: Vec<Directive>,
    pub line_directives: Vec<LineDirective>,
    /// Per directive: whether only blanks precede it on its line.
    pub directive_blank: Vec<bool>,
    /// The file's own name (the default for `//line :line:col`).
    pub file_name: String,
}

fn is_letter(c: i32) -> bool {
    (b'a' as i32..=b'z' as i32).contains(&(c | 0x20)) || c == b'_' as i32
}

fn is_decimal(c: i32) -> bool {
    (b'0' as i32..=b'9' as i32).contains(&c)
}

fn is_hex(c: i32) -> bool {
    is_decimal(c) || (b'a' as i32..=b'f' as i32).contains(&(c | 0x20))
}

fn lower(c: i32) -> i32 {
    c | 0x20
}

fn base_name(base: u32) -> &'static str {
    match base {
        2 => "binary",
        8 => "octal",
        10 => "decimal",
        _ => "hexadecimal",
    }
}

/// Decodes one UTF-8 sequence at the start of `b`: (char, width), or `None` if invalid.
fn decode_utf8(b: &[u8]) -> Option<(u32, usize)> {
    let b0 = *b.first()? as u32;
    let (len, init) = match b0 {
        0x00..=0x7F => return Some((b0, 1)),
        0xC2..=0xDF => (2, b0 & 0x1F),
        0xE0..=0xEF => (3, b0 & 0x0F),
        0xF0..=0xF4 => (4, b0 & 0x07),
        _ => return None,
    };
    if b.len() < len {
        return None;
    }
    let mut c = init;
    for &x in &b[1..len] {
        if x & 0xC0 != 0x80 {
            return None;
        }
        c = (c << 6) | (x as u32 & 0x3F);
    }
    let min = [0, 0, 0x80, 0x800, 0x10000][len];
    if c < min || c > 0x10FFFF || (0xD800..0xE000).contains(&c) {
        return None;
    }
    Some((c, len))
}

fn in_table(table: &[(u32, u32)], c: u32) -> bool {
    let i = table.partition_point(|&(_, hi)| hi < c);
    table.get(i).is_some_and(|&(lo, _)| lo <= c)
}

/// Go's `unicode.IsLetter` for non-ASCII characters.
fn is_unicode_letter(c: u32) -> bool {
    in_table(crate::unicode_tables::LETTERS, c)
}

/// Go's `unicode.IsDigit` for non-ASCII characters.
fn is_unicode_digit(c: u32) -> bool {
    in_table(crate::unicode_tables::DIGITS, c)
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a [u8]) -> Lexer<'a> {
        let mut lx = Lexer {
            src,
            ch: b' ' as i32,
            ch_pos: 0,
            read: 0,
            nlsemi: false,
            tok: Token {
                tok: Tok::Eof,
                pos: Pos(0),
                lit: String::new(),
                kind: LitKind::Int,
                op: Op::None,
                prec: 0,
            },
            diags: Vec::new(),
            directives: Vec::new(),
            line_directives: Vec::new(),
            file_name: String::new(),
            directive_blank: Vec::new(),
        };
        lx.nextch();
        lx
    }

    /// Length of the source in bytes.
    pub fn len(&self) -> usize {
        self.src.len()
    }

    fn error_at(&mut self, pos: u32, msg: impl Into<String>) {
        self.diags.push(Diagnostic {
            pos: Pos(pos),
            message: msg.into(),
        });
    }

    /// Error at the current character.
    fn errorf(&mut self, msg: impl Into<String>) {
        self.error_at(self.ch_pos, msg);
    }

    /// Advances to the next character, skipping (and reporting) NUL, invalid UTF-8 and
    /// a BOM that is not the first character.
    fn nextch(&mut self) {
        loop {
            self.ch_pos = self.read as u32;
            let Some(&b) = self.src.get(self.read) else {
                self.ch = -1;
                return;
            };
            if b < 0x80 {
                self.read += 1;
                if b == 0 {
                    self.errorf("invalid NUL character");
                    continue;
                }
                self.ch = b as i32;
                return;
            }
            match decode_utf8(&self.src[self.read..]) {
                None => {
                    self.read += 1;
                    self.errorf("invalid UTF-8 encoding");
                    continue;
                }
                Some((c, w)) => {
                    self.read += w;
                    if c == 0xFEFF {
                        if self.ch_pos > 0 {
                            self.errorf("invalid BOM in the middle of the file");
                        }
                        continue;
                    }
                    self.ch = c as i32;
                    return;
                }
            }
        }
    }

    fn peek_byte(&self) -> Option<u8> {
        self.src.get(self.read).copied()
    }

    fn text(&self, start: u32) -> String {
        String::from_utf8_lossy(&self.src[start as usize..self.ch_pos as usize]).into_owned()
    }

    /// Scans the next token into `self.tok`.
    pub fn next(&mut self) {
        let nlsemi = self.nlsemi;
        self.nlsemi = false;
        self.tok.op = Op::None;
        self.tok.prec = 0;
        loop {
            while self.ch == b' ' as i32
                || self.ch == b'\t' as i32
                || (self.ch == b'\n' as i32 && !nlsemi)
                || self.ch == b'\r' as i32
            {
                self.nextch();
            }
            let start = self.ch_pos;
            self.tok.pos = Pos(start);
            let c = self.ch;
            if is_letter(c) || (c >= 0x80 && self.at_ident_char(true)) {
                self.nextch();
                self.ident(start);
                return;
            }
            let c = if c < 0 { 0u8 } else { c as u8 };
            if self.ch < 0 {
                if nlsemi {
                    self.set(Tok::Semi);
                    self.tok.lit = "EOF".into();
                } else {
                    self.set(Tok::Eof);
                }
                return;
            }
            match c {
                b'\n' => {
                    self.nextch();
                    self.set(Tok::Semi);
                    self.tok.lit = "newline".into();
                }
                b'0'..=b'9' => self.number(start, false),
                b'"' => self.std_string(start),
                b'`' => self.raw_string(start),
                b'\'' => self.rune(start),
                b'(' => self.single(Tok::Lparen),
                b'[' => self.single(Tok::Lbrack),
                b'{' => self.single(Tok::Lbrace),
                b',' => self.single(Tok::Comma),
                b';' => {
                    self.single(Tok::Semi);
                    self.tok.lit = "semicolon".into();
                }
                b')' => {
                    self.single(Tok::Rparen);
                    self.nlsemi = true;
                }
                b']' => {
                    self.single(Tok::Rbrack);
                    self.nlsemi = true;
                }
                b'}' => {
                    self.single(Tok::Rbrace);
                    self.nlsemi = true;
                }
                b':' => {
                    self.nextch();
                    if self.ch == b'=' as i32 {
                        self.single(Tok::Define);
                    } else {
                        self.set(Tok::Colon);
                    }
                }
                b'.' => {
                    self.nextch();
                    if is_decimal(self.ch) {
                        self.number(start, true);
                    } else if self.ch == b'.' as i32 && self.peek_byte() == Some(b'.') {
                        self.nextch();
                        self.nextch();
                        self.set(Tok::DotDotDot);
                    } else {
                        self.set(Tok::Dot);
                    }
                }
                b'+' | b'-' => {
                    self.nextch();
                    let op = if c == b'+' { Op::Add } else { Op::Sub };
                    if self.ch == c as i32 {
                        self.nextch();
                        self.nlsemi = true;
                        self.set_op(Tok::IncOp, op, 4);
                    } else {
                        self.assign_op(op, 4);
                    }
                }
                b'*' => {
                    self.nextch();
                    if self.ch == b'=' as i32 {
                        self.nextch();
                        self.set_op(Tok::AssignOp, Op::Mul, 5);
                    } else {
                        self.set_op(Tok::Star, Op::Mul, 5);
                    }
                }
                b'/' => {
                    self.nextch();
                    if self.ch == b'/' as i32 {
                        self.nextch();
                        self.line_comment(start);
                        continue;
                    }
                    if self.ch == b'*' as i32 {
                        self.nextch();
                        let had_newline = self.full_comment(start);
                        if had_newline && nlsemi {
                            self.tok.pos = Pos(start);
                            self.set(Tok::Semi);
                            self.tok.lit = "newline".into();
                            return;
                        }
                        continue;
                    }
                    self.assign_op(Op::Div, 5);
                }
                b'%' => {
                    self.nextch();
                    self.assign_op(Op::Rem, 5);
                }
                b'&' => {
                    self.nextch();
                    if self.ch == b'&' as i32 {
                        self.nextch();
                        self.set_op(Tok::Operator, Op::AndAnd, 2);
                    } else if self.ch == b'^' as i32 {
                        self.nextch();
                        self.assign_op(Op::AndNot, 5);
                    } else {
                        self.assign_op(Op::And, 5);
                    }
                }
                b'|' => {
                    self.nextch();
                    if self.ch == b'|' as i32 {
                        self.nextch();
                        self.set_op(Tok::Operator, Op::OrOr, 1);
                    } else {
                        self.assign_op(Op::Or, 4);
                    }
                }
                b'^' => {
                    self.nextch();
                    self.assign_op(Op::Xor, 4);
                }
                b'<' => {
                    self.nextch();
                    if self.ch == b'=' as i32 {
                        self.nextch();
                        self.set_op(Tok::Operator, Op::Leq, 3);
                    } else if self.ch == b'<' as i32 {
                        self.nextch();
                        self.assign_op(Op::Shl, 5);
                    } else if self.ch == b'-' as i32 {
                        self.nextch();
                        self.set(Tok::Arrow);
                    } else {
                        self.set_op(Tok::Operator, Op::Lss, 3);
                    }
                }
                b'>' => {
                    self.nextch();
                    if self.ch == b'=' as i32 {
                        self.nextch();
                        self.set_op(Tok::Operator, Op::Geq, 3);
                    } else if self.ch == b'>' as i32 {
                        self.nextch();
                        self.assign_op(Op::Shr, 5);
                    } else {
                        self.set_op(Tok::Operator, Op::Gtr, 3);
                    }
                }
                b'=' => {
                    self.nextch();
                    if self.ch == b'=' as i32 {
                        self.nextch();
                        self.set_op(Tok::Operator, Op::Eql, 3);
                    } else {
                        self.set(Tok::Assign);
                    }
                }
                b'!' => {
                    self.nextch();
                    if self.ch == b'=' as i32 {
                        self.nextch();
                        self.set_op(Tok::Operator, Op::Neq, 3);
                    } else {
                        self.set_op(Tok::Operator, Op::Not, 0);
                    }
                }
                b'~' => {
                    self.nextch();
                    self.set_op(Tok::Operator, Op::Tilde, 0);
                }
                _ => {
                    self.errorf(format!("invalid character {}", unicode_plus(c as u32)));
                    self.nextch();
                    continue;
                }
            }
            return;
        }
    }

    fn set(&mut self, t: Tok) {
        self.tok.tok = t;
    }

    fn single(&mut self, t: Tok) {
        self.nextch();
        self.tok.tok = t;
    }

    fn set_op(&mut self, t: Tok, op: Op, prec: u8) {
        self.tok.tok = t;
        self.tok.op = op;
        self.tok.prec = prec;
    }

    /// `op` or `op=`.
    fn assign_op(&mut self, op: Op, prec: u8) {
        if self.ch == b'=' as i32 {
            self.nextch();
            self.set_op(Tok::AssignOp, op, prec);
        } else {
            self.set_op(Tok::Operator, op, prec);
        }
    }

    /// Whether the current (non-ASCII) character continues an identifier; reports
    /// digits at the start and other non-letters as gc does.
    fn at_ident_char(&mut self, first: bool) -> bool {
        let c = self.ch;
        if c < 0 {
            return false;
        }
        let c = c as u32;
        if is_unicode_letter(c) || c == '_' as u32 {
            return true;
        }
        if is_unicode_digit(c) {
            if first {
                self.errorf(format!(
                    "identifier cannot begin with digit {}",
                    unicode_plus(c)
                ));
            }
            return true;
        }
        if c >= 0x80 {
            // gc reports any other non-ASCII character and keeps it in the identifier.
            self.errorf(format!(
                "invalid character {} in identifier",
                unicode_plus(c)
            ));
            return true;
        }
        false
    }

    fn ident(&mut self, start: u32) {
        loop {
            if is_letter(self.ch) || is_decimal(self.ch) {
                self.nextch();
            } else if self.ch >= 0x80 && self.at_ident_char(false) {
                self.nextch();
            } else {
                break;
            }
        }
        let s = &self.src[start as usize..self.ch_pos as usize];
        if let Some(kw) = Tok::keyword(s) {
            self.nlsemi = matches!(
                kw,
                Tok::Break | Tok::Continue | Tok::Fallthrough | Tok::Return
            );
            self.set(kw);
            return;
        }
        self.nlsemi = true;
        self.tok.lit = self.text(start);
        self.set(Tok::Name);
    }

    fn set_lit(&mut self, start: u32, kind: LitKind) {
        self.nlsemi = true;
        self.tok.tok = Tok::Literal;
        self.tok.kind = kind;
        self.tok.lit = self.text(start);
    }

    /// Scans digits of `base` (and `_`); returns bit 0 = digit seen, bit 1 = `_` seen.
    /// Records in `invalid` the offset of the first digit not valid in `base` (≤ 10).
    fn digits(&mut self, base: u32, invalid: &mut Option<u32>) -> u32 {
        let mut digsep = 0;
        if base <= 10 {
            let max = b'0' as i32 + base as i32;
            while is_decimal(self.ch) || self.ch == b'_' as i32 {
                let mut ds = 1;
                if self.ch == b'_' as i32 {
                    ds = 2;
                } else if self.ch >= max && invalid.is_none() {
                    *invalid = Some(self.ch_pos);
                }
                digsep |= ds;
                self.nextch();
            }
        } else {
            while is_hex(self.ch) || self.ch == b'_' as i32 {
                digsep |= if self.ch == b'_' as i32 { 2 } else { 1 };
                self.nextch();
            }
        }
        digsep
    }

    fn number(&mut self, start: u32, mut seen_point: bool) {
        let mut ok = true;
        let mut kind = LitKind::Int;
        let mut base = 10;
        let mut prefix = 0u8;
        let mut digsep = 0;
        let mut invalid = None;
        if !seen_point {
            if self.ch == b'0' as i32 {
                self.nextch();
                let l = if (0..0x80).contains(&self.ch) {
                    lower(self.ch) as u8
                } else {
                    0
                };
                match l {
                    b'x' => {
                        self.nextch();
                        base = 16;
                        prefix = b'x';
                    }
                    b'o' => {
                        self.nextch();
                        base = 8;
                        prefix = b'o';
                    }
                    b'b' => {
                        self.nextch();
                        base = 2;
                        prefix = b'b';
                    }
                    _ => {
                        base = 8;
                        prefix = b'0';
                        digsep = 1;
                    }
                }
            }
            digsep |= self.digits(base, &mut invalid);
            if self.ch == b'.' as i32 {
                if prefix == b'o' || prefix == b'b' {
                    self.errorf(format!(
                        "invalid radix point in {} literal",
                        base_name(base)
                    ));
                    ok = false;
                }
                self.nextch();
                seen_point = true;
            }
        }
        if seen_point {
            kind = LitKind::Float;
            digsep |= self.digits(base, &mut invalid);
        }
        if digsep & 1 == 0 && ok {
            self.errorf(format!("{} literal has no digits", base_name(base)));
            ok = false;
        }
        let e = lower(self.ch);
        if self.ch >= 0 && (e == b'e' as i32 || e == b'p' as i32) {
            if ok {
                if e == b'e' as i32 && prefix != 0 && prefix != b'0' {
                    self.errorf(format!(
                        "'{}' exponent requires decimal mantissa",
                        self.ch as u8 as char
                    ));
                    ok = false;
                } else if e == b'p' as i32 && prefix != b'x' {
                    self.errorf(format!(
                        "'{}' exponent requires hexadecimal mantissa",
                        self.ch as u8 as char
                    ));
                    ok = false;
                }
            }
            self.nextch();
            kind = LitKind::Float;
            if self.ch == b'+' as i32 || self.ch == b'-' as i32 {
                self.nextch();
            }
            let mut none = None;
            digsep = self.digits(10, &mut none) | (digsep & 2);
            if digsep & 1 == 0 && ok {
                self.errorf("exponent has no digits");
                ok = false;
            }
        } else if prefix == b'x' && kind == LitKind::Float && ok {
            self.errorf("hexadecimal mantissa requires a 'p' exponent");
            ok = false;
        }
        if self.ch == b'i' as i32 {
            kind = LitKind::Imag;
            self.nextch();
        }
        self.set_lit(start, kind);
        if kind == LitKind::Int
            && ok
            && let Some(at) = invalid
        {
            let d = self.src[at as usize] as char;
            self.error_at(
                at,
                format!("invalid digit '{}' in {} literal", d, base_name(base)),
            );
            ok = false;
        }
        if digsep & 2 != 0
            && ok
            && let Some(i) = invalid_sep(self.tok.lit.as_bytes())
        {
            self.error_at(start + i as u32, "'_' must separate successive digits");
        }
    }

    /// Scans an escape after `\` (the current char is the one after the backslash).
    /// Returns false if it was invalid (and reported).
    fn escape(&mut self, quote: u8) -> bool {
        let c = self.ch;
        let (n, base, max): (u32, u32, u32) = match c {
            _ if c == quote as i32 => {
                self.nextch();
                return true;
            }
            0x61 | 0x62 | 0x66 | 0x6e | 0x72 | 0x74 | 0x76 | 0x5c => {
                // a b f n r t v backslash
                self.nextch();
                return true;
            }
            0x30..=0x37 => (3, 8, 255),
            0x78 => {
                self.nextch();
                (2, 16, 255)
            }
            0x75 => {
                self.nextch();
                (4, 16, 0x10FFFF)
            }
            0x55 => {
                self.nextch();
                (8, 16, 0x10FFFF)
            }
            _ => {
                if c < 0 {
                    return true; // the caller reports the unterminated literal
                }
                self.errorf("unknown escape");
                return false;
            }
        };
        let mut x: u32 = 0;
        for _ in 0..n {
            if self.ch < 0 {
                return true;
            }
            let d = if is_decimal(self.ch) {
                (self.ch - b'0' as i32) as u32
            } else if is_hex(self.ch) {
                (lower(self.ch) - b'a' as i32 + 10) as u32
            } else {
                base
            };
            if d >= base {
                let ch = char::from_u32(self.ch as u32).unwrap_or('\u{FFFD}');
                self.errorf(format!(
                    "invalid character {:?} in {} escape",
                    ch,
                    base_name(base)
                ));
                return false;
            }
            x = x.wrapping_mul(base).wrapping_add(d);
            self.nextch();
        }
        if x > max && base == 8 {
            self.errorf(format!("octal escape value {} > 255", x));
            return false;
        }
        if x > max || (0xD800..0xE000).contains(&x) {
            self.errorf(format!(
                "escape is invalid Unicode code point {}",
                unicode_plus(x)
            ));
            return false;
        }
        true
    }

    fn rune(&mut self, start: u32) {
        let mut ok = true;
        self.nextch();
        let mut n = 0;
        loop {
            if self.ch == b'\'' as i32 {
                if ok {
                    if n == 0 {
                        self.errorf("empty rune literal or unescaped '");
                    } else if n != 1 {
                        self.error_at(start, "more than one character in rune literal");
                    }
                }
                self.nextch();
                break;
            }
            if self.ch == b'\\' as i32 {
                self.nextch();
                if !self.escape(b'\'') {
                    ok = false;
                }
                n += 1;
                continue;
            }
            if self.ch == b'\n' as i32 {
                if ok {
                    self.errorf("newline in rune literal");
                }
                break;
            }
            if self.ch < 0 {
                if ok {
                    self.error_at(start, "rune literal not terminated");
                }
                break;
            }
            n += 1;
            self.nextch();
        }
        self.set_lit(start, LitKind::Char);
    }

    fn std_string(&mut self, start: u32) {
        self.nextch();
        loop {
            if self.ch == b'"' as i32 {
                self.nextch();
                break;
            }
            if self.ch == b'\\' as i32 {
                self.nextch();
                self.escape(b'"');
                continue;
            }
            if self.ch == b'\n' as i32 {
                self.errorf("newline in string");
                break;
            }
            if self.ch < 0 {
                self.error_at(start, "string not terminated");
                break;
            }
            self.nextch();
        }
        self.set_lit(start, LitKind::String);
    }

    fn raw_string(&mut self, start: u32) {
        self.nextch();
        loop {
            if self.ch == b'`' as i32 {
                self.nextch();
                break;
            }
            if self.ch < 0 {
                self.error_at(start, "string not terminated");
                break;
            }
            self.nextch();
        }
        self.set_lit(start, LitKind::String);
    }

    /// After `//`: skips to the end of the line (the newline stays for the next token),
    /// recording `//go:` directives.
    fn line_comment(&mut self, start: u32) {
        while self.ch >= 0 && self.ch != b'\n' as i32 {
            self.nextch();
        }
        let text = &self.src[start as usize..self.ch_pos as usize];
        let at_line_start = start == 0 || self.src[start as usize - 1] == b'\n';
        if at_line_start && text.starts_with(b"//line ") {
            let mut t = &text[7..];
            if t.last() == Some(&b'\r') {
                t = &t[..t.len() - 1];
            }
            let t = String::from_utf8_lossy(t).into_owned();
            // applies from the start of the next line
            self.line_directive(start + 7, &t, self.ch_pos + 1);
        }
        if text.starts_with(b"//go:") {
            let mut s = String::from_utf8_lossy(text).into_owned();
            if s.ends_with('\r') {
                s.pop();
            }
            let line_start = self.src[..start as usize]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let blank = self.src[line_start..start as usize]
                .iter()
                .all(|&b| b == b' ' || b == b'\t' || b == b'\r');
            self.directives.push(Directive {
                pos: Pos(start),
                text: s,
            });
            self.directive_blank.push(blank);
        }
    }

    /// After `/*`: skips the comment; returns whether it contained a newline.
    fn full_comment(&mut self, start: u32) -> bool {
        let mut newline = false;
        while self.ch >= 0 {
            if self.ch == b'*' as i32 {
                self.nextch();
                if self.ch == b'/' as i32 {
                    self.nextch();
                    let text = &self.src[start as usize..self.ch_pos as usize];
                    if text.starts_with(b"/*line ") {
                        let t = String::from_utf8_lossy(&text[7..text.len() - 2]).into_owned();
                        let end = self.ch_pos;
                        self.line_directive(start + 7, &t, end);
                    }
                    return newline;
                }
                continue;
            }
            if self.ch == b'\n' as i32 {
                newline = true;
            }
            self.nextch();
        }
        self.error_at(start, "comment not terminated");
        newline
    }
}

impl Lexer<'_> {
    /// Records a line directive `text` (`file:line` or `file:line:col`, found at offset
    /// `text_pos`) taking effect at offset `at`; malformed numbers are reported.
    fn line_directive(&mut self, text_pos: u32, text: &str, at: u32) {
        const POS_MAX: u64 = 1 << 30;
        fn digits(s: &str) -> Option<u64> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        }
        let Some(c1) = text.rfind(':') else { return };
        let i = c1 + 1;
        let Some(n) = digits(&text[i..]) else {
            self.error_at(
                text_pos + i as u32,
                format!("invalid line number: {}", &text[i..]),
            );
            return;
        };
        let (line, col, name_end, line_at);
        match text[..c1]
            .rfind(':')
            .and_then(|c2| digits(&text[c2 + 1..c1]).map(|l| (c2, l)))
        {
            Some((c2, l)) => {
                // file:line:col
                if n == 0 || n > POS_MAX {
                    self.error_at(
                        text_pos + i as u32,
                        format!("invalid column number: {}", &text[i..]),
                    );
                    return;
                }
                line = l;
                col = n;
                name_end = c2;
                line_at = c2 + 1;
            }
            None => {
                line = n;
                col = 0;
                name_end = c1;
                line_at = i;
            }
        }
        if line == 0 || line > POS_MAX {
            let end = if col == 0 { text.len() } else { c1 };
            self.error_at(
                text_pos + line_at as u32,
                format!("invalid line number: {}", &text[line_at..end]),
            );
            return;
        }
        let mut filename = text[..name_end].to_string();
        if filename.is_empty() && col != 0 {
            filename = match self.line_directives.last() {
                Some(d) => d.filename.clone(),
                None => self.file_name.clone(),
            };
        }
        self.line_directives.push(LineDirective {
            pos: Pos(at),
            filename,
            line: line as u32,
            col: col as u32,
        });
    }
}

/// Index of the first misplaced `_` in a number literal, as gc defines it.
fn invalid_sep(x: &[u8]) -> Option<usize> {
    let mut x1 = b' ';
    let mut d = b'.';
    let mut i = 0;
    if x.len() >= 2 && x[0] == b'0' {
        x1 = x[1] | 0x20;
        if x1 == b'x' || x1 == b'o' || x1 == b'b' {
            d = b'0';
            i = 2;
        }
    }
    while i < x.len() {
        let p = d;
        d = x[i];
        if d == b'_' {
            if p != b'0' {
                return Some(i);
            }
        } else if d.is_ascii_digit() || (x1 == b'x' && d.is_ascii_hexdigit()) {
            d = b'0';
        } else {
            if p == b'_' {
                return Some(i - 1);
            }
            d = b'.';
        }
        i += 1;
    }
    if d == b'_' {
        return Some(x.len() - 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<String> {
        let mut lx = Lexer::new(src.as_bytes());
        let mut out = Vec::new();
        loop {
            lx.next();
            let t = &lx.tok;
            out.push(match t.tok {
                Tok::Name | Tok::Literal | Tok::Semi => format!("{:?}({})", t.tok, t.lit),
                Tok::Operator | Tok::AssignOp | Tok::IncOp | Tok::Star => {
                    format!("{:?}({})", t.tok, t.op.as_str())
                }
                _ => format!("{:?}", t.tok),
            });
            if t.tok == Tok::Eof {
                break;
            }
        }
        out
    }

    #[test]
    fn basics() {
        assert_eq!(
            toks("x := a[1] /* c\n */ y"),
            [
                "Name(x)",
                "Define",
                "Name(a)",
                "Lbrack",
                "Literal(1)",
                "Rbrack",
                "Semi(newline)",
                "Name(y)",
                "Semi(EOF)",
                "Eof"
            ]
        );
        assert_eq!(toks("return\n")[..2], ["Return", "Semi(newline)"]);
        assert_eq!(
            toks("x &^= 0x1p-2i")[1..3],
            ["AssignOp(&^)", "Literal(0x1p-2i)"]
        );
        assert_eq!(toks("a...")[1], "DotDotDot");
        assert_eq!(toks(".5e3")[0], "Literal(.5e3)");
    }

    #[test]
    fn errors() {
        for (src, want) in [
            ("0x", "hexadecimal literal has no digits"),
            ("09", "invalid digit '9' in octal literal"),
            ("1__0", "'_' must separate successive digits"),
            ("'ab'", "more than one character in rune literal"),
            ("\"\\q\"", "unknown escape"),
            ("@", "invalid character U+0040 '@'"),
            ("\"abc", "string not terminated"),
            ("/* x", "comment not terminated"),
            ("a\0b", "invalid NUL character"),
        ] {
            let mut lx = Lexer::new(src.as_bytes());
            loop {
                lx.next();
                if lx.tok.tok == Tok::Eof {
                    break;
                }
            }
            assert_eq!(
                lx.diags.first().map(|d| d.message.as_str()),
                Some(want),
                "{src}"
            );
        }
    }
}
