//! Robustness: parse every `.go` file of the Go 1.19 distribution (if installed).
//! No file may panic; files that gc accepts (std sources outside `testdata`) must parse
//! without diagnostics. Skips gracefully when the directories are missing.

use rgo_syntax::ast::*;
use rgo_syntax::visit::{Visitor, walk_file};
use std::path::{Path, PathBuf};

/// Checks the AST invariants the checker relies on: ids unique and below
/// `node_count`; an identifier expression shares its ident's id and position;
/// identifiers and literals sit at their text in the source.
struct Invariants<'a> {
    src: &'a [u8],
    seen: Vec<bool>,
    errors: Vec<String>,
}

impl Invariants<'_> {
    fn id(&mut self, id: NodeId, what: &str) {
        let i = id.0 as usize;
        if i >= self.seen.len() {
            self.errors.push(format!("{what}: id {i} >= node_count"));
        } else if self.seen[i] {
            self.errors.push(format!("{what}: duplicate id {i}"));
        } else {
            self.seen[i] = true;
        }
    }
    fn text_at(&mut self, pos: Pos, text: &str, what: &str) {
        let p = pos.0 as usize;
        if self.src.get(p..p + text.len()) != Some(text.as_bytes()) {
            self.errors.push(format!("{what} {text:?} not at {p}"));
        }
    }
}

impl Visitor for Invariants<'_> {
    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Ident(i) => {
                if i.id != e.id || i.pos != e.pos {
                    self.errors
                        .push(format!("ident expr {} id/pos mismatch", i.name));
                }
                self.id(e.id, "ident expr");
                self.text_at(i.pos, &i.name, "ident");
            }
            ExprKind::BasicLit(l) => {
                self.id(e.id, "lit");
                if l.pos != e.pos {
                    self.errors.push("literal pos".into());
                }
                self.text_at(l.pos, &l.raw, "literal");
            }
            _ => self.id(e.id, "expr"),
        }
    }
    fn ident(&mut self, i: &Ident) {
        self.id(i.id, "ident");
        if i.name != "." {
            self.text_at(i.pos, &i.name, "ident");
        }
    }
    fn case_clause(&mut self, c: &CaseClause) {
        self.id(c.id, "case clause");
    }
}

const ROOTS: [&str; 2] = ["/usr/lib/go-1.19/src", "/usr/share/go-1.19/test"];

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            collect(&p, out);
        } else if ft.is_file() && p.extension().and_then(|x| x.to_str()) == Some("go") {
            out.push(p);
        }
    }
}

#[test]
fn parse_go_distribution() {
    // the recursive invariant walk needs more than a test thread's default stack on
    // the deepest std trees (long operator chains)
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(parse_go_distribution_inner)
        .unwrap()
        .join()
        .unwrap();
}

fn expr_depth(e: &Expr) -> usize {
    // depth through operator/selector/call chains, computed recursively
    fn d(e: &Expr) -> usize {
        1 + match &e.kind {
            ExprKind::Binary { x, y, .. } => d(x).max(d(y)),
            ExprKind::Selector { x, .. }
            | ExprKind::Call { fun: x, .. }
            | ExprKind::Index { x, .. }
            | ExprKind::Paren(x)
            | ExprKind::Star(x)
            | ExprKind::Unary { x, .. } => d(x),
            _ => 0,
        }
    }
    d(e)
}

struct MaxDepth(usize);
impl Visitor for MaxDepth {
    fn expr(&mut self, e: &Expr) {
        let d = expr_depth(e);
        if d > self.0 {
            self.0 = d;
        }
    }
}

fn parse_go_distribution_inner() {
    let mut files = Vec::new();
    for r in ROOTS {
        collect(Path::new(r), &mut files);
    }
    if files.is_empty() {
        eprintln!("Go 1.19 sources not installed; skipping");
        return;
    }
    files.sort();
    let mut parsed = 0;
    let mut clean = 0;
    let mut must_be_clean = 0;
    let mut panics = Vec::new();
    let mut unexpected = Vec::new();
    let mut bad_invariants: Vec<String> = Vec::new();
    let mut deepest = (0usize, String::new());
    for path in &files {
        let Ok(src) = std::fs::read(path) else {
            continue;
        };
        let name = path.to_string_lossy().into_owned();
        let res = std::panic::catch_unwind(|| rgo_syntax::parse_file_bytes(&name, &src));
        let Ok((file, diags)) = res else {
            panics.push(name);
            continue;
        };
        parsed += 1;
        if diags.is_empty() {
            clean += 1;
        }
        let expect_clean = name.starts_with(ROOTS[0]) && !name.contains("/testdata/");
        if expect_clean {
            must_be_clean += 1;
            if !diags.is_empty() {
                unexpected.push(diags[0].render(&file));
            }
        }
        if diags.is_empty() {
            let mut md = MaxDepth(0);
            walk_file(&mut md, &file);
            if md.0 > deepest.0 {
                deepest = (md.0, name.clone());
            }
            let mut inv = Invariants {
                src: &src,
                seen: vec![false; file.node_count as usize],
                errors: Vec::new(),
            };
            walk_file(&mut inv, &file);
            if let Some(e) = inv.errors.first() {
                bad_invariants.push(format!("{name}: {e}"));
            }
        }
    }
    eprintln!(
        "robustness: {} files parsed, {} without diagnostics; {} std files expected clean, {} not; {} panics",
        parsed,
        clean,
        must_be_clean,
        unexpected.len(),
        panics.len()
    );
    for u in unexpected.iter().take(50) {
        eprintln!("  {}", u);
    }
    eprintln!("deepest expression: {} levels in {}", deepest.0, deepest.1);
    for b in bad_invariants.iter().take(20) {
        eprintln!("  invariant: {}", b);
    }
    assert!(panics.is_empty(), "panics in: {:?}", panics);
    assert!(
        bad_invariants.is_empty(),
        "{} files break AST invariants",
        bad_invariants.len()
    );
    assert!(
        unexpected.is_empty(),
        "{} std files gave diagnostics",
        unexpected.len()
    );
}
