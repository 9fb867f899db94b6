//! Lexer for gc's Plan 9 assembly: source text → tokens, one `Vec<Token>` per
//! logical line (backslash-newline joined, comments removed).
//!
//! It knows characters and token shapes only; it must not know instructions,
//! registers, directives or macros (that is `preproc` and `parse`).

use crate::Diagnostic;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// Identifier; `·` is already `.` and `∕` is already `/`.
    Ident(String),
    Int(u64),
    Float(f64),
    Str(Vec<u8>),
    /// Punctuation and operators: `( ) , $ + - * / % & | ^ ~ : ; < > << >> <> # !`.
    Punct(&'static str),
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
    pub col: u32,
}

impl Token {
    pub fn is(&self, p: &str) -> bool {
        matches!(&self.tok, Tok::Punct(q) if *q == p)
    }
}

/// One logical source line (a `#define` with `\` continuations is one line).
pub struct Line {
    pub line: u32,
    pub toks: Vec<Token>,
}

const PUNCTS: &[&str] = &[
    "<<", ">>", "<>", "(", ")", ",", "$", "+", "-", "*", "/", "%", "&", "|", "^", "~", ":", ";", "<", ">", "#", "!",
    "=",
];

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '·' || c == '∕' || c == '.'
}

fn is_ident_char(c: char) -> bool {
    is_ident_start(c) || c.is_ascii_digit()
}

pub fn lex(file: &str, src: &str) -> Result<Vec<Line>, Vec<Diagnostic>> {
    let mut errs = Vec::new();
    let mut lines = Vec::new();
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut line: u32 = 1;
    let mut col: u32 = 1;
    let mut cur = Line { line: 1, toks: Vec::new() };
    let err = |errs: &mut Vec<Diagnostic>, line: u32, col: u32, msg: String| {
        errs.push(Diagnostic { file: file.to_string(), line, col: Some(col), message: msg });
    };
    while i < chars.len() {
        let c = chars[i];
        let (tl, tc) = (line, col);
        macro_rules! adv {
            () => {{
                if chars[i] == '\n' {
                    line += 1;
                    col = 1;
                } else {
                    col += 1;
                }
                i += 1;
            }};
        }
        if c == '\n' {
            adv!();
            let done = std::mem::replace(&mut cur, Line { line, toks: Vec::new() });
            if !done.toks.is_empty() {
                lines.push(done);
            }
            continue;
        }
        if c == '\\' && chars.get(i + 1) == Some(&'\n') {
            // Line continuation: the logical line goes on.
            adv!();
            adv!();
            continue;
        }
        if c.is_whitespace() {
            adv!();
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                adv!();
            }
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            adv!();
            adv!();
            loop {
                if i >= chars.len() {
                    err(&mut errs, tl, tc, "unterminated /* comment".into());
                    break;
                }
                if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    adv!();
                    adv!();
                    break;
                }
                adv!();
            }
            continue;
        }
        let tok = if is_ident_start(c) {
            let mut s = String::new();
            while i < chars.len() && is_ident_char(chars[i]) {
                s.push(match chars[i] {
                    '·' => '.',
                    '∕' => '/',
                    x => x,
                });
                adv!();
            }
            Tok::Ident(s)
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                // Exponent signs belong to a float: 1e-3.
                if (chars[i] == 'e' || chars[i] == 'E')
                    && !chars[start..i].iter().any(|&c| c == 'x' || c == 'X')
                    && matches!(chars.get(i + 1), Some('+') | Some('-'))
                {
                    adv!();
                }
                adv!();
            }
            let text: String = chars[start..i].iter().collect();
            match parse_number(&text) {
                Some(t) => t,
                None => {
                    err(&mut errs, tl, tc, format!("malformed number {text}"));
                    Tok::Int(0)
                }
            }
        } else if c == '"' || c == '\'' {
            let quote = c;
            adv!();
            let mut bytes = Vec::new();
            loop {
                if i >= chars.len() || chars[i] == '\n' {
                    err(&mut errs, tl, tc, "unterminated string or character literal".into());
                    break;
                }
                let ch = chars[i];
                adv!();
                if ch == quote {
                    break;
                }
                if ch != '\\' {
                    let mut buf = [0u8; 4];
                    bytes.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                    continue;
                }
                let Some(&e) = chars.get(i) else { break };
                adv!();
                let b = match e {
                    'n' => b'\n',
                    't' => b'\t',
                    'r' => b'\r',
                    'a' => 7,
                    'b' => 8,
                    'f' => 12,
                    'v' => 11,
                    '\\' => b'\\',
                    '\'' => b'\'',
                    '"' => b'"',
                    'x' => {
                        let mut v = 0u32;
                        for _ in 0..2 {
                            match chars.get(i).and_then(|c| c.to_digit(16)) {
                                Some(d) => {
                                    v = v * 16 + d;
                                    adv!();
                                }
                                None => err(&mut errs, line, col, "bad \\x escape".into()),
                            }
                        }
                        v as u8
                    }
                    '0'..='7' => {
                        let mut v = e.to_digit(8).unwrap();
                        for _ in 0..2 {
                            match chars.get(i).and_then(|c| c.to_digit(8)) {
                                Some(d) => {
                                    v = v * 8 + d;
                                    adv!();
                                }
                                None => break,
                            }
                        }
                        v as u8
                    }
                    other => {
                        err(&mut errs, line, col, format!("unknown escape \\{other}"));
                        0
                    }
                };
                bytes.push(b);
            }
            if quote == '"' {
                Tok::Str(bytes)
            } else {
                // A character constant is its code point.
                let s = String::from_utf8_lossy(&bytes).into_owned();
                let mut cs = s.chars();
                match (cs.next(), cs.next()) {
                    (Some(ch), None) => Tok::Int(ch as u64),
                    _ => {
                        err(&mut errs, tl, tc, "character constant must hold one character".into());
                        Tok::Int(0)
                    }
                }
            }
        } else {
            let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
            match PUNCTS.iter().find(|p| rest.starts_with(*p)) {
                Some(p) => {
                    for _ in 0..p.chars().count() {
                        adv!();
                    }
                    Tok::Punct(p)
                }
                None => {
                    err(&mut errs, tl, tc, format!("unexpected character {c:?}"));
                    adv!();
                    continue;
                }
            }
        };
        cur.toks.push(Token { tok, line: tl, col: tc });
    }
    if !cur.toks.is_empty() {
        lines.push(cur);
    }
    if errs.is_empty() { Ok(lines) } else { Err(errs) }
}

fn parse_number(t: &str) -> Option<Tok> {
    let lower = t.to_ascii_lowercase();
    if let Some(h) = lower.strip_prefix("0x") {
        return u64::from_str_radix(h, 16).ok().map(Tok::Int);
    }
    if let Some(b) = lower.strip_prefix("0b") {
        return u64::from_str_radix(b, 2).ok().map(Tok::Int);
    }
    if lower.contains('.') || lower.contains('e') {
        return lower.parse::<f64>().ok().map(Tok::Float);
    }
    if lower.len() > 1 && lower.starts_with('0') {
        return u64::from_str_radix(&lower[1..], 8).ok().map(Tok::Int);
    }
    lower.parse::<u64>().ok().map(Tok::Int)
}
