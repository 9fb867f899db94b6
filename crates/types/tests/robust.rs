//! Robustness: the checker must never panic, whatever the parser hands it.
//!
//! Every `.go` file of Go's test suite (errorcheck tests included: they are full of
//! deliberate mistakes) is parsed and checked; then a seeded random mutation of each
//! (bytes deleted, duplicated or swapped) is checked too. Skipped when the suite is
//! not installed. Deterministic: the seed is fixed.

use std::path::{Path, PathBuf};

const SUITE: &str = "/usr/share/go-1.19/test";

fn go_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            go_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "go") {
            out.push(p);
        }
    }
}

/// xorshift64*: a small deterministic generator for the mutations.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn check(name: &str, src: &str) {
    let (file, _) = rgo_syntax::parse_file(name, src);
    let files = vec![file];
    let _ = rgo_types::check_package(&files, "main");
}

fn mutate(rng: &mut Rng, src: &[u8]) -> Vec<u8> {
    let mut b = src.to_vec();
    for _ in 0..1 + rng.below(4) {
        if b.is_empty() {
            break;
        }
        let i = rng.below(b.len());
        let n = 1 + rng.below(16).min(b.len() - i - 1);
        match rng.below(3) {
            0 => {
                b.drain(i..i + n);
            }
            1 => {
                let chunk: Vec<u8> = b[i..i + n].to_vec();
                let j = rng.below(b.len());
                b.splice(j..j, chunk);
            }
            _ => {
                let j = rng.below(b.len());
                b.swap(i, j);
            }
        }
    }
    b
}

#[test]
fn checker_never_panics_on_the_suite_and_mutations() {
    // Long operator chains (`"a" + "b" + ...` thousands deep) recurse deeply; rgo runs
    // its compiler on a thread with a large stack too.
    std::thread::Builder::new().stack_size(512 << 20).spawn(run).unwrap().join().unwrap();
}

fn run() {
    let mut files = vec![];
    go_files(Path::new(SUITE), &mut files);
    if files.is_empty() {
        eprintln!("skipped: {SUITE} is not installed");
        return;
    }
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let mut checked = 0;
    for p in &files {
        let Ok(bytes) = std::fs::read(p) else { continue };
        let name = p.to_string_lossy();
        let src = String::from_utf8_lossy(&bytes);
        if std::env::var_os("RGO_ROBUST_TRACE").is_some() {
            eprintln!("{name}");
        }
        check(&name, &src);
        let m = mutate(&mut rng, &bytes);
        check(&name, &String::from_utf8_lossy(&m));
        checked += 2;
    }
    eprintln!("checked {checked} files");
}
