//! Seeded random mutation: real Go files with bytes or tokens deleted, inserted,
//! swapped or duplicated must parse without panicking or hanging. Deterministic
//! (fixed seed) and bounded (a few thousand inputs).

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// xorshift64*: tiny deterministic PRNG (no dependencies).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const SNIPPETS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ";",
    "\n",
    ":",
    ".",
    "...",
    ":=",
    "=",
    "<-",
    "*",
    "&",
    "~",
    "|",
    "func",
    "type",
    "interface",
    "struct",
    "chan",
    "map",
    "case",
    "default",
    "if",
    "else",
    "for",
    "range",
    "go",
    "defer",
    "return",
    "switch",
    "select",
    "var",
    "const",
    "import",
    "package",
    "\"",
    "`",
    "'",
    "/*",
    "//",
    "0x",
    "1e",
    "x",
    "_",
    "\u{FEFF}",
    "\0",
    "\u{00B7}",
    "[]int{",
    "func(",
    "case x:",
    "L:",
    "goto L",
    ".(type)",
    "f[int]",
];

fn sources() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut names: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names {
        if p.extension().and_then(|e| e.to_str()) == Some("go") {
            out.push(std::fs::read(&p).unwrap());
        }
    }
    // a few real-world files if the Go distribution is installed
    for f in [
        "/usr/lib/go-1.19/src/fmt/print.go",
        "/usr/lib/go-1.19/src/sort/sort.go",
        "/usr/lib/go-1.19/src/strings/builder.go",
        "/usr/lib/go-1.19/src/go/ast/walk.go",
        "/usr/share/go-1.19/test/typeparam/list2.go",
        "/usr/share/go-1.19/test/chan/select3.go",
    ] {
        if let Ok(b) = std::fs::read(f) {
            out.push(b);
        }
    }
    out
}

fn mutate(rng: &mut Rng, src: &[u8]) -> Vec<u8> {
    let mut v = src.to_vec();
    for _ in 0..1 + rng.below(4) {
        let n = v.len();
        let at = rng.below(n + 1);
        match rng.below(6) {
            0 if n > 0 => {
                let len = 1 + rng.below(8.min(n - at.min(n - 1)));
                let at = at.min(n - 1);
                v.drain(at..(at + len).min(n));
            }
            1 => {
                let s = SNIPPETS[rng.below(SNIPPETS.len())].as_bytes();
                v.splice(at..at, s.iter().copied());
            }
            2 => {
                v.insert(at, rng.next() as u8);
            }
            3 if n > 2 => {
                // swap two short chunks
                let a = rng.below(n - 1);
                let b = rng.below(n - 1);
                let (a, b) = (a.min(b), a.max(b));
                let len = (1 + rng.below(6)).min(b - a).min(n - b);
                for k in 0..len {
                    v.swap(a + k, b + k);
                }
            }
            4 if n > 0 => {
                // duplicate a chunk
                let a = rng.below(n);
                let len = (1 + rng.below(40)).min(n - a);
                let chunk: Vec<u8> = v[a..a + len].to_vec();
                v.splice(at..at, chunk);
            }
            _ => {
                if at < n {
                    v.truncate(at);
                }
            }
        }
    }
    v
}

#[test]
fn mutated_sources_do_not_panic_or_hang() {
    let srcs = sources();
    // RGO_MUTATIONS=N[,SEED] runs a longer campaign (default: 3000 inputs, fixed seed)
    let (count, seed) = match std::env::var("RGO_MUTATIONS") {
        Ok(v) => {
            let mut it = v.split(',');
            let n = it.next().and_then(|x| x.parse().ok()).unwrap_or(3000);
            let s = it
                .next()
                .and_then(|x| x.parse().ok())
                .unwrap_or(0x5EED_0F_60_1_19);
            (n, s)
        }
        Err(_) => (3000usize, 0x5EED_0F_60_1_19u64),
    };
    let mut rng = Rng(seed);
    let mut inputs = Vec::new();
    for i in 0..count {
        let src = &srcs[i % srcs.len()];
        inputs.push(mutate(&mut rng, src));
    }
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        for (i, inp) in inputs.iter().enumerate() {
            let r = std::panic::catch_unwind(|| rgo_syntax::parse_file_bytes("m.go", inp));
            if r.is_err() {
                let _ = tx.send(Err((i, String::from_utf8_lossy(inp).into_owned())));
                return;
            }
            let _ = tx.send(Ok(i));
        }
    });
    let mut done = 0;
    loop {
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(Ok(_)) => done += 1,
            Ok(Err((i, src))) => panic!("parser panicked on mutation {i}:\n{src}"),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("parser hangs on mutation {done}"),
        }
    }
    worker.join().unwrap();
    assert_eq!(done, count);
}

#[test]
fn deep_nesting_is_reported_not_overflowed() {
    for (open, close) in [
        ("(", ")"),
        ("[]", ""),
        ("*", ""),
        ("-", ""),
        ("{", "}"),
        ("func() {", "}"),
    ] {
        let n = 100_000;
        let mut src = String::from("package p\nvar x = ");
        if open == "{" || open == "func() {" {
            src = String::from("package p\nfunc f() ");
        }
        for _ in 0..n {
            src.push_str(open);
        }
        src.push('x');
        for _ in 0..n {
            src.push_str(close);
        }
        let (_, diags) = rgo_syntax::parse_file("deep.go", &src);
        assert!(!diags.is_empty(), "nesting {open} not reported");
    }
    // moderate nesting is fine
    let mut src = String::from("package p\nvar x = ");
    src.push_str(&"(".repeat(1000));
    src.push('1');
    src.push_str(&")".repeat(1000));
    let (_, diags) = rgo_syntax::parse_file("ok.go", &src);
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn long_chains_are_bounded() {
    // just under the limit: parses, and the tree can be dropped on a test thread
    for (sep, n) in [(".a", 9_000), ("+a", 9_000), ("[0]", 9_000), ("()", 9_000)] {
        let src = format!("package p\nvar x = a{}\n", sep.repeat(n));
        let (_, diags) = rgo_syntax::parse_file("chain.go", &src);
        assert!(diags.is_empty(), "{sep}: {diags:?}");
    }
    let src = format!("package p\nvar x = a{}\n", ".a".repeat(50_000));
    let (_, diags) = rgo_syntax::parse_file("chain.go", &src);
    assert_eq!(diags[0].message, "syntax error: nesting too deep");
}
