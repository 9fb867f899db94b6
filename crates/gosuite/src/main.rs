//! rgo-gosuite: runs the `// run` tests (or, with `--mode errorcheck`, the
//! `// errorcheck` tests) of Go 1.19's test suite with a given compiler, the way Go's
//! test/run.go does for those actions, and checks them against the committed list of
//! passing tests.
//!
//! The driver is a straight list of phases: options → discover → select → run → report
//! → update the list → exit status. The harness knows nothing of rgo's crates: it only
//! runs `COMPILER build -o OUT FILE…`, so it can judge gc (through a wrapper) as well.

mod constraint;
mod discover;
mod errmatch;
mod errorcheck;
mod exec;
mod goregex;
mod imports;
mod list;
mod mode;
mod options;
mod pool;
mod recipe;
mod report;
mod runner;
mod wanted;

use std::collections::BTreeSet;
use std::io::Write;
use std::process::ExitCode;

use discover::Test;
use imports::Class;

fn main() -> ExitCode {
    let opts = match options::parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("rgo-gosuite: {e}");
            }
            eprint!("{}", options::USAGE);
            return ExitCode::from(2);
        }
    };
    match run(&opts) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("rgo-gosuite: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(opts: &options::Options) -> Result<ExitCode, String> {
    // Discover: every test of the mode's kind in the suite, classified.
    let all = discover::discover(&opts.root, opts.mode).map_err(|e| format!("reading the suite at {}: {e}", opts.root.display()))?;

    // Select: --filter and --class narrow the set; skipped tests are reported, not run.
    let selected: Vec<&Test> = all
        .iter()
        .filter(|t| opts.filters.is_empty() || opts.filters.iter().any(|f| t.path.contains(f.as_str())))
        .filter(|t| opts.classes.contains(&t.class))
        .collect();
    let (to_run, skipped): (Vec<&Test>, Vec<&Test>) = selected.iter().partition(|t| t.skip.is_none());

    if opts.count_only {
        if opts.verbose {
            // One line per selected test, for checking the classification by hand.
            for t in &selected {
                let recipe = if t.plain { "plain" } else { "args" };
                let skip = t.skip.as_ref().map(|s| format!(" SKIP {}", s.reason())).unwrap_or_default();
                println!("{} {} {recipe}{skip}", t.path, t.class.name());
            }
        }
        print!("{}", counts(opts.mode, &all, &to_run, &skipped));
        return Ok(ExitCode::SUCCESS);
    }

    let listed = match &opts.list {
        Some(path) => list::read(path).map_err(|e| format!("reading {}: {e}", path.display()))?,
        None => BTreeSet::new(),
    };
    let known: BTreeSet<&str> = all.iter().map(|t| t.path.as_str()).collect();
    for missing in listed.iter().filter(|p| !known.contains(p.as_str())) {
        eprintln!(
            "rgo-gosuite: warning: listed test {missing} is not a `// {}` test of {}",
            opts.mode.action(),
            opts.root.display()
        );
    }

    // Run: in parallel, each test in its own directory under one temp root.
    let compiler = opts.compiler.clone().expect("checked by options::parse");
    // A relative compiler path must still work once the child runs in the test root.
    let compiler = std::path::absolute(&compiler).map_err(|e| format!("{}: {e}", compiler.display()))?;
    let cfg = runner::Config {
        mode: opts.mode,
        compiler,
        root: opts.root.clone(),
        build_timeout: opts.build_timeout,
        run_timeout: opts.run_timeout,
    };
    let work_root = std::env::temp_dir().join(format!("rgo-gosuite-{}", std::process::id()));
    let total = to_run.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let on_done = |i: usize, r: &pool::Result| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if opts.verbose {
            let status = if r.outcome.passed() { "PASS" } else { "FAIL" };
            println!("{status} {} ({})", to_run[i].path, r.outcome.reason());
            if !r.outcome.passed() && !r.output.is_empty() {
                let text = String::from_utf8_lossy(&r.output);
                for line in text.lines().take(40) {
                    println!("    | {line}");
                }
            }
            let _ = std::io::stdout().flush();
        } else if n.is_multiple_of(100) {
            // Progress for long CI runs, on stderr so stdout stays the report.
            eprintln!("rgo-gosuite: {n}/{total}");
        }
    };
    let results = pool::run_all(&cfg, &to_run, opts.jobs, &work_root, opts.verbose, &on_done);
    let _ = std::fs::remove_dir_all(&work_root);

    // Report.
    let ran: Vec<(&Test, &runner::Outcome)> = to_run.iter().copied().zip(results.iter().map(|r| &r.outcome)).collect();
    let summary = report::summarize(&ran, &skipped, &listed, opts.verbose);

    // Update the list: only ever add.
    let mut update_note = String::new();
    if opts.update
        && let Some(path) = &opts.list
        && !summary.newly_passing.is_empty()
    {
        let mut grown = listed.clone();
        grown.extend(summary.newly_passing.iter().cloned());
        list::write(path, &grown).map_err(|e| format!("writing {}: {e}", path.display()))?;
        update_note = format!("added {} tests to {}\n", summary.newly_passing.len(), path.display());
    }
    print!("{update_note}");
    println!("{}", summary.text);

    Ok(if summary.regressions > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// The numbers behind the project's goals: how many tests of the mode there are (`// run`
/// or `// errorcheck`), how many are skipped and why, and the import classes (also for
/// the plain-recipe subset, which is what DESIGN.md counts for `// run`).
fn counts(mode: mode::Mode, all: &[Test], to_run: &[&Test], skipped: &[&Test]) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let plain = |ts: &[&Test]| ts.iter().filter(|t| t.plain).count();
    let _ = writeln!(s, "`// {}` tests in {}: {}", mode.action(), mode.dirs().join(" "), all.len());
    let by_constraint: Vec<&Test> = skipped.iter().copied().filter(|t| matches!(t.skip, Some(discover::Skip::Constraint(_)))).collect();
    let _ = writeln!(
        s,
        "selected: {}; skipped by build constraints: {} (plain recipe: {}); skipped for flags: {}",
        to_run.len() + skipped.len(),
        by_constraint.len(),
        plain(&by_constraint),
        skipped.len() - by_constraint.len()
    );
    let _ = writeln!(s, "to run: {} (plain recipe: {}, with arguments, flags or extra files: {})", to_run.len(), plain(to_run), to_run.len() - plain(to_run));
    // Per directory and class, to relate the goals' numbers (which leave out typeparam/)
    // to the whole set.
    let _ = writeln!(s, "{:<18} {:>5} {:>5} {:>5} {:>5}", "to run", "none", "rt", "other", "total");
    let dirs: Vec<&str> = mode.dirs().iter().copied().chain(["all", "all but typeparam"]).collect();
    for dir in dirs {
        let in_dir: Vec<&Test> = to_run
            .iter()
            .copied()
            .filter(|t| match dir {
                "all" => true,
                "all but typeparam" => !report::is_generics(t),
                "." => !t.path.contains('/'),
                d => t.path.starts_with(&format!("{d}/")),
            })
            .collect();
        let n = |c: Class| in_dir.iter().filter(|t| t.class == c).count();
        let _ = writeln!(s, "{dir:<18} {:>5} {:>5} {:>5} {:>5}", n(Class::None), n(Class::Rt), n(Class::Other), in_dir.len());
    }
    s
}
