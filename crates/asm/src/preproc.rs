//! The assembler's small C-like preprocessor over lexed lines: `#include`
//! (only the built-in "textflag.h"), `#define` (object-like and function-like),
//! `#undef`, `#ifdef`/`#ifndef`/`#else`/`#endif`, and macro expansion.
//!
//! It must not know instructions or operands; it only rewrites token lines.

use crate::Diagnostic;
use crate::lexer::{Line, Tok, Token};
use std::collections::HashMap;

/// gc's runtime/textflag.h values (the numbers are part of the object file ABI in gc;
/// rgo only uses them as a bit set).
pub const TEXTFLAGS: &[(&str, u64)] = &[
    ("NOPROF", 1),
    ("DUPOK", 2),
    ("NOSPLIT", 4),
    ("RODATA", 8),
    ("NOPTR", 16),
    ("WRAPPER", 32),
    ("NEEDCTXT", 64),
    ("TLSBSS", 256),
    ("NOFRAME", 512),
    ("REFLECTMETHOD", 1024),
    ("TOPFRAME", 2048),
    ("ABIWRAPPER", 4096),
];

struct Macro {
    params: Option<Vec<String>>,
    body: Vec<Token>,
}

pub fn preprocess(file: &str, lines: Vec<Line>) -> Result<Vec<Line>, Vec<Diagnostic>> {
    let mut macros: HashMap<String, Macro> = HashMap::new();
    let mut out = Vec::new();
    let mut errs = Vec::new();
    // Conditional stack: (this branch active, an enclosing branch active).
    let mut conds: Vec<(bool, bool)> = Vec::new();
    let err = |errs: &mut Vec<Diagnostic>, t: &Token, msg: String| {
        errs.push(Diagnostic { file: file.to_string(), line: t.line, col: Some(t.col), message: msg });
    };
    for l in lines {
        let active = conds.iter().all(|c| c.0);
        if l.toks[0].is("#") {
            let Some(Token { tok: Tok::Ident(dir), .. }) = l.toks.get(1) else {
                err(&mut errs, &l.toks[0], "malformed # directive".into());
                continue;
            };
            let name = match l.toks.get(2) {
                Some(Token { tok: Tok::Ident(n), .. }) => Some(n.clone()),
                _ => None,
            };
            match dir.as_str() {
                "ifdef" | "ifndef" => {
                    let Some(n) = name else {
                        err(&mut errs, &l.toks[0], format!("#{dir} needs a name"));
                        continue;
                    };
                    let defined = macros.contains_key(&n);
                    conds.push(((dir == "ifdef") == defined, active));
                }
                "else" => match conds.last_mut() {
                    Some(c) => c.0 = !c.0,
                    None => err(&mut errs, &l.toks[0], "#else without #ifdef".into()),
                },
                "endif" => {
                    if conds.pop().is_none() {
                        err(&mut errs, &l.toks[0], "#endif without #ifdef".into());
                    }
                }
                _ if !active => {}
                "include" => match l.toks.get(2).map(|t| &t.tok) {
                    Some(Tok::Str(s)) if s == b"textflag.h" => {
                        for (n, v) in TEXTFLAGS {
                            let body = vec![Token { tok: Tok::Int(*v), line: l.line, col: 1 }];
                            macros.insert(n.to_string(), Macro { params: None, body });
                        }
                    }
                    Some(Tok::Str(s)) => err(
                        &mut errs,
                        &l.toks[2],
                        format!("#include \"{}\": only \"textflag.h\" is available", String::from_utf8_lossy(s)),
                    ),
                    _ => err(&mut errs, &l.toks[0], "malformed #include".into()),
                },
                "define" => {
                    let Some(n) = name else {
                        err(&mut errs, &l.toks[0], "#define needs a name".into());
                        continue;
                    };
                    let mut rest = &l.toks[3..];
                    let mut params = None;
                    // Function-like only when `(` follows the name with no space.
                    if let Some(p) = rest.first()
                        && p.is("(")
                        && p.col == l.toks[2].col + n.chars().count() as u32
                    {
                        let mut ps = Vec::new();
                        let mut j = 1;
                        loop {
                            match rest.get(j) {
                                Some(t) if t.is(")") => break,
                                Some(t) if t.is(",") => {}
                                Some(Token { tok: Tok::Ident(p), .. }) => ps.push(p.clone()),
                                _ => {
                                    err(&mut errs, &l.toks[0], "malformed macro parameters".into());
                                    break;
                                }
                            }
                            j += 1;
                        }
                        rest = &rest[(j + 1).min(rest.len())..];
                        params = Some(ps);
                    }
                    macros.insert(n, Macro { params, body: rest.to_vec() });
                }
                "undef" => {
                    if let Some(n) = name {
                        macros.remove(&n);
                    }
                }
                other => err(&mut errs, &l.toks[0], format!("unknown directive #{other}")),
            }
            continue;
        }
        if !active {
            continue;
        }
        let mut toks = Vec::new();
        expand(&l.toks, &macros, &mut Vec::new(), &mut toks);
        out.push(Line { line: l.line, toks });
    }
    if !conds.is_empty() {
        errs.push(Diagnostic { file: file.to_string(), line: 0, col: None, message: "missing #endif".into() });
    }
    if errs.is_empty() { Ok(out) } else { Err(errs) }
}

/// Expands macros in `toks` into `out`. `active` holds the macros being expanded, so a
/// macro that mentions itself stops (as in C). Expanded tokens keep the line of the use.
fn expand(toks: &[Token], macros: &HashMap<String, Macro>, active: &mut Vec<String>, out: &mut Vec<Token>) {
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        i += 1;
        let Tok::Ident(name) = &t.tok else {
            out.push(t.clone());
            continue;
        };
        let Some(m) = macros.get(name).filter(|_| !active.contains(name)) else {
            out.push(t.clone());
            continue;
        };
        let relocate = |b: &Token| Token { tok: b.tok.clone(), line: t.line, col: t.col };
        let body: Vec<Token> = match &m.params {
            None => m.body.iter().map(relocate).collect(),
            Some(params) => {
                if !toks.get(i).is_some_and(|t| t.is("(")) {
                    out.push(t.clone());
                    continue;
                }
                // Collect the arguments: split on top-level commas.
                let mut args: Vec<Vec<Token>> = vec![Vec::new()];
                let mut depth = 0;
                i += 1;
                while i < toks.len() {
                    let a = &toks[i];
                    i += 1;
                    if a.is("(") {
                        depth += 1;
                    } else if a.is(")") {
                        if depth == 0 {
                            break;
                        }
                        depth -= 1;
                    } else if a.is(",") && depth == 0 {
                        args.push(Vec::new());
                        continue;
                    }
                    args.last_mut().unwrap().push(a.clone());
                }
                let mut b = Vec::new();
                for bt in &m.body {
                    match &bt.tok {
                        Tok::Ident(p) if params.contains(p) => {
                            let k = params.iter().position(|q| q == p).unwrap();
                            // Arguments are expanded before substitution.
                            let mut ex = Vec::new();
                            expand(args.get(k).map(|v| &v[..]).unwrap_or(&[]), macros, active, &mut ex);
                            b.extend(ex);
                        }
                        _ => b.push(relocate(bt)),
                    }
                }
                b
            }
        };
        active.push(name.clone());
        expand(&body, macros, active, out);
        active.pop();
    }
}
